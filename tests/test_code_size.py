"""Size limits of the library's code (issue #17): a function or a class a reader can
take in at once, a module one can read in a sitting.

Lengths are counted as ``ast`` counts them: ``end_lineno - lineno + 1`` of the ``def``
or ``class`` statement (its docstring included, its decorators not).
"""

from __future__ import annotations

import ast
from pathlib import Path

GEO = Path(__file__).parents[1] / "geo"

MAX_FUNCTION_LINES = 80
MAX_CLASS_LINES = 300
MAX_MODULE_LINES = 900
MAX_PIPELINE_LINES = 500


def _modules() -> list[Path]:
    return sorted(GEO.rglob("*.py"))


def _lengths(kinds: tuple[type, ...]) -> dict[str, int]:
    """``module:line name`` -> length of every node of ``kinds`` in geo/ (nested ones too)."""
    out = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, kinds):
                where = f"{path.relative_to(GEO.parent)}:{node.lineno} {node.name}"
                out[where] = node.end_lineno - node.lineno + 1
    return out


def test_lengths_count_as_ast_counts_them():
    src = "@decorator\ndef f():\n    '''Doc.'''\n    return 1\n"
    node = ast.parse(src).body[0]
    assert node.end_lineno - node.lineno + 1 == 3  # def, docstring, return


def test_the_limits_see_the_library():
    # the checks below would pass on an empty folder: make sure they read geo/
    functions = _lengths((ast.FunctionDef, ast.AsyncFunctionDef))
    classes = _lengths((ast.ClassDef,))
    assert any(k.endswith(" run") and k.startswith("geo/pipeline.py") for k in functions)
    assert any(k.endswith(" Runner") for k in classes)
    assert len(_modules()) > 50


def test_no_function_over_the_limit():
    lengths = _lengths((ast.FunctionDef, ast.AsyncFunctionDef))
    over = {k: n for k, n in lengths.items() if n > MAX_FUNCTION_LINES}
    assert not over, f"functions over {MAX_FUNCTION_LINES} lines: {over}"


def test_no_class_over_the_limit():
    lengths = _lengths((ast.ClassDef,))
    over = {k: n for k, n in lengths.items() if n > MAX_CLASS_LINES}
    assert not over, f"classes over {MAX_CLASS_LINES} lines: {over}"


def test_no_module_over_the_limit():
    lines = {
        str(p.relative_to(GEO.parent)): len(p.read_text(encoding="utf-8").splitlines())
        for p in _modules()
    }
    over = {k: n for k, n in lines.items() if n > MAX_MODULE_LINES}
    assert not over, f"modules over {MAX_MODULE_LINES} lines: {over}"
    assert lines["geo/pipeline.py"] <= MAX_PIPELINE_LINES, lines["geo/pipeline.py"]


def test_collection_stops_on_an_unmarked_test_of_the_real_data():
    """The fast lane's guard: a test that reads ../shared/data or drives a browser
    without the ``slow`` mark stops collection, naming it; marked ones pass."""
    import pytest

    from tests.conftest import pytest_collection_modifyitems

    class Item:
        def __init__(self, nodeid, fixtures=(), marks=()):
            self.nodeid, self.fixturenames, self._marks = nodeid, list(fixtures), set(marks)

        def get_closest_marker(self, name):
            return name if name in self._marks else None

    fine = [
        Item("t.py::unit"),
        Item("t.py::real", ["shared_data"], ["slow"]),
        Item("t.py::page", [], ["browser", "slow"]),
    ]
    pytest_collection_modifyitems(None, fine)  # nothing raised
    for bad in (Item("t.py::real_fast", ["shared_data"]), Item("t.py::page_fast", [], ["browser"])):
        with pytest.raises(pytest.UsageError, match=bad.nodeid.replace(".", r"\.")):
            pytest_collection_modifyitems(None, [*fine, bad])
