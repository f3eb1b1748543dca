"""What a failed check found, in one sentence with its numbers.

"Södra Lappland 2025: equity 53,6 % of member contributions, above the
recommended 20 %". One sentence per failing row, written from the row GX (or
dbt) reported; numbers in Swedish format. The quality page uses these; the run
summary in the Dagster UI and the CLI can use the same ones.

Pure: rows and names in, sentences out. A check without its own wording gets
a generic sentence that still names the row and its values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pipelines.foundation.swedish_format import format_kronor, format_number, format_percent

SEVERITY_ORDER = {"error": 0, "warning": 1}


@dataclass(frozen=True)
class Finding:
    """One failing row of one check, in words."""

    severity: str  # error | warning
    source: str  # "Great Expectations" or "dbt"
    check: str  # suite.expectation, or the dbt test's name
    table: str
    text: str

    @property
    def sort_key(self) -> tuple:
        return (SEVERITY_ORDER.get(self.severity, 2), self.table, self.check, self.text)


Row = Mapping[str, Any]
Names = Mapping[str, str]
_Wording = Callable[[Row, Names], str]


def expectation_findings(
    suite: str,
    table: str,
    expectation: str,
    severity: str,
    why: str,
    observed: Mapping[str, Any],
    names: Names,
) -> list[Finding]:
    """One finding per failing row GX reported (at most the rows it kept), or one for the whole check."""

    def finding(text: str) -> Finding:
        return Finding(severity, "Great Expectations", f"{suite}.{expectation}", table, text)

    if "exception" in observed:
        return [finding(f"{table}: {expectation} could not be evaluated ({observed['exception']})")]
    rows = observed.get("failing") or []
    if not rows:
        seen = observed.get("observed_value", observed.get("unexpected_count"))
        return [finding(f"{table}: {_sentence(why)} (observed {seen})")]
    wording = _WORDINGS.get(expectation, _generic(why))
    found = [finding(wording(row, names)) for row in rows]
    hidden = int(observed.get("unexpected_count") or 0) - len(rows)
    if hidden > 0:
        found.append(finding(f"{table}: {hidden} more rows like these (see ops.dq_results)"))
    return found


def dbt_test_finding(
    test_name: str, model: str, column: str | None, status: str, failures: int | None, message: str | None
) -> Finding:
    """A dbt test that did not pass: which test on which column, and how many rows failed it."""
    severity = "warning" if status == "warn" else "error"
    where = f"{model}.{column}" if column else model
    if status == "error":
        text = f"{where}: test {test_name} could not run ({_sentence(message or 'no message')})"
    else:
        rows = f"{format_number(failures)} row{'s' if failures != 1 else ''}" if failures else "rows"
        text = f"{where}: {rows} failed test {test_name}"
    return Finding(severity, "dbt", test_name, model, text)


def federation_year(row: Row, names: Names) -> str:
    """'Södra Lappland 2025', the federation's name when known, else its id."""
    federation = row.get("federation_id")
    name = names.get(federation, federation) if federation else None
    parts = [str(part) for part in (name, row.get("fiscal_year")) if part is not None]
    return " ".join(parts) or "a row"


def _equity(row: Row, names: Names) -> str:
    equity = format_percent(row.get("equity_pct"), None)
    recommended = format_percent(row.get("recommended_max_pct"), None)
    return (
        f"{federation_year(row, names)}: equity {equity} of member contributions, "
        f"above the recommended {recommended}"
    )


def _share(label: str, statute: str) -> _Wording:
    def wording(row: Row, names: Names) -> str:
        column = next((c for c in row if c.endswith("_pct")), None)
        value = format_percent(row.get(column), None) if column else "?"
        scenario = f" ({row['scenario']})" if row.get("scenario") else ""
        return (
            f"{federation_year(row, names)}{scenario}: {label} pay {value} of member contributions, "
            f"the statute says {statute}"
        )

    return wording


def _parts_against_total(row: Row, names: Names) -> str:
    scenario = f" {row['scenario']}" if row.get("scenario") else ""
    head = f"{federation_year(row, names)}{scenario}"
    if "total_code" in row:
        missing = f" ({row['missing_parts']} not printed)" if row.get("missing_parts") else ""
        return (
            f"{head}: {row['total_code']} printed as {format_kronor(row.get('total'))}, "
            f"its parts sum to {format_kronor(row.get('parts_sum'))}{missing}"
        )
    if "exits_total" in row:
        return (
            f"{head}: {format_number(row.get('exits_total'))} exits printed, "
            f"{format_number(row.get('exits_by_codes'))} by exit code"
        )
    if "answers" in row:
        question = f" {row['question']}" if row.get("question") else ""
        return (
            f"{head}{question}: {format_number(row.get('answers'))} answers, "
            f"{format_number(row.get('respondents'))} respondents"
        )
    if "difference" in row:
        return f"{head}: the balance sheet's sides differ by {format_kronor(row.get('difference'))}"
    if "parts_sum" in row:
        breakdown = f" {row['breakdown']}" if row.get("breakdown") else ""
        return (
            f"{head}{breakdown}: total {format_number(row.get('total'))}, "
            f"parts sum to {format_number(row.get('parts_sum'))}"
        )
    return _generic("printed total contradicts its parts")(row, names)


def _conflicts(row: Row, names: Names) -> str:
    count = int(row.get("conflicts") or 0)
    figures = "figure contradicts its total" if count == 1 else "figures contradict their totals"
    return f"{federation_year(row, names)}: {count} printed {figures} (kept as printed)"


def _individual_costs(row: Row, names: Names) -> str:
    return (
        f"{federation_year(row, names)}: individual-intervention costs "
        f"{format_kronor(row.get('individual_costs_sek'))} exceed total costs "
        f"{format_kronor(row.get('total_costs_sek'))}"
    )


def _generic(why: str) -> _Wording:
    def wording(row: Row, names: Names) -> str:
        head = federation_year(row, names) if "federation_id" in row else "a row"
        details = ", ".join(
            f"{column} {_value(value)}"
            for column, value in row.items()
            if column not in ("federation_id", "fiscal_year")
        )
        return f"{head}: {_sentence(why)}" + (f" ({details})" if details else "")

    return wording


def _value(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "missing"
    if isinstance(value, int | float):
        return format_number(value, 0 if float(value).is_integer() else 2)
    return str(value)


def _sentence(text: str) -> str:
    """The first sentence, without its full stop, lower-cased start: it follows a colon."""
    first = text.strip().split(". ")[0].rstrip(".")
    return first[:1].lower() + first[1:] if first[:2] != first[:2].upper() else first


_WORDINGS: dict[str, _Wording] = {
    "equity_within_recommendation": _equity,
    "state_share_near_50": _share("the state", "50 %"),
    "region_share_near_25": _share("the region", "25 %"),
    "municipalities_share_near_25": _share("the municipalities", "25 %"),
    "region_municipalities_share_near_50": _share("region and municipalities", "50 %"),
    "known_conflicts": _parts_against_total,
    "parts_sum_to_total_with_unprinted_parts": _parts_against_total,
    "no_unresolved_conflicts": _conflicts,
    "individual_costs_within_total_costs": _individual_costs,
}
