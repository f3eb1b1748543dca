"""Label/count tables of an annual report: participants by gender and by age band, exits by outcome.

Two layouts are read: a row per line (`KVINNA 18`, `Studier CSN 2 5%`) and, as
OCR sometimes flattens them, a block of labels followed by a block of as many
counts. A table is recognised by its labels, not by its heading (headings are
the first thing OCR damages), and needs at least two known rows. A percent
column is ignored. Counts are read without thousands grouping: `18 20` in a
two-year table must not become 1820; a row with two counts makes the table
unreadable instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipelines.extract.model import Line, UnreadRegion
from pipelines.extract.outcomes_common import OCR_ZERO, Vocabulary, read_count, word_count
from pipelines.extract.text import fold

TOTAL = "total"

TOTAL_LABELS = Vocabulary(
    {
        label: TOTAL
        for label in (
            "totalt",
            "total",
            "summa",
            "antal inskrivna",
            "totalt antal inskrivna",
            "totalt antal",
            "antal deltagare",
            "totalt antal deltagare",
            "antal avslut",
            "antal avslutade",
            "totalt antal avslut",
        )
    }
)

GENDER_LABELS = Vocabulary(
    {
        "kvinna": "female",
        "kvinnor": "female",
        "man": "male",
        "män": "male",
        "ickebinär": "non_binary",
        "icke binär": "non_binary",
        "okänt": "unknown",
        "okänd": "unknown",
        "uppgift saknas": "unknown",
    }
)

EXIT_LABELS = Vocabulary(
    {
        "arbete med subvention": "work_subsidized",
        "subventionerat arbete": "work_subsidized",
        "arbete utan subvention": "work_unsubsidized",
        "osubventionerat arbete": "work_unsubsidized",
        "avbrutit annan känd anledning": "dropped_other",
        "avbrutit egen begäran": "dropped_own_request",
        "avbrutit flytt från kommunen": "moved",
        "flytt från kommunen": "moved",
        "kartläggning avslutad": "assessment_completed",
        "studier csn": "studies",
        "studier": "studies",
        "vidare till arbetsförmedlingen": "to_employment_service",
        "vidare till försäkringskassan": "to_social_insurance",
        "vidare till socialtjänsten": "to_social_services",
        "vidare till vård region": "to_healthcare",
        "vidare till vården": "to_healthcare",
        "vidare till regionen": "to_healthcare",
        "aktivt arbetssökande": "job_seeking",
        "arbetssökande": "job_seeking",
        "övrigt": "other",
        "annat avslut": "other",
    }
)

_AGE_BAND = re.compile(r"^(\d{2}) (\d{2})(?: [a-z0-9]{1,3})?$")  # folded `20-29 ÅR`, OCR `20-29 4r`


@dataclass(frozen=True)
class TableKind:
    """What a table is about and how its labels map to (code, item)."""

    name: str  # used in messages: `gender`, `age bands`, `exits`
    record_type: str
    total_code: str
    part: Callable[[str], tuple[str, str] | None]


def _gender(label: str) -> tuple[str, str] | None:
    item = GENDER_LABELS.match(label)
    return ("participants_gender", item) if item else None


def _age(label: str) -> tuple[str, str] | None:
    match = _AGE_BAND.match(fold(label))
    if not match or int(match.group(1)) >= int(match.group(2)):
        return None
    return "participants_age", f"{match.group(1)}-{match.group(2)}"


def _exit(label: str) -> tuple[str, str] | None:
    code = EXIT_LABELS.match(label)
    return (code, "") if code else None


GENDER = TableKind("gender", "participants", "participants_total", _gender)
AGE = TableKind("age bands", "participants", "participants_total", _age)
EXITS = TableKind("exits", "outcome", "exits_total", _exit)
KINDS = (GENDER, AGE, EXITS)


def is_total(label: str) -> bool:
    return TOTAL_LABELS.match(label, margin=0.0) is not None


@dataclass(frozen=True)
class Row:
    """One printed row: label as printed, its count and the line the count is printed on."""

    label: str
    count: int
    line: Line
    note: str | None = None
    extra_counts: bool = False  # a second count column: the table cannot be read
    label_line: Line | None = None  # where the label is, when not on the count's line (block layout)

    @property
    def total(self) -> bool:
        return is_total(self.label)


@dataclass(frozen=True)
class Table:
    kind: TableKind
    rows: list[Row]
    total: Row | None
    heading: str = ""  # the line above the table, where a year column or title would be

    @property
    def first(self) -> str:
        return (self.rows or [self.total])[0].line.ref

    @property
    def last(self) -> str:
        return (self.total or self.rows[-1]).line.ref


# `label  count  [percent %]`: the count is a plain integer or OCR's O.
_ROW = re.compile(
    rf"^[\W_]*(?P<label>\S.*?)\s+(?P<count>\d{{1,4}}|{OCR_ZERO})"
    r"(?:\s+\d{1,3}(?:[.,]\d+)?\s*%)?\s*$"
)
_TRAILING_COUNT = re.compile(r"\s+\d{1,4}$")
_NUMBER_ONLY = re.compile(rf"^[\W_]*(?P<count>\d{{1,4}}|{OCR_ZERO})(?:\s+\d{{1,3}}(?:[.,]\d+)?\s*%)?\s*$")
_YEAR = re.compile(r"(?:199|20\d)\d")
_LABEL_WORDS_MAX = 8  # table labels are short; a longer line ending in a number is prose
_LABEL_CHARS_MAX = 48


def parse_row(line: Line) -> Row | None:
    """`'Studier CSN 2 5%'` → Row('Studier CSN', 2); a label ending in a number marks a second column."""
    match = _ROW.match(line.text.strip())
    if not match:
        return None
    label = match.group("label").strip()
    if word_count(label) > _LABEL_WORDS_MAX:
        return None
    if not re.search(r"[^\W\d_]", label) and not _AGE_BAND.match(fold(label)):
        return None
    if _YEAR.fullmatch(match.group("count")):
        return None  # `Deltagare 2024`: a heading with a year, not a count
    count, note = read_count(match.group("count"))
    extra = bool(_TRAILING_COUNT.search(label))
    if extra:
        label = _TRAILING_COUNT.sub("", label).strip()
    if match.group("count") == OCR_ZERO and re.search(r"\d", label) and not _AGE_BAND.match(fold(label)):
        return None  # an O after a label with figures in it is a word, not a count
    return Row(label, count, line, note, extra)


def _clean(label: str) -> str:
    """Leading dashes and bullets off, as the transcription prints labels: `'- Övrigt'` → `'Övrigt'`."""
    return re.sub(r"^[\W_]+", "", label).strip()


def read_tables(lines: list[Line]) -> tuple[list[Table], list[UnreadRegion]]:
    """Every recognisable gender, age and exit table, in document order."""
    tables: list[Table] = []
    unread: list[UnreadRegion] = []
    for segment in _row_segments(lines) + _block_segments(lines, unread):
        table = _as_table(segment)
        if table is not None:
            first = table.rows[0].label_line or table.rows[0].line
            tables.append(replace(table, heading=_heading(lines, first.index)))
    tables.sort(key=lambda table: table.rows[0].line.index)
    return tables, unread


def _heading(lines: list[Line], first: int) -> str:
    """The nearest non-blank line above a table's first row (or first label), within three lines."""
    for line in reversed(lines[max(first - 3, 0) : first]):
        if line.text.strip():
            return line.text.strip()
    return ""


def _row_segments(lines: list[Line]) -> list[list[Row]]:
    """Consecutive row lines (blank lines between allowed), cut after every total row."""
    segments: list[list[Row]] = [[]]
    for line in lines:
        if not line.text.strip():
            continue
        row = parse_row(line)
        if row is None:
            segments.append([])
            continue
        segments[-1].append(row)
        if row.total:
            segments.append([])
    return [segment for segment in segments if len(segment) >= 2]


def _block_segments(lines: list[Line], unread: list[UnreadRegion]) -> list[list[Row]]:
    """A block of known labels, then (after at most two short heading lines) a block of as many counts."""
    found: list[list[Row]] = []
    index = 0
    while index < len(lines):
        labels, after = _label_block(lines, index)
        if len(labels) < 2:
            index += 1
            continue
        counts, end = _count_block(lines, after)
        if len(counts) == len(labels):
            found.append(
                [
                    Row(label.text.strip(), value, where, note, label_line=label)
                    for label, (value, note, where) in zip(labels, counts, strict=True)
                ]
            )
        elif counts:
            unread.append(
                UnreadRegion(
                    labels[0].ref,
                    counts[-1][2].ref,
                    f"{len(labels)} table labels but {len(counts)} counts below them; they cannot be paired",
                )
            )
        index = max(end, index + 1)
    return found


def _label_block(lines: list[Line], start: int) -> tuple[list[Line], int]:
    labels: list[Line] = []
    index = start
    while index < len(lines):
        text = lines[index].text.strip()
        if not text:
            index += 1
            continue
        if parse_row(lines[index]) is not None or not _known_label(_clean(text)):
            break
        labels.append(lines[index])
        index += 1
    parts = [line for line in labels if not is_total(_clean(line.text.strip()))]
    return (labels if len(parts) >= 2 else []), index


def _known_label(label: str) -> bool:
    if not label or len(label) > _LABEL_CHARS_MAX or word_count(label) > _LABEL_WORDS_MAX:
        return False
    return is_total(label) or any(kind.part(label) for kind in KINDS)


def _count_block(lines: list[Line], start: int) -> tuple[list[tuple[int, str | None, Line]], int]:
    counts: list[tuple[int, str | None, Line]] = []
    headings = 0
    index = start
    while index < len(lines):
        text = lines[index].text.strip()
        match = _NUMBER_ONLY.match(text)
        if match and not _YEAR.fullmatch(match.group("count")):
            value, note = read_count(match.group("count"))
            counts.append((value, note, lines[index]))
        elif text and not counts and headings < 2 and not re.search(r"\d", text) and word_count(text) <= 3:
            headings += 1
        elif text:
            break
        index += 1
    return counts, index


def _as_table(rows: list[Row]) -> Table | None:
    """The rows as a table of the kind that knows most of their labels (at least two), or None.

    Unknown rows before the first known one (a prose line ending in a number)
    are not the table's; unknown rows inside it are, and count in its sum.
    """
    rows = [replace(row, label=_clean(row.label)) for row in rows]
    total = rows[-1] if rows[-1].total else None
    parts = rows[:-1] if total else rows
    known = {kind.name: sum(1 for row in parts if kind.part(row.label)) for kind in KINDS}
    best = max(known.values())
    winners = [kind for kind in KINDS if known[kind.name] == best]
    if best < 2 or len(winners) != 1:
        return None
    kind = winners[0]
    flags = [kind.part(row.label) is not None for row in parts]
    first = flags.index(True)
    last = len(flags) if total else len(flags) - flags[::-1].index(True)
    return Table(kind, parts[first:last], total)
