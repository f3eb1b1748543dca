"""The reviewed suite files in expectations/: YAML in, typed suite specs out.

A suite file names the table it checks, the Dagster asset it belongs to and
its expectations, each with a severity (`error` blocks the refresh, `warning`
is shown and kept) and the reason it exists. Value sets that the seeds own
are written as references (`{seed: federations.csv, column: federation_id}`)
and resolved here, so a suite and the seeds can never disagree.

Loading is pure and needs neither DuckDB nor Great Expectations: Dagster
reads these specs when it loads the code location, and importing GX there
would cost every `dagster dev` and CLI start several seconds.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipelines.foundation.reference import NOTHING_REGISTERED, Registered, listed_rows
from pipelines.foundation.settings import PROJECT_ROOT, SEEDS_DIR

EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

_TABLE = re.compile(r"^[a-z_]+\.[a-z_][a-z0-9_]*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SUITE_KEYS = {"suite", "asset", "table", "frame", "keys", "scope", "description", "expectations"}
_EXPECTATION_KEYS = {"name", "type", "severity", "why", "kwargs", "where"}
# GX 1.24 counts missing values below zero for these with a row condition and raises instead of
# validating: use a column that is NULL where the expectation does not apply (frames.py).
_NO_ROW_CONDITION = {"expect_column_pair_values_to_be_in_set"}
# libyaml's parser when PyYAML has it (the same documents, ten times faster: every check step, the
# dbt asset and the run summary load the suites); the pure-Python one otherwise
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Scope(StrEnum):
    """Which rows of its table a suite checks when a refresh rebuilt only some fiscal years.

    `fiscal_year`: the rows of the rebuilt years (every rule of the suite
    compares rows within a federation year, so the other years' results stand);
    `start_year`: rows whose `start_date` falls in a rebuilt year (participant
    records: a duplicate has the same start); `whole`: every row, every refresh
    (the default: a suite checks everything unless it says it need not).
    """

    FISCAL_YEAR = "fiscal_year"
    START_YEAR = "start_year"
    WHOLE = "whole"


class Severity(StrEnum):
    """What a failed expectation does: `error` blocks downstream assets, `warning` does not."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def gx_severity(self) -> str:
        """GX's own word for it (an expectation's `severity` field)."""
        return "critical" if self is Severity.ERROR else "warning"


class SuiteFileError(ValueError):
    """A suite file that cannot be used, with the file and the reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class ExpectationSpec:
    name: str
    type: str
    severity: Severity
    why: str
    kwargs: Mapping[str, Any]
    where: Mapping[str, Any] | None = None

    @property
    def columns(self) -> list[str]:
        """The columns the expectation checks (none: a table-level expectation)."""
        return expectation_columns(self.kwargs)


DOMAIN_KWARGS = ("column", "column_A", "column_B")


def expectation_columns(kwargs: Mapping[str, Any]) -> list[str]:
    """The columns an expectation's kwargs name as its domain (DOMAIN_KWARGS and `column_list`)."""
    return [kwargs[name] for name in DOMAIN_KWARGS if name in kwargs] + list(kwargs.get("column_list") or [])


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    asset: tuple[str, ...]
    table: str
    frame: str
    keys: tuple[str, ...]
    description: str
    expectations: tuple[ExpectationSpec, ...]
    path: Path
    scope: Scope = Scope.WHOLE

    @property
    def blocking(self) -> bool:
        """A suite blocks downstream assets when any of its expectations is an error."""
        return any(spec.severity is Severity.ERROR for spec in self.expectations)

    @property
    def layer(self) -> str:
        """The first part of the asset key (`raw`, `marts`): suites of one layer run in one step."""
        return self.asset[0]


def check_name(suite: SuiteSpec, severity: Severity = Severity.ERROR) -> str:
    """`gx_<suite>` for its errors, `gx_<suite>_warnings` for its warnings (apart from the dbt tests)."""
    return f"gx_{suite.name}" if severity is Severity.ERROR else f"gx_{suite.name}_warnings"


def suite_severities(suite: SuiteSpec) -> list[Severity]:
    """The severities the suite's expectations have, errors first: one check each."""
    present = {spec.severity for spec in suite.expectations}
    return [severity for severity in (Severity.ERROR, Severity.WARNING) if severity in present]


def load_suites(
    folder: Path = EXPECTATIONS_DIR, registered: Registered = NOTHING_REGISTERED
) -> tuple[SuiteSpec, ...]:
    """Every `*.yml` suite in `folder`, sorted by name; names must be unique.

    Value sets taken from `federations.csv` or `members.csv` include `registered`
    (the landing's registrations, pipelines/ingest/registrations.py).
    """
    loaded = (load_suite(path, registered) for path in folder.glob("*.yml"))
    suites = tuple(sorted(loaded, key=lambda s: s.name))
    seen: dict[str, Path] = {}
    for suite in suites:
        if suite.name in seen:
            raise SuiteFileError(
                suite.path, f"suite name {suite.name!r} is also used by {seen[suite.name].name}"
            )
        seen[suite.name] = suite.path
    return suites


def load_suite(path: Path, registered: Registered = NOTHING_REGISTERED) -> SuiteSpec:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        raise SuiteFileError(path, f"not valid YAML: {error}") from error
    if not isinstance(document, dict):
        raise SuiteFileError(path, "not a mapping")
    _require(path, document, _SUITE_KEYS - {"frame", "keys", "scope"}, _SUITE_KEYS, "suite")
    if not _NAME.match(str(document["suite"])):
        raise SuiteFileError(path, f"suite name {document['suite']!r} is not a lower-case slug")
    if not _TABLE.match(str(document["table"])):
        raise SuiteFileError(path, f"table {document['table']!r} is not schema.table")
    expectations = tuple(_expectation(path, entry, registered) for entry in document["expectations"] or [])
    try:
        scope = Scope(document.get("scope", Scope.WHOLE))
    except ValueError:
        raise SuiteFileError(
            path, f"scope {document['scope']!r} is not one of {', '.join(scope for scope in Scope)}"
        ) from None
    names = [spec.name for spec in expectations]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise SuiteFileError(path, f"expectation names used twice: {', '.join(duplicates)}")
    return SuiteSpec(
        name=document["suite"],
        asset=tuple(document["asset"]),
        table=document["table"],
        frame=document.get("frame", "rows"),
        keys=tuple(document.get("keys", ())),
        description=" ".join(str(document["description"]).split()),
        expectations=expectations,
        path=path,
        scope=scope,
    )


def _expectation(path: Path, entry: Any, registered: Registered) -> ExpectationSpec:
    if not isinstance(entry, dict):
        raise SuiteFileError(path, f"expectation {entry!r} is not a mapping")
    _require(
        path, entry, _EXPECTATION_KEYS - {"where"}, _EXPECTATION_KEYS, f"expectation {entry.get('name')}"
    )
    name = str(entry["name"])
    if not _NAME.match(name):
        raise SuiteFileError(path, f"expectation name {name!r} is not a lower-case slug")
    if not str(entry["type"]).startswith("expect_"):
        raise SuiteFileError(path, f"{name}: type {entry['type']!r} is not a GX expectation")
    try:
        severity = Severity(entry["severity"])
    except ValueError:
        raise SuiteFileError(
            path, f"{name}: severity {entry['severity']!r} is not error or warning"
        ) from None
    if entry.get("where") and entry["type"] in _NO_ROW_CONDITION:
        raise SuiteFileError(
            path, f"{name}: GX 1.x cannot run {entry['type']} with a row condition (`where`)"
        )
    kwargs = {key: _resolve(path, name, value, registered) for key, value in (entry["kwargs"] or {}).items()}
    return ExpectationSpec(
        name=name,
        type=entry["type"],
        severity=severity,
        why=" ".join(str(entry["why"]).split()),
        kwargs=kwargs,
        where=entry.get("where"),
    )


def _require(path: Path, entry: dict, required: set[str], allowed: set[str], what: str) -> None:
    missing = sorted(required - entry.keys())
    unknown = sorted(entry.keys() - allowed)
    if missing:
        raise SuiteFileError(path, f"{what}: missing {', '.join(missing)}")
    if unknown:
        raise SuiteFileError(path, f"{what}: unknown keys {', '.join(unknown)}")


def _resolve(path: Path, name: str, value: Any, registered: Registered) -> Any:
    """Replace a seed reference by the seed's values; anything else is kept as written.

    `{seed: codes.csv, column: code, where: {record_type: budget_line}}` is one
    column of the rows that match `where`; `columns: [a, b]` gives pairs.
    """
    if not (isinstance(value, dict) and "seed" in value):
        return value
    seed = SEEDS_DIR / value["seed"]
    if not seed.is_file():
        raise SuiteFileError(path, f"{name}: no seed {value['seed']!r} in seeds/")
    rows = [
        row
        for row in _rows_with_registrations(seed, registered)
        if all(row[k] == v for k, v in (value.get("where") or {}).items())
    ]
    if "column" in value:
        return sorted({row[value["column"]] for row in rows})
    if "columns" in value:
        pairs = {tuple(row[column] for column in value["columns"]) for row in rows}
        if "joined" in value:  # one column holding `a:b`, for checks GX runs slowly on column pairs
            return sorted(str(value["joined"]).join(pair) for pair in pairs)
        return sorted(pairs)
    raise SuiteFileError(path, f"{name}: a seed reference needs `column` or `columns`")


def _rows_with_registrations(seed: Path, registered: Registered) -> tuple[dict[str, str], ...]:
    """Federations and members also come from the landing's registrations; other seeds do not."""
    listed = listed_rows(seed.name, registered) if seed.parent == SEEDS_DIR else None
    return listed if listed is not None else _seed_rows(seed)


@cache
def _seed_rows(seed: Path) -> tuple[dict[str, str], ...]:
    with seed.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))
