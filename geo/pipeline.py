"""The analysis chain from a pack to the numbers a briefing shows.

pack -> road graph -> compact engine graph -> hospital/plant access -> coverage;
pack + scenario -> demand -> allocation (plants -> provinces, isotank fleet) -> gap;
demand + travel times -> concentrator-system siting.

The CLI and the app both call these functions, so a scenario gives the same figures in
both. Nothing here imports Streamlit; callers cache what does not change (the graph,
the access table).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from geo import allocation as allocation_model
from geo import coverage as coverage_model
from geo import demand as demand_model
from geo import roads as road_model
from geo import siting as siting_model
from geo import travel
from geo.errors import DataError
from geo.packs import EMBEDDED_DIR, Pack


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
    """Demand per province on a date: ``code, name, demand_t_per_day, low, high``, the
    model's intermediate columns, and what the case figure is:

    - ``method``: "reported" (published that day), "carried_forward" (the last published
      figure, at most 7 days old), "national_split" (the national figure split by
      population), or "beds" for the bed method;
    - ``imputed``: True unless the figure was published for that day;
    - ``date_used``: the date of the figure used (NaT for the bed method).

    The bed method needs bed counts: a pack whose hospitals have none raises
    :class:`DataError`."""
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
    elif method == "beds":
        beds = pack.hospitals[["province_code", "beds"]]
        if not len(beds) or float(beds["beds"].sum()) <= 0:
            raise DataError(
                "the bed method needs hospital bed counts, and this pack's hospitals have "
                "none (map a beds column in [hospitals], or use the case method)",
                file=pack.reports["hospitals"].source if "hospitals" in pack.reports else None,
                column="beds",
                layer="hospitals",
            )
        table = demand_model.estimate_demand(
            hospitals=beds, method="beds", params=params, population=population
        )
        cases = None
    else:
        raise DataError(f"unknown demand method {method!r}: use 'cases' or 'beds'")
    table = table.rename(columns={"province_code": "code"})
    names = provinces.set_index("code")["name"]
    table.insert(1, "name", table["code"].map(names))
    if cases is None:
        table["method"] = "beds"
        table["imputed"] = False
        table["date_used"] = pd.NaT
    else:
        table = table.merge(demand_model.case_provenance(pack.cases, cases), on="code", how="left")
        table["method"] = table["method"].fillna("reported")
        table["imputed"] = table["imputed"].fillna(False).astype(bool)
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
        return road_model.load_road_file(roads, speeds_kph=speeds)
    if pack.roads.kind == "corridor" or pack.roads.path is None:
        return road_model.load_corridor(
            EMBEDDED_DIR / "corridor_nodes.csv",
            EMBEDDED_DIR / "corridor_links.csv",
            speeds_kph=speeds,
        )
    return road_model.load_road_file(pack.roads.path, speeds_kph=speeds)


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
    pack: Pack, cg: travel.CompactGraph, policy: AccessPolicy
) -> coverage_model.HospitalAccess:
    """Nearest-plant travel time for every hospital: one multi-source computation."""
    return coverage_model.hospital_access(
        cg,
        pack.hospitals,
        pack.plants,
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


def plant_province_hours(
    cg: travel.CompactGraph, plants_att: pd.DataFrame, capitals_att: pd.DataFrame
) -> np.ndarray:
    """Travel time (h) from every plant to every province capital, access legs included;
    inf where a plant or capital is off-network or there is no road/ferry path."""
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
) -> allocation_model.AllocationResult:
    """Plants -> provinces at least truck-hours, capacities and (optionally) the fleet
    respected, unmet demand explicit. Plants with no published capacity count as 0."""
    plants = pd.DataFrame(
        {
            "id": pack.plants["id"].to_numpy(),
            "capacity_t_per_day": pack.plants["capacity_t_per_day"].fillna(0.0).to_numpy(),
        }
    )
    table = demand[["code", "demand_t_per_day"]].rename(columns={"code": "province_code"})
    cost = pd.DataFrame(cost_h, index=plants["id"], columns=pack.provinces["code"].to_numpy())
    cost = cost[table["province_code"].to_numpy()]
    return allocation_model.allocate(
        plants,
        table,
        cost,
        trucks_available=trucks,
        isotank_t=float(pack.supply.isotank_capacity_t),
        fleet_limited=fleet_limited,
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
    """Oxygen that needs no isotank truck, from the pack's national asset counts (m3/day
    of gas and its t/day equivalent): concentrators x 5 L/min, cylinders x 6 m3 x one
    refill a day, deployable systems x their output."""
    supply = pack.supply
    parts = {
        "concentrators": allocation_model.local_supply_m3_per_day(
            concentrators=supply.concentrators
        ),
        "cylinders": allocation_model.local_supply_m3_per_day(cylinders=supply.cylinders),
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
