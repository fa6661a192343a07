"""Tests for geo.allocation on tiny instances whose answers are stated in comments.

Independent references: networkx.network_simplex on integer-scaled data (no fleet
constraint, so a pure min-cost flow), and an LP built directly in highspy (with the
fleet row) - neither goes through the scipy.linprog call in geo.allocation.
"""

from __future__ import annotations

import json
from pathlib import Path

import highspy
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from geo import allocation, export_json
from geo.allocation import (
    DEFAULT_UNMET_PENALTY,
    AllocationProblem,
    allocate,
    export_problem,
    load_problem,
    local_supply_m3_per_day,
    make_problem,
)
from geo.errors import DataError, DataWarning
from geo.highs import new_highs

INF = np.inf
P = DEFAULT_UNMET_PENALTY


def _plants(caps: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"id": list(caps), "capacity_t_per_day": list(caps.values())})


def _demand(dem: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"province_code": list(dem), "demand_t_per_day": list(dem.values())})


# --------------------------------------------------------------- references


def _networkx_cost(
    problem: AllocationProblem, *, t_scale: int = 1000, h_scale: int = 1000
) -> float:
    """Min-cost flow with integer t (x1000) and hours (x1000); no fleet constraint."""
    g = nx.DiGraph()
    d = np.rint(problem.net_demand_t_per_day * t_scale).astype(int)
    cap = np.rint(problem.plants["capacity_t_per_day"].to_numpy() * t_scale).astype(int)
    total = int(d.sum())
    g.add_node("S", demand=-total)
    for j, dj in enumerate(d):
        g.add_node(("p", j), demand=int(dj))
        g.add_edge("S", ("p", j), weight=int(round(problem.unmet_penalty * h_scale)))  # unmet
    for i, ci in enumerate(cap):
        g.add_edge("S", ("plant", i), capacity=int(ci), weight=0)
        for j in range(len(d)):
            if np.isfinite(problem.cost_h[i, j]):
                g.add_edge(
                    ("plant", i), ("p", j), weight=int(round(problem.cost_h[i, j] * h_scale))
                )
    cost, _ = nx.network_simplex(g)
    return cost / (t_scale * h_scale)


def _highspy_cost(problem: AllocationProblem) -> float:
    """The same LP built row by row in highspy (with the fleet row when enabled)."""
    n, m = problem.cost_h.shape
    h = new_highs()
    arcs = [(i, j) for i in range(n) for j in range(m) if np.isfinite(problem.cost_h[i, j])]
    nv = len(arcs) + m
    costs = [problem.cost_h[i, j] for i, j in arcs] + [problem.unmet_penalty] * m
    h.addVars(nv, np.zeros(nv), np.full(nv, highspy.kHighsInf))
    h.changeColsCost(nv, np.arange(nv, dtype=np.int32), np.array(costs, dtype=float))
    d = problem.net_demand_t_per_day
    for j in range(m):
        idx = [a for a, (_, jj) in enumerate(arcs) if jj == j] + [len(arcs) + j]
        h.addRow(d[j], d[j], len(idx), np.array(idx, dtype=np.int32), np.ones(len(idx)))
    for i in range(n):
        idx = [a for a, (ii, _) in enumerate(arcs) if ii == i]
        if idx:
            cap = float(problem.plants["capacity_t_per_day"].iloc[i])
            h.addRow(
                -highspy.kHighsInf, cap, len(idx), np.array(idx, dtype=np.int32), np.ones(len(idx))
            )
    if problem.fleet_limited and arcs:
        coef = [
            (2 * problem.truck_h[i, j] + problem.handling_h)
            / problem.driving_h_per_day
            / problem.isotank_t
            for i, j in arcs
        ]
        h.addRow(
            -highspy.kHighsInf,
            problem.trucks_available,
            len(arcs),
            np.arange(len(arcs), dtype=np.int32),
            np.array(coef),
        )
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getInfo().objective_function_value)


def _check_mass(result) -> None:
    prov = result.provinces
    np.testing.assert_allclose(
        prov["supplied_t_per_day"] + prov["unmet_t_per_day"], prov["demand_t_per_day"], atol=1e-6
    )
    used = result.flows.groupby("plant")["t_per_day"].sum()
    caps = result.plants.set_index("id")["capacity_t_per_day"]
    assert (used <= caps.reindex(used.index) + 1e-6).all()
    inflow = result.flows.groupby("province")["t_per_day"].sum().reindex(prov["code"]).fillna(0)
    np.testing.assert_allclose(
        inflow.to_numpy() + prov["local_supply_t_per_day"].to_numpy(),
        prov["supplied_t_per_day"].to_numpy(),
        atol=1e-6,
    )


# ------------------------------------------------------------------- tests


def test_two_by_two_served_by_nearest_plant() -> None:
    # A->1 1 h, A->2 3 h, B->1 2 h, B->2 1 h; demands 8 and 6, capacities 10 each:
    # A sends 8 to 1, B sends 6 to 2; cost = 8*1 + 6*1 = 14 t/day x h.
    cost = np.array([[1.0, 3.0], [2.0, 1.0]])
    res = allocate(_plants({"A": 10, "B": 10}), _demand({1: 8, 2: 6}), cost, fleet_limited=False)
    _check_mass(res)
    assert res.total_cost == pytest.approx(14)
    assert res.provinces["limit"].tolist() == ["served", "served"]
    flows = {(r.plant, r.province): r.t_per_day for r in res.flows.itertuples()}
    assert flows == pytest.approx({("A", 1): 8, ("B", 2): 6})
    # trucks: 8 t/day / 20 t x (2*1 + 2) h / 24 h = 0.0667; same for 6 t/day -> 0.05
    assert res.trucks_needed == pytest.approx(8 / 20 * 4 / 24 + 6 / 20 * 4 / 24)
    assert res.trucks_needed_unconstrained == pytest.approx(res.trucks_needed)
    assert res.status == "optimal"


def test_capacity_shortage_is_production_limited() -> None:
    # one plant of 5 t/day 1 h away from a province needing 8: 5 shipped, 3 unmet;
    # cost = 5*1 + 3*P
    res = allocate(_plants({"A": 5}), _demand({1: 8}), np.array([[1.0]]))
    _check_mass(res)
    row = res.provinces.iloc[0]
    assert row["unmet_t_per_day"] == pytest.approx(3)
    assert row["limit"] == "production-limited"
    assert "at capacity" in row["limit_reason"] and "5.0" in row["limit_reason"]
    assert res.total_cost == pytest.approx(5 + 3 * P)
    assert row["share_met"] == pytest.approx(5 / 8)


def test_unreachable_province_is_transport_limited() -> None:
    # province 2 has no path from any plant: all 4 t/day unmet, labelled transport-limited
    cost = np.array([[1.0, INF], [2.0, INF]])
    res = allocate(_plants({"A": 10, "B": 10}), _demand({1: 3, 2: 4}), cost)
    _check_mass(res)
    prov = res.provinces.set_index("code")
    assert prov.loc[2, "limit"] == "transport-limited"
    assert "no plant can reach" in prov.loc[2, "limit_reason"]
    assert prov.loc[2, "unmet_t_per_day"] == pytest.approx(4)
    assert prov.loc[1, "limit"] == "served"
    assert res.total_cost == pytest.approx(3 * 1 + 4 * P)


def test_fleet_of_one_truck_binds() -> None:
    # 11 h each way + 2 h handling = 24 h round trip: one truck moves one 20 t isotank a
    # day. Demand 100, capacity 100: 20 shipped, 80 unmet, transport-limited; the full
    # demand needs 100/20 = 5 trucks. cost = 20*11 + 80*P.
    res = allocate(_plants({"A": 100}), _demand({1: 100}), np.array([[11.0]]), trucks_available=1)
    _check_mass(res)
    row = res.provinces.iloc[0]
    assert row["supplied_t_per_day"] == pytest.approx(20)
    assert row["limit"] == "transport-limited"
    assert "trucks are in use" in row["limit_reason"] and "80.0" in row["limit_reason"]
    assert res.trucks_needed == pytest.approx(1)
    assert res.trucks_needed_unconstrained == pytest.approx(5)
    assert res.total_cost == pytest.approx(20 * 11 + 80 * P)
    assert res.total_cost == pytest.approx(_highspy_cost(res.problem), rel=1e-3)
    # with the fleet off the same instance is fully served
    free = allocate(_plants({"A": 100}), _demand({1: 100}), np.array([[11.0]]), fleet_limited=False)
    assert free.provinces["limit"].iloc[0] == "served"


def test_fleet_prefers_near_province_per_truck() -> None:
    # 1 truck; province 1 is 1 h away (round trip 4 h: 6 isotanks/day = 120 t),
    # province 2 is 5 h away (12 h: 2 trips). Serving 1 fully (10 t) uses 10/20*4/24 =
    # 0.0833 trucks; the rest, 0.9167 trucks, carries 0.9167*24/12*20 = 36.67 t to 2.
    cost = np.array([[1.0, 5.0]])
    res = allocate(_plants({"A": 1000}), _demand({1: 10, 2: 100}), cost, trucks_available=1)
    _check_mass(res)
    prov = res.provinces.set_index("code")
    assert prov.loc[1, "limit"] == "served"
    assert prov.loc[2, "supplied_t_per_day"] == pytest.approx((1 - 10 / 20 * 4 / 24) * 24 / 12 * 20)
    assert res.total_cost == pytest.approx(_highspy_cost(res.problem), rel=1e-3)


def test_local_supply_reduces_demand_before_routing() -> None:
    # demand 8, local 3 -> 5 trucked from a 5 t/day plant: served, nothing unmet
    res = allocate(
        _plants({"A": 5}), _demand({1: 8}), np.array([[2.0]]), local_supply_t_per_day={1: 3.0}
    )
    _check_mass(res)
    row = res.provinces.iloc[0]
    assert row["limit"] == "served" and row["unmet_t_per_day"] == 0
    assert row["local_supply_t_per_day"] == pytest.approx(3)
    assert res.total_cost == pytest.approx(10)


def test_random_instances_match_independent_solvers() -> None:
    rng = np.random.default_rng(7)
    for trial in range(6):
        n, m = 4, 7
        cost = rng.uniform(1, 30, size=(n, m)).round(2)
        cost[rng.random((n, m)) < 0.25] = INF
        cost[:, 0] = INF  # one unreachable province each time
        plants = _plants({f"P{i}": float(rng.integers(5, 60)) for i in range(n)})
        demand = _demand({10 + j: float(rng.integers(0, 50)) for j in range(m)})
        free = allocate(plants, demand, cost, fleet_limited=False)
        _check_mass(free)
        assert free.total_cost == pytest.approx(_networkx_cost(free.problem), rel=1e-3), trial
        assert free.total_cost == pytest.approx(_highspy_cost(free.problem), rel=1e-3), trial
        fleet = allocate(plants, demand, cost, trucks_available=3)
        _check_mass(fleet)
        assert fleet.total_cost == pytest.approx(_highspy_cost(fleet.problem), rel=1e-3), trial
        assert fleet.trucks_needed <= 3 + 1e-6
        assert set(fleet.provinces["limit"]) <= {
            "served",
            "production-limited",
            "transport-limited",
        }
        assert fleet.provinces.loc[fleet.provinces["code"] == 10, "limit"].item() in (
            "served",  # only when its demand is 0
            "transport-limited",
        )


def test_export_round_trip_resolved_independently(tmp_path: Path) -> None:
    cost = np.array([[1.0, 3.0, INF], [2.0, 1.0, 4.0]])
    res = allocate(
        _plants({"A": 10, "B": 7}),
        _demand({31: 8, 32: 6, 33: 9}),
        cost,
        trucks_available=0.5,
        local_supply_t_per_day={33: 1.0},
    )
    paths = export_problem(res, tmp_path)
    assert [p.name for p in paths] == ["plants.csv", "demands.csv", "costs.csv", "params.json"]
    params = json.loads((tmp_path / "params.json").read_text())
    assert params["trucks"] == 0.5 and params["fleet_limited"] is True
    costs = pd.read_csv(tmp_path / "costs.csv")
    assert list(costs.columns) == ["plant", "province", "travel_time_h", "road_h", "sea_h"]
    assert len(costs) == 5 and (costs["sea_h"] == 0).all()
    again = load_problem(tmp_path)
    assert _highspy_cost(again) == pytest.approx(res.total_cost, rel=1e-3)
    np.testing.assert_array_equal(again.cost_h, res.problem.cost_h)


def test_cost_matrix_as_dataframe_and_validation() -> None:
    frame = pd.DataFrame({32: [3.0, 1.0], 31: [1.0, np.nan]}, index=["A", "B"])
    prob = make_problem(_plants({"A": 1, "B": 1}), _demand({31: 1, 32: 1}), frame)
    np.testing.assert_array_equal(prob.cost_h, [[1.0, 3.0], [INF, 1.0]])
    with pytest.raises(DataError, match="travel_time_h"):
        allocate(_plants({"A": 1}), _demand({1: 1}), np.array([[-1.0]]))
    with pytest.raises(DataError, match="travel_time_h"):
        allocate(_plants({"A": 1}), _demand({1: 1}), np.ones((2, 1)))
    with pytest.raises(DataError, match="capacity_t_per_day"):
        allocate(pd.DataFrame({"id": ["A"]}), _demand({1: 1}), np.ones((1, 1)))
    with pytest.raises(DataError, match="demand_t_per_day"):
        allocate(_plants({"A": 1}), _demand({1: -2}), np.ones((1, 1)))
    with pytest.warns(DataWarning, match="penalty"):
        allocate(_plants({"A": 1}), _demand({1: 1}), np.array([[50.0]]), unmet_penalty=10)


def test_local_supply_helper_by_hand() -> None:
    # 8,100 concentrators x 5 L/min x 1.44 = 58,320 m3/day (DOMAIN.md: ~58,000)
    assert local_supply_m3_per_day(concentrators=8100) == pytest.approx(58320)
    # 100 cylinders x 6 m3 x 2 refills = 1,200; 1 system = 700 patients x 14.4 = 10,080
    assert local_supply_m3_per_day(cylinders=100, refills_per_day=2, systems=1) == pytest.approx(
        11280
    )
    with pytest.raises(DataError, match="cylinders"):
        local_supply_m3_per_day(cylinders=-1)


def test_empty_inputs() -> None:
    # no plants: the province is unreachable; no provinces: nothing to do, cost 0
    none = allocate(
        pd.DataFrame(columns=["id", "capacity_t_per_day"]), _demand({1: 5}), np.zeros((0, 1))
    )
    assert none.provinces["limit"].tolist() == ["transport-limited"]
    assert none.total_cost == pytest.approx(5 * P)
    empty = allocate(
        _plants({"A": 3}),
        pd.DataFrame(columns=["province_code", "demand_t_per_day"]),
        np.zeros((1, 0)),
    )
    assert empty.total_cost == 0 and len(empty.provinces) == 0 and len(empty.flows) == 0


# ------------------------------------------------------------------ fleet cycle model
def _two_by_two_with_sea() -> dict:
    """A (10 t/day) and B (10 t/day) serve province 1 (6 t/day) and 2 (12 t/day).
    A->1 2 h by road; A->2 10 h of which 6 h at sea (4 h by truck); B->1 5 h; B->2 3 h.
    Optimal: A->1 6 t, B->2 10 t, A->2 2 t (cost 6*2 + 10*3 + 2*10 = 62)."""
    return {
        "plants": _plants({"A": 10, "B": 10}),
        "demand": _demand({1: 6, 2: 12}),
        "cost_h": np.array([[2.0, 10.0], [5.0, 3.0]]),
        "sea_h": np.array([[0.0, 6.0], [0.0, 0.0]]),
    }


def test_trucks_needed_by_hand_on_two_plants_two_provinces() -> None:
    case = _two_by_two_with_sea()
    fleet = allocation.FleetParams(isotank_t=20, load_h=2, unload_h=2, driving_h_per_day=12)
    res = allocate(
        case["plants"],
        case["demand"],
        case["cost_h"],
        sea_h=case["sea_h"],
        isotank_t=fleet.isotank_t,
        handling_h=fleet.handling_h,
        driving_h_per_day=fleet.driving_h_per_day,
        fleet_limited=False,
    )
    _check_mass(res)
    assert res.total_cost == pytest.approx(62)
    # trucks per flow = t / 20 * (load 2 + unload 2 + 2 x truck hours) / 12 working hours
    by_hand = 6 / 20 * (4 + 2 * 2) / 12 + 10 / 20 * (4 + 2 * 3) / 12 + 2 / 20 * (4 + 2 * 4) / 12
    assert by_hand == pytest.approx(0.2 + 0.41666667 + 0.1)
    assert res.trucks_needed == pytest.approx(by_hand)
    # the 6 h at sea carry containers, not trucks: 2 t/day / 20 t x 2 x 6 h / 24 h
    assert res.isotanks_at_sea == pytest.approx(2 / 20 * 2 * 6 / 24)
    flows = res.flows.set_index(["plant", "province"])
    assert flows.loc[("A", 2), "modes"] == "road+sea" and flows.loc[("A", 1), "modes"] == "road"
    assert flows.loc[("A", 2), "road_h"] == 4 and flows.loc[("A", 2), "sea_h"] == 6


def test_trucks_needed_rises_with_handling_and_falls_with_working_hours() -> None:
    case = _two_by_two_with_sea()
    problem = allocation.make_problem(
        case["plants"], case["demand"], case["cost_h"], sea_h=case["sea_h"], fleet_limited=False
    )
    table = allocation.fleet_sensitivity(
        problem, driving_h_per_day=[8, 12, 24], handling_h=[1, 4, 8]
    )
    grid = table.pivot(index="handling_h", columns="driving_h_per_day", values="trucks_needed")
    assert (np.diff(grid.to_numpy(), axis=0) > 0).all()  # more handling, more trucks
    assert (np.diff(grid.to_numpy(), axis=1) < 0).all()  # longer working days, fewer
    # the same through allocate
    needed = {
        (d, h): allocate(
            case["plants"],
            case["demand"],
            case["cost_h"],
            sea_h=case["sea_h"],
            handling_h=h,
            driving_h_per_day=d,
            fleet_limited=False,
        ).trucks_needed
        for d in (8, 12)
        for h in (1, 4)
    }
    assert needed[(8, 4)] > needed[(8, 1)] and needed[(12, 4)] > needed[(12, 1)]
    assert needed[(12, 1)] < needed[(8, 1)] and needed[(12, 4)] < needed[(8, 4)]
    assert grid.loc[4, 12] == pytest.approx(needed[(12, 4)])


def test_the_fleet_binds_and_the_label_says_so() -> None:
    case = _two_by_two_with_sea()
    res = allocate(
        case["plants"],
        case["demand"],
        case["cost_h"],
        sea_h=case["sea_h"],
        handling_h=4,
        driving_h_per_day=12,
        trucks_available=0.5,
    )
    _check_mass(res)
    assert res.fleet_binds and res.trucks_needed == pytest.approx(0.5)
    short = res.provinces[res.provinces["unmet_t_per_day"] > 0]
    assert len(short) and short["fleet_binds"].all()
    assert short["limit_reason"].str.startswith("fleet-limited").all()
    assert res.total_cost == pytest.approx(_highspy_cost(res.problem), rel=1e-3)


def test_export_with_sea_legs_resolves_to_the_same_cost(tmp_path: Path) -> None:
    case = _two_by_two_with_sea()
    res = allocate(
        case["plants"],
        case["demand"],
        case["cost_h"],
        sea_h=case["sea_h"],
        handling_h=4,
        driving_h_per_day=12,
        trucks_available=0.5,
    )
    export_problem(res, tmp_path)
    costs = pd.read_csv(tmp_path / "costs.csv").set_index(["plant", "province"])
    assert costs.loc[("A", 2), "sea_h"] == 6 and costs.loc[("A", 2), "road_h"] == 4
    params = json.loads((tmp_path / "params.json").read_text())
    assert params["driving_h_per_day"] == 12 and "road_h" in params["model"]
    again = load_problem(tmp_path)
    np.testing.assert_allclose(again.sea_h, res.problem.sea_h)
    assert again.driving_h_per_day == 12
    assert _highspy_cost(again) == pytest.approx(res.total_cost, rel=1e-3)


def test_fleet_parameters_are_cited_or_flagged() -> None:
    params = allocation.DEFAULT_FLEET.to_dict()
    assert set(params) == {"isotank_t", "load_h", "unload_h", "driving_h_per_day"}
    for meta in params.values():
        assert meta["basis"].startswith(("cited", "assumption")) and meta["note"]
    edited = allocation.DEFAULT_FLEET.with_values(driving_h_per_day=16)
    assert edited.driving_h_per_day == 16 and edited.load_h == allocation.DEFAULT_FLEET.load_h
    with pytest.raises(DataError):
        allocation.DEFAULT_FLEET.with_values(driving_h_per_day=30)
    with pytest.raises(DataError):
        allocation.DEFAULT_FLEET.with_values(load_h=-1)


def test_fleet_summary_is_json_ready() -> None:
    case = _two_by_two_with_sea()
    fleet = allocation.FleetParams(load_h=1, unload_h=3, driving_h_per_day=12)
    res = allocate(
        case["plants"],
        case["demand"],
        case["cost_h"],
        sea_h=case["sea_h"],
        handling_h=fleet.handling_h,
        driving_h_per_day=fleet.driving_h_per_day,
    )
    out = export_json.fleet_summary(res, fleet)
    text = json.dumps(out, allow_nan=False)
    assert json.loads(text)["fleet"]["unload_h"]["value"] == 3
    assert out["isotanks_at_sea"] == pytest.approx(res.isotanks_at_sea)
    assert export_json.fleet_summary(res)["fleet"]["driving_h_per_day"]["value"] == 12
