"""Deploy: where K concentrator systems cover the most unmet oxygen demand within H hours,
each unit within its output capacity (exact MILP, HiGHS)."""

import streamlit as st

from geo import i18n, maps, narrative, settings
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
st.caption(state.t("deploy_meaning").format(hours=i18n.decimal(st.session_state["hours"], lang)))

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
    status.update(label=narrative.solver_status(result, lang=lang), state="complete")

# the headline: one definition of each figure (geo.siting.SitingResult), as site --json
figures = [
    (state.t("kpi_covered_m3"), narrative.m3_per_day(result.covered_m3_per_day, lang)),
    (state.t("kpi_patients"), i18n.number(result.patients_severe, lang)),
    (state.t("kpi_share_unmet"), i18n.percent(result.covered_share, lang, digits=2)),
]
for col, (label, value) in zip(st.columns(3), figures, strict=True):
    col.metric(label, value)
st.caption(
    state.t("kpi_share_unmet_help").format(
        unmet=narrative.m3_per_day(result.total_demand_m3_per_day, lang)
    )
)
st.caption(
    state.t("deploy_objective").format(
        objective=i18n.number(result.objective, lang),
        remote=i18n.decimal(res.scenario.remote, lang),
        days=i18n.number(settings.RELIEF_DAYS_MAX, lang),
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
if res.horizon_note:
    st.info(state.t("deploy_horizon_same"))

sites = render.site_table(pack, result)
names = dict(zip(pack.provinces["code"], pack.provinces["name"], strict=True))
m = maps.base_map(tiles=st.session_state["tiles"], lang=lang)
maps.add_plants(m, pack.plants, lang=lang)
if len(sites):
    maps.add_points(
        m,
        sites,
        name=state.t("concentrator_systems"),
        label_column="name",
        popup_columns=("covered_m3_per_day", "province_code"),
        popup_labels=(i18n.column("covered_m3_per_day", lang), state.t("province")),
        size_column="covered_m3_per_day",
        legend_label=state.t("concentrator_systems"),
        lang=lang,
    )
render.show_map(m, key="deploy_map")
render.download_map(res, m, "deploy-map")
unmet = pack.provinces.merge(alloc.provinces[["code", "unmet_t_per_day"]], on="code", how="left")
site_lines = [
    f"{r.name} ({names.get(r.province_code, r.province_code)}): "
    f"{narrative.m3_per_day(r.covered_m3_per_day, lang)}"
    for r in sites.itertuples()
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

st.subheader(state.t("plan"))
plan_table = render.site_table_view(sites, lang)
st.dataframe(plan_table, hide_index=True, width="stretch")
render.download_table(res, sites, "deployment-plan", geo=True)
st.subheader(state.t("deploy_why"))
reasons = res.site_reasons
st.dataframe(render.localized(reasons, lang), hide_index=True, width="stretch")
render.download_table(res, reasons, "site-reasons")

# extras: computed on request, after the headline (each is one or more further solves)
st.subheader(state.t("deploy_alternatives"))
if st.toggle(state.t("compute_alternatives"), key="w_alternatives"):
    st.dataframe(render.localized(res.alternatives, lang), hide_index=True, width="stretch")
st.subheader(state.t("deploy_sizes"))
if st.toggle(state.t("compute_sizes"), key="w_sizes"):
    st.dataframe(render.localized(res.unit_sizes, lang), hide_index=True, width="stretch")
st.subheader(state.t("marginal"))
if st.toggle(state.t("marginal_compute"), key="w_marginal"):  # k re-solves: on demand
    marginal = res.marginal
    if marginal is None:
        st.info(state.t("marginal_skipped"))
    else:
        chart = marginal.set_index("k")[["covered_m3_per_day"]]
        chart.columns = [i18n.column("covered_m3_per_day", lang)]
        st.line_chart(chart)
        st.dataframe(render.localized(marginal, lang), hide_index=True, width="stretch")
render.footer(res)
