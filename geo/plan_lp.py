"""The time-expanded plan as a linear programme: its column layout (arcs, unmet, stock,
held-over output), costs, bounds and constraint rows, built once per problem from the
arrays of :class:`geo.plan.PlanProblem` (the model and its rules: :mod:`geo.plan`).

Pure functions on arrays (numpy, scipy.sparse); no solver, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from geo.plan import PlanProblem


@dataclass(frozen=True, eq=False)
class Lp:
    """Column layout and constraint matrix of one plan (built once per problem).

    Sources with the same lead, cycles and store on every pair are one column block
    (their outputs summed): interchangeable, so merging them changes no optimum."""

    c_hours: np.ndarray  # truck-hours per unit of each column
    lo: np.ndarray
    hi: np.ndarray
    a_ub: sparse.csr_matrix  # supply rows, then a truck row and a container row per day
    b_ub: np.ndarray  # np.inf where a day has no limit
    a_eq: sparse.csr_matrix
    b_eq: np.ndarray
    n_x: int
    arc_s: np.ndarray  # source group of each arc
    arc_p: np.ndarray
    arc_t: np.ndarray  # departure day (may be < 0: warm days)
    arc_arr: np.ndarray
    u0: int  # first unmet column (p-major: p * T + t)
    st0: int  # first stock column (p * T + t: stock at the end of day t)
    truck_row0: int  # row of day 0's truck limit in a_ub (days follow)
    cont_row0: int
    truck_occ: sparse.csr_matrix  # days x columns: trucks in use
    cont_occ: sparse.csr_matrix
    group_ids: tuple[str, ...]  # source ids of each group, joined by " + "


def _occupancy(
    arc_pair_days: np.ndarray, arc_t: np.ndarray, n_days: int, isotank_t: float
) -> sparse.csr_matrix:
    """Days x arcs: units (trucks or containers) a tonne on each arc keeps busy on each
    day: one unit-day per calendar day from departure until its cycle is used up."""
    rows, cols, vals = [], [], []
    finite = arc_pair_days[np.isfinite(arc_pair_days)]
    k_max = int(np.ceil(finite.max())) if finite.size else 0
    idx = np.arange(len(arc_t))
    for k in range(k_max):
        w = np.minimum(1.0, arc_pair_days - k)
        day = arc_t + k
        ok = (w > 0) & (day >= 0) & (day < n_days)
        rows.append(day[ok])
        cols.append(idx[ok])
        vals.append(w[ok] / isotank_t)
    if not rows:
        return sparse.csr_matrix((n_days, len(arc_t)))
    return sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_days, len(arc_t)),
    )


def _groups(problem: PlanProblem) -> np.ndarray:
    """Group index of each source: sources alike on every pair share one."""
    lead = np.asarray(problem.lead_days, dtype=float)
    key = np.hstack(
        [
            lead,
            np.nan_to_num(np.asarray(problem.truck_cycle_h, float), posinf=-1.0),
            np.nan_to_num(np.asarray(problem.container_cycle_h, float), posinf=-1.0),
            np.nan_to_num(np.asarray(problem.source_store_t, float)[:, None], posinf=-1.0),
        ]
    )
    _, first, inverse = np.unique(np.round(key, 9), axis=0, return_index=True, return_inverse=True)
    # number groups in the order of their first source (stable, deterministic)
    order = np.argsort(np.argsort(first))
    return order[np.ravel(inverse)]


def _source_groups(
    problem: PlanProblem,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], np.ndarray, np.ndarray]:
    """Sources merged into groups: each source's group, each group's first source, its
    ids joined by " + ", and its summed output by day and on the day before the window."""
    n_t = problem.shape[2]
    group = _groups(problem)
    n_g = int(group.max()) + 1 if len(group) else 0
    rep = np.array([np.flatnonzero(group == g)[0] for g in range(n_g)], dtype=int)
    ids = np.asarray(problem.source_ids, dtype=object)
    group_ids = tuple(" + ".join(ids[group == g]) for g in range(n_g))
    supply = np.zeros((n_g, n_t))
    before = np.zeros(n_g)
    np.add.at(supply, group, np.asarray(problem.supply_t, dtype=float))
    np.add.at(before, group, np.asarray(problem.supply_before_t, dtype=float))
    return group, rep, group_ids, supply, before


def _arcs(lead: np.ndarray, days: np.ndarray, n_t: int) -> tuple[np.ndarray, ...]:
    """Every reachable group x province pair x departure day whose arrival lies in the
    window: (group, province, departure day, arrival day) of each arc."""
    gs, pp = np.nonzero(lead >= 0)
    pl = lead[gs, pp]
    arr = days[None, :] + pl[:, None]
    ok = (arr >= 0) & (arr < n_t)
    pair_idx, day_idx = np.nonzero(ok)
    return gs[pair_idx], pp[pair_idx], days[day_idx], arr[pair_idx, day_idx]


def _supply_rows(
    arc_s: np.ndarray,
    arc_t: np.ndarray,
    inv_s: np.ndarray,
    inv_t: np.ndarray,
    *,
    inv0: int,
    n_col: int,
    w: int,
    supply: np.ndarray,
    before: np.ndarray,
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Supply rows, group x (warm days + window days):
    ``sum_p x[g,p,t] + inv[g,t] - inv[g,t-1] <= supply[g,t]``."""
    n_g, n_t = supply.shape
    n_x = len(arc_s)
    n_d = n_t + w
    blocks_r = [arc_s * n_d + (arc_t + w)]
    blocks_c = [np.arange(n_x)]
    blocks_v = [np.ones(n_x)]
    if len(inv_s):
        irow = inv_s * n_d + (inv_t + w)
        icol = inv0 + np.arange(len(inv_s))
        prev = inv_t > -w  # inv[g,t-1] enters day t's row with -1
        blocks_r += [irow, irow[prev]]
        blocks_c += [icol, icol[np.flatnonzero(prev) - 1]]
        blocks_v += [np.ones(len(inv_s)), -np.ones(int(prev.sum()))]
    a_sup = sparse.csr_matrix(
        (np.concatenate(blocks_v), (np.concatenate(blocks_r), np.concatenate(blocks_c))),
        shape=(n_g * n_d, n_col),
    )
    b_sup = np.concatenate([np.repeat(before[:, None], w, axis=1), supply], axis=1).ravel()
    return a_sup, b_sup


def _balance_rows(
    problem: PlanProblem,
    arc_p: np.ndarray,
    arc_arr: np.ndarray,
    *,
    u0: int,
    st0: int,
    n_col: int,
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Province balance, row p * T + t:
    ``stock[p,t] - stock[p,t-1] - arrivals[p,t] - u[p,t] = stock0[p] (t = 0) - d[p,t]``."""
    _, n_p, n_t = problem.shape
    n_x = len(arc_p)
    demand = np.asarray(problem.demand_t, dtype=float)
    cap = np.asarray(problem.stock_cap_t, dtype=float)
    pt = np.arange(n_p * n_t)
    t_of = pt % n_t
    later = t_of > 0
    a_eq = sparse.csr_matrix(
        (
            np.concatenate(
                [-np.ones(n_x), -np.ones(len(pt)), np.ones(len(pt)), -np.ones(int(later.sum()))]
            ),
            (
                np.concatenate([arc_p * n_t + arc_arr, pt, pt, pt[later]]),
                np.concatenate([np.arange(n_x), u0 + pt, st0 + pt, st0 + pt[later] - 1]),
            ),
        ),
        shape=(n_p * n_t, n_col),
    )
    b_eq = -demand.ravel()
    b_eq[t_of == 0] += np.minimum(np.asarray(problem.stock0_t, float), cap)
    return a_eq, b_eq


def build(problem: PlanProblem) -> Lp:
    """The plan's LP: arcs, then unmet, stock and held-over columns; the supply, truck
    and container rows (``a_ub``) and the province balances (``a_eq``)."""
    n_s, n_p, n_t = problem.shape
    w = int(problem.warm_days)
    group, rep, group_ids, supply, before = _source_groups(problem)
    lead = np.asarray(problem.lead_days, dtype=int)[rep]
    days = np.arange(-w, n_t)
    arc_s, arc_p, arc_t, arc_arr = _arcs(lead, days, n_t)
    n_x = len(arc_s)
    truck_cycle = np.asarray(problem.truck_cycle_h, dtype=float)[rep][arc_s, arc_p]
    cont_cycle = np.asarray(problem.container_cycle_h, dtype=float)[rep][arc_s, arc_p]
    store = np.asarray(problem.source_store_t, dtype=float)[rep]
    inv_src = np.flatnonzero(store > 0)
    inv_s = np.repeat(inv_src, n_t + w)
    inv_t = np.tile(days, len(inv_src))
    n_u = n_st = n_p * n_t
    u0, st0, inv0 = n_x, n_x + n_u, n_x + n_u + n_st
    n_col = inv0 + len(inv_s)

    c = np.zeros(n_col)
    c[:n_x] = truck_cycle / problem.isotank_t
    lo = np.zeros(n_col)
    hi = np.full(n_col, np.inf)
    hi[u0 : u0 + n_u] = np.asarray(problem.demand_t, dtype=float).ravel()
    hi[st0 : st0 + n_st] = np.repeat(np.asarray(problem.stock_cap_t, dtype=float), n_t)
    hi[inv0:] = store[inv_s]

    a_sup, b_sup = _supply_rows(
        arc_s, arc_t, inv_s, inv_t, inv0=inv0, n_col=n_col, w=w, supply=supply, before=before
    )
    # fleet rows, one per day for trucks and for containers (np.inf = no limit)
    truck_days = _occupancy(truck_cycle / problem.driving_h_per_day, arc_t, n_t, problem.isotank_t)
    cont_days = _occupancy(cont_cycle / 24.0, arc_t, n_t, problem.isotank_t)
    pad = sparse.csr_matrix((n_t, n_col - n_x))
    truck_occ = sparse.hstack([truck_days, pad]).tocsr()
    cont_occ = sparse.hstack([cont_days, pad]).tocsr()
    a_ub = sparse.vstack([a_sup, truck_occ, cont_occ]).tocsr()
    b_ub = np.concatenate(
        [b_sup, np.asarray(problem.trucks, float), np.asarray(problem.containers, float)]
    )
    a_eq, b_eq = _balance_rows(problem, arc_p, arc_arr, u0=u0, st0=st0, n_col=n_col)
    return Lp(
        c_hours=c,
        lo=lo,
        hi=hi,
        a_ub=a_ub,
        b_ub=b_ub,
        a_eq=a_eq,
        b_eq=b_eq,
        n_x=n_x,
        arc_s=arc_s,
        arc_p=arc_p,
        arc_t=arc_t,
        arc_arr=arc_arr,
        u0=u0,
        st0=st0,
        truck_row0=a_sup.shape[0],
        cont_row0=a_sup.shape[0] + n_t,
        truck_occ=truck_occ,
        cont_occ=cont_occ,
        group_ids=group_ids,
    )
