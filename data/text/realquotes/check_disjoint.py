#!/usr/bin/env python3
"""Verify that a batch of quoted remarks is disjoint from the frozen eval file and from earlier batches.

    python check_disjoint.py                      # sources.jsonl against data/eval/real_phrasings_v1.jsonl
    python check_disjoint.py BATCH AGAINST...     # BATCH against every AGAINST file (eval file and earlier batches)

Checks (same normalisation as used during collection):
  1. no train source_url equals an eval source_url after normalising
     (lower-case, scheme and leading 'www.' dropped, '#fragment' dropped, trailing '/' dropped);
  2. no train text equals an eval text after lower-casing and stripping punctuation;
  3. no train text has character-trigram Jaccard >= 0.5 with any eval text.
It also reports the highest trigram Jaccard found, schema problems, duplicates
inside the training file, and counts per language x label/category.
(Cross-language near-copies, i.e. translations of an eval remark, cannot be
detected by trigrams; they were excluded by hand during collection - see README.)
Exit status 0 if disjoint and well-formed, 1 otherwise.
"""
import json, re, sys, unicodedata, collections

ROOT = __import__("pathlib").Path(__file__).resolve().parents[3]
EVAL = str(ROOT / "data/eval/real_phrasings_v1.jsonl")
TRAIN = str(ROOT / "data/text/realquotes/sources.jsonl")
THR = 0.5
FIELDS = ["text", "lang", "label", "category", "context", "source_url", "source_title",
          "source_kind", "translated", "note"]
LANGS = {"en", "nl", "de", "es", "fr", "it", "pt"}
HARM = {"sexualising", "desire", "abuse", "contact_move", "generation_request", "minimisation"}
BEN = {"family", "counter_speech", "everyday"}

def norm_url(u):
    u = (u or "").strip().lower()
    u = re.sub(r"^[a-z]+://", "", u)
    u = re.sub(r"^www\.", "", u)
    u = u.split("#")[0]
    return u.rstrip("/")

def norm_text(t):
    t = unicodedata.normalize("NFKC", t).lower()
    t = re.sub(r"[^\w\s]", " ", t)
    return re.sub(r"\s+", " ", t).strip()

def trigrams(t):
    t = norm_text(t)
    return {t[i:i + 3] for i in range(max(1, len(t) - 2))}

def load(p):
    with open(p, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]

def main():
    train = sys.argv[1] if len(sys.argv) > 1 else TRAIN
    against = sys.argv[2:] or [EVAL]
    ev, tr = [r for a in against for r in load(a)], load(train)
    ev_urls = {norm_url(r["source_url"]) for r in ev}
    ev_txt = [(norm_text(r["text"]), trigrams(r["text"]), r["text"]) for r in ev]
    problems = 0
    url_hits, exact_hits, near_hits, schema = [], [], [], []
    best = (0.0, None, None)
    seen = collections.Counter(norm_text(r.get("text", "")) for r in tr)
    for i, r in enumerate(tr, 1):
        miss = [k for k in FIELDS if k not in r]
        if miss or r.get("lang") not in LANGS or r.get("label") not in {"harmful", "benign"} \
                or (r.get("label") == "harmful" and r.get("category") not in HARM) \
                or (r.get("label") == "benign" and r.get("category") not in BEN) \
                or r.get("context") not in {"child_photo", "adult_photo", "none"} \
                or not isinstance(r.get("translated"), bool):
            schema.append((i, miss, r.get("lang"), r.get("label"), r.get("category")))
        if norm_url(r["source_url"]) in ev_urls:
            url_hits.append((i, r["source_url"]))
        n, tg = norm_text(r["text"]), trigrams(r["text"])
        for en, etg, raw in ev_txt:
            if n == en:
                exact_hits.append((i, r["text"], raw))
            j = len(tg & etg) / len(tg | etg) if tg and etg else 0.0
            if j >= THR and n != en:
                near_hits.append((i, round(j, 3), r["text"], raw))
            if j > best[0]:
                best = (j, r["text"], raw)
    dups = [t for t, c in seen.items() if c > 1]
    print(f"against   : {' '.join(against)}  ({len(ev)} lines, {len(ev_urls)} distinct normalised source urls)")
    print(f"train file: {train}  ({len(tr)} lines, {len({norm_url(r['source_url']) for r in tr})} distinct normalised source urls)")
    print(f"[1] train source_url equal to an eval source_url : {len(url_hits)}")
    for h in url_hits: print("    ", h)
    print(f"[2] exact text matches with eval (normalised)     : {len(exact_hits)}")
    for h in exact_hits: print("    ", h)
    print(f"[3] trigram-Jaccard >= {THR} with an eval text      : {len(near_hits)}")
    for h in near_hits: print("    ", h)
    print(f"    highest trigram Jaccard train-vs-eval: {best[0]:.3f}")
    if best[1]: print(f"      train: {best[1][:90]!r}\n      eval : {best[2][:90]!r}")
    print(f"[4] schema problems: {len(schema)}; duplicate texts inside train: {len(dups)}")
    for s in schema: print("    ", s)
    problems = len(url_hits) + len(exact_hits) + len(near_hits) + len(schema) + len(dups)
    lab = collections.Counter(r["label"] for r in tr)
    print(f"\nlabels: {dict(lab)}  (benign share {lab['benign']/max(1,len(tr)):.1%})")
    langs = ["en", "nl", "de", "es", "fr", "it", "pt"]
    cats = ["sexualising", "desire", "abuse", "contact_move", "generation_request", "minimisation",
            "family", "counter_speech", "everyday"]
    c = collections.Counter((r["lang"], r["category"]) for r in tr)
    short = ["sex", "des", "abu", "cmov", "gen", "min", "fam", "ctr", "evd"]
    print("lang " + " ".join(f"{s:>5}" for s in short) + "  harm  ben  total")
    for L in langs + ["all"]:
        row = [sum(v for (l, k), v in c.items() if (L == "all" or l == L) and k == cat) for cat in cats]
        h, b = sum(row[:6]), sum(row[6:])
        print(f"{L:<4} " + " ".join(f"{x:>5}" for x in row) + f"  {h:>4} {b:>4}  {h+b:>5}")
    nonen_h = sum(1 for r in tr if r["lang"] != "en" and r["label"] == "harmful")
    print(f"non-English harmful: {nonen_h}; translated-by-source: {sum(r['translated'] for r in tr)}")
    print(f"context: {dict(collections.Counter(r['context'] for r in tr))}")
    print(f"source_kind: {dict(collections.Counter(r['source_kind'] for r in tr))}")
    print("\nRESULT:", "DISJOINT and well-formed" if problems == 0 else f"{problems} PROBLEM(S)")
    return 0 if problems == 0 else 1

if __name__ == "__main__":
    sys.exit(main())
