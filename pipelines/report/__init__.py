"""The analysts' comparison report: static HTML built from the warehouse, readable offline.

No Dagster here: `build_report` (build.py) takes a read-only connection and a
folder; the asset in pipelines/defs/assets/report.py calls it during a refresh.
"""
