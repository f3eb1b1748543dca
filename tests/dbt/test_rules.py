"""The `rules` test (dbt_project/tests/generic/rules.sql) on hand-made rows: each kind of rule fails on a bad value.

A small dbt project holds the finsam project's `rules` test and its macros and
one model per kind of rule, each with a bad value; one `dbt build` runs them
all. Each test's failing rows name the model, the column and the rule; what
a refresh keeps of them (ops.dbt_test_results) comes from the same rows.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from pipelines.dbt.commands import read_results
from pipelines.dbt.project import DBT_PROJECT_DIR, dbt_executable
from pipelines.quality import dbt_tests
from pipelines.quality.dbt_tests import RuleFailure, rule_failures

PROJECT = """
name: rules_check
version: "1.0.0"
profile: rules_check
model-paths: ["models"]
macro-paths: ["macros"]
test-paths: ["tests"]
"""

PROFILE = """
rules_check:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{{ env_var('FINSAM_WAREHOUSE') }}"
      threads: 1
"""

# model name -> its rows; every model is a table of these columns
MODELS = {
    "federations": "select * from (values ('umea'), ('solleftea')) as t(federation_id)",
    "members": "select * from (values ('umea', 'vannas'), ('solleftea', 'kramfors')) as t(federation_id, member_id)",
    "int_rebuild_years": "select 2025 as fiscal_year",
    # a NULL scenario in two rows
    "facts_not_null": "select * from (values ('k1', 'budget'), ('k2', null), ('k3', null)) as t(fact_key, scenario)",
    # 'Budget' (upper case) twice; NULL passes accepted_values as in dbt
    "facts_accepted": (
        "select * from (values ('k1', 'budget'), ('k2', 'Budget'), ('k3', 'Budget'), ('k4', null)) "
        "as t(fact_key, scenario)"
    ),
    # 75 is no assessment; the values are numbers (quote: false)
    "facts_unquoted": "select * from (values (0), (50), (75), (100)) as t(assessment_value)",
    # 100.5 and -1 outside 0-100; NULL passes
    "facts_between": "select * from (values (0.0), (100.0), (100.5), (-1.0), (null)) as t(work_pct)",
    # k1 twice; NULLs are not duplicates
    "facts_unique": "select * from (values ('k1'), ('k1'), ('k2'), (null), (null)) as t(fact_key)",
    # 'nowhere' is no federation; NULL passes
    "facts_parent": "select * from (values ('umea'), ('nowhere'), (null)) as t(federation_id)",
    # umea 2025 twice
    "facts_key": (
        "select * from (values ('umea', 2025), ('umea', 2025), ('umea', 2024)) as t(federation_id, fiscal_year)"
    ),
    # (umea, kramfors) is no member of umea; only contribution_municipality rows are checked
    "facts_key_parent": (
        "select * from (values ('umea', 'vannas', 'contribution_municipality'), "
        "('umea', 'kramfors', 'contribution_municipality'), ('umea', 'kramfors', 'other')) "
        "as t(federation_id, item, code)"
    ),
    # a duplicate document: a warning, not an error
    "documents_warned": "select * from (values ('umea', 'a.pdf'), ('umea', 'a.pdf')) as t(federation_id, source_file)",
    "facts_good": "select * from (values ('k1', 'budget', 50.0, 'umea')) as t(fact_key, scenario, work_pct, federation_id)",
    # built by year (incremental): 2025 is rebuilt. A NULL scenario in 2024 was tested when 2024 was
    # built and is not read again; k1 in 2024 and 2025 breaks `unique`, which reads every year
    "facts_by_year": (
        "{{ config(materialized='incremental') }} "
        "select * from (values ('k1', null, 2024), ('k1', 'budget', 2025), ('k2', 'plan', 2025)) "
        "as t(fact_key, scenario, fiscal_year)"
    ),
}

RULES = """
version: 2
models:
  - name: facts_not_null
    data_tests:
      - rules: {arguments: {columns: {fact_key: [not_null], scenario: [not_null]}}}
  - name: facts_accepted
    data_tests:
      - rules: {arguments: {columns: {scenario: [{accepted_values: [budget, plan, outcome]}]}}}
  - name: facts_unquoted
    data_tests:
      - rules: {arguments: {columns: {assessment_value: [{accepted_values: {values: [0, 50, 100], quote: false}}]}}}
  - name: facts_between
    data_tests:
      - rules: {arguments: {columns: {work_pct: [{value_between: [0, 100]}]}}}
  - name: facts_unique
    data_tests:
      - rules: {arguments: {columns: {fact_key: [unique]}}}
  - name: facts_parent
    data_tests:
      - rules: {arguments: {columns: {federation_id: [{relationships: "ref('federations')"}]}}}
  - name: facts_key
    data_tests:
      - rules: {arguments: {keys: [{unique: [federation_id, fiscal_year]}]}}
  - name: facts_key_parent
    data_tests:
      - rules:
          arguments:
            keys:
              - relationships:
                  to: "ref('members')"
                  columns: [federation_id, item]
                  fields: [federation_id, member_id]
                  where: "code = 'contribution_municipality'"
  - name: documents_warned
    data_tests:
      - rules:
          arguments: {keys: [{unique: [federation_id, source_file]}]}
          config: {severity: warn}
  - name: facts_good
    data_tests:
      - rules:
          arguments:
            columns:
              fact_key: [unique, not_null]
              scenario: [not_null, {accepted_values: [budget, plan, outcome]}]
              work_pct: [{value_between: [0, 100]}]
              federation_id: [{relationships: {to: "ref('federations')", field: federation_id}}]
  - name: facts_by_year
    data_tests:
      - rules:
          arguments:
            columns:
              scenario: [not_null]
              fact_key: [unique]
            keys:
              - unique: [fact_key, fiscal_year]
"""


def write_project(folder: Path, models: dict[str, str], rules: str) -> Path:
    """A dbt project with the finsam project's `rules` test and macros, and `models` declared with `rules`."""
    for sub in ("models", "macros", "tests/generic"):
        (folder / sub).mkdir(parents=True)
    (folder / "dbt_project.yml").write_text(PROJECT, encoding="utf-8")
    (folder / "profiles.yml").write_text(PROFILE, encoding="utf-8")
    for macro in ("rules.sql", "test_scope.sql"):
        shutil.copy(DBT_PROJECT_DIR / "macros" / macro, folder / "macros" / macro)
    shutil.copy(
        DBT_PROJECT_DIR / "tests" / "generic" / "rules.sql", folder / "tests" / "generic" / "rules.sql"
    )
    for name, sql in models.items():
        materialized = "" if "config(" in sql else "{{ config(materialized='table') }} "
        (folder / "models" / f"{name}.sql").write_text(materialized + sql + "\n", encoding="utf-8")
    (folder / "models" / "_models.yml").write_text(rules, encoding="utf-8")
    return folder


def dbt_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [dbt_executable(), "build", "--project-dir", str(project), "--profiles-dir", str(project)],
        env={
            **os.environ,
            "FINSAM_WAREHOUSE": str(project / "w.duckdb"),
            "DBT_TARGET_PATH": str(project / "target"),
            "DBT_LOG_PATH": str(project / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The project built once: its tests' results and manifest, keyed by the model each test is on."""
    project = write_project(tmp_path_factory.mktemp("rules"), MODELS, RULES)
    completed = dbt_build(project)
    manifest = json.loads((project / "target" / "manifest.json").read_text(encoding="utf-8"))
    results = read_results(project / "target" / "run_results.json")
    by_model = {}
    for result in results:
        node = manifest["nodes"][result.unique_id]
        if node["resource_type"] == "test":
            by_model[node["attached_node"].split(".")[-1]] = result
    return SimpleNamespace(
        project=project, completed=completed, manifest=manifest, results=results, tests=by_model
    )


def failures_of(built, model: str) -> list[RuleFailure]:
    with duckdb.connect(str(built.project / "w.duckdb"), read_only=True) as connection:
        return rule_failures(connection, built.tests[model].compiled_code)


def failing_rows(built, model: str) -> list[tuple]:
    """The test's own rows: model, column, rule, expected, failing value, rows with it."""
    with duckdb.connect(str(built.project / "w.duckdb"), read_only=True) as connection:
        return sorted(connection.execute(built.tests[model].compiled_code).fetchall(), key=str)


@pytest.mark.slow  # one dbt build of a small project: about 10 s
def test_a_null_fails_not_null_naming_model_column_and_rule(built):
    assert built.tests["facts_not_null"].status == "fail"
    assert failing_rows(built, "facts_not_null") == [
        ("facts_not_null", "scenario", "not_null", "a value", None, 2)
    ]


@pytest.mark.slow
def test_a_value_not_listed_fails_accepted_values_and_null_passes(built):
    assert built.tests["facts_accepted"].status == "fail"
    assert failing_rows(built, "facts_accepted") == [
        ("facts_accepted", "scenario", "accepted_values", "one of budget, plan, outcome", "Budget", 2)
    ]
    assert failing_rows(built, "facts_unquoted") == [
        ("facts_unquoted", "assessment_value", "accepted_values", "one of 0, 50, 100", "75", 1)
    ]


@pytest.mark.slow
def test_values_outside_the_bounds_fail_value_between(built):
    assert built.tests["facts_between"].status == "fail"
    assert failing_rows(built, "facts_between") == [
        ("facts_between", "work_pct", "value_between", "from 0 to 100", "-1.0", 1),
        ("facts_between", "work_pct", "value_between", "from 0 to 100", "100.5", 1),
    ]


@pytest.mark.slow
def test_a_repeated_value_fails_unique_and_nulls_do_not(built):
    assert failing_rows(built, "facts_unique") == [
        ("facts_unique", "fact_key", "unique", "one row per value", "k1", 2)
    ]
    assert failing_rows(built, "facts_key") == [
        (
            "facts_key",
            "federation_id, fiscal_year",
            "unique",
            "one row per value",
            "federation_id=umea, fiscal_year=2025",
            2,
        )
    ]


@pytest.mark.slow
def test_a_value_missing_from_the_parent_fails_relationships(built):
    assert failing_rows(built, "facts_parent") == [
        ("facts_parent", "federation_id", "relationships", "in federations (federation_id)", "nowhere", 1)
    ]
    # the `where` keeps the 'other' row of (umea, kramfors) out
    assert failing_rows(built, "facts_key_parent") == [
        (
            "facts_key_parent",
            "federation_id, item",
            "relationships",
            "in members (federation_id, member_id) where code = 'contribution_municipality'",
            "federation_id=umea, item=kramfors",
            1,
        )
    ]


@pytest.mark.slow
def test_a_warn_only_rule_warns_and_good_rows_pass(built):
    assert built.tests["documents_warned"].status == "warn"
    assert built.tests["facts_good"].status == "pass" and built.tests["facts_good"].failures == 0
    assert built.completed.returncode == 1  # the failed tests, not the warning


@pytest.mark.slow
def test_a_model_built_by_year_is_checked_row_by_row_in_the_rebuilt_years_and_unique_over_all(built):
    assert failing_rows(built, "facts_by_year") == [
        ("facts_by_year", "fact_key", "unique", "one row per value", "k1", 2)
    ]


@pytest.mark.slow
def test_a_failed_rules_test_is_kept_as_one_result_per_broken_rule(built):
    with duckdb.connect(str(built.project / "w.duckdb"), read_only=True) as connection:
        kept = dbt_tests.test_results(
            [built.tests["facts_between"], built.tests["facts_not_null"], built.tests["facts_good"]],
            built.manifest,
            connection,
        )
    assert [(t.test_name, t.model, t.column_name, t.status, t.failures, t.message) for t in kept] == [
        (
            "value_between",
            "facts_between",
            "work_pct",
            "fail",
            2,
            "2 rows; expected from 0 to 100; found: -1.0, 100.5",
        ),
        ("not_null", "facts_not_null", "scenario", "fail", 2, "2 rows; expected a value"),
        ("rules", "facts_good", None, "pass", 0, None),
    ]
    # the Dagster check's message and the log line of each failed test
    assert dbt_tests.failure_messages(kept) == {
        built.tests["facts_between"].unique_id: (
            "facts_between.work_pct: value_between: 2 rows; expected from 0 to 100; found: -1.0, 100.5"
        ),
        built.tests[
            "facts_not_null"
        ].unique_id: "facts_not_null.scenario: not_null: 2 rows; expected a value",
    }


@pytest.mark.slow
def test_an_unknown_rule_stops_the_build_naming_model_and_column(tmp_path):
    rules = """
version: 2
models:
  - name: facts_typo
    data_tests:
      - rules: {arguments: {columns: {scenario: [not_nul]}}}
"""
    project = write_project(tmp_path, {"facts_typo": "select 'budget' as scenario"}, rules)
    completed = dbt_build(project)
    assert completed.returncode != 0
    assert "rules on facts_typo, scenario: unknown rule 'not_nul'" in completed.stdout
