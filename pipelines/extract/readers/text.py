"""Text and markdown: one line per newline, as an editor numbers them.

A form feed (pdftotext's page break) is not a line break: it starts a new
page on the same line number, so `source_line` stays the line `grep -n` shows.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.extract.model import Line
from pipelines.extract.readers.errors import UnreadableDocument

FORM_FEED = "\f"


def read_text(path: Path) -> list[Line]:
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableDocument(f"{path.name}: the file is empty")
    return text_lines(_decoded(path.name, data))


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


def _decoded(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableDocument(f"{name}: not UTF-8 or Windows-1252 text") from None
