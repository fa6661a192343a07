"""An allocation problem written as plain files (CSV and JSON) and read back, so anyone
can re-solve it with another solver. The model itself is :mod:`geo.allocation`, which
re-exports :func:`export_problem` and :func:`load_problem`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.errors import DataError

if TYPE_CHECKING:
    from geo.allocation import AllocationProblem, AllocationResult


def export_problem(
    result_or_inputs: AllocationResult | AllocationProblem, directory: str | Path
) -> list[Path]:
    """Write the problem so anyone can re-solve it; returns the paths written.

    Files: ``plants.csv`` (id, capacity_t_per_day), ``demands.csv`` (province_code,
    demand_t_per_day, local_supply_t_per_day; trucks serve max(demand - local, 0)),
    ``costs.csv`` (long form plant, province, travel_time_h, road_h, sea_h; only pairs
    with a path - a missing pair means no road/ferry/sea path) and ``params.json``
    (trucks, isotank_t, handling_h, driving_h_per_day, penalty, fleet_limited, plus the
    model statement).
    """
    from geo.allocation import AllocationProblem, AllocationResult

    problem = (
        result_or_inputs.problem
        if isinstance(result_or_inputs, AllocationResult)
        else result_or_inputs
    )
    if not isinstance(problem, AllocationProblem):
        raise DataError("export_problem needs an AllocationResult or AllocationProblem")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / n for n in ("plants.csv", "demands.csv", "costs.csv", "params.json")]
    problem.plants.to_csv(paths[0], index=False)
    problem.demand.to_csv(paths[1], index=False)
    pi, pj = np.nonzero(np.isfinite(problem.cost_h))
    pd.DataFrame(
        {
            "plant": problem.plants["id"].to_numpy()[pi],
            "province": problem.demand["province_code"].to_numpy()[pj],
            "travel_time_h": problem.cost_h[pi, pj],
            "road_h": problem.truck_h[pi, pj],
            "sea_h": problem.sea_h[pi, pj],
        }
    ).to_csv(paths[2], index=False)
    params = problem.params() | {
        "model": (
            "min sum travel_time_h*t_per_day + penalty*unmet; per province "
            "sum_in + unmet = max(demand - local_supply, 0); per plant sum_out <= "
            "capacity; if fleet_limited: sum t_per_day/isotank_t*(2*road_h + "
            "handling_h)/driving_h_per_day <= trucks (road_h = travel_time_h - sea_h: sea "
            "legs carry isotank containers, not trucks); pairs absent from costs.csv have "
            "no path"
        )
    }
    paths[3].write_text(json.dumps(params, indent=2) + "\n", encoding="utf-8")
    return paths


def load_problem(directory: str | Path) -> AllocationProblem:
    """Read what :func:`export_problem` wrote back into an :class:`AllocationProblem`."""
    from geo.allocation import ROUND_THE_CLOCK_H, _require, make_problem

    src = Path(directory)
    plants = pd.read_csv(src / "plants.csv", dtype={"id": str})
    demand = pd.read_csv(src / "demands.csv")
    costs = pd.read_csv(src / "costs.csv", dtype={"plant": str})
    params = json.loads((src / "params.json").read_text(encoding="utf-8"))
    _require(costs, ["plant", "province", "travel_time_h"], "costs.csv")
    matrix = costs.pivot_table(
        index="plant", columns="province", values="travel_time_h", aggfunc="min"
    )
    local = None
    if "local_supply_t_per_day" in demand.columns:
        local = demand[["province_code", "local_supply_t_per_day"]]
    sea = None
    if "sea_h" in costs.columns:
        sea = costs.pivot_table(index="plant", columns="province", values="sea_h", aggfunc="min")
        sea = sea.reindex(index=matrix.index, columns=matrix.columns)
    return make_problem(
        plants,
        demand[["province_code", "demand_t_per_day"]],
        matrix,
        trucks_available=params["trucks"],
        isotank_t=params["isotank_t"],
        handling_h=params["handling_h"],
        unmet_penalty=params["penalty"],
        fleet_limited=params["fleet_limited"],
        local_supply_t_per_day=local,
        driving_h_per_day=params.get("driving_h_per_day", ROUND_THE_CLOCK_H),
        sea_h=sea,
    )
