"""Thin caches over :func:`geo.pipeline.run`: one pack and one runner per server.

The runner memoises each stage by the scenario values it depends on (geo/pipeline.py),
so sessions share the road graph, the nearest-plant times and every table already
computed; a page reads only the stages it shows from :func:`result`.
"""

from __future__ import annotations

import os

import streamlit as st

from geo import i18n, pipeline
from geo.packs import EMBEDDED, Pack, load_pack
from pages._state import current_scenario, t

# bumped when a loaded pack's files change on disk, so the next load is fresh
_PACK_GENERATION: dict[tuple[str, str], int] = {}


@st.cache_resource(show_spinner="Memuat paket data · Loading the data pack …")
def _load_pack_cached(name: str, data_root: str, generation: int) -> Pack:
    # files outside the data root only when the operator allows it (never a viewer)
    outside = os.environ.get("OXYGEN_ALLOW_OUTSIDE_ROOT", "") == "1"
    return load_pack(
        name, data_root=data_root if name != EMBEDDED else None, allow_outside_root=outside
    )


def current_pack() -> Pack:
    """The scenario's pack; a broken manifest falls back to the embedded pack, visibly."""
    name, root = st.session_state["pack"], st.session_state["data_root"]
    key = (name, root if name != EMBEDDED else "")
    try:
        pack = _load_pack_cached(*key, _PACK_GENERATION.get(key, 0))
        if pack.inputs_changed():  # stats only the files the pack read
            _PACK_GENERATION[key] = _PACK_GENERATION.get(key, 0) + 1
            pack = _load_pack_cached(*key, _PACK_GENERATION[key])
        return pack
    except (OSError, ValueError) as exc:  # DataError is a ValueError; a bug is not caught
        st.error(f"{name}: {exc}")
        st.session_state["pack"] = EMBEDDED
        return _load_pack_cached(EMBEDDED, "", 0)


@st.cache_resource(show_spinner=False)
def _runner_cached(content_hash: str, _pack: Pack) -> pipeline.Runner:
    return pipeline.Runner(_pack)


_ENGINE_READY: set[str] = set()


def result(pack: Pack, *, engine: bool = False) -> pipeline.Result:
    """The session's scenario on ``pack``. With ``engine`` (pages that route), the first
    time a pack's road engine is built its progress is shown (outside any cached
    function: st.status inside one would be replayed as a stuck spinner)."""
    res = _runner_cached(pack.content_hash, pack).run(current_scenario())
    if engine and pack.content_hash not in _ENGINE_READY:
        with st.status(t("computing_engine"), expanded=False) as status:
            eng = res.engine
            lang = st.session_state.get("lang", "id")
            status.update(
                label=t("engine_done").format(
                    nodes=i18n.number(eng.cg.n_nodes, lang), edges=i18n.number(eng.cg.n_edges, lang)
                ),
                state="complete",
            )
        _ENGINE_READY.add(pack.content_hash)
    return res


def start(*, engine: bool = False) -> pipeline.Result:
    """What every page does first: run inside app.py, load the pack, show the URL
    warnings and layer errors, and hand back the scenario's result."""
    from pages._render import notices
    from pages._state import require_app

    require_app()
    pack = current_pack()
    notices(pack)
    return result(pack, engine=engine)
