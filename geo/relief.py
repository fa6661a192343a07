"""Where K concentrator systems avert the most patient-days without oxygen.

The shortfall comes by province and day (the time-expanded plan's ``province_days``:
``code, date, unmet_t``); each province's unmet oxygen is split over its hospitals by
demand (``geo.demand.split_to_hospitals``). A unit placed at a candidate hospital works
from the day it is installed: it serves its own hospital and, by cylinder shuttle,
hospitals within ``hours`` by road. Every m3 it supplies to a hospital on a day that
hospital is short is worth ``1 / m3_per_patient_day`` patient-days: the patient-days
without oxygen it averts. No weight beyond that: a remote hospital counts for more only
because the plan leaves it short on more days.

Model (time-expanded capacitated maximal covering; ``a_kd = 1`` if candidate ``k``
reaches hospital ``d`` within ``hours``; ``u_dt`` m3 short at ``d`` on day ``t``)::

    max  (1 / m3_per_patient_day) * sum_{k,d,t: a_kd = 1} x_kdt
    s.t. sum_k x_kdt <= u_dt              every hospital d, day t
         sum_d x_kdt <= cap * y_k         every candidate k, day t
         sum_k y_k = K,  y binary,  x >= 0

Ties. With a unit as large as the reported one (700 patients a day) hundreds of
candidates can each run at full output on every day, so many plans avert exactly the
same patient-days and the first objective alone leaves the choice to the solver's order.
:func:`solve` then breaks the tie lexicographically (a second HiGHS solve with the first
objective held at its optimum within ``TIE_REL``): among the plans that avert the most
patient-days, the one whose sites have the most shortfall within reach, each hospital
counted once however many sites reach it (``z_g <= sum_k a_kg y_k``, ``z_g <= 1``)::

    max  sum_g W_g z_g    (W_g: patient-days short at hospital g over the operating days)
    s.t. the constraints above,  objective >= best * (1 - TIE_REL)

Solved without the flows: a covering MILP in ``y, z`` with the necessary condition that
the sites' standalone values add up to ``best``; a plan that then fails the flow LP is
cut off and the covering MILP solved again (:func:`_tie_break`).
Since every such plan averts the same, this is the plan that leaves the most shortfall
un-averted within its sites' reach: the units sit where the need is deepest, so they stay
fully used if the shortfall is smaller than estimated, and the shuttle can take on more.
Plans equal on both are settled by HiGHS on a model built in candidate order (the same
instance always gives the same plan).

Exact reductions before HiGHS (``scipy.optimize.milp``): hospitals with the same
covering set are one column (their flows split back in proportion to their shortfall
on each day); days with the same shortfall vector are one day counted ``n`` times (their
constraints are identical, so an optimum of one is an optimum of each); candidates that
reach no shortfall are dropped (they add nothing). Everything here works on arrays
and tidy tables; the pipeline builds them from a pack.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from geo.errors import DataError
from geo.settings import M3_GAS_PER_TONNE_LOX

__all__ = [
    "SHORTFALL_COLUMNS",
    "TIE_BREAK",
    "TIE_REL",
    "GAP_REL",
    "ReliefProblem",
    "ReliefResult",
    "evaluate",
    "reduce",
    "value",
    "export_problem",
    "hospital_unmet_m3",
    "load_problem",
    "reach_patient_days",
    "solve",
    "standalone_patient_days",
    "steady_shortfall",
]

SHORTFALL_COLUMNS = ("code", "date", "demand_t", "delivered_t", "unmet_t")
_OPEN = 0.5  # a binary above this is open
_ZERO_PATIENT_DAYS = 0.5  # below half a patient-day a plan averts nothing
TIE_REL = 1e-7  # plans within this relative gap of the best patient-days are tied
# A plan within this relative gap of a proven upper bound counts as optimal: 0.25
# patient-days on the 25,000 three units avert in July 2021, far below what the shortfall
# estimate can tell apart. Without it, a plan 0.1 patient-days from its bound (a rule
# that spreads the shortfall thinly, fair-share) kept HiGHS branching for its whole time
# limit on the LP's last digits.
GAP_REL = 1e-5
TIE_BREAK = "most shortfall within reach"  # the second objective among tied plans
_TIE_TRIES = 25  # covering solves cut off before the tie-break gives up (first plan kept)


# --------------------------------------------------------------------------- tables


def steady_shortfall(provinces: pd.DataFrame, *, days: Sequence[str]) -> pd.DataFrame:
    """A shortfall table from one day's allocation held for every day of ``days``.

    ``provinces``: the allocation's province table (``code, demand_t_per_day,
    supplied_t_per_day, unmet_t_per_day``). Returns ``SHORTFALL_COLUMNS`` plus
    ``share_met`` and ``basis`` = "steady": the same unmet every day, an assumption
    used until the time-expanded plan gives the shortfall by day."""
    rows = []
    for day in days:
        rows.append(
            pd.DataFrame(
                {
                    "code": provinces["code"].astype(int).to_numpy(),
                    "date": day,
                    "demand_t": provinces["demand_t_per_day"].astype(float).to_numpy(),
                    "delivered_t": provinces["supplied_t_per_day"].astype(float).to_numpy(),
                    "unmet_t": provinces["unmet_t_per_day"].astype(float).to_numpy(),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=SHORTFALL_COLUMNS)
    demand = out["demand_t"].astype(float)
    out["share_met"] = np.where(demand > 0, 1.0 - out["unmet_t"] / demand.where(demand > 0, 1), 1)
    out["basis"] = "steady"
    return out


def hospital_unmet_m3(
    shortfall: pd.DataFrame,
    bed_share: pd.DataFrame,
    *,
    days: Sequence[str],
) -> np.ndarray:
    """Hospitals x days: m3 of gas each hospital is short on each day.

    ``shortfall``: ``code, date, unmet_t`` (t of liquid oxygen on that day);
    ``bed_share``: ``id, province_code, bed_share`` in the order of the output rows (the
    share of its province's demand, ``geo.demand.split_to_hospitals``). A day absent
    from ``shortfall`` counts as no shortfall."""
    missing = [c for c in ("code", "date", "unmet_t") if c not in shortfall]
    if missing:
        raise DataError(f"shortfall table lacks columns {missing}")
    table = shortfall.assign(
        code=shortfall["code"].astype(int), date=shortfall["date"].astype(str).str[:10]
    )
    wide = (
        table.pivot_table(index="code", columns="date", values="unmet_t", aggfunc="sum")
        .reindex(columns=list(days))
        .fillna(0.0)
        .clip(lower=0.0)
    )
    codes = bed_share["province_code"].astype(int).to_numpy()
    per_province = wide.reindex(codes).fillna(0.0).to_numpy(dtype=float)
    share = bed_share["bed_share"].astype(float).to_numpy()[:, None]
    return per_province * share * M3_GAS_PER_TONNE_LOX


# --------------------------------------------------------------------------- problem


@dataclass(frozen=True)
class ReliefProblem:
    """A siting instance: candidates x hospitals travel hours and hospitals x days
    shortfall (m3). ``days`` names the columns of ``unmet_m3`` (the days a unit works:
    from installation to the end of the window). ``np.inf`` = unreachable."""

    travel_time_h: np.ndarray
    unmet_m3: np.ndarray
    days: tuple[str, ...]
    capacity_m3_per_day: float
    hours: float
    k: int
    m3_per_patient_day: float
    candidate_ids: np.ndarray = field(default_factory=lambda: np.zeros(0))
    demand_ids: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        tt = np.asarray(self.travel_time_h, dtype=float)
        u = np.asarray(self.unmet_m3, dtype=float)
        if tt.ndim != 2 or u.ndim != 2 or u.shape[0] != tt.shape[1]:
            raise DataError(
                f"travel_time_h {tt.shape} and unmet_m3 {u.shape} must be candidates x "
                "hospitals and hospitals x days"
            )
        if len(self.days) != u.shape[1]:
            raise DataError(f"{len(self.days)} days for {u.shape[1]} columns of unmet_m3")
        if np.isnan(tt).any() or (tt < 0).any():
            raise DataError("travel_time_h must be non-negative (np.inf = unreachable)")
        if not np.isfinite(u).all() or (u < 0).any():
            raise DataError("unmet_m3 must be finite and non-negative")
        for name in ("capacity_m3_per_day", "m3_per_patient_day"):
            v = float(getattr(self, name))
            if not (math.isfinite(v) and v > 0):
                raise DataError(f"{name} must be a positive number, got {v!r}")
        if not (math.isfinite(float(self.hours)) and float(self.hours) >= 0):
            raise DataError(f"hours must be non-negative, got {self.hours!r}")
        if int(self.k) != self.k or not 0 <= int(self.k) <= tt.shape[0]:
            raise DataError(f"k must be a whole number in 0..{tt.shape[0]}, got {self.k!r}")
        object.__setattr__(self, "travel_time_h", tt)
        object.__setattr__(self, "unmet_m3", u)
        object.__setattr__(self, "days", tuple(str(d) for d in self.days))
        object.__setattr__(self, "k", int(self.k))
        for name, n in (("candidate_ids", tt.shape[0]), ("demand_ids", tt.shape[1])):
            ids = np.asarray(getattr(self, name))
            ids = np.arange(n) if ids.size == 0 and n else ids
            if ids.shape != (n,):
                raise DataError(f"{name} must have {n} entries, got {ids.shape}")
            object.__setattr__(self, name, ids)

    @property
    def n_candidates(self) -> int:
        return self.travel_time_h.shape[0]

    @property
    def coverage(self) -> sparse.csr_array:
        """Candidates x hospitals: reached within ``hours``."""
        return sparse.csr_array(self.travel_time_h <= self.hours)

    @property
    def total_patient_days(self) -> float:
        """Patient-days without oxygen over the operating days, all hospitals."""
        return float(self.unmet_m3.sum() / self.m3_per_patient_day)


@dataclass
class ReliefResult:
    """Chosen sites and what they avert.

    ``sites``: ``candidate, id, m3, patient_days`` (over the operating days);
    ``assignment``: ``candidate_id, demand_id, m3, patient_days``; ``objective`` =
    total patient-days averted; ``bound`` an upper bound (``optimal`` when proven);
    ``zero_value`` when the plan averts nothing (no shortfall within reach)."""

    sites: pd.DataFrame
    assignment: pd.DataFrame
    objective: float
    bound: float
    optimal: bool
    solver: str
    useful_candidates: int
    zero_value: bool = False
    idle_units: int = 0
    # the tie-break: patient-days short within reach of the sites (each hospital once),
    # and how the second objective was settled ("not needed" when no tie was possible)
    reach_patient_days: float = 0.0
    tie_break: str = "not needed"

    @property
    def gap(self) -> float:
        return 0.0 if self.bound <= 0 else max(0.0, (self.bound - self.objective) / self.bound)


@dataclass(frozen=True)
class _Reduced:
    groups: list[np.ndarray]  # hospital indices of each group
    cov: sparse.csr_array  # candidates x groups
    weight: np.ndarray  # groups x day classes, m3
    day_class: np.ndarray  # day -> class
    count: np.ndarray  # days per class
    useful: np.ndarray  # candidate indices that reach some shortfall


def _reduce(problem: ReliefProblem) -> _Reduced:
    u = problem.unmet_m3
    short = u.sum(axis=1) > 0
    cov = sparse.csc_array(problem.coverage[:, np.flatnonzero(short)])
    cov.sort_indices()
    seen: dict[bytes, int] = {}
    members: list[list[int]] = []
    idx = np.flatnonzero(short)
    for j in range(idx.size):
        key = cov.indices[cov.indptr[j] : cov.indptr[j + 1]].tobytes()
        g = seen.setdefault(key, len(seen))
        if g == len(members):
            members.append([])
        members[g].append(int(idx[j]))
    groups = [np.asarray(m, dtype=np.int64) for m in members]
    first = [int(np.flatnonzero(idx == m[0])[0]) for m in groups]
    cov_g = sparse.csr_array(cov[:, first]) if groups else sparse.csr_array((u.shape[0], 0))
    w_days = np.vstack([u[m].sum(axis=0) for m in groups]) if groups else np.zeros((0, u.shape[1]))
    if w_days.shape[1]:
        _, day_class, count = np.unique(
            np.round(w_days, 9).T, axis=0, return_inverse=True, return_counts=True
        )
        day_class = np.asarray(day_class).ravel()
        weight = np.zeros((len(groups), count.size))
        weight[:, day_class] = w_days  # identical columns within a class
    else:
        day_class, count, weight = np.zeros(0, int), np.zeros(0, int), w_days
    cov_g = sparse.csr_array(cov_g, dtype=np.int8)
    reach = cov_g @ weight.sum(axis=1) if len(groups) else np.zeros(problem.n_candidates)
    useful = np.flatnonzero(np.asarray(reach).ravel() > 0)
    return _Reduced(groups, cov_g, weight, day_class, count, useful)


def standalone_patient_days(problem: ReliefProblem) -> np.ndarray:
    """Patient-days each candidate would avert alone (closed form: on each day, the
    smaller of its output and the shortfall it reaches)."""
    red = _reduce(problem)
    if not len(red.groups):
        return np.zeros(problem.n_candidates)
    reach = red.cov @ red.weight  # candidates x day classes
    daily = np.minimum(np.asarray(reach), problem.capacity_m3_per_day)
    return (daily @ red.count) / problem.m3_per_patient_day


def _model(
    problem: ReliefProblem, red: _Reduced, cands: np.ndarray, *, fixed: bool
) -> tuple[np.ndarray, sparse.csr_array, np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """(c, A, lb, ub, (xk, xg, xs)) over candidates ``cands``; y variables follow the x
    unless ``fixed`` (then every listed candidate is open)."""
    sub = sparse.coo_array(red.cov[cands])
    pk, pg = sub.row, sub.col
    n_s = red.count.size
    xs = np.tile(np.arange(n_s), pk.size)
    xk = np.repeat(pk, n_s)
    xg = np.repeat(pg, n_s)
    keep = red.weight[xg, xs] > 0
    xk, xg, xs = xk[keep], xg[keep], xs[keep]
    nx, ny = xk.size, (0 if fixed else cands.size)
    cap = float(problem.capacity_m3_per_day)
    c = np.concatenate([-red.count[xs] / problem.m3_per_patient_day, np.zeros(ny)])
    # demand rows (group, day class) and capacity rows (candidate, day class)
    d_row, d_id = np.unique(xg * n_s + xs, return_inverse=True)
    k_row, k_id = np.unique(xk * n_s + xs, return_inverse=True)
    ar = np.arange(nx)
    rows = [d_id, d_row.size + k_id]
    cols = [ar, ar]
    vals = [np.ones(nx), np.ones(nx)]
    lb = [np.full(d_row.size, -np.inf), np.full(k_row.size, -np.inf)]
    ub = [red.weight[d_row // n_s, d_row % n_s], np.full(k_row.size, 0.0 if ny else cap)]
    if ny:
        rows.append(d_row.size + np.arange(k_row.size))
        cols.append(nx + k_row // n_s)
        vals.append(np.full(k_row.size, -cap))
        n_rows = d_row.size + k_row.size
        rows.append(np.full(ny, n_rows))
        cols.append(nx + np.arange(ny))
        vals.append(np.ones(ny))
        k_open = min(problem.k, ny)
        lb.append(np.array([float(k_open)]))
        ub.append(np.array([float(k_open)]))
    n_rows = sum(len(b) for b in ub)
    a = sparse.csr_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_rows, nx + ny),
    )
    return c, a, np.concatenate(lb), np.concatenate(ub), (xk, xg, xs)


def _flows_to_tables(
    problem: ReliefProblem,
    red: _Reduced,
    cands: np.ndarray,
    x: np.ndarray,
    index: tuple[np.ndarray, ...],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    xk, xg, xs = index
    total = x * red.count[xs]  # m3 over all days of the class
    big = total > 1e-9
    rows = []
    for k_local, g, s, m3 in zip(xk[big], xg[big], xs[big], total[big], strict=True):
        members = red.groups[g]
        days = np.flatnonzero(red.day_class == s)
        w = problem.unmet_m3[np.ix_(members, days[:1])].ravel()
        share = w / w.sum() if w.sum() > 0 else np.full(members.size, 1 / members.size)
        for d, part in zip(members, share, strict=True):
            rows.append((int(cands[k_local]), int(d), float(m3 * part)))
    cols = ["candidate", "demand", "m3"]
    assign = pd.DataFrame(rows, columns=cols).groupby(["candidate", "demand"], as_index=False).sum()
    assign["patient_days"] = assign["m3"] / problem.m3_per_patient_day
    assign.insert(1, "candidate_id", problem.candidate_ids[assign["candidate"].to_numpy(int)])
    assign.insert(3, "demand_id", problem.demand_ids[assign["demand"].to_numpy(int)])
    per_site = assign.groupby("candidate")[["m3", "patient_days"]].sum()
    sites = pd.DataFrame({"candidate": cands.astype(int)})
    sites["id"] = problem.candidate_ids[sites["candidate"].to_numpy()]
    sites = sites.join(per_site, on="candidate").fillna({"m3": 0.0, "patient_days": 0.0})
    return sites, assign


def _empty(problem: ReliefProblem, solver: str, useful: int) -> ReliefResult:
    sites = pd.DataFrame(columns=["candidate", "id", "m3", "patient_days"])
    assign = pd.DataFrame(
        columns=["candidate", "candidate_id", "demand", "demand_id", "m3", "patient_days"]
    )
    return ReliefResult(sites, assign, 0.0, 0.0, True, solver, useful, True, problem.k)


def solve(
    problem: ReliefProblem, *, time_limit_s: float | None = 120.0, tie_break: bool = True
) -> ReliefResult:
    """The K sites averting the most patient-days (HiGHS MILP after exact reductions),
    optimal to within ``GAP_REL`` of a proven upper bound.

    Parameters
    ----------
    problem : ReliefProblem
        Candidates x hospitals travel hours, hospitals x days patients short, K and the
        unit's capacity (m3/day).
    time_limit_s : float or None
        Time limit of each MILP solve (s); None = none.
    tie_break : bool
        Among plans that avert as many (within ``TIE_REL``), take the one with the most
        shortfall within its sites' reach (:data:`TIE_BREAK`, a second solve); False
        skips it when only the value matters.

    Returns
    -------
    ReliefResult
        The sites, patient-days averted (``objective``), the bound and the solver.
        Units beyond the number of candidates that reach any shortfall have nothing to
        add: they are reported as ``idle_units``, not placed. ``zero_value`` when the
        plan averts less than half a patient-day.
    """
    red = _reduce(problem)
    cands = red.useful
    if problem.k == 0 or cands.size == 0:
        return _empty(problem, "none", int(cands.size))
    if cands.size <= problem.k:  # every useful candidate opens: an LP
        res = evaluate(problem, cands)
        res.idle_units = problem.k - int(cands.size)
        res.optimal, res.solver = True, "all useful candidates"
        res.bound = res.objective
        return res
    cands = _undominated(red, cands, problem.k)
    result = _best_value(problem, red, cands, time_limit_s=time_limit_s)
    if tie_break and not result.zero_value and cands.size > problem.k:
        opened, how = _tie_break(problem, red, cands, result, time_limit_s=time_limit_s)
        if opened is not None:
            again = evaluate(problem, opened)
            if again.objective >= result.objective * (1 - 10 * TIE_REL) - 1e-6:
                for name in ("bound", "optimal", "solver", "useful_candidates"):
                    setattr(again, name, getattr(result, name))
                result = again
            else:
                how = f"{TIE_BREAK}: its plan fell below the best value; first plan kept"
        result.tie_break = how
    return result


def _best_value(
    problem: ReliefProblem, red: _Reduced, cands: np.ndarray, *, time_limit_s: float | None
) -> ReliefResult:
    """The first objective: the most patient-days averted (greedy, proven by its bound
    when it meets it, else the MILP)."""
    # greedy first (lazy, exact gains by the flow LP; the value is submodular): when it
    # meets an upper bound the optimum is proven without branching
    greedy, greedy_value = _greedy(problem, red, cands)
    bound = _upper_bound(problem, red, cands)
    if greedy_value >= bound * (1 - GAP_REL) - 1e-9:
        result = evaluate(problem, greedy)
        result.bound, result.optimal, result.solver = bound, True, "greedy meeting its bound"
        result.useful_candidates = int(cands.size)
        return result
    c, a, lb, ub, index = _model(problem, red, cands, fixed=False)
    nx = index[0].size
    integrality = np.concatenate([np.zeros(nx), np.ones(cands.size)])
    col_ub = np.concatenate([np.full(nx, np.inf), np.ones(cands.size)])
    out = milp(
        c,
        constraints=LinearConstraint(a, lb, ub),
        integrality=integrality,
        bounds=Bounds(np.zeros(nx + cands.size), col_ub),
        options=_milp_options(time_limit_s, gap=GAP_REL),
    )
    opened = cands[out.x[nx:] > _OPEN] if out.x is not None else greedy
    if out.x is None or value(problem, opened, reduced=red) < greedy_value:
        opened = greedy  # the time limit stopped HiGHS below the greedy plan
    result = evaluate(problem, opened)  # flows of the open set, re-solved exactly
    dual = getattr(out, "mip_dual_bound", None)
    milp_bound = -float(dual) if dual is not None and np.isfinite(dual) else bound
    result.bound = max(min(bound, milp_bound), result.objective)
    result.optimal = result.gap <= GAP_REL
    result.solver = "HiGHS MILP" if out.status == 0 else f"HiGHS MILP stopped: {out.message}"
    result.useful_candidates = int(cands.size)
    return result


def _milp_options(time_limit_s: float | None, *, gap: float = 1e-7) -> dict[str, Any]:
    options: dict[str, Any] = {"mip_rel_gap": gap, "disp": False}
    if time_limit_s is not None:
        options["time_limit"] = float(time_limit_s)
    return options


def _group_patient_days(problem: ReliefProblem, red: _Reduced) -> np.ndarray:
    """Patient-days short at each hospital group over the operating days."""
    if not len(red.groups):
        return np.zeros(0)
    return (red.weight @ red.count) / problem.m3_per_patient_day


def reach_patient_days(
    problem: ReliefProblem,
    open_candidates: Sequence[int] | np.ndarray,
    *,
    reduced: _Reduced | None = None,
) -> float:
    """Patient-days short, over the operating days, at the hospitals within reach of the
    open candidates (indices), each hospital counted once: the tie-break's value."""
    red = reduced if reduced is not None else _reduce(problem)
    cands = np.unique(np.asarray(open_candidates, dtype=np.int64))
    if cands.size == 0 or not len(red.groups):
        return 0.0
    reached = np.asarray(red.cov[cands].sum(axis=0)).ravel() > 0
    return float(_group_patient_days(problem, red)[reached].sum())


def _tie_break(
    problem: ReliefProblem,
    red: _Reduced,
    cands: np.ndarray,
    first: ReliefResult,
    *,
    time_limit_s: float | None,
) -> tuple[np.ndarray | None, str]:
    """The second objective, exactly: among plans within ``TIE_REL`` of
    ``first.objective``, the most shortfall within reach (each hospital group once).

    Solved as a covering MILP in ``y, z`` only (no flows): ``max sum_g W_g z_g``,
    ``z_g <= sum_k a_kg y_k``, ``sum_k y_k = K`` and the necessary condition
    ``sum_k alone_k y_k >= best`` (a plan averts at most the sum of its sites' standalone
    values). Its optimum is checked with the flow LP; a plan below ``best`` is cut off
    (``sum_{k in plan} y_k <= K - 1``) and the covering MILP solved again, so the first
    plan that passes is the best among those that hold the patient-days. Returns the
    open candidates (None when no plan passed within ``_TIE_TRIES``) and how it went."""
    cov = sparse.csc_array(red.cov[cands], dtype=float)  # cands x groups
    reach = np.flatnonzero(np.asarray(cov.sum(axis=0)).ravel() > 0)
    nz, ny = reach.size, cands.size
    w = _group_patient_days(problem, red)[reach]
    alone = standalone_patient_days(problem)[cands]
    best = float(first.objective)
    target = best * (1 - TIE_REL)
    k = min(problem.k, ny)
    rows = [
        sparse.hstack([-sparse.csr_array(cov[:, reach].T), sparse.eye_array(nz, format="csr")]),
        sparse.csr_array(np.concatenate([np.ones(ny), np.zeros(nz)])[None, :]),
        sparse.csr_array(np.concatenate([alone, np.zeros(nz)])[None, :]),
    ]
    lbs = [np.full(nz, -np.inf), [float(k)], [target - 1e-6 * max(best, 1.0)]]
    ubs = [np.zeros(nz), [float(k)], [np.inf]]
    for tries in range(1, _TIE_TRIES + 1):
        out = milp(
            np.concatenate([np.zeros(ny), -w]),
            constraints=LinearConstraint(
                sparse.csr_array(sparse.vstack(rows)), np.concatenate(lbs), np.concatenate(ubs)
            ),
            integrality=np.concatenate([np.ones(ny), np.zeros(nz)]),
            bounds=Bounds(np.zeros(ny + nz), np.ones(ny + nz)),
            options=_milp_options(time_limit_s),
        )
        if out.x is None:
            return None, f"{TIE_BREAK}: HiGHS found no plan ({out.message}); first plan kept"
        pick = out.x[:ny] > _OPEN
        opened = cands[pick]
        if value(problem, opened, reduced=red) >= target:
            stopped = "" if out.status == 0 else f"; HiGHS stopped ({out.message})"
            return opened, f"{TIE_BREAK} ({tries} covering solve(s){stopped})"
        rows.append(sparse.csr_array(np.concatenate([pick.astype(float), np.zeros(nz)])[None, :]))
        lbs.append([-np.inf])
        ubs.append([float(k - 1)])
    return None, f"{TIE_BREAK}: no plan held the patient-days in {_TIE_TRIES} tries; first kept"


def _undominated(red: _Reduced, cands: np.ndarray, k: int) -> np.ndarray:
    """Candidates that may be needed: drop ``i`` when at least ``k`` others reach every
    hospital group ``i`` reaches (ties broken by index, so the relation is a strict
    order). Exact: an optimal plan holding ``i`` has at most ``k - 1`` other sites, so a
    dominator of ``i`` is closed, and moving ``i``'s unit there (same output, a superset
    of hospitals) averts at least as much; a dropped ``i`` always keeps ``k`` kept
    dominators (those of a dropped dominator dominate ``i`` too)."""
    m = sparse.csr_array(red.cov[cands], dtype=np.int32)
    size = np.asarray(m.sum(axis=1)).ravel()
    inter = sparse.coo_array(m @ m.T)
    i, j, v = inter.row, inter.col, inter.data
    dom = (i != j) & (v == size[i]) & ((size[j] > size[i]) | ((size[j] == size[i]) & (j < i)))
    count = np.bincount(i[dom], minlength=cands.size)
    return cands[count < k]


def _upper_bound(problem: ReliefProblem, red: _Reduced, cands: np.ndarray) -> float:
    """The tighter of two bounds no K units can beat: :func:`_trivial_bound` and
    :func:`_daily_bound`."""
    return min(_trivial_bound(problem, red, cands), _daily_bound(problem, red, cands))


def _daily_bound(problem: ReliefProblem, red: _Reduced, cands: np.ndarray) -> float:
    """Day by day, the K best standalone outputs of that day, capped by that day's
    shortfall within reach of any candidate. Valid because on each day a plan's K units
    deliver at most their own standalone outputs; on the default pack it equals the LP
    relaxation's bound, without solving it."""
    k = min(problem.k, cands.size)
    reach = np.asarray(red.cov[cands] @ red.weight)  # candidates x day classes, m3
    daily = np.minimum(reach, problem.capacity_m3_per_day)
    best = -np.sort(-daily, axis=0)[:k].sum(axis=0)
    reachable = np.asarray(red.cov[cands].sum(axis=0)).ravel() > 0
    short = red.weight[reachable].sum(axis=0)
    return float((np.minimum(best, short) @ red.count) / problem.m3_per_patient_day)


def _trivial_bound(problem: ReliefProblem, red: _Reduced, cands: np.ndarray) -> float:
    """Patient-days no K units can beat: the K best standalone values (each unit's
    output, or the shortfall it reaches, every day), and all reachable shortfall."""
    alone = standalone_patient_days(problem)[cands]
    k = min(problem.k, cands.size)
    reachable = np.asarray(red.cov[cands].sum(axis=0)).ravel() > 0
    total = float((red.weight[reachable] @ red.count).sum() / problem.m3_per_patient_day)
    return min(float(np.sort(alone)[::-1][:k].sum()), total)


def _greedy(problem: ReliefProblem, red: _Reduced, cands: np.ndarray) -> tuple[np.ndarray, float]:
    """Lazy greedy: add the candidate with the largest exact gain (flow LP), using
    stale gains as upper bounds (valid for a submodular value)."""
    stale = standalone_patient_days(problem)[cands].astype(float)
    chosen: list[int] = []
    current = 0.0
    for _ in range(min(problem.k, cands.size)):
        while True:
            j = int(np.argmax(stale))
            if not np.isfinite(stale[j]):
                break
            gain = value(problem, cands[[*chosen, j]], reduced=red) - current
            stale[j] = gain
            rest = np.delete(stale, j)
            if not rest.size or gain >= rest.max() - 1e-9 * max(current, 1.0):
                break
        chosen.append(j)
        current += stale[j]
        stale[j] = -np.inf
    return cands[chosen], float(current)


def reduce(problem: ReliefProblem) -> _Reduced:
    """The problem's exact reductions (reuse them across many :func:`value` calls)."""
    return _reduce(problem)


def value(
    problem: ReliefProblem,
    open_candidates: Sequence[int] | np.ndarray,
    *,
    reduced: _Reduced | None = None,
) -> float:
    """Patient-days a given set of open candidates (indices) averts: the flow LP's
    optimum only (no tables), for comparing many sets quickly."""
    from scipy.optimize import linprog

    red = reduced if reduced is not None else _reduce(problem)
    cands = np.unique(np.asarray(open_candidates, dtype=np.int64))
    if cands.size == 0 or not len(red.groups):
        return 0.0
    c, a, _, ub, index = _model(problem, red, cands, fixed=True)
    if index[0].size == 0:
        return 0.0
    lp = linprog(c, A_ub=a, b_ub=ub, bounds=(0, None), method="highs")
    if lp.status != 0:
        raise DataError(f"the siting flow LP failed: {lp.message}")
    return float(-lp.fun)


def evaluate(problem: ReliefProblem, open_candidates: Sequence[int] | np.ndarray) -> ReliefResult:
    """What a given set of open candidates (indices) averts: the flow LP with the
    sites fixed. Sites that avert nothing are listed with 0 patient-days."""
    from scipy.optimize import linprog

    red = _reduce(problem)
    cands = np.unique(np.asarray(open_candidates, dtype=np.int64))
    if cands.size == 0 or not len(red.groups):
        res = _empty(problem, "given", int(red.useful.size))
        if cands.size:
            res.sites = pd.DataFrame(
                {
                    "candidate": cands,
                    "id": problem.candidate_ids[cands],
                    "m3": 0.0,
                    "patient_days": 0.0,
                }
            )
        return res
    c, a, _, ub, index = _model(problem, red, cands, fixed=True)
    if index[0].size == 0:
        x = np.zeros(0)
    else:
        lp = linprog(c, A_ub=a, b_ub=ub, bounds=(0, None), method="highs")
        if lp.status != 0:
            raise DataError(f"the siting flow LP failed: {lp.message}")
        x = lp.x
    sites, assign = _flows_to_tables(problem, red, cands, x, index)
    objective = float(sites["patient_days"].sum())
    zero = objective < _ZERO_PATIENT_DAYS
    return ReliefResult(
        sites,
        assign,
        objective,
        objective,
        False,
        "given",
        int(red.useful.size),
        zero,
        reach_patient_days=reach_patient_days(problem, cands, reduced=red),
    )


# --------------------------------------------------------------------------- exchange


def _paths(path: str | Path) -> dict[str, Path]:
    path = Path(path)
    base = path.with_suffix("") if path.suffix.lower() == ".csv" else path
    return {
        "matrix": base.with_name(base.name + ".csv"),
        "values": base.with_name(base.name + ".values.csv"),
        "params": base.with_name(base.name + ".params.json"),
    }


def export_problem(problem: ReliefProblem, path: str | Path) -> dict[str, Path]:
    """Write the instance for an independent solver.

    ``FILE.csv``: ``candidate, demand, travel_time_h`` (pairs within ``hours``);
    ``FILE.values.csv``: ``demand, day, unmet_m3`` (positive shortfall only);
    ``FILE.params.json``: k, hours, capacity_m3_per_day, m3_per_patient_day, days,
    candidate_ids, demand_ids and the objective in words."""
    paths = _paths(path)
    paths["matrix"].parent.mkdir(parents=True, exist_ok=True)
    r, c = np.nonzero(problem.travel_time_h <= problem.hours)
    pd.DataFrame(
        {
            "candidate": problem.candidate_ids[r],
            "demand": problem.demand_ids[c],
            "travel_time_h": problem.travel_time_h[r, c],
        }
    ).to_csv(paths["matrix"], index=False, float_format="%.17g")
    d, t = np.nonzero(problem.unmet_m3 > 0)
    pd.DataFrame(
        {
            "demand": problem.demand_ids[d],
            "day": np.asarray(problem.days)[t],
            "unmet_m3": problem.unmet_m3[d, t],
        }
    ).to_csv(paths["values"], index=False, float_format="%.17g")

    def plain(v: Any) -> Any:
        return v.item() if isinstance(v, np.generic) else v

    params = {
        "k": problem.k,
        "hours": problem.hours,
        "capacity_m3_per_day": problem.capacity_m3_per_day,
        "m3_per_patient_day": problem.m3_per_patient_day,
        "days": list(problem.days),
        "candidate_ids": [plain(v) for v in problem.candidate_ids],
        "demand_ids": [plain(v) for v in problem.demand_ids],
        "objective": (
            "max sum over (candidate k, demand d within hours, day t) of x_kdt / "
            "m3_per_patient_day s.t. sum_k x_kdt <= unmet_m3[d,t], sum_d x_kdt <= "
            "capacity_m3_per_day * y_k, sum_k y_k = k, y binary: patient-days averted"
        ),
        "units": {"travel_time_h": "hours", "unmet_m3": "m3 of gas on that day"},
    }
    paths["params"].write_text(json.dumps(params, indent=1), encoding="utf-8")
    return paths


def load_problem(path: str | Path) -> ReliefProblem:
    """Rebuild a :class:`ReliefProblem` from :func:`export_problem` files."""
    paths = _paths(path)
    try:
        params = json.loads(paths["params"].read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise DataError(f"cannot read siting parameters: {err}", file=str(paths["params"])) from err
    cand_ids = [str(v) for v in params["candidate_ids"]]
    dem_ids = [str(v) for v in params["demand_ids"]]
    cpos = {v: i for i, v in enumerate(cand_ids)}
    dpos = {v: i for i, v in enumerate(dem_ids)}
    dayp = {v: i for i, v in enumerate(params["days"])}
    m = pd.read_csv(paths["matrix"], dtype={"candidate": str, "demand": str})
    v = pd.read_csv(paths["values"], dtype={"demand": str, "day": str})
    tt = np.full((len(cand_ids), len(dem_ids)), np.inf)
    tt[m["candidate"].map(cpos).to_numpy(int), m["demand"].map(dpos).to_numpy(int)] = m[
        "travel_time_h"
    ].to_numpy(float)
    u = np.zeros((len(dem_ids), len(params["days"])))
    u[v["demand"].map(dpos).to_numpy(int), v["day"].map(dayp).to_numpy(int)] = v[
        "unmet_m3"
    ].to_numpy(float)
    return ReliefProblem(
        tt,
        u,
        tuple(params["days"]),
        float(params["capacity_m3_per_day"]),
        float(params["hours"]),
        int(params["k"]),
        float(params["m3_per_patient_day"]),
        np.asarray(cand_ids, dtype=object),
        np.asarray(dem_ids, dtype=object),
    )
