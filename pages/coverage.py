"""Coverage: hours of road and ferry travel from the nearest plant; moving the slider
filters precomputed times (no new shortest-path work)."""

import streamlit as st

from geo import maps, pipeline
from pages import _shared as ui

ui.require_app()

pack = ui.get_pack()
ui.require_layers(pack, "hospitals", "plants")
st.title(ui.t("page_coverage"))
ui.widget(st.slider, ui.t("hours"), "hours", min_value=0.5, max_value=96.0, step=0.5)
hours = float(st.session_state["hours"])

eng = ui.engine(pack)
status, provinces = pipeline.coverage(pack, eng["access"], hours=hours)
covered = int(status["covered"].sum())
beds = status["beds"].sum()
c1, c2, c3 = st.columns(3)
c1.metric(ui.t("kpi_covered"), f"{covered:,} / {len(status):,}")
c2.metric(
    ui.t("beds"), f"{(status.loc[status['covered'], 'beds'].sum() / beds if beds else 0):.1%}"
)
c3.metric(ui.t("underserved"), f"{int(provinces['underserved'].sum())} / {len(provinces)}")

m = maps.base_map(tiles=st.session_state["tiles"])
iso = ui.isochrones(pack, (hours,))
if len(iso):
    maps.add_isochrones(m, iso)
hosp = pack.hospitals.merge(status[["id", "travel_time_h", "reason"]], on="id", how="left")
maps.add_hospitals(m, hosp, color_by="travel_time_h", color_label=ui.t("travel_time_h"))
maps.add_plants(m, pack.plants)
ui.show_map(m, key="coverage_map")
ui.download_map(m, "coverage-map")

st.subheader(ui.t("underserved"))
table = provinces.copy()
table["reasons"] = table["reasons"].map(", ".join)
st.dataframe(
    table.sort_values(["underserved", "covered_share"], ascending=[False, True]),
    hide_index=True,
    width="stretch",
)
ui.download_table(table, "province-coverage")
st.subheader(ui.t("hospitals"))
shown = status.drop(columns=["node"]).sort_values(
    "travel_time_h", ascending=False, na_position="first"
)
st.dataframe(shown, hide_index=True, width="stretch")
ui.download_table(hosp, "hospital-travel-times", geo=True)
ui.footer(pack)
