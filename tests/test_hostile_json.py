"""Every ``--json`` output is valid JSON for every input (issue 23, items 1 and 2).

The property: random damage to the embedded pack's files (cells set to NaN, inf, text,
negatives or emptied, rows deleted, a file cut or emptied) never makes a command's JSON
path crash or print anything but one strict JSON object (no NaN, no Infinity), and a
command ends with status 0 or 2 (a failed layer it needs), never a traceback. The
damage is drawn from fixed seeds, so a failure names the seed that reproduces it.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo import cli
from geo.errors import DataError
from geo.export import NULL_REASONS, check_output_path, emit_json, json_safe

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
MANIFEST = DATA / "pack.toml"

COMMANDS = [
    ["check"],
    ["demand"],
    ["demand", "--method", "beds"],
    ["coverage", "--hours", "6"],
    ["allocate"],
    ["supply"],
    ["backtest"],
    ["graph"],
    ["route", "--from=-6.2,106.85", "--to=-5.43,105.26"],
]
BAD_CELLS = ["nan", "NaN", "inf", "-inf", "1e999", "", "-5", "-1e308", "tiga", "0"]
CSV_FILES = ["hospitals.csv", "plants.csv", "active_cases.csv", "supply.csv", "supply_lines.csv"]


def _strict(text: str) -> dict:
    """Parse JSON refusing NaN/Infinity (what Python's json would otherwise accept)."""

    def refuse(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


def _run(argv: list[str], capsys) -> tuple[int, dict, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, _strict(out), err


def _damage(root: Path, seed: int) -> list[str]:
    """Damage copies of the embedded files in ``root``; returns what was done."""
    rng = random.Random(seed)
    done = []
    for name in rng.sample(CSV_FILES, k=rng.randint(1, 3)):
        path = root / name
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        action = rng.choice(["cells", "cells", "rows", "header_only"])
        if action == "cells":
            for _ in range(rng.randint(1, 25)):
                df.iat[rng.randrange(len(df)), rng.randrange(df.shape[1])] = rng.choice(BAD_CELLS)
        elif action == "rows":
            df = df.drop(index=rng.sample(range(len(df)), k=max(1, len(df) // 3)))
        else:
            df = df.iloc[:0]
        df.to_csv(path, index=False)
        done.append(f"{name}: {action}")
    if rng.random() < 0.3:
        geo = root / "provinces.geojson"
        text = geo.read_text(encoding="utf-8")
        geo.write_text(text[: rng.randrange(len(text))], encoding="utf-8")
        done.append("provinces.geojson: cut")
    return done


@pytest.fixture
def damaged(tmp_path):
    def make(seed: int) -> tuple[Path, list[str]]:
        root = tmp_path / f"pack{seed}"
        shutil.copytree(DATA, root)
        return root, _damage(root, seed)

    return make


# the siting command solves the plan and the siting under three rationing rules on each
# damaged pack (tens of seconds a seed): the slow lane runs it on the same damage
SITE = ["site", "-k", "2", "--hours", "6"]


@pytest.mark.parametrize(
    "seed, commands",
    [pytest.param(seed, COMMANDS, id=str(seed)) for seed in range(6)]
    + [pytest.param(seed, [SITE], marks=pytest.mark.slow, id=f"site-{seed}") for seed in range(6)],
)
def test_every_json_path_survives_random_damage(damaged, capsys, seed, commands):
    root, done = damaged(seed)
    for command in commands:
        argv = [*command, "--pack", str(root / "pack.toml"), "--data-root", str(root), "--json"]
        code, out, err = _run(argv, capsys)
        assert code in (0, 2), (done, command, code, err)
        if code == 2:
            assert "error" in out or out.get("errors"), (done, command, out)
            assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1


def test_writer_nulls_with_the_reason_beside(capsys):
    emit_json(
        {
            "a": float("nan"),
            "b": float("inf"),
            "c": pd.NaT,
            "d": pd.Timestamp("2021-07-15"),
            "e": [1.5, float("-inf")],
            "f": pd.NA,
            "g_null_reason": "kept",
            "g": math.nan,
        }
    )
    out = _strict(capsys.readouterr().out)
    assert out["a"] is None and out["a_null_reason"] == NULL_REASONS["nan"]
    assert out["b"] is None and out["b_null_reason"] == NULL_REASONS["inf"]
    assert out["c"] is None and out["c_null_reason"] == NULL_REASONS["nat"]
    assert out["d"] == "2021-07-15"
    assert out["e"] == [1.5, None]
    assert out["f"] is None and out["f_null_reason"] == NULL_REASONS["na"]
    assert out["g"] is None and out["g_null_reason"] == "kept"  # never overwrites a key


def test_writer_writes_a_data_error_as_an_error_object():
    err = DataError("bad", file="x.csv", row=3, column="lat", layer="hospitals")
    assert json_safe({"e": err})["e"] == {
        "layer": "hospitals",
        "file": "x.csv",
        "row": 3,
        "column": "lat",
        "message": "bad",
        "text": "file x.csv, row 3, column 'lat': bad",
    }


def test_demand_beds_json_on_clean_data(capsys):
    """Was ``TypeError: not JSON serialisable: NaTType`` (beds have no case date)."""
    code, out, _ = _run(["demand", "--method", "beds", "--json"], capsys)
    assert code == 0
    for row in out["provinces"]:  # a date the method has not is null, with its reason
        if row.get("date_used") is None:
            assert row["date_used_null_reason"] == NULL_REASONS["nat"]


def test_check_json_when_the_province_layer_fails(tmp_path, capsys):
    """Was ``ValueError: Out of range float values are not JSON compliant: nan``."""
    root = tmp_path / "pack"
    shutil.copytree(DATA, root)
    text = (root / "provinces.geojson").read_text(encoding="utf-8")
    (root / "provinces.geojson").write_text(text[: len(text) // 2], encoding="utf-8")
    code, out, err = _run(
        ["check", "--pack", str(root / "pack.toml"), "--data-root", str(root), "--json"], capsys
    )
    assert code == 2 and "provinces.geojson" in err
    assert out["layers"]["provinces"]["error"]["file"] == "provinces.geojson"
    assert out["errors"][0]["layer"] == "provinces"
    assert out["cases_july_2021"] is None  # nothing to count provinces against


def test_analysis_json_names_a_failed_layer_it_needs(tmp_path, capsys):
    root = tmp_path / "pack"
    shutil.copytree(DATA, root)
    (root / "plants.csv").write_bytes(b"")
    code, out, err = _run(
        ["allocate", "--pack", str(root / "pack.toml"), "--data-root", str(root), "--json"], capsys
    )
    assert code == 2 and out["error"]["layer"] == "plants" and "plants.csv" in err


def test_analysis_json_carries_a_failed_layer_it_can_do_without(tmp_path, capsys):
    root = tmp_path / "pack"
    shutil.copytree(DATA, root)
    (root / "hospitals.csv").write_bytes(b"")
    code, out, _ = _run(
        ["demand", "--pack", str(root / "pack.toml"), "--data-root", str(root), "--json"], capsys
    )
    assert code == 0 and list(out)[:2] == ["fingerprint", "scenario"]
    assert out["layer_errors"][0]["layer"] == "hospitals"


# --------------------------------------------------------------- output paths, checked first


@pytest.fixture
def a_file(tmp_path) -> Path:
    path = tmp_path / "a_file"
    path.write_text("x")
    return path


@pytest.mark.parametrize(
    "argv, text",
    [
        (["graph", "--export-edges", "{f}/x.csv"], "it is a file, not a folder"),
        (["graph", "--export-edges", "{d}"], "is a folder, and a file is needed"),
        (["graph", "--export-edges", "{d}/edges.txt"], "must end in .csv"),
        (["graph", "--compile", "{f}/x.o2graph.npz", "--roads", "x.pbf"], "not a folder"),
        (["allocate", "--export-problem", "{f}/dir"], "it is a file, not a folder"),
        (["allocate", "--export-problem", "{f}"], "is a file, and a folder is needed"),
        (["site", "--export-matrix", "{f}/m.csv"], "it is a file, not a folder"),
        (["site", "--export-matrix", "{d}/m.csv"], "is a folder, and a file is needed"),
        (["build-pack", "--from", "{d}", "--out", "{f}"], "is a file, and a folder"),
    ],
)
def test_output_paths_refused_before_work_one_line(a_file, tmp_path, capsys, argv, text):
    if "{d}/m.csv" in argv:
        (tmp_path / "m.values.csv").mkdir()  # a file written beside the matrix
        argv = [a.replace("{d}/m.csv", "{d}/m") for a in argv]
    argv = [a.format(f=a_file, d=tmp_path) for a in argv]
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and text in lines[0] and "Traceback" not in err, err
    assert out == ""


def test_output_path_missing_parents_are_fine(tmp_path):
    assert check_output_path(tmp_path / "new" / "sub" / "e.csv") == tmp_path / "new/sub/e.csv"
    assert check_output_path(tmp_path / "new" / "dir", folder=True)
    with pytest.raises(DataError, match="empty"):
        check_output_path("")


def test_graph_export_creates_missing_parents(tmp_path, capsys):
    target = tmp_path / "new" / "sub" / "edges.csv"
    assert cli.main(["graph", "--export-edges", str(target)]) == 0
    assert len(pd.read_csv(target)) > 100
