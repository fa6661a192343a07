"""What a scenario gives: :class:`Result` (the numbers of one scenario on one pack, each
stage read when first asked for) and the records its stages return (:class:`Engine`,
:class:`Access`, :class:`Coverage`, :class:`Siting`, :class:`Deploy`,
:class:`PlanInputs`). The runner that computes them is :class:`geo.pipeline.Runner`;
``geo.pipeline`` re-exports everything here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geo import allocation as allocation_model
from geo import calibration, network, relief, travel
from geo import coverage as coverage_model
from geo import deploy as deploy_model
from geo import plan as plan_model
from geo import plan_day as plan_day_model
from geo import scenario as scenario_model
from geo import supply as supply_model
from geo.scenario import Scenario, fingerprint

if TYPE_CHECKING:
    from geo.pipeline import Runner


@dataclass(frozen=True)
class Engine:
    """Everything that depends on the pack and its road network only: computed once.

    Attributes
    ----------
    cg : geo.travel.CompactGraph
        The road graph (roads, ferries, sea lanes) in compact CSR form, seconds.
    policy : geo.network.AccessPolicy
        How points attach to the network (snap distance, detour, access speed).
    capitals : pandas.DataFrame
        Province capitals attached to the network.
    """

    cg: travel.CompactGraph
    policy: network.AccessPolicy
    capitals: pd.DataFrame  # province capitals attached to the network


@dataclass(frozen=True)
class Access:
    """Travel from the supply lines active on a date (one multi-source pass): the same
    for every date with the same active lines, so memoised by their ids.

    Attributes
    ----------
    sources : tuple of str
        Ids of the active source lines, in attachment order.
    hospitals : pandas.DataFrame
        Nearest-source time per hospital (:func:`geo.coverage.hospital_access`).
    plants : pandas.DataFrame
        The sources' attachment table.
    node_time_s : numpy.ndarray
        Nearest-source time of every node (s; inf unreachable).
    table : geo.coverage.HospitalAccess
        ``hospitals`` and ``plants`` together (property).
    """

    sources: tuple[str, ...]  # ids of the active source lines, in attachment order
    hospitals: pd.DataFrame  # nearest-source time per hospital (coverage.hospital_access)
    plants: pd.DataFrame  # the sources' attachment table
    node_time_s: np.ndarray  # nearest-source time of every node (s; inf unreachable)

    @property
    def table(self) -> coverage_model.HospitalAccess:
        return coverage_model.HospitalAccess(self.hospitals, self.plants)


@dataclass(frozen=True)
class Coverage:
    """Hospitals and provinces within the scenario's reach.

    Attributes
    ----------
    hours : float
        The reach (hours of road, ferry and sea travel).
    hospitals : pandas.DataFrame
        One row per hospital: time, covered, reason.
    provinces : pandas.DataFrame
        One row per province: share covered, underserved, reasons.
    """

    hours: float
    hospitals: pd.DataFrame  # one row per hospital: time, covered, reason
    provinces: pd.DataFrame  # one row per province: share covered, underserved, reasons


@dataclass(frozen=True)
class Siting:
    """The headline plan: sites, patient-days averted and why each site.

    Attributes
    ----------
    problem : geo.relief.ReliefProblem
        The siting problem (hospitals x days of patients short).
    result : geo.relief.ReliefResult
        The solved plan.
    shortfall : geo.deploy.Shortfall
        The shortfall by province and day it is scored on.
    not_hosts : dict of str to int
        Hospitals that cannot host a unit, by reason.
    reasons : pandas.DataFrame
        One row per placed site (geo.deploy.site_reasons).
    warnings : tuple of str
        Zero value, idle units, steady shortfall.
    reported : pandas.DataFrame
        Shortages reported within a week, beside this plan.
    sites : pandas.DataFrame
        The placed sites (property).
    zero_value : bool
        True when the plan averts nothing (property).
    share_averted : float
        Patient-days averted / patient-days short, 0..1 (property).
    """

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
    """The extras, computed apart from the headline: comparisons and unit sizes.

    Attributes
    ----------
    alternatives : pandas.DataFrame
        This plan, the K largest, the K most remote, other policy.
    unit_sizes : pandas.DataFrame
        The reported size and 60, 30, 15 m3/h.
    """

    alternatives: pd.DataFrame  # this plan, the K largest, the K most remote, other policy
    unit_sizes: pd.DataFrame  # the reported size and 60, 30, 15 m3/h


@dataclass(frozen=True)
class PlanInputs:
    """The plan's problem and what its rows are.

    Attributes
    ----------
    problem : geo.plan.PlanProblem
        The time-expanded plan's arrays.
    sources : pandas.DataFrame
        One row per source: ``id, name, kind, lat, lon, province_code, column``.
    forecast : numpy.ndarray
        Provinces x days, True after as_of.
    """

    problem: plan_model.PlanProblem
    sources: pd.DataFrame
    forecast: np.ndarray


class Result:
    """The numbers of one scenario on one pack. Stages are computed when first read and
    shared through the runner's memo, so a page pays only for what it shows.

    Made by :func:`geo.pipeline.run`. Each stage is a property (``engine``, ``access``,
    ``coverage``, ``demand``, ``allocation``, ``plan``, ``shortfall``, ``siting``,
    ``deploy``, ...; docs/ARCHITECTURE.md lists them and what they read).

    Parameters
    ----------
    runner : Runner
        The runner whose memo the stages share.
    scenario : Scenario
        The scenario.

    Attributes
    ----------
    runner : Runner
        The runner.
    scenario : Scenario
        The scenario.
    pack : Pack
        The runner's pack.
    fingerprint : str
        sha256(pack content [+ road override], scenario)[:12]: the same numbers have the
        same fingerprint in the app, the CLI and every export.
    """

    def __init__(self, runner: Runner, scenario: Scenario) -> None:
        self.runner = runner
        self.scenario = scenario
        self.pack = runner.pack
        self.fingerprint = fingerprint(scenario, runner.content_hash)

    @property
    def engine(self) -> Engine:
        """The road graph (roads, ferries, sea lanes) and capitals: once per pack."""
        return self.runner.engine()

    @property
    def access(self) -> Access:
        """Nearest-source times from the supply lines active on the date."""
        return self.runner.access(self.scenario)

    @property
    def isochrones(self):
        """Reach polygons at the scenario's hours (GeoDataFrame, EPSG:4326)."""
        return self.runner.isochrones(self.scenario)

    @property
    def coverage(self) -> Coverage:
        """Hospitals and provinces within the scenario's reach (hours)."""
        return self.runner.coverage(self.scenario)

    @property
    def demand(self) -> pd.DataFrame:
        """Demand by province on the date, t/day, with its interval (``low``, ``high``)."""
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
    def growth(self) -> pd.DataFrame:
        """Each region's demand growth between its first and last reported figure:
        reported, modelled, occupied beds and new cases (ratios)."""
        return self.runner.growth(self.scenario)

    @property
    def region_series(self) -> pd.DataFrame:
        """Modelled demand of each reported region by day (t/day)."""
        return self.runner.region_series(self.scenario)

    @property
    def allocation(self) -> allocation_model.AllocationResult:
        """Supply lines -> provinces within the fleet on the date (t/day, hours, trucks)."""
        return self.runner.allocation(self.scenario)

    @property
    def siting(self) -> Siting:
        """The sites, patient-days averted and why each site."""
        return self.runner.siting(self.scenario)

    @property
    def deploy(self) -> Deploy:
        """Alternatives and unit sizes (same key as the siting; after the headline)."""
        return self.runner.deploy(self.scenario)

    @property
    def shortfall(self) -> deploy_model.Shortfall:
        """Shortfall by province and day (t/day) that siting is scored on."""
        return self.runner.shortfall(self.scenario)

    @property
    def changes(self) -> pd.DataFrame:
        """The sites re-solved at other reaches and dates (on demand)."""
        return self.runner.changes(self.scenario)

    @property
    def marginal(self) -> pd.DataFrame:
        """Patient-days averted for K = 1..k (k solves: ask for it on request)."""
        return self.runner.marginal(self.scenario)

    def allocation_band(self) -> dict[str, allocation_model.AllocationResult]:
        """The allocation at the low, central and high demand of the band.

        Returns
        -------
        dict of str to geo.allocation.AllocationResult
            Keyed "low", "central", "high".
        """
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

    @property
    def plan_flow_paths(self) -> dict:
        """The drawn path of each source -> province pair of the plan (maps only)."""
        return self.runner.plan_flow_paths(self.scenario)

    @property
    def plan_day(self) -> plan_day_model.PlanDay | None:
        """The scenario date as that day of the plan (geo.plan_day): what the supply
        page, the brief and ``allocate --json`` show; None when the date is not a day of
        the plan's window."""
        solved = self.plan_solved
        if not plan_day_model.covers(solved, str(self.scenario.date)):
            return None
        return plan_day_model.day_of(solved, str(self.scenario.date))

    def plan_policies(self) -> dict[str, plan_model.PlanResult]:
        """The plan under every rationing rule (the page compares them side by side).

        Returns
        -------
        dict of str to geo.plan.PlanResult
            Keyed by rule (geo.plan.POLICIES), each solved without the fleet answers.
        """
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
        """The drawn path of each flow of the allocation (maps only)."""
        return self.runner.flow_paths(self.scenario)

    @property
    def sources(self) -> pd.DataFrame:
        """The supply lines that are sources on the scenario's date (placed, t/day > 0)."""
        return supply_model.supply_sources(self.pack, date=self.scenario.date)

    @property
    def fleet_parameters(self) -> dict[str, dict]:
        """The truck cycle's parameters, each with value, unit, basis and note."""
        return allocation_model.scenario_fleet(self.pack, self.scenario).to_dict()

    @property
    def demand_series(self) -> pd.DataFrame:
        """National demand (central, low, high) on every date the pack offers."""
        return self.runner.demand_series(self.scenario, scenario_model.scenario_dates(self.pack))

    @property
    def fleet_sensitivity(self) -> pd.DataFrame:
        """Trucks needed over working hours x handling hours."""
        return self.runner.fleet_sensitivity(self.scenario)

    @property
    def local_supply(self) -> dict[str, float]:
        """Oxygen made locally, needing no truck (m3/day and t/day), systems at ``cap``."""
        return supply_model.national_local_supply(
            self.pack, system_m3_per_day=float(self.scenario.cap)
        )

    def assumptions(self, lang: str = "en") -> list[str]:
        """The scenario's assumptions in plain words (brief, CLI, method page).

        Parameters
        ----------
        lang : str
            "en" or "id".

        Returns
        -------
        list of str
            One sentence per assumption, numbers in the language's format.
        """
        from geo import narrative

        return narrative.assumptions(self.scenario, self.pack, lang=lang)
