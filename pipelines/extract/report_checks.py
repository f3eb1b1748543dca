"""Statuses for an annual report's figures: every total against its parts, every statement against
its identities and against the same quantity printed in another statement.

- verified: the figure takes part in an identity that holds, or equals the same quantity printed
  elsewhere (the balance sheet's year result and the income statement's), and its row is certain.
- conflict: a printed total that contradicts its complete, certain parts; the message gives both
  numbers. Parts are incomplete when a part row is blank in this column but printed in another
  column of the same table, or when the table is a summary that leaves out items the income
  statement shows; then a mismatch is a remark, not a conflict.
- unverified: everything else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pipelines.extract.report_vocabulary import SAME_QUANTITY, Identity, identities


@dataclass
class Candidate:
    """A figure on its way to becoming a fact, with what the checks found."""

    record_type: str
    code: str
    item: str
    year: int
    scenario: str
    value: Decimal
    unit: str
    raw_label: str
    line: str
    table: int
    certain: bool = True
    remarks: list[str] = field(default_factory=list)
    verified: bool = False
    conflict: str | None = None

    @property
    def key(self) -> tuple:
        return (self.record_type, self.code, self.item, self.year, self.scenario)

    @property
    def status(self) -> str:
        if self.conflict:
            return "conflict"
        return "verified" if self.verified else "unverified"

    @property
    def message(self) -> str | None:
        if self.conflict:
            return self.conflict
        return "; ".join(dict.fromkeys(self.remarks)) or None


class _Index:
    def __init__(self, candidates: list[Candidate]):
        self.by_code: dict[tuple, list[Candidate]] = defaultdict(list)
        for candidate in candidates:
            self.by_code[(candidate.code, candidate.year, candidate.scenario)].append(candidate)
        self.first_by_total: dict[str, Identity] = {}
        for identity in identities():
            self.first_by_total.setdefault(identity.total, identity)

    def total(self, code: str, year: int, scenario: str) -> Candidate | None:
        found = [c for c in self.by_code.get((code, year, scenario), []) if not c.item]
        return found[0] if len(found) == 1 else None

    def effective(
        self, code: str, year: int, scenario: str, sign: int = 1, depth: int = 0
    ) -> list[tuple[int, Candidate]]:
        """The signed figures that make up `code` this year: its own rows, else its parts' rows."""
        own = self.by_code.get((code, year, scenario))
        if own:
            return [(sign, candidate) for candidate in own]
        identity = self.first_by_total.get(code)
        if identity is None or depth > 4:
            return []
        found: list[tuple[int, Candidate]] = []
        for coefficient, part in identity.parts:
            found.extend(self.effective(part, year, scenario, sign * coefficient, depth + 1))
        return found


def reconcile(
    candidates: list[Candidate],
    printed: set[tuple[int, str, int, str]] | None = None,
    incomplete: set[tuple[int, int, str]] | None = None,
) -> None:
    """Set verified / conflict and remarks on `candidates` in place.

    `printed`: (table, code, year, scenario) of every figure read, before duplicates across tables
    were dropped. `incomplete`: (table, year, scenario) of columns with a figure not read or coded.
    """
    index = _Index(candidates)
    context = _Context(
        printed if printed is not None else {(c.table, c.code, c.year, c.scenario) for c in candidates},
        incomplete or set(),
    )
    for identity in identities():
        for candidate in candidates:
            if candidate.code == identity.total and not candidate.item:
                _check_identity(identity, candidate, index, context)
    _check_same_quantity(candidates, index)
    _check_soliditet(candidates, index)


@dataclass(frozen=True)
class _Context:
    printed: set[tuple[int, str, int, str]]
    incomplete: set[tuple[int, int, str]]


def _check_identity(identity: Identity, total: Candidate, index: _Index, context: _Context) -> None:
    signed = [
        pair
        for coefficient, part in identity.parts
        for pair in index.effective(part, total.year, total.scenario, coefficient)
    ]
    if not signed:
        return
    used = [candidate for _, candidate in signed]
    summed = sum((coefficient * candidate.value for coefficient, candidate in signed), Decimal(0))
    if summed == total.value:
        for candidate in (total, *used):
            candidate.verified = candidate.verified or candidate.certain
        return
    if len(identity.parts) == 1 and identity.parts[0][0] == 1:
        message = f"printed {_plain(total.value)}, {identity.parts[0][1]} is {_plain(summed)}"
    else:
        message = f"printed {_plain(total.value)}, parts sum to {_plain(summed)}"
    certain = total.certain and all(candidate.certain for candidate in used)
    reason = _incompleteness(identity, total, index, context)
    if identity.strict and certain and reason is None:
        total.conflict = message
    else:
        total.remarks.append(f"{message} ({reason or 'a part is placed on its row by layout clues only'})")


def _incompleteness(identity: Identity, total: Candidate, index: _Index, context: _Context) -> str | None:
    """Why the printed parts cannot be the whole of this total, if they cannot."""
    if not identity.strict:
        return "the table leaves items out"
    if _omits(identity, total, index):
        return "the table leaves out items the income statement shows"
    if (total.table, total.year, total.scenario) in context.incomplete:
        return "a figure in this column could not be read"
    if _blank_part(identity, total, context.printed, index):
        return "a part printed in another column is blank in this one"
    return None


def _omits(identity: Identity, total: Candidate, index: _Index) -> bool:
    for code in identity.omits:
        found = index.by_code.get((code, total.year, "outcome"), [])
        if total.scenario == "outcome" and any(candidate.value for candidate in found):
            return True
    return False


def _blank_part(identity: Identity, total: Candidate, printed: set, index: _Index) -> bool:
    """A part row of the same table printed in another column but not in this one."""
    codes = _descendants(identity, index)
    here = {
        code
        for table, code, year, scenario in printed
        if (table, year, scenario) == (total.table, total.year, total.scenario)
    }
    elsewhere = {code for table, code, _, _ in printed if table == total.table and code in codes}
    return any(code not in here for code in elsewhere)


def _descendants(identity: Identity, index: _Index, depth: int = 0) -> set[str]:
    codes: set[str] = set()
    for _, part in identity.parts:
        codes.add(part)
        inner = index.first_by_total.get(part)
        if inner is not None and depth < 4:
            codes |= _descendants(inner, index, depth + 1)
    return codes


def _check_same_quantity(candidates: list[Candidate], index: _Index) -> None:
    for candidate in candidates:
        if candidate.scenario != "outcome" or candidate.item:
            continue
        for code, other_code, shift in SAME_QUANTITY:
            if candidate.code != code:
                continue
            other = index.total(other_code, candidate.year + shift, "outcome")
            if other is None:
                continue
            if other.value == candidate.value:
                candidate.verified = candidate.verified or candidate.certain
                other.verified = other.verified or other.certain
            else:
                candidate.remarks.append(f"{other_code} {other.year} is {_plain(other.value)}")


def _check_soliditet(candidates: list[Candidate], index: _Index) -> None:
    """Soliditet = equity / total assets × 100, as printed (to its printed precision)."""
    for candidate in candidates:
        if candidate.code != "kf_soliditet":
            continue
        equity = index.total("br_equity_total", candidate.year, "outcome")
        assets = index.total("br_assets_total", candidate.year, "outcome")
        if equity is None or assets is None or not assets.value:
            continue
        exponent = candidate.value.as_tuple().exponent
        ratio = (equity.value / assets.value * 100).quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP)
        if ratio == candidate.value:
            candidate.verified = candidate.verified or candidate.certain


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"
