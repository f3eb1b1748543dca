"""Whether a table's money is printed in tkr or in kronor, decided by what the figures must agree with.

OCR'd reports state units that are wrong (`Belopp i kr.` over a cash flow in tkr,
`Belopp i tkr` over a cost distribution in kronor). A table's unit is the one under
which its figures equal the same quantities in the statements already read (the
year's result, total costs, closing cash); failing that, the one under which its
largest amount is a plausible year for a federation (0.1 to 1000 million kronor);
only then the header's word.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.extract.report_checks import Candidate
from pipelines.extract.report_vocabulary import SAME_QUANTITY

_PLAUSIBLE_KRONOR = (Decimal(100_000), Decimal(1_000_000_000))


def decide_scale(printed: list[Candidate], accepted: list[Candidate], hint: int | None, default: int) -> int:
    """1000 for tkr, 1 for kronor: by agreement with figures already read, else by magnitude (a
    federation's year is 0.1 to 1000 million kronor), else the stated unit."""
    money = [c for c in printed if c.unit == "sek"]
    if not money:
        return 1
    votes = {scale: _agreements(money, accepted, scale) for scale in (1000, 1)}
    if votes[1000] != votes[1]:
        return max(votes, key=votes.get)
    biggest = max(abs(c.value) for c in money)
    plausible = [s for s in (1000, 1) if _PLAUSIBLE_KRONOR[0] <= biggest * s <= _PLAUSIBLE_KRONOR[1]]
    if len(plausible) == 1:
        return plausible[0]
    return hint or default


def _agreements(money: list[Candidate], accepted: list[Candidate], scale: int) -> int:
    known = {(c.code, c.year): c.value for c in accepted if c.scenario == "outcome" and not c.item}
    count = 0
    for candidate in money:
        if candidate.scenario != "outcome" or candidate.item or not candidate.value:
            continue
        for left, right, shift in SAME_QUANTITY:
            if candidate.code == left:
                other = known.get((right, candidate.year + shift))
            elif candidate.code == right:
                other = known.get((left, candidate.year - shift))
            else:
                continue
            if other is not None and other == candidate.value * scale:
                count += 1
    return count


def scaled(printed: list[Candidate], scale: int) -> list[Candidate]:
    for candidate in printed:
        if candidate.unit == "sek":
            candidate.value = candidate.value * scale
    return printed
