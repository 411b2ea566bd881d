"""Case assembly: upsert without duplicates, stable ids, closing, the export shape, network links, the CLI."""

from __future__ import annotations

import orjson
from sqlalchemy import select
from typer.testing import CliRunner

from harrier.context import cases
from harrier.context.analysis import run
from harrier.policy import evaluate
from harrier.policy.verdict import RuleHit, Verdict
from harrier.store import tables as t
from harrier.store.db import Store, open_store

EXPORT_FIELDS = ["case_id", "account_id", "rank", "score", "severity", "recommended_action", "signals",
                 "related_accounts", "ring_id"]


def scan(store: Store, run_id: str, verdicts: dict[str, Verdict] | None = None,
         overrides: dict[str, Verdict] | None = None) -> int:
    """Context, then the default policy's verdicts (or the ``verdicts`` given) with ``overrides``, then cases."""
    run(store, run_id)
    v = evaluate(store, run_id) if verdicts is None else dict(verdicts)
    return cases.assemble(store, v | (overrides or {}), run_id)


def all_cases(store: Store) -> dict[str, t.Case]:
    with store.session() as s:
        return {c.account_id: c for c in s.execute(select(t.Case)).scalars()}


def test_assemble_upserts_ranks_and_closes(any_store: Store, build_world) -> None:
    build_world(any_store).save()
    hit = RuleHit(rule="sexualising_comments", version="1", mode="live", severity="critical",
                  action="suspend_account", queue="urgent", labels=["sexualising"], why="flagged comments >= 3")
    verdicts = {"ring0": Verdict("ring0", "critical", "suspend_account", "urgent", ["sexualising"], [hit]),
                "parent": Verdict("parent", "low", "none")}
    n = scan(any_store, "20260101T000000-a", overrides=verdicts)
    first = all_cases(any_store)
    assert n == len(first) >= 7
    harmful = {"ded0", "ded1", "ring0", "ring1", "ring2", "ring3", "ring4"}
    assert harmful <= set(first)
    assert not {"parent", "counter", "friend0", "benign00"} & set(first)
    ranks = sorted(c.rank for c in first.values())
    assert ranks == list(range(1, n + 1))
    by_rank = sorted(first.values(), key=lambda c: c.rank)
    assert all(x.score >= y.score for x, y in zip(by_rank, by_rank[1:], strict=False))
    r0 = first["ring0"]
    assert r0.case_id == cases.case_id_for("ring0") and r0.severity == "critical" and r0.queue == "urgent"
    assert r0.recommended_action == "suspend_account" and r0.summary["rules"][0]["rule"] == "sexualising_comments"
    assert first["ded0"].summary["source"] == "policy" and first["ded0"].summary["rules"]
    # the case lists the signals that raised it: its own context signals and its content's signals
    kinds = {s["kind"] for s in r0.signals}
    assert {"account.risk", "ring.membership", "text.sexualising_minor"} <= kinds
    assert len(r0.signals) <= cases.MAX_SIGNALS
    assert r0.summary["flagged_comments"] == 12
    assert "12 concerning comments under child imagery or about a child" in r0.summary["why"]
    # one definition of a flagged comment: the case's count is account.flagged_comment_share's numerator
    share = next(s for s in r0.signals if s["kind"] == "account.flagged_comment_share")
    assert next(e["value"] for e in share["evidence"] if e["field"] == "flagged_comments") == 12
    # network-aware: ring members are related, with their case ids
    rel = {r["account_id"]: r for r in r0.related_accounts}
    assert {"ring1", "ring2"} <= set(rel) and rel["ring1"]["case_id"] == cases.case_id_for("ring1")
    assert "ring" in rel["ring1"]["relations"] and r0.ring_id and r0.ring_id.startswith("ring-")
    ded_rel = {r["account_id"] for r in first["ded0"].related_accounts}
    assert {"ring0", "ring3"} <= ded_rel and "counter" not in ded_rel

    # a re-scan updates in place: same ids, no duplicates
    scan(any_store, "20260101T000001-b", overrides=verdicts)
    second = all_cases(any_store)
    assert {a: c.case_id for a, c in second.items()} == {a: c.case_id for a, c in first.items()}

    # the account stops qualifying (a reviewer cleared it): the case is closed, not deleted; then reopens
    with any_store.session() as s:
        s.add(t.Decision(case_id=r0.case_id, account_id="ring0", action="no_violation", targets=[],
                         reviewer="rev", created_at=r0.created_at))
    scan(any_store, "20260101T000002-c", {})
    third = all_cases(any_store)
    assert third["ring0"].status == "closed" and third["ring0"].rank is None
    assert set(third) == set(second)
    scan(any_store, "20260101T000003-d", overrides=verdicts)
    assert all_cases(any_store)["ring0"].status == "open"


def test_cli_export_list_show_ring(build_world, harrier_env, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # Rich folds long cells on a narrow terminal
    st = open_store()  # the CLI's store under HARRIER_HOME
    build_world(st).save()
    scan(st, "20260101T000000-a")
    from harrier.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["cases", "export", "--json"])
    assert res.exit_code == 0, res.output
    rows = orjson.loads(res.stdout)
    assert rows and all(list(r) == EXPORT_FIELDS for r in rows)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    sig = rows[0]["signals"][0]
    assert set(sig) == {"kind", "subject", "score", "detector", "evidence"}

    res = runner.invoke(app, ["cases", "list", "--json", "--limit", "3"])
    assert res.exit_code == 0 and len(orjson.loads(res.stdout)) == 3
    res = runner.invoke(app, ["cases", "list"])
    assert res.exit_code == 0 and "ring0" in res.stdout

    res = runner.invoke(app, ["cases", "show", "ded0"])
    assert res.exit_code == 0, res.output
    assert "account.dedication" in res.stdout and "related accounts" in res.stdout
    res = runner.invoke(app, ["cases", "show", rows[0]["case_id"], "--json"])
    assert orjson.loads(res.stdout)["account_id"] == rows[0]["account_id"]
    assert runner.invoke(app, ["cases", "show", "nobody"]).exit_code == 1

    ring_id = next(r["ring_id"] for r in rows if r["ring_id"])
    res = runner.invoke(app, ["cases", "ring", ring_id, "--json"])
    view = orjson.loads(res.stdout)
    assert {m["account_id"] for m in view["members"]} >= {"ring0", "ring1"} and view["posts"]
    assert all(m["case_id"] for m in view["members"])
    res = runner.invoke(app, ["cases", "ring", ring_id])
    assert res.exit_code == 0 and "members" in res.stdout


def test_graph_export(harrier_env, build_world, tmp_path) -> None:
    import igraph as ig
    import pyarrow.parquet as pq

    from harrier.cli import app

    st = open_store()
    w = build_world(st)
    # ring1 already says "dm me on telegram @hidden1": a second account naming it makes a link-out tie
    w.comment("ring0", w.posts[0]["id"], "or add me on telegram @hidden1")
    w.save()
    runner = CliRunner()
    res = runner.invoke(app, ["graph", "export", "--format", "parquet", "--out", str(tmp_path / "pq"), "--json"])
    assert res.exit_code == 0, res.output
    edges = pq.read_table(tmp_path / "pq" / "edges.parquet").to_pylist()
    nodes = pq.read_table(tmp_path / "pq" / "nodes.parquet").to_pylist()
    assert len(nodes) == 38
    assert {"source": "ring1", "target": "ded0", "type": "message", "weight": 3.0} in edges
    assert any(e["type"] == "cocomment" and {e["source"], e["target"]} == {"ring0", "ring1"} for e in edges)
    assert [{e["source"], e["target"]} for e in edges if e["type"] == "linkout"] == [{"ring0", "ring1"}]
    res = runner.invoke(app, ["graph", "export", "--format", "graphml", "--out", str(tmp_path / "g.graphml")])
    assert res.exit_code == 0, res.output
    g = ig.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert g.vcount() == 38 and set(g.es["type"]) >= {"follow", "comment", "cocomment", "message", "linkout"}


def _cases_open(store: Store) -> set[str]:
    with store.session() as s:
        return {c.account_id for c in s.execute(select(t.Case).where(t.Case.status != "closed")).scalars()}


def test_lone_commenter_with_two_remarks_under_child_photos_gets_a_case(store: Store, build_world) -> None:
    """No ring, no follows, no base-rate excess needed: two sexualising remarks under a child's photo."""
    w = build_world(store)
    fam = w.account("mum")
    lone, once, relative = w.account("lone"), w.account("once"), w.account("aunt")
    posts = [w.post(fam, child=0.9, hashtags=("family",)) for _ in range(6)]
    w.comment(lone, posts[0], "perfect age 😍", sexualising_minor=0.82)
    w.comment(lone, posts[1], "she'd be fun", sexualising_minor=0.78)
    for p in posts[2:]:
        w.comment(lone, w.post("benign00"), "nice one")  # ordinary life elsewhere
        w.comment(relative, p, "so sweet ❤️")
    w.comment(once, posts[2], "cute feet", sexualising_minor=0.8)  # one remark, not explicit: not a case alone
    # compliments flagged in context only ("nice" under a child's photo): no evidence on their own
    niece = w.account("niece")
    for p in posts:
        w.comment(niece, p, "nice", alone=False, sexualising_minor=0.75)
        w.comment(niece, p, "love you all")
        w.comment(niece, p, "miss you guys")
    # a relative whose compliment the detector misread once, among many ordinary ones
    w.comment(relative, posts[0], "gorgeous girl", sexualising_minor=0.7)
    w.comment(relative, posts[1], "what a beauty", sexualising_minor=0.7)
    for p in posts * 3:
        w.comment(relative, p, "love you all")
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "lone" in got and got["lone"].status == "open"
    assert any(r["rule"] == "lone_offender" for r in got["lone"].summary["rules"])
    assert "2 concerning comments under child imagery or about a child" in got["lone"].summary["why"]
    lone_sig = next(s for s in got["lone"].signals if s["kind"] == "account.child_comment_evidence")
    assert lone_sig["score"] >= 0.6 and any(e["field"] == "comments" and len(e["ref"]) == 2
                                             for e in lone_sig["evidence"])
    assert not {"once", "aunt", "mum", "niece"} & set(got), {a: got[a].summary["why"] for a in
                                                             {"once", "aunt", "mum", "niece"} & set(got)}


def test_one_explicit_remark_is_a_case(store: Store, build_world) -> None:
    w = build_world(store)
    fam = w.account("dad")
    p = w.post(fam, child=0.93)
    w.comment(w.account("explicit"), p, "(an explicit remark)", sexualising_minor=0.98)
    w.save()
    scan(store, "20260101T000000-a")
    assert "explicit" in all_cases(store)


def test_one_remark_is_explicit_only_with_a_term_to_point_at(store: Store, build_world) -> None:
    """One remark at 0.99 under a child's photo: with a sexualising term ("dream age 🍒") a case on its own; with
    none ("babyface queen 👑", lifted there by the model and the context) a concerning remark, and twice a case."""
    w = build_world(store)
    fam = w.account("dad")
    posts = [w.post(fam, child=0.93) for _ in range(2)]
    w.comment(w.account("coded"), posts[0], "dream age 🍒", alone=True, cue=True, sexualising_minor=0.99)
    w.comment(w.account("once"), posts[0], "babyface queen 👑", alone=True, cue=False, sexualising_minor=0.99)
    twice = w.account("twice")
    for p in posts:
        w.comment(twice, p, "babyface queen 👑", alone=True, cue=False, sexualising_minor=0.99)
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "coded" in got and "twice" in got and "once" not in got


def test_one_remark_the_model_is_sure_of_under_a_sure_child_image_is_a_case(store: Store, build_world) -> None:
    """No term to point at, but the text model is sure (0.98 on the words) and the image model is sure the post
    shows a child (0.99): an account that wrote nothing else under child imagery is a case on that one remark
    (features.SURE). The same remark is not, where the image model is less sure (0.93), where the text model is
    (0.9), or from a relative whose one such remark sits among a dozen ordinary ones under the family's photos."""
    from harrier.context import features

    w = build_world(store)
    fam = w.account("mum")
    sure_post, unsure_post = w.post(fam, child=0.99), w.post(fam, child=0.93)
    family = [w.post(fam, child=0.99) for _ in range(12)]
    text = "Willst Du mit mir dann irgendwann dein erstes Mal haben?"
    w.comment(w.account("stranger"), sure_post, text, alone=True, cue=False, sexualising_minor=0.98)
    w.comment(w.account("unsure_image"), unsure_post, text, alone=True, cue=False, sexualising_minor=0.98)
    w.comment(w.account("unsure_text"), sure_post, text, alone=True, cue=False, sexualising_minor=0.9)
    aunt = w.account("aunt")
    w.comment(aunt, sure_post, text, alone=True, cue=False, sexualising_minor=0.98)
    for p in family:
        w.comment(aunt, p, "so big already ❤️", sexualising_minor=0.1)
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "stranger" in got
    assert not {"unsure_image", "unsure_text", "aunt"} & set(got)
    ev = next(s for s in got["stranger"].signals if s["kind"] == "account.child_comment_evidence")["evidence"]
    sure = next(e for e in ev if e["field"] == "sure_on_child_imagery")
    assert sure["value"] == 1 and f">= {features.SURE}" in sure["note"]


def test_an_explicit_remark_that_names_a_child_is_a_case_wherever_it_is_posted(store: Store, build_world) -> None:
    """The image detector can miss the child (a family photo read as an adult's, a post with no image): a remark
    flagged on its words that names a child ("little girl sexy and hot") is about a child all the same. The same
    remark naming no child under a post showing none counts half, and makes no case on its own."""
    w = build_world(store)
    food = w.post(w.account("cafe"), child=0.0)
    w.comment(w.account("named"), food, "little girl sexy and hot", alone=True, cue=True, names_child=True,
              sexualising_minor=0.99)
    w.comment(w.account("unnamed"), food, "sexy and hot", alone=True, cue=True, names_child=False,
              sexualising_minor=0.99)
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "named" in got and "unnamed" not in got


def test_an_explicit_remark_under_a_showcases_uncertain_post_is_a_case(store: Store, build_world) -> None:
    """context.features 1.16.0: a showcase's posts are child imagery by what the account is. Where the image model
    is unsure of one (0.3-0.5), a remark flagged on its words there counts as said under child imagery; the same
    remark under an ordinary account's post read the same way does not (half weight, no case on its own)."""
    w = build_world(store)
    showcase, family = w.account("showcase"), w.account("family")
    for _ in range(8):
        w.post(showcase, child=0.9, ai=0.9)
        w.post(family, child=0.1)
    unsure, unsure_family = w.post(showcase, child=0.45, ai=0.9), w.post(family, child=0.45)
    w.comment(w.account("at_showcase"), unsure, "(an explicit remark)", alone=True, cue=True, sexualising_minor=0.99)
    w.comment(w.account("at_family"), unsure_family, "(an explicit remark)", alone=True, cue=True,
              sexualising_minor=0.99)
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "showcase" in got and "at_showcase" in got and "at_family" not in got


def test_a_parent_answering_under_their_own_posts_is_no_case_nor_ring_member(store: Store, build_world) -> None:
    """The parent's "thank you ❤️" replies, misread as sexualising under the child's photo, and the messages the
    parent then sends: the owner's own circle. Strangers who converge on those posts are the ring; the parent is
    their target."""
    w = build_world(store)
    mum = w.account("mum")
    posts = [w.post(mum, child=0.95) for _ in range(4)]
    ring = [w.account(f"r{i}") for i in range(5)]
    for a in ring:
        for b in ring:
            if a != b:
                w.follow(a, b)
        w.follow(a, mum)
        for p in posts:
            w.comment(a, p, "perfect age 😍", alone=True, sexualising_minor=0.9)
    for p in posts:
        for _ in range(2):
            w.comment(mum, p, "dank je wel 💕", alone=False, sexualising_minor=0.7)
    for i, a in enumerate(ring):
        w.message(mum, a, hours=200 + i)
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert set(ring) <= set(got)
    assert "mum" not in got, got.get("mum") and got["mum"].summary["why"]
    with store.session() as s:
        members = [m for r in s.execute(select(t.Ring)).scalars() for m in r.members]
    assert set(ring) <= set(members) and "mum" not in members


def test_policy_threshold_decides_cases_and_backfill_agrees(tmp_path, build_world, monkeypatch) -> None:
    """HARRIER_POLICY's thresholds decide which cases open; backfill predicts exactly what assembly then does."""
    from tests.conftest import _sqlite_settings

    from harrier.policy.backfill import backfill
    from harrier.policy.rules import DEFAULT_RULES, load_rules

    opened: dict[str, set[str]] = {}
    for name, bar in (("default", None), ("strict", 0.99)):
        text = DEFAULT_RULES.read_text()
        if bar is not None:  # the fused-risk and lone-offender bars raised: fewer cases
            for kind, old in (("account.risk", 0.85), ("account.child_comment_evidence", 0.6)):
                text = text.replace(f"when: {{feature: {kind}, gte: {old}}}", f"when: {{feature: {kind}, gte: {bar}}}")
        policy = tmp_path / f"{name}.yaml"
        policy.write_text(text)
        monkeypatch.setenv("HARRIER_POLICY", str(policy))
        store = Store(_sqlite_settings(tmp_path / name)).migrate()
        w = build_world(store)
        mum, lone = w.account("mum"), w.account("lone")
        for _ in range(2):
            w.comment(lone, w.post(mum, child=0.9), "perfect age", sexualising_minor=0.8)
        for _ in range(4):  # an ordinary commenter elsewhere, so only the lone-offender rule opens its case
            w.comment(lone, w.post("benign03"), "great")
        w.save()
        run(store, "20260101T000000-a")
        predicted = backfill(store, load_rules(), include_shadow=False)
        cases.assemble(store, evaluate(store, "20260101T000000-a"), "20260101T000000-a")
        opened[name] = _cases_open(store)
        assert sorted(predicted.would_open) == sorted(opened[name]) and not predicted.would_close
        assert backfill(store, load_rules(), include_shadow=False).would_open == []
    assert "lone" in opened["default"] and opened["strict"] < opened["default"]


def test_decided_case_keeps_its_status(store: Store, build_world) -> None:
    build_world(store).save()
    scan(store, "20260101T000000-a")
    with store.session() as s:
        row = s.execute(select(t.Case).where(t.Case.account_id == "ring0")).scalar_one()
        row.status = "decided"
    scan(store, "20260101T000001-b", verdicts={})  # nothing qualifies any more
    got = all_cases(store)
    assert got["ring0"].status == "decided" and got["ring0"].rank == 1
    assert got["ded0"].status == "closed"


def test_generation_questions_count_under_sexualised_child_imagery_only(store: Store, build_world) -> None:
    """'What model did you use?' is everyday under AI art (even art the image model misreads as a child); under
    child imagery whose posts draw sexualising remarks from strangers it asks for the means to make more."""
    w = build_world(store)
    artist, fan = w.account("artist"), w.account("fan")
    for _ in range(4):
        p = w.post(artist, child=0.8, ai=0.95)  # adult AI portraits the image model misreads
        w.comment(fan, p, "what model did you use?", generation_request=0.95)
        w.comment(w.account(f"admirer{p}"), p, "stunning")
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "fan" not in got and "artist" not in got
    assert "asker" in got  # three requests under the dedicated accounts' posts, which draw sexualising remarks


def test_an_account_of_ai_generated_children_is_a_case_before_any_audience(store: Store, build_world) -> None:
    """Generated children mixed with unmarked child photos, no comments at all: a case (review) on its own
    output. A parent posting photographs and an AI artist of adults are none."""
    w = build_world(store)
    show = w.account("showcase")
    for i in range(14):  # 6 of its 14 child posts carry an AI marker: the share is diluted, the habit is not
        w.post(show, child=0.95, ai=0.9 if i % 7 < 3 else 0.0)
    mum = w.account("mum")
    for _ in range(14):
        w.post(mum, child=0.95)
    artist = w.account("artist")
    for i in range(14):  # one misread as a child's portrait
        w.post(artist, child=0.8 if i == 0 else 0.05, ai=0.95)
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "showcase" in got and "mum" not in got and "artist" not in got
    assert any(r["rule"] == "ai_child_imagery_account" for r in got["showcase"].summary["rules"])
    assert "AI-generated children (6 posts)" in got["showcase"].summary["why"]


def test_the_audience_of_two_showcases_gets_a_case_ranked_below_its_own_evidence(store: Store, build_world) -> None:
    """Remarks harmful only through who says them to whom ("ik hou van jou", "Please come home to me, my love")
    carry no term and no model score. A stranger who leaves them under the child imagery of two accounts dedicated
    to it is the showcases' audience: a case on that behaviour, ranked below every account with concerning remarks
    of its own. One showcase is no pattern; an objector, a friend of the poster and a commenter on family photos
    are no audience; nor is a passer-by whose comments land under showcases as often as everyone's do."""
    w = build_world(store)  # ded0 and ded1 post AI child imagery to a flagged audience (the ring)
    shown = {d: [p["id"] for p in w.posts if p["author_id"] == d] for d in ("ded0", "ded1")}
    quiet, once, objector, pal = w.account("quiet"), w.account("once"), w.account("objector"), w.account("pal")
    w.comment(quiet, shown["ded0"][0], "ik hou van jou")
    w.comment(quiet, shown["ded1"][2], "Please come home to me as soon as possible, my love.")
    w.comment(quiet, shown["ded1"][4], "Hey, you seem cool. We have the same interests.")
    w.comment(once, shown["ded0"][1], "ik hou van jou")  # two posts of one showcase
    w.comment(once, shown["ded0"][4], "you seem cool")
    w.comment(objector, shown["ded0"][2], "passe ton compte en privé ❤️")  # advice to the poster...
    w.comment(objector, shown["ded1"][3], "set your account to private")
    mum = w.account("mum")  # ...from someone who objects under a family's photo (independent seed 68)
    w.comment(objector, w.post(mum, child=0.9), "« innocence » ?? seriously? reported", counter_speech=0.93)
    passer = w.account("passer")  # under both showcases, among ordinary comments everywhere else
    w.comment(passer, shown["ded0"][3], "so sweet")
    w.comment(passer, shown["ded1"][3], "so sweet")
    for k in range(12):
        w.comment(passer, w.posts[k * 5]["id"], "looks great")
    for d in ("ded0", "ded1"):  # a friend of both posters: mutual follows
        w.follow(pal, d)
        w.follow(d, pal)
        w.comment(pal, shown[d][5], "love this")
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "quiet" in got and got["quiet"].status == "open"
    assert [r["rule"] for r in got["quiet"].summary["rules"]] == ["dedicated_audience"]
    assert got["quiet"].summary["why"].startswith("Comments under the child imagery of 2 accounts dedicated to it")
    sig = next(s for s in got["quiet"].signals if s["kind"] == "account.dedicated_audience")
    assert sorted(next(e["ref"] for e in sig["evidence"] if e["field"] == "showcases")) == ["ded0", "ded1"]
    offenders = [got[a].score for a in ("ring0", "ring1", "ring2", "ring3", "ring4")]
    assert got["quiet"].score < min(offenders), "network-like behaviour ranks below remarks of one's own"
    assert not {"once", "objector", "pal", "passer", "friend0", "counter"} & set(got)


def test_remarks_the_childs_parent_objected_to_make_a_lone_case(store: Store, build_world) -> None:
    """"ik hou van jou" under a child's photo carries no term and no model score; the child's parent answering it
    with "stay away from my kids" read it where it was said. Two such remarks (two families) are a case on the
    account's own evidence, with the parents' replies as evidence; one is not. Not evidence: a parent thanking
    someone who warned them, a parent's banter with a mutual follow, a showcase telling someone off its page."""
    w = build_world(store)
    fam = [p["id"] for p in w.posts if p["author_id"] in ("family0", "family1", "family2")]
    by = {p["id"]: p["author_id"] for p in w.posts}
    creep, once, helper, pal, critic = (w.account(a) for a in ("creep", "once", "helper", "pal", "critic"))
    replies = []
    for post, text in ((fam[0], "ik hou van jou"), (fam[9], "Hey, you seem cool. We have the same interests.")):
        c = w.comment(creep, post, text)
        replies.append(w.comment(by[post], post, "stay away from my kids", parent=c, counter_speech=0.9))
    c = w.comment(once, fam[1], "ik hou van jou")  # one objection only
    w.comment(by[fam[1]], fam[1], "blocked and reported 🤬", parent=c, counter_speech=0.95)
    for post in (fam[2], fam[10]):  # a warning the parents thank for
        c = w.comment(helper, post, "make your account private, creeps are saving these", counter_speech=0.9)
        w.comment(by[post], post, "thanks, reported them", parent=c, counter_speech=0.9)
    for post in (fam[4], fam[17]):  # family banter
        w.follow(pal, by[post])
        w.follow(by[post], pal)
        c = w.comment(pal, post, "give her to me, I'll take her 😂")
        w.comment(by[post], post, "stay away from my kids 😂", parent=c, counter_speech=0.7)
    for d in ("ded0", "ded1"):  # showcases defending themselves
        post = next(p["id"] for p in w.posts if p["author_id"] == d)
        c = w.comment(critic, post, "why do you post this")
        w.comment(d, post, "get off my page", parent=c, counter_speech=0.9)
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "creep" in got and got["creep"].status == "open"
    assert "lone_offender" in [r["rule"] for r in got["creep"].summary["rules"]], got["creep"].summary["rules"]
    assert "2 objected to by the poster" in got["creep"].summary["why"], got["creep"].summary["why"]
    sig = next(s for s in got["creep"].signals if s["kind"] == "account.child_comment_evidence")
    assert sorted(next(e["ref"] for e in sig["evidence"] if e["field"] == "poster_objections")) == sorted(replies)
    assert not {"once", "helper", "pal", "critic"} & set(got), set(got)


def test_a_remark_the_parent_objected_to_and_the_detector_flags_is_a_case(store: Store, build_world) -> None:
    """One remark under a child's photo, read twice: the text detector flags it where it was said (not on its words
    alone) and the child's parent answered it with an objection. Two readings of it make a lone offender's case on
    their own; either reading alone is one remark and no case (a misread compliment, a parent's misread banter)."""
    w = build_world(store)
    fam = [p["id"] for p in w.posts if p["author_id"] in ("family0", "family1", "family2")]
    by = {p["id"]: p["author_id"] for p in w.posts}
    for a in ("creep", "flagged_only", "objected_only"):
        w.account(a)
    text = "ce n'est pas la peine de se cacher pour se changer"
    c = w.comment("creep", fam[0], text, alone=False, sexualising_minor=0.72)
    reply = w.comment(by[fam[0]], fam[0], "das ist mein Sohn. gemeldet", parent=c, counter_speech=0.81)
    w.comment("flagged_only", fam[1], text, alone=False, sexualising_minor=0.72)
    c = w.comment("objected_only", fam[2], "más fotos", desire_or_solicitation=0.43)
    w.comment(by[fam[2]], fam[2], "stay away from my kids", parent=c, counter_speech=0.9)
    w.save()
    scan(store, "20260101T000000-a")
    got = all_cases(store)
    assert "creep" in got, sorted(got)
    assert "lone_offender" in [r["rule"] for r in got["creep"].summary["rules"]], got["creep"].summary["rules"]
    sig = next(s for s in got["creep"].signals if s["kind"] == "account.child_comment_evidence")
    assert next(e["ref"] for e in sig["evidence"] if e["field"] == "poster_objections") == [reply]
    assert not {"flagged_only", "objected_only"} & set(got), sorted(got)


def test_the_summary_counts_an_offsite_showcases_captions_as_the_feature_does() -> None:
    """context.features 1.18.0 counts every post whose caption points to a private channel (``offsite_posts``), not
    only posts read as a child's: the reviewer's sentence says what the score counted. A signal written before it
    (child posts only) still reads as it did."""
    from harrier.model.signals import Evidence, Signal

    def offsite(**features: float) -> dict[str, Signal]:
        ev = [Evidence(kind="feature", field=k, value=v) for k, v in features.items()]
        return {"account.offsite_showcase": Signal(subject=("account", "a"), kind="account.offsite_showcase",
                                                   score=0.86, detector="context.features@1.18.1", evidence=ev)}

    assert "aptions 3 posts towards a private channel" in cases._why(
        offsite(offsite_posts=3, offsite_child_posts=1), 0, None)
    assert "aptions 2 child posts towards a private channel" in cases._why(offsite(offsite_child_posts=2), 0, None)
