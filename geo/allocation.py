"""Supply allocation: plants -> provinces by isotank truck, as a linear programme.

Given plant capacities (t/day), province demand (t/day) and a plants x provinces
travel-time matrix (hours; ``np.inf`` = no road/ferry path), :func:`allocate` solves

    minimise   sum_ij c_ij x_ij + penalty * sum_j u_j
    s.t.       sum_i x_ij + u_j = d_j            every province j   (mass balance)
               sum_j x_ij      <= cap_i          every plant i      (production)
               sum_ij x_ij / isotank_t * (2 r_ij + handling_h) / D <= trucks
                                                 (fleet, when fleet_limited)
               x, u >= 0

with ``scipy.optimize.linprog(method="highs")``. ``x_ij`` is t/day shipped, ``u_j`` is
unmet t/day, ``c_ij`` one-way travel hours (road, ferry and sea), ``r_ij`` its truck
part (road and ferry: everything but sea lanes; ``r = c`` when no split is given).

The fleet is a cycle model: a truck carries one isotank (``isotank_t``) per trip; a
trip is load + 2 x road hours + unload (``handling_h = load_h + unload_h``), and a
truck works ``D = driving_h_per_day`` hours a day, so a flow of ``x`` t/day keeps
``x / isotank_t * (2 r + handling_h) / D`` trucks busy. Sea legs carry isotank
containers on ships, not trucks: they are counted as ``isotanks_at_sea`` (containers
afloat on the round trip, ``x / isotank_t * 2 s / 24`` with ``s = c - r``), not as
trucks. The July 2021 parameters, each cited or flagged as an assumption, are
:data:`DEFAULT_FLEET` (:data:`FLEET_PARAMETERS`); the function defaults (handling 2 h,
D = 24 h) describe a truck that never stops, for hand-checkable tests.

Local supply (concentrators, cylinders, deployable systems; t/day equivalent) is
subtracted from a province's demand before routing. :func:`export_problem` writes the
inputs as CSV/JSON so anyone can re-solve with another solver (geo.allocation_io).

Pure functions on arrays and tables, no I/O, no Streamlit; :func:`allocate_pack` and
:func:`scenario_fleet` are the adapters from a pack and a scenario.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from geo import settings
from geo.errors import DataError, DataWarning
from geo.settings import DEFAULT_ISOTANK_T, DEFAULT_TRUCKS, LPM_TO_M3_PER_DAY
from geo.settings import DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY as DEFAULT_SYSTEM_M3_PER_DAY

if TYPE_CHECKING:
    from geo.packs import Pack
    from geo.scenario import Scenario

# Assumption: 2 h per trip for filling at the plant and discharging at the hospital.
DEFAULT_HANDLING_H: float = 2.0
# A truck that works round the clock: the LP functions' default, not a July 2021 figure.
ROUND_THE_CLOCK_H: float = 24.0


@dataclass(frozen=True)
class FleetParams:
    """The isotank-truck cycle: editable; see FLEET_PARAMETERS for the basis of each."""

    isotank_t: float = DEFAULT_ISOTANK_T
    load_h: float = settings.DEFAULT_LOAD_H
    unload_h: float = settings.DEFAULT_UNLOAD_H
    driving_h_per_day: float = settings.DEFAULT_DRIVING_H_PER_DAY

    @property
    def handling_h(self) -> float:
        return self.load_h + self.unload_h

    def with_values(self, **values: float) -> FleetParams:
        """A copy with some values replaced (each must be finite and > 0)."""
        for name, value in values.items():
            if name not in FLEET_PARAMETERS:
                raise DataError(f"unknown fleet parameter '{name}'", column=name)
            if not (isinstance(value, int | float) and np.isfinite(value) and value > 0):
                raise DataError(f"{name} must be a number > 0, got {value}", column=name)
            if name == "driving_h_per_day" and value > 24:
                raise DataError("driving_h_per_day cannot exceed 24", column=name)
        return replace(self, **{k: float(v) for k, v in values.items()})

    def to_dict(self) -> dict[str, dict[str, float | str]]:
        """Every parameter with its value, unit, basis ('cited' or 'assumption') and note."""
        return {
            name: {"value": float(getattr(self, name)), **meta}
            for name, meta in FLEET_PARAMETERS.items()
        }


FLEET_PARAMETERS: dict[str, dict[str, str]] = {
    "isotank_t": {
        "unit": "t per trip",
        "basis": "cited",
        "note": "21 isotanks x 20 t shipped from IMIP Morowali to Tanjung Priok, 5-6 Jul 2021 "
        "(liputan6.com/amp/4598789); 6 x 20 t from Balikpapan, 10 Jul 2021 (tvonenews.com)",
    },
    "load_h": {
        "unit": "h per trip",
        "basis": "assumption",
        "note": "filling a 20 t isotank at the plant or port, paperwork and queueing included",
    },
    "unload_h": {
        "unit": "h per trip",
        "basis": "assumption",
        "note": "discharging into a hospital's tank or a filling station",
    },
    "driving_h_per_day": {
        "unit": "h per truck per day",
        "basis": "cited (limit) + assumption (one driver per truck)",
        "note": "UU 22/2009 on road traffic, Art. 90: a commercial driver works at most 8 h "
        "a day, extendable to 12 h with rest; one driver per truck working the 12 h limit, "
        "handling included",
    },
}
DEFAULT_FLEET = FleetParams()

# Cost of 1 t/day left unmet, in "t/day x hours" units. Far above any one-way trip in
# Indonesia (days, not thousands of hours), so the solver leaves demand unmet only when
# no plant, capacity or truck can serve it.
DEFAULT_UNMET_PENALTY: float = 1.0e4

# Local supply defaults (../shared/docs/DOMAIN.md):
# concentrators typically 5 L/min (some 10 L/min);
DEFAULT_CONCENTRATOR_LPM: float = 5.0
# a 40 L cylinder at 12-15 MPa holds ~5-6 m3 (WHO's "large cylinder" implies ~7 m3);
DEFAULT_CYLINDER_M3: float = 6.0
# assumption: one refill per cylinder per day;
DEFAULT_REFILLS_PER_DAY: float = 1.0
# one deployable concentrator system: geo.settings.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY

Limit = Literal["served", "production-limited", "transport-limited"]


def local_supply_m3_per_day(
    *,
    concentrators: float = 0,
    concentrator_lpm: float = DEFAULT_CONCENTRATOR_LPM,
    cylinders: float = 0,
    cylinder_m3: float = DEFAULT_CYLINDER_M3,
    refills_per_day: float = DEFAULT_REFILLS_PER_DAY,
    systems: float = 0,
    system_m3_per_day: float = DEFAULT_SYSTEM_M3_PER_DAY,
) -> float:
    """Oxygen (m3/day of gas) from local sources that need no isotank truck.

    concentrators x L/min x 1.44 + cylinders x m3 x refills/day + systems x m3/day.
    Example: Kemenperin's 8,100 concentrators x 5 L/min = 58,320 m3/day (~77 t/day,
    ~3% of the 2,622.9 t/day liquid supply). Divide by ``M3_GAS_PER_TONNE_LOX`` for
    t/day equivalent.
    """
    values = {
        "concentrators": concentrators,
        "concentrator_lpm": concentrator_lpm,
        "cylinders": cylinders,
        "cylinder_m3": cylinder_m3,
        "refills_per_day": refills_per_day,
        "systems": systems,
        "system_m3_per_day": system_m3_per_day,
    }
    for name, value in values.items():
        if not np.isfinite(value) or value < 0:
            raise DataError(f"{name} must be finite and >= 0, got {value}", column=name)
    return float(
        concentrators * concentrator_lpm * LPM_TO_M3_PER_DAY
        + cylinders * cylinder_m3 * refills_per_day
        + systems * system_m3_per_day
    )


# --------------------------------------------------------------------- containers
@dataclass(frozen=True, eq=False)
class AllocationProblem:
    """Validated inputs of one allocation (what :func:`export_problem` writes).

    ``plants``: ``id, capacity_t_per_day``; ``demand``: ``province_code,
    demand_t_per_day, local_supply_t_per_day``; ``cost_h``: plants x provinces hours in
    the row order of the two tables (``np.inf`` = unreachable).
    """

    plants: pd.DataFrame
    demand: pd.DataFrame
    cost_h: np.ndarray
    trucks_available: float = DEFAULT_TRUCKS
    isotank_t: float = DEFAULT_ISOTANK_T
    handling_h: float = DEFAULT_HANDLING_H
    unmet_penalty: float = DEFAULT_UNMET_PENALTY
    fleet_limited: bool = True
    driving_h_per_day: float = ROUND_THE_CLOCK_H
    # truck (road + ferry) part of cost_h; None = all of it
    road_h: np.ndarray | None = None

    @property
    def truck_h(self) -> np.ndarray:
        """One-way hours a truck drives (or rides a ferry) on each pair."""
        return self.cost_h if self.road_h is None else self.road_h

    @property
    def sea_h(self) -> np.ndarray:
        """One-way hours on sea lanes on each pair (0 where no sea leg)."""
        if self.road_h is None:
            return np.where(np.isfinite(self.cost_h), 0.0, np.inf)
        return self.cost_h - self.road_h

    def isotanks_at_sea_per_t(self) -> np.ndarray:
        """Isotank containers afloat per t/day on each pair: round trip 2 s / 24 / isotank_t."""
        return 2.0 * self.sea_h / 24.0 / self.isotank_t

    @property
    def net_demand_t_per_day(self) -> np.ndarray:
        """Demand left for trucks: max(demand - local supply, 0)."""
        d = self.demand["demand_t_per_day"].to_numpy(dtype=float)
        local = self.demand["local_supply_t_per_day"].to_numpy(dtype=float)
        return np.maximum(d - local, 0.0)

    def truck_days_per_t(self) -> np.ndarray:
        """Trucks kept busy per t/day on each pair: (2 r + handling) / D / isotank_t."""
        return (2.0 * self.truck_h + self.handling_h) / self.driving_h_per_day / self.isotank_t

    def params(self) -> dict[str, float | bool]:
        return {
            "trucks": float(self.trucks_available),
            "isotank_t": float(self.isotank_t),
            "handling_h": float(self.handling_h),
            "driving_h_per_day": float(self.driving_h_per_day),
            "penalty": float(self.unmet_penalty),
            "fleet_limited": bool(self.fleet_limited),
        }


@dataclass(eq=False)
class AllocationResult:
    """Outcome of :func:`allocate` (tidy tables plus headline numbers).

    - ``provinces``: ``code, demand_t_per_day, local_supply_t_per_day,
      supplied_t_per_day`` (local + trucked), ``unmet_t_per_day, share_met,
      trucks_used, limit, limit_reason``.
    - ``flows``: ``plant, province, t_per_day, travel_time_h, road_h, sea_h, modes``
      ("road" or "road+sea"), ``trucks, isotanks_at_sea`` (flows > 0).
    - ``provinces`` also has ``fleet_binds``: unmet while the fleet is what binds.
    - ``plants``: ``id, capacity_t_per_day, used_t_per_day, spare_t_per_day``.
    - ``trucks_needed``: trucks the chosen flows keep busy (trips x round trip / 24 h).
    - ``trucks_needed_unconstrained``: the same for the optimal flow with no fleet limit:
      how many trucks the demand would need (production limits still apply).
    - ``total_cost``: objective value (t/day x hours + penalty x unmet t/day);
      ``transport_cost_t_h``: its travel part only.
    """

    provinces: pd.DataFrame
    flows: pd.DataFrame
    plants: pd.DataFrame
    trucks_needed: float
    trucks_needed_unconstrained: float
    trucks_available: float
    total_cost: float
    transport_cost_t_h: float
    status: str
    problem: AllocationProblem = field(repr=False)
    # isotank containers afloat on sea legs (round trips), not trucks
    isotanks_at_sea: float = 0.0

    @property
    def fleet_binds(self) -> bool:
        """The fleet row is active: every available truck is busy."""
        p = self.problem
        return bool(
            p.fleet_limited
            and self.trucks_needed >= p.trucks_available - 1e-6 * max(1.0, p.trucks_available)
        )

    @property
    def unmet_t_per_day(self) -> float:
        return float(self.provinces["unmet_t_per_day"].sum())


# -------------------------------------------------------------------- validation
def _require(df: object, columns: list[str], what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"`{what}` must be a pandas DataFrame, got {type(df).__name__}")
    for col in columns:
        if col not in df.columns:
            raise DataError(f"`{what}` has no column '{col}'", column=col)
    return df


def _nonneg(values: object, what: str, column: str) -> np.ndarray:
    arr = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(arr).all():
        raise DataError(f"`{what}` has a missing or non-finite value", column=column)
    if (arr < 0).any():
        raise DataError(f"`{what}` has a negative value", column=column)
    return arr


def _local_vector(
    local: Mapping[int, float] | pd.Series | pd.DataFrame | None, codes: np.ndarray
) -> np.ndarray:
    if local is None:
        return np.zeros(len(codes))
    if isinstance(local, pd.DataFrame):
        _require(local, ["province_code", "local_supply_t_per_day"], "local_supply_t_per_day")
        series = local.set_index("province_code")["local_supply_t_per_day"]
    else:
        series = pd.Series(local, dtype=float)
    series.index = pd.to_numeric(pd.Series(series.index), errors="coerce").to_numpy()
    unknown = set(series.index) - set(codes.tolist())
    if unknown:
        warnings.warn(
            f"local supply given for provinces not in `demand`: {sorted(unknown)} (ignored)",
            DataWarning,
            stacklevel=3,
        )
    vec = series.groupby(level=0).sum().reindex(codes).fillna(0.0).to_numpy(dtype=float)
    return _nonneg(vec, "local_supply_t_per_day", "local_supply_t_per_day")


def make_problem(
    plants: pd.DataFrame,
    demand: pd.DataFrame,
    cost_h: np.ndarray | pd.DataFrame,
    *,
    trucks_available: float = DEFAULT_TRUCKS,
    isotank_t: float = DEFAULT_ISOTANK_T,
    handling_h: float = DEFAULT_HANDLING_H,
    unmet_penalty: float = DEFAULT_UNMET_PENALTY,
    fleet_limited: bool = True,
    local_supply_t_per_day: Mapping[int, float] | pd.Series | pd.DataFrame | None = None,
    driving_h_per_day: float = ROUND_THE_CLOCK_H,
    sea_h: np.ndarray | pd.DataFrame | None = None,
) -> AllocationProblem:
    """Validate inputs into an :class:`AllocationProblem` (see :func:`allocate`)."""
    _require(plants, ["id", "capacity_t_per_day"], "plants")
    _require(demand, ["province_code", "demand_t_per_day"], "demand")
    ids = plants["id"].astype(str).to_numpy()
    if len(set(ids)) != len(ids):
        raise DataError("`plants` has duplicate ids", column="id")
    cap = _nonneg(plants["capacity_t_per_day"], "plants", "capacity_t_per_day")
    codes = pd.to_numeric(demand["province_code"], errors="coerce")
    if codes.isna().any():
        raise DataError("`demand` has a missing or non-numeric code", column="province_code")
    codes_arr = codes.astype(int).to_numpy()
    if len(set(codes_arr.tolist())) != len(codes_arr):
        raise DataError("`demand` has duplicate province codes", column="province_code")
    dem = _nonneg(demand["demand_t_per_day"], "demand", "demand_t_per_day")

    cost = _plant_province_hours(cost_h, ids, codes_arr, missing=np.inf)
    sea = None if sea_h is None else _sea_hours(sea_h, ids, codes_arr, cost)
    _check_cost(cost, (len(ids), len(codes_arr)))
    for name, value, positive in (
        ("trucks_available", trucks_available, False),
        ("isotank_t", isotank_t, True),
        ("handling_h", handling_h, False),
        ("unmet_penalty", unmet_penalty, True),
        ("driving_h_per_day", driving_h_per_day, True),
    ):
        if not np.isfinite(value) or value < 0 or (positive and value == 0):
            raise DataError(f"{name} must be finite and {'> 0' if positive else '>= 0'}")
    finite = cost[np.isfinite(cost)]
    if finite.size and unmet_penalty <= finite.max():
        warnings.warn(
            f"unmet_penalty {unmet_penalty:g} <= the longest trip {finite.max():.1f} h: "
            "leaving demand unmet can be cheaper than delivering it",
            DataWarning,
            stacklevel=3,
        )
    local = _local_vector(local_supply_t_per_day, codes_arr)
    return AllocationProblem(
        plants=pd.DataFrame({"id": ids, "capacity_t_per_day": cap}),
        demand=pd.DataFrame(
            {"province_code": codes_arr, "demand_t_per_day": dem, "local_supply_t_per_day": local}
        ),
        cost_h=cost,
        trucks_available=float(trucks_available),
        isotank_t=float(isotank_t),
        handling_h=float(handling_h),
        unmet_penalty=float(unmet_penalty),
        fleet_limited=bool(fleet_limited),
        driving_h_per_day=float(driving_h_per_day),
        road_h=None if sea is None else np.where(np.isfinite(cost), cost - sea, np.inf),
    )


def _plant_province_hours(
    hours: np.ndarray | pd.DataFrame, ids: np.ndarray, codes: np.ndarray, *, missing: float
) -> np.ndarray:
    """Plants x provinces hours as an array: a DataFrame (plant ids x province codes) is
    put in the order of ``ids`` and ``codes``, its gaps ``missing`` (NaN: left as NaN)."""
    if not isinstance(hours, pd.DataFrame):
        return np.asarray(hours, dtype=float)
    frame = hours.copy()
    frame.index = frame.index.astype(str)
    frame.columns = pd.to_numeric(pd.Series(frame.columns), errors="coerce").to_numpy()
    out = frame.reindex(index=ids, columns=codes).to_numpy(dtype=float)
    return out if np.isnan(missing) else np.where(np.isnan(out), missing, out)


def _sea_hours(
    sea_h: np.ndarray | pd.DataFrame, ids: np.ndarray, codes: np.ndarray, cost: np.ndarray
) -> np.ndarray:
    """The sea part of each trip (0 where there is no path), checked against ``cost``."""
    sea = _plant_province_hours(sea_h, ids, codes, missing=np.nan)
    if sea.shape != cost.shape:
        raise DataError(
            f"sea_h must have the shape of cost_h {cost.shape}, got {sea.shape}", column="sea_h"
        )
    sea = np.where(np.isfinite(cost), np.nan_to_num(sea, nan=0.0, posinf=0.0), 0.0)
    if (sea < 0).any() or (sea > np.where(np.isfinite(cost), cost, np.inf) + 1e-9).any():
        raise DataError("sea_h must be >= 0 and <= the travel time", column="sea_h")
    return sea


def _check_cost(cost: np.ndarray, shape: tuple[int, int]) -> None:
    """Refuse travel times of the wrong shape, NaN or negative."""
    if cost.shape != shape:
        raise DataError(
            f"cost_h must be plants x provinces = {shape}, got {cost.shape}", column="travel_time_h"
        )
    if np.isnan(cost).any() or (cost < 0).any():
        raise DataError(
            "cost_h has a NaN or negative travel time (use np.inf for no path)",
            column="travel_time_h",
        )


# ------------------------------------------------------------------------- solve
def _solve_lp(
    problem: AllocationProblem, *, fleet: bool
) -> tuple[np.ndarray, np.ndarray, float, str]:
    """Return (x as plants x provinces, unmet per province, objective, status)."""
    n, m = problem.cost_h.shape
    d = problem.net_demand_t_per_day
    pi, pj = np.nonzero(np.isfinite(problem.cost_h))
    k = len(pi)
    if k + m == 0:  # no province: nothing to route
        return np.zeros((n, m)), np.zeros(m), 0.0, "optimal"
    c = np.concatenate([problem.cost_h[pi, pj], np.full(m, problem.unmet_penalty)])
    arc = np.arange(k)
    a_eq = sparse.hstack(
        [sparse.csr_matrix((np.ones(k), (pj, arc)), shape=(m, k)), sparse.identity(m)]
    ).tocsr()
    rows = [
        sparse.hstack(
            [sparse.csr_matrix((np.ones(k), (pi, arc)), shape=(n, k)), sparse.csr_matrix((n, m))]
        )
    ]
    b_ub = [problem.plants["capacity_t_per_day"].to_numpy(dtype=float)]
    if fleet:
        per_t = problem.truck_days_per_t()[pi, pj]
        rows.append(sparse.csr_matrix(np.concatenate([per_t, np.zeros(m)])[None, :]))
        b_ub.append(np.array([problem.trucks_available]))
    res = linprog(
        c,
        A_ub=sparse.vstack(rows).tocsr(),
        b_ub=np.concatenate(b_ub),
        A_eq=a_eq,
        b_eq=d,
        bounds=(0, None),
        method="highs",
    )
    if res.status != 0 or res.x is None:
        raise RuntimeError(f"allocation LP failed: {res.message}")
    x = np.zeros((n, m))
    x[pi, pj] = res.x[:k]
    return x, res.x[k:], float(res.fun), "optimal"


def _trucks(problem: AllocationProblem, x: np.ndarray) -> np.ndarray:
    per_t = np.where(np.isfinite(problem.cost_h), problem.truck_days_per_t(), 0.0)
    return x * per_t


def allocate(
    plants: pd.DataFrame,
    demand: pd.DataFrame,
    cost_h: np.ndarray | pd.DataFrame,
    *,
    trucks_available: float = DEFAULT_TRUCKS,
    isotank_t: float = DEFAULT_ISOTANK_T,
    handling_h: float = DEFAULT_HANDLING_H,
    unmet_penalty: float = DEFAULT_UNMET_PENALTY,
    fleet_limited: bool = True,
    local_supply_t_per_day: Mapping[int, float] | pd.Series | pd.DataFrame | None = None,
    driving_h_per_day: float = ROUND_THE_CLOCK_H,
    sea_h: np.ndarray | pd.DataFrame | None = None,
) -> AllocationResult:
    """Route plant output to provinces at least travel time, within capacity and fleet.

    ``plants``: ``id, capacity_t_per_day``. ``demand``: ``province_code,
    demand_t_per_day``. ``cost_h``: plants x provinces one-way travel hours (array in
    the row order of the two tables, or a DataFrame indexed by plant id with province
    codes as columns; ``np.inf`` or missing = no road/ferry path).
    ``local_supply_t_per_day``: per province (mapping, Series, or DataFrame with
    ``province_code, local_supply_t_per_day``), subtracted from demand before routing.
    ``sea_h``: the part of ``cost_h`` on sea lanes (same shape; None = none): it costs
    time but no truck. ``driving_h_per_day``: hours a truck works per day.

    Each province gets a ``limit``: ``served``; ``transport-limited`` when no plant can
    reach it, or the fleet constraint binds while plants it can reach still have spare
    capacity (or the penalty is below the trip cost); ``production-limited`` when every
    plant it can reach is at capacity. ``limit_reason`` states the deciding numbers.
    """
    problem = make_problem(
        plants,
        demand,
        cost_h,
        trucks_available=trucks_available,
        isotank_t=isotank_t,
        handling_h=handling_h,
        unmet_penalty=unmet_penalty,
        fleet_limited=fleet_limited,
        local_supply_t_per_day=local_supply_t_per_day,
        driving_h_per_day=driving_h_per_day,
        sea_h=sea_h,
    )
    return solve_problem(problem)


def solve_problem(problem: AllocationProblem) -> AllocationResult:
    """Solve a validated :class:`AllocationProblem` (see :func:`allocate`)."""
    x, unmet, objective, status = _solve_lp(problem, fleet=problem.fleet_limited)
    trucks = _trucks(problem, x)
    if problem.fleet_limited:
        x_free, _, _, _ = _solve_lp(problem, fleet=False)
        trucks_free = float(_trucks(problem, x_free).sum())
    else:
        trucks_free = float(trucks.sum())
    return _build_result(problem, x, unmet, trucks, objective, status, trucks_free)


def _province_limits(
    problem: AllocationProblem,
    x: np.ndarray,
    unmet: np.ndarray,
    *,
    supplied: np.ndarray,
    routed: np.ndarray,
    local_used: np.ndarray,
    spare: np.ndarray,
    fleet_used: float,
    fleet_binding: bool,
    tol: float,
) -> tuple[list[str], list[str], list[bool]]:
    """Per province what limits it (served, transport-limited, production-limited), the
    reason in words, and whether the fleet binds while reachable plants have spare."""
    codes = problem.demand["province_code"].to_numpy()
    cap = problem.plants["capacity_t_per_day"].to_numpy(dtype=float)
    reach = np.isfinite(problem.cost_h)
    limits: list[str] = []
    reasons: list[str] = []
    fleet_flags: list[bool] = []
    for j, code in enumerate(codes):
        plants_j = np.flatnonzero(reach[:, j])
        fleet_flags.append(
            bool(unmet[j] > 0 and plants_j.size and spare[plants_j].sum() > tol and fleet_binding)
        )
        if unmet[j] <= 0:
            n_src = int((x[:, j] > 0).sum())
            text = f"fully served: {supplied[j]:.1f} t/day"
            if routed[j] > 0:
                text += f", {routed[j]:.1f} by truck from {n_src} plant(s)"
            if local_used[j] > 0:
                text += f", {local_used[j]:.1f} from local supply"
            limits.append("served")
            reasons.append(text)
        elif plants_j.size == 0:
            limits.append("transport-limited")
            reasons.append(
                f"no plant can reach province {code} by road or ferry; {unmet[j]:.1f} t/day unmet"
            )
        elif spare[plants_j].sum() <= tol:
            limits.append("production-limited")
            reasons.append(
                f"all {plants_j.size} plant(s) that can reach it are at capacity "
                f"({cap[plants_j].sum():.1f} t/day in total); {unmet[j]:.1f} t/day unmet"
            )
        elif fleet_binding:
            limits.append("transport-limited")
            reasons.append(
                f"fleet-limited: all {problem.trucks_available:g} trucks are in use ({fleet_used:.1f} "
                f"truck-days/day) while plants that can reach it have "
                f"{spare[plants_j].sum():.1f} t/day spare; {unmet[j]:.1f} t/day unmet"
            )
        else:
            limits.append("transport-limited")
            reasons.append(
                f"delivery costs more than the unmet penalty ({problem.unmet_penalty:g}) "
                f"though plants that can reach it have {spare[plants_j].sum():.1f} t/day "
                f"spare; {unmet[j]:.1f} t/day unmet"
            )
    return limits, reasons, fleet_flags


def _flows(
    problem: AllocationProblem, x: np.ndarray, trucks: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """The flows plant -> province with their times, modes and trucks, and the isotanks
    at sea per pair (t/day x isotanks per t)."""
    ids = problem.plants["id"].to_numpy()
    codes = problem.demand["province_code"].to_numpy()
    reach = np.isfinite(problem.cost_h)
    fi, fj = np.nonzero(x > 0)
    sea_h = problem.sea_h[fi, fj]
    at_sea = x * np.where(reach, problem.isotanks_at_sea_per_t(), 0.0)
    flows = pd.DataFrame(
        {
            "plant": ids[fi],
            "province": codes[fj],
            "t_per_day": x[fi, fj],
            "travel_time_h": problem.cost_h[fi, fj],
            "road_h": problem.truck_h[fi, fj],
            "sea_h": sea_h,
            "modes": np.where(sea_h > 0, "road+sea", "road"),
            "trucks": trucks[fi, fj],
            "isotanks_at_sea": at_sea[fi, fj],
        }
    )
    return flows, at_sea


def _build_result(
    problem: AllocationProblem,
    x: np.ndarray,
    unmet: np.ndarray,
    trucks: np.ndarray,
    objective: float,
    status: str,
    trucks_free: float,
) -> AllocationResult:
    ids = problem.plants["id"].to_numpy()
    cap = problem.plants["capacity_t_per_day"].to_numpy(dtype=float)
    codes = problem.demand["province_code"].to_numpy()
    demand = problem.demand["demand_t_per_day"].to_numpy(dtype=float)
    local_used = np.minimum(problem.demand["local_supply_t_per_day"].to_numpy(float), demand)
    scale = max(1.0, float(demand.sum()), float(cap.sum()))
    tol = 1e-7 * scale
    x = np.where(x > tol, x, 0.0)
    unmet = np.where(unmet > tol, unmet, 0.0)
    used = x.sum(axis=1)
    spare = np.maximum(cap - used, 0.0)
    reach = np.isfinite(problem.cost_h)
    fleet_used = float(trucks.sum())
    fleet_binding = problem.fleet_limited and (
        fleet_used >= problem.trucks_available - 1e-6 * max(1.0, problem.trucks_available)
    )
    routed = x.sum(axis=0)
    supplied = local_used + routed

    limits, reasons, fleet_flags = _province_limits(
        problem,
        x,
        unmet,
        supplied=supplied,
        routed=routed,
        local_used=local_used,
        spare=spare,
        fleet_used=fleet_used,
        fleet_binding=fleet_binding,
        tol=tol,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(demand > 0, supplied / np.where(demand > 0, demand, 1.0), 1.0)
    provinces = pd.DataFrame(
        {
            "code": codes,
            "demand_t_per_day": demand,
            "local_supply_t_per_day": local_used,
            "supplied_t_per_day": supplied,
            "unmet_t_per_day": unmet,
            "share_met": np.clip(share, 0.0, 1.0),
            "trucks_used": trucks.sum(axis=0),
            "limit": limits,
            "limit_reason": reasons,
            "fleet_binds": fleet_flags,
        }
    )
    flows, at_sea = _flows(problem, x, trucks)
    plants_out = pd.DataFrame(
        {"id": ids, "capacity_t_per_day": cap, "used_t_per_day": used, "spare_t_per_day": spare}
    )
    transport = float((np.where(reach, problem.cost_h, 0.0) * x).sum())
    return AllocationResult(
        provinces=provinces,
        flows=flows,
        plants=plants_out,
        trucks_needed=fleet_used,
        trucks_needed_unconstrained=trucks_free,
        trucks_available=problem.trucks_available,
        total_cost=objective,
        transport_cost_t_h=transport,
        status=status,
        problem=problem,
        isotanks_at_sea=float(at_sea.sum()),
    )


def solve_nested(base: AllocationResult, demand_t_per_day: np.ndarray) -> AllocationResult:
    """The allocation of another demand (one value per province, in ``base``'s order)
    that keeps ``base``'s routes: the ends of a demand interval, so that more demand
    never gives less unmet demand or fewer trucks.

    Where a province needs less than ``base`` delivers, its flows are scaled down
    (same plants, same routes). What is still needed is routed as its own least-time LP
    over the plants' spare capacity: with the trucks ``base`` left free when every
    province needs at least as much (the high end), with only the trucks the scaling
    freed when every province needs at most as much (the low end). So unmet demand and
    trucks needed are each at least ``base``'s at the high end and at most ``base``'s at
    the low end. With the fleet limit on, ``trucks_needed_unconstrained`` is nested the
    same way from ``base``'s (plus the extra's own need, or scaled)."""
    p = base.problem
    ids = p.plants["id"].to_numpy()
    codes = p.demand["province_code"].to_numpy()
    x_base = np.zeros(p.cost_h.shape)
    if len(base.flows):
        fi = pd.Index(ids).get_indexer(base.flows["plant"])
        fj = pd.Index(codes).get_indexer(base.flows["province"])
        np.add.at(x_base, (fi, fj), base.flows["t_per_day"].to_numpy(dtype=float))
    demand = np.asarray(demand_t_per_day, dtype=float)
    if demand.shape != (len(codes),) or not np.isfinite(demand).all() or (demand < 0).any():
        raise DataError("the nested demand needs one finite value >= 0 per province")
    full = replace(p, demand=p.demand.assign(demand_t_per_day=demand))
    net = full.net_demand_t_per_day
    routed = x_base.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        keep = np.where(routed > 0, np.minimum(1.0, net / np.where(routed > 0, routed, 1.0)), 1.0)
    x = x_base * keep[None, :]
    trucks = _trucks(full, x)
    extra_need = np.maximum(net - x.sum(axis=0), 0.0)
    grows = bool((demand >= p.demand["demand_t_per_day"].to_numpy(dtype=float) - 1e-9).all())
    if extra_need.sum() > 0:
        spare = np.maximum(p.plants["capacity_t_per_day"].to_numpy(dtype=float) - x.sum(1), 0.0)
        # more demand: the extra over the spare capacity with the trucks base left free;
        # less demand: what base left unmet, re-routed with only the trucks it freed
        free_trucks = float(p.trucks_available) if grows else float(base.trucks_needed)
        step = replace(
            full,
            plants=p.plants.assign(capacity_t_per_day=spare),
            demand=p.demand.assign(demand_t_per_day=extra_need, local_supply_t_per_day=0.0),
            trucks_available=max(free_trucks - float(trucks.sum()), 0.0),
        )
        x_extra, _, _, _ = _solve_lp(step, fleet=p.fleet_limited or not grows)
        trucks_extra = _trucks(full, x_extra)
        if grows and p.fleet_limited:
            x_free, _, _, _ = _solve_lp(step, fleet=False)
            trucks_free = base.trucks_needed_unconstrained + float(_trucks(full, x_free).sum())
        x = x + x_extra
        trucks = trucks + trucks_extra
    if not p.fleet_limited:
        trucks_free = float(trucks.sum())
    elif not grows or extra_need.sum() <= 0:
        trucks_free = base.trucks_needed_unconstrained * (
            float(trucks.sum()) / base.trucks_needed if base.trucks_needed > 0 else 1.0
        )
    unmet = np.maximum(net - x.sum(axis=0), 0.0)
    reach = np.isfinite(full.cost_h)
    objective = float((np.where(reach, full.cost_h, 0.0) * x).sum())
    objective += float(full.unmet_penalty * unmet.sum())
    return _build_result(full, x, unmet, trucks, objective, base.status, trucks_free)


# ------------------------------------------------------------------ on a pack
def scenario_fleet(pack: Pack, scenario: Scenario) -> FleetParams:
    """The truck cycle of a scenario: the pack's isotank size, the scenario's hours."""
    return DEFAULT_FLEET.with_values(
        isotank_t=float(pack.supply.isotank_capacity_t),
        load_h=float(scenario.load_h),
        unload_h=float(scenario.unload_h),
        driving_h_per_day=float(scenario.drive_h),
    )


def allocate_pack(
    pack: Pack,
    demand: pd.DataFrame,
    cost_h: np.ndarray,
    *,
    trucks: int,
    fleet_limited: bool = True,
    date: str | None = None,
    sea_h: np.ndarray | None = None,
    fleet: FleetParams | None = None,
) -> AllocationResult:
    """Supply lines -> provinces at least travel time, line capacities and (optionally)
    the truck fleet respected, unmet demand explicit (:func:`allocate` on a pack).

    Parameters
    ----------
    pack : Pack
    demand : pandas.DataFrame
        ``code, demand_t_per_day`` (t/day; :func:`geo.demand.province_demand`).
    cost_h, sea_h : numpy.ndarray
        Sources x provinces hours, and its sea part (no truck; None = none). Rows are the
        sources of :func:`geo.supply.supply_sources` on ``date``, in order (as
        :func:`geo.coverage.access` attaches them); columns are ``pack.provinces``.
    trucks : int
    fleet_limited : bool
    date : str, optional
    fleet : FleetParams, optional
        The truck cycle (default allocation.DEFAULT_FLEET, isotank size from the pack).

    Returns
    -------
    AllocationResult
        Flows (t/day, hours, trucks), provinces (met, unmet t/day, limit) and plants.
    """
    from geo import supply as supply_model

    sources = supply_model.supply_sources(pack, date=date)
    fleet = fleet or DEFAULT_FLEET.with_values(isotank_t=float(pack.supply.isotank_capacity_t))
    plants = pd.DataFrame(
        {
            "id": sources["id"].to_numpy(),
            "capacity_t_per_day": sources["capacity_t_per_day"].to_numpy(dtype=float),
        }
    )
    if cost_h.shape[0] != len(plants):
        raise DataError(
            f"cost_h has {cost_h.shape[0]} rows but {len(plants)} supply lines are sources "
            f"on {date or settings.DEFAULT_DATE} (use the same date for access and allocate)"
        )
    table = demand[["code", "demand_t_per_day"]].rename(columns={"code": "province_code"})
    codes = pack.provinces["code"].to_numpy()
    cost = pd.DataFrame(cost_h, index=plants["id"], columns=codes)
    cost = cost[table["province_code"].to_numpy()]
    sea = None
    if sea_h is not None:
        sea = pd.DataFrame(sea_h, index=plants["id"], columns=codes)
        sea = sea[table["province_code"].to_numpy()]
    result = allocate(
        plants,
        table,
        cost,
        trucks_available=trucks,
        isotank_t=fleet.isotank_t,
        handling_h=fleet.handling_h,
        driving_h_per_day=fleet.driving_h_per_day,
        fleet_limited=fleet_limited,
        sea_h=sea,
    )
    return mark_missing(result, demand)


def mark_missing(result: AllocationResult, demand: pd.DataFrame) -> AllocationResult:
    """A province with no demand figure is "demand unknown", not "served"."""
    if "missing_reason" in demand:
        reasons = demand.set_index("code")["missing_reason"]
        missing = result.provinces["code"].map(reasons).fillna("") != ""
        if missing.any():
            result.provinces.loc[missing, "limit"] = "demand unknown"
            result.provinces.loc[missing, "limit_reason"] = result.provinces.loc[
                missing, "code"
            ].map(reasons)
    return result


# -------------------------------------------------------------------- sensitivity
def fleet_sensitivity(
    problem: AllocationProblem,
    *,
    driving_h_per_day: Sequence[float] | np.ndarray = (8.0, 10.0, 12.0, 16.0, 20.0, 24.0),
    handling_h: Sequence[float] | np.ndarray = (2.0, 4.0, 6.0, 8.0),
) -> pd.DataFrame:
    """Trucks needed to serve the demand (no fleet limit) for every pair of truck working
    hours per day and handling hours per trip: ``driving_h_per_day, handling_h,
    trucks_needed, isotanks_at_sea, supplied_t_per_day``. One LP per handling time (the
    optimal flow does not depend on the fleet when the fleet is unlimited, nor on D); D
    only rescales the truck count."""
    rows = []
    for h in np.asarray(handling_h, dtype=float):
        variant = replace(problem, handling_h=float(h), fleet_limited=False)
        x, unmet, _, _ = _solve_lp(variant, fleet=False)
        per_truck_h = np.where(
            np.isfinite(variant.cost_h), (2.0 * variant.truck_h + h) / variant.isotank_t, 0.0
        )
        truck_h_per_day = float((x * per_truck_h).sum())
        at_sea = float(
            (x * np.where(np.isfinite(variant.cost_h), variant.isotanks_at_sea_per_t(), 0.0)).sum()
        )
        for d in np.asarray(driving_h_per_day, dtype=float):
            if not (np.isfinite(d) and 0 < d <= 24):
                raise DataError(f"driving_h_per_day must be in (0, 24], got {d}")
            rows.append(
                {
                    "driving_h_per_day": float(d),
                    "handling_h": float(h),
                    "trucks_needed": truck_h_per_day / d,
                    "isotanks_at_sea": at_sea,
                    "supplied_t_per_day": float(x.sum()),
                }
            )
    return pd.DataFrame(rows)


# the problem as files (CSV, JSON), kept importable from here
from geo.allocation_io import export_problem as export_problem  # noqa: E402
from geo.allocation_io import load_problem as load_problem  # noqa: E402
