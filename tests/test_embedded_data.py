"""Checks on the embedded default data pack in ``data/``: the hand-written facts (one
source per row) and the derived tables written by ``geo.build.build_pack``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"

COLUMNS = {
    "provinces.csv": "code,name,capital,capital_lat,capital_lon,population,population_source,capital_source",
    "plants.csv": "id,name,company,city,province_code,lat,lon,capacity_t_per_day,as_of,source,note",
    "reported_demand.csv": "fact_id,date,region,province_codes,reported_t_per_day,basis,statement,source",
    "supply.csv": "key,value,unit,as_of,source,statement",
    "corridor_nodes.csv": "id,name,kind,province_code,lat,lon,source",
    "corridor_links.csv": "id,from_id,to_id,mode,distance_km,road_class,crossing_h,wait_h,bidirectional,source,note",
}
SOURCE_COLUMNS = {
    "provinces.csv": ["population_source", "capital_source"],
}
CODES_2021 = {
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
    21,
    31,
    32,
    33,
    34,
    35,
    36,
    51,
    52,
    53,
    61,
    62,
    63,
    64,
    65,
    71,
    72,
    73,
    74,
    75,
    76,
    81,
    82,
    91,
    92,
}
SUPPLY_KEYS = {
    "national_supply_t_per_day",
    "isotank_trucks",
    "isotank_capacity_t",
    "cylinders",
    "concentrators",
    "concentrator_systems",
    "national_production_capacity_t_per_day",
}


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_parses_with_exact_header(name):
    df = load(name)
    assert list(df.columns) == COLUMNS[name].split(",")
    assert len(df) > 0


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_every_row_has_a_source(name):
    df = load(name)
    for col in SOURCE_COLUMNS.get(name, ["source"]):
        empty = df[df[col].str.strip() == ""]
        assert empty.empty, f"{name}: rows without {col}: {empty.index.tolist()}"


def test_provinces():
    df = load("provinces.csv")
    codes = df["code"].astype(int)
    assert codes.is_unique and set(codes) == CODES_2021
    assert df["population"].astype(int).sum() == 270_203_917  # BPS SP2020 national total


@pytest.mark.parametrize(
    "name,lat,lon",
    [
        ("provinces.csv", "capital_lat", "capital_lon"),
        ("plants.csv", "lat", "lon"),
        ("hospitals.csv", "lat", "lon"),
        ("corridor_nodes.csv", "lat", "lon"),
    ],
)
def test_coordinates_inside_indonesia(name, lat, lon):
    df = load(name)
    la, lo = df[lat].astype(float), df[lon].astype(float)
    assert la.between(-11.5, 6.5).all() and lo.between(94, 142).all()


@pytest.mark.parametrize(
    "name,col",
    [
        ("plants.csv", "province_code"),
        ("hospitals.csv", "province_code"),
        ("corridor_nodes.csv", "province_code"),
    ],
)
def test_province_codes_known(name, col):
    assert set(load(name)[col].astype(int)) <= CODES_2021


def test_active_cases_derived_table():
    """Published figures only: one per province and day, plus the national series (0)."""
    df = load("active_cases.csv")
    assert list(df.columns) == ["province_code", "date", "active_cases", "new_cases"]
    new = pd.to_numeric(df["new_cases"], errors="coerce")
    assert (new.dropna() >= 0).all() and new.notna().mean() > 0.99  # KASUS as published
    codes = set(df["province_code"].astype(int))
    assert codes == CODES_2021 | {0}
    dates = pd.to_datetime(df["date"], format="%Y-%m-%d")
    assert (df["active_cases"].astype(float) >= 0).all()
    assert not df.duplicated(["province_code", "date"]).any()
    # every province has a published figure on every day of July 2021
    july = df[dates.between("2021-07-01", "2021-07-31") & (df["province_code"] != "0")]
    assert july.groupby("date")["province_code"].nunique().eq(len(CODES_2021)).all()
    assert july["date"].nunique() == 31


def test_plants():
    df = load("plants.csv")
    assert df["id"].is_unique
    cap = pd.to_numeric(df["capacity_t_per_day"].replace("", None))
    assert (cap.dropna() > 0).all()
    # empty capacity must be explained in the note
    assert (df.loc[cap.isna(), "note"].str.len() > 0).all()


def test_hospitals_derived_table():
    df = load("hospitals.csv")
    assert list(df.columns) == [
        "id",
        "name",
        "hospital_class",
        "beds",
        "type",
        "province_code",
        "lat",
        "lon",
        "location_check",
        "location_rule",
        "location_approximate",
    ]
    assert df["id"].is_unique and len(df) >= 2880
    assert set(df["province_code"].astype(int)) == CODES_2021
    # Kemenkes classes as published ("D PRATAMA", "Belum Ditetapkan" = not yet set)
    assert set(df["hospital_class"]) <= {"", "A", "B", "C", "D", "D PRATAMA", "Belum Ditetapkan"}
    assert df["hospital_class"].isin(["A", "B", "C", "D"]).sum() > 2500
    beds = df["beds"].astype(int)
    assert (beds >= 0).all() and (beds > 0).mean() > 0.95
    assert df["id"].tolist() == sorted(df["id"])  # deterministic order


def test_reported_demand_facts():
    df = load("reported_demand.csv")
    assert df["fact_id"].is_unique
    pd.to_datetime(df["date"], format="%Y-%m-%d")
    assert (df["reported_t_per_day"].astype(float) > 0).all()
    assert df["source"].str.contains("https://").all()
    # the per-province figures of 10 Jul 2021 add up to the Java-Bali figure of that day
    day = df[df["date"] == "2021-07-10"]
    provinces = day[~day["province_codes"].str.contains(";")]
    java_bali = day[day["region"] == "Jawa-Bali"]["reported_t_per_day"].astype(float)
    assert provinces["reported_t_per_day"].astype(float).sum() == java_bali.item()


def test_sources_lists_every_input_with_sha256():
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("provinces.geojson", "hospitals.csv", "active_cases.csv"):
        assert f"| {name} |" in text
    assert text.count("- sha256: `") >= 34 + 5  # 34 province series + 5 other inputs
    assert "- licence: " in text and "## Load report" in text


def test_supply_keys():
    df = load("supply.csv")
    assert set(df["key"]) == SUPPLY_KEYS and df["key"].is_unique
    assert (df["value"].astype(float) > 0).all()


def test_corridor_links_reference_nodes():
    nodes = load("corridor_nodes.csv")
    links = load("corridor_links.csv")
    assert nodes["id"].is_unique and links["id"].is_unique
    assert set(nodes["kind"]) <= {"capital", "city", "port", "plant_city"}
    ids = set(nodes["id"])
    assert set(links["from_id"]) <= ids and set(links["to_id"]) <= ids
    ports = load("ports.csv")  # a harbour town may join the network by sea lanes only
    linked = set(links["from_id"]) | set(links["to_id"]) | set(ports["node"].dropna())
    assert ids <= linked, "every node in at least one link or port"
    assert set(links["mode"]) <= {"road", "ferry"}
    assert set(links["bidirectional"].str.lower()) <= {"true", "false"}


def test_corridor_link_attributes():
    links = load("corridor_links.csv")
    road = links[links["mode"] == "road"]
    ferry = links[links["mode"] == "ferry"]
    assert (road["distance_km"].astype(float) > 0).all()
    assert set(road["road_class"]) <= {"toll", "national", "provincial"}
    assert (ferry["crossing_h"].astype(float) > 0).all()
    assert (ferry["road_class"] == "").all()
    assert (pd.to_numeric(ferry["wait_h"].replace("", "0")) >= 0).all()


def test_capitals_and_plants_are_corridor_nodes():
    nodes = load("corridor_nodes.csv")
    caps = nodes[nodes["kind"] == "capital"]
    assert set(caps["province_code"].astype(int)) == CODES_2021
    plants = load("plants.csv")
    coords = set(zip(nodes["lat"], nodes["lon"], strict=False))
    assert all((la, lo) in coords for la, lo in zip(plants["lat"], plants["lon"], strict=False))


def test_java_corridor_is_continuous():
    nx = pytest.importorskip("networkx")
    links = load("corridor_links.csv")
    G = nx.Graph()
    G.add_edges_from(zip(links["from_id"], links["to_id"], strict=False))
    assert nx.has_path(G, "merak", "ketapang_jatim")
    assert nx.has_path(G, "merak", "banyuwangi")
    # Sumatra and Bali/Nusa Tenggara reach Java by ferry
    assert nx.has_path(G, "banda_aceh", "gresik")
    assert nx.has_path(G, "labuan_bajo", "cilegon")
