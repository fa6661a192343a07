"""Benchmark: multi-source nearest travel times, engine vs NetworkX, on a synthetic road graph.

The graph is a perturbed grid (lon/lat around Java) with ~8% of street segments
deleted, three road classes, and a few long fast edges (toll-like links); the
sources are random nodes (plants). The engine's times are checked against NetworkX
``multi_source_dijkstra_path_length`` (|diff| <= 1e-6 s) in the same run.

    python benchmarks/travel.py                      # 1,000,000 nodes, 1,000 sources
    python benchmarks/travel.py --nodes 10000000 --no-networkx

The last line is ``ratio_vs_networkx_multisource=X`` (NetworkX time / engine time).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.travel import (  # noqa: E402
    CompactGraph,
    build_compact,
    haversine_m,
    nearest_source_times,
)

SPEEDS_KPH = np.array([20.0, 30.0, 40.0])  # residential, tertiary, primary


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def synthetic_graph(n_nodes: int, *, seed: int = 0) -> CompactGraph:
    """A road-like graph built with numpy arrays only (no Python lists, no NetworkX)."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n_nodes)))
    n = side * side
    step = 0.002  # ~220 m between intersections
    idx = np.arange(n, dtype=np.int64)
    row, col = idx // side, idx % side
    x = 106.0 + col * step + rng.uniform(-0.3, 0.3, n) * step
    y = -7.5 + row * step + rng.uniform(-0.3, 0.3, n) * step
    del row, col
    right = idx[(idx % side) < side - 1]
    down = idx[idx < n - side]
    a = np.concatenate([right, down])
    b = np.concatenate([right + 1, down + side])
    del right, down, idx
    keep = rng.random(len(a)) > 0.08
    a, b = a[keep], b[keep]
    # every 10th row/column is a faster class
    cls = np.zeros(len(a), dtype=np.int8)
    cls[(a // side) % 10 == 0] = 1
    cls[(a % side) % 10 == 0] = 1
    cls[((a // side) % 50 == 0) | ((a % side) % 50 == 0)] = 2
    length = haversine_m(x[a], y[a], x[b], y[b])
    t = length / (SPEEDS_KPH[cls] / 3.6)
    del cls
    # a few long fast links (toll-like), 80 km/h on 1.2x the straight distance
    n_fast = max(1, n // 5000)
    fa = rng.integers(0, n, n_fast)
    fb = rng.integers(0, n, n_fast)
    flen = haversine_m(x[fa], y[fa], x[fb], y[fb]) * 1.2
    ft = flen / (80 / 3.6)
    u = np.concatenate([a, b, fa, fb])
    v = np.concatenate([b, a, fb, fa])
    tt = np.concatenate([t, t, ft, ft])
    ll = np.concatenate([length, length, flen, flen])
    del a, b, t, length
    mode = np.zeros(len(u), dtype=np.int8)
    return build_compact(u, v, tt, ll, mode, x, y)


def _to_networkx(cg: CompactGraph):
    import networkx as nx

    G = nx.DiGraph()
    G.add_nodes_from(range(cg.n_nodes))
    rows = cg.edge_rows()
    G.add_weighted_edges_from(
        zip(rows.tolist(), cg.csr.indices.tolist(), cg.csr.data.tolist(), strict=True),
        weight="travel_time_s",
    )
    return G


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--per-source-sample", type=int, default=3)
    parser.add_argument("--no-networkx", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    cg = synthetic_graph(args.nodes, seed=args.seed)
    build_s = time.perf_counter() - t0
    print(f"graph: {cg.n_nodes:,} nodes, {cg.n_edges:,} edges, built in {build_s:.1f} s")
    rng = np.random.default_rng(args.seed + 1)
    sources = rng.choice(cg.n_nodes, size=min(args.sources, cg.n_nodes), replace=False)

    t0 = time.perf_counter()
    res = nearest_source_times(cg, sources)
    engine_s = time.perf_counter() - t0
    reached = int(np.isfinite(res.time_s).sum())
    print(
        f"engine multi-source nearest ({len(sources)} sources): {engine_s:.2f} s "
        f"(incl. winning source and ferry flags); {reached:,} nodes reached"
    )
    print(f"peak memory (maxrss) after engine: {_peak_rss_mb():,.0f} MB")
    if args.no_networkx:
        print("networkx: skipped (--no-networkx)")
        return

    import networkx as nx

    t0 = time.perf_counter()
    G = _to_networkx(cg)
    print(f"networkx graph built in {time.perf_counter() - t0:.1f} s (not timed below)")
    t0 = time.perf_counter()
    ref = nx.multi_source_dijkstra_path_length(G, set(sources.tolist()), weight="travel_time_s")
    nx_multi_s = time.perf_counter() - t0
    ref_arr = np.full(cg.n_nodes, np.inf)
    ref_arr[np.fromiter(ref.keys(), np.int64, len(ref))] = np.fromiter(
        ref.values(), float, len(ref)
    )
    same_reach = bool(np.array_equal(np.isfinite(ref_arr), np.isfinite(res.time_s)))
    fin = np.isfinite(ref_arr)
    max_diff = float(np.max(np.abs(ref_arr[fin] - res.time_s[fin]))) if fin.any() else 0.0
    ok = same_reach and max_diff <= 1e-6
    print(
        f"check vs networkx multi-source: same reachable set={same_reach}, "
        f"max |diff|={max_diff:.2e} s -> {'OK' if ok else 'MISMATCH'}"
    )

    sample = sources[: args.per_source_sample]
    t0 = time.perf_counter()
    for s in sample.tolist():
        nx.single_source_dijkstra_path_length(G, s, weight="travel_time_s")
    per_source_s = (time.perf_counter() - t0) / max(len(sample), 1)
    per_source_total = per_source_s * len(sources)
    print(f"networkx multi-source dijkstra: {nx_multi_s:.2f} s")
    print(
        f"networkx per-source dijkstra: {per_source_s:.2f} s/source measured on "
        f"{len(sample)} sources; EXTRAPOLATED to {len(sources)} sources: {per_source_total:,.0f} s"
    )
    print(f"ratio vs per-source (extrapolated): {per_source_total / engine_s:,.0f}x")
    print(f"peak memory (maxrss, includes the NetworkX graph): {_peak_rss_mb():,.0f} MB")
    if not ok:
        print("ERROR: engine and networkx disagree", file=sys.stderr)
        sys.exit(1)
    print(f"ratio_vs_networkx_multisource={nx_multi_s / engine_s:.2f}")


if __name__ == "__main__":
    main()
