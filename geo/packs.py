"""Data packs: the embedded default in ``data/`` and TOML manifests under ``packs/``.

A pack is a set of layers (provinces, hospitals, plants, cases, supply, roads). A
manifest names each layer's file, format and column mapping; relative paths resolve
against a data root (``--data-root`` or the app's sidebar), and paths starting with
``@embedded/`` resolve against this repository's ``data/`` folder. The embedded pack is
itself the manifest ``data/pack.toml``, so both go through one code path.

A layer that fails to load becomes an entry in ``Pack.errors`` (a :class:`DataError`
naming file, row and column) and an empty table; the other layers stay loaded.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import clean, loaders, settings
from geo import demand as demand_model
from geo import supply as supply_model
from geo.crosswalk import PROVINCE_NAMES, code_for_name, normalise_code
from geo.errors import DataError, DataWarning, display_path, redact_paths
from geo.report import LayerReport

REPO_ROOT = Path(__file__).resolve().parents[1]
EMBEDDED_DIR = REPO_ROOT / "data"
PACKS_DIR = REPO_ROOT / "packs"
EMBEDDED = "embedded"
CRS = loaders.CRS

PROVINCE_COLUMNS = [
    "code",
    "name",
    "capital",
    "capital_lon",
    "capital_lat",
    "population",
    "geometry",
]
HOSPITAL_COLUMNS = ["id", "name", "province_code", "beds", "hospital_class", "type", "geometry"]
PLANT_COLUMNS = [
    "id",
    "name",
    "company",
    "city",
    "province_code",
    "capacity_t_per_day",
    "source",
    "as_of",
    "geometry",
]
CASE_COLUMNS = ["province_code", "date", "active_cases", "imputed", "method", "date_used"]

# Values legal in type but absurd are dropped or repaired and counted (see the load report).
MAX_BEDS = 10_000  # the largest Indonesian hospitals have ~1,000-2,000 beds
MAX_PLANT_T_PER_DAY = 10_000.0  # the whole country supplied ~2,600 t/day in July 2021
CASE_DATE_RANGE = ("2019-12-01", "2035-12-31")  # case dates outside are impossible or typos


@dataclass
class SupplyAssets:
    """National supply figures of a scenario (defaults: Kemenperin, 8 Jul 2021)."""

    national_supply_t_per_day: float = 2622.9
    isotank_trucks: int = settings.DEFAULT_TRUCKS
    isotank_capacity_t: float = settings.DEFAULT_ISOTANK_T
    cylinders: int = 15906
    concentrators: int = 8100
    concentrator_systems: int = 9
    national_production_capacity_t_per_day: float = 1700.0
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class RoadSource:
    """The road network a pack names: the embedded corridor network or a file."""

    kind: str = "corridor"  # corridor | graphml | osm_xml | osm_pbf | compiled
    path: Path | None = None
    # overrides of geo.roads.DEFAULT_SPEEDS_KPH by road class, from [roads.speeds_kph]
    speeds_kph: dict[str, float] = field(default_factory=dict)


@dataclass
class Pack:
    name: str
    title: str
    provinces: gpd.GeoDataFrame
    hospitals: gpd.GeoDataFrame
    plants: gpd.GeoDataFrame
    cases: pd.DataFrame
    supply: SupplyAssets
    roads: RoadSource
    reports: dict[str, LayerReport]
    errors: list[DataError]
    content_hash: str
    # every file and folder the loader looked at, with (mtime_ns, size) or None if missing
    inputs: tuple[tuple[str, tuple[int, int] | None], ...] = ()
    # the folder the manifest's relative paths resolved against (messages name files from it)
    data_root: Path | None = None
    # supply lines, national statements, ports and sea lanes (geo.supply)
    supply_chain: supply_model.SupplyChain = field(default_factory=supply_model.SupplyChain)

    @property
    def supply_lines(self) -> pd.DataFrame:
        """Every supply line: the plants (unknown capacity: status unknown, NaN t/day) plus
        the layer's own lines, each with its dated medical schedule (geo.supply)."""
        return supply_model.lines_with_plants(
            self.supply_chain.lines, self.plants, medical=self.supply_chain.medical
        )

    # the national active-case series (date, active_cases) behind the national split
    national_cases: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["date", "active_cases"])
    )
    # the title in Bahasa Indonesia ([pack] title_id); "" = show the English title
    title_id: str = ""

    def inputs_changed(self) -> bool:
        """True when a file behind the pack changed, appeared or vanished since loading."""
        return any(_stat(Path(path)) != stamp for path, stamp in self.inputs)

    def title_in(self, lang: str) -> str:
        """The pack's title in the viewer's language (English when none is given)."""
        return self.title_id if lang == "id" and self.title_id else self.title

    def display_error(self, err: DataError) -> str:
        """``err`` as one line for a viewer: files named relative to this pack's data root
        (or ``@embedded/...``), never by absolute server path. For errors raised after
        loading (e.g. reading the pack's road file)."""
        return err.with_display_paths(_display_roots(self.data_root)).one_line()

    @property
    def province_geometry(self) -> str:
        """'polygon' when provinces have polygons, 'point' when only capitals."""
        if len(self.provinces) and (self.provinces.geom_type == "Point").all():
            return "point"
        return "polygon"

    @property
    def dates(self) -> list[pd.Timestamp]:
        return sorted(pd.to_datetime(self.cases["date"]).unique()) if len(self.cases) else []


# ---------------------------------------------------------------------------------------
# the manifest schema: every section and key a manifest may use, declared once


@dataclass(frozen=True)
class ManifestKey:
    """One key of a manifest section: its kind, whether it is required, default, meaning.

    Kinds: ``path`` (a file or folder under the data root, or ``@embedded/...``),
    ``column`` (a column name in the layer's file), ``text``, ``choice`` (one of
    ``choices``), ``bool``, ``int``, ``table`` (a sub-section, declared as its own section) and
    ``speeds`` (a table of road class -> km/h).
    """

    name: str
    kind: str
    meaning: str
    required: bool = False
    default: str | bool | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ManifestSection:
    """One ``[section]`` (a layer, or a sub-table such as ``[hospitals.join]``)."""

    name: str
    meaning: str
    keys: tuple[ManifestKey, ...]
    # at least one key of each group must be given (e.g. a layer file or a folder)
    one_of: tuple[tuple[str, ...], ...] = ()

    def key(self, name: str) -> ManifestKey | None:
        return next((k for k in self.keys if k.name == name), None)


_K = ManifestKey
_CODE = _K("code", "column", "province code column (BPS/Kemendagri, e.g. 32, '32.73', '32-73')")
_PROVINCE = _K("province", "column", "province name column, any agency's spelling (crosswalk)")
_LAT = _K("lat", "column", "latitude column (decimal degrees, WGS84)", default="lat")
_LON = _K("lon", "column", "longitude column (decimal degrees, WGS84)", default="lon")
_LATLON = _K("latlon", "column", "one 'lat,lon' column instead of lat and lon")
_FORMATS = ("csv", "geojson", "topojson", "shapefile", "gpkg")

MANIFEST_SCHEMA: dict[str, ManifestSection] = {
    s.name: s
    for s in (
        ManifestSection(
            "pack",
            "the pack itself",
            (
                _K("title", "text", "title shown in the app, briefs and CLI (English)"),
                _K("title_id", "text", "the same title in Bahasa Indonesia"),
            ),
        ),
        ManifestSection(
            "provinces",
            "province polygons (or points at capitals), one row per province",
            (
                _K(
                    "file",
                    "path",
                    "polygons (GeoJSON, TopoJSON, Shapefile, GPKG) or CSV points",
                    required=True,
                ),
                _K(
                    "format",
                    "choice",
                    "file format; guessed from the file name if absent",
                    choices=_FORMATS,
                ),
                _K("layer", "text", "layer name inside a multi-layer file (GPKG)"),
                _CODE,
                _PROVINCE,
                _K("capitals", "path", "CSV of capitals: code, capital, capital_lat, capital_lon"),
                _LAT,
                _LON,
                _LATLON,
                _K("population", "table", "population table, see [provinces.population]"),
            ),
            one_of=(("code", "province"),),
        ),
        ManifestSection(
            "provinces.population",
            "population by province, joined on code or name",
            (
                _K("file", "path", "CSV with one row per province", required=True),
                _CODE,
                _PROVINCE,
                _K("value", "column", "population column", default="population"),
            ),
            one_of=(("code", "province"),),
        ),
        ManifestSection(
            "hospitals",
            "hospitals as points",
            (
                _K("file", "path", "CSV, one row per hospital", required=True),
                _K("id", "column", "hospital id column (unique)", default="id"),
                _K("name", "column", "hospital name column", default="name"),
                _LAT,
                _LON,
                _LATLON,
                _CODE,
                _PROVINCE,
                _K("beds", "column", "total beds column (0 or absent = unknown)"),
                _K("class", "column", "hospital class column (A/B/C/D)"),
                _K("type", "column", "hospital type column"),
                _K("join", "table", "registry joined on an id, see [hospitals.join]"),
            ),
        ),
        ManifestSection(
            "hospitals.join",
            "a hospital registry joined on the hospital id (class and beds)",
            (
                _K("file", "path", "registry CSV", required=True),
                _K("on", "column", "join key column, matched to the hospital id", default="id"),
                _K("class", "column", "class column (overrides the hospital file's)"),
                _K("beds", "column", "beds column (used where > 0)"),
            ),
        ),
        ManifestSection(
            "plants",
            "oxygen plants as points, or placed inside the area a code names",
            (
                _K("file", "path", "CSV, one row per plant", required=True),
                _K("id", "column", "plant id column; made from city and company if absent"),
                _K("name", "column", "plant name column; the company if absent"),
                _K("company", "column", "company column"),
                _K("city", "column", "city column"),
                _CODE,
                _PROVINCE,
                _K("capacity", "column", "capacity column, t/day", default="capacity_t_per_day"),
                _K("source", "column", "source URL column"),
                _K("as_of", "column", "date of the reported capacity (shown on supply lines)"),
                _LAT,
                _LON,
                _LATLON,
                _K("locate_file", "path", "area polygons to place plants without coordinates"),
                _K("locate_format", "choice", "format of locate_file", choices=_FORMATS),
                _K("locate_key", "column", "area id column in locate_file", default="id"),
                _K("locate_code", "column", "column of the plant file naming its area"),
                _K("locate_code_format", "choice", "how area ids are written", choices=("PP-KK",)),
            ),
        ),
        ManifestSection(
            "cases",
            "active COVID-19 cases by province and date: one file, or one file per province",
            (
                _K("file", "path", "one CSV with a province column"),
                _K("dir", "path", "a folder of CSVs, one per province, named by province"),
                _K("pattern", "text", "file name pattern inside dir (no folders)", default="*.csv"),
                _K("date", "column", "date column", default="date"),
                _K("active", "column", "active cases column", default="active_cases"),
                _CODE,
                _PROVINCE,
                _K(
                    "impute_from_national",
                    "bool",
                    "split the national series by population where a province has no figure "
                    "(after carrying forward); on whenever national rows exist unless false",
                    default=True,
                ),
                _K(
                    "carry_forward_days",
                    "int",
                    "days a province's last published figure is carried forward (then split)",
                    default=7,
                ),
                _K("national", "table", "the national series, see [cases.national]"),
            ),
            one_of=(("file", "dir"),),
        ),
        ManifestSection(
            "cases.national",
            "the national active-case series (split by population where a province has none)",
            (
                _K("file", "path", "CSV of the national series", required=True),
                _K("date", "column", "date column", default="date"),
                _K("active", "column", "active cases column", default="active_cases"),
            ),
        ),
        ManifestSection(
            "supply",
            "national supply figures (key,value[,source] CSV); Kemenperin 8 Jul 2021 if absent",
            (_K("file", "path", "CSV with columns key, value and optionally source"),),
        ),
        ManifestSection(
            "supply_lines",
            "supply lines beside the plants (producer sites, conversions, imports at their "
            "port, unplaced), national statements, ports and sea lanes (geo/supply.py); the "
            "embedded files if absent",
            (
                _K(
                    "file",
                    "path",
                    "supply-lines CSV replacing the embedded one",
                    default="@embedded/supply_lines.csv",
                ),
                _K("extend", "path", "supply-lines CSV added to file (same id: this one wins)"),
                _K(
                    "statements",
                    "path",
                    "national statements CSV (id, date, t_per_day, statement, source)",
                    default="@embedded/supply_statements.csv",
                ),
                _K("ports", "path", "ports CSV", default="@embedded/ports.csv"),
                _K("lanes", "path", "sea lanes CSV", default="@embedded/sea_lanes.csv"),
                _K(
                    "medical",
                    "path",
                    "dated medical-share table (id, from_date, utilisation, medical_share, "
                    "statement, source, rule): what producers deliver to medical use by date",
                    default="@embedded/supply_medical.csv",
                ),
                _K(
                    "shipments",
                    "path",
                    "dated arrivals (id, announced, departs, arrives, port, t, origin, "
                    "source, note): tonnes at a port on a day",
                    default="@embedded/shipments.csv",
                ),
            ),
        ),
        ManifestSection(
            "roads",
            "the road network: the embedded corridor network or a road file",
            (
                _K(
                    "kind",
                    "choice",
                    "road source",
                    default="corridor",
                    choices=("corridor", "graphml", "osm_xml", "osm_pbf", "compiled"),
                ),
                _K(
                    "file",
                    "path",
                    "road file (.graphml, .osm, .pbf, or a compiled .o2graph.npz) unless kind "
                    "is corridor",
                ),
                _K(
                    "speeds_kph",
                    "speeds",
                    "overrides of default speeds by road class, km/h in (0, 150]",
                ),
            ),
        ),
    )
}

_KIND_TYPES: dict[str, tuple[type, str]] = {
    "path": (str, "text (a path)"),
    "column": (str, "text (a column name)"),
    "text": (str, "text"),
    "choice": (str, "text"),
    "bool": (bool, "true or false"),
    "int": (int, "a whole number"),
    "table": (dict, "a table"),
    "speeds": (dict, "a table of road class = km/h"),
}


def _validate_section(
    section: ManifestSection, value: object, *, file: str, lines: list[str]
) -> tuple[dict, list[str]]:
    """``value`` checked against ``section``, with defaults filled in, and the notes
    (unknown keys) to show. Raises :class:`DataError` naming the manifest, line and key."""
    if not isinstance(value, dict):
        raise DataError(
            f"[{section.name}] must be a table", file=file, row=_toml_line(lines, section.name)
        )
    out = dict(value)
    notes: list[str] = []
    for key, item in value.items():
        spec = section.key(key)
        row = _toml_line(lines, section.name, key)
        if spec is None:
            known = [k.name for k in section.keys]
            hint = difflib.get_close_matches(key, known, n=1)
            notes.append(
                f"[{section.name}] unknown key '{key}' ignored"
                + (f" (did you mean '{hint[0]}'?)" if hint else f" (known: {', '.join(known)})")
            )
            continue
        kind_type, words = _KIND_TYPES[spec.kind]
        if not isinstance(item, kind_type) or (kind_type is str and not item.strip()):
            shown = repr(item) if not isinstance(item, dict) else "a table"
            raise DataError(
                f"[{section.name}] key '{key}' must be {words}, got {shown}", file=file, row=row
            )
        if spec.kind == "choice" and item.lower() not in {c.lower() for c in spec.choices}:
            raise DataError(
                f"[{section.name}] key '{key}' must be one of {', '.join(spec.choices)}, got '{item}'",
                file=file,
                row=row,
            )
    for spec in section.keys:
        if spec.required and spec.name not in value:
            raise DataError(
                f"[{section.name}] needs '{spec.name}' ({spec.meaning})",
                file=file,
                row=_toml_line(lines, section.name),
            )
        if spec.default is not None:
            out.setdefault(spec.name, spec.default)
    for group in section.one_of:
        if not any(k in value for k in group):
            raise DataError(
                f"[{section.name}] needs one of {', '.join(repr(k) for k in group)}",
                file=file,
                row=_toml_line(lines, section.name),
            )
    return out, notes


def _toml_line(lines: list[str], section: str, key: str | None = None) -> int | None:
    """The 1-based line of ``[section]`` (or of ``key`` inside it) in a manifest's text."""
    current = ""
    header = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]")
    for number, line in enumerate(lines, start=1):
        match = header.match(line)
        if match:
            current = match.group(1)
            if key is None and current == section:
                return number
        elif key is not None and current == section:
            if re.match(rf"^\s*{re.escape(key)}\s*=", line):
                return number
    return None


def manifest_schema_markdown() -> str:
    """The manifest schema as a Markdown table (docs/ARCHITECTURE.md is generated from it)."""
    rows = ["| section | key | kind | required | default | meaning |", "|---|---|---|---|---|---|"]
    for section in MANIFEST_SCHEMA.values():
        rows.append(f"| `[{section.name}]` | | | | | {section.meaning} |")
        either = {k for group in section.one_of for k in group}
        for key in section.keys:
            if key.required:
                required = "yes"
            elif key.name in either:
                group = next(g for g in section.one_of if key.name in g)
                required = "one of " + " / ".join(f"`{k}`" for k in group)
            else:
                required = ""
            default = (
                ""
                if key.default is None
                else f"`{str(key.default).lower() if isinstance(key.default, bool) else key.default}`"
            )
            kind = key.kind + (f" ({', '.join(key.choices)})" if key.choices else "")
            rows.append(f"| | `{key.name}` | {kind} | {required} | {default} | {key.meaning} |")
    return "\n".join(rows) + "\n"


# ---------------------------------------------------------------------------------------
# locating packs


def list_packs(packs_dir: Path = PACKS_DIR) -> list[str]:
    """Names a user can pick: 'embedded' and the manifests under ``packs/``."""
    names = [EMBEDDED]
    if packs_dir.is_dir():
        names += sorted(p.stem for p in packs_dir.glob("*.toml"))
    return names


def resolve_manifest(pack: str | Path | None) -> Path:
    """The manifest for a pack name ('embedded', a name under packs/) or a path."""
    if pack is None or str(pack) == EMBEDDED:
        return EMBEDDED_DIR / "pack.toml"
    path = Path(pack)
    if path.suffix != ".toml":
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", str(pack)) or ".." in str(pack):
            raise DataError(f"'{pack}' is not a pack name (a manifest under packs/)")
        path = PACKS_DIR / f"{pack}.toml"
    if not path.exists():
        raise DataError("pack manifest not found", file=str(path))
    return path


def default_data_root(manifest: Path) -> Path:
    """Where relative paths resolve when no data root is given: beside the manifest for the
    embedded pack, else ``../shared/data`` next to the repository if it exists."""
    if manifest.parent == EMBEDDED_DIR:
        return EMBEDDED_DIR
    shared = REPO_ROOT.parent / "shared" / "data"
    return shared if shared.is_dir() else manifest.parent


ProgressHook = Callable[[str, float], None]
"""``progress(stage, fraction)``: a stage name (e.g. "hospitals: reading") and 0..1."""

MAX_FILE_MB_DEFAULT = 1024.0
MAX_FILE_MB_ENV = "OXYGEN_MAX_FILE_MB"


def max_file_mb_default() -> float:
    """The per-file size limit: ``$OXYGEN_MAX_FILE_MB`` if set, else 1024 MB."""
    try:
        return float(os.environ.get(MAX_FILE_MB_ENV, MAX_FILE_MB_DEFAULT))
    except ValueError:
        return MAX_FILE_MB_DEFAULT


def load_pack(
    pack: str | Path | None = None,
    *,
    data_root: str | Path | None = None,
    allow_outside_root: bool = False,
    progress: ProgressHook | None = None,
    max_file_mb: float | None = None,
) -> Pack:
    """Load a pack by name or manifest path. Layer errors are collected, not raised;
    a missing or malformed manifest raises :class:`DataError`.

    Paths in the manifest must stay under ``data_root`` (or name ``@embedded/...``): an
    absolute path or one that climbs out with ``..`` is refused unless the operator
    passes ``allow_outside_root=True``. Errors name files relative to the data root.
    ``progress(stage, fraction)`` is called as layers load. A file larger than
    ``max_file_mb`` (default ``$OXYGEN_MAX_FILE_MB`` or 1024) is refused at once.
    """
    root = Path(data_root) if data_root else None
    try:
        manifest = resolve_manifest(pack)
        root = root or default_data_root(manifest)
        loader = _Loader(
            manifest,
            root,
            allow_outside_root=allow_outside_root,
            progress=progress,
            max_file_mb=max_file_mb_default() if max_file_mb is None else max_file_mb,
        )
        return loader.load()
    except DataError as exc:
        raise exc.with_display_paths(_display_roots(root)) from None


def _display_roots(root: Path | None) -> list[tuple[Path, str]]:
    """Folders whose files are named relatively in messages, most specific first."""
    roots = [(root, "")] if root is not None else []
    return [*roots, (EMBEDDED_DIR, "@embedded/"), (REPO_ROOT, "")]


# ---------------------------------------------------------------------------------------
# the loader


class _Loader:
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
        self.roots = _display_roots(root)
        self.manifest_name = self.display(manifest)
        self.hasher = hashlib.sha256()
        self.files: list[Path] = []
        self.errors: list[DataError] = []
        self.reports: dict[str, LayerReport] = {}
        self.decimal_comma: dict[str, bool] = {}
        self.national_cases = pd.DataFrame(columns=["date", "active_cases"])
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
                    row=_toml_line(self.lines, name),
                )

    # -- helpers ------------------------------------------------------------------------
    def display(self, path: str | Path) -> str:
        """A file's name as messages show it: relative to the data root, never absolute."""
        return display_path(path, self.roots)

    def path(self, value: str, *, section: str | None = None, key: str = "file") -> Path:
        """A manifest path resolved against the data root (or ``@embedded/`` for the
        repository's data/), refused when it leaves that folder (unless allowed)."""
        row = _toml_line(self.lines, section, key) if section else None
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
        if not self.allow_outside_root and not _stays_inside(full, base):
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
        out, notes = _validate_section(schema, value, file=self.manifest_name, lines=self.lines)
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
            exc = raised if isinstance(raised, DataError) else _unexpected(raised, report)
            exc.layer = layer
            exc.with_display_paths(self.roots)
            self.errors.append(exc)
            report.notes.append(f"failed: {exc.one_line()}")
            report.rows_read = report.rows_kept = report.repaired = 0
            report.dropped.clear()
            report.repairs.clear()
            return empty

    def _table(self, path: Path, report: LayerReport, *, count: bool = True) -> pd.DataFrame:
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

    def _numbers(
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

    def _drop(
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
        report.drop(reason, n)
        report.notes.append(
            f"{n} rows dropped ({reason}); first: {_where(df, mask, self.display(path), column)}"
        )
        return df[~mask]

    _STAGES = ("provinces", "hospitals", "plants", "cases", "supply")

    def _fraction(self, layer: str) -> float:
        stages = self._STAGES
        return stages.index(layer) / len(stages) if layer in stages else 0.95

    # -- the pack -----------------------------------------------------------------------
    def load(self) -> Pack:
        meta = self.section("pack")
        provinces = self.guarded("provinces", self._provinces, _empty_gdf(PROVINCE_COLUMNS))
        hospitals = self.guarded(
            "hospitals", lambda r: self._hospitals(r, provinces), _empty_gdf(HOSPITAL_COLUMNS)
        )
        plants = self.guarded("plants", self._plants, _empty_gdf(PLANT_COLUMNS))
        cases = self.guarded(
            "cases", lambda r: self._cases(r, provinces), pd.DataFrame(columns=CASE_COLUMNS)
        )
        supply = SupplyAssets()
        self.guarded("supply", lambda r: self._supply(r, supply), pd.DataFrame())
        roads = self._roads()
        chain = self.guarded(
            "supply_lines", lambda r: self._supply_lines(r, cases), supply_model.SupplyChain()
        )
        self.progress("fingerprint", 0.97)
        for f in sorted(p for p in self.files if p.is_file()):
            self.hasher.update(str(f.name).encode())
            self.hasher.update(f.read_bytes())
        pack = Pack(
            name=self.manifest.stem if self.manifest.parent != EMBEDDED_DIR else EMBEDDED,
            title=str(meta.get("title", self.manifest.stem)),
            title_id=str(meta.get("title_id", "")),
            provinces=provinces,
            hospitals=hospitals,
            plants=plants,
            cases=cases,
            supply=supply,
            roads=roads,
            reports=self.reports,
            errors=self.errors,
            content_hash=self.hasher.hexdigest(),
            inputs=tuple((str(p), _stat(p)) for p in [self.manifest, *self.files]),
            supply_chain=chain,
            data_root=self.root,
            national_cases=self.national_cases,
        )
        self.progress("done", 1.0)
        return pack

    # -- provinces ----------------------------------------------------------------------
    def _provinces(self, report: LayerReport) -> gpd.GeoDataFrame:
        spec = self.section("provinces")
        path = self.track(
            self.path(_required(spec, "file", "provinces", self.manifest), section="provinces")
        )
        report.source = self.display(path)
        fmt = loaders.detect_format(path, spec.get("format"))
        if fmt == "csv":
            df = self._table(path, report)
            gdf = self._points_frame(df, spec, path, report)
        else:
            gdf = loaders.read_vector(path, fmt=fmt, layer=spec.get("layer"))
            report.rows_read = len(gdf)
        gdf = gdf.reset_index(drop=True)
        gdf["code"] = self._codes(gdf, spec, path)
        unknown = gdf["code"].isna()
        report.drop("unknown_province", int(unknown.sum()))
        gdf = gdf[~unknown].copy()
        gdf["code"] = gdf["code"].astype(int)
        if fmt != "csv":
            gdf = clean.clean_polygons(gdf, report, extent=clean.INDONESIA_BBOX)
        gdf = clean.drop_duplicates(gdf, report, key="code", reason="duplicate_code")
        gdf["name"] = gdf["code"].map(PROVINCE_NAMES)

        capitals = spec.get("capitals")
        if capitals:
            cap = self._capitals(
                self.track(self.path(capitals, section="provinces", key="capitals")), report
            )
            gdf = gdf.drop(
                columns=[c for c in ("capital", "capital_lon", "capital_lat") if c in gdf],
                errors="ignore",
            )
            gdf = gdf.merge(cap, on="code", how="left")
        if fmt == "csv":  # a point pack: the points are the capitals
            gdf["capital_lon"], gdf["capital_lat"] = gdf.geometry.x, gdf.geometry.y
        for col in ("capital", "capital_lon", "capital_lat"):
            if col not in gdf:
                gdf[col] = np.nan
        if gdf["capital_lon"].isna().any():  # no capital point: use a point inside the polygon
            rep = gdf.geometry.representative_point()
            gdf["capital_lon"] = gdf["capital_lon"].fillna(rep.x)
            gdf["capital_lat"] = gdf["capital_lat"].fillna(rep.y)

        gdf["population"] = self._population(gdf, spec, path, report)
        report.rows_kept = len(gdf)
        out = gpd.GeoDataFrame(gdf[PROVINCE_COLUMNS], geometry="geometry", crs=CRS)
        return out.sort_values("code").reset_index(drop=True)

    def _codes(self, df: pd.DataFrame, spec: dict, path: Path) -> pd.Series:
        if spec.get("code"):
            loaders.require_columns(df, {"province code": spec["code"]}, file=str(path))
            return _map_unique(df[spec["code"]], normalise_code)
        if spec.get("province"):
            loaders.require_columns(df, {"province name": spec["province"]}, file=str(path))
            return _map_unique(df[spec["province"]], code_for_name)
        raise DataError(
            "needs 'code' or 'province' (a column naming the province)", file=str(self.manifest)
        )

    def _capitals(self, path: Path, report: LayerReport) -> pd.DataFrame:
        """Capitals by province code; a capital with bad or impossible coordinates is
        left out (noted): its province falls back to a point inside its polygon."""
        df = self._table(path, report, count=False)
        loaders.require_columns(
            df,
            {"code": "code", "capital": "capital", "lat": "capital_lat", "lon": "capital_lon"},
            file=str(path),
        )
        out = pd.DataFrame(
            {"code": _map_unique(df["code"], normalise_code), "capital": df["capital"]}
        )
        lat, bad_lat = self._numbers(df, "capital_lat", path, report, allow_thousands=False)
        lon, bad_lon = self._numbers(df, "capital_lon", path, report, allow_thousands=False)
        outside = lat.notna().to_numpy() & ~clean.in_indonesia(lon.to_numpy(), lat.to_numpy())
        unusable = (bad_lat | bad_lon).to_numpy() | outside
        if unusable.any():
            report.notes.append(
                f"{int(unusable.sum())} capitals without usable coordinates (a point inside the "
                f"province is used); first: {_where(df, unusable, self.display(path), 'capital_lat')}"
            )
        out["capital_lat"] = lat.mask(unusable)
        out["capital_lon"] = lon.mask(unusable)
        return out.dropna(subset=["code"]).drop_duplicates("code").astype({"code": int})

    def _population(
        self, provinces: pd.DataFrame, spec: dict, path: Path, report: LayerReport
    ) -> pd.Series:
        """Population by province; a value that is not a number, negative or absurd
        (over 1e9) is left unknown and noted, not fatal to the layer."""
        pop_spec = spec.get("population")
        if not pop_spec:
            if "population" in provinces:
                values, bad = self._numbers(provinces, "population", path, report)
                return self._usable_population(provinces, values, bad, path, "population", report)
            return pd.Series(pd.NA, index=provinces.index, dtype="Int64")
        ppath = self.track(
            self.path(
                _required(pop_spec, "file", "provinces.population", self.manifest),
                section="provinces.population",
            )
        )
        df = self._table(ppath, report, count=False)
        value_col = pop_spec.get("value", "population")
        loaders.require_columns(df, {"population": value_col}, file=str(ppath))
        codes = self._codes(df, pop_spec, ppath)
        values, bad = self._numbers(df, value_col, ppath, report)
        values = self._usable_population(df, values, bad, ppath, value_col, report)
        table = pd.DataFrame({"code": codes, "population": values}).dropna(subset=["code"])
        lookup = table.drop_duplicates("code").set_index("code")["population"]
        return provinces["code"].map(lookup).round().astype("Int64")

    def _usable_population(
        self,
        df: pd.DataFrame,
        values: pd.Series,
        bad: pd.Series,
        path: Path,
        column: str,
        report: LayerReport,
    ) -> pd.Series:
        unusable = bad.to_numpy() | (values < 0).to_numpy() | (values > 1e9).to_numpy()
        if unusable.any():
            report.notes.append(
                f"{int(unusable.sum())} population values unusable (not a number, negative or "
                f"over 1e9; population left unknown); first: {_where(df, unusable, self.display(path), column)}"
            )
        return values.mask(unusable).round().astype("Int64")

    # -- points (hospitals, plants, CSV provinces) -------------------------------------
    def _require_coordinates(self, df: pd.DataFrame, spec: dict, path: Path) -> None:
        if spec.get("latlon"):
            loaders.require_columns(df, {"coordinates": spec["latlon"]}, file=str(path))
        else:
            loaders.require_columns(
                df,
                {"latitude": spec.get("lat") or "lat", "longitude": spec.get("lon") or "lon"},
                file=str(path),
            )

    def _points_frame(
        self,
        df: pd.DataFrame,
        spec: dict,
        path: Path,
        report: LayerReport,
        *,
        polygons=None,
        province_col=None,
    ) -> gpd.GeoDataFrame:
        """Rows as points. Coordinates that are not finite numbers ("abc", "inf", "1e999")
        cost their row (``bad_coordinates``); then :func:`geo.clean.clean_points`."""
        lat_col, lon_col, latlon_col = spec.get("lat"), spec.get("lon"), spec.get("latlon")
        if latlon_col:
            loaders.require_columns(df, {"coordinates": latlon_col}, file=str(path))
            lat, lon, bad = loaders.parse_latlon(df[latlon_col])
            first_col = latlon_col
        else:
            lat_col, lon_col = lat_col or "lat", lon_col or "lon"
            loaders.require_columns(df, {"latitude": lat_col, "longitude": lon_col}, file=str(path))
            lat, bad_lat = self._numbers(df, lat_col, path, report, allow_thousands=False)
            lon, bad_lon = self._numbers(df, lon_col, path, report, allow_thousands=False)
            bad = bad_lat | bad_lon
            first_col = lat_col if bad_lat.any() else lon_col
        work = df.copy()
        work["_lat"], work["_lon"] = lat.to_numpy(), lon.to_numpy()
        work = self._drop(work, bad, report, "bad_coordinates", path=path, column=first_col)
        work = clean.clean_points(
            work,
            report,
            lon="_lon",
            lat="_lat",
            province_polygons=polygons,
            province_column=province_col,
        )
        geometry = shapely.points(work["_lon"].to_numpy(), work["_lat"].to_numpy())
        return gpd.GeoDataFrame(work.drop(columns=["_lat", "_lon"]), geometry=geometry, crs=CRS)

    def _hospitals(self, report: LayerReport, provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        spec = self.section("hospitals")
        path = self.track(
            self.path(_required(spec, "file", "hospitals", self.manifest), section="hospitals")
        )
        report.source = self.display(path)
        self.progress("hospitals: reading", 0.22)
        df = self._table(path, report)
        cols = {"id": spec.get("id", "id"), "name": spec.get("name", "name")}
        loaders.require_columns(df, cols, file=str(path))
        self._require_coordinates(df, spec, path)
        df[cols["id"]] = df[cols["id"]].astype("string").str.strip()
        no_id = (df[cols["id"]].isna() | (df[cols["id"]] == "")).to_numpy()
        df = self._drop(df, no_id, report, "missing_id", path=path, column=cols["id"])
        self.progress("hospitals: cleaning", 0.3)
        codes = (
            self._codes(df, spec, path) if (spec.get("code") or spec.get("province")) else np.nan
        )
        polygons = (
            provinces if len(provinces) and not (provinces.geom_type == "Point").all() else None
        )
        gdf = self._points_frame(
            df.assign(province_code=codes),
            spec,
            path,
            report,
            polygons=polygons,
            province_col="province_code",
        )
        gdf = clean.drop_duplicates(gdf, report, key=cols["id"])

        out = gpd.GeoDataFrame(
            {
                "id": gdf[cols["id"]].astype(str),
                "name": gdf[cols["name"]].fillna("").astype(str),
                "province_code": gdf["province_code"],
                "beds": self._beds(gdf, spec.get("beds"), path, report),
                "hospital_class": gdf[spec["class"]].fillna("").astype(str)
                if spec.get("class")
                else "",
                "type": gdf[spec["type"]].fillna("").astype(str) if spec.get("type") else "",
            },
            geometry=gdf.geometry.to_numpy(),
            crs=CRS,
        )
        join = spec.get("join")
        if join:
            self.progress("hospitals: joining the registry", 0.36)
            out = self._join_registry(out, join, report)
        if polygons is not None and out["province_code"].isna().any():
            out = _province_by_location(out, polygons, report)
        unknown = out["province_code"].isna()
        report.drop("unknown_province", int(unknown.sum()))
        out = out[~unknown].copy()
        out["province_code"] = out["province_code"].astype(int)
        out["beds"] = out["beds"].fillna(0).round().astype(int)
        report.rows_kept = len(out)
        return out[HOSPITAL_COLUMNS].reset_index(drop=True)

    def _beds(
        self, df: pd.DataFrame, column: str | None, path: Path, report: LayerReport
    ) -> pd.Series:
        """Beds; text that is not a number, a negative count or one over
        :data:`MAX_BEDS` is repaired to unknown (counted) and the hospital kept."""
        if not column:
            return pd.Series(np.nan, index=df.index)
        loaders.require_columns(df, {"beds": column}, file=str(path))
        values, bad = self._numbers(df, column, path, report)
        for reason, mask in (
            ("beds_not_a_number", bad.to_numpy()),
            ("negative_beds", (values < 0).to_numpy()),
            ("absurd_beds", (values > MAX_BEDS).to_numpy()),
        ):
            if mask.any():
                report.repair(reason, int(mask.sum()))
                report.notes.append(
                    f"{int(mask.sum())} bed counts set to unknown ({reason}); "
                    f"first: {_where(df, mask, self.display(path), column)}"
                )
                values = values.mask(mask)
        return values

    def _join_registry(
        self, hospitals: gpd.GeoDataFrame, join: dict, report: LayerReport
    ) -> gpd.GeoDataFrame:
        jpath = self.track(
            self.path(
                _required(join, "file", "hospitals.join", self.manifest), section="hospitals.join"
            )
        )
        reg = self._table(jpath, report, count=False)
        on = join.get("on", "id")
        loaders.require_columns(
            reg,
            {"join key": on, "class": join.get("class"), "beds": join.get("beds")},
            file=str(jpath),
        )
        reg = reg.assign(**{on: reg[on].astype("string").str.strip()}).dropna(subset=[on])
        dup = reg.duplicated(on)
        if dup.any():
            report.notes.append(
                f"{jpath.name}: {int(dup.sum())} repeated '{on}' values; the first row of each is used"
            )
        reg = reg[~dup]
        reg_beds = self._registry_beds(reg, join.get("beds"), jpath, report)
        table = pd.DataFrame(
            {
                "id": reg[on].astype(str).str.strip(),
                "_class": reg[join["class"]] if join.get("class") else None,
                "_beds": reg_beds.to_numpy(),
            }
        )
        merged = hospitals.merge(table, on="id", how="left")
        matched = merged["_class"].notna() | merged["_beds"].notna()
        report.notes.append(
            f"joined {int(matched.sum())} of {len(merged)} hospitals to {jpath.name} on '{on}' (class, beds)"
        )
        merged["hospital_class"] = (
            merged["_class"].fillna(merged["hospital_class"]).fillna("").astype(str)
        )
        use_registry = merged["_beds"].notna() & (merged["_beds"] > 0)
        merged["beds"] = np.where(use_registry, merged["_beds"], merged["beds"])
        return gpd.GeoDataFrame(
            merged.drop(columns=["_class", "_beds"]), geometry="geometry", crs=CRS
        )

    def _registry_beds(
        self, reg: pd.DataFrame, column: str | None, path: Path, report: LayerReport
    ) -> pd.Series:
        """Registry beds; unusable values (not a number, negative, absurd) are ignored
        (the hospital file's count stays) and noted."""
        if not column:
            return pd.Series(np.nan, index=reg.index)
        values, bad = self._numbers(reg, column, path, report)
        unusable = bad.to_numpy() | (values < 0).to_numpy() | (values > MAX_BEDS).to_numpy()
        if unusable.any():
            report.notes.append(
                f"{int(unusable.sum())} registry bed counts ignored (not a number, negative or "
                f"over {MAX_BEDS:,}); first: {_where(reg, unusable, self.display(path), column)}"
            )
        return values.mask(unusable)

    def _plants(self, report: LayerReport) -> gpd.GeoDataFrame:
        spec = self.section("plants")
        path = self.track(
            self.path(_required(spec, "file", "plants", self.manifest), section="plants")
        )
        report.source = self.display(path)
        df = self._table(path, report)
        cap_col = spec.get("capacity", "capacity_t_per_day")
        loaders.require_columns(df, {"capacity": cap_col}, file=str(path))
        if spec.get("id"):
            loaders.require_columns(df, {"id": spec["id"]}, file=str(path))
            df[spec["id"]] = df[spec["id"]].astype("string").str.strip()
            no_id = (df[spec["id"]].isna() | (df[spec["id"]] == "")).to_numpy()
            df = self._drop(df, no_id, report, "missing_id", path=path, column=spec["id"])
        capacity, bad = self._numbers(df, cap_col, path, report)
        df["_capacity"] = capacity
        for reason, mask in (
            ("not_a_number", bad),
            ("negative_capacity", capacity < 0),
            ("absurd_capacity", capacity > MAX_PLANT_T_PER_DAY),
        ):
            df = self._drop(df, mask.loc[df.index], report, reason, path=path, column=cap_col)
        if spec.get("locate_file"):
            gdf = self._locate_by_area(df, spec, path, report)
        else:
            gdf = self._points_frame(df, spec, path, report)
        city = gdf[spec["city"]].fillna("").astype(str) if spec.get("city") else ""
        company = gdf[spec["company"]].fillna("").astype(str) if spec.get("company") else ""
        name = gdf[spec["name"]].fillna("").astype(str) if spec.get("name") else company
        if spec.get("id"):
            ids = gdf[spec["id"]].astype(str)
        else:
            ids = pd.Series(
                [_slug(f"{c}-{n}") for c, n in zip(city, company, strict=True)], index=gdf.index
            )
            ids = _uniquify(ids)
        province = (
            self._codes(gdf, spec, path) if (spec.get("code") or spec.get("province")) else np.nan
        )
        out = gpd.GeoDataFrame(
            {
                "id": ids,
                "name": name,
                "company": company,
                "city": city,
                "province_code": province,
                "capacity_t_per_day": gdf["_capacity"],
                "source": gdf[spec["source"]].fillna("").astype(str) if spec.get("source") else "",
                "as_of": gdf[spec["as_of"]].fillna("").astype(str) if spec.get("as_of") else "",
            },
            geometry=gdf.geometry.to_numpy(),
            crs=CRS,
        )
        out = clean.drop_duplicates(out, report, key="id")
        unknown_cap = int(out["capacity_t_per_day"].isna().sum())
        if unknown_cap:
            report.notes.append(
                f"{unknown_cap} plants have no published capacity (kept, counted as 0 t/day in allocation)"
            )
        report.rows_kept = len(out)
        return out[PLANT_COLUMNS].reset_index(drop=True)

    def _locate_by_area(
        self, df: pd.DataFrame, spec: dict, path: Path, report: LayerReport
    ) -> gpd.GeoDataFrame:
        """Place rows at a point inside the area (e.g. kab/kota) named by a code column."""
        apath = self.track(self.path(spec["locate_file"], section="plants", key="locate_file"))
        areas = loaders.read_vector(apath, fmt=spec.get("locate_format"))
        key = spec.get("locate_key", "id")
        code_col = _required(spec, "locate_code", "plants", self.manifest)
        loaders.require_columns(areas, {"area key": key}, file=str(apath))
        loaders.require_columns(df, {"area code": code_col}, file=str(path))
        geoms = areas.geometry.to_numpy()
        areas = areas[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
        areas = areas.assign(geometry=shapely.make_valid(areas.geometry.to_numpy())).dissolve(
            by=key
        )
        points = areas.geometry.representative_point()
        codes = df[code_col].astype(str).str.replace(".", "", regex=False).str.strip()
        if spec.get("locate_code_format", "") == "PP-KK":
            codes = codes.str.slice(0, 2) + "-" + codes.str.slice(2, 4)
        located = codes.map(points)
        missing = located.isna()
        report.drop("area_not_found", int(missing.sum()))
        report.notes.append(
            f"located at a point inside the area named by '{code_col}' in {apath.name} (no plant coordinates published)"
        )
        kept = df[~missing].copy()
        return gpd.GeoDataFrame(kept, geometry=list(located[~missing]), crs=CRS)

    # -- cases --------------------------------------------------------------------------
    def _cases(self, report: LayerReport, provinces: gpd.GeoDataFrame) -> pd.DataFrame:
        spec = self.section("cases")
        date_col, active_col = spec.get("date", "date"), spec.get("active", "active_cases")
        frames = []
        if spec.get("dir"):
            # the folder's mtime changes as files come and go
            folder = self.track(self.path(spec["dir"], section="cases", key="dir"))
            report.source = self.display(folder)
            if not folder.is_dir():
                raise DataError("folder not found", file=str(folder))
            files = sorted(folder.glob(_file_pattern(spec.get("pattern", "*.csv"), self)))
            if not files:
                raise DataError("no case files found", file=str(folder))
            for f in files:
                if not _stays_inside(f, folder) and not self.allow_outside_root:
                    raise DataError("a matched file leaves the data root", file=str(f))
                df = self._table(self.track(f), report)
                loaders.require_columns(
                    df, {"date": date_col, "active cases": active_col}, file=str(f)
                )
                code = code_for_name(f.stem)
                if code is None:  # the file's rows are dropped, not the layer
                    report.notes.append(
                        f"{self.display(f)}: file name '{f.stem}' does not name a province; "
                        f"its {len(df)} rows dropped (unknown_province)"
                    )
                frames.append(
                    self._case_rows(df, f, date_col, active_col, pd.Series(code, index=df.index))
                )
        else:
            f = self.track(
                self.path(_required(spec, "file", "cases", self.manifest), section="cases")
            )
            report.source = self.display(f)
            df = self._table(f, report)
            loaders.require_columns(df, {"date": date_col, "active cases": active_col}, file=str(f))
            codes = (
                _map_unique(
                    df[spec["code"]],
                    lambda v: 0 if str(v).strip() in {"0", "00"} else normalise_code(v),
                )
                if spec.get("code")
                else self._codes(df, spec, f)
            )
            frames.append(self._case_rows(df, f, date_col, active_col, codes))
        national_spec = spec.get("national")
        if isinstance(national_spec, dict):  # [cases.national]: the national series (code 0)
            try:
                f = self.track(
                    self.path(
                        _required(national_spec, "file", "cases.national", self.manifest),
                        section="cases",
                    )
                )
                df = self._table(f, report)
                n_date = national_spec.get("date", "date")
                n_active = national_spec.get("active", "active_cases")
                loaders.require_columns(df, {"date": n_date, "active cases": n_active}, file=str(f))
                frames.append(
                    self._case_rows(df, f, n_date, n_active, pd.Series(0, index=df.index))
                )
            except DataError as err:  # the provinces' own series stay loaded
                report.notes.append(
                    f"national series not loaded ({redact_paths(err.one_line(), self.roots)}): "
                    "provinces "
                    "without a figure stay missing instead of being split from it"
                )
        raw = pd.concat(frames, ignore_index=True)  # rows_read counted file by file
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
        national = raw["province_code"] == 0
        national_rows = raw[national]
        self.national_cases = national_rows[["date", "active_cases"]].reset_index(drop=True)
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
                file=str(self.manifest),
            )
        codes = provinces["code"] if len(provinces) else raw.loc[~national, "province_code"]
        cases = demand_model.impute_cases(
            raw[~national],
            provinces=pd.Index(codes.unique()),
            national=national_rows if split else None,
            population=population,
            carry_forward_days=carry_days,
        )
        counts = cases["method"].value_counts()
        report.notes.append(
            f"{int(counts.get('carried_forward', 0))} province-days carried forward from the last "
            f"published figure (at most {carry_days} days), "
            f"{int(counts.get('national_split', 0))} split from the national figure by population "
            f"({len(national_rows)} national rows{'' if split else ', not used'}); all flagged imputed"
        )
        return cases[CASE_COLUMNS].sort_values(["date", "province_code"]).reset_index(drop=True)

    def _case_rows(
        self, df: pd.DataFrame, f: Path, date_col: str, active_col: str, codes: pd.Series
    ) -> pd.DataFrame:
        dates = (
            pd.to_datetime(df[date_col], errors="coerce", utc=True)
            .dt.tz_localize(None)
            .dt.normalize()
        )
        """One frame per file, with the reasons a row cannot be used flagged (the caller
        drops and counts them): a junk date, an impossible date, a value that is not a
        finite number, a negative count. One bad row costs that row, not the layer."""
        bad_date = (dates.isna() & df[date_col].notna()).to_numpy()
        lo, hi = (pd.Timestamp(d) for d in CASE_DATE_RANGE)
        out_of_range = (dates.notna() & ((dates < lo) | (dates > hi))).to_numpy()
        active, bad_active, comma = loaders.parse_numbers(
            df[active_col], decimal_comma=self.decimal_comma.get(str(f), False)
        )
        report = self.reports["cases"]
        report.repair("decimal_comma", int(comma.sum()))
        return pd.DataFrame(
            {
                "province_code": codes.to_numpy(),
                "date": dates.to_numpy(),
                "active_cases": active.to_numpy(),
                "_bad_date": bad_date,
                "_date_out_of_range": out_of_range & ~bad_date,
                "_bad_active": bad_active.to_numpy() & ~bad_date & ~out_of_range,
                "_negative": (active < 0).to_numpy() & ~bad_date & ~out_of_range,
                "_file": self.display(f),
                "_row": np.asarray(df.index) + 2,
                "_date_text": df[date_col].to_numpy(),
                "_active_text": df[active_col].to_numpy(),
            }
        )

    # -- supply and roads ---------------------------------------------------------------
    def _supply(self, report: LayerReport, supply: SupplyAssets) -> pd.DataFrame:
        spec = self.section("supply")
        if not spec.get("file"):
            report.notes.append("no supply file: Kemenperin 8 Jul 2021 figures used")
            return pd.DataFrame()
        path = self.track(self.path(spec["file"], section="supply"))
        report.source = self.display(path)
        df = self._table(path, report)
        loaders.require_columns(df, {"key": "key", "value": "value"}, file=str(path))
        values, bad = self._numbers(df, "value", path, report)
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
                    f"first: {_where(df, mask, self.display(path), column)}"
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

    def _supply_lines(
        self, report: LayerReport, cases: pd.DataFrame | None = None
    ) -> supply_model.SupplyChain:
        """[supply_lines]: ``file`` replaces the embedded data/supply_lines.csv, ``extend``
        (a file) adds lines to it (same id: the later line wins); ``statements``,
        ``ports`` and ``lanes`` replace the embedded national statements, ports and sea
        lanes. A bad row is dropped and counted, with a note naming file, row and column in
        the layer's report; its DataError is kept in ``Pack.supply_chain.errors`` (not in
        ``Pack.errors``, which lists layers that failed)."""
        spec = self.section("supply_lines")  # defaults: the embedded files
        paths = {
            k: self.track(self.path(str(spec[k]), section="supply_lines", key=k))
            for k in ("file", "statements", "ports", "lanes", "medical", "shipments")
        }
        lines = [paths["file"]]
        if spec.get("extend"):
            extra = self.path(str(spec["extend"]), section="supply_lines", key="extend")
            lines.append(self.track(extra))
        reports = {"supply_lines": report}
        chain = supply_model.load_supply_chain(
            lines=lines,
            statements=paths["statements"],
            ports=paths["ports"],
            lanes=paths["lanes"],
            medical=paths["medical"],
            shipments=paths["shipments"],
            series=_series_range(cases),
            reports=reports,
        )
        self.reports["sea_lanes"] = reports["sea_lanes"]
        # messages name files relative to the data root, never by absolute path
        shown = {str(f): self.display(f) for f in [*lines, *paths.values()]}
        for err in chain.errors:
            err.file = shown.get(str(err.file), err.file)
        for rep in (report, reports["sea_lanes"]):
            rep.source = " ; ".join(shown.get(part, part) for part in rep.source.split(" ; "))
            for i, note in enumerate(rep.notes):
                for full, short in shown.items():
                    note = note.replace(full, short)
                rep.notes[i] = note
        return chain

    def _roads(self) -> RoadSource:
        spec = self.section("roads")
        speeds = spec.get("speeds_kph", {})
        if not isinstance(speeds, dict) or not all(
            isinstance(v, int | float) and 0 < v <= 150 for v in speeds.values()
        ):
            raise DataError(
                "[roads.speeds_kph] must map road classes to km/h in (0, 150]",
                file=str(self.manifest),
            )
        speeds = {str(k): float(v) for k, v in speeds.items()}
        if not spec or spec.get("kind", "corridor") == "corridor":
            return RoadSource("corridor", None, speeds)
        path = self.track(
            self.path(_required(spec, "file", "roads", self.manifest), section="roads")
        )
        if path.name.lower().endswith(".o2graph.npz"):  # geo.osm_stream.COMPILED_SUFFIX
            return RoadSource(spec.get("kind") or "compiled", path, speeds)
        kind = spec.get("kind") or {
            ".graphml": "graphml",
            ".osm": "osm_xml",
            ".xml": "osm_xml",
            ".pbf": "osm_pbf",
        }.get(path.suffix.lower(), "graphml")
        return RoadSource(kind, path, speeds)


# ---------------------------------------------------------------------------------------


def _where(df: pd.DataFrame, mask: np.ndarray, file: str, column: str) -> str:
    """'file F, row R, column 'C', value V' for the first row where ``mask`` holds (rows
    as a spreadsheet counts them: the header is row 1)."""
    pos = int(np.flatnonzero(mask)[0])
    label = df.index[pos]
    row = int(label) + 2 if isinstance(label, int | np.integer) else pos + 2
    value = df[column].iloc[pos] if column in df else ""
    return f"file {file}, row {row}, column '{column}', value {str(value)[:40]!r}"


def _map_unique(series: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """``series.map(func)`` calling ``func`` once per distinct value (a million rows
    name only 34 provinces)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = np.array([func(u) for u in uniques] + [func(None)], dtype=object)
    return pd.Series(mapped[codes], index=series.index, dtype=object)


def _file_pattern(pattern: str, loader: _Loader) -> str:
    """A file name pattern for a folder: no folders, no ``..``."""
    if "/" in pattern or "\\" in pattern or ".." in pattern or not pattern.strip():
        raise DataError(
            f"[cases] pattern '{pattern}' must be a file name pattern such as '*.csv' "
            "(no folders, no '..')",
            file=loader.manifest_name,
            row=_toml_line(loader.lines, "cases", "pattern"),
        )
    return pattern


def _stays_inside(path: Path, base: Path) -> bool:
    """Whether ``path`` stays under ``base``: no ``..`` climbs out of it, and no folder on
    the way is a symlink leading out (folders are resolved). A symlinked *file* placed
    in the data root by the operator is followed: a manifest can name paths but cannot
    create links, so links are the operator's choice."""
    base_real = Path(os.path.realpath(base))
    lexical = Path(os.path.normpath(path))
    if not lexical.is_relative_to(Path(os.path.normpath(base))):
        return False
    parent_real = Path(os.path.realpath(lexical.parent))
    return parent_real == base_real or parent_real.is_relative_to(base_real)


def _unexpected(exc: Exception, report: LayerReport) -> DataError:
    """An exception no loader anticipated, as a layer error (the other layers stay
    loaded and no traceback reaches a viewer); the text says it was unexpected."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return DataError(
        f"unexpected {type(exc).__name__} while reading this layer ({text})",
        file=report.source or None,
    )


def _required(spec: dict, key: str, section: str, manifest: Path) -> str:
    value = spec.get(key)
    if not value:
        raise DataError(f"[{section}] needs '{key}'", file=str(manifest))
    return str(value)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _empty_gdf(columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: [] for c in columns if c != "geometry"}, geometry=[], crs=CRS)


def _column_number(df: pd.DataFrame, column: str | None, path: Path) -> pd.Series:
    if not column:
        return pd.Series(np.nan, index=df.index)
    loaders.require_columns(df, {"number": column}, file=str(path))
    return loaders.to_number(df[column], file=str(path), column=column)


def _province_by_location(
    points: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame, report: LayerReport
) -> gpd.GeoDataFrame:
    missing = points["province_code"].isna()
    joined = gpd.sjoin(
        points[missing][["geometry"]],
        polygons[["code", "geometry"]],
        how="left",
        predicate="within",
    )
    joined = joined[~joined.index.duplicated()]
    points.loc[missing, "province_code"] = joined["code"]
    found = int(joined["code"].notna().sum())
    if found:
        report.repair("province_from_location", found)
    return points


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _uniquify(ids: pd.Series) -> pd.Series:
    counts = ids.groupby(ids).cumcount()
    return ids.where(counts == 0, ids + "-" + (counts + 1).astype(str))


def _series_range(cases: pd.DataFrame | None) -> tuple[str, str] | None:
    """First and last date of the case series (shipment dates must fall inside)."""
    if cases is None or not len(cases) or "date" not in cases:
        return None
    dates = pd.to_datetime(cases["date"], errors="coerce").dropna()
    if not len(dates):
        return None
    return f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"
