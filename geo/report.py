"""Load reports: what happened to every row of every layer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class LayerReport:
    """Rows read, kept, repaired and dropped (by reason) for one layer.

    Invariant: ``rows_read == rows_kept + sum(dropped.values())``.
    ``repaired`` counts kept rows that were changed (e.g. a polygon made valid,
    swapped coordinates put back) and is not part of the sum.
    """

    layer: str
    source: str = ""
    rows_read: int = 0
    rows_kept: int = 0
    repaired: int = 0
    dropped: Counter = field(default_factory=Counter)
    repairs: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def drop(self, reason: str, n: int = 1) -> None:
        if n:
            self.dropped[reason] += int(n)

    def repair(self, reason: str, n: int = 1) -> None:
        if n:
            self.repairs[reason] += int(n)
            self.repaired += int(n)

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
        }
