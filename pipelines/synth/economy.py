"""A federation's money year by year: budgets, what actually happened, and the statements that follow.

All amounts are whole kronor and whole thousands, so a table in tkr and one in
kronor print the same figures exactly. Member contributions keep the statutory
split to the krona: the state pays half, the region a quarter, and the
municipalities the last quarter by population weight. Equity carries from year to
year, so the balance sheet, the cash flow and the five-year overview agree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pipelines.synth.federations import Federation

TKR = 1000
HISTORY_YEARS = 5  # years before the first document year, for the five-year overview
PLAN_YEARS = 2  # a plan's later years
BOARD_PARTS = ("board_fixed_fees", "board_meeting_fees", "board_lost_earnings", "board_travel",
               "board_payroll_tax", "board_other")  # fmt: skip
ADMIN_PARTS = ("admin_courses", "admin_audit", "admin_administration", "admin_information", "admin_other")
_BOARD_SHARES = (28, 14, 16, 8, 25, 9)
_ADMIN_SHARES = (30, 18, 35, 7, 10)


@dataclass(frozen=True)
class Lines:
    """One year's budget lines (a budget, a plan year, or the outcome), leaves only; totals are sums."""

    state: int
    region: int
    municipalities: tuple[tuple[str, int], ...]  # (member_id, kronor)
    esf: int
    equity_used: int
    board: tuple[int, ...]  # in BOARD_PARTS order
    office_director: int
    premises_rent: int
    admin: tuple[int, ...]  # in ADMIN_PARTS order
    interventions: tuple[tuple[str, int], ...]  # (name, kronor)
    unallocated: int

    @property
    def contributions(self) -> int:
        return self.state + self.region + sum(amount for _, amount in self.municipalities)

    @property
    def income(self) -> int:
        return self.contributions + self.esf

    @property
    def available(self) -> int:
        return self.income + self.equity_used

    @property
    def board_total(self) -> int:
        return sum(self.board)

    @property
    def admin_total(self) -> int:
        return sum(self.admin)

    @property
    def interventions_total(self) -> int:
        return sum(amount for _, amount in self.interventions) + self.unallocated

    @property
    def costs(self) -> int:
        return (
            self.board_total
            + self.office_director
            + self.premises_rent
            + self.admin_total
            + (self.interventions_total)
        )

    @property
    def result(self) -> int:
        return self.income - self.costs


@dataclass(frozen=True)
class Statements:
    """The annual report's figures for one year, in kronor, signs as the contract stores them."""

    year: int
    outcome: Lines
    financial_income: int
    financial_costs: int
    receivables: int
    cash: int
    equity_opening: int
    liabilities: int
    cash_opening: int
    receivables_opening: int
    liabilities_opening: int
    employees: int

    @property
    def operating_income(self) -> int:
        return self.outcome.income

    @property
    def operating_costs(self) -> int:
        return self.outcome.costs

    @property
    def net_operating(self) -> int:
        return self.operating_income - self.operating_costs

    @property
    def result(self) -> int:
        return self.net_operating + self.financial_income - self.financial_costs

    @property
    def equity(self) -> int:
        return self.equity_opening + self.result

    @property
    def assets(self) -> int:
        return self.receivables + self.cash

    @property
    def soliditet(self) -> int:
        return round(self.equity * 100 / self.assets) if self.assets else 0

    @property
    def change_receivables(self) -> int:
        return self.receivables_opening - self.receivables

    @property
    def change_liabilities(self) -> int:
        return self.liabilities - self.liabilities_opening

    @property
    def cash_flow(self) -> int:
        return self.result + self.change_receivables + self.change_liabilities

    @property
    def cost_distribution(self) -> tuple[int, int, int]:
        """Administration, individual and structural interventions: a fixed reading of the cost lines."""
        lines = self.outcome
        administration = (
            round(lines.office_director * 0.4 / TKR) * TKR + lines.admin_total + lines.premises_rent
        )
        individual = lines.interventions_total
        return administration, individual, self.operating_costs - administration - individual


class Economy:
    """A federation's years from HISTORY_YEARS before `first_year` to PLAN_YEARS after `last_year`."""

    def __init__(self, federation: Federation, seed: int, first_year: int, last_year: int):
        self.federation = federation
        self.seed = seed
        self.start = first_year - HISTORY_YEARS
        self.end = last_year + PLAN_YEARS
        self.budgets: dict[int, Lines] = {}
        self.statements: dict[int, Statements] = {}
        self._run()

    def _rng(self, year: int, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.federation.federation_id}:{year}:{purpose}")

    def quarter_tkr(self, year: int) -> int:
        """A quarter of the year's member contributions in tkr: grows in steps, as allocations do."""
        quarter = self.federation.base_quarter_tkr
        for earlier in range(self.start + 1, year + 1):
            step = self._rng(earlier, "growth").choice((0, 0, 0, 1, 2, 3))
            quarter += round(quarter * step / 100)
        return quarter

    def _run(self) -> None:
        equity = (
            self.quarter_tkr(self.start) * 4 * TKR * self._rng(self.start, "equity").randint(20, 70) // 100
        )
        equity = equity // TKR * TKR
        receivables, liabilities, cash = 0, 0, 0
        for year in range(self.start, self.end + 1):
            budget = self._budget(year, equity)
            self.budgets[year] = budget
            statements = self._statements(year, budget, equity, receivables, liabilities, cash)
            self.statements[year] = statements
            equity, receivables = statements.equity, statements.receivables
            liabilities, cash = statements.liabilities, statements.cash

    def _budget(self, year: int, equity: int) -> Lines:
        rng = self._rng(year, "budget")
        quarter = self.quarter_tkr(year)
        contributions = 4 * quarter * TKR
        esf = rng.randint(10, 60) * 10 * TKR if self._rng(year // 3, "esf").random() < 0.3 else 0
        above = equity - contributions // 5
        equity_used = round(above * rng.uniform(0.3, 0.7) / TKR) * TKR if above > 50 * TKR else 0
        spend = contributions + esf + equity_used - rng.randint(0, max(1, quarter // 25)) * TKR
        board = _split(round(spend * rng.uniform(0.05, 0.08) / TKR), _BOARD_SHARES)
        office = round(spend * rng.uniform(0.2, 0.32) / TKR) * TKR
        premises = round(spend * rng.uniform(0.005, 0.025) / TKR) * TKR
        admin = _split(round(spend * rng.uniform(0.05, 0.09) / TKR), _ADMIN_SHARES)
        rest = spend - sum(board) - office - premises - sum(admin)
        unallocated = round(rest * rng.choice((0, 0, 0.1, 0.2)) / TKR) * TKR
        names = self._interventions(year, rng)
        amounts = _split((rest - unallocated) // TKR, tuple(rng.randint(2, 9) for _ in names))
        return Lines(
            state=2 * quarter * TKR,
            region=quarter * TKR,
            municipalities=tuple(
                (member.member_id, amount)
                for member, amount in zip(
                    self.federation.municipalities, _split(quarter, self.federation.weights), strict=True
                )
            ),
            esf=esf,
            equity_used=equity_used,
            board=board,
            office_director=office,
            premises_rent=premises,
            admin=admin,
            interventions=tuple(zip(names, amounts, strict=True)),
            unallocated=unallocated,
        )

    def _interventions(self, year: int, rng: random.Random) -> list[str]:
        """Two to five of the federation's interventions, a window that moves every few years."""
        pool = self.federation.interventions
        count = min(len(pool), rng.randint(2, 5))
        offset = (year // 3) % len(pool)
        return [pool[(offset + index) % len(pool)] for index in range(count)]

    def _statements(
        self, year: int, budget: Lines, equity: int, receivables: int, liabilities: int, cash: int
    ) -> Statements:
        rng = self._rng(year, "outcome")
        outcome = _outcome(budget, rng)
        contributions = budget.contributions
        financial_income = rng.randint(0, 60) * TKR
        financial_costs = rng.choice((0, 0, 1, 2)) * TKR
        result = outcome.income - outcome.costs + financial_income - financial_costs
        closing = equity + result
        new_receivables = round(contributions * rng.uniform(0.02, 0.2) / TKR) * TKR
        new_liabilities = round(contributions * rng.uniform(0.05, 0.2) / TKR) * TKR
        new_cash = closing + new_liabilities - new_receivables
        if new_cash < 50 * TKR:
            new_liabilities += 50 * TKR - new_cash
            new_cash = 50 * TKR
        return Statements(
            year=year,
            outcome=outcome,
            financial_income=financial_income,
            financial_costs=financial_costs,
            receivables=new_receivables,
            cash=new_cash,
            equity_opening=equity,
            liabilities=new_liabilities,
            cash_opening=cash if year > self.start else new_cash - result,
            receivables_opening=receivables if year > self.start else new_receivables,
            liabilities_opening=liabilities if year > self.start else new_liabilities,
            employees=rng.choice((0, 0, 0, 1, 1, 2)),
        )


def _outcome(budget: Lines, rng: random.Random) -> Lines:
    """What the year cost: each budgeted line off by a little, unallocated money not spent."""

    def near(amount: int, low: float = 0.8, high: float = 1.08) -> int:
        return round(amount * rng.uniform(low, high) / TKR) * TKR

    return Lines(
        state=budget.state,
        region=budget.region,
        municipalities=budget.municipalities,
        esf=near(budget.esf, 0.9, 1.1),
        equity_used=0,
        board=tuple(near(amount) for amount in budget.board),
        office_director=near(budget.office_director, 0.9, 1.05),
        premises_rent=budget.premises_rent,
        admin=tuple(near(amount) for amount in budget.admin),
        interventions=tuple((name, near(amount, 0.75, 1.05)) for name, amount in budget.interventions),
        unallocated=0,
    )


def _split(total_tkr: int, weights: tuple[int, ...]) -> tuple[int, ...]:
    """`total_tkr` thousands shared by `weights` to the krona (largest remainder), in kronor."""
    whole = sum(weights)
    exact = [total_tkr * weight / whole for weight in weights]
    shares = [int(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in order[: total_tkr - sum(shares)]:
        shares[index] += 1
    return tuple(share * TKR for share in shares)
