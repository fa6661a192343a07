"""The :class:`Pack` object and its records (national supply figures, the road source),
with the columns every layer table has after loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import demand as demand_model
from geo import loaders, settings
from geo import supply as supply_model
from geo.errors import DataError
from geo.packs.paths import display_roots, stat_stamp
from geo.report import LayerReport

CRS = loaders.CRS

PROVINCE_COLUMNS = [
    "code",
    "name",
    "capital",
    "capital_lon",
    "capital_lat",
    "population",
    "geometry",
]
HOSPITAL_COLUMNS = [
    "id",
    "name",
    "province_code",
    "beds",
    "hospital_class",
    "type",
    # the location check (geo/locations.py): problem found, rule that placed the point,
    # whether the point is approximate
    "location_check",
    "location_rule",
    "location_approximate",
    "geometry",
]
PLANT_COLUMNS = [
    "id",
    "name",
    "company",
    "city",
    "province_code",
    "capacity_t_per_day",
    "source",
    "as_of",
    "geometry",
]
CASE_COLUMNS = ["province_code", "date", "active_cases", "imputed", "method", "date_used"]


@dataclass
class SupplyAssets:
    """National supply figures of a scenario (defaults: Kemenperin, 8 Jul 2021)."""

    national_supply_t_per_day: float = 2622.9
    isotank_trucks: int = settings.DEFAULT_TRUCKS
    isotank_capacity_t: float = settings.DEFAULT_ISOTANK_T
    cylinders: int = 15906
    concentrators: int = 8100
    concentrator_systems: int = 9
    national_production_capacity_t_per_day: float = 1700.0
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class RoadSource:
    """The road network a pack names: the embedded corridor network or a file."""

    kind: str = "corridor"  # corridor | graphml | osm_xml | osm_pbf | compiled
    path: Path | None = None
    # overrides of geo.roads.DEFAULT_SPEEDS_KPH by road class, from [roads.speeds_kph]
    speeds_kph: dict[str, float] = field(default_factory=dict)


@dataclass
class Pack:
    """A loaded data pack: every layer as a table, with its load report and errors.

    Made by :func:`geo.packs.load_pack`; a layer that failed to load is an entry in
    ``errors`` and an empty table, the other layers stay loaded.

    Attributes
    ----------
    name : str
        "embedded" or the manifest's stem.
    title : str
        The pack's title (English).
    provinces : geopandas.GeoDataFrame
        One row per province (34 in 2021), EPSG:4326 polygons or capitals as points.
    hospitals : geopandas.GeoDataFrame
        One row per hospital (points, EPSG:4326), with its location check columns.
    plants : geopandas.GeoDataFrame
        One row per oxygen plant, ``capacity_t_per_day`` in t/day.
    cases : pandas.DataFrame
        Long table ``province_code, date, active_cases``.
    supply : SupplyAssets
        National supply figures (t/day, isotanks, cylinders, ...).
    roads : RoadSource
        The road network the pack names (kind, file, speed overrides in km/h).
    reports : dict of str to LayerReport
        Rows read, kept, repaired and dropped, by layer.
    errors : list of DataError
        Layers that failed to load.
    content_hash : str
        sha256 over the pack's input bytes.
    inputs : tuple
        Every file and folder the loader looked at, with ``(mtime_ns, size)`` or None
        if missing.
    data_root : pathlib.Path or None
        The folder the manifest's relative paths resolved against (messages name files
        from it).
    supply_chain : SupplyChain
        Supply lines, national statements, ports and sea lanes (geo.supply).
    national_cases : pandas.DataFrame
        The national active-case series (``date, active_cases``) behind the national
        split.
    new_cases : pandas.DataFrame
        New (daily confirmed) cases as published: ``province_code, date, new_cases``
        (code 0 = national); empty when the manifest names no ``new`` column (the
        incidence method then has no input).
    bed_facts : pandas.DataFrame
        COVID-19 beds and occupancy facts (geo.demand.BED_FACT_COLUMNS), one source per
        row.
    title_id : str
        The title in Bahasa Indonesia (``[pack] title_id``); "" = show the English title.
    hospital_locations : pandas.DataFrame
        The hospital location check, one row per hospital loaded (geo.locations: ``id,
        name, province_code, problem, rule, approximate, found_province, lon_given,
        lat_given, lon, lat, moved_km``).
    supply_lines : pandas.DataFrame
        Every supply line, plants included (property).
    dates : list of pandas.Timestamp
        The dates the case table has (property).
    """

    name: str
    title: str
    provinces: gpd.GeoDataFrame
    hospitals: gpd.GeoDataFrame
    plants: gpd.GeoDataFrame
    cases: pd.DataFrame
    supply: SupplyAssets
    roads: RoadSource
    reports: dict[str, LayerReport]
    errors: list[DataError]
    content_hash: str
    inputs: tuple[tuple[str, tuple[int, int] | None], ...] = ()
    data_root: Path | None = None
    supply_chain: supply_model.SupplyChain = field(default_factory=supply_model.SupplyChain)

    @property
    def supply_lines(self) -> pd.DataFrame:
        """Every supply line: the plants (unknown capacity: status unknown, NaN t/day) plus
        the layer's own lines, each with its dated medical schedule (geo.supply)."""
        return supply_model.lines_with_plants(
            self.supply_chain.lines, self.plants, medical=self.supply_chain.medical
        )

    national_cases: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["date", "active_cases"])
    )
    new_cases: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["province_code", "date", "new_cases"])
    )
    bed_facts: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=demand_model.BED_FACT_COLUMNS)
    )
    title_id: str = ""
    hospital_locations: pd.DataFrame = field(default_factory=pd.DataFrame)

    def inputs_changed(self) -> bool:
        """True when a file behind the pack changed, appeared or vanished since loading."""
        return any(stat_stamp(Path(path)) != stamp for path, stamp in self.inputs)

    def title_in(self, lang: str) -> str:
        """The pack's title in the viewer's language (English when none is given)."""
        return self.title_id if lang == "id" and self.title_id else self.title

    def display_error(self, err: DataError) -> str:
        """``err`` as one line for a viewer: files named relative to this pack's data root
        (or ``@embedded/...``), never by absolute server path. For errors raised after
        loading (e.g. reading the pack's road file)."""
        return err.with_display_paths(display_roots(self.data_root)).one_line()

    @property
    def province_geometry(self) -> str:
        """'polygon' when provinces have polygons, 'point' when only capitals."""
        if len(self.provinces) and (self.provinces.geom_type == "Point").all():
            return "point"
        return "polygon"

    @property
    def dates(self) -> list[pd.Timestamp]:
        return sorted(pd.to_datetime(self.cases["date"]).unique()) if len(self.cases) else []
