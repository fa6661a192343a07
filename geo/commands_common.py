"""What every sub-command shares (geo.commands): loading the pack a command names, with
progress on stderr; the scenario from flags and a ``--link``; the runner with its road
overrides; the head every JSON answer starts with (fingerprint, scenario, warnings);
plain JSON values."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from geo import demand as demand_model
from geo import pipeline
from geo import scenario as scenario_model
from geo.errors import DataError
from geo.export import head_json, unpublished_cases
from geo.export import json_id as _id  # noqa: F401 (used by geo.commands)
from geo.export import json_num as _num  # noqa: F401
from geo.export import json_value as _json_value  # noqa: F401
from geo.export import records as _records  # noqa: F401
from geo.packs import EMBEDDED, Pack, list_packs, load_pack
from geo.scenario import Scenario

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


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


def _link_params(args: argparse.Namespace) -> dict[str, list[str]]:
    link = getattr(args, "link", None)
    return scenario_model.params_from_link(link) if link else {}


# the layers each analysis command cannot do without: a failure in one of them is the
# command's failure (exit 2), not a warning
NEEDS: dict[str, frozenset[str]] = {
    "coverage": frozenset({"provinces", "hospitals", "plants"}),
    "route": frozenset(),
    "graph": frozenset(),
    "demand": frozenset({"provinces", "cases"}),
    "supply": frozenset(),
    "backtest": frozenset({"provinces", "cases"}),
    "allocate": frozenset({"provinces", "plants", "cases"}),
    "site": frozenset({"provinces", "hospitals", "plants", "cases"}),
    "plan": frozenset({"provinces", "plants", "cases"}),
    "sweep": frozenset({"provinces", "hospitals", "plants", "cases"}),
}


def _progress(args: argparse.Namespace):
    """A load-progress line on stderr when attached to a terminal (never with --json)."""
    if not sys.stderr.isatty() or getattr(args, "json", False):
        return None

    def show(stage: str, fraction: float) -> None:
        end = "\n" if stage == "done" else ""
        print(f"\r[{fraction:4.0%}] {stage:<48}", end=end, file=sys.stderr, flush=True)

    return show


def _load_named(args: argparse.Namespace, name: str) -> Pack:
    with warnings.catch_warnings():
        # the command prints this one itself, once, as a plain warning line
        warnings.filterwarnings("ignore", message=r"province \d+ .* has no published case")
        return load_pack(
            name,
            data_root=args.data_root,
            allow_outside_root=args.allow_outside_root,
            max_file_mb=args.max_file_mb,
            progress=_progress(args),
        )


def _load(args: argparse.Namespace) -> Pack:
    """The pack named by --pack, else by the link's ``pack`` parameter, else embedded. A
    failed layer the command needs ends it (exit 2); others are warnings."""
    name = args.pack
    if name is None:
        linked = _link_params(args).get("pack")
        name = linked[-1] if linked else EMBEDDED
        if name not in list_packs():
            raise DataError(f"the link names an unknown pack '{name}'", layer="pack")
    pack = _load_named(args, name)
    needed = NEEDS.get(args.command, frozenset())
    for err in pack.errors:
        if err.layer in needed:
            raise err
    for layer in sorted(needed):
        _require_rows(pack, layer)
    _warn([f"layer {e.layer} not loaded: {e.one_line()}" for e in pack.errors])
    if "cases" in needed:
        _warn(_case_warnings(pack)[1])
    return pack


def _require_rows(pack: Pack, layer: str) -> None:
    """A layer the command needs that loaded with no rows ends it, as a failed one does:
    zero plants or zero case figures would give exit 0 and numbers about nothing."""
    table = getattr(pack, layer)
    if len(table):
        return
    report = pack.reports.get(layer)
    dropped = ", ".join(f"{k} {v}" for k, v in sorted(report.dropped.items())) if report else ""
    why = f"all {report.rows_read} rows dropped ({dropped})" if dropped else "no data rows"
    err = DataError(
        f"layer {layer} has no rows: {why}; this command needs it",
        file=report.source if report else None,
        layer=layer,
    )
    raise err


def _case_warnings(pack: Pack) -> tuple[list[dict], list[str]]:
    """Provinces with no published case figure: records for JSON and one warning line
    each (:func:`geo.export.unpublished_cases`)."""
    return unpublished_cases(pack)


def scenario_from_args(args: argparse.Namespace, pack: Pack) -> Scenario:
    """The scenario of a command line: a link's values (validated as the app validates
    them, then fitted to the pack as the app does), overridden by the flags given."""
    params = _link_params(args)
    params.pop("pack", None)
    base, url_notes = scenario_model.parse(
        params, packs=list_packs(), demand_bounds=demand_model.demand_bounds()
    )
    base, fitted = scenario_model.fit_to_pack(base, pack, explicit=set(params))
    _warn(url_notes + fitted)
    values = {
        name: getattr(args, name)
        for name in scenario_model.SPECS
        if name not in ("pack", "page", "lang", "tiles") and getattr(args, name, None) is not None
    }
    demand = dict(base.demand)
    for key, value in vars(args).items():
        if key.startswith("demand_") and value is not None:
            demand[key.removeprefix("demand_")] = value
    return dataclasses.replace(base, **values, pack=pack.name, demand=demand)


def _runner(args: argparse.Namespace, pack: Pack) -> pipeline.Runner:
    return pipeline.Runner(
        pack,
        roads=getattr(args, "roads", None),
        speeds_kph=dict(getattr(args, "speed", None) or []),
    )


def _head(result: pipeline.Result, command: str | None = None) -> dict:
    """What every analysis JSON starts with (:func:`geo.export.head_json`); for a command
    that reads case figures, with the provinces that have none published."""
    return head_json(result, case_provinces="cases" in NEEDS.get(command or "", frozenset()))
