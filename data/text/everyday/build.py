#!/usr/bin/env python3
"""Everyday benign text written by others: the chatterbot-corpus dialogues (PyPI ``chatterbot-corpus`` 1.3.3,
BSD licence, LICENSE here), in the project's seven languages, split by topic into a train-only source and a held-out
evaluation file.

**Measured, not shipped** (2026-12-06, docs/EVALUATION.md round M): the first head retrained with the pending lines
flags 1.2 % of the held-out lines with no post and 3.0 % under a child's photo (4.3 % and 18.4 % before), and keeps
dev at 0.961 recall and 1.47 % false positives; but it finds 0.467 of the harmful training quotes against 0.511,
losing grooming lines in the register of trust ("You can trust me more than anyone else." 0.98 -> 0.20), and the
second head was not retrained with it. Most of that loss is the nearest-example bank, not the networks (README
here): the lines should teach the networks and stay out of the bank. To train: copy ``pending_train_only.tsv``
to data/text/corpus/train_only/, ``harrier text split``, ``harrier text train --stage both``.

Why: the intent head learnt "benign" from remarks about pictures, so plain conversation it has never seen ("Je vais
bien, et toi ?", "Richard Nixon", "Wat kan ik kopen als cadeau?") scored as abuse or desire at 0.9-0.99: 6.7 % of
these lines flagged with no post, 17.6 % under a child's image, against 1.2 % on dev (docs/EVALUATION.md).

* **Split by topic, across languages** (the corpus translates topics: en/ai.yml and it/ai.yml say the same), so no
  held-out line has its translation in training. A topic is held out when sha1("2:" + topic) % 5 < 2: salt 2 is the
  first of salts 0-5 that leaves every language lines on both sides and at least a tenth of its lines held out
  (chosen on line counts, before any model was trained on them).
* **Only lines benign in any context.** A line a child could be asked by a groomer ("Do you ever feel lonely?",
  "Quelle est ton adresse", "how old are you") or that names a body, love, age, photos or family must not teach the
  model that such words are harmless, so a line is dropped when the project's lexicon finds any cue but counter-speech
  or AI, when a rule by construction matches, or when ``_PERSONAL`` matches (both sides, so the held-out figure
  measures lines benign wherever they are said).

Usage (needs the wheel, a development-time download; the outputs are committed)::

    pip download chatterbot-corpus==1.3.3 --no-deps -d /tmp/cc
    python data/text/everyday/build.py /tmp/cc/chatterbot_corpus-1.3.3-py2.py3-none-any.whl
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path

import yaml

from harrier.detect.text import certain, lexicon
from harrier.detect.text.normalise import normalise

ROOT = Path(__file__).resolve().parents[3]
TRAIN_OUT = ROOT / "data/text/everyday/pending_train_only.tsv"  # copy to data/text/corpus/train_only/ to train
EVAL_OUT = ROOT / "data/eval/everyday_v1.jsonl"
LANGS = {"english": "en", "german": "de", "french": "fr", "spanish": "es", "portuguese": "pt", "italian": "it",
         "dutch": "nl"}
# the Spanish and Portuguese files name some topics differently
TOPIC = {"IA": "ai", "emociones": "emotion", "psicologia": "psychology", "perfilbot": "botprofile",
         "dinero": "money", "sport": "sports", "history_brasil": "history"}
SALT = 2
MAX_CHARS = 200  # comments are short; a paragraph of trivia is not what the model reads
KEEP_CUES = {"counter", "ai"}
# personal topics a groomer's question shares with small talk, in the seven languages (stems, lower case)
_PERSONAL = re.compile(
    r"\b(?:alone|lonely|lonesome|secret|address|live|phone|number|meet|photo|picture|pic|selfie|camera|mom|mum|dad|"
    r"mother|father|parent|famil|love|lover|kiss|hug|cute|pretty|beaut|sexy|hot|body|bed|sleep|naked|nude|cloth|"
    r"dress|boyfriend|girlfriend|date|old|age|young|kid|child|girl|boy|baby|school|teen|"
    r"allein|einsam|geheim|adresse|wohnst|treffen|foto|bild|mama|papa|mutter|vater|eltern|liebe|kuss|süß|hübsch|"
    r"schön|körper|bett|nackt|freund|alt|jung|kind|mädchen|junge|schule|"
    r"seul|seule|habites|numéro|rencontr|maman|mère|père|amour|aime|bisou|"
    r"mignon|jolie|belle|beau|corps|lit|nue?|copain|copine|âge|jeune|enfant|fille|garçon|école|"
    r"solo|sola|solitari|secreto|segreto|dirección|direccion|indirizzo|vives|vivi|número|numero|quedar|"
    r"incontr|encontr|mamá|papá|papà|madre|padre|genitori|padres|amor|amore|beso|bacio|lindo|linda|"
    r"bonit|carin|bell|cuerpo|corpo|cama|letto|desnud|nud|novi|ragazz|edad|età|años|anni|joven|giovane|niñ|"
    r"bambin|chica|chico|escuela|scuola|"
    r"sozinh|segredo|endereço|moras|mãe|pai|pais|beijo|fofo|fofa|gata|gato|idade|anos|jovem|criança|menina|"
    r"menino|escola|"
    r"alleen|eenzaam|adres|woon|nummer|ontmoet|moeder|vader|ouders|liefde|kus|lief|mooi|knap|lichaam|"
    r"naakt|vriendje|vriendinnetje|oud|jong|meisje|jongen)\w*",
    re.IGNORECASE)
# Trained lines also address no one and want nothing: a first try trained every benign-anywhere line and the head
# learnt the chatbot's "Tell me about your dreams" / "Just talk to me" register as harmless, the register of grooming
# (training quotes 0.511 -> 0.437 recall: "You can trust me more than anyone else." 0.98 -> 0.10). So a trained
# line has no second person, no first person as object or owner, and no verb of wanting or liking, in the seven
# languages (over-broad on purpose: "sie", "ben" and "will" cost a few statements).
_ADDRESS = re.compile(
    r"(?:^|[^\w'’])(?:you|your|yours|yourself|u|ur|ya|me|my|mine|"
    r"du|dich|dir|dein\w*|ihr|euch|euer\w*|sie|ihnen|mich|mir|mein\w*|"
    r"tu|te|t|toi|ton|ta|tes|vous|votre|vos|moi|m|mon|ma|mes|"
    r"tú|ti|tus|usted|ustedes|contigo|os|vuestr\w*|mí|mis|conmigo|eres|estás|estas|tienes|quieres|puedes|sabes|"
    r"haces|você|vocês|vc|teu|tua|teus|tuas|meu|minha|meus|minhas|seu|sua|seus|suas|és|está|queres|podes|"
    r"mi|tuo|tuoi|tue|voi|vi|vostr\w*|mio|mia|miei|mie|sei|hai|puoi|vuoi|fai|stai|"
    r"je|jij|jou|jouw|jullie|uw|mij|mijn|ben|heb|wil|hou|"
    r"want|wish|like|love|miss|need|veux|voudrais|aime|will|möchte|mag|quiero|gusta|quero|gosto|voglio|piace)"
    r"(?=$|[^\w])", re.IGNORECASE)


def topic_of(stem: str) -> str:
    return TOPIC.get(stem, stem)


def held_out(topic: str) -> bool:
    return int(hashlib.sha1(f"{SALT}:{topic}".encode()).hexdigest(), 16) % 5 < 2


def benign_anywhere(text: str) -> bool:
    n = normalise(text)
    if any(h.category not in KEEP_CUES for h in lexicon.match(n)):
        return False
    return not certain.match(n) and not _PERSONAL.search(text)


def trainable(text: str) -> bool:
    return benign_anywhere(text) and not _ADDRESS.search(text)


def lines(wheel: Path) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    with zipfile.ZipFile(wheel) as z:
        for name in sorted(z.namelist()):
            m = re.fullmatch(r"chatterbot_corpus/data/(\w+)/([\w ]+)\.yml", name)
            if not m or m.group(1) not in LANGS:
                continue
            lang, topic = LANGS[m.group(1)], topic_of(m.group(2))
            for conv in yaml.safe_load(z.read(name).decode("utf-8")).get("conversations") or []:
                for line in conv:
                    text = " ".join(line.split()) if isinstance(line, str) else ""
                    key = (lang, text.lower())
                    if text and len(text) <= MAX_CHARS and key not in seen:
                        seen.add(key)
                        out.append({"text": text, "lang": lang, "topic": topic, "file": name})
    return out


def main(wheel: Path) -> None:
    rows = lines(wheel)
    kept = [r for r in rows if benign_anywhere(r["text"])]
    train = [r for r in kept if not held_out(r["topic"]) and trainable(r["text"])]
    held = [r for r in kept if held_out(r["topic"])]
    head = ["# labels\ttext\tlang   Everyday dialogue lines written by others: chatterbot-corpus 1.3.3 (BSD, see",
            "# data/text/everyday/LICENSE), the topics not held out, lines benign in any context that address no",
            "# one. By data/text/everyday/build.py. Train only; the held-out topics are data/eval/everyday_v1.jsonl."]
    TRAIN_OUT.write_text("\n".join(head + [f"bn\t{r['text']}\t{r['lang']}" for r in train]) + "\n", encoding="utf-8")
    EVAL_OUT.write_text("".join(json.dumps({"id": f"ev-{k:04d}", "text": r["text"], "lang": r["lang"],
                                            "label": "benign", "category": "everyday", "context": "none",
                                            "topic": r["topic"], "source": f"chatterbot-corpus 1.3.3 {r['file']}"},
                                           ensure_ascii=False) + "\n" for k, r in enumerate(held, 1)),
                        encoding="utf-8")
    print(f"{len(rows)} lines, {len(kept)} benign anywhere: {len(train)} -> {TRAIN_OUT.name}, "
          f"{len(held)} held out -> {EVAL_OUT.name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
