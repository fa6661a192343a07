"""Real OSM graphs from ../shared/data/roads: engine vs independent Dijkstra and NetworkX."""

from __future__ import annotations

import heapq
import zlib
from collections import defaultdict
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from geo.roads import load_road_file
from geo.travel import haversine_m, nearest_source_times, route, to_compact
from tests.conftest import ROAD_FILES

# the slow lane: the whole module (real national files, browser or re-solves)
pytestmark = pytest.mark.slow

MAX_SNAP_M = 1000.0
ACCESS_MPS = 30 / 3.6
DETOUR = 1.3


def _heap_dijkstra(adj: dict, source) -> dict:
    """Plain textbook Dijkstra over an adjacency list of (v, seconds)."""
    dist = {source: 0.0}
    heap = [(0.0, 0, source)]
    counter = 1
    done = set()
    while heap:
        d, _, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        for v, t in adj[u]:
            nd = d + t
            if nd < dist.get(v, np.inf):
                dist[v] = nd
                heapq.heappush(heap, (nd, counter, v))
                counter += 1
    return dist


def _nearest_brute(G: nx.MultiDiGraph, lon: float, lat: float) -> tuple[object, float]:
    ids = list(G.nodes)
    xs = np.array([G.nodes[k]["x"] for k in ids])
    ys = np.array([G.nodes[k]["y"] for k in ids])
    d = haversine_m(lon, lat, xs, ys)
    i = int(np.argmin(d))
    return ids[i], float(d[i])


@pytest.fixture(scope="module", params=ROAD_FILES)
def real_graph(request, shared_data: Path):
    path = shared_data / "roads" / request.param
    G = load_road_file(path)
    return request.param, G, to_compact(G)


def test_loaded_graph_contract(real_graph) -> None:
    name, G, cg = real_graph
    assert G.graph["crs"] == "epsg:4326"
    assert G.number_of_nodes() > 100
    for _, _, d in G.edges(data=True):
        assert d["travel_time_s"] > 0 and d["length_m"] >= 0 and d["mode"] == "road"
    # the engine's exported edges are the minimum over parallel edges
    best: dict = {}
    for u, v, d in G.edges(data=True):
        if u != v:
            best[(u, v)] = min(best.get((u, v), np.inf), d["travel_time_s"])
    table = cg.edge_table()
    assert len(table) == len(best)
    got = {
        (cg.node_ids[u], cg.node_ids[v]): t
        for u, v, t in zip(table["u"], table["v"], table["travel_time_s"], strict=True)
    }
    for key, t in best.items():
        assert got[key] == pytest.approx(t, abs=1e-9)
    # Indonesia
    assert np.all((cg.x > 95) & (cg.x < 141) & (cg.y > -11) & (cg.y < 6))


def test_route_matches_independent_dijkstra(real_graph) -> None:
    name, G, cg = real_graph
    adj: dict = defaultdict(list)
    for u, v, d in G.edges(data=True):
        adj[u].append((v, d["travel_time_s"]))
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    x0, x1 = np.quantile(cg.x, [0.1, 0.9])
    y0, y1 = np.quantile(cg.y, [0.1, 0.9])
    compared = reachable = 0
    for _ in range(6):
        a = (float(rng.uniform(x0, x1)), float(rng.uniform(y0, y1)))
        b = (float(rng.uniform(x0, x1)), float(rng.uniform(y0, y1)))
        r = route(cg, a, b, max_snap_m=MAX_SNAP_M, land_check=False)
        na, da = _nearest_brute(G, *a)
        nb, db = _nearest_brute(G, *b)
        assert r["from_node"] == na and r["to_node"] == nb
        dist = _heap_dijkstra(adj, na)
        compared += 1
        if nb not in dist:
            assert r["travel_time_h"] is None and "no road link" in r["reason"]
            continue
        reachable += 1
        expected_s = (da + db) * DETOUR / ACCESS_MPS + dist[nb]
        assert r["travel_time_h"] * 3600 == pytest.approx(expected_s, abs=1.0)
        assert sum(leg["seconds"] for leg in r["legs"]) == pytest.approx(expected_s, abs=1.0)
        # the path is a real chain of graph edges
        assert all(G.has_edge(u, v) for u, v in zip(r["path"][:-1], r["path"][1:], strict=True))
    assert compared == 6 and reachable >= 3


def test_multi_source_matches_networkx(real_graph) -> None:
    name, G, cg = real_graph
    rng = np.random.default_rng(3)
    src_idx = rng.choice(cg.n_nodes, size=5, replace=False)
    src_ids = cg.node_ids[src_idx].tolist()
    res = nearest_source_times(cg, src_idx)
    ref = nx.multi_source_dijkstra_path_length(G, set(src_ids), weight="travel_time_s")
    ref_arr = np.array([ref.get(k, np.inf) for k in cg.node_ids.tolist()])
    assert np.array_equal(np.isfinite(ref_arr), np.isfinite(res.time_s))
    fin = np.isfinite(ref_arr)
    np.testing.assert_allclose(res.time_s[fin], ref_arr[fin], rtol=0, atol=1e-6)
    # the winning source is one at that exact distance
    for i in np.flatnonzero(fin)[:50]:
        s = src_ids[res.source_index[i]]
        t = nx.shortest_path_length(G, s, cg.node_ids[i], weight="travel_time_s")
        assert t == pytest.approx(res.time_s[i], abs=1e-6)
