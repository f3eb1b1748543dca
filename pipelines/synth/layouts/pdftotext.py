"""Plain text as `pdftotext -layout` prints a PDF: columns kept apart by runs of spaces, amounts in tkr."""

from __future__ import annotations

import random
from pathlib import Path

from pipelines.synth.document import Document
from pipelines.synth.layouts.common import Printed, aligned, tkr, walk

NAME = "pdftotext"
SUFFIX = ".txt"


def render(document: Document, rng: random.Random) -> Printed:
    return walk(document, lambda printed, table: aligned(printed, table, tkr))


def write(printed: Printed, path: Path) -> list[str]:
    path.write_text("\n".join(printed.lines) + "\n", encoding="utf-8")
    return [str(index + 1) for index in range(len(printed.lines))]
