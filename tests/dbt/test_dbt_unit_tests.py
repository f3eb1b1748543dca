"""dbt's unit tests (unit_tests: in the models' YAML): the version precedence and every KPI formula.

The refresh leaves them out of its `dbt build` (their rows are fixed, not the
refresh's data); here they run as `dbt test --select test_type:unit`. dbt reads
the column types of each model's inputs from the warehouse, so they run on a
copy of the session's refreshed one.
"""

import json
import shutil

from tests.dbt.test_dbt_build import run_dbt

UNIT_TESTS = {
    "fct_fact_versions_version_precedence",
    "int_indicators_assessed_fulfilment",
    "rpt_cost_per_participant_formula",
    "rpt_equity_formula",
    "rpt_goal_fulfilment_formula",
    "rpt_financing_split_formula",
    "rpt_budget_vs_outcome_formula",
    "rpt_exit_outcomes_formula",
}


def test_the_precedence_and_kpi_unit_tests_pass(refreshed, tmp_path):
    warehouse = tmp_path / "finsam.duckdb"
    shutil.copy2(refreshed.settings.warehouse, warehouse)
    completed = run_dbt(warehouse, tmp_path / "target", "test", "--select", "test_type:unit")
    assert completed.returncode == 0, completed.stdout[-5000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    assert {result["unique_id"].rsplit(".", 1)[-1]: result["status"] for result in results} == dict.fromkeys(
        UNIT_TESTS, "pass"
    )
