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
c1, c2, c3, c4 = st.columns(4)
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
with c4:
    lo, hi = settings.REMOTE_WEIGHT_RANGE
    state.widget(
        st.number_input,
        state.t("remote_weight"),
        "remote",
        min_value=lo,
        max_value=hi,
        step=0.5,
        help=state.t("remote_weight_help"),
    )
st.caption(state.t("deploy_meaning").format(hours=st.session_state["hours"]))

res = cache.start(engine=True)
pack = res.pack
render.require_layers(res, "provinces", "plants", "hospitals")
if render.guarded("demand", lambda: res.demand, None) is None:
    render.footer(res)
    st.stop()
alloc = res.allocation
with st.status(state.t("computing"), expanded=False) as status:
    plan = res.siting
    result = plan.result
    report = res.deploy
    status.update(
        label=f"{result.solver}: {'optimal' if result.optimal else f'gap {result.gap:.2%}'}",
        state="complete",
    )

figures = [
    (state.t("kpi_covered_m3"), f"{result.covered_m3_per_day:,.0f}"),
    (state.t("kpi_patients"), f"{result.patients_severe:,.0f}"),
    (
        state.t("kpi_share_unmet"),
        f"{result.covered_m3_per_day / max(plan.problem.total_demand_m3_per_day, 1e-9):.2%}",
    ),
]
for col, (label, value) in zip(st.columns(3), figures, strict=True):
    col.metric(label, value)
st.caption(
    state.t("deploy_objective").format(
        objective=result.objective, remote=res.scenario.remote, days=settings.RELIEF_DAYS_MAX
    )
)
hosts = ", ".join(f"{v:,} {k}" for k, v in plan.not_hosts.items() if v)
st.caption(state.t("deploy_hosts").format(n=plan.problem.n_candidates, dropped=hosts or "0"))
if report.horizon_note:
    st.info(state.t("deploy_horizon_same"))

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

st.subheader(state.t("deploy_why"))
st.dataframe(report.reasons, hide_index=True, width="stretch")
render.download_table(report.reasons, "site-reasons")
st.subheader(state.t("deploy_alternatives"))
st.dataframe(report.alternatives, hide_index=True, width="stretch")
st.subheader(state.t("deploy_sizes"))
st.dataframe(report.unit_sizes, hide_index=True, width="stretch")

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
