"""Rules shared by the layers' loaders: where a bad row is (file, row, column, value),
province codes from a code or name column, rows as points, ids."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import clean, loaders
from geo.crosswalk import code_for_name, normalise_code
from geo.errors import DataError
from geo.packs.model import CRS
from geo.report import LayerReport

if TYPE_CHECKING:
    from geo.packs.loader import Loader


def where(df: pd.DataFrame, mask: np.ndarray, file: str, column: str) -> str:
    """'file F, row R, column 'C', value V' for the first row where ``mask`` holds (rows
    as a spreadsheet counts them: the header is row 1)."""
    pos = int(np.flatnonzero(mask)[0])
    label = df.index[pos]
    row = int(label) + 2 if isinstance(label, int | np.integer) else pos + 2
    value = df[column].iloc[pos] if column in df else ""
    return f"file {file}, row {row}, column '{column}', value {str(value)[:40]!r}"


def map_unique(series: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """``series.map(func)`` calling ``func`` once per distinct value (a million rows
    name only 34 provinces)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = np.array([func(u) for u in uniques] + [func(None)], dtype=object)
    return pd.Series(mapped[codes], index=series.index, dtype=object)


def unexpected(exc: Exception, report: LayerReport) -> DataError:
    """An exception no loader anticipated, as a layer error (the other layers stay
    loaded and no traceback reaches a viewer); the text says it was unexpected."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return DataError(
        f"unexpected {type(exc).__name__} while reading this layer ({text})",
        file=report.source or None,
    )


def required(spec: dict, key: str, section: str, manifest: Path) -> str:
    value = spec.get(key)
    if not value:
        raise DataError(f"[{section}] needs '{key}'", file=str(manifest))
    return str(value)


def empty_gdf(columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: [] for c in columns if c != "geometry"}, geometry=[], crs=CRS)


def province_codes(ld: Loader, df: pd.DataFrame, spec: dict, path: Path) -> pd.Series:
    if spec.get("code"):
        loaders.require_columns(df, {"province code": spec["code"]}, file=str(path))
        return map_unique(df[spec["code"]], normalise_code)
    if spec.get("province"):
        loaders.require_columns(df, {"province name": spec["province"]}, file=str(path))
        return map_unique(df[spec["province"]], code_for_name)
    raise DataError(
        "needs 'code' or 'province' (a column naming the province)", file=str(ld.manifest)
    )


def require_coordinates(ld: Loader, df: pd.DataFrame, spec: dict, path: Path) -> None:
    if spec.get("latlon"):
        loaders.require_columns(df, {"coordinates": spec["latlon"]}, file=str(path))
    else:
        loaders.require_columns(
            df,
            {"latitude": spec.get("lat") or "lat", "longitude": spec.get("lon") or "lon"},
            file=str(path),
        )


def points_frame(
    ld: Loader,
    df: pd.DataFrame,
    spec: dict,
    path: Path,
    report: LayerReport,
    *,
    polygons=None,
    province_col=None,
) -> gpd.GeoDataFrame:
    """Rows as points. Coordinates that are not finite numbers ("abc", "inf", "1e999")
    cost their row (``bad_coordinates``); then :func:`geo.clean.clean_points`."""
    lat_col, lon_col, latlon_col = spec.get("lat"), spec.get("lon"), spec.get("latlon")
    if latlon_col:
        loaders.require_columns(df, {"coordinates": latlon_col}, file=str(path))
        lat, lon, bad = loaders.parse_latlon(df[latlon_col])
        first_col = latlon_col
    else:
        lat_col, lon_col = lat_col or "lat", lon_col or "lon"
        loaders.require_columns(df, {"latitude": lat_col, "longitude": lon_col}, file=str(path))
        lat, bad_lat = ld.numbers(df, lat_col, path, report, allow_thousands=False)
        lon, bad_lon = ld.numbers(df, lon_col, path, report, allow_thousands=False)
        bad = bad_lat | bad_lon
        first_col = lat_col if bad_lat.any() else lon_col
    work = df.copy()
    work["_lat"], work["_lon"] = lat.to_numpy(), lon.to_numpy()
    work = ld.drop(work, bad, report, "bad_coordinates", path=path, column=first_col)
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


def province_by_location(
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


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def uniquify(ids: pd.Series) -> pd.Series:
    counts = ids.groupby(ids).cumcount()
    return ids.where(counts == 0, ids + "-" + (counts + 1).astype(str))
