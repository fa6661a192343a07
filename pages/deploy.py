"""Deploy: where K concentrator systems avert the most patient-days without oxygen, each
unit within its output, on the shortfall by day (exact MILP, HiGHS). The headline renders
first; comparisons, unit sizes and the change table are later stages."""

import streamlit as st

from geo import deploy as deploy_model
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
        help=f"{settings.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY:,.0f} "
        f"{narrative.unit('m3/day', lang)} = {settings.DOCS_PATIENTS_PER_DAY:g} x "
        f"{settings.SEVERE_PATIENT_M3_PER_DAY:g} m³/day (Kemenperin, 8 Jul 2021; WHO severe "
        f"flow) = {settings.DEFAULT_SYSTEM_CAPACITY_NM3_PER_H:g} m³/h",
    )
st.caption(state.t("deploy_meaning").format(hours=st.session_state["hours"]))

res = cache.start(engine=True)
pack = res.pack
render.require_layers(res, "provinces", "plants", "hospitals")
if render.guarded("demand", lambda: res.demand, None) is None:
    render.footer(res)
    st.stop()
with st.status(state.t("computing"), expanded=False) as status:
    plan = res.siting
    result = plan.result
    status.update(
        label=f"{result.solver}: {'optimal' if result.optimal else f'gap {result.gap:.2%}'}",
        state="complete",
    )
short = plan.shortfall
basis = (
    state.t("deploy_basis_plan").format(policy=short.policy)
    if short.basis == "plan"
    else state.t("deploy_basis_steady")
)
st.caption(
    state.t("deploy_objective").format(
        start=short.operating_from,
        end=short.window_to,
        lead=settings.INSTALL_LEAD_DAYS,
        basis=basis,
    )
)
hosts = ", ".join(f"{v:,} {k}" for k, v in plan.not_hosts.items() if v)
st.caption(state.t("deploy_hosts").format(n=plan.problem.n_candidates, dropped=hosts or "0"))

if plan.zero_value:  # say so, and do not draw a plan as if it mattered
    st.warning(state.t("deploy_zero_value"))
    render.footer(res)
    st.stop()

short_pd = plan.problem.total_patient_days
figures = [
    (state.t("kpi_patient_days"), f"{result.objective:,.0f}"),
    (state.t("kpi_short_patient_days"), f"{short_pd:,.0f}"),
    (state.t("kpi_share_averted"), f"{result.objective / max(short_pd, 1e-9):.1%}"),
]
for col, (label, value) in zip(st.columns(3), figures, strict=True):
    col.metric(label, value)
idle = int(st.session_state["k"]) - len(plan.sites)
if idle > 0:
    st.info(state.t("deploy_idle").format(idle=idle, k=st.session_state["k"]))

sites = render.site_table(pack, plan)
reasons = plan.reasons
if len(sites):
    sites = sites.merge(
        reasons[["id", "province", "patient_days_averted", "province_short_days"]],
        on="id",
        how="left",
    )
m = maps.base_map(tiles=st.session_state["tiles"])
maps.add_plants(m, pack.plants, lang=lang)
if len(sites):
    maps.add_points(
        m,
        sites,
        name=state.t("concentrator_systems"),
        label_column="name",
        popup_columns=("province", "patient_days_averted", "province_short_days"),
        size_column="patient_days_averted",
        legend_label=state.t("concentrator_systems"),
    )
render.show_map(m, key="deploy_map")
render.download_map(m, "deploy-map")
unmet = pack.provinces.merge(
    res.allocation.provinces[["code", "unmet_t_per_day"]], on="code", how="left"
)
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
why = reasons.assign(reason=[deploy_model.reason_text(r) for r in reasons.to_dict("records")])
st.dataframe(render.plain_table(why), hide_index=True, width="stretch")
render.download_table(why, "site-reasons")

st.subheader(state.t("deploy_reported"))
st.dataframe(plan.reported, hide_index=True, width="stretch")

# extras: after the headline, each its own cached stage
st.subheader(state.t("deploy_extras"))
report = res.deploy
st.markdown(f"**{state.t('deploy_alternatives')}**")
st.dataframe(report.alternatives, hide_index=True, width="stretch")
st.markdown(f"**{state.t('deploy_sizes').format(m3h=settings.DEFAULT_SYSTEM_CAPACITY_NM3_PER_H)}**")
st.dataframe(report.unit_sizes, hide_index=True, width="stretch")

st.subheader(state.t("deploy_changes"))
if st.toggle(state.t("deploy_changes_compute"), key="w_deploy_changes"):
    st.dataframe(res.changes, hide_index=True, width="stretch")

st.subheader(state.t("marginal"))
if st.toggle(state.t("marginal_compute"), key="w_marginal"):  # k re-solves: on demand
    marginal = res.runner.marginal(res.scenario)
    st.line_chart(marginal.set_index("k")[["patient_days_averted"]])
    st.dataframe(marginal, hide_index=True, width="stretch")
st.subheader(state.t("plan"))
st.dataframe(render.plain_table(sites), hide_index=True, width="stretch")
render.download_table(sites, "deployment-plan", geo=True)
render.footer(res)
