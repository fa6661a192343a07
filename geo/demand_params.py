"""The demand model's parameters: :class:`DemandParams`, each parameter's label, unit, range,
default and source (:data:`PARAM_SPECS`, :data:`INCIDENCE_SPECS`), the low/central/high
presets, :data:`MODEL_LIMITS`, the non-COVID baseline and the table checks the
estimators share. Re-exported by :mod:`geo.demand`."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, fields, replace
from typing import Literal

import numpy as np
import pandas as pd

from geo.crosswalk import JAVA_BALI
from geo.errors import DataError, DataWarning
from geo.settings import LPM_TO_M3_PER_DAY, M3_GAS_PER_TONNE_LOX

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
