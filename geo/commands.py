"""Analysis sub-commands of the CLI: coverage, route, graph, demand, allocate, site.

Numbers in JSON output are not rounded; node ids are the graph's own ids (stable
across runs: OSM ids, or the corridor network's node slugs); hospital and plant ids
are the pack's.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from geo import pipeline
from geo.errors import DataError

# --------------------------------------------------------------------------- helpers


@contextmanager
def step(label: str) -> Iterator[None]:
    """Progress on stderr for a long step, only when attached to a terminal."""
    tty = sys.stderr.isatty()
    start = time.perf_counter()
    if tty:
        print(f"[..] {label}", end="", file=sys.stderr, flush=True)
    yield
    if tty:
        print(f"\r[ok] {label} ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)


def _latlon(text: str) -> tuple[float, float]:
    """'LAT,LON' -> (lon, lat)."""
    try:
        lat_s, lon_s = text.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not LAT,LON (e.g. -6.2,106.8)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"'{text}' is outside valid latitude/longitude")
    return lon, lat


def _speed(text: str) -> tuple[str, float]:
    """'national=50' -> ('national', 50.0)."""
    name, _, value = text.partition("=")
    try:
        kph = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not CLASS=KPH (e.g. national=50)") from None
    if not name or not 0 < kph <= 150:
        raise argparse.ArgumentTypeError(f"'{text}': speed must be in (0, 150] km/h")
    return name, kph


def _date(text: str) -> str:
    """An ISO date, 'YYYY-MM-DD'."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be at least 1")
    return value


def _positive(text: str) -> float:
    """A capacity: a positive number, or 'inf' for uncapacitated units."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be positive")
    return value


def _id(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def _num(value: object) -> float | None:
    v = float(value)
    return None if not np.isfinite(v) else v


def _load(args: argparse.Namespace):
    from geo.packs import load_pack

    with step(f"loading pack {args.pack}"):
        pack = load_pack(args.pack, data_root=args.data_root)
    for err in pack.errors:
        print(f"warning: layer {err.layer} not loaded: {err.one_line()}", file=sys.stderr)
    return pack


def _engine(args: argparse.Namespace, pack):
    roads = getattr(args, "roads", None)
    with step("building the road graph"):
        cg = pipeline.engine_for(
            pack, roads=roads, speeds_kph=dict(getattr(args, "speed", None) or [])
        )
    return cg, pipeline.access_policy(pack, roads=roads)


# --------------------------------------------------------------------------- commands


def cmd_coverage(args: argparse.Namespace) -> int:
    from geo.cli import emit_json

    pack = _load(args)
    cg, policy = _engine(args, pack)
    with step("nearest-plant times (one multi-source pass)"):
        acc = pipeline.access(pack, cg, policy)
    status, provinces = pipeline.coverage(pack, acc, hours=args.hours)
    if args.json:
        emit_json(coverage_json(status, acc.plants, provinces, hours=args.hours))
        return 0
    print(
        f"hospitals within {args.hours:g} h of a plant: {int(status['covered'].sum())} of {len(status)}"
    )
    table = provinces[["code", "name", "hospitals", "covered_share", "underserved"]].copy()
    table["reasons"] = provinces["reasons"].map(", ".join)
    print(table.to_string(index=False))
    return 0


def coverage_json(
    status: pd.DataFrame, plants: pd.DataFrame, provinces: pd.DataFrame, *, hours: float
) -> dict:
    return {
        "hours": hours,
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
            }
            for r in status.itertuples()
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
            for r in provinces.itertuples()
        ],
    }


def cmd_route(args: argparse.Namespace) -> int:
    from geo import travel
    from geo.cli import emit_json

    pack = _load(args)
    cg, policy = _engine(args, pack)
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
        f"{result['travel_time_h']:.2f} h, {result['distance_km']:.1f} km, {result['from_node']} -> {result['to_node']}"
    )
    for leg in result["legs"]:
        print(f"  {leg['mode']:<7} {leg['seconds'] / 3600:7.2f} h {leg['meters'] / 1000:8.1f} km")
    return 0


def engine_edges(cg) -> pd.DataFrame:
    """The routable graph as the engine uses it, with the graph's own node ids."""
    edges = cg.edge_table()
    out = pd.DataFrame(
        {
            "u": cg.node_ids[edges["u"].to_numpy()],
            "v": cg.node_ids[edges["v"].to_numpy()],
            "travel_time_s": edges["travel_time_s"],
            "length_m": edges["length_m"],
            "mode": edges["mode"],
        }
    )
    return out


def cmd_graph(args: argparse.Namespace) -> int:
    import geopandas as gpd
    import shapely

    pack = _load(args)
    cg, _ = _engine(args, pack)
    edges = engine_edges(cg)
    if not args.export_edges:
        print(
            f"{cg.n_nodes} nodes, {cg.n_edges} edges ({int((edges['mode'] == 'ferry').sum())} ferry)"
        )
        return 0
    path = Path(args.export_edges)
    suffix = path.suffix.lower()
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
    return 0


def cmd_demand(args: argparse.Namespace) -> int:
    from geo.cli import emit_json

    pack = _load(args)
    table = pipeline.province_demand(pack, date=args.date, method=args.method)
    if args.json:
        emit_json(
            {
                "date": args.date,
                "method": args.method,
                "provinces": [
                    {
                        "code": int(r.code),
                        "name": r.name,
                        "demand_t_per_day": float(r.demand_t_per_day),
                        "low": float(r.low),
                        "high": float(r.high),
                    }
                    for r in table.itertuples()
                ],
                "total_t_per_day": float(table["demand_t_per_day"].sum()),
            }
        )
        return 0
    print(table[["code", "name", "demand_t_per_day", "low", "high"]].to_string(index=False))
    print(f"total {table['demand_t_per_day'].sum():,.1f} t/day")
    return 0


def _allocation(args: argparse.Namespace, pack, cg, policy, acc):
    with step("demand and allocation"):
        demand = pipeline.province_demand(pack, date=args.date, method=args.method)
        capitals = pipeline.capital_attachment(pack, cg, policy)
        cost_h = pipeline.plant_province_hours(cg, acc.plants, capitals)
        trucks = pack.supply.isotank_trucks if args.trucks is None else args.trucks
        result = pipeline.allocate(
            pack, demand, cost_h, trucks=trucks, fleet_limited=not args.no_fleet_limit
        )
    return demand, result


def allocation_json(demand: pd.DataFrame, result) -> dict:
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
            }
            for r in result.provinces.itertuples()
        ],
        "flows": [
            {
                "plant": _id(r.plant),
                "province": int(r.province),
                "t_per_day": float(r.t_per_day),
                "travel_time_h": float(r.travel_time_h),
                "trucks": float(r.trucks),
            }
            for r in result.flows.itertuples()
        ],
        "trucks_needed": float(result.trucks_needed),
        "trucks_needed_unconstrained": float(result.trucks_needed_unconstrained),
        "trucks_available": int(result.trucks_available),
        "total_cost": float(result.total_cost),
        "status": result.status,
    }


def cmd_allocate(args: argparse.Namespace) -> int:
    from geo import allocation
    from geo.cli import emit_json

    pack = _load(args)
    cg, policy = _engine(args, pack)
    acc = pipeline.access(pack, cg, policy)
    demand, result = _allocation(args, pack, cg, policy, acc)
    if args.export_problem:
        allocation.export_problem(result, args.export_problem)
    if args.json:
        emit_json({"date": args.date, "method": args.method} | allocation_json(demand, result))
        return 0
    print(
        result.provinces[
            ["code", "demand_t_per_day", "supplied_t_per_day", "unmet_t_per_day", "limit"]
        ].to_string(index=False)
    )
    print(
        f"trucks needed {result.trucks_needed:.1f} of {result.trucks_available:g} available; total cost {result.total_cost:,.1f} t*h/day"
    )
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from geo import siting
    from geo.cli import emit_json

    pack = _load(args)
    cg, policy = _engine(args, pack)
    acc = pipeline.access(pack, cg, policy)
    _, alloc = _allocation(args, pack, cg, policy, acc)
    with step(f"siting K={args.k} within {args.hours:g} h"):
        problem = pipeline.siting_problem(
            pack, cg, acc, alloc, hours=args.hours, k=args.k, capacity_m3_per_day=args.capacity
        )
        result = siting.solve(problem)
    if args.export_matrix:
        prefix = Path(args.export_matrix)
        prefix = prefix.with_suffix("") if prefix.suffix == ".csv" else prefix
        siting.export_matrix(problem, prefix)
    coords = pack.hospitals.set_index("id").geometry
    sites = [
        {
            "id": _id(r.id),
            "lat": float(coords[r.id].y),
            "lon": float(coords[r.id].x),
            "covered_m3_per_day": float(r.covered_m3_per_day),
        }
        for r in result.sites.itertuples()
    ]
    out = {
        "k": args.k,
        "hours": args.hours,
        "capacity_m3_per_day": _num(np.max(problem.capacity_m3_per_day)),
        "sites": sites,
        "objective": float(result.objective),
        "covered_share": _num(result.covered_share),
        "solver": result.solver,
        "optimal": bool(result.optimal),
        "bound": _num(result.bound),
    }
    if args.json:
        emit_json(out)
        return 0
    for s_ in sites:
        print(
            f"{s_['id']:>12}  {s_['lat']:9.4f} {s_['lon']:9.4f}  {s_['covered_m3_per_day']:10.1f} m3/day"
        )
    print(f"objective {result.objective:,.1f} m3/day ({result.solver}, optimal={result.optimal})")
    return 0


# --------------------------------------------------------------------------- registry


def register(
    sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]
) -> None:
    from geo.cli import COMMANDS

    def road_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--speed",
            action="append",
            type=_speed,
            metavar="CLASS=KPH",
            help="override a default speed, e.g. --speed national=50 (repeatable)",
        )
        p.add_argument(
            "--roads",
            default=None,
            help="OSM PBF/XML or GraphML file to use instead of the pack's network",
        )

    p = sub.add_parser(
        "coverage", help="nearest-plant travel time for every hospital; coverage by province"
    )
    common(p)
    road_opt(p)
    p.add_argument("--hours", type=_positive, required=True, help="travel-time threshold in hours")
    COMMANDS["coverage"] = cmd_coverage

    p = sub.add_parser("route", help="fastest road/ferry route between two points")
    common(p)
    road_opt(p)
    p.add_argument("--from", dest="from_", type=_latlon, required=True, metavar="LAT,LON")
    p.add_argument("--to", type=_latlon, required=True, metavar="LAT,LON")
    COMMANDS["route"] = cmd_route

    p = sub.add_parser("graph", help="export the routable graph (CSV, GeoPackage, GeoJSON)")
    common(p)
    road_opt(p)
    p.add_argument(
        "--export-edges", default=None, metavar="FILE", help="FILE.csv, FILE.gpkg or FILE.geojson"
    )
    COMMANDS["graph"] = cmd_graph

    def demand_opts(p: argparse.ArgumentParser) -> None:
        p.add_argument("--date", type=_date, required=True, help="YYYY-MM-DD")
        p.add_argument("--method", choices=("cases", "beds"), default="cases")

    p = sub.add_parser("demand", help="oxygen demand per province on a date")
    common(p)
    demand_opts(p)
    COMMANDS["demand"] = cmd_demand

    def scenario_opts(p: argparse.ArgumentParser) -> None:
        demand_opts(p)
        p.add_argument(
            "--trucks",
            type=int,
            default=None,
            help="isotank trucks available (default: the pack's fleet, 132 in July 2021)",
        )
        p.add_argument(
            "--no-fleet-limit", action="store_true", help="do not limit supply by the truck fleet"
        )

    p = sub.add_parser(
        "allocate", help="route plant supply to provinces (min-cost flow, isotank fleet)"
    )
    common(p)
    road_opt(p)
    scenario_opts(p)
    p.add_argument(
        "--export-problem", default=None, metavar="DIR", help="write the problem as solved"
    )
    COMMANDS["allocate"] = cmd_allocate

    p = sub.add_parser("site", help="where to deploy K concentrator systems (capacitated MCLP)")
    common(p)
    road_opt(p)
    scenario_opts(p)
    p.add_argument("-k", "--k", type=_positive_int, default=9, help="systems to deploy")
    p.add_argument("--hours", type=_positive, required=True, help="reach in hours")
    p.add_argument(
        "--capacity",
        type=_positive,
        default=None,
        help="output per system, m3/day (default 720; 'inf' = uncapacitated)",
    )
    p.add_argument("--export-matrix", default=None, metavar="FILE.csv")
    COMMANDS["site"] = cmd_site
