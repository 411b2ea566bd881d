"""Stage-2 post fusion: what a post shows, from its media's signals and its own words.

Emits, per post:

* ``text.minor_cue`` — the caption, hashtags or the author's bio say a child is shown ("my daughter",
  ``#kidsfashion``, "AI girl", "8 years old"); evidence = spans into those fields.
* ``post.minor_likelihood`` — from the media's ``image.minor_likelihood`` signals when there are any (face ages;
  AI-generated child imagery counts, the image detector does not care how a child was made), raised by the
  text cues; from the text cues alone otherwise.
* ``post.ai_generated`` — the roll-up of the media's ``image.ai_generated`` provenance signals, the platform's
  own labels (``ai_generated``...) and, weakly, AI-art hashtags.
* ``text.contact_move`` — the caption or hashtags point to a private channel (Telegram, Kik, Snapchat, WhatsApp,
  Discord, Session, Wickr): "new set 💕 more on tg". The context step counts such posts among an account's child
  imagery (``account.offsite_showcase``).

Comments are then read in this context (stage 3: "looks delicious" under a child's photo).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from harrier.detect.base import DetectorInput, PostInput
from harrier.detect.text import lexicon
from harrier.detect.text.normalise import Normalized, normalise
from harrier.detect.text.offsite import PRIVATE_CHANNELS
from harrier.model.signals import Evidence, Signal, register_kind

register_kind("text.minor_cue", ("post",),
              "caption, hashtags or the author's bio say a child is shown (my daughter, #kidsfashion, AI girl, ages)",
              score="0..1 cue strength", severity_hint="low")
register_kind("post.minor_likelihood", ("post",),
              "how likely the post shows a child: image age estimates when present, else caption/hashtag/bio cues",
              severity_hint="medium")
register_kind("post.ai_generated", ("post",),
              "the post's media is AI-generated: provenance markers, platform labels, AI-art hashtags",
              severity_hint="low")

AI_LABELS = {"ai_generated", "ai-generated", "aigenerated", "made_with_ai", "made-with-ai", "ai", "synthetic",
             "generated", "ai_content", "ai-content", "digitally_altered"}
FLOOR = 0.1
# cue categories and how much each says "a child is shown" (bio cues say less about this one post)
CUE_WEIGHT = {"child": 1.0, "age": 1.0}
FIELD_WEIGHT = {"caption": 1.0, "hashtags": 1.0, "author.bio": 0.5}
BIO_CAP = 0.45  # the most the author's bio alone says about one post (under the 0.5 of a child-likely post)
# A caption that sends its viewers to a private messaging channel: the lexicon's contact terms that name one
# (offsite.PRIVATE_CHANNELS). A caption is read by rule here, not by the comment model, which flagged 2.1 % of
# ordinary accounts' captions on a development platform ("weekendje weg" as abuse intent, "no filter" as desire).
PRIVATE_CHANNEL_SCORE = 0.8
# AI provenance in the post's own words. In running text an AI term says less ("ai" is also Italian "to the",
# "generated" and "digital art" describe other things): only the lexicon's strong terms ("AI art", "AI generated")
# count as AI-generated (AI_WORDS_STRONG), the rest as a hint (AI_WORDS_WEAK). A hashtag that carries the term is
# the poster's own label of the image ("#aikids", "#aimodel", "#midjourney", "#stablediffusion"): strong from the
# lexicon's "ai" and generator names on (AI_TAG_WEIGHT). On four development platforms about half of the images
# labelled only by such hashtags read 0.4 and were not counted as AI-generated. GENERATOR_TAGS: generators'
# names that the lexicon's word segmentation cannot split ("#sdxl"). A tag counts only where it splits cleanly, into
# words of two letters or more: "#tokio" splits "to ki o" and "#aikido" "ai kid o" (``_splits_cleanly``).
AI_WORDS_STRONG, AI_WORDS_WEAK, AI_TAG_WEIGHT = 0.6, 0.4, 0.7
GENERATOR_TAGS = frozenset({"sdxl", "sd15", "dalle", "dalle2", "dalle3", "nijijourney", "leonardoai", "comfyui"})


def _cue_hits(field: str, text: str) -> list[tuple[str, lexicon.Hit]]:
    return [(field, h) for h in lexicon.match(normalise(text))]


def _splits_cleanly(n: Normalized) -> bool:
    """A normalised hashtag split into words of two letters or more (AI_TAG_WEIGHT)."""
    words = n.text.lstrip("#").split()
    return bool(words) and all(len(w) >= 2 for w in words)


class PostFusionDetector:
    name: ClassVar[str] = "post.fusion"
    version: ClassVar[str] = "1.3.3"  # 1.2.0: text.contact_move, captions pointing to a private channel; 1.2.1: the
    # lexicon reads an age stated as young ("only 8") as a child cue; 1.3.0: a hashtag's AI term or generator name
    # is the poster's own AI label (AI_TAG_WEIGHT, GENERATOR_TAGS); 1.3.1: the normaliser joins "c.p"; 1.3.2:
    # child-model tags are child cues ("#littlemodel", "#kindermodel"); 1.3.3: the normaliser reads a typo'd tool name
    # as the name ("mdoel" as "model")
    subject_type: ClassVar[str] = "post"
    stage: ClassVar[int] = 2

    @property
    def ident(self) -> str:
        return f"{self.name}@{self.version}"

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        out: list[Signal] = []
        for p in batch:
            if isinstance(p, PostInput):
                out.extend(self._post(p))
        return out

    def _post(self, p: PostInput) -> list[Signal]:
        post = p.post
        hits: list[tuple[str, lexicon.Hit]] = []
        if post.caption:
            hits += _cue_hits("caption", post.caption)
        clean_tags: set[str] = set()  # hashtags[i] fields that split cleanly
        for i, tag in enumerate(post.hashtags):
            n = normalise("#" + tag.lstrip("#"))
            hits += [(f"hashtags[{i}]", h) for h in lexicon.match(n)]
            if _splits_cleanly(n):
                clean_tags.add(f"hashtags[{i}]")
        if p.author and p.author.bio:
            hits += _cue_hits("author.bio", p.author.bio)
        signals: list[Signal] = []
        # --- text.minor_cue: noisy-or of child/age cues; "AI girl(s)" style cues count as child cues
        keep, keep_bio = 1.0, 1.0
        cue_ev: list[Evidence] = []
        for field, h in hits:
            w = CUE_WEIGHT.get(h.category)
            if w is None:
                continue
            fw = FIELD_WEIGHT.get(field.split("[")[0], 1.0)
            if field == "author.bio":
                keep_bio *= 1.0 - w * fw * h.weight
            else:
                keep *= 1.0 - w * fw * h.weight
            cue_ev.append(self._span(post, p, field, h))
        # the bio says the account has children, not that this post shows one: alone it stays under "child-likely"
        # ("moeder van 2 👧👦" made her banana bread a child's post at 0.51, and a fruit emoji under it a code)
        keep *= 1.0 - min(1.0 - keep_bio, BIO_CAP)
        # "AI girl(s)" / "AI kids": AI-art wording next to a child term is a cue of its own
        if any(h.category == "ai" for _, h in hits) and cue_ev:
            keep *= 0.5
        cue = 1.0 - keep
        if cue >= FLOOR:
            signals.append(Signal(subject=("post", post.id), kind="text.minor_cue", score=round(cue, 4),
                                  detector=self.ident, evidence=cue_ev))
        # --- post.minor_likelihood
        img = [s for s in p.media_signals if s.kind == "image.minor_likelihood"]
        if img:
            best = max(img, key=lambda s: s.score)
            m = 1.0 - (1.0 - best.score) * (1.0 - 0.5 * cue)
            ev = [Evidence(kind="signal", field="image.minor_likelihood", value=round(s.score, 4),
                           ref={"type": s.subject[0], "id": s.subject[1]}, note=s.detector) for s in img]
            if cue >= FLOOR:
                ev += cue_ev
            basis = "image age estimates" + (" + text cues" if cue >= FLOOR else "")
        else:
            m = cue
            ev = list(cue_ev)
            basis = "text cues only (no image age estimate)"
        if m >= FLOOR:
            ev.append(Evidence(kind="feature", field="basis", value=basis))
            signals.append(Signal(subject=("post", post.id), kind="post.minor_likelihood", score=round(min(m, 1.0), 4),
                                  detector=self.ident, evidence=ev))
        # --- post.ai_generated
        ai_ev: list[Evidence] = []
        ai = 0.0
        for s in p.media_signals:
            if s.kind == "image.ai_generated":
                ai = max(ai, s.score)
                ai_ev.append(Evidence(kind="signal", field="image.ai_generated", value=round(s.score, 4),
                                      ref={"type": s.subject[0], "id": s.subject[1]}, note=s.detector))
        for label in post.platform_labels:
            if label.strip().lower() in AI_LABELS:
                ai = max(ai, 0.95)
                ai_ev.append(Evidence(kind="metadata", field="platform_labels", value=label,
                                      note="label applied by the platform"))
        for field, h in hits:
            if h.category == "ai" and field != "author.bio":
                strong = h.weight >= 0.8 or (field in clean_tags and h.weight >= AI_TAG_WEIGHT)
                ai = max(ai, AI_WORDS_STRONG if strong else AI_WORDS_WEAK)
                ai_ev.append(self._span(post, p, field, h))
        for i, tag in enumerate(post.hashtags):
            if tag.lstrip("#").lower() in GENERATOR_TAGS:
                ai = max(ai, AI_WORDS_STRONG)
                ai_ev.append(Evidence(kind="span", field=f"hashtags[{i}]", start=0, end=len(tag), value=tag,
                                      note="names an image generator"))
        if ai >= FLOOR:
            signals.append(Signal(subject=("post", post.id), kind="post.ai_generated", score=round(ai, 4),
                                  detector=self.ident, evidence=ai_ev))
        # --- text.contact_move: the post's own words send viewers to a private channel (not the bio: text.account)
        channel = [(field, h) for field, h in hits if field != "author.bio" and h.category == "contact"
                   and h.term.lower() in PRIVATE_CHANNELS]
        if channel:
            ev = [self._span(post, p, field, h) for field, h in channel]
            ev.append(Evidence(kind="feature", field="private_channel", value=True,
                               note="the caption or hashtags point to a private messaging channel"))
            signals.append(Signal(subject=("post", post.id), kind="text.contact_move", score=PRIVATE_CHANNEL_SCORE,
                                  detector=self.ident, evidence=ev))
        return signals

    @staticmethod
    def _span(post, p: PostInput, field: str, h: lexicon.Hit) -> Evidence:  # type: ignore[no-untyped-def]
        if field == "caption":
            text = post.caption or ""
        elif field == "author.bio":
            text = (p.author.bio if p.author else "") or ""
        else:  # hashtags were matched as "#tag": report offsets into the stored tag
            i = int(field[field.index("[") + 1:-1])
            tag = post.hashtags[i]
            shift = 0 if tag.startswith("#") else 1
            a, b = max(0, h.start - shift), max(0, h.end - shift)
            return Evidence(kind="span", field=field, start=a, end=b, value=tag[a:b],
                            note=f"{h.category} '{h.term}' ({h.source})")
        return Evidence(kind="span", field=field, start=h.start, end=h.end, value=text[h.start:h.end],
                        note=f"{h.category} '{h.term}' ({h.source})" + (f": {h.note}" if h.note else ""))
