"""The budget of a verksamhetsplan as facts: its tables, else the totals its text states.

`extract_budget(document)` is what `extractor.py` calls for a verksamhetsplan.
The work is split by idea:

- `budget_layout`: header lines and the readings a row's spacing allows;
- `budget_labels`: row labels to codes, members to member ids;
- `budget_tables`: tables found, rows read, ambiguous rows settled by totals;
- `budget_reconcile`: totals against parts, result against income minus costs;
- `budget_prose`: totals stated only in sentences.

A figure printed twice (a document whose whole text appears twice, or a
table repeated in an appendix) is emitted once, from its first printing, and
counted once when totals are checked.
"""

from __future__ import annotations

from pipelines.extract.budget_layout import split_row
from pipelines.extract.budget_prose import extract_prose_totals
from pipelines.extract.budget_reconcile import Blocked, Check, apply_checks, find_checks
from pipelines.extract.budget_tables import TableFacts, find_tables, read_table
from pipelines.extract.model import Document, ExtractedFact, Extraction, Line, UnreadRegion

MIN_TABLE_LIKE_ROWS = 3


def extract_budget(document: Document) -> Extraction:
    tables = find_tables(document)
    read = [read_table(document, table) for table in tables]
    facts, notes, blocked, unread = _first_printings(read)
    if not facts:
        facts, prose_unread = extract_prose_totals(document)
        unread.extend(prose_unread)
    checks = find_checks(facts, blocked)
    facts = _with_split_notes(apply_checks(facts, checks), notes, checks)
    covered = [table_facts.lines for table_facts in read]
    unread.extend(table_like_regions(document, covered))
    return Extraction(facts=facts, unread=unread)


def _first_printings(
    read: list[TableFacts],
) -> tuple[list[ExtractedFact], dict[int, list[str]], Blocked, list[UnreadRegion]]:
    """All tables' facts with each key once, from its first printing; a differing reprint is reported."""
    facts: list[ExtractedFact] = []
    first: dict[tuple, ExtractedFact] = {}
    notes: dict[int, list[str]] = {}
    blocked: Blocked = set()
    unread: list[UnreadRegion] = []
    for table in read:
        blocked |= table.blocked
        unread.extend(region for region in table.unread if str(region) not in {str(u) for u in unread})
        for index, fact in enumerate(table.facts):
            earlier = first.get(fact.key)
            if earlier is not None:
                if earlier.value != fact.value:
                    reason = (
                        f'"{fact.raw_label}" {fact.scenario} {fact.fiscal_year} is printed again '
                        f"as {fact.value}; "
                        f"the first printing (line {earlier.source_line}: {earlier.value}) is kept"
                    )
                    unread.append(UnreadRegion(fact.source_line, fact.source_line, reason))
                continue
            first[fact.key] = fact
            if index in table.notes:
                notes[len(facts)] = table.notes[index]
            facts.append(fact)
    return facts, notes, blocked, unread


def _with_split_notes(
    facts: list[ExtractedFact], notes: dict[int, list[str]], checks: list[Check]
) -> list[ExtractedFact]:
    """Say how a one-space pair was split, and which printed total the split makes add up."""
    updated = list(facts)
    for index, row_notes in notes.items():
        fact = updated[index]
        confirming = next((c for c in checks if c.holds and index in (c.total, *c.parts)), None)
        if confirming is not None:
            total = facts[confirming.total].value
            said = "; ".join(f"{note} so that the parts add up to {_plain(total)}" for note in row_notes)
        else:
            said = "; ".join(f"{note}: no printed total confirms this reading" for note in row_notes)
        message = f"{fact.message}; {said}" if fact.message else said
        updated[index] = fact.with_status(fact.status, message)
    return updated


def _plain(value) -> str:
    return format(value.normalize(), "f") if value else "0"


def table_like_regions(document: Document, covered: list[tuple[int, int]]) -> list[UnreadRegion]:
    """Runs of lines with two or more figures each, outside every table we read: reported, not guessed."""
    regions: list[UnreadRegion] = []
    run: list[Line] = []
    for line in document.lines:
        inside = any(first <= line.index <= last for first, last in covered)
        row = None if inside else split_row(line.text)
        if row is not None and len(row.atoms) >= 2 and "%" not in row.units:
            if run and line.index - run[-1].index > 2:
                regions.extend(_region(run))
                run = []
            run.append(line)
        elif run and (inside or line.index - run[-1].index > 2):
            regions.extend(_region(run))
            run = []
    regions.extend(_region(run))
    return regions


def _region(run: list[Line]) -> list[UnreadRegion]:
    if len(run) < MIN_TABLE_LIKE_ROWS:
        return []
    reason = f"{len(run)} rows of figures without a year header (Budget YYYY, Plan YYYY or bare years)"
    return [UnreadRegion(run[0].ref, run[-1].ref, reason)]
