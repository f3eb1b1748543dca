"""The rows of a document view: every line, and under each line that carries facts, a card per fact.

Written as HTML here rather than in the template: a national landing has
thousands of documents with figures on most lines, and going through Jinja
for each line and card was most of the report's build time. Everything
shown is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from pipelines.report.provenance import DocumentFacts, DocumentView, FactVersion, href, line_anchor


class DocumentRows:
    """Writes a document's rows; `label` names a fact by its record type, code, item and federation alone."""

    def __init__(
        self,
        facts: DocumentFacts,
        label: Callable[[FactVersion], str],
        value: Callable[[FactVersion], str],
        sv: Callable[[str, str | None], str],
    ):
        self.facts, self.label, self.value, self.sv = facts, label, value, sv
        self._labels: dict[tuple, str] = {}
        self._words: dict[tuple[str, str | None], str] = {}
        self._escaped: dict[str | None, str] = {}

    def render(self, document: DocumentView) -> list[str]:
        """The document's rows as HTML, a line (and its cards) a part: its page writes them as they are."""
        by_line: dict[str, list[FactVersion]] = {}
        for fact in self.facts.facts_of(document):
            if fact.source_line is not None:
                by_line.setdefault(fact.source_line, []).append(fact)
        if document.in_landing:
            lines = self.facts.lines_of(document)
        else:  # only the lines a transcription cites, without text
            lines = [(ref, None) for ref in sorted(by_line, key=_ref_order)]
        return [self._line(ref, text, by_line.get(ref, [])) for ref, text in lines]

    def _line(self, ref: str, text: str | None, facts: list[FactVersion]) -> str:
        anchor = line_anchor(ref)
        if not facts:
            return f'<tr id="{anchor}"><td class="ref">{_e(ref)}</td><td class="text">{_e(text)}</td></tr>\n'
        if text is None:
            labels = list(dict.fromkeys(f.raw_label for f in facts if f.raw_label))
            shown = f'<span class="muted">{_e(" · ".join(labels) or "(texten saknas)")}</span>'
        else:
            shown = _e(text)
        cards = "".join(self._card(fact) for fact in facts)
        return (
            f'<tr id="{anchor}" class="has-facts"><td class="ref"><a href="#{anchor}">{_e(ref)}</a></td>'
            f'<td class="text">{shown}</td></tr>\n'
            f'<tr class="facts-of-line"><td></td><td>{cards}</td></tr>\n'
        )

    def _card(self, fact: FactVersion) -> str:
        version = (
            "gällande" if fact.is_current else _e(f"ersatt av {fact.superseded_by or 'en senare version'}")
        )
        others = self.facts.other_versions(fact)
        listed = (
            "<dt>Andra versioner</dt><dd><ul>" + "".join(self._other(fact, o) for o in others) + "</ul></dd>"
            if others
            else ""
        )
        return (
            '<div class="fact-card"><dl class="fact">'
            f"<dt>Siffra</dt><dd><strong>{self._label(fact)}</strong> {fact.fiscal_year}, "
            f"{self._word('scenario', fact.scenario)}: <strong>{_e(self.value(fact))}</strong></dd>"
            f"<dt>Tryckt rubrik</dt><dd>{_e(_shown(fact, 'raw_label', 'dold'))}</dd>"
            f"<dt>Status</dt><dd>{self._word('status', fact.status)}</dd>"
            f"<dt>Meddelande</dt><dd>{_e(_shown(fact, 'message', 'dolt'))}</dd>"
            f"<dt>Version</dt><dd>{version}</dd>{listed}</dl></div>"
        )

    def _other(self, fact: FactVersion, other: FactVersion) -> str:
        link = href(other, "../")
        name = self._escaped.get(other.source_file) or self._escape_once(other.source_file)
        where = f'<a href="{_e(link)}">{name}, rad {_e(other.source_line)}</a>' if link else name
        state = ", gällande" if other.is_current else (", ersatt av denna" if fact.is_current else "")
        return f"<li>{_e(self.value(other))} i {where} ({self._word('status', other.status)}{state})</li>"

    # a national report shows the same labels, words and file names on some 200 000 cards: escaped once
    def _label(self, fact: FactVersion) -> str:
        key = (fact.record_type, fact.code, fact.item, fact.federation_id)
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = _e(self.label(fact))
        return label

    def _word(self, domain: str, value: str | None) -> str:
        word = self._words.get((domain, value))
        if word is None:
            word = self._words[(domain, value)] = _e(self.sv(domain, value))
        return word

    def _escape_once(self, text: str | None) -> str:
        escaped = self._escaped[text] = _e(text)
        return escaped


def _e(text) -> str:
    """Escaped for HTML; None as nothing."""
    return "" if text is None else html.escape(str(text), quote=True)


def _shown(fact: FactVersion, column: str, hidden_word: str) -> str:
    value = getattr(fact, column)
    if value is not None:
        return value
    return hidden_word if column in fact.hidden else "–"


def _ref_order(ref: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in ref.split(":"))
