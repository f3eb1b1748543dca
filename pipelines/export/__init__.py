"""Marts → the NNS export: CSV and Parquet per fiscal year, small counts suppressed, with a data
dictionary.

`build_nns_export` writes it (package.py) for the marts the dbt manifest marks
`nns_export` (`exported_tables`); `suppress_tables` applies the privacy rules to
Arrow tables (privacy.py, cells.py, person_cells.py); dictionary.py and
readme.py write schema.json and README.md; csv_format.py the two CSV dialects;
`validate_export` checks a written export against its schema.json and manifest
(schema_check.py).

In: a read-only connection to the marts, the dbt manifest and the export folder
of the build. Out: `<year>/<table>.csv|parquet`, manifest.json (sha256 and rows
of every file), schema.json and README.md.
"""

from pipelines.export.csv_format import CSV_DIALECTS, RFC4180, SWEDISH_EXCEL, CsvDialect
from pipelines.export.package import (
    EXPORT_FORMATS,
    ExportedFile,
    ExportedMartError,
    build_nns_export,
    exported_models,
    exported_tables,
)
from pipelines.export.privacy import ExitCategories, suppress_tables
from pipelines.export.schema_check import ExportProblem, validate_export

__all__ = [
    "CSV_DIALECTS",
    "EXPORT_FORMATS",
    "RFC4180",
    "SWEDISH_EXCEL",
    "CsvDialect",
    "ExitCategories",
    "ExportProblem",
    "ExportedFile",
    "ExportedMartError",
    "build_nns_export",
    "exported_models",
    "exported_tables",
    "suppress_tables",
    "validate_export",
]
