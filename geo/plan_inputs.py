"""From a pack and the runner's stages to a :class:`geo.plan.PlanProblem` (the adapter).

The model (:mod:`geo.plan`) works on arrays; this module only extracts them:

- the window: ``plan_days`` days from ``plan_from``;
- sources: every supply line with coordinates active on some day of the window, with
  its output on each day (``medical_t_per_day`` when the supply table has it, else
  ``t_per_day``; 0 on days it is not active; unknown capacity is never a source), and
  every dated shipment (``pack.supply_chain.shipments`` when the pack has it) as a
  source at its port holding its cargo from its arrival day;
- times: sources x provinces one-way hours and their sea part, each province's
  hospitals weighted by demand (:func:`geo.pipeline.source_province_times`), turned
  into whole days of lead (nearest day: under 12 h arrives the same day);
- demand per province and day from the demand stage; with ``as_of``, the days after it
  are a forecast (:func:`forecast_log_linear`) from the 7 days up to it;
- the fleet: the producers' own trucks plus the mobilised ones from the day they were
  ready (``geo.settings.MOBILISED_TRUCKS``), scaled by the scenario's ``trucks``;
- stocks: ``STOCK_COVER_DAYS`` of the first day's demand, full at the start.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from geo import settings
from geo import supply as supply_model
from geo.plan import PlanProblem

# The level of the forecast's band (80%, the demand band's level; split-conformal).
FORECAST_LEVEL: float = 0.8
# Most days of departures before the window (trips in transit at the start).
MAX_WARM_DAYS: int = 14


def window_dates(plan_from: str, plan_days: int) -> list[str]:
    """ISO dates of the ``plan_days`` days starting on ``plan_from``."""
    start = dt.date.fromisoformat(plan_from)
    return [(start + dt.timedelta(days=i)).isoformat() for i in range(int(plan_days))]


def line_outputs(lines: pd.DataFrame, dates: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """(sources table ``id, name, kind, lat, lon, province_code, column``, S x T tonnes
    available per day). ``column`` names the figure used (``medical_t_per_day`` when the
    dated supply table has it, else ``t_per_day``)."""
    rows: dict[str, dict] = {}
    per_day: list[dict[str, float]] = []
    for d in dates:
        on = supply_model.supply_lines_on(lines, d)
        col = "medical_t_per_day" if "medical_t_per_day" in on.columns else "t_per_day"
        value = pd.to_numeric(on[col], errors="coerce") if len(on) else pd.Series(dtype=float)
        ok = on["lat"].notna() & on["lon"].notna() & value.notna() & (value > 0) if len(on) else []
        day = {}
        for rec, v in zip(on[ok].to_dict("records"), value[ok], strict=True):
            rows.setdefault(str(rec["id"]), {**rec, "column": col})
            day[str(rec["id"])] = float(v)
        per_day.append(day)
    ids = list(rows)
    supply = np.array([[day.get(i, 0.0) for day in per_day] for i in ids]).reshape(len(ids), -1)
    table = pd.DataFrame(
        [
            {
                "id": i,
                "name": rows[i].get("name", i),
                "kind": rows[i].get("kind", ""),
                "lat": float(rows[i]["lat"]),
                "lon": float(rows[i]["lon"]),
                "province_code": rows[i].get("province_code"),
                "column": rows[i]["column"],
            }
            for i in ids
        ],
        columns=["id", "name", "kind", "lat", "lon", "province_code", "column"],
    )
    return table, supply


def shipment_outputs(
    shipments: pd.DataFrame | None, dates: list[str], *, as_of: str = ""
) -> tuple[pd.DataFrame, np.ndarray]:
    """Shipments landing inside the window as sources at their port: their tonnes on
    the arrival day. With ``as_of``, only the shipments announced by then."""
    cols = ["id", "name", "kind", "lat", "lon", "province_code", "column"]
    if shipments is None or not len(shipments):
        return pd.DataFrame(columns=cols), np.zeros((0, len(dates)))
    ship = shipments.copy()
    if as_of and "announced" in ship:
        ann = ship["announced"].fillna("").astype(str)
        ship = ship[(ann == "") | (ann <= as_of)]
    index = {d: i for i, d in enumerate(dates)}
    ship = ship[ship["arrives"].astype(str).str[:10].isin(index)]
    ship = ship[ship["lat"].notna() & ship["lon"].notna()]
    tonnes = pd.to_numeric(ship["t"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    supply = np.zeros((len(ship), len(dates)))
    for k, day in enumerate(ship["arrives"].astype(str).str[:10]):
        supply[k, index[day]] = tonnes[k]
    table = pd.DataFrame(
        {
            "id": "shipment:" + ship["id"].astype(str).to_numpy(),
            "name": ship.get("port", ship["id"]).astype(str).to_numpy(),
            "kind": "shipment",
            "lat": ship["lat"].astype(float).to_numpy(),
            "lon": ship["lon"].astype(float).to_numpy(),
            "province_code": ship.get("province_code", pd.Series(np.nan, index=ship.index)),
            "column": "t",
        }
    )
    keep = tonnes > 0
    return table[keep].reset_index(drop=True)[cols], supply[keep]


def fleet_schedule(
    dates: list[str],
    *,
    mobilised: int = settings.DEFAULT_TRUCKS,
    own: int = settings.PRODUCER_OWN_TRUCKS,
) -> np.ndarray:
    """Trucks per day: the producers' own fleet plus the mobilised ones from the day
    they were ready (``settings.MOBILISED_TRUCKS``), scaled so that the full schedule
    reaches ``mobilised`` (the scenario's ``trucks``; 132 by default)."""
    steps = settings.MOBILISED_TRUCKS
    full = steps[-1][1] if steps else 0
    scale = mobilised / full if full else 0.0
    out = np.full(len(dates), float(own))
    for d, n in steps:
        out[np.asarray(dates) >= d] = own + n * scale
    if not steps:
        out += mobilised
    return np.round(out, 6)


def lead_days(total_h: np.ndarray) -> np.ndarray:
    """Whole days from departure to arrival: the nearest day (a trip under 12 h arrives
    the same day); -1 where there is no path."""
    finite = np.isfinite(total_h)
    return np.where(finite, np.floor(np.where(finite, total_h, 0.0) / 24.0 + 0.5), -1).astype(int)


def forecast_log_linear(history: np.ndarray, horizon: int) -> np.ndarray:
    """Central demand ``1..horizon`` days after the last day of ``history``: a
    least-squares line through log(demand) per province, extended.

    A province with a zero or missing day keeps its last value (no trend can be read
    from it). The band around it comes from the forecast's own past errors
    (:func:`forecast_error_q`), not from the line's residuals: the demand series are
    smooth, so a residual-based interval is far too narrow.

    Parameters
    ----------
    history : numpy.ndarray
        P x K demand (t/day), K >= 2 days up to the as-of date.
    horizon : int
        Days to forecast.

    Returns
    -------
    numpy.ndarray
        P x horizon central demand (t/day).
    """
    hist = np.asarray(history, dtype=float)
    k = hist.shape[1]
    central = np.repeat(hist[:, -1:], horizon, axis=1)
    if k < 2 or horizon == 0:
        return central
    x = np.arange(k, dtype=float) - (k - 1)  # 0 at the as-of day
    ok = np.all(np.isfinite(hist) & (hist > 0), axis=1)
    if not ok.any():
        return central
    y = np.log(hist[ok])
    xm = x.mean()
    slope = ((x - xm) * (y - y.mean(axis=1, keepdims=True))).sum(axis=1) / ((x - xm) ** 2).sum()
    intercept = y.mean(axis=1) - slope * xm
    steps = np.arange(1, horizon + 1, dtype=float)
    central[ok] = np.exp(intercept[:, None] + slope[:, None] * steps[None, :])
    return central


DemandFor = Callable[[str], pd.DataFrame]


def forecast_error_q(
    central_of: Callable[[dt.date], np.ndarray],
    as_of: dt.date,
    horizons: list[int],
    *,
    fit_days: int = settings.FORECAST_FIT_DAYS,
    lookback: int = settings.FORECAST_CONFORMAL_DAYS,
    level: float = FORECAST_LEVEL,
) -> dict[int, float]:
    """Split-conformal half-width (in log) of the forecast at each horizon ``h``.

    The forecasts made on the ``lookback`` days ``as_of - h - j`` (j = 0..lookback-1),
    each from its own ``fit_days``, against ``central_of`` on the day they forecast (on
    or before ``as_of``: known when the forecast is made); the ``level`` quantile of
    |log(model / forecast)| over those days and every province with demand.

    Parameters
    ----------
    central_of : callable
        ``central_of(day)`` is the central demand per province (t/day).
    as_of : datetime.date
        The last day known.
    horizons : list of int
        Days ahead.
    fit_days, lookback : int
        Days each forecast's line is fitted on; days of forecasts scored.
    level : float
        The quantile (0..1).

    Returns
    -------
    dict of int to float
        Half-width (log) by horizon; 0 when there are no such errors.
    """
    from geo.calibration import conformal_q

    days: dict[dt.date, np.ndarray] = {}

    def central(day: dt.date) -> np.ndarray:
        if day not in days:
            days[day] = np.asarray(central_of(day), dtype=float)
        return days[day]

    made: dict[dt.date, np.ndarray] = {}
    longest = max(horizons) if horizons else 0

    def forecast_at(day: dt.date) -> np.ndarray:
        if day not in made:
            hist = np.column_stack(
                [central(day - dt.timedelta(days=fit_days - 1 - i)) for i in range(fit_days)]
            )
            made[day] = forecast_log_linear(hist, longest)
        return made[day]

    out = {}
    for h in horizons:
        errors = []
        for j in range(lookback):
            day = as_of - dt.timedelta(days=h + j)
            pred, truth = forecast_at(day)[:, h - 1], central(day + dt.timedelta(days=h))
            ok = (pred > 0) & (truth > 0)
            errors.append(np.abs(np.log(truth[ok] / pred[ok])))
        e = np.concatenate(errors) if errors else np.zeros(0)
        q = conformal_q(e, level=level) if e.size else 0.0
        out[h] = q if math.isfinite(q) else 0.0
    return out


def demand_arrays(
    demand_for: DemandFor,
    dates: list[str],
    codes: np.ndarray,
    *,
    as_of: str = "",
    fit_days: int = settings.FORECAST_FIT_DAYS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(central, low, high, forecast) P x T: ``demand_for(date)`` (the demand stage:
    ``code, demand_t_per_day, low, high``) on every day, or on the days after ``as_of``
    the log-linear forecast from the ``fit_days`` days up to it (its band: the
    forecast's own held-out errors, :func:`forecast_error_q`, widened by the model's own
    band on the as-of day). ``forecast``
    is True on forecast days."""
    codes = np.asarray(codes, dtype=int)
    known = [d for d in dates if not as_of or d <= as_of]
    later = [d for d in dates if as_of and d > as_of]

    def table(d: str) -> pd.DataFrame:
        t = demand_for(d).set_index("code").reindex(codes)
        return t[["demand_t_per_day", "low", "high"]].astype(float).fillna(0.0)

    n_p, n_t = len(codes), len(dates)
    central, low, high = (np.zeros((n_p, n_t)) for _ in range(3))
    for i, d in enumerate(known):
        t = table(d)
        central[:, i] = t["demand_t_per_day"].to_numpy()
        low[:, i] = t["low"].to_numpy()
        high[:, i] = t["high"].to_numpy()
    forecast = np.zeros((n_p, n_t), dtype=bool)
    if later:
        end = dt.date.fromisoformat(as_of)
        hist_dates = [
            (end - dt.timedelta(days=fit_days - 1 - i)).isoformat() for i in range(fit_days)
        ]
        tabs = [table(d) for d in hist_dates]
        hist = np.column_stack([t["demand_t_per_day"].to_numpy() for t in tabs])
        ahead = np.array([(dt.date.fromisoformat(d) - end).days for d in later])
        fc = forecast_log_linear(hist, int(ahead.max()))
        q = forecast_error_q(
            lambda day: table(day.isoformat())["demand_t_per_day"].to_numpy(),
            end,
            list(range(1, int(ahead.max()) + 1)),
            fit_days=fit_days,
        )
        spread = np.exp(np.array([q[h] for h in range(1, int(ahead.max()) + 1)]))
        last = tabs[-1]
        c_last = last["demand_t_per_day"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            lo_ratio = np.where(c_last > 0, last["low"].to_numpy() / c_last, 1.0)
            hi_ratio = np.where(c_last > 0, last["high"].to_numpy() / c_last, 1.0)
        cols = [dates.index(d) for d in later]
        take = ahead - 1
        central[:, cols] = fc[:, take]
        low[:, cols] = fc[:, take] / spread[take] * lo_ratio[:, None]
        high[:, cols] = fc[:, take] * spread[take] * hi_ratio[:, None]
        forecast[:, cols] = True
    return central, low, high, forecast


def build_problem(
    *,
    dates: list[str],
    codes: np.ndarray,
    sources: pd.DataFrame,
    supply_t: np.ndarray,
    total_h: np.ndarray,
    sea_h: np.ndarray,
    demand: tuple[np.ndarray, np.ndarray, np.ndarray],
    trucks: np.ndarray,
    isotank_t: float,
    handling_h: float,
    driving_h_per_day: float,
    fleet_limited: bool = True,
    today: int = 0,
) -> PlanProblem:
    """The :class:`PlanProblem` of arrays already extracted (see the module docstring
    for each). ``sources`` has ``kind``: a shipment holds its cargo at the port."""
    n_t = len(dates)
    central, low, high = demand
    total = np.asarray(total_h, dtype=float)
    sea = np.where(np.isfinite(total), np.nan_to_num(np.asarray(sea_h, float)), 0.0)
    road = np.where(np.isfinite(total), total - sea, np.inf)
    lead = lead_days(total)
    is_ship = (sources["kind"] == "shipment").to_numpy() if len(sources) else np.zeros(0, bool)
    store = np.where(is_ship, np.inf, settings.PLANT_STORE_DAYS * supply_t.max(axis=1, initial=0.0))
    before = np.where(is_ship, 0.0, supply_t[:, 0] if n_t else 0.0)
    reach = lead[lead >= 0]
    warm = int(min(reach.max(), MAX_WARM_DAYS)) if reach.size else 0
    cap = settings.STOCK_COVER_DAYS * central[:, 0]
    trucks = np.asarray(trucks, dtype=float)
    if not fleet_limited:
        trucks = np.full(n_t, np.inf)
    containers = trucks * settings.CONTAINERS_PER_TRUCK
    return PlanProblem(
        dates=tuple(dates),
        source_ids=tuple(sources["id"].astype(str)),
        province_codes=np.asarray(codes, dtype=int),
        supply_t=np.asarray(supply_t, dtype=float),
        supply_before_t=before.astype(float),
        source_store_t=store.astype(float),
        lead_days=lead,
        truck_cycle_h=np.where(np.isfinite(road), 2.0 * road + handling_h, np.inf),
        container_cycle_h=np.where(np.isfinite(total), 2.0 * total + handling_h, np.inf),
        demand_t=central,
        stock0_t=cap.copy(),
        stock_cap_t=cap,
        trucks=trucks,
        containers=containers,
        isotank_t=float(isotank_t),
        driving_h_per_day=float(driving_h_per_day),
        warm_days=warm,
        demand_low_t=low,
        demand_high_t=high,
        today=int(today),
    )


def forecast_backtest(
    demand_for: DemandFor,
    codes: np.ndarray,
    as_of_dates: list[str],
    *,
    horizons: tuple[int, ...] = (3, 7),
    fit_days: int = settings.FORECAST_FIT_DAYS,
) -> pd.DataFrame:
    """Forecasts made on each ``as_of`` date against the model's own later estimate:
    one row per as-of date and horizon with ``national_forecast_t, national_model_t,
    error_pct`` (national, signed), ``province_mape_pct`` (mean absolute % error over
    provinces with demand) and ``in_band_share`` (provinces whose later estimate fell
    inside the forecast's own 80% band: split-conformal on the forecasts of the 21 days
    before, :func:`forecast_error_q`)."""
    rows = []
    codes = np.asarray(codes, dtype=int)

    def central(d: str) -> np.ndarray:
        t = demand_for(d).set_index("code").reindex(codes)["demand_t_per_day"]
        return t.astype(float).fillna(0.0).to_numpy()

    for as_of in as_of_dates:
        end = dt.date.fromisoformat(as_of)
        hist = np.column_stack(
            [
                central((end - dt.timedelta(days=fit_days - 1 - i)).isoformat())
                for i in range(fit_days)
            ]
        )
        fc = forecast_log_linear(hist, max(horizons))
        q = forecast_error_q(
            lambda day: central(day.isoformat()), end, list(horizons), fit_days=fit_days
        )
        for h in horizons:
            d = (end + dt.timedelta(days=h)).isoformat()
            truth = central(d)
            c = fc[:, h - 1]
            lo, hi = c * math.exp(-q[h]), c * math.exp(q[h])
            ok = truth > 0
            national_fc, national_truth = float(c.sum()), float(truth.sum())
            rows.append(
                {
                    "as_of": as_of,
                    "horizon_days": h,
                    "date": d,
                    "national_forecast_t": national_fc,
                    "national_model_t": national_truth,
                    "error_pct": 100.0 * (national_fc - national_truth) / national_truth
                    if national_truth
                    else math.nan,
                    "province_mape_pct": float(
                        100.0 * np.mean(np.abs(c[ok] - truth[ok]) / truth[ok])
                    )
                    if ok.any()
                    else math.nan,
                    # the forecast's own 80% band, from its past errors (not the model's)
                    "in_band_share": float(np.mean((truth[ok] >= lo[ok]) & (truth[ok] <= hi[ok])))
                    if ok.any()
                    else math.nan,
                }
            )
    return pd.DataFrame(rows)
