"""Each federation's `documents.csv`: which documents exist and when each was adopted.

The adoption date orders versions of the same figure: a revised plan
supersedes the original because it is newer.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from pipelines.ingest.problems import Rejection

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


def parse_documents(text: str, file_name: str, federation_id: str | None):
    """Parse a documents.csv. Returns (entries, rejections)."""
    if federation_id is None:
        reason = "documents.csv must sit in a landing/<federation_id>/ folder"
        return [], [Rejection(file_name, 0, reason, None)]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    if header != list(DOCUMENT_COLUMNS):
        reason = f"header must be {','.join(DOCUMENT_COLUMNS)}"
        return [], [Rejection(file_name, 1, reason, ",".join(header))]
    entries, rejections = [], []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        problem, entry = _to_entry(row, line, federation_id)
        if problem:
            rejections.append(Rejection(file_name, line, problem, ",".join(row)))
        else:
            entries.append(entry)
    return entries, rejections


def _to_entry(row, line, federation_id):
    if len(row) != len(DOCUMENT_COLUMNS):
        return f"has {len(row)} fields, expected {len(DOCUMENT_COLUMNS)}", None
    source_file, kind, when, title = (cell.strip() for cell in row)
    if not source_file:
        return "source_file is empty", None
    if kind not in DOCUMENT_KINDS:
        return f"document_kind {kind!r} is not one of {', '.join(DOCUMENT_KINDS)}", None
    try:
        adopted = date.fromisoformat(when) if when else None
    except ValueError:
        return f"document_date {when!r} is not a date (YYYY-MM-DD)", None
    return None, DocumentEntry(federation_id, source_file, kind, adopted, title, line)
