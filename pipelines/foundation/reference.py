"""Reference data from `seeds/`: the ids and codes every input is checked against.

dbt loads the same files as seeds, so the loaders and the marts can never
disagree on what a valid federation, member or code is. Federations beyond the
contract's are registered in the landing folder: pipelines/ingest/registrations.py
reads them (`registered_in(landing)`) and they are passed here as an argument,
a `Registered`; dbt reads the same registrations from the raw layer.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pipelines.foundation.settings import SEEDS_DIR

# The columns of a fact CSV (docs/contract.md), whoever writes it: a federation or the extractor.
FACT_COLUMNS = (
    "record_type",
    "federation_id",
    "fiscal_year",
    "scenario",
    "code",
    "item",
    "value",
    "unit",
    "raw_label",
    "source_file",
    "source_line",
    "status",
)
OPTIONAL_COLUMNS = ("message",)
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
class RegisteredFederation:
    federation_id: str
    name_sv: str
    county: str | None
    founded: date | None
    chief_fte_pct: int | None
    board_members: int | None
    line: int


@dataclass(frozen=True)
class RegisteredMember:
    federation_id: str
    member_id: str
    name_sv: str
    member_type: str
    valid_from: date | None
    valid_to: date | None
    line: int


@dataclass(frozen=True)
class Registered:
    """The federations and members a landing registers beside the contract's (already checked)."""

    federations: tuple[RegisteredFederation, ...] = ()
    members: tuple[RegisteredMember, ...] = ()


NOTHING_REGISTERED = Registered()


@dataclass(frozen=True)
class Reference:
    federations: frozenset[str]
    members: dict[str, frozenset[str]]
    codes: dict[tuple[str, str], Code]
    outcome_codes: frozenset[str]
    registered: Registered = NOTHING_REGISTERED  # what of the above a landing registered


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True, eq=False)  # hashed by identity: one cached instance per (seeds, registrations)
class Listed:
    """Federation and member rows of the seeds plus the registered ones (id, name and type columns)."""

    federations: tuple[dict[str, str], ...]
    members: tuple[dict[str, str], ...]


@lru_cache(maxsize=8)
def listed(registered: Registered = NOTHING_REGISTERED, seeds_dir: Path = SEEDS_DIR) -> Listed:
    """The seeds' federations and members, then the registered ones."""
    federations = _rows(seeds_dir / "federations.csv")
    members = _rows(seeds_dir / "members.csv")
    federations += [{"federation_id": r.federation_id, "name_sv": r.name_sv} for r in registered.federations]
    members += [
        {
            "federation_id": r.federation_id,
            "member_id": r.member_id,
            "name_sv": r.name_sv,
            "member_type": r.member_type,
        }
        for r in registered.members
    ]
    return Listed(tuple(federations), tuple(members))


def listed_rows(
    seed_name: str, registered: Registered = NOTHING_REGISTERED
) -> tuple[dict[str, str], ...] | None:
    """Rows of `federations.csv` or `members.csv` plus the registrations (id, name and type columns)."""
    rows = listed(registered)
    return {"federations.csv": rows.federations, "members.csv": rows.members}.get(seed_name)


def load_reference(registered: Registered = NOTHING_REGISTERED, seeds_dir: Path = SEEDS_DIR) -> Reference:
    """The seeds plus what a landing registered (pipelines/ingest/registrations.py: registered_in)."""
    return _reference(seeds_dir, registered)


def load_contract_reference(seeds_dir: Path = SEEDS_DIR) -> Reference:
    """The seeds alone: what a registration is checked against."""
    return _reference(seeds_dir, NOTHING_REGISTERED)


@lru_cache(maxsize=8)
def _reference(seeds_dir: Path, registered: Registered) -> Reference:
    rows = listed(registered, seeds_dir)
    members: dict[str, set[str]] = {}
    for row in rows.members:
        members.setdefault(row["federation_id"], set()).add(row["member_id"])
    codes = {
        (row["record_type"], row["code"]): Code(
            row["record_type"], row["code"], row["section"], row["unit"], row["meaning"]
        )
        for row in _rows(seeds_dir / "codes.csv")
    }
    return Reference(
        federations=frozenset(row["federation_id"] for row in rows.federations),
        members={fed: frozenset(ids) for fed, ids in members.items()},
        codes=codes,
        outcome_codes=frozenset(row["outcome_code"] for row in _rows(seeds_dir / "outcome_categories.csv")),
        registered=registered,
    )


# A budget that groups board and office (or region and municipalities) prints this total over both.
GROUPING_PARENTS = {
    "board_total": "board_and_office_total",
    "office_total": "board_and_office_total",
    "contribution_region": "contribution_region_municipalities",
    "contribution_municipality": "contribution_region_municipalities",
}


@lru_cache(maxsize=1)
def _children() -> dict[str, tuple[str, ...]]:
    children: dict[str, list[str]] = {}
    with (SEEDS_DIR / "codes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["record_type"] != "budget_line":
                continue
            parent = GROUPING_PARENTS.get(row["code"], row["usual_parent"])
            if parent:
                children.setdefault(parent, []).append(row["code"])
    return {parent: tuple(codes) for parent, codes in children.items()}


def children_of(code: str) -> tuple[str, ...]:
    """A budget code's parts (board and office under the group that prints them together)."""
    return _children().get(code, ())
