"""The Runner's validation stages: the model against what was reported (national demand
by date, every reported figure, growth between figures, each region's modelled line).

A mixin of :class:`geo.pipeline.Runner`: each stage is memoised through the Runner's
``_get`` by the scenario fields it declares in :mod:`geo.stages`, and reads the demand
stage of other dates. Nothing here imports Streamlit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo import demand as demand_model
from geo.scenario import Scenario

if TYPE_CHECKING:
    from geo.packs import Pack


class ValidationStages:
    """Stages that compare the model with the reported figures (see the module)."""

    pack: Pack
    _get: Callable[..., Any]
    demand: Callable[[Scenario], pd.DataFrame]

    def demand_series(self, scenario: Scenario, dates: list[str]) -> pd.DataFrame:
        """National demand (central, low, high) on every date: one row per date."""

        def compute() -> pd.DataFrame:
            rows = {}
            for d in dates:
                table = self.demand(dataclasses.replace(scenario, date=d))
                rows[pd.Timestamp(d)] = {
                    "demand_t_per_day": table["demand_t_per_day"].sum(),
                    "low": table["low"].sum(),
                    "high": table["high"].sum(),
                }
            return pd.DataFrame.from_dict(rows, orient="index")

        return self._get("demand_series", scenario, compute, tuple(dates))

    def backtest(self, scenario: Scenario) -> pd.DataFrame:
        """Modelled demand against every reported figure (geo.backtest), with the
        leave-one-out prediction of each: keyed by the demand values except the date."""
        from geo import backtest as backtest_model

        def compute() -> pd.DataFrame:
            if scenario.method == "active":
                return backtest_model.backtest(
                    self.pack, params=demand_model.demand_params(scenario.demand), method="active"
                )
            return backtest_model.backtest(
                self.pack,
                method=scenario.method,
                preset=scenario.preset,
                overrides=scenario.demand or None,
            )

        return self._get("backtest", scenario, compute)

    def growth(self, scenario: Scenario) -> pd.DataFrame:
        """Growth of each region's demand between its first and last reported figure:
        reported, modelled, and the model's inputs (geo.backtest.growth)."""
        from geo import backtest as backtest_model

        def compute() -> pd.DataFrame:
            return backtest_model.growth(
                self.backtest(scenario),
                lambda d: self.demand(dataclasses.replace(scenario, date=d)),
            )

        return self._get("growth", scenario, compute)

    def region_series(self, scenario: Scenario) -> pd.DataFrame:
        """Modelled demand (central, low, high) of every region a reported figure names,
        on every day from a week before the first figure to a week after the last: the
        line the method page draws the reported figures against. Long table ``region,
        date, central_t_per_day, low_t_per_day, high_t_per_day``."""
        from geo import backtest as backtest_model

        def compute() -> pd.DataFrame:
            return backtest_model.region_series(
                self.pack, lambda d: self.demand(dataclasses.replace(scenario, date=d))
            )

        return self._get("region_series", scenario, compute)
