"""A landing with the sample plus one file of each bad kind: refused, kept, and the rest goes on."""

import shutil
import subprocess

import duckdb
import pytest

from tests.conftest import SAMPLE_LANDING, refresh_into
from tests.pdf_writer import pdf_bytes

HEADER = "record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,source_file,source_line,status"
PERSONNUMMER = "850101-1234"


def bad_landing(folder):
    landing = folder / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    sol, sl = landing / "solleftea", landing / "sodra_lappland"
    (sol / "empty.facts.csv").write_text("", encoding="utf-8")
    (sol / "broken.pdf").write_bytes(pdf_bytes([["Verksamhetsplan 2024", "Budget 2024"]])[:200])
    excel = f"{HEADER}\nbudget_line,solleftea,2024,budget,other_income,esf,25000,sek,Övriga intäkter från ESF,excel.txt,3,unverified\n"
    (sol / "excel.facts.csv").write_bytes(excel.encode("cp1252"))
    (sol / "wrong.facts.csv").write_text(
        f"{HEADER}\n"
        "budget_line,umea,2024,budget,total_costs,,100,sek,Summa,x.txt,1,unverified\n"
        "budget_line,solleftea,2024,budget,salaries,,100,sek,Löner,x.txt,2,unverified\n"
        "budget_line,solleftea,2024,budget,total_costs,,12 3456,sek,Summa,x.txt,3,unverified\n"
        "statement,solleftea,2024,outcome,kf_soliditet,,150,pct,Soliditet,x.txt,4,unverified\n",
        encoding="utf-8",
    )
    shutil.copy(sol / "solleftea_verksamhetsplan-2024.facts.csv", sol / "x-kopia av planen.facts.csv")
    (sol / "notes.txt").write_text("Inköpslista\nmjölk 2\nbröd 1\n", encoding="utf-8")
    (sl / "with-pnr.participants.csv").write_text(
        "participant_ref,intervention,gender,age_band,start_date,end_date,exit_code,support_before,support_after\n"
        f"{PERSONNUMMER},Team,male,30-39,2025-01-01,,,a,b\n",
        encoding="utf-8",
    )
    (sl / "with-names.participants.csv").write_text(
        "participant_ref,namn,intervention,gender,age_band,start_date,end_date,exit_code,support_before,support_after\n"
        "P1,Anna,Team,female,30-39,2025-01-01,,,a,b\n",
        encoding="utf-8",
    )
    return landing


@pytest.fixture(scope="module")
def bad_refresh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    return refresh_into(folder, bad_landing(folder))


def quarantine(refreshed_run) -> dict[str, list[tuple]]:
    with duckdb.connect(str(refreshed_run.settings.warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select source_file, line, reason, raw_content from ops.quarantine"
        ).fetchall()
    found: dict[str, list[tuple]] = {}
    for source_file, line, reason, content in rows:
        found.setdefault(source_file, []).append((line, reason, content))
    return found


def test_the_refresh_completes_with_exit_2(bad_refresh):
    assert bad_refresh.exit_code == 2, bad_refresh.stdout
    assert "Quarantined input:" in bad_refresh.stdout


def test_every_bad_file_is_quarantined_with_its_reason(bad_refresh):
    found = quarantine(bad_refresh)
    reasons = {name: " | ".join(r for _, r, _ in rows) for name, rows in found.items()}
    assert reasons["solleftea/empty.facts.csv"] == "is empty"
    assert "the PDF cannot be read" in reasons["solleftea/broken.pdf"]
    assert "unknown federation_id 'umea'" in reasons["solleftea/wrong.facts.csv"]
    assert "unknown code 'salaries'" in reasons["solleftea/wrong.facts.csv"]
    assert "value '12 3456' is not a number" in reasons["solleftea/wrong.facts.csv"]
    assert "value '150' is a percentage outside 0-100" in reasons["solleftea/wrong.facts.csv"]
    assert (
        "same content as solleftea/solleftea_verksamhetsplan-2024.facts.csv"
        in reasons["solleftea/x-kopia av planen.facts.csv"]
    )
    assert "neither a verksamhetsplan nor an årsredovisning" in reasons["solleftea/notes.txt"]
    assert (
        "column 'participant_ref' holds what looks like a personnummer"
        in reasons["sodra_lappland/with-pnr.participants.csv"]
    )
    assert "column 'namn' holds names" in reasons["sodra_lappland/with-names.participants.csv"]
    # the refused lines are kept as read, so nothing is lost
    lines = {line: content for line, _, content in found["solleftea/wrong.facts.csv"]}
    assert lines[2].startswith("budget_line,umea,2024")
    assert found["solleftea/notes.txt"][0][2].startswith("Inköpslista")


def test_a_windows_1252_file_loads_with_its_letters_intact(bad_refresh):
    with duckdb.connect(str(bad_refresh.settings.warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select value, raw_label from marts.fct_budget_lines where federation_id = 'solleftea' "
            "and code = 'other_income'"
        ).fetchall()
    assert rows == [(25000, "Övriga intäkter från ESF")]


def test_every_good_figure_reaches_the_marts_unchanged(bad_refresh, refreshed):
    def reports(warehouse):
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            names = [
                n
                for (n,) in connection.execute(
                    "select table_name from information_schema.tables "
                    "where table_schema = 'marts' and table_name like 'rpt%' "
                    "and table_name <> 'rpt_data_quality' order by 1"  # it counts the extra good fact
                ).fetchall()
            ]
            return {n: connection.execute(f"select * from marts.{n} order by all").fetchall() for n in names}

    assert reports(bad_refresh.settings.warehouse) == reports(refreshed.settings.warehouse)


def test_no_personnummer_in_any_table_log_or_export(bad_refresh):
    assert PERSONNUMMER not in bad_refresh.stdout and PERSONNUMMER not in bad_refresh.stderr
    assert "with-pnr.participants.csv" in bad_refresh.stderr  # the refusal itself is logged
    with duckdb.connect(str(bad_refresh.settings.warehouse), read_only=True) as connection:
        columns = connection.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR' and table_schema not in ('information_schema', 'pg_catalog')"
        ).fetchall()
        for schema, table, column in columns:
            hits = connection.execute(
                f'select count(*) from "{schema}"."{table}" where "{column}" like ?', [f"%{PERSONNUMMER}%"]
            ).fetchone()[0]
            assert hits == 0, f"{schema}.{table}.{column}"
    grep = subprocess.run(
        ["grep", "-rl", PERSONNUMMER, str(bad_refresh.settings.exports)], capture_output=True, text=True
    )
    assert grep.stdout == ""
