"""Exports: tables as CSV, GeoJSON and GeoPackage bytes (for downloads and the CLI).

Every export can carry where its numbers come from (``meta``: the fingerprint, the
scenario's query and link): the first line of a CSV (``# fingerprint=…; scenario=…``,
read back with ``pd.read_csv(f, skiprows=1)``), a ``metadata`` member of
a GeoJSON FeatureCollection, and the layer name and a ``gpkg_metadata`` row of a
GeoPackage. Floats are rounded to a meaningful precision (:func:`rounded`).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

CSV_COLUMNS_DROP = ("geometry",)
#: significant digits kept in exported floats: no input of the model is known better
#: than to 3-4 digits, and 6 keeps sums of exported rows equal to exported totals
SIGNIFICANT_DIGITS = 6
COORD_DECIMALS = 5  # lon/lat: ~1 m
_COORD_COLUMNS = ("lon", "lat", "capital_lon", "capital_lat", "x", "y")


def _round_sig(values: np.ndarray, digits: int) -> np.ndarray:
    out = values.astype(float, copy=True)
    ok = np.isfinite(out) & (out != 0)
    mag = np.floor(np.log10(np.abs(out[ok])))
    scale = 10.0 ** (digits - 1 - mag)
    out[ok] = np.round(out[ok] * scale) / scale
    return out


def rounded(df: pd.DataFrame) -> pd.DataFrame:
    """Float columns rounded for export: coordinates to :data:`COORD_DECIMALS`
    decimals, every other float to :data:`SIGNIFICANT_DIGITS` significant digits
    (``719.9999999999854`` becomes ``720``); integers, text and NaN stay as they are."""
    out = df.copy()
    for col in out.columns:
        if col == getattr(out, "_geometry_column_name", None):
            continue
        if pd.api.types.is_float_dtype(out[col]):
            values = out[col].to_numpy(dtype=float)
            if col in _COORD_COLUMNS:
                out[col] = np.round(values, COORD_DECIMALS)
            else:
                out[col] = _round_sig(values, SIGNIFICANT_DIGITS)
    return out


def meta_line(meta: Mapping[str, str]) -> str:
    """``# key=value; key=value`` (the first line of a CSV export)."""
    return "# " + "; ".join(f"{k}={v}" for k, v in meta.items())


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


def to_csv_bytes(df: pd.DataFrame, *, meta: Mapping[str, str] | None = None) -> bytes:
    """The table as UTF-8 CSV, floats rounded (:func:`rounded`), formulas defused.

    Parameters
    ----------
    df : pandas.DataFrame
        Any table (lists as '; '-joined text, geometry as lon/lat columns).
    meta : mapping of str to str, optional
        The fingerprint and scenario (e.g. ``{"fingerprint": ..., "scenario": ...}``).
        With it, the first line is ``# key=value; ...``.

    Returns
    -------
    bytes
        UTF-8 CSV.
    """
    out = rounded(plain_table(df))
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_defuse_formula)
    head = meta_line(meta) + "\n" if meta else ""
    return (head + out.to_csv(index=False)).encode("utf-8")


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


def to_geojson_bytes(df: pd.DataFrame, *, meta: Mapping[str, str] | None = None) -> bytes:
    """The table as a GeoJSON FeatureCollection, floats rounded, coordinates to 5 decimals.

    Parameters
    ----------
    df : pandas.DataFrame
        A GeoDataFrame, or a table with ``lon``/``lat`` columns (EPSG:4326), or any
        table (features without geometry).
    meta : mapping of str to str, optional
        The fingerprint and scenario (e.g. ``{"fingerprint": ..., "scenario": ...}``).
        With it, a ``metadata`` member (a foreign member, RFC 7946 section 6.1) names
        them.

    Returns
    -------
    bytes
        UTF-8 JSON.
    """
    gdf = _as_gdf(df)
    collection = json.loads(rounded(gdf).to_json(drop_id=True, to_wgs84=False))
    for feature in collection["features"]:
        if feature.get("geometry"):
            feature["geometry"] = _round_coords(feature["geometry"])
    if meta:
        collection = {"type": collection["type"], "metadata": dict(meta), **collection}
    return json.dumps(collection, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _round_coords(geometry: dict) -> dict:
    def walk(c):
        if isinstance(c, list | tuple) and c and isinstance(c[0], int | float):
            return [round(float(v), COORD_DECIMALS) for v in c]
        return [walk(x) for x in c]

    if "coordinates" in geometry:
        return {**geometry, "coordinates": walk(geometry["coordinates"])}
    if "geometries" in geometry:
        return {**geometry, "geometries": [_round_coords(g) for g in geometry["geometries"]]}
    return geometry


def to_gpkg_bytes(
    df: pd.DataFrame, *, layer: str = "layer", meta: Mapping[str, str] | None = None
) -> bytes:
    """The table as a GeoPackage of one layer, floats rounded.

    Parameters
    ----------
    df : pandas.DataFrame
        As for :func:`to_geojson_bytes`.
    layer : str
        The layer's name.
    meta : mapping of str to str, optional
        The fingerprint and scenario (e.g. ``{"fingerprint": ..., "scenario": ...}``).
        With it, the layer's description (``gpkg_contents.description``) names them.

    Returns
    -------
    bytes
        The ``.gpkg`` file.
    """
    gdf = rounded(_as_gdf(df))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.gpkg")
        gdf.to_file(path, layer=layer, driver="GPKG")
        if meta:
            import sqlite3

            with sqlite3.connect(path) as db:
                db.execute(
                    "UPDATE gpkg_contents SET description = ? WHERE table_name = ?",
                    (meta_line(meta)[2:], layer),
                )
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


# --------------------------------------------------------------------------- the CLI's JSON


def write_json(*parts: Mapping, stream: object = None, **fields: object) -> None:
    """Write one JSON object: the command line's one door to :func:`emit_json`, so no
    command builds its output by hand.

    Always valid JSON: NaN/inf/NaT are written as ``null`` with the reason beside them.

    Parameters
    ----------
    *parts : mapping
        Mappings merged in order, a later key replacing an earlier one.
    stream : file-like, optional
        Where to write (standard output when None).
    **fields : object
        Keys merged last.

    Returns
    -------
    None
    """
    merged: dict = {}
    for part in parts:
        merged.update(part)
    merged.update(fields)
    emit_json(merged, stream)


def json_id(value: object) -> object:
    """An id as JSON: numpy scalars as Python values, a missing id (NaN) as ``None``."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def json_num(value: object) -> float | None:
    """A number as JSON: a float, or ``None`` when not finite."""
    v = float(value)
    return None if not np.isfinite(v) else v


def _plain(value: object) -> object:
    if value is pd.NaT or (isinstance(value, np.datetime64) and np.isnat(value)):
        return None  # an unknown date (the bed method has no case date)
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    return json_id(value)


def json_value(value: object) -> object:
    """A table cell as JSON: floats by :func:`json_num`, dates as ``YYYY-MM-DD``."""
    if isinstance(value, float | np.floating):
        return json_num(value)
    return _plain(value)


def records(table: pd.DataFrame) -> list[dict]:
    """A table as a list of JSON records, one per row (cells by :func:`json_value`)."""
    return [{k: json_value(v) for k, v in row.items()} for row in table.to_dict("records")]


def unpublished_cases(pack) -> tuple[list[dict], list[str]]:
    """Provinces with no published case figure (named, with the rule that filled them):
    records for JSON and one warning line each."""
    from geo.demand import unpublished_provinces, unpublished_warning

    table = unpublished_provinces(pack.cases, pack.provinces)
    lines = [unpublished_warning(r) for _, r in table.iterrows()]
    out = [
        {k: json_value(v) for k, v in r.items()} | {"warning": line}
        for r, line in zip(table.to_dict("records"), lines, strict=True)
    ]
    return out, lines


def head_json(result, *, case_provinces: bool = False) -> dict:
    """What every analysis JSON starts with: the scenario and its fingerprint; then the
    error object of each layer that failed to load (one the command can do without) and,
    with ``case_provinces`` (a command that reads case figures), the provinces that have
    none published."""
    head = {
        "fingerprint": result.fingerprint,
        "scenario": {
            k: v
            for k, v in result.scenario.to_query().items()
            if k not in ("page", "lang", "tiles")
        },
    }
    if result.pack.errors:
        head["layer_errors"] = list(result.pack.errors)
    if case_provinces:
        head["unpublished_case_provinces"] = unpublished_cases(result.pack)[0]
    return head


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
