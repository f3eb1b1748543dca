"""The rows of a document view: every line, and under each line that carries facts, a card per fact.

Written as HTML here rather than in the template: a national landing has
thousands of documents with figures on most lines, and going through Jinja
for each line and card was most of the report's build time. Everything
shown is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from markupsafe import Markup

from pipelines.report.provenance import DocumentView, FactVersion, Provenance, line_anchor


class DocumentRows:
    def __init__(
        self,
        provenance: Provenance,
        label: Callable[[FactVersion], str],
        value: Callable[[FactVersion], str],
        sv: Callable[[str, str | None], str],
    ):
        self.provenance, self.label, self.value, self.sv = provenance, label, value, sv

    def render(self, document: DocumentView) -> Markup:
        by_line: dict[str, list[FactVersion]] = {}
        for fact in document.facts:
            if fact.source_line is not None:
                by_line.setdefault(fact.source_line, []).append(fact)
        if document.in_landing:
            lines = [(line.ref, line.text) for line in document.lines]
        else:  # only the lines a transcription cites, without text
            lines = [(ref, None) for ref in sorted(by_line, key=_ref_order)]
        return Markup("".join(self._line(ref, text, by_line.get(ref, [])) for ref, text in lines))

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
        version = "gällande" if fact.is_current else f"ersatt av {fact.superseded_by or 'en senare version'}"
        figure = (
            f"<strong>{_e(self.label(fact))}</strong> {fact.fiscal_year}, "
            f"{_e(self.sv('scenario', fact.scenario))}: <strong>{_e(self.value(fact))}</strong>"
        )
        rows = [
            ("Siffra", figure),
            ("Tryckt rubrik", _e(_shown(fact, "raw_label", "dold"))),
            ("Status", _e(self.sv("status", fact.status))),
            ("Meddelande", _e(_shown(fact, "message", "dolt"))),
            ("Version", _e(version)),
        ]
        others = self.provenance.other_versions(fact)
        if others:
            rows.append(("Andra versioner", "<ul>" + "".join(self._other(fact, o) for o in others) + "</ul>"))
        body = "".join(f"<dt>{term}</dt><dd>{html}</dd>" for term, html in rows)
        return f'<div class="fact-card"><dl class="fact">{body}</dl></div>'

    def _other(self, fact: FactVersion, other: FactVersion) -> str:
        href = self.provenance.href(other, "../")
        name = _e(other.source_file)
        where = f'<a href="{_e(href)}">{name}, rad {_e(other.source_line)}</a>' if href else name
        state = ", gällande" if other.is_current else (", ersatt av denna" if fact.is_current else "")
        return f"<li>{_e(self.value(other))} i {where} ({_e(self.sv('status', other.status))}{state})</li>"


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
