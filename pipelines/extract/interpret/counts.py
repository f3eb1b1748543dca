"""Count tables of an annual report: participants by gender and age, exits by outcome.

The rows are the categories (`Kvinnor`, `16-19 år`, `Arbete utan subvention`),
the counts stand in a count column (`Antal`; a share column `Andel` beside it
is not read). A table with several count columns (`Kvinnor | Män | Totalt`)
gives the participants by gender from its total row and by age from its
total column. The year is the one the caption names (`Inskrivna deltagare
2024`), else the report's. Parts are checked against their total; a category
no label places still counts in the sum and goes to review.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.extract.interpret.columns import Target, caption_year, row_readings
from pipelines.extract.interpret.emit import Read, emit
from pipelines.extract.interpret.placed import Placed, choose
from pipelines.extract.label_text import strip_accents
from pipelines.extract.model import Document
from pipelines.extract.reconcile.checks import Slot, _check
from pipelines.extract.tables.header import Column, Header
from pipelines.extract.tables.numbers import atoms_of
from pipelines.extract.tables.table import Table
from pipelines.extract.vocabulary import Match, Vocabulary

_AGE = re.compile(r"^(\d{2})\s*-\s*(\d{2})\s*(?:[a4]a?r)?$")  # `4r`: OCR's å
_AGE_FROM = re.compile(r"^(\d{2})\s*(?:\+|ar och aldre|och aldre|ar eller aldre)$")
TOTALS = {"participants": "participants_total", "exits": "exits_total"}
GENDER_MEASURES = {"female": "female", "male": "male"}


def read_counts(table: Table, document: Document, vocabulary: Vocabulary, kind: str) -> Read:
    year = caption_year(f"{table.caption_text} {table.header.corner if table.header else ''}", document)
    if year is None:
        return Read()
    columns = table.header.columns if table.header else ()
    counts = [index for index, column in enumerate(columns) if column.role == "value"]
    by_measure = [i for i in counts if columns[i].measure in (*GENDER_MEASURES, "total")]
    if kind == "participants" and len(counts) > 1 and by_measure:
        return _cross_table(table, document, vocabulary, year)
    targets = [
        _target(columns[index], year, document) if index in counts else None for index in range(len(columns))
    ]
    if not any(targets):
        return Read()
    placed = _placed(table, vocabulary, kind)

    def checker(slots: list[Slot], _target) -> list:
        return count_checks(slots, TOTALS[kind])

    choice = choose(placed, targets, Decimal(1), checker)
    record_type = "participants" if kind == "participants" else "outcome"
    return emit(
        document, placed, choice, targets, record_type, "count", lambda match, amount: amount, Decimal(1)
    )


def _target(column, year: int, document: Document) -> Target | None:
    """A count column's year: its heading's (`2024`), else the caption's or the report's; none later."""
    found = column.year or year
    if document.fiscal_year is not None and found > document.fiscal_year:
        return None
    return Target(found, "outcome")


def implied_header(table: Table) -> Header | None:
    """A count table printed without a header (`Kvinna 7`, `Studier CSN 3 9%`): one count column, and a
    share column when the rows print percentages; None when the rows differ in what they print."""
    shapes = set()
    for row in table.value_rows:
        atoms = atoms_of(row.raw_values) or []
        shapes.add(tuple(atom.unit == "%" for atom in atoms))
    if len(shapes) != 1 or next(iter(shapes)) not in ((False,), (False, True)):
        return None
    columns = [Column("Antal", "value", measure="count")]
    if next(iter(shapes)) == (False, True):
        columns.append(Column("Andel", "share", unit="%"))
    return Header(tuple(columns), "")


def _placed(table: Table, vocabulary: Vocabulary, kind: str) -> list[Placed]:
    placed = []
    for index, row in enumerate(table.rows):
        if row.heading:
            continue
        codes = vocabulary.lookup(kind, row.label)
        age = age_band(row.label) if kind == "participants" else None
        if age is not None:
            codes = [Match("participants_age", age, 100.0, None)]
        placed.append(Placed(row, index, codes=codes, readings=row_readings(row, table.header)))
    return placed


def age_band(label: str) -> str | None:
    """`16-19 år` → `16-19`; `65 år och äldre` → `65+`."""
    folded = " ".join(strip_accents(label.lower()).replace("–", "-").split())
    match = _AGE.match(folded)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    match = _AGE_FROM.match(folded)
    return f"{match.group(1)}+" if match else None


def count_checks(slots: list[Slot], total_code: str) -> list:
    """Each group of parts (genders, age bands, exit outcomes) against the total printed after them."""
    checks = []
    totals = [index for index, slot in enumerate(slots) if slot.code == total_code]
    start = 0
    for total in totals:
        parts = [(index, 1) for index in range(start, total) if slots[index].code != total_code]
        if parts:
            checks.append(_check(slots, total, parts))
        start = total + 1
    return checks


def _cross_table(table: Table, document: Document, vocabulary: Vocabulary, year: int) -> Read:
    """`Ålder | Kvinnor | Män | Totalt`: gender from the total row, age bands from the total column."""
    read = Read()
    columns = table.header.columns
    total_column = next((i for i, c in enumerate(columns) if c.measure == "total"), None)
    for index, row in enumerate(table.rows):
        if row.heading:
            continue
        readings = row_readings(row, table.header)
        read.lines.add(row.line.ref)
        if len(readings) != 1:
            continue
        reading = readings[0]
        codes = vocabulary.lookup("participants", row.label)
        is_total = bool(codes) and codes[0].code == "participants_total"
        band = age_band(row.label)
        facts = []
        if is_total:
            for column, value in zip(columns, reading, strict=False):
                if value is not None and column.measure in GENDER_MEASURES:
                    facts.append(("participants_gender", GENDER_MEASURES[column.measure], value.amount))
                if value is not None and column.measure == "total":
                    facts.append(("participants_total", "", value.amount))
        elif band is not None and total_column is not None and reading[total_column] is not None:
            facts.append(("participants_age", band, reading[total_column].amount))
        placed = Placed(row, index)
        del placed
        for code, item, amount in facts:
            from pipelines.extract.model import ExtractedFact

            read.facts.append(
                ExtractedFact(
                    "participants",
                    document.federation_id or "",
                    year,
                    "outcome",
                    code,
                    item,
                    amount,
                    "count",
                    row.printed_label.strip(),
                    document.source_file,
                    row.line.ref,
                )
            )
    return read
