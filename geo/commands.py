"""What each sub-command of the CLI does (declared in :mod:`geo.cli`).

Analysis commands build a scenario (:func:`scenario_from_args`), run
:func:`geo.pipeline.run`, and only present the result; the app does the same, so a link
gives the same figures and fingerprint in both. Numbers in JSON output are not rounded;
node ids are the graph's own ids (OSM ids, or the corridor network's node slugs);
hospital and plant ids are the pack's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from geo import locations, narrative, network, pipeline

# re-exported: the helpers every command shares (scenario_from_args, step, ...)
from geo.commands_common import (  # noqa: F401
    NEEDS,
    _case_warnings,
    _head,
    _id,
    _json_value,
    _load,
    _load_named,
    _num,
    _records,
    _runner,
    _warn,
    scenario_from_args,
    step,
)
from geo.errors import DataError
from geo.export import emit_json
from geo.packs import EMBEDDED, Pack
from geo.scenario import Scenario

# --------------------------------------------------------------------------- check


def check(args: argparse.Namespace) -> int:
    pack = _load_named(args, args.pack or EMBEDDED)
    if args.json:
        emit_json(
            {
                "pack": pack.name,
                "content_hash": pack.content_hash,
                "layers": _layers_json(pack),
                "errors": list(pack.errors),
                "cases_july_2021": _july_imputed(pack),
                "unpublished_case_provinces": _case_warnings(pack)[0],
                "hospital_locations": _locations_json(pack),
            }
        )
    else:
        print(f"pack {pack.name}: {pack.title}")
        print(f"{'layer':<10} {'read':>7} {'kept':>7} {'repaired':>8}  dropped")
        for name, r in pack.reports.items():
            dropped = ", ".join(f"{k} {v}" for k, v in sorted(r.dropped.items())) or "-"
            print(f"{name:<10} {r.rows_read:>7} {r.rows_kept:>7} {r.repaired:>8}  {dropped}")
        july = _july_imputed(pack)
        if july is not None:
            print(
                f"cases, July 2021: at most {july['max_imputed']} of {july['provinces']} "
                f"provinces imputed on a day ({july['max_share']:.0%}; "
                f"{july['days_with_imputed']} of {july['days']} days with any)"
            )
        if len(pack.hospital_locations):
            print(locations.location_note(pack.hospital_locations))
    _warn(_case_warnings(pack)[1])
    for err in pack.errors:
        print(f"error: {err.one_line()}", file=sys.stderr)
    return 2 if pack.errors else 0


def _locations_json(pack: Pack) -> dict | None:
    """The hospital location check: counts, and every hospital it flagged or moved."""
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


def _july_imputed(pack: Pack) -> dict | None:
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


def build_pack(args: argparse.Namespace) -> int:
    from geo import build

    with step(f"building the default pack from {args.src}"):
        result = build.build_pack(Path(args.src), Path(args.out))
    if args.json:
        emit_json(result)
    else:
        print(build.build_summary(result))
    return 0


# --------------------------------------------------------------------------- supply


def supply(args: argparse.Namespace) -> int:
    from geo import supply as supply_model

    pack = _load(args)
    result = pipeline.run(pack, scenario_from_args(args, pack))
    rec = supply_model.reconciliation_json(result.supply)
    if args.json:
        emit_json(_head(result, args.command) | rec)
        return 0
    for line in rec["lines"]:
        t, med = line["t_per_day"], line["medical_t_per_day"]
        print(
            f"{line['kind']:<15} {line['status']:<9} "
            f"{'unknown' if t is None else f'{t:8.1f}':>8} t/day  "
            f"medical {'-' if med is None else f'{med:7.1f}':>7}  {line['name']}"
        )
    print(
        f"sum {rec['sum_t_per_day']:,.1f} t/day secured against {rec['national_t_per_day'] or 0:,.1f} "
        f"(difference {rec['difference_t_per_day'] or 0:+,.1f}); published share "
        f"{(rec['published_share'] or 0):.0%}; delivered to medical use "
        f"{rec['medical_t_per_day']:,.1f} t/day; capacity {rec['capacity_t_per_day']:,.1f}"
    )
    for st in rec["statements"]:
        model = "n/a" if st["model"] is None else f"{st['model']:,.1f}"
        diff = "" if st["difference"] is None else f" ({st['difference']:+,.1f})"
        print(
            f"statement {st['id']} [{st['quantity']}, {st['scope']}, {st['compare_on']}]: "
            f"reported {st['reported']:,.1f}, model {model}{diff}"
        )
    for sh in rec["shipments"]:
        t = "t unknown" if sh["t"] is None else f"{sh['t']:,.0f} t"
        print(f"shipment {sh['id']}: {sh['status']} {sh['arrives'] or '-'} at {sh['port']}, {t}")
    if rec.get("note"):
        print(f"note: {rec['note']}")
    print(f"fingerprint {result.fingerprint}")
    return 0


def backtest(args: argparse.Namespace) -> int:
    from geo import backtest as backtest_model

    pack = _load(args)
    scen = scenario_from_args(args, pack)
    result = pipeline.run(pack, scen)
    table = result.backtest
    summary = backtest_model.backtest_summary(table)
    loo = result.leave_one_out
    if args.json:
        emit_json(
            _head(result, args.command)
            | {
                "figures": _records(table),
                "summary": summary,
                "leave_one_out": {k: _json_value(v) for k, v in loo.items()},
            }
        )
        return 0
    cols = ["date", "region", "reported_t_per_day", "central_t_per_day", "low_t_per_day",
            "high_t_per_day", "rel_error", "within_band"]  # fmt: skip
    cols += [c for c in ("rel_error_loo", "inside_loo") if c in table]
    print(table[cols].to_string(index=False))
    print(", ".join(f"{k} {v:.3g}" for k, v in summary.items()))
    if loo:
        print(
            f"leave-one-out ({loo['method']}, {loo['n']} figures): median abs error "
            f"{loo['median_abs_error']:.1%}, {loo['coverage']:.0%} inside their "
            f"{loo['level']:.0%} interval"
        )
    return 0


# --------------------------------------------------------------------------- travel


def coverage(args: argparse.Namespace) -> int:
    pack = _load(args)
    result = pipeline.run(pack, scenario_from_args(args, pack), runner=_runner(args, pack))
    with step("road graph and nearest-plant times (one multi-source pass)"):
        cov = result.coverage
    if args.json:
        emit_json(_head(result, args.command) | coverage_json(cov, result.access.plants))
        return 0
    status, provinces = cov.hospitals, cov.provinces
    print(
        f"hospitals within {cov.hours:g} h of a plant: {int(status['covered'].sum())} of {len(status)}"
    )
    table = provinces[["code", "name", "hospitals", "covered_share", "underserved"]].copy()
    table["reasons"] = provinces["reasons"].map(", ".join)
    print(table.to_string(index=False))
    print(f"fingerprint {result.fingerprint}")
    return 0


def coverage_json(cov: pipeline.Coverage, plants: pd.DataFrame) -> dict:
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


def route(args: argparse.Namespace) -> int:
    from geo import travel

    pack = _load(args)
    runner = _runner(args, pack)
    with step("building the road graph"):
        cg = network.engine_for(pack, roads=runner.roads, speeds_kph=runner.speeds_kph)
    policy = network.access_policy(pack, roads=runner.roads)
    result = travel.route(
        cg,
        args.from_,
        args.to,
        max_snap_m=policy.max_snap_m,
        access_speed_kph=policy.access_speed_kph,
        detour_factor=policy.detour_factor,
    )
    if args.json:
        emit_json(result)
        return 0
    if result["travel_time_h"] is None:
        print(f"no route: {result['reason']}")
        return 0
    print(
        f"{result['travel_time_h']:.2f} h, {result['distance_km']:.1f} km, "
        f"{result['from_node']} -> {result['to_node']}"
    )
    for leg in result["legs"]:
        print(f"  {leg['mode']:<7} {leg['seconds'] / 3600:7.2f} h {leg['meters'] / 1000:8.1f} km")
    return 0


def engine_edges(cg) -> pd.DataFrame:
    """The routable graph as the engine uses it, with the graph's own node ids."""
    edges = cg.edge_table()
    return pd.DataFrame(
        {
            "u": cg.node_ids[edges["u"].to_numpy()],
            "v": cg.node_ids[edges["v"].to_numpy()],
            "travel_time_s": edges["travel_time_s"],
            "length_m": edges["length_m"],
            "mode": edges["mode"],
        }
    )


def graph(args: argparse.Namespace) -> int:
    pack = _load(args)
    runner = _runner(args, pack)
    if args.compile:
        if runner.roads is None:
            raise DataError("--compile needs --roads FILE (an OSM .pbf or .osm file)")
        Path(args.compile).parent.mkdir(parents=True, exist_ok=True)
        with step(f"compiling {runner.roads.name}"):
            meta = network.compile_roads(
                pack, runner.roads, args.compile, speeds_kph=runner.speeds_kph
            )
        if args.json:
            emit_json(meta | {"compiled": args.compile})
        else:
            print(
                f"wrote {args.compile}: "
                + ", ".join(f"{k} {v}" for k, v in meta.items() if isinstance(v, int | float | str))
            )
        return 0
    with step("building the road graph"):
        cg = network.engine_for(pack, roads=runner.roads, speeds_kph=runner.speeds_kph)
    edges = engine_edges(cg)
    if args.export_edges:
        _export_edges(cg, edges, Path(args.export_edges))
    modes = edges["mode"].value_counts().to_dict()
    summary = {
        "nodes": int(cg.n_nodes),
        "edges": int(cg.n_edges),
        "edges_by_mode": {str(k): int(v) for k, v in sorted(modes.items())},
    }
    if args.json:
        emit_json(summary | ({"exported": args.export_edges} if args.export_edges else {}))
    elif not args.export_edges:
        by_mode = ", ".join(f"{v} {k}" for k, v in summary["edges_by_mode"].items())
        print(f"{cg.n_nodes} nodes, {cg.n_edges} edges ({by_mode})")
    return 0


def _export_edges(cg, edges: pd.DataFrame, path: Path) -> None:
    import geopandas as gpd
    import shapely

    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)  # the CLI checked it can (export.py)
    if suffix == ".csv":
        edges.to_csv(path, index=False, float_format="%.17g")
    elif suffix in {".gpkg", ".geojson", ".json"}:
        table = cg.edge_table()
        lines = shapely.linestrings(
            np.stack(
                [cg.x[table["u"]], cg.y[table["u"]], cg.x[table["v"]], cg.y[table["v"]]], axis=1
            ).reshape(-1, 2, 2)
        )
        gdf = gpd.GeoDataFrame(edges.astype({"u": str, "v": str}), geometry=lines, crs="EPSG:4326")
        gdf.to_file(
            path,
            driver="GPKG" if suffix == ".gpkg" else "GeoJSON",
            **({"layer": "edges"} if suffix == ".gpkg" else {}),
        )
    else:
        raise DataError("export format must be .csv, .gpkg or .geojson", file=str(path))
    print(f"wrote {len(edges)} edges to {path}", file=sys.stderr)


# --------------------------------------------------------------------------- demand


def demand(args: argparse.Namespace) -> int:
    pack = _load(args)
    result = pipeline.run(pack, scenario_from_args(args, pack))
    table = result.demand
    if args.json:
        emit_json(_head(result, args.command) | demand_json(result.scenario, table))
        return 0
    print(table[["code", "name", "demand_t_per_day", "low", "high"]].to_string(index=False))
    print(f"total {table['demand_t_per_day'].sum():,.1f} t/day")
    print(f"fingerprint {result.fingerprint}")
    return 0


def demand_json(scen: Scenario, table: pd.DataFrame) -> dict:
    optional = [
        c
        for c in (
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
        if c in table.columns
    ]
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


def allocation_json(demand: pd.DataFrame, result) -> dict:
    from geo.allocation import fleet_summary

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
            for r in result.provinces.itertuples()
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
            for r in result.flows.itertuples()
        ],
        **fleet_summary(result),
        "total_cost": float(result.total_cost),
        "status": result.status,
    }


def allocate(args: argparse.Namespace) -> int:
    from geo import allocation

    pack = _load(args)
    result = pipeline.run(pack, scenario_from_args(args, pack), runner=_runner(args, pack))
    with step("demand and allocation"):
        alloc = result.allocation
    if args.export_problem:
        allocation.export_problem(alloc, args.export_problem)
    if args.json:
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
        emit_json(
            _head(result, args.command)
            | {"date": scen.date, "method": scen.method}
            | allocation_json(result.demand, alloc)
            | {"band": band, "plan_day": _plan_day_json(result)}
        )
        return 0
    print(
        alloc.provinces[
            ["code", "demand_t_per_day", "supplied_t_per_day", "unmet_t_per_day", "limit"]
        ].to_string(index=False)
    )
    print(
        f"trucks needed {alloc.trucks_needed:.1f} of {alloc.trucks_available:g} available; "
        f"total cost {alloc.total_cost:,.1f} t*h/day"
    )
    day = _plan_day(result)
    if day is not None:
        share = day.share_met
        print(
            f"that day of the plan ({day.policy}, {day.window[0]} to {day.window[1]}): "
            f"demand {day.demand_t:,.1f} t, delivered {day.delivered_t:,.1f} t, unmet "
            f"{day.unmet_t:,.1f} t" + (f" ({share:.1%} met)" if share is not None else "")
        )
    else:
        print(f"{result.scenario.date} is not a day of the plan's window")
    print(f"fingerprint {result.fingerprint}")
    return 0


def _plan_day(result: pipeline.Result):
    with step("that day of the plan"):
        return result.plan_day


def _plan_day_json(result: pipeline.Result) -> dict:
    """The scenario date as that day of the plan, or why not (outside its window)."""
    day = _plan_day(result)
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


def site(args: argparse.Namespace) -> int:
    from geo import deploy, relief

    pack = _load(args)
    result = pipeline.run(pack, scenario_from_args(args, pack), runner=_runner(args, pack))
    scen = result.scenario
    with step(f"siting K={scen.k} within {scen.hours:g} h"):
        plan = result.siting
    problem, solved, short = plan.problem, plan.result, plan.shortfall
    if args.export_matrix:
        relief.export_problem(problem, args.export_matrix)
    coords = pack.hospitals.set_index("id").geometry
    sites = []
    for r in plan.reasons.to_dict("records"):
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
    with step("comparisons and unit sizes"):
        report = result.deploy
    out = {
        "k": scen.k,
        "hours": scen.hours,
        "capacity_m3_per_day": float(problem.capacity_m3_per_day),
        "capacity_m3_per_h": float(problem.capacity_m3_per_day) / 24.0,
        "objective": float(solved.objective),
        "objective_meaning": (
            "patient-days without oxygen averted: sum over sites, hospitals within reach "
            "and operating days of m3 supplied / m3_per_patient_day (see FILE.values.csv)"
        ),
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
        "share_averted_meaning": (
            "patient_days_averted.total / patient_days_short: the deploy page's headline share"
        ),
        "solver": solved.solver,
        "tie_break": {
            "rule": relief.TIE_BREAK,
            "meaning": (
                "among plans within tie_rel of the most patient-days averted, the one with "
                "the most patient-days short within reach of its sites, each hospital "
                "counted once (a second HiGHS solve with the first objective held)"
            ),
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
    if getattr(args, "changes", False):
        with step("how the plan changes with H and the date"):
            out["changes"] = _records(result.changes)
    if args.json:
        emit_json(_head(result, args.command) | out)
        return 0
    for w in plan.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if solved.zero_value:
        print("zero-value plan: nothing to avert within reach; no sites proposed")
    for s_ in sites:
        print(
            f"{s_['id']:>12}  {str(s_['name'])[:38]:38}  {s_['reason']['province'] or '':24} "
            f"{s_['patient_days_averted']:10,.0f} patient-days"
        )
        print(f"{'':14}{s_['reason']['text']}")
    print(
        f"patient-days averted {solved.objective:,.0f} of {problem.total_patient_days:,.0f} "
        f"short ({plan.share_averted:.1%}; {short.basis} shortfall, units from "
        f"{short.operating_from}; {narrative.solver_status(solved)})"
    )
    print(report.alternatives.drop(columns=["sites"]).to_string(index=False))
    print(report.unit_sizes.to_string(index=False))
    if "changes" in out:
        print(result.changes.to_string(index=False))
    print(f"fingerprint {result.fingerprint}")
    return 0


# --------------------------------------------------------------------------- plan


def plan_json(result: pipeline.Result) -> dict:
    """The plan as the CLI contract of issue 20 reads it: per day the fleet in use and
    every province's demand, delivered, unmet and end-of-day stock (tonnes); per
    province the first short day, days short, unmet tonnes and patient-days without
    oxygen; the fleet answers; the Java-Bali window note."""
    from geo import plan_report

    solved = result.plan
    scen = result.scenario
    names = result.pack.provinces.set_index("code")["name"]
    pdays = solved.province_days
    by_day = {d: g for d, g in pdays.groupby("date", sort=False)}
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
    provinces = [
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
        "days": days,
        "provinces": provinces,
        "fleet": {
            "trucks_min": int(solved.fleet["trucks_min"]),
            "containers_min": int(solved.fleet["containers_min"]),
            "unmet_min_t": float(solved.fleet["unmet_min_t"]),
            "unmet_by_trucks": [
                {"trucks": float(c["trucks"]), "unmet_t": float(c["unmet_t"])}
                for c in solved.fleet["unmet_by_trucks"]
            ],
        },
        "java_bali": result.plan_note,
        "forecast_backtest": _backtest_summary(result.plan_backtest),
        "assumptions": plan_report.assumptions(),
    }


def _backtest_summary(table: pd.DataFrame) -> list[dict]:
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


def plan(args: argparse.Namespace) -> int:
    from geo import plan as plan_model

    pack = _load(args)
    result = pipeline.run(pack, scenario_from_args(args, pack), runner=_runner(args, pack))
    scen = result.scenario
    with step(f"plan {scen.plan_from} + {scen.plan_days} days, {scen.policy}"):
        solved = result.plan
    if args.export_problem:
        plan_model.export_problem(
            result.plan_inputs.problem, args.export_problem, policy=scen.policy
        )
    if args.json:
        emit_json(_head(result) | plan_json(result))
        return 0
    table = solved.provinces.copy()
    table.insert(1, "name", table["code"].map(pack.provinces.set_index("code")["name"]))
    print(table.to_string(index=False))
    print(
        f"unmet {solved.unmet_t:,.0f} t over {scen.plan_days} days ({scen.policy}); "
        f"trucks_min {solved.fleet['trucks_min']}, containers_min "
        f"{solved.fleet['containers_min']}"
    )
    print(f"fingerprint {result.fingerprint}")
    return 0


# --------------------------------------------------------------------------- sweep


def sweep(args: argparse.Namespace) -> int:
    """Draws of the plan on Dask (a local cluster, or ``--scheduler``), a Parquet table
    draw x province x day and the summary (geo.sweep)."""
    from geo import sweep as sweep_model

    sweep_model.quiet_highs()  # no solver banner in the JSON
    pack = _load(args)
    scen = scenario_from_args(args, pack)
    head = _head(pipeline.run(pack, scen))
    dists = dict(sweep_model.DISTRIBUTIONS)
    for name, dist in args.dist or []:
        dists[name] = dist
    dists = sweep_model.validate(dists)
    if args.out is not None and Path(args.out).suffix.lower() != ".parquet":
        raise DataError("--out must name a .parquet file", file=str(args.out))
    source = sweep_model.PackSource(
        scen,
        pack=args.pack or pack.name,
        data_root=args.data_root,
        allow_outside_root=args.allow_outside_root,
        max_file_mb=args.max_file_mb,
        content_hash=pack.content_hash,
    )
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=args.draws, unit="draw", file=sys.stderr, desc="sweep")

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.update(done - bar.n)

    start = time.perf_counter()
    kwargs = dict(
        draws=args.draws,
        seed=args.seed,
        scenario=scen,
        content_hash=pack.content_hash,
        batch_draws=args.batch,
        progress=progress,
    )
    try:
        if args.serial:
            workers = 0
            result = sweep_model.run(source, dists, **kwargs)
        else:
            with sweep_model.connect(args.scheduler, workers=args.workers) as client:
                workers = len(client.scheduler_info()["workers"])
                result = sweep_model.run(source, dists, client=client, **kwargs)
    finally:
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - start
    if args.out is not None:
        sweep_model.write(result, args.out)
    summary = sweep_model.summarize(result, min_days=args.min_days)
    names = pack.provinces.set_index("code")["name"]
    provinces = summary["provinces"].assign(name=summary["provinces"]["code"].map(names))
    if args.json:
        emit_json(
            {
                "fingerprint": result.fingerprint,
                "scenario": head["scenario"],
                "scenario_fingerprint": head["fingerprint"],
                "draws": result.n_draws,
                "seed": args.seed,
                "model": {
                    k: v for k, v in result.meta["model"].items() if k not in ("codes", "dates")
                }
                | {"from": result.dates[0], "to": result.dates[-1], "days": len(result.dates)},
                "distributions": result.meta["distributions"],
                "shortage_t": result.meta["shortage_t"],
                "min_days": args.min_days,
                "out": None if args.out is None else str(args.out),
                "workers": workers,
                "elapsed_s": elapsed,
                "draws_per_s": result.n_draws / elapsed if elapsed > 0 else None,
                "provinces": _records(provinces),
                "national": _records(summary["national"]),
                "province_days": _records(summary["province_days"]),
            }
        )
        return 0
    table = provinces.sort_values("p_short_min_days", ascending=False)
    print(
        table[["code", "name", "p_short_any", "p_short_min_days", "days_short_mean"]]
        .rename(columns={"p_short_min_days": f"p_short_{args.min_days}d"})
        .to_string(index=False, float_format=lambda v: f"{v:.2f}")
    )
    print(
        f"{result.n_draws} draws in {elapsed:.1f} s on {workers or 'no'} workers "
        f"({result.n_draws / elapsed:.2f} draws/s); fingerprint {result.fingerprint}"
        + (f"; written to {args.out}" if args.out else "")
    )
    return 0
