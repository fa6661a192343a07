"""The time-expanded plan on cases checkable by hand (geo.plan).

Two plants, two provinces, three days (isotank 1 t so trips are tonnes, trucks work
24 h a day, no handling time):

- plant A makes 10 t/day; it reaches province 1 in 2 h (lead 0 days, truck cycle 4 h)
  and province 2 in 30 h (lead 1 day, truck cycle 60 h);
- plant B makes 5 t/day; it reaches province 2 by a 48 h voyage (lead 2: leaving day 0
  it arrives on day 2, the third day), trucks drive 4 h at each end (cycle 8 h) and the
  container is tied up for the 96 h round trip;
- province 1 needs 10 t/day and holds no stock; province 2 needs 5 t/day and holds 5 t
  at the start: its stock runs out on the second day (index 1).

By hand: A's 30 t and B's day-0 5 t are all that can arrive in the window; 45 t needed,
5 t in stock, so at least 5 t are unmet. Least hours leaves province 2 short on day 1
(A -> 1 costs 4 truck-hours a tonne, A -> 2 costs 60). Fair share splits A's day-0 output
and the stock so that province 1 on day 0 and province 2 on days 0-1 get equal shares:
A sends y t to province 2, (10 - y) / 10 = (5 + y) / 10, y = 2.5, share 3/4.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from scipy.optimize import linprog

from geo import plan
from geo.errors import DataError
from geo.highs import new_highs

INF = np.inf


def hand_problem(**changes) -> plan.PlanProblem:
    base = plan.PlanProblem(
        dates=("2021-07-01", "2021-07-02", "2021-07-03"),
        source_ids=("A", "B"),
        province_codes=np.array([1, 2]),
        supply_t=np.array([[10.0, 10.0, 10.0], [5.0, 5.0, 5.0]]),
        supply_before_t=np.zeros(2),
        source_store_t=np.zeros(2),
        lead_days=np.array([[0, 1], [-1, 2]]),
        truck_cycle_h=np.array([[4.0, 60.0], [INF, 8.0]]),
        container_cycle_h=np.array([[4.0, 60.0], [INF, 96.0]]),
        demand_t=np.array([[10.0, 10.0, 10.0], [5.0, 5.0, 5.0]]),
        stock0_t=np.array([0.0, 5.0]),
        stock_cap_t=np.array([0.0, 5.0]),
        trucks=np.full(3, INF),
        containers=np.full(3, INF),
        isotank_t=1.0,
        driving_h_per_day=24.0,
    )
    return dataclasses.replace(base, **changes)


def table(result: plan.PlanResult, code: int):
    return result.province_days[result.province_days["code"] == code].reset_index(drop=True)


def test_least_hours_by_hand():
    r = plan.solve(hand_problem(), policy="least-hours")
    p1, p2 = table(r, 1), table(r, 2)
    assert p1["unmet_t"].tolist() == pytest.approx([0, 0, 0], abs=1e-7)
    # the stock covers day 0, nothing can arrive on day 1, the voyage arrives on day 2
    assert p2["unmet_t"].tolist() == pytest.approx([0, 5, 0], abs=1e-7)
    assert p2["arrived_t"].tolist() == pytest.approx([0, 0, 5], abs=1e-7)
    assert p2["stock_t"].tolist() == pytest.approx([0, 0, 0], abs=1e-7)
    prov = r.provinces.set_index("code")
    assert prov.loc[2, "first_short_day"] == "2021-07-02"
    assert prov.loc[2, "days_short"] == 1
    assert prov.loc[1, "first_short_day"] is None  # never short
    # 5 t x 754 m3/t / 14.4 m3 per severe patient-day
    assert prov.loc[2, "patient_days_without_o2"] == pytest.approx(5 * 754 / 14.4)
    assert prov.loc[2, "days_of_cover"] == pytest.approx(1.0)
    # penalty x 5 t (day 1 of 0..2: weight 1 + early/2) + truck-hours: A->1 30 t x 4 h + B->2 5 t x 8 h
    assert r.objective == pytest.approx(1e4 * 5 * (1 + plan.EARLY_WEIGHT / 2) + 120 + 40)
    # the voyage keeps its container 4 days: 5 containers on days 0-2
    assert r.days["containers_in_use"].tolist() == pytest.approx(
        [10 / 6 + 5, 10 / 6 + 5, 10 / 6 + 5]
    )
    assert r.days["trucks_in_use"].tolist() == pytest.approx([10 / 6 + 5 / 3, 10 / 6, 10 / 6])


def test_mass_balance_every_province_and_day():
    for policy in plan.POLICIES:
        r = plan.solve(hand_problem(trucks=np.full(3, 3.0)), policy=policy)
        t = r.province_days
        assert (t["delivered_t"] + t["unmet_t"]).to_numpy() == pytest.approx(
            t["demand_t"].to_numpy()
        )
        prob = r.problem
        for j, code in enumerate(prob.province_codes):
            rows = table(r, int(code))
            before = np.concatenate([[prob.stock0_t[j]], rows["stock_t"].to_numpy()[:-1]])
            after = before + rows["arrived_t"].to_numpy() - rows["delivered_t"].to_numpy()
            assert rows["stock_t"].to_numpy() == pytest.approx(after, abs=1e-7)
            assert (rows["stock_t"] <= prob.stock_cap_t[j] + 1e-7).all()


def test_fair_share_splits_the_shortfall():
    lh = plan.solve(hand_problem(), policy="least-hours")
    fs = plan.solve(hand_problem(), policy="fair-share")
    assert lh.min_share() == pytest.approx(0.0, abs=1e-7)
    assert fs.min_share() == pytest.approx(0.75, abs=1e-5)
    assert fs.objectives[0] == pytest.approx(0.75, abs=1e-5)
    # the same total unmet (5 t): rationing moves the shortfall, it does not add to it
    assert fs.unmet_t == pytest.approx(lh.unmet_t, abs=1e-5)
    assert table(fs, 1)["share_met"][0] == pytest.approx(0.75, abs=1e-5)
    assert table(fs, 2)["share_met"][:2].tolist() == pytest.approx([0.75, 0.75], abs=1e-5)


def test_need_floor_lifts_the_short_province_to_the_floor():
    nf = plan.solve(hand_problem(), policy="need-floor")
    assert nf.min_share() >= 0.5 - 1e-5
    assert nf.unmet_t == pytest.approx(5.0, abs=1e-5)


def test_more_trucks_never_more_unmet_and_trucks_min():
    prob = hand_problem()
    # day 0 needs A->1 10 t x 4/24 + B->2 5 t x 8/24 = 10/3 trucks: 4 do, 3 do not
    assert plan.trucks_min(prob) == 4
    curve = plan.unmet_by_trucks(prob, [0, 1, 2, 3, 4, 5, 10])
    unmet = [c["unmet_t"] for c in curve]
    assert all(b <= a + 1e-7 for a, b in zip(unmet, unmet[1:], strict=False))
    assert unmet[4] == pytest.approx(5.0, abs=1e-6)  # 4 trucks: what production allows
    assert unmet[3] > 5.0 + 1e-6  # one fewer is short
    assert unmet[0] == pytest.approx(40.0)  # no truck: only the stock is used
    for policy in plan.POLICIES:
        prev = None
        lh = None
        for n in (0, 1, 2, 3, 4, 6):
            trucks = np.full(3, float(n))
            r = plan.solve(hand_problem(trucks=trucks), policy=policy)
            assert prev is None or r.unmet_t <= prev + 1e-5
            prev = r.unmet_t
            lh = plan.solve(hand_problem(trucks=trucks), policy="least-hours")
            if policy == "fair-share":  # never a smaller smallest share than least hours
                assert r.min_share() >= lh.min_share() - 1e-6


def test_containers_bind_for_voyages():
    # 96 h round trip: 5 t need 5 containers on day 0 (and A->1 needs 10/6)
    assert plan.containers_min(hand_problem()) == 7
    r = plan.solve(hand_problem(containers=np.full(3, 6.0)), policy="least-hours")
    assert r.unmet_t > 5.0 + 1e-6


def test_warm_days_carry_what_is_in_transit():
    # with two warm days (output before the window as on day 0), the voyage of day -2
    # lands on day 0 and A's day -1 departure on day 0 too: province 2 is never short
    warm = hand_problem(warm_days=2, supply_before_t=np.array([10.0, 5.0]))
    r = plan.solve(warm, policy="least-hours")
    assert table(r, 2)["unmet_t"].sum() == pytest.approx(0.0, abs=1e-7)


def test_port_holds_a_shipment():
    # a shipment of 12 t lands at a port (source S, unlimited store) on day 0 and
    # reaches province 2 the same day: the port holds what the tank cannot (cap 5 t)
    prob = hand_problem(
        source_ids=("A", "S"),
        supply_t=np.array([[10.0, 10.0, 10.0], [12.0, 0.0, 0.0]]),
        source_store_t=np.array([0.0, INF]),
        lead_days=np.array([[0, -1], [-1, 0]]),
    )
    r = plan.solve(prob)
    assert table(r, 2)["arrived_t"].sum() == pytest.approx(10.0, abs=1e-7)
    assert r.unmet_t == pytest.approx(0.0, abs=1e-7)


def test_bad_arrays_raise_data_error():
    with pytest.raises(DataError, match="demand_t"):
        hand_problem(demand_t=np.array([[1.0, -1.0, 1.0], [0, 0, 0]]))
    with pytest.raises(DataError, match="shape"):
        hand_problem(trucks=np.ones(2))
    with pytest.raises(DataError, match="policy"):
        plan.solve(hand_problem(), policy="first-come")


def _reference_least_hours(prob: plan.PlanProblem) -> float:
    """An independent, obviously-correct rebuild of the least-hours LP: dense matrices,
    one loop per constraint, scipy's linprog."""
    n_s, n_p, n_t = prob.shape
    w = prob.warm_days
    arcs = [
        (s, p, t)
        for s in range(n_s)
        for p in range(n_p)
        if prob.lead_days[s, p] >= 0
        for t in range(-w, n_t)
        if 0 <= t + prob.lead_days[s, p] < n_t
    ]
    inv = [(s, t) for s in range(n_s) if prob.source_store_t[s] > 0 for t in range(-w, n_t)]
    nx, nu = len(arcs), n_p * n_t
    n = nx + 2 * nu + len(inv)
    col_u = lambda p, t: nx + p * n_t + t  # noqa: E731
    col_st = lambda p, t: nx + nu + p * n_t + t  # noqa: E731
    c = np.zeros(n)
    bounds = [(0, None)] * n
    for k, (s, p, _t) in enumerate(arcs):
        c[k] = prob.truck_cycle_h[s, p] / prob.isotank_t
    for p in range(n_p):
        for t in range(n_t):
            early = plan.EARLY_WEIGHT * (n_t - 1 - t) / (n_t - 1) if n_t > 1 else 0.0
            c[col_u(p, t)] = prob.unmet_penalty * (1 + early)
            bounds[col_u(p, t)] = (0, prob.demand_t[p, t])
            bounds[col_st(p, t)] = (0, prob.stock_cap_t[p])
    for i, (s, _) in enumerate(inv):
        bounds[nx + 2 * nu + i] = (0, prob.source_store_t[s])
    a_ub, b_ub = [], []
    for s in range(n_s):
        for t in range(-w, n_t):
            row = np.zeros(n)
            for k, (s2, _, t2) in enumerate(arcs):
                if s2 == s and t2 == t:
                    row[k] = 1
            for i, (s2, t2) in enumerate(inv):
                if s2 == s and t2 == t:
                    row[nx + 2 * nu + i] = 1
                if s2 == s and t2 == t - 1:
                    row[nx + 2 * nu + i] = -1
            a_ub.append(row)
            b_ub.append(prob.supply_t[s, t] if t >= 0 else prob.supply_before_t[s])
    for limit, cycle, per_day in (
        (prob.trucks, prob.truck_cycle_h, prob.driving_h_per_day),
        (prob.containers, prob.container_cycle_h, 24.0),
    ):
        for day in range(n_t):
            if not np.isfinite(limit[day]):
                continue
            row = np.zeros(n)
            for k, (s, p, t) in enumerate(arcs):
                busy = cycle[s, p] / per_day - (day - t)  # unit-days left on this day
                if day >= t and busy > 0:
                    row[k] = min(1.0, busy) / prob.isotank_t
            a_ub.append(row)
            b_ub.append(limit[day])
    a_eq, b_eq = [], []
    for p in range(n_p):
        for t in range(n_t):
            row = np.zeros(n)
            row[col_st(p, t)] = 1
            rhs = -prob.demand_t[p, t]
            if t > 0:
                row[col_st(p, t - 1)] = -1
            else:
                rhs += min(prob.stock0_t[p], prob.stock_cap_t[p])
            row[col_u(p, t)] = -1
            for k, (_, p2, t2) in enumerate(arcs):
                if p2 == p and t2 + prob.lead_days[arcs[k][0], p] == t:
                    row[k] = -1
            a_eq.append(row)
            b_eq.append(rhs)
    res = linprog(c, A_ub=np.array(a_ub), b_ub=b_ub, A_eq=np.array(a_eq), b_eq=b_eq, bounds=bounds)
    assert res.status == 0
    return float(res.fun)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"trucks": np.array([3.0, 2.0, 4.0]), "containers": np.array([6.0, 7.0, 6.0])},
        {"warm_days": 2, "supply_before_t": np.array([10.0, 5.0]), "trucks": np.full(3, 3.0)},
    ],
)
def test_export_rebuilds_independently(tmp_path, changes):
    prob = hand_problem(**changes)
    out = plan.export_problem(prob, tmp_path / "lp", policy="least-hours")
    back = plan.load_problem(out)
    # the arrays read back give the same plan
    assert plan.solve(back).objective == pytest.approx(plan.solve(prob).objective)
    # an independent rebuild from the exported arrays gets the same objective
    assert _reference_least_hours(back) == pytest.approx(plan.solve(prob).objective, rel=1e-9)
    # and HiGHS reading the MPS file alone gets it too
    h = new_highs()
    h.readModel(str(out / "least-hours-1.mps"))
    h.run()
    recorded = json.loads((out / "objectives.json").read_text())["objectives"]
    assert h.getInfo().objective_function_value == pytest.approx(recorded[-1], rel=1e-9)


def test_export_of_a_staged_policy_writes_every_stage(tmp_path):
    out = plan.export_problem(hand_problem(), tmp_path, policy="fair-share")
    recorded = json.loads((out / "objectives.json").read_text())["objectives"]
    files = sorted(p.name for p in out.glob("*.mps"))
    assert len(files) == len(recorded) == 3
    h = new_highs()
    h.readModel(str(out / files[0]))
    h.run()
    # stage 1 maximises the smallest share: HiGHS minimises its negative
    assert -h.getInfo().objective_function_value == pytest.approx(0.75, abs=1e-5)


def test_deterministic():
    a = plan.solve(hand_problem(trucks=np.full(3, 3.0)), policy="fair-share")
    b = plan.solve(hand_problem(trucks=np.full(3, 3.0)), policy="fair-share")
    assert a.province_days.equals(b.province_days)
