"""The national network's (NNS) export; it lives in pipelines/export, this module keeps the old imports."""

from pipelines.export import EXPORT_FORMATS, ExportedFile, build_nns_export, exported_tables

__all__ = ["EXPORT_FORMATS", "ExportedFile", "build_nns_export", "exported_tables"]
