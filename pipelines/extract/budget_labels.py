"""Budget row labels to codes: a vocabulary keyed on folded labels, read in the table's context.

The same word means different things under different totals (`Övrigt` under
`Styrelsen` is board_other, under `Övriga administrativa kostnader` it is
admin_other; any name under `Projektkostnader` is an intervention), so the
mapper walks a table top to bottom and remembers which group it is in.
Members are found by name (`load_member_names`), which is what lets a plan of
a federation we have never seen map its own municipalities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from pipelines.extract.text import best_match, fold, squash, strip_accents
from pipelines.reference import load_member_names, load_reference

# Rows that stand for a code wherever they appear in a budget table.
_GLOBAL: dict[str, tuple[str, ...]] = {
    "contributions_total": (
        "finansiering fran medlemmar",
        "summa finansiering fran medlemmar",
        "medlemsbidrag",
        "summa medlemsbidrag",
        "bidrag fran medlemmar",
        "medlemmarnas bidrag",
        "summa driftbidrag",
        "driftbidrag",
        "summa bidrag",
        "agartillskott",
    ),
    "contribution_state": (
        "driftbidrag fran staten",
        "bidrag fran staten",
        "statligt bidrag",
        "statens bidrag",
        "staten",
        "statsbidrag",
        "forsakringskassan",
        "forsakringskassan och arbetsformedlingen",
    ),
    "contribution_region_municipalities": (
        "driftbidrag fran kommun och region",
        "driftbidrag fran kommuner och region",
        "driftbidrag fran region och kommun",
        "driftbidrag fran region och kommuner",
        "kommun och region",
        "kommuner och region",
        "region och kommuner",
        "kommuner och landsting",
    ),
    "contribution_region": ("region", "regionen", "landstinget", "driftbidrag fran regionen"),
    "income_total": (
        "summa intakter",
        "verksamhetens intakter",
        "summa verksamhetens intakter",
        "bidrag intakt",
    ),
    "financial_income": ("finansiella intakter", "ranteintakter"),
    "total_available": (
        "summa medel att disponera",
        "medel att disponera",
        "summa disponibla medel",
        "totalt att disponera",
    ),
    "board_total": ("styrelsen", "styrelse", "styrelsekostnader", "summa styrelse"),
    "office_total": (
        "kansli och administration personal",
        "kansli",
        "kansliet",
        "kansli personal",
        "kanslikostnader",
        "personalkostnader",
        "summa kansli",
    ),
    "board_and_office_total": ("summa styrelse och kansli", "styrelse och kansli"),
    "premises_total": ("lokalkostnader", "lokaler", "summa lokalkostnader"),
    "admin_total": (
        "ovriga administrativa kostnader",
        "administrativa kostnader",
        "summa administrativa kostnader",
    ),
    "interventions_total": (
        "projektkostnader",
        "summa projektkostnader",
        "kostnader for insatser",
        "summa kostnader for insatser",
        "insatser",
        "summa insatser",
        "insatskostnader",
        "finansierade insatser",
    ),
    "unallocated": ("ointecknade medel", "ej intecknade medel", "ofordelade medel", "ej fordelade medel"),
    "financial_costs": ("finansiella kostnader", "ovriga finansiella kostnader", "rantekostnader"),
    "total_costs": (
        "summa kostnader",
        "summa verksamhetens kostnader",
        "totala kostnader",
        "kostnader totalt",
        "nettokostnad",
    ),
    "result": ("arets resultat", "resultat", "budgeterat resultat"),
    "equity_closing": ("utgaende eget kapital", "eget kapital vid arets slut"),
    "cash_closing": ("likvida medel", "likvida medel vid arets slut"),
}

# Rows that stand for a code only under their group's total.
_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "board_total": {
        "board_fixed_fees": ("fasta arvoden",),
        "board_meeting_fees": ("sammantrades och ovriga arvoden", "sammantradesarvoden", "ovriga arvoden"),
        "board_lost_earnings": (
            "ers forlorad arbetsfortjanst",
            "ersattning forlorad arbetsfortjanst",
            "ersattning for forlorad arbetsfortjanst",
        ),
        "board_travel": ("reseersattning och traktamenten", "reseersattningar", "resor och traktamenten"),
        "board_payroll_tax": ("arbetsgivaravgifter", "sociala avgifter"),
        "board_other": ("ovrigt", "ovriga kostnader"),
    },
    "office_total": {"office_director": ("forbundschef", "verkstallande tjansteperson")},
    "premises_total": {"premises_rent": ("hyra kontor", "hyra", "lokalhyra")},
    "admin_total": {
        "admin_courses": ("kurs och konferens inkl resor", "kurs och konferens", "kurser och konferenser"),
        "admin_audit": ("revision", "revisionskostnader"),
        "admin_administration": ("administration",),
        "admin_information": ("information",),
        "admin_other": ("ovrigt", "ovriga kostnader"),
    },
    "interventions_total": {},
}
_STATE_TYPES = {"state": "contribution_state", "region": "contribution_region"}
_FUZZY_THRESHOLD = 0.88
_FUZZY_MIN_LENGTH = 8


@dataclass(frozen=True)
class Mapping:
    code: str
    item: str = ""


def item_slug(label: str) -> str:
    """The contract's slug: `Idéverkstad Loksam` → `ideverkstad_loksam` (é → e, unlike OCR folding)."""
    plain = strip_accents(label).lower()
    return "_".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _index(vocabulary: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {squash(label): code for code, labels in vocabulary.items() for label in labels}


_GLOBAL_INDEX = _index(_GLOBAL)
_GROUP_INDEX = {group: _index(vocabulary) for group, vocabulary in _GROUPS.items()}


def _lookup(label: str, index: dict[str, str]) -> str | None:
    """Exact on the squashed label, else the most alike vocabulary entry (OCR damage, small variants)."""
    key = squash(label)
    if key in index:
        return index[key]
    if len(key) < _FUZZY_MIN_LENGTH:
        return None
    return _fuzzy(key, index)


def _fuzzy(key: str, index: dict[str, str]) -> str | None:
    """`text.best_match`'s measure (difflib's ratio on squashed text), cheap upper bounds first."""
    best_score, best_code = 0.0, None
    for candidate, code in index.items():
        matcher = SequenceMatcher(None, key, candidate)
        if matcher.real_quick_ratio() < _FUZZY_THRESHOLD or matcher.quick_ratio() < _FUZZY_THRESHOLD:
            continue
        score = matcher.ratio()
        if score > best_score:
            best_score, best_code = score, code
    return best_code if best_score >= _FUZZY_THRESHOLD else None


class LabelMapper:
    """Maps the rows of one table, in order; `heading` and `row` both move the group along."""

    def __init__(self, federation_id: str):
        self.federation_id = federation_id
        self.members = load_member_names().get(federation_id, {})
        self.group: str | None = None
        self.costs_begun = False  # past the first cost row, names of municipalities are no income

    def heading(self, label: str) -> None:
        """A label without figures opens the group it names (`Kostnader för insatser`) or closes the last."""
        code = _lookup(label, _GLOBAL_INDEX)
        self.group = code if code in _GROUPS else None

    def knows(self, label: str) -> bool:
        """Whether a label means something on its own (then a line holding it is no wrapped label)."""
        return _lookup(label, _GLOBAL_INDEX) is not None or self._member(label) is not None

    def row(self, label: str) -> Mapping | None:
        """The code of a row with figures, or None when the label is not one we know."""
        mapping = self._code(label)
        if mapping is not None and load_reference().codes[("budget_line", mapping.code)].section == "cost":
            self.costs_begun = True
        return mapping

    def _code(self, label: str) -> Mapping | None:
        if self.group is not None:
            code = _lookup(label, _GROUP_INDEX[self.group])
            if code is not None:
                return Mapping(code)
        mapping = self._member(label) if self.group != "interventions_total" else None
        if mapping is not None:
            return mapping
        code = _lookup(label, _GLOBAL_INDEX)
        if code is not None:
            self._move(code, label)
            return Mapping(code)
        if self.group == "interventions_total":
            return Mapping("intervention", item_slug(label))
        return self._by_keyword(label)

    def _move(self, code: str, label: str) -> None:
        """A total printed above its parts opens their group; a `Summa ...` row below them closes it."""
        if fold(label).startswith(("summa", "totalt")):
            self.group = None
        elif code in _GROUPS:
            self.group = code
        elif not (self.group == "interventions_total" and code == "unallocated"):
            self.group = None

    def _member(self, label: str) -> Mapping | None:
        folded = fold(label)
        found = self.members.get(folded) or (
            best_match(label, self.members) if len(squash(label)) >= 6 else None
        )
        if found is None:
            return None
        member_id, member_type = found
        if member_type == "municipality":
            return Mapping("contribution_municipality", member_id)
        return Mapping(_STATE_TYPES[member_type]) if member_type in _STATE_TYPES else None

    def _by_keyword(self, label: str) -> Mapping | None:
        folded = fold(label)
        words = folded.split()
        if "eget kapital" in folded and not {"utgaende", "ingaende"} & set(words):
            return Mapping("equity_used")
        if "esf" in words:
            return Mapping("other_income", "esf")
        if folded.startswith("ovriga intakter") or folded.endswith("bidrag"):
            return Mapping("other_income", item_slug(label))
        if self.costs_begun:
            return None
        if words and words[-1] == "kommun" and 1 < len(words) <= 3:
            return Mapping("contribution_municipality", item_slug(" ".join(words[:-1])))
        if words and words[0] in ("region", "landstinget"):
            return Mapping("contribution_region")
        return None
