"""Interpreters, one per kind of table: a found table in, facts and review rows out.

`interpret_tables` decides each table's kind (`kinds.py`) and hands it to its
interpreter: budget tables (`budget.py`), statements by their LKBR form
(`statements.py`), participant and exit counts (`counts.py`), survey tables
(`surveys.py`). A table whose labels and figures OCR printed apart is paired
first (`pairing.py`). A table of no kind, or one without a column header,
sends its rows to review: nothing numeric is dropped without a word.
"""

from __future__ import annotations

from dataclasses import replace

from pipelines.extract.interpret.budget import read_budget
from pipelines.extract.interpret.counts import implied_header, read_counts
from pipelines.extract.interpret.emit import Read, review_row, table_to_review
from pipelines.extract.interpret.goals import is_goal_table, read_goal_tables
from pipelines.extract.interpret.kinds import table_kind
from pipelines.extract.interpret.statements import read_statement
from pipelines.extract.interpret.units_across import reconcile_units
from pipelines.extract.model import AMBIGUOUS_COLUMN, NO_HEADER, NOT_PAIRED, UNKNOWN_LABEL, Document, Line
from pipelines.extract.tables.table import Table
from pipelines.extract.vocabulary import Vocabulary

STATEMENTS = ("income_statement", "balance_sheet", "cash_flow", "key_figures", "cost_distribution")


def interpret_tables(
    document: Document, tables: list[Table], vocabulary: Vocabulary, lines: list[Line]
) -> Read:
    reads = [interpret_table(document, table, vocabulary, lines) for table in tables]
    if document.kind == "arsredovisning":
        reconcile_units(reads)
    read = Read()
    for one in reads:
        read.extend(one)
    return read


def interpret_table(document: Document, table: Table, vocabulary: Vocabulary, lines: list[Line]) -> Read:
    """The table's facts and review rows; a row with figures its interpreter neither read nor reported
    (its figures fit no column: `Lokalkostnader 35` under two years) goes to review as well."""
    read = _interpreted(document, table, vocabulary, lines)
    said = {fact.source_line for fact in read.facts} | {row.source_line for row in read.review} | read.skipped
    for row in table.value_rows:
        if row.line.ref not in said and any(char.isdigit() for char in row.raw_values):
            count = len(table.header.columns) if table.header else 0
            reason = (
                f"{AMBIGUOUS_COLUMN}: no year for its columns (the document's year is not known)"
                if document.fiscal_year is None
                else f"{AMBIGUOUS_COLUMN}: its figures fit none of the {count} columns"
            )
            read.review.append(
                review_row(document, row.line.ref, row.printed_label.strip(), row.raw_values, reason)
            )
    return read


def _interpreted(document: Document, table: Table, vocabulary: Vocabulary, lines: list[Line]) -> Read:
    if table.columnar and table.header is not None and is_goal_table(table):
        return read_goal_tables(document, [table])
    if table.blocks:
        from pipelines.extract.interpret.pairing import paired

        table = paired(table, document, vocabulary, lines)
        if table.blocks:
            return _unpaired(document, table)
    kind = table_kind(table, document, vocabulary)
    if table.header is None and kind in ("participants", "exits"):
        header = implied_header(table)  # `Kvinna 7`: a count table needs no header to be read
        table = replace(table, header=header) if header is not None else table
    if table.header is None:
        return table_to_review(document, table, NO_HEADER)
    if kind == "budget":
        return read_budget(table, document, vocabulary, lines)
    if kind in STATEMENTS:
        return read_statement(table, document, vocabulary, lines, kind)
    if kind in ("participants", "exits"):
        return read_counts(table, document, vocabulary, kind)
    if kind == "survey":
        from pipelines.extract.interpret.surveys import read_survey_table

        return read_survey_table(table, document, vocabulary, lines)
    if kind == "notes":
        return table_to_review(document, table, f"{UNKNOWN_LABEL}: a note's breakdown, no code for its lines")
    if kind == "balance_requirement":
        return table_to_review(document, table, f"{UNKNOWN_LABEL}: the balance requirement has no code")
    return table_to_review(
        document, table, f"{UNKNOWN_LABEL}: the rows fit no kind of table the reader knows"
    )


def _unpaired(document: Document, table: Table) -> Read:
    read = table_to_review(document, table, NO_HEADER)
    for block in table.blocks:
        for line, cells in zip(block.lines, block.cells, strict=True):
            values = "  ".join(cell.text for cell in cells if cell.text) if cells else line.text.strip()
            read.lines.add(line.ref)
            read.review.append(review_row(document, line.ref, "", values, NOT_PAIRED))
    return read
