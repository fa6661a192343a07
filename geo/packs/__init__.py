"""Data packs: the embedded default in ``data/`` and TOML manifests under ``packs/``.

A pack is a set of layers (provinces, hospitals, plants, cases, supply, roads). A
manifest names each layer's file, format and column mapping; relative paths resolve
against a data root (``--data-root`` or the app's sidebar), and paths starting with
``@embedded/`` resolve against this repository's ``data/`` folder. The embedded pack is
itself the manifest ``data/pack.toml``, so both go through one code path.

A layer that fails to load becomes an entry in ``Pack.errors`` (a :class:`DataError`
naming file, row and column) and an empty table; the other layers stay loaded.

Modules: :mod:`geo.packs.model` (the :class:`Pack` and its records),
:mod:`geo.packs.schema` (the manifest schema), :mod:`geo.packs.paths` (data root and
path rules), :mod:`geo.packs.loader` (:func:`load_pack`), and one module per layer's
loading rules (``provinces``, ``hospitals``, ``plants``, ``cases``, ``supply``, ``roads``).
"""

from geo.packs.loader import ProgressHook, load_pack
from geo.packs.model import (
    CASE_COLUMNS,
    CRS,
    HOSPITAL_COLUMNS,
    PLANT_COLUMNS,
    PROVINCE_COLUMNS,
    Pack,
    RoadSource,
    SupplyAssets,
)
from geo.packs.paths import (
    EMBEDDED,
    EMBEDDED_DIR,
    MAX_FILE_MB_DEFAULT,
    MAX_FILE_MB_ENV,
    PACKS_DIR,
    REPO_ROOT,
    default_data_root,
    list_packs,
    max_file_mb_default,
    resolve_manifest,
)
from geo.packs.schema import (
    MANIFEST_SCHEMA,
    ManifestKey,
    ManifestSection,
    manifest_schema_markdown,
)

__all__ = [
    "CASE_COLUMNS",
    "CRS",
    "EMBEDDED",
    "EMBEDDED_DIR",
    "HOSPITAL_COLUMNS",
    "MANIFEST_SCHEMA",
    "MAX_FILE_MB_DEFAULT",
    "MAX_FILE_MB_ENV",
    "PACKS_DIR",
    "PLANT_COLUMNS",
    "PROVINCE_COLUMNS",
    "REPO_ROOT",
    "ManifestKey",
    "ManifestSection",
    "Pack",
    "ProgressHook",
    "RoadSource",
    "SupplyAssets",
    "default_data_root",
    "list_packs",
    "load_pack",
    "manifest_schema_markdown",
    "max_file_mb_default",
    "resolve_manifest",
]
