"""The dbt stage: raw → staging → intermediate → marts (and the analyst views), run as dbt itself.

The models, seeds and tests are in dbt_project/ (see its README); this package only calls dbt.
project.py keeps dbt's manifest current (Dagster builds its assets from it) and names the warehouse
file for dbt's profile (`--vars`); commands.py runs `dbt build` and `dbt docs generate` for a
refresh, one subprocess each, and reads their results from run_results.json; waiting.py starts
that subprocess a step early, so dbt's import is done when the command comes; targets.py removes
the target folders of warehouses that are gone.

In: the build warehouse with its raw tables (pipelines/ingest). Out: the staging, intermediate,
marts and analyst schemas in it, the results of dbt's tests, and dbt's one-file documentation site.
"""
