"""Loaders and cleaning on small fixtures made here, broken ones included."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import clean, loaders
from geo.crosswalk import code_for_name, normalise_code
from geo.errors import DataError
from geo.report import LayerReport


def test_csv_text_in_numeric_column_names_row_and_column(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("id,lat,lon\na,-6.2,106.8\nb,minus six,106.9\n")
    df = loaders.read_csv(path)
    with pytest.raises(DataError) as err:
        loaders.to_number(df["lat"], file=str(path), column="lat")
    assert err.value.row == 3 and err.value.column == "lat"
    assert "minus six" in str(err.value) and "\n" not in str(err.value)


def test_thousands_separators_accepted():
    values = loaders.to_number(pd.Series(["1,103", "12", None]), file="x", column="beds")
    assert values.iloc[0] == 1103 and values.iloc[1] == 12 and np.isnan(values.iloc[2])


def test_latlon_in_one_column():
    lat, lon = loaders.split_latlon(
        pd.Series(["-6.2,106.8", "-7.25; 112.75", None]), file="x", column="loc"
    )
    assert list(lat[:2]) == [-6.2, -7.25] and list(lon[:2]) == [106.8, 112.75]
    with pytest.raises(DataError, match="not a 'lat,lon' pair"):
        loaders.split_latlon(pd.Series(["Jakarta"]), file="x", column="loc")


def test_missing_column_lists_what_the_file_has():
    df = pd.DataFrame({"nama": ["a"], "x": [1]})
    with pytest.raises(DataError) as err:
        loaders.require_columns(df, {"latitude": "lat"}, file="h.csv")
    assert "missing column 'lat'" in str(err.value) and "nama" in str(err.value)


def test_truncated_geojson_reports_line(tmp_path):
    good = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kode": 31},
                "geometry": {"type": "Point", "coordinates": [106.8, -6.2]},
            }
        ],
    }
    text = json.dumps(good, indent=1)
    path = tmp_path / "p.geojson"
    path.write_text(text[: len(text) // 2])
    with pytest.raises(DataError) as err:
        loaders.read_vector(path)
    assert "malformed JSON" in str(err.value) and err.value.row is not None


def test_read_vector_formats_round_trip(tmp_path):
    gdf = gpd.GeoDataFrame(
        {"kode": [31, 32]},
        geometry=[shapely.box(106, -6.4, 107, -6), shapely.box(107, -7.5, 108.5, -6.5)],
        crs="EPSG:4326",
    )
    for name, driver in (("p.geojson", "GeoJSON"), ("p.gpkg", "GPKG"), ("p.shp", "ESRI Shapefile")):
        gdf.to_file(tmp_path / name, driver=driver)
        back = loaders.read_vector(tmp_path / name)
        assert len(back) == 2 and back.crs.to_epsg() == 4326


def test_topojson_read(tmp_path):
    topo = {
        "type": "Topology",
        "objects": {
            "prov": {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "arcs": [[0]], "properties": {"kode": 51}}],
            }
        },
        "arcs": [[[115.0, -8.8], [115.7, -8.8], [115.7, -8.1], [115.0, -8.1], [115.0, -8.8]]],
    }
    path = tmp_path / "bali.topo.json"
    path.write_text(json.dumps(topo))
    gdf = loaders.read_vector(path)
    assert len(gdf) == 1 and int(gdf["kode"].iloc[0]) == 51
    assert gdf.geometry.iloc[0].area == pytest.approx(0.49)


def test_clean_points_counts_every_reason():
    df = pd.DataFrame(
        {
            "lat": [-6.2, np.nan, 0.0, 106.8, 7.26, 5.0, -6.3],
            "lon": [106.8, 106.8, 0.0, -6.2, 109.0, 0.0, 106.9],
        }
    )
    report = LayerReport("hospitals", rows_read=len(df))
    kept = clean.clean_points(df, report)
    report.rows_kept = len(kept)
    assert report.dropped == {
        "missing_coordinates": 1,
        "zero_coordinates": 1,
        "outside_indonesia": 1,
    }
    assert report.repairs == {"swapped_coordinates": 1, "latitude_sign": 1}
    assert report.balanced and len(kept) == 4
    assert kept["lat"].max() < 0  # the swapped and sign-flipped points are back in Java


def test_clean_polygons_repairs_bowtie_and_drops_empty():
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    gdf = gpd.GeoDataFrame(
        {"code": [1, 2, 3]}, geometry=[bowtie, shapely.box(0, 0, 1, 1), None], crs="EPSG:4326"
    )
    report = LayerReport("provinces", rows_read=3)
    out = clean.clean_polygons(gdf, report)
    assert len(out) == 2 and out.is_valid.all()
    assert report.repairs == {"invalid_polygon": 1} and report.dropped == {"missing_geometry": 1}
    assert out.geometry.iloc[0].geom_type in {"Polygon", "MultiPolygon"}


def test_duplicates_counted():
    df = pd.DataFrame({"id": ["a", "b", "a", "c", "b"]})
    report = LayerReport("x")
    out = clean.drop_duplicates(df, report, key="id")
    assert list(out["id"]) == ["a", "b", "c"] and report.dropped["duplicate_id"] == 2


@pytest.mark.parametrize(
    "name, code",
    [
        ("DI. ACEH", 11),
        ("NUSATENGGARA BARAT", 52),
        ("DAERAH_ISTIMEWA_YOGYAKARTA", 34),
        ("D I YOGYAKARTA", 34),
        ("Bangka-Belitung Islands", 19),
        ("DKI Jakarta", 31),
        ("West Java", 32),
        ("ID-PB", 92),
        ("Atlantis", None),
    ],
)
def test_crosswalk_names(name, code):
    assert code_for_name(name) == code


def test_crosswalk_codes():
    assert (
        normalise_code("32-73") == 32
        and normalise_code("3273") == 32
        and normalise_code("31.0") == 31
    )
    assert normalise_code(94) == 91  # BPS statistical code of Papua -> Kemendagri 91
    assert normalise_code("99") is None and normalise_code("") is None
