"""`finsam` ends its process without Python's module teardown, and loses nothing a normal exit keeps."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_an_exit_at_once_keeps_the_code_the_output_the_handlers_the_threads_and_the_logs(tmp_path):
    script = textwrap.dedent(
        f"""
        import atexit, logging, sys, threading, time
        from pathlib import Path
        from pipelines.foundation.prompt_exit import exit_promptly

        folder = Path({str(tmp_path)!r})
        logging.basicConfig(filename=folder / "run.log", level=logging.INFO)
        logging.getLogger("finsam").info("published")
        atexit.register(lambda: (folder / "handler").write_text("ran"))

        def late():
            time.sleep(0.3)
            (folder / "thread").write_text("done")

        threading.Thread(target=late).start()
        sys.stdout.write("summary without a newline or a flush")
        exit_promptly(2)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 2, done.stderr
    assert done.stdout == "summary without a newline or a flush"
    assert (tmp_path / "handler").read_text() == "ran"
    assert (tmp_path / "thread").read_text() == "done"
    assert "published" in (tmp_path / "run.log").read_text()


def test_the_finsam_command_is_run_by_run():
    scripts = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'finsam = "pipelines.cli:run"' in scripts
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and "refresh" in done.stdout
