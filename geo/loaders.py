"""Reading files: tables (CSV) and vector layers (GeoJSON, TopoJSON, Shapefile, GeoPackage).

Every failure is a :class:`geo.errors.DataError` naming the file and, where it can be
told, the row and the column. Rows are counted as a spreadsheet user counts them: the
header is row 1, the first data row is row 2 (for JSON files, the line number).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import DataError

CRS = "EPSG:4326"

VECTOR_FORMATS = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".topojson": "topojson",
    ".shp": "shapefile",
    ".zip": "shapefile",
    ".gpkg": "gpkg",
}


def detect_format(path: Path, declared: str | None = None) -> str:
    """The format named in a manifest, or the one the file name suggests."""
    if declared:
        return declared.lower()
    name = path.name.lower()
    if name.endswith(".topo.json") or name.endswith(".topojson"):
        return "topojson"
    if name.endswith(".csv") or name.endswith(".csv.gz"):
        return "csv"
    fmt = VECTOR_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataError(f"unknown file format '{path.suffix}'", file=str(path))
    return fmt


def _check_exists(path: Path) -> None:
    if not path.exists():
        raise DataError("file not found", file=str(path))
    if path.is_dir():
        raise DataError("is a folder, expected a file", file=str(path))


def read_csv(path: Path, *, dtype: dict | None = None) -> pd.DataFrame:
    """Read a CSV with every column as text (callers convert and validate columns)."""
    path = Path(path)
    _check_exists(path)
    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
        )
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty", file=str(path)) from None
    except pd.errors.ParserError as exc:
        row = _row_from_parser_error(str(exc))
        raise DataError(f"cannot parse CSV ({_first_line(exc)})", file=str(path), row=row) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None


def _row_from_parser_error(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _check_json(path: Path) -> None:
    """Parse JSON once to report truncated/malformed files with line and column."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            json.load(fh)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            file=str(path),
            row=exc.lineno,
        ) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None


def read_vector(
    path: Path, *, fmt: str | None = None, layer: str | None = None
) -> gpd.GeoDataFrame:
    """Read a vector layer into EPSG:4326. TopoJSON is read through GDAL's TopoJSON driver."""
    path = Path(path)
    _check_exists(path)
    fmt = detect_format(path, fmt)
    if fmt in {"geojson", "topojson"}:
        _check_json(path)
    kwargs: dict = {}
    if layer:
        kwargs["layer"] = layer
    try:
        gdf = gpd.read_file(path, **kwargs)
    except Exception as exc:  # pyogrio raises several types; all mean "cannot read"
        raise DataError(f"cannot read {fmt} layer ({_first_line(exc)})", file=str(path)) from None
    if gdf.crs is None:
        gdf = gdf.set_crs(CRS)  # GeoJSON/TopoJSON carry no crs member: lon/lat by spec
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(CRS)
    return gdf


def require_columns(df: pd.DataFrame, columns: dict[str, str | None], *, file: str) -> None:
    """Check that every mapped column exists; the message lists what the file has."""
    for role, column in columns.items():
        if column and column not in df.columns:
            have = ", ".join(map(str, df.columns[:15]))
            raise DataError(
                f"missing column '{column}' (needed for {role}); the file has: {have}",
                file=file,
                column=column,
            )


def to_number(
    series: pd.Series,
    *,
    file: str,
    column: str,
    row_offset: int = 2,
    allow_thousands: bool = True,
) -> pd.Series:
    """Convert text to float; empty stays NaN; text that is not a number is a DataError.

    ``row_offset`` turns a 0-based position into the row a user sees (2 for CSV files
    with a header row). Thousands separators such as "1,103" are accepted when
    ``allow_thousands`` (the Kemenkes bed list has two).
    """
    text = series.astype("string").str.strip()
    if allow_thousands:
        text = text.str.replace(
            r"^(\d{1,3})(,\d{3})+$", lambda m: m.group(0).replace(",", ""), regex=True
        )
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() & text.notna() & (text != "") & (text.str.lower() != "nan")
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"'{text.iloc[pos]}' is not a number",
            file=file,
            row=pos + row_offset,
            column=column,
        )
    return values.astype(float)


def split_latlon(series: pd.Series, *, file: str, column: str) -> tuple[pd.Series, pd.Series]:
    """Split a one-column "lat,lon" string (also "lat lon" or "lat;lon") into two numbers."""
    text = series.astype("string").str.strip()
    parts = text.str.extract(r"^\s*([-+0-9.eE]+)\s*[,; ]\s*([-+0-9.eE]+)\s*$")
    bad = parts[0].isna() & text.notna() & (text != "")
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"'{text.iloc[pos]}' is not a 'lat,lon' pair",
            file=file,
            row=pos + 2,
            column=column,
        )
    lat = to_number(parts[0], file=file, column=column, allow_thousands=False)
    lon = to_number(parts[1], file=file, column=column, allow_thousands=False)
    return lat, lon
