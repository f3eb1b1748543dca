"""Survey tables in either orientation: answers as rows under a question, or questions as rows with the
answers as columns (`Fråga | Ja | Delvis | Nej | Antal svarande`).

The question is what the caption asks (`Fråga 4: Har du fått stöd …`; its
item is `<group>:fraga_4`, or the slug of the question when it has no
number), the respondent group what the survey's introduction or the
caption speaks of (participants, board, staff). `sent` comes from the text
around the table when only the prose gives it (`skickades en enkät till
samtliga 44 deltagare`). Answers that add up to the respondents are verified.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.extract.interpret.columns import Target, caption_year, row_readings
from pipelines.extract.interpret.emit import Read, review_row, table_to_review
from pipelines.extract.interpret.survey_text import group_of, question_item, survey_context
from pipelines.extract.label_text import fold
from pipelines.extract.model import UNKNOWN_LABEL, Document, ExtractedFact, Line
from pipelines.extract.tables.table import Table
from pipelines.extract.vocabulary import Vocabulary

ANSWERS = ("yes", "partly", "no")


def read_survey_table(table: Table, document: Document, vocabulary: Vocabulary, lines: list[Line]) -> Read:
    year = caption_year(table.caption_text, document) or document.fiscal_year
    if year is None or table.header is None:
        return Read()
    columns = table.header.columns
    answer_columns = {i: c.measure for i, c in enumerate(columns) if c.measure in ANSWERS}
    context = survey_context(lines, table.first.index)
    if answer_columns:
        return _questions_as_rows(table, document, vocabulary, year, answer_columns, context)
    question_columns = {i: c.heading for i, c in enumerate(columns) if c.measure == "question"}
    if question_columns:
        return _questions_as_columns(table, document, vocabulary, year, question_columns, context)
    return _answers_as_rows(table, document, vocabulary, year, context)


def _questions_as_columns(table, document, vocabulary, year, question_columns, context) -> Read:
    """`Svar | Fråga 1 | Fråga 2` over `Ja`, `Nej`, `Delvis` rows: one question per column."""
    read = Read()
    group = context.group or group_of(fold(table.caption_text))
    if group is None:
        return table_to_review(document, table, "survey respondent group cannot be told")
    counts: dict[int, dict[str, tuple[Decimal, object]]] = {i: {} for i in question_columns}
    for row in table.value_rows:
        read.lines.add(row.line.ref)
        readings = row_readings(row, table.header)
        codes = vocabulary.lookup("survey", row.label)
        if len(readings) != 1 or not codes:
            read.review.append(
                review_row(document, row.line.ref, row.printed_label.strip(), row.raw_values, UNKNOWN_LABEL)
            )
            continue
        for column in question_columns:
            if readings[0][column] is not None:
                counts[column].setdefault(codes[0].code, (readings[0][column].amount, row))
    for column, heading in question_columns.items():
        number = re.search(r"\d+", heading)
        question = f"fraga_{number.group(0)}" if number else f"fraga_{column + 1}"
        if counts[column]:
            read.facts += survey_facts(document, year, f"{group}:{question}", counts[column], context)
    return read


def _answers_as_rows(table, document, vocabulary, year, context) -> Read:
    read = Read()
    count_column = next((i for i, c in enumerate(table.header.columns) if c.role == "value"), None)
    question = question_item(table.caption, context)
    if count_column is None or question is None:
        return table_to_review(document, table, "survey question cannot be told")
    group = context.group or group_of(fold(table.caption_text))
    if group is None:
        return table_to_review(document, table, "survey respondent group cannot be told")
    item = f"{group}:{question}"
    counts: dict[str, tuple[Decimal, object]] = {}
    for row in table.value_rows:
        read.lines.add(row.line.ref)
        readings = row_readings(row, table.header)
        codes = vocabulary.lookup("survey", row.label)
        if len(readings) != 1 or not codes or readings[0][count_column] is None:
            read.review.append(
                review_row(document, row.line.ref, row.printed_label.strip(), row.raw_values, UNKNOWN_LABEL)
            )
            continue
        counts.setdefault(codes[0].code, (readings[0][count_column].amount, row))
    read.facts += survey_facts(document, year, item, counts, context)
    return read


def _questions_as_rows(table, document, vocabulary, year, answer_columns, context) -> Read:
    read = Read()
    group = context.group or group_of(fold(table.caption_text))
    respondents_column = next(
        (i for i, c in enumerate(table.header.columns) if c.measure in ("total", "count")), None
    )
    for number, row in enumerate(table.value_rows, start=1):
        read.lines.add(row.line.ref)
        readings = row_readings(row, table.header)
        if group is None or len(readings) != 1:
            read.review.append(
                review_row(document, row.line.ref, row.printed_label.strip(), row.raw_values, UNKNOWN_LABEL)
            )
            continue
        question = question_item([row.line], context) or str(number)
        counts = {
            answer: (readings[0][i].amount, row)
            for i, answer in answer_columns.items()
            if readings[0][i] is not None
        }
        if respondents_column is not None and readings[0][respondents_column] is not None:
            counts["respondents"] = (readings[0][respondents_column].amount, row)
        read.facts += survey_facts(document, year, f"{group}:{question}", counts, context)
    return read


def survey_facts(document: Document, year: int, item: str, counts: dict, context) -> list[ExtractedFact]:
    """The answers, the respondents (printed, else the answers' sum) and sent (printed or from the prose)."""
    answers = [counts[a][0] for a in ANSWERS if a in counts]
    total = sum(answers, Decimal(0))
    respondents = counts.get("respondents", (None, None))[0]
    if respondents is None and context.respondents is not None and total == context.respondents:
        respondents = context.respondents
    verified = respondents is not None and total == respondents and len(answers) >= 2
    facts = []
    for code, (value, row) in counts.items():
        facts.append(
            _fact(document, year, code, item, value, row.printed_label.strip(), row.line.ref, verified)
        )
    if "respondents" not in counts and respondents is not None:
        first_row = next(iter(counts.values()))[1]
        facts.append(
            _fact(document, year, "respondents", item, respondents, "svarande", first_row.line.ref, verified)
        )
    elif "respondents" not in counts and len(answers) >= 2 and context.respondents is None:
        first_row = next(iter(counts.values()))[1]
        facts.append(
            _fact(document, year, "respondents", item, total, "svarande (summa)", first_row.line.ref, False)
        )
    if context.sent is not None:
        facts.append(
            _fact(
                document, year, "sent", item, context.sent, context.sent_label, context.sent_line.ref, False
            )
        )
    return facts


def _fact(document, year, code, item, value, label, ref, verified) -> ExtractedFact:
    return ExtractedFact(
        "survey",
        document.federation_id or "",
        year,
        "outcome",
        code,
        item,
        Decimal(value),
        "count",
        label,
        document.source_file,
        ref,
        "verified" if verified and code != "sent" else "unverified",
    )


def _target(year: int) -> Target:
    return Target(year, "outcome")
