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

Pure functions on tables: no I/O, no Streamlit.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from geo.crosswalk import JAVA_BALI
from geo.errors import DataError, DataWarning
from geo.settings import LPM_TO_M3_PER_DAY, M3_GAS_PER_TONNE_LOX

if TYPE_CHECKING:
    from geo.calibration import DemandSetting
    from geo.packs import Pack

JAVA_BALI_CODES: tuple[int, ...] = JAVA_BALI  # the demand series Kemenkes reported
"""BPS codes of DKI Jakarta, Jawa Barat, Jawa Tengah, DI Yogyakarta, Jawa Timur,
Banten and Bali: the region of the Kemenkes Java-Bali demand figures."""

# ------------------------------------------------------------------------- sources
_SRC_WHO_FLOW = (
    "WHO interim guidance 'Oxygen sources and distribution for COVID-19 treatment "
    "centres' (WHO/2019-nCoV/Oxygen_sources/2020.1, 4 Apr 2020): severe 10 L/min "
    "(14.4 m3/day), critical 30 L/min (43.2 m3/day)"
)
_SRC_CHINA = (
    "Early China reports: ~15% of COVID-19 cases severe (need oxygen), ~5% critical "
    "(Ismail & Bansal, Indian J Pediatr, doi:10.1007/s12098-021-03978-0); China CDC "
    "81% mild/moderate, 14% severe, 5% critical"
)
_SRC_JAKARTA = (
    "Cross-check: at the Delta peak Jakarta had 18,824 patients in hospital (Jakarta "
    "Globe, 16 Feb 2022, citing the Health Ministry) against 90,748 active cases on "
    "16 Jul 2021 (covid19.go.id) = 21%, with beds full, so a floor on need; nationally "
    "60,000 occupied COVID-19 beds (Health Minister, 25 Jun 2021, Straits Times) vs "
    "181,435 active cases = 33%"
)
_SRC_HVARFNER = (
    "Observed mean 3.0 L/min in a Swedish district hospital (Hvarfner et al. 2022, "
    "PLoS One, doi:10.1371/journal.pone.0249984)"
)
_SRC_PROXY = (
    "PROXY-COVID (Botta et al. 2023, Am J Trop Med Hyg 108(5):1035, "
    "doi:10.4269/ajtmh.22-0793): actual O2 use on high-flow nasal oxygen median 14.2 "
    "(IQR 8.4-18.4) L/min in ICU patients"
)
_SRC_MSF = (
    "MSF (30 Jun 2020): 80% of hospitalised COVID-19 patients need 3-15 L/min, the "
    "other 20% more than 20 L/min"
)
_SRC_INDIA = "India's planning used 3% of cases critical (see ../shared/docs/DOMAIN.md)"
_SRC_DELTA = (
    "Delta vs Alpha hospital-admission hazard ratio 2.26 (95% CI 1.32-3.89) (Twohig et "
    "al. 2022, Lancet Infect Dis 22(1):35, doi:10.1016/S1473-3099(21)00475-8); 20% x "
    "2.26 = 45%"
)
_SRC_BASELINE = (
    "Health Minister: oxygen requirement rose from ~400 t/day to almost 2,000 t/day "
    "(exbulletin.com/politics/1069390, 18 Jul 2021); split by SP2020 population share"
)
_SRC_BASELINE_HIGH = (
    "KPCPEN (29 Jun 2021): medical oxygen production 181,312 t/yr = 497 t/day "
    "(beritasatu.com/ekonomi/793645), taken as an upper baseline"
)
_SRC_BOR = (
    "Kemenkes bed occupancy (BOR), week before 21 Jul 2021: Jakarta 92%, Central Java "
    "86%, West Java ~89% (Antara via medcom.id, 22 Jul 2021); WHO safe threshold 60%"
)
_SRC_BED_O2 = (
    "Health Minister, 25 Jun 2021: 85,000 hospital beds reserved for COVID-19 "
    "(Straits Times) = 27% of the 320,594 beds in the covid19.go.id hospital list; "
    "assumes every COVID-19 in-patient is on oxygen (an assumption, not a measurement)"
)


@dataclass(frozen=True)
class DemandParams:
    """Scenario parameters of the demand model (all editable; none is a constant).

    Shares of hospitalised patients: ``severe_share + critical_share <= 1``; the rest
    of the hospitalised are counted as not on oxygen. ``hospitalised_share`` is the
    share of *active cases* (Indonesia's active cases include home isolation) that
    need hospital-level oxygen, wherever they actually are.
    """

    hospitalised_share: float = 0.20
    severe_share: float = 0.75
    critical_share: float = 0.25
    severe_flow_lpm: float = 10.0
    critical_flow_lpm: float = 30.0
    bed_occupancy: float = 0.85
    bed_oxygen_share: float = 0.27
    bed_flow_lpm: float = 10.0
    baseline_national_t_per_day: float = 400.0
    oxygen_share: float = 0.20
    days_on_oxygen: float = 10.0
    home_flow_lpm: float = 5.0
    covid_bed_flow_lpm: float = 11.8
    name: str = "central"
    sources: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        for spec in PARAM_SPECS.values():  # module global, defined below the class
            value = getattr(self, spec.name)
            if not np.isfinite(value) or value < spec.min or value > spec.max:
                raise DataError(
                    f"{spec.label} = {value} is outside [{spec.min}, {spec.max}] {spec.unit}",
                    column=spec.name,
                )
        if self.severe_share + self.critical_share > 1.0 + 1e-9:
            raise DataError(
                f"severe_share + critical_share = "
                f"{self.severe_share + self.critical_share:.3f} exceeds 1 (both are "
                "shares of hospitalised patients)",
                column="severe_share",
            )

    @property
    def m3_per_day_per_hospitalised(self) -> float:
        """Mean oxygen use of one hospitalised patient (m3/day)."""
        return LPM_TO_M3_PER_DAY * (
            self.severe_share * self.severe_flow_lpm + self.critical_share * self.critical_flow_lpm
        )

    def to_dict(self) -> dict[str, float]:
        """Numeric parameters only (for URLs, exports, fingerprints)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in PARAM_SPECS}

    def with_values(self, **values: float) -> DemandParams:
        """A copy with some parameters changed (validated), renamed 'custom'."""
        return replace(self, name=values.pop("name", "custom"), **values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ParamSpec:
    """What an editor / URL validator needs to know about one parameter."""

    name: str
    label: str
    unit: str
    min: float
    max: float
    default: float
    low: float
    high: float
    source: str


_SPECS: list[ParamSpec] = [
    ParamSpec(
        "hospitalised_share",
        "Share of active cases needing hospital oxygen",
        "fraction of active cases",
        0.0,
        1.0,
        0.20,
        0.17,
        0.45,
        f"central: 15% severe + 5% critical = 20%. {_SRC_CHINA}. {_SRC_JAKARTA}. "
        f"low: 14% severe + 3% critical = 17% ({_SRC_INDIA}). high: {_SRC_DELTA}",
    ),
    ParamSpec(
        "severe_share",
        "Severe share of hospitalised",
        "fraction of hospitalised",
        0.0,
        1.0,
        0.75,
        14 / 17,
        0.80,
        f"central: 15/20 ({_SRC_CHINA}); low: 14/17; high: 80% ({_SRC_MSF})",
    ),
    ParamSpec(
        "critical_share",
        "Critical share of hospitalised",
        "fraction of hospitalised",
        0.0,
        1.0,
        0.25,
        3 / 17,
        0.20,
        f"central: 5/20 ({_SRC_CHINA}); low: 3/17 ({_SRC_INDIA}); high: 20% ({_SRC_MSF})",
    ),
    ParamSpec(
        "severe_flow_lpm",
        "Oxygen flow, severe patient",
        "L/min",
        0.0,
        60.0,
        10.0,
        3.0,
        15.0,
        f"central: {_SRC_WHO_FLOW}; low: {_SRC_HVARFNER}; high: top of the MSF 3-15 L/min "
        f"range ({_SRC_MSF})",
    ),
    ParamSpec(
        "critical_flow_lpm",
        "Oxygen flow, critical patient",
        "L/min",
        0.0,
        120.0,
        30.0,
        14.2,
        30.0,
        f"central and high: {_SRC_WHO_FLOW} (MSF: >20 L/min); low: {_SRC_PROXY}",
    ),
    ParamSpec(
        "bed_occupancy",
        "Bed occupancy (bed method)",
        "fraction of beds",
        0.0,
        1.0,
        0.85,
        0.60,
        0.95,
        f"{_SRC_BOR}; low = WHO 60% threshold; high = West Jakarta 94.2%",
    ),
    ParamSpec(
        "bed_oxygen_share",
        "Share of occupied beds on oxygen (bed method)",
        "fraction of occupied beds",
        0.0,
        1.0,
        0.27,
        0.19,
        0.40,
        f"{_SRC_BED_O2}; low = 60,000 occupied / 320,594 beds = 19%; high = 40% "
        "(assumption: further conversions in July 2021)",
    ),
    ParamSpec(
        "bed_flow_lpm",
        "Oxygen flow per bed patient (bed method)",
        "L/min",
        0.0,
        60.0,
        10.0,
        3.0,
        15.0,
        f"central: {_SRC_WHO_FLOW}; low: {_SRC_HVARFNER}; high: {_SRC_MSF}",
    ),
    ParamSpec(
        "baseline_national_t_per_day",
        "Non-COVID medical demand, national",
        "t/day",
        0.0,
        5000.0,
        400.0,
        400.0,
        497.0,
        f"central and low: {_SRC_BASELINE}; high: {_SRC_BASELINE_HIGH}",
    ),
]

_SRC_ESFT = (
    "WHO COVID-19 Essential Supplies Forecasting Tool, overview of structure, methodology "
    "and assumptions (WHO/2019-nCoV/Tools/Essential_forecasting/Overview/2021.1, 7 Apr "
    "2021): severe and critical patients from new cases, admissions capped by the beds "
    "available, oxygen by flow per patient"
)
_SRC_COVID_BEDS = (
    "Health Minister, 13 Jun 2021: 75,000 COVID-19 isolation and 7,500 ICU beds (ICU = 9% "
    "of COVID-19 beds; nasional.kompas.com/read/2021/06/13/22372781); WHO flows 10 L/min "
    "(isolation, severe) and 30 L/min (ICU, critical): 0.91 x 10 + 0.09 x 30 = 11.8 L/min "
    "per occupied COVID-19 bed, every occupied bed on oxygen (an assumption)"
)
_SRC_HOME = (
    "Oxygen concentrators and home cylinders typically deliver 5 L/min "
    "(../shared/docs/DOMAIN.md); assumption: a patient needing oxygen who finds no "
    "COVID-19 bed draws that at home"
)

INCIDENCE_SPECS: list[ParamSpec] = [
    ParamSpec(
        "oxygen_share",
        "Share of new cases needing oxygen (incidence method)",
        "fraction of new cases",
        0.0,
        1.0,
        0.20,
        0.20,
        0.20,
        f"WHO planning: 15% severe + 5% critical ({_SRC_CHINA}); {_SRC_ESFT}. The calibrated "
        "value is fitted to the reported figures (geo.calibration)",
    ),
    ParamSpec(
        "days_on_oxygen",
        "Days on oxygen per patient (incidence method)",
        "days",
        1.0,
        60.0,
        10.0,
        10.0,
        10.0,
        "Assumption: 10 days of supplemental oxygen per severe or critical patient, counted "
        "from the day the case is reported (ESFT structure; not fitted)",
    ),
    ParamSpec(
        "home_flow_lpm",
        "Oxygen flow at home, per patient without a bed",
        "L/min",
        0.0,
        60.0,
        5.0,
        5.0,
        5.0,
        _SRC_HOME,
    ),
    ParamSpec(
        "covid_bed_flow_lpm",
        "Oxygen flow per occupied COVID-19 bed (bed method)",
        "L/min",
        0.0,
        120.0,
        11.8,
        11.8,
        11.8,
        f"{_SRC_COVID_BEDS}. The calibrated value is fitted to the reported figures",
    ),
]
INCIDENCE_PARAMS: tuple[str, ...] = tuple(s.name for s in INCIDENCE_SPECS)

_SPECS += INCIDENCE_SPECS

PARAM_SPECS: dict[str, ParamSpec] = {s.name: s for s in _SPECS}
"""Per parameter: label, unit, min, max, default (central), low, high, source."""


def _scenario(which: Literal["default", "low", "high"], name: str) -> DemandParams:
    values = {s.name: getattr(s, which) for s in _SPECS}
    return DemandParams(**values, name=name, sources={s.name: s.source for s in _SPECS})


PARAMS_CENTRAL: DemandParams = _scenario("default", "central")
"""WHO flows (10 / 30 L/min) and China shares (15% severe + 5% critical of cases)."""

PARAMS_LOW: DemandParams = _scenario("low", "low")
"""Observed flows (3.0 L/min mean, Hvarfner et al. 2022; 14.2 L/min on HFNO,
PROXY-COVID) and lower shares (14% severe + 3% critical of cases)."""

PARAMS_HIGH: DemandParams = _scenario("high", "high")
"""MSF flows (15 L/min for 80%, WHO 30 L/min for the 20% above 20 L/min), Delta's
~2.26x admission risk (45% of active cases) and a 497 t/day national baseline."""

MODEL_LIMITS: str = (
    "What this demand model can claim: an order-of-magnitude estimate of daily medical "
    "oxygen need per province, with a low-high band, from published per-patient flow "
    "rates and severity shares. What it cannot claim: (1) to reproduce reported demand "
    "day by day - reported Java-Bali demand was itself noisy (800 t/day on 30 June, "
    "1,400 the next day, 2,262 on 3 July) and included hoarding and private purchases "
    "for home care; (2) Indonesia's 'active cases' (hospitalised OR isolating) include "
    "people isolating at home, lag infections by days, and miss untested infections, so "
    "the share needing oxygen is a scenario parameter, not a measurement; (3) flow rates "
    "vary threefold between WHO planning figures (10-30 L/min) and observed averages "
    "(3 L/min); (4) the bed method counts beds, not patients, and the bed list mixes "
    "COVID and non-COVID beds; (5) the non-COVID baseline is a national figure split by "
    "population, not a per-hospital measurement; (6) per-hospital demand is split by bed "
    "share, not measured. Treat results as a planning band, not a forecast."
)

_OUTPUT_COLUMNS: list[str] = [
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


# ------------------------------------------------------------------------- helpers
def _require(df: pd.DataFrame, columns: list[str], what: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"`{what}` must be a pandas DataFrame, got {type(df).__name__}")
    for col in columns:
        if col not in df.columns:
            raise DataError(f"`{what}` has no column '{col}'", column=col)


def _numeric(df: pd.DataFrame, col: str, what: str) -> pd.Series:
    values = pd.to_numeric(df[col], errors="coerce").astype(float)
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        first = df.index[bad][0]
        raise DataError(
            f"`{what}` has a missing or non-numeric value at index {first!r}", column=col
        )
    if (values < 0).any():
        first = df.index[(values < 0).to_numpy()][0]
        raise DataError(f"`{what}` has a negative value at index {first!r}", column=col)
    return values


def _codes(df: pd.DataFrame, what: str) -> pd.Series:
    codes = pd.to_numeric(df["province_code"], errors="coerce")
    if codes.isna().any():
        raise DataError(f"`{what}` has a missing or non-numeric code", column="province_code")
    return codes.astype(int)


def _by_province(df: pd.DataFrame, col: str, what: str) -> pd.Series:
    """Validated ``col`` summed per province code (rows of one province add up)."""
    _require(df, ["province_code", col], what)
    values = _numeric(df, col, what).to_numpy()
    return pd.Series(values, index=_codes(df, what)).groupby(level=0).sum()


def baseline_t_per_day(
    province_codes: pd.Series | list[int],
    *,
    population: pd.DataFrame | None,
    national_t_per_day: float,
) -> pd.Series:
    """Non-COVID demand per province: ``national_t_per_day`` x population share.

    ``population`` has ``province_code, population`` for the whole country (the share is
    of its total, so pass all 34 provinces even when estimating a few). Without it the
    baseline is 0 and a :class:`DataWarning` says so.
    """
    codes = pd.Index(pd.Series(province_codes, dtype=int))
    if population is None:
        if national_t_per_day > 0:
            warnings.warn(
                "no population table given: the non-COVID baseline is set to 0 t/day",
                DataWarning,
                stacklevel=3,
            )
        return pd.Series(0.0, index=codes, name="baseline_t_per_day")
    pop = _by_province(population, "population", "population")
    total = float(pop.sum())
    if total <= 0:
        raise DataError("`population` sums to 0", column="population")
    missing = codes.difference(pop.index)
    if len(missing):
        warnings.warn(
            f"population missing for province codes {sorted(missing.tolist())}: "
            "their baseline is 0 t/day",
            DataWarning,
            stacklevel=3,
        )
    share = pop.reindex(codes).fillna(0.0) / total
    return (share * national_t_per_day).rename("baseline_t_per_day")


def _finish(out: pd.DataFrame) -> pd.DataFrame:
    out["demand_m3_per_day"] = (
        out["covid_m3_per_day"] + out["baseline_t_per_day"] * M3_GAS_PER_TONNE_LOX
    )
    out["demand_t_per_day"] = out["demand_m3_per_day"] / M3_GAS_PER_TONNE_LOX
    return out[_OUTPUT_COLUMNS].sort_values("province_code").reset_index(drop=True)


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


def active_cases_on(cases_long: pd.DataFrame, date: str | pd.Timestamp) -> pd.DataFrame:
    """Active cases per province on ``date`` from a long table.

    ``cases_long``: ``province_code, date, active_cases`` (many dates). For each
    province the row on ``date`` is used, or if missing the nearest earlier date; the
    date actually used is in column ``date_used`` (and ``attrs['date_requested']``).
    A province with no row on or before ``date`` is dropped with a DataWarning.
    Returns ``province_code, active_cases, date_used``.
    """
    _require(cases_long, ["province_code", "date", "active_cases"], "cases_long")
    target = pd.Timestamp(date).normalize()
    df = pd.DataFrame(
        {
            "province_code": _codes(cases_long, "cases_long").to_numpy(),
            "date": pd.to_datetime(cases_long["date"], errors="coerce").dt.normalize(),
            "active_cases": pd.to_numeric(cases_long["active_cases"], errors="coerce"),
        }
    )
    if df["date"].isna().any():
        raise DataError("`cases_long` has an unparseable date", column="date")
    all_codes = set(df["province_code"].unique())
    df = df[(df["date"] <= target) & df["active_cases"].notna()]
    df = df.sort_values(["province_code", "date"]).groupby("province_code").tail(1)
    dropped = sorted(all_codes - set(df["province_code"]))
    if dropped:
        warnings.warn(
            f"no active-case data on or before {target.date()} for provinces {dropped}",
            DataWarning,
            stacklevel=2,
        )
    out = df.rename(columns={"date": "date_used"})[
        ["province_code", "active_cases", "date_used"]
    ].reset_index(drop=True)
    out.attrs["date_requested"] = target
    return out


CASE_METHODS: tuple[str, ...] = ("reported", "carried_forward", "national_split")
"""How a province's active-case figure on a date was obtained (column ``method``)."""

CARRY_FORWARD_DAYS: int = 7
"""How long a province's last published figure is carried forward before the national
figure is split instead (days)."""


def impute_cases(
    published: pd.DataFrame,
    *,
    provinces: list[int] | pd.Index,
    national: pd.DataFrame | None = None,
    population: pd.Series | None = None,
    carry_forward_days: int = CARRY_FORWARD_DAYS,
) -> pd.DataFrame:
    """One active-case figure per province and day, saying how each was obtained.

    ``published``: ``province_code, date, active_cases`` (one row per province and
    date, as published). ``national``: ``date, active_cases`` (the national figure).
    ``population``: population indexed by province code (for the national split).

    Over every day from the first to the last date of ``published`` and ``national``,
    and for every code in ``provinces``:

    1. a published figure is used as it is (``method`` "reported");
    2. otherwise the province's last published figure is carried forward for at most
       ``carry_forward_days`` days ("carried_forward", ``date_used`` = the date of that
       figure);
    3. otherwise, where the national figure exists, the province gets the national
       figure x its share of the population, the missing provinces together at most what
       the provinces known that day (1 and 2) leave of it ("national_split",
       ``date_used`` = the date itself);
    4. otherwise the province has no row that day.

    Returns ``province_code, date, active_cases, imputed, method, date_used`` sorted by
    date and code; ``imputed`` is True for 2 and 3.
    """
    _require(published, ["province_code", "date", "active_cases"], "published")
    if carry_forward_days < 0:
        raise DataError(
            f"carry_forward_days = {carry_forward_days} must be >= 0", column="carry_forward_days"
        )
    codes = pd.Index(sorted(int(c) for c in provinces), name="province_code")
    pub = published.assign(date=pd.to_datetime(published["date"]).dt.normalize())
    nat = (
        national.assign(date=pd.to_datetime(national["date"]).dt.normalize())
        if national is not None and len(national)
        else None
    )
    all_dates = pd.concat([pub["date"], nat["date"] if nat is not None else pub["date"]])
    if not len(codes) or not len(all_dates):
        return pd.DataFrame(columns=[*_CASE_COLUMNS])
    dates = pd.date_range(all_dates.min(), all_dates.max(), freq="D", name="date")
    wide = (
        pub.pivot_table(
            index="date", columns="province_code", values="active_cases", aggfunc="first"
        )
        .reindex(index=dates, columns=codes)
        .to_numpy(dtype=float)
    )
    reported = ~np.isnan(wide)
    day = np.arange(len(dates), dtype=float)[:, None]
    last = pd.DataFrame(np.where(reported, day, np.nan)).ffill().to_numpy()
    carried = ~reported & ~np.isnan(last) & (day - last <= carry_forward_days)
    value = pd.DataFrame(wide).ffill().to_numpy()
    value = np.where(reported | carried, value, np.nan)
    method = np.full(wide.shape, "", dtype=object)
    method[reported] = "reported"
    method[carried] = "carried_forward"
    used = np.where(carried, last, day)

    if nat is not None and population is not None:
        nat_value = (
            nat.drop_duplicates("date").set_index("date")["active_cases"].reindex(dates).to_numpy()
        )
        pop = pd.Series(population, dtype=float).reindex(codes).to_numpy()
        gap = np.isnan(value) & ~np.isnan(nat_value)[:, None] & (np.nan_to_num(pop) > 0)[None, :]
        # each missing province gets the national figure x its share of the population,
        # and together never more than what the known provinces leave of the national
        # figure. (Not the whole residual: in July 2021 the covid19.go.id national series
        # ran ~20% above the sum of the provinces, so a residual would pile 100,000 cases
        # on one missing province.)
        known = np.nansum(value, axis=1)
        remaining = np.maximum(np.nan_to_num(nat_value) - known, 0.0)
        pop0 = np.nan_to_num(pop)
        estimate = np.nan_to_num(nat_value)[:, None] * pop0[None, :] / max(pop0.sum(), 1.0)
        estimate = np.where(gap, estimate, 0.0)
        wanted = estimate.sum(axis=1)
        scale = np.divide(remaining, wanted, out=np.ones_like(wanted), where=wanted > remaining)
        value = np.where(gap, estimate * scale[:, None], value)
        method[gap] = "national_split"

    keep = method != ""
    rows, cols = np.nonzero(keep)
    out = pd.DataFrame(
        {
            "province_code": codes.to_numpy()[cols].astype(int),
            "date": dates[rows],
            "active_cases": value[rows, cols],
            "imputed": method[rows, cols] != "reported",
            "method": method[rows, cols].astype(str),
            "date_used": dates[used[rows, cols].astype(int)],
        }
    )
    return out.sort_values(["date", "province_code"]).reset_index(drop=True)


_CASE_COLUMNS = ("province_code", "date", "active_cases", "imputed", "method", "date_used")


def imputed_counts(
    cases_long: pd.DataFrame,
    *,
    provinces: int | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Per date: how many provinces have a reported, carried-forward, national-split or
    no figure. ``cases_long`` is a pack's case table (``province_code, date, method``);
    ``provinces`` is the number of provinces in the pack (default: the distinct codes
    in ``cases_long``). Returns ``date, provinces, reported, carried_forward,
    national_split, missing, imputed, imputed_share`` (imputed = carried forward +
    national split + missing), one row per day from ``start`` to ``end``."""
    _require(cases_long, ["province_code", "date", "method"], "cases_long")
    df = cases_long.assign(date=pd.to_datetime(cases_long["date"]).dt.normalize())
    n = int(provinces) if provinces is not None else int(df["province_code"].nunique())
    lo = pd.Timestamp(start).normalize() if start is not None else df["date"].min()
    hi = pd.Timestamp(end).normalize() if end is not None else df["date"].max()
    dates = pd.date_range(lo, hi, freq="D", name="date")
    counts = (
        df[df["date"].between(lo, hi)]
        .groupby(["date", "method"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=dates, columns=list(CASE_METHODS), fill_value=0)
    )
    out = counts.reset_index()
    out.insert(1, "provinces", n)
    out["missing"] = n - counts.sum(axis=1).to_numpy()
    out["imputed"] = out["carried_forward"] + out["national_split"] + out["missing"]
    out["imputed_share"] = out["imputed"] / n if n else np.nan
    return out


def case_provenance(cases_long: pd.DataFrame, on_date: pd.DataFrame) -> pd.DataFrame:
    """How each province's figure from :func:`active_cases_on` was obtained.

    ``cases_long``: a pack's case table (``province_code, date`` and, where present,
    ``method, imputed, date_used``); ``on_date``: the result of ``active_cases_on``.
    Returns ``code, method, imputed, date_used`` (one row per province of ``on_date``);
    a row older than the requested date (past the end of the series) counts as imputed,
    and as carried forward if it was reported."""
    target = on_date.attrs.get("date_requested")
    keys = pd.MultiIndex.from_arrays([on_date["province_code"], on_date["date_used"]])
    cols = [c for c in ("method", "imputed", "date_used") if c in cases_long]
    flags = cases_long.set_index(["province_code", "date"])[cols].reindex(keys)
    out = pd.DataFrame({"code": on_date["province_code"].to_numpy()})
    row_date = on_date["date_used"].to_numpy()
    out["method"] = (
        flags["method"].to_numpy() if "method" in flags else np.full(len(out), "reported")
    )
    out["imputed"] = (
        flags["imputed"].fillna(False).astype(bool).to_numpy()
        if "imputed" in flags
        else np.zeros(len(out), dtype=bool)
    )
    out["date_used"] = flags["date_used"].to_numpy() if "date_used" in flags else row_date
    if target is not None:
        stale = row_date < np.datetime64(target)
        out.loc[stale, "imputed"] = True
        out.loc[stale & (out["method"] == "reported"), "method"] = "carried_forward"
    return out


def region_total(demand: pd.DataFrame, codes: tuple[int, ...] = JAVA_BALI_CODES) -> pd.Series:
    """Sum the numeric columns of a per-province demand table over ``codes``."""
    _require(demand, ["province_code"], "demand")
    sub = demand[demand["province_code"].isin(codes)]
    return sub.drop(columns=["province_code"]).select_dtypes("number").sum()


CASE_FILL_RULES: dict[str, str] = {
    "carried_forward": "its last published figure carried forward (at most the pack's "
    "carry_forward_days)",
    "national_split": "the national figure x its share of the population, the missing "
    "provinces together capped by what the known provinces leave",
    "missing": "no figure: its demand from cases is unknown",
}
"""How a province without a published case figure is filled, by ``method``."""


def unpublished_provinces(cases_long: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """Provinces with no published case figure anywhere in the series (a case file
    missing or empty, a name no file matches): every figure they get is imputed, which
    changes the national total. ``provinces``: ``code, name``.

    Returns ``code, name, days, carried_forward, national_split, missing, fill, rule``
    (days = the series' span; ``fill`` = the method that filled most days, a key of
    :data:`CASE_FILL_RULES`, and ``rule`` its text), one row per such province; empty
    when every province has at least one published figure."""
    cols = ["code", "name", "days", "carried_forward", "national_split", "missing", "fill", "rule"]
    if not len(provinces) or not len(cases_long):  # no case layer: its own error says so
        return pd.DataFrame(columns=cols)
    if "method" in cases_long:
        published = set(cases_long.loc[cases_long["method"] == "reported", "province_code"])
        dates = pd.to_datetime(cases_long["date"])
        days = int((dates.max() - dates.min()).days) + 1
        counts = cases_long.groupby(["province_code", "method"]).size().unstack(fill_value=0)
    else:
        published = set(cases_long["province_code"]) if len(cases_long) else set()
        days, counts = 0, pd.DataFrame()
    rows = []
    for code, name in zip(provinces["code"].astype(int), provinces["name"], strict=True):
        if code in published:
            continue
        got = counts.loc[code] if code in counts.index else pd.Series(dtype=int)
        filled = {m: int(got.get(m, 0)) for m in ("carried_forward", "national_split")}
        missing = max(days - sum(filled.values()), 0)
        main = max(filled, key=filled.get) if any(filled.values()) else "missing"
        rows.append(
            {
                "code": code,
                "name": str(name),
                "days": days,
                **filled,
                "missing": missing,
                "fill": main,
                "rule": f"{main}: {CASE_FILL_RULES[main]}",
            }  # fmt: skip
        )
    return pd.DataFrame(rows, columns=cols)


def unpublished_warning(row: dict | pd.Series) -> str:
    """One line naming a province without published case figures and the rule used."""
    return (
        f"province {int(row['code'])} {row['name']} has no published case figure "
        f"(its case file is missing or empty): filled by {row['rule']} "
        f"({int(row['national_split'])} of {int(row['days'])} days split, "
        f"{int(row['missing'])} missing)"
    )


# ============================================================ incidence and bed methods
# Both run on arrays: one row per day, one column per province (``DailyInputs``), so the
# plan can ask for 35 days at the price of one. ``geo.calibration`` fits their one free
# parameter each to the reported figures and builds the interval from held-out errors.


@dataclass(frozen=True)
class DailyInputs:
    """What the incidence and bed methods read, as arrays (days x provinces).

    ``new_cases_window``: new cases reported over the last ``window_days`` days (NaN
    where the province has no series); ``covid_beds``: COVID-19 isolation + ICU beds;
    ``occupancy``: their occupied share (0..1); ``beds_rule`` / ``occupancy_rule``: how
    each figure was had ("published", "interpolated", "nearest", "national_share",
    "national", "" = unknown); ``baseline_t_per_day``: non-COVID demand per province."""

    dates: pd.DatetimeIndex
    codes: np.ndarray
    new_cases: np.ndarray
    covid_beds: np.ndarray
    beds_rule: np.ndarray
    occupancy: np.ndarray
    occupancy_rule: np.ndarray
    baseline_t_per_day: np.ndarray

    def row(self, date: str | pd.Timestamp) -> int:
        """Index of ``date`` in ``dates`` (DataError when outside)."""
        day = pd.Timestamp(date).normalize()
        pos = self.dates.get_indexer([day])[0]
        if pos < 0:
            raise DataError(
                f"no demand inputs on {day:%Y-%m-%d}: they cover "
                f"{self.dates[0]:%Y-%m-%d} to {self.dates[-1]:%Y-%m-%d}",
                layer="cases",
            )
        return int(pos)


BED_TYPES: tuple[str, ...] = ("covid", "isolation", "icu")
"""Bed facts: ``covid`` = isolation + ICU beds for COVID-19, or one of the two."""

BED_FACT_COLUMNS: list[str] = [
    "fact_id",
    "date",
    "province_code",
    "bed_type",
    "beds",
    "occupied",
    "occupancy",
    "source",
]


def bed_facts_table(
    df: pd.DataFrame, *, file: str = "bed_occupancy.csv"
) -> tuple[pd.DataFrame, list[str]]:
    """Validate bed and occupancy facts; return them tidy with the notes on bad rows.

    ``df``: ``fact_id, date, province_code`` (0 = national), ``bed_type`` (one of
    :data:`BED_TYPES`), ``beds``, ``occupied``, ``occupancy_pct``, ``source`` (a fact may
    give beds, occupied beds, a percentage, or several). A row with an unreadable date,
    code or bed type is dropped; an occupancy outside 0-100% or more occupied than
    available beds leaves that row's occupancy unknown (its bed count stays). Each kind of
    problem is one counted note naming the facts. Returns ``BED_FACT_COLUMNS``
    (``occupancy`` a fraction, from the percentage or occupied / beds) and the notes."""
    need = ["fact_id", "date", "province_code", "bed_type", "beds", "occupied", "occupancy_pct"]
    for col in need + ["source"]:
        if col not in df.columns:
            raise DataError(f"bed facts have no column '{col}'", file=file, column=col)
    notes: list[str] = []
    ids = df["fact_id"].astype(str)
    dates = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    codes = pd.to_numeric(df["province_code"], errors="coerce")
    kind = df["bed_type"].astype(str).str.strip().str.lower()
    beds = pd.to_numeric(df["beds"], errors="coerce")
    occupied = pd.to_numeric(df["occupied"], errors="coerce")
    pct = pd.to_numeric(df["occupancy_pct"], errors="coerce")

    def note(mask: pd.Series, what: str) -> None:
        if mask.any():
            named = ", ".join(
                f"{i} (row {r + 2})" for i, r in zip(ids[mask], df.index[mask], strict=True)
            )
            notes.append(f"{file}: {int(mask.sum())} {what}: {named}")

    unusable = dates.isna() | codes.isna() | ~kind.isin(BED_TYPES)
    note(unusable, "facts dropped (unreadable date, province code or bed type)")
    bad_beds = beds.notna() & (beds <= 0)
    note(bad_beds, "bed counts not positive, left unknown")
    beds = beds.where(~bad_beds)
    share = pct / 100.0
    derived = occupied / beds
    share = share.where(share.notna(), derived)
    over = occupied.notna() & beds.notna() & (occupied > beds)
    outside = share.notna() & ((share < 0) | (share > 1)) & ~over
    note(outside, "occupancies outside 0-100%, left unknown")
    note(over, "facts with more beds occupied than available, occupancy left unknown")
    share = share.where(~(outside | over))
    out = pd.DataFrame(
        {
            "fact_id": ids,
            "date": dates,
            "province_code": codes,
            "bed_type": kind,
            "beds": beds,
            "occupied": occupied,
            "occupancy": share,
            "source": df["source"].fillna("").astype(str),
        }
    )[~unusable]
    out["province_code"] = out["province_code"].astype(int)
    return out.reset_index(drop=True)[BED_FACT_COLUMNS], notes


def _fill_in_time(
    points: dict[int, list[tuple[float, float]]], codes: np.ndarray, days: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per code, values on ``days`` from dated points: the figure on its own day
    ("published"), a straight line between two ("interpolated"), the nearest figure
    before the first or after the last ("nearest"). Codes without points: NaN, ""."""
    value = np.full((len(days), len(codes)), np.nan)
    rule = np.full((len(days), len(codes)), "", dtype=object)
    for j, code in enumerate(codes):
        pts = sorted(points.get(int(code), []))
        if not pts:
            continue
        x = np.array([p[0] for p in pts])
        y = np.array([p[1] for p in pts])
        x, first = np.unique(x, return_index=True)  # one figure per day: the first
        y = y[first]
        value[:, j] = np.interp(days, x, y)
        rule[:, j] = np.where(
            np.isin(days, x),
            "published",
            np.where((days < x[0]) | (days > x[-1]), "nearest", "interpolated"),
        )
    return value, rule


def bed_series(
    facts: pd.DataFrame,
    *,
    dates: pd.DatetimeIndex,
    codes: np.ndarray,
    hospital_beds: pd.Series,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """COVID-19 beds and occupancy per day and province from dated facts.

    ``facts``: :func:`bed_facts_table`; ``hospital_beds``: all beds per province (the
    hospital layer). Occupancy: a province's own ``covid`` figures, else its
    ``isolation`` ones, filled in time by :func:`_fill_in_time`; a province with none
    takes the national figure ("national"). Beds: a province's own counts (``covid``, or
    isolation + ICU of one day, or isolation alone), filled in time; the provinces with
    none share what the national COVID-19 bed count of the day leaves after the others, by
    their hospital beds ("national_share"). Returns ``covid_beds, beds_rule, occupancy, occupancy_rule``."""
    days = ((dates - pd.Timestamp("2020-01-01")).days).to_numpy(dtype=float)
    f = facts.assign(
        date=pd.to_datetime(facts["date"]),
        province_code=pd.to_numeric(facts["province_code"]),
        beds=pd.to_numeric(facts["beds"]),
        occupancy=pd.to_numeric(facts["occupancy"]),
    )
    f["day"] = (f["date"] - pd.Timestamp("2020-01-01")).dt.days.astype(float)
    occ_pts: dict[int, list[tuple[float, float]]] = {}
    for kind in ("covid", "isolation"):
        sub = f[(f["bed_type"] == kind) & f["occupancy"].notna()]
        for code, grp in sub.groupby("province_code"):
            if int(code) not in occ_pts:
                occ_pts[int(code)] = list(zip(grp["day"], grp["occupancy"], strict=True))
    bed_pts: dict[int, list[tuple[float, float]]] = {}
    counted = f[f["beds"].notna()]
    for (code, day), grp in counted.groupby(["province_code", "day"]):
        kinds = dict(zip(grp["bed_type"], grp["beds"], strict=False))
        if "covid" in kinds:
            total = kinds["covid"]
        elif "isolation" in kinds:
            total = kinds["isolation"] + kinds.get("icu", 0.0)
        else:
            continue  # ICU alone is not a count of COVID-19 beds
        bed_pts.setdefault(int(code), []).append((day, float(total)))
    all_codes = np.asarray(codes, dtype=int)
    occupancy, occ_rule = _fill_in_time(occ_pts, all_codes, days)
    national_occ, _ = _fill_in_time(occ_pts, np.array([0]), days)
    gap = occ_rule == ""
    occupancy = np.where(gap, national_occ[:, [0]], occupancy)
    occ_rule = np.where(gap & ~np.isnan(occupancy), "national", occ_rule)
    beds, bed_rule = _fill_in_time(bed_pts, all_codes, days)
    national_beds, _ = _fill_in_time(bed_pts, np.array([0]), days)
    hb = pd.Series(hospital_beds, dtype=float).reindex(all_codes).fillna(0.0).to_numpy()
    gap = bed_rule == ""
    # the provinces without a count share what the national count leaves after the
    # provinces with one, by their hospital beds (not the whole national count: Java-Bali
    # converted more of its beds, 69% of the COVID-19 beds on 20 Jul 2021 for 55% of all)
    known = np.where(gap, 0.0, np.nan_to_num(beds)).sum(axis=1)
    remaining = np.maximum(national_beds[:, 0] - known, 0.0)
    weight = np.where(gap, hb[None, :], 0.0)
    total = weight.sum(axis=1, keepdims=True)
    share = np.divide(weight, total, out=np.full_like(weight, np.nan), where=total > 0)
    beds = np.where(gap, remaining[:, None] * share, beds)
    bed_rule = np.where(gap & ~np.isnan(beds), "national_share", bed_rule)
    return beds, bed_rule, occupancy, occ_rule


def daily_new_cases(
    new_cases: pd.DataFrame, *, dates: pd.DatetimeIndex, codes: np.ndarray, window_days: int
) -> np.ndarray:
    """New cases reported over the ``window_days`` days up to each date (days x codes).

    A day without a figure inside the window counts as the window's mean (so a gap does
    not read as a fall); a province without any figure in the window is NaN."""
    if not len(new_cases):
        return np.full((len(dates), len(codes)), np.nan)
    wide = (
        new_cases.pivot_table(
            index="date", columns="province_code", values="new_cases", aggfunc="first"
        )
        .reindex(index=dates, columns=np.asarray(codes, dtype=int))
        .astype(float)
    )
    mean = wide.rolling(int(window_days), min_periods=1).mean()
    return (mean * int(window_days)).to_numpy()


def method_arrays(
    inputs: DailyInputs,
    *,
    method: Literal["cases", "beds"],
    params: DemandParams,
) -> dict[str, np.ndarray]:
    """Demand of every day and province (t/day): ``hospital``, ``home``, ``baseline``,
    ``demand`` (their sum) and the patient counts behind them.

    - ``cases`` (incidence, ESFT's structure): patients on oxygen = new cases of the
      last ``days_on_oxygen`` days x ``oxygen_share``; in hospital at most the
      province's COVID-19 beds, at ``severe_share`` x severe flow + ``critical_share`` x
      critical flow; the rest at home at ``home_flow_lpm`` (cylinders, concentrators).
    - ``beds`` (the Ministry's): occupied COVID-19 beds x ``covid_bed_flow_lpm``; the
      home demand (patients on oxygen by the incidence count beyond the occupied beds, at
      ``home_flow_lpm``) is shown apart and is not in ``demand``, as in the Ministry's
      bed-based figures.
    A province without the method's input is NaN."""
    t_per_lpm = LPM_TO_M3_PER_DAY / M3_GAS_PER_TONNE_LOX
    base = np.broadcast_to(inputs.baseline_t_per_day[None, :], inputs.covid_beds.shape)
    if method == "cases":
        patients = inputs.new_cases * params.oxygen_share
        cap = np.where(np.isnan(inputs.covid_beds), np.inf, inputs.covid_beds)
        in_hospital = np.minimum(patients, cap)
        at_home = patients - in_hospital
        flow = params.severe_share * params.severe_flow_lpm
        flow += params.critical_share * params.critical_flow_lpm
        if params.severe_share + params.critical_share > 0:
            flow /= params.severe_share + params.critical_share  # per patient on oxygen
        hospital = in_hospital * flow * t_per_lpm
        home = at_home * params.home_flow_lpm * t_per_lpm
        demand = hospital + home + base
    elif method == "beds":
        in_hospital = inputs.covid_beds * inputs.occupancy
        hospital = in_hospital * params.covid_bed_flow_lpm * t_per_lpm
        # shown apart, not in ``demand``: patients on oxygen (incidence) beyond the
        # occupied beds draw cylinders at home; the Ministry's figure counts beds only
        at_home = np.maximum(inputs.new_cases * params.oxygen_share - in_hospital, 0.0)
        home = at_home * params.home_flow_lpm * t_per_lpm
        demand = hospital + base
    else:
        raise DataError(f"unknown method {method!r}: use 'cases' or 'beds'")
    return {
        "hospital": hospital,
        "home": home,
        "baseline": np.array(base),
        "demand": demand,
        "patients_in_hospital": in_hospital,
        "patients_at_home": at_home,
    }


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
    """Demand per province on a date: ``code, name, demand_t_per_day, low, high,
    hospital_t_per_day, home_t_per_day`` and what is behind them.

    ``method``: "auto" (the method with the smaller leave-one-out error on the reported
    figures), "cases" (incidence: new cases x share on oxygen x days on oxygen, capped by
    COVID-19 beds, the rest at home), "beds" (occupied COVID-19 beds x flow, the
    Ministry's), or "active" (the earlier active-case model, its band from parameter
    corners). ``preset``: "calibrated" (the fitted parameter) or "who" (WHO values);
    ``overrides`` change parameters on top. ``low``/``high``: the 80% interval from the
    held-out errors (``geo.calibration``); ``table.attrs['interval']`` says its level and
    basis. Columns ``beds_rule``/``occupancy_rule`` and ``filled`` say how beds and
    occupancy were had (a province without its own figure takes the national one);
    ``method``/``imputed``/``date_used`` say how the case figure was had. A province
    without the method's input is a row marked missing, with its reason."""
    if method == "active":
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
    if method not in ("auto", "cases", "beds"):
        raise DataError(f"unknown demand method {method!r}: use auto, cases, beds or active")
    if not len(pack.cases) and not len(pack.new_cases):
        raise DataError("the pack has no case data", layer="cases")
    chosen = _calibration().setting(pack, method=method, preset=preset, overrides=overrides)
    inputs = _calibration().inputs_for(pack, chosen.params)
    first, last = inputs.dates[0], inputs.dates[-1]
    for bad, word in ((pd.Timestamp(date) < first, "before"), (pd.Timestamp(date) > last, "after")):
        if bad:
            raise DataError(
                f"no case data on or {word} {date}: the pack covers "
                f"{first:%Y-%m-%d} to {last:%Y-%m-%d}",
                layer="cases",
            )
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
    if len(pack.cases):  # how the case figure was had (the bed method's home estimate too)
        cases = active_cases_on(pack.cases, date)
        table = table.merge(case_provenance(pack.cases, cases), on="code", how="left")
        table["method"] = table["method"].fillna("reported")
        table["imputed"] = table["imputed"].fillna(False).astype(bool)
    else:
        table["method"] = chosen.method
        table["imputed"] = False
        table["date_used"] = pd.NaT
    table["missing_reason"] = ""
    gap = ~np.isfinite(table["demand_t_per_day"].to_numpy(dtype=float))
    if gap.any():  # a province without the method's input is listed as missing
        reason = (
            f"no new-case figure in the {int(round(chosen.params.days_on_oxygen))} days to {date}"
            if chosen.method == "cases"
            else "no COVID-19 bed or occupancy figure, and no national one to fill it"
        )
        for col in ("demand_t_per_day", "low", "high", "demand_m3_per_day"):
            table.loc[gap, col] = 0.0
        table.loc[gap, ["method", "missing_reason"]] = ["missing", reason]
        table.loc[gap, "imputed"] = True
    table = table.sort_values("code").reset_index(drop=True)
    table.attrs["interval"] = chosen.interval()
    return table


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
    """The long table ``province_code, date, demand_t_per_day, low, high,
    hospital_t_per_day, home_t_per_day`` over ``dates`` (one array pass; the plan's
    input). Missing inputs are 0 demand, as in :func:`province_demand`."""
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
        first, last = pack.dates[0], pack.dates[-1]
        if pd.Timestamp(date) < first:
            raise DataError(
                f"no case data on or before {date}: the pack covers "
                f"{first:%Y-%m-%d} to {last:%Y-%m-%d}",
                layer="cases",
            )
        if pd.Timestamp(date) > last:  # a date past the series is refused, not carried
            raise DataError(
                f"no case data on or after {date}: the pack covers "
                f"{first:%Y-%m-%d} to {last:%Y-%m-%d}",
                layer="cases",
            )
        cases = active_cases_on(pack.cases, date)
        table = estimate_demand(cases=cases, method="cases", params=params, population=population)
    elif method == "beds":
        beds = pack.hospitals[["province_code", "beds"]]
        if not len(beds) or float(beds["beds"].sum()) <= 0:
            raise DataError(
                "the bed method needs hospital bed counts, and this pack's hospitals have "
                "none (map a beds column in [hospitals], or use the case method)",
                file=pack.reports["hospitals"].source if "hospitals" in pack.reports else None,
                column="beds",
                layer="hospitals",
            )
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
    absent = provinces.loc[~provinces["code"].isin(table["code"]), ["code", "name"]]
    if len(absent):  # a province the layer lacks is listed as missing, with its reason
        reason = (
            "no bed data for this province"
            if cases is None
            else f"no case figure on {date} or in the 7 days before, and no national "
            "figure to split"
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
        table = pd.concat([table, rows], ignore_index=True)
    return table.sort_values("code").reset_index(drop=True)
