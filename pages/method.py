"""Method & sources: units, the demand model's limits, where every figure comes from."""

import streamlit as st

from geo import backtest, demand, narrative
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

res = cache.start()
st.title(state.t("page_method"))
st.markdown(render.read_doc("METHOD.md"))
st.subheader(state.t("assumptions"))
st.markdown("\n".join(f"- {line}" for line in res.assumptions(st.session_state["lang"])))
st.markdown(demand.MODEL_LIMITS)
st.dataframe(narrative.param_table(), hide_index=True, width="stretch")

st.subheader(state.t("backtest"))
st.caption(state.t("backtest_help"))
table = render.guarded(
    "backtest",
    lambda: backtest.backtest(
        res.pack, params=demand.demand_params(res.scenario.demand), method=res.scenario.method
    ),
    None,
)
if table is not None and len(table):
    summary = backtest.backtest_summary(table)
    cols = st.columns(len(summary))
    for col, (key, value) in zip(cols, summary.items(), strict=True):
        col.metric(key.replace("_", " "), f"{value:.3g}")
    st.dataframe(table, hide_index=True, width="stretch")
    render.download_table(table, "backtest")
st.subheader(state.t("sources"))
st.markdown(render.read_doc("SOURCES.md"))
st.markdown("\n".join(f"- **{k}**: {v}" for k, v in res.pack.supply.sources.items()))
render.footer(res)
