"""The cases layer: active cases by province and date (one file, or one per province),
the national series, and the imputation of missing province-days."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import demand as demand_model
from geo import loaders
from geo.crosswalk import code_for_name, normalise_code
from geo.errors import DataError, DataWarning, redact_paths
from geo.packs.common import map_unique, province_codes, required
from geo.packs.model import CASE_COLUMNS
from geo.packs.paths import stays_inside
from geo.packs.schema import toml_line
from geo.report import LayerReport

if TYPE_CHECKING:
    from geo.packs.loader import Loader


CASE_DATE_RANGE = ("2019-12-01", "2035-12-31")  # case dates outside are impossible or typos


def load(ld: Loader, report: LayerReport, provinces: gpd.GeoDataFrame) -> pd.DataFrame:
    """The cases layer: read (:func:`_frames`), cleaned with every dropped row counted
    (:func:`_clean`), then the gaps filled (carried forward, split from the national
    series) and flagged imputed; the new cases and the national series are kept on the
    loader."""
    spec = ld.section("cases")
    date_col, active_col = spec.get("date", "date"), spec.get("active", "active_cases")
    new_col = spec.get("new")
    frames = _frames(ld, report, spec, date_col, active_col, new_col)
    raw = pd.concat(frames, ignore_index=True)  # rows_read counted file by file
    raw = _clean(raw, report, date_col, active_col)
    new = raw[["province_code", "date", "new_cases"]]
    ld.new_cases = new[new["new_cases"].notna()].reset_index(drop=True)
    if len(ld.new_cases):
        report.notes.append(
            f"{len(ld.new_cases)} rows carry new cases (the incidence method's input; a junk "
            "or negative new-case value is left unknown, the row stays)"
        )
    national = raw["province_code"] == 0
    national_rows = raw[national]
    ld.national_cases = national_rows[["date", "active_cases"]].reset_index(drop=True)
    report.rows_kept = len(raw)
    split = bool(spec.get("impute_from_national", True)) and len(national_rows) > 0
    population = (
        provinces.set_index("code")["population"].astype(float)
        if split and "population" in provinces
        else None
    )
    carry_days = spec.get("carry_forward_days", demand_model.CARRY_FORWARD_DAYS)
    if not isinstance(carry_days, int) or carry_days < 0:
        raise DataError(
            "[cases] carry_forward_days must be a whole number of days >= 0",
            file=str(ld.manifest),
        )
    codes = provinces["code"] if len(provinces) else raw.loc[~national, "province_code"]
    cases = demand_model.impute_cases(
        raw[~national],
        provinces=pd.Index(codes.unique()),
        national=national_rows if split else None,
        population=population,
        carry_forward_days=carry_days,
    )
    if len(provinces) and "name" in provinces:
        # a province with no published figure at all (its file missing or empty) changes
        # its demand and the national total: named, with the rule that filled it
        for _, gap in demand_model.unpublished_provinces(cases, provinces).iterrows():
            line = demand_model.unpublished_warning(gap)
            report.notes.append(line)
            warnings.warn(line, DataWarning, stacklevel=2)
    counts = cases["method"].value_counts()
    report.notes.append(
        f"{int(counts.get('carried_forward', 0))} province-days carried forward from the last "
        f"published figure (at most {carry_days} days), "
        f"{int(counts.get('national_split', 0))} split from the national figure by population "
        f"({len(national_rows)} national rows{'' if split else ', not used'}); all flagged imputed"
    )
    return cases[CASE_COLUMNS].sort_values(["date", "province_code"]).reset_index(drop=True)


def _frames(
    ld: Loader,
    report: LayerReport,
    spec: dict,
    date_col: str,
    active_col: str,
    new_col: str | None,
) -> list[pd.DataFrame]:
    """The raw case rows of every file: one per province from a folder (the file name
    names the province) or one file with a code column, then the national series."""
    frames = []
    if spec.get("dir"):
        # the folder's mtime changes as files come and go
        folder = ld.track(ld.path(spec["dir"], section="cases", key="dir"))
        report.source = ld.display(folder)
        if not folder.is_dir():
            raise DataError("folder not found", file=str(folder))
        files = sorted(folder.glob(_file_pattern(spec.get("pattern", "*.csv"), ld)))
        if not files:
            raise DataError("no case files found", file=str(folder))
        for f in files:
            if not stays_inside(f, folder) and not ld.allow_outside_root:
                raise DataError("a matched file leaves the data root", file=str(f))
            df = ld.table(ld.track(f), report)
            loaders.require_columns(df, {"date": date_col, "active cases": active_col}, file=str(f))
            code = code_for_name(f.stem)
            if code is None:  # the file's rows are dropped, not the layer
                report.notes.append(
                    f"{ld.display(f)}: file name '{f.stem}' does not name a province; "
                    f"its {len(df)} rows dropped (unknown_province)"
                )
            frames.append(
                _case_rows(
                    ld, df, f, date_col, active_col, pd.Series(code, index=df.index), new_col
                )
            )
    else:
        f = ld.track(ld.path(required(spec, "file", "cases", ld.manifest), section="cases"))
        report.source = ld.display(f)
        df = ld.table(f, report)
        loaders.require_columns(df, {"date": date_col, "active cases": active_col}, file=str(f))
        codes = (
            map_unique(
                df[spec["code"]],
                lambda v: 0 if str(v).strip() in {"0", "00"} else normalise_code(v),
            )
            if spec.get("code")
            else province_codes(ld, df, spec, f)
        )
        frames.append(_case_rows(ld, df, f, date_col, active_col, codes, new_col))
    national = _national_frame(ld, report, spec.get("national"))
    if national is not None:
        frames.append(national)
    return frames


def _national_frame(ld: Loader, report: LayerReport, national_spec: object) -> pd.DataFrame | None:
    """``[cases.national]``: the national series (code 0); one that fails to load is
    noted and left out (the provinces' own series stay loaded)."""
    if not isinstance(national_spec, dict):
        return None
    try:
        f = ld.track(
            ld.path(
                required(national_spec, "file", "cases.national", ld.manifest),
                section="cases",
            )
        )
        df = ld.table(f, report)
        n_date = national_spec.get("date", "date")
        n_active = national_spec.get("active", "active_cases")
        loaders.require_columns(df, {"date": n_date, "active cases": n_active}, file=str(f))
        return _case_rows(
            ld, df, f, n_date, n_active, pd.Series(0, index=df.index), national_spec.get("new")
        )
    except DataError as err:  # the provinces' own series stay loaded
        report.notes.append(
            f"national series not loaded ({redact_paths(err.one_line(), ld.roots)}): "
            "provinces "
            "without a figure stay missing instead of being split from it"
        )
    return None


def _clean(raw: pd.DataFrame, report: LayerReport, date_col: str, active_col: str) -> pd.DataFrame:
    """Drop (and count, naming the first of each kind) the rows with no province, a bad
    or out-of-range date, a non-number or negative count, a missing value or a repeated
    province-day."""
    bad = raw["province_code"].isna()
    report.drop("unknown_province", int(bad.sum()))
    raw = raw[~bad]
    for reason, column in (
        ("bad_date", "_bad_date"),
        ("date_out_of_range", "_date_out_of_range"),
        ("not_a_number", "_bad_active"),
        ("negative_value", "_negative"),
    ):
        mask = raw[column].to_numpy(dtype=bool)
        if mask.any():
            first = raw[mask].iloc[0]
            text = first["_date_text"] if "date" in reason else first["_active_text"]
            report.drop(reason, int(mask.sum()))
            report.notes.append(
                f"{int(mask.sum())} rows dropped ({reason}); first: file {first['_file']}, "
                f"row {first['_row']}, column '{date_col if 'date' in reason else active_col}', "
                f"value {str(text)[:40]!r}"
            )
            raw = raw[~mask]
    missing = raw["active_cases"].isna() | raw["date"].isna()
    report.drop("missing_value", int(missing.sum()))
    raw = raw[~missing]
    negative = raw["active_cases"] < 0  # impossible counts (the covid19.go.id series has some)
    report.drop("negative_value", int(negative.sum()))
    raw = raw[~negative]
    dup = raw.duplicated(subset=["province_code", "date"], keep="first")
    report.drop("duplicate_date", int(dup.sum()))
    raw = raw[~dup].astype({"province_code": int})
    return raw


def _case_rows(
    ld: Loader,
    df: pd.DataFrame,
    f: Path,
    date_col: str,
    active_col: str,
    codes: pd.Series,
    new_col: str | None = None,
) -> pd.DataFrame:
    dates = (
        pd.to_datetime(df[date_col], errors="coerce", utc=True).dt.tz_localize(None).dt.normalize()
    )
    """One frame per file, with the reasons a row cannot be used flagged (the caller
    drops and counts them): a junk date, an impossible date, a value that is not a
    finite number, a negative count. One bad row costs that row, not the layer."""
    bad_date = (dates.isna() & df[date_col].notna()).to_numpy()
    lo, hi = (pd.Timestamp(d) for d in CASE_DATE_RANGE)
    out_of_range = (dates.notna() & ((dates < lo) | (dates > hi))).to_numpy()
    active, bad_active, comma = loaders.parse_numbers(
        df[active_col], decimal_comma=ld.decimal_comma.get(str(f), False)
    )
    report = ld.reports["cases"]
    report.repair("decimal_comma", int(comma.sum()))
    if new_col:
        loaders.require_columns(df, {"new cases": new_col}, file=str(f))
        new, _, _ = loaders.parse_numbers(
            df[new_col], decimal_comma=ld.decimal_comma.get(str(f), False)
        )
        new = new.where(new >= 0)  # a negative daily count is a correction: unknown
    else:
        new = pd.Series(np.nan, index=df.index)
    return pd.DataFrame(
        {
            "province_code": codes.to_numpy(),
            "date": dates.to_numpy(),
            "active_cases": active.to_numpy(),
            "new_cases": np.asarray(new, dtype=float),
            "_bad_date": bad_date,
            "_date_out_of_range": out_of_range & ~bad_date,
            "_bad_active": bad_active.to_numpy() & ~bad_date & ~out_of_range,
            "_negative": (active < 0).to_numpy() & ~bad_date & ~out_of_range,
            "_file": ld.display(f),
            "_row": np.asarray(df.index) + 2,
            "_date_text": df[date_col].to_numpy(),
            "_active_text": df[active_col].to_numpy(),
        }
    )


def load_bed_facts(ld: Loader, report: LayerReport) -> pd.DataFrame:
    """[demand] bed_occupancy: COVID-19 beds and occupancy facts. A bad fact is a
    counted, named note of the layer's report (geo.demand.bed_facts_table)."""
    spec = ld.section("demand")
    path = ld.track(ld.path(str(spec["bed_occupancy"]), section="demand", key="bed_occupancy"))
    report.source = ld.display(path)
    df = ld.table(path, report)
    table, notes = demand_model.bed_facts_table(df, file=ld.display(path))
    report.notes.extend(notes)
    report.drop("unusable_fact", len(df) - len(table))
    report.rows_kept = len(table)
    return table


def _file_pattern(pattern: str, loader: Loader) -> str:
    """A file name pattern for a folder: no folders, no ``..``."""
    if "/" in pattern or "\\" in pattern or ".." in pattern or not pattern.strip():
        raise DataError(
            f"[cases] pattern '{pattern}' must be a file name pattern such as '*.csv' "
            "(no folders, no '..')",
            file=loader.manifest_name,
            row=toml_line(loader.lines, "cases", "pattern"),
        )
    return pattern
