"""Participant and exit tables to facts, each total checked against its parts.

Participants are printed twice over (by gender and by age band), each table
with its own `ANTAL INSKRIVNA`: `participants_total` is emitted once, from the
first printing, and both tables are checked against it. Parts that add up to
it are `verified`; a total that does not match a table's parts, or a second
printing that differs, makes the total a `conflict` naming both numbers.
"""

from __future__ import annotations

import re
from collections import Counter

from pipelines.extract.model import ExtractedFact, Extraction, UnreadRegion
from pipelines.extract.outcomes_common import FactMaker, join_notes
from pipelines.extract.outcomes_tables import AGE, EXITS, GENDER, Row, Table


def count_facts(tables: list[Table], maker: FactMaker) -> Extraction:
    """Facts of the first readable gender, age and exit table; what else was seen is reported."""
    extraction = Extraction()
    chosen: dict[str, Table | None] = {}
    for table in tables:
        name = table.kind.name
        if name in chosen:
            extraction.unread.append(_region(table, f"another {name} table; only the first one is read"))
            continue
        problem = _unreadable(table, maker.document.fiscal_year)
        chosen[name] = None if problem else table
        if problem:
            extraction.unread.append(_region(table, problem))
            continue
        extraction.unread.extend(
            _region(
                table,
                f"row {row.label!r} ({row.count}) is no known {name} label; in the sum, not emitted",
                row,
            )
            for row in table.rows
            if table.kind.part(row.label) is None
        )
    participants = [table for table in (chosen.get(GENDER.name), chosen.get(AGE.name)) if table]
    extraction.facts += _checked(participants, maker)
    extraction.facts += _checked([table for table in [chosen.get(EXITS.name)] if table], maker)
    return extraction


def _unreadable(table: Table, fiscal_year: int | None) -> str | None:
    years = {int(year) for year in re.findall(r"(?<!\d)20\d\d(?!\d)", table.heading)}
    if years and fiscal_year not in years:
        return (
            f"{table.kind.name} table headed {table.heading!r}: not the report's year {fiscal_year}; not read"
        )
    rows = table.rows + ([table.total] if table.total else [])
    if any(row.extra_counts for row in rows):
        return f"{table.kind.name} table with more than one count column (several years?); not read"
    keys = Counter(table.kind.part(row.label) for row in table.rows if table.kind.part(row.label))
    doubled = [item or code for (code, item), seen in keys.items() if seen > 1]
    if doubled:
        return f"{table.kind.name} table names {', '.join(doubled)} twice; not read"
    return None


def _region(table: Table, reason: str, row: Row | None = None) -> UnreadRegion:
    if row is not None:
        return UnreadRegion(row.line.ref, row.line.ref, reason)
    return UnreadRegion(table.first, table.last, reason)


def _checked(tables: list[Table], maker: FactMaker) -> list[ExtractedFact]:
    """Parts and one total of tables that share a total (gender and age), or of one table (exits)."""
    if not tables:
        return []
    totals = [table.total for table in tables if table.total]
    total = totals[0] if totals else None
    facts: list[ExtractedFact] = []
    problems: list[str] = []
    reconciled = False
    for table in tables:
        summed = sum(row.count for row in table.rows)
        if total is not None and table.total is not None and table.total.count != total.count:
            again = table.total
            problems.append(
                f"printed {total.count} (line {total.line.ref}) and {again.count} (line {again.line.ref})"
            )
        printed = table.total or total
        adds_up = total is not None and printed.count == total.count and summed == total.count
        if printed is not None and summed != printed.count:
            problems.append(f"printed {printed.count}, {table.kind.name} sum to {summed}")
        reconciled = reconciled or adds_up
        facts += _parts(table, maker, "verified" if adds_up else "unverified")
    if total is not None:
        status = "conflict" if problems else ("verified" if reconciled else "unverified")
        message = join_notes("; ".join(problems), total.note)
        facts.append(
            maker.fact(
                tables[0].kind.record_type,
                tables[0].kind.total_code,
                "",
                total.count,
                "count",
                total.label,
                total.line,
                status,
                message,
            )
        )
    return facts


def _parts(table: Table, maker: FactMaker, status: str) -> list[ExtractedFact]:
    facts = []
    for row in table.rows:
        key = table.kind.part(row.label)
        if key is None:
            continue
        code, item = key
        facts.append(
            maker.fact(
                table.kind.record_type, code, item, row.count, "count", row.label, row.line, status, row.note
            )
        )
    return facts
