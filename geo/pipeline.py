"""The one path from a scenario to its numbers: :class:`Runner` (the stages of one pack,
each memoised by the scenario values it reads), :class:`Result` and :func:`run`.

pack -> road graph (roads, ferries, sea lanes) -> compact engine graph -> hospital
access from the supply lines active on the date -> coverage;
pack + scenario -> demand -> allocation (supply lines -> provinces, isotank fleet) -> gap;
demand + travel times -> concentrator-system siting.

The rules live in their modules (geo.network, geo.coverage, geo.demand, geo.supply,
geo.allocation, geo.deploy); this module orchestrates them. The CLI and the app both
call :func:`run`, so a scenario gives the same figures in both. Nothing here imports
Streamlit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo import allocation as allocation_model
from geo import calibration, network, plan_inputs, relief, travel
from geo import coverage as coverage_model
from geo import demand as demand_model
from geo import deploy as deploy_model
from geo import plan as plan_model
from geo import scenario as scenario_model
from geo import supply as supply_model
from geo.errors import DataError
from geo.packs import Pack
from geo.scenario import Scenario, fingerprint, scenario_dates
from geo.settings import DEFAULT_DATE, DEPLOY_SENSITIVITY_DATES, DEPLOY_SENSITIVITY_HOURS


def allocate(
    pack: Pack,
    demand: pd.DataFrame,
    cost_h: np.ndarray,
    *,
    trucks: int,
    fleet_limited: bool = True,
    date: str | None = None,
    sea_h: np.ndarray | None = None,
    fleet: allocation_model.FleetParams | None = None,
) -> allocation_model.AllocationResult:
    """Supply lines -> provinces at least travel time, line capacities and (optionally)
    the truck fleet respected, unmet demand explicit. Rows of ``cost_h`` (and ``sea_h``,
    its sea part: no truck) are the sources of :func:`geo.supply.supply_sources` on ``date``, in
    order (as :func:`geo.coverage.access` attaches them); columns are ``pack.provinces``. The truck
    cycle uses ``fleet`` (default allocation.DEFAULT_FLEET, isotank size from the pack)."""
    sources = supply_model.supply_sources(pack, date=date)
    fleet = fleet or allocation_model.DEFAULT_FLEET.with_values(
        isotank_t=float(pack.supply.isotank_capacity_t)
    )
    plants = pd.DataFrame(
        {
            "id": sources["id"].to_numpy(),
            "capacity_t_per_day": sources["capacity_t_per_day"].to_numpy(dtype=float),
        }
    )
    if cost_h.shape[0] != len(plants):
        raise DataError(
            f"cost_h has {cost_h.shape[0]} rows but {len(plants)} supply lines are sources "
            f"on {date or DEFAULT_DATE} (use the same date for access and allocate)"
        )
    table = demand[["code", "demand_t_per_day"]].rename(columns={"code": "province_code"})
    codes = pack.provinces["code"].to_numpy()
    cost = pd.DataFrame(cost_h, index=plants["id"], columns=codes)
    cost = cost[table["province_code"].to_numpy()]
    sea = None
    if sea_h is not None:
        sea = pd.DataFrame(sea_h, index=plants["id"], columns=codes)
        sea = sea[table["province_code"].to_numpy()]
    result = allocation_model.allocate(
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
    return _mark_missing(result, demand)


def _mark_missing(
    result: allocation_model.AllocationResult, demand: pd.DataFrame
) -> allocation_model.AllocationResult:
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


def flow_paths(
    cg: travel.CompactGraph,
    plants: pd.DataFrame,
    capitals: pd.DataFrame,
    flows: pd.DataFrame,
) -> dict[tuple[Any, Any], np.ndarray]:
    """The drawn path of each flow (source line -> province capital): its fastest route
    on the network, road and ferry legs node to node, sea legs along a path that stays
    at sea (:func:`geo.basemap.sea_path`). ``plants``/``capitals``: the attachment
    tables (``id``/``code``, ``node``, ``off_network``); ``flows``: ``plant, province``.
    Returns ``{(plant, province): (n, 2) lon/lat}``; a flow with no route is left out
    (drawn straight). For maps only: travel times come from the allocation."""
    from scipy.sparse.csgraph import dijkstra

    from geo.basemap import sea_path

    on = ~plants["off_network"].to_numpy(dtype=bool)
    src_node = dict(zip(plants["id"][on], plants["node"][on].astype(int), strict=True))
    on = ~capitals["off_network"].to_numpy(dtype=bool)
    dst_node = dict(zip(capitals["code"][on], capitals["node"][on].astype(int), strict=True))
    out: dict[tuple[Any, Any], np.ndarray] = {}
    for plant, group in flows.groupby("plant", sort=True):
        if plant not in src_node:
            continue
        src = src_node[plant]
        dist, pred = dijkstra(cg.csr, directed=True, indices=src, return_predecessors=True)
        for prov in pd.unique(group["province"]):
            dst = dst_node.get(prov)
            if dst is None or not np.isfinite(dist[dst]):
                continue
            nodes = [dst]
            while nodes[-1] != src:
                nodes.append(int(pred[nodes[-1]]))
            nodes.reverse()
            p = np.asarray(nodes, dtype=np.int64)
            modes = cg.mode[cg.edge_index(p[:-1], p[1:])] if p.size > 1 else []
            coords = [(float(cg.x[p[0]]), float(cg.y[p[0]]))]
            for a, b, mode in zip(p[:-1], p[1:], modes, strict=True):
                if int(mode) == travel.MODE_CODES["sea"]:
                    leg = sea_path(float(cg.x[a]), float(cg.y[a]), float(cg.x[b]), float(cg.y[b]))
                    coords += [tuple(v) for v in leg[1:].tolist()]
                else:
                    coords.append((float(cg.x[b]), float(cg.y[b])))
            out[(plant, prov)] = np.asarray(coords, dtype=float)
    return out


def fleet_sensitivity(
    alloc: allocation_model.AllocationResult,
    *,
    driving_h_per_day: tuple[float, ...] = (8.0, 10.0, 12.0, 16.0, 20.0, 24.0),
    handling_h: tuple[float, ...] = (2.0, 4.0, 6.0, 8.0),
) -> pd.DataFrame:
    """Trucks needed (no fleet limit) over truck working hours per day x handling hours
    per trip, for the problem behind ``alloc`` (allocation.fleet_sensitivity)."""
    return allocation_model.fleet_sensitivity(
        alloc.problem, driving_h_per_day=list(driving_h_per_day), handling_h=list(handling_h)
    )


# --------------------------------------------------------------------------- run


class _Memo:
    """A small thread-safe LRU: one computation per key even when sessions ask at once
    (Streamlit serves sessions from threads), errors are not stored."""

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._data:
                    return self._data[key]
            value = compute()
            with self._lock:
                self._data[key] = value
                while len(self._data) > self._size:
                    self._data.popitem(last=False)
                self._key_locks.pop(key, None)
        return value


@dataclass(frozen=True)
class Engine:
    """Everything that depends on the pack and its road network only: computed once."""

    cg: travel.CompactGraph
    policy: network.AccessPolicy
    capitals: pd.DataFrame  # province capitals attached to the network


@dataclass(frozen=True)
class Access:
    """Travel from the supply lines active on a date (one multi-source pass): the same
    for every date with the same active lines, so memoised by their ids."""

    sources: tuple[str, ...]  # ids of the active source lines, in attachment order
    hospitals: pd.DataFrame  # nearest-source time per hospital (coverage.hospital_access)
    plants: pd.DataFrame  # the sources' attachment table
    node_time_s: np.ndarray  # nearest-source time of every node (s; inf unreachable)

    @property
    def table(self) -> coverage_model.HospitalAccess:
        return coverage_model.HospitalAccess(self.hospitals, self.plants)


@dataclass(frozen=True)
class Coverage:
    hours: float
    hospitals: pd.DataFrame  # one row per hospital: time, covered, reason
    provinces: pd.DataFrame  # one row per province: share covered, underserved, reasons


@dataclass(frozen=True)
class Siting:
    """The headline plan: sites, patient-days averted and why each site."""

    problem: relief.ReliefProblem
    result: relief.ReliefResult
    shortfall: deploy_model.Shortfall  # the shortfall by province and day it is scored on
    not_hosts: dict[str, int]  # hospitals that cannot host a unit, by reason
    reasons: pd.DataFrame  # one row per placed site (deploy_model.site_reasons)
    warnings: tuple[str, ...]  # zero value, idle units, steady shortfall
    reported: pd.DataFrame  # shortages reported within a week, beside this plan

    @property
    def sites(self) -> pd.DataFrame:
        """The placed sites (those averting at least half a patient-day)."""
        return deploy_model.placed(self.result)

    @property
    def zero_value(self) -> bool:
        return bool(self.result.zero_value)

    @property
    def share_averted(self) -> float:
        """Patient-days averted / patient-days short (all hospitals, the days units work):
        the one definition of the deploy headline's share (page, brief, ``site --json``);
        0 when nothing is short."""
        short = float(self.problem.total_patient_days)
        return float(self.result.objective) / short if short > 0 else 0.0


@dataclass(frozen=True)
class Deploy:
    """The extras, computed apart from the headline: comparisons and unit sizes."""

    alternatives: pd.DataFrame  # this plan, the K largest, the K most remote, other policy
    unit_sizes: pd.DataFrame  # the reported size and 60, 30, 15 m3/h


def _demand_key(scenario: Scenario) -> tuple:
    return (
        scenario.date,
        scenario.method,
        scenario.preset,
        tuple(sorted(scenario.demand.items())),
    )


def _fleet_key(scenario: Scenario) -> tuple:
    return (
        *_demand_key(scenario),
        int(scenario.trucks),
        scenario.fleet == "on",
        float(scenario.load_h),
        float(scenario.unload_h),
        float(scenario.drive_h),
    )


def fleet_params(pack: Pack, scenario: Scenario) -> allocation_model.FleetParams:
    """The truck cycle of a scenario: the pack's isotank size, the scenario's hours."""
    return allocation_model.DEFAULT_FLEET.with_values(
        isotank_t=float(pack.supply.isotank_capacity_t),
        load_h=float(scenario.load_h),
        unload_h=float(scenario.unload_h),
        driving_h_per_day=float(scenario.drive_h),
    )


def _plan_inputs_key(scenario: Scenario) -> tuple:
    """What the plan's arrays read: the demand model (not the date: the plan has its
    window), the fleet and its cycle, the window and the as-of date."""
    return (
        scenario.method,
        scenario.preset,
        tuple(sorted(scenario.demand.items())),
        int(scenario.trucks),
        scenario.fleet == "on",
        float(scenario.load_h),
        float(scenario.unload_h),
        float(scenario.drive_h),
        scenario.plan_from,
        int(scenario.plan_days),
        scenario.as_of,
    )


def _plan_key(scenario: Scenario) -> tuple:
    """The plan's arrays and its rationing rule."""
    return (*_plan_inputs_key(scenario), scenario.policy)


@dataclass(frozen=True)
class PlanInputs:
    """The plan's problem and what its rows are: ``sources`` (``id, name, kind, lat,
    lon, province_code, column``), ``forecast`` (provinces x days, True after as_of)."""

    problem: plan_model.PlanProblem
    sources: pd.DataFrame
    forecast: np.ndarray


def _siting_key(scenario: Scenario) -> tuple:
    return (
        *_fleet_key(scenario),
        *_plan_key(scenario),
        float(scenario.hours),
        int(scenario.k),
        float(scenario.cap),
    )


class Runner:
    """The stages of one pack, each memoised by the scenario values it depends on: a new
    hours value recomputes coverage only, a new K re-solves siting only. The road graph
    and the nearest-plant times are computed once. ``roads``/``speeds_kph`` replace the
    pack's network (CLI ``--roads``/``--speed``); they enter the fingerprint."""

    def __init__(
        self,
        pack: Pack,
        *,
        roads: str | Path | None = None,
        speeds_kph: dict[str, float] | None = None,
    ) -> None:
        self.pack = pack
        self.roads = Path(roads) if roads is not None else None
        self.speeds_kph = dict(speeds_kph or {})
        self.content_hash = _content_hash(pack, self.roads, self.speeds_kph)
        self._engine = _Memo(1)
        self._access = _Memo(8)
        self._demand = _Memo(64)
        self._coverage = _Memo(64)
        self._allocation = _Memo(32)
        self._siting = _Memo(16)
        self._marginal = _Memo(16)
        self._deploy = _Memo(16)
        self._shortfall = _Memo(16)
        self._changes = _Memo(8)
        self._fleet = _Memo(16)
        self._flow_paths = _Memo(16)
        self._times = _Memo(16)
        self._isochrones = _Memo(16)
        self._series = _Memo(8)
        self._plan_inputs = _Memo(8)
        self._plan = _Memo(16)
        self._backtest = _Memo(8)

    # ------------------------------------------------------------------ stages
    def engine(self) -> Engine:
        return self._engine.get("engine", self._build_engine)

    def _build_engine(self) -> Engine:
        cg = network.engine_for(self.pack, roads=self.roads, speeds_kph=self.speeds_kph)
        policy = network.access_policy(self.pack, roads=self.roads)
        return Engine(cg, policy, network.capital_attachment(self.pack, cg, policy))

    def access(self, scenario: Scenario) -> Access:
        """Nearest-source times from the supply lines active on the scenario's date."""
        ids = tuple(supply_model.supply_sources(self.pack, date=scenario.date)["id"].astype(str))

        def compute() -> Access:
            eng = self.engine()
            acc = coverage_model.access(self.pack, eng.cg, eng.policy, date=scenario.date)
            on = ~acc.plants["off_network"].to_numpy(dtype=bool)
            nearest = travel.nearest_source_times(
                eng.cg,
                acc.plants["node"].to_numpy()[on],
                source_offsets_s=acc.plants["access_s"].to_numpy(dtype=float)[on],
            )
            return Access(ids, acc.hospitals, acc.plants, nearest.time_s)

        return self._access.get(ids, compute)

    def demand(self, scenario: Scenario) -> pd.DataFrame:
        return self._demand.get(
            _demand_key(scenario),
            lambda: demand_model.province_demand(
                self.pack,
                date=scenario.date,
                method=scenario.method,
                overrides=scenario.demand,
                preset=scenario.preset,
            ),
        )

    def coverage(self, scenario: Scenario) -> Coverage:
        hours = float(scenario.hours)
        acc = self.access(scenario)

        def compute() -> Coverage:
            status, provinces = coverage_model.coverage(self.pack, acc.table, hours=hours)
            return Coverage(hours, status, provinces)

        return self._coverage.get((acc.sources, hours), compute)

    def isochrones(self, scenario: Scenario):
        """Isochrone polygons at the scenario's hours (GeoDataFrame)."""
        from geo import isochrones

        eng, acc, hours = self.engine(), self.access(scenario), float(scenario.hours)
        return self._isochrones.get(
            (acc.sources, hours),
            lambda: isochrones.isochrone_polygons(eng.cg, acc.node_time_s, thresholds_h=[hours]),
        )

    def allocation(
        self, scenario: Scenario, *, band: str = "central"
    ) -> allocation_model.AllocationResult:
        """Supply lines -> provinces with the truck fleet. ``band`` ``low``/``high``
        routes the low or high end of the demand interval by nesting it on the central
        allocation (``allocation.solve_nested``: less demand draws less on the same routes,
        more adds its extra over the spare capacity), so unmet demand and trucks needed
        are monotone across the band."""

        def compute() -> allocation_model.AllocationResult:
            # each province's hospitals weighted by their demand; sea hours carry no truck
            demand = self.demand(scenario)
            if band != "central":  # the band's ends keep the central routes (nested)
                central = self.allocation(scenario)
                values = demand.set_index("code")[band]
                order = central.problem.demand["province_code"]
                nested = allocation_model.solve_nested(
                    central, values.reindex(order).fillna(0.0).to_numpy(dtype=float)
                )
                return _mark_missing(nested, demand)
            total_h, sea_h = self._province_times(scenario)
            return allocate(
                self.pack,
                demand,
                total_h,
                trucks=int(scenario.trucks),
                fleet_limited=scenario.fleet == "on",
                date=scenario.date,
                sea_h=sea_h,
                fleet=fleet_params(self.pack, scenario),
            )

        return self._allocation.get((*_fleet_key(scenario), band), compute)

    def _province_times(self, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
        """Sources x provinces hours and their sea part, each province's hospitals
        weighted by their (central) demand: shared by the band's three allocations."""
        acc = self.access(scenario)

        def compute() -> tuple[np.ndarray, np.ndarray]:
            eng = self.engine()
            return network.source_province_times(
                eng.cg,
                acc.plants,
                eng.capitals,
                hospitals_att=acc.hospitals,
                demand=self.demand(scenario),
            )

        return self._times.get((acc.sources, *_demand_key(scenario)), compute)

    def flow_paths(self, scenario: Scenario) -> dict[tuple[Any, Any], np.ndarray]:
        """The drawn path of each flow of the allocation (maps only)."""

        def compute() -> dict[tuple[Any, Any], np.ndarray]:
            eng, acc = self.engine(), self.access(scenario)
            return flow_paths(eng.cg, acc.plants, eng.capitals, self.allocation(scenario).flows)

        return self._flow_paths.get(_fleet_key(scenario), compute)

    def fleet_sensitivity(self, scenario: Scenario) -> pd.DataFrame:
        """Trucks needed over working hours x handling hours (one LP per handling time)."""
        return self._fleet.get(
            _fleet_key(scenario), lambda: fleet_sensitivity(self.allocation(scenario))
        )

    def shortfall(self, scenario: Scenario) -> deploy_model.Shortfall:
        """The shortfall by province and day the siting is scored on: the time-expanded
        plan's ``province_days`` when this runner has a plan stage, else the scenario
        date's allocation held for each day of the window (labelled "steady")."""

        def compute() -> deploy_model.Shortfall:
            plan = getattr(self, "plan", None)
            if callable(plan) and hasattr(scenario, "policy"):
                result = plan(scenario)
                return deploy_model.shortfall_from_plan(
                    result.province_days, scenario, policy=str(scenario.policy)
                )
            return deploy_model.shortfall_from_allocation(
                self.allocation(scenario).provinces, scenario
            )

        return self._shortfall.get((*_fleet_key(scenario), *_plan_key(scenario)), compute)

    def siting(self, scenario: Scenario) -> Siting:
        """The headline: the exact plan (patient-days averted) and why each site."""

        def compute() -> Siting:
            eng, acc = self.engine(), self.access(scenario)
            shortfall = self.shortfall(scenario)
            problem, dropped = deploy_model.relief_problem(
                self.pack,
                eng.cg,
                acc.hospitals,
                shortfall,
                hours=float(scenario.hours),
                k=int(scenario.k),
                capacity_m3_per_day=float(scenario.cap),
            )
            result = relief.solve(problem)
            reasons = deploy_model.site_reasons(
                self.pack, problem, result, shortfall, acc.hospitals
            )
            warnings = deploy_model.plan_warnings(result, shortfall, int(scenario.k))
            reported = deploy_model.reported_shortages(str(scenario.date), shortfall, reasons)
            return Siting(problem, result, shortfall, dropped, reasons, tuple(warnings), reported)

        return self._siting.get(_siting_key(scenario), compute)

    def deploy(self, scenario: Scenario) -> Deploy:
        """The plan against alternatives (the K largest, the K most remote, the other
        rationing rule) and unit sizes: its own stage, after the headline."""

        def compute() -> Deploy:
            plan = self.siting(scenario)
            others, note = [], ""
            if hasattr(scenario, "policy") and callable(getattr(self, "plan", None)):
                for rule in (p for p in deploy_model.POLICIES if p != str(scenario.policy)):
                    alt = self.siting(dataclasses.replace(scenario, policy=rule))
                    others.append((f"the plan under {rule}", alt.result))
                note = "sites chosen on that rule's shortfall, scored on this plan's"
            else:
                note = "needs the time-expanded plan's rationing rules: not available yet"
            return Deploy(
                alternatives=deploy_model.compare_plans(
                    self.pack,
                    plan.problem,
                    plan.result,
                    self.access(scenario).hospitals,
                    others=others,
                    other_note=note,
                ),
                unit_sizes=deploy_model.unit_size_table(plan.problem, plan.result),
            )

        return self._deploy.get(_siting_key(scenario), compute)

    def changes(self, scenario: Scenario) -> pd.DataFrame:
        """How the plan changes with the reach H and the date (re-solved plans; its own
        stage, asked for on demand). Unit sizes: :meth:`deploy`."""
        base = set(map(str, self.siting(scenario).sites["id"]))

        def variant(scen: Scenario):
            def run():
                s = self.siting(scen)
                return s.result, s.reasons if len(s.reasons) else pd.DataFrame(
                    {"id": [], "province_code": []}
                )

            return run

        def compute() -> pd.DataFrame:
            variants = [
                ("hours", f"{h:g}", variant(dataclasses.replace(scenario, hours=h)))
                for h in DEPLOY_SENSITIVITY_HOURS
            ]
            dates = [d for d in DEPLOY_SENSITIVITY_DATES if d in scenario_dates(self.pack)]
            variants += [("date", d, variant(dataclasses.replace(scenario, date=d))) for d in dates]
            return deploy_model.change_table(base, variants, self.pack)

        return self._changes.get(_siting_key(scenario), compute)

    def marginal(self, scenario: Scenario) -> pd.DataFrame:
        """Patient-days averted for K = 1..k (k re-solves: its own stage, on demand)."""
        plan = self.siting(scenario)

        def compute() -> pd.DataFrame:
            rows = []
            for k in range(1, max(plan.problem.k, 1) + 1):
                res = relief.solve(dataclasses.replace(plan.problem, k=k), tie_break=False)
                rows.append({"k": k, "patient_days_averted": res.objective, "optimal": res.optimal})
            table = pd.DataFrame(rows)
            added = table["patient_days_averted"].diff().fillna(table["patient_days_averted"])
            table.insert(2, "added_patient_days", added)
            return table

        return self._marginal.get(_siting_key(scenario), compute)

    def demand_series(self, scenario: Scenario, dates: list[str]) -> pd.DataFrame:
        """National demand (central, low, high) on every date: one row per date."""
        key = (
            scenario.method,
            scenario.preset,
            tuple(sorted(scenario.demand.items())),
            tuple(dates),
        )

        def compute() -> pd.DataFrame:
            rows = {}
            for d in dates:
                table = self.demand(dataclasses.replace(scenario, date=d))
                rows[pd.Timestamp(d)] = {
                    "demand_t_per_day": table["demand_t_per_day"].sum(),
                    "low": table["low"].sum(),
                    "high": table["high"].sum(),
                }
            return pd.DataFrame.from_dict(rows, orient="index")

        return self._series.get(key, compute)

    def plan_inputs(self, scenario: Scenario) -> PlanInputs:
        """The time-expanded plan's arrays (geo.plan_inputs): every line active in the
        window and every shipment landing in it, their hours to each province, demand per
        day (forecast after ``as_of``), the fleet by day, the tanks."""

        def compute() -> PlanInputs:
            pack, eng = self.pack, self.engine()
            dates = plan_inputs.window_dates(scenario.plan_from, scenario.plan_days)
            codes = pack.provinces["code"].to_numpy(dtype=int)
            lines, supply_t = plan_inputs.line_outputs(pack.supply_lines, dates)
            ships, ship_t = plan_inputs.shipment_outputs(
                getattr(pack.supply_chain, "shipments", None), dates, as_of=scenario.as_of
            )
            sources = pd.concat([lines, ships], ignore_index=True) if len(ships) else lines
            supply_t = np.vstack([supply_t, ship_t]) if len(ships) else supply_t

            def demand_for(d: str) -> pd.DataFrame:
                return self.demand(dataclasses.replace(scenario, date=d))

            central, low, high, forecast = plan_inputs.demand_arrays(
                demand_for, dates, codes, as_of=scenario.as_of
            )
            first = dataclasses.replace(scenario, date=dates[0])
            att = travel.attach_points(
                eng.cg,
                sources["lon"].to_numpy(dtype=float),
                sources["lat"].to_numpy(dtype=float),
                max_snap_m=eng.policy.max_snap_m,
                access_speed_kph=eng.policy.access_speed_kph,
                detour_factor=eng.policy.detour_factor,
            )
            total_h, sea_h = network.source_province_times(
                eng.cg,
                att,
                eng.capitals,
                hospitals_att=self.access(first).hospitals,
                demand=self.demand(first),
            )
            fleet = fleet_params(pack, scenario)
            today = 0
            if scenario.as_of:
                today = sum(d <= scenario.as_of for d in dates) - 1
            problem = plan_inputs.build_problem(
                dates=dates,
                codes=codes,
                sources=sources,
                supply_t=supply_t,
                total_h=total_h,
                sea_h=sea_h,
                demand=(central, low, high),
                trucks=plan_inputs.fleet_schedule(dates, mobilised=int(scenario.trucks)),
                isotank_t=fleet.isotank_t,
                handling_h=fleet.handling_h,
                driving_h_per_day=fleet.driving_h_per_day,
                fleet_limited=scenario.fleet == "on",
                today=max(today, 0),
            )
            return PlanInputs(problem, sources, forecast)

        return self._plan_inputs.get(_plan_inputs_key(scenario), compute)

    def plan(self, scenario: Scenario, *, fleet: bool = False) -> plan_model.PlanResult:
        """The time-expanded plan under the scenario's rationing rule; with ``fleet``,
        its fleet answers too (fewest trucks and containers, unmet as trucks are added:
        some twenty more solves, memoised apart)."""

        def compute() -> plan_model.PlanResult:
            inputs = self.plan_inputs(scenario)
            result = plan_model.solve(inputs.problem, policy=scenario.policy)
            result.province_days["forecast"] = inputs.forecast.ravel()
            return result

        solved = self._plan.get(_plan_key(scenario), compute)
        if not fleet:
            return solved
        return dataclasses.replace(solved, fleet=self._plan_fleet(scenario))

    def plan_backtest(self, scenario: Scenario) -> pd.DataFrame:
        """Demand forecasts made on each day of July 2021 (log-linear over the 7 days up
        to it) against the model's own later estimate, 3 and 7 days ahead
        (geo.plan_inputs.forecast_backtest)."""
        key = ("backtest", scenario.method, scenario.preset, tuple(sorted(scenario.demand.items())))

        def compute() -> pd.DataFrame:
            codes = self.pack.provinces["code"].to_numpy(dtype=int)
            july = plan_inputs.window_dates("2021-07-01", 31)
            return plan_inputs.forecast_backtest(
                lambda d: self.demand(dataclasses.replace(scenario, date=d)), codes, july
            )

        return self._plan.get(key, compute)

    def _plan_fleet(self, scenario: Scenario) -> dict:
        """The plan's fleet answers (the same under every rule: they ask what production
        and the fleet allow, not how it is shared)."""
        key = ("fleet", *_plan_inputs_key(scenario))
        return self._plan.get(
            key, lambda: plan_model.fleet_answers(self.plan_inputs(scenario).problem)
        )

    def backtest(self, scenario: Scenario) -> pd.DataFrame:
        """Modelled demand against every reported figure (geo.backtest), with the
        leave-one-out prediction of each: keyed by the demand values except the date."""
        from geo import backtest as backtest_model

        key = (scenario.method, scenario.preset, tuple(sorted(scenario.demand.items())))

        def compute() -> pd.DataFrame:
            if scenario.method == "active":
                return backtest_model.backtest(
                    self.pack, params=demand_model.demand_params(scenario.demand), method="active"
                )
            return backtest_model.backtest(
                self.pack,
                method=scenario.method,
                preset=scenario.preset,
                overrides=scenario.demand or None,
            )

        return self._series.get(("backtest", *key), compute)

    def region_series(self, scenario: Scenario) -> pd.DataFrame:
        """Modelled demand (central, low, high) of every region a reported figure names,
        on every day from a week before the first figure to a week after the last: the
        line the method page draws the reported figures against. Long table ``region,
        date, central_t_per_day, low_t_per_day, high_t_per_day``."""
        from geo import backtest as backtest_model

        key = (scenario.method, scenario.preset, tuple(sorted(scenario.demand.items())))

        def compute() -> pd.DataFrame:
            figures = backtest_model.read_reported_demand()
            regions = figures.drop_duplicates("region")[["region", "province_codes"]]
            span = self.pack.dates
            first, last = (span[0], span[-1]) if span else (pd.Timestamp.max, pd.Timestamp.min)
            dates = [
                d.strftime("%Y-%m-%d")
                for d in pd.date_range(
                    figures["date"].min() - pd.Timedelta(days=7),
                    figures["date"].max() + pd.Timedelta(days=7),
                )
                if first <= d <= last
            ]
            rows = []
            for d in dates:
                table = self.demand(dataclasses.replace(scenario, date=d)).set_index("code")
                for reg in regions.itertuples(index=False):
                    codes = reg.province_codes or tuple(table.index)
                    sub = table.loc[[c for c in codes if c in table.index]]
                    rows.append(
                        {
                            "region": reg.region,
                            "date": pd.Timestamp(d),
                            "central_t_per_day": float(sub["demand_t_per_day"].sum()),
                            "low_t_per_day": float(sub["low"].sum()),
                            "high_t_per_day": float(sub["high"].sum()),
                        }
                    )
            return pd.DataFrame(rows)

        return self._series.get(("regions", *key), compute)

    def run(self, scenario: Scenario) -> Result:
        return Result(self, scenario)


def _content_hash(pack: Pack, roads: Path | None, speeds_kph: dict[str, float]) -> str:
    """The pack's content hash, extended by a road-file or speed override."""
    if roads is None and not speeds_kph:
        return pack.content_hash
    digest = hashlib.sha256(pack.content_hash.encode())
    if roads is not None:
        with open(roads, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    digest.update(json.dumps(sorted(speeds_kph.items())).encode())
    return digest.hexdigest()


class Result:
    """The numbers of one scenario on one pack. Stages are computed when first read and
    shared through the runner's memo, so a page pays only for what it shows."""

    def __init__(self, runner: Runner, scenario: Scenario) -> None:
        self.runner = runner
        self.scenario = scenario
        self.pack = runner.pack
        self.fingerprint = fingerprint(scenario, runner.content_hash)

    @property
    def engine(self) -> Engine:
        return self.runner.engine()

    @property
    def access(self) -> Access:
        return self.runner.access(self.scenario)

    @property
    def isochrones(self):
        return self.runner.isochrones(self.scenario)

    @property
    def coverage(self) -> Coverage:
        return self.runner.coverage(self.scenario)

    @property
    def demand(self) -> pd.DataFrame:
        return self.runner.demand(self.scenario)

    @property
    def demand_interval(self) -> dict:
        """The demand interval's level and basis (``geo.calibration``)."""
        return dict(self.demand.attrs.get("interval", {}))

    @property
    def backtest(self) -> pd.DataFrame:
        """Every reported figure against the model, with held-out errors."""
        return self.runner.backtest(self.scenario)

    @property
    def leave_one_out(self) -> dict:
        """``median_abs_error, coverage, n`` (and method, parameter, level) of the
        scenario's method held out figure by figure; empty for the active-case model."""
        if self.scenario.method == "active":
            return {}
        return calibration.calibration_for(self.pack).summary(
            None if self.scenario.method == "auto" else self.scenario.method
        )

    @property
    def region_series(self) -> pd.DataFrame:
        return self.runner.region_series(self.scenario)

    @property
    def allocation(self) -> allocation_model.AllocationResult:
        return self.runner.allocation(self.scenario)

    @property
    def siting(self) -> Siting:
        return self.runner.siting(self.scenario)

    @property
    def deploy(self) -> Deploy:
        return self.runner.deploy(self.scenario)

    @property
    def shortfall(self) -> deploy_model.Shortfall:
        return self.runner.shortfall(self.scenario)

    @property
    def changes(self) -> pd.DataFrame:
        return self.runner.changes(self.scenario)

    @property
    def marginal(self) -> pd.DataFrame:
        """Patient-days averted for K = 1..k (k solves: ask for it on request)."""
        return self.runner.marginal(self.scenario)

    def allocation_band(self) -> dict[str, allocation_model.AllocationResult]:
        """The allocation at the low, central and high demand of the band."""
        return {
            b: self.runner.allocation(self.scenario, band=b) for b in ("low", "central", "high")
        }

    @property
    def plan(self) -> plan_model.PlanResult:
        """The time-expanded plan of the scenario's window and rule (geo.plan), with its
        fleet answers (``fleet``: trucks_min, containers_min, unmet_by_trucks)."""
        return self.runner.plan(self.scenario, fleet=True)

    @property
    def plan_solved(self) -> plan_model.PlanResult:
        """The same plan without the fleet answers (``fleet`` empty): one solve."""
        return self.runner.plan(self.scenario, fleet=False)

    def plan_policies(self) -> dict[str, plan_model.PlanResult]:
        """The plan under every rationing rule (the page compares them side by side)."""
        return {
            p: self.runner.plan(dataclasses.replace(self.scenario, policy=p), fleet=False)
            for p in plan_model.POLICIES
        }

    @property
    def plan_backtest(self) -> pd.DataFrame:
        """Forecast errors of the as-of demand at 3 and 7 days ahead, July 2021."""
        return self.runner.plan_backtest(self.scenario)

    @property
    def plan_note(self) -> dict:
        """The plan's Java-Bali shortfall over 3-15 Jul beside the reported facts."""
        from geo import plan_report

        return plan_report.java_bali_note(self)

    @property
    def plan_inputs(self) -> PlanInputs:
        """The plan's arrays (geo.plan.PlanProblem) and what its rows are."""
        return self.runner.plan_inputs(self.scenario)

    @property
    def supply(self) -> dict:
        """The supply lines active on the date against the national statement."""
        return supply_model.supply_reconciliation(self.pack, date=self.scenario.date)

    @property
    def flow_paths(self) -> dict[tuple[Any, Any], np.ndarray]:
        return self.runner.flow_paths(self.scenario)

    @property
    def sources(self) -> pd.DataFrame:
        """The supply lines that are sources on the scenario's date (placed, t/day > 0)."""
        return supply_model.supply_sources(self.pack, date=self.scenario.date)

    @property
    def fleet_parameters(self) -> dict[str, dict]:
        """The truck cycle's parameters, each with value, unit, basis and note."""
        return fleet_params(self.pack, self.scenario).to_dict()

    @property
    def demand_series(self) -> pd.DataFrame:
        """National demand (central, low, high) on every date the pack offers."""
        return self.runner.demand_series(self.scenario, scenario_model.scenario_dates(self.pack))

    @property
    def fleet_sensitivity(self) -> pd.DataFrame:
        return self.runner.fleet_sensitivity(self.scenario)

    @property
    def local_supply(self) -> dict[str, float]:
        return supply_model.national_local_supply(
            self.pack, system_m3_per_day=float(self.scenario.cap)
        )

    def assumptions(self, lang: str = "en") -> list[str]:
        """The scenario's assumptions in plain words (brief, CLI, method page)."""
        from geo import narrative

        return narrative.assumptions(self.scenario, self.pack, lang=lang)


def run(pack: Pack, scenario: Scenario, *, runner: Runner | None = None) -> Result:
    """The one entry point from a scenario to its numbers (app and CLI alike)."""
    runner = runner if runner is not None else Runner(pack)
    if runner.pack is not pack:
        raise ValueError("runner belongs to another pack")
    return runner.run(scenario)
