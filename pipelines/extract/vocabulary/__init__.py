"""The open vocabulary: every printed label → code mapping, kept as data, never in Python.

`seeds/label_vocabulary.csv` (reviewed like code) lists per table kind the
labels a careful reader expects across Swedish federations; an `under` code
makes a label mean its code only among that total's parts (`Övrigt` under
`Styrelsen` is board_other, under `Övriga administrativa kostnader`
admin_other); `match` `contains` lets a word stand for the whole label
(`esf`). A label may be listed under two codes (`Finansiering från
medlemmar`: the members' contributions, or all income when other income is
counted in): the table's arithmetic then decides, and the first listed wins
a tie. `landing/label_mappings.csv` (raw_label, table_kind, code, item) lets an
analyst teach it more without code; its rows come first.

Labels are compared folded (case, accents and OCR damage undone, spaces
dropped), then by rapidfuzz's ratio for close spellings (`Sammantrédesarvoden`).
Members (municipalities, region, state) are found by name from the seeds and
the landing's registrations (`members.py`, `printed_names.py`).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from pipelines.extract.label_text import squash
from pipelines.extract.vocabulary.entries import RECORD_TYPES, Entry, MappingProblem, Match
from pipelines.extract.vocabulary.mappings import read_mappings
from pipelines.extract.vocabulary.printed_names import PrintedNames, printed_names
from pipelines.foundation.reference import NOTHING_REGISTERED, Registered
from pipelines.foundation.settings import SEEDS_DIR

__all__ = [
    "MAPPINGS_FILE",
    "RECORD_TYPES",
    "Entry",
    "MappingProblem",
    "Match",
    "Vocabulary",
    "load_vocabulary",
    "table_titles",
]

VOCABULARY_FILE = "label_vocabulary.csv"
KINDS_FILE = "table_kinds.csv"
MAPPINGS_FILE = "label_mappings.csv"  # at the landing root
FUZZY_SCORE = 88.0  # rapidfuzz ratio (0-100) a close spelling must reach
FUZZY_MIN_LENGTH = 6  # shorter labels must match exactly
CLOSE_FIRST = 92.0  # a close spelling this good wins over a word that stands for a label
_VARAV = re.compile(r"^\W*varav\s+", re.IGNORECASE)  # `varav revision`: a part, named after the mark


class Vocabulary:
    def __init__(
        self,
        entries: list[Entry],
        problems: tuple[MappingProblem, ...] = (),
        names: PrintedNames | None = None,
    ):
        self.entries = entries
        self.problems = problems
        self.names = names or printed_names()  # federations and members, the landing's registered too
        self._exact: dict[tuple[str, str, str], list[Entry]] = {}
        self._contains: dict[tuple[str, str], list[Entry]] = {}
        for entry in entries:
            key = squash(entry.label)
            if entry.match == "contains":
                self._contains.setdefault((entry.table_kind, entry.under), []).append(entry)
            else:
                self._exact.setdefault((entry.table_kind, entry.under, key), []).append(entry)
        self._keys: dict[tuple[str, str], list[str]] = {}
        self._anywhere: dict[tuple[str, str], list[Entry]] = {}  # a part's label, whatever its total
        for (kind, under, key), found in self._exact.items():
            self._keys.setdefault((kind, under), []).append(key)
            self._anywhere.setdefault((kind, key), []).extend(found)
        # labels repeat across a landing's documents, and the entries never change after this
        self._looked_up: dict[tuple[str, str, str | None], tuple[Match, ...]] = {}

    def lookup(self, kind: str, label: str, under: str | None = None) -> list[Match]:
        """Codes a label may mean in a table of `kind` (among `under`'s parts first); best first. A part
        printed without its total (`Revision` alone) is its one code when the vocabulary has only one."""
        asked = (kind, label, under)
        if asked not in self._looked_up:
            self._looked_up[asked] = tuple(self._matches(kind, label, under))
        return list(self._looked_up[asked])

    def _matches(self, kind: str, label: str, under: str | None) -> list[Match]:
        key = squash(_VARAV.sub("", label))
        if not key:
            return []
        for context in ([under] if under else []) + [""]:
            found = self._lookup(kind, context, key)
            if found:
                return found
        parts = self._anywhere.get((kind, key), [])
        if len({entry.code for entry in parts}) == 1:
            return _unique([Match(e.code, e.item, 100.0, e) for e in parts])
        return []

    def _lookup(self, kind: str, under: str, key: str) -> list[Match]:
        """Exact first; then a close spelling of a whole label; then a word that stands for the label."""
        exact = self._exact.get((kind, under, key))
        if exact:
            return _unique([Match(e.code, e.item, 100.0, e) for e in exact])
        close = self._close(kind, under, key)
        if close and close[0].score >= CLOSE_FIRST:
            return close
        contained = [e for e in self._contains.get((kind, under), []) if squash(e.label) in key]
        if contained:
            return _unique([Match(e.code, e.item, 99.0, e) for e in contained])
        return close

    def _close(self, kind: str, under: str, key: str) -> list[Match]:
        if len(key) < FUZZY_MIN_LENGTH:
            return []
        keys = self._keys.get((kind, under), [])
        scored = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE, limit=4)
        scored = [entry for entry in scored if _totals_alike(key, entry[0])]
        if not scored:
            return []
        best = scored[0][1]
        matches = []
        for candidate, score, _ in scored:
            if score >= best - 0.5:
                matches += [Match(e.code, e.item, score, e) for e in self._exact[(kind, under, candidate)]]
        return _unique(matches)


_TOTAL_WORDS = ("summa", "totalt", "total", "totala")


def _totals_alike(key: str, candidate: str) -> bool:
    """A close spelling never adds or drops the word that makes a line a total (`Summa ...`)."""
    return key.startswith(_TOTAL_WORDS) == candidate.startswith(_TOTAL_WORDS)


def _unique(matches: list[Match]) -> list[Match]:
    seen, found = set(), []
    for match in matches:
        if (match.code, match.item) not in seen:
            seen.add((match.code, match.item))
            found.append(match)
    return found


def load_vocabulary(
    landing: Path | None = None, seeds_dir: Path = SEEDS_DIR, registered: Registered = NOTHING_REGISTERED
) -> Vocabulary:
    """The seed vocabulary, with the landing's label mappings (checked) in front, and the names of the
    contract's federations and members and of those `registered` (the landing's registrations)."""
    mappings = landing / MAPPINGS_FILE if landing is not None else None
    stamp = _stamp(mappings)
    return _load(seeds_dir, mappings, stamp, registered)


def _stamp(path: Path | None) -> tuple:
    if path is None or not path.is_file():
        return ()
    status = path.stat()
    return (status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=8)
def _load(seeds_dir: Path, mappings: Path | None, _stamp: tuple, registered: Registered) -> Vocabulary:
    seed = _seed_entries(seeds_dir / VOCABULARY_FILE)
    taught, problems = read_mappings(mappings, seeds_dir) if mappings is not None else ([], ())
    return Vocabulary(taught + seed, tuple(problems), printed_names(registered))


def _seed_entries(path: Path) -> list[Entry]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Entry(
                row["table_kind"],
                row["label"],
                row["code"],
                row["item"] or "",
                row["under"] or "",
                row["match"] or "exact",
                f"seeds/{path.name}:{number}",
            )
            for number, row in enumerate(csv.DictReader(handle), start=2)
        ]


@lru_cache(maxsize=1)
def table_titles(seeds_dir: Path = SEEDS_DIR) -> dict[str, tuple[str, ...]]:
    """Table kind → the folded words that name such a table in a caption (`resultatrakning`)."""
    from pipelines.extract.label_text import fold

    titles: dict[str, list[str]] = {}
    with (seeds_dir / KINDS_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            titles.setdefault(row["table_kind"], []).append(fold(row["title"]))
    return {kind: tuple(words) for kind, words in titles.items()}
