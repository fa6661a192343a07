"""The daily inputs of the demand methods: active cases on a date, case gaps filled
(carried forward, national split) with imputed counts and provenance, provinces
with no published cases, bed facts and bed series, new cases, and the day x province
arrays each method reads (:func:`method_arrays`). Re-exported by :mod:`geo.demand`."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from geo.demand_params import JAVA_BALI_CODES, DemandParams, _codes, _require
from geo.errors import DataError, DataWarning
from geo.settings import LPM_TO_M3_PER_DAY, M3_GAS_PER_TONNE_LOX


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
    value, method, used = _carry_forward(wide, carry_forward_days)
    if nat is not None and population is not None:
        nat_value = (
            nat.drop_duplicates("date").set_index("date")["active_cases"].reindex(dates).to_numpy()
        )
        pop = pd.Series(population, dtype=float).reindex(codes).to_numpy()
        value = _national_split(value, method, nat_value, pop)

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


def _carry_forward(
    wide: np.ndarray, carry_forward_days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days x provinces: the published figure, else the last one for at most
    ``carry_forward_days`` days. Returns the values (NaN where neither), the method
    ("reported", "carried_forward" or "") and the day index of the figure used."""
    reported = ~np.isnan(wide)
    day = np.arange(len(wide), dtype=float)[:, None]
    last = pd.DataFrame(np.where(reported, day, np.nan)).ffill().to_numpy()
    carried = ~reported & ~np.isnan(last) & (day - last <= carry_forward_days)
    value = pd.DataFrame(wide).ffill().to_numpy()
    value = np.where(reported | carried, value, np.nan)
    method = np.full(wide.shape, "", dtype=object)
    method[reported] = "reported"
    method[carried] = "carried_forward"
    return value, method, np.where(carried, last, day)


def _national_split(
    value: np.ndarray, method: np.ndarray, nat_value: np.ndarray, pop: np.ndarray
) -> np.ndarray:
    """Fill the gaps of ``value`` (days x provinces) from the national figure by
    population share, marking them "national_split" in ``method`` (in place)."""
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
    method[gap] = "national_split"
    return np.where(gap, estimate * scale[:, None], value)


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
    isolation + ICU of one day, the ICU count filled in time from the province's other
    ICU counts when the day has none, or isolation alone), filled in time; the provinces with
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
    icu = counted[counted["bed_type"] == "icu"]
    icu_pts = {
        int(c): list(zip(g["day"], g["beds"], strict=True)) for c, g in icu.groupby("province_code")
    }
    for (code, day), grp in counted.groupby(["province_code", "day"]):
        kinds = dict(zip(grp["bed_type"], grp["beds"], strict=False))
        if "covid" in kinds:
            total = kinds["covid"]
        elif "isolation" in kinds:
            # an isolation count without that day's ICU count takes the province's ICU
            # count of the nearest days (filled in time), not none
            if "icu" not in kinds and int(code) in icu_pts:
                held, _ = _fill_in_time({0: icu_pts[int(code)]}, np.array([0]), np.array([day]))
                kinds["icu"] = float(held[0, 0])
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
