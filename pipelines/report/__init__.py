"""Marts → what people read: the comparison report (static HTML, readable offline) and the KPI table
`finsam refresh` prints (kpi_table.py).

No Dagster here: `build_report` (build.py) takes a read-only connection and a
folder; the asset in pipelines/defs/assets/report.py calls it during a refresh.
data.py reads the marts (suppressed as the export is), page_plan.py lists every
page and makes each, page_inputs.py and page_reuse.py decide which the published
report already has, charts.py and section_charts.py draw the SVG charts,
sections.py and pages.py lay out the pages, tables.py the tables and their CSV
downloads, provenance.py and document_rows.py link every figure to the line it
was printed on.

In: a read-only connection to the warehouse (marts, raw.document_lines). Out:
exports/report/ (index.html, a page per federation and document, data/*.csv).
"""
