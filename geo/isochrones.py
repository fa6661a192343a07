"""Isochrone polygons from precomputed node travel times.

Method, per threshold T (hours): every reached node gets a disc whose radius is the
remaining time ``T - time_s`` at ``access_speed_kph`` (capped at ``max_access_m``);
every road edge leaving a reached node is drawn as far along as the remaining time
allows at the edge's own speed (partially reached edges are cut), buffered by
``edge_buffer_m``. Ferry edges are not drawn (their area is the sea). The union is
simplified to ``simplify_m``.

Metric CRS: a local equirectangular projection around the reached nodes' mean
latitude (x = R * lon * cos(lat0), y = R * lat, WGS84 mean radius). Indonesia lies
between 11 S and 6 N, so the scale error is below 2% anywhere in the country. The
result is returned in EPSG:4326.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import shapely

from geo.travel import EARTH_RADIUS_M, MODE_CODES, CompactGraph


def _to_metric(lon: np.ndarray, lat: np.ndarray, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    k = np.pi / 180.0 * EARTH_RADIUS_M
    return lon * k * np.cos(np.radians(lat0)), lat * k


def _from_metric(geom: shapely.Geometry, lat0: float) -> shapely.Geometry:
    k = np.pi / 180.0 * EARTH_RADIUS_M
    scale = np.array([1.0 / (k * np.cos(np.radians(lat0))), 1.0 / k])
    return shapely.transform(geom, lambda xy: xy * scale)


def isochrone_polygons(
    cg: CompactGraph,
    time_s: np.ndarray,
    *,
    thresholds_h: Sequence[float],
    access_speed_kph: float = 5.0,
    max_access_m: float = 5_000.0,
    edge_buffer_m: float = 150.0,
    simplify_m: float = 50.0,
    quad_segs: int = 4,
) -> gpd.GeoDataFrame:
    """One (Multi)Polygon per threshold: the area reachable within ``threshold_h``.

    ``time_s`` is per node (inf where unreachable), e.g. from ``nearest_source_times``.
    Rows are sorted by threshold; an empty geometry means nothing was reached.
    """
    time_s = np.asarray(time_s, dtype=float)
    if time_s.shape != (cg.n_nodes,):
        raise ValueError("time_s must have one value per graph node")
    reached_any = np.isfinite(time_s)
    lat0 = float(np.mean(cg.y[reached_any])) if reached_any.any() else 0.0
    mx, my = _to_metric(cg.x, cg.y, lat0)
    rows = cg.edge_rows()
    cols = cg.csr.indices
    road = cg.mode == MODE_CODES["road"]
    speed_mps = access_speed_kph / 3.6
    thresholds = sorted(float(h) for h in thresholds_h)
    geoms = []
    for hours in thresholds:
        limit = hours * 3600.0
        nodes = np.flatnonzero(time_s <= limit)
        if len(nodes) == 0:
            geoms.append(shapely.Polygon())
            continue
        remaining = limit - time_s[nodes]
        radius = np.minimum(remaining * speed_mps, max_access_m)
        parts = [shapely.buffer(shapely.points(mx[nodes], my[nodes]), radius, quad_segs=quad_segs)]
        e = np.flatnonzero(road & (time_s[rows] <= limit))
        if len(e):
            u, v = rows[e], cols[e]
            frac = np.clip((limit - time_s[u]) / cg.csr.data[e], 0.0, 1.0)
            x0, y0 = mx[u], my[u]
            x1, y1 = x0 + (mx[v] - x0) * frac, y0 + (my[v] - y0) * frac
            coords = np.stack([np.column_stack([x0, y0]), np.column_stack([x1, y1])], axis=1)
            lines = shapely.linestrings(coords)
            parts.append(shapely.buffer(lines, edge_buffer_m, quad_segs=quad_segs))
        merged = shapely.union_all(np.concatenate(parts))
        merged = shapely.simplify(merged, simplify_m)
        geoms.append(_from_metric(merged, lat0))
    return gpd.GeoDataFrame({"threshold_h": thresholds}, geometry=geoms, crs="EPSG:4326")
