"""Dagster assets, one module per stage: ingest.py (landing files → raw), extraction.py (documents →
raw), dbt.py (raw → marts, dbt's tests as checks), export.py (the NNS export and its schema check),
report.py (the report and dbt's docs), publishing.py (the build file first, publishing last)."""
