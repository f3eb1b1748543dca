"""Member contributions a document states only in sentences.

Some plans print no budget table, and some reports give the year's total
contribution only in the text (`... uppgår till 6 028 tkr`, `Årets tilldelning
från förbundsmedlemmarna uppgick till 3 678 000 kronor`). Sentence by sentence,
an amount with its unit (`tkr`, `kronor`, `kr`) is read as:

- the total allocation (`total`, `sammanlagd`, `medelstilldelning`,
  `ägartillskott`, `tilldelning` or `bidragen från medlemmarna` before it) → contributions_total;
- the municipalities and the region or county council together →
  contribution_region_municipalities;
- the state's share (`statlig`, `staten`, `Försäkringskassan` before it, or an
  amount the budget carries right after a sentence about the state) → contribution_state;
- the same amount for each of several members (`... för 708 000 kronor
  vardera`) → each named region and municipality.

A table's figure always wins: prose gives only keys no table gave. Amounts
that were requested or are conditional (`begärt`, `om ansökan beviljas`) are
not budget figures, nor is a part larger than the total it would be part
of (a unit typo); both go to review. National figures are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import product

from pipelines.extract.interpret.emit import Read, review_row
from pipelines.extract.label_text import fold
from pipelines.extract.model import Document, ExtractedFact, Line, paragraphs
from pipelines.extract.reconcile.checks import Slot, budget_checks
from pipelines.extract.tables.numbers import parse_value
from pipelines.extract.vocabulary.members import member_of
from pipelines.extract.vocabulary.printed_names import PrintedNames

AMOUNT = re.compile(
    r"(?<![\d,.])(?P<number>\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,\d+)?"
    r"\s*(?P<unit>tkr|tusen kronor|kronor|kr)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
_REQUESTED = re.compile(r"\b(begart|begar|ansokt|ansoker|ansokan|utokad|utokning|utoka)\b")
_CONDITIONAL = re.compile(r"\bom\b.*\b(beviljas|bifalls|godkanns)\b")
_NATIONAL = re.compile(r"hela landet|samtliga samordningsforbund|i landet")
_TOTAL = re.compile(
    r"total|sammanlag|samlad|medelstilldelning|agartillskott"
    r"|(?:tilldelning|bidrag\w*) fran (?:\w+ )?(?:forbunds)?medlem"
    r"|medlemmarnas (?:\w+ )?(?:tilldelning|bidrag|medlemsavgift)"
)
_CONTRIBUTION = re.compile(r"tilldelning|bidrag|agartillskott|medlemsavgift|finansiering fran")
_MUNICIPAL = re.compile(r"\bkommun")
_REGIONAL = re.compile(r"landsting|\bregion")
_STATE = re.compile(r"statlig|\bstaten\b|forsakringskassan")
_YEAR = re.compile(r"\b(?:for|ar|under)\s+(?:ar\s+)?((?:19|20)\d\d)\b")
_EACH = re.compile(r"\bvardera\b|\bvar for sig\b|\bper medlem\b")
_VERB = r"(?:uppgår|uppgar|är|blir|beräknas|tillskjuter|bidrar|betalar|står|svarar|finansierar|har)"


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
    item: str
    value: Decimal
    year: int
    label: str
    line: Line


def sentences(lines: list[Line]) -> list[Sentence]:
    """Paragraphs (runs of non-blank lines) joined and cut at sentence ends, each line's position kept."""
    found: list[Sentence] = []
    for paragraph in paragraphs(lines):
        text, offsets = "", []
        for line in paragraph:
            offsets.append((len(text), line))
            text += line.text.strip() + " "
        previous, start = "", 0
        for piece in [*_SENTENCE_END.finditer(text), None]:
            end = piece.start() if piece else len(text)
            shifted = tuple((max(offset - start, 0), line) for offset, line in offsets if offset < end)
            found.append(Sentence(text[start:end], shifted, previous))
            previous = text[start:end]
            start = piece.end() if piece else end
    return found


def read_prose(
    document: Document, known: set[tuple], table_facts: list[ExtractedFact], names: PrintedNames
) -> Read:
    """Contributions stated in sentences, for the keys `known` does not hold already."""
    read = Read()
    mentions: list[Mention] = []
    for sentence in sentences(list(document.lines)):
        previous_end = 0  # where the amount before this one ends
        for match in AMOUNT.finditer(sentence.text):
            mentions += _mentions(document, sentence, match, previous_end, read, names)
            previous_end = match.end()
    mentions = _plausible(mentions, read, document)
    scenario = "outcome" if document.kind == "arsredovisning" else None
    for fact in _chosen(document, mentions, read, scenario):
        if fact.key not in known and not _covered(fact, known):
            read.facts.append(fact)
    _verify(read.facts, table_facts)
    return read


def _covered(fact: ExtractedFact, known: set[tuple]) -> bool:
    """Region and municipalities together add nothing where a table gives them apart."""
    if fact.code != "contribution_region_municipalities":
        return False
    return any(
        key[0] == "budget_line"
        and key[2:4] == (fact.fiscal_year, fact.scenario)
        and key[4] == "contribution_region"
        for key in known
    )


def _mentions(
    document: Document,
    sentence: Sentence,
    match: re.Match,
    previous_end: int,
    read: Read,
    names: PrintedNames,
) -> list[Mention]:
    # the clause starts after the last amount before this one, read with the sentence cut at this
    # amount as before; scanning only from the previous amount keeps a long list of amounts linear
    before = AMOUNT.finditer(sentence.text, previous_end, match.start())
    clause_start = max((m.end() for m in before), default=previous_end)
    lead = fold(sentence.text[clause_start : match.start()])  # what this amount's own clause says
    folded = fold(sentence.text)
    after = fold(sentence.text[match.end() : match.end() + 20])
    line = sentence.line_at(match.start())
    year = _year(folded, document)
    if year is None or _is_national(folded):
        return []
    if _EACH.match(after):
        return _each(document, sentence, match, year, line, names)
    named = _named(document, sentence.text[clause_start : match.start()], match, year, line, names)
    if named is not None:
        return [named]
    code = _role(lead, folded, fold(sentence.previous))
    if code is None:
        return []
    if _REQUESTED.search(folded) or _CONDITIONAL.search(folded):
        reason = f"{match.group(0)} is requested or conditional, not a budget figure"
        read.review.append(
            review_row(document, line.ref, sentence.text.strip()[:120], match.group(0), reason)
        )
        return []
    label = _label(code, " ".join(sentence.text[: match.start()].split()).rstrip(" ,:"), sentence.previous)
    return [Mention(code, "", amount_of(match), year, label, line)]


def _each(
    document: Document, sentence: Sentence, match: re.Match, year: int, line: Line, names: PrintedNames
) -> list[Mention]:
    """`Region Västernorrland, Sollefteå kommun ... för 708 000 kronor vardera`: each named member's."""
    lead = sentence.text[: match.start()]
    found = []
    for name in re.split(r",|\boch\b", lead):
        words = name.split()
        for size in range(min(4, len(words)), 0, -1):
            candidate = " ".join(words[-size:]) if words else ""
            member = member_of(names, document.federation_id, candidate)
            if member is not None and member.member_type in ("region", "municipality"):
                label = f"{candidate} … {match.group(0)}"
                found.append(Mention(member.code, member.item, amount_of(match), year, label, line))
                break
    return found


def _named(
    document: Document, clause: str, match: re.Match, year: int, line: Line, names: PrintedNames
) -> Mention | None:
    """`..., landstinget 1 526 tkr`: a member named right before its amount."""
    words = re.split(r"[:;,]", clause)[-1].split()
    if not 0 < len(words) <= 4:
        return None
    name = " ".join(words)
    member = member_of(names, document.federation_id, name)
    if member is None and fold(name) in ("landstinget", "regionen"):
        return Mention("contribution_region", "", amount_of(match), year, name, line)
    if member is None or member.member_type not in ("region", "municipality"):
        return None
    return Mention(member.code, member.item, amount_of(match), year, f"{name} {match.group(0)}", line)


def amount_of(match: re.Match) -> Decimal:
    value = parse_value(match.group("number"))
    amount = value.amount if value is not None else Decimal(match.group("number").replace(" ", ""))
    return amount * 1000 if match.group("unit").lower() in ("tkr", "tusen kronor") else amount


def _role(lead: str, folded: str, previous: str) -> str | None:
    if _TOTAL.search(lead) and _CONTRIBUTION.search(lead):
        return "contributions_total"
    if _MUNICIPAL.search(lead) and _REGIONAL.search(lead) and not _STATE.search(lead):
        return "contribution_region_municipalities"
    if _STATE.search(lead) or ("budget" in folded and _STATE.search(previous)):
        return "contribution_state"
    return None


_LABELS = {
    "contributions_total": re.compile(
        rf"(?i)(\w*(?:total|sammanlagd|medelstilldelning|ägartillskott|agartillskott|tilldelning)\w*.*?)\s+{_VERB}\b"
    ),
    "contribution_region_municipalities": re.compile(rf"(?i)^(.*?)\s+{_VERB}\b"),
    "contribution_state": re.compile(
        rf"(?i)(\w*(?:statlig|staten|försäkringskassan|forsakringskassan)\w*(?: (?!{_VERB}\b)\w+)?)"
    ),
}


def _label(code: str, lead: str, previous: str) -> str:
    """The words that name the figure (`sammanlagda ägartillskottet för år 2015`), not the sentence."""
    pattern = _LABELS[code]
    own = pattern.search(lead)
    if own:
        return own.group(1)
    if code == "contribution_state" and (subject := pattern.search(previous)):
        after_verb = re.split(rf"(?i)\b{_VERB}\b", lead)[-1].strip(" ,")
        return f"{subject.group(1)} ({after_verb})" if after_verb else subject.group(1)
    return lead[-100:]


@lru_cache(maxsize=256)  # asked again for each amount of the sentence, and a sentence may hold hundreds
def _years_named(folded: str) -> tuple[int, ...]:
    return tuple(int(year) for year in _YEAR.findall(folded))


@lru_cache(maxsize=256)
def _is_national(folded: str) -> bool:
    return _NATIONAL.search(folded) is not None


def _year(folded: str, document: Document) -> int | None:
    """The year the sentence names, else the document's; a plan's sentence about a later year is no
    budget figure of this plan, a report's about another year none of this report."""
    years = _years_named(folded)
    plan_year = document.fiscal_year
    year = years[0] if years else plan_year
    if year is None or plan_year is None:
        return None
    if document.kind == "arsredovisning":
        return year if year == plan_year else None
    return year if plan_year <= year <= plan_year + 3 else None


def _plausible(mentions: list[Mention], read: Read, document: Document) -> list[Mention]:
    """A part larger than every total stated for its year is a typo, not a figure."""
    kept = []
    for mention in mentions:
        totals = [m.value for m in mentions if m.code == "contributions_total" and m.year == mention.year]
        if mention.code != "contributions_total" and totals and mention.value > max(totals):
            reason = f"{mention.value} kr is more than the total {max(totals)} kr it would be part of"
            read.review.append(
                review_row(document, mention.line.ref, mention.label, str(mention.value), reason)
            )
            continue
        kept.append(mention)
    return kept


def _chosen(
    document: Document, mentions: list[Mention], read: Read, scenario: str | None
) -> list[ExtractedFact]:
    """One mention per key and year: the values that add up if the text says several, else the only one."""
    facts: list[ExtractedFact] = []
    for year in sorted({m.year for m in mentions}):
        of_year = [m for m in mentions if m.year == year]
        keys = sorted({(m.code, m.item) for m in of_year})
        values = {key: sorted({m.value for m in of_year if (m.code, m.item) == key}) for key in keys}
        choice = _adding_up(document, of_year, keys, values, scenario)
        for key in keys:
            if key not in choice and len(values[key]) == 1:
                choice[key] = values[key][0]
            elif key not in choice:
                first = next(m for m in of_year if (m.code, m.item) == key)
                options = " or ".join(str(v) for v in values[key])
                reason = f"the text gives {key[0]} as {options} kr; none adds up"
                read.review.append(review_row(document, first.line.ref, first.label, options, reason))
        for key, value in choice.items():
            candidates = [m for m in of_year if (m.code, m.item) == key and m.value == value]
            facts.append(_fact(document, _nearest(candidates, of_year), scenario))
    return facts


def _adding_up(document, mentions, keys, values, scenario) -> dict:
    fitting = []
    for combination in product(*(values[key] for key in keys)):
        chosen = dict(zip(keys, combination, strict=True))
        slots = [Slot(index, code, value) for index, ((code, _), value) in enumerate(chosen.items())]
        checks = budget_checks(slots, result_checked=False)
        if checks and all(check.holds for check in checks):
            fitting.append(chosen)
    return fitting[0] if len(fitting) == 1 else {}


def _nearest(candidates: list[Mention], mentions: list[Mention]) -> Mention:
    """Of several printings of one figure, the one stated next to the other figures (its parts or total)."""
    others = [m for m in mentions if m.code != candidates[0].code]
    if not others:
        return candidates[0]
    return min(candidates, key=lambda m: min(abs(m.line.index - other.line.index) for other in others))


def _fact(document: Document, mention: Mention, scenario: str | None) -> ExtractedFact:
    plan_year = document.fiscal_year or mention.year
    return ExtractedFact(
        record_type="budget_line",
        federation_id=document.federation_id or "",
        fiscal_year=mention.year,
        scenario=scenario or ("budget" if mention.year <= plan_year else "plan"),
        code=mention.code,
        item=mention.item,
        value=mention.value,
        unit="sek",
        raw_label=mention.label,
        source_file=document.source_file,
        source_line=mention.line.ref,
    )


def _verify(prose: list[ExtractedFact], tables: list[ExtractedFact]) -> None:
    """A sentence's figure is verified when, with the tables' figures of its year, a total adds up."""
    for index, fact in enumerate(prose):
        same = [
            f for f in [*tables, *prose] if (f.fiscal_year, f.scenario) == (fact.fiscal_year, fact.scenario)
        ]
        same = [f for f in same if f.record_type == "budget_line"]
        slots = [Slot(i, f.code, f.value) for i, f in enumerate(same)]
        position = next(i for i, f in enumerate(same) if f is fact)
        checks = budget_checks(slots, result_checked=False)
        if any(check.holds and position in (check.total, *check.parts) for check in checks):
            prose[index] = fact.with_status("verified")
