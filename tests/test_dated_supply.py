"""Dated supply (issue 19): capacity, supply secured and medical supply delivered kept
apart; the medical ramp of July 2021; imports as dated shipments; every national
statement against the model on its own date; the Java city list; producers outside Java."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo import pipeline, supply
from geo.errors import DataError
from geo.packs import EMBEDDED_DIR, load_pack
from geo.report import LayerReport

REPO = Path(__file__).resolve().parents[1]
JAVA_CITY_LIST = {
    "Cilegon": 420,
    "Serang": 223,
    "Jakarta": 101,
    "Bekasi": 174,
    "Karawang": 15,
    "Kendal": 63,
    "Gresik": 352,
    "Surabaya": 140,
}
SUMATRA = set(range(11, 19))  # Aceh .. Lampung (the island of Sumatra)
SULAWESI = set(range(71, 77))


@pytest.fixture(scope="module")
def embedded():
    return load_pack("embedded")


def _statement(rec: dict, statement_id: str) -> dict:
    (found,) = [s for s in rec["statements"] if s["id"] == statement_id]
    return found


# ------------------------------------------------------------------ hand-checkable
def _regime() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["before", "mid"],
            "from_date": ["", "2021-07-05"],
            "utilisation": [0.5, 1.0],
            "medical_share": [0.4, 0.9],
            "statement": ["", ""],
            "source": ["https://e.org/a", "https://e.org/b"],
            "rule": ["", ""],
        }
    )


def _tiny_lines() -> pd.DataFrame:
    base = {c: "" for c in supply.LINE_COLUMNS}
    rows = [
        base | {"id": "plant", "kind": "domestic_plant", "t_per_day": 100.0, "status": "published"},
        base
        | {
            "id": "conv",
            "kind": "conversion",
            "t_per_day": 10.0,
            "status": "published",
            "start_date": "2021-07-08",
        },
        base | {"id": "imp", "kind": "import", "t_per_day": 50.0, "status": "published"},
        base | {"id": "dark", "kind": "domestic_plant", "t_per_day": np.nan, "status": "unknown"},
    ]
    table = pd.DataFrame(rows)
    table["lat"], table["lon"] = 0.0, 0.0
    table["supply_type"] = table["kind"].map(supply.DEFAULT_SUPPLY_TYPE)
    table["medical_schedule"] = [supply.medical_schedule(r, _regime()) for r in rows]
    return table


@pytest.mark.parametrize(
    ("date", "plant", "conv", "total"),
    [
        ("2021-07-01", 100 * 0.5 * 0.4, None, 20.0),  # before 5 Jul; conversion not started
        ("2021-07-06", 100 * 1.0 * 0.9, None, 90.0),
        ("2021-07-09", 90.0, 10.0, 100.0),  # the addition delivers its t/day from its start
    ],
)
def test_medical_follows_the_dated_table_by_hand(date, plant, conv, total) -> None:
    on = supply.supply_lines_on(_tiny_lines(), date).set_index("id")
    assert on.loc["plant", "medical_t_per_day"] == pytest.approx(plant)
    assert on.loc["plant", "production_t_per_day"] == pytest.approx(
        100 * on.loc["plant", "utilisation"]
    )
    assert ("conv" in on.index) == (conv is not None)
    if conv is not None:
        assert on.loc["conv", "medical_t_per_day"] == pytest.approx(conv)
    assert on.loc["imp", "medical_t_per_day"] == 0.0  # a commitment is no daily flow
    assert np.isnan(on.loc["dark", "medical_t_per_day"])  # unknown stays unknown
    assert on["medical_t_per_day"].sum() == pytest.approx(total)
    routed = supply.sources(on.reset_index())
    assert set(routed["id"]) == {"plant", *(["conv"] if conv else [])}


def test_shipments_on_a_date_by_hand() -> None:
    table = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "announced": ["2021-07-01", "2021-07-01", "2021-07-20"],
            "arrives": ["2021-07-05", "", "2021-07-22"],
        }
    ).reindex(columns=supply.SHIPMENT_COLUMNS, fill_value="")
    on3 = supply.shipments_on(table, "2021-07-03").set_index("id")["status"]
    assert on3.to_dict() == {"a": "committed", "b": "committed"}
    on10 = supply.shipments_on(table, "2021-07-10").set_index("id")["status"]
    assert on10.to_dict() == {"a": "arrived", "b": "committed"}
    assert set(supply.shipments_on(table, "2021-07-25")["id"]) == {"a", "b", "c"}


# ------------------------------------------------------------------- acceptance
@pytest.mark.parametrize("date", ["2021-06-29", "2021-06-30"])
def test_end_of_june_medical_supply_is_850_within_10pct(embedded, date) -> None:
    rec = supply.supply_reconciliation(embedded, date=date)
    assert rec["medical_t_per_day"] == pytest.approx(850, rel=0.10)
    check = _statement(rec, "menperin_medical_2021-06-29")
    assert check["fact_id"] == "cylinder_population" and check["quantity"] == "medical"
    assert abs(check["relative_difference"]) <= 0.10
    # medical is not capacity: three different quantities on the same day
    assert rec["capacity_t_per_day"] == pytest.approx(1700.0)
    assert rec["medical_t_per_day"] < rec["production_t_per_day"] <= rec["capacity_t_per_day"]


def test_medical_share_ramps_during_july(embedded) -> None:
    dates = ["2021-06-20", "2021-06-30", "2021-07-05", "2021-07-06", "2021-07-09", "2021-07-15"]
    medical = [supply.supply_reconciliation(embedded, date=d)["medical_t_per_day"] for d in dates]
    assert medical == sorted(medical) and len(set(medical)) == len(medical)
    on15 = supply.supply_lines(embedded, date="2021-07-15")
    plants = on15[on15["supply_type"] == "capacity"]
    assert (plants["medical_share"] == 1.0).all()
    assert plants["medical_source"].str.startswith("http").all()


def test_9_july_secured_reconciles_with_each_components_status(embedded) -> None:
    rec = supply.supply_reconciliation(embedded, date="2021-07-09")
    assert rec["sum_t_per_day"] == pytest.approx(2622.9, abs=0.5) and rec["reconciled"]
    check = _statement(rec, "kemenperin_2021-07-08")
    assert abs(check["difference"]) <= 0.5
    assert set(check["by_status"]) <= set(supply.STATUSES)
    assert sum(check["by_status"].values()) == pytest.approx(check["model"])
    lines = rec["lines"]
    assert set(lines["status"]) == {"published", "estimated", "unknown"}
    assert lines.loc[lines["status"] == "unknown", "t_per_day"].isna().all()
    # the secured total is not what was delivered: imports are shipments
    assert rec["medical_t_per_day"] < rec["sum_t_per_day"]


def test_national_capacity_stays_1700(embedded) -> None:
    for date in ("2021-06-30", "2021-07-09", "2021-07-20"):
        rec = supply.supply_reconciliation(embedded, date=date)
        assert rec["capacity_t_per_day"] == pytest.approx(1700.0)
    check = _statement(rec, "menperin_capacity_2021-07-09")
    assert check["fact_id"] == "national_capacity_2021-07-09"
    assert check["difference"] == pytest.approx(0.0, abs=0.01)


@pytest.mark.parametrize("date", ["2021-07-10", "2021-07-15"])
def test_java_production_matches_the_city_list(embedded, date) -> None:
    lines = embedded.supply_lines
    java = supply.model_figure(lines, date, "production", "java")["value"]
    assert java == pytest.approx(sum(JAVA_CITY_LIST.values()), rel=0.05)
    for city, reported in JAVA_CITY_LIST.items():
        model = supply.model_figure(lines, date, "production", f"city:{city}")["value"]
        assert model == pytest.approx(reported, rel=0.10), city
    # the reactivated Cilegon plant is secured from 8 Jul but not producing on 15 Jul
    on = supply.supply_lines_on(lines, date).set_index("id")
    assert on.loc["reactivation-cilegon", "t_per_day"] == 100.0
    assert on.loc["reactivation-cilegon", "production_t_per_day"] == 0.0


def test_every_dated_supply_fact_has_its_statement(embedded) -> None:
    rec = supply.supply_reconciliation(embedded, date="2021-07-15")
    facts = {s["fact_id"] for s in rec["statements"]}
    assert {
        "kemenperin_supply_2021-07-08",
        "kemenperin_supply_2021-07-08_b",
        "kemenperin_supply_early",
        "national_capacity_2021-07-09",
        "cylinder_population",
        "annual_capacity_2021-06-29",
    } <= facts
    for s in rec["statements"]:
        assert s["source"].startswith("http") and s["compare_on"]
        if s["model"] is not None:
            assert s["difference"] == pytest.approx(s["model"] - s["reported"])
        else:
            assert "carries no" in s["note"]
    early = _statement(rec, "kemenperin_early")
    assert early["compare_on"] == "2021-07-07" and early["difference"] == pytest.approx(-64.0)


def test_imports_arrive_as_dated_shipments_at_ports(embedded) -> None:
    ships = supply.shipments_on(embedded.supply_chain.shipments, "2021-07-31")
    arrived = ships[ships["status"] == "arrived"]
    july = arrived[arrived["arrives"].str.startswith("2021-07")]
    assert july["arrives"].nunique() >= 3 and july["port"].nunique() >= 2
    assert (july["t"] > 0).all() and july["source"].str.startswith("http").all()
    assert (ships.loc[ships["status"] == "committed", "arrives"] == "").all()
    # no import is a daily flow: the commitment line delivers nothing and is not routed
    on = supply.supply_lines(embedded, date="2021-07-15")
    imports = on[on["kind"] == "import"]
    assert len(imports) and (imports["medical_t_per_day"] == 0).all()
    routed = supply.supply_sources(embedded, date="2021-07-15")
    assert not (routed["kind"] == "import").any()
    # on 7 Jul the Morowali isotanks have arrived, the Balikpapan ones are committed
    on7 = supply.shipments_on(embedded.supply_chain.shipments, "2021-07-07").set_index("id")
    assert on7.loc["imip-morowali-2021-07-06", "status"] == "arrived"
    assert on7.loc["balikpapan-2021-07-09", "status"] == "committed"


def test_no_equal_split_every_estimate_names_its_rule(embedded) -> None:
    lines = embedded.supply_lines
    estimated = lines[lines["status"] == "estimated"]
    assert estimated["t_per_day"].round(2).is_unique  # no value shared by split lines
    assert (estimated["rule"].str.len() > 40).all()
    unknown = lines[lines["status"] == "unknown"]
    assert len(unknown) >= 4 and unknown["t_per_day"].isna().all()
    assert (unknown["source"].str.startswith("http")).all()
    assert {"samator-batam", "samator-makassar", "aneka-gas-medan"} <= set(lines["id"])


def test_palembang_keeps_what_its_source_says(embedded) -> None:
    line = embedded.supply_lines.set_index("id").loc["palembang-samator"]
    assert "rmolsumsel" in line["source"] and line["t_per_day"] == 24.0  # machine capacity


def test_the_allocation_routes_the_medical_supply_of_its_date(embedded) -> None:
    june = supply.supply_sources(embedded, date="2021-06-30").set_index("id")
    july = supply.supply_sources(embedded, date="2021-07-15").set_index("id")
    assert june.loc["cilegon-linde", "capacity_t_per_day"] == pytest.approx(230 * 0.8 * 0.6)
    assert july.loc["cilegon-linde", "capacity_t_per_day"] == pytest.approx(230.0)
    assert june.loc["cilegon-linde", "secured_t_per_day"] == 230.0


def test_supply_json_has_the_cli_contract(embedded) -> None:
    out = supply.reconciliation_json(supply.supply_reconciliation(embedded, date="2021-07-20"))
    back = json.loads(json.dumps(out, allow_nan=False))
    assert isinstance(back["medical_t_per_day"], float)
    for line in back["lines"]:
        assert {"t_per_day", "status", "province_code", "medical_t_per_day"} <= set(line)
        assert line["status"] in supply.STATUSES
    assert back["shipments"] and all(
        {"arrives", "port", "t", "source", "status"} <= set(s) for s in back["shipments"]
    )
    assert all({"fact_id", "reported", "model", "difference"} <= set(s) for s in back["statements"])


# ----------------------------------------------------------------------- bad rows
SHIP_HEADER = "id,announced,departs,arrives,port,t,origin,source,note\n"
GOOD_SHIP = "ok,2021-07-01,2021-07-02,2021-07-05,tanjung_priok,20,x,https://e.org,\n"


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        ("bad,,2021-07-06,2021-07-05,tanjung_priok,20,x,https://e.org,\n", "arrives", "before"),
        ("bad,2021-07-01,,2021-07-05,tanjung_priok,-20,x,https://e.org,\n", "t", "negative"),
        ("bad,2021-07-01,,2021-07-05,atlantis,20,x,https://e.org,\n", "port", "unknown port"),
        ("bad,2021-07-01,,2031-07-05,tanjung_priok,20,x,https://e.org,\n", "arrives", "outside"),
        ("bad,,,,tanjung_priok,20,x,https://e.org,\n", "announced", "needs the date"),
    ],
)
def test_a_bad_shipment_costs_that_row_named(tmp_path: Path, row: str, column: str, text: str):
    path = tmp_path / "shipments.csv"
    path.write_text(SHIP_HEADER + GOOD_SHIP + row, encoding="utf-8")
    reports: dict[str, LayerReport] = {}
    chain = supply.load_supply_chain(
        lines=[EMBEDDED_DIR / "supply_lines.csv"],
        statements=EMBEDDED_DIR / "supply_statements.csv",
        ports=EMBEDDED_DIR / "ports.csv",
        lanes=EMBEDDED_DIR / "sea_lanes.csv",
        medical=EMBEDDED_DIR / "supply_medical.csv",
        shipments=path,
        series=("2020-03-01", "2021-12-31"),
        reports=reports,
    )
    assert list(chain.shipments["id"]) == ["ok"]
    (err,) = [e for e in chain.errors if e.file.endswith("shipments.csv")]
    assert (err.row, err.column) == (3, column) and text in err.message
    rep = reports["supply_lines"]
    assert rep.balanced and rep.dropped[f"bad_{column}"] == 1
    assert any("shipments.csv" in n and "row 3" in n for n in rep.notes)


def test_a_bad_medical_row_is_named(tmp_path: Path) -> None:
    path = tmp_path / "supply_medical.csv"
    path.write_text(
        "id,from_date,utilisation,medical_share,statement,source,rule\n"
        "a,,0.8,0.4,,https://e.org,\n"
        "b,2021-07-01,,1.6,,https://e.org,\n",
        encoding="utf-8",
    )
    errors: list[DataError] = []
    table = supply.read_medical(path, report=LayerReport(layer="x"), errors=errors)
    assert list(table["id"]) == ["a"]
    assert (errors[0].row, errors[0].column) == (3, "medical_share")


def test_the_embedded_pack_loads_shipments_and_table_cleanly(embedded) -> None:
    chain = embedded.supply_chain
    assert not chain.errors
    assert list(chain.shipments.columns[:11]) == [
        "id",
        "announced",
        "departs",
        "arrives",
        "port",
        "lat",
        "lon",
        "province_code",
        "t",
        "source",
        "status",
    ]
    assert len(chain.medical) >= 4 and chain.medical["source"].str.startswith("http").all()


# --------------------------------------------------------------- producers' reach
@pytest.mark.slow
def test_sumut_and_sulsel_hospitals_reach_a_plant_on_their_island_group(embedded) -> None:
    res = pipeline.run(embedded, pipeline_scenario(embedded))
    acc = res.access.hospitals
    plants = res.access.plants.set_index("id")
    sources = supply.supply_sources(embedded, date="2021-07-15").set_index("id")
    shapes = embedded.provinces.set_index("code").geometry
    for code, group in ((12, SUMATRA), (73, SULAWESI)):
        h = acc[acc["province_code"] == code].merge(embedded.hospitals[["id", "geometry"]], on="id")
        inside = h[[shapes[code].contains(g) for g in h["geometry"]]]  # coordinates in Sumut
        on = inside[~inside["off_network"]]
        assert len(on) and np.isfinite(on["travel_time_h"]).all()
        homes = sources.loc[on["nearest_plant"], "province_code"]
        assert set(homes) <= group, code
        assert set(on["nearest_plant"]) <= set(plants.index)
        off = inside[inside["off_network"]]
        assert off["reason"].notna().all() if "reason" in off else True


def pipeline_scenario(pack):
    from geo.scenario import Scenario

    return Scenario(date="2021-07-15")


@pytest.mark.slow
def test_real_pack_reads_the_dated_table_and_shipments(shared_data: Path) -> None:
    pack = load_pack(REPO / "packs" / "indonesia-2021.toml", data_root=shared_data)
    assert not pack.errors and not pack.supply_chain.errors
    rec = supply.supply_reconciliation(pack, date="2021-06-30")
    assert rec["medical_t_per_day"] == pytest.approx(850, rel=0.10)
    rec = supply.supply_reconciliation(pack, date="2021-07-09")
    assert rec["sum_t_per_day"] == pytest.approx(2622.9, abs=0.5)
    assert len(pack.supply_chain.shipments) >= 5
    facts = pd.read_csv(shared_data / "oxygen" / "oxygen_facts_2021.csv", dtype=str)
    supply_facts = facts[facts["topic"].isin(["national_supply", "national_capacity"])]
    checked = {s["fact_id"]: s for s in rec["statements"]}
    for fact in supply_facts.itertuples():
        assert fact.fact_id in checked, fact.fact_id
        assert checked[fact.fact_id]["reported"] == pytest.approx(float(fact.value))


# --------------------------------------------------------------------------- page
@pytest.mark.parametrize("lang", ["en", "id"])
def test_supply_page_shows_statements_and_shipments_in_both_languages(lang) -> None:
    from streamlit.testing.v1 import AppTest

    from geo import i18n

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    at.query_params["lang"] = lang
    at.query_params["date"] = "2021-06-30"
    at.run()
    at.switch_page("pages/supply.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    heads = [h.value for h in at.subheader]
    assert i18n.t("statements_title", lang) in heads
    assert i18n.t("shipments_title", lang) in heads
    labels = [m.label for m in at.metric]
    assert i18n.t("kpi_medical_supply", lang) in labels
    medical = at.metric[labels.index(i18n.t("kpi_medical_supply", lang))].value
    assert "816" in medical  # 1,700 x 80% utilisation x 60% medical share on 30 Jun


@pytest.mark.slow
@pytest.mark.parametrize("date", ["2021-06-30", "2021-07-09"])
def test_cli_supply_json_contract(date) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "geo", "supply", "--date", date, "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout)
    assert list(rec)[:2] == ["fingerprint", "scenario"]
    assert all({"t_per_day", "status", "province_code"} <= set(r) for r in rec["lines"])
    assert {r["status"] for r in rec["lines"]} <= set(supply.STATUSES)
    assert all({"arrives", "port", "t", "source"} <= set(s) for s in rec["shipments"])
    assert all({"fact_id", "reported", "model", "difference"} <= set(s) for s in rec["statements"])
    if date == "2021-06-30":
        assert rec["medical_t_per_day"] == pytest.approx(850, rel=0.10)
    else:
        assert rec["sum_t_per_day"] == pytest.approx(2622.9, abs=0.5)
        assert rec["capacity_t_per_day"] == pytest.approx(1700.0)
