"""The public API (``geo.__all__``, issue #17 item 8): cheap to import, every name
resolves, and every function and class carries a numpydoc docstring whose
``Parameters`` name exactly the arguments of its signature.

The numpydoc check is a light one written here (no numpydoc dependency): sections are
a title line underlined with dashes; a parameter entry is a line at the section's
indent, ``name : type`` (or ``name``, ``*args``, ``a, b : type``).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import geo

ROOT = Path(__file__).parents[1]

# Methods of Result and Runner that pages and commands call (besides the properties).
METHODS = [
    ("Result", "assumptions"),
    ("Result", "allocation_band"),
    ("Result", "plan_policies"),
    ("Runner", "run"),
]

# Functions the docs name (docs/*.md, in backticks) beyond geo.__all__, as module:name.
DOCS_NAMED = [
    "geo.travel:haversine_m",
    "geo.travel:sea_time_matrix",
    "geo.roads:way_rule",
    "geo.roads:add_sea_lanes",
    "geo.plan_inputs:forecast_log_linear",
    "geo.plan_inputs:forecast_error_q",
    "geo.stages:table_markdown",
    "geo.scenario:fingerprint",
    "geo.basemap:sea_path",
    "geo.backtest:growth",
    "geo.plan:trucks_min",
    "geo.calibration:leave_one_out",
]

_ENTRY = re.compile(
    r"^(\*{0,2}[A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*\*{0,2}[A-Za-z_][A-Za-z0-9_]*)*)(\s*:.*)?$"
)


def sections(doc: str) -> dict[str, list[str]]:
    """Numpydoc sections of ``doc``: title -> its lines (the summary under "")."""
    lines = inspect.cleandoc(doc).splitlines()
    out: dict[str, list[str]] = {"": []}
    current = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        underline = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if line.strip() and underline and set(underline) == {"-"}:
            current = line.strip()
            out[current] = []
            i += 2
            continue
        out[current].append(line)
        i += 1
    return out


def entries(lines: list[str]) -> list[str]:
    """The names a Parameters/Attributes section documents (``*`` stripped)."""
    names: list[str] = []
    for line in lines:
        if not line.strip() or line[0].isspace():
            continue
        match = _ENTRY.match(line.strip())
        assert match, f"not a numpydoc entry: {line!r}"
        names += [n.strip().lstrip("*") for n in match.group(1).split(",")]
    return names


def heads(lines: list[str]) -> list[str]:
    """The entry lines of a Returns/Yields section (a type, or ``name : type``)."""
    return [line for line in lines if line.strip() and not line[0].isspace()]


def signature_names(obj) -> list[str]:
    sig = inspect.signature(obj)
    return [n for n in sig.parameters if n not in ("self", "cls")]


def test_sections_parses_a_hand_written_docstring():
    doc = """Summary.

    Parameters
    ----------
    pack : Pack
        The pack.
    *parts, **fields : Mapping
        Merged.

    Returns
    -------
    float
        t/day.
    """
    got = sections(doc)
    assert got[""] == ["Summary.", ""]
    assert entries(got["Parameters"]) == ["pack", "parts", "fields"]
    assert heads(got["Returns"]) == ["float"]


def test_import_geo_is_cheap_and_never_imports_streamlit():
    code = (
        "import sys, geo\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')"
        " or m in ('geo.pipeline', 'geo.packs', 'pandas'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_every_public_name_resolves_and_is_listed_by_dir():
    assert len(__import__("geo").__all__) == len(set(geo.__all__))
    for name in geo.__all__:
        assert getattr(geo, name) is not None, name
    assert set(geo.__all__) <= set(dir(geo))
    with pytest.raises(AttributeError, match="no_such_name"):
        geo.no_such_name  # noqa: B018


def test_every_public_name_is_the_object_its_module_defines():
    for name, (module, attr) in geo._API.items():
        assert getattr(geo, name) is getattr(importlib.import_module(module), attr), name


def test_no_public_name_is_shadowed_by_a_submodule():
    submodules = {m.name for m in pkgutil.iter_modules(geo.__path__)}
    assert not set(geo.__all__) & submodules


def _same_names(label: str, documented: list[str], params: list[str]) -> None:
    """Each documented name is an argument, once, and each argument is documented."""
    assert len(documented) == len(set(documented)), f"{label}: {documented} repeats a name"
    assert set(documented) == set(params), f"{label}: documented {documented}, signature {params}"


def _check_function(label: str, obj) -> None:
    doc = inspect.getdoc(obj) or ""
    got = sections(doc)
    summary = [line for line in got[""] if line.strip()]
    assert summary, f"{label}: no summary line"
    params = signature_names(obj)
    if params:
        assert "Parameters" in got, f"{label}: no Parameters section"
        _same_names(label, entries(got["Parameters"]), params)
    else:
        assert "Parameters" not in got, f"{label}: Parameters but no arguments"
    returns = "Yields" if inspect.isgeneratorfunction(obj) else "Returns"
    assert returns in got and heads(got[returns]), f"{label}: no {returns} section"


def _check_class(label: str, cls) -> None:
    doc = cls.__doc__ or ""
    got = sections(doc)
    assert [line for line in got[""] if line.strip()], f"{label}: no summary line"
    assert "Parameters" in got or "Attributes" in got, f"{label}: no Parameters/Attributes"
    if "Parameters" in got:
        _same_names(label, entries(got["Parameters"]), signature_names(cls))
    if "Attributes" in got:
        source = inspect.getsource(cls)
        fields = (
            {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
        )
        for name in entries(got["Attributes"]):
            known = name in fields or hasattr(cls, name) or f"self.{name} =" in source
            assert known, f"{label}: documents attribute {name!r} it does not have"
        if fields:
            missing = (
                fields - set(entries(got["Attributes"])) - set(entries(got.get("Parameters", [])))
            )
            assert not missing, f"{label}: fields {sorted(missing)} undocumented"


@pytest.mark.parametrize("name", geo.__all__)
def test_public_name_has_a_numpydoc_docstring(name):
    obj = getattr(geo, name)
    if inspect.isclass(obj):
        _check_class(name, obj)
    else:
        assert callable(obj), name
        _check_function(name, obj)


@pytest.mark.parametrize("where", DOCS_NAMED)
def test_functions_the_docs_name_have_numpydoc_docstrings(where):
    module, name = where.split(":")
    _check_function(where, getattr(importlib.import_module(module), name))


@pytest.mark.parametrize(("cls", "method"), METHODS)
def test_methods_pages_call_have_numpydoc_docstrings(cls, method):
    _check_function(f"{cls}.{method}", getattr(getattr(geo, cls), method))


def _library_example() -> str:
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = doc.split("## Library", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_library_section_names_every_public_name():
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = doc.split("## Library", 1)[1].split("```python", 1)[0]
    named = set(re.findall(r"`([A-Za-z_]+)`", section))
    assert set(geo.__all__) <= named, sorted(set(geo.__all__) - named)


def test_the_package_docstring_shows_the_same_example():
    example = set(_library_example().splitlines())
    shown = []
    for line in geo.__doc__.split("::", 1)[1].strip("\n").splitlines():
        if line.strip() and not line.startswith("    "):
            break  # the literal block ends at the first unindented line
        shown.append(line[4:])
    assert len([line for line in shown if line]) >= 6
    assert [line for line in shown if line and line not in example] == []


def test_library_example_runs_on_the_embedded_pack(capsys):
    """The example in docs/ARCHITECTURE.md, run as written: its tables are the ones
    it says they are (checked by their own invariants, not by figures)."""
    space: dict = {}
    exec(compile(_library_example(), "docs/ARCHITECTURE.md", "exec"), space)
    result, demand = space["result"], space["demand"]
    coverage, flows = space["coverage"], space["flows"]
    assert isinstance(result, geo.Result) and space["warnings"] == []
    assert len(demand) == len(space["pack"].provinces)
    ok = demand["demand_t_per_day"].notna()
    assert (demand.loc[ok, "low"] <= demand.loc[ok, "demand_t_per_day"]).all()
    assert (demand.loc[ok, "demand_t_per_day"] <= demand.loc[ok, "high"]).all()
    assert coverage["covered_share"].between(0, 1).all()
    assert coverage["hospitals_covered"].le(coverage["hospitals"]).all()
    assert len(flows) and (flows["t_per_day"] > 0).all()
    supplied = result.allocation.provinces["supplied_t_per_day"].sum()
    local = result.allocation.provinces["local_supply_t_per_day"].sum()
    assert flows["t_per_day"].sum() == pytest.approx(supplied - local)
    out = capsys.readouterr().out
    assert out.startswith(result.fingerprint) and f"fingerprint={result.fingerprint}" in out
