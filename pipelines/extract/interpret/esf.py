"""Which non-member income is ESF money: the one the text gives ESF's amount.

A report may print the ESF funds it received under the organisation that
passed them on (`Skellefteå Samordningsförbund`) and say in its text what
they are (`320 000 kr ESF medel`). A row of other income whose amount the
text gives for ESF in some year is `esf` in every year it is printed, so a
plan's `ESF medel` and a report's row meet in budget against outcome.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from pipelines.extract.interpret.prose import AMOUNT, amount_of
from pipelines.extract.label_text import fold
from pipelines.extract.model import ExtractedFact, Line

ESF = "esf"


def esf_amounts(lines: list[Line]) -> set[Decimal]:
    """Amounts in kronor the text gives on a line naming ESF."""
    found: set[Decimal] = set()
    for line in lines:
        if any(word.startswith(ESF) for word in fold(line.text).split()):
            found |= {amount_of(match) for match in AMOUNT.finditer(line.text)}
    return found


def named_esf(facts: list[ExtractedFact], lines: list[Line]) -> list[ExtractedFact]:
    """The facts with other income the text calls ESF money itemised `esf`."""
    amounts = esf_amounts(lines)
    labels = {
        fact.raw_label
        for fact in facts
        if fact.code == "other_income" and fact.item != ESF and fact.value in amounts
    }
    if not labels:
        return facts
    return [
        replace(fact, item=ESF, message=_said(fact.message, fact.raw_label))
        if fact.code == "other_income" and fact.raw_label in labels
        else fact
        for fact in facts
    ]


def _said(message: str | None, label: str) -> str:
    said = f"printed as {label.lstrip('- ')}; the text gives ESF money this amount"
    return f"{message}; {said}" if message else said
