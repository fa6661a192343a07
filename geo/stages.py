"""The runner's stages and the scenario fields each reads: the one place memo keys come from.

Each :class:`Stage` names the :class:`~geo.scenario.Scenario` fields it reads itself
(``reads``) and the stages it asks for (``deps``). Its memo key is derived, never written
by hand: the values of its own reads and of every dependency's reads, less the fields it
``sets`` itself before asking (the plan asks for demand on each day of its window, so the
scenario's date is not one of its inputs). A new scenario field that changes a stage's
numbers is declared once, on the stage that reads it, and every stage after it is
re-keyed. ``tests/test_stages.py`` changes each field in turn and checks that a stage's
key and numbers stay put for the fields it does not read.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache
from typing import Any

from geo.scenario import Scenario


@dataclass(frozen=True)
class Stage:
    """One stage of the runner: what it reads, what it asks for, what it returns."""

    name: str
    reads: tuple[str, ...] = ()  # Scenario fields the stage reads itself
    deps: tuple[str, ...] = ()  # stages it asks for
    sets: tuple[str, ...] = ()  # fields it sets before asking its deps (not inputs)
    returns: str = ""  # one line: what the stage gives (docs/ARCHITECTURE.md)
    memo: int = 16  # how many keys its memo keeps


_STAGES = (
    Stage(
        "engine", returns="road graph with ferries and sea lanes, access policy, capitals", memo=1
    ),
    Stage(
        "access",
        reads=("date",),
        deps=("engine",),
        returns="nearest-source times from the lines active on the date (shared by dates "
        "with the same lines)",
        memo=64,
    ),
    Stage(
        "demand",
        reads=("date", "method", "preset", "demand"),
        returns="demand by province with its interval (low, high)",
        memo=64,
    ),
    Stage(
        "coverage",
        reads=("hours",),
        deps=("access",),
        returns="hospitals and provinces within the reach",
        memo=64,
    ),
    Stage("isochrones", reads=("hours",), deps=("engine", "access"), returns="reach polygons"),
    Stage(
        "fleet_params",
        reads=("load_h", "unload_h", "drive_h"),
        returns="the truck cycle (isotank size from the pack)",
        memo=0,
    ),
    Stage(
        "province_times",
        deps=("engine", "access", "demand"),
        returns="sources x provinces hours and their sea part, weighted by demand",
    ),
    Stage(
        "allocation",
        reads=("trucks", "fleet"),
        deps=("demand", "province_times", "fleet_params"),
        returns="supply lines -> provinces within the fleet (and the band's ends)",
        memo=32,
    ),
    Stage(
        "flow_paths",
        deps=("engine", "access", "allocation"),
        returns="drawn path of each flow (maps)",
    ),
    Stage(
        "fleet_sensitivity",
        deps=("allocation",),
        returns="trucks needed over working x handling hours",
    ),
    Stage(
        "plan_inputs",
        reads=("trucks", "fleet", "plan_from", "plan_days", "as_of"),
        deps=("engine", "access", "demand", "fleet_params"),
        sets=("date",),
        returns="the time-expanded plan's arrays (window, forecast after as_of)",
        memo=8,
    ),
    Stage("plan", reads=("policy",), deps=("plan_inputs",), returns="the plan under its rule"),
    Stage(
        "plan_paths",
        deps=("engine", "plan"),
        returns="drawn path of each source -> province pair of the plan (maps only)",
        memo=8,
    ),
    Stage(
        "plan_fleet",
        deps=("plan_inputs",),
        returns="fewest trucks and containers, unmet as trucks are added",
        memo=8,
    ),
    Stage(
        "plan_backtest",
        deps=("demand",),
        sets=("date",),
        returns="forecast errors 3 and 7 days ahead, July 2021",
        memo=8,
    ),
    Stage(
        "shortfall",
        reads=("date", "plan_from", "plan_days", "policy"),
        deps=("plan", "allocation"),
        returns="shortfall by province and day that siting is scored on",
    ),
    Stage(
        "siting",
        reads=("hours", "k", "cap"),
        deps=("engine", "access", "shortfall"),
        returns="the sites, patient-days averted, why each site",
    ),
    Stage(
        "deploy",
        reads=("policy",),
        deps=("siting", "access"),
        returns="alternatives and unit sizes",
    ),
    Stage(
        "changes",
        deps=("siting",),
        returns="the sites re-solved at other reaches and dates",
        memo=8,
    ),
    Stage("marginal", deps=("siting",), returns="patient-days averted for K = 1..k"),
    Stage(
        "demand_series",
        deps=("demand",),
        sets=("date",),
        returns="national demand on each date",
        memo=8,
    ),
    Stage(
        "backtest",
        reads=("method", "preset", "demand"),
        returns="every reported figure against the model",
        memo=8,
    ),
    Stage(
        "growth",
        deps=("backtest", "demand"),
        sets=("date",),
        returns="growth of each region's demand between its first and last reported figure",
        memo=8,
    ),
    Stage(
        "region_series",
        deps=("demand",),
        sets=("date",),
        returns="modelled demand of each reported region by day",
        memo=8,
    ),
)

STAGES: dict[str, Stage] = {s.name: s for s in _STAGES}

FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Scenario))


def reads(name: str, stages: dict[str, Stage] | None = None) -> frozenset[str]:
    """Every scenario field stage ``name`` depends on: its own reads and its
    dependencies' (each less the fields the asking stage sets)."""
    table = STAGES if stages is None else stages
    if table is STAGES:
        return _reads_cached(name)
    return _reads(name, table, ())


@cache
def _reads_cached(name: str) -> frozenset[str]:
    return _reads(name, STAGES, ())


def _reads(name: str, table: dict[str, Stage], path: tuple[str, ...]) -> frozenset[str]:
    if name in path:
        raise ValueError(f"stage cycle: {' -> '.join((*path, name))}")
    stage = table[name]
    inherited: set[str] = set()
    for dep in stage.deps:
        inherited |= _reads(dep, table, (*path, name))
    return frozenset(stage.reads) | frozenset(inherited - set(stage.sets))


def _value(v: Any) -> Hashable:
    if isinstance(v, dict):
        return tuple(sorted(v.items()))
    return v


def key(name: str, scenario: Scenario, *extra: Hashable) -> tuple:
    """Stage ``name``'s memo key for ``scenario``: the values of :func:`reads` in field
    order (dicts as sorted items), then ``extra`` (arguments that are not scenario
    fields, e.g. the demand band)."""
    fields = reads(name)
    return (
        name,
        *(_value(getattr(scenario, f)) for f in FIELDS if f in fields),
        *extra,
    )


def table_markdown() -> str:
    """docs/ARCHITECTURE.md's table of stages: what each reads (with its dependencies)
    and returns.

    Returns
    -------
    str
        A Markdown table, one row per stage (a test checks the document has it).
    """
    rows = ["| stage | reads | asks for | returns |", "|---|---|---|---|"]
    for s in _STAGES:
        own = ", ".join(f"`{f}`" for f in FIELDS if f in reads(s.name)) or "nothing"
        deps = ", ".join(s.deps) or "—"
        rows.append(f"| `{s.name}` | {own} | {deps} | {s.returns} |")
    return "\n".join(rows) + "\n"


class Memo:
    """A small thread-safe LRU: one computation per key even when sessions ask at once
    (Streamlit serves sessions from threads), errors are not stored."""

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._data:
                    return self._data[key]
            value = compute()
            with self._lock:
                self._data[key] = value
                while len(self._data) > self._size:
                    self._data.popitem(last=False)
                self._key_locks.pop(key, None)
        return value
