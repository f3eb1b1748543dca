"""Pieces the annual-report outcome readers share: fact building, OCR-tolerant labels and counts, passages.

The outcome tables of an OCR'd report are short label/count lists inside chart
legends and flattened table cells. What they have in common is kept here so the
table, survey and goal-map readers stay about their own layout.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from pipelines.extract.model import Document, ExtractedFact, Line
from pipelines.extract.text import squash

OCR_ZERO_NOTE = "OCR 'O' read as 0"
# OCR prints a zero as the letter O. Read so only where a count must stand.
OCR_ZERO = "O"


@dataclass(frozen=True)
class FactMaker:
    """Builds the document's outcome facts, so every reader fills federation, year and source alike."""

    document: Document

    def fact(
        self,
        record_type: str,
        code: str,
        item: str,
        value: int | Decimal,
        unit: str,
        raw_label: str,
        line: Line,
        status: str = "unverified",
        message: str | None = None,
    ) -> ExtractedFact:
        return ExtractedFact(
            record_type=record_type,
            federation_id=self.document.federation_id or "",
            fiscal_year=self.document.fiscal_year or 0,
            scenario="outcome",
            code=code,
            item=item,
            value=Decimal(value),
            unit=unit,
            raw_label=raw_label.strip(),
            source_file=self.document.source_file,
            source_line=line.ref,
            status=status,
            message=message,
        )


def read_count(token: str) -> tuple[int, str | None] | None:
    """`'18'` → (18, None); `'O'` → (0, note): the caller has already decided a count stands here."""
    if token == OCR_ZERO:
        return 0, OCR_ZERO_NOTE
    if token.isdigit():
        return int(token), None
    return None


def join_notes(*notes: str | None) -> str | None:
    kept = [note for note in notes if note]
    return "; ".join(dict.fromkeys(kept)) or None


class Vocabulary:
    """Printed forms of labels and the code each stands for, folded once for matching."""

    def __init__(self, labels: dict[str, str]):
        self.labels = dict(labels)
        # difflib indexes its second sequence: one matcher per printed form, reused for every label
        self._matchers = [
            (SequenceMatcher(None, "", squash(printed)), code) for printed, code in labels.items()
        ]
        self._seen: dict[tuple[str, float, float], str | None] = {}

    def match(self, label: str, threshold: float = 0.85, margin: float = 0.06) -> str | None:
        """The code whose printed forms `label` is most like, if clearly so; else None.

        OCR damage (`Kartldggning`, `begiran`) needs fuzzy matching, but labels of
        one table can differ by a word (`Arbete med/utan subvention`): a match must
        beat every other code by `margin`, or it is not a match at all.
        """
        key = (label, threshold, margin)
        if key not in self._seen:
            self._seen[key] = self._match(squash(label), threshold, margin)
        return self._seen[key]

    def _match(self, folded: str, threshold: float, margin: float) -> str | None:
        if not folded:
            return None
        floor = threshold - margin
        best: dict[str, float] = {}
        for matcher, code in self._matchers:
            size = len(matcher.b)
            if 2 * min(size, len(folded)) < floor * (size + len(folded)):
                continue  # lengths alone rule out even a near miss; spares difflib on prose lines
            matcher.set_seq1(folded)
            if matcher.quick_ratio() < floor:
                continue
            best[code] = max(matcher.ratio(), best.get(code, 0.0))
        if not best:
            return None
        ranked = sorted(best.values(), reverse=True)
        code = max(best, key=best.__getitem__)
        score, runner_up = ranked[0], (ranked[1] if len(ranked) > 1 else 0.0)
        if score < threshold or (score < 1.0 and score - runner_up < margin):
            return None
        return code


@dataclass(frozen=True)
class Passage:
    """Lines joined into one string, so a phrase broken over lines still matches; offsets map back."""

    lines: tuple[Line, ...]
    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, lines: Iterable[Line], transform: Callable[[str], str] = str.strip) -> Passage:
        kept = tuple(lines)
        parts, starts, offset = [], [], 0
        for line in kept:
            piece = transform(line.text)
            starts.append(offset)
            parts.append(piece)
            offset += len(piece) + 1
        return cls(kept, " ".join(parts), tuple(starts))

    def line_at(self, offset: int) -> Line:
        return self.lines[max(bisect_right(self.starts, offset) - 1, 0)]

    def line_text_before(self, offset: int) -> str:
        """The part of `offset`'s own line that comes before it."""
        index = max(bisect_right(self.starts, offset) - 1, 0)
        return self.text[self.starts[index] : offset]


def paragraphs(lines: Iterable[Line]) -> list[list[Line]]:
    """Runs of non-blank lines: the unit a sentence is broken over."""
    found: list[list[Line]] = [[]]
    for line in lines:
        if line.text.strip():
            found[-1].append(line)
        elif found[-1]:
            found.append([])
    return [paragraph for paragraph in found if paragraph]


_WORD = re.compile(r"[^\W\d_]+")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
