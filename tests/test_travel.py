"""The travel-time engine against hand-checked answers and a slow NetworkX reference."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest
from shapely import Point

from geo.isochrones import isochrone_polygons
from geo.travel import (
    EARTH_RADIUS_M,
    attach_points,
    haversine_m,
    nearest_source_times,
    route,
    to_compact,
    travel_time_matrix,
)


def _add(G: nx.MultiDiGraph, u, v, t: float, *, length_m: float = 100.0, mode: str = "road",
         both: bool = True) -> None:  # fmt: skip
    G.add_edge(u, v, travel_time_s=t, length_m=length_m, mode=mode)
    if both:
        G.add_edge(v, u, travel_time_s=t, length_m=length_m, mode=mode)


def grid3() -> nx.MultiDiGraph:
    """3x3 grid, node r*3+c at lon 106+0.01c, lat -6-0.01r; 60 s across, 100 s down."""
    G = nx.MultiDiGraph(crs="epsg:4326")
    for r in range(3):
        for c in range(3):
            G.add_node(r * 3 + c, x=106 + 0.01 * c, y=-6 - 0.01 * r)
    for r in range(3):
        for c in range(3):
            if c < 2:
                _add(G, r * 3 + c, r * 3 + c + 1, 60.0, length_m=1100.0)
            if r < 2:
                _add(G, r * 3 + c, (r + 1) * 3 + c, 100.0, length_m=1100.0)
    return G


def ferry_graph() -> nx.MultiDiGraph:
    """Java a-b by road, ferry b-c, Sumatra c-d; e is isolated; one-way d->f; parallel a-b."""
    G = nx.MultiDiGraph(crs="epsg:4326")
    coords = {"a": (106.2, -6.1), "b": (106.0, -5.93), "c": (105.75, -5.87), "d": (105.3, -5.4),
              "e": (110.0, -7.0), "f": (105.2, -5.3)}  # fmt: skip
    for k, (x, y) in coords.items():
        G.add_node(k, x=x, y=y)
    _add(G, "a", "b", 3600.0, length_m=40_000)
    _add(G, "a", "b", 1800.0, length_m=45_000)  # parallel, faster: the one kept
    _add(G, "b", "c", 12_600.0, length_m=30_000, mode="ferry")
    _add(G, "c", "d", 7200.0, length_m=90_000)
    _add(G, "d", "f", 900.0, length_m=10_000, both=False)
    return G


def reference_times(G: nx.MultiDiGraph, sources: list, offsets: list[float]) -> dict:
    """Slow, obviously-correct: NetworkX Dijkstra from a super-source with offset edges."""
    H = nx.MultiDiGraph(G)
    H.add_node("__super__")
    for s, o in zip(sources, offsets, strict=True):
        H.add_edge("__super__", s, travel_time_s=o)
    ref = nx.single_source_dijkstra_path_length(H, "__super__", weight="travel_time_s")
    ref.pop("__super__")
    return ref


def _as_array(cg, ref: dict) -> np.ndarray:
    return np.array([ref.get(k, np.inf) for k in cg.node_ids.tolist()])


def _assert_same(a: np.ndarray, b: np.ndarray) -> None:
    assert np.array_equal(np.isfinite(a), np.isfinite(b))
    fin = np.isfinite(a)
    np.testing.assert_allclose(a[fin], b[fin], rtol=0, atol=1e-6)


def test_haversine_known_distances() -> None:
    # one degree of longitude on the equator = R * pi / 180
    assert haversine_m(0.0, 0.0, 1.0, 0.0) == pytest.approx(EARTH_RADIUS_M * np.pi / 180)
    d = haversine_m(np.array([106.8, 0.0]), np.array([-6.2, 0.0]), np.array([106.8, 0.0]),
                    np.array([-6.2, 0.0]))  # fmt: skip
    assert np.all(d == 0)
    # Jakarta -> Surabaya ~ 660 km
    assert 650_000 < haversine_m(106.85, -6.2, 112.75, -7.25) < 670_000


def test_grid_hand_checked_times() -> None:
    cg = to_compact(grid3())
    res = nearest_source_times(cg, cg.index_of([0]))
    expected = [60 * (k % 3) + 100 * (k // 3) for k in cg.node_ids.tolist()]
    np.testing.assert_allclose(res.time_s, expected, atol=1e-6)
    assert np.all(res.source_index == 0)
    assert not res.path_uses_ferry.any()


def test_grid_two_sources_with_offsets_matches_reference() -> None:
    G = grid3()
    cg = to_compact(G)
    # corner 0 with a 500 s access leg vs corner 8 with 0 s: node 4 is 160 s from
    # both corners, so 8 wins there; node 0 is better served by 8 (320 s) than itself (500 s)
    res = nearest_source_times(cg, cg.index_of([0, 8]), source_offsets_s=np.array([500.0, 0.0]))
    ref = _as_array(cg, reference_times(G, [0, 8], [500.0, 0.0]))
    _assert_same(res.time_s, ref)
    assert res.time_s[cg.index_of([0])[0]] == pytest.approx(320.0)
    assert np.all(res.source_index == 1)
    res = nearest_source_times(cg, cg.index_of([0, 8]), source_offsets_s=np.array([0.0, 100.0]))
    by_id = dict(zip(cg.node_ids.tolist(), res.source_index.tolist(), strict=True))
    # node 6: 200 s from 0 vs 100+120 from 8; node 7: 260 vs 100+60
    assert by_id[2] == 0 and by_id[6] == 0 and by_id[7] == 1
    assert res.time_s[cg.index_of([6])[0]] == pytest.approx(200.0)


def test_duplicate_sources_take_smallest_offset() -> None:
    G = grid3()
    cg = to_compact(G)
    src = cg.index_of([4, 4, 0])
    res = nearest_source_times(cg, src, source_offsets_s=np.array([50.0, 10.0, 0.0]))
    _assert_same(res.time_s, _as_array(cg, reference_times(G, [4, 4, 0], [50.0, 10.0, 0.0])))
    assert res.source_index[cg.index_of([4])[0]] == 1
    assert res.source_index[cg.index_of([0])[0]] == 2


def test_ferry_parallel_oneway_unreachable() -> None:
    G = ferry_graph()
    cg = to_compact(G)
    res = nearest_source_times(cg, cg.index_of(["a"]))
    t = dict(zip(cg.node_ids.tolist(), res.time_s.tolist(), strict=True))
    assert t["b"] == 1800.0  # the faster parallel edge
    assert t["c"] == 1800.0 + 12_600.0
    assert t["f"] == 1800.0 + 12_600.0 + 7200.0 + 900.0
    assert t["e"] == np.inf
    ferry = dict(zip(cg.node_ids.tolist(), res.path_uses_ferry.tolist(), strict=True))
    assert ferry == {"a": False, "b": False, "c": True, "d": True, "e": False, "f": True}
    assert res.source_index[cg.index_of(["e"])[0]] == -1
    _assert_same(res.time_s, _as_array(cg, reference_times(G, ["a"], [0.0])))
    # one-way d->f: nothing comes back from f
    back = nearest_source_times(cg, cg.index_of(["f"]))
    assert np.isfinite(back.time_s).sum() == 1


def test_matrix_offsets_and_cutoff() -> None:
    G = grid3()
    cg = to_compact(G)
    src, dst = cg.index_of([0, 8]), cg.index_of([2, 6, 4])
    m = travel_time_matrix(cg, src, dst)
    np.testing.assert_allclose(m, [[120, 200, 160], [200, 120, 160]])
    m = travel_time_matrix(
        cg, src, dst, source_offsets_s=np.array([10.0, 0.0]),
        target_offsets_s=np.array([0.0, 1.0, 2.0]), cutoff_s=170.0,
    )  # fmt: skip
    expected = np.array([[130, np.inf, 172], [np.inf, 121, 162]], dtype=float)
    expected[expected > 170] = np.inf
    np.testing.assert_array_equal(m, expected)
    # chunking gives the same matrix
    small = travel_time_matrix(cg, src, dst, max_chunk_bytes=1)
    np.testing.assert_array_equal(small, travel_time_matrix(cg, src, dst))
    # unreachable in the ferry graph
    cf = to_compact(ferry_graph())
    mf = travel_time_matrix(cf, cf.index_of(["a", "f"]), cf.index_of(["e", "d"]))
    assert np.isinf(mf[0, 0]) and mf[0, 1] == 1800 + 12_600 + 7200 and np.isinf(mf[1, 1])


def test_attach_points_snap_and_off_network() -> None:
    cg = to_compact(grid3())
    pts = attach_points(
        cg, np.array([106.0, 106.0201, 107.0]), np.array([-6.0, -6.0, -6.0]),
        max_snap_m=1000.0, land_check=False,
    )  # fmt: skip
    assert pts["node_id"].tolist()[:2] == [0, 2] and pts["node_id"].tolist()[2] is None
    assert pts["off_network"].tolist() == [False, False, True]
    assert pts["node"].tolist()[2] == -1 and np.isnan(pts["access_s"].iloc[2])
    snap = haversine_m(106.0201, -6.0, 106.02, -6.0)
    assert pts["snap_m"].iloc[1] == pytest.approx(snap)
    assert pts["access_s"].iloc[1] == pytest.approx(snap * 1.3 / (30 / 3.6))
    assert pts["access_s"].iloc[0] == 0.0


def test_land_check_refuses_nodes_across_the_strait() -> None:
    """A point in Lampung (Sumatra) must not attach to Merak (Java) across the Sunda Strait."""
    G = nx.MultiDiGraph(crs="epsg:4326")
    G.add_node("merak", x=106.0, y=-5.95)
    G.add_node("cilegon", x=106.05, y=-6.0)
    G.add_node("bandar_lampung", x=105.26, y=-5.43)
    cg = to_compact(G)
    lon, lat = np.array([105.76, 106.1]), np.array([-5.85, -6.05])
    loose = attach_points(cg, lon, lat, max_snap_m=100_000, land_check=False)
    assert loose["node_id"].tolist() == ["merak", "cilegon"]
    strict = attach_points(cg, lon, lat, max_snap_m=100_000, land_check=True)
    assert strict["node_id"].tolist() == ["bandar_lampung", "cilegon"]
    tight = attach_points(cg, lon, lat, max_snap_m=40_000, land_check=True)
    assert tight["off_network"].tolist() == [True, False]


def test_route_legs_and_json() -> None:
    cg = to_compact(ferry_graph())
    r = route(cg, (106.2, -6.1), (105.2, -5.3), max_snap_m=1000, land_check=False)
    assert r["path"] == ["a", "b", "c", "d", "f"]
    assert [leg["mode"] for leg in r["legs"]] == ["access", "road", "ferry", "road", "access"]
    assert r["legs"][1]["meters"] == 45_000 and r["legs"][1]["seconds"] == 1800
    assert r["legs"][3]["meters"] == 100_000 and r["legs"][3]["seconds"] == 8100
    assert r["travel_time_h"] == pytest.approx((1800 + 12_600 + 7200 + 900) / 3600)
    assert r["distance_km"] == pytest.approx(45 + 30 + 90 + 10)
    assert r["from_node"] == "a" and r["to_node"] == "f"
    json.dumps(r)  # JSON-safe
    back = route(cg, (105.2, -5.3), (106.2, -6.1), max_snap_m=1000, land_check=False)
    assert back["travel_time_h"] is None and "no road link" in back["reason"]
    off = route(cg, (120.0, 0.0), (106.2, -6.1), max_snap_m=1000, land_check=False)
    assert off["travel_time_h"] is None and "off-network" in off["reason"]


def test_route_on_grid_with_access_legs() -> None:
    G = grid3()
    cg = to_compact(G)
    r = route(cg, (106.0, -6.0005), (106.02, -6.02), max_snap_m=500, land_check=False)
    access = haversine_m(106.0, -6.0005, 106.0, -6.0) * 1.3 / (30 / 3.6)
    assert r["travel_time_h"] * 3600 == pytest.approx(320 + access)
    assert r["legs"][0]["mode"] == "access" and r["legs"][-1]["seconds"] == 0.0
    assert len(r["legs"]) == 3  # access, merged road, access
    assert r["path"][0] == 0 and r["path"][-1] == 8 and len(r["path"]) == 5


def test_random_graphs_match_networkx() -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        G = nx.gnm_random_graph(60, 150, seed=int(rng.integers(1e6)), directed=True)
        M = nx.MultiDiGraph(crs="epsg:4326")
        for k in G.nodes:
            M.add_node(k, x=106 + rng.random(), y=-6 - rng.random())
        for u, v in G.edges:
            M.add_edge(u, v, travel_time_s=float(rng.integers(0, 50)), length_m=1.0, mode="road")
            if rng.random() < 0.3:  # parallel edge
                M.add_edge(u, v, travel_time_s=float(rng.random() * 50), length_m=1.0, mode="ferry")
        cg = to_compact(M)
        src = [0, 5, 9]
        off = [float(x) for x in rng.random(3) * 30]
        res = nearest_source_times(cg, cg.index_of(src), source_offsets_s=np.array(off))
        _assert_same(res.time_s, _as_array(cg, reference_times(M, src, off)))
        plain = nearest_source_times(cg, cg.index_of(src))
        ref = nx.multi_source_dijkstra_path_length(M, set(src), weight="travel_time_s")
        _assert_same(plain.time_s, _as_array(cg, ref))


def test_isochrones_nested_and_fast_shapes() -> None:
    G = grid3()
    cg = to_compact(G)
    res = nearest_source_times(cg, cg.index_of([0]))
    iso = isochrone_polygons(cg, res.time_s, thresholds_h=[200 / 3600, 0.0, 1.0])
    assert iso.crs.to_epsg() == 4326
    assert iso["threshold_h"].tolist() == [0.0, 200 / 3600, 1.0]
    areas = iso.to_crs(32748).area.to_numpy()
    assert areas[0] > 0 and areas[0] < areas[1] < areas[2]
    big = iso.geometry.iloc[2]
    assert all(big.contains(Point(x, y)) for x, y in zip(cg.x, cg.y, strict=True))
    none = isochrone_polygons(cg, np.full(cg.n_nodes, np.inf), thresholds_h=[1.0])
    assert none.geometry.iloc[0].is_empty
