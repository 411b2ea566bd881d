"""Generate an evaluation platform export (docs/FORMAT.md) with planted offenders, hard negatives and a truth file.

Written from the export format and a plain description of behaviours only (see README.md beside this file).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harrier.independent_b import texts as T
from harrier.independent_b.graph import load_edges, snowball, synthetic
from harrier.independent_b.images import FaceBank, Painter, encode

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
DEFAULT_GRAPH = SHARED / "fixtures" / "graphs" / "deezer_europe" / "deezer_europe_edges.csv"
DEFAULT_FACES = SHARED / "fixtures" / "faces"

START = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
END = int(datetime(2025, 11, 30, tzinfo=UTC).timestamp())
DAY = 86400
HOUR = 3600

OFFENDER_ROLES = ("dedicated", "ring_member", "lone_commenter", "contact_mover", "generation_requester")
HN_ROLES = ("parent", "relative", "young_looking_adult", "ai_artist_adults", "ai_art_fan", "counter_speaker",
            "brand", "benign_odd_commenter", "flirty_adult_commenter")
MARKS = ("platform_label", "png_a1111", "png_comfyui", "png_novelai", "jpeg_exif_software", "jpeg_xmp_dst",
         "webp_xmp_dst", "caption")
MARK_NAME = {"platform_label": "platform_label", "png_a1111": "png_parameters", "png_comfyui": "png_comfyui_prompt",
             "png_novelai": "png_novelai_software", "jpeg_exif_software": "exif_software",
             "jpeg_xmp_dst": "xmp_digital_source_type", "webp_xmp_dst": "xmp_digital_source_type",
             "caption": "caption_hashtag"}
CHILD_NAMES = ["Lily", "Mia", "Emma", "Sofi", "Lina", "Nina", "Zoe", "Ella", "Lucy", "Anna", "Mila", "Rosie", "Leo",
               "Noah", "Finn"]
OUTFITS = ["summer dress", "school uniform", "pink hoodie", "flower crown", "yellow raincoat", "ballet outfit",
           "denim overalls", "princess costume"]
SETTINGS = ["flower field", "beach at sunset", "bedroom with fairy lights", "park", "swimming pool", "classroom",
            "garden", "birthday party"]


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return "".join(c for c in s.lower() if c.isalnum() or c in "._")


def resolve_faces(faces: str | None) -> Path | None:
    choice = faces if faces is not None else os.environ.get("HARRIER_FACES_DIR")
    if choice is not None:
        if choice.strip().lower() in ("none", ""):
            return None
        return Path(choice)
    return DEFAULT_FACES if DEFAULT_FACES.is_dir() else None


class Gen:
    def __init__(self, out: Path, seed: int, n: int, faces: str | None, graph: str | None) -> None:
        self.out = out
        self.seed = seed
        self.n = n
        self.rng = random.Random(seed)
        self.scale = n / 8000
        self.faces = FaceBank(resolve_faces(faces), random.Random(seed + 1))
        self.painter = Painter(seed + 2, self.faces)
        self.graph_arg = graph
        self.used_ids: dict[str, set[int]] = {}
        self.accounts: list[dict[str, Any]] = []
        self.posts: list[dict[str, Any]] = []
        self.comments: list[dict[str, Any]] = []
        self.comment_by_id: dict[str, dict[str, Any]] = {}
        self.follows: dict[tuple[int, int], int] = {}
        self.inter: dict[tuple[int, str, str], int] = {}
        self.msgs: dict[tuple[int, int, int], int] = {}
        self.reports: list[dict[str, Any]] = []
        self.roles: dict[str, list[int]] = {r: [] for r in OFFENDER_ROLES}
        self.hn: dict[str, list[int]] = {r: [] for r in HN_ROLES}
        self.planted: dict[str, list[str]] = {"sexualising": [], "contact_move": [], "generation_request": [],
                                              "counter_speech": [], "benign_lookalike": []}
        self.ai_media: dict[str, str] = {}
        self.rings: dict[str, list[int]] = {}
        self.mistaken_reports: list[str] = []
        self.media_files = 0

    # --- helpers -----------------------------------------------------------------------------------------------
    def new_id(self, prefix: str, digits: int) -> str:
        used = self.used_ids.setdefault(prefix, set())
        while True:
            v = self.rng.randrange(10 ** (digits - 1), 10**digits)
            if v not in used:
                used.add(v)
                return f"{prefix}{v}"

    def scaled(self, lo: int, hi: int, minimum: int) -> int:
        return max(minimum, round(self.rng.randint(lo, hi) * self.scale))

    def aid(self, i: int) -> str:
        return self.accounts[i]["id"]

    # --- graph -------------------------------------------------------------------------------------------------
    def build_graph(self) -> None:
        rng = self.rng
        edges_local: list[tuple[int, int]]
        if self.graph_arg and self.graph_arg != "synthetic" and not Path(self.graph_arg).is_file():
            raise FileNotFoundError(f"--graph: no such file: {self.graph_arg}")
        path = DEFAULT_GRAPH if not self.graph_arg or self.graph_arg == "synthetic" else Path(self.graph_arg)
        if self.graph_arg != "synthetic" and path.is_file():
            edges = load_edges(path)
            nodes, edges_local = snowball(edges, self.n, rng)
            self.graph_source = "deezer_europe" if path.resolve() == DEFAULT_GRAPH.resolve() else path.name
            self.src_nodes = nodes
            m = len(nodes)
            if m < self.n:  # graph smaller than asked: attach the rest preferentially
                deg_list = [a for e in edges_local for a in e] or [0]
                for v in range(m, self.n):
                    for _ in range(rng.randint(1, 4)):
                        u = rng.choice(deg_list) if deg_list else 0
                        if u != v:
                            edges_local.append((min(u, v), max(u, v)))
                            deg_list += [u, v]
                edges_local = sorted(set(edges_local))
        else:
            self.graph_source = "synthetic"
            self.src_nodes = []
            edges_local = synthetic(self.n, rng)
        self.adj: list[set[int]] = [set() for _ in range(self.n)]
        for a, b in edges_local:
            if a != b:
                self.adj[a].add(b)
                self.adj[b].add(a)
        self.nbr: list[list[int]] = [sorted(s) for s in self.adj]
        self.graph_edges = len(edges_local)

    def assign_languages(self) -> None:
        rng = self.rng
        self.lang: list[str] = []
        for i in range(self.n):
            prev = [j for j in self.nbr[i] if j < i]
            if prev and rng.random() < 0.65:
                self.lang.append(self.lang[rng.choice(prev)])
            else:
                self.lang.append(rng.choices(T.LANGS, T.LANG_WEIGHTS)[0])

    # --- roles -------------------------------------------------------------------------------------------------
    def assign_roles(self) -> None:
        rng = self.rng
        free = list(range(self.n))
        rng.shuffle(free)
        taken: set[int] = set()

        def take(k: int, prefer: list[int] | None = None) -> list[int]:
            got: list[int] = []
            for i in prefer or []:
                if len(got) >= k:
                    break
                if i not in taken:
                    taken.add(i)
                    got.append(i)
            while len(got) < k and free:
                i = free.pop()
                if i not in taken:
                    taken.add(i)
                    got.append(i)
            return got

        n_ded = self.scaled(6, 12, 2)
        n_lone = self.scaled(10, 16, 2)
        n_contact = self.scaled(4, 7, 1)
        n_gen = self.scaled(4, 7, 1)
        total = self.scaled(45, 58, 0)
        budget = max(5, total - n_ded - n_lone - n_contact - n_gen)
        max_rings = max(1, min(3, budget // 5))
        n_rings = rng.randint(min(2, max_rings), max_rings)
        sizes = [5] * n_rings
        for _ in range(budget - 5 * n_rings):
            k = rng.randrange(n_rings)
            if sizes[k] < 25:
                sizes[k] += 1
        self.roles["dedicated"] = take(n_ded)
        ring_members: list[int] = []
        for k, size in enumerate(sizes):
            members = take(size)
            self.rings[f"ring-{chr(97 + k)}"] = members
            ring_members += members
        self.roles["ring_member"] = ring_members
        self.roles["lone_commenter"] = take(n_lone)
        self.contact_only = take(n_contact)
        self.gen_only = take(n_gen)
        # ring members who also move contact / ask for the generator
        self.ring_contact = sorted(i for i in ring_members if rng.random() < 0.3)
        self.ring_gen = sorted(i for i in ring_members if rng.random() < 0.2)
        self.ded_contact = sorted(i for i in self.roles["dedicated"] if rng.random() < 0.45)
        # targets: each ring gets its own dedicated accounts; some dedicated are targeted by no ring
        ded = self.roles["dedicated"][:]
        rng.shuffle(ded)
        spare = 1 if len(ded) > n_rings + 1 else 0
        if len(ded) > n_rings + 3:
            spare = rng.randint(1, 2)
        pool = ded[spare:]
        self.ring_targets: dict[str, list[int]] = {r: [] for r in self.rings}
        for j, d in enumerate(pool):
            self.ring_targets[list(self.rings)[j % n_rings]].append(d)

        # hard negatives
        self.hn["parent"] = take(self.scaled(80, 100, 4))
        self.relatives_of: dict[int, list[int]] = {}
        relatives: list[int] = []
        for p in self.hn["parent"]:
            want = rng.choice([1, 1, 2, 2, 3])
            cands = [j for j in self.nbr[p] if j not in taken]
            rng.shuffle(cands)
            got = take(want, cands) if rng.random() < 0.85 else []
            if not got and relatives and rng.random() < 0.5:
                got = [rng.choice(relatives)]  # a grandparent shared with a sibling
            if not got:
                got = take(1)
            self.relatives_of[p] = got
            relatives += [g for g in got if g not in relatives]
        self.hn["relative"] = relatives
        self.hn["young_looking_adult"] = take(self.scaled(40, 50, 2))
        self.hn["ai_artist_adults"] = take(self.scaled(12, 18, 1))
        self.hn["ai_art_fan"] = take(self.scaled(20, 30, 2))
        self.hn["counter_speaker"] = take(self.scaled(16, 24, 2))
        self.hn["brand"] = take(self.scaled(8, 12, 1))
        self.hn["benign_odd_commenter"] = take(self.scaled(25, 35, 2))
        self.hn["flirty_adult_commenter"] = take(self.scaled(15, 25, 2))
        self.role_of: dict[int, str] = {}
        for r, ids in list(self.roles.items()) + [("contact_mover", self.contact_only),
                                                   ("generation_requester", self.gen_only)]:
            for i in ids:
                self.role_of.setdefault(i, r)
        for r, ids in self.hn.items():
            for i in ids:
                self.role_of.setdefault(i, r)
        self.offenders = set(self.roles["dedicated"]) | set(ring_members) | set(self.roles["lone_commenter"]) | set(
            self.contact_only) | set(self.gen_only)
        # languages: lone commenters, contact movers and generation requesters cover all languages
        for group in (self.roles["lone_commenter"], self.contact_only, self.gen_only, self.roles["dedicated"]):
            start = rng.randrange(len(T.LANGS))
            for k, i in enumerate(group):
                self.lang[i] = T.LANGS[(start + k) % len(T.LANGS)]
        for members in self.rings.values():
            main = rng.choices(T.LANGS, T.LANG_WEIGHTS)[0]
            for i in members:
                if rng.random() < 0.6:
                    self.lang[i] = main
        # no follows among offenders except the planted ones
        for i in self.offenders:
            for j in list(self.adj[i]):
                if j in self.offenders:
                    self.adj[i].discard(j)
                    self.adj[j].discard(i)
        self.nbr = [sorted(s) for s in self.adj]

    # --- accounts ----------------------------------------------------------------------------------------------
    def make_accounts(self) -> None:
        rng = self.rng
        handles: set[str] = set()
        ids = rng.sample(range(10_000_000, 99_999_999), self.n)
        ded_handles = T.DEDICATED_HANDLES[:]
        rng.shuffle(ded_handles)
        for i in range(self.n):
            lang = self.lang[i]
            role = self.role_of.get(i, "ordinary")
            first, last = rng.choice(T.FIRST[lang]), rng.choice(T.LAST[lang])
            if role == "dedicated":
                base = ded_handles.pop() if ded_handles else f"ai_cuties_{rng.randint(1, 99)}"
            elif role == "brand":
                base = rng.choice(["minimoda", "littlethreads", "kidsboutique", "tinytoes", "petitpas", "bimbishop",
                                   "kleinundfein", "ninosfelices"]) + rng.choice(["", "_shop", ".store", "_official"])
            elif (role == "ring_member" and rng.random() < 0.25) or rng.random() < 0.004:
                base = rng.choice(T.ODD_HANDLE_WORDS) + str(rng.randint(1, 99))
            else:
                style = rng.randrange(5)
                f, la = ascii_fold(first), ascii_fold(last)
                if style == 0:
                    base = f"{f}.{la}"
                elif style == 1:
                    base = f"{f}{rng.randint(1, 2005)}"
                elif style == 2:
                    base = f"{f}_{rng.choice(T.HANDLE_WORDS)}"
                elif style == 3:
                    base = f"{rng.choice(T.HANDLE_WORDS)}_{f}{rng.randint(0, 99)}"
                else:
                    base = f"{f[0]}{la}"
            h = ascii_fold(base) or f"user{i}"
            while h in handles:
                h = f"{h}{rng.randint(0, 9)}"
            handles.add(h)
            if role == "dedicated":
                created = START - rng.randint(30, 240) * DAY
            elif role == "brand":
                created = START - rng.randint(400, 2000) * DAY
            else:
                created = START - rng.randint(60, 4500) * DAY
            acc: dict[str, Any] = {"id": f"u{ids[i]}", "handle": h, "created_at": iso(created)}
            r = rng.random()
            if role == "brand":
                acc["display_name"] = h.split("_")[0].split(".")[0].capitalize()
            elif role == "dedicated":
                acc["display_name"] = rng.choice(["✨ Sweet Dreams AI ✨", "Little Muse", "🎀 Cuties 🎀", "AI Gallery",
                                                  rng.choice(CHILD_NAMES) + " & friends 💕"])
            elif r < 0.6:
                acc["display_name"] = f"{first} {last}"
            elif r < 0.85:
                acc["display_name"] = first + rng.choice(["", " ✨", " 🌸", " ⚽", ""])
            bio_pool = {"parent": "parent", "dedicated": "dedicated", "counter_speaker": "counter_speaker",
                        "brand": "brand", "ai_artist_adults": "ai_artist", "young_looking_adult": "young"}.get(role)
            if bio_pool:
                acc["bio"] = T.pick(T.BIOS[bio_pool], lang, rng).replace("{h}", h.replace(".", "_") + "_vip")
            elif rng.random() < 0.6:
                b = T.pick(T.BIOS["ordinary"], lang, rng)
                if b:
                    acc["bio"] = b
            if rng.random() < 0.7:
                acc["profile_url"] = f"https://social.example/{h}"
            age: int | None = None
            if role == "young_looking_adult":
                age = rng.randint(18, 25)
            elif role == "parent":
                age = rng.randint(27, 46) if rng.random() < 0.7 else None
            elif role == "relative":
                age = rng.randint(45, 82) if rng.random() < 0.6 else None
            elif role in ("brand", "dedicated"):
                age = None if rng.random() < 0.7 else rng.randint(25, 40)
            elif rng.random() < 0.55:
                age = min(90, 18 + int(rng.expovariate(1 / 14)))
            if age is not None:
                acc["declared_age"] = age
            acc["_created"] = created
            self.accounts.append(acc)

    # --- follows -----------------------------------------------------------------------------------------------
    def follow(self, a: int, b: int) -> None:
        if a == b or (a, b) in self.follows:
            return
        lo = max(self.accounts[a]["_created"], self.accounts[b]["_created"])
        self.follows[(a, b)] = self.rng.randint(lo, max(lo + 1, END - DAY))

    def make_follows(self) -> None:
        rng = self.rng
        for a in range(self.n):
            for b in self.nbr[a]:
                if a < b:
                    r = rng.random()
                    if r < 0.8:
                        self.follow(a, b)
                        self.follow(b, a)
                    elif r < 0.9:
                        self.follow(a, b)
                    else:
                        self.follow(b, a)
        for name, members in self.rings.items():
            for a in members:
                for b in members:
                    if a != b and rng.random() < 0.7:
                        self.follow(a, b)
                for d in self.ring_targets[name]:
                    if rng.random() < 0.9:
                        self.follow(a, d)
                    if rng.random() < 0.2:
                        self.follow(d, a)
        ordinary = [i for i in range(self.n) if i not in self.role_of]
        for p, rels in self.relatives_of.items():
            for r in rels:
                self.follow(r, p)
                self.follow(p, r)
        for f in self.hn["ai_art_fan"]:
            for a in rng.sample(self.hn["ai_artist_adults"], min(len(self.hn["ai_artist_adults"]), rng.randint(1, 3))):
                self.follow(f, a)
        for d in self.roles["dedicated"]:
            for o in rng.sample(ordinary, min(len(ordinary), rng.randint(3, 25))):
                self.follow(o, d)
        for g in self.gen_only:
            if rng.random() < 0.5:
                self.follow(g, rng.choice(self.roles["dedicated"]))
        for x in self.hn["ai_artist_adults"] + self.hn["brand"] + self.hn["young_looking_adult"]:
            for o in rng.sample(ordinary, min(len(ordinary), rng.randint(5, 30))):
                self.follow(o, x)
        for b in self.hn["brand"]:
            for p in rng.sample(self.hn["parent"], min(len(self.hn["parent"]), rng.randint(2, 8))):
                self.follow(p, b)

    # --- posts -------------------------------------------------------------------------------------------------
    def setup_people(self) -> None:
        rng = self.rng
        fb = self.faces
        young_kids = fb.pool(0, 12)
        teens = fb.pool(13, 17)
        rng.shuffle(young_kids)
        n_chars_needed = sum(1 for _ in self.roles["dedicated"]) * 2
        k = max(1, min(n_chars_needed, len(young_kids) // 3))
        self.char_faces = young_kids[:k]
        self.family_kids = young_kids[k:] or young_kids
        self.teens = teens or self.family_kids
        self.adults = fb.pool(26, 75) or fb.pool(18, 120)
        self.young_adults = fb.pool(18, 25) or self.adults
        self.any_adults = fb.pool(18, 120)
        self.kids_of: dict[int, list[int]] = {}
        self.face_of: dict[int, int] = {}
        for p in self.hn["parent"]:
            n_kids = rng.choice([1, 1, 2, 2, 3])
            kids = [rng.choice(self.teens if rng.random() < 0.15 else self.family_kids) for _ in range(n_kids)]
            self.kids_of[p] = list(dict.fromkeys(kids))
        self.characters: dict[int, list[tuple[int, str, int]]] = {}
        for d in self.roles["dedicated"]:
            chars = []
            for _ in range(rng.choice([1, 1, 2, 3])):
                f = rng.choice(self.char_faces)
                chars.append((f, rng.choice(CHILD_NAMES), max(3, min(12, fb.faces[f].age))))
            self.characters[d] = chars
        # provenance habits per AI poster
        self.mark_habit: dict[int, tuple[list[str], float]] = {}
        ded = self.roles["dedicated"]
        for j, d in enumerate(ded):
            if j == 0 and len(ded) >= 4:
                self.mark_habit[d] = ([], 1.0)  # never marks
                continue
            methods = [MARKS[(j * 3 + s) % len(MARKS)] for s in range(rng.choice([1, 1, 2]))]
            self.mark_habit[d] = (methods, rng.choice([0.0, 0.1, 0.2, 0.3]))
        for j, a in enumerate(self.hn["ai_artist_adults"]):
            methods = [MARKS[(j * 5 + s) % len(MARKS)] for s in range(rng.choice([1, 2]))]
            self.mark_habit[a] = (methods, rng.choice([0.0, 0.1, 0.2]))

    def post_time(self, a: int) -> int:
        lo = max(START, self.accounts[a]["_created"] + DAY)
        return self.rng.randint(lo, END - 3 * DAY)

    def add_post(self, a: int, kind: str) -> dict[str, Any]:
        rng = self.rng
        lang = self.lang[a]
        pid = self.new_id("p", 10)
        t = self.post_time(a)
        post: dict[str, Any] = {"id": pid, "author_id": self.aid(a), "created_at": iso(t), "_t": t, "_a": a,
                                "_kind": kind}
        cap_kind = kind if kind in T.CAPTIONS else "food"
        tags_kind = kind if kind in T.HASHTAGS else "food"
        caption = ""
        if kind == "ai_child":
            face, name, age = rng.choice(self.characters[a])
            caption = T.pick(T.CAPTIONS["ai_child"], lang, rng)
            if rng.random() < 0.4:
                caption = f"{name} {rng.choice(['💕', '🎀', '✨', '🌸'])} {caption}"
        elif kind != "video" and rng.random() < 0.85:
            caption = T.pick(T.CAPTIONS[cap_kind], lang, rng)
            if kind not in ("psa", "product", "ai_adult", "ai_landscape"):
                caption = T.casual(caption, lang, rng) if rng.random() < 0.4 else caption
        tags: list[str] = []
        if rng.random() < (0.9 if kind in ("ai_child", "ai_adult", "ai_landscape", "psa", "product") else 0.35):
            pool = T.HASHTAGS[tags_kind]
            tags = rng.sample(pool, min(len(pool), rng.randint(1, 5)))
        labels: list[str] = []
        how = "jpeg_camera" if rng.random() < 0.45 else "jpeg"
        mark = ""
        prompt = ""
        if kind in ("ai_child", "ai_adult", "ai_landscape"):
            methods, unmarked = self.mark_habit.get(a, (["platform_label"], 0.0))
            chosen: list[str] = []
            if methods and rng.random() >= unmarked:
                chosen = [rng.choice(methods)]
                if len(methods) > 1 and rng.random() < 0.3:
                    chosen = methods[:]
                in_file = [m for m in chosen if m not in ("platform_label", "caption")]
                if len(in_file) > 1:  # one container carries one tool's metadata
                    keep = rng.choice(in_file)
                    chosen = [m for m in chosen if m == keep or m not in in_file]
            how = "jpeg" if rng.random() < 0.7 else "png"
            for m in chosen:
                if m == "platform_label":
                    labels.append("ai_generated")
                elif m == "caption":
                    if rng.random() < 0.5:
                        caption = (caption + " " + rng.choice(T.AI_CAPTION_SUFFIX)).strip()
                    tags = tags + [t for t in rng.sample(T.AI_HASHTAGS, 2) if t not in tags]
                else:
                    how = m
            mark = "+".join(dict.fromkeys(MARK_NAME[m] for m in chosen)) or "none"
            if kind == "ai_child":
                prompt = (f"photo of a cute little {'boy' if name in ('Leo', 'Noah', 'Finn') else 'girl'} named "
                          f"{name}, {age} years old, smiling, {rng.choice(OUTFITS)}, {rng.choice(SETTINGS)}, "
                          "soft light, photorealistic, highly detailed, 8k")
            elif kind == "ai_adult":
                prompt = rng.choice(["portrait of a woman in a neon cyberpunk city, rain, cinematic",
                                     "oil painting portrait of a bearded man, rembrandt lighting",
                                     "fantasy queen with golden crown, intricate, artstation",
                                     "1980s retro portrait, film grain, pastel colours"])
            else:
                prompt = rng.choice(["floating islands at dusk, volumetric light, fantasy landscape",
                                     "venice on mars, red dunes, canals, matte painting",
                                     "ancient city in the clouds, studio ghibli style"])
        if caption:
            post["caption"] = caption
        if tags:
            post["hashtags"] = tags
        if labels:
            post["platform_labels"] = labels
        if rng.random() < (0.35 if kind == "ai_child" else 0.12):
            post["sound"] = rng.choice(T.SOUNDS)
        if rng.random() < 0.5:
            post["url"] = f"https://social.example/p/{pid}"
        media: list[dict[str, Any]] = []
        if kind == "video":
            media.append({"id": self.new_id("v", 9), "type": "video", "url": f"https://cdn.social.example/v/{pid}.mp4"})
        elif kind != "text":
            n_img = 2 if kind in ("food", "landscape", "family", "ai_child") and rng.random() < 0.1 else 1
            for k in range(n_img):
                im = self.render(kind, a, rng, post)
                data, ext = encode(im, how, rng, prompt=prompt, when=datetime.fromtimestamp(t, UTC).strftime(
                    "%Y:%m:%d %H:%M:%S"))
                rel = f"media/{pid}_{k}.{ext}"
                (self.out / rel).write_bytes(data)
                self.media_files += 1
                media.append({"id": self.new_id("m", 10), "type": "image", "path": rel})
        if media:
            post["media"] = media
        if mark:
            self.ai_media[pid] = mark
        self.posts.append(post)
        return post

    def render(self, kind: str, a: int, rng: random.Random, post: dict[str, Any]) -> Any:
        p = self.painter
        if kind == "food" or kind == "text":
            return p.food(rng)
        if kind == "landscape":
            return p.landscape(rng)
        if kind == "pet":
            return p.pet(rng)
        if kind == "selfie":
            face = self.face_of.setdefault(a, rng.choice(self.adults))
            return p.people(rng, [face])
        if kind == "young_selfie":
            face = self.face_of.setdefault(a, rng.choice(self.young_adults))
            return p.people(rng, [face])
        if kind == "group":
            return p.people(rng, rng.sample(self.any_adults, min(len(self.any_adults), rng.randint(2, 4))))
        if kind == "family":
            kids = self.kids_of[a]
            chosen = rng.sample(kids, rng.randint(1, len(kids)))
            if rng.random() < 0.3:
                me = self.face_of.setdefault(a, rng.choice(self.adults))
                return p.people(rng, chosen + [me], child_faces=len(chosen))
            return p.people(rng, chosen, child_faces=len(chosen))
        if kind == "ai_child":
            face = rng.choice(self.characters[a])[0]
            return p.ai_portrait(rng, face, child=True)
        if kind == "ai_adult":
            return p.ai_portrait(rng, rng.choice(self.any_adults), child=False)
        if kind == "ai_landscape":
            return p.landscape(rng, 320, 400, fantasy=True)
        if kind == "product":
            return p.product(rng)
        if kind == "psa":
            return p.poster(rng, rng.choice(["REPORT|DON'T ENGAGE", "PROTECT|KIDS ONLINE", "SHARE|WITH CARE"]))
        return p.landscape(rng)

    def ordinary_kind(self) -> str:
        return self.rng.choices(["food", "landscape", "pet", "selfie", "group", "text", "video"],
                                [0.24, 0.24, 0.19, 0.17, 0.1, 0.03, 0.03])[0]

    def make_posts(self) -> None:
        rng = self.rng
        self.posts_by_kind: dict[str, list[dict[str, Any]]] = {}
        for a in range(self.n):
            role = self.role_of.get(a, "ordinary")
            kinds: list[str] = []
            if role == "parent":
                kinds = ["family" if rng.random() < 0.75 else self.ordinary_kind() for _ in range(rng.randint(3, 7))]
            elif role == "young_looking_adult":
                kinds = ["young_selfie" if rng.random() < 0.85 else self.ordinary_kind()
                         for _ in range(rng.randint(3, 6))]
            elif role == "ai_artist_adults":
                kinds = [rng.choice(["ai_adult", "ai_adult", "ai_landscape"]) for _ in range(rng.randint(5, 10))]
            elif role == "dedicated":
                share = 1.0 if rng.random() < 0.4 else 0.85
                kinds = ["ai_child" if rng.random() < share else rng.choice(["food", "landscape", "pet"])
                         for _ in range(rng.randint(8, 16))]
                if "ai_child" not in kinds:
                    kinds[0] = "ai_child"
            elif role == "counter_speaker":
                kinds = ["psa"] * rng.randint(1, 2) + [self.ordinary_kind() for _ in range(rng.randint(0, 3))]
            elif role == "brand":
                kinds = ["product"] * rng.randint(3, 5)
            elif rng.random() >= 0.4:
                kinds = [self.ordinary_kind() for _ in range(1 + min(11, int(rng.expovariate(1.0))))]
            for k in kinds:
                post = self.add_post(a, k)
                self.posts_by_kind.setdefault(k, []).append(post)

    # --- comments ----------------------------------------------------------------------------------------------
    def add_comment(self, post: dict[str, Any], a: int, text: str, t: int, parent: dict[str, Any] | None = None,
                    cat: str | None = None) -> dict[str, Any]:
        if parent is not None:
            t = max(t, parent["_t"] + 60)
        t = max(t, post["_t"] + 30)
        cid = self.new_id("c", 11)
        c: dict[str, Any] = {"id": cid, "post_id": post["id"], "author_id": self.aid(a), "created_at": iso(t),
                             "text": text, "_t": t, "_a": a, "_post": post}
        if parent is not None:
            c["parent_id"] = parent["id"]
        self.comments.append(c)
        self.comment_by_id[cid] = c
        post.setdefault("_comments", []).append(c)
        if cat:
            self.planted[cat].append(cid)
        return c

    def soon(self, post: dict[str, Any], hours: float = 72) -> int:
        return post["_t"] + int(self.rng.expovariate(1 / (hours * HOUR / 3))) + 60

    def text_lang(self, a: int, post: dict[str, Any]) -> str:
        r = self.rng.random()
        if r < 0.75:
            return self.lang[a]
        if r < 0.9:
            return self.lang[post["_a"]]
        return "en"

    def ordinary_comments(self) -> None:
        rng = self.rng
        cat_of = {"food": "food", "landscape": "landscape", "pet": "pet", "selfie": "selfie", "group": "group",
                  "young_selfie": "selfie", "family": "family_friend", "ai_adult": "ai_compliment",
                  "ai_landscape": "ai_compliment", "ai_child": "ai_child_naive"}
        for post in list(self.posts):
            a = post["_a"]
            kind = post["_kind"]
            nb = self.nbr[a]
            if kind == "ai_child":
                k = 1 if rng.random() < 0.3 else 0
            else:
                k = min(12, int(rng.expovariate(1 / 1.6)) + (1 if kind in ("family", "young_selfie") else 0))
            for _ in range(k):
                c = rng.choice(nb) if nb and rng.random() < 0.8 else rng.randrange(self.n)
                if c == a or (c in self.offenders and kind == "family"):
                    continue
                lang = self.text_lang(c, post)
                pool = T.COMMENTS[cat_of.get(kind, "generic")] if rng.random() < 0.6 else T.COMMENTS["generic"]
                if kind in ("family", "ai_child"):
                    pool = T.COMMENTS[cat_of[kind]]
                cm = self.add_comment(post, c, T.casual(T.pick(pool, lang, rng), lang, rng), self.soon(post))
                if rng.random() < 0.2:
                    self.add_comment(post, a, T.casual(T.pick(T.COMMENTS["thanks"], self.lang[a], rng),
                                                       self.lang[a], rng), cm["_t"] + rng.randint(60, DAY), cm)

    def family_comments(self) -> None:
        rng = self.rng
        fam = self.posts_by_kind.get("family", [])
        fam_by_parent: dict[int, list[dict[str, Any]]] = {}
        for p in fam:
            fam_by_parent.setdefault(p["_a"], []).append(p)
        for parent, posts in fam_by_parent.items():
            for post in posts:
                for r in self.relatives_of.get(parent, []):
                    if rng.random() < 0.65:
                        lang = self.lang[r]
                        cm = self.add_comment(post, r, T.casual(T.pick(T.COMMENTS["relative"], lang, rng), lang, rng),
                                              self.soon(post, 24))
                        if rng.random() < 0.3:
                            self.add_comment(post, parent, T.pick(T.COMMENTS["thanks"], self.lang[parent], rng),
                                             cm["_t"] + rng.randint(60, 6 * HOUR), cm)
        for o in self.hn["benign_odd_commenter"]:
            near = [p for j in self.nbr[o] for p in fam_by_parent.get(j, [])]
            cands = near if near and rng.random() < 0.7 else fam
            for post in rng.sample(cands, min(len(cands), rng.randint(1, 3))):
                lang = self.text_lang(o, post)
                cm = self.add_comment(post, o, T.casual(T.pick(T.COMMENTS["odd_benign"], lang, rng), lang, rng),
                                      self.soon(post), cat="benign_lookalike")
                if rng.random() < 0.4:
                    self.add_comment(post, post["_a"], T.pick(T.COMMENTS["thanks"], self.lang[post["_a"]], rng),
                                     cm["_t"] + rng.randint(60, 6 * HOUR), cm)
        for b in self.hn["brand"]:
            for post in rng.sample(fam, min(len(fam), rng.randint(2, 5))):
                lang = self.lang[post["_a"]] if rng.random() < 0.6 else self.lang[b]
                cm = self.add_comment(post, b, T.pick(T.COMMENTS["brand"], lang, rng), self.soon(post),
                                      cat="benign_lookalike")
                self.message(b, post["_a"], cm["_t"] + rng.randint(60, HOUR), rng.randint(1, 3))
                if rng.random() < 0.4:
                    self.message(post["_a"], b, cm["_t"] + rng.randint(HOUR, DAY), rng.randint(1, 4))
        young = self.posts_by_kind.get("young_selfie", [])
        for f in self.hn["flirty_adult_commenter"]:
            for post in rng.sample(young, min(len(young), rng.randint(2, 5))):
                lang = self.text_lang(f, post)
                self.add_comment(post, f, T.casual(T.pick(T.COMMENTS["flirty_adult"], lang, rng), lang, rng),
                                 self.soon(post), cat="benign_lookalike")
                if rng.random() < 0.3:
                    self.message(f, post["_a"], post["_t"] + rng.randint(HOUR, 3 * DAY), rng.randint(1, 12))
        for post in young:  # ordinary admirers too
            for _ in range(rng.randint(0, 2)):
                c = rng.randrange(self.n)
                if c in self.offenders or c == post["_a"]:
                    continue
                lang = self.text_lang(c, post)
                self.add_comment(post, c, T.casual(T.pick(T.COMMENTS["flirty_adult"], lang, rng), lang, rng),
                                 self.soon(post))
        ai_art = self.posts_by_kind.get("ai_adult", []) + self.posts_by_kind.get("ai_landscape", [])
        for f in self.hn["ai_art_fan"]:
            for post in rng.sample(ai_art, min(len(ai_art), rng.randint(2, 5))):
                lang = self.text_lang(f, post)
                cm = self.add_comment(post, f, T.casual(T.pick(T.COMMENTS["gen_benign"], lang, rng), lang, rng),
                                      self.soon(post), cat="benign_lookalike")
                if rng.random() < 0.5:
                    self.add_comment(post, post["_a"], rng.choice(
                        ["SDXL + my own lora 🙂", "Midjourney v6, prompt in the alt text", "thanks! flux dev",
                         "danke! SDXL", "merci ! Midjourney"]), cm["_t"] + rng.randint(60, DAY), cm)

    def harmful_text(self, kind: str, a: int, post: dict[str, Any]) -> str:
        rng = self.rng
        lang = self.lang[a] if rng.random() < 0.7 else "en"
        pool = {"sexualising": T.SEXUALISING, "contact_move": T.CONTACT_MOVE,
                "generation_request": T.GENERATION_REQUEST}[kind]
        text = rng.choice(pool[lang])
        if "{h}" in text:
            text = text.replace("{h}", self.accounts[a]["handle"].replace(".", "_")[:10] + rng.choice(
                ["_x", "_priv", "2", "_tg", ""]))
        r = rng.random()
        if r < 0.35:
            text = T.obfuscate(text, rng)
        elif r < 0.55:
            text = T.casual(text, lang, rng)
        return text

    def offender_comments(self) -> None:
        rng = self.rng
        ai_child = self.posts_by_kind.get("ai_child", [])
        fam = self.posts_by_kind.get("family", [])
        ded_posts: dict[int, list[dict[str, Any]]] = {}
        for p in self.posts:
            if p["_a"] in self.characters:
                ded_posts.setdefault(p["_a"], []).append(p)
        self.harmful_on_family: list[dict[str, Any]] = []
        ring_contact = set(self.ring_contact)
        ring_gen = set(self.ring_gen)
        wrote: dict[str, set[int]] = {"contact_move": set(), "generation_request": set()}
        for name, members in self.rings.items():
            targets = [p for d in self.ring_targets[name] for p in ded_posts.get(d, [])]
            activity = {m: rng.uniform(0.25, 0.75) for m in members}
            for post in targets:
                is_ai = post["_kind"] == "ai_child"
                on_post: list[dict[str, Any]] = []
                for m in members:
                    self.interact(m, post, "view")
                    if rng.random() < 0.9:
                        self.interact(m, post, "like")
                    if is_ai and rng.random() < 0.5:
                        self.interact(m, post, "save")
                    if not is_ai or rng.random() >= activity[m]:
                        continue
                    for _ in range(2 if rng.random() < 0.2 else 1):
                        r = rng.random()
                        cat = "sexualising"
                        if m in ring_contact and r < 0.25:
                            cat = "contact_move"
                        elif m in ring_gen and r > 0.8:
                            cat = "generation_request"
                        parent = rng.choice(on_post) if on_post and rng.random() < 0.2 else None
                        cm = self.add_comment(post, m, self.harmful_text(cat, m, post), self.soon(post, 36), parent,
                                              cat=cat)
                        wrote.setdefault(cat, set()).add(m)
                        on_post.append(cm)
                        if cat == "contact_move" and parent is not None:
                            self.message(m, parent["_a"], cm["_t"] + rng.randint(60, HOUR), rng.randint(1, 20))
                d = post["_a"]
                if d in self.ded_contact and on_post:
                    for cm in rng.sample(on_post, max(1, len(on_post) // 4)):
                        reply = self.add_comment(post, d, T.casual(T.pick(T.DEDICATED_REPLY, self.lang[d], rng),
                                                                   self.lang[d], rng),
                                                 cm["_t"] + rng.randint(120, 8 * HOUR), cm, cat="contact_move")
                        self.message(d, cm["_a"], reply["_t"] + rng.randint(60, HOUR), rng.randint(1, 8))
            for m in members:  # ring members message each other and their dedicated accounts
                for o in members:
                    if o != m and rng.random() < 0.35:
                        self.message(m, o, rng.randint(START, END - DAY), rng.randint(2, 60))
                for d in self.ring_targets[name]:
                    if rng.random() < 0.5:
                        self.message(m, d, rng.randint(START, END - DAY), rng.randint(1, 30))
        # every pre-assigned ring contact mover / generation requester wrote at least one such comment
        for cat, who in (("contact_move", self.ring_contact), ("generation_request", self.ring_gen)):
            for m in who:
                if m not in wrote[cat]:
                    ring = next(r for r, ms in self.rings.items() if m in ms)
                    targets = [p for d in self.ring_targets[ring] for p in ded_posts.get(d, [])
                               if p["_kind"] == "ai_child"] or ai_child
                    post = rng.choice(targets)
                    self.add_comment(post, m, self.harmful_text(cat, m, post), self.soon(post, 36), cat=cat)
        # dedicated contact repliers that got nothing to reply to still point elsewhere once
        for d in self.ded_contact:
            if not any(c["_a"] == d for c in self.comments):
                post = rng.choice([p for p in ded_posts[d] if p["_kind"] == "ai_child"])
                self.add_comment(post, d, T.pick(T.DEDICATED_REPLY, self.lang[d], rng), self.soon(post, 6),
                                 cat="contact_move")
        # lone commenters
        for a in self.roles["lone_commenter"]:
            k = rng.randint(1, 3)
            for _ in range(k):
                use_fam = fam and (rng.random() < 0.5 or not ai_child)
                post = rng.choice(fam if use_fam else ai_child)
                self.interact(a, post, "view")
                if rng.random() < 0.5:
                    self.interact(a, post, "like")
                cm = self.add_comment(post, a, self.harmful_text("sexualising", a, post), self.soon(post, 120),
                                      cat="sexualising")
                if use_fam:
                    self.harmful_on_family.append(cm)
        # contact movers
        for a in self.contact_only:
            for _ in range(rng.randint(1, 4)):
                use_fam = fam and (rng.random() < 0.6 or not ai_child)
                post = rng.choice(fam if use_fam else ai_child)
                self.interact(a, post, "view")
                cm = self.add_comment(post, a, self.harmful_text("contact_move", a, post), self.soon(post, 96),
                                      cat="contact_move")
                if use_fam:
                    self.harmful_on_family.append(cm)
                if rng.random() < 0.6:
                    self.message(a, post["_a"], cm["_t"] + rng.randint(60, 3 * HOUR), rng.randint(1, 6))
                others = sorted({c["_a"] for c in post.get("_comments", []) if c["_a"] not in (a, post["_a"])})
                if others and rng.random() < 0.5:
                    for o in rng.sample(others, min(len(others), rng.randint(1, 2))):
                        self.message(a, o, cm["_t"] + rng.randint(60, 6 * HOUR), rng.randint(1, 5))
        # generation requesters
        for a in self.gen_only:
            for _ in range(rng.randint(1, 4)):
                post = rng.choice(ai_child)
                self.interact(a, post, "view")
                if rng.random() < 0.6:
                    self.interact(a, post, "like")
                if rng.random() < 0.3:
                    self.interact(a, post, "save")
                cm = self.add_comment(post, a, self.harmful_text("generation_request", a, post), self.soon(post, 96),
                                      cat="generation_request")
                d = post["_a"]
                if d in self.ded_contact and rng.random() < 0.5:
                    self.add_comment(post, d, T.pick(T.DEDICATED_REPLY, self.lang[d], rng),
                                     cm["_t"] + rng.randint(300, 6 * HOUR), cm, cat="contact_move")
                if rng.random() < 0.4:
                    self.message(a, d, cm["_t"] + rng.randint(60, DAY), rng.randint(1, 5))

    def counter_speech(self) -> None:
        rng = self.rng
        harmful_ids = set(self.planted["sexualising"]) | set(self.planted["contact_move"])
        for cm in self.harmful_on_family:
            post = cm["_post"]
            parent = post["_a"]
            if rng.random() < 0.45:
                q = cm["text"][:60]
                lang = self.lang[parent]
                reply = self.add_comment(post, parent, T.pick(T.PARENT_ANGRY, lang, rng).replace("{q}", q),
                                         cm["_t"] + rng.randint(600, 12 * HOUR), cm, cat="counter_speech")
                if rng.random() < 0.8:
                    self.report(parent, "comment", cm["id"], "child_sexualisation" if cm["id"] in set(
                        self.planted["sexualising"]) else "grooming", reply["_t"] + 60)
                if rng.random() < 0.3:
                    self.report(parent, "account", cm["author_id"], "child_sexualisation", reply["_t"] + 120)
        harmful = [self.comment_by_id[c] for c in self.planted["sexualising"] + self.planted["contact_move"]
                   if self.comment_by_id[c]["_a"] not in self.roles["dedicated"]]
        harmful.sort(key=lambda c: c["id"])
        ai_child = self.posts_by_kind.get("ai_child", [])
        for s in self.hn["counter_speaker"]:
            lang = self.lang[s]
            for cm in rng.sample(harmful, min(len(harmful), rng.randint(1, 4))):
                q = cm["text"][:60]
                reply = self.add_comment(cm["_post"], s, T.pick(T.COUNTER_QUOTE, lang, rng).replace("{q}", q),
                                         cm["_t"] + rng.randint(600, 2 * DAY), cm, cat="counter_speech")
                if rng.random() < 0.9:
                    self.report(s, "comment", cm["id"], "child_sexualisation", reply["_t"] + 60)
                if rng.random() < 0.3:
                    self.report(s, "account", cm["author_id"], "child_sexualisation", reply["_t"] + 90)
            for post in rng.sample(ai_child, min(len(ai_child), rng.randint(0, 2))):
                c = self.add_comment(post, s, T.pick(T.COUNTER_WARN, lang, rng), self.soon(post, 96),
                                     cat="counter_speech")
                self.report(s, "account", post["author_id"], "ai_csam_concern", c["_t"] + 60)
                if rng.random() < 0.5:
                    self.report(s, "post", post["id"], "ai_csam_concern", c["_t"] + 90)
        # some ordinary users report harmful comments too
        ordinary = [i for i in range(self.n) if i not in self.role_of]
        for cid in sorted(harmful_ids):
            if rng.random() < 0.08:
                cm = self.comment_by_id[cid]
                self.report(rng.choice(ordinary), "comment", cid, rng.choice(["child_sexualisation", "harassment"]),
                            cm["_t"] + rng.randint(HOUR, 3 * DAY))
        # mistaken reports
        n_mistaken = max(3, round(len(self.reports) * rng.uniform(0.1, 0.18)))
        fam = self.posts_by_kind.get("family", [])
        young = self.posts_by_kind.get("young_selfie", [])
        ai_art = self.posts_by_kind.get("ai_adult", [])
        odd = [self.comment_by_id[c] for c in self.planted["benign_lookalike"]]
        counter = [self.comment_by_id[c] for c in self.planted["counter_speech"]]
        for _ in range(n_mistaken):
            who = rng.choice(ordinary)
            r = rng.randrange(6)
            if r == 0 and fam:
                p = rng.choice(fam)
                rid = self.report(who, "post", p["id"], "minor_safety", p["_t"] + rng.randint(HOUR, 5 * DAY))
            elif r == 1 and young:
                p = rng.choice(young)
                rid = self.report(who, "post", p["id"], "minor_safety", p["_t"] + rng.randint(HOUR, 5 * DAY))
            elif r == 2 and self.hn["brand"]:
                b = rng.choice(self.hn["brand"])
                rid = self.report(who, "account", self.aid(b), "grooming", rng.randint(START, END - DAY))
            elif r == 3 and counter:
                c = rng.choice(counter)
                rid = self.report(who, "comment", c["id"], "child_sexualisation", c["_t"] + rng.randint(HOUR, DAY))
            elif r == 4 and ai_art:
                p = rng.choice(ai_art)
                rid = self.report(who, "post", p["id"], "ai_csam_concern", p["_t"] + rng.randint(HOUR, 5 * DAY))
            elif odd:
                c = rng.choice(odd)
                rid = self.report(who, "comment", c["id"], "child_sexualisation", c["_t"] + rng.randint(HOUR, DAY))
            else:
                continue
            self.mistaken_reports.append(rid)

    # --- interactions, messages, reports -----------------------------------------------------------------------
    def interact(self, a: int, post: dict[str, Any], kind: str, t: int | None = None) -> None:
        key = (a, post["id"], kind)
        if key not in self.inter:
            self.inter[key] = t if t is not None else self.soon(post, 96)

    def message(self, a: int, b: int, t: int, count: int) -> None:
        if a != b:
            self.msgs[(a, b, min(t, END))] = count

    def report(self, who: int, subject_type: str, subject_id: str, reason: str, t: int) -> str:
        rid = self.new_id("r", 8)
        rec: dict[str, Any] = {"id": rid, "subject_type": subject_type, "subject_id": subject_id, "reason": reason,
                               "reporter_id": self.aid(who), "created_at": iso(min(t, END)), "_t": min(t, END)}
        if self.rng.random() < 0.6:
            rec["text"] = self.rng.choice(T.REPORT_REASON_TEXT[reason])
        self.reports.append(rec)
        return rid

    def make_interactions(self) -> None:
        rng = self.rng
        for post in self.posts:
            a = post["_a"]
            nb = self.nbr[a]
            kind = post["_kind"]
            p_like = 0.5 if kind in ("family", "young_selfie", "ai_adult") else 0.3
            for j in nb:
                if rng.random() < 0.45:
                    self.interact(j, post, "view")
                    if rng.random() < p_like:
                        self.interact(j, post, "like")
                        if rng.random() < 0.05:
                            self.interact(j, post, "save")
                        if rng.random() < 0.03:
                            self.interact(j, post, "share")
            extra = rng.randint(0, 4) + (rng.randint(5, 25) if kind in ("ai_child", "ai_adult", "young_selfie") else 0)
            for _ in range(extra):
                j = rng.randrange(self.n)
                if j != a:
                    self.interact(j, post, "view")
                    if rng.random() < 0.25:
                        self.interact(j, post, "like")
            for c in post.get("_comments", []):
                if c["_a"] != a and rng.random() < 0.5:
                    self.interact(c["_a"], post, "like", c["_t"] - rng.randint(1, 600))
        for p, rels in self.relatives_of.items():
            for r in rels:
                self.message(r, p, rng.randint(START, END - DAY), rng.randint(1, 40))
                self.message(p, r, rng.randint(START, END - DAY), rng.randint(1, 40))
        for a in range(self.n):
            for b in self.nbr[a]:
                if a < b and rng.random() < 0.06:
                    t = rng.randint(START, END - DAY)
                    self.message(a, b, t, rng.randint(1, 50))
                    if rng.random() < 0.7:
                        self.message(b, a, t + rng.randint(60, DAY), rng.randint(1, 50))

    # --- output ------------------------------------------------------------------------------------------------
    @staticmethod
    def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for r in rows:
                fh.write(json.dumps({k: v for k, v in r.items() if not k.startswith("_") and v is not None},
                                    ensure_ascii=False, separators=(",", ":")))
                fh.write("\n")

    def write(self) -> dict[str, Any]:
        out = self.out
        platform = f"independent-b-s{self.seed}"
        (out / "manifest.json").write_text(json.dumps({"format_version": "1", "platform": platform,
                                                       "exported_at": iso(END)}, indent=1) + "\n", encoding="utf-8")
        self._write_jsonl(out / "accounts.jsonl", sorted(self.accounts, key=lambda r: r["id"]))
        self._write_jsonl(out / "posts.jsonl", sorted(self.posts, key=lambda r: (r["_t"], r["id"])))
        self._write_jsonl(out / "comments.jsonl", sorted(self.comments, key=lambda r: (r["_t"], r["id"])))
        follows = [{"follower_id": self.aid(a), "followee_id": self.aid(b), "created_at": iso(t), "_t": t}
                   for (a, b), t in self.follows.items()]
        self._write_jsonl(out / "follows.jsonl", sorted(follows, key=lambda r: (r["_t"], r["follower_id"],
                                                                                r["followee_id"])))
        inter = [{"account_id": self.aid(a), "post_id": p, "kind": k, "created_at": iso(min(t, END)), "_t": t}
                 for (a, p, k), t in self.inter.items()]
        self._write_jsonl(out / "interactions.jsonl", sorted(inter, key=lambda r: (r["_t"], r["account_id"],
                                                                                   r["post_id"], r["kind"])))
        msgs = [{"sender_id": self.aid(a), "recipient_id": self.aid(b), "created_at": iso(t), "count": c, "_t": t}
                for (a, b, t), c in self.msgs.items()]
        self._write_jsonl(out / "message_edges.jsonl", sorted(msgs, key=lambda r: (r["_t"], r["sender_id"],
                                                                                   r["recipient_id"])))
        self._write_jsonl(out / "reports.jsonl", sorted(self.reports, key=lambda r: (r["_t"], r["id"])))

        roles = {
            "dedicated": self.roles["dedicated"],
            "ring_member": self.roles["ring_member"],
            "lone_commenter": self.roles["lone_commenter"],
            "contact_mover": sorted(set(self.contact_only) | set(self.ring_contact) | set(self.ded_contact)),
            "generation_requester": sorted(set(self.gen_only) | set(self.ring_gen)),
        }
        role_ids = {r: sorted(self.aid(i) for i in ids) for r, ids in roles.items()}
        harmful = sorted({x for ids in role_ids.values() for x in ids})
        hn_ids = {r: sorted(self.aid(i) for i in ids) for r, ids in self.hn.items()}
        hard = sorted({x for ids in hn_ids.values() for x in ids})
        assert not set(hard) & set(harmful)
        comments = {k: sorted(v) for k, v in self.planted.items()}
        counts: dict[str, Any] = {
            "accounts": len(self.accounts), "posts": len(self.posts), "media_files": self.media_files,
            "comments": len(self.comments), "follows": len(self.follows), "interactions": len(self.inter),
            "message_edges": len(self.msgs), "reports": len(self.reports), "mistaken_reports": len(
                self.mistaken_reports), "graph_edges_sampled": self.graph_edges, "harmful": len(harmful),
            "hard_negative": len(hard), "roles": {r: len(v) for r, v in role_ids.items()},
            "hard_negative_roles": {r: len(v) for r, v in hn_ids.items()},
            "rings": {r: len(v) for r, v in self.rings.items()},
            "planted_comments": {k: len(v) for k, v in comments.items()},
            "ai_media": len(self.ai_media),
            "ai_media_marks": _tally(self.ai_media.values()),
        }
        truth: dict[str, Any] = {
            "platform": platform,
            "harmful": harmful,
            "roles": role_ids,
            "rings": {r: sorted(self.aid(i) for i in ms) for r, ms in self.rings.items()},
            "ring_targets": {r: sorted(self.aid(i) for i in ds) for r, ds in self.ring_targets.items()},
            "hard_negative": hard,
            "hard_negative_roles": hn_ids,
            "comments": comments,
            "ai_media": dict(sorted(self.ai_media.items())),
            "reports": {"mistaken": sorted(self.mistaken_reports)},
            "languages": {self.aid(i): self.lang[i] for i in sorted(range(self.n), key=self.aid)},
            "generator": {"name": "harrier.independent_b", "seed": self.seed, "accounts": self.n,
                          "faces": self.faces.kind, "graph": self.graph_source, "counts": counts},
        }
        (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return truth

    def run(self) -> dict[str, Any]:
        self.build_graph()
        self.assign_languages()
        self.assign_roles()
        self.make_accounts()
        self.make_follows()
        self.setup_people()
        self.make_posts()
        self.ordinary_comments()
        self.family_comments()
        self.offender_comments()
        self.counter_speech()
        self.make_interactions()
        return self.write()


def _tally(values: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


def generate(out: str | Path, seed: int = 1, accounts: int = 8000, faces: str | None = None,
             graph: str | None = None) -> dict[str, Any]:
    """Write the export folder and ``truth.json`` to ``out``; returns the truth object."""
    if accounts < 200:
        raise ValueError("--accounts must be at least 200")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "media").exists():
        shutil.rmtree(out / "media")
    (out / "media").mkdir()
    return Gen(out, seed, accounts, faces, graph).run()
