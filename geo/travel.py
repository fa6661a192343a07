"""Travel times: compact CSR export, attaching points, multi-source nearest, matrices, routes.

The engine exports a road graph once to a :class:`CompactGraph` (CSR matrix of the
minimum travel time over parallel edges, with the chosen edge's length and mode
aligned to it) and runs ``scipy.sparse.csgraph.dijkstra`` on it.

Zero travel times are clamped to ``EPS_S`` (1e-9 s): some csgraph code paths treat
explicit zeros as missing edges, and 1e-9 s per edge is far below any reported
precision.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from geo.settings import DETOUR_FACTOR

EARTH_RADIUS_M = 6_371_008.8  # WGS84 mean radius
EPS_S = 1e-9
MODE_CODES = {"road": 0, "ferry": 1, "sea": 2, "link": 3}
# sea: a shipping lane (isotank containers on a ship, no truck); link: a joined network's
# access link between a corridor node and a street node
MODE_NAMES = np.array(["road", "ferry", "sea", "link"])


# Room for this many super-source edges after a graph's own edges (plants, ports and
# other sources of one query; more than this falls back to a copy of the graph).
SUPER_SOURCE_SLOTS = 4096
_SPARE_LOCK = threading.Lock()


@dataclass
class CompactGraph:
    """A road graph as arrays: node ids, lon/lat, CSR of min travel time, aligned edge data.

    ``length_m`` and ``mode`` are aligned with ``csr.data`` (same ``indptr``/``indices``)
    and describe the minimum-time edge between each node pair. ``mode`` codes: 0 road,
    1 ferry, 2 sea (a shipping lane: isotank containers on a ship, no truck), 3 link (a
    joined network's access link between a corridor node and a street node, see
    :func:`join_networks`). Treat as read-only.
    """

    node_ids: np.ndarray
    x: np.ndarray
    y: np.ndarray
    csr: sp.csr_matrix
    length_m: np.ndarray
    mode: np.ndarray
    # how the graph was built (streamed OSM reader: ways kept/skipped, components)
    report: dict = field(default_factory=dict, repr=False, compare=False)
    _tree: Any = field(default=None, repr=False, compare=False)
    # (data, indices) buffers whose first n_edges entries ARE csr.data / csr.indices, with
    # room after them for a query's super-source edges (see _super_source); None: none
    _spare: Any = field(default=None, repr=False, compare=False)

    @property
    def n_nodes(self) -> int:
        return int(self.csr.shape[0])

    @property
    def n_edges(self) -> int:
        return int(self.csr.nnz)

    def edge_rows(self) -> np.ndarray:
        """The tail node index of every stored edge (aligned with ``csr.data``)."""
        return np.repeat(np.arange(self.n_nodes, dtype=np.int64), np.diff(self.csr.indptr))

    def edge_index(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Positions in ``csr.data`` of edges u->v (vectorised); -1 where absent.

        A binary search inside each row's sorted columns, a chunk of queries at a time:
        no table of edge keys is built or kept (8 bytes an edge on a national graph)."""
        u = np.asarray(u, dtype=np.int64).ravel()
        v = np.asarray(v, dtype=np.int64).ravel()
        out = np.full(len(u), -1, dtype=np.int64)
        for start in range(0, len(u), _QUERY_CHUNK):
            stop = start + _QUERY_CHUNK
            out[start:stop] = self._find_edges(u[start:stop], v[start:stop])
        return out

    def _find_edges(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        indptr, indices = self.csr.indptr, self.csr.indices
        lo = indptr[u].astype(np.int64)
        hi = indptr[u + 1].astype(np.int64)
        end = hi.copy()
        top = max(len(indices) - 1, 0)
        while True:  # invariant: the column sits in [lo, hi) if present
            open_ = lo < hi
            if not open_.any():
                break
            mid = (lo + hi) // 2
            go_right = open_ & (indices[np.minimum(mid, top)] < v)
            lo = np.where(go_right, mid + 1, lo)
            hi = np.where(open_ & ~go_right, mid, hi)
        ok = lo < end
        ok[ok] = indices[lo[ok]] == v[ok]
        return np.where(ok, lo, -1)

    def index_of(self, node_ids: Any) -> np.ndarray:
        """Node indices for original node ids (KeyError for unknown ids)."""
        lookup = {k: i for i, k in enumerate(self.node_ids.tolist())}
        try:
            return np.array([lookup[k] for k in np.atleast_1d(node_ids).tolist()], dtype=np.int64)
        except KeyError as err:
            raise KeyError(f"node id {err.args[0]!r} is not in the graph") from None

    def edge_table(self) -> pd.DataFrame:
        """Every stored edge as a tidy table (u, v indices; travel_time_s, length_m, mode)."""
        return pd.DataFrame(
            {
                "u": self.edge_rows(),
                "v": self.csr.indices.astype(np.int64),
                "travel_time_s": self.csr.data,
                "length_m": self.length_m,
                "mode": MODE_NAMES[self.mode],
            }
        )


EdgeSource = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]
# queries answered per vectorised step by CompactGraph.edge_index (bounds temporaries)
_QUERY_CHUNK = 1 << 20
# lengths in metres as float32: 7 significant digits, a millimetre on a 10-km edge
LENGTH_DTYPE = np.float32
# edges a CSR is built from per row chunk: bounds the builder's temporaries (~40 bytes an
# edge of a chunk) whatever the graph's size
CSR_CHUNK_EDGES = 1_000_000


def csr_from_edges(
    n_nodes: int,
    sources: list[EdgeSource],
    *,
    new_index: np.ndarray | None = None,
    chunk_edges: int = CSR_CHUNK_EDGES,
    slots: int = SUPER_SOURCE_SLOTS,
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """The minimum-time CSR of directed edges given as several sources, row chunk by row
    chunk, so no array longer than one chunk is built besides the outputs.

    Each source is ``(tail, head, travel_time_s, length_m, mode, mask)``: aligned arrays,
    ``mask`` (bool or None) selecting the edges to take. Tails and heads index nodes
    ``0..len(new_index)-1``, renumbered through ``new_index`` (monotone, -1 for nodes
    not kept; None: they are already ``0..n_nodes-1``). Between the same two nodes only
    the fastest edge is kept (its length and mode with it); columns are sorted in each
    row. Returns ``(csr, length_m, mode, spare)``: ``spare`` holds the buffers behind
    ``csr.data`` / ``csr.indices`` with ``slots`` free entries after them (see
    :func:`_super_source`)."""
    n_in = n_nodes if new_index is None else len(new_index)
    counts = np.zeros(n_in, dtype=np.int64)
    for tail, _, _, _, _, mask in sources:
        counts += np.bincount(tail if mask is None else tail[mask], minlength=n_in)
    m_raw = int(counts.sum())
    cum = np.cumsum(counts)
    del counts
    cuts = np.searchsorted(cum, np.arange(chunk_edges, m_raw, chunk_edges), side="right")
    del cum
    bounds = np.unique(np.concatenate([[0], cuts, [n_in]]))
    itype = np.int32 if max(n_nodes, m_raw + slots) < 2**31 - 1 else np.int64
    data = np.empty(m_raw + slots, dtype=np.float64)
    indices = np.empty(m_raw + slots, dtype=itype)
    # lengths are reported (km of a route, edge exports), never routed on: 4 bytes do
    length_out = np.empty(m_raw, dtype=LENGTH_DTYPE)
    mode_out = np.empty(m_raw, dtype=np.int8)
    row_count = np.zeros(n_nodes, dtype=itype)
    pos = 0
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        parts = []
        for tail, head, t, length, mode, mask in sources:
            sel = (tail >= a) & (tail < b)
            if mask is not None:
                sel &= mask
            idx = np.flatnonzero(sel)
            del sel
            parts.append((tail[idx], head[idx], t[idx], length[idx], mode[idx]))
        uu, vv, tt, ll, mm = (np.concatenate(col) for col in zip(*parts, strict=True))
        del parts
        if new_index is not None:
            uu, vv = new_index[uu], new_index[vv]
        if len(uu) == 0:
            continue
        order = np.lexsort((tt, vv, uu))  # by row, column, then time: first is fastest
        uu, vv, tt, ll, mm = uu[order], vv[order], tt[order], ll[order], mm[order]
        del order
        first = np.ones(len(uu), dtype=bool)
        first[1:] = (uu[1:] != uu[:-1]) | (vv[1:] != vv[:-1])
        k = int(first.sum())
        data[pos : pos + k] = tt[first]
        indices[pos : pos + k] = vv[first]
        length_out[pos : pos + k] = ll[first]
        mode_out[pos : pos + k] = mm[first]
        rows = uu[first]
        rc = np.bincount(rows - rows[0])
        row_count[rows[0] : rows[0] + len(rc)] += rc.astype(itype)
        pos += k
        del uu, vv, tt, ll, mm, first, rows, rc
    indptr = np.zeros(n_nodes + 1, dtype=itype)
    np.cumsum(row_count, out=indptr[1:])
    del row_count
    csr = sp.csr_matrix((data[:pos], indices[:pos], indptr), shape=(n_nodes, n_nodes), copy=False)
    csr.has_sorted_indices = True
    return csr, length_out[:pos], mode_out[:pos], (data, indices)


def build_compact(
    u: np.ndarray,
    v: np.ndarray,
    travel_time_s: np.ndarray,
    length_m: np.ndarray,
    mode: np.ndarray,
    node_x: np.ndarray,
    node_y: np.ndarray,
    *,
    node_ids: np.ndarray | None = None,
) -> CompactGraph:
    """A CompactGraph from edge arrays (indices into the node arrays)."""
    n = len(node_x)
    u = np.asarray(u)
    v = np.asarray(v)
    if u.dtype.kind not in "iu" or v.dtype.kind not in "iu":
        u, v = u.astype(np.int64), v.astype(np.int64)
    t = np.asarray(travel_time_s, dtype=np.float64)
    length = np.asarray(length_m, dtype=np.float64)
    mode = np.asarray(mode)
    if mode.dtype.kind in "USO":
        mode = np.array([MODE_CODES.get(str(m), 0) for m in mode], dtype=np.int8)
    mode = mode.astype(np.int8, copy=False)
    if not (len(u) == len(v) == len(t) == len(length) == len(mode)):
        raise ValueError("edge arrays must have the same length")
    if len(u) and (u.min() < 0 or v.min() < 0 or u.max() >= n or v.max() >= n):
        raise ValueError("edge endpoints must be node indices 0..n-1")
    if np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError("travel times must be finite and non-negative")
    # self-loops never shorten a path; a zero time is EPS_S (Dijkstra needs > 0)
    csr, length_out, mode_out, spare = csr_from_edges(
        n, [(u, v, np.maximum(t, EPS_S), length, mode, u != v)]
    )
    ids = np.arange(n, dtype=np.int64) if node_ids is None else np.asarray(node_ids)
    return CompactGraph(
        node_ids=ids,
        x=np.asarray(node_x, dtype=np.float64),
        y=np.asarray(node_y, dtype=np.float64),
        csr=csr,
        length_m=length_out,
        mode=mode_out,
        _spare=spare if shares_buffers(csr, spare) else None,
    )


def shares_buffers(csr: sp.csr_matrix, spare: tuple[np.ndarray, np.ndarray]) -> bool:
    """True when ``csr`` kept the spare-room buffers' memory (scipy copies a view that is
    under half its buffer, i.e. on graphs smaller than the spare room: they copy instead)."""
    return np.shares_memory(csr.data, spare[0]) and np.shares_memory(csr.indices, spare[1])


def to_compact(G: nx.MultiDiGraph) -> CompactGraph:
    """Export a road graph (x, y; travel_time_s, length_m, mode) once to compact form."""
    nodes = list(G.nodes)
    index = {k: i for i, k in enumerate(nodes)}
    x = np.fromiter((G.nodes[k]["x"] for k in nodes), dtype=np.float64, count=len(nodes))
    y = np.fromiter((G.nodes[k]["y"] for k in nodes), dtype=np.float64, count=len(nodes))
    m = G.number_of_edges()
    u = np.empty(m, np.int64)
    v = np.empty(m, np.int64)
    t = np.empty(m, np.float64)
    length = np.empty(m, np.float64)
    mode = np.empty(m, np.int8)
    for i, (a, b, d) in enumerate(G.edges(data=True)):
        u[i] = index[a]
        v[i] = index[b]
        t[i] = d["travel_time_s"]
        length[i] = d.get("length_m", 0.0)
        mode[i] = MODE_CODES.get(d.get("mode", "road"), 0)
    ids = np.empty(len(nodes), dtype=object)
    ids[:] = nodes
    if all(isinstance(k, int | np.integer) for k in nodes):
        ids = ids.astype(np.int64)
    return build_compact(u, v, t, length, mode, x, y, node_ids=ids)


def haversine_m(
    lon1: np.ndarray | float,
    lat1: np.ndarray | float,
    lon2: np.ndarray | float,
    lat2: np.ndarray | float,
) -> np.ndarray:
    """Great-circle distance in metres (WGS84 mean radius), vectorised.

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float or numpy.ndarray
        Decimal degrees (EPSG:4326); arrays broadcast.

    Returns
    -------
    numpy.ndarray
        Distances (m), haversine on the radius :data:`EARTH_RADIUS_M` (6,371,008.8 m).
    """
    lon1, lat1, lon2, lat2 = (
        np.radians(np.asarray(a, dtype=np.float64)) for a in (lon1, lat1, lon2, lat2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


# points a KD-tree leaf holds: 64 keeps the tree's nodes (72 bytes each) at ~1 per 32
# graph nodes (16, scipy's default: ~1 per 6); built with sliding-midpoint splits
# (balanced_tree=False: half the build time of medians). A query's exact k nearest
# depend on neither, and attaching a few thousand points stays milliseconds
TREE_LEAFSIZE = 64


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """(n, 3) unit vectors, a chunk of points at a time (no float array of n besides the
    result; the same values as computing them all at once)."""
    lon, lat = np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    out = np.empty((len(lon), 3), dtype=np.float64)
    for start in range(0, len(lon), _QUERY_CHUNK):
        stop = start + _QUERY_CHUNK
        rlon, rlat = np.radians(lon[start:stop]), np.radians(lat[start:stop])
        c = np.cos(rlat)
        out[start:stop, 0] = c * np.cos(rlon)
        out[start:stop, 1] = c * np.sin(rlon)
        out[start:stop, 2] = np.sin(rlat)
    return out


def _crosses_sea(
    lon1: np.ndarray,
    lat1: np.ndarray,
    lon2: np.ndarray,
    lat2: np.ndarray,
    *,
    samples: int,
    min_check_m: float,
    max_sea_share: float,
) -> np.ndarray:
    """True where the straight segment runs mostly over sea (global_land_mask, ~1 km cells).

    Only interior samples are tested and segments shorter than ``min_check_m`` always
    pass, so coastal hospitals and ports next to the water still attach.
    """
    out = np.zeros(lon1.shape, dtype=bool)
    d = haversine_m(lon1, lat1, lon2, lat2)
    check = np.isfinite(d) & (d > min_check_m)
    if not check.any():
        return out
    from geo.basemap import is_land  # cached Indonesia crop; whole globe only outside it

    f = (np.arange(1, samples + 1) / (samples + 1))[None, :]
    a1, b1, a2, b2 = (
        lon1[check][:, None],
        lat1[check][:, None],
        lon2[check][:, None],
        lat2[check][:, None],
    )
    lats = np.clip(b1 + (b2 - b1) * f, -89.999, 89.999)
    lons = ((a1 + (a2 - a1) * f) + 180.0) % 360.0 - 180.0
    land = is_land(lons, lats)
    out[check] = (1.0 - land.mean(axis=1)) > max_sea_share
    return out


def attach_points(
    cg: CompactGraph,
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    max_snap_m: float,
    detour_factor: float = DETOUR_FACTOR,
    access_speed_kph: float = 30.0,
    land_check: bool = True,
    candidates: int = 8,
) -> pd.DataFrame:
    """Attach points to their nearest suitable graph node.

    Returns one row per point: ``node`` (index into ``cg``, -1 if off-network),
    ``node_id``, ``snap_m`` (straight-line metres), ``access_s`` (snap_m x detour_factor
    at access_speed_kph; NaN if off-network) and ``off_network``. A point farther than
    ``max_snap_m`` from every node is off-network, never silently attached. With
    ``land_check``, candidates whose straight segment runs mostly over sea are skipped
    (a hospital on one island never attaches to a node on another).
    """
    lon = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    lat = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    n_pts = len(lon)
    node = np.full(n_pts, -1, dtype=np.int64)
    snap = np.full(n_pts, np.nan)
    valid = np.isfinite(lon) & np.isfinite(lat)
    if cg.n_nodes and valid.any():
        node[valid], snap[valid] = _nearest_nodes(
            cg,
            lon[valid],
            lat[valid],
            max_snap_m=max_snap_m,
            land_check=land_check,
            candidates=candidates,
        )
    off = node < 0
    access_s = snap * detour_factor / (access_speed_kph / 3.6)
    node_id = np.empty(n_pts, dtype=object)
    node_id[:] = None
    if (~off).any():
        node_id[~off] = cg.node_ids[node[~off]].tolist()
    return pd.DataFrame(
        {
            "node": node,
            "node_id": pd.Series(node_id, dtype=object),  # ids as given, None if off-network
            "snap_m": snap,
            "access_s": access_s,
            "off_network": off,
        }
    )


def _node_tree(cg: CompactGraph) -> cKDTree:
    """The KD-tree of ``cg``'s nodes on the unit sphere, built on first use and kept."""
    if cg._tree is None:
        # the tree keeps the unit vectors it is built on (no second copy of them)
        cg._tree = cKDTree(
            _unit_vectors(cg.x, cg.y),
            copy_data=False,
            leafsize=TREE_LEAFSIZE,
            balanced_tree=False,
        )
    return cg._tree


def _nearest_nodes(
    cg: CompactGraph,
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    max_snap_m: float,
    land_check: bool,
    candidates: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Node (-1 for none) and straight-line metres of the nearest of ``candidates``
    nodes within ``max_snap_m`` of each (finite) point, skipping those across the sea
    with ``land_check``."""
    k = int(min(candidates, cg.n_nodes))
    chord = 2 * np.sin(min(max_snap_m / EARTH_RADIUS_M, np.pi) / 2) * (1 + 1e-9)
    _, idx = _node_tree(cg).query(_unit_vectors(lon, lat), k=k, distance_upper_bound=chord)
    idx = idx.reshape(-1, k)
    found = idx < cg.n_nodes
    safe = np.where(found, idx, 0)
    plon = np.repeat(lon[:, None], k, axis=1)
    plat = np.repeat(lat[:, None], k, axis=1)
    dist = np.where(found, haversine_m(plon, plat, cg.x[safe], cg.y[safe]), np.inf)
    ok = found & (dist <= max_snap_m)
    if land_check:
        sea = np.zeros_like(ok)
        sea[ok] = _crosses_sea(
            plon[ok],
            plat[ok],
            cg.x[safe][ok],
            cg.y[safe][ok],
            samples=9,
            min_check_m=500.0,
            max_sea_share=0.5,
        )
        ok &= ~sea
    has = ok.any(axis=1)
    first = np.argmax(ok, axis=1)
    rows = np.arange(len(idx))
    return np.where(has, safe[rows, first], -1), np.where(has, dist[rows, first], np.nan)


def with_spare_room(
    data: np.ndarray, indices: np.ndarray, *, slots: int = SUPER_SOURCE_SLOTS
) -> tuple[np.ndarray, np.ndarray]:
    """Buffers holding ``data``/``indices`` followed by ``slots`` free entries."""
    m = len(data)
    d = np.empty(m + slots, dtype=np.float64)
    i = np.empty(m + slots, dtype=indices.dtype)
    d[:m] = data
    i[:m] = indices
    return d, i


def _best_offsets(source_nodes: np.ndarray, offsets_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct source nodes (sorted) and the smallest offset at each (>= EPS_S)."""
    order = np.lexsort((offsets_s, source_nodes))
    s, o = source_nodes[order], offsets_s[order]
    first = np.ones(len(s), dtype=bool)
    first[1:] = s[1:] != s[:-1]
    return s[first], np.maximum(o[first], EPS_S)


@contextmanager
def _super_source(
    cg: CompactGraph, source_nodes: np.ndarray, offsets_s: np.ndarray
) -> Iterator[sp.csr_matrix]:
    """The graph plus a virtual node n with edges n -> source weighted by the offsets.

    When the graph was built with spare room (``cg._spare``), the virtual node's edges are
    written after the graph's own and the augmented matrix shares every array but its
    ``indptr``: no copy of a national graph per query. The spare slots are one per graph,
    so queries on it take turns (a lock). Otherwise the arrays are copied."""
    csr = cg.csr
    n, m = csr.shape[0], csr.nnz
    cols, data = _best_offsets(source_nodes, offsets_s)
    k = len(cols)
    spare = cg._spare
    if spare is None or len(spare[0]) - m < k:
        indptr = np.concatenate([csr.indptr, [m + k]]).astype(csr.indptr.dtype)
        aug = sp.csr_matrix(
            (
                np.concatenate([csr.data, data]),
                np.concatenate([csr.indices, cols.astype(csr.indices.dtype)]),
                indptr,
            ),
            shape=(n + 1, n + 1),
            copy=False,
        )
        aug.has_sorted_indices = True
        yield aug
        return
    with _SPARE_LOCK:
        d, i = spare
        d[m : m + k] = data
        i[m : m + k] = cols
        indptr = np.empty(n + 2, dtype=csr.indptr.dtype)
        indptr[: n + 1] = csr.indptr
        indptr[n + 1] = m + k
        aug = sp.csr_matrix((d[: m + k], i[: m + k], indptr), shape=(n + 1, n + 1), copy=False)
        aug.has_sorted_indices = True
        yield aug


# nodes per vectorised step of _path_roots_and_modes: its binary-search temporaries are
# ~60 bytes a node of a chunk, so a quarter of _QUERY_CHUNK keeps them near 15 MB
_ROOT_CHUNK = 1 << 18


def _path_roots_and_modes(
    cg: CompactGraph, pred: np.ndarray, reached: np.ndarray, modes: tuple[str, ...]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Root (first node after the source) and, per mode in ``modes``, a flag for every
    node saying whether its path from the root uses an edge of that mode.

    Pointer jumping over the predecessor tree: O(n log depth) vectorised steps, no
    per-node path walks.
    """
    n = cg.n_nodes
    itype = np.int32 if n < 2**31 - 1 else np.int64
    jump = np.arange(n, dtype=itype)
    flags = {m: np.zeros(n, dtype=bool) for m in modes}
    # the edge pred -> v of every node with a parent, a chunk of nodes at a time (no
    # int64 array of n node or edge positions)
    for start in range(0, n, _ROOT_CHUNK):
        stop = min(start + _ROOT_CHUNK, n)
        v = np.flatnonzero(pred[start:stop] >= 0) + start
        if len(v) == 0:
            continue
        parent = pred[v]
        jump[v] = parent
        pos = cg._find_edges(parent.astype(np.int64), v)
        edge_mode = cg.mode[pos]
        for m in modes:
            flags[m][v] = edge_mode == MODE_CODES[m]
        del v, parent, pos, edge_mode
    # in place, a chunk of nodes at a time: flags[v] covers the path from v up to
    # jump[v]; a node's (jump, flags) pair is read before its chunk is written, so the
    # pair stays consistent whichever chunk updated it first
    changed = True
    while changed:
        changed = False
        for start in range(0, n, _ROOT_CHUNK):
            stop = min(start + _ROOT_CHUNK, n)
            j = jump[start:stop]
            jj = jump[j]
            if np.array_equal(jj, j):
                continue
            for m in modes:
                flags[m][start:stop] |= flags[m][j]
            jump[start:stop] = jj
            changed = True
            del jj
    root = jump  # every node's jump is its root now; -1 where unreached
    root[~reached] = -1
    for f in flags.values():
        f &= reached
    return root, flags


@dataclass
class NearestResult:
    """Multi-source nearest result per node (indices into ``cg``)."""

    time_s: np.ndarray  # inf where unreachable
    # index into source_nodes of the winning source, -1 (int32 under 2**31 nodes)
    source_index: np.ndarray
    predecessors: np.ndarray  # predecessor node index on the winning path, -1
    path_uses_ferry: np.ndarray  # bool
    path_uses_sea: np.ndarray | None = None  # bool; None = all False


def nearest_source_times(
    cg: CompactGraph,
    source_nodes: np.ndarray,
    *,
    source_offsets_s: np.ndarray | None = None,
) -> NearestResult:
    """Time from the nearest source to every node, in ONE multi-source Dijkstra.

    ``source_offsets_s`` (e.g. each plant's access leg) are added exactly through a
    virtual super-source with one edge per source weighted by its offset.
    """
    n = cg.n_nodes
    sources = np.asarray(source_nodes, dtype=np.int64).ravel()
    if len(sources) and (sources.min() < 0 or sources.max() >= n):
        raise ValueError("source nodes must be node indices 0..n-1 (drop off-network points)")
    if len(sources) == 0:
        return NearestResult(
            np.full(n, np.inf),
            np.full(n, -1),
            np.full(n, -1),
            np.zeros(n, dtype=bool),
            np.zeros(n, dtype=bool),
        )
    offsets = (
        np.zeros(len(sources))
        if source_offsets_s is None
        else np.asarray(source_offsets_s, dtype=np.float64).ravel()
    )
    if len(offsets) != len(sources) or not np.all(np.isfinite(offsets)) or np.any(offsets < 0):
        raise ValueError("source_offsets_s must be finite, non-negative, one per source")
    if source_offsets_s is None:
        dist, pred, _ = dijkstra(
            cg.csr, directed=True, indices=sources, min_only=True, return_predecessors=True
        )
        pred[pred < 0] = -1
    else:
        with _super_source(cg, sources, offsets) as aug:
            dist, pred = dijkstra(aug, directed=True, indices=n, return_predecessors=True)
        del aug  # its indptr (n + 2 entries)
        dist, pred = dist[:n], pred[:n]
        pred[(pred < 0) | (pred == n)] = -1
    reached = np.isfinite(dist)
    root, flags = _path_roots_and_modes(cg, pred, reached, ("ferry", "sea"))
    # the winning source at a root node: the one with the smallest offset there (a root
    # is a source node; looked up among the distinct sources, a chunk of nodes at a time)
    order = np.lexsort((offsets, sources))
    s_sorted = sources[order]
    first = np.ones(len(s_sorted), dtype=bool)
    first[1:] = s_sorted[1:] != s_sorted[:-1]
    s_first, best = s_sorted[first], order[first]
    source_index = root  # overwritten in place, chunk by chunk (root's int32 on a graph
    del root  # under 2**31 nodes: fewer sources than nodes fit)
    for start in range(0, n, _QUERY_CHUNK):
        r = source_index[start : start + _QUERY_CHUNK]
        at = np.minimum(np.searchsorted(s_first, r), len(s_first) - 1)
        hit = (r >= 0) & (s_first[at] == r)
        r[:] = np.where(hit, best[at], -1)
        del r, at, hit
    return NearestResult(dist, source_index, pred, flags["ferry"], flags["sea"])


def travel_time_matrix(
    cg: CompactGraph,
    source_nodes: np.ndarray,
    target_nodes: np.ndarray,
    *,
    source_offsets_s: np.ndarray | None = None,
    target_offsets_s: np.ndarray | None = None,
    cutoff_s: float | None = None,
    max_chunk_bytes: int = 256 * 2**20,
) -> np.ndarray:
    """Dense (n_sources x n_targets) travel times in seconds; inf if unreachable or > cutoff.

    Offsets (access legs) are added to rows/columns; the cutoff applies to the total.
    Sources are processed in chunks so memory stays under ``max_chunk_bytes``.
    """
    sources = np.asarray(source_nodes, dtype=np.int64).ravel()
    targets = np.asarray(target_nodes, dtype=np.int64).ravel()
    so = np.zeros(len(sources)) if source_offsets_s is None else np.asarray(source_offsets_s, float)
    to = np.zeros(len(targets)) if target_offsets_s is None else np.asarray(target_offsets_s, float)
    out = np.full((len(sources), len(targets)), np.inf)
    if len(sources) == 0 or len(targets) == 0:
        return out
    chunk = max(1, int(max_chunk_bytes // (8 * max(cg.n_nodes, 1))))
    for start in range(0, len(sources), chunk):
        sel = slice(start, start + chunk)
        limit = np.inf
        if cutoff_s is not None:
            limit = max(float(cutoff_s) - float(np.min(so[sel])), 0.0)
        uniq, inv = np.unique(sources[sel], return_inverse=True)
        dist = dijkstra(cg.csr, directed=True, indices=uniq, limit=limit)
        out[sel] = dist[inv][:, targets] + so[sel, None] + to[None, :]
    if cutoff_s is not None:
        out[out > cutoff_s] = np.inf
    return out


def sea_time_matrix(
    cg: CompactGraph, source_nodes: np.ndarray, target_nodes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Network travel time and the part of it spent on sea lanes, sources x targets.

    On each source's fastest-path tree (no access offsets). Sums along the tree by
    pointer jumping, no per-path walks.

    Parameters
    ----------
    cg : CompactGraph
    source_nodes, target_nodes : numpy.ndarray
        Node indices of ``cg``.

    Returns
    -------
    total_s : numpy.ndarray
        Sources x targets travel time (s; inf where unreachable).
    sea_s : numpy.ndarray
        The part of it on sea lanes (s; NaN where unreachable).
    """
    sources = np.asarray(source_nodes, dtype=np.int64).ravel()
    targets = np.asarray(target_nodes, dtype=np.int64).ravel()
    total = np.full((len(sources), len(targets)), np.inf)
    sea = np.full((len(sources), len(targets)), np.nan)
    if len(sources) == 0 or len(targets) == 0:
        return total, sea
    n = cg.n_nodes
    uniq, inv = np.unique(sources, return_inverse=True)
    dist, pred = dijkstra(cg.csr, directed=True, indices=uniq, return_predecessors=True)
    dist = np.atleast_2d(dist)
    pred = np.atleast_2d(pred)
    sea_code = MODE_CODES["sea"]
    for row in range(len(uniq)):
        p = np.where(pred[row] < 0, -1, pred[row]).astype(np.int64)
        has = p >= 0
        val = np.zeros(n)
        if has.any():
            v = np.flatnonzero(has)
            pos = cg.edge_index(p[v], v)
            val[v] = np.where(cg.mode[pos] == sea_code, cg.csr.data[pos], 0.0)
        jump = np.where(has, p, np.arange(n))
        while True:
            val = val + np.where(jump != np.arange(n), val[jump], 0.0)
            nxt = jump[jump]
            if np.array_equal(nxt, jump):
                break
            jump = nxt
        reached = np.isfinite(dist[row])
        sel = inv == row
        total[sel] = dist[row][targets]
        sea[sel] = np.where(reached[targets], val[targets], np.nan)
    return total, sea


# Routes and joined networks live in geo.travel_routes (they use the kernel above);
# importable from here as before.
from geo.travel_routes import (  # noqa: E402
    _path_legs,  # noqa: F401
    attach_two_tier,
    join_networks,
    route,
)

__all__ = [
    "CompactGraph",
    "NearestResult",
    "attach_points",
    "attach_two_tier",
    "build_compact",
    "csr_from_edges",
    "haversine_m",
    "join_networks",
    "nearest_source_times",
    "route",
    "sea_time_matrix",
    "to_compact",
    "travel_time_matrix",
    "with_spare_room",
]
