"""Map builders: escaping, offline assets, legends, layers; the offline basemap."""

from __future__ import annotations

import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import assets, basemap, maps

EVIL = "<script>alert(1)</script>"
_TAG_URL = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']([^\"']+)", re.I)


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # One cache dir for the whole session, outside the repository.
    root = tmp_path_factory.getbasetemp() / "oxygen-atlas-cache"
    monkeypatch.setenv("OXYGEN_ATLAS_CACHE", str(root))


def _provinces(*, points: bool = False) -> gpd.GeoDataFrame:
    if points:
        geoms = [shapely.Point(106.85, -6.2), shapely.Point(107.61, -6.91)]
    else:
        geoms = [shapely.box(106.6, -6.4, 107.0, -6.0), shapely.box(106.4, -7.8, 108.8, -6.5)]
    return gpd.GeoDataFrame(
        {"code": [31, 32], "name": [EVIL, "Jawa Barat"], "population": [10_562_088, np.nan]},
        geometry=geoms,
        crs="EPSG:4326",
    )


def _plants() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["p1", "p2"],
            "name": [EVIL, "Plant B"],
            "company": ["PT <i>X</i>", "PT Y"],
            "city": ["Bekasi", "Palembang"],
            "province_code": [32, 16],
            "capacity_t_per_day": [400.0, 100.0],
        },
        geometry=[shapely.Point(107.0, -6.25), shapely.Point(104.76, -2.98)],
        crs="EPSG:4326",
    )


def _hospitals(n: int = 50) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(1)
    names = [f"RS {i}" for i in range(n)]
    names[0] = EVIL
    names[1] = "RS `${alert(2)}`"
    return gpd.GeoDataFrame(
        {
            "id": [str(i) for i in range(n)],
            "name": names,
            "province_code": 31,
            "beds": rng.integers(10, 600, n),
            "hospital_class": ["B"] * n,
            "travel_time_h": np.r_[np.inf, rng.uniform(0, 14, n - 1)],
        },
        geometry=gpd.points_from_xy(rng.uniform(95, 140, n), rng.uniform(-10, 5, n)),
        crs="EPSG:4326",
    )


def _html(m: folium.Map) -> str:
    return m.get_root().render()


def _remote_asset_urls(page: str) -> list[str]:
    return [u for u in _TAG_URL.findall(page) if re.match(r"^(https?:)?//", u, re.I)]


# --------------------------------------------------------------------------- escaping


def test_province_name_is_escaped_never_raw() -> None:
    m = maps.add_provinces(
        maps.base_map(), _provinces(), value_column="population", label="Population"
    )
    page = _html(m)
    assert EVIL not in page
    assert "alert(1)" in page  # it is there, but escaped
    assert "&lt;script&gt;" in page or "\\u0026lt;script\\u0026gt;" in page


def test_hospital_and_plant_names_are_escaped() -> None:
    m = maps.add_plants(maps.base_map(), _plants())
    m = maps.add_hospitals(m, _hospitals())
    page = _html(m)
    assert EVIL not in page
    assert "<i>X</i>" not in page
    assert "${alert(2)}" not in page  # no JS template-literal injection either
    assert page.count("alert(1)") >= 2


def test_escape_helper() -> None:
    assert maps._esc(EVIL) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "`" not in maps._esc("`x`") and "$" not in maps._esc("${x}")
    assert maps._esc(None) == "" and maps._esc(float("nan")) == ""


# --------------------------------------------------------------------------- offline assets


@pytest.mark.parametrize("tiles", ["offline", "osm"])
def test_no_cdn_urls_after_builders(tiles: str) -> None:
    m = maps.base_map(tiles=tiles)
    maps.add_provinces(m, _provinces(), value_column="population", label="Population")
    maps.add_plants(m, _plants())
    maps.add_hospitals(m, _hospitals(), color_by="travel_time_h")
    page = _html(m)
    assert _remote_asset_urls(page) == []
    assert "/app/static/vendor/leaflet-1.9.3/leaflet.js" in page
    assert "bootstrap" not in page.lower() and "awesome" not in page.lower()
    # The only remote URL in scripts may be the OSM tile template.
    remote = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    allowed = {"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://leafletjs.com"}
    others = {u for u in remote if not u.startswith("https://www.openstreetmap.org/")}
    assert others <= allowed, others
    if tiles == "osm":
        assert "tileerror" in page and "need internet" in page
    else:
        assert "tile.openstreetmap.org" not in page


def test_localize_sets_instance_attributes_only() -> None:
    before = list(folium.Map.default_js)
    m = folium.Map(tiles=None)
    report = assets.localize(m)
    assert folium.Map.default_js == before
    assert "leaflet" in report.replaced
    assert any("bootstrap" in u for u in report.dropped)
    assert all(not u.startswith("http") for _, u in m.default_js)


def test_localize_refuses_unknown_cdn_and_colormaps() -> None:
    m = folium.Map(tiles=None)
    m.default_js = [*m.default_js, ("mystery", "https://cdn.example.com/mystery.js")]
    with pytest.raises(assets.OfflineAssetError, match="mystery"):
        assets.localize(m)
    report = assets.localize(m, strict=False)
    assert report.unknown and all("mystery" not in u for _, u in m.default_js)
    import branca.colormap

    m2 = folium.Map(tiles=None)
    branca.colormap.LinearColormap(["red", "blue"]).add_to(m2)
    with pytest.raises(assets.OfflineAssetError, match="d3"):
        assets.localize(m2)


def test_localize_after_render_rewrites_header_links() -> None:
    m = folium.Map(tiles=None)
    m.get_root().render()  # header now holds CDN links
    assets.localize(m)
    assert _remote_asset_urls(_html(m)) == []


def test_install_static_assets_idempotent(tmp_path) -> None:
    out = assets.install_static_assets(tmp_path)
    leaflet = out["leaflet"]
    assert leaflet.read_bytes() == assets.asset_path("leaflet").read_bytes()
    assert (tmp_path / "vendor/leaflet-1.9.3/images/layers.png").is_file()
    mtime = leaflet.stat().st_mtime_ns
    assert assets.install_static_assets(tmp_path) == out
    assert leaflet.stat().st_mtime_ns == mtime
    leaflet.write_text("stale")
    assets.install_static_assets(tmp_path)
    assert leaflet.read_bytes() == assets.asset_path("leaflet").read_bytes()


def test_dropped_urls_listed() -> None:
    urls = assets.dropped_urls()
    assert any("bootstrap" in u for u in urls) and any("awesome" in u for u in urls)


def test_inline_html_has_no_external_references() -> None:
    m = maps.add_hospitals(maps.base_map(), _hospitals())
    page = assets.inline_html(m)
    assert _TAG_URL.findall(page) == []
    assert "L.markerClusterGroup" in page and "jQuery" in page
    assert "url(images/" not in page and "sourceMappingURL" not in page
    # The map keeps its served URLs afterwards.
    assert "/app/static/vendor/leaflet-1.9.3/leaflet.js" in _html(m)


# --------------------------------------------------------------------------- layers


def test_legend_present() -> None:
    m = maps.add_provinces(
        maps.base_map(), _provinces(), value_column="population", label="Population",
        legend_title="Population (SP2020)",
    )  # fmt: skip
    page = _html(m)
    assert "oxa-legend" in page and "Population (SP2020)" in page
    assert "no data" in page  # NaN province gets its own class


def test_polygon_provinces_make_a_choropleth() -> None:
    m = maps.add_provinces(maps.base_map(), _provinces(), value_column="population", label="P")
    layers = [c for c in m._children.values() if isinstance(c, maps._GeoJsonLayer)]
    assert len(layers) == 2  # land + provinces
    feats = layers[1].data["features"]
    assert len(feats) == 2 and feats[0]["geometry"]["type"] == "Polygon"
    assert set(feats[0]["properties"]) == {"fill", "tooltip", "popup"}  # no raw data


def test_point_provinces_make_proportional_circles() -> None:
    m = maps.add_provinces(
        maps.base_map(), _provinces(points=True), value_column="population", label="P"
    )
    circles = [c for c in m._children.values() if isinstance(c, maps._CircleLayer)]
    assert len(circles) == 1
    rows = circles[0].rows
    assert rows[0][0] == pytest.approx(-6.2) and rows[0][1] == pytest.approx(106.85)
    assert rows[0][2] > rows[1][2]  # NaN value gets the minimum radius


def test_hospitals_cluster_layer_present_and_fast() -> None:
    import time

    h = _hospitals(2900)
    t0 = time.perf_counter()
    m = maps.add_hospitals(maps.base_map(), h, color_by="travel_time_h")
    page = _html(m)
    elapsed = time.perf_counter() - t0
    assert "L.markerClusterGroup" in page
    clusters = [c for c in m._children.values() if isinstance(c, folium.plugins.MarkerCluster)]
    assert len(clusters) == 1 and len(clusters[0].data) == 2900
    assert "nothing reaches it" in page
    assert "var callback = function (row)" in page  # folium wraps a bare expression
    assert '"maxZoom": 14' in page  # markercluster needs the map's maxZoom
    assert elapsed < 30  # generous: a smoke check, not a benchmark


def test_flows_and_points_and_isochrones() -> None:
    plants = _plants()
    provs = _provinces(points=True)
    flows = pd.DataFrame(
        {"plant_id": ["p1", "p2", "p1"], "province_code": [31, 32, 99],
         "flow_t_per_day": [120.0, 40.0, 5.0], "plant_name": [EVIL, "B", "C"]}
    )  # fmt: skip
    m = maps.add_flows(maps.base_map(), flows, plants, provs)
    lines = [c for c in m._children.values() if isinstance(c, maps._PolylineLayer)]
    assert len(lines[0].rows) == 2 and lines[0].rows[0][1] > lines[0].rows[1][1]
    page = _html(m)
    assert EVIL not in page and "1 flow(s) not drawn" in page
    iso = gpd.GeoDataFrame(
        {"threshold_h": [2.0, 4.0]},
        geometry=[shapely.Point(107, -6.5).buffer(0.5), shapely.Point(107, -6.5).buffer(1)],
        crs="EPSG:4326",
    )
    maps.add_isochrones(m, iso)
    maps.add_points(m, plants, name="Chosen sites", popup_columns=["company"])
    page = _html(m)
    assert EVIL not in page and "<i>X</i>" not in page
    assert _remote_asset_urls(page) == []
    # Layer control is always the last child, so it sees every layer.
    assert isinstance(list(m._children.values())[-1], folium.LayerControl)


def test_notice_escaped() -> None:
    page = _html(maps.notice(maps.base_map(), EVIL))
    assert EVIL not in page and "oxa-notice" in page


def test_bad_inputs_name_the_problem() -> None:
    with pytest.raises(ValueError, match="tiles"):
        maps.base_map(tiles="google")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="population_x"):
        maps.add_provinces(maps.base_map(), _provinces(), value_column="population_x", label="x")
    with pytest.raises(ValueError, match="hex color"):
        maps.add_legend(maps.base_map(), "t", [("red", "x")])


# --------------------------------------------------------------------------- basemap


def test_basemap_polygons() -> None:
    land = basemap.land_polygons()
    assert len(land) > 50
    assert land.crs.equals("EPSG:4326")
    assert (land.geometry.geom_type == "Polygon").all() and land.is_valid.all()
    assert land["area_km2"].is_monotonic_decreasing
    borneo = land.loc[land["name"] == "Borneo", "area_km2"].item()
    java = land.loc[land["name"] == "Java", "area_km2"].item()
    assert 650_000 < borneo < 800_000  # Borneo ~743,000 km2
    assert 110_000 < java < 150_000  # Java ~128,000 km2 (with small offshore merges)


def test_island_ids_separate_java_and_sumatra() -> None:
    jakarta, palembang, bandung = (106.85, -6.2), (104.76, -2.98), (107.61, -6.91)
    ids = basemap.island_id(*np.array([jakarta, palembang, bandung]).T, snap_km=5)
    assert ids[0] != ids[1]
    assert ids[0] == ids[2]
    assert (ids >= 0).all()
    assert basemap.island_id(110.5, -5.5) == -1  # Java Sea


def test_is_land() -> None:
    got = basemap.is_land([107.61, 110.5, 104.76, 0.0], [-6.91, -5.5, -2.98, 51.5])
    assert got.tolist() == [True, False, True, True]  # Bandung, Java Sea, Palembang, London
    with pytest.raises(ValueError, match="lon"):
        basemap.is_land([200.0], [0.0])


def test_basemap_cache_file_outside_repo(repo_root) -> None:
    basemap._land_polygons_cached.cache_clear()  # earlier tests may have memoised it in-process
    basemap.land_polygons()
    files = list(basemap.cache_dir().glob("land_glm*.npz"))
    assert files and all(repo_root not in f.parents for f in files)
