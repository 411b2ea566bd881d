"""The registered detectors: comments in context (stage 3), accounts (stage 1), post fusion (stage 2)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from harrier.detect import registry
from harrier.detect.base import AccountInput, CommentInput, PostInput
from harrier.detect.post import PostFusionDetector
from harrier.detect.text.detectors import AccountTextDetector, CommentTextDetector, handle_words
from harrier.model import entities as E
from harrier.model.signals import KINDS, Signal

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _spans_are_original(sig: Signal, texts: dict[str, str]) -> None:
    spans = [e for e in sig.evidence if e.kind == "span"]
    assert spans, sig
    for e in spans:
        src = texts[e.field]
        assert e.value == src[e.start:e.end], (e, src)


@pytest.fixture(scope="module")
def comment_detector() -> CommentTextDetector:
    return CommentTextDetector()


def test_registry_lines_match_the_classes() -> None:
    wanted = {"text.comment": ("comment", 3), "text.account": ("account", 1), "post.fusion": ("post", 2)}
    specs = {s.name: s for s in registry.DETECTORS}
    for name, (subject, stage) in wanted.items():
        s = specs[name]
        assert (s.subject_type, s.stage) == (subject, stage)
        module, _, cls = s.factory.partition(":")
        klass = getattr(__import__(module, fromlist=[cls]), cls)
        assert (klass.name, klass.version, klass.subject_type, klass.stage) == (s.name, s.version, subject, stage)
        for k in s.kinds:
            assert k in KINDS, k


def _post(pid: str, caption: str, hashtags: list[str] | None = None, labels: list[str] | None = None) -> E.Post:
    return E.Post(id=pid, author_id="a1", created_at=NOW, caption=caption, hashtags=hashtags or [],
                  platform_labels=labels or [])


def test_post_fusion_cues_image_and_ai() -> None:
    det = PostFusionDetector()
    author = E.Account(id="a1", handle="mum_of_two", bio="mum of two girls")
    img = Signal(subject=("media", "m1"), kind="image.minor_likelihood", score=0.9, detector="image.content@1.0.0")
    aimg = Signal(subject=("media", "m1"), kind="image.ai_generated", score=1.0, detector="image.content@1.0.0")
    kid = _post("p1", "My daughter's first dance recital!", ["kidsfashion", "dance"])
    food = _post("p2", "Lasagna night", ["food"])
    ai = _post("p3", "new AI girl", ["aiart"], ["ai_generated"])
    out = det.detect([PostInput(kid, author), PostInput(food, None), PostInput(ai, None, media_signals=(img, aimg))])
    by = {(s.subject[1], s.kind): s for s in out}
    assert by[("p1", "text.minor_cue")].score > 0.8
    assert by[("p1", "post.minor_likelihood")].score > 0.8
    _spans_are_original(by[("p1", "text.minor_cue")], {"caption": kid.caption, "hashtags[0]": "kidsfashion",
                                                        "hashtags[1]": "dance", "author.bio": author.bio})
    assert not [s for s in out if s.subject[1] == "p2"], "a food post carries no signal"
    m3 = by[("p3", "post.minor_likelihood")]
    assert m3.score >= 0.9 and any(e.kind == "signal" and e.ref == {"type": "media", "id": "m1"} for e in m3.evidence)
    a3 = by[("p3", "post.ai_generated")]
    assert a3.score >= 0.95
    assert any(e.kind == "metadata" and e.value == "ai_generated" for e in a3.evidence)


def test_a_bio_alone_does_not_make_a_post_child_likely() -> None:
    # a parent's bio says she has children; her banana bread is no child's post (independent seed 30)
    det = PostFusionDetector()
    mum = E.Account(id="a1", handle="lotte", bio="moeder van 2 👧👦")
    bread, kid = _post("p1", "banana bread again lol"), _post("p2", "mijn dochter op haar eerste schooldag")
    by = {(s.subject[1], s.kind): s.score for s in det.detect([PostInput(bread, mum), PostInput(kid, mum)])}
    assert 0.1 <= by[("p1", "post.minor_likelihood")] < 0.5
    assert by[("p2", "post.minor_likelihood")] > 0.8


def test_a_caption_that_points_to_a_private_channel_is_a_contact_move() -> None:
    """post.fusion 1.2.0: a caption or hashtag naming a private messaging channel is text.contact_move on the post,
    with the span; a shop's "link in bio", a bare "dm" and a bio that names one (text.account reads bios) are not."""
    det = PostFusionDetector()
    seller = E.Account(id="a1", handle="x", bio="more on telegram")
    posts = [_post("p1", "neues Set 💕 mehr auf tg #littlemodel"), _post("p2", "new drop", ["Telegram"]),
             _post("p3", "shop the new collection, link in bio #kidsfashion"), _post("p4", "dm for collabs"),
             _post("p5", "sunday pancakes")]
    out = det.detect([PostInput(p, seller) for p in posts])
    moves = {s.subject[1]: s for s in out if s.kind == "text.contact_move"}
    assert set(moves) == {"p1", "p2"}
    _spans_are_original(moves["p1"], {"caption": posts[0].caption})
    assert [e.value for e in moves["p1"].evidence if e.kind == "span"] == ["tg"]
    assert [e.field for e in moves["p2"].evidence if e.kind == "span"] == ["hashtags[0]"]


def test_a_hashtag_that_labels_the_image_ai_is_the_posters_own_label() -> None:
    """post.fusion 1.3.0: "#aikids", "#midjourney", "#sdxl" label the image AI-generated (>= 0.5, the context step's
    bar); an AI word in running text stays a hint, and a tag that only splits into stray letters ("#tokio" -> "to ki
    o") is no label."""
    det = PostFusionDetector()
    posts = [_post("p1", "nuevo set 💕", ["aikids", "cute"]), _post("p2", "soft mornings", ["midjourney"]),
             _post("p3", "neon nights", ["sdxl", "landscape"]), _post("p4", "ai mamma piace", []),
             _post("p5", "viaggio", ["tokio"]), _post("p6", "my painting", ["digitalart"])]
    ai = {s.subject[1]: s for s in det.detect([PostInput(p, None) for p in posts]) if s.kind == "post.ai_generated"}
    assert ai["p1"].score >= 0.5 and ai["p2"].score >= 0.5 and ai["p3"].score >= 0.5
    assert ai["p4"].score < 0.5 and ai["p6"].score < 0.5
    assert "p5" not in ai or ai["p5"].score < 0.5
    assert [e.value for e in ai["p3"].evidence if e.kind == "span"] == ["sdxl"]
    _spans_are_original(ai["p1"], {"hashtags[0]": "aikids"})


def test_child_model_tags_name_a_child() -> None:
    """post.fusion 1.3.2 (lexicon): the tags of child-model accounts, which public reporting on them quotes, are child
    cues: "#littlemodel" said nothing before."""
    det = PostFusionDetector()
    posts = [_post("p1", "AI art ✨", ["littlemodel"]), _post("p2", "nieuwe set 💕", ["kindermodel"]),
             _post("p3", "new collection", ["model", "fashionweek"])]
    cue = {s.subject[1]: s.score for s in det.detect([PostInput(p, None) for p in posts]) if s.kind == "text.minor_cue"}
    assert cue["p1"] >= 0.5 and cue["p2"] >= 0.5 and "p3" not in cue


def _comment(cid: str, text: str, post: str = "p1", parent: str | None = None) -> E.Comment:
    return E.Comment(id=cid, post_id=post, author_id="a9", created_at=NOW, text=text, parent_id=parent)


def test_comment_detector_uses_post_and_thread(comment_detector: CommentTextDetector) -> None:
    child_post = (Signal(subject=("post", "p1"), kind="post.minor_likelihood", score=0.93,
                         detector="post.fusion@1.0.0"),)
    food_post = (Signal(subject=("post", "p2"), kind="post.minor_likelihood", score=0.0,
                        detector="post.fusion@1.0.0"),)
    harmful_parent = (Signal(subject=("comment", "c3"), kind="text.sexualising_minor", score=0.97,
                             detector="text.comment@1.6.0"),)
    batch = [
        CommentInput(_comment("c1", "looks delicious 😋"), None, post_signals=child_post),
        CommentInput(_comment("c2", "looks delicious 😋", "p2"), None, post_signals=food_post),
        CommentInput(_comment("c4", "sent you a DM", parent="c3"), None, parent_text="so sexy for a kid",
                     post_signals=child_post, parent_signals=harmful_parent),
        CommentInput(_comment("c5", "disgusting, reported"), None, post_signals=child_post),
        CommentInput(_comment("c6", "what a lovely recital, well done!"), None, post_signals=child_post),
    ]
    texts = {c.comment.id: c.comment.text for c in batch}
    out = comment_detector.detect(batch)
    by = {(s.subject[1], s.kind): s for s in out}
    assert by[("c1", "text.sexualising_minor")].score > 0.5
    assert not [s for s in out if s.subject[1] == "c2" and s.kind == "text.sexualising_minor"]
    cm = by[("c4", "text.contact_move")]
    assert any(e.kind == "feature" and e.field == "flagged" and e.value is True for e in cm.evidence)
    assert any(e.kind == "signal" and e.ref == {"type": "comment", "id": "c3"} for e in cm.evidence)
    assert ("c5", "text.counter_speech") in by and not [s for s in out if s.subject[1] == "c5"
                                                          and s.kind != "text.counter_speech"]
    assert any(e.field == "objection" and e.value is True for e in by[("c5", "text.counter_speech")].evidence)
    assert not [s for s in out if s.subject[1] == "c6" and s.score >= 0.5]
    for s in out:
        assert s.detector == comment_detector.ident == "text.comment@1.31.0"
        _spans_are_original(s, {"text": texts[s.subject[1]]})


def test_account_detector_handles_and_bios() -> None:
    det = AccountTextDetector()
    accs = [E.Account(id="a1", handle="p3do_lover", bio="AI art | cute girls 🔞 t.me/xyz"),
            E.Account(id="a2", handle="bakingmum", bio="I love baking cakes and hiking"),
            E.Account(id="a3", handle="N0MAP_pride", bio="14 y/o | dm me"),
            E.Account(id="a4", handle="CuteGirlsCollector"),
            E.Account(id="a5", handle="holly_90", bio="just vibes"),  # the model alone reads this at p=0.88
            E.Account(id="a6", handle="dreamy.frames", bio="mehr auf meinem tg 😉")]  # "tg": a contact term
    out = det.detect([AccountInput(a) for a in accs])
    by = {(s.subject[1], s.kind): s for s in out}
    assert by[("a1", "text.account_handle")].score >= 0.8
    assert by[("a1", "text.account_bio")].score >= 0.8
    assert ("a3", "text.account_handle") in by and ("a4", "text.account_handle") in by
    assert any("age claim" in (e.note or "") for e in by[("a3", "text.account_bio")].evidence)
    assert not [s for s in out if s.subject[1] in ("a2", "a5")], "no lexicon cue in the bio: no bio signal"
    assert ("a6", "text.account_bio") in by, "a contact term in the bio: the model counts"
    assert det.scorer.analyse(["just vibes"])[0].probs["harmful"] > 0.5  # (what the model alone says)
    # text.account 1.10.0: a bio that offers content elsewhere is text.account_offsite; a pointer alone is not
    assert {s.subject[1] for s in out if s.kind == "text.account_offsite"} == {"a6"}
    texts = {a.id: a for a in accs}
    for s in out:
        acc = texts[s.subject[1]]
        _spans_are_original(s, {"handle": acc.handle, "bio": acc.bio or "", "display_name": acc.display_name or ""})


def test_a_bio_that_sells_sets_elsewhere_is_an_offsite_signal() -> None:
    """text.account 1.10.0: "ensaios exclusivos 💌 link na bio" offers content and points to it — no harm in its
    words (no text.account_bio), but the showcase's pointer (text.account_offsite, with both spans); a shop's bio
    is none."""
    det = AccountTextDetector()
    accs = [E.Account(id="s1", handle="tiny.dreams", bio="ensaios exclusivos 💌 link na bio"),
            E.Account(id="s2", handle="dollhouse", bio="AI-kunst ✨ | meer op tg: dollhouse_vip"),
            E.Account(id="b1", handle="kidsshop", bio="kids fashion | exclusive collection 💌 link in bio")]
    out = det.detect([AccountInput(a) for a in accs])
    off = {s.subject[1]: s for s in out if s.kind == "text.account_offsite"}
    assert set(off) == {"s1", "s2"} and off["s1"].detector == "text.account@1.11.0"
    assert [e.value for e in off["s1"].evidence] == ["ensaios exclusivos", "💌", "link na bio"]
    for s in off.values():
        _spans_are_original(s, {"bio": next(a.bio for a in accs if a.id == s.subject[1]) or ""})


def test_a_dual_use_code_written_plainly_in_a_handle_is_a_cue_not_a_case() -> None:
    """text.account 1.11.0: "cheese pizza" is food and "cp" initials; written plainly with nothing else the handle
    signal stays under the handle_or_bio rule's 0.8 (and the context step's 0.5); respelled ("ch33sepizza"), spelled
    letter by letter ("c.p"), standing alone ("cp_trader") or beside another term it is the code."""
    det = AccountTextDetector()
    handles = {"h1": "cheesepizza_fan78", "h2": "cpetit", "h3": "CheesePizzaLover", "c1": "ch33sepizza25",
               "c2": "cp_trader", "c3": "c.p.links", "c4": "cheesepizza_loli", "c5": "p3do_lover"}
    out = det.detect([AccountInput(E.Account(id=k, handle=v)) for k, v in handles.items()])
    by = {s.subject[1]: s for s in out if s.kind == "text.account_handle"}
    for k in ("h1", "h2", "h3"):
        assert by[k].score < 0.5 and "written plainly" in (by[k].evidence[0].note or ""), k
    for k in ("c1", "c2", "c3", "c4", "c5"):
        assert by[k].score >= 0.8, k


def test_handle_words() -> None:
    assert handle_words("p3do_lover") == "pedo lover"
    assert handle_words("CuteGirlsCollector") == "cute girls collector"
