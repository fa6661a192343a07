"""Deploying the nine concentrator systems: the network they depend on, the time-expanded
siting model (patient-days averted) and the honest output around it."""

from __future__ import annotations

import numpy as np
import pytest

from geo import pipeline
from geo.packs import EMBEDDED, load_pack
from geo.scenario import Scenario


@pytest.fixture(scope="module")
def pack():
    return load_pack(EMBEDDED)


@pytest.fixture(scope="module")
def runner(pack):
    return pipeline.Runner(pack)


# --------------------------------------------------------------------------- network


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("RS UMUM DAERAH KOTA TIDORE KEPULAUAN", "via_ferry"),  # Bastiong - Rum ferry
        ("RS UMUM DAERAH WAINGAPU", "via_ferry"),  # Sumba: Ende - Waingapu, Sape - Waikelo
        ("RS UMUM DAERAH WAIBAKUL", "via_ferry"),  # Sumba Tengah, on the Waikabubak road
        ("RS UMUM DAERAH MAREN KOTA TUAL", "via_sea"),  # Pelni Ambon - Tual
        ("RS UMUM MERAUKE", "via_sea"),  # Pelni Tual - Timika - Agats - Merauke
    ],
)
def test_island_hospitals_are_reached(pack, runner, name, mode) -> None:
    acc = runner.access(Scenario()).hospitals
    ids = pack.hospitals.loc[pack.hospitals["name"] == name, "id"]
    assert len(ids) == 1, name
    row = acc.set_index("id").loc[ids.iloc[0]]
    assert not row["off_network"], name
    assert np.isfinite(float(row["travel_time_h"])), name
    assert bool(row[mode]), (name, mode)
