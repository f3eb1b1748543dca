"""`finsam sql`: one query printed or saved, the prompt fed through stdin, and nothing ever written."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal

import duckdb
import pytest

from pipelines.foundation.settings import PROJECT_ROOT
from pipelines.sql import main_sql
from pipelines.sql.output import format_csv, format_markdown, format_table
from pipelines.sql.prompt import run_prompt, stream_reader
from pipelines.sql.session import Result, open_warehouse, refusal

COST_2025 = (
    "select forbund_id, rakenskapsar, kostnad_per_deltagare_kr, kostnad_individinsatser_per_deltagare_kr "
    "from analyst.kostnad_per_deltagare where forbund_id = 'sodra_lappland' and rakenskapsar = 2025"
)


@pytest.fixture()
def sql(refreshed):
    """Run `finsam sql --warehouse <sample> ARGS...`; returns the exit code."""
    warehouse = str(refreshed.settings.warehouse)
    return lambda *arguments: main_sql(["--warehouse", warehouse, *arguments])


# --- rendering, on tiny inline results ---------------------------------------------------------

TINY = Result(
    ["namn", "belopp", "andel", "over"],
    [("Södra Lappland", 106100, Decimal("53.64"), True), ("a|b", None, None, False)],
)


def test_the_table_pads_columns_and_right_aligns_numbers():
    assert format_table(TINY).splitlines() == [
        "namn            belopp  andel  over",
        "--------------  ------  -----  -----",
        "Södra Lappland  106100  53.64  true",
        "a|b               NULL   NULL  false",
        "(2 rows)",
    ]


def test_the_table_says_when_rows_are_left_out():
    lines = format_table(TINY, max_rows=1).splitlines()
    assert lines[2].startswith("Södra Lappland") and len(lines) == 4
    assert lines[-1].startswith("(2 rows, the first 1 shown")


def test_markdown_escapes_pipes_and_leaves_null_empty():
    assert format_markdown(TINY).splitlines() == [
        "| namn | belopp | andel | over |",
        "|---|---:|---:|---|",
        "| Södra Lappland | 106100 | 53.64 | true |",
        "| a\\|b |  |  | false |",
    ]


def test_csv_quotes_what_needs_it_and_writes_null_as_empty():
    assert format_csv(TINY).splitlines() == [
        "namn,belopp,andel,over",
        "Södra Lappland,106100,53.64,true",
        "a|b,,,false",
    ]


# --- one query -----------------------------------------------------------------------------------


def test_a_query_prints_a_table_with_the_sample_values(sql, capsys):
    assert sql(COST_2025) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "forbund_id",
        "rakenskapsar",
        "kostnad_per_deltagare_kr",
        "kostnad_individinsatser_per_deltagare_kr",
    ]
    assert lines[2].split() == ["sodra_lappland", "2025", "106100", "62900"]
    assert lines[-1] == "(1 row)"


def test_the_marts_can_be_queried_too_and_statements_run_in_order(sql, capsys):
    assert (
        sql(
            "select 1 as ett; select cost_per_participant_sek from marts.rpt_federation_year "
            "where federation_id = 'sodra_lappland' and fiscal_year = 2025"
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.index("ett") < out.index("cost_per_participant_sek")
    assert "106100" in out


def test_csv_goes_to_stdout(sql, capsys):
    assert sql(COST_2025, "--format", "csv") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [
        [
            "forbund_id",
            "rakenskapsar",
            "kostnad_per_deltagare_kr",
            "kostnad_individinsatser_per_deltagare_kr",
        ],
        ["sodra_lappland", "2025", "106100", "62900"],
    ]


def test_csv_and_markdown_go_to_a_file(sql, tmp_path, capsys):
    assert sql(COST_2025, "--format", "csv", "--output", str(tmp_path / "out" / "kostnad.csv")) == 0
    assert (tmp_path / "out" / "kostnad.csv").read_text(encoding="utf-8").splitlines()[1] == (
        "sodra_lappland,2025,106100,62900"
    )
    assert sql(COST_2025, "--format", "markdown", "--output", str(tmp_path / "kostnad.md")) == 0
    assert (tmp_path / "kostnad.md").read_text(encoding="utf-8").splitlines() == [
        "| forbund_id | rakenskapsar | kostnad_per_deltagare_kr | kostnad_individinsatser_per_deltagare_kr |",
        "|---|---:|---:|---:|",
        "| sodra_lappland | 2025 | 106100 | 62900 |",
    ]
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Wrote 1 rows to" in captured.err


def test_markdown_goes_to_stdout(sql, capsys):
    assert sql(COST_2025, "--format", "markdown") == 0
    assert "| sodra_lappland | 2025 | 106100 | 62900 |" in capsys.readouterr().out.splitlines()


def test_parquet_is_written_and_reads_back_with_its_types(sql, tmp_path, capsys):
    path = tmp_path / "kostnad.parquet"
    assert (
        sql("select * from analyst.kostnad_per_deltagare", "--format", "parquet", "--output", str(path)) == 0
    )
    with duckdb.connect() as connection:
        rows = connection.execute(
            "select rakenskapsar, kostnad_per_deltagare_kr, kostnad_individinsatser_per_deltagare_kr "
            "from read_parquet(?) where forbund_id = 'sodra_lappland' and rakenskapsar = 2025",
            [str(path)],
        ).fetchall()
        types = dict(
            connection.execute(
                "select column_name, column_type from (describe select * from read_parquet(?))", [str(path)]
            ).fetchall()
        )
    assert rows == [(2025, Decimal("106100"), Decimal("62900"))]
    assert types["kostnad_per_deltagare_kr"] == "DECIMAL(18,0)"
    assert "Wrote" in capsys.readouterr().err


def test_parquet_needs_an_output_file(sql, capsys):
    assert sql(COST_2025, "--format", "parquet") == 2
    assert "--format parquet needs --output FILE" in capsys.readouterr().err


def test_an_output_file_takes_one_statement(sql, tmp_path, capsys):
    assert sql("select 1; select 2", "--format", "csv", "--output", str(tmp_path / "x.csv")) == 1
    assert "one statement" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_a_table_shows_max_rows(sql, capsys):
    assert sql("select * from range(5)", "--max-rows", "2") == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5 and out[-1].startswith("(5 rows, the first 2 shown")


# --- read-only and errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        ("insert into raw.facts select * from raw.facts", "INSERT"),
        ("delete from marts.rpt_equity", "DELETE"),
        ("create table analyst.mine as select 1", "CREATE"),
        ("drop view analyst.kostnad_per_deltagare", "DROP"),
        ("copy marts.rpt_equity to 'equity.csv'", "COPY"),
        ("attach 'other.duckdb' as other", "ATTACH"),
    ],
)
def test_a_write_is_refused_with_a_clear_message(sql, capsys, statement, kind):
    assert sql(statement) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(
        f"error: finsam sql only reads the warehouse: {kind} statements are refused"
    )
    assert "Traceback" not in captured.err


# DuckDB's own guards, with the statement check above bypassed: what the session itself refuses.
FORBIDDEN = {
    "copy to a file": "copy marts.rpt_equity to '{dir}/equity.csv'",
    "copy a query to a file": "copy (select 1 as x) to '{dir}/one.parquet' (format parquet)",
    "export database": "export database '{dir}/export'",
    "attach another file": "attach '{dir}/other.duckdb' as other",
    "attach the warehouse read-write": "attach '{warehouse}' as again (read_only false)",
    "install an extension": "install httpfs",
    "load an extension": "load httpfs",
    "turn file access back on": "set enable_external_access = true",
    "unlock the configuration": "set lock_configuration = false",
    "reset the lock": "reset lock_configuration",
    "allow a directory": "set allowed_directories = ['{dir}']",
    "allow a path": "set allowed_paths = ['{dir}/equity.csv']",
    "autoinstall extensions": "set autoinstall_known_extensions = true",
    "a pragma that changes a setting": "pragma enable_profiling",
    "a persistent secret": "create persistent secret s (type s3, key_id 'k', secret 's')",
    "read a file outside the warehouse": "select * from read_csv('{warehouse_dir}/../../etc/passwd')",
    "read the landing": "select * from read_csv('{landing}/solleftea/documents.csv')",
}
REFUSED = {
    "copy to a file": "finsam sql reads only the warehouse and cannot read or write other files ({dir}/equity.csv)",
    "copy a query to a file": "cannot read or write other files ({dir}/one.parquet)",
    "export database": "cannot read or write other files ({dir}/export/",
    "attach another file": "cannot read or write other files ({dir}/other.duckdb)",
    "attach the warehouse read-write": "finsam sql has the warehouse attached read-only already ({warehouse})",
    "install an extension": "cannot read or write other files (",
    "load an extension": "finsam sql cannot install or load extensions",
    "turn file access back on": "finsam sql cannot change DuckDB's settings (enable_external_access)",
    "unlock the configuration": "finsam sql cannot change DuckDB's settings (lock_configuration)",
    "reset the lock": "finsam sql cannot change DuckDB's settings (lock_configuration)",
    "allow a directory": "finsam sql cannot change DuckDB's settings (allowed_directories)",
    "allow a path": "finsam sql cannot change DuckDB's settings (allowed_paths)",
    "autoinstall extensions": "finsam sql cannot change DuckDB's settings (autoinstall_known_extensions)",
    "a pragma that changes a setting": "finsam sql cannot change DuckDB's settings (enable_profiling)",
    "a persistent secret": "cannot read or write other files (",
    "read a file outside the warehouse": "cannot read or write other files (",
    "read the landing": "cannot read or write other files (",
}


def forbidden(kind: str, warehouse, folder) -> str:
    return FORBIDDEN[kind].format(
        dir=folder, warehouse=warehouse, warehouse_dir=warehouse.parent, landing=PROJECT_ROOT / "landing"
    )


@pytest.mark.parametrize("kind", sorted(FORBIDDEN))
def test_the_session_itself_refuses_each_forbidden_kind_in_one_line(refreshed, tmp_path, kind):
    warehouse = refreshed.settings.warehouse
    before = sorted(warehouse.parent.iterdir())
    with open_warehouse(warehouse) as connection:
        with pytest.raises(duckdb.Error) as refused:
            connection.execute(forbidden(kind, warehouse, tmp_path)).fetchall()
        message = refusal(refused.value)
        assert message is not None, str(refused.value)
        assert "\n" not in message
        assert REFUSED[kind].format(dir=tmp_path, warehouse=warehouse) in message
        # still locked, still reading
        assert connection.execute("select current_setting('enable_external_access')").fetchone() == (False,)
        assert connection.execute("select count(*) from analyst.kostnad_per_deltagare").fetchone() == (2,)
    assert list(tmp_path.iterdir()) == []  # no file was written
    assert sorted(warehouse.parent.iterdir()) == before


@pytest.mark.parametrize("kind", sorted(FORBIDDEN))
def test_finsam_sql_refuses_each_forbidden_kind_with_exit_1(sql, refreshed, tmp_path, capsys, kind):
    warehouse = refreshed.settings.warehouse
    assert sql(forbidden(kind, warehouse, tmp_path)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("error: finsam sql "), line
    assert list(tmp_path.iterdir()) == []


def test_the_session_reads_beside_another_connection_and_keeps_its_settings_locked(warehouse, refreshed):
    with open_warehouse(refreshed.settings.warehouse) as connection:
        assert connection.execute(
            "select current_setting('lock_configuration'), current_setting('autoload_known_extensions')"
        ).fetchone() == (True, False)
        assert connection.execute("use marts; select count(*) from rpt_equity").fetchone() == (2,)


def test_a_batch_with_a_write_runs_nothing(sql, capsys, warehouse):
    before = warehouse.execute("select count(*) from marts.rpt_equity").fetchone()
    assert sql("select 'first' as x; delete from marts.rpt_equity") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "DELETE statements are refused" in captured.err
    assert warehouse.execute("select count(*) from marts.rpt_equity").fetchone() == before


def test_a_sql_error_prints_the_message_and_exits_1(sql, capsys):
    assert sql("select * from analyst.finns_inte") == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: Catalog Error")
    assert "finns_inte" in captured.err
    assert "Traceback" not in captured.err


def test_a_missing_warehouse_is_named(tmp_path, capsys):
    assert main_sql(["--warehouse", str(tmp_path / "none.duckdb"), "select 1"]) == 1
    assert f"no warehouse at {tmp_path / 'none.duckdb'}" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()


# --- the prompt ----------------------------------------------------------------------------------


def test_the_prompt_reads_statements_from_a_pipe_until_end_of_input(refreshed):
    statements = (
        "select 'ett' as svar;\n"
        "select forbund_id, kostnad_per_deltagare_kr\n"
        "from analyst.kostnad_per_deltagare\n"
        "where rakenskapsar = 2025;\n"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "pipelines.sql", "--warehouse", str(refreshed.settings.warehouse)],
        input=statements,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    lines = completed.stdout.splitlines()
    assert lines[:4] == ["svar", "----", "ett", "(1 row)"]
    assert ["sodra_lappland", "106100"] in [line.split() for line in lines]


def test_the_prompt_explains_the_analyst_views_and_keeps_going_after_an_error(warehouse):
    lines = io.StringIO(
        ".tables\n"
        ".describe kostnad_per_deltagare\n"
        "select nope;\n"
        "select 2 as two;\n"
        ".quit\n"
        "select 3 as never;\n"
    )
    out, err = io.StringIO(), io.StringIO()
    code = run_prompt(warehouse, stream_reader(lines), format_table, out, err, interactive=False)
    assert code == 1  # a script notices the failed statement
    assert err.getvalue().startswith("error: Binder Error")
    shown = out.getvalue()
    assert "maluppfyllelse_per_indikator" in shown  # .tables
    assert "kostnad_per_deltagare_kr" in shown and "Kostnad per deltagare = totala_kostnader_kr" in shown
    assert "two" in shown and "never" not in shown


def test_a_last_statement_without_semicolon_still_runs(warehouse):
    out, err = io.StringIO(), io.StringIO()
    reader = stream_reader(io.StringIO("-- a comment only\nselect 42 as svar"))
    assert run_prompt(warehouse, reader, format_table, out, err, interactive=False) == 0
    assert "42" in out.getvalue() and err.getvalue() == ""


def test_the_prompt_refuses_writes_too(warehouse):
    out, err = io.StringIO(), io.StringIO()
    reader = stream_reader(io.StringIO("create table t (x int);\n"))
    assert run_prompt(warehouse, reader, format_table, out, err, interactive=False) == 1
    assert "CREATE statements are refused" in err.getvalue()
