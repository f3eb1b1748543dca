"""dbt incremental by fiscal year: a build that rebuilds the changed years equals a whole build.

The raw layer of the bundled sample is built whole; then Södra Lappland's 2025
participant export loses one line (SL25-001: enrolled 2025-02-14 to
2025-07-03, exit to_social_services) and raw.changed_years says 2025. The
incremental build must give every intermediate, mart and analyst table the
rows a whole build of the same raw layer gives.
"""

import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import materialize

from bench.output_digest import _table_digest
from pipelines.dbt.commands import read_results
from pipelines.defs.assets.extraction import raw_extracted
from pipelines.defs.assets.ingest import raw_documents, raw_facts, raw_participants, raw_registrations
from pipelines.defs.resources import FinsamPaths
from pipelines.foundation.settings import Settings
from pipelines.quality.dbt_tests import rule_failures
from tests.conftest import SAMPLE_LANDING
from tests.dbt.test_dbt_build import run_dbt

MODEL_SCHEMAS = ("staging", "intermediate", "marts", "ops", "analyst", "reference")
RECORDS = "sodra_lappland/sodra-lappland_insatser-2025.participants.csv"


def model_digests(warehouse: Path) -> dict[str, str]:
    """Every table and view the models write, rows sorted; int_rebuild_years is per build, not per data."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('intermediate', 'marts', 'analyst') order by all"
        ).fetchall()
        return {
            f"{schema}.{name}": _table_digest(connection, schema, name, frozenset())
            for schema, name in tables
            if name != "int_rebuild_years"
        }


def build(warehouse: Path, target: Path) -> None:
    completed = run_dbt(warehouse, target, "build", "--exclude-resource-type", "unit_test")
    assert completed.returncode == 0, completed.stdout[-3000:]


def raw_only_copy(warehouse: Path, copy: Path) -> Path:
    """The same raw layer without any model: what a whole build starts from."""
    shutil.copy2(warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        for schema in MODEL_SCHEMAS:
            connection.execute(f"drop schema if exists {schema} cascade")
    return copy


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def comments(warehouse: Path) -> list[tuple]:
    """Every comment persist_docs gives the models' tables, views and columns."""
    schemas = ", ".join(f"'{schema}'" for schema in MODEL_SCHEMAS)
    return query(
        warehouse,
        f"select schema_name, table_name, column_name, comment from duckdb_columns() "
        f"where schema_name in ({schemas}) and comment is not null "
        f"union all select schema_name, table_name, null, comment from duckdb_tables() "
        f"where schema_name in ({schemas}) and comment is not null "
        f"union all select schema_name, view_name, null, comment from duckdb_views() "
        f"where schema_name in ({schemas}) and comment is not null order by all",
    )


# an incremental mart's column comment, as dbt's log shows the statement that sets it
MART_COLUMN_COMMENT = '"marts"."rpt_goal_fulfilment".fulfilment_pct is'


def record_counts(warehouse: Path) -> dict[str, int]:
    rows = query(
        warehouse,
        "select code, cast(value as integer) from intermediate.int_participants_aggregated "
        "where federation_id = 'sodra_lappland' and fiscal_year = 2025 "
        "and code in ('participants_total', 'exits_total', 'to_social_services')",
    )
    return dict(rows)


@pytest.fixture(scope="module")
def whole_build(tmp_path_factory) -> Path:
    """The sample's raw layer and a whole dbt build of it, without raw.changed_years."""
    folder = tmp_path_factory.mktemp("whole")
    settings = Settings.from_env(SAMPLE_LANDING, folder / "w.duckdb", folder / "exports")
    result = materialize(
        [raw_facts, raw_participants, raw_documents, raw_registrations, raw_extracted],
        resources={"paths": FinsamPaths.from_settings(settings)},
    )
    assert result.success
    build(settings.build_warehouse, folder / "target")
    return settings.build_warehouse


@pytest.mark.slow  # the sample's raw assets and four dbt builds: about 90 s
def test_rebuilding_the_changed_year_gives_what_a_whole_build_gives(whole_build, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copy2(whole_build, warehouse)
    # without raw.changed_years every year counts as changed (a warehouse loaded before it existed)
    years = [year for (year,) in query(warehouse, "select fiscal_year from intermediate.int_rebuild_years")]
    spine = query(
        warehouse, "select min(fiscal_year), max(fiscal_year) from intermediate.int_federation_years_spined"
    )
    first_year, last_year = spine[0]
    assert years == list(range(first_year, last_year + 1))
    # 40 lines, 40 people, all enrolled and exiting in 2025, 6 of them to social services
    assert record_counts(warehouse) == {"participants_total": 40, "exits_total": 40, "to_social_services": 6}
    whole = model_digests(warehouse)

    # nothing changed: nothing rebuilt, every table as it was
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create table raw.changed_years (fiscal_year integer not null)")
    build(warehouse, tmp_path / "target")
    assert query(warehouse, "select count(*) from intermediate.int_rebuild_years") == [(0,)]
    assert model_digests(warehouse) == whole
    # the incremental marts kept their comments, and the build did not set them again
    whole_comments = comments(whole_build)
    assert len(whole_comments) > 500 and comments(warehouse) == whole_comments
    assert MART_COLUMN_COMMENT in (whole_build.parent / "target" / "dbt.log").read_text()
    assert MART_COLUMN_COMMENT not in (tmp_path / "target" / "dbt.log").read_text()

    # one participant line of 2025 removed
    with duckdb.connect(str(warehouse)) as connection:
        removed = connection.execute(
            "delete from raw.participants where _source_file = ? and participant_ref = 'SL25-001' returning *",
            [RECORDS],
        ).fetchall()
        connection.execute("insert into raw.changed_years values (2025)")
    assert len(removed) == 1
    build(warehouse, tmp_path / "target")
    # 2025 and every later year of the warehouse (a participant without an end date counts in them)
    rebuilt = [year for (year,) in query(warehouse, "select fiscal_year from intermediate.int_rebuild_years")]
    assert rebuilt == list(range(2025, last_year + 1))
    assert record_counts(warehouse) == {"participants_total": 39, "exits_total": 39, "to_social_services": 5}

    whole_again = raw_only_copy(warehouse, tmp_path / "whole.duckdb")
    build(whole_again, tmp_path / "target-whole")
    incremental, rebuilt_whole = model_digests(warehouse), model_digests(whole_again)
    assert set(incremental) == set(rebuilt_whole)
    assert [name for name, digest in incremental.items() if digest != rebuilt_whole[name]] == []
    assert comments(warehouse) == comments(whole_again) == whole_comments
    assert (
        incremental["intermediate.int_participants_aggregated"]
        != whole["intermediate.int_participants_aggregated"]
    )


def failed_tests(warehouse: Path, target: Path) -> set[tuple]:
    """(test, column, rule, failing values) of each broken rule; (test, status) for a test with no rows to show."""
    completed = run_dbt(
        warehouse, target, "test", "--select", "rpt_equity", "--exclude-resource-type", "unit_test"
    )
    results = read_results(target / "run_results.json")
    assert len(results) > 0, completed.stdout[-3000:]
    failed = set()
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for result in (result for result in results if result.status != "pass"):
            name = result.unique_id.split(".")[2]
            broken = rule_failures(connection, result.compiled_code)
            failed |= {(name, f.column, f.rule, f.values) for f in broken} or {(name, result.status)}
    return failed


@pytest.mark.slow  # a dbt run and three dbt test runs: about 30 s
def test_a_row_test_reads_the_rebuilt_years_and_still_fails_on_them(whole_build, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copy2(whole_build, warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create table raw.changed_years as select 2025 as fiscal_year")
    completed = run_dbt(
        warehouse, tmp_path / "target", "run", "--select", "stg_raw__changed_years", "int_rebuild_years"
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert query(warehouse, "select * from intermediate.int_rebuild_years") == [(2025,), (2026,)]
    assert failed_tests(warehouse, tmp_path / "target") == set()

    # a year the build did not rebuild was tested by the build that wrote it
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("update marts.rpt_equity set equity_basis = 'guessed' where fiscal_year = 2024")
    assert failed_tests(warehouse, tmp_path / "target") == set()

    # in a rebuilt year the same row fails, and so does a missing key
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("update marts.rpt_equity set equity_basis = 'guessed' where fiscal_year = 2025")
        connection.execute("update marts.rpt_equity set recommended_max_pct = null where fiscal_year = 2025")
    assert failed_tests(warehouse, tmp_path / "target") == {
        ("rules_rpt_equity", "recommended_max_pct", "not_null", ()),
        ("rules_rpt_equity", "equity_basis", "accepted_values", ("guessed",)),
    }
