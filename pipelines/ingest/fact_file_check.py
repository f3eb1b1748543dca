"""`finsam validate-facts`: check fact CSVs against the contract before landing them."""

from __future__ import annotations

from pathlib import Path

from pipelines.foundation.file_kinds import CORRECTIONS_SUFFIX
from pipelines.foundation.problems import Rejection, UnreadableFile
from pipelines.foundation.reference import Reference
from pipelines.foundation.text_files import read_landing_text
from pipelines.ingest.facts import parse_facts


def validate_fact_file(path: Path, reference: Reference) -> tuple[int, list[Rejection]]:
    """Returns (rows that would load, problems). The federation folder is not checked here."""
    try:
        text = read_landing_text(path, str(path))
    except UnreadableFile as error:
        return 0, [Rejection(str(path), 0, error.reason, None)]
    correction = path.name.lower().endswith(CORRECTIONS_SUFFIX)
    facts, rejections = parse_facts(text.text, str(path), reference, correction=correction)
    return len(facts), rejections
