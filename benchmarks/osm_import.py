"""Benchmark: stream a synthetic OSM PBF into the engine; peak memory measured from outside.

The PBF is written with pyosmium's writer: intersections on a jittered grid around
Java (~250 m apart), 0-5 jittered shape nodes on every block (as real roads have more
shape nodes than junctions), rows and columns cut into short ways of 1-4 blocks,
three classes plus a motorway every 50th row, some one-way streets, a few maxspeed
tags, 3% of the ways left out (their nodes stay in the file, unused, like POI nodes),
and a few ferry ways between far-apart intersections, half of them with a duration tag.

The import runs in a child process; its peak resident memory is the child's
``ru_maxrss`` from ``os.wait4`` (the parent never holds the graph).

    python benchmarks/osm_import.py --nodes 1000000
    python benchmarks/osm_import.py --nodes 24000000 --coverage --compiled
    python benchmarks/osm_import.py --grid junction --nodes 3000000 --coverage --compiled

``--grid junction`` writes the all-junction grid instead (every node a junction: nothing
contracts, the worst case for memory per node); each run also prints its peak per graph
node and per directed edge against the compact limit (120 bytes a node + 24 an edge).

prints ``nodes=… seconds=… peak_gb=… bytes_per_node=… cpu_seconds=…`` (wall time, and the
child's CPU time, which a shared machine does not inflate) for the import (with
``--coverage``: import + attaching 3,000 hospitals and 60 plants + multi-source nearest
times), and with ``--compiled`` a second run from the compiled cache
(``compiled_seconds=… compiled_peak_gb=…``). ``--phases`` adds each phase's own peak and
seconds (import passes, CSR build, components, compile, KD-tree, Dijkstra, path roots).

Measured on the all-junction grid (2 cores shared with other sessions, load average
2-5, so wall seconds vary; CPU seconds less), ``--coverage --compiled``, import run =
import + compile + coverage in one process:

    junctions  edges   seconds (cpu)      peak_gb    bytes/junction  limit_gb  peak phase
    3.0M       12.0M   16-48 (16-19)      0.67-0.73  223-243         0.648     path roots, CSR
    24.0M      95.9M   173-211 (148-175)  3.84-3.86  160-161         5.181     CSR build
    from the compiled cache (coverage seconds; the child's cpu seconds):
    3.0M       12.0M   2.5-7.9 (3.7-4.5)  0.59-0.64  196-213         0.648     path roots
    24.0M      95.9M   32-62 (32-36)      3.40-3.45  142-144         5.181     path roots

Before this round (the same files): 24M import + coverage 4.76 GB (path roots and the
KD-tree's unit vectors), compiled-cache coverage 4.32 GB; 3M 0.81 GB. The 3M import sits
just above its limit because the interpreter with numpy, scipy, pandas and osmium
loaded is 0.15 GB (50 bytes a junction at 3M, 6 at 24M).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STEP_DEG = 0.00225  # ~250 m between intersections
CLASSES = ("residential", "tertiary", "primary")


def write_synthetic_pbf(path: Path, n_nodes: int, *, seed: int = 0) -> dict:
    """Write the synthetic network to ``path``; returns counts (nodes, ways, ferries)."""
    import osmium
    from osmium.osm.mutable import Node, Way

    rng = np.random.default_rng(seed)
    mean_shape = 2.5
    # intersections I, blocks ~2I, shape nodes ~2I*mean_shape: I*(1+2*mean_shape) = n_nodes
    side = max(3, int(np.sqrt(n_nodes / (1 + 2 * mean_shape))))
    n_int = side * side
    r, c = np.divmod(np.arange(n_int), side)
    ix = 106.0 + c * STEP_DEG + rng.uniform(-0.3, 0.3, n_int) * STEP_DEG
    iy = -7.6 + r * STEP_DEG + rng.uniform(-0.3, 0.3, n_int) * STEP_DEG
    del r, c
    # blocks: horizontal (r, c)->(r, c+1) then vertical (r, c)->(r+1, c)
    h_from = (np.arange(side)[:, None] * side + np.arange(side - 1)[None, :]).ravel()
    v_from = (np.arange(side - 1)[:, None] * side + np.arange(side)[None, :]).ravel()
    b_from = np.concatenate([h_from, v_from])
    b_to = np.concatenate([h_from + 1, v_from + side])
    n_blocks = len(b_from)
    budget = max(n_nodes - n_int, 0)
    k = rng.integers(0, 6, n_blocks)
    k = np.minimum(k, np.maximum(0, budget - np.concatenate([[0], np.cumsum(k)[:-1]])))
    shape_start = n_int + np.concatenate([[0], np.cumsum(k)[:-1]])  # index of first shape
    n_shape = int(k.sum())
    f = np.repeat(np.arange(n_blocks), k)
    pos = (np.arange(n_shape) - np.repeat(shape_start - n_int, k) + 1) / (np.repeat(k, k) + 1)
    sx = (
        ix[b_from[f]]
        + (ix[b_to[f]] - ix[b_from[f]]) * pos
        + rng.normal(0, 0.05, n_shape) * STEP_DEG
    )
    sy = (
        iy[b_from[f]]
        + (iy[b_to[f]] - iy[b_from[f]]) * pos
        + rng.normal(0, 0.05, n_shape) * STEP_DEG
    )
    del f, pos
    x = np.concatenate([ix, sx])
    y = np.concatenate([iy, sy])
    del sx, sy
    with osmium.SimpleWriter(str(path)) as writer:
        for i, (lon, lat) in enumerate(zip(x.tolist(), y.tolist(), strict=True)):
            writer.add_node(Node(id=i + 1, location=(lon, lat)))
        way_id = 0
        n_ways = 0
        ids_all = np.arange(1, len(x) + 1, dtype=np.int64)
        for horizontal in (True, False):
            for line in range(side):
                if horizontal:
                    blocks = line * (side - 1) + np.arange(side - 1)
                else:
                    blocks = len(h_from) + np.arange(side - 1) * side + line
                # the full node sequence of this row/column and its intersection positions
                parts = [np.array([b_from[blocks[0]]])]
                for b in blocks.tolist():
                    parts.append(np.arange(shape_start[b], shape_start[b] + k[b]))
                    parts.append(np.array([b_to[b]]))
                seq = ids_all[np.concatenate(parts)]
                at = np.concatenate([[0], np.cumsum(k[blocks] + 1)])
                cls = "motorway" if line % 50 == 25 else CLASSES[2 if line % 10 == 0 else line % 2]
                j = 0
                while j < len(blocks):
                    run = int(rng.integers(1, 5))
                    end = min(j + run, len(blocks))
                    way_id += 1
                    if rng.random() < 0.03:
                        j = end
                        continue
                    tags = {"highway": cls}
                    roll = rng.random()
                    if cls != "motorway" and roll < 0.08:
                        tags["oneway"] = "yes" if roll < 0.06 else "-1"
                    if cls == "primary" and rng.random() < 0.3:
                        tags["maxspeed"] = "30"
                    nodes = seq[at[j] : at[end] + 1]
                    if cls == "motorway" and line % 100 == 25:
                        nodes = nodes[::-1]  # the other carriageway direction
                    writer.add_way(Way(id=way_id, nodes=nodes.tolist(), tags=tags))
                    n_ways += 1
                    j = end
        n_ferry = max(2, n_int // 200_000)
        a = rng.integers(0, n_int, n_ferry)
        b = rng.integers(0, n_int, n_ferry)
        for i in range(n_ferry):
            way_id += 1
            tags = {"route": "ferry"}
            if i % 2 == 0:
                tags["duration"] = "01:30"
            writer.add_way(Way(id=way_id, nodes=[int(a[i]) + 1, int(b[i]) + 1], tags=tags))
    return {"nodes": int(len(x)), "ways": n_ways, "ferries": n_ferry, "intersections": n_int}


JUNCTION_CLASSES = ("residential", "secondary", "primary")
JUNCTION_WAY_NODES = 20


def write_junction_grid_pbf(path: Path, n_junctions: int, *, seed: int = 0) -> dict:
    """The all-junction grid: a jittered ``side x side`` grid (~250 m apart) where every
    node is a junction (each sits on one row way and one column way), rows and columns
    cut into short ways of 20 nodes that share their end nodes, classes
    residential/secondary/primary. No shape nodes, so chain contraction removes nothing:
    the graph is as large as the file (the worst case for memory per node)."""
    import osmium
    from osmium.osm.mutable import Node, Way

    rng = np.random.default_rng(seed)
    side = max(3, int(np.sqrt(n_junctions)))
    n = side * side
    with osmium.SimpleWriter(str(path)) as writer:
        for r in range(side):  # one row at a time: no array as large as the grid
            x = 106.0 + (np.arange(side) + rng.uniform(-0.3, 0.3, side)) * STEP_DEG
            y = -7.6 + (r + rng.uniform(-0.3, 0.3, side)) * STEP_DEG
            base = r * side + 1
            for c, (lon, lat) in enumerate(zip(x.tolist(), y.tolist(), strict=True)):
                writer.add_node(Node(id=base + c, location=(lon, lat)))
        way_id = 0
        step = JUNCTION_WAY_NODES - 1
        for horizontal in (True, False):
            for line in range(side):
                ids = (
                    line * side + np.arange(side) + 1
                    if horizontal
                    else np.arange(side) * side + line + 1
                )
                cls = JUNCTION_CLASSES[0 if line % 10 else (2 if line % 50 == 0 else 1)]
                for start in range(0, side - 1, step):
                    way_id += 1
                    nodes = ids[start : start + step + 1].tolist()
                    writer.add_way(Way(id=way_id, nodes=nodes, tags={"highway": cls}))
    return {"nodes": n, "ways": way_id, "ferries": 0, "intersections": n}


# Phases whose own peak resident memory --phases reports: (module, function name).
PHASES = {
    "osm_stream": (
        "_read_ways",
        "_read_locations",
        "_piece_sums",
        "_endpoints",
        "_contract",
        "csr_from_edges",
        "_components",
        "connected_components",
        "save_compiled",
        "load_compiled",
        "read_osm_graph",
    ),
    "travel": (
        "cKDTree",
        "attach_points",
        "nearest_source_times",
        "dijkstra",
        "_path_roots_and_modes",
    ),
}


def _vm_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _trace_phases() -> list[tuple[str, int, int, float]]:
    """Wrap the PHASES functions so each reports its own peak resident memory (VmHWM,
    reset through /proc/self/clear_refs on entry; an enclosing phase's peak includes its
    inner ones). Returns the list the wrappers append (name, peak KiB, RSS KiB at entry,
    seconds) to, in the order the phases end."""
    import functools
    import importlib

    seen: list[tuple[str, int, int, float]] = []
    stack: list[int] = []

    def reset() -> None:
        Path("/proc/self/clear_refs").write_text("5")

    def wrap(name: str, fn):
        @functools.wraps(fn)
        def traced(*a, **k):
            if stack:
                stack[-1] = max(stack[-1], _vm_kib("VmHWM"))
            entry = _vm_kib("VmRSS")
            stack.append(entry)
            reset()
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                peak = max(stack.pop(), _vm_kib("VmHWM"))
                seen.append((name, peak, entry, time.perf_counter() - t0))
                if stack:
                    stack[-1] = max(stack[-1], peak)
                reset()

        return traced

    for mod_name, names in PHASES.items():
        mod = importlib.import_module(f"geo.{mod_name}")
        for name in names:
            setattr(mod, name, wrap(f"{mod_name}.{name}", getattr(mod, name)))
    return seen


def _child(args: argparse.Namespace) -> None:
    """Runs in the measured process: import (or load), optional coverage, print JSON."""
    phases = _trace_phases() if args.phases else None
    from geo import osm_stream, travel

    t0 = time.perf_counter()
    if args.child == "import":
        cg = osm_stream.read_osm_graph(args.pbf)
    else:
        cg = osm_stream.load_compiled(args.compiled_path)
    load_s = time.perf_counter() - t0
    out = {"load_s": load_s, "graph_nodes": cg.n_nodes, "graph_edges": cg.n_edges}
    if args.child == "import" and args.compiled_path:  # compiled as it is imported
        t2 = time.perf_counter()
        osm_stream.save_compiled(cg, args.compiled_path, meta={"source_file": str(args.pbf)})
        out["save_s"] = time.perf_counter() - t2
    if args.coverage:
        rng = np.random.default_rng(7)
        x0, x1 = float(cg.x.min()), float(cg.x.max())
        y0, y1 = float(cg.y.min()), float(cg.y.max())
        t1 = time.perf_counter()
        plants = travel.attach_points(
            cg, rng.uniform(x0, x1, 60), rng.uniform(y0, y1, 60), max_snap_m=2000, land_check=False
        )
        hosp = travel.attach_points(
            cg,
            rng.uniform(x0, x1, 3000),
            rng.uniform(y0, y1, 3000),
            max_snap_m=2000,
            land_check=False,
        )
        on = ~plants["off_network"].to_numpy()
        res = travel.nearest_source_times(
            cg,
            plants["node"].to_numpy()[on],
            source_offsets_s=plants["access_s"].to_numpy()[on],
        )
        attach = hosp["node"].to_numpy()
        reached = np.isfinite(res.time_s[attach[attach >= 0]])
        out["coverage_s"] = time.perf_counter() - t1
        out["hospitals_reached"] = int(reached.sum())
    out["report"] = cg.report if args.child == "import" else {}
    out["total_s"] = time.perf_counter() - t0
    if phases is not None:  # clear_refs also resets the ru_maxrss the parent reads
        out["phases"] = phases
        out["peak_kib"] = max([_vm_kib("VmHWM")] + [peak for _, peak, _, _ in phases])
    print("RESULT " + json.dumps(out, default=str))


def _run_child(argv: list[str]) -> tuple[dict, float, float, float]:
    """(child's JSON result, wall seconds, peak RSS bytes, CPU seconds), the last two from
    ``os.wait4`` on the child: measured from outside the importing process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *argv], stdout=subprocess.PIPE, text=True
    )
    output = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child failed with exit code {proc.returncode}:\n{output}")
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    cpu = usage.ru_utime + usage.ru_stime
    result = json.loads(line[len("RESULT ") :])
    peak_kib = max(usage.ru_maxrss, result.get("peak_kib", 0))
    return result, wall, peak_kib * 1024.0, cpu


# The compact limit (issue 25): a CSR graph with 32-bit indices and 32-bit weights is
# about 4 bytes a node plus 8 a directed edge; a peak within 3x of it is at most
# 120 bytes a graph node plus 24 a directed edge.
COMPACT_B_PER_NODE, COMPACT_B_PER_EDGE = 4, 8
LIMIT_B_PER_NODE, LIMIT_B_PER_EDGE = 120, 24


def _against_limit(what: str, peak: float, n: int, m: int) -> str:
    """One line: peak bytes per graph node and per directed edge against the limit."""
    compact = COMPACT_B_PER_NODE * n + COMPACT_B_PER_EDGE * m
    limit = LIMIT_B_PER_NODE * n + LIMIT_B_PER_EDGE * m
    return (
        f"{what}: graph_nodes={n} graph_edges={m} peak_bytes_per_node={peak / max(n, 1):.0f} "
        f"peak_bytes_per_edge={peak / max(m, 1):.0f} compact_gb={compact / 1e9:.3f} "
        f"limit_gb={limit / 1e9:.3f} peak_over_compact={peak / max(compact, 1):.1f}x "
        f"within_limit={'yes' if peak <= limit else 'no'}"
    )


def _print_phases(result: dict) -> None:
    for name, peak, entry, seconds in result.get("phases", []):
        print(
            f"  phase {name}: peak_gb={peak * 1024 / 1e9:.3f} "
            f"at_entry_gb={entry * 1024 / 1e9:.3f} seconds={seconds:.1f}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--grid",
        choices=["shaped", "junction"],
        default="shaped",
        help="shaped: junctions plus 0-5 shape nodes a block (most nodes contract away); "
        "junction: every node a junction (--nodes junctions, nothing contracts)",
    )
    parser.add_argument("--pbf", type=Path, help="reuse (or write) the synthetic PBF here")
    parser.add_argument("--coverage", action="store_true", help="time attach + nearest too")
    parser.add_argument("--compiled", action="store_true", help="second run from the cache")
    parser.add_argument(
        "--phases", action="store_true", help="print each phase's own peak (VmHWM, Linux)"
    )
    parser.add_argument("--child", choices=["import", "compiled"], help=argparse.SUPPRESS)
    parser.add_argument("--compiled-path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args)
        return

    tmp = tempfile.TemporaryDirectory(prefix="o2-bench-")
    pbf = args.pbf or Path(tmp.name) / f"synthetic_{args.grid}_{args.nodes}.osm.pbf"
    if not pbf.exists():
        t0 = time.perf_counter()
        write = write_junction_grid_pbf if args.grid == "junction" else write_synthetic_pbf
        counts = write(pbf, args.nodes, seed=args.seed)
        print(
            f"wrote {pbf.name}: {counts['nodes']:,} nodes, {counts['ways']:,} ways, "
            f"{counts['ferries']} ferries, {pbf.stat().st_size / 1e6:.0f} MB "
            f"in {time.perf_counter() - t0:.0f} s (not timed below)",
            flush=True,
        )
        n_nodes = counts["nodes"]
        pbf.with_name(pbf.name + ".json").write_text(json.dumps(counts))
    else:
        sidecar = pbf.with_name(pbf.name + ".json")
        n_nodes = json.loads(sidecar.read_text())["nodes"] if sidecar.exists() else args.nodes
        print(f"reusing {pbf} ({pbf.stat().st_size / 1e6:.0f} MB)", flush=True)
    compiled = Path(tmp.name) / "synthetic.o2graph.npz"
    child = ["--child", "import", "--pbf", str(pbf)]
    if args.coverage:
        child.append("--coverage")
    if args.phases:
        child.append("--phases")
    if args.compiled:
        child += ["--compiled-path", str(compiled)]
    result, wall, peak, cpu = _run_child(child)
    print(f"report: {json.dumps(result['report'])}")
    print(
        f"graph: {result['graph_nodes']:,} nodes, {result['graph_edges']:,} edges; import "
        f"{result['load_s']:.1f} s"
        + (f", coverage {result['coverage_s']:.1f} s" if args.coverage else "")
        + (f", compiled write {result['save_s']:.1f} s" if args.compiled else "")
    )
    n_graph, m_graph = result["graph_nodes"], result["graph_edges"]
    print(
        f"nodes={n_nodes} seconds={wall:.1f} peak_gb={peak / 1e9:.2f} "
        f"bytes_per_node={peak / n_nodes:.0f} cpu_seconds={cpu:.1f} "
        f"load_average={os.getloadavg()[0]:.1f}",
        flush=True,
    )
    print(_against_limit("import", peak, n_graph, m_graph), flush=True)
    _print_phases(result)
    if args.compiled:
        second = ["--child", "compiled", "--compiled-path", str(compiled)]
        if args.coverage:
            second.append("--coverage")
        if args.phases:
            second.append("--phases")
        result2, wall2, peak2, cpu2 = _run_child(second)
        print(
            f"compiled file {compiled.stat().st_size / 1e6:.0f} MB; load "
            f"{result2['load_s']:.1f} s"
            + (f", coverage {result2['coverage_s']:.1f} s" if args.coverage else "")
        )
        print(
            f"compiled_seconds={wall2:.1f} compiled_peak_gb={peak2 / 1e9:.2f} "
            f"compiled_cpu_seconds={cpu2:.1f}"
        )
        print(_against_limit("compiled", peak2, n_graph, m_graph), flush=True)
        _print_phases(result2)
    tmp.cleanup()


if __name__ == "__main__":
    main()
