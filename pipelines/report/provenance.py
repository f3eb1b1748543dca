"""Where each figure came from: every fact version, the documents' lines, and links between them.

A figure in a report table links to the line of the document it was printed
on (`dokument/<federation>--<file>.html#rad-12`, `#rad-3-12` for page 3, line
12 of a PDF). Facts whose line the NNS export hides (small counts) keep their
values hidden here too and get no link.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import NamedTuple

import duckdb
import pyarrow as pa

from pipelines.foundation.warehouse_file import table_exists

LINES_TABLE = "raw.document_lines"
LINES = f"(select * replace (coalesce(federation_id, '') as federation_id) from {LINES_TABLE})"
DOCUMENT = "federation_id, source_file"  # what a document is known by, in facts and lines
HIDDEN_VIEW = "report_hidden_cells"  # registered while shown_facts is open: fact_version_id -> hidden columns
RENDERED_VIEW = "report_rendered_documents"  # registered while read_provenance reads
FACT_ORDER = "federation_id, source_file, fiscal_year, record_type, code, item, fact_version_id"
OF_DOCUMENTS = "source_file is not null and not ends_with(source_file, '.csv')"  # not participant exports
FACT_COLUMNS = (
    "fact_version_id",
    "fact_key",
    "record_type",
    "federation_id",
    "fiscal_year",
    "scenario",
    "code",
    "item",
    "value",
    "unit",
    "raw_label",
    "status",
    "message",
    "source_file",
    "source_line",
    "document_title",
    "is_current",
    "superseded_by",
)


class FactVersion(NamedTuple):
    """One version of a fact as the export shows it (a hidden cell is None, its column in `hidden`).

    A named tuple rather than a frozen dataclass: a national report reads
    260 000 of them, and a frozen dataclass sets each field one call at a time.
    """

    fact_version_id: str
    fact_key: str
    record_type: str
    federation_id: str
    fiscal_year: int
    scenario: str
    code: str
    item: str
    value: Decimal | None
    unit: str
    raw_label: str | None
    status: str
    message: str | None
    source_file: str
    source_line: str | None
    document_title: str | None
    is_current: bool
    superseded_by: str | None
    hidden: frozenset[str] = frozenset()  # columns the NNS export hides for this row

    @property
    def key(self) -> tuple:
        return (self.federation_id, self.fiscal_year, self.scenario, self.record_type, self.code, self.item)


class FactLine(NamedTuple):
    """Where a current fact was printed: all a table's link to it needs (None where the export hides it)."""

    federation_id: str
    source_file: str | None
    source_line: str | None


class DocumentLine(NamedTuple):
    ref: str
    text: str


@dataclass
class DocumentView:
    """One source file of one federation as the lists show it; its lines and facts are in Provenance."""

    federation_id: str
    source_file: str
    title: str | None
    sha256: str | None  # None: not in the landing, its facts come from a transcription
    line_count: int
    fact_count: int
    status_counts: Counter  # status -> facts, in the order the statuses first appear

    @property
    def in_landing(self) -> bool:
        return self.sha256 is not None

    @property
    def page(self) -> str:
        return document_page(self.federation_id, self.source_file)


@cache
def document_page(federation_id: str, source_file: str) -> str:
    """The document view's file, relative to the report folder."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", source_file.rsplit("/", 1)[-1])
    return f"dokument/{federation_id}--{name}.html"


@cache
def line_anchor(ref: str) -> str:
    return "rad-" + re.sub(r"\W+", "-", ref)  # `Budget 2026!12` → rad-Budget-2026-12; å, ä, ö kept


class Provenance:
    """Every document and current fact, and the facts and lines of the documents whose pages are rendered."""

    def __init__(
        self,
        documents: list[DocumentView],
        current: list[tuple[tuple, FactLine]],
        facts: list[FactVersion],
        lines: dict[tuple[str, str], list[DocumentLine]],
        conflicts: list[FactVersion],
    ):
        self.documents = documents
        self._documents = {(document.federation_id, document.source_file): document for document in documents}
        self._current = dict(current)
        self._first_of_code: dict[tuple, FactLine] = {}
        for key, line in current:
            self._first_of_code.setdefault(key[:5], line)
        self._versions: dict[str, list[FactVersion]] = defaultdict(list)
        self._facts: dict[tuple[str, str], list[FactVersion]] = defaultdict(list)
        for fact in facts:
            self._versions[fact.fact_key].append(fact)
            self._facts[(fact.federation_id, fact.source_file)].append(fact)
        self._lines = lines
        self._conflicts: dict[str, list[FactVersion]] = defaultdict(list)
        for fact in conflicts:
            self._conflicts[fact.federation_id].append(fact)

    def current(self, federation_id, fiscal_year, scenario, record_type, code, item="") -> FactLine | None:
        return self._current.get((federation_id, fiscal_year, scenario, record_type, code, item or ""))

    def first_current(self, federation_id, fiscal_year, scenario, record_type, code) -> FactLine | None:
        """The first current fact of a code whatever its item (one municipality's contribution, say)."""
        return self._first_of_code.get((federation_id, fiscal_year, scenario, record_type, code))

    def other_versions(self, fact: FactVersion) -> list[FactVersion]:
        return [other for other in self._versions[fact.fact_key] if other is not fact]

    def href(self, fact: FactVersion | FactLine | None, prefix: str = "") -> str | None:
        """The link to the fact's line; None when there is no fact or its line is hidden."""
        if fact is None or fact.source_line is None:
            return None
        return (
            f"{prefix}{document_page(fact.federation_id, fact.source_file)}#{line_anchor(fact.source_line)}"
        )

    def document(self, federation_id: str, source_file: str) -> DocumentView:
        return self._documents[(federation_id, source_file)]

    def documents_of(self, federation_id: str) -> list[DocumentView]:
        return [document for document in self.documents if document.federation_id == federation_id]

    def facts_of(self, document: DocumentView) -> list[FactVersion]:
        """The facts read from a document whose page is rendered, in the order its page lists them."""
        return self._facts[(document.federation_id, document.source_file)]

    def lines_of(self, document: DocumentView) -> list[DocumentLine]:
        """A rendered document's lines when it is in the landing (none otherwise)."""
        return self._lines.get((document.federation_id, document.source_file), [])

    def conflicts_of(self, federation_id: str) -> list[FactVersion]:
        """The federation's printed totals that contradict their parts, by document."""
        return self._conflicts[federation_id]


@contextmanager
def shown_facts(connection: duckdb.DuckDBPyConnection, hidden: dict[str, dict[str, str]]) -> Iterator[str]:
    """A query of marts.fct_fact_versions as the export shows it, to use while the context is open.

    A cell the export hides (`hidden`, data.py) is NULL and its column is in
    the list `hidden`, so everything read from the query, summed or listed,
    shows a fact as its page does.
    """
    cells = pa.table(
        {"fact_version_id": list(hidden), "hidden": [sorted(columns) for columns in hidden.values()]},
        schema=pa.schema([("fact_version_id", pa.string()), ("hidden", pa.list_(pa.string()))]),
    )
    shown = ", ".join(
        f"case when list_contains(h.hidden, '{column}') then null else f.{column} end as {column}"
        for column in FACT_COLUMNS
    )
    connection.register(HIDDEN_VIEW, cells)
    try:
        yield (
            f"select {shown}, h.hidden "
            f"from marts.fct_fact_versions f left join {HIDDEN_VIEW} h using (fact_version_id)"
        )
    finally:
        connection.unregister(HIDDEN_VIEW)


def read_provenance(
    connection: duckdb.DuckDBPyConnection, facts: str, rendered: set[tuple[str, str]]
) -> Provenance:
    """Every document and current fact; the facts (with every version) and lines of the `rendered` documents.

    `facts` is the query `shown_facts` gives.
    """
    documents = _documents(connection, facts)
    of_rendered = "" if rendered >= {(d.federation_id, d.source_file) for d in documents} else RENDERED_VIEW
    connection.register(RENDERED_VIEW, _keys(rendered))
    try:
        versions = _versions(connection, facts, of_rendered)
        lines = _lines(connection, of_rendered)
    finally:
        connection.unregister(RENDERED_VIEW)
    current = connection.execute(
        f"select federation_id, fiscal_year, scenario, record_type, code, item, source_file, source_line "
        f"from ({facts}) where is_current order by {FACT_ORDER}"
    ).fetchall()
    conflicts = connection.execute(
        f"select * from ({facts}) where status = 'conflict' and {OF_DOCUMENTS} order by {FACT_ORDER}"
    ).fetchall()
    return Provenance(
        documents,
        [(row[:6], FactLine(row[0], row[6], row[7])) for row in current],
        versions,
        lines,
        _facts(conflicts),
    )


def _keys(documents: set[tuple[str, str]]) -> pa.Table:
    return pa.table(
        {"federation_id": [key[0] for key in documents], "source_file": [key[1] for key in documents]},
        schema=pa.schema([("federation_id", pa.string()), ("source_file", pa.string())]),
    )


def _versions(connection: duckdb.DuckDBPyConnection, facts: str, of: str) -> list[FactVersion]:
    """Every version of each fact read from the documents in the view `of` (of every fact without one)."""
    where = f"where fact_key in (select fact_key from ({facts}) join {of} using ({DOCUMENT}))" if of else ""
    return _facts(connection.execute(f"select * from ({facts}) {where} order by {FACT_ORDER}").fetchall())


def _facts(rows: list[tuple]) -> list[FactVersion]:
    return [FactVersion(*row[:-1], frozenset(row[-1])) if row[-1] else FactVersion(*row[:-1]) for row in rows]


def _documents(connection: duckdb.DuckDBPyConnection, facts: str) -> list[DocumentView]:
    """Every document: each source file the landing's lines or a fact name (participant exports aside)."""
    in_page_order = "fiscal_year, record_type, code, item, fact_version_id"
    read = f"""
        select federation_id, source_file, count(*) as facts,
            list(status order by {in_page_order}) as statuses,
            first(document_title order by {in_page_order}) filter (where document_title <> '') as title
        from ({facts}) where {OF_DOCUMENTS} group by all
    """
    found: dict[tuple[str, str], DocumentView] = {}
    for federation_id, source_file, count, statuses, title in connection.execute(read).fetchall():
        found[(federation_id, source_file)] = DocumentView(
            federation_id, source_file, title, None, 0, count, Counter(statuses)
        )
    if table_exists(connection, LINES_TABLE):
        printed = connection.execute(
            f"select {DOCUMENT}, arg_min(_source_sha256, _source_line), count(*) from {LINES} group by all"
        ).fetchall()
        for federation_id, source_file, sha256, count in printed:
            document = found.setdefault(
                (federation_id, source_file),
                DocumentView(federation_id, source_file, None, None, 0, 0, Counter()),
            )
            document.sha256, document.line_count = sha256, count
    return [found[key] for key in sorted(found)]


def _lines(connection: duckdb.DuckDBPyConnection, of: str) -> dict[tuple[str, str], list[DocumentLine]]:
    """The lines of every document, or only of those in the view `of`."""
    if not table_exists(connection, LINES_TABLE):
        return {}
    read = (
        f"select {DOCUMENT}, list(line_ref order by _source_line), list(text order by _source_line) "
        f"from {LINES} {f'join {of} using ({DOCUMENT})' if of else ''} group by all"
    )
    return {
        (federation_id, source_file): list(map(DocumentLine, refs, texts))
        for federation_id, source_file, refs, texts in connection.execute(read).fetchall()
    }
