"""The command line on the embedded pack: output shapes, options, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from tests.cli_inproc import run_cli

REPO = Path(__file__).resolve().parents[1]
JAKARTA, LAMPUNG = "-6.2,106.85", "-5.43,105.26"


def _cli(*args: str) -> subprocess.CompletedProcess:
    """The command in this process, on the session's embedded pack (tests/cli_inproc.py)."""
    return run_cli(*args)


def _subprocess(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True, text=True, timeout=600
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
        (["demand", "--date", "2030-01-01"], "no case data on or after 2030-01-01"),
        (["coverage", "--hours", "-1"], "-1 is outside 0.5..96"),
        (["site", "--date", "2021-07-15", "--hours", "6", "-k", "0"], "0 is outside 1..50"),
        (["site", "--date", "2021-07-15", "--hours", "6", "--capacity", "0"], "0 is outside 1.."),
        (["demand", "--severe-flow-lpm", "-3"], "-3 is outside"),
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


def test_link_values_are_read_as_the_app_reads_them():
    """A link's bad value warns and falls back (as in the app); flags override a link."""
    a = _cli("coverage", "--link", "http://host/?page=coverage&hours=abc&date=2021-07-10", "--json")
    assert a.returncode == 0 and "hours: 'abc' is not a number" in a.stderr
    js = json.loads(a.stdout)
    assert js["hours"] == 12.0 and js["scenario"] == {"date": "2021-07-10"}
    b = _json("coverage", "--link", "?date=2021-07-10", "--hours", "6")
    assert b["hours"] == 6.0 and b["scenario"] == {"date": "2021-07-10", "hours": "6"}
    assert b["fingerprint"] != js["fingerprint"]


@pytest.mark.slow  # the siting solves under all three rationing rules
def test_site_reads_its_link_as_the_app_does():
    a = _cli("site", "--link", "http://host/?page=deploy&hours=abc&k=3", "--json")
    assert a.returncode == 0 and "hours: 'abc' is not a number" in a.stderr
    js = json.loads(a.stdout)
    assert js["hours"] == 12.0 and js["k"] == 3 and js["scenario"] == {"k": "3"}
    b = _json("site", "--link", "?k=3", "--hours", "6")
    assert b["hours"] == 6.0 and b["k"] == 3 and b["fingerprint"] != js["fingerprint"]


@pytest.mark.slow  # starts Python for each command
@pytest.mark.parametrize(
    "args",
    [
        ("demand", "--date", "2021-07-10", "--json"),
        ("allocate", "--trucks", "100", "--json"),
        ("route", "--from", "Jakarta", "--to", LAMPUNG),
        ("plan", "--days", "5", "--policy", "fair-share", "--json"),
    ],
)
def test_the_real_entry_point_prints_what_the_in_process_call_prints(args):
    """``python -m geo`` in a new process and the in-process call on the session's
    cached pack and runner give the same status and the same bytes on stdout."""
    real, here = _subprocess(*args), _cli(*args)
    assert real.returncode == here.returncode
    assert real.stdout == here.stdout
    assert [x for x in real.stderr.splitlines() if x.startswith(("error", "warning"))] == [
        x for x in here.stderr.splitlines() if x.startswith(("error", "warning"))
    ]


def test_demand_parameters_change_the_numbers_and_the_fingerprint():
    base = _json("demand", "--date", "2021-07-15")
    low = _json("demand", "--date", "2021-07-15", "--covid-bed-flow-lpm", "3")
    linked = _json("demand", "--link", "?date=2021-07-15&covid_bed_flow_lpm=3")
    assert low["total_t_per_day"] < base["total_t_per_day"]
    assert low["fingerprint"] != base["fingerprint"]
    assert linked["fingerprint"] == low["fingerprint"]
    assert linked["total_t_per_day"] == low["total_t_per_day"]


def test_analysis_command_needing_a_failed_layer_exits_2(tmp_path):
    """A layer an analysis needs failed to load: exit 2 naming it (was: warning, exit 0);
    a layer it does not need only warns."""
    manifest = tmp_path / "broken.toml"
    text = (REPO / "data" / "pack.toml").read_text(encoding="utf-8")
    manifest.write_text(
        text.replace('file = "plants.csv"', 'file = "@embedded/missing-plants.csv"')
        .replace('file = "', 'file = "@embedded/')
        .replace("@embedded/@embedded/", "@embedded/"),
        encoding="utf-8",
    )
    alloc = _cli("allocate", "--pack", str(manifest), "--data-root", str(tmp_path))
    lines = [line for line in alloc.stderr.splitlines() if line.strip()]
    assert alloc.returncode == 2 and len(lines) == 1, alloc.stderr
    assert "missing-plants.csv" in lines[0] and "Traceback" not in alloc.stderr
    demand = _cli("demand", "--pack", str(manifest), "--data-root", str(tmp_path))
    assert demand.returncode == 0 and "layer plants not loaded" in demand.stderr


@pytest.mark.slow  # reads ../shared/data
def test_graph_compile_then_route_on_the_compiled_file(tmp_path, shared_data):
    """`graph --roads OSM --compile OUT` writes the compiled graph; `--roads OUT` loads
    it and gives the graph and the routes of the OSM file."""
    osm = shared_data / "roads" / "surabaya_gubeng_2013.osm"
    out = tmp_path / "sby.o2graph.npz"
    meta = _json("graph", "--roads", str(osm), "--compile", str(out))
    assert out.exists() and meta["source_sha256"] and meta["nodes"] > 500
    raw, compiled = _json("graph", "--roads", str(osm)), _json("graph", "--roads", str(out))
    # the compiled graph keeps the parts outside the main component (counted in its
    # report); the NetworkX path keeps the largest strongly connected part only
    assert compiled["nodes"] == meta["nodes"] >= raw["nodes"]
    a, b = "-7.295,112.770", "-7.292,112.785"
    r1 = _json("route", "--roads", str(osm), "--from", a, "--to", b)
    r2 = _json("route", "--roads", str(out), "--from", a, "--to", b)
    assert r1["travel_time_h"] == pytest.approx(r2["travel_time_h"], abs=1 / 3600)
    bad = _cli("graph", "--compile", str(tmp_path / "x.o2graph.npz"))
    assert bad.returncode == 2 and "--roads" in bad.stderr
