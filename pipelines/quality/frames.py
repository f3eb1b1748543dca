"""A suite's table from DuckDB as the pandas DataFrame its expectations run on.

GX runs on pandas here, not on DuckDB through SQLAlchemy (that path is broken
for DuckDB). A suite's `frame` says what to validate: the table's rows as they
are, the rows with the seeds' meaning of each code added, or a per-group frame
computed by one of the cross-row rules in rules.py.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines.foundation.reference import load_contract_reference
from pipelines.quality import rules
from pipelines.quality.scope import SCOPE_COLUMNS, scoped_rows
from pipelines.quality.suites import SuiteSpec


class UnknownFrameError(KeyError):
    """A suite names a frame that no function here computes."""


def read_table(connection: duckdb.DuckDBPyConnection, query: str) -> pd.DataFrame:
    """The rows `query` selects (scope.scoped_rows: a table's rows, all or a few years').

    The frame is the one DuckDB's `.df()` gives, but its text columns come from Arrow:
    `.df()` made a Python string of every cell first (2.5 s of a national refresh's checks).
    Narrow integers (DuckDB's INTEGER arrives as int32) are widened to 64
    bits: GX cannot write a numpy int32 into the failing rows it reports and
    would turn the failure into an exception. Rows come in a fixed order, so
    the failing rows a run reports do not depend on how dbt's threads wrote them.
    """
    rows = _arrow_rows(connection, query)
    text = {field.name for field in rows.schema if pa.types.is_string(field.type)}
    others = [name for name in rows.column_names if name not in text]
    converted = duckdb.from_arrow(rows.select(others), connection=connection).df() if others else None
    frame = pd.DataFrame(
        {
            name: _text_column(rows.column(name)) if name in text else converted[name]
            for name in rows.column_names
        },
        index=pd.RangeIndex(rows.num_rows),
    )
    narrow = {
        column: "Int64" if isinstance(dtype, pd.api.extensions.ExtensionDtype) else "int64"
        for column, dtype in frame.dtypes.items()
        if pd.api.types.is_integer_dtype(dtype) and dtype.itemsize < 8
    }
    return frame.astype(narrow)


def _arrow_rows(connection: duckdb.DuckDBPyConnection, query: str) -> pa.Table:
    """Through `execute`, which, unlike `sql`, also runs on a connection whose caller left a
    result unread; DuckDB warns that this copies the rows once more, which costs little here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result")
        return connection.execute(query).to_arrow_table()


def _text_column(column: pa.ChunkedArray) -> pd.Series:
    """As `.df()` gives it: pandas' string dtype, or objects (None) when no row has a value."""
    if column.null_count == len(column):
        return pd.Series([None] * len(column), dtype=object)
    return column.to_pandas()


def with_code_meaning(facts: pd.DataFrame) -> pd.DataFrame:
    """Add what the seeds say about each row's code: `is_magnitude`, `member_id` and two keys.

    `is_magnitude` is the loaders' own rule (`Code.is_magnitude`: budget_line
    income and cost sections, statement codes whose meaning says Magnitude),
    so the warehouse and its checks cannot disagree on what may be negative.
    `member_id` is the item of a contribution_municipality row (NULL on every
    other row). `record_type_code` (`budget_line:total_costs`) and
    `federation_member` (`sodra_lappland:lycksele`, NULL where no member is
    named) let single-column set checks stand in for GX's pandas column-pair
    set check, which took 13 s on a national landing's 235 000 facts.
    """
    record_types = (
        facts["record_type"] if "record_type" in facts else pd.Series("budget_line", index=facts.index)
    )
    members = facts["item"].where(facts["code"] == "contribution_municipality")
    return facts.assign(
        is_magnitude=pd.Series(_magnitude_flags(record_types, facts["code"]), index=facts.index, dtype=bool),
        member_id=members,
        record_type_code=record_types.astype(str) + ":" + facts["code"].astype(str),
        federation_member=(facts["federation_id"].astype(str) + ":" + members).where(members.notna()),
    )


def _magnitude_flags(record_types: pd.Series, codes: pd.Series) -> np.ndarray:
    """`Code.is_magnitude` of each row's (record type, code), looked up once per distinct pair:
    once per row was 0.8 s of the raw checks on a national landing's 240 000 facts."""
    reference = load_contract_reference().codes
    type_ids, types = pd.factorize(record_types, use_na_sentinel=False)
    code_ids, code_names = pd.factorize(codes, use_na_sentinel=False)
    width = max(len(code_names), 1)
    pair_ids, pairs = pd.factorize(type_ids.astype(np.int64) * width + code_ids)
    looked_up = (reference.get((types[pair // width], code_names[pair % width])) for pair in pairs)
    flags = np.array([bool(code is not None and code.is_magnitude) for code in looked_up], dtype=bool)
    return flags[pair_ids]


FRAMES: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "rows": lambda rows: rows,
    "facts_with_codes": with_code_meaning,
    "participant_breakdowns": rules.participant_breakdowns,
    "exit_breakdowns": rules.exit_breakdowns,
    "survey_answers": rules.survey_answers,
    "budget_sums": rules.budget_sums,
    "statement_balance": rules.statement_balance,
    "correction_breakdowns": rules.correction_breakdowns,
}


def build_frame(suite: SuiteSpec, rows: pd.DataFrame) -> pd.DataFrame:
    """The frame `suite` validates, from the rows of its table."""
    try:
        compute = FRAMES[suite.frame]
    except KeyError:
        raise UnknownFrameError(
            f"{suite.path.name}: no frame {suite.frame!r} (one of {', '.join(FRAMES)})"
        ) from None
    return compute(rows)


# the table columns a computed frame reads (rules.py); the frames `rows` and `facts_with_codes`
# read the columns their suite's expectations, keys and scope name
FRAME_READS: dict[str, frozenset[str]] = {
    "participant_breakdowns": rules.FACT_READS,
    "exit_breakdowns": rules.FACT_READS,
    "survey_answers": rules.FACT_READS,
    "budget_sums": rules.FACT_READS,
    "statement_balance": rules.FACT_READS,
    "correction_breakdowns": rules.CORRECTION_READS,
}
CODE_MEANING_READS = frozenset({"record_type", "code", "item", "federation_id"})  # with_code_meaning
CODE_MEANING_ADDS = frozenset({"is_magnitude", "member_id", "record_type_code", "federation_member"})


def columns_needed(suite: SuiteSpec) -> frozenset[str] | None:
    """The columns of its table the suite's frame is made from; None: every column.

    Every column when an expectation names none (a table-level expectation reads them all).
    """
    if suite.frame in FRAME_READS:
        return FRAME_READS[suite.frame]
    if suite.frame not in ("rows", "facts_with_codes"):
        return None
    named = set(suite.keys)
    if suite.scope in SCOPE_COLUMNS:
        named.add(SCOPE_COLUMNS[suite.scope])
    for spec in suite.expectations:
        columns = spec.columns
        if not columns:
            return None
        named.update(columns, spec.where or ())
    if suite.frame == "facts_with_codes":
        named = (named - CODE_MEANING_ADDS) | CODE_MEANING_READS
    return frozenset(named)


def fetch_frames(
    connection: duckdb.DuckDBPyConnection, suites: list[SuiteSpec], years: frozenset[int] | None = None
) -> dict[str, pd.DataFrame]:
    """Each suite's frame, reading every table once per scope; `years`: the rebuilt years (None: all).

    A table is read with the columns its suites need (columns_needed), in the rows' order of all
    its columns: the text columns a suite does not read were a good part of the reading.
    """
    queries = {suite.name: scoped_rows(suite.table, suite.scope, years) for suite in suites}
    rows = {}
    for query in sorted(set(queries.values())):
        readers = [suite for suite in suites if queries[suite.name] == query]
        rows[query] = read_table(connection, _narrowed(connection, query, readers, years))
    return {suite.name: build_frame(suite, rows[queries[suite.name]]) for suite in suites}


def _narrowed(
    connection: duckdb.DuckDBPyConnection, query: str, readers: list[SuiteSpec], years: frozenset[int] | None
) -> str:
    """`query` (the whole rows of one table and scope) selecting only the columns `readers` need."""
    needed = [columns_needed(suite) for suite in readers]
    if any(columns is None for columns in needed):
        return query
    suite = readers[0]
    table_columns = [
        column for column, *_ in connection.execute(f"select * from {suite.table} limit 0").description
    ]
    selected = [column for column in table_columns if any(column in columns for columns in needed)]
    if len(selected) == len(table_columns):
        return query
    return scoped_rows(suite.table, suite.scope, years, selected, table_columns)
