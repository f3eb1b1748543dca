"""The suite files in expectations/: complete, loadable, in step with the seeds and the contract."""

import csv
from dataclasses import replace

import pytest
import yaml

from pipelines.foundation import reference
from pipelines.foundation.settings import DBT_PROJECT_DIR, SEEDS_DIR
from pipelines.quality.frames import FRAMES
from pipelines.quality.suites import (
    EXPECTATIONS_DIR,
    Scope,
    Severity,
    SuiteFileError,
    load_suite,
    load_suites,
)

SUITES = {suite.name: suite for suite in load_suites()}


def _value_set(suite: str, expectation: str) -> list:
    spec = next(spec for spec in SUITES[suite].expectations if spec.name == expectation)
    return spec.kwargs.get("value_set") or spec.kwargs.get("value_pairs_set")


def test_one_suite_per_raw_table_and_per_rpt_model():
    rpt_models = {path.stem for path in (DBT_PROJECT_DIR / "models" / "marts").glob("rpt_*.sql")}
    raw_tables = {"facts", "extracted_facts", "participants", "documents"}
    assets = {suite.asset for suite in SUITES.values()}
    assert {("marts", model) for model in rpt_models} <= assets
    assert {("raw", table) for table in raw_tables} <= assets
    assert {("marts", name) for name in ("fct_budget_lines", "fct_statements")} <= assets


def test_every_suite_names_its_table_a_known_frame_and_why_each_expectation_exists():
    for suite in SUITES.values():
        assert suite.table == ".".join(suite.asset), suite.name
        assert suite.frame in FRAMES, suite.name
        assert suite.description and suite.expectations, suite.name
        for spec in suite.expectations:
            assert spec.why, (suite.name, spec.name)
            assert spec.severity in (Severity.ERROR, Severity.WARNING)


def test_seed_references_resolve_to_the_seeds():
    with (SEEDS_DIR / "federations.csv").open(encoding="utf-8") as handle:
        federations = sorted(row["federation_id"] for row in csv.DictReader(handle))
    assert _value_set("raw_facts", "federation_in_seeds") == federations
    pairs = _value_set("raw_facts", "code_in_seeds_for_record_type")
    assert "budget_line:total_costs" in pairs and "statement:br_assets_total" in pairs
    assert "statement:total_costs" not in pairs
    assert "sodra_lappland:lycksele" in _value_set("raw_facts", "member_in_seeds")
    budget_codes = _value_set("rpt_budget_vs_outcome", "code_in_seeds")
    assert "total_costs" in budget_codes and "br_assets_total" not in budget_codes
    assert (
        set(_value_set("raw_participants", "exit_code_in_seeds")) == reference.load_reference().outcome_codes
    )


def test_contract_vocabularies_match_the_loaders():
    assert _value_set("raw_facts", "record_type_in_contract") == list(reference.RECORD_TYPES)
    assert _value_set("raw_facts", "scenario_in_contract") == list(reference.SCENARIOS)
    assert _value_set("raw_facts", "unit_in_contract") == list(reference.UNITS)
    assert _value_set("raw_facts", "status_in_contract") == list(reference.STATUSES)
    assert _value_set("raw_participants", "gender_in_contract") == list(reference.GENDERS)
    assert _value_set("raw_participants", "age_band_in_contract") == list(reference.AGE_BANDS)
    assert _value_set("rpt_indicator_status", "goal_area_in_contract") == list(reference.GOAL_AREAS)
    assert _value_set("rpt_survey_results", "respondent_group_in_contract") == list(reference.SURVEY_GROUPS)


def test_financing_tolerance_matches_the_dbt_var():
    variables = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    tolerance = variables["financing_tolerance_pct"]
    bounds = {
        spec.kwargs["column"]: (spec.kwargs["min_value"], spec.kwargs["max_value"])
        for spec in SUITES["rpt_financing_split"].expectations
        if spec.severity is Severity.WARNING
    }
    assert bounds == {
        "state_pct": (50 - tolerance, 50 + tolerance),
        "region_pct": (25 - tolerance, 25 + tolerance),
        "municipalities_pct": (25 - tolerance, 25 + tolerance),
        "region_municipalities_pct": (50 - tolerance, 50 + tolerance),
    }


def test_a_suite_blocks_when_it_has_an_error_expectation():
    equity = SUITES["rpt_equity"]
    warnings_only = replace(
        equity, expectations=tuple(x for x in equity.expectations if x.severity is Severity.WARNING)
    )
    assert equity.blocking and [x.name for x in warnings_only.expectations] == [
        "equity_within_recommendation"
    ]
    assert not warnings_only.blocking


GOOD_SUITE = """
suite: tiny
asset: [raw, facts]
table: raw.facts
description: A tiny suite.
expectations:
  - name: federation_known
    type: expect_column_values_to_be_in_set
    severity: error
    why: Seeds.
    kwargs: {column: federation_id, value_set: {seed: federations.csv, column: federation_id}}
"""


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("severity: error", "severity: fatal"), "severity 'fatal' is not error or warning"),
        (("table: raw.facts", "table: facts; drop table x"), "is not schema.table"),
        (("federations.csv", "regions.csv"), "no seed 'regions.csv'"),
        (("    why: Seeds.\n", ""), "missing why"),
        (("kwargs: {", "kwargs: {{"), "not valid YAML"),
        (("table: raw.facts\n", "table: raw.facts\nscope: year\n"), "scope 'year' is not one of"),
        (
            ("    why: Seeds.\n", "    why: Seeds.\n    where: {unit: sek}\n    typo: 1\n"),
            "unknown keys typo",
        ),
        (
            (
                "expect_column_values_to_be_in_set",
                "expect_column_pair_values_to_be_in_set\n    where: {a: b}",
            ),
            "cannot run expect_column_pair_values_to_be_in_set with a row condition",
        ),
    ],
)
def test_a_broken_suite_file_is_refused_with_file_and_reason(tmp_path, change, reason):
    path = tmp_path / "tiny.yml"
    path.write_text(GOOD_SUITE.replace(*change), encoding="utf-8")
    with pytest.raises(SuiteFileError) as raised:
        load_suite(path)
    assert raised.value.path == path and reason in raised.value.reason


def test_a_suite_checks_every_row_unless_it_names_a_scope(tmp_path):
    path = tmp_path / "tiny.yml"
    path.write_text(GOOD_SUITE, encoding="utf-8")
    assert load_suite(path).scope is Scope.WHOLE
    path.write_text(GOOD_SUITE.replace("table: raw.facts\n", "table: raw.facts\nscope: fiscal_year\n"))
    assert load_suite(path).scope is Scope.FISCAL_YEAR


def test_expectation_names_are_unique_within_a_suite(tmp_path):
    entry = GOOD_SUITE.split("expectations:\n")[1]
    (tmp_path / "tiny.yml").write_text(GOOD_SUITE + entry, encoding="utf-8")
    with pytest.raises(SuiteFileError, match="used twice: federation_known"):
        load_suites(tmp_path)


def test_the_suites_folder_holds_only_suites_and_the_readme():
    assert {path.suffix for path in EXPECTATIONS_DIR.iterdir()} == {".yml", ".md"}


def test_the_suites_are_parsed_by_libyaml_as_the_pure_python_parser_reads_them():
    from pipelines.quality import suites

    assert suites._SAFE_LOADER is yaml.CSafeLoader  # PyYAML's wheels carry libyaml
    for path in sorted(EXPECTATIONS_DIR.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=suites._SAFE_LOADER) == yaml.safe_load(text), path.name
