"""Page furniture: running headers and footers, page numbers, a table of contents.

They are not tables and produce neither facts nor review rows, and a table
continued on the next page reads on through them. A running header or footer
is a short line printed again and again (its digits may change: `Sida 3 av
6`); a contents line ends in a page number after dotted leaders, or follows
an `Innehåll` heading. A row printed in cells (a sheet's, a tab or pipe
table's) is never furniture, however often it repeats.
"""

from __future__ import annotations

import re
from collections import Counter

from pipelines.extract.label_text import fold
from pipelines.extract.model import Line
from pipelines.extract.tables.segments import Cut, cut

_PAGE_NUMBER = re.compile(
    r"^(?:sida|page)\s*\d{1,3}(?:\s*(?:av|/|of)\s*\d{1,3}\s*\w?)?$|^\d{1,3}\s*(?:av|/)\s*\d{1,3}$"
)
_DIGIT = re.compile(r"\d")
_NUMBERS = re.compile(r"\d+")
_BARE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")
_PAGE_WORD = re.compile(r"\bsida\s*\d|\bs i d a\b|\d+\s*av\s*\d+\s*$")
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*\d{1,3}\s*$|…+\s*\d{1,3}\s*$")
_CONTENTS = ("innehall", "innehallsforteckning", "innehallsforteckning:")
REPEATS = 3  # a short line printed this often is a running header or footer
CONTENTS_RUN = 3  # leader lines in a row that make a table of contents
MAX_PAGE = 150


def furniture(
    lines: list[Line], federation_names: tuple[str, ...] = (), cuts: list[Cut] | None = None
) -> set[int]:
    """Indexes of the lines that are page furniture or a table of contents. `cuts`: each line's cut,
    when the caller has them (the table finder cuts every line once)."""
    normalised = [_normalised(line.text) for line in lines]
    counts = Counter(text for text in normalised if text)
    edges = _page_edges(lines) if len({line.page for line in lines}) > 1 else set()
    pages_at_edge = _running(lines, normalised, edges)
    grid = [_grid_row(line_cut) for line_cut in (cuts if cuts is not None else map(cut, lines))]
    found = {
        line.index
        for line, text, in_grid in zip(lines, normalised, grid, strict=True)
        if text
        and not in_grid
        and _furniture(
            line, text, counts[text], pages_at_edge[text] if line.index in edges else 0, federation_names
        )
    }
    # `pa varje sida` under `Signering av justerare`
    for line, text, in_grid in zip(lines, normalised, grid, strict=True):
        if not (line.index - 1 in found or line.index + 1 in found):
            continue
        plain = not in_grid and not _DIGIT.search(line.text)  # a table row is no footnote to a running footer
        if plain and _worded(text) and counts[text] >= REPEATS and len(text.split()) <= 8:
            found.add(line.index)
    return found | _contents(lines)


def _running(lines: list[Line], normalised: list[str], edges: set[int]) -> Counter:
    """On how many pages each line (digits aside) stands at an edge, counted only for lines printed
    there again with at most their page number changed: `Sida 3 av 9` is, `20-29 år 11` ending one page
    and `50-59 år 10` starting the next are not."""
    printed: dict[str, dict[int, str]] = {}
    for line, text in zip(lines, normalised, strict=True):
        if line.index in edges:
            printed.setdefault(text, {}).setdefault(line.page, line.text.strip())
    pages: Counter = Counter()
    for text, by_page in printed.items():
        raws = list(by_page.values())
        if any(_one_number_apart(a, b) for i, a in enumerate(raws) for b in raws[i + 1 :]):
            pages[text] = len(by_page)
    return pages


def _one_number_apart(left: str, right: str) -> bool:
    numbers = re.findall(r"\d+", left), re.findall(r"\d+", right)
    return sum(a != b for a, b in zip(*numbers, strict=False)) <= 1


def _furniture(line: Line, text: str, count: int, edge_pages: int, federation_names: tuple[str, ...]) -> bool:
    """`edge_pages`: on how many pages the line (digits aside) is among the first or last two."""
    folded = fold(line.text)
    short = len(text.split()) <= 8 and not re.search(r"\d \d{3}\b|\d\s*(?:kr|tkr|%)", line.text)
    if _PAGE_NUMBER.match(folded) or (short and _PAGE_WORD.search(folded)):
        return True
    if edge_pages and _BARE_NUMBER.match(line.text.strip()):
        return True
    if not (short and _worded(text)):
        return False
    if edge_pages >= 2:
        return True  # a running header or footer: at the top or foot of more than one page
    repeated = count >= REPEATS
    return repeated and (any(name in text for name in federation_names) or "signer" in text)


def _grid_row(line_cut: Cut) -> bool:
    """A row of a sheet or a tab or pipe table (`Samordningsförbundet X | 17`, `Kommun | Antal` on every
    sheet) is a table's row however often it repeats: no running header is printed in cells."""
    return line_cut.columnar and sum(1 for segment in line_cut.segments if segment.text) >= 2


def _worded(text: str) -> bool:
    return bool(re.search(r"[a-z]{2}", text))


def _normalised(text: str) -> str:
    return _NUMBERS.sub("#", fold(text))


def _page_edges(lines: list[Line]) -> set[int]:
    """The first two and last two non-blank lines of every page."""
    by_page: dict[int, list[int]] = {}
    for line in lines:
        if line.text.strip():
            by_page.setdefault(line.page, []).append(line.index)
    edges: set[int] = set()
    for indexes in by_page.values():
        edges.update(indexes[:2] + indexes[-2:])
    return edges


def _contents(lines: list[Line]) -> set[int]:
    """Contents lines: numbered headings under `Innehåll`, or a run of lines with leaders ending in page
    numbers that never decrease (`Kansli ........ 694` alone is a table row printed with leaders)."""
    found: set[int] = set()
    in_contents = False
    run: list[tuple[int, int]] = []  # (line index, page number) of consecutive leader lines
    for line in lines:
        folded = fold(line.text)
        if folded in _CONTENTS:
            in_contents = True
            found.add(line.index)
            continue
        if not folded:
            continue
        leaders = _LEADERS.search(line.text)
        if in_contents and (leaders or re.search(r"\s\d{1,3}$", line.text.rstrip())):
            found.add(line.index)
            continue
        in_contents = False
        if leaders:
            run.append((line.index, int(re.search(r"(\d{1,3})\s*$", line.text).group(1))))
            continue
        found |= _page_numbered(run)
        run = []
    return found | _page_numbered(run)


def _page_numbered(run: list[tuple[int, int]]) -> set[int]:
    pages = [page for _, page in run]
    if len(run) >= CONTENTS_RUN and pages == sorted(pages) and pages[-1] <= MAX_PAGE:
        return {index for index, _ in run}
    return set()
