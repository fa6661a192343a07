"""Deploy: where K concentrator systems cover the most unmet oxygen demand within H hours,
each unit within its output capacity (exact MILP, HiGHS)."""

import streamlit as st

from geo import maps, narrative, settings
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

state.require_app()
st.title(state.t("page_deploy"))
lang = st.session_state["lang"]
c1, c2, c3 = st.columns(3)
with c1:
    lo, hi = settings.K_RANGE
    state.widget(st.slider, state.t("k_units"), "k", min_value=lo, max_value=hi)
with c2:
    state.hours_slider()
with c3:
    lo, hi = settings.CAPACITY_RANGE_M3_PER_DAY
    state.widget(
        st.number_input,
        state.t("capacity_unit"),
        "cap",
        min_value=lo,
        max_value=hi,
        step=10.0,
        help=f"{settings.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY:g} "
        f"{narrative.unit('m3/day', lang)} = "
        f"{settings.DEFAULT_SYSTEM_CAPACITY_NM3_PER_H:g} Nm³/h PSA x 24 h",
    )

res = cache.start(engine=True)
pack = res.pack
render.require_layers(res, "provinces", "plants", "hospitals")
if render.guarded("demand", lambda: res.demand, None) is None:
    render.footer(res)
    st.stop()
alloc = res.allocation
with st.status(state.t("computing"), expanded=False) as status:
    result = res.siting.result
    status.update(
        label=f"{result.solver}: {'optimal' if result.optimal else f'gap {result.gap:.2%}'}",
        state="complete",
    )

figures = [
    (state.t("kpi_covered_m3"), f"{result.objective:,.0f}"),
    (state.t("kpi_patients"), f"{result.patients_severe:,.0f}"),
    (state.t("kpi_share_unmet"), f"{result.covered_share:.2%}"),
]
for col, (label, value) in zip(st.columns(3), figures, strict=True):
    col.metric(label, value)

sites = render.site_table(pack, result)
m = maps.base_map(tiles=st.session_state["tiles"])
maps.add_plants(m, pack.plants, lang=lang)
if len(sites):
    maps.add_points(
        m,
        sites,
        name=state.t("concentrator_systems"),
        label_column="name",
        popup_columns=("covered_m3_per_day", "province_code"),
        size_column="covered_m3_per_day",
        legend_label=state.t("concentrator_systems"),
    )
render.show_map(m, key="deploy_map")
render.download_map(m, "deploy-map")
unmet = pack.provinces.merge(alloc.provinces[["code", "unmet_t_per_day"]], on="code", how="left")
render.brief_buttons(
    res,
    title=f"{state.t('page_deploy')}: K = {res.scenario.k}, {res.scenario.hours:g} h",
    provinces=unmet,
    value_column="unmet_t_per_day",
    value_label=f"{state.t('kpi_unmet')} ({narrative.unit('t/day', lang)})",
    figures=figures,
    points=sites if len(sites) else None,
    points_label=state.t("concentrator_systems"),
)

st.subheader(state.t("marginal"))
if st.toggle(state.t("marginal_compute"), key="w_marginal"):  # k re-solves: on demand
    marginal = res.runner.marginal(res.scenario)
    if marginal is None:
        st.info(state.t("marginal_skipped"))
    else:
        st.line_chart(marginal.set_index("k")[["objective"]])
        st.dataframe(marginal, hide_index=True, width="stretch")
st.subheader(state.t("plan"))
st.dataframe(render.plain_table(sites), hide_index=True, width="stretch")
render.download_table(sites, "deployment-plan", geo=True)
render.footer(res)
