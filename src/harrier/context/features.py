"""Per-account features, computed on arrays for every account at once and emitted as explainable signals.

Each feature is a 0..1 score with its raw counts kept beside it, so the signal's evidence can say *why*
(how many posts, which shares, which post and comment ids). The features measure; the ranking that weighs
them against each other is :mod:`harrier.context.risk`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from harrier.context.data import FLAG, ContextData
from harrier.model.signals import Evidence, Signal, register_kind

NAME = "context.features"
# 1.14.0: a poster's objection that names their own child counts, and puts the remark under a child, whatever the
# image model read
# 1.13.0: a remark the poster objected to that the text detector flags in place weighs as two concerning remarks
# 1.12.0: the poster's objection counts under an image that may show a child (MAYBE_CHILD), not only CHILD
# 1.11.0: an objector needs an objection one can point at (the text detector's ``objection`` evidence)
# 1.10.0: a remark the child image's poster answered with an objection is concerning (poster_objections)
# 1.9.0: account.dedicated_audience, a stranger's comments under the child imagery of two or more showcases
# 1.8.0: one remark flagged on its words that the text model is sure of (>= SURE) under a confident child image
# counts SURE_W: an account whose remarks there are such makes a case on one (child_comment_evidence)
# 1.7.0: a remark flagged on its words that names a child counts as said under child imagery (comment_strength).
# 1.6.0: a comment is flagged where the text detector flagged it (data.FLAG, UNFLAGGED).
# 1.5.0: an owner's replies under her own posts, and moves in one's own circle, are no DM moves
# 1.16.0: a remark under a showcase's post that may show a child (MAYBE_CHILD) is said under child imagery
# 1.15.0: account.offsite_showcase, child imagery whose captions point to a private channel; such captions are the
# "pointing elsewhere" line of dedication as the handle/bio is
# 1.17.1: the share weight of child_comment_evidence counts both of its sides over the same comments
# 1.17.0: a stranger's objection to a remark counts as the poster's does (witness_objections); a generation request
# counts under a showcase's child imagery as under sexualised imagery; the showcase
# lines that need no audience (AI child imagery, offsite showcase) count UNSAID_W on an account
# none of whose child posts' captions or hashtags name a child: the image model's age estimate alone; where one
# does, the AI line saturates sooner (AI_CHILD_FULL_SAID)
# 1.18.0: a sextortion threat (text.comment's ``threat``) counts as said about a child wherever it sits, as a flagged
# remark that names a child does, and both count on both sides of the share weight; the offsite showcase counts
# every post of the account whose caption points to a private channel, not only those read as a child's
# 1.18.1: the poster's DM moves answering flagged remarks under its child imagery point elsewhere (dedication's
# corroboration)
# 1.19.0: devotion counts a post the image model is unsure of (>= MAYBE_CHILD) as child imagery where its own
# caption or hashtags name a child outright (text.minor_cue >= SAID_CHILD)
# 1.19.1: a remark the poster or a witness objected to is said under child imagery (child_ctx): its flagged words
# weigh in full (not OFF_CHILD_W) and can be explicit, and it counts on both sides of the share weight
# 1.20.0: a flagged remark under a post not read as child imagery counts (OFF_CHILD_W) only on a reading about
# someone (data.ABOUT_KINDS), not on abuse_intent's lines addressed to the reader ("can i get your number 😏")
# 1.21.0: a bio that sells content elsewhere (text.account_offsite) is the offsite showcase's pointer and a line of
# dedication's corroboration, on an account whose own words say its posts show children
VERSION = "1.21.0"
DETECTOR = f"{NAME}@{VERSION}"

CHILD = 0.5  # a post "shows a child" from this minor-likelihood on
AI = 0.5
# Lone-offender evidence (``account.child_comment_evidence``): a remark scored at least EXPLICIT under a child's
# image is one a moderator needs to see on its own; any other concerning comment adds ITEM_W x its score, so
# one cannot reach the case bar (policy: 0.6) and two flagged remarks (>= 0.6) can.
EXPLICIT = 0.95
EXPLICIT_W = 0.9
ITEM_W = 0.62
# A remark without a lexicon term, flagged on its words and scored harmful at >= SURE by the text model, under an
# image the image model is sure shows a child (>= SURE_CHILD), weighs SURE_W x its score (0.97 -> 0.63): one such
# remark reaches the case bar when the account's remarks under child imagery are mostly concerning (share_w),
# never for a relative whose one misread compliment sits among many ordinary ones ("Willst Du mit mir dann
# irgendwann dein erstes Mal haben?" under a child's photo, by an account that wrote nothing else there)
SURE, SURE_CHILD, SURE_W = 0.97, 0.95, 0.65
# A remark flagged on its words under a post not judged to show a child counts half, where it is about someone
# ("le meilleur âge", "más fotos de ella?": an offender's remark under a family photo the image model misread).
# A line addressed to the reader, which abuse_intent reads ("can i get your number 😏", "heirate mich"), counts
# nothing there: it is harmful when the reader is a child, and under an adult's selfie it is flirting. Off child
# imagery such readings are the text model's commonest false flag (~370 of the ~450 remarks flagged there per
# development store of the second generator; 1-4 of them by planted offenders, whose 2-22 remarks there are mostly
# about the child), and adults flirting under their friends' selfies made lone-offender cases with one remark under
# a young-looking adult's photo (1.20.0)
OFF_CHILD_W = 0.5
AI_CHILD_FULL = 4.0  # AI-generated child posts: saturation scale of the AI line (5 posts -> 0.71, 8 -> 0.86)
CLOSE_W = 0.2  # a remark under the post of someone the account follows and is followed by (ContextData.comment_close)
GEN_W, CONTACT_W = 0.8, 0.6  # generation requests (under sexualised child imagery) and contact moves (under
# child imagery) count only there
SHARE_FULL = 0.4  # from this share of the account's comments under child imagery being concerning, full weight
# A showcase is an account a child-imagery rule of the default policy would open a case for on its posts alone
# (dedicated_child_imagery_account, ai_child_imagery_account, offsite_child_showcase); its audience is whoever
# comments under its child posts as a stranger, and commenting so under AUDIENCE_FULL showcases gives
# account.dedicated_audience 0.63 (the policy's bar 0.6: two showcases, never one)
SHOWCASE_DEDICATION, SHOWCASE_AI = 0.5, 0.6
# Child imagery captioned to send its viewers to a private channel ("new set 💕 more on tg": post.fusion's
# text.contact_move): the pattern of accounts that sell or trade sets of children's images elsewhere, in public
# reporting on such networks. One such caption is no pattern (a parent's "sent to the family WhatsApp"): the score
# counts from the second on, saturating (two: 0.63, three: 0.86, four: 0.95), on an account whose posts are mostly
# child imagery (devotion, full from DEVOTED: how many children's photos a family posts does not tell a family from
# a showcase, where its captions point does). Such an account is a showcase (SHOWCASE_OFFSITE) and needs no
# audience to be worth a moderator's minute.
OFFSITE, OFFSITE_FULL, DEVOTED, SHOWCASE_OFFSITE = 0.5, 1.0, 0.5, 0.6
# The profile can point every post elsewhere at once: a bio that sells content elsewhere ("ensaios exclusivos 💌 link
# na bio", "AI-kunst | meer op tg: ..._vip": text.account_offsite, 0.9) is the offsite showcase's pointer at its own
# score, and a line of dedication's corroboration. Only where the account's own captions or hashtags say its posts
# show a child (child_posts_said > 0): adult creators write "exclusive content 🔗 in bio" too, and the image model
# reads some of their selfies as a child's. On the development stores of the second generator seven planted
# showcases missed the top 50 this way (no flagged audience, or their generated children read under 0.5); every
# bio of the stores of both generators that the reading takes is a planted showcase's or an adult creator's.
INVITE_FULL = 1.0  # the poster's DM moves answering flagged remarks: saturation of the "elsewhere" line (one: 0.63)
# The two showcase lines that need no audience (AI child imagery, offsite showcase) rest on the image model's age
# estimate, which docs/MODELS.md calls weak on its own. Where none of the account's child posts says so in its own
# caption or hashtags (post.fusion's text.minor_cue >= SAID: "#kidsfashion", "mijn dochter", "AI kids"), they count
# UNSAID_W: such an account needs more generated children to be a showcase (an account of mostly child imagery, 8 AI
# posts: 0.86 x 0.8 = 0.69, a case), and an adult AI artist whose six fantasy portraits the image model all read as
# children ("new series: sky islands ☁️ #artwork #portrait": 0.67 before, a hard negative with a case on development
# seed 89) is none. On the 24 development platforms every planted showcase had five or more child posts that say so,
# and no artist of adults, adult creator or young-looking adult had one.
SAID, UNSAID_W = 0.5, 0.8
# How much of an account is child imagery (devotion) counts, besides the posts read as a child's, those the image model
# is unsure of (>= MAYBE_CHILD) whose own caption or hashtags name a child outright (text.minor_cue >= SAID_CHILD:
# "#littlemodel", "#kidsfashion", "little angel"; not "AI girl ✨ #aimodel", 0.7, which adult AI influencers write):
# the age estimate is a weak signal (docs/MODELS.md), and the account's own words settle what it posts. On development
# seed 103 a showcase of generated children with "new set 💕 more on tg #littlemodel" under a post read 0.48 had 6 of
# 10 posts read as a child's, devotion 0.52 and dedication 0.48: no case. On 36 development stores and demo seeds 7-9
# the accounts this lifts past a bar were all planted offenders (8); at SAID (0.5) one was the demo's adult AI
# influencer
SAID_CHILD = 0.8
# Where they do, the AI line needs fewer generated children (AI_CHILD_FULL_SAID: 3 posts -> 0.70, 5 -> 0.86): the count
# guards against the image model's misreads, which the account's own words rule out. On the development platforms it
# made cases for four planted showcases with 3-7 AI-labelled child posts among 13-18 ("nouveau set 💕 #littlemodel",
# "AI art ✨ #kidsfashion") and for no other account.
AI_CHILD_FULL_SAID = 2.5
AUDIENCE_FULL = 1.0
AUDIENCE_Z = 5.0  # standard deviations above the platform's base rate of comments under showcases
OBJECTS = 0.5  # text.counter_speech from which a comment objects (an objector is nobody's audience)
# A comment the child image's poster answered with an objection ("stay away from my kids", "blocked and reported 🤬",
# "'ik hou van jou'?? das ist mein SOHN. gemeldet") is concerning at OBJECTED, like a remark flagged on its own
# words: one is no case, two are (or one and a flagged remark). The parent read the remark where it was said, which
# is the context the text detector lacks for "ik hou van jou"
OBJECTED = 0.8
# ... under an image that may show a child: from the minor-likelihood where context starts to count for the text
# detector (detect/text/fusion.LOW). The image model reads many real children's photos at 0.3-0.5; the parent's
# objection is the corroboration the uncertain age estimate lacks
MAYBE_CHILD = 0.3
EVIDENCE_IDS = 8  # ids listed per evidence item: enough to check, not thousands

register_kind("account.dedication", ["account"],
              "How much the account is dedicated to child imagery: the share of its posts that show a child (high "
              "post.minor_likelihood) times the strongest corroboration (share of those AI-generated, reach gaming, "
              "flagged audience); evidence gives each share and the post ids.", score="0..1 feature",
              severity_hint="high")
register_kind("account.ai_child_imagery", ["account"],
              "The account's posts are mostly child imagery and it repeatedly posts AI-generated children: devotion "
              "(share of posts showing a child, saturating in their number; a post the image model is unsure of "
              "counts where its caption or hashtags name a child outright) times a saturating count of its child "
              "posts whose media is AI-generated (provenance, platform label, AI-art caption), x 0.8 when no child "
              "post's caption or hashtags name a child (the image model's age estimate alone). Parents post "
              "photographs of their children; a showcase of generated children needs no audience to be worth a "
              "moderator's minute. Evidence lists the AI-generated child posts.", score="0..1 feature",
              severity_hint="medium")
register_kind("account.offsite_showcase", ["account"],
              "The account's posts are mostly child imagery and their captions repeatedly send viewers to a private "
              "channel (Telegram, Kik, Snapchat, WhatsApp, Discord...: post.fusion's text.contact_move): a saturating "
              "count of such posts from the second on (two: 0.63), on an account whose posts are mostly "
              "child imagery (devotion, full from 0.5), x 0.8 when no child post's caption or hashtags name a child; "
              "or, where one does, the bio's offer of content elsewhere (text.account_offsite: 'exclusive sets 💌 "
              "link in bio', 'more on tg'). A showcase that advertises elsewhere needs no audience "
              "to be worth a moderator's minute; evidence lists the posts.", score="0..1 feature",
              severity_hint="high")
register_kind("account.audience_risk", ["account"],
              "Share of the account's commenters and followers who left flagged comments elsewhere or have flagged "
              "handles/bios, and the share of comments it received that are flagged.", score="0..1 feature")
register_kind("account.commenter_recurrence", ["account"],
              "Comments on many different child-imagery posts by different authors, weighted by the share of those "
              "comments that are flagged.", score="0..1 feature", severity_hint="high")
register_kind("account.dedicated_audience", ["account"],
              "Comments under the child imagery of two or more accounts dedicated to it (showcases: "
              "account.dedication >= 0.5, account.ai_child_imagery >= 0.6 or account.offsite_showcase >= 0.6), "
              "written as a stranger (not under the post of a mutual follow), whatever the words, by an account that "
              "never objects under a child's image (text.counter_speech) and whose comments land there far more often "
              "than the platform's base rate predicts (5 standard deviations): the audience that gathers around "
              "showcases of children, where remarks are harmful by who says them to whom ('ik hou van jou'). "
              "Saturating in the number of showcases beyond the first; evidence lists the showcases, the excess and "
              "the comments.",
              score="0..1 feature", severity_hint="medium")
register_kind("account.contact_moves", ["account"],
              "Replies that move to DMs, message edges started after a flagged comment to that recipient, and "
              "link-outs to other platforms.", score="0..1 feature", severity_hint="high")
register_kind("account.reach_gaming", ["account"],
              "Share of the account's child-imagery posts tagged with sounds/hashtags that trend on this platform "
              "(many distinct authors) but are unrelated to children (mostly used on other content).",
              score="0..1 feature")
register_kind("account.generation_interest", ["account"],
              "Repeated requests for the generator/app behind child imagery, or posts teaching how to make it.",
              score="0..1 feature")
register_kind("account.child_comment_evidence", ["account"],
              "The account's own concerning comments, on their own evidence (no base rate, no network): remarks "
              "flagged on their own words as sexualising, desirous or abusive under likely minors or under a "
              "showcase's post that may show one, or anywhere when they name a child or are a sextortion threat "
              "(half weight elsewhere), generation requests under sexualised "
              "child imagery, contact moves under child imagery, "
              "comments the child image's poster or a witness answered with an objection (0.8, never explicit); "
              "remarks to its own circle (mutual follows) count a fifth. One explicit remark (score >= 0.95 under a "
              "child's image) or two flagged remarks reach 0.6; a relative whose misread compliments sit among many "
              "ordinary comments there is discounted by that share. Evidence lists the comments.",
              score="0..1 feature", severity_hint="high")
register_kind("account.flagged_comment_share", ["account"],
              "Share of the comments this account wrote that are flagged by the text detectors (counter-speech "
              "discounted).", score="0..1 feature")


def _sat(x: np.ndarray, scale: float | np.ndarray) -> np.ndarray:
    """Saturating 0..1 transform of a count: 1 - exp(-x/scale)."""
    return (1.0 - np.exp(-np.asarray(x, np.float64) / scale)).astype(np.float32)


def _count(idx: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    return np.bincount(np.asarray(idx, np.int64), weights=weights, minlength=n).astype(np.float64)[:n]


def _distinct_pairs(a: np.ndarray, b: np.ndarray, nb: int) -> tuple[np.ndarray, np.ndarray]:
    key = np.unique(np.asarray(a, np.int64) * max(nb, 1) + np.asarray(b, np.int64))
    return (key // max(nb, 1)).astype(np.int64), (key % max(nb, 1)).astype(np.int64)


def excess(owner: np.ndarray, values: np.ndarray, n: int, mask: np.ndarray | None = None,
           strata: np.ndarray | None = None) -> np.ndarray:
    """How far each account's sum of ``values`` (over its items) exceeds what the platform's base rate predicts
    for those items, in standard deviations (a z-score; 0 for accounts without items).

    Detectors misfire at some rate on ordinary content (an "ambiguous" remark under a family photo); an account
    is remarkable when its items are flagged *far more often than everyone's*, not when one or two are. The
    base rate is measured on this platform, so a noisier detector raises the bar by itself. ``strata`` (small
    ints per item) gives each item the base rate of its own kind: comments under child imagery are flagged
    more often by context-aware text detectors, and a relative commenting on family photos must be compared
    with other comments there. With ``mask``, only the masked items count for the account, against the base
    rates of all items.
    """
    owner = np.asarray(owner, np.int64)
    v = np.asarray(values, np.float64)
    if len(v) == 0:
        return np.zeros(n)
    st = np.zeros(len(v), np.int64) if strata is None else np.asarray(strata, np.int64)
    k = np.bincount(st).astype(np.float64)
    mu_s = np.bincount(st, weights=v) / np.maximum(k, 1)
    var_s = np.bincount(st, weights=v * v) / np.maximum(k, 1) - mu_s**2 + 1e-6
    mu, var = mu_s[st], var_s[st]
    if mask is not None:
        owner, v, mu, var = owner[mask], v[mask], mu[mask], var[mask]
    dev = _count(owner, n, v - mu)
    sd = np.sqrt(_count(owner, n, var))
    return np.divide(dev, sd, out=np.zeros(n), where=sd > 0)


def z_score(z: np.ndarray, start: float = 2.0, scale: float = 3.0) -> np.ndarray:
    """0..1 from a z-score: nothing below ``start`` deviations, then saturating."""
    return (1.0 - np.exp(-np.maximum(np.asarray(z, np.float64) - start, 0.0) / scale)).astype(np.float32)


def _safe_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.divide(a, b, out=np.zeros(len(a), np.float64), where=b > 0)


@dataclass
class Features:
    """Feature scores (float32, one per account) and the raw counts behind them."""

    scores: dict[str, np.ndarray]
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    own_content: np.ndarray | None = None  # strength of the account's own flagged content (risk input)
    trending_unrelated: np.ndarray | None = None  # bool per tag id (sounds first, then hashtags)
    comment_strength: np.ndarray | None = None  # per comment, from comment_strength (evidence ordering)
    comment_explicit: np.ndarray | None = None
    audience_comment: np.ndarray | None = None  # per comment, bool: counts towards account.dedicated_audience
    objection: np.ndarray | None = None  # per comment: the poster's objecting reply to it (a comment index), else -1
    witness: np.ndarray | None = None  # per comment: a stranger's objecting reply to it (a comment index), else -1
    invite: np.ndarray | None = None  # per comment, bool: the poster's DM move answering a flagged remark

    def __getitem__(self, kind: str) -> np.ndarray:
        return self.scores[kind]


def compute(d: ContextData) -> Features:
    n = d.n_accounts
    np_, nc = d.n_posts, d.n_comments
    child_post = d.post_child >= CHILD
    comment_flag = d.comment_flagged
    c_post_author = d.post_author[d.comment_post] if nc else np.zeros(0, np.int32)
    on_child = child_post[d.comment_post] if nc else np.zeros(0, bool)
    not_self = d.comment_author != c_post_author
    counts: dict[str, np.ndarray] = {}

    # dedication: share of own posts that show a child, and how many of those are AI-generated.
    n_posts = _count(d.post_author, n)
    n_child = _count(d.post_author[child_post], n)
    n_ai_child = _count(d.post_author[child_post & (d.post_ai >= AI)], n)
    child_share = _safe_div(n_child, n_posts)
    ai_share = _safe_div(n_ai_child, n_child)
    # how much of the account is child imagery, by the image model or, where it is unsure, by the post's own words
    said_post = ~child_post & (d.post_child >= MAYBE_CHILD) & (d.post_said_child >= SAID_CHILD)
    n_child_any = n_child + _count(d.post_author[said_post], n)
    devotion = _safe_div(n_child_any, n_posts) * _sat(n_child_any, 3.0)
    # AI generation as a count, not only a share: an account that mixes generated children with real-looking
    # child photos (whose provenance nobody marked) has a diluted share but still posts generated children
    ai_line = np.maximum(ai_share, _sat(n_ai_child, AI_CHILD_FULL))
    n_said = _count(d.post_author[child_post & (d.post_said_child >= SAID)], n)
    said_w = np.where(n_said > 0, 1.0, UNSAID_W)
    ai_full = np.where(n_said > 0, AI_CHILD_FULL_SAID, AI_CHILD_FULL)
    ai_child = (devotion * _sat(n_ai_child, ai_full) * said_w).astype(np.float32)
    n_offsite = _count(d.post_author[child_post & (d.post_offsite >= OFFSITE)], n)
    # the showcase counts every caption of the account that points to a private channel, on an account of child
    # imagery (the devotion gate), not only those of posts the image model read as a child's (since 1.18.0): a
    # showcase's "new set 💕 more on tg" under a generated child the model read 0.31 advertises the same sets. On 37
    # development stores and demo seeds 7-9 the accounts this lifts past the bar were all planted showcases, three
    # of them without a case before (15 of 27 posts read as children, 34 flagged remarks from their audience)
    n_offsite_any = _count(d.post_author[d.post_offsite >= OFFSITE], n)
    bio_sells = d.account_offsite.astype(np.float64) * (n_said > 0)
    offsite = (np.minimum(1.0, devotion / DEVOTED)
               * np.maximum(_sat(np.maximum(n_offsite_any - 1.0, 0.0), OFFSITE_FULL), bio_sells)
               * said_w).astype(np.float32)
    counts |= {"posts": n_posts, "child_posts": n_child, "child_posts_by_caption": n_child_any - n_child,
               "ai_child_posts": n_ai_child, "child_share": child_share,
               "ai_share": ai_share, "offsite_child_posts": n_offsite, "offsite_posts": n_offsite_any,
               "child_posts_said": n_said, "bio_sells": bio_sells}

    # flagged comment share (of what the account wrote).
    n_comments = _count(d.comment_author, n)
    n_flagged = _count(d.comment_author[comment_flag], n)
    harm_sum = _count(d.comment_author, n, d.comment_harm.astype(np.float64) * comment_flag)
    flagged_share = (_safe_div(n_flagged, n_comments + 1.0)).astype(np.float32)
    counts |= {"comments": n_comments, "flagged_comments": n_flagged, "harm_sum": harm_sum}

    # audience risk: who comments on / follows this account.
    flag_v = d.comment_harm.astype(np.float64) * comment_flag
    strata = on_child.astype(np.int64)  # comments under child imagery have their own base rate
    # what the account wrote to people it does not know counts fully; to its own circle, a fifth (CLOSE_W)
    close_w = np.where(d.comment_close, CLOSE_W, 1.0)
    z_own = excess(d.comment_author, flag_v * close_w, n, strata=strata)
    own_comments = z_score(z_own)
    suspicious = (own_comments >= 0.5) | (d.account_text >= 0.5)
    # as the account's own evidence, one flagged remark is no pattern however rare flags are here (its z-score
    # is large only because one item has little variance): the excess counts from the second flagged remark to
    # strangers on; a single remark makes a case only when explicit (``lone`` below)
    # (and not under its own posts: a parent's "thank you ❤️" replies that the text model misreads are no pattern)
    n_flag_far = _count(d.comment_author[comment_flag & ~d.comment_close & not_self], n)
    own_pattern = own_comments * (1.0 - np.exp(-np.maximum(n_flag_far - 1.0, 0.0)))
    ca, ct = _distinct_pairs(d.comment_author[not_self], c_post_author[not_self], n)
    commenters = _count(ct, n)
    susp_commenters = _count(ct[suspicious[ca]], n)
    followers = _count(d.follow_dst, n)
    susp_followers = _count(d.follow_dst[suspicious[d.follow_src]], n)
    received = _count(c_post_author[not_self], n)
    received_flagged = _count(c_post_author[not_self & comment_flag], n)
    audience = np.maximum.reduce([
        _safe_div(susp_commenters, commenters + 2.0),
        _safe_div(susp_followers, followers + 4.0),
        z_score(excess(c_post_author, flag_v, n, not_self, strata)),
    ]).astype(np.float32)
    counts |= {"commenters": commenters, "suspicious_commenters": susp_commenters, "followers": followers,
               "suspicious_followers": susp_followers, "received_comments": received,
               "received_flagged": received_flagged}

    # commenter recurrence: distinct child-imagery posts and authors commented on, times the flagged share.
    m = on_child & not_self
    ra, _rp = _distinct_pairs(d.comment_author[m], d.comment_post[m], np_)
    distinct_child_posts = _count(ra, n)
    raa, _ = _distinct_pairs(d.comment_author[m], c_post_author[m], n)
    distinct_child_authors = _count(raa, n)
    comments_on_child = _count(d.comment_author[m], n)
    flagged_on_child = _count(d.comment_author[m & comment_flag], n)
    z_child = excess(d.comment_author, flag_v, n, m, strata)
    recurrence = (_sat(np.maximum(distinct_child_authors - 1, 0), 2.0) * z_score(z_child)).astype(np.float32)
    counts |= {"child_posts_commented": distinct_child_posts, "child_authors_commented": distinct_child_authors,
               "comments_on_child": comments_on_child, "flagged_on_child": flagged_on_child}

    # contact moves: DM-move replies, messages after a flagged comment to the same person, link-outs.
    contact_sum = _count(d.comment_author, n, d.comment_contact.astype(np.float64) * (d.comment_contact >= 0.3))
    # a message after a remark within one's own circle, or under one's own post, is what friends do
    fm = (comment_flag | (d.comment_contact >= 0.5)) & ~d.comment_close & not_self
    # the person a flagged comment was addressed to: the parent comment's author, else the post author
    addressee = np.where(d.comment_parent >= 0, d.comment_author[np.maximum(d.comment_parent, 0)], c_post_author)
    first = {}
    if fm.any():
        keys = d.comment_author[fm].astype(np.int64) * n + addressee[fm]
        order = np.lexsort((d.comment_time[fm], keys))
        k_sorted, t_sorted = keys[order], d.comment_time[fm][order]
        uk, start = np.unique(k_sorted, return_index=True)
        first = {"keys": uk, "time": t_sorted[start]}
    msg_after = np.zeros(len(d.msg_src), bool)
    if first and len(d.msg_src):
        mk = d.msg_src.astype(np.int64) * n + d.msg_dst
        pos = np.clip(np.searchsorted(first["keys"], mk), 0, len(first["keys"]) - 1)
        msg_after = (first["keys"][pos] == mk) & (d.msg_time >= first["time"][pos])
    n_msg_after = _count(d.msg_src[msg_after], n)
    from_comment = d.link_comment >= 0
    n_links = _count(d.link_account[from_comment], n) + 0.25 * _count(d.link_account[~from_comment], n)
    # a DM move counts where it is a move on a child or in a harmful thread, not a brand's "check your inbox"
    # under an adult creator's post
    harmful_setting = on_child | ((d.comment_parent >= 0) & comment_flag[np.maximum(d.comment_parent, 0)])
    # and it is a move by someone other than the post's owner: her replies under her own posts answer the people
    # who came to her ("get off my page", "thanks x"), whatever the text model reads in them; an account that
    # advertises elsewhere under its own showcase is what the handle/bio line of dedication is for
    # Nor a move within one's own circle (as a message after a remark there is none, ``fm``): "I wrote you on
    # WhatsApp" under a friend's child's photo is what friends do
    move_w = d.comment_contact.astype(np.float64) * (d.comment_contact >= 0.5) * (
        harmful_setting & not_self & ~d.comment_close)
    z_contact = excess(d.comment_author, move_w, n, strata=strata)
    # one DM move is no pattern (as one flagged remark is none, ``own_pattern``): against a base rate of almost
    # no such moves even a single one looks extreme, so the excess counts in full from the second act on - another
    # move, a message sent after it, or a link-out
    acts = _count(d.comment_author, n, (move_w > 0).astype(np.float64)) + n_msg_after + n_links
    repeated = np.minimum(1.0, acts / 2.0)
    contact = 1.0 - ((1.0 - z_score(z_contact) * repeated) * (1.0 - 0.6 * _sat(n_msg_after, 2.0))
                     * (1.0 - 0.4 * _sat(n_links, 2.0)))
    counts |= {"contact_replies": contact_sum, "messages_after_flagged": n_msg_after, "link_outs": n_links}

    # reach gaming: child imagery tagged with trending sounds/hashtags that are not about children.
    trending_unrelated, post_gaming = _reach_gaming_posts(d, child_post)
    n_gamed = _count(d.post_author[child_post & post_gaming], n)
    # a handful of posts with a popular sound is chance; reach gaming is a habit over many posts
    reach = (_safe_div(n_gamed, n_child) * _sat(n_gamed, 5.0)).astype(np.float32)
    counts |= {"gamed_child_posts": n_gamed}

    # Dedication in the platforms' sense is child imagery *plus* what makes it a showcase: AI-generated
    # children, reach gaming, a flagged audience. A parent posting their own children has the first only.
    # Two lines of corroboration are needed for full weight (the mean of the two strongest): an AI artist whose
    # landscapes the image model misreads as children has AI generation only. A handle or bio that advertises
    # ("more on my tg", "exclusive content") is a line of its own: the showcase pointing elsewhere, and so are its
    # child posts' captions that do (the share of them).
    # And so is the poster answering a sexualising remark under its own child imagery by moving its author to private
    # messages ("Dm me for the rst 💌" to a flagged remark; since 1.18.1): a parent objects or says nothing, a showcase
    # invites. A reply to a mutual follow is family talk, and a DM move answering an ordinary comment is what artists
    # write about commissions. On 37 development stores and demo seed 7 every account that did so was a planted
    # offender; three had no case (syn78: dedication 0.49 with an audience of 24 flagged remarks).
    invite = poster_invites(d, not_self, comment_flag)
    n_invites = _count(d.comment_author[invite], n)
    elsewhere = np.maximum.reduce([d.account_text, bio_sells, _safe_div(n_offsite, n_child),
                                   _sat(n_invites, INVITE_FULL)])
    corroborated = corroboration(ai_line, reach * 1.5, audience * 1.5, elsewhere * 1.5)
    dedication = (devotion * corroborated).astype(np.float32)
    counts |= {"devotion": devotion, "corroboration": corroborated, "ai_line": ai_line, "dm_invites": n_invites}

    # a showcase's child imagery alone opens a case; an account that objects under any child's image is nobody's
    # audience, and no parent's objection to it is evidence against it either (the parent answering a warning)
    showcase = (dedication >= SHOWCASE_DEDICATION) | (ai_child >= SHOWCASE_AI) | (offsite >= SHOWCASE_OFFSITE)
    # (an objection one can point at: a harmful remark the text model reads as counter-speech with no counter term,
    # objection, protective form or echo - "Don't be mean to me like this." - makes no objector, since 1.11.0)
    objector = (d.comment_counter >= OBJECTS) & d.comment_objection
    objects = _count(d.comment_author[on_child & not_self & objector], n) > 0
    maybe_child = (d.post_child[d.comment_post] >= MAYBE_CHILD) if nc else np.zeros(0, bool)
    objected, objection = poster_objections(d, maybe_child, showcase, objector, not_self)
    objected &= ~objects[d.comment_author]
    witnessed, witness = witness_objections(d, maybe_child, objector, not_self)
    witnessed &= ~objects[d.comment_author] & ~objected
    # a remark whose poster's objection names their own child ("this is my daughter, reported??") is under a child's
    # image, whatever the image model read
    said_child = objected & d.comment_own_child[np.maximum(objection, 0)]
    # and so is a remark under the post of a showcase - an account whose posts are child imagery by what it is -
    # where the image model is unsure (MAYBE_CHILD): on a development platform "hij wordt mooi groot 😏 snap je"
    # (flagged 0.99 on its words) sat under a showcase's post read 0.49, one hundredth short of a child's photo
    at_showcase = maybe_child & showcase[c_post_author]

    # generation interest: asking for the generator under child imagery, or posting how-tos.
    # "what model did you use?" is the everyday question under AI art; it asks for the means to make child
    # imagery when that imagery is sexualised: full weight under the child imagery of an account whose posts
    # draw remarks flagged on their own words from strangers (sexualised_author) or of a showcase (since 1.17.0:
    # "Lora??" under a showcase of generated children whose audience had written nothing flagged, on a development
    # platform), nothing elsewhere (against a base rate of almost no such questions, even a down-weighted one looks
    # extreme)
    sexualised = (sexualised_author(d) | showcase)[c_post_author] if nc else np.zeros(0, bool)  # per comment
    gen_w = d.comment_gen.astype(np.float64) * (d.comment_gen >= 0.5) * (on_child & sexualised)
    gen_sum = _count(d.comment_author, n, gen_w) + _count(d.post_author, n, d.post_gen * (d.post_gen >= 0.5))
    post_gen_sum = _count(d.post_author, n, d.post_gen * (d.post_gen >= 0.5))
    z_gen = excess(d.comment_author, gen_w, n, strata=strata)
    generation = (1.0 - (1.0 - z_score(z_gen)) * (1.0 - _sat(post_gen_sum, 3.0) * 0.5)).astype(np.float32)
    counts |= {"generation_requests": gen_sum}

    # lone-offender evidence: what the account itself wrote under child imagery, absolute (see EXPLICIT).
    # A remark flagged on its words that names a child ("little girl sexy and hot", "13 yo and so hot") is about a
    # child wherever it sits: the image detector missing the child (a real family photo read as an adult's, a post
    # with no image) must not halve it or keep it from being explicit. So is a sextortion threat (since 1.18.0:
    # "Stuur een foto, of ik zet je kinderfoto's online" under a family photo read 0.12): addressed to whoever reads
    # it, harmful wherever it is said; on the development data every one was a planted offender's (36, 7 of them off
    # child imagery) and no benign line of the corpus, the quotes or 54,511 unplanted platform comments is one.
    # Both count on both sides of the share as well (before 1.18.0 the strength counted a child-naming remark
    # as said under child imagery and the share did not: an account whose one such remark sat beside an ordinary
    # one under a child's photo had a share of 0)
    about_child = d.comment_flagged_alone & (d.comment_names_child | d.comment_threat)
    # said under child imagery, by any reading above, or by the poster's or a witness's objection to it (since 1.19.1):
    # the objection is the corroboration an uncertain age estimate (MAYBE_CHILD) lacks. Before, the strength counted the
    # objection (OBJECTED) and the remark's flagged words at half weight, and the share not at all, so an account whose
    # one objected remark sat under a post read 0.4 beside an ordinary one under a child's photo had a share of 0 of 1
    # and no evidence (development seed 105: "smol and perfect 🤤", flagged 0.99 and objected to, then "we have a
    # group for this, dm 🤤🤤" under a child's photo)
    disputed = objected | witnessed  # answered with an objection by the poster or a witness
    child_ctx = (on_child | said_child | at_showcase | about_child | disputed) & not_self
    strength, explicit = comment_strength(d, child_ctx, not_self, sexualised, disputed)
    sure = sure_remarks(d, on_child & not_self, explicit)
    concerning = strength > 0
    keep_explicit = np.exp(_count(d.comment_author, n, np.log1p(-EXPLICIT_W * explicit)))
    other_w = np.where(sure, SURE_W * d.comment_harm, ITEM_W * strength * ~explicit)
    # a remark the poster objected to that the text detector also flags where it was said is two readings of it,
    # the parent's and the words': it weighs as two concerning remarks, and so makes a case on its own
    # ("ce n'est pas la peine de se cacher pour se changer" under a child's photo, answered "das ist mein Sohn.
    # gemeldet"). Each reading alone stays one remark: the parent may misread banter, the model a compliment
    read_twice = disputed & comment_flag & ~explicit
    other_w = np.where(read_twice, 1.0 - (1.0 - ITEM_W * OBJECTED)
                       * (1.0 - ITEM_W * np.minimum(d.comment_harm, EXPLICIT)), other_w)
    keep_other = np.exp(_count(d.comment_author, n, np.log1p(-other_w)))
    # the share counts what the strength counted as said under child imagery, on both sides: a remark under a
    # showcase's uncertain post is concerning there, and among the comments there (since 1.17.1; before, it was left
    # out of the concerning side only, and an account whose one concerning remark sat there had a share of 0)
    n_concerning_child = _count(d.comment_author[concerning & child_ctx], n)
    n_child_ctx = _count(d.comment_author[child_ctx], n)
    share_w = np.minimum(1.0, _safe_div(n_concerning_child, n_child_ctx) / SHARE_FULL)
    share_w = np.where(n_child_ctx > 0, share_w, 1.0)
    lone = (1.0 - keep_explicit * (1.0 - (1.0 - keep_other) * share_w)).astype(np.float32)
    counts |= {"concerning_comments": _count(d.comment_author[concerning], n),
               "concerning_on_child": n_concerning_child, "comments_in_child_context": n_child_ctx,
               "explicit_on_child": _count(d.comment_author[explicit], n),
               "sure_on_child": _count(d.comment_author[sure], n), "child_share_weight": share_w,
               "objected_on_child": _count(d.comment_author[objected], n),
               "witnessed_on_child": _count(d.comment_author[witnessed], n)}

    # the account's own content: flagged comments it wrote, flagged captions, hash-bank matches.
    # Repetition against the base rate: one flagged remark may be a detector error, a dozen more than everyone
    # else's is a pattern (see ``excess``).
    z_cap = excess(d.post_author, d.post_harm.astype(np.float64) * (d.post_harm >= FLAG), n)
    own = np.maximum.reduce([own_pattern, lone, z_score(z_cap), _count_max(d.post_author, d.post_hash, n),
                             d.account_text.astype(np.float64) * 0.8]).astype(np.float32)

    # the audience of showcases: what a remark means depends on who says it to whom, and a stranger who comes back
    # under the children of several showcases, far more often than others do, says it as their audience ("ik hou
    # van jou", "Please come home to me, my love": no term, no model score). One showcase is no pattern (a
    # passer-by, one curious look); an account that objects under any child's image is no audience (its "make your
    # account private ❤️" under a showcase is advice, independent seed 68), nor a mutual follow of the poster, nor
    # the poster itself.
    audience_m = on_child & not_self & showcase[c_post_author] & ~d.comment_close & ~objector
    sa, _ = _distinct_pairs(d.comment_author[audience_m], c_post_author[audience_m], n)
    n_showcases = _count(sa, n)
    # where showcases game reach, everyone passes under them ("süß ❤️" among a hundred ordinary comments): the
    # account's comments must land there far more often than the platform's base rate predicts (AUDIENCE_Z)
    z_audience = excess(d.comment_author, audience_m.astype(np.float64), n, not_self)
    dedicated_audience = np.where(objects | (z_audience < AUDIENCE_Z), 0.0,
                                  _sat(np.maximum(n_showcases - 1, 0), AUDIENCE_FULL)).astype(np.float32)
    counts |= {"showcases_commented": n_showcases, "audience_comments": _count(d.comment_author[audience_m], n),
               "audience_excess": z_audience}

    return Features(
        scores={
            "account.dedication": dedication,
            "account.ai_child_imagery": ai_child,
            "account.offsite_showcase": offsite,
            "account.audience_risk": audience,
            "account.commenter_recurrence": recurrence,
            "account.contact_moves": contact,
            "account.reach_gaming": reach,
            "account.generation_interest": generation,
            "account.flagged_comment_share": flagged_share,
            "account.child_comment_evidence": lone,
            "account.dedicated_audience": dedicated_audience,
        },
        counts=counts,
        own_content=own,
        comment_strength=strength,
        comment_explicit=explicit,
        audience_comment=audience_m & ~objects[d.comment_author],
        objection=np.where(objected, objection, -1),
        witness=np.where(witnessed, witness, -1),
        invite=invite,
        trending_unrelated=trending_unrelated,
    )


def corroboration(*lines: np.ndarray) -> np.ndarray:
    """The mean of the two strongest lines of corroboration, each clipped to 0..1 (``account.dedication``)."""
    top = np.sort(np.clip(np.stack(lines), 0.0, 1.0), axis=0)
    return (top[-1] + top[-2]) / 2.0


SEXUALISED_REMARKS = 2  # remarks flagged alone, by strangers, that make an account's imagery "sexualised"


def sexualised_author(d: ContextData) -> np.ndarray:
    """bool per account: its posts drew at least SEXUALISED_REMARKS remarks flagged on their own words from
    accounts outside its circle (ContextData.comment_close) — the audience a dedicated account gathers, which an
    AI artist of adults or a family does not."""
    if not d.n_comments:
        return np.zeros(d.n_accounts, bool)
    author = d.post_author[d.comment_post]
    m = d.comment_flagged_alone & (d.comment_author != author) & ~d.comment_close
    return _count(author[m], d.n_accounts) >= SEXUALISED_REMARKS


def poster_invites(d: ContextData, not_self: np.ndarray, flagged: np.ndarray) -> np.ndarray:
    """Per comment: the post's author moving the author of a flagged remark under it to private messages (a reply
    with text.contact_move >= OFFSITE to a remark ``flagged`` there), under an image that may show a child
    (MAYBE_CHILD), to someone outside the poster's circle (``ContextData.comment_close``)."""
    p = np.maximum(d.comment_parent, 0)
    return ((d.comment_parent >= 0) & ~not_self & (d.post_child[d.comment_post] >= MAYBE_CHILD)
            & (d.comment_contact >= OFFSITE) & flagged[p] & not_self[p] & ~d.comment_close[p])


def poster_objections(d: ContextData, on_child: np.ndarray, showcase: np.ndarray,
                      objector: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per comment: whether the poster of the image it sits under answered it with an objection
    (text.counter_speech >= OBJECTS on the poster's reply to it), and that reply's index (-1 where none).

    ``on_child``: the comment is under an image that may show a child (MAYBE_CHILD); ``valid``: not under the
    commenter's own post. An objection that names the poster's own child ("this is my daughter, reported??",
    ``ContextData.comment_own_child``) says the image shows one, whatever the image model read;
    ``objector``: the comment objects (counter-speech with an objection to point at). Not counted: a showcase's
    replies (its "get off my page" defends the showcase, it protects no child), a reply to a mutual follow's comment
    (family banter) and a reply to a comment that itself objects (the parent thanking someone who warned them:
    "thanks, reported")."""
    r, p, poster = _replies(d, d.comment_counter >= OBJECTS)
    ok = ((d.comment_author[r] == poster) & valid[p] & (on_child[p] | d.comment_own_child[r]) & ~showcase[poster]
          & ~d.comment_close[p] & ~objector[p])
    return _answered(d, r, p, ok)


def witness_objections(d: ContextData, on_child: np.ndarray, objector: np.ndarray,
                       valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per comment: whether someone other than the image's poster and the commenter answered it with an objection
    ("'just how i like them' ?? sérieux ? signalé", "¿qué te pasa?? reportado"), and that reply's index (-1 where
    none). A witness read the remark where it was said, as the poster does (:func:`poster_objections`): it is
    concerning at OBJECTED, and a remark the text detector also flags there is read twice. On the development
    platforms every remark so answered was a planted offender's (116 of 116 on fifteen independent ones, 147 of 147 on
    demo seeds 7 and 8);
    the exclusions are the poster's: a reply to the poster's own comment, to a mutual follow of the poster (family
    banter), or to a comment that itself objects (thanks for a warning). ``on_child``: the comment is under an image
    that may show a child (MAYBE_CHILD); ``valid``: not under the commenter's own post."""
    r, p, poster = _replies(d, objector)
    ok = ((d.comment_author[r] != poster) & (d.comment_author[r] != d.comment_author[p]) & valid[p] & on_child[p]
          & ~d.comment_close[p] & ~objector[p])
    return _answered(d, r, p, ok)


def _replies(d: ContextData, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The replies among ``mask`` (comment indices), the comments they answer, and the poster under whose post."""
    r = np.flatnonzero((d.comment_parent >= 0) & mask)
    return r, d.comment_parent[r], d.post_author[d.comment_post[r]]


def _answered(d: ContextData, r: np.ndarray, p: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per comment: whether a reply ``r[ok]`` answers it, and that reply's index (-1 where none)."""
    out = np.zeros(d.n_comments, bool)
    reply = np.full(d.n_comments, -1, np.int64)
    out[p[ok]] = True
    reply[p[ok]] = r[ok]
    return out, reply


def comment_strength(d: ContextData, on_child: np.ndarray, valid: np.ndarray,
                     sexualised: np.ndarray, objected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per comment: how concerning it is on its own (0 = not at all) and whether it is explicit.

    ``on_child``: the comment is said under child imagery or about a child (the caller's ``child_ctx``: not the
    author's own post); ``valid``: comments that
    count at all (not on the author's own posts); ``sexualised``: the post's author is a
    :func:`sexualised_author` or a showcase; ``objected``: the image's poster or a witness answered the comment with an
    objection (:func:`poster_objections`, :func:`witness_objections`), which makes it concerning at OBJECTED, never
    explicit. Scores are already discounted by counter-speech.
    """
    # only remarks flagged on their own words: a context-only flag ("nice" under a child's photo) is what
    # relatives write all day, and is weighed against the base rate elsewhere (``excess``). Context-only remarks
    # with a cue ("looks hot 🔥") were tried at 0.8 weight in 1.3.0: on the demo platform, where adults' fitness
    # photos are misread as children's, they opened ~300 more cases (58 of them hard negatives) for one more lone
    # commenter found on the independent platforms; a wrong age estimate must not make a case on its own.
    harm = np.where(d.comment_flagged_alone & valid,
                    np.where(on_child, d.comment_harm, OFF_CHILD_W * np.minimum(d.comment_harm, d.comment_about)), 0.0)
    gen = np.where((d.comment_gen >= FLAG) & on_child & sexualised, GEN_W * d.comment_gen, 0.0)
    contact = np.where((d.comment_contact >= FLAG) & on_child, CONTACT_W * d.comment_contact, 0.0)
    close = np.where(d.comment_close, CLOSE_W, 1.0)
    # explicit: with something in the words a moderator can point at (``ContextData.comment_cue``: "dream age 🍒",
    # "perfect age"); a compliment the model and the context lifted past EXPLICIT with no such term ("babyface
    # queen 👑" under a young-looking adult's photo misread as a child's) is a concerning remark, not a case on its
    # own, and weighs at most what any non-explicit remark does (ITEM_W x EXPLICIT < the case bar)
    explicit = (on_child & d.comment_flagged_alone & (d.comment_harm >= EXPLICIT) & d.comment_cue
                & ~d.comment_close)
    parent = np.where(objected, OBJECTED, 0.0)
    strength = np.maximum.reduce([harm, gen, contact, parent]).astype(np.float64) * close
    strength = np.where(explicit, strength, np.minimum(strength, EXPLICIT))
    return strength, explicit


def sure_remarks(d: ContextData, on_child: np.ndarray, explicit: np.ndarray) -> np.ndarray:
    """Per comment: a remark with no lexicon term that the text model flagged on its words at >= SURE, under an
    image the image model is sure shows a child, to someone outside the author's circle (``SURE_W``)."""
    return (on_child & d.comment_flagged_alone & (d.comment_harm >= SURE) & ~d.comment_close & ~explicit
            & (d.post_child[d.comment_post] >= SURE_CHILD))


def _count_max(idx: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, np.float64)
    if len(idx):
        np.maximum.at(out, np.asarray(idx, np.int64), np.asarray(values, np.float64))
    return out


def _reach_gaming_posts(d: ContextData, child_post: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which tags (sounds, then hashtags) trend but are unrelated to children, and which posts carry one.

    Trending is measured on this platform: a tag is trending when many *distinct authors* use it (at least
    the 90th percentile of tag popularity and at least 5 authors). It is unrelated to children when fewer
    than a third of those authors use it on child imagery. Parents tagging #birthday are therefore not gaming:
    that tag is about children on this platform.
    """
    ns, nt = len(d.sound_names), len(d.tag_names)
    # post x tag incidence, sounds in columns [0, ns), hashtags in [ns, ns + nt)
    rows = [np.flatnonzero(d.post_sound >= 0)]
    cols = [d.post_sound[rows[0]].astype(np.int64)]
    lens = np.fromiter((len(x) for x in d.post_tags), np.int64, count=d.n_posts)
    if lens.sum():
        rows.append(np.repeat(np.arange(d.n_posts), lens))
        cols.append(np.fromiter((t for x in d.post_tags for t in x), np.int64, count=int(lens.sum())) + ns)
    r, c = np.concatenate(rows), np.concatenate(cols)
    total = ns + nt
    if total == 0 or len(r) == 0:
        return np.zeros(total, bool), np.zeros(d.n_posts, bool)
    authors = d.post_author[r].astype(np.int64)
    ua, uc = _distinct_pairs(authors, c, total)
    n_authors = np.bincount(uc, minlength=total)
    cm = child_post[r]
    _, ucc = _distinct_pairs(authors[cm], c[cm], total)
    child_authors = np.bincount(ucc, minlength=total)
    used = n_authors[n_authors > 0]
    threshold = max(5.0, float(np.percentile(used, 90))) if len(used) else 5.0
    trending = n_authors >= threshold
    unrelated = child_authors < n_authors / 3.0
    flag = trending & unrelated
    inc = sp.csr_matrix((np.ones(len(r), np.float32), (r, c)), shape=(d.n_posts, total))
    post_gaming = np.asarray(inc @ flag.astype(np.float32)).ravel() > 0
    return flag, post_gaming


# --- signals with evidence ----------------------------------------------------------------------------------


def _top(ids: list[str], idx: np.ndarray, key: np.ndarray | None = None) -> list[str]:
    if key is not None and len(idx):
        idx = idx[np.argsort(-key[idx], kind="stable")]
    return [ids[i] for i in idx[:EVIDENCE_IDS]]


class _Index:
    """account -> its posts / authored comments / received comments, built once for evidence lookups."""

    def __init__(self, d: ContextData) -> None:
        self.posts = _group(d.post_author, d.n_accounts)
        self.comments = _group(d.comment_author, d.n_accounts)
        self.received = _group(d.post_author[d.comment_post], d.n_accounts)

    def __call__(self, which: str, a: int) -> np.ndarray:
        order, start = getattr(self, which)
        return order[start[a] : start[a + 1]]


def _group(owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(owner, kind="stable")
    start = np.searchsorted(owner[order], np.arange(n + 1))
    return order, start


def signals(d: ContextData, f: Features, accounts: np.ndarray, min_score: float = 0.05) -> list[Signal]:
    """Feature signals (score >= min_score) for the given account indices, each with its evidence."""
    ix = _Index(d)
    c = f.counts
    child_post = d.post_child >= CHILD
    flagged = d.comment_flagged
    strength = f.comment_strength if f.comment_strength is not None else np.zeros(d.n_comments)
    explicit = f.comment_explicit if f.comment_explicit is not None else np.zeros(d.n_comments, bool)
    order_key = strength + explicit  # explicit remarks first, then by strength (built once, not per account)
    objection = f.objection if f.objection is not None else np.full(d.n_comments, -1)
    witness = f.witness if f.witness is not None else np.full(d.n_comments, -1)
    invites = np.flatnonzero(f.invite) if f.invite is not None else np.zeros(0, np.int64)
    invites_of = d.comment_author[invites]
    out: list[Signal] = []

    def emit(kind: str, a: int, evidence: list[Evidence], always: bool = False) -> None:
        score = float(f.scores[kind][a])
        if score >= min_score or (always and score > 0):
            out.append(Signal(subject=("account", d.account_ids[a]), kind=kind, score=min(1.0, score),
                              detector=DETECTOR, evidence=evidence))

    def feat(name: str, value: float, note: str | None = None) -> Evidence:
        return Evidence(kind="feature", field=name, value=round(float(value), 4), note=note)

    def said_ev(a: int) -> Evidence:
        said = c["child_posts_said"][a]
        return feat("child_posts_said", said, "child posts whose caption or hashtags name a child" + (
            "" if said else f": none, so the image model's age estimate alone (x {UNSAID_W})"))

    def devotion_ev(a: int) -> Evidence:
        by_caption = int(c["child_posts_by_caption"][a])
        return feat("devotion", c["devotion"][a], f"{int(c['child_posts'][a])} of {int(c['posts'][a])} posts show a "
                    "child" + (f", and {by_caption} the image model was unsure of name one in their caption or "
                               "hashtags" if by_caption else ""))

    for a in map(int, accounts):
        posts = ix("posts", a)
        comments = ix("comments", a)
        cposts = posts[child_post[posts]]
        emit("account.dedication", a, [
            feat("child_posts", c["child_posts"][a], f"of {int(c['posts'][a])} posts"),
            feat("child_share", c["child_share"][a]),
            devotion_ev(a),
            feat("ai_share_of_child_posts", c["ai_share"][a]),
            feat("corroboration", c["corroboration"][a],
                 "mean of top 2: AI share, 1.5 x reach, 1.5 x audience, 1.5 x pointing elsewhere (handle/bio, "
                 "the share of child posts whose caption names a private channel, or replies moving a flagged "
                 "commenter to private messages)"),
            Evidence(kind="signal", field="posts", ref=_top(d.post_ids, cposts, d.post_child), note="child imagery"),
            *([feat("dm_invites", c["dm_invites"][a], "replies under its own child imagery moving the author of a "
                                                       "flagged remark to private messages"),
               Evidence(kind="signal", field="comments", ref=_top(d.comment_ids, invites[invites_of == a],
                                                                   d.comment_contact),
                        note="DM moves answering flagged remarks")] if c["dm_invites"][a] else []),
        ])
        ai_posts = cposts[d.post_ai[cposts] >= AI]
        emit("account.ai_child_imagery", a, [
            feat("ai_child_posts", c["ai_child_posts"][a], f"of {int(c['child_posts'][a])} child posts"),
            devotion_ev(a),
            said_ev(a),
            Evidence(kind="signal", field="posts", ref=_top(d.post_ids, ai_posts, d.post_ai),
                     note="AI-generated child imagery (post.ai_generated)"),
        ])
        off_posts = posts[d.post_offsite[posts] >= OFFSITE]
        emit("account.offsite_showcase", a, [
            feat("offsite_posts", c["offsite_posts"][a],
                 f"of {int(c['posts'][a])} posts: the caption names a private channel"),
            feat("offsite_child_posts", c["offsite_child_posts"][a],
                 "of them, posts the image model read as a child's"),
            *([feat("bio_sells", c["bio_sells"][a], "the bio offers content elsewhere (text.account_offsite)")]
              if c["bio_sells"][a] else []),
            devotion_ev(a),
            said_ev(a),
            Evidence(kind="signal", field="posts", ref=_top(d.post_ids, off_posts, d.post_offsite),
                     note="posts captioned towards a private channel (post.fusion text.contact_move)"),
        ])
        replies = objection[comments]
        replies = replies[replies >= 0]
        witnesses = witness[comments]
        witnesses = witnesses[witnesses >= 0]
        emit("account.child_comment_evidence", a, [
            feat("concerning_on_child_imagery", c["concerning_on_child"][a],
                 f"of {int(c['comments_in_child_context'][a])} comments under child imagery"),
            feat("explicit_on_child_imagery", c["explicit_on_child"][a], f"harmful score >= {EXPLICIT}"),
            feat("sure_on_child_imagery", c["sure_on_child"][a],
                 f"no lexicon term, flagged on its words, text model >= {SURE}, image minor-likelihood >= "
                 f"{SURE_CHILD}; weight {SURE_W} x score"),
            feat("concerning_elsewhere", c["concerning_comments"][a] - c["concerning_on_child"][a]),
            feat("share_weight", c["child_share_weight"][a], f"full from {SHARE_FULL:.0%} concerning"),
            feat("objected_by_poster", c["objected_on_child"][a],
                 f"answered with an objection by the child image's poster; each concerning at {OBJECTED}"),
            feat("objected_by_others", c["witnessed_on_child"][a],
                 f"answered with an objection by someone else (not the poster, not the commenter); each concerning at "
                 f"{OBJECTED}"),
            Evidence(kind="signal", field="comments",
                     ref=_top(d.comment_ids, comments[strength[comments] > 0], order_key),
                     note="concerning comments, strongest first"),
            *([Evidence(kind="signal", field="poster_objections",
                        ref=[d.comment_ids[i] for i in replies[:EVIDENCE_IDS]],
                        note="the posters' replies objecting to its comments (text.counter_speech)")]
              if len(replies) else []),
            *([Evidence(kind="signal", field="witness_objections",
                        ref=[d.comment_ids[i] for i in witnesses[:EVIDENCE_IDS]],
                        note="others' replies objecting to its comments (text.counter_speech)")]
              if len(witnesses) else []),
        ])
        emit("account.flagged_comment_share", a, [
            feat("flagged_comments", c["flagged_comments"][a], f"of {int(c['comments'][a])} comments"),
            Evidence(kind="signal", field="comments", ref=_top(d.comment_ids, comments[flagged[comments]],
                                                                d.comment_harm), note="flagged comments"),
        ], always=True)  # case summaries count flagged comments from this numerator, however small the share
        rec = ix("received", a)
        emit("account.audience_risk", a, [
            feat("suspicious_commenters", c["suspicious_commenters"][a], f"of {int(c['commenters'][a])} commenters"),
            feat("suspicious_followers", c["suspicious_followers"][a], f"of {int(c['followers'][a])} followers"),
            feat("flagged_comments_received", c["received_flagged"][a], f"of {int(c['received_comments'][a])}"),
            Evidence(kind="neighbour", field="commenters",
                     ref=list(dict.fromkeys(d.account_ids[d.comment_author[i]]
                                            for i in rec[flagged[rec]][:64]))[:EVIDENCE_IDS]),
        ])
        on_child = comments[child_post[d.comment_post[comments]]]
        emit("account.commenter_recurrence", a, [
            feat("child_posts_commented", c["child_posts_commented"][a]),
            feat("child_authors_commented", c["child_authors_commented"][a]),
            feat("flagged_share_on_child_posts",
                 c["flagged_on_child"][a] / max(1.0, c["comments_on_child"][a])),
            Evidence(kind="signal", field="comments", ref=_top(d.comment_ids, on_child[flagged[on_child]],
                                                                d.comment_harm), note="flagged, on child imagery"),
        ])
        heard = comments[f.audience_comment[comments]] if f.audience_comment is not None else comments[:0]
        emit("account.dedicated_audience", a, [
            feat("showcases_commented", c["showcases_commented"][a],
                 f"{int(c['audience_comments'][a])} comments under their child imagery, as a stranger"),
            feat("excess_over_base_rate", c["audience_excess"][a],
                 f"standard deviations; counts from {AUDIENCE_Z:g}"),
            Evidence(kind="neighbour", field="showcases",
                     ref=list(dict.fromkeys(d.account_ids[d.post_author[d.comment_post[i]]]
                                            for i in heard))[:EVIDENCE_IDS],
                     note=f"dedication >= {SHOWCASE_DEDICATION}, AI child imagery >= {SHOWCASE_AI} or offsite "
                          f"showcase >= {SHOWCASE_OFFSITE}"),
            Evidence(kind="signal", field="comments", ref=[d.comment_ids[i] for i in heard[:EVIDENCE_IDS]]),
        ])
        moves = comments[d.comment_contact[comments] >= 0.3]
        links = d.link_target[d.link_account == a] if len(d.link_account) else np.zeros(0, np.int32)
        emit("account.contact_moves", a, [
            feat("contact_replies", c["contact_replies"][a]),
            feat("messages_after_flagged_comment", c["messages_after_flagged"][a]),
            feat("link_outs", c["link_outs"][a]),
            Evidence(kind="signal", field="comments", ref=_top(d.comment_ids, moves, d.comment_contact)),
            Evidence(kind="metadata", field="link_out_targets", value=[d.link_names[i] for i in links[:EVIDENCE_IDS]]),
        ])
        gamed = [i for i in cposts if _tags_of(d, i, f.trending_unrelated)]
        emit("account.reach_gaming", a, [
            feat("gamed_child_posts", c["gamed_child_posts"][a], f"of {int(c['child_posts'][a])} child posts"),
            Evidence(kind="metadata", field="trending_unrelated_tags",
                     value=sorted({t for i in gamed[:EVIDENCE_IDS] for t in _tags_of(d, i, f.trending_unrelated)})),
            Evidence(kind="signal", field="posts", ref=[d.post_ids[i] for i in gamed[:EVIDENCE_IDS]]),
        ])
        gens = comments[d.comment_gen[comments] >= 0.5]
        emit("account.generation_interest", a, [
            feat("generation_requests", c["generation_requests"][a]),
            Evidence(kind="signal", field="comments", ref=_top(d.comment_ids, gens, d.comment_gen)),
            Evidence(kind="signal", field="posts", ref=_top(d.post_ids, posts[d.post_gen[posts] >= 0.5])),
        ])
    return out


def _tags_of(d: ContextData, post: int, flag: np.ndarray | None) -> list[str]:
    if flag is None:
        return []
    ns = len(d.sound_names)
    out = []
    s = int(d.post_sound[post])
    if s >= 0 and flag[s]:
        out.append(f"sound:{d.sound_names[s]}")
    out += [f"#{d.tag_names[t]}" for t in d.post_tags[post] if flag[ns + t]]
    return out
