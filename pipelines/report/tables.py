"""Tables as the report shows them: Swedish text per cell, the mart's value beside it, a link to its line.

Each cell keeps the value it was formatted from (`data-value` in the HTML),
so a test can compare the page with the marts, and each table can be
downloaded as CSV for Swedish Excel (semicolon, decimal comma, UTF-8 BOM).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, NamedTuple

import pyarrow as pa
from markupsafe import Markup, escape

from pipelines.export.csv_format import SWEDISH_EXCEL, csv_bytes
from pipelines.foundation.swedish_format import MISSING, format_count, format_kronor, format_percent

HIDDEN_TEXT = "dolt"
NUMERIC = ' class="num"'  # a right-aligned cell or header
WIDE_COLUMNS = 12  # from this many columns a table is set in smaller type (style.css table.wide)
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
        arrays = [
            pa.array([_csv_value(v) for v in column] if _has_decimal(column) else list(column))
            for column in columns
        ]
        return csv_bytes(pa.Table.from_arrays(arrays, names=self.headers), SWEDISH_EXCEL)

    @property
    def links(self) -> int:
        return sum(cell.href is not None for row in self.rows for cell in row)

    def html(self, prefix: str = "") -> Markup:
        """The table as HTML, with its CSV download link below (`prefix` leads to the report's root)."""
        return Markup("".join(self.html_parts(prefix)))

    @property
    def _width_class(self) -> str:
        """A table of many columns is set smaller, so the overview's 14 fit a 1 280-px window."""
        return ' class="wide"' if len(self.headers) >= WIDE_COLUMNS else ""

    def html_parts(self, prefix: str = "") -> list[str]:
        """`html` in parts, for a page to write as they are (html_pages.Spliced).

        Written here rather than as a Jinja macro: the national report has
        tables of thousands of cells, and the macro was a third of its build.
        Every text is escaped as Jinja's autoescape escapes it, each distinct
        text once per table (a comparison repeats its titles, years and
        figures thousands of times).
        """
        numeric = self.numeric_columns
        headers = [_escaped(header) for header in self.headers]
        escaped = _EscapedOnce()
        parts = [
            f'<div class="table-wrap">\n<table id="tabell-{escape(self.table_id)}"{self._width_class} '
            f'data-source="{escape(self.source)}">\n<caption>{escape(self.caption)}</caption>\n<thead><tr>\n',
            *(
                f'<th scope="col"{NUMERIC if numeric[index] else ""}>{header}</th>'
                for index, header in enumerate(headers)
            ),
            "</tr></thead>\n<tbody>\n",
        ]
        openings = [
            (f'<td data-column="{header}" data-value="', f'<td{NUMERIC} data-column="{header}" data-value="')
            for header in headers
        ]
        for row in self.rows:
            parts.append('<tr class="flagged">\n' if any(cell.flagged for cell in row) else "<tr>\n")
            parts.extend(
                _cell_html(cell, opening, escaped) for cell, opening in zip(row, openings, strict=True)
            )
            parts.append("</tr>\n")
        if not self.rows:
            parts.append(f'<tr><td colspan="{len(self.headers)}" class="muted">Inga rader.</td></tr>\n')
        download = f"{escape(prefix)}{escape(self.csv_name)}"
        parts.append(
            f'</tbody>\n</table>\n</div>\n<p class="download"><a href="{download}" '
            'download>Ladda ner tabellen som CSV</a>\n<span class="muted">(för svenska Excel: semikolon, '
            f"decimalkomma) · källa: <code>{escape(self.source)}</code></span></p>\n"
        )
        return parts


def _cell_html(cell: Cell, opening: tuple[str, str], escaped: _EscapedOnce) -> str:
    """One cell; `opening` is its column's `<td data-column=… data-value="`, plain and numeric."""
    text, value, href, title, numeric, flagged = cell
    start = f'{opening[1 if numeric else 0]}{_data_value(value, escaped)}"'
    if title and not href:
        start += f' title="{escaped(title)}"'
    shown = escaped(text)
    if href:
        titled = f' title="{escaped(title)}"' if title else ""
        return f'{start}><a href="{escaped(href)}"{titled}>{shown}</a></td>'
    if flagged:
        return f'{start}><span class="flag">{shown}</span></td>'
    return f"{start}>{shown}</td>"


def _data_value(value: Any, escaped: _EscapedOnce) -> str:
    """`Cell.data_value`, escaped: a number's digits need no escaping."""
    if value is None:
        return ""
    kind = type(value)
    if kind is int or kind is Decimal:
        return format(value, "f") if kind is Decimal else str(value)
    if kind is str:
        return escaped(value)
    return _escaped(Cell("", value).data_value)


class _EscapedOnce(dict):
    """Plain texts escaped (`_escaped`), each distinct text once; anything else escaped every time."""

    def __call__(self, text: Any) -> str:
        if type(text) is not str:
            return _escaped(text)
        found = self.get(text)
        if found is None:
            found = self[text] = _escaped(text)
        return found


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


def _has_decimal(column) -> bool:
    return any(isinstance(value, Decimal) for value in column)


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
    return Cell(_formatted(formatter, value), value, href if value is not None else None, title, numeric=True)


@lru_cache(maxsize=1 << 16, typed=True)
def _formatted(formatter, value) -> str:
    """`formatter(value)`, each figure once: a national report formats some 270 000 cells of 17 000 values.

    Typed: equal values of one type (`Decimal("1.5")`, `Decimal("1.50")`) are
    written alike by every formatter here, which rounds to its own decimals.
    """
    return formatter(value)
