"""Data: the pack's tables and the load report (what was read, kept, repaired, dropped)."""

import pandas as pd
import streamlit as st

from geo.locations import location_counts
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

res = cache.start()
pack = res.pack
st.title(state.t("page_data"))
st.caption(pack.title_in(st.session_state["lang"]))

st.subheader(state.t("load_report"))
rows = []
for name, r in pack.reports.items():
    rows.append(
        {
            "layer": name,
            state.t("rows_read"): r.rows_read,
            state.t("rows_kept"): r.rows_kept,
            state.t("repaired"): r.repaired,
            state.t("dropped"): sum(r.dropped.values()),
            "detail": "; ".join(f"{k}: {v}" for k, v in sorted(r.dropped.items()))
            + ("; " if r.dropped and r.repairs else "")
            + "; ".join(f"{k} (repaired): {v}" for k, v in sorted(r.repairs.items())),
            "notes": " | ".join(r.notes),
            "source": r.source,
        }
    )
report = pd.DataFrame(rows)
st.dataframe(report, hide_index=True, width="stretch")
render.download_table(report, "load-report")

locations = pack.hospital_locations
if len(locations):
    st.subheader(state.t("hospital_locations"))
    st.caption(state.t("hospital_locations_rules"))
    counts = location_counts(locations)
    summary = pd.DataFrame(
        [{"": state.t("location_problem"), "name": k, state.t("location_count"): v}
         for k, v in counts["problems"].items()]
        + [{"": state.t("location_rule"), "name": k, state.t("location_count"): v}
           for k, v in counts["rules"].items()]
    )  # fmt: skip
    st.dataframe(summary, hide_index=True, width="stretch")
    flagged = locations[(locations["problem"] != "") | (locations["rule"] != "as_given")]
    st.dataframe(render.plain_table(flagged), hide_index=True, width="stretch")
    render.download_table(flagged, "hospital-locations")

for layer, table in (
    ("provinces", pack.provinces),
    ("hospitals", pack.hospitals),
    ("plants", pack.plants),
):
    st.subheader(f"{state.t(layer)} ({len(table):,})")
    if len(table):
        st.dataframe(render.plain_table(table), hide_index=True, width="stretch")
        render.download_table(table, layer, geo=True)
    else:
        st.info(state.t("no_data"))

st.subheader(state.t("active_cases"))
if len(pack.cases):
    st.dataframe(pack.cases, hide_index=True, width="stretch")
    render.download_table(pack.cases, "cases")
else:
    st.info(state.t("no_data"))
render.footer(res)
