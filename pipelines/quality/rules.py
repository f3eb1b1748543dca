"""Rules that span rows, as small per-group frames GX can validate row by row.

GX checks one row (or one column pair) at a time; "the gender counts add up to
the total" compares several fact rows. Each function here turns the current
facts of one marts table into one row per group (federation, year, scenario
and what the rule is about) with the printed total, what the parts add up to
and `known_conflict`. A suite then expects total and parts to agree, and a
failure names the group through the frame's key columns.

`known_conflict` is true when any fact of the group has status `conflict` (a
printed total that contradicts its parts, kept as printed on purpose) or
`corrected` (an analyst changed one figure of it). Suites check those groups
with a warning, the rest with an error: a contradiction the documents
themselves contain must not block a refresh, a new one must.

`basis` keeps figures from documents apart from figures counted from the
participant records: the marts fill a gap in a report with a count from the
records, and a report's total against the records' parts is a reconciliation
question (rpt_participant_reconciliation), not a sum that is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.foundation.reference import children_of

GROUP = ["federation_id", "fiscal_year", "scenario"]
KNOWN_STATUSES = ("conflict", "corrected")
SURVEY_ANSWERS = ("yes", "partly", "no")

# Budget lines a document leaves out when they are zero: when absent, they are not a missing part.
OPTIONAL_PARTS = frozenset(
    {"financial_income", "equity_used", "other_income", "financial_costs", "unallocated"}
)
# Region and municipalities are printed together or split (seeds/codes.csv): either covers the other.
ALTERNATIVES = {
    "contribution_region_municipalities": ("contribution_region", "contribution_municipality"),
    "contribution_region": ("contribution_region_municipalities",),
    "contribution_municipality": ("contribution_region_municipalities",),
}


def participant_breakdowns(facts: pd.DataFrame) -> pd.DataFrame:
    """Participants by gender and by age band against participants_total (marts.fct_participants)."""
    facts = _prepared(facts)
    keys = [*GROUP, "basis"]
    frames = [
        _against_total(facts, keys, "participants_total", [code]).assign(breakdown=breakdown)
        for breakdown, code in (("gender", "participants_gender"), ("age_band", "participants_age"))
    ]
    columns = [*keys, "breakdown", "total", "parts_sum", "known_conflict"]
    return pd.concat(frames, ignore_index=True)[columns]


def exit_breakdowns(facts: pd.DataFrame) -> pd.DataFrame:
    """Exits per outcome code against exits_total (marts.fct_outcomes)."""
    facts = _prepared(facts)
    keys = [*GROUP, "basis"]
    exit_codes = sorted(set(facts["code"]) - {"exits_total"})
    frame = _against_total(facts, keys, "exits_total", exit_codes)
    return frame.rename(columns={"total": "exits_total", "parts_sum": "exits_by_codes"})


def survey_answers(facts: pd.DataFrame) -> pd.DataFrame:
    """Per respondent group and question: yes + partly + no, respondents and sent (marts.fct_surveys).

    Every group also gets a row with question `all` (no answers), so that
    respondents <= sent is checked once per group even without questions.
    """
    facts = _prepared(facts)
    split = facts["item"].str.split(":", n=1, expand=True).reindex(columns=[0, 1])
    facts = facts.assign(respondent_group=split[0], question=split[1].fillna(""))
    keys = [*GROUP, "respondent_group"]
    overall = facts[facts["question"] == "all"]
    groups = overall.pivot_table(index=keys, columns="code", values="value", aggfunc="sum").reindex(
        columns=["sent", "respondents"]
    )
    groups.columns.name = None
    groups["group_known"] = overall.groupby(keys)["known"].any()
    answered = facts[facts["code"].isin(SURVEY_ANSWERS) & (facts["question"] != "all")]
    questions = answered.groupby([*keys, "question"]).agg(
        answers=("value", "sum"), question_known=("known", "any")
    )
    groups = groups.reset_index()
    rows = questions.reset_index().merge(groups, on=keys, how="left")
    everything = pd.concat([groups.assign(question="all", answers=float("nan")), rows], ignore_index=True)
    everything["known_conflict"] = everything["group_known"].fillna(False).astype(bool) | everything[
        "question_known"
    ].fillna(False).astype(bool)
    columns = [*keys, "question", "sent", "respondents", "answers", "known_conflict"]
    return everything.reindex(columns=columns).sort_values([*keys, "question"], ignore_index=True)


def budget_sums(lines: pd.DataFrame) -> pd.DataFrame:
    """Every printed budget total against the sum of its parts, per federation, year and scenario.

    The parts are the code hierarchy the extractor reconciles by
    (seeds/codes.csv `usual_parent`, board and office under
    board_and_office_total); a part that is not there is replaced by its own
    parts. Codes printed per item (interventions, municipalities) are parts,
    never totals.

    `within_rounding` is true when the total misses its parts by no more
    than rounding explains: every figure is whole thousands (a table printed
    in tkr) and the difference is at most 500 kr for each figure of the sum,
    total included. Such a total is a document's rounding, not an error; the
    extractor verifies it by the same bound.

    `missing_parts` names the direct parts of the total that the document
    does not give: not themselves, not through all of their own parts, not
    through their alternative (region and municipalities together or split),
    and not a line left out when zero (OPTIONAL_PARTS). An annual report's
    comparison column may leave a row out: a total whose parts fall short
    while a part is missing may be right; one whose parts are all there, or
    whose parts exceed it, is not.
    """
    lines = _prepared(lines)
    rows = []
    # one pass in plain Python: a pandas groupby per federation-year was 40 s at national scale
    groups: dict[tuple, dict[str, _CodeSum]] = {}
    columns = (lines[name] for name in (*GROUP, "code", "value", "known"))
    for federation_id, fiscal_year, scenario, code, value, known in zip(*columns, strict=True):
        present = groups.setdefault((federation_id, fiscal_year, scenario), {})
        present.setdefault(code, _CodeSum(first=value)).add(value, known)
    for group_key in sorted(groups):
        present = groups[group_key]
        for code in sorted(present):
            total = present[code]
            parts = _parts(code, present) if total.count == 1 else []
            if not parts:
                continue
            rows.append(
                {
                    **dict(zip(GROUP, group_key, strict=True)),
                    "total_code": code,
                    "total": float(total.first),
                    "parts_sum": round(float(sum(present[part].sum for part in parts)), 2),
                    "part_codes": ", ".join(parts),
                    "missing_parts": ", ".join(
                        child for child in children_of(code) if not _covered(child, present)
                    ),
                    "known_conflict": bool(total.known or any(present[part].known for part in parts)),
                    "within_rounding": _within_rounding(total, [present[part] for part in parts]),
                }
            )
    columns = [*GROUP, "total_code", "total", "parts_sum", "part_codes", "missing_parts", "known_conflict"]
    frame = pd.DataFrame(rows, columns=[*columns, "within_rounding"]).astype(
        {"total": float, "parts_sum": float, "known_conflict": bool, "within_rounding": bool}
    )
    frame["complete"] = (frame["missing_parts"] == "").astype(bool)
    return frame


@dataclass
class _CodeSum:
    """The facts of one code in one federation-year-scenario: their sum, count, first value, any known,
    and whether all are whole thousands (printed in tkr)."""

    first: float
    sum: float = 0.0
    count: int = 0
    known: bool = False
    thousands: bool = True

    def add(self, value: float, known: bool) -> None:
        self.sum += value
        self.count += 1
        self.known = self.known or bool(known)
        self.thousands = self.thousands and float(value) % 1000 == 0


ROUNDING_PER_FIGURE = 500  # kr: a figure printed in whole tkr is off its exact amount by at most this


def _within_rounding(total: _CodeSum, parts: list[_CodeSum]) -> bool:
    """A difference a tkr table's rounding explains: each printed figure, the total too, may be 500 kr off."""
    if not (total.thousands and all(part.thousands for part in parts)):
        return False
    difference = abs(total.first - sum(part.sum for part in parts))
    figures = 1 + sum(part.count for part in parts)
    return 0 < difference <= figures * ROUNDING_PER_FIGURE


CORRECTION_COLUMNS = [
    "correction",
    *GROUP,
    "basis",
    "rule",
    "question",
    "total_code",
    "total",
    "parts",
    "part_codes",
]


# the columns of a marts fact table the rules above read (_prepared: status and origin); frames.py
# reads only these
FACT_READS = frozenset({*GROUP, "code", "item", "value", "status", "origin"})
# the columns of fct_fact_versions the correction rules read; each filter of the rows copies only these
CORRECTION_READS = FACT_READS | {"record_type", "is_current", "_source_file", "_source_line"}


def correction_breakdowns(versions: pd.DataFrame) -> pd.DataFrame:
    """Totals and their parts wherever a correction is one of them (marts.fct_fact_versions).

    A correction must not make a breakdown impossible: participants by gender
    or by age band above participants_total, exits above participants, exits
    by outcome above exits_total, a question's answers above its respondents,
    respondents above those the survey was sent to. One row per rule and group
    whose current total or parts include a correction, named by the
    correction's file and line (`correction`, `file:line`; several joined by
    `; `). A printed contradiction (status conflict) stays a warning of the
    suites above; an impossible figure an analyst brought in blocks the refresh.
    """
    versions = versions[[column for column in versions.columns if column in CORRECTION_READS]]
    current = versions[versions["is_current"].astype(bool)] if "is_current" in versions else versions
    facts = _prepared(current)
    lines = facts["_source_line"].astype("Int64").astype(str)
    correction = (facts["_source_file"].astype(str) + ":" + lines).where(facts["origin"] == "correction")
    facts = facts.assign(correction=correction, question="")
    keys = [*GROUP, "basis"]
    exit_codes = sorted(set(facts.loc[facts["record_type"] == "outcome", "code"]) - {"exits_total"})
    frames = [
        _corrected(facts, keys, "gender", "participants_total", ["participants_gender"]),
        _corrected(facts, keys, "age_band", "participants_total", ["participants_age"]),
        _corrected(facts, keys, "exits", "participants_total", ["exits_total"]),
        _corrected(facts, keys, "exit_codes", "exits_total", exit_codes),
        *_survey_rules(facts[facts["record_type"] == "survey"], keys),
    ]
    frame = (
        pd.concat([f for f in frames if not f.empty], ignore_index=True)
        if any(not f.empty for f in frames)
        else pd.DataFrame(columns=CORRECTION_COLUMNS)
    )
    return frame.reindex(columns=CORRECTION_COLUMNS).astype({"total": float, "parts": float})


def _corrected(facts: pd.DataFrame, keys: list[str], rule: str, total_code: str, part_codes: list[str]):
    """Per group: the total, the sum of its parts, the corrections among them; only corrected groups."""

    def side(codes: list[str], name: str) -> pd.DataFrame:
        return _sum_with_corrections(facts[facts["code"].isin(codes)], keys, name)

    joined = side([total_code], "total").join(side(part_codes, "parts"), how="inner").reset_index()
    joined["correction"] = _corrections_of(joined)
    joined = joined[joined["correction"] != ""]
    return joined.assign(
        rule=rule, question="", total_code=total_code, part_codes=", ".join(part_codes)
    ).reindex(columns=CORRECTION_COLUMNS)


def _survey_rules(surveys: pd.DataFrame, keys: list[str]) -> list[pd.DataFrame]:
    """Answers to each question against the group's respondents, respondents against sent."""
    if surveys.empty:
        return []
    split = surveys["item"].str.split(":", n=1, expand=True).reindex(columns=[0, 1])
    surveys = surveys.assign(respondent_group=split[0], question=split[1].fillna(""))
    group_keys = [*keys, "respondent_group"]
    overall = surveys[surveys["question"] == "all"].drop(columns="question")
    answers = surveys[surveys["code"].isin(SURVEY_ANSWERS) & (surveys["question"] != "all")]
    per_question = _sum_with_corrections(answers, [*group_keys, "question"], "parts").reset_index()
    respondents = _sum_with_corrections(
        overall[overall["code"] == "respondents"], group_keys, "total"
    ).reset_index()
    sent = _sum_with_corrections(overall[overall["code"] == "sent"], group_keys, "total").reset_index()
    as_parts = respondents.rename(columns={"total": "parts", "total_corrections": "parts_corrections"})
    rules = [
        ("survey_answers", "respondents", "yes, partly, no", respondents.merge(per_question, on=group_keys)),
        (
            "survey_respondents",
            "sent",
            "respondents",
            sent.merge(as_parts, on=group_keys).assign(question="all"),
        ),
    ]
    frames = []
    for rule, total_code, part_codes, joined in rules:
        joined["correction"] = _corrections_of(joined)
        joined = joined[joined["correction"] != ""].assign(
            rule=rule,
            total_code=total_code,
            part_codes=part_codes,
            question=lambda frame: frame["respondent_group"] + ":" + frame["question"],
        )
        frames.append(joined.reindex(columns=CORRECTION_COLUMNS))
    return frames


def _corrections_of(joined: pd.DataFrame) -> list[str]:
    """The corrections among a row's total and parts, `file:line; file:line`."""
    return [
        "; ".join(sorted(set(filter(None, f"{total}; {parts}".split("; ")))))
        for total, parts in zip(joined["total_corrections"], joined["parts_corrections"], strict=True)
    ]


def _sum_with_corrections(rows: pd.DataFrame, keys: list[str], name: str) -> pd.DataFrame:
    """Per group of `keys` (missing keys a group too): the sum of `value` as `name`, and the group's
    corrections, `file:line; file:line` sorted ("" for none), as `<name>_corrections`.

    The corrections are gathered in one pass over the corrected rows alone: a
    pandas aggregation calling Python per group took 1.2 s at national scale.
    """
    grouped = rows.groupby(keys, dropna=False)
    sums = grouped.agg(**{name: ("value", "sum")})
    found: list[set[str]] = [set() for _ in range(len(sums))]
    corrected = rows["correction"].notna().to_numpy()
    # ngroup numbers the groups in the order agg lists them
    for group, correction in zip(grouped.ngroup()[corrected], rows["correction"][corrected], strict=True):
        found[group].add(correction)
    sums[f"{name}_corrections"] = pd.Series(
        ["; ".join(sorted(refs)) for refs in found], index=sums.index, dtype=object
    )
    return sums


def statement_balance(statements: pd.DataFrame) -> pd.DataFrame:
    """Total assets against total equity and liabilities, per federation, year and scenario."""
    statements = _prepared(statements)
    assets = _single(statements, "br_assets_total", "assets")
    other_side = _single(statements, "br_equity_and_liabilities_total", "equity_and_liabilities")
    joined = assets.merge(other_side, on=GROUP, how="inner")
    joined["difference"] = (joined["equity_and_liabilities"] - joined["assets"]).round(2)
    joined["known_conflict"] = joined["assets_known"] | joined["equity_and_liabilities_known"]
    return joined[[*GROUP, "assets", "equity_and_liabilities", "difference", "known_conflict"]]


def _prepared(facts: pd.DataFrame) -> pd.DataFrame:
    """Current facts with `known` (status conflict or corrected) and `basis` (documents or records)."""
    status = facts["status"] if "status" in facts else pd.Series("verified", index=facts.index)
    origin = facts["origin"] if "origin" in facts else pd.Series("reported", index=facts.index)
    basis = origin.where(origin == "participant_records", "reported")
    return facts.assign(
        value=facts["value"].astype(float),
        known=status.isin(KNOWN_STATUSES).astype(bool),
        basis=basis.astype(object),
    )


def _against_total(
    facts: pd.DataFrame, keys: list[str], total_code: str, part_codes: list[str]
) -> pd.DataFrame:
    """Groups that have both the total and at least one part: total, sum of parts, known_conflict."""
    totals = (
        facts[facts["code"] == total_code]
        .groupby(keys)
        .agg(total=("value", "sum"), total_known=("known", "any"))
    )
    parts = (
        facts[facts["code"].isin(part_codes)]
        .groupby(keys)
        .agg(parts_sum=("value", "sum"), parts_known=("known", "any"))
    )
    joined = totals.join(parts, how="inner").reset_index()
    joined["parts_sum"] = joined["parts_sum"].astype(float).round(2)
    joined["known_conflict"] = (joined["total_known"] | joined["parts_known"]).astype(bool)
    return joined[[*keys, "total", "parts_sum", "known_conflict"]]


def _single(facts: pd.DataFrame, code: str, name: str) -> pd.DataFrame:
    chosen = facts[(facts["code"] == code) & (facts["item"].fillna("") == "")]
    return chosen[[*GROUP, "value", "known"]].rename(columns={"value": name, "known": f"{name}_known"})


def _covered(code: str, present: dict) -> bool:
    """Given by the document: itself, its alternative, all of its parts, or a line left out when zero."""
    if code in present or code in OPTIONAL_PARTS:
        return True
    if code in ALTERNATIVES and all(other in present for other in ALTERNATIVES[code]):
        return True
    children = children_of(code)
    return bool(children) and all(_covered(child, present) for child in children)


def _parts(code: str, present: dict) -> list[str]:
    found: list[str] = []
    for child in children_of(code):
        if child in present:
            found.append(child)
        else:
            found.extend(_parts(child, present))
    return found
