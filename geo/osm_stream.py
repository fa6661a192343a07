"""Streaming OSM reader (PBF or XML, pyosmium) straight to the engine's compact graph,
and the compiled-graph cache.

Two passes over the file, never a whole-file table:

1. ways: pyosmium's C++ ``KeyFilter`` hands only ways tagged ``highway`` or ``route`` to
   Python; :func:`geo.roads.way_rule` keeps drivable roads and ferry routes and gives each
   its mode, speed and direction. Node ids go into a flat ``array('q')`` (8 bytes a
   reference).
2. nodes: a C++ ``NodeLocationsForWays`` handler writes every node location to a
   ``sparse_file_array`` in a temporary folder (no node reaches Python); numpy reads
   that file in chunks and keeps only the nodes the ways use.

The graph is then built with numpy: each way is cut at shared nodes and at its ends
(summing segment length and time, so mixed-speed chains keep exact times), and chains
of degree-2 nodes are contracted with osmnx's endpoint rule (``simplify_graph``), so
the nodes kept are the ones osmnx keeps. Parts not strongly connected with the largest
component are kept and counted in ``cg.report``, never dropped.

The compiled cache (:func:`save_compiled` / :func:`load_compiled`, in
:mod:`geo.osm_compiled`, importable from here) is an uncompressed ``.npz`` of plain
arrays plus a JSON metadata string: no pickled objects.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from geo import roads
from geo.errors import DataError
from geo.osm_compiled import (  # noqa: F401  (the cache's names, importable from here as before)
    COMPILED_SUFFIX,
    FORMAT_VERSION,
    check_speeds,
    file_sha256,
    is_compiled,
    load_compiled,
    read_compiled_meta,
    save_compiled,
)
from geo.travel import (
    EPS_S,
    CompactGraph,
    csr_from_edges,
    haversine_m,
    shares_buffers,
)

_COORD_SCALE = 1e-7  # osmium stores locations as int32 in 1e-7 degrees
_CHUNK = 1_000_000  # references per vectorised step (bounds temporaries to ~100 MB)


# --------------------------------------------------------------------------- reading


def _osmium_error(err: Exception, path: Path, what: str) -> DataError:
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return DataError(f"not a readable OSM {what} file ({first})", file=str(path))


def _file_kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".pbf"):
        return "PBF"
    return "XML"


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (numpy's ``np.unique`` hashes integers first, several times
    slower than a plain sort on tens of millions of ids)."""
    out = np.sort(values)
    if len(out) > 1:
        out = out[np.concatenate([[True], out[1:] != out[:-1]])]
    return out


def _tag_values(way: Any, keys: tuple[str, ...]) -> tuple:
    """The values of ``keys`` (None where absent). Calls pyosmium's C++ accessor directly
    when it is there (one Python layer less per tag, 11 tags x millions of ways)."""
    data = getattr(way, "_pyosmium_data", None)
    get = getattr(data, "tags_get_value_by_key", None)
    if get is None:  # pragma: no cover - another pyosmium layout
        tags = way.tags
        return tuple(tags.get(k) for k in keys)
    return tuple([get(k, None) for k in keys])


def _node_ids(way: Any) -> list[int]:
    """The way's node ids, through pyosmium's C++ list accessor when it is there (the
    public iterator adds two Python layers per node reference)."""
    nodes = way.nodes
    raw = getattr(nodes, "_list", None)
    data = getattr(nodes, "_pyosmium_data", None)
    if raw is None or data is None:  # pragma: no cover - another pyosmium layout
        return [n.ref for n in nodes]
    get = raw.get
    return [get(data, i).ref for i in range(raw.size(data))]


def _read_ways(path: Path, table: Mapping[str, float]) -> dict[str, Any]:
    """Pass 1: drivable ways and ferry routes (node ids, mode, speed, direction)."""
    import osmium

    refs = array("q")
    counts = array("q")
    speed_kph = array("d")
    duration_s = array("d")
    oneway = array("b")
    mode = array("b")
    skipped: dict[str, int] = {}
    rule_cache: dict[tuple, tuple | None] = {}
    keys = roads.WAY_RULE_TAGS
    try:
        processor = osmium.FileProcessor(str(path), osmium.osm.WAY).with_filter(
            osmium.filter.KeyFilter("highway", "route")
        )
        for way in processor:
            key = _tag_values(way, keys)
            rule = rule_cache.get(key, False)
            if rule is False:
                rule = roads.way_rule(dict(zip(keys, key, strict=True)), table)
                rule_cache[key] = rule
            if rule is None:
                skipped["not drivable"] = skipped.get("not drivable", 0) + 1
                continue
            ids = _node_ids(way)
            if len(ids) < 2:
                skipped["fewer than 2 nodes"] = skipped.get("fewer than 2 nodes", 0) + 1
                continue
            refs.extend(ids)
            counts.append(len(ids))
            way_mode, way_oneway, way_speed, way_duration = rule
            mode.append(way_mode)
            oneway.append(way_oneway)
            speed_kph.append(way_speed)
            duration_s.append(way_duration)
    except DataError:
        raise
    except Exception as err:  # osmium's RuntimeError for truncated / foreign files
        raise _osmium_error(err, path, _file_kind(path)) from err
    return {
        "refs": np.frombuffer(refs, dtype=np.int64) if len(refs) else np.zeros(0, np.int64),
        "counts": np.frombuffer(counts, dtype=np.int64) if len(counts) else np.zeros(0, np.int64),
        "speed_kph": np.frombuffer(speed_kph, dtype=np.float64),
        "duration_s": np.frombuffer(duration_s, dtype=np.float64),
        "oneway": np.frombuffer(oneway, dtype=np.int8),
        "mode": np.frombuffer(mode, dtype=np.int8),
        "skipped": skipped,
    }


def _read_locations(path: Path, needed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pass 2: (sorted ids, x, y) of the ``needed`` nodes (sorted unique ids); x/y are
    osmium's int32 coordinates in 1e-7 degrees (half the memory of float64).

    pyosmium's C++ ``NodeLocationsForWays`` writes every node location to a
    ``sparse_file_array`` in a temporary folder (16 bytes a node, on disk), no node
    reaching Python; numpy then reads that file in chunks and keeps the needed ids."""
    import osmium

    record = np.dtype([("id", "<i8"), ("x", "<i4"), ("y", "<i4")])
    keep_ids, keep_x, keep_y = [], [], []
    with tempfile.TemporaryDirectory(prefix="o2-locations-") as tmp:
        store = Path(tmp) / "locations.idx"
        index = osmium.index.create_map(f"sparse_file_array,{store}")
        try:
            processor = (
                osmium.FileProcessor(str(path), osmium.osm.NODE)
                .with_filter(osmium.NodeLocationsForWays(index))
                .with_filter(osmium.filter.EntityFilter(osmium.osm.NOTHING))
            )
            for _ in processor:  # everything happens in the C++ filters
                pass
        except Exception as err:
            raise _osmium_error(err, path, _file_kind(path)) from err
        del index, processor  # flushes and closes the file
        top = max(len(needed) - 1, 0)
        with open(store, "rb") as fh:
            while len(needed):
                chunk = np.fromfile(fh, dtype=record, count=4 * _CHUNK)
                if len(chunk) == 0:
                    break
                ids = chunk["id"]
                hit = needed[np.minimum(np.searchsorted(needed, ids), top)] == ids
                hit &= ids != 0  # the file grows in zero-filled chunks
                keep_ids.append(ids[hit])
                keep_x.append(chunk["x"][hit])
                keep_y.append(chunk["y"][hit])
                del chunk, ids, hit
    if not keep_ids:
        return np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int32)
    ids, x, y = np.concatenate(keep_ids), np.concatenate(keep_x), np.concatenate(keep_y)
    del keep_ids, keep_x, keep_y
    if len(ids) > 1 and not np.all(ids[1:] > ids[:-1]):
        order = np.argsort(ids, kind="stable")
        ids, x, y = ids[order], x[order], y[order]
        first = np.ones(len(ids), dtype=bool)
        first[1:] = ids[1:] != ids[:-1]
        ids, x, y = ids[first], x[first], y[first]
    return ids, x, y


def _segment_lengths(
    node: np.ndarray, x: np.ndarray, y: np.ndarray, start: int, stop: int
) -> np.ndarray:
    """Great-circle length (m) of reference pairs start..stop-1 -> start+1..stop."""
    a = node[start:stop]
    b = node[start + 1 : stop + 1]
    return haversine_m(
        x[a] * _COORD_SCALE, y[a] * _COORD_SCALE, x[b] * _COORD_SCALE, y[b] * _COORD_SCALE
    )


def _way_lengths(
    node: np.ndarray, way_of: np.ndarray, x: np.ndarray, y: np.ndarray, n_ways: int
) -> np.ndarray:
    """Total length (m) of every way, chunked (no array as long as the references)."""
    total = np.zeros(n_ways, dtype=np.float64)
    for start in range(0, max(len(node) - 1, 0), _CHUNK):
        stop = min(start + _CHUNK, len(node) - 1)
        seg = _segment_lengths(node, x, y, start, stop)
        same = way_of[start + 1 : stop + 1] == way_of[start:stop]
        total += np.bincount(way_of[start:stop][same], weights=seg[same], minlength=n_ways)
    return total


def _piece_sums(
    node: np.ndarray,
    way_of: np.ndarray,
    cut: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    mps: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Length (m) and time (s) of every piece between consecutive cut references.

    Piece p runs from the p-th to the (p+1)-th cut reference; a pair across two ways
    contributes nothing. Summed segment by segment (time at each way's own speed),
    chunked so no float array as long as the references is ever built."""
    n_pieces = max(int(np.count_nonzero(cut)) - 1, 0)
    length = np.zeros(n_pieces, dtype=np.float64)
    time_s = np.zeros(n_pieces, dtype=np.float64)
    before = 0  # cut references up to the chunk start
    for start in range(0, max(len(node) - 1, 0), _CHUNK):
        stop = min(start + _CHUNK, len(node) - 1)
        pid = before + np.cumsum(cut[start:stop], dtype=np.int64) - 1
        before = int(pid[-1]) + 1
        seg = _segment_lengths(node, x, y, start, stop)
        seg *= way_of[start + 1 : stop + 1] == way_of[start:stop]
        t = seg / mps[way_of[start:stop]]
        lo, hi = int(pid[0]), int(pid[-1]) + 1
        length[lo:hi] += np.bincount(pid - lo, weights=seg, minlength=hi - lo)
        time_s[lo:hi] += np.bincount(pid - lo, weights=t, minlength=hi - lo)
    return length, time_s


def _pair_keys(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a * n + b`` as int64, built in chunks (no int64 temporaries besides the result)."""
    out = np.empty(len(a), dtype=np.int64)
    for start in range(0, len(a), _CHUNK):
        stop = start + _CHUNK
        np.multiply(a[start:stop], n, out=out[start:stop], dtype=np.int64)
        out[start:stop] += b[start:stop]
    return out


def _endpoints(
    n: int, pu: np.ndarray, pv: np.ndarray, oneway: np.ndarray, mode: np.ndarray
) -> np.ndarray:
    """osmnx's ``_is_endpoint`` (rules 1-3) on the directed multigraph the pieces make
    (a piece ``u - v`` is the edge u->v unless ``oneway < 0``, and v->u unless
    ``oneway > 0``), vectorised on the pieces (half the directed edges), plus nodes where
    road and ferry edges meet (so ferry legs stay separate edges) and the ends of
    parallel edges."""
    fwd, rev = oneway >= 0, oneway <= 0
    out_deg = np.bincount(pu[fwd], minlength=n) + np.bincount(pv[rev], minlength=n)
    in_deg = np.bincount(pv[fwd], minlength=n) + np.bincount(pu[rev], minlength=n)
    degree = out_deg + in_deg
    end = (out_deg == 0) | (in_deg == 0)
    del out_deg, in_deg
    loop = pu == pv
    end[pu[loop]] = True
    del loop
    # distinct neighbours: unordered pairs, sorted in place
    key = _pair_keys(n, np.minimum(pu, pv), np.maximum(pu, pv))
    key.sort()
    new = np.ones(len(key), dtype=bool)
    new[1:] = key[1:] != key[:-1]
    repeated = key[1:][~new[1:]]  # unordered pairs with two pieces or more (rare)
    pairs = key[new]
    del key, new
    neighbours = np.zeros(n, dtype=np.int64)
    for start in range(0, len(pairs), _CHUNK):
        a, b = np.divmod(pairs[start : start + _CHUNK], n)
        distinct = a != b
        neighbours += np.bincount(a[distinct], minlength=n)
        neighbours += np.bincount(b[distinct], minlength=n)
    del pairs
    end |= ~((neighbours == 2) & ((degree == 2) | (degree == 4)))
    del neighbours, degree
    # both ends of parallel edges (two ways between the same nodes in the same direction):
    # a chain through them would keep one of the two times, the minimum is kept only
    # between endpoints (osmnx's simplification has the same gap; roads.load_osm_xml
    # closes it the same way). Only pieces of a repeated unordered pair can be parallel.
    if len(repeated):
        repeated = _sorted_unique(repeated)
        lo, hi = np.minimum(pu, pv), np.maximum(pu, pv)
        key = _pair_keys(n, lo, hi)
        del lo, hi
        at = np.minimum(np.searchsorted(repeated, key), len(repeated) - 1)
        cand = np.flatnonzero(repeated[at] == key)
        del key, at
        cu, cv, cf, cr = pu[cand], pv[cand], fwd[cand], rev[cand]
        directed = np.sort(
            np.concatenate([cu[cf] * np.int64(n) + cv[cf], cv[cr] * np.int64(n) + cu[cr]])
        )
        twin = directed[1:][directed[1:] == directed[:-1]]
        end[twin // n] = True
        end[twin % n] = True
    is_ferry = mode == 1
    ferry_at = np.zeros(n, dtype=bool)
    road_at = np.zeros(n, dtype=bool)
    ferry_at[pu[is_ferry]] = True
    ferry_at[pv[is_ferry]] = True
    road_at[pu[~is_ferry]] = True
    road_at[pv[~is_ferry]] = True
    return end | (ferry_at & road_at)


def _contract(
    n: int,
    u: np.ndarray,
    v: np.ndarray,
    t: np.ndarray,
    length: np.ndarray,
    mode: np.ndarray,
    end: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Merge chains through non-endpoint nodes, summing time and length.

    A non-endpoint node has two neighbours and in/out degree 1/1 or 2/2, so the edge
    leaving it is the out-edge not heading back. Isolated rings (no endpoint on them)
    get endpoints, so they are kept, not dropped; so do the rare nodes where that rule
    is ambiguous (parallel edges), so every chain ends at an endpoint.
    Returns (u, v, travel_time_s, length_m, mode, endpoint mask)."""
    m = len(u)
    order = np.argsort(u, kind="stable")
    out_start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(u, minlength=n), out=out_start[1:])
    while True:
        nxt = np.full(m, -1, dtype=np.int64)
        inner = ~end[v]
        e = np.flatnonzero(inner)
        if len(e):
            head = v[e]
            first = order[out_start[head]]
            count = out_start[head + 1] - out_start[head]
            second = order[np.minimum(out_start[head] + 1, out_start[head + 1] - 1)]
            back = (v[first] == u[e]) & (count > 1)
            nxt[e] = np.where(back, second, first)
        start = np.flatnonzero(end[u])
        visited = np.zeros(m, dtype=bool)
        cur = start.copy()
        acc_t = t[cur].copy()
        acc_len = length[cur].copy()
        visited[cur] = True
        last = cur.copy()
        active = np.flatnonzero(nxt[cur] >= 0)
        while len(active):
            step = nxt[last[active]]
            fresh = ~visited[step]
            active, step = active[fresh], step[fresh]
            visited[step] = True
            acc_t[active] += t[step]
            acc_len[active] += length[step]
            last[active] = step
            active = active[nxt[step] >= 0]
        stuck = ~end[v[last]]  # a chain that ran into edges already walked
        if visited.all() and not stuck.any():
            break
        # rings of non-endpoint nodes, and odd multi-edge nodes (e.g. one in, three out
        # to two neighbours) where a chain stopped: make those nodes endpoints, walk again
        end = end.copy()
        end[u[~visited]] = True
        end[v[last[stuck]]] = True
    return u[start], v[last], acc_t, acc_len, mode[start], end


def _components(csr: sp.csr_matrix) -> dict[str, int]:
    """Counts of nodes and edges outside the largest strong and weak components.

    Weak components come from the strong ones (two strong components are weakly joined
    when an edge runs between them), so no transposed copy of the graph is made."""
    n = csr.shape[0]
    count, strong = connected_components(csr, directed=True, connection="strong")
    # edges between distinct strong components, row chunk by row chunk
    links = []
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        lo, hi = csr.indptr[start], csr.indptr[stop]
        rows = np.repeat(strong[start:stop], np.diff(csr.indptr[start : stop + 1]))
        cols = strong[csr.indices[lo:hi]]
        cross = rows != cols
        links.append(_sorted_unique(_pair_keys(count, rows[cross], cols[cross])))
    joins = _sorted_unique(np.concatenate(links)) if links else np.zeros(0, np.int64)
    a, b = np.divmod(joins, max(count, 1))
    condensed = sp.csr_matrix(
        (np.ones(len(a), dtype=np.float64), (a, b)), shape=(max(count, 1), max(count, 1))
    )
    _, weak_of = connected_components(condensed, directed=False)
    weak = weak_of[strong]
    out: dict[str, int] = {}
    for kind, labels in (("strong", strong), ("weak", weak)):
        k = int(labels.max()) + 1 if n else 0
        sizes = np.bincount(labels, minlength=k)
        main = int(np.argmax(sizes)) if k else -1
        inside = labels == main
        # edges with both ends inside, counted row chunk by row chunk
        edges_in = 0
        for start in range(0, n, _CHUNK):
            stop = min(start + _CHUNK, n)
            lo, hi = csr.indptr[start], csr.indptr[stop]
            tails_in = np.repeat(inside[start:stop], np.diff(csr.indptr[start : stop + 1]))
            edges_in += int(np.count_nonzero(tails_in & inside[csr.indices[lo:hi]]))
        del tails_in
        out[f"{kind}_components"] = int(k)
        out[f"largest_{kind}_nodes"] = int(sizes[main]) if k else 0
        out[f"nodes_outside_largest_{kind}"] = int(n - inside.sum())
        out[f"edges_outside_largest_{kind}"] = int(csr.nnz - edges_in)
    return out


# Peak memory of an import, per node reference of the drivable ways (pass 1 counts them
# before anything large is allocated). Measured by benchmarks/osm_import.py: ~100 bytes
# a reference on the all-junction grid (every node a junction, the worst case), less on
# files with shape nodes; the margin covers the coverage query that usually follows.
IMPORT_BYTES_PER_REF = 120
# Refuse when the estimate exceeds this share of the memory available.
MEMORY_MARGIN = 0.9


def available_memory_bytes() -> int | None:
    """Memory this process can still take: MemAvailable, bounded by a cgroup limit
    (containers, CI runners); None where neither can be read."""
    out: list[int] = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                out.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = Path("/sys/fs/cgroup/memory.current").read_text().strip()
        if limit != "max":
            out.append(int(limit) - int(used))
    except (OSError, ValueError):
        pass
    return min(out) if out else None


def _check_memory(n_refs: int, path: Path) -> None:
    """Refuse, in one line, an import whose estimated peak does not fit in memory
    (before the node pass allocates anything large): a memory error never takes the
    machine down. ``OXYGEN_SKIP_MEMORY_CHECK=1`` is the operator's override."""
    if os.environ.get("OXYGEN_SKIP_MEMORY_CHECK", "") == "1":
        return
    need = n_refs * IMPORT_BYTES_PER_REF
    have = available_memory_bytes()
    if have is not None and need > MEMORY_MARGIN * have:
        raise DataError(
            f"importing this road file needs about {need / 1e9:.1f} GB of memory "
            f"({n_refs:,} node references x {IMPORT_BYTES_PER_REF} bytes) and "
            f"{have / 1e9:.1f} GB is available; run it on a larger machine, import a "
            "smaller extract, or set OXYGEN_SKIP_MEMORY_CHECK=1 to try anyway",
            file=str(path),
        )


def _located_references(
    path: Path, ways: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Read the locations of the nodes the ways reference and give every reference its
    node index (int32), dropping ways with unknown nodes, consecutive duplicate
    references (as osmnx does) and ways left with fewer than two references.

    Pops ``refs`` from ``ways`` (its memory is freed here). Returns ``node_ids, x, y``
    (sorted OSM ids and their int32 locations), ``node, way_of`` (each kept
    reference's node and way) and the ``bad_way``/``short_way`` masks."""
    counts = ways["counts"]
    refs = ways.pop("refs")
    _check_memory(len(refs), path)
    node_ids, x, y = _read_locations(path, _sorted_unique(refs))
    n_ways = len(counts)
    way_of = np.repeat(np.arange(n_ways, dtype=np.int32), counts)
    itype = _index_type(len(node_ids))
    node = np.zeros(len(refs), dtype=itype)
    known = np.zeros(len(refs), dtype=bool)
    top = max(len(node_ids) - 1, 0)
    if len(node_ids):
        for start in range(0, len(refs), _CHUNK):
            chunk = refs[start : start + _CHUNK]
            found = np.minimum(np.searchsorted(node_ids, chunk), top)
            node[start : start + _CHUNK] = found
            known[start : start + _CHUNK] = node_ids[found] == chunk
        del found, chunk
    del refs
    bad_way = np.zeros(n_ways, dtype=bool)
    bad_way[way_of[~known]] = True
    keep = known
    keep &= ~bad_way[way_of]
    keep[1:] &= ~((node[1:] == node[:-1]) & (way_of[1:] == way_of[:-1]))
    node = node[keep]
    way_of = way_of[keep]
    del keep, known
    short_way = np.bincount(way_of, minlength=n_ways) < 2
    short_way &= ~bad_way
    if short_way.any():
        keep = ~short_way[way_of]
        node, way_of = node[keep], way_of[keep]
        del keep
    return node_ids, x, y, node, way_of, bad_way, short_way


def _index_type(n_nodes: int) -> type:
    """The integer type of node indices: int32 unless there are too many nodes."""
    return np.int32 if n_nodes < 2**31 - 1 else np.int64


def _way_speeds(
    ways: dict[str, Any], node: np.ndarray, way_of: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Speed of every way (m/s) and which ways are ferries with a duration tag: such a
    ferry takes exactly that long."""
    mps = ways["speed_kph"] / 3.6
    is_ferry = ways["mode"] == 1
    dur = ways["duration_s"]
    timed = is_ferry & np.isfinite(dur) & (dur > 0)
    if timed.any():
        way_len = _way_lengths(node, way_of, x, y, len(ways["counts"]))
        with np.errstate(divide="ignore", invalid="ignore"):
            ferry_mps = way_len / dur
        mps = np.where(timed & np.isfinite(ferry_mps) & (ferry_mps > 0), ferry_mps, mps)
        del way_len, ferry_mps
    return mps, timed


def _pieces(
    node: np.ndarray,
    way_of: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    mps: np.ndarray,
    n_nodes: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every way cut at shared nodes and at its ends: each piece's way, end nodes,
    summed length (m) and time (s)."""
    cut = np.bincount(node, minlength=n_nodes)[node] >= 2
    new_way = way_of[1:] != way_of[:-1]
    cut[0] = cut[-1] = True
    cut[:-1] |= new_way  # last reference of a way
    cut[1:] |= new_way  # first reference of the next way
    del new_way
    p_len, p_t = _piece_sums(node, way_of, cut, x, y, mps)
    pos = np.flatnonzero(cut)
    del cut
    real = way_of[pos[:-1]] == way_of[pos[1:]]
    p_way = way_of[pos[:-1]][real]
    p_u, p_v = node[pos[:-1]][real], node[pos[1:]][real]
    return p_way, p_u, p_v, p_len[real], p_t[real]


def _renumber(
    n_nodes: int, p_u: np.ndarray, p_v: np.ndarray, itype: type
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The nodes that end pieces (``used``, as indices of the located nodes) and the
    pieces' ends renumbered to them (int32 lookups, no sort)."""
    used_mask = np.zeros(n_nodes, dtype=bool)
    used_mask[p_u] = True
    used_mask[p_v] = True
    used = np.flatnonzero(used_mask).astype(itype)
    lookup = np.cumsum(used_mask, dtype=itype) - 1
    del used_mask
    return used, lookup[p_u], lookup[p_v]


def _chains(
    n_used: int,
    p_u: np.ndarray,
    p_v: np.ndarray,
    p_t: np.ndarray,
    p_len: np.ndarray,
    p_mode: np.ndarray,
    p_oneway: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Contract degree-2 chains: only pieces touching a non-endpoint take part; a piece
    between two endpoints is an edge as it is. Returns the chains' ``c_u, c_v, c_t,
    c_len, c_mode``, the nodes kept (``end``) and the pieces kept as they are."""
    end = _endpoints(n_used, p_u, p_v, p_oneway, p_mode)
    chain = ~end[p_u] | ~end[p_v]
    cf, cr = chain & (p_oneway >= 0), chain & (p_oneway <= 0)
    c_u, c_v, c_t, c_len, c_mode, end = _contract(
        n_used,
        np.concatenate([p_u[cf], p_v[cr]]),
        np.concatenate([p_v[cf], p_u[cr]]),
        np.concatenate([p_t[cf], p_t[cr]]),
        np.concatenate([p_len[cf], p_len[cr]]),
        np.concatenate([p_mode[cf], p_mode[cr]]),
        end,
    )
    del cf, cr
    straight = ~chain & (p_u != p_v)  # self-loops never shorten a path
    return c_u, c_v, c_t, c_len, c_mode, end, straight


def read_osm_graph(
    path: str | Path, *, speeds_kph: Mapping[str, float] | None = None
) -> CompactGraph:
    """Stream an OSM PBF or XML file into a :class:`~geo.travel.CompactGraph`.

    Drivable ways and ferry routes are selected by :func:`geo.roads.way_rule` (the same
    rule the NetworkX path uses). Node ids in the result are OSM ids. ``cg.report``
    holds counts: ways read/skipped, nodes, edges, and the parts outside the largest
    strongly / weakly connected component (kept, not dropped)."""
    path = Path(path)
    if not path.is_file():
        raise DataError("road file not found", file=str(path))
    if _file_kind(path) == "XML":
        roads._refuse_xml_entities(path)  # before libosmium's XML parser sees it
    table = roads._speed_table(speeds_kph)
    ways = _read_ways(path, table)
    n_ways = len(ways["counts"])
    if n_ways == 0:
        raise DataError("no drivable roads or ferry routes in the file", file=str(path))
    node_ids, x, y, node, way_of, bad_way, short_way = _located_references(path, ways)
    itype = _index_type(len(node_ids))
    if len(node) == 0:
        raise DataError(
            "no drivable roads or ferry routes with located nodes in the file", file=str(path)
        )
    mps, timed = _way_speeds(ways, node, way_of, x, y)
    p_way, p_u, p_v, p_len, p_t = _pieces(node, way_of, x, y, mps, len(node_ids))
    del way_of, node
    p_oneway = ways["oneway"][p_way]
    p_mode = ways["mode"][p_way]
    del p_way
    p_len = p_len.astype(np.float32)  # lengths are reported, never routed on
    used, p_u, p_v = _renumber(len(node_ids), p_u, p_v, itype)
    n_used = len(used)
    c_u, c_v, c_t, c_len, c_mode, end, straight = _chains(
        n_used, p_u, p_v, p_t, p_len, p_mode, p_oneway
    )
    keep_nodes = np.flatnonzero(end).astype(itype)
    new_index = np.full(n_used, -1, dtype=itype)
    new_index[keep_nodes] = np.arange(len(keep_nodes), dtype=itype)
    osm_index = used[keep_nodes]
    del used, keep_nodes
    node_ids, x, y = node_ids[osm_index], x[osm_index], y[osm_index]
    del osm_index
    p_t = np.maximum(p_t, EPS_S)
    c_t = np.maximum(c_t, EPS_S)
    csr, length_out, mode_out, spare = csr_from_edges(
        len(node_ids),
        [
            (p_u, p_v, p_t, p_len, p_mode, straight & (p_oneway >= 0)),
            (p_v, p_u, p_t, p_len, p_mode, straight & (p_oneway <= 0)),
            (c_u, c_v, c_t, c_len, c_mode, c_u != c_v),
        ],
        new_index=new_index,
    )
    del p_u, p_v, p_t, p_len, p_mode, p_oneway, straight, c_u, c_v, c_t, c_len, c_mode
    del new_index
    cg = CompactGraph(
        node_ids=node_ids,
        x=x * _COORD_SCALE,
        y=y * _COORD_SCALE,
        csr=csr,
        length_m=length_out,
        mode=mode_out,
        _spare=spare if shares_buffers(csr, spare) else None,
    )
    report: dict[str, Any] = {
        "ways_kept": int(n_ways - int(bad_way.sum()) - int(short_way.sum())),
        "ways_skipped": dict(ways["skipped"]),
        "ways_missing_nodes": int(bad_way.sum()),
        "ferry_ways": int((ways["mode"] == 1).sum()),
        "ferry_ways_with_duration": int(timed.sum()),
        "nodes_used": int(n_used),
        "nodes": cg.n_nodes,
        "edges": cg.n_edges,
    }
    report.update(_components(cg.csr))
    cg.report = report
    return cg


# --------------------------------------------------------------------------- compiling


def compile_road_file(
    src: str | Path, out: str | Path, *, speeds_kph: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """Stream ``src`` (OSM PBF or XML) and write the compiled graph to ``out``.

    Parameters
    ----------
    src : str or pathlib.Path
        The OSM PBF or XML file.
    out : str or pathlib.Path
        The compiled graph to write (must end in ``.o2graph.npz``: plain arrays and
        JSON metadata, no pickle).
    speeds_kph : mapping of str to float, optional
        Overrides of geo.roads.DEFAULT_SPEEDS_KPH by road class (km/h).

    Returns
    -------
    dict
        The metadata written: source name, size (bytes) and sha256, the full speed
        table (km/h), ferry speed, counts and the component report.

    Raises
    ------
    DataError
        ``out`` does not end in ``.o2graph.npz``, or ``src`` cannot be read.
    """
    src = Path(src)
    if not is_compiled(out):
        raise DataError(f"a compiled graph file must end in {COMPILED_SUFFIX}", file=str(out))
    cg = read_osm_graph(src, speeds_kph=speeds_kph)
    meta = {
        "source_file": src.name,
        "source_bytes": src.stat().st_size,
        "source_sha256": file_sha256(src),
        "speeds_kph": roads._speed_table(speeds_kph),
        "ferry_speed_kph": roads.FERRY_SPEED_KPH,
        "report": cg.report,
    }
    save_compiled(cg, out, meta=meta)
    return read_compiled_meta(out)
