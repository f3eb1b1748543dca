"""An årsredovisning: statements, five-year overview, cost distribution, budget follow-up and the
year's participants and exits, each figure with its fact.

The figures come from `economy.Statements` and the participant exports, so the
report agrees with itself (balance sheet, cash flow and overview) and with the
federation's participant files.
"""

from __future__ import annotations

import random
from datetime import date

from pipelines.synth.budget_rows import STATE_LABELS, cost_rows, member_rows
from pipelines.synth.document import Cell, Document, Prose, Row, Table, fact
from pipelines.synth.economy import Economy, Lines, Statements
from pipelines.synth.federations import Federation
from pipelines.synth.participants import Counts
from pipelines.synth.prose import report_paragraphs

GENDER_LABELS = {"female": "Kvinna", "male": "Man", "non_binary": "Ickebinär", "unknown": "Okänt"}
EXIT_LABELS = {
    "work_subsidized": "Arbete med subvention",
    "work_unsubsidized": "Arbete utan subvention",
    "studies": "Studier CSN",
    "job_seeking": "Aktivt arbetssökande",
    "to_employment_service": "Vidare till Arbetsförmedlingen",
    "to_social_insurance": "Vidare till Försäkringskassan",
    "to_social_services": "Vidare till socialtjänsten",
    "to_healthcare": "Vidare till vård/region",
    "assessment_completed": "Kartläggning avslutad",
    "dropped_own_request": "Avbrutit - egen begäran",
    "dropped_other": "Avbrutit - annan känd anledning",
    "moved": "Avbrutit - flytt från kommunen",
    "other": "Övrigt",
}


class _Facts:
    """Fact maker for one report: federation fixed, statement outcome unless told otherwise."""

    def __init__(self, federation_id: str):
        self.federation_id = federation_id

    def cell(
        self,
        record_type: str,
        code: str,
        year: int,
        printed: int,
        label: str,
        *,
        unit: str = "sek",
        scenario: str = "outcome",
        item: str = "",
        magnitude: bool = False,
    ) -> Cell:
        value = abs(printed) if magnitude else printed
        made = fact(record_type, self.federation_id, year, scenario, code, item, value, unit, label)
        return Cell(printed, unit, made)


def report_document(
    federation: Federation, economy: Economy, year: int, counts: Counts, rng: random.Random
) -> Document:
    facts = _Facts(federation.federation_id)
    now, before = economy.statements[year], economy.statements[year - 1]
    blocks = [
        Prose(tuple(_opening(federation, year, rng))),
        _contributions_prose(facts, now, year),
        _overview(facts, economy, year, rng),
        _caption(
            "Soliditeten visar hur stor del av tillgångarna som finansieras med eget kapital vid årets slut."
        ),
        Prose(("1.2 Kostnader per verksamhetsområde", "")),
        _costs(facts, now, year),
        _caption(
            "Fördelningen bygger på hur kansliets tid och insatsernas kostnader har använts under året."
        ),
        Prose(("1.3 Deltagare och resultat", "")),
        _gender(facts, counts, year),
        _caption("Uppgifterna om deltagarna kommer från uppföljningen av de individinriktade insatserna."),
        _ages(facts, counts, year),
        _caption("Åldersgrupperna avser deltagarens ålder vid inskrivningen i den finansierade insatsen."),
        _exits(facts, counts, year),
        _caption(
            "Avsluten redovisas för alla deltagare som har skrivits ut ur en insats under verksamhetsåret."
        ),
        Prose(("2. Resultaträkning", "")),
        _income(facts, before, now),
        _caption(
            "Resultatet efter finansiella poster är årets resultat, eftersom inga extraordinära poster finns."
        ),
        Prose(("3. Balansräkning", "")),
        _balance(facts, before, now),
        _caption(
            "Förbundet har inga anläggningstillgångar och inga avsättningar för pensioner vid årets slut."
        ),
        Prose(("4. Kassaflödesanalys", "")),
        _cashflow(facts, before, now),
        _caption(
            "Likvida medel är förbundets tillgodohavande på bankkonto hos den kommun som sköter ekonomin."
        ),
        Prose(("5. Driftredovisning", "")),
        _drift(facts, federation, economy.budgets[year], now.outcome, year),
        _caption(
            "Avvikelserna mot budget förklaras främst av att insatserna har haft färre deltagare än planerat."
        ),
        Prose(("6. Noter", "", "Redovisningen följer lagen om kommunal bokföring och redovisning.", "")),
    ]
    signed = date(year + 1, rng.choice((2, 3)), rng.randint(1, 28)).isoformat()
    blocks.append(Prose((f"Datum: {signed.replace('-', '.')}",)))
    stem = f"{federation.federation_id.replace('_', '-')}_arsredovisning-{year}"
    return Document(
        stem,
        "arsredovisning",
        federation.federation_id,
        year,
        signed,
        f"Årsredovisning {year}",
        tuple(blocks),
    )


def _caption(text: str) -> Prose:
    """A sentence under a table: real reports comment their tables, and prose ends a table section."""
    return Prose(("", text, ""))


def _opening(federation: Federation, year: int, rng: random.Random) -> list[str]:
    lines = [federation.name, "", f"Årsredovisning {year}", "", "1. Förvaltningsberättelse", ""]
    return lines + report_paragraphs(federation, year, rng)


def _contributions_prose(facts: _Facts, now: Statements, year: int) -> Prose:
    contributions = now.outcome.contributions
    lines = [f"Medlemmarnas tilldelning till förbundet {year} uppgick till {_kronor(contributions)} kronor."]
    cell = facts.cell("budget_line", "contributions_total", year, contributions, lines[0][:40])
    found = [(0, cell.fact)]
    if now.outcome.esf:
        lines.append(f"Därutöver har förbundet tagit emot {_kronor(now.outcome.esf)} kr i ESF-medel.")
    return Prose((*lines, ""), tuple(found))


def _kronor(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _overview(facts: _Facts, economy: Economy, year: int, rng: random.Random) -> Table:
    years = list(range(year, year - 5, -1))
    if rng.random() < 0.5:
        years.reverse()
    series = [economy.statements[y] for y in years]

    def row(label: str, code: str, value, unit: str = "sek", magnitude: bool = False) -> Row:
        cells = tuple(
            facts.cell("statement", code, s.year, value(s), label, unit=unit, magnitude=magnitude)
            for s in series
        )
        return Row(label, cells)

    rows = (
        row("Verksamhetens intäkter", "kf_operating_income", lambda s: s.operating_income),
        row("Verksamhetens kostnader", "kf_operating_costs", lambda s: -s.operating_costs, magnitude=True),
        row("Årets resultat", "kf_result", lambda s: s.result),
        row("Soliditet", "kf_soliditet", lambda s: s.soliditet, "pct"),
        row("Antal anställda", "kf_employees", lambda s: s.employees, "count"),
    )
    return Table(
        "overview", "1.1 Översikt över verksamhetens utveckling", tuple(map(str, years)), rows, "Belopp i tkr"
    )


def _costs(facts: _Facts, now: Statements, year: int) -> Table:
    labels = ("Administration", "Individinriktade insatser", "Strukturövergripande insatser")
    codes = ("cd_administration", "cd_individual", "cd_structural")
    rows = [
        Row(label, (facts.cell("statement", code, year, value, label),))
        for label, code, value in zip(labels, codes, now.cost_distribution, strict=True)
    ]
    rows.append(Row("Summa", (facts.cell("statement", "cd_total", year, now.operating_costs, "Summa"),)))
    return Table(
        "costs", "Kostnadsfördelning", ("Belopp i tkr",), tuple(rows), "Kostnadsindelning", extra="Procent"
    )


def _count(facts: _Facts, year: int, record_type: str, code: str, label: str, n: int, item: str = "") -> Row:
    return Row(label, (facts.cell(record_type, code, year, n, label, unit="count", item=item),))


def _gender(facts: _Facts, counts: Counts, year: int) -> Table:
    rows = [
        _count(facts, year, "participants", "participants_gender", GENDER_LABELS[gender], n, gender)
        for gender, n in counts.genders.items()
    ]
    rows.append(_count(facts, year, "participants", "participants_total", "Antal inskrivna", counts.total))
    return Table("gender", "", ("Antal",), tuple(rows), "Kön")


def _ages(facts: _Facts, counts: Counts, year: int) -> Table:
    rows = [
        _count(facts, year, "participants", "participants_age", f"{band} år", n, band)
        for band, n in counts.ages.items()
    ]
    rows.append(_count(facts, year, "participants", "participants_total", "Antal inskrivna", counts.total))
    return Table("age", "", ("Antal",), tuple(rows), "Åldersgrupp")


def _exits(facts: _Facts, counts: Counts, year: int) -> Table:
    exits = [(code, n) for code, n in counts.exits.items() if n]
    rows = [_count(facts, year, "outcome", code, EXIT_LABELS[code], n) for code, n in exits]
    rows.append(_count(facts, year, "outcome", "exits_total", "Totalt", sum(counts.exits.values())))
    return Table("exits", "", ("Antal",), tuple(rows), "Resultat antal individer", extra="Fördelning i %")


def _two_years(facts: _Facts, before: Statements, now: Statements, spec) -> tuple[Row, ...]:
    """Rows of a statement printed for the previous and the current year."""
    rows = []
    for label, code, value, note, magnitude in spec:
        if code is None:
            rows.append(Row(label))
            continue
        cells = tuple(
            facts.cell("statement", code, s.year, value(s), label, magnitude=magnitude) for s in (before, now)
        )
        rows.append(Row(label, cells, note=note))
    return tuple(rows)


def _income(facts: _Facts, before: Statements, now: Statements) -> Table:
    spec = (
        ("Verksamhetens intäkter", "rr_operating_income", lambda s: s.operating_income, "1", False),
        ("Verksamhetens kostnader", "rr_operating_costs", lambda s: -s.operating_costs, "2", True),
        ("Avskrivningar", "rr_depreciation", lambda s: 0, "", True),
        ("Verksamhetens nettokostnader", "rr_net_operating_costs", lambda s: s.net_operating, "", False),
        ("Finansiella intäkter", "rr_financial_income", lambda s: s.financial_income, "3", False),
        ("Finansiella kostnader", "rr_financial_costs", lambda s: -s.financial_costs, "4", True),
        ("Resultat efter finansiella poster", "rr_result_after_financial", lambda s: s.result, "", False),
        ("Årets resultat", "rr_result", lambda s: s.result, "", False),
    )
    return Table(
        "income",
        "Resultaträkning",
        (str(before.year), str(now.year)),
        _two_years(facts, before, now, spec),
        "Belopp i tkr",
        notes=True,
    )


def _balance(facts: _Facts, before: Statements, now: Statements) -> Table:
    spec = (
        ("TILLGÅNGAR", None, None, "", False),
        ("Omsättningstillgångar", None, None, "", False),
        ("Fordringar", "br_receivables", lambda s: s.receivables, "5", False),
        ("Kassa och bank", "br_cash", lambda s: s.cash, "6", False),
        ("Summa omsättningstillgångar", "br_current_assets_total", lambda s: s.assets, "", False),
        ("Summa tillgångar", "br_assets_total", lambda s: s.assets, "", False),
        ("EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER", None, None, "", False),
        ("Eget kapital", None, None, "", False),
        ("Årets resultat", "br_equity_result", lambda s: s.result, "", False),
        ("Övrigt eget kapital", "br_equity_other", lambda s: s.equity_opening, "", False),
        ("Summa eget kapital", "br_equity_total", lambda s: s.equity, "", False),
        ("Skulder", None, None, "", False),
        ("Kortfristiga skulder", "br_liabilities_short", lambda s: s.liabilities, "7", False),
        ("Summa skulder", "br_liabilities_total", lambda s: s.liabilities, "", False),
        (
            "Summa eget kapital, avsättningar och skulder",
            "br_equity_and_liabilities_total",
            lambda s: s.equity + s.liabilities,
            "",
            False,
        ),
    )
    return Table(
        "balance",
        "Balansräkning",
        (str(before.year), str(now.year)),
        _two_years(facts, before, now, spec),
        "Belopp i tkr",
        notes=True,
    )


def _cashflow(facts: _Facts, before: Statements, now: Statements) -> Table:
    spec = (
        ("Årets resultat", "cf_result", lambda s: s.result, "", False),
        ("Förändring av omsättningstillgångar", "cf_change_current_assets", _receivables_change, "", False),
        ("Förändring av kortfristiga skulder", "cf_change_short_liabilities", _liabilities_change, "", False),
        ("Kassaflöde från den löpande verksamheten", "cf_operating", lambda s: s.cash_flow, "", False),
        ("Årets kassaflöde", "cf_year", lambda s: s.cash_flow, "", False),
        ("Likvida medel vid årets början", "cf_cash_opening", lambda s: s.cash_opening, "", False),
        ("Likvida medel vid årets slut", "cf_cash_closing", lambda s: s.cash, "", False),
    )
    return Table(
        "cashflow",
        "Kassaflödesanalys",
        (str(before.year), str(now.year)),
        _two_years(facts, before, now, spec),
        "Belopp i tkr",
    )


def _receivables_change(statements: Statements) -> int:
    return statements.change_receivables


def _liabilities_change(statements: Statements) -> int:
    return statements.change_liabilities


def _drift(facts: _Facts, federation: Federation, budget: Lines, outcome: Lines, year: int) -> Table:
    """The budget follow-up: budget and outcome of the year, line by line (budget_line facts)."""
    columns = (("budget", budget), ("outcome", outcome))

    def row(label: str, code: str, value, item: str = "", child: bool = False) -> Row:
        cells = tuple(
            facts.cell(
                "budget_line",
                code,
                year,
                value(lines),
                label,
                scenario=scenario,
                item=item,
                magnitude=code != "result",
            )
            for scenario, lines in columns
        )
        return Row(label, cells, child)

    with_esf = bool(budget.esf or outcome.esf)
    rows = [
        row("Verksamhetens intäkter", "income_total", lambda x: x.income)
        if with_esf
        else row("Finansiering från medlemmar", "contributions_total", lambda x: x.contributions)
    ]
    # One state row named as the member it is: with the members known, the extractor takes neither
    # `Staten` nor `Försäkringskassan och Arbetsförmedlingen` for the state's contribution.
    rows += member_rows(row, federation, STATE_LABELS[0])
    if with_esf:
        rows.append(row("ESF-medel", "other_income", lambda x: x.esf, "esf", True))
    rows += cost_rows(row, [budget, outcome], "Kansli och administration", rent_row=False)
    rows.append(row("Årets resultat", "result", lambda x: x.result))
    return Table(
        "drift", "Driftredovisning", (f"Budget {year}", f"Utfall {year}"), tuple(rows), "Belopp i tkr"
    )
