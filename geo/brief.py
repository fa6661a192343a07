"""A one-page briefing (A4 landscape, PNG or PDF) drawn with matplotlib, offline.

Left: a map of Indonesia (the offline land outline, provinces as a choropleth or as
proportional circles, oxygen plants as triangles sized by capacity, optional extra
points as stars) with its legend and the provinces with the highest values. Right: the
key figures in large type and the assumptions. Bottom: ``fingerprint <12 hex>``, the
scenario link, the generation date and a pointer to the sources page.

No web tiles, no pyplot: the page is a :class:`matplotlib.figure.Figure` rendered by
the Agg (PNG) or PDF backend, so nothing leaks into pyplot's global state and the
function is safe to call from Streamlit's script threads. ``rcParams`` are read, never
written; every text sets its own size. Text from data is plain text, with ``$`` escaped
so a label never turns into mathtext.

The same inputs give the same bytes (PNG: no timestamp, no software tag; PDF: no
creation date). The generation date printed on the page defaults to today; pass
``generated`` to pin it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from geo import i18n

# Map frame (degrees) and the equirectangular aspect at its middle latitude.
LON_MIN, LON_MAX = 94.0, 142.0
LAT_MIN, LAT_MAX = -11.5, 6.5
LAT0 = (LAT_MIN + LAT_MAX) / 2.0
MAP_ASPECT = 1.0 / math.cos(math.radians(LAT0))

PAGE_W_IN, PAGE_H_IN = 11.69, 8.27  # A4 landscape
DPI = 150
SIMPLIFY_DEG = 0.02  # ~2 km: invisible at this scale, keeps drawing fast
N_CLASSES = 5
TOP_N = 10

FORMATS = ("png", "pdf")
_FINGERPRINT = re.compile(r"[0-9a-f]{12}")

# Colours
INK = "#1a1a1a"
MUTED = "#5f6368"
RULE = "#c8c8c8"
SEA = "#f3f7fa"
LAND_FILL = "#e4e4e4"
LAND_EDGE = "#b4b4b4"
NO_DATA = "#f7f7f7"
CMAP = "YlOrRd"
CIRCLE_POS = "#c0392b"
CIRCLE_NEG = "#2c6fbb"
PLANT = "#202020"
STAR = "#1f4e9c"


def _t(key: str, lang: str) -> str:
    return i18n.t(f"brief_{key}", lang)


# --------------------------------------------------------------------------- text


def plain(text: object) -> str:
    """Text safe for matplotlib: ``$`` escaped so it never starts mathtext."""
    return str(text).replace("$", r"\$")


def _width_pt(text: str, size: float, weight: str = "normal") -> float:
    """Width of ``text`` in points as the Agg renderer draws it at :data:`DPI` (hinting
    makes Agg glyphs up to ~10% wider than the font's outline metrics; PDF text is never
    wider than this, so wrapping by it fits both)."""
    if not text:
        return 0.0
    prop = FontProperties(size=size, weight=weight)
    width_px = _measurer().get_text_width_height_descent(text, prop, ismath=False)[0]
    return width_px / DPI * 72


@functools.cache
def _measurer() -> RendererAgg:
    # Text measurement only; fonts are cached per thread by matplotlib.
    return RendererAgg(1, 1, DPI)


def wrap(text: str, width_pt: float, size: float, weight: str = "normal") -> list[str]:
    """Greedy word wrap by measured width; words longer than a line (URLs) are split."""
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if _width_pt(candidate, size, weight) <= width_pt:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while _width_pt(word, size, weight) > width_pt and len(word) > 1:
                cut = _fit_chars(word, width_pt, size, weight)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _fit_chars(word: str, width_pt: float, size: float, weight: str) -> int:
    lo, hi = 1, len(word)
    while lo < hi:  # largest prefix that fits (at least one character)
        mid = (lo + hi + 1) // 2
        if _width_pt(word[:mid], size, weight) <= width_pt:
            lo = mid
        else:
            hi = mid - 1
    return lo


def fmt_number(value: float, lang: str = "en") -> str:
    """Compact figure for legends in the locale of ``lang``: 1,234 / 56 / 7.8 / 0.12
    (1.234 / 56 / 7,8 / 0,12 in Bahasa Indonesia)."""
    if value is None or not np.isfinite(value):
        return "–"
    a = abs(value)
    if a >= 10 or a == 0:
        return i18n.number(value, lang)
    if a >= 1:
        return i18n.number(value, lang, digits=1)
    return i18n.decimal(float(f"{value:.2g}"), lang, max_digits=4)


def _nice(value: float) -> float:
    """Round to two significant digits (class breaks, legend reference sizes)."""
    if value == 0 or not np.isfinite(value):
        return 0.0
    exp = math.floor(math.log10(abs(value))) - 1
    return round(value / 10**exp) * 10**exp


# --------------------------------------------------------------------------- geometry


def _to_4326(gdf: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    if gdf is None or len(gdf) == 0:
        return None
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    keep = ~(gdf.geometry.isna() | gdf.geometry.is_empty)
    return gdf[keep] if not keep.all() else gdf


def _polygon_path(geom) -> MplPath | None:
    """One compound path (exteriors and holes) for a Polygon/MultiPolygon."""
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in shapely.get_parts(np.asarray([geom], dtype=object)):
        if not isinstance(poly, shapely.Polygon) or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _is_areal(geoms: gpd.GeoSeries) -> np.ndarray:
    return geoms.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()


# --------------------------------------------------------------------------- classes


def class_breaks(values: np.ndarray, n: int = N_CLASSES) -> list[float]:
    """Inner class breaks from quantiles, rounded to two significant digits, unique."""
    v = values[np.isfinite(values)]
    if len(np.unique(v)) < 2:
        return []
    qs = np.quantile(v, np.linspace(0, 1, n + 1)[1:-1])
    breaks = sorted({_nice(q) for q in qs})
    lo, hi = float(v.min()), float(v.max())
    return [b for b in breaks if lo < b <= hi]


def _class_labels(breaks: list[float], lang: str = "en") -> list[str]:
    if not breaks:
        return []
    labels = [f"< {fmt_number(breaks[0], lang)}"]
    labels += [
        f"{fmt_number(a, lang)} – {fmt_number(b, lang)}"
        for a, b in zip(breaks[:-1], breaks[1:], strict=True)
    ]
    labels.append(f"≥ {fmt_number(breaks[-1], lang)}")
    return labels


def _class_colors(n: int) -> list[str]:
    from matplotlib import colormaps

    cmap = colormaps[CMAP]
    if n == 1:
        return [to_hex(cmap(0.6))]
    return [to_hex(cmap(x)) for x in np.linspace(0.12, 0.92, n)]


# --------------------------------------------------------------------------- page


def render_brief(
    *,
    title: str,
    subtitle: str,
    land: gpd.GeoDataFrame | None,
    provinces: gpd.GeoDataFrame,
    value_column: str,
    value_label: str,
    plants: gpd.GeoDataFrame | None = None,
    points: gpd.GeoDataFrame | None = None,
    points_label: str = "",
    figures: Sequence[tuple[str, str]],
    assumptions: Sequence[str],
    fingerprint: str,
    listing: Sequence[str] = (),
    listing_title: str = "",
    link: str = "",
    fmt: str = "png",
    lang: str = "en",
    generated: dt.date | str | None = None,
) -> bytes:
    """One A4-landscape briefing page as PNG (150 dpi) or PDF (vector) bytes.

    ``land``: the offline outline (``geo.basemap.land_polygons()``), or None for none.
    ``provinces``: polygons become a choropleth of ``value_column`` in quantile classes;
    point rows become circles with area proportional to the value. ``plants`` needs
    ``capacity_t_per_day``; a ``name`` column in ``provinces`` adds the top-10 list.
    ``figures`` are (label, value) pairs shown in large type, ``listing`` bullets under
    ``listing_title`` (e.g. the sites of a plan, by name), then ``assumptions`` bullets.
    The top-10 list names only provinces whose value is above 0.
    ``fingerprint`` must be the 12 lowercase hex characters of
    :func:`geo.scenario.fingerprint`. ``generated`` (date or ISO text) defaults to
    today. Same inputs, same bytes.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    if not _FINGERPRINT.fullmatch(str(fingerprint)):
        raise ValueError(f"fingerprint must be 12 lowercase hex characters, got {fingerprint!r}")
    if value_column not in provinces.columns:
        raise ValueError(f"provinces has no column {value_column!r}")
    if generated is None:
        generated = dt.date.today()
    generated_text = generated.isoformat() if isinstance(generated, dt.date) else str(generated)

    fig = Figure(figsize=(PAGE_W_IN, PAGE_H_IN), dpi=DPI, facecolor="white")
    page = _Page(fig, lang)
    page.header(title, subtitle)
    provs = _to_4326(provinces)
    values = (
        pd.to_numeric(provs[value_column], errors="coerce").to_numpy(dtype=float)
        if provs is not None
        else np.array([])
    )
    handles = page.map(land, provs, values, _to_4326(plants), _to_4326(points))
    page.legends(handles, value_label, points_label)
    if provs is not None and "name" in provs.columns:
        page.top_list(provs["name"].astype(str).to_numpy(), values, value_label)
    page.figures(list(figures))
    if listing:
        page.bullets(listing_title, list(listing))
    page.assumptions(list(assumptions))
    page.footer(fingerprint, link, generated_text)

    buf = io.BytesIO()
    if fmt == "png":
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    else:
        fig.savefig(buf, format="pdf", metadata={"CreationDate": None})
    return buf.getvalue()


# --------------------------------------------------------------------------- map layers


def _frame(ax) -> None:
    """The map's frame: sea, the Indonesian extent, degree ticks and a white grid."""
    ax.set_facecolor(SEA)
    ax.set_xlim(LON_MIN, LON_MAX)
    ax.set_ylim(LAT_MIN, LAT_MAX)
    ax.set_aspect(MAP_ASPECT, adjustable="datalim")
    xt = list(range(95, 142, 5))
    yt = [-10, -5, 0, 5]
    ax.set_xticks(xt, [f"{x}°E" for x in xt])
    ax.set_yticks(yt, [f"{abs(y)}°{'S' if y < 0 else ('N' if y > 0 else '')}" for y in yt])
    ax.tick_params(labelsize=6, colors=MUTED, length=2, width=0.4, pad=1.5)
    for spine in ax.spines.values():
        spine.set_color(LAND_EDGE)
        spine.set_linewidth(0.6)
    ax.grid(True, color="white", linewidth=0.5, zorder=0.5)


def _land(ax, land: gpd.GeoDataFrame) -> None:
    """The offline land outline as one compound patch under everything else."""
    land = _to_4326(land)
    simple = shapely.orient_polygons(shapely.simplify(land.geometry.to_numpy(), SIMPLIFY_DEG / 2))
    paths = [p for p in (_polygon_path(g) for g in simple) if p is not None]
    if paths:
        patch = PathPatch(
            MplPath.make_compound_path(*paths),
            facecolor=LAND_FILL,
            edgecolor=LAND_EDGE,
            linewidth=0.3,
            zorder=1,
        )
        ax.add_artist(patch)  # limits are fixed: skip the slow data-limit update


def _choropleth(ax, geoms: np.ndarray, values: np.ndarray, lang: str) -> list[tuple[str, str]]:
    """Polygons filled by quantile class; returns the legend's (label, colour) entries."""
    breaks = class_breaks(values)
    labels = _class_labels(breaks, lang)
    if not labels and np.isfinite(values).any():  # a single value: one class
        labels = [fmt_number(float(np.nanmax(values)), lang)]
    colors = _class_colors(max(len(labels), 1))
    klass = np.searchsorted(np.asarray(breaks, dtype=float), values, side="right")
    # holes wind against their shell, so the nonzero fill rule leaves them open
    simple = shapely.orient_polygons(shapely.simplify(geoms, SIMPLIFY_DEG, preserve_topology=True))
    paths, faces = [], []
    for g, v, k in zip(simple, values, klass, strict=True):
        path = _polygon_path(g)
        if path is None:
            continue
        paths.append(path)
        faces.append(colors[min(k, len(colors) - 1)] if np.isfinite(v) else NO_DATA)
    coll = PathCollection(paths, facecolors=faces, edgecolors="white", linewidths=0.35, zorder=2)
    ax.add_collection(coll, autolim=False)
    entries = list(zip(labels, colors, strict=False))
    if not np.isfinite(values).all():
        entries.append((_t("no_data", lang), NO_DATA))
    return entries


def _circles(ax, geoms: np.ndarray, values: np.ndarray, lang: str) -> dict:
    """Proportional circles (area ~ |value|, negative values blue, missing ones hollow);
    returns the legend's reference sizes and flags."""
    xy = shapely.get_coordinates(shapely.point_on_surface(geoms))
    ok = np.isfinite(values)
    vmax = float(np.abs(values[ok]).max()) if ok.any() else 0.0
    smax = 900.0  # points^2 for the largest value (~0.4 in across)
    sizes = np.where(ok, smax * np.abs(np.nan_to_num(values)) / vmax if vmax > 0 else 0.0, 0.0)
    order = np.argsort(-sizes, kind="stable")  # large first, small on top
    colors = np.where(np.nan_to_num(values) < 0, CIRCLE_NEG, CIRCLE_POS)
    ax.scatter(
        xy[order, 0],
        xy[order, 1],
        s=sizes[order],
        c=colors[order],
        alpha=0.6,
        edgecolors="white",
        linewidths=0.5,
        zorder=3,
    )
    missing = ~ok
    if missing.any():
        ax.scatter(
            xy[missing, 0],
            xy[missing, 1],
            s=12,
            facecolors="none",
            edgecolors=MUTED,
            linewidths=0.6,
            zorder=3,
        )
    refs = (
        sorted({_nice(vmax * f) for f in (1.0, 0.25, 0.05)} - {0.0}, reverse=True)
        if vmax > 0
        else []
    )
    return {
        "refs": [(fmt_number(r, lang), math.sqrt(smax * r / vmax)) for r in refs],
        "negative": bool((np.nan_to_num(values) < 0).any()),
        "missing": bool(missing.any()),
    }


def _plants(ax, plants: gpd.GeoDataFrame, lang: str) -> list[tuple[str, float]]:
    """Oxygen plants as triangles sized by capacity; returns the legend's (label, marker
    size) entries."""
    pts = plants[~_is_areal(plants.geometry)]
    if not len(pts):
        return []
    xy = shapely.get_coordinates(shapely.point_on_surface(pts.geometry.to_numpy()))
    cap = (
        pd.to_numeric(pts["capacity_t_per_day"], errors="coerce").to_numpy(dtype=float)
        if "capacity_t_per_day" in pts.columns
        else np.full(len(pts), np.nan)
    )
    cmax = float(np.nanmax(cap)) if np.isfinite(cap).any() else 0.0
    smin, smax = 14.0, 160.0

    def size(c):
        return smin + (smax - smin) * np.nan_to_num(c) * (1.0 / cmax if cmax > 0 else 0.0)

    sizes = size(cap)
    order = np.argsort(-sizes, kind="stable")
    ax.scatter(
        xy[order, 0],
        xy[order, 1],
        s=sizes[order],
        marker="^",
        c=PLANT,
        edgecolors="white",
        linewidths=0.4,
        zorder=5,
    )
    refs = sorted({_nice(cmax * f) for f in (1.0, 0.3)} - {0.0}, reverse=True) if cmax > 0 else []
    out = [(fmt_number(r, lang), math.sqrt(size(r))) for r in refs]
    if not np.isfinite(cap).all() or not out:
        out.append((_t("plants_unknown", lang), math.sqrt(smin)))
    return out


def _stars(ax, points: gpd.GeoDataFrame) -> bool:
    """Extra points (e.g. planned sites) as stars; True when any was drawn."""
    pts = points[~_is_areal(points.geometry)]
    if not len(pts):
        return False
    xy = shapely.get_coordinates(pts.geometry.to_numpy())
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=150,
        marker="*",
        c=STAR,
        edgecolors="white",
        linewidths=0.6,
        zorder=6,
    )
    return True


def _legend_groups(handles: dict, value_label: str, points_label: str, lang: str) -> list:
    """The legend groups other than the circles: classes, plants, extra points, each
    as (handles, title, extra legend options)."""
    groups: list[tuple[list, str, dict]] = []
    if handles.get("classes"):
        entries = handles["classes"]
        patches = [
            Patch(facecolor=c, edgecolor=LAND_EDGE, linewidth=0.4, label=plain(lab))
            for lab, c in entries
        ]
        groups.append((patches, plain(value_label), {"ncols": 2 if len(patches) > 4 else 1}))
    if handles.get("plants"):
        marks = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker="^",
                markersize=ms,
                markerfacecolor=PLANT,
                markeredgecolor="white",
                label=plain(lab),
            )
            for lab, ms in handles["plants"]
        ]
        groups.append((marks, _t("plants", lang), {}))
    if handles.get("points"):
        mark = Line2D(
            [],
            [],
            linestyle="none",
            marker="*",
            markersize=12,
            markerfacecolor=STAR,
            markeredgecolor="white",
            label=plain(points_label) if points_label else " ",
        )
        groups.append(([mark], "", {}))
    return groups


# --------------------------------------------------------------------------- page


class _Layout:
    """Drawing primitives, in inches from the bottom-left corner of the page."""

    MARGIN = 0.45
    LEFT_W = 7.45  # map column
    GUTTER = 0.4
    FOOTER_TOP = 0.95

    def __init__(self, fig: Figure, lang: str) -> None:
        self.fig = fig
        self.lang = lang
        self.right_x = self.MARGIN + self.LEFT_W + self.GUTTER
        self.right_w = PAGE_W_IN - self.MARGIN - self.right_x
        self.header_bottom = PAGE_H_IN - self.MARGIN
        self.renderer = FigureCanvasAgg(fig).get_renderer()  # to measure legends

    def text(self, x_in: float, y_in: float, s: str, *, size: float, **kw):
        """Plain text at a point of the page, baseline-aligned in ink unless told."""
        kw.setdefault("color", INK)
        kw.setdefault("va", "baseline")
        return self.fig.text(
            x_in / PAGE_W_IN, y_in / PAGE_H_IN, plain(s), fontsize=size, usetex=False, **kw
        )

    def axes(self, x_in: float, y_in: float, w_in: float, h_in: float):
        """Axes over a rectangle of the page."""
        return self.fig.add_axes(
            (x_in / PAGE_W_IN, y_in / PAGE_H_IN, w_in / PAGE_W_IN, h_in / PAGE_H_IN)
        )

    def rule(self, y_in: float) -> None:
        """A thin horizontal rule across the page."""
        ax = self.axes(self.MARGIN, y_in, PAGE_W_IN - 2 * self.MARGIN, 0.001)
        ax.axis("off")
        ax.axhline(0.5, color=RULE, linewidth=0.8)


class _Page(_Layout):
    """The briefing's sections, each placed below the one before it."""

    # -- header -------------------------------------------------------------------------
    def header(self, title: str, subtitle: str) -> None:
        width = (PAGE_W_IN - 2 * self.MARGIN) * 72
        title_lines = wrap(title, width, 19, "bold")[:2]
        y = PAGE_H_IN - self.MARGIN - 0.22
        for line in title_lines:
            self.text(self.MARGIN, y, line, size=19, weight="bold")
            y -= 0.34
        for line in wrap(subtitle, width, 10.5)[:2]:
            self.text(self.MARGIN, y + 0.08, line, size=10.5, color=MUTED)
            y -= 0.2
        self.header_bottom = y

    # -- map ----------------------------------------------------------------------------
    def map(self, land, provs, values, plants, points) -> dict:
        """The map under the header and its layers; returns what the legends show."""
        w = self.LEFT_W
        h = w / ((LON_MAX - LON_MIN) * MAP_ASPECT / (LAT_MAX - LAT_MIN))
        top = self.header_bottom + 0.1
        self.map_bottom = top - h
        ax = self.axes(self.MARGIN, self.map_bottom, w, h)
        _frame(ax)
        if land is not None and len(land):
            _land(ax, land)
        handles: dict = {}
        if provs is not None:
            areal = _is_areal(provs.geometry)
            geoms = provs.geometry.to_numpy()
            if areal.any():
                handles["classes"] = _choropleth(ax, geoms[areal], values[areal], self.lang)
            if (~areal).any():
                handles["circles"] = _circles(ax, geoms[~areal], values[~areal], self.lang)
        if plants is not None:
            handles["plants"] = _plants(ax, plants, self.lang)
        if points is not None and _stars(ax, points):
            handles["points"] = True
        return handles

    # -- legend and top list below the map ------------------------------------------------
    def legends(self, handles: dict, value_label: str, points_label: str) -> None:
        """Legend groups side by side under the map, each placed after the measured
        width of the previous one; the top list starts under the tallest."""
        top = self.map_bottom - 0.3
        ax = self.axes(self.MARGIN, top - 1.5, self.LEFT_W, 1.5)
        ax.axis("off")
        groups = _legend_groups(handles, value_label, points_label, self.lang)
        fs = 7.5
        x_in, bottom = 0.0, top
        if handles.get("circles") and handles["circles"]["refs"]:
            x_in, bottom = self._circle_legend(handles["circles"], value_label, top)
        for items, title, extra in groups:
            leg = ax.legend(
                handles=items,
                title=title or None,
                frameon=False,
                fontsize=fs,
                title_fontsize=8,
                alignment="left",
                loc="upper left",
                bbox_to_anchor=(x_in / self.LEFT_W, 1.0),
                borderaxespad=0.0,
                borderpad=0.0,
                handletextpad=0.6,
                columnspacing=1.2,
                labelcolor=INK,
                **extra,
            )
            ax.add_artist(leg)
            box = leg.get_window_extent(self.renderer)
            x_in += box.width / DPI + 0.45
            bottom = min(bottom, box.y0 / DPI)
        self.legend_bottom = bottom - 0.3

    def _circle_legend(self, info: dict, value_label: str, top: float) -> tuple[float, float]:
        """Nested proportional circles (bottom-aligned) with leader lines to their values;
        returns (x after the group, bottom) in inches relative to the legend row."""
        fs = 7.5
        refs = info["refs"]  # (label, diameter in points), largest first
        extras = []
        if info["negative"]:
            extras.append((_t("negative", self.lang), CIRCLE_NEG, 8.0, "full"))
        if info["missing"]:
            extras.append((_t("no_data", self.lang), MUTED, 3.5, "none"))
        dmax = max(d for _, d in refs)
        label_w = max(_width_pt(lab, fs) for lab, _ in refs)
        extra_w = max((_width_pt(lab, fs) + 14 for lab, *_ in extras), default=0.0)
        title_w = _width_pt(value_label, 8)
        w_pt = max(title_w, dmax + 10 + label_w, extra_w) + 4
        h_pt = 8 + 6 + dmax + 2 + len(extras) * 12
        ax = self.axes(self.MARGIN, top - h_pt / 72, w_pt / 72, h_pt / 72)
        ax.axis("off")
        ax.set_xlim(0, w_pt)
        ax.set_ylim(0, h_pt)
        ax.text(0, h_pt, plain(value_label), fontsize=8, va="top", color=INK, usetex=False)
        base = len(extras) * 12 + 1
        cx = dmax / 2 + 1
        for label, d in refs:
            ax.scatter(
                [cx],
                [base + d / 2],
                s=d * d,
                c=CIRCLE_POS,
                alpha=0.6,
                edgecolors="white",
                linewidths=0.5,
                clip_on=False,
            )
            ax.plot([cx, dmax + 6], [base + d, base + d], color=MUTED, linewidth=0.4)
            ax.text(
                dmax + 8, base + d, plain(label), fontsize=fs, va="center", color=INK, usetex=False
            )
        for i, (label, color, d, fill) in enumerate(extras):
            y = base - 7 - i * 12
            face = color if fill == "full" else "none"
            ax.scatter(
                [cx],
                [y],
                s=d * d,
                c=face,
                edgecolors=color if fill == "none" else "white",
                alpha=0.6 if fill == "full" else 1.0,
                linewidths=0.6,
                clip_on=False,
            )
            ax.text(cx + 8, y, plain(label), fontsize=fs, va="center", color=INK, usetex=False)
        return w_pt / 72 + 0.45, top - h_pt / 72

    def top_list(self, names: np.ndarray, values: np.ndarray, value_label: str) -> None:
        ok = np.isfinite(values) & (values > 0)  # "highest unmet" never lists a 0
        if not ok.any():
            return
        idx = np.flatnonzero(ok)
        idx = idx[np.argsort(-values[idx], kind="stable")][:TOP_N]
        y = self.legend_bottom
        heading = f"{_t('highest', self.lang)}: {value_label}"
        self.text(
            self.MARGIN, y, wrap(heading, self.LEFT_W * 72, 8.5, "bold")[0], size=8.5, weight="bold"
        )
        y -= 0.22
        col_w = self.LEFT_W / 2
        rows = math.ceil(len(idx) / 2)
        for i, j in enumerate(idx):
            col, row = divmod(i, rows)
            x = self.MARGIN + col * col_w
            yy = y - row * 0.19
            name = wrap(names[j], (col_w - 1.3) * 72, 8)[0]
            self.text(x, yy, f"{i + 1}.", size=8, color=MUTED)
            self.text(x + 0.25, yy, name, size=8)
            self.text(x + col_w - 0.35, yy, fmt_number(values[j], self.lang), size=8, ha="right")

    # -- right column -----------------------------------------------------------------
    def figures(self, figures: list[tuple[str, str]]) -> None:
        x, w_pt = self.right_x, self.right_w * 72
        y = self.header_bottom - 0.05
        self.text(x, y, _t("key_figures", self.lang), size=9, weight="bold", color=MUTED)
        y -= 0.12
        n = len(figures)
        value_size = 20 if n <= 5 else 17 if n <= 7 else 14
        for label, value in figures:
            size = value_size
            while size > 9 and _width_pt(str(value), size, "bold") > w_pt:
                size -= 1
            y -= size / 72 * 1.05
            self.text(x, y, str(value), size=size, weight="bold")
            for line in wrap(label, w_pt, 8.5)[:2]:
                y -= 0.16
                self.text(x, y, line, size=8.5, color=MUTED)
            y -= 0.16
        self.figures_bottom = y

    def assumptions(self, items: list[str]) -> None:
        self.bullets(_t("assumptions", self.lang), items)

    def bullets(self, title: str, items: list[str]) -> None:
        """A titled bullet list in the right column, below what is already there."""
        if not items:
            return
        x, w_pt = self.right_x, self.right_w * 72
        y = self.figures_bottom - 0.12
        self.text(x, y, title, size=9, weight="bold", color=MUTED)
        size, step = 7.8, 0.145
        floor = self.FOOTER_TOP + 0.2
        lines_per_item = [wrap(item, w_pt - 10, size) for item in items]
        y -= 0.08
        for k, lines in enumerate(lines_per_item):
            if y - step * (len(lines) + 1) < floor and k < len(items):
                rest = len(items) - k
                self.text(
                    x,
                    y - step,
                    _t("more", self.lang).format(n=rest),
                    size=size,
                    color=MUTED,
                    style="italic",
                )
                self.figures_bottom = floor
                return
            y -= step
            self.text(x, y, "•", size=size)
            for i, line in enumerate(lines):
                if i:
                    y -= step
                self.text(x + 0.14, y, line, size=size)
            y -= 0.04
        self.figures_bottom = y - 0.08

    # -- footer ---------------------------------------------------------------------------
    def footer(self, fingerprint: str, link: str, generated: str) -> None:
        self.rule(self.FOOTER_TOP)
        y = self.FOOTER_TOP - 0.2
        x = self.MARGIN
        self.text(x, y, f"fingerprint {fingerprint}", size=8.5, weight="bold", family="monospace")
        parts = f"{_t('generated', self.lang)} {generated}   ·   {_t('sources', self.lang)}"
        self.text(PAGE_W_IN - self.MARGIN, y, parts, size=7.5, color=MUTED, ha="right")
        if link:
            width = (PAGE_W_IN - 2 * self.MARGIN) * 72
            lines = wrap(link, width - 8, 7)
            if len(lines) > 2:  # the PDF keeps the whole link as a clickable URL
                lines = [lines[0], lines[1] + "…"]
            for line in lines:
                y -= 0.16
                t = self.text(x, y, line, size=7, color=STAR)
                t.set_url(link)
