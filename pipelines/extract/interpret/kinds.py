"""What kind of table a table is: its caption's words, its column headings and its row labels vote.

Kinds are those of `seeds/table_kinds.csv` and the vocabulary: budget,
income_statement, balance_sheet, cash_flow, key_figures, cost_distribution,
participants, exits, survey; `notes` and `balance_requirement` are kinds
with no facts of their own (their rows go to review unless a note's rows are
budget lines). A table no kind wins is not guessed at.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from pipelines.extract.interpret.counts import age_band
from pipelines.extract.label_text import fold
from pipelines.extract.model import Document
from pipelines.extract.tables.table import Table
from pipelines.extract.vocabulary import RECORD_TYPES, Vocabulary, table_titles

TITLE_WEIGHT = 3.0
# A kind needs this many of the table's labels (or all of a short table's) to win; one is enough when
# the caption names the kind (`Driftredovisning`) or the columns do (`Budget 2031`).
MIN_LABELS = 2


def table_kind(table: Table, document: Document, vocabulary: Vocabulary) -> str | None:
    if _answer_columns(table) >= 2:
        return "survey"  # `Fråga | Ja | Nej | Delvis`: the rows are questions, no vocabulary names them
    scores: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    value_rows = table.value_rows or [row for row in table.rows if row.label]
    for row in value_rows:
        for kind in RECORD_TYPES:
            if vocabulary.lookup(kind, row.label):
                labels[kind] += 1
        if age_band(row.label):
            labels["participants"] += 1
    for kind, count in labels.items():
        scores[kind] += count
    _title_votes(table, scores)
    titled = {kind for kind, score in scores.items() if score >= TITLE_WEIGHT * 0.5 and kind not in labels}
    titled |= {kind for kind in labels if scores[kind] - labels[kind] >= TITLE_WEIGHT * 0.5}
    _column_votes(table, document, scores)
    if not scores:
        return None
    (best, top), *rest = scores.most_common() + [("", 0)]
    if best not in RECORD_TYPES:
        return best if top >= TITLE_WEIGHT else None
    named = best in titled or (best == "budget" and _budget_columns(table))
    needed = 1 if named else min(MIN_LABELS, len(value_rows))
    if labels[best] < needed or top <= 0:
        return None
    if rest and rest[0][1] == top and rest[0][0] in RECORD_TYPES:
        return _tie(best, rest[0][0], table)
    return best


def _answer_columns(table: Table) -> int:
    header = table.header
    if header is None:
        return 0
    return sum(c.measure in ("yes", "no", "partly", "question") for c in header.columns)


def _budget_columns(table: Table) -> bool:
    """Columns headed `Budget`/`Plan` make a budget of a table with one known label among interventions."""
    header = table.header
    return header is not None and any(c.scenario in ("budget", "plan") for c in header.columns)


def _title_votes(table: Table, scores: Counter) -> None:
    captions = [fold(line.text) for line in table.caption[-3:]]
    if table.header is not None:
        captions.append(fold(table.header.corner))
    weights = _weights(len(captions))
    for kind in table_titles():
        for weight, caption in zip(weights, captions, strict=True):
            if kind in _kinds_named(caption):
                scores[kind] += TITLE_WEIGHT * weight
                break


@lru_cache(maxsize=4096)  # captions (`Resultaträkning`, `Belopp i tkr`) repeat across a landing
def _kinds_named(caption: str) -> frozenset[str]:
    """The kinds whose title words the (folded) caption holds."""
    return frozenset(
        kind for kind, titles in table_titles().items() if any(title and title in caption for title in titles)
    )


def _weights(count: int) -> list[float]:
    """The nearest caption line counts most."""
    return [1.0 if index >= count - 2 else 0.5 for index in range(count)]


def _column_votes(table: Table, document: Document, scores: Counter) -> None:
    header = table.header
    if header is None:
        return
    columns = header.columns
    years = [c for c in columns if c.year is not None and c.role == "value"]
    measures = {c.measure for c in columns if c.measure}
    if len(years) >= 3 and not any(c.scenario for c in years) and document.kind == "arsredovisning":
        scores["key_figures"] += 2
    if any(c.role == "note" for c in columns) or any(c.dated for c in columns):
        scores["income_statement"] += 0.5
        scores["balance_sheet"] += 0.5
    if measures & {"count", "female", "male", "total"}:
        for kind in ("participants", "exits", "survey"):
            scores[kind] += 1
    if measures & {"yes", "no", "partly"}:
        scores["survey"] += 3
    if any(c.scenario in ("budget", "plan") for c in columns) or document.kind == "verksamhetsplan":
        scores["budget"] += 1


def _tie(first: str, second: str, table: Table) -> str | None:
    """Two kinds equally likely: a statement's labels are also a budget's and a five-year overview's."""
    pair = {first, second}
    if pair == {"income_statement", "key_figures"}:
        years = [c for c in (table.header.columns if table.header else ()) if c.year is not None]
        return "key_figures" if len(years) >= 3 else "income_statement"
    if "budget" in pair:
        return first if first != "budget" else second
    return first
