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
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo import allocation as allocation_model
from geo import coverage as coverage_model
from geo import demand as demand_model
from geo import deploy as deploy_model
from geo import network, plan_inputs, relief, stages, travel
from geo import plan as plan_model
from geo import supply as supply_model
from geo.packs import Pack
from geo.pipeline_validation import ValidationStages
from geo.result import Access, Coverage, Deploy, Engine, PlanInputs, Result, Siting
from geo.scenario import Scenario, scenario_dates
from geo.settings import DEPLOY_SENSITIVITY_DATES, DEPLOY_SENSITIVITY_HOURS

__all__ = [
    *("Access", "Coverage", "Deploy", "Engine", "PlanInputs", "Result", "Siting"),
    *("Runner", "run"),
]


class Runner(ValidationStages):
    """The stages of one pack, each memoised by the scenario fields it declares it reads
    (geo.stages): a new hours value recomputes coverage only, a new K re-solves siting
    only. The road graph and the nearest-plant times are computed once.
    ``roads``/``speeds_kph`` replace the pack's network (CLI ``--roads``/``--speed``);
    they enter the fingerprint."""

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

        return self._get("shortfall", scenario, compute)

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

        return self._get("siting", scenario, compute)

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

        return self._get("deploy", scenario, compute)

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

        return self._get("changes", scenario, compute)

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

        return self._get("marginal", scenario, compute)

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
            att = _attach(eng, sources)
            total_h, sea_h = network.source_province_times(
                eng.cg,
                att,
                eng.capitals,
                hospitals_att=self.access(first).hospitals,
                demand=self.demand(first),
            )
            fleet = allocation_model.scenario_fleet(pack, scenario)
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

        return self._get("plan_inputs", scenario, compute)

    def plan(self, scenario: Scenario, *, fleet: bool = False) -> plan_model.PlanResult:
        """The time-expanded plan under the scenario's rationing rule; with ``fleet``,
        its fleet answers too (fewest trucks and containers, unmet as trucks are added:
        some twenty more solves, memoised apart)."""

        def compute() -> plan_model.PlanResult:
            inputs = self.plan_inputs(scenario)
            result = plan_model.solve(inputs.problem, policy=scenario.policy)
            result.province_days["forecast"] = inputs.forecast.ravel()
            return result

        solved = self._get("plan", scenario, compute)
        if not fleet:
            return solved
        return dataclasses.replace(solved, fleet=self._plan_fleet(scenario))

    def plan_flow_paths(self, scenario: Scenario) -> dict[tuple[Any, Any], np.ndarray]:
        """The drawn path of every source -> province pair the plan ships on (maps only;
        keyed by the source's id as in the plan's sources table)."""

        def compute() -> dict[tuple[Any, Any], np.ndarray]:
            eng, inputs = self.engine(), self.plan_inputs(scenario)
            flows = self.plan(scenario).flows
            src = inputs.sources
            att = _attach(eng, src).assign(id=src["id"].astype(str).to_numpy())
            pairs = pd.DataFrame(
                {
                    "plant": flows["source"].astype(str).str.split(" + ", regex=False).str[0],
                    "province": flows["code"],
                }
            ).drop_duplicates()
            return network.flow_paths(eng.cg, att, eng.capitals, pairs)

        return self._get("plan_paths", scenario, compute)

    def plan_backtest(self, scenario: Scenario) -> pd.DataFrame:
        """Demand forecasts made on each day of July 2021 (log-linear over the 7 days up
        to it) against the model's own later estimate, 3 and 7 days ahead
        (geo.plan_inputs.forecast_backtest)."""

        def compute() -> pd.DataFrame:
            codes = self.pack.provinces["code"].to_numpy(dtype=int)
            july = plan_inputs.window_dates("2021-07-01", 31)
            return plan_inputs.forecast_backtest(
                lambda d: self.demand(dataclasses.replace(scenario, date=d)), codes, july
            )

        return self._get("plan_backtest", scenario, compute)

    def _plan_fleet(self, scenario: Scenario) -> dict:
        """The plan's fleet answers (the same under every rule: they ask what production
        and the fleet allow, not how it is shared)."""
        return self._get(
            "plan_fleet",
            scenario,
            lambda: plan_model.fleet_answers(self.plan_inputs(scenario).problem),
        )

    def run(self, scenario: Scenario) -> Result:
        return Result(self, scenario)


def _attach(eng: Engine, points: pd.DataFrame) -> pd.DataFrame:
    """Attach the plan's sources (``lon``, ``lat``) to the network by the engine's policy."""
    return travel.attach_points(
        eng.cg,
        points["lon"].to_numpy(dtype=float),
        points["lat"].to_numpy(dtype=float),
        max_snap_m=eng.policy.max_snap_m,
        access_speed_kph=eng.policy.access_speed_kph,
        detour_factor=eng.policy.detour_factor,
    )


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
    """The one entry point from a scenario to its numbers (app and CLI alike)."""
    runner = runner if runner is not None else Runner(pack)
    if runner.pack is not pack:
        raise ValueError("runner belongs to another pack")
    return runner.run(scenario)
