"""Tests for geo.demand: hand-checkable arithmetic plus the Java-Bali acceptance check."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.demand import (
    JAVA_BALI_CODES,
    LPM_TO_M3_PER_DAY,
    M3_GAS_PER_TONNE_LOX,
    MODEL_LIMITS,
    PARAM_SPECS,
    PARAMS_CENTRAL,
    PARAMS_HIGH,
    PARAMS_LOW,
    DemandParams,
    active_cases_on,
    bed_based_demand,
    case_based_demand,
    estimate_demand,
    region_total,
    split_to_hospitals,
)
from geo.errors import DataError, DataWarning

# ----------------------------------------------------------------- hand checks


def test_unit_constants_match_domain_anchors() -> None:
    # 1 t / 1.141 kg/L = 876 L liquid; x 860 = 753.7 m3 of gas
    assert M3_GAS_PER_TONNE_LOX == pytest.approx(1000 / 1.141 * 860 / 1000, rel=1e-3)
    assert 10 * LPM_TO_M3_PER_DAY == pytest.approx(14.4)
    assert 30 * LPM_TO_M3_PER_DAY == pytest.approx(43.2)


def test_case_based_by_hand() -> None:
    # 1,000 active cases, 20% hospitalised = 200; 150 severe x 14.4 + 50 critical x 43.2
    # = 2,160 + 2,160 = 4,320 m3/day = 5.729 t/day; baseline 0 (no population)
    cases = pd.DataFrame({"province_code": [31], "active_cases": [1000]})
    with pytest.warns(DataWarning, match="baseline"):
        out = case_based_demand(cases)
    row = out.iloc[0]
    assert row["hospitalised"] == pytest.approx(200)
    assert row["severe"] == pytest.approx(150)
    assert row["critical"] == pytest.approx(50)
    assert row["covid_m3_per_day"] == pytest.approx(4320)
    assert row["baseline_t_per_day"] == 0
    assert row["demand_t_per_day"] == pytest.approx(4320 / 754)
    assert list(out.columns) == [
        "province_code",
        "active_cases",
        "hospitalised",
        "severe",
        "critical",
        "covid_m3_per_day",
        "baseline_t_per_day",
        "demand_m3_per_day",
        "demand_t_per_day",
    ]


def test_baseline_split_by_population_share() -> None:
    # national 400 t/day; province 31 holds 1/4 of the population -> 100 t/day
    pop = pd.DataFrame({"province_code": [31, 32], "population": [1, 3]})
    cases = pd.DataFrame({"province_code": [31], "active_cases": [0]})
    out = case_based_demand(cases, population=pop)
    assert out["baseline_t_per_day"].iloc[0] == pytest.approx(100)
    assert out["demand_t_per_day"].iloc[0] == pytest.approx(100)


def test_bed_based_by_hand() -> None:
    # 1,000 beds x 0.85 x 0.27 = 229.5 patients x 14.4 m3/day = 3,304.8 m3/day
    hospitals = pd.DataFrame({"province_code": [51, 51], "beds": [400, 600]})
    out = bed_based_demand(
        hospitals, params=PARAMS_CENTRAL.with_values(baseline_national_t_per_day=0)
    )
    assert out["hospitalised"].iloc[0] == pytest.approx(229.5)
    assert out["covid_m3_per_day"].iloc[0] == pytest.approx(3304.8)
    assert out["demand_t_per_day"].iloc[0] == pytest.approx(3304.8 / 754)


def test_band_is_ordered_and_named() -> None:
    cases = pd.DataFrame({"province_code": [31, 32], "active_cases": [1000, 50]})
    pop = pd.DataFrame({"province_code": [31, 32], "population": [10, 10]})
    out = estimate_demand(cases, population=pop)
    assert list(out.columns[:4]) == ["province_code", "demand_t_per_day", "low", "high"]
    assert (out["low"] <= out["demand_t_per_day"]).all()
    assert (out["demand_t_per_day"] <= out["high"]).all()
    beds = pd.DataFrame({"province_code": [31], "beds": [100]})
    out_b = estimate_demand(None, beds, method="beds", population=pop)
    assert (out_b["low"] < out_b["high"]).all()
    # a pack whose hospitals list no beds: warned once, baseline only
    no_beds = pd.DataFrame({"province_code": [31, 32], "beds": [0, 10]})
    with pytest.warns(DataWarning, match=r"\[31\] have 0 beds"):
        out_0 = estimate_demand(None, no_beds, method="beds", population=pop)
    assert out_0["demand_t_per_day"].iloc[0] == pytest.approx(200)


def test_validation_names_the_column() -> None:
    with pytest.raises(DataError, match="active_cases"):
        case_based_demand(pd.DataFrame({"province_code": [31]}))
    with pytest.raises(DataError, match="active_cases"):
        case_based_demand(pd.DataFrame({"province_code": [31], "active_cases": [-1]}))
    with pytest.raises(DataError, match="beds"):
        bed_based_demand(pd.DataFrame({"province_code": [31], "beds": ["x"]}))
    with pytest.raises(DataError, match="severe_share"):
        DemandParams(severe_share=0.9, critical_share=0.2)
    with pytest.raises(DataError, match="hospitalised_share"):
        PARAMS_CENTRAL.with_values(hospitalised_share=1.5)


def test_param_specs_cover_scenarios_and_cite_sources() -> None:
    for params in (PARAMS_LOW, PARAMS_CENTRAL, PARAMS_HIGH):
        assert set(params.sources) == set(PARAM_SPECS)
        for name, spec in PARAM_SPECS.items():
            assert spec.min <= getattr(params, name) <= spec.max
            assert len(spec.source) > 20
    for name, spec in PARAM_SPECS.items():
        assert getattr(PARAMS_CENTRAL, name) == spec.default
    # low per-case oxygen use < central < high
    per_case = [
        p.hospitalised_share * p.m3_per_day_per_hospitalised
        for p in (PARAMS_LOW, PARAMS_CENTRAL, PARAMS_HIGH)
    ]
    assert per_case == sorted(per_case)
    assert "home" in MODEL_LIMITS and "800" in MODEL_LIMITS


def test_split_to_hospitals_by_beds_and_equal_when_no_beds() -> None:
    demand = pd.DataFrame({"province_code": [31, 32, 33], "demand_t_per_day": [10.0, 6.0, 5.0]})
    hospitals = pd.DataFrame(
        {"id": ["a", "b", "c", "d"], "province_code": [31, 31, 32, 32], "beds": [100, 300, 0, 0]}
    )
    with pytest.warns(DataWarning, match="33"):
        out = split_to_hospitals(demand, hospitals)
    got = dict(zip(out["id"], out["demand_t_per_day"], strict=True))
    assert got == pytest.approx({"a": 2.5, "b": 7.5, "c": 3.0, "d": 3.0})


def test_active_cases_on_uses_nearest_earlier_date() -> None:
    long = pd.DataFrame(
        {
            "province_code": [31, 31, 32, 33],
            "date": pd.to_datetime(["2021-07-01", "2021-07-03", "2021-07-02", "2021-07-09"]),
            "active_cases": [1.0, 3.0, 2.0, 9.0],
        }
    )
    with pytest.warns(DataWarning, match="33"):
        out = active_cases_on(long, "2021-07-03")
    assert out["province_code"].tolist() == [31, 32]
    assert out["active_cases"].tolist() == [3.0, 2.0]
    assert out["date_used"].dt.strftime("%Y-%m-%d").tolist() == ["2021-07-03", "2021-07-02"]
    assert out.attrs["date_requested"] == pd.Timestamp("2021-07-03")


# ------------------------------------------------------------- real data check

REPORTED_JAVA_BALI_T_PER_DAY = {"2021-06-30": 800, "2021-07-03": 2262, "2021-07-06": 2323}


def _read_cases_long(shared: Path) -> pd.DataFrame:
    """Small reader: covid19.go.id province_daily files -> long province/date/active."""
    crosswalk = pd.read_csv(shared / "boundaries" / "province_crosswalk_34.csv")
    parts = []
    for code, key in zip(crosswalk["kode_bps"], crosswalk["covid19goid_file_key"], strict=True):
        raw = pd.read_csv(shared / "covid" / "province_daily" / f"{key}.csv")
        parts.append(
            pd.DataFrame(
                {
                    "province_code": int(code),
                    "date": pd.to_datetime(raw["tanggal"]),
                    "active_cases": raw["AKUMULASI_DIRAWAT_OR_ISOLASI"].astype(float),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _read_population(shared: Path) -> pd.DataFrame:
    crosswalk = pd.read_csv(shared / "boundaries" / "province_crosswalk_34.csv")
    pop = pd.read_csv(shared / "population" / "bps_sp2020_population_by_province.csv")
    merged = crosswalk.merge(pop, left_on="name_sp2020_province", right_on="province")
    assert len(merged) == 34
    return pd.DataFrame({"province_code": merged["kode_bps"], "population": merged["total"]})


def test_java_bali_within_factor_two_and_band_contains_reports(shared_data: Path) -> None:
    long = _read_cases_long(shared_data)
    pop = _read_population(shared_data)
    for date, reported in REPORTED_JAVA_BALI_T_PER_DAY.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # complete data: no warning expected
            cases = active_cases_on(long, date)
        assert (cases["date_used"] == pd.Timestamp(date)).all()
        band = estimate_demand(cases, population=pop)
        total = region_total(band, JAVA_BALI_CODES)
        central, low, high = total["demand_t_per_day"], total["low"], total["high"]
        assert reported / 2 <= central <= reported * 2, (date, central, reported)
        if date != "2021-06-30":
            assert low <= reported <= high, (date, low, reported, high)
    # the reference active-case counts of the brief
    jb = {
        d: active_cases_on(long, d).query("province_code in @JAVA_BALI_CODES")["active_cases"].sum()
        for d in REPORTED_JAVA_BALI_T_PER_DAY
    }
    assert jb == {"2021-06-30": 148533, "2021-07-03": 173257, "2021-07-06": 199591}
    assert np.isfinite(list(jb.values())).all()
