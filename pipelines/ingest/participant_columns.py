"""Plain participant exports straight to Arrow columns, in chunks; anything unusual goes row by row.

A national landing holds some 400 000 participant rows, and checking them one
Python row at a time took 7 s of every refresh. Arrow checks a chunk of
25 000 lines in milliseconds, and a file of any size is read chunk by chunk,
so memory stays bounded. The row-by-row parser (participants.py) stays the
authority: a file this path is not sure of (a quote, a blank line, a NUL, a
column order of its own) never comes here, and a chunk with a single bad
value returns None and is parsed by it, so every problem is still reported
with its line and reason.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from itertools import islice

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as arrow_csv

from pipelines.foundation.personal_data import PersonalDataFound, looks_like_personnummer
from pipelines.foundation.problems import PersonalDataRejection, Rejection
from pipelines.foundation.reference import AGE_BANDS, GENDERS, Reference
from pipelines.foundation.text_files import FileScan, open_text
from pipelines.ingest.loading import Batch, batched
from pipelines.ingest.participants import PARTICIPANT_COLUMNS, participant_rows, personal_data_refusal
from pipelines.ingest.plausible import FIRST_YEAR, last_year

COLUMNS = PARTICIPANT_COLUMNS
CHUNK_LINES = 25_000  # lines checked at once: some 2.5 MB of text, whatever the file's size
_SIX_DIGITS = r"\d\d ?\d\d ?\d\d"  # what every personnummer spelling holds: a cheap superset
# participant_ref shaped like a name (participants.looks_like_a_name), in RE2 syntax
_NAME_SHAPED = r"^[A-ZÅÄÖÉÜ][a-zåäöéüß'-]+( [A-ZÅÄÖÉÜ][a-zåäöéüß'-]+)+$"


def has_plain_header(path, scan: FileScan) -> bool:
    """The export's columns, comma-separated, in the contract's order."""
    with open_text(path, scan) as stream:
        header = [cell.strip() for cell in stream.readline().split(",")]
    return header == list(PARTICIPANT_COLUMNS)


def plain_participant_batches(
    path, scan: FileScan, name: str, federation_id: str, reference: Reference
) -> Iterator[Batch | Rejection]:
    """A plain export (scan.is_plain: one record per line) in chunks of lines, each checked by Arrow.

    A chunk Arrow is not sure of goes row by row, so every problem is reported
    with its line and reason; the other chunks keep the fast path.
    """
    with open_text(path, scan) as stream:
        header_line = stream.readline()
        first = 2
        while lines := list(islice(stream, CHUNK_LINES)):
            table = chunk_columns(header_line + "".join(lines), federation_id, reference, first)
            if table is not None:
                yield Batch(table)
            else:
                rows = participant_rows(
                    [header_line, *lines], name, federation_id, reference, first - 2, report_empty=False
                )
                yield from batched(rows)
            first += len(lines)
    if first == 2:
        yield Rejection(name, 1, "has a header row but no data rows", header_line.rstrip("\r\n"))


def plain_personal_data_refusal(path, scan: FileScan, name: str) -> Rejection | None:
    """participants.personal_data_refusal for a plain export, a chunk of lines at a time.

    Arrow picks the cells with six digits in a row or in pairs (a cheap
    superset); only those are checked exactly, in Python.
    """
    with open_text(path, scan) as stream:
        header_line = stream.readline()
        first = 2
        while lines := list(islice(stream, CHUNK_LINES)):
            table = _strings(header_line + "".join(lines))
            if table is None:  # Arrow cannot read this chunk: every cell is checked in Python
                refusal = personal_data_refusal([header_line, *lines], name, line_offset=first - 2)
                if refusal:
                    return refusal
            for column in COLUMNS if table is not None else ():
                values = table.column(column)
                suspects = pc.indices_nonzero(pc.match_substring_regex(values, _SIX_DIGITS)).to_pylist()
                for index in suspects:
                    if looks_like_personnummer(values[index].as_py()):
                        where = f"line {first + index}, column {column!r}"
                        found = PersonalDataFound(column, "personnummer")
                        return PersonalDataRejection(
                            name, 0, f"{found.reason(where)}; exports must be pseudonymous", None
                        )
            first += len(lines)
    return None


def _strings(text: str) -> pa.Table | None:
    """A chunk (with its header line) as string columns; None when Arrow cannot read it."""
    try:
        return arrow_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=arrow_csv.ReadOptions(column_names=list(COLUMNS), skip_rows=1),
            convert_options=arrow_csv.ConvertOptions(
                column_types={name: pa.string() for name in COLUMNS}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeError):
        return None


def chunk_columns(
    text: str, federation_id: str, reference: Reference, first_line: int = 2
) -> pa.Table | None:
    """Every row as columns (plus `federation_id` and `line`) if every row is valid; else None."""
    first_line_text = text.split("\n", 1)[0]
    header = [cell.strip() for cell in first_line_text.split(",")]
    if header != list(PARTICIPANT_COLUMNS):
        return None
    table = _strings(text)
    if table is None:
        return None
    trimmed = {name: pc.utf8_trim_whitespace(table.column(name)) for name in COLUMNS}
    dates = _dates(trimmed)
    if dates is None or not _all_valid(trimmed, dates, reference):
        return None
    start, end = dates
    rows = table.num_rows
    return pa.table(
        {
            "federation_id": pa.array([federation_id] * rows, pa.string()),
            "participant_ref": trimmed["participant_ref"],
            "intervention": trimmed["intervention"],
            "gender": trimmed["gender"],
            "age_band": trimmed["age_band"],
            "start_date": start,
            "end_date": end,
            "exit_code": _empty_as_null(trimmed["exit_code"]),
            "support_before": trimmed["support_before"],
            "support_after": trimmed["support_after"],
            "line": pa.array(range(first_line, rows + first_line), pa.int32()),
        }
    )


def _dates(columns: dict) -> tuple[pa.Array, pa.Array] | None:
    """start_date and end_date as dates; None when one is not a YYYY-MM-DD date."""
    try:
        start = pc.cast(columns["start_date"], pa.date32())
        end = pc.cast(_empty_as_null(columns["end_date"]), pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    iso = r"^\d{4}-\d{2}-\d{2}$"
    written = [pc.match_substring_regex(columns["start_date"], iso)]
    if columns["end_date"].null_count < len(columns["end_date"]):
        given = _empty_as_null(columns["end_date"])
        written.append(pc.or_kleene(pc.is_null(given), pc.match_substring_regex(given, iso)))
    if not all(pc.all(check).as_py() for check in written):
        return None  # a cast accepts forms the contract does not (the row parser says which)
    return start, end


def _all_valid(columns: dict, dates: tuple[pa.Array, pa.Array], reference: Reference) -> bool:
    start, end = dates
    exit_code = _empty_as_null(columns["exit_code"])
    checks = [
        pc.greater(pc.utf8_length(columns["participant_ref"]), 0),
        pc.is_in(columns["gender"], value_set=pa.array(GENDERS)),
        pc.is_in(columns["age_band"], value_set=pa.array(AGE_BANDS)),
        pc.or_kleene(pc.is_null(end), pc.greater_equal(end, start)),
        pc.or_kleene(
            pc.is_null(exit_code), pc.is_in(exit_code, value_set=pa.array(sorted(reference.outcome_codes)))
        ),
        pc.or_kleene(pc.is_null(exit_code), pc.is_valid(end)),
        pc.invert(pc.match_substring_regex(columns["participant_ref"], _NAME_SHAPED)),
        *(_plausible(column) for column in dates),
    ]
    return all(pc.all(pc.fill_null(check, False)).as_py() for check in checks)


def _plausible(dates: pa.ChunkedArray):
    """Within the plausible years (plausible.py); an absent end date passes."""
    lowest = pa.scalar(date(FIRST_YEAR, 1, 1), pa.date32())
    highest = pa.scalar(date(last_year(), 12, 31), pa.date32())
    within = pc.and_kleene(pc.greater_equal(dates, lowest), pc.less_equal(dates, highest))
    return pc.or_kleene(pc.is_null(dates), within)


def _empty_as_null(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
