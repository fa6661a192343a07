"""Method & sources: units, the demand model's limits, where every figure comes from
(the method in the viewer's language: docs/METHOD.md, docs/METHOD.id.md)."""

import streamlit as st

from geo import i18n, narrative
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

st.subheader(state.t("backtest"))
st.caption(state.t("backtest_help"))
table = render.guarded("backtest", lambda: res.backtest, None)
if table is not None and len(table):
    summary = res.backtest_summary
    cols = st.columns(len(summary))
    for col, (key, value) in zip(cols, summary.items(), strict=True):
        shown = (
            i18n.percent(value, lang)
            if "share" in key or "error" in key
            else i18n.number(value, lang)
        )
        col.metric(i18n.column(key, lang), shown)
    render.table(table)
    render.download_table(res, table, "backtest")
st.subheader(state.t("sources"))
st.markdown(render.read_doc("SOURCES.id.md" if lang == "id" else "SOURCES.md"))
st.markdown("\n".join(f"- **{k}**: {v}" for k, v in res.pack.supply.sources.items()))
render.footer(res)
