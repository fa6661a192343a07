"""Cleaning real data: coordinates, duplicates and polygons, with every change counted.

Each function takes a table and a :class:`geo.report.LayerReport` and returns the kept
rows; whatever it drops or repairs is added to the report by reason, so that
``rows_read == rows_kept + sum(dropped)`` holds for every layer.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.report import LayerReport

# Indonesia's extent with a margin for outer islands (Sabang ~95.3E 5.9N, Merauke
# ~141E -8.5, Rote ~-11.0, Miangas ~5.6N). Used to catch bogus and swapped points.
INDONESIA_BBOX = (94.0, -11.5, 142.0, 6.5)  # lon_min, lat_min, lon_max, lat_max


def in_indonesia(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lon_min, lat_min, lon_max, lat_max = INDONESIA_BBOX
    return (lon >= lon_min) & (lon <= lon_max) & (lat >= lat_min) & (lat <= lat_max)


def clean_points(
    df: pd.DataFrame,
    report: LayerReport,
    *,
    lon: str = "lon",
    lat: str = "lat",
    province_polygons: gpd.GeoDataFrame | None = None,
    province_column: str | None = None,
) -> pd.DataFrame:
    """Drop or repair bad coordinates.

    Reasons, in the order they are tested:
    - ``missing_coordinates``: lat or lon empty;
    - ``zero_coordinates``: the (0, 0) placeholder;
    - swapped lat/lon put back (repair ``swapped_coordinates``) when only the swapped
      pair lies in Indonesia;
    - a latitude with the wrong sign put back (repair ``latitude_sign``) when only the
      flipped point lies in Indonesia and, where province polygons and a province
      column are given, inside the stated province;
    - ``outside_indonesia``: anything else outside Indonesia's extent.
    """
    out = df.copy()
    x = np.array(out[lon], dtype=float, copy=True)
    y = np.array(out[lat], dtype=float, copy=True)

    missing = np.isnan(x) | np.isnan(y)
    report.drop("missing_coordinates", int(missing.sum()))
    zero = ~missing & (np.abs(x) < 1e-9) & (np.abs(y) < 1e-9)
    report.drop("zero_coordinates", int(zero.sum()))
    alive = ~missing & ~zero

    inside = alive & in_indonesia(x, y)
    swapped = alive & ~inside & in_indonesia(y, x)
    if swapped.any():
        x[swapped], y[swapped] = y[swapped].copy(), x[swapped].copy()
        report.repair("swapped_coordinates", int(swapped.sum()))

    inside = alive & in_indonesia(x, y)
    flip = alive & ~inside & in_indonesia(x, -y)
    if flip.any() and province_polygons is not None and province_column is not None:
        flip &= _inside_stated_province(x, -y, out[province_column], province_polygons)
    if flip.any():
        y[flip] = -y[flip]
        report.repair("latitude_sign", int(flip.sum()))

    inside = alive & in_indonesia(x, y)
    outside = alive & ~inside
    report.drop("outside_indonesia", int(outside.sum()))

    out[lon] = x
    out[lat] = y
    return out[inside]


def _inside_stated_province(
    x: np.ndarray, y: np.ndarray, codes: pd.Series, polygons: gpd.GeoDataFrame
) -> np.ndarray:
    geoms = dict(zip(polygons["code"].astype(int), polygons.geometry, strict=False))
    result = np.zeros(len(x), dtype=bool)
    for i, code in enumerate(codes.to_numpy()):
        geom = geoms.get(int(code)) if pd.notna(code) else None
        if geom is not None and geom.geom_type != "Point":
            result[i] = geom.buffer(0.05).contains(shapely.Point(x[i], y[i]))
    return result


def drop_duplicates(
    df: pd.DataFrame, report: LayerReport, *, key: str, reason: str = "duplicate_id"
) -> pd.DataFrame:
    """Keep the first row of each key; later rows with the same key are dropped and counted."""
    dup = df[key].notna() & df.duplicated(subset=[key], keep="first")
    report.drop(reason, int(dup.sum()))
    return df[~dup]


def clean_polygons(gdf: gpd.GeoDataFrame, report: LayerReport) -> gpd.GeoDataFrame:
    """Drop empty geometries; repair invalid ones with ``make_valid`` keeping polygonal parts."""
    out = gdf.copy()
    geoms = out.geometry.to_numpy()
    empty = pd.Series(shapely.is_missing(geoms) | shapely.is_empty(geoms), index=out.index)
    report.drop("missing_geometry", int(empty.sum()))
    out = out[~empty].copy()
    invalid = ~out.geometry.is_valid
    if invalid.any():
        fixed = shapely.make_valid(out.geometry[invalid].to_numpy())
        fixed = np.array([_polygonal(g) for g in fixed], dtype=object)
        out.loc[invalid, out.geometry.name] = fixed
        report.repair("invalid_polygon", int(invalid.sum()))
    return out


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the (multi)polygon parts of a make_valid result (it may add lines/points)."""
    if geom.geom_type in {"Polygon", "MultiPolygon"}:
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in {"Polygon", "MultiPolygon"}]
    return shapely.union_all(parts) if parts else geom
