"""What a report says became of its goals: verdicts beside the targets, results stated in its prose.

A goal map's row often ends in the document's own verdict (`Målet uppnått`,
`Målet delvis uppnått`, `Målet ej uppnått`): an `assessment` of 100, 50 or
0 for the goal of the target on that row. The analysis after the map states
results as sentences (`… en tydlig inriktning …, 80 % anger att det`): an
`actual` for the goal whose own text shares the sentence's words, and only
when exactly one goal shares the most; a sentence that says the goal was
not reached (`vilket inte uppnår målet`) is that goal's assessment 0. All
of it is the document's word, never checked by arithmetic: unverified.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from pipelines.extract.interpret.emit import Read
from pipelines.extract.label_text import fold
from pipelines.extract.model import Document, ExtractedFact, Line

VERDICT_REACH = 3  # lines after a target's where its verdict may stand
GOAL_REACH = 12  # lines from a target's on which its goal may be printed
_VERDICTS = (
    (re.compile(r"\b(?:ej|inte|icke)\s+(?:helt\s+)?uppn(?:att|ar|add)\b"), 0),
    (re.compile(r"\bdelvis\s+uppn(?:att|add)\b"), 50),
    (re.compile(r"\bmalet\s+(?:ar\s+)?uppn(?:att|add)\b|\buppn(?:att|add)\s*$"), 100),
)
_STATED = re.compile(r"(?<![\d,])(\d{1,3})\s*%\s+(?:anger|uppger|svarar|upplever|instammer)\b")
_NOT_REACHED = re.compile(r"\b(?:inte|ej)\s+(?:nar|uppnar|natt|uppnatt)\s+malet\b")
_SENTENCE_END = re.compile(r"(?<=[a-zåäö)])\.(?=\s|\d|$)")
_STOP = {  # words of any goal's sentence, and of verdicts: they say nothing of which goal is meant
    "anger", "uppger", "svarar", "upplever", "deltagarna", "deltagare", "procent", "andel", "under",
    "malet", "malen", "vilket", "uppnar", "uppnatt", "delvis", "indikator", "enkaten", "enkatundersokning",
}  # fmt: skip
MIN_WORD = 5  # shorter words (`att`, `det`, `stöd`) say nothing of which goal is meant


def read_goal_results(document: Document, targets: list[ExtractedFact]) -> Read:
    read = Read()
    targets = [fact for fact in targets if fact.record_type == "indicator" and fact.code == "target"]
    if not targets or document.kind != "arsredovisning":
        return read
    lines = list(document.lines)
    by_ref = {line.ref: line for line in lines}
    read.facts += _verdicts(targets, lines, by_ref)
    read.facts += _stated(targets, lines, by_ref)
    return read


def _verdicts(
    targets: list[ExtractedFact], lines: list[Line], by_ref: dict[str, Line]
) -> list[ExtractedFact]:
    found = []
    target_lines = {by_ref[fact.source_line].index for fact in targets if fact.source_line in by_ref}
    for fact in targets:
        line = by_ref.get(fact.source_line)
        if line is None:
            continue
        for offset in range(VERDICT_REACH + 1):
            index = line.index + offset
            if index >= len(lines) or (offset and index in target_lines):
                break
            verdict = verdict_of(lines[index].text)
            if verdict is not None:
                found.append(_derived(fact, "assessment", Decimal(verdict), lines[index]))
                break
    return found


def verdict_of(text: str) -> int | None:
    """`Målet delvis uppnått` → 50; None when the text gives no verdict."""
    folded = fold(text)
    if "mal" not in folded and "uppn" not in folded:
        return None
    for pattern, value in _VERDICTS:
        if pattern.search(folded):
            return value
    return None


def _stated(targets: list[ExtractedFact], lines: list[Line], by_ref: dict[str, Line]) -> list[ExtractedFact]:
    """Results stated in sentences, each paired with the one goal whose text shares most of its words."""
    contexts = _goal_texts(targets, lines, by_ref)
    after_map = max((by_ref[f.source_line].index for f in targets if f.source_line in by_ref), default=0) + 1
    found: list[ExtractedFact] = []
    taken: set[str] = set()
    for sentence, line in _sentences(lines[after_map:]):
        for match in _STATED.finditer(sentence):
            fact = _goal_of(_around(sentence, match.start()), contexts, taken)
            if fact is None:
                continue
            taken.add(fact.item)
            found.append(_derived(fact, "actual", Decimal(match.group(1)), line))
            if _NOT_REACHED.search(sentence):
                found.append(_derived(fact, "assessment", Decimal(0), line))
    return found


def _goal_texts(
    targets: list[ExtractedFact], lines: list[Line], by_ref: dict[str, Line]
) -> list[tuple[ExtractedFact, set[str]]]:
    """Each target with the words of its goal: its lines up to the next target's, the end of the map or
    a dozen lines."""
    placed = sorted(
        ((by_ref[f.source_line].index, f) for f in targets if f.source_line in by_ref and f.unit == "pct"),
        key=lambda pair: pair[0],
    )
    found = []
    for position, (start, fact) in enumerate(placed):
        end = min(placed[position + 1][0] if position + 1 < len(placed) else len(lines), start + GOAL_REACH)
        own = [start]
        for index in range(start + 1, end):
            if _prose(lines[index].text):
                break  # the map ended: running text follows
            own.append(index)
        found.append((fact, _words(" ".join(lines[index].text for index in own))))
    return found


def _prose(text: str) -> bool:
    return len(text.split()) >= 8 and text.rstrip().endswith(".")


def _around(sentence: str, position: int) -> str:
    """The clause that states the figure and its neighbours: what the figure is said of."""
    clauses = [(m.start(), m.group(0)) for m in re.finditer(r"[^,;]+", sentence)]
    at = max((i for i, (start, _) in enumerate(clauses) if start <= position), default=0)
    return " ".join(text for _, text in clauses[max(0, at - 1) : at + 2])


def _goal_of(sentence: str, contexts, taken: set[str]) -> ExtractedFact | None:
    words = _words(sentence)
    scored = sorted(
        ((len(words & goal_words), fact) for fact, goal_words in contexts if fact.item not in taken),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", fold(text)) if len(word) >= MIN_WORD and word not in _STOP}


def _sentences(lines: list[Line]) -> list[tuple[str, Line]]:
    """Sentences of running text, each with the line its last figure is printed on."""
    found: list[tuple[str, Line]] = []
    current, last = "", None
    for line in lines:
        text = line.text.strip()
        if not text:
            if current:
                found.append((current, last))
            current, last = "", None
            continue
        pieces = _SENTENCE_END.split(text)
        for index, piece in enumerate(pieces):
            current = f"{current} {piece}".strip()
            last = line if _STATED.search(piece) or last is None else last
            if index < len(pieces) - 1:
                found.append((current, last))
                current, last = "", None
    if current:
        found.append((current, last))
    return found


def _derived(target: ExtractedFact, code: str, value: Decimal, line: Line) -> ExtractedFact:
    return replace(
        target,
        code=code,
        value=value,
        unit="pct",
        raw_label=" ".join(line.text.split())[:200],
        source_line=line.ref,
        status="unverified",
        message=None,
    )
