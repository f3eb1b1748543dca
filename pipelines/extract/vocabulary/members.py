"""A federation's members by the names a document may print them under.

`Lycksele kommun`, `Lycksele`, `Region Västerbotten`, `Västerbottens läns
landsting` (the region under its old name, printed in the seed in
parentheses) all name a member; OCR damage and close spellings are matched
with rapidfuzz. The state's share is Försäkringskassan's line
(`contribution_state`), the region's `contribution_region`, a
municipality's `contribution_municipality` with its member id as item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from pipelines.extract.label_text import fold, squash
from pipelines.extract.vocabulary.printed_names import PrintedNames

FUZZY_SCORE = 88.0
CODES = {
    "state": "contribution_state",
    "region": "contribution_region",
    "municipality": "contribution_municipality",
}


@dataclass(frozen=True)
class Member:
    member_id: str
    member_type: str

    @property
    def code(self) -> str:
        return CODES[self.member_type]

    @property
    def item(self) -> str:
        return self.member_id if self.member_type == "municipality" else ""


def member_of(printed: PrintedNames, federation_id: str | None, label: str) -> Member | None:
    """The member of `federation_id` a label names, or None."""
    if not federation_id:
        return None
    names = _names(federation_id, tuple(sorted(printed.members.get(federation_id, {}).items())))
    key = squash(_without_prefix(label))
    if not key or len(key) < 3:
        return None
    if key in names:
        return names[key]
    if len(key) < 6:
        return None
    best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
    return names[best[0]] if best else None


def _without_prefix(label: str) -> str:
    """`Bidrag från Region Västerbotten` → `Region Västerbotten`; `Driftbidrag Lycksele kommun` too."""
    folded = fold(label)
    return re.sub(r"^(?:driftsbidrag|driftbidrag|bidrag|medlemsbidrag|avgift)(?: fran)?\s+", "", folded)


@lru_cache(maxsize=64)
def _names(federation_id: str, listed: tuple) -> dict[str, Member]:
    """Squashed names → member, from PrintedNames.members (seeds plus the landing's registrations)."""
    found: dict[str, Member] = {}
    for name, (member_id, member_type) in listed:
        member = Member(member_id, member_type)
        for variant in _variants(name):
            found.setdefault(squash(variant), member)
    return found


def _variants(folded_name: str) -> list[str]:
    """`vasterbottens lans landsting region vasterbotten` (the parenthesis folded away) → both names."""
    variants = [folded_name]
    words = folded_name.split()
    if "region" in words[1:]:
        split = words.index("region", 1)
        variants += [" ".join(words[:split]), " ".join(words[split:])]
    return variants
