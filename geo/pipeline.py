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
import pandas as pd

from geo import coverage as coverage_model
from geo import demand as demand_model
from geo import roads as road_model
from geo import travel
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
    """Demand per province on a date: ``code, name, demand_t_per_day, low, high`` and the
    model's intermediate columns, plus ``imputed`` (case figure imputed from national)."""
    provinces = pack.provinces
    population = pd.DataFrame({"province_code": provinces["code"], "population": provinces["population"].astype(float)})
    params = demand_params(overrides)
    if method == "cases":
        cases = demand_model.active_cases_on(pack.cases, date) if len(pack.cases) else pd.DataFrame(columns=["province_code", "active_cases"])
        table = demand_model.estimate_demand(cases=cases, method="cases", params=params, population=population)
    else:
        table = demand_model.estimate_demand(hospitals=pack.hospitals[["province_code", "beds"]], method="beds", params=params, population=population)
        cases = None
    table = table.rename(columns={"province_code": "code"})
    names = provinces.set_index("code")["name"]
    table.insert(1, "name", table["code"].map(names))
    if cases is not None and len(cases):
        flags = pack.cases.set_index(["province_code", "date"])["imputed"]
        keys = pd.MultiIndex.from_arrays([cases["province_code"], cases["date_used"]])
        imputed = pd.Series(flags.reindex(keys).fillna(False).astype(bool).to_numpy(), index=cases["province_code"].to_numpy())
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


def road_graph(pack: Pack, *, roads: str | Path | None = None) -> nx.MultiDiGraph:
    """The pack's road network as a NetworkX graph (or the file given by ``roads``)."""
    if roads is not None:
        return road_model.load_road_file(roads)
    if pack.roads.kind == "corridor" or pack.roads.path is None:
        return road_model.load_corridor(EMBEDDED_DIR / "corridor_nodes.csv", EMBEDDED_DIR / "corridor_links.csv")
    return road_model.load_road_file(pack.roads.path)


def access_policy(pack: Pack, *, roads: str | Path | None = None) -> AccessPolicy:
    corridor = roads is None and (pack.roads.kind == "corridor" or pack.roads.path is None)
    return CORRIDOR_ACCESS if corridor else STREET_ACCESS


def engine_graph(G: nx.MultiDiGraph) -> travel.CompactGraph:
    return travel.to_compact(G)


def access(pack: Pack, cg: travel.CompactGraph, policy: AccessPolicy) -> coverage_model.HospitalAccess:
    """Nearest-plant travel time for every hospital: one multi-source computation."""
    return coverage_model.hospital_access(
        cg,
        pack.hospitals,
        pack.plants,
        max_snap_m=policy.max_snap_m,
        access_speed_kph=policy.access_speed_kph,
        detour_factor=policy.detour_factor,
    )


def coverage(pack: Pack, acc: coverage_model.HospitalAccess, *, hours: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(hospital status table, province coverage table) at ``hours``: no routing here."""
    status = coverage_model.hospital_status(acc.hospitals, hours=hours)
    names = pack.hospitals.set_index("id")["name"]
    status.insert(1, "name", status["id"].map(names))
    provinces = coverage_model.coverage_by_province(acc.hospitals, pack.provinces, hours=hours)
    provinces.insert(1, "name", provinces["code"].map(pack.provinces.set_index("code")["name"]))
    return status, provinces
