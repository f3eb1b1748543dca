"""Scanned PDFs: generated plans scanned at 300 and 150 dpi, a little askew, read back through OCR.

These tests run Tesseract (`make run` installs it; CI runs them, they never skip). Every printed
figure is checked: found with its key and value, or, when OCR got it wrong, never `verified`.
"""

import pytest

from pipelines.extract.accuracy import measure
from pipelines.extract.extractor import extract_document
from pipelines.extract.model import Cell, Document, ExtractedFact, Extraction, Line
from pipelines.extract.ocr_trust import distrust_ocr
from pipelines.extract.readers import UnreadableDocument, read_lines
from pipelines.extract.readers import tesseract as tesseract_module
from pipelines.extract.vocabulary import load_vocabulary
from pipelines.ingest.document_lines import load_document_lines
from pipelines.ingest.registrations import registered_in
from pipelines.synth.minimal_pdf import text_pdf
from pipelines.synth.scanner import scanned_pdf
from pipelines.synth.single import generated
from pipelines.synth.typeset import typeset_pdf
from tests.support.pdf_writer import pdf_bytes


@pytest.fixture(scope="module")
def ocr_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("ocr")


@pytest.mark.slow  # OCR of a whole generated plan: 3 s or more each
@pytest.mark.parametrize("layout", ["scan_300", "scan_150"])
def test_a_scanned_plan_reads_back_without_a_wrong_figure_verified(tmp_path, ocr_cache, layout):
    made = generated(layout, tmp_path)
    lines = read_lines(made.path, ocr_cache)
    assert all(not line.cells or line.cells[0].confidence is not None for line in lines)
    vocabulary = load_vocabulary(registered=registered_in(made.landing))
    _, extraction = extract_document(
        made.path, made.federation_id, vocabulary=vocabulary, ocr_cache=ocr_cache
    )
    accuracy = measure(extraction.facts, made.expected)
    assert accuracy.expected == len(made.expected) > 50
    assert accuracy.found / accuracy.expected >= 0.80, accuracy.report()
    assert accuracy.wrong_but_verified == []
    facts = {fact.key: fact for fact in extraction.facts}
    for key, value in made.expected.items():  # every figure: right, or missing, or wrong and unverified
        fact = facts.get(key)
        assert fact is None or fact.value == value or fact.status != "verified", (key, value, fact)
    total = next(key for key in made.expected if key[4] == "total_costs" and key[3] == "budget")
    assert facts[total].value == made.expected[total]


def test_a_pdf_with_a_text_page_and_a_scanned_page_is_read_page_by_page(tmp_path, ocr_cache):
    text_page = ["Samordningsförbundet Södra Lappland", "Verksamhetsplan 2026", "Budget i tkr"]
    scan_lines = [
        "Belopp i tkr          Budget 2026   Plan 2027",
        "Summa kostnader             4 244       4 057",
    ]
    scanned, _ = typeset_pdf(scan_lines)
    import pypdfium2

    merged = pypdfium2.PdfDocument.new()
    merged.import_pages(pypdfium2.PdfDocument(text_pdf([text_page])))
    merged.import_pages(pypdfium2.PdfDocument(scanned_pdf(scanned, 300, 0.6)))
    path = tmp_path / "mixed.pdf"
    merged.save(str(path))
    lines = read_lines(path, ocr_cache)
    assert [(line.ref, line.text.strip()) for line in lines if line.page == 1] == [
        ("1:1", "Samordningsförbundet Södra Lappland"),
        ("1:2", "Verksamhetsplan 2026"),
        ("1:3", "Budget i tkr"),
    ]
    second = [line for line in lines if line.page == 2]
    assert [line.ref for line in second] == ["2:1", "2:2"]
    label, *figures = [cell.text for cell in second[1].cells]
    assert label == "Summa kostnader"
    assert [figure.replace(" ", "") for figure in figures] == ["4244", "4057"]  # OCR may drop a group space
    assert all(0 < cell.confidence <= 1 for cell in second[1].cells)


def test_ocr_is_cached_by_file_hash(tmp_path, monkeypatch):
    pdf, _ = typeset_pdf(["Summa kostnader   4 244"])
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(pdf, 150, 0.5))
    first = read_lines(path, tmp_path / "cache")
    monkeypatch.setattr(tesseract_module.Tesseract, "__init__", lambda self: pytest.fail("OCR'd again"))
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(path.read_bytes())  # same bytes under another name: the same pages
    assert read_lines(copy, tmp_path / "cache") == first


def test_the_document_view_reads_a_scan_from_the_ocr_cache_the_extraction_filled(tmp_path, monkeypatch):
    pdf, _ = typeset_pdf(["Summa kostnader   4 244"])
    path = tmp_path / "landing" / "solleftea" / "scan.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(scanned_pdf(pdf, 150, 0.5))
    extracted = read_lines(path, tmp_path / "ocr")  # what the extraction reads, caching the page
    monkeypatch.setattr(tesseract_module.Tesseract, "__init__", lambda self: pytest.fail("OCR'd again"))
    result, unreadable = load_document_lines(tmp_path / "landing", tmp_path / "ocr")
    assert unreadable == []
    (loaded,) = result.files
    assert loaded.name == "solleftea/scan.pdf"
    assert [(row.line_ref, row.text) for row in loaded.records] == [
        (line.ref, line.text) for line in extracted
    ]
    assert loaded.records[0].line_ref == "1:1" and "Summa kostnader" in loaded.records[0].text


def test_a_scan_with_nothing_on_it_is_refused(tmp_path):
    path = tmp_path / "grey.pdf"
    path.write_bytes(pdf_bytes([[]], without_text=True))
    with pytest.raises(UnreadableDocument, match="no text layer, and it has no text and no scanned page"):
        read_lines(path)


def test_without_the_swedish_model_the_message_says_how_to_install_it(tmp_path, monkeypatch):
    pdf, _ = typeset_pdf(["Summa kostnader   4 244"])
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(pdf, 150, 0.5))
    monkeypatch.setattr(tesseract_module, "tessdata_dir", lambda: None)
    with pytest.raises(UnreadableDocument, match="apt-get install -y tesseract-ocr tesseract-ocr-swe"):
        read_lines(path)


def ocr_line(index, ref, *cells):
    return Line(
        index,
        ref,
        "  ".join(text for text, _ in cells),
        1,
        tuple(Cell(t, i, i + 0.5, c) for i, (t, c) in enumerate(cells)),
    )


def fact(code, value, line, status="verified", message=None):
    return ExtractedFact(
        "budget_line",
        "solleftea",
        2026,
        "budget",
        code,
        "",
        value,
        "sek",
        code,
        "s.pdf",
        line,
        status,
        message,
    )


def test_low_confidence_figures_are_unverified_and_chance_checks_are_not_verified():
    from pipelines.extract.tables.table import Row, Table

    lines = (
        ocr_line(0, "1:1", ("Kansli", 0.96), ("694", 0.95)),
        ocr_line(1, "1:2", ("Styrelse", 0.95), ("68", 0.62)),
        ocr_line(2, "1:3", ("Summa", 0.97), ("762", 0.93)),
        ocr_line(3, "1:4", ("Lokalhyra", 0.97), ("38", 0.91)),
    )
    document = Document("s.pdf", lines, "solleftea", "verksamhetsplan", 2026)
    facts = [
        fact("office_total", 694_000, "1:1"),
        fact("board_total", 68_000, "1:2", "verified"),
        fact("board_and_office_total", 762_000, "1:3"),
        fact("premises_total", 38_000, "1:4"),
    ]
    table = Table(None, rows=[Row(line.text, line.text, line) for line in lines[:3]])
    out = {f.code: f for f in distrust_ocr(document, Extraction(facts), [table]).facts}
    assert out["board_total"].status == "unverified"
    assert out["board_total"].message == "OCR confidence 0.62 (below 0.80): compare the figure with the scan"
    # 694 + 68 = 762 holds with one unsure figure: a misreading of 68 would break it, so it verifies
    assert out["office_total"].status == out["board_and_office_total"].status == "verified"
    assert out["premises_total"].status == "unverified"  # alone in its group: nothing to check it against
    assert "one other figure" in out["premises_total"].message

    # a second unsure figure in the same check: two misreadings could make up for each other
    unsure = (*lines[:2], ocr_line(2, "1:3", ("Summa", 0.97), ("762", 0.55)), lines[3])
    document = Document("s.pdf", unsure, "solleftea", "verksamhetsplan", 2026)
    facts[1] = fact("board_total", 68_000, "1:2", "conflict", "printed 68; parts sum to 60")
    out = {f.code: f for f in distrust_ocr(document, Extraction(facts), [table]).facts}
    assert out["office_total"].status == "unverified"
    assert "confidence 0.55 at line 1:3, and at line 1:2" in out["office_total"].message
    assert out["board_total"].message == (
        "OCR confidence 0.62 (below 0.80): compare the figure with the scan; printed 68; parts sum to 60"
    )

    # a total read with confidence contradicting a part read unsure: the contradiction may be OCR's
    facts[1] = fact("board_total", 68_000, "1:2")
    facts[2] = fact("board_and_office_total", 762_000, "1:3", "conflict", "printed 762; parts sum to 862")
    document = Document("s.pdf", lines, "solleftea", "verksamhetsplan", 2026)
    out = {f.code: f for f in distrust_ocr(document, Extraction(facts), [table]).facts}
    assert out["board_and_office_total"].status == "unverified"
    assert out["board_and_office_total"].message == (
        "OCR: the contradiction may be a misreading (confidence 0.62 at line 1:2); printed 762; parts sum to 862"
    )


def test_the_extraction_cache_keeps_ocr_pages_when_the_extractor_changes(tmp_path):
    from pipelines.extract.cache import ExtractionCache
    from tests.conftest import SAMPLE_LANDING

    (tmp_path / "ocr" / "0a1b").mkdir(parents=True)
    (tmp_path / "0123456789abcdef").mkdir()  # results of older extractor code
    cache = ExtractionCache(tmp_path, SAMPLE_LANDING)
    assert cache.ocr_folder == tmp_path / "ocr"
    assert (tmp_path / "ocr" / "0a1b").is_dir()
    assert not (tmp_path / "0123456789abcdef").exists()
