"""The command line on the embedded pack: output shapes, options, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
JAKARTA, LAMPUNG = "-6.2,106.85", "-5.43,105.26"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def _json(*args: str) -> dict:
    result = _cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_route_legs_add_up_and_speed_override():
    route = _json("route", "--from", JAKARTA, "--to", LAMPUNG)
    modes = [leg["mode"] for leg in route["legs"]]
    assert modes[0] == "access" and modes[-1] == "access" and "ferry" in modes
    assert sum(leg["seconds"] for leg in route["legs"]) / 3600 == route["travel_time_h"]
    faster = _json(
        "route", "--from", JAKARTA, "--to", LAMPUNG, "--speed", "national=80", "--speed", "toll=90"
    )
    assert faster["travel_time_h"] < route["travel_time_h"]
    ferry = lambda r: sum(leg["seconds"] for leg in r["legs"] if leg["mode"] == "ferry")  # noqa: E731
    assert ferry(faster) == ferry(route)  # ferries keep their schedule


def test_bad_speed_and_bad_point_exit_2():
    assert (
        _cli("route", "--from", JAKARTA, "--to", LAMPUNG, "--speed", "national=fast").returncode
        == 2
    )
    bad = _cli("route", "--from", "Jakarta", "--to", LAMPUNG)
    assert bad.returncode == 2 and "LAT,LON" in bad.stderr and "Traceback" not in bad.stderr


def test_coverage_json_shape_and_ids_stable():
    a = _json("coverage", "--hours", "12")
    b = _json("coverage", "--hours", "12")
    assert a == b
    h = a["hospitals"][0]
    assert {"id", "province_code", "nearest_plant", "travel_time_h", "node", "access_s"} <= set(h)
    assert {"id", "node", "access_s"} <= set(a["plants"][0])
    assert {"code", "covered_share", "underserved", "reasons"} <= set(a["provinces"][0])
    assert len(a["provinces"]) == 34


def test_graph_exports(tmp_path):
    csv, gpkg = tmp_path / "e.csv", tmp_path / "e.gpkg"
    assert _cli("graph", "--export-edges", str(csv)).returncode == 0
    assert _cli("graph", "--export-edges", str(gpkg)).returncode == 0
    edges = pd.read_csv(csv)
    assert list(edges.columns) == ["u", "v", "travel_time_s", "length_m", "mode"]
    assert set(edges["mode"]) == {"road", "ferry", "sea"}
    assert len(gpd.read_file(gpkg)) == len(edges)
    bad = _cli("graph", "--export-edges", str(tmp_path / "e.txt"))
    assert bad.returncode == 2 and "e.txt" in bad.stderr


def test_demand_and_allocate_json():
    demand = _json("demand", "--date", "2021-07-06")
    assert len(demand["provinces"]) == 34
    assert all(p["low"] <= p["demand_t_per_day"] <= p["high"] for p in demand["provinces"])
    alloc = _json("allocate", "--date", "2021-07-06")
    assert alloc["trucks_needed"] > 0
    assert {p["limit"] for p in alloc["provinces"]} <= {
        "served",
        "production-limited",
        "transport-limited",
    }


@pytest.mark.parametrize(
    "args, expect",
    [
        (["demand", "--date", "banana"], "not a date"),
        (["demand", "--date", "2019-01-01"], "no case data on or before 2019-01-01"),
        (["coverage", "--hours", "-1"], "must be positive"),
        (["site", "--date", "2021-07-15", "--hours", "6", "-k", "0"], "at least 1"),
        (["site", "--date", "2021-07-15", "--hours", "6", "--capacity", "0"], "must be positive"),
    ],
)
def test_bad_scenario_values_exit_2_one_line(args, expect):
    result = _cli(*args)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and len(lines) == 1 and expect in lines[0], result.stderr


def test_fleet_defaults_to_the_packs_isotank_count():
    from geo.packs import load_pack

    alloc = _json("allocate", "--date", "2021-07-06")
    assert alloc["trucks_available"] == load_pack("embedded").supply.isotank_trucks
