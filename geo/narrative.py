"""Sentences a viewer reads, built from a scenario's numbers, in both languages.

Pages, the brief and the CLI call these; nothing here imports Streamlit. Labels live in
:mod:`geo.i18n`; this module owns sentences with numbers in them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from geo import demand as demand_model
from geo.errors import DataError
from geo.i18n import decimal, number, percent
from geo.settings import GROWTH_EXPLAIN_RATIO, M3_GAS_PER_TONNE_LOX

if TYPE_CHECKING:
    from geo.allocation import AllocationResult
    from geo.packs import Pack
    from geo.scenario import Scenario

T_PER_DAY = {"en": "t/day", "id": "ton/hari"}
M3_PER_DAY = {"en": "m³/day", "id": "m³/hari"}


def unit(name: str, lang: str) -> str:
    """A unit in the viewer's language: ``unit("t/day", "id") == "ton/hari"``."""
    table = {"t/day": T_PER_DAY, "m3/day": M3_PER_DAY}
    return table[name].get(lang, table[name]["en"])


def t_per_day(value: float, lang: str, *, digits: int = 0) -> str:
    """Tonnes per day in the viewer's locale and unit (``2.622,9 ton/hari``)."""
    return f"{number(value, lang, digits=digits)} {unit('t/day', lang)}"


def m3_per_day(value: float, lang: str, *, digits: int = 0) -> str:
    """Cubic metres of gas per day in the viewer's locale and unit."""
    return f"{number(value, lang, digits=digits)} {unit('m3/day', lang)}"


def assumptions(scenario: Scenario, pack: Pack, *, lang: str = "en") -> list[str]:
    """The scenario's assumptions in plain words (brief, CLI, method page)."""
    lines = _demand_lines(scenario, pack, lang=lang)
    isotank = pack.supply.isotank_capacity_t
    if lang == "id":
        fleet = "dibatasi" if scenario.fleet == "on" else "tidak dibatasi"
        return [
            *lines,
            f"1 ton O2 cair = {M3_GAS_PER_TONNE_LOX:g} m³ gas; isotank {isotank:g} ton "
            "per perjalanan",
            f"truk isotank {scenario.trucks}; armada {fleet}; muat {scenario.load_h:g} jam, "
            f"bongkar {scenario.unload_h:g} jam, {scenario.drive_h:g} jam kerja per hari",
            f"jangkauan {scenario.hours:g} jam jalan dan feri; K = {scenario.k} sistem "
            f"@ {scenario.cap:g} {unit('m3/day', lang)}",
        ]
    fleet = "limits supply" if scenario.fleet == "on" else "not limiting"
    return [
        *lines,
        f"1 t liquid O2 = {M3_GAS_PER_TONNE_LOX:g} m³ gas; isotank {isotank:g} t per trip",
        f"isotank trucks {scenario.trucks}; fleet {fleet}; load {scenario.load_h:g} h, "
        f"unload {scenario.unload_h:g} h, {scenario.drive_h:g} working h per truck per day",
        f"reach {scenario.hours:g} h of road and ferry; K = {scenario.k} systems of "
        f"{scenario.cap:g} {unit('m3/day', lang)}",
    ]


def _demand_lines(scenario: Scenario, pack: Pack, *, lang: str) -> list[str]:
    """How the demand was estimated, with the values used and the interval's meaning."""
    id_ = lang == "id"
    if scenario.method == "active":
        p = demand_model.PARAMS_CENTRAL.with_values(**scenario.demand)
        if id_:
            return [
                f"tanggal {scenario.date}; kebutuhan dari kasus aktif (model lama, tanpa "
                "kalibrasi)",
                f"porsi dirawat {p.hospitalised_share:g} dari kasus aktif; berat "
                f"{p.severe_share:g} pada {p.severe_flow_lpm:g} L/menit, kritis "
                f"{p.critical_share:g} pada {p.critical_flow_lpm:g} L/menit",
            ]
        return [
            f"date {scenario.date}; demand from active cases (earlier model, not calibrated)",
            f"hospitalised share {p.hospitalised_share:g} of active cases; severe "
            f"{p.severe_share:g} at {p.severe_flow_lpm:g} L/min, critical "
            f"{p.critical_share:g} at {p.critical_flow_lpm:g} L/min",
        ]
    from geo import calibration

    try:
        chosen = calibration.setting(
            pack, method=scenario.method, preset=scenario.preset, overrides=scenario.demand
        )
    except DataError as err:
        return [f"{scenario.date}: {err.one_line()}"]
    p, fit = chosen.params, chosen.calibration.fits[chosen.method]
    factor = math.exp(chosen.q) if math.isfinite(chosen.q) else math.nan
    fitted = chosen.preset == "calibrated"
    n = len(fit.loo)
    if id_:
        how = (
            f"dikalibrasi pada {n} angka kebutuhan yang dilaporkan"
            if fitted
            else "nilai perencanaan WHO (tanpa kalibrasi)"
        )
        if chosen.method == "beds":
            first = (
                f"tempat tidur COVID-19 terisi x {p.covid_bed_flow_lpm:.3g} L/menit per tempat "
                f"tidur ({how}); tempat tidur dan keterisian dari angka yang dipublikasikan, "
                "celah diisi (tanggal terdekat, angka nasional) dan ditandai"
            )
        else:
            first = (
                f"kasus baru {p.days_on_oxygen:g} hari terakhir x {p.oxygen_share:.3g} butuh "
                f"oksigen ({how}); di rumah sakit sampai jumlah tempat tidur COVID-19, "
                f"sisanya di rumah pada {p.home_flow_lpm:g} L/menit"
            )
        return [
            f"tanggal {scenario.date}; metode {chosen.method} (dipilih dengan "
            f"leave-one-out: {chosen.calibration.chosen})",
            first,
            f"interval {round(chosen.calibration.level * 100)}%: x{factor:.2f} ke atas dan "
            f"ke bawah; {fit.loo['inside'].sum()} dari {n} angka yang dilaporkan masuk "
            "interval yang dibangun tanpa angka itu",
        ]
    how = f"calibrated on {n} reported figures" if fitted else "WHO planning value, not calibrated"
    if chosen.method == "beds":
        first = (
            f"occupied COVID-19 beds x {p.covid_bed_flow_lpm:.3g} L/min per bed ({how}); beds "
            "and occupancy from published figures, gaps filled (nearest date, national "
            "figures) and flagged"
        )
    else:
        first = (
            f"new cases of the last {p.days_on_oxygen:g} days x {p.oxygen_share:.3g} on oxygen "
            f"({how}); in hospital up to the COVID-19 beds, the rest at home at "
            f"{p.home_flow_lpm:g} L/min"
        )
    return [
        f"date {scenario.date}; method {chosen.method} (chosen by leave-one-out: "
        f"{chosen.calibration.chosen})",
        first,
        f"{round(chosen.calibration.level * 100)}% interval: x{factor:.2f} either side; "
        f"{fit.loo['inside'].sum()} of {n} reported figures fell inside intervals built "
        "without them",
    ]


def interval_sentence(demand: pd.DataFrame, loo: dict, *, lang: str = "en") -> str:
    """What the demand interval means, with its numbers (every demand view shows it)."""
    from geo.i18n import t

    low, high = float(demand["low"].sum()), float(demand["high"].sum())
    interval = demand.attrs.get("interval", {})
    if not loo or interval.get("level") is None:
        return t("interval_uncalibrated", lang).format(
            low=number(low, lang), high=number(high, lang)
        )
    inside = round(float(loo["coverage"]) * int(loo["n"]))
    method = str(demand["demand_method"].iloc[0]) if "demand_method" in demand else loo["method"]
    return t("interval_meaning", lang).format(
        low=number(low, lang),
        high=number(high, lang),
        level=round(float(interval["level"]) * 100),
        inside=inside,
        n=int(loo["n"]),
        method=method,
    )


def demand_notes(demand: pd.DataFrame, *, lang: str = "en") -> list[str]:
    """The demand table's flagged fills and the home demand shown apart."""
    from geo.i18n import t

    notes = []
    if "filled" in demand and demand["filled"].any():
        notes.append(t("beds_filled", lang).format(n=int(demand["filled"].sum())))
    if (
        "home_t_per_day" in demand
        and demand.get("demand_method", pd.Series([""])).iloc[0] == "beds"
    ):
        home = number(float(demand["home_t_per_day"].sum()), lang)
        notes.append(t("home_apart", lang).format(home=home))
    return notes


def fleet_sentence(alloc: AllocationResult, *, lang: str = "en") -> str:
    """Whether the fleet suffices, with the trucks the reachable demand needs."""
    enough = alloc.trucks_needed_unconstrained <= alloc.trucks_available + 1e-9
    needed = alloc.trucks_needed_unconstrained
    p = alloc.problem
    trip, handling, day = p.isotank_t, p.handling_h, p.driving_h_per_day
    if lang == "id":
        verdict = "cukup" if enough else "tidak cukup"
        return (
            f"**{number(alloc.trucks_available, lang)} truk isotank {verdict}**: menyalurkan "
            f"semua kebutuhan yang terjangkau memerlukan {number(needed, lang, digits=1)} truk "
            f"({decimal(trip, lang)} ton per perjalanan; siklus: muat + 2 x jam jalan darat + "
            f"bongkar = {decimal(handling, lang)} jam + jalan, {decimal(day, lang)} jam kerja "
            "per truk per hari; kaki laut dengan kapal)."
        )
    verdict = "suffice" if enough else "do not suffice"
    return (
        f"**{alloc.trucks_available:g} isotank trucks {verdict}**: routing all reachable "
        f"demand needs {needed:,.1f} trucks ({trip:g} t per trip; cycle: load + 2 x road "
        f"hours + unload, {handling:g} h of handling, {day:g} working hours per truck per "
        "day; sea legs by ship)."
    )


def param_table(lang: str = "en") -> pd.DataFrame:
    """The demand model's parameters with their band and source (method page); labels
    in ``lang`` where :mod:`geo.i18n` has them (``param_<name>``)."""
    from geo import i18n

    def label(s) -> str:
        key = f"param_{s.name}"
        return i18n.t(key, lang) if key in i18n.STRINGS and lang != "en" else s.label

    return pd.DataFrame(
        [
            {
                "parameter": s.name,
                "label": label(s),
                "unit": s.unit,
                "central": s.default,
                "low": s.low,
                "high": s.high,
                "source": s.source,
            }
            for s in demand_model.PARAM_SPECS.values()
        ]
    )


def solver_status(result, *, lang: str = "en") -> str:
    """What was run for a siting result and what it proves, in the viewer's language:
    an exact MILP (proven optimal, or stopped with its gap), a greedy plan that meets its
    upper bound (so proven optimal without a MILP), a greedy plan within its gap of the
    bound, or a plan evaluated as given. ``result``: a :class:`geo.relief.ReliefResult`."""
    from geo import i18n

    method = getattr(result, "method", None) or _method_of(str(result.solver))
    if method == "milp":
        key = "status_milp_optimal" if result.optimal else "status_milp_gap"
    elif method == "greedy":
        key = "status_greedy_optimal" if result.optimal else "status_greedy_gap"
    elif method == "all":
        key = "status_all_useful"
    else:
        key = "status_given"
    from geo.relief import GAP_REL

    return i18n.t(key, lang).format(
        gap=percent(result.gap, lang, digits=2), tol=percent(GAP_REL, lang, digits=3)
    )


def java_production_sentence(fact: dict, lang: str = "en") -> str:
    """Why the plan's Java supply on 10 July differs from the reported production: the
    pack's production beside the report's, and the medical share applied to it (from a
    ``java_production_2021-07-10`` fact of :func:`geo.plan_report.java_bali_note`).
    Empty when the production is unknown."""
    from geo.i18n import number, percent, t

    model = fact.get("model") or {}
    produced, share = model.get("java_production_t"), model.get("medical_share")
    if produced is None or share is None or not math.isfinite(float(produced)):
        return ""
    return t("plan_java_production_why", lang).format(
        produced=number(produced, lang),
        reported=number(fact["value"], lang),
        share=percent(share, lang, digits=0),
        supply=number(model["java_supply_t"], lang),
    )


def _steepest_step(row, lang: str) -> str:
    """The sentence on a region's steepest step between consecutive reported figures,
    when it is steeper than occupied beds over the same days by more than
    ``GROWTH_EXPLAIN_RATIO`` and is not the whole window (else empty)."""
    from geo.i18n import date, decimal, t

    if (row.steepest_from, row.steepest_to) == (row.from_date, row.to_date):
        return ""  # two figures only: the step is the growth the sentence already gives
    step, beds = float(row.steepest_reported_ratio), float(row.steepest_beds_ratio)
    if not (math.isfinite(step) and math.isfinite(beds)) or beds <= 0:
        return ""
    if step <= beds * GROWTH_EXPLAIN_RATIO:
        return ""
    return t("growth_steepest", lang).format(
        step=decimal(step, lang),
        step_from=date(row.steepest_from.date(), lang),
        step_to=date(row.steepest_to.date(), lang),
        step_beds=decimal(beds, lang),
    )


def model_limits(lang: str = "en") -> str:
    """What the demand model can and cannot claim (:data:`geo.demand.MODEL_LIMITS` in
    English; its translation in Bahasa Indonesia)."""
    from geo import i18n

    return demand_model.MODEL_LIMITS if lang == "en" else i18n.t("model_limits", lang)


def reconciliation_note(rec: dict, lang: str = "en") -> str:
    """The supply lines' sum against the national statement, in one sentence
    (``rec``: :func:`geo.supply.reconcile`'s record)."""
    from geo import i18n

    figure = rec.get("national_t_per_day")
    if figure is None:
        return i18n.t("reconcile_none", lang)
    statement = rec.get("statement") or {}
    basis = statement.get("date") or ""
    diff = rec.get("difference_t_per_day") or 0.0
    verdict = (
        i18n.t("reconcile_ok", lang)
        if rec.get("reconciled")
        else i18n.t("reconcile_differs", lang).format(diff=t_per_day(diff, lang, digits=1))
    )
    return i18n.t("reconcile_note", lang).format(
        total=t_per_day(rec["sum_t_per_day"], lang, digits=1),
        figure=t_per_day(figure, lang, digits=1),
        basis=i18n.date(basis, lang) if basis else "—",
        verdict=verdict,
    )


def _method_of(solver: str) -> str:
    """``milp``, ``greedy`` or ``given`` from a solver's name (``HiGHS MILP``, ``greedy``,
    ``all useful candidates``: every useful candidate opened, optimal with no search)."""
    name = solver.lower()
    if "milp" in name or name.startswith("highs"):
        return "milp"
    if "greedy" in name:
        return "greedy"
    return "all" if "all useful" in name else "given"


def growth_sentences(growth: pd.DataFrame, *, lang: str = "en") -> list[str]:
    """One sentence per region whose demand growth (last reported figure / first) the
    model does not follow within ``GROWTH_EXPLAIN_RATIO``: the reported and modelled growth and the
    growth of the inputs the model is driven by, so the difference is explained on
    screen rather than fitted away (``geo.backtest.growth``)."""
    from geo.i18n import date, decimal, t

    out = []
    for row in growth.itertuples(index=False):
        reported, modelled = float(row.reported_ratio), float(row.modelled_ratio)
        if not (math.isfinite(reported) and math.isfinite(modelled)):
            continue
        if abs(math.log(modelled / reported)) <= math.log(GROWTH_EXPLAIN_RATIO):
            continue
        inputs = [v for v in (row.occupied_beds_ratio, row.new_cases_ratio) if math.isfinite(v)]
        key = "growth_beyond_inputs" if inputs and reported > max(inputs) else "growth_differs"
        end = date(row.to_date.date(), lang)
        held = (
            t("growth_beds_held", lang).format(n=int(row.beds_held), end=end)
            if row.beds_held
            else ""
        )
        out.append(
            t(key, lang).format(
                region=row.region,
                held=_steepest_step(row, lang) + held,
                start=date(row.from_date.date(), lang),
                end=end,
                reported_from=number(row.reported_from, lang),
                reported_to=number(row.reported_to, lang),
                reported=decimal(reported, lang),
                modelled=decimal(modelled, lang),
                beds=decimal(row.occupied_beds_ratio, lang),
                cases=decimal(row.new_cases_ratio, lang),
            )
        )
    return out
