"""Number forms as printed in Swedish budgets and reports, and every way a run of them can be read.

A figure may be grouped by space, no-break space, thin space or `.`
(`1 480 000`, `1 480 000`, `1.480.000`), carry a decimal comma (`17,20`), a
minus as `-`, `−` or `–`, or parentheses (`(300)`), a plus (`+162`), and a
suffix (` kr`, ` tkr`, ` Mkr`, `%`, `:-`). A lone dash is an empty cell; a
footnote star (`0*`, OCR `o*`) is dropped.

The hard part is the plain space: it is both the thousands separator and, in
pdftotext or OCR output, sometimes the only gap between two columns (`0 956`
is 956, or 0 and 956). So a run is cut into *atoms* (digit groups) and every
grouping into Swedish numbers is enumerated; the caller keeps the readings
with as many values as the table has columns, and the arithmetic of the
table chooses between what is left. A no-break or thin space, a unit or a
wide gap always separates or always joins; only the plain single space is
ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import combinations

MINUS_SIGNS = "−–—-"
GROUP_SPACES = "\u00a0\u202f\u2009"  # no-break, narrow no-break and thin space: always inside a number
MAX_AMBIGUOUS_JOINS = 14  # 2**14 readings at most; more is no row we should guess at
# Reading a token or a run of figures is a pure function of its text, so it is remembered, bounded so a
# worker's memory stays flat over any landing. A cell's text and a token repeat across a landing; a row's
# run of figures mostly within its document (every interpreter that looks at the row reads it), so its
# memo is short: a long one would keep objects that only slow the garbage collector down.
MEMO_SIZE = 1 << 13
RECENT_ROWS = 1 << 10

_UNIT_WORDS = {
    "kr": "kr",
    "kr.": "kr",
    "kronor": "kr",
    "sek": "kr",
    ":-": "kr",
    "tkr": "tkr",
    "tkr.": "tkr",
    "mkr": "mkr",
    "mnkr": "mkr",
    "%": "%",
    "procent": "%",
}
_NUMBER = re.compile(
    r"^(?P<open>\()?(?P<sign>[+" + re.escape(MINUS_SIGNS) + r"])?"
    r"(?P<digits>\d+(?:[" + GROUP_SPACES + r"]\d{3})*|\d{1,3}(?:\.\d{3})+)"
    r"(?P<decimals>,\d+)?(?P<close>\))?(?P<unit>%|kr|tkr|mkr|:-)?(?P<star>\*)?$",
    re.IGNORECASE,
)
_OCR_ZERO = re.compile(r"^[oO]\*$")
_DASH = re.compile(r"^[" + re.escape(MINUS_SIGNS) + r"]+$")
_TAIL = re.compile(r"^\d{3}$")


@dataclass(frozen=True)
class Value:
    """One figure as read: its amount, its printed text, and the unit its suffix names."""

    amount: Decimal
    text: str
    unit: str | None = None  # 'kr', 'tkr', 'mkr', '%' when printed with the figure

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


@dataclass(frozen=True)
class Atom:
    """A digit group, or an empty cell (`text` ''), with what separates it from the atom before."""

    text: str  # digits as printed, sign and decimals included
    soft_before: bool  # one plain space before it: it may be a thousands group of the previous atom
    unit: str | None = None
    negative: bool = False
    fixed: bool = False  # grouped by no-break spaces or dots, or a decimal: complete as it stands
    opens: bool = False  # `(402` of `(402 000)`: a parenthesis its group must close
    closes: bool = False  # `000)`

    @property
    def empty(self) -> bool:
        return self.text in ("", "-")


@lru_cache(maxsize=MEMO_SIZE)
def is_value_token(token: str) -> bool:
    """Whether a whitespace-free token can be (part of) a figure: digits, a sign, a unit or a dash."""
    return bool(_NUMBER.match(token) or _OCR_ZERO.match(token) or _DASH.match(token)) or (
        token.lower() in _UNIT_WORDS
    )


def atoms_of(text: str) -> list[Atom] | None:
    """The atoms of a run of figures, or None when something in it is no figure.

    Only a single plain space is soft; two spaces (how the table finder joins
    cells it saw apart) are a column gap no thousands group crosses.
    """
    atoms = _atoms(text)
    return None if atoms is None else list(atoms)


@lru_cache(maxsize=RECENT_ROWS)
def _atoms(text: str) -> tuple[Atom, ...] | None:
    atoms: list[Atom] = []
    previous_end: int | None = None
    for match in re.finditer(r"[^ \t\n]+", text):
        token, start = match.group(0), match.start()
        hard = previous_end is not None and text[previous_end:start] != " "
        previous_end = match.end()
        lowered = token.lower()
        if lowered in _UNIT_WORDS:
            if not atoms or atoms[-1].empty:
                return None
            atoms[-1] = replace(atoms[-1], unit=_UNIT_WORDS[lowered])
            continue
        if _DASH.match(token):
            atoms.append(Atom("-", False))  # a dash standing alone: nothing, printed as a figure (0)
            continue
        if _OCR_ZERO.match(token):
            token = "0*"
        number = _NUMBER.match(token)
        if number is None:
            return None
        soft = not hard and bool(atoms) and not atoms[-1].empty and atoms[-1].unit is None
        sign = number.group("sign") or ""
        opens, closes = bool(number.group("open")), bool(number.group("close"))
        negative = opens or (bool(sign) and sign in MINUS_SIGNS)
        digits = number.group("digits")
        fixed = (
            any(space in digits for space in GROUP_SPACES) or "." in digits or bool(number.group("decimals"))
        )
        plain = re.sub(r"[.\s" + GROUP_SPACES + r"]", "", digits) + (number.group("decimals") or "")
        unit = (number.group("unit") or "").lower() or None
        atoms.append(
            Atom(
                plain,
                soft and not fixed,
                _UNIT_WORDS.get(unit) if unit else None,
                negative,
                fixed,
                opens and not closes,
                closes and not opens,
            )
        )
    return tuple(atoms)


def readings(atoms: list[Atom], count: int, relaxed: bool = False) -> list[tuple[Value | None, ...]]:
    """Every way to read `atoms` as exactly `count` values (None: an empty cell).

    An atom may join the one before it only across one plain space, only when
    it is exactly three digits, and only behind a head of one to three digits
    that is not 0. `relaxed` also lets a longer head take a `000` group (OCR
    dropped a space: `2516 000`); callers try it only when nothing strict fits.
    """
    return list(_readings(tuple(atoms), count, relaxed))


@lru_cache(maxsize=RECENT_ROWS)
def _readings(atoms: tuple[Atom, ...], count: int, relaxed: bool) -> tuple[tuple[Value | None, ...], ...]:
    joinable = [i for i in range(1, len(atoms)) if _may_join(atoms, i)]
    needed = len(atoms) - count
    if needed < 0 or needed > len(joinable) or len(joinable) > MAX_AMBIGUOUS_JOINS:
        return ()
    found = []
    for joins in combinations(joinable, needed):
        groups = _groups(atoms, set(joins), relaxed)
        if groups is not None:
            found.append(tuple(_value(atoms, group) for group in groups))
    return tuple(found)


def _may_join(atoms: tuple[Atom, ...], index: int) -> bool:
    atom = atoms[index]
    return atom.soft_before and bool(_TAIL.match(atom.text)) and not atom.negative and not atom.fixed


def _groups(atoms: tuple[Atom, ...], joins: set[int], relaxed: bool) -> list[list[int]] | None:
    groups: list[list[int]] = []
    for index in range(len(atoms)):
        if index in joins:
            groups[-1].append(index)
        else:
            groups.append([index])
    for group in groups:
        if (
            atoms[group[0]].opens != atoms[group[-1]].closes
            or any(atoms[i].opens for i in group[1:])
            or any(atoms[i].closes for i in group[:-1])
        ):
            return None  # `(402 000)`: a parenthesis closes in the group it opens, and only there
        if len(group) == 1:
            continue
        head = atoms[group[0]]
        if head.fixed or head.unit or head.text.startswith("0"):
            return None
        if len(head.text) > 3 and not (relaxed and all(atoms[i].text == "000" for i in group[1:])):
            return None
        if any(atoms[i].unit for i in group[:-1]):
            return None
    return groups


def _value(atoms: tuple[Atom, ...], group: list[int]) -> Value | None:
    if atoms[group[0]].text == "-":
        return Value(Decimal(0), "-")
    if atoms[group[0]].empty:
        return None
    digits = "".join(atoms[i].text for i in group)
    amount = Decimal(digits.rstrip("*").replace(",", "."))
    if atoms[group[0]].negative:
        amount = -amount
    text = " ".join(atoms[i].text for i in group)
    return Value(amount, ("-" if atoms[group[0]].negative else "") + text, atoms[group[-1]].unit)


@lru_cache(maxsize=MEMO_SIZE)
def parse_value(text: str) -> Value | None:
    """One cell's figure (`'1 416 000 kr'`, `'(300)'`, `'−350 000'`), or None when it is not exactly one."""
    atoms = atoms_of(text.strip())
    if not atoms:
        return None
    found = readings(atoms, 1)
    return found[0][0] if len(found) == 1 else None
