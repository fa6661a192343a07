"""Bad and hostile inputs (issue 13): a corpus generated at test time from the real files.

Every case takes a real file from ``../shared/data`` (or the embedded pack), breaks it in
one way, loads the real pack from a data root where only that file differs, and states
what must happen:

- ``Drop(layer, reason, n)``: exactly ``n`` more rows dropped under ``reason`` than the
  clean load, the layer still loaded;
- ``Repair(layer, reason, n)``: ``n`` more kept rows repaired under ``reason``;
- ``Fail(layer, text)``: the layer fails with a one-line :class:`DataError` containing
  ``text`` and naming the file relative to the data root.

and, for every case: no exception escapes ``load_pack``, every layer's counts add up
(rows_read = rows_kept + dropped), every other layer keeps exactly the rows of the clean
load, no error is an "unexpected" exception, and no message names an absolute path.
Cases that could hang (XML entity expansion, huge files, binary garbage in parsers written
in C) run in a subprocess with a generous timeout: the test asserts that it finished, not
how fast.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import maps
from geo.errors import DataError, DataWarning
from geo.export import to_csv_bytes
from geo.packs import MANIFEST_SCHEMA, Pack, load_pack, manifest_schema_markdown

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "packs" / "indonesia-2021.toml"
LAYERS = ("provinces", "hospitals", "plants", "cases", "supply")
HOSP = "hospitals/covid19goid_rumah_sakit_latlon.csv"
REG = "hospitals/kemenkes_rs_kelas_tempat_tidur.csv"
PROV = "boundaries/indonesia_provinces_34_ans4175.geojson"
POP = "population/bps_sp2020_population_by_province.csv"
PLANTS = "oxygen/oxygen_plants_capacity_2021.csv"
TOPO = "boundaries/indonesia_kabkota_ghapsara.topo.json"
CASES = "covid/province_daily"
JABAR = f"{CASES}/JAWA_BARAT.csv"
SCRIPT = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"
HANG_TIMEOUT_S = 120  # generous: the point is that it finishes, not how fast


# ----------------------------------------------------------------------------- helpers


def _root_with(shared: Path, tmp: Path, changes: dict[str, bytes | str | None]) -> Path:
    """A data root mirroring ``shared`` through symlinks, with ``changes`` applied
    (text or bytes replaces a file, None deletes it)."""
    root = tmp / "root"
    for src in shared.rglob("*"):
        if src.is_file():
            dst = root / src.relative_to(shared)
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src, dst)
    for rel, content in changes.items():
        target = root / rel
        if target.is_symlink() or target.exists():
            target.unlink()
        if content is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)
    return root


def _text(shared: Path, rel: str) -> str:
    return (shared / rel).read_text(encoding="utf-8")


def _csv(shared: Path, rel: str) -> pd.DataFrame:
    return pd.read_csv(shared / rel, dtype=str, keep_default_na=False)


def _to_csv(df: pd.DataFrame, **kwargs) -> str:
    return df.to_csv(index=False, **kwargs)


def _edit_csv(rel: str, edit: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable:
    return lambda shared: {rel: _to_csv(edit(_csv(shared, rel)))}


def _set(df: pd.DataFrame, rows: list[int], column: str, value: str) -> pd.DataFrame:
    df = df.copy()
    df.loc[rows, column] = value
    return df


def _geojson(shared: Path) -> dict:
    return json.loads(_text(shared, PROV))


def _edit_geojson(edit: Callable[[dict], None]) -> Callable:
    def make(shared: Path) -> dict:
        data = _geojson(shared)
        edit(data)
        return {PROV: json.dumps(data)}

    return make


def _garbage(n: int = 4096, seed: int = 13) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n)) + b"\x00\x00"


def _assert_invariants(pack: Pack, baseline: Pack, root: Path, target: str | None) -> None:
    for name, report in pack.reports.items():
        assert report.balanced, (name, report.to_dict())
    for err in pack.errors:
        text = err.one_line()
        assert "\n" not in text and "unexpected" not in text, text
        assert str(root) not in text and str(root.resolve()) not in text, text
        assert not (err.file or "").startswith("/"), text
    for name in LAYERS:
        if name != target:
            assert pack.reports[name].rows_kept == baseline.reports[name].rows_kept, name
            assert name not in {e.layer for e in pack.errors}, name


def _load(root: Path, manifest: Path = REAL, **kwargs) -> Pack:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return load_pack(manifest, data_root=root, **kwargs)


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT_S * 5,
        env={**os.environ, **(env or {})},
    )


# ------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Drop:
    layer: str
    reason: str
    n: int


@dataclass(frozen=True)
class Repair:
    layer: str
    reason: str
    n: int


@dataclass(frozen=True)
class Fail:
    layer: str
    text: str
    file: str


@dataclass(frozen=True)
class Same:
    """Loads exactly like the clean file (same rows kept), e.g. another encoding."""

    layer: str
    note: str = ""


@dataclass(frozen=True)
class Custom:
    layer: str
    check: Callable[[Pack, Pack], None]


def _hosp_rows(df: pd.DataFrame, n: int, start: int = 100) -> list[int]:
    """``n`` row positions whose hospital the clean load keeps (valid coordinates, a
    unique id), so a change to them shows up in the counts."""
    lat = pd.to_numeric(df["lat"], errors="coerce")
    lon = pd.to_numeric(df["lon"], errors="coerce")
    ok = lat.between(-11, 6) & lon.between(95, 141) & ~df["kode_rs"].duplicated(keep=False)
    return [int(i) for i in np.flatnonzero(ok.to_numpy()) if i >= start][:n]


def _h(edit: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable:
    return _edit_csv(HOSP, edit)


def _hrows(n: int, column: str, value: str) -> Callable:
    return _h(lambda df: _set(df, _hosp_rows(df, n), column, value))


def _append_dupes(df: pd.DataFrame, n: int) -> pd.DataFrame:
    return pd.concat([df, df.iloc[_hosp_rows(df, n)]], ignore_index=True)


def _swap(df: pd.DataFrame, n: int) -> pd.DataFrame:
    rows = _hosp_rows(df, n)
    df = df.copy()
    df.loc[rows, ["lat", "lon"]] = df.loc[rows, ["lon", "lat"]].to_numpy()
    return df


def _projected(df: pd.DataFrame, n: int) -> pd.DataFrame:
    rows = _hosp_rows(df, n)
    df = df.copy()
    df.loc[rows, "lat"] = (pd.to_numeric(df.loc[rows, "lat"]) * 111_320).round().astype(str)
    df.loc[rows, "lon"] = (pd.to_numeric(df.loc[rows, "lon"]) * 111_320).round().astype(str)
    return df


def _semicolon_decimal_comma(shared: Path) -> dict:
    df = _csv(shared, HOSP)
    for col in ("lat", "lon"):
        df[col] = df[col].str.replace(".", ",", regex=False)
    return {HOSP: _to_csv(df, sep=";")}


def _latin1(shared: Path) -> dict:
    df = _csv(shared, HOSP)
    df.loc[_hosp_rows(df, 3), "nama"] = "RS Sté Élisabeth"
    return {HOSP: _to_csv(df).encode("latin-1", errors="replace")}


def _truncated_mid_row(shared: Path) -> dict:
    text = _text(shared, HOSP)
    lines = text.splitlines(keepends=True)
    keep = "".join(lines[:1500])
    return {HOSP: keep + lines[1500][:12]}  # the last row stops after a few characters


def _truncated_in_quotes(shared: Path) -> dict:
    text = _text(shared, HOSP)
    cut = text.index('"', len(text) // 3) + 5  # inside a quoted address
    return {HOSP: text[:cut]}


def _check_truncated_in_quotes(pack: Pack, base: Pack) -> None:
    report = pack.reports["hospitals"]
    assert report.dropped["malformed_row"] == 1  # the cut row, counted
    assert 500 < report.rows_read < base.reports["hospitals"].rows_read
    assert any("inside a quoted field" in n for n in report.notes)


def _extra_field(shared: Path) -> dict:
    lines = _text(shared, HOSP).splitlines(keepends=True)
    lines[200] = lines[200].rstrip("\n") + ",surplus,fields\n"
    return {HOSP: "".join(lines)}


def _huge_field(shared: Path) -> dict:
    df = _csv(shared, HOSP)
    df.loc[_hosp_rows(df, 1), "alamat"] = "A" * 2_000_000
    return {HOSP: _to_csv(df)}


def _null_geometries(n: int) -> Callable:
    def edit(data: dict) -> None:
        for feature in data["features"][:n]:
            feature["geometry"] = None

    return _edit_geojson(edit)


def _bowtie(data: dict) -> None:
    ring = [[110, -7], [111, -6], [111, -7], [110, -6], [110, -7]]
    data["features"][5]["geometry"] = {"type": "Polygon", "coordinates": [ring]}


def _projected_feature(data: dict) -> None:
    geom = shapely.geometry.shape(data["features"][3]["geometry"])
    metres = shapely.transform(geom, lambda xy: xy * 111_320.0)
    data["features"][3]["geometry"] = shapely.geometry.mapping(metres)


def _dup_feature(data: dict) -> None:
    data["features"].append(data["features"][0])


def _no_code(data: dict) -> None:
    data["features"][7]["properties"]["kode"] = None


def _empty_polygon(data: dict) -> None:
    data["features"][9]["geometry"] = {"type": "Polygon", "coordinates": []}


def _cases_edit(rel: str, edit: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable:
    return _edit_csv(rel, edit)


def _first_july(df: pd.DataFrame) -> list[int]:
    return [int(np.flatnonzero((df["tanggal"].str[:10] == "2021-07-01").to_numpy())[0])]


def _decimal_comma_case(shared: Path) -> dict:
    df = _csv(shared, JABAR)
    row = _first_july(df)[0]
    df.loc[row, "AKUMULASI_DIRAWAT_OR_ISOLASI"] = df.loc[row, "AKUMULASI_DIRAWAT_OR_ISOLASI"] + ",5"
    return {JABAR: _to_csv(df)}


def _unknown_case_file(shared: Path) -> dict:
    return {f"{CASES}/ATLANTIS.csv": _text(shared, JABAR)}


def _plants_edit(edit: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable:
    return _edit_csv(PLANTS, edit)


def _topo_bad_arc(shared: Path) -> dict:
    topo = json.loads(_text(shared, TOPO))
    obj = next(iter(topo["objects"].values()))
    obj["geometries"][0]["arcs"] = [[999_999]]
    return {TOPO: json.dumps(topo)}


def _topo_arcs(edit: Callable[[dict], None]) -> Callable:
    """The TopoJSON that places the plants, with its arcs broken by ``edit``."""

    def make(shared: Path) -> dict:
        topo = json.loads(_text(shared, TOPO))
        edit(topo)
        return {TOPO: json.dumps(topo)}

    return make


def _all_arcs_out_of_range(topo: dict) -> None:
    for geom in next(iter(topo["objects"].values()))["geometries"]:
        if "arcs" in geom:
            geom["arcs"] = [[999_999]]


def _lat_sign_in_box(shared: Path) -> dict:
    """Five Jakarta hospitals (lat about -6.2) written with +6.2: still inside
    Indonesia's box (-11.5..6.5), outside DKI; the mirrored point is inside it."""
    df = _csv(shared, HOSP)
    dki = df.index[df["provinsi"].eq("DKI JAKARTA")].intersection(_hosp_rows(df, 3000, 0))
    rows = [r for r in dki if float(df.loc[r, "lat"]) < -6.1][:5]
    df.loc[rows, "lat"] = df.loc[rows, "lat"].str.lstrip("-")
    return {HOSP: _to_csv(df)}


def _moved_to_papua(shared: Path) -> dict:
    """Five Jawa Barat hospitals placed in Papua (another province): each moved back to
    a point inside the kabupaten/kota its row names."""
    df = _csv(shared, HOSP)
    jabar = df.index[df["provinsi"].eq("JAWA BARAT")].intersection(_hosp_rows(df, 3000, 0))
    rows = list(jabar[:5])
    df.loc[rows, ["lat", "lon"]] = ["-4.0", "138.5"]
    return {HOSP: _to_csv(df)}


def _national_negative(shared: Path) -> dict:
    df = _csv(shared, "covid/national_daily.csv")
    df.loc[500:504, "jumlah_dirawat_kum"] = "-100"
    return {"covid/national_daily.csv": _to_csv(df)}


def _pop_text(shared: Path) -> dict:
    df = _csv(shared, POP)
    df.loc[3, "total"] = "lima juta"
    return {POP: _to_csv(df)}


def _pop_negative(shared: Path) -> dict:
    df = _csv(shared, POP)
    df.loc[4, "total"] = "-5000000"
    return {POP: _to_csv(df)}


def _check_population_unknown(pack: Pack, base: Pack) -> None:
    assert pack.provinces["population"].isna().sum() == 1
    assert any("population values unusable" in n for n in pack.reports["provinces"].notes)


def _check_latin1(pack: Pack, base: Pack) -> None:
    assert len(pack.hospitals) == len(base.hospitals)
    assert (pack.hospitals["name"] == "RS Sté Élisabeth").sum() == 3
    assert any("Latin-1" in n for n in pack.reports["hospitals"].notes)


def _check_truncated(pack: Pack, base: Pack) -> None:
    report = pack.reports["hospitals"]
    assert 1400 < report.rows_read <= 1500  # the cut row is read with empty cells ...
    assert report.dropped["missing_coordinates"] >= 1  # ... and dropped for it, counted


def _check_header_only(pack: Pack, base: Pack) -> None:
    report = pack.reports["hospitals"]
    assert report.rows_read == 0 and len(pack.hospitals) == 0
    assert any("no data rows" in n for n in report.notes)


def _check_beds_unknown(reason: str, n: int) -> Callable[[Pack, Pack], None]:
    def check(pack: Pack, base: Pack) -> None:
        report = pack.reports["hospitals"]
        assert report.repairs[reason] == n
        assert len(pack.hospitals) == len(base.hospitals)
        assert (pack.hospitals["beds"] >= 0).all() and (pack.hospitals["beds"] <= 10_000).all()

    return check


def _check_decimal_comma_case(pack: Pack, base: Pack) -> None:
    assert pack.reports["cases"].repairs["decimal_comma"] == 1
    assert len(pack.cases) == len(base.cases)
    row = pack.cases[
        (pack.cases["province_code"] == 32) & (pack.cases["date"] == pd.Timestamp("2021-07-01"))
    ]
    base_row = base.cases[
        (base.cases["province_code"] == 32) & (base.cases["date"] == pd.Timestamp("2021-07-01"))
    ]
    assert float(row["active_cases"].iloc[0]) == float(base_row["active_cases"].iloc[0]) + 0.5


def _check_huge_field(pack: Pack, base: Pack) -> None:
    assert len(pack.hospitals) == len(base.hospitals)


def _check_registry_dupes(pack: Pack, base: Pack) -> None:
    assert len(pack.hospitals) == len(base.hospitals)
    assert any("repeated 'kode_rs'" in n for n in pack.reports["hospitals"].notes)


def _check_registry_negative(pack: Pack, base: Pack) -> None:
    assert (pack.hospitals["beds"] >= 0).all()
    assert any("registry bed counts ignored" in n for n in pack.reports["hospitals"].notes)


def _reg_dupes(shared: Path) -> dict:
    df = _csv(shared, REG)
    return {REG: _to_csv(pd.concat([df, df.iloc[:50]], ignore_index=True))}


def _reg_negative(shared: Path) -> dict:
    df = _csv(shared, REG)
    df.loc[:9, "total_tempat_tidur"] = "-40"
    return {REG: _to_csv(df)}


CASES_CORPUS: list[tuple[str, Callable[[Path], dict], object]] = [
    # --- hospitals CSV: encodings, delimiters, decimal commas
    ("hosp-utf8-bom", lambda s: {HOSP: b"\xef\xbb\xbf" + (s / HOSP).read_bytes()}, Same("hospitals")),
    ("hosp-utf16", lambda s: {HOSP: _text(s, HOSP).encode("utf-16")}, Same("hospitals")),
    ("hosp-latin1", _latin1, Custom("hospitals", _check_latin1)),
    ("hosp-semicolon-decimal-comma", _semicolon_decimal_comma, Same("hospitals")),
    ("hosp-one-decimal-comma", _hrows(1, "lat", "-6,2"), Repair("hospitals", "decimal_comma", 1)),
    # --- truncation, empty, header only, garbage
    ("hosp-truncated-mid-row", _truncated_mid_row, Custom("hospitals", _check_truncated)),
    ("hosp-truncated-in-quotes", _truncated_in_quotes, Custom("hospitals", _check_truncated_in_quotes)),
    ("hosp-empty", lambda s: {HOSP: b""}, Fail("hospitals", "empty", HOSP)),
    ("hosp-header-only", lambda s: {HOSP: _text(s, HOSP).splitlines()[0] + "\n"}, Custom("hospitals", _check_header_only)),
    ("hosp-binary-garbage", lambda s: {HOSP: _garbage()}, Fail("hospitals", "binary", HOSP)),
    ("hosp-extra-fields", _extra_field, Drop("hospitals", "malformed_row", 1)),
    ("hosp-missing-column", lambda s: {HOSP: _text(s, HOSP).replace("lat,lon", "latitude,lon", 1)}, Fail("hospitals", "missing column 'lat'", HOSP)),
    # --- coordinates
    ("hosp-swapped", _h(lambda df: _swap(df, 10)), Repair("hospitals", "swapped_coordinates", 10)),
    ("hosp-zero", _h(lambda df: _set(_set(df, _hosp_rows(df, 5), "lat", "0"), _hosp_rows(df, 5), "lon", "0")), Drop("hospitals", "zero_coordinates", 5)),
    ("hosp-lat-out-of-range", _hrows(2, "lat", "95.5"), Drop("hospitals", "coordinates_out_of_range", 2)),
    ("hosp-nan", _hrows(3, "lat", "NaN"), Drop("hospitals", "missing_coordinates", 3)),
    ("hosp-inf", _hrows(2, "lon", "inf"), Drop("hospitals", "bad_coordinates", 2)),
    ("hosp-1e999", _hrows(2, "lat", "1e999"), Drop("hospitals", "bad_coordinates", 2)),
    ("hosp-text-coordinate", _hrows(1, "lat", "minus six"), Drop("hospitals", "bad_coordinates", 1)),
    ("hosp-projected-metres", _h(lambda df: _projected(df, 4)), Drop("hospitals", "coordinates_out_of_range", 4)),
    # --- ids and join keys
    ("hosp-duplicate-ids", _h(lambda df: _append_dupes(df, 20)), Drop("hospitals", "duplicate_id", 20)),
    ("hosp-missing-ids", _hrows(4, "kode_rs", ""), Drop("hospitals", "missing_id", 4)),
    ("registry-duplicate-keys", _reg_dupes, Custom("hospitals", _check_registry_dupes)),
    ("registry-negative-beds", _reg_negative, Custom("hospitals", _check_registry_negative)),
    ("registry-missing", lambda s: {REG: None}, Fail("hospitals", "file not found", REG)),
    # --- magnitudes and types
    ("hosp-negative-beds", _hrows(3, "tempat_tidur", "-50"), Custom("hospitals", _check_beds_unknown("negative_beds", 3))),
    ("hosp-absurd-beds", _hrows(2, "tempat_tidur", "99999999"), Custom("hospitals", _check_beds_unknown("absurd_beds", 2))),
    ("hosp-text-beds", _hrows(2, "tempat_tidur", "banyak"), Custom("hospitals", _check_beds_unknown("beds_not_a_number", 2))),
    ("hosp-huge-field", _huge_field, Custom("hospitals", _check_huge_field)),
    # --- provinces GeoJSON
    ("prov-truncated", lambda s: {PROV: _text(s, PROV)[: len(_text(s, PROV)) // 3]}, Fail("provinces", "malformed JSON", PROV)),
    ("prov-binary-garbage", lambda s: {PROV: _garbage()}, Fail("provinces", "", PROV)),
    ("prov-null-geometry", _null_geometries(2), Drop("provinces", "missing_geometry", 2)),
    ("prov-empty-geometry", _edit_geojson(_empty_polygon), Drop("provinces", "missing_geometry", 1)),
    ("prov-bowtie", _edit_geojson(_bowtie), Repair("provinces", "invalid_polygon", 1)),
    ("prov-projected", _edit_geojson(_projected_feature), Drop("provinces", "coordinates_out_of_range", 1)),
    ("prov-duplicate-code", _edit_geojson(_dup_feature), Drop("provinces", "duplicate_code", 1)),
    ("prov-missing-code", _edit_geojson(_no_code), Drop("provinces", "unknown_province", 1)),
    ("prov-bom", lambda s: {PROV: b"\xef\xbb\xbf" + (s / PROV).read_bytes()}, Same("provinces")),
    ("pop-text", _pop_text, Custom("provinces", _check_population_unknown)),
    ("pop-negative", _pop_negative, Custom("provinces", _check_population_unknown)),
    # --- plants CSV and the TopoJSON that places them
    ("plant-negative-capacity", _plants_edit(lambda df: _set(df, [0], "capacity_t_per_day", "-230")), Drop("plants", "negative_capacity", 1)),
    ("plant-absurd-capacity", _plants_edit(lambda df: _set(df, [1], "capacity_t_per_day", "1e12")), Drop("plants", "absurd_capacity", 1)),
    ("plant-text-capacity", _plants_edit(lambda df: _set(df, [2], "capacity_t_per_day", "dua ratus")), Drop("plants", "not_a_number", 1)),
    ("plant-decimal-comma", _plants_edit(lambda df: _set(df, [3], "capacity_t_per_day", "101,5")), Repair("plants", "decimal_comma", 1)),
    ("plant-unknown-area", _plants_edit(lambda df: _set(df, [4], "kode_kabkota_bps", "9999")), Drop("plants", "area_not_found", 1)),
    ("topo-truncated", lambda s: {TOPO: _text(s, TOPO)[:5000]}, Fail("plants", "malformed JSON", TOPO)),
    ("topo-bad-arc", _topo_bad_arc, Same("plants")),  # GDAL drops the arc; no plant is there
    ("topo-no-arcs", _topo_arcs(lambda t: t.__setitem__("arcs", [])), Fail("plants", "usable polygon", TOPO)),
    ("topo-arcs-degenerate", _topo_arcs(lambda t: t.__setitem__("arcs", [[[0, 0]]] * len(t["arcs"]))), Fail("plants", "usable polygon", TOPO)),
    ("topo-arcs-out-of-range", _topo_arcs(_all_arcs_out_of_range), Fail("plants", "usable polygon", TOPO)),
    ("plant-infinite-capacity", _plants_edit(lambda df: _set(df, [5], "capacity_t_per_day", "inf")), Drop("plants", "not_a_number", 1)),
    ("plant-negative-infinite-capacity", _plants_edit(lambda df: _set(df, [6], "capacity_t_per_day", "-inf")), Drop("plants", "not_a_number", 1)),
    # --- hospital points that contradict their stated province (location check)
    ("hosp-lat-sign-in-box", _lat_sign_in_box, Repair("hospitals", "latitude_sign", 5)),
    ("hosp-in-another-province", _moved_to_papua, Repair("hospitals", "area_point", 5)),
    # --- cases: a folder of 34 CSVs
    ("cases-decimal-comma", _decimal_comma_case, Custom("cases", _check_decimal_comma_case)),
    ("cases-junk-date", _cases_edit(JABAR, lambda df: _set(df, [10], "tanggal", "kemarin")), Drop("cases", "bad_date", 1)),
    ("cases-date-1900", _cases_edit(JABAR, lambda df: _set(df, [11], "tanggal", "1900-01-01")), Drop("cases", "date_out_of_range", 1)),
    ("cases-text-value", _cases_edit(JABAR, lambda df: _set(df, [12], "AKUMULASI_DIRAWAT_OR_ISOLASI", "n/a?")), Drop("cases", "not_a_number", 1)),
    ("cases-negative", _cases_edit(JABAR, lambda df: _set(df, [13], "AKUMULASI_DIRAWAT_OR_ISOLASI", "-7")), Drop("cases", "negative_value", 1)),
    ("cases-national-negative", _national_negative, Drop("cases", "negative_value", 5)),
    ("cases-duplicate-date", _cases_edit(JABAR, lambda df: pd.concat([df, df.iloc[[20]]])), Drop("cases", "duplicate_date", 1)),
    ("cases-unknown-file-name", _unknown_case_file, Custom("cases", lambda p, b: _check_unknown_case_file(p, b))),
    ("cases-empty-file", lambda s: {JABAR: b""}, Fail("cases", "empty", JABAR)),
    ("cases-utf16", lambda s: {JABAR: _text(s, JABAR).encode("utf-16")}, Same("cases")),
]  # fmt: skip


def _check_unknown_case_file(pack: Pack, base: Pack) -> None:
    report = pack.reports["cases"]
    n = len(
        _csv(Path(os.environ.get("OXYGEN_SHARED_DATA", REPO.parent / "shared" / "data")), JABAR)
    )
    assert report.dropped["unknown_province"] == n
    assert len(pack.cases) == len(base.cases)
    assert any("ATLANTIS" in note for note in report.notes)


@pytest.fixture(scope="module")
def baseline(shared_data: Path) -> Pack:
    pack = _load(shared_data)
    assert pack.errors == []
    return pack


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize("name, make, expect", CASES_CORPUS, ids=[c[0] for c in CASES_CORPUS])
def test_corpus_case(shared_data, baseline, tmp_path, name, make, expect):
    root = _root_with(shared_data, tmp_path, make(shared_data))
    pack = _load(root)
    target = expect.layer
    _assert_invariants(pack, baseline, root, target)
    report, base = pack.reports[target], baseline.reports[target]
    if isinstance(expect, Fail):
        errors = [e for e in pack.errors if e.layer == target]
        assert len(errors) == 1, [e.one_line() for e in pack.errors]
        text = errors[0].one_line()
        assert expect.text in text and expect.file in text, text
        assert errors[0].file == expect.file
        return
    assert pack.errors == [], [e.one_line() for e in pack.errors]
    if isinstance(expect, Drop):
        assert report.dropped[expect.reason] - base.dropped[expect.reason] == expect.n, (
            report.to_dict()
        )
        assert report.rows_kept == base.rows_kept - expect.n + (report.rows_read - base.rows_read)
    elif isinstance(expect, Repair):
        assert report.repairs[expect.reason] - base.repairs[expect.reason] == expect.n, (
            report.to_dict()
        )
        assert report.rows_kept == base.rows_kept
    elif isinstance(expect, Same):
        assert report.rows_kept == base.rows_kept and report.rows_read == base.rows_read
        assert dict(report.dropped) == dict(base.dropped)
    else:
        expect.check(pack, baseline)


# ------------------------------------------------------------- formats outside the real pack


def _prov_manifest(tmp: Path, file: str, fmt: str) -> Path:
    manifest = tmp / "prov.toml"
    manifest.write_text(
        f'[provinces]\nfile = "{file}"\nformat = "{fmt}"\ncode = "kode"\n'
        '[hospitals]\nfile = "h.csv"\n[plants]\nfile = "p.csv"\n'
        '[cases]\nfile = "c.csv"\n[supply]\n',
        encoding="utf-8",
    )
    return manifest


@pytest.fixture(scope="module")
def provinces_gdf(shared_data: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(shared_data / PROV)[["kode", "geometry"]]


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize(
    "name, fmt, write, kept, reason",
    [
        ("shp-ok", "shapefile", lambda g, d: g.to_file(d / "p.shp"), 34, None),
        ("shp-projected-with-prj", "shapefile", lambda g, d: g.to_crs(3857).to_file(d / "p.shp"), 34, None),
        ("shp-projected-no-prj", "shapefile", lambda g, d: (g.to_crs(3857).to_file(d / "p.shp"), (d / "p.prj").unlink()), 0, "coordinates_out_of_range"),
        ("shp-no-dbf", "shapefile", lambda g, d: (g.to_file(d / "p.shp"), (d / "p.dbf").unlink()), None, None),
        ("gpkg-ok", "gpkg", lambda g, d: g.to_file(d / "p.gpkg", driver="GPKG"), 34, None),
        ("gpkg-garbage", "gpkg", lambda g, d: (d / "p.gpkg").write_bytes(_garbage()), None, None),
        ("gpkg-truncated", "gpkg", lambda g, d: (g.to_file(d / "p.gpkg", driver="GPKG"), (d / "p.gpkg").write_bytes((d / "p.gpkg").read_bytes()[:3000])), None, None),
    ],
)  # fmt: skip
def test_shapefile_and_geopackage(tmp_path, provinces_gdf, name, fmt, write, kept, reason):
    root = tmp_path / "data"
    root.mkdir()
    write(provinces_gdf, root)
    file = "p.shp" if fmt == "shapefile" else "p.gpkg"
    pack = _load(root, _prov_manifest(tmp_path, file, fmt))
    report = pack.reports["provinces"]
    assert report.balanced
    errors = {e.layer: e for e in pack.errors}
    if kept is None:  # unreadable: the layer fails with one line naming the file
        text = errors["provinces"].one_line()
        assert file in text and "\n" not in text and "unexpected" not in text
        assert str(root) not in text
    else:
        assert "provinces" not in errors
        assert report.rows_kept == kept and report.rows_read == 34
        if reason:
            assert report.dropped[reason] == 34


# ------------------------------------------------------------------------ manifests (TOML)


def _manifest_with(tmp: Path, edit: Callable[[str], str]) -> Path:
    path = tmp / "pack.toml"
    path.write_text(edit(REAL.read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.mark.slow  # reads ../shared/data
def test_manifest_absolute_path_refused(shared_data, tmp_path):
    target = shared_data / HOSP
    manifest = _manifest_with(tmp_path, lambda t: t.replace(f'"{HOSP}"', f'"{target}"', 1))
    pack = _load(shared_data, manifest)
    err = next(e for e in pack.errors if e.layer == "hospitals")
    assert "absolute path" in err.one_line() and err.row is not None
    assert str(shared_data) not in err.one_line()  # the refusal does not echo the server path
    assert len(pack.provinces) == 34 and len(pack.cases)  # the other layers stay loaded
    allowed = _load(shared_data, manifest, allow_outside_root=True)
    assert allowed.errors == [] and len(allowed.hospitals) > 2800


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize(
    "path",
    ["../shared/data/" + HOSP, "hospitals/../../" + HOSP, "@embedded/../../etc/passwd"],
)
def test_manifest_dotdot_refused(shared_data, tmp_path, path):
    manifest = _manifest_with(tmp_path, lambda t: t.replace(f'"{HOSP}"', f'"{path}"', 1))
    pack = _load(shared_data, manifest)
    err = next(e for e in pack.errors if e.layer == "hospitals")
    assert "leaves the data root" in err.one_line()
    assert len(pack.provinces) == 34


@pytest.mark.slow  # reads ../shared/data
def test_manifest_symlinked_folder_out_of_root_refused(shared_data, tmp_path):
    root = _root_with(shared_data, tmp_path, {})
    os.symlink("/etc", root / "evil")
    manifest = _manifest_with(tmp_path, lambda t: t.replace(f'"{HOSP}"', '"evil/passwd"', 1))
    pack = _load(root, manifest)
    err = next(e for e in pack.errors if e.layer == "hospitals")
    assert "leaves the data root" in err.one_line()


@pytest.mark.slow  # reads ../shared/data
def test_manifest_glob_pattern_cannot_climb(shared_data, tmp_path):
    manifest = _manifest_with(
        tmp_path, lambda t: t.replace('pattern = "*.csv"', 'pattern = "../../*/*.csv"')
    )
    pack = _load(shared_data, manifest)
    err = next(e for e in pack.errors if e.layer == "cases")
    assert "pattern" in err.one_line() and len(pack.hospitals) > 2800


@pytest.mark.slow  # reads ../shared/data
def test_manifest_missing_file_named_relative(shared_data, tmp_path):
    root = _root_with(shared_data, tmp_path, {PLANTS: None})
    pack = _load(root)
    err = next(e for e in pack.errors if e.layer == "plants")
    assert err.file == PLANTS and "file not found" in err.one_line()
    assert str(root) not in err.one_line()


@pytest.mark.slow  # reads ../shared/data
def test_manifest_wrong_type_names_line_and_key(shared_data, tmp_path):
    manifest = _manifest_with(
        tmp_path, lambda t: t.replace('beds = "tempat_tidur"', "beds = 12", 1)
    )
    pack = _load(shared_data, manifest)
    err = next(e for e in pack.errors if e.layer == "hospitals")
    text = err.one_line()
    assert "[hospitals] key 'beds' must be text" in text and "pack.toml" in text
    lines = manifest.read_text(encoding="utf-8").splitlines()
    assert lines[err.row - 1].strip() == "beds = 12"


@pytest.mark.slow  # reads ../shared/data
def test_manifest_unknown_key_and_section_warn(shared_data, tmp_path):
    manifest = _manifest_with(
        tmp_path,
        lambda t: (
            t.replace('beds = "tempat_tidur"', 'beds = "tempat_tidur"\nbedz = "x"', 1)
            + '\n[satellites]\nfile = "x"\n'
        ),
    )
    with pytest.warns(DataWarning) as caught:
        pack = load_pack(manifest, data_root=shared_data)
    texts = " ".join(str(w.message) for w in caught)
    assert "unknown key 'bedz'" in texts and "did you mean 'beds'" in texts
    assert "unknown section [satellites]" in texts
    assert pack.errors == [] and any("bedz" in n for n in pack.reports["hospitals"].notes)


@pytest.mark.slow  # reads ../shared/data
def test_manifest_bad_choice_and_missing_required(shared_data, tmp_path):
    manifest = _manifest_with(
        tmp_path,
        lambda t: t.replace('format = "geojson"', 'format = "kml"', 1).replace(
            'dir = "covid/province_daily"', "", 1
        ),
    )
    pack = _load(shared_data, manifest)
    errors = {e.layer: e.one_line() for e in pack.errors}
    assert "must be one of" in errors["provinces"] and "kml" in errors["provinces"]
    assert "needs one of 'file', 'dir'" in errors["cases"]
    assert len(pack.hospitals) > 2800  # hospitals do not need provinces to load


@pytest.mark.parametrize(
    "content, text",
    [
        (b"[provinces\nfile = ", "malformed TOML"),
        (_garbage(), "cannot read manifest"),
        (b"provinces = 3\n", "[provinces] must be a table"),
    ],
)
def test_manifest_unreadable_is_one_line(tmp_path, content, text):
    manifest = tmp_path / "bad.toml"
    manifest.write_bytes(content)
    with pytest.raises(DataError) as err:
        load_pack(manifest, data_root=tmp_path)
    assert text in err.value.one_line() and "\n" not in err.value.one_line()
    assert str(tmp_path) not in err.value.one_line()


def test_manifest_schema_doc_matches_spec():
    doc = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    start, end = "<!-- manifest-schema:start -->\n", "<!-- manifest-schema:end -->"
    assert start in doc and end in doc, "docs/ARCHITECTURE.md lacks the schema markers"
    table = doc.split(start, 1)[1].split(end, 1)[0]
    assert table == manifest_schema_markdown(), (
        "regenerate: python -c 'from geo.packs import manifest_schema_markdown as m; print(m())'"
    )
    for manifest in [REPO / "data" / "pack.toml", *sorted((REPO / "packs").glob("*.toml"))]:
        spec = tomllib.loads(manifest.read_text(encoding="utf-8"))
        for section in spec:
            assert section in MANIFEST_SCHEMA, (manifest.name, section)


# --------------------------------------------------------------- road files (subprocess)

_BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "\n".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "\n]>\n"
)


def _road_case(tmp: Path, name: str, content: bytes) -> subprocess.CompletedProcess:
    path = tmp / name
    path.write_bytes(content)
    code = (
        "import sys\nfrom geo.errors import DataError\nfrom geo.roads import load_road_file\n"
        f"try:\n    G = load_road_file({str(path)!r})\n    print('LOADED', G.number_of_nodes())\n"
        "except DataError as e:\n    print('DATAERROR', e.one_line())\n    sys.exit(2)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT_S,  # a hang fails the test (TimeoutExpired), a fast run passes
    )


def _graphml(shared: Path) -> str:
    return (shared / "roads" / "bandung_coblong_drive.graphml").read_text(encoding="utf-8")


def _osm(shared: Path) -> str:
    return (shared / "roads" / "surabaya_gubeng_2013.osm").read_text(encoding="utf-8")


def _with_doctype(xml: str, doctype: str, entity_use: str) -> bytes:
    head, rest = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
    rest = rest.replace(">", f">{entity_use}", 1) if entity_use else rest
    return ((head + "?>\n" if head else "") + doctype.split("?>", 1)[-1] + rest).encode("utf-8")


ROAD_CASES = [
    ("graphml-billion-laughs", "x.graphml", lambda s: _with_doctype(_graphml(s), _BILLION_LAUGHS, "<!-- &lol9; -->"), "DOCTYPE"),
    ("osm-billion-laughs", "x.osm", lambda s: _with_doctype(_osm(s), _BILLION_LAUGHS, ""), "DOCTYPE"),
    ("osm-external-entity", "x.osm", lambda s: _with_doctype(_osm(s), '<!DOCTYPE osm [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n', ""), "DOCTYPE"),
    ("graphml-truncated", "x.graphml", lambda s: _graphml(s)[: len(_graphml(s)) // 2].encode(), "GraphML"),
    ("graphml-node-nan", "x.graphml", lambda s: _graphml(s).replace('<data key="d4">', '<data key="d4">nan', 1).encode(), ""),
    ("graphml-garbage", "x.graphml", lambda s: _garbage(), ""),
    ("osm-truncated", "x.osm", lambda s: _osm(s)[: len(_osm(s)) // 2].encode(), "OSM XML"),
    ("osm-garbage", "x.osm", lambda s: _garbage(), ""),
    ("osm-empty", "x.osm", lambda s: b"", ""),
    ("pbf-garbage", "x.pbf", lambda s: _garbage(), "PBF"),
]  # fmt: skip


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize("name, file, make, text", ROAD_CASES, ids=[c[0] for c in ROAD_CASES])
def test_road_file_case(shared_data, tmp_path, name, file, make, text):
    result = _road_case(tmp_path, file, make(shared_data))
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 2 and result.stdout.startswith("DATAERROR"), result.stdout
    line = result.stdout.strip()
    assert text in line and "\n" not in line


@pytest.mark.slow  # reads ../shared/data
def test_xml_guard_keeps_real_road_files(shared_data):
    from geo.roads import _refuse_xml_entities

    for path in sorted((shared_data / "roads").iterdir()):
        _refuse_xml_entities(path)  # no real file declares a DOCTYPE or entities


# ----------------------------------------------------------- HTML and script in text fields


def _hostile_embedded(tmp: Path) -> Path:
    """The embedded pack with script and HTML in every text field that reaches a popup,
    a tooltip, a table or an export."""
    import shutil

    root = tmp / "data"
    shutil.copytree(REPO / "data", root)
    for name, columns in (
        ("hospitals.csv", ["name", "hospital_class", "type"]),
        ("plants.csv", ["name", "company", "city", "source"]),
        ("provinces.csv", ["capital"]),
    ):
        df = pd.read_csv(root / name, dtype=str, keep_default_na=False)
        for col in columns:
            df[col] = f"{SCRIPT}{IMG}`${{alert(2)}}`" + df[col]
        df.to_csv(root / name, index=False)
    manifest = tmp / "pack.toml"
    manifest.write_text((REPO / "data" / "pack.toml").read_text(encoding="utf-8"))
    return manifest


def test_script_in_text_fields_is_escaped_on_maps(tmp_path):
    manifest = _hostile_embedded(tmp_path)
    pack = _load(tmp_path / "data", manifest)
    assert pack.errors == []
    assert pack.hospitals["name"].str.contains("<script>").all()  # data kept as written
    m = maps.base_map(tiles="osm")
    maps.add_provinces(m, pack.provinces, value_column="population", label="Population")
    maps.add_plants(m, pack.plants)
    maps.add_hospitals(m, pack.hospitals)
    sites = pack.hospitals.head(5).assign(label=pack.hospitals["name"].head(5))
    maps.add_points(m, sites, name=SCRIPT, label_column="label", popup_columns=["type"])
    maps.notice(m, SCRIPT)
    html = m.get_root().render()
    for raw in (SCRIPT, IMG, "<script>alert", "<img src=x", "${alert(2)}"):
        assert raw not in html, raw


def test_script_and_formulas_in_csv_export(tmp_path):
    manifest = _hostile_embedded(tmp_path)
    pack = _load(tmp_path / "data", manifest)
    table = pack.hospitals.head(3).assign(note=['=HYPERLINK("http://x")', "@SUM(A1)", "-6.2"])
    text = to_csv_bytes(table).decode("utf-8")
    assert "'=HYPERLINK" in text and "'@SUM" in text
    assert ",-6.2" in text  # a number stays a number


# ------------------------------------------------------------------- CLI: exit 2, one line


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize(
    "changes, expect",
    [
        ({HOSP: b""}, "hospitals/covid19goid_rumah_sakit_latlon.csv"),
        ({PROV: b"\x00\x01garbage"}, PROV),
        ({f"{CASES}/ACEH.csv": b"\xff\xfe\x00"}, f"{CASES}/ACEH.csv"),
    ],
)
def test_cli_check_exit_2_no_traceback(shared_data, tmp_path, changes, expect):
    root = _root_with(shared_data, tmp_path, changes)
    result = _cli("check", "--pack", str(REAL), "--data-root", str(root))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expect in lines[0] and str(root) not in lines[0]


@pytest.mark.slow  # reads ../shared/data
def test_cli_check_absolute_path_exit_2(shared_data, tmp_path):
    manifest = _manifest_with(
        tmp_path, lambda t: t.replace(f'"{PLANTS}"', f'"{shared_data / PLANTS}"', 1)
    )
    result = _cli("check", "--pack", str(manifest), "--data-root", str(shared_data))
    assert result.returncode == 2 and "absolute path" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_check_malformed_manifest_exit_2(tmp_path):
    manifest = tmp_path / "broken.toml"
    manifest.write_text("[hospitals\n", encoding="utf-8")
    result = _cli("check", "--pack", str(manifest), "--data-root", str(tmp_path))
    assert result.returncode == 2 and "malformed TOML" in result.stderr
    assert "Traceback" not in result.stderr and str(tmp_path) not in result.stderr


# ------------------------------------------------------------------------ very large inputs


def _million_rows(shared: Path, tmp: Path, n: int = 1_000_000) -> Path:
    """A hospital file of ``n`` rows: the real rows replicated with jittered coordinates
    and unique ids (the real file's own bad rows replicated too)."""
    df = _csv(shared, HOSP)
    reps = -(-n // len(df))
    big = pd.concat([df] * reps, ignore_index=True).iloc[:n].copy()
    rng = np.random.default_rng(13)
    for col in ("lat", "lon"):
        values = pd.to_numeric(big[col], errors="coerce")
        jitter = rng.normal(0, 0.01, len(big))
        big[col] = np.where(values.notna() & (values != 0), (values + jitter).round(6), values)
        big[col] = big[col].astype(str).replace("nan", "")
    copy = np.arange(len(big)) // len(df)
    big["kode_rs"] = big["kode_rs"] + np.where(copy > 0, "-" + copy.astype(str), "")
    path = tmp / HOSP
    path.parent.mkdir(parents=True, exist_ok=True)
    big.to_csv(path, index=False)
    return path


@pytest.mark.slow
def test_million_row_hospital_file_check_adds_up(shared_data, tmp_path):
    gen = tmp_path / "gen"
    _million_rows(shared_data, gen)
    root = _root_with(shared_data, tmp_path, {HOSP: (gen / HOSP).read_bytes()})
    result = _cli("check", "--pack", str(REAL), "--data-root", str(root), "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    hosp = json.loads(result.stdout)["layers"]["hospitals"]
    assert hosp["rows_read"] == 1_000_000
    assert hosp["rows_read"] == hosp["rows_kept"] + sum(hosp["dropped"].values())
    assert hosp["rows_kept"] > 980_000


@pytest.mark.slow  # reads ../shared/data
def test_file_over_the_size_limit_refused_at_once(shared_data, tmp_path):
    result = _cli(
        "check", "--pack", str(REAL), "--data-root", str(shared_data),
        env={"OXYGEN_MAX_FILE_MB": "0.5"},
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "over the limit of 0 MB" in result.stderr or "over the limit of 1 MB" in result.stderr
    assert "OXYGEN_MAX_FILE_MB" in result.stderr


@pytest.mark.slow  # reads ../shared/data
def test_progress_hook_reports_every_layer(shared_data):
    seen: list[tuple[str, float]] = []
    _load(shared_data, progress=lambda stage, fraction: seen.append((stage, fraction)))
    stages = [s for s, _ in seen]
    assert {"provinces", "hospitals", "plants", "cases", "supply", "done"} <= set(stages)
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_corpus_has_at_least_forty_cases():
    n = len(CASES_CORPUS) + len(ROAD_CASES) + 7 + 3  # + shapefile/gpkg cases + CLI cases
    assert n >= 40


@pytest.mark.parametrize("name", ["../../etc/passwd", "indonesia-2021/../../x", "/etc/hosts"])
def test_pack_name_cannot_name_a_path(name):
    with pytest.raises(DataError) as err:
        load_pack(name)
    assert "is not a pack name" in str(err.value) or "not found" in str(err.value)
    assert "/etc" not in str(err.value).replace(name, "")


def test_supply_rows_hostile_keys_and_values(tmp_path):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    good = (root / "supply.csv").read_text(encoding="utf-8").rstrip("\n")
    extra = [
        "__class__,1,x",
        ",5,x",
        "isotank_trucks,-3,x",
        "isotank_trucks,999,x",
        "cylinders,banyak,x",
        "concentrators,,x",
    ]
    header = good.splitlines()[0]
    assert header.startswith("key,value")
    pad = "," * (header.count(",") - 2)
    (root / "supply.csv").write_text(good + "\n" + "\n".join(e + pad for e in extra) + "\n")
    manifest = tmp_path / "pack.toml"
    manifest.write_text((REPO / "data" / "pack.toml").read_text(encoding="utf-8"))
    pack = _load(root, manifest)
    report = pack.reports["supply"]
    assert pack.errors == [] and report.balanced
    assert report.dropped == {
        "unknown_key": 2,
        "negative_value": 1,
        "duplicate_key": 1,
        "not_a_number": 1,
        "missing_value": 1,
    }
    assert pack.supply.isotank_trucks == 132  # the first row of a key wins
    assert type(pack.supply).__name__ == "SupplyAssets"


@pytest.mark.slow  # reads ../shared/data
def test_display_error_never_names_the_server_path(shared_data, tmp_path):
    pack = _load(shared_data)
    err = DataError("road file not found", file=str(shared_data / "roads" / "x.graphml"))
    assert pack.display_error(err) == "file roads/x.graphml: road file not found"
    outside = DataError(f"cannot read {tmp_path}/secret/y.osm", file=str(tmp_path / "y.osm"))
    text = pack.display_error(outside)
    assert str(tmp_path) not in text.replace("y.osm", "") or "y.osm" in text
    assert not text.startswith("file /")


# ------------------------------------------------------------ round two (issue 23), by class


def _cli_json(argv: list[str], capsys) -> tuple[int, dict, str]:
    """A command run in-process; stdout must be one strict JSON object (no NaN)."""
    from geo import cli

    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err

    def refuse(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    return code, json.loads(out, parse_constant=refuse), err


def _real(root: Path, *argv: str) -> list[str]:
    return [*argv, "--pack", str(REAL), "--data-root", str(root), "--json"]


def _not_geojson(shared: Path) -> dict:
    return {PROV: json.dumps({"hello": "world", "features": 3})}


def _no_join_column(shared: Path) -> dict:
    data = _geojson(shared)
    for feature in data["features"]:
        feature["properties"].pop("kode", None)
    return {PROV: json.dumps(data)}


def _metres_no_crs(shared: Path) -> dict:
    data = _geojson(shared)
    for feature in data["features"]:
        geom = shapely.geometry.shape(feature["geometry"])
        moved = shapely.transform(geom, lambda xy: xy * 111_000.0)
        feature["geometry"] = shapely.geometry.mapping(moved)
    return {PROV: json.dumps(data)}


PROVINCE_FAILURES = [
    ("cut-in-half", lambda s: {PROV: _text(s, PROV)[: len(_text(s, PROV)) // 2]}),
    ("json-not-geojson", _not_geojson),
    ("join-column-missing", _no_join_column),
    ("metres-no-crs", _metres_no_crs),
]


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize("name, make", PROVINCE_FAILURES, ids=[c[0] for c in PROVINCE_FAILURES])
def test_check_json_when_the_province_layer_fails(shared_data, tmp_path, capsys, name, make):
    """Was ``ValueError: Out of range float values are not JSON compliant: nan``."""
    root = _root_with(shared_data, tmp_path, make(shared_data))
    code, out, err = _cli_json(_real(root, "check"), capsys)
    provinces = out["layers"]["provinces"]
    failed = "error" in provinces
    assert failed or provinces["rows_kept"] == 0, provinces
    assert code == 2 or provinces["rows_kept"] == 0
    if failed:
        assert provinces["error"]["file"] == PROV and PROV in err
    # every analysis command that needs provinces exits 2 with an error object
    code, out, err = _cli_json(_real(root, "demand"), capsys)
    assert code == 2 and out["error"]["layer"] == "provinces", out


@pytest.mark.slow  # reads ../shared/data
def test_check_json_unknown_format_in_the_manifest(shared_data, tmp_path, capsys):
    manifest = _manifest_with(tmp_path, lambda t: t.replace('format = "geojson"', 'format = "kml"'))
    code, out, err = _cli_json(
        ["check", "--pack", str(manifest), "--data-root", str(shared_data), "--json"], capsys
    )
    assert code == 2 and "kml" in err
    assert "error" in out["layers"]["provinces"] or "error" in out


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize("beds", ["-50", "banyak", "99999999", "inf"])
def test_demand_beds_json_with_bad_beds(shared_data, tmp_path, capsys, beds):
    """Was ``TypeError: not JSON serialisable: NaTType`` on every bad-beds variant."""
    root = _root_with(shared_data, tmp_path, _hrows(5, "tempat_tidur", beds)(shared_data))
    code, out, _ = _cli_json(_real(root, "demand", "--method", "beds"), capsys)
    assert code == 0 and len(out["provinces"]) == 34
    for row in out["provinces"]:  # a date the method has not is null, with its reason
        if row.get("date_used") is None:
            assert row["date_used_null_reason"].startswith("missing date")


@pytest.mark.slow  # reads ../shared/data
def test_missing_case_file_is_loud_everywhere(shared_data, tmp_path, capsys):
    """With DKI_JAKARTA.csv removed DKI's demand fell from 518 to 123 t/day, exit 0, and
    neither check nor demand said anything."""
    root = _root_with(shared_data, tmp_path, {f"{CASES}/DKI_JAKARTA.csv": None})
    code, out, err = _cli_json(_real(root, "check"), capsys)
    assert code == 0
    (gap,) = out["unpublished_case_provinces"]
    assert gap["code"] == 31 and gap["name"] == "DKI Jakarta"
    assert gap["fill"] == "national_split" and "population" in gap["rule"]
    assert "DKI Jakarta" in err and "national" in err
    for command in (["demand"], ["allocate"], ["backtest"]):
        code, out, err = _cli_json(_real(root, *command), capsys)
        assert code == 0 and list(out)[:2] == ["fingerprint", "scenario"]
        assert [g["code"] for g in out["unpublished_case_provinces"]] == [31], command
        assert "DKI Jakarta" in err


@pytest.mark.slow  # reads ../shared/data
def test_missing_case_file_warns_on_the_data_page(shared_data, tmp_path):
    from streamlit.testing.v1 import AppTest

    root = _root_with(shared_data, tmp_path, {f"{CASES}/DKI_JAKARTA.csv": None})
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    at.query_params["pack"] = "indonesia-2021"
    at.query_params["lang"] = "en"
    saved = os.environ.get("OXYGEN_DATA_ROOT")
    os.environ["OXYGEN_DATA_ROOT"] = str(root)
    try:
        at.run()
        at.switch_page("pages/data.py")
        at.run()
    finally:
        os.environ.pop("OXYGEN_DATA_ROOT", None)
        if saved is not None:
            os.environ["OXYGEN_DATA_ROOT"] = saved
    assert not at.exception, [e.value for e in at.exception]
    warnings_ = [w.value for w in at.warning]
    assert any("31 DKI Jakarta" in w and "national figure" in w for w in warnings_), warnings_


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize("command", ["coverage", "allocate", "site"])
def test_header_only_plant_file_exits_2(shared_data, tmp_path, capsys, command):
    """Coverage and allocation ran on zero plants with exit 0 and no warning."""
    header = _text(shared_data, PLANTS).splitlines()[0] + "\n"
    root = _root_with(shared_data, tmp_path, {PLANTS: header})
    code, out, err = _cli_json(_real(root, command), capsys)
    assert code == 2 and out["error"]["layer"] == "plants"
    assert "no rows" in err and PLANTS in err


@pytest.mark.slow  # reads ../shared/data
def test_ten_hospitals_moved_far_all_counted_and_named(shared_data, baseline, tmp_path):
    """Of 10 hospitals moved far outside Indonesia 8 were counted as outside_indonesia;
    each must be counted, and its row named under the reason it went to."""
    df = _csv(shared_data, HOSP)
    rows = _hosp_rows(df, 10)
    df.loc[rows[:3], ["lat", "lon"]] = ["48.85", "2.35"]  # Paris
    df.loc[rows[3:5], "lon"] = (pd.to_numeric(df.loc[rows[3:5], "lon"]) + 100).astype(str)
    df.loc[rows[5:7], ["lat", "lon"]] = ["-33.9", "18.4"]  # Cape Town
    df.loc[rows[7:], ["lat", "lon"]] = ["20.5", "-100.2"]  # Mexico
    root = _root_with(shared_data, tmp_path, {HOSP: _to_csv(df)})
    report, base = _load(root).reports["hospitals"], baseline.reports["hospitals"]
    assert report.balanced and base.rows_kept - report.rows_kept == 10
    extra = {k: report.dropped[k] - base.dropped[k] for k in report.dropped}
    assert sum(extra.values()) == 10, extra
    named = {row for reason in extra for row in report.rows.get(reason, [])}
    assert {r + 2 for r in rows} <= named, (sorted(r + 2 for r in rows), report.rows)
