"""What a refresh changed in the raw layer: `raw.changed_files` for the operator, `raw.changed_years`
for the models rebuilt after it.

Written once every raw table is loaded. The files are compared by sha256 with
those the published warehouse's raw layer was loaded from (`raw.loaded_files`,
pipelines/ingest/file_changes.py): added, changed or removed. The fiscal years
are those of the rows these files had in the published warehouse (removed and
changed files) and have in the build (added and changed files): facts,
extracted facts and review rows by `fiscal_year`; a participant by every year
from its start to its end (its start when it has not ended). A federation's
`documents.csv` grows a row for every new document, so it is compared by rows,
not as a file: a row added, removed or altered (kind, date or title of a
document) changes the years of that document's facts. A build from nothing
changed every fiscal year the raw layer holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines.foundation.warehouse_file import connect_writer
from pipelines.ingest.file_changes import raw_table_exists

YEARS_OF_FACTS = "select fiscal_year from {source}raw.{table} where {files}"
YEARS_OF_PARTICIPANTS = """
select unnest(generate_series(first_year, last_year)) as fiscal_year
from (
    select distinct year(start_date) as first_year, year(coalesce(end_date, start_date)) as last_year
    from {source}raw.participants
    where start_date is not null and {files}
)
"""
BUILD, PUBLISHED = "", "published."  # how a query names the tables of each warehouse
TABLES_WITH_YEARS = ("facts", "extracted_facts", "extraction_review")
DOCUMENT_COLUMNS = "federation_id, source_file, document_kind, document_date, title"


@dataclass(frozen=True)
class RawChanges:
    added: int
    changed: int
    removed: int
    unchanged: int
    years: tuple[int, ...]
    from_nothing: bool

    def line(self) -> str:
        """The refresh's one line about its raw layer, for the run's log."""
        years = ", ".join(map(str, self.years)) or "none"
        built = "built from nothing; " if self.from_nothing else ""
        return (
            f"raw: {built}{self.added} files added, {self.changed} changed, {self.removed} removed, "
            f"{self.unchanged} unchanged; years {years}"
        )


def write_raw_changes(build: Path, published: Path) -> RawChanges:
    """raw.changed_files and raw.changed_years in `build`, against the `published` warehouse."""
    with connect_writer(build) as connection:
        attached = published.exists()
        if attached:
            quoted = str(published).replace("'", "''")
            connection.execute(f"attach '{quoted}' as published (read_only)")
        try:
            compared = attached and _has(connection, PUBLISHED, "loaded_files")
            from_nothing = _built_from(connection) != "published" or not compared
            old = _OLD_LEDGER if compared else _NO_LEDGER
            connection.execute(_CHANGED_FILES.format(new=_NEW_LEDGER, old=old))
            years = _changed_years(connection, from_nothing)
            connection.execute("create or replace table raw.changed_years (fiscal_year integer not null)")
            connection.execute("insert into raw.changed_years select unnest(?::integer[])", [years])
            counts = dict(
                connection.execute("select change, count(*) from raw.changed_files group by 1").fetchall()
            )
            unchanged = connection.execute(_UNCHANGED_FILES.format(new=_NEW_LEDGER, old=old)).fetchone()[0]
        finally:
            if attached:
                connection.execute("detach published")
    return RawChanges(
        counts.get("added", 0),
        counts.get("changed", 0),
        counts.get("removed", 0),
        unchanged,
        tuple(years),
        from_nothing,
    )


def _built_from(connection) -> str | None:
    if not _has(connection, BUILD, "load_fingerprint"):
        return None
    row = connection.execute("select built_from from raw.load_fingerprint").fetchone()
    return row[0] if row else None


_NEW_LEDGER = "select file, any_value(sha256) as sha256 from raw.loaded_files group by file"
_OLD_LEDGER = "select file, any_value(sha256) as sha256 from published.raw.loaded_files group by file"
_NO_LEDGER = "select null::varchar as file, null::varchar as sha256 where false"
_CHANGED_FILES = """
create or replace table raw.changed_files as
select
    coalesce(new.file, old.file) as file,
    case when old.file is null then 'added' when new.file is null then 'removed' else 'changed' end as change,
    old.sha256 as old_sha256,
    new.sha256 as new_sha256
from ({new}) as new
full join ({old}) as old on new.file = old.file
where old.file is null or new.file is null or old.sha256 is distinct from new.sha256
order by file
"""
_UNCHANGED_FILES = """
select count(*) from ({new}) as new join ({old}) as old
    on new.file = old.file and old.sha256 is not distinct from new.sha256
"""


def _changed_years(connection, from_nothing: bool) -> list[int]:
    """The fiscal years of every row of the files changed (old and new rows), or of all rows."""
    queries: list[str] = []
    sides = [(BUILD, "change in ('added', 'changed')")]
    if not from_nothing:
        sides.append((PUBLISHED, "change in ('removed', 'changed')"))
    for source, which in sides:
        files = (
            "true" if from_nothing else f"_source_file in (select file from raw.changed_files where {which})"
        )
        for table in TABLES_WITH_YEARS:
            if _has(connection, source, table):
                queries.append(YEARS_OF_FACTS.format(source=source, table=table, files=files))
        if _has(connection, source, "participants"):
            queries.append(YEARS_OF_PARTICIPANTS.format(source=source, files=files))
    if not from_nothing:
        queries.append(_years_of_changed_document_rows(connection))
    queries = [query for query in queries if query]
    if not queries:
        return []
    union = " union ".join(f"({query})" for query in queries)
    rows = connection.execute(
        f"select distinct fiscal_year from ({union}) where fiscal_year is not null order by 1"
    )
    return [row[0] for row in rows.fetchall()]


def _years_of_changed_document_rows(connection) -> str:
    """Rows of documents.csv files added, removed or altered → the years of those documents' facts."""
    if not (_has(connection, BUILD, "documents") and _has(connection, PUBLISHED, "documents")):
        return ""
    facts = " union all ".join(
        f"select federation_id, source_file, fiscal_year from {source}raw.{table}"
        for source in (BUILD, PUBLISHED)
        for table in ("facts", "extracted_facts")
        if _has(connection, source, table)
    )
    if not facts:
        return ""
    new = f"select {DOCUMENT_COLUMNS} from {BUILD}raw.documents"
    old = f"select {DOCUMENT_COLUMNS} from {PUBLISHED}raw.documents"
    return f"""
        select facts.fiscal_year
        from (({new} except {old}) union ({old} except {new})) as altered
        join ({facts}) as facts
            on facts.federation_id = altered.federation_id and facts.source_file = altered.source_file
    """


def _has(connection, source: str, table: str) -> bool:
    """Whether raw.<table> is in the build (source BUILD) or the published warehouse (PUBLISHED)."""
    return raw_table_exists(connection, table, source.rstrip(".") or None)
