"""Kept for callers of the former module: `read_lines` now lives in `pipelines.extract.readers`."""

from pipelines.extract.readers import DOCUMENT_SUFFIXES, PDF_SUFFIXES, UnreadableDocument, read_lines

__all__ = ["DOCUMENT_SUFFIXES", "PDF_SUFFIXES", "UnreadableDocument", "read_lines"]
