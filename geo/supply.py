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
STATUSES: tuple[str, ...] = ("published", "estimated")
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
]
OUTPUT_COLUMNS: list[str] = [
    "id",
    "kind",
    "name",
    "lat",
    "lon",
    "t_per_day",
    "as_of",
    "status",
    "source",
]
STATEMENT_COLUMNS: list[str] = ["id", "date", "t_per_day", "statement", "source"]
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
        if rec["status"] not in STATUSES:
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
        t = _number(rec["t_per_day"], file=file, row=row, column="t_per_day", required=not is_ref)
        if rec["status"] not in STATUSES:
            raise DataError(
                f"status '{rec['status']}' is not published or estimated",
                file=file,
                row=row,
                column="status",
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
        if kind != "unplaced" and not placed and not is_ref:
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
        }

    rows = _rows(df, parse, report=report, errors=errors, layer="supply_lines")
    return pd.DataFrame(rows, columns=LINE_COLUMNS)


def read_statements(path: str | Path) -> pd.DataFrame:
    """National supply statements: id, date (empty = undated, earlier than every dated
    one), t_per_day, statement, source. Any bad row makes the file unusable."""
    path = Path(path)
    file = str(path)
    df = _read_table(path, STATEMENT_COLUMNS)
    rows = []
    for i, rec in enumerate(df.to_dict("records")):
        row = i + 2
        rows.append(
            {
                "id": rec["id"],
                "date": _date(rec["date"], file=file, row=row, column="date", required=False),
                "t_per_day": _number(
                    rec["t_per_day"], file=file, row=row, column="t_per_day", required=True
                ),
                "statement": rec["statement"],
                "source": rec["source"],
            }
        )
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


def load_supply_chain(
    *,
    lines: list[Path],
    statements: Path,
    ports: Path,
    lanes: Path,
    reports: dict[str, LayerReport] | None = None,
) -> SupplyChain:
    """Read the layer's files (``lines``: one or more supply-line files, later files
    replacing earlier lines with the same id). Reports go to ``reports['supply_lines']``
    and ``reports['sea_lanes']`` when given."""
    reports = reports if reports is not None else {}
    sea = reports.setdefault("sea_lanes", LayerReport(layer="sea_lanes"))
    sup = reports.setdefault("supply_lines", LayerReport(layer="supply_lines"))
    sea.source = f"{ports} ; {lanes}"
    sup.source = " ; ".join(str(p) for p in lines)
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
    return SupplyChain(
        lines=table,
        statements=read_statements(statements),
        ports=port_table,
        lanes=lane_table,
        errors=errors,
    )


# ------------------------------------------------------------------------------ lines
def lines_with_plants(chain_lines: pd.DataFrame, plants: pd.DataFrame) -> pd.DataFrame:
    """All supply lines: one ``domestic_plant`` line per plant with a known capacity
    (t/day from the plants layer, status published) plus the layer's own lines. A plant
    reference row (``plant_match``) gives matching plants its dates; plants with an
    unknown capacity are not lines (they stay on the map, not as sources)."""
    refs = chain_lines[chain_lines["plant_match"].astype(str) != ""]
    own = chain_lines[chain_lines["plant_match"].astype(str) == ""]
    rows = []
    for _, p in plants.iterrows():
        cap = p.get("capacity_t_per_day")
        if cap is None or pd.isna(cap):
            continue
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
                "t_per_day": float(cap),
                "as_of": as_of,
                "start_date": start,
                "end_date": end,
                "status": "published",
                "source": str(p.get("source", "")),
                "rule": "published plant capacity (plants layer)" + extra,
                "port": "",
                "plant_match": "",
            }
        )
    plant_lines = pd.DataFrame(rows, columns=LINE_COLUMNS)
    parts = [df for df in (plant_lines, own) if len(df)]
    if not parts:
        return pd.DataFrame(columns=LINE_COLUMNS)
    return pd.concat(parts, ignore_index=True)[LINE_COLUMNS]


def supply_lines_on(lines: pd.DataFrame, date: str | pd.Timestamp) -> pd.DataFrame:
    """Lines active on ``date``: started (``start_date`` empty or on/before the date)
    and not ended (``end_date`` empty or on/after it). Plant references are skipped."""
    day = pd.Timestamp(date).normalize()
    if not len(lines):
        return lines.copy()
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
    return lines[active.to_numpy()].reset_index(drop=True)


def sources(lines: pd.DataFrame) -> pd.DataFrame:
    """Active lines that can be routed: coordinates and t/day > 0 (``id, name, kind,
    t_per_day, lat, lon, province_code``)."""
    ok = lines["lat"].notna() & lines["lon"].notna() & (lines["t_per_day"].astype(float) > 0)
    return lines.loc[ok.to_numpy()].reset_index(drop=True)


def national_statement(statements: pd.DataFrame, date: str | pd.Timestamp) -> dict | None:
    """The national statement in force on ``date``: the latest dated one on or before
    it; before every dated statement, the undated (earlier) one if the file has it."""
    if not len(statements):
        return None
    day = pd.Timestamp(date).normalize()
    dated = statements[statements["date"] != ""].copy()
    dated["_d"] = pd.to_datetime(dated["date"], format="mixed")
    before = dated[dated["_d"] <= day].sort_values("_d")
    if len(before):
        rec = before.iloc[-1].drop("_d").to_dict()
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


def reconciliation(
    lines: pd.DataFrame,
    date: str | pd.Timestamp,
    national: float | pd.DataFrame | None,
    *,
    tolerance_t_per_day: float = RECONCILE_TOLERANCE_T_PER_DAY,
) -> dict:
    """Lines active on ``date`` against the national figure (a number, or the
    statements table: the one in force on the date is used).

    Returns ``date, lines`` (the active lines table), ``sum_t_per_day``,
    ``published_t_per_day``, ``estimated_t_per_day``, ``published_share``,
    ``by_kind`` (t/day), ``unplaced_t_per_day``, ``national_t_per_day``,
    ``statement`` (id, basis, source), ``difference_t_per_day`` (sum - national),
    ``reconciled`` and a one-line ``note``."""
    active = supply_lines_on(lines, date)
    t = active["t_per_day"].astype(float) if len(active) else pd.Series(dtype=float)
    total = float(t.sum())
    published = float(t[(active["status"] == "published").to_numpy()].sum()) if len(t) else 0.0
    statement = None
    if isinstance(national, pd.DataFrame):
        statement = national_statement(national, date)
        figure = float(statement["t_per_day"]) if statement else None
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
        "published_t_per_day": published,
        "estimated_t_per_day": total - published,
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
        "note": note,
    }


def lines_json(table: pd.DataFrame) -> list[dict]:
    """The CLI's line records (``OUTPUT_COLUMNS``; NaN coordinates as None)."""
    out = table.reindex(columns=OUTPUT_COLUMNS).astype(object)
    out = out.where(pd.notna(out), None)
    return [
        {k: (float(v) if isinstance(v, np.floating) else v) for k, v in r.items()}
        for r in out.to_dict("records")
    ]


def reconciliation_json(rec: dict) -> dict:
    """A :func:`reconciliation` result as JSON-ready data (what ``geo supply --json``
    prints): ``date, lines`` (OUTPUT_COLUMNS), ``sum_t_per_day, national_t_per_day,
    difference_t_per_day, reconciled, published_t_per_day, estimated_t_per_day,
    published_share, unplaced_t_per_day, by_kind, statement, note``."""
    out = {k: v for k, v in rec.items() if k != "lines"}
    share = out["published_share"]
    out["published_share"] = None if share is None or math.isnan(share) else float(share)
    return {"date": rec["date"], "lines": lines_json(rec["lines"]), **out}


# --------------------------------------------------------------------------- a pack's supply


def supply_lines(pack: Pack, *, date: str | None = None) -> pd.DataFrame:
    """The supply lines active on ``date`` (plants with a known capacity + the layer's
    lines; see geo.supply)."""
    return supply_lines_on(pack.supply_lines, date or DEFAULT_DATE)


def supply_reconciliation(pack: Pack, *, date: str | None = None) -> dict:
    """Lines active on ``date`` against the national statement in force (geo.supply)."""
    return reconciliation(pack.supply_lines, date or DEFAULT_DATE, pack.supply_chain.statements)


def supply_sources(pack: Pack, *, date: str | None = None) -> gpd.GeoDataFrame:
    """The routable sources on ``date``: active lines with coordinates and t/day > 0, as
    ``id, name, kind, province_code, capacity_t_per_day, status, geometry``. Plants with
    no published capacity and unplaced lines are not sources."""
    lines = sources(supply_lines(pack, date=date))
    return gpd.GeoDataFrame(
        {
            "id": lines["id"].astype(str).to_numpy(),
            "name": lines["name"].to_numpy(),
            "kind": lines["kind"].to_numpy(),
            "province_code": lines["province_code"].to_numpy(),
            "capacity_t_per_day": lines["t_per_day"].astype(float).to_numpy(),
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
