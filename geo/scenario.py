"""Scenarios: every parameter that changes a number, parsed and validated in one place.

A scenario travels in the URL (Streamlit query parameters) so that a shared link
reproduces the map and the figures of a briefing. Nothing in a scenario names a file
on disk: ``pack`` must be one of the pack names the server offers.

``fingerprint`` hashes the scenario together with the pack's content hash; the app
shows it on every page as ``fingerprint <12 hex>``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geo import settings

if TYPE_CHECKING:
    from geo.packs import Pack

PAGES = ("overview", "coverage", "supply", "plan", "deploy", "data", "method", "risk")
POLICIES = ("least-hours", "fair-share", "need-floor")  # geo.plan.POLICIES
LANGS = ("id", "en")


@dataclass(frozen=True)
class Spec:
    """How one URL parameter is read: type, default, bounds."""

    kind: str  # "float" | "int" | "choice" | "date" | "optdate" (date or empty) | "text"
    default: Any
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] = ()
    meaning: str = ""  # one line for the README's parameter table


SPECS: dict[str, Spec] = {
    "page": Spec("choice", "overview", choices=PAGES, meaning="the page the link opens"),
    "lang": Spec("choice", "id", choices=LANGS, meaning="interface language"),
    "pack": Spec("text", "embedded", meaning="data pack (a name the server offers)"),
    "date": Spec("date", settings.DEFAULT_DATE, meaning="scenario date (nearest the pack has)"),
    "hours": Spec(
        "float",
        settings.DEFAULT_HOURS,
        *settings.HOURS_RANGE,
        meaning="reach: hours of road, ferry and sea travel",
    ),
    "k": Spec("int", settings.DEFAULT_K, *settings.K_RANGE, meaning="systems to deploy"),
    # demand method: "auto" = the one with the smaller leave-one-out error on the reported
    # figures (geo.calibration); "cases" = incidence (new cases, ESFT's structure);
    # "beds" = occupied COVID-19 beds (the Ministry's); "active" = the earlier
    # active-case model (uncalibrated, its band from parameter corners)
    "method": Spec(
        "choice",
        "auto",
        choices=("auto", "cases", "beds", "active"),
        meaning="demand method (auto: the smaller held-out error)",
    ),
    # central demand parameters: fitted to the reported figures, or WHO planning values
    "preset": Spec(
        "choice",
        "calibrated",
        choices=("calibrated", "who"),
        meaning="central demand parameters: calibrated or WHO planning values",
    ),
    "trucks": Spec(
        "int", settings.DEFAULT_TRUCKS, *settings.TRUCKS_RANGE, meaning="isotank trucks"
    ),
    "fleet": Spec(
        "choice", "on", choices=("on", "off"), meaning="the truck fleet limits supply or not"
    ),
    # the isotank-truck cycle (geo.settings; basis in geo.allocation.FLEET_PARAMETERS)
    "load_h": Spec(
        "float",
        settings.DEFAULT_LOAD_H,
        *settings.HANDLING_RANGE_H,
        meaning="loading hours per trip",
    ),
    "unload_h": Spec(
        "float",
        settings.DEFAULT_UNLOAD_H,
        *settings.HANDLING_RANGE_H,
        meaning="unloading hours per trip",
    ),
    "drive_h": Spec(
        "float",
        settings.DEFAULT_DRIVING_H_PER_DAY,
        *settings.DRIVING_RANGE_H_PER_DAY,
        meaning="working hours per truck per day",
    ),
    # output of one deployable concentrator system, m3/day (cited in geo.settings)
    "cap": Spec(
        "float",
        settings.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY,
        *settings.CAPACITY_RANGE_M3_PER_DAY,
        meaning="output of one system, m³/day",
    ),
    "prov": Spec("int", 0, 0, 99, meaning="selected province code; 0 = none"),
    "tiles": Spec(
        "choice", "offline", choices=("offline", "osm"), meaning="base map under the layers"
    ),
    # the time-expanded plan (geo.plan): window, rationing rule, what was known when
    "plan_from": Spec("date", settings.DEFAULT_PLAN_FROM, meaning="first day of the plan"),
    "plan_days": Spec(
        "int", settings.DEFAULT_PLAN_DAYS, *settings.PLAN_DAYS_RANGE, meaning="days in the plan"
    ),
    "policy": Spec(
        "choice", settings.DEFAULT_POLICY, choices=POLICIES, meaning="rationing rule of the plan"
    ),
    "as_of": Spec("optdate", "", meaning="plan with only what was known on this date (empty: all)"),
    # the sweep a risk page shows, by its fingerprint (never a file name; geo.sweep)
    "sweep": Spec("fingerprint", "", meaning="the sweep the Risk page shows (its fingerprint)"),
}

#: Parameters left out of the fingerprint, each with why: none changes a number.
NOT_IN_FINGERPRINT: dict[str, str] = {
    "page": "which page shows the numbers does not change them",
    "lang": "the language only changes words and number formats",
    "tiles": "the base map is drawn under the layers; no figure reads it",
    "prov": "the selected province zooms the map and filters a table; no figure reads it",
    "sweep": "which sweep is shown: the sweep has its own fingerprint",
}


@dataclass(frozen=True)
class Scenario:
    """Every choice a user makes: one scenario is one link (URL query) and one set of
    numbers. Defaults and bounds are in geo.settings (``SPECS`` here), each with its
    source; :func:`parse` validates a query.

    Attributes
    ----------
    page, lang, prov, tiles, sweep : str or int
        Presentation: the page, the language ("id"/"en"), the selected province code
        (0 = none), the base map ("offline"/"osm") and the sweep the Risk page shows
        (its fingerprint). None of them changes a number (``NOT_IN_FINGERPRINT``).
    pack : str
        The data pack (a name the server offers).
    date : str
        The day the app shows (ISO date).
    hours : float
        The reach: a hospital within this many hours of a source is covered (hours).
    k : int
        Concentrator systems to site.
    method : str
        The demand method: "auto" (the smaller held-out error, geo.calibration),
        "cases" (incidence), "beds" (occupied COVID-19 beds) or "active" (the earlier
        active-case model).
    preset : str
        Central demand parameters: "calibrated" or "who" (WHO planning values).
    trucks : int
        Isotank trucks available.
    fleet : str
        "on" when the truck fleet limits supply, "off" when not.
    load_h, unload_h : float
        Loading and unloading hours per trip (hours).
    drive_h : float
        Driving hours per truck per day (hours).
    cap : float
        One concentrator system's output (m3/day).
    plan_from : str
        First day of the time-expanded plan (ISO date).
    plan_days : int
        Days in the plan's window.
    policy : str
        The plan's rationing rule (geo.plan.POLICIES).
    as_of : str
        The plan knows demand up to this date and forecasts after it ("" = all known).
    demand : dict of str to float
        Demand-model overrides: geo.demand.DemandParams field name -> value (URL key =
        name).
    """

    page: str = "overview"
    lang: str = "id"
    pack: str = "embedded"
    date: str = settings.DEFAULT_DATE
    hours: float = settings.DEFAULT_HOURS
    k: int = settings.DEFAULT_K
    method: str = "auto"
    preset: str = "calibrated"
    trucks: int = settings.DEFAULT_TRUCKS
    fleet: str = "on"
    load_h: float = settings.DEFAULT_LOAD_H
    unload_h: float = settings.DEFAULT_UNLOAD_H
    drive_h: float = settings.DEFAULT_DRIVING_H_PER_DAY
    cap: float = settings.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY
    prov: int = 0
    tiles: str = "offline"
    plan_from: str = settings.DEFAULT_PLAN_FROM
    plan_days: int = settings.DEFAULT_PLAN_DAYS
    policy: str = settings.DEFAULT_POLICY
    as_of: str = ""
    sweep: str = ""
    # demand-model overrides: geo.demand.DemandParams field name -> value (URL key = name)
    demand: dict[str, float] = field(default_factory=dict)

    def to_query(self) -> dict[str, str]:
        """The query parameters of this scenario (defaults omitted, stable order)."""
        out: dict[str, str] = {}
        for name, spec in SPECS.items():
            value = getattr(self, name)
            if value != spec.default:
                out[name] = _fmt(value)
        for key in sorted(self.demand):
            out[key] = _fmt(self.demand[key])
        return out

    def canonical(self) -> str:
        """The values that change numbers, as stable JSON (:data:`NOT_IN_FINGERPRINT`
        names the others and why they are left out)."""
        data = dataclasses.asdict(self)
        for name in NOT_IN_FINGERPRINT:
            data.pop(name)
        return json.dumps(data, sort_keys=True, separators=(",", ":"))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return (
            repr(round(value, 10)).removesuffix(".0")
            if value == int(value)
            else repr(round(value, 10))
        )
    return str(value)


def params_from_link(link: str) -> dict[str, list[str]]:
    """The query parameters of a shared link (a full URL or just ``?a=1&b=2``)."""
    from urllib.parse import parse_qs, urlsplit

    query = urlsplit(link).query if "?" in link else link.lstrip("?")
    return parse_qs(query, keep_blank_values=True)


def read_value(name: str, raw: str) -> Any:
    """One scenario value read and validated as a URL parameter is; ValueError with the
    reason otherwise (the CLI's validators use it, so both accept the same values)."""
    value, problem = _read(name, SPECS[name], raw)
    if problem:
        raise ValueError(problem)
    return value


def parse(
    params: dict[str, Any],
    *,
    packs: list[str],
    dates: list[str] | None = None,
    demand_bounds: dict[str, tuple[float, float]] | None = None,
) -> tuple[Scenario, list[str]]:
    """Read query parameters into a Scenario; every unknown or out-of-range value gives a
    warning and falls back to its default. ``packs`` is the allow-list of pack names."""
    warnings: list[str] = []
    values: dict[str, Any] = {}
    for name, raw in params.items():
        raw = raw[-1] if isinstance(raw, list) else raw
        if name in SPECS:
            value, problem = _read(name, SPECS[name], str(raw))
            if name == "pack" and problem is None and value not in packs:
                problem = f"unknown pack '{value}' (available: {', '.join(packs)})"
            if problem:
                warnings.append(f"{name}: {problem}; using {SPECS[name].default}")
                continue
            values[name] = value
        elif demand_bounds and name in demand_bounds:
            lo, hi = demand_bounds[name]
            value, problem = _read(name, Spec("float", None, lo, hi), str(raw))
            if problem:
                warnings.append(f"{name}: {problem}; using the model default")
                continue
            values.setdefault("demand", {})[name] = value
        else:
            warnings.append(f"unknown parameter '{name}' ignored")
    scenario = Scenario(**values)
    if dates:
        if scenario.date not in dates:
            fallback = nearest_date(scenario.date, dates)
            if "date" in values:
                warnings.append(f"date: no data for {scenario.date}; using {fallback}")
            scenario = dataclasses.replace(scenario, date=fallback)
    return scenario, warnings


def nearest_date(date: str, dates: list[str]) -> str:
    target = dt.date.fromisoformat(date)
    return min(dates, key=lambda d: (abs((dt.date.fromisoformat(d) - target).days), d))


def _read(name: str, spec: Spec, raw: str) -> tuple[Any, str | None]:
    raw = raw.strip()
    if spec.kind == "choice":
        return (
            (raw, None)
            if raw in spec.choices
            else (None, f"'{raw[:40]}' is not one of {', '.join(spec.choices)}")
        )
    if spec.kind == "text":
        ok = 0 < len(raw) <= 64 and all(c.isalnum() or c in "-_" for c in raw)
        return (raw, None) if ok else (None, f"'{raw[:40]}' is not a valid name")
    if spec.kind == "fingerprint":
        ok = len(raw) == 12 and all(c in "0123456789abcdef" for c in raw)
        return (raw, None) if ok else (None, f"'{raw[:40]}' is not a fingerprint (12 hex)")
    if spec.kind == "optdate" and raw == "":
        return "", None
    if spec.kind in ("date", "optdate"):
        try:
            return dt.date.fromisoformat(raw).isoformat(), None
        except ValueError:
            return None, f"'{raw[:40]}' is not a date (YYYY-MM-DD)"
    try:
        number = float(raw)
    except ValueError:
        return None, f"'{raw[:40]}' is not a number"
    if number != number or number in (float("inf"), float("-inf")):
        return None, f"'{raw[:40]}' is not a finite number"
    if spec.kind == "int":
        if number != int(number):
            return None, f"'{raw[:40]}' is not a whole number"
        number = int(number)
    if (spec.lo is not None and number < spec.lo) or (spec.hi is not None and number > spec.hi):
        return None, f"{raw[:40]} is outside {spec.lo:g}..{spec.hi:g}"
    return number, None


def fingerprint(scenario: Scenario, content_hash: str) -> str:
    """12 lowercase hex characters identifying the numbers a scenario produces.

    Parameters
    ----------
    scenario : Scenario
        Every field but those in :data:`NOT_IN_FINGERPRINT` enters it.
    content_hash : str
        The pack's content hash (``Runner.content_hash``: with a road override).

    Returns
    -------
    str
        ``sha256(content_hash, scenario.canonical())[:12]``.
    """
    digest = hashlib.sha256()
    digest.update(content_hash.encode())
    digest.update(scenario.canonical().encode())
    return digest.hexdigest()[:12]


def _bounds_text(spec: Spec) -> str:
    if spec.kind == "choice":
        return " \\| ".join(f"`{c}`" for c in spec.choices)
    if spec.kind == "date":
        return "YYYY-MM-DD"
    if spec.kind == "text":
        return "letters, digits, `-`, `_` (≤ 64)"
    if spec.kind == "fingerprint":
        return "12 hex characters, or empty"
    if spec.lo is None or spec.hi is None:
        return spec.kind
    return f"{spec.lo:g} … {spec.hi:g}" + (" (whole)" if spec.kind == "int" else "")


def url_parameters_markdown(
    demand_bounds: dict[str, tuple[float, float]] | None = None,
    demand_labels: dict[str, str] | None = None,
) -> str:
    """The README's table of every URL parameter: default, bounds, meaning, and whether
    it enters the fingerprint (``tests/test_scenario.py`` checks the README has it)."""
    rows = [
        "| parameter | default | bounds | meaning | fingerprint |",
        "|---|---|---|---|---|",
    ]
    for name, spec in SPECS.items():
        fp = f"no: {NOT_IN_FINGERPRINT[name]}" if name in NOT_IN_FINGERPRINT else "yes"
        default = _fmt(spec.default)
        rows.append(f"| `{name}` | `{default}` | {_bounds_text(spec)} | {spec.meaning} | {fp} |")
    for name, (lo, hi) in sorted((demand_bounds or {}).items()):
        label = (demand_labels or {}).get(name, "demand-model parameter")
        rows.append(
            f"| `{name}` | model default | {lo:g} … {hi:g} | {label} (demand model) | yes |"
        )
    return "\n".join(rows) + "\n"


def readme_table() -> str:
    """:func:`url_parameters_markdown` for this build's demand parameters."""
    from geo import demand

    return url_parameters_markdown(
        {n: (s.min, s.max) for n, s in demand.PARAM_SPECS.items()},
        {n: s.label for n, s in demand.PARAM_SPECS.items()},
    )


WAVE = ("2021-06-01", "2021-08-31")  # the dates offered by default: the Delta wave


def scenario_dates(pack: Pack) -> list[str]:
    """The dates a scenario may take on this pack: those of the Delta wave when the pack
    has them, otherwise every date with case data."""
    dates = [d.strftime("%Y-%m-%d") for d in pack.dates]
    in_wave = [d for d in dates if WAVE[0] <= d <= WAVE[1]]
    return in_wave or dates


def fit_to_pack(
    scenario: Scenario, pack: Pack, *, explicit: frozenset[str] | set[str] = frozenset()
) -> tuple[Scenario, list[str]]:
    """The scenario with its date moved to the nearest date the pack has, and a province
    the pack does not have cleared.

    The app and ``--link`` both use it, so a link gives the same numbers in both.

    Parameters
    ----------
    scenario : Scenario
        The scenario asked for.
    pack : Pack
        The pack it will run on.
    explicit : set of str
        The fields a link or the user gave: a warning for each that had to change.

    Returns
    -------
    scenario : Scenario
        The scenario the pack can answer.
    warnings : list of str
        One line per explicit value that changed.
    """
    warnings: list[str] = []
    dates = scenario_dates(pack)
    if dates and scenario.date not in dates:
        fallback = nearest_date(scenario.date, dates)
        if "date" in explicit:
            warnings.append(f"date: no data for {scenario.date}; using {fallback}")
        scenario = dataclasses.replace(scenario, date=fallback)
    codes = set(pack.provinces["code"].astype(int)) if len(pack.provinces) else set()
    if scenario.prov and scenario.prov not in codes:
        warnings.append(f"prov: {scenario.prov} is not a province of this pack")
        scenario = dataclasses.replace(scenario, prov=0)
    return scenario, warnings
