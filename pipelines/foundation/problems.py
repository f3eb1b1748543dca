"""What the loaders report when input cannot be taken as it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.foundation.personal_data import mask_personal_data


@dataclass(frozen=True)
class Rejection:
    """One line (or a whole file, line 0 or 1) that was not loaded, and why.

    Whatever a rejection carries (the file's name, the reason, the content) is
    masked of personnummer-like numbers when it is made, so no quarantine row,
    log line or message can echo one. `raw_content` is None when echoing the
    line could leak personal data that masking cannot catch (names, binary).
    """

    source_file: str
    line: int
    reason: str
    raw_content: str | None

    masked: bool = field(default=False, init=False, compare=False)  # something was masked

    def __post_init__(self) -> None:
        for name in ("source_file", "reason", "raw_content"):
            given = getattr(self, name)
            masked = mask_personal_data(given)
            if masked != given:
                object.__setattr__(self, name, masked)
                object.__setattr__(self, "masked", True)

    def __str__(self) -> str:
        return f"{self.source_file}:{self.line}: {self.reason}"


class PersonalDataRejection(Rejection):
    """Refused because it holds (or a column says it holds) personal data; never kept unmasked."""


class UnreadableFile(Exception):
    """A whole file cannot be read; carries the file and the reason."""

    def __init__(self, source_file: str, reason: str):
        super().__init__(f"{source_file}: {reason}")
        self.source_file = source_file
        self.reason = reason
