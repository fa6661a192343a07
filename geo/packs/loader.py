"""The loader: reads a manifest, resolves and tracks its paths, validates each section
against the schema, and runs each layer's rules (one module per layer) so that a layer
that fails costs that layer only. :func:`load_pack` is the entry point."""

from __future__ import annotations

import hashlib
import tomllib
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from geo import clean, loaders
from geo import demand as demand_model
from geo import supply as supply_model
from geo.errors import DataError, DataWarning, display_path
from geo.packs import cases, hospitals, plants, provinces, roads, supply
from geo.packs.common import empty_gdf, unexpected, where
from geo.packs.model import (
    CASE_COLUMNS,
    HOSPITAL_COLUMNS,
    PLANT_COLUMNS,
    PROVINCE_COLUMNS,
    Pack,
    SupplyAssets,
)
from geo.packs.paths import (
    EMBEDDED,
    EMBEDDED_DIR,
    MAX_FILE_MB_DEFAULT,
    MAX_FILE_MB_ENV,
    default_data_root,
    display_roots,
    max_file_mb_default,
    resolve_manifest,
    stat_stamp,
    stays_inside,
)
from geo.packs.schema import MANIFEST_SCHEMA, toml_line, validate_section
from geo.report import LayerReport

ProgressHook = Callable[[str, float], None]
"""``progress(stage, fraction)``: a stage name (e.g. "hospitals: reading") and 0..1."""


def load_pack(
    pack: str | Path | None = None,
    *,
    data_root: str | Path | None = None,
    allow_outside_root: bool = False,
    progress: ProgressHook | None = None,
    max_file_mb: float | None = None,
) -> Pack:
    """Load a pack by name or manifest path.

    Layer errors are collected in ``Pack.errors``, not raised. Errors name files
    relative to the data root.

    Parameters
    ----------
    pack : str or pathlib.Path, optional
        "embedded" (the default, ``data/pack.toml``), a manifest name under ``packs/``
        or a manifest path.
    data_root : str or pathlib.Path, optional
        Where the manifest's relative paths resolve. Paths in the manifest must stay
        under it (or name ``@embedded/...``).
    allow_outside_root : bool
        The operator's switch: an absolute path or one that climbs out with ``..`` is
        refused unless this is True.
    progress : callable, optional
        ``progress(stage, fraction)``, called as layers load (fraction 0..1).
    max_file_mb : float, optional
        A file larger than this (MB; default ``$OXYGEN_MAX_FILE_MB`` or 1024) is
        refused at once.

    Returns
    -------
    Pack
        Every layer, its load report and the layers that failed.

    Raises
    ------
    DataError
        A missing or malformed manifest.
    """
    root = Path(data_root) if data_root else None
    try:
        manifest = resolve_manifest(pack)
        if manifest.parent == EMBEDDED_DIR:
            root = None  # the embedded pack's own files are always its own
        root = root or default_data_root(manifest)
        loader = Loader(
            manifest,
            root,
            allow_outside_root=allow_outside_root,
            progress=progress,
            max_file_mb=max_file_mb_default() if max_file_mb is None else max_file_mb,
        )
        return loader.load()
    except DataError as exc:
        raise exc.with_display_paths(display_roots(root)) from None


class Loader:
    def __init__(
        self,
        manifest: Path,
        root: Path,
        *,
        allow_outside_root: bool = False,
        progress: ProgressHook | None = None,
        max_file_mb: float = MAX_FILE_MB_DEFAULT,
    ) -> None:
        self.manifest = manifest
        self.root = root
        self.allow_outside_root = allow_outside_root
        self.progress = progress or (lambda stage, fraction: None)
        self.max_file_mb = max_file_mb
        self.roots = display_roots(root)
        self.manifest_name = self.display(manifest)
        self.hasher = hashlib.sha256()
        self.files: list[Path] = []
        self.errors: list[DataError] = []
        self.reports: dict[str, LayerReport] = {}
        self.decimal_comma: dict[str, bool] = {}
        self.national_cases = pd.DataFrame(columns=["date", "active_cases"])
        self.hospital_locations = pd.DataFrame()
        self.new_cases = pd.DataFrame(columns=["province_code", "date", "new_cases"])
        try:
            raw = manifest.read_bytes()
            text = raw.decode("utf-8-sig")
            self.spec = tomllib.loads(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(
                f"cannot read manifest ({type(exc).__name__})", file=self.manifest_name
            ) from None
        except tomllib.TOMLDecodeError as exc:
            raise DataError(f"malformed TOML ({exc})", file=self.manifest_name) from None
        self.lines = text.splitlines()
        self.hasher.update(raw)
        self.manifest_notes: list[str] = []
        for name, value in self.spec.items():
            if name not in MANIFEST_SCHEMA:
                note = f"unknown section [{name}] ignored (known: {', '.join(k for k in MANIFEST_SCHEMA if '.' not in k)})"
                self.manifest_notes.append(note)
                warnings.warn(f"{self.manifest_name}: {note}", DataWarning, stacklevel=2)
            elif not isinstance(value, dict):
                raise DataError(
                    f"[{name}] must be a table",
                    file=self.manifest_name,
                    row=toml_line(self.lines, name),
                )

    # -- helpers ------------------------------------------------------------------------
    def display(self, path: str | Path) -> str:
        """A file's name as messages show it: relative to the data root, never absolute."""
        return display_path(path, self.roots)

    def path(self, value: str, *, section: str | None = None, key: str = "file") -> Path:
        """A manifest path resolved against the data root (or ``@embedded/`` for the
        repository's data/), refused when it leaves that folder (unless allowed)."""
        row = toml_line(self.lines, section, key) if section else None
        where = f"[{section}] {key} = " if section else ""
        if value.startswith("@embedded/"):
            base, rel = EMBEDDED_DIR, value.removeprefix("@embedded/")
        else:
            base, rel = self.root, value
        p = Path(rel)
        if p.is_absolute() or p.drive:
            if not self.allow_outside_root:
                raise DataError(
                    f"{where}'{value}' is an absolute path; manifest paths must be relative "
                    "to the data root (an operator may allow this: allow_outside_root)",
                    file=self.manifest_name,
                    row=row,
                )
            return p
        full = base / p
        if not self.allow_outside_root and not stays_inside(full, base):
            raise DataError(
                f"{where}'{value}' leaves the data root; manifest paths must stay inside it "
                "(an operator may allow this: allow_outside_root)",
                file=self.manifest_name,
                row=row,
            )
        return full

    def track(self, path: Path) -> Path:
        """Remember a path the pack depends on (hashed if a file; stamped even if missing).
        A file over the size limit is refused here, before anything reads it."""
        if path not in self.files:
            self.files.append(path)
        try:
            size = path.stat().st_size if path.is_file() else 0
        except OSError:
            size = 0
        if size > self.max_file_mb * 1e6:
            raise DataError(
                f"file is {size / 1e6:,.0f} MB, over the limit of {self.max_file_mb:,.0f} MB "
                f"per file; an operator can raise it (environment variable {MAX_FILE_MB_ENV}, "
                "or load_pack(max_file_mb=...))",
                file=self.display(path),
            )
        return path

    def section(self, name: str) -> dict:
        """A manifest section checked against :data:`MANIFEST_SCHEMA`, defaults filled in
        (sub-tables such as ``[hospitals.join]`` too). Unknown keys warn and are noted."""
        value = self.spec.get(name, {})
        return self._checked(name, value)

    def _checked(self, name: str, value: object) -> dict:
        schema = MANIFEST_SCHEMA[name]
        out, notes = validate_section(schema, value, file=self.manifest_name, lines=self.lines)
        for key in schema.keys:
            if key.kind == "table" and key.name in out:
                out[key.name] = self._checked(f"{name}.{key.name}", out[key.name])
        layer = name.split(".")[0]
        for note in notes:
            warnings.warn(f"{self.manifest_name}: {note}", DataWarning, stacklevel=2)
            if layer in self.reports:
                self.reports[layer].notes.append(note)
        return out

    def guarded(
        self, layer: str, build: Callable[[LayerReport], pd.DataFrame], empty: pd.DataFrame
    ):
        report = LayerReport(layer=layer)
        self.reports[layer] = report
        self.progress(layer, self._fraction(layer))
        try:
            return build(report)
        except (DataError, Exception) as raised:
            exc = raised if isinstance(raised, DataError) else unexpected(raised, report)
            exc.layer = layer
            exc.with_display_paths(self.roots)
            self.errors.append(exc)
            report.notes.append(f"failed: {exc.one_line()}")
            report.rows_read = report.rows_kept = report.repaired = 0
            report.dropped.clear()
            report.repairs.clear()
            return empty

    def table(self, path: Path, report: LayerReport, *, count: bool = True) -> pd.DataFrame:
        """A CSV read as text, its oddities noted; with ``count``, its rows (skipped
        malformed lines included) are added to ``rows_read`` and the skipped ones dropped."""
        df = loaders.read_csv(path)
        name = self.display(path)
        self.decimal_comma[str(path)] = df.attrs.get("delimiter") == ";"
        if df.attrs.get("encoding") == "latin-1":
            report.notes.append(f"{name}: not UTF-8, read as Latin-1")
        if df.attrs.get("delimiter", ",") != ",":
            report.notes.append(f"{name}: {df.attrs['delimiter']!r}-delimited, decimal commas")
        bad = df.attrs.get("bad_lines", [])
        if not len(df):
            report.notes.append(f"{name}: no data rows (header only)")
        if bad:
            line, why = bad[0]
            report.notes.append(
                f"{name}: {len(bad)} malformed lines skipped; first: line {line} ({why})"
            )
        if count:
            report.rows_read += len(df) + len(bad)
            report.drop("malformed_row", len(bad))
        return df

    def numbers(
        self,
        df: pd.DataFrame,
        column: str,
        path: Path,
        report: LayerReport,
        *,
        allow_thousands: bool = True,
    ) -> tuple[pd.Series, pd.Series]:
        """``(values, bad)`` of a number column; decimal commas are read and counted."""
        values, bad, comma = loaders.parse_numbers(
            df[column],
            allow_thousands=allow_thousands,
            decimal_comma=self.decimal_comma.get(str(path), False),
        )
        report.repair("decimal_comma", int(comma.sum()))
        return values, bad

    def drop(
        self,
        df: pd.DataFrame,
        bad: pd.Series | np.ndarray,
        report: LayerReport,
        reason: str,
        *,
        path: Path,
        column: str,
    ) -> pd.DataFrame:
        """Rows where ``bad`` dropped and counted under ``reason``; a note names the
        first one (file, row, column, value)."""
        mask = np.asarray(bad, dtype=bool)
        n = int(mask.sum())
        if not n:
            return df
        report.drop(reason, n, rows=clean.file_rows(df, mask))
        report.notes.append(
            f"{n} rows dropped ({reason}); first: {where(df, mask, self.display(path), column)}"
        )
        return df[~mask]

    _STAGES = ("provinces", "hospitals", "plants", "cases", "supply")

    def _fraction(self, layer: str) -> float:
        stages = self._STAGES
        return stages.index(layer) / len(stages) if layer in stages else 0.95

    # -- the pack -----------------------------------------------------------------------
    def load(self) -> Pack:
        meta = self.section("pack")
        province_table = self.guarded(
            "provinces", lambda r: provinces.load(self, r), empty_gdf(PROVINCE_COLUMNS)
        )
        hospital_table = self.guarded(
            "hospitals",
            lambda r: hospitals.load(self, r, province_table),
            empty_gdf(HOSPITAL_COLUMNS),
        )
        plant_table = self.guarded(
            "plants", lambda r: plants.load(self, r), empty_gdf(PLANT_COLUMNS)
        )
        case_table = self.guarded(
            "cases",
            lambda r: cases.load(self, r, province_table),
            pd.DataFrame(columns=CASE_COLUMNS),
        )
        assets = SupplyAssets()
        self.guarded("supply", lambda r: supply.load_assets(self, r, assets), pd.DataFrame())
        road_source = roads.load(self)
        chain = self.guarded(
            "supply_lines",
            lambda r: supply.load_lines(self, r, case_table),
            supply_model.SupplyChain(),
        )
        bed_table = self.guarded(
            "bed_occupancy",
            lambda r: cases.load_bed_facts(self, r),
            pd.DataFrame(columns=demand_model.BED_FACT_COLUMNS),
        )
        self.progress("fingerprint", 0.97)
        for f in sorted(p for p in self.files if p.is_file()):
            self.hasher.update(str(f.name).encode())
            self.hasher.update(f.read_bytes())
        pack = Pack(
            name=self.manifest.stem if self.manifest.parent != EMBEDDED_DIR else EMBEDDED,
            title=str(meta.get("title", self.manifest.stem)),
            title_id=str(meta.get("title_id", "")),
            provinces=province_table,
            hospitals=hospital_table,
            plants=plant_table,
            cases=case_table,
            supply=assets,
            roads=road_source,
            reports=self.reports,
            errors=self.errors,
            content_hash=self.hasher.hexdigest(),
            inputs=tuple((str(p), stat_stamp(p)) for p in [self.manifest, *self.files]),
            supply_chain=chain,
            data_root=self.root,
            national_cases=self.national_cases,
            hospital_locations=self.hospital_locations,
            new_cases=self.new_cases,
            bed_facts=bed_table,
        )
        self.progress("done", 1.0)
        return pack
