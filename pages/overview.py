"""Overview: provinces by oxygen demand, plants by capacity, hospitals clustered."""

import streamlit as st

from geo import maps
from pages import _shared as ui

ui.require_app()

pack = ui.get_pack()
ui.require_layers(pack, "provinces")
st.title(ui.t("app_title"))
st.caption(pack.title)

demand = ui.demand_table(pack)
c1, c2, c3, c4 = st.columns(4)
total = float(demand["demand_t_per_day"].sum()) if len(demand) else 0.0
c1.metric(
    ui.t("kpi_demand"),
    f"{total:,.0f} t/day",
    help=f"{demand['low'].sum():,.0f}–{demand['high'].sum():,.0f} t/day" if len(demand) else None,
)
c2.metric(ui.t("kpi_supply"), f"{pack.plants['capacity_t_per_day'].sum():,.0f} t/day")
c3.metric(ui.t("kpi_hospitals"), f"{len(pack.hospitals):,}")
c4.metric(
    ui.t("kpi_national_supply"),
    f"{pack.supply.national_supply_t_per_day:,.1f} t/day",
    help=pack.supply.sources.get("national_supply_t_per_day", ""),
)

provinces = pack.provinces.merge(
    demand[["code", "demand_t_per_day", "low", "high"]], on="code", how="left"
)
m = maps.base_map(tiles=st.session_state["tiles"])
maps.add_provinces(
    m,
    provinces,
    value_column="demand_t_per_day",
    label=ui.t("demand_t"),
    fmt="{:,.0f}",
    legend_title=ui.t("demand_t"),
)
maps.add_plants(m, pack.plants)
hospitals = ui.hospital_filter(pack.hospitals)
maps.add_hospitals(m, hospitals)
selected = ui.province_picker(pack)
if selected:
    m.fit_bounds(ui.province_bounds(pack, selected))
ui.show_map(m, key="overview_map")
ui.download_map(m, "overview-map")
ui.brief_buttons(
    pack,
    title=f"{ui.t('demand_t')}: {st.session_state['date']}",
    provinces=provinces,
    value_column="demand_t_per_day",
    value_label=ui.t("demand_t"),
    figures=[
        (ui.t("kpi_demand"), f"{total:,.0f} t/day"),
        (ui.t("kpi_supply"), f"{pack.plants['capacity_t_per_day'].sum():,.0f} t/day"),
        (ui.t("kpi_hospitals"), f"{len(pack.hospitals):,}"),
        (ui.t("kpi_national_supply"), f"{pack.supply.national_supply_t_per_day:,.1f} t/day"),
    ],
)

if selected:
    row = demand[demand["code"] == selected]
    st.subheader(str(row["name"].iloc[0]) if len(row) else str(selected))
    st.dataframe(row, hide_index=True, width="stretch")
    in_province = pack.hospitals[pack.hospitals["province_code"] == selected]
    st.dataframe(ui.plain_table(in_province), hide_index=True, width="stretch")
st.subheader(ui.t("demand_t"))
st.dataframe(demand, hide_index=True, width="stretch")
ui.download_table(demand, "province-demand")
ui.footer(pack)
