"""The hospitals layer: points with class, type and beds, and a registry joined on the id."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import clean, loaders, locations
from geo.errors import DataError, DataWarning, redact_paths
from geo.locations import HOSPITAL_LOCATION_COLUMNS
from geo.packs.common import (
    points_frame,
    province_by_location,
    province_codes,
    require_coordinates,
    required,
    where,
)
from geo.packs.model import CRS, HOSPITAL_COLUMNS
from geo.report import LayerReport

if TYPE_CHECKING:
    from geo.packs.loader import Loader


# Values legal in type but absurd are repaired and counted (see the load report).
MAX_BEDS = 10_000  # the largest Indonesian hospitals have ~1,000-2,000 beds


def load(ld: Loader, report: LayerReport, provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    spec = ld.section("hospitals")
    path = ld.track(ld.path(required(spec, "file", "hospitals", ld.manifest), section="hospitals"))
    report.source = ld.display(path)
    ld.progress("hospitals: reading", 0.22)
    df = ld.table(path, report)
    cols = {"id": spec.get("id", "id"), "name": spec.get("name", "name")}
    loaders.require_columns(df, cols, file=str(path))
    require_coordinates(ld, df, spec, path)
    df[cols["id"]] = df[cols["id"]].astype("string").str.strip()
    no_id = (df[cols["id"]].isna() | (df[cols["id"]] == "")).to_numpy()
    df = ld.drop(df, no_id, report, "missing_id", path=path, column=cols["id"])
    ld.progress("hospitals: cleaning", 0.3)
    codes = (
        province_codes(ld, df, spec, path) if (spec.get("code") or spec.get("province")) else np.nan
    )
    polygons = provinces if len(provinces) and not (provinces.geom_type == "Point").all() else None
    gdf = points_frame(
        ld,
        df.assign(province_code=codes),
        spec,
        path,
        report,
        polygons=polygons,
        province_col="province_code",
    )
    gdf = clean.drop_duplicates(gdf, report, key=cols["id"])
    areas_spec = spec.get("areas")
    if areas_spec:
        loaders.require_columns(df, {"kab/kota": areas_spec["stated"]}, file=str(path))

    out = gpd.GeoDataFrame(
        {
            "id": gdf[cols["id"]].astype(str),
            "name": gdf[cols["name"]].fillna("").astype(str),
            "province_code": gdf["province_code"],
            "beds": _beds(ld, gdf, spec.get("beds"), path, report),
            "hospital_class": gdf[spec["class"]].fillna("").astype(str)
            if spec.get("class")
            else "",
            "type": gdf[spec["type"]].fillna("").astype(str) if spec.get("type") else "",
            **{c: gdf[c] for c in HOSPITAL_LOCATION_COLUMNS if c in gdf},  # an earlier check
            "_row": np.asarray(gdf.index) + 2,
            "_stated_area": gdf[areas_spec["stated"]] if areas_spec else None,
        },
        geometry=gdf.geometry.to_numpy(),
        crs=CRS,
    )
    join = spec.get("join")
    if join:
        ld.progress("hospitals: joining the registry", 0.36)
        out = _join_registry(ld, out, join, report)
    if polygons is not None and out["province_code"].isna().any():
        out = province_by_location(out, polygons, report)
    unknown = out["province_code"].isna()
    report.drop("unknown_province", int(unknown.sum()))
    out = out[~unknown].copy()
    out["province_code"] = out["province_code"].astype(int)
    out["beds"] = out["beds"].fillna(0).round().astype(int)
    out = _check_locations(ld, out.reset_index(drop=True), polygons, areas_spec, report)
    report.rows_kept = len(out)
    return out[HOSPITAL_COLUMNS].reset_index(drop=True)


def _check_locations(
    ld: Loader,
    hospitals: gpd.GeoDataFrame,
    polygons: gpd.GeoDataFrame | None,
    areas_spec: dict | None,
    report: LayerReport,
) -> gpd.GeoDataFrame:
    """The location check (:mod:`geo.locations`): points that contradict their stated
    province (or share a point) repaired by the first rule that applies, counted."""
    if polygons is None or not len(hospitals):
        out = hospitals.copy()
        for col, default in (("location_check", ""), ("location_rule", "as_given")):
            out[col] = out[col].fillna(default) if col in out else default
        out["location_approximate"] = (
            out["location_approximate"].map(locations._truthy)
            if "location_approximate" in out
            else False
        )
        return out
    areas = None
    if areas_spec:
        try:
            areas = _areas(ld, areas_spec)
        except DataError as err:  # an aid to the check, not the layer: hospitals stay
            areas = None
            note = (
                f"kab/kota areas not loaded ({redact_paths(err.one_line(), ld.roots)}): the "
                "location check falls back to province capitals"
            )
            report.notes.append(note)
            warnings.warn(note, DataWarning, stacklevel=2)
        if areas is not None and not len(areas):
            report.notes.append("kab/kota areas: no usable polygon; the check uses capitals")
            areas = None
    checked, table = locations.locate_hospitals(
        hospitals,
        polygons,
        areas=areas,
        stated_area=hospitals["_stated_area"] if areas is not None else None,
    )
    rows = hospitals["_row"].to_numpy()
    for rule in ("latitude_sign", "area_point", "province_capital"):
        mask = ((table["rule"] == rule) & (table["moved_km"] > 0)).to_numpy()
        report.repair(rule, int(mask.sum()), rows=rows[mask].tolist())
        # placed by an earlier check (build-pack wrote the point and its rule into the
        # file): repaired all the same, and counted, so the load report does not say 0
        earlier = ((table["rule"] == rule) & (table["moved_km"] == 0)).to_numpy()
        report.repair(f"{rule}_at_build", int(earlier.sum()), rows=rows[earlier].tolist())
    gone = (table["rule"] == "dropped").to_numpy()
    report.drop("unlocatable", int(gone.sum()), rows=rows[gone].tolist())
    report.notes.append(locations.location_note(table))
    ld.hospital_locations = table
    return checked


def _areas(ld: Loader, spec: dict) -> gpd.GeoDataFrame:
    """The kabupaten/kota polygons of ``[hospitals.areas]``, with corrected names."""
    apath = ld.track(ld.path(spec["file"], section="hospitals.areas"))
    gdf = loaders.read_vector(apath, fmt=spec.get("format"))
    key, name, province = (
        spec.get("key", "id"),
        spec.get("name", "name"),
        spec.get("province", "province"),
    )
    loaders.require_columns(
        gdf, {"area key": key, "area name": name, "province": province}, file=str(apath)
    )
    names = None
    if spec.get("names"):
        npath = ld.track(ld.path(spec["names"], section="hospitals.areas", key="names"))
        table = loaders.read_csv(npath)
        nkey, nname = spec.get("names_key", "id"), spec.get("names_name", "name")
        loaders.require_columns(table, {"area key": nkey, "area name": nname}, file=str(npath))
        names = pd.DataFrame({"area_id": table[nkey].astype(str), "name": table[nname]})
    return locations.kabkota_areas(gdf, key=key, name=name, province=province, names=names)


def _beds(
    ld: Loader, df: pd.DataFrame, column: str | None, path: Path, report: LayerReport
) -> pd.Series:
    """Beds; text that is not a number, a negative count or one over
    :data:`MAX_BEDS` is repaired to unknown (counted) and the hospital kept."""
    if not column:
        return pd.Series(np.nan, index=df.index)
    loaders.require_columns(df, {"beds": column}, file=str(path))
    values, bad = ld.numbers(df, column, path, report)
    for reason, mask in (
        ("beds_not_a_number", bad.to_numpy()),
        ("negative_beds", (values < 0).to_numpy()),
        ("absurd_beds", (values > MAX_BEDS).to_numpy()),
    ):
        if mask.any():
            report.repair(reason, int(mask.sum()))
            report.notes.append(
                f"{int(mask.sum())} bed counts set to unknown ({reason}); "
                f"first: {where(df, mask, ld.display(path), column)}"
            )
            values = values.mask(mask)
    return values


def _join_registry(
    ld: Loader, hospitals: gpd.GeoDataFrame, join: dict, report: LayerReport
) -> gpd.GeoDataFrame:
    jpath = ld.track(
        ld.path(required(join, "file", "hospitals.join", ld.manifest), section="hospitals.join")
    )
    reg = ld.table(jpath, report, count=False)
    on = join.get("on", "id")
    loaders.require_columns(
        reg,
        {"join key": on, "class": join.get("class"), "beds": join.get("beds")},
        file=str(jpath),
    )
    reg = reg.assign(**{on: reg[on].astype("string").str.strip()}).dropna(subset=[on])
    dup = reg.duplicated(on)
    if dup.any():
        report.notes.append(
            f"{jpath.name}: {int(dup.sum())} repeated '{on}' values; the first row of each is used"
        )
    reg = reg[~dup]
    reg_beds = _registry_beds(ld, reg, join.get("beds"), jpath, report)
    table = pd.DataFrame(
        {
            "id": reg[on].astype(str).str.strip(),
            "_class": reg[join["class"]] if join.get("class") else None,
            "_beds": reg_beds.to_numpy(),
        }
    )
    merged = hospitals.merge(table, on="id", how="left")
    matched = merged["_class"].notna() | merged["_beds"].notna()
    report.notes.append(
        f"joined {int(matched.sum())} of {len(merged)} hospitals to {jpath.name} on '{on}' (class, beds)"
    )
    merged["hospital_class"] = (
        merged["_class"].fillna(merged["hospital_class"]).fillna("").astype(str)
    )
    use_registry = merged["_beds"].notna() & (merged["_beds"] > 0)
    merged["beds"] = np.where(use_registry, merged["_beds"], merged["beds"])
    return gpd.GeoDataFrame(merged.drop(columns=["_class", "_beds"]), geometry="geometry", crs=CRS)


def _registry_beds(
    ld: Loader, reg: pd.DataFrame, column: str | None, path: Path, report: LayerReport
) -> pd.Series:
    """Registry beds; unusable values (not a number, negative, absurd) are ignored
    (the hospital file's count stays) and noted."""
    if not column:
        return pd.Series(np.nan, index=reg.index)
    values, bad = ld.numbers(reg, column, path, report)
    unusable = bad.to_numpy() | (values < 0).to_numpy() | (values > MAX_BEDS).to_numpy()
    if unusable.any():
        report.notes.append(
            f"{int(unusable.sum())} registry bed counts ignored (not a number, negative or "
            f"over {MAX_BEDS:,}); first: {where(reg, unusable, ld.display(path), column)}"
        )
    return values.mask(unusable)
