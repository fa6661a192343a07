"""Calibration of the demand methods and their interval (geo.calibration), the bed facts
and the band's monotonicity. Synthetic cases are generated from the model itself."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from geo import calibration
from geo import demand as demand_model
from geo.calibration import FigureTerms, conformal_q, figure_terms, fit_theta, leave_one_out
from geo.demand import PARAMS_CENTRAL, DailyInputs, bed_facts_table, method_arrays


def _synthetic_inputs(rng: np.random.Generator, days: int = 60, provinces: int = 6):
    dates = pd.date_range("2021-06-01", periods=days, freq="D")
    codes = np.arange(11, 11 + provinces)
    growth = np.exp(np.linspace(0, 1.5, days))[:, None]
    new_cases = rng.uniform(2e3, 4e4, provinces)[None, :] * growth
    beds = rng.uniform(2e3, 2e4, provinces)[None, :] * np.linspace(1.0, 1.4, days)[:, None]
    occupancy = np.clip(rng.uniform(0.3, 0.95, (days, provinces)), 0, 1)
    return DailyInputs(
        dates=dates,
        codes=codes,
        new_cases=new_cases,
        covid_beds=beds,
        beds_rule=np.full((days, provinces), "published", dtype=object),
        occupancy=occupancy,
        occupancy_rule=np.full((days, provinces), "published", dtype=object),
        baseline_t_per_day=rng.uniform(2, 20, provinces),
    )


def _figures(inputs: DailyInputs, rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Figures on random dates over random regions (one province, or several)."""
    rows = []
    for i in range(n):
        k = int(rng.integers(1, len(inputs.codes) + 1))
        codes = tuple(int(c) for c in rng.choice(inputs.codes, size=k, replace=False))
        rows.append({"fact_id": f"f{i}", "date": inputs.dates[int(rng.integers(10, 60))],
                     "region": "r", "province_codes": codes})  # fmt: skip
    return pd.DataFrame(rows)


def _truth(inputs: DailyInputs, figures: pd.DataFrame, method: str, params) -> np.ndarray:
    """The figures as the model itself computes them (method_arrays, summed)."""
    arrays = method_arrays(inputs, method=method, params=params)
    col = {c: j for j, c in enumerate(inputs.codes)}
    out = []
    for f in figures.itertuples(index=False):
        i = inputs.row(f.date)
        out.append(sum(arrays["demand"][i, col[c]] for c in f.province_codes))
    return np.array(out)


@pytest.mark.parametrize(
    ("method", "name", "true_value"),
    [("cases", "oxygen_share", 0.37), ("beds", "covid_bed_flow_lpm", 17.5)],
)
def test_calibration_recovers_the_parameter_that_generated_the_figures(method, name, true_value):
    rng = np.random.default_rng(7)
    inputs = _synthetic_inputs(rng)
    figures = _figures(inputs, rng, 25)
    truth = PARAMS_CENTRAL.with_values(**{name: true_value})
    reported = _truth(inputs, figures, method, truth)
    terms = figure_terms(inputs, figures, method=method, params=PARAMS_CENTRAL)
    # the per-figure terms reproduce the model at the true multiplier
    theta_true = true_value / getattr(PARAMS_CENTRAL, name)
    assert terms.predict(theta_true, method) == pytest.approx(reported, rel=1e-9)
    theta = fit_theta(lambda t: terms.predict(t, method), reported)
    assert theta * getattr(PARAMS_CENTRAL, name) == pytest.approx(true_value, rel=1e-4)
    # with 10% log-normal noise on the figures it still lands close
    noisy = reported * np.exp(rng.normal(0, 0.1, len(reported)))
    theta_noisy = fit_theta(lambda t: terms.predict(t, method), noisy)
    assert theta_noisy * getattr(PARAMS_CENTRAL, name) == pytest.approx(true_value, rel=0.1)


def test_the_bed_cap_sends_the_overflow_home():
    """Incidence by hand: 1,000 patients for 600 beds: 600 in hospital at 15 L/min, 400
    at home at 5 L/min."""
    inputs = DailyInputs(
        dates=pd.date_range("2021-07-01", periods=1),
        codes=np.array([31]),
        new_cases=np.array([[5_000.0]]),
        covid_beds=np.array([[600.0]]),
        beds_rule=np.array([["published"]], dtype=object),
        occupancy=np.array([[0.9]]),
        occupancy_rule=np.array([["published"]], dtype=object),
        baseline_t_per_day=np.array([10.0]),
    )
    out = method_arrays(inputs, method="cases", params=PARAMS_CENTRAL)  # 20% of 5,000
    t = 1.44 / 754.0
    assert out["patients_in_hospital"][0, 0] == pytest.approx(600)
    assert out["hospital"][0, 0] == pytest.approx(600 * 15 * t)
    assert out["home"][0, 0] == pytest.approx(400 * 5 * t)
    assert out["demand"][0, 0] == pytest.approx(600 * 15 * t + 400 * 5 * t + 10)
    beds = method_arrays(inputs, method="beds", params=PARAMS_CENTRAL)  # 540 occupied
    assert beds["hospital"][0, 0] == pytest.approx(540 * 11.8 * t)
    assert beds["home"][0, 0] == pytest.approx((1000 - 540) * 5 * t)
    assert beds["demand"][0, 0] == pytest.approx(540 * 11.8 * t + 10)  # home shown apart


def test_conformal_half_width_by_hand():
    errors = np.arange(1, 11) / 10.0  # n = 10: the ceil(11 x 0.8) = 9th smallest
    assert conformal_q(errors, level=0.8) == pytest.approx(0.9)
    assert conformal_q(errors[:3], level=0.8) == math.inf  # too few for 80%


def test_leave_one_out_interval_coverage_holds_on_synthetic_data():
    """Figures = model x log-normal noise: the held-out 80% intervals hold about 80% of
    the figures, and fresh figures fall inside the full-data interval about 80% of the
    time."""
    rng = np.random.default_rng(11)
    inputs = _synthetic_inputs(rng)
    truth = PARAMS_CENTRAL.with_values(covid_bed_flow_lpm=14.0)
    figures = _figures(inputs, rng, 80)
    reported = _truth(inputs, figures, "beds", truth) * np.exp(rng.normal(0, 0.25, 80))
    terms = figure_terms(inputs, figures, method="beds", params=PARAMS_CENTRAL)
    loo = leave_one_out(terms, reported, method="beds")
    assert 0.7 <= loo["inside"].mean() <= 0.9
    q = conformal_q(np.abs(loo["log_error"]), level=0.8)
    theta = fit_theta(lambda t: terms.predict(t, "beds"), reported)
    fresh = _figures(inputs, rng, 400)
    fresh_reported = _truth(inputs, fresh, "beds", truth) * np.exp(rng.normal(0, 0.25, 400))
    pred = figure_terms(inputs, fresh, method="beds", params=PARAMS_CENTRAL).predict(theta, "beds")
    inside = np.abs(np.log(pred / fresh_reported)) <= q
    assert 0.72 <= inside.mean() <= 0.9


def test_bad_bed_facts_are_counted_named_notes():
    df = pd.DataFrame(
        {
            "fact_id": ["ok", "too_full", "over", "junk_date", "neg_beds"],
            "date": ["2021-07-01", "2021-07-01", "2021-07-01", "2021-13-01", "2021-07-02"],
            "province_code": [31, 32, 33, 34, 35],
            "bed_type": ["covid", "covid", "isolation", "covid", "covid"],
            "beds": [100, "", 50, 10, -5],
            "occupied": [80, "", 60, "", ""],
            "occupancy_pct": ["", 120, "", 50, 70],
            "source": ["u"] * 5,
        }
    )
    table, notes = bed_facts_table(df, file="beds.csv")
    assert list(table["fact_id"]) == ["ok", "too_full", "over", "neg_beds"]
    got = table.set_index("fact_id")
    assert got.loc["ok", "occupancy"] == pytest.approx(0.8)
    assert np.isnan(got.loc["too_full", "occupancy"]) and np.isnan(got.loc["over", "occupancy"])
    assert got.loc["over", "beds"] == 50  # the count stays, the occupancy is unknown
    assert np.isnan(got.loc["neg_beds", "beds"]) and got.loc["neg_beds", "occupancy"] == 0.7
    text = "\n".join(notes)
    assert "1 occupancies outside 0-100%" in text and "too_full (row 3)" in text
    assert "1 facts with more beds occupied than available" in text and "over (row 4)" in text
    assert "junk_date (row 5)" in text and "neg_beds (row 6)" in text


def test_isolation_count_without_icu_takes_the_icu_count_of_nearby_days():
    """A day with an isolation count but no ICU count adds the province's ICU count filled
    in time from its other days; a province with no ICU count at all counts isolation alone."""
    from geo.demand import bed_series

    df = pd.DataFrame(
        {
            "fact_id": list("abcdef"),
            "date": [
                "2021-07-01",
                "2021-07-01",
                "2021-07-05",
                "2021-07-11",
                "2021-07-11",
                "2021-07-05",
            ],
            "province_code": [31, 31, 31, 31, 31, 32],
            "bed_type": ["isolation", "icu", "isolation", "isolation", "icu", "isolation"],
            "beds": [1000, 100, 1200, 1400, 200, 500],
            "occupied": [""] * 6,
            "occupancy_pct": [""] * 6,
            "source": ["u"] * 6,
        }
    )
    facts, notes = bed_facts_table(df)
    assert not notes
    dates = pd.DatetimeIndex(["2021-07-01", "2021-07-05", "2021-07-11"])
    beds, rule, _, _ = bed_series(
        facts, dates=dates, codes=np.array([31, 32]), hospital_beds=pd.Series({31: 1.0, 32: 1.0})
    )
    icu_on_5 = 100 + (200 - 100) * 4 / 10  # between 1 Jul and 11 Jul
    assert beds[:, 0] == pytest.approx([1100, 1200 + icu_on_5, 1600])
    assert list(rule[:, 0]) == ["published"] * 3
    assert beds[1, 1] == pytest.approx(500)  # no ICU count anywhere: isolation alone


def test_embedded_bed_facts_have_one_source_each_and_load_clean():
    from geo.packs import load_pack

    pack = load_pack("embedded")
    facts = pack.bed_facts
    assert len(facts) > 50 and not pack.reports["bed_occupancy"].notes
    assert facts["source"].str.match(r"https?://").all()
    assert not facts["source"].str.contains(" ; ").any()  # one URL per row
    assert facts["occupancy"].dropna().between(0, 1).all()


def test_calibration_on_the_default_pack_meets_its_stated_level():
    """Leave-one-out on the repository's reported figures (numbers as measured; the
    acceptance bounds of issue 18): median held-out error <= 25%, 70-90% inside the
    80% interval, national high/low <= 2.5x."""
    from geo.packs import load_pack

    pack = load_pack("embedded")
    cal = calibration.calibration_for(pack)
    summary = cal.summary()
    assert summary["n"] == len(cal.figures) >= 10
    assert summary["median_abs_error"] <= 0.25
    assert 0.7 <= summary["coverage"] <= 0.9
    assert summary["high_over_low"] <= 2.5
    # the chosen method is the one with the smaller held-out error
    errs = {m: f.median_abs_error for m, f in cal.fits.items()}
    assert cal.chosen == min(errs, key=errs.get)
    # calibrated central defaults; WHO values stay a named preset, PARAMS_CENTRAL untouched
    who = calibration.setting(pack, preset="who")
    assert who.params.covid_bed_flow_lpm == demand_model.PARAMS_CENTRAL.covid_bed_flow_lpm
    assert calibration.setting(pack).params.name.startswith("calibrated")


def test_demand_and_backtest_json_carry_the_contract(capsys):
    from geo import cli

    assert cli.main(["demand", "--date", "2021-07-10", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"level", "basis"} <= set(out["interval"]) and out["interval"]["level"] == 0.8
    row = out["provinces"][0]
    for key in ("demand_t_per_day", "low", "high", "hospital_t_per_day", "home_t_per_day"):
        assert key in row
    assert all(p["low"] <= p["demand_t_per_day"] <= p["high"] for p in out["provinces"])
    assert cli.main(["demand", "--method", "beds", "--date", "2021-07-10", "--json"]) == 0
    beds = json.loads(capsys.readouterr().out)  # the NaT date serialises as null
    assert beds["provinces"][0]["date_used"] in (None, "2021-07-10")
    assert cli.main(["backtest", "--json"]) == 0
    bt = json.loads(capsys.readouterr().out)
    loo = bt["leave_one_out"]
    assert {"median_abs_error", "coverage", "n"} <= set(loo) and loo["n"] == len(bt["figures"])
    inside = [f["inside_loo"] for f in bt["figures"]]
    assert loo["coverage"] == pytest.approx(sum(inside) / len(inside))


@pytest.mark.parametrize("date", ["2021-07-03", "2021-07-15"])
def test_unmet_and_trucks_are_monotone_across_the_band(date):
    """Under an unconstrained fleet: more demand never gives less unmet demand or fewer
    trucks needed (the band's ends are nested on the central allocation)."""
    from geo import pipeline
    from geo.packs import load_pack
    from geo.scenario import Scenario

    runner = pipeline.Runner(load_pack("embedded"))
    band = runner.run(Scenario(date=date, fleet="off")).allocation_band()
    unmet = [band[b].unmet_t_per_day for b in ("low", "central", "high")]
    trucks = [band[b].trucks_needed_unconstrained for b in ("low", "central", "high")]
    assert unmet[0] <= unmet[1] + 1e-6 <= unmet[2] + 2e-6
    assert trucks[0] <= trucks[1] + 1e-6 <= trucks[2] + 2e-6
    demand = [band[b].provinces["demand_t_per_day"].sum() for b in ("low", "central", "high")]
    assert demand[0] < demand[1] < demand[2]
    for b in ("low", "high"):  # deliveries never exceed demand or plant capacity
        res = band[b]
        assert (
            res.provinces["supplied_t_per_day"] <= res.provinces["demand_t_per_day"] + 1e-6
        ).all()
        assert (res.plants["used_t_per_day"] <= res.plants["capacity_t_per_day"] + 1e-6).all()


def test_nested_allocation_by_hand():
    """Two plants (10 t/day near, 10 far), two provinces: central 8 + 8 t/day; the high
    end (12 + 12) keeps the central routes and adds the 4 t/day the plants have spare;
    the low end (4 + 4) halves the central flows."""
    from geo.allocation import allocate, solve_nested

    plants = pd.DataFrame({"id": ["a", "b"], "capacity_t_per_day": [10.0, 10.0]})
    demand = pd.DataFrame({"province_code": [1, 2], "demand_t_per_day": [8.0, 8.0]})
    cost = np.array([[1.0, 5.0], [5.0, 1.0]])
    central = allocate(plants, demand, cost, fleet_limited=False)
    assert central.unmet_t_per_day == pytest.approx(0.0)
    high = solve_nested(central, np.array([12.0, 12.0]))
    assert high.unmet_t_per_day == pytest.approx(4.0)
    assert high.plants["used_t_per_day"].sum() == pytest.approx(20.0)
    assert high.trucks_needed >= central.trucks_needed
    low = solve_nested(central, np.array([4.0, 4.0]))
    assert low.unmet_t_per_day == pytest.approx(0.0)
    assert low.trucks_needed == pytest.approx(central.trucks_needed / 2)
    assert isinstance(FigureTerms, type)


def test_growth_between_reported_figures_by_hand():
    """Two figures of a region: the growth of the reported figures, of the model's
    central value, and of its inputs (occupied beds, new cases) as ratios, by hand; a
    sentence says the reported growth is beyond both inputs and names the held beds."""
    from geo import backtest, narrative

    facts = pd.DataFrame(
        {
            "fact_id": ["a", "b", "c"],
            "date": pd.to_datetime(["2021-06-30", "2021-07-10", "2021-07-10"]),
            "region": ["Two", "Two", "One"],
            "province_codes": [(1, 2), (1, 2), (1,)],
            "reported_t_per_day": [100.0, 300.0, 50.0],
            "source": ["s", "s", "s"],
        }
    )
    table = facts.drop(columns="province_codes").assign(central_t_per_day=[120.0, 150.0, 60.0])
    inputs = {  # code: (beds, occupancy, new cases, rule) on each date
        "2021-06-30": {1: (100, 0.5, 1000, "published"), 2: (300, 0.8, 500, "nearest")},
        "2021-07-10": {1: (200, 0.5, 1500, "published"), 2: (300, 0.8, 1000, "nearest")},
    }

    def demand_for(day: str) -> pd.DataFrame:
        rows = inputs[day]
        return pd.DataFrame(
            {
                "code": list(rows),
                "covid_beds": [v[0] for v in rows.values()],
                "occupancy": [v[1] for v in rows.values()],
                "new_cases_window": [v[2] for v in rows.values()],
                "beds_rule": [v[3] for v in rows.values()],
            }
        )

    out = backtest.growth(table, demand_for, facts).set_index("region")
    assert list(out.index) == ["Two"]  # "One" has a single figure
    row = out.loc["Two"]
    assert row["reported_ratio"] == pytest.approx(3.0)
    assert row["modelled_ratio"] == pytest.approx(1.25)
    assert row["occupied_beds_ratio"] == pytest.approx((200 * 0.5 + 240) / (100 * 0.5 + 240))
    assert row["new_cases_ratio"] == pytest.approx(2500 / 1500)
    assert row["beds_held"] == 1
    (sentence,) = narrative.growth_sentences(out.reset_index(), lang="en")
    assert "×3" in sentence and "×1.25" in sentence and "inputs grew less" in sentence
    assert "1 of its provinces" in sentence
    # two figures only: the steepest step is the whole window, and no extra sentence
    assert row["steepest_reported_ratio"] == pytest.approx(3.0)
    assert "step ×" not in sentence


def test_steepest_step_between_reported_figures_by_hand():
    """Three figures: the steepest consecutive step (×3 from the 2nd to the 3rd day,
    against ×1.5 first) with occupied beds' growth over the same days; the sentence names
    it because the beds grew far less."""
    from geo import backtest, narrative

    days = pd.to_datetime(["2021-06-30", "2021-07-01", "2021-07-05"])
    facts = pd.DataFrame(
        {
            "fact_id": ["a", "b", "c"],
            "date": days,
            "region": ["R", "R", "R"],
            "province_codes": [(1,), (1,), (1,)],
            "reported_t_per_day": [100.0, 150.0, 450.0],
            "source": ["s", "s", "s"],
        }
    )
    table = facts.drop(columns="province_codes").assign(central_t_per_day=[100.0, 105.0, 110.0])
    occupied = {"2021-06-30": 400.0, "2021-07-01": 410.0, "2021-07-05": 451.0}

    def demand_for(day: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "code": [1],
                "covid_beds": [1000.0],
                "occupancy": [occupied[day] / 1000.0],
                "new_cases_window": [100.0],
                "beds_rule": ["published"],
            }
        )

    row = backtest.growth(table, demand_for, facts).iloc[0]
    assert row["steepest_from"] == days[1] and row["steepest_to"] == days[2]
    assert row["steepest_reported_ratio"] == pytest.approx(3.0)
    assert row["steepest_beds_ratio"] == pytest.approx(451.0 / 410.0)
    (sentence,) = narrative.growth_sentences(pd.DataFrame([row]), lang="en")
    assert "step ×3 from July 1, 2021 to July 5, 2021" in sentence and "×1.1 over" in sentence


def test_java_bali_growth_is_shown_against_its_inputs_on_the_default_pack():
    """The default pack's Java-Bali figures (30 Jun and 10 Jul) have a growth row whose
    modelled ratio is the backtest's own central values' ratio."""
    from geo import pipeline
    from geo.packs import load_pack
    from geo.scenario import Scenario

    r = pipeline.run(load_pack("embedded"), Scenario())
    growth = r.growth.set_index("region")
    bt = r.backtest
    jb = bt[bt["region"] == "Jawa-Bali"].sort_values("date")
    row = growth.loc["Jawa-Bali"]
    assert row["modelled_ratio"] == pytest.approx(
        jb["central_t_per_day"].iloc[-1] / jb["central_t_per_day"].iloc[0]
    )
    assert row["reported_ratio"] == pytest.approx(
        jb["reported_t_per_day"].iloc[-1] / jb["reported_t_per_day"].iloc[0]
    )
    assert 0 < row["occupied_beds_ratio"] and 0 < row["new_cases_ratio"]
