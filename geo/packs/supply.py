"""The supply layers: national figures (key, value, source) and the supply lines,
statements, ports and sea lanes (read by geo.supply)."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo import loaders
from geo import supply as supply_model
from geo.packs.common import where
from geo.packs.model import SupplyAssets
from geo.report import LayerReport

if TYPE_CHECKING:
    from geo.packs.loader import Loader


def load_assets(ld: Loader, report: LayerReport, supply: SupplyAssets) -> pd.DataFrame:
    spec = ld.section("supply")
    if not spec.get("file"):
        report.notes.append("no supply file: Kemenperin 8 Jul 2021 figures used")
        return pd.DataFrame()
    path = ld.track(ld.path(spec["file"], section="supply"))
    report.source = ld.display(path)
    df = ld.table(path, report)
    loaders.require_columns(df, {"key": "key", "value": "value"}, file=str(path))
    values, bad = ld.numbers(df, "value", path, report)
    known = {f.name for f in fields(SupplyAssets)} - {"sources"}
    keys = df["key"].astype("string").str.strip()
    unknown = ~keys.isin(known).fillna(False).to_numpy()
    checks = (
        ("unknown_key", unknown, "key"),
        ("missing_value", values.isna().to_numpy() & ~bad.to_numpy(), "value"),
        ("not_a_number", bad.to_numpy(), "value"),
        ("negative_value", (values < 0).to_numpy(), "value"),
        ("duplicate_key", None, "key"),  # among usable rows: the first usable one wins
    )
    usable = np.ones(len(df), dtype=bool)
    for reason, rule, column in checks:
        if rule is None:
            rule = np.zeros(len(df), dtype=bool)
            rule[usable] = keys[usable].duplicated(keep="first").to_numpy()
        mask = rule & usable
        if mask.any():
            report.drop(reason, int(mask.sum()))
            report.notes.append(
                f"{int(mask.sum())} rows dropped ({reason}); "
                f"first: {where(df, mask, ld.display(path), column)}"
            )
        usable &= ~mask
    for pos in np.flatnonzero(usable):
        key, value = str(keys.iloc[pos]), float(values.iloc[pos])
        current = getattr(supply, key)
        setattr(supply, key, int(value) if isinstance(current, int) else float(value))
        if "source" in df:
            supply.sources[key] = str(df["source"].iloc[pos])
        report.rows_kept += 1
    return df


def load_lines(
    ld: Loader, report: LayerReport, cases: pd.DataFrame | None = None
) -> supply_model.SupplyChain:
    """[supply_lines]: ``file`` replaces the embedded data/supply_lines.csv, ``extend``
    (a file) adds lines to it (same id: the later line wins); ``statements``,
    ``ports`` and ``lanes`` replace the embedded national statements, ports and sea
    lanes; ``medical`` (the dated medical-share table) and ``shipments`` (dated arrivals,
    checked against the case series of ``cases``) likewise. A bad row is dropped and counted, with a note naming file, row and column in
    the layer's report; its DataError is kept in ``Pack.supply_chain.errors`` (not in
    ``Pack.errors``, which lists layers that failed)."""
    spec = ld.section("supply_lines")  # defaults: the embedded files
    paths = {
        k: ld.track(ld.path(str(spec[k]), section="supply_lines", key=k))
        for k in ("file", "statements", "ports", "lanes", "medical", "shipments")
    }
    lines = [paths["file"]]
    if spec.get("extend"):
        extra = ld.path(str(spec["extend"]), section="supply_lines", key="extend")
        lines.append(ld.track(extra))
    reports = {"supply_lines": report}
    chain = supply_model.load_supply_chain(
        lines=lines,
        statements=paths["statements"],
        ports=paths["ports"],
        lanes=paths["lanes"],
        medical=paths["medical"],
        shipments=paths["shipments"],
        series=series_range(cases),
        reports=reports,
    )
    ld.reports["sea_lanes"] = reports["sea_lanes"]
    # messages name files relative to the data root, never by absolute path
    shown = {str(f): ld.display(f) for f in [*lines, *paths.values()]}
    for err in chain.errors:
        err.file = shown.get(str(err.file), err.file)
    for rep in (report, reports["sea_lanes"]):
        rep.source = " ; ".join(shown.get(part, part) for part in rep.source.split(" ; "))
        for i, note in enumerate(rep.notes):
            for full, short in shown.items():
                note = note.replace(full, short)
            rep.notes[i] = note
    return chain


def series_range(cases: pd.DataFrame | None) -> tuple[str, str] | None:
    """First and last date of the case series (shipment dates must fall inside)."""
    if cases is None or not len(cases) or "date" not in cases:
        return None
    dates = pd.to_datetime(cases["date"], errors="coerce").dropna()
    if not len(dates):
        return None
    return f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"
