"""National supply as a table of lines, and the sea freight that carries it.

A *supply line* is one place oxygen enters the national chain on a date: a plant, a
producer site, an industrial-to-medical conversion, an import's arrival port, or an
explicit ``unplaced`` line (no coordinates) for what no report locates. Published plant
capacities keep their one home in the plants layer: :func:`lines_with_plants` turns
every plant with a known capacity into a ``domestic_plant`` line and adds the rows of
``supply_lines.csv`` (which also date plants, e.g. a plant reactivated after the
scenario). Every estimated number carries the rule that produced it (``rule``).

:func:`supply_lines_on` keeps the lines active on a date; :func:`reconciliation`
compares their sum with the national statement in force on that date. The readers of
the layer's files and their vocabulary are in :mod:`geo.supply_read` (importable from
here as before).

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
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.allocation import local_supply_m3_per_day
from geo.settings import DEFAULT_DATE, DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY, M3_GAS_PER_TONNE_LOX
from geo.supply_read import (  # noqa: F401 (importable from here as before)
    DATED_COLUMNS,
    DEFAULT_SUPPLY_TYPE,
    JAVA_PROVINCE_CODES,
    KINDS,
    KNOT_KPH,
    LANE_COLUMNS,
    LANE_STATUSES,
    LINE_COLUMNS,
    OUTPUT_COLUMNS,
    PORT_COLUMNS,
    QUANTITIES,
    RECONCILE_TOLERANCE_T_PER_DAY,
    REGIME_COLUMNS,
    SHIPMENT_COLUMNS,
    SHIPMENT_STATUSES,
    STATEMENT_COLUMNS,
    STATUSES,
    SUPPLY_TYPES,
    SupplyChain,
    _coords,
    _date,
    _number,
    _read_table,
    _rows,
    load_supply_chain,
    read_lanes,
    read_lines,
    read_medical,
    read_ports,
    read_shipments,
    read_statements,
)

if TYPE_CHECKING:
    from geo.packs import Pack


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


def _line_sums(active: pd.DataFrame, t: pd.Series) -> dict:
    """The active lines' sums (t/day): by kind, unplaced, delivered to medical use,
    production and producers' capacity (all 0 without lines)."""
    if not len(t):
        return {"by_kind": {}, "unplaced": 0.0, "medical": 0.0, "production": 0.0, "capacity": 0.0}
    medical = pd.to_numeric(active.get("medical_t_per_day"), errors="coerce")
    production = pd.to_numeric(active.get("production_t_per_day"), errors="coerce")
    return {
        "by_kind": {k: float(v) for k, v in t.groupby(active["kind"].to_numpy()).sum().items()},
        "unplaced": float(t[active["lat"].isna().to_numpy()].sum()),
        "medical": float(medical.sum()),
        "production": float(production.sum()),
        "capacity": (
            float(t[(active["supply_type"] == "capacity").to_numpy()].sum())
            if "supply_type" in active
            else 0.0
        ),
    }


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
    sums = _line_sums(active, t)
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
        "medical_t_per_day": sums["medical"],
        "production_t_per_day": sums["production"],
        "capacity_t_per_day": sums["capacity"],
        "published_t_per_day": published,
        "estimated_t_per_day": total - published,
        "unknown_lines": int((status == "unknown").sum()) if len(t) else 0,
        "published_share": published / total if total > 0 else math.nan,
        "by_kind": sums["by_kind"],
        "unplaced_t_per_day": sums["unplaced"],
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
    the layer's lines; :func:`supply_lines_on`).

    Parameters
    ----------
    pack : Pack
    date : str, optional
        ISO date; the default scenario date when None.

    Returns
    -------
    pandas.DataFrame
        One row per line, with its ``t_per_day`` and ``medical_t_per_day`` (t/day) on
        ``date``.
    """
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
    medical use that day. Plants with no published capacity, commitments (imports
    arrive as shipments) and unplaced lines are not sources.

    Parameters
    ----------
    pack : Pack
    date : str, optional
        ISO date; the default scenario date when None.

    Returns
    -------
    geopandas.GeoDataFrame
        ``id, name, kind, province_code, capacity_t_per_day`` (the line's
        ``medical_t_per_day`` on ``date``: what the allocation routes),
        ``secured_t_per_day`` (its capacity or secured t/day), ``status, geometry``
        (points, EPSG:4326).
    """
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
