"""The plan on the embedded pack: adapter, CLI contract (issue 20), export, forecast.

The forecast and fleet-schedule cases are by hand (fast lane); whole-pack runs are slow.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import numpy as np
import pytest

from geo import cli, plan, plan_inputs, settings
from geo.highs import new_highs


def test_fleet_schedule_adds_the_mobilised_on_their_dates():
    dates = ["2021-07-05", "2021-07-06", "2021-07-07", "2021-07-08", "2021-07-09"]
    own = settings.PRODUCER_OWN_TRUCKS
    assert plan_inputs.fleet_schedule(dates).tolist() == [own, own + 92, own + 92] + [own + 132] * 2
    # the scenario's trucks scale the schedule: 66 of 132 -> half of each step
    assert plan_inputs.fleet_schedule(dates, mobilised=66).tolist()[1] == own + 46
    assert plan_inputs.fleet_schedule(dates, mobilised=0).tolist() == [own] * 5


def test_lead_days_nearest_day():
    h = np.array([[0.0, 11.9, 12.0, 35.0, 36.0, np.inf]])
    assert plan_inputs.lead_days(h).tolist() == [[0, 0, 1, 1, 2, -1]]


def test_log_linear_forecast_by_hand():
    # demand doubling every day: the fit continues it exactly
    hist = np.array([[1.0, 2.0, 4.0, 8.0], [5.0, 5.0, 5.0, 5.0], [0.0, 1.0, 2.0, 3.0]])
    fc = plan_inputs.forecast_log_linear(hist, 3)
    assert fc[0].tolist() == pytest.approx([16.0, 32.0, 64.0])
    assert fc[1].tolist() == pytest.approx([5.0, 5.0, 5.0])
    # a province with a zero day keeps its last value
    assert fc[2].tolist() == [3.0, 3.0, 3.0]


def test_demand_arrays_forecast_after_as_of():
    import pandas as pd

    def demand_for(d: str) -> pd.DataFrame:
        # doubling every day (exactly log-linear: the forecast's past errors are 0)
        day = dt.date.fromisoformat(d).toordinal() - dt.date(2021, 6, 30).toordinal()
        return pd.DataFrame(
            {
                "code": [1],
                "demand_t_per_day": [2.0**day],
                "low": [2.0**day / 2],
                "high": [2.0**day * 2],
            }
        )

    dates = ["2021-07-08", "2021-07-09", "2021-07-10", "2021-07-11"]
    central, low, high, forecast = plan_inputs.demand_arrays(
        demand_for, dates, np.array([1]), as_of="2021-07-09"
    )
    assert forecast.tolist() == [[False, False, True, True]]
    assert central[0].tolist() == pytest.approx([2.0**8, 2.0**9, 2.0**10, 2.0**11])
    # the model's band on the as-of day (x 1/2, x 2) carries to the forecast
    assert low[0, 2] == pytest.approx(2.0**10 / 2)
    assert high[0, 3] == pytest.approx(2.0**11 * 2)
    # dates need not follow each other: each takes the forecast of its own day
    central, *_ = plan_inputs.demand_arrays(
        demand_for, ["2021-07-09", "2021-07-12"], np.array([1]), as_of="2021-07-09"
    )
    assert central[0].tolist() == pytest.approx([2.0**9, 2.0**12])


def test_forecast_band_is_conformal_on_its_own_past_errors():
    """forecast_error_q by brute force: every past forecast at the horizon re-made by
    hand from its own 7 days, its log error against the later value, the 80% split-
    conformal quantile of them; a series that is exactly log-linear has a band of 0."""
    from geo.calibration import conformal_q

    rng = np.random.default_rng(3)
    start = dt.date(2021, 5, 1)
    n_days = 80
    series = np.exp(np.cumsum(rng.normal(0.05, 0.1, size=(3, n_days)), axis=1))

    def central_of(day: dt.date) -> np.ndarray:
        return series[:, (day - start).days]

    as_of = start + dt.timedelta(days=70)
    q = plan_inputs.forecast_error_q(central_of, as_of, [1, 4], fit_days=7, lookback=10)
    for h in (1, 4):
        errors = []
        for j in range(10):
            made = as_of - dt.timedelta(days=h + j)
            hist = np.column_stack([central_of(made - dt.timedelta(days=6 - i)) for i in range(7)])
            x = np.arange(7) - 6.0
            for p in range(3):
                slope, intercept = np.polyfit(x, np.log(hist[p]), 1)
                pred = math.exp(intercept + slope * h)
                errors.append(abs(math.log(central_of(made + dt.timedelta(days=h))[p] / pred)))
        assert q[h] == pytest.approx(conformal_q(np.array(errors), level=0.8))
        assert q[h] > 0

    exact = plan_inputs.forecast_error_q(
        lambda day: np.array([2.0 ** (day - start).days]), as_of, [1, 3], lookback=5
    )
    assert exact[1] == pytest.approx(0.0, abs=1e-9) and exact[3] == pytest.approx(0.0, abs=1e-9)


def _run_cli(capsys, *args: str) -> dict:
    code = cli.main(["plan", *args, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


@pytest.mark.slow
def test_cli_contract_and_export(capsys, tmp_path):
    out = _run_cli(
        capsys,
        "--from",
        "2021-07-08",
        "--days",
        "6",
        "--policy",
        "fair-share",
        "--trucks",
        "132",
        "--export-problem",
        str(tmp_path),
    )
    assert list(out)[:2] == ["fingerprint", "scenario"]
    assert out["scenario"]["plan_from"] == "2021-07-08" and out["scenario"]["plan_days"] == "6"
    assert len(out["days"]) == 6
    for day in out["days"]:
        for key in ("date", "trucks_in_use", "containers_in_use", "provinces"):
            assert key in day
        assert day["trucks_in_use"] <= day["trucks_available"] + 1e-6
        for p in day["provinces"]:
            # mass balance: delivered + unmet = demand
            assert p["delivered_t"] + p["unmet_t"] == pytest.approx(p["demand_t"], abs=1e-6)
            assert p["stock_t"] >= -1e-9
            assert {"code", "demand_t", "delivered_t", "unmet_t", "stock_t"} <= set(p)
    assert len(out["provinces"]) == 34
    for p in out["provinces"]:
        for key in ("code", "first_short_day", "days_short", "unmet_t_total"):
            assert key in p
        assert p["patient_days_without_o2"] == pytest.approx(p["unmet_t_total"] * 754 / 14.4)
    fleet = out["fleet"]
    assert fleet["trucks_min"] >= 0 and len(fleet["unmet_by_trucks"]) >= 3
    curve = [c["unmet_t"] for c in sorted(fleet["unmet_by_trucks"], key=lambda c: c["trucks"])]
    assert all(b <= a + 1e-5 for a, b in zip(curve, curve[1:], strict=False))
    at_min = [c for c in fleet["unmet_by_trucks"] if c["trucks"] == fleet["trucks_min"]]
    assert at_min and at_min[0]["unmet_t"] == pytest.approx(fleet["unmet_min_t"], rel=1e-5)
    # the export: arrays read back, every stage's MPS re-solved by HiGHS alone
    problem = plan.load_problem(tmp_path)
    assert problem.shape[2] == 6
    recorded = json.loads((tmp_path / "objectives.json").read_text())["objectives"]
    last = sorted(tmp_path.glob("fair-share-*.mps"))[-1]
    h = new_highs()
    h.readModel(str(last))
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(recorded[-1], rel=1e-7)
    assert plan.solve(problem, policy="fair-share").objective == pytest.approx(
        out["objective"], rel=1e-6
    )


@pytest.mark.slow
def test_more_trucks_never_more_unmet_and_fair_share_floor_on_the_pack():
    from geo import pipeline
    from geo.packs import load_pack
    from geo.scenario import Scenario

    pack = load_pack()
    runner = pipeline.Runner(pack)
    scen = Scenario(plan_from="2021-07-01", plan_days=5)
    problem = runner.plan_inputs(scen).problem
    prev = None
    for scale in (0.5, 1.0, 2.0):
        p = dataclasses.replace(problem, trucks=problem.trucks * scale)
        lh = plan.solve(p, policy="least-hours")
        fs = plan.solve(p, policy="fair-share")
        assert fs.min_share() >= lh.min_share() - 1e-6
        assert prev is None or lh.unmet_t <= prev + 1e-4
        prev = lh.unmet_t


def test_java_production_is_split_into_production_and_medical_share(capsys):
    """The 10 July fact carries the pack's Java production before the medical split and
    the share applied to it; their product is the plan's Java supply that day, and the
    page's sentence names both beside the report's figure."""
    from geo import narrative

    out = _run_cli(capsys, "--from", "2021-07-08", "--days", "4")
    (fact,) = [f for f in out["java_bali"]["facts"] if f["id"] == "java_production_2021-07-10"]
    model = fact["model"]
    assert 0 < model["medical_share"] <= 1
    assert model["java_production_t"] * model["medical_share"] == pytest.approx(
        model["java_supply_t"], rel=1e-6
    )
    sentence = narrative.java_production_sentence(fact, "en")
    assert f"{model['java_production_t']:,.0f} t/day" in sentence
    assert f"reported: {fact['value']:,.0f}" in sentence
    assert f"{model['medical_share']:.0%}" in sentence
    assert narrative.java_production_sentence({"value": 1.0, "model": {}}, "en") == ""
