"""Data docs under <exports>/quality/: every suite's last result, readable without a network.

GX's own site (quality/gx/) renders each suite and its last validation. Its
index page draws its tables with JavaScript from CDNs, so offline it shows
nothing; quality/index.html is therefore written here as plain HTML with
inline styles: one row per suite with its last outcome, the failed
expectations with what was observed, and links to GX's pages (which are
static HTML and readable offline, only less styled). The last outcome of each
suite is kept as JSON in quality/results/, so a run that checks only some
suites still leaves an index naming all of them.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

from pipelines.quality.outcomes import SuiteOutcome
from pipelines.quality.suites import SuiteSpec
from pipelines.quality.validate import Validator

SITE_NAME = "quality"


@dataclass(frozen=True)
class DocsLocation:
    folder: Path

    @property
    def index(self) -> Path:
        return self.folder / "index.html"

    @property
    def gx_site(self) -> Path:
        return self.folder / "gx"

    @property
    def results(self) -> Path:
        return self.folder / "results"


def publish_docs(
    validator: Validator,
    outcomes: Sequence[SuiteOutcome],
    folder: Path,
    all_suites: Sequence[SuiteSpec],
    run_id: str,
    checked_at: datetime,
) -> Path:
    """Build GX's pages for `outcomes`, keep their summaries, rewrite the index; returns index.html."""
    location = DocsLocation(folder)
    pages = _build_gx_pages(validator, outcomes, location, run_id, checked_at)
    location.results.mkdir(parents=True, exist_ok=True)
    for outcome in outcomes:
        summary = _summary(outcome, run_id, checked_at, pages.get(outcome.suite.name))
        path = location.results / f"{outcome.suite.name}.json"
        path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    location.index.write_text(render_index(all_suites, _load_summaries(location)), encoding="utf-8")
    return location.index


def _build_gx_pages(
    validator: Validator,
    outcomes: Sequence[SuiteOutcome],
    location: DocsLocation,
    run_id: str,
    checked_at: datetime,
) -> dict[str, str]:
    """GX's validation and suite pages; returns each suite's validation page relative to the folder."""
    if not outcomes:
        return {}
    context = validator.context
    _point_site_at(context, location.gx_site)
    run = RunIdentifier(run_name=run_id, run_time=checked_at)
    keys = {}
    for outcome in outcomes:
        name = outcome.suite.name
        shutil.rmtree(location.gx_site / "validations" / name, ignore_errors=True)  # only the last result
        key = ValidationResultIdentifier(ExpectationSuiteIdentifier(name=name), run, outcome.suite.table)
        outcome.gx_result.meta["run_id"] = run
        outcome.gx_result.meta.setdefault("batch_spec", {})["data_asset_name"] = outcome.suite.table
        context.validation_results_store.set(key, outcome.gx_result)
        keys[name] = key
    suite_keys = [ExpectationSuiteIdentifier(name=name) for name in keys]
    context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=[*keys.values(), *suite_keys])
    pages = {}
    for name, key in keys.items():
        for site in context.get_docs_sites_urls(resource_identifier=key, site_name=SITE_NAME):
            page = unquote(urlparse(site["site_url"]).path)
            pages[name] = Path(os.path.relpath(page, location.folder)).as_posix()
    return pages


def _point_site_at(context, folder: Path) -> None:
    """A local GX site in `folder` (the context may already have one from the run's other step)."""
    site_config = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(folder)},
    }
    if SITE_NAME in context.list_data_docs_sites():
        context.update_data_docs_site(SITE_NAME, site_config)
    else:
        context.add_data_docs_site(SITE_NAME, site_config)


def _summary(outcome: SuiteOutcome, run_id: str, checked_at: datetime, page: str | None) -> dict:
    suite = outcome.suite
    return {
        "suite": suite.name,
        "asset": "/".join(suite.asset),
        "table": suite.table,
        "description": suite.description,
        "run_id": run_id,
        "checked_at": checked_at.isoformat(timespec="seconds"),
        "rows": outcome.rows,
        "status": outcome.severity.value if outcome.severity else "passed",
        "page": page,
        "expectations": [
            {
                "name": expectation.name,
                "severity": expectation.severity.value,
                "success": expectation.success,
                "why": expectation.why,
                "observed": expectation.observed_text(),
            }
            for expectation in outcome.expectations
        ],
    }


def _load_summaries(location: DocsLocation) -> dict[str, dict]:
    summaries = {}
    for path in sorted(location.results.glob("*.json")):
        summary = json.loads(path.read_text(encoding="utf-8"))
        summaries[summary["suite"]] = summary
    return summaries


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.passed { color: #1a7f37; } .warning { color: #9a6700; } .error { color: #cf222e; } .not-run { color: #777; }
td.observed { font-family: monospace; font-size: 0.9em; max-width: 60em; }
"""


_HEADER = (
    "<p>Suites live in <code>expectations/</code>; every run is also kept in "
    '<code>ops.dq_results</code>. GX\'s own data docs: <a href="gx/index.html">gx/index.html</a> '
    "(its index needs a network; the validation pages linked below do not).</p>"
)
_COLUMNS = (
    "suite",
    "asset",
    "table",
    "last result",
    "errors failed",
    "warnings failed",
    "expectations",
    "checked",
)


def render_index(suites: Sequence[SuiteSpec], summaries: dict[str, dict]) -> str:
    """The index: a table of every suite, then per suite its expectations, failures first."""
    rows = "".join(_suite_row(suite, summaries.get(suite.name)) for suite in suites)
    sections = "".join(_suite_section(summaries[suite.name]) for suite in suites if suite.name in summaries)
    head = "".join(f"<th>{html.escape(column)}</th>" for column in _COLUMNS)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Finsam data quality</title>'
        f"<style>{_STYLE}</style></head><body><h1>Finsam data quality: last result of every suite</h1>"
        f"{_HEADER}<table><tr>{head}</tr>{rows}</table>{sections}</body></html>\n"
    )


def _suite_row(suite: SuiteSpec, summary: dict | None) -> str:
    e = html.escape
    if summary is None:
        cells = [e(suite.name), e("/".join(suite.asset)), e(suite.table), "not run yet", "", "", "", ""]
        return "<tr>" + "".join(f'<td class="not-run">{cell}</td>' for cell in cells) + "</tr>"
    failed = [x for x in summary["expectations"] if not x["success"]]
    errors = sum(x["severity"] == "error" for x in failed)
    status = e(summary["status"])
    return (
        f'<tr><td><a href="#{e(suite.name)}">{e(suite.name)}</a></td><td>{e(summary["asset"])}</td>'
        f'<td>{e(summary["table"])}</td><td class="{status}">{status}</td><td>{errors}</td>'
        f"<td>{len(failed) - errors}</td><td>{len(summary['expectations'])}</td>"
        f"<td>{e(summary['checked_at'])}<br>{e(summary['run_id'])}</td></tr>"
    )


def _suite_section(summary: dict) -> str:
    e = html.escape
    name = e(summary["suite"])
    page = f'<a href="{e(summary["page"])}">{name}</a>' if summary.get("page") else "not built"
    ordered = sorted(summary["expectations"], key=lambda x: (x["success"], x["severity"] != "error"))
    lines = "".join(
        f'<tr><td>{e(x["name"])}</td><td class="{result}">{result}</td><td>{e(x["why"])}</td>'
        f'<td class="observed">{e(x["observed"])}</td></tr>'
        for x in ordered
        for result in ["passed" if x["success"] else e(x["severity"])]
    )
    return (
        f'<h2 id="{name}">{name}</h2><p>{e(summary["description"])}</p>'
        f"<p>{summary['rows']} rows checked; GX validation page: {page}</p>"
        f"<table><tr><th>expectation</th><th>result</th><th>why</th><th>observed</th></tr>{lines}</table>"
    )
