"""Deploying the nine concentrator systems: from the shortfall by province and day to
sites, their reasons and the plans they beat.

The model (patient-days averted, an exact MILP) is :mod:`geo.relief`; this module builds
its arrays from a pack, the access table and the shortfall table, and turns results into
the tidy tables the page and ``geo site`` show. Rules written once here:

- **shortfall**: the time-expanded plan's ``province_days`` when the runner has one,
  else the scenario date's allocation held for every day of the window ("steady");
- **when units work**: from ``INSTALL_LEAD_DAYS`` after the later of the decision date
  (the scenario date) and Kemenperin's announcement (8 Jul 2021) to the window's end;
- **who can host**: :func:`host_rule`;
- **reach**: a unit serves its own hospital and, by cylinder shuttle, hospitals within
  the scenario's hours by road and ferry (both access legs included).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo import demand as demand_model
from geo import plan as plan_model
from geo import relief, travel
from geo.errors import DataError
from geo.settings import (
    DEFAULT_PLAN_DAYS,
    DEFAULT_PLAN_FROM,
    DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
    DOCS_ANNOUNCED,
    DOCS_PATIENTS_PER_DAY,
    INSTALL_LEAD_DAYS,
    SEVERE_PATIENT_M3_PER_DAY,
    UNIT_SIZES_NM3_PER_H,
)

if TYPE_CHECKING:
    from geo.packs import Pack

__all__ = [
    "REFERRAL_TYPES",
    "Shortfall",
    "compare_plans",
    "host_rule",
    "operating_from",
    "relief_problem",
    "shortfall_from_allocation",
    "shortfall_from_plan",
    "site_reasons",
    "unit_size_table",
    "window",
]

REFERRAL_TYPES = ("RS_RUJUKAN_NASIONAL", "RS_RUJUKAN_PROVINSI")
POLICIES = plan_model.POLICIES
_SWAP_TRIALS = 5  # unchosen candidates tried in place of each site (best standalone first)


def host_rule(hospitals: pd.DataFrame) -> tuple[np.ndarray, dict[str, int]]:
    """Which hospitals can host a concentrator system: beds > 0 and a COVID-19 referral
    designation (``type`` RS_RUJUKAN_NASIONAL or RS_RUJUKAN_PROVINSI). A condition is
    applied only when the pack has the data for it (some beds known; some types known).
    Returns the mask and the count dropped by each reason."""
    n = len(hospitals)
    ok = np.ones(n, dtype=bool)
    dropped: dict[str, int] = {}
    beds = pd.to_numeric(hospitals.get("beds", pd.Series(np.nan, index=hospitals.index)))
    if (beds.fillna(0) > 0).any():  # a pack without bed data (all 0/unknown) skips it
        no_beds = ~(beds.fillna(0).to_numpy(dtype=float) > 0)
        dropped["no beds"] = int((no_beds & ok).sum())
        ok &= ~no_beds
    types = hospitals.get("type", pd.Series("", index=hospitals.index)).fillna("").astype(str)
    if (types.str.strip() != "").any():
        referral = types.str.upper().isin(REFERRAL_TYPES).to_numpy()
        dropped["not a referral hospital"] = int((~referral & ok).sum())
        ok &= referral
    return ok, dropped


# --------------------------------------------------------------------------- shortfall


@dataclass(frozen=True)
class Shortfall:
    """The shortfall a plan is scored on.

    ``table``: ``code, date, demand_t, delivered_t, unmet_t, ...`` for every province and
    day of the window; ``basis`` "plan" (the time-expanded plan, under ``policy``) or
    "steady" (the scenario date's allocation held each day); ``operating_days``: the
    days a unit works (from ``operating_from`` to the window's end)."""

    table: pd.DataFrame
    basis: str
    policy: str | None
    window_from: str
    window_to: str
    operating_from: str
    operating_days: tuple[str, ...]

    def province_days_short(self, code: int) -> list[str]:
        """Operating days on which province ``code`` is short (unmet > 0)."""
        t = self.table
        sel = (t["code"].astype(int) == int(code)) & (t["unmet_t"].astype(float) > 1e-9)
        days = set(t.loc[sel, "date"].astype(str).str[:10])
        return [d for d in self.operating_days if d in days]


def window(scenario) -> tuple[str, str]:
    """First and last day of the plan window: the scenario's ``plan_from``/``plan_days``
    when it has them (the time-expanded plan's fields), else the settings' defaults."""
    start = str(getattr(scenario, "plan_from", "") or DEFAULT_PLAN_FROM)
    days = int(getattr(scenario, "plan_days", 0) or DEFAULT_PLAN_DAYS)
    first = dt.date.fromisoformat(start)
    return first.isoformat(), (first + dt.timedelta(days=days - 1)).isoformat()


def operating_from(date: str) -> str:
    """The first day a unit works when decided on ``date``: ``INSTALL_LEAD_DAYS`` after
    the later of ``date`` and the announcement (8 Jul 2021)."""
    start = max(dt.date.fromisoformat(date), dt.date.fromisoformat(DOCS_ANNOUNCED))
    return (start + dt.timedelta(days=INSTALL_LEAD_DAYS)).isoformat()


def _days(first: str, last: str) -> list[str]:
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(a + dt.timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


def _shortfall(table: pd.DataFrame, scenario, basis: str, policy: str | None) -> Shortfall:
    w_from, w_to = window(scenario)
    start = operating_from(str(scenario.date))
    operating = tuple(d for d in _days(w_from, w_to) if d >= start)
    return Shortfall(table, basis, policy, w_from, w_to, start, operating)


def shortfall_from_allocation(provinces: pd.DataFrame, scenario) -> Shortfall:
    """The steady shortfall: the allocation of the scenario date held for each day."""
    w_from, w_to = window(scenario)
    table = relief.steady_shortfall(provinces, days=_days(w_from, w_to))
    return _shortfall(table, scenario, "steady", None)


def shortfall_from_plan(province_days: pd.DataFrame, scenario, *, policy: str) -> Shortfall:
    """The time-expanded plan's ``province_days`` (``code, date, unmet_t``, t/day)."""
    missing = [c for c in relief.SHORTFALL_COLUMNS if c not in province_days]
    if missing:
        raise DataError(f"the plan's province_days lacks columns {missing}")
    table = province_days.assign(date=province_days["date"].astype(str).str[:10])
    return _shortfall(table, scenario, "plan", policy)


# --------------------------------------------------------------------------- problem


def relief_problem(
    pack: Pack,
    cg: travel.CompactGraph,
    hospitals_acc: pd.DataFrame,
    shortfall: Shortfall,
    *,
    hours: float,
    k: int,
    capacity_m3_per_day: float | None = None,
) -> tuple[relief.ReliefProblem, dict[str, int]]:
    """The siting instance of a scenario and the hospitals that cannot host, by reason.

    Columns are the pack's hospitals in id order, each with its province's unmet oxygen
    on each operating day split by bed share (m3 of gas); rows the hospitals that can
    host (:func:`host_rule`). Travel is computed to hospitals of provinces short on some
    operating day only (the others carry no value)."""
    hosp = hospitals_acc.sort_values("id", kind="stable").reset_index(drop=True)
    info = pack.hospitals.set_index("id").reindex(hosp["id"]).reset_index()
    can_host, dropped = host_rule(info)
    if not can_host.any():
        raise DataError("no hospital of the pack can host a unit (beds > 0, referral)")
    codes = pd.DataFrame({"province_code": hosp["province_code"].dropna().astype(int).unique()})
    shares = demand_model.split_to_hospitals(
        codes.assign(demand_t_per_day=1.0),
        hosp[["id", "province_code", "beds"]].assign(beds=hosp["beds"].fillna(0)),
    )
    share = hosp[["id"]].merge(shares[["id", "province_code", "bed_share"]], on="id", how="left")
    share = share.assign(
        province_code=share["province_code"].fillna(-1), bed_share=share["bed_share"].fillna(0.0)
    )
    unmet = relief.hospital_unmet_m3(shortfall.table, share, days=shortfall.operating_days)
    cand = np.flatnonzero(can_host)
    short = unmet.sum(axis=1) > 0
    on = ~hosp["off_network"].to_numpy(dtype=bool)
    tt_s = np.full((cand.size, len(hosp)), np.inf)
    rows, cols = on[cand], on & short
    if rows.any() and cols.any():
        tt_s[np.ix_(rows, cols)] = travel.travel_time_matrix(
            cg,
            hosp["node"].to_numpy()[cand[rows]],
            hosp["node"].to_numpy()[cols],
            source_offsets_s=hosp["access_s"].to_numpy(dtype=float)[cand[rows]],
            target_offsets_s=hosp["access_s"].to_numpy(dtype=float)[cols],
            cutoff_s=float(hours) * 3600.0,
        )
    tt_s[np.arange(cand.size), cand] = 0.0  # a unit at a hospital serves it at once
    ids = hosp["id"].to_numpy()
    problem = relief.ReliefProblem(
        travel_time_h=tt_s / 3600.0,
        unmet_m3=unmet,
        days=shortfall.operating_days,
        capacity_m3_per_day=float(capacity_m3_per_day or DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY),
        hours=float(hours),
        k=min(int(k), cand.size),
        m3_per_patient_day=SEVERE_PATIENT_M3_PER_DAY,
        candidate_ids=ids[cand],
        demand_ids=ids,
    )
    return problem, dropped


# --------------------------------------------------------------------------- reports


def placed(result: relief.ReliefResult) -> pd.DataFrame:
    """The sites worth placing: those averting at least half a patient-day."""
    return result.sites[result.sites["patient_days"] >= 0.5].reset_index(drop=True)


def site_reasons(
    pack: Pack,
    problem: relief.ReliefProblem,
    result: relief.ReliefResult,
    shortfall: Shortfall,
    hospitals_acc: pd.DataFrame,
) -> pd.DataFrame:
    """One row per placed site: the patient-days it averts, the hospitals it serves, the
    days its province is short, and the best alternative it beat (the unchosen
    candidate that, put in its place, would keep the most patient-days; tried among the
    ``_SWAP_TRIALS`` best on their own)."""
    names = pack.hospitals.set_index("id")["name"]
    codes = pack.hospitals.set_index("id")["province_code"]
    pnames = pack.provinces.set_index("code")["name"]
    resupply = hospitals_acc.set_index("id")["travel_time_h"].astype(float)
    sites = placed(result)
    alone = relief.standalone_patient_days(problem)
    opened = sites["candidate"].to_numpy(dtype=np.int64)
    others = np.setdiff1d(np.flatnonzero(alone > 0), result.sites["candidate"].to_numpy(int))
    trials = others[np.argsort(-alone[others], kind="stable")][:_SWAP_TRIALS]
    red = relief.reduce(problem)
    rows = []
    for site in sites.itertuples():
        served = result.assignment[result.assignment["candidate"] == site.candidate]
        served = served.sort_values("patient_days", ascending=False)
        code = codes.get(site.id)
        days = shortfall.province_days_short(int(code)) if pd.notna(code) else []
        best_id, best_value, best_reach = None, -np.inf, -np.inf
        rest = opened[opened != site.candidate]
        for j in trials:  # the strongest rival: most patient-days, then the tie-break
            value = relief.value(problem, np.append(rest, j), reduced=red)
            reach = relief.reach_patient_days(problem, np.append(rest, j), reduced=red)
            tied = abs(value - best_value) <= relief.TIE_REL * max(abs(value), 1.0)
            if (value > best_value and not tied) or (tied and reach > best_reach):
                best_id, best_value, best_reach = problem.candidate_ids[j], value, reach
        rows.append(
            {
                "id": site.id,
                "name": names.get(site.id),
                "province_code": int(code) if pd.notna(code) else None,
                "province": pnames.get(code),
                "patient_days_averted": float(site.patient_days),
                "m3": float(site.m3),
                "hospitals_served": len(served),
                "served": "; ".join(str(names.get(i, i)) for i in served["demand_id"]),
                "province_short_days": len(days),
                "province_short_from": days[0] if days else None,
                "province_short_to": days[-1] if days else None,
                "resupply_h": float(resupply.get(site.id, np.inf)),
                "beat": None if best_id is None else str(names.get(best_id, best_id)),
                "beat_id": best_id,
                "plan_if_swapped_patient_days": None if best_id is None else float(best_value),
                "margin_patient_days": (
                    None if best_id is None else float(result.objective - best_value)
                ),
                # the tie-break (relief.TIE_BREAK): shortfall within reach of the plan's
                # sites, each hospital once, and of the plan with the rival instead
                "reach_patient_days": float(result.reach_patient_days),
                "plan_if_swapped_reach_patient_days": (
                    None if best_id is None else float(best_reach)
                ),
            }
        )
    return pd.DataFrame(rows)


def reason_text(row: dict) -> str:
    """One sentence per site (English; the page translates the pieces)."""
    short = (
        f"{row['province']} is short on {row['province_short_days']} of the days units work "
        f"({row['province_short_from']} to {row['province_short_to']})"
        if row["province_short_days"]
        else f"{row['province']} is not short on the days units work"
    )
    if not row.get("beat"):
        beat = "; no other candidate reaches a shortfall"
    elif row["margin_patient_days"] < 0.5:
        beat = (
            f"; tied with {row['beat']} (the plan with that site instead averts the same "
            f"{row['plan_if_swapped_patient_days']:,.0f} patient-days)"
        )
        mine, theirs = row.get("reach_patient_days"), row.get("plan_if_swapped_reach_patient_days")
        if mine is not None and theirs is not None:
            beat += (
                f"; the tie goes to the plan with the most shortfall within reach: "
                f"{mine:,.0f} patient-days short within reach of its sites, "
                f"{theirs:,.0f} with {row['beat']} instead"
            )
            if mine - theirs < 0.5:
                beat += " (equal on that too: settled by the solver's order)"
    else:
        beat = (
            f"; it beat {row['beat']} (the plan with that site instead: "
            f"{row['plan_if_swapped_patient_days']:,.0f} patient-days, "
            f"{row['margin_patient_days']:,.0f} fewer)"
        )
    return (
        f"averts {row['patient_days_averted']:,.0f} patient-days without oxygen at "
        f"{row['hospitals_served']} hospital(s); {short}{beat}"
    )


def _mask(problem: relief.ReliefProblem, ids) -> np.ndarray:
    return np.flatnonzero(np.isin(problem.candidate_ids.astype(str), [str(i) for i in ids]))


def compare_plans(
    pack: Pack,
    problem: relief.ReliefProblem,
    result: relief.ReliefResult,
    hospitals_acc: pd.DataFrame,
    *,
    others: list[tuple[str, relief.ReliefResult]] | None = None,
    other_note: str = "",
) -> pd.DataFrame:
    """The plan against the K largest hospitals (beds), the K most remote hospitals
    (longest resupply hours from the nearest supply line, nothing-reaches first: the
    Minister's stated intent) and, when given, the plans chosen under the other rationing
    rules: all scored on this plan's shortfall (patient-days averted)."""
    k = problem.k
    ids = problem.candidate_ids
    beds = pack.hospitals.set_index("id")["beds"].reindex(ids).fillna(0).to_numpy(dtype=float)
    largest = np.lexsort((ids.astype(str), -beds))[:k]
    hours = hospitals_acc.set_index("id")["travel_time_h"].astype(float).reindex(ids)
    off = hospitals_acc.set_index("id")["off_network"].reindex(ids).fillna(True).to_numpy(bool)
    remote_h = np.where(off | ~np.isfinite(hours.to_numpy()), np.inf, hours.to_numpy())
    remote = np.lexsort((ids.astype(str), -np.nan_to_num(remote_h, posinf=1e12)))[:k]
    mine = set(map(str, placed(result)["id"]))
    names = pack.hospitals.set_index("id")["name"]
    rows = [("this plan", placed(result)["candidate"].to_numpy(int), "")]
    rows.append((f"the {k} largest hospitals (beds)", largest, ""))
    rows.append((f"the {k} most remote hospitals (resupply hours)", remote, ""))
    for label, res in others or []:
        rows.append((label, _mask(problem, placed(res)["id"]), other_note))
    if not others and other_note:
        rows.append(("the plan under the other rationing rule", None, other_note))
    out = []
    for label, cands, note in rows:
        if cands is None:
            out.append(
                {
                    "plan": label,
                    "patient_days_averted": None,
                    "sites_shared_with_plan": None,
                    "sites": "",
                    "note": note,
                }
            )
            continue
        value = result.objective if label == "this plan" else None
        if value is None:
            value = relief.value(problem, cands)
        site_ids = [str(i) for i in ids[cands]]
        out.append(
            {
                "plan": label,
                "patient_days_averted": float(value),
                "sites_shared_with_plan": int(len(mine.intersection(site_ids))),
                "sites": "; ".join(str(names.get(i, i)) for i in ids[cands]),
                "note": note,
            }
        )
    return pd.DataFrame(out).astype({"sites_shared_with_plan": object})


def unit_size_table(
    problem: relief.ReliefProblem,
    result: relief.ReliefResult,
    *,
    sizes_nm3_per_h: tuple[float, ...] = UNIT_SIZES_NM3_PER_H,
) -> pd.DataFrame:
    """The plan for each unit size: the reported one (700 patients a day at the severe
    flow) and the PSA catalogue sizes; ``default`` marks the size the scenario uses."""
    mine = set(map(str, placed(result)["id"]))
    rows = []
    for size in sizes_nm3_per_h:
        cap = size * 24.0
        same = np.isclose(cap, problem.capacity_m3_per_day)
        res = (
            result if same else relief.solve(dataclasses.replace(problem, capacity_m3_per_day=cap))
        )
        ids = set(map(str, placed(res)["id"]))
        reported = np.isclose(cap, DOCS_PATIENTS_PER_DAY * SEVERE_PATIENT_M3_PER_DAY)
        rows.append(
            {
                "unit_m3_per_h": float(size),
                "unit_m3_per_day": float(cap),
                "severe_patients_per_day": float(cap / SEVERE_PATIENT_M3_PER_DAY),
                "size": "reported (700 patients a day)" if reported else "PSA catalogue",
                "default": bool(same),
                "patient_days_averted": float(res.objective),
                "sites_changed": len(ids - mine),
                "optimal": bool(res.optimal),
            }
        )
    return pd.DataFrame(rows)


def change_table(
    base_ids: set[str],
    variants: list[tuple[str, str, Callable[[], tuple[relief.ReliefResult, pd.DataFrame]]]],
    pack: Pack,
) -> pd.DataFrame:
    """How the plan changes: one row per (dimension, value) with the patient-days the
    re-solved plan averts, how many of its sites differ from this plan's, and the
    provinces of its sites. ``variants``: (dimension, value, solve) with ``solve``
    returning the result and its sites' province codes."""
    pnames = pack.provinces.set_index("code")["name"]
    rows = []
    for dim, value, run in variants:
        res, sites = run()
        ids = set(map(str, sites["id"]))
        provinces = sites["province_code"].dropna().astype(int).map(pnames).value_counts()
        rows.append(
            {
                "dimension": dim,
                "value": value,
                "patient_days_averted": float(res.objective),
                "zero_value": bool(res.zero_value),
                "sites_changed": len(ids - base_ids),
                "provinces": "; ".join(f"{n} ({c})" for n, c in provinces.items()),
            }
        )
    return pd.DataFrame(rows)


REPORTED_SHORTAGES = "reported_shortages.csv"
JAVA_BALI = (31, 32, 33, 34, 35, 36, 51)  # BPS codes: DKI to Jawa Timur, Banten, Bali


def reported_shortages(
    date: str, shortfall: Shortfall, sites: pd.DataFrame, *, days: int = 7
) -> pd.DataFrame:
    """Shortages reported within ``days`` of ``date`` (``data/reported_shortages.csv``,
    one published source per row), each beside what this plan says of its province:
    ``model_days_short`` (days of the window the shortfall table has it short) and
    ``sites_in_province`` (placed sites there). Province 0 = Java and Bali (the most days
    any of them is short)."""
    from geo.packs import EMBEDDED_DIR

    path = EMBEDDED_DIR / REPORTED_SHORTAGES
    try:
        table = pd.read_csv(path, dtype={"id": str, "date_from": str, "date_to": str})
    except (OSError, pd.errors.ParserError) as err:
        raise DataError(f"cannot read reported shortages: {err}", file=str(path)) from err
    day = dt.date.fromisoformat(date)
    lo, hi = (
        (day - dt.timedelta(days=days)).isoformat(),
        (day + dt.timedelta(days=days)).isoformat(),
    )
    near = table[(table["date_to"] >= lo) & (table["date_from"] <= hi)].copy()
    t = shortfall.table
    short = t[t["unmet_t"].astype(float) > 1e-9].groupby("code")["date"].nunique()
    codes = near["province_code"].astype(int)
    site_codes = sites["province_code"].dropna().astype(int) if len(sites) else pd.Series([])
    group = {0: JAVA_BALI}  # the one multi-province row kind: Java and Bali
    near["model_days_short"] = [
        int(max((short.get(p, 0) for p in group.get(c, (c,))), default=0)) for c in codes
    ]
    near["sites_in_province"] = [int(site_codes.isin(group.get(c, (c,))).sum()) for c in codes]
    return near.reset_index(drop=True)


def plan_warnings(result: relief.ReliefResult, shortfall: Shortfall, k: int) -> list[str]:
    """What a planner must know before reading the plan (English; i18n keys mirror it)."""
    out = []
    if not shortfall.operating_days:
        out.append(
            f"units work from {shortfall.operating_from}, after the window ends "
            f"({shortfall.window_to}): nothing to avert"
        )
    if result.zero_value:
        out.append(
            "zero-value plan: no hospital a unit could reach is short on the days units "
            "work, so no site averts a patient-day; no sites are proposed"
        )
    else:
        idle = k - len(placed(result))
        if idle > 0:
            out.append(f"{idle} of {k} units have no shortfall within reach: not placed")
    if shortfall.basis == "steady":
        out.append(
            "shortfall by day: the allocation of the scenario date held for every day "
            "(steady; the time-expanded plan replaces it when available)"
        )
    return out
