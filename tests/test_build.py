"""The embedded pack's derived tables: rebuilt from ../shared/data byte for byte, and
equal to the real pack loaded through its manifest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from geo.build import OUTPUTS, POINT_DECIMALS, build_pack, build_summary
from geo.errors import DataError
from geo.packs import EMBEDDED_DIR, load_pack

MAX_REPO_DATA_BYTES = 10_000_000  # the budget for the repository's growth
MAX_POLYGON_BYTES = 2_000_000


@pytest.fixture(scope="module")
def rebuilt(shared_data: Path, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("pack")
    return out, build_pack(shared_data, out)


@pytest.fixture(scope="module")
def real(shared_data: Path):
    return load_pack("indonesia-2021", data_root=shared_data)


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize("name", OUTPUTS)
def test_build_reproduces_data_byte_for_byte(rebuilt, name):
    out, result = rebuilt
    assert (out / name).read_bytes() == (EMBEDDED_DIR / name).read_bytes(), (
        f"data/{name} differs from a rebuild: run "
        "python -m geo build-pack --from ../shared/data --out data/"
    )
    assert result["files"][name]["bytes"] == (out / name).stat().st_size


@pytest.mark.slow  # reads ../shared/data
def test_build_summary_and_reports(rebuilt):
    _out, result = rebuilt
    lines = build_summary(result).splitlines()
    assert [line.split(":")[0] for line in lines] == [f"wrote {n}" for n in OUTPUTS]
    for layer, report in result["reports"].items():
        assert report["rows_read"] == report["rows_kept"] + sum(report["dropped"].values()), layer
        assert not Path(report["source"]).is_absolute(), "no machine paths in SOURCES.md"


def test_sizes_within_budget():
    derived = sum((EMBEDDED_DIR / n).stat().st_size for n in OUTPUTS)
    everything = sum(p.stat().st_size for p in EMBEDDED_DIR.rglob("*") if p.is_file())
    assert (EMBEDDED_DIR / "provinces.geojson").stat().st_size <= MAX_POLYGON_BYTES
    assert derived <= everything <= MAX_REPO_DATA_BYTES


@pytest.mark.slow  # reads ../shared/data
def test_embedded_equals_real_pack(real):
    """What the app shows by default is the real pack's content, cleaned the same way."""
    emb = load_pack("embedded")
    assert emb.errors == [] and real.errors == []
    # provinces: same codes, names, capitals and population; polygons simplified but valid
    a = emb.provinces.set_index("code")
    b = real.provinces.set_index("code")
    assert a.index.tolist() == b.index.tolist()
    for col in ("name", "capital", "population"):
        assert a[col].tolist() == b[col].tolist(), col
    assert a.geometry.is_valid.all() and (a.geom_type != "Point").all()
    overlap = shapely.area(shapely.intersection(a.geometry.values, b.geometry.values))
    assert (overlap / shapely.area(b.geometry.values) > 0.98).all()
    # hospitals: same rows, class, beds, type, province; coordinates to 5 d.p.
    h = emb.hospitals.set_index("id").sort_index()
    r = real.hospitals.set_index("id").sort_index()
    assert h.index.tolist() == r.index.tolist() and len(h) >= 2880
    for col in ("name", "hospital_class", "type"):
        assert h[col].tolist() == r[col].str.strip().tolist(), col
    for col in ("beds", "province_code"):
        assert h[col].tolist() == r[col].tolist(), col
    half_unit = 0.5 * 10.0**-POINT_DECIMALS + 1e-9  # rounding to POINT_DECIMALS, float fuzz
    assert np.abs(h.geometry.x.to_numpy() - r.geometry.x.to_numpy()).max() <= half_unit
    assert np.abs(h.geometry.y.to_numpy() - r.geometry.y.to_numpy()).max() <= half_unit
    # cases: identical series, imputation included
    cols = ["province_code", "date", "active_cases", "imputed", "method", "date_used"]
    assert emb.cases[cols].equals(real.cases[cols])
    assert emb.national_cases.equals(real.national_cases)


@pytest.mark.slow  # reads ../shared/data
def test_build_fails_loudly_on_a_broken_input(shared_data, tmp_path):
    from tests.conftest import data_root_with

    rel = "hospitals/covid19goid_rumah_sakit_latlon.csv"
    text = (shared_data / rel).read_text(encoding="utf-8").replace("lat,lon", "y,x", 1)
    root = data_root_with(shared_data, tmp_path, rel, text)
    with pytest.raises(DataError, match="missing column 'lat'"):
        build_pack(root, tmp_path / "out")
    assert not (tmp_path / "out" / "hospitals.csv").exists()
