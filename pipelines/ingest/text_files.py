"""Bytes to text for landing files, with the checksum that identifies the file.

Excel on Swedish Windows saves "CSV" in Windows-1252; such files are read as
what they are, so å, ä and ö arrive intact. What is neither UTF-8 nor
Windows-1252 text is refused, never guessed into mojibake.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.problems import UnreadableFile

MAX_KEPT_BYTES = 2_000_000  # what quarantine keeps of a refused file


@dataclass(frozen=True)
class LandingText:
    name: str  # path relative to the landing folder, as shown in messages
    sha256: str
    text: str
    encoding: str


def read_landing_text(path: Path, name: str) -> LandingText:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(name, f"cannot be read ({error.strerror})") from error
    if not data.strip():
        raise UnreadableFile(name, "is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        return LandingText(name, sha256, data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as error:
        if b"\x00" in data:
            raise UnreadableFile(name, "is not text (UTF-16 or binary?); save it as 'CSV UTF-8'") from error
        try:
            return LandingText(name, sha256, data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            raise UnreadableFile(
                name, f"is neither UTF-8 nor Windows-1252 text (byte {error.start}); save it as 'CSV UTF-8'"
            ) from error


def kept_content(path: Path) -> str | None:
    """A refused file's content for quarantine: its text, or base64 of its bytes (capped)."""
    try:
        data = path.read_bytes()[:MAX_KEPT_BYTES]
    except OSError:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "base64:" + base64.b64encode(data).decode("ascii")
