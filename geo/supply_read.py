"""Reading the supply-lines layer of a pack: its vocabulary (kinds, statuses,
quantities), the columns of each table, and the readers of lines, national statements,
ports, sea lanes, the dated medical share and shipments into a :class:`SupplyChain`.
Every row a reader drops is counted in the layer's :class:`~geo.report.LayerReport`
and its :class:`DataError` (file, row, column) kept. The rules that use these tables
(lines active on a date, the reconciliation) are in :mod:`geo.supply`; every name
here stays importable from there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.errors import DataError
from geo.report import LayerReport

KINDS: tuple[str, ...] = ("domestic_plant", "conversion", "import", "other", "unplaced")
STATUSES: tuple[str, ...] = ("published", "estimated", "unknown")
LANE_STATUSES: tuple[str, ...] = ("published", "estimated")
# capacity: a producer (follows the medical-share table); addition: secured and delivered
# from its start; commitment: secured, delivered only from medical_from (imports: never as
# a daily flow, their tonnes are shipments)
SUPPLY_TYPES: tuple[str, ...] = ("capacity", "addition", "commitment")
DEFAULT_SUPPLY_TYPE: dict[str, str] = {
    "domestic_plant": "capacity",
    "conversion": "addition",
    "import": "commitment",
    "other": "addition",
    "unplaced": "addition",
}
# quantities a national statement can state (see statements_check)
QUANTITIES: tuple[str, ...] = ("secured", "capacity", "medical", "production", "installed")
# BPS codes of the six provinces of Java (Bali, 51, is not Java)
JAVA_PROVINCE_CODES: tuple[int, ...] = (31, 32, 33, 34, 35, 36)
SHIPMENT_STATUSES: tuple[str, ...] = ("arrived", "committed")
# A line sum matches a national statement within this (t/day).
RECONCILE_TOLERANCE_T_PER_DAY: float = 0.5
KNOT_KPH: float = 1.852

LINE_COLUMNS: list[str] = [
    "id",
    "kind",
    "name",
    "lat",
    "lon",
    "province_code",
    "t_per_day",
    "as_of",
    "start_date",
    "end_date",
    "status",
    "source",
    "rule",
    "port",
    "plant_match",
    "supply_type",
    "medical_from",
    "city",
]
# what supply_lines_on adds for its date
DATED_COLUMNS: list[str] = [
    "utilisation",
    "medical_share",
    "production_t_per_day",
    "medical_t_per_day",
    "medical_rule",
    "medical_source",
]
OUTPUT_COLUMNS: list[str] = [
    "id",
    "kind",
    "name",
    "lat",
    "lon",
    "province_code",
    "city",
    "t_per_day",
    "as_of",
    "status",
    "source",
    "rule",
    "supply_type",
    "production_t_per_day",
    "medical_t_per_day",
    "medical_rule",
    "medical_source",
]
STATEMENT_COLUMNS: list[str] = [
    "id",
    "date",
    "t_per_day",
    "statement",
    "source",
    "fact_id",
    "quantity",
    "scope",
    "compare_on",
]
REGIME_COLUMNS: list[str] = [
    "id",
    "from_date",
    "utilisation",
    "medical_share",
    "statement",
    "source",
    "rule",
]
SHIPMENT_COLUMNS: list[str] = [
    "id",
    "announced",
    "departs",
    "arrives",
    "port",
    "lat",
    "lon",
    "province_code",
    "t",
    "source",
    "status",
    "origin",
    "note",
]
PORT_COLUMNS: list[str] = ["id", "name", "node", "lat", "lon", "province_code", "source"]
LANE_COLUMNS: list[str] = [
    "id",
    "from_port",
    "to_port",
    "distance_km",
    "speed_kn",
    "sailing_h",
    "dwell_h",
    "status",
    "source",
    "note",
]


@dataclass
class SupplyChain:
    """The supply-lines layer of a pack: lines, national statements, ports, sea lanes."""

    lines: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LINE_COLUMNS))
    statements: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=STATEMENT_COLUMNS)
    )
    ports: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PORT_COLUMNS))
    lanes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LANE_COLUMNS))
    # the dated medical-share table (utilisation and medical share of producers by date)
    medical: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REGIME_COLUMNS))
    # dated arrivals (imports, relief, inter-island transfers): tonnes at a port on a day
    shipments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SHIPMENT_COLUMNS))
    errors: list[DataError] = field(default_factory=list)


# ----------------------------------------------------------------------------- reading
def _read_table(path: Path, required: list[str]) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError("file not found", file=str(path)) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"not a readable CSV ({exc})", file=str(path)) from None
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(
            f"missing column(s) {', '.join(missing)}", file=str(path), column=missing[0]
        )
    return df.apply(lambda s: s.str.strip())


def _number(
    text: str, *, file: str, row: int, column: str, required: bool, minimum: float | None = 0.0
) -> float:
    if text == "":
        if required:
            raise DataError("value is missing", file=file, row=row, column=column)
        return math.nan
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise DataError(f"'{text}' is not a number", file=file, row=row, column=column) from None
    if not math.isfinite(value):
        raise DataError(f"'{text}' is not a finite number", file=file, row=row, column=column)
    if minimum is not None and value < minimum:
        raise DataError(f"{value:g} is negative", file=file, row=row, column=column)
    return value


def _date(text: str, *, file: str, row: int, column: str, required: bool) -> str:
    if text == "":
        if required:
            raise DataError("date is missing", file=file, row=row, column=column)
        return ""
    stamp = pd.to_datetime(text, errors="coerce", format="mixed")
    if pd.isna(stamp) or len(text) < 7:
        raise DataError(f"'{text}' is not a date (YYYY-MM-DD)", file=file, row=row, column=column)
    return text


def _coords(rec: dict, *, file: str, row: int) -> tuple[float, float]:
    lat = _number(rec["lat"], file=file, row=row, column="lat", required=False, minimum=None)
    lon = _number(rec["lon"], file=file, row=row, column="lon", required=False, minimum=None)
    if math.isnan(lat) != math.isnan(lon):
        col = "lat" if math.isnan(lat) else "lon"
        raise DataError("give both lat and lon, or neither", file=file, row=row, column=col)
    if not math.isnan(lat) and not -90 <= lat <= 90:
        raise DataError(f"latitude {lat} out of range", file=file, row=row, column="lat")
    if not math.isnan(lon) and not -180 <= lon <= 180:
        raise DataError(f"longitude {lon} out of range", file=file, row=row, column="lon")
    return lat, lon


def _rows(
    df: pd.DataFrame,
    parse,
    *,
    report: LayerReport,
    errors: list[DataError],
    layer: str,
) -> list[dict]:
    """Parse every row; a DataError drops that row (counted, kept in ``errors``)."""
    out: list[dict] = []
    report.rows_read += len(df)
    for i, rec in enumerate(df.to_dict("records")):
        try:
            out.append(parse(rec, i + 2))
        except DataError as exc:
            exc.layer = layer
            errors.append(exc)
            report.drop(f"bad_{exc.column or 'row'}")
            report.notes.append(f"dropped: {exc.one_line()}")
    report.rows_kept += len(out)
    return out


def read_ports(path: str | Path, *, report: LayerReport, errors: list[DataError]) -> pd.DataFrame:
    """``ports.csv``: id, name, node (corridor node id, may be empty), lat, lon, province_code, source."""
    path = Path(path)
    file = str(path)
    df = _read_table(path, ["id", "name", "lat", "lon", "source"])
    for col in ("node", "province_code"):
        if col not in df:
            df[col] = ""
    seen: set[str] = set()

    def parse(rec: dict, row: int) -> dict:
        if not rec["id"]:
            raise DataError("port id is missing", file=file, row=row, column="id")
        if rec["id"] in seen:
            raise DataError(f"duplicate port id '{rec['id']}'", file=file, row=row, column="id")
        lat, lon = _coords(rec, file=file, row=row)
        if math.isnan(lat):
            raise DataError("a port needs coordinates", file=file, row=row, column="lat")
        if not rec["source"]:
            raise DataError("source is missing", file=file, row=row, column="source")
        seen.add(rec["id"])
        code = rec["province_code"]
        return {
            "id": rec["id"],
            "name": rec["name"],
            "node": rec["node"],
            "lat": lat,
            "lon": lon,
            "province_code": int(float(code)) if code else None,
            "source": rec["source"],
        }

    rows = _rows(df, parse, report=report, errors=errors, layer="sea_lanes")
    return pd.DataFrame(rows, columns=PORT_COLUMNS)


def read_lanes(
    path: str | Path, ports: pd.DataFrame, *, report: LayerReport, errors: list[DataError]
) -> pd.DataFrame:
    """``sea_lanes.csv``: a lane's time is ``sailing_h`` (published schedule) or
    ``distance_km / (speed_kn x 1.852)``; ``dwell_h`` (port time) is added once per lane.
    Output adds ``time_h = sailing_h + dwell_h``. Lanes are bidirectional."""
    path = Path(path)
    file = str(path)
    df = _read_table(path, ["from_port", "to_port", "status", "source"])
    for col in LANE_COLUMNS:
        if col not in df:
            df[col] = ""
    known = set(ports["id"])

    def parse(rec: dict, row: int) -> dict:
        for col in ("from_port", "to_port"):
            if rec[col] not in known:
                raise DataError(f"unknown port '{rec[col]}'", file=file, row=row, column=col)
        if rec["from_port"] == rec["to_port"]:
            raise DataError("a lane joins a port to itself", file=file, row=row, column="to_port")
        sailing = _number(rec["sailing_h"], file=file, row=row, column="sailing_h", required=False)
        distance = _number(
            rec["distance_km"], file=file, row=row, column="distance_km", required=False
        )
        speed = _number(rec["speed_kn"], file=file, row=row, column="speed_kn", required=False)
        if math.isnan(sailing):
            if math.isnan(distance) or math.isnan(speed) or speed <= 0:
                raise DataError(
                    "a lane needs sailing_h, or distance_km and a positive speed_kn",
                    file=file,
                    row=row,
                    column="sailing_h",
                )
            sailing = distance / (speed * KNOT_KPH)
        dwell = _number(rec["dwell_h"], file=file, row=row, column="dwell_h", required=False)
        dwell = 0.0 if math.isnan(dwell) else dwell
        if rec["status"] not in LANE_STATUSES:
            raise DataError(
                f"status '{rec['status']}' is not published or estimated",
                file=file,
                row=row,
                column="status",
            )
        if not rec["source"]:
            raise DataError("source is missing", file=file, row=row, column="source")
        return {
            "id": rec["id"] or f"{rec['from_port']}--{rec['to_port']}",
            "from_port": rec["from_port"],
            "to_port": rec["to_port"],
            "distance_km": distance,
            "speed_kn": speed,
            "sailing_h": sailing,
            "dwell_h": dwell,
            "time_h": sailing + dwell,
            "status": rec["status"],
            "source": rec["source"],
            "note": rec["note"],
        }

    rows = _rows(df, parse, report=report, errors=errors, layer="sea_lanes")
    return pd.DataFrame(rows, columns=[*LANE_COLUMNS, "time_h"])


def _line_t_per_day(rec: dict, *, is_ref: bool, file: str, row: int) -> float:
    """A line's status checked and its t/day read: required unless the capacity is
    unknown (then empty) or the row only references plants."""
    if rec["status"] not in STATUSES:
        raise DataError(
            f"status '{rec['status']}' is not one of {', '.join(STATUSES)}",
            file=file,
            row=row,
            column="status",
        )
    unknown = rec["status"] == "unknown"
    if unknown and rec["t_per_day"] != "":
        raise DataError(
            "an unknown capacity has no t/day (leave it empty)",
            file=file,
            row=row,
            column="t_per_day",
        )
    return _number(
        rec["t_per_day"], file=file, row=row, column="t_per_day", required=not (is_ref or unknown)
    )


def _line_place(
    rec: dict, port_xy: pd.DataFrame | None, *, kind: str, is_ref: bool, file: str, row: int
) -> tuple[float, float, int | None]:
    """Where a line is: its lat/lon, or its port's; its province code. An unplaced line
    has no coordinates; every other line has some, except an import (its tonnes arrive as
    shipments) and a plant reference."""
    lat, lon = _coords(rec, file=file, row=row)
    code = rec["province_code"]
    province = int(float(code)) if code else None
    if rec["port"]:
        if port_xy is None or rec["port"] not in port_xy.index:
            raise DataError(f"unknown port '{rec['port']}'", file=file, row=row, column="port")
        p = port_xy.loc[rec["port"]]
        lat, lon = float(p["lat"]), float(p["lon"])
        province = province if province is not None else p["province_code"]
    placed = not math.isnan(lat)
    if kind == "unplaced" and placed:
        raise DataError("an unplaced line has no coordinates", file=file, row=row, column="lat")
    # a purchase commitment has no single port: its tonnes arrive as shipments
    if kind not in ("unplaced", "import") and not placed and not is_ref:
        raise DataError(
            "no location: give lat/lon or a port, or make the line kind 'unplaced'",
            file=file,
            row=row,
            column="lat",
        )
    return lat, lon, province


def read_lines(
    path: str | Path, ports: pd.DataFrame, *, report: LayerReport, errors: list[DataError]
) -> pd.DataFrame:
    """``supply_lines.csv`` (see data/README.md). Rows with ``plant_match`` and no
    ``t_per_day`` are plant references: they only date or annotate plants of the plants
    layer whose name or company contains ``plant_match``."""
    path = Path(path)
    file = str(path)
    df = _read_table(path, ["id", "kind", "name", "t_per_day", "as_of", "status", "source"])
    for col in LINE_COLUMNS:
        if col not in df:
            df[col] = ""
    port_xy = ports.set_index("id")[["lat", "lon", "province_code"]] if len(ports) else None
    seen: set[str] = set()

    def parse(rec: dict, row: int) -> dict:
        if not rec["id"]:
            raise DataError("line id is missing", file=file, row=row, column="id")
        if rec["id"] in seen:
            raise DataError(f"duplicate line id '{rec['id']}'", file=file, row=row, column="id")
        kind = rec["kind"]
        if kind not in KINDS:
            raise DataError(
                f"kind '{kind}' is not one of {', '.join(KINDS)}", file=file, row=row, column="kind"
            )
        is_ref = bool(rec["plant_match"]) and rec["t_per_day"] == ""
        t = _line_t_per_day(rec, is_ref=is_ref, file=file, row=row)
        supply_type = rec["supply_type"] or DEFAULT_SUPPLY_TYPE[kind]
        if supply_type not in SUPPLY_TYPES:
            raise DataError(
                f"supply_type '{supply_type}' is not one of {', '.join(SUPPLY_TYPES)}",
                file=file,
                row=row,
                column="supply_type",
            )
        if rec["status"] == "estimated" and not rec["rule"]:
            raise DataError(
                "an estimated number needs the rule that produced it",
                file=file,
                row=row,
                column="rule",
            )
        if not rec["source"]:
            raise DataError("source is missing", file=file, row=row, column="source")
        as_of = _date(rec["as_of"], file=file, row=row, column="as_of", required=True)
        start = _date(rec["start_date"], file=file, row=row, column="start_date", required=False)
        end = _date(rec["end_date"], file=file, row=row, column="end_date", required=False)
        medical_from = _date(
            rec["medical_from"], file=file, row=row, column="medical_from", required=False
        )
        lat, lon, province = _line_place(rec, port_xy, kind=kind, is_ref=is_ref, file=file, row=row)
        seen.add(rec["id"])
        return {
            "id": rec["id"],
            "kind": kind,
            "name": rec["name"],
            "lat": lat,
            "lon": lon,
            "province_code": province,
            "t_per_day": t,
            "as_of": as_of,
            "start_date": start,
            "end_date": end,
            "status": rec["status"],
            "source": rec["source"],
            "rule": rec["rule"],
            "port": rec["port"],
            "plant_match": rec["plant_match"] if is_ref else "",
            "supply_type": supply_type,
            "medical_from": medical_from,
            "city": rec["city"],
        }

    rows = _rows(df, parse, report=report, errors=errors, layer="supply_lines")
    return pd.DataFrame(rows, columns=LINE_COLUMNS)


def read_statements(path: str | Path) -> pd.DataFrame:
    """National statements: ``id, date`` (empty = undated, earlier than every dated one),
    ``t_per_day, statement, source`` and, optionally, ``fact_id`` (the row of the facts
    file it restates), ``quantity`` (one of QUANTITIES; default ``secured``), ``scope``
    (``national``, ``java`` or ``city:<name>``; default national) and ``compare_on`` (the
    date the model is read on; default the statement's date). Any bad row makes the file
    unusable."""
    path = Path(path)
    file = str(path)
    df = _read_table(path, STATEMENT_COLUMNS[:5])
    for col in STATEMENT_COLUMNS:
        if col not in df:
            df[col] = ""
    rows = []
    for i, rec in enumerate(df.to_dict("records")):
        row = i + 2
        quantity = rec["quantity"] or "secured"
        if quantity not in QUANTITIES:
            raise DataError(
                f"quantity '{quantity}' is not one of {', '.join(QUANTITIES)}",
                file=file,
                row=row,
                column="quantity",
            )
        scope = rec["scope"] or "national"
        if scope not in ("national", "java") and not scope.startswith("city:"):
            raise DataError(
                f"scope '{scope}' is not national, java or city:<name>",
                file=file,
                row=row,
                column="scope",
            )
        rows.append(
            {
                "id": rec["id"],
                "date": _date(rec["date"], file=file, row=row, column="date", required=False),
                "t_per_day": _number(
                    rec["t_per_day"], file=file, row=row, column="t_per_day", required=True
                ),
                "statement": rec["statement"],
                "source": rec["source"],
                "fact_id": rec["fact_id"],
                "quantity": quantity,
                "scope": scope,
                "compare_on": _date(
                    rec["compare_on"], file=file, row=row, column="compare_on", required=False
                ),
            }
        )
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


def read_medical(path: str | Path, *, report: LayerReport, errors: list[DataError]) -> pd.DataFrame:
    """``supply_medical.csv``: one row per published change of the producers' utilisation
    or medical share (fractions 0-1), with ``from_date`` (the date it took effect; empty =
    the state before every dated row), the statement and its source. An empty
    utilisation or share keeps the previous row's. Output is sorted by date with both
    fractions filled (a value never given stays NaN: such a day has no medical figure)."""
    path = Path(path)
    file = str(path)
    df = _read_table(path, ["id", "from_date", "utilisation", "medical_share", "source"])
    for col in REGIME_COLUMNS:
        if col not in df:
            df[col] = ""
    seen: set[str] = set()

    def parse(rec: dict, row: int) -> dict:
        if not rec["id"] or rec["id"] in seen:
            raise DataError("a missing or duplicate id", file=file, row=row, column="id")
        fractions = {}
        for col in ("utilisation", "medical_share"):
            value = _number(rec[col], file=file, row=row, column=col, required=False)
            if not math.isnan(value) and value > 1:
                raise DataError(
                    f"{value:g} is not a fraction (0-1)", file=file, row=row, column=col
                )
            fractions[col] = value
        if math.isnan(fractions["utilisation"]) and math.isnan(fractions["medical_share"]):
            raise DataError(
                "give a utilisation or a medical share", file=file, row=row, column="utilisation"
            )
        if not rec["source"]:
            raise DataError("source is missing", file=file, row=row, column="source")
        seen.add(rec["id"])
        return {
            "id": rec["id"],
            "from_date": _date(
                rec["from_date"], file=file, row=row, column="from_date", required=False
            ),
            **fractions,
            "statement": rec["statement"],
            "source": rec["source"],
            "rule": rec["rule"],
        }

    rows = _rows(df, parse, report=report, errors=errors, layer="supply_lines")
    table = pd.DataFrame(rows, columns=REGIME_COLUMNS)
    if not len(table):
        return table
    order = pd.to_datetime(table["from_date"].replace("", None), format="mixed")
    table = table.assign(_n=order.notna(), _d=order).sort_values(
        ["_n", "_d"], kind="stable", na_position="first"
    )
    table[["utilisation", "medical_share"]] = table[["utilisation", "medical_share"]].ffill()
    return table.drop(columns=["_n", "_d"]).reset_index(drop=True)


def read_shipments(
    path: str | Path,
    ports: pd.DataFrame,
    *,
    report: LayerReport,
    errors: list[DataError],
    series: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """``shipments.csv``: one row per dated arrival of liquid oxygen at a port: ``id,
    announced, departs, arrives`` (ISO dates; ``arrives`` empty = not reported to have
    arrived), ``port`` (a port of ``ports.csv``), ``t`` (tonnes; empty = not reported),
    ``origin, source, note``. Bad rows (arrival before departure, negative tonnes, an
    unknown port, a date outside ``series``) cost the row, counted and named.
    ``status`` is ``arrived`` when ``arrives`` is given, else ``committed``
    (:func:`shipments_on` re-reads it for a date)."""
    path = Path(path)
    file = str(path)
    df = _read_table(path, ["id", "arrives", "port", "t", "source"])
    for col in SHIPMENT_COLUMNS:
        if col not in df:
            df[col] = ""
    port_xy = ports.set_index("id") if len(ports) else None
    first, last = (pd.Timestamp(d) for d in series) if series else (None, None)
    seen: set[str] = set()

    def parse(rec: dict, row: int) -> dict:
        if not rec["id"] or rec["id"] in seen:
            raise DataError("a missing or duplicate id", file=file, row=row, column="id")
        dates = {
            col: _date(rec[col], file=file, row=row, column=col, required=False)
            for col in ("announced", "departs", "arrives")
        }
        if not dates["announced"] and not dates["arrives"]:
            raise DataError(
                "a shipment needs the date it was announced or arrived",
                file=file,
                row=row,
                column="announced",
            )
        stamps = {k: pd.Timestamp(v) for k, v in dates.items() if v}
        if first is not None:
            for col, stamp in stamps.items():
                if not first <= stamp <= last:
                    raise DataError(
                        f"{dates[col]} is outside the series ({first:%Y-%m-%d} to {last:%Y-%m-%d})",
                        file=file,
                        row=row,
                        column=col,
                    )
        if "departs" in stamps and "arrives" in stamps and stamps["arrives"] < stamps["departs"]:
            raise DataError(
                f"arrives {dates['arrives']} before it departs {dates['departs']}",
                file=file,
                row=row,
                column="arrives",
            )
        t = _number(rec["t"], file=file, row=row, column="t", required=False)
        if port_xy is None or rec["port"] not in port_xy.index:
            raise DataError(f"unknown port '{rec['port']}'", file=file, row=row, column="port")
        if not rec["source"]:
            raise DataError("source is missing", file=file, row=row, column="source")
        seen.add(rec["id"])
        p = port_xy.loc[rec["port"]]
        code = p["province_code"]
        return {
            "id": rec["id"],
            **dates,
            "port": rec["port"],
            "lat": float(p["lat"]),
            "lon": float(p["lon"]),
            "province_code": None if code is None or pd.isna(code) else int(code),
            "t": t,
            "source": rec["source"],
            "status": "arrived" if dates["arrives"] else "committed",
            "origin": rec["origin"],
            "note": rec["note"],
        }

    rows = _rows(df, parse, report=report, errors=errors, layer="supply_lines")
    return pd.DataFrame(rows, columns=SHIPMENT_COLUMNS)


def load_supply_chain(
    *,
    lines: list[Path],
    statements: Path,
    ports: Path,
    lanes: Path,
    medical: Path | None = None,
    shipments: Path | None = None,
    series: tuple[str, str] | None = None,
    reports: dict[str, LayerReport] | None = None,
) -> SupplyChain:
    """Read the layer's files (``lines``: one or more supply-line files, later files
    replacing earlier lines with the same id; ``medical``: the dated medical-share table;
    ``shipments``: dated arrivals, checked against ``series``, the pack's first and last
    date). Reports go to ``reports['supply_lines']`` and ``reports['sea_lanes']`` when
    given."""
    reports = reports if reports is not None else {}
    sea = reports.setdefault("sea_lanes", LayerReport(layer="sea_lanes"))
    sup = reports.setdefault("supply_lines", LayerReport(layer="supply_lines"))
    sea.source = f"{ports} ; {lanes}"
    sup.source = " ; ".join(str(p) for p in [*lines, medical, shipments] if p is not None)
    errors: list[DataError] = []
    port_table = read_ports(ports, report=sea, errors=errors)
    lane_table = read_lanes(lanes, port_table, report=sea, errors=errors)
    frames = [read_lines(p, port_table, report=sup, errors=errors) for p in lines]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=LINE_COLUMNS)
    replaced = table.duplicated("id", keep="last")
    if replaced.any():
        sup.drop("replaced_by_manifest", int(replaced.sum()))
        sup.rows_kept -= int(replaced.sum())
        table = table[~replaced].reset_index(drop=True)
    regime = (
        read_medical(medical, report=sup, errors=errors)
        if medical is not None
        else pd.DataFrame(columns=REGIME_COLUMNS)
    )
    arrivals = (
        read_shipments(shipments, port_table, report=sup, errors=errors, series=series)
        if shipments is not None
        else pd.DataFrame(columns=SHIPMENT_COLUMNS)
    )
    return SupplyChain(
        lines=table,
        statements=read_statements(statements),
        ports=port_table,
        lanes=lane_table,
        medical=regime,
        shipments=arrivals,
        errors=errors,
    )
