"""Rules as data: a YAML file of rules, parsed into typed conditions and statically checked before use.

A rules file is rejected as a whole at load time when any rule names an unknown signal kind, has a type
error, or can never match (unreachable), with ``file:line: message`` for each problem — the Osprey idea of
rules that are checked before they go live. PyYAML's composer gives the line of every node; the checker is
written by hand because the condition language is Harrier's own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harrier.model.signals import KINDS
from harrier.policy.verdict import ACTIONS, SEVERITIES

DEFAULT_RULES = Path(__file__).with_name("default_policy.yaml")
MODES = ("live", "shadow", "disabled")
SCOPES = {
    # scope -> subject types whose signals it reads
    "self": ("account", "ring"),
    "content": ("post", "media", "comment"),
    "received": ("comment",),
    "any": ("account", "ring", "post", "media", "comment"),
}
COMPARATORS = ("gte", "gt", "lte", "lt")


class RuleError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --- conditions --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalCond:
    """At least ``count`` fresh signals of ``kind`` in ``scope`` with score >= ``min_score``."""

    kind: str
    scope: str = "any"
    min_score: float = 0.5
    count: int = 1
    distinct_posts: int = 0  # content/received: the signals must span at least this many posts
    line: int = 0

    def text(self) -> str:
        extra = f", {self.distinct_posts}+ posts" if self.distinct_posts else ""
        return f"{self.count}x {self.kind}>={self.min_score:g} in {self.scope}{extra}"


@dataclass(frozen=True)
class FeatureCond:
    """The account's own (scope self) ``kind`` score compared with a bound; absent counts as 0."""

    kind: str
    op: str
    value: float
    line: int = 0

    def text(self) -> str:
        sym = {"gte": ">=", "gt": ">", "lte": "<=", "lt": "<"}[self.op]
        return f"{self.kind} {sym} {self.value:g}"


@dataclass(frozen=True)
class LabelCond:
    label: str
    line: int = 0

    def text(self) -> str:
        return f"label {self.label}"


@dataclass(frozen=True)
class BoolCond:
    op: str  # all | any | not
    parts: tuple[Cond, ...]
    line: int = 0

    def text(self) -> str:
        if self.op == "not":
            return f"not ({self.parts[0].text()})"
        return "(" + f" {'and' if self.op == 'all' else 'or'} ".join(p.text() for p in self.parts) + ")"


Cond = SignalCond | FeatureCond | LabelCond | BoolCond


@dataclass
class RuleTest:
    name: str
    signals: list[dict[str, Any]]
    labels: list[str]
    expect: bool
    line: int


@dataclass
class Rule:
    name: str
    version: str
    mode: str
    description: str
    when: Cond
    severity: str
    action: str
    queue: str
    labels: list[str] = field(default_factory=list)
    label_ttl_days: float | None = None
    tests: list[RuleTest] = field(default_factory=list)
    line: int = 0
    source: str = ""

    @property
    def ident(self) -> str:
        return f"{self.name}@{self.version}"


@dataclass
class RuleSet:
    path: Path
    rules: list[Rule]

    def active(self) -> list[Rule]:
        return [r for r in self.rules if r.mode != "disabled"]


# --- parsing with line numbers -----------------------------------------------------------------------------


class _Node:
    """A YAML value plus the line it started on (1-based)."""

    __slots__ = ("value", "line")

    def __init__(self, value: Any, line: int) -> None:
        self.value = value
        self.line = line


_SCALARS = yaml.SafeLoader("")  # only its scalar constructors are used (ints, floats, bools, strings)
MAX_DEPTH = 64  # deeper nesting than any rules file needs; also stops a recursive alias (&a [*a])
TEST_SIGNAL_KEYS = {"kind", "score", "scope", "post"}
TEST_SCOPES = ("self", "content", "received")  # policy/testing.py: where a test signal was found


class _Parser:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def err(self, line: int, msg: str) -> None:
        self.problems.append(f"{self.path}:{line}: {msg}")

    def compose(self, node: yaml.Node, depth: int = 0) -> _Node:
        """YAML nodes to values with lines. Malformed pieces become problems and None, never exceptions."""
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            self.err(line, f"nested deeper than {MAX_DEPTH} levels (a recursive alias?)")
            return _Node(None, line)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, _Node] = {}
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    self.err(k.start_mark.line + 1, "a key must be a plain value, not a list or mapping")
                    continue
                out[self.compose(k, depth + 1).value] = self.compose(v, depth + 1)
            return _Node(out, line)
        if isinstance(node, yaml.SequenceNode):
            return _Node([self.compose(v, depth + 1) for v in node.value], line)
        try:
            value = _SCALARS.construct_object(node)  # type: ignore[arg-type]
            hash(value)  # a key must be hashable; scalars are, except odd tags (!!binary is bytes: fine)
        except (yaml.YAMLError, TypeError, ValueError) as e:
            self.err(line, f"unreadable value {node.value!r}: {getattr(e, 'problem', None) or e}")
            return _Node(None, line)
        return _Node(value, line)

    def _keys(self, node: _Node, allowed: set[str], what: str) -> dict[str, _Node] | None:
        if not isinstance(node.value, dict):
            self.err(node.line, f"{what} must be a mapping")
            return None
        for k, v in node.value.items():
            if k not in allowed:
                self.err(v.line, f"{what}: unknown key {k!r} (allowed: {', '.join(sorted(allowed))})")
        return node.value

    def _number(self, node: _Node | None, default: float, what: str, lo: float, hi: float) -> float:
        if node is None:
            return default
        v = node.value
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.err(node.line, f"{what} must be a number, got {type(v).__name__} {v!r}")
            return default
        if not lo <= v <= hi:
            self.err(node.line, f"{what} must be in [{lo:g}, {hi:g}], got {v!r}")
        return float(v)

    def _int(self, node: _Node | None, default: int, what: str) -> int:
        if node is None:
            return default
        if isinstance(node.value, bool) or not isinstance(node.value, int) or node.value < 0:
            self.err(node.line, f"{what} must be a non-negative integer, got {node.value!r}")
            return default
        return int(node.value)

    def _str(self, node: _Node | None, what: str, choices: tuple[str, ...] | None = None,
             default: str | None = None, line: int = 0) -> str:
        if node is None:
            if default is None:
                self.err(line, f"missing {what}")
                return ""
            return default
        if not isinstance(node.value, str | int | float) or isinstance(node.value, bool):
            self.err(node.line, f"{what} must be a string, got {node.value!r}")
            return default or ""
        v = str(node.value)
        if choices and v not in choices:
            self.err(node.line, f"{what}: {v!r} is not one of {', '.join(choices)}")
        return v

    def _kind(self, node: _Node, scope: str) -> str:
        kind = self._str(node, "signal kind")
        k = KINDS.get(kind)
        if k is None:
            self.err(node.line, f"unknown signal kind {kind!r}")
        elif not set(k.subjects) & set(SCOPES.get(scope, ())):
            self.err(node.line, f"unreachable: signal kind {kind!r} is about {'/'.join(k.subjects)}, "
                                f"never found in scope {scope!r}")
        return kind

    def cond(self, node: _Node) -> Cond:
        d = self._keys(node, {"all", "any", "not", "signal", "scope", "min_score", "count_at_least",
                              "distinct_posts_at_least", "feature", "gte", "gt", "lte", "lt", "label"},
                       "condition")
        if d is None:
            return BoolCond("any", (), node.line)
        ops = [k for k in ("all", "any", "not", "signal", "feature", "label") if k in d]
        if len(ops) != 1:
            self.err(node.line, "a condition needs exactly one of all/any/not/signal/feature/label")
            return BoolCond("any", (), node.line)
        op = ops[0]
        if op in ("all", "any"):
            items = d[op]
            if not isinstance(items.value, list) or not items.value:
                self.err(items.line, f"{op} needs a non-empty list of conditions")
                return BoolCond(op, (), node.line)
            return BoolCond(op, tuple(self.cond(c) for c in items.value), node.line)
        if op == "not":
            return BoolCond("not", (self.cond(d["not"]),), node.line)
        if op == "label":
            return LabelCond(self._str(d["label"], "label"), node.line)
        if op == "signal":
            scope = self._str(d.get("scope"), "scope", tuple(SCOPES), default="any")
            return SignalCond(
                kind=self._kind(d["signal"], scope),
                scope=scope,
                min_score=self._number(d.get("min_score"), 0.5, "min_score", 0.0, 1.0),
                count=self._int(d.get("count_at_least"), 1, "count_at_least"),
                distinct_posts=self._int(d.get("distinct_posts_at_least"), 0, "distinct_posts_at_least"),
                line=node.line,
            )
        cmp = [k for k in COMPARATORS if k in d]
        if len(cmp) != 1:
            self.err(node.line, f"feature needs exactly one of {', '.join(COMPARATORS)}")
            return FeatureCond(self._kind(d["feature"], "self"), "gte", 2.0, node.line)
        return FeatureCond(self._kind(d["feature"], "self"), cmp[0],
                           self._number(d[cmp[0]], 0.0, cmp[0], -1e9, 1e9), node.line)

    def rule(self, node: _Node) -> Rule | None:
        d = self._keys(node, {"name", "version", "mode", "description", "when", "then", "tests"}, "rule")
        if d is None:
            return None
        name = self._str(d.get("name"), "rule name", line=node.line)
        if "when" not in d or "then" not in d:
            self.err(node.line, f"rule {name!r} needs both 'when' and 'then'")
            return None
        then = self._keys(d["then"], {"severity", "action", "queue", "labels", "label_ttl_days"}, "then") or {}
        labels_node = then.get("labels")
        labels: list[str] = []
        if labels_node is not None:
            if not isinstance(labels_node.value, list):
                self.err(labels_node.line, "labels must be a list of strings")
            else:
                labels = [self._str(x, "label") for x in labels_node.value]
        ttl = then.get("label_ttl_days")
        rule = Rule(
            name=name,
            version=self._str(d.get("version"), "version", default="1"),
            mode=self._str(d.get("mode"), "mode", MODES, default="live"),
            description=self._str(d.get("description"), "description", default=""),
            when=self.cond(d["when"]),
            severity=self._str(then.get("severity"), "severity", SEVERITIES, line=d["then"].line),
            action=self._str(then.get("action"), "action", ACTIONS, line=d["then"].line),
            queue=self._str(then.get("queue"), "queue", default="default"),
            labels=labels,
            label_ttl_days=self._number(ttl, 0.0, "label_ttl_days", 0.0, 36500.0) if ttl else None,
            line=node.line,
            source=str(self.path),
        )
        tests = d.get("tests")
        if tests is not None and not isinstance(tests.value, list):
            self.err(tests.line, "tests must be a list of tests")
        for t in tests.value if tests is not None and isinstance(tests.value, list) else []:
            test = self.test(t)
            if test is not None:
                rule.tests.append(test)
        unreachable = _unsatisfiable(rule.when)
        if unreachable:
            self.err(rule.line, f"unreachable rule {name!r}: {unreachable}")
        return rule


    def _list(self, node: _Node | None, what: str) -> list[_Node]:
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.err(node.line, f"{what} must be a list")
            return []
        return node.value

    def test(self, node: _Node) -> RuleTest | None:
        """A rule's test, checked as strictly as the rule: ``rules test`` runs whatever loads."""
        td = self._keys(node, {"name", "signals", "labels", "expect"}, "test")
        if td is None:
            return None
        sigs: list[dict[str, Any]] = []
        for sn in self._list(td.get("signals"), "test: signals"):
            sd = self._keys(sn, TEST_SIGNAL_KEYS, "test signal")
            if sd is None:
                continue
            sig: dict[str, Any] = {"kind": self._str(sd.get("kind"), "test signal kind", line=sn.line)}
            if sig["kind"] and sig["kind"] not in KINDS:
                self.err(sd["kind"].line, f"test: unknown signal kind {sig['kind']!r}")
            sig["score"] = self._number(sd.get("score"), 1.0, "test signal score", 0.0, 1.0)
            sig["scope"] = self._str(sd.get("scope"), "test signal scope", TEST_SCOPES, default="self")
            if "post" in sd:
                sig["post"] = self._str(sd["post"], "test signal post")
            sigs.append(sig)
        expect = td.get("expect")
        if expect is None or expect.value not in ("hit", "miss"):
            self.err(node.line if expect is None else expect.line, "test: expect must be 'hit' or 'miss'")
        return RuleTest(
            name=self._str(td.get("name"), "test name", default=f"test@{node.line}"),
            signals=sigs,
            labels=[self._str(x, "test label") for x in self._list(td.get("labels"), "test: labels")],
            expect=bool(expect and expect.value == "hit"),
            line=node.line,
        )


def _unsatisfiable(c: Cond) -> str | None:
    """Why a condition can never be true, or None. Interval reasoning over feature bounds and scores."""
    if isinstance(c, SignalCond):
        if c.count == 0:
            return None
        if c.distinct_posts and c.scope == "self":
            return f"line {c.line}: distinct_posts_at_least needs scope content or received"
        if c.distinct_posts > c.count:
            return f"line {c.line}: {c.distinct_posts} distinct posts need at least as many signals (count {c.count})"
        return None
    if isinstance(c, FeatureCond):
        lo, hi, lo_open, hi_open = _interval(c)
        if lo > 1 or hi < 0 or (lo == 1 and lo_open) or (hi == 0 and hi_open):
            return f"line {c.line}: scores lie in [0, 1], so {c.text()} never holds"
        return None
    if isinstance(c, LabelCond):
        return None
    if c.op == "any":
        reasons = [_unsatisfiable(p) for p in c.parts]
        return "; ".join(r for r in reasons if r) if reasons and all(reasons) else None
    if c.op == "all":
        for p in c.parts:
            if r := _unsatisfiable(p):
                return r
        # Contradictory bounds on the same feature inside one `all`.
        bounds: dict[str, list[float]] = {}
        for p in c.parts:
            if isinstance(p, FeatureCond):
                lo, hi, lo_open, hi_open = _interval(p)
                b = bounds.setdefault(p.kind, [0.0, 1.0, 0, 0])
                if lo > b[0] or (lo == b[0] and lo_open):
                    b[0], b[2] = lo, lo_open
                if hi < b[1] or (hi == b[1] and hi_open):
                    b[1], b[3] = hi, hi_open
                if b[0] > b[1] or (b[0] == b[1] and (b[2] or b[3])):
                    return f"line {c.line}: contradictory bounds on {p.kind}"
        return None
    return None  # not: we do not try to prove tautologies


def _interval(c: FeatureCond) -> tuple[float, float, int, int]:
    if c.op == "gte":
        return c.value, float("inf"), 0, 0
    if c.op == "gt":
        return c.value, float("inf"), 1, 0
    if c.op == "lte":
        return float("-inf"), c.value, 0, 0
    return float("-inf"), c.value, 0, 1


def load_rules(path: Path | str | None = None) -> RuleSet:
    """Load and statically check a rules file (default: $HARRIER_POLICY or the shipped child-safety policy)."""
    from harrier.detect.registry import load_kind_modules

    load_kind_modules()
    p = Path(path or os.environ.get("HARRIER_POLICY") or DEFAULT_RULES)
    parser = _Parser(p)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise RuleError([f"{p}: cannot read: {e.strerror or e}"]) from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise RuleError([f"{p}:{line}: not UTF-8 text"]) from e
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else text.count("\n", 0, getattr(e, "position", 0)) + 1
        raise RuleError([f"{p}:{line}: invalid YAML: {getattr(e, 'problem', None) or e}"]) from e
    except RecursionError as e:
        raise RuleError([f"{p}: nested too deeply to read"]) from e
    if root is None:
        raise RuleError([f"{p}:1: empty rules file"])
    doc = parser.compose(root)
    top = parser._keys(doc, {"version", "rules"}, "rules file") or {}
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    rules_node = top.get("rules")
    if rules_node is None or not isinstance(rules_node.value, list):
        parser.err(doc.line, "rules file needs a 'rules' list")
    else:
        for rn in rules_node.value:
            r = parser.rule(rn)
            if r is None:
                continue
            if r.name in seen:
                parser.err(r.line, f"rule {r.name!r} already defined on line {seen[r.name]}")
            seen[r.name] = r.line
            rules.append(r)
    if parser.problems:
        raise RuleError(parser.problems)
    return RuleSet(p, rules)
