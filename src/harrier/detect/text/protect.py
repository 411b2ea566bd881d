"""Word-order patterns for a parent warning a commenter off their child or their page, in all seven languages:
"stay away from my kids", "don't message my daughter", "dégage de ma page", "stai lontano da mia figlia", "laat
mijn dochter met rust", and the child's age said back to the commenter with a condemnation ("she is 8. what is
wrong with you").

Why a rule: the intent model learned the child words and the imperative to the reader from grooming and abuse
remarks, and reads these replies as their opposite ("stay away from my kids": abuse intent 0.97, "dégage de ma
page": a contact move 0.83, "she is 8. what is wrong with you": sexualising 0.96, text.comment 1.24.4). A parent's
reply under their own family photo is the objection the platform most needs to read as one: it is evidence about
the commenter it answers, not against the parent (certain.py caps such a reply's harmful scores, ``protective``).

The child or the page is the speaker's own ("my", "mijn", "meine", "ma", "mi", "minha", "mia"): "stay away from
other kids" is advice to a child, and "my girl" is a groomer's possessive, so girl/boy words are not in it. The
verbs are keeping away, leaving alone, not talking to, messaging, touching or commenting on. Written by hand for
the reason ``moves.py`` gives: small closed grammars per language over the canonical, accent-free text.
"""

from __future__ import annotations

import re
from functools import cache

from harrier.detect.text import moves
from harrier.detect.text.moves import Pattern, _any

# the speaker's own (possessive), child(ren), and family or page, on the accent-free key view ("bebe", "pagina",
# "crianca"); girl/boy words are not children here: "my girl" is a groomer's possessive
_OWN = {
    "en": r"(?:my|our)", "nl": r"(?:mijn|onze?|ons)",
    "de": r"(?:mein(?:e[mnrs]?)?|unser(?:e[mnrs]?)?|unsre[mnrs]?)", "fr": r"(?:ma|mon|mes|notre|nos)",
    "es": r"(?:mis?|nuestr[oa]s?)", "pt": r"(?:(?:a|o|as|os) )?(?:minhas?|meus?|nossas?|nossos?)",
    "it": r"(?:(?:la|il|i|le) )?(?:mia|mio|miei|mie|nostr[aoie])",
}
_CHILDREN = {
    "en": r"(?:kids?|child|children|daughters?|sons?|babys?|babies|little ones?)",
    "nl": r"(?:dochters?|dochtertje|zoons?|zoontje|zonen|kind|kindje|kinderen|kids|baby'?s?|kleine)",
    "de": r"(?:kind|kinder|kindern|tochter|tochtern|sohn|sohne|sohnen|baby|babys|kleine[mn]?)",
    "fr": r"(?:fille|filles|fils|enfants?|bebes?|petite?s?)",
    "es": r"(?:hij[oa]s?|nin[oa]s?|bebes?|pequen[oa]s?)",
    "pt": r"(?:filh[oa]s?|criancas?|bebes?)",
    "it": r"(?:figli[oa]?|figlie|bambin[aoie]|bimb[aoie])",
}
_PAGE = {
    "en": r"(?:family|page|profile|account|photos?|pictures?|pics?|posts?)",
    "nl": r"(?:familie|pagina|profiel|account|foto'?s?)",
    "de": r"(?:familie|seite|profil|account|bilder[n]?|fotos?)",
    "fr": r"(?:famille|page|profil|compte|photos?)",
    "es": r"(?:familia|pagina|perfil|cuenta|fotos?)",
    "pt": r"(?:familia|pagina|perfil|conta|fotos?)",
    "it": r"(?:famiglia|pagina|profilo|account|foto)",
}
_MY_CHILD = {lang: f"{own} {_CHILDREN[lang]}" for lang, own in _OWN.items()}
_MINE = {lang: f"{own} (?:{_CHILDREN[lang]}|{_PAGE[lang]})" for lang, own in _OWN.items()}
# keep away / get off / leave alone (the imperative, then the speaker's own)
_AWAY = {
    "en": r"\b(?:stay|keep|get|go|back|fuck|piss|bugger) (?:the (?:hell|fuck) |tf |right )?(?:away|off)"
          r"(?: from)? ",
    "nl": r"\b(?:blijf|blijft|ga|rot|donder|hou je|houd je) (?:\w+ ){0,2}?(?:weg )?(?:van|uit|op van) ",
    "de": r"\b(?:bleib|bleibt|geh|geht|verschwinde|verschwindet|hau ab|haut ab|halte? dich|haltet euch|finger weg)"
          r" (?:\w+ ){0,2}?(?:weg )?(?:von|aus|fern von) ",
    "fr": r"\b(?:degage|degagez|casse-toi|barre-toi|va-t'en|allez-vous-en|sors|sortez|eloigne-toi|eloignez-vous|"
          r"reste loin|restez loin|ne t'approche (?:pas|plus|jamais)|ne vous approchez (?:pas|plus)) (?:de |d')",
    "es": r"\b(?:alejate|alejese|alejense|apartate|largate|vete|fuera|sal) (?:\w+ ){0,2}?de ",
    "pt": r"\b(?:fica|fique|fiquem|sai|saia|vaza|se afaste|afaste-se|afasta-te) (?:longe )?(?:\w+ ){0,1}?"
          r"(?:da|do|das|dos|de) ",
    "it": r"\b(?:stai|state|stia|statte) (?:lontan[oaie]|alla larga) (?:da|dalla|dal|dai|dalle|dagli) |"
          r"\b(?:vattene|sparisci|fuori|esci) (?:da|dalla|dal) ",
}
_ALONE = {
    "en": (r"\bleave ", r" alone\b"),
    "nl": (r"\blaat ", r" (?:met rust|met vrede|gerust)\b"),
    "de": (r"\blass(?:t)? ", r" (?:in ruhe|in frieden)\b"),
    "fr": (r"\blaisse[zr]? ", r" tranquilles?\b"),
    "es": (r"\bdej(?:a|e|en) (?:en paz )?a ", r"(?: en paz)?\b"),
    "pt": (r"\bdeix(?:a|e|em) ", r" em paz\b"),
    "it": (r"\blascia(?:te)? (?:in pace )?", r"(?: in pace|\b)"),
}
# don't talk to / message / touch / comment on (the negated verb, then the speaker's own)
_DONT = {
    "en": r"\b(?:don't|dont|do not|never|stop|quit) (?:you )?(?:dare )?(?:ever )?(?:again )?(?:talk|talking|speak|"
          r"speaking|message|messaging|msg|dm|dming|text|texting|write|writing|comment|commenting|contact|"
          r"contacting|touch|look at|go near|come near|reply|replying|follow|following)(?:ing)? (?:to |with |on |at "
          r"|under )?",
    "nl": r"\b(?:praat|schrijf|stuur|reageer|spreek|kom)(?: \w+)? (?:niet|nooit|geen berichten)(?: meer)? "
          r"(?:met|naar|aan|op|bij|tegen)? ?",
    "de": r"\b(?:schreib|sprich|rede|kommentier|komm|fass)(?:e|t)?(?: bloss| ja)? (?:nie wieder|nicht mehr|nie|nicht)"
          r" (?:mit |an |unter |zu |bei )?",
    "fr": r"\bne (?:parle|parlez|ecris|ecrivez|touche|touchez|contacte|contactez|commente|commentez)"
          r" (?:pas|plus|jamais) (?:a |avec |sous )?",
    "es": r"\bno (?:le |les |te )?(?:hables|escribas|mandes mensajes|comentes|toques|contactes|acerques)"
          r" (?:a |con |en )?",
    "pt": r"\bnao (?:fale|fala|escreva|escreve|mande mensagens?|comente|toque|chegue perto|se aproxime)"
          r" (?:com |para |pra |a |de |no |na )?",
    "it": r"\bnon (?:parlare|scrivere|commentare|toccare|contattare|avvicinarti) (?:con |a |al |alla |ai |sotto )?",
}
# the child's age or childhood said back to the commenter, and a condemnation of them, in either order
_AGE_BACK = {
    "en": r"\b(?:she|he|they)(?:'s| is| are) (?:only |just )?(?:\d{1,2}|a (?:child|kid|baby|little girl|little boy)"
          r"|children|kids|babies)\b",
    "nl": r"\b(?:ze|zij|hij) is (?:pas |maar )?(?:\d{1,2}|een kind|een baby|een meisje van \d{1,2})\b",
    "de": r"\b(?:sie|er) ist (?:erst |doch |nur )?(?:\d{1,2}|ein kind|ein baby|ein kleines madchen)\b",
    "fr": r"\b(?:elle|il) (?:a|n'a que) \d{1,2} ans\b|\bc'est une? (?:enfant|bebe|gamine?)\b",
    "es": r"\b(?:tiene|solo tiene) \d{1,2} anos\b|\bes una? (?:nina|nino|bebe|cria)\b",
    "pt": r"\b(?:tem|so tem) \d{1,2} anos\b|\be uma? (?:crianca|bebe|menina|menino)\b",
    "it": r"\b(?:ha|ha solo) \d{1,2} anni\b|\be una? (?:bambin[ao]|bimb[ao]|neonat[ao])\b",
}
_CONDEMN = {
    "en": r"\b(?:what(?:'s| is|s) wrong with (?:you|u|ya|people)|are you (?:sick|insane|serious)|you(?:'re| are) "
          r"(?:sick|disgusting|a creep)|sick (?:freak|creep|pervert|bastard)|creep|pervert|reported|blocked)\b",
    "nl": r"\b(?:wat is er mis met (?:jou|je|jullie)|ben je (?:ziek|gek)|je bent ziek|viezerik|gemeld|geblokkeerd)\b",
    "de": r"\b(?:was (?:stimmt|ist) (?:nicht )?(?:mit dir|mit euch|los mit dir)(?: nicht)?|bist du (?:krank|irre)|"
          r"du bist krank|perversling|gemeldet|blockiert)\b",
    "fr": r"\b(?:t'es malade|tu es malade|vous etes malades?|ca va pas (?:la tete|bien)|qu'est-ce qui (?:va pas|ne va"
          r" pas) chez (?:toi|vous)|pervers|signale|bloque)\b",
    "es": r"\b(?:que te pasa|estas enfermo|estas loco|enfermo|pervertido|denunciado|bloqueado)\b",
    "pt": r"\b(?:qual e o teu problema|qual o seu problema|voce e doente|tu es doente|doente|pervertido|denunciado|"
          r"bloqueado)\b",
    "it": r"\b(?:che problemi hai|ma sei malato|sei malato|malato|pervertito|segnalato|bloccato)\b",
}


# hands off (the speaker's own first): "hands off my daughter", "Finger weg von meinem Kind", "pas touche à ma
# fille", "van onze kinderen moet je afblijven"
_HANDS_OFF = {
    "en": r"\bhands off {mine}\b", "de": r"\bfinger weg von {mine}\b", "fr": r"\bpas touche a {mine}\b",
    "nl": r"\b(?:handen af van {mine}|van {mine} (?:\w+ ){{0,3}}?af(?:blijven)?)\b",
    "es": r"\bmanos fuera de {mine}\b", "pt": r"\btira as maos d[aeo]s? {mine}\b",
    "it": r"\bgiu le mani da(?:lla|l|i|lle)? {mine}\b",
}


# advice to the poster to make the account private, the warning counter-speakers leave under children's photos
# ("pon tu cuenta en privado ❤️", "passe ton compte en privé ❤️": independent seeds 68 and 81, where the model read
# them as desire and a contact move, and "privado" / "en privé" is a DM word of the lexicon). The account, not the
# chat: "let's go private, i'll explain there" is a move to a private chat, and no form here matches it)
_PRIVATE = {
    "en": r"\b(?:make|set|put|switch|turn|change|keep)(?: \w+)? (?:your|ur|the|this|her|his) (?:account|profile|"
          r"page|acc|insta|ig|tiktok)(?: \w+)? (?:to |on |as )?private\b",
    "nl": r"\b(?:zet|maak|houd|hou)(?: \w+)? (?:je|jouw|dit|het|haar|zijn) (?:account|profiel|pagina|insta)"
          r"(?: \w+)? (?:op )?prive\b",
    "de": r"\b(?:stell|stelle|mach|mache|setz|setze|schalt|schalte)(?: \w+)? (?:dein|deinen|das|dieses|ihr|ihren|"
          r"sein|seinen) (?:konto|profil|account|insta)(?: \w+)? (?:auf )?privat\b",
    "fr": r"\b(?:passe|passez|mets|mettez|met)(?: \w+)? (?:ton|votre|le|ce|son) (?:compte|profil|insta)(?: \w+)? "
          r"en prive\b",
    "es": r"\b(?:pon|ponga|pongan|haz|hagan|cambia|pasa)(?: \w+)? (?:tu|su|la|esta|el) (?:cuenta|perfil|insta)"
          r"(?: \w+)? (?:en |a |como )?privad[oa]\b",
    "pt": r"\b(?:coloca|coloque|poe|ponha|deixa|deixe|muda|mude|torna|torne)(?: \w+)? (?:a |o )?(?:tua|sua|teu|seu|"
          r"essa|esse)? ?(?:conta|perfil|insta)(?: \w+)? (?:em |no |como )?privad[oa]\b",
    "it": r"\b(?:metti|mettete|rendi|rendete|imposta|fai)(?: \w+)? (?:il |la )?(?:tuo |tua |vostro |vostra )?"
          r"(?:profilo|account|pagina|insta)(?: \w+)? (?:in |come )?privat[oa]\b",
}


def _protect(lang: str) -> str:
    mine = _MINE[lang]
    head, tail = _ALONE[lang]
    # each part grouped before the speaker's own follows it: a part with alternatives of its own (Italian "stai
    # lontano da ... | vattene da ...") must not leave one of them standing without it
    return _any(f"(?:{_AWAY[lang]}){mine}\\b", f"{head}{mine}{tail}", f"(?:{_DONT[lang]}){mine}\\b",
                _HANDS_OFF[lang].format(mine=mine))


@cache
def patterns() -> tuple[Pattern, ...]:
    out: list[Pattern] = []
    for lang in _MINE:
        out.append(Pattern("protect", lang, "warning off from one's own child or page", re.compile(_protect(lang))))
        out.append(Pattern("protect", lang, "advice to make the account private", re.compile(_PRIVATE[lang])))
        age, condemn = f"(?:{_AGE_BACK[lang]})", f"(?:{_CONDEMN[lang]})"
        out.append(Pattern("protect", lang, "the child's age said back, with a condemnation",
                           re.compile(_any(f"{age}.{{0,60}}?{condemn}", f"{condemn}.{{0,60}}?{age}"))))
    return tuple(out)


@cache
def _own_child() -> re.Pattern[str]:
    return re.compile("|".join(f"\\b{_MY_CHILD[lang]}\\b|{_AGE_BACK[lang]}" for lang in _OWN))


def names_own_child(key: str) -> bool:
    """The canonical accent-free text ``key`` names the speaker's own child ("this is my daughter, reported", "c'est
    mon fils", "das ist mein Kind") or says a child's age back ("she is 8"). A poster's objection that does says
    what the picture shows, whatever the image model read (context.features, ``poster_objections``)."""
    return _own_child().search(key) is not None


@cache
def any_protect() -> re.Pattern[str]:
    """One alternation of every pattern (``moves.any_pattern``): most comments match none."""
    return moves.alternation(patterns())


def find(key: str) -> list[tuple[Pattern, int, int]]:
    """(pattern, start, end) of every protective reply found in the canonical accent-free text ``key``."""
    return moves.screened(patterns(), any_protect(), key)
