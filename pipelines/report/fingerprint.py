"""A digest of everything a page is rendered from, to tell whether the published page can be linked.

Every value that reaches a page is encoded with its type and every field: a
dataclass by all its fields (a field added later is covered without touching
this file), collections in their order (sets sorted), numbers by their repr
(`Decimal('1.50')` differs from `Decimal('1.5')`, as their text may). A value
of a type not listed here raises TypeError rather than being left out: a page
reused because part of its input went unseen would be a stale page.

Documents and facts appear on several pages (a document on its own page, on
its federation's page and in the sources list), so their encodings are kept
for the build (`Fingerprints` lives as long as one build).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import Any

from markupsafe import Markup

from pipelines.report.charts import Chart
from pipelines.report.provenance import DocumentView, FactVersion

PLAIN = (str, int, float, Decimal, bool, type(None))
PLAIN_TYPES = frozenset(PLAIN)  # exactly these: a subclass (Markup is a str) is encoded as itself
_fact_values = attrgetter(*(f.name for f in dataclasses.fields(FactVersion) if f.name != "hidden"))


@cache
def _fields_of(kind: type) -> Callable[[Any], tuple] | None:
    """A getter of every field of a dataclass, as a tuple; None for a type that is not a dataclass."""
    if not dataclasses.is_dataclass(kind):
        return None
    names = [field.name for field in dataclasses.fields(kind)]
    getter = attrgetter(*names)
    return getter if len(names) > 1 else lambda value: (getter(value),)


class Fingerprints:
    """Encodes page inputs; documents and facts once per build."""

    def __init__(self) -> None:
        self._documents: dict[int, tuple[DocumentView, str]] = {}  # by id, with the object it is of
        self._facts: dict[int, tuple[FactVersion, str]] = {}
        self._versions: dict[int, tuple[list[FactVersion], str]] = {}

    def digest(self, *values: Any) -> str:
        parts: list[str] = []
        for value in values:
            self._encode(value, parts)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def _encode(self, value: Any, parts: list[str]) -> None:
        kind = type(value)
        if kind in PLAIN_TYPES:
            parts.append(repr(value))
        elif kind is FactVersion:
            parts.append(self.fact(value))
        elif kind is DocumentView:
            parts.append(self.document(value))
        elif kind is Chart:
            parts.append(chart_code(value))
        elif isinstance(value, Markup):
            parts.append("Markup " + repr(str(value)))
        elif isinstance(value, list | tuple):
            parts.append(f"{kind.__name__} {len(value)}")
            for item in value:
                if type(item) in PLAIN_TYPES:
                    parts.append(repr(item))
                elif not self._flat(item, parts):
                    self._encode(item, parts)
        elif isinstance(value, set | frozenset):
            parts.append(f"set {sorted(map(repr, value))!r}")
        elif isinstance(value, Mapping):
            parts.append(f"{kind.__name__} {len(value)}")
            for key, item in value.items():
                self._encode(key, parts)
                self._encode(item, parts)
        elif self._flat(value, parts):
            pass
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            parts.append(kind.__qualname__)
            for item in _fields_of(kind)(value):
                self._encode(item, parts)
        else:
            raise TypeError(f"a page input of type {kind.__name__} has no fingerprint")

    @staticmethod
    def _flat(value: Any, parts: list[str]) -> bool:
        """A dataclass whose fields are all plain values (a table cell, a line) at once; False otherwise."""
        getter = _fields_of(type(value))
        if getter is None:
            return False
        values = getter(value)
        for item in values:
            if type(item) not in PLAIN_TYPES:
                return False
        parts.append(f"{type(value).__qualname__} {values!r}")
        return True

    def fact(self, fact: FactVersion) -> str:
        kept = self._facts.get(id(fact))
        if kept is None or kept[0] is not fact:
            kept = self._facts[id(fact)] = (fact, f"fact {_fact_values(fact)!r} {sorted(fact.hidden)!r}")
        return kept[1]

    def versions(self, versions: list[FactVersion]) -> str:
        """Every version of one fact (Provenance.versions: a list that lives as long as the build)."""
        kept = self._versions.get(id(versions))
        if kept is None or kept[0] is not versions:
            digest = hashlib.sha256("\x1f".join(map(self.fact, versions)).encode()).hexdigest()
            kept = self._versions[id(versions)] = (versions, "versions " + digest)
        return kept[1]

    def document(self, document: DocumentView) -> str:
        """Every field of the document, its lines and its facts, as one digest."""
        kept = self._documents.get(id(document))
        if kept is None or kept[0] is not document:
            parts: list[str] = ["document"]
            self._encode(_fields_of(DocumentView)(document), parts)
            digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
            kept = self._documents[id(document)] = (document, digest)
        return kept[1]


def chart_code(chart: Chart) -> str:
    """A chart by its id, texts and the Vega-Lite spec its SVG is drawn from (not the SVG: not drawn yet)."""
    return "chart " + json.dumps([chart.chart_id, chart.title, chart.description, chart.spec])
