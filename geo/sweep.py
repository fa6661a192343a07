"""Scenario sweeps: the chance that each province runs short, from many plans.

A sweep draws scenarios from distributions stated as data (:data:`DISTRIBUTIONS`, each
with its unit and basis), solves the plan for every draw, and keeps a tidy table
draw x province x day of demand, delivered and unmet tonnes. :func:`summarize` turns it
into what a planner acts on: per province and day the probability of a shortage, the
expected unmet tonnes and their quantiles; per province the probability of being short
on at least N days; national unmet by day as quantiles (a fan chart).

Reproducible by construction: draw ``i`` of seed ``s`` takes its numbers from
``numpy.random.default_rng(SeedSequence(s, spawn_key=(i,)))``, so a result does not
depend on how draws are batched nor on which worker solves them, and the sweep's
``fingerprint`` hashes the pack's content, the scenario, the distributions, the number
of draws and the seed.

Draws run on Dask distributed (:func:`connect`): a local cluster of one single-threaded
worker process per core by default, or any cluster by scheduler address. Each worker
builds the model (pack, network, base problem) once (:func:`model_for`, a per-process
cache) and solves a batch of draws per task, one HiGHS thread per solve. A worker that
dies mid-sweep costs nothing: Dask reruns its batches elsewhere and, the batches being
pure functions of their inputs, the result is the same.

The model a draw is solved on is a :class:`DrawModel`: anything with the province codes,
the dates, the perturbed lines and shipments, and ``solve(draw) -> (3, P, D)`` array of
demand, delivered and unmet tonnes per province and day.

The distributions, draws and model protocols live in :mod:`geo.sweep_draws`, the models
on a pack in :mod:`geo.sweep_models`; both are re-exported here.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo import settings
from geo.errors import DataError
from geo.scenario import Scenario

# re-exported: distributions and draws, and the pack models (see their modules)
from geo.sweep_draws import (  # noqa: F401
    DISTRIBUTIONS,
    DOMAINS,
    KINDS,
    Dist,
    Domain,
    Draw,
    DrawModel,
    ModelSource,
    demand_at,
    dists_json,
    draw_rng,
    parse_dist,
    sample_draw,
    shift_profile,
    validate,
)
from geo.sweep_models import (  # noqa: F401
    PackSource,
    PlanModel,
    SnapshotModel,
    pack_model,
    perturb_plan,
    plan_arrays,
    window_dates,
)

# ------------------------------------------------------------------------ models

_MODELS: dict[Hashable, DrawModel] = {}
_MODELS_LOCK = threading.Lock()


def model_for(source: ModelSource) -> DrawModel:
    """The model of ``source``, built once per process (each Dask worker keeps its own;
    a worker runs one thread, so a plain module-level cache suffices)."""
    key = source.key()
    with _MODELS_LOCK:
        model = _MODELS.get(key)
        if model is None:
            quiet_highs()
            model = source.build()
            _MODELS.clear()  # one scenario at a time per worker: bounded memory
            _MODELS[key] = model
    return model


_HIGHS_QUIET = False


def quiet_highs() -> None:
    """HiGHS prints its banner on the C-level stdout at the first ``Highs()`` of a
    process, into a CLI's JSON (workers share the terminal's stdout): make that first
    instance with stdout pointed at /dev/null."""
    global _HIGHS_QUIET
    if _HIGHS_QUIET:
        return
    try:
        import highspy
    except ImportError:  # pragma: no cover - highspy is in requirements.txt
        return
    import sys

    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    _HIGHS_QUIET = True


def solve_batch(
    source: ModelSource, dists: Mapping[str, Dist], seed: int, start: int, stop: int
) -> tuple[np.ndarray, list[dict[str, float]]]:
    """Draws ``start`` .. ``stop - 1``: ``(n, 3, P, D)`` values and their scalar rows.
    A pure function of its arguments: what makes a rerun on another worker harmless."""
    model = model_for(source)
    values, rows = [], []
    for index in range(start, stop):
        draw = sample_draw(
            dists,
            seed=seed,
            index=index,
            n_provinces=len(model.codes),
            n_lines=len(model.line_ids),
            n_shipments=len(model.shipment_ids),
        )
        values.append(model.solve(draw))
        rows.append(draw.scalars())
    return np.stack(values), rows


# ------------------------------------------------------------------------ sweep


@dataclass(frozen=True)
class Sweep:
    """A finished sweep: ``values[draw, (demand, delivered, unmet), province, day]``."""

    fingerprint: str
    meta: dict[str, Any]  # scenario, distributions, draws, seed, model, ...
    codes: np.ndarray
    dates: tuple[str, ...]
    values: np.ndarray
    draws_table: pd.DataFrame = field(repr=False)

    @property
    def n_draws(self) -> int:
        return int(self.values.shape[0])

    @property
    def demand_t(self) -> np.ndarray:
        return self.values[:, 0]

    @property
    def delivered_t(self) -> np.ndarray:
        return self.values[:, 1]

    @property
    def unmet_t(self) -> np.ndarray:
        return self.values[:, 2]


def fingerprint(
    *,
    content_hash: str,
    scenario: Scenario,
    dists: Mapping[str, Dist],
    draws: int,
    seed: int,
    model: str,
) -> str:
    """12 hex characters naming a sweep's numbers."""
    text = json.dumps(
        {
            "content": content_hash,
            "scenario": scenario.canonical(),
            "distributions": dists_json(dists),
            "draws": int(draws),
            "seed": int(seed),
            "model": model,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def batches(draws: int, batch_draws: int) -> list[tuple[int, int]]:
    return [(a, min(a + batch_draws, draws)) for a in range(0, draws, batch_draws)]


def default_batch(draws: int, workers: int) -> int:
    """Draws per task: about 8 tasks per worker (balance, and little lost with a dead
    worker), at least MIN_BATCH_DRAWS so that a task runs well over 100 ms (one plan
    solve takes longer than that on the default pack), at most MAX_BATCH_DRAWS."""
    per = math.ceil(draws / max(1, 8 * workers))
    return max(1, min(MAX_BATCH_DRAWS, max(MIN_BATCH_DRAWS, per), draws))


MIN_BATCH_DRAWS = 2
MAX_BATCH_DRAWS = 50


def run(
    source: ModelSource,
    dists: Mapping[str, Dist] | None = None,
    *,
    draws: int,
    seed: int,
    scenario: Scenario,
    content_hash: str,
    client: Any = None,
    batch_draws: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Sweep:
    """Run ``draws`` draws of ``seed`` on ``source``'s model, the same with or without client.

    Parameters
    ----------
    source : ModelSource
    dists : mapping of str to Dist, optional
    draws, seed, batch_draws : int
    scenario : Scenario
    content_hash : str
    client : distributed.Client, optional
        Tasks of ``batch_draws`` draws mapped over its workers; None: here, serially.
    progress : callable, optional
        ``progress(done, total)``, called as batches finish.

    Returns
    -------
    Sweep
    """
    dists = validate(DISTRIBUTIONS if dists is None else dists)
    if not (isinstance(draws, int) and 1 <= draws <= MAX_DRAWS):
        raise DataError(f"draws must be a whole number in 1..{MAX_DRAWS}", column="draws")
    if not (isinstance(seed, int) and 0 <= seed < 2**63):
        raise DataError("seed must be a whole number >= 0", column="seed")
    workers = 1 if client is None else max(1, len(client.scheduler_info()["workers"]))
    size = batch_draws or default_batch(draws, workers)
    spans = batches(draws, size)

    def fingerprint_of(model: str) -> str:
        return fingerprint(
            content_hash=content_hash,
            scenario=scenario,
            dists=dists,
            draws=draws,
            seed=seed,
            model=model,
        )

    if client is None:
        parts = _solve_here(source, dists, seed, spans, draws=draws, progress=progress)
    else:
        key = f"sweep-{fingerprint_of('?')}-{seed}"
        parts = _solve_on(
            client, source, dists, seed, spans, key=key, draws=draws, progress=progress
        )
    model = model_for(source) if client is None else None
    values = np.concatenate([parts[a][0] for a, _ in spans])
    rows = [r for a, _ in spans for r in parts[a][1]]
    meta_model = _model_meta(source, model, client)
    fp = fingerprint_of(meta_model["kind"])
    meta = {
        "fingerprint": fp,
        "scenario": scenario.canonical(),
        "query": scenario.to_query(),
        "content_hash": content_hash,
        "distributions": dists_json(dists),
        "draws": draws,
        "seed": seed,
        "model": meta_model,
        "shortage_t": settings.SWEEP_SHORTAGE_T,
    }
    return Sweep(
        fingerprint=fp,
        meta=meta,
        codes=np.asarray(meta_model["codes"], dtype=int),
        dates=tuple(meta_model["dates"]),
        values=values,
        draws_table=pd.DataFrame(rows),
    )


def _solve_here(
    source: ModelSource,
    dists: Mapping[str, Dist],
    seed: int,
    spans: list[tuple[int, int]],
    *,
    draws: int,
    progress: Callable[[int, int], None] | None,
) -> dict[int, tuple[np.ndarray, list[dict]]]:
    """Solve the batches in this process, one after the other (the serial reference)."""
    parts: dict[int, tuple[np.ndarray, list[dict]]] = {}
    done = 0
    for a, b in spans:
        parts[a] = solve_batch(source, dists, seed, a, b)
        done += b - a
        if progress:
            progress(done, draws)
    return parts


def _solve_on(
    client: Any,
    source: ModelSource,
    dists: Mapping[str, Dist],
    seed: int,
    spans: list[tuple[int, int]],
    *,
    key: str,
    draws: int,
    progress: Callable[[int, int], None] | None,
) -> dict[int, tuple[np.ndarray, list[dict]]]:
    """Solve the batches as tasks on a ``distributed.Client`` (keyed ``key-a-b``),
    collected as they finish."""
    from distributed import as_completed

    futures = {}
    for a, b in spans:
        task = client.submit(
            solve_batch, source, dists, seed, a, b, key=f"{key}-{a}-{b}", pure=False
        )
        futures[task] = (a, b)
    parts: dict[int, tuple[np.ndarray, list[dict]]] = {}
    done = 0
    for future in as_completed(list(futures), loop=client.loop):
        a, b = futures[future]
        parts[a] = future.result()
        future.release()
        done += b - a
        if progress:
            progress(done, draws)
    return parts


MAX_DRAWS = 1_000_000


def _describe(model: DrawModel) -> dict[str, Any]:
    return {
        "kind": model.kind,
        "codes": [int(c) for c in model.codes],
        "dates": list(model.dates),
        "line_ids": list(model.line_ids),
        "shipment_ids": list(model.shipment_ids),
    }


def describe_model(source: ModelSource) -> dict[str, Any]:
    """The model's shape (kind, codes, dates, perturbed lines and shipments)."""
    return _describe(model_for(source))


def _model_meta(source: ModelSource, model: DrawModel | None, client: Any) -> dict[str, Any]:
    if model is not None:
        return _describe(model)
    return client.submit(describe_model, source, pure=False).result()


# ------------------------------------------------------------------------ summary


def short_days(sweep: Sweep) -> np.ndarray:
    """(N, P, D) booleans: the province is short that day (unmet above the threshold)."""
    return sweep.unmet_t > float(sweep.meta.get("shortage_t", settings.SWEEP_SHORTAGE_T))


QUANTILES: tuple[float, ...] = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)


def summarize(sweep: Sweep, *, min_days: int = 3) -> dict[str, pd.DataFrame]:
    """What a planner reads from a sweep, as tidy tables.

    - ``province_days``: ``code, date, p_short, p_short_se, unmet_mean_t, unmet_p10_t,
      unmet_p50_t, unmet_p90_t, demand_mean_t, delivered_mean_t``;
    - ``provinces``: ``code, p_short_any, p_short_min_days, p_short_min_days_se,
      min_days, days_short_mean, days_short_p10, days_short_p50, days_short_p90,
      unmet_total_mean_t, unmet_total_p10_t, unmet_total_p90_t``;
    - ``days_short``: ``code, days, p_at_least`` for days = 1..D (the whole curve);
    - ``national``: ``date, unmet_mean_t`` and ``unmet_pXX_t`` for each of
      :data:`QUANTILES` (the fan chart), ``p_any_short``.

    ``p_*_se`` is the Monte Carlo standard error sqrt(p (1 - p) / N)."""
    if not 1 <= min_days <= len(sweep.dates):
        raise DataError(
            f"min_days must be in 1..{len(sweep.dates)} (the days of the plan)", column="min_days"
        )
    n = sweep.n_draws
    short = short_days(sweep)
    unmet, demand, delivered = sweep.unmet_t, sweep.demand_t, sweep.delivered_t
    P, D = len(sweep.codes), len(sweep.dates)
    p_short = short.mean(axis=0)
    q10, q50, q90 = np.quantile(unmet, [0.1, 0.5, 0.9], axis=0)
    province_days = pd.DataFrame(
        {
            "code": np.repeat(sweep.codes, D),
            "date": np.tile(np.asarray(sweep.dates), P),
            "p_short": p_short.ravel(),
            "p_short_se": np.sqrt(p_short * (1 - p_short) / n).ravel(),
            "unmet_mean_t": unmet.mean(axis=0).ravel(),
            "unmet_p10_t": q10.ravel(),
            "unmet_p50_t": q50.ravel(),
            "unmet_p90_t": q90.ravel(),
            "demand_mean_t": demand.mean(axis=0).ravel(),
            "delivered_mean_t": delivered.mean(axis=0).ravel(),
        }
    )
    days_short = short.sum(axis=2)  # (N, P)
    total = unmet.sum(axis=2)  # (N, P)
    at_least = np.stack([(days_short >= k).mean(axis=0) for k in range(1, D + 1)], axis=1)
    p_min = at_least[:, min_days - 1]
    dq10, dq50, dq90 = np.quantile(days_short, [0.1, 0.5, 0.9], axis=0)
    tq10, tq90 = np.quantile(total, [0.1, 0.9], axis=0)
    provinces = pd.DataFrame(
        {
            "code": sweep.codes,
            "p_short_any": at_least[:, 0],
            "p_short_min_days": p_min,
            "p_short_min_days_se": np.sqrt(p_min * (1 - p_min) / n),
            "min_days": min_days,
            "days_short_mean": days_short.mean(axis=0),
            "days_short_p10": dq10,
            "days_short_p50": dq50,
            "days_short_p90": dq90,
            "unmet_total_mean_t": total.mean(axis=0),
            "unmet_total_p10_t": tq10,
            "unmet_total_p90_t": tq90,
        }
    )
    curve = pd.DataFrame(
        {
            "code": np.repeat(sweep.codes, D),
            "days": np.tile(np.arange(1, D + 1), P),
            "p_at_least": at_least.ravel(),
        }
    )
    national_unmet = unmet.sum(axis=1)  # (N, D)
    national = pd.DataFrame({"date": list(sweep.dates), "unmet_mean_t": national_unmet.mean(0)})
    for q, row in zip(QUANTILES, np.quantile(national_unmet, QUANTILES, axis=0), strict=True):
        national[f"unmet_p{round(q * 100):02d}_t"] = row
    national["p_any_short"] = short.any(axis=1).mean(axis=0)
    return {
        "province_days": province_days,
        "provinces": provinces,
        "days_short": curve,
        "national": national,
    }


def stability(a: Sweep, b: Sweep, *, min_days: int = 3) -> pd.DataFrame:
    """Per province the two sweeps' probabilities and their difference (two seeds)."""
    pa = summarize(a, min_days=min_days)["provinces"].set_index("code")
    pb = summarize(b, min_days=min_days)["provinces"].set_index("code")
    out = pd.DataFrame(
        {
            "p_short_any_a": pa["p_short_any"],
            "p_short_any_b": pb["p_short_any"],
            "p_short_min_days_a": pa["p_short_min_days"],
            "p_short_min_days_b": pb["p_short_min_days"],
        }
    )
    out["diff_any"] = (out["p_short_any_a"] - out["p_short_any_b"]).abs()
    out["diff_min_days"] = (out["p_short_min_days_a"] - out["p_short_min_days_b"]).abs()
    return out.reset_index()


# ------------------------------------------------------------------------ files

META_KEY = b"oxygen.sweep"
TABLE_COLUMNS: tuple[str, ...] = ("draw", "code", "date", "demand_t", "delivered_t", "unmet_t")


def to_table(sweep: Sweep):
    """The long table draw x province x day (``pyarrow.Table``), the sweep's metadata
    (JSON) in the schema under :data:`META_KEY`, the draws' scalars under
    ``oxygen.draws``."""
    import pyarrow as pa

    n, _, P, D = sweep.values.shape
    dates = np.asarray(sweep.dates, dtype="datetime64[D]")
    table = pa.table(
        {
            "draw": pa.array(np.repeat(np.arange(n, dtype=np.int32), P * D)),
            "code": pa.array(np.tile(np.repeat(sweep.codes.astype(np.int16), D), n)),
            "date": pa.array(np.tile(dates, n * P)),
            "demand_t": pa.array(sweep.demand_t.ravel()),
            "delivered_t": pa.array(sweep.delivered_t.ravel()),
            "unmet_t": pa.array(sweep.unmet_t.ravel()),
        }
    )
    meta = {
        META_KEY: json.dumps(sweep.meta, sort_keys=True).encode(),
        # Python's float repr round-trips exactly (pandas' to_json keeps 15 digits)
        b"oxygen.draws": json.dumps(
            {c: sweep.draws_table[c].tolist() for c in sweep.draws_table.columns}
        ).encode(),
    }
    return table.replace_schema_metadata(meta)


def write(sweep: Sweep, path: str | Path) -> Path:
    """Write the sweep as Parquet (zstd), atomically (a partly written file never
    shows up in a listing)."""
    import pyarrow.parquet as pq

    path = Path(path)
    if path.suffix.lower() != ".parquet":
        raise DataError("the sweep file must end in .parquet", file=str(path))
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        pq.write_table(to_table(sweep), tmp, compression="zstd")
        os.replace(tmp, path)
    except OSError as exc:
        raise DataError(f"cannot write the sweep: {exc.strerror}", file=str(path)) from None
    return path


def read_meta(path: str | Path) -> dict[str, Any]:
    """A sweep file's metadata, reading only its footer."""
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(path).metadata or {}
        return json.loads(meta[META_KEY])
    except (OSError, KeyError, ValueError) as exc:
        raise DataError(f"not a sweep file ({type(exc).__name__})", file=str(path)) from None


def read(path: str | Path) -> Sweep:
    """A sweep written by :func:`write`, with its arrays rebuilt (checked complete)."""
    import pyarrow.parquet as pq

    meta = read_meta(path)
    try:
        table = pq.read_table(path, columns=list(TABLE_COLUMNS))
        draws_json = (table.schema.metadata or {}).get(b"oxygen.draws", b"")
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the sweep ({type(exc).__name__})", file=str(path)) from None
    codes = np.asarray(meta["model"]["codes"], dtype=int)
    dates = tuple(meta["model"]["dates"])
    n, P, D = int(meta["draws"]), len(codes), len(dates)
    if table.num_rows != n * P * D:
        raise DataError(
            f"has {table.num_rows} rows, expected {n} draws x {P} provinces x {D} days",
            file=str(path),
        )
    values = np.stack(
        [table.column(c).to_numpy().reshape(n, P, D) for c in TABLE_COLUMNS[3:]], axis=1
    )
    draws_table = pd.DataFrame(json.loads(draws_json)) if draws_json else pd.DataFrame()
    return Sweep(meta["fingerprint"], meta, codes, dates, values, draws_table)


SWEEPS_DIR = "sweeps"
_FINGERPRINT_CHARS = frozenset("0123456789abcdef")


def is_fingerprint(text: str) -> bool:
    return isinstance(text, str) and len(text) == 12 and set(text) <= _FINGERPRINT_CHARS


def list_sweeps(data_root: str | Path) -> pd.DataFrame:
    """The sweeps the operator wrote into ``<data_root>/sweeps/`` (``*.parquet``, not
    recursive): ``fingerprint, draws, seed, model, dates, query, path``. Files that are
    not sweeps are skipped; when two files carry one fingerprint the first by name wins.
    ``path`` is for the server only: a viewer names a sweep by its fingerprint."""
    folder = Path(data_root) / SWEEPS_DIR
    rows = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.parquet")) if folder.is_dir() else []:
        try:
            meta = read_meta(path)
        except DataError:
            continue
        fp = meta.get("fingerprint", "")
        if not is_fingerprint(fp) or fp in seen:
            continue
        seen.add(fp)
        dates = meta.get("model", {}).get("dates", [])
        rows.append(
            {
                "fingerprint": fp,
                "draws": int(meta.get("draws", 0)),
                "seed": int(meta.get("seed", 0)),
                "model": meta.get("model", {}).get("kind", ""),
                "dates": f"{dates[0]} .. {dates[-1]}" if dates else "",
                "query": meta.get("query", {}),
                "path": path,
            }
        )
    columns = ["fingerprint", "draws", "seed", "model", "dates", "query", "path"]
    return pd.DataFrame(rows, columns=columns)


# ------------------------------------------------------------------------ Dask


SCHEDULER_ENV = "OXYGEN_DASK_SCHEDULER"
CONNECT_TIMEOUT_S = 5.0


@contextmanager
def connect(
    address: str | None = None,
    *,
    workers: int | None = None,
    timeout_s: float = CONNECT_TIMEOUT_S,
    subprocess: bool = False,
) -> Iterator[Any]:
    """A ``distributed.Client``: to the scheduler at ``address`` (or ``$OXYGEN_DASK_SCHEDULER``)
    when given, else to a new local cluster of ``workers`` (default: this machine's
    cores) single-threaded worker processes. A scheduler that cannot be reached within
    ``timeout_s`` is a :class:`DataError` (one line). ``subprocess``: start the local
    workers as ``dask`` subprocesses (``SubprocessCluster``) instead of multiprocessing
    children, for hosts whose ``__main__`` must not be re-imported (a Streamlit server)."""
    import logging

    from distributed import Client, LocalCluster

    address = address or os.environ.get(SCHEDULER_ENV) or None
    if address:
        _probe(address, timeout_s=timeout_s)
        try:
            client = Client(address, timeout=f"{timeout_s}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError, MemoryError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise DataError(
                f"cannot reach the Dask scheduler at '{address}': {reason[:200]}"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    if subprocess:
        from distributed.deploy.subprocess import SubprocessCluster

        cluster = SubprocessCluster(
            n_workers=n, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR
        )
    else:
        cluster = LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    client = Client(cluster, set_as_default=False)
    client.wait_for_workers(n, timeout=120)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _probe(address: str, *, timeout_s: float) -> None:
    """Fail at once (not after Dask's retries) when a tcp:// address refuses or does
    not answer; other schemes are left to Dask."""
    import socket
    from urllib.parse import urlsplit

    if "://" not in address:
        address = f"tcp://{address}"
    parts = urlsplit(address)
    if parts.scheme != "tcp":
        return
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if not host or port is None:
        raise DataError(f"'{address}' is not a scheduler address (tcp://HOST:PORT)")
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DataError(f"cannot reach the Dask scheduler at '{address}': {reason}") from None
    # something listens: is it a Dask scheduler? (a comm handshake, no Client object)
    import asyncio

    async def handshake() -> None:
        from distributed.comm import connect as comm_connect

        comm = await comm_connect(address, timeout=timeout_s)
        await comm.close()

    try:
        asyncio.run(asyncio.wait_for(handshake(), timeout_s))
    except (OSError, TimeoutError, ValueError, MemoryError, EOFError) as exc:
        raise DataError(
            f"'{address}' answers but is not a Dask scheduler ({type(exc).__name__})"
        ) from None


def model_kind() -> str:
    """The kind of model :func:`pack_model` builds ("plan" or "snapshot"): known before
    any model is built, so a fingerprint can name a sweep before it runs."""
    from geo import pipeline

    return "plan" if hasattr(pipeline.Runner, "plan_inputs") else "snapshot"
