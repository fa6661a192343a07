"""The pipeline's choices: PBF straight to the compact engine form equals the NetworkX path."""

from __future__ import annotations

import numpy as np
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


def test_siting_ties_go_to_the_remotest_hospitals():
    """With saturating units every K-set with enough nearby demand is optimal; the
    pipeline orders candidates so the chosen sites are those trucks reach last."""
    from geo import siting

    pack = load_pack("embedded")
    cg = pipeline.engine_for(pack)
    policy = pipeline.access_policy(pack)
    acc = pipeline.access(pack, cg, policy)
    capitals = pipeline.capital_attachment(pack, cg, policy)
    cost = pipeline.plant_province_hours(cg, acc.plants, capitals)
    demand = pipeline.province_demand(pack, date="2021-07-15")
    alloc = pipeline.allocate(pack, demand, cost, trucks=132)
    problem = pipeline.siting_problem(pack, cg, acc, alloc, hours=6, k=3)
    result = siting.solve(problem)
    assert result.optimal
    assert result.objective == pytest.approx(3 * siting.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY)
    chosen = acc.hospitals.set_index("id").loc[result.sites["id"]]
    reached = acc.hospitals.set_index("id")["travel_time_h"].dropna()
    # every chosen hospital is off-network or unreachable, or slower than any reachable one not chosen
    slow = chosen["travel_time_h"].fillna(float("inf"))
    assert (slow >= reached.drop(result.sites["id"], errors="ignore").max()).all()
