"""Deploying concentrator systems: who can host one, what a m3/day of relief is worth
where (resupply time, production limit), the siting problem built from a pack's
hospitals and the allocation's unmet demand, and the plan explained: why each site, the
plan against its alternatives, unit sizes, and why the reach H may not matter.

The model (capacitated MCLP, its solvers) is :mod:`geo.siting`; this module adapts a
pack and the runner's stages to it and reads its result back.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geo import allocation as allocation_model
from geo import coverage as coverage_model
from geo import demand as demand_model
from geo import siting as siting_model
from geo import travel
from geo.errors import DataError
from geo.settings import (
    DEFAULT_REMOTE_WEIGHT,
    DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
    M3_GAS_PER_TONNE_LOX,
    PRODUCTION_WAIT_DAYS,
    RELIEF_DAYS_MAX,
    UNIT_SIZES_NM3_PER_H,
)

if TYPE_CHECKING:
    from geo.packs import Pack


REFERRAL_TYPES = ("RS_RUJUKAN_NASIONAL", "RS_RUJUKAN_PROVINSI")


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


def siting_values(
    hospitals: pd.DataFrame,
    provinces: pd.DataFrame,
    *,
    remote_weight: float,
    max_days: float = RELIEF_DAYS_MAX,
    wait_days: float = PRODUCTION_WAIT_DAYS,
) -> pd.DataFrame:
    """Each hospital's objective value per m3/day of unmet demand relieved:
    ``1 + remote_weight x (resupply_days + wait_days) / max_days`` (geo.settings states
    the rule and its assumptions).

    ``hospitals``: the access table (``id, province_code, travel_time_h, off_network``);
    ``provinces``: the allocation's province table (``code, limit``). Columns out:
    ``id, resupply_h, limit, relief_days, value_per_m3``."""
    resupply_h = pd.to_numeric(hospitals["travel_time_h"]).to_numpy(dtype=float)
    off = hospitals["off_network"].to_numpy(dtype=bool)
    resupply_h = np.where(off | ~np.isfinite(resupply_h), np.inf, resupply_h)
    limits = hospitals["province_code"].map(provinces.set_index("code")["limit"]).fillna("")
    wait = np.where(limits.to_numpy() == "production-limited", wait_days, 0.0)
    relief = np.minimum(resupply_h / 24.0, max_days) + wait
    return pd.DataFrame(
        {
            "id": hospitals["id"].to_numpy(),
            "resupply_h": resupply_h,
            "limit": limits.to_numpy(),
            "relief_days": relief,
            "value_per_m3": 1.0 + float(remote_weight) * relief / max_days,
        }
    )


def siting_problem(
    pack: Pack,
    cg: travel.CompactGraph,
    acc: coverage_model.HospitalAccess,
    alloc: allocation_model.AllocationResult,
    *,
    hours: float,
    k: int,
    capacity_m3_per_day: float | None = None,
    remote_weight: float = DEFAULT_REMOTE_WEIGHT,
) -> siting_model.SitingProblem:
    """Demand points are the pack's hospitals, each with its province's unmet oxygen
    demand after allocation split by beds (m3/day of gas) and its value per m3
    (:func:`siting_values`: resupply time and the province's limit). Candidates are the
    hospitals that can host a unit (:func:`host_rule`). A unit serves its own hospital
    and, through a cylinder shuttle, hospitals within ``hours`` by road (both access
    legs included); an off-network hospital can still host a unit serving itself.
    Rows and columns are in hospital-id order: no order carries a preference."""
    unmet = alloc.provinces[["code", "unmet_t_per_day"]].rename(
        columns={"code": "province_code", "unmet_t_per_day": "demand_t_per_day"}
    )
    hosp = acc.hospitals.sort_values("id", kind="stable").reset_index(drop=True)
    split = demand_model.split_to_hospitals(unmet, hosp[["id", "province_code", "beds"]])
    weights = hosp[["id"]].merge(split[["id", "demand_t_per_day"]], on="id", how="left")
    demand_m3 = weights["demand_t_per_day"].fillna(0.0).to_numpy() * M3_GAS_PER_TONNE_LOX
    values = siting_values(hosp, alloc.provinces, remote_weight=remote_weight)
    info = pack.hospitals.set_index("id").reindex(hosp["id"])
    can_host, _ = host_rule(info.reset_index())
    if not can_host.any():
        raise DataError("no hospital of the pack can host a unit (beds > 0, referral)")
    cand = np.flatnonzero(can_host)
    on = ~hosp["off_network"].to_numpy(dtype=bool)
    tt_s = np.full((cand.size, len(hosp)), np.inf)
    c_on = cand[on[cand]]
    if c_on.size and on.any():
        nodes = hosp["node"].to_numpy()
        offsets = hosp["access_s"].to_numpy(dtype=float)
        tt_s[np.ix_(on[cand], on)] = travel.travel_time_matrix(
            cg,
            nodes[c_on],
            nodes[on],
            source_offsets_s=offsets[c_on],
            target_offsets_s=offsets[on],
            cutoff_s=hours * 3600.0,
        )
    tt_s[np.arange(cand.size), cand] = 0.0  # a unit at a hospital serves it at once
    ids = hosp["id"].to_numpy()
    return siting_model.SitingProblem(
        travel_time_h=tt_s / 3600.0,
        demand_m3_per_day=demand_m3,
        capacity_m3_per_day=(
            DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY
            if capacity_m3_per_day is None
            else capacity_m3_per_day
        ),
        hours=hours,
        k=min(k, cand.size),
        candidate_ids=ids[cand],
        demand_ids=ids,
        value_per_m3=values["value_per_m3"].to_numpy(),
    )


def _with(problem: siting_model.SitingProblem, **changes: Any) -> siting_model.SitingProblem:
    fields = {
        "travel_time_h": problem.travel_time_h,
        "demand_m3_per_day": problem.demand_m3_per_day,
        "capacity_m3_per_day": problem.capacity_m3_per_day,
        "hours": problem.hours,
        "k": problem.k,
        "locked": problem.locked,
        "candidate_ids": problem.candidate_ids,
        "demand_ids": problem.demand_ids,
        "value_per_m3": problem.value_per_m3,
    }
    return siting_model.SitingProblem(**(fields | changes))


def site_reasons(
    pack: Pack,
    plan: siting_model.SitingResult,
    problem: siting_model.SitingProblem,
    values: pd.DataFrame,
) -> pd.DataFrame:
    """Why each site: its hospital, the hospitals it serves, their unmet m3/day, the
    resupply hours, the severe patients its output supports and its objective value."""
    names = pack.hospitals.set_index("id")["name"]
    codes = pack.hospitals.set_index("id")["province_code"]
    resupply = values.set_index("id")["resupply_h"]
    limits = values.set_index("id")["limit"]
    demand = pd.Series(problem.demand_m3_per_day, index=problem.demand_ids)
    rows = []
    for site in plan.sites.itertuples():
        served = plan.assignment[plan.assignment["candidate"] == site.candidate]
        ids = served["demand_id"].tolist()
        rows.append(
            {
                "id": site.id,
                "name": names.get(site.id),
                "province_code": codes.get(site.id),
                "limit": limits.get(site.id, ""),
                "resupply_h": float(resupply.get(site.id, np.inf)),
                "hospitals_served": len(ids),
                "served": "; ".join(str(names.get(i, i)) for i in ids),
                "unmet_m3_per_day": float(demand.reindex(ids).sum()),
                "covered_m3_per_day": float(site.covered_m3_per_day),
                "max_resupply_h_served": float(resupply.reindex(ids).max()) if ids else np.nan,
                "severe_patients": float(
                    siting_model.m3_per_day_to_patients(site.covered_m3_per_day)
                ),
                "value": float(site.value),
            }
        )
    return pd.DataFrame(rows)


def compare_plans(
    pack: Pack, problem: siting_model.SitingProblem, plan: siting_model.SitingResult
) -> pd.DataFrame:
    """The plan against two alternatives, all under the same objective: the plan that
    ignores resupply time (every m3 counts 1), and the K largest hospitals by beds."""
    plain = siting_model.solve(_with(problem, value_per_m3=np.ones(problem.n_demands)))
    ignore = np.isin(problem.candidate_ids, plain.sites["id"].to_numpy())
    beds = (
        pack.hospitals.set_index("id")["beds"]
        .reindex(problem.candidate_ids)
        .fillna(0)
        .to_numpy(dtype=float)
    )
    largest = np.zeros(problem.n_candidates, dtype=bool)
    largest[np.lexsort((problem.candidate_ids.astype(str), -beds))[: problem.k]] = True
    mine = set(plan.sites["id"])
    rows = []
    for label, result in (
        ("this plan", plan),
        ("ignoring resupply time", siting_model.evaluate(problem, ignore)),
        (f"the {problem.k} largest hospitals", siting_model.evaluate(problem, largest)),
    ):
        ids = list(result.sites["id"])
        rows.append(
            {
                "plan": label,
                "objective": result.objective,
                "covered_m3_per_day": result.covered_m3_per_day,
                "severe_patients": result.patients_severe,
                "sites_shared_with_plan": len(mine.intersection(ids)),
                "sites": "; ".join(map(str, ids)),
            }
        )
    return pd.DataFrame(rows)


def unit_size_table(
    problem: siting_model.SitingProblem,
    plan: siting_model.SitingResult,
    *,
    sizes_nm3_per_h: tuple[float, ...] = UNIT_SIZES_NM3_PER_H,
) -> pd.DataFrame:
    """How the plan and the covered demand change across unit sizes (m3/h x 24 h)."""
    mine = set(plan.sites["id"])
    rows = []
    current = np.unique(problem.capacity_array_m3_per_day)
    for size in sizes_nm3_per_h:
        same = current.size == 1 and math.isclose(float(current[0]), size * 24.0)
        result = (  # the plan itself when it already uses this size
            plan if same else siting_model.solve(_with(problem, capacity_m3_per_day=size * 24.0))
        )
        ids = set(result.sites["id"])
        rows.append(
            {
                "unit_m3_per_h": size,
                "unit_m3_per_day": size * 24.0,
                "objective": result.objective,
                "covered_m3_per_day": result.covered_m3_per_day,
                "severe_patients": result.patients_severe,
                "covered_share": result.covered_share,
                "sites_changed": len(ids - mine),
                "optimal": result.optimal,
            }
        )
    return pd.DataFrame(rows)


def horizon_note(
    problem: siting_model.SitingProblem, plan: siting_model.SitingResult, *, lang: str = "en"
) -> str:
    """Why the reach H does not shape this plan ('' when it may): when every unit's whole
    output goes to its own hospital, which alone needs at least that much, hospitals
    within H hours get nothing from it and a longer or shorter H changes nothing."""
    from geo import i18n

    a = plan.assignment
    if not len(plan.sites) or not len(a):
        return ""
    own = (a["candidate_id"].astype(str) == a["demand_id"].astype(str)).all()
    return i18n.t("deploy_horizon_same", lang) if own else ""
