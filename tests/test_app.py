"""Every page through Streamlit's AppTest, on the embedded and the real pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")

PAGES = [
    "pages/overview.py",
    "pages/coverage.py",
    "pages/supply.py",
    "pages/deploy.py",
    "pages/data.py",
    "pages/method.py",
]


def _app(query: dict | None = None, *, data_root: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if data_root is not None:
        at.session_state["data_root"] = data_root
        at.run()
    return at


def _fingerprint(at: AppTest) -> str:
    texts = [m.value for m in at.markdown if "fingerprint" in m.value]
    assert texts, "no fingerprint on the page"
    return texts[-1].split("fingerprint ")[1][:12]


@pytest.mark.parametrize("page", PAGES)
def test_pages_embedded(page):
    at = _app({"lang": "en"})
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    fp = _fingerprint(at)
    assert len(fp) == 12 and all(c in "0123456789abcdef" for c in fp)


@pytest.mark.parametrize("page", PAGES)
def test_pages_real_pack(page, shared_data):
    at = _app({"pack": "indonesia-2021", "lang": "id"}, data_root=str(shared_data))
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["pack"] == "indonesia-2021"


def test_invalid_url_parameter_warns_and_falls_back():
    at = _app({"hours": "abc", "k": "999", "pack": "../../etc/passwd", "lang": "en"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "hours" in warnings and "k:" in warnings and "pack" in warnings
    assert (
        at.session_state["hours"] == 12.0
        and at.session_state["k"] == 9
        and at.session_state["pack"] == "embedded"
    )


def test_same_link_same_fingerprint_and_language_independent():
    query = {"date": "2021-07-24", "hours": "6", "k": "5", "lang": "en"}
    a = _app(query)
    b = _app(query | {"lang": "id"})
    c = _app(query | {"hours": "8"})
    assert _fingerprint(a) == _fingerprint(b)
    assert _fingerprint(a) != _fingerprint(c)


def test_broken_layer_shows_error_panel_and_keeps_others(shared_data, tmp_path):
    from tests.conftest import data_root_with

    rel = "hospitals/covid19goid_rumah_sakit_latlon.csv"
    text = (
        (shared_data / rel).read_text(encoding="utf-8").replace("lat,lon", "latitude,longitude", 1)
    )
    root = data_root_with(shared_data, tmp_path, rel, text)
    at = _app({"pack": "indonesia-2021", "lang": "en"}, data_root=str(root))
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "hospitals" in errors and "missing column 'lat'" in errors
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Hospitals"] == "0" and metrics["Plant capacity"] != "0 t/day"


def test_selected_province_from_link():
    at = _app({"prov": "51", "lang": "en"})
    assert not at.exception
    assert "Bali" in [h.value for h in at.subheader]
    bad = _app({"prov": "77", "lang": "en"})
    assert not bad.exception and bad.session_state["prov"] == 0
    assert any("prov" in w.value for w in bad.warning)


def test_brief_download_renders(monkeypatch):
    """The brief buttons defer rendering to a callable; run the callables as a click would."""
    from streamlit.delta_generator import DeltaGenerator

    captured = []
    real = DeltaGenerator.download_button

    def spy(self, label, data=None, *args, **kwargs):
        if callable(data) and "brief" in str(kwargs.get("key", "")):
            captured.append((kwargs["file_name"], data))
        return real(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    at = _app({"lang": "en"})
    at.switch_page("pages/supply.py")
    at.run()
    assert not at.exception
    assert {name.rsplit(".", 1)[1] for name, _ in captured} == {"png", "pdf"}
    for name, make in captured:
        data = make()
        assert data[:4] in (b"\x89PNG", b"%PDF"), name


def test_page_parameter_opens_that_page():
    at = _app({"page": "supply", "lang": "en", "trucks": "100"})
    assert not at.exception
    assert "Supply & demand" in [t.value for t in at.title]
    assert at.session_state["trucks"] == 100


@pytest.mark.parametrize("page", PAGES)
def test_missing_data_folder_gives_error_panels_not_tracebacks(page, tmp_path):
    at = _app({"pack": "indonesia-2021", "lang": "en"}, data_root=str(tmp_path / "nowhere"))
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("file not found" in e.value for e in at.error)


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/supply.py", "pages/deploy.py"])
def test_broken_case_series_keeps_pages_alive(page, shared_data, tmp_path):
    from tests.conftest import data_root_with

    rel = "covid/province_daily/BALI.csv"
    text = (shared_data / rel).read_text(encoding="utf-8").replace("2021-07-01", "first of July", 1)
    root = data_root_with(shared_data, tmp_path, rel, text)
    at = _app({"pack": "indonesia-2021", "lang": "en"}, data_root=str(root))
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(e.value for e in at.error)
    assert "BALI.csv" in errors and "first of July" in errors


def test_hospital_filter_changes_map_not_figures(shared_data):
    at = _app({"pack": "indonesia-2021", "lang": "en"}, data_root=str(shared_data))
    before = {m.label: m.value for m in at.metric}
    fp = _fingerprint(at)
    at.multiselect(key="w_filter_class").set_value(["A"]).run()
    assert not at.exception
    assert any("Hospitals:" in c.value for c in at.caption)
    assert {m.label: m.value for m in at.metric} == before and _fingerprint(at) == fp
