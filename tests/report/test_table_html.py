"""A report table as HTML: every text escaped, numbers right-aligned, links and flags, the CSV link below."""

from __future__ import annotations

from decimal import Decimal

from pipelines.foundation.swedish_format import plain
from pipelines.report import tables as t
from pipelines.report.tables import Cell, ReportTable


def test_a_table_is_written_with_its_cells_escaped_linked_and_flagged():
    table = ReportTable(
        "eget-kapital",
        'Eget kapital "2025" & <mer>',
        ["Förbund", "Eget kapital"],
        [
            [
                Cell("Sollefteå", "solleftea", "forbund/solleftea.html"),
                Cell("1 973 000 kr", Decimal("1973000")),
            ],
            [Cell("Ö's", None, title="a < b"), Cell("ja", True, flagged=True, numeric=True)],
        ],
        source="marts.rpt_equity",
    )
    assert table.html("../") == (
        '<div class="table-wrap">\n'
        '<table id="tabell-eget-kapital" data-source="marts.rpt_equity">\n'
        "<caption>Eget kapital &#34;2025&#34; &amp; &lt;mer&gt;</caption>\n"
        '<thead><tr>\n<th scope="col">Förbund</th><th scope="col" class="num">Eget kapital</th>'
        "</tr></thead>\n<tbody>\n"
        "<tr>\n"
        '<td data-column="Förbund" data-value="solleftea"><a href="forbund/solleftea.html">Sollefteå</a></td>'
        '<td data-column="Eget kapital" data-value="1973000">1 973 000 kr</td>'
        "</tr>\n"
        '<tr class="flagged">\n'
        '<td data-column="Förbund" data-value="" title="a &lt; b">Ö&#39;s</td>'
        '<td class="num" data-column="Eget kapital" data-value="true"><span class="flag">ja</span></td>'
        "</tr>\n"
        "</tbody>\n</table>\n</div>\n"
        '<p class="download"><a href="../data/eget-kapital.csv" download>Ladda ner tabellen som CSV</a>\n'
        '<span class="muted">(för svenska Excel: semikolon, decimalkomma) · källa: '
        "<code>marts.rpt_equity</code></span></p>\n"
    )


def test_a_table_without_rows_says_so_across_its_columns():
    html = ReportTable("tom", "Tom", ["A", "B", "C"], source="marts.x").html()
    assert '<tr><td colspan="3" class="muted">Inga rader.</td></tr>\n</tbody>' in html
    assert '<a href="data/tom.csv" download>' in html


def test_the_parts_of_a_table_are_its_html():
    table = ReportTable("t", "T", ["A"], [[Cell("1 & 2", Decimal("1.50"))]], source="marts.x")
    assert "".join(table.html_parts("../")) == table.html("../")
    assert '<td data-column="A" data-value="1.50">1 &amp; 2</td>' in table.html()


def test_a_figure_formatted_once_is_written_alike_by_its_own_formatter_only():
    row = {"a": Decimal("50"), "b": Decimal("50.00"), "c": 50, "d": Decimal("-0.04")}
    assert plain(t.kronor(row, "a").text) == "50 kr"
    assert plain(t.percent(row, "a").text) == "50,0 %"  # the same value, another formatter
    assert plain(t.count(row, "a").text) == "50"
    assert plain(t.percent(row, "b").text) == "50,0 %"  # an equal Decimal of another scale
    assert plain(t.kronor(row, "c").text) == "50 kr"  # an int equal to the Decimal
    assert plain(t.percent(row, "d").text) == "0,0 %"  # rounds to no minus zero
    assert t.percent(row, "b").value == Decimal("50.00")  # the cell keeps its own value
