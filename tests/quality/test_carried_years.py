"""A check that read only the rebuilt years reports what a check of every year reports.

rpt_equity's warning `equity_within_recommendation` is checked on a small
marts.rpt_equity: first every year (nothing rebuilt yet), then after 2025 was
rebuilt with its warning gone. The second run reads 2025 only; 2024's warning
is carried from the first, and the outcome equals a check of both years.
"""

import duckdb
import pandas as pd
import pytest

from pipelines.quality.by_year import split_by_year
from pipelines.quality.carried_years import YEAR_FINDINGS, carry_years
from pipelines.quality.frames import fetch_frames
from pipelines.quality.gx_validator import Validator
from pipelines.quality.scope import rebuilt_years
from pipelines.quality.suites import load_suites

EQUITY = next(suite for suite in load_suites() if suite.name == "rpt_equity")
WARNING = "equity_within_recommendation"
ROW = "({federation!r}, {year}, 100, 'br_equity_total', 200, 'x', {pct}, 50.00, {exceeds}, 400, 25, 25)"


def equity_rows(rows: list[tuple[str, int, str]]) -> str:
    values = ", ".join(
        ROW.format(federation=federation, year=year, pct=pct, exceeds=str(float(pct) > 50).lower())
        for federation, year, pct in rows
    )
    return f"create or replace table marts.rpt_equity as select * from (values {values}) as t({COLUMNS})"


COLUMNS = (
    "federation_id, fiscal_year, equity_sek, equity_basis, contributions_sek, contributions_basis, "
    "equity_pct, recommended_max_pct, exceeds_recommendation, total_assets_sek, soliditet_pct, "
    "soliditet_printed_pct"
)


@pytest.fixture
def connection():
    connection = duckdb.connect()
    connection.execute("create schema marts; create schema intermediate")
    yield connection
    connection.close()


def check(connection, validator: Validator):
    """One run of the suite as run_suites does it: scoped frame, GX, carried years."""
    years = rebuilt_years(connection, "marts")
    frame = fetch_frames(connection, [EQUITY], years)[EQUITY.name]
    outcome = validator.validate(EQUITY, frame)
    (carried,) = carry_years(connection, [outcome], {"marts": years})
    return next(found for found in carried.expectations if found.name == WARNING)


def test_the_years_not_read_keep_their_warnings(connection):
    validator = Validator()
    connection.execute(
        equity_rows(
            [
                ("sodra_lappland", 2024, "62.50"),  # above the recommended 50 %
                ("skelleftea_norsjo", 2024, "40.00"),
                ("sodra_lappland", 2025, "30.00"),
                ("skelleftea_norsjo", 2025, "55.00"),  # above
            ]
        )
    )
    first = check(connection, validator)  # no rebuilt years: every row is read
    assert (first.success, first.observed["unexpected_count"], first.observed["element_count"]) == (
        False,
        2,
        4,
    )
    stored = connection.execute(
        f"select fiscal_year, element_count, unexpected_count from {YEAR_FINDINGS} "
        "where expectation = ? order by 1",
        [WARNING],
    ).fetchall()
    assert stored == [(2024, 2, 1), (2025, 2, 1)]

    # 2025 is rebuilt and Skellefteå-Norsjö's equity falls to 45 %: only 2025 is read
    connection.execute(
        equity_rows(
            [
                ("sodra_lappland", 2024, "62.50"),
                ("skelleftea_norsjo", 2024, "40.00"),
                ("sodra_lappland", 2025, "30.00"),
                ("skelleftea_norsjo", 2025, "45.00"),
            ]
        )
    )
    connection.execute("create table intermediate.int_rebuild_years as select 2025 as fiscal_year")
    second = check(connection, validator)
    assert second.success is False  # 2024's warning stands, though 2024 was not read
    assert second.observed["unexpected_count"] == 1
    assert second.observed["element_count"] == 4
    assert [(row["federation_id"], row["fiscal_year"]) for row in second.observed["failing"]] == [
        ("sodra_lappland", 2024)
    ]

    # what a check of every year says
    connection.execute("drop table intermediate.int_rebuild_years")
    connection.execute(f"delete from {YEAR_FINDINGS}")
    whole = check(connection, validator)
    assert (second.success, second.observed) == (whole.success, whole.observed)


def test_findings_split_by_the_year_of_their_rows():
    frame = pd.DataFrame({"fiscal_year": [2023, 2023, 2024, None], "value": [1, 2, 3, 4]})
    years = frame["fiscal_year"].astype(object).where(frame["fiscal_year"].notna(), None)
    found = split_by_year(
        years, frame.index, [1, 3], 2, 4, lambda labels: [{"row": label} for label in labels]
    )
    assert [(f.fiscal_year, f.element_count, f.unexpected_count, f.failing) for f in found] == [
        (None, 1, 1, ({"row": 3},)),
        (2023, 2, 1, ({"row": 1},)),
        (2024, 1, 0, ()),
    ]
    # counts that do not add up to GX's own: nothing is split (and nothing carried)
    assert split_by_year(years, frame.index, [1], 2, 4, lambda labels: []) == ()
