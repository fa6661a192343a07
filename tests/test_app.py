"""Every page through Streamlit's AppTest, on the embedded and the real pack."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")

PAGES = [
    "pages/overview.py",
    "pages/coverage.py",
    "pages/supply.py",
    "pages/plan.py",
    "pages/deploy.py",
    "pages/risk.py",
    "pages/data.py",
    "pages/method.py",
]


def _app(query: dict | None = None, *, data_root: str | None = None) -> AppTest:
    """The app as a viewer opens it; ``data_root`` is the operator's setting
    (OXYGEN_DATA_ROOT, read when the session starts), never a viewer's input."""
    at = AppTest.from_file(APP, default_timeout=240)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    saved = os.environ.get("OXYGEN_DATA_ROOT")
    if data_root is not None:
        os.environ["OXYGEN_DATA_ROOT"] = data_root
    try:
        at.run()
    finally:
        if saved is None:
            os.environ.pop("OXYGEN_DATA_ROOT", None)
        else:
            os.environ["OXYGEN_DATA_ROOT"] = saved
    return at


def _fingerprint(at: AppTest) -> str:
    texts = [m.value for m in at.markdown if "fingerprint" in m.value]
    assert texts, "no fingerprint on the page"
    return texts[-1].split("fingerprint ")[1][:12]


def english_catalogue() -> set[str]:
    """Every English interface string that differs from its Bahasa one (labels, table
    headers, coded values, map labels), without placeholders, 4 characters or more."""
    import re

    from geo import i18n, maps

    pairs = [(e.get("en", ""), e.get("id", "")) for e in i18n.STRINGS.values()]
    pairs += list(i18n.COLUMNS.values()) + list(i18n.VALUES.values())
    pairs += [(e["en"], e.get("id", "")) for e in maps._LABELS.values()]
    bahasa = " ".join(id_ for _, id_ in pairs)
    out = set()
    for en, id_ in pairs:
        if en == id_:
            continue
        for part in re.split(r"\{[^}]*\}|<[^>]+>", en):  # the fixed parts of a template
            part = part.strip(" .,:;()")
            # a word both languages use ("Unit", "Status") is not English on the page
            shared = re.search(r"(?<![\w-])" + re.escape(part) + r"(?![\w-])", bahasa)
            if len(part) >= 4 and not shared:
                out.add(part)
    return out


def page_texts(at: AppTest) -> list[str]:
    """What a viewer reads on the page: titles, text, captions, notices, metric labels
    and values, widget labels, table headers and coded cell values."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        texts += [str(e.value) for e in getattr(at, kind)]
    texts += [f"{m.label} {m.value}" for m in at.metric]
    for kind in ("slider", "select_slider", "number_input", "radio", "selectbox", "toggle"):
        texts += [str(w.label) for w in getattr(at, kind)]
    for df in at.dataframe:
        data = df.value
        texts += [str(c) for c in data.columns]
        for col in data.columns:
            if data[col].dtype == object:
                texts += [str(v) for v in data[col].dropna().unique()[:200]]
    return texts


# the deploy page's first render solves the plan and the siting under all three
# rationing rules (about half a minute): the slow lane's
BAHASA_PAGES = [
    pytest.param(p, marks=pytest.mark.slow) if p == "pages/deploy.py" else p for p in PAGES
]


@pytest.mark.parametrize("page", BAHASA_PAGES)
def test_pages_embedded_in_bahasa_name_no_english_string(page):
    """Every page in Bahasa Indonesia: no error, a fingerprint, and not one English
    string of the catalogue (labels, headers, values), the Method page included. Data
    (hospital names, citations in the sources list) stays as published."""
    import re

    at = _app({"lang": "id"})
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    fp = _fingerprint(at)
    assert len(fp) == 12 and all(c in "0123456789abcdef" for c in fp)
    if page == "pages/deploy.py":  # the extras asked for too
        for key in ("w_alternatives",):  # comparisons and unit sizes (others: k solves)
            at.toggle(key=key).set_value(True)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert len(at.dataframe) >= 4
    catalogue = english_catalogue()
    texts = page_texts(at)
    if page == "pages/method.py":  # the sources list is citations, kept as published
        texts = [t for t in texts if "http" not in t]
    found = sorted(
        {
            en
            for en in catalogue
            for text in texts
            if re.search(r"(?<![\w-])" + re.escape(en) + r"(?![\w-])", text)
        }
    )
    assert not found, found


@pytest.mark.slow  # one AppTest run of the Data page
@pytest.mark.parametrize("lang", ["en", "id"])
def test_data_page_counts_the_hospital_location_check(lang):
    """The Data page shows the location check's counts on the default pack (problems
    found, rules applied) in the viewer's language, the flagged hospitals, and the
    hospitals' load report with the repairs counted."""
    from geo import i18n
    from geo.locations import location_counts
    from geo.packs import load_pack

    pack = load_pack()
    counts = location_counts(pack.hospital_locations)
    at = _app({"lang": lang})
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert i18n.t("hospital_locations", lang) in [s.value for s in at.subheader]
    tables = [df.value for df in at.dataframe]
    check, count = i18n.column("check", lang), i18n.column("count", lang)
    summary = next(t for t in tables if check in t.columns)
    shown = dict(zip(summary[check], summary[count], strict=True))
    expected = {i18n.value(k, lang): v for k, v in counts["problems"].items()}
    expected |= {i18n.value(k, lang): v for k, v in counts["rules"].items()}
    assert shown == expected and sum(shown.values()) > 0
    flagged = next(t for t in tables if i18n.column("found_province", lang) in t.columns)
    table = pack.hospital_locations
    assert len(flagged) == int(((table["problem"] != "") | (table["rule"] != "as_given")).sum())
    report = next(t for t in tables if i18n.column("rows_read", lang) in t.columns)
    hospitals = report[report[i18n.column("layer", lang)] == i18n.t("hospitals", lang)]
    assert (
        int(hospitals[i18n.column("repaired", lang)].iloc[0]) == pack.reports["hospitals"].repaired
    )


def test_bahasa_method_page_keeps_up_with_the_english_one():
    """docs/METHOD.id.md is a translation of docs/METHOD.md: the same sections, and the
    same code names and numbers (1,141 in English is 1,141 or 1.141 in Bahasa), so a
    paragraph changed in one and not the other shows up here."""
    import re

    docs = Path(APP).parent / "docs"
    en = (docs / "METHOD.md").read_text(encoding="utf-8")
    id_ = (docs / "METHOD.id.md").read_text(encoding="utf-8")

    def sections(text: str) -> int:
        return len(re.findall(r"(?m)^#{1,6} ", text))

    def code(text: str) -> set[str]:
        return set(re.findall(r"`([^`]+)`", text))

    def numbers(text: str) -> set[str]:
        prose = re.sub(r"`[^`]+`", "", text)
        return {re.sub(r"[.,]", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", prose)}

    assert sections(id_) == sections(en)
    assert code(en) ^ code(id_) == set(), (code(en) - code(id_), code(id_) - code(en))
    assert numbers(en) ^ numbers(id_) == set(), (
        numbers(en) - numbers(id_),
        numbers(id_) - numbers(en),
    )


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize("page", PAGES)
def test_pages_real_pack(page, shared_data):
    at = _app({"pack": "indonesia-2021", "lang": "en"}, data_root=str(shared_data))
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


@pytest.mark.slow  # reads ../shared/data
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


@pytest.mark.slow  # reads ../shared/data
@pytest.mark.parametrize("page", ["pages/overview.py", "pages/supply.py", "pages/deploy.py"])
def test_broken_case_row_costs_that_row_only(page, shared_data, tmp_path):
    """One junk date in BALI.csv drops that row (counted, named on the Data page); the
    pages keep every province's figures and raise no error."""
    from tests.conftest import data_root_with

    rel = "covid/province_daily/BALI.csv"
    text = (shared_data / rel).read_text(encoding="utf-8").replace("2021-07-01", "first of July", 1)
    root = data_root_with(shared_data, tmp_path, rel, text)
    at = _app({"pack": "indonesia-2021", "lang": "en"}, data_root=str(root))
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    at.switch_page("pages/data.py")
    at.run()
    report = at.dataframe[0].value
    from geo import i18n

    cases = report[report["Layer"] == i18n.t("layer_cases", "en")].iloc[0]
    assert "bad_date: 1" in cases["Detail"] and "BALI.csv" in cases["Notes"]
    assert "first of July" in cases["Notes"]


@pytest.mark.slow  # reads ../shared/data
def test_hospital_filter_changes_map_not_figures(shared_data):
    at = _app({"pack": "indonesia-2021", "lang": "en"}, data_root=str(shared_data))
    before = {m.label: m.value for m in at.metric}
    fp = _fingerprint(at)
    at.multiselect(key="w_filter_class").set_value(["A"]).run()
    assert not at.exception
    assert any("Hospitals:" in c.value for c in at.caption)
    assert {m.label: m.value for m in at.metric} == before and _fingerprint(at) == fp


def test_private_streamlit_switch_still_exists():
    """pages/_state.py turns off Streamlit's legacy pages/ mode through the one private
    attribute below (no public option exists); an upgrade that removes it must fail here
    rather than silently break deep links on a fresh server."""
    from streamlit.runtime.pages_manager import PagesManager

    assert isinstance(PagesManager.uses_pages_directory, bool | type(None))


@pytest.mark.slow  # reads ../shared/data
def test_data_folder_is_not_a_viewer_input(shared_data):
    """No widget lets a viewer choose the folder the server reads; it is shown, not edited."""
    at = _app({"pack": "indonesia-2021", "lang": "en"}, data_root=str(shared_data))
    assert not at.exception
    assert not [w for w in at.sidebar.text_input]
    assert at.session_state["data_root"] == str(shared_data)
    assert "data_root" not in at.query_params


LINKS = [
    {"page": "overview", "date": "2021-07-06"},
    {"page": "supply", "date": "2021-07-20", "severe_flow_lpm": "3", "hospitalised_share": "0.3"},
    {"page": "supply", "trucks": "60", "fleet": "on", "critical_flow_lpm": "20"},
    {"page": "deploy", "hours": "6", "k": "4", "cap": "1440", "prov": "51"},
    {"page": "coverage", "hours": "24", "date": "2030-01-01", "prov": "77"},  # both refitted
]


@pytest.mark.slow  # a CLI subprocess per link (issue 9's acceptance; CI runs it)
@pytest.mark.parametrize("query", LINKS)
def test_cli_link_reproduces_the_app(query):
    """`python -m geo <cmd> --link URL` prints the fingerprint and the figures the app
    shows for that link (bad or out-of-pack values are refitted the same way)."""
    import json
    import subprocess
    import sys
    from urllib.parse import urlencode

    at = _app(query | {"lang": "en"})
    assert not at.exception, [e.value for e in at.exception]
    link = "http://localhost:8501/?" + urlencode(query)
    command = {"overview": "demand", "supply": "allocate", "deploy": "site"}.get(
        query["page"], "coverage"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "geo", command, "--link", link, "--json"],
        cwd=Path(APP).parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["fingerprint"] == _fingerprint(at)
    metrics = {m.label: m.value for m in at.metric}
    if command == "allocate":
        # the headline is that day of the plan; the steady-day check follows it
        day = out["plan_day"]
        unmets = [m.value for m in at.metric if m.label == "Unmet demand"]
        if day["in_plan"]:
            assert unmets[0] == f"{day['unmet_t']:,.0f} t/day"
            assert metrics["Trucks in use / available"].startswith(
                f"{day['trucks_in_use']:,.1f} / "
            )
        unmet = sum(p["unmet_t_per_day"] for p in out["provinces"])
        assert unmets[-1] == f"{unmet:,.0f} t/day"
        assert metrics["Isotank trucks needed"].startswith(f"{out['trucks_needed']:,.1f} / ")
    if command == "site":
        averted = out["patient_days_averted"]["total"]
        assert metrics["Patient-days without oxygen averted"] == f"{averted:,.0f}"
        share = metrics["Share averted"]
        assert share == f"{out['share_averted']:.1%}"  # one definition, page and CLI
    if command == "demand":
        assert metrics["Total demand"] == f"{out['total_t_per_day']:,.0f} t/day"


@pytest.mark.slow
def test_plan_page_says_what_a_fairer_rule_costs():
    """Rules side by side: a rule that leaves more unmet than least hours says how much
    more, and the smallest share it bought, with the numbers of its own table."""
    from geo import pipeline
    from geo.packs import load_pack
    from geo.scenario import Scenario

    at = _app({"lang": "en"})
    at.switch_page("pages/plan.py")
    at.run()
    at.toggle(key="w_plan_policies").set_value(True)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption if "more unmet than least hours" in c.value]
    compared = pipeline.run(load_pack("embedded"), Scenario()).plan_policies()
    base = compared["least-hours"].unmet_t
    costlier = [n for n, r in compared.items() if r.unmet_t - base > 0.5]
    assert len(captions) == len(costlier) >= 1, captions
    fair = compared["fair-share"]
    expected = f"{fair.unmet_t - base:,.0f} t more unmet"
    assert any(expected in c for c in captions), (expected, captions)
