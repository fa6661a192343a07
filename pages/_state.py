"""Session state and the URL: the scenario a viewer sees, read from and written to the link.

Session-state keys are initialised in one place (:func:`init_state`) from the validated
URL scenario (:func:`geo.scenario.parse`). The data folder is the server operator's
setting (environment variable ``OXYGEN_DATA_ROOT`` or ``streamlit run app.py --
--data-root DIR``), shown read-only; nothing a viewer does can change it.
"""

from __future__ import annotations

import dataclasses
import os
import sys

import streamlit as st

from geo import demand, i18n, scenario, settings
from geo.errors import DataError
from geo.packs import EMBEDDED, REPO_ROOT, list_packs

SCENARIO_FIELDS = [f.name for f in dataclasses.fields(scenario.Scenario) if f.name != "demand"]


def t(key: str) -> str:
    return i18n.t(key, st.session_state.get("lang", "id"))


def server_data_root() -> str:
    """The data folder manifest packs resolve against: the operator's choice, in this
    order: ``--data-root DIR`` after ``--`` on the streamlit command line, the
    ``OXYGEN_DATA_ROOT`` environment variable, ``../shared/data`` beside the repo."""
    argv = sys.argv
    for i, arg in enumerate(argv):
        if arg == "--data-root" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--data-root="):
            return arg.split("=", 1)[1]
    return os.environ.get("OXYGEN_DATA_ROOT") or str(REPO_ROOT.parent / "shared" / "data")


# --------------------------------------------------------------------------- session


def _disable_legacy_pages() -> bool:
    """Streamlit's one private switch this app touches, isolated here.

    On a freshly started server, Streamlit's legacy multipage mode (a ``pages/`` folder
    beside the entry point) serves a deep link such as ``/deploy?hours=6`` by running
    ``pages/deploy.py`` alone, skipping app.py, until some session has called
    ``st.navigation``; no public option turns that off. Returns whether the mode was on
    (the page must then rerun through app.py). ``tests/test_app.py`` fails when a
    Streamlit upgrade removes the switch."""
    try:
        from streamlit.runtime.pages_manager import PagesManager

        legacy = bool(PagesManager.uses_pages_directory)
        PagesManager.uses_pages_directory = False
    except (ImportError, AttributeError):  # a Streamlit without that switch
        legacy = False
    return legacy


def require_app() -> None:
    """Make sure the page runs inside app.py's navigation (see above)."""
    if st.session_state.get("_initialised"):
        return
    if _disable_legacy_pages():
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
    scen, warnings = scenario.parse(
        params, packs=list_packs(), demand_bounds=demand.demand_bounds()
    )
    for name in SCENARIO_FIELDS:
        st.session_state[name] = getattr(scen, name)
    st.session_state["demand"] = dict(scen.demand)
    st.session_state["data_root"] = server_data_root()
    st.session_state["url_warnings"] = warnings
    st.session_state["_explicit"] = set(params)
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


def fit_to_pack(pack) -> None:
    """Move the session's scenario onto what the pack has (nearest date, a province it
    has), warning about values the link named; the CLI's ``--link`` does the same."""
    explicit = st.session_state.pop("_explicit", set())
    fitted, warnings = scenario.fit_to_pack(current_scenario(), pack, explicit=explicit)
    st.session_state["date"], st.session_state["prov"] = fitted.date, fitted.prov
    st.session_state["url_warnings"].extend(warnings)


def sync_url() -> None:
    """Write the current scenario into the URL (so a copied link reproduces it)."""
    wanted = current_scenario().to_query()
    wanted["page"] = st.session_state["page"]
    if {k: st.query_params.get(k) for k in st.query_params.keys()} != wanted:
        st.query_params.from_dict(wanted)


def scenario_link(scen: scenario.Scenario) -> str:
    """The full link to this scenario (base URL of the request + validated parameters)."""
    from urllib.parse import urlencode

    query = scen.to_query() | {"page": st.session_state["page"]}
    base = str(st.context.url or "").split("?")[0]  # None without a browser (AppTest)
    return base + "?" + urlencode(query)


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


def hours_slider() -> float:
    lo, hi = settings.HOURS_RANGE
    widget(st.slider, t("hours"), "hours", min_value=lo, max_value=hi, step=settings.HOURS_STEP)
    return float(st.session_state["hours"])


def demand_editors() -> None:
    """One number input per demand parameter; only values that differ from the default
    are kept (and so appear in the URL)."""
    lang = st.session_state.get("lang", "id")
    from geo import demand
    from pages import _cache as cache

    overrides = dict(st.session_state.get("demand", {}))
    # the central value of each parameter is the preset's (the calibrated one by default)
    central = pipeline_defaults(cache.current_pack())
    cols = st.columns(3)
    for i, spec in enumerate(demand.PARAM_SPECS.values()):
        default = float(central.get(spec.name, spec.default))
        key = f"param_{spec.name}"
        label = i18n.t(key, lang) if key in i18n.STRINGS else spec.label
        value = cols[i % 3].number_input(
            f"{label} ({i18n.value(spec.unit, lang)})",
            min_value=float(spec.min),
            max_value=float(spec.max),
            value=float(overrides.get(spec.name, default)),
            key=f"w_dp_{spec.name}",
            help=spec.source,
            format="%.4g",
        )
        if abs(value - default) > 1e-12:
            overrides[spec.name] = value
        else:
            overrides.pop(spec.name, None)
    st.session_state["demand"] = overrides


def pipeline_defaults(pack) -> dict[str, float]:
    """The demand parameters the scenario's method and preset start from."""
    from geo import demand

    try:
        return demand.demand_defaults(
            pack, method=st.session_state["method"], preset=st.session_state["preset"]
        )
    except DataError:  # an uncalibrated pack (or method) keeps the WHO values
        return {}


def province_picker(pack) -> int:
    """The selected province (scenario key ``prov``; 0 = none); the pack's provinces only
    (:func:`fit_to_pack` has cleared any other)."""
    names = dict(zip(pack.provinces["code"].astype(int), pack.provinces["name"], strict=True))
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


# --------------------------------------------------------------------------- sidebar


def sidebar(page: str, load_pack) -> None:
    """Language, pack, date and base map; the data folder shown read-only. ``load_pack``
    returns the scenario's pack (pages/_cache.py owns loading)."""
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
            st.caption(f"{t('data_root')}: `{os.path.basename(st.session_state['data_root'])}`")
        pack = load_pack()
        fit_to_pack(pack)
        dates = scenario.scenario_dates(pack)
        if dates:
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
