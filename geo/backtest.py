"""Backtest: modelled oxygen demand against every reported demand figure.

A reported figure is a fact with a citation: a date, a region (one province, several,
or the whole country) and a demand in t/day. ``data/reported_demand.csv`` holds the
figures the embedded pack ships (Kemenkes's Java-Bali series, the per-province figures
of 10 July 2021, Jawa Timur's own figure, the national estimate), one source per row;
``read_reported_demand`` also reads the shared facts file
(``oxygen/oxygen_facts_2021.csv``: ``fact_id, topic, value, unit, as_of, ...``).

``backtest`` runs the demand model (``geo.demand.province_demand``) on each figure's
date and region and reports the central value, the interval and the error, with the
leave-one-out prediction of each figure (``geo.calibration`` fits the methods and builds
the interval from held-out errors). ``calibrate_hospitalised_share`` is the earlier
one-parameter fit of the active-case model (``method="active"``), kept as a named
scenario.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo import loaders
from geo.crosswalk import JAVA_BALI, normalise_code
from geo.demand import PARAM_SPECS, PARAMS_CENTRAL, DemandParams, province_demand
from geo.errors import DataError, DataWarning
from geo.packs import EMBEDDED_DIR, Pack

REPORTED_DEMAND: Path = EMBEDDED_DIR / "reported_demand.csv"
"""The reported demand figures shipped with the embedded pack (facts with sources)."""

FACT_COLUMNS: list[str] = [
    "fact_id",
    "date",
    "region",
    "province_codes",
    "reported_t_per_day",
    "source",
]

BACKTEST_COLUMNS: list[str] = [
    "fact_id",
    "date",
    "region",
    "reported_t_per_day",
    "central_t_per_day",
    "low_t_per_day",
    "high_t_per_day",
    "error_t_per_day",
    "abs_error_t_per_day",
    "rel_error",
    "within_band",
    "provinces",
    "imputed_provinces",
    "scenario",
    "source",
]

# topics of the shared facts file that are demand figures, and their regions
_FACT_TOPICS: dict[str, tuple[str, str]] = {
    "demand_java_bali": ("Jawa-Bali", ";".join(str(c) for c in JAVA_BALI)),
    "demand_national": ("Indonesia", "all"),
}


def read_reported_demand(path: Path | str = REPORTED_DEMAND) -> pd.DataFrame:
    """Reported demand figures as ``fact_id, date, region, province_codes,
    reported_t_per_day, source`` (``province_codes`` a tuple of ints, empty = all).

    Reads this project's ``reported_demand.csv`` or the shared facts file
    (``topic``/``as_of``/``value``/``source_url``; only Java-Bali and national demand
    rows with a full date are used, others are skipped with a :class:`DataWarning`).
    Bad rows raise :class:`DataError` naming file, row and column."""
    path = Path(path)
    df = loaders.read_csv(path)
    if "topic" in df.columns:
        df = _from_facts_file(df, path)
    loaders.require_columns(df, {c: c for c in FACT_COLUMNS}, file=str(path))
    values = loaders.to_number(
        df["reported_t_per_day"], file=str(path), column="reported_t_per_day"
    )
    dates = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    for column, bad in (
        ("date", dates.isna()),
        ("reported_t_per_day", values.isna() | (values <= 0)),
    ):
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataError(
                f"'{df[column].iloc[pos]}' is not a valid {column.replace('_', ' ')}",
                file=str(path),
                row=int(df.index[pos]) + 2,
                column=column,
            )
    codes = [
        _parse_codes(text, path=path, row=int(i) + 2)
        for i, text in zip(df.index, df["province_codes"], strict=True)
    ]
    return pd.DataFrame(
        {
            "fact_id": df["fact_id"].astype(str).to_numpy(),
            "date": dates.to_numpy(),
            "region": df["region"].astype(str).to_numpy(),
            "province_codes": codes,
            "reported_t_per_day": values.to_numpy(),
            "source": df["source"].fillna("").astype(str).to_numpy(),
        }
    )


def _from_facts_file(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    loaders.require_columns(
        df,
        {"topic": "topic", "value": "value", "as_of": "as_of", "source": "source_url"},
        file=str(path),
    )
    demand = df[df["topic"].str.startswith("demand_", na=False)]
    usable = demand["topic"].isin(list(_FACT_TOPICS)) & demand["as_of"].str.fullmatch(
        r"\d{4}-\d{2}-\d{2}", na=False
    )
    skipped = demand[~usable]
    if len(skipped):
        warnings.warn(
            f"{path.name}: {len(skipped)} demand facts skipped (no full date or no "
            f"province code): {', '.join(skipped.get('fact_id', skipped['topic']).astype(str))}",
            DataWarning,
            stacklevel=3,
        )
    rows = demand[usable]
    return pd.DataFrame(
        {
            "fact_id": rows["fact_id"] if "fact_id" in rows else rows["topic"],
            "date": rows["as_of"],
            "region": rows["topic"].map(lambda t: _FACT_TOPICS[t][0]),
            "province_codes": rows["topic"].map(lambda t: _FACT_TOPICS[t][1]),
            "reported_t_per_day": rows["value"],
            "source": rows["source_url"],
        },
        index=rows.index,  # rows keep their position in the file for error messages
    )


def _parse_codes(text: object, *, path: Path, row: int) -> tuple[int, ...]:
    value = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    if value.strip().lower() == "all":
        return ()
    codes = []
    for part in value.split(";"):
        code = normalise_code(part.strip())
        if code is None:
            raise DataError(
                f"'{part.strip()}' is not a province code (use codes like 31;32 or 'all')",
                file=str(path),
                row=row,
                column="province_codes",
            )
        codes.append(code)
    if not codes:
        raise DataError("no province code", file=str(path), row=row, column="province_codes")
    return tuple(codes)


def backtest(
    pack: Pack,
    *,
    facts: Path | str | pd.DataFrame = REPORTED_DEMAND,
    params: DemandParams | None = None,
    method: str = "auto",
    preset: str = "calibrated",
    overrides: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Modelled demand (central, low, high) against every reported figure in ``facts``.

    ``facts``: a path read by :func:`read_reported_demand`, or its result. ``method``,
    ``preset`` and ``overrides`` as in ``geo.demand.province_demand``; ``params`` (the
    earlier active-case model only, ``method="active"``) sets its central parameters.
    For each figure the model runs on the figure's date and sums the figure's provinces
    (all of the pack's for a national figure).

    Returns one row per figure: ``fact_id, date, region, reported_t_per_day,
    central_t_per_day, low_t_per_day, high_t_per_day, error_t_per_day`` (central -
    reported), ``abs_error_t_per_day, rel_error`` ((central - reported) / reported),
    ``within_band`` (low <= reported <= high), ``provinces`` (count summed),
    ``imputed_provinces`` (of those, how many had an imputed or filled figure),
    ``scenario`` and ``source``. With the calibrated preset and no overrides, the
    leave-one-out columns follow: ``predicted_loo, rel_error_loo, inside_loo`` (the
    figure predicted by a fit that did not see it, and whether it fell inside an
    interval built from the other figures' held-out errors)."""
    table = facts if isinstance(facts, pd.DataFrame) else read_reported_demand(facts)
    missing = [c for c in FACT_COLUMNS if c not in table.columns]
    if missing:
        raise DataError(f"`facts` has no column '{missing[0]}'", column=missing[0])
    if method == "active":
        params = params or PARAMS_CENTRAL
        overrides = None if params == PARAMS_CENTRAL else params.to_dict()
        scenario = params.name
    else:
        scenario = None  # each figure's: the method its demand used, and the preset
    by_date: dict[pd.Timestamp, pd.DataFrame] = {}
    rows = []
    for fact in table.itertuples(index=False):
        day = pd.Timestamp(fact.date).normalize()
        if day not in by_date:
            by_date[day] = province_demand(
                pack,
                date=day.strftime("%Y-%m-%d"),
                method=method,
                overrides=overrides,
                preset=preset,
            ).set_index("code")
        rows.append(_fact_row(fact, day, by_date[day], scenario=scenario, preset=preset))
    out = pd.DataFrame(rows, columns=BACKTEST_COLUMNS)
    if method != "active" and preset == "calibrated" and not overrides and len(out):
        out = _with_leave_one_out(out, pack)
    return out


def _fact_row(
    fact: Any, day: pd.Timestamp, demand: pd.DataFrame, *, scenario: str | None, preset: str
) -> dict:
    """One reported figure beside the model's demand on its day, summed over the
    figure's provinces (all of them for a national figure). ``scenario`` None: named
    after the demand's method and ``preset``."""
    codes = list(fact.province_codes) or list(demand.index)
    absent = [c for c in codes if c not in demand.index]
    if absent:
        raise DataError(
            f"fact '{fact.fact_id}' names provinces {absent} that the pack's demand "
            f"table lacks on {day:%Y-%m-%d}",
            column="province_codes",
        )
    sub = demand.loc[codes]
    central = float(sub["demand_t_per_day"].sum())
    low, high = float(sub["low"].sum()), float(sub["high"].sum())
    reported = float(fact.reported_t_per_day)
    if scenario is None:
        scenario = f"{sub['demand_method'].iloc[0]}-{preset}"
    return {
        "fact_id": fact.fact_id,
        "date": day,
        "region": fact.region,
        "reported_t_per_day": reported,
        "central_t_per_day": central,
        "low_t_per_day": low,
        "high_t_per_day": high,
        "error_t_per_day": central - reported,
        "abs_error_t_per_day": abs(central - reported),
        "rel_error": (central - reported) / reported,
        "within_band": bool(low <= reported <= high),
        "provinces": len(codes),
        "imputed_provinces": int(sub["imputed"].sum()) if "imputed" in sub else 0,
        "scenario": scenario,
        "source": fact.source,
    }


def _with_leave_one_out(out: pd.DataFrame, pack: Pack) -> pd.DataFrame:
    """The backtest with each figure's leave-one-out prediction (geo.calibration)."""
    from geo import calibration

    cal = calibration.calibration_for(pack)
    used = out["scenario"].iloc[0].split("-")[0]
    loo = cal.fits[used].loo.set_index("fact_id")
    out["predicted_loo"] = out["fact_id"].map(loo["predicted_loo"])
    out["rel_error_loo"] = out["fact_id"].map(loo["rel_error"])
    out["inside_loo"] = out["fact_id"].map(loo["inside"])
    return out


def region_series(pack: Pack, demand_for: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
    """Modelled demand (central, low, high) of every region a reported figure names, on
    every day of the pack from a week before the first figure to a week after the last;
    ``demand_for(date)`` is the province demand table of a date. Long table ``region,
    date, central_t_per_day, low_t_per_day, high_t_per_day``."""
    figures = read_reported_demand()
    regions = figures.drop_duplicates("region")[["region", "province_codes"]]
    span = pack.dates
    first, last = (span[0], span[-1]) if span else (pd.Timestamp.max, pd.Timestamp.min)
    dates = [
        d.strftime("%Y-%m-%d")
        for d in pd.date_range(
            figures["date"].min() - pd.Timedelta(days=7),
            figures["date"].max() + pd.Timedelta(days=7),
        )
        if first <= d <= last
    ]
    rows = []
    for d in dates:
        table = demand_for(d).set_index("code")
        for reg in regions.itertuples(index=False):
            codes = reg.province_codes or tuple(table.index)
            sub = table.loc[[c for c in codes if c in table.index]]
            rows.append(
                {
                    "region": reg.region,
                    "date": pd.Timestamp(d),
                    "central_t_per_day": float(sub["demand_t_per_day"].sum()),
                    "low_t_per_day": float(sub["low"].sum()),
                    "high_t_per_day": float(sub["high"].sum()),
                }
            )
    return pd.DataFrame(rows)


def leave_one_out_summary(pack: Pack, *, method: str = "auto") -> dict:
    """The held-out fit of a calibrated method on the pack: ``median_abs_error`` (of
    the leave-one-out relative errors), ``coverage`` (share of figures inside an 80%
    interval built without them), ``n``, and the method, its parameter and level."""
    from geo import calibration

    cal = calibration.calibration_for(pack)
    return cal.summary(None if method == "auto" else method)


def backtest_summary(result: pd.DataFrame) -> dict[str, float]:
    """Fit of one backtest: figures, share within the band, median and mean absolute
    relative error, and the median signed relative error (bias)."""
    rel = result["rel_error"].to_numpy(dtype=float)
    return {
        "figures": int(len(result)),
        "within_band_share": float(result["within_band"].mean()) if len(result) else np.nan,
        "median_abs_rel_error": float(np.median(np.abs(rel))) if len(rel) else np.nan,
        "mean_abs_rel_error": float(np.mean(np.abs(rel))) if len(rel) else np.nan,
        "median_rel_error": float(np.median(rel)) if len(rel) else np.nan,
    }


CALIBRATED_NAME = "calibrated-hospitalised-share"


def calibrate_hospitalised_share(
    pack: Pack,
    *,
    facts: Path | str | pd.DataFrame = REPORTED_DEMAND,
    base: DemandParams = PARAMS_CENTRAL,
) -> tuple[DemandParams, pd.DataFrame]:
    """The ``hospitalised_share`` that best fits the reported figures, as a named
    scenario (``CALIBRATED_NAME``), with its backtest.

    Demand is linear in ``hospitalised_share`` (COVID part) plus a fixed baseline, so
    the share minimising the sum of squared *relative* errors has a closed form:
    ``s = s0 x sum(c_i (r_i - b_i) / r_i^2) / sum(c_i^2 / r_i^2)`` with ``c_i`` the
    COVID demand at ``s0``, ``b_i`` the baseline and ``r_i`` the reported figure,
    clipped to the parameter's allowed range. Only the case method is calibrated.
    ``base`` is not modified."""
    table = facts if isinstance(facts, pd.DataFrame) else read_reported_demand(facts)
    first = backtest(pack, facts=table, params=base, method="active")
    covid, baseline = _covid_and_baseline(pack, table, base)
    reported = first["reported_t_per_day"].to_numpy(dtype=float)
    weights = 1.0 / reported**2
    denom = float(np.sum(weights * covid**2))
    spec = PARAM_SPECS["hospitalised_share"]
    if denom <= 0:
        raise DataError("no COVID demand on the figures' dates: nothing to calibrate")
    scale = float(np.sum(weights * covid * (reported - baseline))) / denom
    share = float(np.clip(base.hospitalised_share * scale, spec.min, spec.max))
    calibrated = base.with_values(hospitalised_share=round(share, 4), name=CALIBRATED_NAME)
    return calibrated, backtest(pack, facts=table, params=calibrated, method="active")


def _covid_and_baseline(
    pack: Pack, table: pd.DataFrame, params: DemandParams
) -> tuple[np.ndarray, np.ndarray]:
    """Per figure: modelled COVID demand and baseline (t/day) under ``params``."""

    overrides = None if params == PARAMS_CENTRAL else params.to_dict()
    covid, base = [], []
    cache: dict[pd.Timestamp, pd.DataFrame] = {}
    for fact in table.itertuples(index=False):
        day = pd.Timestamp(fact.date).normalize()
        if day not in cache:
            cache[day] = province_demand(
                pack, date=day.strftime("%Y-%m-%d"), method="active", overrides=overrides
            ).set_index("code")
        demand = cache[day]
        sub = demand.loc[list(fact.province_codes) or list(demand.index)]
        b = float(sub["baseline_t_per_day"].sum())
        base.append(b)
        covid.append(float(sub["demand_t_per_day"].sum()) - b)
    return np.array(covid), np.array(base)


GROWTH_COLUMNS: list[str] = [
    "region",
    "from_date",
    "to_date",
    "reported_from",
    "reported_to",
    "reported_ratio",
    "modelled_ratio",
    "occupied_beds_ratio",
    "new_cases_ratio",
    "beds_held",
    "steepest_from",
    "steepest_to",
    "steepest_reported_ratio",
    "steepest_beds_ratio",
]


def growth(
    table: pd.DataFrame,
    demand_for: Callable[[str], pd.DataFrame],
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How much each region's demand grew between its first and last reported figure:
    reported, modelled, and the two inputs the model grows from (occupied COVID-19 beds,
    new cases of the last days), all as ratios last / first, and ``beds_held``: how many
    of the region's provinces had their bed count held at the nearest published figure on
    the last date (no published count near it: their beds cannot grow).

    The ``steepest_*`` columns are the region's steepest step between two consecutive
    reported figures (``steepest_from``/``steepest_to``, the reported ratio and occupied
    beds' over the same days): a reported step far steeper than the beds behind it says
    the figures are not all on one basis, whatever the model. A reported growth larger
    than both inputs' is one the model cannot follow with a fixed flow per patient: the
    Method page says so rather than fitting it.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`backtest` table.
    demand_for : callable
        ``demand_for(date)``: the province demand table of a date (``covid_beds``,
        ``occupancy``, ``new_cases_window``).
    facts : pandas.DataFrame, optional
        The figures (default :func:`read_reported_demand`) for the provinces each region
        sums.

    Returns
    -------
    pandas.DataFrame
        One row per region (:data:`GROWTH_COLUMNS`); a region with one figure, or two on
        the same day, has no row.
    """
    facts = read_reported_demand() if facts is None else facts
    codes_of = dict(zip(facts["fact_id"], facts["province_codes"], strict=True))
    rows = []
    for region, figures in table.sort_values("date").groupby("region", sort=False):
        figures = figures.drop_duplicates("date", keep="last")
        if len(figures) < 2:
            continue
        inputs = [_growth_inputs(fig, demand_for, codes_of) for _, fig in figures.iterrows()]
        first, last = figures.iloc[0], figures.iloc[-1]
        reported = figures["reported_t_per_day"].to_numpy(dtype=float)
        steps = np.divide(
            reported[1:], reported[:-1], out=np.zeros(len(reported) - 1), where=reported[:-1] > 0
        )
        step = int(np.argmax(steps))
        rows.append(
            {
                "region": region,
                "from_date": pd.Timestamp(first["date"]),
                "to_date": pd.Timestamp(last["date"]),
                "reported_from": float(first["reported_t_per_day"]),
                "reported_to": float(last["reported_t_per_day"]),
                "reported_ratio": _ratio(last["reported_t_per_day"], first["reported_t_per_day"]),
                "modelled_ratio": _ratio(last["central_t_per_day"], first["central_t_per_day"]),
                "occupied_beds_ratio": _ratio(inputs[-1][0], inputs[0][0]),
                "new_cases_ratio": _ratio(inputs[-1][1], inputs[0][1]),
                "beds_held": inputs[-1][2],
                "steepest_from": pd.Timestamp(figures.iloc[step]["date"]),
                "steepest_to": pd.Timestamp(figures.iloc[step + 1]["date"]),
                "steepest_reported_ratio": _ratio(reported[step + 1], reported[step]),
                "steepest_beds_ratio": _ratio(inputs[step + 1][0], inputs[step][0]),
            }
        )
    return pd.DataFrame(rows, columns=GROWTH_COLUMNS)


def _growth_inputs(
    fig: pd.Series, demand_for: Callable[[str], pd.DataFrame], codes_of: dict
) -> tuple[float, float, int]:
    """Occupied COVID-19 beds, new cases of the window and provinces with held beds,
    summed over the provinces a reported figure covers, on its date."""
    demand = demand_for(pd.Timestamp(fig["date"]).strftime("%Y-%m-%d")).set_index("code")
    codes = [c for c in (codes_of.get(fig["fact_id"]) or demand.index) if c in demand.index]
    sub = demand.loc[codes]
    beds = (
        float((sub["covid_beds"] * sub["occupancy"]).sum())
        if {"covid_beds", "occupancy"} <= set(sub.columns)
        else np.nan
    )
    cases = float(sub["new_cases_window"].sum()) if "new_cases_window" in sub else np.nan
    held = int((sub["beds_rule"] == "nearest").sum()) if "beds_rule" in sub else 0
    return beds, cases, held


def _ratio(to: float, base: float) -> float:
    to, base = float(to), float(base)
    return to / base if base > 0 and np.isfinite(to) else np.nan
