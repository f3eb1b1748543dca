"""Bytes to text for landing files, with the checksum that identifies the file.

A file is scanned once in chunks (so a file of any size takes the same
memory): its sha256, its encoding and a few facts about its bytes. It is then
read as a text stream in that encoding.

Encodings, as e-mailed CSVs come: UTF-8 with or without a byte-order mark;
Windows-1252, which Excel on Swedish Windows writes for "CSV", so å, ä and ö
arrive intact; UTF-16 with a byte-order mark, which Excel writes for "Unicode
text" (tab separated). Anything else (UTF-16 without a byte-order mark, a
binary file such as a workbook renamed .csv) is refused with the reason,
never guessed into mojibake. A few NUL bytes in otherwise readable text are
left to the CSV reader, which refuses the lines holding them.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pipelines.foundation.personal_data import might_hold_personnummer
from pipelines.foundation.problems import UnreadableFile

MAX_KEPT_BYTES = 2_000_000  # what quarantine keeps of a refused text file
CHUNK_BYTES = 1 << 20
_OVERLAP = 16  # bytes carried between chunks, so a pattern split by a chunk edge is still seen
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NUL_SHARE_OF_TEXT = 0.001  # more NUL bytes than this share: not text with a damaged line, but binary


@dataclass(frozen=True)
class FileScan:
    """One pass over a file's bytes: what identifies it and how to read it."""

    name: str  # path relative to the landing folder, as shown in messages
    sha256: str
    size: int
    encoding: str  # the codec to open it with
    has_quote: bool
    has_blank_line: bool
    has_nul: bool
    might_hold_personnummer: bool

    @property
    def is_plain(self) -> bool:
        """One record per line for sure: no quoting, no NUL, no blank line, UTF-8."""
        return not (self.has_quote or self.has_blank_line or self.has_nul) and self.encoding == "utf-8-sig"


@dataclass(frozen=True)
class LandingText:
    name: str
    sha256: str
    text: str
    encoding: str


def scan_file(path: Path, name: str) -> FileScan:
    """Raises UnreadableFile when the file cannot be read, is empty or is not text we read."""
    digest = hashlib.sha256()
    size = nuls = 0
    flags = {"quote": False, "blank": False, "digits": False, "content": False}
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_error: UnicodeDecodeError | None = None
    head, carry = b"", b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                if not head:
                    head = chunk[:4]
                digest.update(chunk)
                size += len(chunk)
                nuls += chunk.count(b"\x00")
                _note(flags, carry + chunk)
                carry = chunk[-_OVERLAP:]
                if utf8_error is None:
                    try:
                        utf8.decode(chunk)
                    except UnicodeDecodeError as error:
                        utf8_error = error
    except OSError as error:
        raise UnreadableFile(name, f"cannot be read ({error.strerror})") from error
    if not flags["content"]:
        raise UnreadableFile(name, "is empty")
    encoding = _encoding(path, name, head, size, nuls, utf8_error)
    return FileScan(
        name=name,
        sha256=digest.hexdigest(),
        size=size,
        encoding=encoding,
        has_quote=flags["quote"],
        has_blank_line=flags["blank"],
        has_nul=nuls > 0,
        might_hold_personnummer=flags["digits"] or encoding == "utf-16",  # its digits are NUL-spaced
    )


def _note(flags: dict[str, bool], data: bytes) -> None:
    flags["quote"] = flags["quote"] or b'"' in data
    flags["blank"] = flags["blank"] or b"\n\n" in data or b"\n\r\n" in data
    flags["digits"] = flags["digits"] or might_hold_personnummer(data)
    flags["content"] = flags["content"] or bool(data.strip())


def _encoding(path: Path, name: str, head: bytes, size: int, nuls: int, utf8_error: Exception | None) -> str:
    if head.startswith(_UTF16_BOMS):
        _check_decodes(path, name, "utf-16")
        return "utf-16"
    if nuls > max(1, size * _NUL_SHARE_OF_TEXT):
        raise UnreadableFile(
            name, "is not text (binary, or UTF-16 without a byte-order mark?); save it as 'CSV UTF-8'"
        )
    if utf8_error is None:
        return "utf-8-sig"
    _check_decodes(
        path,
        name,
        "cp1252",
        "is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'",
    )
    return "cp1252"


def _check_decodes(path: Path, name: str, encoding: str, reason: str | None = None) -> None:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise UnreadableFile(name, reason or f"is not valid {encoding.upper()} text") from error


def open_text(path: Path, scan: FileScan) -> TextIO:
    """The file as a text stream in its encoding; lines keep their own ends (CR LF or LF)."""
    return path.open(encoding=scan.encoding, newline="")


def read_landing_text(path: Path, name: str) -> LandingText:
    """A whole (small) file as text."""
    scan = scan_file(path, name)
    with open_text(path, scan) as stream:
        return LandingText(name, scan.sha256, stream.read(), scan.encoding)


def kept_content(path: Path, name: str = "") -> str | None:
    """A refused file's text for quarantine (capped), masked by Rejection; None for what is not text.

    Binary content is not kept: compressed or encoded bytes cannot be searched
    for personal data. The sha256 names the file, which stays in the landing.
    """
    try:
        scan = scan_file(path, name or path.name)
        with open_text(path, scan) as stream:
            return stream.read(MAX_KEPT_BYTES)
    except (UnreadableFile, OSError, UnicodeDecodeError):
        return None
