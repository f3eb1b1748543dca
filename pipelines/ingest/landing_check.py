"""Is there anything to refresh from? Checked before a refresh builds (or imports) anything.

A missing, misspelled or emptied landing folder would otherwise build an
empty warehouse, and an empty warehouse must never replace a good one. Plain
Python, so `finsam refresh` answers in a fraction of a second and the Dagster
executor (pipelines/defs/jobs.py) can ask the same question.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from pipelines.foundation.file_kinds import (
    CORRECTIONS_SUFFIX,
    DOCUMENT_SUFFIXES,
    FACTS_SUFFIX,
    PARTICIPANTS_SUFFIX,
    FileKind,
    kind_of,
)

LOADABLE_KINDS = (FileKind.FACTS, FileKind.CORRECTIONS, FileKind.PARTICIPANTS, FileKind.DOCUMENT)
WHAT_LOADS = (
    f"*{FACTS_SUFFIX}, *{CORRECTIONS_SUFFIX}, *{PARTICIPANTS_SUFFIX} "
    f"or documents ({', '.join(DOCUMENT_SUFFIXES)})"
)


class LandingProblem(Exception):
    """The landing folder cannot be refreshed from; one line says which folder and why."""

    def __init__(self, landing: Path, reason: str):
        super().__init__(f"landing folder {landing} {reason}")
        self.landing, self.reason = landing, reason


def check_landing(landing: Path) -> int:
    """The number of files a refresh would load; LandingProblem when there are none to load."""
    if not landing.exists():
        raise LandingProblem(landing, f"does not exist{_did_you_mean(landing)}")
    if not landing.is_dir():
        raise LandingProblem(landing, "is not a folder")
    readable, unreadable = 0, []
    try:
        for path in _candidate_files(landing):
            if os.access(path, os.R_OK):
                readable += 1
            else:
                unreadable.append(path)
    except OSError as error:
        raise LandingProblem(landing, f"cannot be read: {error.strerror or error}") from error
    if readable:
        return readable
    if unreadable:
        first = unreadable[0].relative_to(landing)
        raise LandingProblem(landing, f"has {len(unreadable)} input files and none can be read ({first}, …)")
    raise LandingProblem(landing, f"holds nothing to load (no {WHAT_LOADS})")


def _candidate_files(landing: Path):
    """Files a loader or the extractor would read: not hidden, a known kind, READMEs aside."""

    def fail(error: OSError) -> None:
        raise error

    for folder, subfolders, files in os.walk(landing, onerror=fail):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if not name.startswith(".") and kind_of(path.relative_to(landing).as_posix()) in LOADABLE_KINDS:
                yield path


def _did_you_mean(landing: Path) -> str:
    """A folder beside the missing one with a close name: a typo is the usual cause."""
    parent = landing.parent
    if not parent.is_dir():
        return ""
    try:
        siblings = [entry.name for entry in parent.iterdir() if entry.is_dir()]
    except OSError:
        return ""
    close = difflib.get_close_matches(landing.name, siblings, n=1, cutoff=0.75)
    return f" (did you mean {parent / close[0]}?)" if close else ""
