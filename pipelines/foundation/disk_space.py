"""A full disk, told as one line: "no space left on <file system>".

A refresh that runs out of space fails in whatever step was writing (DuckDB,
dbt's DuckDB, the export, the extraction cache), each with its own wording
around the operating system's "No space left on device". This finds that in
the failure texts and names the file system and the file being written.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from pathlib import Path

NO_SPACE = os.strerror(errno.ENOSPC)  # "No space left on device"
# DuckDB: Could not write file "/x/y": No space left on device; Python: [Errno 28] ...: '/x/y'
_QUOTED_PATH = re.compile(r"""["'](/[^"']+)["']""")


def no_space_left(texts: Iterable[str], fallback: Path) -> str | None:
    """'no space left on /mount (writing /mount/file)' when a text reports a full disk, else None."""
    for text in texts:
        if NO_SPACE.lower() not in text.lower():
            continue
        found = _QUOTED_PATH.search(text[max(0, text.lower().find(NO_SPACE.lower()) - 400) :])
        written = Path(found.group(1)) if found else fallback
        return f"no space left on {mount_point(written)} (writing {written})"
    return None


def mount_point(path: Path) -> Path:
    """The mount point of the file system `path` is (or would be) on."""
    current = Path(os.path.abspath(path))
    while not current.exists():
        current = current.parent
    while not os.path.ismount(current):
        current = current.parent
    return current
