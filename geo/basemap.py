"""Offline base layer: Indonesia's land outline from the GLOBE 1-km land mask.

The mask comes from the PyPI package ``global-land-mask`` (GLOBE, 30 arc-seconds,
about 0.93 km at the equator). Importing ``global_land_mask.globe`` decompresses the
whole planet (21,600 x 43,200 booleans, ~930 MB, ~4 s), so this module streams only
the rows of Indonesia's bounding box out of the package's ``.npz`` file (~1 s, ~12 MB)
and keeps the crop in a user cache directory, never in the repository.

Cache directory: ``$OXYGEN_ATLAS_CACHE`` or ``~/.cache/oxygen-atlas/``. File names carry
the package version and every parameter, so a new package version or a different
resolution never reads a stale file.

CRS: polygons are stored in EPSG:4326; areas are measured in EPSG:6933 (WGS 84 /
NSIDC EASE-Grid 2.0 Global, an equal-area projection valid for the whole archipelago).
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import os
import tempfile
import zipfile
from pathlib import Path

import contourpy
import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "INDONESIA_BBOX",
    "MASK_CELLS_PER_DEGREE",
    "cache_dir",
    "island_id",
    "is_land",
    "land_mask",
    "land_polygons",
]

#: (lon_min, lat_min, lon_max, lat_max) of the crop used for the base layer.
INDONESIA_BBOX: tuple[float, float, float, float] = (94.0, -11.5, 142.0, 6.5)
#: GLOBE grid: 120 cells per degree (30 arc-seconds).
MASK_CELLS_PER_DEGREE = 120
_EQUAL_AREA_CRS = "EPSG:6933"
_SCHEMA = 1  # bump when the cached file layout changes
_KM_PER_DEG = 111.32  # km per degree of latitude (and of longitude at the equator)

# Representative inland points naming the larger islands (English names; None if the
# point does not fall on a polygon at the chosen resolution).
_ISLAND_NAMES: dict[str, tuple[float, float]] = {
    "New Guinea": (138.0, -4.0),
    "Borneo": (114.0, 0.5),
    "Sumatra": (102.0, -1.5),
    "Sulawesi": (120.5, -2.0),
    "Java": (110.0, -7.3),
    "Halmahera": (127.9, 1.3),
    "Seram": (129.5, -3.1),
    "Sumbawa": (117.5, -8.6),
    "Flores": (121.0, -8.6),
    "Timor": (124.3, -9.8),
    "Sumba": (119.9, -9.7),
    "Bangka": (106.1, -2.2),
    "Buru": (126.6, -3.4),
    "Bali": (115.2, -8.4),
    "Lombok": (116.3, -8.6),
    "Madura": (113.3, -7.05),
    "Belitung": (107.9, -2.85),
    "Nias": (97.6, 1.1),
}


def cache_dir() -> Path:
    """The user cache directory (``$OXYGEN_ATLAS_CACHE`` or ``~/.cache/oxygen-atlas``)."""
    env = os.environ.get("OXYGEN_ATLAS_CACHE")
    base = Path(env) if env else Path.home() / ".cache" / "oxygen-atlas"
    base.mkdir(parents=True, exist_ok=True)
    return base


def _package_version() -> str:
    try:
        return importlib.metadata.version("global-land-mask")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - installed dep
        return "unknown"


def _mask_npz() -> Path:
    # Locate the package without importing it: its __init__ imports `globe`, which
    # decompresses the whole planet (~4 s, ~1 GB).
    spec = importlib.util.find_spec("global_land_mask")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the package `global-land-mask` is not installed")
    pkg_dir = Path(next(iter(spec.submodule_search_locations)))
    return pkg_dir / "globe_combined_mask_compressed.npz"


def _crop_indices(bbox: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    lon0, lat0, lon1, lat1 = bbox
    r0 = int(np.floor((90.0 - lat1) * MASK_CELLS_PER_DEGREE))
    r1 = int(np.ceil((90.0 - lat0) * MASK_CELLS_PER_DEGREE))
    c0 = int(np.floor((lon0 + 180.0) * MASK_CELLS_PER_DEGREE))
    c1 = int(np.ceil((lon1 + 180.0) * MASK_CELLS_PER_DEGREE))
    return r0, r1, c0, c1


def _read_land_crop(bbox: tuple[float, float, float, float]) -> NDArray[np.bool_]:
    """Stream the rows of ``bbox`` out of the package's mask (True = land)."""
    r0, r1, c0, c1 = _crop_indices(bbox)
    with zipfile.ZipFile(_mask_npz()) as zf, zf.open("mask.npy") as fh:
        version = np.lib.format.read_magic(fh)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
        if fortran or dtype != np.dtype(bool) or len(shape) != 2:
            raise ValueError(f"unexpected land-mask layout in {_mask_npz()}: {shape} {dtype}")
        ncol = shape[1]
        to_skip = r0 * ncol
        while to_skip > 0:
            got = len(fh.read(min(1 << 24, to_skip)))
            if got == 0:
                raise ValueError(f"land mask in {_mask_npz()} is truncated")
            to_skip -= got
        buf = fh.read((r1 - r0) * ncol)
    ocean = np.frombuffer(buf, dtype=bool).reshape(r1 - r0, ncol)[:, c0:c1]
    return ~ocean  # the package stores "is ocean"


def _atomic_savez(path: Path, **arrays: NDArray) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
    os.close(fd)
    try:
        np.savez_compressed(tmp, **arrays)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@functools.lru_cache(maxsize=1)
def land_mask() -> tuple[NDArray[np.bool_], tuple[float, float, float, float]]:
    """The 1-km land mask of Indonesia's bbox (True = land) and its exact bounds.

    Row 0 is the northern edge; cell ``(i, j)`` covers
    ``lat in (lat_max - (i + 1) / 120, lat_max - i / 120]`` and
    ``lon in [lon_min + j / 120, lon_min + (j + 1) / 120)``.
    """
    r0, r1, c0, c1 = _crop_indices(INDONESIA_BBOX)
    bounds = (
        c0 / MASK_CELLS_PER_DEGREE - 180.0,
        90.0 - r1 / MASK_CELLS_PER_DEGREE,
        c1 / MASK_CELLS_PER_DEGREE - 180.0,
        90.0 - r0 / MASK_CELLS_PER_DEGREE,
    )
    path = cache_dir() / f"landmask_glm{_package_version()}_{r0}_{r1}_{c0}_{c1}_v{_SCHEMA}.npz"
    shape = (r1 - r0, c1 - c0)
    if path.exists():
        try:
            with np.load(path) as data:
                bits = data["bits"]
            mask = np.unpackbits(bits)[: shape[0] * shape[1]].reshape(shape).astype(bool)
            return mask, bounds
        except (OSError, ValueError, KeyError):
            pass  # corrupt cache file: rebuild below
    mask = _read_land_crop(INDONESIA_BBOX)
    _atomic_savez(path, bits=np.packbits(mask))
    return mask, bounds


def _downsample(mask: NDArray[np.bool_], factor: int) -> NDArray[np.float64]:
    """Land fraction over ``factor`` x ``factor`` blocks (edge blocks padded with sea)."""
    nr = -(-mask.shape[0] // factor) * factor
    nc = -(-mask.shape[1] // factor) * factor
    padded = np.zeros((nr, nc), dtype=np.float32)
    padded[: mask.shape[0], : mask.shape[1]] = mask
    blocks = padded.reshape(nr // factor, factor, nc // factor, factor)
    return blocks.mean(axis=(1, 3), dtype=np.float64)


def _polygonize(
    frac: NDArray[np.float64], *, lon0: float, lat1: float, cell_deg: float
) -> list[shapely.Polygon]:
    """Polygons of ``frac >= 0.5`` (cell centres as contour nodes, sea border added)."""
    z = np.pad(frac, 1, constant_values=0.0)
    lons = lon0 + (np.arange(z.shape[1]) - 1 + 0.5) * cell_deg
    lats = lat1 - (np.arange(z.shape[0]) - 1 + 0.5) * cell_deg
    gen = contourpy.contour_generator(lons, lats, z, fill_type=contourpy.FillType.OuterOffset)
    points_list, offsets_list = gen.filled(0.5, 2.0)
    polys: list[shapely.Polygon] = []
    for pts, offs in zip(points_list, offsets_list, strict=True):
        rings = [pts[offs[k] : offs[k + 1]] for k in range(len(offs) - 1)]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            polys.append(shapely.Polygon(rings[0], rings[1:]))
    return polys


def _cache_path(resolution_km: float, simplify_km: float, min_area_km2: float) -> Path:
    key = f"r{resolution_km:g}_s{simplify_km:g}_a{min_area_km2:g}"
    bbox = "_".join(f"{v:g}" for v in INDONESIA_BBOX)
    return cache_dir() / f"land_glm{_package_version()}_{bbox}_{key}_v{_SCHEMA}.npz"


def _build_polygons(
    *, resolution_km: float, simplify_km: float, min_area_km2: float
) -> list[shapely.Polygon]:
    mask, (lon0, _lat0, _lon1, lat1) = land_mask()
    cell_km = _KM_PER_DEG / MASK_CELLS_PER_DEGREE
    factor = max(1, round(resolution_km / cell_km))
    frac = _downsample(mask, factor)
    polys = _polygonize(frac, lon0=lon0, lat1=lat1, cell_deg=factor / MASK_CELLS_PER_DEGREE)
    geoms = shapely.make_valid(
        shapely.simplify(np.asarray(polys, dtype=object), simplify_km / _KM_PER_DEG)
    )
    out: list[shapely.Polygon] = []
    for g in geoms:  # make_valid may split a pinched ring into a MultiPolygon
        if g.is_empty:
            continue
        parts = getattr(g, "geoms", [g])
        out.extend(p for p in parts if isinstance(p, shapely.Polygon) and not p.is_empty)
    if not out:
        return out
    areas = gpd.GeoSeries(out, crs="EPSG:4326").to_crs(_EQUAL_AREA_CRS).area.to_numpy() / 1e6
    keep = np.flatnonzero(areas >= min_area_km2)
    order = keep[np.argsort(-areas[keep], kind="stable")]
    return [out[i] for i in order]


@functools.lru_cache(maxsize=8)
def _land_polygons_cached(
    resolution_km: float, simplify_km: float, min_area_km2: float
) -> gpd.GeoDataFrame:
    path = _cache_path(resolution_km, simplify_km, min_area_km2)
    polys: list[shapely.Polygon] | None = None
    if path.exists():
        try:
            with np.load(path) as data:
                coords, offsets = data["coords"], (data["ring_off"], data["poly_off"])
            polys = list(shapely.from_ragged_array(shapely.GeometryType.POLYGON, coords, offsets))
        except (OSError, ValueError, KeyError):
            polys = None  # corrupt cache file: rebuild
    if polys is None:
        polys = _build_polygons(
            resolution_km=resolution_km, simplify_km=simplify_km, min_area_km2=min_area_km2
        )
        if polys:
            _, coords, (ring_off, poly_off) = shapely.to_ragged_array(
                np.asarray(polys, dtype=object)
            )
            _atomic_savez(path, coords=coords, ring_off=ring_off, poly_off=poly_off)
    gdf = gpd.GeoDataFrame({"geometry": polys}, geometry="geometry", crs="EPSG:4326")
    gdf["area_km2"] = gdf.geometry.to_crs(_EQUAL_AREA_CRS).area.to_numpy() / 1e6
    gdf.insert(0, "island_id", np.arange(len(gdf), dtype=np.int64))
    gdf.insert(1, "name", _name_islands(gdf))
    return gdf


def _name_islands(gdf: gpd.GeoDataFrame) -> list[str]:
    names = [""] * len(gdf)
    if len(gdf) == 0:
        return names
    pts = shapely.points(np.array(list(_ISLAND_NAMES.values())))
    pt_idx, poly_idx = gdf.sindex.query(pts, predicate="within")
    for p, g in zip(pt_idx, poly_idx, strict=True):
        if not names[g]:
            names[g] = list(_ISLAND_NAMES)[p]
    return names


def land_polygons(
    *, resolution_km: float = 3.0, simplify_km: float = 1.0, min_area_km2: float = 3.0
) -> gpd.GeoDataFrame:
    """Land polygons of Indonesia's bbox, one row per island, largest first.

    Columns: ``island_id`` (int, row position, 0 = largest), ``name`` (English name of
    the larger islands, "" otherwise), ``geometry`` (Polygon, EPSG:4326), ``area_km2``.

    ``resolution_km`` is the grid the 1-km mask is averaged to before contouring at a
    land fraction of 0.5; ``simplify_km`` the Douglas-Peucker tolerance; polygons
    smaller than ``min_area_km2`` are dropped. The result is cached on disk (see
    :func:`cache_dir`) and in memory; treat it as read-only.
    """
    if resolution_km <= 0 or simplify_km < 0 or min_area_km2 < 0:
        raise ValueError(
            "`resolution_km` must be > 0 and `simplify_km`, `min_area_km2` >= 0, got "
            f"{resolution_km}, {simplify_km}, {min_area_km2}"
        )
    return _land_polygons_cached(float(resolution_km), float(simplify_km), float(min_area_km2))


def _as_lonlat(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    lon_a, lat_a = np.broadcast_arrays(
        np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    )
    if np.any(~np.isfinite(lon_a)) or np.any(~np.isfinite(lat_a)):
        raise ValueError("`lon` and `lat` must be finite numbers")
    if np.any(np.abs(lon_a) > 180) or np.any(np.abs(lat_a) > 90):
        raise ValueError("`lon` must be in [-180, 180] and `lat` in [-90, 90]")
    return lon_a, lat_a


def is_land(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Whether each (lon, lat) is land on the 1-km GLOBE mask (lakes count as land).

    Vectorised; inside :data:`INDONESIA_BBOX` it uses the cached crop, outside it falls
    back to ``global_land_mask.globe`` (which loads the whole planet once, ~1 GB).
    Note the argument order: lon first, like every function in ``geo``.
    """
    lon_a, lat_a = _as_lonlat(lon, lat)
    mask, (b_lon0, b_lat0, b_lon1, b_lat1) = land_mask()
    inside = (lon_a >= b_lon0) & (lon_a < b_lon1) & (lat_a > b_lat0) & (lat_a <= b_lat1)
    out = np.zeros(lon_a.shape, dtype=bool)
    rows = np.floor((b_lat1 - lat_a[inside]) * MASK_CELLS_PER_DEGREE).astype(np.int64)
    cols = np.floor((lon_a[inside] - b_lon0) * MASK_CELLS_PER_DEGREE).astype(np.int64)
    rows = np.clip(rows, 0, mask.shape[0] - 1)
    cols = np.clip(cols, 0, mask.shape[1] - 1)
    out[inside] = mask[rows, cols]
    if not inside.all():
        from global_land_mask import globe

        out[~inside] = globe.is_land(lat_a[~inside], lon_a[~inside])
    return out


def island_id(
    lon: ArrayLike,
    lat: ArrayLike,
    *,
    land: gpd.GeoDataFrame | None = None,
    snap_km: float = 0.0,
) -> NDArray[np.int64]:
    """The ``island_id`` of the land polygon each point falls in, -1 for sea.

    ``land`` defaults to :func:`land_polygons()`. With ``snap_km > 0`` a point outside
    every polygon takes the nearest polygon within that distance (coastal hospitals and
    ports can fall just outside a simplified coastline).
    """
    lon_a, lat_a = _as_lonlat(lon, lat)
    gdf = land_polygons() if land is None else land
    out = np.full(lon_a.shape, -1, dtype=np.int64)
    if len(gdf) == 0 or lon_a.size == 0:
        return out
    ids = gdf["island_id"].to_numpy() if "island_id" in gdf else np.arange(len(gdf))
    flat = out.reshape(-1)
    pts = shapely.points(lon_a.reshape(-1), lat_a.reshape(-1))
    p_idx, g_idx = gdf.sindex.query(pts, predicate="within")
    flat[p_idx] = ids[g_idx]
    if snap_km > 0:
        miss = np.flatnonzero(flat < 0)
        if miss.size:
            p2, g2 = gdf.sindex.nearest(
                pts[miss], max_distance=snap_km / _KM_PER_DEG, return_all=False
            )
            flat[miss[p2]] = ids[g2]
    return out


# --------------------------------------------------------------------------- sea paths

#: cell of the grid sea paths are routed on (~11 km); a cell is sea when less than
#: SEA_PATH_MAX_LAND of it is land (so that straits a ship uses stay open)
SEA_PATH_CELL_DEG = 0.1
SEA_PATH_MAX_LAND = 0.75


@functools.lru_cache(maxsize=1)
def _sea_grid(cell_deg: float, max_land: float):
    """The sea cells of the crop as a graph (8 neighbours, edge = km between centres)."""
    from scipy import sparse
    from scipy.spatial import cKDTree

    mask, (lon0, _lat0, _lon1, lat1) = land_mask()
    factor = max(1, round(cell_deg * MASK_CELLS_PER_DEGREE))
    frac = _downsample(mask, factor)
    cell = factor / MASK_CELLS_PER_DEGREE
    sea = frac < max_land
    nr, nc = sea.shape
    index = np.full(sea.shape, -1, dtype=np.int64)
    index[sea] = np.arange(int(sea.sum()))
    rows, cols = np.nonzero(sea)
    lons = lon0 + (cols + 0.5) * cell
    lats = lat1 - (rows + 0.5) * cell
    src, dst, w = [], [], []
    for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
        r2, c2 = rows + dr, cols + dc
        ok = (r2 >= 0) & (r2 < nr) & (c2 >= 0) & (c2 < nc)
        ok[ok] = sea[r2[ok], c2[ok]]
        a, b = index[rows[ok], cols[ok]], index[r2[ok], c2[ok]]
        dx = dc * cell * np.cos(np.radians(lats[a]))
        dy = dr * cell
        km = np.hypot(dx, dy) * _KM_PER_DEG
        src += [a, b]
        dst += [b, a]
        w += [km, km]
    n = int(sea.sum())
    graph = sparse.csr_matrix(
        (np.concatenate(w), (np.concatenate(src), np.concatenate(dst))), shape=(n, n)
    )
    return graph, lons, lats, cKDTree(np.column_stack([lons, lats]))


def sea_path(
    lon0: float, lat0: float, lon1: float, lat1: float, *, simplify_deg: float = 0.05
) -> NDArray[np.float64]:
    """A ship's path between two coastal points that stays at sea: the shortest path on
    a ~11-km grid of sea cells (GLOBE mask), its ends joined to the points themselves.

    For drawing (sea legs and lanes on the maps), not for travel times: the lanes' hours
    are published or estimated in the pack.

    Parameters
    ----------
    lon0, lat0, lon1, lat1 : float
        The two points (decimal degrees, EPSG:4326).
    simplify_deg : float
        Tolerance of the path's simplification (degrees).

    Returns
    -------
    numpy.ndarray
        ``(n, 2)`` lon/lat vertices; the straight line when either point is outside the
        crop or no sea path joins them.
    """
    return np.array(_sea_path(float(lon0), float(lat0), float(lon1), float(lat1), simplify_deg))


@functools.lru_cache(maxsize=2048)
def _sea_path(
    lon0: float, lat0: float, lon1: float, lat1: float, simplify_deg: float
) -> tuple[tuple[float, float], ...]:
    from scipy.sparse.csgraph import dijkstra

    straight = np.array([[lon0, lat0], [lon1, lat1]], dtype=float)
    b_lon0, b_lat0, b_lon1, b_lat1 = INDONESIA_BBOX
    if not all(b_lon0 <= x <= b_lon1 for x in (lon0, lon1)) or not all(
        b_lat0 <= y <= b_lat1 for y in (lat0, lat1)
    ):
        return tuple(map(tuple, straight.tolist()))
    graph, lons, lats, tree = _sea_grid(SEA_PATH_CELL_DEG, SEA_PATH_MAX_LAND)
    _, (a, b) = tree.query([[lon0, lat0], [lon1, lat1]])
    dist, pred = dijkstra(
        graph, directed=False, indices=int(a), return_predecessors=True, limit=np.inf
    )
    if not np.isfinite(dist[b]):
        return tuple(map(tuple, straight.tolist()))
    path = [int(b)]
    while path[-1] != a:
        path.append(int(pred[path[-1]]))
    path.reverse()
    coords = np.vstack([[lon0, lat0], np.column_stack([lons[path], lats[path]]), [lon1, lat1]])
    line = shapely.simplify(shapely.LineString(coords), simplify_deg, preserve_topology=False)
    return tuple(map(tuple, np.asarray(line.coords, dtype=float).tolist()))
