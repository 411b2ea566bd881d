"""Build an evaluation platform: a real follow graph, people with roles on it, their posts, comments, likes,
messages and reports, then write it in Harrier's export format with a truth file beside it."""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import media as M
from . import text as T
from .graph import load_edges, snowball_sample

DAY = 86_400
HOUR = 3_600
T_START = int(datetime(2026, 1, 5, tzinfo=UTC).timestamp())
T_END = int(datetime(2026, 4, 28, tzinfo=UTC).timestamp())
EXPORTED_AT = int(datetime(2026, 5, 1, tzinfo=UTC).timestamp())
ACCOUNTS_FROM = int(datetime(2016, 3, 1, tzinfo=UTC).timestamp())
FOLLOWS_FROM = int(datetime(2019, 1, 1, tzinfo=UTC).timestamp())
# the shared fixtures beside a checkout (``../shared/fixtures/faces``); research-only crops, never shipped
DEFAULT_FACES = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "faces"
PLATFORM_HOST = "https://example.social"

OFFENDER_ROLES = ("dedicated", "ring_member", "lone_commenter", "contact_mover", "generation_requester")
AI_MODES = ("a1111", "xmp", "label_only", "hashtag_only", "none")
SIZES_PHOTO = [(384, 384), (448, 448), (512, 512), (384, 512), (512, 384), (320, 400), (448, 336)]
SIZES_AI = [(512, 512), (384, 512), (512, 384), (448, 448)]


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Account:
    idx: int
    lang: str
    gender: str
    first: str
    last: str
    handle: str = ""
    display_name: str | None = None
    bio: str | None = None
    created: int = 0
    declared_age: int | None = None


@dataclass
class ImageSpec:
    kind: str  # family | ai_child | selfie | ai_adult | ai_landscape | food | place
    faces: list[M.Face] = field(default_factory=list)
    adult: M.Face | None = None
    fmt: str = "jpeg"
    size: tuple[int, int] = (384, 384)
    prompt: str | None = None  # AUTOMATIC1111 parameters are written when set
    xmp: str | None = None  # IPTC digital source type when set
    camera: bool = False


@dataclass
class Post:
    key: int
    author: int
    t: int
    kind: str  # ai_child | family | selfie | ai_adult | food | place | text
    caption: str | None
    hashtags: list[str]
    labels: list[str]
    images: list[ImageSpec]
    gender: str = "n"  # of the child shown, for pronouns
    child_age: int | None = None
    ai_mode: str | None = None


@dataclass
class Comment:
    key: int
    post: int
    author: int
    t: int
    text: str
    cat: str  # sexualising | contact_move | generation_request | filler | counter_speech | benign | ...
    parent: int | None = None


class Builder:
    """Holds one platform while it is being planted. Everything random comes from ``self.rng`` (or an rng seeded
    from the seed and a stable key), and nothing iterates over a set without sorting it, so a seed gives the same
    platform byte for byte."""

    def __init__(self, seed: int, n_accounts: int, graph: Path | None, faces_dir: Path | None,
                 phrases: Path | None = None) -> None:
        self.seed = seed
        self.phrases = load_phrases(phrases) if phrases else None
        self.phrases_name = phrases.name if phrases else None
        self.rng = random.Random(f"harrier-independent:{seed}")
        self.faces = M.FaceLibrary(faces_dir, seed)
        adj = load_edges(graph)
        nodes, edges = snowball_sample(adj, n_accounts, self.rng)
        self.rng.shuffle(nodes)
        index = {node: i for i, node in enumerate(nodes)}
        self.n = len(nodes)
        self.scale = self.n / 8000
        self.nbrs: list[list[int]] = [[] for _ in range(self.n)]
        self.real_edges = sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in edges)
        for a, b in self.real_edges:
            self.nbrs[a].append(b)
            self.nbrs[b].append(a)
        for lst in self.nbrs:
            lst.sort()
        self.accounts: list[Account] = []
        self.follows: dict[tuple[int, int], int] = {}
        self.posts: list[Post] = []
        self.comments: list[Comment] = []
        self.interactions: dict[tuple[int, int, str], int] = {}
        self.messages: dict[tuple[int, int, int], int] = {}
        self.reports: list[dict[str, object]] = []
        self.roles: dict[str, set[int]] = {r: set() for r in OFFENDER_ROLES}
        self.rings: list[list[int]] = []
        self.ring_targets: list[list[int]] = []
        self.neg: dict[str, set[int]] = {}
        self.busy: set[int] = set()  # accounts that already have a role (offender or planted negative)
        self.posts_by: dict[int, list[int]] = {}
        self.image_budget = max(120, round(1500 * self.scale))
        self.images_used = 0
        self.comment_cap = max(2500, round(25000 * self.scale))
        self.intended: dict[int, set[str]] = {}  # offender -> behaviours planned (contact_move, generation_request)

    # ------------------------------------------------------------------------------------------- helpers

    def count(self, lo: int, hi: int, minimum: int) -> int:
        return max(minimum, round(self.rng.randint(lo, hi) * self.scale))

    def after(self, t: int, mean_hours: float, min_s: int = 60) -> int:
        dt = int(self.rng.expovariate(1.0 / (mean_hours * HOUR))) + min_s
        limit = EXPORTED_AT - HOUR - self.rng.randint(0, 6 * HOUR)
        return t + self.rng.randint(min_s, 600 + min_s) if t + min_s >= limit else min(t + dt, limit)

    def post_time(self, lo: int = T_START, hi: int = T_END - 4 * DAY) -> int:
        day = self.rng.randint(lo, hi) // DAY * DAY
        hour = self.rng.choices(range(24), weights=[1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 5, 6, 5, 4, 4, 5, 6, 7, 8, 8,
                                                   7, 5, 3])[0]
        return day + hour * HOUR + self.rng.randint(0, HOUR - 1)

    def free(self, candidates: Iterable[int] | None = None) -> list[int]:
        pool = range(self.n) if candidates is None else candidates
        return sorted(set(pool) - self.busy)

    def take(self, k: int, candidates: Iterable[int] | None = None) -> list[int]:
        pool = self.free(candidates)
        chosen = self.rng.sample(pool, min(k, len(pool)))
        self.busy.update(chosen)
        return chosen

    def harmful(self) -> set[int]:
        out: set[int] = set()
        for members in self.roles.values():
            out |= members
        return out

    def add_neg(self, role: str, idx: int) -> None:
        self.neg.setdefault(role, set()).add(idx)

    def follow(self, a: int, b: int, t: int) -> None:
        if a != b and (a, b) not in self.follows:
            self.follows[(a, b)] = t

    def interact(self, account: int, post: Post, kind: str, mean_hours: float = 30) -> None:
        if account == post.author:
            return
        key = (account, post.key, kind)
        if key not in self.interactions:
            self.interactions[key] = self.after(post.t, mean_hours)

    def message(self, a: int, b: int, t: int, count: int) -> None:
        if a != b:
            self.messages[(a, b, min(t, EXPORTED_AT - 60))] = count

    def new_post(self, author: int, t: int, kind: str, caption: str | None, hashtags: Sequence[str] = (),
                 labels: Sequence[str] = (), images: Sequence[ImageSpec] = (), **extra: object) -> Post:
        post = Post(len(self.posts), author, t, kind, caption, list(hashtags), list(labels), list(images), **extra)
        self.posts.append(post)
        self.posts_by.setdefault(author, []).append(post.key)
        self.images_used += len(images)
        return post

    def comment(self, post: Post, author: int, text: str, cat: str, *, mean_hours: float = 10,
                parent: Comment | None = None) -> Comment:
        t = self.after(parent.t if parent else post.t, mean_hours)
        c = Comment(len(self.comments), post.key, author, t, text, cat, parent.key if parent else None)
        self.comments.append(c)
        return c

    def lang(self, idx: int) -> str:
        return self.accounts[idx].lang

    def neighbours_or_random(self, idx: int, k: int, share_nbrs: float = 0.7,
                             exclude: set[int] | None = None) -> list[int]:
        exclude = exclude or set()
        nb = [v for v in self.nbrs[idx] if v not in exclude and v != idx]
        out: list[int] = []
        for _ in range(k):
            if nb and self.rng.random() < share_nbrs:
                out.append(self.rng.choice(nb))
            else:
                v = self.rng.randrange(self.n)
                if v != idx and v not in exclude:
                    out.append(v)
        return out

    # ------------------------------------------------------------------------------------------- accounts

    def make_accounts(self) -> None:
        rng = self.rng
        taken: set[str] = set()
        for i in range(self.n):
            lang = rng.choices(T.LANGS, weights=T.LANG_WEIGHTS)[0]
            gender = rng.choice("fm")
            first = rng.choice(T.FIRST_NAMES[lang][gender])
            last = rng.choice(T.SURNAMES[lang])
            acc = Account(i, lang, gender, first, last)
            acc.handle = self.unique(T.make_handle(rng, first, last), taken)
            r = rng.random()
            acc.display_name = f"{first} {last}" if r < 0.55 else first if r < 0.8 else None
            acc.bio = rng.choice(T.BIOS[lang]) if rng.random() < 0.45 else None
            acc.created = rng.randint(ACCOUNTS_FROM, T_START - 30 * DAY)
            acc.declared_age = rng.randint(18, 66) if rng.random() < 0.25 else None
            self.accounts.append(acc)
        self.taken_handles = taken

    def unique(self, handle: str, taken: set[str]) -> str:
        base = handle[:28] or "user"
        out = base
        while out in taken:
            out = f"{base}{self.rng.randint(2, 999)}"
        taken.add(out)
        return out

    def rehandle(self, idx: int, handle: str) -> None:
        acc = self.accounts[idx]
        self.taken_handles.discard(acc.handle)
        acc.handle = self.unique(handle, self.taken_handles)

    # ------------------------------------------------------------------------------------------- roles

    def assign_roles(self) -> None:
        rng = self.rng
        # Mix sizes (set by the lead engineer, not the independent author): about 45 offenders per 8,000
        # accounts, so that "recall in the top 50 cases" measures ranking rather than the queue's length.
        dedicated = self.take(self.count(8, 11, 3))
        self.roles["dedicated"].update(dedicated)
        for d in dedicated:
            acc = self.accounts[d]
            self.rehandle(d, T.ai_handle(rng))
            acc.display_name = rng.choice([None, acc.handle.replace(".", " ").replace("_", " ").title() + " ✨"])
            acc.bio = T.fill(T.pick(T.DEDICATED_BIOS, acc.lang, rng, 0.5), rng, tg=T.telegram_handle(rng))
            acc.created = rng.randint(T_START - 120 * DAY, T_START - 5 * DAY)
            acc.declared_age = None

        n_rings = 1 if rng.random() < 0.6 else 2
        sizes = [rng.randint(15, 20)] + [rng.randint(5, 8) for _ in range(n_rings - 1)]
        cap = max(5, self.n // 40)
        for size in sizes:
            size = min(size, cap) if self.n < 1000 else size
            anchor = rng.choice(self.free())
            local = sorted({v for u in [anchor, *self.nbrs[anchor]] for v in [u, *self.nbrs[u]]})
            k_local = min(len(self.free(local)), round(size * rng.uniform(0.2, 0.5)))
            members = self.take(k_local, local)
            members += self.take(size - len(members))
            ring_lang = rng.choices(T.LANGS, weights=T.LANG_WEIGHTS)[0]
            for m in members:
                if rng.random() < 0.5:
                    self.set_lang(m, ring_lang)
            self.rings.append(sorted(members))
            self.roles["ring_member"].update(members)
            targets = rng.sample(sorted(dedicated), min(len(dedicated), rng.randint(2, 4)))
            self.ring_targets.append(targets)
            for m in members:
                plan = self.intended.setdefault(m, set())
                if rng.random() < 0.3:
                    plan.add("contact_move")
                if rng.random() < 0.25:
                    plan.add("generation_request")

        self.lone = self.take(self.count(12, 16, 4))
        self.roles["lone_commenter"].update(self.lone)
        for m in self.lone:
            plan = self.intended.setdefault(m, set())
            if rng.random() < 0.3:
                plan.add("contact_move")
            if rng.random() < 0.2:
                plan.add("generation_request")
        self.solo_movers = self.take(self.count(1, 3, 1))
        self.solo_requesters = self.take(self.count(1, 3, 1))

        offenders = sorted(self.roles["ring_member"].union(self.lone, self.solo_movers, self.solo_requesters))
        for m in offenders:
            acc = self.accounts[m]
            if rng.random() < 0.08:
                self.rehandle(m, T.algospeak_handle(rng, acc.first))
            if rng.random() < 0.22:
                acc.bio = T.fill(rng.choice(T.OFFENDER_HINT_BIOS), rng, tg=T.telegram_handle(rng))
            acc.declared_age = rng.randint(24, 63) if rng.random() < 0.2 else None
            if rng.random() < 0.3:
                acc.created = rng.randint(T_START - 200 * DAY, T_START - DAY)

        # planted look-alikes (hard negatives)
        well_connected = [i for i in range(self.n) if len(self.nbrs[i]) >= 3]
        self.parents = self.take(self.count(35, 50, 6), well_connected)
        self.counter = self.take(self.count(8, 14, 2))
        self.young = self.take(self.count(12, 20, 3))
        self.artists = self.take(self.count(5, 9, 2))
        self.creators = self.take(self.count(6, 10, 2))
        self.near_miss = self.take(self.count(10, 18, 3))
        for role, members in (("parent", self.parents), ("counter_speaker", self.counter),
                              ("young_looking_adult", self.young), ("ai_artist_adults", self.artists),
                              ("adult_creator", self.creators), ("near_miss_commenter", self.near_miss)):
            for m in members:
                self.add_neg(role, m)
        for m in self.counter:
            if rng.random() < 0.5:
                self.accounts[m].bio = T.pick(T.COUNTER_BIOS, self.lang(m), rng)
        for m in self.artists:
            self.rehandle(m, T.ai_handle(rng))
            self.accounts[m].bio = T.pick(T.AI_ARTIST_BIOS, self.lang(m), rng, 0.4)

    def set_lang(self, idx: int, lang: str) -> None:
        self.accounts[idx].lang = lang

    # ------------------------------------------------------------------------------------------- follows

    def make_follows(self) -> None:
        rng = self.rng
        for a, b in self.real_edges:
            t = rng.randint(max(FOLLOWS_FROM, self.accounts[a].created, self.accounts[b].created), T_END)
            self.follow(a, b, t)
            self.follow(b, a, min(T_END, t + rng.randint(0, 10 * DAY)))
        for members, targets in zip(self.rings, self.ring_targets, strict=True):
            formed = rng.randint(T_START - 40 * DAY, T_START + 30 * DAY)
            density = rng.uniform(0.65, 0.9)
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    if rng.random() < density:
                        t = formed + rng.randint(0, 40 * DAY)
                        self.follow(a, b, t)
                        if rng.random() < 0.85:
                            self.follow(b, a, t + rng.randint(60, 3 * DAY))
                    elif rng.random() < 0.5:
                        self.follow(*(a, b) if rng.random() < 0.5 else (b, a), formed + rng.randint(0, 40 * DAY))
                for d in targets:
                    if rng.random() < 0.6:
                        self.follow(a, d, formed + rng.randint(0, 60 * DAY))

    # ------------------------------------------------------------------------------------------- images

    def image_ok(self) -> bool:
        return self.images_used < self.image_budget

    def ai_provenance(self, mode: str, prompt: str, kind: str, face: M.Face | None) -> ImageSpec:
        rng = self.rng
        size = rng.choice(SIZES_AI)
        spec = ImageSpec(kind=kind, faces=[face] if face else [], size=size)
        if mode == "a1111":
            spec.fmt = "png" if rng.random() < 0.75 else "jpeg"
            spec.prompt = prompt
        elif mode == "xmp":
            spec.fmt = rng.choice(["png", "jpeg"])
            spec.xmp = M.TRAINED_ALGORITHMIC
        else:
            spec.fmt = "png" if rng.random() < 0.4 else "jpeg"
        return spec

    def photo_spec(self, kind: str, faces: Sequence[M.Face] = (), adult: M.Face | None = None) -> ImageSpec:
        rng = self.rng
        spec = ImageSpec(kind=kind, faces=list(faces), adult=adult, size=rng.choice(SIZES_PHOTO),
                         fmt="jpeg" if rng.random() < 0.92 else "png", camera=rng.random() < 0.55)
        if spec.fmt == "jpeg" and rng.random() < 0.03:
            spec.xmp = M.DIGITAL_CAPTURE  # some cameras and editors say "digital capture": not AI
        return spec

    # ------------------------------------------------------------------------------------------- content

    def dedicated_content(self) -> None:
        rng = self.rng
        for d in sorted(self.roles["dedicated"]):
            acc = self.accounts[d]
            chars = [self.faces.pick(rng, 0, 12, "f" if rng.random() < 0.8 else "m") for _ in range(rng.randint(2, 4))]
            habit = rng.choices(AI_MODES, weights=[25, 15, 18, 22, 20])[0]
            n_posts = rng.randint(10, 30)
            times = sorted(self.post_time(max(T_START, acc.created + DAY)) for _ in range(n_posts))
            for t in times:
                mode = habit if rng.random() < 0.6 else rng.choices(AI_MODES, weights=[25, 15, 18, 22, 20])[0]
                kid = rng.choice(chars)
                n_img = 1 if rng.random() < 0.85 else rng.randint(2, 3)
                images = []
                for j in range(n_img):
                    face = kid if j == 0 else rng.choice(chars)
                    prompt = rng.choice(T.AI_CHILD_PROMPTS)
                    if face.gender == "m":
                        prompt = prompt.replace("girl", "boy").replace("her hair", "his hair")
                        prompt = prompt.replace("sundress", "t-shirt")
                    images.append(self.ai_provenance(mode, prompt, "ai_child", face))
                caption = rng.choice(T.DEDICATED_AI_CAPTIONS[:14])
                tags = rng.sample(T.DEDICATED_PLAIN_TAGS, rng.randint(1, 3))
                if mode == "hashtag_only" or (mode in ("a1111", "xmp") and rng.random() < 0.35):
                    tags = rng.sample(T.DEDICATED_AI_TAGS, rng.randint(1, 3)) + tags[:1]
                    if rng.random() < 0.4:
                        caption = "AI art ✨ " + caption
                if acc.lang != "en" and rng.random() < 0.3:
                    caption = rng.choice(T.DEDICATED_AI_CAPTIONS[14:])
                labelled = mode == "label_only" or (mode in ("a1111", "xmp") and rng.random() < 0.25)
                labels = ["ai_generated"] if labelled else []
                self.new_post(d, t, "ai_child", f"{caption} " + " ".join(f"#{h}" for h in tags), tags, labels, images,
                              gender=kid.gender, child_age=kid.age, ai_mode=mode)

    def family_content(self) -> None:
        rng = self.rng
        harmful = self.harmful()
        for p in self.parents:
            acc = self.accounts[p]
            kids = [self.faces.pick(rng, 0, 12) for _ in range(rng.choices([1, 2, 3], weights=[5, 4, 1])[0])]
            me = self.faces.pick(rng, 26, 60, acc.gender)
            acc.bio = T.fill(T.pick(T.PARENT_BIOS, acc.lang, rng, 0.1), rng, k=str(len(kids)),
                             city=rng.choice(T.CITIES[acc.lang])) if rng.random() < 0.7 else acc.bio
            acc.declared_age = rng.randint(27, 47) if rng.random() < 0.3 else None
            pool = [v for v in self.nbrs[p] if v not in harmful and v not in self.busy]
            relatives = rng.sample(pool, min(len(pool), rng.randint(3, 8)))
            while len(relatives) < 3:
                v = rng.randrange(self.n)
                if v not in harmful and v not in self.busy and v != p and v not in relatives:
                    relatives.append(v)
                    self.follow(v, p, rng.randint(FOLLOWS_FROM, T_START))
                    self.follow(p, v, rng.randint(FOLLOWS_FROM, T_START))
            for r in relatives:
                self.add_neg("relative", r)
                if rng.random() < 0.7:
                    self.set_lang(r, acc.lang)
                self.message(r, p, rng.randint(T_START, T_END), rng.randint(1, 60))
                if rng.random() < 0.7:
                    self.message(p, r, rng.randint(T_START, T_END), rng.randint(1, 60))
            for _ in range(rng.randint(2, 5)):
                shown = rng.sample(kids, rng.randint(1, len(kids)))
                lead = shown[0]
                spec = self.photo_spec("family", shown, me if rng.random() < 0.4 else None)
                cap = T.pick_gendered(T.FAMILY_CAPTIONS, acc.lang, lead.gender, rng, 0.1)
                age = max(1, lead.age)
                post = self.new_post(p, self.post_time(), "family", T.vary(T.fill(cap, rng, age=str(age)), rng),
                                     images=[spec], gender=lead.gender, child_age=age)
                for _ in range(rng.randint(3, 10)):
                    r = rng.choice(relatives)
                    lang = acc.lang if rng.random() < 0.8 else self.lang(r)
                    birthday = "🎂" in post.caption if post.caption else False
                    for _ in range(6):  # birthday wishes only under birthday photos
                        txt = T.pick_gendered(T.FAMILY_COMMENTS, lang, lead.gender, rng, 0.05)
                        if birthday or "🎂" not in txt:
                            break
                    txt = T.fill(txt, rng, age=str(age))
                    c = self.comment(post, r, T.vary(txt, rng), "family", mean_hours=8)
                    self.interact(r, post, "like")
                    if rng.random() < 0.25:
                        self.comment(post, p, T.vary(T.pick(T.PARENT_THANKS, acc.lang, rng, 0.05), rng), "benign",
                                     parent=c, mean_hours=3)
                for r in relatives:
                    if rng.random() < 0.6:
                        self.interact(r, post, "like")
                    self.interact(r, post, "view")

    def young_adult_content(self) -> None:
        rng = self.rng
        for y in self.young:
            acc = self.accounts[y]
            face = self.faces.pick(rng, 18, 25, acc.gender if rng.random() < 0.7 else None)
            age = face.age if self.faces.real else rng.randint(18, 25)
            acc.declared_age = age if rng.random() < 0.6 else None
            if rng.random() < 0.6:
                acc.bio = T.fill(T.pick(T.YOUNG_ADULT_BIOS, acc.lang, rng, 0.2), rng, age=str(age),
                                 city=rng.choice(T.CITIES[acc.lang]))
            for _ in range(rng.randint(2, 4)):
                cap = T.fill(T.pick(T.SELFIE_CAPTIONS, acc.lang, rng, 0.2), rng, age=str(age))
                post = self.new_post(y, self.post_time(), "selfie", T.vary(cap, rng),
                                     images=[self.photo_spec("selfie", [face])])
                for c in self.neighbours_or_random(y, rng.randint(3, 8), exclude=self.harmful()):
                    txt = T.fill(T.pick(T.SELFIE_COMMENTS, self.lang(c), rng), rng, age=str(age))
                    self.comment(post, c, T.vary(txt, rng), "compliment")
                    if any(w in txt for w in ("young", "jong", "jung", "jeune", "16", "15")):
                        self.add_neg("young_look_commenter", c)
                    self.interact(c, post, "like")

    def artist_content(self) -> None:
        rng = self.rng
        harmful = self.harmful()
        for a in self.artists:
            fans = [v for v in self.neighbours_or_random(a, rng.randint(5, 10), 0.4, exclude=harmful)
                    if v not in self.busy]
            for f in fans:
                self.follow(f, a, rng.randint(FOLLOWS_FROM, T_END - 10 * DAY))
            habit = rng.choices(AI_MODES, weights=[30, 20, 20, 20, 10])[0]
            for _ in range(rng.randint(5, 10)):
                mode = habit if rng.random() < 0.6 else rng.choice(AI_MODES)
                if rng.random() < 0.55:
                    face = self.faces.pick(rng, 18, 70)
                    spec = self.ai_provenance(mode, rng.choice(T.AI_ADULT_PORTRAIT_PROMPTS), "ai_adult", face)
                else:
                    spec = self.ai_provenance(mode, rng.choice(T.AI_LANDSCAPE_PROMPTS), "ai_landscape", None)
                tags = rng.sample(T.AI_ARTIST_PLAIN_TAGS, rng.randint(1, 2))
                if mode == "hashtag_only" or (mode in ("a1111", "xmp") and rng.random() < 0.5):
                    tags = rng.sample(T.AI_ARTIST_TAGS, rng.randint(1, 3)) + tags
                labelled = mode == "label_only" or (mode in ("a1111", "xmp") and rng.random() < 0.3)
                labels = ["ai_generated"] if labelled else []
                cap = rng.choice(T.AI_ARTIST_CAPTIONS) + " " + " ".join(f"#{h}" for h in tags)
                post = self.new_post(a, self.post_time(), "ai_adult", cap, tags, labels, [spec], ai_mode=mode)
                for f in rng.sample(fans, min(len(fans), rng.randint(1, 5))) if fans else []:
                    if rng.random() < 0.5:
                        txt = T.vary(T.pick(T.AI_FAN_COMMENTS, self.lang(f), rng), rng)
                        c = self.comment(post, f, txt, "ai_question")
                        self.add_neg("ai_art_fan", f)
                        if rng.random() < 0.5:
                            self.comment(post, a, rng.choice(T.AI_ARTIST_REPLIES), "benign", parent=c, mean_hours=5)
                    else:
                        self.comment(post, f, T.vary(rng.choice(T.GENERIC_COMMENTS + ["stunning render", "wow 🔥"]),
                                                     rng), "benign")
                    self.interact(f, post, "like")
                    if rng.random() < 0.2:
                        self.interact(f, post, "save")

    def creator_content(self) -> None:
        rng = self.rng
        harmful = self.harmful()
        for cr in self.creators:
            acc = self.accounts[cr]
            face = self.faces.pick(rng, 19, 40, acc.gender if rng.random() < 0.8 else None)
            age = face.age if self.faces.real else rng.randint(20, 38)
            acc.declared_age = age if rng.random() < 0.7 else None
            acc.bio = T.fill(T.pick(T.CREATOR_BIOS, acc.lang, rng, 0.4), rng, age=str(age),
                             city=rng.choice(T.CITIES[acc.lang]))
            collabs = self.take(rng.randint(1, 2), [v for v in range(self.n) if v not in harmful])
            for c in collabs:
                self.add_neg("collab_contact", c)
                brand = rng.choice(["glowbeauty", "fitfuel", "urbanthreads", "sunnysidewear", "activelab",
                                    "purebotanics", "studiomoda"])
                self.rehandle(c, brand + rng.choice(["", ".official", "_eu", "co"]))
                self.accounts[c].bio = rng.choice(["brand account | collabs ✉️", "sustainable fashion 🌿",
                                                   "supplements & gym wear", "skincare made in EU"])
            for _ in range(rng.randint(4, 8)):
                cap = T.fill(T.pick(T.CREATOR_CAPTIONS, acc.lang, rng, 0.3), rng,
                             h=self.accounts[rng.randrange(self.n)].handle)
                post = self.new_post(cr, self.post_time(), "selfie", cap, images=[self.photo_spec("selfie", [face])])
                for c in self.neighbours_or_random(cr, rng.randint(3, 9), 0.5, exclude=harmful):
                    self.comment(post, c, T.vary(T.pick(T.CREATOR_COMMENTS, self.lang(c), rng), rng), "compliment")
                    self.interact(c, post, "like")
                if rng.random() < 0.5:
                    c = rng.choice(collabs)
                    com = self.comment(post, c, rng.choice(T.COLLAB_COMMENTS), "collab")
                    self.message(c, cr, com.t + rng.randint(60, 2 * HOUR), rng.randint(1, 4))
                    if rng.random() < 0.7:
                        self.message(cr, c, com.t + rng.randint(3 * HOUR, 3 * DAY), rng.randint(1, 6))

    def ordinary_post(self, author: int) -> Post:
        rng = self.rng
        lang = self.lang(author)
        r = rng.random()
        with_image = self.image_ok() and rng.random() < 0.45
        if r < 0.35:
            kind = "food"
            cap = T.pick(T.FOOD_CAPTIONS, lang, rng, 0.1)
        elif r < 0.65:
            kind = "place"
            cap = T.pick(T.PLACE_CAPTIONS, lang, rng, 0.1)
        elif r < 0.8 and with_image:
            kind = "selfie"
            cap = T.pick(T.SELFIE_CAPTIONS, lang, rng, 0.1)
        else:
            kind = "text"
            cap = T.pick(T.TEXT_POSTS, lang, rng, 0.1)
        cap = T.vary(T.fill(cap, rng, city=rng.choice(T.CITIES[lang]), age=str(rng.randint(24, 50))), rng)
        images: list[ImageSpec] = []
        if kind != "text" and with_image:
            if kind == "selfie":
                images = [self.photo_spec("selfie", [self.faces.pick(rng, 18, 90)])]
            else:
                n_img = 1 if rng.random() < 0.85 or self.image_budget - self.images_used < 2 else 2
                images = [self.photo_spec(kind) for _ in range(n_img)]
        elif kind == "selfie":
            kind = "text"
        return self.new_post(author, self.post_time(), kind, cap, images=images)

    def ordinary_comment(self, post: Post, author: int) -> Comment:
        rng = self.rng
        lang = self.lang(author)
        bank = {"food": T.FOOD_COMMENTS, "place": T.PLACE_COMMENTS, "selfie": T.SELFIE_COMMENTS,
                "text": T.TEXT_COMMENTS}.get(post.kind, T.TEXT_COMMENTS)
        if rng.random() < 0.15:
            txt = rng.choice(T.GENERIC_COMMENTS)
        else:
            txt = T.fill(T.pick(bank, lang, rng), rng, age=str(rng.randint(22, 40)))
        return self.comment(post, author, T.vary(txt, rng), "benign")

    def background_content(self) -> None:
        rng = self.rng
        harmful = self.harmful()
        posters = [i for i in range(self.n) if i not in harmful and (i not in self.busy or rng.random() < 0.3)
                   and rng.random() < 0.3]
        bg_posts: list[Post] = []
        for a in posters:
            for _ in range(rng.choices([1, 2, 3, 4], weights=[5, 3, 2, 1])[0]):
                bg_posts.append(self.ordinary_post(a))
        # offenders live ordinary lives too
        offenders = sorted(harmful - self.roles["dedicated"])
        for o in offenders:
            if rng.random() < 0.65:
                for _ in range(rng.randint(1, 3)):
                    bg_posts.append(self.ordinary_post(o))
        bg_posts.sort(key=lambda p: p.key)
        for post in bg_posts:
            k = min(12, int(rng.expovariate(1 / 3.2)))
            for c in self.neighbours_or_random(post.author, k, 0.7):
                if c in harmful and rng.random() < 0.7:
                    continue  # offenders' benign comments are placed below
                com = self.ordinary_comment(post, c)
                if rng.random() < 0.12:
                    txt = T.pick(T.AUTHOR_REPLIES, self.lang(post.author), rng)
                    self.comment(post, post.author, T.vary(txt, rng), "benign", parent=com, mean_hours=4)
            for v in self.neighbours_or_random(post.author, rng.randint(2, 14), 0.75):
                self.interact(v, post, "view")
                if rng.random() < 0.45:
                    self.interact(v, post, "like")
                if rng.random() < 0.04:
                    self.interact(v, post, "save")
                if rng.random() < 0.03:
                    self.interact(v, post, "share")
        adult_posts = [p for p in bg_posts if p.author not in harmful]
        for o in offenders:
            if rng.random() < 0.6 and adult_posts:
                for post in rng.sample(adult_posts, min(len(adult_posts), rng.randint(2, 6))):
                    self.ordinary_comment(post, o)
                    self.interact(o, post, "like")
        # near misses: fruit emoji on food, "check your dms" between friends
        food = [p for p in bg_posts if p.kind == "food" and p.author not in harmful]
        for m in self.near_miss:
            for _ in range(rng.randint(2, 4)):
                if food and rng.random() < 0.6:
                    post = rng.choice(food)
                    self.comment(post, m, T.vary(rng.choice(T.FRUIT_FOOD_COMMENTS), rng), "near_miss_emoji")
                else:
                    friends = [p for v in self.nbrs[m] for p in self.posts_by.get(v, []) if v not in harmful]
                    if friends:
                        post = self.posts[rng.choice(friends)]
                        self.comment(post, m, T.vary(rng.choice(T.FRIEND_DM_COMMENTS), rng), "near_miss_dm")
                        self.message(m, post.author, self.after(post.t, 12), rng.randint(1, 12))

    # ------------------------------------------------------------------------------------------- offenders

    def harmful_text(self, cat: str, post: Post, author: int) -> str:
        rng = self.rng
        lang = self.lang(author)
        real = self.phrases.get(cat) if self.phrases else None
        if real:
            # a remark quoted in public reporting, in the writer's language when the file has one, verbatim
            return rng.choice(real.get(lang) or [t for lst in real.values() for t in lst])
        if cat == "sexualising":
            txt = T.pick_gendered(T.SEXUALISING, lang, post.gender, rng, 0.25)
        elif cat == "contact_move":
            txt = T.pick(T.CONTACT_MOVES, lang, rng, 0.35)
        elif cat == "generation_request":
            txt = T.pick(T.GENERATION_REQUESTS, lang, rng, 0.35)
        else:
            txt = rng.choice(T.FILLER)
        return T.vary(T.fill(txt, rng, tg=T.telegram_handle(rng)), rng, harmful=cat != "filler")

    def offend(self, post: Post, author: int, cat: str, mean_hours: float = 12,
               parent: Comment | None = None) -> Comment:
        c = self.comment(post, author, self.harmful_text(cat, post, author), cat, mean_hours=mean_hours, parent=parent)
        if cat == "contact_move":
            self.roles["contact_mover"].add(author)
        elif cat == "generation_request":
            self.roles["generation_requester"].add(author)
        return c

    def ring_content(self) -> None:
        rng = self.rng
        family = [p for p in self.posts if p.kind == "family"]
        for members, targets in zip(self.rings, self.ring_targets, strict=True):
            pool = [self.posts[k] for d in targets for k in self.posts_by.get(d, [])]
            core = rng.sample(pool, min(len(pool), rng.randint(5, 10)))
            for m in members:
                plan = self.intended.get(m, set())
                k = rng.randint(3, 8)
                chosen: list[Post] = []
                for _ in range(k * 2):
                    p = rng.choice(core) if rng.random() < 0.7 else rng.choice(pool)
                    if p not in chosen:
                        chosen.append(p)
                    if len(chosen) >= k:
                        break
                cats = []
                for _ in chosen:
                    r = rng.random()
                    cats.append("sexualising" if r < 0.55 else "filler")
                if "sexualising" not in cats and rng.random() < 0.85:
                    cats[0] = "sexualising"
                if "contact_move" in plan:
                    cats[rng.randrange(len(cats))] = "contact_move"
                if "generation_request" in plan:
                    cats[rng.randrange(len(cats))] = "generation_request"
                if all(c == "filler" for c in cats):
                    cats[0] = "sexualising"
                for post, cat in zip(chosen, cats, strict=True):
                    self.offend(post, m, cat, mean_hours=5)
                    self.interact(m, post, "view", 6)
                    self.interact(m, post, "like", 6)
                    if rng.random() < 0.35:
                        self.interact(m, post, "save", 8)
                    if rng.random() < 0.1:
                        self.interact(m, post, "share", 8)
            # ring members answer one another under the same posts
            by_post: dict[int, list[Comment]] = {}
            for c in self.comments:
                if c.author in members and c.post in {p.key for p in pool}:
                    by_post.setdefault(c.post, []).append(c)
            for key in sorted(by_post):
                for c in by_post[key]:
                    if rng.random() < 0.15:
                        other = rng.choice(members)
                        if other != c.author:
                            self.comment(self.posts[key], other, T.vary(rng.choice(T.RING_REPLIES), rng), "ring_reply",
                                         parent=c, mean_hours=2)
            # sometimes the ring swarms a family photo
            if family and rng.random() < 0.5:
                for post in rng.sample(family, min(len(family), rng.randint(1, 2))):
                    for m in rng.sample(members, min(len(members), rng.randint(3, 6))):
                        self.offend(post, m, "sexualising" if rng.random() < 0.7 else "filler", mean_hours=10)
                        self.interact(m, post, "save", 10)

    def lone_content(self) -> None:
        rng = self.rng
        ai_posts = [p for p in self.posts if p.kind == "ai_child"]
        family = [p for p in self.posts if p.kind == "family"]
        for lone in self.lone:
            plan = self.intended.get(lone, set())
            k = rng.randint(1, 3)
            cats = ["sexualising"] * k
            if "contact_move" in plan:
                cats.append("contact_move")
            if "generation_request" in plan:
                cats.append("generation_request")
            for cat in cats:
                if cat == "generation_request" or (ai_posts and (not family or rng.random() < 0.5)):
                    post = rng.choice(ai_posts)
                else:
                    post = rng.choice(family)
                self.offend(post, lone, cat, mean_hours=40)
                self.interact(lone, post, "view", 30)
                if rng.random() < 0.5:
                    self.interact(lone, post, "save", 30)
        for mover in self.solo_movers:
            for _ in range(rng.randint(1, 3)):
                post = rng.choice(family if family and rng.random() < 0.5 else ai_posts)
                if rng.random() < 0.3:
                    self.offend(post, mover, "filler", mean_hours=30)
                self.offend(post, mover, "contact_move", mean_hours=30)
                self.interact(mover, post, "view", 30)
        for req in self.solo_requesters:
            for _ in range(rng.randint(1, 3)):
                post = rng.choice(ai_posts)
                self.offend(post, req, "generation_request", mean_hours=30)
                self.interact(req, post, "like", 30)

    def dedicated_replies_and_bystanders(self) -> None:
        rng = self.rng
        harmful = self.harmful()
        by_post: dict[int, list[Comment]] = {}
        for c in self.comments:
            if c.author in harmful and c.parent is None:
                by_post.setdefault(c.post, []).append(c)
        for post in [p for p in self.posts if p.kind == "ai_child"]:
            for c in by_post.get(post.key, []):
                if rng.random() < 0.12:
                    if rng.random() < 0.35:
                        txt = rng.choice(T.DEDICATED_CONTACT_REPLIES)
                        self.comment(post, post.author, T.vary(txt, rng), "contact_move", parent=c, mean_hours=3)
                        self.roles["contact_mover"].add(post.author)
                        self.message(post.author, c.author, c.t + rng.randint(HOUR, DAY), rng.randint(1, 8))
                    else:
                        self.comment(post, post.author, T.vary(rng.choice(T.DEDICATED_REPLIES), rng), "benign",
                                     parent=c, mean_hours=3)
            for v in self.neighbours_or_random(post.author, rng.randint(5, 20), 0.3):
                self.interact(v, post, "view")
                if rng.random() < 0.25:
                    self.interact(v, post, "like")

    def reactions(self) -> None:
        """Parents answer offenders on their children's photos; counter-speakers object (some quoting the remark),
        and both report."""
        rng = self.rng
        harmful = self.harmful()
        by_post: dict[int, list[Comment]] = {}
        for c in self.comments:
            by_post.setdefault(c.post, []).append(c)
        offensive = [c for c in list(self.comments) if c.author in harmful and c.cat in ("sexualising", "contact_move")]
        for c in offensive:
            post = self.posts[c.post]
            if post.author == c.author:
                continue
            if post.kind == "family":
                parent = post.author
                plang = self.lang(parent)
                if rng.random() < 0.55:
                    tmpl = T.pick_gendered(T.PARENT_ANGRY, plang, post.gender, rng, 0.15)
                    quote = self.quotable(c.text)
                    txt = T.fill(tmpl, rng, q=quote, age=str(post.child_age or 6))
                    txt = T.vary(txt, rng, keep=quote, tone="angry")
                    self.comment(post, parent, txt, "counter_speech", parent=c, mean_hours=2)
                    self.add_neg("parent_objecting", parent)
                if rng.random() < 0.6:
                    self.report(parent, c, rng.choice(T.REPORT_REASONS_CHILD))
                if rng.random() < 0.35:
                    self.counter_speech(post, c, by_post)
            elif post.kind == "ai_child" and rng.random() < 0.08:
                self.counter_speech(post, c, by_post)
        for cs in self.counter:
            ai_posts = [p for p in self.posts if p.kind == "ai_child"]
            if ai_posts and rng.random() < 0.6:
                post = rng.choice(ai_posts)
                txt = T.pick(T.COUNTER_PLAIN, self.lang(cs), rng)
                self.comment(post, cs, T.vary(txt, rng, tone="angry"), "counter_speech", mean_hours=48)
                self.report(cs, post.author, "child_sexualisation")
                self.report(cs, post, "child_sexualisation")

    def quotable(self, remark: str) -> str:
        words = remark.split()
        core = [w for w in words if any(ch.isalnum() for ch in w)]
        return " ".join(core) if core else remark

    def counter_speech(self, post: Post, c: Comment, by_post: dict[int, list[Comment]]) -> None:
        rng = self.rng
        relatives = sorted({x.author for x in by_post.get(post.key, []) if x.cat == "family"})
        speaker = rng.choice(relatives) if relatives and rng.random() < 0.35 else rng.choice(self.counter)
        lang = self.lang(speaker)
        if rng.random() < 0.55:
            quote = self.quotable(c.text)
            txt = T.vary(T.fill(T.pick(T.COUNTER_QUOTES, lang, rng), rng, q=quote), rng, keep=quote, tone="angry")
        else:
            txt = T.vary(T.pick(T.COUNTER_PLAIN, lang, rng), rng, tone="angry")
        self.comment(post, speaker, txt, "counter_speech", parent=c, mean_hours=6)
        self.add_neg("counter_speaker", speaker)
        if rng.random() < 0.7:
            self.report(speaker, c, rng.choice(T.REPORT_REASONS_CHILD))
        if rng.random() < 0.3:
            self.report(speaker, c.author, "child_sexualisation")

    def report(self, reporter: int, subject: Comment | Post | int, reason: str, text: str | None = None) -> None:
        rng = self.rng
        if isinstance(subject, Comment):
            base, ref = subject.t, ("comment", subject.key)
        elif isinstance(subject, Post):
            base, ref = subject.t, ("post", subject.key)
        else:
            base, ref = rng.randint(T_START, T_END), ("account", subject)
        if text is None and rng.random() < 0.5:
            text = T.pick(T.REPORT_TEXTS, self.lang(reporter), rng)
        self.reports.append({"reporter": reporter, "subject": ref, "reason": reason, "t": self.after(base, 20),
                             "text": text})

    def noise_reports(self) -> None:
        rng = self.rng
        benign = [c for c in self.comments if c.cat in ("benign", "compliment")]
        creator_posts = [self.posts[k] for cr in self.creators for k in self.posts_by.get(cr, [])]
        for _ in range(max(3, round(30 * self.scale))):
            r = rng.random()
            reporter = rng.randrange(self.n)
            if r < 0.5 and benign:
                self.report(reporter, rng.choice(benign), rng.choice(["spam", "harassment", "other"]))
            elif r < 0.75 and creator_posts:
                self.report(reporter, rng.choice(creator_posts), rng.choice(["nudity", "spam", "other"]))
            else:
                self.report(reporter, rng.randrange(self.n), rng.choice(["spam", "impersonation", "other"]))

    def contact_edges(self) -> None:
        """Each move to private messages is followed by message edges: to the poster, or to other commenters."""
        rng = self.rng
        harmful = self.harmful()
        by_post: dict[int, list[Comment]] = {}
        for c in self.comments:
            by_post.setdefault(c.post, []).append(c)
        for c in [c for c in self.comments if c.cat == "contact_move" and c.author != self.posts[c.post].author]:
            post = self.posts[c.post]
            others = sorted({x.author for x in by_post[c.post] if x.author != c.author and x.author in harmful})
            t = c.t + rng.randint(5 * 60, 2 * DAY)
            to_poster = post.kind == "family" or rng.random() < 0.5 or not others
            if to_poster:
                self.message(c.author, post.author, t, rng.randint(1, 3))
                if post.author in self.roles["dedicated"] and rng.random() < 0.6:
                    self.message(post.author, c.author, t + rng.randint(HOUR, DAY), rng.randint(1, 10))
            for o in rng.sample(others, min(len(others), rng.randint(0 if to_poster else 1, 3))):
                self.message(c.author, o, t + rng.randint(0, DAY), rng.randint(1, 20))
                if rng.random() < 0.6:
                    self.message(o, c.author, t + rng.randint(HOUR, 3 * DAY), rng.randint(1, 20))

    def background_messages(self) -> None:
        rng = self.rng
        for _ in range(round(self.n * 0.45)):
            a = rng.randrange(self.n)
            if not self.nbrs[a]:
                continue
            b = rng.choice(self.nbrs[a])
            t = rng.randint(T_START, T_END)
            self.message(a, b, t, rng.randint(1, 80))
            if rng.random() < 0.75:
                self.message(b, a, t + rng.randint(60, DAY), rng.randint(1, 80))

    def build(self) -> None:
        self.make_accounts()
        self.assign_roles()
        self.make_follows()
        self.dedicated_content()
        self.family_content()
        self.young_adult_content()
        self.artist_content()
        self.creator_content()
        self.background_content()
        self.ring_content()
        self.lone_content()
        self.dedicated_replies_and_bystanders()
        self.reactions()
        self.contact_edges()
        self.background_messages()
        self.noise_reports()

    # ------------------------------------------------------------------------------------------- output

    def assign_ids(self) -> None:
        rng = random.Random(f"harrier-independent-ids:{self.seed}")
        digits = 5 if self.n <= 40_000 else 7
        nums = rng.sample(range(10 ** (digits - 1), 10**digits), self.n)
        self.account_id = [f"u{v}" for v in nums]
        self.post_order = sorted(self.posts, key=lambda p: (p.t, p.key))
        self.post_id: dict[int, str] = {}
        v = rng.randint(3_000_000, 4_000_000)
        for p in self.post_order:
            v += rng.randint(1, 97)
            self.post_id[p.key] = f"p{v}"
        self.comment_order = sorted(self.comments, key=lambda c: (c.t, c.key))
        self.comment_id: dict[int, str] = {}
        v = rng.randint(50_000_000, 60_000_000)
        for c in self.comment_order:
            v += rng.randint(1, 53)
            self.comment_id[c.key] = f"c{v}"

    def write(self, out: Path, platform: str) -> dict[str, object]:
        out.mkdir(parents=True, exist_ok=True)
        media_dir = out / "media"
        if media_dir.exists():
            shutil.rmtree(media_dir)
        media_dir.mkdir()
        self.assign_ids()
        aid = self.account_id

        accounts = []
        for acc in self.accounts:
            row: dict[str, object] = {"id": aid[acc.idx], "handle": acc.handle}
            if acc.display_name:
                row["display_name"] = acc.display_name
            if acc.bio:
                row["bio"] = acc.bio
            row["created_at"] = iso(acc.created)
            row["profile_url"] = f"{PLATFORM_HOST}/@{acc.handle}"
            if acc.declared_age is not None:
                row["declared_age"] = acc.declared_age
            accounts.append(row)
        accounts.sort(key=lambda r: str(r["id"]))
        _write_jsonl(out / "accounts.jsonl", accounts)

        posts = []
        ai_media: dict[str, str] = {}
        for p in self.post_order:
            pid = self.post_id[p.key]
            row = {"id": pid, "author_id": aid[p.author], "created_at": iso(p.t)}
            if p.caption:
                row["caption"] = p.caption
            if p.hashtags:
                row["hashtags"] = p.hashtags
            if p.labels:
                row["platform_labels"] = p.labels
            media = []
            for i, spec in enumerate(p.images):
                enc = self.render(spec, p, i)
                rel = f"media/{pid}_{i}.{enc.ext}"
                (out / rel).write_bytes(enc.data)
                media.append({"id": f"{pid}-{i}", "type": "image", "path": rel, "sha256": enc.sha256})
            if media:
                row["media"] = media
            row["url"] = f"{PLATFORM_HOST}/p/{pid[1:]}"
            if p.ai_mode is not None:
                ai_media[pid] = p.ai_mode
            posts.append(row)
        _write_jsonl(out / "posts.jsonl", posts)

        comments = []
        for c in self.comment_order:
            row = {"id": self.comment_id[c.key], "post_id": self.post_id[c.post], "author_id": aid[c.author]}
            if c.parent is not None:
                row["parent_id"] = self.comment_id[c.parent]
            row["created_at"] = iso(c.t)
            row["text"] = c.text
            comments.append(row)
        _write_jsonl(out / "comments.jsonl", comments)

        follows = sorted(({"follower_id": aid[a], "followee_id": aid[b], "created_at": iso(t)}
                          for (a, b), t in self.follows.items()), key=lambda r: (r["follower_id"], r["followee_id"]))
        _write_jsonl(out / "follows.jsonl", follows)

        interactions = sorted(({"account_id": aid[a], "post_id": self.post_id[p], "kind": k, "created_at": iso(t)}
                               for (a, p, k), t in self.interactions.items()),
                              key=lambda r: (r["account_id"], r["post_id"], r["kind"]))
        _write_jsonl(out / "interactions.jsonl", interactions)

        messages = sorted(({"sender_id": aid[a], "recipient_id": aid[b], "created_at": iso(t), "count": n}
                           for (a, b, t), n in self.messages.items()),
                          key=lambda r: (r["sender_id"], r["recipient_id"], r["created_at"]))
        _write_jsonl(out / "message_edges.jsonl", messages)

        reports = []
        for rep in sorted(self.reports, key=lambda r: (int(r["t"]), int(r["reporter"]))):  # type: ignore[call-overload]
            kind, ref = rep["subject"]  # type: ignore[misc]
            subject = {"comment": self.comment_id, "post": self.post_id}.get(kind)
            row = {"id": "", "subject_type": kind, "subject_id": subject[ref] if subject else aid[ref],
                   "reason": rep["reason"], "reporter_id": aid[int(rep["reporter"])], "created_at": iso(int(rep["t"]))}  # type: ignore[call-overload]
            if rep["text"]:
                row["text"] = rep["text"]
            reports.append(row)
        for i, row in enumerate(reports):
            row["id"] = f"r{100_000 + i * 7 + 3}"
        _write_jsonl(out / "reports.jsonl", reports)

        manifest = {"format_version": "1", "platform": platform, "exported_at": iso(EXPORTED_AT)}
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

        truth = self.truth(platform, ai_media)
        (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return truth

    def render(self, spec: ImageSpec, post: Post, i: int) -> M.Encoded:
        rng = random.Random(f"harrier-independent-image:{self.seed}:{post.key}:{i}")
        size = spec.size
        if spec.kind == "family":
            img = M.family_photo(rng, size, spec.faces, spec.adult)
        elif spec.kind == "ai_child":
            img = M.ai_child_image(rng, size, spec.faces[0])
        elif spec.kind == "selfie":
            img = M.selfie(rng, size, spec.faces[0])
        elif spec.kind == "ai_adult":
            img = M.ai_adult_portrait(rng, size, spec.faces[0])
        elif spec.kind == "ai_landscape":
            img = M.ai_landscape(rng, size)
        elif spec.kind == "food":
            img = M.food_photo(rng, size)
        else:
            img = M.place_photo(rng, size)
        a1111 = M.a1111_parameters(rng, spec.prompt, size) if spec.prompt else None
        xmp = M.xmp_packet(rng, spec.xmp, None if spec.xmp == M.TRAINED_ALGORITHMIC else "Adobe Lightroom 7.1") \
            if spec.xmp else None
        return M.encode(img, rng, fmt=spec.fmt, a1111=a1111, xmp=xmp, camera=spec.camera,
                        when=iso(post.t - rng.randint(60, 3 * DAY)) if spec.camera else None)

    def truth(self, platform: str, ai_media: dict[str, str]) -> dict[str, object]:
        aid = self.account_id

        def ids(members: Iterable[int]) -> list[str]:
            return sorted(aid[m] for m in set(members))

        harmful = self.harmful()
        roles = {r: ids(self.roles[r]) for r in OFFENDER_ROLES}
        rings = {f"ring-{chr(ord('a') + i)}": ids(m) for i, m in enumerate(self.rings)}
        neg_roles = {r: ids(set(m) - harmful) for r, m in sorted(self.neg.items())}
        hard = sorted({a for members in neg_roles.values() for a in members})
        cats = ("sexualising", "contact_move", "generation_request", "counter_speech")
        comment_truth = {cat: sorted(self.comment_id[c.key] for c in self.comments
                                     if c.cat == cat and (cat == "counter_speech" or c.author in harmful))
                         for cat in cats}
        planted = harmful.union(*self.neg.values())
        languages = {aid[i]: self.accounts[i].lang for i in sorted(planted)}
        return {
            "platform": platform,
            "harmful": ids(harmful),
            "roles": roles,
            "rings": rings,
            "hard_negative": hard,
            "hard_negative_roles": neg_roles,
            "comments": comment_truth,
            "ai_media": dict(sorted(ai_media.items())),
            "languages": dict(sorted(languages.items())),
            "generator": {
                "name": "harrier.independent", "seed": self.seed, "accounts": self.n,
                "faces": "real" if self.faces.real else "drawn", "phrases": self.phrases_name,
                "counts": {"posts": len(self.posts), "images": self.images_used, "comments": len(self.comments),
                           "follows": len(self.follows), "interactions": len(self.interactions),
                           "message_edges": len(self.messages), "reports": len(self.reports)},
            },
        }


def _write_jsonl(path: Path, rows: Iterable[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def default_faces_dir() -> Path | None:
    """``HARRIER_FACES_DIR`` when set (``none`` or empty: drawn faces), else the shared fixtures if present."""
    env = os.environ.get("HARRIER_FACES_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "none", "0", "off") else Path(env)
    return DEFAULT_FACES if (DEFAULT_FACES / "labels.csv").is_file() else None


# a real-phrasing file's harmful categories -> the generator's remark kinds they stand in for
PHRASE_KINDS = {"sexualising": "sexualising", "desire": "sexualising", "abuse": "sexualising",
                "contact_move": "contact_move", "generation_request": "generation_request"}


def load_phrases(path: Path) -> dict[str, dict[str, list[str]]]:
    """Harmful remarks of a real-phrasing file (data/eval/README.md format) by remark kind and language. Those said
    with no post are used too: on this platform every offender's remark sits under a post. Read here rather than
    with ``harrier.evaluation.phrasings.load``: this package imports nothing from Harrier (its author wrote it
    without Harrier's code), and only needs three fields."""
    out: dict[str, dict[str, list[str]]] = {}
    for no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            kind = PHRASE_KINDS.get(d["category"]) if d["label"] == "harmful" else None
            if kind:
                out.setdefault(kind, {}).setdefault(d["lang"], []).append(d["text"])
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{path}:{no}: not a real-phrasing line ({e})") from e
    if not out:
        raise ValueError(f"{path}: no harmful remark of a known category")
    return out


def generate(out: Path, seed: int, *, n_accounts: int = 8000, graph: Path | None = None,
             faces_dir: Path | None = None, phrases: Path | None = None) -> dict[str, object]:
    """Write an evaluation platform for ``seed`` into ``out`` (export files, ``media/``, ``truth.json``) and
    return the truth. ``faces_dir`` defaults to :func:`default_faces_dir`; ``graph`` to the shipped Deezer graph.
    ``phrases``: a real-phrasing file whose harmful remarks replace the generator's own offender remarks
    (``load_phrases``), so that the platform measures accounts found through words its author did not write."""
    builder = Builder(seed, n_accounts, graph, faces_dir if faces_dir is not None else default_faces_dir(), phrases)
    builder.build()
    return builder.write(Path(out), f"independent-seed{seed}")
