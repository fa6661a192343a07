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
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from geo import settings
from geo.errors import DataError
from geo.scenario import Scenario

# ------------------------------------------------------------------ distributions

KINDS: tuple[str, ...] = ("fixed", "uniform", "triangular", "normal")


@dataclass(frozen=True)
class Dist:
    """One uncertain quantity, stated as data.

    ``kind``: ``fixed`` (``lo == hi``), ``uniform`` on [lo, hi], ``triangular`` on
    [lo, hi] with its peak at ``mode``, or ``normal`` with mean ``mode`` and standard
    deviation ``sd``, clipped to [lo, hi]. ``integer`` rounds each value to the nearest
    whole number (trucks, days). ``unit`` and ``basis`` (a citation or "assumption: ...")
    travel with the sweep into its JSON and Parquet metadata.
    """

    kind: str
    lo: float
    hi: float
    mode: float | None = None
    sd: float | None = None
    integer: bool = False
    unit: str = ""
    basis: str = ""

    def sample(self, rng: np.random.Generator, size: int | None = None) -> np.ndarray:
        """``size`` values (a 0-d array when None), always the same rng calls per kind."""
        shape = () if size is None else (size,)
        if self.kind == "fixed":
            out = np.full(shape, float(self.lo))
        elif self.kind == "uniform":
            out = (
                rng.uniform(self.lo, self.hi, shape)
                if self.hi > self.lo
                else np.full(shape, self.lo)
            )
        elif self.kind == "triangular":
            out = (
                rng.triangular(self.lo, self.mode, self.hi, shape)
                if self.hi > self.lo
                else np.full(shape, self.lo)
            )
        else:  # normal
            out = np.clip(self.mode + self.sd * rng.standard_normal(shape), self.lo, self.hi)
        return np.rint(out) if self.integer else np.asarray(out, dtype=float)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Domain:
    """Where a parameter's values may lie (validation), and what it is."""

    lo: float
    hi: float
    integer: bool
    what: str
    kinds: tuple[str, ...] = KINDS


# What each parameter is and the values it may take. The demand position ``demand_z``
# is in standard-normal units of the demand stage's stated interval: at an 80% level
# the interval's ends are z = -1.28 and +1.28.
DOMAINS: dict[str, Domain] = {
    "demand_z": Domain(
        -6.0,
        6.0,
        False,
        "each province's demand, in z units of its stated interval",
        ("fixed", "normal"),
    ),
    "demand_common": Domain(
        0.0, 1.0, False, "share of the demand error common to all provinces", ("fixed",)
    ),
    "demand_level": Domain(
        0.5,
        0.99,
        False,
        "level of the demand interval (when the demand stage states none)",
        ("fixed",),
    ),
    "line_factor": Domain(0.0, 3.0, False, "factor on each estimated supply line's output"),
    "line_delay_days": Domain(0.0, 30.0, True, "days each estimated supply line starts late"),
    "shipment_delay_days": Domain(0.0, 30.0, True, "days each shipment arrives late"),
    "shipment_factor": Domain(0.0, 3.0, False, "factor on each shipment's tonnes"),
    "drive_h": Domain(1.0, 24.0, False, "working hours per truck per day"),
    "load_h": Domain(*settings.HANDLING_RANGE_H, False, "hours to fill an isotank per trip"),
    "unload_h": Domain(*settings.HANDLING_RANGE_H, False, "hours to discharge per trip"),
    "trucks": Domain(*settings.TRUCKS_RANGE, True, "isotank trucks available"),
}

_ASSUMED = "assumption"

# The default distributions. Each bound is cited or marked as an assumption; none is
# fitted to the outcome a sweep reports.
DISTRIBUTIONS: dict[str, Dist] = {
    "demand_z": Dist(
        "normal",
        -3.0,
        3.0,
        mode=0.0,
        sd=1.0,
        unit="z",
        basis="the demand stage's interval read as a split normal in log space: "
        "its low and high ends are the (1 - level)/2 and (1 + level)/2 quantiles; "
        "clipped at 3 sd",
    ),
    "demand_common": Dist(
        "fixed",
        0.5,
        0.5,
        unit="share",
        basis=f"{_ASSUMED}: half of a province's demand error is the method's error, "
        "shared by every province; half its own; the same all window long",
    ),
    "demand_level": Dist(
        "fixed",
        0.8,
        0.8,
        unit="share",
        basis="80%: the level the demand issue states for its leave-one-out interval",
    ),
    "line_factor": Dist(
        "uniform",
        0.75,
        1.25,
        unit="x t/day",
        basis=f"{_ASSUMED}: an estimated line (no published t/day of its own) delivers "
        "within 25% of its estimate; published lines are fixed",
    ),
    "line_delay_days": Dist(
        "uniform",
        0.0,
        3.0,
        integer=True,
        unit="days",
        basis=f"{_ASSUMED}: an estimated line's start date is known to within 3 days",
    ),
    "shipment_delay_days": Dist(
        "uniform",
        0.0,
        4.0,
        integer=True,
        unit="days",
        basis=f"{_ASSUMED}: a shipment reaches the chain up to 4 days after its stated "
        "arrival (port clearance, trucking from the quay)",
    ),
    "shipment_factor": Dist(
        "uniform",
        0.8,
        1.0,
        unit="x t",
        basis=f"{_ASSUMED}: up to 20% of a shipment's stated tonnes is lost or kept back "
        "(boil-off, partial discharge)",
    ),
    "drive_h": Dist(
        "triangular",
        8.0,
        16.0,
        mode=settings.DEFAULT_DRIVING_H_PER_DAY,
        unit="h/day",
        basis="UU 22/2009 Art. 90: 8 h a day, extendable to 12 (the default); up to 16 "
        f"with a second driver on some trucks ({_ASSUMED})",
    ),
    "load_h": Dist(
        "triangular",
        1.0,
        4.0,
        mode=settings.DEFAULT_LOAD_H,
        unit="h/trip",
        basis=f"{_ASSUMED}: around the scenario's 2 h, queues at plants up to 4 h",
    ),
    "unload_h": Dist(
        "triangular",
        1.0,
        4.0,
        mode=settings.DEFAULT_UNLOAD_H,
        unit="h/trip",
        basis=f"{_ASSUMED}: around the scenario's 2 h, up to 4 h at a busy hospital",
    ),
    "trucks": Dist(
        "triangular",
        92.0,
        265.0,
        mode=float(settings.DEFAULT_TRUCKS),
        integer=True,
        unit="trucks",
        basis="Kemenperin: 92 isotank trucks with the 1,764 t/day statement, 132 ready on "
        "8 Jul 2021 of 265 inventoried as mobilisable (rm.id, ikft.kemenperin.go.id)",
    ),
}


def validate(dists: Mapping[str, Dist]) -> dict[str, Dist]:
    """Every parameter present once, each distribution inside its parameter's domain.

    Returns the distributions in :data:`DOMAINS` order; raises :class:`DataError`
    naming the parameter (as ``column``) for the first problem found."""
    unknown = sorted(set(dists) - set(DOMAINS))
    if unknown:
        raise DataError(
            f"unknown sweep parameter '{unknown[0]}' (known: {', '.join(DOMAINS)})",
            column=unknown[0],
        )
    out: dict[str, Dist] = {}
    for name, domain in DOMAINS.items():
        if name not in dists:
            raise DataError(f"sweep parameter '{name}' has no distribution", column=name)
        d = dists[name]
        problem = _problem(d, domain)
        if problem:
            raise DataError(f"distribution of '{name}': {problem}", column=name)
        out[name] = d
    return out


def _problem(d: Dist, domain: Domain) -> str | None:
    if d.kind not in KINDS:
        return f"kind '{d.kind}' is not one of {', '.join(KINDS)}"
    if d.kind not in domain.kinds:
        return f"kind '{d.kind}' is not allowed here (use {' or '.join(domain.kinds)})"
    numbers = {"lo": d.lo, "hi": d.hi, "mode": d.mode, "sd": d.sd}
    for key, value in numbers.items():
        if value is not None and not (isinstance(value, int | float) and math.isfinite(value)):
            return f"{key} = {value!r} is not a finite number"
    if d.lo > d.hi:
        return f"lo {d.lo:g} is above hi {d.hi:g}"
    if d.lo < domain.lo or d.hi > domain.hi:
        return f"[{d.lo:g}, {d.hi:g}] is outside the allowed {domain.lo:g}..{domain.hi:g}"
    if d.kind == "fixed" and d.lo != d.hi:
        return "a fixed value needs lo == hi"
    if d.kind in ("triangular", "normal"):
        if d.mode is None:
            return f"a {d.kind} distribution needs a mode"
        if not d.lo <= d.mode <= d.hi:
            return f"mode {d.mode:g} is outside [{d.lo:g}, {d.hi:g}]"
    if d.kind == "normal" and (d.sd is None or d.sd <= 0):
        return "a normal distribution needs sd > 0"
    if domain.integer and not d.integer:
        return "this parameter takes whole numbers (integer = true)"
    if domain.integer and (d.lo != int(d.lo) or d.hi != int(d.hi)):
        return f"bounds {d.lo:g}, {d.hi:g} must be whole numbers"
    return None


def parse_dist(text: str) -> tuple[str, Dist]:
    """``NAME=KIND:LO:HI[:MODE[:SD]]`` (the CLI's ``--dist``), e.g.
    ``trucks=triangular:100:265:132`` or ``drive_h=fixed:12:12``. The unit, basis and
    whole-number rule are the default distribution's; validated by :func:`validate`."""
    name, _, spec = text.partition("=")
    name = name.strip().replace("-", "_")
    parts = spec.split(":")
    if name not in DOMAINS:
        raise DataError(
            f"unknown sweep parameter '{name}' (known: {', '.join(DOMAINS)})", column=name
        )
    if len(parts) < 3 or len(parts) > 5:
        raise DataError(f"'{text}' is not NAME=KIND:LO:HI[:MODE[:SD]]", column=name)
    try:
        numbers = [float(p) for p in parts[1:]]
    except ValueError:
        raise DataError(f"'{text}': bounds must be numbers", column=name) from None
    base = DISTRIBUTIONS[name]
    mode = numbers[2] if len(numbers) > 2 else None
    sd = numbers[3] if len(numbers) > 3 else None
    if parts[0] == "normal" and sd is None:
        sd = 1.0
    return name, dataclasses.replace(
        base, kind=parts[0], lo=numbers[0], hi=numbers[1], mode=mode, sd=sd
    )


def dists_json(dists: Mapping[str, Dist]) -> dict[str, dict[str, Any]]:
    return {name: dists[name].to_dict() for name in DOMAINS if name in dists}


# ------------------------------------------------------------------------ draws


@dataclass(frozen=True)
class Draw:
    """The numbers of one draw. Arrays are per province (``demand_z``), per perturbed
    supply line (``line_*``) and per shipment (``shipment_*``) in the model's order."""

    index: int
    demand_z: np.ndarray
    demand_level: float
    line_factor: np.ndarray
    line_delay_days: np.ndarray
    shipment_delay_days: np.ndarray
    shipment_factor: np.ndarray
    drive_h: float
    load_h: float
    unload_h: float
    trucks: int

    def scalars(self) -> dict[str, float]:
        """One row of the draws table: the scalar values and the arrays' means."""
        return {
            "draw": self.index,
            "demand_z_mean": float(self.demand_z.mean()) if self.demand_z.size else 0.0,
            "line_factor_mean": float(self.line_factor.mean()) if self.line_factor.size else 1.0,
            "shipment_delay_days_mean": (
                float(self.shipment_delay_days.mean()) if self.shipment_delay_days.size else 0.0
            ),
            "drive_h": self.drive_h,
            "load_h": self.load_h,
            "unload_h": self.unload_h,
            "trucks": self.trucks,
        }


def draw_rng(seed: int, index: int) -> np.random.Generator:
    """The generator of draw ``index``: child ``index`` of the seed's SeedSequence."""
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(int(index),)))


def sample_draw(
    dists: Mapping[str, Dist],
    *,
    seed: int,
    index: int,
    n_provinces: int,
    n_lines: int,
    n_shipments: int,
) -> Draw:
    """Draw ``index`` of ``seed``: the same numbers wherever and whenever it is made.

    Province demand positions mix a common and an own standard normal,
    ``z_p = sqrt(c) z_0 + sqrt(1 - c) e_p`` (``c`` = ``demand_common``), scaled and
    clipped by ``demand_z``."""
    rng = draw_rng(seed, index)
    dz = dists["demand_z"]
    common = float(dists["demand_common"].lo)
    z0 = rng.standard_normal()
    own = rng.standard_normal(n_provinces)
    z = math.sqrt(common) * z0 + math.sqrt(1.0 - common) * own
    if dz.kind == "fixed":
        demand_z = np.full(n_provinces, float(dz.lo))
    else:
        demand_z = np.clip(dz.mode + dz.sd * z, dz.lo, dz.hi)
    return Draw(
        index=int(index),
        demand_z=demand_z,
        demand_level=float(dists["demand_level"].lo),
        line_factor=dists["line_factor"].sample(rng, n_lines),
        line_delay_days=dists["line_delay_days"].sample(rng, n_lines).astype(int),
        shipment_delay_days=dists["shipment_delay_days"].sample(rng, n_shipments).astype(int),
        shipment_factor=dists["shipment_factor"].sample(rng, n_shipments),
        drive_h=float(dists["drive_h"].sample(rng)),
        load_h=float(dists["load_h"].sample(rng)),
        unload_h=float(dists["unload_h"].sample(rng)),
        trucks=int(dists["trucks"].sample(rng)),
    )


def demand_at(
    central: np.ndarray, low: np.ndarray, high: np.ndarray, z: np.ndarray, *, level: float
) -> np.ndarray:
    """Demand at position ``z`` (per province, broadcast over days) of its interval.

    A split normal in log space: ``central x (high / central) ** (z / k)`` above the
    centre, ``central x (low / central) ** (-z / k)`` below, with ``k`` the standard
    normal quantile of ``(1 + level) / 2`` (1.28 at 80%), so z = +-k gives the interval's
    ends. Where an end is 0 (or the centre is), linear instead of geometric."""
    from scipy.stats import norm

    k = float(norm.ppf((1.0 + level) / 2.0))
    central = np.asarray(central, dtype=float)
    z = np.asarray(z, dtype=float).reshape((-1,) + (1,) * (central.ndim - 1))
    end = np.where(z >= 0, high, low)
    u = np.abs(z) / k
    with np.errstate(divide="ignore", invalid="ignore"):
        geometric = central * np.power(end / central, u)
    linear = central + (end - central) * u
    positive = (central > 0) & (end > 0)
    return np.maximum(np.where(positive, geometric, linear), 0.0)


def shift_profile(
    output: np.ndarray, delay_days: np.ndarray, *, active_before: np.ndarray
) -> np.ndarray:
    """Each row of a lines x days ``output`` profile started ``delay_days`` later:
    ``out[l, d] = output[l, d - k_l]``; days before the shifted window start keep the
    first day's output for a line already active before the window, else 0."""
    output = np.asarray(output, dtype=float)
    n, days = output.shape
    d = np.arange(days)[None, :] - np.asarray(delay_days, dtype=int)[:, None]
    rows = np.repeat(np.arange(n)[:, None], days, axis=1)
    out = output[rows, np.clip(d, 0, days - 1)]
    before = np.where(np.asarray(active_before, dtype=bool)[:, None], output[:, :1], 0.0)
    return np.where(d >= 0, out, before)


# ------------------------------------------------------------------------ models


class DrawModel(Protocol):
    """What a draw is solved on (the plan of one scenario, built once per worker)."""

    kind: str  # "plan" | ...: enters the fingerprint
    codes: np.ndarray  # (P,) province codes
    dates: tuple[str, ...]  # (D,) ISO dates
    line_ids: tuple[str, ...]  # the supply lines a draw perturbs
    shipment_ids: tuple[str, ...]  # the shipments a draw perturbs

    def solve(self, draw: Draw) -> np.ndarray:
        """(3, P, D): demand, delivered and unmet tonnes per province and day."""
        ...


class ModelSource(Protocol):
    """What a worker needs to build a model: picklable, with a hashable ``key``."""

    def key(self) -> Hashable: ...

    def build(self) -> DrawModel: ...


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
    """Run ``draws`` draws of ``seed`` on ``source``'s model.

    ``client``: a ``distributed.Client`` (tasks of ``batch_draws`` draws each, mapped over
    its workers), or None to solve in this process, one batch after the other (the
    serial reference). ``progress(done, total)`` is called as batches finish. The result
    is the same either way."""
    dists = validate(DISTRIBUTIONS if dists is None else dists)
    if not (isinstance(draws, int) and 1 <= draws <= MAX_DRAWS):
        raise DataError(f"draws must be a whole number in 1..{MAX_DRAWS}", column="draws")
    if not (isinstance(seed, int) and 0 <= seed < 2**63):
        raise DataError("seed must be a whole number >= 0", column="seed")
    workers = 1 if client is None else max(1, len(client.scheduler_info()["workers"]))
    size = batch_draws or default_batch(draws, workers)
    spans = batches(draws, size)
    parts: dict[int, tuple[np.ndarray, list[dict]]] = {}
    done = 0
    if client is None:
        for a, b in spans:
            parts[a] = solve_batch(source, dists, seed, a, b)
            done += b - a
            if progress:
                progress(done, draws)
    else:
        from distributed import as_completed

        fp = fingerprint(
            content_hash=content_hash,
            scenario=scenario,
            dists=dists,
            draws=draws,
            seed=seed,
            model="?",
        )
        futures = {
            client.submit(
                solve_batch, source, dists, seed, a, b, key=f"sweep-{fp}-{seed}-{a}-{b}", pure=False
            ): (a, b)
            for a, b in spans
        }
        for future in as_completed(list(futures), loop=client.loop):
            a, b = futures[future]
            parts[a] = future.result()
            future.release()
            done += b - a
            if progress:
                progress(done, draws)
    model = model_for(source) if client is None else None
    values = np.concatenate([parts[a][0] for a, _ in spans])
    rows = [r for a, _ in spans for r in parts[a][1]]
    meta_model = _model_meta(source, model, client)
    fp = fingerprint(
        content_hash=content_hash,
        scenario=scenario,
        dists=dists,
        draws=draws,
        seed=seed,
        model=meta_model["kind"],
    )
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


# ------------------------------------------------------------------ pack models


@dataclass(frozen=True)
class PackSource:
    """A pack and a scenario: what a worker loads (once) to build the model. A worker
    whose pack has another content hash than the client's refuses to run."""

    scenario: Scenario
    pack: str = "embedded"
    data_root: str | None = None
    allow_outside_root: bool = False
    max_file_mb: float | None = None
    content_hash: str = ""

    def key(self) -> Hashable:
        return (
            self.pack,
            self.data_root,
            self.allow_outside_root,
            self.scenario.canonical(),
            self.content_hash,
        )

    def build(self) -> DrawModel:
        from geo.packs import load_pack

        pack = load_pack(
            self.pack,
            data_root=self.data_root,
            allow_outside_root=self.allow_outside_root,
            max_file_mb=self.max_file_mb,
        )
        if self.content_hash and pack.content_hash != self.content_hash:
            raise DataError(
                f"pack '{self.pack}' on this worker is not the client's (content hash "
                f"{pack.content_hash[:12]} != {self.content_hash[:12]}): give every worker "
                "the same data"
            )
        return pack_model(pack, self.scenario)


def window_dates(scenario: Scenario) -> tuple[str, ...]:
    """The plan's days: ``plan_from`` and ``plan_days`` of the scenario (the plan's
    defaults when the scenario has none)."""
    start = pd.Timestamp(getattr(scenario, "plan_from", "") or settings.DEFAULT_PLAN_FROM)
    days = int(getattr(scenario, "plan_days", 0) or settings.DEFAULT_PLAN_DAYS)
    return tuple(d.strftime("%Y-%m-%d") for d in pd.date_range(start, periods=days, freq="D"))


def pack_model(pack: Any, scenario: Scenario) -> DrawModel:
    """The model a sweep solves on ``pack``: the time-expanded plan (geo.plan) built by
    the runner's plan stage; the day-by-day snapshot allocation while the runner has
    no plan stage."""
    from geo import pipeline

    if hasattr(pipeline.Runner, "plan_inputs"):
        return PlanModel(pack, scenario)
    return SnapshotModel(pack, scenario)


def perturb_plan(
    problem: Any,
    draw: Draw,
    *,
    line_rows: np.ndarray,
    shipment_rows: np.ndarray,
    handling_h: float,
    trucks_for: Callable[[int], np.ndarray] | None,
    containers_per_truck: float = 1.0,
) -> Any:
    """A :class:`geo.plan.PlanProblem` with one draw's numbers (``dataclasses.replace``):

    - demand at the draw's position in each province's interval (:func:`demand_at`;
      unchanged where the problem carries no interval);
    - each perturbed line's daily tonnes (rows ``line_rows`` of ``supply_t``) started
      ``line_delay_days`` late and scaled by ``line_factor`` (its output before the
      window scaled too); each shipment's cargo (rows ``shipment_rows``) landing
      ``shipment_delay_days`` late (after the window: lost to it) and scaled by
      ``shipment_factor``;
    - truck and container cycles with the draw's handling hours instead of
      ``handling_h``; the draw's truck working day;
    - trucks per day ``trucks_for(draw.trucks)`` and containers in proportion (None:
      the fleet is not limited, left as it is).
    Tanks (stock at the start and capacity) are the problem's: they are hardware."""
    demand = problem.demand_t
    if problem.demand_low_t is not None and problem.demand_high_t is not None:
        demand = demand_at(
            problem.demand_t,
            problem.demand_low_t,
            problem.demand_high_t,
            draw.demand_z,
            level=draw.demand_level,
        )
    supply = np.array(problem.supply_t, dtype=float, copy=True)
    before = np.array(problem.supply_before_t, dtype=float, copy=True)
    if len(line_rows):
        rows = supply[line_rows]
        supply[line_rows] = (
            shift_profile(rows, draw.line_delay_days, active_before=rows[:, 0] > 0)
            * draw.line_factor[:, None]
        )
        before[line_rows] = before[line_rows] * draw.line_factor
    if len(shipment_rows):
        rows = supply[shipment_rows]
        supply[shipment_rows] = (
            shift_profile(rows, draw.shipment_delay_days, active_before=np.zeros(len(rows), bool))
            * draw.shipment_factor[:, None]
        )
    extra = draw.load_h + draw.unload_h - handling_h
    changes: dict[str, Any] = {
        "demand_t": demand,
        "supply_t": supply,
        "supply_before_t": before,
        "truck_cycle_h": np.maximum(np.asarray(problem.truck_cycle_h) + extra, 0.0),
        "container_cycle_h": np.maximum(np.asarray(problem.container_cycle_h) + extra, 0.0),
        "driving_h_per_day": float(draw.drive_h),
    }
    if trucks_for is not None:
        trucks = np.asarray(trucks_for(int(draw.trucks)), dtype=float)
        changes["trucks"] = trucks
        changes["containers"] = trucks * containers_per_truck
    return dataclasses.replace(problem, **changes)


def plan_arrays(result: Any, codes: np.ndarray, dates: tuple[str, ...]) -> np.ndarray:
    """(3, P, D) demand, delivered and unmet tonnes from a PlanResult's
    ``province_days`` table (rows put in ``codes`` x ``dates`` order)."""
    table = result.province_days
    index = pd.MultiIndex.from_product([list(codes), list(dates)], names=["code", "date"])
    frame = table.assign(date=table["date"].astype(str).str[:10]).set_index(["code", "date"])
    frame = frame.reindex(index)
    cols = ("demand_t", "delivered_t", "unmet_t")
    return np.stack([frame[c].to_numpy(dtype=float).reshape(len(codes), len(dates)) for c in cols])


class PlanModel:
    """The time-expanded plan of one scenario (geo.plan), perturbed per draw.

    Perturbed: the supply lines the pack marks ``estimated`` and every shipment
    (the plan's sources of kind ``shipment``); published lines are fixed."""

    kind = "plan"

    def __init__(self, pack: Any, scenario: Scenario) -> None:
        from geo import pipeline, plan_inputs

        runner = pipeline.Runner(pack)
        inputs = runner.plan_inputs(scenario)
        self.problem = inputs.problem
        self.policy = scenario.policy
        self.codes = np.asarray(self.problem.province_codes, dtype=int)
        self.dates = tuple(self.problem.dates)
        ids = np.asarray(self.problem.source_ids, dtype=str)
        kinds = (
            inputs.sources.set_index("id")["kind"].reindex(ids).fillna("").astype(str).to_numpy()
        )
        lines = pack.supply_lines
        status = (
            lines.assign(id=lines["id"].astype(str))
            .drop_duplicates("id")
            .set_index("id")["status"]
            .reindex(ids)
            .fillna("")
            .astype(str)
            .to_numpy()
        )
        ship = kinds == "shipment"
        est = ~ship & (status == "estimated")
        self._line_rows = np.flatnonzero(est)
        self._ship_rows = np.flatnonzero(ship)
        self.line_ids = tuple(str(i) for i in ids[est])
        self.shipment_ids = tuple(str(i) for i in ids[ship])
        self._handling_h = float(scenario.load_h) + float(scenario.unload_h)
        dates = list(self.dates)
        self._trucks_for = (
            (lambda n: plan_inputs.fleet_schedule(dates, mobilised=n))
            if scenario.fleet == "on"
            else None
        )
        self._containers_per_truck = float(settings.CONTAINERS_PER_TRUCK)

    def solve(self, draw: Draw) -> np.ndarray:
        from geo import plan

        problem = perturb_plan(
            self.problem,
            draw,
            line_rows=self._line_rows,
            shipment_rows=self._ship_rows,
            handling_h=self._handling_h,
            trucks_for=self._trucks_for,
            containers_per_truck=self._containers_per_truck,
        )
        return plan_arrays(plan.solve(problem, policy=self.policy), self.codes, self.dates)


class SnapshotModel:
    """Each day of the window solved as the day's snapshot allocation (geo.allocation:
    the active lines' t/day to provinces within the truck fleet), no stocks carried:
    today's behaviour, until the time-expanded plan is in."""

    kind = "snapshot"

    def __init__(self, pack: Any, scenario: Scenario) -> None:
        from geo import pipeline
        from geo import supply as supply_model

        runner = pipeline.Runner(pack)
        self.dates = window_dates(scenario)
        self._problems = []
        central, low, high = [], [], []
        for day in self.dates:
            s = dataclasses.replace(scenario, date=day)
            problem = runner.allocation(s).problem
            table = runner.demand(s).set_index("code")
            order = problem.demand["province_code"].to_numpy()
            central.append(table["demand_t_per_day"].reindex(order).fillna(0).to_numpy(float))
            low.append(table["low"].reindex(order).fillna(0).to_numpy(float))
            high.append(table["high"].reindex(order).fillna(0).to_numpy(float))
            self._problems.append(problem)
        self.codes = self._problems[0].demand["province_code"].to_numpy(dtype=int)
        self._central, self._low, self._high = (np.stack(x, axis=1) for x in (central, low, high))
        lines = pack.supply_lines
        estimated = lines.loc[lines["status"].astype(str) == "estimated", "id"].astype(str)
        ids = [i for i in estimated if any(i in set(p.plants["id"]) for p in self._problems)]
        self.line_ids = tuple(ids)
        self.shipment_ids: tuple[str, ...] = ()
        profile = np.zeros((len(ids), len(self.dates)))
        for d, problem in enumerate(self._problems):
            cap = problem.plants.set_index("id")["capacity_t_per_day"]
            profile[:, d] = cap.reindex(ids).fillna(0.0).to_numpy(float)
        before = pd.Timestamp(self.dates[0]) - pd.Timedelta(days=1)
        active = set(supply_model.supply_lines_on(lines, before)["id"].astype(str))
        self._profile = profile
        self._active_before = np.array([i in active for i in ids], dtype=bool)
        self._rows = [
            [
                problem.plants["id"].tolist().index(i) if i in set(problem.plants["id"]) else -1
                for i in ids
            ]
            for problem in self._problems
        ]

    def solve(self, draw: Draw) -> np.ndarray:
        from geo import allocation

        demand = demand_at(
            self._central, self._low, self._high, draw.demand_z, level=draw.demand_level
        )
        lines = (
            shift_profile(self._profile, draw.line_delay_days, active_before=self._active_before)
            * draw.line_factor[:, None]
        )
        out = np.zeros((3, len(self.codes), len(self.dates)))
        for d, problem in enumerate(self._problems):
            cap = problem.plants["capacity_t_per_day"].to_numpy(dtype=float).copy()
            rows = np.asarray(self._rows[d])
            cap[rows[rows >= 0]] = lines[rows >= 0, d]
            day = dataclasses.replace(
                problem,
                plants=problem.plants.assign(capacity_t_per_day=cap),
                demand=problem.demand.assign(demand_t_per_day=demand[:, d]),
                trucks_available=float(draw.trucks),
                handling_h=draw.load_h + draw.unload_h,
                driving_h_per_day=draw.drive_h,
            )
            # the LP alone (no result tables, no second solve): what the sweep needs
            _, unmet, _, _ = allocation._solve_lp(day, fleet=day.fleet_limited)
            unmet = np.minimum(np.maximum(unmet, 0.0), demand[:, d])
            out[0, :, d] = demand[:, d]
            out[1, :, d] = demand[:, d] - unmet
            out[2, :, d] = unmet
        return out


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
