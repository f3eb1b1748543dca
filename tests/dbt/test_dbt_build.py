"""`dbt build` on a temporary warehouse whose raw layer holds good and bad input."""

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from dagster import materialize

from pipelines.dbt.project import DBT_PROJECT_DIR, dbt_executable
from pipelines.defs.assets.extraction import raw_extracted
from pipelines.defs.assets.ingest import raw_documents, raw_facts, raw_participants, raw_registrations
from pipelines.defs.resources import FinsamPaths
from pipelines.foundation.settings import Settings
from tests.conftest import SAMPLE_LANDING

BAD_FACTS = """record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,source_file,source_line,status
budget_line,solleftea,2024,budget,total_costs,,2837000,sek,Summa,extra.txt,7,unverified
budget_line,solleftea,2024,budget,salaries,,100,sek,Löner,extra.txt,8,unverified
budget_line,umea,2024,budget,total_costs,,100,sek,Summa,extra.txt,9,unverified
"""


CORRECTIONS = """record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,source_file,source_line,status,message
budget_line,solleftea,2025,plan,board_and_office_total,,687000,sek,Summa styrelse och kansli,solleftea_verksamhetsplan-2024.txt,304,corrected,analyst: 622000 + 65000
budget_line,solleftea,2026,plan,board_and_office_total,,687000,sek,Summa styrelse och kansli,solleftea_verksamhetsplan-2024.txt,304,verified,
"""


def run_dbt(warehouse: Path, target: Path, *arguments: str) -> subprocess.CompletedProcess:
    """dbt on `warehouse`, writing its target and logs to `target` (the project's own stays untouched)."""
    return subprocess.run(
        [
            dbt_executable(),
            *arguments,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
            "--log-path",
            str(target),
        ],
        env={
            **os.environ,
            "FINSAM_WAREHOUSE": str(warehouse),  # as a person runs dbt by hand (profiles.yml)
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow  # the raw assets of the sample, then the whole dbt build: about 20 s
def test_dbt_build_passes_on_a_raw_layer_with_rejected_rows_and_corrections(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    (landing / "solleftea" / "extra.facts.csv").write_text(BAD_FACTS, encoding="utf-8")
    (landing / "solleftea" / "analyst.corrections.csv").write_text(CORRECTIONS, encoding="utf-8")
    settings = Settings.from_env(landing, tmp_path / "w.duckdb", tmp_path / "exports")
    result = materialize(
        [raw_facts, raw_participants, raw_documents, raw_registrations, raw_extracted],
        resources={"paths": FinsamPaths.from_settings(settings)},
    )
    assert result.success

    build = settings.build_warehouse  # the raw assets write the refresh's build file
    with duckdb.connect(str(build), read_only=True) as connection:
        rejected = connection.execute(
            "select _source_file, _source_line, reason from raw.rejected order by _source_line, _source_file"
        ).fetchall()
    assert rejected == [
        (
            "solleftea/analyst.corrections.csv",
            3,
            "status 'verified': rows of a corrections file must be 'corrected'",
        ),
        ("solleftea/extra.facts.csv", 3, "unknown code 'salaries' for record_type budget_line"),
        ("solleftea/extra.facts.csv", 4, "unknown federation_id 'umea'"),
    ]

    completed = run_dbt(build, tmp_path / "target", "build")
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert "ERROR=0" in completed.stdout and "WARN=0" in completed.stdout

    with duckdb.connect(str(build), read_only=True) as connection:
        total_costs = connection.execute(
            "select value, source_file from marts.fct_budget_lines where federation_id = 'solleftea' "
            "and fiscal_year = 2024 and code = 'total_costs'"
        ).fetchall()
        corrected = connection.execute(
            "select fiscal_year, value, status, is_corrected, message from marts.fct_budget_lines "
            "where federation_id = 'solleftea' and code = 'board_and_office_total' order by fiscal_year"
        ).fetchall()
        superseded = connection.execute(
            "select value, status, superseded_by from marts.fct_fact_versions where federation_id = "
            "'solleftea' and fiscal_year = 2025 and code = 'board_and_office_total' and not is_current"
        ).fetchall()
    # the one good row of the extra file reached the marts unchanged
    assert total_costs == [(2_837_000, "extra.txt")]
    assert corrected == [
        (2024, 732_000, "verified", False, None),
        (2025, 687_000, "corrected", True, "analyst: 622000 + 65000"),
        (2026, 667_000, "conflict", False, "printed 667000, parts sum to 687000"),
    ]
    # the printed total is kept as a superseded version (the hand transcription and the sample PDF)
    assert (667_000, "conflict", "solleftea_verksamhetsplan-2024.txt") in superseded
