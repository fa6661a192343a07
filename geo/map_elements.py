"""The pieces the maps of :mod:`geo.maps` are drawn with: colours and palettes, the map
labels in both languages, escaping (:func:`_esc`), the small Leaflet elements (GeoJSON,
circle and polyline layers, controls) fed with compact JSON rows, and class breaks.
Every name stays importable from :mod:`geo.maps`.
"""

from __future__ import annotations

import functools
import html
import math
import re
import warnings
from collections.abc import Sequence
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template

from geo import i18n
from geo.assets import localize
from geo.basemap import land_polygons

#: ((south, west), (north, east)) in folium's lat/lon order.
INDONESIA_BOUNDS: tuple[tuple[float, float], tuple[float, float]] = ((-11.5, 94.0), (6.5, 142.0))
SEA_COLOR = "#cfe3f3"
LAND_COLOR = "#f4f1e8"
_LAND_STROKE = "#9aa7b0"
_OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OSM_ATTR = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
# Sequential palettes (ColorBrewer YlOrRd 5, and a green-to-red scale for travel times).
_SEQUENTIAL = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
_TRAVEL = ("#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027", "#7f0000")
_NO_DATA = "#bdbdbd"
_UNREACHABLE = "#4d4d4d"
_COORD_DECIMALS = 4  # ~11 m; keeps the page small


_LABELS: dict[str, dict[str, str]] = {
    "code": {"en": "Code", "id": "Kode"},
    "plants": {"en": "Oxygen plants", "id": "Pabrik oksigen"},
    "company": {"en": "Company", "id": "Perusahaan"},
    "city": {"en": "City", "id": "Kota"},
    "capacity": {"en": "Capacity", "id": "Kapasitas"},
    "t_per_day": {"en": "t/day", "id": "ton/hari"},
    "hospitals": {"en": "Hospitals", "id": "Rumah sakit"},
    "travel_time": {"en": "Travel time to nearest plant", "id": "Waktu tempuh ke pabrik terdekat"},
    "travel_time_short": {"en": "Travel time", "id": "Waktu tempuh"},
    "class": {"en": "Class", "id": "Kelas"},
    "unknown": {"en": "unknown", "id": "tidak diketahui"},
    "beds": {"en": "Beds", "id": "Tempat tidur"},
    "h": {"en": "h", "id": "jam"},
    "flows": {"en": "Oxygen flows", "id": "Aliran oksigen"},
    "flows_sea": {"en": "Oxygen flows over sea", "id": "Aliran oksigen lewat laut"},
    "sea_lanes": {"en": "Sea lanes (isotanks)", "id": "Jalur laut (isotank)"},
    "supply_lines": {"en": "Supply lines", "id": "Jalur pasokan"},
    "no_data": {"en": "no data", "id": "tidak ada data"},
    "unreachable": {"en": "nothing reaches it", "id": "tak terjangkau"},
    "beyond": {"en": "beyond {h} h", "id": "lebih dari {h} jam"},
    "within": {"en": "within {h} h", "id": "dalam {h} jam"},
    "legend": {"en": "Legend", "id": "Keterangan"},
    "land": {"en": "Land outline (offline)", "id": "Garis daratan (luring)"},
    "osm": {"en": "OpenStreetMap (needs internet)", "id": "OpenStreetMap (perlu internet)"},
    "tiles_notice": {
        "en": "Map tiles load from OpenStreetMap and need internet.",
        "id": "Ubin peta dimuat dari OpenStreetMap dan perlu internet.",
    },
    "tiles_failed": {
        "en": "<b>Tiles unavailable (offline?)</b><br>Showing the offline land outline instead.",
        "id": "<b>Ubin tidak tersedia (luring?)</b><br>Garis daratan luring ditampilkan.",
    },
    "isochrones": {"en": "Reach within {h} h", "id": "Jangkauan dalam {h} jam"},
    "flows_not_drawn": {
        "en": "{n} flow(s) not drawn (zero, missing value or unknown end point)",
        "id": "{n} aliran tidak digambar (nol, tanpa nilai atau titik ujung tak dikenal)",
    },
}

#: width of the legend column (px); the national view is fitted to the right of it so
#: that at national zoom no legend covers land (base_map's padding)
LEGEND_WIDTH_PX = 230


def map_label(key: str, lang: str) -> str:
    """A popup or layer label in the viewer's language (English when unknown)."""
    entry = _LABELS[key]
    return entry.get(lang, entry["en"])


def _esc(value: Any) -> str:
    """HTML-escape data for popups/tooltips (also backticks and ``$`` for JS templates)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;")


def _fmt(fmt: str, value: Any, lang: str | None = None) -> str:
    """``value`` formatted by ``fmt``; with ``lang`` in that locale (Babel, the decimals
    of ``fmt``: ``"{:,.1f}"`` gives ``2.622,9`` in Bahasa Indonesia)."""
    try:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return "n/a" if lang is None else i18n.MISSING
        if lang is not None and isinstance(value, int | float | np.number):
            found = re.search(r"\.(\d+)[fg]", fmt)
            digits = int(found.group(1)) if found else 0
            number = i18n.number(float(value), lang, digits=digits)
            return re.sub(r"\{[^}]*\}", lambda _m: number, fmt, count=1)
        return fmt.format(value)
    except (ValueError, TypeError):
        return str(value)


def _table(title: str, rows: Sequence[tuple[str, str]]) -> str:
    """Popup HTML from already-escaped pieces."""
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{k}</th><td>{v}</td></tr>"
        for k, v in rows
    )
    return f"<b>{title}</b><table style='font-size:12px'>{body}</table>"


# --------------------------------------------------------------------------- elements


class _GeoJsonLayer(Layer):
    """``L.geoJSON`` with per-feature style/tooltip/popup taken from our own properties."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- if this.pane %}
        if (!{{ this._parent.get_name() }}.getPane({{ this.pane|tojson }})) {
            {{ this._parent.get_name() }}.createPane({{ this.pane|tojson }}).style.zIndex =
                {{ this.pane_z|tojson }};
        }
        {%- endif %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data|tojson }}, {
            {%- if this.pane %}pane: {{ this.pane|tojson }},{% endif %}
            interactive: {{ this.interactive|tojson }},
            style: function (f) {
                var s = Object.assign({}, {{ this.style|tojson }});
                if (f.properties && f.properties.fill) { s.fillColor = f.properties.fill; }
                return s;
            },
            onEachFeature: function (f, layer) {
                var p = f.properties || {};
                if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }
                if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 320}); }
            }
        });
        {%- if this.background %}
        {{ this._parent.get_name() }}.getContainer().style.background = {{ this.background|tojson }};
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, Any],
        *,
        name: str,
        style: dict[str, Any],
        interactive: bool = True,
        pane: str | None = None,
        pane_z: int = 400,
        background: str | None = None,
        overlay: bool = True,
        control: bool = True,
        show: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "OxaGeoJson"
        self.data = data
        self.style = style
        self.interactive = interactive
        self.pane = pane
        self.pane_z = pane_z
        self.background = background


class _CircleLayer(Layer):
    """A feature group of ``L.circleMarker`` from rows [lat, lon, radius, color, tip, popup]."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var group = L.featureGroup();
            var base = {{ this.options|tojson }};
            var rows = {{ this.rows|tojson }};
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                var o = Object.assign({}, base, {radius: r[2], color: r[3], fillColor: r[3]});
                var c = L.circleMarker([r[0], r[1]], o);
                if (r[4]) { c.bindTooltip(r[4]); }
                if (r[5]) { c.bindPopup(r[5], {maxWidth: 320}); }
                c.addTo(group);
            }
            return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self, rows: list[list[Any]], *, name: str, options: dict[str, Any], show: bool = True
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "OxaCircles"
        self.rows = rows
        self.options = options


class _PolylineLayer(Layer):
    """A feature group of ``L.polyline`` from rows [[[lat, lon], ...], weight, color, tip]."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var group = L.featureGroup();
            var rows = {{ this.rows|tojson }};
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                var l = L.polyline(r[0], {weight: r[1], color: r[2], opacity: 0.75});
                if (r[3]) { l.bindTooltip(r[3], {sticky: true}); }
                l.addTo(group);
            }
            return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list[Any]], *, name: str, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "OxaPolylines"
        self.rows = rows


class _Control(MacroElement):
    """A Leaflet control showing our own (pre-escaped) HTML: legends and notices.

    Legends (``css_class`` containing ``oxa-legend``) go into one column at the bottom
    left, each a ``<details>`` the viewer can collapse; the map's national view is
    fitted to the right of that column (:data:`LEGEND_WIDTH_PX`), so legends never
    cover land there. With ``on_tile_error`` the control's ``reveal`` HTML replaces its
    content and it becomes visible the first time any tile layer of the map fails.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var d;
            {%- if this.stacked %}
            if (!map._oxaLegends) {
                var col = L.control({position: 'bottomleft'});
                col.onAdd = function () {
                    var c = L.DomUtil.create('div', 'oxa-legends');
                    c.setAttribute('style', {{ this.column_style|tojson }});
                    L.DomEvent.disableClickPropagation(c);
                    L.DomEvent.disableScrollPropagation(c);
                    return c;
                };
                col.addTo(map);
                map._oxaLegends = col.getContainer();
            }
            d = L.DomUtil.create('div', {{ this.css_class|tojson }}, map._oxaLegends);
            d.setAttribute('style', {{ this.style|tojson }});
            d.innerHTML = {{ this.html|tojson }};
            var ctl = {getContainer: function () { return d; }};
            {%- else %}
            var ctl = L.control({position: {{ this.position|tojson }}});
            ctl.onAdd = function () {
                d = L.DomUtil.create('div', {{ this.css_class|tojson }});
                d.setAttribute('style', {{ this.style|tojson }});
                d.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(d);
                L.DomEvent.disableScrollPropagation(d);
                return d;
            };
            ctl.addTo(map);
            {%- endif %}
            {%- if this.reveal is not none %}
            var shown = false;
            var onError = function () {
                if (shown) { return; }
                shown = true;
                var d = ctl.getContainer();
                d.innerHTML = {{ this.reveal|tojson }};
                d.style.display = 'block';
                d.style.background = '#fff3cd';
                d.style.borderColor = '#d39e00';
            };
            var hook = function (layer) {
                if (layer instanceof L.TileLayer) { layer.on('tileerror', onError); }
            };
            map.eachLayer(hook);
            map.on('layeradd', function (e) { hook(e.layer); });
            {%- endif %}
        })();
        {% endmacro %}
        """
    )

    _BOX = (
        "background:rgba(255,255,255,0.92);padding:6px 8px;border-radius:4px;"
        "border:1px solid #999;font:12px/1.35 sans-serif;color:#222;"
    )
    _COLUMN = (
        f"width:{LEGEND_WIDTH_PX}px;max-height:calc(100vh - 120px);overflow-y:auto;"
        "display:flex;flex-direction:column;gap:4px;margin-bottom:18px"
    )

    def __init__(
        self,
        html_text: str,
        *,
        position: str = "bottomright",
        css_class: str = "oxa-legend",
        reveal: str | None = None,
        extra_style: str = "",
        stacked: bool | None = None,
    ) -> None:
        super().__init__()
        self._name = "OxaControl"
        self.html = html_text
        self.position = position
        self.css_class = css_class
        self.stacked = ("oxa-legend" in css_class) if stacked is None else stacked
        self.style = self._BOX + ("" if self.stacked else "max-width:260px;") + extra_style
        self.column_style = self._COLUMN
        self.reveal = reveal


# --------------------------------------------------------------------------- helpers


def _finish(m: folium.Map) -> folium.Map:
    """Move/add the layer control to the end and serve every asset locally."""
    for key, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl):
            del m._children[key]
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    localize(m)
    return m


def _round(coords: np.ndarray) -> np.ndarray:
    return np.round(coords, _COORD_DECIMALS)


def _geom_json(geom: shapely.Geometry, *, simplify_deg: float = 0.0) -> dict[str, Any]:
    if simplify_deg > 0:
        geom = shapely.simplify(geom, simplify_deg, preserve_topology=True)
    return shapely.transform(geom, _round).__geo_interface__


@functools.lru_cache(maxsize=4)
def _land_geojson(resolution_km: float) -> dict[str, Any]:
    land = land_polygons(resolution_km=resolution_km)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": _geom_json(g)} for g in land.geometry
        ],
    }


def _check_gdf(gdf: gpd.GeoDataFrame, what: str, columns: Sequence[str] = ()) -> None:
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise TypeError(f"`{what}` must be a GeoDataFrame, got {type(gdf).__name__}")
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise ValueError(f"`{what}` is missing column(s) {missing}")
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        raise ValueError(f"`{what}` must be in EPSG:4326, got {gdf.crs}")


def _point_xy(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    geoms = gdf.geometry.to_numpy()
    pts = np.array([g if g is not None and g.geom_type == "Point" else None for g in geoms])
    x = np.full(len(gdf), np.nan)
    y = np.full(len(gdf), np.nan)
    ok = np.array([p is not None and not p.is_empty for p in pts], dtype=bool)
    if ok.any():
        x[ok] = shapely.get_x(pts[ok].astype(object))
        y[ok] = shapely.get_y(pts[ok].astype(object))
    return x, y


def class_breaks(values: np.ndarray, n: int = 5) -> np.ndarray:
    """Class edges for a choropleth: Fisher-Jenks natural breaks (mapclassify) over the
    finite values, so that a province far above the rest (Jakarta's demand) gets its own
    class instead of sharing one with a province at an eighth of it. When some values
    are exactly 0 (no unmet demand) and others are not, 0 is a class of its own and the
    breaks are taken over the positive values. Returns increasing edges; the first is
    the minimum, the last the maximum (one class when all values are equal)."""
    import mapclassify

    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.array([0.0, 1.0])
    lo, hi = float(finite.min()), float(finite.max())
    if lo == hi:
        return np.array([lo, hi])
    zero_class = lo == 0.0 and (finite == 0).any() and (finite > 0).any()
    pool = finite[finite > 0] if zero_class else finite
    k = min(n - 1 if zero_class else n, np.unique(pool).size)
    if k >= 2:
        with warnings.catch_warnings():  # "Numba not installed": 34 values need none
            warnings.simplefilter("ignore", UserWarning)
            bins = mapclassify.FisherJenks(pool, k=k).bins
        edges = np.unique(np.concatenate([[float(pool.min())], bins]))
    else:
        edges = np.array([float(pool.min()), float(pool.max())])
    if edges.size == 1:
        edges = np.array([edges[0], edges[0]])
    if zero_class:
        edges = np.concatenate([[0.0], edges])
    return edges


def _palette(k: int, palette: Sequence[str]) -> list[str]:
    return [palette[round(i * (len(palette) - 1) / max(k - 1, 1))] for i in range(k)]


def _zero_class(edges: np.ndarray) -> bool:
    return edges.size >= 3 and edges[0] == 0.0 and edges[1] > 0.0


def _class_index(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Class of each value: 0 for exactly 0 when 0 is its own class; a value equal to an
    upper edge belongs to the class below it (mapclassify's convention)."""
    k = max(len(edges) - 1, 1)
    if _zero_class(edges):
        idx = 1 + np.searchsorted(edges[2:], values, side="left")
        idx = np.where(values <= 0.0, 0, idx)
    else:
        idx = np.searchsorted(edges[1:], values, side="left")
    return np.clip(idx, 0, k - 1)


def _classify(values: np.ndarray, edges: np.ndarray, palette: Sequence[str]) -> list[str]:
    cols = _palette(max(len(edges) - 1, 1), palette)
    idx = _class_index(values, edges)
    return [cols[i] if np.isfinite(v) else _NO_DATA for i, v in zip(idx, values, strict=True)]


def _class_items(
    edges: np.ndarray, palette: Sequence[str], fmt: str, lang: str | None = None
) -> list[tuple[str, str]]:
    k = max(len(edges) - 1, 1)
    cols = _palette(k, palette)
    if len(edges) < 2 or edges[0] == edges[-1]:
        return [(cols[0], _fmt(fmt, edges[0], lang))]
    items = []
    for i in range(k):
        if i == 0 and _zero_class(edges):
            items.append((cols[0], _fmt(fmt, 0.0, lang)))
            continue
        items.append((cols[i], f"{_fmt(fmt, edges[i], lang)} – {_fmt(fmt, edges[i + 1], lang)}"))
    return items
