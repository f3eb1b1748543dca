"""Outcomes of an årsredovisning: participants, exits, surveys and the goal map, as facts.

The entry point the extractor calls for kind `arsredovisning`. Each part has
its own reader (`outcomes_tables`, `outcomes_surveys`, `outcomes_goals`);
this module only runs them in turn, so one part's failure to find anything
never hides another's figures.
"""

from __future__ import annotations

from pipelines.extract.model import Document, Extraction, UnreadRegion
from pipelines.extract.outcomes_common import FactMaker
from pipelines.extract.outcomes_counts import count_facts
from pipelines.extract.outcomes_goals import read_goal_map
from pipelines.extract.outcomes_surveys import read_surveys
from pipelines.extract.outcomes_tables import read_tables


def extract_report_outcomes(document: Document) -> Extraction:
    """Participants, exits, survey answers and indicators of the report's year (scenario `outcome`)."""
    extraction = Extraction()
    if document.federation_id is None or document.fiscal_year is None:
        first = document.lines[0].ref if document.lines else "1"
        reason = "federation or fiscal year unknown; outcomes not read"
        return Extraction(unread=[UnreadRegion(first, first, reason)])
    lines = list(document.lines)
    maker = FactMaker(document)
    tables, unread = read_tables(lines)
    extraction.unread += unread
    extraction.extend(count_facts(tables, maker))
    extraction.extend(read_surveys(lines, maker))
    extraction.extend(read_goal_map(lines, maker))
    return extraction
