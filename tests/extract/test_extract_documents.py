"""Reading and classifying documents, and `finsam extract`'s contract: CSV out, summary, exit codes."""

import csv
import io
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.extract.classify import UnclassifiableDocument, classify
from pipelines.extract.readers import UnreadableDocument, read_lines
from tests.support.pdf_writer import pdf_bytes, write_text_pdf

PLAN = [
    "Samordningsförbundet i Sollefteå",
    "Verksamhetsplan 2024",
    "Antagen 2023-11-30",
    "",
    "Budget 2024-2026",
    "Verksamhetens intäkter                         2024           2025           2026",
    "Driftbidrag från staten                1 416 000 kr   1 416 000 kr   1 416 000 kr",
    "Driftbidrag från kommun och region     1 416 000 kr   1 416 000 kr   1 416 000 kr",
    "Summa Driftbidrag                      2 832 000 kr   2 832 000 kr   2 832 000 kr",
]


def test_a_text_layer_pdf_gives_page_and_line(tmp_path):
    lines = read_lines(write_text_pdf(tmp_path / "plan.pdf", PLAN + [f"rad {n}" for n in range(60)]))
    assert lines[0].ref == "1:1" and "Sollefteå" in lines[0].text
    assert lines[6].ref == "1:7" and "1 416 000 kr" in lines[6].text
    assert lines[-1].ref.startswith("2:")


def test_a_scanned_pdf_gets_a_clear_message(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes([[]], without_text=True))
    with pytest.raises(UnreadableDocument, match="no text layer"):
        read_lines(path)


def test_a_truncated_pdf_gets_a_clear_message(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(pdf_bytes([PLAN])[:250])
    with pytest.raises(UnreadableDocument, match="cannot be read"):
        read_lines(path)


def test_markdown_and_text_keep_their_line_numbers(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("\n".join(PLAN), encoding="utf-8")
    lines = read_lines(path)
    assert [line.ref for line in lines[:2]] == ["1", "2"]


def classify_text(text: str, **hints):
    lines = [line for line in read_lines_from(text)]
    return classify("doc.txt", lines, **hints)


def read_lines_from(text: str):
    from pipelines.extract.model import Line

    return [Line(index, str(index + 1), raw) for index, raw in enumerate(text.splitlines())]


def test_classification_reads_federation_kind_year_unit_and_date():
    document = classify_text("\n".join(PLAN))
    assert (document.federation_id, document.kind, document.fiscal_year) == (
        "solleftea",
        "verksamhetsplan",
        2024,
    )
    assert document.document_date == "2023-11-30"


def test_classification_sees_through_ocr_damage():
    text = "\n".join(
        [
            "Sédra Lappland",
            "Arsredovisning 2025 Samordningsférbundet S6dra Lappland",
            "2. Resultatrakning",
            "3. Balansrakning",
            "Verksamhetens intakter 2025 3998",
            "Datum: 2026.03.26",
        ]
    )
    document = classify_text(text)
    assert (document.federation_id, document.kind, document.fiscal_year) == (
        "sodra_lappland",
        "arsredovisning",
        2025,
    )
    assert document.document_date == "2026-03-26"


def test_explicit_hints_win_and_an_unknown_document_is_refused():
    with pytest.raises(UnclassifiableDocument, match="neither a verksamhetsplan nor an årsredovisning"):
        classify_text("Protokoll\nNärvarande: 5")
    with pytest.raises(UnclassifiableDocument, match="pass --federation"):
        classify_text("Verksamhetsplan 2030\nBudget 2030")
    assert (
        classify_text("Verksamhetsplan 2030\nBudget 2030", federation_id="solleftea").federation_id
        == "solleftea"
    )


def run_extract(*arguments, capsys):
    code = main(["extract", *map(str, arguments)])
    captured = capsys.readouterr()
    return code, list(csv.DictReader(io.StringIO(captured.out))), captured.err


def test_finsam_extract_prints_facts_and_a_summary(tmp_path, capsys):
    path = write_text_pdf(tmp_path / "solleftea-plan.pdf", PLAN)
    code, rows, err = run_extract(path, capsys=capsys)
    assert code == 0
    state = [row for row in rows if row["code"] == "contribution_state"]
    assert [(r["fiscal_year"], r["scenario"], r["value"], r["source_line"]) for r in state] == [
        ("2024", "budget", "1416000", "1:6"),  # the layout text drops the blank line after line 3
        ("2025", "plan", "1416000", "1:6"),
        ("2026", "plan", "1416000", "1:6"),
    ]
    assert all(row["status"] == "verified" for row in rows if row["fiscal_year"] == "2024")
    assert "verksamhetsplan of solleftea, fiscal year 2024, adopted 2023-11-30" in err
    assert "facts:" in err


def test_finsam_extract_exits_2_on_what_it_cannot_read(tmp_path, capsys):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_bytes([[]], without_text=True))
    notes = tmp_path / "notes.txt"
    notes.write_text("Inköpslista\nmjölk 2\n", encoding="utf-8")
    code, rows, err = run_extract(scan, notes, capsys=capsys)
    assert code == 2 and rows == []
    assert "scan.pdf: the PDF has no text layer" in err
    assert "notes.txt: neither a verksamhetsplan nor an årsredovisning" in err


def test_real_documents_are_classified(shared_documents):
    expected = {
        "skelleftea-norsjo_verksamhetsplan-2015-2017.txt": ("skelleftea_norsjo", "verksamhetsplan", 2015),
        "sodra-lappland_arsredovisning-2025_ocr.txt": ("sodra_lappland", "arsredovisning", 2025),
        "sodra-lappland_verksamhetsplan-2024_original.txt": ("sodra_lappland", "verksamhetsplan", 2024),
        "sodra-lappland_verksamhetsplan-2024_reviderad.md": ("sodra_lappland", "verksamhetsplan", 2024),
        "solleftea_verksamhetsplan-2024.txt": ("solleftea", "verksamhetsplan", 2024),
    }
    for name, (federation, kind, year) in expected.items():
        document = classify(name, read_lines(shared_documents / name))
        assert (document.federation_id, document.kind, document.fiscal_year) == (federation, kind, year)


@pytest.fixture()
def shared_documents() -> Path:
    from tests.conftest import SHARED_DOCUMENTS

    if not SHARED_DOCUMENTS.exists():
        pytest.skip("../shared/documents is not beside this checkout")
    return SHARED_DOCUMENTS
