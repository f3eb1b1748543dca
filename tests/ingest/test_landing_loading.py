"""Whole landing folders: files found by suffix, bad files reported, duplicates loaded once."""

from datetime import datetime

import duckdb

from pipelines.foundation.reference import load_reference
from pipelines.ingest.facts import FACT_COLUMNS
from pipelines.ingest.landing import inventory
from pipelines.ingest.raw_tables import write_raw
from pipelines.ingest.sources import load_document_manifests, load_fact_files

HEADER = ",".join(FACT_COLUMNS)
ROW = "budget_line,solleftea,2024,budget,contribution_state,,1416000,sek,Driftbidrag,vp.txt,283,verified"


def write(path, text: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def test_the_same_file_under_two_names_loads_once(tmp_path):
    write(tmp_path / "solleftea" / "a.facts.csv", f"{HEADER}\n{ROW}\n")
    write(tmp_path / "solleftea" / "b.facts.csv", f"{HEADER}\n{ROW}\n")
    result = load_fact_files(tmp_path, load_reference())
    assert len(result.records) == 1
    (duplicate,) = result.rejections
    assert duplicate.source_file == "solleftea/b.facts.csv"
    assert "same content as solleftea/a.facts.csv" in duplicate.reason


def test_excel_windows_1252_and_utf16_load_intact_and_what_is_not_text_is_refused(tmp_path):
    write(tmp_path / "solleftea" / "empty.facts.csv", "")
    excel = f"{HEADER}\n{ROW.replace('Driftbidrag', 'Driftbidrag från staten')}\n".encode("cp1252")
    write(tmp_path / "solleftea" / "excel.facts.csv", excel)
    unicode_text = f"{HEADER}\n{ROW.replace('283', '285')}\n".replace(",", "\t").encode("utf-16")
    write(tmp_path / "solleftea" / "utf16.facts.csv", unicode_text)  # Excel's "Unicode text"
    write(tmp_path / "solleftea" / "workbook.facts.csv", b"PK\x03\x04\x14\x00\x00\x00" * 40)
    write(tmp_path / "solleftea" / "good.facts.csv", f"\ufeff{HEADER}\n{ROW.replace('283', '284')}\n")
    result = load_fact_files(tmp_path, load_reference())
    labels = sorted((fact.raw_label, fact.source_line) for fact in result.records)
    assert labels == [("Driftbidrag", "284"), ("Driftbidrag", "285"), ("Driftbidrag från staten", "283")]
    reasons = {rejection.source_file: rejection for rejection in result.rejections}
    assert reasons["solleftea/empty.facts.csv"].reason == "is empty"
    assert "is not text (binary" in reasons["solleftea/workbook.facts.csv"].reason
    assert reasons["solleftea/workbook.facts.csv"].raw_content is None  # binary is never kept


def test_hidden_folders_and_other_suffixes_are_not_read_but_listed(tmp_path):
    write(tmp_path / ".trash" / "solleftea" / "x.facts.csv", f"{HEADER}\n{ROW}\n")
    write(tmp_path / "solleftea" / "notes.csv", "anything")
    assert load_fact_files(tmp_path, load_reference()).records == []
    listed = {rejection.source_file: rejection.reason for rejection in inventory(tmp_path).not_read}
    assert listed[".trash"].startswith("not read: a hidden file or folder")
    assert listed["solleftea/notes.csv"].startswith("not read: a CSV must say what it holds by its name")


def test_raw_tables_keep_lineage_and_are_replaced_not_appended(tmp_path):
    write(tmp_path / "solleftea" / "vp.facts.csv", f"{HEADER}\n{ROW}\nbroken\n")
    write(
        tmp_path / "solleftea" / "documents.csv",
        "source_file,document_kind,document_date,title\nvp.txt,verksamhetsplan,2023-11-30,VP\n",
    )
    connection = duckdb.connect()
    for _ in range(2):
        facts = load_fact_files(tmp_path, load_reference())
        write_raw(connection, "facts", facts, datetime(2026, 1, 1))
        write_raw(connection, "documents", load_document_manifests(tmp_path), datetime(2026, 1, 1))
    row = connection.execute(
        "select value, item, _source_file, _source_line, length(_source_sha256) from raw.facts"
    ).fetchall()
    assert [(int(r[0]), r[1], r[2], r[3], r[4]) for r in row] == [
        (1416000, "", "solleftea/vp.facts.csv", 2, 64)
    ]
    assert connection.execute("select typeof(value) from raw.facts").fetchone()[0] == "DECIMAL(18,2)"
    rejected = connection.execute(
        "select loader, _source_file, _source_line, reason from raw.rejected"
    ).fetchall()
    assert rejected == [("facts", "solleftea/vp.facts.csv", 3, "has 1 fields, the header has 12")]
    documents = connection.execute("select federation_id, document_date::varchar from raw.documents")
    assert documents.fetchall() == [("solleftea", "2023-11-30")]
