"""Text normalisation for matching labels through OCR damage and layout noise.

`fold` maps a printed label to a comparison key: lower-case ASCII, OCR's
favourite confusions undone (`Sédra` → `sodra`, `6versikt` → `oversikt`,
`Forsdkringskassan` → `forsakringskassan`), punctuation and runs of space
collapsed. It is for matching only; facts keep the label as printed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters OCR prints for å, ä, ö (and é for ö): after accent stripping they
# must fold to the letter the word needs. Applied only inside words.
_OCR_LETTERS = str.maketrans({"é": "o", "ë": "a", "&": "a", "¢": "", "®": ""})
_DIGIT_FOR_O = re.compile(r"(?<=[a-z])6(?=[a-z])|\b6(?=[a-z]{2})")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CLOSING = re.compile(r"^(summa|totalt|total|totala|sum)\b")


class _Uncombining(dict):
    """A str.translate table that drops combining marks, filled in per character as text shows it
    (bounded by the characters a landing prints: a few hundred)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_UNCOMBINING = _Uncombining()


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # no decomposition, no combining mark
    return unicodedata.normalize("NFKD", text).translate(_UNCOMBINING)


@lru_cache(maxsize=1 << 16)
def as_letters(text: str) -> str:
    """Lower case without accents, OCR's stand-ins for å, ä, ö read as them (`Férdelning`, `F6rdelning`)."""
    return _DIGIT_FOR_O.sub("o", strip_accents(text.lower().translate(_OCR_LETTERS)))


@lru_cache(maxsize=1 << 16)  # labels repeat across every document of a landing
def fold(text: str) -> str:
    """`'- Sammanträdes- och övriga arvoden'` → `'sammantrades och ovriga arvoden'`."""
    return _NON_WORD.sub(" ", as_letters(text)).strip()


def closes_a_sum(label: str) -> bool:
    """`Summa kostnader`, `Totalt`: a total printed under the parts it adds up."""
    return bool(_CLOSING.match(fold(label)))


def slugify(text: str) -> str:
    """The contract's slug: `'En väg vidare'` → `'en_vag_vidare'`, `'Idéverkstad'` → `'ideverkstad'`.

    Unlike `fold` it undoes no OCR damage: a slug is an id, made from a label read correctly.
    """
    plain = strip_accents(text.lower())
    return "_".join(_NON_WORD.sub(" ", plain).split())


def squash(text: str) -> str:
    """fold without spaces: compares labels whose word breaks OCR moved."""
    return fold(text).replace(" ", "")
