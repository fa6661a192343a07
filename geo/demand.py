"""Medical oxygen demand per province (and per hospital) from case or bed data.

Two estimators, one output shape (one row per province):

- ``case_based_demand``: active cases -> hospitalised -> severe / critical patients
  -> WHO-style flow rates -> m3/day -> tonnes of liquid oxygen per day, plus a
  non-COVID baseline split by population share.
- ``bed_based_demand``: hospital beds x occupancy x share of occupied beds on oxygen
  x flow per patient, plus the same baseline.

All parameters live in :class:`DemandParams`; three documented scenarios
(``PARAMS_LOW``, ``PARAMS_CENTRAL``, ``PARAMS_HIGH``) give a band. ``PARAM_SPECS``
describes each parameter (label, unit, range, default, source) so an app can build
editors and a URL validator can range-check values. ``MODEL_LIMITS`` says, in plain
English, what the model can and cannot claim.

The parameters, their specs and presets live in :mod:`geo.demand_params`; the daily
inputs (cases and their gaps, bed facts, method arrays) in :mod:`geo.demand_inputs`;
both are re-exported here, so ``from geo.demand import X`` reads every name.

Pure functions on tables: no I/O, no Streamlit.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

# re-exported: the daily inputs and the parameters (see the module docstring)
from geo.demand_inputs import (  # noqa: F401
    BED_FACT_COLUMNS,
    BED_TYPES,
    CARRY_FORWARD_DAYS,
    CASE_FILL_RULES,
    CASE_METHODS,
    DailyInputs,
    active_cases_on,
    bed_facts_table,
    bed_series,
    case_provenance,
    daily_new_cases,
    impute_cases,
    imputed_counts,
    method_arrays,
    region_total,
    unpublished_provinces,
    unpublished_warning,
)
from geo.demand_params import (  # noqa: F401
    INCIDENCE_PARAMS,
    INCIDENCE_SPECS,
    JAVA_BALI_CODES,
    MODEL_LIMITS,
    PARAM_SPECS,
    PARAMS_CENTRAL,
    PARAMS_HIGH,
    PARAMS_LOW,
    DemandParams,
    ParamSpec,
    _by_province,
    _codes,
    _finish,
    _numeric,
    _require,
    baseline_t_per_day,
)
from geo.errors import DataError, DataWarning
from geo.settings import LPM_TO_M3_PER_DAY, M3_GAS_PER_TONNE_LOX

if TYPE_CHECKING:
    from geo.calibration import DemandSetting
    from geo.packs import Pack


# ---------------------------------------------------------------------- estimators
def case_based_demand(
    cases: pd.DataFrame,
    *,
    params: DemandParams = PARAMS_CENTRAL,
    population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Oxygen demand per province from active cases on one date.

    ``cases``: ``province_code, active_cases`` (one row per province; duplicates are
    summed). ``population``: ``province_code, population`` for the whole country, used
    to split the national non-COVID baseline (see :func:`baseline_t_per_day`).

    hospitalised = active x hospitalised_share; severe / critical = hospitalised x
    share; covid m3/day = (severe x severe_flow + critical x critical_flow) x 1.44;
    demand = covid + baseline. Returns one row per province with the columns
    ``province_code, active_cases, hospitalised, severe, critical, covid_m3_per_day,
    baseline_t_per_day, demand_m3_per_day, demand_t_per_day``.
    """
    active = _by_province(cases, "active_cases", "cases")
    out = pd.DataFrame({"province_code": active.index.astype(int), "active_cases": active.values})
    out["hospitalised"] = out["active_cases"] * params.hospitalised_share
    out["severe"] = out["hospitalised"] * params.severe_share
    out["critical"] = out["hospitalised"] * params.critical_share
    out["covid_m3_per_day"] = LPM_TO_M3_PER_DAY * (
        out["severe"] * params.severe_flow_lpm + out["critical"] * params.critical_flow_lpm
    )
    out["baseline_t_per_day"] = baseline_t_per_day(
        out["province_code"],
        population=population,
        national_t_per_day=params.baseline_national_t_per_day,
    ).to_numpy()
    return _finish(out)


def bed_based_demand(
    hospitals: pd.DataFrame,
    *,
    params: DemandParams = PARAMS_CENTRAL,
    population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Oxygen demand per province from hospital beds (same columns as the case method).

    ``hospitals``: ``province_code, beds``. Patients on oxygen = beds x bed_occupancy x
    bed_oxygen_share; they are reported in ``hospitalised`` and ``severe`` (the bed
    method does not split severity, so ``critical`` is 0 and ``active_cases`` is NaN);
    covid m3/day = patients x bed_flow_lpm x 1.44; plus the population-share baseline.
    """
    beds = _by_province(hospitals, "beds", "hospitals")
    zero = sorted(int(c) for c in beds.index[beds.to_numpy() <= 0])
    if zero:
        warnings.warn(
            f"hospitals in provinces {zero} have 0 beds in total: their bed-based COVID-19 "
            "demand is 0 (only the baseline remains)",
            DataWarning,
            stacklevel=2,
        )
    out = pd.DataFrame({"province_code": beds.index.astype(int), "active_cases": np.nan})
    patients = beds.to_numpy() * params.bed_occupancy * params.bed_oxygen_share
    out["hospitalised"] = patients
    out["severe"] = patients
    out["critical"] = 0.0
    out["covid_m3_per_day"] = patients * params.bed_flow_lpm * LPM_TO_M3_PER_DAY
    out["baseline_t_per_day"] = baseline_t_per_day(
        out["province_code"],
        population=population,
        national_t_per_day=params.baseline_national_t_per_day,
    ).to_numpy()
    return _finish(out)


def demand_band(central: pd.DataFrame, low: pd.DataFrame, high: pd.DataFrame) -> pd.DataFrame:
    """Join three estimates (same provinces) into one band table.

    Returns the central table's columns plus ``low`` and ``high`` (t/day). The band is
    the envelope of the three, so it always contains the central value even if a user
    edits central parameters beyond the low or high scenario.
    """
    for what, df in (("central", central), ("low", low), ("high", high)):
        _require(df, ["province_code", "demand_t_per_day"], what)
    lo = low.set_index("province_code")["demand_t_per_day"]
    hi = high.set_index("province_code")["demand_t_per_day"]
    out = central.copy()
    codes = out["province_code"]
    lo_v = lo.reindex(codes).to_numpy(dtype=float)
    hi_v = hi.reindex(codes).to_numpy(dtype=float)
    mid = out["demand_t_per_day"].to_numpy(dtype=float)
    stacked = np.vstack([lo_v, mid, hi_v])
    out["low"] = np.nanmin(stacked, axis=0)
    out["high"] = np.nanmax(stacked, axis=0)
    first = ["province_code", "demand_t_per_day", "low", "high"]
    return out[first + [c for c in out.columns if c not in first]]


def estimate_demand(
    cases: pd.DataFrame | None = None,
    hospitals: pd.DataFrame | None = None,
    *,
    method: Literal["cases", "beds"] = "cases",
    params: DemandParams = PARAMS_CENTRAL,
    low: DemandParams = PARAMS_LOW,
    high: DemandParams = PARAMS_HIGH,
    population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Central estimate and [low, high] band per province.

    ``method='cases'`` needs ``cases`` (``province_code, active_cases``, one date: see
    :func:`active_cases_on`); ``method='beds'`` needs ``hospitals``
    (``province_code, beds``). Returns ``province_code, demand_t_per_day, low, high``
    (all t/day) followed by the central estimate's intermediate columns.
    """
    if method == "cases":
        if cases is None:
            raise DataError("method='cases' needs a `cases` table", column="active_cases")
        fn, data = case_based_demand, cases
    elif method == "beds":
        if hospitals is None:
            raise DataError("method='beds' needs a `hospitals` table", column="beds")
        fn, data = bed_based_demand, hospitals
    else:
        raise DataError(f"unknown method {method!r}: use 'cases' or 'beds'")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        central = fn(data, params=params, population=population)
        lo = fn(data, params=low, population=population)
        hi = fn(data, params=high, population=population)
    seen: set[str] = set()
    for w in caught:  # re-emit each distinct warning once, pointing at the caller
        if str(w.message) not in seen:
            seen.add(str(w.message))
            warnings.warn(str(w.message), w.category, stacklevel=2)
    return demand_band(central, lo, hi)


def split_to_hospitals(province_demand: pd.DataFrame, hospitals: pd.DataFrame) -> pd.DataFrame:
    """Split each province's demand over its hospitals by bed share.

    ``province_demand``: ``province_code, demand_t_per_day`` (and optionally ``low``,
    ``high``, which are split the same way). ``hospitals``: ``id, province_code, beds``.
    A province whose hospitals have 0 beds in total splits its demand equally among
    them. A province with demand but no hospital cannot be split: a
    :class:`DataWarning` names it and its demand is absent from the output.
    Returns ``id, province_code, beds, bed_share, demand_t_per_day[, low, high]``.
    """
    _require(province_demand, ["province_code", "demand_t_per_day"], "province_demand")
    _require(hospitals, ["id", "province_code", "beds"], "hospitals")
    h = pd.DataFrame(
        {
            "id": hospitals["id"].to_numpy(),
            "province_code": _codes(hospitals, "hospitals").to_numpy(),
            "beds": _numeric(hospitals, "beds", "hospitals").to_numpy(),
        }
    )
    total = h.groupby("province_code")["beds"].transform("sum")
    count = h.groupby("province_code")["beds"].transform("size")
    h["bed_share"] = np.where(total > 0, h["beds"] / total.where(total > 0, 1.0), 1.0 / count)
    value_cols = [c for c in ("demand_t_per_day", "low", "high") if c in province_demand]
    pdem = (
        province_demand.assign(province_code=_codes(province_demand, "province_demand"))
        .groupby("province_code")[value_cols]
        .sum()
    )
    orphan = pdem.index.difference(h["province_code"].unique())
    orphan = [c for c in orphan if pdem.loc[c, "demand_t_per_day"] > 0]
    if orphan:
        warnings.warn(
            f"provinces {sorted(int(c) for c in orphan)} have demand but no hospital; "
            "their demand is not split",
            DataWarning,
            stacklevel=2,
        )
    for col in value_cols:
        h[col] = h["bed_share"] * h["province_code"].map(pdem[col]).fillna(0.0)
    return h


# --------------------------------------------------------------------------- the stage


def demand_bounds() -> dict[str, tuple[float, float]]:
    """Allowed range of every demand parameter (for URL validation and editors)."""
    return {name: (spec.min, spec.max) for name, spec in PARAM_SPECS.items()}


def demand_params(overrides: dict[str, float] | None = None) -> DemandParams:
    """Central parameters with a scenario's overrides applied (validated)."""
    if not overrides:
        return PARAMS_CENTRAL
    return PARAMS_CENTRAL.with_values(**overrides)


def _calibration():
    """geo.calibration (imported late: it imports this module)."""
    from geo import calibration

    return calibration


def province_demand(
    pack: Pack,
    *,
    date: str,
    method: str = "auto",
    overrides: dict[str, float] | None = None,
    preset: str = "calibrated",
) -> pd.DataFrame:
    """Demand per province on ``date`` (ISO) in t/day, and what is behind it.

    Parameters
    ----------
    pack : Pack
    date : str
    method : str
        "auto" (the method with the smaller leave-one-out error on the reported figures),
        "cases" (incidence: new cases x share on oxygen x days on oxygen, capped by
        COVID-19 beds, the rest at home), "beds" (occupied COVID-19 beds x flow, the
        Ministry's), or "active" (the earlier active-case model, its band from parameter
        corners); else :class:`DataError`, as for a pack with no case data.
    overrides : dict of str to float, optional
        Parameters changed on top of the preset.
    preset : str
        "calibrated" (the fitted parameter) or "who" (WHO values).

    Returns
    -------
    pandas.DataFrame
        ``code, name, demand_t_per_day, low, high, hospital_t_per_day, home_t_per_day``
        (t/day), ``demand_m3_per_day``, .... ``low``/``high``: the 80% interval from the
        held-out errors (``geo.calibration``); ``table.attrs['interval']`` says its level and
        basis. ``beds_rule``/``occupancy_rule`` and ``filled`` say how beds and occupancy
        were had (a province without its own figure takes the national one);
        ``method``/``imputed``/``date_used`` say how the case figure was had. A province
        without the method's input is a row marked missing, with its reason.
    """
    if method == "active":
        return _active_table(pack, date=date, overrides=overrides)
    if method not in ("auto", "cases", "beds"):
        raise DataError(f"unknown demand method {method!r}: use auto, cases, beds or active")
    if not len(pack.cases) and not len(pack.new_cases):
        raise DataError("the pack has no case data", layer="cases")
    chosen = _calibration().setting(pack, method=method, preset=preset, overrides=overrides)
    inputs = _calibration().inputs_for(pack, chosen.params)
    _check_in_series(date, inputs.dates[0], inputs.dates[-1])
    arrays = _method_arrays(pack, inputs, chosen)
    i = inputs.row(date)
    factor = math.exp(chosen.q) if math.isfinite(chosen.q) else math.nan
    demand = arrays["demand"][i]
    table = pd.DataFrame(
        {
            "code": inputs.codes,
            "demand_t_per_day": demand,
            "low": demand / factor,
            "high": demand * factor,
            "hospital_t_per_day": arrays["hospital"][i],
            "home_t_per_day": arrays["home"][i],
            "baseline_t_per_day": arrays["baseline"][i],
            "new_cases_window": inputs.new_cases[i],
            "covid_beds": inputs.covid_beds[i],
            "occupancy": inputs.occupancy[i],
            "patients_in_hospital": arrays["patients_in_hospital"][i],
            "patients_at_home": arrays["patients_at_home"][i],
            "beds_rule": inputs.beds_rule[i].astype(str),
            "occupancy_rule": inputs.occupancy_rule[i].astype(str),
        }
    )
    table["demand_m3_per_day"] = table["demand_t_per_day"] * M3_GAS_PER_TONNE_LOX
    table["demand_method"] = chosen.method
    national = table["beds_rule"].eq("national_share")
    if chosen.method == "beds":
        national |= table["occupancy_rule"].eq("national")
    table["filled"] = national
    names = pack.provinces.set_index("code")["name"]
    table.insert(1, "name", table["code"].map(names))
    table = _case_figures(table, pack, date, method=chosen.method)
    _mark_missing(table, chosen, date)
    table = table.sort_values("code").reset_index(drop=True)
    table.attrs["interval"] = chosen.interval()
    return table


def _active_table(pack: Pack, *, date: str, overrides: dict[str, float] | None) -> pd.DataFrame:
    """The earlier active-case model's table, in the columns of the other methods (its
    band from parameter corners, not a stated level)."""
    table = _active_case_demand(pack, date=date, method="cases", overrides=overrides)
    table["demand_method"] = "active"
    table["hospital_t_per_day"] = table["demand_t_per_day"] - table["baseline_t_per_day"]
    table["home_t_per_day"] = np.nan
    table.attrs["interval"] = {
        "level": None,
        "basis": "envelope of the low and high parameter scenarios (not a stated level)",
        "method": "active",
        "preset": "parameter corners",
    }
    return table


def _check_in_series(date: str, first: pd.Timestamp, last: pd.Timestamp) -> None:
    """Refuse a date before or after the case series (it is never carried past it)."""
    for bad, word in ((pd.Timestamp(date) < first, "before"), (pd.Timestamp(date) > last, "after")):
        if bad:
            raise DataError(
                f"no case data on or {word} {date}: the pack covers "
                f"{first:%Y-%m-%d} to {last:%Y-%m-%d}",
                layer="cases",
            )


def _case_figures(table: pd.DataFrame, pack: Pack, date: str, *, method: str) -> pd.DataFrame:
    """How each province's case figure was had (``method``, ``imputed``, ``date_used``;
    the bed method's home estimate uses them too); without case data, the method."""
    if len(pack.cases):
        cases = active_cases_on(pack.cases, date)
        table = table.merge(case_provenance(pack.cases, cases), on="code", how="left")
        table["method"] = table["method"].fillna("reported")
        table["imputed"] = table["imputed"].fillna(False).astype(bool)
    else:
        table["method"] = method
        table["imputed"] = False
        table["date_used"] = pd.NaT
    return table


def _mark_missing(table: pd.DataFrame, chosen: DemandSetting, date: str) -> None:
    """A province without the method's input: zero demand, marked missing with its
    reason (in place)."""
    table["missing_reason"] = ""
    gap = ~np.isfinite(table["demand_t_per_day"].to_numpy(dtype=float))
    if gap.any():
        reason = (
            f"no new-case figure in the {int(round(chosen.params.days_on_oxygen))} days to {date}"
            if chosen.method == "cases"
            else "no COVID-19 bed or occupancy figure, and no national one to fill it"
        )
        for col in ("demand_t_per_day", "low", "high", "demand_m3_per_day"):
            table.loc[gap, col] = 0.0
        table.loc[gap, ["method", "missing_reason"]] = ["missing", reason]
        table.loc[gap, "imputed"] = True


def demand_defaults(pack: Pack, *, method: str = "auto", preset: str = "calibrated") -> dict:
    """The demand parameters a scenario's method and preset start from (editors show
    these as the central values; an override is a change from them)."""
    if method == "active":
        return PARAMS_CENTRAL.to_dict()
    return _calibration().setting(pack, method=method, preset=preset).params.to_dict()


def _method_arrays(pack: Pack, inputs: DailyInputs, chosen: DemandSetting) -> dict[str, np.ndarray]:
    """Every day's demand arrays for one setting (memoised: the plan asks day by day)."""
    key = ("arrays", pack.content_hash, id(pack), chosen.method, chosen.params)
    return _calibration()._memo(
        key, lambda: method_arrays(inputs, method=chosen.method, params=chosen.params)
    )


def demand_by_day(
    pack: Pack,
    *,
    dates: list[str] | pd.DatetimeIndex,
    method: str = "auto",
    overrides: dict[str, float] | None = None,
    preset: str = "calibrated",
) -> pd.DataFrame:
    """Demand per province and day over ``dates`` (one array pass; the plan's input).

    Parameters
    ----------
    pack : Pack
    dates : list of str or pandas.DatetimeIndex
        The days.
    method, overrides, preset
        As for :func:`province_demand`.

    Returns
    -------
    pandas.DataFrame
        The long table ``province_code, date, demand_t_per_day, low, high,
        hospital_t_per_day, home_t_per_day`` (t/day). Missing inputs are 0 demand, as in
        :func:`province_demand`.
    """
    frames = []
    for day in pd.DatetimeIndex(pd.to_datetime(list(dates))):
        t = province_demand(
            pack, date=day.strftime("%Y-%m-%d"), method=method, overrides=overrides, preset=preset
        )
        frames.append(
            t[["code", "demand_t_per_day", "low", "high", "hospital_t_per_day", "home_t_per_day"]]
            .rename(columns={"code": "province_code"})
            .assign(date=day)
        )
    cols = ["province_code", "date", "demand_t_per_day", "low", "high",
            "hospital_t_per_day", "home_t_per_day"]  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)[cols]


def _active_case_demand(
    pack: Pack,
    *,
    date: str,
    method: str = "cases",
    overrides: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Demand per province on a date: ``code, name, demand_t_per_day, low, high``, the
    model's intermediate columns, and what the case figure is:

    - ``method``: "reported" (published that day), "carried_forward" (the last published
      figure, at most 7 days old), "national_split" (the national figure split by
      population), or "beds" for the bed method;
    - ``imputed``: True unless the figure was published for that day;
    - ``date_used``: the date of the figure used (NaT for the bed method).

    The bed method needs bed counts: a pack whose hospitals have none raises
    :class:`DataError`."""
    provinces = pack.provinces
    population = pd.DataFrame(
        {"province_code": provinces["code"], "population": provinces["population"].astype(float)}
    )
    params = demand_params(overrides)
    if method == "cases":
        if not len(pack.cases):
            raise DataError("the pack has no case data (use the bed-based method)", layer="cases")
        _check_in_series(date, pack.dates[0], pack.dates[-1])
        cases = active_cases_on(pack.cases, date)
        table = estimate_demand(cases=cases, method="cases", params=params, population=population)
    elif method == "beds":
        beds = _bed_counts(pack)
        table = estimate_demand(hospitals=beds, method="beds", params=params, population=population)
        cases = None
    else:
        raise DataError(f"unknown demand method {method!r}: use 'cases' or 'beds'")
    table = table.rename(columns={"province_code": "code"})
    names = provinces.set_index("code")["name"]
    table.insert(1, "name", table["code"].map(names))
    if cases is None:
        table["method"] = "beds"
        table["imputed"] = False
        table["date_used"] = pd.NaT
    else:
        table = table.merge(case_provenance(pack.cases, cases), on="code", how="left")
        table["method"] = table["method"].fillna("reported")
        table["imputed"] = table["imputed"].fillna(False).astype(bool)
    table["missing_reason"] = ""
    table = _with_absent(table, provinces, date=date, beds=cases is None)
    return table.sort_values("code").reset_index(drop=True)


def _bed_counts(pack: Pack) -> pd.DataFrame:
    """The hospitals' ``province_code, beds``; refused when the pack has none."""
    beds = pack.hospitals[["province_code", "beds"]]
    if not len(beds) or float(beds["beds"].sum()) <= 0:
        raise DataError(
            "the bed method needs hospital bed counts, and this pack's hospitals have "
            "none (map a beds column in [hospitals], or use the case method)",
            file=pack.reports["hospitals"].source if "hospitals" in pack.reports else None,
            column="beds",
            layer="hospitals",
        )
    return beds


def _with_absent(
    table: pd.DataFrame, provinces: pd.DataFrame, *, date: str, beds: bool
) -> pd.DataFrame:
    """A province the layer lacks is listed as missing (zero demand), with its reason."""
    absent = provinces.loc[~provinces["code"].isin(table["code"]), ["code", "name"]]
    if not len(absent):
        return table
    reason = (
        "no bed data for this province"
        if beds
        else f"no case figure on {date} or in the 7 days before, and no national figure to split"
    )
    rows = absent.assign(
        demand_t_per_day=0.0,
        low=0.0,
        high=0.0,
        method="missing",
        imputed=True,
        date_used=pd.NaT,
        missing_reason=reason,
    )
    return pd.concat([table, rows], ignore_index=True)
