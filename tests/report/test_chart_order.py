"""The charts are drawn largest first, and the pages that show them are written in the same order.

A national report waits for its drawing process: drawing the three national
comparison charts last left it waiting for them at the end, with their page
still to write (pipelines/report/build.py, `_Writer.render`).
"""

from __future__ import annotations

from pipelines.report.data import read_report_data
from pipelines.report.page_inputs import read_page_inputs
from pipelines.report.page_plan import charts_of, planned_pages, values_drawn
from pipelines.report.provenance import shown_facts
from pipelines.report.section_charts import SectionCharts


def test_charts_are_drawn_largest_first_a_comparisons_chart_the_first(warehouse):
    data = read_report_data(warehouse)
    with shown_facts(warehouse, data.hidden_facts) as facts:
        inputs = read_page_inputs(warehouse, facts, data)
    pages = planned_pages(data, inputs)

    charts = charts_of(pages, data)

    sizes = [values_drawn(chart) for chart in charts]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    comparisons = next(page for page in pages if page.path == "jamforelser.html")
    national = [chart for chart in comparisons.charts(SectionCharts(data)) if chart is not None]
    assert charts[0].description in {chart.description for chart in national}
