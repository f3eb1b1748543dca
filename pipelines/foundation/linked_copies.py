"""Copies of published files as hard links: a build reuses what it does not rewrite without copying bytes.

Publishing replaces files and folders, never edits a file in place, so a
build and the published folder may share a file's bytes safely.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link of `source` at `target`; a copy on another file system or where links are refused."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def linked_tree(source: Path, target: Path) -> None:
    """`target` as a copy of the folder `source` (followed when it is a link), every file hard-linked."""
    shutil.copytree(source.resolve(), target, copy_function=link_or_copy)
