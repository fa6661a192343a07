"""Where packs and their files are: the repository's ``data/`` and ``packs/``, the data
root a manifest's relative paths resolve against, and the rules that keep a manifest's
paths inside it (no absolute path, no ``..`` or symlinked folder climbing out, unless the
operator allows it) and files under the size limit."""

from __future__ import annotations

import os
import re
from pathlib import Path

from geo.errors import DataError

REPO_ROOT = Path(__file__).resolve().parents[2]
EMBEDDED_DIR = REPO_ROOT / "data"
PACKS_DIR = REPO_ROOT / "packs"
EMBEDDED = "embedded"


def list_packs(packs_dir: Path = PACKS_DIR) -> list[str]:
    """Names a user can pick: 'embedded' and the manifests under ``packs/``.

    Parameters
    ----------
    packs_dir : pathlib.Path
        The folder of manifests (``packs/`` in this repository).

    Returns
    -------
    list of str
        "embedded" first, then the manifests' stems in sorted order.
    """
    names = [EMBEDDED]
    if packs_dir.is_dir():
        names += sorted(p.stem for p in packs_dir.glob("*.toml"))
    return names


def resolve_manifest(pack: str | Path | None) -> Path:
    """The manifest for a pack name ('embedded', a name under packs/) or a path."""
    if pack is None or str(pack) == EMBEDDED:
        return EMBEDDED_DIR / "pack.toml"
    path = Path(pack)
    if path.suffix != ".toml":
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", str(pack)) or ".." in str(pack):
            raise DataError(f"'{pack}' is not a pack name (a manifest under packs/)")
        path = PACKS_DIR / f"{pack}.toml"
    if not path.exists():
        raise DataError("pack manifest not found", file=str(path))
    return path


def default_data_root(manifest: Path) -> Path:
    """Where relative paths resolve when no data root is given: beside the manifest for the
    embedded pack, else ``../shared/data`` next to the repository if it exists."""
    if manifest.parent == EMBEDDED_DIR:
        return EMBEDDED_DIR
    shared = REPO_ROOT.parent / "shared" / "data"
    return shared if shared.is_dir() else manifest.parent


MAX_FILE_MB_DEFAULT = 1024.0
MAX_FILE_MB_ENV = "OXYGEN_MAX_FILE_MB"


def max_file_mb_default() -> float:
    """The per-file size limit: ``$OXYGEN_MAX_FILE_MB`` if set, else 1024 MB."""
    try:
        return float(os.environ.get(MAX_FILE_MB_ENV, MAX_FILE_MB_DEFAULT))
    except ValueError:
        return MAX_FILE_MB_DEFAULT


def display_roots(root: Path | None) -> list[tuple[Path, str]]:
    """Folders whose files are named relatively in messages, most specific first."""
    roots = [(root, "")] if root is not None else []
    return [*roots, (EMBEDDED_DIR, "@embedded/"), (REPO_ROOT, "")]


def stays_inside(path: Path, base: Path) -> bool:
    """Whether ``path`` stays under ``base``: no ``..`` climbs out of it, and no folder on
    the way is a symlink leading out (folders are resolved). A symlinked *file* placed
    in the data root by the operator is followed: a manifest can name paths but cannot
    create links, so links are the operator's choice."""
    base_real = Path(os.path.realpath(base))
    lexical = Path(os.path.normpath(path))
    if not lexical.is_relative_to(Path(os.path.normpath(base))):
        return False
    parent_real = Path(os.path.realpath(lexical.parent))
    return parent_real == base_real or parent_real.is_relative_to(base_real)


def stat_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)
