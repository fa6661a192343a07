"""Streamlit glue shared by the pages: session state, the sidebar, URL sync, cached wrappers.

Pages stay thin: read widgets -> call the cached wrappers here (which call ``geo``) ->
render. Session-state keys are initialised in one place (:func:`init_state`) from the
validated URL scenario (:func:`geo.scenario.parse`).
"""

from __future__ import annotations

import dataclasses
import html
import os

import geopandas as gpd
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


def require_app() -> None:
    """Make sure the page runs inside app.py's navigation.

    On a freshly started server, Streamlit's legacy multipage mode (a ``pages/`` folder
    beside the entry point) serves a deep link such as ``/deploy?hours=6`` by running
    ``pages/deploy.py`` alone, skipping app.py, until some session has called
    ``st.navigation``. Then the page reruns once through app.py, keeping its URL."""
    if st.session_state.get("_initialised"):
        return
    try:
        from streamlit.runtime.pages_manager import PagesManager

        legacy = bool(PagesManager.uses_pages_directory)
        PagesManager.uses_pages_directory = False
    except (ImportError, AttributeError):  # a Streamlit without that switch
        legacy = False
    if legacy:
        st.rerun()
    init_state()


def init_state() -> None:
    """Once per session: read the URL into session state (validated, with warnings).

    Scenario values live in plain session-state keys, never bound to a widget: widget
    state is dropped when its widget is not rendered (another page), so widgets use
    their own ``w_`` keys and copy into the scenario key on change (see :func:`widget`)."""
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
    st.session_state["_linked_page"] = scen.page if "page" in params else None
    st.session_state["_initialised"] = True


def open_linked_page(current, pages: dict) -> None:
    """Once per session: a link's ``page`` parameter opens that page (the URL path of a
    link to the root is always the default page), keeping the link's other parameters."""
    target = st.session_state.pop("_linked_page", None)
    if target and target != (current.url_path or "overview") and target in pages:
        st.session_state["page"] = target
        st.switch_page(
            pages[target], query_params={k: st.query_params.get_all(k) for k in st.query_params}
        )


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
def _load_pack_cached(name: str, data_root: str, generation: int) -> Pack:
    return load_pack(name, data_root=data_root if name != EMBEDDED else None)


# bumped when a loaded pack's files change on disk, so the next load is fresh
_PACK_GENERATION: dict[tuple[str, str], int] = {}


def get_pack() -> Pack:
    """The scenario's pack, with the URL warnings and layer errors shown above the page."""
    pack = _current_pack()
    for w in st.session_state.get("url_warnings", []):
        st.warning(f"{t('url_warning')}: {w}")
    if pack.errors:
        st.error(
            t("layer_errors")
            + "\n\n"
            + "\n\n".join(
                f"- **{e.layer}**: {html.escape(e.one_line(), quote=False)}" for e in pack.errors
            )
        )
    return pack


def _current_pack() -> Pack:
    name, root = st.session_state["pack"], st.session_state["data_root"]
    key = (name, root if name != EMBEDDED else "")
    try:
        pack = _load_pack_cached(*key, _PACK_GENERATION.get(key, 0))
        if pack.inputs_changed():  # stats only the files the pack read
            _PACK_GENERATION[key] = _PACK_GENERATION.get(key, 0) + 1
            pack = _load_pack_cached(*key, _PACK_GENERATION[key])
        return pack
    except Exception as exc:  # a broken manifest: fall back to the embedded pack, visibly
        st.error(f"{name}: {exc}")
        st.session_state["pack"] = EMBEDDED
        return _load_pack_cached(EMBEDDED, "", 0)


def pack_dates(pack: Pack) -> list[str]:
    dates = [d.strftime("%Y-%m-%d") for d in pack.dates]
    in_wave = [d for d in dates if "2021-06-01" <= d <= "2021-08-31"]
    return in_wave or dates


# --------------------------------------------------------------------------- widgets


def widget(kind, label: str, name: str, **kwargs):
    """A widget showing scenario value ``name``: its state lives in ``w_<name>`` and is
    copied into the scenario key on change, so the scenario survives page switches."""
    key = f"w_{name}"
    current = st.session_state[name]

    def _copy() -> None:
        st.session_state[name] = st.session_state[key]

    if kind in (st.selectbox, st.radio):
        options = list(kwargs.pop("options"))
        kwargs["index"] = options.index(current) if current in options else 0
        return kind(label, options, key=key, on_change=_copy, **kwargs)
    return kind(label, key=key, on_change=_copy, value=current, **kwargs)


# --------------------------------------------------------------------------- sidebar


def sidebar(page: str) -> Pack:
    st.session_state["page"] = page if page in scenario.PAGES else "overview"
    with st.sidebar:
        widget(
            st.radio,
            t("language"),
            "lang",
            options=scenario.LANGS,
            horizontal=True,
            format_func=lambda v: {"id": "Bahasa Indonesia", "en": "English"}[v],
        )
        widget(st.selectbox, t("pack"), "pack", options=list_packs())
        if st.session_state["pack"] != EMBEDDED:
            widget(st.text_input, t("data_root"), "data_root")
        pack = _current_pack()
        dates = pack_dates(pack)
        if dates:
            if st.session_state["date"] not in dates:
                fallback = scenario._nearest_date(st.session_state["date"], dates)
                if st.session_state.pop("_date_from_url", False):
                    st.session_state["url_warnings"].append(
                        f"date: no data for {st.session_state['date']}; using {fallback}"
                    )
                st.session_state["date"] = fallback
            widget(st.select_slider, t("date"), "date", options=dates)
        lang = st.session_state["lang"]
        widget(
            st.radio,
            t("basemap"),
            "tiles",
            options=("offline", "osm"),
            format_func=lambda v, lang=lang: i18n.t(f"basemap_{v}", lang),
        )
    sync_url()
    return pack


def scenario_link(scen: scenario.Scenario) -> str:
    """The full link to this scenario (base URL of the request + validated parameters)."""
    from urllib.parse import urlencode

    query = scen.to_query() | {"page": st.session_state["page"]}
    try:
        base = str(st.context.url or "").split("?")[0]
    except Exception:  # no request context (AppTest)
        base = ""
    return base + "?" + urlencode(query)


def footer(pack: Pack) -> None:
    """The scenario link and fingerprint, shown on every page."""
    scen = current_scenario()
    fp = scenario.fingerprint(scen, pack.content_hash)
    link = scenario_link(scen)
    st.divider()
    cols = st.columns([3, 1])
    with cols[0]:
        st.caption(t("copy_link_help"))
        st.code(link, language=None)
    with cols[1]:
        st.markdown(
            f"<div data-testid='fingerprint' style='font-family:monospace'>fingerprint {fp}</div>",
            unsafe_allow_html=True,
        )


def download_table(df: pd.DataFrame, name: str, *, geo: bool = False) -> None:
    from geo import export

    cols = st.columns(3 if geo else 1)
    cols[0].download_button(
        t("download_csv"),
        export.to_csv_bytes(df),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"dl_csv_{name}",
    )
    if geo:
        cols[1].download_button(
            t("download_geojson"),
            export.to_geojson_bytes(df),
            file_name=f"{name}.geojson",
            mime="application/geo+json",
            key=f"dl_gj_{name}",
        )
        cols[2].download_button(
            "GeoPackage",
            export.to_gpkg_bytes(df, layer=name),
            file_name=f"{name}.gpkg",
            mime="application/geopackage+sqlite3",
            key=f"dl_gpkg_{name}",
        )


def show_map(m, *, key: str, height: int = 560) -> None:
    from streamlit_folium import st_folium

    from geo import assets

    assets.install_static_assets(STATIC_DIR)
    st_folium(m, key=key, height=height, use_container_width=True, returned_objects=[])


def download_map(m, name: str) -> None:
    from geo import assets

    st.download_button(
        t("download_map"),
        assets.inline_html(m).encode("utf-8"),
        file_name=f"{name}.html",
        mime="text/html",
        key=f"dl_map_{name}",
    )


def plain_table(df: pd.DataFrame) -> pd.DataFrame:
    """A GeoDataFrame as a plain table for st.dataframe (geometry as lon/lat or type)."""
    from geo import export

    return export._plain(df)


@st.cache_data(show_spinner=False)
def _demand_cached(demand_key: tuple, _pack: Pack) -> pd.DataFrame:
    _, date, method, overrides = demand_key
    return pipeline.province_demand(_pack, date=date, method=method, overrides=dict(overrides))


def demand_table(pack: Pack) -> pd.DataFrame:
    try:
        return _demand_cached(demand_key(pack), pack)
    except Exception as exc:  # bad parameters never end in a traceback
        st.error(f"demand: {exc}")
        return pd.DataFrame(columns=["code", "name", "demand_t_per_day", "low", "high"])


def param_table() -> pd.DataFrame:
    from geo import demand

    return pd.DataFrame(
        [
            {
                "parameter": s.name,
                "label": s.label,
                "unit": s.unit,
                "central": s.default,
                "low": s.low,
                "high": s.high,
                "source": s.source,
            }
            for s in demand.PARAM_SPECS.values()
        ]
    )


def read_doc(name: str) -> str:
    path = REPO_ROOT / "docs" / name
    return path.read_text(encoding="utf-8") if path.exists() else ""


# --------------------------------------------------------------------------- engine


@st.cache_resource(show_spinner=False)
def _engine_cached(pack_hash: str, _pack: Pack) -> dict:
    """Graph, engine export, nearest-plant times and plant->province costs: all that
    does not depend on the scenario's hours, date or K (computed once per pack).
    No st.* calls in here: cached functions replay them on every hit."""
    from geo import travel

    cg = pipeline.engine_for(_pack)
    policy = pipeline.access_policy(_pack)
    acc = pipeline.access(_pack, cg, policy)
    on = ~acc.plants["off_network"].to_numpy(dtype=bool)
    nearest = travel.nearest_source_times(
        cg,
        acc.plants["node"].to_numpy()[on],
        source_offsets_s=acc.plants["access_s"].to_numpy(dtype=float)[on],
    )
    capitals = pipeline.capital_attachment(_pack, cg, policy)
    cost_h = pipeline.plant_province_hours(cg, acc.plants, capitals)
    return {
        "cg": cg,
        "policy": policy,
        "access": acc,
        "node_time_s": nearest.time_s,
        "capitals": capitals,
        "cost_h": cost_h,
    }


_ENGINE_READY: set[str] = set()


def engine(pack: Pack) -> dict:
    """The pack's travel-time engine; the first computation shows its progress."""
    if pack.content_hash in _ENGINE_READY:
        return _engine_cached(pack.content_hash, pack)
    with st.status(t("computing_engine"), expanded=False) as status:
        eng = _engine_cached(pack.content_hash, pack)
        status.update(
            label=f"{t('done')}: {eng['cg'].n_nodes:,} nodes, {eng['cg'].n_edges:,} edges",
            state="complete",
        )
    _ENGINE_READY.add(pack.content_hash)
    return eng


@st.cache_data(show_spinner=False)
def _isochrones_cached(pack_hash: str, thresholds: tuple, _eng: dict):
    from geo import isochrones

    return isochrones.isochrone_polygons(
        _eng["cg"], _eng["node_time_s"], thresholds_h=list(thresholds)
    )


def isochrones(pack: Pack, thresholds: tuple) -> object:
    return _isochrones_cached(pack.content_hash, thresholds, engine(pack))


def demand_key(pack: Pack) -> tuple:
    """What the demand numbers depend on (a cache key)."""
    return (
        pack.content_hash,
        st.session_state["date"],
        st.session_state["method"],
        tuple(sorted(st.session_state.get("demand", {}).items())),
    )


def _fleet() -> tuple[int, bool]:
    return int(st.session_state["trucks"]), st.session_state["fleet"] == "on"


@st.cache_data(show_spinner=False)
def _allocation_cached(
    demand_key: tuple,
    trucks: int,
    fleet_limited: bool,
    _pack: Pack,
    _demand: pd.DataFrame,
    _eng: dict,
):
    return pipeline.allocate(
        _pack, _demand, _eng["cost_h"], trucks=trucks, fleet_limited=fleet_limited
    )


def allocation(pack: Pack, demand: pd.DataFrame):
    return _allocation_cached(demand_key(pack), *_fleet(), pack, demand, engine(pack))


@st.cache_data(show_spinner=False)
def _siting_cached(
    demand_key: tuple,
    fleet: tuple[int, bool],
    hours: float,
    k: int,
    cap: float,
    _pack: Pack,
    _eng: dict,
    _alloc,
):
    from geo import siting

    problem = pipeline.siting_problem(
        _pack, _eng["cg"], _eng["access"], _alloc, hours=hours, k=k, capacity_m3_per_day=cap
    )
    result = siting.solve(problem)
    # K = 1..k re-solves the problem k times: skipped when one solve already needed the
    # greedy fallback (a large capacitated instance), to keep the page interactive
    large = problem.is_capacitated and problem.n_covered_pairs > siting.CAPACITATED_PAIR_THRESHOLD
    marginal = (
        None if large and not result.optimal else siting.marginal_values(problem, k_max=max(k, 1))
    )
    return problem, result, marginal


def siting(pack: Pack, alloc):
    """Siting for the scenario; ``alloc`` must be :func:`allocation` of the same scenario."""
    return _siting_cached(
        demand_key(pack),
        _fleet(),
        float(st.session_state["hours"]),
        int(st.session_state["k"]),
        float(st.session_state["cap"]),
        pack,
        engine(pack),
        alloc,
    )


def site_table(pack: Pack, result) -> gpd.GeoDataFrame:
    hosp = pack.hospitals.set_index("id")
    sites = result.sites.copy()
    sites["name"] = sites["id"].map(hosp["name"])
    sites["province_code"] = sites["id"].map(hosp["province_code"])
    return gpd.GeoDataFrame(sites, geometry=list(sites["id"].map(hosp.geometry)), crs="EPSG:4326")


def fleet_sentence(alloc, enough: bool) -> str:
    if st.session_state.get("lang") == "en":
        verdict = "suffice" if enough else "do not suffice"
        return (
            f"**{alloc.trucks_available:g} isotank trucks {verdict}**: routing all reachable demand needs "
            f"{alloc.trucks_needed_unconstrained:,.1f} trucks ({alloc.problem.isotank_t:g} t per trip, round trip + handling / 24 h)."
        )
    verdict = "cukup" if enough else "tidak cukup"
    return (
        f"**{alloc.trucks_available:g} truk isotank {verdict}**: menyalurkan semua kebutuhan yang terjangkau "
        f"memerlukan {alloc.trucks_needed_unconstrained:,.1f} truk ({alloc.problem.isotank_t:g} ton per perjalanan, pulang-pergi + bongkar muat / 24 jam)."
    )


def demand_editors() -> None:
    """One number input per demand parameter; only values that differ from the default
    are kept (and so appear in the URL)."""
    from geo import demand

    overrides = dict(st.session_state.get("demand", {}))
    cols = st.columns(3)
    for i, spec in enumerate(demand.PARAM_SPECS.values()):
        value = cols[i % 3].number_input(
            f"{spec.label} ({spec.unit})",
            min_value=float(spec.min),
            max_value=float(spec.max),
            value=float(overrides.get(spec.name, spec.default)),
            key=f"w_dp_{spec.name}",
            help=spec.source,
            format="%.4g",
        )
        if abs(value - spec.default) > 1e-12:
            overrides[spec.name] = value
        else:
            overrides.pop(spec.name, None)
    st.session_state["demand"] = overrides


@st.cache_data(show_spinner=False)
def _series_cached(
    pack_hash: str, method: str, overrides: tuple, dates: tuple, _pack: Pack
) -> pd.DataFrame:
    rows = {}
    for d in dates:
        table = pipeline.province_demand(_pack, date=d, method=method, overrides=dict(overrides))
        rows[pd.Timestamp(d)] = {
            "demand_t_per_day": table["demand_t_per_day"].sum(),
            "low": table["low"].sum(),
            "high": table["high"].sum(),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def demand_series(pack: Pack) -> pd.DataFrame:
    if st.session_state["method"] != "cases":
        return pd.DataFrame()
    overrides = tuple(sorted(st.session_state.get("demand", {}).items()))
    try:
        return _series_cached(pack.content_hash, "cases", overrides, tuple(pack_dates(pack)), pack)
    except Exception as exc:
        st.error(f"demand: {exc}")
        return pd.DataFrame()


def province_picker(pack: Pack) -> int:
    """The selected province (scenario key ``prov``; 0 = none), validated against the pack."""
    names = dict(zip(pack.provinces["code"].astype(int), pack.provinces["name"], strict=True))
    if st.session_state["prov"] not in names and st.session_state["prov"] != 0:
        st.warning(
            f"{t('url_warning')}: prov: {st.session_state['prov']} is not a province of this pack"
        )
        st.session_state["prov"] = 0
    lang = st.session_state["lang"]
    widget(
        st.selectbox,
        t("province"),
        "prov",
        options=[0, *names],
        format_func=lambda c, lang=lang: (
            i18n.t("all_provinces", lang) if c == 0 else f"{c} {names[c]}"
        ),
    )
    return int(st.session_state["prov"])


def province_bounds(pack: Pack, code: int) -> list[list[float]]:
    """[[south, west], [north, east]] of a province (a 2-degree box around a capital point)."""
    geom = pack.provinces.loc[pack.provinces["code"] == code, "geometry"].iloc[0]
    west, south, east, north = geom.bounds
    if geom.geom_type == "Point":
        west, south, east, north = west - 1, south - 1, east + 1, north + 1
    return [[south, west], [north, east]]


# --------------------------------------------------------------------------- brief


def scenario_assumptions(pack: Pack) -> list[str]:
    """The scenario's assumptions in plain words, for the one-page brief."""
    from geo import demand, siting

    params = pipeline.demand_params(st.session_state.get("demand", {}))
    lines = [
        f"date {st.session_state['date']}; demand from {st.session_state['method']}",
        f"hospitalised share {params.hospitalised_share:g} of active cases; severe {params.severe_share:g} "
        f"at {params.severe_flow_lpm:g} L/min, critical {params.critical_share:g} at {params.critical_flow_lpm:g} L/min",
        f"1 t liquid O2 = {demand.M3_GAS_PER_TONNE_LOX:g} m3 gas; isotank {pack.supply.isotank_capacity_t:g} t per trip",
        f"isotank trucks {st.session_state['trucks']}; fleet limit {st.session_state['fleet']}",
        f"reach {st.session_state['hours']:g} h of road and ferry; K = {st.session_state['k']} systems of "
        f"{st.session_state['cap'] or siting.DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY:g} m3/day",
    ]
    return lines


def brief_buttons(
    pack: Pack,
    *,
    title: str,
    provinces: pd.DataFrame,
    value_column: str,
    value_label: str,
    figures: list[tuple[str, str]],
    points: gpd.GeoDataFrame | None = None,
    points_label: str = "",
) -> None:
    """PNG and PDF one-page briefs of what the page shows (map, figures, assumptions,
    fingerprint, link)."""
    from geo import basemap, brief

    scen = current_scenario()
    fp = scenario.fingerprint(scen, pack.content_hash)
    kwargs = dict(
        title=title,
        subtitle=pack.title,
        land=basemap.land_polygons(),
        provinces=provinces,
        value_column=value_column,
        value_label=value_label,
        plants=pack.plants,
        points=points,
        points_label=points_label,
        figures=figures,
        assumptions=scenario_assumptions(pack),
        fingerprint=fp,
        link=scenario_link(scen),
        lang=st.session_state["lang"],
    )
    cols = st.columns(2)
    cols[0].download_button(
        t("download_brief"),
        data=lambda: brief.render_brief(**kwargs, fmt="png"),
        file_name=f"brief-{fp}.png",
        mime="image/png",
        key=f"dl_brief_png_{title}",
    )
    cols[1].download_button(
        t("download_brief_pdf"),
        data=lambda: brief.render_brief(**kwargs, fmt="pdf"),
        file_name=f"brief-{fp}.pdf",
        mime="application/pdf",
        key=f"dl_brief_pdf_{title}",
    )


def require_layers(pack: Pack, *layers: str) -> None:
    """Stop the page with a notice (not a traceback) when a layer it needs is empty,
    e.g. because its file failed to load; the error panel above names the file."""
    missing = [name for name in layers if len(getattr(pack, name)) == 0]
    if missing:
        names = ", ".join(t(name) for name in missing)
        st.info(f"{t('needs_layers')}: {names}")
        footer(pack)
        st.stop()


def hospital_filter(hospitals: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Filter the hospitals drawn on a map by class and beds (display only: figures and
    the fingerprint do not change)."""
    classes = sorted(c for c in hospitals["hospital_class"].dropna().unique() if c) or []
    with st.expander(t("hospital_filter")):
        cols = st.columns(2)
        chosen = cols[0].multiselect(t("class"), classes, default=classes, key="w_filter_class")
        max_beds = int(hospitals["beds"].max()) if len(hospitals) else 0
        min_beds = cols[1].slider(t("min_beds"), 0, max(max_beds, 1), 0, key="w_filter_beds")
    keep = hospitals["beds"] >= min_beds
    if classes and len(chosen) < len(classes):
        keep &= hospitals["hospital_class"].isin(chosen)
    if not keep.all():
        st.caption(f"{t('hospitals')}: {int(keep.sum()):,} / {len(hospitals):,}")
    return hospitals[keep]
