"""GX's data docs views compile GX's templates once per process and render the pages GX's own views do."""

import re

import jinja2
from great_expectations.render.renderer import ValidationResultsPageRenderer
from great_expectations.render.view import DefaultJinjaPageView

from pipelines.quality.gx_views import COMPILED_TEMPLATES, CompiledOncePageView
from pipelines.quality.run import run_suites
from pipelines.quality.suites import load_suites
from tests.quality.test_quality_run import tiny_warehouse

SUITES = {suite.name: suite for suite in load_suites()}
LINK_TIME = re.compile(r"\?d=\d{8}T\d{6}\.\d{6}Z")  # GX stamps its links with the time of rendering
ELEMENT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_a_second_run_in_the_process_compiles_no_template(tmp_path, monkeypatch):
    compiled = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_template(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    COMPILED_TEMPLATES.clear()
    warehouse = tiny_warehouse(tmp_path / "w.duckdb")
    suites = [SUITES["raw_documents"], SUITES["rpt_equity"]]

    run_suites(suites, warehouse, tmp_path / "exports", "run-1")
    first = list(compiled)
    compiled.clear()
    run_suites(suites, warehouse, tmp_path / "exports", "run-2")

    assert "page.j2" in first and "index_page.j2" in first
    gx_templates = [name for name in first if name != "quality.html.j2"]  # our own page's: page.py
    assert len(gx_templates) == len(set(gx_templates)) == len(COMPILED_TEMPLATES) == 24  # once, for 3 views
    assert compiled == []
    page = tmp_path / "exports" / "quality" / "gx" / "validations" / "rpt_equity" / "run-2"
    assert "'equity_pct': 53.64" in next(page.rglob("*.html")).read_text(encoding="utf-8")


def test_a_page_is_the_one_gx_own_view_renders(tmp_path):
    warehouse = tiny_warehouse(tmp_path / "w.duckdb")
    run = run_suites([SUITES["rpt_equity"]], warehouse, tmp_path / "exports", "run-1")

    pages = []
    for view in (DefaultJinjaPageView(), CompiledOncePageView(), CompiledOncePageView()):
        document = ValidationResultsPageRenderer().render(run.outcomes[0].gx_result)  # rendering alters it
        html = view.render(document, data_context_id=None, show_how_to_buttons=False)
        pages.append(LINK_TIME.sub("?d=<time>", ELEMENT_ID.sub("<element>", html)))

    assert "'equity_pct': 53.64" in pages[0]
    assert pages[1] == pages[0] and pages[2] == pages[0]
