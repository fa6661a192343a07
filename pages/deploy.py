"""Deploy: where K concentrator systems cover the most unmet oxygen demand within H hours,
each unit within its output capacity (exact MILP, HiGHS)."""

import streamlit as st

from geo import maps, siting
from pages import _shared as ui

ui.require_app()

pack = ui.get_pack()
ui.require_layers(pack, "provinces", "plants", "hospitals")
st.title(ui.t("page_deploy"))
c1, c2, c3 = st.columns(3)
with c1:
    ui.widget(st.slider, ui.t("k_units"), "k", min_value=1, max_value=50)
with c2:
    ui.widget(st.slider, ui.t("hours"), "hours", min_value=0.5, max_value=96.0, step=0.5)
with c3:
    ui.widget(
        st.number_input,
        ui.t("capacity_unit"),
        "cap",
        min_value=1.0,
        max_value=1e6,
        step=10.0,
        help=f"default {siting.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY:g} m³/day (30 Nm³/h PSA unit x 24 h)",
    )

demand = ui.demand_table(pack)
alloc = ui.allocation(pack, demand)
with st.status(ui.t("computing"), expanded=False) as status:
    problem, result, marginal = ui.siting(pack, alloc)
    status.update(
        label=f"{result.solver}: {'optimal' if result.optimal else f'gap {result.gap:.2%}'}",
        state="complete",
    )

c1, c2, c3 = st.columns(3)
c1.metric(ui.t("kpi_covered_m3"), f"{result.objective:,.0f}")
c2.metric(ui.t("kpi_patients"), f"{result.patients_severe:,.0f}")
c3.metric(ui.t("kpi_share_unmet"), f"{result.covered_share:.2%}")

sites = ui.site_table(pack, result)
m = maps.base_map(tiles=st.session_state["tiles"])
maps.add_plants(m, pack.plants)
if len(sites):
    maps.add_points(
        m,
        sites,
        name=ui.t("concentrator_systems"),
        label_column="name",
        popup_columns=("covered_m3_per_day", "province_code"),
        size_column="covered_m3_per_day",
        legend_label=ui.t("concentrator_systems"),
    )
ui.show_map(m, key="deploy_map")
ui.download_map(m, "deploy-map")
unmet = pack.provinces.merge(alloc.provinces[["code", "unmet_t_per_day"]], on="code", how="left")
ui.brief_buttons(
    pack,
    title=f"{ui.t('page_deploy')}: K = {st.session_state['k']}, {st.session_state['hours']:g} h",
    provinces=unmet,
    value_column="unmet_t_per_day",
    value_label=ui.t("kpi_unmet") + " (t/day)",
    figures=[
        (ui.t("kpi_covered_m3"), f"{result.objective:,.0f}"),
        (ui.t("kpi_patients"), f"{result.patients_severe:,.0f}"),
        (ui.t("kpi_share_unmet"), f"{result.covered_share:.2%}"),
    ],
    points=sites if len(sites) else None,
    points_label=ui.t("concentrator_systems"),
)

st.subheader(ui.t("marginal"))
if marginal is None:
    st.info(ui.t("marginal_skipped"))
else:
    st.line_chart(marginal.set_index("k")[["objective"]])
    st.dataframe(marginal, hide_index=True, width="stretch")
st.subheader(ui.t("plan"))
st.dataframe(ui.plain_table(sites), hide_index=True, width="stretch")
ui.download_table(sites, "deployment-plan", geo=True)
ui.footer(pack)
