"""Where an alert about a failed refresh goes: one setting, FINSAM_ALERT.

- empty (the default): appended to `alerts.log` in DAGSTER_HOME;
- `https://…` or `http://…`: POSTed as JSON (`{"text": …, "subject": …}`: the
  shape chat webhooks such as Slack's and Teams' accept);
- `command:…`: that command is run with the message on its standard input and
  FINSAM_ALERT_SUBJECT set, for example
  `command:mail -s "Finsam refresh failed" ops@example.se`;
- anything else is a file path the message is appended to.

Plain Python; the run-failure sensor (pipelines/defs/run_sensors.py) calls it.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ALERT_VARIABLE = "FINSAM_ALERT"
COMMAND_PREFIX = "command:"
ALERT_LOG = "alerts.log"
SEND_TIMEOUT_SECONDS = 30
_KINDS = {"log": "the log file", "webhook": "the webhook", "command": "the command"}


class AlertNotSent(RuntimeError):
    """The target refused or could not be reached; says which target and why."""


@dataclass(frozen=True)
class AlertTarget:
    kind: str  # "log" | "webhook" | "command"
    value: str  # the file, the URL or the command

    def describe(self) -> str:
        return f"{_KINDS[self.kind]} {self.value}"


def alert_target(dagster_home: Path, environ: Mapping[str, str] | None = None) -> AlertTarget:
    """The target FINSAM_ALERT names, or the log file in the Dagster instance's folder."""
    value = (environ if environ is not None else os.environ).get(ALERT_VARIABLE, "").strip()
    if not value:
        return AlertTarget("log", str(dagster_home / ALERT_LOG))
    if value.startswith(("http://", "https://")):
        return AlertTarget("webhook", value)
    if value.startswith(COMMAND_PREFIX):
        return AlertTarget("command", value[len(COMMAND_PREFIX) :].strip())
    return AlertTarget("log", str(Path(value).expanduser().resolve()))


def send_alert(target: AlertTarget, subject: str, body: str) -> None:
    """Deliver one alert; AlertNotSent when the target does not take it."""
    try:
        if target.kind == "webhook":
            _post(target.value, subject, body)
        elif target.kind == "command":
            _run(target.value, subject, body)
        else:
            _append(Path(target.value), subject, body)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        raise AlertNotSent(f"alert not sent to {target.describe()}: {error}") from error


def _post(url: str, subject: str, body: str) -> None:
    payload = json.dumps({"text": f"{subject}\n{body}", "subject": subject, "body": body}).encode()
    request = urllib.request.Request(url, data=payload, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_SECONDS) as response:
        response.read()


def _run(command: str, subject: str, body: str) -> None:
    completed = subprocess.run(
        shlex.split(command),
        input=body,
        text=True,
        capture_output=True,
        timeout=SEND_TIMEOUT_SECONDS,
        env={**os.environ, "FINSAM_ALERT_SUBJECT": subject},
        check=False,
    )
    if completed.returncode != 0:
        raise ValueError(f"exit {completed.returncode}: {(completed.stderr or completed.stdout).strip()}")


def _append(path: Path, subject: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    indented = "".join(f"    {line}\n" for line in body.splitlines())
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{stamp}  {subject}\n{indented}")
