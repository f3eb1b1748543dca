"""The interactive prompt: statements ending with ';' in, results out, until .quit or end of input.

The same loop serves a terminal (with line editing) and a pipe
(`finsam sql < question.sql`), so it is tested by feeding it text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TextIO

import duckdb

from pipelines.sql.dot_commands import is_dot_command, run_dot_command
from pipelines.sql.session import Result, SqlError, error_message, reading_statements, run_statement

ReadLine = Callable[[bool], str | None]  # continued statement? -> a line, None at end of input
Render = Callable[[Result], str]

QUIT = (".quit", ".exit", ".q")


def run_text(
    connection: duckdb.DuckDBPyConnection,
    text: str,
    render: Render,
    out: TextIO,
    err: TextIO,
    spaced: bool = False,
) -> bool:
    """Run every statement of `text` (or one dot command) and print the results; False on an error.

    Results are separated by a blank line (`spaced`: followed by one). A batch
    holding a write runs nothing. Errors are printed as one line, without a traceback.
    """
    outputs = 0

    def show(rendered: str) -> None:
        nonlocal outputs
        if outputs and not spaced:
            print(file=out)
        print(rendered, file=out, flush=True)
        if spaced:
            print(file=out, flush=True)
        outputs += 1

    try:
        if is_dot_command(text):
            shown = run_dot_command(connection, text)
            show(shown if isinstance(shown, str) else render(shown))
            return True
        for statement in reading_statements(connection, text):
            result = run_statement(connection, statement)
            if result.columns:
                show(render(result))
    except (SqlError, duckdb.Error) as error:
        print(f"error: {error_message(error)}", file=err, flush=True)
        return False
    return True


def run_prompt(
    connection: duckdb.DuckDBPyConnection,
    read_line: ReadLine,
    render: Render,
    out: TextIO,
    err: TextIO,
    interactive: bool,
) -> int:
    """0 at .quit or end of input; 1 when reading a pipe and any statement failed (so scripts notice)."""
    buffer: list[str] = []
    failed = False
    while True:
        try:
            line = read_line(bool(buffer))
        except KeyboardInterrupt:  # Ctrl-C drops the statement being typed
            buffer.clear()
            print(file=out)
            continue
        if line is None:
            break
        if not buffer and not line.strip():
            continue
        if not buffer and is_dot_command(line):
            if line.strip() in QUIT:
                break
            failed |= not _run_and_space(connection, line, render, out, err)
            continue
        buffer.append(line)
        if line.rstrip().endswith(";"):
            failed |= not _run_and_space(connection, "\n".join(buffer), render, out, err)
            buffer.clear()
    if "".join(buffer).strip():  # a last statement without ';'
        failed |= not _run_and_space(connection, "\n".join(buffer), render, out, err)
    return 1 if failed and not interactive else 0


def terminal_reader() -> ReadLine:
    with contextlib.suppress(ImportError):  # readline gives input() line editing and history
        import readline  # noqa: F401

    def read(continued: bool) -> str | None:
        try:
            return input("   ...> " if continued else "finsam> ")
        except EOFError:
            print()
            return None

    return read


def stream_reader(stream: TextIO) -> ReadLine:
    def read(continued: bool) -> str | None:
        line = stream.readline()
        return None if line == "" else line.rstrip("\r\n")

    return read


def _run_and_space(connection, text: str, render: Render, out: TextIO, err: TextIO) -> bool:
    try:
        return run_text(connection, text, render, out, err, spaced=True)
    except KeyboardInterrupt:  # Ctrl-C stops a long query, not the prompt
        print("interrupted", file=err)
        return False
