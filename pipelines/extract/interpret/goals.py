"""Goal maps (målkartor): targets and results per goal area and goal, in table, block or bullet form.

A goal map names goal areas (`Individen`, `Utveckling`, `Arbetssätt`,
`Ekonomi`), under each the goals (`1: Insatserna arbetar ...`, `2. ...`), and
for each goal what is measured (`Indikator – 70 % av deltagarna anger det`,
`minst 4 aktiviteter per år`, a `Målvärde` cell `7`). A percentage is a target
in pct, a whole number in a measure a target in count. The item is
`<area>:<goal number>`, with a letter (`1a`, `1b`) when a goal's measures
state several figures; goals stated as bullets are numbered as listed, and
the goals of an intervention (`SamCoach` … `Mål:`) as `<intervention>-<n>`.

Three printings are read:

- a grid table (pipe or tab cells; `<p>` paragraphs inside a cell are its lines)
  whose header names the goal, indicator or target columns;
- the same map flattened by a text layer into blocks: the header words on
  their own lines, then per area its goals and, further down, its measures,
  blank lines separating one goal's measures from the next;
- bullets under a goals heading (`• Att 80 % av deltagarna ...`).

A plan's targets are the plan year's `budget`; a report's are its year's
`outcome` targets, with the results where its table prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from pipelines.extract.interpret.emit import Read
from pipelines.extract.label_text import fold
from pipelines.extract.model import Document, ExtractedFact, Line, paragraphs
from pipelines.extract.tables.table import Table

AREAS = {
    "individen": "individual",
    "individ": "individual",
    "individniva": "individual",
    "individinriktade insatser": "individual",
    "utveckling": "development",
    "utvecklingsniva": "development",
    "arbetssatt": "working_methods",
    "arbetsatt": "working_methods",
    "arbetsssatt": "working_methods",
    "samverkan": "working_methods",
    "struktur": "working_methods",
    "ekonomi": "economy",
    "ekonomiska mal": "economy",
    "finansiella mal": "economy",
}
AREA_WORDS = {  # a bullet's own words say which area it serves
    "individual": ("deltagar", "individ", "avslutade", "arenden", "uppdrag"),
    "economy": ("kapital", "ekonomi", "budget", "finansi", "driftsbidrag", "medlemsavgift"),
    "development": ("utveckling", "medlemmarna upplever"),
    "working_methods": ("uppfoljning", "struktur", "rutiner", "arbetssatt", "samverkan"),
}
_PERCENT = re.compile(r"(?<![\d,])(\d{1,3})(?:,\d+)?\s*%")
_COUNT = re.compile(r"(?<![\d,.])(\d{1,3})(?![\d,.%])\s*(?!%)(?=\s*[^\W\d]|\s*$)")
_GOAL_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[:.)]\s*")
_YEARISH = re.compile(r"(19|20)\d\d")
GRID_WORDS = ("malomrade", "mal", "indikator", "malvarde", "matbart", "resultat", "utforande", "matt")


@dataclass(frozen=True)
class Target:
    area: str
    key: str  # `1`, `1a`, `SamCoach-1`
    value: Decimal
    unit: str  # pct | count
    label: str
    line: Line
    code: str = "target"


def is_goal_table(table: Table) -> bool:
    return table.columnar and table.header is not None and _grid_goal_header(table)


def read_goal_tables(document: Document, tables: list[Table]) -> Read:
    read = Read()
    for table in tables:
        if is_goal_table(table):
            read.facts += _facts(document, _grid_targets(table))
            read.lines |= {row.line.ref for row in table.rows}
    return read


def _grid_goal_header(table: Table) -> bool:
    headings = [fold(table.header.corner), *(fold(c.heading) for c in table.header.columns)]
    hits = sum(1 for heading in headings if heading.split()[:1] and heading.split()[0] in GRID_WORDS)
    return hits >= 2


def _grid_targets(table: Table) -> list[Target]:
    """Per row: the area (a column of its own, or the first paragraph of the goal cell), the goals, and
    the targets of the target column (or the measure column)."""
    headings = [fold(table.header.corner)] + [fold(c.heading) for c in table.header.columns]
    target_column = _column(headings, ("malvarde", "matbart", "matt", "mal 20")) or _column(
        headings, ("indikator",)
    )
    goal_column = _column(headings, ("mal",), exact=True)
    area_column = _column(headings, ("malomrade",))
    result_column = _column(headings, ("resultat", "utfall", "uppnatt"))
    targets: list[Target] = []
    counters: dict[str, int] = {}
    for row in table.rows:
        cells = [row.printed_label, *(cell.text for cell in row.cells)]
        if target_column is None or target_column >= len(cells):
            continue
        goals = (
            _paragraphs(cells[goal_column]) if goal_column is not None and goal_column < len(cells) else []
        )
        area = _area(cells[area_column]) if area_column is not None else None
        if area is None and goals:
            area, goals = _area(goals[0]), goals[1:] if _area(goals[0]) else goals
        if area is None:
            area = _area_of_words(" ".join(cells))
        if area is None:
            continue
        measures = _paragraphs(cells[target_column])
        if area_column is not None:  # one goal per row
            counters[area] = counters.get(area, 0) + 1
            numbers = [str(counters[area])]
            measures = [" ".join(measures)]
        else:
            numbers = [_goal_number(goal, index) for index, goal in enumerate(goals, start=1)] or ["1"]
        found = _allocated(area, numbers, measures, row.printed_label, row.line)
        targets += found
        result = cells[result_column] if result_column is not None and result_column < len(cells) else ""
        stated = [f for f in figures_in(result) if f[1] == "pct"]
        if len(found) == 1 and len(stated) == 1 and found[0].unit == "pct":
            targets.append(replace(found[0], value=stated[0][0], label=result, code="actual"))
    return targets


def _column(headings: list[str], words: tuple[str, ...], exact: bool = False) -> int | None:
    for index, heading in enumerate(headings):
        first = heading.split()[0] if heading.split() else ""
        if (first in words) if exact else any(heading.startswith(word) for word in words):
            return index
    return None


def _paragraphs(cell: str) -> list[str]:
    """`<p>a</p> <p>b</p>` → [a, b]; a plain cell is one paragraph."""
    found = re.findall(r"<p>(.*?)</p>", cell, flags=re.IGNORECASE | re.DOTALL)
    parts = found if found else [cell]
    return [" ".join(part.split()) for part in parts if part.strip()]


def _area(text: str | None) -> str | None:
    if not text:
        return None
    folded = fold(text)
    words = folded.split()
    for size in (2, 1):
        key = " ".join(words[:size])
        if key in AREAS and (size == len(words) or len(words) <= 4 or size == 2):
            return AREAS[key]
    return AREAS.get(words[0]) if words and len(words) <= 8 else None


def _area_of_words(text: str) -> str | None:
    folded = fold(text)
    scores = {area: sum(folded.count(word) for word in words) for area, words in AREA_WORDS.items()}
    best = max(scores.values())
    winners = [area for area, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def _goal_number(goal: str, position: int) -> str:
    match = _GOAL_NUMBER.match(goal)
    return match.group(1) if match else str(position)


def _allocated(area: str, numbers: list[str], measures: list[str], label: str, line: Line) -> list[Target]:
    """Measure paragraphs to goals in order, the last goal taking what is left; figures lettered."""
    if not numbers:
        return []
    groups: list[list[str]] = [[] for _ in numbers]
    for index, measure in enumerate(measures):
        groups[min(index, len(numbers) - 1)].append(measure)
    targets: list[Target] = []
    for number, group in zip(numbers, groups, strict=True):
        figures = [figure for measure in group for figure in figures_in(measure)]
        for index, (value, unit, text) in enumerate(figures):
            key = number if len(figures) == 1 else f"{number}{'abcdefgh'[index]}"
            targets.append(Target(area, key, value, unit, text or label, line))
    return targets


def figures_in(text: str) -> list[tuple[Decimal, str, str]]:
    """The target figures a measure states, in order: percentages, and whole numbers of something."""
    cleaned = _YEARISH.sub(" ", text)
    found: list[tuple[int, Decimal, str]] = []
    for match in _PERCENT.finditer(cleaned):
        found.append((match.start(), Decimal(match.group(1)), "pct"))
    for match in _COUNT.finditer(cleaned):
        if not any(start <= match.start() < start + 6 for start, _, _ in found):
            found.append((match.start(), Decimal(match.group(1)), "count"))
    found.sort()
    return [(value, unit, text.strip()) for _, value, unit in found]


def _facts(document: Document, targets: list[Target]) -> list[ExtractedFact]:
    year = document.fiscal_year
    if year is None:
        return []
    scenario = "outcome" if document.kind == "arsredovisning" else "budget"
    seen: set[tuple] = set()
    facts = []
    for target in targets:
        item = f"{target.area}:{target.key}"
        if (target.code, item) in seen:
            continue
        seen.add((target.code, item))
        facts.append(
            ExtractedFact(
                record_type="indicator",
                federation_id=document.federation_id or "",
                fiscal_year=year,
                scenario=scenario,
                code=target.code,
                item=item,
                value=target.value,
                unit=target.unit,
                raw_label=target.label[:200],
                source_file=document.source_file,
                source_line=target.line.ref,
            )
        )
    return facts


# --- goal maps flattened into blocks of lines -------------------------------------------------------------

_MAP_TITLE = re.compile(r"^(?:\d+\.?\s*)?(?:mal|malkarta|mal malkarta|malomrade|mal och indikatorer)\b")
_MAP_COLUMNS = ("matbart", "matt", "utforande", "indikator", "malvarde")
_TARGET_MARKERS = ("indikator", "minst", "hogst", "malvarde", "ska ", "max ")
MAP_REACH = 300  # lines a flattened goal map may run over (a numbered section or prose ends it sooner)
PROSE_WORDS = 13  # a line this long is prose, not a narrow goal-map cell


def read_goal_blocks(document: Document) -> Read:
    """Goal maps a text layer flattened: per area, goals and measures in blocks of lines."""
    lines = list(document.lines)
    read = Read()
    targets: list[Target] = []
    for start, end in _map_regions(lines):
        for area, segment in _segments(lines[start:end]):
            numbers = [match.group(1) for line in segment if (match := _GOAL_NUMBER.match(line.text))]
            measures = [paragraph for paragraph in paragraphs(segment) if _is_measure(paragraph)]
            if not numbers:
                numbers = [str(index) for index in range(1, len(measures) + 1)]
            for number, group in zip(numbers, _grouped(measures, len(numbers)), strict=False):
                figures = [(f, p) for p in group for f in _measured(_text(p))]
                for index, ((value, unit, _), paragraph) in enumerate(figures):
                    key = number if len(figures) == 1 else f"{number}{'abcdefgh'[index]}"
                    targets.append(Target(area, key, value, unit, _text(paragraph), paragraph[0]))
                results = [(value, p) for p in group if (value := _result(_text(p))) is not None]
                if len(figures) == 1 and len(results) == 1:  # `Indikator 70 % … | 75 % Målet uppnått`
                    value, paragraph = results[0]
                    targets.append(
                        Target(area, number, value, "pct", _text(paragraph), paragraph[0], "actual")
                    )
    read.facts += _facts(document, targets)
    return read


def _map_regions(lines: list[Line]) -> list[tuple[int, int]]:
    """From a goal map's title (`6 Mål/Målkarta`, `Målområde`) with its column words just below, to the
    next section of a higher number, a paragraph of prose, or `MAP_REACH` lines."""
    regions: list[tuple[int, int]] = []
    for index, line in enumerate(lines):
        folded = fold(line.text)
        if not _MAP_TITLE.match(folded) or (regions and index < regions[-1][1]):
            continue
        window = [fold(other.text) for other in lines[index : index + 15]]
        if not any(word in text for text in window for word in _MAP_COLUMNS):
            continue
        number = int(re.match(r"\d+", folded).group(0)) if re.match(r"\d+", folded) else None
        regions.append((index, _map_end(lines, index, number)))
    return regions


def _map_end(lines: list[Line], start: int, number: int | None) -> int:
    long_lines = 0
    for index in range(start + 1, min(len(lines), start + MAP_REACH)):
        text = lines[index].text.strip()
        heading = re.match(r"^(\d{1,2})\.?\s+[A-ZÅÄÖ]", text)
        if heading and number is not None and int(heading.group(1)) > number and len(text.split()) <= 8:
            return index
        long_lines = long_lines + 1 if len(text.split()) >= PROSE_WORDS else 0
        if long_lines >= 2:
            return index - 1  # two lines of prose: the map has ended
    return min(len(lines), start + MAP_REACH)


def _segments(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """The lines of each goal area, from the line that names it to the next area's."""
    segments: list[tuple[str, list[Line]]] = []
    for line in lines:
        words = fold(line.text).split()
        area = AREAS.get(" ".join(words)) if 0 < len(words) <= 2 else None
        if area is not None:
            segments.append((area, []))
        elif segments:
            segments[-1][1].append(line)
    return segments


def _text(paragraph: list[Line]) -> str:
    return " ".join(line.text.strip() for line in paragraph)


def _marked(text: str) -> bool:
    folded = f" {fold(text)} "
    return any(marker in folded for marker in _TARGET_MARKERS)


def _is_measure(paragraph: list[Line]) -> bool:
    """A paragraph stating a target: a figure, and a word that makes it one (`Indikator`, `minst`).
    Cells a row prints apart (`… | Indikator 70 % | 75 % Målet uppnått`) are each as long as they are."""
    text = _text(paragraph)
    if _GOAL_NUMBER.match(paragraph[0].text) or any(
        len(cell.split()) >= PROSE_WORDS for line in paragraph for cell in _cells(line.text)
    ):
        return False
    return bool(figures_in(text)) and _marked(text)


def _cells(text: str) -> list[str]:
    return [cell for cell in re.split(r"\s*\|\s*", text) if cell.strip()]


def _measured(text: str) -> list[tuple[Decimal, str, str]]:
    """A measure's target figures: of the cell that states it when the row prints cells apart (a result
    cell after it is no target), else of the whole paragraph."""
    cells = _cells(text)
    marked = [cell for cell in cells if _marked(cell) and figures_in(cell)]
    source = marked[:1] if len(cells) > 1 and marked else [text]
    return [f for cell in source for f in figures_in(cell) if f[1] == "pct" or _marked(cell)]


def _result(text: str) -> Decimal | None:
    """The percentage of a result cell after the measure's (`| 75 % Målet uppnått`), when there is one."""
    cells = _cells(text)
    marked = next((i for i, cell in enumerate(cells) if _marked(cell) and figures_in(cell)), None)
    if marked is None or len(cells) < 2:
        return None
    after = [f for cell in cells[marked + 1 :] for f in figures_in(cell) if f[1] == "pct"]
    return after[0][0] if len(after) == 1 else None


def _grouped(measures: list[list[Line]], goals: int) -> list[list[list[Line]]]:
    """Measures to goals in order, the last goal taking what is left."""
    groups: list[list[list[Line]]] = [[] for _ in range(max(goals, 0))]
    for index, measure in enumerate(measures):
        if groups:
            groups[min(index, goals - 1)].append(measure)
    return groups


# --- goals stated as bullets --------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•·▪◦*]|-\s|e\s(?=[A-ZÅÄÖ]))\s*")
_GOALS_HEADING = re.compile(r"\bmal\b|\bmatbara\b|\bmalsattning")


def read_goal_bullets(document: Document) -> Read:
    """`• Att 80 % av deltagarna ...` under a goals heading: a percentage target per bullet, numbered as
    listed (through the section), an intervention's own goals as `<intervention>-<n>`."""
    lines = list(document.lines)
    targets: list[Target] = []
    number, owner, in_goals = 0, None, False
    for index, line in enumerate(lines):
        text = line.text.strip()
        folded = fold(text)
        if not text:
            continue
        if _BULLET.match(line.text):
            if not in_goals:
                continue
            number += 1
            bullet = _bullet_text(lines, index)
            for value, unit, _ in figures_in(bullet):
                if unit != "pct":
                    continue
                area = _area_of_words(bullet) or ("economy" if owner == "economy" else "individual")
                key = f"{owner}-{number}" if owner and owner != "economy" else str(number)
                targets.append(Target(area, key, value, unit, bullet, line))
                break
            continue
        words = folded.split()
        if _GOALS_HEADING.search(folded) and _heads_bullets(lines, index):
            if folded.rstrip(":") in ("mal",):
                owner, number = _owner(lines, index), 0
            elif not in_goals or "finansiella" in folded or "ekonomiska" in folded:
                owner = "economy" if ("finansiella" in folded or "ekonomiska" in folded) else None
                if not in_goals:
                    number = 0
            in_goals = True
        elif _short_title(text, words) and in_goals and owner not in (None, "economy"):
            in_goals = False  # a new section heading after an intervention's goals
    facts = _facts(document, targets)
    read = Read()
    read.facts += facts
    return read


def _heads_bullets(lines: list[Line], index: int) -> bool:
    """A goals heading: short, no sentence, and bullets within the next lines."""
    text = lines[index].text.strip()
    if len(text.split()) > 10 or (text.endswith(".") and not text.endswith("..")):
        return False
    return any(_BULLET.match(line.text) for line in lines[index + 1 : index + 6])


def _bullet_text(lines: list[Line], index: int) -> str:
    """A bullet and the lines that continue it (up to a blank line followed by no continuation)."""
    parts = [_BULLET.sub("", lines[index].text).strip()]
    for line in lines[index + 1 : index + 4]:
        text = line.text.strip()
        if not text or _BULLET.match(line.text):
            break
        parts.append(text)
    return " ".join(parts)


def _owner(lines: list[Line], index: int) -> str | None:
    """The intervention whose goals a `Mål:` lists: the nearest short title line above it."""
    for line in reversed(lines[max(0, index - 40) : index]):
        text = line.text.strip()
        titled = text and len(text.split()) <= 4 and not text.endswith((".", ",", ":")) and text[:1].isupper()
        if titled and ":" not in text and not _BULLET.match(line.text):
            return re.sub(r"\s+", "", text.split("(")[0]) or None
    return None


def _short_title(text: str, words: list[str]) -> bool:
    return len(words) <= 6 and not text.endswith((".", ",")) and text[:1].isupper()
