"""The compact graph's memory habits (issue 25), each checked against a slow, obvious
reference: the chunked CSR builder against a dict of fastest edges, the binary-search edge
lookup against a dict, the super source written into spare slots against one Dijkstra per
source, the compiled file read without a copy, and the import refused in one line when
memory is short."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from geo import osm_stream, travel
from geo.errors import DataError


def _random_edges(seed: int, n: int, m: int):
    rng = np.random.default_rng(seed)
    u = rng.integers(0, n, m)
    v = rng.integers(0, n, m)
    t = rng.uniform(1.0, 100.0, m).round(1)  # repeats: ties between parallel edges
    length = rng.uniform(10.0, 1000.0, m)
    mode = rng.integers(0, 3, m).astype(np.int8)
    return u, v, t, length, mode


def _fastest(u, v, t, length, mode) -> dict[tuple[int, int], tuple[float, float, int]]:
    """The reference: the fastest edge between each ordered pair (first one on ties)."""
    best: dict[tuple[int, int], tuple[float, float, int]] = {}
    for a, b, tt, ll, mm in zip(
        u.tolist(), v.tolist(), t.tolist(), length.tolist(), mode.tolist(), strict=True
    ):
        if a != b and ((a, b) not in best or tt < best[(a, b)][0]):
            best[(a, b)] = (tt, ll, mm)
    return best


@pytest.mark.parametrize("chunk_edges", [1, 7, 1_000_000])
def test_chunked_csr_keeps_the_fastest_edge_of_each_pair(chunk_edges: int) -> None:
    u, v, t, length, mode = _random_edges(1, 40, 400)
    csr, length_out, mode_out, (data_buf, idx_buf) = travel.csr_from_edges(
        40, [(u, v, t, length, mode, u != v)], chunk_edges=chunk_edges, slots=3
    )
    best = _fastest(u, v, t, length, mode)
    assert csr.nnz == len(best)
    rows = np.repeat(np.arange(40), np.diff(csr.indptr))
    for k, (a, b) in enumerate(zip(rows.tolist(), csr.indices.tolist(), strict=True)):
        tt, ll, mm = best[(a, b)]
        assert csr.data[k] == tt and mode_out[k] == mm
        assert length_out[k] == pytest.approx(ll, rel=1e-6)  # float32 lengths
    for a in range(40):  # columns sorted in every row
        cols = csr.indices[csr.indptr[a] : csr.indptr[a + 1]]
        assert np.all(np.diff(cols) > 0)
    assert np.shares_memory(csr.data, data_buf) and len(data_buf) >= csr.nnz + 3
    assert np.shares_memory(csr.indices, idx_buf)


def test_two_sources_and_a_renumbering_give_one_csr() -> None:
    # pieces 0-1, 1-2 (two-way) and 2-3 one-way; node 4 dropped (new_index -1)
    pu, pv = np.array([0, 1, 2]), np.array([1, 2, 3])
    t = np.array([5.0, 6.0, 7.0])
    length = np.array([50.0, 60.0, 70.0])
    mode = np.zeros(3, dtype=np.int8)
    two_way = np.array([True, True, False])
    new_index = np.array([0, 1, 2, 3, -1])
    csr, _, _, _ = travel.csr_from_edges(
        4,
        [(pu, pv, t, length, mode, None), (pv, pu, t, length, mode, two_way)],
        new_index=new_index,
        chunk_edges=2,
    )
    dense = csr.toarray()
    assert dense[0, 1] == 5 and dense[1, 0] == 5 and dense[1, 2] == 6 and dense[2, 1] == 6
    assert dense[2, 3] == 7 and dense[3, 2] == 0  # one-way
    assert csr.nnz == 5


def test_edge_index_finds_every_edge_and_only_those() -> None:
    u, v, t, length, mode = _random_edges(2, 60, 500)
    cg = travel.build_compact(u, v, t, length, mode, np.zeros(60), np.zeros(60))
    best = _fastest(u, v, t, length, mode)
    qu = np.repeat(np.arange(60), 60)
    qv = np.tile(np.arange(60), 60)
    pos = cg.edge_index(qu, qv)
    for a, b, p in zip(qu.tolist(), qv.tolist(), pos.tolist(), strict=True):
        if (a, b) in best:
            assert p >= 0 and cg.csr.indices[p] == b and cg.csr.data[p] == best[(a, b)][0]
        else:
            assert p == -1


def _reference_nearest(cg: travel.CompactGraph, sources, offsets) -> np.ndarray:
    """One NetworkX Dijkstra per source, offset added, minimum taken: obviously right."""
    G = nx.DiGraph()
    G.add_nodes_from(range(cg.n_nodes))
    rows = np.repeat(np.arange(cg.n_nodes), np.diff(cg.csr.indptr))
    for a, b, w in zip(rows.tolist(), cg.csr.indices.tolist(), cg.csr.data.tolist(), strict=True):
        G.add_edge(a, b, weight=w)
    best = np.full(cg.n_nodes, np.inf)
    for s, o in zip(sources.tolist(), offsets.tolist(), strict=True):
        for node, d in nx.single_source_dijkstra_path_length(G, s).items():
            best[node] = min(best[node], d + max(o, travel.EPS_S))
    return best


@pytest.mark.parametrize(("n", "m", "n_sources"), [(80, 600, 5), (80, 600, 50), (1500, 9000, 30)])
def test_super_source_equals_one_dijkstra_per_source(n: int, m: int, n_sources: int) -> None:
    u, v, t, length, mode = _random_edges(3, n, m)
    cg = travel.build_compact(u, v, t, length, mode, np.zeros(n), np.zeros(n))
    rng = np.random.default_rng(4)
    sources = rng.integers(0, n, n_sources)
    offsets = rng.uniform(0.0, 30.0, n_sources)
    before = cg.csr.data.copy()
    # a graph larger than the spare room keeps it: the query shares the graph's arrays
    assert (cg._spare is not None) == (m > 2 * travel.SUPER_SOURCE_SLOTS)
    with travel._super_source(cg, sources, offsets) as aug:
        if cg._spare is not None:
            assert np.shares_memory(aug.data, cg._spare[0])  # no copy of the graph
    got = travel.nearest_source_times(cg, sources, source_offsets_s=offsets).time_s
    assert np.allclose(got, _reference_nearest(cg, sources, offsets), rtol=0, atol=1e-9)
    assert np.array_equal(cg.csr.data, before)  # the graph's own edges untouched


def test_more_sources_than_spare_slots_falls_back_to_a_copy() -> None:
    n = 2 * travel.SUPER_SOURCE_SLOTS + 50
    u = np.arange(n - 1)
    v = u + 1
    cg = travel.build_compact(
        u, v, np.ones(n - 1), np.ones(n - 1), np.zeros(n - 1, np.int8), np.zeros(n), np.zeros(n)
    )
    sources = np.arange(n)
    offsets = np.full(n, 2.0)
    assert cg._spare is not None and len(cg._spare[0]) - cg.n_edges < n
    with travel._super_source(cg, sources, offsets) as aug:
        assert not np.shares_memory(aug.data, cg._spare[0])
    got = travel.nearest_source_times(cg, sources, source_offsets_s=offsets).time_s
    assert np.allclose(got, 2.0)


def test_compiled_file_is_read_without_a_copy(tmp_path: Path) -> None:
    u, v, t, length, mode = _random_edges(5, 2000, 12000)
    cg = travel.build_compact(
        u, v, t, length, mode, np.linspace(106, 107, 2000), np.zeros(2000) - 6
    )
    path = tmp_path / "g.o2graph.npz"
    osm_stream.save_compiled(cg, path, meta={"source_file": "random"})
    back = osm_stream.load_compiled(path)
    assert back._spare is not None and np.shares_memory(back.csr.data, back._spare[0])
    assert isinstance(back.length_m, np.memmap)  # read from the file only when used
    assert np.array_equal(back.csr.data, cg.csr.data)
    assert np.array_equal(back.csr.indices, cg.csr.indices)
    assert np.array_equal(np.asarray(back.length_m), cg.length_m)
    src = np.array([0, 7])
    off = np.array([1.0, 3.0])
    assert np.array_equal(
        travel.nearest_source_times(back, src, source_offsets_s=off).time_s,
        travel.nearest_source_times(cg, src, source_offsets_s=off).time_s,
    )


def _grid_pbf(path: Path, side: int) -> Path:
    import osmium
    from osmium.osm.mutable import Node, Way

    with osmium.SimpleWriter(str(path)) as w:
        for r in range(side):
            for c in range(side):
                w.add_node(Node(id=r * side + c + 1, location=(106.8 + c * 1e-3, -6.2 + r * 1e-3)))
        for r in range(side):
            w.add_way(
                Way(
                    id=r + 1,
                    nodes=[r * side + c + 1 for c in range(side)],
                    tags={"highway": "residential"},
                )
            )
    return path


def test_import_is_refused_in_one_line_when_memory_is_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pbf = _grid_pbf(tmp_path / "grid.osm.pbf", 6)
    monkeypatch.setattr(osm_stream, "available_memory_bytes", lambda: 1_000)
    monkeypatch.delenv("OXYGEN_SKIP_MEMORY_CHECK", raising=False)
    with pytest.raises(DataError, match="needs about") as err:
        osm_stream.read_osm_graph(pbf)
    assert "\n" not in str(err.value) and err.value.file == str(pbf)
    monkeypatch.setenv("OXYGEN_SKIP_MEMORY_CHECK", "1")
    assert osm_stream.read_osm_graph(pbf).n_nodes == 12  # two ends of each of 6 rows


def test_available_memory_is_a_positive_number_here() -> None:
    have = osm_stream.available_memory_bytes()
    assert have is None or have > 0


@pytest.mark.parametrize("chunk", [1, 3, 1 << 18])
def test_path_roots_in_place_equal_a_walk_up_each_path(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Roots, ferry flags and winning sources found chunk by chunk, in place, equal a
    walk from every node up its predecessor path."""
    monkeypatch.setattr(travel, "_ROOT_CHUNK", chunk)
    monkeypatch.setattr(travel, "_QUERY_CHUNK", chunk)
    u, v, t, length, mode = _random_edges(5, 60, 240)
    mode = np.where(mode == 2, 0, mode).astype(np.int8)  # roads and ferries
    cg = travel.build_compact(u, v, t, length, mode, np.zeros(60), np.zeros(60))
    sources = np.array([3, 17, 17, 42])
    offsets = np.array([5.0, 9.0, 2.0, 0.0])
    res = travel.nearest_source_times(cg, sources, source_offsets_s=offsets)
    best_offset = {3: (5.0, 0), 17: (2.0, 2), 42: (0.0, 3)}
    for node in range(cg.n_nodes):
        if not np.isfinite(res.time_s[node]):
            assert res.source_index[node] == -1 and not res.path_uses_ferry[node]
            continue
        ferry, at = False, node
        while res.predecessors[at] >= 0:
            k = cg.edge_index([res.predecessors[at]], [at])[0]
            ferry |= bool(cg.mode[k] == 1)
            at = int(res.predecessors[at])
        assert at in best_offset
        assert res.source_index[node] == best_offset[at][1]
        assert bool(res.path_uses_ferry[node]) == ferry
