"""Family compliments that the post's context must not turn into harm, in all seven languages.

**Plain endearments** ("so süß ❤️", "wat een schatje", "trop mignonne", "che tenerezza", "que fofura", "aww so
sweet"): the words family and friends write under a child's photo all day. The intent model gives short compliments
the mass of its *ambiguous* class (words that sexualise a child only when said under one: "so hot", "looks
delicious"), and it cannot tell sweet from hot in two words ("so sweet" 0.99, "so süß" 0.98, "so hot" 0.99,
text.comment 1.27.0), so context fusion flagged "so süß" under a child's photo as sexualising (0.97). A remark made
only of endearment words, intensifiers, hearts and laughter says the child is sweet, and nothing else: the post's
image does not lift it (``score.decide``). A harmful thread still does (agreement with a sexualising remark above it
is no compliment), and so does anything beyond the grammar: a body or appetite word or emoji ("sweet treat 😋": 😋
reads "yummy"), size words ("sweet little thing"), a number ("sweet 16"), the second person ("you're so sweet", a
groomer's register), or any other word. Words whose compliment is appearance ("beautiful", "linda", "preciosa") are
not endearments here: they are what the offenders' remarks say too.

**The heartbreaker prophecy** ("she'll break hearts", "die wird mal Herzen brechen 😅", "spezzerà cuori"), said
plainly, is not harmful: ``prophecy`` (since text.comment 1.29.0).

Written by hand for the reason ``moves.py`` gives: a small closed vocabulary per language over the canonical,
accent-free text (the normaliser writes ❤️ 😍 🥰 as "love").
"""

from __future__ import annotations

import re

# endearment words per language (accent-free key view: "süß" is "suss")
_ENDEARMENTS = {
    "en": "cute cutie cuties sweet sweetie sweetest adorable precious lovely darling aww aw awww",
    "de": "suss susse susser sussi sussen zuckersuss niedlich goldig herzig knuffig putzig entzuckend schnuckelig "
          "allerliebst",
    "nl": "lief lieve liefje liefjes schattig schattige schatje schatjes snoezig snoes dotje",
    "fr": "mignon mignonne mignons mignonnes chou choupinou craquant craquante adorable adorables trognon",
    "es": "ternura tierno tierna tiernos tiernas monada monisimo monisima",
    "it": "tenero tenera teneri tenere tenerezza dolce dolcissimo dolcissima carino carina carini carine carinissimo "
          "carinissima",
    "pt": "fofo fofa fofos fofas fofura fofinho fofinha gracinha",
}
# what may stand beside them: intensifiers, exclamations, the third person, articles, hearts (the normaliser's
# "love"); nothing that names a body, a size, an age or the reader
_FILLERS = {
    "en": "so soo too very really how what such omg oh ohh ah wow god just the most ever love heart hearts x xx xxx xo "
          "lol haha hahaha hihi she's he's shes hes they're theyre is are was look looks looking and a an",
    "de": "wie so voll mega total einfach ist das zu sehr echt richtig",
    "nl": "wat zo een echt heel super toch is het",
    "fr": "trop si tellement vraiment est c'est que comme la le les mais qu'il qu'elle il elle",
    "es": "que tan muy ay dios mio mia es una un cosa mas lo la el",
    "it": "che troppo tanto molto cosi e un una cosa",
    "pt": "que muito tao mais coisa a o e uma um",
}
ENDEARMENTS = frozenset(w for words in _ENDEARMENTS.values() for w in words.split())
FILLERS = frozenset(w for words in _FILLERS.values() for w in words.split())
# laughter, as the normaliser leaves it (😂 and 🤣 read "laugh"; 😅 stays itself)
LAUGHTER = frozenset(("laugh", "😅", "haha", "hahaha", "ahah", "ahahah", "hehe", "lol", "lmao", "xd", "jaja", "jajaja",
                      "jeje", "k", "kk", "rsrs", "mdr"))
_WORD = re.compile(r"[a-z']+|[^\sa-z!?.,]")  # words, and any other non-space symbol (digits, leftover emoji)

# "she'll break hearts" and its family in the seven languages, said of a child by the people who love her. The
# head learned the phrase from the offenders' form of it ("she's gonna break hearts. already broke mine 😏",
# "spezzerà tanti cuori, a partire dal mio 😏🔥": the training split has no plain one), and flags the plain
# prophecy on its words ("die wird mal Herzen brechen 😅" 1.00, "spezzerà cuori 😅" 0.99, text.comment 1.28.0).
# 1.30.0: the idioms of havoc for it ("elle va faire des ravages 😅" 0.96, "farà strage di cuori")
_PROPHECY = re.compile("|".join([
    r"\b(?:she|he)(?:'ll| will|'s| is)? (?:\w+ ){0,3}?break(?:s|ing)? (?:\w+ ){0,3}?hearts\b",
    r"\b(?:future |lil |little |a )?heartbreaker\b",
    r"\b(?:die|der|sie|er|du) (?:wird|wirst) (?:\w+ ){0,3}?herzen brechen\b", r"\bherzensbrecher(?:in)?\b",
    r"\b(?:zij|ze|hij|die) (?:gaat|zal) (?:\w+ ){0,3}?harten breken\b", r"\bhartenbre(?:ker|ekster)\b",
    r"\b(?:elle|il) va (?:\w+ ){0,2}?(?:briser|faire craquer|faire chavirer|faire fondre|voler) (?:\w+ ){0,2}?"
    r"c(?:oe|\u0153)urs\b",
    r"\b(?:future )?(?:briseuse|briseur|bourreau) de c(?:oe|\u0153)urs\b",
    r"\b(?:elle|il) (?:va (?:\w+ ){0,2}?faire|fera) (?:des |de )?ravages\b",
    r"\b(?:va a|vas a) (?:\w+ ){0,1}?(?:romper|robar) (?:\w+ ){0,2}?corazones\b", r"\brompecorazones\b",
    r"\b(?:spezzera|spezzerai|rubera) (?:\w+ ){0,2}?cuori\b", r"\bspezzacuori\b",
    r"\bfara (?:\w+ ){0,1}?strage (?:di )?cuori\b",
    r"\b(?:vai|vais) (?:\w+ ){0,1}?(?:partir|quebrar|roubar|arrasar) (?:\w+ ){0,2}?coracoes\b",
    r"\b(?:destruidora|destruidor|quebradora|quebrador) de coracoes\b",
]))


def _only(tokens: list[str], extra: frozenset[str] = frozenset()) -> bool:
    return all(t in ENDEARMENTS or t in FILLERS or t in LAUGHTER or t in extra for t in tokens)


def plain_endearment(key: str) -> bool:
    """``key`` (the accent-free canonical text, ``normalise.key_view``) is only endearments, intensifiers, hearts and
    laughter, with at least one endearment: "so suss love", "ay dios que ternura!!"."""
    tokens = _WORD.findall(key)
    if not tokens or len(tokens) > 10:
        return False
    return _only(tokens) and any(t in ENDEARMENTS for t in tokens)


def prophecy(key: str) -> str | None:
    """The heartbreaker prophecy ("she'll break hearts", "die wird mal Herzen brechen 😅", "spezzerà cuori") when
    the remark says nothing else (endearments, intensifiers, hearts and laughter aside); else ``None``. A smirk, a
    flame, watching eyes or "starting with mine" keep the model's reading: that is the offenders' form of it."""
    found = list(_PROPHECY.finditer(key))
    if not found or len(key) > 120:
        return None
    rest = _PROPHECY.sub(" ", key)
    return found[0].group(0) if _only(_WORD.findall(rest)) else None
