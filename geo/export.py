"""Exports: tables as CSV, GeoJSON and GeoPackage bytes (for downloads and the CLI)."""

from __future__ import annotations

import os
import tempfile

import geopandas as gpd
import pandas as pd

CSV_COLUMNS_DROP = ("geometry",)


def plain_table(df: pd.DataFrame) -> pd.DataFrame:
    """Lists (e.g. reasons) as '; '-joined text, geometry as lon/lat columns."""
    out = pd.DataFrame(df.drop(columns=[c for c in CSV_COLUMNS_DROP if c in df.columns]))
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, list | tuple)).any():
            out[col] = out[col].map(
                lambda v: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v
            )
    if isinstance(df, gpd.GeoDataFrame) and len(df) and (df.geom_type == "Point").all():
        out["lon"], out["lat"] = df.geometry.x.to_numpy(), df.geometry.y.to_numpy()
    return out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse_formula(value: object) -> object:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)", "@SUM(...)") gets a
    leading apostrophe (OWASP CSV injection); numbers such as "-6.2" are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    out = plain_table(df)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_defuse_formula)
    return out.to_csv(index=False).encode("utf-8")


def _as_gdf(df: pd.DataFrame) -> gpd.GeoDataFrame:
    if isinstance(df, gpd.GeoDataFrame):
        gdf = df
    elif {"lon", "lat"} <= set(df.columns):
        gdf = gpd.GeoDataFrame(
            df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326"
        )
    else:
        gdf = gpd.GeoDataFrame(df, geometry=[None] * len(df), crs="EPSG:4326")
    plain = plain_table(gdf.drop(columns=[gdf.geometry.name]))
    plain = plain.drop(columns=[c for c in ("lon", "lat") if c in plain and c not in df.columns])
    return gpd.GeoDataFrame(plain, geometry=gdf.geometry.to_numpy(), crs=gdf.crs or "EPSG:4326")


def to_geojson_bytes(df: pd.DataFrame) -> bytes:
    return _as_gdf(df).to_json(drop_id=True).encode("utf-8")


def to_gpkg_bytes(df: pd.DataFrame, *, layer: str = "layer") -> bytes:
    gdf = _as_gdf(df)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.gpkg")
        gdf.to_file(path, layer=layer, driver="GPKG")
        with open(path, "rb") as fh:
            return fh.read()


def _json_default(value: object) -> object:
    import numpy as np

    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(obj: object, stream: object = None) -> None:
    """The one JSON writer of the command line: numpy scalars as numbers, NaN refused."""
    import json
    import sys

    out = sys.stdout if stream is None else stream
    json.dump(obj, out, default=_json_default, allow_nan=False, indent=1)
    out.write("\n")
