"""CSV records from a text stream, one at a time, as Excel and people actually write them.

- The separator is read from the header: `,`, `;` (Swedish Excel) or a tab
  (Excel's "Unicode text"), whichever makes the header the expected columns.
- Columns are matched by name, in any order and any case; a missing column,
  an unknown one or one named twice refuses the file with the columns named.
  Empty trailing header cells (Excel's `;;;`) are allowed while their cells
  stay empty.
- A quoted cell may hold line breaks; the record is numbered by its first line.
- A quote that is never closed would swallow the rest of the file into one
  cell: the record where it opens is refused with its line and reading goes on
  at the next line, so one stray quote costs one line, never the file (nor a
  traceback at the csv module's field-size limit).
- A line holding a NUL byte is refused; a file with only a header says so.

Reading is streamed: memory does not grow with the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pipelines.foundation.personal_data import normalised_column, personal_columns
from pipelines.foundation.problems import PersonalDataRejection, Rejection

SEPARATORS = (",", ";", "\t")
_SHOWN = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class CsvRow:
    line: int  # the record's first line in the file (the header is line 1)
    cells: tuple[str, ...]  # in the order of the expected columns; '' for an absent optional one
    raw: str  # the record as written, line ends dropped


class CsvHeaderError(ValueError):
    """The header cannot be used: the whole file is refused at line 1 (its rejection)."""

    def __init__(self, reason: str, raw: str | None, personal: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.raw = raw
        self.personal = personal

    def rejection(self, file_name: str) -> Rejection:
        kind = PersonalDataRejection if self.personal else Rejection
        return kind(file_name, 1, self.reason, self.raw)


class _PhysicalLines:
    """The stream's lines, counted; the lines of a refused record can be read again."""

    def __init__(self, stream: Iterable[str], line_offset: int = 0):
        self._stream = iter(stream)
        self._again: list[str] = []
        self.number = line_offset
        self.taken: list[str] = []

    def __iter__(self) -> _PhysicalLines:
        return self

    def __next__(self) -> str:
        line = self._again.pop() if self._again else next(self._stream)
        self.number += 1
        self.taken.append(line)
        return line

    def start_record(self) -> int:
        self.taken = []
        return self.number + 1

    def read_again(self, lines: list[str]) -> None:
        self._again.extend(reversed(lines))
        self.number -= len(lines)


@dataclass(frozen=True)
class _Header:
    separator: str
    positions: tuple[int | None, ...]  # per expected column, its index in the file's rows
    unnamed: tuple[int, ...]  # indexes of empty header cells
    width: int
    named_width: int  # up to the last named column: the empty ones after it may be left out


def read_csv_rows(
    stream: Iterable[str],
    file_name: str,
    columns: Sequence[str],
    optional: Sequence[str] = (),
    line_offset: int = 0,
    report_empty: bool = True,
) -> Iterator[CsvRow | Rejection]:
    """Each record as a CsvRow in the order of `columns`, or a Rejection with its line and reason.

    A header that is missing or not the expected columns yields one Rejection
    at line 1 and nothing else. `line_offset` numbers the lines of a piece of a
    file (its header counts as line `line_offset + 1`); `report_empty` says
    when no data row follows the header.
    """
    lines = _PhysicalLines(stream, line_offset)
    header_line = next(lines, None)
    try:
        if header_line is None or not header_line.strip():
            raise CsvHeaderError("has no header row", None)
        header = _header(header_line.rstrip("\r\n"), tuple(columns), tuple(optional))
    except CsvHeaderError as error:
        yield error.rejection(file_name)
        return
    reader = _reader(lines, header.separator)
    records = 0
    while True:
        first = lines.start_record()
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            records += 1
            yield _unclosed_quote(file_name, first, lines, error)
            reader = _reader(lines, header.separator)
            continue
        raw = "".join(lines.taken).rstrip("\r\n")
        if not any(cell.strip() for cell in row) and "\x00" not in raw:
            continue
        records += 1
        problem = _problem(row, raw, header)
        if problem is None:
            yield CsvRow(first, tuple("" if p is None else row[p] for p in header.positions), raw)
            continue
        if len(lines.taken) > 1:  # a quote ran over line ends: read the lines after its first again
            problem += f" (a quoted cell runs from line {first} to line {lines.number})"
            rest = lines.taken[1:]
            raw = lines.taken[0].rstrip("\r\n")
            lines.read_again(rest)
        yield Rejection(file_name, first, problem, raw.replace("\x00", "\\0"))
    if records == 0 and report_empty:
        yield Rejection(file_name, 1, "has a header row but no data rows", header_line.rstrip("\r\n"))


def _reader(lines: _PhysicalLines, separator: str):
    return csv.reader(lines, delimiter=separator, strict=True)


def _problem(row: list[str], raw: str, header: _Header) -> str | None:
    if "\x00" in raw:
        return "holds a NUL byte (a damaged file?)"
    cells = len(row)
    if cells > header.width and not any(cell.strip() for cell in row[header.width :]):
        cells = header.width  # trailing empty cells, as Excel writes them
    if not header.named_width <= cells <= header.width:
        return f"has {cells} fields, the header has {header.named_width}"
    if any(row[index].strip() for index in header.unnamed if index < len(row)):
        return "has a value in a column without a name"
    return None


def _unclosed_quote(file_name: str, first: int, lines: _PhysicalLines, error: csv.Error) -> Rejection:
    """The record where a quote opened and never closed properly; reading goes on at the next line."""
    opened = lines.taken[0].rstrip("\r\n") if lines.taken else ""
    last = lines.number
    lines.read_again(lines.taken[1:])
    message = str(error)
    if "expected after" in message:
        reason = 'a quote (") inside a cell: quote the whole cell or remove the quote'
    elif "field larger than field limit" in message:
        reason = (
            f'a quote (") opened on this line is not closed: the cell would run past line {last} '
            "and swallow the rest of the file; this line is refused, reading goes on at the next"
        )
    else:
        reason = (
            f'a quote (") opened on this line is never closed (it runs to the end of the file at '
            f"line {last}); this line is refused, reading goes on at the next"
        )
    return Rejection(file_name, first, reason, opened.replace("\x00", "\\0"))


def _header(text: str, columns: tuple[str, ...], optional: tuple[str, ...]) -> _Header:
    expected = columns + optional
    candidates = []
    for separator in SEPARATORS:
        cells = next(csv.reader([text], delimiter=separator), [])
        names = [normalised_column(cell) for cell in cells]
        candidates.append((sum(name in expected for name in names), len(cells), separator, cells, names))
    score, _, separator, cells, names = max(candidates)
    personal = personal_columns(cells)
    if personal:
        raise CsvHeaderError(personal[0].reason(), None, personal=True)
    wanted = ",".join(columns) + (f"[,{','.join(optional)}]" if optional else "")
    if score == 0:
        raise CsvHeaderError(f"header must be the columns {wanted}", text)
    named = [name for name in names if name]
    duplicated = sorted({name for name in named if named.count(name) > 1})
    unknown = [cells[i].strip() for i, name in enumerate(names) if name and name not in expected]
    missing = [column for column in columns if column not in names]
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s) {', '.join(repr(name) for name in unknown)}")
    if duplicated:
        problems.append(f"column(s) named twice: {', '.join(duplicated)}")
    if problems:
        raise CsvHeaderError(
            f"{'; '.join(problems)} ({_SHOWN[separator]}-separated header; expected {wanted})", text
        )
    positions = tuple(names.index(column) if column in names else None for column in expected)
    unnamed = tuple(i for i, name in enumerate(names) if not name)
    named_width = max(i for i, name in enumerate(names) if name) + 1
    return _Header(separator, positions, unnamed, len(cells), named_width)
