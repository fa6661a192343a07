"""The pipeline's choices: PBF straight to the compact engine form equals the NetworkX path."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pyrosm
import pytest

from geo import deploy, network, pipeline, supply, travel
from geo.packs import load_pack


def test_pbf_is_streamed_with_the_times_of_the_osmnx_path(tmp_path):
    """A PBF always goes through geo.osm_stream (no whole-file tables); its travel times
    equal the osmnx path's on the same data written as OSM XML."""
    import osmium

    path = pyrosm.get_data("test_pbf")  # a small extract shipped inside the pyrosm wheel
    pack = load_pack("embedded")
    compact = network.engine_for(pack, roads=path)
    assert compact.report["ways_kept"] > 0
    xml = tmp_path / "sample.osm"
    osmium.apply(path, osmium.WriteHandler(str(xml)))
    via_networkx = network.engine_for(pack, roads=xml)
    shared = np.intersect1d(compact.node_ids, via_networkx.node_ids)
    # osmnx keeps only the largest weak component; the streamed graph keeps every part
    # and reports the rest
    assert len(shared) == via_networkx.n_nodes
    assert compact.report["largest_weak_nodes"] == via_networkx.n_nodes
    assert compact.report["nodes_outside_largest_weak"] == compact.n_nodes - len(shared)
    sources = shared[:: max(1, len(shared) // 20)]
    a = travel.nearest_source_times(via_networkx, via_networkx.index_of(sources)).time_s
    b = travel.nearest_source_times(compact, compact.index_of(sources)).time_s
    a, b = a[via_networkx.index_of(shared)], b[compact.index_of(shared)]
    assert np.array_equal(np.isfinite(a), np.isfinite(b))
    fin = np.isfinite(a)
    np.testing.assert_allclose(a[fin], b[fin], rtol=0, atol=1e-3)


def test_national_local_supply_matches_domain_figures():
    pack = load_pack("embedded")
    local = supply.national_local_supply(pack)
    # DOMAIN.md: 8,100 x 5 L/min ~ 58,000 m3/day ~ 3% of the liquid supply
    assert local["concentrators_m3_per_day"] == 8100 * 5 * 1.44
    assert (
        0.02
        < local["concentrators_m3_per_day"] / 754 / pack.supply.national_supply_t_per_day
        < 0.04
    )
    assert local["total_m3_per_day"] == sum(
        v for k, v in local.items() if k.endswith("_m3_per_day") and k != "total_m3_per_day"
    )


def test_host_rule_states_what_it_drops():
    table = pd.DataFrame(
        {
            "beds": [100, 0, 50, 80],
            "type": ["RS_RUJUKAN_PROVINSI", "RS_RUJUKAN_NASIONAL", "RS", ""],
        }
    )
    ok, dropped = deploy.host_rule(table)
    assert ok.tolist() == [True, False, False, False]
    assert dropped == {"no beds": 1, "not a referral hospital": 2}


def test_sites_follow_the_objective_not_the_row_order():
    """The plan is the same whatever order the hospitals come in, and the reported
    patient-days are what the sites avert (the fixed-site LP)."""
    from geo import relief, scenario

    pack = load_pack("embedded")
    scen = scenario.Scenario(hours=6, k=3)
    plan = pipeline.Runner(pack).siting(scen)
    shuffled = dataclasses.replace(pack, hospitals=pack.hospitals.iloc[::-1].copy())
    again = pipeline.Runner(shuffled).siting(scen)
    assert sorted(plan.sites["id"]) == sorted(again.sites["id"])
    assert plan.result.objective == pytest.approx(again.result.objective)
    assert plan.result.optimal
    opened = np.flatnonzero(np.isin(plan.problem.candidate_ids, plan.sites["id"]))
    assert relief.evaluate(plan.problem, opened).objective == pytest.approx(
        plan.result.objective, rel=1e-9
    )


@pytest.mark.slow  # reads ../shared/data
def test_a_province_missing_from_the_cases_is_listed_as_missing(shared_data, tmp_path):
    """No Bali file and no national series: Bali is still a row of the demand and
    allocation tables, marked missing with the reason, never silently dropped."""
    import os

    from geo import scenario

    root = tmp_path / "root"
    for src in shared_data.rglob("*"):
        if src.is_file() and src.name not in ("BALI.csv", "national_daily.csv"):
            dst = root / src.relative_to(shared_data)
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src, dst)
    pack = load_pack("indonesia-2021", data_root=root)
    assert pack.errors == []
    assert any("national series not loaded" in n for n in pack.reports["cases"].notes)
    # from cases (the bed method has Bali's beds, so it is not missing there)
    res = pipeline.run(pack, scenario.Scenario(pack="indonesia-2021", method="cases"))
    demand = res.demand.set_index("code")
    assert len(demand) == 34 and demand.loc[51, "method"] == "missing"
    assert "case figure" in demand.loc[51, "missing_reason"]
    alloc = res.allocation.provinces.set_index("code")
    assert alloc.loc[51, "limit"] == "demand unknown"
