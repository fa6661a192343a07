"""Hospital location checks (issue 24 item 3): one hand-checkable case per rule.

Two square 'provinces' on either side of the equator and of each other:

    A (code 11): lon 100..102, lat -3..-1, capital (101, -2)
    B (code 12): lon 104..106, lat -3..-1, capital (105, -2)

and two kabupaten/kota inside A: A1 = lon 100..101 and A2 = lon 101..102 (lat -3..-1).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.locations import area_key, check_locations, location_counts, match_areas

SQ = shapely.box


@pytest.fixture
def provinces() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": [11, 12], "capital_lon": [101.0, 105.0], "capital_lat": [-2.0, -2.0]},
        geometry=[SQ(100, -3, 102, -1), SQ(104, -3, 106, -1)],
        crs="EPSG:4326",
    )


@pytest.fixture
def areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"area_id": ["11-01", "11-02"]},
        geometry=[SQ(100, -3, 101, -1), SQ(101, -3, 102, -1)],
        crs="EPSG:4326",
    )


def _check(points, codes, provinces, **kw) -> pd.DataFrame:
    lon, lat = np.array(points, dtype=float).T
    return check_locations(lon, lat, np.array(codes), provinces=provinces, near_km=10, **kw)


def test_a_point_in_its_province_is_kept(provinces):
    t = _check([(101.5, -2.0)], [11], provinces)
    assert t.loc[0, "problem"] == "" and t.loc[0, "rule"] == "as_given"
    assert t.loc[0, "moved_km"] == 0 and not t.loc[0, "approximate"]


def test_lost_latitude_sign_inside_the_box_is_mirrored(provinces):
    """(101.5, +2.0) is inside Indonesia's box but in no province; its mirror is in A."""
    t = _check([(101.5, 2.0)], [11], provinces)
    assert t.loc[0, "problem"] == "no_province" and t.loc[0, "rule"] == "latitude_sign"
    assert (t.loc[0, "lon"], t.loc[0, "lat"]) == (101.5, -2.0)
    assert not t.loc[0, "approximate"]


def test_point_in_another_province_goes_to_its_kabkota(provinces, areas):
    """Stated A / kab A1, placed in B: moved to a point inside A1."""
    t = _check([(105.0, -2.0)], [11], provinces, areas=areas, area_id=np.array(["11-01"]))
    row = t.loc[0]
    assert row["problem"] == "other_province" and row["found_province"] == 12
    assert row["rule"] == "area_point" and row["approximate"]
    assert SQ(100, -3, 101, -1).contains(shapely.Point(row["lon"], row["lat"]))


def test_no_kabkota_known_falls_back_to_the_capital(provinces):
    t = _check([(105.0, -2.0)], [11], provinces)
    assert t.loc[0, "rule"] == "province_capital" and t.loc[0, "approximate"]
    assert (t.loc[0, "lon"], t.loc[0, "lat"]) == (101.0, -2.0)
    assert t.loc[0, "moved_km"] == pytest.approx(4 * 111.19, rel=0.01)


def test_no_capital_no_kabkota_is_dropped(provinces):
    no_capital = provinces.assign(capital_lon=np.nan, capital_lat=np.nan)
    t = _check([(105.0, -2.0)], [11], no_capital)
    assert t.loc[0, "rule"] == "dropped" and np.isnan(t.loc[0, "lon"])


def test_just_off_the_coast_is_kept(provinces):
    """0.06 degrees (6.7 km) west of A: outside the 0.05-degree tolerance, within 10 km."""
    t = _check([(99.94, -2.0)], [11], provinces)
    assert t.loc[0, "problem"] == "near_province" and t.loc[0, "rule"] == "as_given"


def test_shared_point_outside_the_stated_kabkota_is_moved(provinces, areas):
    """Two hospitals on one point in A2: the one stated in A1 moves, the A2 one stays."""
    t = _check(
        [(101.5, -2.0), (101.5, -2.0)],
        [11, 11],
        provinces,
        areas=areas,
        area_id=np.array(["11-02", "11-01"]),
    )
    assert list(t["problem"]) == ["shared_point", "shared_point"]
    assert list(t["rule"]) == ["as_given", "area_point"]
    assert t.loc[1, "lon"] < 101


def test_shared_point_with_no_kabkota_is_kept_approximate(provinces):
    t = _check([(101.5, -2.0), (101.5, -2.0)], [11, 11], provinces)
    assert list(t["rule"]) == ["as_given", "as_given"] and t["approximate"].all()
    counts = location_counts(t)
    assert counts["problems"]["shared_point"] == 2 and counts["approximate"] == 2


def test_mirror_must_land_in_the_stated_kabkota_when_known(provinces, areas):
    """Near the equator the mirror can land in the right province but the wrong kab/kota:
    then the kab/kota rule applies instead."""
    t = _check([(100.5, 2.0)], [11], provinces, areas=areas, area_id=np.array(["11-02"]))
    assert t.loc[0, "rule"] == "area_point"
    assert 101 < t.loc[0, "lon"] < 102


@pytest.mark.parametrize(
    "text, key",
    [
        ("KOTA BOGOR, JAWA BARAT", (True, "BOGOR")),
        ("BOGOR, JAWA BARAT", (False, "BOGOR")),
        ("Kabupaten Bogor", (False, "BOGOR")),
        ("KEP. SIAU TAGULANDANG BIARO, SULAWESI UTARA", (False, "KEPULAUANSIAUTAGULANDANGBIARO")),
    ],
)
def test_area_key(text, key):
    assert area_key(text) == key


def test_match_areas_kind_then_name_then_nation():
    areas = pd.DataFrame(
        {
            "area_id": ["32-01", "32-71", "31-71", "64-05"],
            "name": ["Kabupaten Bogor", "Kota Bogor", "Kota Jakarta Selatan", "Nunukan"],
            "province_name": ["Jawa Barat", "Jawa Barat", "DKI Jakarta", "Kalimantan Timur"],
            "kota": [False, True, True, False],
        }
    )
    names = pd.Series(
        [
            "KOTA BOGOR, JAWA BARAT",
            "BOGOR, JAWA BARAT",
            "JAKARTA SELATAN, DKI JAKARTA",
            "NUNUKAN, KALIMANTAN UTARA",
            "ATLANTIS",
            None,
        ]  # fmt: skip
    )
    codes = pd.Series([32, 32, 31, 65, 32, 32])
    assert list(match_areas(names, codes, areas)) == [
        "32-71",
        "32-01",
        "31-71",  # the list drops 'KOTA'; the only Jakarta Selatan in DKI
        "64-05",  # Kalimantan Utara is newer than the boundary file: the only Nunukan
        None,
        None,
    ]


# ------------------------------------------------------------------ the default pack


@pytest.fixture(scope="module")
def embedded():
    from geo.packs import load_pack

    return load_pack()


def test_default_pack_points_lie_in_their_province(embedded):
    """After the build's check every hospital point lies in (or within the tolerance of)
    its stated province, or is flagged as near it."""
    from geo.locations import check_locations

    h = embedded.hospitals
    again = check_locations(
        h.geometry.x.to_numpy(),
        h.geometry.y.to_numpy(),
        h["province_code"].to_numpy(),
        provinces=embedded.provinces,
    )
    assert set(again["problem"]) <= {"", "near_province", "shared_point"}
    assert set(again["rule"]) == {"as_given"}


def test_default_pack_named_examples(embedded):
    """RS Kristen Lende Moripa (NTT) was placed off Belitung; Rote Ndao's hospital on
    Kupang: both are now inside NTT, and Rote Ndao's is not on Kupang."""
    h = embedded.hospitals.set_index("name")
    ntt = embedded.provinces.set_index("code").geometry[53]
    for name in ("RS KRISTEN LENDE MORIPA", "RSUD ROTE NDAO BA'A"):
        row = h.loc[name]
        assert row["location_rule"] == "area_point" and row["location_approximate"]
        assert ntt.buffer(0.05).contains(row.geometry), name
    kupang = shapely.Point(123.6, -10.17)
    assert h.loc["RSUD ROTE NDAO BA'A"].geometry.distance(kupang) > 0.5  # > ~55 km


def test_default_pack_counts_add_up(embedded):
    counts = location_counts(embedded.hospital_locations)
    assert counts["checked"] == len(embedded.hospitals)
    moved = embedded.hospitals["location_rule"] != "as_given"
    assert sum(counts["rules"].values()) == int(moved.sum()) > 0
    assert counts["approximate"] == int(embedded.hospitals["location_approximate"].sum())


def test_a_province_without_a_polygon_is_not_checked(provinces):
    """Its hospitals are left as given (nothing to test them against), never dropped."""
    t = _check([(105.0, -2.0), (50.0, 50.0)], [13, 13], provinces)
    assert list(t["problem"]) == ["", ""] and list(t["rule"]) == ["as_given", "as_given"]


def test_default_pack_load_report_counts_the_repairs(embedded):
    """The points build-pack placed are counted as repaired in the hospitals' load
    report (not 0 repaired), rule by rule, as the location check counts them."""
    report = embedded.reports["hospitals"]
    counts = location_counts(embedded.hospital_locations)
    for rule in ("latitude_sign", "area_point", "province_capital"):
        assert report.repairs[rule] + report.repairs[f"{rule}_at_build"] == counts["rules"][rule]
    assert report.repaired == sum(n for r, n in counts["rules"].items() if r != "dropped") > 0
    assert report.dropped["unlocatable"] == counts["rules"]["dropped"]
    assert report.rows_read == report.rows_kept + sum(report.dropped.values())


@pytest.mark.slow  # loads the pack again through the command line (~4 s)
def test_check_command_reports_the_location_counts(embedded, capsys):
    """``geo check`` on the default pack: the JSON carries the check's counts and every
    flagged hospital, the text report its one-line summary."""
    import json

    from geo import cli
    from geo.locations import location_note

    counts = location_counts(embedded.hospital_locations)
    assert cli.main(["check", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["hospital_locations"]
    assert {k: out[k] for k in counts} == counts
    assert sum(counts["problems"].values()) > 0 and sum(counts["rules"].values()) > 0
    flagged = {row["id"] for row in out["flagged"]}
    table = embedded.hospital_locations
    assert flagged == set(table.loc[(table["problem"] != "") | (table["rule"] != "as_given"), "id"])
    assert cli.main(["check"]) == 0
    assert location_note(table) in capsys.readouterr().out
