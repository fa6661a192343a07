"""The one path from a scenario to its numbers: :class:`Runner` (the stages of one pack,
each memoised by the scenario values it reads), :class:`Result` and :func:`run`.

pack -> road graph (roads, ferries, sea lanes) -> compact engine graph -> hospital
access from the supply lines active on the date -> coverage;
pack + scenario -> demand -> allocation (supply lines -> provinces, isotank fleet) -> gap;
demand + travel times -> concentrator-system siting.

The rules live in their modules (geo.network, geo.coverage, geo.demand, geo.supply,
geo.allocation, geo.deploy); this module and its stage mixins (geo.pipeline_siting,
geo.pipeline_plan, geo.pipeline_validation) orchestrate them. The CLI and the app both
call :func:`run`, so a scenario gives the same figures in both. Nothing here imports
Streamlit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo import allocation as allocation_model
from geo import coverage as coverage_model
from geo import demand as demand_model
from geo import network, stages, travel
from geo import supply as supply_model
from geo.packs import Pack
from geo.pipeline_plan import PlanStages
from geo.pipeline_siting import SitingStages
from geo.pipeline_validation import ValidationStages
from geo.result import Access, Coverage, Deploy, Engine, PlanInputs, Result, Siting
from geo.scenario import Scenario

__all__ = [
    "Access",
    "Coverage",
    "Deploy",
    "Engine",
    "PlanInputs",
    "Result",
    "Runner",
    "Siting",
    "run",
]


class Runner(PlanStages, SitingStages, ValidationStages):
    """The stages of one pack, each memoised by the scenario fields it declares it reads
    (geo.stages): a new hours value recomputes coverage only, a new K re-solves siting
    only. The road graph and the nearest-plant times are computed once. The siting,
    plan and validation stages are mixins (geo.pipeline_siting, geo.pipeline_plan,
    geo.pipeline_validation). The app keeps one per pack per server.

    Parameters
    ----------
    pack : Pack
        The pack every stage reads.
    roads : str or pathlib.Path, optional
        A road file replacing the pack's network (CLI ``--roads``); it enters the
        fingerprint.
    speeds_kph : dict of str to float, optional
        Speed overrides by road class (km/h; CLI ``--speed``); they enter the
        fingerprint.

    Attributes
    ----------
    pack : Pack
        The pack.
    roads : pathlib.Path or None
        The road-file override.
    speeds_kph : dict of str to float
        The speed overrides (km/h).
    content_hash : str
        The pack's content hash, extended by the road-file or speed override.
    """

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
        self._memos = {s.name: stages.Memo(s.memo) for s in stages.STAGES.values() if s.memo}
        self._access_by_sources = stages.Memo(8)  # the one pass per set of active lines

    def _get(self, stage: str, scenario: Scenario, compute: Callable[[], Any], *extra: Hashable):
        """Stage ``stage`` of ``scenario`` from its memo, keyed by what it declares it
        reads (geo.stages) and ``extra`` (arguments that are not scenario fields)."""
        return self._memos[stage].get(stages.key(stage, scenario, *extra), compute)

    # ------------------------------------------------------------------ stages
    def engine(self) -> Engine:
        return self._get("engine", Scenario(), self._build_engine)

    def _build_engine(self) -> Engine:
        cg = network.engine_for(self.pack, roads=self.roads, speeds_kph=self.speeds_kph)
        policy = network.access_policy(self.pack, roads=self.roads)
        return Engine(cg, policy, network.capital_attachment(self.pack, cg, policy))

    def access(self, scenario: Scenario) -> Access:
        """Nearest-source times from the supply lines active on the scenario's date: one
        pass per set of active lines, shared by the dates that have the same lines."""

        def compute() -> Access:
            ids = tuple(
                supply_model.supply_sources(self.pack, date=scenario.date)["id"].astype(str)
            )

            def one_pass() -> Access:
                eng = self.engine()
                acc = coverage_model.access(self.pack, eng.cg, eng.policy, date=scenario.date)
                on = ~acc.plants["off_network"].to_numpy(dtype=bool)
                nearest = travel.nearest_source_times(
                    eng.cg,
                    acc.plants["node"].to_numpy()[on],
                    source_offsets_s=acc.plants["access_s"].to_numpy(dtype=float)[on],
                )
                return Access(ids, acc.hospitals, acc.plants, nearest.time_s)

            return self._access_by_sources.get(ids, one_pass)

        return self._get("access", scenario, compute)

    def demand(self, scenario: Scenario) -> pd.DataFrame:
        return self._get(
            "demand",
            scenario,
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

        return self._get("coverage", scenario, compute)

    def isochrones(self, scenario: Scenario):
        """Isochrone polygons at the scenario's hours (GeoDataFrame)."""
        from geo import isochrones

        eng, acc, hours = self.engine(), self.access(scenario), float(scenario.hours)
        return self._get(
            "isochrones",
            scenario,
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
                return allocation_model.mark_missing(nested, demand)
            total_h, sea_h = self._province_times(scenario)
            return allocation_model.allocate_pack(
                self.pack,
                demand,
                total_h,
                trucks=int(scenario.trucks),
                fleet_limited=scenario.fleet == "on",
                date=scenario.date,
                sea_h=sea_h,
                fleet=allocation_model.scenario_fleet(self.pack, scenario),
            )

        return self._get("allocation", scenario, compute, band)

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

        return self._get("province_times", scenario, compute)

    def flow_paths(self, scenario: Scenario) -> dict[tuple[Any, Any], np.ndarray]:
        """The drawn path of each flow of the allocation (maps only)."""

        def compute() -> dict[tuple[Any, Any], np.ndarray]:
            eng, acc = self.engine(), self.access(scenario)
            flows = self.allocation(scenario).flows
            return network.flow_paths(eng.cg, acc.plants, eng.capitals, flows)

        return self._get("flow_paths", scenario, compute)

    def fleet_sensitivity(self, scenario: Scenario) -> pd.DataFrame:
        """Trucks needed over working hours x handling hours (one LP per handling time)."""
        return self._get(
            "fleet_sensitivity",
            scenario,
            lambda: allocation_model.fleet_sensitivity(self.allocation(scenario).problem),
        )

    def run(self, scenario: Scenario) -> Result:
        """The numbers of ``scenario`` on this runner's pack, computed when first read.

        Parameters
        ----------
        scenario : Scenario
            The scenario (fitted to the pack: :func:`geo.scenario.fit_to_pack`).

        Returns
        -------
        Result
            Every stage as a property, sharing this runner's memo.
        """
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


def run(pack: Pack, scenario: Scenario, *, runner: Runner | None = None) -> Result:
    """The one entry point from a scenario to its numbers (app and CLI alike).

    Parameters
    ----------
    pack : Pack
        The loaded pack (:func:`geo.packs.load_pack`).
    scenario : Scenario
        The scenario (fitted to the pack: :func:`geo.scenario.fit_to_pack`).
    runner : Runner, optional
        A runner of the same pack whose memo to share (the app keeps one per pack);
        a new one when None.

    Returns
    -------
    Result
        The scenario's numbers, each stage computed when first read.

    Raises
    ------
    ValueError
        ``runner`` belongs to another pack.
    """
    runner = runner if runner is not None else Runner(pack)
    if runner.pack is not pack:
        raise ValueError("runner belongs to another pack")
    return runner.run(scenario)
