"""The roads layer: the embedded corridor network or a road file, and speed overrides."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.errors import DataError
from geo.packs.common import required
from geo.packs.model import RoadSource

if TYPE_CHECKING:
    from geo.packs.loader import Loader


def load(
    ld: Loader,
) -> RoadSource:
    spec = ld.section("roads")
    speeds = spec.get("speeds_kph", {})
    if not isinstance(speeds, dict) or not all(
        isinstance(v, int | float) and 0 < v <= 150 for v in speeds.values()
    ):
        raise DataError(
            "[roads.speeds_kph] must map road classes to km/h in (0, 150]",
            file=str(ld.manifest),
        )
    speeds = {str(k): float(v) for k, v in speeds.items()}
    if not spec or spec.get("kind", "corridor") == "corridor":
        return RoadSource("corridor", None, speeds)
    path = ld.track(ld.path(required(spec, "file", "roads", ld.manifest), section="roads"))
    if path.name.lower().endswith(".o2graph.npz"):  # geo.osm_stream.COMPILED_SUFFIX
        return RoadSource(spec.get("kind") or "compiled", path, speeds)
    kind = spec.get("kind") or {
        ".graphml": "graphml",
        ".osm": "osm_xml",
        ".xml": "osm_xml",
        ".pbf": "osm_pbf",
    }.get(path.suffix.lower(), "graphml")
    return RoadSource(kind, path, speeds)
