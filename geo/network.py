"""The pack's road network as the engine sees it: the NetworkX graph (roads, ferries, sea
lanes), the compact engine graph (compiled files, streamed OSM), how points attach to it
(:class:`AccessPolicy`), and travel hours from sources to provinces (capitals, or each
province's hospitals weighted by demand)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from geo import demand as demand_model
from geo import osm_stream, travel
from geo import roads as road_model
from geo.errors import DataError
from geo.packs.paths import EMBEDDED_DIR
from geo.settings import DETOUR_FACTOR

if TYPE_CHECKING:
    from geo.packs import Pack


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

    The corridor network gets the pack's sea lanes (ports joined to the corridor node
    they name, lanes with mode "sea"); a street graph is regional and gets none.

    Parameters
    ----------
    pack : Pack
    roads : str or pathlib.Path, optional
        A road file (GraphML, OSM XML/PBF) instead of the pack's network.
    speeds_kph : dict of str to float, optional
        Speeds by road class (km/h): geo.roads.DEFAULT_SPEEDS_KPH, overridden by the
        pack's [roads.speeds_kph], overridden by these.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes with ``x`` (lon), ``y`` (lat); edges with ``travel_time_s`` (s),
        ``length_m`` (m) and ``mode`` ("road"/"ferry"/"sea").

    Raises
    ------
    DataError
        The road file is a compiled graph (it has no NetworkX form: use
        :func:`engine_for`).
    """
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
    """The engine's compact graph of the pack's network (or of ``roads``).

    - a compiled graph (``*.o2graph.npz``): loaded as it is (refused if it was compiled
      with other speeds than the ones asked for);
    - an OSM PBF: always streamed by geo.osm_stream (pyosmium, a few hundred bytes per
      node); the same ways, speeds and times as the osmnx path, without whole-file
      tables;
    - an OSM XML file above STREAM_XML_BYTES: streamed too;
    - the corridor network, GraphML and smaller OSM XML files: via NetworkX.

    Parameters
    ----------
    pack : Pack
    roads : str or pathlib.Path, optional
        A road file instead of the pack's network.
    speeds_kph : dict of str to float, optional
        Speed overrides by road class (km/h), as for :func:`road_graph`.

    Returns
    -------
    geo.travel.CompactGraph
        Node ids, coordinates and a CSR matrix of travel times (s).
    """
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


def flow_paths(
    cg: travel.CompactGraph,
    plants: pd.DataFrame,
    capitals: pd.DataFrame,
    flows: pd.DataFrame,
) -> dict[tuple[Any, Any], np.ndarray]:
    """The drawn path of each flow (source line -> province capital): its fastest route
    on the network, road and ferry legs node to node, sea legs along a path that stays
    at sea (:func:`geo.basemap.sea_path`). ``plants``/``capitals``: the attachment
    tables (``id``/``code``, ``node``, ``off_network``); ``flows``: ``plant, province``.
    Returns ``{(plant, province): (n, 2) lon/lat}``; a flow with no route is left out
    (drawn straight). For maps only: travel times come from the allocation."""
    from scipy.sparse.csgraph import dijkstra

    from geo.basemap import sea_path

    on = ~plants["off_network"].to_numpy(dtype=bool)
    src_node = dict(zip(plants["id"][on], plants["node"][on].astype(int), strict=True))
    on = ~capitals["off_network"].to_numpy(dtype=bool)
    dst_node = dict(zip(capitals["code"][on], capitals["node"][on].astype(int), strict=True))
    out: dict[tuple[Any, Any], np.ndarray] = {}
    for plant, group in flows.groupby("plant", sort=True):
        if plant not in src_node:
            continue
        src = src_node[plant]
        dist, pred = dijkstra(cg.csr, directed=True, indices=src, return_predecessors=True)
        for prov in pd.unique(group["province"]):
            dst = dst_node.get(prov)
            if dst is None or not np.isfinite(dist[dst]):
                continue
            nodes = [dst]
            while nodes[-1] != src:
                nodes.append(int(pred[nodes[-1]]))
            nodes.reverse()
            p = np.asarray(nodes, dtype=np.int64)
            modes = cg.mode[cg.edge_index(p[:-1], p[1:])] if p.size > 1 else []
            coords = [(float(cg.x[p[0]]), float(cg.y[p[0]]))]
            for a, b, mode in zip(p[:-1], p[1:], modes, strict=True):
                if int(mode) == travel.MODE_CODES["sea"]:
                    leg = sea_path(float(cg.x[a]), float(cg.y[a]), float(cg.x[b]), float(cg.y[b]))
                    coords += [tuple(v) for v in leg[1:].tolist()]
                else:
                    coords.append((float(cg.x[b]), float(cg.y[b])))
            out[(plant, prov)] = np.asarray(coords, dtype=float)
    return out
