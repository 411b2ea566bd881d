"""Score texts: normalise -> lexicons -> embed -> intent head -> context fusion -> spans, flag, severity.

``score_texts(items)`` takes dicts shaped like the lines of ``harrier text score --in``::

    {"id": "c1", "text": "...", "lang"?: "nl", "context"?: {"minor_likelihood": 0.9, "parent_text"?: "..."}}

and returns one dict per item::

    {"id", "scores": {category: p}, "flagged": bool, "severity", "spans": [{"start","end","category","note"}],
     "lang"}

Spans are offsets into the ORIGINAL text (what the user wrote), not the normalised one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any

import numpy as np

from harrier.detect.text import certain, endear, lexicon, protect, stage2
from harrier.detect.text.fusion import Context, contextual_flags, fuse, harmful_categories, harmful_score
from harrier.detect.text.intent import HARMFUL, INTENTS, IntentHead
from harrier.detect.text.normalise import Normalized, key_view, model_view, normalise

# lexicon category -> the intent category a span is evidence for
SPAN_CATEGORY = {
    "child": "sexualising_minor", "age": "sexualising_minor", "sexual": "sexualising_minor",
    "body": "sexualising_minor", "trading": "sexualising_minor", "ambiguous": "sexualising_minor",
    "desire": "desire_or_solicitation", "request": "desire_or_solicitation", "abuse": "abuse_intent",
    "generation": "generation_request", "minimisation": "minimisation", "contact": "contact_move",
    "counter": "counter_speech",
}
SEVERITIES = ("none", "low", "medium", "high", "critical")
EXPLICIT_CUES = frozenset({"sexual", "body", "desire", "abuse", "trading", "age", "handle", "ambiguous",
                           "minimisation"})
# Emoji that say "great" as often as "hot": a hit whose whole span is one of them is no cue a moderator can point at
# ("cue" below), though the lexicon still reads it and the model still scores it. On the development platforms every
# remark made "explicit" (one makes a case) by a fire emoji alone was an adult fan's "guapísima 🔥" under an adult
# creator's photo that the image model read as a child's (8 remarks, no planted offender); on the demo platform
# ~215 of ~255 were ("qué cuerpazo 🔥", "the cutest pup 🔥"). With another word the emoji still counts as before.
PRAISE_EMOJI = frozenset({"🔥"})
CODE_CAP = 0.45  # a code-only remark's harmful scores away from a child's image: the scores say what the decision says
CODE_CAPPED = ("harmful", "sexualising_minor", "abuse_intent", "desire_or_solicitation")
# lexicon categories that say something concerning: the explicit cues, a child, a request, a generation or contact
# term (``harrier eval phrasings`` splits remarks on them: ``by_cue``)
CONCERNING_CUES = EXPLICIT_CUES | {"child", "request", "generation", "contact"}
# cues that say something whatever the image: any of these and the remark is not "only codes"
_WORD_CUES = CONCERNING_CUES | {"counter"}
# The words name a child (``names_child``): a child word the lexicon rates at least NAMES_CHILD ("little girl",
# "kid", "Tochter", "bambina", "minderjarig") or a stated age of 4 to 17. Left out: words that are as often said of
# or to adults ("princess", "petite", "na Kleine", "hola pequeña", "teen" and its kin, which adult content uses for
# 18- and 19-year-olds, "grade", "menor" = smaller). A flagged remark that names a child is about a child wherever it
# is posted, even where the image detector saw none (the account step, ``ContextData.comment_names_child``). So is
# one with a handle term of child sexual interest the lexicon rates at least NAMES_INTEREST ("pedo", "loli",
# "jailbait", "nomap"; since text.comment 1.25.8: "p*do heaven fr" under a family photo read 0.14 counted half). On
# 13 development platforms and demo seeds 7-9 every remark flagged on its words with one was a planted offender's
# (55); the six such remarks of others were objections ("he's a pedo, reported"), which are not flagged. So is one
# with a trading term the lexicon rates at least NAMES_MATERIAL, the words for the material itself ("cp", "cheese
# pizza"; since 1.26.2): "any c.p? 😍" asks for abuse material of children under whatever photo it is left (an adult's
# selfie the image model read 0.09 on development seed 107, where it counted half). On 12 development platforms and
# demo seeds 7-9 every remark flagged on its words with one was a planted offender's (95 remarks).
NAMES_CHILD = 0.7
NAMES_INTEREST = 0.9
NAMES_MATERIAL = 0.9
ADULT_TOO = frozenset({"princess", "petite", "kleine", "pequeña", "pequena", "piccola", "teen", "teens", "teenager",
                       "teenagers", "teenie", "tiener", "ado", "adolescente", "school uniform", "grade", "menor",
                       "menores", "son"})


def names_child(hits: Iterable[lexicon.Hit]) -> bool:
    return any((h.category in ("child", "age") and h.weight >= NAMES_CHILD and h.term not in ADULT_TOO)
               or (h.category == "handle" and h.weight >= NAMES_INTEREST)
               or (h.category == "trading" and h.weight >= NAMES_MATERIAL) for h in hits)


def under_flag(scores: dict[str, float]) -> dict[str, float]:
    """``scores`` with the harmful categories held at ``CODE_CAP``, for a remark the rules decided is not harmful: a
    reviewer reading its signals sees scores that agree with ``flagged`` (the account step reads ``flagged`` itself)."""
    return scores | {k: min(scores[k], CODE_CAP) for k in CODE_CAPPED}


def code_only(hits: Iterable[lexicon.Hit]) -> bool:
    """The remark's only cues are emoji codes (a body or sexual term with no letter or digit: 🍒, 🍑) or appetite
    words ("yum", "delicious": the lexicon's *ambiguous* category)."""
    codes = others = 0
    for h in hits:
        if h.category == "ambiguous" or (h.category in ("body", "sexual") and not any(ch.isalnum() for ch in h.term)):
            codes += 1
        elif h.category in _WORD_CUES:
            others += 1
    return codes > 0 and others == 0


def _praise_emoji(original: str, h: lexicon.Hit) -> bool:
    """The hit's whole original span is a PRAISE_EMOJI (variation selectors aside)."""
    return original[h.start:h.end].replace("\ufe0f", "") in PRAISE_EMOJI


@dataclass
class Analysis:
    """Everything known about one text before context: reused for parents, bios and captions."""

    norm: Normalized
    hits: list[lexicon.Hit]
    lang: str
    probs: dict[str, float] = field(default_factory=dict)
    # the nearest harmful training example: (its row in the head's references, cosine, margin over the nearest
    # non-harmful one); its text is looked up only when a flag cites it
    example: tuple[int, float, float] | None = None
    certain: list[certain.Match] = field(default_factory=list)  # rule terms (detect/text/certain.py)
    embedding: np.ndarray | None = None  # the first stage's sentence embedding (the second stage reuses it)
    # when the second stage read the text (stage2.py): the first stage's probabilities (``probs`` then hold the
    # second's) and the second head's thresholds, which decide
    stage1: dict[str, float] | None = None
    thresholds: dict[str, float] | None = None

    @cached_property
    def model_text(self) -> str:
        """What the sentence encoders read: the canonical text without laughter, @mentions and runs of question
        marks (normalise.model_view)."""
        return model_view(self.norm)


def featurize(analyses: Sequence[Analysis], embeddings: np.ndarray) -> np.ndarray:
    lex = np.stack([lexicon.features(a.hits) for a in analyses]) if analyses else np.zeros((0, lexicon.N_FEATURES))
    return np.hstack([embeddings, lex]).astype(np.float32)


class TextScorer:
    """Loads the embedder and the head once (a detector instance holds one)."""

    def __init__(self, model_path: str | os.PathLike[str] | None = None,
                 head_path: str | os.PathLike[str] | None = None) -> None:
        from harrier.detect.text.embedder import Embedder

        self.embedder = Embedder(model_path)
        self.head = IntentHead.load(head_path)
        self.thresholds: dict[str, float] = dict(self.head.meta.get("thresholds", {}))
        # Always built (its files are checked now, its models load on the first routed comment); whether it
        # reads is decided at each reading (stage2.enabled).
        self.stage2 = stage2.SecondStage(self.thresholds.get("harmful", 0.5))

    # ------------------------------------------------------------ stages

    def analyse(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[Analysis]:
        out: list[Analysis] = []
        for i, t in enumerate(texts):
            n = normalise(t or "")
            hits = lexicon.match(n)
            lang = (langs[i] if langs else None) or lexicon.guess_lang(n.text, hits)
            out.append(Analysis(n, hits, lang, certain=certain.match(n)))
        if out:
            E = self.embedder.encode([a.model_text for a in out])
            X = featurize(out, E)
            near = self.head.nearest(X)
            P = self.head.predict(X, near)
            for a, e, row, z, i, c in zip(out, E, P, *near, strict=True):
                a.probs = {name: float(v) for name, v in zip(self.head.outputs, row, strict=True)}
                a.example = (int(i), float(c), float(z))
                a.embedding = e
        return out

    def second_reading(self, analyses: Sequence[Analysis], contexts: Sequence[Context]) -> None:
        """Read again with the second stage the texts whose decision it can change (stage2.py), in place; call
        between ``analyse`` and ``decide``."""
        if stage2.enabled():
            self.stage2.read_again(analyses, contexts)

    def decide(self, a: Analysis, ctx: Context) -> dict[str, Any]:
        # "so süß ❤️" under a child's photo says the child is sweet: the image does not lend a plain endearment the
        # meaning of its ambiguous mass, which the model cannot tell from "so hot" (endear.py); a harmful thread still
        # does, so only the post's minor-likelihood is set aside
        key = key_view(a.norm.text)  # the accent-free words, read by the family grammars and the own-child check
        sweet = ctx.minor_likelihood > 0 and endear.plain_endearment(key)
        if sweet:
            ctx = replace(ctx, minor_likelihood=0.0)
        scores, notes = fuse(a.probs, ctx)
        if sweet:
            notes = [*notes, "a plain endearment: not lifted by the post's image"]
        th = a.thresholds if a.thresholds is not None else self.thresholds
        if a.stage1 is not None:
            notes = [*notes, f"read twice: harmful p={a.stage1['harmful']:.2f} (first stage, USE), "
                             f"{a.probs['harmful']:.2f} against {th.get('harmful', 0.5):.2f} (second stage, "
                             f"e5 + USE, {self.stage2.version()}; decides)"]
        # rules by construction (explicit words, codes, generation requests under a child's image) set floors
        rule = certain.apply(a.norm, a.hits, a.certain, scores, ctx.minor_likelihood, a.lang)
        if rule:
            scores, notes = rule.scores, [*notes, *rule.notes]
        # emoji codes and appetite words mean what the image makes them mean: "🍒🍒 yesss" and "those peaches 🍑😋"
        # under a pizza or a peach cobbler are food. The head learned them from remarks labelled as said about a
        # child; under a post whose image shows none, in no harmful thread, a remark whose only cues are such
        # codes is no harmful remark, whatever the model read into it (and its scores say so: under_flag)
        code = not rule and not sweet and ctx.on_post and ctx.strength == 0 and code_only(a.hits)
        if code and any(scores[k] > CODE_CAP for k in CODE_CAPPED):
            scores = under_flag(scores)
            notes = [*notes, "only emoji codes or appetite words, under a post not showing a child: not harmful"]
        t_harm = th.get("harmful", 0.5)
        harm = harmful_score(scores)
        flagged_cats = harmful_categories(scores, t_harm)
        # an ambiguous remark ("looks delicious") is flagged as sexualising under a likely child or in a harmful
        # thread; it has its own threshold because the harmful-union threshold is tuned for context-free text
        if "sexualising_minor" not in flagged_cats and ctx.strength * a.probs.get("ambiguous", 0.0) >= th.get(
                "ambiguous", 0.5):
            flagged_cats.append("sexualising_minor")
        flagged_cats += contextual_flags(scores, ctx, th)
        # a brand's proposal is capped whether or not this post's context flagged it: the stored contact score is
        # what the account step counts as a DM move (context.features), under a child's photo or not
        offer = certain.business_offer(a.certain, a.hits) if not rule else None
        if offer is not None and harm < t_harm and scores["contact_move"] > certain.BUSINESS_CAP:
            if "contact_move" in flagged_cats:
                flagged_cats.remove("contact_move")
            scores["contact_move"] = certain.BUSINESS_CAP
            # and its harmful categories are held down too: "we'd love to work with you! check your inbox" is not
            # harmful by the union (0.38) but the model gave it abuse 0.69, which a reviewer should not read
            scores = under_flag(scores)
            harm = harmful_score(scores)
            notes = [*notes, f"business proposal '{offer.term}' ({offer.lang}): a contact move, not flagged"]
        # "you look so young" asks for no tool, whatever the model read into the French "faire jeune" (certain.py)
        # (the pattern is read only where the generation score is above the cap: not on every comment's path)
        if (not rule and scores["generation_request"] > certain.LOOKS_YOUNG_CAP
                and (young := certain.looks_young(a.norm, a.hits)) is not None):
            if "generation_request" in flagged_cats:
                flagged_cats.remove("generation_request")
            scores["generation_request"] = certain.LOOKS_YOUNG_CAP
            notes = [*notes, f"'{young}' tells the reader they look young: a compliment, not a generation request"]
        # a parent warning the commenter off their child or page ("stay away from my kids", "dégage de ma page") is an
        # objection, whatever the model read into its child words and imperative (certain.protective)
        guard = certain.protective(a.certain, a.hits) if not rule else None
        # "die wird mal Herzen brechen 😅" is a family's prophecy, whatever the model learned from the offenders' form
        # of it ("... already broke mine 😏"): a remark that says nothing else is not harmful (endear.prophecy)
        # (read where the remark is flagged or its words alone are half-way to the threshold: not on every comment)
        foretold = (endear.prophecy(key) if not rule and guard is None and (
            flagged_cats or a.probs.get("harmful", 0.0) >= 0.5 * t_harm) else None)
        if foretold is not None:
            flagged_cats = [c for c in flagged_cats if c not in HARMFUL]
            scores = under_flag(scores)
            harm = harmful_score(scores)
            notes = [*notes, f"a family's prophecy ('{foretold}'): not harmful"]
        echo = self.echo_only(a, ctx) if flagged_cats and not rule and guard is None else None
        if guard is not None or echo is not None:
            flagged_cats = []
            scores = under_flag(scores)
            scores["contact_move"] = min(scores["contact_move"], certain.PROTECT_CONTACT_CAP)
            scores["counter_speech"] = max(scores["counter_speech"], certain.COUNTER_FLOOR)
            harm = harmful_score(scores)
            notes = [*notes, f"protective reply '{guard.term}' ({guard.lang}): an objection, not flagged"
                     if guard is not None else f"words echoed back in disbelief ({echo}): the speaker's own words "
                                               "are not flagged, an objection"]
        if rule:
            flagged_cats += [c for c in rule.flag if c not in flagged_cats]
        flagged = bool(flagged_cats)
        spans = self.spans(a, scores, flagged_cats, notes) + (rule.spans if rule else [])
        # what the words say on their own, before context lent them meaning ("nice" under a child's photo is
        # flagged in context, not alone); a rule's floor is the words' own (it fires on what they say)
        alone = (min(a.probs.get("harmful", 0.0), CODE_CAP)
                 if code or guard is not None or echo is not None or foretold is not None
                 else a.probs.get("harmful", 0.0))
        if rule and ("sexualising_minor" in rule.flag or rule.words_alone):
            alone = max(alone, rule.scores["harmful"])
        return {
            "scores": {k: round(scores[k], 4) for k in INTENTS},
            "flagged": flagged,
            "severity": severity(scores, flagged, ctx, a.hits),
            "spans": spans,
            "lang": a.lang,
            "flagged_categories": flagged_cats,
            "context_notes": notes,
            "harmful": round(harm, 4),
            "alone_harmful": round(alone, 4),
            "flagged_alone": bool(alone >= t_harm),
            # the words carry what a moderator can point at (a rule term, or a sexual, body, desire, abuse, trading,
            # age, minimisation or appetite term): what makes one remark "explicit" for the context step
            # (context.features), not a weight
            "cue": bool(rule) or any(h.category in EXPLICIT_CUES and not _praise_emoji(a.norm.original, h)
                                     for h in a.hits),
            "names_child": names_child(a.hits),
            # a threat to publish the reader's pictures or tell on them unless they send more (certain.py coercion):
            # sextortion, harmful to whoever it is addressed to, so the context step counts it wherever it is said
            "threat": bool(rule and "coercion" in rule.kinds),
            "objection": certain.objects(a.norm, a.hits, a.certain),
            "own_child": protect.names_own_child(key),
        }

    def echo_only(self, a: Analysis, ctx: Context) -> str | None:
        """The echoed words of a flagged remark whose speaker's own words, read without them in the same context,
        are not flagged ("'más de ella porfa'?? ERNSTHAFT? GEMELEDT fr": the model reads the quoted request, and the
        misspelt "gemeldet" is no counter term); else ``None``. Someone else's words echoed back with a question mark
        are what counter-speech is made of (certain.echoed: no remark of the corpus, the training quotes or the
        development platforms in that form is harmful); "'too young'? no such thing 😏" stays flagged if its own
        words are. Read again only for the rare remark in that form."""
        key = key_view(a.norm.text)
        spans = certain.echoed(key)
        # quoted without the question mark, the words are someone else's only where the speaker's own words object
        # (an objection term, a counter-speech word, a protective reply): quoting in order to object (since 1.26.1)
        objecting = not spans
        spans = spans or certain.quoted(key)
        if not spans:
            return None
        rest, last = [], 0
        for s, e in spans:
            rest.append(key[last:s])
            last = e
        rest.append(key[last:])
        own = self.analyse(["".join(rest)], [a.lang])
        if objecting and not certain.objects(own[0].norm, own[0].hits, own[0].certain):
            return None
        self.second_reading(own, [ctx])
        if self.decide(own[0], ctx)["flagged"]:
            return None
        return "; ".join(f"'{key[s:e]}'" for s, e in spans)

    def spans(self, a: Analysis, scores: dict[str, float], flagged: list[str], notes: list[str]) -> list[dict]:
        spans: list[dict] = []
        for h in sorted(a.hits, key=lambda h: (h.start, h.end)):
            cat = SPAN_CATEGORY.get(h.category)
            if cat is None:
                continue
            origin = f"{h.lang}:{h.category}" if h.lang != "*" else h.category
            note = f"{origin} '{h.term}' ({h.source})" + (f": {h.note}" if h.note else "")
            spans.append({"start": h.start, "end": h.end, "category": cat, "note": note})
        covered = {s["category"] for s in spans}
        for cat in flagged:
            if cat not in covered:  # the model saw it without any lexicon cue: point at the whole text
                why = "; ".join(notes) if notes and cat == "sexualising_minor" else "intent model"
                spans.append({"start": 0, "end": len(a.norm.original), "category": cat,
                              "note": f"{why} p={scores[cat]:.2f}"})
        harm_cats = [c for c in flagged if c in HARMFUL]
        if harm_cats and a.example and a.example[2] > 0:  # a positive margin implies references exist
            # example-based evidence: the labelled remark this one is closest to, when that pushed it up
            row, cos, margin = a.example
            text = str(self.head.ref_text[row])
            spans.append({"start": 0, "end": len(a.norm.original), "category": harm_cats[0],
                          "note": f"nearest labelled harmful example (cosine {cos:.2f}, {margin:+.2f} over the "
                                  f"nearest other): \"{text[:80]}\""})
        return spans

    # ------------------------------------------------------------ public

    def score(self, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        texts = [str(it.get("text") or "") for it in items]
        langs = [it.get("lang") for it in items]
        analyses = self.analyse(texts, langs)
        ctxs = [it.get("context") or {} for it in items]
        parents = [str(c.get("parent_text")) for c in ctxs if c.get("parent_text")]
        parent_harm: dict[str, float] = {}
        if parents:
            for t, pa in zip(parents, self.analyse(parents), strict=True):
                parent_harm[t] = harmful_score(fuse(pa.probs, Context())[0])
        contexts = []
        for c in ctxs:
            thread = float(c.get("thread_harm", 0.0) or 0.0)
            if c.get("parent_text"):
                thread = max(thread, parent_harm.get(str(c["parent_text"]), 0.0))
            contexts.append(Context(float(c.get("minor_likelihood") or 0.0), thread,
                                    on_post="minor_likelihood" in c))
        self.second_reading(analyses, contexts)
        out = [{"id": it.get("id"), **self.decide(a, ctx)} for it, a, ctx in zip(items, analyses, contexts,
                                                                                     strict=True)]
        return out


def severity(scores: dict[str, float], flagged: bool, ctx: Context, hits: Iterable[lexicon.Hit]) -> str:
    harm = harmful_score(scores)
    if not flagged:
        concerning = max(scores["contact_move"], scores["generation_request"], scores["minimisation"], harm)
        return "low" if concerning >= 0.5 else "none"
    trading_child = any(h.category == "trading" for h in hits) and any(h.category in ("child", "age") for h in hits)
    if scores["abuse_intent"] >= 0.8 or trading_child or (harm >= 0.8 and scores["contact_move"] >= 0.5):
        return "critical"
    if harm >= 0.8 or max(ctx.minor_likelihood, ctx.thread_harm) >= 0.8:
        return "high"
    return "medium"


@cache
def default_scorer() -> TextScorer:
    return TextScorer()


def score_texts(items: Sequence[dict[str, Any]], scorer: TextScorer | None = None) -> list[dict[str, Any]]:
    """Score a batch of ``{"id", "text", "lang"?, "context"?}`` dicts (see the module docstring)."""
    out = (scorer or default_scorer()).score(items)
    internal = ("flagged_categories", "context_notes", "harmful", "alone_harmful", "flagged_alone", "cue",
                "names_child", "threat", "objection", "own_child")
    for r in out:  # the public shape only
        for k in internal:
            r.pop(k, None)
    return out
