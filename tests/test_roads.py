"""Road loaders: speeds, maxspeed parsing, corridor CSV validation, PBF, dispatch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

from geo import osm_stream, roads
from geo.errors import DataError
from geo.travel import build_compact, to_compact

NODES_HEADER = "id,name,kind,province_code,lat,lon,source\n"
LINKS_HEADER = (
    "id,from_id,to_id,mode,distance_km,road_class,crossing_h,wait_h,bidirectional,source,note\n"
)


def _write(tmp_path: Path, nodes: str, links: str) -> tuple[Path, Path]:
    n = tmp_path / "nodes.csv"
    link = tmp_path / "links.csv"
    n.write_text(NODES_HEADER + nodes)
    link.write_text(LINKS_HEADER + links)
    return n, link


GOOD_NODES = (
    "merak,Merak,port,36,-5.93,106.00,x\n"
    "bakauheni,Bakauheni,port,18,-5.87,105.75,x\n"
    "serang,Serang,town,36,-6.12,106.15,x\n"
)
GOOD_LINKS = (
    "r1,serang,merak,road,40,national,,,true,x,\n"
    "f1,merak,bakauheni,ferry,30,,2.0,1.5,true,x,\n"
    "r2,serang,merak,road,40,toll,,,false,x,one way toll\n"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("40", 40.0),
        ("40 km/h", 40.0),
        ("30 mph", 30 * roads.MPH_TO_KPH),
        ("['40', '60']", 50.0),
        (["30", "50"], 40.0),
        ("40-60", 50.0),
        ("40;60", 50.0),
        ("none", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_parse_maxspeed(value: object, expected: float | None) -> None:
    got = roads.parse_maxspeed_kph(value)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_highway_lists_take_the_mean_class_speed_in_any_order() -> None:
    table = roads.DEFAULT_SPEEDS_KPH
    mean = (table["living_street"] + table["residential"]) / 2
    assert roads.edge_speed_kph("['living_street', 'residential']", None, table) == mean
    assert roads.edge_speed_kph(["residential", "living_street"], None, table) == mean
    assert (
        roads.edge_speed_kph("['residential', 'x']", None, table)
        == (table["residential"] + roads.FALLBACK_SPEED_KPH) / 2
    )
    assert roads.edge_speed_kph("unknown_class", None, table) == roads.FALLBACK_SPEED_KPH
    # a posted limit only lowers the class speed (issue #11), for lists too
    assert roads.edge_speed_kph("residential", "15", table) == 15.0
    assert roads.edge_speed_kph("residential", "45", table) == table["residential"]
    assert roads.edge_speed_kph(["residential", "living_street"], "100", table) == mean


def test_default_speed_table_is_ordered_sensibly() -> None:
    s = roads.DEFAULT_SPEEDS_KPH
    assert s["motorway"] > s["trunk"] > s["primary"] > s["secondary"] > s["residential"]
    assert s["toll"] > s["national"] > s["provincial"]
    assert s["residential"] <= 30 and s["motorway"] <= 100  # below the legal limits


def test_corridor_times_and_directions(tmp_path: Path) -> None:
    n, link = _write(tmp_path, GOOD_NODES, GOOD_LINKS)
    G = roads.load_corridor(n, link)
    assert G.graph["crs"] == "epsg:4326"
    assert G.nodes["merak"]["x"] == 106.00 and G.nodes["merak"]["y"] == -5.93
    # r1 both ways (2), f1 both ways (2), r2 one way (1)
    assert G.number_of_edges() == 5
    road = [d for _, _, d in G.edges(data=True) if d["id"] == "r1"]
    assert road[0]["travel_time_s"] == pytest.approx(40 / 40 * 3600)
    assert road[0]["length_m"] == 40_000 and road[0]["mode"] == "road"
    ferry = G.get_edge_data("bakauheni", "merak")
    (fd,) = ferry.values()
    assert fd["mode"] == "ferry" and fd["travel_time_s"] == pytest.approx(3.5 * 3600)
    assert fd["length_m"] == 30_000
    assert G.get_edge_data("merak", "serang") is not None
    toll = [d for _, _, d in G.edges("serang", data=True) if d["id"] == "r2"]
    assert toll[0]["travel_time_s"] == pytest.approx(40 / 60 * 3600)
    assert not any(d["id"] == "r2" for _, _, d in G.edges("merak", data=True))


def test_corridor_speed_override(tmp_path: Path) -> None:
    n, link = _write(tmp_path, GOOD_NODES, GOOD_LINKS)
    G = roads.load_corridor(n, link, speeds_kph={"national": 20})
    (d,) = [d for _, _, d in G.edges("serang", data=True) if d["id"] == "r1"]
    assert d["travel_time_s"] == pytest.approx(2 * 3600)
    # the parallel toll edge is kept; the compact form keeps the faster one
    cg = to_compact(G)
    i, j = cg.index_of(["serang", "merak"])
    assert cg.csr[i, j] == pytest.approx(40 / 60 * 3600)


@pytest.mark.parametrize(
    ("links", "row", "column", "words"),
    [
        ("r1,serang,nowhere,road,40,national,,,true,x,\n", 2, "to_id", "unknown node"),
        ("r1,serang,merak,road,,national,,,true,x,\n", 2, "distance_km", "missing"),
        (
            "r1,serang,merak,road,40,national,,,true,x,\nr2,serang,merak,plane,4,,,,true,x,\n",
            3,
            "mode",
            "plane",
        ),  # fmt: skip
        ("r1,serang,merak,road,forty,national,,,true,x,\n", 2, "distance_km", "forty"),
        ("r1,serang,merak,road,40,goat_track,,,true,x,\n", 2, "road_class", "goat_track"),
        ("f1,merak,bakauheni,ferry,30,,,1,true,x,\n", 2, "crossing_h", "missing"),
        ("r1,serang,merak,road,40,national,,,maybe,x,\n", 2, "bidirectional", "maybe"),
    ],
)
def test_corridor_bad_links(tmp_path: Path, links: str, row: int, column: str, words: str) -> None:
    n, link = _write(tmp_path, GOOD_NODES, links)
    with pytest.raises(DataError) as err:
        roads.load_corridor(n, link)
    e = err.value
    assert e.file == str(link) and e.row == row and e.column == column
    assert words in str(e)


def test_corridor_bad_nodes(tmp_path: Path) -> None:
    n, link = _write(tmp_path, GOOD_NODES + "serang,Dup,town,36,-6,106,x\n", GOOD_LINKS)
    with pytest.raises(DataError) as err:
        roads.load_corridor(n, link)
    assert err.value.row == 5 and err.value.column == "id" and err.value.file == str(n)
    n, link = _write(tmp_path, "a,A,town,36,-95,106,x\n", "")
    with pytest.raises(DataError) as err:
        roads.load_corridor(n, link)
    assert err.value.row == 2 and err.value.column == "lat"


def test_corridor_missing_column(tmp_path: Path) -> None:
    n = tmp_path / "nodes.csv"
    n.write_text("id,name,lat,lon\na,A,-6,106\n")
    link = tmp_path / "links.csv"
    link.write_text(LINKS_HEADER)
    with pytest.raises(DataError) as err:
        roads.load_corridor(n, link)
    assert err.value.column == "kind"


def test_real_corridor_files_if_present(repo_root: Path) -> None:
    nodes = repo_root / "data" / "corridor_nodes.csv"
    links = repo_root / "data" / "corridor_links.csv"
    if not (nodes.is_file() and links.is_file()):
        pytest.skip("data/corridor_*.csv not in the repository yet")
    G = roads.load_corridor(nodes, links)
    assert G.number_of_nodes() > 10
    modes = {d["mode"] for _, _, d in G.edges(data=True)}
    assert "road" in modes and "ferry" in modes
    assert all(d["travel_time_s"] > 0 for _, _, d in G.edges(data=True))
    assert all(-12 < d["y"] < 7 and 94 < d["x"] < 142 for _, d in G.nodes(data=True))


def test_load_road_file_dispatch_and_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="unknown road file type"):
        roads.load_road_file(tmp_path / "roads.shp")
    bad = tmp_path / "broken.graphml"
    bad.write_text("<graphml><oops")
    with pytest.raises(DataError) as err:
        roads.load_road_file(bad)
    assert err.value.file == str(bad)
    with pytest.raises(DataError) as err:
        roads.load_road_file(tmp_path / "missing.osm")
    assert "not found" in str(err.value)


OSM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
 <node id="1" lat="-6.200" lon="106.800"/>
 <node id="2" lat="-6.200" lon="106.810"/>
 <node id="3" lat="-6.210" lon="106.810"/>
 <way id="10"><nd ref="1"/><nd ref="2"/>
  <tag k="highway" v="primary"/><tag k="maxspeed" v="60"/></way>
 <way id="11"><nd ref="2"/><nd ref="3"/>
  <tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
</osm>
"""


def test_osm_xml_oneway_and_maxspeed(tmp_path: Path) -> None:
    # node 2 joins a two-way and a one-way way: an osmnx endpoint, so both edges stay
    path = tmp_path / "tiny.osm"
    path.write_text(OSM_XML)
    G = roads.load_road_file(path)
    assert G.has_edge(1, 2) and G.has_edge(2, 1)
    assert G.has_edge(2, 3) and not G.has_edge(3, 2)  # one-way respected
    (d,) = G.get_edge_data(1, 2).values()
    primary = roads.DEFAULT_SPEEDS_KPH["primary"]  # maxspeed 60 never raises the class speed
    assert d["travel_time_s"] == pytest.approx(d["length_m"] / (min(60, primary) / 3.6))
    (d,) = G.get_edge_data(2, 3).values()
    speed = roads.DEFAULT_SPEEDS_KPH["residential"]
    assert d["travel_time_s"] == pytest.approx(d["length_m"] / (speed / 3.6))
    assert 1000 < d["length_m"] < 1200  # 0.01 degree of latitude ~ 1.1 km


def test_pbf_loader_on_pyrosm_sample() -> None:
    """A PBF as a NetworkX graph: pyosmium reads it with the same way rule as the
    streamed reader, so the two give the same travel times."""
    pyrosm = pytest.importorskip("pyrosm")
    path = pyrosm.get_data("test_pbf")  # a small real extract shipped in the pyrosm wheel
    G = roads.load_road_file(path)
    assert G.number_of_nodes() > 100
    assert all(d["mode"] == "road" and d["travel_time_s"] > 0 for _, _, d in G.edges(data=True))
    cg_nx = to_compact(G)
    cg = osm_stream.read_osm_graph(path)
    # one-way ways give a single direction: the graph is not symmetric
    assert (cg.csr != cg.csr.T).nnz > 0
    shared = np.intersect1d(cg_nx.node_ids, cg.node_ids)
    assert len(shared) == cg_nx.n_nodes  # osmnx keeps the largest component only
    a = dijkstra(cg_nx.csr, indices=cg_nx.index_of(shared[:20]))[:, cg_nx.index_of(shared)]
    b = dijkstra(cg.csr, indices=cg.index_of(shared[:20]))[:, cg.index_of(shared)]
    assert np.array_equal(np.isfinite(a), np.isfinite(b))
    np.testing.assert_allclose(a[np.isfinite(a)], b[np.isfinite(b)], rtol=0, atol=1e-3)


def test_build_compact_keeps_min_parallel_edge() -> None:
    cg = build_compact(
        np.array([0, 0, 1, 2]),
        np.array([1, 1, 2, 2]),
        np.array([10.0, 4.0, 0.0, 5.0]),
        np.array([100.0, 300.0, 50.0, 1.0]),
        np.array(["road", "ferry", "road", "road"]),
        np.array([0.0, 1.0, 2.0]),
        np.array([0.0, 0.0, 0.0]),
    )
    assert cg.n_edges == 2  # parallel pair merged, self-loop dropped
    e = cg.edge_index(np.array([0, 1]), np.array([1, 2]))
    assert cg.csr.data[e[0]] == 4.0 and cg.length_m[e[0]] == 300.0 and cg.mode[e[0]] == 1
    assert cg.csr.data[e[1]] == pytest.approx(0.0, abs=1e-8) and cg.csr.data[e[1]] > 0
    assert cg.edge_index(np.array([2]), np.array([0]))[0] == -1


@pytest.mark.parametrize("highway", ["motorway", "trunk", "primary", "toll", "national"])
@pytest.mark.parametrize("maxspeed", ["100", "120 km/h", "80 mph", "['60', '100']"])
def test_maxspeed_never_raises_a_loaded_truck_above_its_class_speed(
    highway: str, maxspeed: str
) -> None:
    """A legal limit is a ceiling: a loaded isotank truck on a 100 km/h toll road still
    drives at its class's truck speed; a lower limit does slow it down."""
    table = roads._speed_table(None)
    assert roads.edge_speed_kph(highway, maxspeed, table) == table[highway]
    assert roads.edge_speed_kph(highway, "10", table) == 10.0
