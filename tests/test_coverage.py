"""Coverage tables on a tiny Java-Sumatra network with a ferry."""

from __future__ import annotations

import inspect

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from shapely import Point

from geo.coverage import coverage_by_province, hospital_access, hospital_status
from geo.travel import to_compact


def _network() -> nx.MultiDiGraph:
    """Serang -(1 h road)- Merak =(3.5 h ferry)= Bakauheni -(2 h road)- Bandar Lampung."""
    G = nx.MultiDiGraph(crs="epsg:4326")
    nodes = {"serang": (106.15, -6.12), "merak": (106.0, -5.95),
             "bakauheni": (105.75, -5.87), "lampung": (105.26, -5.43),
             "jambi": (103.6, -1.6)}  # fmt: skip
    for k, (x, y) in nodes.items():
        G.add_node(k, x=x, y=y)
    for u, v, t, mode in [("serang", "merak", 3600, "road"), ("merak", "bakauheni", 12_600, "ferry"),
                          ("bakauheni", "lampung", 7200, "road")]:  # fmt: skip
        G.add_edge(u, v, travel_time_s=t, length_m=1000.0, mode=mode)
        G.add_edge(v, u, travel_time_s=t, length_m=1000.0, mode=mode)
    return G


def _tables() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    hospitals = gpd.GeoDataFrame(
        {
            "id": ["h_serang", "h_merak", "h_lampung", "h_jambi", "h_sea"],
            "province_code": [36, 36, 18, 15, 18],
            "beds": [100, 50, 200, 80, 10],
        },
        geometry=[
            Point(106.15, -6.12),
            Point(106.0, -5.95),
            Point(105.26, -5.43),
            Point(103.6, -1.6),
            Point(104.0, -4.0),
        ],  # fmt: skip
        crs="EPSG:4326",
    )
    plants = gpd.GeoDataFrame(
        {"id": ["p_serang", "p_far"], "capacity_t_per_day": [100.0, 50.0]},
        geometry=[Point(106.15, -6.12), Point(120.0, 0.0)],
        crs="EPSG:4326",
    )
    provinces = gpd.GeoDataFrame(
        {
            "code": [36, 18, 15, 11],
            "capital_lon": [106.15, 105.26, 103.6, 95.3],
            "capital_lat": [-6.12, -5.43, -1.6, 5.5],
            "population": [11_900_000, 9_000_000, 3_500_000, 5_300_000],
        },
        geometry=[Point(106.15, -6.12), Point(105.26, -5.43), Point(103.6, -1.6), Point(95.3, 5.5)],
        crs="EPSG:4326",
    )
    return hospitals, plants, provinces


@pytest.fixture(scope="module")
def access():
    hospitals, plants, _ = _tables()
    cg = to_compact(_network())
    return hospital_access(cg, hospitals, plants, max_snap_m=5_000, land_check=False)


def test_hospital_access_table(access) -> None:
    h = access.hospitals.set_index("id")
    assert list(access.hospitals.columns) == [
        "id", "province_code", "beds", "node", "node_id", "access_s", "off_network",
        "nearest_plant", "travel_time_h", "via_ferry", "via_sea",
    ]  # fmt: skip
    assert h.loc["h_serang", "travel_time_h"] == pytest.approx(0.0)
    assert h.loc["h_merak", "travel_time_h"] == pytest.approx(1.0)
    assert h.loc["h_lampung", "travel_time_h"] == pytest.approx(1 + 3.5 + 2)
    assert h.loc["h_lampung", "via_ferry"] and not h.loc["h_merak", "via_ferry"]
    assert h.loc["h_lampung", "nearest_plant"] == "p_serang"
    # Jambi is a node with no link to any plant; the sea point is off-network
    assert np.isnan(h.loc["h_jambi", "travel_time_h"]) and not h.loc["h_jambi", "off_network"]
    assert h.loc["h_jambi", "nearest_plant"] is None
    assert h.loc["h_sea", "off_network"] and np.isnan(h.loc["h_sea", "travel_time_h"])
    p = access.plants.set_index("id")
    assert list(access.plants.columns) == ["id", "node", "node_id", "access_s", "off_network"]
    assert p.loc["p_far", "off_network"] and not p.loc["p_serang", "off_network"]


def test_plant_access_leg_is_added() -> None:
    hospitals, plants, _ = _tables()
    plants = plants.copy()
    plants.loc[0, "geometry"] = Point(106.15, -6.13)  # ~1.1 km from the Serang node
    cg = to_compact(_network())
    acc = hospital_access(cg, hospitals, plants, max_snap_m=5_000, land_check=False)
    leg_s = acc.plants.loc[0, "access_s"]
    assert leg_s > 0
    h = acc.hospitals.set_index("id")
    assert h.loc["h_merak", "travel_time_h"] == pytest.approx(1.0 + leg_s / 3600)


def test_status_reasons(access) -> None:
    st = hospital_status(access.hospitals, hours=2.0).set_index("id")
    assert st["covered"].to_dict() == {
        "h_serang": True, "h_merak": True, "h_lampung": False, "h_jambi": False, "h_sea": False,
    }  # fmt: skip
    assert st.loc["h_lampung", "reason"] == "ferry needed"
    assert st.loc["h_jambi", "reason"] == "no link"
    assert st.loc["h_sea", "reason"] == "off-network"
    assert st.loc["h_serang", "reason"] is None
    st = hospital_status(access.hospitals, hours=0.5).set_index("id")
    assert st.loc["h_merak", "reason"] == "beyond threshold"


def test_coverage_by_province_any_threshold(access) -> None:
    _, _, provinces = _tables()
    # structurally no graph: the function takes the access table only
    assert "cg" not in inspect.signature(coverage_by_province).parameters
    cov = coverage_by_province(access.hospitals, provinces, hours=2.0).set_index("code")
    assert cov.loc[36, "hospitals"] == 2 and cov.loc[36, "covered_share"] == 1.0
    assert not cov.loc[36, "underserved"] and cov.loc[36, "reasons"] == []
    assert cov.loc[18, "hospitals"] == 2 and cov.loc[18, "hospitals_covered"] == 0
    assert cov.loc[18, "underserved"]
    assert cov.loc[18, "reasons"] == ["off-network", "ferry needed"]
    assert cov.loc[15, "reasons"] == ["no link"]
    assert cov.loc[11, "hospitals"] == 0 and cov.loc[11, "underserved"]
    wide = coverage_by_province(access.hospitals, provinces, hours=7.0).set_index("code")
    assert wide.loc[18, "hospitals_covered"] == 1
    assert wide.loc[18, "beds_covered_share"] == pytest.approx(200 / 210)
    assert wide.loc[18, "covered_share"] == pytest.approx(0.5)
    assert wide.loc[18, "population_covered"] == pytest.approx(9_000_000 * 200 / 210)
    assert not wide.loc[18, "underserved"] and wide.loc[18, "reasons"] == ["off-network"]
    half = coverage_by_province(access.hospitals, provinces, hours=0.5).set_index("code")
    assert half.loc[36, "beds_covered_share"] == pytest.approx(100 / 150)
    assert half.loc[36, "reasons"] == ["beyond threshold"]


def test_coverage_is_tidy_and_exportable(access, tmp_path) -> None:
    _, _, provinces = _tables()
    cov = coverage_by_province(access.hospitals, provinces, hours=3.0)
    assert len(cov) == len(provinces) and cov["code"].tolist() == [36, 18, 15, 11]
    path = tmp_path / "coverage.csv"
    cov.to_csv(path, index=False)
    assert len(pd.read_csv(path)) == 4
