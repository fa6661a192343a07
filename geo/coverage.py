"""Coverage: which hospitals and provinces are within reach of an oxygen plant.

:func:`hospital_access` runs the one shortest-path computation (multi-source from
all plants). Everything else takes its access table, not the graph, so coverage at
any threshold is a filter on precomputed times and never new routing work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from geo.errors import DataError
from geo.settings import DETOUR_FACTOR
from geo.supply import supply_sources
from geo.travel import CompactGraph, attach_points, nearest_source_times

if TYPE_CHECKING:
    from geo.network import AccessPolicy
    from geo.packs import Pack

# 'needs sea freight': reached, but beyond the threshold over a path with a sea lane;
# 'no link': on the network but no road, ferry or sea path from any source at all.
REASONS = ("off-network", "no link", "needs sea freight", "ferry needed", "beyond threshold")


class HospitalAccess(NamedTuple):
    """Per-hospital access table and the plants' attachment table."""

    hospitals: pd.DataFrame
    plants: pd.DataFrame


def _points(table: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    for col in ("id", "geometry"):
        if col not in table.columns:
            raise DataError(f"{name} table has no '{col}' column", layer=name, column=col)
    geom = table.geometry if hasattr(table, "geometry") else table["geometry"]
    lon = np.array([g.x if g is not None and not g.is_empty else np.nan for g in geom], float)
    lat = np.array([g.y if g is not None and not g.is_empty else np.nan for g in geom], float)
    return lon, lat


def hospital_access(
    cg: CompactGraph,
    hospitals: pd.DataFrame,
    plants: pd.DataFrame,
    *,
    max_snap_m: float,
    detour_factor: float = DETOUR_FACTOR,
    access_speed_kph: float = 30.0,
    land_check: bool = True,
) -> HospitalAccess:
    """Travel time from the nearest plant to every hospital (one multi-source Dijkstra).

    Hospital rows: ``id, province_code, beds, node, node_id, access_s, off_network,
    nearest_plant`` (plant id or None), ``travel_time_h`` (plant access + road/ferry +
    hospital access; NaN where unreachable), ``via_ferry`` and ``via_sea`` (the fastest
    path uses a ferry / a sea lane). ``plants`` is any table of sources with ``id`` and
    point ``geometry`` (plants, or the supply lines active on a date). Plant rows: ``id, node,
    node_id, access_s, off_network``.
    """
    opts = dict(
        max_snap_m=max_snap_m,
        detour_factor=detour_factor,
        access_speed_kph=access_speed_kph,
        land_check=land_check,
    )
    plon, plat = _points(plants, "plants")
    hlon, hlat = _points(hospitals, "hospitals")
    p_att = attach_points(cg, plon, plat, **opts)
    h_att = attach_points(cg, hlon, hlat, **opts)
    plant_table = pd.concat(
        [pd.DataFrame({"id": plants["id"].to_numpy()}), p_att.drop(columns="snap_m")], axis=1
    )
    on = ~p_att["off_network"].to_numpy()
    res = nearest_source_times(
        cg,
        p_att["node"].to_numpy()[on],
        source_offsets_s=p_att["access_s"].to_numpy()[on],
    )
    plant_ids = plants["id"].to_numpy()[on]
    hnode = h_att["node"].to_numpy()
    hon = hnode >= 0
    time_s = np.full(len(hnode), np.inf)
    time_s[hon] = res.time_s[hnode[hon]] + h_att["access_s"].to_numpy()[hon]
    src = np.full(len(hnode), -1)
    src[hon] = res.source_index[hnode[hon]]
    ferry = np.zeros(len(hnode), dtype=bool)
    ferry[hon] = res.path_uses_ferry[hnode[hon]]
    sea = np.zeros(len(hnode), dtype=bool)
    if res.path_uses_sea is not None:
        sea[hon] = res.path_uses_sea[hnode[hon]]
    reach = np.isfinite(time_s)
    nearest = np.empty(len(hnode), dtype=object)
    nearest[:] = None
    nearest[reach] = plant_ids[src[reach]].tolist()
    n = len(hospitals)
    out = pd.DataFrame(
        {
            "id": hospitals["id"].to_numpy(),
            "province_code": (
                hospitals["province_code"].to_numpy()
                if "province_code" in hospitals
                else [None] * n
            ),
            "beds": hospitals["beds"].to_numpy() if "beds" in hospitals else np.zeros(n, int),
        }
    )
    out = pd.concat([out, h_att.drop(columns="snap_m")], axis=1)
    out["nearest_plant"] = pd.Series(nearest, index=out.index, dtype=object)
    out["travel_time_h"] = np.where(reach, time_s / 3600.0, np.nan)
    out["via_ferry"] = ferry & reach
    out["via_sea"] = sea & reach
    return HospitalAccess(out, plant_table)


def hospital_status(access_table: pd.DataFrame, *, hours: float) -> pd.DataFrame:
    """The access table plus ``covered`` (bool) and ``reason`` (None when covered).

    Reasons: 'off-network' (no road node within the snap distance), 'no link'
    (on the network but no source reaches it by road, ferry or sea), 'needs sea freight'
    (reached, beyond ``hours``, and the fastest route has a sea leg), 'ferry needed'
    (beyond ``hours`` and the fastest route needs a ferry), 'beyond threshold' (beyond
    ``hours`` by road).
    """
    t = access_table["travel_time_h"].to_numpy(dtype=float)
    off = access_table["off_network"].to_numpy(dtype=bool)
    ferry = access_table["via_ferry"].to_numpy(dtype=bool)
    sea = (
        access_table["via_sea"].to_numpy(dtype=bool)
        if "via_sea" in access_table
        else np.zeros(len(t), dtype=bool)
    )
    covered = np.isfinite(t) & (t <= hours) & ~off
    reason = np.select(
        [covered, off, ~np.isfinite(t), sea, ferry],
        [None, "off-network", "no link", "needs sea freight", "ferry needed"],
        default="beyond threshold",
    )
    out = access_table.copy()
    out["covered"] = covered
    out["reason"] = pd.Series(reason, index=out.index, dtype=object).where(~covered, None)
    return out


def coverage_by_province(
    access_table: pd.DataFrame,
    provinces: pd.DataFrame,
    *,
    hours: float,
    underserved_below: float = 0.8,
) -> pd.DataFrame:
    """Coverage per province at a travel-time threshold, from precomputed times only.

    Columns: ``code, hospitals, hospitals_covered, covered_share, beds_covered_share,
    population, population_covered_share, population_covered, underserved, reasons``.
    Population is assumed to be served like hospital beds: a province's
    ``population_covered_share`` is its ``beds_covered_share`` (0 when it has no
    hospital), and ``population_covered = population * share`` weights provinces by
    population in national totals. A province is ``underserved`` when less than
    ``underserved_below`` of its beds are covered (or it has no hospital); ``reasons``
    lists the distinct reasons of its uncovered hospitals (sorted as in ``REASONS``).
    """
    if "code" not in provinces.columns:
        raise DataError("provinces table has no 'code' column", layer="provinces", column="code")
    status = hospital_status(access_table, hours=hours)
    beds = pd.to_numeric(status["beds"], errors="coerce").fillna(0).clip(lower=0)
    status = status.assign(_beds=beds, _beds_cov=beds.where(status["covered"], 0))
    grouped = status.groupby("province_code")
    agg = pd.DataFrame(
        {
            "hospitals": grouped.size(),
            "hospitals_covered": grouped["covered"].sum(),
            "beds": grouped["_beds"].sum(),
            "beds_cov": grouped["_beds_cov"].sum(),
            "reasons": grouped["reason"].agg(
                lambda s: [r for r in REASONS if r in set(s.dropna())]
            ),
        }
    )
    out = pd.DataFrame({"code": provinces["code"].to_numpy()})
    out = out.merge(agg, how="left", left_on="code", right_index=True)
    out["hospitals"] = out["hospitals"].fillna(0).astype(int)
    out["hospitals_covered"] = out["hospitals_covered"].fillna(0).astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["covered_share"] = np.where(
            out["hospitals"] > 0, out["hospitals_covered"] / out["hospitals"].clip(lower=1), 0.0
        )
        beds_share = np.where(
            out["beds"].fillna(0) > 0,
            out["beds_cov"].fillna(0) / out["beds"].fillna(0).clip(lower=1e-12),
            out["covered_share"],
        )
    out["beds_covered_share"] = beds_share.astype(float)
    pop = (
        pd.to_numeric(provinces["population"], errors="coerce").to_numpy()
        if "population" in provinces.columns
        else np.full(len(out), np.nan)
    )
    out["population"] = pop
    out["population_covered_share"] = out["beds_covered_share"]
    out["population_covered"] = out["population"] * out["population_covered_share"]
    out["underserved"] = (out["hospitals"] == 0) | (out["beds_covered_share"] < underserved_below)
    out["reasons"] = [r if isinstance(r, list) else [] for r in out["reasons"]]
    return out[
        [
            "code",
            "hospitals",
            "hospitals_covered",
            "covered_share",
            "beds_covered_share",
            "population",
            "population_covered_share",
            "population_covered",
            "underserved",
            "reasons",
        ]
    ]


def access(
    pack: Pack, cg: CompactGraph, policy: AccessPolicy, *, date: str | None = None
) -> HospitalAccess:
    """Nearest-source travel time for every hospital: one multi-source computation.

    Parameters
    ----------
    pack : Pack
    cg : CompactGraph
        The engine's graph (:func:`geo.network.engine_for`), seconds on its edges.
    policy : geo.network.AccessPolicy
        How points attach to it (snap distance m, access speed km/h, detour factor).
    date : str, optional
        ISO date: the sources are the supply lines active on it that have coordinates
        and t/day (:func:`geo.supply.supply_sources`).

    Returns
    -------
    HospitalAccess
        ``hospitals``: one row per hospital, ``travel_time_h`` (hours; NaN where
        unreachable), ``nearest_plant``, ``via_ferry``, ``via_sea``, ... (see
        :func:`hospital_access`); ``plants``: the sources' attachment table, one row
        per source line.
    """
    return hospital_access(
        cg,
        pack.hospitals,
        supply_sources(pack, date=date),
        max_snap_m=policy.max_snap_m,
        access_speed_kph=policy.access_speed_kph,
        detour_factor=policy.detour_factor,
    )


def coverage(pack: Pack, acc: HospitalAccess, *, hours: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The hospital status and province coverage tables at ``hours``: no routing here.

    Parameters
    ----------
    pack : Pack
    acc : HospitalAccess
        Nearest-source times (:func:`access`).
    hours : float
        The reach (hours of road, ferry and sea travel).

    Returns
    -------
    hospitals : pandas.DataFrame
        :func:`hospital_status` with ``name``: ``covered`` and ``reason`` per hospital.
    provinces : pandas.DataFrame
        :func:`coverage_by_province` with ``name``: ``covered_share``,
        ``beds_covered_share``, ``underserved``, ``reasons`` per province.
    """
    status = hospital_status(acc.hospitals, hours=hours)
    names = pack.hospitals.set_index("id")["name"]
    status.insert(1, "name", status["id"].map(names))
    provinces = coverage_by_province(acc.hospitals, pack.provinces, hours=hours)
    provinces.insert(1, "name", provinces["code"].map(pack.provinces.set_index("code")["name"]))
    return status, provinces
