"""The one error type for bad user data, and the warning type for recoverable oddities."""

from __future__ import annotations


class DataError(ValueError):
    """Bad input data: names the file, and where known the row and the column.

    ``str(err)`` is one line suitable for a CLI message or an app error panel.
    Rows are 1-based data rows as a spreadsheet user counts them (header is row 1,
    so the first data row is row 2) when ``row`` refers to a CSV file.
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
