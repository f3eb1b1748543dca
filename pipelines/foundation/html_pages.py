"""The HTML pages the refresh writes for people (the report, the quality page): one Jinja2
environment, one stylesheet, Swedish number filters.

Templates live in pipelines/templates/; every page is plain HTML with
inline SVG and no script, so it opens from disk with no network.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TextIO

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pipelines.foundation.swedish_format import (
    MISSING,
    format_count,
    format_kronor,
    format_number,
    format_percent,
    format_points,
)

TEMPLATES = Path(__file__).parents[1] / "templates"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        kr=format_kronor,
        pct=format_percent,
        points=format_points,
        count=format_count,
        number=format_number,
        missing=lambda value: MISSING if value is None or value == "" else value,
    )
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def write_page(path: Path, template: str, **context) -> None:
    """Render `template` into the file `path` as it is made; the template places large HTML by `spliced`."""
    spliced = Spliced()
    chunks = environment().get_template(template).generate(spliced=spliced, **context)
    with path.open("w", encoding="utf-8") as file:
        spliced.write(chunks, file)
    spliced.clear()


class Spliced:
    """Finished HTML a page places by a marker (`{{ spliced(parts) }}`), written to its file as it is.

    A national comparisons page holds tables of some 30 MB. Placed through
    the macros that wrap them, each was copied about nine times (every Markup
    is a new string) and the page was held whole before it was written; now
    the template carries a short marker and the writer puts the table's parts
    in its place. The marker holds a NUL and a random id: no text of a page
    can hold it, and no page written shows it.
    """

    def __init__(self) -> None:
        self._marker = f"\x00{uuid.uuid4().hex}:"
        self._found = re.compile(re.escape(self._marker) + r"(\d+)\x00")
        self._parts: list[str] = []

    def __call__(self, parts: str | Sequence[str]) -> Markup:
        """A marker standing for `parts` (finished, escaped HTML), in order.

        Joined at once: a table's hundred thousand small strings held until
        the page is written took more memory than their text.
        """
        self._parts.append(parts if isinstance(parts, str) else "".join(parts))
        return Markup(f"{self._marker}{len(self._parts) - 1}\x00")

    def write(self, chunks: Iterable[str], file: TextIO) -> None:
        """`chunks` (a template's output) to `file`, each marker replaced by its parts."""
        for chunk in chunks:
            if self._marker not in chunk:
                file.write(chunk)
                continue
            for index, piece in enumerate(self._found.split(chunk)):
                if index % 2:
                    file.write(self._parts[int(piece)])
                else:
                    file.write(piece)

    def clear(self) -> None:
        """Let go of the written parts.

        The template's context keeps this object in reference cycles, which a
        report built with the cycle collector paused held to its end: some
        125 MB of finished tables at national scale.
        """
        self._parts.clear()


def stylesheet() -> str:
    return (TEMPLATES / "style.css").read_text(encoding="utf-8")
