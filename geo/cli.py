"""Command line: ``python -m geo COMMAND``.

Every command takes ``--pack`` (a name under packs/, a manifest path, or 'embedded')
and ``--data-root``. Bad input exits with status 2 and one line naming the file, row
and column; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from geo.errors import DataError

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--pack",
        default="embedded",
        help="pack name under packs/, manifest path, or 'embedded' (default)",
    )
    p.add_argument(
        "--data-root",
        default=None,
        help="folder that the manifest's relative paths resolve against",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr (exit status 2), like data errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"error: {self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geo", description="Oxygen logistics atlas for Indonesia")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("check", help="load a pack and print its load report")
    _common(p)
    from geo import commands

    commands.register(sub, _common)
    return parser


def _json_default(value: object) -> object:
    import numpy as np
    import pandas as pd

    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(obj: object) -> None:
    json.dump(obj, sys.stdout, default=_json_default, allow_nan=False, indent=1)
    sys.stdout.write("\n")


def cmd_check(args: argparse.Namespace) -> int:
    from geo.packs import load_pack

    pack = load_pack(args.pack, data_root=args.data_root)
    if args.json:
        emit_json(
            {
                "pack": pack.name,
                "content_hash": pack.content_hash,
                "layers": {name: r.to_dict() for name, r in pack.reports.items()},
                "errors": [e.to_dict() | {"text": e.one_line()} for e in pack.errors],
            }
        )
    else:
        print(f"pack {pack.name}: {pack.title}")
        print(f"{'layer':<10} {'read':>7} {'kept':>7} {'repaired':>8}  dropped")
        for name, r in pack.reports.items():
            dropped = ", ".join(f"{k} {v}" for k, v in sorted(r.dropped.items())) or "-"
            print(f"{name:<10} {r.rows_read:>7} {r.rows_kept:>7} {r.repaired:>8}  {dropped}")
    for err in pack.errors:
        print(f"error: {err.one_line()}", file=sys.stderr)
    return 2 if pack.errors else 0


COMMANDS["check"] = cmd_check


def _join_negative_values(argv: list[str]) -> list[str]:
    """'--from -6.2,106.8' -> '--from=-6.2,106.8': argparse reads a leading '-' as an option."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if (
            argv[i] in {"--from", "--to"}
            and i + 1 < len(argv)
            and argv[i + 1][:1] == "-"
            and argv[i + 1][1:2].isdigit()
        ):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_join_negative_values(list(sys.argv[1:] if argv is None else argv)))
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
