"""Dagster assets, one module per kind of source."""
