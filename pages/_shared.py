"""Streamlit glue shared by the pages: session state, the sidebar, URL sync, cached wrappers.

Pages stay thin: read widgets -> call the cached wrappers here (which call ``geo``) ->
render. Session-state keys are initialised in one place (:func:`init_state`) from the
validated URL scenario (:func:`geo.scenario.parse`).
"""

from __future__ import annotations

import dataclasses
import html
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import i18n, pipeline, scenario
from geo.packs import EMBEDDED, REPO_ROOT, Pack, list_packs, load_pack

STATIC_DIR = REPO_ROOT / "static"
DEFAULT_DATA_ROOT = os.environ.get("OXYGEN_DATA_ROOT", str(REPO_ROOT.parent / "shared" / "data"))
SCENARIO_FIELDS = [f.name for f in dataclasses.fields(scenario.Scenario) if f.name != "demand"]


def t(key: str) -> str:
    return i18n.t(key, st.session_state.get("lang", "id"))


# --------------------------------------------------------------------------- state


def init_state() -> None:
    """Once per session: read the URL into session state (validated, with warnings)."""
    if st.session_state.get("_initialised"):
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    packs = list_packs()
    scen, warnings = scenario.parse(params, packs=packs, demand_bounds=pipeline.demand_bounds())
    for name in SCENARIO_FIELDS:
        st.session_state[name] = getattr(scen, name)
    st.session_state["demand"] = dict(scen.demand)
    st.session_state["data_root"] = DEFAULT_DATA_ROOT
    st.session_state["url_warnings"] = warnings
    st.session_state["_date_from_url"] = "date" in params
    st.session_state["_initialised"] = True


def current_scenario() -> scenario.Scenario:
    values = {name: st.session_state[name] for name in SCENARIO_FIELDS}
    return scenario.Scenario(**values, demand=dict(st.session_state.get("demand", {})))


def sync_url() -> None:
    """Write the current scenario into the URL (so a copied link reproduces it)."""
    wanted = current_scenario().to_query()
    wanted["page"] = st.session_state["page"]
    if {k: st.query_params.get(k) for k in st.query_params.keys()} != wanted:
        st.query_params.from_dict(wanted)


# --------------------------------------------------------------------------- data


@st.cache_resource(show_spinner=False)
def _load_pack_cached(name: str, data_root: str, _stamp: tuple) -> Pack:
    return load_pack(name, data_root=data_root if name != EMBEDDED else None)


def _stamp(name: str, data_root: str) -> tuple:
    """Changes when the files behind a pack change (so the cache reloads them)."""
    root = Path(data_root)
    try:
        entries = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*") if p.is_file())
    except OSError:
        entries = []
    return (name, tuple(entries[:5000])) if name != EMBEDDED else (name,)


def get_pack() -> Pack:
    name, root = st.session_state["pack"], st.session_state["data_root"]
    try:
        return _load_pack_cached(name, root, _stamp(name, root))
    except Exception as exc:  # a broken manifest: fall back to the embedded pack, visibly
        st.error(f"{name}: {exc}")
        st.session_state["pack"] = EMBEDDED
        return _load_pack_cached(EMBEDDED, root, (EMBEDDED,))


def pack_dates(pack: Pack) -> list[str]:
    dates = [d.strftime("%Y-%m-%d") for d in pack.dates]
    in_wave = [d for d in dates if "2021-06-01" <= d <= "2021-08-31"]
    return in_wave or dates


# --------------------------------------------------------------------------- sidebar


def sidebar(page: str) -> Pack:
    st.session_state["page"] = page if page in scenario.PAGES else "overview"
    with st.sidebar:
        st.radio(
            t("language"), scenario.LANGS, key="lang", horizontal=True,
            format_func=lambda v: {"id": "Bahasa Indonesia", "en": "English"}[v],
        )
        packs = list_packs()
        st.selectbox(t("pack"), packs, key="pack")
        if st.session_state["pack"] != EMBEDDED:
            st.text_input(t("data_root"), key="data_root")
        pack = get_pack()
        dates = pack_dates(pack)
        if dates:
            if st.session_state["date"] not in dates:
                fallback = scenario._nearest_date(st.session_state["date"], dates)
                if st.session_state.pop("_date_from_url", False):
                    st.session_state["url_warnings"].append(f"date: no data for {st.session_state['date']}; using {fallback}")
                st.session_state["date"] = fallback
            st.select_slider(t("date"), options=dates, key="date")
        st.radio(t("basemap"), ("offline", "osm"), key="tiles", format_func=lambda v: t(f"basemap_{v}"))
    for w in st.session_state.get("url_warnings", []):
        st.warning(f"{t('url_warning')}: {w}")
    if pack.errors:
        st.error(t("layer_errors") + "\n\n" + "\n\n".join(f"- **{e.layer}**: {html.escape(e.one_line())}" for e in pack.errors))
    sync_url()
    return pack


def footer(pack: Pack) -> None:
    """The scenario link and fingerprint, shown on every page."""
    scen = current_scenario()
    fp = scenario.fingerprint(scen, pack.content_hash)
    query = scen.to_query() | {"page": st.session_state["page"]}
    link = "?" + "&".join(f"{k}={v}" for k, v in query.items())
    base = ""
    try:
        base = str(st.context.url).split("?")[0]
    except Exception:  # older Streamlit or no request context (AppTest)
        base = ""
    st.divider()
    cols = st.columns([3, 1])
    with cols[0]:
        st.caption(t("copy_link_help"))
        st.code(base + link, language=None)
    with cols[1]:
        st.markdown(f"<div data-testid='fingerprint' style='font-family:monospace'>fingerprint {fp}</div>", unsafe_allow_html=True)


def download_table(df: pd.DataFrame, name: str, *, geo: bool = False) -> None:
    from geo import export

    cols = st.columns(3 if geo else 1)
    cols[0].download_button(t("download_csv"), export.to_csv_bytes(df), file_name=f"{name}.csv", mime="text/csv", key=f"dl_csv_{name}")
    if geo:
        cols[1].download_button(t("download_geojson"), export.to_geojson_bytes(df), file_name=f"{name}.geojson", mime="application/geo+json", key=f"dl_gj_{name}")
        cols[2].download_button("GeoPackage", export.to_gpkg_bytes(df, layer=name), file_name=f"{name}.gpkg", mime="application/geopackage+sqlite3", key=f"dl_gpkg_{name}")


def show_map(m, *, key: str, height: int = 560) -> None:
    from streamlit_folium import st_folium

    from geo import assets

    assets.install_static_assets(STATIC_DIR)
    st_folium(m, key=key, height=height, use_container_width=True, returned_objects=[])


def download_map(m, name: str) -> None:
    from geo import assets

    st.download_button(t("download_map"), assets.inline_html(m).encode("utf-8"), file_name=f"{name}.html", mime="text/html", key=f"dl_map_{name}")


def plain_table(df: pd.DataFrame) -> pd.DataFrame:
    """A GeoDataFrame as a plain table for st.dataframe (geometry as lon/lat or type)."""
    from geo import export

    return export._plain(df)


@st.cache_data(show_spinner=False)
def _demand_cached(pack_hash: str, date: str, method: str, overrides: tuple, _pack: Pack) -> pd.DataFrame:
    return pipeline.province_demand(_pack, date=date, method=method, overrides=dict(overrides))


def demand_table(pack: Pack) -> pd.DataFrame:
    overrides = tuple(sorted(st.session_state.get("demand", {}).items()))
    try:
        return _demand_cached(pack.content_hash, st.session_state["date"], st.session_state["method"], overrides, pack)
    except Exception as exc:  # bad parameters never end in a traceback
        st.error(f"demand: {exc}")
        return pd.DataFrame(columns=["code", "name", "demand_t_per_day", "low", "high"])


def param_table() -> pd.DataFrame:
    from geo import demand

    return pd.DataFrame(
        [
            {"parameter": s.name, "label": s.label, "unit": s.unit, "central": s.default, "low": s.low, "high": s.high, "source": s.source}
            for s in demand.PARAM_SPECS.values()
        ]
    )


def read_doc(name: str) -> str:
    path = REPO_ROOT / "docs" / name
    return path.read_text(encoding="utf-8") if path.exists() else ""
