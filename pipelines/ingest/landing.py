"""What is in the landing folder: every file, the kind it is read as, or why it is not read.

`landing/<federation_id>/...`, any depth, any year. The walk never follows a
symbolic link: a link is listed as not read (so content from outside the
landing is never read, let alone stored) and its target, if it is inside the
landing, is read where it lies. Hidden entries, files of no known kind
(pipelines/foundation/file_kinds.py), names that are not UTF-8 or hold a personnummer, and
anything that is not a regular file are listed as not read with the reason.
Every refresh walks in one sorted order, so it reads files in one order.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.foundation.file_kinds import FileKind, kind_of, not_read_reason
from pipelines.foundation.personal_data import looks_like_personnummer
from pipelines.foundation.problems import Rejection


@dataclass(frozen=True)
class LandingFile:
    path: Path
    name: str  # relative to the landing folder, with forward slashes
    federation_id: str | None  # the first folder under landing, if any
    kind: FileKind | None = None
    size: int = 0


@dataclass
class LandingInventory:
    files: list[LandingFile] = field(default_factory=list)  # read, by kind
    not_read: list[Rejection] = field(default_factory=list)  # listed with the reason, never read

    def of_kind(self, kind: FileKind) -> list[LandingFile]:
        return [landing_file for landing_file in self.files if landing_file.kind is kind]


def landing_files(landing: Path, kind: FileKind) -> list[LandingFile]:
    """The files of one kind, sorted."""
    return inventory(landing).of_kind(kind)


def inventory(landing: Path) -> LandingInventory:
    """Every entry under `landing`, sorted by name; nothing is opened."""
    found = LandingInventory()
    if not landing.is_dir():
        return found
    root = landing.resolve()
    _walk(landing, root, "", found)
    return found


def _walk(folder: Path, root: Path, prefix: str, found: LandingInventory) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        name = prefix.rstrip("/") or "."
        found.not_read.append(Rejection(name, 0, f"folder cannot be read ({error.strerror})", None))
        return
    for entry in entries:
        shown = _shown_name(entry.name)
        name = prefix + shown
        problem = _name_problem(entry.name, shown)
        if problem:
            found.not_read.append(Rejection(name, 0, problem, None))
            continue
        if entry.is_symlink():
            found.not_read.append(Rejection(name, 0, _link_reason(Path(entry.path), root), None))
            continue
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as error:
            found.not_read.append(Rejection(name, 0, f"cannot be read ({error.strerror})", None))
            continue
        if stat.S_ISDIR(mode):
            _walk(Path(entry.path), root, f"{name}/", found)
        elif not stat.S_ISREG(mode):
            found.not_read.append(Rejection(name, 0, "not read: not a regular file (a device or pipe)", None))
        else:
            _add_file(Path(entry.path), name, found)


def _add_file(path: Path, name: str, found: LandingInventory) -> None:
    kind = kind_of(name)
    if kind is None:
        found.not_read.append(Rejection(name, 0, not_read_reason(name), None))
        return
    parts = name.split("/")
    federation = parts[0] if len(parts) > 1 else None
    found.files.append(LandingFile(path, name, federation, kind, path.stat().st_size))


def _shown_name(raw: str) -> str:
    """A name as shown and stored: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(raw).decode("utf-8", "replace")


def _name_problem(raw: str, shown: str) -> str | None:
    if raw != shown:
        return "not read: its name is not UTF-8 text (from an old zip or Windows?); rename it"
    if raw.startswith("."):
        return "not read: a hidden file or folder (its name starts with '.')"
    if looks_like_personnummer(raw):
        return "not read: its name holds what looks like a personnummer (masked); rename it"
    return None


def _link_reason(path: Path, root: Path) -> str:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "not read: a symbolic link to nothing (not followed)"
    if not target.is_relative_to(root):
        return "not read: a symbolic link to a place outside the landing folder (not followed)"
    inside = target.relative_to(root).as_posix()
    return f"not read: a symbolic link (not followed); its target {inside} is read where it lies"
