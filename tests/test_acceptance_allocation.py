"""Acceptance: supply allocation through the CLI, checked against an independent LP.

``python -m geo allocate --json --export-problem DIR`` on the real pack; the LP is
rebuilt here from DIR/plants.csv, demands.csv, costs.csv and params.json (the model is
the one stated in params.json's ``model`` and allocation.py's docstring) and solved with
``highspy`` directly on our own matrices. Three runs: the default fleet (132 trucks),
``--no-fleet-limit``, and a small fleet (``--trucks 10``) so that the fleet row binds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from geo.highs import new_highs

# the slow lane: the whole module (real national files, browser or re-solves)
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
DATE = "2021-07-15"
RUNS = {
    "fleet": [],
    "no_fleet": ["--no-fleet-limit"],
    "small_fleet": ["--trucks", "10"],
}


def _cli_json(*args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "geo", *args, "--json"], cwd=REPO, capture_output=True, text=True
    )
    assert proc.returncode == 0, (
        f"geo {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}"
    )
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def runs(shared_data: Path, tmp_path_factory) -> dict[str, dict]:
    base = tmp_path_factory.mktemp("alloc")
    pack = ["--pack", "packs/indonesia-2021.toml", "--data-root", str(shared_data)]

    def one(name: str) -> dict:
        out = base / name
        js = _cli_json("allocate", *pack, "--date", DATE, "--export-problem", str(out), *RUNS[name])
        return {"json": js, "dir": out}

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {n: pool.submit(one, n) for n in RUNS}
        futures["demand"] = pool.submit(_cli_json, "demand", *pack, "--date", DATE)
        done = {n: f.result() for n, f in futures.items()}
    return done


def _read_problem(directory: Path) -> dict:
    plants = pd.read_csv(directory / "plants.csv", dtype={"id": str})
    demands = pd.read_csv(directory / "demands.csv")
    costs = pd.read_csv(directory / "costs.csv", dtype={"plant": str})
    params = json.loads((directory / "params.json").read_text(encoding="utf-8"))
    return {"plants": plants, "demands": demands, "costs": costs, "params": params}


def _solve_lp(problem: dict, *, fleet: bool) -> tuple[float, pd.DataFrame, np.ndarray]:
    """min sum c t + penalty u; province balance; plant capacity; fleet row (optional)."""
    plants, demands, costs, params = (problem[k] for k in ("plants", "demands", "costs", "params"))
    p_idx = {p: i for i, p in enumerate(plants["id"])}
    d_idx = {int(c): j for j, c in enumerate(demands["province_code"])}
    n_arc, n_prov, n_plant = len(costs), len(demands), len(plants)
    ai = costs["plant"].map(p_idx).to_numpy()
    aj = costs["province"].astype(int).map(d_idx).to_numpy()
    assert not np.isnan(ai.astype(float)).any() and not np.isnan(aj.astype(float)).any()
    c = costs["travel_time_h"].to_numpy(float)
    assert np.isfinite(c).all() and (c >= 0).all()
    local = (
        demands["local_supply_t_per_day"].to_numpy(float)
        if "local_supply_t_per_day" in demands
        else 0.0
    )
    net = np.maximum(demands["demand_t_per_day"].to_numpy(float) - local, 0.0)
    cap = plants["capacity_t_per_day"].to_numpy(float)
    n_var = n_arc + n_prov
    arc = np.arange(n_arc)
    # rows 0..P-1: sum_i t_ij + u_j = net_j ; rows P..P+N-1: sum_j t_ij <= cap_i
    r = np.concatenate([aj, np.arange(n_prov), n_prov + ai])
    k = np.concatenate([arc, n_arc + np.arange(n_prov), arc])
    v = np.ones(len(r))
    lo = [net, np.full(n_plant, -highspy.kHighsInf)]
    hi = [net, cap]
    n_row = n_prov + n_plant
    if fleet:  # sum t_ij / isotank_t * (2 road_ij + handling_h) / D <= trucks
        # road_h: the truck part of the trip (sea legs carry containers, not trucks)
        road = costs["road_h"].to_numpy(float) if "road_h" in costs else c
        assert (road <= c + 1e-9).all()
        per_t = (2.0 * road + params["handling_h"]) / params["driving_h_per_day"]
        per_t = per_t / params["isotank_t"]
        r = np.concatenate([r, np.full(n_arc, n_row)])
        k = np.concatenate([k, arc])
        v = np.concatenate([v, per_t])
        lo.append([-highspy.kHighsInf])
        hi.append([params["trucks"]])
        n_row += 1
    a_rows = sparse.coo_matrix((v, (r, k)), shape=(n_row, n_var))
    a_csc = a_rows.tocsc()
    lp = highspy.HighsLp()
    lp.num_col_ = n_var
    lp.num_row_ = a_csc.shape[0]
    lp.col_cost_ = np.concatenate([c, np.full(n_prov, float(params["penalty"]))])
    lp.col_lower_ = np.zeros(n_var)
    lp.col_upper_ = np.full(n_var, highspy.kHighsInf)
    lp.row_lower_ = np.concatenate([np.asarray(x, float) for x in lo])
    lp.row_upper_ = np.concatenate([np.asarray(x, float) for x in hi])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a_csc.indptr
    lp.a_matrix_.index_ = a_csc.indices
    lp.a_matrix_.value_ = a_csc.data
    h = new_highs()
    h.passModel(lp)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    x = np.asarray(h.getSolution().col_value)
    flows = costs.assign(t=x[:n_arc])
    return float(h.getInfo().objective_function_value), flows, x[n_arc:]


@pytest.mark.parametrize("name", list(RUNS))
def test_mass_balance_and_capacity(runs, name: str) -> None:
    js = runs[name]["json"]
    problem = _read_problem(runs[name]["dir"])
    assert js["date"] == DATE and js["status"] == "optimal"
    demands = problem["demands"].set_index("province_code")
    assert len(js["provinces"]) == len(demands) == 34
    for p in js["provinces"]:
        d = p["demand_t_per_day"]
        assert d == pytest.approx(demands.loc[p["code"], "demand_t_per_day"], rel=1e-12)
        assert p["supplied_t_per_day"] >= -1e-9 and p["unmet_t_per_day"] >= -1e-9
        assert p["supplied_t_per_day"] + p["unmet_t_per_day"] == pytest.approx(
            d, rel=1e-6, abs=1e-9
        )
        inflow = sum(f["t_per_day"] for f in js["flows"] if f["province"] == p["code"])
        local = demands.loc[p["code"], "local_supply_t_per_day"]
        assert p["supplied_t_per_day"] == pytest.approx(min(local, d) + inflow, rel=1e-6, abs=1e-9)
    cap = problem["plants"].set_index("id")["capacity_t_per_day"]
    out = pd.Series({f["plant"]: 0.0 for f in js["flows"]})
    for f in js["flows"]:
        out[f["plant"]] += f["t_per_day"]
    for plant, total in out.items():
        assert total <= cap[plant] + 1e-6, (plant, total, cap[plant])
    # flows only on pairs with a path, at the exported travel time
    cost = problem["costs"].set_index(["plant", "province"])["travel_time_h"]
    for f in js["flows"]:
        assert f["t_per_day"] > 0
        assert f["travel_time_h"] == pytest.approx(cost.loc[(f["plant"], f["province"])], rel=1e-12)


@pytest.mark.parametrize("name", list(RUNS))
def test_total_cost_equals_independent_lp(runs, name: str) -> None:
    js = runs[name]["json"]
    problem = _read_problem(runs[name]["dir"])
    params = problem["params"]
    assert params["fleet_limited"] is (name != "no_fleet")
    assert params["trucks"] == (10 if name == "small_fleet" else 132)
    best, _, _ = _solve_lp(problem, fleet=params["fleet_limited"])
    assert js["total_cost"] == pytest.approx(best, rel=1e-6)
    # the CLI's own flows and unmet values give that objective
    recomputed = sum(f["t_per_day"] * f["travel_time_h"] for f in js["flows"]) + params[
        "penalty"
    ] * sum(p["unmet_t_per_day"] for p in js["provinces"])
    assert recomputed == pytest.approx(js["total_cost"], rel=1e-6)


@pytest.mark.parametrize("name", list(RUNS))
def test_trucks(runs, name: str) -> None:
    js = runs[name]["json"]
    problem = _read_problem(runs[name]["dir"])
    params = problem["params"]
    assert (
        "trucks_needed" in js and "trucks_available" in js and "trucks_needed_unconstrained" in js
    )
    assert js["trucks_available"] == (10 if name == "small_fleet" else 132)
    # the truck part of each pair's trip, from the export (sea legs carry no truck)
    costs = problem["costs"]
    road = costs["road_h"] if "road_h" in costs else costs["travel_time_h"]
    pairs = zip(costs["plant"], costs["province"].astype(int), strict=True)
    road_h = dict(zip(pairs, road, strict=True))
    per_flow = [
        f["t_per_day"]
        / params["isotank_t"]
        * (2 * road_h[(str(f["plant"]), int(f["province"]))] + params["handling_h"])
        / params["driving_h_per_day"]
        for f in js["flows"]
    ]
    for f, t in zip(js["flows"], per_flow, strict=True):
        assert f["trucks"] == pytest.approx(t, rel=1e-9)
    assert js["trucks_needed"] == pytest.approx(sum(per_flow), rel=1e-9)
    if name != "no_fleet":
        assert js["trucks_needed"] <= js["trucks_available"] + 1e-6
    if name == "small_fleet":  # the fleet binds: all 10 trucks are busy
        assert js["trucks_needed"] == pytest.approx(10.0, rel=1e-6)
        assert js["trucks_needed_unconstrained"] > 10.0
    for p in js["provinces"]:
        own = sum(f["trucks"] for f in js["flows"] if f["province"] == p["code"])
        assert p["trucks_used"] == pytest.approx(own, rel=1e-9, abs=1e-12)


def test_fleet_limit_changes_the_answer(runs) -> None:
    """A binding fleet costs more (less delivered or longer trips); 132 trucks do not bind here."""
    full, free, small = (runs[n]["json"] for n in ("fleet", "no_fleet", "small_fleet"))
    assert free["total_cost"] <= full["total_cost"] * (1 + 1e-9) <= small["total_cost"] * (1 + 1e-9)
    assert small["total_cost"] > full["total_cost"] * (1 + 1e-6)
    assert full["trucks_needed_unconstrained"] == pytest.approx(free["trucks_needed"], rel=1e-6)
    unmet = {n: sum(p["unmet_t_per_day"] for p in runs[n]["json"]["provinces"]) for n in RUNS}
    assert unmet["small_fleet"] > unmet["fleet"]
    limited = [
        p
        for p in small["provinces"]
        if p["limit"] == "transport-limited" and p["unmet_t_per_day"] > 0
    ]
    assert limited, "with 10 trucks some province must be transport-limited"


def test_allocation_demand_is_the_demand_command(runs) -> None:
    demand = {p["code"]: p["demand_t_per_day"] for p in runs["demand"]["provinces"]}
    for p in runs["fleet"]["json"]["provinces"]:
        assert p["demand_t_per_day"] == pytest.approx(demand[p["code"]], rel=1e-12)


def test_embedded_demand_within_its_range() -> None:
    js = _cli_json("demand", "--date", DATE)
    assert len(js["provinces"]) == 34
    for p in js["provinces"]:
        assert 0 <= p["low"] <= p["demand_t_per_day"] <= p["high"], p
    assert js["total_t_per_day"] == pytest.approx(
        sum(p["demand_t_per_day"] for p in js["provinces"]), rel=1e-12
    )
    assert js["total_t_per_day"] > 0
