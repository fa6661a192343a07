"""Benchmark: the national time-expanded plan solved as one LP, against the same days
solved one by one (each day its own LP, the stock carried from the day before).

Both run in the same process on the embedded pack after a warm-up (the runner has
built the road engine, the access table and the plan's arrays, as the app's runner
has after its first page). Times are CPU and wall seconds of the solves only; peak
memory is the process's maximum resident set. The last lines are ratios against the
day-by-day baseline measured in this run:

    joint_vs_daily_wall=X   (joint wall time / 35 one-day solves' wall time)
    joint_vs_daily_unmet=Y  (joint unmet / day-by-day unmet: what planning ahead gains)

    python benchmarks/plan.py [--days 35] [--from 2021-06-28] [--policy least-hours]
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import pipeline, plan  # noqa: E402
from geo.packs import load_pack  # noqa: E402
from geo.scenario import Scenario  # noqa: E402


def _day(problem: plan.PlanProblem, t: int, stock0: np.ndarray) -> plan.PlanProblem:
    """Day ``t`` of ``problem`` as a one-day plan starting from ``stock0``: only what
    arrives the same day counts (a one-day LP cannot see a trip that lands tomorrow)."""
    cut = slice(t, t + 1)
    return dataclasses.replace(
        problem,
        dates=problem.dates[cut],
        supply_t=problem.supply_t[:, cut],
        demand_t=problem.demand_t[:, cut],
        demand_low_t=None,
        demand_high_t=None,
        trucks=problem.trucks[cut],
        containers=problem.containers[cut],
        stock0_t=stock0,
        warm_days=0,
        today=0,
    )


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--days", type=int, default=35)
    ap.add_argument("--from", dest="start", default="2021-06-28")
    ap.add_argument("--policy", default="least-hours", choices=plan.POLICIES)
    args = ap.parse_args()

    runner = pipeline.Runner(load_pack())
    scen = Scenario(plan_from=args.start, plan_days=args.days, policy=args.policy)
    _, wall_in, cpu_in = _timed(lambda: runner.plan_inputs(scen))
    problem = runner.plan_inputs(scen).problem
    plan.solve(_day(problem, 0, problem.stock0_t), policy=args.policy)  # warm-up: imports

    joint, wall_j, cpu_j = _timed(lambda: plan.solve(problem, policy=args.policy))

    def daily() -> float:
        stock, unmet = problem.stock0_t.copy(), 0.0
        for t in range(len(problem.dates)):
            r = plan.solve(_day(problem, t, stock), policy=args.policy)
            stock = r.province_days["stock_t"].to_numpy()
            unmet += r.unmet_t
        return unmet

    unmet_daily, wall_d, cpu_d = _timed(daily)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    s, p, t = problem.shape
    print(f"problem: {s} sources x {p} provinces x {t} days, warm days {problem.warm_days}")
    print(f"inputs (first build, not timed below): wall {wall_in:.2f} s, cpu {cpu_in:.2f} s")
    print(
        f"joint {args.policy}: wall {wall_j:.2f} s, cpu {cpu_j:.2f} s, unmet {joint.unmet_t:,.1f} t"
    )
    print(
        f"day by day ({t} LPs): wall {wall_d:.2f} s, cpu {cpu_d:.2f} s, unmet {unmet_daily:,.1f} t"
    )
    print(f"peak_rss_mb={peak_mb:.0f}")
    print(f"joint_vs_daily_wall={wall_j / wall_d:.3f}")
    print(f"joint_vs_daily_cpu={cpu_j / cpu_d:.3f}")
    print(f"joint_vs_daily_unmet={joint.unmet_t / unmet_daily:.3f}" if unmet_daily else "")


if __name__ == "__main__":
    main()
