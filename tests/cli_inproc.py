"""The command line called in-process, on packs loaded once per test session.

``run_cli(*args)`` gives what ``python -m geo ARGS`` gives (exit status, stdout, stderr
as a :class:`subprocess.CompletedProcess`) without starting Python again: it calls
:func:`geo.cli.main` with both streams captured, from the repository folder, with the
warnings registry reset so a warning shows in every call as it would in a new process.

The embedded pack (no ``--pack`` path, no ``--data-root``) is loaded once and each
command's road/speed options get one runner, kept for the session: stages memoised by
one test are reused by the next, as they are by the app's cached runner. A manifest or
data root a test names is loaded afresh each call, so damaged packs stay the test's own.
A few tests in ``test_cli.py`` still start ``python -m geo`` as a subprocess (slow lane),
so the real entry point stays covered.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

from geo import cli, commands, commands_common, pipeline
from geo.packs import EMBEDDED

REPO = Path(__file__).resolve().parents[1]

_PACKS: dict[tuple, object] = {}
_RUNNERS: dict[tuple, pipeline.Runner] = {}
_load_named = commands_common._load_named
_runner = commands_common._runner


def _shared_load(args, name):
    if name != EMBEDDED or args.data_root is not None or args.allow_outside_root:
        return _load_named(args, name)
    key = (name, args.max_file_mb)
    if key not in _PACKS:
        _PACKS[key] = _load_named(args, name)
    return _PACKS[key]


def _shared_runner(args, pack):
    if not any(p is pack for p in _PACKS.values()):
        return _runner(args, pack)
    roads = getattr(args, "roads", None)
    key = (id(pack), str(roads), tuple(sorted(dict(getattr(args, "speed", None) or []).items())))
    if key not in _RUNNERS:
        _RUNNERS[key] = _runner(args, pack)
    return _RUNNERS[key]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """``python -m geo ARGS`` in this process: (returncode, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    saved = (commands_common._load_named, commands_common._runner, commands._runner)
    commands_common._load_named = _shared_load
    commands_common._runner = commands._runner = _shared_runner
    try:
        os.chdir(REPO)
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            warnings.simplefilter("default")
            try:
                code = cli.main(list(args))
            except SystemExit as stop:  # argparse's usage errors
                code = stop.code if isinstance(stop.code, int) else 2
            sys.stdout.flush()
    finally:
        os.chdir(here)
        commands_common._load_named, commands_common._runner, commands._runner = saved
    return subprocess.CompletedProcess(
        ["python", "-m", "geo", *args], code, out.getvalue(), err.getvalue()
    )
