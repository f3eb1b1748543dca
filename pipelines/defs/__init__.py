"""Everything Dagster sees, and nothing else: assets per stage, asset checks, the job, partitions,
schedules, sensors, resources and the instance. pipelines/definitions.py assembles them.

Each object here is a thin wrapper: it reads its paths from the `paths` resource, calls the
stage's plain Python (pipelines/ingest, extract, dbt, quality, export, report, refresh) and turns
what comes back into Dagster events and metadata. No module outside this package (and the
entry points pipelines/cli.py and pipelines/ui.py) imports Dagster.
"""
