"""The provinces layer: polygons (or points at capitals), capitals and population."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import clean, loaders
from geo.crosswalk import PROVINCE_NAMES, normalise_code
from geo.packs.common import map_unique, points_frame, province_codes, required, where
from geo.packs.model import CRS, PROVINCE_COLUMNS
from geo.report import LayerReport

if TYPE_CHECKING:
    from geo.packs.loader import Loader


def load(ld: Loader, report: LayerReport) -> gpd.GeoDataFrame:
    spec = ld.section("provinces")
    path = ld.track(ld.path(required(spec, "file", "provinces", ld.manifest), section="provinces"))
    report.source = ld.display(path)
    fmt = loaders.detect_format(path, spec.get("format"))
    if fmt == "csv":
        df = ld.table(path, report)
        gdf = points_frame(ld, df, spec, path, report)
    else:
        gdf = loaders.read_vector(path, fmt=fmt, layer=spec.get("layer"))
        report.rows_read = len(gdf)
    gdf = gdf.reset_index(drop=True)
    gdf["code"] = province_codes(ld, gdf, spec, path)
    unknown = gdf["code"].isna()
    report.drop("unknown_province", int(unknown.sum()))
    gdf = gdf[~unknown].copy()
    gdf["code"] = gdf["code"].astype(int)
    if fmt != "csv":
        gdf = clean.clean_polygons(gdf, report, extent=clean.INDONESIA_BBOX)
    gdf = clean.drop_duplicates(gdf, report, key="code", reason="duplicate_code")
    gdf["name"] = gdf["code"].map(PROVINCE_NAMES)

    capitals = spec.get("capitals")
    if capitals:
        cap = _capitals(
            ld, ld.track(ld.path(capitals, section="provinces", key="capitals")), report
        )
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

    gdf["population"] = _population(ld, gdf, spec, path, report)
    report.rows_kept = len(gdf)
    out = gpd.GeoDataFrame(gdf[PROVINCE_COLUMNS], geometry="geometry", crs=CRS)
    return out.sort_values("code").reset_index(drop=True)


def _capitals(ld: Loader, path: Path, report: LayerReport) -> pd.DataFrame:
    """Capitals by province code; a capital with bad or impossible coordinates is
    left out (noted): its province falls back to a point inside its polygon."""
    df = ld.table(path, report, count=False)
    loaders.require_columns(
        df,
        {"code": "code", "capital": "capital", "lat": "capital_lat", "lon": "capital_lon"},
        file=str(path),
    )
    out = pd.DataFrame({"code": map_unique(df["code"], normalise_code), "capital": df["capital"]})
    lat, bad_lat = ld.numbers(df, "capital_lat", path, report, allow_thousands=False)
    lon, bad_lon = ld.numbers(df, "capital_lon", path, report, allow_thousands=False)
    outside = lat.notna().to_numpy() & ~clean.in_indonesia(lon.to_numpy(), lat.to_numpy())
    unusable = (bad_lat | bad_lon).to_numpy() | outside
    if unusable.any():
        report.notes.append(
            f"{int(unusable.sum())} capitals without usable coordinates (a point inside the "
            f"province is used); first: {where(df, unusable, ld.display(path), 'capital_lat')}"
        )
    out["capital_lat"] = lat.mask(unusable)
    out["capital_lon"] = lon.mask(unusable)
    return out.dropna(subset=["code"]).drop_duplicates("code").astype({"code": int})


def _population(
    ld: Loader, provinces: pd.DataFrame, spec: dict, path: Path, report: LayerReport
) -> pd.Series:
    """Population by province; a value that is not a number, negative or absurd
    (over 1e9) is left unknown and noted, not fatal to the layer."""
    pop_spec = spec.get("population")
    if not pop_spec:
        if "population" in provinces:
            values, bad = ld.numbers(provinces, "population", path, report)
            return _usable_population(ld, provinces, values, bad, path, "population", report)
        return pd.Series(pd.NA, index=provinces.index, dtype="Int64")
    ppath = ld.track(
        ld.path(
            required(pop_spec, "file", "provinces.population", ld.manifest),
            section="provinces.population",
        )
    )
    df = ld.table(ppath, report, count=False)
    value_col = pop_spec.get("value", "population")
    loaders.require_columns(df, {"population": value_col}, file=str(ppath))
    codes = province_codes(ld, df, pop_spec, ppath)
    values, bad = ld.numbers(df, value_col, ppath, report)
    values = _usable_population(ld, df, values, bad, ppath, value_col, report)
    table = pd.DataFrame({"code": codes, "population": values}).dropna(subset=["code"])
    lookup = table.drop_duplicates("code").set_index("code")["population"]
    return provinces["code"].map(lookup).round().astype("Int64")


def _usable_population(
    ld: Loader,
    df: pd.DataFrame,
    values: pd.Series,
    bad: pd.Series,
    path: Path,
    column: str,
    report: LayerReport,
) -> pd.Series:
    unusable = bad.to_numpy() | (values < 0).to_numpy() | (values > 1e9).to_numpy()
    if unusable.any():
        report.notes.append(
            f"{int(unusable.sum())} population values unusable (not a number, negative or "
            f"over 1e9; population left unknown); first: {where(df, unusable, ld.display(path), column)}"
        )
    return values.mask(unusable).round().astype("Int64")
