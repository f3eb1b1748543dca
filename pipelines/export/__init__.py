"""The NNS export package: CSV and Parquet per fiscal year, suppressed, with a data dictionary.

`build_nns_export` writes it (package.py); `suppress_tables` applies the privacy
rules to Arrow tables (privacy.py, cells.py); `validate_export` checks a written
export against its schema.json and manifest (schema_check.py).
"""

from pipelines.export.csv_format import CSV_DIALECTS, RFC4180, SWEDISH_EXCEL, CsvDialect
from pipelines.export.package import EXPORT_FORMATS, ExportedFile, build_nns_export, exported_tables
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
    "build_nns_export",
    "exported_tables",
    "suppress_tables",
    "validate_export",
]
