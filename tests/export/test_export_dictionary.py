"""The data dictionary of the NNS export: schema.json and README.md from the warehouse and dbt."""

import csv
import hashlib
import json
import re
import shutil

import duckdb
import pytest

from pipelines.export import build_nns_export, exported_tables, validate_export
from pipelines.export.privacy import may_be_hidden
from pipelines.foundation.settings import DBT_PROJECT_DIR, SEEDS_DIR


@pytest.fixture(scope="module")
def export(refreshed, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dictionary") / "nns"
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        build_nns_export(connection, folder)
        tables = exported_tables(connection)
        columns = {
            table: [c for (c,) in connection.execute(
                "select column_name from information_schema.columns where table_schema = 'marts' "
                "and table_name = ? order by ordinal_position", [table]).fetchall()]
            for table in tables
        }  # fmt: skip
    return folder, columns


def test_schema_json_has_every_table_and_column_in_order_with_suppressed_last(export):
    folder, columns = export
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]) == set(columns)
    for table, names in columns.items():
        row = schema["$defs"][table]
        assert row["x-column-order"] == [*names, "suppressed"] == row["required"]
        assert row["additionalProperties"] is False


def test_meanings_come_from_the_dbt_models_yaml(export):
    folder, _ = export
    equity = json.loads((folder / "schema.json").read_text(encoding="utf-8"))["$defs"]["rpt_equity"]
    yml = (DBT_PROJECT_DIR / "models" / "marts" / "_rpt_equity.yml").read_text(encoding="utf-8")
    meaning = equity["properties"]["equity_pct"]["description"]
    assert meaning.startswith("equity / contributions x 100") and f'description: "{meaning}"' in yml
    assert equity["description"].startswith("Equity percentage per federation and year: equity at year end")


def test_types_units_allowed_values_and_ranges(export):
    folder, _ = export
    tables = json.loads((folder / "schema.json").read_text(encoding="utf-8"))["$defs"]
    equity = tables["rpt_equity"]["properties"]
    assert equity["equity_pct"]["type"] == ["number", "null"] and equity["equity_pct"]["x-unit"] == "pct"
    assert equity["equity_sek"]["type"] == ["integer", "null"] and equity["equity_sek"]["x-unit"] == "sek"
    assert equity["fiscal_year"]["type"] == "integer" and equity["fiscal_year"]["x-unit"] == "year"
    with (SEEDS_DIR / "codes.csv").open(encoding="utf-8") as handle:
        outcome_codes = sorted(r["code"] for r in csv.DictReader(handle) if r["record_type"] == "outcome")
    assert tables["fct_outcomes"]["properties"]["code"]["enum"] == outcome_codes
    assert tables["fct_outcomes"]["properties"]["unit"]["enum"] == ["sek", "count", "pct", "bool", None]
    assert tables["fct_outcomes"]["properties"]["value"]["x-unit"] == "per_row"
    survey = tables["rpt_survey_results"]["properties"]
    assert (survey["yes_pct"]["minimum"], survey["yes_pct"]["maximum"]) == (0, 100)
    assert survey["answered_partly"]["x-person-count"] and survey["answered_partly"]["x-may-be-suppressed"]
    assert survey["respondent_group"]["enum"] == ["participants", "board", "staff"]
    assert tables["rpt_cost_per_participant"]["properties"]["cost_per_participant_sek"]["x-unit"] == (
        "sek_per_participant"
    )
    assert "x-may-be-suppressed" not in equity["equity_pct"]


def test_the_readme_has_the_kpi_definitions_the_rules_and_every_column(export):
    folder, columns = export
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "**Cost per participant** = total costs of the year" in readme
    assert "**Equity percentage**" in readme and "**Exit outcomes**" in readme
    assert "a count from 1 to 4 is hidden" in readme and "fewer than 10 persons" in readme
    assert "`small_count`" in readme and "`complementary`" in readme
    assert "`--csv-dialect sv`" in readme and "prefixed with `'`" in readme
    for table, names in columns.items():
        assert f"### {table}\n" in readme
        for name in names:
            assert f"| `{name}` |" in readme


def test_the_validator_finds_broken_files(export, tmp_path):
    folder, _ = export
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    path = broken / "2024" / "rpt_equity.csv"
    header, row = path.read_text(encoding="utf-8").splitlines()
    fields = row.split(",")
    fields[2] = "lots"  # equity_sek
    path.write_text(f"{header}\r\n{','.join(fields)}\r\n", encoding="utf-8")
    problems = [str(problem) for problem in validate_export(broken)]
    assert "2024/rpt_equity.csv: sha256 differs from the manifest" in problems
    assert any(p.startswith("2024/rpt_equity.csv:2: $.equity_sek: 'lots' is not of type") for p in problems)


def test_files_published_before_are_not_read_again_but_changed_ones_are(export, tmp_path):
    folder, _ = export
    published, build = tmp_path / "published", tmp_path / "build"
    shutil.copytree(folder, published)
    shutil.copytree(folder, build)
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    equity = next(entry for entry in manifest["files"] if entry["file"] == "2024/rpt_equity.csv")
    header, row = (build / "2024" / "rpt_equity.csv").read_text(encoding="utf-8").splitlines()
    fields = row.split(",")
    fields[2] = "lots"
    broken = f"{header}\r\n{','.join(fields)}\r\n".encode()
    (build / "2024" / "rpt_equity.csv").write_bytes(broken)
    equity["sha256"] = hashlib.sha256(broken).hexdigest()  # as if the refresh had written it so
    (build / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    problems = [str(p) for p in validate_export(build, checked_before=published)]

    assert len(problems) == 1 and problems[0].startswith("2024/rpt_equity.csv:2: $.equity_sek: 'lots'")
    (published / "schema.json").write_text("{}", encoding="utf-8")  # checked under other rules
    assert [str(p) for p in validate_export(build, checked_before=published)] == problems


def test_every_person_count_column_of_the_marts_is_covered_by_the_rules(warehouse):
    """A new report column about participants, exits or answers must be added to the privacy rules."""
    numeric = warehouse.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'marts' "
        "and (table_name like 'rpt%' or table_name like 'fct%') "
        "and (data_type like 'DECIMAL%' or data_type in ('INTEGER', 'BIGINT', 'DOUBLE'))"
    ).fetchall()
    about_persons = re.compile(r"participant|exit|respond|answer|survey|^sent$|gender|age_")
    uncovered = [
        f"{table}.{column}"
        for table, column in numeric
        if about_persons.search(column) and column not in may_be_hidden(table, [column])
    ]
    assert uncovered == []


def test_valid_files_are_checked_on_their_distinct_values_and_broken_ones_row_by_row(
    export, tmp_path, monkeypatch
):
    from pipelines.export import schema_check

    folder, _ = export
    monkeypatch.setattr(
        schema_check, "_on_every_core", lambda check, arguments: [check(*a) for a in arguments]
    )
    row_by_row = schema_check._csv_columns
    monkeypatch.setattr(
        schema_check, "_csv_columns", lambda *_a: pytest.fail("a valid CSV was read row by row")
    )
    assert validate_export(folder) == []

    monkeypatch.setattr(schema_check, "_csv_columns", row_by_row)
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    path = broken / "2024" / "rpt_equity.csv"
    header, row = path.read_text(encoding="utf-8").splitlines()
    fields = row.split(",")
    path.write_text(f"{header}\r\n{row},extra\r\n", encoding="utf-8")  # one field too many
    equity = f"{header}\r\n{','.join(['=cmd()', *fields[1:]])}\r\n"  # federation_id as a formula
    (broken / "2025" / "rpt_equity.csv").write_text(equity, encoding="utf-8")

    problems = [str(p) for p in validate_export(broken)]

    columns = len(header.split(","))
    assert f"2024/rpt_equity.csv:2: {columns + 1} fields, the header has {columns}" in problems
    assert "2025/rpt_equity.csv:2: federation_id: text '=cmd()' could run as a formula" in problems
