"""Budget tables (a plan's budget, an annual report's driftredovisning or cost notes) as budget_line facts.

Rows are placed top to bottom with the total they are printed under in mind:
a heading or a total printed above its parts (`Styrelsen`, `Projektkostnader`,
`Kostnader för insatser`) opens a group, so `Övrigt` under `Styrelsen` is
board_other and any name under `Projektkostnader` is an intervention (its
item the name's slug); a `Summa …` row, or a row the group cannot hold,
closes it. Members are found by name (`vocabulary.members`), so a plan of a
federation never seen maps its own municipalities. A row no label places
still counts in the totals it is printed among, and goes to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pipelines.extract.interpret.columns import Target, caption_year, row_readings, target_of
from pipelines.extract.interpret.emit import Read, emit, table_to_review
from pipelines.extract.interpret.placed import Placed, choose
from pipelines.extract.interpret.units import table_unit
from pipelines.extract.label_text import closes_a_sum, fold, slugify
from pipelines.extract.model import NO_HEADER, Document, Line
from pipelines.extract.reconcile.checks import budget_checks
from pipelines.extract.reconcile.identities import budget_parents, budget_sections, budget_totals
from pipelines.extract.tables.table import Table
from pipelines.extract.vocabulary import Match, Vocabulary
from pipelines.extract.vocabulary.members import member_of

KIND = "budget"


def read_budget(
    table: Table, document: Document, vocabulary: Vocabulary, lines: list[Line], result_checked: bool = True
) -> Read:
    if table.header is None:
        return table_to_review(document, table, NO_HEADER)
    caption = caption_year(f"{table.caption_text} {table.header.corner}", document)
    targets = [target_of(column, document, caption) for column in table.header.columns]
    placed = place_rows(table, document, vocabulary)
    amounts = [v.amount for p in placed for r in p.readings for v in r if v is not None and not v.is_percent]
    multiplier, _ = table_unit(table, lines, amounts)

    rounding = multiplier if multiplier >= 1000 else Decimal(0)

    def checker(slots, target: Target):
        return budget_checks(slots, result_checked and target.scenario != "outcome", rounding)

    choice = choose(placed, targets, multiplier, checker, value_of=budget_value)
    return emit(document, placed, choice, targets, "budget_line", "sek", budget_value, multiplier)


def budget_value(match: Match | None, amount: Decimal) -> Decimal:
    """Costs and income as magnitudes, the result signed."""
    if match is None or match.code in ("result",):
        return amount
    return abs(amount)


def place_rows(table: Table, document: Document, vocabulary: Vocabulary) -> list[Placed]:
    """Every row with its possible codes, in the context of the groups it is printed in."""
    placed: list[Placed] = []
    groups = _Groups()
    for index, row in enumerate(table.rows):
        if row.heading:
            groups.heading(row, vocabulary)
            continue
        p = Placed(row, index, readings=row_readings(row, table.header))
        codes, group = groups.lookup(row, vocabulary)
        member = (
            member_of(vocabulary.names, document.federation_id, row.label)
            if groups.section != "cost"
            else None
        )
        if member is not None and (not codes or _generic(codes)):
            codes = [Match(member.code, member.item, 100.0, codes[0].entry if codes else None)]
        if group == "interventions_total" and not groups.tentative and not _stops_interventions(codes):
            p.codes = [Match("intervention", slugify(row.label), 100.0, None)]
        else:
            p.codes = [_with_item(code, row.label) for code in codes]
        if not p.codes:
            p.parent_hint = group
            if groups.tentative:  # an unmarked name under `Projektkostnader 5`: a part only if it adds up
                p.tentative = Match("intervention", slugify(row.label), 100.0, None)
        placed.append(p)
        groups.after(p, row)
    return placed


@dataclass(frozen=True)
class _Group:
    """A total whose parts follow: opened by a heading (every row until a `Summa` belongs) or by a
    total printed above its parts (only rows set off under it, or its own parts, belong)."""

    code: str
    by_heading: bool = False
    indent: float = 0.0

    def holds(self, row, code: str | None, own_part: bool) -> bool:
        if own_part or row.part_mark or row.indent > self.indent:
            return True
        return self.by_heading and (
            code is None or code == "intervention" or self.code in budget_parents().get(code, ())
        )


class _Groups:
    """The groups open at a row, innermost last, and the side of the budget (income or costs) it is on."""

    def __init__(self):
        self.stack: list[_Group] = []
        self.section: str | None = None
        self.tentative = False  # the row is an unknown label right under interventions printed above it

    def lookup(self, row, vocabulary: Vocabulary) -> tuple[list[Match], str | None]:
        """The row's possible codes and the group it belongs to; groups it is outside of are closed."""
        self.tentative = False
        while self.stack:
            group = self.stack[-1]
            codes = vocabulary.lookup(KIND, row.label, under=group.code)
            own_part = bool(codes) and codes[0].entry is not None and codes[0].entry.under == group.code
            if group.holds(row, codes[0].code if codes else None, own_part):
                return codes, group.code
            if not codes and group.code == "interventions_total" and not group.by_heading:
                self.tentative = True
                return codes, group.code
            self.stack.pop()
        return vocabulary.lookup(KIND, row.label), None

    def heading(self, row, vocabulary: Vocabulary) -> None:
        """A label without figures opens the group it names, or says which side of the budget follows."""
        codes = vocabulary.lookup(KIND, row.label)
        folded = fold(row.label)
        if codes and codes[0].code in budget_totals():
            code = codes[0].code
            while self.stack and self.stack[-1].code not in budget_parents().get(code, ()):
                self.stack.pop()
            self.stack.append(_Group(code, True, row.indent))
            side = budget_sections().get(code)
            self.section = side if side in ("income", "cost") else self.section
        elif "kostnad" in folded or "utgift" in folded:
            self.stack, self.section = [], "cost"
        elif "intakt" in folded or "finansiering" in folded or "bidrag" in folded:
            self.stack, self.section = [], "income"

    def after(self, p: Placed, row) -> None:
        """A `Summa` row closes its group; a total printed above its parts opens one."""
        code = p.codes[0].code if p.codes else None
        if code is None:
            return
        side = budget_sections().get(code)
        self.section = side if side in ("income", "cost") else self.section
        if closes_a_sum(row.label):
            while (
                self.stack
                and self.stack[-1].code != code
                and code not in budget_parents().get(self.stack[-1].code, ())
            ):
                self.stack.pop()
            if self.stack and self.stack[-1].code == code:
                self.stack.pop()
            return
        if code in budget_totals() and code != "intervention":
            self.stack.append(_Group(code, False, row.indent))


def _with_item(match: Match, label: str) -> Match:
    """Other income is itemised by its source: the label's slug when the vocabulary gives none."""
    if match.code == "other_income" and not match.item:
        return Match(match.code, slugify(label), match.score, match.entry)
    return match


def _generic(codes: list[Match]) -> bool:
    return all(code.code in ("contribution_region", "contribution_state") for code in codes)


def _stops_interventions(codes: list[Match]) -> bool:
    """A row under `Projektkostnader` is an intervention unless its label names another budget line."""
    return bool(codes) and codes[0].score >= 100 and codes[0].code != "intervention"
