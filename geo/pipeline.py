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
from geo import coverage as coverage_model
from geo import demand as demand_model
from geo import deploy as deploy_model
from geo import network, travel
from geo import siting as siting_model
from geo import supply as supply_model
from geo.errors import DataError
from geo.packs import Pack
from geo.scenario import Scenario, fingerprint
from geo.settings import DEFAULT_DATE


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
    if "missing_reason" in demand:  # a province with no figure is not "served"
        reasons = demand.set_index("code")["missing_reason"]
        missing = result.provinces["code"].map(reasons).fillna("") != ""
        if missing.any():
            result.provinces.loc[missing, "limit"] = "demand unknown"
            result.provinces.loc[missing, "limit_reason"] = result.provinces.loc[
                missing, "code"
            ].map(reasons)
    return result


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
    problem: siting_model.SitingProblem
    result: siting_model.SitingResult
    values: pd.DataFrame  # per hospital: resupply_h, limit, relief_days, value_per_m3
    not_hosts: dict[str, int]  # hospitals that cannot host a unit, by reason


@dataclass(frozen=True)
class Deploy:
    reasons: pd.DataFrame  # one row per site
    alternatives: pd.DataFrame  # this plan, ignoring resupply time, the K largest
    unit_sizes: pd.DataFrame  # 15, 30, 60 m3/h
    horizon_note: str  # why H does not change the plan ('' when it does)


def _demand_key(scenario: Scenario) -> tuple:
    return (scenario.date, scenario.method, tuple(sorted(scenario.demand.items())))


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


def _siting_key(scenario: Scenario) -> tuple:
    return (
        *_fleet_key(scenario),
        float(scenario.hours),
        int(scenario.k),
        float(scenario.cap),
        float(scenario.remote),
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
        self._fleet = _Memo(16)
        self._times = _Memo(16)
        self._isochrones = _Memo(16)
        self._series = _Memo(8)

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
                self.pack, date=scenario.date, method=scenario.method, overrides=scenario.demand
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
        routes the low or high demand of the band instead of the central one (same
        travel times), so unmet demand and trucks needed can be shown as a band."""

        def compute() -> allocation_model.AllocationResult:
            # each province's hospitals weighted by their demand; sea hours carry no truck
            demand = self.demand(scenario)
            total_h, sea_h = self._province_times(scenario)
            if band != "central":
                demand = demand.assign(demand_t_per_day=demand[band])
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

    def fleet_sensitivity(self, scenario: Scenario) -> pd.DataFrame:
        """Trucks needed over working hours x handling hours (one LP per handling time)."""
        return self._fleet.get(
            _fleet_key(scenario), lambda: fleet_sensitivity(self.allocation(scenario))
        )

    def siting(self, scenario: Scenario) -> Siting:
        def compute() -> Siting:
            eng, acc = self.engine(), self.access(scenario)
            alloc = self.allocation(scenario)
            problem = deploy_model.siting_problem(
                self.pack,
                eng.cg,
                acc.table,
                alloc,
                hours=float(scenario.hours),
                k=int(scenario.k),
                capacity_m3_per_day=float(scenario.cap),
                remote_weight=float(scenario.remote),
            )
            values = deploy_model.siting_values(
                acc.hospitals, alloc.provinces, remote_weight=float(scenario.remote)
            )
            _, dropped = deploy_model.host_rule(self.pack.hospitals)
            return Siting(problem, siting_model.solve(problem), values, dropped)

        return self._siting.get(_siting_key(scenario), compute)

    def deploy(self, scenario: Scenario) -> Deploy:
        """Why each site, the plan against alternatives, and unit sizes (own stage: four
        more solves, shared by the page and ``site --json``)."""

        def compute() -> Deploy:
            plan = self.siting(scenario)
            return Deploy(
                reasons=deploy_model.site_reasons(
                    self.pack, plan.result, plan.problem, plan.values
                ),
                alternatives=deploy_model.compare_plans(self.pack, plan.problem, plan.result),
                unit_sizes=deploy_model.unit_size_table(plan.problem, plan.result),
                horizon_note=deploy_model.horizon_note(plan.problem, plan.result),
            )

        return self._deploy.get(_siting_key(scenario), compute)

    def marginal(self, scenario: Scenario) -> pd.DataFrame | None:
        """Objective for K = 1..k (k re-solves: its own stage, asked for on demand). None
        when one solve already needed the greedy fallback (a large capacitated
        instance), where k more solves would not be interactive."""
        plan = self.siting(scenario)

        def compute() -> pd.DataFrame | None:
            problem = plan.problem
            large = (
                problem.is_capacitated
                and problem.n_covered_pairs > siting_model.CAPACITATED_PAIR_THRESHOLD
            )
            if large and not plan.result.optimal:
                return None
            return siting_model.marginal_values(problem, k_max=max(problem.k, 1))

        return self._marginal.get(_siting_key(scenario), compute)

    def demand_series(self, scenario: Scenario, dates: list[str]) -> pd.DataFrame:
        """National demand (central, low, high) on every date: one row per date."""
        key = (scenario.method, tuple(sorted(scenario.demand.items())), tuple(dates))

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
    def allocation(self) -> allocation_model.AllocationResult:
        return self.runner.allocation(self.scenario)

    @property
    def siting(self) -> Siting:
        return self.runner.siting(self.scenario)

    @property
    def deploy(self) -> Deploy:
        return self.runner.deploy(self.scenario)

    def allocation_band(self) -> dict[str, allocation_model.AllocationResult]:
        """The allocation at the low, central and high demand of the band."""
        return {
            b: self.runner.allocation(self.scenario, band=b) for b in ("low", "central", "high")
        }

    @property
    def supply(self) -> dict:
        """The supply lines active on the date against the national statement."""
        return supply_model.supply_reconciliation(self.pack, date=self.scenario.date)

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
