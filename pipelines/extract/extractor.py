"""One document in, facts and a review list out: read, classify, find tables, interpret, reconcile.

The stages, each a folder or module of its own:

    readers/      a file → numbered lines (with cells and x positions where the format has them)
    classify.py   whose document, which kind, which year
    tables/       lines → tables: header, rows, unit, caption (one finder for every format)
    interpret/    a table of each kind → facts (budget, statements, counts, surveys, goals, prose)
    vocabulary/   printed labels → codes, from seeds/label_vocabulary.csv and landing/label_mappings.csv
    reconcile/    totals against parts: statuses, and the choice between readings
    review.py     every row with figures that became no fact, with the reason
    ocr_trust.py  OCR'd figures: unverified when read with low confidence or checked by chance
"""

from __future__ import annotations

from pathlib import Path

from pipelines.extract.classify import classify
from pipelines.extract.interpret import interpret_tables
from pipelines.extract.interpret.emit import Read
from pipelines.extract.interpret.goals import read_goal_blocks, read_goal_bullets
from pipelines.extract.interpret.prose import read_prose
from pipelines.extract.interpret.survey_charts import read_survey_charts
from pipelines.extract.model import Document, Extraction
from pipelines.extract.ocr_trust import distrust_ocr
from pipelines.extract.readers import read_lines
from pipelines.extract.review import finished
from pipelines.extract.tables.finder import find_tables
from pipelines.extract.vocabulary import Vocabulary, load_vocabulary
from pipelines.reference import load_federation_names


def extract_document(
    path: Path,
    federation_id: str | None = None,
    fiscal_year: int | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[Document, Extraction]:
    """Raises UnreadableDocument or UnclassifiableDocument when the file is not one we can read."""
    document = classify(path.name, read_lines(path), federation_id, fiscal_year)
    return document, extract(document, vocabulary)


def extract(document: Document, vocabulary: Vocabulary | None = None) -> Extraction:
    """The facts and review rows of a classified document."""
    vocabulary = vocabulary or load_vocabulary()
    lines = list(document.lines)
    names = tuple(name for names in load_federation_names().values() for name in names)
    tables = find_tables(lines, names)
    read = Read()
    read.extend(interpret_tables(document, tables, vocabulary, lines))
    read.extend(read_prose(document, {fact.key for fact in read.facts}, read.facts))
    charts = read_survey_charts(document) if document.kind == "arsredovisning" else Read()
    read.extend(charts)
    read.extend(read_goal_blocks(document))
    read.extend(read_goal_bullets(document))
    return distrust_ocr(document, finished(document, read, consumed=charts.lines), tables)
