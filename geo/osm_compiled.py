"""The compiled-graph cache: a :class:`~geo.travel.CompactGraph` saved as an uncompressed
``.npz`` of plain arrays plus a JSON metadata string (no pickled objects), and loaded
back without copying its arrays (data and indices read straight into buffers with room
for a query's super-source edges, the rest memory-mapped). Compiling a road file:
:func:`geo.osm_stream.compile_road_file`; these names are importable from there too.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from geo import roads
from geo.errors import DataError
from geo.travel import SUPER_SOURCE_SLOTS, CompactGraph, shares_buffers

FORMAT_VERSION = 1
COMPILED_SUFFIX = ".o2graph.npz"


def is_compiled(path: str | Path) -> bool:
    """True for a compiled graph file (``*.o2graph.npz``)."""
    return str(path).lower().endswith(COMPILED_SUFFIX)


def file_sha256(path: str | Path, *, chunk_bytes: int = 8 * 2**20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk_bytes):
            digest.update(block)
    return digest.hexdigest()


def save_compiled(cg: CompactGraph, path: str | Path, *, meta: Mapping[str, Any]) -> None:
    """Write ``cg`` as plain arrays plus JSON metadata (``format_version`` and counts
    are added). Written to a temporary name first, then renamed: a failed write never
    leaves a half file under ``path``."""
    path = Path(path)
    if not is_compiled(path):
        raise DataError(f"a compiled graph file must end in {COMPILED_SUFFIX}", file=str(path))
    full = {
        **dict(meta),
        "format_version": FORMAT_VERSION,
        "nodes": cg.n_nodes,
        "edges": cg.n_edges,
    }
    ids = np.asarray(cg.node_ids)
    if ids.dtype.kind not in "iu":
        raise DataError("only graphs with integer node ids can be compiled", file=str(path))
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        np.savez(
            fh,
            node_ids=ids.astype(np.int64),
            x=cg.x,
            y=cg.y,
            indptr=cg.csr.indptr,
            indices=cg.csr.indices,
            travel_time_s=cg.csr.data,
            length_m=cg.length_m,
            mode=cg.mode,
            meta=np.array(json.dumps(full, sort_keys=True)),
        )
    tmp.replace(path)


def read_compiled_meta(path: str | Path) -> dict[str, Any]:
    """The metadata of a compiled graph file (without loading its arrays)."""
    with _open_npz(path) as npz:
        return _meta(npz, path)


def _open_npz(path: str | Path) -> Any:
    if not Path(path).is_file():
        raise DataError("compiled graph file not found", file=str(path))
    try:
        return np.load(path, allow_pickle=False)
    except Exception as err:
        raise DataError(f"not a compiled graph file ({err})", file=str(path)) from err


def _meta(npz: Any, path: str | Path) -> dict[str, Any]:
    try:
        meta = json.loads(str(npz["meta"]))
    except Exception as err:
        raise DataError(f"not a compiled graph file ({err})", file=str(path)) from err
    if meta.get("format_version") != FORMAT_VERSION:
        raise DataError(
            f"compiled graph format {meta.get('format_version')} is not {FORMAT_VERSION}; "
            "compile the road file again",
            file=str(path),
        )
    return meta


def _stored_members(path: Path) -> dict[str, tuple[np.dtype, tuple[int, ...], int]] | None:
    """For an uncompressed ``.npz``: each array's dtype, shape and byte offset in the file
    (its data lie there as they are), or None when an array is compressed or unusual."""
    out: dict[str, tuple[np.dtype, tuple[int, ...], int]] = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as fh:
        for info in zf.infolist():
            if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                return None
            fh.seek(info.header_offset)
            local = fh.read(30)
            if len(local) < 30 or local[:4] != b"PK\x03\x04":
                return None
            name_len = int.from_bytes(local[26:28], "little")
            extra_len = int.from_bytes(local[28:30], "little")
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            version = np.lib.format.read_magic(fh)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
            else:
                return None
            if fortran or dtype.hasobject:
                return None
            out[info.filename[: -len(".npy")]] = (dtype, tuple(shape), fh.tell())
    return out


def _read_into(path: Path, dtype: np.dtype, count: int, offset: int, *, room: int) -> np.ndarray:
    """``count`` items read straight into a buffer with ``room`` free items after them."""
    buf = np.empty(count + room, dtype=dtype)
    view = memoryview(buf[:count]).cast("B")
    with open(path, "rb") as fh:
        fh.seek(offset)
        got = 0
        while got < len(view):
            n = fh.readinto(view[got : got + (64 << 20)])
            if not n:
                raise DataError(
                    "compiled graph file is damaged (an array is cut short)", file=str(path)
                )
            got += n
    return buf


def _load_arrays(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any], tuple | None]:
    """The arrays of a compiled file, its metadata and the spare-room buffers behind
    ``travel_time_s``/``indices``. Stored (uncompressed) files are read without a copy:
    data and indices straight into buffers with room for a query's super-source edges,
    the rest memory-mapped (pages a query never touches, such as lengths, cost no
    memory)."""
    try:
        members = _stored_members(path)
    except (OSError, zipfile.BadZipFile, ValueError) as err:
        raise DataError(f"not a compiled graph file ({err})", file=str(path)) from err
    with _open_npz(path) as npz:
        meta = _meta(npz, path)
        if members is None or any(k not in members for k in _ARRAYS):
            try:
                return {k: npz[k] for k in _ARRAYS}, meta, None
            except Exception as err:
                raise DataError(f"compiled graph file is damaged ({err})", file=str(path)) from err
    size = path.stat().st_size
    arrays: dict[str, np.ndarray] = {}
    spare: list[np.ndarray] = []
    for key in _ARRAYS:
        dtype, shape, offset = members[key]
        count = int(np.prod(shape)) if shape else 1
        if len(shape) != 1 or offset + count * dtype.itemsize > size:
            raise DataError(f"compiled graph file is damaged ({key})", file=str(path))
        if key in ("travel_time_s", "indices"):
            buf = _read_into(path, dtype, count, offset, room=SUPER_SOURCE_SLOTS)
            spare.append(buf)
            arrays[key] = buf[:count]
        else:
            arrays[key] = np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape)
    return arrays, meta, (spare[1], spare[0])  # (data, indices): _ARRAYS order is fixed


def load_compiled(path: str | Path) -> CompactGraph:
    """A compiled graph file back as a :class:`~geo.travel.CompactGraph` (``cg.report``
    is the stored metadata)."""
    path = Path(path)
    arrays, meta, spare = _load_arrays(path)
    n = len(arrays["x"])
    if len(arrays["indptr"]) != n + 1 or meta.get("nodes") != n:
        raise DataError("compiled graph file is damaged (node counts differ)", file=str(path))
    csr = sp.csr_matrix(
        (arrays["travel_time_s"], arrays["indices"], arrays["indptr"]), shape=(n, n), copy=False
    )
    csr.has_sorted_indices = True
    cg = CompactGraph(
        node_ids=arrays["node_ids"],
        x=arrays["x"],
        y=arrays["y"],
        csr=csr,
        length_m=arrays["length_m"],
        mode=arrays["mode"],
        _spare=spare if spare is not None and shares_buffers(csr, spare) else None,
    )
    cg.report = meta
    return cg


_ARRAYS = ("node_ids", "x", "y", "indptr", "indices", "travel_time_s", "length_m", "mode")


def check_speeds(
    meta: Mapping[str, Any], speeds_kph: Mapping[str, float] | None, path: Path
) -> None:
    """A compiled graph's times were computed with the speeds in its metadata: refuse to
    use it under different speeds instead of silently mixing them."""
    wanted = roads._speed_table(speeds_kph)
    stored = {str(k): float(v) for k, v in meta.get("speeds_kph", {}).items()}
    differ = sorted(k for k in set(wanted) | set(stored) if wanted.get(k) != stored.get(k))
    if differ:
        raise DataError(
            "compiled graph was built with other speeds for "
            f"{', '.join(differ[:5])}; compile the road file again with these speeds",
            file=str(path),
        )
