"""Road graphs: the embedded corridor network, GraphML, OSM XML and OSM PBF, default speeds.

Every loader returns a ``networkx.MultiDiGraph`` with node attributes ``x`` (lon) and
``y`` (lat), and every edge carrying ``travel_time_s``, ``length_m`` and ``mode``
("road" or "ferry"); ``G.graph["crs"] == "epsg:4326"``. Both OSM formats go through
pyosmium and :func:`way_rule`; national-scale extracts are streamed by geo.osm_stream
straight to the engine's compact form, never building a NetworkX graph.
"""

from __future__ import annotations

import ast
import math
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from geo.errors import DataError

# Default speeds (km/h) by OSM ``highway`` class, for a loaded truck in Indonesian traffic.
# Basis: legal limits in PP 79/2013 (Jaringan Lalu Lintas) and Permenhub PM 111/2015
# (Tata Cara Penetapan Batas Kecepatan): toll roads 60-100 km/h, inter-city roads
# 80 km/h, urban roads 50 km/h, residential areas 30 km/h. Average speeds of heavy
# vehicles in congested Indonesian traffic are well below the limits, so every class
# is set below its limit; maxspeed tags, where present, take precedence.
# The corridor classes ``toll``, ``national`` and ``provincial`` describe the embedded
# national network (long inter-city links): an isotank truck loaded with liquid oxygen
# averages ~60 km/h on toll roads, ~40 km/h on national roads (mixed traffic, towns
# crossed) and ~30 km/h on provincial roads. These are scenario assumptions.
DEFAULT_SPEEDS_KPH: dict[str, float] = {
    "motorway": 70.0,  # jalan tol; limit 60-100
    "motorway_link": 40.0,
    "trunk": 50.0,  # arterial national roads; limit 80 outside towns
    "trunk_link": 30.0,
    "primary": 40.0,
    "primary_link": 30.0,
    "secondary": 35.0,
    "secondary_link": 25.0,
    "tertiary": 30.0,
    "tertiary_link": 20.0,
    "unclassified": 25.0,
    "road": 25.0,
    "residential": 20.0,  # limit 30 in residential areas
    "living_street": 10.0,
    "service": 15.0,
    "busway": 30.0,
    # corridor network road classes (loaded isotank trucks)
    "toll": 60.0,
    "national": 40.0,
    "provincial": 30.0,
}
FALLBACK_SPEED_KPH = 20.0  # any class missing from the table

MPH_TO_KPH = 1.609344
_ROAD_SUFFIXES = {".graphml": "graphml", ".osm": "osm_xml", ".xml": "osm_xml", ".pbf": "osm_pbf"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _speed_table(speeds_kph: Mapping[str, float] | None) -> dict[str, float]:
    table = dict(DEFAULT_SPEEDS_KPH)
    if speeds_kph:
        for key, value in speeds_kph.items():
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise DataError(f"speed for road class '{key}' must be a positive number")
            table[str(key)] = float(value)
    return table


def _as_list(value: Any) -> list:
    """A tag value as a list: lists stay lists, "['a', 'b']" strings are parsed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, list | tuple | np.ndarray):
        return [v for v in value if v is not None]
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            parsed = None
        if isinstance(parsed, list | tuple):
            return list(parsed)
    if ";" in text:  # raw OSM multi-values: "40;60"
        return [p.strip() for p in text.split(";") if p.strip()]
    return [text] if text else []


def parse_maxspeed_kph(value: Any) -> float | None:
    """A ``maxspeed`` tag in km/h, or None when absent or unparseable.

    Accepts '40', '40 km/h', '30 mph', lists (also stored as strings) and ranges
    ('40-60'); lists and ranges take the mean of their parts (as osmnx does).
    Non-numeric values ('none', 'walk', 'signals') give None.
    """
    speeds: list[float] = []
    for part in _as_list(value):
        text = str(part).lower()
        numbers = [float(n) for n in _NUMBER.findall(text)]
        numbers = [n for n in numbers if n > 0]
        if not numbers:
            continue
        factor = MPH_TO_KPH if "mph" in text else 1.0
        speeds.append(float(np.mean(numbers)) * factor)
    return float(np.mean(speeds)) if speeds else None


def edge_speed_kph(highway: Any, maxspeed: Any, table: Mapping[str, float]) -> float:
    """A loaded truck's speed on an edge: its road class's truck speed, lowered to the
    ``maxspeed`` tag where that is parseable and lower. A legal limit is a ceiling, not a
    speed a loaded isotank truck reaches: a 100 km/h toll-road tag never lifts the truck
    above its class speed.

    A simplified edge can carry several classes (a list); its class speed is the mean of
    their defaults, like osmnx. Never the first class only: osmnx builds those lists from
    a set, so their order changes with PYTHONHASHSEED and travel times would too."""
    classes = [str(c) for c in _as_list(highway)] or [""]
    class_kph = float(np.mean([table.get(c, FALLBACK_SPEED_KPH) for c in classes]))
    parsed = parse_maxspeed_kph(maxspeed)
    return class_kph if parsed is None else min(parsed, class_kph)


# ------------------------------------------------------------------ which OSM ways count
# The rule both OSM paths share (the streamed reader in geo.osm_stream and the osmnx
# path below): drivable highway classes are the OSM classes of the speed table (plus
# any class a pack gives a speed for), minus ways closed to motor vehicles, as osmnx's
# "drive_service" network type does. ``route=ferry`` ways are ferry edges.
CORRIDOR_CLASSES = frozenset({"toll", "national", "provincial"})
_NOT_DRIVABLE = {
    "area": {"yes"},
    "access": {"private", "no"},
    "motor_vehicle": {"no"},
    "motorcar": {"no"},
    "service": {"emergency_access", "parking", "parking_aisle", "private"},
}
# osmnx's oneway values (graph._add_paths): these make a way one-way, and the second
# set reverses it; junction=roundabout is one-way too. highway=motorway is one-way
# unless tagged otherwise (OSM's implied oneway; osmnx does not apply it, so the osmnx
# path gets the tag added before osmnx reads the file).
ONEWAY_VALUES = frozenset({"yes", "true", "1", "-1", "reverse", "T", "F"})
REVERSED_VALUES = frozenset({"-1", "reverse", "T"})
FERRY_SPEED_KPH = 15.0  # ferry way without a duration tag: ~8 knots including slow legs
WAY_RULE_TAGS = (
    "highway", "route", "oneway", "junction", "maxspeed", "duration",
    "area", "access", "motor_vehicle", "motorcar", "service",
)  # fmt: skip
_DURATION = re.compile(r"^\s*(\d+)(?::(\d{1,2}))?(?::(\d{1,2}))?\s*$")


def parse_duration_s(value: Any) -> float | None:
    """An OSM ``duration`` tag in seconds: 'HH:MM', 'HH:MM:SS' or minutes ('90').
    None when absent or unparseable."""
    if value is None:
        return None
    text = str(value)
    match = _DURATION.match(text)
    if not match:
        try:  # fractional minutes ('7.5')
            minutes = float(text)
        except ValueError:
            return None
        return minutes * 60.0 if math.isfinite(minutes) and minutes > 0 else None
    a, b, c = match.groups()
    if b is None:
        seconds = int(a) * 60.0
    else:
        seconds = int(a) * 3600.0 + int(b) * 60.0 + (int(c) if c else 0)
    return seconds if seconds > 0 else None


def oneway_code(tags: Mapping[str, Any]) -> int:
    """+1 forward only, -1 reverse only, 0 both directions (osmnx's values, plus the
    motorway implication)."""
    value = tags.get("oneway")
    if value is not None:
        value = str(value)
        if value in ONEWAY_VALUES:
            return -1 if value in REVERSED_VALUES else 1
        return 0  # 'no' and anything unknown
    if tags.get("junction") == "roundabout" or tags.get("highway") == "motorway":
        return 1
    return 0


def way_rule(
    tags: Mapping[str, Any], table: Mapping[str, float]
) -> tuple[int, int, float, float] | None:
    """Whether an OSM way belongs in the road graph, and how it is travelled.

    The one rule of both OSM readers (osmnx here, streamed in geo.osm_stream).

    Parameters
    ----------
    tags : mapping
        The way's OSM tags (``highway``, ``route``, ``maxspeed``, ``oneway``, ...).
    table : mapping of str to float
        Speeds by road class (km/h).

    Returns
    -------
    tuple or None
        ``(mode, oneway, speed_kph, duration_s)``: mode code 0 road / 1 ferry, oneway
        code, speed km/h, ferry duration s or NaN; None for a way that does not belong.
    """
    if tags.get("route") == "ferry":
        duration = parse_duration_s(tags.get("duration"))
        return 1, oneway_code(tags), FERRY_SPEED_KPH, math.nan if duration is None else duration
    highway = tags.get("highway")
    if highway is None or highway in CORRIDOR_CLASSES or highway not in table:
        return None
    for key, bad in _NOT_DRIVABLE.items():
        if tags.get(key) in bad:
            return None
    return 0, oneway_code(tags), edge_speed_kph(highway, tags.get("maxspeed"), table), math.nan


def _finish_osm_graph(
    G: nx.MultiDiGraph, table: Mapping[str, float], file: str, *, timed: bool = False
) -> nx.MultiDiGraph:
    """Add travel_time_s, length_m and mode to every edge of an osmnx graph (``timed``:
    travel_time_s and mode are already set per segment and summed by simplification)."""
    if G.number_of_nodes() == 0:
        raise DataError("road graph has no nodes", file=file)
    for node, data in G.nodes(data=True):
        try:
            data["x"] = float(data["x"])
            data["y"] = float(data["y"])
        except (KeyError, TypeError, ValueError) as err:
            raise DataError(f"node {node} has no valid x/y coordinates", file=file) from err
        if not (abs(data["x"]) <= 180 and abs(data["y"]) <= 90):  # also catches NaN
            raise DataError(
                f"node {node} has coordinates x={data['x']}, y={data['y']} outside lon/lat "
                "range (projected metres read as degrees?)",
                file=file,
            )
    for u, v, data in G.edges(data=True):
        try:
            length_m = float(data.get("length_m", data.get("length")))
        except (TypeError, ValueError) as err:
            raise DataError(f"edge {u}->{v} has no valid length", file=file) from err
        if not math.isfinite(length_m) or length_m < 0:
            raise DataError(f"edge {u}->{v} has length {length_m}", file=file)
        data["length_m"] = length_m
        if timed:
            continue
        speed_kph = edge_speed_kph(data.get("highway"), data.get("maxspeed"), table)
        data["speed_kph"] = speed_kph
        data["travel_time_s"] = length_m / (speed_kph / 3.6)
        data["mode"] = "ferry" if "ferry" in map(str, _as_list(data.get("route"))) else "road"
    G.graph["crs"] = "epsg:4326"
    return G


_PROLOG_LIMIT_BYTES = 16 * 1024 * 1024
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")


def _refuse_xml_entities(path: str | Path) -> None:
    """Refuse an XML file whose prolog declares a DOCTYPE or entities.

    Road files (GraphML, OSM XML) never need them, and entity declarations are how
    "billion laughs" and external-entity attacks start, so the file is refused before
    any XML parser sees it. Only the prolog (up to the first element) is read.
    """
    prolog = b""
    with open(path, "rb") as fh:
        while len(prolog) < _PROLOG_LIMIT_BYTES:
            chunk = fh.read(65536)
            if not chunk:
                break
            prolog += chunk
            match = _ELEMENT_START.search(prolog)
            if match:
                prolog = prolog[: match.start()]
                break
        else:
            raise DataError(
                f"no XML element in the first {_PROLOG_LIMIT_BYTES // 2**20} MB", file=str(path)
            )
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise DataError(
            "XML declares a DOCTYPE or entities; refused (entity expansion is never needed "
            "in a road file)",
            file=str(path),
        )


def load_graphml(
    path: str | Path, *, speeds_kph: Mapping[str, float] | None = None
) -> nx.MultiDiGraph:
    """An osmnx GraphML file as a road graph with travel times."""
    import osmnx as ox

    table = _speed_table(speeds_kph)
    if Path(path).is_file():
        _refuse_xml_entities(path)
    try:
        G = ox.load_graphml(path)
    except FileNotFoundError as err:
        raise DataError("road file not found", file=str(path)) from err
    except (OSError, SyntaxError, ValueError, KeyError, nx.NetworkXError) as err:
        # malformed XML (ElementTree's ParseError is a SyntaxError), wrong types, ...
        raise DataError(f"not a readable GraphML road graph ({err})", file=str(path)) from err
    return _finish_osm_graph(G, table, str(path))


def load_osm_xml(
    path: str | Path,
    *,
    speeds_kph: Mapping[str, float] | None = None,
    simplify: bool = True,
    retain_all: bool = False,
) -> nx.MultiDiGraph:
    """A raw OSM XML extract as a road graph with travel times (osmnx).

    Only the ways :func:`way_rule` keeps are read (drivable roads and ferry routes, the
    same rule as the streamed reader in geo.osm_stream): pyosmium writes them with
    their nodes to a temporary file that osmnx reads. Travel times are set per segment
    from the way's own class and maxspeed, then summed by osmnx's simplification, so a
    simplified edge across several classes keeps its exact time (the ends of parallel
    edges stay nodes, so the faster of two parallel ways counts). Ferry ways take their
    ``duration`` tag (spread over the way by length) or FERRY_SPEED_KPH.

    Parameters
    ----------
    path : str or pathlib.Path
        The ``.osm`` file (a DOCTYPE or entities are refused before parsing).
    speeds_kph : mapping of str to float, optional
        Overrides of :data:`DEFAULT_SPEEDS_KPH` by road class (km/h).
    simplify : bool
        Contract degree-2 chains (osmnx's simplification), summing their times.
    retain_all : bool
        Keep the parts outside the largest weakly connected component (osmnx).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes ``x`` (lon), ``y`` (lat); edges ``travel_time_s`` (s), ``length_m`` (m),
        ``mode`` ("road"/"ferry").
    """
    return _load_osm(path, "XML", speeds_kph=speeds_kph, simplify=simplify, retain_all=retain_all)


def load_osm_pbf(
    path: str | Path,
    *,
    speeds_kph: Mapping[str, float] | None = None,
    simplify: bool = True,
    retain_all: bool = False,
) -> nx.MultiDiGraph:
    """An OSM PBF extract as a NetworkX road graph: the same ways, rules and times as
    :func:`load_osm_xml` (pyosmium reads the PBF). For national extracts use
    geo.osm_stream, which never builds a NetworkX graph."""
    return _load_osm(path, "PBF", speeds_kph=speeds_kph, simplify=simplify, retain_all=retain_all)


def _load_osm(
    path: str | Path,
    what: str,
    *,
    speeds_kph: Mapping[str, float] | None,
    simplify: bool,
    retain_all: bool,
) -> nx.MultiDiGraph:
    import osmnx as ox

    table = _speed_table(speeds_kph)
    if not Path(path).is_file():
        raise DataError("road file not found", file=str(path))
    if what == "XML":
        _refuse_xml_entities(path)
    with tempfile.TemporaryDirectory(prefix="o2-osm-") as tmp:
        filtered = Path(tmp) / "drivable.osm"
        rules = _write_drivable_xml(path, filtered, table, what=what)
        try:
            G = ox.graph_from_xml(filtered, simplify=False, retain_all=retain_all)
        except Exception as err:
            raise DataError(
                f"not a readable OSM {what} road extract ({err})", file=str(path)
            ) from err
    way_length: dict[int, float] = {}
    for _, _, data in G.edges(data=True):
        if not data.get("reversed", False):
            key = int(data["osmid"])
            way_length[key] = way_length.get(key, 0.0) + float(data["length"])
    for _, _, data in G.edges(data=True):
        mode, _, speed_kph, duration_s = rules[int(data["osmid"])]
        length_m = float(data["length"])
        if mode == 1 and math.isfinite(duration_s) and way_length[int(data["osmid"])] > 0:
            data["travel_time_s"] = duration_s * length_m / way_length[int(data["osmid"])]
        else:
            data["travel_time_s"] = length_m / (speed_kph / 3.6)
        data["mode"] = "ferry" if mode == 1 else "road"
    if simplify and G.number_of_edges():
        # ends of parallel edges stay endpoints: osmnx would otherwise sum the first
        # parallel edge's time into a chain, not the faster one's
        pairs: dict[tuple, int] = {}
        for u, v in G.edges():
            pairs[(u, v)] = pairs.get((u, v), 0) + 1
        for (u, v), count in pairs.items():
            if count > 1:
                G.nodes[u]["o2_endpoint"] = G.nodes[v]["o2_endpoint"] = True
        G = ox.simplify_graph(
            G,
            node_attrs_include=["o2_endpoint"],
            edge_attrs_differ=["mode"],
            edge_attr_aggs={"length": sum, "travel_time_s": sum},
        )
        for _, data in G.nodes(data=True):
            data.pop("o2_endpoint", None)
    return _finish_osm_graph(G, table, str(path), timed=True)


def _write_drivable_xml(
    src: str | Path, out: Path, table: Mapping[str, float], *, what: str
) -> dict:
    """Copy the ways :func:`way_rule` keeps (motorways without a oneway tag get
    ``oneway=yes``) and the nodes they use to ``out``; returns {way id: rule}."""
    import osmium

    rules: dict[int, tuple[int, int, float, float]] = {}
    tracker = osmium.IdTracker()
    ways = []
    try:
        for way in osmium.FileProcessor(str(src), osmium.osm.WAY):
            tags = {k: way.tags.get(k) for k in WAY_RULE_TAGS}
            rule = way_rule(tags, table)
            if rule is None or len(way.nodes) < 2:
                continue
            rules[way.id] = rule
            tracker.add_references(way)
            all_tags = dict(way.tags)
            if tags["oneway"] is None and tags["highway"] == "motorway" and rule[0] == 0:
                all_tags["oneway"] = "yes"
            ways.append(
                osmium.osm.mutable.Way(id=way.id, nodes=[n.ref for n in way.nodes], tags=all_tags)
            )
        if not rules:
            raise DataError("no drivable roads or ferry routes in the file", file=str(src))
        found: set[int] = set()
        with osmium.SimpleWriter(str(out)) as writer:
            for node in osmium.FileProcessor(str(src), osmium.osm.NODE).with_filter(
                tracker.id_filter()
            ):
                writer.add_node(node)
                found.add(node.id)
            for way in ways:  # a way with a node missing from the extract is left out
                if found.issuperset(way.nodes):
                    writer.add_way(way)
                else:
                    del rules[way.id]
    except DataError:
        raise
    except Exception as err:  # noqa: BLE001 - osmium's errors (InvalidLocationError, ...)
        # subclass Exception directly: no narrower type means "cannot read this extract"
        raise DataError(f"not a readable OSM {what} road extract ({err})", file=str(src)) from err
    return rules


def load_road_file(
    path: str | Path, *, speeds_kph: Mapping[str, float] | None = None
) -> nx.MultiDiGraph:
    """Load a road file by its extension: .graphml, .osm/.xml (OSM XML) or .pbf."""
    suffix = Path(path).suffix.lower()
    kind = _ROAD_SUFFIXES.get(suffix)
    if kind == "graphml":
        return load_graphml(path, speeds_kph=speeds_kph)
    if kind == "osm_xml":
        return load_osm_xml(path, speeds_kph=speeds_kph)
    if kind == "osm_pbf":
        return load_osm_pbf(path, speeds_kph=speeds_kph)
    raise DataError(
        f"unknown road file type '{suffix}' (expected .graphml, .osm, .xml or .pbf)",
        file=str(path),
    )


# ---------------------------------------------------------------------------- corridor

_NODE_COLUMNS = ["id", "name", "kind", "province_code", "lat", "lon", "source"]
_LINK_COLUMNS = [
    "id", "from_id", "to_id", "mode", "distance_km", "road_class",
    "crossing_h", "wait_h", "bidirectional", "source", "note",
]  # fmt: skip
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


def _read_csv(path: str | Path, columns: list[str]) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as err:
        raise DataError("file not found", file=str(path)) from err
    except (OSError, ValueError) as err:  # pandas' ParserError, EmptyDataError, bad bytes
        raise DataError(f"not a readable CSV file ({err})", file=str(path)) from err
    df.columns = [c.strip() for c in df.columns]
    for col in columns:
        if col not in df.columns:
            raise DataError("missing column", file=str(path), column=col)
    return df.apply(lambda s: s.str.strip())


def _number(text: str, *, file: str, row: int, column: str, required: bool = True) -> float | None:
    if text == "":
        if required:
            raise DataError("value is missing", file=file, row=row, column=column)
        return None
    try:
        value = float(text)
    except ValueError as err:
        raise DataError(f"'{text}' is not a number", file=file, row=row, column=column) from err
    if not math.isfinite(value):
        raise DataError(f"'{text}' is not a finite number", file=file, row=row, column=column)
    return value


def load_corridor(
    nodes_csv: str | Path,
    links_csv: str | Path,
    *,
    speeds_kph: Mapping[str, float] | None = None,
) -> nx.MultiDiGraph:
    """The embedded national corridor network (towns, ports, plants; roads and ferries).

    Road links take ``distance_km / speed(road_class)``; ferry links take
    ``(crossing_h + wait_h) * 3600`` seconds. ``bidirectional`` links get both
    directions.

    Parameters
    ----------
    nodes_csv, links_csv : str or pathlib.Path
        The corridor's nodes (``id, name, kind, province_code, lat, lon, source``) and
        links (``from_id, to_id, mode, distance_km, road_class, crossing_h, wait_h,
        bidirectional, ...``) CSV files.
    speeds_kph : mapping of str to float, optional
        Overrides of :data:`DEFAULT_SPEEDS_KPH` by road class (km/h).

    Returns
    -------
    networkx.MultiDiGraph
        Named "corridor", EPSG:4326; edges with ``travel_time_s`` (s), ``length_m`` (m)
        and ``mode`` ("road"/"ferry").

    Raises
    ------
    DataError
        A bad row, naming file, row (header = row 1) and column.
    """
    table = _speed_table(speeds_kph)
    nfile, lfile = str(nodes_csv), str(links_csv)
    nodes = _read_csv(nodes_csv, _NODE_COLUMNS)
    links = _read_csv(links_csv, _LINK_COLUMNS)
    G = nx.MultiDiGraph(crs="epsg:4326", name="corridor")
    for i, rec in enumerate(nodes.to_dict("records")):
        _add_corridor_node(G, rec, file=nfile, row=i + 2)
    seen: set[str] = set()
    for i, rec in enumerate(links.to_dict("records")):
        _add_corridor_link(G, rec, table, seen, file=lfile, row=i + 2)
    return G


def _add_corridor_node(G: nx.MultiDiGraph, rec: dict, *, file: str, row: int) -> None:
    """One row of the nodes file as a node of ``G`` (checked: id, lat, lon)."""
    node_id = rec["id"]
    if node_id == "":
        raise DataError("node id is missing", file=file, row=row, column="id")
    if node_id in G:
        raise DataError(f"duplicate node id '{node_id}'", file=file, row=row, column="id")
    lat = _number(rec["lat"], file=file, row=row, column="lat")
    lon = _number(rec["lon"], file=file, row=row, column="lon")
    if not -90 <= lat <= 90:
        raise DataError(f"latitude {lat} out of range", file=file, row=row, column="lat")
    if not -180 <= lon <= 180:
        raise DataError(f"longitude {lon} out of range", file=file, row=row, column="lon")
    code = rec["province_code"]
    G.add_node(
        node_id,
        x=lon,
        y=lat,
        name=rec["name"],
        kind=rec["kind"],
        province_code=int(float(code)) if code else None,
        source=rec["source"],
    )


def _add_corridor_link(
    G: nx.MultiDiGraph,
    rec: dict,
    table: Mapping[str, float],
    seen: set[str],
    *,
    file: str,
    row: int,
) -> None:
    """One row of the links file as an edge of ``G`` (both ways when bidirectional);
    ``seen`` collects the link ids so far."""
    link_id = rec["id"]
    if link_id in seen and link_id:
        raise DataError(f"duplicate link id '{link_id}'", file=file, row=row, column="id")
    seen.add(link_id)
    for col in ("from_id", "to_id"):
        if rec[col] not in G:
            raise DataError(f"unknown node id '{rec[col]}'", file=file, row=row, column=col)
    mode = rec["mode"].lower()
    distance_km = _number(rec["distance_km"], file=file, row=row, column="distance_km")
    if distance_km < 0:
        raise DataError("distance is negative", file=file, row=row, column="distance_km")
    travel_time_s = _link_seconds(rec, mode, distance_km, table, file=file, row=row)
    flag = rec["bidirectional"].lower()
    if flag not in _TRUE | _FALSE:
        raise DataError(
            f"'{rec['bidirectional']}' is not true/false",
            file=file,
            row=row,
            column="bidirectional",
        )
    attrs = {
        "id": link_id,
        "travel_time_s": travel_time_s,
        "length_m": distance_km * 1000.0,
        "mode": mode,
        "road_class": rec["road_class"],
        "source": rec["source"],
    }
    G.add_edge(rec["from_id"], rec["to_id"], **attrs)
    if flag in _TRUE:
        G.add_edge(rec["to_id"], rec["from_id"], **attrs)


def _link_seconds(
    rec: dict, mode: str, distance_km: float, table: Mapping[str, float], *, file: str, row: int
) -> float:
    """A link's travel time: a road's distance at its class's speed, a ferry's crossing
    and wait hours."""
    if mode == "road":
        road_class = rec["road_class"]
        if road_class not in table:
            raise DataError(
                f"unknown road class '{road_class}' (known: toll, national, provincial, "
                "or an OSM highway class)",
                file=file,
                row=row,
                column="road_class",
            )
        return distance_km / table[road_class] * 3600.0
    if mode == "ferry":
        crossing_h = _number(rec["crossing_h"], file=file, row=row, column="crossing_h")
        wait_h = _number(rec["wait_h"], file=file, row=row, column="wait_h", required=False) or 0.0
        if crossing_h < 0 or wait_h < 0:
            raise DataError("ferry hours are negative", file=file, row=row, column="crossing_h")
        return (crossing_h + wait_h) * 3600.0
    raise DataError(
        f"mode '{rec['mode']}' is not 'road' or 'ferry'", file=file, row=row, column="mode"
    )


# Port connectors (port -> its corridor node, or the nearest graph node) are driven at the
# national-road truck speed over great-circle x this factor (the corridor's own rule).
PORT_CONNECTOR_FACTOR = 1.3
# A port with no named node joins the nearest graph node within this distance, else it
# stays a node of its own (an island reached only by sea, e.g. Tarakan).
PORT_MAX_LINK_KM = 60.0


def add_sea_lanes(
    G: nx.MultiDiGraph,
    ports: pd.DataFrame,
    lanes: pd.DataFrame,
    *,
    speeds_kph: Mapping[str, float] | None = None,
    corridor: bool = True,
) -> nx.MultiDiGraph:
    """Add ports (nodes ``port:<id>``) and sea lanes (edges with ``mode="sea"``) to a
    road graph, in place.

    Each port is linked by a road connector (both ways, ``national`` class speed,
    great-circle x 1.3) to its ``node`` when that is in ``G``, else to the nearest node
    within ``PORT_MAX_LINK_KM``; a port with neither is left out. On the ``corridor``
    network a port with an empty ``node`` stands alone (an island reached only by sea,
    e.g. Tarakan); on other graphs it too joins the nearest node or is left out. A lane takes ``time_h`` (sailing + port dwell) hours in
    both directions; ``length_m`` is its ``distance_km`` (0 when not given).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The road graph (changed in place).
    ports, lanes : pandas.DataFrame
        The pack's ports (``id, name, lat, lon, node, ...``) and lanes (``from_port,
        to_port, time_h, distance_km, status, source, ...``): ``Pack.supply_chain``.
    speeds_kph : mapping of str to float, optional
        Speed overrides by road class (km/h; the connectors use ``national``).
    corridor : bool
        ``G`` is the corridor network (a port with no ``node`` then stands alone).

    Returns
    -------
    networkx.MultiDiGraph
        ``G`` itself.
    """
    table = _speed_table(speeds_kph)
    if not len(ports):
        return G
    ids = list(G.nodes)
    xs = np.array([G.nodes[k]["x"] for k in ids], dtype=float)
    ys = np.array([G.nodes[k]["y"] for k in ids], dtype=float)
    for rec in ports.to_dict("records"):
        pid = f"port:{rec['id']}"
        target = _port_target(G, rec, ids, xs, ys, corridor=corridor)
        if target is None:
            continue  # no node to join: the port is left out
        G.add_node(
            pid,
            x=float(rec["lon"]),
            y=float(rec["lat"]),
            name=rec["name"],
            kind="sea_port",
            province_code=rec.get("province_code"),
            source=rec.get("source", ""),
        )
        if target:  # else a stand-alone port: reached by its sea lanes only
            _add_port_connector(G, pid, target, rec, table)
    for rec in lanes.to_dict("records"):
        a, b = f"port:{rec['from_port']}", f"port:{rec['to_port']}"
        if a not in G or b not in G:
            continue
        dist = rec.get("distance_km")
        attrs = {
            "id": rec["id"],
            "travel_time_s": float(rec["time_h"]) * 3600.0,
            "length_m": 0.0 if dist is None or pd.isna(dist) else float(dist) * 1000.0,
            "mode": "sea",
            "status": rec["status"],
            "source": rec["source"],
        }
        G.add_edge(a, b, **attrs)
        G.add_edge(b, a, **attrs)
    return G


def _port_target(
    G: nx.MultiDiGraph,
    rec: dict,
    ids: list,
    xs: np.ndarray,
    ys: np.ndarray,
    *,
    corridor: bool,
) -> str | None:
    """The node a port joins: its ``node`` when in ``G``, else the nearest node within
    ``PORT_MAX_LINK_KM``; "" for a port that stands alone (corridor network, empty
    ``node``); None for a port left out."""
    from geo.travel import haversine_m

    target = rec.get("node") or ""
    if target in G:
        return target
    alone = corridor and not rec.get("node")
    target = ""
    if ids and not alone:
        d = haversine_m(np.full(len(ids), rec["lon"]), np.full(len(ids), rec["lat"]), xs, ys)
        best = int(np.argmin(d))
        if d[best] <= PORT_MAX_LINK_KM * 1000.0:
            target = ids[best]
    return None if not target and not alone else target


def _add_port_connector(
    G: nx.MultiDiGraph, pid: str, target: str, rec: dict, table: Mapping[str, float]
) -> None:
    """The road connector between a port and its node, both ways: great-circle x 1.3
    at the national-road truck speed."""
    from geo.travel import haversine_m

    gc_m = float(
        haversine_m(
            np.array([rec["lon"]]),
            np.array([rec["lat"]]),
            np.array([G.nodes[target]["x"]]),
            np.array([G.nodes[target]["y"]]),
        )[0]
    )
    length_m = gc_m * PORT_CONNECTOR_FACTOR
    attrs = {
        "id": f"{pid}--{target}",
        "travel_time_s": length_m / (table["national"] / 3.6),
        "length_m": length_m,
        "mode": "road",
        "road_class": "national",
        "source": "port connector: great-circle x 1.3 at the national-road truck speed",
    }
    G.add_edge(pid, target, **attrs)
    G.add_edge(target, pid, **attrs)
