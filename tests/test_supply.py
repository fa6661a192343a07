"""Supply lines: loading and validation, activity by date, reconciliation with Kemenperin."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo import coverage, network, supply
from geo.errors import DataError
from geo.packs import EMBEDDED_DIR, load_pack
from geo.report import LayerReport

REPO = Path(__file__).resolve().parents[1]
WINDOW = [f"2021-07-{d:02d}" for d in range(9, 21)]
KEMENPERIN_T_PER_DAY = 2622.9

HEADER = "id,kind,name,plant_match,port,lat,lon,province_code,t_per_day,as_of,start_date,end_date,status,source,rule\n"
GOOD = (
    "ok-line,conversion,A site,,,-6.0,106.0,36,10,2021-07-09,,,published,https://example.org/a,\n"
)


def _chain(tmp_path: Path, lines_text: str, lanes_text: str | None = None) -> supply.SupplyChain:
    lines = tmp_path / "supply_lines.csv"
    lines.write_text(lines_text, encoding="utf-8")
    lanes = EMBEDDED_DIR / "sea_lanes.csv"
    if lanes_text is not None:
        lanes = tmp_path / "sea_lanes.csv"
        lanes.write_text(lanes_text, encoding="utf-8")
    reports: dict[str, LayerReport] = {}
    chain = supply.load_supply_chain(
        lines=[lines],
        statements=EMBEDDED_DIR / "supply_statements.csv",
        ports=EMBEDDED_DIR / "ports.csv",
        lanes=lanes,
        reports=reports,
    )
    chain.reports = reports  # type: ignore[attr-defined]
    return chain


@pytest.fixture(scope="module")
def embedded():
    return load_pack("embedded")


# ------------------------------------------------------------------ reconciliation
@pytest.mark.parametrize("date", WINDOW)
def test_embedded_lines_add_up_to_kemenperin_every_day_of_the_window(embedded, date) -> None:
    rec = supply.supply_reconciliation(embedded, date=date)
    assert rec["sum_t_per_day"] == pytest.approx(KEMENPERIN_T_PER_DAY, abs=0.5)
    assert rec["national_t_per_day"] == KEMENPERIN_T_PER_DAY
    assert rec["reconciled"] and "statement of 2021-07-08" in rec["note"]
    assert 0 < rec["published_share"] < 1
    assert rec["published_t_per_day"] + rec["estimated_t_per_day"] == pytest.approx(
        rec["sum_t_per_day"]
    )
    # producers (located plants + the one unlocated rest) add up to the 1,700 capacity
    assert rec["capacity_t_per_day"] == pytest.approx(1700.0)
    assert rec["by_kind"]["import"] == pytest.approx(650.0)


@pytest.mark.slow  # reads ../shared/data
def test_real_pack_lines_add_up_to_kemenperin(shared_data: Path) -> None:
    pack = load_pack(REPO / "packs" / "indonesia-2021.toml", data_root=shared_data)
    assert not pack.errors
    for date in WINDOW:
        rec = supply.supply_reconciliation(pack, date=date)
        assert rec["sum_t_per_day"] == pytest.approx(KEMENPERIN_T_PER_DAY, abs=0.5), date
        assert 0 < rec["published_share"] < 1


def test_before_8_july_the_earlier_statement_is_the_reference(embedded) -> None:
    rec = supply.supply_reconciliation(embedded, date="2021-07-05")
    assert rec["national_t_per_day"] == 1764.0
    assert rec["statement"]["id"] == "kemenperin_early"
    assert "earlier undated statement" in rec["note"]
    # only domestic capacity is dated before 8 Jul: 1,700 vs 1,764, said so, not hidden
    assert rec["sum_t_per_day"] == pytest.approx(1700.0)
    assert rec["difference_t_per_day"] == pytest.approx(-64.0)
    assert not rec["reconciled"] and "differs by -64.0" in rec["note"]


def test_a_line_dated_after_the_scenario_is_not_used(embedded) -> None:
    lines = embedded.supply_lines
    july = supply.supply_lines_on(lines, "2021-07-15")
    august = supply.supply_lines_on(lines, "2021-08-20")
    assert "gresik-petrokimia" not in set(july["id"])
    assert "gresik-petrokimia" in set(august["id"])
    assert august["t_per_day"].sum() - july["t_per_day"].sum() == pytest.approx(23.0)


def test_unplaced_lines_are_kept_visible_but_not_routed(embedded) -> None:
    rec = supply.supply_reconciliation(embedded, date="2021-07-15")
    lines = rec["lines"]
    unplaced = lines[lines["lat"].isna()]
    assert {"domestic-capacity-unlocated", "conversion-named-contributors"} <= set(unplaced["id"])
    assert rec["unplaced_t_per_day"] == pytest.approx(float(unplaced["t_per_day"].sum()))
    sources = supply.supply_sources(embedded, date="2021-07-15")
    assert set(unplaced["id"]).isdisjoint(sources["id"])
    # what the allocation routes: the medical t/day of the placed lines on that date
    placed = lines[lines["lat"].notna()]
    assert sources["capacity_t_per_day"].sum() == pytest.approx(
        placed["medical_t_per_day"].sum(skipna=True)
    )


def test_plants_with_unknown_capacity_are_unknown_lines_and_not_sources(embedded) -> None:
    unknown = embedded.plants[embedded.plants["capacity_t_per_day"].isna()]["id"]
    assert {"bontang-samator", "morowali-imip"} <= set(unknown)
    lines = supply.supply_lines_on(embedded.supply_lines, "2021-07-15").set_index("id")
    assert (lines.loc[list(unknown), "status"] == "unknown").all()
    assert lines.loc[list(unknown), ["t_per_day", "medical_t_per_day"]].isna().all().all()
    sources = supply.supply_sources(embedded, date="2021-07-15")
    assert set(unknown).isdisjoint(sources["id"])
    acc = coverage.access(embedded, network.engine_for(embedded), network.access_policy(embedded))
    assert set(unknown).isdisjoint(acc.plants["id"])
    assert set(acc.hospitals["nearest_plant"].dropna()) <= set(sources["id"])


def test_every_estimate_has_its_rule_and_every_line_a_source(embedded) -> None:
    lines = embedded.supply_lines
    estimated = lines[lines["status"] == "estimated"]
    assert len(estimated) and (estimated["rule"].str.len() > 10).all()
    assert (lines["source"].str.startswith("http")).all()
    assert set(lines["kind"]) <= set(supply.KINDS)


def test_lines_json_has_the_cli_columns(embedded) -> None:
    rows = supply.lines_json(supply.supply_lines_on(embedded.supply_lines, "2021-07-15"))
    assert set(rows[0]) == set(supply.OUTPUT_COLUMNS)
    assert any(r["lat"] is None for r in rows)  # the unplaced line


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        (
            "bad,conversion,X,,,-6,106,36,-5,2021-07-09,,,published,https://e.org,\n",
            "t_per_day",
            "negative",
        ),
        (
            "bad,conversion,X,,,-6,106,36,lots,2021-07-09,,,published,https://e.org,\n",
            "t_per_day",
            "not a number",
        ),
        (
            "bad,import,X,,atlantis,,,36,5,2021-07-09,,,published,https://e.org,\n",
            "port",
            "unknown port",
        ),
        ("bad,pipeline,X,,,-6,106,36,5,2021-07-09,,,published,https://e.org,\n", "kind", "kind"),
        ("bad,conversion,X,,,-6,106,36,5,2021-07-09,,,estimated,https://e.org,\n", "rule", "rule"),
        ("bad,conversion,X,,,,,36,5,2021-07-09,,,published,https://e.org,\n", "lat", "unplaced"),
        ("bad,conversion,X,,,-6,106,36,5,July,,,published,https://e.org,\n", "as_of", "not a date"),
    ],
)
def test_a_bad_line_costs_that_row_only(tmp_path: Path, row: str, column: str, text: str) -> None:
    chain = _chain(tmp_path, HEADER + GOOD + row)
    assert list(chain.lines["id"]) == ["ok-line"]
    (err,) = chain.errors
    assert err.row == 3 and err.column == column and text in err.message
    assert err.file.endswith("supply_lines.csv")
    rep = chain.reports["supply_lines"]
    assert rep.rows_read == 2 and rep.rows_kept == 1 and rep.balanced


def test_a_lane_with_no_time_or_an_unknown_port_is_dropped(tmp_path: Path) -> None:
    lanes = (
        "id,from_port,to_port,distance_km,speed_kn,sailing_h,dwell_h,status,source,note\n"
        "a,tanjung_priok,makassar,,,30,12,published,https://e.org,\n"
        "b,tanjung_priok,makassar,1500,,,12,estimated,https://e.org,\n"
        "c,tanjung_priok,atlantis,,,30,12,published,https://e.org,\n"
        "d,tanjung_priok,ambon,2000,12,,0,estimated,https://e.org,\n"
    )
    chain = _chain(tmp_path, HEADER + GOOD, lanes)
    assert list(chain.lanes["id"]) == ["a", "d"]
    assert chain.lanes.set_index("id").loc["a", "time_h"] == 42.0
    assert chain.lanes.set_index("id").loc["d", "time_h"] == pytest.approx(2000 / (12 * 1.852))
    by_row = {e.row: e for e in chain.errors}
    assert by_row[3].column == "sailing_h" and "needs sailing_h" in by_row[3].message
    assert by_row[4].column == "to_port" and "unknown port" in by_row[4].message


def test_an_unreadable_file_raises(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="missing column") as info:
        _chain(tmp_path, "id,kind,name\nx,import,X\n")
    assert info.value.file.endswith("supply_lines.csv")


def _manifest(tmp_path: Path, body: str) -> Path:
    text = (EMBEDDED_DIR / "pack.toml").read_text(encoding="utf-8")
    text = text.split("\n[supply_lines]")[0]  # the section under test is written below
    text = text.replace('file = "', 'file = "@embedded/')
    path = tmp_path / "pack.toml"
    path.write_text(text + "\n" + body, encoding="utf-8")
    return path


def test_a_bad_row_in_a_pack_is_reported_and_other_layers_stay(tmp_path: Path) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text(
        HEADER
        + "more,import,Batam imports,,batu_ampar,,,21,40,2021-07-10,2021-07-10,,published,https://e.org,\n"
        + "bad,import,Nowhere,,atlantis,,,21,40,2021-07-10,,,published,https://e.org,\n",
        encoding="utf-8",
    )
    pack = load_pack(
        _manifest(tmp_path, '[supply_lines]\nextend = "extra.csv"\n'), data_root=tmp_path
    )
    assert len(pack.hospitals) and len(pack.plants) and len(pack.provinces)
    assert not pack.errors  # no layer failed: the row was dropped and counted
    (err,) = pack.supply_chain.errors
    assert (err.layer, err.row, err.column) == ("supply_lines", 3, "port")
    report = pack.reports["supply_lines"]
    assert report.dropped["bad_port"] == 1 and report.balanced
    assert any("extra.csv" in n and "row 3" in n and "'port'" in n for n in report.notes)
    assert err.file == "extra.csv" and str(tmp_path) not in " ".join(report.notes)
    ids = set(pack.supply_lines["id"])
    assert "more" in ids and "bad" not in ids and "import-commitments" in ids  # extended
    batam = pack.supply_lines.set_index("id").loc["more"]
    assert (batam["lat"], batam["lon"]) == (1.166, 104.011)  # the port's coordinates
    rec = supply.supply_reconciliation(pack, date="2021-07-15")
    assert rec["sum_t_per_day"] == pytest.approx(KEMENPERIN_T_PER_DAY + 40)
    assert not rec["reconciled"]


def test_a_manifest_can_replace_the_lines(tmp_path: Path) -> None:
    own = tmp_path / "own.csv"
    own.write_text(HEADER + GOOD, encoding="utf-8")
    pack = load_pack(_manifest(tmp_path, '[supply_lines]\nfile = "own.csv"\n'), data_root=tmp_path)
    own_lines = pack.supply_lines[pack.supply_lines["kind"] != "domestic_plant"]
    assert list(own_lines["id"]) == ["ok-line"]


def test_an_unreadable_lines_file_fails_the_layer_only(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("id,name\nx,y\n", encoding="utf-8")
    pack = load_pack(
        _manifest(tmp_path, '[supply_lines]\nfile = "broken.csv"\n'), data_root=tmp_path
    )
    assert any(e.layer == "supply_lines" and "missing column" in str(e) for e in pack.errors)
    assert len(pack.hospitals) and len(pack.plants)
    assert not len(pack.supply_chain.lines)


def test_local_supply_has_no_cylinders(embedded) -> None:
    local = supply.national_local_supply(embedded)
    assert not any(k.startswith("cylinders") for k in local)
    assert local["total_m3_per_day"] == pytest.approx(
        local["concentrators_m3_per_day"] + local["concentrator_systems_m3_per_day"]
    )
    assert np.isfinite(local["total_t_per_day_equivalent"])


def test_ports_and_lanes_are_sourced(embedded) -> None:
    chain = embedded.supply_chain
    assert len(chain.ports) >= 15 and len(chain.lanes) >= 20
    assert not chain.errors
    assert set(chain.lanes["status"]) == {"published", "estimated"}
    assert (chain.lanes["time_h"] > 0).all()
    assert isinstance(chain.statements, pd.DataFrame)
    assert {"kemenperin_supply_2021-07-08", "kemenperin_supply_early"} <= set(
        chain.statements["fact_id"]
    )


def test_reconciliation_json_is_strict_json(embedded) -> None:
    import json

    for date in ("2021-07-01", "2021-07-15"):
        out = supply.reconciliation_json(supply.supply_reconciliation(embedded, date=date))
        text = json.dumps(out, allow_nan=False)
        back = json.loads(text)
        secured = sum(r["t_per_day"] for r in back["lines"] if r["t_per_day"] is not None)
        assert secured == pytest.approx(back["sum_t_per_day"])
        medical = sum(r["medical_t_per_day"] or 0 for r in back["lines"])
        assert medical == pytest.approx(back["medical_t_per_day"])
        assert back["national_t_per_day"] in (1764.0, KEMENPERIN_T_PER_DAY)


def test_supply_lines_on_a_plain_table() -> None:
    table = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "t_per_day": [1.0, 2.0, 4.0],
            "start_date": ["", "2021-07-10", ""],
            "end_date": ["", "", "2021-07-12"],
        }
    )
    assert list(supply.supply_lines_on(table, "2021-07-09")["id"]) == ["a", "c"]
    assert list(supply.supply_lines_on(table, "2021-07-11")["id"]) == ["a", "b", "c"]
    assert list(supply.supply_lines_on(table, "2021-07-13")["id"]) == ["a", "b"]
    bare = table[["id", "t_per_day"]]
    assert len(supply.supply_lines_on(bare, "2021-07-13")) == 3
    rec = supply.reconciliation(
        table.assign(status="published", kind="other", lat=0.0), "2021-07-11", 7.0
    )
    assert rec["reconciled"] and rec["published_share"] == 1.0
