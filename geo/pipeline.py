"""The analysis chain from a pack to the numbers a briefing shows.

pack -> road graph -> compact engine graph -> hospital/plant access -> coverage;
pack + scenario -> demand -> allocation (plants -> provinces, isotank fleet) -> gap;
demand + travel times -> concentrator-system siting.

The CLI and the app both call these functions, so a scenario gives the same figures in
both. Nothing here imports Streamlit; callers cache what does not change (the graph,
the access table).
"""

from __future__ import annotations

import pandas as pd

from geo import demand as demand_model
from geo.packs import Pack


def demand_bounds() -> dict[str, tuple[float, float]]:
    """Allowed range of every demand parameter (for URL validation and editors)."""
    return {name: (spec.min, spec.max) for name, spec in demand_model.PARAM_SPECS.items()}


def demand_params(overrides: dict[str, float] | None = None) -> demand_model.DemandParams:
    """Central parameters with a scenario's overrides applied (validated)."""
    if not overrides:
        return demand_model.PARAMS_CENTRAL
    return demand_model.PARAMS_CENTRAL.with_values(**overrides)


def province_demand(
    pack: Pack,
    *,
    date: str,
    method: str = "cases",
    overrides: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Demand per province on a date: ``code, name, demand_t_per_day, low, high`` and the
    model's intermediate columns, plus ``imputed`` (case figure imputed from national)."""
    provinces = pack.provinces
    population = pd.DataFrame({"province_code": provinces["code"], "population": provinces["population"].astype(float)})
    params = demand_params(overrides)
    if method == "cases":
        cases = demand_model.active_cases_on(pack.cases, date) if len(pack.cases) else pd.DataFrame(columns=["province_code", "active_cases"])
        table = demand_model.estimate_demand(cases=cases, method="cases", params=params, population=population)
    else:
        table = demand_model.estimate_demand(hospitals=pack.hospitals[["province_code", "beds"]], method="beds", params=params, population=population)
        cases = None
    table = table.rename(columns={"province_code": "code"})
    names = provinces.set_index("code")["name"]
    table.insert(1, "name", table["code"].map(names))
    if cases is not None and len(cases):
        flags = pack.cases.set_index(["province_code", "date"])["imputed"]
        keys = pd.MultiIndex.from_arrays([cases["province_code"], cases["date_used"]])
        imputed = pd.Series(flags.reindex(keys).fillna(False).astype(bool).to_numpy(), index=cases["province_code"].to_numpy())
        table["imputed"] = table["code"].map(imputed).fillna(False).astype(bool)
        table["date_used"] = table["code"].map(cases.set_index("province_code")["date_used"])
    return table.sort_values("code").reset_index(drop=True)
