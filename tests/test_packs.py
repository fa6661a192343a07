"""Packs: the embedded default, the real national pack, and broken files in a pack."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from geo.crosswalk import PROVINCE_CODES
from geo.demand import imputed_counts
from geo.packs import list_packs, load_pack
from tests.cli_inproc import run_cli
from tests.conftest import data_root_with

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "packs" / "indonesia-2021.toml"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return run_cli(*args)  # in this process (tests/cli_inproc.py)


def test_pack_names():
    assert list_packs()[0] == "embedded" and "indonesia-2021" in list_packs()


def test_embedded_pack_loads_cleanly():
    pack = load_pack("embedded")
    assert pack.errors == []
    assert sorted(pack.provinces["code"]) == sorted(PROVINCE_CODES)
    assert pack.province_geometry == "polygon" and pack.provinces.is_valid.all()
    assert pack.provinces["population"].sum() == 270_203_917  # BPS SP2020 national total
    assert pack.provinces["capital"].notna().all()
    assert len(pack.hospitals) >= 2880 and pack.hospitals["id"].is_unique
    assert set(pack.hospitals["province_code"]) == set(PROVINCE_CODES)
    assert pack.hospitals["beds"].sum() > 250_000  # Kemenkes registry: 271,859 beds listed
    assert pack.plants["capacity_t_per_day"].sum() > 1500
    assert pack.supply.isotank_trucks == 132 and pack.supply.concentrator_systems == 9
    assert pack.supply.national_supply_t_per_day == pytest.approx(2622.9)
    for name, report in pack.reports.items():
        assert report.balanced, name
    assert len(pack.cases) and pack.cases["province_code"].isin(PROVINCE_CODES).all()
    assert set(pack.cases["method"]) <= {"reported", "carried_forward", "national_split"}
    assert (pack.cases["imputed"] == (pack.cases["method"] != "reported")).all()
    assert len(pack.national_cases) > 0


def test_embedded_pack_july_2021_at_most_20_percent_imputed():
    """The issue's acceptance: every day of July 2021, at most 20% of provinces imputed."""
    pack = load_pack("embedded")
    counts = imputed_counts(
        pack.cases, provinces=len(pack.provinces), start="2021-07-01", end="2021-07-31"
    )
    assert len(counts) == 31 and (counts["provinces"] == 34).all()
    assert (counts["imputed"] <= 0.2 * 34).all(), counts[counts["imputed"] > 6.8]
    assert (
        counts["reported"]
        + counts["carried_forward"]
        + counts["national_split"]
        + counts["missing"]
        == 34
    ).all()


def test_cases_carry_forward_then_national_split(tmp_path):
    """A province's gap is filled from its last figure for 7 days, then from the national
    figure by population; both flagged, with the date of the figure used."""
    import shutil

    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    cases = pd.read_csv(root / "active_cases.csv", dtype=str)
    dates = pd.to_datetime(cases["date"])
    gap = (cases["province_code"] == "31") & dates.between("2021-07-05", "2021-07-20")
    cases[~gap].to_csv(root / "active_cases.csv", index=False)
    manifest = tmp_path / "pack.toml"
    manifest.write_text((REPO / "data" / "pack.toml").read_text(encoding="utf-8"), encoding="utf-8")
    pack = load_pack(manifest, data_root=root)
    assert pack.errors == []
    jkt = pack.cases[pack.cases["province_code"] == 31].set_index("date")
    last = jkt.loc["2021-07-04"]
    for day in pd.date_range("2021-07-05", "2021-07-11"):
        row = jkt.loc[day]
        assert row["method"] == "carried_forward" and row["imputed"]
        assert row["date_used"] == pd.Timestamp("2021-07-04")
        assert row["active_cases"] == last["active_cases"]
    day = pd.Timestamp("2021-07-12")
    row = jkt.loc[day]
    assert row["method"] == "national_split" and row["date_used"] == day
    others = pack.cases[(pack.cases["date"] == day) & (pack.cases["province_code"] != 31)]
    national = pack.national_cases.set_index("date").loc[day, "active_cases"]
    pop = pack.provinces.set_index("code")["population"]
    share = national * pop[31] / pop.sum()  # national x Jakarta's population share
    assert row["active_cases"] == pytest.approx(
        min(share, max(national - others["active_cases"].sum(), 0))
    )
    assert jkt.loc["2021-07-21", "method"] == "reported"
    counts = imputed_counts(pack.cases, provinces=34, start="2021-07-05", end="2021-07-20")
    assert counts["imputed"].tolist() == [1] * 16
    assert counts["carried_forward"].sum() == 7 and counts["national_split"].sum() == 9


@pytest.mark.slow  # reads ../shared/data
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
    # negative active-case counts in the province files are dropped and counted
    negative = sum(
        int((pd.read_csv(f)["AKUMULASI_DIRAWAT_OR_ISOLASI"] < 0).sum())
        for f in (shared_data / "covid" / "province_daily").glob("*.csv")
    )
    assert negative > 0 and pack.reports["cases"].dropped["negative_value"] == negative
    assert (pack.cases["active_cases"] >= 0).all()
    # the national series is read (covid/national_daily.csv, jumlah_dirawat_kum)
    national = pd.read_csv(shared_data / "covid" / "national_daily.csv")
    assert len(pack.national_cases) == len(national)


@pytest.mark.slow  # reads ../shared/data
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


@pytest.mark.slow  # reads ../shared/data
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


@pytest.mark.slow  # reads ../shared/data
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


@pytest.mark.slow  # reads ../shared/data
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


def test_pack_title_in_both_languages():
    """The title a brief and the overview show comes in the viewer's language."""
    pack = load_pack("embedded")
    assert pack.title_in("en") == pack.title
    assert pack.title_in("id") != pack.title and "Juli 2021" in pack.title_in("id")


def test_embedded_pack_ignores_a_data_root(tmp_path):
    """``--data-root`` is for manifest packs: the embedded pack's own files are its own."""
    from geo.packs import EMBEDDED, load_pack

    plain = load_pack(EMBEDDED)
    rooted = load_pack(EMBEDDED, data_root=tmp_path)  # an empty folder
    assert not rooted.errors
    assert rooted.content_hash == plain.content_hash
    assert len(rooted.hospitals) == len(plain.hospitals)
