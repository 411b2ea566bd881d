from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harrier.cli import app
from harrier.model.signals import register_kind
from harrier.policy.rules import RuleError, load_rules

register_kind("testpol.comment_flag", ["comment"], "test: a flagged comment")
register_kind("testpol.feature", ["account"], "test: an account feature", score="0..1 feature")


def write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "rules.yaml"
    p.write_text(textwrap.dedent(body))
    return p


GOOD = """\
version: 1
rules:
  - name: flagged_commenter
    when: {signal: testpol.comment_flag, scope: content, min_score: 0.7, count_at_least: 2}
    then: {severity: high, action: review, queue: child_safety, labels: [suspect]}
    tests:
      - {name: two, signals: [{kind: testpol.comment_flag, scope: content, score: 0.9},
                              {kind: testpol.comment_flag, scope: content, score: 0.8}], expect: hit}
      - {name: one, signals: [{kind: testpol.comment_flag, scope: content, score: 0.9}], expect: miss}
"""


def test_good_rules_load_and_their_tests_pass(tmp_path):
    rs = load_rules(write(tmp_path, GOOD))
    assert [r.name for r in rs.rules] == ["flagged_commenter"]
    res = CliRunner().invoke(app, ["rules", "test", str(tmp_path / "rules.yaml")])
    assert res.exit_code == 0, res.output
    assert "2 passed, 0 failed" in res.output


def test_failing_rule_test_fails_the_command(tmp_path):
    p = write(tmp_path, GOOD.replace("expect: miss", "expect: hit"))
    res = CliRunner().invoke(app, ["rules", "test", str(p)])
    assert res.exit_code == 1
    assert "1 passed, 1 failed" in res.output


def test_unknown_kind_names_file_line_and_kind(tmp_path):
    p = write(tmp_path, GOOD.replace("when: {signal: testpol.comment_flag", "when: {signal: text.no_such_kind"))
    with pytest.raises(RuleError) as e:
        load_rules(p)
    assert any(f"{p}:4: unknown signal kind 'text.no_such_kind'" in m for m in e.value.problems)
    res = CliRunner().invoke(app, ["rules", "check", str(p)])
    assert res.exit_code == 1
    assert "unknown signal kind 'text.no_such_kind'" in res.output and "rules.yaml:4" in res.output


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("min_score: 0.7", "min_score: high", "min_score must be a number"),
        ("min_score: 0.7", "min_score: 1.7", "min_score must be in [0, 1]"),
        ("severity: high", "severity: severe", "'severe' is not one of"),
        ("action: review", "action: ban", "'ban' is not one of"),
        ("count_at_least: 2", "count_at_least: two", "count_at_least must be a non-negative integer"),
        ("queue: child_safety", "queue: child_safety, colour: red", "unknown key 'colour'"),
    ],
)
def test_type_errors_are_rejected_with_line(tmp_path, old, new, needle):
    p = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(RuleError) as e:
        load_rules(p)
    assert any(needle in m and str(p) in m for m in e.value.problems), e.value.problems


@pytest.mark.parametrize(
    "when",
    [
        "{feature: testpol.feature, gte: 1.5}",
        "{all: [{feature: testpol.feature, gte: 0.8}, {feature: testpol.feature, lt: 0.5}]}",
        "{signal: testpol.comment_flag, scope: self}",
        "{signal: testpol.comment_flag, scope: content, count_at_least: 1, distinct_posts_at_least: 3}",
    ],
)
def test_unreachable_rules_are_errors(tmp_path, when):
    body = f"""\
    version: 1
    rules:
      - name: never
        when: {when}
        then: {{severity: low, action: review, queue: default}}
    """
    with pytest.raises(RuleError) as e:
        load_rules(write(tmp_path, body))
    assert any("unreachable" in m for m in e.value.problems), e.value.problems


def test_duplicate_rule_names_rejected(tmp_path):
    body = GOOD + GOOD.split("rules:\n", 1)[1]
    with pytest.raises(RuleError) as e:
        load_rules(write(tmp_path, body))
    assert any("already defined on line 3" in m for m in e.value.problems)


def test_every_default_rule_has_a_hit_and_a_miss_case_and_they_pass():
    from harrier.policy.rules import DEFAULT_RULES
    from harrier.policy.testing import run_rule_tests

    rs = load_rules(DEFAULT_RULES)
    for r in rs.rules:
        assert {t.expect for t in r.tests} == {True, False}, f"{r.name} needs a hit and a miss case"
    failed = [(o.rule, o.test) for o in run_rule_tests(rs) if not o.passed]
    assert failed == []
