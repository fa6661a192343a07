"""The one-page briefing (geo.brief): PNG/PDF bytes, layout sanity, determinism."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PIL import Image

from geo import brief
from geo.basemap import land_polygons
from geo.packs import load_pack

FP = "0123456789ab"
A4 = 297 / 210
# The map axes on the page, as fractions of width/height from the top-left (a region
# well inside the frame: lon ~97..135, lat ~4..-9).
MAP_BOX = (0.07, 0.20, 0.62, 0.46)


@pytest.fixture(scope="module")
def pack():
    return load_pack("embedded")


@pytest.fixture(scope="module")
def land():
    return land_polygons()


def synthetic_provinces() -> gpd.GeoDataFrame:
    """Four boxes over Indonesia (one with a hole, one without a value)."""
    outer = shapely.box(100, -4, 106, 2)
    holed = shapely.Polygon(outer.exterior.coords, [shapely.box(102, -2, 104, 0).exterior.coords])
    geoms = [
        holed,
        shapely.box(108, -8, 114, -6),
        shapely.MultiPolygon([shapely.box(116, -3, 118, 1), shapely.box(119, -5, 121, -1)]),
        shapely.box(130, -6, 140, -2),
    ]
    return gpd.GeoDataFrame(
        {
            "code": [13, 33, 64, 94],
            "name": ["A", "B", "C", "D"],
            "demand": [10.0, 400.0, 55.0, np.nan],
        },
        geometry=geoms,
        crs="EPSG:4326",
    )


def kwargs(provinces, value_column, **over):
    base = dict(
        title="Medical oxygen, Indonesia: 15 July 2021",
        subtitle="Demand from active cases; 12 h reach",
        land=None,
        provinces=provinces,
        value_column=value_column,
        value_label="Oxygen demand (t/day)",
        figures=[("Total demand", "3,151 t/day"), ("Isotank trucks needed", "118 of 132")],
        assumptions=["Severe share 15% at 10 L/min (14.4 m3/day).", "Isotank: 20 t per trip."],
        fingerprint=FP,
        link="http://localhost:8501/?date=2021-07-15&hours=12",
        generated="2021-07-16",
    )
    base.update(over)
    return base


def open_png(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    im = Image.open(io.BytesIO(data))
    im.load()
    return im.convert("RGB")


def distinct_colors(im: Image.Image) -> int:
    return len(im.getcolors(maxcolors=1 << 20))


def map_region(im: Image.Image) -> np.ndarray:
    w, h = im.size
    x0, y0, x1, y1 = MAP_BOX
    return np.asarray(im)[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)]


def check_page(data: bytes, map_colors: int = 50) -> Image.Image:
    im = open_png(data)
    w, h = im.size
    assert abs(w / h - A4) < 0.01
    assert w == pytest.approx(brief.PAGE_W_IN * brief.DPI, abs=2)
    assert distinct_colors(im) > 200
    region = map_region(im).reshape(-1, 3)
    # more than the sea and the page: land, symbols and their edges
    assert len(np.unique(region, axis=0)) > map_colors
    assert (region != 255).any(axis=1).mean() > 0.9  # not the white page background
    return im


def has_color(im: Image.Image, hex_color: str, min_pixels: int = 20) -> bool:
    rgb = np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.asarray(im) == rgb).all(axis=2).sum()) >= min_pixels


def pdftotext(data: bytes) -> str | None:
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    out = subprocess.run([exe, "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode("utf-8", "replace")


# --------------------------------------------------------------------------- PNG


def test_png_from_embedded_pack_point_provinces(pack, land):
    # a pack whose provinces are capital points (CSV provinces) draws proportional symbols;
    # the embedded pack has polygons, so its capitals stand in for such a pack
    assert pack.province_geometry == "polygon"
    provinces = pack.provinces.assign(
        pop_m=pack.provinces["population"].astype(float) / 1e6,
        geometry=gpd.points_from_xy(pack.provinces["capital_lon"], pack.provinces["capital_lat"]),
    )
    data = brief.render_brief(
        **kwargs(
            provinces,
            "pop_m",
            land=land,
            value_label="Population (million)",
            plants=pack.plants,
            points=pack.hospitals.head(9),
            points_label="Concentrator systems",
        )
    )
    im = check_page(data)
    assert has_color(im, brief.LAND_FILL, 1000)  # the offline outline is drawn
    assert has_color(im, brief.PLANT, 20)  # plant triangles
    assert has_color(im, brief.STAR, 20)  # chosen sites


def test_png_synthetic_polygons_choropleth(land):
    provinces = synthetic_provinces()
    data = brief.render_brief(**kwargs(provinces, "demand", land=land))
    im = check_page(data)
    breaks = brief.class_breaks(provinces["demand"].to_numpy())
    colors = brief._class_colors(len(breaks) + 1)
    classes = np.searchsorted(breaks, provinces["demand"].dropna().to_numpy(), side="right")
    for k in set(classes.tolist()):  # every class a province falls in is painted
        assert has_color(im, colors[k], 200), colors[k]
    assert has_color(im, brief.NO_DATA, 200)  # the province without a value


def test_polygon_holes_stay_open():
    # shell and hole wound the same way (as shapely.box makes them): the hole must still
    # show the sea, whatever the input orientation
    one = synthetic_provinces().iloc[[0]]
    im = open_png(brief.render_brief(**kwargs(one, "demand")))
    region = map_region(im)
    color = np.array([int(brief._class_colors(1)[0][i : i + 2], 16) for i in (1, 3, 5)])
    rows, cols = np.nonzero((region == color).all(axis=2))
    assert len(rows) > 1000
    centre = region[(rows.min() + rows.max()) // 2, (cols.min() + cols.max()) // 2]
    sea = [int(brief.SEA[i : i + 2], 16) for i in (1, 3, 5)]
    assert centre.tolist() == sea


def test_same_inputs_same_bytes(pack):
    kw = kwargs(pack.provinces, "population", plants=pack.plants)
    assert brief.render_brief(**kw) == brief.render_brief(**kw)
    assert brief.render_brief(**kw, fmt="pdf") == brief.render_brief(**kw, fmt="pdf")
    other = brief.render_brief(**{**kw, "fingerprint": "ba9876543210"})
    assert other != brief.render_brief(**kw)


def test_dollar_labels_render_literally(pack):
    # unescaped, "$\\nosuchcommand$" is mathtext and fails to parse when drawn
    bad = r"cost $\nosuchcommand$ and $x$"
    kw = kwargs(
        pack.provinces,
        "population",
        value_label=bad,
        plants=pack.plants,
        points=pack.plants.head(2),
        points_label=bad,
        figures=[(bad, "$5"), ("Price", r"$\alpha$")],
        assumptions=[bad],
        title=bad,
        subtitle="$x$",
        link="http://x/?a=$b$",
    )
    assert brief.render_brief(**kw)[:4] == b"\x89PNG"
    assert brief.render_brief(**kw, fmt="pdf")[:4] == b"%PDF"
    assert brief.plain("$x$") == r"\$x\$"


def test_pdf_is_vector_and_carries_the_fingerprint(pack):
    data = brief.render_brief(**kwargs(pack.provinces, "population", plants=pack.plants, fmt="pdf"))
    assert data.startswith(b"%PDF")
    assert b"/CreationDate" not in data
    assert b"/URI (http://localhost:8501/?date=2021-07-15&hours=12)" in data  # clickable link
    text = pdftotext(data)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) not installed; PDF text not checked")
    assert f"fingerprint {FP}" in text
    assert "Isotank trucks needed" in text
    assert "Data: see Method & sources page" in text


def test_options_and_edge_cases(pack):
    many = [
        f"Assumption number {i} with enough words to wrap onto a second line." for i in range(60)
    ]
    data = brief.render_brief(
        **kwargs(
            synthetic_provinces(),
            "demand",
            lang="id",
            assumptions=many,
            figures=[(f"Figure {i}", f"{i * 1234.5:,.1f} t/day") for i in range(8)],
            link="http://localhost:8501/?" + "&".join(f"p{i}=value{i}" for i in range(40)),
        )
    )
    check_page(data, map_colors=10)  # no land outline: sea, four boxes, edges
    # a constant value, an all-missing column, no land, plants without capacity
    provinces = synthetic_provinces()
    for values in ([5.0] * 4, [np.nan] * 4, [-3.0, 2.0, 0.0, np.nan]):
        p = provinces.assign(demand=values)
        pts = p.assign(geometry=p.geometry.representative_point())
        for layer in (p, pts):
            out = brief.render_brief(
                **kwargs(layer, "demand", plants=pack.plants.drop(columns="capacity_t_per_day"))
            )
            open_png(out)


def test_bad_arguments(pack):
    kw = kwargs(pack.provinces, "population")
    with pytest.raises(ValueError, match="fmt"):
        brief.render_brief(**{**kw, "fmt": "svg"})
    with pytest.raises(ValueError, match="fingerprint"):
        brief.render_brief(**{**kw, "fingerprint": "not-a-fingerprint"})
    with pytest.raises(ValueError, match="no column"):
        brief.render_brief(**{**kw, "value_column": "missing"})


def test_wrap_measures_width():
    lines = brief.wrap("a " * 200 + "http://" + "x" * 300, 200, 9)
    assert len(lines) > 3
    assert all(brief._width_pt(line, 9) <= 200 for line in lines)
    assert brief.fmt_number(1234.4) == "1,234" and brief.fmt_number(0.123) == "0.12"


def test_no_pyplot_import():
    code = (
        "import sys\n"
        "from geo.brief import render_brief\n"
        "from geo.packs import load_pack\n"
        "p = load_pack('embedded')\n"
        "render_brief(title='t', subtitle='', land=None, provinces=p.provinces,"
        " value_column='population', value_label='Population', figures=[], assumptions=[],"
        " fingerprint='0123456789ab', fmt='pdf')\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=brief.__file__.rsplit("/geo/", 1)[0]
    )


def test_embedded_pack_polygons_draw(pack, land):
    provinces = pack.provinces.assign(pop_m=pack.provinces["population"].astype(float) / 1e6)
    im = check_page(
        brief.render_brief(
            **kwargs(provinces, "pop_m", land=land, value_label="Population (million)")
        )
    )
    breaks = brief.class_breaks(provinces["pop_m"].to_numpy())
    for color in brief._class_colors(len(breaks) + 1):
        assert has_color(im, color, 200), color


# --------------------------------------------------------------------------- real data


@pytest.mark.slow  # reads ../shared/data
def test_real_pack_polygons_draw(shared_data, land):
    real = load_pack("indonesia-2021", data_root=shared_data)
    assert not real.errors
    assert real.province_geometry == "polygon"
    provinces = real.provinces.assign(pop_m=real.provinces["population"].astype(float) / 1e6)
    data = brief.render_brief(
        **kwargs(
            provinces, "pop_m", land=land, value_label="Population (million)", plants=real.plants
        )
    )
    im = check_page(data)
    breaks = brief.class_breaks(provinces["pop_m"].to_numpy())
    assert len(breaks) >= 3
    for color in brief._class_colors(len(breaks) + 1):
        assert has_color(im, color, 200), color
