#!/usr/bin/env python3
"""Write the training lines of the quoted remarks (sources*.jsonl) in the corpus format, to
``pending_train_only.tsv`` here. To train with them, copy that file to data/text/corpus/train_only/ (train only:
they never move a dev item, corpus.py), run ``harrier text split`` and ``harrier text train --stage both``. Measured
on 2026-12-05 and not shipped (docs/EVALUATION.md): the dev split showed no gain.

A harmful remark whose source notes it is "harmful only in context" and whose harm is what it says about a child
(sexualising, desire, abuse: "I like it.", "más fotos" under a child's photo) is trained as ``amb``, benign but
ambiguous: the corpus's code for words that sexualise a child only when said under one. Trained as harmful, the
first stage would learn to flag them anywhere; the post's context lifts them (fusion.py). Contact moves keep their
code: an invitation to talk elsewhere is one whatever the post.
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "pending_train_only.tsv"
CODE = {"sexualising": "sm", "abuse": "ab", "desire": "de", "contact_move": "cm", "generation_request": "gr",
        "minimisation": "mi", "counter_speech": "cs", "family": "bn", "everyday": "bn"}
CONTEXT_ONLY = {"sexualising", "desire", "abuse"}
# Near-copies of a dev item, refused by `harrier text split` (a train-only line must never copy held-out text).
REFUSED = {"Joyeux anniversaire à ma merveilleuse petite fille"}


def code(r: dict) -> str:
    if r["label"] == "harmful" and r["category"] in CONTEXT_ONLY and "only in context" in r.get("note", ""):
        return "amb"
    return CODE[r["category"]]


def main() -> None:
    lines = ["# labels\ttext\tlang   Remarks quoted in public reporting (news, court records, guidance, regulators),",
             "# from sources disjoint from data/eval/real_phrasings_v1.jsonl (no shared source address, no near-copy;",
             "# check_disjoint.py). Written by data/text/realquotes/to_tsv.py from sources*.jsonl. Training only."]
    seen = set()
    for f in sorted(HERE.glob("sources*.jsonl")):
        for r in map(json.loads, f.read_text(encoding="utf-8").splitlines()):
            text = " ".join(r["text"].split())
            if text.lower() not in seen and text not in REFUSED:
                seen.add(text.lower())
                lines.append(f"{code(r)}\t{text}\t{r['lang']}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 3} lines -> {OUT}")


if __name__ == "__main__":
    main()
