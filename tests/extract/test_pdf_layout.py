"""PDF text through pdfium laid out as pdfplumber's layout mode lays it out, one line per non-blank line.

`page:line` counts a page's non-blank lines, as a text-layer viewer or
`pdftotext` without layout numbers them (the provenance the truth files use).
"""

from __future__ import annotations

import pdfplumber
import pypdfium2
import pytest

from pipelines.extract.readers import UnreadableDocument, read_lines
from pipelines.extract.readers.pdf_layout import PdfChar, page_chars
from pipelines.synth.command import SynthArguments, synthesize
from tests.conftest import SAMPLE_LANDING


def _pdfplumber_lines(path) -> list[str]:
    """The reference: pdfplumber's layout text, its blank lines left out, numbered per page."""
    lines = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            page_lines = [raw.rstrip() for raw in (page.extract_text(layout=True) or "").splitlines()]
            page_lines = [text for text in page_lines if text.strip()]
            lines += [(f"{number}:{index}", text) for index, text in enumerate(page_lines, start=1)]
    return lines


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    synthesize(SynthArguments(federations=10, years=6, participants_per_year=50, seed=5), out)
    found = sorted((out / "landing").rglob("*.pdf"))
    return [SAMPLE_LANDING / "solleftea" / "solleftea_budget-2024.pdf", *found]


@pytest.mark.slow  # pdfplumber over every page of a generated landing: about 4 s
def test_every_generated_pdf_reads_line_for_line_as_pdfplumber_reads_it(pdfs):
    assert len(pdfs) >= 5
    for path in pdfs:
        assert [(line.ref, line.text) for line in read_lines(path)] == _pdfplumber_lines(path), path.name


def test_the_sample_pdf_keeps_its_columns(pdfs):
    lines = {line.ref: line for line in read_lines(pdfs[0])}
    assert any("1 416 000" in line.text for line in lines.values())
    assert all(":" in ref for ref in lines)
    # the cells keep the gaps a fixed-width rendering loses: one cell per column
    state = next(line for line in lines.values() if line.text.strip().startswith("Driftbidrag från staten"))
    assert [cell.text for cell in state.cells] == [
        "Driftbidrag från staten",
        "1 416 000 kr",
        "1 416 000 kr",
        "1 416 000 kr",
    ]


def test_a_file_that_is_not_a_pdf_is_unreadable_with_the_reason(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a pdf body")
    with pytest.raises(UnreadableDocument, match="broken.pdf: the PDF cannot be read"):
        read_lines(broken)


def _helper_chars(page) -> list[PdfChar]:
    """The reference: each character through pypdfium2's own helpers, one call each."""
    height = page.get_height()
    text_page = page.get_textpage()
    try:
        chars = []
        for index in range(text_page.count_chars()):
            text = text_page.get_text_range(index, 1)
            if text and text not in "\r\n":
                left, bottom, right, top = text_page.get_charbox(index, loose=True)
                chars.append(PdfChar(height - top, left, right, text, height - bottom))
        return chars
    finally:
        text_page.close()


def test_page_chars_reads_what_pypdfium2s_helpers_read(pdfs):
    pages = 0
    for path in pdfs:
        document = pypdfium2.PdfDocument(path)
        try:
            for page in document:
                assert page_chars(page) == _helper_chars(page), path.name
                pages += 1
        finally:
            document.close()
    assert pages >= 5
