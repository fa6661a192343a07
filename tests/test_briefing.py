"""Briefing-grade output (issue 24), hand-checkable: one definition per figure, locale
formats, class breaks, legends, sea paths, reach colours, exports carrying their origin."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import basemap, export, i18n, maps, narrative

# ------------------------------------------------------------------- locale formats


def test_numbers_and_dates_follow_the_viewers_locale():
    assert i18n.number(2622.9, "id", digits=1) == "2.622,9"
    assert i18n.number(2622.9, "en", digits=1) == "2,622.9"
    assert i18n.percent(0.053, "id", digits=2) == "5,30%"
    assert i18n.percent(0.053, "en", digits=2) == "5.30%"
    assert i18n.date("2021-07-15", "id") == "15 Juli 2021"
    assert i18n.date("2021-07-15", "en") == "July 15, 2021"
    assert i18n.decimal(6.0, "id") == "6" and i18n.decimal(0.5, "id") == "0,5"
    assert i18n.number(float("nan"), "id") == i18n.MISSING  # unknown stays unknown
    assert i18n.month_names("id")[6] == "Juli"
    assert narrative.t_per_day(2622.9, "id", digits=1) == "2.622,9 ton/hari"


def test_coded_values_and_headers_are_translated():
    assert i18n.value("transport-limited", "id") == "terbatas angkutan"
    assert i18n.value("this plan", "id") == "rencana ini"
    assert i18n.value("the 9 largest hospitals", "id") == "9 rumah sakit terbesar"
    assert i18n.value(["off-network", "ferry needed"], "id") == ["di luar jaringan", "perlu feri"]
    assert i18n.value("RSUD Kupang", "id") == "RSUD Kupang"  # data stays as it is
    assert i18n.column("unmet_t_per_day", "id") == "Tak terpenuhi (ton/hari)"
    assert i18n.column("something_new", "id") == "something_new"


def test_library_sentences_in_table_cells_are_translated_numbers_included():
    """The reasons, notes and scopes the library writes into table cells read in Bahasa
    Indonesia, their numbers in its locale; in English they stay as written; a cell
    that is only data (names joined by "; ") is left alone."""
    reason = "all 16 plant(s) that can reach it are at capacity (1587.1 t/day in total); 344.2 t/day unmet"
    assert i18n.value(reason, "id") == (
        "semua 16 pabrik yang dapat menjangkaunya sudah penuh (1.587,1 ton/hari seluruhnya); "
        "344,2 ton/hari tak terpenuhi"
    )
    assert i18n.value(reason, "en") == reason
    served = "fully served: 1025.8 t/day, 20.1 by truck from 2 plant(s)"
    assert i18n.value(served, "id") == (
        "terlayani penuh: 1.025,8 ton/hari, 20,1 dengan truk dari 2 pabrik"
    )
    assert i18n.value("4 line(s) of unknown t/day not counted", "id") == (
        "4 jalur tanpa angka ton/hari tidak dihitung"
    )
    assert i18n.value("city:Cilegon", "id") == "kota Cilegon"
    assert i18n.value("shared_point", "id") == "di titik rumah sakit lain"
    assert i18n.value("RS A; RS B", "id") == "RS A; RS B"
    assert i18n.value("Lampung (3); Aceh (2)", "id") == "Lampung (3); Aceh (2)"


# ------------------------------------------------------------------ one definition


def _relief(tt, unmet, k=1):
    from geo import relief

    tt, unmet = np.asarray(tt, dtype=float), np.asarray(unmet, dtype=float)
    days = tuple(f"2021-07-{10 + d}" for d in range(unmet.shape[1]))
    return relief.solve(relief.ReliefProblem(tt, unmet, days, 30.0, 1.0, k, 14.4))


def test_solver_status_names_what_ran():
    # one candidate: opened with no search
    res = _relief([[0.0]], [[100.0]])
    assert res.solver == "all useful candidates"
    assert "opened" in narrative.solver_status(res, lang="en")
    # two candidates for one unit: the greedy plan meets its bound, or the MILP ran
    res = _relief([[0.0, 0.0], [0.0, 5.0]], [[100.0], [50.0]])
    text = narrative.solver_status(res, lang="en")
    if "greedy" in res.solver:
        assert "greedy" in text and "proven optimal" in text
    else:
        assert "MILP" in text
    assert "optimal" in narrative.solver_status(res, lang="id")


# ------------------------------------------------------------------- class breaks


def test_natural_breaks_give_an_outlier_its_own_class():
    demand = np.array([520.0, 65.0, 60.0, 40.0, 35.0, 20.0, 12.0, 8.0, 5.0, 3.0])
    edges = maps.class_breaks(demand, 5)
    idx = maps._class_index(demand, edges)
    assert idx[0] == idx.max() and (idx[1:] < idx[0]).all()  # Jakarta alone on top


def test_zero_is_a_class_of_its_own_for_unmet_demand():
    unmet = np.array([0.0] * 25 + [1.5, 3.0, 12.0, 40.0, 80.0, 130.0])
    edges = maps.class_breaks(unmet, 5)
    idx = maps._class_index(unmet, edges)
    assert (idx[:25] == 0).all() and (idx[25:] >= 1).all()
    assert len(np.unique(idx)) >= 4  # not two classes
    items = maps._class_items(edges, maps._SEQUENTIAL, "{:,.0f}", "id")
    assert items[0][1] == "0" and len(items) == len(edges) - 1


# ------------------------------------------------------------------------ legends


def _html(m) -> str:
    return m.get_root().render()


def test_legends_stack_in_one_collapsible_column_the_national_view_leaves_free():
    m = maps.base_map(lang="id")
    maps.add_legend(m, "Satu", [("#ff0000", "a")])
    maps.add_legend(m, "Dua", [("#00ff00", "b")])
    page = _html(m)
    assert page.count("details open") == 2 and "oxa-legends" in page
    assert f'"paddingTopLeft": [{maps.LEGEND_WIDTH_PX + 12}, 0]' in page.replace("\n", "")


def test_tiles_notice_in_bahasa():
    page = _html(maps.base_map(tiles="osm", lang="id"))
    assert "perlu internet" in page and "need internet" not in page


# ---------------------------------------------------------------------- sea paths


def test_sea_path_between_java_and_papua_stays_at_sea():
    path = basemap.sea_path(106.88, -6.10, 131.25, -0.88)  # Tanjung Priok -> Sorong
    inner = path[1:-1]
    assert len(inner) >= 2
    line = shapely.LineString(path)
    samples = np.array(
        [line.interpolate(f, normalized=True).coords[0] for f in np.linspace(0.02, 0.98, 200)]
    )
    on_land = basemap.is_land(samples[:, 0], samples[:, 1]).mean()
    straight = shapely.LineString([(106.88, -6.10), (131.25, -0.88)])
    s2 = np.array(
        [straight.interpolate(f, normalized=True).coords[0] for f in np.linspace(0.02, 0.98, 200)]
    )
    assert on_land < 0.1 < basemap.is_land(s2[:, 0], s2[:, 1]).mean()  # straight crosses land


# ----------------------------------------------------------------- reach colours


def test_hospital_colours_follow_the_reach():
    h = gpd.GeoDataFrame(
        {"id": ["a", "b", "c"], "name": ["A", "B", "C"], "travel_time_h": [3.0, 20.0, np.inf]},
        geometry=[shapely.Point(110, -7), shapely.Point(111, -7), shapely.Point(112, -7)],
        crs="EPSG:4326",
    )

    def colours(reach):
        m = maps.add_hospitals(
            maps.base_map(), h, color_by="travel_time_h", reach_h=reach, cluster=False
        )
        layer = [c for c in m._children.values() if isinstance(c, maps._CircleLayer)]
        return [r[3] for r in layer[0].rows]

    at6, at48 = colours(6.0), colours(48.0)
    assert at6 != at48
    assert at6[1] == maps._REACH[-1]  # 20 h is beyond a 6 h reach
    assert at48[1] != maps._REACH[-1]  # and within 48 h
    assert at6[2] == at48[2] == maps._UNREACHABLE


# ------------------------------------------------------------------------ exports


def test_exports_carry_fingerprint_and_scenario_and_are_rounded():
    df = gpd.GeoDataFrame(
        {"covered_m3_per_day": [719.9999999999854, 1440.0], "name": ["=cmd", "RS B"]},
        geometry=[shapely.Point(106.123456789, -6.2), shapely.Point(107, -6.3)],
        crs="EPSG:4326",
    )
    meta = {"fingerprint": "0123456789ab", "scenario": "hours=6&k=5"}
    text = export.to_csv_bytes(df, meta=meta).decode()
    first, rest = text.split("\n", 1)
    assert first == "# fingerprint=0123456789ab; scenario=hours=6&k=5"
    table = pd.read_csv(io.StringIO(rest))
    assert table["covered_m3_per_day"].tolist() == [720.0, 1440.0]
    assert "719.99" not in text and table["lon"].iloc[0] == 106.12346
    assert table["name"].iloc[0] == "'=cmd"
    gj = json.loads(export.to_geojson_bytes(df, meta=meta))
    assert gj["metadata"]["fingerprint"] == "0123456789ab"
    assert gj["features"][0]["properties"]["covered_m3_per_day"] == 720.0
    assert gj["features"][0]["geometry"]["coordinates"] == [106.12346, -6.2]


def test_link_validation_notes_in_bahasa():
    from geo import scenario

    _, notes = scenario.parse({"hours": ["abc"], "k": ["999"], "zz": ["1"]}, packs=["embedded"])
    shown = [i18n.warning(n, "id") for n in notes]
    assert shown == [
        "hours: 'abc' bukan angka; memakai 12.0",
        "k: 999 di luar rentang 1..50; memakai 9",
        "parameter tak dikenal 'zz' diabaikan",
    ]
    assert [i18n.warning(n, "en") for n in notes] == notes
