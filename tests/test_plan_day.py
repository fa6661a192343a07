"""The scenario date as that day of the plan (issue 20, item 6): one model behind the
supply page, the brief and ``allocate``.

By hand on a two-source, two-province, three-day plan (fast), then on the embedded pack:
``allocate --json``'s ``plan_day`` is the ``plan --json`` day of the same link.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from geo import cli, plan, plan_day


def _small() -> plan.PlanProblem:
    # source 0 by road to both provinces (lead 0), source 1 by sea to province 1 (lead 1)
    return plan.PlanProblem(
        dates=("2021-07-01", "2021-07-02", "2021-07-03"),
        source_ids=("plant", "port"),
        province_codes=np.array([10, 20]),
        supply_t=np.array([[10.0, 10.0, 10.0], [0.0, 30.0, 0.0]]),
        supply_before_t=np.zeros(2),
        source_store_t=np.array([0.0, np.inf]),
        lead_days=np.array([[0, 0], [-1, 1]]),
        truck_cycle_h=np.array([[4.0, 6.0], [np.inf, 4.0]]),
        container_cycle_h=np.array([[4.0, 6.0], [np.inf, 40.0]]),
        demand_t=np.array([[6.0, 6.0, 6.0], [8.0, 8.0, 8.0]]),
        stock0_t=np.zeros(2),
        stock_cap_t=np.zeros(2),
        trucks=np.full(3, np.inf),
        containers=np.full(3, np.inf),
    )


def test_day_of_the_plan_by_hand():
    result = plan.solve(_small(), policy="least-hours")
    days = [plan_day.day_of(result, d) for d in result.problem.dates]
    for day in days:
        rows = result.province_days[result.province_days["date"] == day.date]
        assert day.provinces["unmet_t"].tolist() == pytest.approx(rows["unmet_t"].tolist())
        assert day.delivered_t + day.unmet_t == pytest.approx(day.demand_t)
        # what arrived on the day is the flows arriving that day
        arrived = day.flows.groupby("code")["t"].sum()
        for r in day.provinces.itertuples():
            assert arrived.get(r.code, 0.0) == pytest.approx(r.arrived_t, abs=1e-9)
    # day 1: only the plant (10 t) for 14 t of need; the ship lands on day 2, arrives day 3
    assert days[0].unmet_t == pytest.approx(4.0)
    assert days[0].provinces.set_index("code").loc[20, "days_short_to_date"] == 1
    assert set(days[2].flows["modes"]) >= {"road+sea"}
    sea = days[2].flows[days[2].flows["modes"] == "road+sea"]
    assert sea["plant"].tolist() == ["port"] and sea["lead_days"].tolist() == [1]
    assert days[2].unmet_t == pytest.approx(0.0, abs=1e-9)
    # short days are counted up to the date, and the first stays the first
    last = days[2].provinces.set_index("code")
    assert last.loc[20, "first_short_day"] == "2021-07-01"
    assert last.loc[20, "days_short_to_date"] == int(
        (result.province_days.query("code == 20")["unmet_t"] > plan.SHORT_EPS_T).sum()
    )
    out = json.loads(json.dumps(days[0].to_dict()))
    assert out["date"] == "2021-07-01" and len(out["provinces"]) == 2


def test_a_date_outside_the_window_is_refused_by_name():
    result = plan.solve(_small(), policy="least-hours")
    assert not plan_day.covers(result, "2021-07-04")
    with pytest.raises(ValueError, match="2021-07-04 is not a day of the plan"):
        plan_day.day_of(result, "2021-07-04")


def _json(capsys, *args: str) -> dict:
    code = cli.main([*args, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


@pytest.mark.slow
def test_allocate_shows_that_day_of_the_plan(capsys):
    window = ["--from", "2021-07-06", "--days", "7"]
    alloc = _json(capsys, "allocate", "--date", "2021-07-10", *window)
    planned = _json(capsys, "plan", *window)
    day = alloc["plan_day"]
    assert day["in_plan"] and day["date"] == "2021-07-10"
    ref = next(d for d in planned["days"] if d["date"] == "2021-07-10")
    assert day["trucks_in_use"] == pytest.approx(ref["trucks_in_use"], rel=1e-9, abs=1e-9)
    theirs = {p["code"]: p for p in ref["provinces"]}
    for p in day["provinces"]:
        for key in ("demand_t", "delivered_t", "unmet_t", "stock_t"):
            assert p[key] == pytest.approx(theirs[p["code"]][key], rel=1e-9, abs=1e-9)
    # the day's demand is the allocation's demand: one demand model for both
    snap = {p["code"]: p["demand_t_per_day"] for p in alloc["provinces"]}
    for p in day["provinces"]:
        assert p["demand_t"] == pytest.approx(snap[p["code"]], rel=1e-9)
    outside = _json(capsys, "allocate", "--date", "2021-07-10", "--from", "2021-07-12")
    assert outside["plan_day"]["in_plan"] is False
    assert "not a day of the plan" in outside["plan_day"]["note"]
