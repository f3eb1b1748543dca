"""Where each figure came from: every fact version, the documents' lines, and links between them.

A figure in a report table links to the line of the document it was printed
on (`dokument/<federation>--<file>.html#rad-12`, `#rad-3-12` for page 3, line
12 of a PDF). Facts whose line the NNS export hides (small counts) keep their
values hidden here too and get no link.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import duckdb

from pipelines.foundation.warehouse_file import table_exists

LINES_TABLE = "raw.document_lines"
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


@dataclass(frozen=True)
class FactVersion:
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


@dataclass(frozen=True)
class DocumentLine:
    ref: str
    text: str


@dataclass
class DocumentView:
    """One source file of one federation: its lines when it is in the landing, and the facts read from it."""

    federation_id: str
    source_file: str
    title: str | None
    lines: list[DocumentLine]
    sha256: str | None
    facts: list[FactVersion] = field(default_factory=list)

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
    """Every fact version and document, indexed for the pages that link to them."""

    def __init__(self, facts: list[FactVersion], documents: list[DocumentView]):
        self.facts = facts
        self.documents = documents
        self._documents = {(document.federation_id, document.source_file): document for document in documents}
        self._current = {fact.key: fact for fact in facts if fact.is_current}
        self._first_of_code: dict[tuple, FactVersion] = {}
        for fact in facts:
            if fact.is_current:
                self._first_of_code.setdefault(fact.key[:5], fact)
        self._versions: dict[str, list[FactVersion]] = defaultdict(list)
        for fact in facts:
            self._versions[fact.fact_key].append(fact)

    def current(self, federation_id, fiscal_year, scenario, record_type, code, item="") -> FactVersion | None:
        return self._current.get((federation_id, fiscal_year, scenario, record_type, code, item or ""))

    def first_current(self, federation_id, fiscal_year, scenario, record_type, code) -> FactVersion | None:
        """The first current fact of a code whatever its item (one municipality's contribution, say)."""
        return self._first_of_code.get((federation_id, fiscal_year, scenario, record_type, code))

    def other_versions(self, fact: FactVersion) -> list[FactVersion]:
        return [other for other in self._versions[fact.fact_key] if other is not fact]

    def versions(self, fact: FactVersion) -> list[FactVersion]:
        """Every version of the fact, itself included (not to be changed: it is the index's own list)."""
        return self._versions[fact.fact_key]

    def href(self, fact: FactVersion | None, prefix: str = "") -> str | None:
        """The link to the fact's line; None when there is no fact or its line is hidden."""
        if fact is None or fact.source_line is None or "source_line" in fact.hidden:
            return None
        return (
            f"{prefix}{document_page(fact.federation_id, fact.source_file)}#{line_anchor(fact.source_line)}"
        )

    def document(self, federation_id: str, source_file: str) -> DocumentView:
        return self._documents[(federation_id, source_file)]

    def documents_of(self, federation_id: str) -> list[DocumentView]:
        return [document for document in self.documents if document.federation_id == federation_id]


def read_provenance(connection: duckdb.DuckDBPyConnection, hidden: dict[str, dict[str, str]]) -> Provenance:
    rows = connection.execute(
        f"select {', '.join(FACT_COLUMNS)} from marts.fct_fact_versions "
        "order by federation_id, source_file, fiscal_year, record_type, code, item, fact_version_id"
    ).fetchall()
    facts = [_shown(FactVersion(*row), hidden.get(row[0], {})) for row in rows]
    documents: dict[tuple[str, str], DocumentView] = {}
    for (federation_id, source_file), (sha256, lines) in _document_lines(connection).items():
        documents[(federation_id, source_file)] = DocumentView(
            federation_id, source_file, None, lines, sha256
        )
    for fact in facts:
        if fact.source_file is None or fact.source_file.endswith(".csv"):
            continue  # participant exports and corrections are not documents
        view = documents.setdefault(
            (fact.federation_id, fact.source_file),
            DocumentView(fact.federation_id, fact.source_file, None, [], None),
        )
        view.facts.append(fact)
        if view.title is None and fact.document_title:
            view.title = fact.document_title
    ordered = sorted(documents.values(), key=lambda d: (d.federation_id, d.source_file))
    return Provenance(facts, ordered)


def _shown(fact: FactVersion, hidden: dict[str, str]) -> FactVersion:
    """The fact as the export shows it: hidden cells None, and which were hidden."""
    if not hidden:
        return fact
    values = {column: (None if column in hidden else getattr(fact, column)) for column in FACT_COLUMNS}
    return FactVersion(**values, hidden=frozenset(hidden))


def _document_lines(connection) -> dict[tuple[str, str], tuple[str, list[DocumentLine]]]:
    if not table_exists(connection, LINES_TABLE):
        return {}
    found: dict[tuple[str, str], tuple[str, list[DocumentLine]]] = {}
    for federation_id, source_file, sha256, ref, text in connection.execute(
        f"select federation_id, source_file, _source_sha256, line_ref, text from {LINES_TABLE} "
        "order by federation_id, source_file, _source_line"
    ).fetchall():
        key = (federation_id or "", source_file)
        found.setdefault(key, (sha256, []))[1].append(DocumentLine(ref, text))
    return found
