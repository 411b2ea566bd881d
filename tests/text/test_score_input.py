"""``harrier text score`` input: a malformed line is reported as file:line: field with the file's own line
numbers (blank lines count), nothing is written, and fuzzed inputs are either scored or refused that way."""

from __future__ import annotations

import random
import re
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from harrier.cli import app
from harrier.detect.text.cli import ScoreInputError, read_score_input
from harrier.detect.text.score import score_texts

GOOD = [
    {"id": "1", "text": "she's at the perfect age 😍"},
    {"id": 2, "text": "looks delicious", "context": {"minor_likelihood": 0.9}},
    {"id": "3", "text": "looks delicious", "lang": "en", "context": {"minor_likelihood": 0.05, "thread_harm": 0}},
    {"id": "4", "text": "sent you a DM", "context": {"parent_text": "so sexy for a 10 year old"}},
]


def _run(tmp_path, body: bytes):  # type: ignore[no-untyped-def]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(body)
    return src, out, CliRunner().invoke(app, ["text", "score", "--in", str(src), "--out", str(out)])


@pytest.mark.parametrize("bad, field", [
    ({"id": "3", "text": "hi", "context": {"minor_likelihood": "high"}}, "context.minor_likelihood"),
    ({"id": "3", "text": "hi", "context": {"minor_likelihood": 1.5}}, "context.minor_likelihood"),
    ({"id": "3", "text": "hi", "context": {"minor_likelyhood": 0.9}}, "context.minor_likelyhood"),
    ({"id": "3", "text": "hi", "context": {"parent_text": 5}}, "context.parent_text"),
    ({"id": "3", "text": "hi", "context": [0.9]}, "context"),
    ({"id": "3", "text": None}, "text"),
    ({"id": ["3"], "text": "hi"}, "id"),
    ({"id": "3", "text": "hi", "lang": 7}, "lang"),
])
def test_bad_line_is_named_by_its_number_in_the_file_and_nothing_is_written(tmp_path, bad, field):
    # line 1 good, line 2 blank, line 3 bad: reported as line 3
    body = orjson.dumps(GOOD[0]) + b"\n\n" + orjson.dumps(bad) + b"\n" + orjson.dumps(GOOD[1]) + b"\n"
    src, out, res = _run(tmp_path, body)
    assert res.exit_code != 0
    assert f"{src.name}:3: {field}:" in " ".join(res.output.split()), res.output
    assert not out.exists() and list(tmp_path.iterdir()) == [src]  # no empty or partial output


def test_not_json_and_not_object_lines_keep_their_numbers(tmp_path):
    src, out, res = _run(tmp_path, b"\n" + orjson.dumps(GOOD[0]) + b"\n   \nnot json\n")
    assert res.exit_code != 0 and f"{src.name}:4: not JSON" in " ".join(res.output.split()) and not out.exists()
    with pytest.raises(ScoreInputError, match=r"in\.jsonl:2: each line needs a JSON object"):
        src.write_bytes(b"\n[1]\n")
        read_score_input(src)


def test_an_existing_output_survives_a_failed_run(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous results\n")
    _, _, res = _run(tmp_path, orjson.dumps({"text": "hi", "context": {"minor_likelihood": "high"}}) + b"\n")
    assert res.exit_code != 0 and out.read_bytes() == b"previous results\n"


# --- fuzzing ------------------------------------------------------------------------------------------------

VALUES: list[Any] = [None, True, 0, -1, 0.5, 2, 1e300, "", "x", "high", "en", "zz", "\u0000", "🍒" * 50, [], [1],
                     {}, {"a": 1}, "a" * 5000]
FIELDS = ["id", "text", "lang", "context", "extra"]
CONTEXT_FIELDS = ["minor_likelihood", "thread_harm", "parent_text", "minor_likelyhood"]


def _mutant(rng: random.Random) -> bytes:
    lines: list[bytes] = []
    for _ in range(rng.randint(1, 6)):
        r = rng.random()
        if r < 0.15:
            lines.append(rng.choice([b"", b"   ", b"\t"]))  # blank lines, which keep the numbering
            continue
        item: dict[str, Any] = dict(rng.choice(GOOD))
        for _ in range(rng.randint(0, 2)):
            f = rng.choice(FIELDS)
            if f == "context" and rng.random() < 0.7:
                item["context"] = {rng.choice(CONTEXT_FIELDS): rng.choice([*VALUES, 0.0, 1.0, 0.99])
                                   for _ in range(rng.randint(0, 2))}
            elif rng.random() < 0.2:
                item.pop(f, None)
            else:
                item[f] = rng.choice(VALUES)
        raw = orjson.dumps(item)
        if r > 0.9:  # broken bytes: cut, invalid UTF-8, not an object
            raw = rng.choice([raw[: rng.randrange(len(raw))], raw + b"\xff", b"[" + raw + b"]", b"\"str\"", b"5"])
        lines.append(raw)
    return b"\n".join(lines) + rng.choice([b"\n", b"", b"\r\n"])


def test_fuzzed_inputs_are_scored_or_refused_with_file_line_field(tmp_path):
    rng = random.Random(1919)
    src = tmp_path / "in.jsonl"
    outcomes = {"scored": 0, "refused": 0}
    for i in range(400):
        body = _mutant(rng)
        src.write_bytes(body)
        try:
            items = read_score_input(src)
        except ScoreInputError as e:
            m = re.match(rf"{re.escape(str(src))}:(\d+): \S", str(e))
            assert m, str(e)
            line = body.split(b"\n")[int(m.group(1)) - 1]
            assert line.strip(), f"mutant {i}: line {m.group(1)} is blank\n{body!r}"
            outcomes["refused"] += 1
            continue
        try:
            rows = score_texts(items)
        except Exception as e:  # what validation let through must score
            raise AssertionError(f"mutant {i} crashed the scorer with {type(e).__name__}: {e}\n{body!r}") from e
        assert len(rows) == len(items)
        outcomes["scored"] += 1
    assert outcomes["scored"] > 50 and outcomes["refused"] > 50, outcomes


def test_fuzzed_inputs_through_the_command_leave_no_partial_output(tmp_path):
    rng = random.Random(7)
    for _ in range(25):
        for p in tmp_path.iterdir():
            p.unlink()
        src, out, res = _run(tmp_path, _mutant(rng))
        assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
        if res.exit_code == 0:
            assert out.exists()
        else:
            assert re.search(r"in\.jsonl:\d+: ", " ".join(res.output.split())), res.output
            assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
