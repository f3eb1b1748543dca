"""A refresh that rebuilt some fiscal years checks those years' rows; the rest were checked when built."""

import duckdb
import pytest

from pipelines.quality.frames import fetch_frames
from pipelines.quality.scope import rebuilt_years, scoped_rows
from pipelines.quality.suites import Scope, load_suites

SUITES = {suite.name: suite for suite in load_suites()}


@pytest.fixture
def connection():
    connection = duckdb.connect()
    connection.execute("create schema marts; create schema intermediate; create schema raw")
    connection.execute(
        "create table marts.rpt_equity as select * from (values "
        "('alfa', 2024, 31.5), ('alfa', 2025, 12.0), ('beta', 2025, 44.0), ('beta', 2026, 8.0)) "
        "as t(federation_id, fiscal_year, equity_pct)"
    )
    connection.execute(
        "create table raw.participants as select * from (values "
        "('alfa', 'p1', date '2024-03-01'), ('alfa', 'p2', date '2025-12-31'), ('alfa', 'p3', null)) "
        "as t(federation_id, participant_ref, start_date)"
    )
    yield connection
    connection.close()


def test_without_a_years_table_every_row_is_checked(connection):
    assert rebuilt_years(connection, "marts") is None
    frames = fetch_frames(connection, [SUITES["rpt_equity"]], rebuilt_years(connection, "marts"))
    assert len(frames["rpt_equity"]) == 4


def test_a_year_scoped_suite_reads_the_rebuilt_years_only(connection):
    connection.execute("create table intermediate.int_rebuild_years as select 2025 as fiscal_year")
    years = rebuilt_years(connection, "marts")
    assert years == {2025}
    frame = fetch_frames(connection, [SUITES["rpt_equity"]], years)["rpt_equity"]
    assert list(zip(frame.federation_id, frame.fiscal_year, strict=True)) == [("alfa", 2025), ("beta", 2025)]


def test_the_raw_layer_reads_the_years_whose_raw_rows_changed(connection):
    connection.execute("create table intermediate.int_rebuild_years as select 2024 as fiscal_year")
    connection.execute("create table raw.changed_years as select 2025 as fiscal_year")
    assert rebuilt_years(connection, "raw") == {2025}
    frame = fetch_frames(connection, [SUITES["raw_participants"]], {2025})["raw_participants"]
    # p2 started in 2025; p3 has no start and is always checked (it fails start_not_null)
    assert sorted(frame.participant_ref) == ["p2", "p3"]


def test_no_year_rebuilt_reads_no_rows_of_a_scoped_suite(connection):
    connection.execute("create table intermediate.int_rebuild_years (fiscal_year integer)")
    assert rebuilt_years(connection, "marts") == frozenset()
    assert fetch_frames(connection, [SUITES["rpt_equity"]], frozenset())["rpt_equity"].empty


def test_a_whole_suite_ignores_the_years():
    assert SUITES["raw_documents"].scope is Scope.WHOLE
    assert (
        scoped_rows("raw.documents", Scope.WHOLE, frozenset({2025}))
        == "select * from raw.documents order by all"
    )


def test_a_frame_read_through_arrow_is_the_frame_duckdb_gives():
    """read_table takes text columns from Arrow; GX must see what `.df()` would have given it."""
    import duckdb
    import pandas as pd

    from pipelines.quality.frames import read_table

    connection = duckdb.connect()
    connection.execute(
        "create table t as select * from (values "
        "('kalix', null, 3::integer, 1250.50::decimal(18,2), date '2025-03-01', true), "
        "(null, null, null, -4::decimal(18,2), null, null), "
        "('piteå', null, 7, 0, date '2024-12-31', false)"
        ") v(federation_id, never_given, participants, value, document_date, is_current)"
    )
    query = "select * from t order by all"

    expected = connection.execute(query).df().astype({"participants": "Int64"})
    frame = read_table(connection, query)

    pd.testing.assert_frame_equal(frame, expected, check_dtype=True)
    assert frame["never_given"].dtype == object and frame["federation_id"].tolist()[:2] == ["kalix", "piteå"]
    assert frame["participants"].dtype == "Int64" and frame["participants"].tolist()[:2] == [3, 7]
