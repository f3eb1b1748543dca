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
from itertools import groupby
from typing import NamedTuple

import duckdb
import pyarrow as pa

from pipelines.foundation.shared_text import SharedText
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
    """Every document and where each current fact was printed: what tables, lists and federations link to."""

    def __init__(
        self,
        documents: list[DocumentView],
        current: list[tuple[tuple, FactLine]],
        conflicts: list[FactVersion],
    ):
        self.documents = documents
        self._documents = {(document.federation_id, document.source_file): document for document in documents}
        self._current = dict(current)
        self._first_of_code: dict[tuple, FactLine] = {}
        for key, line in current:
            self._first_of_code.setdefault(key[:5], line)
        self._conflicts: dict[str, list[FactVersion]] = defaultdict(list)
        for fact in conflicts:
            self._conflicts[fact.federation_id].append(fact)

    def current(self, federation_id, fiscal_year, scenario, record_type, code, item="") -> FactLine | None:
        return self._current.get((federation_id, fiscal_year, scenario, record_type, code, item or ""))

    def first_current(self, federation_id, fiscal_year, scenario, record_type, code) -> FactLine | None:
        """The first current fact of a code whatever its item (one municipality's contribution, say)."""
        return self._first_of_code.get((federation_id, fiscal_year, scenario, record_type, code))

    def document(self, federation_id: str, source_file: str) -> DocumentView:
        return self._documents[(federation_id, source_file)]

    def documents_of(self, federation_id: str) -> list[DocumentView]:
        return [document for document in self.documents if document.federation_id == federation_id]

    def conflicts_of(self, federation_id: str) -> list[FactVersion]:
        """The federation's printed totals that contradict their parts, by document."""
        return self._conflicts[federation_id]


class DocumentFacts:
    """The facts, with every version of each, and the lines of the documents whose pages are rendered."""

    def __init__(self, versions: list[FactVersion], lines: dict[tuple[str, str], list[DocumentLine]]):
        self._versions: dict[str, list[FactVersion]] = defaultdict(list)
        self._facts: dict[tuple[str, str], list[FactVersion]] = defaultdict(list)
        for fact in versions:
            self._versions[fact.fact_key].append(fact)
            self._facts[(fact.federation_id, fact.source_file)].append(fact)
        self._lines = lines

    def facts_of(self, document: DocumentView) -> list[FactVersion]:
        """The facts read from a document, in the order its page lists them."""
        return self._facts[(document.federation_id, document.source_file)]

    def lines_of(self, document: DocumentView) -> list[DocumentLine]:
        """The document's lines when it is in the landing (none otherwise)."""
        return self._lines.get((document.federation_id, document.source_file), [])

    def other_versions(self, fact: FactVersion) -> list[FactVersion]:
        return [other for other in self._versions[fact.fact_key] if other is not fact]


def href(fact: FactVersion | FactLine | None, prefix: str = "") -> str | None:
    """The link to the fact's line; None when there is no fact or its line is hidden."""
    if fact is None or fact.source_line is None:
        return None
    return f"{prefix}{document_page(fact.federation_id, fact.source_file)}#{line_anchor(fact.source_line)}"


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


def read_provenance(connection: duckdb.DuckDBPyConnection, facts: str) -> Provenance:
    """Every document, each current fact's line and every conflict; `facts` is the query shown_facts gives."""
    current = connection.execute(
        f"select federation_id, fiscal_year, scenario, record_type, code, item, source_file, source_line "
        f"from ({facts}) where is_current order by {FACT_ORDER}"
    ).fetchall()
    current = SharedText().rows(current)  # kept for the whole build: one object per repeated text
    conflicts = connection.execute(
        f"select * from ({facts}) where status = 'conflict' and {OF_DOCUMENTS} order by {FACT_ORDER}"
    ).fetchall()
    return Provenance(
        _documents(connection, facts),
        [(row[:6], FactLine(row[0], row[6], row[7])) for row in current],
        _facts(conflicts),
    )


def read_document_facts(
    connection: duckdb.DuckDBPyConnection,
    facts: str,
    rendered: list[tuple[str, str]],
    every: bool,
    at_once: int,
) -> Iterator[tuple[list[tuple[str, str]], DocumentFacts]]:
    """The facts (with every version of each) and lines of `rendered` documents, about `at_once` at a time.

    `rendered` are in the report's order (by federation, then file); `every`:
    they are all its documents. Their facts and lines are read at once as
    Arrow columns and made records one batch at a time, so that a national
    build holds one batch's, not 260 000 facts and 210 000 lines. A batch
    ends with a federation: a fact's versions are all its federation's (its
    key names the federation, dbt's `fact_key` macro).
    """
    if not rendered:
        return
    connection.register(RENDERED_VIEW, _keys(rendered))
    try:
        of_rendered = "" if every else f"join {RENDERED_VIEW} using ({DOCUMENT})"
        of_their_facts = (
            f"where fact_key in (select fact_key from ({facts}) {of_rendered})" if of_rendered else ""
        )
        versions = _ByFederation(
            connection.sql(f"select * from ({facts}) {of_their_facts} order by {FACT_ORDER}").to_arrow_table()
        )
        lines = _ByFederation(
            connection.sql(
                f"select {DOCUMENT}, line_ref, text from {LINES} {of_rendered} "
                f"order by {DOCUMENT}, _source_line"
            ).to_arrow_table()
            if table_exists(connection, LINES_TABLE)
            else None
        )
    finally:
        connection.unregister(RENDERED_VIEW)
    for batch in _whole_federations(rendered, at_once):
        federations = list(dict.fromkeys(key[0] for key in batch))
        printed: dict[tuple[str, str], list[DocumentLine]] = {}
        for federation_id, source_file, ref, text in lines.rows_of(federations):
            printed.setdefault((federation_id, source_file), []).append(DocumentLine(ref, text))
        yield batch, DocumentFacts(_facts(versions.rows_of(federations)), printed)


class _ByFederation:
    """Rows ordered by federation (first column federation_id), as Arrow columns; made tuples on demand."""

    def __init__(self, table: pa.Table | None):
        self.table = table
        self.spans: dict[str, tuple[int, int]] = {}
        start = 0
        federations = table.column("federation_id").to_pylist() if table is not None else []
        for federation, rows in groupby(federations):
            stop = start + sum(1 for _ in rows)
            self.spans[federation] = (start, stop)
            start = stop

    def rows_of(self, federations: list[str]) -> list[tuple]:
        """The rows of `federations` (and of any federation between them in the table's order)."""
        found = [self.spans[federation] for federation in federations if federation in self.spans]
        if self.table is None or not found:
            return []
        start, stop = min(span[0] for span in found), max(span[1] for span in found)
        part = self.table.slice(start, stop - start)
        return list(zip(*(column.to_pylist() for column in part.columns), strict=True))


def _whole_federations(documents: list[tuple[str, str]], at_once: int) -> Iterator[list[tuple[str, str]]]:
    """`documents` (ordered by federation) in batches of at least `at_once`, each ending with a federation."""
    batch: list[tuple[str, str]] = []
    for _, keys in groupby(documents, key=lambda key: key[0]):
        if len(batch) >= at_once:
            yield batch
            batch = []
        batch.extend(keys)
    if batch:
        yield batch


def _keys(documents: list[tuple[str, str]]) -> pa.Table:
    return pa.table(
        {"federation_id": [key[0] for key in documents], "source_file": [key[1] for key in documents]},
        schema=pa.schema([("federation_id", pa.string()), ("source_file", pa.string())]),
    )


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
