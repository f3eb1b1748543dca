"""Workbooks and Word files: generated documents with known figures, every figure read back with its
key and value, in two layouts each; refs as the README states them; unreadable files refused with
the reason, and quarantined by the refresh."""

import io

import openpyxl
import pytest

from pipelines.extract.accuracy import measure
from pipelines.extract.extractor import extract_document
from pipelines.extract.readers import UnreadableDocument, read_lines
from pipelines.extract.vocabulary import load_vocabulary
from pipelines.foundation.reference import load_reference
from pipelines.ingest.document_facts import extract_landing
from pipelines.ingest.registrations import registered_in
from pipelines.synth.single import generated


def read_back(made):
    vocabulary = load_vocabulary(registered=registered_in(made.landing))
    _, extraction = extract_document(made.path, made.federation_id, vocabulary=vocabulary)
    return extraction, measure(extraction.facts, made.expected)


@pytest.mark.parametrize("layout", ["xlsx", "xlsx_years", "docx", "docx_merged"])
@pytest.mark.parametrize("kind", ["verksamhetsplan", "arsredovisning"])
def test_every_figure_comes_back_with_its_key_and_value(tmp_path, layout, kind):
    made = generated(layout, tmp_path, kind)
    extraction, accuracy = read_back(made)
    assert accuracy.expected == len(made.expected) > 50
    assert accuracy.wrong == []
    # every figure, the members' contributions the report states only in a sentence among them
    assert accuracy.found == accuracy.expected, accuracy.report()


def test_a_workbook_of_several_sheets_gives_sheet_and_row(tmp_path):
    made = generated("xlsx_years", tmp_path)
    extraction, _ = read_back(made)
    kansli = [f for f in extraction.facts if f.code == "total_costs" and f.scenario == "plan"]
    assert {f.source_line.split("!")[0] for f in kansli} == {"Plan 2026", "Plan 2027"}
    assert all(f.source_line.split("!")[1].isdigit() for f in kansli)
    workbook = openpyxl.load_workbook(made.path)
    for fact in kansli:  # the row the ref names prints the label and the figure
        sheet, row = fact.source_line.split("!")
        cells = [c.value for c in workbook[sheet][int(row)] if c.value is not None]
        assert cells[0] == fact.raw_label and cells[-1] * 1000 == fact.value


def test_a_one_sheet_workbook_gives_the_row_number(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Budget"
    rows = [
        ["Samordningsförbundet Södra Lappland"],
        ["Verksamhetsplan 2026"],
        [],
        ["Belopp i tkr", None, "Budget 2026", "Plan 2027", "Kommentar"],
        ["Statlig medlemsavgift", None, 1876, "1 876", None],
        ["Summa kostnader", None, "=C5", "(300)", "text stored as numbers"],
    ]
    for row in rows:
        sheet.append(row)
    path = tmp_path / "budget.xlsx"
    workbook.save(path)
    with pytest.raises(
        UnreadableDocument, match=r"1 formulas have no saved values \(Budget!C6\).*LibreOffice"
    ):
        read_lines(path)
    sheet["C6"] = 1876
    workbook.save(path)
    lines = read_lines(path)
    assert [(line.ref, line.text) for line in lines if "\t" in line.text] == [
        ("4", "Belopp i tkr\tBudget 2026\tPlan 2027\tKommentar"),
        ("5", "Statlig medlemsavgift\t1876\t1 876"),
        ("6", "Summa kostnader\t1876\t(300)\ttext stored as numbers"),
    ]


def test_word_refs_are_paragraphs_and_table_rows(tmp_path):
    made = generated("docx_merged", tmp_path)
    lines = read_lines(made.path)
    assert lines[0].ref == "1" and lines[0].text.startswith("Samordningsförbundet")
    header = next(line for line in lines if line.ref == "Tabell 1!1")
    assert header.text.split("\t")[1:] == ["Budget 2025", "Plan 2026", "Plan 2027"]  # two rows, one header
    extraction, _ = read_back(made)
    assert all(f.source_line.startswith("Tabell 1!") for f in extraction.facts)


def encrypted_workbook(tmp_path):
    import msoffcrypto

    plain = tmp_path / "plain.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Budget 2026", 100])
    workbook.save(plain)
    locked = io.BytesIO()
    with plain.open("rb") as handle:
        office = msoffcrypto.OfficeFile(handle)
        office.encrypt("hemligt", locked)
    return locked.getvalue()


def test_unreadable_office_files_are_refused_with_the_reason(tmp_path):
    cases = {
        "locked.xlsx": (encrypted_workbook(tmp_path), "password-protected"),
        "broken.xlsx": (b"PK\x03\x04 not really a zip", "not a workbook"),
        "broken.docx": (b"%PDF-1.4 a PDF named .docx", "not a Word file"),
        "empty.xlsx": (b"", "the file is empty"),
    }
    for name, (data, reason) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(UnreadableDocument, match=reason):
            read_lines(path)


def test_the_refresh_extracts_office_files_and_quarantines_unreadable_ones(tmp_path):
    made = generated("xlsx", tmp_path / "landing" / "x", "verksamhetsplan")
    folder = made.path.parent
    landing = tmp_path / "landing"
    for name in ("federations.csv", "members.csv"):
        (folder / name).rename(landing / name)
    federation_folder = landing / made.federation_id
    folder.rename(federation_folder)
    (federation_folder / "locked.xlsx").write_bytes(encrypted_workbook(tmp_path))
    word = generated("docx", tmp_path / "word", "arsredovisning")
    word.path.rename(federation_folder / word.path.name)
    result = extract_landing(landing, load_reference(registered_in(landing)))
    loaded = {loaded.name: len(loaded.records) for loaded in result.facts.files}
    assert loaded[f"{made.federation_id}/{made.path.name}"] == len(made.expected)
    assert loaded[f"{made.federation_id}/{word.path.name}"] >= len(word.expected) - 1
    (rejected,) = result.facts.unreadable
    assert rejected.source_file == f"{made.federation_id}/locked.xlsx"
    assert "password-protected" in rejected.reason


def test_the_sample_documents_are_what_the_generator_makes(tmp_path):
    import shutil

    from pipelines.synth.samples import SAMPLES, write_samples
    from tests.conftest import SAMPLE_LANDING

    for sample in SAMPLES:
        source = SAMPLE_LANDING / sample.transcription
        (tmp_path / source.parent.name).mkdir(exist_ok=True)
        shutil.copy(source, tmp_path / sample.transcription)
    for made in write_samples(tmp_path):
        bundled = SAMPLE_LANDING / made.relative_to(tmp_path)
        if made.suffix == ".pdf":  # the scan: the same pages (its JPEG bytes follow Pillow's encoder)
            import pypdfium2

            assert len(pypdfium2.PdfDocument(made)) == len(pypdfium2.PdfDocument(bundled))
            continue
        assert read_lines(made) == read_lines(bundled), made.name


def ods_bytes(rows: list[list[object]], sheet: str = "Budget") -> bytes:
    """The smallest OpenDocument spreadsheet: one sheet of strings and floats."""
    import zipfile

    def cell(value):
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


def test_an_opendocument_spreadsheet_is_read_with_calamine(tmp_path):
    path = tmp_path / "budget.ods"
    path.write_bytes(
        ods_bytes(
            [
                ["Samordningsförbundet i Sollefteå"],
                ["Verksamhetsplan 2024"],
                [],
                ["Belopp i kr", None, "Budget 2024", "Plan 2025"],
                ["Driftbidrag från staten", None, 1416000, 1416000],
                ["Kansli", None, 667000.0, "622 000"],
            ]
        )
    )
    lines = read_lines(path)
    assert [(line.ref, line.text) for line in lines if line.text] == [
        ("1", "Samordningsförbundet i Sollefteå"),
        ("2", "Verksamhetsplan 2024"),
        ("4", "Belopp i kr\tBudget 2024\tPlan 2025"),
        ("5", "Driftbidrag från staten\t1416000\t1416000"),
        ("6", "Kansli\t667000\t622 000"),
    ]
    _, extraction = extract_document(path, "solleftea")
    facts = {(f.code, f.fiscal_year): f.value for f in extraction.facts}
    assert facts[("contribution_state", 2024)] == 1_416_000
    assert facts[("office_total", 2025)] == 622_000
