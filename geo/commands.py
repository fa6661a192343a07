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

from geo import export_json, locations, narrative, network, pipeline

# re-exported: the helpers every command shares (scenario_from_args, step, ...)
from geo.commands_common import (  # noqa: F401
    NEEDS,
    _case_warnings,
    _head,
    _load,
    _load_named,
    _runner,
    _warn,
    scenario_from_args,
    step,
)
from geo.errors import DataError
from geo.export import write_json
from geo.packs import EMBEDDED
from geo.scenario import Scenario

# --------------------------------------------------------------------------- check


def check(args: argparse.Namespace) -> int:
    pack = _load_named(args, args.pack or EMBEDDED)
    if args.json:
        write_json(export_json.check_json(pack))
    else:
        print(f"pack {pack.name}: {pack.title}")
        print(f"{'layer':<10} {'read':>7} {'kept':>7} {'repaired':>8}  dropped")
        for name, r in pack.reports.items():
            dropped = ", ".join(f"{k} {v}" for k, v in sorted(r.dropped.items())) or "-"
            print(f"{name:<10} {r.rows_read:>7} {r.rows_kept:>7} {r.repaired:>8}  {dropped}")
        july = export_json.july_imputed(pack)
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


def build_pack(args: argparse.Namespace) -> int:
    from geo import build

    with step(f"building the default pack from {args.src}"):
        result = build.build_pack(Path(args.src), Path(args.out))
    if args.json:
        write_json(result)
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
        write_json(_head(result, args.command), rec)
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
    if args.json:
        write_json(_head(result, args.command), export_json.backtest_json(result))
        return 0
    table = result.backtest
    summary = backtest_model.backtest_summary(table)
    loo = result.leave_one_out
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
        write_json(_head(result, args.command), export_json.coverage_json(result))
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
        write_json(result)
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
            write_json(meta, compiled=args.compile)
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
    summary = export_json.graph_json(cg, edges, exported=args.export_edges)
    if args.json:
        write_json(summary)
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
        write_json(_head(result, args.command), export_json.demand_json(result))
        return 0
    print(table[["code", "name", "demand_t_per_day", "low", "high"]].to_string(index=False))
    print(f"total {table['demand_t_per_day'].sum():,.1f} t/day")
    print(f"fingerprint {result.fingerprint}")
    return 0


def allocate(args: argparse.Namespace) -> int:
    from geo import allocation

    pack = _load(args)
    result = pipeline.run(pack, scenario_from_args(args, pack), runner=_runner(args, pack))
    with step("demand and allocation"):
        alloc = result.allocation
    if args.export_problem:
        allocation.export_problem(alloc, args.export_problem)
    day = _plan_day(result)
    if args.json:
        write_json(_head(result, args.command), export_json.allocate_json(result))
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


# --------------------------------------------------------------------------- siting


def site(args: argparse.Namespace) -> int:
    from geo import relief

    pack = _load(args)
    result = pipeline.run(pack, scenario_from_args(args, pack), runner=_runner(args, pack))
    scen = result.scenario
    with step(f"siting K={scen.k} within {scen.hours:g} h"):
        plan = result.siting
    problem, solved, short = plan.problem, plan.result, plan.shortfall
    if args.export_matrix:
        relief.export_problem(problem, args.export_matrix)
    with step("comparisons and unit sizes"):
        report = result.deploy
    changes = getattr(args, "changes", False)
    if changes:
        with step("how the plan changes with H and the date"):
            result.changes  # noqa: B018 (solved here, under its progress line)
    out = export_json.site_json(result, changes=changes)
    if args.json:
        write_json(_head(result, args.command), out)
        return 0
    sites = out["sites"]
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
    if changes:
        print(result.changes.to_string(index=False))
    print(f"fingerprint {result.fingerprint}")
    return 0


# --------------------------------------------------------------------------- plan


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
        write_json(_head(result), export_json.plan_json(result))
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


def _run_draws(
    args: argparse.Namespace, source, dists: dict, scen: Scenario, content_hash: str
) -> tuple[object, int, float]:
    """The sweep's draws, serial or on Dask, with a progress bar on a terminal:
    ``(result, workers, elapsed_s)``."""
    from geo import sweep as sweep_model

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
        content_hash=content_hash,
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
    return result, workers, elapsed


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
    result, workers, elapsed = _run_draws(args, source, dists, scen, pack.content_hash)
    if args.out is not None:
        sweep_model.write(result, args.out)
    summary = sweep_model.summarize(result, min_days=args.min_days)
    names = pack.provinces.set_index("code")["name"]
    provinces = summary["provinces"].assign(name=summary["provinces"]["code"].map(names))
    if args.json:
        write_json(
            export_json.sweep_json(
                result,
                summary,
                head=head,
                provinces=provinces,
                seed=args.seed,
                min_days=args.min_days,
                out=args.out,
                workers=workers,
                elapsed_s=elapsed,
            )
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
