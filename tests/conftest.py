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
