"""Reference data from `seeds/`: the ids and codes every input is checked against.

dbt loads the same files as seeds, so the loaders and the marts can never
disagree on what a valid federation, member or code is. Federations beyond the
contract's are registered in the landing folder (`pipelines/ingest/registrations.py`);
dbt reads the same registrations from the raw layer.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines.settings import PROJECT_ROOT, SEEDS_DIR

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


@dataclass(frozen=True, eq=False)  # hashed by identity: one cached instance per landing state
class _Listed:
    """Federation and member rows of the seeds plus the landing's registrations."""

    federations: tuple[dict[str, str], ...]
    members: tuple[dict[str, str], ...]


_registering_landing: ContextVar[Path | None] = ContextVar("registering_landing", default=None)


def current_landing() -> Path:
    """Whose registrations count: `registrations_of(...)`, else FINSAM_LANDING, else landing/."""
    chosen = _registering_landing.get() or os.environ.get("FINSAM_LANDING") or PROJECT_ROOT / "landing"
    return Path(chosen).resolve()


@contextmanager
def registrations_of(landing: Path) -> Iterator[None]:
    """Within the block, names and ids come from the seeds plus `landing`'s registrations.

    The extractor looks federation and member names up deep inside; this saves
    threading a landing argument through every reader.
    """
    token = _registering_landing.set(Path(landing))
    try:
        yield
    finally:
        _registering_landing.reset(token)


def _stamp(landing: Path) -> tuple:
    """Changes whenever a registration file changes, so cached lists never go stale."""
    from pipelines.ingest.file_kinds import FEDERATIONS_FILE, MEMBERS_FILE

    stamps = []
    for name in (FEDERATIONS_FILE, MEMBERS_FILE):
        try:
            stat = (landing / name).stat()
            stamps.append((stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def _listed(seeds_dir: Path, landing: Path | None) -> _Listed:
    landing = landing.resolve() if landing else current_landing()
    return _listed_cached(seeds_dir, landing, _stamp(landing))


@lru_cache(maxsize=8)
def _listed_cached(seeds_dir: Path, landing: Path | None, _stamp: tuple) -> _Listed:
    from pipelines.ingest.registrations import read_registrations

    federations = _rows(seeds_dir / "federations.csv")
    members = _rows(seeds_dir / "members.csv")
    if landing is None:
        return _Listed(tuple(federations), tuple(members))
    contract_members: dict[str, set[str]] = {}
    for row in members:
        contract_members.setdefault(row["federation_id"], set()).add(row["member_id"])
    registrations = read_registrations(
        landing,
        frozenset(row["federation_id"] for row in federations),
        {fed: frozenset(ids) for fed, ids in contract_members.items()},
    )
    federations += [
        {"federation_id": r.federation_id, "name_sv": r.name_sv} for r in registrations.federations.records
    ]
    members += [
        {
            "federation_id": r.federation_id,
            "member_id": r.member_id,
            "name_sv": r.name_sv,
            "member_type": r.member_type,
        }
        for r in registrations.members.records
    ]
    return _Listed(tuple(federations), tuple(members))


def listed_rows(seed_name: str, landing: Path | None = None) -> tuple[dict[str, str], ...] | None:
    """Rows of `federations.csv` or `members.csv` plus the registrations (id, name and type columns)."""
    listed = _listed(SEEDS_DIR, landing)
    return {"federations.csv": listed.federations, "members.csv": listed.members}.get(seed_name)


def load_reference(seeds_dir: Path = SEEDS_DIR, landing: Path | None = None) -> Reference:
    """Seeds plus the registrations of `landing` (default: this process's landing folder)."""
    return _reference(seeds_dir, _listed(seeds_dir, landing))


def load_contract_reference(seeds_dir: Path = SEEDS_DIR) -> Reference:
    """The seeds alone: what a registration is checked against."""
    return _reference(seeds_dir, _listed_cached(seeds_dir, None, ()))


@lru_cache(maxsize=8)
def _reference(seeds_dir: Path, listed: _Listed) -> Reference:
    members: dict[str, set[str]] = {}
    for row in listed.members:
        members.setdefault(row["federation_id"], set()).add(row["member_id"])
    codes = {
        (row["record_type"], row["code"]): Code(
            row["record_type"], row["code"], row["section"], row["unit"], row["meaning"]
        )
        for row in _rows(seeds_dir / "codes.csv")
    }
    return Reference(
        federations=frozenset(row["federation_id"] for row in listed.federations),
        members={fed: frozenset(ids) for fed, ids in members.items()},
        codes=codes,
        outcome_codes=frozenset(row["outcome_code"] for row in _rows(seeds_dir / "outcome_categories.csv")),
    )


def load_federation_names(
    seeds_dir: Path = SEEDS_DIR, landing: Path | None = None
) -> dict[str, tuple[str, ...]]:
    """Folded names a document may call each federation by (`sodra lappland`, ...)."""
    return _federation_names(_listed(seeds_dir, landing))


@lru_cache(maxsize=8)
def _federation_names(listed: _Listed) -> dict[str, tuple[str, ...]]:
    from pipelines.extract.text import fold

    names: dict[str, tuple[str, ...]] = {}
    for row in listed.federations:
        full = fold(row["name_sv"])
        short = full.replace("samordningsforbundet", "").strip()
        short = short[2:] if short.startswith("i ") else short
        names[row["federation_id"]] = (short,)
    return names


def load_member_names(
    seeds_dir: Path = SEEDS_DIR, landing: Path | None = None
) -> dict[str, dict[str, tuple[str, str]]]:
    """Per federation: folded member name (`lycksele kommun`, `lycksele`) → (member_id, type)."""
    return _member_names(_listed(seeds_dir, landing))


@lru_cache(maxsize=8)
def _member_names(listed: _Listed) -> dict[str, dict[str, tuple[str, str]]]:
    from pipelines.extract.text import fold

    members: dict[str, dict[str, tuple[str, str]]] = {}
    for row in listed.members:
        entry = (row["member_id"], row["member_type"])
        names = members.setdefault(row["federation_id"], {})
        full = fold(row["name_sv"])
        names[full] = entry
        names[full.replace(" kommun", "")] = entry
        names[fold(row["member_id"].replace("_", " "))] = entry
    return members
