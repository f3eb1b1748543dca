"""The truth of one generated document: every figure it prints as a contract fact row.

Written under DIR/truth/<federation_id>/, never under landing/, where the loader
would take it for submitted facts. Same CSV as `finsam extract` writes.
"""

from __future__ import annotations

import io
from dataclasses import replace

from pipelines.extract.model import ExtractedFact
from pipelines.extract.output import write_facts_csv


def truth_csv(rows: list[tuple[ExtractedFact, str]], source_file: str) -> str:
    """`rows`: each fact with the line reference it is printed at, in printed order."""
    out = io.StringIO()
    write_facts_csv([replace(fact, source_file=source_file, source_line=line) for fact, line in rows], out)
    return out.getvalue()
