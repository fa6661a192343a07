"""Deploying the nine concentrator systems: the network they depend on, the time-expanded
siting model (patient-days averted) and the honest output around it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from geo import pipeline
from geo.packs import EMBEDDED, load_pack
from geo.scenario import Scenario


@pytest.fixture(scope="module")
def pack():
    return load_pack(EMBEDDED)


@pytest.fixture(scope="module")
def runner(pack):
    return pipeline.Runner(pack)


# --------------------------------------------------------------------------- network


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("RS UMUM DAERAH KOTA TIDORE KEPULAUAN", "via_ferry"),  # Bastiong - Rum ferry
        ("RS UMUM DAERAH WAINGAPU", "via_ferry"),  # Sumba: Ende - Waingapu, Sape - Waikelo
        ("RS UMUM DAERAH WAIBAKUL", "via_ferry"),  # Sumba Tengah, on the Waikabubak road
        ("RS UMUM DAERAH MAREN KOTA TUAL", "via_sea"),  # Pelni Ambon - Tual
        ("RS UMUM MERAUKE", "via_sea"),  # Pelni Tual - Timika - Agats - Merauke
    ],
)
def test_island_hospitals_are_reached(pack, runner, name, mode) -> None:
    acc = runner.access(Scenario()).hospitals
    ids = pack.hospitals.loc[pack.hospitals["name"] == name, "id"]
    assert len(ids) == 1, name
    row = acc.set_index("id").loc[ids.iloc[0]]
    assert not row["off_network"], name
    assert np.isfinite(float(row["travel_time_h"])), name
    assert bool(row[mode]), (name, mode)


# --------------------------------------------------------------------------- model by hand

from geo import deploy as deploy_model  # noqa: E402
from geo import relief  # noqa: E402


def _problem(k: int, cap: float = 12.0, hours: float = 2.0) -> relief.ReliefProblem:
    """Three hospitals, three days. Site 0 reaches hospitals 0 and 1 (1 h), site 1 its own
    hospital and hospital 2 at 5 h (out of reach at 2 h), site 2 its own hospital."""
    tt = np.array([[0.0, 1.0, np.inf], [np.inf, 0.0, 5.0], [np.inf, np.inf, 0.0]])
    u = np.array([[10.0, 10.0, 0.0], [5.0, 0.0, 0.0], [0.0, 0.0, 30.0]])
    return relief.ReliefProblem(tt, u, ("d1", "d2", "d3"), cap, hours, k, 1.0)


def test_one_unit_by_hand() -> None:
    # site 0: day 1 min(12, 10 + 5) = 12, day 2 min(12, 10) = 10, day 3 0 -> 22
    # site 2: day 3 min(12, 30) = 12; site 1: 5 -> site 0 wins
    res = relief.solve(_problem(1))
    assert res.optimal and res.objective == pytest.approx(22.0)
    assert res.sites["id"].tolist() == [0]
    assert relief.standalone_patient_days(_problem(1)).tolist() == pytest.approx([22, 5, 12])


def test_capacity_binds_per_day_not_over_the_window() -> None:
    # one unit of 12 m3/day cannot carry day 2's spare output to day 3's 30 m3
    res = relief.solve(_problem(2))
    assert res.objective == pytest.approx(22.0 + 12.0)
    assert sorted(res.sites["id"]) == [0, 2]
    served = res.assignment.groupby("demand_id")["m3"].sum()
    assert served[2] == pytest.approx(12.0)
    assert served[0] + served[1] == pytest.approx(22.0)


def test_reach_brings_the_far_hospital_in() -> None:
    # at 6 h site 1 reaches hospital 2 too: alone it is 5 + 12 = 17 (< 22, still site 0)
    alone = relief.standalone_patient_days(_problem(1, hours=6.0))
    assert alone.tolist() == pytest.approx([22, 17, 12])


def test_units_with_nothing_to_do_are_idle_not_placed() -> None:
    res = relief.solve(_problem(3))
    assert res.idle_units == 0 and len(deploy_model.placed(res)) == 3
    p = _problem(3)
    p = relief.ReliefProblem(
        p.travel_time_h, p.unmet_m3 * np.array([[1.0], [1.0], [0.0]]), p.days, 12.0, 2.0, 3, 1.0
    )
    res = relief.solve(p)
    # only sites 0 and 1 reach a shortfall; both open, the third unit is idle; day 1:
    # 15 m3 short (site 0 gives 12 or less, site 1 its own 5), day 2: 10 -> 25
    assert res.idle_units == 1 and sorted(res.sites["id"]) == [0, 1]
    assert res.objective == pytest.approx(25.0)


def test_nothing_short_is_a_zero_value_plan() -> None:
    p = _problem(2)
    zero = relief.ReliefProblem(p.travel_time_h, 0 * p.unmet_m3, p.days, 12.0, 2.0, 2, 1.0)
    res = relief.solve(zero)
    assert res.zero_value and res.objective == 0.0 and res.sites.empty
    assert relief.solve(p).zero_value is False


def test_patient_days_are_m3_over_the_severe_flow() -> None:
    p = _problem(1)
    p = relief.ReliefProblem(p.travel_time_h, p.unmet_m3, p.days, 12.0, 2.0, 1, 14.4)
    assert relief.solve(p).objective == pytest.approx(22.0 / 14.4)


def test_a_tie_goes_to_the_site_with_more_shortfall_within_reach() -> None:
    """Both sites run at full output (5 m3/day) every day: site 0 reaches hospital 0
    (10 m3/day short), site 1 hospitals 1 and 2 (10 each). They avert the same 10
    patient-days; site 1 has 40 short within reach against 20, so it wins the tie. Without
    the tie-break the first in order (site 0) is kept."""
    tt = np.array([[0.0, np.inf, np.inf], [np.inf, 0.0, 1.0], [np.inf, np.inf, 0.0]])
    u = np.full((3, 2), 10.0)
    p = relief.ReliefProblem(tt[:2], u, ("d1", "d2"), 5.0, 2.0, 1, 1.0)
    plain = relief.solve(p, tie_break=False)
    res = relief.solve(p)
    assert plain.objective == pytest.approx(10.0) and res.objective == pytest.approx(10.0)
    assert plain.sites["id"].tolist() == [0] and plain.reach_patient_days == pytest.approx(20)
    assert res.sites["id"].tolist() == [1] and res.reach_patient_days == pytest.approx(40.0)
    assert res.tie_break.startswith(relief.TIE_BREAK)


def test_the_tie_break_counts_each_hospital_once() -> None:
    """Two units of 5 m3/day, one day. A reaches hospitals 1, 2 (10 + 10 short), B reaches
    2, 3 (10 + 9), C reaches 4 (12): every pair averts 10. Counted once, A + B reach 29,
    A + C 32, B + C 31: A + C. (Summed per site, A + B would win with 39.)"""
    tt = np.full((3, 5), np.inf)
    tt[0, [1, 2]] = tt[1, [2, 3]] = tt[2, [4]] = 0.0  # hospital 0 is nobody's
    u = np.array([[0.0], [10.0], [10.0], [9.0], [12.0]])
    p = relief.ReliefProblem(tt, u, ("d1",), 5.0, 1.0, 2, 1.0)
    res = relief.solve(p)
    assert res.objective == pytest.approx(10.0)
    assert sorted(res.sites["id"]) == [0, 2] and res.reach_patient_days == pytest.approx(32.0)


def test_the_tie_break_never_trades_patient_days_for_reach() -> None:
    """Site 1 has more shortfall within reach (12 against 10) but averts 5, site 0 10:
    site 0 is kept."""
    tt = np.array([[0.0, np.inf], [np.inf, 0.0]])
    u = np.array([[5.0, 5.0], [12.0, 0.0]])
    res = relief.solve(relief.ReliefProblem(tt, u, ("d1", "d2"), 5.0, 1.0, 1, 1.0))
    assert res.sites["id"].tolist() == [0] and res.objective == pytest.approx(10.0)


def test_reductions_match_an_ungrouped_solve_on_random_instances(tmp_path) -> None:
    """Grouped hospitals, merged days and dropped dominated candidates give the optimum
    of the plain model (one variable per site, hospital and day, solved by highspy from
    the exported files)."""
    from tests.test_acceptance_siting import independent_optimum

    rng = np.random.default_rng(7)
    for trial in range(8):
        n_c, n_d, n_t = (6, 10, 5) if trial < 4 else (14, 12, 4)
        tt = rng.uniform(0, 10, (n_c, n_d))
        tt[rng.random((n_c, n_d)) < 0.4] = np.inf
        u = rng.choice([0.0, 3.0, 8.0], (n_d, n_t))
        u[:, 3] = u[:, 1]  # a repeated day
        k = 2 if trial < 4 else 3
        p = relief.ReliefProblem(tt, u, tuple(f"t{i}" for i in range(n_t)), 9.0, 5.0, k, 1.0)
        relief.export_problem(p, tmp_path / f"r{trial}.csv")
        assert relief.solve(p).objective == pytest.approx(
            independent_optimum(tmp_path / f"r{trial}.csv"), rel=relief.GAP_REL, abs=1e-7
        )
        back = relief.load_problem(tmp_path / f"r{trial}.csv")
        assert relief.solve(back).objective == pytest.approx(relief.solve(p).objective)


# --------------------------------------------------------------------------- tables by hand


def test_steady_shortfall_and_split_by_beds() -> None:
    provinces = pd.DataFrame(
        {
            "code": [1, 2],
            "demand_t_per_day": [10.0, 4.0],
            "supplied_t_per_day": [8.0, 4.0],
            "unmet_t_per_day": [2.0, 0.0],
        }
    )
    table = relief.steady_shortfall(provinces, days=["2021-07-01", "2021-07-02"])
    assert len(table) == 4 and set(table["basis"]) == {"steady"}
    assert table.loc[table["code"] == 1, "share_met"].tolist() == pytest.approx([0.8, 0.8])
    share = pd.DataFrame(
        {"id": ["a", "b", "c"], "province_code": [1, 1, 2], "bed_share": [0.75, 0.25, 1.0]}
    )
    u = relief.hospital_unmet_m3(table, share, days=["2021-07-02", "2021-07-03"])
    # 2 t x 754 m3/t x 0.75 on 2 Jul; 3 Jul is outside the table: no shortfall
    assert u[:, 0].tolist() == pytest.approx([1131.0, 377.0, 0.0])
    assert u[:, 1].tolist() == [0.0, 0.0, 0.0]


def test_units_work_from_the_announcement_plus_the_install_lead() -> None:
    from geo import settings

    lead = settings.INSTALL_LEAD_DAYS
    assert deploy_model.operating_from("2021-07-15") == f"2021-07-{15 + lead:02d}"
    # a decision before Kemenperin's 8 Jul announcement still waits for the units
    assert deploy_model.operating_from("2021-07-01") == f"2021-07-{8 + lead:02d}"
    assert deploy_model.window(Scenario()) == ("2021-06-28", "2021-08-01")


def test_reported_unit_size() -> None:
    from geo import settings

    # 700 patients a day x 10 L/min x 1.44 = 10,080 m3/day = 420 m3/h
    assert settings.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY == pytest.approx(10080.0)
    assert settings.UNIT_SIZES_NM3_PER_H == pytest.approx((420.0, 60.0, 30.0, 15.0))


# --------------------------------------------------------------------------- embedded pack


def test_zero_value_when_supply_exceeds_demand_everywhere(pack) -> None:
    """A pack whose cases are 1% of the real ones: every province is served, nothing is
    short, the plan has zero value and proposes no site."""
    small = dataclasses.replace(
        pack, cases=pack.cases.assign(active_cases=pack.cases["active_cases"] * 0.01)
    )
    # the active-case demand reads the scaled cases (the default bed method reads beds)
    res = pipeline.Runner(small).run(Scenario(fleet="off", method="active"))
    assert float(res.allocation.provinces["unmet_t_per_day"].sum()) == 0.0
    plan = res.siting
    assert plan.zero_value and plan.sites.empty and plan.reasons.empty
    assert any(w.startswith("zero-value plan") for w in plan.warnings)


def test_each_reason_names_patient_days_days_short_and_what_it_beat(runner) -> None:
    plan = runner.siting(Scenario(hours=6, k=4))
    assert not plan.zero_value and len(plan.reasons) == 4
    for row in plan.reasons.to_dict("records"):
        assert row["patient_days_averted"] > 0
        assert row["province_short_days"] > 0 and row["province_short_from"]
        assert row["beat"] and row["margin_patient_days"] >= -1e-6
        text = deploy_model.reason_text(row)
        assert "patient-days" in text and row["province"] in text and row["beat"] in text
    total = plan.reasons["patient_days_averted"].sum()
    assert total == pytest.approx(plan.result.objective)
    assert plan.result.objective <= plan.problem.total_patient_days + 1e-6


def test_comparisons_score_alternatives_on_the_same_shortfall(runner) -> None:
    scen = Scenario(hours=6, k=4)
    report = runner.deploy(scen)
    alt = report.alternatives.set_index("plan")
    mine = alt.loc["this plan", "patient_days_averted"]
    for label in ("the 4 largest hospitals (beds)", "the 4 most remote hospitals (resupply hours)"):
        assert alt.loc[label, "patient_days_averted"] <= mine + 1e-6  # the plan is optimal
    sizes = report.unit_sizes
    assert sizes["default"].sum() == 1
    assert sizes.loc[sizes["default"], "unit_m3_per_h"].iloc[0] == pytest.approx(420.0)
    # a bigger unit never averts less
    by_size = sizes.sort_values("unit_m3_per_h")["patient_days_averted"].to_numpy()
    assert (np.diff(by_size) >= -1e-6).all()
