"""Exports: tables as CSV, GeoJSON and GeoPackage bytes (for downloads and the CLI)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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


# why a value was written as null: the writer cannot know what a NaN meant to the stage
# that made it, only what it was; the key beside it says which
NULL_REASONS = {
    "nan": "not a number (NaN): unknown or undefined",
    "inf": "infinite (+inf)",
    "-inf": "infinite (-inf)",
    "nat": "missing date (NaT)",
    "na": "missing value (NA)",
}
NULL_REASON_SUFFIX = "_null_reason"


def _null_reason(value: object) -> str | None:
    """The key of :data:`NULL_REASONS` for a value JSON cannot hold, else None."""
    import math

    import numpy as np

    if value is pd.NaT or isinstance(value, np.datetime64 | np.timedelta64) and np.isnat(value):
        return "nat"
    if value is pd.NA:
        return "na"
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
    return None


def json_safe(obj: object) -> object:
    """``obj`` as plain JSON values: numpy scalars and arrays as numbers and lists, dates
    as ``YYYY-MM-DD``, paths as text, a :class:`geo.errors.DataError` as its error
    object; NaN, infinities, NaT and NA as ``null``. In a mapping, a value made null
    gets the reason beside it under ``<key>_null_reason`` (one of
    :data:`NULL_REASONS`), unless the mapping already has that key.
    """
    import datetime as dt
    from pathlib import PurePath

    import numpy as np

    from geo.errors import DataError

    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, int) and not isinstance(obj, bool):
        return obj
    if _null_reason(obj) is not None:
        return None
    if isinstance(obj, float):
        return obj
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, pd.Timestamp | np.datetime64):
        return pd.Timestamp(obj).strftime("%Y-%m-%d")
    if isinstance(obj, dt.datetime | dt.date):
        return obj.strftime("%Y-%m-%d")
    if isinstance(obj, PurePath):
        return obj.as_posix()
    if isinstance(obj, DataError):
        return obj.to_dict() | {"text": obj.one_line()}
    if isinstance(obj, dict):
        out: dict = {}
        for key, value in obj.items():
            name = key if isinstance(key, str) else str(json_safe(key))
            out[name] = json_safe(value)
            reason = _null_reason(value)
            flag = f"{name}{NULL_REASON_SUFFIX}"
            if reason is not None and flag not in obj:
                out[flag] = NULL_REASONS[reason]
        return out
    if isinstance(obj, list | tuple | set | frozenset):
        return [json_safe(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [json_safe(v) for v in obj.tolist()]
    if isinstance(obj, pd.Series):
        return json_safe(obj.to_dict())
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def emit_json(obj: object, stream: object = None) -> None:
    """The one JSON writer of the command line (see :func:`json_safe`): always valid
    JSON, NaN/inf/NaT written as ``null`` with the reason beside them."""
    import json
    import sys

    out = sys.stdout if stream is None else stream
    json.dump(json_safe(obj), out, allow_nan=False, indent=1)
    out.write("\n")


def check_output_path(
    path: str | os.PathLike[str], *, folder: bool = False, suffixes: tuple[str, ...] = ()
) -> Path:
    """Refuse, before any work starts, a path the command line could not write.

    ``path`` is a file to write (``folder=False``) or a folder to write files into
    (``folder=True``). Missing parent folders are fine (the writers create them) when the
    nearest existing one is a writable folder; refused: an existing folder where a file
    is needed, an existing file where a folder is needed, a regular file anywhere among
    the parents, a parent that is not writable, and (``suffixes``) a file name ending in
    none of ``suffixes``. Raises :class:`geo.errors.DataError` naming the path.
    """
    from geo.errors import DataError

    p = Path(path)
    if str(path).strip() == "":
        raise DataError("an output path is empty")
    if p.exists():
        if folder and not p.is_dir():
            raise DataError("is a file, and a folder is needed here", file=str(p))
        if not folder and p.is_dir():
            raise DataError("is a folder, and a file is needed here", file=str(p))
    if suffixes and not folder and not p.name.lower().endswith(suffixes):
        raise DataError(f"output must end in {', '.join(suffixes)}", file=str(p))
    parent = p.absolute().parent
    while not parent.exists():
        if parent.is_symlink():
            raise DataError("a parent folder is a broken link", file=str(parent))
        parent = parent.parent
    if not parent.is_dir():
        raise DataError(f"cannot write under '{parent}': it is a file, not a folder", file=str(p))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DataError(f"cannot write: folder '{parent}' is not writable", file=str(p))
    if p.exists() and not os.access(p, os.W_OK):
        raise DataError("cannot write: the existing file is read-only", file=str(p))
    return p
