"""Generated documentation must match the code it documents."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from harrier.policy.docs import rules_markdown, splice
from harrier.policy.rules import DEFAULT_RULES, load_rules
from harrier.policy.testing import run_rule_tests

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_signals_md_is_generated_from_the_registry():
    # A fresh interpreter: other tests register throw-away kinds in this one.
    fresh = subprocess.run([sys.executable, "-c", "import sys; from harrier.store.cli import signals_markdown; "
                            "sys.stdout.write(signals_markdown())"], capture_output=True, text=True, check=True).stdout
    assert (DOCS / "SIGNALS.md").read_text(encoding="utf-8") == fresh, (
        "docs/SIGNALS.md is stale: run `harrier signals kinds --markdown > docs/SIGNALS.md`"
    )


def test_policy_md_documents_every_default_rule():
    doc = (DOCS / "POLICY.md").read_text(encoding="utf-8")
    rs = load_rules(DEFAULT_RULES)
    assert splice(doc, rules_markdown(rs)) == doc, "run `harrier rules docs --write docs/POLICY.md`"


def test_default_policy_passes_its_own_tests():
    outcomes = run_rule_tests(load_rules(DEFAULT_RULES))
    assert outcomes and all(o.passed for o in outcomes), [o for o in outcomes if not o.passed]


def test_openapi_json_is_generated_from_the_app(tmp_path):
    from typer.testing import CliRunner

    from harrier.cli import app

    out = tmp_path / "openapi.json"
    result = CliRunner().invoke(app, ["api", "schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (DOCS / "openapi.json").read_text(encoding="utf-8") == out.read_text(encoding="utf-8"), (
        "docs/openapi.json is stale: run `harrier api schema --out docs/openapi.json`"
    )
