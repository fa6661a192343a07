"""The crisis as days: a time-expanded supply plan, one linear programme on HiGHS.

Days ``t = 0..T-1``; sources ``s`` (plants, lines, shipments at their port) with the
tonnes available on each day; provinces ``p`` with a demand per day and a stock (the
hospitals' tanks). Variables, all >= 0:

- ``x[s,p,t]``: tonnes leaving ``s`` on day ``t`` for ``p``, arriving on day
  ``t + lead[s,p]`` (lead in whole days of the one-way trip, road + ferry + sea);
  departures on the ``warm_days`` days before the window carry the output of the day
  before it (``supply_before_t``) so that what is in transit at the start is not zero;
- ``u[p,t] <= d[p,t]``: demand left unmet;
- ``stock[p,t+1] <= stock_cap[p]`` (``stock[p,0] = stock0[p]``);
- ``inv[s,t] <= source_store[s]``: what a source holds over to the next day (a port
  holds a shipment's cargo until trucks take it; a plant holds nothing by default).

Constraints:

    sum_p x[s,p,t] + inv[s,t] - inv[s,t-1] <= supply[s,t]             every source, day
    stock[p,t+1] = stock[p,t] + sum_{s,t': t'+lead=t} x[s,p,t'] - (d[p,t] - u[p,t])
    sum_{trips on the road on day t} x / isotank * occupancy <= trucks[t]
    sum_{trips under way on day t}  x / isotank * occupancy <= containers[t]

A trip's truck occupancy is its road cycle ``2 road_h + load_h + unload_h`` in truck
working days (``/ driving_h_per_day``), one truck-day per calendar day from departure
until used up (0.5 on the departure day for a short trip); a container (isotank) is tied
up for the whole round trip, sea days included, at 24 h a day. In steady state this is
the cycle of :mod:`geo.allocation` (``x / isotank * (2 r + handling) / D`` trucks).

Policies (rationing rules), each exact (staged LPs, the later stages hold the earlier
optimum within a relative 1e-9):

- ``least-hours``: minimise ``unmet_penalty * sum u + truck-hours`` (one solve);
- ``fair-share``: maximise the smallest share of need met over every reachable
  province and day, then the sum over days of each day's smallest share, then least
  unmet, then least truck-hours (each with the earlier optima held);
- ``need-floor``: first bring every reachable province as close as possible to
  ``NEED_FLOOR_SHARE`` of its need every day (minimise the shortfall below the floor),
  then least unmet, then least truck-hours.

:func:`trucks_min` is the fewest trucks (the same fleet every day) that meet all the
demand production allows (an LP minimising the fleet, rounded up; the integer below
it is infeasible by LP optimality). :func:`unmet_by_trucks` is the least unmet for
given fleet sizes. :func:`export_problem` writes the arrays (npz + json) and the LP of
each stage as MPS; :func:`load_problem` reads the arrays back.

Pure functions on arrays: no pandas except the result tables, no I/O except in
``export_problem``/``load_problem``. The LP's columns and rows are built in
:mod:`geo.plan_lp`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from geo.errors import DataError
from geo.highs import new_highs
from geo.plan_lp import Lp, build
from geo.settings import M3_GAS_PER_TONNE_LOX, NEED_FLOOR_SHARE, SEVERE_PATIENT_M3_PER_DAY

POLICIES: tuple[str, ...] = ("least-hours", "fair-share", "need-floor")
# Cost of one tonne left unmet, in truck-hours: far above the truck-hours of any tonne
# delivered in Indonesia ((2 x 100 h + 4 h) / 20 t ~ 10 h/t), so unmet is left only when
# nothing can deliver it.
DEFAULT_UNMET_PENALTY: float = 1.0e4
# Tie-break between equal shortfalls on different days: an earlier short day weighs up
# to this much more (relative), so stocks are drawn before a day is short.
EARLY_WEIGHT: float = 1e-3
# The later stages of a policy hold the earlier optimum within this relative tolerance.
_HOLD_REL: float = 1e-7
_HOLD_ABS: float = 1e-6
# Tonnes below this count as zero in the tables (first short day, days short).
SHORT_EPS_T: float = 1e-6

_ARRAYS: tuple[str, ...] = (
    "province_codes",
    "supply_t",
    "supply_before_t",
    "source_store_t",
    "lead_days",
    "truck_cycle_h",
    "container_cycle_h",
    "demand_t",
    "stock0_t",
    "stock_cap_t",
    "trucks",
    "containers",
)


@dataclass(frozen=True, eq=False)
class PlanProblem:
    """Inputs of one plan, as plain arrays (``dataclasses.replace`` to perturb one).

    Shapes: S sources, P provinces, T days. Hours and tonnes, never t/day rates: a
    day's supply is the tonnes available that day.

    Attributes
    ----------
    dates : tuple of str, length T (ISO dates of the window)
    source_ids : tuple of str, length S
    province_codes : int array (P,)
    supply_t : float array (S, T), tonnes available at each source on each day
        (a line's medical output; a shipment's cargo on its arrival day)
    supply_before_t : float array (S,), tonnes per day available before the window
        (feeds the ``warm_days`` departures whose arrival falls inside it)
    source_store_t : float array (S,), tonnes a source can hold over to the next day
        (``np.inf``: a port holding a shipment)
    lead_days : int array (S, P), whole days from departure to arrival; -1 = no path
    truck_cycle_h : float array (S, P), truck hours per trip: 2 x road (and ferry) hours
        + load + unload
    container_cycle_h : float array (S, P), hours an isotank is tied up per trip: the
        round trip by road, ferry and sea + load + unload
    demand_t : float array (P, T), tonnes needed per province and day
    stock0_t, stock_cap_t : float arrays (P,), stock at the start and tank capacity, t
    trucks, containers : float arrays (T,), trucks and isotank containers available per
        day (``np.inf`` = no limit)
    isotank_t : tonnes per trip; driving_h_per_day : hours a truck works a day
    warm_days : departure days allowed before the window
    demand_low_t, demand_high_t : optional (P, T) interval of the demand (carried to the
        tables, not optimised)
    """

    dates: tuple[str, ...]
    source_ids: tuple[str, ...]
    province_codes: np.ndarray
    supply_t: np.ndarray
    supply_before_t: np.ndarray
    source_store_t: np.ndarray
    lead_days: np.ndarray
    truck_cycle_h: np.ndarray
    container_cycle_h: np.ndarray
    demand_t: np.ndarray
    stock0_t: np.ndarray
    stock_cap_t: np.ndarray
    trucks: np.ndarray
    containers: np.ndarray
    isotank_t: float = 20.0
    driving_h_per_day: float = 24.0
    warm_days: int = 0
    unmet_penalty: float = DEFAULT_UNMET_PENALTY
    demand_low_t: np.ndarray | None = None
    demand_high_t: np.ndarray | None = None
    today: int = 0  # the day whose stock gives ``days_of_cover`` (the as-of day)

    def __post_init__(self) -> None:
        s, t = len(self.source_ids), len(self.dates)
        p = len(self.province_codes)
        shapes = {
            "supply_t": (s, t),
            "supply_before_t": (s,),
            "source_store_t": (s,),
            "lead_days": (s, p),
            "truck_cycle_h": (s, p),
            "container_cycle_h": (s, p),
            "demand_t": (p, t),
            "stock0_t": (p,),
            "stock_cap_t": (p,),
            "trucks": (t,),
            "containers": (t,),
        }
        for name, shape in shapes.items():
            arr = np.asarray(getattr(self, name))
            if arr.shape != shape:
                raise DataError(f"plan: {name} must have shape {shape}, got {arr.shape}")
            if name != "lead_days" and (np.isnan(arr).any() or (arr < 0).any()):
                raise DataError(f"plan: {name} has a NaN or negative value", column=name)
        finite = ("supply_t", "supply_before_t", "demand_t", "stock0_t", "stock_cap_t")
        for name in finite:
            if not np.isfinite(getattr(self, name)).all():
                raise DataError(f"plan: {name} must be finite", column=name)
        if t == 0:
            raise DataError("plan: the window has no day")
        if not (self.isotank_t > 0 and 0 < self.driving_h_per_day <= 24):
            raise DataError("plan: isotank_t must be > 0 and driving_h_per_day in (0, 24]")
        if self.warm_days < 0:
            raise DataError("plan: warm_days must be >= 0")
        if not 0 <= self.today < t:
            raise DataError(f"plan: today must be a day of the window (0..{t - 1})")

    @property
    def shape(self) -> tuple[int, int, int]:
        """(S sources, P provinces, T days)."""
        return len(self.source_ids), len(self.province_codes), len(self.dates)

    def reachable(self) -> np.ndarray:
        """(P,) bool: some source reaches the province (so its share can be rationed)."""
        return (np.asarray(self.lead_days) >= 0).any(axis=0)


@dataclass(eq=False)
class PlanResult:
    """A solved plan: tidy tables and headline numbers.

    - ``province_days``: ``code, date, demand_t, low, high, delivered_t, unmet_t,
      stock_t`` (end of day), ``arrived_t``, ``share_met``;
    - ``provinces``: ``code, first_short_day, days_short, unmet_t_total,
      patient_days_without_o2, days_of_cover``;
    - ``days``: ``date, trucks_in_use, containers_in_use, trucks_available, supply_t,
      demand_t, delivered_t, unmet_t``;
    - ``flows``: ``source, code, depart, arrive, t`` (departures in the window > 0);
    - ``fleet``: ``trucks_min``, ``unmet_by_trucks`` (list of ``{trucks, unmet_t}``),
      ``containers_min`` (filled by :func:`fleet_answers`);
    - ``objective`` (the last stage's), ``objectives`` (every stage), ``status``,
      ``policy``.
    """

    province_days: pd.DataFrame
    provinces: pd.DataFrame
    days: pd.DataFrame
    flows: pd.DataFrame
    objective: float
    objectives: list[float]
    status: str
    policy: str
    fleet: dict = field(default_factory=dict)
    problem: PlanProblem | None = field(default=None, repr=False)

    @property
    def unmet_t(self) -> float:
        return float(self.province_days["unmet_t"].sum())

    def min_share(self) -> float:
        """Smallest share of need met over reachable provinces and days with demand."""
        pd_ = self.province_days
        ok = pd_["demand_t"] > 0
        if self.problem is not None:
            reach = dict(
                zip(self.problem.province_codes.tolist(), self.problem.reachable(), strict=True)
            )
            ok &= pd_["code"].map(reach).fillna(False).astype(bool)
        return float(pd_.loc[ok, "share_met"].min()) if ok.any() else 1.0


# ------------------------------------------------------------------- the LP
class _Model:
    """One HiGHS instance over a plan's LP, changed in place between the solves of a
    policy or a fleet question (the simplex restarts from the last basis). Rows: the
    equalities, then the inequalities of :class:`geo.plan_lp.Lp`, then any rows added."""

    def __init__(self, lp: Lp) -> None:
        import highspy

        self._hs = highspy
        self.lp = lp
        inf = highspy.kHighsInf
        a = sparse.vstack([lp.a_eq, lp.a_ub]).tocsc()
        model = highspy.HighsLp()
        model.num_col_ = a.shape[1]
        model.num_row_ = a.shape[0]
        model.col_cost_ = np.zeros(a.shape[1])
        model.col_lower_ = lp.lo
        model.col_upper_ = np.where(np.isfinite(lp.hi), lp.hi, inf)
        model.row_lower_ = np.concatenate([lp.b_eq, np.full(lp.a_ub.shape[0], -inf)])
        model.row_upper_ = np.concatenate([lp.b_eq, np.where(np.isfinite(lp.b_ub), lp.b_ub, inf)])
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.start_ = a.indptr.astype(np.int32)
        model.a_matrix_.index_ = a.indices.astype(np.int32)
        model.a_matrix_.value_ = a.data.astype(float)
        h = new_highs()  # one thread, like every highspy instance (geo.highs)
        h.passModel(model)
        self.h = h
        self.n_col = a.shape[1]
        self.n_eq = lp.a_eq.shape[0]

    def row(self, ub_row: int) -> int:
        """HiGHS index of a row of ``lp.a_ub``."""
        return self.n_eq + ub_row

    def add_cols(self, n: int, *, hi: float = np.inf) -> int:
        """Append ``n`` columns (cost 0, bounds [0, hi], in no row); return the first."""
        first = self.n_col
        upper = hi if np.isfinite(hi) else self._hs.kHighsInf
        self.h.addCols(
            n,
            np.zeros(n),
            np.zeros(n),
            np.full(n, upper),
            0,
            np.zeros(n, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        self.n_col += n
        return first

    def add_rows(self, a: sparse.csr_matrix, upper: np.ndarray) -> None:
        """Append rows ``a . v <= upper`` (``a`` has at most ``n_col`` columns)."""
        a = sparse.csr_matrix(a)
        a.resize((a.shape[0], self.n_col))
        inf = self._hs.kHighsInf
        self.h.addRows(
            a.shape[0],
            np.full(a.shape[0], -inf),
            np.asarray(upper, dtype=float),
            a.nnz,
            a.indptr[:-1].astype(np.int32),
            a.indices.astype(np.int32),
            a.data.astype(float),
        )

    def hold(self, c: np.ndarray, best: float) -> None:
        """Keep ``c . v`` at its optimum ``best`` (within the tolerance) from now on."""
        tol = _HOLD_ABS + _HOLD_REL * abs(best)
        self.add_rows(sparse.csr_matrix(np.asarray(c, dtype=float)[None, :]), [best + tol])

    def set_upper(self, ub_rows: np.ndarray, upper: np.ndarray) -> None:
        inf = self._hs.kHighsInf
        idx = (self.n_eq + np.asarray(ub_rows)).astype(np.int32)
        up = np.where(np.isfinite(upper), upper, inf).astype(float)
        self.h.changeRowsBounds(len(idx), idx, np.full(len(idx), -inf), up)

    def set_col_bounds(self, cols: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        idx = np.asarray(cols, dtype=np.int32)
        self.h.changeColsBounds(len(idx), idx, np.asarray(lower, float), np.asarray(upper, float))

    def minimise(
        self,
        c: np.ndarray,
        *,
        mps: Path | None = None,
        solver: str = "simplex",
        fresh: bool = False,
    ) -> tuple[np.ndarray, float]:
        """Minimise ``c . v`` (``c`` padded with zeros to every column); ``solver``
        ``ipm`` (with crossover) for the degenerate max-min stages."""
        self.h.setOptionValue("solver", solver)
        if fresh:
            self.h.clearSolver()
        c = np.asarray(c, dtype=float)
        full = np.zeros(self.n_col)
        full[: len(c)] = c
        self.h.changeColsCost(self.n_col, np.arange(self.n_col, dtype=np.int32), full)
        if mps is not None:
            self.h.writeModel(str(mps))
        self.h.run()
        status = self.h.getModelStatus()
        if status not in (
            self._hs.HighsModelStatus.kOptimal,
            self._hs.HighsModelStatus.kInfeasible,
        ):
            # a warm start that stalls (HiGHS reports "unknown"): solve again from scratch
            self.h.clearSolver()
            self.h.run()
            status = self.h.getModelStatus()
        if status != self._hs.HighsModelStatus.kOptimal:
            raise RuntimeError(f"plan LP not solved: {self.h.modelStatusToString(status)}")
        x = np.asarray(self.h.getSolution().col_value, dtype=float)
        return x, float(self.h.getInfo().objective_function_value)


def _unmet_row(lp: Lp, n_u: int, *, n_t: int = 0) -> np.ndarray:
    """Cost row of unmet tonnes; with ``n_t`` a shortfall on day t weighs
    ``1 + EARLY_WEIGHT x (T - 1 - t) / (T - 1)``: of two plans short by the same
    tonnes, the one short later is chosen (the stock is used before a day is short)."""
    row = np.zeros(len(lp.c_hours))
    row[lp.u0 : lp.u0 + n_u] = 1.0
    if n_t > 1:
        t = np.arange(n_u) % n_t
        row[lp.u0 : lp.u0 + n_u] += EARLY_WEIGHT * (n_t - 1 - t) / (n_t - 1)
    return row


def _solve_stages(
    problem: PlanProblem, lp: Lp, *, policy: str, mps_dir: Path | None = None
) -> tuple[np.ndarray, list[float]]:
    """Solve a policy's stages; return the final columns (base layout) and objectives.

    Every earlier optimum is held by bounds, not by dense rows: the rationing stages
    end with a bound on each unmet column (``u[p,t] <= d[p,t] (1 - share)``), and the
    last stage is the least-hours LP under those bounds."""
    if policy not in POLICIES:
        raise DataError(f"unknown policy '{policy}' (one of {', '.join(POLICIES)})")
    n_s, n_p, n_t = problem.shape
    n_u = n_p * n_t
    n_col = len(lp.c_hours)
    model = _Model(lp)
    unmet = _unmet_row(lp, n_u, n_t=n_t)
    last = lp.c_hours + problem.unmet_penalty * unmet

    def mps(name: str) -> Path | None:
        return None if mps_dir is None else mps_dir / f"{policy}-{name}.mps"

    if policy == "least-hours":
        v, obj = model.minimise(last, mps=mps("1"))
        return v[:n_col], [obj]

    objectives: list[float] = []
    demand = np.asarray(problem.demand_t, dtype=float).ravel()  # p * T + t
    reach = np.repeat(problem.reachable(), n_t)
    rows_pt = np.flatnonzero((demand > 0) & reach)
    m = len(rows_pt)
    rationing = _fair_share_caps if policy == "fair-share" else _need_floor_caps
    cap_u = rationing(model, lp, demand, rows_pt, n_t=n_t, mps=mps, objectives=objectives)
    cols = lp.u0 + rows_pt
    model.set_col_bounds(cols, np.zeros(m), np.minimum(cap_u + _HOLD_ABS, demand[rows_pt]))
    v, obj = model.minimise(last, mps=mps(f"{len(objectives) + 1}-least-hours"), fresh=True)
    objectives.append(obj)
    return v[:n_col], objectives


def _fair_share_caps(
    model: _Model,
    lp: Lp,
    demand: np.ndarray,
    rows_pt: np.ndarray,
    *,
    n_t: int,
    mps: Callable[[str], Path | None],
    objectives: list[float],
) -> np.ndarray:
    """The fair-share stages (the smallest share over every rationed province and day,
    then the sum of each day's smallest share); appends their optima to ``objectives``
    and returns the bound on each rationed unmet column, ``d (1 - z_t)``."""
    m = len(rows_pt)
    # z (overall minimum share) and z_t (each day's minimum share), in [0, 1]:
    #   u[p,t] + d[p,t] z_t <= d[p,t],  z - z_t <= 0
    z = model.add_cols(1 + n_t, hi=1.0)
    zt0 = z + 1
    share = sparse.csr_matrix(
        (
            np.concatenate([np.ones(m), demand[rows_pt]]),
            (np.r_[0:m, 0:m], np.concatenate([lp.u0 + rows_pt, zt0 + rows_pt % n_t])),
        ),
        shape=(m, model.n_col),
    )
    link = sparse.csr_matrix(
        (
            np.r_[np.ones(n_t), -np.ones(n_t)],
            (np.r_[0:n_t, 0:n_t], np.r_[[z] * n_t, zt0 : zt0 + n_t]),
        ),
        shape=(n_t, model.n_col),
    )
    model.add_rows(sparse.vstack([share, link]).tocsr(), np.r_[demand[rows_pt], np.zeros(n_t)])
    c1 = np.zeros(model.n_col)
    c1[z] = -1.0
    _, obj = model.minimise(c1, mps=mps("1-min-share"), solver="ipm")
    z_best = max(-obj - _HOLD_ABS, 0.0)
    objectives.append(-obj)
    model.set_col_bounds(np.array([z]), np.array([z_best]), np.array([1.0]))
    c2 = np.zeros(model.n_col)
    c2[zt0 : zt0 + n_t] = -1.0
    v, obj = model.minimise(c2, mps=mps("2-daily-min-share"), solver="ipm")
    objectives.append(-obj)
    floor = np.maximum(v[zt0 : zt0 + n_t] - _HOLD_ABS, 0.0)[rows_pt % n_t]
    # each day keeps its smallest share: u <= d (1 - z_t) on every rationed pair
    return demand[rows_pt] * (1.0 - floor)


def _need_floor_caps(
    model: _Model,
    lp: Lp,
    demand: np.ndarray,
    rows_pt: np.ndarray,
    *,
    n_t: int,
    mps: Callable[[str], Path | None],
    objectives: list[float],
) -> np.ndarray:
    """The need-floor stage (the least shortfall below ``NEED_FLOOR_SHARE`` of need);
    appends its optimum to ``objectives`` and returns the bound on each rationed unmet
    column, ``(1 - floor) d + f``."""
    m = len(rows_pt)
    # f[p,t] >= u[p,t] - (1 - floor) d[p,t], the shortfall below it
    f0 = model.add_cols(m)
    below = sparse.csr_matrix(
        (
            np.r_[np.ones(m), -np.ones(m)],
            (np.r_[0:m, 0:m], np.concatenate([lp.u0 + rows_pt, f0 + np.arange(m)])),
        ),
        shape=(m, model.n_col),
    )
    model.add_rows(below, (1.0 - NEED_FLOOR_SHARE) * demand[rows_pt])
    c1 = np.zeros(model.n_col)
    c1[f0:] = 1.0
    v, obj = model.minimise(c1, mps=mps("1-below-floor"), solver="ipm")
    objectives.append(obj)
    # each pair keeps its shortfall below the floor: u <= (1 - floor) d + f
    return (1.0 - NEED_FLOOR_SHARE) * demand[rows_pt] + v[f0 + np.arange(m)] + _HOLD_ABS


def solve(problem: PlanProblem, *, policy: str = "least-hours") -> PlanResult:
    """Solve the plan under a rationing ``policy`` (one of :data:`POLICIES`).

    Parameters
    ----------
    problem : PlanProblem
        The time-expanded plan's arrays (``Result.plan_inputs.problem``).
    policy : str
        "least-hours", "fair-share" or "need-floor".

    Returns
    -------
    PlanResult
        tables in tonnes per province and day; ``objective`` is the last stage's
        (``least-hours``: penalty x unmet t + truck-hours; the staged policies: truck-hours
        with the earlier optima held).
    """
    lp = build(problem)
    v, objectives = _solve_stages(problem, lp, policy=policy)
    return _tables(problem, lp, v, objectives, policy)


def _tables(
    problem: PlanProblem, lp: Lp, v: np.ndarray, objectives: list[float], policy: str
) -> PlanResult:
    """The solved columns as the plan's tables: by province and day, by province, by day
    and the flows."""
    n_s, n_p, n_t = problem.shape
    v = np.maximum(v, 0.0)
    x = v[: lp.n_x]
    demand = np.asarray(problem.demand_t, dtype=float)
    unmet = np.minimum(v[lp.u0 : lp.u0 + n_p * n_t].reshape(n_p, n_t), demand)
    stock = v[lp.st0 : lp.st0 + n_p * n_t].reshape(n_p, n_t)
    arrived = np.zeros((n_p, n_t))
    np.add.at(arrived, (lp.arc_p, lp.arc_arr), x)
    delivered = demand - unmet
    codes = np.asarray(problem.province_codes, dtype=int)
    dates = list(problem.dates)
    days = pd.DataFrame(
        {
            "date": dates,
            "trucks_in_use": lp.truck_occ @ v,
            "containers_in_use": lp.cont_occ @ v,
            "trucks_available": np.asarray(problem.trucks, dtype=float),
            "containers_available": np.asarray(problem.containers, dtype=float),
            "supply_t": np.asarray(problem.supply_t, dtype=float).sum(axis=0),
            "demand_t": demand.sum(axis=0),
            "delivered_t": delivered.sum(axis=0),
            "unmet_t": unmet.sum(axis=0),
        }
    )
    keep = (x > SHORT_EPS_T) & (lp.arc_t >= 0)
    flows = pd.DataFrame(
        {
            "source": np.asarray(lp.group_ids, dtype=object)[lp.arc_s[keep]],
            "code": codes[lp.arc_p[keep]],
            "depart": [dates[i] for i in lp.arc_t[keep]],
            "arrive": [dates[i] for i in lp.arc_arr[keep]],
            "t": x[keep],
        }
    )
    return PlanResult(
        province_days=_province_days(problem, demand, delivered, unmet, stock, arrived),
        provinces=_province_table(problem, demand, unmet, stock),
        days=days,
        flows=flows,
        objective=objectives[-1],
        objectives=objectives,
        status="optimal",
        policy=policy,
        problem=problem,
    )


def _province_days(
    problem: PlanProblem,
    demand: np.ndarray,
    delivered: np.ndarray,
    unmet: np.ndarray,
    stock: np.ndarray,
    arrived: np.ndarray,
) -> pd.DataFrame:
    """One row per province and day (tonnes, the share of need met, the demand band)."""
    n_p, n_t = demand.shape
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(demand > 0, delivered / np.where(demand > 0, demand, 1.0), 1.0)
    long = pd.DataFrame(
        {
            "code": np.repeat(np.asarray(problem.province_codes, dtype=int), n_t),
            "date": np.tile(list(problem.dates), n_p),
            "demand_t": demand.ravel(),
            "delivered_t": delivered.ravel(),
            "unmet_t": unmet.ravel(),
            "stock_t": stock.ravel(),
            "arrived_t": arrived.ravel(),
            "share_met": share.ravel(),
        }
    )
    for name, arr in (("low", problem.demand_low_t), ("high", problem.demand_high_t)):
        if arr is not None:
            long.insert(3, name, np.asarray(arr, dtype=float).ravel())
    return long


def _province_table(
    problem: PlanProblem, demand: np.ndarray, unmet: np.ndarray, stock: np.ndarray
) -> pd.DataFrame:
    """One row per province: its first short day, days short, unmet tonnes and
    patient-days, and its days of cover on ``today``."""
    dates = list(problem.dates)
    short = unmet > SHORT_EPS_T
    first = np.where(short.any(axis=1), short.argmax(axis=1), -1)
    # days of cover on ``today``: the stock at its start over its demand
    today = int(problem.today)
    held = np.minimum(problem.stock0_t, problem.stock_cap_t) if today == 0 else stock[:, today - 1]
    d_today = demand[:, today]
    with np.errstate(invalid="ignore", divide="ignore"):
        cover = np.where(d_today > 0, held / np.where(d_today > 0, d_today, 1), np.inf)
    return pd.DataFrame(
        {
            "code": np.asarray(problem.province_codes, dtype=int),
            "first_short_day": pd.Series(
                [dates[i] if i >= 0 else None for i in first], dtype=object
            ),
            "days_short": short.sum(axis=1).astype(int),
            "unmet_t_total": unmet.sum(axis=1),
            # unmet m3 / the severe patient's 14.4 m3/day (WHO planning flow)
            "patient_days_without_o2": unmet.sum(axis=1)
            * M3_GAS_PER_TONNE_LOX
            / SEVERE_PATIENT_M3_PER_DAY,
            "days_of_cover": cover,
            "reachable": problem.reachable(),
        }
    )


# ------------------------------------------------------------- fleet answers
def min_unmet(problem: PlanProblem) -> float:
    """The least total unmet tonnes the plan allows (one LP)."""
    lp = build(problem)
    return _Model(lp).minimise(_unmet_row(lp, lp.a_eq.shape[0]))[1]


class _FleetCurve:
    """Least unmet tonnes as a function of one fleet size (trucks or containers, the
    same every day), on one model whose fleet rows' bounds change between solves."""

    def __init__(self, problem: PlanProblem, *, which: str) -> None:
        lp = build(problem)
        self.n_t = len(problem.dates)
        self.model = _Model(lp)
        self.occ = lp.truck_occ if which == "trucks" else lp.cont_occ
        self.rows = (lp.truck_row0 if which == "trucks" else lp.cont_row0) + np.arange(self.n_t)
        self.cost = _unmet_row(lp, lp.a_eq.shape[0])
        self.cache: dict[float, float] = {}
        self.model.set_upper(self.rows, np.full(self.n_t, np.inf))
        v, self.best = self.model.minimise(self.cost)
        # a fleet as large as the busiest day of this plan reaches the same least unmet
        self.enough = float(np.ceil((self.occ @ v).max() - 1e-6)) if self.n_t else 0.0
        self.tol = _HOLD_ABS * 10 + _HOLD_REL * abs(self.best) * 10

    def unmet(self, n: float) -> float:
        n = float(n)
        if n not in self.cache:
            self.model.set_upper(self.rows, np.full(self.n_t, n))
            self.cache[n] = self.model.minimise(self.cost)[1]
        return self.cache[n]

    def smallest(self) -> int:
        """Fewest units meeting the least unmet (bisection over whole units: unmet never
        rises with the fleet, so the first size at the least unmet is the answer)."""
        meets = [n for n, u in self.cache.items() if u <= self.best + self.tol]
        short = [n for n, u in self.cache.items() if u > self.best + self.tol]
        hi = int(min([self.enough, *meets]))
        lo = int(max(short, default=-1))
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.unmet(mid) <= self.best + self.tol:
                hi = mid
            else:
                lo = mid
        return hi


def unmet_by_trucks(problem: PlanProblem, fleet_sizes: list[float]) -> list[dict]:
    """Least unmet tonnes over the window with the same fleet every day, per size (one
    model; each size changes the fleet rows' bounds and restarts from the last basis)."""
    curve = _FleetCurve(problem, which="trucks")
    return [{"trucks": float(n), "unmet_t": curve.unmet(n)} for n in fleet_sizes]


def trucks_min(problem: PlanProblem) -> int:
    """Fewest trucks (the same every day, containers as given) that meet all demand
    production allows; one fewer leaves more unmet.

    Parameters
    ----------
    problem : PlanProblem

    Returns
    -------
    int
        Trucks.
    """
    return _FleetCurve(problem, which="trucks").smallest()


def containers_min(problem: PlanProblem) -> int:
    """Fewest isotank containers (the same every day, trucks as given) that meet all
    demand production and the trucks allow."""
    return _FleetCurve(problem, which="containers").smallest()


def fleet_answers(problem: PlanProblem, *, steps: int = 4) -> dict:
    """``trucks_min``, ``containers_min`` and the unmet curve ``unmet_by_trucks`` at
    ``steps`` + 1 fleet sizes from 0 to the fleet that reaches the least unmet, with
    the problem's own largest fleet and ``trucks_min``; ``unmet_min_t`` is that least
    unmet (what production and the containers allow)."""
    curve = _FleetCurve(problem, which="trucks")
    top = max(curve.enough, 1.0)
    sizes = {float(round(top * i / steps)) for i in range(steps + 1)}
    finite = np.asarray(problem.trucks, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size:
        sizes.add(float(finite.max()))
    for n in sorted(sizes):
        curve.unmet(n)
    n_min = curve.smallest()
    sizes.add(float(n_min))
    return {
        "trucks_min": n_min,
        "containers_min": containers_min(problem),
        "unmet_min_t": curve.best,
        "unmet_by_trucks": [{"trucks": n, "unmet_t": curve.unmet(n)} for n in sorted(sizes)],
    }


# ---------------------------------------------------------------- export
def export_problem(
    problem: PlanProblem, directory: str | Path, *, policy: str = "least-hours"
) -> Path:
    """Write the plan's arrays (``arrays.npz`` + ``problem.json``) and the LP of every
    stage of ``policy`` as MPS (``<policy>-<stage>.mps``, HiGHS's writer) into
    ``directory``; ``objectives.json`` records each stage's optimum so that a re-solve
    of the MPS files (any LP solver) can be compared with it."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    arrays = {name: np.asarray(getattr(problem, name), dtype=float) for name in _ARRAYS}
    for name in ("demand_low_t", "demand_high_t"):
        if getattr(problem, name) is not None:
            arrays[name] = np.asarray(getattr(problem, name), dtype=float)
    np.savez_compressed(out / "arrays.npz", **arrays)
    meta = {
        "dates": list(problem.dates),
        "source_ids": list(problem.source_ids),
        "isotank_t": problem.isotank_t,
        "driving_h_per_day": problem.driving_h_per_day,
        "warm_days": int(problem.warm_days),
        "today": int(problem.today),
        "unmet_penalty": problem.unmet_penalty,
        "policy": policy,
        "model": __doc__.split("\n\n")[1] if __doc__ else "",
    }
    (out / "problem.json").write_text(json.dumps(meta, indent=1))
    lp = build(problem)
    _, objectives = _solve_stages(problem, lp, policy=policy, mps_dir=out)
    (out / "objectives.json").write_text(json.dumps({"policy": policy, "objectives": objectives}))
    return out


def load_problem(directory: str | Path) -> PlanProblem:
    """Read a problem written by :func:`export_problem`."""
    src = Path(directory)
    try:
        meta = json.loads((src / "problem.json").read_text())
        with np.load(src / "arrays.npz") as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"not a plan export: {exc}", file=str(src)) from exc
    arrays["lead_days"] = arrays["lead_days"].astype(int)
    arrays["province_codes"] = arrays["province_codes"].astype(int)
    return PlanProblem(
        dates=tuple(meta["dates"]),
        source_ids=tuple(meta["source_ids"]),
        isotank_t=float(meta["isotank_t"]),
        driving_h_per_day=float(meta["driving_h_per_day"]),
        warm_days=int(meta["warm_days"]),
        today=int(meta.get("today", 0)),
        unmet_penalty=float(meta["unmet_penalty"]),
        **arrays,
    )
