"""Supply & demand: demand per province, allocation from plants with the isotank fleet,
the gap and what limits each province."""

import streamlit as st

from geo import demand as demand_model
from geo import i18n, maps, narrative, pipeline, settings
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
        options=("cases", "beds"),
        horizontal=True,
        format_func=lambda v, lang=lang: i18n.t(f"method_{v}", lang),
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
            st.radio, state.t("fleet_limit"), "fleet", options=("on", "off"), horizontal=True
        )
    st.info(demand_model.MODEL_LIMITS)

res = cache.start(engine=True)
pack = res.pack
render.require_layers(res, "provinces", "plants")
demand = render.guarded("demand", lambda: res.demand, None)
if demand is None:
    render.footer(res)
    st.stop()
alloc = res.allocation
prov = alloc.provinces.merge(demand[["code", "name", "low", "high"]], on="code", how="left")
total_d, total_s = prov["demand_t_per_day"].sum(), prov["supplied_t_per_day"].sum()
figures = [
    (state.t("kpi_demand"), narrative.t_per_day(total_d, lang)),
    (state.t("kpi_supplied"), narrative.t_per_day(total_s, lang)),
    (state.t("kpi_unmet"), narrative.t_per_day(prov["unmet_t_per_day"].sum(), lang)),
    (state.t("kpi_trucks"), f"{alloc.trucks_needed:,.1f} / {alloc.trucks_available:g}"),
]
for col, (label, value) in zip(st.columns(4), figures, strict=True):
    col.metric(label, value)
local = res.local_supply
st.metric(
    state.t("local_supply"),
    f"{local['total_m3_per_day']:,.0f} {narrative.unit('m3/day', lang)} ≈ "
    f"{narrative.t_per_day(local['total_t_per_day_equivalent'], lang)}",
    help=state.t("local_supply_help").format(
        concentrators=pack.supply.concentrators,
        cylinders=pack.supply.cylinders,
        systems=pack.supply.concentrator_systems,
        system=res.scenario.cap,
    ),
)
st.markdown(narrative.fleet_sentence(alloc, lang=lang))

m = maps.base_map(tiles=st.session_state["tiles"])
shapes = pack.provinces.merge(
    prov[["code", "unmet_t_per_day", "demand_t_per_day", "supplied_t_per_day", "limit"]],
    on="code",
    how="left",
)
unmet_label = f"{state.t('kpi_unmet')} ({narrative.unit('t/day', lang)})"
maps.add_provinces(
    m,
    shapes,
    value_column="unmet_t_per_day",
    label=unmet_label,
    fmt="{:,.1f}",
    legend_title=unmet_label,
    lang=lang,
)
plants_xy = {r.id: (r.geometry.x, r.geometry.y) for r in pack.plants.itertuples()}
prov_xy = {r.code: (r.capital_lon, r.capital_lat) for r in pack.provinces.itertuples()}
if len(alloc.flows):
    maps.add_flows(
        m,
        alloc.flows,
        plants_xy,
        prov_xy,
        source_column="plant",
        target_column="province",
        value_column="t_per_day",
        lang=lang,
    )
maps.add_plants(m, pack.plants, lang=lang)
render.show_map(m, key="supply_map")
render.download_map(m, "supply-map")
render.brief_buttons(
    res,
    title=f"{state.t('page_supply')}: {res.scenario.date}",
    provinces=shapes,
    value_column="unmet_t_per_day",
    value_label=unmet_label,
    figures=figures,
)

st.subheader(state.t("demand_t"))
chart = prov.set_index("name")[["demand_t_per_day", "supplied_t_per_day"]]
if len(chart):
    st.bar_chart(chart)
else:
    st.info(state.t("no_data"))
if res.scenario.method == "cases":
    series = render.guarded(
        "demand",
        lambda: res.runner.demand_series(res.scenario, pipeline.scenario_dates(pack)),
        None,
    )
    if series is not None and len(series) > 1:
        st.line_chart(series)

st.subheader(state.t("underserved"))
ranked = prov.sort_values("unmet_t_per_day", ascending=False)
st.dataframe(ranked, hide_index=True, width="stretch")
render.download_table(ranked, "province-gap")
st.subheader(state.t("flows"))
st.dataframe(alloc.flows, hide_index=True, width="stretch")
render.download_table(alloc.flows, "flows")
render.footer(res)
