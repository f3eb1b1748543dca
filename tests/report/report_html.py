"""Reading the report's tables back out of its HTML: each cell's column, value, text and link."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class ReadCell:
    column: str
    value: str
    text: str = ""
    href: str | None = None


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[dict[str, ReadCell]]] = {}
        self._table: str | None = None
        self._row: dict[str, ReadCell] | None = None
        self._cell: ReadCell | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and (attributes.get("id") or "").startswith("tabell-"):
            self._table = attributes["id"].removeprefix("tabell-")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = {}
        elif tag == "td" and self._row is not None and "data-column" in attributes:
            self._cell = ReadCell(attributes["data-column"], attributes.get("data-value", ""))
        elif tag == "a" and self._cell is not None:
            self._cell.href = attributes.get("href")

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.text += data

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row[self._cell.column] = self._cell
            self._cell = None
        elif tag == "tr" and self._row:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None


def read_tables(page: Path) -> dict[str, list[dict[str, ReadCell]]]:
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tables
