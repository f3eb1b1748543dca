"""Guards that keep personal identity out of the warehouse.

Participant exports must be pseudonymous. A file that holds something that
looks like a personnummer or a name column is refused whole; messages name the
column, never the value.
"""

from __future__ import annotations

import re

# 10 or 12 digits, optionally with - or + before the last four (YYMMDD-NNNN, YYYYMMDDNNNN).
PERSONNUMMER = re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+]?\d{4}(?!\d)")
NAME_COLUMNS = {"name", "namn", "fornamn", "förnamn", "efternamn", "first_name", "last_name"}


def looks_like_personnummer(cell: str) -> bool:
    return bool(PERSONNUMMER.search(cell))


def name_columns(header: list[str]) -> list[str]:
    return [column for column in header if column.strip().lower() in NAME_COLUMNS]
