"""What the loaders report when input cannot be taken as it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rejection:
    """One line (or a whole file, line 0 or 1) that was not loaded, and why.

    `raw_content` is None when echoing the line could leak personal data.
    """

    source_file: str
    line: int
    reason: str
    raw_content: str | None

    def __str__(self) -> str:
        return f"{self.source_file}:{self.line}: {self.reason}"


class UnreadableFile(Exception):
    """A whole file cannot be read; carries the file and the reason."""

    def __init__(self, source_file: str, reason: str):
        super().__init__(f"{source_file}: {reason}")
        self.source_file = source_file
        self.reason = reason
