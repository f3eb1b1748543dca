"""The dbt project's layout, read from its manifest: staging 1:1 with sources, one YAML per mart."""

import json

import pytest

from pipelines.dbt.project import ensure_manifest
from pipelines.export import exported_models


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(ensure_manifest().read_text(encoding="utf-8"))


def models(manifest: dict) -> dict[str, dict]:
    return {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}


def test_every_raw_source_has_exactly_one_staging_model_and_it_reads_only_that_source(manifest):
    by_source = {}
    for name, node in models(manifest).items():
        for source in node["depends_on"]["nodes"]:
            if source.startswith("source."):
                by_source.setdefault(source.rsplit(".", 1)[-1], []).append(name)
    assert by_source == {
        "changed_years": ["stg_raw__changed_years"],
        "documents": ["stg_raw__documents"],
        "extracted_documents": ["stg_raw__extracted_documents"],
        "extracted_facts": ["stg_raw__extracted_facts"],
        "extraction_review": ["stg_raw__extraction_review"],
        "facts": ["stg_raw__facts"],
        "participants": ["stg_raw__participants"],
        "registered_federations": ["stg_raw__registered_federations"],
        "registered_members": ["stg_raw__registered_members"],
        "rejected": ["stg_raw__rejected"],
    }
    assert {source["name"] for source in manifest["sources"].values()} == set(by_source)
    for name, node in models(manifest).items():
        if node["schema"] == "staging":  # one source, no other model: a union belongs in intermediate
            assert len(node["depends_on"]["nodes"]) == 1 and not node["refs"], name


def test_every_mart_and_intermediate_model_has_its_own_yaml_beside_it(manifest):
    found = {
        name: node for name, node in models(manifest).items() if node["schema"] in ("intermediate", "marts")
    }
    assert len(found) == 11 + 21
    for name, node in found.items():
        assert node["patch_path"] == f"finsam://models/{node['schema']}/_{name}.yml", name
    for unit_test in manifest["unit_tests"].values():
        model = unit_test["model"]
        assert unit_test["original_file_path"] == f"models/{models(manifest)[model]['schema']}/_{model}.yml"


def test_the_exported_marts_are_the_fct_and_rpt_models_marked_in_their_yaml(manifest):
    assert exported_models(manifest) == [
        "fct_budget_lines",
        "fct_fact_versions",
        "fct_indicators",
        "fct_outcomes",
        "fct_participants",
        "fct_statements",
        "fct_surveys",
        "rpt_budget_vs_outcome",
        "rpt_cost_per_participant",
        "rpt_data_quality",
        "rpt_equity",
        "rpt_exit_outcomes",
        "rpt_exit_outcomes_by_intervention",
        "rpt_federation_year",
        "rpt_financing_split",
        "rpt_goal_fulfilment",
        "rpt_indicator_status",
        "rpt_participant_reconciliation",
        "rpt_survey_results",
    ]
