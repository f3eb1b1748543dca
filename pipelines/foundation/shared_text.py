"""One string object per distinct text among many rows read from DuckDB.

DuckDB makes a new Python string for every cell it returns. The report keeps
some 150 000 current facts and 30 000 mart rows for the whole build, and
their federation ids, codes, scenarios and file names repeat a few thousand
texts: held as copies they took some 50 MB more at the report's peak.
Only strings are shared: equal numbers of other types (Decimal('1.0') and 1)
must keep their own type and form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class SharedText:
    """Hands out the first string equal to each text it is given."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def row(self, row: tuple) -> tuple:
        seen = self._seen
        return tuple(seen.setdefault(cell, cell) if type(cell) is str else cell for cell in row)

    def record(self, record: Mapping[str, Any]) -> dict[str, Any]:
        seen = self._seen
        return {
            key: seen.setdefault(value, value) if type(value) is str else value
            for key, value in record.items()
        }

    def rows(self, rows: Iterable[tuple]) -> list[tuple]:
        return [self.row(row) for row in rows]

    def records(self, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [self.record(record) for record in records]
