"""Survey results printed as charts: who was asked, who answered, and Ja / Nej / Delvis per question.

An OCR'd report prints each question as a pie chart. What survives is the
chart's title (`Enkät styrelsen`: the respondent group), the question heading
(`Fråga 2`, OCR `Fraga`, `Fréga`, `Fragal`) and the legend counts (`m Ja 25
individer`). OCR moves headings into a neighbouring chart's legend, so where
chart titles are printed they, not the headings, delimit the charts, and the
k-th chart gets the k-th heading's number. Without titles (a clean layout) the
headings delimit them. The group's introduction (`Enkät gick ut till 40
individer, varav 31 svarade`) gives each question's `sent` and respondents;
answers that add up to the respondents are `verified`, otherwise they are
kept `unverified` and the chart goes to review. A question's item is
`<group>:fraga_<number>`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from pipelines.extract.interpret.emit import Read, review_row
from pipelines.extract.interpret.survey_text import group_of
from pipelines.extract.label_text import fold
from pipelines.extract.model import Document, ExtractedFact, Line, paragraphs

OCR_ZERO = "O"  # OCR prints a zero as the letter O; read so only where a count must stand
OCR_ZERO_NOTE = "OCR 'O' read as 0"
ANSWER_CODES = {"ja": "yes", "nej": "no", "delvis": "partly"}
SECTION_GAP = 40  # lines without survey matter after which answers no longer belong to the last survey

_NOUNS = r"individer|personer|deltagare|ledam[öo]ter|svar|st"
_ANSWER = re.compile(
    rf"(?<![^\W\d_])(?P<word>ja|nej|delvis)\s*:?\s*"
    rf"(?:(?P<count>\d{{1,4}})(?=\s*$|\s+(?:{_NOUNS})\b|\s*[,;|(]|\s+[^\w\s]|\s+m?\s*(?:ja|nej|delvis)\b)"
    rf"|(?P<zero>{OCR_ZERO})(?=\s+(?:{_NOUNS})\b))"
    rf"(?:\s+(?:{_NOUNS})\b)?",
    re.IGNORECASE,
)
_INTRO = re.compile(
    r"(?:gick\s+ut|skickades(?:\s+ut)?|skickats(?:\s+ut)?)\s+till\s+(?P<sent>\d{1,5})\s+(?P<noun>[^\s,.]+)"
    r"[,\s]+(?:varav\s+|och\s+|av\s+dessa\s+)?(?P<respondents>\d{1,5})\s+(?:[^\W\d_]+\s+)?(?:har\s+)?"
    r"(?:svarade|svarat|besvarade)",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"^fr[a-z]ga ?(?P<number>\d{1,2}|[li])(?: |$)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Intro:
    group: str | None
    sent: int
    respondents: int
    sent_line: Line
    respondents_line: Line
    sent_label: str
    respondents_label: str

    @property
    def line(self) -> Line:
        return self.respondents_line


@dataclass(frozen=True)
class Title:
    group: str
    line: Line


@dataclass(frozen=True)
class Question:
    number: int | None  # None when OCR damaged the digit (`Fragal`)
    printed: str
    line: Line


@dataclass(frozen=True)
class Answer:
    code: str
    count: int
    label: str
    line: Line
    column: int
    note: str | None = None


@dataclass
class Chart:
    answers: dict[str, Answer] = field(default_factory=dict)
    number: int | None = None
    number_note: str | None = None

    @property
    def first(self) -> Line:
        return min((answer.line for answer in self.answers.values()), key=lambda line: line.index)

    @property
    def last(self) -> Line:
        return max((answer.line for answer in self.answers.values()), key=lambda line: line.index)


Event = Intro | Title | Question | Answer


@dataclass
class Section:
    """One survey: its introduction (when printed), its respondent group, and what follows in order."""

    intro: Intro | None
    group: str | None
    events: list[Event] = field(default_factory=list)
    last_index: int = 0


@dataclass(frozen=True)
class _Unread:
    """A stretch the reader could not read with certainty: it goes to review."""

    first: Line
    last: Line
    reason: str


def read_survey_charts(document: Document) -> Read:
    lines = list(document.lines)
    read = Read()
    if document.fiscal_year is None:
        return read
    unread: list[_Unread] = []
    events: list[Event] = [*_intros(lines), *_titles(lines), *_questions(lines), *_answers(lines)]
    events.sort(key=lambda event: (event.line.index, getattr(event, "column", -1)))
    emitted: set[tuple] = set()
    for section in _sections(events, unread):
        section_facts = _section_facts(section, document, unread)
        if any(fact.key in emitted for fact in section_facts):
            reason = f"a second {section.group} survey; its figures are not read"
            unread.append(_Unread(section.events[0].line, section.events[-1].line, reason))
            continue
        emitted.update(fact.key for fact in section_facts)
        read.facts += section_facts
        read.lines |= {event.line.ref for event in section.events}
    for stretch in unread:
        read.review.append(
            review_row(document, stretch.first.ref, "", stretch.first.text.strip(), stretch.reason)
        )
    return read


@dataclass(frozen=True)
class Passage:
    """Lines joined into one string, so a phrase broken over lines still matches; offsets map back."""

    lines: tuple[Line, ...]
    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, lines: list[Line]) -> Passage:
        parts, starts, offset = [], [], 0
        for line in lines:
            piece = line.text.strip()
            starts.append(offset)
            parts.append(piece)
            offset += len(piece) + 1
        return cls(tuple(lines), " ".join(parts), tuple(starts))

    def line_at(self, offset: int) -> Line:
        return self.lines[max(bisect_right(self.starts, offset) - 1, 0)]


def _read_count(token: str) -> tuple[int, str | None]:
    return (0, OCR_ZERO_NOTE) if token == OCR_ZERO else (int(token), None)


def _joined(*notes: str | None) -> str | None:
    kept = [note for note in notes if note]
    return "; ".join(dict.fromkeys(kept)) or None


def _intros(lines: list[Line]) -> list[Intro]:
    found = []
    for paragraph in paragraphs(lines):
        passage = Passage.of(paragraph)
        for match in _INTRO.finditer(passage.text):
            sent, respondents = int(match.group("sent")), int(match.group("respondents"))
            if respondents > sent:
                continue
            group = _intro_group(passage.text, match)
            found.append(
                Intro(
                    group,
                    sent,
                    respondents,
                    passage.line_at(match.start("sent")),
                    passage.line_at(match.start("respondents")),
                    passage.text[match.start() : match.end("noun")],
                    passage.text[match.end("noun") : match.end()].strip(" ,"),
                )
            )
    return found


def _intro_group(text: str, match: re.Match) -> str | None:
    """The group the recipients' noun names (`styrelseledamöter`), else the one the sentence and the one
    before it speak of (`... enkätundersökning medlemmarna ... gick ut till 30 personer`)."""
    by_noun = group_of(fold(match.group("noun")))
    if by_noun:
        return by_noun
    sentences = _SENTENCE_END.split(text[: match.start()])
    return group_of(fold(" ".join(sentences[-2:])))


def _titles(lines: list[Line]) -> list[Title]:
    found = []
    for line in lines:
        words = fold(line.text).split()
        if 2 <= len(words) <= 5 and words[0] in ("enkat", "enkaten") and not re.search(r"\d", line.text):
            group = group_of(" ".join(words[1:]))
            if group:
                found.append(Title(group, line))
    return found


def _questions(lines: list[Line]) -> list[Question]:
    found = []
    for line in lines:
        match = _QUESTION.match(fold(line.text))
        if match:
            printed = match.group("number")
            found.append(Question(int(printed) if printed.isdigit() else None, line.text.strip(), line))
    return found


def _answers(lines: list[Line]) -> list[Answer]:
    found = []
    for line in lines:
        for match in _ANSWER.finditer(line.text):
            count, note = _read_count(match.group("count") or OCR_ZERO)
            code = ANSWER_CODES[match.group("word").lower()]
            found.append(Answer(code, count, match.group(0).strip(), line, match.start(), note))
    return found


def _sections(events: list[Event], unread: list[_Unread]) -> list[Section]:
    """Events grouped by the survey they belong to: an introduction or a chart of a new group opens one."""
    sections: list[Section] = []
    for event in events:
        current = sections[-1] if sections else None
        stale = current is None or event.line.index - current.last_index > SECTION_GAP
        if isinstance(event, Intro):
            sections.append(Section(event, event.group, last_index=event.line.index))
            continue
        if isinstance(event, Title):
            if not stale and current.group is None:
                current.group = event.group
            elif not stale and current.group != event.group:
                if current.intro is not None and not any(
                    isinstance(e, (Title, Answer)) for e in current.events
                ):
                    reason = f"survey introduction names {current.group}, its charts {event.group}; not read"
                    unread.append(_Unread(current.intro.sent_line, event.line, reason))
                    current.intro, current.group = None, event.group
                else:
                    sections.append(Section(None, event.group, _trailing_questions(current)))
            elif stale:
                sections.append(Section(None, event.group))
        elif stale:
            sections.append(Section(None, None))
        sections[-1].events.append(event)
        sections[-1].last_index = event.line.index
    return sections


def _trailing_questions(section: Section) -> list[Question]:
    """Headings after a section's last answer belong to the charts that follow."""
    moved: list[Question] = []
    while section.events and isinstance(section.events[-1], Question):
        moved.insert(0, section.events.pop())
    return moved


def _charts(section: Section) -> tuple[list[Chart], list[Question], bool]:
    """Charts in order; a new one at each title (or heading, when no titles) and when a code repeats."""
    titled = any(isinstance(event, Title) for event in section.events)
    charts: list[Chart] = []
    questions: list[Question] = []
    for event in section.events:
        if isinstance(event, Title):
            charts.append(Chart())
        elif isinstance(event, Question):
            questions.append(event)
            if not titled:
                charts.append(Chart(number=event.number, number_note=event.printed))
        elif isinstance(event, Answer):
            if not charts or event.code in charts[-1].answers:
                charts.append(Chart())
            charts[-1].answers[event.code] = event
    return [chart for chart in charts if chart.answers], questions, titled


def _numbered(section: Section, unread: list[_Unread]) -> list[Chart]:
    charts, questions, titled = _charts(section)
    if not charts:
        return []
    first, last = charts[0].first, charts[-1].last
    numbers = _question_numbers(questions)
    if titled:
        paired = len(questions) == len(charts) and all(
            question.line.index <= chart.first.index
            for question, chart in zip(questions, charts, strict=True)
        )
        if not paired:
            reason = (
                f"{len(charts)} survey charts but {len(questions)} question headings; they cannot be paired"
            )
            unread.append(_Unread(first, last, reason))
            return []
        for chart, (number, note) in zip(charts, numbers, strict=True):
            chart.number, chart.number_note = number, note
    else:
        by_line = {question.line.index: numbers[index] for index, question in enumerate(questions)}
        for chart in charts:
            heading = _heading_of(chart, questions)
            chart.number, chart.number_note = by_line[heading.line.index] if heading else (None, None)
    unnumbered = [chart for chart in charts if chart.number is None]
    numbers_seen = [chart.number for chart in charts if chart.number is not None]
    if unnumbered or len(set(numbers_seen)) != len(numbers_seen):
        reason = "survey answers whose question number cannot be told"
        unread.append(_Unread(first, last, reason))
        return []
    return charts


def _heading_of(chart: Chart, questions: list[Question]) -> Question | None:
    before = [question for question in questions if question.line.index <= chart.first.index]
    return before[-1] if before else None


def _question_numbers(questions: list[Question]) -> list[tuple[int | None, str | None]]:
    """Printed numbers; a damaged one (`Fragal`) from its position when the others are 1, 2, 3 in order."""
    in_order = all(q.number in (None, index + 1) for index, q in enumerate(questions))
    numbers: list[tuple[int | None, str | None]] = []
    for index, question in enumerate(questions):
        if question.number is not None:
            numbers.append((question.number, None))
        elif in_order:
            numbers.append((index + 1, f"question number from its place (printed {question.printed!r})"))
        else:
            numbers.append((None, None))
    return numbers


def _section_facts(section: Section, document: Document, unread: list[_Unread]) -> list[ExtractedFact]:
    charts = _numbered(section, unread)
    if section.group is None:
        if charts or section.intro:
            where = section.intro.line if section.intro else charts[0].first
            unread.append(_Unread(where, where, "survey whose respondent group cannot be told; not read"))
        return []
    facts: list[ExtractedFact] = []
    for chart in charts:
        facts += _chart_facts(chart, section.group, section.intro, document, unread)
    return facts


def _chart_facts(
    chart: Chart, group: str, intro: Intro | None, document: Document, unread: list[_Unread]
) -> list[ExtractedFact]:
    summed = sum(answer.count for answer in chart.answers.values())
    item = f"{group}:fraga_{chart.number}"
    mismatch = None
    if intro is not None and summed != intro.respondents:
        mismatch = f"answers sum to {summed}, {intro.respondents} respondents"
        unread.append(_Unread(chart.first, chart.last, f"{item}: {mismatch}; kept unverified"))
    status = "verified" if intro is not None and mismatch is None else "unverified"
    facts = [
        _fact(
            document,
            answer.code,
            item,
            answer.count,
            answer.label,
            answer.line,
            status,
            _joined(mismatch, answer.note, chart.number_note),
        )
        for answer in chart.answers.values()
    ]
    if intro is not None:
        facts.append(
            _fact(
                document, "respondents", item, intro.respondents, intro.respondents_label, intro.line, status
            )
        )
        facts.append(
            _fact(document, "sent", item, intro.sent, intro.sent_label, intro.sent_line, "unverified")
        )
    return facts


def _fact(document: Document, code, item, value, label, line: Line, status, message=None) -> ExtractedFact:
    return ExtractedFact(
        record_type="survey",
        federation_id=document.federation_id or "",
        fiscal_year=document.fiscal_year or 0,
        scenario="outcome",
        code=code,
        item=item,
        value=Decimal(value),
        unit="count",
        raw_label=label.strip(),
        source_file=document.source_file,
        source_line=line.ref,
        status=status,
        message=message,
    )
