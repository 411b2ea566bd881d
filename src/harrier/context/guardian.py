"""Family posts that drew predators: the per-post judgement behind the guardian notice (``notify_poster``).

A parent who posts their own children rarely sees what strangers write under those photos, and the platform
acting on the commenters (removal, reports) is invisible to them. When remarks flagged on their own words
gather under a family's child photo, the parent should hear that it happened, in plain words, with advice on
who can see and comment — without being made a suspect (no case is opened for the poster).

One post qualifies when, all at once:

* it likely shows a child (``post.minor_likelihood`` >= ``features.CHILD``);
* its author is a *family* account: child imagery that is not a showcase. Judged on what the account itself
  does — devotion times the corroboration lines *other than its audience* (AI share, reach gaming, handle/bio)
  stays below ``FAMILY_MAX``, and it posts few AI-generated children (``account.ai_child_imagery`` <
  ``FAMILY_MAX``, AI share of its child posts < ``REAL_PHOTOS``). The audience is left out on purpose:
  the strangers' remarks are what we measure here, and they must not turn the victim into a "dedicated"
  account that no longer gets the notice;
* at least ``MIN_REMARKS`` comments under it are flagged on their own words (``ContextData.comment_flagged_alone``;
  a context-only "so cute" never counts), by at least ``MIN_ACCOUNTS`` distinct accounts outside the poster's
  circle (not the poster, not mutual follows: ``ContextData.comment_close``). A post with only benign or
  in-circle comments is never proposed.

The account's signal ``account.family_post_drew_predators`` is 0 without such a post, 0.5 at the bar, rising
with the number of distinct accounts; its evidence lists the posts and their counts (no comment text).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from harrier.context.data import ContextData
from harrier.context.features import CHILD, DETECTOR, EVIDENCE_IDS, Features, corroboration
from harrier.model.signals import Evidence, Signal, register_kind

KIND = "account.family_post_drew_predators"
MIN_REMARKS = 2
MIN_ACCOUNTS = 2
FAMILY_MAX = 0.3  # own dedication (without audience) and AI child imagery below this: a family account
REAL_PHOTOS = 0.5  # share of AI-generated child posts below this: mostly real photographs

register_kind(KIND, ["account"],
              "The account is a family account (child imagery without a showcase's signs: low own dedication, "
              "few AI-generated children) and under one of its child photos at least two remarks flagged on their "
              "own words were left by at least two accounts outside its circle (not mutual follows). 0.5 at that "
              "bar, rising with the number of accounts. Drives the guardian notice (notify_poster): the poster is "
              "told, never suspected. Evidence lists the posts with their counts, no comment text.",
              score="0..1 feature", severity_hint="low")


@dataclass(frozen=True)
class FamilyPost:
    post: int  # post index
    flagged_comments: int
    accounts: int
    comments: tuple[int, ...]  # comment indices (for the console; never sent to the platform as text)


def family_accounts(d: ContextData, f: Features) -> np.ndarray:
    """bool per account: posts child imagery, but not as a showcase (see the module docstring)."""
    c = f.counts
    # dedication's lines less the audience; a showcase that sells elsewhere is no family either
    own_dedication = c["devotion"] * corroboration(c["ai_line"], f["account.reach_gaming"] * 1.5,
                                                   np.maximum(d.account_text, c["bio_sells"]) * 1.5)
    return ((c["child_posts"] > 0) & (own_dedication < FAMILY_MAX) & (f["account.ai_child_imagery"] < FAMILY_MAX)
            & (f["account.offsite_showcase"] < FAMILY_MAX) & (c["ai_share"] < REAL_PHOTOS))


def family_posts(d: ContextData, f: Features) -> dict[int, list[FamilyPost]]:
    """Per family account index, its child posts where flagged remarks by strangers gathered."""
    if not d.n_comments:
        return {}
    family = family_accounts(d, f)
    author = d.post_author[d.comment_post]
    m = (d.comment_flagged_alone & (d.comment_author != author) & ~d.comment_close
         & (d.post_child[d.comment_post] >= CHILD) & family[author])
    out: dict[int, list[FamilyPost]] = {}
    idx = np.flatnonzero(m)
    for p in np.unique(d.comment_post[idx]):
        cs = idx[d.comment_post[idx] == p]
        n_acc = len(np.unique(d.comment_author[cs]))
        if len(cs) >= MIN_REMARKS and n_acc >= MIN_ACCOUNTS:
            out.setdefault(int(d.post_author[p]), []).append(
                FamilyPost(int(p), len(cs), n_acc, tuple(int(c) for c in cs)))
    return out


def score(fp: list[FamilyPost]) -> float:
    """0.5 at the bar (two accounts), towards 1 with more: a rule's 0.5 means "the bar is met"."""
    n = max((x.accounts for x in fp), default=0)
    return 0.0 if n < MIN_ACCOUNTS else float(1.0 - 0.5 * np.exp(-(n - MIN_ACCOUNTS) / 2.0))


def signals(d: ContextData, f: Features) -> list[Signal]:
    """``account.family_post_drew_predators`` for every family account with a qualifying post."""
    out: list[Signal] = []
    for a, fps in sorted(family_posts(d, f).items()):
        fps = sorted(fps, key=lambda x: (-x.accounts, -x.flagged_comments, d.post_ids[x.post]))
        shown = fps[:EVIDENCE_IDS]
        per_post = [{"post_id": d.post_ids[x.post], "flagged_comments": x.flagged_comments, "accounts": x.accounts,
                     "commenters": sorted({d.account_ids[d.comment_author[c]] for c in x.comments})} for x in shown]
        evidence = [
            Evidence(kind="feature", field="posts", value=len(fps)),
            Evidence(kind="feature", field="flagged_comments", value=sum(x.flagged_comments for x in fps)),
            Evidence(kind="feature", field="accounts", value=max(x.accounts for x in fps),
                     note="most distinct accounts under one post"),
            Evidence(kind="signal", field="posts", ref=[d.post_ids[x.post] for x in shown],
                     note="family child photos with flagged remarks by strangers"),
            # per post, what the notice counts (the commenters are for the console, never sent to the platform)
            Evidence(kind="metadata", field="post_counts", value=per_post),
        ]
        out.append(Signal(subject=("account", d.account_ids[a]), kind=KIND, score=min(1.0, score(fps)),
                          detector=DETECTOR, evidence=evidence))
    return out


__all__ = ["KIND", "FamilyPost", "family_accounts", "family_posts", "score", "signals"]
