"""The platform and its fresh signals as flat numpy arrays with a stable account index.

Everything in ``context`` computes on these arrays (graphs, features, propagation, communities), so the
benchmark can build a :class:`ContextData` of a million accounts directly and exercise the real code;
:func:`load` is the only part that reads the store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from harrier.model.signals import Signal
from harrier.store import tables as t
from harrier.store.signals import fresh_signals

# Comment-level kinds that say the comment itself is harmful (counter-speech discounts them, see below).
HARM_KINDS = ("text.sexualising_minor", "text.abuse_intent", "text.desire_or_solicitation", "text.minimisation")
# The harmful readings of a remark *about* someone - her body or age, wanting her or more of her pictures, excusing it
# - as against abuse_intent's lines addressed to the reader ("can i get your number 😏", "when do we meet?"), which
# are harmful only when the reader is a child (``ContextData.comment_about``)
ABOUT_KINDS = ("text.sexualising_minor", "text.desire_or_solicitation", "text.minimisation")
# The one definition of a flagged comment, used by features, rings, propagation and case summaries alike: its
# harm (``load``: the strongest harmful-text score the detector flagged, already discounted by counter-speech)
# at least FLAG. The detector decides what is flagged (its ``flagged`` evidence, with its own thresholds and
# rules); a category score it did not flag counts at most UNFLAGGED, so "take me with you" (abuse 0.61, not
# flagged) is no flagged remark here either.
FLAG = 0.5
UNFLAGGED = 0.45
# A flagged comment is *flagged alone* when its words are harmful without the post's context (the text
# detector's ``flagged_alone`` evidence: the context-free score over its threshold, or a rule by construction).
# "nice" under a child's photo is flagged in context only: a relative writes dozens of those, so on their own
# they are no evidence against an account (features.excess compares them with the base rate instead).
COMMENT_KINDS = (*HARM_KINDS, "text.contact_move", "text.generation_request", "text.counter_speech")
POST_KINDS = (*HARM_KINDS, "post.minor_likelihood", "post.ai_generated", "text.minor_cue", "text.generation_request",
              "text.contact_move")
MEDIA_KINDS = ("image.minor_likelihood", "image.ai_generated", "hash.match", "image.near_duplicate",
               "image.sexualised_minor_risk")
ACCOUNT_KINDS = ("text.account_handle", "text.account_bio")
OFFSITE_KINDS = ("text.account_offsite",)  # a bio that sells content elsewhere (detect/text/offsite.py)

# Off-platform link-outs: URLs and the usual "move it elsewhere" destinations named in words.
_URL = re.compile(r"(?i)\b(?:https?://)?((?:[a-z0-9-]+\.)+(?:com|me|org|net|io|gg|co|app|ly|link|to)(?:/[\w@.-]+)?)")
_PLATFORM = re.compile(r"(?i)\b(telegram|snap(?:chat)?|kik|discord|whatsapp|wickr|session app|signal app|"
                       r"threema|wire app|element)\b(?:\s*[:@]?\s*@?([\w.-]{3,}))?")


def epoch(ts: datetime | None) -> int:
    if ts is None:
        return 0
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return int(ts.timestamp())


def link_outs(text: str | None) -> list[str]:
    """Normalised off-platform destinations named in a text (``t.me/handle``, ``telegram:handle``...)."""
    if not text:
        return []
    out = [m.group(1).lower().rstrip("/.") for m in _URL.finditer(text)]
    for m in _PLATFORM.finditer(text):
        platform = m.group(1).lower().replace(" app", "")
        out.append(f"{platform}:{m.group(2).lower()}" if m.group(2) else platform)
    return list(dict.fromkeys(out))


@dataclass
class ContextData:
    """Arrays indexed by account (``a``), post (``p``) and comment (``c``) position.

    Scores are fused per item from the fresh signals: ``post_child`` is the post's minor-likelihood,
    ``comment_harm`` the comment's strongest harmful-text score already discounted by counter-speech.
    """

    account_ids: list[str]
    post_ids: list[str]
    post_author: np.ndarray  # int32 account index
    post_child: np.ndarray  # float32 minor-likelihood
    post_ai: np.ndarray  # float32 AI-generated
    post_harm: np.ndarray  # float32 harmful caption text
    post_gen: np.ndarray  # float32 caption asks for / teaches the generator
    post_hash: np.ndarray  # float32 hash-bank match on its media
    post_time: np.ndarray  # int64 epoch seconds
    post_sound: np.ndarray  # int32 sound id, -1 none
    post_tags: list[list[int]]  # hashtag ids per post
    sound_names: list[str]
    tag_names: list[str]
    comment_ids: list[str]
    comment_author: np.ndarray  # int32
    comment_post: np.ndarray  # int32
    comment_parent: np.ndarray  # int32 comment index, -1 none
    comment_time: np.ndarray  # int64
    comment_harm: np.ndarray  # float32
    comment_contact: np.ndarray  # float32
    comment_gen: np.ndarray  # float32
    comment_counter: np.ndarray  # float32
    comment_alone: np.ndarray | None = None  # float32 harmful score of the words alone when flagged alone, else 0
    comment_cue: np.ndarray | None = None  # bool: the words carry a cue (text detector's ``cue`` evidence)
    # float32: as ``comment_alone``, over the readings of a remark about someone (ABOUT_KINDS) only; without it, as
    # before, every harmful reading
    comment_about: np.ndarray | None = None
    # bool: the words name a child (the text detector's ``names_child`` evidence, since text.comment 1.15.0)
    comment_names_child: np.ndarray | None = None
    # bool: the words are a sextortion threat (the text detector's ``threat`` evidence, since text.comment 1.25.7)
    comment_threat: np.ndarray | None = None
    # bool: a counter-speech signal whose words carry an objection one can point at (the text detector's
    # ``objection`` evidence, since text.comment 1.24.8; without it, as before, any counter-speech signal)
    comment_objection: np.ndarray | None = None
    # bool: a counter-speech signal whose words name the speaker's own child or say a child's age back (the text
    # detector's ``own_child`` evidence, since text.comment 1.24.11; without it, none)
    comment_own_child: np.ndarray | None = None
    follow_src: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    follow_dst: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    inter_account: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    inter_post: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    msg_src: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    msg_dst: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    msg_time: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    msg_count: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    post_dup: np.ndarray | None = None  # int32 near-duplicate cluster per post, -1 none
    # float32: the caption points to a private channel (post.fusion's text.contact_move, since 1.2.0; else 0)
    post_offsite: np.ndarray | None = None
    # float32: the caption or hashtags name a child (post.fusion's text.minor_cue; else 0): the post's own words
    # corroborate what the image model reads
    post_said_child: np.ndarray | None = None
    link_account: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    link_target: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # id into link_names
    link_comment: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # comment index, -1 = bio
    link_names: list[str] = field(default_factory=list)
    account_text: np.ndarray | None = None  # float32 handle/bio signal score
    # float32: the bio offers content elsewhere ("exclusive sets 💌 link in bio", "more on tg"), not a harm of its
    # own words (a shop's bio reads alike): a line of a child-imagery account's showcase, never own content
    account_offsite: np.ndarray | None = None
    seeds_confirmed: np.ndarray | None = None  # bool: reviewer-confirmed violation labels
    cleared: np.ndarray | None = None  # bool: reviewer said no violation
    # Original signals kept for evidence and cases (empty in the benchmark).
    own_signals: dict[tuple[str, str], list[Signal]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = self.n_accounts
        if self.post_dup is None:
            self.post_dup = np.full(len(self.post_ids), -1, np.int32)
        if self.post_offsite is None:
            self.post_offsite = np.zeros(len(self.post_ids), np.float32)
        if self.post_said_child is None:
            self.post_said_child = np.zeros(len(self.post_ids), np.float32)
        if self.comment_alone is None:
            self.comment_alone = self.comment_harm.copy()
        if self.comment_about is None:
            self.comment_about = self.comment_alone.copy()
        if self.comment_cue is None:
            self.comment_cue = np.ones(len(self.comment_harm), bool)
        if self.comment_names_child is None:
            self.comment_names_child = np.zeros(len(self.comment_harm), bool)
        if self.comment_threat is None:
            self.comment_threat = np.zeros(len(self.comment_harm), bool)
        if self.comment_objection is None:
            self.comment_objection = np.ones(len(self.comment_harm), bool)
        if self.comment_own_child is None:
            self.comment_own_child = np.zeros(len(self.comment_harm), bool)
        if self.account_text is None:
            self.account_text = np.zeros(n, np.float32)
        if self.account_offsite is None:
            self.account_offsite = np.zeros(n, np.float32)
        if self.seeds_confirmed is None:
            self.seeds_confirmed = np.zeros(n, bool)
        if self.cleared is None:
            self.cleared = np.zeros(n, bool)
        self.account_index = {a: i for i, a in enumerate(self.account_ids)}

    @property
    def comment_flagged(self) -> np.ndarray:
        """bool per comment: flagged by the one definition (``FLAG`` over the counter-discounted harm)."""
        return self.comment_harm >= FLAG

    @property
    def comment_flagged_alone(self) -> np.ndarray:
        """bool per comment: flagged, and on its own words (see ``FLAG``)."""
        return self.comment_flagged & (self.comment_alone >= FLAG)

    @cached_property
    def comment_close(self) -> np.ndarray:
        """bool per comment: its author and the post's author follow each other (a family circle, friends).

        A remark between people who chose each other is read differently from one by a stranger: a relative's
        "little princess" under the family's photo, which a text model misreads, is no evidence against the
        relative, and relatives commenting on one family's posts are no ring. Strangers converging on someone's
        posts are what a ring and a lone offender look like. Computed once per ContextData (follows and
        comments are not changed after it is built). An owner's replies under their own posts are not "close":
        where they must not count as evidence (a parent's misread "thank you ❤️"), features say so.
        """
        n = self.n_accounts
        if not self.n_comments or not len(self.follow_src):
            return np.zeros(self.n_comments, bool)
        fwd = np.unique(self.follow_src.astype(np.int64) * n + self.follow_dst)
        a = self.comment_author.astype(np.int64)
        b = self.post_author[self.comment_post].astype(np.int64)
        return np.isin(a * n + b, fwd) & np.isin(b * n + a, fwd) & (a != b)

    @classmethod
    def empty(cls, account_ids: list[str]) -> ContextData:
        """Accounts only, no content: graphs are then built from follows/messages set by the caller."""
        z32, zf = np.zeros(0, np.int32), np.zeros(0, np.float32)
        return cls(account_ids=list(account_ids), post_ids=[], post_author=z32, post_child=zf, post_ai=zf,
                   post_harm=zf, post_gen=zf, post_hash=zf, post_time=np.zeros(0, np.int64), post_sound=z32,
                   post_tags=[], sound_names=[], tag_names=[], comment_ids=[], comment_author=z32,
                   comment_post=z32, comment_parent=z32, comment_time=np.zeros(0, np.int64), comment_harm=zf,
                   comment_contact=zf, comment_gen=zf, comment_counter=zf)

    @property
    def n_accounts(self) -> int:
        return len(self.account_ids)

    @property
    def n_posts(self) -> int:
        return len(self.post_ids)

    @property
    def n_comments(self) -> int:
        return len(self.comment_ids)


# --- loading from the store ---------------------------------------------------------------------------------

CONFIRMED_ACTIONS = ("remove_content", "restrict_account", "suspend_account", "escalate", "report")
CLEARED_LABELS = ("no_violation", "benign", "cleared")


def _max_into(arr: np.ndarray, idx: dict[str, int], sigs: Iterable[Signal], kinds: Sequence[str],
              keep: Callable[[Signal], bool] | None = None,
              value: Callable[[Signal], float] = lambda s: s.score) -> None:
    for s in sigs:
        i = idx.get(s.subject[1])
        if i is not None and s.kind in kinds and (keep is None or keep(s)):
            arr[i] = max(arr[i], value(s))


def _feature(s: Signal, name: str, default: Any) -> Any:
    """The value of a signal's ``feature`` evidence named ``name`` (the text detector's ``flagged``,
    ``flagged_alone``, ``cue``, ``names_child``), else ``default`` (another producer, an older detector)."""
    return next((e.value for e in s.evidence if e.field == name), default)


def _flagged_alone(s: Signal) -> bool:
    """The text detector's ``flagged_alone`` evidence; a signal without it (another producer, a detector before
    1.7.0) counts as flagged alone."""
    return bool(_feature(s, "flagged_alone", True))


def _harm(s: Signal) -> float:
    """A harmful-text signal's weight as the account step counts it: at least FLAG when the detector flagged its
    category (``flagged`` evidence), at most UNFLAGGED when it did not; a signal without the evidence (another
    producer) counts its score."""
    flagged = _feature(s, "flagged", None)
    if flagged is None:
        return s.score
    return max(s.score, FLAG) if flagged else min(s.score, UNFLAGGED)


def _cue(s: Signal) -> bool:
    """The text detector's ``cue`` evidence (since text.comment 1.8.1): the words carry a rule term or a sexual,
    body, desire, abuse, trading, age, minimisation or appetite term; a signal without it (another producer, an
    older detector) counts as carrying one."""
    return bool(_feature(s, "cue", True))


def _names_child(s: Signal) -> bool:
    """The text detector's ``names_child`` evidence (since text.comment 1.15.0); without it (another producer, an
    older detector) a remark does not name a child: the image decides, as before."""
    return bool(_feature(s, "names_child", False))


def _threat(s: Signal) -> bool:
    """The text detector's ``threat`` evidence (since text.comment 1.25.7); without it, no threat."""
    return bool(_feature(s, "threat", False))


def _objection(s: Signal) -> bool:
    """The text detector's ``objection`` evidence on a counter-speech signal (since text.comment 1.24.8); without it
    (another producer, an older detector) the signal counts as an objection, as before."""
    return bool(_feature(s, "objection", True))


def _own_child(s: Signal) -> bool:
    """The text detector's ``own_child`` evidence on a counter-speech signal (since text.comment 1.24.11): "this is
    my daughter, reported"; without it, the reply says nothing of the picture."""
    return bool(_feature(s, "own_child", False))


def load(session: Session, now: datetime | None = None) -> ContextData:
    """Read platform tables, fresh detector signals and reviewers' labels into arrays."""
    accounts = list(session.execute(select(t.Account.id, t.Account.bio).order_by(t.Account.id)).all())
    account_ids = [a for a, _ in accounts]
    aidx = {a: i for i, a in enumerate(account_ids)}

    def acc(a: str) -> int:
        # Data may reference accounts missing from accounts.jsonl: give them an index too.
        i = aidx.get(a)
        if i is None:
            i = aidx[a] = len(account_ids)
            account_ids.append(a)
        return i

    posts = list(session.execute(
        select(t.Post.id, t.Post.author_id, t.Post.created_at, t.Post.hashtags, t.Post.sound, t.Post.platform_labels)
        .order_by(t.Post.id)
    ).all())
    post_ids = [p[0] for p in posts]
    pidx = {p: i for i, p in enumerate(post_ids)}
    sounds: dict[str, int] = {}
    tags: dict[str, int] = {}
    post_sound = np.full(len(posts), -1, np.int32)
    post_tags: list[list[int]] = []
    post_ai = np.zeros(len(posts), np.float32)
    for i, (_, _, _, hashtags, sound, labels) in enumerate(posts):
        if sound:
            post_sound[i] = sounds.setdefault(sound.strip().lower(), len(sounds))
        post_tags.append(sorted({tags.setdefault(h.strip().lower().lstrip("#"), len(tags)) for h in hashtags or []}))
        if labels and any("ai" in str(lab).lower() and "generat" in str(lab).lower() for lab in labels):
            post_ai[i] = 1.0
    post_author = np.array([acc(p[1]) for p in posts], np.int32)
    post_time = np.array([epoch(p[2]) for p in posts], np.int64)

    comments = list(session.execute(
        select(t.Comment.id, t.Comment.post_id, t.Comment.author_id, t.Comment.parent_id, t.Comment.created_at,
               t.Comment.text).order_by(t.Comment.id)
    ).all())
    comments = [c for c in comments if c[1] in pidx]
    comment_ids = [c[0] for c in comments]
    cidx = {c: i for i, c in enumerate(comment_ids)}
    comment_author = np.array([acc(c[2]) for c in comments], np.int32)
    comment_post = np.array([pidx[c[1]] for c in comments], np.int32)
    comment_parent = np.array([cidx.get(c[3], -1) if c[3] else -1 for c in comments], np.int32)
    comment_time = np.array([epoch(c[4]) for c in comments], np.int64)

    link_names: dict[str, int] = {}
    links: list[tuple[int, int, int]] = []
    for ci, c in enumerate(comments):
        for target in link_outs(c[5]):
            links.append((int(comment_author[ci]), link_names.setdefault(target, len(link_names)), ci))
    for a, bio in accounts:
        for target in link_outs(bio):
            links.append((aidx[a], link_names.setdefault(target, len(link_names)), -1))

    follows = session.execute(select(t.Follow.follower_id, t.Follow.followee_id)).all()
    inters = [(a, p) for a, p in session.execute(select(t.Interaction.account_id, t.Interaction.post_id)).all()
              if p in pidx]
    msgs = session.execute(select(t.MessageEdge.sender_id, t.MessageEdge.recipient_id, t.MessageEdge.created_at,
                                  t.MessageEdge.count)).all()

    # Fresh detector signals, fused per item.
    own: dict[tuple[str, str], list[Signal]] = defaultdict(list)
    comment_sigs = fresh_signals(session, "comment", kinds=COMMENT_KINDS, min_score=0.05)
    comment_harm = np.zeros(len(comments), np.float32)
    comment_contact = np.zeros(len(comments), np.float32)
    comment_gen = np.zeros(len(comments), np.float32)
    comment_counter = np.zeros(len(comments), np.float32)
    _max_into(comment_harm, cidx, comment_sigs, HARM_KINDS, value=_harm)
    _max_into(comment_contact, cidx, comment_sigs, ("text.contact_move",))
    _max_into(comment_gen, cidx, comment_sigs, ("text.generation_request",))
    _max_into(comment_counter, cidx, comment_sigs, ("text.counter_speech",))
    comment_alone = np.zeros(len(comments), np.float32)  # the harm score of comments flagged on their words
    _max_into(comment_alone, cidx, comment_sigs, HARM_KINDS, keep=_flagged_alone)
    comment_about = np.zeros(len(comments), np.float32)
    _max_into(comment_about, cidx, comment_sigs, ABOUT_KINDS, keep=_flagged_alone)
    comment_cue = np.zeros(len(comments), bool)  # a harmful signal whose words carry a cue (``_cue``)
    comment_names_child = np.zeros(len(comments), bool)  # a harmful signal whose words name a child
    comment_threat = np.zeros(len(comments), bool)  # a harmful signal whose words are a sextortion threat
    comment_objection = np.zeros(len(comments), bool)  # a counter-speech signal with an objection to point at
    comment_own_child = np.zeros(len(comments), bool)  # a counter-speech signal naming the speaker's own child
    for s in comment_sigs:
        if s.subject[1] in cidx:
            own[s.subject].append(s)
            if s.kind in HARM_KINDS:
                comment_cue[cidx[s.subject[1]]] |= _cue(s)
                comment_names_child[cidx[s.subject[1]]] |= _names_child(s)
                comment_threat[cidx[s.subject[1]]] |= _threat(s)
            elif s.kind == "text.counter_speech":
                comment_objection[cidx[s.subject[1]]] |= _objection(s)
                comment_own_child[cidx[s.subject[1]]] |= _own_child(s)
    for ci, c in enumerate(comments):
        for target in link_outs(c[5]):
            # A link-out in a reply is a contact move even when the text detector did not call it one.
            comment_contact[ci] = max(comment_contact[ci], 0.6 if "." in target or ":" in target else 0.4)
    # Counter-speech ("reported, these comments are predatory") quotes harmful words without meaning them.
    damp = 1.0 - comment_counter
    comment_harm *= damp
    comment_alone *= damp
    comment_about *= damp
    comment_contact *= damp
    comment_gen *= damp

    post_sigs = fresh_signals(session, "post", kinds=POST_KINDS, min_score=0.05)
    post_child = np.zeros(len(posts), np.float32)
    post_harm = np.zeros(len(posts), np.float32)
    post_gen = np.zeros(len(posts), np.float32)
    post_hash = np.zeros(len(posts), np.float32)
    fused = {s.subject[1] for s in post_sigs if s.kind == "post.minor_likelihood"}
    _max_into(post_child, pidx, post_sigs, ("post.minor_likelihood",))
    _max_into(post_ai, pidx, post_sigs, ("post.ai_generated",))
    _max_into(post_harm, pidx, post_sigs, HARM_KINDS)
    _max_into(post_gen, pidx, post_sigs, ("text.generation_request",))
    post_offsite = np.zeros(len(posts), np.float32)
    _max_into(post_offsite, pidx, post_sigs, ("text.contact_move",))
    post_said_child = np.zeros(len(posts), np.float32)
    _max_into(post_said_child, pidx, post_sigs, ("text.minor_cue",))
    for s in post_sigs:
        if s.subject[1] in pidx:
            own[s.subject].append(s)

    media_rows = session.execute(select(t.Media.id, t.Media.post_id)).all()
    media_post = {m: pidx[p] for m, p in media_rows if p in pidx}
    media_sigs = fresh_signals(session, "media", kinds=MEDIA_KINDS, min_score=0.05)
    post_dup = np.full(len(posts), -1, np.int32)
    clusters: dict[str, int] = {}
    for s in media_sigs:
        pi = media_post.get(s.subject[1])
        if pi is None:
            continue
        if s.kind == "hash.match":
            post_hash[pi] = max(post_hash[pi], s.score)
        elif s.kind == "image.ai_generated":
            post_ai[pi] = max(post_ai[pi], s.score)
        elif s.kind == "image.minor_likelihood" and post_ids[pi] not in fused:
            post_child[pi] = max(post_child[pi], s.score)  # only when no post-level fusion exists
        elif s.kind == "image.near_duplicate":
            post_dup[pi] = clusters.setdefault(_cluster_key(s), len(clusters))
        own[("post", post_ids[pi])].append(s)
    if not fused:
        # No post fusion detector registered: fall back on caption/hashtag cues.
        _max_into(post_child, pidx, post_sigs, ("text.minor_cue",))

    account_text = np.zeros(len(account_ids), np.float32)
    account_offsite = np.zeros(len(account_ids), np.float32)
    acc_sigs = fresh_signals(session, "account", kinds=(*ACCOUNT_KINDS, *OFFSITE_KINDS), min_score=0.05)
    _max_into(account_text, aidx, acc_sigs, ACCOUNT_KINDS)
    _max_into(account_offsite, aidx, acc_sigs, OFFSITE_KINDS)
    for s in acc_sigs:
        own[s.subject].append(s)

    n = len(account_ids)
    confirmed = np.zeros(n, bool)
    cleared = np.zeros(n, bool)
    now = now or datetime.now(UTC)
    for subject_id, label, source, expires in session.execute(
        select(t.Label.subject_id, t.Label.label, t.Label.source, t.Label.expires_at)
        .where(t.Label.subject_type == "account").order_by(t.Label.created_at)
    ).all():
        i = aidx.get(subject_id)
        if i is None or (expires is not None and epoch(expires) < epoch(now)) or not source.startswith("decision"):
            continue
        if label in CLEARED_LABELS:
            cleared[i], confirmed[i] = True, False
        else:
            confirmed[i], cleared[i] = True, False
    for a, action in session.execute(select(t.Decision.account_id, t.Decision.action).order_by(t.Decision.id)):
        i = aidx.get(a)
        if i is not None:
            confirmed[i] = action in CONFIRMED_ACTIONS
            cleared[i] = action == "no_violation"

    def arr(values: Iterable[int], dtype: type = np.int32) -> np.ndarray:
        return np.fromiter(values, dtype)

    follows_ok = [(f, g) for f, g in follows]
    return ContextData(
        account_ids=account_ids, post_ids=post_ids, post_author=post_author, post_child=post_child,
        post_ai=post_ai, post_harm=post_harm, post_gen=post_gen, post_hash=post_hash, post_time=post_time,
        post_offsite=post_offsite, post_said_child=post_said_child,
        post_sound=post_sound, post_tags=post_tags, sound_names=list(sounds), tag_names=list(tags),
        comment_ids=comment_ids, comment_author=comment_author, comment_post=comment_post,
        comment_parent=comment_parent, comment_time=comment_time, comment_harm=comment_harm,
        comment_alone=comment_alone, comment_about=comment_about, comment_cue=comment_cue,
        comment_names_child=comment_names_child,
        comment_threat=comment_threat,
        comment_objection=comment_objection, comment_own_child=comment_own_child,
        comment_contact=comment_contact, comment_gen=comment_gen, comment_counter=comment_counter,
        follow_src=arr(acc(f) for f, _ in follows_ok), follow_dst=arr(acc(g) for _, g in follows_ok),
        inter_account=arr(acc(a) for a, _ in inters), inter_post=arr(pidx[p] for _, p in inters),
        msg_src=arr(acc(m[0]) for m in msgs), msg_dst=arr(acc(m[1]) for m in msgs),
        msg_time=arr((epoch(m[2]) for m in msgs), np.int64), msg_count=arr(m[3] or 1 for m in msgs),
        post_dup=post_dup,
        link_account=arr(x[0] for x in links), link_target=arr(x[1] for x in links),
        link_comment=arr(x[2] for x in links), link_names=list(link_names),
        account_text=np.pad(account_text, (0, len(account_ids) - len(account_text))),
        account_offsite=np.pad(account_offsite, (0, len(account_ids) - len(account_offsite))),
        seeds_confirmed=np.pad(confirmed, (0, len(account_ids) - n)),
        cleared=np.pad(cleared, (0, len(account_ids) - n)),
        own_signals=dict(own),
    )


def _cluster_key(s: Signal) -> str:
    """The near-duplicate cluster a media signal names (evidence field ``cluster``), else its member set."""
    members: list[str] = []
    for e in s.evidence:
        if e.field in ("cluster", "cluster_id") and e.value is not None:
            return str(e.value)
        if isinstance(e.ref, list):
            members.extend(str(r) for r in e.ref)
        elif e.ref is not None:
            members.append(str(e.ref))
    return "|".join(sorted({*members, s.subject[1]}))
