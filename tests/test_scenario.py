"""Scenario URLs: one validator, defaults on bad input, stable fingerprints."""

from __future__ import annotations

import pytest

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


def test_capacity_default_is_the_published_700_patients_a_day():
    """The one published figure about the nine systems (geo/settings.py): 700 patients
    a day at 10 L/min, 1.44 m3/day per L/min: 10,080 m3/day, 420 m3/h, written out here
    so that a changed constant anywhere on the way fails."""
    from geo.scenario import SPECS

    assert SPECS["cap"].default == pytest.approx(10_080.0)
    assert Scenario().cap == pytest.approx(700 * 10 * 1.44)
    assert Scenario().cap / 24 == pytest.approx(420.0)


def test_fingerprint_leaves_out_only_what_changes_no_number():
    from geo.scenario import NOT_IN_FINGERPRINT

    base = Scenario(hours=6.0)
    same = Scenario(hours=6.0, prov=31, tiles="osm", lang="en", page="deploy")
    assert fingerprint(base, "h") == fingerprint(same, "h")
    assert set(NOT_IN_FINGERPRINT) == {"page", "lang", "tiles", "prov", "sweep"}
    assert all(reason for reason in NOT_IN_FINGERPRINT.values())
    for changed in (Scenario(hours=6.0, k=5), Scenario(hours=6.0, cap=1440.0)):
        assert fingerprint(base, "h") != fingerprint(changed, "h")


def test_readme_lists_every_url_parameter_with_its_bounds(repo_root):
    from geo.scenario import SPECS, readme_table

    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- url-parameters:start -->\n", "<!-- url-parameters:end -->"
    assert start in readme and end in readme
    block = readme.split(start, 1)[1].split(end, 1)[0]
    assert block == readme_table(), "README's URL table is stale: regenerate it (see README)"
    for name in SPECS:
        assert f"| `{name}` |" in block
