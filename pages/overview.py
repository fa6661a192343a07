"""Overview: provinces by oxygen demand, plants by capacity, hospitals clustered."""

import streamlit as st

from geo import i18n, maps, narrative
from pages import _cache as cache
from pages import _render as render
from pages import _state as state

res = cache.start()
pack, lang = res.pack, st.session_state["lang"]
render.require_layers(res, "provinces")
st.title(state.t("app_title"))
st.caption(f"{pack.title_in(lang)} · {i18n.date(res.scenario.date, lang)}")

demand = render.guarded("demand", lambda: res.demand, render.empty_demand())
total = float(demand["demand_t_per_day"].sum()) if len(demand) else 0.0
plants_t = float(pack.plants["capacity_t_per_day"].sum())
figures = [
    (state.t("kpi_demand"), narrative.t_per_day(total, lang)),
    (state.t("kpi_supply"), narrative.t_per_day(plants_t, lang)),
    (state.t("kpi_hospitals"), i18n.number(len(pack.hospitals), lang)),
    (
        state.t("kpi_national_supply"),
        narrative.t_per_day(pack.supply.national_supply_t_per_day, lang, digits=1),
    ),
]
for col, (label, value) in zip(st.columns(4), figures, strict=True):
    col.metric(label, value)
if len(demand):
    st.caption(
        f"{state.t('kpi_demand')}: {narrative.t_per_day(demand['low'].sum(), lang)} – "
        f"{narrative.t_per_day(demand['high'].sum(), lang)}"
    )
    if "method" in demand:
        methods = demand["method"].value_counts()
        st.caption(
            state.t("case_figures").format(
                reported=int(methods.get("reported", 0)),
                carried=int(methods.get("carried_forward", 0)),
                split=int(methods.get("national_split", 0)),
                total=len(demand),
            )
        )

provinces = pack.provinces.merge(
    demand[["code", "demand_t_per_day", "low", "high"]], on="code", how="left"
)
m = maps.base_map(tiles=st.session_state["tiles"], lang=lang)
maps.add_provinces(
    m,
    provinces,
    value_column="demand_t_per_day",
    label=state.t("demand_t"),
    fmt="{:,.0f}",
    legend_title=state.t("demand_t"),
    lang=lang,
)
if "imputed" in demand and demand["imputed"].any():
    imputed = pack.provinces[pack.provinces["code"].isin(demand.loc[demand["imputed"], "code"])]
    maps.add_hatch(m, imputed, name=state.t("imputed_provinces"))
maps.add_plants(m, pack.plants, lang=lang)
maps.add_hospitals(m, render.hospital_filter(pack.hospitals), lang=lang)
selected = state.province_picker(pack)
if selected:
    m.fit_bounds(render.province_bounds(pack, selected))
render.show_map(m, key="overview_map")
render.download_map(res, m, "overview-map")
render.brief_buttons(
    res,
    title=f"{state.t('demand_t')}: {i18n.date(res.scenario.date, lang)}",
    provinces=provinces,
    value_column="demand_t_per_day",
    value_label=state.t("demand_t"),
    figures=figures,
)

if selected:
    row = demand[demand["code"] == selected]
    st.subheader(str(row["name"].iloc[0]) if len(row) else str(selected))
    render.table(row)
    in_province = pack.hospitals[pack.hospitals["province_code"] == selected]
    render.table(in_province)
st.subheader(state.t("demand_t"))
render.table(demand)
render.download_table(res, demand, "province-demand")
render.footer(res)
