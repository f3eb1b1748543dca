"""Reference data from `seeds/`: the ids and codes every input is checked against.

dbt loads the same files as seeds, so the loaders and the marts can never
disagree on what a valid federation, member or code is.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines.settings import SEEDS_DIR

RECORD_TYPES = ("budget_line", "statement", "participants", "outcome", "survey", "indicator")
SCENARIOS = ("budget", "plan", "outcome")
UNITS = ("sek", "count", "pct", "bool")
STATUSES = ("verified", "unverified", "conflict", "corrected")
GENDERS = ("female", "male", "non_binary", "unknown")
AGE_BANDS = ("16-19", "20-29", "30-39", "40-49", "50-59", "60-65")
GOAL_AREAS = ("individual", "development", "working_methods", "economy", "other")
SURVEY_GROUPS = ("participants", "board", "staff")


@dataclass(frozen=True)
class Code:
    record_type: str
    code: str
    section: str
    unit: str
    meaning: str

    @property
    def is_magnitude(self) -> bool:
        """Costs and income are stored as magnitudes; results and changes keep a sign."""
        if self.record_type == "budget_line":
            return self.section in ("income", "cost")
        return "Magnitude" in self.meaning


@dataclass(frozen=True)
class Reference:
    federations: frozenset[str]
    members: dict[str, frozenset[str]]
    codes: dict[tuple[str, str], Code]
    outcome_codes: frozenset[str]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=4)
def load_reference(seeds_dir: Path = SEEDS_DIR) -> Reference:
    members: dict[str, set[str]] = {}
    for row in _rows(seeds_dir / "members.csv"):
        members.setdefault(row["federation_id"], set()).add(row["member_id"])
    codes = {
        (row["record_type"], row["code"]): Code(
            row["record_type"], row["code"], row["section"], row["unit"], row["meaning"]
        )
        for row in _rows(seeds_dir / "codes.csv")
    }
    return Reference(
        federations=frozenset(row["federation_id"] for row in _rows(seeds_dir / "federations.csv")),
        members={fed: frozenset(ids) for fed, ids in members.items()},
        codes=codes,
        outcome_codes=frozenset(row["outcome_code"] for row in _rows(seeds_dir / "outcome_categories.csv")),
    )


@lru_cache(maxsize=4)
def load_federation_names(seeds_dir: Path = SEEDS_DIR) -> dict[str, tuple[str, ...]]:
    """Folded names a document may call each federation by (`sodra lappland`, ...)."""
    from pipelines.extract.text import fold

    names: dict[str, tuple[str, ...]] = {}
    for row in _rows(seeds_dir / "federations.csv"):
        full = fold(row["name_sv"])
        short = full.replace("samordningsforbundet", "").strip()
        short = short[2:] if short.startswith("i ") else short
        names[row["federation_id"]] = (short,)
    return names


@lru_cache(maxsize=4)
def load_member_names(seeds_dir: Path = SEEDS_DIR) -> dict[str, dict[str, tuple[str, str]]]:
    """Per federation: folded member name (`lycksele kommun`, `lycksele`) → (member_id, type)."""
    from pipelines.extract.text import fold

    members: dict[str, dict[str, tuple[str, str]]] = {}
    for row in _rows(seeds_dir / "members.csv"):
        entry = (row["member_id"], row["member_type"])
        names = members.setdefault(row["federation_id"], {})
        full = fold(row["name_sv"])
        names[full] = entry
        names[full.replace(" kommun", "")] = entry
        names[fold(row["member_id"].replace("_", " "))] = entry
    return members
