"""What the text around a survey says: who was asked, how many were sent it and answered, which question.

The introduction (`Enkät gick ut till 40 individer, varav 31 svarade`,
`skickades en enkät till samtliga 44 deltagare. 29 personer svarade`) gives
`sent` and the respondents, and its nouns the respondent group: participants
(deltagare, individer), the board (styrelse, ledamöter) or staff (personal,
medarbetare, arbetsgrupper). A question is named by its number (`Fråga 4` →
`fraga_4`) or, without one, by the slug of its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipelines.extract.label_text import fold, slugify
from pipelines.extract.model import Line

GROUP_WORDS = {
    "participants": ("individ", "deltagar"),
    "board": ("styrelse", "ledamot", "ledamoter"),
    "staff": ("personal", "medarbetar", "arbetsgrupp", "medlemmar", "representant", "tjansteperson"),
}
LOOK_BACK = 15
_SENT = re.compile(
    r"(?:gick\s+ut|skickades(?:\s+ut)?|skickats(?:\s+ut)?|sandes|sants)\s+(?:\w+\s+){0,3}?till\s+(?:samtliga\s+|alla\s+)?"
    r"(?P<sent>\d{1,5})\s+(?P<noun>[^\s,.]+)"
)
_ANSWERED = re.compile(r"(?:varav\s+)?(?P<respondents>\d{1,5})\s+(?:\w+\s+)?(?:svarade|har svarat|besvarade)")
_QUESTION = re.compile(r"^fr\w?ga\s*(?P<number>\d{1,2})\b")


@dataclass(frozen=True)
class SurveyContext:
    group: str | None = None
    sent: Decimal | None = None
    sent_line: Line | None = None
    sent_label: str = ""
    respondents: Decimal | None = None


def group_of(folded: str) -> str | None:
    """The respondent group a folded text speaks of, when one group's words occur most."""
    words = folded.split()
    scores = {group: sum(1 for w in words if w.startswith(stems)) for group, stems in GROUP_WORDS.items()}
    best = max(scores.values())
    winners = [group for group, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def survey_context(lines: list[Line], index: int) -> SurveyContext:
    """The nearest introduction above line `index`."""
    start = max(0, index - LOOK_BACK)
    window = lines[start:index]
    for position in range(len(window) - 1, -1, -1):
        text = " ".join(line.text.strip() for line in window[position : position + 3])
        folded = fold(text)
        match = _SENT.search(folded)
        if not match:
            continue
        answered = _ANSWERED.search(folded[match.end() :])
        group = group_of(fold(match.group("noun"))) or group_of(folded)
        label = _label(window[position].text, match.group("sent"))
        return SurveyContext(
            group=group,
            sent=Decimal(match.group("sent")),
            sent_line=_line_of(window[position : position + 3], match.group("sent")),
            sent_label=label,
            respondents=Decimal(answered.group("respondents")) if answered else None,
        )
    return SurveyContext(group=group_of(fold(" ".join(line.text for line in window))))


def _line_of(lines: list[Line], number: str) -> Line:
    for line in lines:
        if re.search(rf"(?<!\d){number}(?!\d)", line.text):
            return line
    return lines[0]


def _label(text: str, number: str) -> str:
    """The words of the sentence that state the figure, up to its noun."""
    sentence = re.split(r"(?<=[.!?])\s+", text.strip())
    for part in sentence:
        found = re.search(rf"(?<!\d){number}(?!\d)\s+\S+", part)
        if found:
            return part[: found.end()].strip(" ,.")
    return text.strip()


def question_item(caption: list[Line], context: SurveyContext) -> str | None:
    """`Fråga 4: Har du fått stöd …` → `fraga_4`; a question without a number → the slug of its words."""
    for line in reversed(caption):
        folded = fold(line.text)
        match = _QUESTION.match(folded)
        if match:
            return f"fraga_{match.group('number')}"
    for line in reversed(caption):
        if line.text.strip().endswith("?"):
            return slugify(line.text.strip().rstrip("?"))
    return None
