"""Deploy: where K concentrator systems avert the most patient-days without oxygen, each
unit within its output, on the shortfall by day (exact MILP, HiGHS). The headline renders
first; comparisons, unit sizes and the change table are later stages."""

import streamlit as st

from geo import deploy as deploy_model
from geo import i18n, maps, narrative, settings
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
        help=state.t("capacity_help").format(
            m3_day=narrative.m3_per_day(settings.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY, lang),
            patients=i18n.number(settings.DOCS_PATIENTS_PER_DAY, lang),
            per_patient=i18n.decimal(settings.SEVERE_PATIENT_M3_PER_DAY, lang),
            m3_h=i18n.decimal(settings.DEFAULT_SYSTEM_CAPACITY_NM3_PER_H, lang),
        ),
    )
st.caption(state.t("deploy_meaning").format(hours=i18n.decimal(st.session_state["hours"], lang)))

res = cache.start(engine=True)
pack = res.pack
render.require_layers(res, "provinces", "plants", "hospitals")
if render.guarded("demand", lambda: res.demand, None) is None:
    render.footer(res)
    st.stop()
with st.status(state.t("computing"), expanded=False) as status:
    plan = res.siting
    result = plan.result
    status.update(label=narrative.solver_status(result, lang=lang), state="complete")
short = plan.shortfall
basis = (
    state.t("deploy_basis_plan").format(policy=i18n.value(short.policy, lang))
    if short.basis == "plan"
    else state.t("deploy_basis_steady")
)
st.caption(
    state.t("deploy_objective").format(
        start=i18n.date(short.operating_from, lang),
        end=i18n.date(short.window_to, lang),
        lead=i18n.number(settings.INSTALL_LEAD_DAYS, lang),
        basis=basis,
    )
)
hosts = ", ".join(
    f"{i18n.number(v, lang)} {state.t('host_' + k.replace(' ', '_'))}"
    for k, v in plan.not_hosts.items()
    if v
)
st.caption(
    state.t("deploy_hosts").format(
        n=i18n.number(plan.problem.n_candidates, lang), dropped=hosts or "0"
    )
)

if plan.zero_value:  # say so, and do not draw a plan as if it mattered
    st.warning(state.t("deploy_zero_value"))
    render.footer(res)
    st.stop()

# the headline: one definition of each figure (pipeline.Siting), as site --json
figures = [
    (state.t("kpi_patient_days"), i18n.number(result.objective, lang)),
    (state.t("kpi_short_patient_days"), i18n.number(plan.problem.total_patient_days, lang)),
    (state.t("kpi_share_averted"), i18n.percent(plan.share_averted, lang, digits=1)),
]
for col, (label, value) in zip(st.columns(3), figures, strict=True):
    col.metric(label, value)
idle = int(st.session_state["k"]) - len(plan.sites)
if idle > 0:
    st.info(
        state.t("deploy_idle").format(
            idle=i18n.number(idle, lang), k=i18n.number(st.session_state["k"], lang)
        )
    )

sites = render.site_table(pack, plan)
reasons = plan.reasons
if len(sites):
    sites = sites.merge(
        reasons[["id", "province", "patient_days_averted", "province_short_days"]],
        on="id",
        how="left",
    )
m = maps.base_map(tiles=st.session_state["tiles"], lang=lang)
maps.add_plants(m, pack.plants, lang=lang)
if len(sites):
    maps.add_points(
        m,
        sites,
        name=state.t("concentrator_systems"),
        label_column="name",
        popup_columns=("province", "patient_days_averted", "province_short_days"),
        popup_labels=(
            i18n.column("province", lang),
            i18n.column("patient_days_averted", lang),
            i18n.column("province_short_days", lang),
        ),
        size_column="patient_days_averted",
        legend_label=state.t("concentrator_systems"),
        lang=lang,
    )
render.show_map(m, key="deploy_map")
render.download_map(res, m, "deploy-map")
unmet = pack.provinces.merge(
    res.allocation.provinces[["code", "unmet_t_per_day"]], on="code", how="left"
)
site_lines = [
    f"{r['name']} ({r['province']}): {i18n.number(r['patient_days_averted'], lang)} "
    f"{state.t('patient_days')}"
    for r in reasons.to_dict("records")
]
render.brief_buttons(
    res,
    title=f"{state.t('page_deploy')}: K = {res.scenario.k}, "
    f"{i18n.decimal(res.scenario.hours, lang)} {state.t('h')}",
    provinces=unmet,
    value_column="unmet_t_per_day",
    value_label=f"{state.t('kpi_unmet')} ({narrative.unit('t/day', lang)})",
    figures=figures,
    points=sites if len(sites) else None,
    points_label=state.t("concentrator_systems"),
    listing=site_lines,
    listing_title=state.t("plan"),
)

st.subheader(state.t("deploy_why"))
if result.tie_break != "not needed":
    st.caption(
        state.t("deploy_tie_break").format(reach=i18n.number(result.reach_patient_days, lang))
    )
why = reasons.assign(
    reason=[deploy_model.reason_text(r) for r in reasons.to_dict("records")] if lang == "en" else ""
)
if lang != "en":  # the sentences are English (the CLI's); the columns say the same
    why = why.drop(columns=["reason"])
render.table(why)
render.download_table(res, why, "site-reasons")

st.subheader(state.t("deploy_reported"))
render.table(plan.reported)

# extras on request: each is further solves (comparisons and unit sizes, the change
# table, K = 1..K), so the headline never waits for them
st.subheader(state.t("deploy_extras"))
if st.toggle(state.t("compute_alternatives"), key="w_alternatives"):
    report = res.deploy
    st.markdown(f"**{state.t('deploy_alternatives')}**")
    render.table(report.alternatives)
    sizes = state.t("deploy_sizes").format(m3h=settings.DEFAULT_SYSTEM_CAPACITY_NM3_PER_H)
    st.markdown(f"**{sizes}**")
    render.table(report.unit_sizes)

st.subheader(state.t("deploy_changes"))
if st.toggle(state.t("deploy_changes_compute"), key="w_deploy_changes"):
    render.table(res.changes)

st.subheader(state.t("marginal"))
if st.toggle(state.t("marginal_compute"), key="w_marginal"):  # k re-solves: on demand
    marginal = res.marginal
    chart = marginal.set_index("k")[["patient_days_averted"]]
    chart.columns = [i18n.column("patient_days_averted", lang)]
    st.line_chart(chart)
    render.table(marginal)
st.subheader(state.t("plan"))
render.table(sites)
render.download_table(res, sites, "deployment-plan", geo=True)
render.footer(res)
