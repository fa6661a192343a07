"""Routes on the compact graph and joined networks (a street graph inside the national
corridor network): the parts of :mod:`geo.travel` that build on its kernel (attaching
points, nearest sources); importable from :mod:`geo.travel` as well."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import dijkstra

from geo.settings import DETOUR_FACTOR
from geo.travel import (
    MODE_CODES,
    MODE_NAMES,
    CompactGraph,
    attach_points,
    build_compact,
)


def _path_legs(cg: CompactGraph, path: list[int]) -> list[dict]:
    """Legs of a node-index path, consecutive same-mode edges merged. On a joined
    network (:func:`join_networks`) legs also say their ``network`` ("street",
    "corridor" or "link") and merge only within one network."""
    legs: list[dict] = []
    if len(path) < 2:
        return legs
    p = np.asarray(path, dtype=np.int64)
    pos = cg.edge_index(p[:-1], p[1:])
    n_street = cg.report.get("street_nodes")
    for i, e in enumerate(pos.tolist()):
        leg: dict[str, Any] = {"mode": str(MODE_NAMES[cg.mode[e]])}
        if n_street is not None:
            corridor = p[i] >= n_street and p[i + 1] >= n_street
            street = p[i] < n_street and p[i + 1] < n_street
            leg["network"] = "corridor" if corridor else "street" if street else "link"
        sec, met = float(cg.csr.data[e]), float(cg.length_m[e])
        if legs and all(legs[-1][k] == v for k, v in leg.items()):
            legs[-1]["seconds"] += sec
            legs[-1]["meters"] += met
        else:
            legs.append({**leg, "seconds": sec, "meters": met})
    return legs


def _json_id(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def route(
    cg: CompactGraph,
    from_lonlat: tuple[float, float],
    to_lonlat: tuple[float, float],
    *,
    max_snap_m: float,
    detour_factor: float = DETOUR_FACTOR,
    access_speed_kph: float = 30.0,
    land_check: bool = True,
) -> dict:
    """Fastest route between two points: access leg, road/ferry/sea legs, access leg.

    Returns ``travel_time_h`` (None if unreachable, with ``reason``), ``distance_km``,
    ``from_node``/``to_node`` (original ids), ``legs`` and ``path`` (original ids).
    """
    pts = attach_points(
        cg,
        np.array([from_lonlat[0], to_lonlat[0]]),
        np.array([from_lonlat[1], to_lonlat[1]]),
        max_snap_m=max_snap_m,
        detour_factor=detour_factor,
        access_speed_kph=access_speed_kph,
        land_check=land_check,
    )
    a, b = pts.iloc[0], pts.iloc[1]
    result: dict[str, Any] = {
        "travel_time_h": None,
        "distance_km": None,
        "from_node": _json_id(a["node_id"]),
        "to_node": _json_id(b["node_id"]),
        "legs": [],
        "path": [],
        "reason": None,
    }
    if a["off_network"] or b["off_network"]:
        which = "start" if a["off_network"] else "end"
        result["reason"] = f"off-network: no road node within {max_snap_m:g} m of the {which}"
        return result
    src, dst = int(a["node"]), int(b["node"])
    dist, pred = dijkstra(cg.csr, directed=True, indices=src, return_predecessors=True)
    if not np.isfinite(dist[dst]):
        result["reason"] = "no road link between the points"  # nor ferry, nor sea lane
        return result
    path = [dst]
    while path[-1] != src:
        path.append(int(pred[path[-1]]))
    path.reverse()
    access_m = (float(a["snap_m"]) * detour_factor, float(b["snap_m"]) * detour_factor)
    legs = [{"mode": "access", "seconds": float(a["access_s"]), "meters": access_m[0]}]
    legs += _path_legs(cg, path)
    legs.append({"mode": "access", "seconds": float(b["access_s"]), "meters": access_m[1]})
    total_s = float(a["access_s"]) + float(dist[dst]) + float(b["access_s"])
    result.update(
        travel_time_h=total_s / 3600.0,
        distance_km=sum(leg["meters"] for leg in legs) / 1000.0,
        legs=legs,
        path=[_json_id(k) for k in cg.node_ids[path].tolist()],
    )
    return result


def join_networks(
    street: CompactGraph,
    corridor: CompactGraph,
    *,
    max_link_m: float,
    access_speed_kph: float,
    detour_factor: float = 1.3,
) -> CompactGraph:
    """A regional street graph and the national corridor network as one graph.

    Nodes ``0..street.n_nodes-1`` are the street graph's, the rest the corridor's (ids
    as given; mixed id types give an object array). Every corridor node within
    ``max_link_m`` of a street node (so inside the street file's area) is linked both
    ways to its nearest street node by a ``link`` edge of ``snap x detour_factor`` at
    ``access_speed_kph`` (the same rule as a point's access leg). ``report`` gives
    ``street_nodes`` (where the corridor part starts), ``links`` and the linked
    corridor node ids; routes on the result report legs per network. Attach points
    with :func:`attach_two_tier` so those inside the area use streets."""
    att = attach_points(
        street,
        corridor.x,
        corridor.y,
        max_snap_m=max_link_m,
        detour_factor=detour_factor,
        access_speed_kph=access_speed_kph,
        land_check=False,
    )
    linked = np.flatnonzero(~att["off_network"].to_numpy(dtype=bool))
    ns = street.n_nodes
    s_rows, c_rows = street.edge_rows(), corridor.edge_rows()
    lu = ns + linked
    lv = att["node"].to_numpy()[linked]
    lt = att["access_s"].to_numpy(dtype=float)[linked]
    lm = att["snap_m"].to_numpy(dtype=float)[linked] * detour_factor
    u = np.concatenate([s_rows, ns + c_rows, lu, lv])
    v = np.concatenate([street.csr.indices, ns + corridor.csr.indices, lv, lu])
    t = np.concatenate([street.csr.data, corridor.csr.data, lt, lt])
    length = np.concatenate([street.length_m, corridor.length_m, lm, lm])
    link = np.full(len(linked), MODE_CODES["link"], dtype=np.int8)
    mode = np.concatenate([street.mode, corridor.mode, link, link])
    ids_s, ids_c = np.asarray(street.node_ids), np.asarray(corridor.node_ids)
    if ids_s.dtype.kind in "iu" and ids_c.dtype.kind in "iu":
        ids = np.concatenate([ids_s, ids_c])
    else:
        ids = np.empty(ns + corridor.n_nodes, dtype=object)
        ids[:ns] = ids_s.tolist()
        ids[ns:] = ids_c.tolist()
    joined = build_compact(
        u,
        v,
        t,
        length,
        mode,
        np.concatenate([street.x, corridor.x]),
        np.concatenate([street.y, corridor.y]),
        node_ids=ids,
    )
    joined.report = {
        "street_nodes": ns,
        "corridor_nodes": corridor.n_nodes,
        "links": len(linked),
        "linked_corridor_ids": [_json_id(k) for k in ids_c[linked].tolist()],
        "street_report": dict(street.report),
    }
    return joined


def attach_two_tier(
    joined: CompactGraph,
    street: CompactGraph,
    corridor: CompactGraph,
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    street_max_snap_m: float,
    street_access_speed_kph: float,
    corridor_max_snap_m: float,
    corridor_access_speed_kph: float,
    detour_factor: float = 1.3,
    land_check: bool = True,
) -> pd.DataFrame:
    """Attach points to a joined network: to the nearest street node where one is
    within ``street_max_snap_m`` (inside the street file's area), else to the nearest
    corridor node with the corridor policy. Same columns as :func:`attach_points`
    (``node`` indexes ``joined``) plus ``network`` ("street", "corridor" or "")."""
    if joined.report.get("street_nodes") != street.n_nodes:
        raise ValueError("joined must come from join_networks(street, corridor)")
    on_street = attach_points(
        street,
        lon,
        lat,
        max_snap_m=street_max_snap_m,
        detour_factor=detour_factor,
        access_speed_kph=street_access_speed_kph,
        land_check=land_check,
    )
    on_corridor = attach_points(
        corridor,
        lon,
        lat,
        max_snap_m=corridor_max_snap_m,
        detour_factor=detour_factor,
        access_speed_kph=corridor_access_speed_kph,
        land_check=land_check,
    )
    use_street = ~on_street["off_network"].to_numpy(dtype=bool)
    out = on_corridor.copy()
    out.loc[~on_corridor["off_network"].to_numpy(dtype=bool), "node"] += street.n_nodes
    out.loc[use_street] = on_street.loc[use_street]
    out["network"] = np.where(
        use_street, "street", np.where(out["off_network"].to_numpy(dtype=bool), "", "corridor")
    )
    return out
