"""Sea freight on a hand-checkable graph: ports, lanes, route legs, coverage reasons."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from geo import coverage, roads, travel

# Two islands. West: towns a - b, 40 km of national road (1 h at 40 km/h). East: town c,
# 40 km from port q. A third island has town d and no port at all.
# Port p sits 0.1 degree from b; lane p - q: 20 h sailing + 4 h dwell.


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name="corridor", crs="epsg:4326")
    for node, (x, y) in {
        "a": (100.0, 0.0),
        "b": (100.36, 0.0),
        "c": (110.0, 0.0),
        "d": (120.0, 0.0),
    }.items():
        G.add_node(node, x=x, y=y)
    for u, v in (("a", "b"), ("b", "a")):
        G.add_edge(u, v, travel_time_s=3600.0, length_m=40_000.0, mode="road")
    return G


PORTS = pd.DataFrame(
    {
        "id": ["p", "q"],
        "name": ["P", "Q"],
        "node": ["b", "c"],
        "lat": [0.0, 0.0],
        "lon": [100.46, 110.1],
        "province_code": [1, 2],
        "source": ["s", "s"],
    }
)
LANES = pd.DataFrame(
    {
        "id": ["p--q"],
        "from_port": ["p"],
        "to_port": ["q"],
        "distance_km": [500.0],
        "speed_kn": [np.nan],
        "sailing_h": [20.0],
        "dwell_h": [4.0],
        "time_h": [24.0],
        "status": ["published"],
        "source": ["s"],
        "note": [""],
    }
)


@pytest.fixture()
def cg() -> travel.CompactGraph:
    G = roads.add_sea_lanes(_graph(), PORTS, LANES)
    return travel.to_compact(G)


def _connector_h() -> float:
    # 0.1 degree of longitude at the equator x 1.3 at the national truck speed
    km = travel.haversine_m(100.36, 0.0, 100.46, 0.0)[()] / 1000.0
    return km * roads.PORT_CONNECTOR_FACTOR / roads.DEFAULT_SPEEDS_KPH["national"]


def test_sea_lane_edges_carry_mode_sea(cg) -> None:
    edges = cg.edge_table()
    sea = edges[edges["mode"] == "sea"]
    assert len(sea) == 2  # both directions
    assert np.allclose(cg.csr.data[cg.mode == travel.MODE_CODES["sea"]], 24 * 3600)


def test_route_has_a_sea_leg_with_the_lane_time(cg) -> None:
    r = travel.route(cg, (100.0, 0.0), (110.0, 0.0), max_snap_m=1000, land_check=False)
    modes = [leg["mode"] for leg in r["legs"]]
    assert modes == ["access", "road", "sea", "road", "access"]
    sea = next(leg for leg in r["legs"] if leg["mode"] == "sea")
    assert sea["seconds"] == pytest.approx(24 * 3600)
    assert r["travel_time_h"] == pytest.approx(1 + _connector_h() + 24 + _connector_h())


def test_sea_time_matrix_splits_truck_and_sea_hours(cg) -> None:
    src = cg.index_of(["a"])
    dst = cg.index_of(["a", "b", "c", "d"])
    total, sea = travel.sea_time_matrix(cg, src, dst)
    assert sea[0, 2] == pytest.approx(24 * 3600) and sea[0, 1] == 0
    assert total[0, 2] - sea[0, 2] == pytest.approx((1 + 2 * _connector_h()) * 3600)
    assert np.isinf(total[0, 3]) and np.isnan(sea[0, 3])


def test_coverage_separates_needs_sea_freight_from_no_link(cg) -> None:
    hospitals = gpd.GeoDataFrame(
        {"id": ["h_b", "h_c", "h_d"], "province_code": [1, 2, 3], "beds": [10, 10, 10]},
        geometry=[Point(100.36, 0.0), Point(110.0, 0.0), Point(120.0, 0.0)],
        crs="EPSG:4326",
    )
    sources = gpd.GeoDataFrame({"id": ["s"]}, geometry=[Point(100.0, 0.0)], crs="EPSG:4326")
    acc = coverage.hospital_access(cg, hospitals, sources, max_snap_m=1000, land_check=False)
    h = acc.hospitals.set_index("id")
    assert h.loc["h_c", "via_sea"] and not h.loc["h_b", "via_sea"]
    status = coverage.hospital_status(acc.hospitals, hours=12).set_index("id")
    assert status.loc["h_b", "covered"]
    assert status.loc["h_c", "reason"] == "needs sea freight"
    assert status.loc["h_d", "reason"] == "no link"
    # within a long enough threshold the sea-served hospital is covered
    assert coverage.hospital_status(acc.hospitals, hours=30).set_index("id").loc["h_c", "covered"]


def test_a_port_without_a_node_stands_alone_on_the_corridor_only() -> None:
    ports = PORTS.assign(node=["b", ""])
    G = roads.add_sea_lanes(_graph(), ports, LANES)
    assert G.has_node("port:q") and G.degree("port:q") == 2  # the lane, both ways
    # on a street graph a port that joins no node within reach is left out
    far = ports.assign(node=["", ""], lon=[100.46, 115.0])  # q: 550 km from any node
    H = roads.add_sea_lanes(_graph(), far, LANES, corridor=False)
    assert H.has_node("port:p") and not H.has_node("port:q")
    assert not any(d["mode"] == "sea" for _, _, d in H.edges(data=True))
