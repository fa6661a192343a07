"""Data: the pack's tables and the load report (what was read, kept, repaired, dropped)."""

import pandas as pd
import streamlit as st

from pages import _shared as ui

ui.require_app()

pack = ui.get_pack()
st.title(ui.t("page_data"))
st.caption(pack.title)

st.subheader(ui.t("load_report"))
rows = []
for name, r in pack.reports.items():
    rows.append(
        {
            "layer": name,
            ui.t("rows_read"): r.rows_read,
            ui.t("rows_kept"): r.rows_kept,
            ui.t("repaired"): r.repaired,
            ui.t("dropped"): sum(r.dropped.values()),
            "detail": "; ".join(f"{k}: {v}" for k, v in sorted(r.dropped.items()))
            + ("; " if r.dropped and r.repairs else "")
            + "; ".join(f"{k} (repaired): {v}" for k, v in sorted(r.repairs.items())),
            "notes": " | ".join(r.notes),
            "source": r.source,
        }
    )
report = pd.DataFrame(rows)
st.dataframe(report, hide_index=True, width="stretch")
ui.download_table(report, "load-report")

for layer, table in (
    ("provinces", pack.provinces),
    ("hospitals", pack.hospitals),
    ("plants", pack.plants),
):
    st.subheader(f"{ui.t(layer)} ({len(table):,})")
    if len(table):
        shown = ui.plain_table(table)
        st.dataframe(shown, hide_index=True, width="stretch")
        ui.download_table(table, layer, geo=True)
    else:
        st.info(ui.t("no_data"))

st.subheader(ui.t("active_cases"))
if len(pack.cases):
    st.dataframe(pack.cases, hide_index=True, width="stretch")
    ui.download_table(pack.cases, "cases")
else:
    st.info(ui.t("no_data"))
ui.footer(pack)
