"""A regional street graph joined to the corridor network (travel.join_networks)."""

from __future__ import annotations

import numpy as np
import pytest

from geo.travel import (
    MODE_CODES,
    attach_two_tier,
    build_compact,
    haversine_m,
    join_networks,
    nearest_source_times,
    route,
)

# streets: three nodes 1 km apart on a line (20 m/s = 72 km/h, 50 s an edge)
SX = np.array([106.800, 106.809, 106.818])
SY = np.array([-6.200, -6.200, -6.200])


def _street():
    u = np.array([0, 1, 1, 2])
    v = np.array([1, 0, 2, 1])
    return build_compact(
        u, v, np.full(4, 50.0), np.full(4, 1000.0), np.zeros(4, np.int8), SX, SY,
        node_ids=np.array([101, 102, 103]),
    )  # fmt: skip


def _corridor():
    # JKT sits 300 m north of street node 103; BDG is far outside the street area
    x = np.array([106.818, 107.600])
    y = np.array([-6.1973, -6.900])
    ids = np.array(["JKT", "BDG"], dtype=object)
    return build_compact(
        np.array([0, 1]), np.array([1, 0]), np.full(2, 7200.0), np.full(2, 150_000.0),
        np.zeros(2, np.int8), x, y, node_ids=ids,
    )  # fmt: skip


def test_join_links_corridor_nodes_inside_the_street_area() -> None:
    street, corridor = _street(), _corridor()
    joined = join_networks(street, corridor, max_link_m=2000.0, access_speed_kph=36.0)
    assert joined.n_nodes == 5 and joined.report["street_nodes"] == 3
    assert joined.report["linked_corridor_ids"] == ["JKT"]
    snap_m = float(haversine_m(106.818, -6.1973, 106.818, -6.200))
    link_s = snap_m * 1.3 / 10.0  # 36 km/h = 10 m/s
    e = joined.edge_index(np.array([3, 2]), np.array([2, 3]))
    assert (e >= 0).all()
    assert np.all(joined.mode[e] == MODE_CODES["link"])
    np.testing.assert_allclose(joined.csr.data[e], link_s)
    # from street node 101 to BDG: two street edges, the link, the corridor edge
    res = nearest_source_times(joined, np.array([0]))
    assert res.time_s[4] == pytest.approx(100.0 + link_s + 7200.0)


def test_two_tier_attach_and_legs_per_network() -> None:
    street, corridor = _street(), _corridor()
    joined = join_networks(street, corridor, max_link_m=2000.0, access_speed_kph=36.0)
    att = attach_two_tier(
        joined, street, corridor,
        np.array([106.8001, 107.601, 110.0]), np.array([-6.2001, -6.901, 0.0]),
        street_max_snap_m=500.0, street_access_speed_kph=20.0,
        corridor_max_snap_m=50_000.0, corridor_access_speed_kph=40.0, land_check=False,
    )  # fmt: skip
    assert att["network"].tolist() == ["street", "corridor", ""]
    assert att["node"].tolist() == [0, 4, -1]
    r = route(joined, (106.8001, -6.2001), (107.600, -6.900), max_snap_m=500.0, land_check=False)
    kinds = [(leg["mode"], leg.get("network")) for leg in r["legs"]]
    assert kinds == [
        ("access", None),
        ("road", "street"),
        ("link", "link"),
        ("road", "corridor"),
        ("access", None),
    ]
    assert r["path"][0] == 101 and r["path"][-1] == "BDG"


@pytest.mark.slow  # reads ../shared/data
def test_real_street_graph_joined_to_the_corridor_network(shared_data) -> None:
    """Surabaya (Gubeng) streets plus the embedded corridor network: the Surabaya
    corridor node links to the streets; a street route to Jakarta is street + link +
    corridor, and its time is exactly the sum of the three parts."""
    from scipy.sparse.csgraph import dijkstra

    from geo import osm_stream, roads
    from geo.packs import EMBEDDED_DIR
    from geo.travel import to_compact

    street = osm_stream.read_osm_graph(shared_data / "roads" / "surabaya_gubeng_2013.osm")
    corridor = to_compact(
        roads.load_corridor(
            EMBEDDED_DIR / "corridor_nodes.csv", EMBEDDED_DIR / "corridor_links.csv"
        )
    )
    joined = join_networks(street, corridor, max_link_m=10_000.0, access_speed_kph=20.0)
    assert joined.report["linked_corridor_ids"] == ["surabaya"]
    ns = street.n_nodes
    sby = ns + int(corridor.index_of(["surabaya"])[0])
    jkt = ns + int(corridor.index_of(["jakarta"])[0])
    link_to = int(joined.csr.indices[joined.csr.indptr[sby] : joined.csr.indptr[sby + 1]][0])
    assert link_to < ns  # the link lands on a street node
    start = int(np.argmin(np.abs(street.x - 112.78) + np.abs(street.y + 7.297)))
    d = dijkstra(joined.csr, indices=start)
    along_streets = dijkstra(street.csr, indices=start)[link_to]
    link_s = joined.csr.data[joined.edge_index(np.array([link_to]), np.array([sby]))[0]]
    by_corridor = dijkstra(corridor.csr, indices=sby - ns)[jkt - ns]
    assert np.isfinite(d[jkt])
    assert d[jkt] == pytest.approx(along_streets + link_s + by_corridor, abs=1e-6)
    r = route(
        joined,
        (float(street.x[start]), float(street.y[start])),
        (float(corridor.x[jkt - ns]), float(corridor.y[jkt - ns])),
        max_snap_m=2000.0,
        land_check=False,
    )
    networks = [leg.get("network") for leg in r["legs"] if leg["mode"] != "access"]
    assert networks[0] == "street" and networks[-1] == "corridor" and "link" in networks
    assert r["travel_time_h"] * 3600 == pytest.approx(sum(x["seconds"] for x in r["legs"]))
