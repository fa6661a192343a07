"""Memo keys are derived from what each stage declares it reads (geo.stages).

For every stage and every scenario field: the key changes exactly when the field is one
the stage reads (its own or a dependency's). For a field it does not read, the key stays
put and, run from scratch on the embedded pack, so do its numbers: a stage that reads a
field it did not declare is caught here (``test_an_undeclared_read_is_caught``)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from geo import allocation, pipeline, stages
from geo.packs import load_pack
from geo.scenario import NOT_IN_FINGERPRINT, Scenario

# The scenarios are kept short: a 7-day plan.
BASE = Scenario(plan_days=7, plan_from="2021-07-05", k=3)

# One other valid value of every scenario field.
OTHER: dict[str, object] = {
    "page": "deploy",
    "lang": "en",
    "pack": "other",
    "date": "2021-07-20",
    "hours": 6.0,
    "k": 2,
    "method": "cases",
    "preset": "who",
    "trucks": 60,
    "fleet": "off",
    "load_h": 3.0,
    "unload_h": 3.5,
    "drive_h": 10.0,
    "cap": 5000.0,
    "prov": 31,
    "tiles": "osm",
    "plan_from": "2021-07-08",
    "plan_days": 6,
    "policy": "fair-share",
    "as_of": "2021-07-08",
    "sweep": "0123456789ab",
    "demand": {"baseline_national_t_per_day": 500.0},
}

DATES = ["2021-07-10", "2021-07-15"]

# How each stage is asked for on a runner.
CALL = {
    "engine": lambda r, s: r.engine(),
    "access": lambda r, s: r.access(s),
    "demand": lambda r, s: r.demand(s),
    "coverage": lambda r, s: r.coverage(s),
    "isochrones": lambda r, s: r.isochrones(s),
    "fleet_params": lambda r, s: allocation.scenario_fleet(r.pack, s),
    "province_times": lambda r, s: r._province_times(s),
    "allocation": lambda r, s: r.allocation(s),
    "flow_paths": lambda r, s: r.flow_paths(s),
    "fleet_sensitivity": lambda r, s: r.fleet_sensitivity(s),
    "plan_inputs": lambda r, s: r.plan_inputs(s),
    "plan": lambda r, s: r.plan(s),
    "plan_paths": lambda r, s: r.plan_flow_paths(s),
    "plan_fleet": lambda r, s: r._plan_fleet(s),
    "plan_backtest": lambda r, s: r.plan_backtest(s),
    "shortfall": lambda r, s: r.shortfall(s),
    "siting": lambda r, s: r.siting(s),
    "deploy": lambda r, s: r.deploy(s),
    "changes": lambda r, s: r.changes(s),
    "marginal": lambda r, s: r.marginal(s),
    "demand_series": lambda r, s: r.demand_series(s, DATES),
    "backtest": lambda r, s: r.backtest(s),
    "growth": lambda r, s: r.growth(s),
    "region_series": lambda r, s: r.region_series(s),
}

# Stages whose numbers are recomputed for every unread field: the cheapest in the fast
# lane, the rest (some seconds each) in the slow one; the others (siting and after,
# whose inputs are checked here) have their keys checked only.
OUTPUT_FAST = ("demand", "fleet_params")
OUTPUT_SLOW = (
    "access",
    "coverage",
    "province_times",
    "allocation",
    "fleet_sensitivity",
    "plan_inputs",
    "plan",
    "shortfall",
    "demand_series",
)


def test_every_field_has_another_value_and_every_stage_a_call():
    assert set(OTHER) == set(stages.FIELDS)
    for name, value in OTHER.items():
        assert getattr(BASE, name) != value, name
    assert set(CALL) == set(stages.STAGES)


def test_declarations_name_real_fields_and_stages():
    for stage in stages.STAGES.values():
        assert set(stage.reads) <= set(stages.FIELDS), stage.name
        assert set(stage.sets) <= set(stages.FIELDS), stage.name
        assert set(stage.deps) <= set(stages.STAGES), stage.name
        stages.reads(stage.name)  # no cycle


def test_no_stage_reads_a_field_left_out_of_the_fingerprint():
    """A field outside the fingerprint must not change a number."""
    for name in stages.STAGES:
        assert not (stages.reads(name) & set(NOT_IN_FINGERPRINT)), name


def test_derived_reads_are_own_reads_and_dependencies_less_what_is_set():
    assert stages.reads("coverage") == {"hours", "date"}
    assert stages.reads("allocation") == {
        *("date", "method", "preset", "demand"),
        *("trucks", "fleet", "load_h", "unload_h", "drive_h"),
    }
    assert "date" not in stages.reads("plan_inputs")  # the plan has its window
    assert "date" in stages.reads("siting")  # when units start working
    assert stages.reads("siting") >= stages.reads("plan") | {"hours", "k", "cap"}


@pytest.mark.parametrize("name", list(stages.STAGES))
def test_key_changes_exactly_with_the_fields_read(name):
    base = stages.key(name, BASE)
    read = stages.reads(name)
    for field in stages.FIELDS:
        other = stages.key(name, dataclasses.replace(BASE, **{field: OTHER[field]}))
        if field in read:
            assert other != base, f"{name}: key ignores {field}, which it reads"
        else:
            assert other == base, f"{name}: key changes with {field}, which it does not read"


def test_extra_arguments_enter_the_key():
    assert stages.key("allocation", BASE, "low") != stages.key("allocation", BASE, "high")


@pytest.fixture(scope="module")
def pack():
    return load_pack("embedded")


@pytest.fixture(scope="module")
def engine(pack):
    return pipeline.Runner(pack).engine()


def _fresh(pack, engine) -> pipeline.Runner:
    """A runner with nothing memoised but the engine (which reads no field)."""
    runner = pipeline.Runner(pack)
    runner._memos["engine"].get(stages.key("engine", BASE), lambda: engine)
    return runner


def assert_same(a, b, where: str = "") -> None:
    """Equal numbers and tables, recursively (NaN equal to NaN)."""
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, obj=where or "DataFrame")
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, obj=where or "Series")
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=where)
    elif dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), where
        for f in dataclasses.fields(a):
            assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert set(a) == set(b), where
        for k in a:
            assert_same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        pass
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def unread_fields_leave_output(
    pack, engine, name: str, declared=None, fields=stages.FIELDS
) -> list[str]:
    """The unread ``fields`` (per ``declared``, default geo.stages) that change the
    stage's numbers, each run on a fresh runner."""
    read = stages.reads(name, declared)
    base = CALL[name](_fresh(pack, engine), BASE)
    changed = []
    for field in fields:
        if field in read:
            continue
        scen = dataclasses.replace(BASE, **{field: OTHER[field]})
        try:
            assert_same(base, CALL[name](_fresh(pack, engine), scen), name)
        except AssertionError:
            changed.append(field)
    return changed


@pytest.mark.parametrize(
    "name", [*OUTPUT_FAST, *(pytest.param(n, marks=pytest.mark.slow) for n in OUTPUT_SLOW)]
)
def test_output_ignores_the_fields_a_stage_does_not_read(pack, engine, name):
    assert unread_fields_leave_output(pack, engine, name) == []


def test_one_runner_reuses_a_stage_for_unread_fields(pack, engine):
    """The runner memoises on the derived key: an unread field is a memo hit."""
    runner = _fresh(pack, engine)
    for name in ("demand", "coverage", "allocation", "plan"):
        first = CALL[name](runner, BASE)
        for field in stages.FIELDS:
            if field not in stages.reads(name):
                scen = dataclasses.replace(BASE, **{field: OTHER[field]})
                assert CALL[name](runner, scen) is first, (name, field)


def test_an_undeclared_read_is_caught(pack, engine):
    """Coverage declared without ``hours`` (a stage reading a field it did not name):
    the output check finds that hours changes its numbers."""
    declared = dict(stages.STAGES)
    declared["coverage"] = dataclasses.replace(stages.STAGES["coverage"], reads=())
    assert "hours" not in stages.reads("coverage", declared)
    changed = unread_fields_leave_output(
        pack, engine, "coverage", declared, fields=("hours", "k", "lang")
    )
    assert changed == ["hours"]


def test_architecture_doc_has_the_current_table():
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert stages.table_markdown() in doc
