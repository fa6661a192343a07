"""The Runner's plan stages: the time-expanded plan's arrays, its solve under a
rationing rule, its fleet answers, the drawn paths it ships on, and the backtest of
the demand forecast it plans on.

A mixin of :class:`geo.pipeline.Runner`: each stage is memoised through the Runner's
``_get`` by the scenario fields it declares in :mod:`geo.stages`, and reads the
engine, access and demand stages. Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geo import allocation as allocation_model
from geo import network, plan_inputs, travel
from geo import plan as plan_model
from geo.result import Engine, PlanInputs
from geo.scenario import Scenario

if TYPE_CHECKING:
    from geo.packs import Pack
    from geo.result import Access


class PlanStages:
    """Stages of the time-expanded supply plan (see the module)."""

    pack: Pack
    _get: Callable[..., Any]
    engine: Callable[[], Engine]
    access: Callable[[Scenario], Access]
    demand: Callable[[Scenario], pd.DataFrame]

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
