"""Analysis sub-commands of the CLI (coverage, route, graph, demand, allocate, site)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def register(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the analysis sub-commands to the parser (filled in as the engine lands)."""
    return None
