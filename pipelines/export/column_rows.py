"""A mart table's rows as mappings whose columns become Python values only when first read.

Suppression looks at a few columns of every row (fct_fact_versions has two dozen),
and turning whole tables into Python dicts was most of a national export's time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import pyarrow as pa


class ColumnRows(Sequence):
    """The rows of `table`, each a read-only Mapping of column → value."""

    def __init__(self, table: pa.Table):
        self.table = table
        self.names = frozenset(table.column_names)
        self._columns: dict[str, list] = {}

    def column(self, name: str) -> list:
        """The column's Python values, converted once."""
        values = self._columns.get(name)
        if values is None:
            values = self._columns[name] = self.table.column(name).to_pylist()
        return values

    def rows_where(self, column: str, allowed) -> Iterator[tuple[int, Row]]:
        """(index, row) of the rows whose `column` is one of `allowed`, without visiting the others."""
        for index, value in enumerate(self.column(column)):
            if value in allowed:
                yield index, Row(self, index)

    def __len__(self) -> int:
        return self.table.num_rows

    def __getitem__(self, index: int) -> Row:
        if isinstance(index, slice):
            raise TypeError("ColumnRows are read row by row")
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return Row(self, index)

    def __iter__(self) -> Iterator[Row]:
        return (Row(self, index) for index in range(len(self)))


class Row(Mapping):
    """One row of ColumnRows."""

    __slots__ = ("_index", "_rows")

    def __init__(self, rows: ColumnRows, index: int):
        self._rows = rows
        self._index = index

    def __getitem__(self, column: str):
        if column not in self._rows.names:
            raise KeyError(column)
        return self._rows.column(column)[self._index]

    def get(self, column: str, default=None):
        return self[column] if column in self._rows.names else default

    def __contains__(self, column: object) -> bool:
        return column in self._rows.names

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows.table.column_names)

    def __len__(self) -> int:
        return len(self._rows.names)
