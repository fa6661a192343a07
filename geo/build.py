"""Build the embedded default pack's derived tables from the public files.

``build_pack(src, out)`` loads ``packs/indonesia-2021.toml`` with ``src`` as its data
root, through the same loaders and cleaning as any manifest (``geo.packs``), and writes
compact cleaned tables into ``out`` (the repository's ``data/``):

- ``provinces.geojson``: 34 province polygons, coverage-simplified (topology kept) and
  snapped to a 1e-4 degree grid, with code, name, capital, capital coordinates and
  SP2020 population;
- ``hospitals.csv``: id, name, class, beds, type, province code, lat, lon (5 d.p.);
- ``active_cases.csv``: the published provincial active-case series for the whole
  period the files cover, plus the national series as ``province_code`` 0;
- ``SOURCES.md``: every input file with origin, licence, attribution and sha256, and
  the load report of each layer.

The output is deterministic: rows are sorted, numbers have a fixed format, and nothing
records the time or the machine, so the same inputs give the same bytes. Only these
derived tables are written; the raw files are never copied.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from geo.errors import DataError
from geo.packs import PACKS_DIR, Pack, load_pack

MANIFEST = PACKS_DIR / "indonesia-2021.toml"
"""The manifest of the real national files the default pack is built from."""

SIMPLIFY_TOLERANCE_DEG: float = 0.001
"""Coverage simplification tolerance (degrees, ~110 m): shared borders stay shared."""

GRID_DEG: float = 1e-4
"""Polygon vertices are snapped to this grid (~11 m) and written with 4 decimals."""

POINT_DECIMALS: int = 5
"""Hospital coordinates are written with 5 decimals (~1 m)."""

OUTPUTS: tuple[str, ...] = (
    "provinces.geojson",
    "hospitals.csv",
    "active_cases.csv",
    "SOURCES.md",
)
"""The files ``build_pack`` writes (and the determinism test compares)."""

LAYERS: tuple[str, ...] = ("provinces", "hospitals", "cases")


@dataclass(frozen=True)
class _Origin:
    what: str
    origin: str
    licence: str
    attribution: str


_ZAKIEGO = "zakiego/dataset-sebaran-covid19goid"
_GOV_LICENCE = (
    "unknown (no licence file in the copying repository); Indonesian government public "
    "data: check before redistributing"
)

# Origins as documented in ../shared/data/SOURCES.md, by path relative to the data root.
_ORIGINS: dict[str, _Origin] = {
    "boundaries/indonesia_provinces_34_ans4175.geojson": _Origin(
        "province polygons (34 provinces of 2021, BPS/Kemendagri code `kode`)",
        "github.com/ans-4175/peta-indonesia-geojson, indonesia-prov.geojson, "
        "commit 8206c67cf863f4d6d66d79e4f029fd727d27dbd8",
        "MIT",
        "(c) 2021 Ahmad Anshorimuslim Syuhada; geometry from superpikar/indonesia-geojson, "
        "Vizzuality growasia and indonesia-geospasial.com (BAKOSURTANAL 1:250,000; "
        "Kalimantan: Dukcapil Dec 2019)",
    ),
    "population/bps_sp2020_population_by_province.csv": _Origin(
        "population by province, Sensus Penduduk 2020",
        "github.com/dzulfiqarfr/jakpost-graphics, 2021/2021-05-23-indonesia-remains-java-"
        "centric/data/bps-population-2020-cleaned.csv, commit "
        "6450df09dea97689f9b6bae690e953e58632c705",
        "unknown (no licence file); the figures are BPS's published census totals",
        "BPS, Hasil Sensus Penduduk 2020, Berita Resmi Statistik No. 7/01/Th. XXIV, 21 Jan 2021",
    ),
    "hospitals/covid19goid_rumah_sakit_latlon.csv": _Origin(
        "hospitals of the covid19.go.id list (rs.json, April 2022 snapshot), coordinates "
        "parsed into lat/lon",
        f"github.com/{_ZAKIEGO}, nasional/rumah_sakit.csv, commit "
        "0b6e31ba483c45f69788fa135a7f1b4d366f17e0 (lokasi parsed by the shared copy)",
        _GOV_LICENCE,
        "Satgas Penanganan COVID-19 / Kemenkes, covid19.go.id",
    ),
    "hospitals/kemenkes_rs_kelas_tempat_tidur.csv": _Origin(
        "Kemenkes hospital registry: class (A-D) and total beds, joined on kode_rs",
        "github.com/clumsyyyy/Milestone02_K01, data/dataRumahSakit.js (blob "
        "478c630f72600defd531c4242317691524a7f125), commit "
        "6b5f81ec2513c88728ed9f68fff2302866db0827",
        "unknown (no licence file); Kemenkes public registry data: check before redistributing",
        "Kementerian Kesehatan RI, hospital registry (SIRS)",
    ),
    "covid/national_daily.csv": _Origin(
        "national daily COVID-19 series (jumlah_dirawat_kum = active cases)",
        f"github.com/{_ZAKIEGO}, nasional/harian.csv, commit "
        "20f48d309bf760dbc17379ec5810ac70e7500e11",
        _GOV_LICENCE,
        "Satgas Penanganan COVID-19, covid19.go.id",
    ),
}
_PROVINCE_DAILY = _Origin(
    "daily COVID-19 series of one province (AKUMULASI_DIRAWAT_OR_ISOLASI = active cases)",
    f"github.com/{_ZAKIEGO}, provinsi/, commit 6e674d450297d0e5ae8e73607d80043674257d16",
    _GOV_LICENCE,
    "Satgas Penanganan COVID-19, covid19.go.id prov_detail API",
)
_EMBEDDED_CAPITALS = _Origin(
    "province capitals and their coordinates (hand-written facts of this repository)",
    "this repository, data/provinces.csv",
    "this project's licence; one source per row in the file",
    "gazetteer coordinates (Wikipedia/GeoNames), see each row's capital_source",
)


def build_pack(src: Path, out: Path, *, manifest: Path = MANIFEST) -> dict:
    """Build the default pack's derived tables from the public files in ``src``.

    ``src`` is laid out as ``../shared/data`` (see that folder's SOURCES.md); ``out``
    is the folder to write (normally the repository's ``data/``). Raises
    :class:`DataError` if a layer the tables come from fails to load.

    Returns ``{"files": {name: {"rows", "bytes", "sha256"}}, "reports": {layer:
    LayerReport.to_dict()}}`` (reports' ``source`` made relative to ``src``), so a
    caller can print one line per file.
    """
    src, out = Path(src).resolve(), Path(out)  # one form of the root: same bytes from any cwd
    if not src.is_dir():
        raise DataError("data folder not found", file=str(src))
    pack = load_pack(manifest, data_root=src)
    for err in pack.errors:
        if err.layer in LAYERS:
            raise err
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "provinces.geojson": _provinces_geojson(pack),
        "hospitals.csv": _hospitals_csv(pack),
        "active_cases.csv": _cases_csv(pack),
    }
    reports = {name: _relative_report(pack, name, src) for name in LAYERS}
    tables["SOURCES.md"] = _sources_md(pack, src, reports, tables)
    files = {}
    for name in OUTPUTS:
        text, rows = tables[name]
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        files[name] = {
            "rows": rows,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    return {"files": files, "reports": reports}


def build_summary(result: dict) -> str:
    """What ``python -m geo build-pack`` prints: one line per written file."""
    return "\n".join(
        f"wrote {name}: {info['rows']:,} rows, {info['bytes']:,} bytes, sha256 {info['sha256'][:12]}"
        for name, info in result["files"].items()
    )


# --------------------------------------------------------------------------- tables


def _provinces_geojson(pack: Pack) -> tuple[str, int]:
    prov = pack.provinces.sort_values("code").reset_index(drop=True)
    geoms = prov.geometry.to_numpy()
    if (shapely.get_type_id(geoms) == 0).any():
        raise DataError("the provinces layer has points, not polygons", layer="provinces")
    simple = shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE_DEG)
    simple = shapely.set_precision(simple, GRID_DEG)
    bad = ~shapely.is_valid(simple) | shapely.is_empty(simple)
    if bad.any():  # keep the unsimplified, grid-snapped shape where simplification failed
        simple[bad] = shapely.set_precision(shapely.make_valid(geoms[bad]), GRID_DEG)
    simple = shapely.transform(simple, lambda xy: np.round(xy, 4))
    lines = []
    for row, geom in zip(prov.itertuples(index=False), simple, strict=True):
        feature = {
            "type": "Feature",
            "properties": {
                "code": int(row.code),
                "name": str(row.name),
                "capital": "" if pd.isna(row.capital) else str(row.capital),
                "capital_lat": _round(row.capital_lat, 4),
                "capital_lon": _round(row.capital_lon, 4),
                "population": None if pd.isna(row.population) else int(row.population),
            },
            "geometry": json.loads(shapely.to_geojson(geom)),
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    return text, len(lines)


def _hospitals_csv(pack: Pack) -> tuple[str, int]:
    h = pack.hospitals
    table = pd.DataFrame(
        {
            "id": h["id"].astype(str),
            "name": h["name"].astype(str).str.strip(),
            "hospital_class": h["hospital_class"].astype(str).str.strip(),
            "beds": h["beds"].astype(int),
            "type": h["type"].astype(str).str.strip(),
            "province_code": h["province_code"].astype(int),
            "lat": [_fixed(v, POINT_DECIMALS) for v in h.geometry.y],
            "lon": [_fixed(v, POINT_DECIMALS) for v in h.geometry.x],
            # the location check against the kab/kota polygons (geo/locations.py), kept by
            # every later load of this file
            "location_check": h["location_check"].astype(str),
            "location_rule": h["location_rule"].astype(str),
            "location_approximate": h["location_approximate"].astype(bool).astype(int),
        }
    ).sort_values("id", kind="mergesort")
    return _csv(table), len(table)


def _cases_csv(pack: Pack) -> tuple[str, int]:
    reported = pack.cases[pack.cases["method"] == "reported"]
    national = pack.national_cases.assign(province_code=0)
    table = pd.concat(
        [
            reported[["province_code", "date", "active_cases"]],
            national[["province_code", "date", "active_cases"]],
        ],
        ignore_index=True,
    )
    table = table.sort_values(["province_code", "date"], kind="mergesort")
    new = pack.new_cases.set_index(["province_code", "date"])["new_cases"]
    new_values = new.reindex(pd.MultiIndex.from_frame(table[["province_code", "date"]]))
    table = pd.DataFrame(
        {
            "province_code": table["province_code"].astype(int),
            "date": pd.to_datetime(table["date"]).dt.strftime("%Y-%m-%d"),
            "active_cases": [_number(v) for v in table["active_cases"]],
            "new_cases": ["" if pd.isna(v) else _number(v) for v in new_values.to_numpy()],
        }
    )
    return _csv(table), len(table)


def _sources_md(
    pack: Pack, src: Path, reports: dict[str, dict], tables: dict[str, tuple[str, int]]
) -> tuple[str, int]:
    inputs = _inputs(pack, src)
    lines = [
        "# Sources of the derived tables",
        "",
        "Written by `geo.build.build_pack` (`python -m geo build-pack --from DIR --out data/`)",
        "from the public files laid out as in `../shared/data`, loaded through",
        "`packs/indonesia-2021.toml` with the same loaders and cleaning as any manifest.",
        "Do not edit by hand: rebuild. Licences are as stated by the repositories the files",
        "were copied from; where a licence is unknown the figures are published government",
        "facts (BPS, Kemenkes, Satgas COVID-19) and redistribution should be checked.",
        "",
        "## Derived tables",
        "",
        "| file | rows | from |",
        "|---|---|---|",
        f"| provinces.geojson | {tables['provinces.geojson'][1]} | provinces layer: polygons "
        f"coverage-simplified at {SIMPLIFY_TOLERANCE_DEG} deg, snapped to {GRID_DEG} deg; "
        "capitals; population |",
        f"| hospitals.csv | {tables['hospitals.csv'][1]} | hospitals layer: covid19.go.id list "
        f"joined to the Kemenkes registry; coordinates to {POINT_DECIMALS} d.p. |",
        f"| active_cases.csv | {tables['active_cases.csv'][1]} | cases layer: published "
        "provincial figures only (no imputed rows) and the national series as "
        "province_code 0 |",
        "",
        "## Inputs",
        "",
    ]
    for rel, sha in inputs:
        origin = _origin_for(rel)
        lines += [
            f"### `{rel}`",
            f"- what: {origin.what}",
            f"- origin: {origin.origin}",
            f"- licence: {origin.licence}",
            f"- attribution: {origin.attribution}",
            f"- sha256: `{sha}`",
            "",
        ]
    lines += ["## Load report", ""]
    for layer, rep in reports.items():
        dropped = ", ".join(f"{k} {v}" for k, v in rep["dropped"].items()) or "none"
        repairs = ", ".join(f"{k} {v}" for k, v in rep["repairs"].items()) or "none"
        lines += [
            f"### {layer}",
            f"- source: `{rep['source']}`",
            f"- rows read {rep['rows_read']}, kept {rep['rows_kept']}, "
            f"repaired {rep['repaired']}, dropped {sum(rep['dropped'].values())}",
            f"- dropped by reason: {dropped}",
            f"- repaired by reason: {repairs}",
            *[f"- note: {n}" for n in rep["notes"]],
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n", len(inputs)


# --------------------------------------------------------------------------- helpers


def _inputs(pack: Pack, src: Path) -> list[tuple[str, str]]:
    """(path relative to ``src`` or ``@embedded/...``, sha256) of every file the three
    layers read, sorted by path."""
    files: dict[str, str] = {}
    for path_text, _stamp in pack.inputs:
        path = Path(path_text)
        if not path.is_file() or path.suffix == ".toml":
            continue
        rel = _relative(path, src)
        if rel not in _ORIGINS and not rel.startswith(("covid/province_daily/", "@embedded/")):
            continue  # plants and their locating polygons: not part of the derived tables
        files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sorted(files.items())


def _origin_for(rel: str) -> _Origin:
    if rel in _ORIGINS:
        return _ORIGINS[rel]
    if rel.startswith("covid/province_daily/"):
        return _PROVINCE_DAILY
    if rel == "@embedded/provinces.csv":
        return _EMBEDDED_CAPITALS
    if rel.startswith("@embedded/"):
        return _Origin(
            "facts written for this project (supply lines, the dated medical-share table, "
            "shipments, statements, ports, sea lanes, national supply)",
            "this repository, " + rel.replace("@embedded/", "data/"),
            "this project's licence; one source per row in the file",
            "see each row's source column",
        )
    return _Origin("input file", "unknown", "unknown", "unknown")


def _relative(path: Path, src: Path) -> str:
    from geo.packs import EMBEDDED_DIR

    if not path.is_absolute():  # already as messages show it (relative to the data root)
        return path.as_posix()
    for base, prefix in ((src, ""), (EMBEDDED_DIR, "@embedded/")):
        try:
            return prefix + path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.name


def _relative_report(pack: Pack, layer: str, src: Path) -> dict:
    rep = pack.reports[layer].to_dict()
    if rep["source"]:
        rep["source"] = _relative(Path(rep["source"]), src)
    return rep


def _round(value: float, decimals: int) -> float | None:
    return None if pd.isna(value) else round(float(value), decimals)


def _fixed(value: float, decimals: int) -> str:
    text = f"{float(value):.{decimals}f}"
    return "0." + "0" * decimals if text.startswith("-0.") and float(text) == 0 else text


def _number(value: float) -> str:
    """Counts as integers, other values with up to 6 decimals (no trailing zeros)."""
    v = float(value)
    if v.is_integer():
        return str(int(v))
    return f"{v:.6f}".rstrip("0").rstrip(".")


def _csv(table: pd.DataFrame) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.columns)
    writer.writerows(table.itertuples(index=False, name=None))
    return buf.getvalue()
