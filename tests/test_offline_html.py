"""The exported standalone map opens offline in Chromium and draws something.

Needs Chromium at /usr/bin/chromium (Debian package) and Playwright's Python API.
Skips when either is missing on a developer machine; fails when CI=true.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import assets, maps

EVIL = "<script>alert(1)</script>"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _demo_map() -> object:
    provinces = gpd.GeoDataFrame(
        {"code": [31, 32, 16], "name": [EVIL, "Jawa Barat", "Sumatera Selatan"],
         "population": [10_562_088, 48_274_162, 8_467_432]},
        geometry=[shapely.box(106.6, -6.4, 107.0, -6.0), shapely.box(106.4, -7.8, 108.8, -6.5),
                  shapely.box(102.1, -5.0, 106.2, -1.6)],
        crs="EPSG:4326",
    )  # fmt: skip
    plants = gpd.GeoDataFrame(
        {"id": ["p1", "p2"], "name": ["Plant A", EVIL], "company": ["PT X", "PT Y"],
         "city": ["Bekasi", "Palembang"], "capacity_t_per_day": [600.0, 150.0]},
        geometry=[shapely.Point(107.0, -6.25), shapely.Point(104.76, -2.98)],
        crs="EPSG:4326",
    )  # fmt: skip
    rng = np.random.default_rng(3)
    n = 400
    hospitals = gpd.GeoDataFrame(
        {"name": [EVIL] + [f"RS {i}" for i in range(n - 1)], "hospital_class": "C",
         "beds": rng.integers(20, 400, n), "travel_time_h": rng.uniform(0, 15, n)},
        geometry=gpd.points_from_xy(rng.uniform(105, 112, n), rng.uniform(-8, -6, n)),
        crs="EPSG:4326",
    )  # fmt: skip
    m = maps.base_map(tiles="offline")
    maps.add_provinces(m, provinces, value_column="population", label="Population")
    maps.add_plants(m, plants)
    maps.add_hospitals(m, hospitals, color_by="travel_time_h")
    return m


def test_inline_html_renders_offline(tmp_path: Path, chromium) -> None:
    from PIL import Image

    html_path = tmp_path / "map.html"
    html_path.write_text(assets.inline_html(_demo_map()), encoding="utf-8")
    blocked: list[str] = []
    errors: list[str] = []
    context = chromium.new_context(viewport={"width": 1000, "height": 700})
    try:
        page = context.new_page()

        def _route(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.startswith(("file://", "data:")):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        page.route("**/*", _route)
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto(html_path.as_uri())
        page.wait_for_selector(".leaflet-container", timeout=120_000)
        page.wait_for_selector("path.leaflet-interactive", timeout=120_000)
        page.wait_for_timeout(500)
        box = page.locator(".leaflet-container").first.bounding_box()
        n_paths = page.locator(".leaflet-overlay-pane svg path, .leaflet-pane svg path").count()
        n_clusters = page.locator(".marker-cluster").count()
        legend = page.locator(".oxa-legend").count()
        png = page.screenshot(full_page=False)
        (tmp_path / "map.png").write_bytes(png)
        if os.environ.get("OXYGEN_SCREENSHOT"):
            Path(os.environ["OXYGEN_SCREENSHOT"]).write_bytes(png)
    finally:
        context.close()

    assert box is not None and box["width"] > 300 and box["height"] > 200, box
    assert n_paths > 10, n_paths  # land polygons, provinces, plant circles
    assert n_clusters > 0 and legend >= 2
    assert errors == []
    assert blocked == []  # the export asks for nothing outside the file
    img = Image.open(io.BytesIO(png)).convert("RGB")
    arr = np.asarray(img, dtype=float)
    assert arr.std() > 10
    assert len(img.getcolors(maxcolors=1 << 20) or []) > 20
