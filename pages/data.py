"""Data: the pack's tables and the load report (what was read, kept, repaired, dropped)."""

import pandas as pd
import streamlit as st

from geo import i18n
from geo.locations import location_counts
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

res = cache.start()
pack, lang = res.pack, st.session_state["lang"]
st.title(state.t("page_data"))
st.caption(pack.title_in(lang))

st.subheader(state.t("load_report"))
rows = []
for name, r in pack.reports.items():
    rows.append(
        {
            "layer": next((state.t(k) for k in (f"layer_{name}", name) if k in i18n.STRINGS), name),
            "rows_read": r.rows_read,
            "rows_kept": r.rows_kept,
            "repaired": r.repaired,
            "dropped": sum(r.dropped.values()),
            "detail": "; ".join(f"{k}: {v}" for k, v in sorted(r.dropped.items()))
            + ("; " if r.dropped and r.repairs else "")
            + "; ".join(f"{k} ({state.t('repaired')}): {v}" for k, v in sorted(r.repairs.items())),
            "notes": " | ".join(r.notes),
            "source": r.source,
        }
    )
report = pd.DataFrame(rows)
render.table(report)
render.download_table(res, report, "load-report")

locations = pack.hospital_locations
if len(locations):
    st.subheader(state.t("hospital_locations"))
    st.caption(state.t("hospital_locations_rules"))
    counts = location_counts(locations)
    # coded kinds and names (geo.locations), shown in the viewer's language by render.table
    summary = pd.DataFrame(
        [{"kind": "problem", "check": k, "count": v} for k, v in counts["problems"].items()]
        + [{"kind": "rule", "check": k, "count": v} for k, v in counts["rules"].items()]
    )
    render.table(summary)
    flagged = locations[(locations["problem"] != "") | (locations["rule"] != "as_given")]
    render.table(flagged)
    render.download_table(res, flagged, "hospital-locations")

for layer, table in (
    ("provinces", pack.provinces),
    ("hospitals", pack.hospitals),
    ("plants", pack.plants),
):
    st.subheader(f"{state.t(layer)} ({i18n.number(len(table), lang)})")
    if len(table):
        render.table(table)
        render.download_table(res, table, layer, geo=True)
    else:
        st.info(state.t("no_data"))

st.subheader(state.t("active_cases"))
if len(pack.cases):
    render.table(pack.cases)
    render.download_table(res, pack.cases, "cases")
else:
    st.info(state.t("no_data"))
render.footer(res)
