"""Calibration of the demand methods on the reported figures, and their interval.

Each method has **one** free parameter, a multiplier of its WHO planning value:

- incidence (``cases``): ``oxygen_share`` (WHO 20% of new cases: 15% severe + 5%
  critical);
- beds (``beds``): ``covid_bed_flow_lpm`` (WHO 11.8 L/min per occupied COVID-19 bed).

Everything else (flows, days on oxygen, home flow, the non-COVID baseline, beds and
occupancy) stays at its cited value. The multiplier ``theta`` minimises the squared log
ratio of modelled to reported demand over the reported figures (``geo.backtest``): each
figure is a date, a region (a set of provinces) and t/day.

How well a method predicts figures it was not fitted on is measured by **leave-one-out**:
for each figure, refit ``theta`` without it and predict it; the held-out log error is
``e_i = log(predicted_i / reported_i)``. The method with the smaller median absolute
held-out error is the default (``method="auto"``).

The **interval** is split-conformal on those held-out errors: with ``n`` errors and level
``1 - alpha`` (80%), ``q`` is the ``ceil((n + 1)(1 - alpha))``-th smallest ``|e_i|``, and
the interval of any modelled figure ``c`` is ``[c e^-q, c e^q]``. Under exchangeability of
the figures, a new reported figure falls inside its interval with probability at least
80%. The coverage reported is itself held out: figure ``i`` is inside an interval whose
``q`` was built from the other ``n - 1`` errors.

Pure computation on arrays plus a per-pack memo; no Streamlit.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar

from geo import demand as demand_model
from geo.errors import DataError

LEVEL: float = 0.80
"""Level of the demand interval (share of reported figures it should hold)."""

METHODS: tuple[str, ...] = ("cases", "beds")
"""The calibrated methods: incidence (new cases, ESFT's structure) and beds (Ministry)."""

FREE_PARAMETER: dict[str, str] = {"cases": "oxygen_share", "beds": "covid_bed_flow_lpm"}
"""The one parameter each method fits (as a multiplier of its WHO value)."""

THETA_BOUNDS: tuple[float, float] = (0.02, 50.0)
"""Search range of the multiplier (wide: the fit, not the bound, should decide)."""

PRESETS: tuple[str, ...] = ("calibrated", "who")
"""Central parameters: fitted to the reported figures, or WHO planning values."""


# ----------------------------------------------------------------------------- math
def conformal_q(abs_errors: np.ndarray, *, level: float = LEVEL) -> float:
    """Split-conformal half-width: the ``ceil((n + 1) level)``-th smallest of
    ``abs_errors`` (inf when there are too few errors for that level)."""
    e = np.sort(np.asarray(abs_errors, dtype=float)[np.isfinite(abs_errors)])
    n = len(e)
    k = math.ceil((n + 1) * level)
    if n == 0 or k > n:
        return math.inf
    return float(e[k - 1])


def fit_theta(
    predict: callable, reported: np.ndarray, *, bounds: tuple[float, float] = THETA_BOUNDS
) -> float:
    """The multiplier minimising ``sum(log(predict(theta) / reported)^2)``.

    ``predict(theta)`` returns one modelled value per reported figure (positive). A
    bounded scalar search on ``log(theta)``."""
    r = np.log(np.asarray(reported, dtype=float))

    def loss(log_theta: float) -> float:
        p = np.asarray(predict(math.exp(log_theta)), dtype=float)
        return float(np.sum((np.log(np.maximum(p, 1e-9)) - r) ** 2))

    lo, hi = (math.log(b) for b in bounds)
    res = minimize_scalar(loss, bounds=(lo, hi), method="bounded", options={"xatol": 1e-6})
    return float(math.exp(res.x))


@dataclass(frozen=True)
class FigureTerms:
    """One reported figure's model terms at ``theta`` = 1, summed per figure's provinces:
    demand(theta) = sum_p hospital(min(theta u_p, cap_p)) + home(...) + baseline.

    ``unit``: patients on oxygen (cases) or occupied beds (beds) per province at the WHO
    value; ``cap``: COVID-19 beds (cases; inf = no cap) ; ``hospital_t`` / ``home_t``:
    t/day per patient in hospital / at home; ``baseline``: t/day (summed)."""

    unit: list[np.ndarray]
    cap: list[np.ndarray]
    hospital_t: float
    home_t: float
    baseline: np.ndarray

    def predict(self, theta: float, method: str) -> np.ndarray:
        out = np.empty(len(self.unit))
        for i, (u, c) in enumerate(zip(self.unit, self.cap, strict=True)):
            if method == "beds":
                out[i] = theta * u.sum() * self.hospital_t + self.baseline[i]
            else:
                p = theta * u
                h = np.minimum(p, c)
                out[i] = (h * self.hospital_t + (p - h) * self.home_t).sum() + self.baseline[i]
        return out


def leave_one_out(
    terms: FigureTerms, reported: np.ndarray, *, method: str, level: float = LEVEL
) -> pd.DataFrame:
    """Per figure: ``theta`` refitted without it, its held-out prediction and log error,
    the half-width ``q`` from the other figures' held-out errors and whether the figure
    falls inside ``[pred e^-q, pred e^q]``.

    Parameters
    ----------
    terms : FigureTerms
        Each reported figure's model terms at ``theta`` = 1.
    reported : numpy.ndarray
        The reported figures (t/day).
    method : str
        "cases" or "beds".
    level : float
        The interval's level (0..1; 0.80).

    Returns
    -------
    pandas.DataFrame
        One row per figure: ``theta_loo, predicted_loo, log_error, rel_error,
        q_without, inside``.
    """
    n = len(reported)
    reported = np.asarray(reported, dtype=float)
    theta = np.empty(n)
    pred = np.empty(n)
    for i in range(n):
        keep = np.arange(n) != i
        sub = FigureTerms(
            [terms.unit[j] for j in np.flatnonzero(keep)],
            [terms.cap[j] for j in np.flatnonzero(keep)],
            terms.hospital_t,
            terms.home_t,
            terms.baseline[keep],
        )
        theta[i] = fit_theta(lambda t, s=sub: s.predict(t, method), reported[keep])
        one = FigureTerms(
            [terms.unit[i]], [terms.cap[i]], terms.hospital_t, terms.home_t, terms.baseline[[i]]
        )
        pred[i] = one.predict(theta[i], method)[0]
    err = np.log(pred / reported)
    q_without = np.array([conformal_q(np.abs(np.delete(err, i)), level=level) for i in range(n)])
    return pd.DataFrame(
        {
            "theta_loo": theta,
            "predicted_loo": pred,
            "log_error": err,
            "rel_error": pred / reported - 1.0,
            "q_without": q_without,
            "inside": np.abs(err) <= q_without,
        }
    )


# ------------------------------------------------------------------------ the pack
@dataclass(frozen=True)
class MethodFit:
    """One method's calibration: the fitted multiplier and parameter, the held-out
    table, and the interval half-width (log scale)."""

    method: str
    theta: float
    params: demand_model.DemandParams
    loo: pd.DataFrame
    q: float
    q_who: float  # half-width from the WHO values' own errors (no fit: all held out)
    who_errors: np.ndarray

    @property
    def median_abs_error(self) -> float:
        return float(np.median(np.abs(self.loo["rel_error"]))) if len(self.loo) else math.nan

    @property
    def coverage(self) -> float:
        return float(self.loo["inside"].mean()) if len(self.loo) else math.nan


@dataclass(frozen=True)
class Calibration:
    """The calibration of a pack: one :class:`MethodFit` per method, the figures, and
    the method chosen by leave-one-out (``chosen``)."""

    fits: dict[str, MethodFit]
    figures: pd.DataFrame
    chosen: str
    level: float = LEVEL
    notes: tuple[str, ...] = field(default=())

    def summary(self, method: str | None = None) -> dict:
        """``median_abs_error, coverage, n, level, method, theta, q, chosen`` (JSON)."""
        fit = self.fits[method or self.chosen]
        return {
            "method": fit.method,
            "chosen_by_loo": self.chosen,
            "parameter": FREE_PARAMETER[fit.method],
            "theta": round(fit.theta, 4),
            "value": round(getattr(fit.params, FREE_PARAMETER[fit.method]), 4),
            "median_abs_error": fit.median_abs_error,
            "coverage": fit.coverage,
            "n": int(len(fit.loo)),
            "level": self.level,
            "half_width_log": fit.q,
            "high_over_low": math.exp(2 * fit.q) if math.isfinite(fit.q) else math.inf,
        }


def daily_inputs(
    pack, *, params: demand_model.DemandParams = demand_model.PARAMS_CENTRAL
) -> demand_model.DailyInputs:
    """The arrays the methods read, for every day of the pack's case series."""
    codes = np.sort(pack.provinces["code"].astype(int).to_numpy())
    if len(pack.cases):
        dates = pd.date_range(pack.cases["date"].min(), pack.cases["date"].max(), freq="D")
    elif len(pack.new_cases):
        dates = pd.date_range(pack.new_cases["date"].min(), pack.new_cases["date"].max())
    else:
        dates = pd.DatetimeIndex([])
    hospital_beds = pack.hospitals.groupby("province_code")["beds"].sum()
    beds, beds_rule, occ, occ_rule = demand_model.bed_series(
        pack.bed_facts, dates=dates, codes=codes, hospital_beds=hospital_beds
    )
    window = demand_model.daily_new_cases(
        pack.new_cases[pack.new_cases["province_code"] != 0],
        dates=dates,
        codes=codes,
        window_days=int(round(params.days_on_oxygen)),
    )
    population = pd.DataFrame(
        {"province_code": pack.provinces["code"], "population": pack.provinces["population"]}
    )
    baseline = demand_model.baseline_t_per_day(
        pd.Series(codes),
        population=population,
        national_t_per_day=params.baseline_national_t_per_day,
    ).to_numpy()
    return demand_model.DailyInputs(
        dates=dates,
        codes=codes,
        new_cases=window,
        covid_beds=beds,
        beds_rule=beds_rule,
        occupancy=occ,
        occupancy_rule=occ_rule,
        baseline_t_per_day=baseline,
    )


def figure_terms(
    inputs: demand_model.DailyInputs,
    figures: pd.DataFrame,
    *,
    method: str,
    params: demand_model.DemandParams,
) -> FigureTerms:
    """The terms of every reported figure (see :class:`FigureTerms`) at ``params``."""
    t_per_lpm = demand_model.LPM_TO_M3_PER_DAY / demand_model.M3_GAS_PER_TONNE_LOX
    units, caps, base = [], [], []
    col = {c: j for j, c in enumerate(inputs.codes)}
    for fig in figures.itertuples(index=False):
        row = inputs.row(fig.date)
        codes = list(fig.province_codes) or list(inputs.codes)
        idx = np.array([col[c] for c in codes if c in col], dtype=int)
        if method == "beds":
            u = inputs.covid_beds[row, idx] * inputs.occupancy[row, idx]
            c = np.full(len(idx), np.inf)
        else:
            u = inputs.new_cases[row, idx] * params.oxygen_share
            c = np.where(np.isnan(inputs.covid_beds[row, idx]), np.inf, inputs.covid_beds[row, idx])
        ok = np.isfinite(u)
        units.append(u[ok])
        caps.append(c[ok])
        base.append(float(inputs.baseline_t_per_day[idx].sum()))
    if method == "beds":
        hospital_t = params.covid_bed_flow_lpm * t_per_lpm
    else:
        share = params.severe_share + params.critical_share
        flow = params.severe_share * params.severe_flow_lpm
        flow += params.critical_share * params.critical_flow_lpm
        hospital_t = (flow / share if share > 0 else 0.0) * t_per_lpm
    return FigureTerms(units, caps, hospital_t, params.home_flow_lpm * t_per_lpm, np.array(base))


def usable_figures(inputs: demand_model.DailyInputs, figures: pd.DataFrame) -> pd.DataFrame:
    """The reported figures whose date the inputs cover."""
    if not len(inputs.dates):
        return figures.iloc[0:0]
    inside = figures["date"].between(inputs.dates[0], inputs.dates[-1])
    return figures[inside].reset_index(drop=True)


def calibrate(
    pack,
    figures: pd.DataFrame,
    *,
    base: demand_model.DemandParams = demand_model.PARAMS_CENTRAL,
    level: float = LEVEL,
) -> Calibration:
    """Fit each method's multiplier on ``figures`` (``geo.backtest.read_reported_demand``),
    measure it by leave-one-out, build its conformal half-width, and choose the method
    with the smaller median absolute held-out error."""
    inputs = daily_inputs(pack, params=base)
    figs = usable_figures(inputs, figures)
    if len(figs) < 3:
        raise DataError(
            f"only {len(figs)} reported figures fall inside the pack's dates: too few to "
            "calibrate the demand (at least 3)"
        )
    reported = figs["reported_t_per_day"].to_numpy(dtype=float)
    fits: dict[str, MethodFit] = {}
    notes: list[str] = []
    for method in METHODS:
        terms = figure_terms(inputs, figs, method=method, params=base)
        if method == "beds" and not any(len(u) for u in terms.unit):
            notes.append("no bed facts: the bed method is not calibrated")
            continue
        theta = fit_theta(lambda t, m=method, tt=terms: tt.predict(t, m), reported)
        name = FREE_PARAMETER[method]
        spec = demand_model.PARAM_SPECS[name]
        value = float(np.clip(getattr(base, name) * theta, spec.min, spec.max))
        params = base.with_values(**{name: round(value, 6)}, name=f"calibrated-{method}")
        loo = leave_one_out(terms, reported, method=method, level=level)
        who_err = np.log(terms.predict(1.0, method) / reported)
        fits[method] = MethodFit(
            method=method,
            theta=theta,
            params=params,
            loo=pd.concat([figs[["fact_id", "date", "region", "reported_t_per_day"]], loo], axis=1),
            q=conformal_q(np.abs(loo["log_error"].to_numpy()), level=level),
            q_who=conformal_q(np.abs(who_err), level=level),
            who_errors=who_err,
        )
    if not fits:
        raise DataError("no demand method could be calibrated on this pack")
    chosen = min(fits, key=lambda m: fits[m].median_abs_error)
    return Calibration(fits=fits, figures=figs, chosen=chosen, level=level, notes=tuple(notes))


# ------------------------------------------------------------------------ the memo
_MEMO: OrderedDict[tuple, object] = OrderedDict()
_MEMO_SIZE = 16


def _memo(key: tuple, compute):
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    value = compute()
    _MEMO[key] = value
    while len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
    return value


def calibration_for(pack) -> Calibration:
    """The pack's calibration on the reported figures the embedded pack ships
    (``data/reported_demand.csv``), memoised by the pack's content."""
    from geo import backtest

    def compute() -> Calibration:
        figures = backtest.read_reported_demand()
        return calibrate(pack, figures)

    return _memo(("calibration", pack.content_hash, id(pack)), compute)


def inputs_for(pack, params: demand_model.DemandParams) -> demand_model.DailyInputs:
    """:func:`daily_inputs`, memoised by pack and the parameters the arrays depend on."""
    key = (
        "inputs",
        pack.content_hash,
        id(pack),
        round(params.days_on_oxygen),
        params.baseline_national_t_per_day,
    )
    return _memo(key, lambda: daily_inputs(pack, params=params))


Preset = Literal["calibrated", "who"]


@dataclass(frozen=True)
class DemandSetting:
    """What a demand table was computed with: method, preset, parameters, interval."""

    method: str
    preset: str
    params: demand_model.DemandParams
    q: float
    basis: str
    calibration: Calibration

    def interval(self) -> dict:
        return {
            "level": self.calibration.level,
            "basis": self.basis,
            "half_width_log": self.q,
            "high_over_low": math.exp(2 * self.q) if math.isfinite(self.q) else None,
            "method": self.method,
            "preset": self.preset,
        }


def setting(
    pack,
    *,
    method: str = "auto",
    preset: str = "calibrated",
    overrides: dict[str, float] | None = None,
) -> DemandSetting:
    """Resolve ``auto``, the preset's parameters (+ overrides) and the interval's basis."""
    cal = calibration_for(pack)
    resolved = cal.chosen if method == "auto" else method
    if resolved not in cal.fits:
        raise DataError(f"the {resolved} demand method is not calibrated on this pack")
    fit = cal.fits[resolved]
    if preset == "calibrated":
        params, q = fit.params, fit.q
        if resolved == "beds" and "cases" in cal.fits:  # the home estimate's share
            params = replace(params, oxygen_share=cal.fits["cases"].params.oxygen_share)
        inside = int(fit.loo["inside"].sum())
        basis = (
            f"{round(cal.level * 100)}% split-conformal interval on the leave-one-out log "
            f"errors of {len(fit.loo)} reported figures: {inside} of {len(fit.loo)} "
            f"({fit.coverage:.0%}) reported figures fell inside intervals built this way "
            "without them"
        )
    elif preset == "who":
        params, q = replace(demand_model.PARAMS_CENTRAL, name="who"), fit.q_who
        basis = (
            f"split-conformal on the errors of the uncalibrated WHO values against "
            f"{len(fit.loo)} reported figures"
        )
    else:
        raise DataError(f"unknown demand preset {preset!r}: use 'calibrated' or 'who'")
    if overrides:
        params = params.with_values(**overrides)
        basis += "; parameters edited since, so the interval is indicative only"
    return DemandSetting(resolved, preset, params, q, basis, cal)
