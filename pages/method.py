"""Method & sources: units, the demand model's limits, where every figure comes from."""

import streamlit as st

from geo import demand
from pages import _shared as ui

ui.require_app()

pack = ui.get_pack()
st.title(ui.t("page_method"))
st.markdown(ui.read_doc("METHOD.md"))
st.subheader(ui.t("assumptions"))
st.markdown(demand.MODEL_LIMITS)
st.dataframe(ui.param_table(), hide_index=True, width="stretch")
st.subheader(ui.t("sources"))
st.markdown(ui.read_doc("SOURCES.md"))
st.markdown("\n".join(f"- **{k}**: {v}" for k, v in pack.supply.sources.items()))
ui.footer(pack)
