"""Malformed rules files name the place (file:line: problem) instead of crashing, at load time, so that
``rules test`` never meets what the loader let through. Fuzzed with a seeded mutator: a failure reproduces."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from harrier.cli import app
from harrier.policy.rules import DEFAULT_RULES, RuleError, load_rules
from harrier.policy.testing import run_rule_tests

RULE = """\
rules:
  - name: r
    when: {signal: text.sexualising_minor, scope: content}
    then: {severity: high, action: review}
    tests:
%s
"""


def _write(tmp_path: Path, text: str | bytes) -> Path:
    p = tmp_path / "rules.yaml"
    p.write_bytes(text if isinstance(text, bytes) else text.encode())
    return p


def _problems(p: Path) -> list[str]:
    with pytest.raises(RuleError) as e:
        load_rules(p)
    return e.value.problems


@pytest.mark.parametrize("tests, line, needle", [
    ("      - {signals: 5, expect: hit}", 6, "test: signals must be a list"),  # was TypeError
    ("      - {signals: [1], expect: hit}", 6, "test signal must be a mapping"),  # was AttributeError
    ("      - {signals: [{kind: text.sexualising_minor, scope: contnet}], expect: hit}", 6,
     "test signal scope: 'contnet' is not one of self, content, received"),  # loaded, then KeyError in rules test
    ("      - {signals: [{kind: text.sexualising_minor, score: high}], expect: hit}", 6,
     "test signal score must be a number"),
    ("      - {signals: [{kind: text.sexualising_minor, scpoe: content}], expect: hit}", 6,
     "test signal: unknown key 'scpoe'"),
    ("      - {signals: [{score: 0.9}], expect: hit}", 6, "missing test signal kind"),
    ("      - {labels: 3, expect: hit}", 6, "test: labels must be a list"),
    ("      - {expect: maybe}", 6, "expect must be 'hit' or 'miss'"),
    ("      - 7", 6, "test must be a mapping"),
    ("      - {signals: [{kind: text.sexualising_minor}],\n         expect: [hit]}", 7, "expect must be"),
])
def test_malformed_rule_tests_name_file_and_line(tmp_path, tests, line, needle):
    p = _write(tmp_path, RULE % tests)
    problems = _problems(p)
    assert any(x.startswith(f"{p}:{line}: ") and needle in x for x in problems), problems
    res = CliRunner().invoke(app, ["rules", "test", str(p)])
    assert res.exit_code != 0 and f"{p}:{line}: " in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("text, line, needle", [
    ("rules:\n  - name: r\n    then: {severity: high, action: review}\n    when:\n      ? [a, b]\n      : x\n", 5,
     "a key must be a plain value"),
    ("rules: &a [*a]\n", 1, "nested deeper than"),
    ("rules:\n  - name: r\n    when: !!python/object:os.system {}\n    then: {}\n", 3, ""),
    ("rules:\n  - name: [x]\n", 2, "rule name must be a string"),
    ("rules:\n  -\n    name: r\n    when: {signal: text.sexualising_minor}\n    then: 5\n", 5, "then must be"),
    (b"rules:\n  - name: r\xff\n", 2, "not UTF-8"),
    ("rules: [\n", 2, "invalid YAML"),
    ("", 1, "empty rules file"),
])
def test_malformed_yaml_names_file_and_line(tmp_path, text, line, needle):
    p = _write(tmp_path, text)
    problems = _problems(p)
    assert any(x.startswith(f"{p}:{line}: ") and needle in x for x in problems), problems


# --- fuzzing ------------------------------------------------------------------------------------------------

TOKENS = ["5", "-1", "1e999", "[1]", "{}", "[]", "null", "~", "true", "'x'", "[", "]", "{", ":", "- ", "&a [*a]",
          "*nope", "!!python/object:os.system {}", "!!binary aGk=", "2020-01-01", "{signal: [1]}", "{not: 5}",
          "{all: []}", "{any: [1, 2]}", "{feature: account.risk, gte: x}", "{kind: 5}", "[{scope: nowhere}]",
          "hit", "miss", "content", "self", "received", "\t", "\x00", "é", "? [a]\n  : b", "|\n  x", "\"", "#"]


def _mutate(rng: random.Random, lines: list[str]) -> str:
    lines = list(lines)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        op = rng.randrange(6)
        if op == 0:  # replace a value after a key
            lines[i] = re.sub(r":\s*[^,}\]]+", ": " + rng.choice(TOKENS), lines[i], count=1)
        elif op == 1:  # replace a word anywhere
            words = re.findall(r"[\w.]+", lines[i])
            if words:
                lines[i] = lines[i].replace(rng.choice(words), rng.choice(TOKENS), 1)
        elif op == 2:
            del lines[i]
        elif op == 3:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 4:  # shift indentation
            lines[i] = " " * rng.choice([0, 1, 2, 3, 4, 6, 8]) + lines[i].lstrip()
        else:  # cut the line short
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


VOCAB = ["rules", "name", "version", "mode", "when", "then", "tests", "signal", "scope", "min_score",
         "count_at_least", "distinct_posts_at_least", "feature", "gte", "lt", "label", "all", "any", "not",
         "severity", "action", "queue", "labels", "label_ttl_days", "signals", "kind", "score", "post", "expect"]
SCALARS: list[Any] = [0, 1, 2, -3, 0.5, 1.5, True, None, "", "x", "hit", "miss", "content", "self", "received",
                      "text.sexualising_minor", "account.risk", "high", "review", "live", "child_safety"]


def _tree(rng: random.Random, depth: int = 0) -> Any:
    r = rng.random()
    if depth > 4 or r < 0.4:
        return rng.choice(SCALARS)
    if r < 0.7:
        return {rng.choice(VOCAB): _tree(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return [_tree(rng, depth + 1) for _ in range(rng.randint(0, 3))]


def _check(p: Path) -> str:
    """Loads and runs the rules' own tests, or raises RuleError with file:line on every problem."""
    try:
        rs = load_rules(p)
    except RuleError as e:
        bad = [x for x in e.problems if not re.match(rf"{re.escape(str(p))}:\d+: \S", x)]
        assert not bad, (p.read_bytes(), bad)
        return "rejected"
    run_rule_tests(rs)  # whatever loads, the tests run without an exception
    return "loaded"


def test_fuzzed_rules_files_load_or_name_the_place(tmp_path):
    rng = random.Random(19)
    lines = DEFAULT_RULES.read_text(encoding="utf-8").splitlines()
    outcomes = {"loaded": 0, "rejected": 0}
    for i in range(600):
        p = _write(tmp_path, _mutate(rng, lines))
        try:
            outcomes[_check(p)] += 1
        except Exception as e:  # report the input that crashed it
            raise AssertionError(f"mutant {i} crashed with {type(e).__name__}: {e}\n{p.read_text()}") from e
    assert outcomes["rejected"] > 100 and outcomes["loaded"] > 10, outcomes  # the mutator reaches both


def test_fuzzed_rule_structures_load_or_name_the_place(tmp_path):
    rng = random.Random(1919)
    for i in range(600):
        rules = []
        for j in range(rng.randint(1, 3)):
            extra = _tree(rng)
            rules.append({"name": f"r{j}", **(extra if isinstance(extra, dict) else {}),
                          "when": _tree(rng), "then": _tree(rng), "tests": _tree(rng)})
        doc = {"rules": rules}
        p = _write(tmp_path, yaml.safe_dump(doc, sort_keys=False))
        try:
            _check(p)
        except Exception as e:
            raise AssertionError(f"tree {i} crashed with {type(e).__name__}: {e}\n{p.read_text()}") from e
