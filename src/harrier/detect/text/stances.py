"""Word-order patterns for two stances a term list covers badly: self-identification as a paedophile ("MAP",
"minor-attracted person", "nomap") with pride in it, and "age is just a number", in all seven languages
(certain.py applies them like its terms: ``identity`` and ``age`` kinds).

* ``identity``: the speaker says they are one ("I'm a proud MAP", "nomap and proud", "#MAPPride", "ich bin
  pädophil", "fier d'être MAP"). Reporting on pro-paedophile communities (the "MAP pride" flag and hashtags,
  ``reporting`` sources in ``lexicon/SOURCES``) quotes exactly these forms. The speaker's own claim, or pride in the
  label: the label alone is how critics and news name them ("so-called minor-attracted persons", "nomaps are still
  a risk"), so a bare "MAP", a plural "nomaps" and "I'm not a pedo" never fire, nor a "pedo hunter", a "map
  maker" or "age is just a number" on a birthday. Calling them one's own people is the claim too ("an meine
  Pädofreunde verkauft", "my pedo friends": affiliation).
* ``age``: "age is just a number" and its forms. Under a child's image it says the child's age is no bar; on a
  birthday (a birthday word or an ordinal in the remark: "80 years young, age is just a number!") it is the
  compliment it usually is.

Written by hand for the reason ``moves.py`` gives: small closed grammars per language over the canonical,
accent-free text, which no library ships.
"""

from __future__ import annotations

import re
from functools import cache

from harrier.detect.text import moves
from harrier.detect.text.moves import Pattern, _any

# the label, singular (a plural is someone talking about them); "map" only where no noun follows that makes it a
# cartographer's map ("map maker", "map collector")
_MAP = r"(?:no[-_]?map|map|minor[ _-]?attracted(?: person)?)(?!s\b)(?! (?:maker|makers|collector|nerd|geek|lover|app|" \
       r"reader|design\w*|making|of|for|to|with|is|was)\b)"
_PEDO = {
    "en": r"(?:pedo|paedo|pedophile|paedophile|pedophiliac)",
    "nl": r"(?:pedo|pedofiel|pedofiele)",
    "de": r"(?:pado|padophil|padophiler|padophile|pedo)",
    "fr": r"(?:pedo|pedophile)",
    "es": r"(?:pedofilo|pedofila)",  # "pedo" is a fart or a drunk in Spanish
    "pt": r"(?:pedofilo|pedofila)",
    "it": r"(?:pedofilo|pedofila)",
}
# what makes "pedo" not the speaker's identity: hunting or catching them, or a slur thrown back
_NOT_HUNTER = r"(?![ -]?(?:hunters?|hunting|catchers?|watch|jager|jagd|chasseur|cazador|cacador|cacciatore)\b)"
_PROUD = {
    "en": r"(?:proud|out and proud)", "nl": r"trotse?", "de": r"stolze?[rs]?", "fr": r"fiere?",
    "es": r"orgullos[oa]", "pt": r"orgulhos[oa]", "it": r"orgogli(?:oso|osa)",
}
_I_AM = {
    # "im" only with an article: German "im Map-Editor" is "in the"
    "en": r"\b(?:(?:i'?m|i am) (?:a|an|also a|just a|really a)|i'm|i am|i'm also|i am also)",
    "nl": r"\bik ben(?: (?:een|ook een|ook|gewoon een))?",
    "de": r"(?:\bich |^)bin(?: (?:ein|eine|auch ein|auch|halt ein|nun mal|n|'n|ne))?",
    "fr": r"\b(?:je suis|j'suis|jsuis|chui|chuis)(?: (?:un|une|aussi un|aussi))?",
    "es": r"\bsoy(?: (?:un|una|tambien))?",
    "pt": r"\bsou(?: (?:um|uma|tambem))?",
    "it": r"\bsono(?: (?:un|una|anche))?",
}
_AND = {"en": r"(?:and|&|n)", "nl": r"(?:en|&)", "de": r"(?:und|&)", "fr": r"(?:et|&)", "es": r"(?:y|&)",
        "pt": r"(?:e|&)", "it": r"(?:e|&)"}
_TO_BE = {"en": r"to be(?: a| an)?", "nl": None, "de": None, "fr": r"d'etre(?: un| une)?", "es": r"de ser(?: un| una)?",
          "pt": r"de ser(?: um| uma)?", "it": r"di essere(?: un| una)?"}


def _identity(lang: str) -> str:
    label = _any(_MAP, _PEDO[lang] + _NOT_HUNTER)
    proud = _PROUD[lang]
    forms = [
        rf"{_I_AM[lang]}(?: {proud})? {label}\b",  # "i'm a (proud) map", "ik ben pedofiel"
        rf"\b{proud} {label}\b",  # "proud nomap", "stolzer pädophiler"
        rf"\b{label} {_AND[lang]} {proud}\b",  # "nomap and proud"
    ]
    if _TO_BE[lang]:
        forms.append(rf"\b{proud} {_TO_BE[lang]} {label}\b")  # "fier d'être map", "orgullosa de ser pedófila"
    return _any(*forms)


# affiliation: the speaker counts paedophiles as their own ("my pedo friends", "meine Pädofreunde", "mes amis
# pédos", "i miei amici pedofili"): a first-person possessive, the label and a word for one's people, as one
# compound or two words. Someone else's "pedo neighbour", "our pedo hunter group" or a plural label alone ("pedos
# everywhere in these comments") is no affiliation.
_OURS = {
    "en": r"\b(?:my|our)(?: (?:dear|good))?", "nl": r"\b(?:mijn|onze?)", "de": r"\b(?:mein|unser)(?:e|en|er|em)?",
    "fr": r"\b(?:mes|nos)", "es": r"\b(?:mis|nuestr[oa]s)", "pt": r"\b(?:meus|minhas|nossos|nossas)",
    "it": r"\b(?:i |le )?(?:miei|mie|nostri|nostre)",
}
_PEOPLE = {
    "en": r"(?:friends?|buddies|buddy|pals?|mates?|bros?|brothers|group|community|circle|network|guys|fellows)",
    "nl": r"(?:vrienden|vriendjes|vriend|maatjes|maten|groep|netwerk)",
    "de": r"(?:freunde|freunden|freund|freundin|kumpels?|kumpeln|bruder|gruppe|kreis|netzwerk|community)",
    "fr": r"(?:amis|amies|potes|copains|copines|freres|reseau|groupe)",
    "es": r"(?:amigos|amigas|colegas|compas|hermanos|grupo|red)",
    "pt": r"(?:amigos|amigas|parceiros|colegas|irmaos|grupo|rede)",
    "it": r"(?:amici|amiche|compagni|fratelli|gruppo|rete)",
}
_PEOPLE_FIRST = {"fr", "es", "pt", "it"}  # "mes amis pédos": the people word, then the label
# the label as an adjective or in the plural ("pädophilen Freunden", "amici pedofili")
_PEDO_ANY = {
    "en": r"(?:pedo|paedo|pedophile|paedophile)s?", "nl": r"(?:pedo|pedofiel(?:e|en)?)",
    "de": r"(?:pado|pedo|padophil(?:e|en|er)?)", "fr": r"(?:pedo|pedophile)s?", "es": r"pedofil[oa]s?",
    "pt": r"pedofil[oa]s?", "it": r"pedofil[oaie]",
}


def _affiliation(lang: str) -> str:
    label = _PEDO_ANY[lang] + _NOT_HUNTER
    if lang in _PEOPLE_FIRST:
        return rf"{_OURS[lang]} {_PEOPLE[lang]} {label}\b"
    forms = [rf"{_OURS[lang]} {label}[- ]?{_PEOPLE[lang]}\b"]  # "padofreunde", "pado-freunde", "pedo friends"
    if lang == "en":
        forms.append(rf"\b(?:my|our) fellow {label}\b")  # "my fellow pedos"
    return _any(*forms)


_AGE = {
    "en": _any(r"\bage (?:is|'s|s) (?:just|only|merely|nothing but|but) (?:a )?(?:number|numbers)\b",
               r"\bage ain'?t (?:nothing but )?(?:just |only )?a number\b"),
    "nl": r"\bleeftijd is (?:maar|slechts|gewoon|ook maar|alleen maar) (?:een|n|'n) (?:getal|nummer|cijfer)\b",
    "de": r"\b(?:das )?alter ist? (?:nur|doch nur|bloss|halt nur|auch nur) (?:eine |ne |'ne |n )?zahl\b",
    # spoken French drops the "ne" and elides "que": "l'âge c'est qu'un chiffre"
    "fr": _any(r"\bl'?age n'est qu'un (?:chiffre|nombre)\b",
               r"\bl'?age,? (?:c'est|c|ce n'est|c'est rien) (?:juste |que |qu')?un (?:chiffre|nombre)\b",
               r"\bl'?age est (?:juste|seulement|simplement) un (?:chiffre|nombre)\b"),
    "es": r"\b(?:la )?edad (?:es|solo es|no es mas (?:que|q)|es nada mas) (?:solo |solamente |nomas |solo )?"
          r"un numero\b",
    "pt": r"\b(?:a )?idade (?:(?:e|eh|nao passa de) (?:so |apenas |somente )?um|(?:e|eh) (?:so|apenas|somente))"
          r" numero\b",
    "it": r"\bl'?eta (?:e'?|(?:non|nn) e'? (?:altro )?che) (?:solo |soltanto |solamente )?un numero\b",
}
# a birthday or an age milestone in the remark: "age is just a number" is then the compliment it usually is
BIRTHDAY = re.compile(
    r"\b(?:birthday|bday|b-day|years young|anniversary|verjaardag|jarig|gefeliciteerd|geburtstag|jahre jung|"
    r"anniversaire|cumpleanos|aniversario|parabens|compleanno|auguri|\d+(?:st|nd|rd|th|e|ste|de|er|eme|o|a|º|ª))\b")


# the community's own slogans and label, the same in every language: "#MAPPride", "pedo pride", "nomap 🫡" (the
# self-chosen label said alone; "nomaps are …" is someone talking about them)
_SLOGAN = _any(rf"\b(?:{_MAP}|{_any(*_PEDO.values(), 'pedo')})[ _]?(?:pride|positivity)\b",
               r"\bno[-_]?map\b(?!s)(?! (?:is|are|was|were|means)\b)")


@cache
def patterns() -> tuple[Pattern, ...]:
    out = [Pattern("identity", "*", "paedophile (MAP) pride or label", re.compile(_SLOGAN))]
    for lang in _I_AM:
        out.append(Pattern("identity", lang, "self-identification as a paedophile (MAP)",
                           re.compile(_identity(lang))))
        out.append(Pattern("identity", lang, "paedophiles called one's own people (my pedo friends)",
                           re.compile(_affiliation(lang))))
        out.append(Pattern("age", lang, "age is just a number", re.compile(_AGE[lang])))
    return tuple(out)


_QUOTES = "\"“”„«»‹›「」"  # double quotes only: a single one is also an apostrophe ("l'âge", "it’s")


def quoted(key: str, start: int, end: int) -> bool:
    """The span sits inside double quotes: someone else's words, quoted ('"age is just a number" is what they all
    say'), usually to object to them; a stance is the speaker's own."""
    return sum(key.count(q, 0, start) for q in _QUOTES) % 2 == 1 and any(q in key[end:] for q in _QUOTES)


@cache
def any_stance() -> re.Pattern[str]:
    """One alternation of every stance (``moves.any_pattern``): most comments match none."""
    return moves.alternation(patterns())


def find(key: str) -> list[tuple[Pattern, int, int]]:
    """(pattern, start, end) of every stance found in the canonical accent-free text ``key``, unless quoted;
    "age is just a number" only where the remark names no birthday."""
    found = moves.screened(patterns(), any_stance(), key)
    birthday = bool(found) and BIRTHDAY.search(key) is not None
    return [(p, a, b) for p, a, b in found if not (p.kind == "age" and birthday) and not quoted(key, a, b)]
