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
    st.Page("pages/overview.py", title=state.t("page_overview"), url_path="overview"),
    st.Page("pages/coverage.py", title=state.t("page_coverage"), url_path="coverage"),
    st.Page("pages/supply.py", title=state.t("page_supply"), url_path="supply"),
    st.Page("pages/plan.py", title=state.t("page_plan"), url_path="plan"),
    st.Page("pages/deploy.py", title=state.t("page_deploy"), url_path="deploy"),
    st.Page("pages/risk.py", title=state.t("page_risk"), url_path="risk"),
    st.Page("pages/data.py", title=state.t("page_data"), url_path="data"),
    st.Page("pages/method.py", title=state.t("page_method"), url_path="method"),
]


def _home() -> None:
    """The root URL opens the overview at its own path, so that every page, the overview
    included, has a path that opens directly (``/overview?…``) and the footer's link
    names it (the default page of st.navigation is served only at the root)."""
    st.switch_page(PAGES[0], query_params={k: st.query_params.get_all(k) for k in st.query_params})


HOME = st.Page(
    _home, title=state.t("page_overview"), url_path="home", default=True, visibility="hidden"
)
page = st.navigation([HOME, *PAGES])
state.open_linked_page(page, {p.url_path: p for p in PAGES})
state.sidebar(page.url_path or "overview", cache.current_pack)
page.run()
