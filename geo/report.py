"""Load reports: what happened to every row of every layer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

ROWS_NAMED = 20
"""How many rows a load report names per reason (file rows: the header is row 1)."""


@dataclass
class LayerReport:
    """Rows read, kept, repaired and dropped (by reason) for one layer.

    Invariant: ``rows_read == rows_kept + sum(dropped.values())``.
    ``repaired`` counts kept rows that were changed (e.g. a polygon made valid,
    swapped coordinates put back) and is not part of the sum.

    Attributes
    ----------
    layer : str
        The layer ("hospitals", "plants", ...).
    source : str
        The file it was read from.
    rows_read : int
        Data rows read.
    rows_kept : int
        Rows kept (repaired ones included).
    repaired : int
        Kept rows that were changed.
    dropped : collections.Counter
        Dropped rows by reason (``missing_coordinates``, ``duplicate_id``, ...).
    repairs : collections.Counter
        Repaired rows by reason (``swapped_coordinates``, ``decimal_comma``, ...).
    notes : list of str
        One line per reason naming the first row's file, row, column and value.
    rows : dict of str to list of int
        The file rows each reason touched (the first :data:`ROWS_NAMED`; header = row 1).
    balanced : bool
        Whether the invariant holds (property).
    """

    layer: str
    source: str = ""
    rows_read: int = 0
    rows_kept: int = 0
    repaired: int = 0
    dropped: Counter = field(default_factory=Counter)
    repairs: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    rows: dict[str, list[int]] = field(default_factory=dict)

    def drop(self, reason: str, n: int = 1, *, rows: Sequence[int] = ()) -> None:
        """Count ``n`` rows dropped under ``reason``; ``rows`` names them (file rows)."""
        if n:
            self.dropped[reason] += int(n)
            self.name_rows(reason, rows)

    def repair(self, reason: str, n: int = 1, *, rows: Sequence[int] = ()) -> None:
        """Count ``n`` kept rows changed under ``reason``; ``rows`` names them."""
        if n:
            self.repairs[reason] += int(n)
            self.repaired += int(n)
            self.name_rows(reason, rows)

    def name_rows(self, reason: str, rows: Sequence[int]) -> None:
        """Remember which rows a reason touched (the first :data:`ROWS_NAMED` of them),
        so a reader can tell where every row went, not only how many."""
        if len(rows):
            kept = self.rows.setdefault(reason, [])
            kept.extend(int(r) for r in list(rows)[: max(ROWS_NAMED - len(kept), 0)])

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_kept + sum(self.dropped.values())

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "rows_read": int(self.rows_read),
            "rows_kept": int(self.rows_kept),
            "dropped": {k: int(v) for k, v in sorted(self.dropped.items())},
            "repaired": int(self.repaired),
            "repairs": {k: int(v) for k, v in sorted(self.repairs.items())},
            "notes": list(self.notes),
            **({"rows": {k: list(v) for k, v in sorted(self.rows.items())}} if self.rows else {}),
        }
