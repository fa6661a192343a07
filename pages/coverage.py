"""Coverage: hours of road and ferry travel from the nearest plant; moving the slider
filters precomputed times (no new shortest-path work). The map draws what the hours
change: hospitals coloured by their hours relative to the reach (within a quarter, a
half, all of it, beyond it) and the area within reach."""

import streamlit as st

from geo import i18n, maps
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

state.require_app()
st.title(state.t("page_coverage"))
state.hours_slider()
res = cache.start(engine=True)
pack, lang = res.pack, st.session_state["lang"]
render.require_layers(res, "hospitals", "plants")

cov = res.coverage
status, provinces = cov.hospitals, cov.provinces
beds = status["beds"].sum()
c1, c2, c3 = st.columns(3)
c1.metric(
    state.t("kpi_covered"),
    f"{i18n.number(int(status['covered'].sum()), lang)} / {i18n.number(len(status), lang)}",
)
c2.metric(
    state.t("beds_within_reach"),
    i18n.percent(status.loc[status["covered"], "beds"].sum() / beds if beds else 0, lang),
)
c3.metric(
    state.t("underserved"),
    f"{i18n.number(int(provinces['underserved'].sum()), lang)} / "
    f"{i18n.number(len(provinces), lang)}",
)

hours = float(res.scenario.hours)
m = maps.base_map(tiles=st.session_state["tiles"], lang=lang)
iso = res.isochrones
if len(iso):
    maps.add_isochrones(m, iso, lang=lang)
hosp = pack.hospitals.merge(status[["id", "travel_time_h", "reason"]], on="id", how="left")
maps.add_hospitals(
    m,
    hosp,
    color_by="travel_time_h",
    reach_h=hours,
    color_label=state.t("travel_time_h"),
    lang=lang,
)
maps.add_plants(m, pack.plants, lang=lang)
chain = pack.supply_chain
if len(chain.lanes):
    maps.add_sea_lanes(m, chain.ports, chain.lanes, lang=lang)
render.show_map(m, key="coverage_map")
st.caption(state.t("coverage_map_help").format(hours=i18n.decimal(hours, lang)))
render.download_map(res, m, "coverage-map")

st.subheader(state.t("underserved"))
table = provinces.sort_values(["underserved", "covered_share"], ascending=[False, True])
render.table(table)
render.download_table(res, table, "province-coverage")
if "via_sea" in status:
    by_sea = status[status["via_sea"].fillna(False).astype(bool)]
    if len(by_sea):
        st.subheader(state.t("sea_dependent"))
        counts = by_sea.groupby("province_code").size().rename("hospitals_via_sea")
        sea_table = provinces.set_index("code")[["name", "hospitals"]].join(counts, how="inner")
        render.table(sea_table.reset_index())
st.subheader(state.t("hospitals"))
shown = status.drop(columns=["node"]).sort_values(
    "travel_time_h", ascending=False, na_position="first"
)
render.table(shown)
render.download_table(res, hosp, "hospital-travel-times", geo=True)
render.footer(res)
