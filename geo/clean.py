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
      column are given, inside the stated province (a sign lost inside Indonesia's box
      is the location check's, :mod:`geo.locations`);
    - ``coordinates_out_of_range``: latitude beyond +-90 or longitude beyond +-180, or
      not finite (typically metres of a projected CRS read as degrees);
    - ``outside_indonesia``: anything else outside Indonesia's extent.
    """
    out = df.copy()
    x = np.array(out[lon], dtype=float, copy=True)
    y = np.array(out[lat], dtype=float, copy=True)

    x[~np.isfinite(x) & ~np.isnan(x)] = np.inf  # +-inf stays impossible, counted below
    y[~np.isfinite(y) & ~np.isnan(y)] = np.inf
    missing = np.isnan(x) | np.isnan(y)
    report.drop("missing_coordinates", int(missing.sum()), rows=file_rows(out, missing))
    zero = ~missing & (np.abs(x) < 1e-9) & (np.abs(y) < 1e-9)
    report.drop("zero_coordinates", int(zero.sum()), rows=file_rows(out, zero))
    alive = ~missing & ~zero

    inside = alive & in_indonesia(x, y)
    swapped = alive & ~inside & in_indonesia(y, x)
    if swapped.any():
        x[swapped], y[swapped] = y[swapped].copy(), x[swapped].copy()
        report.repair("swapped_coordinates", int(swapped.sum()), rows=file_rows(out, swapped))

    inside = alive & in_indonesia(x, y)
    flip = alive & ~inside & in_indonesia(x, -y)
    if province_polygons is not None and province_column is not None:
        stated = out[province_column].to_numpy()
        if flip.any():
            flip[flip] = _inside_stated_province(x[flip], -y[flip], stated[flip], province_polygons)
    if flip.any():
        y[flip] = -y[flip]
        report.repair("latitude_sign", int(flip.sum()), rows=file_rows(out, flip))

    inside = alive & in_indonesia(x, y)
    outside = alive & ~inside
    with np.errstate(invalid="ignore"):
        impossible = outside & ~((np.abs(x) <= 180) & (np.abs(y) <= 90))
    report.drop("coordinates_out_of_range", int(impossible.sum()), rows=file_rows(out, impossible))
    far = outside & ~impossible
    report.drop("outside_indonesia", int(far.sum()), rows=file_rows(out, far))

    out[lon] = x
    out[lat] = y
    return out[inside]


def _inside_stated_province(
    x: np.ndarray, y: np.ndarray, codes: np.ndarray, polygons: gpd.GeoDataFrame
) -> np.ndarray:
    """Whether each point lies inside (within 0.05 degrees of) its stated province:
    one buffer per province and one vectorised test per province, not per point."""
    result = np.zeros(len(x), dtype=bool)
    numeric = pd.to_numeric(pd.Series(codes), errors="coerce").to_numpy()
    for code, geom in zip(polygons["code"].astype(int), polygons.geometry, strict=False):
        sel = numeric == code
        if sel.any() and geom is not None and geom.geom_type != "Point":
            result[sel] = shapely.contains_xy(geom.buffer(0.05), x[sel], y[sel])
    return result


def file_rows(df: pd.DataFrame, mask: np.ndarray | pd.Series) -> list[int]:
    """The file rows (the header is row 1) of ``df``'s rows where ``mask`` holds, when
    ``df`` keeps the integer index it was read with; else none."""
    if not pd.api.types.is_integer_dtype(df.index):
        return []
    return (df.index[np.asarray(mask, dtype=bool)] + 2).tolist()


def drop_duplicates(
    df: pd.DataFrame, report: LayerReport, *, key: str, reason: str = "duplicate_id"
) -> pd.DataFrame:
    """Keep the first row of each key; later rows with the same key are dropped and counted."""
    dup = df[key].notna() & df.duplicated(subset=[key], keep="first")
    report.drop(reason, int(dup.sum()), rows=file_rows(df, dup))
    return df[~dup]


def clean_polygons(
    gdf: gpd.GeoDataFrame,
    report: LayerReport,
    *,
    extent: tuple[float, float, float, float] | None = None,
) -> gpd.GeoDataFrame:
    """Drop empty geometries and impossible ones; repair invalid ones with ``make_valid``
    keeping polygonal parts.

    Reasons: ``missing_geometry`` (null or empty), ``coordinates_out_of_range`` (bounds
    beyond +-180/+-90, typically metres of a projected CRS read as degrees) and, when
    ``extent`` (lon_min, lat_min, lon_max, lat_max) is given, ``outside_indonesia`` for
    shapes that do not touch it; ``invalid_geometry`` for an invalid shape with no area
    left after repair. Repairs: ``invalid_polygon``.
    """
    out = gdf.copy()
    geoms = out.geometry.to_numpy()
    empty = pd.Series(shapely.is_missing(geoms) | shapely.is_empty(geoms), index=out.index)
    report.drop("missing_geometry", int(empty.sum()))
    out = out[~empty].copy()
    bounds = shapely.bounds(out.geometry.to_numpy())
    with np.errstate(invalid="ignore"):
        possible = (
            np.isfinite(bounds).all(axis=1)
            & (np.abs(bounds[:, [0, 2]]) <= 180).all(axis=1)
            & (np.abs(bounds[:, [1, 3]]) <= 90).all(axis=1)
        )
    report.drop("coordinates_out_of_range", int((~possible).sum()))
    out, bounds = out[possible].copy(), bounds[possible]
    if extent is not None:
        lon_min, lat_min, lon_max, lat_max = extent
        touches = (
            (bounds[:, 2] >= lon_min)
            & (bounds[:, 0] <= lon_max)
            & (bounds[:, 3] >= lat_min)
            & (bounds[:, 1] <= lat_max)
        )
        report.drop("outside_indonesia", int((~touches).sum()))
        out = out[touches].copy()
    invalid = ~out.geometry.is_valid
    if invalid.any():
        fixed = shapely.make_valid(out.geometry[invalid].to_numpy())
        fixed = np.array([_polygonal(g) for g in fixed], dtype=object)
        out.loc[invalid, out.geometry.name] = fixed
        polygonal = out.geometry.geom_type.isin(["Polygon", "MultiPolygon"]) | ~invalid
        report.drop("invalid_geometry", int((~polygonal).sum()))  # no area left to keep
        report.repair("invalid_polygon", int((invalid & polygonal).sum()))
        out = out[polygonal]
    return out


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the (multi)polygon parts of a make_valid result (it may add lines/points)."""
    if geom.geom_type in {"Polygon", "MultiPolygon"}:
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in {"Polygon", "MultiPolygon"}]
    return shapely.union_all(parts) if parts else geom
