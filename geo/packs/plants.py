"""The plants layer: points, or placed inside the area a code names; capacity in t/day."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import clean, loaders
from geo.errors import DataError
from geo.packs.common import points_frame, province_codes, required, slug, uniquify
from geo.packs.model import CRS, PLANT_COLUMNS
from geo.report import LayerReport

if TYPE_CHECKING:
    from geo.packs.loader import Loader


# Values legal in type but absurd are dropped and counted (see the load report).
MAX_PLANT_T_PER_DAY = 10_000.0  # the whole country supplied ~2,600 t/day in July 2021


def load(ld: Loader, report: LayerReport) -> gpd.GeoDataFrame:
    spec = ld.section("plants")
    path = ld.track(ld.path(required(spec, "file", "plants", ld.manifest), section="plants"))
    report.source = ld.display(path)
    df = ld.table(path, report)
    cap_col = spec.get("capacity", "capacity_t_per_day")
    loaders.require_columns(df, {"capacity": cap_col}, file=str(path))
    if spec.get("id"):
        loaders.require_columns(df, {"id": spec["id"]}, file=str(path))
        df[spec["id"]] = df[spec["id"]].astype("string").str.strip()
        no_id = (df[spec["id"]].isna() | (df[spec["id"]] == "")).to_numpy()
        df = ld.drop(df, no_id, report, "missing_id", path=path, column=spec["id"])
    capacity, bad = ld.numbers(df, cap_col, path, report)
    df["_capacity"] = capacity
    for reason, mask in (
        ("not_a_number", bad),
        ("negative_capacity", capacity < 0),
        ("absurd_capacity", capacity > MAX_PLANT_T_PER_DAY),
    ):
        df = ld.drop(df, mask.loc[df.index], report, reason, path=path, column=cap_col)
    if spec.get("locate_file"):
        gdf = _locate_by_area(ld, df, spec, path, report)
    else:
        gdf = points_frame(ld, df, spec, path, report)
    city = gdf[spec["city"]].fillna("").astype(str) if spec.get("city") else ""
    company = gdf[spec["company"]].fillna("").astype(str) if spec.get("company") else ""
    name = gdf[spec["name"]].fillna("").astype(str) if spec.get("name") else company
    if spec.get("id"):
        ids = gdf[spec["id"]].astype(str)
    else:
        ids = pd.Series(
            [slug(f"{c}-{n}") for c, n in zip(city, company, strict=True)], index=gdf.index
        )
        ids = uniquify(ids)
    province = (
        province_codes(ld, gdf, spec, path)
        if (spec.get("code") or spec.get("province"))
        else np.nan
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
            "as_of": gdf[spec["as_of"]].fillna("").astype(str) if spec.get("as_of") else "",
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
    ld: Loader, df: pd.DataFrame, spec: dict, path: Path, report: LayerReport
) -> gpd.GeoDataFrame:
    """Place rows at a point inside the area (e.g. kab/kota) named by a code column."""
    apath = ld.track(ld.path(spec["locate_file"], section="plants", key="locate_file"))
    areas = loaders.read_vector(apath, fmt=spec.get("locate_format"))
    key = spec.get("locate_key", "id")
    code_col = required(spec, "locate_code", "plants", ld.manifest)
    loaders.require_columns(areas, {"area key": key}, file=str(apath))
    loaders.require_columns(df, {"area code": code_col}, file=str(path))
    geoms = areas.geometry.to_numpy()
    n_features = len(areas)
    areas = areas[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    areas = areas.assign(geometry=shapely.make_valid(areas.geometry.to_numpy()))
    areas = areas[shapely.area(areas.geometry.to_numpy()) > 0].dissolve(by=key)
    if n_features and not len(areas):  # e.g. a TopoJSON whose arcs are broken
        raise DataError(
            f"none of its {n_features} areas has a usable polygon (broken TopoJSON arcs?); "
            f"no plant can be placed",
            file=str(apath),
        )
    if len(areas) < n_features / 2:
        report.notes.append(
            f"{apath.name}: only {len(areas)} of {n_features} areas have a usable polygon"
        )
    points = areas.geometry.representative_point()
    codes = df[code_col].astype(str).str.replace(".", "", regex=False).str.strip()
    if spec.get("locate_code_format", "") == "PP-KK":
        codes = codes.str.slice(0, 2) + "-" + codes.str.slice(2, 4)
    located = codes.map(points)
    missing = located.isna()
    report.drop("area_not_found", int(missing.sum()), rows=clean.file_rows(df, missing))
    if missing.any():
        report.notes.append(
            f"{int(missing.sum())} rows dropped (area_not_found): no area "
            f"'{codes[missing].iloc[0]}' with a polygon in {apath.name} "
            f"(first: file {ld.display(path)}, column '{code_col}')"
        )
    report.notes.append(
        f"located at a point inside the area named by '{code_col}' in {apath.name} (no plant coordinates published)"
    )
    kept = df[~missing].copy()
    return gpd.GeoDataFrame(kept, geometry=list(located[~missing]), crs=CRS)
