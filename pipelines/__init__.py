"""Finsam regional warehouse, in layers: foundation/ ← the stages (extract/, ingest/, dbt/, quality/,
export/, report/, sql/, synth/) ← refresh/ ← defs/ + definitions.py (Dagster) ← cli.py, ui.py.

docs/architecture.md says which package a line belongs in; tests/test_architecture.py keeps the
imports pointing one way.
"""
