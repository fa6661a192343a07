"""One day of the time-expanded plan, read as the allocation of that date.

The plan (:mod:`geo.plan`) is the one model behind every page: the supply page, the
brief and the CLI's ``allocate`` show the scenario date as that day of the plan (what
arrived at each province, what was used, what was short, the stock left), not a steady
day solved apart. The steady-day allocation (:mod:`geo.allocation`) stays beside it as a
check ("if this day's demand and supply held for ever"), labelled as such.

Pure: reads a :class:`geo.plan.PlanResult` and its sources table; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.plan import SHORT_EPS_T, PlanResult

# Columns of :attr:`PlanDay.provinces`.
PROVINCE_COLUMNS: tuple[str, ...] = (
    "code",
    "demand_t",
    "delivered_t",
    "unmet_t",
    "share_met",
    "arrived_t",
    "stock_t",
    "days_short_to_date",
    "first_short_day",
)


@dataclass(frozen=True)
class PlanDay:
    """The plan on one date.

    - ``provinces``: :data:`PROVINCE_COLUMNS`, one row per province (tonnes that day;
      ``stock_t`` at the end of the day; ``days_short_to_date`` counts the plan's short
      days up to and including this one);
    - ``flows``: ``source, code, t, depart, lead_days, modes`` — what arrived on the day
      (``modes`` ``road`` or ``road+sea``), for the map;
    - the day's totals and fleet: ``trucks_in_use``, ``trucks_available``,
      ``containers_in_use``, ``supply_t`` (medical output and shipments landing).
    """

    date: str
    policy: str
    window: tuple[str, str]
    provinces: pd.DataFrame
    flows: pd.DataFrame
    demand_t: float
    delivered_t: float
    unmet_t: float
    supply_t: float
    trucks_in_use: float
    trucks_available: float
    containers_in_use: float

    @property
    def share_met(self) -> float | None:
        return self.delivered_t / self.demand_t if self.demand_t > 0 else None

    def short(self) -> pd.DataFrame:
        """Provinces short on the day, most unmet first."""
        rows = self.provinces[self.provinces["unmet_t"] > SHORT_EPS_T]
        return rows.sort_values("unmet_t", ascending=False, kind="stable")

    def to_dict(self) -> dict:
        """The JSON form (``allocate --json``'s ``plan_day``)."""

        def num(v):
            return None if v is None or not np.isfinite(v) else float(v)

        return {
            "date": self.date,
            "policy": self.policy,
            "window": list(self.window),
            "demand_t": num(self.demand_t),
            "delivered_t": num(self.delivered_t),
            "unmet_t": num(self.unmet_t),
            "share_met": num(self.share_met) if self.share_met is not None else None,
            "supply_t": num(self.supply_t),
            "trucks_in_use": num(self.trucks_in_use),
            "trucks_available": num(self.trucks_available),
            "containers_in_use": num(self.containers_in_use),
            "provinces": [
                {
                    "code": int(r.code),
                    "demand_t": float(r.demand_t),
                    "delivered_t": float(r.delivered_t),
                    "unmet_t": float(r.unmet_t),
                    "share_met": float(r.share_met),
                    "arrived_t": float(r.arrived_t),
                    "stock_t": float(r.stock_t),
                    "days_short_to_date": int(r.days_short_to_date),
                    "first_short_day": r.first_short_day
                    if isinstance(r.first_short_day, str)
                    else None,
                }
                for r in self.provinces.itertuples()
            ],
        }


def window(result: PlanResult) -> tuple[str, str]:
    dates = result.days["date"].astype(str)
    return (str(dates.iloc[0]), str(dates.iloc[-1])) if len(dates) else ("", "")


def covers(result: PlanResult, date: str) -> bool:
    """Whether ``date`` is one of the plan's days."""
    return bool((result.days["date"].astype(str) == str(date)).any())


def day_of(result: PlanResult, date: str) -> PlanDay:
    """The plan on ``date`` (one of its days: :func:`covers`)."""
    date = str(date)
    if not covers(result, date):
        lo, hi = window(result)
        raise ValueError(f"{date} is not a day of the plan ({lo} to {hi})")
    pdays = result.province_days
    upto = pdays[pdays["date"].astype(str) <= date]
    short = upto.assign(short=upto["unmet_t"] > SHORT_EPS_T)
    counts = short.groupby("code")["short"].sum().astype(int)
    first = short[short["short"]].groupby("code")["date"].min()
    today = pdays[pdays["date"].astype(str) == date].copy()
    today["days_short_to_date"] = today["code"].map(counts).fillna(0).astype(int)
    today["first_short_day"] = today["code"].map(first).astype(object)
    today["first_short_day"] = today["first_short_day"].where(
        today["first_short_day"].notna(), None
    )
    provinces = today[list(PROVINCE_COLUMNS)].reset_index(drop=True)
    flows = result.flows[result.flows["arrive"].astype(str) == date]
    flows = _with_modes(result, flows)
    day = result.days[result.days["date"].astype(str) == date].iloc[0]
    return PlanDay(
        date=date,
        policy=result.policy,
        window=window(result),
        provinces=provinces,
        flows=flows.reset_index(drop=True),
        demand_t=float(provinces["demand_t"].sum()),
        delivered_t=float(provinces["delivered_t"].sum()),
        unmet_t=float(provinces["unmet_t"].sum()),
        supply_t=float(day["supply_t"]),
        trucks_in_use=float(day["trucks_in_use"]),
        trucks_available=float(day["trucks_available"]),
        containers_in_use=float(day["containers_in_use"]),
    )


def _with_modes(result: PlanResult, flows: pd.DataFrame) -> pd.DataFrame:
    """Each flow's lead time and mode: ``road+sea`` when the container is tied up longer
    than the truck (the container's cycle adds the sea hours the truck does not drive)."""
    out = flows[["source", "code", "t", "depart"]].copy()
    problem = result.problem
    if problem is None or not len(out):
        return out.assign(lead_days=pd.Series(dtype=int), modes=pd.Series(dtype=object))
    ids = list(problem.source_ids)
    codes = np.asarray(problem.province_codes, dtype=int).tolist()
    first_id = out["source"].astype(str).str.split(" + ", regex=False).str[0]
    s = first_id.map({v: i for i, v in enumerate(ids)}).to_numpy()
    p = out["code"].map({v: i for i, v in enumerate(codes)}).to_numpy()
    ok = ~(pd.isna(s) | pd.isna(p))
    lead = np.full(len(out), -1, dtype=int)
    sea = np.zeros(len(out), dtype=bool)
    si, pi = s[ok].astype(int), p[ok].astype(int)
    lead[ok] = np.asarray(problem.lead_days, dtype=int)[si, pi]
    gap = (
        np.asarray(problem.container_cycle_h, dtype=float)[si, pi]
        - np.asarray(problem.truck_cycle_h, dtype=float)[si, pi]
    )
    sea[ok] = gap > 1e-6
    return out.assign(
        plant=first_id.to_numpy(), lead_days=lead, modes=np.where(sea, "road+sea", "road")
    )
