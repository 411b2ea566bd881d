"""Remarks that flag by construction, whatever the intent model says.

The intent model is good on phrasings like its training data and can be outvoted by them elsewhere: an explicit
sexual word about a child, a fruit code under a child's photo or a request for the generating app must never
hinge on one learned weight. These rules (terms in ``data/certain.tsv``, all seven languages) lift the scores
of such remarks to a floor and flag them; the model can only add to them. They yield to an actual objection:
a remark that reports, warns or condemns (counter-speech lexicon or an ``objection`` term) is left to the
model, and a remark these rules flag is never discounted as counter-speech for merely being a question. A
counter-speech word inside a grooming phrase ("parents" in "don't tell your parents") is part of the move, not an
objection.

* ``explicit`` (sexual-act, arousal, porn vocabulary) under a child's image, or beside a child/age word:
  harmful and sexualising at least 0.97. Beside a child word away from a child's image (since text.comment 1.24.0),
  a word that names the subject ("sex", "sexual", "porn", "sexting": ``TOPIC``) needs someone wanting, asking for,
  offering, trading or doing it, or taking it to messages, as well (a desire, request, abuse, trading, contact,
  generation or handle term, or "i want", "who has", "ich will", "quiero"...), and a child word of another
  language that is an ordinary English word ("kind") in an English remark is no child word;
* ``code`` (sexualising adjectives, body euphemisms, fruit/emoji codes) under a child's image: 0.9;
* ``generation`` (asking or wishing for the app/model/prompt) under a child's image: generation request 0.9;
* ``grooming`` (a grooming move addressed to the reader: secrecy from parents, deleting the chat, sexual-experience
  or body questions, photos of themselves or in underwear, "so mature for your age", "your parents wouldn't
  understand", exclusivity, a request for a picture of their body, a picture swap, an undress request, questions
  about their arousal or periods, minors called by their age to write to the speaker) in any
  context: desire or solicitation 0.97; ``coercion`` (a threat to publish or to tell the reader's parents, a demand
  made on love: sextortion) in any context: abuse intent 0.97; ``nudify`` (removing clothes from anyone's picture,
  offered or asked for) in any context: generation request 0.9, and under a child's image sexualising 0.97 as well.
  Threats, undress and body-picture requests, picture swaps, exclusivity and nudify offers are word-order patterns
  (``moves.py``) as well as terms. These moves are what published grooming research describes, and they are
  addressed to a person, so the post they sit under adds nothing; they are phrases, never single words, so that
  ordinary speech ("our secret recipe", "send me a pic of the cake") does not match.

Two stances are about the speaker (``stances.py``, since 1.21.0): ``identity``, a self-declared paedophile ("I'm a
proud MAP", "nomap and proud", "#MAPPride"), is harmful under any post (0.9, minimisation) and explicit under a
child's image (0.97); ``age``, "age is just a number" under a child's image, is sexualising at 0.9, like a code.

One rule lowers instead of raising: a contact move framed as a business proposal ("dm us for a collab",
"samenwerking", "Kooperation"; ``business`` terms) with nothing harmful in it is not flagged for being said under
a child's image (:func:`business_offer`): brands write to child influencers' parents every day. Modelling and
photo-shoot offers are deliberately not ``business`` terms: they are a documented grooming pretext.

A score of at least 0.95 under a child's image is what ``account.child_comment_evidence`` treats as one
explicit remark (a case on its own), so ``explicit`` and the two moves addressed to the reader as a person
(``grooming``, ``coercion``, and ``nudify`` under a child's image) are set above it, and ``code`` and ``generation``
below it. A move is as
plain as an explicit word: it is a phrase, never a single word, and on the real benign remarks the project holds
(304 quoted in public reporting, 4,357 benign and counter-speech lines of the corpus) and on 44,000 distinct
comments of the independent and demo platforms none matches (re-checked for text.comment 1.14.0), where one
grooming line or one sextortion threat under a child's photo is what a moderator must see. A fruit code or "which
app?" is ordinary under many photos: those stay remarks that need a second one. A nudify offer is a generation
request, which the account step weighs as one (under sexualised child imagery), and under a child's image an
explicit sexualising remark on its words as well (0.97 since 1.19.0; 0.9 in 1.16.0): the picture it offers to strip
is that child's, and the offer is a phrase ("erase any clothes on girls", "upload a photo to strip") that no
benign remark the project holds matches, so one is a case, as one grooming line is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from harrier.detect.text import moves, protect, stances
from harrier.detect.text.data import read_rows
from harrier.detect.text.lexicon import Hit, _trie_regex
from harrier.detect.text.normalise import Normalized, folds_eszett, key_view, normalise

KINDS = ("explicit", "code", "generation", "grooming", "coercion", "nudify", "identity", "age", "objection",
         "business", "protect")
CHILD_IMAGE = 0.5  # post minor-likelihood from which a remark counts as said under a child's image
FLOORS = {"explicit": 0.97, "code": 0.9, "generation": 0.9, "grooming": 0.97, "coercion": 0.97, "nudify": 0.9,
          "identity": 0.9, "age": 0.9}
# under a child's image, a nudify offer (text.comment 1.19.0) and a paedophile's self-identification (1.21.0)
# sexualise that child explicitly: one is a case
CHILD_FLOORS = {"nudify": 0.97, "identity": 0.97, "trading": 0.97}
# rules that fire whatever the post: the moves are addressed to the reader, not about the image, offering to
# strip anyone's picture is harmful under any post, and so is declaring oneself a paedophile ("MAP pride")
ANY_CONTEXT = {"grooming": "desire_or_solicitation", "coercion": "abuse_intent", "nudify": "generation_request",
               "identity": "minimisation"}
# Explicit words that name the subject rather than voice an appetite or an act: news, guidance and counter-speech put
# them beside "children" all the time ("sexting causes children grief", "a sexual conversation with a 14-year-old
# boy", "soliciting sex from the children"). On the development data (the corpus's train and dev splits, the three
# batches of quoted remarks) the clause "beside a child word" raised no harmful remark the model had missed and flagged
# seven benign ones, all of them this register (text.comment 1.24.0); under a child's image they still flag.
TOPIC = frozenset({"sex", "sexual", "porn", "porno", "pornô", "sexting", "seks", "sexe", "sexo", "sesso", "nsfw"})
# Explicit words that everyday speech also uses for "great": German "geil!" (and Dutch youth's) is "awesome" under a
# goal, a meal or a holiday photo. Under a child's image such a word is explicit where it is said of a person — beside a
# child, age or body word or with appetite ("geile kleine", "das kind ist so geil", "geile beine", "so geil 🤤"); said
# of no one ("geil! ✨", "mega geil") it flags there at a code's floor and no higher (SLANG_CAPPED), a remark that needs
# a second one to make a case: on the second author's
# development platforms "geil!" was an ordinary comment, 25-52 per store of 8,000 accounts, by relatives, parents and
# strangers, never by a planted offender, and one of them under a child's photo made a one-remark case; reporting
# quotes "geil" under children's photos as a sexualising comment (text.comment 1.31.0)
SLANG = frozenset({"geil", "geile", "geiles", "geiler"})
SLANG_CAPPED = ("harmful", "sexualising_minor", "abuse_intent", "desire_or_solicitation", "minimisation")
# what makes a topic word beside a child word the speaker's own move: wanting, asking for, offering, trading or doing
# it, taking it to private messages, asking for the app that makes it, a paedophile handle
WANTS = frozenset({"desire", "request", "abuse", "trading", "contact", "generation", "handle"})
# or the speaker saying they want or seek it, in the seven languages (on the accent-free key view): "i want sex with a
# 12 year old", "who has porn of kids", "ich will Sex mit", "quién tiene porno de niñas"
_SEEKS = re.compile(r"\b(?:i want|i wanna|i need|i'd love|id love|looking for|anyone (?:have|got)|who (?:has|got)|"
                    r"ik wil|wie heeft|ik zoek|ich will|ich mochte|wer hat|ich suche|je veux|qui a|je cherche|"
                    r"quiero|quien tiene|busco|quero|quem tem|procuro|voglio|chi ha|cerco)\b")
# emoji whose code meaning (documented algospeak, emoji.tsv) sexualises a child they are left under: body and
# sexual codes, the cherry (virginity), lollipop (2019 comment networks), corn (= porn) and cheese pizza (= CP);
# swimsuit, foot, splash, tongue and the faces stay with the model: too often innocent under a child's beach, bath
# or birthday-cake photo. A fruit code that sits beside its own name ("cherry picking 🍒", "corn on the cob 🌽")
# is the fruit: LITERAL below.
CODE_EMOJI = frozenset({"🍑", "🍆", "🫦", "🔞", "🍒", "🍭", "🌽", "🧀🍕", "🍕🧀"})
# Of those, the codes for the material itself (emoji.tsv ``trading_code``: corn = porn, cheese pizza = CP) ask for or
# offer it: under a child's image one is explicit (CHILD_FLOORS), a case on its own, where a body code stays a
# concerning remark. On the development platforms and the demo platform every such remark under a child's image
# ("hat wer 🧀🍕? 👀", "🌽 whn?"; 131 of them: 13 on twelve independent platforms, 118 on demo seeds 7-9) was a
# planted offender's, and three independent lone commenters had been missed with one each.
TRADING_CODES = frozenset({"🌽", "🧀🍕", "🍕🧀"})
# the words that make a code emoji literal, all seven languages (word prefixes in the text as written)
LITERAL = {
    "🍒": ("cherr", "kers", "kirsch", "ceris", "cerez", "cerej", "cilieg"),
    "🍭": ("lollipop", "lolly", "lollies", "candy", "lolli", "lutscher", "sucette", "piruleta", "pirulito",
          "lecca", "snoep", "süß", "bonbon", "caramel", "dulce", "doce", "caramell"),
    "🌽": ("corn", "maïs", "mais", "elote", "milho", "mazorca", "pannocchi", "kolf", "kolben", "épi", "epi"),
    "🧀🍕": ("pizza",), "🍕🧀": ("pizza",),
}


# The quote marks, one set for both readings below: the opening quote starts the text or follows a space or bracket,
# so that apostrophes ("l'âge", "it's", "dogs' toys") open nothing; a quoted span holds no quote mark
_Q_OPEN = r"""(?:^|(?<=[\s(\[{]))['"“„«‘‹]"""
_Q_CLOSE = r"""['"”“»’›]"""
_Q_BODY = r"""[^'"”“»’›]"""
# a quoted span echoed back with a question mark: "'perfect age'?? she's a child", "„kann ich sie ausleihen" ???"
_ECHO = re.compile(_Q_OPEN + "(" + _Q_BODY + r"{3,}?)" + _Q_CLOSE + r"(?=\s*[?!]*\?)")


# any quoted span, from the same quote marks: someone else's words when the speaker's own words around it object
# (``TextScorer.echo_only``): "'🍑🍑😏' WTF IS WRONG WITH YOU", a counter-speaker quoting the code in order to object
_QUOTED = re.compile(_Q_OPEN + "(" + _Q_BODY + r"{2,}?)" + _Q_CLOSE + r"(?=[\s?!.,:;)\]}]|$)")


def quoted(key: str) -> list[tuple[int, int]]:
    """Every quoted span of ``key`` (not only those echoed back with a question mark: :func:`echoed`)."""
    return [(m.start(1), m.end(1)) for m in _QUOTED.finditer(key) if m.group(1).strip()]


def echoed(key: str) -> list[tuple[int, int]]:
    """Spans of ``key`` quoted and echoed back with a question mark: the incredulous quote of someone else's words
    that counter-speech is made of. No remark in the corpus, the training quotes or the development platforms that
    has this form is harmful; 13 corpus and 53 development-platform lines that have it are counter-speech or
    ordinary."""
    # a phrase, not one word: a single scare-quoted word asked about ('who has "nudes"?') is the asker's own
    return [(m.start(1), m.end(1)) for m in _ECHO.finditer(key) if " " in m.group(1).strip()]


@dataclass(frozen=True)
class Term:
    kind: str
    lang: str
    term: str
    source: str


@dataclass(frozen=True)
class Match:
    kind: str
    term: str
    lang: str
    start: int  # original offsets
    end: int


@cache
def terms() -> dict[str, list[Term]]:
    out: dict[str, list[Term]] = {}
    for r in read_rows("certain.tsv"):
        if len(r) != 4 or r[0] not in KINDS:
            raise ValueError(f"certain.tsv: bad row {r!r} (kind<TAB>lang<TAB>term<TAB>source)")
        out.setdefault(key_view(normalise(r[2]).text), []).append(Term(*r))
    return out


@cache
def _regex() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?=(" + _trie_regex(terms()) + r")(?!\w))")


def match(n: Normalized) -> list[Match]:
    """Every certain-term occurrence in a normalised text (original offsets), plus the code emoji."""
    out: list[Match] = []
    table = terms()
    key = key_view(n.text)
    # someone else's words, quoted back in disbelief ("'si sabes a lo que me refiero'?? ernsthaft?"), are not the
    # speaker's: no rule fires on them, and the model reads the whole remark (text.comment 1.21.1)
    echo = echoed(key)

    def own(a: int, b: int) -> bool:
        return not any(s <= a and b <= e for s, e in echo)

    for m in _regex().finditer(key):
        if not own(m.start(1), m.end(1)):
            continue
        a, b = n.span(m.start(1), m.end(1))
        out.extend(Match(t.kind, t.term, t.lang, a, b) for t in table[m.group(1)]
                   if not folds_eszett(n.original[a:b], t.term))
    # word-order patterns: threats, undress requests, nudify offers (moves.py); MAP identity, "age is just a
    # number" (stances.py)
    # a parent warning the reader off their child or page (protect.py)
    for p, a, b in [*moves.find(key), *stances.find(key), *protect.find(key)]:
        if not own(a, b):
            continue
        a, b = n.span(a, b)
        out.append(Match(p.kind, f"{p.name}: {n.original[a:b]}", p.lang, a, b))
    words = re.findall(r"\w+", n.original.lower())  # not n.text: it spells each emoji out ("🌽" -> "corn")
    out += [Match("code", e, "*", a, b) for a, b, _code, _note in n.emoji_codes
            if (e := n.original[a:b]) in CODE_EMOJI
            and not any(w.startswith(p) for w in words for p in LITERAL.get(e, ()))]
    return list({(x.kind, x.start, x.end): x for x in out}.values())


BUSINESS_CAP = 0.45  # a business offer's contact-move score: still a signal (>= 0.3), never a flagged move (0.5)


def business_offer(found: list[Match], hits: list[Hit]) -> Match | None:
    """The business term of a remark that proposes a commercial contact and carries no harmful cue (no rule term
    other than ``business``/``objection``, no sexual/body/desire/abuse lexicon hit), else ``None``."""
    if any(m.kind in FLOORS for m in found) or any(
            h.category in ("sexual", "body", "desire", "abuse", "trading", "request", "ambiguous") for h in hits):
        return None
    return next((m for m in found if m.kind == "business"), None)


# Telling the poster they look young ("tu fais si jeune !", "you look so young", "du siehst so jung aus") is a
# compliment on their looks, the remark young-looking adults get under their selfies; it asks for no tool. The model
# reads the French idiom ("faire jeune" = to look young) as "make young", a generation request (0.69-0.76 on every
# development platform, where the young-looking adults' commenters write it; two such hard negatives reached a top 50
# on development seed 111 by it). A remark of this form, with no generation term of its own, has its generation score
# held at LOOKS_YOUNG_CAP (below what the account step counts, 0.5); its other readings stay the model's. The subject
# must be the reader: "tu les fais si jeunes", "how do you make them look so young" ask how the images are made.
LOOKS_YOUNG_CAP = 0.3
_ADV = r"(?:(?:so+|very|really|super|too|way|si|tellement|trop|tres|vraiment|hyper|echt|voll|sehr|total|zo|heel"
_ADV += r"|tan|muy|re|tao|muito|mt|cosi|molto|davvero|proprio) )?"
LOOKS_YOUNG = re.compile("|".join([
    rf"\b(?:you|u) (?:look|seem) {_ADV}(?:young|youthful)\b", r"\b(?:you|u) (?:don'?t|do not) look (?:your|ur) age\b",
    rf"\b(?:tu (?:fais|parais)|vous (?:faites|paraissez)) {_ADV}jeunes?\b", rf"\bt'?as l'air {_ADV}jeune\b",
    r"\btu (?:ne )?fais pas ton age\b",
    rf"\b(?:du siehst|sie sehen) {_ADV}jung aus\b", rf"\b(?:je|jij) ziet er {_ADV}jong uit\b",
    rf"\b(?:te ves|pareces|se ve) {_ADV}joven\b", r"\bno aparentas (?:tu )?edad\b",
    rf"\b(?:voce|vc|tu) (?:parece|pareces) {_ADV}jovem\b",
    rf"\bsembri {_ADV}(?:giovane|giovanissima|giovanissimo)\b", r"\bnon dimostri (?:la tua )?eta\b",
]))


def looks_young(n: Normalized, hits: list[Hit]) -> str | None:
    """The words of a remark that tells the reader they look young and carries no generation term, else ``None``."""
    if any(h.category == "generation" for h in hits):
        return None
    m = LOOKS_YOUNG.search(key_view(n.text))
    return m.group(0) if m else None


# A protective reply's scores (protective): harmful categories held at the code cap (score.under_flag), the contact
# move below the level the account step counts at all (0.3), counter-speech at least COUNTER_FLOOR
PROTECT_CONTACT_CAP = 0.25
COUNTER_FLOOR = 0.9
# cues that make a remark more than a warning, whatever protective words it has: "never comment on my posts, dm me"
_NOT_ONLY_PROTECTIVE = frozenset({"sexual", "body", "desire", "abuse", "trading", "request", "ambiguous", "contact",
                                  "generation", "handle"})


def protective(found: list[Match], hits: list[Hit]) -> Match | None:
    """The ``protect`` match of a remark that warns the reader off the speaker's own child or page and carries no
    other cue (no rule term that raises, no sexual/body/desire/abuse/trading/request/appetite, contact, generation
    or handle term), else ``None``: the model's reading of such a reply as abuse or a contact move is the child
    words and the imperative it learned from grooming, not what the reply does (protect.py)."""
    guard = next((m for m in found if m.kind == "protect"), None)
    if guard is None or any(m.kind in FLOORS for m in found):
        return None
    # a cue inside the protective words is theirs ("en privé", "privado": a DM word in "passe ton compte en privé")
    if any(h.category in _NOT_ONLY_PROTECTIVE and not (guard.start <= h.start and h.end <= guard.end) for h in hits):
        return None
    return guard


@dataclass(frozen=True)
class Decision:
    """What the rules changed: raised scores, categories to flag, and a reason per rule that fired."""

    scores: dict[str, float]
    flag: list[str]
    notes: list[str]
    spans: list[dict]
    # a rule of ANY_CONTEXT fired: it fires on the words alone, whatever the post, so the remark is flagged on its
    # own words (the context step's lone-offender evidence counts it)
    words_alone: bool = False
    # the kinds of the rules that fired ("coercion", "grooming"...)
    kinds: frozenset[str] = frozenset()


def false_friend(h: Hit, lang: str | None) -> bool:
    """A child word of another language that is an ordinary word of the remark's: German and Dutch "kind" in "you
    were kind and thoughtful". Only English has a word list (``wordlist.tsv``); the false friends the data showed are
    English words."""
    return lang == "en" and h.lang not in ("en", "*") and h.term in english_words()


@cache
def english_words() -> frozenset[str]:
    return frozenset(r[0] for r in read_rows("wordlist.tsv"))


def objects(n: Normalized, hits: list[Hit], found: list[Match]) -> bool:
    """The remark carries an objection one can point at: a counter-speech term or an ``objection`` term outside a
    grooming move, a protective reply (protect.py), or someone else's words echoed back in disbelief. The intent
    model reads some harmful remarks as counter-speech with none of these ("Hey, why won't you respond? Don't be
    mean to me like this.": 0.92); the account step asks for one before it treats an account as an objector
    (context.features ``objects``)."""
    return (protective(found, hits) is not None or _objection_terms(found, hits, ("objection",))
            or bool(echoed(key_view(n.text))))


def _objection_terms(found: list[Match], hits: list[Hit], kinds: tuple[str, ...]) -> bool:
    """A rule term of ``kinds`` or a counter-speech lexicon hit, outside a move addressed to the reader (a
    counter-speech word inside a grooming phrase, "parents" in "don't tell your parents", is part of the move)."""
    move_spans = [(m.start, m.end) for m in found if m.kind in ANY_CONTEXT]

    def inside_move(a: int, b: int) -> bool:
        return any(s <= a and b <= e for s, e in move_spans)

    return any(m.kind in kinds and not inside_move(m.start, m.end) for m in found) or any(
        h.category == "counter" and not inside_move(h.start, h.end) for h in hits)


def apply(n: Normalized, hits: list[Hit], found: list[Match], scores: dict[str, float],
          minor_likelihood: float, lang: str | None = None) -> Decision | None:
    """Lift ``scores`` (context-fused) where a rule fires; ``None`` when none does. ``lang``: the remark's language
    (given or guessed), which decides whether a child word of another language is one here."""
    move_spans = [(m.start, m.end) for m in found if m.kind in ANY_CONTEXT]
    if _objection_terms(found, hits, ("objection", "protect")):
        return None  # an actual objection: the model decides
    child_image = minor_likelihood >= CHILD_IMAGE
    child_words = any(h.category in ("child", "age") and not false_friend(h, lang) for h in hits)

    def wants() -> bool:  # asked only for a topic word beside a child word: rare, so not on every comment's path
        return any(h.category in WANTS for h in hits) or bool(_SEEKS.search(key_view(n.text)))

    def about_body() -> bool:  # a slang word said of a body or with appetite ("geile beine", "so geil 🤤")
        return any(h.category in ("body", "desire", "ambiguous") for h in hits)

    out = dict(scores)
    flag: list[str] = []
    notes: list[str] = []
    spans: list[dict] = []
    fired: set[str] = set()
    only_slang = True  # every rule that fired is a slang word said of no one
    for m in sorted(found, key=lambda m: (m.start, m.kind)):
        slang_alone = m.kind == "explicit" and m.term in SLANG and not (child_words or about_body())
        if slang_alone and child_image:
            cats, why = ("harmful", "sexualising_minor"), "under a child's image, said of no one: as a code"
        elif slang_alone:
            continue
        elif m.kind == "explicit" and (child_image or (child_words and (m.term not in TOPIC or wants()))):
            cats, why = ("harmful", "sexualising_minor"), ("under a child's image" if child_image
                                                            else "beside a child/age word")
        elif m.kind == "code" and child_image:
            cats, why = ("harmful", "sexualising_minor"), "under a child's image"
        elif m.kind == "generation" and child_image:
            cats, why = ("generation_request",), "under a child's image"
        elif m.kind == "nudify" and child_image:
            # offering or asking to strip anyone's picture, under a child's: that child is who would be stripped.
            # Sexualising as well as a generation request, so the account step counts it on its words like a code
            # remark, not only where others have sexualised the imagery (text.comment 1.16.0); explicitly, so one is a
            # case (1.19.0: CHILD_FLOORS)
            cats, why = ("harmful", "generation_request", "sexualising_minor"), "under a child's image"
        elif m.kind in ("identity", "age") and child_image:
            # a self-declared paedophile under a child's image, or "age is just a number" there: sexualising that
            # child (identity explicitly: CHILD_FLOORS), and minimising it
            cats, why = ("harmful", "minimisation", "sexualising_minor"), "under a child's image"
        elif m.kind in ANY_CONTEXT:
            cats, why = ("harmful", ANY_CONTEXT[m.kind]), "a move addressed to the reader, in any context"
        else:
            continue
        rule_kind = "code" if slang_alone else m.kind  # a slang word said of no one is read as a code
        kind = "trading" if m.kind == "code" and m.term in TRADING_CODES else rule_kind
        only_slang &= slang_alone
        fired.add(rule_kind)
        for c in cats:
            floor = (CHILD_FLOORS[kind] if kind in CHILD_FLOORS and child_image
                     and c in ("harmful", "sexualising_minor") else FLOORS[rule_kind])
            out[c] = max(out[c], floor)
        flag += [c for c in cats if c != "harmful" and c not in flag]
        cat = cats[-1]  # the category the span names
        note = f"rule {rule_kind} '{m.term}' ({m.lang}) {why}: flags whatever the model says"
        notes.append(note)
        spans.append({"start": m.start, "end": m.end, "category": cat, "note": note})
    if not flag:
        return None
    if only_slang:
        # said of no one, it is a remark that needs a second one: never explicit, whatever the context lent it
        out |= {k: min(out[k], FLOORS["code"]) for k in SLANG_CAPPED}
    # a flagged remark is not counter-speech for being phrased as a question: that needs an objection
    out["counter_speech"] = min(out.get("counter_speech", 0.0), 0.2)
    return Decision(out, flag, notes, spans, words_alone=bool(move_spans), kinds=frozenset(fired))
