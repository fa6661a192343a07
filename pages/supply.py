"""Supply & demand: demand per province, allocation from plants with the isotank fleet,
the gap and what limits each province."""

import streamlit as st

from geo import demand as demand_model
from geo import maps, pipeline
from pages import _shared as ui

ui.require_app()

pack = ui.get_pack()
ui.require_layers(pack, "provinces", "plants")
st.title(ui.t("page_supply"))

with st.expander(ui.t("assumptions"), expanded=False):
    ui.widget(
        st.radio,
        ui.t("method"),
        "method",
        options=("cases", "beds"),
        horizontal=True,
        format_func=lambda v, lang=st.session_state["lang"]: ui.i18n.t(f"method_{v}", lang),
    )
    ui.demand_editors()
    c1, c2 = st.columns(2)
    with c1:
        ui.widget(st.number_input, ui.t("fleet"), "trucks", min_value=0, max_value=5000, step=1)
    with c2:
        ui.widget(st.radio, ui.t("fleet_limit"), "fleet", options=("on", "off"), horizontal=True)
    st.info(demand_model.MODEL_LIMITS)

demand = ui.demand_table(pack)
alloc = ui.allocation(pack, demand)
prov = alloc.provinces.merge(demand[["code", "name", "low", "high"]], on="code", how="left")
total_d, total_s = prov["demand_t_per_day"].sum(), prov["supplied_t_per_day"].sum()
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    ui.t("kpi_demand"),
    f"{total_d:,.0f} t/day",
    help=f"{prov['low'].sum():,.0f}–{prov['high'].sum():,.0f} t/day",
)
c2.metric(ui.t("kpi_supplied"), f"{total_s:,.0f} t/day")
c3.metric(ui.t("kpi_unmet"), f"{prov['unmet_t_per_day'].sum():,.0f} t/day")
c4.metric(ui.t("kpi_trucks"), f"{alloc.trucks_needed:,.1f} / {alloc.trucks_available:g}")
local = pipeline.national_local_supply(pack, system_m3_per_day=st.session_state["cap"])
st.metric(
    ui.t("local_supply"),
    f"{local['total_m3_per_day']:,.0f} m³/day ≈ {local['total_t_per_day_equivalent']:,.0f} t/day",
    help=ui.t("local_supply_help").format(
        concentrators=pack.supply.concentrators,
        cylinders=pack.supply.cylinders,
        systems=pack.supply.concentrator_systems,
        system=st.session_state["cap"],
    ),
)
enough = alloc.trucks_needed_unconstrained <= alloc.trucks_available + 1e-9
st.markdown(ui.fleet_sentence(alloc, enough))

m = maps.base_map(tiles=st.session_state["tiles"])
shapes = pack.provinces.merge(
    prov[["code", "unmet_t_per_day", "demand_t_per_day", "supplied_t_per_day", "limit"]],
    on="code",
    how="left",
)
maps.add_provinces(
    m,
    shapes,
    value_column="unmet_t_per_day",
    label=ui.t("kpi_unmet") + " (t/day)",
    fmt="{:,.1f}",
    legend_title=ui.t("kpi_unmet") + " (t/day)",
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
    )
maps.add_plants(m, pack.plants)
ui.show_map(m, key="supply_map")
ui.download_map(m, "supply-map")
ui.brief_buttons(
    pack,
    title=f"{ui.t('page_supply')}: {st.session_state['date']}",
    provinces=shapes,
    value_column="unmet_t_per_day",
    value_label=ui.t("kpi_unmet") + " (t/day)",
    figures=[
        (ui.t("kpi_demand"), f"{total_d:,.0f} t/day"),
        (ui.t("kpi_supplied"), f"{total_s:,.0f} t/day"),
        (ui.t("kpi_unmet"), f"{prov['unmet_t_per_day'].sum():,.0f} t/day"),
        (ui.t("kpi_trucks"), f"{alloc.trucks_needed:,.1f} / {alloc.trucks_available:g}"),
    ],
)

st.subheader(ui.t("demand_t"))
chart = prov.set_index("name")[["demand_t_per_day", "supplied_t_per_day"]]
if len(chart):
    st.bar_chart(chart)
else:
    st.info(ui.t("no_data"))
series = ui.demand_series(pack)
if len(series) > 1:
    st.line_chart(series)

st.subheader(ui.t("underserved"))
ranked = prov.sort_values("unmet_t_per_day", ascending=False)
st.dataframe(ranked, hide_index=True, width="stretch")
ui.download_table(ranked, "province-gap")
st.subheader(ui.t("flows"))
st.dataframe(alloc.flows, hide_index=True, width="stretch")
ui.download_table(alloc.flows, "flows")
ui.footer(pack)
