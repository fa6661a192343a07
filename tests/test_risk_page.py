"""The risk page (pages/risk.py) through AppTest: sweeps in the data folder, by link."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog
from streamlit.testing.v1 import AppTest

from geo import sweep
from geo.scenario import Scenario

APP = str(Path(__file__).resolve().parents[1] / "app.py")


class ProvinceLp:
    """Every province of the embedded pack fed by one shared line over 4 days: deliver
    at most 60 t a day in all, least unmet (an LP on arrays, solved by HiGHS)."""

    kind = "province-lp"
    dates = ("2021-07-01", "2021-07-02", "2021-07-03", "2021-07-04")
    line_ids = ("shared",)
    shipment_ids = ()

    def __init__(self):
        from geo.packs import load_pack

        self.codes = np.sort(load_pack("embedded").provinces["code"].to_numpy(dtype=int))
        rng = np.random.default_rng(0)
        self.central = rng.uniform(0.5, 4.0, (len(self.codes), len(self.dates)))

    def solve(self, draw):
        demand = sweep.demand_at(
            self.central, self.central * 0.6, self.central * 1.6, draw.demand_z, level=0.8
        )
        P, D = demand.shape
        out = np.zeros((3, P, D))
        for t in range(D):  # max delivered within the line's 60 t x factor, by province
            res = linprog(
                -np.ones(P) / (1 + np.arange(P)),
                A_ub=np.ones((1, P)),
                b_ub=[60.0 * draw.line_factor[0]],
                bounds=list(zip(np.zeros(P), demand[:, t], strict=True)),
                method="highs",
            )
            out[1, :, t] = res.x
        out[0], out[2] = demand, demand - out[1]
        return out


@dataclasses.dataclass(frozen=True)
class ProvinceSource:
    def key(self):
        return ("province-lp",)

    def build(self):
        return ProvinceLp()


@pytest.fixture(scope="module")
def data_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("root")
    (root / sweep.SWEEPS_DIR).mkdir()
    result = sweep.run(ProvinceSource(), draws=40, seed=3, scenario=Scenario(), content_hash="lp")
    sweep.write(result, root / sweep.SWEEPS_DIR / "july.parquet")
    return root, result


def _app(query: dict, root: Path) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    for k, v in query.items():
        at.query_params[k] = v
    saved = os.environ.get("OXYGEN_DATA_ROOT")
    os.environ["OXYGEN_DATA_ROOT"] = str(root)
    try:
        at.run()
    finally:
        if saved is None:
            os.environ.pop("OXYGEN_DATA_ROOT", None)
        else:
            os.environ["OXYGEN_DATA_ROOT"] = saved
    return at


@pytest.mark.parametrize("lang", ["en", "id"])
def test_risk_page_shows_the_linked_sweep(data_root, lang):
    root, result = data_root
    at = _app({"page": "risk", "sweep": result.fingerprint, "lang": lang}, root)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    shown = [m.value for m in at.markdown if "sweep-fingerprint" in m.value]
    assert shown and result.fingerprint in shown[0]
    table = at.dataframe[0].value
    assert len(table) == len(result.codes)
    expected = sweep.summarize(result, min_days=3)["provinces"].set_index("code")
    got = table.set_index("code")["p_short_min_days"]
    assert np.allclose(got.sort_index(), expected["p_short_min_days"].sort_index())
    assert at.query_params["sweep"] in (result.fingerprint, [result.fingerprint])


def test_an_unknown_or_malformed_sweep_in_the_link(data_root):
    root, result = data_root
    at = _app({"page": "risk", "sweep": "0123456789ab", "lang": "en"}, root)
    assert not at.exception
    assert any("0123456789ab" in w.value for w in at.warning)
    at = _app({"page": "risk", "sweep": "../../etc/passwd", "lang": "en"}, root)
    assert not at.exception
    assert any("not a fingerprint" in w.value for w in at.warning)
    # the page falls back to the sweep the folder has
    shown = [m.value for m in at.markdown if "sweep-fingerprint" in m.value]
    assert shown and result.fingerprint in shown[0]


@pytest.mark.slow
def test_a_small_sweep_runs_in_the_background(tmp_path):
    """Start a sweep from the page (local cluster), keep rerunning as a viewer would,
    and get it listed by its fingerprint, equal to the same sweep run serially."""
    import time

    at = _app({"page": "risk", "lang": "en"}, tmp_path)
    assert not at.exception
    at.number_input(key="w_risk_draws").set_value(50)
    at.number_input(key="w_risk_seed").set_value(4)
    at.button(key="w_risk_start").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    end = time.monotonic() + 1500
    shown: list[str] = []
    while time.monotonic() < end and not shown:
        time.sleep(5)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        shown = [m.value for m in at.markdown if "sweep-fingerprint" in m.value]
    assert shown, "the sweep did not finish"
    fp = shown[0].split("sweep ")[1][:12]
    from geo.packs import load_pack

    pack = load_pack("embedded")
    scen = Scenario()
    serial = sweep.run(
        sweep.PackSource(scen, content_hash=pack.content_hash),
        draws=50,
        seed=4,
        scenario=scen,
        content_hash=pack.content_hash,
    )
    assert fp == serial.fingerprint
    got = at.dataframe[0].value.set_index("code")["p_short_min_days"].sort_index()
    expected = sweep.summarize(serial)["provinces"].set_index("code")["p_short_min_days"]
    assert np.allclose(got, expected.sort_index())
