"""One document in, facts and a review list out, in this order (`extract_document`, `extract`):

    readers/      read: a file → numbered lines (with cells and x positions where the format has
                  them); then lines holding what looks like a personnummer are masked
                  (`masked_lines`), so no fact, label, message or summary can carry one
    classify.py   whose document, which kind, which year, adopted when
    tables/       lines → tables: header, rows, unit, caption (one finder for every format)
    interpret/    a table of each kind → facts (budget, statements, counts, surveys, goal maps);
                  while placing rows it checks every total against its parts (reconcile/), which
                  sets the statuses and chooses between readings; then the prose, the survey
                  charts, the goal maps and their results, and the ESF projects named in the text
    review.py     every row with figures that became no fact, with the reason
    ocr_trust.py  OCR'd figures: unverified when read with low confidence or checked by chance

vocabulary/ (printed labels → codes, and the names of federations and members) is passed along.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipelines.extract.classify import classify
from pipelines.extract.interpret import interpret_tables
from pipelines.extract.interpret.emit import Read
from pipelines.extract.interpret.esf import named_esf
from pipelines.extract.interpret.goal_results import read_goal_results
from pipelines.extract.interpret.goals import read_goal_blocks, read_goal_bullets
from pipelines.extract.interpret.prose import read_prose
from pipelines.extract.interpret.survey_charts import read_survey_charts
from pipelines.extract.model import Document, Extraction, Line
from pipelines.extract.ocr_trust import distrust_ocr
from pipelines.extract.readers import read_lines
from pipelines.extract.review import finished
from pipelines.extract.tables.finder import find_tables
from pipelines.extract.vocabulary import Vocabulary, load_vocabulary
from pipelines.foundation.personal_data import mask_personal_data


def extract_document(
    path: Path,
    federation_id: str | None = None,
    fiscal_year: int | None = None,
    vocabulary: Vocabulary | None = None,
    ocr_cache: Path | None = None,
) -> tuple[Document, Extraction]:
    """Raises UnreadableDocument or UnclassifiableDocument when the file is not one we can read.

    `ocr_cache`: the folder a scan's OCR'd pages are kept in (readers/ocr_cache.py)."""
    vocabulary = vocabulary or load_vocabulary()
    lines, masked = masked_lines(read_lines(path, ocr_cache))
    names = vocabulary.names.federations
    document = classify(mask_personal_data(path.name), lines, federation_id, fiscal_year, names)
    extraction = extract(document, vocabulary)
    extraction.personal_data_lines = masked
    return document, extraction


def extract(document: Document, vocabulary: Vocabulary | None = None) -> Extraction:
    """The facts and review rows of a classified document."""
    vocabulary = vocabulary or load_vocabulary()
    lines = list(document.lines)
    tables = find_tables(lines, vocabulary.names.every_federation_name)
    read = Read()
    read.extend(interpret_tables(document, tables, vocabulary, lines))
    read.extend(read_prose(document, {fact.key for fact in read.facts}, read.facts, vocabulary.names))
    charts = read_survey_charts(document) if document.kind == "arsredovisning" else Read()
    read.extend(charts)
    read.extend(read_goal_blocks(document))
    read.extend(read_goal_bullets(document))
    read.extend(read_goal_results(document, read.facts))
    read.facts = named_esf(read.facts, lines)
    return distrust_ocr(document, finished(document, read, consumed=charts.lines), tables)


def masked_lines(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """The lines with personnummer-like numbers masked, and the refs of the lines that held one."""
    masked: list[str] = []
    result = []
    for line in lines:
        text = mask_personal_data(line.text)
        if text != line.text:
            masked.append(line.ref)
            cells = line.cells and tuple(replace(c, text=mask_personal_data(c.text)) for c in line.cells)
            line = replace(line, text=text, cells=cells)
        result.append(line)
    return result, masked
