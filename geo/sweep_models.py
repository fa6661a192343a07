"""The models a sweep solves on a pack (geo.sweep): :class:`PackSource` (what a worker
loads once), :class:`PlanModel` (the time-expanded plan built by the runner, its
estimated lines and shipments perturbed by each draw) and :class:`SnapshotModel` (each
day as its snapshot allocation). Re-exported by :mod:`geo.sweep`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geo import settings
from geo.errors import DataError
from geo.scenario import Scenario
from geo.sweep_draws import Draw, DrawModel, demand_at, shift_profile

# ------------------------------------------------------------------ pack models


@dataclass(frozen=True)
class PackSource:
    """A pack and a scenario: what a worker loads (once) to build the model. A worker
    whose pack has another content hash than the client's refuses to run."""

    scenario: Scenario
    pack: str = "embedded"
    data_root: str | None = None
    allow_outside_root: bool = False
    max_file_mb: float | None = None
    content_hash: str = ""

    def key(self) -> Hashable:
        return (
            self.pack,
            self.data_root,
            self.allow_outside_root,
            self.scenario.canonical(),
            self.content_hash,
        )

    def build(self) -> DrawModel:
        from geo.packs import load_pack

        pack = load_pack(
            self.pack,
            data_root=self.data_root,
            allow_outside_root=self.allow_outside_root,
            max_file_mb=self.max_file_mb,
        )
        if self.content_hash and pack.content_hash != self.content_hash:
            raise DataError(
                f"pack '{self.pack}' on this worker is not the client's (content hash "
                f"{pack.content_hash[:12]} != {self.content_hash[:12]}): give every worker "
                "the same data"
            )
        return pack_model(pack, self.scenario)


def window_dates(scenario: Scenario) -> tuple[str, ...]:
    """The plan's days: ``plan_from`` and ``plan_days`` of the scenario (the plan's
    defaults when the scenario has none)."""
    start = pd.Timestamp(getattr(scenario, "plan_from", "") or settings.DEFAULT_PLAN_FROM)
    days = int(getattr(scenario, "plan_days", 0) or settings.DEFAULT_PLAN_DAYS)
    return tuple(d.strftime("%Y-%m-%d") for d in pd.date_range(start, periods=days, freq="D"))


def pack_model(pack: Any, scenario: Scenario) -> DrawModel:
    """The model a sweep solves on ``pack``: the time-expanded plan (geo.plan) built by
    the runner's plan stage; the day-by-day snapshot allocation while the runner has
    no plan stage."""
    from geo import pipeline

    if hasattr(pipeline.Runner, "plan_inputs"):
        return PlanModel(pack, scenario)
    return SnapshotModel(pack, scenario)


def perturb_plan(
    problem: Any,
    draw: Draw,
    *,
    line_rows: np.ndarray,
    shipment_rows: np.ndarray,
    handling_h: float,
    trucks_for: Callable[[int], np.ndarray] | None,
    containers_per_truck: float = 1.0,
) -> Any:
    """A :class:`geo.plan.PlanProblem` with one draw's numbers (``dataclasses.replace``):

    - demand at the draw's position in each province's interval (:func:`demand_at`;
      unchanged where the problem carries no interval);
    - each perturbed line's daily tonnes (rows ``line_rows`` of ``supply_t``) started
      ``line_delay_days`` late and scaled by ``line_factor`` (its output before the
      window scaled too); each shipment's cargo (rows ``shipment_rows``) landing
      ``shipment_delay_days`` late (after the window: lost to it) and scaled by
      ``shipment_factor``;
    - truck and container cycles with the draw's handling hours instead of
      ``handling_h``; the draw's truck working day;
    - trucks per day ``trucks_for(draw.trucks)`` and containers in proportion (None:
      the fleet is not limited, left as it is).
    Tanks (stock at the start and capacity) are the problem's: they are hardware."""
    demand = problem.demand_t
    if problem.demand_low_t is not None and problem.demand_high_t is not None:
        demand = demand_at(
            problem.demand_t,
            problem.demand_low_t,
            problem.demand_high_t,
            draw.demand_z,
            level=draw.demand_level,
        )
    supply = np.array(problem.supply_t, dtype=float, copy=True)
    before = np.array(problem.supply_before_t, dtype=float, copy=True)
    if len(line_rows):
        rows = supply[line_rows]
        supply[line_rows] = (
            shift_profile(rows, draw.line_delay_days, active_before=rows[:, 0] > 0)
            * draw.line_factor[:, None]
        )
        before[line_rows] = before[line_rows] * draw.line_factor
    if len(shipment_rows):
        rows = supply[shipment_rows]
        supply[shipment_rows] = (
            shift_profile(rows, draw.shipment_delay_days, active_before=np.zeros(len(rows), bool))
            * draw.shipment_factor[:, None]
        )
    extra = draw.load_h + draw.unload_h - handling_h
    changes: dict[str, Any] = {
        "demand_t": demand,
        "supply_t": supply,
        "supply_before_t": before,
        "truck_cycle_h": np.maximum(np.asarray(problem.truck_cycle_h) + extra, 0.0),
        "container_cycle_h": np.maximum(np.asarray(problem.container_cycle_h) + extra, 0.0),
        "driving_h_per_day": float(draw.drive_h),
    }
    if trucks_for is not None:
        trucks = np.asarray(trucks_for(int(draw.trucks)), dtype=float)
        changes["trucks"] = trucks
        changes["containers"] = trucks * containers_per_truck
    return dataclasses.replace(problem, **changes)


def plan_arrays(result: Any, codes: np.ndarray, dates: tuple[str, ...]) -> np.ndarray:
    """(3, P, D) demand, delivered and unmet tonnes from a PlanResult's
    ``province_days`` table (rows put in ``codes`` x ``dates`` order)."""
    table = result.province_days
    index = pd.MultiIndex.from_product([list(codes), list(dates)], names=["code", "date"])
    frame = table.assign(date=table["date"].astype(str).str[:10]).set_index(["code", "date"])
    frame = frame.reindex(index)
    cols = ("demand_t", "delivered_t", "unmet_t")
    return np.stack([frame[c].to_numpy(dtype=float).reshape(len(codes), len(dates)) for c in cols])


class PlanModel:
    """The time-expanded plan of one scenario (geo.plan), perturbed per draw.

    Perturbed: the supply lines the pack marks ``estimated`` and every shipment
    (the plan's sources of kind ``shipment``); published lines are fixed."""

    kind = "plan"

    def __init__(self, pack: Any, scenario: Scenario) -> None:
        from geo import pipeline, plan_inputs

        runner = pipeline.Runner(pack)
        inputs = runner.plan_inputs(scenario)
        self.problem = inputs.problem
        self.policy = scenario.policy
        self.codes = np.asarray(self.problem.province_codes, dtype=int)
        self.dates = tuple(self.problem.dates)
        ids = np.asarray(self.problem.source_ids, dtype=str)
        kinds = (
            inputs.sources.set_index("id")["kind"].reindex(ids).fillna("").astype(str).to_numpy()
        )
        lines = pack.supply_lines
        status = (
            lines.assign(id=lines["id"].astype(str))
            .drop_duplicates("id")
            .set_index("id")["status"]
            .reindex(ids)
            .fillna("")
            .astype(str)
            .to_numpy()
        )
        ship = kinds == "shipment"
        est = ~ship & (status == "estimated")
        self._line_rows = np.flatnonzero(est)
        self._ship_rows = np.flatnonzero(ship)
        self.line_ids = tuple(str(i) for i in ids[est])
        self.shipment_ids = tuple(str(i) for i in ids[ship])
        self._handling_h = float(scenario.load_h) + float(scenario.unload_h)
        dates = list(self.dates)
        self._trucks_for = (
            (lambda n: plan_inputs.fleet_schedule(dates, mobilised=n))
            if scenario.fleet == "on"
            else None
        )
        self._containers_per_truck = float(settings.CONTAINERS_PER_TRUCK)

    def solve(self, draw: Draw) -> np.ndarray:
        from geo import plan

        problem = perturb_plan(
            self.problem,
            draw,
            line_rows=self._line_rows,
            shipment_rows=self._ship_rows,
            handling_h=self._handling_h,
            trucks_for=self._trucks_for,
            containers_per_truck=self._containers_per_truck,
        )
        return plan_arrays(plan.solve(problem, policy=self.policy), self.codes, self.dates)


class SnapshotModel:
    """Each day of the window solved as the day's snapshot allocation (geo.allocation:
    the active lines' t/day to provinces within the truck fleet), no stocks carried:
    today's behaviour, until the time-expanded plan is in."""

    kind = "snapshot"

    def __init__(self, pack: Any, scenario: Scenario) -> None:
        from geo import pipeline
        from geo import supply as supply_model

        runner = pipeline.Runner(pack)
        self.dates = window_dates(scenario)
        self._problems = []
        central, low, high = [], [], []
        for day in self.dates:
            s = dataclasses.replace(scenario, date=day)
            problem = runner.allocation(s).problem
            table = runner.demand(s).set_index("code")
            order = problem.demand["province_code"].to_numpy()
            central.append(table["demand_t_per_day"].reindex(order).fillna(0).to_numpy(float))
            low.append(table["low"].reindex(order).fillna(0).to_numpy(float))
            high.append(table["high"].reindex(order).fillna(0).to_numpy(float))
            self._problems.append(problem)
        self.codes = self._problems[0].demand["province_code"].to_numpy(dtype=int)
        self._central, self._low, self._high = (np.stack(x, axis=1) for x in (central, low, high))
        lines = pack.supply_lines
        estimated = lines.loc[lines["status"].astype(str) == "estimated", "id"].astype(str)
        ids = [i for i in estimated if any(i in set(p.plants["id"]) for p in self._problems)]
        self.line_ids = tuple(ids)
        self.shipment_ids: tuple[str, ...] = ()
        profile = np.zeros((len(ids), len(self.dates)))
        for d, problem in enumerate(self._problems):
            cap = problem.plants.set_index("id")["capacity_t_per_day"]
            profile[:, d] = cap.reindex(ids).fillna(0.0).to_numpy(float)
        before = pd.Timestamp(self.dates[0]) - pd.Timedelta(days=1)
        active = set(supply_model.supply_lines_on(lines, before)["id"].astype(str))
        self._profile = profile
        self._active_before = np.array([i in active for i in ids], dtype=bool)
        self._rows = [
            [
                problem.plants["id"].tolist().index(i) if i in set(problem.plants["id"]) else -1
                for i in ids
            ]
            for problem in self._problems
        ]

    def solve(self, draw: Draw) -> np.ndarray:
        from geo import allocation

        demand = demand_at(
            self._central, self._low, self._high, draw.demand_z, level=draw.demand_level
        )
        lines = (
            shift_profile(self._profile, draw.line_delay_days, active_before=self._active_before)
            * draw.line_factor[:, None]
        )
        out = np.zeros((3, len(self.codes), len(self.dates)))
        for d, problem in enumerate(self._problems):
            cap = problem.plants["capacity_t_per_day"].to_numpy(dtype=float).copy()
            rows = np.asarray(self._rows[d])
            cap[rows[rows >= 0]] = lines[rows >= 0, d]
            day = dataclasses.replace(
                problem,
                plants=problem.plants.assign(capacity_t_per_day=cap),
                demand=problem.demand.assign(demand_t_per_day=demand[:, d]),
                trucks_available=float(draw.trucks),
                handling_h=draw.load_h + draw.unload_h,
                driving_h_per_day=draw.drive_h,
            )
            # the LP alone (no result tables, no second solve): what the sweep needs
            _, unmet, _, _ = allocation._solve_lp(day, fleet=day.fleet_limited)
            unmet = np.minimum(np.maximum(unmet, 0.0), demand[:, d])
            out[0, :, d] = demand[:, d]
            out[1, :, d] = demand[:, d] - unmet
            out[2, :, d] = unmet
        return out
