"""Data quality: Great Expectations suites from expectations/, run as Dagster asset checks.

suites.py loads the reviewed suite files; frames.py reads a suite's table
from DuckDB into pandas (rules.py turns fact rows into per-group frames for
the rules that span rows); validate.py runs GX on them into the records of
outcomes.py; record.py keeps those in ops.dq_results and docs.py writes the
data docs; run.py ties one run together and checks.py exposes it to Dagster.
"""
