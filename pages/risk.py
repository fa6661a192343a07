"""Risk: the chance that each province runs short, from sweeps of the plan (geo.sweep).

A sweep is either one the operator wrote into the data folder (``sweeps/*.parquet``,
listed by fingerprint), or a small one run here in the background on the server's
cores (Dask local cluster), one at a time per server, kept in memory by fingerprint.
The link names a sweep by its fingerprint only, checked against what the server has.
"""

from __future__ import annotations

import os
import threading

import altair as alt
import pandas as pd
import streamlit as st

from geo import i18n, maps, sweep
from geo.errors import DataError
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

APP_DRAWS = (50, 500, 200)  # min, max, default draws of a sweep run from the page


@st.cache_resource(show_spinner=False)
def _registry() -> dict:
    """Server-wide: the sweeps run from this page (fingerprint -> job), and a lock."""
    return {"lock": threading.Lock(), "jobs": {}}


@st.cache_resource(show_spinner=False, max_entries=4)
def _read(fingerprint: str, path: str, mtime_ns: int) -> sweep.Sweep:
    return sweep.read(path)


def _start(res, draws: int, seed: int) -> str:
    """Start a sweep of the session's scenario in a background thread; returns its
    fingerprint (an identical finished sweep is reused, a running one refuses)."""
    reg = _registry()
    pack = res.pack
    scen = res.scenario
    dists = sweep.validate(sweep.DISTRIBUTIONS)
    fp = sweep.fingerprint(
        content_hash=pack.content_hash,
        scenario=scen,
        dists=dists,
        draws=draws,
        seed=seed,
        model=sweep.model_kind(),
    )
    with reg["lock"]:
        if any(j["state"] == "running" for j in reg["jobs"].values()):
            raise DataError(state.t("risk_busy"))
        if fp in reg["jobs"] and reg["jobs"][fp]["state"] == "done":
            return fp
        job = {"state": "running", "done": 0, "total": draws, "result": None, "error": ""}
        reg["jobs"][fp] = job
    source = sweep.PackSource(
        scen,
        pack=pack.name,
        data_root=st.session_state["data_root"] if pack.name != "embedded" else None,
        allow_outside_root=os.environ.get("OXYGEN_ALLOW_OUTSIDE_ROOT", "") == "1",
        content_hash=pack.content_hash,
    )

    def progress(done: int, total: int) -> None:
        job["done"] = done

    def work() -> None:
        try:
            with sweep.connect(None, subprocess=True) as client:
                job["result"] = sweep.run(
                    source,
                    dists,
                    draws=draws,
                    seed=seed,
                    scenario=scen,
                    content_hash=pack.content_hash,
                    client=client,
                    progress=progress,
                )
            job["state"] = "done"
        except Exception as exc:  # a background thread: shown on the page, not lost
            job["error"] = " ".join(str(exc).split())[:300] or type(exc).__name__
            job["state"] = "failed"

    threading.Thread(target=work, name=f"sweep-{fp}", daemon=True).start()
    return fp


def _available(data_root: str) -> dict[str, dict]:
    """fingerprint -> what to show and how to load it: the operator's files, then the
    sweeps finished here."""
    out: dict[str, dict] = {}
    for row in sweep.list_sweeps(data_root).itertuples():
        out[row.fingerprint] = {"label": f"{row.draws:,} × {row.dates}", "path": row.path}
    for fp, job in list(_registry()["jobs"].items()):
        if job["state"] == "done" and fp not in out:
            r = job["result"]
            out[fp] = {"label": f"{r.n_draws:,} × {r.dates[0]} .. {r.dates[-1]}", "job": job}
    return out


def _load(entry: dict) -> sweep.Sweep:
    if "job" in entry:
        return entry["job"]["result"]
    path = entry["path"]
    return _read(path.stem, str(path), path.stat().st_mtime_ns)


res = cache.start()
pack, lang = res.pack, st.session_state["lang"]
render.require_layers(res, "provinces")
st.title(state.t("risk_title"))
st.caption(state.t("risk_intro"))

available = _available(st.session_state["data_root"])
wanted = st.session_state.get("sweep", "")
if wanted and wanted not in available:
    st.warning(state.t("risk_unknown").format(fp=wanted))
    st.session_state["sweep"] = ""
if not st.session_state.get("sweep") and available:
    st.session_state["sweep"] = next(iter(available))
    state.sync_url()

with st.expander(state.t("risk_run"), expanded=not available):
    st.caption(state.t("risk_run_help"))
    lo, hi, default = APP_DRAWS
    c1, c2, c3 = st.columns([2, 2, 1])
    draws = c1.number_input(state.t("risk_draws"), lo, hi, default, step=50, key="w_risk_draws")
    seed = c2.number_input(state.t("risk_seed"), 0, 2**31 - 1, 1, key="w_risk_seed")
    if c3.button(state.t("risk_start"), key="w_risk_start"):
        try:
            st.session_state["risk_job"] = _start(res, int(draws), int(seed))
        except DataError as exc:
            st.warning(str(exc))


def _session_job() -> tuple[str | None, dict | None]:
    """The sweep this session started (fingerprint, job), if any."""
    fp = st.session_state.get("risk_job")
    return fp, (_registry()["jobs"].get(fp) if fp else None)


def _progress() -> None:
    """The session's sweep: its progress while it runs; its error if it failed; once
    done, the page reruns once to list and show it."""
    fp, job = _session_job()
    if job is None:
        return
    if job["state"] == "running":
        st.progress(
            job["done"] / max(job["total"], 1),
            text=state.t("risk_running").format(fp=fp, done=job["done"], total=job["total"]),
        )
    elif job["state"] == "failed":
        st.error(state.t("risk_failed").format(error=job["error"]))
    elif st.session_state.get("sweep") != fp:
        st.session_state["sweep"] = fp
        st.session_state["w_sweep"] = fp
        st.session_state.pop("risk_job", None)
        st.rerun()


# Poll (a fragment rerun every 2 s) only while this session's sweep runs: a page that
# polled always kept every open risk page rerunning, and twenty of them starved the
# server (benchmarks/sessions.py: all twenty timed out at 600 s). When the sweep ends
# the fragment reruns the whole page, which then draws the result without polling.
_fp, _job = _session_job()
if _job is not None and _job["state"] == "running":

    @st.fragment(run_every=2.0)
    def _poll() -> None:
        _progress()
        if _session_job()[1] is None or _session_job()[1]["state"] != "running":
            st.rerun()

    _poll()
else:
    _progress()

if not available:
    st.info(state.t("risk_none"))
    render.footer(res)
    st.stop()

fps = list(available)
state.widget(
    st.selectbox,
    state.t("risk_pick"),
    "sweep",
    options=fps,
    format_func=lambda fp: f"{fp} · {available[fp]['label']}",
)
chosen = st.session_state["sweep"]
result = _load(available[chosen])
meta = result.meta
n_days = len(result.dates)
min_days = st.slider(state.t("risk_min_days"), 1, n_days, min(3, n_days), key="w_risk_min_days")
summary = sweep.summarize(result, min_days=min_days)
st.caption(
    state.t("risk_meta").format(
        draws=i18n.number(result.n_draws, lang),
        seed=meta["seed"],
        dates=f"{result.dates[0]} .. {result.dates[-1]}",
        model=meta["model"]["kind"],
        tol=i18n.decimal(meta["shortage_t"], lang),
    )
)
if meta.get("content_hash") and meta["content_hash"] != res.runner.content_hash:
    st.warning(
        state.t("risk_other_pack").format(
            theirs=meta["content_hash"][:12], ours=res.runner.content_hash[:12]
        )
    )

names = pack.provinces.set_index("code")["name"]
provinces = summary["provinces"].assign(name=summary["provinces"]["code"].map(names))
label = state.t("risk_p_short").format(n=min_days)
shapes = pack.provinces.merge(provinces[["code", "p_short_min_days"]], on="code", how="inner")
m = maps.base_map(tiles=st.session_state["tiles"])
maps.add_provinces(
    m, shapes, value_column="p_short_min_days", label=label, fmt="{:.0%}",
    legend_title=label, lang=lang,
)  # fmt: skip
render.show_map(m, key="risk_map")
render.download_map(res, m, f"risk-{chosen}")

st.subheader(state.t("risk_fan"))
nat = summary["national"].assign(date=lambda d: pd.to_datetime(d["date"]))
base = alt.Chart(nat).encode(x=alt.X("date:T", title=None))
fan = (
    base.mark_area(opacity=0.2).encode(y=alt.Y("unmet_p05_t:Q", title="t"), y2="unmet_p95_t:Q")
    + base.mark_area(opacity=0.35).encode(y="unmet_p25_t:Q", y2="unmet_p75_t:Q")
    + base.mark_line().encode(y="unmet_p50_t:Q")
)
st.altair_chart(fan, width="stretch")

st.subheader(state.t("risk_table"))
table = provinces[
    [
        "code", "name", "p_short_any", "p_short_min_days", "p_short_min_days_se",
        "days_short_mean", "days_short_p10", "days_short_p90", "unmet_total_mean_t",
        "unmet_total_p10_t", "unmet_total_p90_t",
    ]
].sort_values("p_short_min_days", ascending=False)  # fmt: skip
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={c: i18n.column(c, lang) for c in table.columns}
    | {
        "p_short_any": st.column_config.NumberColumn(
            i18n.column("p_short_any", lang), format="percent"
        ),
        "p_short_min_days": st.column_config.NumberColumn(label, format="percent"),
        "p_short_min_days_se": st.column_config.NumberColumn("±", format="percent"),
    },
)
render.download_table(res, table, f"risk-{chosen}-provinces")
render.download_table(res, summary["province_days"], f"risk-{chosen}-province-days")
with st.expander(state.t("risk_distributions")):
    st.dataframe(
        pd.DataFrame.from_dict(meta["distributions"], orient="index"),
        width="stretch",
    )
st.markdown(
    f"<div data-testid='sweep-fingerprint' style='font-family:monospace'>sweep {chosen}</div>",
    unsafe_allow_html=True,
)
render.footer(res)
