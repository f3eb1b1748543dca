"""Word files (.docx): paragraphs and tables in document order, read with python-docx.

A paragraph is a line of text (a soft line break inside it starts another
line with the same ref), read as any text line is: the prose classifies the
document and states units and years, a paragraph laid out with tabs is a tab
table. A Word table is a grid (grid.py): one line per row, merged cells
counted once, in the column they start in.

Refs: a paragraph's is its number among the document's non-empty paragraphs
(`12`); a table row's is `Tabell 2!3`, the third row of the document's second
table. A table after the first opens with a heading line `2. Tabell` (ref
`Tabell 2!0`), which ends the table before it. Headers, footers and text
boxes are not read.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.extract.model import Line
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.grid import GridCell, GridRow, grid_lines
from pipelines.extract.readers.office import check_office_zip

TABLE = "Tabell"


def read_docx(path: Path) -> list[Line]:
    check_office_zip(path, "Word file", ".docx")
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        content = list(document.iter_inner_content())
    except Exception as error:  # python-docx raises zip, XML and package errors alike
        raise UnreadableDocument(f"{path.name}: the Word file cannot be read ({error})") from error
    lines: list[Line] = []
    paragraphs = tables = 0
    for item in content:
        if isinstance(item, Table):
            tables += 1
            boundary = (f"{TABLE} {tables}!0", f"{tables}. {TABLE}") if tables > 1 else None
            lines += grid_lines(_rows(item, tables), len(lines), boundary)
            continue
        text = item.text
        if not text.strip():
            continue
        paragraphs += 1
        for piece in text.split("\n"):
            lines.append(Line(len(lines), str(paragraphs), piece.rstrip()))
    if not any(line.text.strip() for line in lines):
        raise UnreadableDocument(f"{path.name}: the Word file has no text")
    return lines


def _rows(table, number: int) -> list[GridRow]:
    """Each row's cells by grid column: a cell merged across columns once, where it starts; a cell
    merged down the rows once, in its first row."""
    rows: list[GridRow] = []
    above: list = []
    for index, row in enumerate(table.rows, start=1):
        cells = list(row.cells)
        grid: list[GridCell] = []
        for column, cell in enumerate(cells):
            if column > 0 and cell._tc is cells[column - 1]._tc:
                grid.append(GridCell("", spanned=True))
            elif column < len(above) and cell._tc is above[column]:
                grid.append(GridCell(""))
            else:
                grid.append(GridCell(cell.text))
        above = [cell._tc for cell in cells]
        rows.append(GridRow(f"{TABLE} {number}!{index}", tuple(grid)))
    return rows
