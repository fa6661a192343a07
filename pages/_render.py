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
    for w in st.session_state.get("url_warnings", []):
        st.warning(f"{t('url_warning')}: {w}")
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
    """A stage's value, or an error panel and ``fallback``: bad parameters or data never
    end in a traceback."""
    try:
        return compute()
    except Exception as exc:
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


def download_table(df: pd.DataFrame, name: str, *, geo: bool = False) -> None:
    cols = st.columns(3 if geo else 1)
    cols[0].download_button(
        t("download_csv"),
        export.to_csv_bytes(df),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"dl_csv_{name}",
    )
    if geo:
        cols[1].download_button(
            t("download_geojson"),
            export.to_geojson_bytes(df),
            file_name=f"{name}.geojson",
            mime="application/geo+json",
            key=f"dl_gj_{name}",
        )
        cols[2].download_button(
            "GeoPackage",
            export.to_gpkg_bytes(df, layer=name),
            file_name=f"{name}.gpkg",
            mime="application/geopackage+sqlite3",
            key=f"dl_gpkg_{name}",
        )


def show_map(m, *, key: str, height: int = 560) -> None:
    from streamlit_folium import st_folium

    from geo import assets

    assets.install_static_assets(STATIC_DIR)
    st_folium(m, key=key, height=height, use_container_width=True, returned_objects=[])


def download_map(m, name: str) -> None:
    from geo import assets

    st.download_button(
        t("download_map"),
        assets.inline_html(m).encode("utf-8"),
        file_name=f"{name}.html",
        mime="text/html",
        key=f"dl_map_{name}",
    )


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
) -> None:
    """PNG and PDF one-page briefs of what the page shows (map, figures, assumptions,
    fingerprint, link)."""
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
        assumptions=res.assumptions(lang),
        fingerprint=res.fingerprint,
        link=scenario_link(res.scenario),
        lang=lang,
    )
    cols = st.columns(2)
    cols[0].download_button(
        t("download_brief"),
        data=lambda: brief.render_brief(**kwargs, fmt="png"),
        file_name=f"brief-{res.fingerprint}.png",
        mime="image/png",
        key=f"dl_brief_png_{title}",
    )
    cols[1].download_button(
        t("download_brief_pdf"),
        data=lambda: brief.render_brief(**kwargs, fmt="pdf"),
        file_name=f"brief-{res.fingerprint}.pdf",
        mime="application/pdf",
        key=f"dl_brief_pdf_{title}",
    )
