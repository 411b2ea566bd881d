"""The text detectors ``harrier scan`` runs: comments (stage 3, in context) and accounts (stage 1).

Both only emit signals that carry information (a category below ``FLOOR`` is left out, so the signals table
stays small), and every signal carries span evidence into the ORIGINAL text of the field it is about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from harrier.detect.base import AccountInput, CommentInput, DetectorInput
from harrier.detect.text import lexicon
from harrier.detect.text.fusion import Context, fuse, harmful_score
from harrier.detect.text.intent import HARMFUL, INTENTS
from harrier.detect.text.normalise import normalise, split_compound
from harrier.detect.text.offsite import bio_sells
from harrier.detect.text.score import Analysis, TextScorer
from harrier.model.signals import Evidence, Signal, register_kind

FLOOR = 0.3  # below this a category carries no information worth a row
COUNTER_FLOOR = 0.5

_DESCRIPTIONS = {
    "sexualising_minor": ("sexualising remark about a child (age/child term with sexual, body or appetite "
                          "language, or an ambiguous remark under a likely minor)", "high"),
    "abuse_intent": ("intent to meet, isolate, buy or harm a child; grooming secrecy", "critical"),
    "desire_or_solicitation": ("wanting the child or more images of them (\"more of her\", accounts, swimsuit "
                               "requests)", "high"),
    "contact_move": ("moving contact off the thread: DM me, check my bio, messaging handles, invite links", "medium"),
    "generation_request": ("asking for the generator, model, prompt or an undressing app", "medium"),
    "minimisation": ("minimising harm: 'it's only AI', 'age is just a number'", "medium"),
    "counter_speech": ("someone objecting, warning or reporting (never harmful; lowers suspicion of a thread)",
                       "low"),
}
for _cat, (_desc, _sev) in _DESCRIPTIONS.items():
    register_kind(f"text.{_cat}", ("comment", "post", "account"), _desc, severity_hint=_sev)
register_kind("text.account_handle", ("account",),
              "username carries child-sexualising code words (p3do, nomap, loli...) after de-obfuscation",
              severity_hint="high")
register_kind("text.account_bio", ("account",),
              "bio signals: child-sexualising codes, 'AI art | cute girls', trading/contact moves, age claims",
              severity_hint="high")
register_kind("text.account_offsite", ("account",),
              "the bio offers content elsewhere: exclusive or VIP sets, 'more on tg', with a pointer (link in bio, a "
              "private channel); on an account of child imagery the showcase pattern (account.offsite_showcase)",
              severity_hint="medium")


def _span_evidence(spans: list[dict], cat: str, field: str, original: str) -> list[Evidence]:
    return [Evidence(kind="span", field=field, start=s["start"], end=s["end"], value=original[s["start"]:s["end"]],
                     note=s["note"]) for s in spans if s["category"] == cat]


def _max_score(signals: Sequence[Signal], kinds: set[str]) -> tuple[float, Signal | None]:
    best, which = 0.0, None
    for s in signals:
        if s.kind in kinds and s.score > best:
            best, which = s.score, s
    return best, which


class CommentTextDetector:
    name: ClassVar[str] = "text.comment"
    # 1.25.1: a remark with no word of its own is read whole (model_view); 1.25.2: an age stated as young ("barely
    # 8", "erst 10") is a stated age (patterns.tsv)
    # 1.25.3: a fire emoji alone is no cue (score.PRAISE_EMOJI); 1.25.4: two spaced letters that spell a trading
    # code are joined ("c p" -> "cp", normalise._PAIR); 1.25.5: a trading code under a child's image is explicit
    # (certain.TRADING_CODES); 1.25.6: child-model words are child words ("little model", "kindermodel"); 1.25.7:
    # a threat to tell the reader's parents unless they send more is a sextortion threat (moves._TELL), threats in
    # the future tense (es, pt, it, fr), and a `threat` evidence feature for the context step; 1.25.8: a handle term
    # of child sexual interest ("pedo", "loli") names a child (score.names_child); 1.25.9: the verb forms of a call
    # to report in es, pt, it, fr, de, nl are counter terms ("todos reporten esta cuenta", "segnalatelo", "meldet");
    # 1.25.10: the spoken French "l'âge c'est qu'un chiffre" (ne dropped, que elided) is "age is just a number"
    # 1.26.0: the word-order rules read spoken and chat forms in the seven languages (moves.py, stances.py: "ill tell
    # ur mom", "si tu paies pas je balance", "je t'en montre, tu m'en montres", "pic 4 pic", "zieh mal dein shirt aus")
    # 1.26.1: words quoted without a question mark are someone else's where the speaker's own words object
    # (certain.quoted: "'🍑🍑😏' WTF IS WRONG WITH YOU"); the telling threat reads every "I will" form the publishing
    # one does (moves._I_WILL_EN: "ima tell ur mom", "im going to tell your parents")
    # 1.26.2: a trading term for the material itself ("cp", "cheese pizza": lexicon trading >= 0.9) names a child
    # (score.NAMES_MATERIAL): a flagged remark asking for it is about a child wherever it is posted
    # 1.26.3: telling the reader they look young ("tu fais si jeune !": the model read "faire jeune" as "make young")
    # is no generation request (certain.LOOKS_YOUNG: its generation score is held at LOOKS_YOUNG_CAP)
    # 1.27.0: one typo in a word naming the generating tool is read as the word ("which geneartor?", "welk moodel";
    # typos.py): only the tool's nouns, not the 1.20 stage's whole lexicon
    # 1.28.0: a plain endearment ("so süß ❤️", "wat een schatje", "che tenerezza") is not lifted by the post's image
    # (endear.py): family's words under a child's photo
    # 1.29.0: the heartbreaker prophecy said plainly ("die wird mal Herzen brechen 😅", "spezzerà cuori") is not
    # harmful (endear.prophecy): the head learned it from the offenders' form ("... already broke mine 😏")
    # 1.30.0: and its idioms of havoc ("elle va faire des ravages 😅", "farà strage di cuori")
    # 1.31.0: "geil" is explicit under a child's image only where it is said of a person (certain.SLANG): alone it is
    # German for "awesome"
    version: ClassVar[str] = "1.31.0"
    subject_type: ClassVar[str] = "comment"
    stage: ClassVar[int] = 3

    def __init__(self) -> None:
        self.scorer = TextScorer()

    @property
    def ident(self) -> str:
        return f"{self.name}@{self.version}"

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        items = [b for b in batch if isinstance(b, CommentInput)]
        analyses = self.scorer.analyse([c.comment.text for c in items])
        # parents whose signals we do not have yet (same scan, same stage): score their text ourselves
        need = [c.parent_text for c in items if c.parent_text and not c.parent_signals]
        parent_harm = {}
        if need:
            for t, a in zip(need, self.scorer.analyse(need), strict=True):
                parent_harm[t] = harmful_score(fuse(a.probs, Context())[0])
        harmful_kinds = {f"text.{k}" for k in HARMFUL}
        read = []
        for c in items:
            m, m_sig = _max_score(c.post_signals, {"post.minor_likelihood"})
            t, t_sig = _max_score(c.parent_signals, harmful_kinds)
            if c.parent_text and not c.parent_signals:
                t = parent_harm.get(c.parent_text, 0.0)
            read.append((Context(m, t, on_post=True), m_sig, t_sig))
        self.scorer.second_reading(analyses, [r[0] for r in read])
        out: list[Signal] = []
        for c, a, (ctx, m_sig, t_sig) in zip(items, analyses, read, strict=True):
            out.extend(self._signals(c, a, self.scorer.decide(a, ctx), ctx, m_sig, t_sig))
        return out

    def _signals(self, c: CommentInput, a: Analysis, res: dict, ctx: Context, m_sig: Signal | None,
                 t_sig: Signal | None) -> list[Signal]:
        signals = []
        text = c.comment.text
        flagged = set(res["flagged_categories"])
        context_ev: list[Evidence] = []
        if ctx.minor_likelihood > 0:
            context_ev.append(Evidence(kind="signal", field="post.minor_likelihood",
                                       value=round(ctx.minor_likelihood, 4),
                                       ref={"type": "post", "id": c.comment.post_id},
                                       note=m_sig.detector if m_sig else None))
        if ctx.thread_harm > 0 and c.comment.parent_id:
            context_ev.append(Evidence(kind="signal", field="parent.harmful", value=round(ctx.thread_harm, 4),
                                       ref={"type": "comment", "id": c.comment.parent_id},
                                       note=(t_sig.kind if t_sig else "parent text scored by text.comment")))
        for cat in INTENTS:
            if cat == "benign":
                continue
            p = res["scores"][cat]
            if p < (COUNTER_FLOOR if cat == "counter_speech" else FLOOR) and cat not in flagged:
                continue
            ev = _span_evidence(res["spans"], cat, "text", text)
            if not ev:
                ev = [Evidence(kind="span", field="text", start=0, end=len(text), value=text,
                               note=f"intent model p={p:.2f}")]
            ev.append(Evidence(kind="feature", field="flagged", value=cat in flagged,
                               note=f"severity {res['severity']}; lang {res['lang']}"
                               + ("; " + "; ".join(res["context_notes"]) if res["context_notes"] else "")))
            if cat in HARMFUL:
                ev.append(Evidence(kind="feature", field="flagged_alone", value=res["flagged_alone"],
                                   note=f"harmful p={res['alone_harmful']:.2f} from the words alone, before context"))
                ev.append(Evidence(kind="feature", field="cue", value=res["cue"],
                                   note="a rule term or a sexual, body, desire, abuse, trading, age, minimisation or "
                                        "appetite term in the words: one such remark at >= 0.95 under a child's "
                                        "image is explicit"))
                ev.append(Evidence(kind="feature", field="names_child", value=res["names_child"],
                                   note="the words name a child (a child word or a stated age 4-17), a sexual "
                                        "interest in children (pedo, loli, jailbait) or abuse material of children "
                                        "(cp, cheese pizza): a flagged remark that does is about a child wherever "
                                        "it is posted"))
                ev.append(Evidence(kind="feature", field="threat", value=res["threat"],
                                   note="a sextortion threat (to publish the reader's pictures or tell their parents "
                                        "unless they send more): harmful to whoever it is addressed to, wherever it "
                                        "is posted"))
            if cat == "counter_speech":
                ev.append(Evidence(kind="feature", field="objection", value=res["objection"],
                                   note="an objection one can point at: a counter-speech or objection term, a "
                                        "protective reply, or words echoed back in disbelief"))
                ev.append(Evidence(kind="feature", field="own_child", value=res["own_child"],
                                   note="the words name the speaker's own child or say a child's age back (\"this "
                                        "is my daughter\", \"she is 8\"): a poster's objection that does says the "
                                        "picture shows a child"))
            signals.append(Signal(subject=("comment", c.comment.id), kind=f"text.{cat}", score=min(1.0, p),
                                  detector=self.ident, evidence=ev + context_ev))
        return signals


# ---------------------------------------------------------------- accounts

_HANDLE_SPLIT = re.compile(r"[_.\-\s]+|(?<=[a-z])(?=[A-Z])")


def handle_words(handle: str) -> str:
    """``Cute_GirlsLover99`` -> ``cute girls lover 99``; compounds split with the lexicon-aware segmenter."""
    parts = [p for p in _HANDLE_SPLIT.split(handle.lstrip("@")) if p]
    words: list[str] = []
    for p in parts:
        low = normalise(p).text
        for run in re.findall(r"[a-z]+|[^a-z]+", low):
            words.extend(split_compound(run) or [run] if run.isalpha() else [run])
    return " ".join(words)


# Codes that are everyday words too: "cheese pizza" is food and "cp" someone's initials. In a handle such a code written
# plainly, with no other term beside it, is a cue and no case of its own (DUAL_USE_CAP, under the handle_or_bio rule's
# 0.8): "cheesepizza_fan78", "cpetit" (C. Petit, split "cp etit"). Obfuscated it is the code ("ch33sepizza25": whoever
# respells food to dodge a filter means the code), and "cp" standing alone as a part of the handle ("cp_trader", "cp4u")
# is read as the code. On the second author's development platforms 3-8 ordinary accounts per store of 8,000 had such a
# handle and a case for it (one a young adult's in the top 50); planted offenders' plain "cheesepizza_fan" handles sat
# on accounts whose comments make their case (text.account 1.11.0)
DUAL_USE = frozenset({"cheese pizza", "cp"})
DUAL_USE_CAP = 0.45  # under the 0.5 from which a handle makes an account "suspicious" to the context step
_SPACED_CP = re.compile(r"(?<![a-z])c[._\-\s]p(?![a-z])")


def _plain_dual_use(handle: str, terms: set[str]) -> bool:
    """Every term is a DUAL_USE code written plainly in ``handle`` (see DUAL_USE)."""
    if not terms or not terms <= DUAL_USE:
        return False
    raw = handle.lstrip("@").lower()
    parts = [r for p in _HANDLE_SPLIT.split(raw) if p for r in re.findall(r"[a-z]+|[^a-z]+", p)]
    for t in terms:
        if t == "cheese pizza" and not all(any(w in p for p in parts) for w in ("cheese", "pizza")):
            return False  # respelled ("ch33se"): the code
        if t == "cp" and ("cp" in parts or _SPACED_CP.search(raw)):
            return False  # a part of its own, or spelled out letter by letter ("c.p"): the code
    return True


BIO_CUES = frozenset({"child", "age", "sexual", "body", "desire", "abuse", "request", "generation", "minimisation",
                      "contact", "trading", "ambiguous", "ai", "handle"})


class AccountTextDetector:
    name: ClassVar[str] = "text.account"
    version: ClassVar[str] = "1.11.0"  # 1.9.2: the lexicon reads an age stated as young ("only 13"); 1.9.3: the
    # normaliser joins two spaced letters that spell a trading code ("c.p"); 1.9.4: child-model words; 1.9.5: the
    # normaliser reads a typo'd tool name as the name ("mdoel"); 1.10.0: text.account_offsite, a bio that sells
    # content elsewhere (offsite.bio_sells); 1.11.0: a dual-use code written plainly in a handle is a cue (DUAL_USE)
    subject_type: ClassVar[str] = "account"
    stage: ClassVar[int] = 1

    def __init__(self) -> None:
        self.scorer = TextScorer()

    @property
    def ident(self) -> str:
        return f"{self.name}@{self.version}"

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        accounts = [b.account for b in batch if isinstance(b, AccountInput)]
        bios = [a.bio or "" for a in accounts]
        analyses = self.scorer.analyse(bios)
        out: list[Signal] = []
        for acc, an in zip(accounts, analyses, strict=True):
            s = self._handle(acc.id, acc.handle, "handle")
            if acc.display_name:
                s2 = self._handle(acc.id, acc.display_name, "display_name")
                if s2 and (not s or s2.score > s.score):
                    s = s2
            if s:
                out.append(s)
            if acc.bio:
                b = self._bio(acc.id, acc.bio, an)
                if b:
                    out.append(b)
                sells = bio_sells(acc.bio)
                if sells:
                    out.append(Signal(
                        subject=("account", acc.id), kind="text.account_offsite", score=sells.score,
                        detector=self.ident,
                        evidence=[Evidence(kind="span", field="bio", start=sp.start, end=sp.end, value=sp.value,
                                           note=sp.note) for sp in sells.spans]))
        return out

    def _handle(self, account_id: str, handle: str, field: str) -> Signal | None:
        words = handle_words(handle)
        hits = lexicon.match(normalise(words))
        f = lexicon.features(hits)
        idx = {c: i for i, c in enumerate(lexicon.CATEGORIES)}
        child_sexual = f[len(lexicon.CATEGORIES)]
        score = 1.0 - (1.0 - f[idx["handle"]]) * (1.0 - 0.9 * child_sexual) * (1.0 - 0.6 * f[idx["trading"]])
        if score < FLOOR:
            return None
        # spans are over the de-obfuscated words: point at the whole handle, name the terms
        terms = sorted({h.term for h in hits if h.category in ("handle", "child", "sexual", "desire", "trading",
                                                                 "body", "age")})
        note = f"reads as '{words}': " + ", ".join(terms)
        if _plain_dual_use(handle, set(terms)):
            score = min(score, DUAL_USE_CAP)
            note += " (a code that is an everyday word too, written plainly: a cue, not a case)"
        ev = [Evidence(kind="span", field=field, start=0, end=len(handle), value=handle, note=note)]
        return Signal(subject=("account", account_id), kind="text.account_handle", score=round(float(score), 4),
                      detector=self.ident, evidence=ev)

    def _bio(self, account_id: str, bio: str, an: Analysis) -> Signal | None:
        f = lexicon.features(an.hits)
        idx = {c: i for i, c in enumerate(lexicon.CATEGORIES)}
        ai_child = f[idx["ai"]] * f[idx["child"]]
        age_claim = f[idx["age"]]
        # the intent model was trained on comments: on a bio with no cue from any lexicon it reads slogans it has
        # never seen ("just vibes": harmful p=0.88), so alone it weighs too little to make a signal (< FLOOR)
        cue = any(h.category in BIO_CUES for h in an.hits)
        parts = [f[idx["handle"]], 0.9 * ai_child, 0.6 * f[idx["trading"]],
                 (0.8 if cue else 0.3) * an.probs.get("harmful", 0.0), 0.3 * age_claim,
                 0.5 * age_claim * max(f[idx["sexual"]], f[idx["contact"]], f[idx["trading"]])]
        keep = 1.0
        for p in parts:
            keep *= 1.0 - float(p)
        score = 1.0 - keep
        if score < FLOOR:
            return None
        cats = {"handle", "child", "age", "ai", "trading", "contact", "sexual", "desire"}
        ev = [Evidence(kind="span", field="bio", start=h.start, end=h.end, value=bio[h.start:h.end],
                       note=f"{h.category} '{h.term}' ({h.source})" + (f": {h.note}" if h.note else "")
                       + ("; age claim: the account may be a minor" if h.category == "age" else ""))
              for h in an.hits if h.category in cats]
        if not ev:
            ev = [Evidence(kind="span", field="bio", start=0, end=len(bio), value=bio,
                           note=f"intent model harmful p={an.probs.get('harmful', 0.0):.2f}")]
        return Signal(subject=("account", account_id), kind="text.account_bio", score=round(score, 4),
                      detector=self.ident, evidence=ev)
