"""Tests for geo.siting: hand-checkable instances and brute-force references."""

from __future__ import annotations

import itertools
import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from geo import siting
from geo.errors import DataError
from geo.siting import (
    DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
    SitingProblem,
    export_matrix,
    load_exported,
    m3_per_day_to_patients,
    marginal_values,
    solve,
    solve_exact,
    solve_greedy,
)

INF = np.inf

# Three candidates A, B, C and four demands d0..d3 (m3/day 10, 20, 30, 40), hours = 1:
#   A reaches d0, d1 (30)   B reaches d1, d2 (50)   C reaches d2, d3 (70)
_TT = np.array(
    [
        [0.5, 0.9, INF, 2.0],  # A (d3 at 2 h: reachable, but beyond 1 h)
        [INF, 0.5, 1.0, INF],  # B (d2 exactly at the threshold counts)
        [3.0, INF, 0.2, 0.7],  # C
    ]
)
_W = np.array([10.0, 20.0, 30.0, 40.0])


def _hand(capacity: float | np.ndarray = INF, *, k: int = 2, locked=()) -> SitingProblem:
    return SitingProblem(
        _TT,
        _W,
        capacity,
        hours=1.0,
        k=k,
        locked=locked,
        candidate_ids=["A", "B", "C"],
        demand_ids=["d0", "d1", "d2", "d3"],
    )


def _random_problem(
    seed: int,
    *,
    n_cand: int = 7,
    n_dem: int = 12,
    k: int = 3,
    capacity: float | np.ndarray = INF,
    n_locked: int = 0,
    integer_weights: bool = False,
) -> SitingProblem:
    rng = np.random.default_rng(seed)
    tt = rng.uniform(0.0, 10.0, (n_cand, n_dem))
    tt[rng.random((n_cand, n_dem)) < 0.15] = INF
    w = rng.integers(0, 60, n_dem).astype(float) if integer_weights else rng.uniform(0, 60, n_dem)
    locked = rng.choice(n_cand, n_locked, replace=False) if n_locked else ()
    return SitingProblem(tt, w, capacity, hours=4.0, k=k, locked=locked)


# --- deliberately simple references -------------------------------------------------


def _brute_uncapacitated(p: SitingProblem) -> float:
    """Best covered demand over all k-subsets that contain the locked sites."""
    covers = p.travel_time_h <= p.hours
    locked = set(p.locked.tolist())
    best = -1.0
    for subset in itertools.combinations(range(p.n_candidates), p.k):
        if not locked <= set(subset):
            continue
        covered = covers[list(subset)].any(axis=0)
        best = max(best, float(p.demand_m3_per_day[covered].sum()))
    return best


def _max_flow_value(p: SitingProblem, subset: tuple[int, ...]) -> float:
    """Covered demand of an open set as a networkx max-flow: source -> site (capacity)
    -> demand (if within hours) -> sink (demand weight)."""
    g = nx.DiGraph()
    cap = p.capacity_array_m3_per_day
    for k in subset:
        g.add_edge("s", ("k", k), capacity=float(cap[k]))
        for d in range(p.n_demands):
            if p.travel_time_h[k, d] <= p.hours:
                g.add_edge(("k", k), ("d", d))  # no capacity attribute = unbounded
    for d in range(p.n_demands):
        g.add_edge(("d", d), "t", capacity=float(p.demand_m3_per_day[d]))
    return float(nx.maximum_flow_value(g, "s", "t"))


def _brute_capacitated(p: SitingProblem) -> float:
    locked = set(p.locked.tolist())
    return max(
        _max_flow_value(p, subset)
        for subset in itertools.combinations(range(p.n_candidates), p.k)
        if locked <= set(subset)
    )


def _check_feasible(p: SitingProblem, res: siting.SitingResult) -> None:
    """Assignment only on covered pairs of open sites, within capacity and demand."""
    a = res.assignment
    open_set = set(res.sites["candidate"].tolist())
    assert len(open_set) == p.k
    assert set(p.locked.tolist()) <= open_set
    assert set(a["candidate"]) <= open_set
    assert (a["m3_per_day"] > 0).all()
    tt = p.travel_time_h[a["candidate"].to_numpy(), a["demand"].to_numpy()]
    assert (tt <= p.hours).all()
    per_demand = a.groupby("demand")["m3_per_day"].sum()
    assert (per_demand <= p.demand_m3_per_day[per_demand.index.to_numpy()] + 1e-7).all()
    per_site = res.sites.set_index("candidate")["covered_m3_per_day"]
    cap = p.capacity_array_m3_per_day[per_site.index.to_numpy()]
    assert (per_site.to_numpy() <= cap + 1e-7).all()
    assert per_site.sum() == pytest.approx(res.objective)
    assert a["m3_per_day"].sum() == pytest.approx(res.objective)


# --- hand instances ----------------------------------------------------------------


def test_hand_uncapacitated_k1_picks_c():
    # alone: A covers 30, B 50, C 70 -> C
    res = solve_exact(_hand(k=1))
    assert res.sites["id"].tolist() == ["C"]
    assert res.objective == pytest.approx(70.0)
    assert res.covered_share == pytest.approx(0.7)
    assert res.optimal and res.gap == 0.0 and res.solver == "highs-milp"


def test_hand_uncapacitated_k2_covers_everything():
    # A + C covers d0..d3 = 100; B + C only 90
    p = _hand(k=2)
    res = solve_exact(p)
    assert sorted(res.sites["id"]) == ["A", "C"]
    assert res.objective == pytest.approx(100.0)
    assert res.bound == pytest.approx(100.0)
    covered = dict(zip(res.sites["id"], res.sites["covered_m3_per_day"], strict=True))
    # each demand whole to its nearest open site: A gets d0, d1; C gets d2, d3
    assert covered == pytest.approx({"A": 30.0, "C": 70.0})
    _check_feasible(p, res)


def test_hand_capacitated_k2_prefers_b_and_c():
    # capacity 35 each: A+C = min(35, 30) + 35 = 65; B+C share d1..d3 (90) -> 35 + 35 = 70
    p = _hand(35.0, k=2)
    res = solve_exact(p)
    assert sorted(res.sites["id"]) == ["B", "C"]
    assert res.objective == pytest.approx(70.0)
    assert res.sites["covered_m3_per_day"].tolist() == pytest.approx([35.0, 35.0])
    _check_feasible(p, res)


def test_hand_locked_site_stays_open():
    # lock A, capacity 35: A+B = 30 + 30 = 60, A+C = 30 + 35 = 65 -> {A, C}
    p = _hand(35.0, k=2, locked=[0])
    res = solve_exact(p)
    assert sorted(res.sites["id"]) == ["A", "C"]
    assert res.sites.set_index("id").loc["A", "locked"]
    assert res.objective == pytest.approx(65.0)
    # lock B, uncapacitated: B+A = 60, B+C = 90 -> {B, C}
    res_b = solve_exact(_hand(k=2, locked=[1]))
    assert sorted(res_b.sites["id"]) == ["B", "C"]
    assert res_b.objective == pytest.approx(90.0)


def test_hand_all_sites_locked_needs_no_search():
    res = solve_exact(_hand(35.0, k=2, locked=[0, 1]))
    assert sorted(res.sites["id"]) == ["A", "B"]
    assert res.objective == pytest.approx(60.0)  # A: d0 10 + d1 20; B: d2 30


def test_per_candidate_capacity_with_inf_mix():
    # A unbounded, B 5, C 10: A+C = 30 + 10 = 40, B+C = 5 + 10 = 15, A+B = 30 + 5 = 35
    p = _hand(np.array([INF, 5.0, 10.0]), k=2)
    assert p.is_capacitated
    res = solve_exact(p)
    assert sorted(res.sites["id"]) == ["A", "C"]
    assert res.objective == pytest.approx(40.0)
    _check_feasible(p, res)


def test_unreachable_and_zero_weight_demands():
    tt = np.array([[0.5, INF, 0.5], [INF, INF, 0.5]])
    p = SitingProblem(tt, np.array([5.0, 100.0, 0.0]), INF, hours=1.0, k=1)
    res = solve_exact(p)
    assert res.objective == pytest.approx(5.0)  # d1 is unreachable, d2 weighs nothing
    assert res.covered_share == pytest.approx(5.0 / 105.0)
    assert res.assignment["demand"].tolist() == [0]


def test_padding_when_candidates_are_duplicates():
    # four identical candidates: the reduced model keeps one, k=3 must still open 3
    tt = np.tile(np.array([[0.5, 0.5, 9.0]]), (4, 1))
    p = SitingProblem(tt, np.array([1.0, 2.0, 4.0]), INF, hours=1.0, k=3)
    res = solve_exact(p)
    assert len(res.sites) == 3
    assert res.objective == pytest.approx(3.0)
    assert res.optimal


def test_duplicate_demands_are_split_back_exactly():
    # d0, d1, d2 share the same coverage set (merged internally); capacity 25 < 10+20+30
    tt = np.array([[0.5, 0.5, 0.5, INF], [0.5, 0.5, 0.5, 0.5]])
    w = np.array([10.0, 20.0, 30.0, 7.0])
    p = SitingProblem(tt, w, 25.0, hours=1.0, k=2)
    res = solve_exact(p)
    assert res.objective == pytest.approx(50.0)  # both sites saturated
    _check_feasible(p, res)
    assert res.assignment["demand"].nunique() >= 2


# --- against brute force ---------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_uncapacitated_matches_brute_force(seed: int):
    p = _random_problem(seed, n_locked=seed % 3)
    res = solve_exact(p)
    assert res.objective == pytest.approx(_brute_uncapacitated(p), rel=1e-9)
    assert res.optimal
    _check_feasible(p, res)


@pytest.mark.parametrize("seed", range(10))
def test_capacitated_matches_brute_force_max_flow(seed: int):
    rng = np.random.default_rng(100 + seed)
    cap = rng.integers(20, 120, 6).astype(float) if seed % 2 else 70.0
    p = _random_problem(
        seed, n_cand=6, n_dem=10, k=3, capacity=cap, n_locked=seed % 2, integer_weights=True
    )
    res = solve_exact(p)
    assert res.objective == pytest.approx(_brute_capacitated(p), rel=1e-7)
    assert res.optimal
    _check_feasible(p, res)


@pytest.mark.parametrize("capacity", [INF, 80.0])
@pytest.mark.parametrize("seed", range(6))
def test_greedy_below_exact_below_bound(seed: int, capacity: float):
    p = _random_problem(seed, n_cand=15, n_dem=40, k=4, capacity=capacity, n_locked=seed % 2)
    exact = solve_exact(p)
    greedy = solve_greedy(p)
    assert greedy.solver == "greedy"
    assert greedy.objective <= exact.objective + 1e-7
    assert exact.objective <= greedy.bound + 1e-7
    assert greedy.gap == pytest.approx((greedy.bound - greedy.objective) / greedy.bound)
    # greedy is a (1 - 1/e)-approximation of the increment over the locked sites
    base = (
        solve_exact(
            SitingProblem(
                p.travel_time_h,
                p.demand_m3_per_day,
                capacity,
                hours=p.hours,
                k=p.locked.size,
                locked=p.locked,
            )
        ).objective
        if p.locked.size
        else 0.0
    )
    assert greedy.objective - base >= (1 - 1 / np.e) * (exact.objective - base) - 1e-7
    _check_feasible(p, greedy)


def test_lp_bound_is_an_upper_bound():
    for capacity in (INF, 60.0):
        p = _random_problem(3, n_cand=10, n_dem=30, k=3, capacity=capacity)
        assert siting.lp_upper_bound(p) >= solve_exact(p).objective - 1e-7


def test_solve_auto_switches_to_greedy_for_large_instances(monkeypatch):
    p = _random_problem(1, n_cand=8, n_dem=20, k=3)
    assert solve(p).solver == "highs-milp"
    monkeypatch.setattr(siting, "GREEDY_PAIR_THRESHOLD", 5)
    res = solve(p)
    assert res.solver == "greedy"
    assert res.objective <= res.bound + 1e-9
    assert solve(p, method="exact").solver == "highs-milp"
    with pytest.raises(DataError, match="method"):
        solve(p, method="fastest")  # type: ignore[arg-type]


# --- marginal values ---------------------------------------------------------------


def test_marginal_values_hand():
    # uncapacitated: K=1 -> 70 (C), K=2 -> 100, K=3 -> 100
    table = marginal_values(_hand(k=1), k_max=3)
    assert table["k"].tolist() == [1, 2, 3]
    assert table["objective"].tolist() == pytest.approx([70.0, 100.0, 100.0])
    assert table["added_m3_per_day"].tolist() == pytest.approx([70.0, 30.0, 0.0])
    assert table["added_objective"].tolist() == pytest.approx([70.0, 30.0, 0.0])
    assert table["covered_share"].tolist() == pytest.approx([0.7, 1.0, 1.0])


def test_marginal_m3_are_m3_not_objective_values():
    # one demand point of 100 m3/day worth 2 per m3, one unit of 30 m3/day: the unit
    # adds 30 m3/day and 60 to the objective (the page once showed 60 as m3)
    p = SitingProblem(
        np.array([[0.0]]), np.array([100.0]), 30.0, hours=1.0, k=1, value_per_m3=np.array([2.0])
    )
    table = marginal_values(p, k_max=1)
    assert table["added_m3_per_day"].tolist() == pytest.approx([30.0])
    assert table["added_objective"].tolist() == pytest.approx([60.0])
    assert table["covered_share"].tolist() == pytest.approx([0.3])
    res = solve(p)
    assert res.covered_share == pytest.approx(res.covered_m3_per_day / 100.0)


@pytest.mark.parametrize("capacity", [INF, 50.0])
def test_marginal_values_non_decreasing(capacity: float):
    p = _random_problem(5, n_cand=12, n_dem=30, k=1, capacity=capacity, n_locked=1)
    table = marginal_values(p, k_max=6)
    assert table["k"].tolist() == [1, 2, 3, 4, 5, 6]
    assert (table["added_objective"] >= -1e-9).all()
    assert table["objective"].is_monotonic_increasing
    assert table["added_objective"].sum() == pytest.approx(table["objective"].iloc[-1])
    assert table["added_m3_per_day"].sum() == pytest.approx(table["covered_m3_per_day"].iloc[-1])
    assert table["optimal"].all()


# --- export / load -----------------------------------------------------------------


@pytest.mark.parametrize("capacity", [INF, 35.0, np.array([INF, 5.0, 10.0])])
def test_export_load_round_trip_hand(tmp_path, capacity):
    p = _hand(capacity, k=2, locked=[2])
    paths = export_matrix(p, tmp_path / "hand")
    matrix = pd.read_csv(paths["matrix"])
    assert len(matrix) == int(np.isfinite(_TT).sum())  # finite entries only
    params = json.loads(paths["params"].read_text())
    assert params["locked"] == ["C"] and params["k"] == 2 and params["hours"] == 1.0
    q = load_exported(tmp_path / "hand")
    np.testing.assert_array_equal(q.travel_time_h, p.travel_time_h)
    np.testing.assert_array_equal(q.demand_m3_per_day, p.demand_m3_per_day)
    np.testing.assert_array_equal(q.capacity_array_m3_per_day, p.capacity_array_m3_per_day)
    assert q.candidate_ids.tolist() == ["A", "B", "C"]
    assert q.locked.tolist() == [2]
    assert solve_exact(q).objective == pytest.approx(solve_exact(p).objective)


def test_export_load_round_trip_random_integer_ids(tmp_path):
    p = _random_problem(7, n_cand=9, n_dem=25, k=3, capacity=90.0, n_locked=1)
    export_matrix(p, tmp_path / "sub" / "rnd")
    q = load_exported(tmp_path / "sub" / "rnd")
    assert q.candidate_ids.tolist() == list(range(9))
    np.testing.assert_array_equal(q.travel_time_h, p.travel_time_h)  # %.17g round-trips
    assert solve_exact(q).objective == pytest.approx(solve_exact(p).objective, rel=1e-12)


def test_load_exported_unknown_id_names_file_and_row(tmp_path):
    paths = export_matrix(_hand(k=1), tmp_path / "bad")
    text = paths["matrix"].read_text().replace("\nB,", "\nZ,", 1)
    paths["matrix"].write_text(text)
    with pytest.raises(DataError, match=r"bad\.csv, row \d+, column 'candidate'"):
        load_exported(tmp_path / "bad")


# --- validation and units ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"travel_time_h": np.ones(3)}, "travel_time_h must be a 2-D"),
        ({"travel_time_h": np.full((3, 4), np.nan)}, "travel_time_h contains NaN"),
        ({"travel_time_h": -np.ones((3, 4))}, "negative"),
        ({"demand_m3_per_day": np.ones(3)}, "demand_m3_per_day must have one value"),
        ({"demand_m3_per_day": np.array([1.0, -1.0, 1.0, 1.0])}, "demand_m3_per_day"),
        ({"capacity_m3_per_day": np.ones(2)}, "capacity_m3_per_day must be a scalar"),
        ({"capacity_m3_per_day": -1.0}, "capacity_m3_per_day must be non-negative"),
        ({"hours": np.inf}, "hours must be finite"),
        ({"k": 4}, "k must be between 0 and the number of candidates"),
        ({"k": 1.5}, "k must be an integer"),
        ({"locked": [5]}, "locked candidate index out of range"),
        ({"locked": [0, 0]}, "duplicate"),
        ({"k": 1, "locked": [0, 1]}, "exceed k=1"),
        ({"candidate_ids": ["A", "A", "B"]}, "candidate_ids contains duplicates"),
        ({"demand_ids": ["x"]}, "demand_ids must have 4 entries"),
    ],
)
def test_validation_names_the_thing(kwargs, pattern):
    base = {
        "travel_time_h": _TT,
        "demand_m3_per_day": _W,
        "capacity_m3_per_day": INF,
        "hours": 1.0,
        "k": 2,
    }
    base.update(kwargs)
    with pytest.raises(DataError, match=pattern):
        SitingProblem(**base)


def test_coverage_is_sparse_boolean_with_inclusive_threshold():
    cov = _hand().coverage
    assert cov.dtype == bool
    assert cov.toarray().tolist() == [
        [True, True, False, False],
        [False, True, True, False],
        [False, False, True, True],
    ]


def test_capacity_default_and_patient_conversion():
    # Kemenperin: 700 patients a day per system, at 10 L/min (14.4 m3/day) = 10,080 m3/day
    assert DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY == pytest.approx(10080.0)
    assert siting.DEFAULT_SYSTEM_CAPACITY_NM3_PER_H == pytest.approx(420.0)
    assert siting.SEVERE_PATIENT_M3_PER_DAY == pytest.approx(14.4)
    assert float(m3_per_day_to_patients(DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY)) == pytest.approx(700)
    assert float(m3_per_day_to_patients(43.2, flow_l_per_min=30.0)) == pytest.approx(1.0)
    with pytest.raises(DataError, match="flow_l_per_min"):
        m3_per_day_to_patients(1.0, flow_l_per_min=0.0)
    res = solve_exact(_hand(35.0, k=2))
    assert res.patients_severe == pytest.approx(70.0 / 14.4)


def test_exact_returns_certified_greedy_when_units_saturate():
    # capacity 5 each: every pair of sites delivers 5 + 5 = 10, the trivial bound
    # k * min(capacity, reachable demand); greedy reaches it, so no MILP is needed
    p = _hand(5.0, k=2)
    res = solve_exact(p)
    assert res.objective == pytest.approx(10.0)
    assert res.bound == pytest.approx(10.0)
    assert res.solver == "greedy" and res.optimal and res.gap == 0.0
    assert res.objective == pytest.approx(_brute_capacitated(p))
    _check_feasible(p, res)


def test_time_limited_exact_reports_a_valid_bound():
    p = _random_problem(11, n_cand=12, n_dem=40, k=4, capacity=45.0)
    res = solve_exact(p, time_limit_s=30.0)
    assert res.objective <= res.bound + 1e-7
    assert res.objective == pytest.approx(_brute_capacitated(p), rel=1e-7)


def test_auto_uses_bounded_greedy_on_large_capacitated_instances(monkeypatch) -> None:
    rng = np.random.default_rng(7)
    tt = rng.uniform(0, 10, size=(12, 40))
    w = rng.uniform(1, 10, size=40)
    problem = SitingProblem(
        travel_time_h=tt, demand_m3_per_day=w, capacity_m3_per_day=30.0, hours=5.0, k=3
    )
    exact = solve_exact(problem)
    monkeypatch.setattr(siting, "CAPACITATED_PAIR_THRESHOLD", 0)
    auto = solve(problem)
    assert auto.solver == "greedy"
    assert auto.objective <= exact.objective + 1e-6 <= auto.bound + 2e-6


# --- objective values per m3 (issue 12: resupply-weighted shortfall) ---------------


def _valued(p: SitingProblem, value: np.ndarray) -> SitingProblem:
    return SitingProblem(
        p.travel_time_h,
        p.demand_m3_per_day,
        p.capacity_m3_per_day,
        hours=p.hours,
        k=p.k,
        locked=p.locked,
        candidate_ids=p.candidate_ids,
        demand_ids=p.demand_ids,
        value_per_m3=value,
    )


def _min_cost_value(p: SitingProblem, subset: tuple[int, ...]) -> float:
    """Best value of an open set as a networkx max-flow min-cost: each m3 delivered to
    demand d earns value_d (costs are negated, scaled to integers)."""
    g = nx.DiGraph()
    cap = p.capacity_array_m3_per_day
    g.add_node("s", demand=0)
    for k in subset:
        g.add_edge("s", ("k", k), capacity=int(round(min(cap[k], 1e6) * 1000)), weight=0)
        for d in range(p.n_demands):
            if p.travel_time_h[k, d] <= p.hours:
                g.add_edge(("k", k), ("d", d), weight=0)
    for d in range(p.n_demands):
        cost = -int(round(p.value_per_m3[d] * 1000))
        g.add_edge(("d", d), "t", capacity=int(round(p.demand_m3_per_day[d] * 1000)), weight=cost)
    flow = nx.max_flow_min_cost(g, "s", "t")
    return -nx.cost_of_flow(g, flow) / 1e6


def test_value_per_m3_sends_a_saturated_unit_to_the_valuable_demand():
    """One unit of 10 m3/day, two hospitals of 10 m3/day within reach: with equal values
    any is optimal; with values 1 and 3 the unit serves the second (objective 30)."""
    tt = np.array([[0.0, 0.5], [0.5, 0.0]])
    p = SitingProblem(tt, [10.0, 10.0], 10.0, hours=1.0, k=1, value_per_m3=[1.0, 3.0])
    res = solve_exact(p)
    assert res.objective == pytest.approx(30.0) and res.covered_m3_per_day == pytest.approx(10.0)
    served = res.assignment.groupby("demand")["m3_per_day"].sum()
    assert served.to_dict() == pytest.approx({1: 10.0})
    assert res.patients_severe == pytest.approx(10.0 / 14.4)


@pytest.mark.parametrize("seed", range(6))
def test_valued_capacitated_matches_brute_force_min_cost_flow(seed: int):
    p = _random_problem(seed, capacity=45.0, integer_weights=True)
    rng = np.random.default_rng(100 + seed)
    q = _valued(p, np.round(rng.uniform(1.0, 3.0, p.n_demands), 3))
    best = max(
        _min_cost_value(q, subset) for subset in itertools.combinations(range(q.n_candidates), q.k)
    )
    for res in (solve_exact(q), solve(q)):
        assert res.objective == pytest.approx(best, rel=1e-6)
        assert res.bound >= res.objective - 1e-6
    greedy = solve_greedy(q)
    assert greedy.objective <= best + 1e-6 <= greedy.bound + 1e-6


@pytest.mark.parametrize("seed", range(4))
def test_valued_uncapacitated_matches_brute_force(seed: int):
    p = _random_problem(seed)
    q = _valued(p, np.random.default_rng(seed).uniform(1.0, 2.0, p.n_demands))
    covers = q.travel_time_h <= q.hours
    best = max(
        float(q.weighted_demand[covers[list(s)].any(axis=0)].sum())
        for s in itertools.combinations(range(q.n_candidates), q.k)
    )
    assert solve_exact(q).objective == pytest.approx(best, rel=1e-9)


def test_export_carries_values_and_writes_the_named_file(tmp_path):
    p = _random_problem(3, capacity=45.0)
    q = _valued(p, np.linspace(1.0, 2.0, p.n_demands))
    paths = export_matrix(q, tmp_path / "plan.csv")
    assert paths["matrix"] == tmp_path / "plan.csv" and paths["matrix"].exists()
    assert paths["weights"] == tmp_path / "plan.weights.csv"
    assert paths["params"] == tmp_path / "plan.params.json"
    r = load_exported(tmp_path / "plan.csv")
    np.testing.assert_array_equal(r.value_per_m3, q.value_per_m3)
    assert solve_exact(r).objective == pytest.approx(solve_exact(q).objective, rel=1e-12)
