"""Bytes to text for landing files, with the checksum that identifies the file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.problems import UnreadableFile


@dataclass(frozen=True)
class LandingText:
    name: str  # path relative to the landing folder, as shown in messages
    sha256: str
    text: str


def read_landing_text(path: Path, name: str) -> LandingText:
    """Read a CSV as UTF-8 (a BOM from Excel is fine); anything else is refused, not guessed."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(name, f"cannot be read ({error.strerror})") from error
    if not data.strip():
        raise UnreadableFile(name, "is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            name,
            f"is not UTF-8 (byte {error.start}); save it as 'CSV UTF-8' and land it again",
        ) from error
    return LandingText(name=name, sha256=hashlib.sha256(data).hexdigest(), text=text)
