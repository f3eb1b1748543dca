"""Finding inputs in the landing folder: `landing/<federation_id>/...`, any depth, any year."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FACTS_SUFFIX = ".facts.csv"
CORRECTIONS_SUFFIX = ".corrections.csv"
PARTICIPANTS_SUFFIX = ".participants.csv"
DOCUMENTS_MANIFEST = "documents.csv"


@dataclass(frozen=True)
class LandingFile:
    path: Path
    name: str  # relative to the landing folder, with forward slashes
    federation_id: str | None  # the first folder under landing, if any


def landing_files(landing: Path, suffix: str) -> list[LandingFile]:
    """Files whose name ends with `suffix`, sorted so every refresh reads them in one order."""
    if not landing.is_dir():
        return []
    found = []
    for path in sorted(landing.rglob(f"*{suffix}")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(landing).parts):
            continue
        relative = path.relative_to(landing)
        federation = relative.parts[0] if len(relative.parts) > 1 else None
        found.append(LandingFile(path, relative.as_posix(), federation))
    return found
