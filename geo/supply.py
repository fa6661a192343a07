"""National supply as a table of lines, and the sea freight that carries it.

A *supply line* is one place oxygen enters the national chain on a date: a plant, a
producer site, an industrial-to-medical conversion, an import's arrival port, or an
explicit ``unplaced`` line (no coordinates) for what no report locates. Published plant
capacities keep their one home in the plants layer: :func:`lines_with_plants` turns
every plant with a known capacity into a ``domestic_plant`` line and adds the rows of
``supply_lines.csv`` (which also date plants, e.g. a plant reactivated after the
scenario). Every estimated number carries the rule that produced it (``rule``).

:func:`supply_lines_on` keeps the lines active on a date; :func:`reconciliation`
compares their sum with the national statement in force on that date.

Three quantities are kept apart (issue 19):

- ``t_per_day``: a line's capacity (producers) or its secured figure (additions and
  purchase commitments), the quantity Kemenperin's national statements add up;
- ``production_t_per_day``: what a line produces on a date (capacity x utilisation);
- ``medical_t_per_day``: what it delivers to medical use on that date. Producers follow
  the dated medical-share table (``supply_medical.csv``: utilisation and medical share,
  each row a published statement and the date it took effect); an addition delivers its
  t/day from its start (or ``medical_from``); a commitment delivers nothing as a daily
  flow (imports arrive as dated shipments).

A line whose capacity no report gives has status ``unknown`` and NaN t/day: it is listed,
never a source, never a plug. Shipments (``shipments.csv``) are dated arrivals at a port
(tonnes on a day, never t/day); :func:`shipments_on` marks each ``arrived`` or
``committed`` (announced, not arrived) on a date. :func:`statements_check` puts every
national statement beside the model's figure of the same quantity on its date.

Ports (``ports.csv``) and sea lanes (``sea_lanes.csv``) are loaded here too; the road
graph gets them through :func:`geo.roads.add_sea_lanes`.

Loading: a structurally unreadable file (missing, no header, a required column absent)
raises :class:`DataError`; a bad row (negative or text t/day, unknown port, a lane with
no time, ...) costs that row only: it is dropped, counted in the
:class:`~geo.report.LayerReport` and its :class:`DataError` (file, row, column) is kept
in ``errors``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.allocation import local_supply_m3_per_day
from geo.errors import DataError
from geo.report import LayerReport
from geo.settings import DEFAULT_DATE, DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY, M3_GAS_PER_TONNE_LOX

if TYPE_CHECKING:
    from geo.packs import Pack

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
        t = _number(
            rec["t_per_day"],
            file=file,
            row=row,
            column="t_per_day",
            required=not (is_ref or unknown),
        )
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


# ------------------------------------------------------------------------------ lines
def lines_with_plants(
    chain_lines: pd.DataFrame, plants: pd.DataFrame, *, medical: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All supply lines: one ``domestic_plant`` line per plant (t/day from the plants
    layer, status published; a plant with no published capacity is a line with status
    ``unknown`` and NaN t/day, never a source) plus the layer's own lines. A plant
    reference row (``plant_match``) gives matching plants its dates. ``medical`` (the
    dated medical-share table) becomes each line's ``medical_schedule`` (see
    :func:`supply_lines_on`)."""
    refs = chain_lines[chain_lines["plant_match"].astype(str) != ""]
    own = chain_lines[chain_lines["plant_match"].astype(str) == ""]
    rows = []
    for _, p in plants.iterrows():
        cap = p.get("capacity_t_per_day")
        known = cap is not None and not pd.isna(cap)
        text = f"{p.get('name', '')} {p.get('company', '')}".lower()
        start, end, as_of = "", "", str(p.get("as_of", "") or "")
        extra = ""
        for _, r in refs.iterrows():
            if str(r["plant_match"]).lower() in text:
                start, end = r["start_date"], r["end_date"]
                as_of = as_of or r["as_of"]
                extra = f"; dated by supply line '{r['id']}': {r['rule']}"
        geom = p.get("geometry")
        placed = geom is not None and not geom.is_empty
        code = p.get("province_code")
        rows.append(
            {
                "id": str(p["id"]),
                "kind": "domestic_plant",
                "name": str(p.get("name", "")),
                "lat": float(geom.y) if placed else math.nan,
                "lon": float(geom.x) if placed else math.nan,
                "province_code": None if code is None or pd.isna(code) else int(code),
                "t_per_day": float(cap) if known else math.nan,
                "as_of": as_of,
                "start_date": start,
                "end_date": end,
                "status": "published" if known else "unknown",
                "source": str(p.get("source", "")),
                "rule": (
                    "published plant capacity (plants layer)"
                    if known
                    else "no published t/day: capacity unknown, not a source"
                )
                + extra,
                "port": "",
                "plant_match": "",
                "supply_type": "capacity",
                "medical_from": "",
                "city": str(p.get("city", "") or ""),
            }
        )
    plant_lines = pd.DataFrame(rows, columns=LINE_COLUMNS)
    parts = [df for df in (plant_lines, own) if len(df)]
    if not parts:
        return pd.DataFrame(columns=[*LINE_COLUMNS, "medical_schedule"])
    table = pd.concat(parts, ignore_index=True).reindex(columns=LINE_COLUMNS)
    table["supply_type"] = table["supply_type"].fillna("").replace("", None)
    table["supply_type"] = table["supply_type"].fillna(table["kind"].map(DEFAULT_SUPPLY_TYPE))
    table["medical_from"] = table["medical_from"].fillna("")
    table["city"] = table["city"].fillna("")
    table["medical_schedule"] = [medical_schedule(r, medical) for r in table.to_dict("records")]
    return table


def medical_schedule(line: dict, medical: pd.DataFrame | None) -> tuple:
    """A line's dated medical factors: a tuple of ``(from_date, utilisation,
    medical_share, basis, source)``, the last one with ``from_date`` on or before a day in
    force (``""`` = before every dated row). Producers (``capacity``) follow the
    medical-share table; an addition delivers its t/day from ``medical_from`` (or its
    start); a commitment only from ``medical_from`` (none: never as a daily flow)."""
    kind = line.get("supply_type") or DEFAULT_SUPPLY_TYPE.get(line.get("kind", ""), "addition")
    start = line.get("medical_from") or ""
    if kind == "capacity":
        if medical is None or not len(medical):
            return (("", 1.0, 1.0, "no medical-share table: capacity counted as medical", ""),)
        return tuple(
            (
                r["from_date"],
                float(r["utilisation"]),
                float(r["medical_share"]),
                f"capacity x utilisation {r['utilisation']:.2f} x medical share "
                f"{r['medical_share']:.2f} ({r['id']}"
                + (f"; {r['rule']}" if r["rule"] else "")
                + ")",
                r["source"],
            )
            for r in medical.to_dict("records")
        )
    if kind == "addition":
        basis = "secured addition, delivered to medical use from " + (
            start or line.get("start_date") or "its start"
        )
        return ((start, 1.0, 1.0, basis, line.get("source", "")),)
    if start:
        return ((start, 1.0, 1.0, f"commitment delivered from {start}", line.get("source", "")),)
    return ()


def _factors(schedule, day: pd.Timestamp) -> tuple[float, float, str, str]:
    """(utilisation, medical share, basis, source) of ``schedule`` on ``day``."""
    chosen = None
    for entry in schedule or ():
        stamp = pd.Timestamp(entry[0]) if entry[0] else None
        if stamp is None or stamp <= day:
            chosen = entry
    if chosen is None:
        if not schedule:
            return 0.0, 0.0, "a commitment: its tonnes arrive as dated shipments", ""
        first = schedule[0][0]
        return 0.0, 0.0, f"not delivering before {first}", schedule[0][4]
    return chosen[1], chosen[2], chosen[3], chosen[4]


def supply_lines_on(lines: pd.DataFrame, date: str | pd.Timestamp) -> pd.DataFrame:
    """Lines active on ``date``: started (``start_date`` empty or on/before the date)
    and not ended (``end_date`` empty or on/after it). Plant references are skipped.

    Adds, for that date, ``utilisation``, ``medical_share``, ``production_t_per_day``
    (t/day x utilisation), ``medical_t_per_day`` (x medical share: the tonnes/day the
    line delivers to medical use that day; the quantity allocation and plan route),
    ``medical_rule`` and ``medical_source``. A line with unknown t/day has NaN there too.
    A table with no ``medical_schedule`` (a plain table) counts its t/day as medical."""
    day = pd.Timestamp(date).normalize()
    if not len(lines):
        out = lines.copy()
        for col in DATED_COLUMNS:
            out[col] = pd.Series(dtype=object if col.startswith("medical_r") else float)
        return out
    start, end = (
        pd.to_datetime(
            lines[col].replace("", None) if col in lines else pd.Series(None, index=lines.index),
            errors="coerce",
            format="mixed",
        )
        for col in ("start_date", "end_date")
    )
    ref = (
        lines["plant_match"].fillna("").astype(str) != ""
        if "plant_match" in lines
        else pd.Series(False, index=lines.index)
    )
    active = (start.isna() | (start <= day)) & (end.isna() | (end >= day)) & ~ref
    out = lines[active.to_numpy()].reset_index(drop=True)
    t = pd.to_numeric(out["t_per_day"], errors="coerce").astype(float)
    if "medical_schedule" in out:
        factors = [_factors(s, day) for s in out["medical_schedule"]]
    else:
        factors = [(1.0, 1.0, "t/day counted as medical (no dated table)", "")] * len(out)
    util = np.array([f[0] for f in factors], dtype=float)
    share = np.array([f[1] for f in factors], dtype=float)
    out["utilisation"] = util
    out["medical_share"] = share
    out["production_t_per_day"] = t.to_numpy() * util
    out["medical_t_per_day"] = t.to_numpy() * util * share
    out["medical_rule"] = [f[2] for f in factors]
    out["medical_source"] = [f[3] for f in factors]
    return out


def sources(lines: pd.DataFrame) -> pd.DataFrame:
    """Active lines that can be routed: coordinates and medical t/day > 0 on their date
    (t/day for a plain table). Unknown capacities (NaN) are never sources."""
    col = "medical_t_per_day" if "medical_t_per_day" in lines else "t_per_day"
    value = pd.to_numeric(lines[col], errors="coerce").astype(float)
    ok = lines["lat"].notna() & lines["lon"].notna() & (value > 0)
    return lines.loc[ok.to_numpy()].reset_index(drop=True)


def national_statement(statements: pd.DataFrame, date: str | pd.Timestamp) -> dict | None:
    """The national *secured* statement in force on ``date``: the latest dated one on or
    before it (the first in file order among several of that date); before every dated
    statement, the undated (earlier) one if the file has it."""
    if not len(statements):
        return None
    if "quantity" in statements:
        quantity = statements["quantity"].replace("", "secured")
        scope = statements.get("scope", pd.Series("national", index=statements.index))
        statements = statements[
            (quantity == "secured") & (scope.replace("", "national") == "national")
        ]
    if not len(statements):
        return None
    day = pd.Timestamp(date).normalize()
    dated = statements[statements["date"] != ""].copy()
    dated["_d"] = pd.to_datetime(dated["date"], format="mixed")
    before = dated[dated["_d"] <= day]
    if len(before):
        latest = before[before["_d"] == before["_d"].max()]
        rec = latest.iloc[0].drop("_d").to_dict()
        rec["basis"] = f"statement of {rec['date']}"
        return rec
    undated = statements[statements["date"] == ""]
    if len(undated):
        rec = undated.iloc[0].to_dict()
        first = dated["_d"].min()
        rec["basis"] = (
            "earlier undated statement (published before "
            f"{first:%Y-%m-%d}); no dated statement on or before {day:%Y-%m-%d}"
        )
        return rec
    return None


def _in_scope(table: pd.DataFrame, scope: str) -> pd.Series:
    if scope == "national" or not len(table):
        return pd.Series(True, index=table.index)
    if scope == "java":
        return table["province_code"].isin(JAVA_PROVINCE_CODES)
    city = scope.split(":", 1)[1].strip().lower()
    return table["city"].fillna("").str.lower().str.startswith(city)


def model_figure(lines: pd.DataFrame, date: str, quantity: str, scope: str = "national") -> dict:
    """The model's figure of ``quantity`` on ``date`` over ``scope``: ``secured`` (every
    active line's t/day), ``capacity`` (producers' t/day), ``production`` or ``medical``
    (their t/day on that date). Returns ``value`` (None for a quantity the model does not
    carry), ``unknown`` (active lines of unknown t/day in scope) and, for secured, the
    t/day by status."""
    if quantity == "installed":
        return {"value": None, "unknown": 0, "by_status": {}}
    active = supply_lines_on(lines, date)
    part = active[_in_scope(active, scope).to_numpy()] if len(active) else active
    if quantity == "capacity":
        part = part[part["supply_type"] == "capacity"] if len(part) else part
    column = {
        "secured": "t_per_day",
        "capacity": "t_per_day",
        "production": "production_t_per_day",
        "medical": "medical_t_per_day",
    }[quantity]
    values = pd.to_numeric(part[column], errors="coerce") if len(part) else pd.Series(dtype=float)
    by_status = (
        {k: float(v) for k, v in values.groupby(part["status"].to_numpy()).sum().items()}
        if len(part)
        else {}
    )
    return {
        "value": float(values.sum()),
        "unknown": int(values.isna().sum()),
        "by_status": by_status,
    }


def statements_check(lines: pd.DataFrame, statements: pd.DataFrame) -> list[dict]:
    """Every statement beside the model's figure of the same quantity on its date:
    ``id, fact_id, date, compare_on, quantity, scope, reported, model, difference``
    (model - reported), ``relative_difference``, ``unknown_lines``, ``statement,
    source`` and a ``note``. An undated statement is read on the day before the first
    dated statement of its quantity unless ``compare_on`` says otherwise."""
    out = []
    if not len(statements):
        return out
    table = statements.copy()
    for col, default in (("quantity", "secured"), ("scope", "national")):
        if col not in table:
            table[col] = default
        table[col] = table[col].replace("", default)
    for col in ("fact_id", "compare_on"):
        if col not in table:
            table[col] = ""
    for rec in table.to_dict("records"):
        on = rec["compare_on"] or rec["date"]
        note = ""
        if not on:
            same = table[(table["quantity"] == rec["quantity"]) & (table["date"] != "")]
            if not len(same):
                continue
            first = pd.to_datetime(same["date"], format="mixed").min()
            on = f"{first - pd.Timedelta(days=1):%Y-%m-%d}"
            note = f"undated (published before {first:%Y-%m-%d}): read on {on}"
        fig = model_figure(lines, on, rec["quantity"], rec["scope"])
        reported = float(rec["t_per_day"])
        model = fig["value"]
        diff = None if model is None else model - reported
        if model is None:
            note = "; ".join(
                n for n in (note, f"the model carries no '{rec['quantity']}' figure") if n
            )
        elif fig["unknown"]:
            note = "; ".join(
                n for n in (note, f"{fig['unknown']} line(s) of unknown t/day not counted") if n
            )
        out.append(
            {
                "id": rec["id"],
                "fact_id": rec["fact_id"] or None,
                "date": rec["date"] or None,
                "compare_on": on,
                "quantity": rec["quantity"],
                "scope": rec["scope"],
                "reported": reported,
                "model": model,
                "difference": diff,
                "relative_difference": None if diff is None or not reported else diff / reported,
                "unknown_lines": fig["unknown"],
                "by_status": fig["by_status"],
                "statement": rec["statement"],
                "source": rec["source"],
                "note": note,
            }
        )
    return out


def shipments_on(shipments: pd.DataFrame, date: str | pd.Timestamp) -> pd.DataFrame:
    """The shipments known on ``date`` (announced, or arrived, on or before it), each
    ``arrived`` (``arrives`` on or before the date) or ``committed`` (announced, not
    arrived by then). Tonnes on a day, never a daily flow."""
    if shipments is None or not len(shipments):
        return pd.DataFrame(columns=SHIPMENT_COLUMNS)
    day = pd.Timestamp(date).normalize()

    def stamp(col: str) -> pd.Series:
        return pd.to_datetime(shipments[col].replace("", None), errors="coerce", format="mixed")

    arrives, announced = stamp("arrives"), stamp("announced")
    known = announced.fillna(arrives) <= day
    out = shipments[known.to_numpy()].copy()
    out["status"] = np.where((arrives[known] <= day).to_numpy(), "arrived", "committed")
    return out.reset_index(drop=True)


def reconciliation(
    lines: pd.DataFrame,
    date: str | pd.Timestamp,
    national: float | pd.DataFrame | None,
    *,
    shipments: pd.DataFrame | None = None,
    tolerance_t_per_day: float = RECONCILE_TOLERANCE_T_PER_DAY,
) -> dict:
    """Lines active on ``date`` against the national figure (a number, or the
    statements table: the secured statement in force on the date is used, and every
    statement is checked on its own date, :func:`statements_check`).

    Returns ``date, lines`` (the active lines table with the date's medical figures),
    ``sum_t_per_day`` (secured), ``medical_t_per_day`` (delivered to medical use that
    day), ``production_t_per_day``, ``capacity_t_per_day``, ``published_t_per_day``,
    ``estimated_t_per_day``, ``unknown_lines``, ``published_share``, ``by_kind``
    (t/day), ``unplaced_t_per_day``, ``national_t_per_day``, ``statement``,
    ``difference_t_per_day`` (sum - national), ``reconciled``, ``statements`` (list),
    ``shipments`` (the date's table) and a one-line ``note``."""
    active = supply_lines_on(lines, date)
    t = (
        pd.to_numeric(active["t_per_day"], errors="coerce")
        if len(active)
        else pd.Series(dtype=float)
    )
    total = float(t.sum())
    status = active["status"].to_numpy() if len(active) else np.array([])
    published = float(t[status == "published"].sum()) if len(t) else 0.0
    statement = None
    checks: list[dict] = []
    if isinstance(national, pd.DataFrame):
        statement = national_statement(national, date)
        figure = float(statement["t_per_day"]) if statement else None
        checks = statements_check(lines, national)
    else:
        figure = None if national is None else float(national)
    diff = None if figure is None else total - figure
    ok = diff is not None and abs(diff) <= tolerance_t_per_day
    unplaced = float(t[active["lat"].isna().to_numpy()].sum()) if len(t) else 0.0
    by_kind = (
        {k: float(v) for k, v in t.groupby(active["kind"].to_numpy()).sum().items()}
        if len(t)
        else {}
    )
    medical = (
        float(pd.to_numeric(active.get("medical_t_per_day"), errors="coerce").sum())
        if len(t)
        else 0.0
    )
    production = (
        float(pd.to_numeric(active.get("production_t_per_day"), errors="coerce").sum())
        if len(t)
        else 0.0
    )
    capacity = (
        float(t[(active["supply_type"] == "capacity").to_numpy()].sum())
        if len(t) and "supply_type" in active
        else 0.0
    )
    if figure is None:
        note = "no national figure to reconcile against"
    else:
        basis = statement["basis"] if statement else "given national figure"
        note = f"lines sum {total:,.1f} t/day vs {figure:,.1f} t/day ({basis}): " + (
            "reconciled" if ok else f"differs by {diff:+,.1f} t/day"
        )
    return {
        "date": f"{pd.Timestamp(date):%Y-%m-%d}",
        "lines": active,
        "sum_t_per_day": total,
        "medical_t_per_day": medical,
        "production_t_per_day": production,
        "capacity_t_per_day": capacity,
        "published_t_per_day": published,
        "estimated_t_per_day": total - published,
        "unknown_lines": int((status == "unknown").sum()) if len(t) else 0,
        "published_share": published / total if total > 0 else math.nan,
        "by_kind": by_kind,
        "unplaced_t_per_day": unplaced,
        "national_t_per_day": figure,
        "statement": (
            None
            if statement is None
            else {k: statement[k] for k in ("id", "date", "basis", "source", "statement")}
        ),
        "difference_t_per_day": diff,
        "reconciled": bool(ok),
        "statements": checks,
        "shipments": shipments_on(shipments, date) if shipments is not None else None,
        "note": note,
    }


def _records(table: pd.DataFrame, columns: list[str]) -> list[dict]:
    out = table.reindex(columns=columns).astype(object)
    out = out.where(pd.notna(out), None)
    return [
        {
            k: (
                float(v)
                if isinstance(v, np.floating)
                else int(v)
                if isinstance(v, np.integer)
                else v
            )
            for k, v in r.items()
        }
        for r in out.to_dict("records")
    ]


def lines_json(table: pd.DataFrame) -> list[dict]:
    """The CLI's line records (``OUTPUT_COLUMNS``; NaN as None)."""
    return _records(table, OUTPUT_COLUMNS)


def shipments_json(table: pd.DataFrame | None) -> list[dict]:
    """Shipment records (``SHIPMENT_COLUMNS``; unknown tonnes as None)."""
    if table is None:
        return []
    return _records(table, SHIPMENT_COLUMNS)


def reconciliation_json(rec: dict) -> dict:
    """A :func:`reconciliation` result as JSON-ready data (what ``geo supply --json``
    prints): ``date, lines`` (OUTPUT_COLUMNS), ``sum_t_per_day, medical_t_per_day,
    production_t_per_day, capacity_t_per_day, national_t_per_day,
    difference_t_per_day, reconciled, published_t_per_day, estimated_t_per_day,
    unknown_lines, published_share, unplaced_t_per_day, by_kind, statement,
    statements, shipments, note``."""
    out = {k: v for k, v in rec.items() if k not in ("lines", "shipments")}
    share = out["published_share"]
    out["published_share"] = None if share is None or math.isnan(share) else float(share)
    out["shipments"] = shipments_json(rec.get("shipments"))
    return {"date": rec["date"], "lines": lines_json(rec["lines"]), **out}


# --------------------------------------------------------------------------- a pack's supply


def supply_lines(pack: Pack, *, date: str | None = None) -> pd.DataFrame:
    """The supply lines active on ``date`` with that day's medical figures (the plants +
    the layer's lines; :func:`supply_lines_on`)."""
    return supply_lines_on(pack.supply_lines, date or DEFAULT_DATE)


def supply_reconciliation(pack: Pack, *, date: str | None = None) -> dict:
    """Lines active on ``date`` against the national statement in force, every national
    statement against the model on its own date, and the shipments known on ``date``."""
    return reconciliation(
        pack.supply_lines,
        date or DEFAULT_DATE,
        pack.supply_chain.statements,
        shipments=pack.supply_chain.shipments,
    )


def supply_sources(pack: Pack, *, date: str | None = None) -> gpd.GeoDataFrame:
    """The routable sources on ``date``: active lines with coordinates that deliver to
    medical use that day, as ``id, name, kind, province_code, capacity_t_per_day`` (the
    line's ``medical_t_per_day`` on ``date``: what the allocation routes),
    ``secured_t_per_day`` (its capacity or secured t/day), ``status, geometry``. Plants
    with no published capacity, commitments (imports arrive as shipments) and unplaced
    lines are not sources."""
    lines = sources(supply_lines(pack, date=date))
    return gpd.GeoDataFrame(
        {
            "id": lines["id"].astype(str).to_numpy(),
            "name": lines["name"].to_numpy(),
            "kind": lines["kind"].to_numpy(),
            "province_code": lines["province_code"].to_numpy(),
            "capacity_t_per_day": lines["medical_t_per_day"].astype(float).to_numpy(),
            "secured_t_per_day": lines["t_per_day"].astype(float).to_numpy(),
            "status": lines["status"].to_numpy(),
        },
        geometry=shapely.points(
            lines["lon"].astype(float).to_numpy(), lines["lat"].astype(float).to_numpy()
        ),
        crs="EPSG:4326",
    )


def national_local_supply(
    pack: Pack, *, system_m3_per_day: float | None = None
) -> dict[str, float]:
    """Oxygen made locally, needing no isotank truck, from the pack's national asset
    counts (m3/day of gas and its t/day equivalent): concentrators x 5 L/min and
    deployable concentrator systems x their output. Cylinders are containers refilled
    at plants: they carry oxygen the supply lines already count and add none, so they
    are not local supply."""
    supply = pack.supply
    parts = {
        "concentrators": local_supply_m3_per_day(concentrators=supply.concentrators),
        "concentrator_systems": local_supply_m3_per_day(
            systems=supply.concentrator_systems,
            system_m3_per_day=system_m3_per_day or DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
        ),
    }
    total = sum(parts.values())
    return {
        **{f"{k}_m3_per_day": v for k, v in parts.items()},
        "total_m3_per_day": total,
        "total_t_per_day_equivalent": total / M3_GAS_PER_TONNE_LOX,
    }
