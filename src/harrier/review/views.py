"""Read models for the console pages: queues, the case page, rings and search. Every query is bounded
(LIMITs, indexed lookups) so pages stay fast on stores with millions of comments.

Authorisation is applied here, to every piece of a page: each read model gets the principal, and a case in a
queue it may not see contributes nothing (id, link, severity, score) to tables, graphs or counts by severity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from harrier.review.auth import Principal
from harrier.review.graph import Graph, Node, render_svg
from harrier.review.highlight import Span, highlight, locate
from harrier.review.locks import SEVERITY_ORDER
from harrier.review.tables import CaseLock
from harrier.store.tables import Account, Case, Comment, Decision, Follow, Media, MessageEdge, Post, Ring

PAGE = 50
MAX_POSTS = 12
MAX_THREADS = 6
THREAD_LEN = 12
MAX_NEIGHBOURS = 30


# --- helpers for the loosely-typed JSON columns -------------------------------------------------------------


def subject_of(sig: dict[str, Any]) -> tuple[str, str]:
    s = sig.get("subject")
    if isinstance(s, dict):
        return str(s.get("type")), str(s.get("id"))
    if isinstance(s, list | tuple) and len(s) == 2:
        return str(s[0]), str(s[1])
    return "account", str(s)


def ref_id(x: Any) -> str | None:
    if isinstance(x, dict):
        return str(x.get("id") or x.get("account_id") or "") or None
    return None if x is None else str(x)


def _visible(who: Principal, cases: Any) -> list[Any]:
    return [c for c in cases if who.can_see_queue(c.queue)]


def visible_queues(session: Session, who: Principal) -> list[dict[str, Any]]:
    # one scan of the covering (queue, status, severity, rank) index, then an index seek per queue for the
    # oldest open case: no table access for 100k+ cases
    rows = session.execute(
        select(Case.queue, Case.status, Case.severity, func.count()).group_by(Case.queue, Case.status, Case.severity)
    ).all()
    by_q: dict[str, dict[str, Any]] = {}
    for q, status, sev, n in rows:
        d = by_q.setdefault(q, {"queue": q, "open": 0, "escalated": 0, "decided": 0, "oldest": None,
                                "allowed": who.can_see_queue(q), "by_severity": {}})
        d[status if status in ("open", "escalated") else "decided"] += n
        if status == "open" and d["allowed"]:  # a restricted queue shows its size, not its severities
            d["by_severity"][sev] = d["by_severity"].get(sev, 0) + n
    for q, d in by_q.items():
        if d["open"] and d["allowed"]:
            d["oldest"] = session.execute(
                select(func.min(Case.created_at)).where(Case.queue == q, Case.status == "open")).scalar()
    return sorted(by_q.values(), key=lambda d: (not d["allowed"], d["queue"] != "child_safety", d["queue"]))


def queue_page(session: Session, queue: str, status: str = "open", sort: str = "severity",
               page: int = 1) -> dict[str, Any]:
    """One page of a queue: most severe first (then case rank), or oldest first."""
    base = select(Case).where(Case.queue == queue, Case.status == status)
    offset = (max(1, page) - 1) * PAGE
    counts = dict(session.execute(
        select(Case.severity, func.count()).where(Case.queue == queue, Case.status == status)
        .group_by(Case.severity)
    ).all())
    total = sum(counts.values())
    cases: list[Case] = []
    if sort == "oldest":
        cases = list(session.execute(base.order_by(Case.created_at, Case.case_id).offset(offset).limit(PAGE))
                     .scalars())
    else:
        # one index range scan per severity: "most severe first" without sorting the whole queue
        skip = offset
        for sev in [*SEVERITY_ORDER, *sorted(set(counts) - set(SEVERITY_ORDER))]:
            n = counts.get(sev, 0)
            if skip >= n:
                skip -= n
                continue
            need = PAGE - len(cases)
            cases += session.execute(base.where(Case.severity == sev).order_by(Case.rank, Case.case_id)
                                     .offset(skip).limit(need)).scalars()
            skip = 0
            if len(cases) >= PAGE:
                break
    ids = [c.case_id for c in cases]
    accounts = {a.id: a for a in session.execute(
        select(Account).where(Account.id.in_([c.account_id for c in cases]))).scalars()} if cases else {}
    locks = {lk.case_id: lk for lk in session.execute(
        select(CaseLock).where(CaseLock.case_id.in_(ids))).scalars()} if ids else {}
    return {"queue": queue, "status": status, "sort": sort, "page": page, "total": total, "counts": counts,
            "pages": max(1, -(-total // PAGE)), "cases": cases, "accounts": accounts, "locks": locks}


# --- the case page ------------------------------------------------------------------------------------------


@dataclass
class SignalView:
    kind: str
    subject_type: str
    subject_id: str
    score: float
    detector: str
    evidence: list[dict[str, Any]]


@dataclass
class MediaView:
    media: Media
    signals: list[SignalView] = field(default_factory=list)
    boxes: list[dict[str, Any]] = field(default_factory=list)  # {x, y, w, h} in % of the image, label
    size: tuple[int, int] | None = None


@dataclass
class PostView:
    post: Post
    media: list[MediaView] = field(default_factory=list)
    signals: list[SignalView] = field(default_factory=list)
    caption_html: Any = ""
    author_handle: str = ""


@dataclass
class CommentView:
    comment: Comment
    html: Any
    depth: int
    flagged: bool
    signals: list[SignalView]
    author_handle: str
    by_subject: bool  # written by the case's account


def _signal_views(case: Case) -> list[SignalView]:
    out = []
    for s in case.signals or []:
        st, sid = subject_of(s)
        out.append(SignalView(kind=str(s.get("kind")), subject_type=st, subject_id=sid,
                              score=float(s.get("score") or 0.0), detector=str(s.get("detector") or ""),
                              evidence=list(s.get("evidence") or [])))
    out.sort(key=lambda v: -v.score)
    return out


def _spans_for(text: str | None, sigs: list[SignalView], fld: str | None = None) -> list[Span]:
    if not text:
        return []
    spans = []
    for s in sigs:
        for e in s.evidence:
            if e.get("kind") != "span" or (fld and e.get("field") not in (None, fld)):
                continue
            where = locate(text, e.get("start"), e.get("end"), e.get("value") if isinstance(e.get("value"), str)
                           else None)
            if where:
                spans.append(Span(where[0], where[1], s.kind))
    return spans


def _boxes(sigs: list[SignalView], size: tuple[int, int] | None) -> list[dict[str, Any]]:
    """Face/detection boxes as % of the image. Boxes are [x0, y0, x1, y1], in pixels of the original image or
    as fractions (all values <= 1)."""
    out = []
    for s in sigs:
        for e in s.evidence:
            box = e.get("box")
            if not box or len(box) != 4:
                continue
            x0, y0, x1, y1 = (float(v) for v in box)
            if max(x0, y0, x1, y1) > 1.0:
                if not size:
                    continue
                x0, x1, y0, y1 = x0 / size[0], x1 / size[0], y0 / size[1], y1 / size[1]
            label = e.get("kind", "")
            if e.get("value") is not None:
                label = f"{label} {e['value']}"
            out.append({"x": 100 * x0, "y": 100 * y0, "w": 100 * max(0.0, x1 - x0), "h": 100 * max(0.0, y1 - y0),
                        "label": str(label), "kind": s.kind})
    return out


def why_flagged(case: Case, sigs: list[SignalView]) -> list[dict[str, Any]]:
    from harrier.model.signals import KINDS

    by_kind: dict[str, list[SignalView]] = defaultdict(list)
    for s in sigs:
        by_kind[s.kind].append(s)
    rows = []
    for kind, ss in by_kind.items():
        k = KINDS.get(kind)
        rows.append({"kind": kind, "count": len(ss), "max": max(s.score for s in ss),
                     "subjects": len({(s.subject_type, s.subject_id) for s in ss}),
                     "description": k.description if k else "", "hint": k.severity_hint if k else ""})
    rows.sort(key=lambda r: -r["max"])
    return rows


def case_page(session: Session, store: Any, case: Case, who: Principal) -> dict[str, Any]:
    from harrier.review.wellness import image_size

    sigs = _signal_views(case)
    by_subject: dict[tuple[str, str], list[SignalView]] = defaultdict(list)
    for s in sigs:
        by_subject[(s.subject_type, s.subject_id)].append(s)
    account = session.get(Account, case.account_id)
    acct_sigs = by_subject.get(("account", case.account_id), [])

    # posts: the flagged ones first, then the newest
    media_ids = [i for (t, i) in by_subject if t == "media"]
    flagged_media = list(session.execute(select(Media).where(Media.id.in_(media_ids))).scalars()) if media_ids \
        else []
    flagged_post_ids = {i for (t, i) in by_subject if t == "post"} | {m.post_id for m in flagged_media}
    posts: dict[str, Post] = {}
    if flagged_post_ids:
        for p in session.execute(select(Post).where(Post.id.in_(list(flagged_post_ids))).limit(MAX_POSTS)).scalars():
            posts[p.id] = p
    if len(posts) < MAX_POSTS:
        for p in session.execute(select(Post).where(Post.author_id == case.account_id)
                                 .order_by(Post.created_at.desc()).limit(MAX_POSTS)).scalars():
            if len(posts) >= MAX_POSTS:
                break
            posts.setdefault(p.id, p)

    # comments flagged in the case, with their threads for context
    comment_ids = [i for (t, i) in by_subject if t == "comment"]
    flagged_comments = {c.id: c for c in session.execute(
        select(Comment).where(Comment.id.in_(comment_ids))).scalars()} if comment_ids else {}
    thread_post_ids: list[str] = []
    for c in sorted(flagged_comments.values(), key=lambda c: -max(s.score for s in by_subject[("comment", c.id)])):
        if c.post_id not in thread_post_ids:
            thread_post_ids.append(c.post_id)
    thread_post_ids = thread_post_ids[:MAX_THREADS]
    for p in session.execute(select(Post).where(Post.id.in_(thread_post_ids))).scalars() if thread_post_ids else []:
        posts.setdefault(p.id, p)

    all_media = list(session.execute(select(Media).where(Media.post_id.in_(list(posts))).order_by(
        Media.post_id, Media.position)).scalars()) if posts else []
    authors = {p.author_id for p in posts.values()}

    threads: list[dict[str, Any]] = []
    for pid in thread_post_ids:
        rows = list(session.execute(select(Comment).where(Comment.post_id == pid)
                                    .order_by(Comment.created_at).limit(200)).scalars())
        flagged_here = [c for c in flagged_comments.values() if c.post_id == pid]
        keep = _thread_window(rows, flagged_here)
        threads.append({"post_id": pid, "comments": keep, "total": len(rows)})
        authors |= {c.author_id for c, _d in keep}
    handles = dict(session.execute(select(Account.id, Account.handle).where(Account.id.in_(list(authors))))
                   .all()) if authors else {}

    def cview(c: Comment, depth: int) -> CommentView:
        ss = by_subject.get(("comment", c.id), [])
        return CommentView(c, highlight(c.text, _spans_for(c.text, ss, "text")), depth, bool(ss), ss,
                           handles.get(c.author_id, c.author_id), c.author_id == case.account_id)

    for th in threads:
        th["views"] = [cview(c, d) for c, d in th["comments"]]
        th["post"] = posts.get(th["post_id"])
        th["author_handle"] = handles.get(th["post"].author_id, th["post"].author_id) if th["post"] else ""

    media_by_post: dict[str, list[MediaView]] = defaultdict(list)
    for m in all_media:
        ms = by_subject.get(("media", m.id), [])
        size = None
        if m.sha256 and ms and any(e.get("box") for s in ms for e in s.evidence):
            size = image_size(str(store.blobs.path_for(m.sha256)))
        media_by_post[m.post_id].append(MediaView(m, ms, _boxes(ms, size), size))
    post_views = []
    for p in posts.values():
        ps = by_subject.get(("post", p.id), [])
        post_views.append(PostView(p, media_by_post.get(p.id, []), ps,
                                   highlight(p.caption or "", _spans_for(p.caption, ps, "caption")),
                                   handles.get(p.author_id, p.author_id)))
    post_views.sort(key=lambda pv: (-(max([s.score for s in pv.signals] + [s.score for m in pv.media
                                                                             for s in m.signals] + [0])),))

    decisions = list(session.execute(select(Decision).where(Decision.case_id == case.case_id)
                                     .order_by(Decision.created_at.desc()).limit(50)).scalars())
    ring = session.get(Ring, case.ring_id) if case.ring_id else None
    delivery = _delivery_states(session, [d.id for d in decisions])
    return {
        "case": case, "account": account, "signals": sigs, "account_signals": acct_sigs,
        "account_bio_html": highlight(account.bio or "", _spans_for(account.bio, acct_sigs, "bio")) if account
        else "",
        "why": why_flagged(case, sigs), "posts": post_views[:MAX_POSTS], "threads": threads,
        "decisions": decisions, "delivery": delivery, "ring": ring, "graph": neighbourhood(session, case, threads, who),
        "related": [ref_id(x) for x in (case.related_accounts or [])][:MAX_NEIGHBOURS],
        "guardian_notices": _guardian_notices(session, sorted({c.post_id for c in flagged_comments.values()})),
    }


def _guardian_notices(session: Session, post_ids: list[str]) -> list[dict[str, Any]]:
    """Guardian notices (notify_poster) for these posts: under a case, the posts its flagged comments sit on."""
    if not post_ids:
        return []
    from harrier.enforce.guardian import notices_for_posts

    return notices_for_posts(session, post_ids)


def _delivery_states(session: Session, decision_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Webhook and CyberTipline state per decision, from the enforce area's tables (absent: empty)."""
    if not decision_ids:
        return {}
    try:
        from harrier.enforce.tables import CyberTiplineReport, WebhookDelivery
    except ImportError:
        return {}
    out: dict[int, dict[str, Any]] = defaultdict(dict)
    for did, state, attempts, err in session.execute(select(
            WebhookDelivery.decision_id, WebhookDelivery.state, WebhookDelivery.attempts, WebhookDelivery.last_error)
            .where(WebhookDelivery.decision_id.in_(decision_ids))).all():
        out[did]["webhook"] = {"state": state, "attempts": attempts, "error": err}
    for did, status in session.execute(select(CyberTiplineReport.decision_id, CyberTiplineReport.status)
                                       .where(CyberTiplineReport.decision_id.in_(decision_ids))).all():
        out[did]["report"] = status
    return out


def _thread_window(rows: list[Comment], flagged: list[Comment]) -> list[tuple[Comment, int]]:
    """The flagged comments with their ancestors and direct replies, in thread order, with nesting depth."""
    by_id = {c.id: c for c in rows}
    keep: set[str] = set()
    for f in flagged:
        cur: Comment | None = f
        while cur is not None and cur.id not in keep:
            keep.add(cur.id)
            cur = by_id.get(cur.parent_id) if cur.parent_id else None
    for c in rows:
        if c.parent_id in keep or (len(keep) < THREAD_LEN and c.parent_id is None):
            keep.add(c.id)
        if len(keep) >= THREAD_LEN + len(flagged):
            break

    def depth(c: Comment) -> int:
        d, cur = 0, c
        while cur.parent_id and cur.parent_id in by_id and d < 6:
            d, cur = d + 1, by_id[cur.parent_id]
        return d

    # order: threads by their root, replies under their parent
    children: dict[str | None, list[Comment]] = defaultdict(list)
    for c in rows:
        if c.id in keep:
            parent = c.parent_id if c.parent_id in keep else None
            children[parent].append(c)
    out: list[tuple[Comment, int]] = []

    def walk(pid: str | None) -> None:
        for c in children.get(pid, []):
            out.append((c, min(depth(c), 4)))
            walk(c.id)

    walk(None)
    return out


def neighbourhood(session: Session, case: Case, threads: list[dict[str, Any]], who: Principal) -> Any:
    g = Graph()
    acc = session.get(Account, case.account_id)
    g.add_node(Node(case.account_id, acc.handle if acc else case.account_id, case.severity, None, center=True,
                    weight=1.0))
    ids = [i for i in (ref_id(x) for x in (case.related_accounts or [])) if i][:MAX_NEIGHBOURS]
    comment_edges: set[tuple[str, str]] = set()
    for th in threads:
        post = th.get("post")
        for c, _d in th["comments"]:
            if post is not None and c.author_id != post.author_id:
                comment_edges.add((c.author_id, post.author_id))
    for a, b in comment_edges:
        for x in (a, b):
            if x not in ids and x != case.account_id and len(ids) < MAX_NEIGHBOURS:
                ids.append(x)
    allids = [case.account_id, *ids]
    accounts = {a.id: a for a in session.execute(select(Account).where(Account.id.in_(allids))).scalars()}
    cases = {c.account_id: c for c in _visible(who, session.execute(
        select(Case.account_id, Case.case_id, Case.severity, Case.score, Case.queue).where(Case.account_id.in_(ids)))
        .all())}
    for i in ids:
        c = cases.get(i)
        a = accounts.get(i)
        g.add_node(Node(i, a.handle if a else i, c.severity if c else None,
                        f"/cases/{c.case_id}" if c else f"/search?q={i}", weight=c.score if c else 0.0))
    follows = session.execute(select(Follow.follower_id, Follow.followee_id).where(
        Follow.follower_id.in_(allids), Follow.followee_id.in_(allids))).all()
    for a, b in follows:
        g.add_edge(a, b, "follows")
    msgs = session.execute(select(MessageEdge.sender_id, MessageEdge.recipient_id).where(
        MessageEdge.sender_id.in_(allids), MessageEdge.recipient_id.in_(allids)).distinct()).all()
    for a, b in msgs:
        g.add_edge(a, b, "messaged")
    for a, b in comment_edges:
        g.add_edge(a, b, "commented")
    for i in ids:
        if not any(i in (a, b) for a, b, _k in g.edges):
            g.add_edge(case.account_id, i, "ring" if case.ring_id else "related")
    return {"svg": render_svg(g), "nodes": len(g.nodes), "edges": len(g.edges)}


# --- rings and search ---------------------------------------------------------------------------------------


def ring_page(session: Session, ring: Ring, who: Principal) -> dict[str, Any]:
    """The ring's members with the cases ``who`` may see (the table and the graph alike); ``hidden`` counts
    the others."""
    members = [m for m in (ref_id(x) for x in (ring.members or [])) if m]
    accounts = {a.id: a for a in session.execute(select(Account).where(Account.id.in_(members))).scalars()}
    member_cases = list(session.execute(select(Case).where(Case.account_id.in_(members))).scalars())
    cases = {c.account_id: c for c in _visible(who, member_cases)}
    post_ids = [p for p in (ref_id(x) for x in (ring.posts or [])) if p][:40]
    posts = list(session.execute(select(Post).where(Post.id.in_(post_ids))).scalars()) if post_ids else []
    g = Graph()
    for m in members[:60]:
        c = cases.get(m)
        a = accounts.get(m)
        g.add_node(Node(m, a.handle if a else m, c.severity if c else None,
                        f"/cases/{c.case_id}" if c else None, weight=c.score if c else 0.0))
    for a, b in session.execute(select(Follow.follower_id, Follow.followee_id).where(
            Follow.follower_id.in_(members), Follow.followee_id.in_(members))).all():
        g.add_edge(a, b, "follows")
    for a, b in session.execute(select(MessageEdge.sender_id, MessageEdge.recipient_id).where(
            MessageEdge.sender_id.in_(members), MessageEdge.recipient_id.in_(members)).distinct()).all():
        g.add_edge(a, b, "messaged")
    if post_ids:
        authors = dict(session.execute(select(Post.id, Post.author_id).where(Post.id.in_(post_ids))).all())
        for cm_author, pid in session.execute(select(Comment.author_id, Comment.post_id).where(
                Comment.post_id.in_(post_ids), Comment.author_id.in_(members)).limit(2000)).all():
            g.add_edge(cm_author, authors.get(pid, ""), "commented")
    return {"ring": ring, "members": members, "accounts": accounts, "cases": cases, "posts": posts,
            "hidden": len(member_cases) - len(cases), "guardian_notices": _guardian_notices(session, post_ids),
            "graph": {"svg": render_svg(g, 460, 340), "nodes": len(g.nodes), "edges": len(g.edges)}}


def search(session: Session, q: str, who: Principal, limit: int = 50) -> dict[str, Any]:
    """Cases ``who`` may see (``hidden``: how many others matched), accounts, posts, media, comments."""
    q = q.strip()
    out: dict[str, Any] = {"cases": [], "accounts": [], "posts": [], "media": [], "comments": [], "hidden": 0}
    if not q:
        return out
    out["cases"] = list(session.execute(select(Case).where(or_(Case.case_id == q, Case.account_id == q,
                                                               Case.ring_id == q)).limit(limit)).scalars())
    handle = q.lstrip("@")
    # prefix range instead of LIKE so the handle index is used on both engines
    out["accounts"] = list(session.execute(select(Account).where(or_(
        Account.id == q, (Account.handle >= handle) & (Account.handle < handle + "\uffff"))).limit(limit)).scalars())
    out["posts"] = list(session.execute(select(Post).where(Post.id == q)).scalars())
    out["comments"] = list(session.execute(select(Comment).where(Comment.id == q)).scalars())
    h = q.lower()
    if len(h) == 64 and all(ch in "0123456789abcdef" for ch in h):
        out["media"] = list(session.execute(select(Media).where(or_(Media.sha256 == h, Media.declared_sha256 == h))
                                            .limit(limit)).scalars())
    else:
        out["media"] = list(session.execute(select(Media).where(Media.id == q)).scalars())
    # accounts found → their cases too
    acc_ids = [a.id for a in out["accounts"]] + [p.author_id for p in out["posts"]] + \
        [c.author_id for c in out["comments"]]
    if out["media"]:
        acc_ids += list(session.execute(select(Post.author_id).where(
            Post.id.in_([m.post_id for m in out["media"]]))).scalars())
    if acc_ids:
        seen = {c.case_id for c in out["cases"]}
        out["cases"] += [c for c in session.execute(select(Case).where(Case.account_id.in_(acc_ids)).limit(limit))
                         .scalars() if c.case_id not in seen]
    visible = _visible(who, out["cases"])
    out["hidden"], out["cases"] = len(out["cases"]) - len(visible), visible
    return out
