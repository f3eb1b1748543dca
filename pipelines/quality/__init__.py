"""Data quality: the Great Expectations suites of expectations/ run on the raw and marts tables.

suites.py loads the reviewed suite files; frames.py reads a suite's table
from DuckDB into pandas (rules.py turns fact rows into per-group frames for
the rules that span rows); gx_validator.py runs GX on them into the records of
outcomes.py; record.py keeps those in ops.dq_results and docs.py writes the
data docs; dbt_tests.py keeps dbt's test results beside them; page.py and
findings.py write the quality page and each failure in words; run.py ties one
run together, run_findings.py says what one run found. pipelines/defs/asset_checks.py
exposes the suites to Dagster as asset checks.

In: a warehouse (the build during a refresh) and the suites. Out: ops.dq_results,
ops.dbt_test_results, exports/quality/ (the page, GX's data docs) and the outcomes.
"""
