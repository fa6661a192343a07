"""Command line: ``python -m geo COMMAND``.

Each sub-command is declared once, below, with only the flags it honours; its function
lives in :mod:`geo.commands`. Analysis commands build a :class:`geo.scenario.Scenario`
from flags, or from ``--link URL`` (the app's shared link, flags on top), run
:func:`geo.pipeline.run` and print the same figures and fingerprint as the app.

Bad input exits with status 2 and one line naming the file, row and column; never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from geo import commands
from geo import demand as demand_model
from geo.errors import DataError
from geo.export import check_output_path, write_json
from geo.scenario import read_value

# --------------------------------------------------------------------------- validators


def _scenario_value(name: str) -> Callable[[str], object]:
    """An argparse type reading scenario value ``name`` with the URL's own bounds."""

    def read(text: str) -> object:
        try:
            return read_value(name, text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    read.__name__ = name
    return read


def _demand_value(name: str) -> Callable[[str], float]:
    spec = demand_model.PARAM_SPECS[name]

    def read(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not spec.min <= value <= spec.max:
            raise argparse.ArgumentTypeError(f"{text} is outside {spec.min:g}..{spec.max:g}")
        return value

    read.__name__ = name
    return read


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


def _output(
    *, folder: bool = False, suffixes: tuple[str, ...] = (), beside: Callable | None = None
) -> Callable[[str], str]:
    """An argparse type for a path the command writes, checked before any work starts
    (:func:`geo.export.check_output_path`); ``beside(path)`` names the other files
    written next to it, checked the same way."""

    def read(text: str) -> str:
        try:
            check_output_path(text, folder=folder, suffixes=suffixes)
            for other in beside(text) if beside else []:
                check_output_path(other)
        except DataError as exc:
            raise argparse.ArgumentTypeError(exc.one_line()) from None
        return text

    read.__name__ = "output folder" if folder else "output file"
    return read


def _matrix_files(text: str) -> list:
    from geo.relief import _paths  # where relief.export_problem writes

    return list(_paths(text).values())


# --------------------------------------------------------------------------- flag groups


def _pack_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--pack",
        default=None,
        help="pack name under packs/, manifest path, or 'embedded' (default; a --link's pack)",
    )
    p.add_argument(
        "--data-root",
        default=None,
        help="folder that the manifest's relative paths resolve against",
    )
    p.add_argument(
        "--allow-outside-root",
        action="store_true",
        help="let a manifest name files outside the data root (operator's choice)",
    )
    p.add_argument(
        "--max-file-mb",
        type=float,
        default=None,
        metavar="MB",
        help="refuse larger input files at once (default $OXYGEN_MAX_FILE_MB or 1024)",
    )


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _road_flags(p: argparse.ArgumentParser) -> None:
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
        help="OSM PBF/XML, GraphML or compiled .o2graph.npz file instead of the pack's network",
    )


def _link_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--link",
        default=None,
        metavar="URL",
        help="the app's shared link: its scenario (flags given here override its values)",
    )


# scenario flags: (scenario field, flags, help); each command takes the ones it honours
_SCENARIO_FLAGS: dict[str, tuple[tuple[str, ...], str]] = {
    "date": (("--date",), "YYYY-MM-DD (default 2021-07-15)"),
    "method": (
        ("--method",),
        "demand method: 'auto' (default: the smaller leave-one-out error), 'cases' "
        "(incidence), 'beds' (occupied COVID-19 beds) or 'active' (earlier active-case model)",
    ),
    "preset": (
        ("--preset",),
        "central demand parameters: 'calibrated' (default, fitted to the reported figures) "
        "or 'who' (WHO planning values)",
    ),
    "hours": (("--hours",), "travel-time threshold / reach in hours (default 12)"),
    "k": (("-k", "--k"), "concentrator systems to deploy (default 9)"),
    "trucks": (("--trucks",), "isotank trucks available (default 132, Kemenperin 8 Jul 2021)"),
    "fleet": (("--fleet",), "'on' (default): the fleet limits supply; 'off': it does not"),
    "load_h": (("--load-h",), "hours to fill an isotank per trip (default 2, assumption)"),
    "unload_h": (("--unload-h",), "hours to discharge per trip (default 2, assumption)"),
    "drive_h": (
        ("--drive-h",),
        "working hours per truck per day (default 12: UU 22/2009 Art. 90, one driver)",
    ),
    "cap": (
        ("--capacity",),
        "output per system, m3/day (default 10080: Kemenperin's 700 patients a day x "
        "14.4 m3/day, WHO severe flow)",
    ),
    "prov": (("--prov",), "selected province code (0 = none)"),
    "plan_from": (("--from",), "first day of the plan, YYYY-MM-DD (default 2021-06-28)"),
    "plan_days": (("--days",), "days in the plan (default 35)"),
    "policy": (
        ("--policy",),
        "rationing rule: least-hours (default), fair-share or need-floor",
    ),
    "as_of": (
        ("--as-of",),
        "plan with what was known on this date: demand after it is forecast (default: none)",
    ),
}


# what the demand and the truck cycle read: the allocation's fields (allocate, site)
_ALLOCATION_FIELDS: tuple[str, ...] = (
    "date",
    "method",
    "preset",
    "trucks",
    "fleet",
    "load_h",
    "unload_h",
    "drive_h",
)
# the plan's window and rule: every command whose numbers come from the plan takes them
_PLAN_FIELDS: tuple[str, ...] = ("plan_from", "plan_days", "policy", "as_of")


def _scenario_flags(p: argparse.ArgumentParser, names: Sequence[str], *, demand: bool) -> None:
    _link_flag(p)
    for name in names:
        flags, help_text = _SCENARIO_FLAGS[name]
        p.add_argument(*flags, dest=name, type=_scenario_value(name), default=None, help=help_text)
    if "fleet" in names:
        p.add_argument(
            "--no-fleet-limit",
            dest="fleet",
            action="store_const",
            const="off",
            help="same as --fleet off",
        )
    if demand:
        group = p.add_argument_group("demand parameters (URL keys of the same name)")
        for spec in demand_model.PARAM_SPECS.values():
            group.add_argument(
                f"--{spec.name.replace('_', '-')}",
                dest=f"demand_{spec.name}",
                type=_demand_value(spec.name),
                default=None,
                metavar="VALUE",
                help=f"{spec.label}, {spec.unit} (default {spec.default:g})",
            )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{text} must be a whole number >= 0")
    return value


def _dist(text: str):
    from geo import sweep

    try:
        name, dist = sweep.parse_dist(text)
        sweep.validate(sweep.DISTRIBUTIONS | {name: dist})
    except DataError as exc:
        raise argparse.ArgumentTypeError(exc.one_line()) from None
    return name, dist


def _sweep_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--draws", type=_positive_int, required=True, metavar="N", help="draws")
    p.add_argument("--seed", type=_seed, required=True, metavar="S", help="random seed")
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="a running Dask scheduler (default $OXYGEN_DASK_SCHEDULER, else a local "
        "cluster on this machine's cores)",
    )
    p.add_argument(
        "--workers", type=_positive_int, default=None, metavar="N",
        help="local cluster size (default: the cores)",
    )  # fmt: skip
    p.add_argument(
        "--serial", action="store_true", help="solve in this process, no cluster (reference)"
    )
    p.add_argument("--batch", type=_positive_int, default=None, metavar="N", help="draws per task")
    p.add_argument(
        "--min-days", type=_positive_int, default=3, metavar="N",
        help="report the chance of being short on at least N days (default 3)",
    )  # fmt: skip
    p.add_argument(
        "--dist", type=_dist, action="append", metavar="NAME=KIND:LO:HI[:MODE[:SD]]",
        help="replace a distribution, e.g. trucks=triangular:100:265:132 (repeatable)",
    )  # fmt: skip
    p.add_argument("--out", default=None, metavar="FILE.parquet", help="write the draws table")


# --------------------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr (exit status 2), like data errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"error: {self.prog}: {message} (see --help)\n")


def _add_pack_and_travel_commands(sub: argparse._SubParsersAction) -> None:
    """The sub-commands check (the load report), coverage, route and graph."""
    p = sub.add_parser("check", help="load a pack and print its load report")
    _pack_flags(p)
    _json_flag(p)
    p.set_defaults(func=commands.check)

    p = sub.add_parser(
        "coverage", help="nearest-plant travel time for every hospital; coverage by province"
    )
    _pack_flags(p)
    _json_flag(p)
    _road_flags(p)
    _scenario_flags(p, ["hours"], demand=False)
    p.set_defaults(func=commands.coverage)

    p = sub.add_parser("route", help="fastest road/ferry route between two points")
    _pack_flags(p)
    _json_flag(p)
    _road_flags(p)
    p.add_argument("--from", dest="from_", type=_latlon, required=True, metavar="LAT,LON")
    p.add_argument("--to", type=_latlon, required=True, metavar="LAT,LON")
    p.set_defaults(func=commands.route)

    p = sub.add_parser("graph", help="the routable graph: counts, or export (CSV, GPKG, GeoJSON)")
    _pack_flags(p)
    _json_flag(p)
    _road_flags(p)
    p.add_argument(
        "--export-edges",
        default=None,
        type=_output(suffixes=(".csv", ".gpkg", ".geojson", ".json")),
        metavar="FILE",
        help="FILE.csv, FILE.gpkg or FILE.geojson",
    )
    p.add_argument(
        "--compile",
        default=None,
        type=_output(suffixes=(".o2graph.npz",)),
        metavar="OUT.o2graph.npz",
        help="stream the --roads OSM file into the compiled graph OUT (arrays + source hash, "
        "speeds, counts); --roads OUT then loads it in seconds",
    )
    p.set_defaults(func=commands.graph)


def _add_supply_and_demand_commands(sub: argparse._SubParsersAction) -> None:
    """The sub-commands supply, backtest, build-pack and demand."""
    p = sub.add_parser(
        "supply", help="the supply lines active on a date, reconciled to the national figure"
    )
    _pack_flags(p)
    _json_flag(p)
    _scenario_flags(p, ["date"], demand=False)
    p.set_defaults(func=commands.supply)

    p = sub.add_parser(
        "backtest", help="modelled demand against every reported demand figure (error per figure)"
    )
    _pack_flags(p)
    _json_flag(p)
    _scenario_flags(p, ["method", "preset"], demand=True)
    p.set_defaults(func=commands.backtest)

    p = sub.add_parser(
        "build-pack", help="build the default pack's derived tables from the public files"
    )
    p.add_argument("--from", dest="src", required=True, metavar="DIR", help="e.g. ../shared/data")
    p.add_argument(
        "--out",
        default="data",
        type=_output(folder=True),
        metavar="DIR",
        help="where to write (default data/)",
    )
    _json_flag(p)
    p.set_defaults(func=commands.build_pack)

    p = sub.add_parser("demand", help="oxygen demand per province on a date")
    _pack_flags(p)
    _json_flag(p)
    _scenario_flags(p, ["date", "method", "preset"], demand=True)
    p.set_defaults(func=commands.demand)


def _add_allocation_commands(sub: argparse._SubParsersAction) -> None:
    """The sub-commands allocate (the steady day) and site (on the plan's shortfall)."""
    p = sub.add_parser(
        "allocate", help="route plant supply to provinces (min-cost flow, isotank fleet)"
    )
    _pack_flags(p)
    _json_flag(p)
    _road_flags(p)
    _scenario_flags(
        p,
        [
            *_ALLOCATION_FIELDS,
            # the date is shown as that day of the plan (geo.plan_day)
            *_PLAN_FIELDS,
        ],
        demand=True,
    )
    p.add_argument(
        "--export-problem",
        default=None,
        type=_output(folder=True),
        metavar="DIR",
        help="write the problem as solved",
    )
    p.set_defaults(func=commands.allocate)

    p = sub.add_parser(
        "site", help="where K concentrator systems avert the most patient-days without oxygen"
    )
    _pack_flags(p)
    _json_flag(p)
    _road_flags(p)
    _scenario_flags(
        p,
        [
            *_ALLOCATION_FIELDS,
            "hours",
            "k",
            "cap",
            "prov",
            # the sites are scored on the plan's shortfall (geo.deploy)
            *_PLAN_FIELDS,
        ],
        demand=True,
    )
    p.add_argument(
        "--export-matrix",
        default=None,
        type=_output(beside=_matrix_files),
        metavar="FILE.csv",
        help="write the pairs within reach to FILE.csv (candidate, demand, travel_time_h), "
        "the shortfall to FILE.values.csv (demand, day, unmet_m3) and FILE.params.json (k, "
        "hours, capacity, m3 per patient-day, days, ids) beside it, for an independent "
        "re-solve",
    )
    p.add_argument(
        "--changes",
        action="store_true",
        help="add the table of how the plan changes with the reach and the date (re-solves)",
    )
    p.set_defaults(func=commands.site)


def _add_plan_commands(sub: argparse._SubParsersAction) -> None:
    """The sub-commands plan and sweep (the time-expanded plan and its draws)."""
    p = sub.add_parser(
        "plan",
        help="the time-expanded plan: production, shipments, trucks and stocks day by day",
    )
    _pack_flags(p)
    _json_flag(p)
    _road_flags(p)
    _scenario_flags(
        p,
        [
            "plan_from",
            "plan_days",
            "policy",
            "as_of",
            "method",
            "trucks",
            "fleet",
            "load_h",
            "unload_h",
            "drive_h",
        ],
        demand=True,
    )
    p.add_argument(
        "--export-problem",
        default=None,
        metavar="DIR",
        help="write the plan's arrays (npz + json) and the LP of each stage (MPS)",
    )
    p.set_defaults(func=commands.plan)

    p = sub.add_parser(
        "sweep",
        help="the chance each province runs short: many plans over stated distributions, "
        "on Dask (a local cluster, or --scheduler)",
    )
    _pack_flags(p)
    _json_flag(p)
    # the plan's window and rule once the plan's scenario fields exist (geo.plan)
    _scenario_flags(p, [*_PLAN_FIELDS, "method", "fleet"], demand=True)
    _sweep_flags(p)
    p.set_defaults(func=commands.sweep)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: each sub-command declared once, in the order of --help."""
    parser = _Parser(prog="python -m geo", description="Oxygen logistics atlas for Indonesia")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_pack_and_travel_commands(sub)
    _add_supply_and_demand_commands(sub)
    _add_allocation_commands(sub)
    _add_plan_commands(sub)
    return parser


def _join_negative_values(argv: list[str]) -> list[str]:
    """'--from -6.2,106.8' -> '--from=-6.2,106.8': argparse reads a leading '-' as an option."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if (
            argv[i] in {"--from", "--to"}
            and i + 1 < len(argv)
            and argv[i + 1][:1] == "-"
            and argv[i + 1][1:2].isdigit()
        ):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_join_negative_values(list(sys.argv[1:] if argv is None else argv)))
    try:
        return args.func(args)
    except DataError as exc:
        failure = exc
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    print(f"error: {failure.one_line()}", file=sys.stderr)
    if getattr(args, "json", False):  # --json promises one JSON object, even now
        try:
            write_json(error=failure)
        except BrokenPipeError:
            pass
    return 2
