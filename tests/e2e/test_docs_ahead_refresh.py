"""A refresh from nothing makes its model docs on a copy of the build while the mart checks run
(pipelines/dbt/docs_ahead.py): the docs step then only takes the site."""

from __future__ import annotations

import pytest
from dagster import AssetKey, DagsterInstance

from tests.conftest import refresh_into


@pytest.mark.slow  # a refresh of the sample: about 20 s
def test_a_refresh_from_nothing_makes_its_docs_on_a_copy_while_the_mart_checks_run(tmp_path):
    refreshed = refresh_into(tmp_path / "run")

    assert refreshed.exit_code == 2, refreshed.stderr[-3000:]  # published, with the sample's warnings
    with DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(AssetKey(["exports", "docs"]))
    metadata = event.asset_materialization.metadata
    assert metadata["made_on_a_copy_while_the_checks_ran"].value is True
    assert metadata["reused"].value is False
    site = (refreshed.settings.exports / "docs" / "index.html").read_text(encoding="utf-8")
    assert "model.finsam.rpt_equity" in site and "model.finsam.fct_fact_versions" in site
    assert not refreshed.settings.docs_copy.exists()
