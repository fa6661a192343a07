"""Scenario URLs: one validator, defaults on bad input, stable fingerprints."""

from __future__ import annotations

from geo import demand
from geo.scenario import Scenario, fingerprint, parse

PACKS = ["embedded", "indonesia-2021"]


def test_round_trip_through_query():
    scen = Scenario(
        pack="indonesia-2021", date="2021-07-06", hours=6.5, k=5, demand={"severe_flow_lpm": 3.0}
    )
    back, warnings = parse(scen.to_query(), packs=PACKS, demand_bounds=demand.demand_bounds())
    assert warnings == [] and back == scen


def test_bad_values_fall_back_with_warnings():
    params = {
        "hours": "abc",
        "k": "999",
        "pack": "../../etc/passwd",
        "lang": "fr",
        "date": "2021-13-45",
        "x": "1",
    }
    scen, warnings = parse(params, packs=PACKS, demand_bounds=demand.demand_bounds())
    assert scen == Scenario()
    text = " ".join(warnings)
    for name in ("hours", "k", "pack", "lang", "date", "unknown parameter 'x'"):
        assert name in text


def test_pack_must_be_offered_name_never_a_path():
    for value in ("/etc/passwd", "packs/indonesia-2021.toml", "no-such-pack", "a" * 80):
        scen, warnings = parse({"pack": value}, packs=PACKS)
        assert scen.pack == "embedded" and warnings


def test_demand_parameter_bounds():
    bounds = demand.demand_bounds()
    scen, warnings = parse(
        {"severe_flow_lpm": "500", "critical_flow_lpm": "20"}, packs=PACKS, demand_bounds=bounds
    )
    assert scen.demand == {"critical_flow_lpm": 20.0} and "severe_flow_lpm" in warnings[0]


def test_date_falls_back_to_nearest_available():
    scen, warnings = parse({"date": "2021-07-04"}, packs=PACKS, dates=["2021-07-01", "2021-07-06"])
    assert scen.date == "2021-07-06" and "2021-07-04" in warnings[0]


def test_fingerprint_depends_on_numbers_not_language_or_page():
    a = Scenario(hours=6.0)
    assert len(fingerprint(a, "h")) == 12
    assert fingerprint(a, "h") == fingerprint(Scenario(hours=6.0, lang="en", page="coverage"), "h")
    assert fingerprint(a, "h") != fingerprint(Scenario(hours=7.0), "h")
    assert fingerprint(a, "h") != fingerprint(a, "other-pack-content")


def test_capacity_default_is_the_siting_models():
    from geo import siting
    from geo.scenario import SPECS

    assert SPECS["cap"].default == siting.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY
