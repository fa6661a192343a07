"""Method & sources: units, the demand model's limits, where every figure comes from
(the method in the viewer's language: docs/METHOD.md, docs/METHOD.id.md)."""

import altair as alt
import streamlit as st

from geo import backtest, i18n, narrative
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

res = cache.start()
lang = st.session_state["lang"]
st.title(state.t("page_method"))
st.markdown(render.read_doc("METHOD.id.md" if lang == "id" else "METHOD.md"))
st.subheader(state.t("assumptions"))
st.markdown("\n".join(f"- {line}" for line in res.assumptions(lang)))
st.markdown(narrative.model_limits(lang))
render.table(narrative.param_table(lang))

st.subheader(state.t("validation"))
st.caption(state.t("validation_help"))
lang = st.session_state["lang"]
demand = render.guarded("demand", lambda: res.demand, None)
if demand is not None and len(demand):
    st.info(narrative.interval_sentence(demand, res.leave_one_out, lang=lang))
    for note in narrative.demand_notes(demand, lang=lang):
        st.caption(note)
loo = render.guarded("backtest", lambda: res.leave_one_out, {})
if loo:
    cols = st.columns(3)
    cols[0].metric(
        state.t("loo_median_error"), i18n.percent(loo["median_abs_error"], lang, digits=0)
    )
    cols[1].metric(state.t("loo_coverage"), i18n.percent(loo["coverage"], lang, digits=0))
    cols[2].metric(state.t("loo_figures"), i18n.number(loo["n"], lang))
growth = render.guarded("backtest", lambda: res.growth, None)
if growth is not None and len(growth):
    st.markdown(f"**{state.t('growth_title')}**")
    for sentence in narrative.growth_sentences(growth, lang=lang):
        st.warning(sentence)
    render.table(growth)
table = render.guarded("backtest", lambda: res.backtest, None)
series = render.guarded("backtest", lambda: res.region_series, None)
if table is not None and series is not None and len(table):
    for region in table["region"].unique():
        line = series[series["region"] == region]
        points = table[table["region"] == region]
        band = (
            alt.Chart(line)
            .mark_area(opacity=0.25)
            .encode(
                x=alt.X("date:T", title=None),
                y=alt.Y("low_t_per_day:Q", title=narrative.unit("t/day", lang)),
                y2="high_t_per_day:Q",
            )
        )
        mid = alt.Chart(line).mark_line().encode(x="date:T", y="central_t_per_day:Q")
        dots = (
            alt.Chart(points)
            .mark_point(filled=True, size=70, color="black")
            .encode(
                x="date:T",
                y="reported_t_per_day:Q",
                tooltip=["fact_id", "reported_t_per_day", "central_t_per_day", "rel_error"],
            )
        )
        st.text(str(i18n.value(region, lang)))
        st.altair_chart((band + mid + dots).properties(height=220), width="stretch")
    render.table(table)
    render.download_table(res, table, "backtest")
    summary = backtest.backtest_summary(table)
    st.caption(
        ", ".join(
            f"{i18n.column(k, lang)} {i18n.decimal(v, lang, max_digits=3)}"
            for k, v in summary.items()
        )
    )
st.subheader(state.t("sources"))
st.markdown(render.read_doc("SOURCES.id.md" if lang == "id" else "SOURCES.md"))
st.markdown("\n".join(f"- **{k}**: {v}" for k, v in res.pack.supply.sources.items()))
render.footer(res)
