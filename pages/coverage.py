"""Coverage: hours of road and ferry travel from the nearest plant; moving the slider
filters precomputed times (no new shortest-path work)."""

import streamlit as st

from geo import maps
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
c1.metric(state.t("kpi_covered"), f"{int(status['covered'].sum()):,} / {len(status):,}")
c2.metric(
    state.t("beds"), f"{(status.loc[status['covered'], 'beds'].sum() / beds if beds else 0):.1%}"
)
c3.metric(state.t("underserved"), f"{int(provinces['underserved'].sum())} / {len(provinces)}")

m = maps.base_map(tiles=st.session_state["tiles"])
iso = res.isochrones
if len(iso):
    maps.add_isochrones(m, iso)
hosp = pack.hospitals.merge(status[["id", "travel_time_h", "reason"]], on="id", how="left")
maps.add_hospitals(
    m, hosp, color_by="travel_time_h", color_label=state.t("travel_time_h"), lang=lang
)
maps.add_plants(m, pack.plants, lang=lang)
chain = pack.supply_chain
if len(chain.lanes):
    maps.add_sea_lanes(m, chain.ports, chain.lanes, lang=lang)
render.show_map(m, key="coverage_map")
render.download_map(res, m, "coverage-map")

st.subheader(state.t("underserved"))
table = provinces.copy()
table["reasons"] = table["reasons"].map(", ".join)
st.dataframe(
    table.sort_values(["underserved", "covered_share"], ascending=[False, True]),
    hide_index=True,
    width="stretch",
)
render.download_table(res, table, "province-coverage")
if "via_sea" in status:
    by_sea = status[status["via_sea"].fillna(False).astype(bool)]
    if len(by_sea):
        st.subheader(state.t("sea_dependent"))
        counts = by_sea.groupby("province_code").size().rename("hospitals_via_sea")
        sea_table = provinces.set_index("code")[["name", "hospitals"]].join(counts, how="inner")
        st.dataframe(sea_table.reset_index(), hide_index=True, width="stretch")
st.subheader(state.t("hospitals"))
shown = status.drop(columns=["node"]).sort_values(
    "travel_time_h", ascending=False, na_position="first"
)
st.dataframe(shown, hide_index=True, width="stretch")
render.download_table(res, hosp, "hospital-travel-times", geo=True)
render.footer(res)
