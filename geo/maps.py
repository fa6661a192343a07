"""Folium map builders for the app's pages (pure functions; no Streamlit here).

Every builder returns the map it was given (or a new one), ends with a layer control
as the last child and calls :func:`geo.assets.localize`, so the rendered HTML names no
CDN script or stylesheet (Leaflet and friends come from ``/app/static/vendor``).

Safety: every string that comes from data (names, companies, cities, classes) goes
through :func:`_esc` (``html.escape`` plus backtick/dollar) before it reaches a popup or
tooltip, and is embedded in the page only through ``tojson`` (which also escapes ``<``),
never through folium's template-literal Tooltip/Popup. Raw data properties are never
copied into the page.

Layers are drawn by small Leaflet snippets (``_GeoJsonLayer``, ``_CircleLayer``,
``_PolylineLayer``) fed with compact JSON rows: 2,900 hospitals render in a fraction of a
second and the page stays small. Legends and notices are Leaflet controls built from
our own HTML (never ``branca.colormap``, which makes streamlit-folium fetch d3).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd

from geo import i18n
from geo.basemap import sea_path
from geo.map_elements import (  # noqa: F401 (importable from here as before)
    _COORD_DECIMALS,
    _LABELS,
    _LAND_STROKE,
    _NO_DATA,
    _OSM_ATTR,
    _OSM_URL,
    _SEQUENTIAL,
    _TRAVEL,
    _UNREACHABLE,
    INDONESIA_BOUNDS,
    LAND_COLOR,
    LEGEND_WIDTH_PX,
    SEA_COLOR,
    _check_gdf,
    _CircleLayer,
    _class_index,
    _class_items,
    _classify,
    _Control,
    _esc,
    _finish,
    _fmt,
    _GeoJsonLayer,
    _geom_json,
    _land_geojson,
    _palette,
    _point_xy,
    _PolylineLayer,
    _round,
    _table,
    _zero_class,
    class_breaks,
    map_label,
)

__all__ = [
    "INDONESIA_BOUNDS",
    "SEA_COLOR",
    "LAND_COLOR",
    "add_flows",
    "add_hospitals",
    "add_isochrones",
    "add_legend",
    "add_plants",
    "add_points",
    "add_provinces",
    "base_map",
    "notice",
]

# --------------------------------------------------------------------------- public API


def base_map(
    *,
    tiles: Literal["offline", "osm"] = "offline",
    bounds: tuple[tuple[float, float], tuple[float, float]] = INDONESIA_BOUNDS,
    land_resolution_km: float = 3.0,
    lang: str = "en",
) -> folium.Map:
    """A map fitted to ``bounds`` with the offline land outline (and optionally OSM).

    ``tiles="offline"``: no tile layer; light land polygons (GLOBE 1-km mask, see
    :mod:`geo.basemap`) on a sea-blue background. ``tiles="osm"``: OpenStreetMap tiles
    on top of the same outline, plus a notice that tiles need internet; if a tile fails
    to load the notice says the offline outline is shown instead.
    """
    if tiles not in ("offline", "osm"):
        raise ValueError(f'`tiles` must be "offline" or "osm", got {tiles!r}')
    (s, w), (n, e) = bounds
    m = folium.Map(
        location=[(s + n) / 2, (w + e) / 2],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        world_copy_jump=False,
    )
    # folium hands min/max zoom to its tile layer; with no tiles the map itself needs
    # them (Leaflet.markercluster throws "Map has no maxZoom specified" otherwise).
    m.options.update({"minZoom": 3, "maxZoom": 14, "zoomSnap": 0.25})
    _GeoJsonLayer(
        _land_geojson(float(land_resolution_km)),
        name=map_label("land", lang),
        style={
            "color": _LAND_STROKE,
            "weight": 0.7,
            "fillColor": LAND_COLOR,
            "fillOpacity": 1.0,
        },
        interactive=False,
        pane="oxa-land",
        pane_z=150,  # below the tile pane (200): OSM tiles, when they load, cover it
        background=SEA_COLOR,
    ).add_to(m)
    if tiles == "osm":
        folium.TileLayer(
            tiles=_OSM_URL, attr=_OSM_ATTR, name=map_label("osm", lang), max_zoom=19
        ).add_to(m)
        _Control(
            f"<small>{_esc(map_label('tiles_notice', lang))}</small>",
            css_class="oxa-notice oxa-tiles-notice",
            reveal=map_label("tiles_failed", lang),
            stacked=True,
        ).add_to(m)
    # the legend column (bottom left) stays over the sea west of Sumatra at this view
    m.fit_bounds([[s, w], [n, e]], padding_top_left=(LEGEND_WIDTH_PX + 12, 0))
    return _finish(m)


def notice(m: folium.Map, text: str, *, position: str = "topleft") -> folium.Map:
    """Add a small visible text box (``text`` is escaped) to ``m``."""
    _Control(_esc(text), position=position, css_class="oxa-notice").add_to(m)
    return _finish(m)


def add_legend(
    m: folium.Map,
    title: str,
    items: Sequence[tuple[str, str] | tuple[str, str, float]],
    *,
    position: str = "bottomright",
    shape: Literal["square", "circle"] = "square",
) -> folium.Map:
    """A legend: ``items`` are (color, label) or (color, label, radius_px), under a
    title the viewer can click to collapse it. Every legend of a map stacks in one
    column at the bottom left (``position`` is kept for old callers and ignored), which
    the national view leaves over the sea.

    Title and labels are escaped; colors must be CSS hex colors.
    """
    rows = []
    for item in items:
        color, label = str(item[0]), item[1]
        if not color.startswith("#") or not all(c in "0123456789abcdefABCDEF" for c in color[1:]):
            raise ValueError(f"legend color must be a hex color like '#ff0000', got {color!r}")
        if len(item) > 2:
            d = max(4.0, 2 * float(item[2]))  # type: ignore[misc]
            swatch = (
                f"<span style='display:inline-block;width:{d:.0f}px;height:{d:.0f}px;"
                f"border-radius:50%;background:{color};opacity:0.8;border:1px solid #555;"
                "vertical-align:middle;margin-right:6px'></span>"
            )
        else:
            radius = "50%" if shape == "circle" else "2px"
            swatch = (
                "<span style='display:inline-block;width:14px;height:14px;"
                f"border-radius:{radius};background:{color};border:1px solid #777;"
                "vertical-align:middle;margin-right:6px'></span>"
            )
        rows.append(f"<div style='margin:2px 0'>{swatch}{_esc(label)}</div>")
    body = (
        "<details open><summary style='font-weight:bold;cursor:pointer;margin-bottom:4px'>"
        f"{_esc(title)}</summary>" + "".join(rows) + "</details>"
    )
    _Control(body, position=position, css_class="oxa-legend").add_to(m)
    return _finish(m)


def add_provinces(
    m: folium.Map,
    provinces: gpd.GeoDataFrame,
    *,
    value_column: str,
    label: str,
    fmt: str = "{:,.0f}",
    legend_title: str | None = None,
    name_column: str = "name",
    n_classes: int = 5,
    max_radius_px: float = 28.0,
    simplify_deg: float = 0.005,
    show: bool = True,
    lang: str = "en",
) -> folium.Map:
    """Provinces coloured by ``value_column`` (natural-breaks classes from mapclassify,
    0 a class of its own, see :func:`class_breaks`; our own legend).

    Polygon rows become a choropleth; Point rows (packs without polygons) become
    proportional circles (area ~ value) in the same colours. Tooltips show the escaped
    province name and ``label: value`` formatted with ``fmt``.
    """
    _check_gdf(provinces, "provinces", [value_column])
    values = pd.to_numeric(provinces[value_column], errors="coerce").to_numpy(dtype=float)
    edges = class_breaks(values, n_classes)
    colors = _classify(values, edges, _SEQUENTIAL)
    tips, pops = _province_labels(
        provinces, values, label=label, fmt=fmt, name_column=name_column, lang=lang
    )
    geoms = provinces.geometry.to_numpy()
    is_point = np.array([g is not None and g.geom_type == "Point" for g in geoms], dtype=bool)
    is_poly = np.array(
        [g is not None and g.geom_type in ("Polygon", "MultiPolygon") for g in geoms], dtype=bool
    )
    layer_name = legend_title or label
    if is_poly.any():
        feats = [
            {
                "type": "Feature",
                "properties": {"fill": colors[i], "tooltip": tips[i], "popup": pops[i]},
                "geometry": _geom_json(geoms[i], simplify_deg=simplify_deg),
            }
            for i in np.flatnonzero(is_poly)
        ]
        _GeoJsonLayer(
            {"type": "FeatureCollection", "features": feats},
            name=layer_name,
            style={"color": "#555555", "weight": 0.8, "fillOpacity": 0.75},
            show=show,
        ).add_to(m)
    if is_point.any():
        _CircleLayer(
            _circle_rows(provinces, values, is_point, colors, tips, pops, max_radius_px),
            name=layer_name if not is_poly.any() else f"{layer_name} (points)",
            options={"weight": 1, "fillOpacity": 0.7, "opacity": 0.9},
            show=show,
        ).add_to(m)
    items: list[tuple[str, str]] = _class_items(edges, _SEQUENTIAL, fmt, lang)
    if not np.isfinite(values).all():
        items.append((_NO_DATA, map_label("no_data", lang)))
    return add_legend(
        m, legend_title or label, items, shape="circle" if not is_poly.any() else "square"
    )


def _province_labels(
    provinces: gpd.GeoDataFrame,
    values: np.ndarray,
    *,
    label: str,
    fmt: str,
    name_column: str,
    lang: str,
) -> tuple[list[str], list[str]]:
    """Each province's tooltip (escaped name, ``label: value``) and popup table."""
    names = (
        provinces[name_column].to_numpy()
        if name_column in provinces
        else np.array([""] * len(provinces))
    )
    codes = provinces["code"].to_numpy() if "code" in provinces else [None] * len(provinces)
    tips, pops = [], []
    for nm, code, v in zip(names, codes, values, strict=True):
        val = _esc(_fmt(fmt, v, lang))
        tips.append(f"<b>{_esc(nm)}</b><br>{_esc(label)}: {val}")
        rows = [(_esc(label), val)]
        if code is not None:
            rows.append((map_label("code", lang), _esc(code)))
        pops.append(_table(_esc(nm), rows))
    return tips, pops


def _circle_rows(
    provinces: gpd.GeoDataFrame,
    values: np.ndarray,
    is_point: np.ndarray,
    colors: list[str],
    tips: list[str],
    pops: list[str],
    max_radius_px: float,
) -> list[list]:
    """The proportional circles of the point rows (area ~ |value|, at least 3 px):
    ``[lat, lon, radius, colour, tooltip, popup]`` each."""
    x, y = _point_xy(provinces)
    vmax = np.nanmax(np.where(np.isfinite(values), np.abs(values), np.nan), initial=0.0)
    rows_out = []
    for i in np.flatnonzero(is_point):
        v = values[i]
        r = max_radius_px * math.sqrt(abs(v) / vmax) if vmax > 0 and np.isfinite(v) else 3.0
        rows_out.append(
            [round(y[i], 5), round(x[i], 5), round(max(r, 3.0), 1), colors[i], tips[i], pops[i]]
        )
    return rows_out


def add_plants(
    m: folium.Map,
    plants: gpd.GeoDataFrame,
    *,
    name: str | None = None,
    color: str = "#1f4e9c",
    max_radius_px: float = 18.0,
    legend: bool = True,
    lang: str = "en",
) -> folium.Map:
    """Plants as circles with area proportional to ``capacity_t_per_day`` (sqrt radius)."""
    _check_gdf(plants, "plants", ["capacity_t_per_day"])
    name = name or map_label("plants", lang)
    t_day = map_label("t_per_day", lang)
    cap = pd.to_numeric(plants["capacity_t_per_day"], errors="coerce").to_numpy(dtype=float)
    cmax = float(np.nanmax(cap, initial=0.0)) if np.isfinite(cap).any() else 0.0
    x, y = _point_xy(plants)

    def col(c: str) -> np.ndarray:
        return plants[c].to_numpy() if c in plants else np.array([""] * len(plants), dtype=object)

    names, companies, cities = col("name"), col("company"), col("city")
    rows = []
    for i in range(len(plants)):
        if not (np.isfinite(x[i]) and np.isfinite(y[i])):
            continue
        c = cap[i]
        r = 4.0 + max_radius_px * math.sqrt(c / cmax) if cmax > 0 and np.isfinite(c) else 4.0
        cap_txt = _esc(_fmt("{:,.1f} " + t_day, c, lang))
        tip = f"<b>{_esc(names[i])}</b><br>{cap_txt}"
        pop = _table(
            _esc(names[i]),
            [
                (map_label("company", lang), _esc(companies[i])),
                (map_label("city", lang), _esc(cities[i])),
                (map_label("capacity", lang), cap_txt),
            ],
        )
        rows.append([round(y[i], 5), round(x[i], 5), round(r, 1), color, tip, pop])
    _CircleLayer(rows, name=name, options={"weight": 1.5, "fillOpacity": 0.55}).add_to(m)
    if legend and cmax > 0:
        ref = [v for v in (cmax, cmax / 4) if v > 0]
        items = [
            (color, _fmt("{:,.0f} " + t_day, v, lang), 4.0 + max_radius_px * math.sqrt(v / cmax))
            for v in ref
        ]
        add_legend(m, name, items)
    return _finish(m)


def _reach_breaks(reach_h: float) -> np.ndarray:
    """Travel-time classes relative to the reach: a quarter, a half and all of it; a
    hospital beyond ``reach_h`` is in the last (red) class."""
    return np.array([reach_h / 4.0, reach_h / 2.0, reach_h])


_REACH = ("#1a9850", "#91cf60", "#d9ef8b", "#d73027")  # within H/4, H/2, H; beyond H


def _time_colors(
    values: pd.Series,
    column: str,
    breaks: np.ndarray,
    palette_all: Sequence[str],
    reach_h: float | None,
) -> tuple[list[str], np.ndarray]:
    """Each hospital's travel-time class colour (unreachable when not finite) and its
    time in hours (a column named ``*_s`` is in seconds)."""
    t = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    times_h = t / 3600.0 if column.endswith("_s") else t
    side = "left" if reach_h is not None else "right"  # exactly H is within reach
    k = np.searchsorted(breaks, times_h, side=side)
    if len(breaks) + 1 > len(palette_all):
        raise ValueError(f"`color_breaks_h` allows at most {len(_TRAVEL) - 1} breaks")
    palette = palette_all[: len(breaks) + 1]
    colors = [
        palette[int(ki)] if np.isfinite(th) else _UNREACHABLE
        for ki, th in zip(k, times_h, strict=True)
    ]
    return colors, times_h


def _hospital_rows(
    hospitals: gpd.GeoDataFrame,
    x: np.ndarray,
    y: np.ndarray,
    colors: list[str],
    times_h: np.ndarray | None,
    lang: str,
) -> list[list]:
    """One compact row per located hospital: lat, lon, colour, escaped tooltip and popup
    (class, beds and, with ``times_h``, the travel time)."""
    n = len(hospitals)

    def col(c: str) -> np.ndarray:
        return hospitals[c].to_numpy() if c in hospitals else np.array([""] * n, dtype=object)

    names, classes, beds = col("name"), col("hospital_class"), col("beds")
    h_unit = map_label("h", lang)
    rows = []
    for i in range(n):
        if not (np.isfinite(x[i]) and np.isfinite(y[i])):
            continue
        info = [
            (map_label("class", lang), _esc(classes[i]) or map_label("unknown", lang)),
            (map_label("beds", lang), _esc(_fmt("{:,.0f}", beds[i], lang))),
        ]
        if times_h is not None:
            hours = (
                _esc(_fmt("{:,.1f} " + h_unit, times_h[i], lang))
                if np.isfinite(times_h[i])
                else map_label("unreachable", lang)
            )
            info.append((map_label("travel_time_short", lang), hours))
        rows.append(
            [round(float(y[i]), 5), round(float(x[i]), 5), colors[i], _esc(names[i]),
             _table(_esc(names[i]), info)]
        )  # fmt: skip
    return rows


def _cluster_icon(order: list[str] | None) -> str:
    """The cluster icon's JavaScript: with ``order`` (the classes' colours, best first),
    the colour of the cluster's median hospital ringed by its worst; without, light."""
    if order is not None:
        # A cluster takes the colour of its median hospital (by travel-time class), so
        # its colour means what the legend says rather than a count; the ring is the
        # worst class inside it, so a cluster never hides an unreachable hospital.
        return (
            "function (cluster) {"
            f" var order = {json.dumps(order)}; var ranks = [];"
            " cluster.getAllChildMarkers().forEach(function (mk) {"
            "  var i = order.indexOf(mk.options.fillColor); ranks.push(i < 0 ? 0 : i); });"
            " ranks.sort(function (a, b) { return a - b; });"
            " var mid = order[ranks[Math.floor((ranks.length - 1) / 2)]];"
            " var worst = order[ranks[ranks.length - 1]];"
            " var dark = ranks[Math.floor((ranks.length - 1) / 2)] >= order.length - 2;"
            " var n = cluster.getChildCount(); var size = n < 10 ? 26 : (n < 100 ? 30 : 36);"
            " return L.divIcon({html: '<div data-fill=\"' + mid + '\" style=\"background:' + mid + ';border:3px solid ' + worst + ';"
            "border-radius:50%;margin:0;width:' + size + 'px;height:' + size + 'px;line-height:' + (size - 6) + 'px;"
            "text-align:center;font:600 11px sans-serif;color:' + (dark ? '#fff' : '#111') + ';opacity:0.92\">'"
            " + n + '</div>', className: 'marker-cluster oxygen-cluster', iconSize: L.point(size, size)}); }"
        )
    else:
        # light, small and see-through: the choropleth under them stays readable
        return (
            "function (cluster) {"
            " var n = cluster.getChildCount(); var size = n < 10 ? 18 : (n < 100 ? 22 : 26);"
            " return L.divIcon({html: '<div style=\"background:rgba(255,255,255,0.55);"
            "border:1.5px solid #555;border-radius:50%;width:' + size + 'px;height:' + size + 'px;"
            "line-height:' + (size - 3) + 'px;text-align:center;font:600 10px sans-serif;color:#222\">'"
            " + n + '</div>', className: 'marker-cluster oxygen-cluster oxa-light',"
            " iconSize: L.point(size, size)}); }"
        )


def _time_labels(breaks: np.ndarray, reach_h: float | None, lang: str) -> list[str]:
    """The legend's travel-time classes: quarters of the reach, or between the breaks."""
    h_unit = map_label("h", lang)
    g = lambda v: _fmt("{:g}", v, lang)  # noqa: E731
    if reach_h is not None:
        h = reach_h
        labels = [
            f"≤ {g(h / 4)} {h_unit}",
            f"{g(h / 4)}–{g(h / 2)} {h_unit}",
            f"{g(h / 2)}–{g(h)} {h_unit}",
            map_label("beyond", lang).format(h=g(h)),
        ]
    else:
        labels = [f"< {g(breaks[0])} {h_unit}"]
        labels += [f"{g(a)}–{g(b)} {h_unit}" for a, b in zip(breaks[:-1], breaks[1:], strict=True)]
        labels.append(f"≥ {g(breaks[-1])} {h_unit}")
    return labels


def add_hospitals(
    m: folium.Map,
    hospitals: gpd.GeoDataFrame,
    *,
    color_by: str | None = None,
    color_breaks_h: Sequence[float] = (1.0, 2.0, 4.0, 8.0, 12.0),
    reach_h: float | None = None,
    color_label: str | None = None,
    name: str | None = None,
    color: str = "#6a3d9a",
    radius_px: float = 5.0,
    cluster: bool = True,
    show: bool = True,
    lang: str = "en",
) -> folium.Map:
    """Hospitals as clustered circle markers with escaped popups (name, class, beds).

    ``color_by`` names a travel-time column: hours, or seconds when the name ends in
    ``_s`` (converted). Colours follow ``color_breaks_h``, or, with ``reach_h``, the
    classes within a quarter, a half and all of the reach and beyond it (so the map
    changes with the reach, not only its legend); NaN/inf means nothing reaches it.
    A cluster takes the colour of its median hospital and a ring of its worst; with no
    ``color_by`` clusters are small and light, so that they never bury a choropleth.
    Uses ``FastMarkerCluster`` (markers built in the browser from compact rows), so
    ~2,900 hospitals add well under a second.
    """
    _check_gdf(hospitals, "hospitals", [color_by] if color_by else [])
    name = name or map_label("hospitals", lang)
    color_label = color_label or map_label("travel_time", lang)
    x, y = _point_xy(hospitals)
    if reach_h is not None:
        breaks, palette_all = _reach_breaks(float(reach_h)), _REACH
    else:
        breaks, palette_all = np.asarray(sorted(color_breaks_h), dtype=float), _TRAVEL
    colors, times_h = [color] * len(hospitals), None
    if color_by:
        colors, times_h = _time_colors(hospitals[color_by], color_by, breaks, palette_all, reach_h)
    rows = _hospital_rows(hospitals, x, y, colors, times_h, lang)
    # folium >= 0.15 wraps this as `var callback = <expr>;` (older versions expected the
    # full statement): pass a bare function expression.
    callback = (
        "function (row) {"
        " var c = L.circleMarker(new L.LatLng(row[0], row[1]), {"
        f" radius: {float(radius_px)}, color: '#333', weight: 0.6,"
        " fillColor: row[2], fillOpacity: 0.85});"
        " c.bindTooltip(row[3]); c.bindPopup(row[4], {maxWidth: 320}); return c; }"
    )
    order = [*palette_all[: len(breaks) + 1], _UNREACHABLE] if color_by else None
    icon = _cluster_icon(order)
    if cluster:
        folium.plugins.FastMarkerCluster(
            rows,
            callback=callback,
            icon_create_function=icon,
            name=name,
            show=show,
            disableClusteringAtZoom=10,
            showCoverageOnHover=False,
            chunkedLoading=True,
            maxClusterRadius=60 if color_by else 45,
        ).add_to(m)
    else:
        _CircleLayer(
            [[r[0], r[1], radius_px, r[2], r[3], r[4]] for r in rows],
            name=name,
            options={"weight": 0.6, "fillOpacity": 0.85},
            show=show,
        ).add_to(m)
    if color_by:
        labels = _time_labels(breaks, reach_h, lang)
        items = list(zip(palette_all[: len(breaks) + 1], labels, strict=True))
        items.append((_UNREACHABLE, map_label("unreachable", lang)))
        add_legend(m, color_label, items, shape="circle")
    return _finish(m)


def _xy_lookup(obj: Any, what: str) -> dict[Any, tuple[float, float]]:
    """id -> (lon, lat) from a mapping, a GeoDataFrame (index or `id`/`code`), or lon/lat."""
    if isinstance(obj, Mapping):
        return {k: (float(v[0]), float(v[1])) for k, v in obj.items()}
    if isinstance(obj, gpd.GeoDataFrame):
        x, y = _point_xy(obj)
        key = next((c for c in ("id", "code") if c in obj.columns), None)
        ids = obj[key].to_numpy() if key else obj.index.to_numpy()
        return {k: (xi, yi) for k, xi, yi in zip(ids, x, y, strict=True)}
    if isinstance(obj, pd.DataFrame) and {"lon", "lat"} <= set(obj.columns):
        return {
            k: (float(a), float(b))
            for k, a, b in zip(obj.index, obj["lon"], obj["lat"], strict=True)
        }
    raise TypeError(
        f"`{what}` must be a mapping id -> (lon, lat), a GeoDataFrame of points or a "
        "DataFrame with lon/lat columns indexed by id"
    )


def add_flows(
    m: folium.Map,
    flows: pd.DataFrame,
    plants_xy: Any,
    provinces_xy: Any,
    *,
    source_column: str = "plant_id",
    target_column: str = "province_code",
    value_column: str = "flow_t_per_day",
    name: str | None = None,
    color: str = "#d95f02",
    max_width_px: float = 10.0,
    paths: Mapping[tuple[Any, Any], np.ndarray] | None = None,
    lang: str = "en",
) -> folium.Map:
    """Lines plant -> province, width proportional to t/day, escaped tooltips: along
    ``paths[(source, target)]`` ((n, 2) lon/lat, e.g. the route with its sea legs along
    the sea, :func:`geo.pipeline.flow_paths`) when given, else straight.

    ``plants_xy`` / ``provinces_xy``: mapping id -> (lon, lat), a GeoDataFrame of points
    (keyed by ``id`` / ``code`` or its index) or a DataFrame with ``lon``/``lat``.
    Optional ``plant_name`` / ``province_name`` columns label the tooltips.
    """
    missing = [c for c in (source_column, target_column, value_column) if c not in flows]
    if missing:
        raise ValueError(f"`flows` is missing column(s) {missing}")
    name = name or map_label("flows", lang)
    src = _xy_lookup(plants_xy, "plants_xy")
    dst = _xy_lookup(provinces_xy, "provinces_xy")
    vals = pd.to_numeric(flows[value_column], errors="coerce").to_numpy(dtype=float)
    vmax = float(np.nanmax(vals, initial=0.0)) if np.isfinite(vals).any() else 0.0
    s_names = flows["plant_name"] if "plant_name" in flows else flows[source_column]
    t_names = flows["province_name"] if "province_name" in flows else flows[target_column]
    rows, skipped = [], 0
    for s, t, v, sn, tn in zip(
        flows[source_column], flows[target_column], vals, s_names, t_names, strict=True
    ):
        if s not in src or t not in dst or not np.isfinite(v) or v <= 0:
            skipped += 1
            continue
        (x0, y0), (x1, y1) = src[s], dst[t]
        w = 1.0 + (max_width_px - 1.0) * (v / vmax if vmax > 0 else 0.0)
        tip = (
            f"{_esc(sn)} &rarr; {_esc(tn)}: {_esc(_fmt('{:,.1f}', v, lang))} "
            f"{map_label('t_per_day', lang)}"
        )
        path = None if paths is None else paths.get((s, t))
        if path is not None and len(path) >= 2:
            line = [[round(float(b), 4), round(float(a), 4)] for a, b in path]
        else:
            line = [[round(y0, 5), round(x0, 5)], [round(y1, 5), round(x1, 5)]]
        rows.append([line, round(w, 2), color, tip])
    _PolylineLayer(rows, name=name).add_to(m)
    if skipped:
        notice(m, map_label("flows_not_drawn", lang).format(n=skipped))
    return _finish(m)


def add_hatch(
    m: folium.Map, polygons: gpd.GeoDataFrame, *, name: str, color: str = "#444444"
) -> folium.Map:
    """Dashed outlines over polygons (e.g. provinces whose figure is imputed), drawn in
    the same canvas as the choropleth so the colours under them stay readable."""
    if not len(polygons):
        return m
    geoms = polygons.geometry.simplify(0.01, preserve_topology=True)
    features = [
        {"type": "Feature", "properties": {}, "geometry": _geom_json(g)}
        for g in geoms
        if g is not None and not g.is_empty
    ]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=_esc(name),
        style_function=lambda _f: {
            "color": color,
            "weight": 2,
            "dashArray": "6 4",
            "fill": False,
        },
        tooltip=None,
    ).add_to(m)
    return _finish(m)


def add_sea_lanes(
    m: folium.Map,
    ports: pd.DataFrame,
    lanes: pd.DataFrame,
    *,
    name: str | None = None,
    color: str = "#1f78b4",
    lang: str = "en",
) -> folium.Map:
    """Sea lanes port to port along a path that stays at sea (:func:`geo.basemap.sea_path`;
    ``ports``: id, name, lat, lon; ``lanes``: from_port, to_port, time_h, status),
    tooltips with the escaped port names, hours and whether the time is published or
    estimated (estimated lanes are thinner and dashed in the legend)."""
    name = name or map_label("sea_lanes", lang)
    at = {r.id: (float(r.lon), float(r.lat), r.name) for r in ports.itertuples()}
    rows = []
    for r in lanes.itertuples():
        if r.from_port not in at or r.to_port not in at:
            continue
        (x0, y0, n0), (x1, y1, n1) = at[r.from_port], at[r.to_port]
        hours = _esc(_fmt("{:,.0f} " + map_label("h", lang), float(r.time_h), lang))
        status = _esc(i18n.value(str(r.status), lang))
        tip = f"{_esc(n0)} &harr; {_esc(n1)}: {hours} ({status})"
        width = 3.0 if r.status == "published" else 1.5
        path = _sea_path_cached(round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4))
        rows.append([[[round(b, 4), round(a, 4)] for a, b in path], width, color, tip])
    _PolylineLayer(rows, name=name).add_to(m)
    add_legend(
        m,
        name,
        [(color, i18n.value("published", lang)), (color, i18n.value("estimated", lang))],
        shape="square",
    )
    return _finish(m)


@functools.lru_cache(maxsize=512)
def _sea_path_cached(x0: float, y0: float, x1: float, y1: float) -> tuple[tuple[float, float], ...]:
    return tuple(map(tuple, sea_path(x0, y0, x1, y1).tolist()))


def add_isochrones(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    *,
    value_column: str = "threshold_h",
    name: str | None = None,
    unit: str | None = None,
    color: str | None = None,
    lang: str = "en",
) -> folium.Map:
    """Isochrone polygons (largest first, so smaller ones stay clickable), one colour per
    threshold on a green-to-red scale (or ``color``), with a legend. Drawn with a firm
    outline and fill, so the area within reach is visible at national zoom."""
    _check_gdf(gdf, "gdf", [value_column])
    unit = unit or map_label("h", lang)
    vals = pd.to_numeric(gdf[value_column], errors="coerce").to_numpy(dtype=float)
    levels = sorted({v for v in vals if np.isfinite(v)})
    if name is None:
        name = map_label("isochrones", lang).format(
            h=" / ".join(_fmt("{:g}", v, lang) for v in levels)
        )
    pal = {
        v: color or _TRAVEL[round(i * (len(_TRAVEL) - 2) / max(len(levels) - 1, 1))]
        for i, v in enumerate(levels)
    }
    order = np.argsort(-np.nan_to_num(vals, nan=-np.inf), kind="stable")
    feats = []
    for i in order:
        g = gdf.geometry.iloc[i]
        if g is None or g.is_empty or not np.isfinite(vals[i]):
            continue
        tip = f"&le; {_esc(_fmt('{:g}', vals[i], lang))} {_esc(unit)}"
        feats.append(
            {
                "type": "Feature",
                "properties": {"fill": pal[vals[i]], "tooltip": tip},
                "geometry": _geom_json(g, simplify_deg=0.002),
            }
        )
    _GeoJsonLayer(
        {"type": "FeatureCollection", "features": feats},
        name=name,
        style={"color": "#1b7837", "weight": 1.6, "fillOpacity": 0.45},
    ).add_to(m)
    items = [(pal[v], f"≤ {_fmt('{:g}', v, lang)} {unit}") for v in levels]
    return add_legend(m, name, items)


def add_points(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    *,
    name: str,
    label_column: str | None = "name",
    popup_columns: Sequence[str] = (),
    color: str = "#e7298a",
    radius_px: float = 8.0,
    size_column: str | None = None,
    max_radius_px: float = 20.0,
    legend_label: str | None = None,
    popup_labels: Sequence[str] | None = None,
    lang: str = "en",
) -> folium.Map:
    """Generic point layer (e.g. chosen concentrator sites): circles, escaped labels.

    ``size_column`` scales the radius by sqrt(value / max) up to ``max_radius_px``;
    ``popup_columns`` are shown as an escaped table, headed by ``popup_labels`` (else
    the column names), numbers in the locale of ``lang`` and coded values translated.
    """
    _check_gdf(gdf, "gdf", [c for c in (*popup_columns, size_column) if c])
    x, y = _point_xy(gdf)
    sizes = (
        pd.to_numeric(gdf[size_column], errors="coerce").to_numpy(dtype=float)
        if size_column
        else None
    )
    smax = (
        float(np.nanmax(sizes, initial=0.0))
        if sizes is not None and np.isfinite(sizes).any()
        else 0.0
    )
    rows = []
    for i in range(len(gdf)):
        if not (np.isfinite(x[i]) and np.isfinite(y[i])):
            continue
        label = _esc(gdf[label_column].iloc[i]) if label_column and label_column in gdf else ""
        r = radius_px
        if sizes is not None and smax > 0 and np.isfinite(sizes[i]):
            r = max(3.0, max_radius_px * math.sqrt(max(sizes[i], 0.0) / smax))
        heads = list(popup_labels) if popup_labels else list(popup_columns)
        info = [
            (
                _esc(h),
                _esc(
                    _fmt("{:,.1f}", v, lang)
                    if isinstance(v, float | np.floating)
                    else i18n.value(v, lang)
                ),
            )
            for h, c in zip(heads, popup_columns, strict=True)
            for v in [gdf[c].iloc[i]]
        ]
        pop = _table(label or _esc(name), info) if info else ""
        rows.append([round(y[i], 5), round(x[i], 5), round(r, 1), color, label, pop])
    _CircleLayer(rows, name=name, options={"weight": 2, "fillOpacity": 0.6}).add_to(m)
    if legend_label:
        add_legend(m, name, [(color, legend_label)], shape="circle")
    return _finish(m)
