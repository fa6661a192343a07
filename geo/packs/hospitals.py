"""The hospitals layer: points with class, type and beds, and a registry joined on the id."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import clean, loaders
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
    report.rows_kept = len(out)
    return out[HOSPITAL_COLUMNS].reset_index(drop=True)


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
