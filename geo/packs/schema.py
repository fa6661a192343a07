"""The manifest schema: every section and key a pack manifest may use, declared once,
the validation of a section against it (errors name the manifest, line and key), and the
Markdown table docs/ARCHITECTURE.md is generated from."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from geo.errors import DataError


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
                _K(
                    "areas",
                    "table",
                    "kabupaten/kota polygons for the location check, see [hospitals.areas]",
                ),
            ),
        ),
        ManifestSection(
            "hospitals.areas",
            "kabupaten/kota polygons: a hospital whose point contradicts its stated province "
            "is moved into its stated kabupaten/kota (geo/locations.py)",
            (
                _K(
                    "file",
                    "path",
                    "area polygons (GeoJSON, TopoJSON, Shapefile, GPKG)",
                    required=True,
                ),
                _K(
                    "format",
                    "choice",
                    "format of file; guessed from the name if absent",
                    choices=_FORMATS,
                ),
                _K("key", "column", "area id column", default="id"),
                _K("name", "column", "area name column", default="name"),
                _K("province", "column", "area's province name column", default="province"),
                _K(
                    "stated",
                    "column",
                    "column of the hospital file naming its kabupaten/kota",
                    required=True,
                ),
                _K(
                    "names",
                    "path",
                    "CSV of corrected area names by id (matched besides the file's)",
                ),
                _K("names_key", "column", "area id column in names", default="id"),
                _K("names_name", "column", "area name column in names", default="name"),
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
                _K("new", "column", "new (daily confirmed) cases column, for the incidence method"),
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
                _K("new", "column", "new (daily confirmed) cases column"),
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
            "demand",
            "facts the demand methods read: COVID-19 beds and their occupancy per province "
            "and date (geo/demand.py bed_facts_table); the embedded file if absent",
            (
                _K(
                    "bed_occupancy",
                    "path",
                    "bed facts CSV (fact_id, date, province_code, bed_type, beds, occupied, "
                    "occupancy_pct, statement, source)",
                    default="@embedded/bed_occupancy.csv",
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


def validate_section(
    section: ManifestSection, value: object, *, file: str, lines: list[str]
) -> tuple[dict, list[str]]:
    """``value`` checked against ``section``, with defaults filled in, and the notes
    (unknown keys) to show. Raises :class:`DataError` naming the manifest, line and key."""
    if not isinstance(value, dict):
        raise DataError(
            f"[{section.name}] must be a table", file=file, row=toml_line(lines, section.name)
        )
    out = dict(value)
    notes: list[str] = []
    for key, item in value.items():
        spec = section.key(key)
        row = toml_line(lines, section.name, key)
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
                row=toml_line(lines, section.name),
            )
        if spec.default is not None:
            out.setdefault(spec.name, spec.default)
    for group in section.one_of:
        if not any(k in value for k in group):
            raise DataError(
                f"[{section.name}] needs one of {', '.join(repr(k) for k in group)}",
                file=file,
                row=toml_line(lines, section.name),
            )
    return out, notes


def toml_line(lines: list[str], section: str, key: str | None = None) -> int | None:
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
