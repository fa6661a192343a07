"""Data packs: the embedded default in ``data/`` and TOML manifests under ``packs/``.

A pack is a set of layers (provinces, hospitals, plants, cases, supply, roads). A
manifest names each layer's file, format and column mapping; relative paths resolve
against a data root (``--data-root`` or the app's sidebar), and paths starting with
``@embedded/`` resolve against this repository's ``data/`` folder. The embedded pack is
itself the manifest ``data/pack.toml``, so both go through one code path.

A layer that fails to load becomes an entry in ``Pack.errors`` (a :class:`DataError`
naming file, row and column) and an empty table; the other layers stay loaded.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import clean, loaders
from geo import demand as demand_model
from geo.crosswalk import PROVINCE_NAMES, code_for_name, normalise_code
from geo.errors import DataError
from geo.report import LayerReport

REPO_ROOT = Path(__file__).resolve().parents[1]
EMBEDDED_DIR = REPO_ROOT / "data"
PACKS_DIR = REPO_ROOT / "packs"
EMBEDDED = "embedded"
CRS = loaders.CRS

PROVINCE_COLUMNS = [
    "code",
    "name",
    "capital",
    "capital_lon",
    "capital_lat",
    "population",
    "geometry",
]
HOSPITAL_COLUMNS = ["id", "name", "province_code", "beds", "hospital_class", "type", "geometry"]
PLANT_COLUMNS = [
    "id",
    "name",
    "company",
    "city",
    "province_code",
    "capacity_t_per_day",
    "source",
    "geometry",
]
CASE_COLUMNS = ["province_code", "date", "active_cases", "imputed", "method", "date_used"]


@dataclass
class SupplyAssets:
    """National supply figures of a scenario (defaults: Kemenperin, 8 Jul 2021)."""

    national_supply_t_per_day: float = 2622.9
    isotank_trucks: int = 132
    isotank_capacity_t: float = 20.0
    cylinders: int = 15906
    concentrators: int = 8100
    concentrator_systems: int = 9
    national_production_capacity_t_per_day: float = 1700.0
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class RoadSource:
    """The road network a pack names: the embedded corridor network or a file."""

    kind: str = "corridor"  # corridor | graphml | osm_xml | osm_pbf
    path: Path | None = None
    # overrides of geo.roads.DEFAULT_SPEEDS_KPH by road class, from [roads.speeds_kph]
    speeds_kph: dict[str, float] = field(default_factory=dict)


@dataclass
class Pack:
    name: str
    title: str
    provinces: gpd.GeoDataFrame
    hospitals: gpd.GeoDataFrame
    plants: gpd.GeoDataFrame
    cases: pd.DataFrame
    supply: SupplyAssets
    roads: RoadSource
    reports: dict[str, LayerReport]
    errors: list[DataError]
    content_hash: str
    # every file and folder the loader looked at, with (mtime_ns, size) or None if missing
    inputs: tuple[tuple[str, tuple[int, int] | None], ...] = ()
    # the national active-case series (date, active_cases) behind the national split
    national_cases: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["date", "active_cases"])
    )

    def inputs_changed(self) -> bool:
        """True when a file behind the pack changed, appeared or vanished since loading."""
        return any(_stat(Path(path)) != stamp for path, stamp in self.inputs)

    @property
    def province_geometry(self) -> str:
        """'polygon' when provinces have polygons, 'point' when only capitals."""
        if len(self.provinces) and (self.provinces.geom_type == "Point").all():
            return "point"
        return "polygon"

    @property
    def dates(self) -> list[pd.Timestamp]:
        return sorted(pd.to_datetime(self.cases["date"]).unique()) if len(self.cases) else []


# ---------------------------------------------------------------------------------------
# locating packs


def list_packs(packs_dir: Path = PACKS_DIR) -> list[str]:
    """Names a user can pick: 'embedded' and the manifests under ``packs/``."""
    names = [EMBEDDED]
    if packs_dir.is_dir():
        names += sorted(p.stem for p in packs_dir.glob("*.toml"))
    return names


def resolve_manifest(pack: str | Path | None) -> Path:
    """The manifest for a pack name ('embedded', a name under packs/) or a path."""
    if pack is None or str(pack) == EMBEDDED:
        return EMBEDDED_DIR / "pack.toml"
    path = Path(pack)
    if path.suffix != ".toml":
        path = PACKS_DIR / f"{pack}.toml"
    if not path.exists():
        raise DataError("pack manifest not found", file=str(path))
    return path


def default_data_root(manifest: Path) -> Path:
    """Where relative paths resolve when no data root is given: beside the manifest for the
    embedded pack, else ``../shared/data`` next to the repository if it exists."""
    if manifest.parent == EMBEDDED_DIR:
        return EMBEDDED_DIR
    shared = REPO_ROOT.parent / "shared" / "data"
    return shared if shared.is_dir() else manifest.parent


def load_pack(pack: str | Path | None = None, *, data_root: str | Path | None = None) -> Pack:
    """Load a pack by name or manifest path. Layer errors are collected, not raised;
    a missing or malformed manifest raises :class:`DataError`."""
    manifest = resolve_manifest(pack)
    root = Path(data_root) if data_root else default_data_root(manifest)
    return _Loader(manifest, root).load()


# ---------------------------------------------------------------------------------------
# the loader


class _Loader:
    def __init__(self, manifest: Path, root: Path) -> None:
        self.manifest = manifest
        self.root = root
        self.hasher = hashlib.sha256()
        self.files: list[Path] = []
        self.errors: list[DataError] = []
        self.reports: dict[str, LayerReport] = {}
        self.national_cases = pd.DataFrame(columns=["date", "active_cases"])
        try:
            raw = manifest.read_bytes()
            self.spec = tomllib.loads(raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"cannot read manifest ({exc})", file=str(manifest)) from None
        except tomllib.TOMLDecodeError as exc:
            raise DataError(f"malformed TOML ({exc})", file=str(manifest)) from None
        self.hasher.update(raw)

    # -- helpers ------------------------------------------------------------------------
    def path(self, value: str) -> Path:
        if value.startswith("@embedded/"):
            return EMBEDDED_DIR / value.removeprefix("@embedded/")
        p = Path(value)
        return p if p.is_absolute() else self.root / p

    def track(self, path: Path) -> Path:
        """Remember a path the pack depends on (hashed if a file; stamped even if missing)."""
        if path not in self.files:
            self.files.append(path)
        return path

    def section(self, name: str) -> dict:
        value = self.spec.get(name, {})
        if not isinstance(value, dict):
            raise DataError(f"[{name}] must be a table", file=str(self.manifest))
        return value

    def guarded(
        self, layer: str, build: Callable[[LayerReport], pd.DataFrame], empty: pd.DataFrame
    ):
        report = LayerReport(layer=layer)
        self.reports[layer] = report
        try:
            return build(report)
        except DataError as exc:
            exc.layer = layer
            self.errors.append(exc)
            report.notes.append(f"failed: {exc.one_line()}")
            report.rows_read = report.rows_kept = report.repaired = 0
            report.dropped.clear()
            report.repairs.clear()
            return empty

    # -- the pack -----------------------------------------------------------------------
    def load(self) -> Pack:
        meta = self.section("pack")
        provinces = self.guarded("provinces", self._provinces, _empty_gdf(PROVINCE_COLUMNS))
        hospitals = self.guarded(
            "hospitals", lambda r: self._hospitals(r, provinces), _empty_gdf(HOSPITAL_COLUMNS)
        )
        plants = self.guarded("plants", self._plants, _empty_gdf(PLANT_COLUMNS))
        cases = self.guarded(
            "cases", lambda r: self._cases(r, provinces), pd.DataFrame(columns=CASE_COLUMNS)
        )
        supply = SupplyAssets()
        self.guarded("supply", lambda r: self._supply(r, supply), pd.DataFrame())
        roads = self._roads()
        for f in sorted(p for p in self.files if p.is_file()):
            self.hasher.update(str(f.name).encode())
            self.hasher.update(f.read_bytes())
        return Pack(
            name=self.manifest.stem if self.manifest.parent != EMBEDDED_DIR else EMBEDDED,
            title=str(meta.get("title", self.manifest.stem)),
            provinces=provinces,
            hospitals=hospitals,
            plants=plants,
            cases=cases,
            supply=supply,
            roads=roads,
            reports=self.reports,
            errors=self.errors,
            content_hash=self.hasher.hexdigest(),
            inputs=tuple((str(p), _stat(p)) for p in [self.manifest, *self.files]),
            national_cases=self.national_cases,
        )

    # -- provinces ----------------------------------------------------------------------
    def _provinces(self, report: LayerReport) -> gpd.GeoDataFrame:
        spec = self.section("provinces")
        path = self.track(self.path(_required(spec, "file", "provinces", self.manifest)))
        report.source = str(path)
        fmt = loaders.detect_format(path, spec.get("format"))
        if fmt == "csv":
            df = loaders.read_csv(path)
            report.rows_read = len(df)
            gdf = self._points_frame(df, spec, path, report)
        else:
            gdf = loaders.read_vector(path, fmt=fmt, layer=spec.get("layer"))
            report.rows_read = len(gdf)
        gdf = gdf.reset_index(drop=True)
        gdf["code"] = self._codes(gdf, spec, path)
        unknown = gdf["code"].isna()
        report.drop("unknown_province", int(unknown.sum()))
        gdf = gdf[~unknown].copy()
        gdf["code"] = gdf["code"].astype(int)
        if fmt != "csv":
            gdf = clean.clean_polygons(gdf, report)
        gdf = clean.drop_duplicates(gdf, report, key="code", reason="duplicate_code")
        gdf["name"] = gdf["code"].map(PROVINCE_NAMES)

        capitals = spec.get("capitals")
        if capitals:
            cap = self._capitals(self.track(self.path(capitals)))
            gdf = gdf.drop(
                columns=[c for c in ("capital", "capital_lon", "capital_lat") if c in gdf],
                errors="ignore",
            )
            gdf = gdf.merge(cap, on="code", how="left")
        if fmt == "csv":  # a point pack: the points are the capitals
            gdf["capital_lon"], gdf["capital_lat"] = gdf.geometry.x, gdf.geometry.y
        for col in ("capital", "capital_lon", "capital_lat"):
            if col not in gdf:
                gdf[col] = np.nan
        if gdf["capital_lon"].isna().any():  # no capital point: use a point inside the polygon
            rep = gdf.geometry.representative_point()
            gdf["capital_lon"] = gdf["capital_lon"].fillna(rep.x)
            gdf["capital_lat"] = gdf["capital_lat"].fillna(rep.y)

        gdf["population"] = self._population(gdf, spec, path)
        report.rows_kept = len(gdf)
        out = gpd.GeoDataFrame(gdf[PROVINCE_COLUMNS], geometry="geometry", crs=CRS)
        return out.sort_values("code").reset_index(drop=True)

    def _codes(self, df: pd.DataFrame, spec: dict, path: Path) -> pd.Series:
        if spec.get("code"):
            loaders.require_columns(df, {"province code": spec["code"]}, file=str(path))
            return df[spec["code"]].map(normalise_code)
        if spec.get("province"):
            loaders.require_columns(df, {"province name": spec["province"]}, file=str(path))
            return df[spec["province"]].map(code_for_name)
        raise DataError(
            "needs 'code' or 'province' (a column naming the province)", file=str(self.manifest)
        )

    def _capitals(self, path: Path) -> pd.DataFrame:
        df = loaders.read_csv(path)
        loaders.require_columns(
            df,
            {"code": "code", "capital": "capital", "lat": "capital_lat", "lon": "capital_lon"},
            file=str(path),
        )
        out = pd.DataFrame({"code": df["code"].map(normalise_code), "capital": df["capital"]})
        out["capital_lat"] = loaders.to_number(
            df["capital_lat"], file=str(path), column="capital_lat"
        )
        out["capital_lon"] = loaders.to_number(
            df["capital_lon"], file=str(path), column="capital_lon"
        )
        return out.dropna(subset=["code"]).drop_duplicates("code").astype({"code": int})

    def _population(self, provinces: pd.DataFrame, spec: dict, path: Path) -> pd.Series:
        pop_spec = spec.get("population")
        if not pop_spec:
            if "population" in provinces:
                return loaders.to_number(
                    provinces["population"], file=str(path), column="population"
                ).astype("Int64")
            return pd.Series(pd.NA, index=provinces.index, dtype="Int64")
        ppath = self.track(
            self.path(_required(pop_spec, "file", "provinces.population", self.manifest))
        )
        df = loaders.read_csv(ppath)
        value_col = pop_spec.get("value", "population")
        loaders.require_columns(df, {"population": value_col}, file=str(ppath))
        codes = self._codes(df, pop_spec, ppath)
        values = loaders.to_number(df[value_col], file=str(ppath), column=value_col)
        table = pd.DataFrame({"code": codes, "population": values}).dropna(subset=["code"])
        lookup = table.drop_duplicates("code").set_index("code")["population"]
        return provinces["code"].map(lookup).round().astype("Int64")

    # -- points (hospitals, plants, CSV provinces) -------------------------------------
    def _require_coordinates(self, df: pd.DataFrame, spec: dict, path: Path) -> None:
        if spec.get("latlon"):
            loaders.require_columns(df, {"coordinates": spec["latlon"]}, file=str(path))
        else:
            loaders.require_columns(
                df,
                {"latitude": spec.get("lat") or "lat", "longitude": spec.get("lon") or "lon"},
                file=str(path),
            )

    def _points_frame(
        self,
        df: pd.DataFrame,
        spec: dict,
        path: Path,
        report: LayerReport,
        *,
        polygons=None,
        province_col=None,
    ) -> gpd.GeoDataFrame:
        lat_col, lon_col, latlon_col = spec.get("lat"), spec.get("lon"), spec.get("latlon")
        if latlon_col:
            loaders.require_columns(df, {"coordinates": latlon_col}, file=str(path))
            lat, lon = loaders.split_latlon(df[latlon_col], file=str(path), column=latlon_col)
        else:
            lat_col, lon_col = lat_col or "lat", lon_col or "lon"
            loaders.require_columns(df, {"latitude": lat_col, "longitude": lon_col}, file=str(path))
            lat = loaders.to_number(
                df[lat_col], file=str(path), column=lat_col, allow_thousands=False
            )
            lon = loaders.to_number(
                df[lon_col], file=str(path), column=lon_col, allow_thousands=False
            )
        work = df.copy()
        work["_lat"], work["_lon"] = lat.to_numpy(), lon.to_numpy()
        work = clean.clean_points(
            work,
            report,
            lon="_lon",
            lat="_lat",
            province_polygons=polygons,
            province_column=province_col,
        )
        geometry = shapely.points(work["_lon"].to_numpy(), work["_lat"].to_numpy())
        return gpd.GeoDataFrame(work.drop(columns=["_lat", "_lon"]), geometry=geometry, crs=CRS)

    def _hospitals(self, report: LayerReport, provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        spec = self.section("hospitals")
        path = self.track(self.path(_required(spec, "file", "hospitals", self.manifest)))
        report.source = str(path)
        df = loaders.read_csv(path)
        report.rows_read = len(df)
        cols = {"id": spec.get("id", "id"), "name": spec.get("name", "name")}
        loaders.require_columns(df, cols, file=str(path))
        self._require_coordinates(df, spec, path)
        codes = (
            self._codes(df, spec, path) if (spec.get("code") or spec.get("province")) else np.nan
        )
        polygons = (
            provinces if len(provinces) and not (provinces.geom_type == "Point").all() else None
        )
        gdf = self._points_frame(
            df.assign(province_code=codes),
            spec,
            path,
            report,
            polygons=polygons,
            province_col="province_code",
        )
        gdf = clean.drop_duplicates(gdf, report, key=cols["id"])

        out = gpd.GeoDataFrame(
            {
                "id": gdf[cols["id"]].astype(str).str.strip(),
                "name": gdf[cols["name"]].fillna("").astype(str),
                "province_code": gdf["province_code"],
                "beds": _column_number(gdf, spec.get("beds"), path),
                "hospital_class": gdf[spec["class"]].fillna("").astype(str)
                if spec.get("class")
                else "",
                "type": gdf[spec["type"]].fillna("").astype(str) if spec.get("type") else "",
            },
            geometry=gdf.geometry.to_numpy(),
            crs=CRS,
        )
        join = spec.get("join")
        if join:
            out = self._join_registry(out, join, report)
        if polygons is not None and out["province_code"].isna().any():
            out = _province_by_location(out, polygons, report)
        unknown = out["province_code"].isna()
        report.drop("unknown_province", int(unknown.sum()))
        out = out[~unknown].copy()
        out["province_code"] = out["province_code"].astype(int)
        out["beds"] = out["beds"].fillna(0).round().astype(int)
        report.rows_kept = len(out)
        return out[HOSPITAL_COLUMNS].reset_index(drop=True)

    def _join_registry(
        self, hospitals: gpd.GeoDataFrame, join: dict, report: LayerReport
    ) -> gpd.GeoDataFrame:
        jpath = self.track(self.path(_required(join, "file", "hospitals.join", self.manifest)))
        reg = loaders.read_csv(jpath)
        on = join.get("on", "id")
        loaders.require_columns(
            reg,
            {"join key": on, "class": join.get("class"), "beds": join.get("beds")},
            file=str(jpath),
        )
        reg = reg.drop_duplicates(on)
        reg_beds = _column_number(reg, join.get("beds"), jpath)
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
        return gpd.GeoDataFrame(
            merged.drop(columns=["_class", "_beds"]), geometry="geometry", crs=CRS
        )

    def _plants(self, report: LayerReport) -> gpd.GeoDataFrame:
        spec = self.section("plants")
        path = self.track(self.path(_required(spec, "file", "plants", self.manifest)))
        report.source = str(path)
        df = loaders.read_csv(path)
        report.rows_read = len(df)
        cap_col = spec.get("capacity", "capacity_t_per_day")
        loaders.require_columns(df, {"capacity": cap_col}, file=str(path))
        df["_capacity"] = loaders.to_number(df[cap_col], file=str(path), column=cap_col)
        if spec.get("locate_file"):
            gdf = self._locate_by_area(df, spec, path, report)
        else:
            gdf = self._points_frame(df, spec, path, report)
        city = gdf[spec["city"]].fillna("").astype(str) if spec.get("city") else ""
        company = gdf[spec["company"]].fillna("").astype(str) if spec.get("company") else ""
        name = gdf[spec["name"]].fillna("").astype(str) if spec.get("name") else company
        if spec.get("id"):
            ids = gdf[spec["id"]].astype(str)
        else:
            ids = pd.Series(
                [_slug(f"{c}-{n}") for c, n in zip(city, company, strict=True)], index=gdf.index
            )
            ids = _uniquify(ids)
        province = (
            self._codes(gdf, spec, path) if (spec.get("code") or spec.get("province")) else np.nan
        )
        out = gpd.GeoDataFrame(
            {
                "id": ids,
                "name": name,
                "company": company,
                "city": city,
                "province_code": province,
                "capacity_t_per_day": gdf["_capacity"],
                "source": gdf[spec["source"]].fillna("").astype(str) if spec.get("source") else "",
            },
            geometry=gdf.geometry.to_numpy(),
            crs=CRS,
        )
        out = clean.drop_duplicates(out, report, key="id")
        unknown_cap = int(out["capacity_t_per_day"].isna().sum())
        if unknown_cap:
            report.notes.append(
                f"{unknown_cap} plants have no published capacity (kept, counted as 0 t/day in allocation)"
            )
        report.rows_kept = len(out)
        return out[PLANT_COLUMNS].reset_index(drop=True)

    def _locate_by_area(
        self, df: pd.DataFrame, spec: dict, path: Path, report: LayerReport
    ) -> gpd.GeoDataFrame:
        """Place rows at a point inside the area (e.g. kab/kota) named by a code column."""
        apath = self.track(self.path(spec["locate_file"]))
        areas = loaders.read_vector(apath, fmt=spec.get("locate_format"))
        key = spec.get("locate_key", "id")
        code_col = _required(spec, "locate_code", "plants", self.manifest)
        loaders.require_columns(areas, {"area key": key}, file=str(apath))
        loaders.require_columns(df, {"area code": code_col}, file=str(path))
        geoms = areas.geometry.to_numpy()
        areas = areas[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
        areas = areas.assign(geometry=shapely.make_valid(areas.geometry.to_numpy())).dissolve(
            by=key
        )
        points = areas.geometry.representative_point()
        codes = df[code_col].astype(str).str.replace(".", "", regex=False).str.strip()
        if spec.get("locate_code_format", "") == "PP-KK":
            codes = codes.str.slice(0, 2) + "-" + codes.str.slice(2, 4)
        located = codes.map(points)
        missing = located.isna()
        report.drop("area_not_found", int(missing.sum()))
        report.notes.append(
            f"located at a point inside the area named by '{code_col}' in {apath.name} (no plant coordinates published)"
        )
        kept = df[~missing].copy()
        return gpd.GeoDataFrame(kept, geometry=list(located[~missing]), crs=CRS)

    # -- cases --------------------------------------------------------------------------
    def _cases(self, report: LayerReport, provinces: gpd.GeoDataFrame) -> pd.DataFrame:
        spec = self.section("cases")
        date_col, active_col = spec.get("date", "date"), spec.get("active", "active_cases")
        frames = []
        if spec.get("dir"):
            folder = self.track(self.path(spec["dir"]))  # its mtime changes as files come and go
            report.source = str(folder)
            if not folder.is_dir():
                raise DataError("folder not found", file=str(folder))
            files = sorted(folder.glob(spec.get("pattern", "*.csv")))
            if not files:
                raise DataError("no case files found", file=str(folder))
            for f in files:
                df = loaders.read_csv(self.track(f))
                loaders.require_columns(
                    df, {"date": date_col, "active cases": active_col}, file=str(f)
                )
                code = code_for_name(f.stem)
                if code is None:
                    raise DataError(f"file name '{f.stem}' does not name a province", file=str(f))
                frames.append(
                    self._case_rows(df, f, date_col, active_col, pd.Series(code, index=df.index))
                )
        else:
            f = self.track(self.path(_required(spec, "file", "cases", self.manifest)))
            report.source = str(f)
            df = loaders.read_csv(f)
            loaders.require_columns(df, {"date": date_col, "active cases": active_col}, file=str(f))
            codes = (
                df[spec["code"]].map(
                    lambda v: 0 if str(v).strip() in {"0", "00"} else normalise_code(v)
                )
                if spec.get("code")
                else self._codes(df, spec, f)
            )
            frames.append(self._case_rows(df, f, date_col, active_col, codes))
        national_spec = spec.get("national")
        if isinstance(national_spec, dict):  # [cases.national]: the national series (code 0)
            f = self.track(
                self.path(_required(national_spec, "file", "cases.national", self.manifest))
            )
            df = loaders.read_csv(f)
            n_date = national_spec.get("date", "date")
            n_active = national_spec.get("active", "active_cases")
            loaders.require_columns(df, {"date": n_date, "active cases": n_active}, file=str(f))
            frames.append(self._case_rows(df, f, n_date, n_active, pd.Series(0, index=df.index)))
        raw = pd.concat(frames, ignore_index=True)
        report.rows_read = len(raw)
        bad = raw["province_code"].isna()
        report.drop("unknown_province", int(bad.sum()))
        raw = raw[~bad]
        missing = raw["active_cases"].isna() | raw["date"].isna()
        report.drop("missing_value", int(missing.sum()))
        raw = raw[~missing]
        negative = raw["active_cases"] < 0  # impossible counts (the covid19.go.id series has some)
        report.drop("negative_value", int(negative.sum()))
        raw = raw[~negative]
        dup = raw.duplicated(subset=["province_code", "date"], keep="first")
        report.drop("duplicate_date", int(dup.sum()))
        raw = raw[~dup].astype({"province_code": int})
        national = raw["province_code"] == 0
        national_rows = raw[national]
        self.national_cases = national_rows[["date", "active_cases"]].reset_index(drop=True)
        report.rows_kept = len(raw)
        split = bool(spec.get("impute_from_national", True)) and len(national_rows) > 0
        population = (
            provinces.set_index("code")["population"].astype(float)
            if split and "population" in provinces
            else None
        )
        carry_days = spec.get("carry_forward_days", demand_model.CARRY_FORWARD_DAYS)
        if not isinstance(carry_days, int) or carry_days < 0:
            raise DataError(
                "[cases] carry_forward_days must be a whole number of days >= 0",
                file=str(self.manifest),
            )
        codes = provinces["code"] if len(provinces) else raw.loc[~national, "province_code"]
        cases = demand_model.impute_cases(
            raw[~national],
            provinces=pd.Index(codes.unique()),
            national=national_rows if split else None,
            population=population,
            carry_forward_days=carry_days,
        )
        counts = cases["method"].value_counts()
        report.notes.append(
            f"{int(counts.get('carried_forward', 0))} province-days carried forward from the last "
            f"published figure (at most {carry_days} days), "
            f"{int(counts.get('national_split', 0))} split from the national figure by population "
            f"({len(national_rows)} national rows{'' if split else ', not used'}); all flagged imputed"
        )
        return cases[CASE_COLUMNS].sort_values(["date", "province_code"]).reset_index(drop=True)

    def _case_rows(
        self, df: pd.DataFrame, f: Path, date_col: str, active_col: str, codes: pd.Series
    ) -> pd.DataFrame:
        dates = (
            pd.to_datetime(df[date_col], errors="coerce", utc=True)
            .dt.tz_localize(None)
            .dt.normalize()
        )
        bad = dates.isna() & df[date_col].notna()
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataError(
                f"'{df[date_col].iloc[pos]}' is not a date",
                file=str(f),
                row=pos + 2,
                column=date_col,
            )
        active = loaders.to_number(df[active_col], file=str(f), column=active_col)
        return pd.DataFrame(
            {
                "province_code": codes.to_numpy(),
                "date": dates.to_numpy(),
                "active_cases": active.to_numpy(),
            }
        )

    # -- supply and roads ---------------------------------------------------------------
    def _supply(self, report: LayerReport, supply: SupplyAssets) -> pd.DataFrame:
        spec = self.section("supply")
        if not spec.get("file"):
            report.notes.append("no supply file: Kemenperin 8 Jul 2021 figures used")
            return pd.DataFrame()
        path = self.track(self.path(spec["file"]))
        report.source = str(path)
        df = loaders.read_csv(path)
        loaders.require_columns(df, {"key": "key", "value": "value"}, file=str(path))
        report.rows_read = len(df)
        values = loaders.to_number(df["value"], file=str(path), column="value")
        for pos, (key, value) in enumerate(zip(df["key"], values, strict=True)):
            if not hasattr(supply, key) or key == "sources":
                report.drop("unknown_key", 1)
                continue
            if np.isnan(value):
                raise DataError("empty value", file=str(path), row=pos + 2, column="value")
            current = getattr(supply, key)
            setattr(supply, key, int(value) if isinstance(current, int) else float(value))
            if "source" in df:
                supply.sources[key] = str(df["source"].iloc[pos])
            report.rows_kept += 1
        return df

    def _roads(self) -> RoadSource:
        spec = self.section("roads")
        speeds = spec.get("speeds_kph", {})
        if not isinstance(speeds, dict) or not all(
            isinstance(v, int | float) and 0 < v <= 150 for v in speeds.values()
        ):
            raise DataError(
                "[roads.speeds_kph] must map road classes to km/h in (0, 150]",
                file=str(self.manifest),
            )
        speeds = {str(k): float(v) for k, v in speeds.items()}
        if not spec or spec.get("kind", "corridor") == "corridor":
            return RoadSource("corridor", None, speeds)
        path = self.track(self.path(_required(spec, "file", "roads", self.manifest)))
        kind = spec.get("kind") or {
            ".graphml": "graphml",
            ".osm": "osm_xml",
            ".xml": "osm_xml",
            ".pbf": "osm_pbf",
        }.get(path.suffix.lower(), "graphml")
        return RoadSource(kind, path, speeds)


# ---------------------------------------------------------------------------------------


def _required(spec: dict, key: str, section: str, manifest: Path) -> str:
    value = spec.get(key)
    if not value:
        raise DataError(f"[{section}] needs '{key}'", file=str(manifest))
    return str(value)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _empty_gdf(columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: [] for c in columns if c != "geometry"}, geometry=[], crs=CRS)


def _column_number(df: pd.DataFrame, column: str | None, path: Path) -> pd.Series:
    if not column:
        return pd.Series(np.nan, index=df.index)
    loaders.require_columns(df, {"number": column}, file=str(path))
    return loaders.to_number(df[column], file=str(path), column=column)


def _province_by_location(
    points: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame, report: LayerReport
) -> gpd.GeoDataFrame:
    missing = points["province_code"].isna()
    joined = gpd.sjoin(
        points[missing][["geometry"]],
        polygons[["code", "geometry"]],
        how="left",
        predicate="within",
    )
    joined = joined[~joined.index.duplicated()]
    points.loc[missing, "province_code"] = joined["code"]
    found = int(joined["code"].notna().sum())
    if found:
        report.repair("province_from_location", found)
    return points


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _uniquify(ids: pd.Series) -> pd.Series:
    counts = ids.groupby(ids).cumcount()
    return ids.where(counts == 0, ids + "-" + (counts + 1).astype(str))
