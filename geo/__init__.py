"""Oxygen logistics atlas for Indonesia: the library behind the app and the CLI.

The public API is the names below; everything else is reachable through its module
(``geo.demand``, ``geo.plan``, ...) but may change. Names are loaded on first use
(PEP 562), so ``import geo`` is cheap and never imports Streamlit.

From a data pack to the numbers the app shows (the example of docs/ARCHITECTURE.md,
"Library", which a test runs)::

    import geo

    pack = geo.load_pack()  # the embedded pack (data/pack.toml)
    scenario, warnings = geo.fit_to_pack(geo.Scenario(date="2021-07-15", hours=6), pack)
    result = geo.run(pack, scenario)  # stages are computed when first read
    demand = result.demand  # t/day by province, with its 80% interval (low, high)
    coverage = result.coverage.provinces  # share of hospitals within 6 hours, by province
    flows = result.allocation.flows  # supply lines -> provinces: t/day, hours, trucks

Four names differ from their module's (a module of the same name, or the same name in
two modules): ``coverage_tables`` is :func:`geo.coverage.coverage`, ``solve_plan`` is
:func:`geo.plan.solve`, ``solve_relief`` is :func:`geo.relief.solve` and ``run_sweep``
is :func:`geo.sweep.run`.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> (module, attribute in it)
_API: dict[str, tuple[str, str]] = {
    # data packs and their errors
    "load_pack": ("geo.packs.loader", "load_pack"),
    "list_packs": ("geo.packs.paths", "list_packs"),
    "Pack": ("geo.packs.model", "Pack"),
    "DataError": ("geo.errors", "DataError"),
    "LayerReport": ("geo.report", "LayerReport"),
    # the scenario and the one path to its numbers
    "Scenario": ("geo.scenario", "Scenario"),
    "fit_to_pack": ("geo.scenario", "fit_to_pack"),
    "run": ("geo.pipeline", "run"),
    "Runner": ("geo.pipeline", "Runner"),
    "Result": ("geo.result", "Result"),
    "Engine": ("geo.result", "Engine"),
    "Access": ("geo.result", "Access"),
    "Coverage": ("geo.result", "Coverage"),
    "Siting": ("geo.result", "Siting"),
    "Deploy": ("geo.result", "Deploy"),
    "PlanInputs": ("geo.result", "PlanInputs"),
    # the models, each from a pack (or its arrays)
    "province_demand": ("geo.demand", "province_demand"),
    "demand_by_day": ("geo.demand", "demand_by_day"),
    "supply_lines": ("geo.supply", "supply_lines"),
    "supply_sources": ("geo.supply", "supply_sources"),
    "road_graph": ("geo.network", "road_graph"),
    "engine_for": ("geo.network", "engine_for"),
    "access": ("geo.coverage", "access"),
    "coverage_tables": ("geo.coverage", "coverage"),
    "allocate_pack": ("geo.allocation", "allocate_pack"),
    "solve_plan": ("geo.plan", "solve"),
    "solve_relief": ("geo.relief", "solve"),
    "run_sweep": ("geo.sweep", "run"),
    # road files
    "load_corridor": ("geo.roads", "load_corridor"),
    "load_osm_xml": ("geo.roads", "load_osm_xml"),
    "compile_road_file": ("geo.osm_stream", "compile_road_file"),
    # exports
    "write_json": ("geo.export", "write_json"),
    "to_csv_bytes": ("geo.export", "to_csv_bytes"),
    "to_geojson_bytes": ("geo.export", "to_geojson_bytes"),
    "to_gpkg_bytes": ("geo.export", "to_gpkg_bytes"),
}

__all__ = list(_API)


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and cache the name here."""
    try:
        module, attr = _API[name]
    except KeyError:
        raise AttributeError(f"module 'geo' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
