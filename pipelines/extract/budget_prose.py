"""Budget totals a plan states only in sentences: the allocation, the state's share, the rest together.

Some plans print no budget table; their figures sit in the text (`... uppgår
till 6 028 tkr`). A small set of patterns reads them, sentence by sentence:

- the total allocation or owner contribution (`medelstilldelning`,
  `ägartillskott`, `total`, `sammanlagd` before the amount) → contributions_total;
- municipalities and region or county council together → contribution_region_municipalities;
- the state's share (`statlig`, `staten`, `Försäkringskassan` before the
  amount), or an amount the budget carries right after a sentence about the
  state's share (`tidigare belopp, N tkr, redovisats i ... budget`) → contribution_state.

Amounts that were requested or are conditional (`begärt utökad`, `om ansökan
beviljas`) are not budget figures; neither is one larger than the total it
would be part of (a unit typo). Those are skipped and reported. National
figures (`hela landet`) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from pipelines.extract.budget_reconcile import find_checks
from pipelines.extract.model import Document, ExtractedFact, Line, UnreadRegion
from pipelines.extract.text import fold
from pipelines.ingest.numbers import parse_number

_AMOUNT = re.compile(
    r"(?<![\d,.])(?P<number>\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,\d+)?"
    r"\s*(?P<unit>tkr|tusen kronor|kronor|kr)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
_REQUESTED = re.compile(r"\b(begart|begar|ansokt|ansoker|ansokan|utokad|utokning|utoka)\b")
_CONDITIONAL = re.compile(r"\bom\b.*\b(beviljas|bifalls|godkanns)\b")
_NATIONAL = re.compile(r"hela landet|samtliga samordningsforbund|i landet")
_TOTAL = re.compile(r"total|sammanlagd|medelstilldelning|agartillskott")
_MUNICIPAL = re.compile(r"\bkommun")
_REGIONAL = re.compile(r"landsting|\bregion")
_STATE = re.compile(r"statlig|\bstaten\b|forsakringskassan")
_YEAR = re.compile(r"\b(?:for|ar|under)\s+(?:ar\s+)?((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Sentence:
    text: str
    offsets: tuple[tuple[int, Line], ...]  # where each printed line starts in `text`
    previous: str  # the sentence before it in the same paragraph

    def line_at(self, offset: int) -> Line:
        return [line for start, line in self.offsets if start <= offset][-1]


@dataclass(frozen=True)
class Mention:
    code: str
    value: Decimal
    year: int
    label: str
    line: Line


def sentences(lines: tuple[Line, ...]) -> list[Sentence]:
    """Paragraphs (runs of non-blank lines) joined and cut at sentence ends, each line's position kept."""
    found: list[Sentence] = []
    for paragraph in _paragraphs(lines):
        text, offsets = "", []
        for line in paragraph:
            offsets.append((len(text), line))
            text += line.text.strip() + " "
        previous = ""
        start = 0
        for piece in [*_SENTENCE_END.finditer(text), None]:
            end = piece.start() if piece else len(text)
            shifted = tuple((max(offset - start, 0), line) for offset, line in offsets if offset < end)
            found.append(Sentence(text[start:end], shifted, previous))
            previous = text[start:end]
            start = piece.end() if piece else end
    return found


def _paragraphs(lines: tuple[Line, ...]) -> list[list[Line]]:
    paragraphs: list[list[Line]] = [[]]
    for line in lines:
        if line.text.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]


def extract_prose_totals(document: Document) -> tuple[list[ExtractedFact], list[UnreadRegion]]:
    mentions: list[Mention] = []
    unread: list[UnreadRegion] = []
    for sentence in sentences(document.lines):
        for match in _AMOUNT.finditer(sentence.text):
            _classify(document, sentence, match, mentions, unread)
    mentions = _plausible(mentions, unread)
    return _chosen_facts(document, mentions, unread), unread


def _classify(
    document: Document,
    sentence: Sentence,
    match: re.Match,
    mentions: list[Mention],
    unread: list[UnreadRegion],
) -> None:
    folded = fold(sentence.text)
    code = _role(fold(sentence.text[: match.start()]), folded, fold(sentence.previous))
    if code is None or _NATIONAL.search(folded):
        return
    line = sentence.line_at(match.start())
    if _REQUESTED.search(folded) or _CONDITIONAL.search(folded):
        reason = f"{match.group(0)} is requested or conditional, not a budget figure"
        unread.append(UnreadRegion(line.ref, line.ref, reason))
        return
    year = _year(folded, document.fiscal_year)
    if year is not None:
        label = _label(
            code, " ".join(sentence.text[: match.start()].split()).rstrip(" ,:"), sentence.previous
        )
        mentions.append(Mention(code, _amount(match), year, label, line))


def _amount(match: re.Match) -> Decimal:
    value = parse_number(match.group("number"))
    return value * 1000 if match.group("unit").lower() in ("tkr", "tusen kronor") else value


def _role(lead: str, folded: str, previous: str) -> str | None:
    if _TOTAL.search(lead):
        return "contributions_total"
    if _MUNICIPAL.search(lead) and _REGIONAL.search(lead) and not _STATE.search(lead):
        return "contribution_region_municipalities"
    if _STATE.search(lead) or ("budget" in folded and _STATE.search(previous)):
        return "contribution_state"
    return None


_VERB = r"(?:uppgår|uppgar|är|blir|beräknas|tillskjuter|bidrar|betalar|står|svarar|finansierar|har)"
_LABELS = {
    "contributions_total": re.compile(
        rf"(?i)(\w*(?:total|sammanlagd|medelstilldelning|ägartillskott|agartillskott)\w*.*?)\s+{_VERB}\b"
    ),
    "contribution_region_municipalities": re.compile(rf"(?i)^(.*?)\s+{_VERB}\b"),
    "contribution_state": re.compile(
        rf"(?i)(\w*(?:statlig|staten|försäkringskassan|forsakringskassan)\w*(?: (?!{_VERB}\b)\w+)?)"
    ),
}


def _label(code: str, lead: str, previous: str) -> str:
    """The words that name the figure: `sammanlagda ägartillskottet för år 2015`, not the whole sentence."""
    pattern = _LABELS[code]
    own = pattern.search(lead)
    if own:
        return own.group(1)
    if code == "contribution_state" and (subject := pattern.search(previous)):
        after_verb = re.split(rf"(?i)\b{_VERB}\b", lead)[-1].strip(" ,")
        return f"{subject.group(1)} ({after_verb})" if after_verb else subject.group(1)
    return lead[-100:]


def _year(folded: str, plan_year: int | None) -> int | None:
    years = [int(year) for year in _YEAR.findall(folded)]
    year = years[0] if years else plan_year
    if year is None or (plan_year is not None and not plan_year <= year <= plan_year + 3):
        return None
    return year


def _plausible(mentions: list[Mention], unread: list[UnreadRegion]) -> list[Mention]:
    """A part larger than every total stated for its year is a typo, not a figure."""
    kept = []
    for mention in mentions:
        totals = [m.value for m in mentions if m.code == "contributions_total" and m.year == mention.year]
        if mention.code != "contributions_total" and totals and mention.value > max(totals):
            reason = f"{mention.value} kr is more than the total {max(totals)} kr it would be part of"
            unread.append(UnreadRegion(mention.line.ref, mention.line.ref, reason))
            continue
        kept.append(mention)
    return kept


def _chosen_facts(
    document: Document, mentions: list[Mention], unread: list[UnreadRegion]
) -> list[ExtractedFact]:
    """One mention per code and year: the values that add up if the text says several, else the only one."""
    facts: list[ExtractedFact] = []
    for year in sorted({mention.year for mention in mentions}):
        of_year = [mention for mention in mentions if mention.year == year]
        codes = sorted({mention.code for mention in of_year})
        values = {code: sorted({m.value for m in of_year if m.code == code}) for code in codes}
        choice = _adding_up(document, of_year, codes, values)
        for code in codes:
            if code not in choice and len(values[code]) == 1:
                choice[code] = values[code][0]
            elif code not in choice:
                first = next(m for m in of_year if m.code == code)
                reason = f"the text gives {code} as {' or '.join(map(str, values[code]))} kr; none adds up"
                unread.append(UnreadRegion(first.line.ref, first.line.ref, reason))
        for code, value in choice.items():
            candidates = [m for m in of_year if m.code == code and m.value == value]
            facts.append(_fact(document, _nearest(candidates, of_year)))
    return facts


def _adding_up(
    document: Document, mentions: list[Mention], codes: list[str], values: dict[str, list[Decimal]]
) -> dict[str, Decimal]:
    fitting = []
    for combination in product(*(values[code] for code in codes)):
        chosen = dict(zip(codes, combination, strict=True))
        trial = [
            _fact(document, next(m for m in mentions if m.code == code and m.value == value))
            for code, value in chosen.items()
        ]
        checks = find_checks(trial)
        if checks and all(check.holds for check in checks):
            fitting.append(chosen)
    return fitting[0] if len(fitting) == 1 else {}


def _nearest(candidates: list[Mention], mentions: list[Mention]) -> Mention:
    """Of several printings of one figure, the one stated next to the other figures (its parts or total)."""
    others = [m for m in mentions if m.code != candidates[0].code]
    if not others:
        return candidates[0]
    return min(candidates, key=lambda m: min(abs(m.line.index - other.line.index) for other in others))


def _fact(document: Document, mention: Mention) -> ExtractedFact:
    plan_year = document.fiscal_year or mention.year
    return ExtractedFact(
        record_type="budget_line",
        federation_id=document.federation_id or "",
        fiscal_year=mention.year,
        scenario="budget" if mention.year <= plan_year else "plan",
        code=mention.code,
        item="",
        value=mention.value,
        unit="sek",
        raw_label=mention.label,
        source_file=document.source_file,
        source_line=mention.line.ref,
    )
