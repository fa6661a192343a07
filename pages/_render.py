"""Rendering shared by the pages: error panels, maps, tables, downloads, the brief, the
footer with the scenario link and fingerprint."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import basemap, brief, export, pipeline
from geo.demand import unpublished_provinces
from geo.packs import REPO_ROOT, Pack
from pages._state import scenario_link, t

STATIC_DIR = REPO_ROOT / "static"
T = TypeVar("T")


def notices(pack: Pack) -> None:
    """The URL warnings and the layers that failed to load, above the page."""
    from geo import i18n

    lang = st.session_state.get("lang", "id")
    for w in st.session_state.get("url_warnings", []):
        st.warning(f"{t('url_warning')}: {i18n.warning(w, lang)}")
    if pack.errors:
        st.error(
            t("layer_errors")
            + "\n\n"
            + "\n\n".join(
                f"- **{e.layer}**: {html.escape(e.one_line(), quote=False)}" for e in pack.errors
            )
        )
    for _, gap in unpublished_provinces(pack.cases, pack.provinces).iterrows():
        st.warning(
            t("unpublished_cases").format(
                code=int(gap["code"]),
                name=html.escape(str(gap["name"]), quote=False),
                rule=t(f"case_fill_{gap['fill']}"),
                split=int(gap["national_split"]),
                days=int(gap["days"]),
                missing=int(gap["missing"]),
            )
        )


def guarded(what: str, compute: Callable[[], T], fallback: T) -> T:
    """A stage's value, or an error panel and ``fallback``: bad parameters or data
    (:class:`DataError` and other ``ValueError``), an unreadable file (``OSError``) or a
    solve that did not finish (``RuntimeError``) never end in a traceback. A bug
    (``TypeError``, ``KeyError``, ...) is not caught: it fails the page and its tests."""
    try:
        return compute()
    except (OSError, RuntimeError, ValueError) as exc:
        st.error(f"{what}: {html.escape(str(exc), quote=False)}")
        return fallback


def empty_demand() -> pd.DataFrame:
    return pd.DataFrame(columns=["code", "name", "demand_t_per_day", "low", "high"])


def require_layers(res: pipeline.Result, *layers: str) -> None:
    """Stop the page with a notice (not a traceback) when a layer it needs is empty,
    e.g. because its file failed to load; the error panel above names the file."""
    missing = [name for name in layers if len(getattr(res.pack, name)) == 0]
    if missing:
        names = ", ".join(t(name) for name in missing)
        st.info(f"{t('needs_layers')}: {names}")
        footer(res)
        st.stop()


def footer(res: pipeline.Result) -> None:
    """The scenario link and fingerprint, shown on every page."""
    st.divider()
    cols = st.columns([3, 1])
    with cols[0]:
        st.caption(t("copy_link_help"))
        st.code(scenario_link(res.scenario), language=None)
    with cols[1]:
        st.markdown(
            "<div data-testid='fingerprint' style='font-family:monospace'>"
            f"fingerprint {res.fingerprint}</div>",
            unsafe_allow_html=True,
        )


def export_meta(res: pipeline.Result) -> dict[str, str]:
    """What every export carries: the fingerprint, the scenario's query and its link."""
    from urllib.parse import urlencode

    return {
        "fingerprint": res.fingerprint,
        "scenario": urlencode(res.scenario.to_query()),
        "link": scenario_link(res.scenario),
    }


def file_name(res: pipeline.Result, name: str, ext: str) -> str:
    """``<page>-<name>-<fingerprint>.<ext>``: distinct per page, table and scenario."""
    page = st.session_state.get("page", "overview")
    return f"{page}-{name}-{res.fingerprint}.{ext}"


def download_table(res: pipeline.Result, df: pd.DataFrame, name: str, *, geo: bool = False) -> None:
    """CSV (and GeoJSON, GeoPackage) downloads of a table, each carrying the fingerprint
    and scenario. A click does not rerun the page (``on_click="ignore"``), so two clicks
    in a row both arrive; the bytes are made only when asked for (callables)."""
    meta = export_meta(res)
    cols = st.columns(3 if geo else 1)
    cols[0].download_button(
        t("download_csv"),
        lambda: export.to_csv_bytes(df, meta=meta),
        file_name=file_name(res, name, "csv"),
        mime="text/csv",
        key=f"dl_csv_{name}",
        on_click="ignore",
    )
    if geo:
        cols[1].download_button(
            t("download_geojson"),
            lambda: export.to_geojson_bytes(df, meta=meta),
            file_name=file_name(res, name, "geojson"),
            mime="application/geo+json",
            key=f"dl_gj_{name}",
            on_click="ignore",
        )
        cols[2].download_button(
            "GeoPackage",
            lambda: export.to_gpkg_bytes(df, layer=name.replace("-", "_"), meta=meta),
            file_name=file_name(res, name, "gpkg"),
            mime="application/geopackage+sqlite3",
            key=f"dl_gpkg_{name}",
            on_click="ignore",
        )


def show_map(m, *, key: str, height: int = 560) -> None:
    from streamlit_folium import st_folium

    from geo import assets

    assets.install_static_assets(STATIC_DIR)
    st_folium(m, key=key, height=height, use_container_width=True, returned_objects=[])


def download_map(res: pipeline.Result, m, name: str) -> None:
    """The map as one HTML file that opens offline (made only when asked for)."""
    from geo import assets

    st.download_button(
        t("download_map"),
        lambda: assets.inline_html(m).encode("utf-8"),
        file_name=file_name(res, name, "html"),
        mime="text/html",
        key=f"dl_map_{name}",
        on_click="ignore",
    )


STYLE_MAX_ROWS = 600  # above this a table keeps Streamlit's number format (speed)


def _digits(name: str) -> int | None:
    """Decimals a column is shown with (None: a share, shown as a percentage)."""
    if "share" in name or name in ("rel_error", "median_abs_rel_error", "mean_abs_rel_error"):
        return None
    if name in ("lon", "lat", "capital_lon", "capital_lat"):
        return 4
    if name.endswith(("_h", "_h_per_day")) or name in ("trucks", "isotanks_at_sea", "value"):
        return 1
    return 0 if name.endswith(("_m3_per_day", "population", "objective")) else 1


def localized(df: pd.DataFrame, lang: str):
    """A table as the viewer reads it: headers and coded values (limits, reasons,
    kinds) in ``lang`` (geo.i18n), numbers and booleans in its locale (Babel). Small
    tables come back as a Styler (formatted display, numeric sorting kept)."""
    from geo import i18n

    coded = df.copy()
    for col in coded.columns:
        if col != "geometry" and (
            coded[col].dtype == object or pd.api.types.is_string_dtype(coded[col])
        ):
            coded[col] = coded[col].map(lambda v: i18n.value(v, lang))
    out = plain_table(coded)
    formats = {}
    yes, no = ("ya", "tidak") if lang == "id" else ("yes", "no")
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map({True: yes, False: no})
        elif pd.api.types.is_integer_dtype(out[col]) and not col.endswith("code") and col != "k":
            formats[i18n.column(col, lang)] = lambda v: i18n.number(v, lang)
        elif pd.api.types.is_float_dtype(out[col]):
            d = _digits(str(col))
            formats[i18n.column(col, lang)] = (
                (lambda v: i18n.percent(v, lang, digits=1))
                if d is None
                else (lambda v, d=d: i18n.number(v, lang, digits=d))
            )
    out.columns = [i18n.column(c, lang) for c in out.columns]
    if len(out) > STYLE_MAX_ROWS or out.columns.duplicated().any():
        return out
    return out.style.format(formats, na_rep=i18n.MISSING)


def table(df: pd.DataFrame, *, lang: str | None = None) -> None:
    """``st.dataframe`` of :func:`localized` (no index, full width)."""
    st.dataframe(
        localized(df, lang or st.session_state.get("lang", "id")), hide_index=True, width="stretch"
    )


def time_chart(series: pd.DataFrame, lang: str, *, y_title: str = "") -> None:
    """Lines over dates: series named in ``lang``, month names and numbers in its locale
    (Babel's month names in the axis; Vega's own would be English)."""
    import altair as alt

    from geo import i18n

    long = series.rename(columns=lambda c: i18n.column(c, lang)).rename_axis("date")
    long = long.reset_index().melt("date", var_name="series", value_name="value")
    months = json_list([m[:3] for m in i18n.month_names(lang)])
    sep = "." if lang == "id" else ","
    chart = (
        alt.Chart(long)
        .mark_line()
        .encode(
            x=alt.X(
                "date:T",
                title=i18n.column("date", lang),
                axis=alt.Axis(labelExpr=f"date(datum.value) + ' ' + {months}[month(datum.value)]"),
            ),
            y=alt.Y(
                "value:Q",
                title=y_title,
                axis=alt.Axis(labelExpr=f"replace(format(datum.value, ',.0f'), ',', '{sep}')"),
            ),
            color=alt.Color("series:N", title=None),
        )
    )
    st.altair_chart(chart, width="stretch")


def json_list(items: list[str]) -> str:
    import json

    return json.dumps(items)


def plain_table(df: pd.DataFrame) -> pd.DataFrame:
    """A GeoDataFrame as a plain table for st.dataframe (geometry as lon/lat or type)."""
    return export.plain_table(df)


def read_doc(name: str) -> str:
    path = REPO_ROOT / "docs" / name
    return path.read_text(encoding="utf-8") if path.exists() else ""


def province_bounds(pack: Pack, code: int) -> list[list[float]]:
    """[[south, west], [north, east]] of a province (a 2-degree box around a capital point)."""
    geom = pack.provinces.loc[pack.provinces["code"] == code, "geometry"].iloc[0]
    west, south, east, north = geom.bounds
    if geom.geom_type == "Point":
        west, south, east, north = west - 1, south - 1, east + 1, north + 1
    return [[south, west], [north, east]]


def site_table_view(sites: gpd.GeoDataFrame, lang: str):
    """The plan's sites as a table: name, province, covered m³/day, capacity."""
    keep = [
        c
        for c in ("id", "name", "province_code", "covered_m3_per_day", "capacity_m3_per_day")
        if c in sites
    ]
    return localized(pd.DataFrame(sites[keep]), lang)


def site_table(pack: Pack, result) -> gpd.GeoDataFrame:
    hosp = pack.hospitals.set_index("id")
    sites = result.sites.copy()
    sites["name"] = sites["id"].map(hosp["name"])
    sites["province_code"] = sites["id"].map(hosp["province_code"])
    return gpd.GeoDataFrame(sites, geometry=list(sites["id"].map(hosp.geometry)), crs="EPSG:4326")


def hospital_filter(hospitals: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Filter the hospitals drawn on a map by class and beds (display only: figures and
    the fingerprint do not change)."""
    classes = sorted(c for c in hospitals["hospital_class"].dropna().unique() if c) or []
    with st.expander(t("hospital_filter")):
        cols = st.columns(2)
        chosen = cols[0].multiselect(t("class"), classes, default=classes, key="w_filter_class")
        max_beds = int(hospitals["beds"].max()) if len(hospitals) else 0
        min_beds = cols[1].slider(t("min_beds"), 0, max(max_beds, 1), 0, key="w_filter_beds")
    keep = hospitals["beds"] >= min_beds
    if classes and len(chosen) < len(classes):
        keep &= hospitals["hospital_class"].isin(chosen)
    if not keep.all():
        st.caption(f"{t('hospitals')}: {int(keep.sum()):,} / {len(hospitals):,}")
    return hospitals[keep]


def brief_buttons(
    res: pipeline.Result,
    *,
    title: str,
    provinces: pd.DataFrame,
    value_column: str,
    value_label: str,
    figures: list[tuple[str, str]],
    points: gpd.GeoDataFrame | None = None,
    points_label: str = "",
    listing: list[str] | None = None,
    listing_title: str = "",
) -> None:
    """PNG and PDF one-page briefs of what the page shows (map, figures, a listing such
    as the plan's sites, assumptions, fingerprint, link)."""
    lang = st.session_state["lang"]
    kwargs = dict(
        title=title,
        subtitle=res.pack.title_in(lang),
        land=basemap.land_polygons(),
        provinces=provinces,
        value_column=value_column,
        value_label=value_label,
        plants=res.pack.plants,
        points=points,
        points_label=points_label,
        figures=figures,
        listing=listing or (),
        listing_title=listing_title,
        assumptions=res.assumptions(lang),
        fingerprint=res.fingerprint,
        link=scenario_link(res.scenario),
        lang=lang,
    )
    cols = st.columns(2)
    cols[0].download_button(
        t("download_brief"),
        data=lambda: brief.render_brief(**kwargs, fmt="png"),
        file_name=file_name(res, "brief", "png"),
        mime="image/png",
        key="dl_brief_png",
        on_click="ignore",
    )
    cols[1].download_button(
        t("download_brief_pdf"),
        data=lambda: brief.render_brief(**kwargs, fmt="pdf"),
        file_name=file_name(res, "brief", "pdf"),
        mime="application/pdf",
        key="dl_brief_pdf",
        on_click="ignore",
    )
