"""The names a document may call a federation or a member by: the seeds' and a landing's registered ones.

Folded as the extractor compares text (case, accents and OCR damage undone):
`sodra lappland` for Samordningsförbundet Södra Lappland; `lycksele kommun`,
`lycksele` and the id's words for a member. A landing's registrations come in
as an argument (pipelines/foundation/reference.py's Registered), so a document
of a registered federation is read like one of the contract's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.label_text import fold
from pipelines.foundation.reference import NOTHING_REGISTERED, Registered, listed


@dataclass(frozen=True, eq=False)  # hashed by identity: one cached instance per registrations
class PrintedNames:
    federations: dict[str, tuple[str, ...]]  # federation_id → folded names (`sodra lappland`)
    members: dict[str, dict[str, tuple[str, str]]]  # federation_id → folded name → (member_id, type)

    @property
    def every_federation_name(self) -> tuple[str, ...]:
        return tuple(name for names in self.federations.values() for name in names)


@lru_cache(maxsize=8)
def printed_names(registered: Registered = NOTHING_REGISTERED) -> PrintedNames:
    rows = listed(registered)
    return PrintedNames(_federation_names(rows.federations), _member_names(rows.members))


def _federation_names(rows) -> dict[str, tuple[str, ...]]:
    names: dict[str, tuple[str, ...]] = {}
    for row in rows:
        full = fold(row["name_sv"])
        short = full.replace("samordningsforbundet", "").strip()
        short = short[2:] if short.startswith("i ") else short
        names[row["federation_id"]] = (short,)
    return names


def _member_names(rows) -> dict[str, dict[str, tuple[str, str]]]:
    members: dict[str, dict[str, tuple[str, str]]] = {}
    for row in rows:
        entry = (row["member_id"], row["member_type"])
        names = members.setdefault(row["federation_id"], {})
        full = fold(row["name_sv"])
        names[full] = entry
        names[full.replace(" kommun", "")] = entry
        names[fold(row["member_id"].replace("_", " "))] = entry
    return members
