"""Pages written as they are made, their large tables and rows put in place of a marker (html_pages.Spliced)."""

from __future__ import annotations

import gc
import io
import tracemalloc
from decimal import Decimal

from markupsafe import Markup

from pipelines.foundation.html_pages import Spliced, render, write_page
from pipelines.report.sections import Section
from pipelines.report.tables import Cell, ReportTable


def _written(spliced: Spliced, chunks: list[str]) -> str:
    file = io.StringIO()
    spliced.write(chunks, file)
    return file.getvalue()


def test_each_marker_is_replaced_by_its_parts_in_order_and_other_text_is_kept():
    spliced = Spliced()
    first = spliced(["<td>1</td>", "<td>&amp;</td>"])
    second = spliced("<svg/>")
    assert isinstance(first, Markup) and "\x00" in first
    chunks = ["<table>", f"<tr>{first}</tr>{second}", "</table>\n", "no marker & <b>here</b>"]
    assert _written(spliced, chunks) == (
        "<table><tr><td>1</td><td>&amp;</td></tr><svg/></table>\nno marker & <b>here</b>"
    )


def test_markers_of_another_page_are_not_taken_for_this_pages():
    one, other = Spliced(), Spliced()
    foreign = other(["<p>other</p>"])
    one(["<p>one</p>"])
    assert _written(one, [str(foreign)]) == str(foreign)  # left as it was: only `one`'s markers are its own


def _section() -> Section:
    table = ReportTable(
        "eget-kapital",
        'Eget kapital "2025" & <mer>',
        ["Förbund", "Eget kapital %"],
        [
            [Cell("Sollefteå", "solleftea", "../forbund/solleftea.html"), Cell("53,6 %", Decimal("53.64"))],
            [Cell("Ö's", None, title="a < b"), Cell("dolt", None, numeric=True, flagged=True)],
        ],
        source="marts.rpt_equity",
    )
    return Section("eget-kapital", "Eget kapital", "Ledtext & mer", None, table, "Not <här>")


def test_a_page_written_as_it_is_made_equals_the_page_rendered_whole(tmp_path):
    section = _section()
    context = {
        "title": "Jämförelser",
        "current": "jamforelser",
        "prefix": "",
        "css": "body { color: #000 }",
        "sections": [section],
    }
    write_page(tmp_path / "page.html", "report_comparisons.html.j2", **context)
    written = (tmp_path / "page.html").read_text(encoding="utf-8")
    whole = render("report_comparisons.html.j2", spliced=lambda parts: Markup("".join(parts)), **context)
    assert written == whole
    assert "\x00" not in written
    assert section.table.html() in written  # the table as one piece, its escaping kept
    assert "<caption>Eget kapital &#34;2025&#34; &amp; &lt;mer&gt;</caption>" in written
    assert '<p class="muted">Not &lt;här&gt;</p>' in written  # the template's own text still escaped


def test_written_pages_let_go_of_their_parts_while_the_cycle_collector_is_paused(tmp_path):
    """The report builds with the collector paused (build.py); a page's finished tables must not outlive it."""
    rows = [[Cell(f"Förbund {n}", str(n)), Cell(f"{n},0 %", Decimal(n))] for n in range(3000)]
    table = ReportTable("stor", "Stor", ["Förbund", "Andel"], rows, source="marts.rpt_equity")
    section = Section("stor", "Stor", "Ledtext", None, table, "")
    context = {"title": "T", "current": "jamforelser", "prefix": "", "css": "", "sections": [section]}
    table_size = len(table.html())
    was_enabled = gc.isenabled()
    gc.disable()
    tracemalloc.start()
    try:
        write_page(tmp_path / "first.html", "report_comparisons.html.j2", **context)
        before = tracemalloc.get_traced_memory()[0]
        for page in range(10):
            write_page(tmp_path / f"page{page}.html", "report_comparisons.html.j2", **context)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        if was_enabled:
            gc.enable()
    assert table_size > 100_000
    assert grown < 2 * table_size, f"{grown} bytes kept after ten pages of a {table_size}-byte table"
