"""Tables whose labels and figures OCR printed apart: the label block becomes the rows, and each
later block of figures (one per column header) is paired with them by arithmetic.

A figure line that is unreadable, or split more than one way, is reported and
kept as an unreadable figure so the order of the others holds. A figure placed
on its row only by layout clues is marked uncertain; one sitting in a group with
unreadable figures (whose sum therefore cannot be checked) is not placed at all.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from pipelines.extract.model import UnreadRegion
from pipelines.extract.report_arithmetic import Token, links_for
from pipelines.extract.report_cells import Cell, split_cells
from pipelines.extract.report_columns import Column, columns_of
from pipelines.extract.report_layout import Item, Segment, continues, is_dashed, undashed
from pipelines.extract.report_pairing import Placement, pair_blocks
from pipelines.extract.report_rows import Figure, Row, Table, slots_for
from pipelines.extract.report_vocabulary import identities, likeness, partners


def read_labels(table: Table, grouped: list[Segment], year: int | None) -> None:
    """Labels printed before the first figure block become the rows the blocks are paired with."""
    for segment in grouped:
        if segment.kind == "block":
            break
        if segment.kind == "header":
            header = columns_of(segment.headers, year)
            table.unit_hint = (header.unit if header else None) or table.unit_hint
        if segment.kind != "label":
            continue
        text = segment.item.line.text.strip()
        if table.rows and continues(text, table.rows[-1].label):
            table.rows[-1].label += " " + text
        else:
            table.rows.append(Row(undashed(text), segment.item.line, child=is_dashed(text)))


def pair_figures(table: Table, blocks: list[Segment], year: int | None, known: dict, notes: dict) -> None:
    """Place every block's figures on the rows; report what cannot be placed or read."""
    tokens_per_block, columns_per_block = [], []
    for block in blocks:
        header = columns_of(block.headers, year)
        columns = list(header.columns) if header else []
        tokens_per_block.append(_tokens(table, block.values, len(columns), notes) if columns else [])
        columns_per_block.append(columns)
        if header and header.unit:
            table.unit_hint = table.unit_hint or header.unit
    slots = [
        replace(slot, anchors=tuple(_anchors(slot.code, columns, known) for columns in columns_per_block))
        for slot in slots_for(table.kind, table.rows)
    ]
    placements = pair_blocks(slots, identities(), tokens_per_block)
    links = links_for(slots, identities())
    for block, columns, tokens, placement in zip(
        blocks, columns_per_block, tokens_per_block, placements, strict=False
    ):
        items = block.values
        offset = len(table.columns)
        table.columns.extend(columns)
        if placement is None:
            if items:
                table.unread.append(
                    UnreadRegion(
                        items[0].line.ref, items[-1].line.ref, "figures could not be paired with rows"
                    )
                )
            continue
        _place(table, placement, items, tokens, offset, _garbled_rows(placement, tokens, links))


def _anchors(code: str | None, columns: list[Column], known: dict) -> tuple[Decimal | None, ...]:
    """Per column, the same quantity as another statement printed it (outcome columns only)."""
    if not code:
        return ()
    found = []
    for column in columns:
        value = None
        if column.scenario == "outcome" and column.year:
            for other, offset in partners(code):
                value = known.get((other, column.year + offset), value)
        found.append(value)
    return tuple(found)


def _tokens(table: Table, items: tuple[Item, ...], width: int, notes: dict[int, str]) -> list[Token]:
    tokens = []
    for item in items:
        split = None
        if item.kind == "values":
            note = "required" if item.row.note_marked else "never"
            split = split_cells(item.row.figures, width, note, item.row.wide)
        if split is None or split.ambiguous:
            table.unread.append(
                UnreadRegion(item.line.ref, item.line.ref, f"unreadable figure {item.line.text.strip()!r}")
            )
            tokens.append(Token((None,) * width, item.blank_before))
            continue
        rows = _noted_rows(table.rows, notes.get(split.note)) if split.note else None
        tokens.append(Token(tuple(cell.value for cell in split.cells), item.blank_before, rows))
    return tokens


def _noted_rows(rows: list[Row], title: str | None) -> frozenset[int] | None:
    """Rows labelled like the note's title (`Kortfristiga skulder`); None when no row is."""
    if not title:
        return None
    found = frozenset(index for index, row in enumerate(rows) if likeness(row.label, title) >= 0.85)
    return found or None


def _garbled_rows(placement: Placement, tokens: list[Token], links) -> set[int]:
    """Uncertain rows of a group that also holds an unreadable figure: their sum cannot be checked,
    so where each figure stood is unknown."""
    garbled: set[int] = set()
    for link in links:
        rows = [row for _, row in link.parts]
        unreadable = any(
            placement.tokens[row] is not None and None in tokens[placement.tokens[row]].values for row in rows
        )
        if unreadable:
            garbled.update(row for row in rows if not placement.certain[row])
    return garbled


def _place(table: Table, placement: Placement, items, tokens, offset: int, garbled: set[int]) -> None:
    for row_index, token_index in enumerate(placement.tokens):
        if token_index is None:
            continue
        row, item, token = table.rows[row_index], items[token_index], tokens[token_index]
        if row_index in garbled or None in token.values:
            row.missing.update(offset + column for column in range(len(token.values)))
        if row_index in garbled:
            if None not in token.values:
                table.unread.append(
                    UnreadRegion(
                        item.line.ref,
                        item.line.ref,
                        f"figure {item.line.text.strip()!r} sits among unreadable ones; its row is unknown",
                    )
                )
            continue
        certain = placement.certain[row_index]
        remark = None if certain else "row chosen by layout clues; the arithmetic allows another row"
        for column, value in enumerate(token.values):
            if value is None:
                continue
            cell = Cell(Decimal(value), item.line.text.strip())
            row.figures[offset + column] = Figure(cell, item.line, certain, remark)
