"""The JSON object of each command of the CLI, built from what :class:`geo.result.Result`
(or the pack, the graph, a sweep) hands over, as tables and typed records turned into
JSON records; :func:`geo.export.write_json` writes them. Numbers are not rounded; node
ids are the graph's own ids, hospital and plant ids the pack's.

Commands (:mod:`geo.commands`) only pick the payload and print text: the shape of the
output lives here, once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.export import json_id as _id
from geo.export import json_num as _num
from geo.export import json_value as _json_value
from geo.export import records as _records
from geo.export import unpublished_cases

if TYPE_CHECKING:
    from geo.allocation import AllocationResult, FleetParams
    from geo.packs import Pack
    from geo.result import Result

# --------------------------------------------------------------------------- check


def check_json(pack: Pack) -> dict:
    """The load report of a pack: each layer, its errors, the July 2021 case gaps, the
    provinces without published cases and the hospital location check."""
    return {
        "pack": pack.name,
        "content_hash": pack.content_hash,
        "layers": _layers_json(pack),
        "errors": list(pack.errors),
        "cases_july_2021": july_imputed(pack),
        "unpublished_case_provinces": unpublished_cases(pack)[0],
        "hospital_locations": _locations_json(pack),
    }


def _locations_json(pack: Pack) -> dict | None:
    """The hospital location check: counts, and every hospital it flagged or moved."""
    from geo import locations

    table = pack.hospital_locations
    if not len(table):
        return None
    flagged = table[(table["problem"] != "") | (table["rule"] != "as_given")]
    cols = ["id", "name", "province_code", "problem", "rule", "approximate", "found_province",
            "lon_given", "lat_given", "lon", "lat", "moved_km"]  # fmt: skip
    return locations.location_counts(table) | {"flagged": _records(flagged[cols])}


def _layers_json(pack: Pack) -> dict:
    """Each layer's load report; a layer that failed carries its error object."""
    failed = {e.layer: e for e in pack.errors}
    return {
        name: r.to_dict() | ({"error": failed[name]} if name in failed else {})
        for name, r in pack.reports.items()
    }


def july_imputed(pack: Pack) -> dict | None:
    """How many provinces had no published case figure on each day of July 2021 (None
    without provinces or cases: nothing to count against)."""
    from geo.demand import imputed_counts

    if not len(pack.cases) or "method" not in pack.cases or not len(pack.provinces):
        return None
    counts = imputed_counts(
        pack.cases, provinces=len(pack.provinces), start="2021-07-01", end="2021-07-31"
    )
    return {
        "provinces": int(len(pack.provinces)),
        "days": int(len(counts)),
        "max_imputed": int(counts["imputed"].max()),
        "max_share": float(counts["imputed_share"].max()),
        "days_with_imputed": int((counts["imputed"] > 0).sum()),
    }


# --------------------------------------------------------------------------- graph


def graph_json(cg, edges: pd.DataFrame, *, exported: str | None = None) -> dict:
    """The routable graph's counts: nodes, edges, edges by mode (and the file written)."""
    modes = edges["mode"].value_counts().to_dict()
    return {
        "nodes": int(cg.n_nodes),
        "edges": int(cg.n_edges),
        "edges_by_mode": {str(k): int(v) for k, v in sorted(modes.items())},
    } | ({"exported": exported} if exported else {})


# --------------------------------------------------------------------------- backtest


def backtest_json(result: Result) -> dict:
    """Every reported demand figure against the model, the summary and leave-one-out."""
    from geo import backtest as backtest_model

    table = result.backtest
    return {
        "figures": _records(table),
        "summary": backtest_model.backtest_summary(table),
        "leave_one_out": {k: _json_value(v) for k, v in result.leave_one_out.items()},
    }


# --------------------------------------------------------------------------- travel


def coverage_json(result: Result) -> dict:
    """Nearest-plant time of every hospital, the plants' access and the province table."""
    cov, plants = result.coverage, result.access.plants
    return {
        "hours": cov.hours,
        "hospitals": [
            {
                "id": _id(r.id),
                "province_code": _id(r.province_code),
                "nearest_plant": _id(r.nearest_plant),
                "travel_time_h": _num(r.travel_time_h),
                "node": _id(r.node_id),
                "access_s": _num(r.access_s),
                "covered": bool(r.covered),
                "reason": r.reason,
                **({"via_sea": bool(r.via_sea)} if hasattr(r, "via_sea") else {}),
            }
            for r in cov.hospitals.itertuples()
        ],
        "plants": [
            {
                "id": _id(r.id),
                "node": _id(r.node_id),
                "access_s": _num(r.access_s),
                "off_network": bool(r.off_network),
            }
            for r in plants.itertuples()
        ],
        "provinces": [
            {
                "code": int(r.code),
                "name": r.name,
                "hospitals": int(r.hospitals),
                "covered_share": _num(r.covered_share),
                "underserved": bool(r.underserved),
                "reasons": list(r.reasons),
            }
            for r in cov.provinces.itertuples()
        ],
    }


# --------------------------------------------------------------------------- demand

_DEMAND_OPTIONAL = (
    "baseline_t_per_day",
    "covid_beds",
    "occupancy",
    "beds_rule",
    "occupancy_rule",
    "filled",
    "new_cases_window",
    "demand_method",
    "imputed",
    "date_used",
    "method",
    "missing_reason",
)


def demand_json(result: Result) -> dict:
    """Demand per province (central, interval, parts and rules) and the totals."""
    scen, table = result.scenario, result.demand
    optional = [c for c in _DEMAND_OPTIONAL if c in table.columns]
    interval = dict(table.attrs.get("interval", {}))
    return {
        "date": scen.date,
        "method": scen.method,
        "method_used": str(table["demand_method"].iloc[0])
        if "demand_method" in table
        else scen.method,
        "preset": scen.preset,
        "interval": {k: _json_value(v) for k, v in interval.items()},
        "provinces": [
            {
                "code": int(r["code"]),
                "name": r["name"],
                "demand_t_per_day": float(r["demand_t_per_day"]),
                "low": float(r["low"]),
                "high": float(r["high"]),
                "hospital_t_per_day": _num(r.get("hospital_t_per_day", np.nan)),
                "home_t_per_day": _num(r.get("home_t_per_day", np.nan)),
                **{c: _json_value(r[c]) for c in optional},
            }
            for _, r in table.iterrows()
        ],
        "total_t_per_day": float(table["demand_t_per_day"].sum()),
        "total_low_t_per_day": float(table["low"].sum()),
        "total_high_t_per_day": float(table["high"].sum()),
        "filled_provinces": int(table["filled"].sum()) if "filled" in table else 0,
    }


# --------------------------------------------------------------------------- allocation


def allocate_json(result: Result) -> dict:
    """The allocation on the scenario date, its band (low, central, high) and that day
    of the plan."""
    scen = result.scenario
    band = {
        name: {
            "demand_t_per_day": float(a.provinces["demand_t_per_day"].sum()),
            "unmet_t_per_day": float(a.provinces["unmet_t_per_day"].sum()),
            "trucks_needed": float(a.trucks_needed),
            "trucks_needed_unconstrained": float(a.trucks_needed_unconstrained),
            "isotanks_at_sea": float(a.isotanks_at_sea),
        }
        for name, a in result.allocation_band().items()
    }
    return (
        {"date": scen.date, "method": scen.method}
        | allocation_json(result.demand, result.allocation)
        | {"band": band, "plan_day": plan_day_json(result)}
    )


def allocation_json(demand: pd.DataFrame, alloc) -> dict:
    """One allocation: per province, per flow, the fleet and the cost."""
    names = demand.set_index("code")["name"]
    return {
        "provinces": [
            {
                "code": int(r.code),
                "name": names.get(r.code),
                "demand_t_per_day": float(r.demand_t_per_day),
                "supplied_t_per_day": float(r.supplied_t_per_day),
                "unmet_t_per_day": float(r.unmet_t_per_day),
                "share_met": _num(r.share_met),
                "trucks_used": float(r.trucks_used),
                "limit": r.limit,
                "limit_reason": r.limit_reason,
                "fleet_binds": bool(getattr(r, "fleet_binds", False)),
            }
            for r in alloc.provinces.itertuples()
        ],
        "flows": [
            {
                "plant": _id(r.plant),
                "province": int(r.province),
                "t_per_day": float(r.t_per_day),
                "travel_time_h": float(r.travel_time_h),
                "road_h": _num(r.road_h),
                "sea_h": _num(r.sea_h),
                "modes": r.modes,
                "trucks": float(r.trucks),
                "isotanks_at_sea": _num(getattr(r, "isotanks_at_sea", 0.0)),
            }
            for r in alloc.flows.itertuples()
        ],
        **fleet_summary(alloc),
        "total_cost": float(alloc.total_cost),
        "status": alloc.status,
    }


def fleet_summary(result: AllocationResult, fleet: FleetParams | None = None) -> dict:
    """JSON-ready fleet figures of an allocation (for ``allocate --json``):
    ``trucks_needed, trucks_needed_unconstrained, trucks_available, fleet_binds,
    isotanks_at_sea`` and ``fleet`` (each parameter with value, unit, basis, note; from
    ``fleet`` when given, else the values the problem was solved with)."""
    from geo.allocation import FLEET_PARAMETERS

    p = result.problem
    if fleet is None:
        params = {
            "isotank_t": {"value": p.isotank_t, **FLEET_PARAMETERS["isotank_t"]},
            "handling_h": {
                "value": p.handling_h,
                "unit": "h per trip",
                "basis": "load_h + unload_h",
                "note": "loading and unloading hours per trip",
            },
            "driving_h_per_day": {
                "value": p.driving_h_per_day,
                **FLEET_PARAMETERS["driving_h_per_day"],
            },
        }
    else:
        params = fleet.to_dict()
    return {
        "trucks_needed": float(result.trucks_needed),
        "trucks_needed_unconstrained": float(result.trucks_needed_unconstrained),
        "trucks_available": float(result.trucks_available),
        "fleet_binds": result.fleet_binds,
        "isotanks_at_sea": float(result.isotanks_at_sea),
        "fleet": params,
    }


def plan_day_json(result: Result) -> dict:
    """The scenario date as that day of the plan, or why not (outside its window)."""
    day = result.plan_day
    if day is None:
        scen = result.scenario
        return {
            "date": scen.date,
            "in_plan": False,
            "note": f"{scen.date} is not a day of the plan "
            f"({scen.plan_from}, {scen.plan_days} days)",
        }
    return {"in_plan": True} | day.to_dict()


# --------------------------------------------------------------------------- siting

_OBJECTIVE_MEANING = (
    "patient-days without oxygen averted: sum over sites, hospitals within reach "
    "and operating days of m3 supplied / m3_per_patient_day (see FILE.values.csv)"
)
_SHARE_MEANING = "patient_days_averted.total / patient_days_short: the deploy page's headline share"
_TIE_BREAK_MEANING = (
    "among plans within tie_rel of the most patient-days averted, the one with "
    "the most patient-days short within reach of its sites, each hospital "
    "counted once (a second HiGHS solve with the first objective held)"
)


def site_records(result: Result) -> list[dict]:
    """Each proposed site: where it is, what it averts and why it was chosen."""
    from geo import deploy

    coords = result.pack.hospitals.set_index("id").geometry
    sites = []
    for r in result.siting.reasons.to_dict("records"):
        reason = {k: _json_value(v) for k, v in r.items() if k != "id"}
        reason["text"] = deploy.reason_text(r)
        sites.append(
            {
                "id": _id(r["id"]),
                "name": r["name"],
                "lat": float(coords[r["id"]].y),
                "lon": float(coords[r["id"]].x),
                "patient_days_averted": float(r["patient_days_averted"]),
                "m3": float(r["m3"]),
                "reason": reason,
            }
        )
    return sites


def site_json(result: Result, *, changes: bool = False) -> dict:
    """The siting plan: its sites, objective, shortfall basis, solver status and
    tie-break, the comparisons and unit sizes (and, with ``changes``, how the plan
    changes with the reach and the date)."""
    from geo import narrative, relief

    scen, plan, report = result.scenario, result.siting, result.deploy
    problem, solved, short = plan.problem, plan.result, plan.shortfall
    sites = site_records(result)
    out = {
        "k": scen.k,
        "hours": scen.hours,
        "capacity_m3_per_day": float(problem.capacity_m3_per_day),
        "capacity_m3_per_h": float(problem.capacity_m3_per_day) / 24.0,
        "objective": float(solved.objective),
        "objective_meaning": _OBJECTIVE_MEANING,
        "m3_per_patient_day": float(problem.m3_per_patient_day),
        "patient_days_averted": {
            "total": float(solved.objective),
            "per_site": {str(s_["id"]): s_["patient_days_averted"] for s_ in sites},
        },
        "patient_days_short": float(problem.total_patient_days),
        "zero_value": bool(solved.zero_value),
        "warnings": list(plan.warnings),
        "shortfall_basis": short.basis,
        "policy": short.policy,
        "window": {"from": short.window_from, "to": short.window_to},
        "operating_from": short.operating_from,
        "operating_days": len(short.operating_days),
        "share_averted": _num(plan.share_averted),
        "share_averted_meaning": _SHARE_MEANING,
        "solver": solved.solver,
        "tie_break": {
            "rule": relief.TIE_BREAK,
            "meaning": _TIE_BREAK_MEANING,
            "tie_rel": relief.TIE_REL,
            "reach_patient_days": float(solved.reach_patient_days),
            "settled": solved.tie_break,
        },
        "status": narrative.solver_status(solved, lang="en"),
        "optimal": bool(solved.optimal),
        "bound": _num(solved.bound),
        "gap": _num(solved.gap),
        "candidates": int(problem.n_candidates),
        "useful_candidates": int(solved.useful_candidates),
        "not_hosts": plan.not_hosts,
        "sites": sites,
        "alternatives": _records(report.alternatives),
        "unit_sizes": _records(report.unit_sizes),
        "reported_shortages": _records(plan.reported),
    }
    if changes:
        out["changes"] = _records(result.changes)
    return out


# --------------------------------------------------------------------------- plan


def plan_json(result: Result) -> dict:
    """The plan as the CLI contract of issue 20 reads it: per day the fleet in use and
    every province's demand, delivered, unmet and end-of-day stock (tonnes); per
    province the first short day, days short, unmet tonnes and patient-days without
    oxygen; the fleet answers; the Java-Bali window note."""
    from geo import plan_report

    solved = result.plan
    scen = result.scenario
    pdays = solved.province_days
    return {
        "plan_from": scen.plan_from,
        "plan_days": int(scen.plan_days),
        "policy": solved.policy,
        "as_of": scen.as_of or None,
        "status": solved.status,
        "objective": float(solved.objective),
        "objectives": [float(o) for o in solved.objectives],
        "unmet_t_total": float(pdays["unmet_t"].sum()),
        "min_share_met": float(solved.min_share()),
        "days": _plan_days(solved),
        "provinces": _plan_provinces(solved, result.pack.provinces),
        "fleet": _plan_fleet(solved.fleet),
        "java_bali": result.plan_note,
        "forecast_backtest": _forecast_backtest(result.plan_backtest),
        "assumptions": plan_report.assumptions(),
    }


def _plan_days(solved) -> list[dict]:
    """Per day: the fleet in use, the national sums and each province's numbers."""
    by_day = {d: g for d, g in solved.province_days.groupby("date", sort=False)}
    days = []
    for r in solved.days.itertuples():
        g = by_day[r.date]
        days.append(
            {
                "date": r.date,
                "trucks_in_use": float(r.trucks_in_use),
                "trucks_available": _num(r.trucks_available),
                "containers_in_use": float(r.containers_in_use),
                "supply_t": float(r.supply_t),
                "demand_t": float(r.demand_t),
                "delivered_t": float(r.delivered_t),
                "unmet_t": float(r.unmet_t),
                "provinces": [
                    {
                        "code": int(p.code),
                        "demand_t": float(p.demand_t),
                        "low": float(p.low),
                        "high": float(p.high),
                        "delivered_t": float(p.delivered_t),
                        "unmet_t": float(p.unmet_t),
                        "stock_t": float(p.stock_t),
                        "share_met": float(p.share_met),
                        "forecast": bool(p.forecast),
                    }
                    for p in g.itertuples()
                ],
            }
        )
    return days


def _plan_provinces(solved, provinces: pd.DataFrame) -> list[dict]:
    """Per province over the window: first short day, days short, unmet, patient-days."""
    names = provinces.set_index("code")["name"]
    return [
        {
            "code": int(r.code),
            "name": names.get(r.code),
            "first_short_day": r.first_short_day,
            "days_short": int(r.days_short),
            "unmet_t_total": float(r.unmet_t_total),
            "patient_days_without_o2": float(r.patient_days_without_o2),
            "days_of_cover": _num(r.days_of_cover),
            "reachable": bool(r.reachable),
        }
        for r in solved.provinces.itertuples()
    ]


def _plan_fleet(fleet: dict) -> dict:
    """The fleet answers: fewest trucks and containers, and unmet by fleet size."""
    return {
        "trucks_min": int(fleet["trucks_min"]),
        "containers_min": int(fleet["containers_min"]),
        "unmet_min_t": float(fleet["unmet_min_t"]),
        "unmet_by_trucks": [
            {"trucks": float(c["trucks"]), "unmet_t": float(c["unmet_t"])}
            for c in fleet["unmet_by_trucks"]
        ],
    }


def _forecast_backtest(table: pd.DataFrame) -> list[dict]:
    """Per horizon: forecasts made each July day against the model's later estimate."""
    out = []
    for h, g in table.groupby("horizon_days"):
        out.append(
            {
                "horizon_days": int(h),
                "forecasts": len(g),
                "national_mean_abs_error_pct": float(g["error_pct"].abs().mean()),
                "national_mean_error_pct": float(g["error_pct"].mean()),
                "province_mape_pct": float(g["province_mape_pct"].mean()),
                "in_band_share": float(g["in_band_share"].mean()),
            }
        )
    return out


# --------------------------------------------------------------------------- sweep


def sweep_json(
    result,
    summary: dict,
    *,
    head: dict,
    provinces: pd.DataFrame,
    seed: int,
    min_days: int,
    out: str | None,
    workers: int,
    elapsed_s: float,
) -> dict:
    """A sweep: its fingerprint and the scenario's, the model, the distributions, how
    it ran, and the summary tables (per province, national, per province and day)."""
    return {
        "fingerprint": result.fingerprint,
        "scenario": head["scenario"],
        "scenario_fingerprint": head["fingerprint"],
        "draws": result.n_draws,
        "seed": seed,
        "model": {k: v for k, v in result.meta["model"].items() if k not in ("codes", "dates")}
        | {"from": result.dates[0], "to": result.dates[-1], "days": len(result.dates)},
        "distributions": result.meta["distributions"],
        "shortage_t": result.meta["shortage_t"],
        "min_days": min_days,
        "out": None if out is None else str(out),
        "workers": workers,
        "elapsed_s": elapsed_s,
        "draws_per_s": result.n_draws / elapsed_s if elapsed_s > 0 else None,
        "provinces": _records(provinces),
        "national": _records(summary["national"]),
        "province_days": _records(summary["province_days"]),
    }
