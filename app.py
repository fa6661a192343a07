"""Streamlit entry point: navigation over pages/, the shared sidebar, nothing else."""

import streamlit as st

from pages import _shared

st.set_page_config(page_title="Oxygen atlas: Indonesia", page_icon="🫁", layout="wide")
_shared.init_state()
PAGES = [
    st.Page(
        "pages/overview.py", title=_shared.t("page_overview"), url_path="overview", default=True
    ),
    st.Page("pages/coverage.py", title=_shared.t("page_coverage"), url_path="coverage"),
    st.Page("pages/supply.py", title=_shared.t("page_supply"), url_path="supply"),
    st.Page("pages/deploy.py", title=_shared.t("page_deploy"), url_path="deploy"),
    st.Page("pages/data.py", title=_shared.t("page_data"), url_path="data"),
    st.Page("pages/method.py", title=_shared.t("page_method"), url_path="method"),
]
page = st.navigation(PAGES)
_shared.open_linked_page(page, {p.url_path: p for p in PAGES})
_shared.sidebar(page.url_path or "overview")
page.run()
