"""The table stage on tiny made-up lines: number forms, header forms and table shapes, one rule a test.

Each test states a form a real document may print and what the reader must
make of it; the figures are invented, the forms are those federations use.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.extract.extractor import extract
from pipelines.extract.model import Cell, Document, Line
from pipelines.extract.tables.finder import find_tables
from pipelines.extract.tables.furniture import furniture
from pipelines.extract.tables.header import parse_header
from pipelines.extract.tables.numbers import atoms_of, parse_value, readings
from pipelines.extract.tables.segments import cut
from tests.extract.tiny_documents import facts_of, report, values_of


def lines_of(text: str, page_of=lambda index: 1) -> list[Line]:
    return [
        Line(index, str(index + 1), raw, page_of(index))
        for index, raw in enumerate(text.strip("\n").split("\n"))
    ]


def header_of(text: str):
    line = Line(0, "1", text)
    return parse_header(cut(line), line)


# --- number forms ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "amount", "unit"),
    [
        ("1 480 000", Decimal(1480000), None),
        ("1\u00a0480\u00a0000", Decimal(1480000), None),  # no-break spaces
        ("1\u202f480\u202f000", Decimal(1480000), None),  # narrow no-break spaces
        ("1.480.000", Decimal(1480000), None),
        ("1 416 000 kr", Decimal(1416000), "kr"),
        ("350 tkr", Decimal(350), "tkr"),
        ("1 416 000:-", Decimal(1416000), "kr"),
        ("−350", Decimal(-350), None),  # a real minus sign
        ("–350", Decimal(-350), None),  # an en dash
        ("(300)", Decimal(-300), None),  # parentheses
        ("+162", Decimal(162), None),
        ("17,20%", Decimal("17.20"), "%"),
        ("23,52 %", Decimal("23.52"), "%"),
        ("0*", Decimal(0), None),  # a footnote star
        ("o*", Decimal(0), None),  # OCR's zero with its star
        ("1\u2009480\u2009000", Decimal(1480000), None),  # thin spaces
        ("(402 000)", Decimal(-402000), None),  # parentheses around a grouped figure
        ("2,5 Mkr", Decimal("2.5"), "mkr"),
    ],
)
def test_number_forms(printed, amount, unit):
    value = parse_value(printed)
    assert value is not None and (value.amount, value.unit) == (amount, unit)


def test_a_lone_dash_is_an_empty_cell_worth_nothing():
    assert parse_value("-").amount == 0
    assert parse_value("–").amount == 0


def test_a_plain_space_is_read_both_ways_and_the_count_decides():
    atoms = atoms_of("70 500 1 500")
    three = {tuple(v.amount for v in reading) for reading in readings(atoms, 3)}
    assert three == {(70500, 1, 500), (70, 500, 1500)}
    assert {tuple(v.amount for v in reading) for reading in readings(atoms, 2)} == {(70500, 1500)}


def test_a_zero_never_starts_a_thousands_group():
    [reading] = readings(atoms_of("0 956 956 956"), 4)
    assert [v.amount for v in reading] == [0, 956, 956, 956]


def test_a_no_break_space_always_joins_and_two_spaces_always_separate():
    assert [[v.amount for v in r] for r in readings(atoms_of("1\u00a0500 2"), 2)] == [[1500, 2]]
    assert readings(atoms_of("1  500"), 1) == []


# --- header forms ------------------------------------------------------------------------------------------


def targets(text: str) -> list[tuple]:
    header = header_of(text)
    assert header is not None, text
    return [(c.role, c.year, c.scenario) for c in header.columns]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Belopp i tkr   Budget 2025   Plan 2026", [("value", 2025, "budget"), ("value", 2026, "plan")]),
        ("Kostnader   2026   2025", [("value", 2026, None), ("value", 2025, None)]),  # descending
        ("Belopp i tkr   Not   2024   2025", [("note", None, None), ("value", 2024, None), ("value", 2025, None)]),
        ("   2025-12-31   2024-12-31", [("value", 2025, None), ("value", 2024, None)]),
        ("Utfall jan-dec 2025   Aktuell budget 2025", [("value", 2025, "outcome"), ("value", 2025, "budget")]),
        ("Bokslut 2024   Prognos 2025", [("value", 2024, "outcome"), ("value", 2025, "forecast")]),
        ("Utfall 2025   Budget 2025   Avvikelse", [("value", 2025, "outcome"), ("value", 2025, "budget"),
                                                   ("deviation", None, None)]),
        ("Resultat   Antal   Fördelning i %", [("value", None, None), ("share", None, None)]),
    ],
)  # fmt: skip
def test_header_forms(text, expected):
    assert targets(text) == expected


def test_dates_are_the_years_outcome():
    header = header_of("Belopp i tkr   31 dec 2025   31 dec 2024")
    assert [(c.year, c.dated) for c in header.columns] == [(2025, True), (2024, True)]


@pytest.mark.parametrize(
    "text",
    ["Budget 2025-2027", "Sida 2 av 12", "Mål 2025", "Verksamhetsplan 2025–2027", "Budget 2031 ...... 4"],
)
def test_titles_ranges_and_contents_lines_are_no_header(text):
    assert header_of(text) is None


def test_a_heading_on_two_lines_is_stacked():
    values = values_of(
        "         Utfall   Budget   Plan\n         2030     2031     2032\nStyrelsen   1   2   3"
    )
    assert values == {
        (2030, "outcome", "board_total", ""): 1000,
        (2031, "budget", "board_total", ""): 2000,
        (2032, "plan", "board_total", ""): 3000,
    }


def test_a_stale_title_in_front_of_the_header_is_left_out():
    values = values_of("Budget 2030 plan 2031–2032 Budget 2031 Plan 2032\nStyrelsen 10 20")
    assert values == {(2031, "budget", "board_total", ""): 10000, (2032, "plan", "board_total", ""): 20000}


def test_descending_years_put_each_figure_under_its_year():
    found = facts_of("Resultaträkning\nBelopp i tkr   Not   2025   2024\nVerksamhetens intäkter  1  3 998  4 052",
                     kind="arsredovisning", fiscal_year=2025)  # fmt: skip
    assert found[(2025, "outcome", "rr_operating_income", "")].value == 3998000
    assert found[(2024, "outcome", "rr_operating_income", "")].value == 4052000


def test_a_forecast_and_a_deviation_column_hold_no_facts():
    found = facts_of(
        "Driftredovisning\nBelopp i tkr  Utfall 2025  Budget 2025  Avvikelse  Prognos 2026\n"
        "Summa kostnader  4 244  4 346  -102  4 400",
        kind="arsredovisning",
        fiscal_year=2025,
    )
    assert set(found) == {(2025, "outcome", "total_costs", ""), (2025, "budget", "total_costs", "")}


# --- table shapes ------------------------------------------------------------------------------------------


def test_spaced_columns_tab_cells_pipe_rows_and_a_grid_read_alike():
    shapes = {
        "spaced": "Belopp i tkr        Budget 2031   Plan 2032\nStyrelsen                 30          31",
        "tabs": "Belopp i tkr\tBudget 2031\tPlan 2032\nStyrelsen\t30\t31",
        "pipes": "| Belopp i tkr | Budget 2031 | Plan 2032 |\n|---|---|---|\n| Styrelsen | 30 | 31 |",
        "grid": "+------+------+\n| Belopp i tkr | Budget 2031 | Plan 2032 |\n+======+\n| Styrelsen | 30 | 31 |",
    }
    expected = {(2031, "budget", "board_total", ""): 30000, (2032, "plan", "board_total", ""): 31000}
    for name, text in shapes.items():
        assert values_of(text) == expected, name


def test_dotted_leaders_never_reach_the_label():
    assert values_of("Budget 2031\nKansli ........................ 694") == {
        (2031, "budget", "office_total", ""): 694000
    }


def test_an_empty_tab_cell_stays_empty():
    assert values_of("Budget\t2031\t2032\t2033\nStyrelse\t1 800\t\t300") == {
        (2031, "budget", "board_total", ""): 1800000,
        (2033, "plan", "board_total", ""): 300000,
    }


def sheet_lines(rows: list) -> list[Line]:
    """Lines as a spreadsheet reader may give them: a cell per non-empty cell, x0 its column number; a
    str is a line of text."""
    lines = []
    for index, row in enumerate(rows):
        if isinstance(row, str):
            lines.append(Line(index, str(index + 1), row))
            continue
        cells = tuple(Cell(text, column, column + 1) for column, text in row)
        lines.append(Line(index, str(index + 1), "\t".join(text for _, text in row), 1, cells))
    return lines


def sheet_values(rows: list) -> dict[tuple, Decimal]:
    lines = tuple(sheet_lines(["Verksamhetsplan 2031", *rows]))
    made = Document("plan.xlsx", lines, "sodra_lappland", "verksamhetsplan", 2031)
    return {(f.fiscal_year, f.scenario, f.code, f.item): f.value for f in extract(made).facts}


def test_a_figure_after_an_empty_cell_stays_under_its_own_column_when_the_reader_leaves_the_cell_out():
    values = sheet_values(
        [
            [(0, "Belopp i tkr"), (1, "Budget 2031"), (2, "Plan 2032"), (3, "Plan 2033")],
            [(0, "Kansli"), (1, "500"), (2, "510"), (3, "520")],
            [(0, "Revision"), (2, "60"), (3, "70")],  # no 2031 figure
            [(0, "Summa kostnader"), (1, "500"), (2, "570"), (3, "590")],
        ]
    )
    assert {key: value for key, value in values.items() if key[2] == "admin_audit"} == {
        (2032, "plan", "admin_audit", ""): 60000,
        (2033, "plan", "admin_audit", ""): 70000,
    }
    assert values[(2032, "plan", "total_costs", "")] == 570000  # 510 + 60: the parts add up as placed


def test_a_grid_header_whose_empty_corner_the_reader_left_out_keeps_every_year():
    values = sheet_values(
        [
            [(1, "Budget 2031"), (2, "Plan 2032")],
            [(0, "Kansli"), (1, "500"), (2, "510")],
            [(0, "Revision"), (2, "60")],
        ]
    )
    assert values == {
        (2031, "budget", "office_total", ""): 500000,
        (2032, "plan", "office_total", ""): 510000,
        (2032, "plan", "admin_audit", ""): 60000,
    }


GRID_THEN_GRID = (
    "Belopp i tkr\tBudget 2031\tPlan 2032\n"
    "Intäkter\n"
    "Regionen\t500\t510\n"
    "Summa intäkter\t500\t510\n"
    "Kostnader\n"
    "Styrelse\t100\t110\n"
    "Kansli\t400\t400\n"
    "Summa kostnader\t500\t510\n"
    "\n"
    "Inskrivna deltagare 2031\n"
    "Kön\tAntal\n"
    "Kvinnor\t20\n"
    "Män\t18\n"
    "Totalt\t38\n"
)


def test_a_tab_table_ends_where_a_row_of_headings_opens_the_next():
    tables = find_tables(lines_of(GRID_THEN_GRID))
    assert [[c.heading for c in t.header.columns] for t in tables] == [
        ["Budget 2031", "Plan 2032"],
        ["Antal"],
    ]
    assert [row.label for row in tables[1].rows] == ["Kvinnor", "Män", "Totalt"]
    assert [line.text for line in tables[1].caption] == ["Inskrivna deltagare 2031"]
    found = facts_of(GRID_THEN_GRID)
    assert {key: fact.value for key, fact in found.items() if fact.record_type == "participants"} == {
        (2031, "outcome", "participants_gender", "female"): 20,
        (2031, "outcome", "participants_gender", "male"): 18,
        (2031, "outcome", "participants_total", ""): 38,
    }


def test_a_label_alone_inside_a_tab_table_is_its_heading_row():
    [budget, _] = find_tables(lines_of(GRID_THEN_GRID))
    assert [(row.label, row.heading) for row in budget.rows] == [
        ("Intäkter", True),
        ("Regionen", False),
        ("Summa intäkter", False),
        ("Kostnader", True),
        ("Styrelse", False),
        ("Kansli", False),
        ("Summa kostnader", False),
    ]
    found = facts_of(GRID_THEN_GRID)
    assert found[(2032, "plan", "total_costs", "")].value == 510000
    assert (
        found[(2032, "plan", "total_costs", "")].status == "verified"
    )  # 110 + 400, parts under their heading


def test_an_amount_that_looks_like_a_year_is_a_row_of_the_grid_not_its_next_header():
    text = "Belopp i tkr\tUtfall 2030\nAdministration\t810\nIndividinriktade insatser\t2048\nSumma\t2858"
    [table] = find_tables(lines_of(text))
    assert [row.label for row in table.rows] == ["Administration", "Individinriktade insatser", "Summa"]


def test_a_label_wrapped_onto_the_next_line_is_one_row():
    [table] = find_tables(lines_of("Budget 2031\nÖvriga administrativa\nkostnader 7"))
    assert [row.label for row in table.rows] == ["Övriga administrativa kostnader"]


def test_a_table_continues_across_a_page_break_and_its_repeated_header():
    text = "Budget 2031\nStyrelsen 30\n - Fasta arvoden 10\nSida 4 av 9\nBudget 2031\n - Övrigt 20"
    found = facts_of(text)
    assert found[(2031, "budget", "board_other", "")].status == "verified"
    assert found[(2031, "budget", "board_total", "")].status == "verified"


def test_running_headers_at_page_edges_are_furniture_a_row_ending_a_page_is_not():
    text = "Förbundet X årsredovisning\nKvinna 7\nMan 5\nFörbundet X årsredovisning\nTotalt 12\nSida 2"
    lines = lines_of(text, page_of=lambda index: 1 if index < 3 else 2)
    skipped = {lines[index].text for index in furniture(lines)}
    assert skipped == {"Förbundet X årsredovisning", "Sida 2"}


def test_a_sheet_row_naming_the_federation_on_every_sheet_is_a_row_not_a_running_header():
    text = "Årsredovisning 2031\n" + "".join(
        f"{sheet}. Blad «{year}»\nSamordningsförbundet Södra Lappland\nKommun\tAntal\nLycksele\t{10 + sheet}\n"
        f"Samordningsförbundet Södra Lappland\t{15 + sheet}\n"
        for sheet, year in ((1, 2031), (2, 2030), (3, 2029))
    )
    lines = lines_of(text)
    names = ("sodra lappland",)
    assert {lines[index].text for index in furniture(lines, names)} == {"Samordningsförbundet Södra Lappland"}
    rows = [row for row in report(text, fiscal_year=2031).review if row.raw_label.startswith("Samordnings")]
    assert [(row.source_line, row.raw_values) for row in rows] == [("6", "16"), ("11", "17"), ("16", "18")]


def test_cells_with_positions_from_a_reader_are_placed_by_them():
    """A reader that knows positions (PDF words, a spreadsheet, OCR boxes) gives cells; `35` under the
    second column is that column's figure."""
    header = Line(
        0,
        "1:1",
        "Belopp i tkr  Budget 2031  Plan 2032",
        1,
        (Cell("Belopp i tkr", 0, 60), Cell("Budget 2031", 200, 260), Cell("Plan 2032", 300, 350)),
    )
    full = Line(
        1, "1:2", "Kansli  600  620", 1, (Cell("Kansli", 0, 40), Cell("600", 240, 260), Cell("620", 330, 350))
    )
    row = Line(2, "1:3", "Lokalkostnader  35", 1, (Cell("Lokalkostnader", 0, 70), Cell("35", 335, 350)))
    [table] = find_tables([header, full, row])
    assert table.header.aligned  # the full row's figures stand under their headings: positions hold
    assert [c.text for c in table.rows[1].cells] == ["35"]
    from pipelines.extract.interpret.columns import row_readings

    [reading] = row_readings(table.rows[1], table.header)
    assert reading[0] is None and reading[1].amount == 35  # fmt: skip


def test_labels_and_figures_printed_in_separate_blocks_are_one_table():
    [table] = find_tables(
        lines_of("Fordringar\nKassa och bank\nSumma\nBokslut Bokslut\n2024 2025\n1 2\n3 4\n4 6")
    )
    assert [row.label for row in table.rows] == ["Fordringar", "Kassa och bank", "Summa"]
    assert [len(block.lines) for block in table.blocks] == [3]


def test_figures_without_any_header_are_reported_not_read():
    extraction = report("Tabell\nAlfa 1 2 3\nBeta 4 5 6")
    assert extraction.facts == []
    assert [(row.source_line, row.reason) for row in extraction.review] == [
        ("2", "no column header"),
        ("3", "no column header"),
    ]


@pytest.mark.parametrize(
    ("unit_line", "figure", "kronor"),
    [("Belopp i tusentals kronor (tkr)", "600", 600000), ("Belopp i kr", "600 000", 600000)],
)
def test_a_unit_line_above_the_table_states_its_unit(unit_line, figure, kronor):
    assert values_of(f"{unit_line}\nBudget 2031\nKansli {figure}") == {
        (2031, "budget", "office_total", ""): kronor
    }


def test_grouped_counts_are_one_count():
    found = facts_of(
        "Kön Antal\nKvinnor 1 029\nMän 971\nTotalt 2 000", kind="arsredovisning", fiscal_year=2025
    )
    assert {key[2:]: (fact.value, fact.status) for key, fact in found.items()} == {
        ("participants_gender", "female"): (1029, "verified"),
        ("participants_gender", "male"): (971, "verified"),
        ("participants_total", ""): (2000, "verified"),
    }


SURVEY_INTRO = "Enkät till deltagare\nEnkäten skickades till samtliga 44 deltagare. 29 personer svarade.\n\n"


@pytest.mark.parametrize(
    "table",
    [
        "Fråga  Ja  Nej  Delvis\nFråga 1  20  5  4\nFråga 2  25  2  2",  # questions as rows
        "Svar  Fråga 1  Fråga 2\nJa  20  25\nNej  5  2\nDelvis  4  2",  # questions as columns
    ],
    ids=["questions as rows", "questions as columns"],
)
def test_a_survey_table_in_either_orientation_with_sent_from_the_prose(table):
    found = {(f.code, f.item): (f.value, f.status) for f in report(SURVEY_INTRO + table).facts}
    assert found == {
        ("yes", "participants:fraga_1"): (20, "verified"),
        ("no", "participants:fraga_1"): (5, "verified"),
        ("partly", "participants:fraga_1"): (4, "verified"),
        ("respondents", "participants:fraga_1"): (29, "verified"),
        ("sent", "participants:fraga_1"): (44, "unverified"),
        ("yes", "participants:fraga_2"): (25, "verified"),
        ("no", "participants:fraga_2"): (2, "verified"),
        ("partly", "participants:fraga_2"): (2, "verified"),
        ("respondents", "participants:fraga_2"): (29, "verified"),
        ("sent", "participants:fraga_2"): (44, "unverified"),
    }
