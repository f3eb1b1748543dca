"""The rows of a budget table, shared by the plan's budget and the annual report's follow-up.

A row is made by the caller's `row(label, code, amount_of, item, child)`, which knows
the table's columns; here is only which rows a budget has, in which order, with which labels.
"""

from __future__ import annotations

from collections.abc import Callable

from pipelines.extract.label_text import slugify
from pipelines.synth.document import Row
from pipelines.synth.economy import ADMIN_PARTS, BOARD_PARTS, Lines
from pipelines.synth.federations import Federation

BOARD_LABELS = ("Fasta arvoden", "Sammanträdes- och övriga arvoden", "Ers förlorad arbetsförtjänst",
                "Reseersättning och traktamenten", "Arbetsgivaravgifter", "Övrigt")  # fmt: skip
ADMIN_LABELS = ("Kurs och konferens inkl. resor", "Revision", "Administration", "Information", "Övrigt")
STATE_LABELS = ("Försäkringskassan", "Försäkringskassan och Arbetsförmedlingen", "Staten")

RowMaker = Callable[..., Row]  # row(label, code, amount_of: Lines -> int, item="", child=False)


def member_rows(row: RowMaker, federation: Federation, state_label: str) -> list[Row]:
    """Each member's contribution, printed under the contributions' total."""
    rows = [
        row(member.name, "contribution_municipality", _municipality(member.member_id), member.member_id, True)
        for member in federation.municipalities
    ]
    rows.append(row(federation.region.name, "contribution_region", lambda x: x.region, child=True))
    rows.append(row(state_label, "contribution_state", lambda x: x.state, child=True))
    return rows


def _municipality(member_id: str) -> Callable[[Lines], int]:
    return lambda lines: dict(lines.municipalities)[member_id]


def cost_rows(row: RowMaker, columns: list[Lines], office_label: str, rent_row: bool) -> list[Row]:
    """Board, office, premises, administration and interventions, each group total above its parts."""
    rows = [row("Styrelsen", "board_total", lambda x: x.board_total)]
    rows += _parts(row, "board", BOARD_PARTS, BOARD_LABELS)
    rows.append(row(office_label, "office_total", lambda x: x.office_director))
    rows.append(row("Förbundschef", "office_director", lambda x: x.office_director, child=True))
    rows.append(row("Lokalkostnader", "premises_total", lambda x: x.premises_rent))
    if rent_row:
        rows.append(row("Hyra kontor", "premises_rent", lambda x: x.premises_rent, child=True))
    rows.append(row("Övriga administrativa kostnader", "admin_total", lambda x: x.admin_total))
    rows += _parts(row, "admin", ADMIN_PARTS, ADMIN_LABELS)
    rows.append(row("Projektkostnader", "interventions_total", lambda x: x.interventions_total))
    for name in intervention_names(columns):
        rows.append(row(name, "intervention", _intervention(name), slugify(name), True))
    if any(lines.unallocated for lines in columns):
        rows.append(row("Ointecknade medel", "unallocated", lambda x: x.unallocated, child=True))
    rows.append(row("Summa kostnader", "total_costs", lambda x: x.costs))
    return rows


def _parts(row: RowMaker, group: str, codes: tuple[str, ...], labels: tuple[str, ...]) -> list[Row]:
    return [
        row(label, code, _part(group, index), child=True)
        for index, (code, label) in enumerate(zip(codes, labels, strict=True))
    ]


def _part(group: str, index: int) -> Callable[[Lines], int]:
    return lambda lines: getattr(lines, group)[index]


def _intervention(name: str) -> Callable[[Lines], int]:
    return lambda lines: dict(lines.interventions).get(name, 0)


def intervention_names(columns: list[Lines]) -> list[str]:
    """Every intervention of any column, in first-printed order; a column without it prints 0."""
    names: list[str] = []
    for lines in columns:
        names += [name for name, _ in lines.interventions if name not in names]
    return names
