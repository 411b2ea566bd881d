"""The demo platform: a small, deterministic social network with planted harmful patterns and hard negatives.

``generate(out, seed, scale)`` writes a platform export in format v1 (docs/FORMAT.md) plus
``ground_truth.json`` (which ingestion ignores and no detector reads). The same seed gives byte-identical
files; ids, handles and line order never encode roles (ids are random, files are sorted by time or id).

See docs/DEMO.md for what is planted and why.
"""

from __future__ import annotations

import math
import random
import string
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from harrier.demo import phrases as P
from harrier.demo.images import DemoImage, make_image

END = datetime(2026, 11, 20, 10, 0, 0, tzinfo=UTC)
WINDOW = timedelta(days=150)
PLATFORM = "harrier-demo"

HARMFUL_ROLES = ("dedicated", "ring_member", "sexualising_commenter", "contact_mover", "generation_requester",
                 "lone_commenter")
HARD_NEGATIVE_ROLES = ("parent", "relative", "counter_speech", "ai_artist", "adult_creator")

# Accounts per kind at scale 1, and the floor at small scales (so a tiny demo still has every pattern).
BASE_COUNTS: dict[str, tuple[int, int]] = {
    "parent": (220, 4), "relative": (300, 6), "counter_speech": (18, 2), "ai_artist": (18, 2),
    "ai_influencer": (6, 1), "fitness": (40, 2), "fashion": (30, 2), "food": (220, 3), "sport": (200, 3),
    "travel": (200, 3), "pets": (200, 3), "general": (860, 12),
    "dedicated": (14, 2), "ring_member": (36, 8), "sexualising_commenter": (20, 3), "contact_mover": (12, 2),
    "generation_requester": (10, 2), "lone_commenter": (16, 2),
}
LARGE_RING = (14, 18)  # the first ring at full scale: coordinated groups are not all small
TOPIC_OF_KIND = {"food": "food", "sport": "sport", "travel": "travel", "pets": "pets", "fitness": "fitness",
                 "fashion": "fashion", "ai_artist": "ai_art", "ai_influencer": "ai_art", "general": "general"}
CAMERA_SCENES = {"child_family", "food", "sport", "travel", "pets", "fitness", "fashion"}


@dataclass
class DemoSummary:
    out: str
    seed: int
    scale: float
    accounts: int
    posts: int
    comments: int
    follows: int
    interactions: int
    message_edges: int
    reports: int
    media_files: int
    harmful_accounts: int
    hard_negative_accounts: int
    rings: int
    roles: dict[str, int]
    seconds: float  # wall clock
    cpu_seconds: float  # this process's CPU time (what the generator costs on a busy machine)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Acc:
    id: str
    kind: str
    lang: str
    created: datetime
    pop: float
    handle: str = ""
    display_name: str = ""
    bio: str = ""
    declared_age: int | None = None
    followers: list[int] = field(default_factory=list)
    # family bookkeeping (parents)
    kids: list[tuple[str, int]] = field(default_factory=list)
    circle: list[int] = field(default_factory=list)
    images: list[int] = field(default_factory=list)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_zoned(dt: datetime, offset_h: int) -> str:
    """Same instant, written with a local offset (exports mix zones; FORMAT.md allows both)."""
    if offset_h == 0:
        return _iso(dt)
    from datetime import timezone

    return dt.astimezone(timezone(timedelta(hours=offset_h))).isoformat(timespec="seconds")


class _World:
    """All state of one generation run; methods build it step by step."""

    def __init__(self, seed: int, scale: float, progress: Callable[[str], None] | None) -> None:
        self.seed, self.scale = seed, scale
        self.rng = random.Random(seed)
        self.nrng = np.random.default_rng(seed)
        self.say = progress or (lambda _m: None)
        self.accs: list[Acc] = []
        self.by_kind: dict[str, list[int]] = {}
        self.rings: list[list[int]] = []
        self.ring_territory: list[list[int]] = []
        self.images: list[DemoImage] = []
        self.pool: dict[str, list[int]] = {}
        self.posts: list[dict[str, Any]] = []
        self.post_time: list[datetime] = []
        self.post_author: list[int] = []
        self.posts_of: dict[int, list[int]] = {}
        self.post_kind: list[str] = []
        self.comments: list[tuple[datetime, dict[str, Any]]] = []
        self.comment_labels: dict[str, str] = {}
        self.follows: dict[tuple[int, int], datetime] = {}
        self.interactions: dict[tuple[int, int, str], datetime] = {}
        self.messages: list[tuple[int, int, datetime, int]] = []
        self.reports: list[dict[str, Any]] = []
        self._ids: dict[str, set[str]] = {}
        self.post_index: dict[str, int] = {}
        self._pixels: list[Any] = []

    # --- helpers -------------------------------------------------------------------------------------------

    def new_id(self, space: str, digits: int) -> str:
        used = self._ids.setdefault(space, set())
        while True:
            v = str(self.rng.randrange(10 ** (digits - 1), 10**digits))
            if v not in used:
                used.add(v)
                return v

    def n(self, kind: str) -> int:
        base, floor = BASE_COUNTS[kind]
        return max(floor, round(base * self.scale))

    def lang(self) -> str:
        return self.rng.choices(P.LANGS, P.LANG_WEIGHTS)[0]

    def code(self, k: int) -> str:
        return "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(k))

    def fill(self, text: str, **kw: Any) -> str:
        """Fill the placeholders of a phrase ({tg}, {snap}, {invite}, {name}...), drawing only those it has."""
        if "{" not in text:
            return text
        r = self.rng
        makers: dict[str, Callable[[], str]] = {
            "w": lambda: r.choice(P.HANDLE_WORDS + ["angel", "club", "vault", "lounge", "dolls", "art", "room"]),
            "tg": lambda: f"{r.choice(P.HANDLE_WORDS)}_{r.choice(['club', 'room', 'zone', 'vault', 'hub'])}"
                          f"{r.randint(1, 999)}",
            "snap": lambda: f"{r.choice(P.FIRST_NAMES)}{r.randint(10, 9999)}", "invite": lambda: self.code(16),
            "discord": lambda: self.code(7), "kik": lambda: f"{r.choice(P.FIRST_NAMES)}_{r.randint(1, 99)}",
            "wa": lambda: f"+{r.randint(30, 49)} 6{r.randint(1000000, 9999999)}",
            "n": lambda: str(r.randint(1, 999)), "name": lambda: r.choice(P.KID_NAMES),
            "age": lambda: str(r.randint(4, 11)),
        }
        vals = {}
        for _lit, fname, _spec, _conv in string.Formatter().parse(text):
            if fname and fname not in vals:
                vals[fname] = kw[fname] if fname in kw else makers[fname]() if fname in makers else "{" + fname + "}"
        return text.format(**vals)

    def at(self, start: datetime, mean_h: float) -> datetime:
        t = start + timedelta(seconds=self.rng.expovariate(1 / (mean_h * 3600)) + 30)
        return min(t, END - timedelta(seconds=self.rng.randint(1, 3600)))

    # --- accounts ------------------------------------------------------------------------------------------

    def make_accounts(self) -> None:
        r = self.rng
        kinds: list[str] = []
        for kind in BASE_COUNTS:
            kinds += [kind] * self.n(kind)
        r.shuffle(kinds)  # creation order carries no role
        used_handles: set[str] = set()
        for kind in kinds:
            harmful = kind in HARMFUL_ROLES
            lang = self.lang()
            if harmful and r.random() < 0.55:
                lang = "en"
            if kind == "dedicated" or (not harmful and r.random() < 0.1):
                created = END - timedelta(days=r.uniform(20, 240))  # new accounts exist on both sides
            else:
                created = END - timedelta(days=r.uniform(240, 3000))
            pop = min(r.paretovariate(1.4), 100.0)  # heavy tail, but no account followed by nearly everyone
            if kind in ("fitness", "fashion", "ai_artist", "ai_influencer", "travel", "food"):
                pop *= 3
            if kind == "dedicated":
                pop *= 2
            a = Acc(id=self.new_id("account", 10), kind=kind, lang=lang, created=created, pop=pop)
            a.handle = self.handle(kind, used_handles)
            a.display_name = self.display_name(a)
            bio_kind = {"ring_member": "harmful_commenter", "sexualising_commenter": "harmful_commenter",
                        "lone_commenter": "general",
                        "contact_mover": "harmful_commenter", "generation_requester": "harmful_commenter",
                        "ai_influencer": "ai_art", "ai_artist": "ai_art"}.get(kind, kind)
            a.bio = self.fill(r.choice(P.BIO[bio_kind]))
            if r.random() < 0.3:
                a.declared_age = r.randint(19, 68) if kind != "relative" else r.randint(45, 80)
            self.accs.append(a)
            self.by_kind.setdefault(kind, []).append(len(self.accs) - 1)

    def handle(self, kind: str, used: set[str]) -> str:
        r = self.rng
        for _ in range(100):
            if kind in HARMFUL_ROLES and r.random() < 0.3:
                h = self.fill(r.choice(P.HARMFUL_HANDLE_PATTERNS), n=str(r.randint(1, 99)), w=r.choice(
                    ["girl", "cutie", "angel", "teen", "lil", "doll"]))
            else:
                name, word = r.choice(P.FIRST_NAMES), r.choice(P.HANDLE_WORDS)
                style = r.random()
                if style < 0.3:
                    h = f"{name}.{word}"
                elif style < 0.55:
                    h = f"{word}{r.choice(P.BENIGN_HANDLE_SUFFIX)}{r.randint(1, 99) if r.random() < 0.5 else ''}"
                elif style < 0.8:
                    h = f"{name}_{r.randint(1, 9999)}"
                else:
                    h = f"the_{word}_{name}"
                if r.random() < 0.05:  # leetspeak is not only for creeps
                    h = h.replace("e", "3").replace("o", "0")
            if h not in used:
                used.add(h)
                return h
        raise RuntimeError("could not draw a unique handle")

    def display_name(self, a: Acc) -> str:
        r = self.rng
        name = r.choice(P.FIRST_NAMES).capitalize()
        style = r.random()
        if style < 0.4:
            return f"{name} {r.choice(string.ascii_uppercase)}."
        if style < 0.6:
            return f"{name} {r.choice(['🌸', '✨', '⚽', '🍕', '🐶', '💕', '🎀', '📷', ''])}".strip()
        if style < 0.8:
            return a.handle.replace("_", " ").replace(".", " ").title()
        return name

    # --- structure: families, rings, targets ---------------------------------------------------------------

    def make_structure(self) -> None:
        r = self.rng
        relatives = self.by_kind["relative"]
        general = self.by_kind["general"]
        for pi in self.by_kind["parent"]:
            p = self.accs[pi]
            p.kids = [(r.choice(P.KID_NAMES), r.randint(3, 12)) for _ in range(r.randint(1, 3))]
            circle = r.sample(relatives, min(len(relatives), r.randint(2, 5)))
            circle += r.sample(general, min(len(general), r.randint(1, 4)))
            if r.random() < 0.3:  # the other parent
                circle.append(r.choice(self.by_kind["parent"]))
            p.circle = [c for c in dict.fromkeys(circle) if c != pi]
            for c in p.circle:  # relatives speak the family's language
                if self.accs[c].kind == "relative" and r.random() < 0.8:
                    self.accs[c].lang = p.lang
        # rings: partition ring members into groups of 5-9 (3+ at small scales); each ring works a territory
        members = list(self.by_kind["ring_member"])
        r.shuffle(members)
        small = len(members) < 14  # tiny demos still get more than one ring
        while members:
            size = min(len(members), r.randint(3, 5) if small else r.randint(5, 9))
            if not self.rings and len(members) >= LARGE_RING[1] + 10:
                size = r.randint(*LARGE_RING)
            if 0 < len(members) - size < 3:
                size = len(members)
            self.rings.append(members[:size])
            members = members[size:]
        dedicated = self.by_kind["dedicated"]
        for _ in self.rings:
            k = min(len(dedicated), r.randint(2, 4))
            self.ring_territory.append(r.sample(dedicated, k))

    # --- media pool ----------------------------------------------------------------------------------------

    def add_image(self, scene: str, ai: bool, depicts: str, marker: str | None = None,
                  base: int | None = None) -> int:
        r = self.rng
        if marker is None:
            x = r.random()
            if ai:
                marker = "a1111" if x < 0.3 else "comfyui" if x < 0.45 else "xmp" if x < 0.65 else "none"
            elif scene in CAMERA_SCENES:
                marker = "camera_exif" if x < 0.35 else "camera_xmp" if x < 0.4 else "none"
            else:
                marker = "none"
        base_arg = None
        if base is not None:
            base_arg = (self._pixels[base], self.images[base].name)
        img, pixels = make_image(r, random.Random(r.getrandbits(64)), scene, ai, marker, depicts, base_arg)
        self.images.append(img)
        self._pixels.append(pixels)
        idx = len(self.images) - 1
        if base is None:
            self.pool.setdefault(scene, []).append(idx)
        else:
            self.pool.setdefault(scene + "_dup", []).append(idx)
        return idx

    def make_images(self) -> None:
        r = self.rng
        s = self.scale
        for scene, base, ai, depicts in [
            ("ai_child", 150, True, "child"), ("ai_adult", 30, True, "adult"), ("ai_landscape", 80, True, "none"),
            ("fitness", 70, False, "adult"), ("fashion", 60, False, "adult"), ("food", 100, False, "none"),
            ("sport", 60, False, "none"), ("travel", 100, False, "none"), ("pets", 80, False, "none"),
            ("general", 60, False, "none"),
        ]:
            for _ in range(max(4, round(base * min(1.0, s * 2)))):
                self.add_image(scene, ai, depicts)
        # near-duplicates: content farms re-post AI child images slightly changed; memes get re-posted too
        for scene, share in (("ai_child", 0.45), ("food", 0.1), ("travel", 0.1), ("general", 0.2)):
            for b in list(self.pool[scene]):
                if r.random() < share:
                    marker = "xmp" if (self.images[b].ai and r.random() < 0.2) else "none"
                    self.add_image(scene, self.images[b].ai, self.images[b].depicts, marker=marker, base=b)
        # family photos are each family's own
        for pi in self.by_kind["parent"]:
            for _ in range(r.randint(2, 5)):
                self.accs[pi].images.append(self.add_image("child_family", False, "child"))
        self._pixels = []  # only needed to derive near-duplicates

    # --- follows -------------------------------------------------------------------------------------------

    def follow(self, a: int, b: int, when: datetime | None = None) -> None:
        if a == b or (a, b) in self.follows:
            return
        start = max(self.accs[a].created, self.accs[b].created)
        if when is None:
            when = start + (END - start) * self.rng.random()
        self.follows[(a, b)] = min(max(when, start), END)

    def make_follows(self) -> None:
        r, nr = self.rng, self.nrng
        n = len(self.accs)
        pop = np.array([a.pop for a in self.accs])
        langs = np.array([a.lang for a in self.accs])
        for i, a in enumerate(self.accs):
            k = min(n - 1, 300, int(r.lognormvariate(2.3, 0.8)))
            if a.kind in HARMFUL_ROLES:
                k = max(3, k // 2)
            w = pop * np.where(langs == a.lang, 2.5, 1.0)
            w[i] = 0.0
            for j in nr.choice(n, size=k, replace=False, p=w / w.sum()):
                self.follow(i, int(j))
        for pi in self.by_kind["parent"]:  # family circles follow each other
            for c in self.accs[pi].circle:
                self.follow(c, pi)
                if r.random() < 0.8:
                    self.follow(pi, c)
        general = self.by_kind["general"]
        for ring, terr in zip(self.rings, self.ring_territory, strict=True):
            for m in ring:
                for d in terr:
                    self.follow(m, d)
                for m2 in ring:
                    if m != m2 and r.random() < 0.75:
                        self.follow(m, m2)
        for d in self.by_kind["dedicated"]:  # reach gaming works: some ordinary users follow too
            for g in r.sample(general, min(len(general), r.randint(10, 40))):
                self.follow(g, d)
        for i, j in self.follows:
            self.accs[j].followers.append(i)

    # --- posts ---------------------------------------------------------------------------------------------

    def post_time_for(self, ai: int) -> datetime:
        start = max(self.accs[ai].created, END - WINDOW)
        return start + (END - timedelta(hours=2) - start) * self.rng.random()

    def add_post(self, ai: int, kind: str, caption: str, tags: list[str], sound: str | None, image: int | None,
                 labels: list[str] | None = None, extra_image: int | None = None) -> int:
        r = self.rng
        pid = self.new_id("post", 11)
        post: dict[str, Any] = {"id": pid, "author_id": self.accs[ai].id}
        t = self.post_time_for(ai)
        post["created_at"] = _iso(t)
        if caption:
            post["caption"] = caption
        if tags:
            post["hashtags"] = list(dict.fromkeys(tags))
        if sound:
            post["sound"] = sound
        if labels:
            post["platform_labels"] = labels
        media = []
        for pos, idx in enumerate(x for x in (image, extra_image) if x is not None):
            img = self.images[idx]
            m: dict[str, Any] = {"type": "image", "path": f"media/{img.name}"}
            if r.random() < 0.85:
                m["sha256"] = img.sha256
            if r.random() < 0.5:
                m["id"] = f"{pid}_{pos}"
            media.append(m)
        if media:
            post["media"] = media
        post["url"] = f"https://demo.harrier.example/p/{pid}"
        self.posts.append(post)
        self.post_time.append(t)
        self.post_author.append(ai)
        self.post_kind.append(kind)
        idx = len(self.posts) - 1
        self.posts_of.setdefault(ai, []).append(idx)
        return idx

    def ai_labels(self, img: int) -> list[str] | None:
        """Platforms label some AI posts themselves, more often when the file says so."""
        marker = self.images[img].marker
        p = 0.5 if marker in ("a1111", "xmp", "comfyui") else 0.12
        return ["ai_generated"] if self.rng.random() < p else None

    def topic_post(self, ai: int, topic: str) -> None:
        r = self.rng
        a = self.accs[ai]
        caption = self.fill(P.pick(r, P.TOPIC_CAPTION[topic], a.lang, 0.2))
        tags = r.sample(P.TOPIC_TAGS[topic], r.randint(0, 3))
        if r.random() < 0.15:
            tags += r.sample(P.TRENDING_TAGS, r.randint(1, 2))
        x = r.random()
        sound = r.choice(P.CALM_SOUNDS) if x < 0.25 else r.choice(P.TRENDING_SOUNDS) if x < 0.35 else None
        if topic == "ai_art":
            scene = "ai_adult" if a.kind == "ai_influencer" else "ai_landscape"
            img = r.choice(self.pool[scene])
            if a.kind == "ai_influencer":
                caption = r.choice(["AI girl ✨ #aimodel", "AI model of the day", "virtual influencer ✨",
                                    "new AI glam shoot", "meet Luna, 100% AI"]) + (" 🔞" if r.random() < 0.1 else "")
            self.add_post(ai, "ai_adult" if a.kind == "ai_influencer" else "ai_landscape", caption, tags, sound,
                          img, self.ai_labels(img))
            return
        pool = self.pool[topic]
        if topic in ("food", "travel", "general") and r.random() < 0.1 and self.pool.get(topic + "_dup"):
            pool = self.pool[topic + "_dup"]
        extra = r.choice(pool) if topic in ("fashion", "travel") and r.random() < 0.1 else None
        self.add_post(ai, topic, caption, tags, sound, r.choice(pool), None, extra)

    def make_posts(self) -> None:
        r = self.rng
        for ai, a in enumerate(self.accs):
            k = a.kind
            if k == "parent":
                for _ in range(r.randint(4, 10)):
                    name, age = r.choice(a.kids)
                    cap = self.fill(P.pick(r, P.FAMILY_CAPTION, a.lang, 0.1), name=name, age=str(age))
                    tags = r.sample(P.FAMILY_TAGS, r.randint(0, 4))
                    if r.random() < 0.3:
                        tags.append(f"{age}yearsold" if r.random() < 0.5 else name.lower())
                    sound = "Happy Birthday (piano)" if "🎂" in cap and r.random() < 0.5 else (
                        r.choice(P.CALM_SOUNDS + P.TRENDING_SOUNDS) if r.random() < 0.2 else None)
                    self.add_post(ai, "child_family", cap, tags, sound, r.choice(a.images))
                for _ in range(r.randint(0, 3)):
                    self.topic_post(ai, r.choice(["food", "travel", "pets"]))
            elif k == "dedicated":
                home = r.sample(self.pool["ai_child"], min(len(self.pool["ai_child"]), r.randint(8, 20)))
                for _ in range(r.randint(30, 60)):
                    x = r.random()
                    if x < 0.55:
                        img = r.choice(home)
                    elif x < 0.8 and self.pool.get("ai_child_dup"):
                        img = r.choice(self.pool["ai_child_dup"])  # re-posts of other farms' images
                    else:
                        img = r.choice(self.pool["ai_child"])
                    cap = self.fill(P.pick(r, P.DEDICATED_CAPTION, a.lang, 0.6))
                    tags = r.sample(P.DEDICATED_TAGS, r.randint(1, 5))
                    if r.random() < 0.8:
                        tags += r.sample(P.TRENDING_TAGS, r.randint(1, 4))
                    sound = r.choice(P.TRENDING_SOUNDS) if r.random() < 0.75 else None
                    if r.random() < 0.3:  # hashtags written into the caption instead
                        cap = cap + " " + " ".join(f"#{t}" for t in tags[:3])
                        tags = tags[3:]
                    self.add_post(ai, "ai_child", cap, tags, sound, img, self.ai_labels(img))
            elif k in ("fitness", "fashion", "ai_artist", "ai_influencer"):
                for _ in range(r.randint(10, 32)):
                    self.topic_post(ai, TOPIC_OF_KIND[k])
            elif k in ("food", "sport", "travel", "pets"):
                for _ in range(r.randint(4, 14)):
                    self.topic_post(ai, k if r.random() < 0.85 else r.choice(["general", "food", "travel"]))
            elif k == "general":
                for _ in range(r.choices([0, 1, 2, 3, 4], [0.25, 0.35, 0.2, 0.12, 0.08])[0]):
                    self.topic_post(ai, r.choice(["general", "food", "travel", "pets", "sport"]))
            else:  # relatives, counter-speech and the harmful commenters have ordinary lives too
                for _ in range(r.choices([0, 1, 2, 3], [0.4, 0.3, 0.2, 0.1])[0]):
                    self.topic_post(ai, r.choice(["general", "food", "sport", "travel", "pets"]))

    # --- comments ------------------------------------------------------------------------------------------

    def add_comment(self, pi: int, author: int, text: str, label: str | None = None,
                    parent: dict[str, Any] | None = None, when: datetime | None = None) -> dict[str, Any]:
        if when is None:
            start = parent["_t"] if parent else self.post_time[pi]
            when = self.at(start, 3 if parent else 10)
        c = {"id": self.new_id("comment", 13), "post_id": self.posts[pi]["id"], "author_id": self.accs[author].id}
        if parent is not None:
            c["parent_id"] = parent["id"]
        c["created_at"] = _iso(when)
        c["text"] = text
        c["_t"] = when
        c["_a"] = author
        self.comments.append((when, c))
        if label:
            self.comment_labels[c["id"]] = label
        return c

    def say_text(self, author: int, bank: dict[str, list[str]], strength: float = 0.3, **kw: Any) -> str:
        return P.perturb(self.rng, self.fill(P.pick(self.rng, bank, self.accs[author].lang), **kw), strength)

    def message(self, a: int, b: int, after: datetime, mean_h: float = 8) -> None:
        if a != b:
            self.messages.append((a, b, self.at(after, mean_h), self.rng.randint(1, 12)))

    def benign_comments(self) -> None:
        r = self.rng
        general = self.by_kind["general"]
        for pi in range(len(self.posts)):
            ai, kind = self.post_author[pi], self.post_kind[pi]
            a = self.accs[ai]
            if kind == "ai_child":
                continue  # handled with the planted patterns
            if kind == "child_family":
                n = r.randint(1, 8)
                commenters = [r.choice(a.circle) for _ in range(n)] if a.circle else []
                name, age = r.choice(a.kids)
                made = []
                for c in commenters:
                    made.append(self.add_comment(pi, c, self.say_text(c, P.FAMILY_COMMENT, 0.2, name=name,
                                                                      age=str(age))))
                if made and r.random() < 0.5:
                    self.add_comment(pi, ai, self.say_text(ai, P.THANKS, 0.1), parent=r.choice(made))
                continue
            topic = kind if kind in P.TOPIC_COMMENT else ("ai_art" if kind.startswith("ai_") else "general")
            mean = 1.5 + 2.2 * math.log1p(a.pop)
            if kind in ("fitness", "fashion", "ai_adult"):
                mean *= 1.4
            n = min(40, int(r.expovariate(1 / mean)))
            pool = a.followers if len(a.followers) >= 3 else general
            made = []
            for _ in range(n):
                c = r.choice(pool) if r.random() < 0.8 else r.choice(general)
                if c == ai:
                    continue
                bank = P.TOPIC_COMMENT[topic] if r.random() < 0.85 else P.TOPIC_COMMENT["general"]
                made.append(self.add_comment(pi, c, self.say_text(c, bank)))
            if made and r.random() < 0.3:
                self.add_comment(pi, ai, self.say_text(ai, P.THANKS, 0.1), parent=r.choice(made))
            if kind == "fitness" and made and r.random() < 0.1:  # clients asking a coach for a plan by DM
                self.message(made[0]["_a"], ai, made[0]["_t"])

    def planted_comments(self) -> None:
        r = self.rng
        ded = self.by_kind["dedicated"]
        ded_posts = {d: self.posts_of.get(d, []) for d in ded}
        general = self.by_kind["general"]
        sexualisers = self.by_kind["sexualising_commenter"]
        movers = self.by_kind["contact_mover"]
        requesters = self.by_kind["generation_requester"]
        counters = self.by_kind["counter_speech"]

        # who works which dedicated accounts, at what rate
        plans: list[tuple[int, list[int], float, str]] = []  # (account, targets, rate, role)
        for s in sexualisers:
            plans.append((s, r.sample(ded, min(len(ded), r.randint(3, 6))), r.uniform(0.12, 0.25), "sex"))
        for m in movers:
            plans.append((m, r.sample(ded, min(len(ded), r.randint(3, 6))), r.uniform(0.1, 0.2), "move"))
        for q in requesters:
            plans.append((q, r.sample(ded, min(len(ded), r.randint(3, 7))), r.uniform(0.06, 0.14), "gen"))
        for c in counters:
            plans.append((c, r.sample(ded, min(len(ded), r.randint(2, 6))), r.uniform(0.05, 0.12), "counter"))
        ring_of: dict[int, int] = {}
        for ri, (ring, terr) in enumerate(zip(self.rings, self.ring_territory, strict=True)):
            for m in ring:
                ring_of[m] = ri
                plans.append((m, terr, r.uniform(0.25, 0.45), "ring"))

        for d in ded:
            for pi in ded_posts[d]:
                flagged: list[dict[str, Any]] = []
                thread: list[dict[str, Any]] = []
                # bystanders who just find it cute
                pool = self.accs[d].followers or general
                for _ in range(r.randint(0, 4)):
                    c = r.choice(pool) if r.random() < 0.6 else r.choice(general)
                    if self.accs[c].kind in HARMFUL_ROLES:
                        c = r.choice(general)
                    thread.append(self.add_comment(pi, c, self.say_text(c, P.OBLIVIOUS), "oblivious"))
                actors = [(acc, role) for acc, targets, rate, role in plans if d in targets and r.random() < rate]
                r.shuffle(actors)
                for acc, role in actors:
                    if role == "counter":
                        continue  # counter-speech reacts after the creeps, below
                    if role == "ring":
                        intent = r.choices(["sexualising", "desire", "contact_move", "generation_request",
                                            "minimisation", "ring_chatter"], [0.42, 0.22, 0.12, 0.06, 0.06, 0.12])[0]
                    elif role == "sex":
                        intent = r.choices(["sexualising", "desire", "ring_chatter"], [0.7, 0.25, 0.05])[0]
                    elif role == "move":
                        intent = r.choices(["contact_move", "sexualising"], [0.85, 0.15])[0]
                    else:
                        intent = r.choices(["generation_request", "desire"], [0.85, 0.15])[0]
                    bank = {"sexualising": P.SEXUALISING, "desire": P.DESIRE, "contact_move": P.CONTACT_MOVE,
                            "generation_request": P.GENERATION_REQUEST, "minimisation": P.MINIMISATION,
                            "ring_chatter": P.RING_CHATTER}[intent]
                    parent = None
                    if intent in ("contact_move", "ring_chatter", "minimisation") and thread and r.random() < 0.55:
                        parent = r.choice(flagged or thread)
                    c = self.add_comment(pi, acc, self.say_text(acc, bank, 0.45), intent, parent=parent)
                    thread.append(c)
                    flagged.append(c)
                    # after a flagged comment the conversation moves to private messages
                    if role == "ring" and r.random() < 0.3:
                        self.message(acc, d, c["_t"])
                    if role == "ring" and r.random() < 0.2:
                        mates = [m for m in self.rings[ring_of[acc]] if m != acc]
                        if mates:
                            self.message(acc, r.choice(mates), c["_t"])
                    if role == "move" and r.random() < 0.6:
                        target = parent["_a"] if parent is not None else d
                        self.message(acc, target, c["_t"], 2)
                    if role == "sex" and r.random() < 0.1:
                        self.message(acc, d, c["_t"])
                    # the poster answers and sometimes writes first
                    if intent in ("desire", "contact_move", "generation_request") and r.random() < 0.35:
                        rep = self.add_comment(pi, d, self.say_text(d, P.DEDICATED_REPLY, 0.2), "dedicated_reply",
                                               parent=c)
                        thread.append(rep)
                        if r.random() < 0.3:
                            self.message(d, acc, rep["_t"])
                # ring members answer each other under the post (reply chains)
                ring_cs = [c for c in flagged if c["_a"] in ring_of]
                for c in ring_cs:
                    mates = [x for x in ring_cs if x["_a"] != c["_a"] and ring_of[x["_a"]] == ring_of[c["_a"]]]
                    if mates and r.random() < 0.25:
                        m = r.choice(mates)["_a"]
                        self.add_comment(pi, m, self.say_text(m, P.RING_CHATTER, 0.4), "ring_chatter", parent=c)
                for acc, role in actors:
                    if role == "counter":
                        parent = r.choice(flagged) if flagged and r.random() < 0.5 else None
                        c = self.add_comment(pi, acc, self.say_text(acc, P.COUNTER_SPEECH, 0.25), "counter_speech",
                                             parent=parent)
                        self.report(acc, "account", self.accs[d].id, "child_sexualisation", c["_t"])
                        if parent is not None:
                            self.report(acc, "comment", parent["id"], "child_sexualisation", c["_t"])

        # creeps also find real families' photos: the parents are victims, not suspects
        fam_posts = [pi for pi, k in enumerate(self.post_kind) if k == "child_family"]
        creeps = sexualisers + movers + list(ring_of)
        for pi in fam_posts:
            if r.random() >= 0.07 or not creeps:
                continue
            parent_acc = self.post_author[pi]
            for acc in r.sample(creeps, min(len(creeps), r.randint(1, 2))):
                intent = "contact_move" if acc in movers and r.random() < 0.7 else r.choice(
                    ["sexualising", "sexualising", "desire"])
                bank = P.CONTACT_MOVE if intent == "contact_move" else P.SEXUALISING if intent == "sexualising" \
                    else P.DESIRE
                c = self.add_comment(pi, acc, self.say_text(acc, bank, 0.45), intent)
                if r.random() < 0.4:
                    self.message(acc, parent_acc, c["_t"], 4)
                if r.random() < 0.5:
                    self.add_comment(pi, parent_acc, self.say_text(parent_acc, P.PARENT_PUSHBACK, 0.1),
                                     "parent_pushback", parent=c)
                    self.report(parent_acc, "comment", c["id"], "child_sexualisation", c["_t"])
                if r.random() < 0.25 and counters:
                    cs = r.choice(counters)
                    self.add_comment(pi, cs, self.say_text(cs, P.COUNTER_SPEECH, 0.25), "counter_speech", parent=c)

        # lone commenters: one to three remarks in all, under a dedicated account's or a family's photo, no ring,
        # no follows or messages around them; the rest of their life is ordinary comments elsewhere
        all_ded_posts = [pi for d in ded for pi in ded_posts[d]]
        everyday = [pi for pi, k in enumerate(self.post_kind) if k in ("food", "travel", "pets", "sport", "general")]
        for acc in self.by_kind.get("lone_commenter", []):
            for _ in range(r.choice([1, 2, 2, 3])):
                pool = fam_posts if fam_posts and r.random() < 0.4 else all_ded_posts
                pi = r.choice(pool)
                intent = r.choices(["sexualising", "desire", "generation_request"], [0.6, 0.3, 0.1])[0]
                bank = {"sexualising": P.SEXUALISING, "desire": P.DESIRE,
                        "generation_request": P.GENERATION_REQUEST}[intent]
                c = self.add_comment(pi, acc, self.say_text(acc, bank, 0.45), intent)
                if self.post_kind[pi] == "child_family" and r.random() < 0.4:
                    parent_acc = self.post_author[pi]
                    self.add_comment(pi, parent_acc, self.say_text(parent_acc, P.PARENT_PUSHBACK, 0.1),
                                     "parent_pushback", parent=c)
            for pi in r.sample(everyday, min(len(everyday), r.randint(2, 8))):
                self.add_comment(pi, acc, self.say_text(acc, P.TOPIC_COMMENT["general"]))

        # generation requesters also ask under ordinary AI art, where the question is harmless
        ai_posts = [pi for pi, k in enumerate(self.post_kind) if k in ("ai_landscape", "ai_adult")]
        for q in requesters:
            for pi in r.sample(ai_posts, min(len(ai_posts), r.randint(1, 3))):
                self.add_comment(pi, q, self.say_text(q, P.GENERATION_REQUEST, 0.3), "generation_request")
        # counter-speech accounts also live ordinary lives
        for c in counters:
            for pi in r.sample(range(len(self.posts)), min(len(self.posts), r.randint(3, 10))):
                if self.post_kind[pi] in ("ai_child",):
                    continue
                self.add_comment(pi, c, self.say_text(c, P.TOPIC_COMMENT["general"]))

    # --- interactions, messages, reports -------------------------------------------------------------------

    def report(self, reporter: int, subject_type: str, subject_id: str, reason: str, after: datetime) -> None:
        r = self.rng
        rep = {"id": self.new_id("report", 9), "subject_type": subject_type, "subject_id": subject_id,
               "reason": reason, "reporter_id": self.accs[reporter].id, "created_at": _iso(self.at(after, 6))}
        if r.random() < 0.3:
            rep["text"] = r.choice(["predatory comments", "sexualising a child", "this account posts AI kids",
                                    "please review", "creepy comments on my kid's photo"]) \
                if reason == "child_sexualisation" else r.choice(["spam", "fake account", "please review"])
        self.reports.append(rep)

    def make_interactions(self) -> None:
        r = self.rng
        ring_posts: dict[int, list[int]] = {}
        for ring, terr in zip(self.rings, self.ring_territory, strict=True):
            for m in ring:
                ring_posts[m] = [pi for d in terr for pi in self.posts_of.get(d, [])]
        for pi in range(len(self.posts)):
            ai = self.post_author[pi]
            fol = self.accs[ai].followers
            if fol:
                for f in r.sample(fol, min(len(fol), int(r.expovariate(1 / 5)))):
                    self.interact(f, pi, "like")
                for f in r.sample(fol, min(len(fol), int(r.expovariate(1 / 3)))):
                    self.interact(f, pi, "view")
        for _t, c in self.comments:
            if r.random() < 0.4:
                pi = self.post_index[c["post_id"]]
                self.interact(c["_a"], pi, "like")
        for m, pis in ring_posts.items():
            for pi in pis:
                x = r.random()
                if x < 0.35:
                    self.interact(m, pi, "save")
                if x < 0.6:
                    self.interact(m, pi, "like")
                if r.random() < 0.05:
                    self.interact(m, pi, "share")
        for pi, k in enumerate(self.post_kind):  # people save recipes and share family news too
            fol = self.accs[self.post_author[pi]].followers
            if k in ("food", "child_family", "travel") and r.random() < 0.3 and fol:
                self.interact(r.choice(fol), pi, "save" if k == "food" else "share")

    def interact(self, a: int, pi: int, kind: str) -> None:
        key = (a, pi, kind)
        if key not in self.interactions and a != self.post_author[pi]:
            self.interactions[key] = self.at(self.post_time[pi], 12)

    def benign_messages_and_reports(self) -> None:
        r = self.rng
        for pi in self.by_kind["parent"]:  # families talk
            for c in self.accs[pi].circle:
                if r.random() < 0.6:
                    for _ in range(r.randint(1, 3)):
                        self.message(pi if r.random() < 0.5 else c, c if r.random() < 0.5 else pi,
                                     END - timedelta(days=r.uniform(1, 140)), 24)
        mutual = [(a, b) for (a, b) in self.follows if (b, a) in self.follows and a < b]
        for a, b in r.sample(mutual, min(len(mutual), int(len(self.accs) * 1.2))):
            self.message(a, b, END - timedelta(days=r.uniform(1, 140)), 24)
        everyone = list(range(len(self.accs)))
        for _ in range(max(5, int(len(self.accs) * 0.06))):  # spam and mistaken reports
            target = r.choice(everyone)
            kind = self.accs[target].kind
            reason = "nudity" if kind in ("fitness", "fashion") else r.choice(["spam", "scam", "harassment", "other"])
            self.report(r.choice(everyone), "account", self.accs[target].id, reason,
                        END - timedelta(days=r.uniform(1, 140)))
        for pi in r.sample(range(len(self.posts)), min(len(self.posts), int(len(self.posts) * 0.01))):
            self.report(r.choice(everyone), "post", self.posts[pi]["id"], r.choice(["spam", "nudity", "other"]),
                        self.post_time[pi])
        for c in self.by_kind["counter_speech"]:  # the creeps report their critics back
            for _ in range(r.randint(0, 3)):
                culprit = r.choice(self.by_kind["ring_member"] + self.by_kind["dedicated"])
                self.report(culprit, "account", self.accs[c].id, "harassment", END - timedelta(days=r.uniform(1, 90)))

    # --- output --------------------------------------------------------------------------------------------

    def ground_truth(self) -> dict[str, Any]:
        harmful = {a.id: a.kind for a in self.accs if a.kind in HARMFUL_ROLES}
        hn_kind = {"parent": "parent", "relative": "relative", "counter_speech": "counter_speech",
                   "ai_artist": "ai_artist", "ai_influencer": "ai_artist", "fitness": "adult_creator",
                   "fashion": "adult_creator"}
        hard = {a.id: hn_kind[a.kind] for a in self.accs if a.kind in hn_kind}
        roles: dict[str, int] = {}
        for role in list(harmful.values()) + list(hard.values()):
            roles[role] = roles.get(role, 0) + 1
        rings = {f"ring-{i + 1}": sorted(self.accs[m].id for m in ring) for i, ring in enumerate(self.rings)}
        territory = {f"ring-{i + 1}": sorted(self.accs[d].id for d in t) for i, t in enumerate(self.ring_territory)}
        post_labels = {self.posts[pi]["id"]: k for pi, k in enumerate(self.post_kind)
                       if k in ("ai_child", "child_family", "ai_adult", "fitness", "fashion")}
        media = {f"media/{im.name}": {"scene": im.scene, "depicts": im.depicts, "ai": im.ai, "marker": im.marker,
                                      "near_duplicate_of": f"media/{im.base}" if im.base else None}
                 for im in self.images}
        return {"seed": self.seed, "scale": self.scale, "platform": PLATFORM,
                "harmful_accounts": dict(sorted(harmful.items())),
                "hard_negative_accounts": dict(sorted(hard.items())),
                "rings": rings, "ring_territory": territory, "roles": dict(sorted(roles.items())),
                "comment_labels": dict(sorted(self.comment_labels.items())),
                "post_labels": dict(sorted(post_labels.items())), "media": dict(sorted(media.items()))}

    def write(self, out: Path) -> dict[str, int]:
        out.mkdir(parents=True, exist_ok=True)
        (out / "media").mkdir(exist_ok=True)
        for im in self.images:
            (out / "media" / im.name).write_bytes(im.data)
        r = self.rng
        manifest = {"format_version": "1", "platform": PLATFORM, "exported_at": _iso(END),
                    "generator": "harrier demo", "seed": self.seed, "scale": self.scale}
        (out / "manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")

        def jsonl(name: str, rows: list[dict[str, Any]]) -> int:
            with open(out / f"{name}.jsonl", "wb") as f:
                for row in rows:
                    f.write(orjson.dumps(row))
                    f.write(b"\n")
            return len(rows)

        accounts = []
        for a in sorted(self.accs, key=lambda a: a.id):
            row: dict[str, Any] = {"id": a.id, "handle": a.handle, "display_name": a.display_name}
            if a.bio:
                row["bio"] = a.bio
            row["created_at"] = _iso_zoned(a.created, r.choice([0, 0, 0, 1, 2, -5]))
            row["profile_url"] = f"https://demo.harrier.example/{a.handle}"
            if a.declared_age is not None:
                row["declared_age"] = a.declared_age
            accounts.append(row)
        order = sorted(range(len(self.posts)), key=lambda i: (self.post_time[i], self.posts[i]["id"]))
        posts = [self.posts[i] for i in order]
        comments = [{k: v for k, v in c.items() if not k.startswith("_")}
                    for _t, c in sorted(self.comments, key=lambda x: (x[0], x[1]["id"]))]
        follows = [{"follower_id": self.accs[a].id, "followee_id": self.accs[b].id, "created_at": _iso(t)}
                   for (a, b), t in sorted(self.follows.items(), key=lambda x: (x[1], x[0]))]
        inter = [{"account_id": self.accs[a].id, "post_id": self.posts[pi]["id"], "kind": k, "created_at": _iso(t)}
                 for (a, pi, k), t in sorted(self.interactions.items(), key=lambda x: (x[1], x[0]))]
        # one edge per (sender, recipient, time); repeated exchanges keep their own timestamps
        msgs: dict[tuple[int, int, str], int] = {}
        for a, b, t, cnt in self.messages:
            key = (a, b, _iso(t))
            msgs[key] = msgs.get(key, 0) + cnt
        messages = [{"sender_id": self.accs[a].id, "recipient_id": self.accs[b].id, "created_at": t, "count": cnt}
                    for (a, b, t), cnt in sorted(msgs.items(), key=lambda x: (x[0][2], x[0][0], x[0][1]))]
        reports = sorted(self.reports, key=lambda x: (x["created_at"], x["id"]))
        counts = {
            "accounts": jsonl("accounts", accounts), "posts": jsonl("posts", posts),
            "comments": jsonl("comments", comments), "follows": jsonl("follows", follows),
            "interactions": jsonl("interactions", inter), "message_edges": jsonl("message_edges", messages),
            "reports": jsonl("reports", reports), "media_files": len(self.images),
        }
        (out / "ground_truth.json").write_bytes(
            orjson.dumps(self.ground_truth(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
        return counts


def generate(out: Path, seed: int = 7, scale: float = 1.0,
             progress: Callable[[str], None] | None = None) -> DemoSummary:
    """Write a deterministic demo platform export (format v1) and its ground truth to ``out``.

    ``scale`` multiplies the number of accounts (1.0: about 2,400 accounts, 13,000 posts, 55,000 comments,
    86 planted harmful accounts); small scales keep a floor of every pattern for fast tests. ``progress`` is
    called with a short label before each step.
    """
    if scale <= 0:
        raise ValueError("scale must be > 0")
    t0, c0 = time.perf_counter(), time.process_time()
    out = Path(out)
    w = _World(seed, scale, progress)
    for label, step in (("accounts", w.make_accounts), ("families and rings", w.make_structure),
                        ("images", w.make_images), ("follower graph", w.make_follows), ("posts", w.make_posts)):
        w.say(label)
        step()
    w.post_index = {p["id"]: i for i, p in enumerate(w.posts)}
    w.say("comments")
    w.benign_comments()
    w.planted_comments()
    w.say("interactions and messages")
    w.make_interactions()
    w.benign_messages_and_reports()
    w.say("writing files")
    counts = w.write(out)
    gt_roles: dict[str, int] = {}
    for a in w.accs:
        gt_roles[a.kind] = gt_roles.get(a.kind, 0) + 1
    gt = w.ground_truth()
    return DemoSummary(
        out=str(out), seed=seed, scale=scale, accounts=counts["accounts"], posts=counts["posts"],
        comments=counts["comments"], follows=counts["follows"], interactions=counts["interactions"],
        message_edges=counts["message_edges"], reports=counts["reports"], media_files=counts["media_files"],
        harmful_accounts=len(gt["harmful_accounts"]), hard_negative_accounts=len(gt["hard_negative_accounts"]),
        rings=len(gt["rings"]), roles=gt["roles"], seconds=round(time.perf_counter() - t0, 2),
        cpu_seconds=round(time.process_time() - c0, 2),
    )
