"""Plan: the crisis as days. Production, shipments, trucks and stocks over a window,
who runs short when, under a rationing rule; the rules side by side; the fleet curve.
Every number comes from ``Result.plan*`` (geo.plan via geo.pipeline)."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from geo import i18n, maps, narrative, settings
from geo import scenario as scenario_model
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

state.require_app()
st.title(state.t("page_plan"))
lang = st.session_state["lang"]
with st.expander(state.t("plan_settings"), expanded=True):
    c1, c2, c3 = st.columns(3)
    with c1:
        start = dt.date.fromisoformat(st.session_state["plan_from"])
        picked = st.date_input(state.t("plan_from"), value=start, key="w_plan_from_date")
        if picked.isoformat() != st.session_state["plan_from"]:
            st.session_state["plan_from"] = picked.isoformat()
    with c2:
        lo, hi = settings.PLAN_DAYS_RANGE
        state.widget(st.number_input, state.t("plan_days"), "plan_days", min_value=lo, max_value=hi)
    with c3:
        state.widget(
            st.selectbox,
            state.t("policy"),
            "policy",
            options=scenario_model.POLICIES,
            format_func=lambda v, lang=lang: i18n.t(f"policy_{v}", lang),
        )
    c1, c2 = st.columns(2)
    with c1:
        lo, hi = settings.TRUCKS_RANGE
        state.widget(
            st.number_input,
            state.t("plan_mobilised"),
            "trucks",
            min_value=lo,
            max_value=hi,
            step=1,
            help=state.t("plan_mobilised_help").format(own=settings.PRODUCER_OWN_TRUCKS),
        )
    with c2:
        as_of = st.session_state["as_of"]
        use = st.checkbox(state.t("plan_as_of"), value=bool(as_of), key="w_as_of_on")
        if use:
            value = dt.date.fromisoformat(as_of or st.session_state["plan_from"])
            picked = st.date_input(state.t("plan_as_of_date"), value=value, key="w_as_of_date")
            st.session_state["as_of"] = picked.isoformat()
        elif as_of:
            st.session_state["as_of"] = ""
    st.caption(state.t(f"policy_{st.session_state['policy']}_help"))

res = cache.start(engine=True)
pack = res.pack
render.require_layers(res, "provinces")
solved = render.guarded("plan", lambda: res.plan_solved, None)
if solved is None:
    render.footer(res)
    st.stop()
names = pack.provinces.set_index("code")["name"]
pdays = solved.province_days.assign(name=lambda d: d["code"].map(names))
days = solved.days
provinces = solved.provinces.assign(name=lambda d: d["code"].map(names))

# ---------------------------------------------------------------- headline
short = provinces[provinces["days_short"] > 0]
figures = [
    (state.t("plan_unmet_total"), f"{i18n.number(solved.unmet_t, lang)} t"),
    (
        state.t("plan_provinces_short"),
        f"{i18n.number(len(short), lang)} / {i18n.number(len(provinces), lang)}",
    ),
    (state.t("plan_min_share"), i18n.percent(solved.min_share(), lang, digits=0)),
    (state.t("plan_trucks_peak"), i18n.number(days["trucks_in_use"].max(), lang)),
]
for col, (label, value) in zip(st.columns(4), figures, strict=True):
    col.metric(label, value)
if pdays.get("forecast", pd.Series(False)).any():
    st.info(state.t("plan_forecast_note").format(as_of=res.scenario.as_of))

note = res.plan_note
if note.get("in_plan"):
    st.subheader(state.t("plan_java_bali"))
    st.markdown(
        state.t("plan_java_bali_text").format(
            lo=i18n.date(note["window"][0], lang),
            hi=i18n.date(note["window"][1], lang),
            unmet=i18n.number(note["unmet_t"], lang),
            demand=i18n.number(note["demand_t"], lang),
            share=i18n.percent(note["share_met"] or 0.0, lang, digits=1),
            short=", ".join(f"{s['name']} ({s['days_short']})" for s in note["short"]) or "—",
        )
    )
    rows = []
    for f in note["facts"]:
        model = ", ".join(
            f"{i18n.column(k, lang)} = "
            + (i18n.decimal(v, lang, max_digits=3) if isinstance(v, float) else str(v))
            for k, v in f["model"].items()
        )
        rows.append(
            {
                state.t("plan_fact"): f["statement"],
                state.t("plan_model"): model,
                state.t("source"): f["source"],
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")  # headers translated
    for f in note["facts"]:
        if f["id"] == "java_production_2021-07-10" and narrative.java_production_sentence(f, lang):
            st.markdown(narrative.java_production_sentence(f, lang))
    st.caption(state.t("plan_facts_caption"))

# ---------------------------------------------------------------- national by day
st.subheader(state.t("plan_national"))
national = days.set_index("date")[["demand_t", "supply_t", "delivered_t", "unmet_t"]]
national.columns = [state.t(f"plan_col_{c}") for c in national.columns]
render.time_chart(national, lang, y_title="t")
fleet_days = days.set_index("date")[["trucks_in_use", "trucks_available", "containers_in_use"]]
fleet_days.columns = [state.t(f"plan_col_{c}") for c in fleet_days.columns]
render.time_chart(fleet_days, lang)

# ---------------------------------------------------------------- heatmap
st.subheader(state.t("plan_heatmap"))
heat = (
    alt.Chart(pdays)
    .mark_rect()
    .encode(
        x=alt.X("date:O", title=state.t("date")),
        y=alt.Y("name:N", title=None, sort=alt.SortField("code")),
        color=alt.Color(
            "share_met:Q",
            title=state.t("plan_share_met"),
            scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen"),
        ),
        tooltip=["name", "date", "demand_t", "delivered_t", "unmet_t", "stock_t", "share_met"],
    )
    .properties(height=18 * len(provinces))
)
st.altair_chart(heat, width="stretch")

# ---------------------------------------------------------------- day slider + map
st.subheader(state.t("plan_map"))
dates = list(days["date"])
day = st.select_slider(state.t("plan_day"), options=dates, value=dates[0], key="w_plan_day")
layer = st.radio(
    state.t("plan_map_layer"),
    ("first_short", "share_day"),
    horizontal=True,
    format_func=lambda v, lang=lang: i18n.t(f"plan_layer_{v}", lang),
    key="w_plan_layer",
)
first_index = provinces["first_short_day"].map(lambda d: dates.index(d) + 1 if d else None)
on_day = pdays[pdays["date"] == day][["code", "demand_t", "delivered_t", "unmet_t", "stock_t"]]
on_day = on_day.assign(share_met=pdays.loc[pdays["date"] == day, "share_met"].to_numpy())
shapes = pack.provinces.merge(
    provinces[["code", "days_short", "unmet_t_total"]].assign(first_short_day_n=first_index),
    on="code",
    how="left",
).merge(on_day, on="code", how="left")
m = maps.base_map(tiles=st.session_state["tiles"], lang=lang)
if layer == "first_short":
    label = state.t("plan_layer_first_short")
    maps.add_provinces(
        m, shapes, value_column="first_short_day_n", label=label, fmt="{:,.0f}", lang=lang
    )
else:
    label = f"{state.t('plan_share_met')} {day}"
    maps.add_provinces(m, shapes, value_column="share_met", label=label, fmt="{:.0%}", lang=lang)
render.show_map(m, key="plan_map")
st.caption(state.t("plan_map_caption"))
table = on_day.assign(name=lambda d: d["code"].map(names)).sort_values("unmet_t", ascending=False)
render.table(table)

# ---------------------------------------------------------------- provinces
st.subheader(state.t("plan_provinces"))
ranked = provinces.sort_values("unmet_t_total", ascending=False)
render.table(ranked)
render.download_table(res, ranked, "plan-provinces")
render.download_table(res, pdays, "plan-province-days")

# ---------------------------------------------------------------- rules side by side
st.subheader(state.t("plan_policies"))
if st.toggle(state.t("plan_policies_run"), key="w_plan_policies"):
    compared = render.guarded("plan", lambda: res.plan_policies(), None)
    if compared:
        summary, per = [], {}
        for name, r in compared.items():
            p = r.provinces
            summary.append(
                {
                    "policy": i18n.t(f"policy_{name}", lang),
                    "unmet_t_total": float(r.unmet_t),
                    "min_share": float(r.min_share()),
                    "provinces_short": int((p["days_short"] > 0).sum()),
                    "days_short": int(p["days_short"].sum()),
                }
            )
            per[i18n.t(f"policy_{name}", lang)] = p.set_index("code")["unmet_t_total"]
        render.table(pd.DataFrame(summary))
        base = compared.get("least-hours")
        for name, r in compared.items():
            extra = r.unmet_t - base.unmet_t if base is not None else 0.0
            if name != "least-hours" and extra > 0.5:
                st.caption(
                    state.t("plan_policies_cost").format(
                        policy=i18n.t(f"policy_{name}", lang),
                        extra=i18n.number(extra, lang),
                        share=i18n.percent(r.min_share(), lang, digits=0),
                        base_share=i18n.percent(base.min_share(), lang, digits=0),
                    )
                )
        side = pd.DataFrame(per)
        side.insert(0, "name", side.index.map(names))
        render.table(side[side.iloc[:, 1:].sum(axis=1) > 0].rename_axis("code").reset_index())

# ---------------------------------------------------------------- fleet curve
st.subheader(state.t("plan_fleet"))
if st.toggle(state.t("plan_fleet_run"), key="w_plan_fleet"):
    full = render.guarded("plan", lambda: res.plan, None)
    if full is not None:
        fleet = full.fleet
        c1, c2, c3 = st.columns(3)
        c1.metric(state.t("plan_trucks_min"), i18n.number(fleet["trucks_min"], lang))
        c2.metric(state.t("plan_containers_min"), i18n.number(fleet["containers_min"], lang))
        c3.metric(state.t("plan_unmet_min"), f"{i18n.number(fleet['unmet_min_t'], lang)} t")
        curve = pd.DataFrame(fleet["unmet_by_trucks"]).set_index("trucks")
        curve.columns = [state.t("plan_unmet_total")]
        st.line_chart(curve)
        st.caption(state.t("plan_fleet_caption"))
st.subheader(state.t("plan_backtest"))
if st.toggle(state.t("plan_backtest_run"), key="w_plan_backtest"):
    bt = render.guarded("plan", lambda: res.plan_backtest, None)
    if bt is not None and len(bt):
        summary = (
            bt.assign(abs_error_pct=bt["error_pct"].abs())
            .groupby("horizon_days")[
                ["abs_error_pct", "error_pct", "province_mape_pct", "in_band_share"]
            ]
            .mean()
            .reset_index()
        )
        render.table(summary)
        st.caption(state.t("plan_backtest_caption"))
st.caption(
    state.t("plan_assumptions").format(
        cover=settings.STOCK_COVER_DAYS,
        own=settings.PRODUCER_OWN_TRUCKS,
        unit=narrative.unit("t/day", lang),
    )
)
render.footer(res)
