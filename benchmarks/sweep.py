"""Benchmark: sweep throughput, serially and on Dask local clusters of 1 and 2 workers.

One run measures, on the default pack and scenario (the model geo.sweep builds: the
time-expanded plan):

- the model build (what each worker pays once: pack, network, base problem);
- draws per second solved in this process, one after the other (the reference);
- draws per second through a local cluster of 1 and of 2 single-threaded worker
  processes (models built beforehand on every worker, so only the draws are timed);
- the per-task overhead of the cluster (no-op tasks through the scheduler, and the
  1-worker cluster's time beyond the serial time per task);
- on paper, what 64 cores would reach: 64 x the serial rate x the 2-worker efficiency,
  and the scheduler's ceiling (draws per task / overhead per task).

The results equal the serial ones (checked). Timings on a shared machine are noisy:
read the ratios.

    python benchmarks/sweep.py --draws 24 --batch 2
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import sweep  # noqa: E402
from geo.packs import load_pack  # noqa: E402
from geo.scenario import Scenario  # noqa: E402


def _noop(i: int) -> int:
    return i


def _warm(source: sweep.PackSource) -> bool:
    sweep.model_for(source)
    return True


def _cluster_rate(source, scen, content, *, workers: int, draws: int, seed: int, batch: int):
    with sweep.connect(None, workers=workers) as client:
        t0 = time.perf_counter()
        client.run(_warm, source)  # every worker builds its model once
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = sweep.run(
            source,
            draws=draws,
            seed=seed,
            scenario=scen,
            content_hash=content,
            client=client,
            batch_draws=batch,
        )
        elapsed = time.perf_counter() - t0
        overhead = None
        if workers == 2:
            n = 400
            t0 = time.perf_counter()
            futures = client.map(_noop, range(n), pure=False)
            client.gather(futures)
            overhead = (time.perf_counter() - t0) / n
    return result, elapsed, build_s, overhead


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=24)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    pack = load_pack("embedded")
    scen = Scenario()
    source = sweep.PackSource(scen, content_hash=pack.content_hash)
    t0 = time.perf_counter()
    model = sweep.model_for(source)
    build_s = time.perf_counter() - t0
    print(
        f"model: {model.kind}, {len(model.codes)} provinces x {len(model.dates)} days, "
        f"{len(model.line_ids)} estimated lines, {len(model.shipment_ids)} shipments; "
        f"build {build_s:.1f} s"
    )

    sweep.run(  # warm-up: first solves import and initialise the solver
        source, draws=2, seed=args.seed, scenario=scen, content_hash=pack.content_hash
    )
    t0 = time.perf_counter()
    serial = sweep.run(
        source,
        draws=args.draws,
        seed=args.seed,
        scenario=scen,
        content_hash=pack.content_hash,
        batch_draws=args.batch,
    )
    serial_s = time.perf_counter() - t0
    rate0 = args.draws / serial_s
    print(f"serial: {args.draws} draws in {serial_s:.1f} s = {rate0:.3f} draws/s")

    rates, overhead = {}, None
    tasks = -(-args.draws // args.batch)
    for workers in (1, 2):
        result, elapsed, wbuild, oh = _cluster_rate(
            source,
            scen,
            pack.content_hash,
            workers=workers,
            draws=args.draws,
            seed=args.seed,
            batch=args.batch,
        )
        assert np.array_equal(result.values, serial.values), "cluster != serial"
        rates[workers] = args.draws / elapsed
        print(
            f"local cluster, {workers} worker(s): {args.draws} draws in {elapsed:.1f} s = "
            f"{rates[workers]:.3f} draws/s (models built in {wbuild:.1f} s); same numbers"
        )
        if workers == 1:
            per_task = max(elapsed - serial_s, 0.0) / tasks
            print(f"  1-worker time beyond serial: {per_task * 1000:.1f} ms per task")
        if oh is not None:
            overhead = oh
            print(f"  no-op task through the scheduler: {oh * 1000:.2f} ms per task")

    eff2 = rates[2] / (2 * rate0)
    print(
        f"ratios: 1 worker / serial = {rates[1] / rate0:.2f}; 2 workers / serial = "
        f"{rates[2] / rate0:.2f}; 2 workers / 1 worker = {rates[2] / rates[1]:.2f} "
        f"(efficiency {eff2:.0%} of 2x)"
    )
    draw_s = 1.0 / rate0
    task_s = args.batch * draw_s
    paper = 64 * rate0 * min(eff2, 1.0)
    ceiling = args.batch / overhead if overhead else float("inf")
    print(
        f"on paper, 64 cores: 64 x {rate0:.3f} x {min(eff2, 1.0):.0%} = {paper:.1f} draws/s "
        f"({3600 * paper:,.0f} per hour); scheduler ceiling at {args.batch} draws per task "
        f"({task_s:.2f} s) and {overhead * 1000:.2f} ms per task: {ceiling:,.0f} draws/s"
    )
    print(f"ratio_2_workers_vs_serial={rates[2] / rate0:.3f}")


if __name__ == "__main__":
    main()
