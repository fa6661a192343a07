"""The one error type for bad user data, and the warning type for recoverable oddities."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


class DataError(ValueError):
    """Bad input data: names the file, and where known the row and the column.

    ``str(err)`` is one line suitable for a CLI message or an app error panel.
    A ``ValueError``, so callers that catch bad values catch it too.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence.
    file : str, optional
        The file it is in (shown relative to the data root, never an absolute path).
    row : int, optional
        Rows are 1-based data rows as a spreadsheet user counts them (header is row 1,
        so the first data row is row 2) when ``row`` refers to a CSV file.
    column : str, optional
        The column it is in.
    layer : str, optional
        The pack layer ("hospitals", "cases", ...) whose load failed.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        layer: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.layer = layer
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        text = f"{prefix}: {self.message}" if prefix else self.message
        return " ".join(text.split())  # always one line

    def with_display_paths(self, roots: Sequence[tuple[Path, str]]) -> DataError:
        """Rewrite ``file`` and any absolute path in the message relative to ``roots``.

        ``roots`` are ``(folder, prefix)`` pairs tried in order, e.g. the data root with
        prefix ``""`` and the repository's ``data/`` with ``"@embedded/"``. A path under
        none of them is shown by its file name only: a message a viewer reads never
        names an absolute server path. Returns ``self`` (changed in place).
        """
        if self.file:
            self.file = display_path(self.file, roots)
        self.message = redact_paths(self.message, roots)
        self.args = (self.one_line(),)
        return self

    def to_dict(self) -> dict:
        return {
            "layer": self.layer,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class DataWarning(UserWarning):
    """A recoverable oddity in input data (counted in a load report)."""


def display_path(path: str | os.PathLike[str], roots: Sequence[tuple[Path, str]]) -> str:
    """``path`` relative to the first of ``roots`` that holds it, else its file name.

    Both the path as given and its resolved form are tried, so a data root reached
    through a symlink still gives relative names. A relative path is returned as is.
    """
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    candidates = [p]
    try:
        candidates.append(p.resolve())
    except OSError:  # pragma: no cover - unreadable link
        pass
    for folder, prefix in roots:
        for base in _forms(folder):
            for cand in candidates:
                if cand == base:
                    return prefix.rstrip("/") or "."
                if cand.is_relative_to(base):
                    return prefix + cand.relative_to(base).as_posix()
    return p.name


def redact_paths(text: str, roots: Sequence[tuple[Path, str]]) -> str:
    """Replace every root folder named in ``text`` by its display prefix."""
    pairs = [(str(base), prefix) for folder, prefix in roots for base in _forms(folder)]
    for base, prefix in sorted(pairs, key=lambda bp: -len(bp[0])):  # longest first
        if len(base) > 1:
            text = text.replace(base + os.sep, prefix).replace(base, prefix.rstrip("/") or ".")
    return text


def _forms(folder: Path) -> list[Path]:
    folder = Path(folder)
    forms = [folder.absolute()]
    try:
        resolved = folder.resolve()
    except OSError:  # pragma: no cover
        resolved = forms[0]
    if resolved != forms[0]:
        forms.append(resolved)
    return forms
