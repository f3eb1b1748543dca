"""Where a failed run is reported: FINSAM_ALERT, one setting; a log file in DAGSTER_HOME by default."""

from __future__ import annotations

import sys

import pytest

from pipelines.refresh.alerts import AlertNotSent, AlertTarget, alert_target, send_alert


def test_the_target_is_named_by_one_setting_and_defaults_to_a_log_in_dagster_home(tmp_path):
    home = tmp_path / "home"
    assert alert_target(home, {}) == AlertTarget("log", str(tmp_path / "home" / "alerts.log"))
    assert alert_target(home, {"FINSAM_ALERT": "https://hooks.example.se/T1"}) == AlertTarget(
        "webhook", "https://hooks.example.se/T1"
    )
    assert alert_target(home, {"FINSAM_ALERT": "command: mail -s x ops@example.se"}) == AlertTarget(
        "command", "mail -s x ops@example.se"
    )
    assert alert_target(home, {"FINSAM_ALERT": str(tmp_path / "a.log")}) == AlertTarget(
        "log", str(tmp_path / "a.log")
    )


def test_an_alert_is_appended_to_the_log_with_its_body_indented(tmp_path):
    log = tmp_path / "alerts.log"
    send_alert(
        AlertTarget("log", str(log)), "Finsam refresh failed: run 1a2b3c4d", "Why: step x failed\nline 2"
    )
    send_alert(AlertTarget("log", str(log)), "second", "body")
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0][21:] == "Finsam refresh failed: run 1a2b3c4d"
    assert lines[1:3] == ["    Why: step x failed", "    line 2"]
    assert lines[3].endswith("  second") and lines[4] == "    body"


def test_a_command_gets_the_message_on_stdin_and_the_subject_in_its_environment(tmp_path):
    out = tmp_path / "mail.txt"
    script = f"import os,sys; open({str(out)!r},'w').write(os.environ['FINSAM_ALERT_SUBJECT']+'|'+sys.stdin.read())"
    send_alert(AlertTarget("command", f'{sys.executable} -c "{script}"'), "subject", "body\n")
    assert out.read_text() == "subject|body\n"


def test_a_target_that_refuses_says_which_and_why():
    with pytest.raises(AlertNotSent, match=r"alert not sent to the command false: exit 1"):
        send_alert(AlertTarget("command", "false"), "s", "b")
