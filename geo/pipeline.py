"""The analysis chain from a pack to the numbers a briefing shows.

pack -> road graph (roads, ferries, sea lanes) -> compact engine graph -> hospital
access from the supply lines active on the date -> coverage;
pack + scenario -> demand -> allocation (supply lines -> provinces, isotank fleet) -> gap;
demand + travel times -> concentrator-system siting.

The CLI and the app both call these functions, so a scenario gives the same figures in
both. Nothing here imports Streamlit; callers cache what does not change (the graph,
the access table).
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

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from geo import allocation as allocation_model
from geo import coverage as coverage_model
from geo import demand as demand_model
from geo import roads as road_model
from geo import siting as siting_model
from geo import supply as supply_model
from geo import travel
from geo.errors import DataError
from geo.packs import EMBEDDED_DIR, Pack
from geo.scenario import Scenario, fingerprint
from geo.settings import DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY, DETOUR_FACTOR, M3_GAS_PER_TONNE_LOX

# The date whose supply lines are the sources when a caller gives none (the scenario
# default of geo.scenario: the middle of the July 2021 reconciliation window).
DEFAULT_SUPPLY_DATE = "2021-07-15"


def supply_lines(pack: Pack, *, date: str | None = None) -> pd.DataFrame:
    """The supply lines active on ``date`` (plants with a known capacity + the layer's
    lines; see geo.supply)."""
    return supply_model.supply_lines_on(pack.supply_lines, date or DEFAULT_SUPPLY_DATE)


def supply_reconciliation(pack: Pack, *, date: str | None = None) -> dict:
    """Lines active on ``date`` against the national statement in force (geo.supply)."""
    return supply_model.reconciliation(
        pack.supply_lines, date or DEFAULT_SUPPLY_DATE, pack.supply_chain.statements
    )


def supply_sources(pack: Pack, *, date: str | None = None) -> gpd.GeoDataFrame:
    """The routable sources on ``date``: active lines with coordinates and t/day > 0, as
    ``id, name, kind, province_code, capacity_t_per_day, status, geometry``. Plants with
    no published capacity and unplaced lines are not sources."""
    lines = supply_model.sources(supply_lines(pack, date=date))
    return gpd.GeoDataFrame(
        {
            "id": lines["id"].astype(str).to_numpy(),
            "name": lines["name"].to_numpy(),
            "kind": lines["kind"].to_numpy(),
            "province_code": lines["province_code"].to_numpy(),
            "capacity_t_per_day": lines["t_per_day"].astype(float).to_numpy(),
            "status": lines["status"].to_numpy(),
        },
        geometry=shapely.points(
            lines["lon"].astype(float).to_numpy(), lines["lat"].astype(float).to_numpy()
        ),
        crs="EPSG:4326",
    )


def demand_bounds() -> dict[str, tuple[float, float]]:
    """Allowed range of every demand parameter (for URL validation and editors)."""
    return {name: (spec.min, spec.max) for name, spec in demand_model.PARAM_SPECS.items()}


def demand_params(overrides: dict[str, float] | None = None) -> demand_model.DemandParams:
    """Central parameters with a scenario's overrides applied (validated)."""
    if not overrides:
        return demand_model.PARAMS_CENTRAL
    return demand_model.PARAMS_CENTRAL.with_values(**overrides)


def province_demand(
    pack: Pack,
    *,
    date: str,
    method: str = "cases",
    overrides: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Demand per province on a date: ``code, name, demand_t_per_day, low, high`` and the
    model's intermediate columns, plus ``imputed`` (case figure imputed from national)."""
    provinces = pack.provinces
    population = pd.DataFrame(
        {"province_code": provinces["code"], "population": provinces["population"].astype(float)}
    )
    params = demand_params(overrides)
    if method == "cases":
        if not len(pack.cases):
            raise DataError("the pack has no case data (use the bed-based method)", layer="cases")
        first, last = pack.dates[0], pack.dates[-1]
        if pd.Timestamp(date) < first:
            raise DataError(
                f"no case data on or before {date}: the pack covers "
                f"{first:%Y-%m-%d} to {last:%Y-%m-%d}",
                layer="cases",
            )
        cases = demand_model.active_cases_on(pack.cases, date)
        table = demand_model.estimate_demand(
            cases=cases, method="cases", params=params, population=population
        )
    else:
        table = demand_model.estimate_demand(
            hospitals=pack.hospitals[["province_code", "beds"]],
            method="beds",
            params=params,
            population=population,
        )
        cases = None
    table = table.rename(columns={"province_code": "code"})
    names = provinces.set_index("code")["name"]
    table.insert(1, "name", table["code"].map(names))
    if cases is not None and len(cases):
        flags = pack.cases.set_index(["province_code", "date"])["imputed"]
        keys = pd.MultiIndex.from_arrays([cases["province_code"], cases["date_used"]])
        imputed = pd.Series(
            flags.reindex(keys).fillna(False).astype(bool).to_numpy(),
            index=cases["province_code"].to_numpy(),
        )
        table["imputed"] = table["code"].map(imputed).fillna(False).astype(bool)
        table["date_used"] = table["code"].map(cases.set_index("province_code")["date_used"])
    return table.sort_values("code").reset_index(drop=True)


# --------------------------------------------------------------------------- travel


@dataclass(frozen=True)
class AccessPolicy:
    """How points attach to a network: the corridor network is sparse (one node per
    town), so its access legs are long regional drives; an OSM street graph has a node
    every few hundred metres, so a point far from it is off-network."""

    max_snap_m: float
    access_speed_kph: float
    detour_factor: float = DETOUR_FACTOR


CORRIDOR_ACCESS = AccessPolicy(max_snap_m=200_000.0, access_speed_kph=40.0)
STREET_ACCESS = AccessPolicy(max_snap_m=2_000.0, access_speed_kph=20.0)


def _speeds(pack: Pack, speeds_kph: dict[str, float] | None) -> dict[str, float] | None:
    """geo.roads defaults, overridden by the pack's [roads.speeds_kph], then by the caller."""
    return {**pack.roads.speeds_kph, **(speeds_kph or {})} or None


def road_graph(
    pack: Pack, *, roads: str | Path | None = None, speeds_kph: dict[str, float] | None = None
) -> nx.MultiDiGraph:
    """The pack's road network as a NetworkX graph (or the file given by ``roads``).
    Speeds: geo.roads.DEFAULT_SPEEDS_KPH, overridden by the pack's [roads.speeds_kph],
    overridden by ``speeds_kph``."""
    speeds = _speeds(pack, speeds_kph)
    if roads is not None:
        G = road_model.load_road_file(roads, speeds_kph=speeds)
    elif pack.roads.kind == "corridor" or pack.roads.path is None:
        G = road_model.load_corridor(
            EMBEDDED_DIR / "corridor_nodes.csv",
            EMBEDDED_DIR / "corridor_links.csv",
            speeds_kph=speeds,
        )
    else:
        G = road_model.load_road_file(pack.roads.path, speeds_kph=speeds)
    if G.graph.get("name") != "corridor":
        return G  # a street graph is regional: national sea lanes are not added
    # sea lanes: ports joined to the corridor node they name, lanes with mode "sea"
    chain = pack.supply_chain
    return road_model.add_sea_lanes(G, chain.ports, chain.lanes, speeds_kph=speeds)


# Above this size an OSM PBF goes straight to the compact engine form (no NetworkX graph):
# a NetworkX DiGraph needs ~1.8 GB per million nodes, so a national extract would not fit.
COMPACT_PBF_BYTES = 50_000_000


def engine_for(
    pack: Pack, *, roads: str | Path | None = None, speeds_kph: dict[str, float] | None = None
) -> travel.CompactGraph:
    """The engine's compact graph: via NetworkX for the corridor network and regional
    files, straight from the OSM edge table for large PBF extracts."""
    path = Path(roads) if roads is not None else pack.roads.path
    if (
        path is not None
        and path.suffix.lower() == ".pbf"
        and path.stat().st_size > COMPACT_PBF_BYTES
    ):
        return road_model.compact_osm_pbf(path, speeds_kph=_speeds(pack, speeds_kph))
    return engine_graph(road_graph(pack, roads=roads, speeds_kph=speeds_kph))


def access_policy(pack: Pack, *, roads: str | Path | None = None) -> AccessPolicy:
    corridor = roads is None and (pack.roads.kind == "corridor" or pack.roads.path is None)
    return CORRIDOR_ACCESS if corridor else STREET_ACCESS


def engine_graph(G: nx.MultiDiGraph) -> travel.CompactGraph:
    return travel.to_compact(G)


def access(
    pack: Pack, cg: travel.CompactGraph, policy: AccessPolicy, *, date: str | None = None
) -> coverage_model.HospitalAccess:
    """Nearest-source travel time for every hospital: one multi-source computation. The
    sources are the supply lines active on ``date`` that have coordinates and t/day
    (``access.plants`` is their attachment table, one row per source line)."""
    return coverage_model.hospital_access(
        cg,
        pack.hospitals,
        supply_sources(pack, date=date),
        max_snap_m=policy.max_snap_m,
        access_speed_kph=policy.access_speed_kph,
        detour_factor=policy.detour_factor,
    )


def coverage(
    pack: Pack, acc: coverage_model.HospitalAccess, *, hours: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(hospital status table, province coverage table) at ``hours``: no routing here."""
    status = coverage_model.hospital_status(acc.hospitals, hours=hours)
    names = pack.hospitals.set_index("id")["name"]
    status.insert(1, "name", status["id"].map(names))
    provinces = coverage_model.coverage_by_province(acc.hospitals, pack.provinces, hours=hours)
    provinces.insert(1, "name", provinces["code"].map(pack.provinces.set_index("code")["name"]))
    return status, provinces


# --------------------------------------------------------------------------- allocation


def capital_attachment(pack: Pack, cg: travel.CompactGraph, policy: AccessPolicy) -> pd.DataFrame:
    """Each province's capital attached to the network (its demand is delivered there)."""
    att = travel.attach_points(
        cg,
        pack.provinces["capital_lon"].to_numpy(dtype=float),
        pack.provinces["capital_lat"].to_numpy(dtype=float),
        max_snap_m=policy.max_snap_m,
        access_speed_kph=policy.access_speed_kph,
        detour_factor=policy.detour_factor,
    )
    att.insert(0, "code", pack.provinces["code"].to_numpy())
    return att


def source_province_times(
    cg: travel.CompactGraph,
    sources_att: pd.DataFrame,
    capitals_att: pd.DataFrame,
    *,
    hospitals_att: pd.DataFrame | None = None,
    demand: pd.DataFrame | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(total_h, sea_h), sources x provinces (rows of ``capitals_att``): one-way hours
    with access legs, and the part of them on sea lanes (no truck).

    With ``hospitals_att`` (the ``access(...).hospitals`` table: ``id, province_code,
    beds, node, access_s, off_network``) and ``demand`` (``code, demand_t_per_day``), a
    province's time is the mean over its on-network hospitals reached from the source,
    weighted by their share of the province's demand (split by beds); a province with no
    such hospital falls back to its capital. Without them, the capital alone."""
    total, sea = _to_points(cg, sources_att, capitals_att)
    if hospitals_att is None or demand is None or not len(hospitals_att):
        return total, sea
    hosp = hospitals_att[~hospitals_att["off_network"].to_numpy(dtype=bool)]
    hosp = hosp[hosp["province_code"].notna()]
    if not len(hosp):
        return total, sea
    table = demand[["code", "demand_t_per_day"]].rename(columns={"code": "province_code"})
    split = demand_model.split_to_hospitals(
        table, hosp[["id", "province_code", "beds"]].assign(beds=hosp["beds"].fillna(0))
    )
    weight = hosp[["id"]].merge(split[["id", "demand_t_per_day"]], on="id", how="left")
    w = weight["demand_t_per_day"].fillna(0.0).to_numpy(dtype=float)
    h_total, h_sea = _to_points(cg, sources_att, hosp)
    codes = capitals_att["code"].to_numpy()
    hcode = hosp["province_code"].astype(int).to_numpy()
    for j, code in enumerate(codes):
        cols = np.flatnonzero(hcode == int(code))
        if not len(cols) or w[cols].sum() <= 0:
            continue
        t, s_, wj = h_total[:, cols], h_sea[:, cols], w[cols]
        ok = np.isfinite(t)
        wsum = (ok * wj).sum(axis=1)
        has = wsum > 0
        tt = np.where(ok, t, 0.0) @ wj
        ss = np.where(ok, np.nan_to_num(s_), 0.0) @ wj
        total[has, j] = tt[has] / wsum[has]
        sea[has, j] = ss[has] / wsum[has]
    return total, sea


def _to_points(
    cg: travel.CompactGraph, sources_att: pd.DataFrame, points_att: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    total = np.full((len(sources_att), len(points_att)), np.inf)
    sea = np.zeros((len(sources_att), len(points_att)))
    s_on = ~sources_att["off_network"].to_numpy(dtype=bool)
    p_on = ~points_att["off_network"].to_numpy(dtype=bool)
    if s_on.any() and p_on.any():
        t_s, sea_s = travel.sea_time_matrix(
            cg, sources_att["node"].to_numpy()[s_on], points_att["node"].to_numpy()[p_on]
        )
        t_s = (
            t_s
            + sources_att["access_s"].to_numpy(dtype=float)[s_on][:, None]
            + points_att["access_s"].to_numpy(dtype=float)[p_on][None, :]
        )
        total[np.ix_(s_on, p_on)] = t_s / 3600.0
        sea[np.ix_(s_on, p_on)] = np.nan_to_num(sea_s) / 3600.0
    sea = np.where(np.isfinite(total), sea, 0.0)
    return total, sea


def plant_province_hours(
    cg: travel.CompactGraph, plants_att: pd.DataFrame, capitals_att: pd.DataFrame
) -> np.ndarray:
    """Travel time (h) from every source to every province capital, access legs
    included; inf where a source or capital is off-network or there is no road, ferry or
    sea path. See :func:`source_province_times` for the demand-weighted times and the
    sea part."""
    out = np.full((len(plants_att), len(capitals_att)), np.inf)
    p_on = ~plants_att["off_network"].to_numpy(dtype=bool)
    c_on = ~capitals_att["off_network"].to_numpy(dtype=bool)
    if p_on.any() and c_on.any():
        sub = travel.travel_time_matrix(
            cg,
            plants_att["node"].to_numpy()[p_on],
            capitals_att["node"].to_numpy()[c_on],
            source_offsets_s=plants_att["access_s"].to_numpy(dtype=float)[p_on],
            target_offsets_s=capitals_att["access_s"].to_numpy(dtype=float)[c_on],
        )
        out[np.ix_(p_on, c_on)] = sub / 3600.0
    return out


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
    its sea part: no truck) are the sources of :func:`supply_sources` on ``date``, in
    order (as :func:`access` attaches them); columns are ``pack.provinces``. The truck
    cycle uses ``fleet`` (default allocation.DEFAULT_FLEET, isotank size from the pack)."""
    sources = supply_sources(pack, date=date)
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
            f"on {date or DEFAULT_SUPPLY_DATE} (use the same date for access and allocate)"
        )
    table = demand[["code", "demand_t_per_day"]].rename(columns={"code": "province_code"})
    codes = pack.provinces["code"].to_numpy()
    cost = pd.DataFrame(cost_h, index=plants["id"], columns=codes)
    cost = cost[table["province_code"].to_numpy()]
    sea = None
    if sea_h is not None:
        sea = pd.DataFrame(sea_h, index=plants["id"], columns=codes)
        sea = sea[table["province_code"].to_numpy()]
    return allocation_model.allocate(
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


# --------------------------------------------------------------------------- siting


def siting_problem(
    pack: Pack,
    cg: travel.CompactGraph,
    acc: coverage_model.HospitalAccess,
    alloc: allocation_model.AllocationResult,
    *,
    hours: float,
    k: int,
    capacity_m3_per_day: float | None = None,
) -> siting_model.SitingProblem:
    """Candidates and demand points are the pack's hospitals. Demand is each province's
    unmet oxygen demand after allocation, split over its hospitals by beds, in m3/day of
    gas. Travel times between hospitals include both access legs; an off-network hospital
    (e.g. on an island without a road node) can still host a unit serving itself, which is
    where concentrator systems matter most."""
    unmet = alloc.provinces[["code", "unmet_t_per_day"]].rename(
        columns={"code": "province_code", "unmet_t_per_day": "demand_t_per_day"}
    )
    # Candidates are ordered remotest first (off-network, then unreachable, then by
    # travel time from the nearest plant, descending): among equally good sets the
    # solvers keep the first, so ties go to hospitals trucks reach last.
    remoteness = acc.hospitals["travel_time_h"].fillna(np.inf).to_numpy(dtype=float)
    remoteness = np.where(acc.hospitals["off_network"].to_numpy(dtype=bool), np.inf, remoteness)
    order = np.lexsort(
        (
            acc.hospitals["id"].astype(str).to_numpy(),
            -acc.hospitals["off_network"].to_numpy(dtype=int),
            -remoteness,
        )
    )
    hosp = acc.hospitals.iloc[order].reset_index(drop=True)
    split = demand_model.split_to_hospitals(unmet, hosp[["id", "province_code", "beds"]])
    weights = hosp[["id"]].merge(split[["id", "demand_t_per_day"]], on="id", how="left")
    demand_m3 = weights["demand_t_per_day"].fillna(0.0).to_numpy() * M3_GAS_PER_TONNE_LOX
    on = ~hosp["off_network"].to_numpy(dtype=bool)
    tt_s = np.full((len(hosp), len(hosp)), np.inf)
    if on.any():
        nodes = hosp.loc[on, "node"].to_numpy()
        offsets = hosp.loc[on, "access_s"].to_numpy(dtype=float)
        tt_s[np.ix_(on, on)] = travel.travel_time_matrix(
            cg,
            nodes,
            nodes,
            source_offsets_s=offsets,
            target_offsets_s=offsets,
            cutoff_s=hours * 3600.0,
        )
    np.fill_diagonal(tt_s, 0.0)  # a unit at a hospital serves that hospital at once
    ids = hosp["id"].to_numpy()
    return siting_model.SitingProblem(
        travel_time_h=tt_s / 3600.0,
        demand_m3_per_day=demand_m3,
        capacity_m3_per_day=(
            DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY
            if capacity_m3_per_day is None
            else capacity_m3_per_day
        ),
        hours=hours,
        k=k,
        candidate_ids=ids,
        demand_ids=ids,
    )


def national_local_supply(
    pack: Pack, *, system_m3_per_day: float | None = None
) -> dict[str, float]:
    """Oxygen made locally, needing no isotank truck, from the pack's national asset
    counts (m3/day of gas and its t/day equivalent): concentrators x 5 L/min and
    deployable concentrator systems x their output. Cylinders are containers refilled
    at plants: they carry oxygen the supply lines already count and add none, so they
    are not local supply."""
    supply = pack.supply
    parts = {
        "concentrators": allocation_model.local_supply_m3_per_day(
            concentrators=supply.concentrators
        ),
        "concentrator_systems": allocation_model.local_supply_m3_per_day(
            systems=supply.concentrator_systems,
            system_m3_per_day=system_m3_per_day or DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
        ),
    }
    total = sum(parts.values())
    return {
        **{f"{k}_m3_per_day": v for k, v in parts.items()},
        "total_m3_per_day": total,
        "total_t_per_day_equivalent": total / M3_GAS_PER_TONNE_LOX,
    }


# --------------------------------------------------------------------------- scenario


WAVE = ("2021-06-01", "2021-08-31")  # the dates offered by default: the Delta wave


def scenario_dates(pack: Pack) -> list[str]:
    """The dates a scenario may take on this pack: those of the Delta wave when the pack
    has them, otherwise every date with case data."""
    dates = [d.strftime("%Y-%m-%d") for d in pack.dates]
    in_wave = [d for d in dates if WAVE[0] <= d <= WAVE[1]]
    return in_wave or dates


def fit_to_pack(
    scenario: Scenario, pack: Pack, *, explicit: frozenset[str] | set[str] = frozenset()
) -> tuple[Scenario, list[str]]:
    """The scenario with its date moved to the nearest date the pack has, and a province
    the pack does not have cleared; a warning for each value in ``explicit`` (those a
    link or the user gave) that had to change. The app and ``--link`` both use it, so a
    link gives the same numbers in both."""
    from geo.scenario import nearest_date

    warnings: list[str] = []
    dates = scenario_dates(pack)
    if dates and scenario.date not in dates:
        fallback = nearest_date(scenario.date, dates)
        if "date" in explicit:
            warnings.append(f"date: no data for {scenario.date}; using {fallback}")
        scenario = dataclasses.replace(scenario, date=fallback)
    codes = set(pack.provinces["code"].astype(int)) if len(pack.provinces) else set()
    if scenario.prov and scenario.prov not in codes:
        warnings.append(f"prov: {scenario.prov} is not a province of this pack")
        scenario = dataclasses.replace(scenario, prov=0)
    return scenario, warnings


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
    policy: AccessPolicy
    access: coverage_model.HospitalAccess
    node_time_s: np.ndarray  # nearest-plant time of every node (s; inf unreachable)
    capitals: pd.DataFrame
    cost_h: np.ndarray  # plants x provinces, hours


@dataclass(frozen=True)
class Coverage:
    hours: float
    hospitals: pd.DataFrame  # one row per hospital: time, covered, reason
    provinces: pd.DataFrame  # one row per province: share covered, underserved, reasons


@dataclass(frozen=True)
class Siting:
    problem: siting_model.SitingProblem
    result: siting_model.SitingResult


def _demand_key(scenario: Scenario) -> tuple:
    return (scenario.date, scenario.method, tuple(sorted(scenario.demand.items())))


def _fleet_key(scenario: Scenario) -> tuple:
    return (*_demand_key(scenario), int(scenario.trucks), scenario.fleet == "on")


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
        self._demand = _Memo(64)
        self._coverage = _Memo(64)
        self._allocation = _Memo(32)
        self._siting = _Memo(16)
        self._marginal = _Memo(16)
        self._isochrones = _Memo(16)
        self._series = _Memo(8)

    # ------------------------------------------------------------------ stages
    def engine(self) -> Engine:
        return self._engine.get("engine", self._build_engine)

    def _build_engine(self) -> Engine:
        cg = engine_for(self.pack, roads=self.roads, speeds_kph=self.speeds_kph)
        policy = access_policy(self.pack, roads=self.roads)
        acc = access(self.pack, cg, policy)
        on = ~acc.plants["off_network"].to_numpy(dtype=bool)
        nearest = travel.nearest_source_times(
            cg,
            acc.plants["node"].to_numpy()[on],
            source_offsets_s=acc.plants["access_s"].to_numpy(dtype=float)[on],
        )
        capitals = capital_attachment(self.pack, cg, policy)
        cost_h = plant_province_hours(cg, acc.plants, capitals)
        return Engine(cg, policy, acc, nearest.time_s, capitals, cost_h)

    def demand(self, scenario: Scenario) -> pd.DataFrame:
        return self._demand.get(
            _demand_key(scenario),
            lambda: province_demand(
                self.pack, date=scenario.date, method=scenario.method, overrides=scenario.demand
            ),
        )

    def coverage(self, scenario: Scenario) -> Coverage:
        hours = float(scenario.hours)

        def compute() -> Coverage:
            status, provinces = coverage(self.pack, self.engine().access, hours=hours)
            return Coverage(hours, status, provinces)

        return self._coverage.get(hours, compute)

    def isochrones(self, hours: float):
        """Isochrone polygons at ``hours`` (GeoDataFrame)."""
        from geo import isochrones

        eng = self.engine()
        return self._isochrones.get(
            float(hours),
            lambda: isochrones.isochrone_polygons(
                eng.cg, eng.node_time_s, thresholds_h=[float(hours)]
            ),
        )

    def allocation(self, scenario: Scenario) -> allocation_model.AllocationResult:
        def compute() -> allocation_model.AllocationResult:
            # each province's hospitals weighted by their demand; sea hours carry no truck
            eng = self.engine()
            demand = self.demand(scenario)
            total_h, sea_h = source_province_times(
                eng.cg,
                eng.access.plants,
                eng.capitals,
                hospitals_att=eng.access.hospitals,
                demand=demand,
            )
            return allocate(
                self.pack,
                demand,
                total_h,
                trucks=int(scenario.trucks),
                fleet_limited=scenario.fleet == "on",
                sea_h=sea_h,
            )

        return self._allocation.get(_fleet_key(scenario), compute)

    def siting(self, scenario: Scenario) -> Siting:
        key = (*_fleet_key(scenario), float(scenario.hours), int(scenario.k), float(scenario.cap))

        def compute() -> Siting:
            eng = self.engine()
            problem = siting_problem(
                self.pack,
                eng.cg,
                eng.access,
                self.allocation(scenario),
                hours=float(scenario.hours),
                k=int(scenario.k),
                capacity_m3_per_day=float(scenario.cap),
            )
            return Siting(problem, siting_model.solve(problem))

        return self._siting.get(key, compute)

    def marginal(self, scenario: Scenario) -> pd.DataFrame | None:
        """Objective for K = 1..k (k re-solves: its own stage, asked for on demand). None
        when one solve already needed the greedy fallback (a large capacitated
        instance), where k more solves would not be interactive."""
        plan = self.siting(scenario)
        key = (*_fleet_key(scenario), float(scenario.hours), int(scenario.k), float(scenario.cap))

        def compute() -> pd.DataFrame | None:
            problem = plan.problem
            large = (
                problem.is_capacitated
                and problem.n_covered_pairs > siting_model.CAPACITATED_PAIR_THRESHOLD
            )
            if large and not plan.result.optimal:
                return None
            return siting_model.marginal_values(problem, k_max=max(int(scenario.k), 1))

        return self._marginal.get(key, compute)

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
    def access(self) -> coverage_model.HospitalAccess:
        return self.runner.engine().access

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
    def local_supply(self) -> dict[str, float]:
        return national_local_supply(self.pack, system_m3_per_day=float(self.scenario.cap))

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
