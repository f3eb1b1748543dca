"""`finsam extract`: facts as CSV on stdout, a summary of what was and was not read on stderr,
and with `--review OUT.csv` every row with figures that became no fact, with the reason."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TextIO

from pipelines.extract.classify import UnclassifiableDocument
from pipelines.extract.extractor import extract_document
from pipelines.extract.model import Document, ExtractedFact, Extraction, ReviewRow
from pipelines.extract.output import write_facts_csv
from pipelines.extract.readers import UnreadableDocument
from pipelines.extract.review import write_review_csv
from pipelines.extract.vocabulary import Vocabulary

EXIT_READ = 0
EXIT_NOT_A_DOCUMENT = 2


def extract_files(
    paths: list[Path],
    federation_id: str | None,
    fiscal_year: int | None,
    out: TextIO,
    err: TextIO,
    review: Path | None = None,
    vocabulary: Vocabulary | None = None,
    ocr_cache: Path | None = None,
) -> int:
    facts: list[ExtractedFact] = []
    rows: list[ReviewRow] = []
    exit_code = EXIT_READ
    for path in paths:
        try:
            document, extraction = extract_document(path, federation_id, fiscal_year, vocabulary, ocr_cache)
        except (UnreadableDocument, UnclassifiableDocument, OSError) as error:
            print(f"error: {error}", file=err)
            exit_code = EXIT_NOT_A_DOCUMENT
            continue
        facts.extend(extraction.facts)
        rows.extend(extraction.review)
        print(summary(document, extraction), file=err)
    write_facts_csv(facts, out)
    if review is not None:
        with review.open("w", encoding="utf-8", newline="") as handle:
            write_review_csv(rows, handle)
        print(f"{len(rows)} review rows written to {review}", file=err)
    return exit_code


def summary(document: Document, extraction: Extraction) -> str:
    statuses = Counter(fact.status for fact in extraction.facts)
    by_status = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items())) or "none"
    lines = [
        f"{document.source_file}: {document.kind} of {document.federation_id}, "
        f"fiscal year {document.fiscal_year}, adopted {document.document_date or 'date not printed'}",
        f"  {len(extraction.facts)} facts: {by_status}; {len(extraction.review)} rows to review",
    ]
    lines += [
        f"  conflict at line {f.source_line}: {f.code} {f.item} {f.message}".rstrip()
        for f in extraction.facts
        if f.status == "conflict"
    ]
    lines += [
        f"  line {ref}: holds what looks like a personnummer; masked before reading"
        for ref in extraction.personal_data_lines
    ]
    lines += [
        f"  to review, line {row.source_line}: {row.raw_label or '-'} {row.raw_values} ({row.reason})"
        for row in extraction.review
    ]
    return "\n".join(lines)
