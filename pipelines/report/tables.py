"""Tables as the report shows them: Swedish text per cell, the mart's value beside it, a link to its line.

Each cell keeps the value it was formatted from (`data-value` in the HTML),
so a test can compare the page with the marts, and each table can be
downloaded as CSV for Swedish Excel (semicolon, decimal comma, UTF-8 BOM).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

import pyarrow as pa
from markupsafe import Markup, escape

from pipelines.export.csv_format import SWEDISH_EXCEL, csv_bytes
from pipelines.foundation.swedish_format import MISSING, format_count, format_kronor, format_percent

HIDDEN_TEXT = "dolt"
NUMERIC = ' class="num"'  # a right-aligned cell or header
HIDDEN_WHY = {
    "small_count": "dolt: färre än 5 personer",
    "small_base": "dolt: andel av färre än 10 personer",
    "complementary": "dolt: skulle avslöja ett annat dolt antal",
    "derived": "dolt: räknat från ett dolt antal",
    "quoted_count": "dolt: texten citerar ett litet antal",
    "unknown_base": "dolt: andel av en grupp vars storlek inte redovisas",
}


class Cell(NamedTuple):
    """One table cell (a named tuple: a national report makes some 400 000 of them)."""

    text: str
    value: Any = None  # the mart's value, as data-value
    href: str | None = None
    title: str | None = None
    numeric: bool = False
    flagged: bool = False

    @property
    def data_value(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return format(self.value, "f") if isinstance(self.value, Decimal) else str(self.value)


@dataclass
class ReportTable:
    table_id: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    source: str = ""  # the mart it shows, said under the table

    @property
    def numeric_columns(self) -> list[bool]:
        """Per column, whether it holds a number: its header is right-aligned (report_macros.html.j2)."""
        return [any(row[i].numeric for row in self.rows) for i in range(len(self.headers))]

    @property
    def csv_name(self) -> str:
        return f"data/{self.table_id}.csv"

    def csv(self) -> bytes:
        """The table's values (not their Swedish text) as Swedish-Excel CSV."""
        columns = list(zip(*([cell.value for cell in row] for row in self.rows), strict=True)) or [
            () for _ in self.headers
        ]
        arrays = [pa.array([_csv_value(v) for v in column]) for column in columns]
        return csv_bytes(pa.Table.from_arrays(arrays, names=self.headers), SWEDISH_EXCEL)

    @property
    def links(self) -> int:
        return sum(cell.href is not None for row in self.rows for cell in row)

    def html(self, prefix: str = "") -> Markup:
        """The table as HTML, with its CSV download link below (`prefix` leads to the report's root).

        Written here rather than as a Jinja macro: the national report has
        tables of thousands of cells, and the macro was a third of its build.
        Every text is escaped as Jinja's autoescape escapes it.
        """
        numeric = self.numeric_columns
        headers = [_escaped(header) for header in self.headers]
        parts = [
            f'<div class="table-wrap">\n<table id="tabell-{escape(self.table_id)}" '
            f'data-source="{escape(self.source)}">\n<caption>{escape(self.caption)}</caption>\n<thead><tr>\n',
            *(
                f'<th scope="col"{NUMERIC if numeric[index] else ""}>{header}</th>'
                for index, header in enumerate(headers)
            ),
            "</tr></thead>\n<tbody>\n",
        ]
        for row in self.rows:
            parts.append('<tr class="flagged">\n' if any(cell.flagged for cell in row) else "<tr>\n")
            parts.extend(_cell_html(cell, header) for cell, header in zip(row, headers, strict=True))
            parts.append("</tr>\n")
        if not self.rows:
            parts.append(f'<tr><td colspan="{len(self.headers)}" class="muted">Inga rader.</td></tr>\n')
        download = f"{escape(prefix)}{escape(self.csv_name)}"
        parts.append(
            f'</tbody>\n</table>\n</div>\n<p class="download"><a href="{download}" '
            'download>Ladda ner tabellen som CSV</a>\n<span class="muted">(för svenska Excel: semikolon, '
            f"decimalkomma) · källa: <code>{escape(self.source)}</code></span></p>\n"
        )
        return Markup("".join(parts))


def _cell_html(cell: Cell, header: str) -> str:
    numeric = NUMERIC if cell.numeric else ""
    opening = f'<td{numeric} data-column="{header}" data-value="{_escaped(cell.data_value)}"'
    if cell.title and not cell.href:
        opening += f' title="{_escaped(cell.title)}"'
    text = _escaped(cell.text)
    if cell.href:
        title = f' title="{_escaped(cell.title)}"' if cell.title else ""
        return f'{opening}><a href="{_escaped(cell.href)}"{title}>{text}</a></td>'
    if cell.flagged:
        return f'{opening}><span class="flag">{text}</span></td>'
    return f"{opening}>{text}</td>"


def _escaped(text: Any) -> str:
    """Text escaped as markupsafe's `escape` does it (`&#34;`, `&#39;`), without a Markup object per cell."""
    if type(text) is not str:
        return str(escape(text))
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def _csv_value(value):
    if isinstance(value, Decimal) and value == value.to_integral_value() and value.as_tuple().exponent >= 0:
        return int(value)
    return value


def hidden_columns(row: dict) -> dict[str, str]:
    """column -> why, from a suppressed row's `suppressed` note (not to be changed: it is shared)."""
    return _hidden_in(row.get("suppressed") or "")


@cache
def _hidden_in(note: str) -> dict[str, str]:
    return dict(part.split(":", 1) for part in note.split())


def text(value: Any, href: str | None = None, title: str | None = None) -> Cell:
    return Cell(MISSING if value in (None, "") else str(value), value, href, title)


def kronor(row: dict, column: str, href: str | None = None, title: str | None = None) -> Cell:
    return _number(row, column, format_kronor, href, title)


def percent(row: dict, column: str, href: str | None = None, title: str | None = None) -> Cell:
    return _number(row, column, format_percent, href, title)


def count(row: dict, column: str, href: str | None = None, title: str | None = None) -> Cell:
    return _number(row, column, format_count, href, title)


def yes_no(row: dict, column: str, flag_when: bool = True) -> Cell:
    value = row.get(column)
    shown = MISSING if value is None else ("ja" if value else "nej")
    return Cell(shown, value, flagged=value is flag_when)


def _number(row: dict, column: str, formatter, href, title) -> Cell:
    why = hidden_columns(row).get(column)
    if why:
        return Cell(HIDDEN_TEXT, None, None, HIDDEN_WHY.get(why, why), numeric=True)
    value = row.get(column)
    return Cell(formatter(value), value, href if value is not None else None, title, numeric=True)
