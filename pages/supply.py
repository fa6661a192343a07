"""Supply & demand: the supply lines reconciled to the national figure, demand per
province, allocation by isotank truck and ship with the fleet's cycle, the gap and what
limits each province."""

import pandas as pd
import streamlit as st

from geo import i18n, maps, narrative, settings
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

state.require_app()
st.title(state.t("page_supply"))
lang = st.session_state["lang"]
with st.expander(state.t("assumptions"), expanded=False):
    state.widget(
        st.radio,
        state.t("method"),
        "method",
        options=("auto", "cases", "beds", "active"),
        horizontal=True,
        format_func=lambda v, lang=lang: i18n.t(f"method_{v}", lang),
    )
    state.widget(
        st.radio,
        state.t("preset"),
        "preset",
        options=("calibrated", "who"),
        horizontal=True,
        format_func=lambda v, lang=lang: i18n.t(f"preset_{v}", lang),
    )
    state.demand_editors()
    c1, c2 = st.columns(2)
    with c1:
        lo, hi = settings.TRUCKS_RANGE
        state.widget(
            st.number_input, state.t("fleet"), "trucks", min_value=lo, max_value=hi, step=1
        )
    with c2:
        state.widget(
            st.radio,
            state.t("fleet_limit"),
            "fleet",
            options=("on", "off"),
            horizontal=True,
            format_func=lambda v, lang=lang: i18n.t(f"fleet_{v}", lang),
        )
    c1, c2, c3 = st.columns(3)
    lo, hi = settings.HANDLING_RANGE_H
    with c1:
        state.widget(st.number_input, state.t("load_h"), "load_h", min_value=lo, max_value=hi)
    with c2:
        state.widget(st.number_input, state.t("unload_h"), "unload_h", min_value=lo, max_value=hi)
    with c3:
        lo, hi = settings.DRIVING_RANGE_H_PER_DAY
        state.widget(st.number_input, state.t("drive_h"), "drive_h", min_value=lo, max_value=hi)
    st.info(narrative.model_limits(lang))

res = cache.start(engine=True)
pack = res.pack
render.require_layers(res, "provinces")
demand = render.guarded("demand", lambda: res.demand, None)
if demand is None:
    render.footer(res)
    st.stop()

# ---------------------------------------------------------------- supply lines
rec = res.supply
st.subheader(state.t("supply_lines"))
c1, c2, c3, c4 = st.columns(4)
c1.metric(state.t("kpi_lines_sum"), narrative.t_per_day(rec["sum_t_per_day"], lang, digits=1))
national = rec["national_t_per_day"]
c2.metric(
    state.t("kpi_national_supply"),
    "—" if national is None else narrative.t_per_day(national, lang, digits=1),
)
c3.metric(
    state.t("kpi_medical_supply"), narrative.t_per_day(rec["medical_t_per_day"], lang, digits=1)
)
c4.metric(state.t("kpi_capacity"), narrative.t_per_day(rec["capacity_t_per_day"], lang, digits=1))
share = rec["published_share"]
st.caption(
    f"{state.t('kpi_published_share')}: {i18n.percent(share, lang, digits=0)}. "
    + state.t("supply_quantities_help")
)
if rec.get("note"):
    st.caption(narrative.reconciliation_note(rec, lang))
if rec["unknown_lines"]:
    st.caption(state.t("unknown_lines").format(n=rec["unknown_lines"]))
lines = rec["lines"].drop(columns=["medical_schedule"], errors="ignore")
render.table(lines)
render.download_table(res, lines, "supply-lines")

st.subheader(state.t("statements_title"))
st.caption(state.t("statements_help"))
statements = pd.DataFrame(rec["statements"]).drop(columns=["by_status"], errors="ignore")
render.table(statements)
render.download_table(res, statements, "supply-statements")

st.subheader(state.t("shipments_title"))
shipments = rec["shipments"] if rec["shipments"] is not None else pd.DataFrame()
arrived = shipments[shipments["status"] == "arrived"] if len(shipments) else shipments
st.caption(
    state.t("shipments_help").format(
        arrived=i18n.number(
            float(pd.to_numeric(arrived.get("t"), errors="coerce").sum()) if len(arrived) else 0.0,
            lang,
        ),
        date=rec["date"],
        committed=int((shipments["status"] == "committed").sum()) if len(shipments) else 0,
    )
)
render.table(shipments)
render.download_table(res, shipments, "supply-shipments")

# ---------------------------------------------------------------- the day of the plan
# The plan is the one model: the date is shown as that day of the plan (stocks and lead
# times carried from the days before); the steady-day allocation below is a check.
day = render.guarded("plan", lambda: res.plan_day, None)
band = res.allocation_band()
alloc = band["central"]
prov = alloc.provinces.merge(demand[["code", "name", "low", "high"]], on="code", how="left")
names = pack.provinces.set_index("code")["name"]
unmet_label = f"{state.t('kpi_unmet')} ({narrative.unit('t/day', lang)})"
if day is not None:
    st.subheader(state.t("plan_day_title").format(date=day.date))
    figures = [
        (state.t("kpi_demand"), narrative.t_per_day(day.demand_t, lang)),
        (state.t("kpi_supplied"), narrative.t_per_day(day.delivered_t, lang)),
        (state.t("kpi_unmet"), narrative.t_per_day(day.unmet_t, lang)),
        (
            state.t("plan_day_trucks"),
            f"{i18n.number(day.trucks_in_use, lang, digits=1)} / "
            f"{i18n.number(day.trucks_available, lang)}",
        ),
    ]
    for col, (label, value) in zip(st.columns(4), figures, strict=True):
        col.metric(label, value)
    st.caption(
        state.t("plan_day_help").format(
            policy=i18n.t(f"policy_{day.policy}", lang),
            start=day.window[0],
            end=day.window[1],
            share=i18n.percent(day.share_met or 0.0, lang, digits=1),
            n=len(day.short()),
        )
    )
    day_prov = day.provinces.assign(name=lambda d: d["code"].map(names))
    shapes = pack.provinces.merge(
        day_prov[["code", "demand_t", "delivered_t", "unmet_t", "stock_t"]].rename(
            columns={"unmet_t": "unmet_t_per_day"}
        ),
        on="code",
        how="left",
    )
    flows = day.flows.rename(columns={"code": "province", "t": "t_per_day"})
    paths = res.plan_flow_paths
else:
    st.subheader(state.t("steady_day_title"))
    st.caption(
        state.t("plan_day_outside").format(
            date=res.scenario.date, start=res.scenario.plan_from, days=res.scenario.plan_days
        )
    )
    figures = []
    shapes = pack.provinces.merge(
        prov[["code", "unmet_t_per_day", "demand_t_per_day", "supplied_t_per_day", "limit"]],
        on="code",
        how="left",
    )
    flows = alloc.flows
    paths = res.flow_paths  # routes with their sea legs along the sea

m = maps.base_map(tiles=st.session_state["tiles"], lang=lang)
maps.add_provinces(
    m,
    shapes,
    value_column="unmet_t_per_day",
    label=unmet_label,
    fmt="{:,.1f}",
    legend_title=unmet_label,
    lang=lang,
)
sources = res.sources
sources_xy = {r.id: (r.geometry.x, r.geometry.y) for r in sources.itertuples()}
if day is not None:  # the plan's sources: lines and shipments at their port
    plan_src = res.plan_inputs.sources
    sources_xy |= {str(r.id): (float(r.lon), float(r.lat)) for r in plan_src.itertuples()}
prov_xy = {r.code: (r.capital_lon, r.capital_lat) for r in pack.provinces.itertuples()}
for mode, color, label in (
    ("road", "#d95f02", maps.map_label("flows", lang)),
    ("road+sea", "#1f78b4", maps.map_label("flows_sea", lang)),
):
    part = flows[flows["modes"] == mode] if "modes" in flows else flows.iloc[0:0]
    if len(part):
        maps.add_flows(
            m,
            part,
            sources_xy,
            prov_xy,
            source_column="plant",
            target_column="province",
            value_column="t_per_day",
            name=label,
            color=color,
            paths=paths,
            lang=lang,
        )
palette = {"domestic_plant": "#1f4e9c", "conversion": "#33a02c", "import": "#e31a1c"}
kinds = []
for kind, part in sources.groupby("kind"):
    label = str(i18n.value(kind, lang))
    kinds.append((palette.get(kind, "#6a3d9a"), label))
    maps.add_points(
        m,
        part.rename(columns={"capacity_t_per_day": "t_per_day"}),
        name=f"{state.t('supply_lines')}: {label}",
        label_column="name",
        popup_columns=("kind", "status", "t_per_day"),
        popup_labels=(
            i18n.column("kind", lang),
            i18n.column("status", lang),
            narrative.unit("t/day", lang),
        ),
        size_column="t_per_day",
        color=palette.get(kind, "#6a3d9a"),
        lang=lang,
    )
if kinds:  # one legend for the kinds, labelled in words
    maps.add_legend(m, state.t("supply_lines"), kinds, shape="circle")
render.show_map(m, key="supply_map")
render.download_map(res, m, "supply-map")

if day is not None:
    ranked_day = day_prov.sort_values("unmet_t", ascending=False, kind="stable")
    render.table(ranked_day)
    render.download_table(res, ranked_day, "plan-day-provinces")

# ---------------------------------------------------------------- steady-day check
total_d, total_s = prov["demand_t_per_day"].sum(), prov["supplied_t_per_day"].sum()
unmet = {b: float(a.provinces["unmet_t_per_day"].sum()) for b, a in band.items()}
trucks = {b: float(a.trucks_needed_unconstrained) for b, a in band.items()}
steady = [
    (state.t("kpi_demand"), narrative.t_per_day(total_d, lang)),
    (state.t("kpi_supplied"), narrative.t_per_day(total_s, lang)),
    (state.t("kpi_unmet"), narrative.t_per_day(unmet["central"], lang)),
    (
        state.t("kpi_trucks"),
        f"{i18n.number(alloc.trucks_needed, lang, digits=1)} / "
        f"{i18n.number(alloc.trucks_available, lang)}",
    ),
]
if day is not None:
    st.subheader(state.t("steady_day_title"))
    st.caption(state.t("steady_day_help"))
else:
    figures = steady
for col, (label, value) in zip(st.columns(4), steady, strict=True):
    col.metric(label, value)
st.caption(
    state.t("band_caption").format(
        d_low=i18n.number(prov["low"].sum(), lang),
        d_high=i18n.number(prov["high"].sum(), lang),
        u_low=i18n.number(unmet["low"], lang),
        u_high=i18n.number(unmet["high"], lang),
        t_low=i18n.number(trucks["low"], lang, digits=1),
        t_mid=i18n.number(trucks["central"], lang, digits=1),
        t_high=i18n.number(trucks["high"], lang, digits=1),
    )
)
st.markdown(narrative.fleet_sentence(alloc, lang=lang))
st.caption(
    state.t("isotanks_at_sea").format(n=i18n.number(alloc.isotanks_at_sea, lang, digits=1))
    + " "
    + state.t("fleet_binds_count").format(n=int(alloc.provinces["fleet_binds"].sum()))
)
local = res.local_supply
st.metric(
    state.t("local_supply"),
    f"{narrative.m3_per_day(local['total_m3_per_day'], lang)} ≈ "
    f"{narrative.t_per_day(local['total_t_per_day_equivalent'], lang)}",
    help=state.t("local_supply_help").format(
        concentrators=i18n.number(pack.supply.concentrators, lang),
        systems=i18n.number(pack.supply.concentrator_systems, lang),
        system=i18n.decimal(res.scenario.cap, lang),
    ),
)
render.brief_buttons(
    res,
    title=f"{state.t('page_supply')}: {res.scenario.date}",
    provinces=shapes,
    value_column="unmet_t_per_day",
    value_label=unmet_label,
    figures=figures,
)

st.subheader(state.t("fleet_sensitivity"))
sens = res.fleet_sensitivity
chart = sens.pivot(index="driving_h_per_day", columns="handling_h", values="trucks_needed")
chart.columns = [
    f"{state.t('handling')} {i18n.decimal(h, lang)} {state.t('h')}" for h in chart.columns
]
chart[state.t("fleet")] = float(alloc.trucks_available)
chart.index.name = i18n.column("driving_h_per_day", lang)
st.line_chart(chart)
st.caption(state.t("fleet_sensitivity_help"))
params = pd.DataFrame(res.fleet_parameters).T
params.index = [i18n.t(f"fleet_param_{k}", lang) for k in params.index]
render.table(params.reset_index(names=i18n.column("parameter", lang)))

st.subheader(state.t("demand_t"))
bars = prov.set_index("name")[["demand_t_per_day", "supplied_t_per_day"]]
bars.columns = [i18n.column(c, lang) for c in bars.columns]
if len(bars):
    st.bar_chart(bars, stack=False)  # side by side: supplied is part of demand
else:
    st.info(state.t("no_data"))
if res.scenario.method == "cases":
    series = render.guarded("demand", lambda: res.demand_series, None)
    if series is not None and len(series) > 1:
        render.time_chart(series, lang, y_title=state.t("demand_t"))

st.subheader(state.t("underserved"))
ranked = prov.sort_values("unmet_t_per_day", ascending=False)
render.table(ranked)
render.download_table(res, ranked, "province-gap")
st.subheader(state.t("flows"))
render.table(flows)
render.download_table(res, flows, "flows" if day is None else "plan-day-flows")
render.footer(res)
