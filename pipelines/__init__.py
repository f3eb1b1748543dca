"""Finsam regional warehouse: ingestion, Dagster definitions and the `finsam` CLI."""
