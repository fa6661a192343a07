"""What a sweep draws and solves on (geo.sweep): distributions stated as data
(:data:`DISTRIBUTIONS`, each with its unit and basis, validated against its domain),
seeded draws (:func:`sample_draw`, one generator per draw index), demand and supply
profiles of a draw, and the protocols of the model a draw is solved on
(:class:`DrawModel`, :class:`ModelSource`). Re-exported by :mod:`geo.sweep`."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from geo import settings
from geo.errors import DataError

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
