"""Quality runs end to end: DuckDB in, ops.dq_results and data docs out; the Dagster checks block."""

import shutil
import socket
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dagster import AssetCheckSeverity, AssetKey, Definitions, asset, materialize

from pipelines.defs.asset_checks import build_quality_checks, check_keys, quality_checks
from pipelines.defs.assets.extraction import raw_extracted
from pipelines.defs.assets.ingest import raw_documents, raw_facts, raw_participants
from pipelines.defs.resources import FinsamPaths
from pipelines.foundation.settings import Settings
from pipelines.quality.run import run_suites
from pipelines.quality.suites import Severity, check_name, load_suites
from tests.conftest import SAMPLE_LANDING

SUITES = {suite.name: suite for suite in load_suites()}

DOCUMENTS = pd.DataFrame(
    {
        "federation_id": ["solleftea", "solleftea"],
        "source_file": ["plan-2024.txt", "budget-2024.pdf"],
        "document_kind": ["verksamhetsplan", "other"],
        "document_date": pd.to_datetime(["2023-11-30", None]),
        "title": ["Plan", "Budget"],
        "_source_file": ["solleftea/documents.csv"] * 2,
        "_source_line": [2, 3],
    }
)
EQUITY = pd.DataFrame(
    {
        "federation_id": ["sodra_lappland"],
        "fiscal_year": [2025],
        "equity_sek": [1973000.0],
        "equity_basis": ["br_equity_total"],
        "contributions_sek": [3678000.0],
        "equity_pct": [53.64],
        "recommended_max_pct": [20.0],
        "exceeds_recommendation": [True],
        "total_assets_sek": [2314000.0],
        "soliditet_pct": [85.26],
        "soliditet_printed_pct": [85.0],
    }
)


def tiny_warehouse(path: Path) -> Path:
    with duckdb.connect(str(path)) as connection:
        for schema, table, frame in (("raw", "documents", DOCUMENTS), ("marts", "rpt_equity", EQUITY)):
            connection.execute(f"create schema if not exists {schema}")
            connection.register("incoming", frame)
            connection.execute(f"create table {schema}.{table} as select * from incoming")
            connection.unregister("incoming")
    return path


def dq_results(warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute("select * from ops.dq_results order by run_id, suite, expectation").df()


def test_results_are_kept_per_expectation_per_run_with_history(tmp_path):
    warehouse = tiny_warehouse(tmp_path / "w.duckdb")
    suites = [SUITES["raw_documents"], SUITES["rpt_equity"]]
    expectations = sum(len(suite.expectations) for suite in suites)

    first = run_suites(suites, warehouse, tmp_path / "exports", "run-1")
    run_suites(suites, warehouse, tmp_path / "exports", "run-2")
    run_suites(suites, warehouse, tmp_path / "exports", "run-2")  # the same run again replaces its rows

    assert first.rows_recorded == expectations
    rows = dq_results(warehouse)
    assert rows.groupby("run_id").size().to_dict() == {"run-1": expectations, "run-2": expectations}
    assert list(rows.columns) == [
        "run_id",
        "suite",
        "expectation",
        "table_name",
        "severity",
        "success",
        "observed_value",
        "checked_at",
    ]
    warning = rows[(rows.run_id == "run-1") & (rows.expectation == "equity_within_recommendation")].iloc[0]
    assert (warning.table_name, warning.severity, bool(warning.success)) == (
        "marts.rpt_equity",
        "warning",
        False,
    )
    assert '"equity_pct": 53.64' in warning.observed_value and '"fiscal_year": 2025' in warning.observed_value
    assert rows[rows.severity == "error"].success.all()


def test_data_docs_index_names_every_suite_and_links_to_the_gx_pages(tmp_path):
    warehouse = tiny_warehouse(tmp_path / "w.duckdb")
    run = run_suites(
        [SUITES["raw_documents"], SUITES["rpt_equity"]], warehouse, tmp_path / "exports", "run-1"
    )

    index = tmp_path / "exports" / "quality" / "index.html"
    assert run.docs_index == index and index.is_file()
    text = index.read_text(encoding="utf-8")
    for name in SUITES:
        assert f">{name}<" in text, name
    assert "not run yet" in text  # the suites this run did not check are still named
    assert "equity_within_recommendation" in text and "equity_pct=53.64" in text
    pages = [line.split('"')[1] for line in text.split("<a href=")[1:]]
    validation_pages = [page for page in pages if page.startswith("gx/validations/")]
    assert len(validation_pages) == 2
    for page in validation_pages:
        assert (index.parent / page).is_file(), page
    assert (index.parent / "gx" / "expectations" / "rpt_equity.html").is_file()


def test_only_the_last_result_of_a_suite_is_kept_in_the_docs(tmp_path):
    warehouse = tiny_warehouse(tmp_path / "w.duckdb")
    for run_id in ("run-1", "run-2"):
        run_suites([SUITES["rpt_equity"]], warehouse, tmp_path / "exports", run_id)
    validations = tmp_path / "exports" / "quality" / "gx" / "validations" / "rpt_equity"
    assert [path.name for path in validations.iterdir()] == ["run-2"]


def test_a_run_works_without_a_network(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    warehouse = tiny_warehouse(tmp_path / "w.duckdb")
    run = run_suites(
        list(SUITES.values())[:0] + [SUITES["raw_documents"]], warehouse, tmp_path / "x", "offline"
    )
    assert run.outcomes[0].passed and run.docs_index.is_file()


def _documents_landing(root: Path, listing: str) -> Path:
    folder = root / "landing" / "solleftea"
    folder.mkdir(parents=True)
    (folder / "documents.csv").write_text(
        "source_file,document_kind,document_date,title\n" + listing, encoding="utf-8"
    )
    return root / "landing"


@asset(deps=[raw_documents])
def downstream_of_documents() -> None:
    """Stands in for dbt: must not run when a blocking check on raw/documents fails."""


@pytest.mark.parametrize("listed_twice", [False, True])
def test_a_failing_error_expectation_blocks_downstream_assets_in_the_same_run(tmp_path, listed_twice):
    line = "plan-2024.txt,verksamhetsplan,2023-11-30,Plan\n"
    landing = _documents_landing(tmp_path, line * (2 if listed_twice else 1))
    settings = Settings.from_env(landing, tmp_path / "w.duckdb", tmp_path / "exports")
    checks = build_quality_checks([SUITES["raw_documents"]])

    result = materialize(
        [raw_documents, *checks, downstream_of_documents],
        resources={"paths": FinsamPaths.from_settings(settings)},
        raise_on_error=False,
    )

    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.check_name == "gx_raw_documents" and evaluation.blocking
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    if listed_twice:
        assert not evaluation.passed and evaluation.severity == AssetCheckSeverity.ERROR
        assert "listed_once" in evaluation.metadata["failures"].value
        assert AssetKey("downstream_of_documents") not in materialized and not result.success
    else:
        assert evaluation.passed
        assert AssetKey("downstream_of_documents") in materialized and result.success


@pytest.mark.slow  # extracts every document of the sample: about 3 s
def test_raw_assets_and_their_checks_materialize_on_the_bundled_sample(tmp_path):
    settings = Settings.from_env(SAMPLE_LANDING, tmp_path / "w.duckdb", tmp_path / "exports")
    raw_checks = [check for check in quality_checks if check.node_def.name == "gx_raw_suites"]

    result = materialize(
        [raw_facts, raw_participants, raw_documents, raw_extracted, *raw_checks],
        resources={"paths": FinsamPaths.from_settings(settings)},
    )

    evaluations = {evaluation.check_name: evaluation for evaluation in result.get_asset_check_evaluations()}
    assert set(evaluations) == {
        "gx_raw_facts",
        "gx_raw_extracted_facts",
        "gx_raw_participants",
        "gx_raw_participants_warnings",
        "gx_raw_documents",
    }
    assert all(evaluation.passed for evaluation in evaluations.values()), {
        name: evaluation.metadata["failures"].value for name, evaluation in evaluations.items()
    }
    build = FinsamPaths.from_settings(settings).settings().warehouse  # the run's own file
    assert set(dq_results(build).suite) == {
        "raw_facts",
        "raw_extracted_facts",
        "raw_participants",
        "raw_documents",
    }


def test_the_refreshed_sample_passes_every_blocking_check(refreshed, tmp_path):
    warehouse = tmp_path / "sample.duckdb"
    shutil.copy(refreshed.settings.warehouse, warehouse)

    run = run_suites(list(SUITES.values()), warehouse, tmp_path / "exports", "sample")

    errors = {o.suite.name: [f.observed_text() for f in o.failures(Severity.ERROR)] for o in run.outcomes}
    assert not any(errors.values()), errors
    warnings = {o.suite.name: {f.name for f in o.failures(Severity.WARNING)} for o in run.outcomes}
    # equity is 58 % and 54 % of a year's contributions, against a recommended 20 %
    assert warnings["rpt_equity"] == {"equity_within_recommendation"}
    equity = next(o for o in run.outcomes if o.suite.name == "rpt_equity").failures()[0]
    assert sorted(row["fiscal_year"] for row in equity.observed["failing"]) == [2024, 2025]  # in no set order
    # Skellefteå-Norsjö's state share of 49.37 % is within 1 point of 50 %
    assert warnings["rpt_financing_split"] == set()
    # Södra Lappland's 2024 column of the 2025 annual report does not print the board row
    assert "parts_sum_to_total_with_unprinted_parts" in warnings["fct_budget_lines"]
    # the refresh recorded its own run already; this run adds one row per expectation
    results = dq_results(warehouse)
    assert len(results[results["run_id"] == "sample"]) == sum(
        len(suite.expectations) for suite in SUITES.values()
    )


def test_the_checks_join_the_definitions_errors_blocking_and_warnings_not():
    from pipelines.definitions import ALL_ASSETS
    from pipelines.defs.jobs import yearly_refresh
    from pipelines.defs.resources import default_resources

    defs = Definitions(
        assets=ALL_ASSETS, asset_checks=quality_checks, jobs=[yearly_refresh], resources=default_resources()
    )
    graph = defs.resolve_asset_graph()
    keys = set(graph.asset_check_keys)
    for suite in SUITES.values():
        for key in check_keys(suite):
            assert key in keys, key
            spec = graph.get_check_spec(key)
            assert spec.blocking == (key.name == check_name(suite, Severity.ERROR)), key
    # equity above the recommendation is a warning: its own check, never blocking; its errors block
    equity = {key.name: graph.get_check_spec(key).blocking for key in check_keys(SUITES["rpt_equity"])}
    assert equity == {"gx_rpt_equity": True, "gx_rpt_equity_warnings": False}
    assert [key.name for key in check_keys(SUITES["ops_corrections"])] == ["gx_ops_corrections_warnings"]
    job_checks = defs.resolve_job_def("yearly_refresh").asset_layer.asset_graph.asset_check_keys
    assert {key for suite in SUITES.values() for key in check_keys(suite)} <= set(job_checks)
