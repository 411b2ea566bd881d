"""Guardian notice (``notify_poster``): a signed ``poster.notify`` webhook asking the platform to tell a parent,
in plain non-graphic words, that strangers left flagged remarks under their child's photo, what was done, and
how to share more safely.

Which posts qualify is decided in :mod:`harrier.context.guardian` (the ``account.family_post_drew_predators``
signal) and whether a notice is proposed by the policy (a live rule with action ``notify_poster``, by default
``guardian_notice``). This module only delivers, through the same outbox as decisions (``webhooks.py``):
the row is written in one transaction, signed and retried by ``DeliveryWorker``, deduplicated by its
``delivery_id``.

Idempotent per post: the delivery id is derived from the post id and a sequence number (``dlv_gn_<hash>_<n>``,
unique in the outbox), so rescans and reassembly never write a second row for the same notice. A second notice
(``follow_up: true``) is written only when more flagged remarks arrived since the first, and never a third:
a parent hears once, and once more at most if it continued.

The payload carries counts, never comment text or the commenters' ids: the platform already has those through
decisions, and the parent's message must not repeat the remarks.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from harrier.context.guardian import KIND
from harrier.enforce.tables import WebhookDelivery
from harrier.enforce.webhooks import envelope, outbox_row
from harrier.policy.verdict import RuleHit, Verdict
from harrier.store import tables as t
from harrier.store.db import Store
from harrier.store.signals import fresh_signals, id_chunks

log = logging.getLogger(__name__)

EVENT = "poster.notify"
ACTION = "notify_poster"
MAX_PER_POST = 2  # the first notice, and one follow-up if more flagged remarks arrive

ADVICE = (
    "Consider limiting who can see posts with your child to people you know (a private account or a close "
    "friends list).",
    "Remove location tags and details that show where your child lives, goes to school or plays.",
    "Consider who can comment: limit comments on photos of your child to people you know, or turn them off.",
    "Review your followers and remove or block accounts you do not know.",
    "You do not need to reply to such comments; report any new ones that worry you.",
)

# What the platform did about the commenters, as the parent may be told it (counts of accounts).
ACTION_WORDS = {"remove_content": "comments_removed", "restrict_account": "accounts_restricted",
                "suspend_account": "accounts_suspended", "report": "accounts_reported"}


def delivery_id_for(post_id: str, seq: int) -> str:
    return f"dlv_gn_{hashlib.sha256(post_id.encode()).hexdigest()[:24]}_{seq}"


def _post_counts(sig: Any) -> list[dict[str, Any]]:
    for e in sig.evidence:
        if e.field == "post_counts" and isinstance(e.value, list):
            return [x for x in e.value if isinstance(x, dict) and x.get("post_id")]
    return []


def _actions_taken(session: Session, commenters: list[str]) -> dict[str, int]:
    """Per kind of action, how many of the flagged commenters a reviewer acted on (latest decision each)."""
    if not commenters:
        return {}
    latest: dict[str, str] = {}
    for account_id, action in session.execute(
            select(t.Decision.account_id, t.Decision.action).where(t.Decision.account_id.in_(commenters))
            .order_by(t.Decision.id)).all():
        latest[account_id] = action
    return dict(Counter(ACTION_WORDS[a] for a in latest.values() if a in ACTION_WORDS))


def message(flagged: int, accounts: int, follow_up: bool, acted: bool) -> str:
    """The suggested words for the parent: what happened, in counts, nothing of the remarks themselves."""
    more = "More comments" if follow_up else "Comments"
    done = "We have acted on them." if acted else "Our safety team is reviewing them."
    return (f"{more} under your post were flagged by our safety team as inappropriate remarks about a child "
            f"({flagged} comment{'s' if flagged != 1 else ''} from {accounts} account{'s' if accounts != 1 else ''}"
            f" you are not connected with). {done} You did nothing wrong; here is how to choose who sees and "
            "comments on your child's photos.")


def payload(delivery_id: str, poster: str, entry: dict[str, Any], seq: int, previous: str | None,
            actions: dict[str, int], rule: dict[str, str], run_id: str) -> dict[str, Any]:
    flagged, accounts = int(entry.get("flagged_comments", 0)), int(entry.get("accounts", 0))
    return envelope(delivery_id, EVENT, {
        "notice": {
            "post_id": entry["post_id"], "poster_account_id": poster, "sequence": seq,
            "follow_up": seq > 1, "previous_delivery_id": previous,
            "flagged_comments": flagged, "accounts": accounts, "actions_taken": actions,
            "message": message(flagged, accounts, seq > 1, bool(actions)), "advice": list(ADVICE),
        },
        "platform_action": {"type": ACTION, "account_id": poster,
                            "targets": [{"type": "post", "id": entry["post_id"]}]},
        "rule": rule,
        "run_id": run_id,
    })


def enqueue_notices(store: Store, verdicts: dict[str, Verdict], run_id: str) -> list[str]:
    """Outbox rows for the posts of accounts a live ``notify_poster`` rule hit; returns the new delivery ids.

    Runs after policy (the pipeline's and the live refresh's last step), in one transaction of its own.
    """
    posters = {a: next(h for h in v.notices if h.action == ACTION) for a, v in verdicts.items()
               if any(h.action == ACTION for h in v.notices)}
    if not posters:
        return []
    try:
        return _enqueue(store, posters, run_id)
    except IntegrityError:
        # another scan or live refresh wrote the same notice first (same delivery id): it is sent once either way
        log.info("guardian notice already written by a concurrent run")
        return []


def _enqueue(store: Store, posters: dict[str, RuleHit], run_id: str) -> list[str]:
    new: list[str] = []
    now = datetime.now(UTC)
    with store.session() as s:
        sigs = {x.subject[1]: x for x in fresh_signals(s, "account", sorted(posters), kinds=(KIND,))}
        written = _written(s, [e["post_id"] for sig in sigs.values() for e in _post_counts(sig)])
        for poster in sorted(sigs):
            hit = posters[poster]
            for entry in _post_counts(sigs[poster]):
                ids = [delivery_id_for(entry["post_id"], n) for n in range(1, MAX_PER_POST + 1)]
                sent = {i: written[i] for i in ids if i in written}
                seq = len(sent) + 1
                if seq > MAX_PER_POST:
                    continue
                previous = sent.get(ids[seq - 2]) if seq > 1 else None
                if previous is not None and int(entry.get("flagged_comments", 0)) <= int(
                        previous.payload["data"]["notice"]["flagged_comments"]):
                    continue  # nothing new since the first notice
                delivery_id = ids[seq - 1]
                body = payload(delivery_id, poster, entry, seq, previous.delivery_id if previous else None,
                               _actions_taken(s, list(entry.get("commenters", []))),
                               {"rule": hit.rule, "version": hit.version}, run_id)
                s.add(outbox_row(delivery_id, EVENT, body, now=now))
                new.append(delivery_id)
    return new


def _written(session: Session, post_ids: list[str]) -> dict[str, WebhookDelivery]:
    """The notice rows already in the outbox for these posts, by delivery id, in the order they were written."""
    ids = [delivery_id_for(p, n) for p in dict.fromkeys(post_ids) for n in range(1, MAX_PER_POST + 1)]
    rows = [r for chunk in id_chunks(ids) for r in session.execute(
        select(WebhookDelivery).where(WebhookDelivery.delivery_id.in_(chunk))).scalars()]
    return {r.delivery_id: r for r in sorted(rows, key=lambda r: r.id)}


def notices_for_posts(session: Session, post_ids: list[str]) -> list[dict[str, Any]]:
    """The guardian notices written for these posts (for the console): post, poster, state, counts."""
    out: list[dict[str, Any]] = []
    for r in _written(session, post_ids).values():
        n = r.payload["data"]["notice"]
        out.append({"post_id": n["post_id"], "poster": n["poster_account_id"], "sequence": n["sequence"],
                    "flagged_comments": n["flagged_comments"], "accounts": n["accounts"],
                    "state": {"delivered": "sent", "pending": "proposed"}.get(r.state, r.state),
                    "delivery_id": r.delivery_id})
    return out
