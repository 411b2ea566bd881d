"""A small hand-built platform: two dedicated accounts, a commenter ring, a parent, a counter-speech account,
a generator-asker and benign life, with the detector signals a real scan would have written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from harrier.model.signals import Evidence, Signal
from harrier.store import tables as t
from harrier.store.db import Store
from harrier.store.signals import append_signals

# Signals come from detector names the registry does not know, so they are fresh by their run (like context).
T0 = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class World:
    store: Store
    accounts: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    follows: list[dict] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    _n: int = 0

    def account(self, aid: str, bio: str | None = None) -> str:
        self.accounts.append({"id": aid, "handle": aid, "bio": bio})
        return aid

    def post(self, author: str, child: float = 0.0, ai: float = 0.0, sound: str | None = None,
             hashtags: tuple[str, ...] = (), offsite: float = 0.0, said: float = 0.0) -> str:
        """``offsite``: post.fusion's text.contact_move (the caption names a private channel); ``said``: its
        text.minor_cue (the caption or hashtags name a child)."""
        pid = f"p{len(self.posts):03d}"
        self.posts.append({"id": pid, "author_id": author, "created_at": T0 + timedelta(hours=len(self.posts)),
                           "caption": "", "hashtags": list(hashtags), "sound": sound, "platform_labels": []})
        if offsite:
            self.signals.append(Signal(subject=("post", pid), kind="text.contact_move", score=offsite,
                                       detector="test.post@1"))
        if said:
            self.signals.append(Signal(subject=("post", pid), kind="text.minor_cue", score=said,
                                       detector="test.post@1"))
        if child:
            self.signals.append(Signal(subject=("post", pid), kind="post.minor_likelihood", score=child,
                                       detector="test.post@1"))
        if ai:
            self.signals.append(Signal(subject=("post", pid), kind="post.ai_generated", score=ai,
                                       detector="test.post@1"))
        return pid

    def comment(self, author: str, post: str, text: str = "nice", parent: str | None = None,
                hours: float = 1.0, alone: bool | None = None, cue: bool | None = None,
                flagged: bool | None = None, names_child: bool | None = None, objection: bool | None = None,
                own_child: bool | None = None, threat: bool | None = None, **scores: float) -> str:
        """``alone``: the text detector's ``flagged_alone`` evidence (False: flagged in context only); ``cue``: its
        ``cue`` evidence (False: no term a moderator can point at); ``flagged``: its per-category ``flagged``
        evidence (None: no such evidence, the score counts); ``names_child``: its ``names_child`` evidence;
        ``objection``: its ``objection`` evidence on a counter-speech score (None: none, which counts as one);
        ``own_child``: its ``own_child`` evidence on a counter-speech score (the words name the speaker's child);
        ``threat``: its ``threat`` evidence (a sextortion threat)."""
        cid = f"c{len(self.comments):04d}"
        self.comments.append({"id": cid, "post_id": post, "author_id": author, "parent_id": parent, "text": text,
                              "created_at": T0 + timedelta(hours=len(self.comments) + hours)})
        for kind, score in scores.items():
            ev = [Evidence(kind="span", field="text", start=0, end=len(text))]
            if flagged is not None:
                ev.append(Evidence(kind="feature", field="flagged", value=flagged))
            if alone is not None:
                ev.append(Evidence(kind="feature", field="flagged_alone", value=alone))
            if cue is not None:
                ev.append(Evidence(kind="feature", field="cue", value=cue))
            if names_child is not None:
                ev.append(Evidence(kind="feature", field="names_child", value=names_child))
            if threat is not None:
                ev.append(Evidence(kind="feature", field="threat", value=threat))
            if objection is not None and kind == "counter_speech":
                ev.append(Evidence(kind="feature", field="objection", value=objection))
            if own_child is not None and kind == "counter_speech":
                ev.append(Evidence(kind="feature", field="own_child", value=own_child))
            self.signals.append(Signal(subject=("comment", cid), kind=f"text.{kind}", score=score,
                                       detector="test.text@1", evidence=ev))
        return cid

    def follow(self, a: str, b: str) -> None:
        self.follows.append({"follower_id": a, "followee_id": b})

    def message(self, a: str, b: str, hours: float, count: int = 3) -> None:
        self.messages.append({"sender_id": a, "recipient_id": b, "created_at": T0 + timedelta(hours=hours),
                              "count": count})

    def save(self) -> Store:
        with self.store.session() as s:
            for table, rows in ((t.Account, self.accounts), (t.Post, self.posts), (t.Comment, self.comments),
                                (t.Follow, self.follows), (t.MessageEdge, self.messages)):
                if rows:
                    s.execute(insert(table), rows)
            append_signals(s, self.signals, "r0")
        return self.store


def build_world(store: Store) -> World:
    w = World(store)
    dedicated = [w.account(f"ded{i}") for i in range(2)]
    ring = [w.account(f"ring{i}") for i in range(5)]
    parent = w.account("parent")
    friends = [w.account(f"friend{i}") for i in range(4)]
    counter = w.account("counter")
    asker = w.account("asker")
    # enough ordinary life that flagged comments are rare, as on a real platform (features compare accounts
    # with the platform's base rates)
    benign = [w.account(f"benign{i:02d}") for i in range(20)]
    w.account("loner")

    # benign life: food/sport posts, many with the trending song, benign comments
    for i, b in enumerate(benign):
        for _ in range(5):
            p = w.post(b, sound="Trend Song" if i % 2 == 0 else f"song{i}", hashtags=("food",))
            for other in benign[i + 1 : i + 6]:
                w.comment(other, p, "looks great")
        w.follow(b, benign[(i + 1) % len(benign)])
    # dedicated accounts: AI child imagery with the trending song; the ring comments there
    ded_posts = []
    for d in dedicated:
        for _ in range(6):
            p = w.post(d, child=0.92, ai=0.9, sound="trend song", hashtags=("viral",))
            ded_posts.append(p)
            for r in ring:
                w.comment(r, p, "perfect age", sexualising_minor=0.9)
            w.comment(counter, p, "reported, these comments are predatory", counter_speech=0.95,
                      sexualising_minor=0.6)
        for r in ring:
            w.follow(r, d)
    c = w.comment("ring1", ded_posts[0], "dm me on telegram @hidden1", contact_move=0.85)
    w.comment("ring2", ded_posts[3], "what app made this?", parent=c, generation_request=0.8)
    w.message("ring1", "ded0", hours=500)
    w.comment(asker, ded_posts[1], "which generator is this", generation_request=0.9)
    w.comment(asker, ded_posts[7], "app name pls", generation_request=0.9)
    w.comment(asker, ded_posts[9], "what ai did you use", generation_request=0.85)
    # a parent posting their own children; friends leave benign comments; it uses an ordinary tag
    for _ in range(6):
        p = w.post(parent, child=0.9, hashtags=("birthday", "family"))
        for f in friends:
            w.comment(f, p, "happy birthday!")
    # ...and more families like it, so comments under child imagery are mostly benign, as on a real platform
    for k in range(3):
        fam = w.account(f"family{k}")
        for _ in range(8):
            p = w.post(fam, child=0.88, hashtags=("family",))
            for f in [*friends, *benign[k * 4 : k * 4 + 4]]:
                w.comment(f, p, "so sweet")
    for f in friends:
        w.follow(f, parent)
        for _ in range(2):
            w.post(f, child=0.85, hashtags=("birthday",))
    return w


@pytest.fixture
def world(store: Store) -> World:
    w = build_world(store)
    w.save()
    return w


@pytest.fixture(name="build_world")
def _build_world_fixture():
    """The builder itself, for tests that fill a store of their choice (e.g. ``any_store``)."""
    return build_world
