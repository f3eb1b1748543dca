"""What an Office file that will not open is: password-protected, an old binary format, or damaged.

`.xlsx` and `.docx` files are zip archives. A password-protected one is not:
Office wraps the encrypted archive in a compound file (the old binary
container) with an `EncryptionInfo` stream, so it is told apart before a
library tries to unzip it and fails with a less helpful message.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipelines.extract.readers.errors import UnreadableDocument

COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def check_office_zip(path: Path, kind: str, saved_as: str) -> None:
    """Raise UnreadableDocument with the reason when `path` is no readable Office zip.

    `kind` names the format for the message (`workbook`); `saved_as` is what to
    save it as instead (`.xlsx`).
    """
    try:
        head = path.read_bytes()
    except OSError as error:
        raise UnreadableDocument(f"{path.name}: cannot be opened ({error.strerror})") from error
    if not head:
        raise UnreadableDocument(f"{path.name}: the file is empty")
    if head.startswith(COMPOUND_FILE):
        if _ENCRYPTION_INFO in head:
            raise UnreadableDocument(
                f"{path.name}: the {kind} is password-protected; save a copy without a password "
                f"(File → Info → Protect → Encrypt with password: clear it) and land that"
            )
        raise UnreadableDocument(
            f"{path.name}: an old binary Office file with a {path.suffix} name; save it as {saved_as}"
        )
    if not zipfile.is_zipfile(path):
        raise UnreadableDocument(f"{path.name}: not a {kind} (damaged, or another kind of file)")
