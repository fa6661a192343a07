"""Hospital location checks: is each point where its row says it is?

A hospital row states its province (and, in the covid19.go.id list, its kabupaten/kota);
its point may say otherwise. Real examples in the public list: 20 hospitals from seven
provinces share one point off Belitung (a geocoder's default), RS Kristen Lende Moripa
(Sumba Barat Daya, NTT) among them; Rote Ndao's hospital sits on Kupang. Such points
would feed coverage and siting with hours that belong to another island.

:func:`check_locations` works on arrays and returns one row per point: the problem found
and the rule that repaired it. Problems (``problem``):

- ``other_province``: the point lies in another province's polygon (and is not near
  its own);
- ``no_province``: in no province polygon;
- ``near_province``: outside the stated province's polygon but within ``near_km`` of it
  or inside the stated kabupaten/kota: kept as given (simplified coastlines and borders,
  islets the simplification dropped);
- ``shared_point``: the same point as another hospital (to 1e-5 degrees, about 1 m).

Repair rules (``rule``), tried in this order:

1. ``latitude_sign``: the mirrored latitude lies in the stated province, and in the
   stated kabupaten/kota where that is known (the sign was lost; exact, not
   approximate);
2. ``area_point``: a point inside the stated kabupaten/kota (its polygon's
   representative point; approximate), when the row names one that is known and that
   point lies in the stated province;
3. ``province_capital``: the stated province's capital (approximate);
4. ``dropped``: none of the above is known; the point leaves routing.

A shared point whose stated kabupaten/kota contains it is kept (``as_given``: two
hospitals on one campus are common); one whose kabupaten/kota does not is moved by rule
2, and one whose kabupaten/kota is unknown is kept and marked approximate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.crosswalk import code_for_name
from geo.settings import LOCATION_NEAR_PROVINCE_KM, LOCATION_TOLERANCE_DEG
from geo.travel import haversine_m

PROBLEMS = ("other_province", "no_province", "near_province", "shared_point")
RULES = ("as_given", "latitude_sign", "area_point", "province_capital", "dropped")
LOCATION_COLUMNS = [
    "problem",
    "rule",
    "approximate",
    "found_province",
    "lon_given",
    "lat_given",
    "lon",
    "lat",
    "moved_km",
]


def check_locations(
    lon: np.ndarray,
    lat: np.ndarray,
    province_code: np.ndarray,
    *,
    provinces: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame | None = None,
    area_id: np.ndarray | None = None,
    near_km: float = LOCATION_NEAR_PROVINCE_KM,
    tolerance_deg: float = LOCATION_TOLERANCE_DEG,
) -> pd.DataFrame:
    """Check each point against its stated province (and kabupaten/kota) and repair it.

    Parameters
    ----------
    lon, lat : array of float
        The points as given, degrees (EPSG:4326).
    province_code : array of int
        The stated province of each point (the row's, not the point's).
    provinces : GeoDataFrame
        ``code``, polygon ``geometry``, ``capital_lon``, ``capital_lat``.
    areas : GeoDataFrame, optional
        Kabupaten/kota polygons: ``area_id`` and ``geometry``.
    area_id : array of object, optional
        The stated kabupaten/kota of each point (an ``area_id`` of ``areas``, or None).
    near_km : float
        A point outside its stated province but within this many km of it is kept.
    tolerance_deg : float
        Polygons are widened by this many degrees before a containment test (their
        coastlines are simplified).

    Returns
    -------
    DataFrame
        One row per point, in order: ``problem`` ("" when none), ``rule`` (see module
        docstring), ``approximate`` (bool), ``found_province`` (the province whose
        polygon holds the given point, -1 for none), ``lon_given, lat_given``, ``lon,
        lat`` (NaN when dropped) and ``moved_km``.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    codes = np.asarray(province_code)
    stated = _Stated(_stated_polygons(provinces), codes, areas, area_id, tolerance_deg)
    # a point whose stated province has no polygon here cannot be checked: left as given
    numeric = pd.to_numeric(pd.Series(codes), errors="coerce").to_numpy()
    checkable = np.isin(numeric, np.array(list(stated.polys), dtype=float))
    found = _province_at(provinces, lon, lat)
    outside = ~(stated.inside(lon, lat) | ~checkable)
    problem = _problems(stated, lon, lat, outside, found, near_km=near_km)
    wrong = np.isin(problem, ("other_province", "no_province"))
    mirrored = _lost_sign(stated, wrong, lon, lat)
    # shared points (not already explained by a lost sign)
    shared = _shared_points(lon, lat) & ~mirrored & checkable
    problem[shared & (problem == "")] = "shared_point"
    out_lon, out_lat, rule, approximate = _repair(
        stated, lon, lat, wrong=wrong, mirrored=mirrored, shared=shared, provinces=provinces
    )
    moved = haversine_m(lon, lat, out_lon, out_lat) / 1000.0
    return pd.DataFrame(
        {
            "problem": problem,
            "rule": rule,
            "approximate": approximate,
            "found_province": found,
            "lon_given": lon,
            "lat_given": lat,
            "lon": out_lon,
            "lat": out_lat,
            "moved_km": np.where(rule == "as_given", 0.0, moved),
        }
    )


@dataclass(frozen=True)
class _Stated:
    """What each row states (its province, and its kabupaten/kota when known) and the
    containment tests against it, polygons widened by ``tolerance_deg``."""

    polys: dict[int, shapely.Geometry]
    codes: np.ndarray
    areas: gpd.GeoDataFrame | None
    area_id: np.ndarray | None
    tolerance_deg: float

    @property
    def has_areas(self) -> bool:
        """Whether the rows state a kabupaten/kota with polygons to test it against."""
        return self.areas is not None and self.area_id is not None

    def inside(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether each point lies in its stated province."""
        return _inside(self.polys, self.codes, x, y, self.tolerance_deg)

    def in_area(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether each point lies in its stated kabupaten/kota."""
        return _inside_area(self.areas, self.area_id, x, y, self.tolerance_deg)


def _problems(
    stated: _Stated,
    lon: np.ndarray,
    lat: np.ndarray,
    outside: np.ndarray,
    found: np.ndarray,
    *,
    near_km: float,
) -> np.ndarray:
    """The problem of each point outside its stated province: near it (or inside the
    stated kabupaten/kota), in another province, or in none ("" for the others)."""
    n = len(lon)
    problem = np.full(n, "", dtype=object)
    if outside.any():
        near = np.zeros(n, dtype=bool)
        dist_km = _distance_km(stated.polys, stated.codes[outside], lon[outside], lat[outside])
        near[np.flatnonzero(outside)[dist_km <= near_km]] = True
        if stated.has_areas:
            near |= outside & stated.in_area(lon, lat)
        problem[outside & near] = "near_province"
        problem[outside & ~near & (found >= 0)] = "other_province"
        problem[outside & ~near & (found < 0)] = "no_province"
    return problem


def _lost_sign(stated: _Stated, wrong: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Wrong points whose mirrored point lies in the stated province (and in the stated
    kabupaten/kota where that is known: near the equator a mirrored point can land in
    the right province and still far from the hospital)."""
    mirrored = wrong & stated.inside(lon, -lat)
    if stated.has_areas and mirrored.any():
        known = pd.notna(_area_geoms(stated.areas, stated.area_id))
        mirrored &= ~known | stated.in_area(lon, -lat)
    return mirrored


def _repair(
    stated: _Stated,
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    wrong: np.ndarray,
    mirrored: np.ndarray,
    shared: np.ndarray,
    provinces: gpd.GeoDataFrame,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The repair rules in their order (see the module): the repaired ``lon, lat``
    (NaN when dropped), each point's ``rule`` and whether it is ``approximate``."""
    n = len(lon)
    out_lon, out_lat = lon.copy(), lat.copy()
    rule = np.full(n, "as_given", dtype=object)
    approximate = np.zeros(n, dtype=bool)
    # 1. the latitude lost its sign
    out_lat[mirrored] = -lat[mirrored]
    rule[mirrored] = "latitude_sign"
    shared_ok = np.zeros(n, dtype=bool)
    if stated.has_areas:
        shared_ok = shared & ~wrong & stated.in_area(lon, lat)
    move = (wrong & ~mirrored) | (shared & ~wrong & ~shared_ok)
    # 2. a point inside the stated kabupaten/kota
    if stated.has_areas and move.any():
        ax, ay = _area_points(stated.areas, stated.area_id)
        ok = move & np.isfinite(ax) & stated.inside(ax, ay)
        out_lon[ok], out_lat[ok] = ax[ok], ay[ok]
        rule[ok], approximate[ok] = "area_point", True
        move &= ~ok
    # a shared point with no kabupaten/kota to test it against stays, marked approximate
    unknown_shared = move & shared & ~wrong
    approximate[unknown_shared] = True
    move &= ~unknown_shared
    # 3. the stated province's capital, else 4. dropped
    cx, cy = _capitals(provinces, stated.codes)
    cap = move & np.isfinite(cx) & np.isfinite(cy)
    out_lon[cap], out_lat[cap] = cx[cap], cy[cap]
    rule[cap], approximate[cap] = "province_capital", True
    gone = move & ~cap
    out_lon[gone], out_lat[gone] = np.nan, np.nan
    rule[gone] = "dropped"
    return out_lon, out_lat, rule, approximate


def _stated_polygons(provinces: gpd.GeoDataFrame) -> dict[int, shapely.Geometry]:
    """Each province's (non-empty) polygon by code, prepared for containment tests."""
    polys = {int(c): g for c, g in zip(provinces["code"], provinces.geometry, strict=True)}
    polys = {c: g for c, g in polys.items() if isinstance(g, shapely.Geometry) and not g.is_empty}
    for geom in polys.values():
        shapely.prepare(geom)
    return polys


def _shared_points(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Points at the same place as another (to 1e-5 degrees, about 1 m)."""
    key = pd.Series(list(zip(np.round(lon, 5), np.round(lat, 5), strict=True)))
    return (key.map(key.value_counts()) > 1).to_numpy()


def _capitals(provinces: gpd.GeoDataFrame, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The capital (lon, lat) of each point's stated province (NaN when unknown)."""
    capitals = provinces.set_index(provinces["code"].astype(int))
    cx = pd.Series(codes).map(capitals["capital_lon"]).to_numpy(dtype=float)
    cy = pd.Series(codes).map(capitals["capital_lat"]).to_numpy(dtype=float)
    return cx, cy


def location_counts(table: pd.DataFrame) -> dict:
    """Counts for a load report or a page: problems found, rules applied, approximate."""
    return {
        "checked": int(len(table)),
        "problems": {p: int((table["problem"] == p).sum()) for p in PROBLEMS},
        "rules": {r: int((table["rule"] == r).sum()) for r in RULES if r != "as_given"},
        "approximate": int(table["approximate"].sum()),
    }


def location_note(table: pd.DataFrame) -> str:
    """One line for a load report."""
    c = location_counts(table)
    p, r = c["problems"], c["rules"]
    return (
        f"location check: {p['other_province']} points in another province, "
        f"{p['no_province']} in none (and {p['near_province']} just outside their "
        f"province's polygon, kept), {p['shared_point']} sharing a point with another hospital; "
        f"repaired: {r['latitude_sign']} by the mirrored latitude, {r['area_point']} to "
        f"a point in their kabupaten/kota, {r['province_capital']} to their province's "
        f"capital; {r['dropped']} dropped; {c['approximate']} approximate"
    )


# ----------------------------------------------------------------- kabupaten/kota names


def area_key(name: object) -> tuple[bool, str]:
    """``(is_kota, name)`` of a kabupaten/kota as written in any list: 'KOTA BOGOR' ->
    (True, 'BOGOR'), 'Kab. Bogor' / 'BOGOR' -> (False, 'BOGOR'); a trailing ', PROVINCE'
    is cut and 'KEP.' read as 'KEPULAUAN'."""
    text = re.sub(r"\s+", " ", str(name or "").split(",")[0].strip().upper())
    kota = bool(re.match(r"^KOTA\b", text))
    text = re.sub(r"^(KOTA ADMINISTRASI|KOTA|KABUPATEN|KAB\.?)\s+", "", text)
    text = re.sub(r"\bKEP\.\s*", "KEPULAUAN ", text)
    return kota, re.sub(r"[^A-Z0-9]", "", text)


def match_areas(names: pd.Series, province_code: pd.Series, areas: pd.DataFrame) -> np.ndarray:
    """The ``area_id`` each stated kabupaten/kota name matches, or None.

    ``areas`` has ``area_id``, ``name``, ``province_name``, ``kota`` (bool) and
    optionally ``other_name`` (another spelling, also matched). A name
    matches an area of the same name and kind (kota or kabupaten) in the stated province;
    failing that, the only area of that name in the province (lists often drop 'KOTA',
    e.g. 'JAKARTA SELATAN'); failing that, the only area of that name and kind in the
    country (boundary files older than a province split, e.g. Kalimantan Utara in 2012).
    """
    spellings = [areas.assign(_name=areas["name"])]
    if "other_name" in areas:  # a second spelling of the same area (e.g. the file's own)
        spellings.append(areas.assign(_name=areas["other_name"]).dropna(subset=["_name"]))
    table = pd.concat(spellings, ignore_index=True)
    table = table.assign(
        _code=table["province_name"].map(code_for_name),
        _key=table["_name"].map(lambda s: area_key(s)[1]),
    ).drop_duplicates(["area_id", "_key"])
    by_kind = _unique_index(table, ["_code", "kota", "_key"])
    by_name = _unique_index(table, ["_code", "_key"])
    national = _unique_index(table, ["kota", "_key"])
    out = np.full(len(names), None, dtype=object)
    for i, (name, code) in enumerate(zip(names, province_code, strict=True)):
        if name is None or (isinstance(name, float) and np.isnan(name)) or not str(name):
            continue
        kota, key = area_key(name)
        code = int(code) if pd.notna(code) else None
        out[i] = (
            by_kind.get((code, kota, key)) or by_name.get((code, key)) or national.get((kota, key))
        )
    return out


def _unique_index(table: pd.DataFrame, columns: list[str]) -> dict:
    groups = table.groupby(columns, dropna=False)["area_id"].agg(lambda ids: sorted(set(ids)))
    return {k: ids[0] for k, ids in groups.items() if len(ids) == 1}


# ----------------------------------------------------------------------------- geometry


def _inside(
    polys: dict[int, shapely.Geometry],
    codes: np.ndarray,
    lon: np.ndarray,
    lat: np.ndarray,
    tol: float,
) -> np.ndarray:
    """Whether each point lies within ``tol`` degrees of its stated province's polygon
    (one vectorised test per province)."""
    result = np.zeros(len(lon), dtype=bool)
    numeric = pd.to_numeric(pd.Series(codes), errors="coerce").to_numpy()
    for code, geom in polys.items():
        sel = (numeric == code) & np.isfinite(lon) & np.isfinite(lat)
        if sel.any() and geom.geom_type != "Point":
            result[sel] = shapely.dwithin(geom, shapely.points(lon[sel], lat[sel]), tol)
    return result


def _province_at(provinces: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The code of the province polygon holding each point, -1 for none."""
    found = np.full(len(lon), -1, dtype=int)
    tree = shapely.STRtree(provinces.geometry.to_numpy())
    pts, polys = tree.query(shapely.points(lon, lat), predicate="within")
    found[pts] = provinces["code"].to_numpy(dtype=int)[polys]
    return found


def _distance_km(
    polys: dict[int, shapely.Geometry], codes: np.ndarray, lon: np.ndarray, lat: np.ndarray
) -> np.ndarray:
    """Distance from each point to the nearest point of its stated province, km
    (geodesic between the point and the polygon's nearest point)."""
    out = np.full(len(lon), np.inf)
    for i, (code, x, y) in enumerate(zip(codes, lon, lat, strict=True)):
        geom = polys.get(int(code)) if pd.notna(code) else None
        if geom is None:
            continue
        near = shapely.ops.nearest_points(geom, shapely.Point(x, y))[0]
        out[i] = haversine_m(x, y, near.x, near.y) / 1000.0
    return out


def _area_geoms(areas: gpd.GeoDataFrame, area_id: np.ndarray) -> np.ndarray:
    geoms = areas.drop_duplicates("area_id").set_index("area_id").geometry
    return pd.Series(area_id, dtype=object).map(geoms).to_numpy()


def _inside_area(
    areas: gpd.GeoDataFrame, area_id: np.ndarray, lon: np.ndarray, lat: np.ndarray, tol: float
) -> np.ndarray:
    """Whether each point lies within ``tol`` degrees of its stated area's polygon (False
    where the area is unknown): one vectorised test per area."""
    geoms = areas.drop_duplicates("area_id").set_index("area_id").geometry
    ids = pd.Series(area_id, dtype=object)
    result = np.zeros(len(lon), dtype=bool)
    for aid, rows in ids.groupby(ids).indices.items():
        geom = geoms.get(aid)
        if isinstance(geom, shapely.Geometry) and not geom.is_empty:
            sel = np.asarray(rows)
            result[sel] = shapely.dwithin(geom, shapely.points(lon[sel], lat[sel]), tol)
    return result


def _area_points(areas: gpd.GeoDataFrame, area_id: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A point inside each stated area (shapely's representative point), NaN if unknown."""
    geoms = areas.drop_duplicates("area_id").set_index("area_id").geometry
    reps = {
        aid: g.representative_point()
        for aid, g in geoms.items()
        if isinstance(g, shapely.Geometry) and not g.is_empty
    }
    x = np.array([reps[a].x if a in reps else np.nan for a in area_id], dtype=float)
    y = np.array([reps[a].y if a in reps else np.nan for a in area_id], dtype=float)
    return x, y


# ------------------------------------------------------------------------ pack adapters

HOSPITAL_LOCATION_COLUMNS = ["location_check", "location_rule", "location_approximate"]
"""Columns a checked hospital table carries: the problem found ("" for none), the rule
that placed the point (``as_given`` when untouched) and whether the point is approximate.
``build-pack`` writes them into the embedded ``hospitals.csv`` (checked there against the
kabupaten/kota polygons), and a later load keeps them."""


def kabkota_areas(
    gdf: gpd.GeoDataFrame,
    *,
    key: str,
    name: str,
    province: str,
    names: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Kabupaten/kota polygons as :func:`check_locations` and :func:`match_areas` read
    them: ``area_id, name, province_name, kota, geometry`` (one row per id, parts
    dissolved, invalid shapes made valid). ``names`` (``area_id, name``) replaces the
    file's names where given (a crosswalk with corrected, prefixed names); the file's
    own name is kept as ``other_name`` and matched too. ``kota`` is
    read from a 'Kota ...' name, else from a BPS-style id whose kab/kota part is >= 71."""
    areas = gdf[[key, name, province, gdf.geometry.name]].rename(
        columns={key: "area_id", name: "name", province: "province_name"}
    )
    geoms = areas.geometry.to_numpy()
    areas = areas[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))].copy()
    areas["area_id"] = areas["area_id"].astype(str)
    areas["geometry"] = shapely.make_valid(areas.geometry.to_numpy())
    areas = areas.dissolve("area_id", as_index=False, aggfunc="first")
    if names is not None and len(names):
        better = names.dropna().drop_duplicates("area_id").set_index("area_id")["name"]
        areas["other_name"] = areas["name"]
        areas["name"] = areas["area_id"].map(better).fillna(areas["name"])
    prefixed = areas["name"].astype(str).str.match(r"(?i)^(kota|kabupaten|kab\.?)\s")
    by_name = areas["name"].astype(str).str.match(r"(?i)^kota\s")
    digits = pd.to_numeric(areas["area_id"].str.extract(r"\d{2}\D?(\d{2})")[0], errors="coerce")
    areas["kota"] = np.where(prefixed, by_name, digits >= 71)
    return gpd.GeoDataFrame(areas, geometry="geometry", crs=gdf.crs or "EPSG:4326")


def locate_hospitals(
    hospitals: gpd.GeoDataFrame,
    provinces: gpd.GeoDataFrame,
    *,
    areas: gpd.GeoDataFrame | None = None,
    stated_area: pd.Series | None = None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Check and repair a pack's hospital points (:func:`check_locations`).

    ``hospitals``: ``id, name, province_code, geometry`` and, from an earlier check
    (``build-pack``), :data:`HOSPITAL_LOCATION_COLUMNS`, which are kept where this
    check finds nothing new. ``stated_area``: each row's kabupaten/kota as written
    (matched to ``areas`` by :func:`match_areas`).

    Returns the hospitals with repaired points, dropped rows removed and the location
    columns set, and the check's table (one row per input hospital: ``id, name,
    province_code`` + :data:`LOCATION_COLUMNS`).
    """
    if not len(hospitals):
        out = hospitals.copy()
        for col, default in zip(HOSPITAL_LOCATION_COLUMNS, ("", "as_given", False), strict=True):
            out[col] = pd.Series(dtype=type(default))
        return out, pd.DataFrame(columns=["id", "name", "province_code", *LOCATION_COLUMNS])
    area_id = None
    if areas is not None and stated_area is not None and len(areas):
        area_id = match_areas(stated_area.reset_index(drop=True), hospitals["province_code"]
                              .reset_index(drop=True), areas)  # fmt: skip
    table = check_locations(
        hospitals.geometry.x.to_numpy(),
        hospitals.geometry.y.to_numpy(),
        hospitals["province_code"].to_numpy(),
        provinces=provinces,
        areas=areas if area_id is not None else None,
        area_id=area_id,
    )
    table.insert(0, "id", hospitals["id"].to_numpy())
    table.insert(1, "name", hospitals["name"].to_numpy())
    table.insert(2, "province_code", hospitals["province_code"].to_numpy())
    if all(c in hospitals for c in HOSPITAL_LOCATION_COLUMNS):  # an earlier check's result
        prior = hospitals[HOSPITAL_LOCATION_COLUMNS].reset_index(drop=True)
        prior_rule = prior["location_rule"].fillna("").astype(str).replace("", "as_given")
        untouched = (table["rule"] == "as_given").to_numpy()
        # a point the earlier check placed keeps its problem, rule and flag (placing it
        # may have put it on another placed point: that is not a new problem)
        prior_problem = prior["location_check"].fillna("").astype(str)
        placed = (prior_rule != "as_given").to_numpy()
        keep = untouched & (placed | (prior_problem != "").to_numpy())
        table.loc[keep, "problem"] = prior_problem[keep]
        table.loc[keep, "rule"] = prior_rule[keep]
        table.loc[keep, "approximate"] = prior.loc[keep, "location_approximate"].map(_truthy)
    out = hospitals.copy()
    out["location_check"] = table["problem"].to_numpy()
    out["location_rule"] = table["rule"].to_numpy()
    out["location_approximate"] = table["approximate"].astype(bool).to_numpy()
    out = out.set_geometry(shapely.points(table["lon"].to_numpy(), table["lat"].to_numpy()))
    out = out[(table["rule"] != "dropped").to_numpy()]
    return out, table


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes"}
