"""Streamed OSM reader (geo.osm_stream): tiny hand-checkable files written with pyosmium,
equality with the osmnx/NetworkX path on real OSM data, the compiled cache, bad files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

from geo import network, osm_stream, roads
from geo.errors import DataError
from geo.packs import load_pack
from geo.travel import haversine_m, nearest_source_times, to_compact
from tests.conftest import ROAD_FILES

osmium = pytest.importorskip("osmium")

SPEEDS = roads.DEFAULT_SPEEDS_KPH


def _write(path: Path, nodes: dict[int, tuple[float, float]], ways: list) -> Path:
    """An OSM file (format from the suffix) with nodes {id: (lon, lat)} and ways
    [(id, [node ids], {tags})]."""
    from osmium.osm.mutable import Node, Way

    with osmium.SimpleWriter(str(path)) as writer:
        for node_id in sorted(nodes):
            writer.add_node(Node(id=node_id, location=nodes[node_id]))
        for way_id, refs, tags in ways:
            writer.add_way(Way(id=way_id, nodes=refs, tags=tags))
    return path


def _time(cg, a: int, b: int) -> float:
    """Shortest travel time (s) between OSM node ids a and b."""
    ia, ib = cg.index_of([a, b])
    return float(dijkstra(cg.csr, indices=int(ia))[int(ib)])


def _edge(cg, a: int, b: int) -> int:
    ia, ib = cg.index_of([a, b])
    return int(cg.edge_index(np.array([ia]), np.array([ib]))[0])


def _len(nodes: dict, a: int, b: int) -> float:
    return float(haversine_m(*nodes[a], *nodes[b]))


# a cross: 1-2-3 west-east through junction 2, 4-2-5 south-north; 2 is a junction
CROSS = {
    1: (106.800, -6.200),
    2: (106.810, -6.200),
    3: (106.820, -6.200),
    4: (106.810, -6.210),
    5: (106.810, -6.190),
}


@pytest.mark.parametrize("suffix", [".osm.pbf", ".osm"])
def test_oneway_tags_give_single_directions(tmp_path: Path, suffix: str) -> None:
    path = _write(
        tmp_path / f"cross{suffix}",
        CROSS,
        [
            (10, [1, 2], {"highway": "residential", "oneway": "yes"}),
            (11, [2, 3], {"highway": "residential", "oneway": "-1"}),
            (12, [4, 2], {"highway": "motorway"}),  # implied one-way
            (13, [2, 5], {"highway": "tertiary", "oneway": "no"}),
        ],
    )
    cg = osm_stream.read_osm_graph(path)
    assert sorted(cg.node_ids.tolist()) == [1, 2, 3, 4, 5]
    assert _edge(cg, 1, 2) >= 0 and _edge(cg, 2, 1) == -1
    assert _edge(cg, 3, 2) >= 0 and _edge(cg, 2, 3) == -1  # -1: against the node order
    assert _edge(cg, 4, 2) >= 0 and _edge(cg, 2, 4) == -1
    assert _edge(cg, 2, 5) >= 0 and _edge(cg, 5, 2) >= 0
    t = cg.csr.data[_edge(cg, 4, 2)]
    assert t == pytest.approx(_len(CROSS, 4, 2) / (SPEEDS["motorway"] / 3.6), rel=1e-9)


def test_degree2_chains_contract_with_per_segment_times(tmp_path: Path) -> None:
    nodes = {
        1: (106.800, -6.200),
        2: (106.805, -6.201),  # shape node inside way 10
        3: (106.810, -6.200),  # where way 10 ends and way 11 starts: degree 2
        4: (106.815, -6.202),
        5: (106.820, -6.200),
    }
    path = _write(
        tmp_path / "chain.osm.pbf",
        nodes,
        [
            (10, [1, 2, 3], {"highway": "residential"}),
            (11, [3, 4, 5], {"highway": "primary", "maxspeed": "100"}),  # never raises
        ],
    )
    cg = osm_stream.read_osm_graph(path)
    assert sorted(cg.node_ids.tolist()) == [1, 5]
    assert cg.n_edges == 2
    slow = (_len(nodes, 1, 2) + _len(nodes, 2, 3)) / (SPEEDS["residential"] / 3.6)
    fast = (_len(nodes, 3, 4) + _len(nodes, 4, 5)) / (SPEEDS["primary"] / 3.6)
    e = _edge(cg, 1, 5)
    assert cg.csr.data[e] == pytest.approx(slow + fast, rel=1e-9)
    assert cg.length_m[e] == pytest.approx(sum(_len(nodes, a, a + 1) for a in (1, 2, 3, 4)))
    assert cg.csr.data[_edge(cg, 5, 1)] == pytest.approx(slow + fast, rel=1e-9)


def test_maxspeed_lowers_the_class_speed_in_both_paths(tmp_path: Path) -> None:
    nodes = {1: (106.8, -6.2), 2: (106.81, -6.2)}
    for maxspeed, expected_kph in (("30", 30.0), ("100", SPEEDS["primary"])):
        ways = [(10, [1, 2], {"highway": "primary", "maxspeed": maxspeed})]
        pbf = _write(tmp_path / f"m{maxspeed}.osm.pbf", nodes, ways)
        xml = _write(tmp_path / f"m{maxspeed}.osm", nodes, ways)
        expected_s = _len(nodes, 1, 2) / (expected_kph / 3.6)
        assert _time(osm_stream.read_osm_graph(pbf), 1, 2) == pytest.approx(expected_s)
        G = roads.load_osm_xml(xml)
        (d,) = G.get_edge_data(1, 2).values()
        assert d["travel_time_s"] == pytest.approx(expected_s, rel=1e-6)


def test_ferry_ways_take_their_duration_or_the_ferry_speed(tmp_path: Path) -> None:
    nodes = {
        1: (106.80, -6.20),
        2: (106.81, -6.20),  # port A
        3: (106.90, -6.20),  # port B
        4: (106.91, -6.20),
        5: (106.95, -6.20),  # port C
    }
    path = _write(
        tmp_path / "ferry.osm.pbf",
        nodes,
        [
            (10, [1, 2], {"highway": "residential"}),
            (11, [3, 4], {"highway": "residential"}),
            (12, [2, 3], {"route": "ferry", "duration": "01:30"}),
            (13, [4, 5], {"route": "ferry"}),
        ],
    )
    cg = osm_stream.read_osm_graph(path)
    e = _edge(cg, 2, 3)
    assert cg.mode[e] == 1 and cg.csr.data[e] == pytest.approx(5400.0)
    assert cg.csr.data[_edge(cg, 3, 2)] == pytest.approx(5400.0)
    e = _edge(cg, 4, 5)
    assert cg.mode[e] == 1
    assert cg.csr.data[e] == pytest.approx(_len(nodes, 4, 5) / (roads.FERRY_SPEED_KPH / 3.6))
    assert cg.report["ferry_ways"] == 2 and cg.report["ferry_ways_with_duration"] == 1
    # a route across the ferry reports a ferry on its path
    res = nearest_source_times(cg, cg.index_of([1]))
    assert res.path_uses_ferry[cg.index_of([4])[0]]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("01:30", 5400.0), ("0:45:30", 2730.0), ("90", 5400.0), ("7.5", 450.0), ("soon", None)],
)
def test_parse_duration(value: str, seconds: float | None) -> None:
    assert roads.parse_duration_s(value) == seconds


def test_parts_outside_the_main_component_are_kept_and_reported(tmp_path: Path) -> None:
    nodes = {**CROSS, 7: (107.0, -6.3), 8: (107.01, -6.3), 9: (107.02, -6.3)}
    path = _write(
        tmp_path / "islands.osm.pbf",
        nodes,
        [
            (10, [1, 2, 3], {"highway": "residential"}),
            (11, [4, 2, 5], {"highway": "residential"}),
            (12, [7, 8, 9], {"highway": "residential", "oneway": "yes"}),  # apart, one-way
            (13, [1, 3], {"highway": "footway"}),  # not drivable: skipped and counted
        ],
    )
    cg = osm_stream.read_osm_graph(path)
    assert {7, 9} <= set(cg.node_ids.tolist())
    r = cg.report
    assert r["ways_skipped"] == {"not drivable": 1}
    assert r["weak_components"] == 2
    assert r["nodes_outside_largest_weak"] == 2 and r["edges_outside_largest_weak"] == 1
    assert r["strong_components"] == 3  # 7 and 9 are each their own strong component
    assert r["nodes_outside_largest_strong"] == 2


def test_ring_without_junctions_is_kept(tmp_path: Path) -> None:
    # two ways closing a ring: every node has two neighbours, none is an osmnx endpoint
    nodes = {1: (106.80, -6.20), 2: (106.81, -6.20), 3: (106.81, -6.21), 4: (106.80, -6.21)}
    ways = [(10, [1, 2, 3], {"highway": "service"}), (11, [3, 4, 1], {"highway": "service"})]
    cg = osm_stream.read_osm_graph(_write(tmp_path / "ring.osm.pbf", nodes, ways))
    assert set(cg.node_ids.tolist()) == {1, 3}
    mps = SPEEDS["service"] / 3.6
    north = (_len(nodes, 1, 2) + _len(nodes, 2, 3)) / mps
    south = (_len(nodes, 3, 4) + _len(nodes, 4, 1)) / mps
    assert _time(cg, 1, 3) == pytest.approx(min(north, south))
    assert _time(cg, 3, 1) == pytest.approx(min(north, south))


# ----------------------------------------------------------------- equality with osmnx


def _compare_with_networkx(cg, cg_nx, *, min_shared: float) -> int:
    """All pairs of shared nodes: same reachability, times within 1 s. Returns pairs."""
    shared = np.intersect1d(cg.node_ids, cg_nx.node_ids)
    assert len(shared) >= min_shared * cg.n_nodes
    a = dijkstra(cg.csr, indices=cg.index_of(shared))[:, cg.index_of(shared)]
    b = dijkstra(cg_nx.csr, indices=cg_nx.index_of(shared))[:, cg_nx.index_of(shared)]
    assert np.array_equal(np.isfinite(a), np.isfinite(b))
    fin = np.isfinite(a)
    assert np.max(np.abs(a[fin] - b[fin])) <= 1.0
    return int(fin.sum())


@pytest.mark.slow  # reads ../shared/data
def test_streamed_equals_networkx_on_real_osm_xml(shared_data: Path, tmp_path: Path) -> None:
    src = shared_data / "roads" / "surabaya_gubeng_2013.osm"
    cg_nx = to_compact(roads.load_osm_xml(src, retain_all=True))
    cg = osm_stream.read_osm_graph(src)
    assert cg.n_nodes == cg_nx.n_nodes and cg.n_edges == cg_nx.n_edges
    assert np.array_equal(np.sort(cg.node_ids), np.sort(cg_nx.node_ids))
    assert _compare_with_networkx(cg, cg_nx, min_shared=1.0) > 100_000
    # the same data as PBF streams to the same graph
    pbf = tmp_path / "surabaya.osm.pbf"
    osmium.apply(str(src), osmium.WriteHandler(str(pbf)))
    cg_pbf = osm_stream.read_osm_graph(pbf)
    assert cg_pbf.n_edges == cg.n_edges
    assert _compare_with_networkx(cg_pbf, cg_nx, min_shared=1.0) > 100_000


def _graphml_as_osm(src: Path, out: Path) -> int:
    """Write an osmnx GraphML graph as raw OSM: every edge becomes a way through its
    geometry's points (new node ids for interior points), with a single highway class
    (the first of a list, sorted), its maxspeed when single, and oneway=yes for one-way
    edges (two-way edges are written once). Returns the number of ways."""
    import osmnx as ox
    from osmium.osm.mutable import Node, Way

    G = ox.load_graphml(src)
    nodes = {int(k): (float(d["x"]), float(d["y"])) for k, d in G.nodes(data=True)}
    next_id = max(nodes) + 1
    ways = []
    seen: set = set()
    for u, v, k, d in G.edges(keys=True, data=True):
        oneway = bool(d.get("oneway", False))
        if not oneway and ((v, u, k) in seen or d.get("reversed") is True):
            continue
        seen.add((u, v, k))
        refs = [int(u)]
        geometry = d.get("geometry")
        if geometry is not None:
            for lon, lat in list(geometry.coords)[1:-1]:
                nodes[next_id] = (lon, lat)
                refs.append(next_id)
                next_id += 1
        refs.append(int(v))
        highway = d.get("highway")
        highway = sorted(highway)[0] if isinstance(highway, list) else str(highway)
        tags = {"highway": highway, "oneway": "yes" if oneway else "no"}
        if isinstance(d.get("maxspeed"), str):
            tags["maxspeed"] = d["maxspeed"]
        ways.append((len(ways) + 1, refs, tags))
    with osmium.SimpleWriter(str(out)) as writer:
        for node_id in sorted(nodes):
            writer.add_node(Node(id=node_id, location=nodes[node_id]))
        for way_id, refs, tags in ways:
            writer.add_way(Way(id=way_id, nodes=refs, tags=tags))
    return len(ways)


GRAPHML_FILES = [name for name in ROAD_FILES if name.endswith(".graphml")]


@pytest.mark.slow
@pytest.mark.parametrize("name", GRAPHML_FILES)
def test_streamed_equals_networkx_on_real_graphml_networks(
    shared_data: Path, tmp_path: Path, name: str
) -> None:
    """No raw OSM exists for the GraphML files: each is written back as OSM (same node
    coordinates, ways along the edge geometries, classes, one-way flags), then both
    paths read that file. Mixed-class GraphML edges take one class here, so the
    GraphML file's own mean-class times are not the reference."""
    osm = tmp_path / (name + ".osm")
    assert _graphml_as_osm(shared_data / "roads" / name, osm) > 100
    cg_nx = to_compact(roads.load_osm_xml(osm, retain_all=True))
    cg = osm_stream.read_osm_graph(osm)
    assert _compare_with_networkx(cg, cg_nx, min_shared=0.99) > 10_000


def test_streamed_equals_networkx_on_real_pbf_sample(tmp_path: Path) -> None:
    pyrosm = pytest.importorskip("pyrosm")
    src = Path(pyrosm.get_data("test_pbf"))  # a clipped real extract in the pyrosm wheel
    xml = tmp_path / "sample.osm"
    osmium.apply(str(src), osmium.WriteHandler(str(xml)))
    cg_nx = to_compact(roads.load_osm_xml(xml, retain_all=True))
    cg = osm_stream.read_osm_graph(src)
    assert cg.report["ways_missing_nodes"] > 0  # clipped ways are counted, not silent
    assert _compare_with_networkx(cg, cg_nx, min_shared=0.99) > 10_000


def test_engine_for_streams_pbf_and_loads_compiled(tmp_path: Path) -> None:
    pyrosm = pytest.importorskip("pyrosm")
    src = Path(pyrosm.get_data("test_pbf"))
    pack = load_pack("embedded")
    cg = network.engine_for(pack, roads=src)
    assert cg.report["ways_kept"] > 0  # the streamed reader, not pyrosm
    out = tmp_path / "sample.o2graph.npz"
    meta = network.compile_roads(pack, src, out, speeds_kph={"primary": 33.0})
    assert meta["speeds_kph"]["primary"] == 33.0
    with pytest.raises(DataError, match="other speeds for primary"):
        network.engine_for(pack, roads=out)
    network.compile_roads(pack, src, out)
    again = network.engine_for(pack, roads=out)
    assert np.array_equal(again.csr.data, cg.csr.data)
    with pytest.raises(DataError, match="other speeds"):
        network.engine_for(pack, roads=out, speeds_kph={"residential": 5.0})
    with pytest.raises(DataError, match="no NetworkX form"):
        network.road_graph(pack, roads=out)


# ------------------------------------------------------------------------ compiled


def test_compiled_round_trip_is_exact(tmp_path: Path) -> None:
    nodes = {**CROSS, 7: (106.9, -6.2)}
    src = _write(
        tmp_path / "c.osm.pbf",
        nodes,
        [
            (10, [1, 2, 3], {"highway": "residential", "oneway": "yes"}),
            (11, [4, 2, 5], {"highway": "primary"}),
            (12, [3, 7], {"route": "ferry", "duration": "20"}),
        ],
    )
    out = tmp_path / "c.o2graph.npz"
    meta = osm_stream.compile_road_file(src, out, speeds_kph={"primary": 33.0})
    assert meta["source_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert meta["speeds_kph"]["primary"] == 33.0 and meta["ferry_speed_kph"] > 0
    assert meta["format_version"] == osm_stream.FORMAT_VERSION
    cg = osm_stream.read_osm_graph(src, speeds_kph={"primary": 33.0})
    assert (meta["nodes"], meta["edges"]) == (cg.n_nodes, cg.n_edges)
    back = osm_stream.load_compiled(out)
    for name in ("node_ids", "x", "y", "length_m", "mode"):
        assert np.array_equal(getattr(back, name), getattr(cg, name)), name
    assert np.array_equal(back.csr.indptr, cg.csr.indptr)
    assert np.array_equal(back.csr.indices, cg.csr.indices)
    assert np.array_equal(back.csr.data, cg.csr.data)
    assert back.report["report"]["ferry_ways"] == 1
    with pytest.raises(DataError, match="o2graph.npz"):
        osm_stream.compile_road_file(src, tmp_path / "c.npz")


def test_damaged_compiled_file_is_a_data_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.o2graph.npz"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(DataError) as err:
        osm_stream.load_compiled(bad)
    assert str(bad) in str(err.value) and "\n" not in str(err.value)


# ------------------------------------------------------------------------ bad files


def _assert_one_line_error(path: Path, match: str) -> None:
    with pytest.raises(DataError, match=match) as err:
        osm_stream.read_osm_graph(path)
    assert err.value.file == str(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_truncated_pbf(tmp_path: Path) -> None:
    nodes = {i: (106.8 + i * 1e-3, -6.2 + (i % 7) * 1e-3) for i in range(1, 20_001)}
    ways = [(w, list(range(w, w + 10)), {"highway": "residential"}) for w in range(1, 19_990, 9)]
    full = _write(tmp_path / "full.osm.pbf", nodes, ways)
    cut = tmp_path / "cut.osm.pbf"
    data = full.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    _assert_one_line_error(cut, "not a readable OSM PBF file")


def test_pbf_without_highways(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "buildings.osm.pbf",
        CROSS,
        [(10, [1, 2, 3, 1], {"building": "yes"}), (11, [4, 5], {"highway": "footway"})],
    )
    _assert_one_line_error(path, "no drivable roads")


@pytest.mark.parametrize("name", ["hospitals.pbf", "hospitals.osm"])
def test_file_that_is_not_osm(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("id,name,lat,lon\nRS1,Umum,-6.2,106.8\n")
    _assert_one_line_error(path, "not a readable OSM")


def test_missing_file(tmp_path: Path) -> None:
    _assert_one_line_error(tmp_path / "nowhere.osm.pbf", "not found")


def test_odd_parallel_ways_still_end_chains_at_kept_nodes(tmp_path: Path) -> None:
    # node 2: one way in from 1, two parallel one-way ways out to 3, one back to 3's side:
    # two neighbours and four directed edges, yet not a simple chain
    nodes = {1: (106.80, -6.20), 2: (106.81, -6.20), 3: (106.82, -6.20), 4: (106.83, -6.20)}
    ways = [
        (10, [1, 2], {"highway": "residential", "oneway": "yes"}),
        (11, [2, 3], {"highway": "residential", "oneway": "yes"}),
        (12, [2, 3], {"highway": "primary", "oneway": "yes"}),
        (13, [3, 2], {"highway": "residential", "oneway": "yes"}),
        (14, [3, 4], {"highway": "residential"}),
    ]
    pbf = _write(tmp_path / "odd.osm.pbf", nodes, ways)
    cg = osm_stream.read_osm_graph(pbf)
    xml = _write(tmp_path / "odd.osm", nodes, ways)
    cg_nx = to_compact(roads.load_osm_xml(xml, retain_all=True))
    assert _compare_with_networkx(cg, cg_nx, min_shared=0.5) >= 4
    fast = _len(nodes, 2, 3) / (SPEEDS["primary"] / 3.6)
    slow = _len(nodes, 1, 2) / (SPEEDS["residential"] / 3.6)
    assert _time(cg, 1, 3) == pytest.approx(slow + fast)


def test_pack_manifest_names_a_compiled_road_file(tmp_path: Path) -> None:
    import shutil

    from geo.packs import EMBEDDED_DIR

    root = tmp_path / "data"
    shutil.copytree(EMBEDDED_DIR, root)
    src = _write(tmp_path / "c.osm.pbf", CROSS, [(10, [1, 2, 3], {"highway": "primary"})])
    osm_stream.compile_road_file(src, root / "java.o2graph.npz")
    manifest = tmp_path / "pack.toml"
    text = (EMBEDDED_DIR / "pack.toml").read_text(encoding="utf-8")
    manifest.write_text(
        text.replace(
            '[roads]\nkind = "corridor"', '[roads]\nkind = "compiled"\nfile = "java.o2graph.npz"'
        ),
        encoding="utf-8",
    )
    pack = load_pack(manifest, data_root=root)
    assert pack.roads.kind == "compiled" and pack.roads.path == root / "java.o2graph.npz"
    cg = network.engine_for(pack)
    assert sorted(cg.node_ids.tolist()) == [1, 3]
    assert network.access_policy(pack) == network.STREET_ACCESS
