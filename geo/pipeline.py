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

from dataclasses import dataclass
from pathlib import Path

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
    detour_factor: float = 1.3


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
    demand_m3 = (
        weights["demand_t_per_day"].fillna(0.0).to_numpy() * demand_model.M3_GAS_PER_TONNE_LOX
    )
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
            siting_model.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY
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
            system_m3_per_day=system_m3_per_day or siting_model.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
        ),
    }
    total = sum(parts.values())
    return {
        **{f"{k}_m3_per_day": v for k, v in parts.items()},
        "total_m3_per_day": total,
        "total_t_per_day_equivalent": total / demand_model.M3_GAS_PER_TONNE_LOX,
    }
