"""What each page is made from, summed up without reading it into Python: a digest per document, federation.

Whether a published page can be linked (page_reuse.py) is decided before any
page is built, so that a page that is linked costs no Python objects. A page's
digest is taken over the rows it is made from rather than over what it shows:

- a document's page: its lines (order, reference, text, the file's sha256)
  and its facts, each with every version of the same fact (the other
  versions it lists), every column the report reads (provenance.FACT_COLUMNS)
  and the cells the NNS export hides for it;
- a federation's page: its rows of every report mart (as suppressed), all
  its facts, its documents' digests and its rows of `ops.extraction_review`;
- the Overview and the comparisons: every federation's rows and facts, and
  the years; the sources page: every document's digest.

DuckDB sums the facts and lines up as a count and the sum of their row hashes
(128 bits), as the export's year digests do (pipelines/export/reuse.py): a
national warehouse's 260 000 fact versions in a quarter of a second, where an
md5 over each document's ordered rows took two. A row's place on a page is
set by its own values (facts by their key and id, lines by their number), so
a sum that ignores order misses no change of order. What a page's rows show
once rendered, labels and names included, is the common digest's part
(page_reuse.common_digest), with the report's code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import duckdb

from pipelines.foundation.warehouse_file import table_exists
from pipelines.report.data import ReportData
from pipelines.report.pages import REVIEW_COLUMNS, REVIEW_TABLE
from pipelines.report.provenance import DOCUMENT, FACT_COLUMNS, LINES, LINES_TABLE, OF_DOCUMENTS


@dataclass(frozen=True)
class PageInputs:
    """Digests of the rows each page is made from; `documents` in the order the report lists them."""

    documents: dict[tuple[str, str], str]  # (federation_id, source_file) -> lines, facts, their versions
    federations: dict[str, str]  # federation_id -> its mart rows, facts, documents and review rows
    everything: str  # every federation's rows and facts, and the years: the Overview, the comparisons

    def federation(self, federation_id: str) -> str:
        return self.federations.get(federation_id, "nothing")

    @property
    def sources(self) -> str:
        return _sha256(f"{key!r} {digest}" for key, digest in self.documents.items())


def read_page_inputs(connection: duckdb.DuckDBPyConnection, facts: str, data: ReportData) -> PageInputs:
    """The digests of every page's inputs; `facts` is the query provenance.shown_facts gives."""
    documents = _document_digests(connection, facts)
    facts_of = _federation_fact_digests(connection, facts)
    review = _review_digests(connection)
    rows = _row_digests(data)
    federation_ids = sorted({*facts_of, *(federation_id for _, federation_id in rows), *(review or {})})
    by_federation: dict[str, list[str]] = {federation_id: [] for federation_id in federation_ids}
    for (federation_id, source_file), digest in documents.items():
        by_federation.setdefault(federation_id, []).append(f"document {source_file!r} {digest}")
    federations = {
        federation_id: _sha256(
            [
                *(f"rows {table} {rows.get((table, federation_id), '')}" for table in data.tables),
                f"facts {facts_of.get(federation_id, '')}",
                *by_federation.get(federation_id, []),
                f"review {review.get(federation_id, '') if review is not None else 'absent'}",
            ]
        )
        for federation_id in sorted(by_federation)
    }
    everything = _sha256(
        [
            f"years {data.years!r}",
            *(f"rows {table} {federation_id} {digest}" for (table, federation_id), digest in rows.items()),
            *(f"facts {federation_id} {digest}" for federation_id, digest in sorted(facts_of.items())),
        ]
    )
    return PageInputs(documents, federations, everything)


def _hashed(facts: str) -> str:
    """Each fact version's hash over every column the report reads, as shown, and which cells are hidden."""
    return (
        f"select federation_id, source_file, fact_key, hash({', '.join(FACT_COLUMNS)}, hidden) as row_hash "
        f"from ({facts})"
    )


def _document_digests(connection: duckdb.DuckDBPyConnection, facts: str) -> dict[tuple[str, str], str]:
    """(federation_id, source_file) -> digest, for every document the report has a page for."""
    read = f"""
        with shown as ({_hashed(facts)}),
        versions as (
            select fact_key, count(*) as n, sum(row_hash::hugeint) as total from shown group by fact_key
        )
        select federation_id, source_file, count(*), sum(hash(row_hash, n, total)::hugeint)
        from shown join versions using (fact_key)
        where {OF_DOCUMENTS}
        group by federation_id, source_file
    """
    found: dict[tuple[str, str], list[str]] = {}
    for federation_id, source_file, count, total in connection.execute(read).fetchall():
        found.setdefault((federation_id, source_file), []).append(f"facts {count} {total}")
    if table_exists(connection, LINES_TABLE):
        lines = f"""
            select {DOCUMENT}, arg_min(_source_sha256, _source_line),
                count(*), sum(hash(_source_line, line_ref, text)::hugeint)
            from {LINES} group by all
        """
        for federation_id, source_file, sha256, count, total in connection.execute(lines).fetchall():
            found.setdefault((federation_id, source_file), []).append(f"lines {sha256} {count} {total}")
    return {key: _sha256(found[key]) for key in sorted(found)}


def _federation_fact_digests(connection: duckdb.DuckDBPyConnection, facts: str) -> dict[str, str]:
    rows = connection.execute(
        f"select federation_id, count(*), sum(row_hash::hugeint) from ({_hashed(facts)}) group by all"
    ).fetchall()
    return {federation_id: f"{count} {total}" for federation_id, count, total in rows}


def _review_digests(connection: duckdb.DuckDBPyConnection) -> dict[str, str] | None:
    """federation_id -> its figures the extractor could not place; None when the warehouse has none."""
    if not table_exists(connection, REVIEW_TABLE):
        return None
    rows = connection.execute(
        f"select federation_id, count(*), sum(hash({', '.join(REVIEW_COLUMNS)})::hugeint) "
        f"from {REVIEW_TABLE} group by all"
    ).fetchall()
    return {federation_id: f"{count} {total}" for federation_id, count, total in rows}


def _row_digests(data: ReportData) -> dict[tuple[str, str], str]:
    """(table, federation_id) -> digest of the federation's rows of a report mart, as suppressed.

    A row's repr shows every column with its type (`Decimal('1.50')`); a value
    whose repr changed from run to run would only render its page again.
    """
    return {
        (table, federation_id): hashlib.sha256(repr(rows).encode()).hexdigest()
        for (table, federation_id), rows in sorted(data.rows_by_federation.items())
    }


def _sha256(parts) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
