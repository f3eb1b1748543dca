"""Personal identity kept out of the warehouse, its logs and its exports: one guard for every input.

Every loader (facts, corrections, participants, documents.csv, registrations,
the extractor's document lines) and every file name goes through this module,
and every quarantine row is masked by it (problems.Rejection), so a value that
looks like a personnummer is never stored, exported, logged or echoed.

**Personnummer and samordningsnummer.** `YYMMDD-NNNN`, `YYMMDD+NNNN` (100 years
or older), `YYYYMMDD-NNNN`, the same without the hyphen (10 or 12 digits), and
spelled with spaces between the digit groups (`850101 1234`, `85 01 01-1234`,
`19850101 - 1234`). A candidate counts when its date part is date-shaped: a
month 01-12 and a day 01-31, or 61-91 for a samordningsnummer (the day + 60);
a 12-digit one starts with 18, 19 or 20.
- Written with `-`/`+` before the last four, or as 10 or 12 digits in a row,
  it is masked whatever its check digit: a mistyped check digit is still
  someone's number, and such a number has no other business in our inputs.
- Written with spaces only (`850101 1234`), the Luhn check digit must hold
  too: a 6-digit figure beside a 4-digit one is common in tables, and the check
  digit tells a personnummer from nine such pairs in ten.
- Not mistaken: amounts in thousands grouping (`1 416 000`, `12 345 678`),
  whose groups of three never line up as YYMMDD; organisation numbers
  (`222000-1354`, `556677-8899`), whose "month" is 20 or more; dates
  (`2024-01-01`, `20240101`) and years.

**Names.** Detected by column: a header such as `namn`, `förnamn`,
`efternamn`, `name`, `first_name`, `full_name`, `kontaktperson` (and columns
named for an identity number, `personnummer`, `pnr`, `ssn`) marks personal
data whatever its cells hold. In a participant export's `participant_ref`, a
value of two or more capitalised words and nothing else (`Anna Andersson`) is
taken for a name. Free text is not searched for names: plans and reports
print the names of board members, officials and places on purpose, and no
offline rule tells a participant's name from `Södra Lappland` or the chair's;
a name in a label or a file name is not detected.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from stdnum import luhn

_CANDIDATE = re.compile(
    r"(?<!\d)"
    r"(?P<century>(?:18|19|20) ?)?"
    r"(?P<yy>\d\d) ?(?P<mm>\d\d) ?(?P<dd>\d\d)"
    r"(?P<separator> ?[-+] ?| )?"
    r"(?P<serial>\d{4})"
    r"(?!\d)"
)
_DIGIT = re.compile(r"\d")
MASK = "X"

_NAME_COLUMNS = {
    "name",
    "names",
    "namn",
    "fornamn",
    "efternamn",
    "tilltalsnamn",
    "mellannamn",
    "fullstandigt_namn",
    "hela_namnet",
    "deltagarnamn",
    "deltagare_namn",
    "first_name",
    "firstname",
    "last_name",
    "lastname",
    "surname",
    "given_name",
    "family_name",
    "full_name",
    "fullname",
    "kontaktperson",
    "person",
}
_IDENTITY_COLUMNS = {
    "personnummer",
    "personnr",
    "pnr",
    "person_nr",
    "samordningsnummer",
    "samordningsnr",
    "ssn",
    "personal_number",
    "personal_identity_number",
    "personid",
    "person_id",
}
_NAME_SHAPED = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéüß'-]+(?: [A-ZÅÄÖÉÜ][a-zåäöéüß'-]+)+$")


@dataclass(frozen=True)
class PersonalDataFound:
    """Where personal data was found: the column (or line) named, the value never."""

    column: str
    kind: str  # "personnummer" or "name"

    def reason(self, where: str | None = None) -> str:
        place = where or f"column {self.column!r}"
        what = "holds names" if self.kind == "name" else "holds what looks like a personnummer"
        return f"{place} {what}; refused and masked (the value is never stored or shown)"


def _personnummer_spans(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    while True:
        match = _CANDIDATE.search(text, position)
        if match is None:
            return spans
        if _counts(match):
            spans.append(match.span())
            position = match.end()
        else:
            position = match.start() + 1


def _counts(match: re.Match) -> bool:
    month, day = int(match["mm"]), int(match["dd"])
    if not (1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)):
        return False
    separator = (match["separator"] or "").strip()
    written_together = " " not in match.group(0)
    if separator or written_together:
        return True
    ten_digits = match["yy"] + match["mm"] + match["dd"] + match["serial"]
    return luhn.is_valid(ten_digits)


def looks_like_personnummer(text: str) -> bool:
    return bool(text) and any(character.isdigit() for character in text) and bool(_personnummer_spans(text))


def mask_personal_data(text: str | None) -> str | None:
    """The text with every digit of every personnummer-like number replaced by X."""
    if not text:
        return text
    spans = _personnummer_spans(text)
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        pieces.append(_DIGIT.sub(MASK, text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def normalised_column(column: str) -> str:
    """`Förnamn ` → `fornamn`, `First Name` → `first_name`: how headers are compared."""
    folded = unicodedata.normalize("NFKD", column.strip().lstrip("\ufeff").lower())
    plain = "".join(character for character in folded if not unicodedata.combining(character))
    return re.sub(r"[\s\-.]+", "_", plain).strip("_")


def personal_columns(header: Sequence[str]) -> list[PersonalDataFound]:
    """Columns whose name says they hold names or identity numbers."""
    found = []
    for column in header:
        normal = normalised_column(column)
        if normal in _NAME_COLUMNS:
            found.append(PersonalDataFound(column.strip(), "name"))
        elif normal in _IDENTITY_COLUMNS:
            found.append(PersonalDataFound(column.strip(), "personnummer"))
    return found


def personal_data_in_row(header: Sequence[str], cells: Sequence[str]) -> PersonalDataFound | None:
    """The first cell of a row that holds a personnummer-like value, by its column."""
    for index, cell in enumerate(cells):
        if looks_like_personnummer(cell):
            column = header[index] if index < len(header) else f"#{index + 1}"
            return PersonalDataFound(column, "personnummer")
    return None


def looks_like_a_name(value: str) -> bool:
    """Two or more capitalised words and nothing else: a name, not a pseudonymous reference."""
    return bool(_NAME_SHAPED.match(value.strip()))


_EVERY_DIGIT_AS_ZERO = bytes.maketrans(b"0123456789", b"0000000000")


def might_hold_personnummer(data: bytes) -> bool:
    """False only when no 6 digits stand together: a fast test before the exact search.

    A personnummer has at least six digits in a row (its date) or, spelled with
    spaces, pairs of digits; the bytes are checked at memory speed.
    """
    zeros = data.translate(_EVERY_DIGIT_AS_ZERO)
    return b"000000" in zeros or b"00 00 00" in zeros
