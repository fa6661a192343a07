"""Concentrator-system siting: a capacitated maximal covering location problem.

A planner opens ``k`` deployable oxygen concentrator systems (PSA generators) among
candidate sites so that as much unmet oxygen demand (m3/day) as possible lies within
``hours`` of travel of an open unit.  Each unit produces at most its capacity; a demand
point's coverage may be split across several units (splittable demand), and existing
sites can be locked open.

Everything here works on a travel-time matrix (candidates x demands, hours) and plain
arrays: building that matrix from a road graph is ``geo.travel``'s job.

Models (``w_d`` demand, ``a_kd = 1`` if candidate ``k`` reaches ``d`` within ``hours``):

* capacitated (``solve_exact``)::

      max  sum_{k,d: a_kd=1} x_kd
      s.t. sum_k x_kd <= w_d                  for every demand d
           sum_d x_kd <= cap_k * y_k          for every candidate k
           sum_k y_k  =  k,   y_k = 1 for locked k,   y binary,   x >= 0

* uncapacitated (all capacities infinite): the classic MCLP (Church & ReVelle 1974)::

      max  sum_d w_d z_d
      s.t. z_d <= sum_{k: a_kd=1} y_k,   0 <= z_d <= 1,   sum_k y_k = k,   y binary

Both are solved with HiGHS through ``scipy.optimize.milp`` on sparse matrices, after
reductions that provably leave the optimum unchanged (see ``_reduce_uncapacitated``).
For very large instances ``solve_greedy`` adds sites one at a time and reports an
upper bound so the planner knows how far from optimal the answer can be.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from geo.errors import DataError
from geo.settings import (
    DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
    DEFAULT_SYSTEM_CAPACITY_NM3_PER_H,
    SEVERE_PATIENT_M3_PER_DAY,
)

__all__ = [
    "DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY",
    "DEFAULT_SYSTEM_CAPACITY_NM3_PER_H",
    "CAPACITATED_PAIR_THRESHOLD",
    "GREEDY_PAIR_THRESHOLD",
    "SEVERE_PATIENT_M3_PER_DAY",
    "SitingProblem",
    "SitingResult",
    "export_matrix",
    "load_exported",
    "m3_per_day_to_patients",
    "marginal_values",
    "evaluate",
    "solve",
    "solve_exact",
    "solve_greedy",
]

# capacity default and the severe-patient flow: geo.settings (cited there)

# ``solve(method="auto")`` switches to the greedy heuristic above this many covered
# (candidate, demand) pairs.
GREEDY_PAIR_THRESHOLD: int = 2_000_000
# Capacitated instances whose units do not all saturate are much harder for the MILP
# (one flow variable per covered pair): measured on the real pack, 2,881 candidates and
# 802k pairs at 1e5 m3/day ran > 5 min, while greedy with its LP bound took 45 s and
# proved a 4.3% gap. Above this many pairs ``solve(method="auto")`` takes the greedy.
CAPACITATED_PAIR_THRESHOLD: int = 150_000

_INT_TOL = 0.5  # a binary y above this is "open"
_REL_TOL = 1e-9


def m3_per_day_to_patients(
    m3_per_day: float | np.ndarray, *, flow_l_per_min: float = 10.0
) -> float | np.ndarray:
    """Patients supplied by ``m3_per_day`` at ``flow_l_per_min`` each.

    The default 10 L/min is WHO's planning flow for a severe patient (14.4 m3/day);
    use 30 L/min for critical patients (43.2 m3/day).
    """
    if not flow_l_per_min > 0:
        raise DataError(f"flow_l_per_min must be positive, got {flow_l_per_min!r}")
    per_patient_m3_per_day = flow_l_per_min * 1440.0 / 1000.0
    return np.asarray(m3_per_day, dtype=float) / per_patient_m3_per_day


# --- problem ----------------------------------------------------------------------


@dataclass
class SitingProblem:
    """A siting instance on a travel-time matrix.

    ``travel_time_h[k, d]`` is the travel time in hours from candidate ``k`` to demand
    ``d`` (``np.inf`` = unreachable).  ``capacity_m3_per_day`` is a scalar or one value
    per candidate (``np.inf`` = uncapacitated).  ``locked`` holds candidate *indices*
    that must be open.  Ids default to ``0..n-1``.
    """

    travel_time_h: np.ndarray
    demand_m3_per_day: np.ndarray
    capacity_m3_per_day: float | np.ndarray = DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY
    hours: float = 4.0
    k: int = 9
    locked: Sequence[int] | np.ndarray = field(default_factory=tuple)
    candidate_ids: Sequence[Any] | np.ndarray | None = None
    demand_ids: Sequence[Any] | np.ndarray | None = None
    # objective value of one m3/day delivered to each demand (default 1: plain m3/day);
    # geo.pipeline weights by how long resupply takes (see siting_values)
    value_per_m3: Sequence[float] | np.ndarray | None = None

    def __post_init__(self) -> None:
        tt = np.asarray(self.travel_time_h, dtype=float)
        if tt.ndim != 2:
            raise DataError(
                f"travel_time_h must be a 2-D (candidates x demands) array, got shape {tt.shape}"
            )
        n_cand, n_dem = tt.shape
        if n_cand == 0:
            raise DataError("travel_time_h has no candidate rows")
        if np.isnan(tt).any():
            raise DataError("travel_time_h contains NaN (use np.inf for unreachable)")
        if (tt < 0).any():
            raise DataError("travel_time_h contains negative travel times")
        self.travel_time_h = tt

        w = np.asarray(self.demand_m3_per_day, dtype=float)
        if w.shape != (n_dem,):
            raise DataError(
                f"demand_m3_per_day must have one value per demand column ({n_dem}), "
                f"got shape {w.shape}"
            )
        if not np.isfinite(w).all() or (w < 0).any():
            raise DataError("demand_m3_per_day must be finite and non-negative")
        self.demand_m3_per_day = w
        v = np.ones(n_dem) if self.value_per_m3 is None else np.asarray(self.value_per_m3, float)
        if v.shape != (n_dem,):
            raise DataError(
                f"value_per_m3 must have one value per demand column ({n_dem}), got shape {v.shape}"
            )
        if not np.isfinite(v).all() or (v < 0).any():
            raise DataError("value_per_m3 must be finite and non-negative")
        self.value_per_m3 = v

        cap = np.asarray(self.capacity_m3_per_day, dtype=float)
        if cap.ndim == 0:
            cap_arr = np.full(n_cand, float(cap))
        elif cap.shape == (n_cand,):
            cap_arr = cap
        else:
            raise DataError(
                f"capacity_m3_per_day must be a scalar or one value per candidate ({n_cand}), "
                f"got shape {cap.shape}"
            )
        if np.isnan(cap_arr).any() or (cap_arr < 0).any():
            raise DataError("capacity_m3_per_day must be non-negative (np.inf = uncapacitated)")
        self.capacity_m3_per_day = float(cap) if cap.ndim == 0 else cap_arr
        self._capacity = cap_arr

        hours = float(self.hours)
        if not math.isfinite(hours) or hours < 0:
            raise DataError(f"hours must be finite and non-negative, got {self.hours!r}")
        self.hours = hours

        if isinstance(self.k, bool) or int(self.k) != self.k:
            raise DataError(f"k must be an integer, got {self.k!r}")
        k = int(self.k)
        if not 0 <= k <= n_cand:
            raise DataError(f"k must be between 0 and the number of candidates ({n_cand}), got {k}")
        self.k = k

        locked = np.asarray(self.locked, dtype=float).ravel()
        if locked.size and (np.any(locked != np.round(locked))):
            raise DataError("locked must hold integer candidate indices")
        locked = locked.astype(np.int64)
        if locked.size and (locked.min() < 0 or locked.max() >= n_cand):
            raise DataError(f"locked candidate index out of range 0..{n_cand - 1}")
        if np.unique(locked).size != locked.size:
            raise DataError("locked contains duplicate candidate indices")
        if locked.size > k:
            raise DataError(f"{locked.size} locked candidates exceed k={k}")
        self.locked = np.sort(locked)

        self.candidate_ids = self._ids(self.candidate_ids, n_cand, "candidate_ids")
        self.demand_ids = self._ids(self.demand_ids, n_dem, "demand_ids")

    @staticmethod
    def _ids(ids: Any, n: int, name: str) -> np.ndarray:
        if ids is None:
            return np.arange(n)
        arr = np.asarray(ids)
        if arr.shape != (n,):
            raise DataError(f"{name} must have {n} entries, got shape {arr.shape}")
        if pd.Index(arr).has_duplicates:
            raise DataError(f"{name} contains duplicates")
        return arr

    @property
    def n_candidates(self) -> int:
        return self.travel_time_h.shape[0]

    @property
    def n_demands(self) -> int:
        return self.travel_time_h.shape[1]

    @property
    def capacity_array_m3_per_day(self) -> np.ndarray:
        """Capacity per candidate (``np.inf`` = uncapacitated)."""
        return self._capacity

    @property
    def is_capacitated(self) -> bool:
        """True when some candidate's capacity is below the demand it can reach.

        A unit whose capacity covers all the demand it reaches can serve all of it, so
        the problem is then exactly the uncapacitated MCLP (and solved as one)."""
        reach = self.coverage @ np.maximum(self.demand_m3_per_day, 0.0)
        return bool(((reach > 0) & (self._capacity < reach)).any())

    @cached_property
    def coverage(self) -> sparse.csr_array:
        """Sparse boolean (candidates x demands): travel_time_h <= hours."""
        return sparse.csr_array(self.travel_time_h <= self.hours)

    @property
    def n_covered_pairs(self) -> int:
        return int(self.coverage.nnz)

    @property
    def total_demand_m3_per_day(self) -> float:
        return float(self.demand_m3_per_day.sum())

    @property
    def weighted_demand(self) -> np.ndarray:
        """Each demand's whole value in the objective: m3/day x value per m3."""
        return self.demand_m3_per_day * self.value_per_m3

    @property
    def total_value(self) -> float:
        return float(self.weighted_demand.sum())


@dataclass
class SitingResult:
    """The chosen sites, how demand is assigned to them, and solution quality.

    ``bound`` is an upper bound on the optimum (m3/day) and ``gap`` is
    ``(bound - objective) / bound``; ``optimal`` is True only when the solver proved it.
    """

    sites: pd.DataFrame  # candidate, id, locked, covered_m3_per_day, value
    assignment: pd.DataFrame  # candidate, candidate_id, demand, demand_id, m3_per_day, value
    objective: float  # sum of m3/day covered x value per m3 (= m3/day when values are 1)
    covered_share: float  # covered m3/day / all demand m3/day (the share of unmet covered)
    solver: str
    optimal: bool
    bound: float
    gap: float
    covered_m3_per_day: float = 0.0
    total_demand_m3_per_day: float = 0.0  # all unmet demand of the instance, m3/day

    @property
    def patients_severe(self) -> float:
        """Severe patients (10 L/min) the covered oxygen supplies."""
        return float(m3_per_day_to_patients(self.covered_m3_per_day))

    @property
    def method(self) -> str:
        """What was run, in one word: ``milp`` (HiGHS branch and bound), ``greedy``
        (proven optimal when it meets its upper bound, else within ``gap``) or ``given``
        (a plan evaluated, not optimised)."""
        return {"highs-milp": "milp", "greedy": "greedy"}.get(self.solver, "given")


# --- reductions -------------------------------------------------------------------


@dataclass
class _Groups:
    """Demands merged by identical coverage sets."""

    demand_index: np.ndarray  # original demand indices kept (positive weight, covered)
    group_of: np.ndarray  # group number of each kept demand
    weight: np.ndarray  # summed weight per group
    matrix: sparse.csc_array  # candidates x groups, boolean
    value: np.ndarray  # value per m3 of each group (its members share it)


def _group_demands(
    cov: sparse.csr_array, w: np.ndarray, keep: np.ndarray, value: np.ndarray | None = None
) -> _Groups:
    """Merge demand columns with identical coverage sets (and the same value per m3, when
    ``value`` is given) into one weighted column.

    Exact for both models: in the MCLP, demands with the same covering set are covered
    together; in the capacitated model, any flow to the merged column can be split
    back over its members in proportion to nothing more than their weights
    (``_split_group_flows``).
    """
    idx = np.flatnonzero(keep)
    sub = sparse.csc_array(cov[:, idx])
    sub.sort_indices()
    indptr, indices = sub.indptr, sub.indices
    seen: dict[bytes, int] = {}
    group_of = np.empty(idx.size, dtype=np.int64)
    vals = np.ones(idx.size) if value is None else np.asarray(value, float)[idx]
    for j in range(idx.size):
        key = indices[indptr[j] : indptr[j + 1]].tobytes() + vals[j].tobytes()
        group_of[j] = seen.setdefault(key, len(seen))
    n_groups = len(seen)
    first = np.full(n_groups, -1, dtype=np.int64)
    first[group_of[::-1]] = np.arange(idx.size)[::-1]
    matrix = sparse.csc_array(sub[:, first]) if n_groups else sparse.csc_array((cov.shape[0], 0))
    weight = np.bincount(group_of, weights=w[idx], minlength=n_groups)
    group_value = vals[first] if n_groups else np.zeros(0)
    return _Groups(idx, group_of, weight, matrix, group_value)


def _dominated_candidates(mat: sparse.csr_array, protect: np.ndarray) -> np.ndarray:
    """Boolean mask of candidates whose coverage set lies within another's.

    For the uncapacitated model dropping them keeps the optimum: in any solution a
    dominated site can be swapped for its dominator (or, if that is already open, for
    any other site) without losing coverage.  Among equal sets the lowest index stays;
    maximal sets are never dropped, so every dropped set has a surviving superset.
    Empty rows are dominated.  ``protect`` rows are never dropped.
    """
    m = sparse.csr_array(mat, dtype=np.int32)
    size = np.asarray(m.sum(axis=1)).ravel()
    inter = sparse.coo_array(m @ m.T)
    i, j, v = inter.row, inter.col, inter.data
    sel = (i != j) & (v == size[i]) & ((size[j] > size[i]) | ((size[j] == size[i]) & (j < i)))
    dominated = np.zeros(m.shape[0], dtype=bool)
    dominated[i[sel]] = True
    dominated |= size == 0
    dominated &= ~protect
    return dominated


# --- exact ------------------------------------------------------------------------


def _milp_status(res: Any, mip_rel_gap: float) -> tuple[bool, float]:
    """(optimal, dual bound of the minimisation) from a scipy milp result."""
    dual = getattr(res, "mip_dual_bound", None)
    if dual is None or not np.isfinite(dual):
        dual = res.fun if res.status == 0 else -np.inf
    gap = getattr(res, "mip_gap", 0.0)
    gap = 0.0 if gap is None or not np.isfinite(gap) else float(gap)
    optimal = res.status == 0 and gap <= mip_rel_gap + 1e-9
    return optimal, float(dual)


def _lp_relaxation(
    c: np.ndarray,
    a: sparse.csr_array,
    row_lb: np.ndarray,
    row_ub: np.ndarray,
    col_lb: np.ndarray | float,
    col_ub: np.ndarray | float,
) -> float:
    """Minimum of the LP ``c x`` s.t. row_lb <= a x <= row_ub, col bounds (HiGHS IPM).

    The MCLP relaxation is highly degenerate; the interior-point method is several
    times faster than dual simplex on it.
    """
    eq = np.isfinite(row_lb) & (row_lb == row_ub)
    up = np.isfinite(row_ub) & ~eq
    lo = np.isfinite(row_lb) & ~eq
    a_ub = sparse.vstack([a[np.flatnonzero(up)], -a[np.flatnonzero(lo)]], format="csr")
    b_ub = np.concatenate([row_ub[up], -row_lb[lo]])
    n = c.size
    bounds = np.column_stack([np.broadcast_to(col_lb, n), np.broadcast_to(col_ub, n)])
    bounds = np.where(np.isinf(bounds), None, bounds)
    res = linprog(
        c,
        A_ub=a_ub if b_ub.size else None,
        b_ub=b_ub if b_ub.size else None,
        A_eq=a[np.flatnonzero(eq)] if eq.any() else None,
        b_eq=row_ub[eq] if eq.any() else None,
        bounds=bounds,
        method="highs-ipm",
    )
    if res.status != 0:
        raise RuntimeError(f"HiGHS failed on the LP relaxation: {res.message}")
    return float(res.fun)


def _solve_mclp(
    problem: SitingProblem,
    *,
    time_limit_s: float | None,
    mip_rel_gap: float,
    relax: bool = False,
) -> tuple[np.ndarray, float, bool]:
    """Uncapacitated MCLP on the reduced model: (open mask, upper bound, optimal). A
    covered demand counts whole, so its value is simply m3/day x value per m3."""
    cov, w = problem.coverage, problem.weighted_demand
    n_cand = problem.n_candidates
    locked_mask = np.zeros(n_cand, dtype=bool)
    locked_mask[problem.locked] = True
    covered_by_locked = (
        np.asarray(cov[problem.locked].sum(axis=0)).ravel() > 0
        if problem.locked.size
        else np.zeros(problem.n_demands, dtype=bool)
    )
    const = float(w[covered_by_locked].sum())
    reachable = np.asarray(cov.sum(axis=0)).ravel() > 0
    keep = (w > 0) & reachable & ~covered_by_locked
    groups = _group_demands(cov, w, keep)
    mat = sparse.csr_array(groups.matrix)
    dominated = _dominated_candidates(mat, np.zeros(n_cand, dtype=bool))
    free = np.flatnonzero(~dominated & ~locked_mask)
    k_free = problem.k - problem.locked.size
    open_mask = locked_mask.copy()
    n_groups = groups.weight.size
    if k_free == 0 or free.size == 0 or n_groups == 0:
        return _pad_open(problem, open_mask), const, True
    if free.size <= k_free:  # open all useful candidates: optimal without a solver
        open_mask[free] = True
        return _pad_open(problem, open_mask), const + float(groups.weight.sum()), True

    b = sparse.csc_array(mat[free], dtype=float)  # free candidates x groups
    n_y = free.size
    # A group reached by exactly one free candidate is covered iff that candidate is
    # open: its weight moves onto y's objective coefficient and its z disappears.
    n_cover = np.diff(b.indptr)
    single = n_cover == 1
    y_weight = np.bincount(b.indices[b.indptr[:-1][single]], groups.weight[single], n_y)
    multi = np.flatnonzero(~single)
    b = sparse.csc_array(b[:, multi])
    z_weight = groups.weight[multi]
    n_groups = multi.size
    # rows: z_g - sum_{k covers g} y_k <= 0 ; sum y <= k_free
    a_cover = sparse.hstack(
        [-b.T, sparse.identity(n_groups, format="csr", dtype=float)], format="csr"
    )
    a_card = sparse.csr_array(
        (np.ones(n_y), (np.zeros(n_y, dtype=np.int64), np.arange(n_y))), shape=(1, n_y + n_groups)
    )
    a = sparse.vstack([a_cover, a_card], format="csr")
    ub = np.concatenate([np.zeros(n_groups), [k_free]])
    c = -np.concatenate([y_weight, z_weight])
    integrality = np.concatenate([np.full(n_y, 0 if relax else 1), np.zeros(n_groups)])
    if relax:
        return (
            open_mask,
            const - _lp_relaxation(c, a, np.full(ub.size, -np.inf), ub, 0.0, 1.0),
            True,
        )
    options: dict[str, Any] = {"mip_rel_gap": mip_rel_gap, "presolve": True}
    if time_limit_s is not None:
        options["time_limit"] = float(time_limit_s)
    res = milp(
        c,
        constraints=LinearConstraint(a, -np.inf, ub),
        integrality=integrality,
        bounds=Bounds(0.0, 1.0),
        options=options,
    )
    if res.x is None:
        raise RuntimeError(f"HiGHS found no solution: {res.message}")
    if relax:
        return open_mask, const - float(res.fun), res.status == 0
    optimal, dual = _milp_status(res, mip_rel_gap)
    open_mask[free[res.x[:n_y] > _INT_TOL]] = True
    return _pad_open(problem, open_mask), const - dual, optimal


def _pad_open(problem: SitingProblem, open_mask: np.ndarray) -> np.ndarray:
    """Open extra candidates (largest remaining marginal coverage first) up to k."""
    open_mask = open_mask.copy()
    missing = problem.k - int(open_mask.sum())
    if missing <= 0:
        return open_mask
    cov, w = problem.coverage, problem.weighted_demand
    covered = np.asarray(cov[np.flatnonzero(open_mask)].sum(axis=0)).ravel() > 0
    gain = cov @ np.where(covered, 0.0, w)
    gain[open_mask] = -np.inf
    open_mask[np.argsort(-gain, kind="stable")[:missing]] = True
    return open_mask


def _capacitated_model(
    mat: sparse.csr_array, weight: np.ndarray, cap: np.ndarray
) -> tuple[sparse.coo_array, np.ndarray, np.ndarray]:
    """Covered pairs (candidate, group) and the big-M per candidate."""
    pairs = sparse.coo_array(mat)
    reach = np.asarray(mat @ weight).ravel()
    big_m = np.minimum(cap, reach)
    return pairs, big_m, reach


def _solve_capacitated(
    problem: SitingProblem,
    *,
    time_limit_s: float | None,
    mip_rel_gap: float,
    relax: bool = False,
    fixed_open: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, bool, _Groups]:
    """Capacitated model. Returns (open mask, pair rows, pair groups, flows, bound, optimal, groups).

    With ``fixed_open`` the open set is given and only the flow LP is solved.
    """
    cov, w = problem.coverage, problem.demand_m3_per_day
    n_cand = problem.n_candidates
    reachable = np.asarray(cov.sum(axis=0)).ravel() > 0
    groups = _group_demands(cov, w, (w > 0) & reachable, problem.value_per_m3)
    mat = sparse.csr_array(groups.matrix)
    cap = problem.capacity_array_m3_per_day
    pairs, big_m, _ = _capacitated_model(mat, groups.weight, cap)
    rows, cols = pairs.row.astype(np.int64), pairs.col.astype(np.int64)
    if fixed_open is not None:
        sel = fixed_open[rows]
        rows, cols = rows[sel], cols[sel]
    n_x, n_groups = rows.size, groups.weight.size
    locked_mask = np.zeros(n_cand, dtype=bool)
    locked_mask[problem.locked] = True
    if n_x == 0:
        om = fixed_open.copy() if fixed_open is not None else _pad_open(problem, locked_mask)
        return om, rows, cols, np.zeros(0), 0.0, True, groups

    xi = np.arange(n_x)
    # demand rows: sum_k x_kg <= W_g
    a_dem = sparse.csr_array((np.ones(n_x), (cols, xi)), shape=(n_groups, n_x))
    if fixed_open is not None:
        # capacity rows: sum_g x_kg <= cap_k (open sites only; closed have no pairs)
        a_cap = sparse.csr_array((np.ones(n_x), (rows, xi)), shape=(n_cand, n_x))
        a = sparse.vstack([a_dem, a_cap], format="csr")
        ub = np.concatenate([groups.weight, np.where(fixed_open, big_m, 0.0)])
        res = milp(
            -groups.value[cols],
            constraints=LinearConstraint(a, -np.inf, ub),
            integrality=np.zeros(n_x),
            bounds=Bounds(0.0, np.inf),
        )
        if res.x is None:
            raise RuntimeError(f"HiGHS failed on the flow LP: {res.message}")
        flows = np.clip(res.x, 0.0, None)
        value = float(flows @ groups.value[cols])
        return fixed_open.copy(), rows, cols, flows, value, True, groups

    n_var = n_cand + n_x
    # capacity rows: sum_g x_kg - M_k y_k <= 0
    a_cap = sparse.hstack(
        [
            sparse.csr_array(sparse.diags_array(-big_m)),
            sparse.csr_array((np.ones(n_x), (rows, xi)), shape=(n_cand, n_x)),
        ],
        format="csr",
    )
    a_dem = sparse.hstack([sparse.csr_array((n_groups, n_cand)), a_dem], format="csr")
    # variable upper bounds x_kg <= W_g y_k: valid (a closed site serves nothing) and
    # they make the LP relaxation tight where the aggregated big-M row alone is weak
    # (without them a 2,881 x 2,881 instance with non-binding capacities ran > 5 min)
    a_vub = sparse.hstack(
        [
            sparse.csr_array((-groups.weight[cols], (xi, rows)), shape=(n_x, n_cand)),
            sparse.csr_array((np.ones(n_x), (xi, xi)), shape=(n_x, n_x)),
        ],
        format="csr",
    )
    a_card = sparse.csr_array(
        (np.ones(n_cand), (np.zeros(n_cand, dtype=np.int64), np.arange(n_cand))),
        shape=(1, n_var),
    )
    a = sparse.vstack([a_dem, a_cap, a_vub, a_card], format="csr")
    lb_row = np.concatenate([np.full(n_groups + n_cand + n_x, -np.inf), [problem.k]])
    ub_row = np.concatenate([groups.weight, np.zeros(n_cand), np.zeros(n_x), [problem.k]])
    c = np.concatenate([np.zeros(n_cand), -groups.value[cols]])
    lb = np.concatenate([locked_mask.astype(float), np.zeros(n_x)])
    ub = np.concatenate([np.ones(n_cand), np.full(n_x, np.inf)])
    if relax:
        value = -_lp_relaxation(c, a, lb_row, ub_row, lb, ub)
        return locked_mask, rows, cols, np.zeros(n_x), value, True, groups
    integrality = np.concatenate([np.full(n_cand, 0 if relax else 1), np.zeros(n_x)])
    options: dict[str, Any] = {"mip_rel_gap": mip_rel_gap, "presolve": True}
    if time_limit_s is not None:
        options["time_limit"] = float(time_limit_s)
    res = milp(
        c,
        constraints=LinearConstraint(a, lb_row, ub_row),
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options=options,
    )
    if res.x is None:
        raise RuntimeError(f"HiGHS found no solution: {res.message}")
    if relax:
        return locked_mask, rows, cols, np.zeros(n_x), -float(res.fun), res.status == 0, groups
    optimal, dual = _milp_status(res, mip_rel_gap)
    open_mask = res.x[:n_cand] > _INT_TOL
    flows = np.clip(res.x[n_cand:], 0.0, None)
    flows[~open_mask[rows]] = 0.0
    return open_mask, rows, cols, flows, -dual, optimal, groups


def _split_group_flows(
    rows: np.ndarray, cols: np.ndarray, flows: np.ndarray, groups: _Groups, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split (candidate, group) flows back over the group's demands (north-west corner).

    Each group's demands are laid end to end on a line ``[0, W_g)``, its flows likewise
    from 0; a demand receives from a site the overlap of their intervals.  Since flows
    into a group never exceed ``W_g``, no demand receives more than its weight.
    Returns (candidate, demand, m3_per_day).
    """
    pos = flows > 0
    rows, cols, flows = rows[pos], cols[pos], flows[pos]
    if flows.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    n_groups = groups.weight.size
    # all groups laid on one line, group g starting at offset[g]
    offset = np.concatenate([[0.0], np.cumsum(groups.weight)[:-1]])
    d_order = np.argsort(groups.group_of, kind="stable")
    d_w = w[groups.demand_index[d_order]]
    d_end = np.cumsum(d_w)
    d_start = d_end - d_w
    f_order = np.lexsort((rows, cols))
    f_rows, f_cols, f_val = rows[f_order], cols[f_order], flows[f_order]
    before_group = np.concatenate([[0.0], np.cumsum(np.bincount(f_cols, f_val, n_groups))[:-1]])
    f_in_group = np.cumsum(f_val) - before_group[f_cols]
    f_end = offset[f_cols] + f_in_group
    f_start = f_end - f_val
    cuts = np.unique(np.concatenate([d_start, d_end, f_start, f_end]))
    mid = 0.5 * (cuts[:-1] + cuts[1:])
    length = np.diff(cuts)
    fi = np.searchsorted(f_end, mid, side="right")
    fi_ok = fi < f_end.size
    fi_c = np.minimum(fi, f_end.size - 1)
    inside = fi_ok & (f_start[fi_c] <= mid)
    di = np.minimum(np.searchsorted(d_end, mid, side="right"), d_end.size - 1)
    scale = max(float(groups.weight.sum()), 1.0)
    inside &= length > 1e-12 * scale
    cand = f_rows[fi_c[inside]]
    dem = groups.demand_index[d_order][di[inside]]
    val = length[inside]
    # merge pieces of the same (candidate, demand)
    key = pd.DataFrame({"candidate": cand, "demand": dem, "m3_per_day": val})
    key = key.groupby(["candidate", "demand"], as_index=False, sort=True)["m3_per_day"].sum()
    return (
        key["candidate"].to_numpy(np.int64),
        key["demand"].to_numpy(np.int64),
        key["m3_per_day"].to_numpy(float),
    )


def _uncapacitated_assignment(
    problem: SitingProblem, open_mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each covered demand goes whole to its nearest open site."""
    idx = np.flatnonzero(open_mask)
    w = problem.demand_m3_per_day
    if idx.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    tt = problem.travel_time_h[idx]
    best = np.argmin(tt, axis=0)
    t_best = tt[best, np.arange(problem.n_demands)]
    covered = (t_best <= problem.hours) & (w > 0)
    dem = np.flatnonzero(covered)
    return idx[best[dem]], dem, w[dem]


def _result(
    problem: SitingProblem,
    open_mask: np.ndarray,
    cand: np.ndarray,
    dem: np.ndarray,
    val: np.ndarray,
    *,
    solver: str,
    optimal: bool,
    bound: float,
) -> SitingResult:
    assignment = pd.DataFrame(
        {
            "candidate": cand.astype(np.int64),
            "candidate_id": problem.candidate_ids[cand],
            "demand": dem.astype(np.int64),
            "demand_id": problem.demand_ids[dem],
            "m3_per_day": val.astype(float),
        }
    )
    idx = np.flatnonzero(open_mask)
    per_site = np.bincount(cand, weights=val, minlength=problem.n_candidates)
    per_site_value = np.bincount(
        cand, weights=problem.value_per_m3[dem] * val, minlength=problem.n_candidates
    )
    locked_mask = np.zeros(problem.n_candidates, dtype=bool)
    locked_mask[problem.locked] = True
    sites = pd.DataFrame(
        {
            "candidate": idx.astype(np.int64),
            "id": problem.candidate_ids[idx],
            "locked": locked_mask[idx],
            "capacity_m3_per_day": problem.capacity_array_m3_per_day[idx],
            "covered_m3_per_day": per_site[idx],
            "value": per_site_value[idx],
        }
    )
    value = problem.value_per_m3[dem] * val if dem.size else np.zeros(0)
    assignment["value"] = value
    objective = float(value.sum())
    bound = max(float(bound), objective)  # guard against solver round-off
    gap = 0.0 if bound <= 0 else (bound - objective) / bound
    if gap < _REL_TOL:
        gap = 0.0
    covered = float(val.sum())
    total_m3 = problem.total_demand_m3_per_day
    return SitingResult(
        sites=sites,
        assignment=assignment,
        objective=objective,
        covered_share=covered / total_m3 if total_m3 > 0 else 0.0,
        solver=solver,
        optimal=bool(optimal),
        bound=bound,
        gap=float(gap),
        covered_m3_per_day=covered,
        total_demand_m3_per_day=float(total_m3),
    )


def solve_exact(
    problem: SitingProblem,
    *,
    time_limit_s: float | None = None,
    mip_rel_gap: float = 0.0,
) -> SitingResult:
    """Solve the siting MILP with HiGHS (``scipy.optimize.milp``).

    Uncapacitated instances use the classic MCLP after exact reductions (demands covered
    by locked sites fixed, demands with identical coverage sets merged, dominated
    candidates dropped); capacitated ones use the flow formulation with one continuous
    variable per covered (candidate, demand-group) pair.  With a time limit the best
    solution found is returned with ``optimal=False`` and HiGHS's bound.

    Before building the MILP a greedy pass is tried (capped at ``4k + 8`` LP evaluations
    when capacitated); if its value reaches its own submodular upper bound it is
    provably optimal and is returned as is (``solver="greedy"``, ``optimal=True``).
    """
    # Cheap certificate first: when the greedy value meets the submodular upper bound
    # it is optimal and no MILP is needed (common when every unit runs at capacity).
    greedy = _greedy_open(problem, max_evals=4 * problem.k + 8)
    if greedy is not None and greedy[1] >= greedy[2] - 1e-9 * max(greedy[2], 1.0):
        return _greedy_result(problem, greedy[0], greedy[2], optimal=True)
    if problem.is_capacitated:
        open_mask, rows, cols, flows, bound, optimal, groups = _solve_capacitated(
            problem, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap
        )
        cand, dem, val = _split_group_flows(rows, cols, flows, groups, problem.demand_m3_per_day)
    else:
        open_mask, bound, optimal = _solve_mclp(
            problem, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap
        )
        cand, dem, val = _uncapacitated_assignment(problem, open_mask)
    return _result(
        problem, open_mask, cand, dem, val, solver="highs-milp", optimal=optimal, bound=bound
    )


# --- greedy -----------------------------------------------------------------------


def _capacitated_value(problem: SitingProblem, open_mask: np.ndarray) -> float:
    """Covered demand of a given open set (a transportation LP = max-flow value)."""
    return _solve_capacitated(problem, time_limit_s=None, mip_rel_gap=0.0, fixed_open=open_mask)[4]


def lp_upper_bound(problem: SitingProblem) -> float:
    """The LP-relaxation optimum (y in [0, 1]): an upper bound on the siting optimum."""
    if problem.is_capacitated:
        return _solve_capacitated(problem, time_limit_s=None, mip_rel_gap=0.0, relax=True)[4]
    return _solve_mclp(problem, time_limit_s=None, mip_rel_gap=0.0, relax=True)[1]


def _greedy_open(
    problem: SitingProblem, *, max_evals: int | None = None
) -> tuple[np.ndarray, float, float] | None:
    """Greedy open set: (open mask, covered m3/day, submodular upper bound).

    Capacitated gains cost one LP each (lazy evaluation); with ``max_evals`` the search
    gives up (returns None) after that many LPs.
    """
    n_cand, k_free = problem.n_candidates, problem.k - problem.locked.size
    cov, w = problem.coverage, problem.weighted_demand
    open_mask = np.zeros(n_cand, dtype=bool)
    open_mask[problem.locked] = True
    if not problem.is_capacitated:
        uncovered_w = w.copy()
        if problem.locked.size:
            uncovered_w[np.asarray(cov[problem.locked].sum(axis=0)).ravel() > 0] = 0.0
        for _ in range(k_free):
            gain = cov @ uncovered_w
            gain[open_mask] = -np.inf
            best = int(np.argmax(gain))
            open_mask[best] = True
            uncovered_w[cov[[best]].indices] = 0.0
        gain = cov @ uncovered_w
        gain[open_mask] = 0.0
        value = float(w.sum() - uncovered_w.sum())
        return open_mask, value, value + float(np.sort(gain)[::-1][:k_free].sum())

    # trivial bound: each open unit delivers at most min(capacity x the highest value per
    # m3 it reaches, value of all demand it reaches)
    reach_w = problem.coverage.multiply(problem.demand_m3_per_day > 0)
    max_value = np.zeros(n_cand)
    if reach_w.nnz:
        rw = sparse.csr_array(reach_w.multiply(problem.value_per_m3))
        max_value = np.asarray(rw.max(axis=1).todense()).ravel()
    single = np.minimum(problem.capacity_array_m3_per_day * max_value, cov @ w)
    free_single = np.sort(single[~open_mask])[::-1][:k_free]
    reachable_w = float(w[np.asarray(cov.sum(axis=0)).ravel() > 0].sum())
    trivial = min(reachable_w, float(single[open_mask].sum() + free_single.sum()))
    evals = 0
    value = _capacitated_value(problem, open_mask) if problem.locked.size else 0.0
    stale = single.copy()  # f({k}) >= any later gain of k
    stale[open_mask] = -np.inf
    for _ in range(k_free):
        while True:
            if max_evals is not None and evals >= max_evals:
                return None
            best = int(np.argmax(stale))
            trial = open_mask.copy()
            trial[best] = True
            gain = _capacitated_value(problem, trial) - value
            evals += 1
            stale[best] = gain
            others = stale.copy()
            others[best] = -np.inf
            if gain >= others.max() - 1e-9 * max(value, 1.0):
                break
        open_mask[best] = True
        value += gain
        stale[best] = -np.inf
    # stale gains were measured against subsets of the final set: by submodularity
    # they bound the gains against it
    rest = np.where(open_mask, 0.0, np.clip(stale, 0.0, None))
    return open_mask, value, min(trivial, value + float(np.sort(rest)[::-1][:k_free].sum()))


def _greedy_result(
    problem: SitingProblem, open_mask: np.ndarray, bound: float, *, optimal: bool | None = None
) -> SitingResult:
    if problem.is_capacitated:
        _, rows, cols, flows, _, _, groups = _solve_capacitated(
            problem, time_limit_s=None, mip_rel_gap=0.0, fixed_open=open_mask
        )
        cand, dem, val = _split_group_flows(rows, cols, flows, groups, problem.demand_m3_per_day)
    else:
        cand, dem, val = _uncapacitated_assignment(problem, open_mask)
    result = _result(
        problem, open_mask, cand, dem, val, solver="greedy", optimal=False, bound=bound
    )
    result.optimal = result.gap == 0.0 if optimal is None else optimal
    return result


def evaluate(
    problem: SitingProblem, open_mask: np.ndarray, *, solver: str = "given"
) -> SitingResult:
    """What a given open set achieves (the flow LP, or nearest-site assignment when
    uncapacitated): for comparing a plan with alternatives under the same objective.
    ``optimal`` is False: nothing was optimised; ``bound`` is the value itself."""
    open_mask = np.asarray(open_mask, dtype=bool)
    if open_mask.shape != (problem.n_candidates,):
        raise DataError(f"open_mask must have one entry per candidate ({problem.n_candidates})")
    if problem.is_capacitated:
        _, rows, cols, flows, _, _, groups = _solve_capacitated(
            problem, time_limit_s=None, mip_rel_gap=0.0, fixed_open=open_mask
        )
        cand, dem, val = _split_group_flows(rows, cols, flows, groups, problem.demand_m3_per_day)
    else:
        cand, dem, val = _uncapacitated_assignment(problem, open_mask)
    value = float((problem.value_per_m3[dem] * val).sum()) if dem.size else 0.0
    return _result(problem, open_mask, cand, dem, val, solver=solver, optimal=False, bound=value)


def solve_greedy(problem: SitingProblem, *, lp_bound: bool | None = None) -> SitingResult:
    """Open locked sites, then repeatedly the site with the largest marginal coverage.

    Covered demand (with or without capacities, demand splittable) is a monotone
    submodular function of the open set: uncapacitated it is a weighted coverage
    function; capacitated it is the value of a bipartite max-flow from the open sites,
    a polymatroid rank function.  So greedy achieves at least (1 - 1/e) ~ 63% of the
    best *increment* over the locked sites (Nemhauser, Wolsey & Fisher 1978); in
    practice it is far closer.  The reported ``bound`` is the smaller of the LP
    relaxation optimum (``lp_bound``; by default skipped for uncapacitated instances
    above ``GREEDY_PAIR_THRESHOLD`` covered pairs) and the data-dependent submodular bound
    ``f(S) + sum of the k' largest marginal gains w.r.t. S`` (Minoux 1978).
    Capacitated marginal gains are evaluated exactly by an LP per evaluation, with lazy
    (accelerated) evaluation, which is exact for submodular functions.
    ``optimal`` is True when the greedy value meets the bound.
    """
    greedy = _greedy_open(problem)
    assert greedy is not None  # no evaluation limit
    open_mask, _, online = greedy
    if lp_bound is None:  # the LP costs about as much as the exact MILP on big instances
        lp_bound = problem.n_covered_pairs <= GREEDY_PAIR_THRESHOLD or problem.is_capacitated
    if lp_bound and online > 0:
        online = min(online, lp_upper_bound(problem))
    return _greedy_result(problem, open_mask, online)


def solve(
    problem: SitingProblem,
    *,
    method: Literal["auto", "exact", "greedy"] = "auto",
    time_limit_s: float | None = None,
) -> SitingResult:
    """Exact unless ``method="greedy"``, or ``"auto"`` and the instance is large: more
    than ``GREEDY_PAIR_THRESHOLD`` covered pairs, or capacitated with more than
    ``CAPACITATED_PAIR_THRESHOLD`` (then greedy with a bound). In ``"auto"`` a greedy
    solution that meets its own upper bound is returned as proven optimal first."""
    if method not in ("auto", "exact", "greedy"):
        raise DataError(f"method must be 'auto', 'exact' or 'greedy', got {method!r}")
    if method == "greedy":
        return solve_greedy(problem)
    if method == "auto":
        pairs = problem.n_covered_pairs
        large = pairs > GREEDY_PAIR_THRESHOLD or (
            problem.is_capacitated and pairs > CAPACITATED_PAIR_THRESHOLD
        )
        if large:
            greedy = _greedy_open(problem, max_evals=4 * problem.k + 8)
            if greedy is not None and greedy[1] >= greedy[2] - 1e-9 * max(greedy[2], 1.0):
                return _greedy_result(problem, greedy[0], greedy[2], optimal=True)
            return solve_greedy(problem)
    return solve_exact(problem, time_limit_s=time_limit_s)


def marginal_values(
    problem: SitingProblem,
    *,
    k_max: int,
    method: Literal["auto", "exact", "greedy"] = "auto",
) -> pd.DataFrame:
    """Objective for K = max(1, locked)..k_max: what each additional unit adds.

    Columns ``k, objective, added_objective, covered_m3_per_day, added_m3_per_day,
    covered_share, solver, optimal, bound``. Each K is solved from scratch (exactly unless
    the instance is large, see ``solve``); exact optima are non-decreasing in K, and so
    are greedy values (nested sets). ``added_objective`` is what the K-th unit adds to the
    objective, ``added_m3_per_day`` what it adds to the covered m3/day (the first row's
    are its own values); ``covered_share`` is :attr:`SitingResult.covered_share`.
    """
    k_max = int(k_max)
    if not 1 <= k_max <= problem.n_candidates:
        raise DataError(f"k_max must be between 1 and {problem.n_candidates}, got {k_max}")
    k_min = max(1, problem.locked.size)
    rows = []
    for k in range(k_min, k_max + 1):
        sub = SitingProblem(
            problem.travel_time_h,
            problem.demand_m3_per_day,
            problem.capacity_m3_per_day,
            hours=problem.hours,
            k=k,
            locked=problem.locked,
            candidate_ids=problem.candidate_ids,
            demand_ids=problem.demand_ids,
            value_per_m3=problem.value_per_m3,
        )
        res = solve(sub, method=method)
        rows.append(
            {
                "k": k,
                "objective": res.objective,
                "covered_m3_per_day": res.covered_m3_per_day,
                "covered_share": res.covered_share,
                "solver": res.solver,
                "optimal": res.optimal,
                "bound": res.bound,
            }
        )
    table = pd.DataFrame(rows)
    table.insert(2, "added_objective", table["objective"].diff().fillna(table["objective"]))
    added_m3 = table["covered_m3_per_day"].diff().fillna(table["covered_m3_per_day"])
    table.insert(4, "added_m3_per_day", added_m3)
    return table


# --- exchange files ---------------------------------------------------------------


def _json_value(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def export_paths(path: str | Path) -> dict[str, Path]:
    """Where :func:`export_matrix` writes: ``FILE.csv`` (the matrix) given as ``FILE.csv``
    or ``FILE``, with ``FILE.weights.csv`` and ``FILE.params.json`` beside it."""
    path = Path(path)
    base = path.with_suffix("") if path.suffix.lower() == ".csv" else path
    return {
        "matrix": base.with_name(base.name + ".csv"),
        "weights": base.with_name(base.name + ".weights.csv"),
        "params": base.with_name(base.name + ".params.json"),
    }


def export_matrix(problem: SitingProblem, path: str | Path) -> dict[str, Path]:
    """Write the instance so an independent solver can check a result.

    ``FILE.csv``: candidate, demand, travel_time_h (finite entries only);
    ``FILE.weights.csv``: demand, weight (m3/day), value (objective value per m3/day:
    the objective is sum of covered m3/day x value);
    ``FILE.params.json``: k, hours, capacity_m3_per_day (number, list, null = inf),
    locked (candidate ids), candidate_ids, demand_ids (order of rows/columns).
    """
    paths = export_paths(path)
    paths["matrix"].parent.mkdir(parents=True, exist_ok=True)
    r, c = np.nonzero(np.isfinite(problem.travel_time_h))
    pd.DataFrame(
        {
            "candidate": problem.candidate_ids[r],
            "demand": problem.demand_ids[c],
            "travel_time_h": problem.travel_time_h[r, c],
        }
    ).to_csv(paths["matrix"], index=False, float_format="%.17g")
    pd.DataFrame(
        {
            "demand": problem.demand_ids,
            "weight": problem.demand_m3_per_day,
            "value": problem.value_per_m3,
        }
    ).to_csv(paths["weights"], index=False, float_format="%.17g")
    cap = problem.capacity_m3_per_day
    if np.ndim(cap) == 0:
        cap_json: Any = None if math.isinf(float(cap)) else float(cap)
    else:
        cap_json = [None if math.isinf(v) else float(v) for v in np.asarray(cap, dtype=float)]
    params = {
        "k": problem.k,
        "hours": problem.hours,
        "capacity_m3_per_day": cap_json,
        "locked": [_json_value(v) for v in problem.candidate_ids[problem.locked]],
        "candidate_ids": [_json_value(v) for v in problem.candidate_ids],
        "demand_ids": [_json_value(v) for v in problem.demand_ids],
        "objective": "max sum over covered pairs of x_kd * value_d",
        "units": {
            "travel_time_h": "hours",
            "weight": "m3/day",
            "capacity": "m3/day",
            "value": "objective value per m3/day",
        },
    }
    paths["params"].write_text(json.dumps(params, indent=1), encoding="utf-8")
    return paths


def load_exported(path: str | Path) -> SitingProblem:
    """Rebuild a ``SitingProblem`` from ``export_matrix`` files."""
    paths = export_paths(path)
    params_path = paths["params"]
    try:
        params = json.loads(params_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise DataError(f"cannot read siting parameters: {err}", file=str(params_path)) from err
    for key in ("k", "hours", "capacity_m3_per_day", "locked", "candidate_ids", "demand_ids"):
        if key not in params:
            raise DataError(f"missing key '{key}'", file=str(params_path))
    cand_ids, dem_ids = params["candidate_ids"], params["demand_ids"]
    cand_pos = {str(v): i for i, v in enumerate(cand_ids)}
    dem_pos = {str(v): i for i, v in enumerate(dem_ids)}

    def _positions(values: pd.Series, pos: dict[str, int], file: Path, column: str) -> np.ndarray:
        idx = values.map(pos)
        if idx.isna().any():
            row = int(np.flatnonzero(idx.isna().to_numpy())[0]) + 2
            raise DataError("unknown id", file=str(file), row=row, column=column)
        return idx.to_numpy(np.int64)

    m_path, w_path = paths["matrix"], paths["weights"]
    matrix = pd.read_csv(m_path, dtype={"candidate": str, "demand": str})
    weights = pd.read_csv(w_path, dtype={"demand": str})
    tt = np.full((len(cand_ids), len(dem_ids)), np.inf)
    tt[
        _positions(matrix["candidate"], cand_pos, m_path, "candidate"),
        _positions(matrix["demand"], dem_pos, m_path, "demand"),
    ] = matrix["travel_time_h"].to_numpy(float)
    w = np.zeros(len(dem_ids))
    v = np.ones(len(dem_ids))
    at = _positions(weights["demand"], dem_pos, w_path, "demand")
    w[at] = weights["weight"].to_numpy(float)
    if "value" in weights:
        v[at] = weights["value"].to_numpy(float)
    cap = params["capacity_m3_per_day"]
    if cap is None:
        capacity: float | np.ndarray = np.inf
    elif isinstance(cap, list):
        capacity = np.array([np.inf if v is None else float(v) for v in cap])
    else:
        capacity = float(cap)
    locked = [cand_pos[str(v)] for v in params["locked"]]
    return SitingProblem(
        tt,
        w,
        capacity,
        hours=float(params["hours"]),
        k=int(params["k"]),
        locked=locked,
        candidate_ids=np.asarray(cand_ids, dtype=object),
        demand_ids=np.asarray(dem_ids, dtype=object),
        value_per_m3=v,
    )
