"""A landing with the sample plus one file of each bad kind: refused, kept, and the rest goes on."""

import shutil
import subprocess

import duckdb
import pytest

from tests.conftest import SAMPLE_LANDING, refresh_into
from tests.support.pdf_writer import encrypted_pdf_bytes, pageless_pdf_bytes, pdf_bytes

HEADER = "record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,source_file,source_line,status"
PERSONNUMMER = "850101-1234"
# the same person in the other spellings the landing holds below (850101-1236 passes the Luhn check)
SPELLINGS = ("8501011234", "19850101-1234", "850101 1236", "85 01 01-1234")
GOOD = "budget_line,solleftea,2024,budget,other_income,{item},{value},sek,{label},x.txt,{line},unverified"


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
    add_issue_10_files(landing, folder)
    return landing


def add_issue_10_files(landing, folder):
    """Issue 10: what else a federation's e-mail brings."""
    sol, sl = landing / "solleftea", landing / "sodra_lappland"
    semicolons = (
        HEADER.replace(",", ";")
        + "\r\n"
        + GOOD.format(
            item="kommunalt_bidrag", value="12\u00a0500", label="Bidrag från kommunen", line=4
        ).replace(",", ";")
        + "\r\n"
    )
    (sol / "excel-semikolon.facts.csv").write_bytes(semicolons.encode("cp1252"))
    unicode_text = (
        HEADER.replace(",", "\t")
        + "\r\n"
        + GOOD.format(item="ovrigt", value="7500,00", label="Övrigt", line=5)
        .replace(",", "\t")
        .replace("7500\t00", "7500,00")
        + "\r\n"
    )
    (sol / "excel-unicode.FACTS.CSV").write_bytes(unicode_text.encode("utf-16"))
    (sol / "header-only.facts.csv").write_text(HEADER + "\n", encoding="utf-8")
    (sol / "kolumner.facts.csv").write_text(HEADER.replace(",status", "") + "\nx\n", encoding="utf-8")
    (sol / "-Sollefteå budget (kopia).xlsx").write_bytes(b"PK\x03\x04" + bytes(200))
    (sol / "budget.csv").write_text(HEADER + "\n", encoding="utf-8")
    (sol / ".DS_Store").write_bytes(bytes(64))
    damaged = [
        GOOD.format(item="esf", value=1, label='"Stray quote', line=2),  # would swallow the lines below
        GOOD.format(item="esf", value=1, label="x", line=3).replace("solleftea", "umea"),
        GOOD.format(item="esf", value=1, label="Soli\x00ditet", line=4),
    ]
    (sol / "trasig.facts.csv").write_text(HEADER + "\n" + "\n".join(damaged) + "\n", encoding="utf-8")
    absurd = [
        GOOD.format(item="esf", value=1, label="x", line=1).replace("2024", "1899"),
        GOOD.format(item="esf", value=1, label="x", line=2).replace("2024", "2099"),
        GOOD.format(item="esf", value="1e308", label="x", line=3),
        GOOD.format(item="esf", value="1000000000000000", label="x", line=4),
    ]
    nested = sol / "2024" / "inkorg"
    nested.mkdir(parents=True)
    (nested / "absurd.facts.csv").write_text(HEADER + "\n" + "\n".join(absurd) + "\n", encoding="utf-8")
    (sol / "last.pdf").write_bytes(encrypted_pdf_bytes([["Verksamhetsplan 2024"]]))
    (sol / "tom.PDF").write_bytes(pageless_pdf_bytes())
    (sol / "nedladdning.pdf").write_text("<!DOCTYPE html><html><body>404</body></html>", encoding="utf-8")
    outside = folder / "utanfor.facts.csv"
    outside.write_text(HEADER + "\n" + GOOD.format(item="esf", value=1, label=PERSONNUMMER, line=2) + "\n")
    (sol / "lank.facts.csv").symlink_to(outside)
    (sol / f"anteckningar {SPELLINGS[0]}.txt").write_text("Möte\n", encoding="utf-8")
    (sol / "anteckningar.txt").write_text(f"Möte\nKontakt: {SPELLINGS[1]}\n", encoding="utf-8")
    (sol / "med-pnr.facts.csv").write_text(
        HEADER + "\n" + GOOD.format(item="esf", value=1, label=f"Kontakt {SPELLINGS[2]}", line=2) + "\n",
        encoding="utf-8",
    )
    (sl / "rattelser.corrections.csv").write_text(
        HEADER
        + "\n"
        + "participants,sodra_lappland,2019,outcome,participants_total,,12,count,Deltagare,ar.txt,3,corrected\n"
        + "participants,sodra_lappland,2025,outcome,participants_total,,40,count,Deltagare,ar.txt,3,verified\n"
        + f"participants,sodra_lappland,2025,outcome,participants_total,,40,count,{SPELLINGS[3]},ar.txt,3,corrected\n",
        encoding="utf-8",
    )
    (sl / "pastar-rattelse.facts.csv").write_text(
        HEADER
        + "\n"
        + "participants,sodra_lappland,2025,outcome,participants_total,,40,count,x,ar.txt,3,corrected\n",
        encoding="utf-8",
    )
    (landing / "federations.csv").write_text(
        "federation_id,name_sv,county,founded,chief_fte_pct,board_members\n"
        "solleftea,Samordningsförbundet Sollefteå (ny),,,,\n",
        encoding="utf-8",
    )
    (landing / "members.csv").write_text(
        "federation_id,member_id,name_sv,member_type,valid_from,valid_to\n"
        "solleftea,ny_kommun,Nya kommunen,municipality,,\n",
        encoding="utf-8",
    )


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


def test_every_issue_10_file_is_quarantined_with_its_reason(bad_refresh):
    found = quarantine(bad_refresh)
    by_line = {name: {line: reason for line, reason, _ in rows} for name, rows in found.items()}
    reasons = {name: " | ".join(r for _, r, _ in rows) for name, rows in found.items()}
    assert reasons["solleftea/header-only.facts.csv"] == "has a header row but no data rows"
    assert reasons["solleftea/kolumner.facts.csv"].startswith("missing column(s) status")
    assert reasons["solleftea/-Sollefteå budget (kopia).xlsx"] == (  # a workbook is read; this one is broken
        "-Sollefteå budget (kopia).xlsx: not a workbook (damaged, or another kind of file)"
    )
    assert reasons["solleftea/budget.csv"].startswith("not read: a CSV must say what it holds by its name")
    assert reasons["solleftea/.DS_Store"].startswith("not read: a hidden file")
    assert by_line["solleftea/trasig.facts.csv"][2].startswith(
        'a quote (") opened on this line is never closed'
    )
    assert by_line["solleftea/trasig.facts.csv"][3] == "unknown federation_id 'umea'"  # read again after it
    assert by_line["solleftea/trasig.facts.csv"][4] == "holds a NUL byte (a damaged file?)"
    absurd = by_line["solleftea/2024/inkorg/absurd.facts.csv"]
    assert absurd[2].startswith("fiscal_year 1899 is not a plausible year")
    assert absurd[3].startswith("fiscal_year 2099 is not a plausible year")
    assert absurd[4] == "value '1e308' is not a number"
    assert absurd[5].startswith("value '1000000000000000' is beyond any federation's figure")
    assert "the PDF is encrypted" in reasons["solleftea/last.pdf"]
    assert "the PDF has no pages" in reasons["solleftea/tom.PDF"]
    assert "not a PDF although named so: it is a web page (HTML)" in reasons["solleftea/nedladdning.pdf"]
    assert reasons["solleftea/lank.facts.csv"] == (
        "not read: a symbolic link to a place outside the landing folder (not followed)"
    )
    assert "holds what looks like a personnummer" in reasons["solleftea/anteckningar XXXXXXXXXX.txt"]
    assert "column 'raw_label' holds what looks like a personnummer" in reasons["solleftea/med-pnr.facts.csv"]
    corrections = by_line["sodra_lappland/rattelser.corrections.csv"]
    assert corrections[2].startswith("corrects participants_total of sodra_lappland 2019 (outcome), which no")
    assert corrections[3] == "status 'verified': rows of a corrections file must be 'corrected'"
    assert "column 'raw_label' holds what looks like a personnummer" in corrections[4]
    assert reasons["sodra_lappland/pastar-rattelse.facts.csv"].startswith(
        "status 'corrected' is kept for analysts' corrections"
    )
    assert reasons["federations.csv"] == (
        "federation solleftea is already in the contract (seeds/federations.csv)"
    )
    assert reasons["members.csv"].startswith("federation solleftea is the contract's")


def test_the_content_behind_a_link_out_of_the_landing_is_never_stored(bad_refresh):
    found = quarantine(bad_refresh)
    assert found["solleftea/lank.facts.csv"] == [(0, found["solleftea/lank.facts.csv"][0][1], None)]


def test_an_unmatched_correction_is_a_warning_naming_its_file_and_line(bad_refresh):
    [warning] = [
        line
        for line in bad_refresh.stdout.splitlines()
        if line.endswith("(check ops/corrections:gx_ops_corrections_warnings)")
    ]
    assert warning.startswith("  warning: ")
    assert "source_file=sodra_lappland/rattelser.corrections.csv, line=2" in bad_refresh.stderr
    with duckdb.connect(str(bad_refresh.settings.warehouse), read_only=True) as connection:
        loaded = connection.execute(
            "select count(*) from marts.fct_fact_versions where federation_id = 'sodra_lappland' "
            "and fiscal_year = 2019"
        ).fetchone()[0]
    assert loaded == 0


def test_a_windows_1252_file_loads_with_its_letters_intact(bad_refresh):
    with duckdb.connect(str(bad_refresh.settings.warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select item, value, raw_label from marts.fct_budget_lines where federation_id = 'solleftea' "
            "and code = 'other_income' order by item"
        ).fetchall()
    # Excel's comma CSV (Windows-1252), semicolon CSV with a grouped number, and UTF-16 "Unicode text"
    assert rows == [
        ("esf", 25000, "Övriga intäkter från ESF"),
        ("kommunalt_bidrag", 12500, "Bidrag från kommunen"),
        ("ovrigt", 7500, "Övrigt"),
    ]


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


@pytest.mark.parametrize("spelling", [PERSONNUMMER, *SPELLINGS])
def test_no_personnummer_in_any_table_log_or_export(bad_refresh, spelling):
    assert spelling not in bad_refresh.stdout and spelling not in bad_refresh.stderr
    assert "with-pnr.participants.csv" in bad_refresh.stderr  # the refusal itself is logged
    PERSONNUMMER = spelling  # noqa: N806 - the searches below look for this spelling
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
