"""Schema `analyst`: the marts under Swedish names, every column explained, the same values."""

from __future__ import annotations

import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.foundation.settings import PROJECT_ROOT
from pipelines.sql import main_sql
from tests.sql.test_warehouse_file import duckdb_cli

QUERIES = sorted((PROJECT_ROOT / "docs" / "queries").glob("*.sql"))

# analyst view -> the same rows from marts (columns in the view's order)
FACT_COLUMNS = "* exclude (fact_key, fact_version_id, record_type)"
SAME_AS_MARTS = {
    "kostnad_per_deltagare": ("*", "select * from marts.rpt_cost_per_participant"),
    "eget_kapital": ("*", "select * from marts.rpt_equity"),
    "maluppfyllelse": (
        "*",
        "select federation_id, fiscal_year, indicators, indicators_assessed, met, partial, not_met, unknown, "
        "fulfilment_pct from marts.rpt_goal_fulfilment",
    ),
    "maluppfyllelse_per_indikator": ("*", "select * from marts.rpt_indicator_status"),
    "finansiering": ("*", "select * from marts.rpt_financing_split"),
    "budget_mot_utfall": ("* exclude (kod_benamning)", "select * from marts.rpt_budget_vs_outcome"),
    "avslut": ("*", "select * from marts.rpt_exit_outcomes"),
    "avslut_per_insats": ("*", "select * from marts.rpt_exit_outcomes_by_intervention"),
    "forbund_ar": ("*", "select * from marts.rpt_federation_year"),
    "forbund": ("*", "select * exclude (federation_year_key) from marts.dim_federations"),
    "budgetrader": ("* exclude (kod_benamning)", f"select {FACT_COLUMNS} from marts.fct_budget_lines"),
    "bokslut": ("* exclude (kod_benamning)", f"select {FACT_COLUMNS} from marts.fct_statements"),
    "deltagare": ("* exclude (kod_benamning)", f"select {FACT_COLUMNS} from marts.fct_participants"),
    "avslut_per_kod": ("* exclude (kod_benamning)", f"select {FACT_COLUMNS} from marts.fct_outcomes"),
    "enkater": ("* exclude (kod_benamning)", f"select {FACT_COLUMNS} from marts.fct_surveys"),
    "indikatorer": ("* exclude (kod_benamning)", f"select {FACT_COLUMNS} from marts.fct_indicators"),
}
FACT_VIEWS = ("budgetrader", "bokslut", "deltagare", "avslut_per_kod", "enkater", "indikatorer")
# marts columns whose codes the analyst views show in Swedish (seeds/value_labels.csv), by domain
SWEDISH_VALUES = {
    "scenario": "scenario",
    "financing_scenario": "scenario",
    "status": "status",
    "unit": "unit",
    "origin": "origin",
    "reconciliation": "reconciliation",
    "goal_area": "goal_area",
    "fulfilment": "fulfilment",
    "equity_basis": "basis",
    "contributions_basis": "basis",
    "exits_basis": "basis",
    "participants_source": "source",
    "exits_source": "source",
}


def in_swedish(connection, query: str) -> list[tuple]:
    """The rows of a marts query with its coded columns as the analyst views show them."""
    labels = dict(
        ((domain, value), label)
        for domain, value, label in connection.execute("select * from reference.value_labels").fetchall()
    )
    cursor = connection.execute(query)
    domains = [SWEDISH_VALUES.get(column[0]) for column in cursor.description]
    return [
        tuple(
            labels.get((domain, value), value) if domain else value
            for domain, value in zip(domains, row, strict=True)
        )
        for row in cursor.fetchall()
    ]


def analyst_views(connection) -> dict[str, str | None]:
    return dict(
        connection.execute(
            "select view_name, comment from duckdb_views() where schema_name = 'analyst'"
        ).fetchall()
    )


def test_every_view_is_there_and_explained(warehouse):
    views = analyst_views(warehouse)
    assert set(SAME_AS_MARTS) <= set(views)
    for name, comment in views.items():
        assert comment and len(comment) > 40, name


def test_every_column_has_a_comment_and_an_easy_name(warehouse):
    columns = warehouse.execute(
        "select table_name, column_name, comment from duckdb_columns() where schema_name = 'analyst'"
    ).fetchall()
    assert len(columns) > 200
    for view, column, comment in columns:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", column), f"{view}.{column}"
        assert comment and comment.strip(), f"analyst.{view}.{column} has no comment"


@pytest.mark.parametrize("view", sorted(SAME_AS_MARTS))
def test_a_view_holds_the_rows_of_its_mart(warehouse, view):
    columns, marts_query = SAME_AS_MARTS[view]
    analyst_rows = warehouse.execute(f"select {columns} from analyst.{view} order by all").fetchall()
    marts_rows = sorted(
        in_swedish(warehouse, marts_query), key=lambda row: tuple((v is None, str(v)) for v in row)
    )
    analyst_rows = sorted(analyst_rows, key=lambda row: tuple((v is None, str(v)) for v in row))
    assert analyst_rows == marts_rows
    assert analyst_rows, view  # the sample fills every view


def test_the_sample_figures_under_their_swedish_names(warehouse):
    assert warehouse.execute(
        "select kostnad_per_deltagare_kr, kostnad_individinsatser_per_deltagare_kr, antal_deltagare "
        "from analyst.kostnad_per_deltagare where forbund_id = 'sodra_lappland' and rakenskapsar = 2025"
    ).fetchall() == [(Decimal("106100"), Decimal("62900"), 40)]
    assert warehouse.execute(
        "select eget_kapital_procent, over_rekommendation from analyst.eget_kapital "
        "where forbund_id = 'sodra_lappland' and rakenskapsar = 2025"
    ).fetchall() == [(Decimal("53.64"), True)]
    assert warehouse.execute(
        "select maluppfyllelse_procent from analyst.maluppfyllelse "
        "where forbund_id = 'sodra_lappland' and rakenskapsar = 2025"
    ).fetchall() == [(Decimal("78.57"),)]


@pytest.mark.parametrize("view", FACT_VIEWS)
def test_every_fact_carries_the_swedish_label_of_its_code(warehouse, view):
    missing = warehouse.execute(f"select count(*) from analyst.{view} where kod_benamning is null").fetchone()
    assert missing == (0,)


@pytest.mark.parametrize("query", QUERIES, ids=[path.name for path in QUERIES])
def test_every_worked_question_runs_on_the_sample(warehouse, query: Path):
    text = query.read_text(encoding="utf-8")
    assert text.startswith("-- Fråga:"), "a worked question starts with the question"
    assert "Så läser du svaret" in text
    rows = warehouse.execute(text).fetchall()
    assert rows, query.name


def test_the_worked_questions_exist():
    assert [path.name for path in QUERIES] == [
        "01_kostnad_per_deltagare.sql",
        "02_eget_kapital_mot_rekommendationen.sql",
        "03_maluppfyllelse_per_malomrade.sql",
        "04_budget_mot_utfall.sql",
    ]


def test_a_worked_question_runs_through_finsam_sql(refreshed, monkeypatch, capsys):
    query = PROJECT_ROOT / "docs" / "queries" / "03_maluppfyllelse_per_malomrade.sql"
    monkeypatch.setattr("sys.stdin", io.StringIO(query.read_text(encoding="utf-8")))
    assert main_sql(["--warehouse", str(refreshed.settings.warehouse)]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    # the "alla" row is analyst.maluppfyllelse's figure
    assert ["sodra_lappland", "2025", "alla", "9", "5", "1", "1", "2", "78.57"] in rows


def test_duckdb_cli_1_5_reads_the_views_their_comments_and_the_questions(refreshed):
    cli = duckdb_cli()
    warehouse = str(refreshed.settings.warehouse)

    def run(*arguments: str) -> str:
        completed = subprocess.run(
            [cli, "-readonly", "-csv", "-noheader", warehouse, *arguments],
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        assert "Error" not in completed.stderr, completed.stderr
        return completed.stdout

    assert (
        "sodra_lappland,2025,106100,62900"
        in run(
            "-c",
            "select forbund_id, rakenskapsar, kostnad_per_deltagare_kr, kostnad_individinsatser_per_deltagare_kr "
            "from analyst.kostnad_per_deltagare",
        ).splitlines()
    )
    columns, uncommented = (
        run(
            "-c",
            "select count(*), count(*) - count(comment) from duckdb_columns() where schema_name = 'analyst'",
        )
        .strip()
        .split(",")
    )
    assert int(columns) > 200 and uncommented == "0"
    for query in QUERIES:
        assert run("-f", str(query)).strip(), query.name
