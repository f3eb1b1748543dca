"""Annual report (årsredovisning) economy: the statements, the cost distribution and the budget
follow-up (driftredovisning) as statement and budget_line facts.

Each table is found by its title, read in whichever layout the text has (figures beside their
labels, or in blocks paired by arithmetic), and its unit decided by agreement with the statements
already read and by magnitude, never by a header that OCR text shows can be wrong (`Belopp i kr.`
over tkr figures, `Belopp i tkr` over kronor). The member contributions' total printed in prose is
read too. Every figure is then reconciled: totals against parts, statements against their
identities and against each other.
"""

from __future__ import annotations

from pipelines.extract.model import Document, ExtractedFact, Extraction, UnreadRegion
from pipelines.extract.report_checks import Candidate, reconcile
from pipelines.extract.report_layout import find_sections, note_titles
from pipelines.extract.report_prose import esf_amounts, name_esf, prose_contributions
from pipelines.extract.report_tables import Table, read_table
from pipelines.extract.report_units import decide_scale, scaled
from pipelines.extract.report_vocabulary import RECORD_TYPE
from pipelines.reference import load_member_names, load_reference

# Tables are read in this order so that each can be checked against the ones before it.
_ANCHOR_ORDER = ("income", "cashflow", "balance", "overview", "costs", "drift")
_PARTS = {
    "contribution_state",
    "contribution_region",
    "contribution_municipality",
    "other_income",
    "intervention",
}


def extract_annual_report(document: Document) -> Extraction:
    """Statement and budget_line facts of an annual report, with what could not be read."""
    members = load_member_names().get(document.federation_id or "", {})
    sections = find_sections(document)
    notes = note_titles(document)
    order = sorted(range(len(sections)), key=lambda i: (_ANCHOR_ORDER.index(sections[i].kind), i))
    candidates: list[Candidate] = []
    unread: list[UnreadRegion] = []
    sizes: dict[int, int] = {}
    incomplete: set[tuple[int, int, str]] = set()
    for number in order:
        known = {(c.code, c.year): c.value for c in candidates if c.scenario == "outcome" and not c.item}
        table = read_table(sections[number], document.fiscal_year, members, known, notes)
        printed = _printed(table, number, document.fiscal_year)
        scale = decide_scale(printed, candidates, table.unit_hint, document.unit_multiplier)
        candidates.extend(scaled(printed, scale))
        unread.extend(table.unread)
        sizes[number] = len(table.rows)
        incomplete |= _incomplete(table, number, document.fiscal_year)
    candidates.extend(prose_contributions(document))
    name_esf(candidates, esf_amounts(document))
    printed = {(c.table, c.code, c.year, c.scenario) for c in candidates}
    candidates = deduplicate(candidates, sizes)
    reconcile(candidates, printed, incomplete)
    facts = [_fact(c, document) for c in candidates if not c.code.startswith("_")]
    return Extraction(facts, unread)


def _printed(table: Table, number: int, fiscal_year: int | None) -> list[Candidate]:
    """A candidate per coded figure, in printed units (magnitudes for costs and income)."""
    codes = load_reference().codes
    record_type = RECORD_TYPE[table.kind]
    found: list[Candidate] = []
    for row in table.rows:
        if not row.code:
            continue
        code = codes.get((record_type, row.code))
        for column_index, figure in sorted(row.figures.items()):
            column = table.columns[column_index] if column_index < len(table.columns) else None
            year = (column.year if column else None) or fiscal_year
            if column is None or column.scenario is None or year is None:
                continue
            value = figure.cell.value
            if code is not None and code.is_magnitude:
                value = abs(value)
            remarks = [r for r in (figure.cell.remark, figure.remark) if r]
            found.append(
                Candidate(
                    record_type=record_type,
                    code=row.code,
                    item=row.item,
                    year=year,
                    scenario="outcome" if record_type == "statement" else column.scenario,
                    value=value,
                    unit=code.unit if code else "sek",
                    raw_label=row.label,
                    line=figure.line.ref,
                    table=number,
                    certain=figure.certain,
                    remarks=remarks,
                )
            )
    return found


def _incomplete(table: Table, number: int, fiscal_year: int | None) -> set[tuple[int, int, str]]:
    """(table, year, scenario) of columns holding a figure that was not read or has no code."""
    found = set()
    record_type = RECORD_TYPE[table.kind]
    for index in table.incomplete_columns():
        column = table.columns[index] if index < len(table.columns) else None
        if column is None or column.scenario is None:
            continue
        scenario = "outcome" if record_type == "statement" else column.scenario
        found.add((number, column.year or fiscal_year, scenario))
    return found


def deduplicate(candidates: list[Candidate], sizes: dict[int, int]) -> list[Candidate]:
    """One candidate per key. Within a table, rows of the same part add up (two state agencies); across
    tables, the most detailed table's figure is kept and the other printing checks it."""
    merged: dict[tuple, Candidate] = {}
    for candidate in candidates:
        key = (*candidate.key, candidate.table)
        known = merged.get(key)
        if known is None:
            merged[key] = candidate
        elif candidate.code in _PARTS:
            known.value += candidate.value
            known.remarks.append(f"sum with the row at line {candidate.line}")
        else:
            known.certain = False
            known.remarks.append(f"line {candidate.line} prints the same row as {candidate.value}")
    kept: dict[tuple, Candidate] = {}
    for candidate in sorted(merged.values(), key=lambda c: -sizes.get(c.table, 0)):
        known = kept.get(candidate.key)
        if known is None:
            kept[candidate.key] = candidate
        elif known.value == candidate.value:
            known.remarks.append(f"also printed at line {candidate.line}")
        else:
            known.certain = False
            known.remarks.append(f"line {candidate.line} prints {candidate.value}")
    position = {id(candidate): index for index, candidate in enumerate(candidates)}
    return sorted(kept.values(), key=lambda candidate: position[id(candidate)])


def _fact(candidate: Candidate, document: Document) -> ExtractedFact:
    return ExtractedFact(
        record_type=candidate.record_type,
        federation_id=document.federation_id or "",
        fiscal_year=candidate.year,
        scenario=candidate.scenario,
        code=candidate.code,
        item=candidate.item,
        value=candidate.value,
        unit=candidate.unit,
        raw_label=candidate.raw_label,
        source_file=document.source_file,
        source_line=candidate.line,
        status=candidate.status,
        message=candidate.message,
    )
