"""Everything Dagster loads, assembled in one place."""

from __future__ import annotations

from dagster import Definitions

from pipelines.assets.dbt import finsam_dbt_models
from pipelines.assets.documents import raw_extracted
from pipelines.assets.exports import nns_export
from pipelines.assets.raw import raw_documents, raw_facts, raw_participants, raw_rejected
from pipelines.jobs import yearly_refresh
from pipelines.resources import default_resources

ALL_ASSETS = [
    raw_facts,
    raw_participants,
    raw_documents,
    raw_extracted,
    raw_rejected,
    finsam_dbt_models,
    nns_export,
]

defs = Definitions(assets=ALL_ASSETS, jobs=[yearly_refresh], resources=default_resources())
