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
import math
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
from geo import osm_stream, travel
from geo import roads as road_model
from geo import siting as siting_model
from geo import supply as supply_model
from geo.errors import DataError
from geo.packs import EMBEDDED_DIR, Pack
from geo.scenario import Scenario, fingerprint
from geo.settings import (
    DEFAULT_REMOTE_WEIGHT,
    DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
    DETOUR_FACTOR,
    M3_GAS_PER_TONNE_LOX,
    PRODUCTION_WAIT_DAYS,
    RELIEF_DAYS_MAX,
    UNIT_SIZES_NM3_PER_H,
)

# The date whose supply lines are the sources when a caller gives none (the scenario
# default of geo.scenario: the middle of the July 2021 reconciliation window).
DEFAULT_SUPPLY_DATE = "2021-07-15"


def supply_lines(pack: Pack, *, date: str | None = None) -> pd.DataFrame:
    """The supply lines active on ``date`` (plants with a known capacity + the layer's
    lines; see geo.supply)."""
    return supply_model.supply_lines_on(pack.supply_lines, date or DEFAULT_SUPPLY_DATE)


def supply_reconciliation(pack: Pack, *, date: str | None = None) -> dict:
    """Lines active on ``date`` against the national statement in force, every national
    statement against the model on its own date, and the shipments known on ``date``
    (geo.supply)."""
    return supply_model.reconciliation(
        pack.supply_lines,
        date or DEFAULT_SUPPLY_DATE,
        pack.supply_chain.statements,
        shipments=pack.supply_chain.shipments,
    )


def supply_sources(pack: Pack, *, date: str | None = None) -> gpd.GeoDataFrame:
    """The routable sources on ``date``: active lines with coordinates that deliver to
    medical use that day, as ``id, name, kind, province_code, capacity_t_per_day`` (the
    line's ``medical_t_per_day`` on ``date``: what the allocation routes),
    ``secured_t_per_day`` (its capacity or secured t/day), ``status, geometry``. Plants
    with no published capacity, commitments (imports arrive as shipments) and unplaced
    lines are not sources."""
    lines = supply_model.sources(supply_lines(pack, date=date))
    return gpd.GeoDataFrame(
        {
            "id": lines["id"].astype(str).to_numpy(),
            "name": lines["name"].to_numpy(),
            "kind": lines["kind"].to_numpy(),
            "province_code": lines["province_code"].to_numpy(),
            "capacity_t_per_day": lines["medical_t_per_day"].astype(float).to_numpy(),
            "secured_t_per_day": lines["t_per_day"].astype(float).to_numpy(),
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
        if pd.Timestamp(date) > last:  # a date past the series is refused, not carried
            raise DataError(
                f"no case data on or after {date}: the pack covers "
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
    table["missing_reason"] = ""
    absent = provinces.loc[~provinces["code"].isin(table["code"]), ["code", "name"]]
    if len(absent):  # a province the layer lacks is listed as missing, with its reason
        reason = (
            "no bed data for this province"
            if cases is None
            else f"no case figure on {date} or in the 7 days before, and no national "
            "figure to split"
        )
        rows = absent.assign(
            demand_t_per_day=0.0,
            low=0.0,
            high=0.0,
            method="missing",
            imputed=True,
            date_used=pd.NaT,
            missing_reason=reason,
        )
        table = pd.concat([table, rows], ignore_index=True)
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
    source = roads if roads is not None else pack.roads.path
    if source is not None and osm_stream.is_compiled(source):
        raise DataError(
            "a compiled graph has no NetworkX form; use engine_for (or the OSM file)",
            file=str(source),
        )
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


# Above this size an OSM XML file is streamed (geo.osm_stream) instead of read by osmnx:
# a NetworkX graph needs ~1.8 GB per million nodes. PBF files are always streamed.
STREAM_XML_BYTES = 50_000_000


def engine_for(
    pack: Pack, *, roads: str | Path | None = None, speeds_kph: dict[str, float] | None = None
) -> travel.CompactGraph:
    """The engine's compact graph.

    - a compiled graph (``*.o2graph.npz``): loaded as it is (refused if it was compiled
      with other speeds than the ones asked for);
    - an OSM PBF: always streamed by geo.osm_stream (pyosmium, a few hundred bytes per
      node); the same ways, speeds and times as the osmnx path, without whole-file
      tables;
    - an OSM XML file above STREAM_XML_BYTES: streamed too;
    - the corridor network, GraphML and smaller OSM XML files: via NetworkX."""
    path = Path(roads) if roads is not None else pack.roads.path
    speeds = _speeds(pack, speeds_kph)
    if path is not None and osm_stream.is_compiled(path):
        cg = osm_stream.load_compiled(path)
        osm_stream.check_speeds(cg.report, speeds, path)
        return cg
    if path is not None and path.suffix.lower() in {".pbf", ".osm", ".xml"}:
        if path.suffix.lower() == ".pbf" or (
            path.is_file() and path.stat().st_size > STREAM_XML_BYTES
        ):
            return osm_stream.read_osm_graph(path, speeds_kph=speeds)
    return engine_graph(road_graph(pack, roads=roads, speeds_kph=speeds_kph))


def compile_roads(
    pack: Pack,
    src: str | Path,
    out: str | Path,
    *,
    speeds_kph: dict[str, float] | None = None,
) -> dict:
    """Compile an OSM file to ``out`` (``*.o2graph.npz``) with the speeds
    :func:`engine_for` will ask for (defaults, the pack's [roads.speeds_kph], then
    ``speeds_kph``), so ``engine_for(pack, roads=out, speeds_kph=...)`` accepts it.
    Returns the metadata written (source sha256, speeds, counts, component report)."""
    return osm_stream.compile_road_file(src, out, speeds_kph=_speeds(pack, speeds_kph))


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


# --------------------------------------------------------------------------- siting


REFERRAL_TYPES = ("RS_RUJUKAN_NASIONAL", "RS_RUJUKAN_PROVINSI")


def host_rule(hospitals: pd.DataFrame) -> tuple[np.ndarray, dict[str, int]]:
    """Which hospitals can host a concentrator system: beds > 0 and a COVID-19 referral
    designation (``type`` RS_RUJUKAN_NASIONAL or RS_RUJUKAN_PROVINSI). A condition is
    applied only when the pack has the data for it (some beds known; some types known).
    Returns the mask and the count dropped by each reason."""
    n = len(hospitals)
    ok = np.ones(n, dtype=bool)
    dropped: dict[str, int] = {}
    beds = pd.to_numeric(hospitals.get("beds", pd.Series(np.nan, index=hospitals.index)))
    if (beds.fillna(0) > 0).any():  # a pack without bed data (all 0/unknown) skips it
        no_beds = ~(beds.fillna(0).to_numpy(dtype=float) > 0)
        dropped["no beds"] = int((no_beds & ok).sum())
        ok &= ~no_beds
    types = hospitals.get("type", pd.Series("", index=hospitals.index)).fillna("").astype(str)
    if (types.str.strip() != "").any():
        referral = types.str.upper().isin(REFERRAL_TYPES).to_numpy()
        dropped["not a referral hospital"] = int((~referral & ok).sum())
        ok &= referral
    return ok, dropped


def siting_values(
    hospitals: pd.DataFrame,
    provinces: pd.DataFrame,
    *,
    remote_weight: float,
    max_days: float = RELIEF_DAYS_MAX,
    wait_days: float = PRODUCTION_WAIT_DAYS,
) -> pd.DataFrame:
    """Each hospital's objective value per m3/day of unmet demand relieved:
    ``1 + remote_weight x (resupply_days + wait_days) / max_days`` (geo.settings states
    the rule and its assumptions).

    ``hospitals``: the access table (``id, province_code, travel_time_h, off_network``);
    ``provinces``: the allocation's province table (``code, limit``). Columns out:
    ``id, resupply_h, limit, relief_days, value_per_m3``."""
    resupply_h = pd.to_numeric(hospitals["travel_time_h"]).to_numpy(dtype=float)
    off = hospitals["off_network"].to_numpy(dtype=bool)
    resupply_h = np.where(off | ~np.isfinite(resupply_h), np.inf, resupply_h)
    limits = hospitals["province_code"].map(provinces.set_index("code")["limit"]).fillna("")
    wait = np.where(limits.to_numpy() == "production-limited", wait_days, 0.0)
    relief = np.minimum(resupply_h / 24.0, max_days) + wait
    return pd.DataFrame(
        {
            "id": hospitals["id"].to_numpy(),
            "resupply_h": resupply_h,
            "limit": limits.to_numpy(),
            "relief_days": relief,
            "value_per_m3": 1.0 + float(remote_weight) * relief / max_days,
        }
    )


def siting_problem(
    pack: Pack,
    cg: travel.CompactGraph,
    acc: coverage_model.HospitalAccess,
    alloc: allocation_model.AllocationResult,
    *,
    hours: float,
    k: int,
    capacity_m3_per_day: float | None = None,
    remote_weight: float = DEFAULT_REMOTE_WEIGHT,
) -> siting_model.SitingProblem:
    """Demand points are the pack's hospitals, each with its province's unmet oxygen
    demand after allocation split by beds (m3/day of gas) and its value per m3
    (:func:`siting_values`: resupply time and the province's limit). Candidates are the
    hospitals that can host a unit (:func:`host_rule`). A unit serves its own hospital
    and, through a cylinder shuttle, hospitals within ``hours`` by road (both access
    legs included); an off-network hospital can still host a unit serving itself.
    Rows and columns are in hospital-id order: no order carries a preference."""
    unmet = alloc.provinces[["code", "unmet_t_per_day"]].rename(
        columns={"code": "province_code", "unmet_t_per_day": "demand_t_per_day"}
    )
    hosp = acc.hospitals.sort_values("id", kind="stable").reset_index(drop=True)
    split = demand_model.split_to_hospitals(unmet, hosp[["id", "province_code", "beds"]])
    weights = hosp[["id"]].merge(split[["id", "demand_t_per_day"]], on="id", how="left")
    demand_m3 = weights["demand_t_per_day"].fillna(0.0).to_numpy() * M3_GAS_PER_TONNE_LOX
    values = siting_values(hosp, alloc.provinces, remote_weight=remote_weight)
    info = pack.hospitals.set_index("id").reindex(hosp["id"])
    can_host, _ = host_rule(info.reset_index())
    if not can_host.any():
        raise DataError("no hospital of the pack can host a unit (beds > 0, referral)")
    cand = np.flatnonzero(can_host)
    on = ~hosp["off_network"].to_numpy(dtype=bool)
    tt_s = np.full((cand.size, len(hosp)), np.inf)
    c_on = cand[on[cand]]
    if c_on.size and on.any():
        nodes = hosp["node"].to_numpy()
        offsets = hosp["access_s"].to_numpy(dtype=float)
        tt_s[np.ix_(on[cand], on)] = travel.travel_time_matrix(
            cg,
            nodes[c_on],
            nodes[on],
            source_offsets_s=offsets[c_on],
            target_offsets_s=offsets[on],
            cutoff_s=hours * 3600.0,
        )
    tt_s[np.arange(cand.size), cand] = 0.0  # a unit at a hospital serves it at once
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
        k=min(k, cand.size),
        candidate_ids=ids[cand],
        demand_ids=ids,
        value_per_m3=values["value_per_m3"].to_numpy(),
    )


def _with(problem: siting_model.SitingProblem, **changes: Any) -> siting_model.SitingProblem:
    fields = {
        "travel_time_h": problem.travel_time_h,
        "demand_m3_per_day": problem.demand_m3_per_day,
        "capacity_m3_per_day": problem.capacity_m3_per_day,
        "hours": problem.hours,
        "k": problem.k,
        "locked": problem.locked,
        "candidate_ids": problem.candidate_ids,
        "demand_ids": problem.demand_ids,
        "value_per_m3": problem.value_per_m3,
    }
    return siting_model.SitingProblem(**(fields | changes))


def site_reasons(
    pack: Pack,
    plan: siting_model.SitingResult,
    problem: siting_model.SitingProblem,
    values: pd.DataFrame,
) -> pd.DataFrame:
    """Why each site: its hospital, the hospitals it serves, their unmet m3/day, the
    resupply hours, the severe patients its output supports and its objective value."""
    names = pack.hospitals.set_index("id")["name"]
    codes = pack.hospitals.set_index("id")["province_code"]
    resupply = values.set_index("id")["resupply_h"]
    limits = values.set_index("id")["limit"]
    demand = pd.Series(problem.demand_m3_per_day, index=problem.demand_ids)
    rows = []
    for site in plan.sites.itertuples():
        served = plan.assignment[plan.assignment["candidate"] == site.candidate]
        ids = served["demand_id"].tolist()
        rows.append(
            {
                "id": site.id,
                "name": names.get(site.id),
                "province_code": codes.get(site.id),
                "limit": limits.get(site.id, ""),
                "resupply_h": float(resupply.get(site.id, np.inf)),
                "hospitals_served": len(ids),
                "served": "; ".join(str(names.get(i, i)) for i in ids),
                "unmet_m3_per_day": float(demand.reindex(ids).sum()),
                "covered_m3_per_day": float(site.covered_m3_per_day),
                "max_resupply_h_served": float(resupply.reindex(ids).max()) if ids else np.nan,
                "severe_patients": float(
                    siting_model.m3_per_day_to_patients(site.covered_m3_per_day)
                ),
                "value": float(site.value),
            }
        )
    return pd.DataFrame(rows)


def compare_plans(
    pack: Pack, problem: siting_model.SitingProblem, plan: siting_model.SitingResult
) -> pd.DataFrame:
    """The plan against two alternatives, all under the same objective: the plan that
    ignores resupply time (every m3 counts 1), and the K largest hospitals by beds."""
    plain = siting_model.solve(_with(problem, value_per_m3=np.ones(problem.n_demands)))
    ignore = np.isin(problem.candidate_ids, plain.sites["id"].to_numpy())
    beds = (
        pack.hospitals.set_index("id")["beds"]
        .reindex(problem.candidate_ids)
        .fillna(0)
        .to_numpy(dtype=float)
    )
    largest = np.zeros(problem.n_candidates, dtype=bool)
    largest[np.lexsort((problem.candidate_ids.astype(str), -beds))[: problem.k]] = True
    mine = set(plan.sites["id"])
    rows = []
    for label, result in (
        ("this plan", plan),
        ("ignoring resupply time", siting_model.evaluate(problem, ignore)),
        (f"the {problem.k} largest hospitals", siting_model.evaluate(problem, largest)),
    ):
        ids = list(result.sites["id"])
        rows.append(
            {
                "plan": label,
                "objective": result.objective,
                "covered_m3_per_day": result.covered_m3_per_day,
                "severe_patients": result.patients_severe,
                "sites_shared_with_plan": len(mine.intersection(ids)),
                "sites": "; ".join(map(str, ids)),
            }
        )
    return pd.DataFrame(rows)


def unit_size_table(
    problem: siting_model.SitingProblem,
    plan: siting_model.SitingResult,
    *,
    sizes_nm3_per_h: tuple[float, ...] = UNIT_SIZES_NM3_PER_H,
) -> pd.DataFrame:
    """How the plan and the covered demand change across unit sizes (m3/h x 24 h)."""
    mine = set(plan.sites["id"])
    rows = []
    current = np.unique(problem.capacity_array_m3_per_day)
    for size in sizes_nm3_per_h:
        same = current.size == 1 and math.isclose(float(current[0]), size * 24.0)
        result = (  # the plan itself when it already uses this size
            plan if same else siting_model.solve(_with(problem, capacity_m3_per_day=size * 24.0))
        )
        ids = set(result.sites["id"])
        rows.append(
            {
                "unit_m3_per_h": size,
                "unit_m3_per_day": size * 24.0,
                "objective": result.objective,
                "covered_m3_per_day": result.covered_m3_per_day,
                "severe_patients": result.patients_severe,
                "covered_share": result.covered_share,
                "sites_changed": len(ids - mine),
                "optimal": result.optimal,
            }
        )
    return pd.DataFrame(rows)


def horizon_note(
    problem: siting_model.SitingProblem, plan: siting_model.SitingResult, *, lang: str = "en"
) -> str:
    """Why the reach H does not shape this plan ('' when it may): when every unit's whole
    output goes to its own hospital, which alone needs at least that much, hospitals
    within H hours get nothing from it and a longer or shorter H changes nothing."""
    from geo import i18n

    a = plan.assignment
    if not len(plan.sites) or not len(a):
        return ""
    own = (a["candidate_id"].astype(str) == a["demand_id"].astype(str)).all()
    return i18n.t("deploy_horizon_same", lang) if own else ""


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
        cg = engine_for(self.pack, roads=self.roads, speeds_kph=self.speeds_kph)
        policy = access_policy(self.pack, roads=self.roads)
        return Engine(cg, policy, capital_attachment(self.pack, cg, policy))

    def access(self, scenario: Scenario) -> Access:
        """Nearest-source times from the supply lines active on the scenario's date."""
        ids = tuple(supply_sources(self.pack, date=scenario.date)["id"].astype(str))

        def compute() -> Access:
            eng = self.engine()
            acc = access(self.pack, eng.cg, eng.policy, date=scenario.date)
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
            lambda: province_demand(
                self.pack, date=scenario.date, method=scenario.method, overrides=scenario.demand
            ),
        )

    def coverage(self, scenario: Scenario) -> Coverage:
        hours = float(scenario.hours)
        acc = self.access(scenario)

        def compute() -> Coverage:
            status, provinces = coverage(self.pack, acc.table, hours=hours)
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
            return source_province_times(
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
            problem = siting_problem(
                self.pack,
                eng.cg,
                acc.table,
                alloc,
                hours=float(scenario.hours),
                k=int(scenario.k),
                capacity_m3_per_day=float(scenario.cap),
                remote_weight=float(scenario.remote),
            )
            values = siting_values(
                acc.hospitals, alloc.provinces, remote_weight=float(scenario.remote)
            )
            _, dropped = host_rule(self.pack.hospitals)
            return Siting(problem, siting_model.solve(problem), values, dropped)

        return self._siting.get(_siting_key(scenario), compute)

    def deploy(self, scenario: Scenario) -> Deploy:
        """Why each site, the plan against alternatives, and unit sizes (own stage: four
        more solves, shared by the page and ``site --json``)."""

        def compute() -> Deploy:
            plan = self.siting(scenario)
            return Deploy(
                reasons=site_reasons(self.pack, plan.result, plan.problem, plan.values),
                alternatives=compare_plans(self.pack, plan.problem, plan.result),
                unit_sizes=unit_size_table(plan.problem, plan.result),
                horizon_note=horizon_note(plan.problem, plan.result),
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
        return supply_reconciliation(self.pack, date=self.scenario.date)

    @property
    def fleet_sensitivity(self) -> pd.DataFrame:
        return self.runner.fleet_sensitivity(self.scenario)

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
