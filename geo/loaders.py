"""Reading files: tables (CSV) and vector layers (GeoJSON, TopoJSON, Shapefile, GeoPackage).

Every failure is a :class:`geo.errors.DataError` naming the file and, where it can be
told, the row and the column. Rows are counted as a spreadsheet user counts them: the
header is row 1, the first data row is row 2 (for JSON files, the line number).
"""

from __future__ import annotations

import json
import re
import warnings
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
    """Read a CSV with every column as text (callers convert and validate columns).

    Accepted beside plain UTF-8 with commas: a UTF-8 or UTF-16 byte-order mark, Latin-1
    text (``df.attrs["encoding"]`` says so), and ``;`` or tab as the delimiter (guessed
    from the header line; ``df.attrs["delimiter"]``). A row with too many fields is
    skipped, not fatal: ``df.attrs["bad_lines"]`` lists ``(line, message)`` for each, so
    the caller can count it. Binary data, an empty file or a file whose quoting never
    closes is a :class:`DataError`.
    """
    path = Path(path)
    _check_exists(path)
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if not head.strip():
        raise DataError("the file is empty", file=str(path))
    encoding = _sniff_encoding(head, path)
    try:
        sep = _sniff_delimiter(head.decode(encoding, errors="replace"))
        try:
            df, bad = _read_csv_text(path, encoding, sep)
        except UnicodeDecodeError:
            encoding = "latin-1"  # never fails: every byte is a character
            df, bad = _read_csv_text(path, encoding, sep)
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty", file=str(path)) from None
    except pd.errors.ParserError as exc:
        row = _row_from_parser_error(str(exc))
        raise DataError(f"cannot parse CSV ({_first_line(exc)})", file=str(path), row=row) from None
    df.columns = [str(c).strip() for c in df.columns]
    df.attrs.update(encoding=encoding, delimiter=sep, bad_lines=bad)
    return df


_SNIFF_BYTES = 65536


def _sniff_encoding(head: bytes, path: Path) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        raise DataError("binary data, not a CSV text file", file=str(path))
    return "utf-8-sig"


def _sniff_delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > counts[","] else ","


def _read_csv_text(
    path: Path, encoding: str, sep: str
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    bad: list[tuple[int, str]] = []
    kwargs: dict = {
        "dtype": str,
        "keep_default_na": False,
        "na_values": [""],
        "encoding": encoding,
        "sep": sep,
        "on_bad_lines": "warn",
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            df = pd.read_csv(path, **kwargs)
        except pd.errors.ParserError as exc:
            # a file cut inside a quoted field: keep the rows before it, count the cut one
            match = re.search(r"EOF inside string starting at row (\d+)", str(exc))
            if not match or int(match.group(1)) < 2:
                raise
            start = int(match.group(1))
            df = pd.read_csv(path, nrows=start - 1, **kwargs)
            bad.append((start + 1, "the file ends inside a quoted field (truncated?)"))
    for w in caught:
        if issubclass(w.category, pd.errors.ParserWarning):
            for line in str(w.message).splitlines():
                match = re.search(r"[Ss]kipping line (\d+): (.*)", line)
                if match:
                    bad.append((int(match.group(1)), match.group(2).strip()))
        else:  # pragma: no cover - pass other warnings on
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return df, bad


def _row_from_parser_error(message: str) -> int | None:
    match = re.search(r"(?:line|row) (\d+)", message)
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
    except (OSError, RuntimeError, ValueError) as exc:  # pyogrio's errors are RuntimeErrors
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


def parse_numbers(
    series: pd.Series, *, allow_thousands: bool = True, decimal_comma: bool = False
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Text to float, row by row: ``(values, bad, comma)``.

    ``values`` is NaN where the text is empty, "nan", or bad; ``bad`` marks text that is
    not a finite number ("abc", "inf", "1e999"); ``comma`` marks values read with a
    decimal comma ("12,5" -> 12.5). With ``allow_thousands`` (and not
    ``decimal_comma``), "1,103" is one thousand one hundred and three; otherwise a
    single comma between digits is a decimal comma.
    """
    text = series.astype("string").str.strip()
    comma = pd.Series(False, index=series.index)
    if text.str.contains(",", regex=False).fillna(False).any():
        thousands = (
            text.str.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+").fillna(False)
            if allow_thousands and not decimal_comma
            else pd.Series(False, index=series.index)
        )
        comma = ~thousands & text.str.fullmatch(r"[-+]?\d*,\d+(?:[eE][-+]?\d+)?").fillna(False)
        text = text.mask(thousands, text.str.replace(",", "", regex=False))
        text = text.mask(comma, text.str.replace(",", ".", regex=False))
    values = pd.to_numeric(text, errors="coerce").astype(float)
    arr = values.to_numpy()
    nonfinite = np.isinf(arr)
    empty = text.isna() | (text == "") | (text.str.lower() == "nan")
    bad = pd.Series(
        (np.isnan(arr) & ~empty.fillna(True).to_numpy()) | nonfinite, index=series.index
    )
    values = values.mask(bad)
    return values, bad, comma.astype(bool)


def to_number(
    series: pd.Series,
    *,
    file: str,
    column: str,
    row_offset: int = 2,
    allow_thousands: bool = True,
) -> pd.Series:
    """Convert text to float; empty stays NaN; text that is not a finite number is a DataError.

    ``row_offset`` turns a 0-based position into the row a user sees (2 for CSV files
    with a header row). Thousands separators such as "1,103" are accepted when
    ``allow_thousands`` (the Kemenkes bed list has two); a decimal comma ("12,5") is
    read as a decimal point. Loaders that can lose one row instead of the whole file
    use :func:`parse_numbers`.
    """
    values, bad, _ = parse_numbers(series, allow_thousands=allow_thousands)
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"'{str(series.iloc[pos]).strip()}' is not a finite number",
            file=file,
            row=pos + row_offset,
            column=column,
        )
    return values


def parse_latlon(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A one-column "lat,lon" string (also "lat lon" or "lat;lon") as ``(lat, lon, bad)``."""
    text = series.astype("string").str.strip()
    parts = text.str.extract(r"^\s*([-+0-9.eE]+)\s*[,; ]\s*([-+0-9.eE]+)\s*$")
    lat, bad_lat, _ = parse_numbers(parts[0], allow_thousands=False)
    lon, bad_lon, _ = parse_numbers(parts[1], allow_thousands=False)
    unsplit = parts[0].isna() & text.notna() & (text != "")
    bad = (unsplit | bad_lat | bad_lon).fillna(True).astype(bool)
    return lat.mask(bad), lon.mask(bad), bad


def split_latlon(series: pd.Series, *, file: str, column: str) -> tuple[pd.Series, pd.Series]:
    """Split a one-column "lat,lon" string (also "lat lon" or "lat;lon") into two numbers;
    the first value that is not such a pair is a DataError."""
    lat, lon, bad = parse_latlon(series)
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"'{str(series.iloc[pos]).strip()}' is not a 'lat,lon' pair",
            file=file,
            row=pos + 2,
            column=column,
        )
    return lat, lon
