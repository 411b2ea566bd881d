"""``harrier scan --engine``: the local engine never imports Ray; bad engine options are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from harrier.cli import app


def test_local_scan_never_imports_ray(tmp_path: Path) -> None:
    # A fresh interpreter (another test in this worker may have imported Ray), a tiny demo platform, one detector.
    code = f"""
import sys
from pathlib import Path
from typer.testing import CliRunner
from harrier.cli import app
from harrier.demo import generate
from harrier.ingest import run_ingest
from harrier.store.db import open_store
generate(Path({str(tmp_path / "export")!r}), seed=3, scale=0.02)
run_ingest(open_store(), Path({str(tmp_path / "export")!r}), progress=False)
r = CliRunner().invoke(app, ['scan', '--quiet', '--workers', '1', '--only', 'hash.pdq'])
assert r.exit_code == 0, (r.output, r.exception)
assert 'ray' not in sys.modules, 'the local engine imported ray'
"""
    env = {k: v for k, v in os.environ.items() if k != "HARRIER_DATABASE_URL"}
    env["HARRIER_HOME"] = str(tmp_path / "home")
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]


def test_bad_engine_options_are_refused(harrier_env: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["scan", "--engine", "spark"])
    assert res.exit_code != 0 and "local or ray" in res.output
    res = runner.invoke(app, ["scan", "--address", "head:6379"])
    assert res.exit_code != 0 and "only with --engine ray" in res.output
