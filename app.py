"""Streamlit entry point: navigation over pages/, the shared sidebar, nothing else.

The data folder for manifest packs is the operator's: ``streamlit run app.py --
--data-root DIR`` or ``OXYGEN_DATA_ROOT=DIR`` (default ../shared/data).
"""

import streamlit as st

from pages import _cache as cache
from pages import _state as state

st.set_page_config(page_title="Oxygen atlas: Indonesia", page_icon="🫁", layout="wide")
state.init_state()
PAGES = [
    st.Page("pages/overview.py", title=state.t("page_overview"), url_path="overview", default=True),
    st.Page("pages/coverage.py", title=state.t("page_coverage"), url_path="coverage"),
    st.Page("pages/supply.py", title=state.t("page_supply"), url_path="supply"),
    st.Page("pages/deploy.py", title=state.t("page_deploy"), url_path="deploy"),
    st.Page("pages/risk.py", title=state.t("page_risk"), url_path="risk"),
    st.Page("pages/data.py", title=state.t("page_data"), url_path="data"),
    st.Page("pages/method.py", title=state.t("page_method"), url_path="method"),
]
page = st.navigation(PAGES)
state.open_linked_page(page, {p.url_path: p for p in PAGES})
state.sidebar(page.url_path or "overview", cache.current_pack)
page.run()
