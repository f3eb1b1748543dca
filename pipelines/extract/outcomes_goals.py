"""The goal map of an annual report: each indicator's target, its result and the report's verdict.

A goal map is a table (Mål | Utförande/aktiviteter | Mått | Resultat) per goal
area. OCR flattens it: the cells of a row end up on one line or in separate
paragraphs, and goal numbers are lost. Only what can be told is read:

- An area starts at the table heading followed by the area's name (`Individen`).
- Targets are the indicator phrases in it (`Indikator — 70 % av`, `minst 4
  aktiviteter`, `2 gånger per år`, `2 protokollförda`).
- Goal numbers come from layout: a target printed on the first line of a table
  row shares that line with the row's other cells. When every target of an area
  does so (or the area has one target), target k belongs to goal k. Otherwise
  which goal owns which target cannot be told (one goal may hold two targets),
  and the area is reported, not guessed.
- A result or verdict in the same row (`80 %`, `Målet delvis uppnått`) is that
  goal's. A result stated in the report's prose (`68 % anger att de får
  samordnat stöd, vilket inte uppnår målet om 70 %`) is paired with a goal only
  when its words are found in that goal's row and in no other's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.model import ExtractedFact, Extraction, Line, UnreadRegion
from pipelines.extract.outcomes_common import FactMaker, Passage, Vocabulary, paragraphs, word_count
from pipelines.extract.text import fold

AREAS = Vocabulary(
    {
        "individen": "individual",
        "individ": "individual",
        "utveckling": "development",
        "arbetssätt": "working_methods",
        "arbetsätt": "working_methods",
        "ekonomi": "economy",
    }
)
NUMBER_WORDS = {"en": 1, "ett": 1, "tva": 2, "tre": 3, "fyra": 4}
TARGETS = (
    (re.compile(r"\bindikator (?:minst |att )?(\d{1,3}) procent\b"), "pct"),
    (re.compile(r"\bminst (\d{1,3}) aktiviteter\b"), "count"),
    (re.compile(r"\b(\d{1,2}|en|ett|tva|tre|fyra) gang(?:er)? (?:per )?ar\b"), "count"),
    (re.compile(r"\b(\d{1,2}) protokollforda\b"), "count"),
)
_DONE = r"uppn[a-z](?:tt|dd)s?\b"  # uppnått, uppnådd, OCR uppnddd
VERDICTS = (
    (re.compile(rf"\b(?:inte|ej) (?:helt )?(?:{_DONE}|uppnar\b)"), 0),
    (re.compile(rf"\bdelvis {_DONE}"), 50),
    (re.compile(rf"(?<!inte )(?<!ej )(?<!delvis )(?<!helt )\b(?:malet (?:ar |har )?)?{_DONE}"), 100),
)
ROW_WORDS = 3  # words of other cells before a target on its line: the first line of a table row
AREA_WORDS_MAX = 12  # a longer line that is no table row is prose: the goal map has ended
AREA_LINES_MAX = 80
_STOPWORDS = {
    "anger",
    "under",
    "eller",
    "inte",
    "vilket",
    "malet",
    "malen",
    "procent",
    "indikator",
    "att",
    "det",
}
_ACTUAL = re.compile(r"\b(\d{1,3}) procent anger\b")
_STATED = re.compile(r"\bindikator(?:n)? var (\d{1,3}) procent resultatet blev (\d{1,3}) procent\b")
_GOAL_SCORE_MIN = 2


def goal_fold(text: str) -> str:
    """fold, keeping what a percent sign says: `'Indikator — 70 % av'` → `'indikator 70 procent av'`."""
    return fold(text.replace("%", " procent "))


@dataclass(frozen=True)
class Target:
    value: int
    unit: str
    line: Line
    first_of_row: bool


@dataclass(frozen=True)
class Goal:
    item: str
    target: Target
    row: list[Line]

    @property
    def row_text(self) -> str:
        return " ".join(goal_fold(line.text) for line in self.row)


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    lines: list[Line]


def read_goal_map(lines: list[Line], maker: FactMaker) -> Extraction:
    extraction = Extraction()
    areas = _areas(lines)
    goals: list[Goal] = []
    for area in areas:
        found = _goals(area, extraction.unread)
        goals += found
        for goal in found:
            extraction.facts += _row_facts(goal, maker)
    in_areas = {line.index for area in areas for line in area.lines}
    prose = [line for line in lines if line.index not in in_areas]
    extraction.facts += _prose_facts(prose, goals, maker)
    return _first_per_key(extraction)


def _areas(lines: list[Line]) -> list[Area]:
    areas: list[Area] = []
    index = 0
    while index < len(lines):
        if not _is_heading(lines[index]):
            index += 1
            continue
        named = _area_name(lines, index)
        if named is None:
            index += 1
            continue
        code, name_index = named
        body = _area_body(lines, name_index + 1)
        areas.append(Area(code, lines[name_index].text.strip(), body))
        index = name_index + 1 + len(body)
    return areas


def _is_heading(line: Line) -> bool:
    words = goal_fold(line.text).split()
    if not words or not words[0].startswith("mal"):
        return False
    return "utforande" in " ".join(words) or {"matt", "resultat"} <= set(words)


def _area_name(lines: list[Line], heading: int) -> tuple[str, int] | None:
    """The area named on one of the three lines after the heading (a line of its own)."""
    seen = 0
    for index in range(heading + 1, min(heading + 6, len(lines))):
        text = lines[index].text.strip()
        if not text:
            continue
        code = AREAS.match(text)
        if code:
            return code, index
        seen += 1
        if seen == 3:
            break
    return None


def _area_body(lines: list[Line], start: int) -> list[Line]:
    body: list[Line] = []
    for line in lines[start : start + AREA_LINES_MAX]:
        if _is_heading(line) or _is_prose(line):
            break
        body.append(line)
    return body


def _is_prose(line: Line) -> bool:
    """A long line that is no table row (no cell separator, no target): the goal map has ended."""
    if word_count(line.text) <= AREA_WORDS_MAX or re.search(r"[|\t]", line.text):
        return False
    folded = goal_fold(line.text)
    return not any(pattern.search(folded) for pattern, _ in TARGETS)


def _targets(area: Area) -> list[Target]:
    found: list[Target] = []
    for paragraph in paragraphs(area.lines):
        passage = Passage.of(paragraph, goal_fold)
        matches = [(match, unit) for pattern, unit in TARGETS for match in pattern.finditer(passage.text)]
        for match, unit in sorted(matches, key=lambda pair: pair[0].start()):
            printed = match.group(1)
            value = int(printed) if printed.isdigit() else NUMBER_WORDS[printed]
            first_of_row = word_count(passage.line_text_before(match.start())) >= ROW_WORDS
            found.append(Target(value, unit, passage.line_at(match.start(1)), first_of_row))
    return found


def _goals(area: Area, unread: list[UnreadRegion]) -> list[Goal]:
    targets = _targets(area)
    if not targets:
        return []
    if len(targets) > 1 and not all(target.first_of_row for target in targets):
        shown = ", ".join(f"{t.value}{' %' if t.unit == 'pct' else ''}" for t in targets)
        reason = (
            f"goal area {area.name!r}: {len(targets)} targets ({shown}) but the flattened table "
            "does not show which goal each belongs to"
        )
        unread.append(UnreadRegion(targets[0].line.ref, targets[-1].line.ref, reason))
        return []
    goals = []
    for number, target in enumerate(targets, start=1):
        end = targets[number].line.index if number < len(targets) else area.lines[-1].index + 1
        row = [line for line in area.lines if target.line.index <= line.index < end]
        goals.append(Goal(f"{area.code}:goal_{number}", target, row))
    return goals


def _row_facts(goal: Goal, maker: FactMaker) -> list[ExtractedFact]:
    target = goal.target
    facts = [
        maker.fact("indicator", "target", goal.item, target.value, target.unit, target.line.text, target.line)
    ]
    if target.unit == "pct":
        results = _row_percents(goal)
        if len(results) == 1:
            value, line = results[0]
            facts.append(maker.fact("indicator", "actual", goal.item, value, "pct", line.text, line))
    verdicts = {(score, line.index): line for line in goal.row for score in _verdicts(goal_fold(line.text))}
    if len({score for score, _ in verdicts}) == 1:
        (score, _), line = next(iter(verdicts.items()))
        facts.append(maker.fact("indicator", "assessment", goal.item, score, "pct", line.text, line))
    return facts


def _row_percents(goal: Goal) -> list[tuple[int, Line]]:
    """Percentages in the goal's row other than its target phrase: the Resultat cell."""
    found = []
    for line in goal.row:
        text = goal_fold(line.text)
        for pattern, _ in TARGETS:
            text = pattern.sub(" ", text)
        found += [(int(value), line) for value in re.findall(r"\b(\d{1,3}) procent\b", text)]
    return found


def _verdicts(text: str) -> list[int]:
    """Verdicts a folded text states, each once: `'malet delvis uppnatt'` → [50]."""
    found = []
    for pattern, score in VERDICTS:
        if pattern.search(text):
            found.append(score)
            text = pattern.sub(" ", text)
    return found


def _prose_facts(lines: list[Line], goals: list[Goal], maker: FactMaker) -> list[ExtractedFact]:
    """Results the report states in its text, paired with a goal only where the pairing is unambiguous."""
    percent_goals = [goal for goal in goals if goal.target.unit == "pct"]
    if not percent_goals:
        return []
    facts: list[ExtractedFact] = []
    for paragraph in paragraphs(lines):
        passage = Passage.of(paragraph)
        for start, end in _sentences(passage.text):
            facts += _sentence_facts(passage, start, end, percent_goals, maker)
    return facts


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; OCR drops the space after a full stop (`det.68 %`), so a stop before a capital
    or a digit ends one too."""
    bounds = [0] + [match.end() for match in re.finditer(r"[.!?](?=\s|[A-ZÅÄÖ0-9])", text)] + [len(text)]
    return [(start, end) for start, end in zip(bounds, bounds[1:], strict=False) if text[start:end].strip()]


def _sentence_facts(
    passage: Passage, start: int, end: int, goals: list[Goal], maker: FactMaker
) -> list[ExtractedFact]:
    sentence = passage.text[start:end]
    folded = goal_fold(sentence)
    stated = _STATED.search(folded)
    if stated:
        owner = _owner(_words(folded), goals)
        if owner is None or owner.target.value != int(stated.group(1)):
            return []
        line = _line_of_number(passage, start, sentence, stated.group(2), after="blev")
        label = _clause(sentence, r"blev")
        return [maker.fact("indicator", "actual", owner.item, int(stated.group(2)), "pct", label, line)]
    actuals = list(_ACTUAL.finditer(folded))
    if len(actuals) != 1:
        return []
    value = int(actuals[0].group(1))
    goal = _owner(_clause_words(sentence, actuals[0].group(1)), goals)
    if goal is None:
        return []
    line = _line_of_number(passage, start, sentence, actuals[0].group(1))
    label = _clause(sentence, rf"(?<!\d){value}\s*%")
    facts = [maker.fact("indicator", "actual", goal.item, value, "pct", label, line)]
    verdicts = _verdicts(folded)
    named = re.search(r"\bmalet om (\d{1,3}) procent\b", folded)
    if len(verdicts) == 1 and (named is None or int(named.group(1)) == goal.target.value):
        score = verdicts[0]
        if score == 50 or (score == 100) == (value >= goal.target.value):
            where = _line_of_verdict(passage, start, sentence)
            label = _clause(sentence, r"uppn")
            facts.append(maker.fact("indicator", "assessment", goal.item, score, "pct", label, where))
    return facts


def _clause(sentence: str, pattern: str) -> str:
    """The comma-delimited part of `sentence` that matches `pattern`: the label a figure is printed with."""
    for clause in sentence.split(","):
        if re.search(pattern, clause, re.IGNORECASE):
            return clause.strip()
    return sentence.strip()


def _clause_words(sentence: str, number: str) -> set[str]:
    """Words of the clause holding the result and of the clause before it (`de upplever ... , 80 % anger`)."""
    clauses = sentence.split(",")
    index = next((i for i, clause in enumerate(clauses) if re.search(rf"(?<!\d){number}\s*%", clause)), None)
    if index is None:
        return set()
    return _words(goal_fold(" ".join(clauses[max(index - 1, 0) : index + 1])))


def _words(folded: str) -> set[str]:
    return {word for word in folded.split() if len(word) >= 4 and word.isalpha() and word not in _STOPWORDS}


def _owner(words: set[str], goals: list[Goal]) -> Goal | None:
    """The one goal whose row shares at least two words with the clause that no other goal's row has."""
    rows = {goal.item: set(goal.row_text.split()) for goal in goals}
    scores = {}
    for goal in goals:
        others = set().union(*(row for item, row in rows.items() if item != goal.item))
        scores[goal.item] = len(words & (rows[goal.item] - others))
    winners = [goal for goal in goals if scores[goal.item] >= _GOAL_SCORE_MIN]
    if len(winners) != 1 or any(score for item, score in scores.items() if item != winners[0].item):
        return None
    return winners[0]


def _line_of_number(passage: Passage, start: int, sentence: str, number: str, after: str = "") -> Line:
    skip = sentence.lower().find(after) if after else 0
    found = re.search(rf"(?<!\d){number}\s*%", sentence[max(skip, 0) :])
    return passage.line_at(start + max(skip, 0) + (found.start() if found else 0))


def _line_of_verdict(passage: Passage, start: int, sentence: str) -> Line:
    found = re.search(r"uppn", sentence, re.IGNORECASE)
    return passage.line_at(start + (found.start() if found else 0))


def _first_per_key(extraction: Extraction) -> Extraction:
    """A goal's result stated both in its row and in the prose: the row's (the table) is kept."""
    seen: set[tuple] = set()
    kept = []
    for fact in extraction.facts:
        if fact.key not in seen:
            seen.add(fact.key)
            kept.append(fact)
    return Extraction(kept, extraction.unread)
