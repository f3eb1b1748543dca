"""The report in a real browser, from disk, with the network cut: Playwright driving Debian's Chromium.

Every request that does not stay on file:// is aborted and recorded; the test
fails if any was attempted. Screenshots are kept in the test's tmp folder.
CI installs Chromium (.ci/run); without it the test fails in CI and skips elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipelines.foundation.swedish_format import plain

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HIGHLIGHT = "rgb(255, 240, 168)"  # --mark in style.css: the line you came to

pytestmark = pytest.mark.browser


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium under Playwright; the test fails in CI without it and skips elsewhere."""
    if not CHROMIUM.exists():
        message = "Chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class OfflinePage:
    """A page that may read files only, and remembers what else it tried and what it complained about."""

    def __init__(self, browser, shots: Path):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.shots = shots
        self.left_the_folder: list[str] = []
        self.console_errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.left_the_folder.append(route.request.url)
            route.abort()

    def open(self, path: Path, fragment: str = "") -> None:
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_load_state("load")

    def shot(self, name: str) -> Path:
        target = self.shots / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target


@pytest.fixture()
def offline(browser, tmp_path):
    page = OfflinePage(browser, tmp_path)
    yield page
    page.page.close()


def cells(page, table_id: str) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        f"#tabell-{table_id} tbody tr",
        """rows => rows.map(row => Object.fromEntries([...row.querySelectorAll('td')]
              .map(td => [td.dataset.column, td.dataset.value])))""",
    )


def test_the_report_opens_offline_with_every_chart_drawn_and_the_marts_values(refreshed, offline, warehouse):
    report = refreshed.settings.exports / "report"
    offline.open(report / "index.html")
    assert offline.page.title().startswith("Översikt")
    sodra = next(row for row in cells(offline.page, "oversikt") if row["Förbund"] == "sodra_lappland")
    assert sodra["År"] == "2025" and sodra["Eget kapital %"] == "53.64"
    offline.shot("oversikt")

    offline.page.click("nav.main >> text=Jämförelser")
    assert offline.page.url.endswith("jamforelser.html")
    charts = offline.page.eval_on_selector_all(
        "figure.chart svg",
        "svgs => svgs.map(s => ({marks: s.querySelectorAll('path, rect, line, circle, text').length,"
        " width: s.getBoundingClientRect().width, height: s.getBoundingClientRect().height,"
        " label: s.getAttribute('aria-label')}))",
    )
    assert len(charts) == 6
    for chart in charts:
        assert chart["marks"] > 10 and chart["width"] > 200 and chart["height"] > 50, chart
        assert chart["label"], chart
    # the equity chart draws the recommended maximum and one point per federation-year
    equity_svg = offline.page.inner_html("#diagram-eget-kapital")
    assert "Rekommenderat högst 20 %" in equity_svg.replace("\u00a0", " ")
    points = offline.page.eval_on_selector_all(
        "#diagram-eget-kapital [aria-roledescription='point']",
        "p => p.map(x => x.getAttribute('aria-label'))",
    )
    assert len(points) == 2, points
    shown = {
        (row["Förbund"], row["År"]): row["Eget kapital %"] for row in cells(offline.page, "eget-kapital")
    }
    expected = {
        (federation, str(year)): format(pct, "f")
        for federation, year, pct in warehouse.execute(
            "select federation_id, fiscal_year, equity_pct from marts.rpt_equity"
        ).fetchall()
    }
    assert shown == expected == {("sodra_lappland", "2024"): "58.08", ("sodra_lappland", "2025"): "53.64"}
    costs = cells(offline.page, "kostnad-per-deltagare")
    assert [(r["År"], r["Kostnad per deltagare"]) for r in costs if r["Kostnad per deltagare"]] == [
        ("2025", "106100")
    ]
    offline.shot("jamforelser")

    # a figure in a table: the 2025 equity, printed in the balance sheet
    offline.page.click("#tabell-eget-kapital td[data-column='Eget kapital'][data-value='1973000'] a")
    assert offline.page.url.endswith("sodra-lappland_arsredovisning-2025_ocr.txt.html#rad-1040")
    target = offline.page.locator("tr:target")
    assert target.get_attribute("id") == "rad-1040"
    assert target.locator("td.text").evaluate("td => getComputedStyle(td).backgroundColor") == HIGHLIGHT
    card = offline.page.locator("tr:target + tr.facts-of-line")
    assert card.is_visible()
    text = plain(card.inner_text())
    assert "Summa eget kapital" in text and "1 973 000 kr" in text and "verifierad" in text
    offline.shot("dokument-eget-kapital")

    assert offline.left_the_folder == []
    assert offline.console_errors == []


def test_a_pdf_figure_lands_on_its_page_and_line(refreshed, offline):
    report = refreshed.settings.exports / "report"
    offline.open(report / "forbund" / "solleftea.html")
    link = offline.page.locator(
        "#konflikter ~ table a[href$='solleftea_budget-2024.pdf.html#rad-1-25']"
    ).first
    assert plain(link.inner_text()) == "667 000 kr"
    link.click()
    target = offline.page.locator("tr:target")
    assert target.get_attribute("id") == "rad-1-25"
    assert target.locator("td.ref").inner_text() == "1:25"
    assert "Summa styrelse och kansli" in target.locator("td.text").inner_text()
    assert target.locator("td.text").evaluate("td => getComputedStyle(td).backgroundColor") == HIGHLIGHT
    card = plain(offline.page.locator("tr:target + tr.facts-of-line").inner_text())
    assert "konflikt" in card and "printed 667 000; its parts (Kansli, Styrelse) sum to 687 000" in card
    assert "solleftea_verksamhetsplan-2024.txt, rad 304" in card
    offline.shot("dokument-pdf")
    assert offline.left_the_folder == [] and offline.console_errors == []


def test_the_quality_page_and_the_model_docs_open_offline(refreshed, offline):
    exports = refreshed.settings.exports
    offline.open(exports / "report" / "index.html")
    offline.page.click("nav.main >> text=Datakvalitet")
    summary = plain(offline.page.inner_text("#summary"))
    assert "checks run:" in summary and "warnings" in summary
    assert "Södra Lappland 2025: equity 53,6 % of member contributions" in plain(
        offline.page.inner_text("ul.findings")
    )
    offline.shot("kvalitet")
    assert offline.left_the_folder == [] and offline.console_errors == []

    docs = OfflinePage(offline.page.context.browser, offline.shots)
    docs.open(exports / "docs" / "index.html", "#!/model/model.finsam.rpt_equity")
    docs.page.wait_for_selector("text=equity / contributions x 100", timeout=15000)
    assert docs.page.locator("text=exceeds_recommendation").count() >= 1
    docs.shot("docs-rpt-equity")
    assert docs.left_the_folder == []
    # dbt's own page puts an uncompiled Angular template ({{ getIcon(...) }}) into img src before
    # Angular runs; Chromium refuses to load that file name. Nothing else may complain.
    assert [e for e in docs.console_errors if "%7B%7B" not in e and "ERR_FILE_NOT_FOUND" not in e] == []
    docs.page.close()


def test_the_overviews_and_federation_pages_tables_fit_a_1280_pixel_window(refreshed, offline):
    """A figure's header wraps (the figure does not) and the overview's 14 columns are set smaller,
    so the key figures need no sideways scrolling."""
    report = refreshed.settings.exports / "report"
    for page in [report / "index.html", *sorted((report / "forbund").glob("*.html"))]:
        offline.open(page)
        wider = offline.page.eval_on_selector_all(
            "div.table-wrap",
            "wraps => wraps.filter(w => w.querySelector('table').scrollWidth > w.clientWidth)"
            ".map(w => w.querySelector('table').id)",
        )
        assert wider == [], f"{page.name}: {wider}"
        widths = offline.page.eval_on_selector_all(
            "td.num", "cells => cells.filter(c => c.scrollWidth > c.clientWidth).length"
        )
        assert widths == 0  # and no figure is cut or broken over lines
    assert offline.console_errors == []
