"""Data docs under <exports>/quality/: every suite's last result, readable without a network.

GX's own site (quality/gx/) renders each suite and its last validation. Its
index page draws its tables with JavaScript from CDNs, so offline it shows
nothing; quality/index.html is therefore our own page (page.py), linking to
GX's pages (static HTML, readable offline, only less styled). The last
outcome of each suite is kept as JSON in quality/results/, so a run that
checks only some suites still leaves a page naming all of them.
"""

from __future__ import annotations

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

from pipelines.quality.gx_validator import Validator
from pipelines.quality.gx_views import CompiledOnceIndexPageView, CompiledOncePageView, view_config
from pipelines.quality.outcomes import SuiteOutcome

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
    run_id: str,
    checked_at: datetime,
) -> Path:
    """Build GX's pages for `outcomes` and keep their summaries; returns where index.html goes.

    The index itself is the quality page (page.py), written from these summaries and the warehouse.
    """
    location = DocsLocation(folder)
    pages = _build_gx_pages(validator, outcomes, location, run_id, checked_at)
    location.results.mkdir(parents=True, exist_ok=True)
    for outcome in outcomes:
        summary = _summary(outcome, run_id, checked_at, pages.get(outcome.suite.name))
        path = location.results / f"{outcome.suite.name}.json"
        path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
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
    """A local GX site in `folder` (the context may already have one from the run's other step).

    Its views are GX's, compiling GX's templates once per process (gx_views.py).
    """
    site_config = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "site_index_builder": {
            "class_name": "DefaultSiteIndexBuilder",
            "view": view_config(CompiledOnceIndexPageView),
        },
        "site_section_builders": {
            section: {"view": view_config(CompiledOncePageView)}
            for section in ("expectations", "validations", "profiling")
        },
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
                "observed_value": expectation.observed,
            }
            for expectation in outcome.expectations
        ],
    }
