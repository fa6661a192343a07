"""Packs: the embedded default, the real national pack, and broken files in a pack."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.crosswalk import PROVINCE_CODES
from geo.packs import list_packs, load_pack
from tests.conftest import data_root_with

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "packs" / "indonesia-2021.toml"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def test_pack_names():
    assert list_packs()[0] == "embedded" and "indonesia-2021" in list_packs()


def test_embedded_pack_loads_cleanly():
    pack = load_pack("embedded")
    assert pack.errors == []
    assert sorted(pack.provinces["code"]) == sorted(PROVINCE_CODES)
    assert pack.province_geometry == "point"
    assert set(pack.hospitals["province_code"]) == set(PROVINCE_CODES)  # >= 1 hospital per province
    assert pack.plants["capacity_t_per_day"].sum() > 1500
    assert pack.supply.isotank_trucks == 132 and pack.supply.concentrator_systems == 9
    assert pack.supply.national_supply_t_per_day == pytest.approx(2622.9)
    for name, report in pack.reports.items():
        assert report.balanced, name
    assert len(pack.cases) and pack.cases["province_code"].isin(PROVINCE_CODES).all()


def test_real_pack(shared_data):
    pack = load_pack(REAL, data_root=shared_data)
    assert pack.errors == []
    assert len(pack.provinces) == 34 and pack.provinces.is_valid.all()
    assert pack.reports["provinces"].repairs["invalid_polygon"] == 5
    assert len(pack.hospitals) >= 2880
    assert pack.hospitals["id"].is_unique
    assert (
        pack.hospitals["hospital_class"].isin(["A", "B", "C", "D"]).sum() > 2500
    )  # joined to Kemenkes
    assert (
        pack.provinces["population"].sum() == 270_203_917
    )  # SP2020 total without the national row
    for name, report in pack.reports.items():
        assert report.balanced, name
    hosp = pack.reports["hospitals"]
    assert hosp.dropped["missing_coordinates"] == 14 and hosp.dropped["duplicate_id"] >= 7
    assert len(pack.plants) == 14 and pack.plants.geometry.notna().all()


def test_cli_check_json_real_pack(shared_data):
    result = _cli(
        "check", "--pack", "packs/indonesia-2021.toml", "--data-root", str(shared_data), "--json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == []
    layers = report["layers"]
    assert layers["provinces"]["rows_kept"] == 34 and layers["hospitals"]["rows_kept"] >= 2880
    for name in ("provinces", "hospitals", "plants"):
        layer = layers[name]
        assert layer["rows_read"] == layer["rows_kept"] + sum(layer["dropped"].values()), name


@pytest.mark.parametrize(
    "rel, make, expect",
    [
        (
            "boundaries/indonesia_provinces_34_ans4175.geojson",
            lambda t: t[: len(t) // 3],
            "malformed JSON",
        ),
        (
            "hospitals/covid19goid_rumah_sakit_latlon.csv",
            lambda t: t.replace("lat,lon", "latitude,longitude", 1),
            "missing column 'lat'",
        ),
        (
            "oxygen/oxygen_plants_capacity_2021.csv",
            lambda t: t.replace("capacity_t_per_day", "capacity", 1),
            "missing column 'capacity_t_per_day'",
        ),
    ],
)
def test_malformed_file_exit_2_one_line(shared_data, tmp_path, rel, make, expect):
    text = (shared_data / rel).read_text(encoding="utf-8")
    root = data_root_with(shared_data, tmp_path, rel, make(text))
    result = _cli("check", "--pack", "packs/indonesia-2021.toml", "--data-root", str(root))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and expect in errors[0] and Path(rel).name in errors[0]
    assert "Traceback" not in result.stderr
    # the other layers still load
    pack = load_pack(REAL, data_root=root)
    assert len(pack.errors) == 1
    loaded = {n: len(getattr(pack, n)) for n in ("provinces", "hospitals", "plants")}
    assert sum(1 for v in loaded.values() if v > 0) == 2


def test_text_in_numeric_column_costs_that_row_only(shared_data, tmp_path):
    # issue 13: one bad row costs that row (dropped, counted, named), not the layer
    rel = "oxygen/oxygen_plants_capacity_2021.csv"
    text = (shared_data / rel).read_text(encoding="utf-8").replace(",230,", ",two hundred,", 1)
    root = data_root_with(shared_data, tmp_path, rel, text)
    result = _cli(
        "check", "--pack", "packs/indonesia-2021.toml", "--data-root", str(root), "--json"
    )
    assert result.returncode == 0, result.stderr
    plants = json.loads(result.stdout)["layers"]["plants"]
    assert plants["rows_read"] == 14 and plants["rows_kept"] == 13
    assert plants["dropped"] == {"not_a_number": 1}
    note = next(n for n in plants["notes"] if "not_a_number" in n)
    assert "row 2" in note and "capacity_t_per_day" in note and "two hundred" in note
    assert str(root) not in result.stdout  # files are named relative to the data root


def test_missing_manifest_exit_2():
    result = _cli("check", "--pack", "no-such-pack")
    assert (
        result.returncode == 2
        and "pack manifest not found" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_pack_notices_when_its_files_change(shared_data, tmp_path):
    rel = "oxygen/oxygen_plants_capacity_2021.csv"
    root = data_root_with(
        shared_data, tmp_path, rel, (shared_data / rel).read_text(encoding="utf-8")
    )
    pack = load_pack(REAL, data_root=root)
    assert not pack.inputs_changed()
    plants = root / rel
    plants.write_text(
        plants.read_text(encoding="utf-8").replace(",230,", ",231,", 1), encoding="utf-8"
    )
    assert pack.inputs_changed()
    reloaded = load_pack(REAL, data_root=root)
    assert reloaded.content_hash != pack.content_hash
    assert (
        reloaded.plants["capacity_t_per_day"].sum() == pack.plants["capacity_t_per_day"].sum() + 1
    )


def test_missing_file_that_appears_is_noticed(tmp_path):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    (root / "plants.csv").unlink()
    manifest = tmp_path / "pack.toml"
    manifest.write_text((REPO / "data" / "pack.toml").read_text(encoding="utf-8"), encoding="utf-8")
    pack = load_pack(manifest, data_root=root)
    assert [e.layer for e in pack.errors] == ["plants"]
    shutil.copy(REPO / "data" / "plants.csv", root / "plants.csv")
    assert pack.inputs_changed()
