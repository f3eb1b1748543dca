"""Which landing files the refresh reads, and as what: the one list of known names and suffixes.

A file is known by the end of its name, in any case (`.PDF`, `.FACTS.CSV`).
Everything else in the landing is listed as not read, with a hint of what to
do, never skipped in silence. To read a new kind of document, add its suffix
to DOCUMENT_SUFFIXES (and a reader in pipelines/extract/readers/).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePosixPath

FACTS_SUFFIX = ".facts.csv"
CORRECTIONS_SUFFIX = ".corrections.csv"
PARTICIPANTS_SUFFIX = ".participants.csv"
DOCUMENTS_MANIFEST = "documents.csv"
FEDERATIONS_FILE = "federations.csv"  # registrations: at the landing root only
MEMBERS_FILE = "members.csv"
REGISTRATION_FILES = (FEDERATIONS_FILE, MEMBERS_FILE)

TEXT_DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
PDF_SUFFIXES = (".pdf",)  # text layers, and scanned pages through OCR
OOXML_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # zip workbooks: formulas' saved values, number formats
WORKBOOK_SUFFIXES = OOXML_WORKBOOK_SUFFIXES + (".xls", ".ods")
WORD_SUFFIXES = (".docx",)
DOCUMENT_SUFFIXES = TEXT_DOCUMENT_SUFFIXES + PDF_SUFFIXES + WORKBOOK_SUFFIXES + WORD_SUFFIXES  # extracted


class FileKind(StrEnum):
    FACTS = "facts"
    CORRECTIONS = "corrections"
    PARTICIPANTS = "participants"
    DOCUMENTS_MANIFEST = "documents_manifest"
    REGISTRATIONS = "registrations"
    DOCUMENT = "document"
    README = "readme"  # notes about the landing itself: known, deliberately not read


# What a file that is none of the above probably is, and what to do with it.
_HINTS = {
    (".xlsb", ".numbers"): "a workbook in a format not read; save it as .xlsx",
    (".doc", ".odt", ".rtf"): "a word-processor file in a format not read; save it as .docx or PDF",
    (".zip", ".7z", ".rar", ".gz", ".tar"): "an archive; unpack it into the federation's folder",
    (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".heic"): "an image; put it in a PDF (it is OCR'd)",
    (".htm", ".html", ".eml", ".msg"): "a web page or e-mail, not a document of the federation",
}


def kind_of(name: str) -> FileKind | None:
    """The kind of a file by its path relative to the landing (forward slashes); None when unknown."""
    path = PurePosixPath(name)
    lower = path.name.lower()
    at_root = len(path.parts) == 1
    if lower.endswith(FACTS_SUFFIX):
        return FileKind.FACTS
    if lower.endswith(CORRECTIONS_SUFFIX):
        return FileKind.CORRECTIONS
    if lower.endswith(PARTICIPANTS_SUFFIX):
        return FileKind.PARTICIPANTS
    if lower == DOCUMENTS_MANIFEST and not at_root:
        return FileKind.DOCUMENTS_MANIFEST
    if lower in REGISTRATION_FILES and at_root:
        return FileKind.REGISTRATIONS
    if lower.endswith(DOCUMENT_SUFFIXES):
        return FileKind.README if lower.startswith("readme") else FileKind.DOCUMENT
    return None


def not_read_reason(name: str) -> str:
    """Why a file of no known kind is not read, and what would make it readable."""
    path = PurePosixPath(name)
    lower = path.name.lower()
    known = (
        f"*{FACTS_SUFFIX}, *{CORRECTIONS_SUFFIX}, *{PARTICIPANTS_SUFFIX}, {DOCUMENTS_MANIFEST}, "
        f"documents ({', '.join(DOCUMENT_SUFFIXES)})"
    )
    if lower in REGISTRATION_FILES:
        return f"not read: {lower} registers federations only at the landing root"
    if lower == DOCUMENTS_MANIFEST:
        return f"not read: {DOCUMENTS_MANIFEST} belongs in a landing/<federation_id>/ folder"
    if lower.endswith(".csv"):
        return (
            "not read: a CSV must say what it holds by its name "
            f"(*{FACTS_SUFFIX}, *{CORRECTIONS_SUFFIX}, *{PARTICIPANTS_SUFFIX} or {DOCUMENTS_MANIFEST})"
        )
    suffix = path.suffix.lower()
    for suffixes, hint in _HINTS.items():
        if suffix in suffixes:
            return f"not read: {hint}"
    shown = f"'{suffix}'" if suffix else "no suffix"
    return f"not read: unknown file type ({shown}); the landing reads {known}"
