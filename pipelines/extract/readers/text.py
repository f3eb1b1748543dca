"""Text and markdown: one line per newline, as an editor numbers them.

A form feed (pdftotext's page break) is not a line break: it starts a new
page on the same line number, so `source_line` stays the line `grep -n` shows.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.extract.model import Line
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.foundation.problems import UnreadableFile
from pipelines.foundation.text_files import read_landing_text

FORM_FEED = "\f"


def read_text(path: Path) -> list[Line]:
    """In the encodings the loaders read (UTF-8, Windows-1252, UTF-16 with a BOM); binary is refused."""
    try:
        text = read_landing_text(path, path.name).text
    except UnreadableFile as error:
        reason = "the file is empty" if error.reason == "is empty" else error.reason
        raise UnreadableDocument(f"{path.name}: {reason}") from error
    if not text.strip():
        raise UnreadableDocument(f"{path.name}: the file is empty")
    return text_lines(text)


def text_lines(text: str) -> list[Line]:
    """`text` split at `\\n` only (a `\\r` before it dropped), as `grep -n` counts; form feeds count pages."""
    raws = [raw.removesuffix("\r") for raw in text.split("\n")]
    if len(raws) > 1 and raws[-1] == "":
        raws.pop()  # the newline that ends the file opens no line
    lines: list[Line] = []
    page = 1
    for index, raw in enumerate(raws):
        stripped = raw.lstrip(FORM_FEED)
        page += len(raw) - len(stripped)  # a form feed opening the line: the line is on the next page
        lines.append(Line(index, str(index + 1), stripped.replace(FORM_FEED, ""), page))
        page += stripped.count(FORM_FEED)  # one later in the line: the next line is
    return lines
