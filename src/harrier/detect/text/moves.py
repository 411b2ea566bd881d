"""Word-order patterns for three moves that a term list cannot cover: sextortion threats, undress requests and
nudify marketing, in all seven languages (certain.py applies them like its terms).

A threat to publish someone's images is built, in every published sextortion script, from the same parts in any
order of words: a condition ("or", "otherwise", "if you stop", "sonst", "doe je dit niet"), the speaker's own
publishing verb ("I'll post", "lek ik", "pubblico") and what or to whom ("your pics", "everything", "to your
parents", "online"). A fixed phrase list ("or i'll post them") misses "either you pay or I am going to disseminate
these photos all over the internet"; the parts together do not, and none of them alone fires: "I'll post the photos
tomorrow" has no condition and names no audience, "if you don't mind, I'll send the pics" no audience either.
Undress requests are imperatives addressed to the reader about their own clothes ("take off your pants", "trek je
broek uit"; not "take off your shoes"); nudify marketing offers to remove clothes from anyone's picture.

Written by hand because these are small closed grammars per language (regular expressions over the canonical,
accent-free text) that no library ships; each pattern's parts are named below so a reviewer can read why a remark
fired. Sources: FBI/NCMEC sextortion advisories and the grooming guidance already cited in ``lexicon/SOURCES``
(``grooming`` and ``reporting``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


def _any(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


_IMG = {
    "en": r"(?:photos?|pics?|pictures?|nudes?|videos?|vids?|images?|screenshots?|chats?)",
    "nl": r"(?:foto'?s|fotootjes|pics|naaktfoto'?s|video'?s|filmpjes|beelden|chats?)",
    "de": r"(?:fotos|bilder|nacktbilder|nacktfotos|videos|pics|chats)",
    "fr": r"(?:photos?|images?|videos?|nudes?|messages)",
    "es": r"(?:fotos|videos|imagenes|nudes|packs?|mensajes)",
    "pt": r"(?:fotos|videos|nudes|imagens|mensagens)",
    "it": r"(?:foto|video|immagini|nudes?|messaggi)",
}
# a condition that makes what follows a threat
_COND = {
    "en": r"\b" + _any(r"or(?: else)?", "otherwise", "unless",
                       r"if (?:you|u) (?:don'?t|do not|dont|won'?t|stop|refuse|block|ignore|tell)(?! mind)") + r"\b",
    "nl": r"\b" + _any("anders", "tenzij", r"als je (?:\w+ ){0,3}?niet", "als je stopt",
                       "doe je (?:dit|dat|het) niet", "of") + r"\b",
    "de": r"\b" + _any("sonst", "ansonsten", "au(?:ss|ß)er du", r"wenn du (?:\w+ ){0,3}?nicht", "wenn du aufhorst",
                       "oder") + r"\b",
    "fr": _any(r"\bsinon\b", r"\bsauf si\b", r"\bsi tu (?:ne\b|n')", r"\bsi tu (?:arretes|refuses|bloques)\b",
               r"\bou\b"),
    "es": r"\b" + _any("si no", "sino", "a menos que", "si dejas de", "si me bloqueas", "o") + r"\b",
    "pt": r"\b" + _any("se (?:voce )?nao", "senao", "a menos que", "se parar", "se me bloquear", "ou") + r"\b",
    "it": r"\b" + _any("altrimenti", "se non", "se smetti", "se mi blocchi", "a meno che", "o") + r"\b",
}
# the speaker's own publishing verb
_VERB = {
    "en": r"\b(?<!should )(?<!shall )(?<!can )(?<!could )(?<!may )i"
          r"(?:'ll| will|'m going to| am going to|'m gonna| am gonna| gonna)? (?:\w+ )?"
          r"(?:post|leak|share|send|publish|spread|disseminate|expose|upload|forward)(?:ing)?\b",
    "nl": r"\b" + _any(r"(?:lek|zet|stuur|deel|post|publiceer|verspreid|laat)\s+ik",
                       r"ik\s+(?:ga\s+|zal\s+)?(?:\w+\s+){0,3}?(?:lekken|lek|zetten|zet|sturen|stuur|delen|deel|posten"
                       r"|post|publiceren|publiceer|verspreiden|verspreid)") + r"\b",
    "de": r"\b" + _any(r"(?:schicke|sende|poste|veroffentliche|verbreite|stelle|teile|leake|zeige|lade)\s+ich",
                       r"ich\s+(?:werde\s+)?(?:\w+\s+){0,4}?(?:schicken|senden|posten|veroffentlichen|verbreiten"
                       r"|stellen|teilen|leaken|zeigen|hochladen|schicke|sende|poste|veroffentliche|verbreite|teile"
                       r"|zeige)") + r"\b",
    "fr": _any(r"\bje (?:vais |te |les |la |le |l')?(?:\w+ ){0,2}?(?:publier|publie|envoyer|envoie|diffuser|diffuse"
               r"|partager|partage|poster|poste|balancer|balance|montrer|montre|afficher|affiche)",
               r"\bj'(?:envoie|affiche)") + r"\b",
    "es": r"\b" + _any("(?:las |los |lo |la |te |les )?(?:publico|subo|mando|envio|comparto|difundo|paso|enseno"
                       "|muestro|filtro)",
                       "voy a (?:publicar|subir|mandar|enviar|compartir|difundir|pasar|ensenar|mostrar|filtrar)"
                       "(?:las|los|la|lo)?") + r"\b",
    "pt": r"\b" + _any("(?:eu )?(?:publico|posto|mando|envio|compartilho|espalho|vazo|mostro)",
                       "vou (?:publicar|postar|mandar|enviar|compartilhar|espalhar|vazar|mostrar)") + r"\b",
    "it": r"\b" + _any("(?:le |li |ti )?(?:pubblico|mando|invio|condivido|diffondo|posto|mostro|sputtano)",
                       "(?:vado a|sto per) (?:pubblicare|mandare|inviare|condividere|diffondere|postare|mostrare)")
          + r"\b",
}
# what (the reader's images, everything sent) or to whom (the reader's family and friends, the internet)
_WHAT = {
    "en": r"\b" + _any(r"(?:your|ur) (?:\w+ )?" + _IMG["en"], "(?:what|everything|all) (?:you|u) sent", "everything",
                       "it all", "(?:to|with) (?:all )?(?:your|ur) (?:parents|mum|mom|dad|family|friends|followers"
                       "|contacts|school|teachers?|class(?:mates)?)",
                       "online", "on (?:the )?internet", "all over", "everyone", "everybody") + r"\b",
    "nl": r"\b" + _any(r"(?:je|jouw) (?:\w+ )?" + _IMG["nl"], "wat je (?:me|mij) (?:hebt )?gestuurd", "alles",
                       "(?:naar|aan) (?:je|jouw) (?:ouders|moeder|mama|vader|papa|familie|vrienden|vriendinnen"
                       "|volgers|contacten|school|klas)", "online", "op (?:het )?internet", "iedereen") + r"\b",
    "de": r"\b" + _any(r"(?:deine|dein) (?:\w+ )?" + _IMG["de"], "was du mir geschickt hast", "alles",
                       "an (?:deine|dein) (?:eltern|mutter|mama|vater|papa|familie|freunde|freundinnen|follower"
                       "|kontakte|schule|klasse)", "online", "(?:ins|im) (?:netz|internet)", "allen") + r"\b",
    "fr": _any(r"\b(?:tes|ta|ton) (?:\w+ )?" + _IMG["fr"], r"\bce que tu m'as envoye", r"\btout\b",
               r"\ba (?:tes|ta|ton) (?:parents|mere|pere|famille|amis|amies|potes|abonnes|contacts|ecole|classe)",
               r"\bpartout\b", r"\bsur internet\b", r"\ben ligne\b", r"\ba tout le monde\b"),
    "es": r"\b" + _any(r"tus (?:\w+ )?" + _IMG["es"], "lo que me (?:mandaste|enviaste)", "todo",
                       "a tus (?:padres|papas|amigos|amigas|seguidores|contactos)",
                       "a tu (?:mama|papa|familia|escuela|colegio|clase)", "en internet", "en (?:las )?redes",
                       "a todos", "a todo el mundo") + r"\b",
    "pt": r"\b" + _any(r"(?:suas|seus|tuas|teus) (?:\w+ )?" + _IMG["pt"], "o que (?:voce )?me mandou", "tudo",
                       "(?:para|pra|pros|aos) (?:seus|teus) (?:pais|amigos|seguidores|contatos)",
                       "(?:para|pra) (?:a )?(?:sua|tua) (?:mae|familia|escola)", "na internet",
                       "(?:para|pra) todo mundo") + r"\b",
    "it": r"\b" + _any(r"(?:le tue|i tuoi) (?:\w+ )?" + _IMG["it"], "quello che mi hai (?:inviato|mandato)", "tutto",
                       "ai tuoi (?:genitori|amici|contatti|follower)", "a tua (?:madre|mamma|famiglia)",
                       "(?:in|su) internet", "online", "a tutti") + r"\b",
}
# the reader's own clothes, to be taken off
_UNDRESS = {
    "en": _any(r"\b(?:take|pull|strip|get) (?:off )?(?:your|ur) (?:clothes|pants|trousers|shirt|top|bra|panties"
               r"|underwear|knickers|shorts|skirt|dress)(?: off)?\b", r"\bstrip for me\b", r"\bget naked\b"),
    "nl": _any(r"\b(?:trek|doe) (?:je|jouw) (?:kleren|kleding|broek|shirt|topje|bh|onderbroek|slipje|rok|jurk)"
               r"(?: \w+){0,2} uit\b", r"\bkleed je (?:\w+ )?uit\b"),
    "de": r"\bzieh (?:dich|deine (?:kleider|klamotten|hose|unterhose|unterwasche)|dein (?:shirt|oberteil|top|hoschen"
          r"|hemd))(?: \w+){0,2} aus\b",
    "fr": _any(r"\b(?:enleve|retire|ote) (?:tes|ton|ta) (?:vetements|habits|pantalon|haut|t-shirt|culotte|slip"
               r"|soutien-gorge|soutif|jupe|robe)\b", r"\bdeshabille[- ]toi\b", r"\bmets[- ]toi (?:toute? )?nue?\b"),
    "es": _any(r"\bquitate (?:la|el|los|las|tu|tus) (?:ropa|camiseta|pantalon|pantalones|bragas|calzones|sosten"
               r"|sujetador|falda|vestido|blusa)\b", r"\bdesnudate\b", r"\bencuerate\b"),
    "pt": _any(r"\btira (?:a|o|as|os|sua|seu|tua|teu) (?:roupa|roupas|blusa|camisa|calca|calcinha|cueca|sutia|saia"
               r"|vestido)\b", r"\bfica pelad[ao]\b"),
    "it": _any(r"\btogliti (?:i|la|il|le|gli) (?:vestiti|maglietta|pantaloni|mutande|mutandine|reggiseno|gonna)\b",
               r"\bspogliati\b"),
}
# removing clothes from anyone's picture, offered or asked for
_NUDIFY = {
    "en": _any(r"\b(?:remove|erase|delete|take off|strip)\b.{0,20}\bclothes\b.{0,30}\b(?:any|every|anyone|anybody"
               r"|someone|her|his|their|girls?|wom[ae]n|people|photos?|pictures?|pics?|images?)\b",
               r"\b(?:undress|nudify|strip) (?:any|every|anyone|anybody|someone|her|your (?:crush|classmates?))\b",
               r"\bsee (?:anyone|anybody|any girl|her|them|your crush) naked\b"),
    "nl": _any(r"\bkleren? (?:van|weg)\b.{0,40}\b(?:foto|iedereen|elk)",
               r"\b(?:iedereen|elk meisje|haar) naakt (?:zien|maken)\b"),
    "de": _any(r"\b(?:kleidung|kleider|klamotten) (?:entfernen|weg)\b.{0,40}\b(?:foto|bild|jede)",
               r"\b(?:jede|jeden|jeder|sie) nackt (?:sehen|machen|zeigen)\b",
               r"\bauszieh(?:en|t)\b.{0,30}\b(?:foto|bild|jede)"),
    "fr": _any(r"\b(?:enlever|retirer|supprimer) (?:\w+ )?(?:les|leurs|ses) vetements\b",
               r"\bdeshabiller (?:n'importe qui|toutes?|quelqu'un|une fille)\b",
               r"\bvoir (?:n'importe qui|tout le monde|quelqu'un) nue?s?\b"),
    "es": _any(r"\b(?:quitar|eliminar|borrar) (?:\w+ )?(?:la|su) ropa\b",
               r"\bdesnudar a (?:cualquier|cualquiera|quien|tu)\b", r"\bver a (?:cualquiera|quien quieras) desnud"),
    "pt": _any(r"\b(?:tirar|remover|apagar) (?:a|as) roupas?\b.{0,30}\b(?:foto|qualquer|de)\b",
               r"\b(?:despir|deixar) (?:qualquer|quem)\b", r"\bver (?:qualquer pessoa|quem quiser) pelad"),
    "it": _any(r"\b(?:rimuovere|togliere|eliminare) (?:\w+ )?(?:i|gli) vestiti\b",
               r"\bspogliare (?:chiunque|qualsiasi|una ragazza)\b", r"\bvedere (?:chiunque|qualsiasi ragazza) nud"),
}


@dataclass(frozen=True)
class Pattern:
    kind: str  # a certain.py kind: coercion, grooming, nudify
    lang: str
    name: str  # what the pattern is, for the reviewer's note
    regex: re.Pattern[str]


@cache
def patterns() -> tuple[Pattern, ...]:
    """The threat's last part is matched as far as it reaches (greedy), so that the whole threat is the move:
    "… dan lek ik alle foto's online en stuur ik ze naar jouw ouders" keeps "ouders" (a counter-speech word on
    its own) inside the move instead of reading it as an objection."""
    out: list[Pattern] = []
    for lang in _COND:
        out.append(Pattern("coercion", lang, "threat to publish (condition + own verb + images/audience)",
                           re.compile(f"{_COND[lang]}.{{0,120}}?{_VERB[lang]}.{{0,80}}{_WHAT[lang]}")))
        out.append(Pattern("grooming", lang, "undress request", re.compile(_UNDRESS[lang])))
        out.append(Pattern("nudify", lang, "removing clothes from anyone's picture", re.compile(_NUDIFY[lang])))
    return tuple(out)


def find(key: str) -> list[tuple[Pattern, int, int]]:
    """(pattern, start, end) of every pattern found in the canonical accent-free text ``key``."""
    return [(p, m.start(), m.end()) for p in patterns() for m in p.regex.finditer(key)]
