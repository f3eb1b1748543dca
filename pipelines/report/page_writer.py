"""Writing one page of the report with the CSV of its tables, the same in the build and in its helper.

The build (build.py) and the process that renders document pages beside it
(document_helper.py) both write pages through `write_report_page`, so a page
is the same file whichever process made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pipelines.foundation.html_pages import write_page
from pipelines.report.data import ReportData
from pipelines.report.page_plan import Page, fact_value, label_of
from pipelines.report.provenance import href


@dataclass(frozen=True)
class PageWritten:
    """What a written page counts and the files it wrote besides itself (its tables' CSV)."""

    path: str
    files: tuple[str, ...]
    links: int  # figures linked to their line
    charts: int


def write_report_page(folder: Path, page: Page, data: ReportData, css: str) -> PageWritten:
    prefix = "../" * page.path.count("/")
    write_page(
        folder / page.path,
        page.planned.template,
        title=page.planned.title,
        current=page.planned.current,
        prefix=prefix,
        css=css,
        sv=data.sv,
        label=partial(label_of, data),
        value=fact_value,
        href=partial(href, prefix=prefix),
        **page.context,
    )
    for table in page.tables:
        (folder / table.csv_name).write_bytes(table.csv())
    return PageWritten(
        page.path,
        tuple(table.csv_name for table in page.tables),
        sum(table.links for table in page.tables),
        len(page.charts),
    )
