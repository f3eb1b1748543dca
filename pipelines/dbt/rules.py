"""The data rules the dbt project declares on single columns, read from its manifest.

A model's rules live in one `rules` test in its YAML (dbt_project/README.md,
"Data tests"): `columns: {<column>: [not_null, {accepted_values: [...]}, ...]}`
and `keys: [...]` over several columns. Readers that describe a column (the
NNS export's data dictionary) need the single-column ones; dbt's own column
tests (`not_null`, `accepted_values`, `relationships`), should a model still
declare one, count the same. A test with a `where` config holds for some rows
only and is not a rule of the column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

RULES_TEST = "rules"
_DBT_COLUMN_TESTS = ("not_null", "unique", "accepted_values", "relationships")
_REF = re.compile(r"ref\(\s*['\"]([^'\"]+)['\"]\s*\)")


@dataclass(frozen=True)
class ColumnRule:
    model: str  # the model or seed the rule is declared on
    column: str
    kind: str  # not_null | unique | accepted_values | value_between | relationships
    values: tuple = ()  # accepted_values: the values allowed
    minimum: Any = None  # value_between: the inclusive bounds
    maximum: Any = None
    parent: str | None = None  # relationships: the model or seed referred to


def column_rules(manifest: Mapping[str, Any]) -> Iterator[ColumnRule]:
    """Every unconditional single-column rule of the manifest's tests, in declaration order."""
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "test" or (node.get("config") or {}).get("where"):
            continue
        metadata = node.get("test_metadata") or {}
        model = (node.get("attached_node") or "").split(".")[-1]
        kwargs = metadata.get("kwargs") or {}
        if metadata.get("name") == RULES_TEST:
            for column, rules in (kwargs.get("columns") or {}).items():
                for rule in rules:
                    kind, options = _kind_and_options(rule)
                    yield _column_rule(model, column, kind, options)
        elif node.get("column_name") and metadata.get("name") in _DBT_COLUMN_TESTS:
            yield _builtin_rule(model, node["column_name"], metadata["name"], kwargs)


def _builtin_rule(model: str, column: str, kind: str, kwargs: Mapping[str, Any]) -> ColumnRule:
    """The rule of one of dbt's own column tests."""
    if kind == "accepted_values":
        return ColumnRule(model, column, kind, values=tuple(kwargs.get("values", ())))
    if kind == "relationships":
        return ColumnRule(model, column, kind, parent=_parent(kwargs.get("to")))
    return ColumnRule(model, column, kind)


def _kind_and_options(rule: Any) -> tuple[str, Any]:
    """`not_null` or `{accepted_values: [...]}` as (kind, options)."""
    if isinstance(rule, str):
        return rule, None
    ((kind, options),) = rule.items()
    return kind, options


def _column_rule(model: str, column: str, kind: str, options: Any) -> ColumnRule:
    if kind == "accepted_values":
        values = options.get("values", ()) if isinstance(options, Mapping) else options
        return ColumnRule(model, column, kind, values=tuple(values))
    if kind == "value_between":
        minimum, maximum = options
        return ColumnRule(model, column, kind, minimum=minimum, maximum=maximum)
    if kind == "relationships":
        parent = options.get("to") if isinstance(options, Mapping) else options
        return ColumnRule(model, column, kind, parent=_parent(parent))
    return ColumnRule(model, column, kind)


def _parent(to: Any) -> str:
    """'dim_federations' from "ref('dim_federations')"; '' when `to` is not a ref."""
    found = _REF.search(str(to or ""))
    return found.group(1) if found else ""
