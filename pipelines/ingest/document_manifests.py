"""Each federation's `documents.csv`: which documents exist and when each was adopted.

The adoption date orders versions of the same figure: a revised plan
supersedes the original because it is newer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from pipelines.foundation.personal_data import personal_data_in_row
from pipelines.foundation.problems import PersonalDataRejection, Rejection
from pipelines.ingest.csv_rows import read_csv_rows
from pipelines.ingest.plausible import date_problem

DOCUMENT_COLUMNS = ("source_file", "document_kind", "document_date", "title")
DOCUMENT_KINDS = ("verksamhetsplan", "arsredovisning", "submission", "other")


@dataclass(frozen=True)
class DocumentEntry:
    federation_id: str
    source_file: str
    document_kind: str
    document_date: date | None
    title: str
    line: int


def document_rows(
    stream: Iterable[str], file_name: str, federation_id: str | None
) -> Iterator[DocumentEntry | Rejection]:
    if federation_id is None:
        yield Rejection(file_name, 0, "documents.csv must sit in a landing/<federation_id>/ folder", None)
        return
    for row in read_csv_rows(stream, file_name, DOCUMENT_COLUMNS):
        if isinstance(row, Rejection):
            yield row
            continue
        found = personal_data_in_row(DOCUMENT_COLUMNS, row.cells)
        if found:
            yield PersonalDataRejection(file_name, row.line, found.reason(), row.raw)
            continue
        problem, entry = _to_entry(row.cells, row.line, federation_id)
        yield Rejection(file_name, row.line, problem, row.raw) if problem else entry


def _to_entry(cells, line, federation_id):
    source_file, kind, when, title = (cell.strip() for cell in cells)
    if not source_file:
        return "source_file is empty", None
    if source_file.startswith(("/", "\\")) or ".." in source_file.replace("\\", "/").split("/"):
        return f"source_file {source_file!r} must name a file in the landing, not a path out of it", None
    if kind not in DOCUMENT_KINDS:
        return f"document_kind {kind!r} is not one of {', '.join(DOCUMENT_KINDS)}", None
    try:
        adopted = date.fromisoformat(when) if when else None
    except ValueError:
        return f"document_date {when!r} is not a date (YYYY-MM-DD)", None
    problem = date_problem(adopted, "document_date") if adopted else None
    if problem:
        return problem, None
    return None, DocumentEntry(federation_id, source_file, kind, adopted, title, line)
