"""The pipeline's choices: PBF straight to the compact engine form equals the NetworkX path."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pyrosm
import pytest

from geo import pipeline, travel
from geo.packs import load_pack


def test_large_pbf_skips_networkx_with_equal_times(monkeypatch):
    path = pyrosm.get_data("test_pbf")  # a small extract shipped inside the pyrosm wheel
    pack = load_pack("embedded")
    via_networkx = pipeline.engine_for(pack, roads=path)
    monkeypatch.setattr(pipeline, "COMPACT_PBF_BYTES", 0)  # treat the sample as national-scale
    compact = pipeline.engine_for(pack, roads=path)
    assert compact.n_nodes == via_networkx.n_nodes and compact.n_edges == via_networkx.n_edges
    sources = via_networkx.node_ids[:: max(1, via_networkx.n_nodes // 20)]
    a = travel.nearest_source_times(via_networkx, via_networkx.index_of(sources)).time_s
    b = travel.nearest_source_times(compact, compact.index_of(sources)).time_s
    order_a = np.argsort(via_networkx.node_ids)
    order_b = np.argsort(compact.node_ids)
    assert np.array_equal(via_networkx.node_ids[order_a], compact.node_ids[order_b])
    np.testing.assert_allclose(a[order_a], b[order_b], rtol=0, atol=1e-6)


def test_national_local_supply_matches_domain_figures():
    pack = load_pack("embedded")
    local = pipeline.national_local_supply(pack)
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


def test_siting_values_by_hand():
    """1 + w x (resupply days, capped at 7, + 7 when production-limited) / 7."""
    hospitals = pd.DataFrame(
        {
            "id": ["near", "far", "cut", "prod", "off"],
            "province_code": [1, 1, 1, 2, 1],
            "travel_time_h": [12.0, 48.0, np.nan, 24.0, 5.0],
            "off_network": [False, False, False, False, True],
        }
    )
    provinces = pd.DataFrame({"code": [1, 2], "limit": ["transport-limited", "production-limited"]})
    v = pipeline.siting_values(hospitals, provinces, remote_weight=1.0).set_index("id")
    assert v.loc["near", "value_per_m3"] == pytest.approx(1 + 0.5 / 7)
    assert v.loc["far", "value_per_m3"] == pytest.approx(1 + 2 / 7)
    assert v.loc["cut", "value_per_m3"] == pytest.approx(2.0)  # nothing reaches it
    assert v.loc["prod", "value_per_m3"] == pytest.approx(1 + (1 + 7) / 7)
    assert v.loc["off", "value_per_m3"] == pytest.approx(2.0)  # off-network: no resupply
    flat = pipeline.siting_values(hospitals, provinces, remote_weight=0.0)
    assert (flat["value_per_m3"] == 1.0).all()


def test_host_rule_states_what_it_drops():
    table = pd.DataFrame(
        {
            "beds": [100, 0, 50, 80],
            "type": ["RS_RUJUKAN_PROVINSI", "RS_RUJUKAN_NASIONAL", "RS", ""],
        }
    )
    ok, dropped = pipeline.host_rule(table)
    assert ok.tolist() == [True, False, False, False]
    assert dropped == {"no beds": 1, "not a referral hospital": 2}


def test_sites_follow_the_objective_not_the_row_order():
    """The plan is the same whatever order the hospitals come in, and weighting resupply
    time moves units to hospitals that resupply reaches later."""
    from geo import scenario, siting

    pack = load_pack("embedded")
    scen = scenario.Scenario(hours=6, k=3)
    plan = pipeline.Runner(pack).siting(scen)
    shuffled = dataclasses.replace(pack, hospitals=pack.hospitals.iloc[::-1].copy())
    again = pipeline.Runner(shuffled).siting(scen)
    assert sorted(plan.result.sites["id"]) == sorted(again.result.sites["id"])
    assert plan.result.objective == pytest.approx(again.result.objective)
    plain = pipeline.Runner(pack).siting(dataclasses.replace(scen, remote=0.0))
    values = plan.values.set_index("id")["value_per_m3"]
    assert plan.result.optimal and plain.result.optimal
    assert (
        values.reindex(plan.result.assignment["demand_id"]).mean()
        >= values.reindex(plain.result.assignment["demand_id"]).mean()
    )
    # the reported objective is what the sites deliver, valued
    assert siting.evaluate(
        plan.problem, np.isin(plan.problem.candidate_ids, plan.result.sites["id"])
    ).objective == pytest.approx(plan.result.objective, rel=1e-9)
