"""The Runner's siting stages: the shortfall the siting is scored on, the exact plan of
concentrator systems and why each site, the plan against alternatives, how it changes
with the reach and the date, and its value for each K.

A mixin of :class:`geo.pipeline.Runner`: each stage is memoised through the Runner's
``_get`` by the scenario fields it declares in :mod:`geo.stages`. Nothing here imports
Streamlit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo import deploy as deploy_model
from geo import relief
from geo.result import Deploy, Siting
from geo.scenario import Scenario, scenario_dates
from geo.settings import DEPLOY_SENSITIVITY_DATES, DEPLOY_SENSITIVITY_HOURS

if TYPE_CHECKING:
    from geo import allocation as allocation_model
    from geo.packs import Pack
    from geo.result import Access, Engine


class SitingStages:
    """Stages that site concentrator systems on the shortfall (see the module)."""

    pack: Pack
    _get: Callable[..., Any]
    engine: Callable[[], Engine]
    access: Callable[[Scenario], Access]
    allocation: Callable[..., allocation_model.AllocationResult]

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
