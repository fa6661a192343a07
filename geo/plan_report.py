"""The plan held against what was reported: the Java-Bali note and the plan's assumptions.

Numbers come from the solved plan (``Result.plan_solved``); the reported facts beside
them are cited here, one source per fact. Nothing is tuned to them: the note says how
far the model is from each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from geo import settings
from geo import supply as supply_model

if TYPE_CHECKING:
    import pandas as pd

    from geo.pipeline import Result
    from geo.plan import PlanProblem
    from geo.result import PlanInputs

# Kemendagri codes of the seven Java-Bali provinces (DKI, Jabar, Jateng, DIY, Jatim,
# Banten, Bali).
JAVA_BALI: tuple[int, ...] = (31, 32, 33, 34, 35, 36, 51)
JAVA: tuple[int, ...] = (31, 32, 33, 34, 35, 36)
WINDOW: tuple[str, str] = ("2021-07-03", "2021-07-15")

# The reported facts the note sets beside the plan (one source each).
FACTS: dict[str, dict] = {
    "java_production_2021-07-10": {
        "value": 1488.0,
        "need": 2033.0,
        "share": 0.732,
        "statement": "Kemenkes, data of 10 Jul 2021: Java's producers made 1,488 t/day "
        "against Java-Bali's 2,033 t/day need (73.2%)",
        "source": "https://databoks.katadata.co.id/layanan-konsumen-kesehatan/statistik/"
        "c708d2d133ec76e/produksi-oksigen-jawa-bali-hanya-memenuhi-732-kebutuhan",
    },
    "bandung_er_closed_2021-07-03": {
        "dates": ("2021-07-03", "2021-07-05"),
        "code": 32,
        "statement": "Two regional hospitals in Bandung (city and regency) closed their "
        "COVID-19 emergency rooms for lack of oxygen; private hospitals stopped taking "
        "breathless patients (3-5 Jul 2021)",
        "source": "https://riaupagi.com/news/sejumlah-rumah-sakit-di-bandung-penuh-buat-"
        "kondisinya-darurat-mirip-perang-202107057746",
    },
    "jawa_timur_2021-07-14": {
        "code": 35,
        "date": "2021-07-14",
        "need": 610.0,
        "supplied": 360.0,
        "statement": "Jawa Timur, 14 Jul 2021: 610 t/day needed against about 360 t/day "
        "supplied by industry in the province",
        "source": "https://daerah.sindonews.com/read/483426/704/kasus-covid-19-melonjak-"
        "jawa-timur-defisit-oksigen-1626307660",
    },
}


def _days_in(dates: list[str], lo: str, hi: str) -> list[int]:
    return [i for i, d in enumerate(dates) if lo <= d <= hi]


def java_bali_note(result: Result) -> dict:
    """The model's Java-Bali shortfall over 3-15 Jul beside the reported facts.

    Returns ``window``, ``in_plan`` (False when the window lies outside the plan's
    days), ``demand_t``, ``delivered_t``, ``unmet_t``, ``share_met``, ``short`` (codes
    short on some day of the window, with their days short and unmet tonnes), and
    ``facts``: each reported fact with the model's figure for it (``model``)."""
    solved = result.plan_solved
    inputs = result.plan_inputs
    problem = inputs.problem
    dates = list(problem.dates)
    days = _days_in(dates, *WINDOW)
    out: dict = {"window": list(WINDOW), "in_plan": bool(days), "policy": solved.policy}
    if not days:
        return out
    pdays = solved.province_days
    win = pdays[pdays["date"].isin([dates[i] for i in days]) & pdays["code"].isin(JAVA_BALI)]
    demand, unmet = float(win["demand_t"].sum()), float(win["unmet_t"].sum())
    short = (
        win[win["unmet_t"] > 1e-6]
        .groupby("code")
        .agg(days_short=("unmet_t", "size"), unmet_t=("unmet_t", "sum"))
        .reset_index()
    )
    names = result.pack.provinces.set_index("code")["name"]
    out.update(
        demand_t=demand,
        delivered_t=demand - unmet,
        unmet_t=unmet,
        share_met=(demand - unmet) / demand if demand else None,
        short=[
            {
                "code": int(r.code),
                "name": names.get(r.code),
                "days_short": int(r.days_short),
                "unmet_t": float(r.unmet_t),
            }
            for r in short.itertuples()
        ],
    )
    out["facts"] = [
        f
        for f in (
            _java_production(inputs, dates, result.pack),
            _bandung_er_closed(pdays, problem, dates),
            _jawa_timur(pdays, problem, dates),
        )
        if f is not None
    ]
    return out


def _java_production(inputs: PlanInputs, dates: list[str], pack) -> dict | None:
    """Java's medical supply on 10 July beside Java-Bali's demand that day (the model's),
    and what the pack's Java lines produce before the dated medical share is applied
    (``java_production_t``, ``medical_share``): the report counts production as supply."""
    problem = inputs.problem
    if "2021-07-10" not in dates:
        return None
    codes = problem.province_codes.tolist()
    in_java = inputs.sources["province_code"].isin(JAVA).to_numpy()
    i = dates.index("2021-07-10")
    supply = float(np.asarray(problem.supply_t)[in_java, i].sum())
    need = float(problem.demand_t[[codes.index(c) for c in JAVA_BALI if c in codes], i].sum())
    lines = supply_model.supply_lines(pack, date="2021-07-10")
    java = lines[lines["province_code"].isin(JAVA)]
    produced = float(java["production_t_per_day"].sum(min_count=1))
    medical = float(java["medical_t_per_day"].sum(min_count=1))
    return FACTS["java_production_2021-07-10"] | {
        "id": "java_production_2021-07-10",
        "model": {
            "java_supply_t": supply,
            "java_bali_demand_t": need,
            "share": supply / need if need else None,
            "java_production_t": produced,
            "medical_share": medical / produced if produced > 0 else None,
        },
    }


def _bandung_er_closed(pdays: pd.DataFrame, problem: PlanProblem, dates: list[str]) -> dict | None:
    """Bandung's COVID-19 emergency rooms closed (3-5 July): the model's days short and share
    of need met in Jawa Barat over those days."""
    f = FACTS["bandung_er_closed_2021-07-03"]
    b_days = _days_in(dates, *f["dates"])
    if not b_days or f["code"] not in problem.province_codes.tolist():
        return None
    rows = pdays[(pdays["code"] == f["code"]) & pdays["date"].isin([dates[i] for i in b_days])]
    return f | {
        "id": "bandung_er_closed_2021-07-03",
        "model": {
            "days_short": int((rows["unmet_t"] > 1e-6).sum()),
            "share_met": float(rows["delivered_t"].sum() / rows["demand_t"].sum())
            if rows["demand_t"].sum()
            else None,
        },
    }


def _jawa_timur(pdays: pd.DataFrame, problem: PlanProblem, dates: list[str]) -> dict | None:
    """Jawa Timur on 14 July: the model's demand, delivered and unmet tonnes that day."""
    f = FACTS["jawa_timur_2021-07-14"]
    if f["date"] not in dates or f["code"] not in problem.province_codes.tolist():
        return None
    row = pdays[(pdays["code"] == f["code"]) & (pdays["date"] == f["date"])].iloc[0]
    return f | {
        "id": "jawa_timur_2021-07-14",
        "model": {
            "demand_t": float(row["demand_t"]),
            "delivered_t": float(row["delivered_t"]),
            "unmet_t": float(row["unmet_t"]),
        },
    }


def assumptions() -> list[dict]:
    """The plan's assumed figures (value, basis), as geo.settings states them."""
    return [
        {"name": "stock_cover_days", "value": settings.STOCK_COVER_DAYS, "basis": "assumption"},
        {"name": "plant_store_days", "value": settings.PLANT_STORE_DAYS, "basis": "assumption"},
        {
            "name": "producer_own_trucks",
            "value": settings.PRODUCER_OWN_TRUCKS,
            "basis": "assumption (850 t/day / 20 t per trip, one trip per truck-day)",
        },
        {
            "name": "mobilised_trucks",
            "value": [list(s) for s in settings.MOBILISED_TRUCKS],
            "basis": "cited (132 on 8 Jul); the 92-date is an assumption",
        },
        {
            "name": "containers_per_truck",
            "value": settings.CONTAINERS_PER_TRUCK,
            "basis": "assumption",
        },
        {"name": "need_floor_share", "value": settings.NEED_FLOOR_SHARE, "basis": "assumption"},
    ]
