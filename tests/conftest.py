"""Shared test fixtures.

Tests that need the real third-party data in ``../shared/data`` use the
``shared_data`` fixture: it skips when the folder is missing on a developer's
machine, but fails when ``CI=true`` (CI always has it, so a skip there would hide
a broken set-up).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# every road file in ../shared/data/roads (SOURCES.md, section 3): six GraphML, one OSM XML
ROAD_FILES = [
    "balikpapan_klandasan_ilir_drive.graphml",
    "balikpapan_kota_drive.graphml",
    "bandung_buahbatu_drive.graphml",
    "bandung_coblong_drive.graphml",
    "jakarta_jatinegara_drive.graphml",
    "jakarta_kelapa_gading_drive.graphml",
    "surabaya_gubeng_2013.osm",
]
CHROMIUM = Path(os.environ.get("OXYGEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SHARED_DATA = Path(os.environ.get("OXYGEN_SHARED_DATA", REPO.parent / "shared" / "data"))


def _require_shared() -> Path:
    if SHARED_DATA.is_dir():
        return SHARED_DATA
    msg = f"real data folder {SHARED_DATA} is missing"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg + " (CI=true: tests needing it must not skip)")
    pytest.skip(msg)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to ``../shared/data`` (read-only real data)."""
    return _require_shared()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


def data_root_with(shared: Path, tmp: Path, rel: str, text: str) -> Path:
    """A data root mirroring ``../shared/data`` through symlinks, with the file ``rel``
    replaced by ``text`` (how tests feed one broken file to a real pack)."""
    root = tmp / "root"
    for src in shared.rglob("*"):
        if src.is_file():
            dst = root / src.relative_to(shared)
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src, dst)
    target = root / rel
    target.unlink()
    target.write_text(text, encoding="utf-8")
    return root


def require_browser() -> None:
    """Chromium (Debian's) and Playwright are needed: fail under CI=true, skip otherwise."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"Chromium binary {CHROMIUM} is missing"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright (python) is not installed"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(problem + " (CI=true: browser tests must not skip)")
        pytest.skip(problem)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run (Playwright's sync API allows one loop)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# The development lane, `python3 -m pytest -q -m "not slow"`, leaves out the tests marked
# `slow` in their own module: browser tests, the acceptance re-solves, subprocess runs of
# the CLI and every test on the real files in ../shared/data. CI runs all. A test that
# reads ../shared/data or drives a browser without the mark would make the fast lane
# depend on them: collection stops and names it.


def pytest_collection_modifyitems(config, items) -> None:
    unmarked = [
        item.nodeid
        for item in items
        if (
            "shared_data" in getattr(item, "fixturenames", ()) or item.get_closest_marker("browser")
        )
        and not item.get_closest_marker("slow")
    ]
    if unmarked:
        raise pytest.UsageError(
            "tests that read ../shared/data or drive a browser must be marked slow: "
            + ", ".join(unmarked[:10])
            + (f" and {len(unmarked) - 10} more" if len(unmarked) > 10 else "")
        )
