"""Word-order patterns for six moves that a term list cannot cover: sextortion threats, undress requests, requests
for pictures of the reader's body, picture swaps ("show me yours and I'll show you mine"), nudify marketing and
exclusivity ("nobody understands you like I do", "you can trust me more than anyone else"), and secrecy ("nobody
must know", "che nessuno lo venga a sapere"), in all seven languages (certain.py applies them like its terms).

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
    "nl": r"\b" + _any("anders", "tenzij", r"als je (?:\w+ ){0,3}?(?:niet|niets|niks)", "als je stopt",
                       "doe je (?:dit|dat|het) niet", "of") + r"\b",
    "de": r"\b" + _any("sonst", "ansonsten", "au(?:ss|ß)er du", r"wenn du (?:\w+ ){0,3}?nich(?:ts?)?",
                       "wenn du aufhorst",
                       "oder") + r"\b",
    "fr": _any(r"\bsinon\b", r"\bsauf si\b", r"\bsi tu (?:ne\b|n')", r"\bsi tu (?:arretes|refuses|bloques)\b",
               # spoken French drops "ne": "si tu paies pas", "si tu réponds pas"
               r"\bsi tu (?:m'|me )?(?:paies|payes|reponds|envoies|obeis|ecoutes|continues|arretes|refuses) pas\b",
               r"\bou\b"),
    "es": r"\b" + _any("si no", "sino", "a menos que", "si dejas de", "si me bloqueas", "o") + r"\b",
    "pt": r"\b" + _any("se (?:voce |vc |tu )?(?:nao|n)", "senao", "a menos que", "se (?:vc |voce )?parar",
                       "se (?:vc |voce )?me bloquear", "ou") + r"\b",
    "it": r"\b" + _any("altrimenti", "se (?:non|nn)", "se smetti", "se mi blocchi", "a meno che", "o") + r"\b",
}
# what follows "i" when the speaker announces what they will do, spelt out and in chat ("i'll", "ima", "i m gonna"):
# one list for every threat of the speaker's own doing (publishing, telling), so that the families read the same forms
_I_WILL_EN = r"(?:'ll|ll| will|'m going to|m going to| am going to|'m gonna|m gonna| am gonna| gonna|mma|ma|'m|m)?"
# the speaker's own publishing verb
_VERB = {
    "en": r"\b(?<!should )(?<!shall )(?<!can )(?<!could )(?<!may )i" + _I_WILL_EN + r" (?:\w+ )?"
          r"(?:post|leak|share|send|publish|spread|disseminate|expose|upload|forward|sharing)(?:ing)?\b",
    "nl": r"\b" + _any(r"(?:lek|zet|stuur|deel|post|publiceer|verspreid|laat|gooi)\s+ik",
                       r"ik\s+(?:ga\s+|zal\s+)?(?:\w+\s+){0,3}?(?:lekken|lek|zetten|zet|sturen|stuur|delen|deel|posten"
                       r"|post|publiceren|publiceer|verspreiden|verspreid|gooien|gooi)") + r"\b",
    "de": r"\b" + _any(r"(?:schicke?|sende?|poste?|veroffentliche|verbreite|stelle?|teile?|leake?|zeige?|lade?)\s+ich",
                       r"ich\s+(?:werde\s+)?(?:\w+\s+){0,4}?(?:schicken|senden|posten|veroffentlichen|verbreiten"
                       r"|stellen|teilen|leaken|zeigen|hochladen|schicke|sende|poste|veroffentliche|verbreite|teile"
                       r"|zeige|schick|stell|teil|zeig|leak)") + r"\b(?! (?:dir|dich)\b)",
    "fr": _any(r"\bje (?:vais |te |les |la |le |l')?(?:\w+ ){0,2}?(?:publier|publie|envoyer|envoie|diffuser|diffuse"
               r"|partager|partage|poster|poste|balancer|balance|montrer|montre|afficher|affiche"
               r"|publierai|enverrai|diffuserai|partagerai|posterai|balancerai|montrerai|afficherai)",
               r"\bj'(?:envoie|affiche|enverrai|afficherai|balance|publie|poste|diffuse|partage|montre)") + r"\b",
    "es": r"\b" + _any("(?:las |los |lo |la |te |les )?(?:publico|subo|mando|envio|comparto|difundo|paso|enseno"
                       "|muestro|filtro|publicare|subire|mandare|enviare|compartire|difundire|pasare|ensenare"
                       "|mostrare|filtrare)",
                       "voy a (?:publicar|subir|mandar|enviar|compartir|difundir|pasar|ensenar|mostrar|filtrar)"
                       "(?:las|los|la|lo)?") + r"\b",
    "pt": r"\b" + _any("(?:eu )?(?:publico|posto|mando|envio|compartilho|espalho|vazo|mostro|publicarei"
                       "|postarei|mandarei|enviarei|compartilharei|espalharei|vazarei|mostrarei)",
                       "vou (?:publicar|postar|mandar|enviar|compartilhar|espalhar|vazar|mostrar)") + r"\b",
    "it": r"\b" + _any("(?:le |li |ti )?(?:pubblico|mando|invio|condivido|diffondo|posto|mostro|sputtano"
                       "|pubblichero|mandero|inviero|condividero|diffondero|postero|mostrero|sputtanero)",
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
# telling on the reader to their parents or family, after a condition ("send me a picture or I'll tell your parents",
# "si no me envías más, se lo diré a tus padres"): the other half of the sextortion scripts. Its own pattern, because
# "tell"/"sagen"/"dire" with the publishing audience ("everything", "alles", "tout") is everyday speech ("or I'll
# tell you everything tomorrow"); only the reader's parents or family make it a threat
_TELL = {
    "en": r"\bi" + _I_WILL_EN + r" (?:\w+ )?tell(?:ing)?\b.{0,40}?"
          r"\b(?:your|ur) (?:parents|mum|mom|dad|family|teachers?|school)\b",
    "nl": r"\b(?:(?:zeg|vertel) ik (?:het|dat|alles)|ik (?:ga |zal )?(?:het |dat |alles )?"
          r"(?:zeggen|vertellen|zeg|vertel))\b.{0,30}?"
          r"\b(?:tegen|aan) (?:je|jouw) (?:ouders|moeder|mama|ma|vader|papa|pa|familie)\b",
    "de": r"\b(?:(?:sage|sag|erzahle|erzahl) ich(?:s| es| das| alles)?|ich (?:werde )?(?:es |das |alles )?"
          r"(?:sagen|erzahlen|sage|erzahle))\b.{0,30}?"
          r"\b(?:deinen eltern|deiner (?:mutter|mama|familie)|deinem (?:vater|papa))\b",
    "fr": r"\bje (?:le |vais le |vais tout |vais |leur )?(?:dis|dirai|dire|raconte|raconterai|raconter)\b.{0,30}?"
          r"\ba (?:tes|ta|ton) (?:parents|mere|pere|famille|darons|daronne|daron)\b",
    "es": r"\b(?:se lo |le |les )?(?:digo|dire|cuento|contare|voy a decir(?:selo)?|voy a contar(?:selo)?)\b.{0,30}?"
          r"\b(?:a tus (?:padres|papas)|a tu (?:mama|papa|madre|padre|familia))\b",
    "pt": r"\b(?:eu )?(?:conto|contarei|digo|direi|vou contar|vou dizer)\b.{0,30}?"
          r"\b(?:(?:para|pra|aos) (?:os )?(?:seus|teus) pais|(?:para|pra) (?:a )?(?:sua|tua) (?:mae|familia))\b",
    "it": r"\b(?:lo |glielo )?(?:dico|diro|racconto|raccontero|vado a dire)\b.{0,30}?"
          r"\b(?:ai tuoi(?: genitori)?|a tua (?:madre|mamma|famiglia)|a tuo (?:padre|papa))\b",
}
# what makes telling a threat rather than banter ("clean your room or I'll tell your mom"): a demand for pictures or
# for sending, before the condition or inside it
_DEMAND = {
    "en": r"\b(?:send|sent|more|" + _IMG["en"] + r")\b",
    "nl": r"\b(?:stuur\w*|sturen|meer|" + _IMG["nl"] + r")\b",
    "de": r"\b(?:schick\w*|send\w*|mehr|" + _IMG["de"] + r")\b",
    "fr": r"\b(?:envoi\w*|envoy\w*|plus|" + _IMG["fr"] + r")\b",
    "es": r"\b(?:envi\w*|mand\w*|mas|" + _IMG["es"] + r")\b",
    "pt": r"\b(?:mand\w*|envi\w*|mais|" + _IMG["pt"] + r")\b",
    "it": r"\b(?:mand\w*|invi\w*|altre|" + _IMG["it"] + r")\b",
}
# the reader's own clothes, to be taken off
_UNDRESS = {
    "en": _any(r"\b(?:take|pull|strip|get) (?:off )?(?:your|ur) (?:clothes|pants|trousers|shirt|top|bra|panties"
               r"|underwear|knickers|shorts|skirt|dress)(?: off)?\b", r"\bstrip (?:for|4) me\b", r"\bget naked\b"),
    "nl": _any(r"\b(?:trek|doe) (?:(?:ff|even|eens|maar) )?(?:je|jouw) "
               r"(?:kleren|kleding|broek|shirt|topje|bh|onderbroek|slipje|rok|jurk)"
               r"(?: \w+){0,2} uit\b", r"\bkleed je (?:\w+ )?uit\b"),
    "de": r"\bzieh (?:(?:mal|ma|doch|jetzt) )?(?:dich|deine (?:kleider|klamotten|hose|unterhose|unterwasche)"
          r"|dein (?:shirt|t-shirt|tshirt|oberteil|top|hoschen"
          r"|hemd))(?: \w+){0,2} aus\b",
    "fr": _any(r"\b(?:enleve|retire|ote|tu (?:peux|veux|pourrais) (?:pas )?(?:enlever|retirer)) (?:tes|ton|ta) "
               r"(?:vetements|habits|pantalon|haut|t-shirt|culotte|slip|soutien-gorge|soutif|jupe|robe)\b",
               r"\bdeshabille[- ]toi\b", r"\bmets[- ]toi (?:(?:toute? )?nue?|a poil)\b"),
    "es": _any(r"\b(?:quitate|sacate) (?:la|el|los|las|tu|tus) (?:ropa|camiseta|remera|playera|pantalon|pantalones"
               r"|bragas|calzones|sosten"
               r"|sujetador|falda|vestido|blusa)\b", r"\bdesnudate\b", r"\bencuerate\b"),
    "pt": _any(r"\btira (?:a|o|as|os|sua|seu|tua|teu) (?:roupa|roupas|blusa|camisa|calca|calcinha|cueca|sutia|saia"
               r"|vestido)\b",
               r"\btira (?:a|sua|tua) camiseta\b(?! (?:do|da|dos|das|de)\b)", r"\bfica pelad(?:inh)?[ao]\b"),
    "it": _any(r"\b(?:togliti|levati) (?:i|la|il|le|gli) "
               r"(?:vestiti|maglietta|maglia|felpa|pantaloni|mutande|mutandine|reggiseno|gonna)\b",
               r"\bspogliati\b"),
}
# a picture of the reader's body asked for: of their feet, legs, body, or in swimwear or underwear ("send me a pic in
# your bikini", "zeig mir deine Füße", "mandame una foto en traje de baño"). Grooming guidance names it as the step
# before the undress request; the request is addressed to the reader, so it fires in any context. The reader's own
# body part or garment must be named: "send me a pic of your dog", "show me your cake" are no move. The third form of
# each (since text.comment 1.24.0): the reader asked to show themselves in it, "montre-toi en soutien-gorge", "zeig
# dich in Unterwäsche"; a carnival costume or a football shirt is no swimsuit ("costume da Elsa", "maillot du PSG").
_BODY = {
    "en": r"(?:feet|foot|toes|body|legs|thighs|butt|bum|booty|chest|belly|tummy)"
          r"(?! (?:of|workout|routine|day|transformation|progress|goals)\b)",  # "body of work", "legs workout"
    "fr": r"(?:pieds|corps|jambes|cuisses|fesses|poitrine|ventre)",
    "es": r"(?:pies|cuerpo|piernas|muslos|nalgas|pompis|pecho|barriga|panza)",
    "pt": r"(?:pes|pe|pezinhos|corpo|pernas|coxas|bunda|peito|barriga)",
    "it": r"(?:piedi|corpo|gambe|cosce|sedere|petto|pancia)",
    "de": r"(?:fusse|fuesse|fussen|fuessen|korper|beine|beinen|schenkel|schenkeln|po|hintern|brust|bauch)",
    "nl": r"(?:voeten|lichaam|benen|dijen|billen|kont|borst|buik)",
}
_WEAR = {
    "en": r"(?:bikini|swimsuit|bathing suit|swimwear|underwear|bra|panties|knickers|undies|leotard|towel)",
    "fr": r"(?:bikini|maillot(?: de bain)?|sous-vetements|sous vetements|culotte|soutien-gorge|serviette)",
    "es": r"(?:bikini|traje de bano|banador|ropa interior|calzones|bragas|sosten|sujetador|toalla)",
    "pt": r"(?:biquini|maio|roupa intima|roupa de baixo|calcinha|sutia|toalha)",
    "it": r"(?:bikini|costume|intimo|mutande|mutandine|reggiseno|asciugamano)",
    "de": r"(?:bikini|badeanzug|unterwasche|hoschen|bh|handtuch)",
    "nl": r"(?:bikini|badpak|ondergoed|onderbroek|slipje|bh|handdoek)",
}
_PIC = {
    "en": r"(?:pic|pics|photo|photos|picture|pictures|selfie|selfies|video|videos|vid|vids|snap|snaps)",
    "fr": r"(?:photos?|videos?|selfies?)", "es": r"(?:fotos?|videos?|selfies?)", "pt": r"(?:fotos?|videos?|selfies?)",
    "it": r"(?:foto|video|selfie)", "de": r"(?:fotos?|bilder|bild|videos?|selfies?)",
    "nl": r"(?:foto|fotos|foto's|fotootje|video|filmpje|selfie)",
}
_BODY_PIC = {
    "en": _any(rf"\b(?:send|show|post|give|take)(?: me| us)? (?:a |an |some |more |another )?(?:\w+ )?{_PIC['en']} "
               rf"(?:of (?:your|ur) {_BODY['en']}|(?:in|wearing) (?:your |ur |a |just )?{_WEAR['en']})\b",
               rf"\b(?:show me|let me see|lemme see) (?:your|ur) {_BODY['en']}\b",
               r"\b(?:send|show|dm)(?: me| us)? (?:a |some |more |ur |your )?(?:feet|foot|bikini|underwear|undies) "
               r"(?:pics?|photos?|pictures?|vids?|videos?)\b(?! (?:of|from)\b)",
               rf"\b(?:show (?:me )?(?:yourself|urself)|let me see (?:you|u)) (?:in|wearing) (?:your |ur |a |just )?"
               rf"{_WEAR['en']}\b",
               rf"\b(?:send|post)(?: me| us)? (?:one|another one) (?:in|wearing) (?:your |ur |a |just )?"
               rf"{_WEAR['en']}\b"),
    "fr": _any(rf"\b(?:envoie|envoies|montre|poste)(?:-moi| moi)? (?:une |des |d'autres |encore des )?{_PIC['fr']} "
               rf"(?:de (?:tes|ton|ta) {_BODY['fr']}|(?:en|avec ton|dans ton|dans ta) {_WEAR['fr']})\b",
               rf"\b(?:montre(?:-moi| moi)|fais(?:-moi| moi)? voir) (?:tes|ton|ta) {_BODY['fr']}\b",
               rf"\b(?:montre-toi|montre toi|fais-moi voir|laisse-moi te voir|je veux te voir) "
               rf"(?:en|dans ton|dans ta|avec ton|avec ta) {_WEAR['fr']}\b(?! (?:de (?!bain)|du |des |d'))"),
    "es": _any(rf"\b(?:mandame|enviame|muestrame|pasame|manda|envia)(?: \w+)? (?:una |unas |mas )?{_PIC['es']} "
               rf"(?:de (?:tus|tu) {_BODY['es']}|(?:en|con tu|con) {_WEAR['es']})\b",
               rf"\b(?:muestrame|mostrame) (?:tus|tu) {_BODY['es']}\b",
               rf"\b(?:ensename|ensenate|muestrate|dejame verte|quiero verte) (?:en|con tu|con) {_WEAR['es']}\b"),
    "pt": _any(rf"\b(?:me manda|manda|me envia|envia|me mostra|posta)(?: \w+)? (?:uma |umas |mais )?{_PIC['pt']} "
               rf"(?:d(?:os|o|a|as) (?:seus|teus|seu|teu|sua|tua) {_BODY['pt']}|(?:de|em|com|usando) {_WEAR['pt']})\b",
               rf"\b(?:me mostra|mostra pra mim|mostre|deixa eu ver)(?: \w+)? (?:os |o |as |a )?"
               rf"(?:seus |teus |sua |tua |seu |teu )?"
               rf"{_BODY['pt']}\b",
               rf"\b(?:se mostra|deixa eu te ver|quero te ver|me mostra voce) (?:de|em|com|usando|so de) "
               rf"{_WEAR['pt']}\b",
               rf"\b(?:me manda|manda|me envia|envia)(?: mais)? (?:uma|outra) (?:de|em|usando|so de) {_WEAR['pt']}\b"),
    "it": _any(rf"\b(?:mandami|inviami|mostrami|fammi vedere)(?: \w+)? (?:una |delle |altre |piu )?{_PIC['it']} "
               rf"(?:de(?:i|l|lle) tu(?:oi|o|e|a) {_BODY['it']}|(?:in|col|con il|con) {_WEAR['it']})\b",
               rf"\b(?:fammi vedere|mostrami) (?:i |il |le |la )?(?:tuoi |tuo |tue |tua )?{_BODY['it']}\b",
               rf"\b(?:fammi vedere|mostrati|fatti vedere|voglio vederti|fammiti vedere) (?:in|col|con il|con) "
               rf"{_WEAR['it']}\b(?! (?:da|di) (?!bagno))",
               rf"\b(?:mandamene|mandane|inviamene) (?:una|un'altra|altre) (?:in|col|con il|con) {_WEAR['it']}\b"
               r"(?! (?:da|di) (?!bagno))"),
    "de": _any(rf"\b(?:schick|schicke|sende|zeig)(?: mir| uns| mal| ma| doch)* "
               rf"(?:ein |eins |mehr |noch ein |paar |n |nen )?"
               rf"{_PIC['de']} "
               rf"(?:von (?:deinen|deinem|deiner) {_BODY['de']}|(?:im|in deinem|in deiner|in) {_WEAR['de']})\b",
               rf"\bzeig (?:mir |mal |ma |doch )*(?:deine|deinen) {_BODY['de']}\b",
               rf"\b(?:zeig dich|zeig mir dich|ich will dich sehen|lass dich sehen) (?:mal |doch )?"
               rf"(?:im|in deinem|in deiner|in) {_WEAR['de']}\b",
               rf"\b(?:schick|schicke|sende)(?: mir| uns| mal| doch| dann)* (?:eins|noch eins) "
               rf"(?:im|in deinem|in deiner|in) {_WEAR['de']}\b"),
    "nl": _any(rf"\b(?:stuur|toon|post)(?: me| mij| ff| even| eens)* (?:een |wat |meer |nog een )?{_PIC['nl']} "
               rf"(?:van (?:je|jouw) {_BODY['nl']}|(?:in|met) (?:je |jouw |een )?{_WEAR['nl']})\b",
               rf"\blaat (?:me |mij )?(?:je|jouw) {_BODY['nl']} (?:(?:ff|even|eens) )?zien\b",
               rf"\blaat (?:je|jezelf|me je|mij je) (?:eens |even )?zien (?:in|met) (?:je |jouw |een )?"
               rf"{_WEAR['nl']}\b"),
}
# a picture of the reader asked for ("send me a pic of yourself", "stuur eens een foto van jezelf", "manda uma foto
# sua"): grooming guidance's first request for images, before the body and the undress request. The picture must be
# of the reader (of you / yourself / tuya / de toi / von dir) or a selfie; "send me a pic of the cake", "a photo of you
# two", "of you guys" (a couple, a family) and "of you and your sister" are no move.
_NOT_ALONE = {"en": r"(?! (?:two|guys|all|both|and|with|together)\b)", "nl": r"(?! (?:twee|samen|allebei|en)\b)",
              "de": r"(?! (?:beiden|zusammen|und)\b)", "fr": r"(?! (?:deux|ensemble|et)\b)",
              "es": r"(?! (?:dos|juntos|juntas|y)\b)", "pt": r"(?! (?:dois|duas|juntos|juntas|e)\b)",
              "it": r"(?! (?:due|insieme|e)\b)"}
_SELF_PIC = {
    "en": _any(rf"\b(?:send|show|post|snap)(?: me| us)? (?:a |an |some |more |another |one )?(?:\w+ )?{_PIC['en']} "
               rf"of (?:just )?(?:you|u|yourself|urself|ur self)\b{_NOT_ALONE['en']}",
               r"\b(?:send|snap)(?: me)? (?:a |some |more |another )?selfies?\b",
               rf"\b(?:are|r) (?:you|u) (?:going to|gonna) send (?:me )?(?:a|some|any|more) {_PIC['en']}\b"),
    "nl": _any(rf"\bstuur (?:(?:eens|me|mij|maar|even|dan|nog) )*(?:een |wat |meer |nog een )?(?:\w+ )?{_PIC['nl']} "
               rf"van (?:jezelf|je zelf|jou)\b{_NOT_ALONE['nl']}",
               r"\bstuur (?:(?:eens|me|mij|maar|even|dan|nog) )*(?:een |wat )?selfies?\b"),
    "de": _any(rf"\b(?:schick|schicke|sende)(?: (?:mir|mal|doch|uns|noch))* (?:ein |eins |paar |mehr |noch ein )?"
               rf"(?:\w+ )?{_PIC['de']} von dir\b{_NOT_ALONE['de']}",
               r"\b(?:schick|schicke|sende)(?: (?:mir|mal|doch|noch))* (?:ein )?selfies?\b"),
    "fr": _any(rf"\b(?:envoie|envoies|envoyer|envoyez|montre)(?:-moi| moi)? "
               rf"(?:une |des |d'autres |encore des |quelques )?{_PIC['fr']} de toi\b{_NOT_ALONE['fr']}",
               r"\b(?:envoie|envoies)(?:-moi| moi)? (?:un |des )?selfies?\b"),
    "es": _any(rf"\b(?:mandame|enviame|pasame|manda|envia|me mandas|me envias|me pasas|mandarme|enviarme|pasarme)"
               rf" (?:una |unas |alguna |algunas |mas |otra )?{_PIC['es']} (?:tuya|tuyas|de ti)\b{_NOT_ALONE['es']}",
               r"\b(?:mandame|enviame|pasame) (?:una |unas )?selfies?\b"),
    "pt": _any(rf"\b(?:me manda|manda|me envia|envia|mande|envie|me mande|me envie|me mandar|me enviar)"
               rf" (?:uma |umas |alguma |algumas |mais |outra )?{_PIC['pt']} (?:sua|suas|tua|tuas|de voce|de ti)\b"
               rf"{_NOT_ALONE['pt']}",
               r"\b(?:me manda|manda|me envia|mande|me mande) (?:uma |umas )?selfies?\b"),
    "it": _any(rf"\b(?:mandami|inviami|mi mandi|mi invii|mandarmi|inviarmi) (?:una |delle |qualche |altre |un'altra )?"
               rf"(?:tua |tue )?{_PIC['it']} (?:tua|tue|di te)\b{_NOT_ALONE['it']}",
               rf"\b(?:mandami|inviami|mi mandi|mi invii|mandarmi|inviarmi) (?:una |delle |qualche |altre |un'altra )?"
               rf"(?:tua|tue) {_PIC['it']}\b"),
}
# minors called to write to the speaker ("di hola si eres menor y te gustan mayores", "dm me if you're under 16",
# "si t'es mineure écris-moi"): an adult's call addressed to children by their age, as reporting on comment sections
# and "age lists" quotes it. The reader must be named a minor (if you are / any girls / si eres ... under 16, menor,
# minderjährig) and asked to write to the speaker (dm me, escríbeme, schreib mir), in either order, within one remark;
# a helpline's "if you're under 18, talk to someone you trust" or "message us" asks for no contact with the speaker.
_MINOR = {
    "en": r"(?:a minor|underage|under (?:1[0-8]|age|eighteen|sixteen)|younger than 1[0-8]|1[0-7] or (?:under|younger))",
    "es": r"(?:menor(?:cita)?(?: de edad)?|menor de 1[0-8]|tienes menos de 1[0-8])",
    "pt": r"(?:menor(?: de idade)?|menor de 1[0-8]|tem menos de 1[0-8])",
    "fr": r"(?:mineure?|moins de 1[0-8] ans|pas encore 18 ans)",
    "it": r"(?:minorenne|minore|meno di 1[0-8] anni)",
    "de": r"(?:minderjahrig|unter 1[0-8]|junger als 1[0-8])",
    "nl": r"(?:minderjarig|onder de 1[0-8]|jonger dan 1[0-8])",
}
_IF_YOU = {
    "en": r"(?:if (?:you(?:'re| are| r)|u(?:'re| are| r)?|ur)"
          r"|any (?:girls?|boys?|kids?|one|1)(?: here)?(?: who(?:'s| is| are))?|(?:girls?|boys?|kids?) (?:who are )?)",
    "es": r"(?:si (?:eres|sos|tienes)|chicas?|chicos?|ninas?|alguna|alguien)",
    "pt": r"(?:se (?:voce|vc|tu) (?:e|for|tem)|meninas?|garotas?|alguma|alguem)",
    "fr": r"(?:si (?:tu es|t'es|t es|vous etes)|les filles|filles?|quelqu'une?)",
    "it": r"(?:se (?:sei|hai)|ragazze|ragazzine?|qualcuna)", "de": r"(?:wenn du|falls du|madels?|madchen|jemand)",
    "nl": r"(?:als je|als jij|meisjes?|meiden|iemand)",
}
_CALL_ME = {
    "en": r"(?:dm|message|msg|pm|text|add|snap|write(?: to)?) me\b|hit me up|say hi|slide in(?:to)? my",
    "es": r"(?:escribeme|escribanme|mandame (?:un )?(?:mensaje|md|dm|privado)|agregame|hablame|di hola|al privado|"
          r"por privado|md\b)",
    "pt": r"(?:me chama|me manda (?:uma )?(?:mensagem|dm|direct|msg)|me add|me adiciona|chama no (?:privado|pv|direct)|"
          r"diz oi|no pv\b)",
    "fr": r"(?:ecris-moi|ecris moi|envoie-moi un (?:message|mp)|ajoute-moi|ajoute moi|dis bonjour|en mp\b|en prive)",
    "it": r"(?:scrivimi|mandami un (?:messaggio|dm|direct)|aggiungimi|in privato|in dm\b|in direct)",
    "de": r"(?:schreib mir|schreibt mir|meld dich|meldet euch|adde mich|sag hallo|per dm\b|privat schreiben)",
    "nl": r"(?:stuur me (?:een )?(?:bericht|dm|pb)|dm me|app me|voeg me toe|zeg hoi|prive)",
}
_MINORS_CALLED = {lang: _any(rf"\b{_IF_YOU[lang]} ?(?:\w+ ){{0,2}}{_MINOR[lang]}\b.{{0,80}}?\b(?:{_CALL_ME[lang]})",
                             rf"\b(?:{_CALL_ME[lang]}).{{0,60}}?\b{_IF_YOU[lang]} ?(?:\w+ ){{0,2}}{_MINOR[lang]}\b")
                  for lang in _MINOR}
# flattery that sets the reader apart from their peers ("you're not like other girls your age", "tu es plus mature
# que les filles de ton âge", "você é diferente das outras meninas"): the step of grooming guidance beside "so mature
# for your age" (certain.tsv). A comparison (not like, different from, more mature than) with the other children, or
# with the girls/boys/kids of the reader's age, said to the reader: "my son is not like the other kids" is a parent,
# and "you're not like other girls" alone, the dating cliché among adults, names no child and no age.
_UNLIKE_OTHERS = {
    "en": _any(r"\b(?:you'?re|you are|u r|ur|you seem|you act|you look)(?: \w+)? (?:not like|nothing like|different "
               r"(?:from|than)|unlike|more mature than|smarter than|older than|so much more mature than) (?:all )?"
               r"(?:the )?other (?:kids|children)\b",
               r"\b(?:not like|nothing like|different (?:from|than)|unlike|more mature than|smarter than|older than) "
               r"(?:all )?(?:the )?(?:other )?(?:girls|boys|kids|children|people) (?:of )?(?:your|ur) age\b"),
    "fr": _any(r"\b(?:pas comme|differente? des|plus mature que|plus mure que|plus murs? que) (?:toutes )?(?:les )?"
               r"(?:autres )?(?:enfants|filles|garcons|jeunes) de ton age\b",
               r"\btu (?:n'|ne )?es (?:tellement |vraiment |si )?(?:differente?|pas comme) (?:des |les )?autres "
               r"(?:enfants|fillettes|gamins|gamines)\b"),
    "es": _any(r"\b(?:no eres como|diferente (?:a|de)|mas madura que|mas maduro que) (?:todas |todos )?(?:los |las )?"
               r"(?:otros |otras )?(?:ninos|ninas|chicas|chicos) de tu edad\b",
               r"\beres (?:tan |muy )?diferente (?:a|de) (?:las|los) (?:otras|otros) (?:ninas|ninos)\b"),
    "pt": _any(r"\b(?:nao e como|nao es como|diferente d(?:as|os)|mais madura (?:que|do que)"
               r"|mais maduro (?:que|do que)) (?:todas |todos )?(?:as |os )?(?:outras |outros )?"
               r"(?:meninas|meninos|criancas|garotas|garotos) da (?:sua|tua) idade\b",
               r"\b(?:voce|tu) (?:nao (?:e|es) como|(?:e|es) (?:tao |muito )?diferente d(?:as|os)) (?:as |os )?"
               r"(?:outras|outros) (?:meninas|meninos|criancas)\b"),
    "it": _any(r"\b(?:non sei come|diversa da(?:lle|gli)|diverso da(?:lle|gli)|piu matura d(?:elle|ei|egli)|piu maturo "
               r"d(?:elle|ei|egli)) (?:altre |altri )?(?:ragazze|ragazzi|bambine|bambini) della tua eta\b",
               r"\bsei (?:cosi |molto )?divers[ao] da(?:lle|gli) altr[ei] (?:ragazzine|ragazzini|bambine|bambini)\b"),
    "de": _any(r"\b(?:nicht wie|anders als|reifer als|erwachsener als) (?:alle )?(?:die )?(?:anderen )?"
               r"(?:kinder|madchen|jungs|jungen) in deinem alter\b",
               r"\bdu bist (?:so |ganz |echt )?(?:anders als|nicht wie) die anderen (?:kinder|madchen)\b"),
    "nl": _any(r"\b(?:niet zoals|anders dan|volwassener dan|rijper dan) (?:alle )?(?:de )?(?:andere )?"
               r"(?:kinderen|meisjes|jongens) van (?:je|jouw) leeftijd\b",
               r"\b(?:je bent|jij bent) (?:zo |echt )?(?:anders dan|niet zoals) de andere (?:kinderen|meisjes)\b"),
}
# a picture swap offered: the speaker's own picture for the reader's ("show me yours and I'll show you mine", "I'll
# send you a pic if you send me one"), the reciprocity that grooming and sextortion guidance describes. One side must
# name a picture, or the idiom name "yours"/"mine": "I'll send you one if you send me one" may be a birthday card,
# "send me the recipe and I'll send you mine" is a recipe.
_SWAP = {
    "en": _any(r"\bshow me (?:yours|urs),? (?:and|&|then|n) (?:i'?ll|ill|i will) show (?:you |u )?mine\b",
               r"\b(?:i'?ll|ill|i will) show (?:you |u )?mine if (?:you|u) show (?:me )?(?:yours|urs)\b",
               r"\bpic (?:for|4) pic\b(?! of\b)",
               rf"\bsend me (?:a |one |some |your |ur )?{_PIC['en']},? (?:and|&|n|then) (?:i'?ll|ill|i will) send "
               r"(?:you |u )?(?:one|some|mine)\b",
               rf"\b(?:i'?ll|i will|i can|i'?m gonna|i m gonna) send (?:you |u )?(?:a |some |my )?{_PIC['en']}\b"
               r".{0,25}?\bif (?:you|u) send (?:me )?(?:one|some|a (?:pic|photo|picture|selfie))\b",
               rf"\bif (?:you|u) send (?:me )?(?:a |one |some |your )?{_PIC['en']}\b.{{0,25}}?"
               r"\b(?:i'?ll|i will|i can) send (?:you |u )?(?:one|some)(?: back| too)?\b"),
    "fr": _any(r"\bmontre(?:-moi| moi) (?:le tien|la tienne)\b.{0,20}?\bje (?:te )?montre (?:le mien|la mienne)\b",
               # the compact spoken form: "je t'en montre, tu m'en montres"
               r"\bje t'en (?:montre|envoie)s?,? (?:et |si |puis )?tu m'en (?:montres|envoies)\b",
               r"\btu m'en (?:montres|envoies),? (?:et |puis |alors )?je t'en (?:montre|envoie)\b",
               rf"\bje (?:t'|te )(?:envoie|enverrai) (?:une |des |ma |mes )?{_PIC['fr']}\b.{{0,25}}?"
               r"\bsi tu m'en (?:envoies|envoie)\b",
               rf"\bsi tu (?:m'|me )(?:envoies|envoie) (?:une |des |ta |tes )?{_PIC['fr']}\b.{{0,25}}?"
               r"\b(?:je |j'|j)?t'en (?:envoie|enverrai)\b"),
    "es": _any(r"\b(?:ensename|muestrame) (?:lo tuyo|la tuya|el tuyo)\b.{0,20}?\b(?:te )?(?:enseno|muestro) "
               r"(?:lo mio|la mia|el mio)\b",
               rf"\bte (?:mando|envio|paso) (?:una |unas |mi |mis )?{_PIC['es']}\b.{{0,25}}?\bsi (?:me )?"
               r"(?:mandas|envias|pasas) (?:una|unas|otra|alguna|la tuya|las tuyas)\b",
               rf"\bsi (?:me )?(?:mandas|envias|pasas) (?:una |unas |tu |tus )?{_PIC['es']}\b.{{0,25}}?"
               r"\bte (?:mando|envio|paso) (?:una|unas|otra)\b",
               rf"\b(?:mandame|enviame|pasame) (?:una |unas |tu |tus )?{_PIC['es']},? y (?:yo )?te "
               r"(?:mando|envio|paso) "
               r"(?:una|unas|otra|la mia|las mias)\b"),
    "pt": _any(r"\b(?:me mostra|mostra) (?:o seu|a sua|o teu|a tua)\b.{0,20}?\b(?:eu )?(?:te )?mostro "
               r"(?:o meu|a minha)\b",
               rf"\b(?:te |eu te )(?:mando|envio) (?:uma |umas |minha |minhas )?{_PIC['pt']}\b.{{0,25}}?\bse "
               r"(?:voce |vc |tu )?(?:me )?(?:mandar|enviar) (?:uma|umas|outra)\b",
               rf"\b(?:me )?(?:manda|envia) (?:uma |umas |sua |tua )?{_PIC['pt']},? (?:que|q|e) (?:eu )?te "
               r"(?:mando|envio) (?:uma|umas|outra|a minha)\b",
               rf"\bse (?:voce |tu )?(?:me )?(?:mandar|enviar) (?:uma |umas |sua |suas |tua |tuas )?{_PIC['pt']}\b"
               r".{0,25}?\b(?:eu )?te (?:mando|envio) (?:uma|umas|outra)\b"),
    "it": _any(r"\bfammi vedere (?:il tuo|la tua)\b.{0,20}?\bti faccio vedere (?:il mio|la mia)\b",
               rf"\bti (?:mando|invio) (?:una |delle |la mia |le mie )?{_PIC['it']}\b.{{0,25}}?\bse (?:me ne|mi) "
               r"(?:mandi|invii)(?: una| un'altra)?\b(?!\s+(?:il|la|l'|i|gli|le|tuo|tua|tuoi|tue)\b)",
               rf"\bse (?:mi )?(?:mandi|invii) (?:una |delle |la tua |le tue )?{_PIC['it']}\b.{{0,25}}?"
               r"\bti (?:ne mando|mando una|invio una)\b",
               rf"\b(?:mandami|inviami) (?:una |delle |la tua |le tue )?{_PIC['it']},? e (?:io )?te ne (?:mando|invio)"
               r" (?:una|altre|un'altra)\b"),
    "de": _any(r"\bzeig (?:mir )?(?:deins|deinen|deine)\b.{0,20}?\b(?:dann )?zeig ich (?:dir )?"
               r"(?:meins|meinen|meine)\b",
               r"\bdu zeigst mir deins,? (?:und |dann )?(?:ich zeig(?:e)?|zeig(?:e)? ich) dir meins\b",
               r"\bich zeig(?:e)? dir meins,? wenn du mir deins zeigst\b",
               rf"\bich (?:schick|schicke|sende) dir (?:ein |eins |paar |mein |meine |n |nen )?{_PIC['de']}\b.{{0,25}}?"
               r"\bwenn du (?:mir )?(?:auch )?(?:eins|welche) (?:schickst|sendest)\b",
               rf"\bwenn du (?:mir )?(?:ein |eins |paar |dein |deine )?{_PIC['de']}\b (?:schickst|sendest)\b"
               r".{0,25}?\b(?:schick|schicke|sende) ich dir (?:auch )?(?:eins|welche)\b"),
    "nl": _any(r"\blaat (?:jij )?(?:de jouwe|het jouwe|jouw) zien\b.{0,20}?\bdan laat ik (?:de mijne|het mijne) zien\b",
               rf"\bik stuur (?:je |jou )?(?:een |wat |mijn )?{_PIC['nl']}\b.{{0,25}}?\bals (?:jij|je) "
               r"er (?:ook )?(?:een|wat) (?:stuurt)\b",
               rf"\bals (?:jij|je) (?:mij |me )?(?:een |wat |jouw )?{_PIC['nl']}\b (?:stuurt)\b.{{0,25}}?"
               r"\bstuur ik (?:er )?(?:ook )?(?:een|wat)\b",
               rf"\bstuur (?:jij |je |me |mij |ff |eens )*(?:een |wat )?{_PIC['nl']},? dan stuur ik (?:jou )?(?:er )?"
               r"(?:ook )?(?:een|wat)\b"),
}
# the reader offered a sight of someone of theirs naked, the pitch of nudify ads ("see your crush naked", "Seh endlich
# deine Nachbarin nackt", quoted from a German report; since text.comment 1.24.4 in every language): a verb of seeing
# in the imperative, "your" and up to two words, then naked
_SEE_YOURS_NAKED = {
    # English "see" also follows whom one lets see ("don't let anyone see your kids naked"): only where it starts
    # the clause or follows the pitch's own words ("now", "finally", "to", "can")
    "en": r"(?:^|[.!?,:;] ?|\b(?:now|finally|just|instantly|easily|and|to|can|could|will|ll) )see (?:\w+ )?(?:your|ur) "
          r"(?:\w+ ){1,2}?naked\b",
    "nl": r"\bzie (?:\w+ )?(?:je|jouw) (?:\w+ ){1,2}?naakt\b",
    "de": r"\b(?:sieh|seh|schau) (?:\w+ )?(?:dir )?(?:deine?n?|deiner) (?:\w+ ){1,2}?nackt\b",
    "fr": r"\bvois (?:\w+ )?(?:ta|ton|tes) (?:\w+ ){1,2}?(?:nue?s?|a poil)\b",
    "es": r"\b(?:ve|mira) a (?:\w+ )?tus? (?:\w+ ){1,2}?desnud[oa]s?\b",
    "pt": r"\b(?:veja|ve) (?:\w+ )?(?:a |o |as |os )?(?:sua|seu|suas|seus|tua|teu) (?:\w+ ){1,2}?"
          r"(?:nu[as]?|pelad[oa]s?)\b",
    "it": r"\b(?:vedi|guarda) (?:\w+ )?(?:la |il |le |i )?(?:tua|tuo|tue|tuoi) (?:\w+ ){1,2}?nud[aoie]\b",
}
# removing clothes from anyone's picture, offered or asked for
_NUDIFY = {
    "en": _any(r"\b(?:remove|erase|delete|take off|strip)\b.{0,20}\bclothes\b.{0,30}\b(?:any|every|anyone|anybody"
               r"|someone|her|his|their|girls?|wom[ae]n|people|photos?|pictures?|pics?|images?)\b",
               r"\b(?:undress|nudify|strip) "
               r"(?:any|every|anyone|anybody|someone|her|(?:your|ur) (?:crush|classmates?))\b",
               r"\bsee (?:anyone|anybody|any girl|her|them|your crush) naked\b",
               # the service's advertised means: "just use [the site] to get her nudes" (a nudify app's advert,
               # quoted in reporting), "nudes of anyone"
               r"\b(?:use|using|try|download|with)\b(?: \S+){0,5}? to (?:get|make|see|create|generate) "
               r"(?:her|his|their|any ?one'?s|any girl'?s|your crush'?s|someone'?s) nudes\b",
               r"\bnudes of (?:anyone|anybody|any girl|(?:your|ur) crush|(?:your|ur) classmates?|whoever you want)\b"),
    "nl": _any(r"\bkleren? (?:van|weg)\b.{0,40}\b(?:foto|iedereen|elk)",
               r"\b(?:iedereen|elk meisje|haar) naakt (?:zien|maken)\b",
               r"\bnaaktfoto'?s van (?:iedereen|elk meisje|je crush|wie je maar wilt)\b"),
    "de": _any(r"\b(?:kleidung|kleider|klamotten) (?:entfernen|weg)\b.{0,40}\b(?:foto|bild|jede)",
               r"\b(?:jede|jeden|jeder|sie) nackt (?:sehen|machen|zeigen)\b",
               r"\bauszieh(?:en|t)\b.{0,30}\b(?:foto|bild|jede)",
               r"\bnacktbilder (?:von )?(?:jeder|jedem|jedes madchens|deinem schwarm|wem du willst)\b"),
    "fr": _any(r"\b(?:enlever|retirer|supprimer) (?:\w+ )?(?:les|leurs|ses) vetements\b",
               r"\bdeshabille[rz]? (?:n'importe qui|n'importe quelle (?:fille|meuf)|toutes?|quelqu'un|une fille)\b",
               r"\bvoir (?:n'importe qui|tout le monde|quelqu'un) nue?s?\b",
               r"\bnudes? de (?:n'importe qui|n'importe quelle fille|ton crush|qui tu veux)\b"),
    "es": _any(r"\b(?:quitar|eliminar|borrar) (?:\w+ )?(?:la|su) ropa\b",
               r"\bdesnudar a (?:cualquier|cualquiera|quien|tu)\b", r"\bdesnuda a (?:cualquier|cualquiera|quien)\b",
               r"\bver a (?:cualquiera|quien quieras) desnud"),
    "pt": _any(r"\b(?:tirar|remover|apagar) (?:a|as) roupas?\b.{0,30}\b(?:foto|qualquer|de)\b",
               r"\b(?:despir|deixar|despe) (?:qualquer|quem)\b", r"\bdeixa (?:qualquer|quem)\b.{0,20}\bpelad[ao]s?\b",
               r"\bver (?:qualquer pessoa|quem quiser) pelad"),
    "it": _any(r"\b(?:rimuovere|togliere|eliminare) (?:\w+ )?(?:i|gli) vestiti\b",
               r"\bspogliare (?:chiunque|qualsiasi|una ragazza)\b",
               r"\bspoglia (?:chiunque|qualsiasi ragazza|una ragazza)\b",
               r"\bvedere (?:chiunque|qualsiasi ragazza) nud"),
}

# the nudify service's own pitch: upload (send) a picture and it comes back undressed ("upload a photo to strip for a
# minute", "sube una foto y desnúdala"). A picture word, then "to/and" and an undress verb within a few words; a
# strip of metadata, background or watermark is photo editing, not this
_PIC_WORDS = {  # the picture uploaded, per language
    "en": r"(?:photos?|pics?|pictures?|images?|selfies?)", "nl": r"(?:foto|fotos|foto's|afbeelding|plaatje)",
    "de": r"(?:foto|fotos|bild|bilder|selfie)", "fr": r"(?:photos?|images?|selfies?)",
    "es": r"(?:fotos?|imagen|imagenes|selfies?)", "pt": r"(?:fotos?|imagem|imagens|selfies?)",
    "it": r"(?:foto|immagine|immagini|selfie)",
}
_UPLOAD_VERB = {
    "en": r"(?:upload|send|submit|drop|add)", "nl": r"(?:upload|stuur|verstuur)", "de": r"(?:lade|lad|schick|sende)",
    "fr": r"(?:telecharge[rz]?|charge[rz]?|importe[rz]?|envoie[rz]?|upload(?:e[rz]?)?)",
    "es": r"(?:sube|subir|envia|enviar|carga|cargar)",
    "pt": r"(?:envie|enviar|carregue|carregar|suba|subir|manda|mande)",
    "it": r"(?:carica|caricare|invia|inviare|manda)",
}
_UNDRESS_IT = {  # "to/and" + the undressing, per language
    "en": r"(?:to|and) (?:\w+ ){0,2}?(?:strip|undress|nudify|unclothe)\b(?! (?:the |its |all |any )?(?:metadata|exif"
          r"|data|background|location|gps|tags|watermarks?|colou?rs?|noise)\b)",
    "nl": r"(?:om |en )?(?:\w+ ){0,2}?(?:uit te kleden|uitkleden|naakt (?:te )?(?:maken|zien))\b",
    "de": r"(?:und |um )?(?:\w+ ){0,2}?(?:auszuziehen|ausziehen|zieht? \w+ aus|nackt (?:zu )?(?:machen|sehen))\b",
    "fr": r"(?:pour|et) (?:\w+ ){0,2}?(?:deshabiller|la voir nue|le voir nu|les voir nu(?:e)?s)\b",
    "es": r"(?:para|y) (?:\w+ ){0,2}?(?:desnudar\w*|quitar\w* la ropa|verla desnuda|verlas desnudas)\b",
    "pt": r"(?:para|e) (?:\w+ ){0,2}?(?:despir|tirar a roupa|ver (?:ela|elas) nuas?|deixar nuas?)\b",
    "it": r"(?:per|e) (?:\w+ ){0,2}?(?:spogliar\w*|svestir\w*|togliere i vestiti|vederla nuda)\b",
}
_UPLOAD_NAKED = {
    lang: rf"\b{_UPLOAD_VERB[lang]}\b(?: \w+){{0,2}} {_PIC_WORDS[lang]}\b(?:,? \w+){{0,3}},? {_UNDRESS_IT[lang]}"
    for lang in _PIC_WORDS}

# secrecy, the grooming stage that keeps what happens from everyone else: nobody must / has to / will ever know
# ("la cosa importante è che nessuno lo venga a sapere", quoted from an Italian court report; "que nadie se entere",
# "niemand darf es erfahren", "personne ne doit le savoir"). The fixed phrases in certain.tsv missed the Italian
# form; a modal or subjunctive of necessity, then knowing or finding out. Not "nobody knows what happened" (no modal)
# nor "no one has to know how to code" (know how).
_NOBODY_KNOWS = {
    "en": r"\b(?:nobody|no one|no-one|noone)(?: else)? (?:has to|needs to|must|should|will ever|is gonna|is going to|"
          r"gotta) (?:ever )?(?:know|find out)\b(?! (?:how|what|when|where|why|if|whether)\b)",
    "nl": r"\bniemand (?:mag|hoeft|moet) (?:dit |het |daar |er )?(?:ooit )?(?:iets )?(?:van )?(?:te )?"
          r"(?:weten|horen)\b",
    "de": r"\b(?:niemand|keiner)(?: sonst)? (?:darf|muss|soll|braucht|darfs|muss's|darf's) "
          r"(?:es |das |davon |etwas )?(?:je |jemals )?"
          r"(?:davon )?(?:zu )?(?:wissen|erfahren|mitbekommen)\b",
    # (not "saber / savoir / sapere" + an infinitive: knowing how to)
    "fr": r"\bpersonne (?:ne |n')(?:doit|devra|va)(?: jamais)? (?:le |l'|en |rien )?(?:savoir|apprendre|decouvrir)\b"
          r"(?! \w+(?:er|ir|re)\b)|\bpersonne (?:ne |n')(?:le |en )?saura\b"
          # spoken French drops "ne": then only with the object ("personne doit le savoir"), never after an article
          r"|(?<!la )(?<!une )(?<!chaque )(?<!toute )(?<!cette )(?<!quelle )\bpersonne (?:doit|devra) (?:jamais )?"
          r"(?:le |l')(?:savoir|apprendre)\b|(?<!la )(?<!une )(?<!chaque )(?<!toute )(?<!cette )\bpersonne "
          r"(?:le |en )saura\b|\bque personne (?:ne |n')?(?:le |l'|en )?(?:sache|apprenne)\b",
    "es": r"\bnadie (?:tiene que|debe|necesita) (?:saber|enterarse|saberlo)\b"
          r"(?! (?:que|como|cuando|donde|todo|\w+(?:ar|er|ir))\b)|\b(?:que|q) nadie (?:se entere|lo sepa|sepa nada)\b"
          r"|\bnadie (?:tiene|debe) (?:que |q )?(?:saberlo|enterarse)\b(?! todo\b)|\bnadie tiene q saber\b"
          r"(?! (?:que|como|cuando|donde|\w+(?:ar|er|ir))\b)|\bnadie (?:se|lo) tiene (?:que|q) (?:enterar|saber)\b",
    "pt": r"\b(?:ninguem|ngm) (?:precisa|deve|tem que|tem q) (?:saber|descobrir|ficar sabendo)\b"
          r"(?! (?:que|como|quando|onde|\w+(?:ar|er|ir))\b)"
          r"|\b(?:que|q) (?:ninguem|ngm) (?:saiba|descubra|fique sabendo)\b"
          r"|\b(?:ninguem|ngm) pode ficar sabendo\b",
    "it": r"\bnessuno (?:deve|dovra) (?:mai )?(?:saperlo|sapere|scoprirlo|scoprire)\b"
          r"(?! (?:che|come|quando|dove|\w+(?:are|ere|ire))\b)|\bnessuno (?:lo )?(?:venga a sapere|sappia|scopra)\b"
          r"|\bnessuno lo (?:deve|dovra) (?:mai )?(?:sapere|scoprire)\b",
}

# secrecy, the reminder to delete the conversation ("penser à effacer les messages", "delete our chat after you read
# it"): the fixed phrases named one object each. Delete / erase + an optional determiner and word + chat, messages,
# DMs, texts or conversation. Not the warnings that tell a child to keep them ("don't delete the messages, screenshot
# them": a negation before the verb, or after the object in Dutch and German) nor the how-to question ("how do I
# delete messages on here").
_DELETE_CHAT = {
    "en": r"(?<!how to )(?<!how do i )(?<!how can i )(?<!n't )(?<!nt )(?<!not )(?<!never )(?<!can't )\b"
          r"(?:delete|erase|clear|wipe)(?: all)?(?: of)? (?:(?:our|the|these|those|this|my|your|ur|all|all the) )?"
          r"(?:\w+ )?(?:chats?|messages?|msgs?|dms?|texts?|conversations?|convos?)\b",
    "nl": r"(?<!niet )(?<!nooit )\b(?:verwijder|wis)(?: \w+)? (?:(?:onze|de|deze|die|je|jouw|alle) )?"
          r"(?:chats?|berichten|berichtjes|appjes|gesprekken|gesprek|dm'?s)\b(?! niet\b)",
    "de": r"(?<!nicht )(?<!nie )\b(?:losch|losche)(?: bitte| mal| ma| doch)* "
          r"(?:(?:unseren|unsere|unsren|den|die|deine|alle) )?"
          r"(?:chat|chats|nachrichten|verlauf|unterhaltung)\b(?! nicht\b)",
    "fr": r"(?<!n')(?<!n )(?<!pas )(?<!jamais )\b(?:efface|effacer|supprime|supprimer)(?: bien| tous| toutes)? "
          r"(?:(?:nos|les|la|ces|tes|notre|la conversation de) )?"
          r"(?:messages?|conversations?|conv|discussions?|chats?|sms|mp)\b",
    "es": r"(?<!no )(?<!nunca )\b(?:borra|borrar|elimina|eliminar)(?: todos| todas)? "
          r"(?:(?:nuestros|nuestras|los|las|el|la|esos|esas|tus|nuestro|nuestra) )?"
          r"(?:mensajes?|msjs?|mensajitos|chats?|conversacion|conversaciones|dms?)\b",
    "pt": r"(?<!nao )(?<!nunca )\b(?:apaga|apagar|apague|exclui|excluir|exclua|deleta|deletar)(?: todas| todos)? "
          r"(?:(?:nossas|nossos|nossa|as|os|a|o|essas|esses|suas|tuas) )?"
          r"(?:mensagens|mensagem|msgs?|conversas?|chats?)\b",
    "it": r"(?<!non )(?<!mai )\b(?:cancella|cancellare|elimina|eliminare)(?: tutti| tutte)? "
          r"(?:(?:i|le|la|il|nostri|nostre|questi|queste|la nostra|i nostri|le nostre) )?"
          r"(?:messaggi|messaggio|msg|mex|chat|conversazioni|conversazione)\b",
}

# exclusivity, the grooming stage that isolates the reader: everyone else fails to understand them, the speaker alone
# does ("nobody understands you like I do", "other people don't really get you, but I do", "sono l'unico che ti
# capisce"). Subject + understand/get + the reader + "like me / but I do", with up to two words between subject and
# verb (a fixed phrase misses "really"), none but an adverb after the reader ("nobody gets you tickets like I do" is
# no move); "know" is left out: "nobody knows you like I do" is what old friends say.
_ONLY_ME = {
    "en": _any(r"\b(?:nobody|no one|no-one|noone|other people|others"
               r"|(?:your|ur) (?:parents|mum|mom|dad|family|friends))"
               r"\b(?: \w+){0,2}? (?:understands?|gets?) (?:you|u)(?: (?:really|truly|better))?,? "
               r"(?:like|as|the way) (?:i do|me)\b",
               r"\b(?:nobody|no one|other people|others|they|your (?:parents|mum|mom|dad|family|friends))\b"
               r"(?: \S+){0,3}? (?:understand|get) (?:you|u)\b,? but i do\b",
               r"\b(?:i'?m|i m|i am) the only one (?:who|that) (?:really |truly )?(?:understands|gets) (?:you|u)\b",
               r"\bonly i (?:really |truly )?(?:understand|get) (?:you|u)\b"),
    "fr": _any(r"\b(?:personne|les autres|tes parents|ta mere|ton pere|tes amis|tes amies|tes potes)\b(?: \S+){0,2}? "
               r"(?:te |t')?(?:comprend|comprennent)(?: \w+)? comme moi\b",
               r"\bje suis (?:le seul|la seule) (?:qui te comprend|a te comprendre)\b",
               r"\b(?:il n'y|il y|y) a que moi qui te compren(?:ds?|nes?)\b(?! pas\b)"),
    "it": _any(r"\b(?:nessuno|gli altri|i tuoi genitori|i tuoi amici|tua madre|tuo padre)\b(?: \w+){0,2}? "
               r"(?:ti )?(?:capisce|capiscono|comprende|comprendono)(?: \w+)? come (?:me|faccio io)\b",
               r"\bsono (?:l'|l )(?:unico|unica) (?:che ti capisce|a capirti)\b", r"\bsolo io ti capisco\b"),
    "es": _any(r"\b(?:nadie|los demas|tus padres|tus amigos|tus amigas|tu mama|tu papa)\b(?: \w+){0,2}? "
               r"(?:te )?(?:entiende|entienden|comprende|comprenden)(?: \w+)? como yo\b",
               r"\bsoy (?:el unico|la unica) que te (?:entiende|comprende)\b",
               r"\bsolo yo te (?:entiendo|comprendo)\b"),
    "pt": _any(r"\b(?:ninguem|ngm|os outros|seus pais|teus pais|seus amigos|sua mae|seu pai)\b(?: \w+){0,2}? "
               r"(?:te )?(?:entende|entendem|compreende|compreendem)(?: \w+)? como eu\b",
               r"\bsou (?:o unico|a unica) que te (?:entende|compreende)\b", r"\bso eu te (?:entendo|compreendo)\b"),
    "de": _any(r"\b(?:niemand|keiner|die anderen|deine eltern|deine freunde|deine mutter|dein vater)\b(?: \w+){0,2}? "
               r"versteh(?:t|en) dich(?: \w+)? (?:so )?wie ich\b",
               r"\bich bin (?:der|die) einzige,? (?:der|die) dich (?:wirklich )?versteht\b",
               r"\bnur ich versteh(?:e)? dich\b"),
    "nl": _any(r"\b(?:niemand|de anderen|anderen|je ouders|je vrienden|je moeder|je vader)\b(?: \w+){0,2}? "
               r"(?:begrijp|snap)(?:t|en|pen) (?:je|jou)(?: \w+)? (?:zoals|zo goed als) ik\b",
               r"\bik ben de enige die (?:je|jou) (?:echt )?begrijpt\b", r"\balleen ik (?:begrijp|snap) (?:je|jou)\b"),
}

# The same stage in the words of trust ("you can trust me more than anyone else", "I'm the only one you can trust",
# "don't trust anyone but me"): the speaker as the only one to be trusted, or trusted over everyone or the reader's
# parents. "Trust me" alone is everyday speech ("trust me, the recipe works") and never fires.
_TRUST_ONLY_ME = {
    "en": _any(r"\b(?:you|u) (?:can|could|should) (?:only )?trust me(?: \w+){0,2}? more than (?:anyone|anybody|everyone"
               r"|everybody|any ?one else|(?:your|ur) (?:parents|mum|mom|dad|family|friends))\b",
               r"\b(?:i'?m|i m|i am) the only (?:one|person) (?:who |that )?(?:you|u) can (?:really |truly )?trust\b",
               r"\b(?:you|u) can only trust me\b",
               r"\b(?:don'?t|do not|never) trust (?:anyone|anybody|no ?one|your (?:parents|friends|family))"
               r"(?: else)?,? (?:but|except|apart from|other than) me\b",
               r"\btrust no ?(?:one|body)(?: else)?,? (?:but|except|apart from|other than) me\b"),
    "nl": _any(r"\b(?:je|jij) (?:kunt|kan) (?:mij|me) meer vertrouwen dan (?:wie dan ook|iedereen|anderen|je ouders)\b",
               r"\bik ben de enige (?:die|wie) (?:je|jij) (?:echt )?(?:kunt|kan) vertrouwen\b",
               r"\b(?:je|jij) (?:kunt|kan) alleen mij(?: maar)? vertrouwen\b",
               r"\bvertrouw niemand (?:anders )?(?:behalve|dan|buiten) mij\b"),
    "de": _any(r"\bdu kannst mir mehr vertrauen als "
               r"(?:jedem|allen|irgendwem|deinen eltern|deiner mutter|deinem vater)\b",
               r"\bich bin (?:der|die) einzige,? (?:dem|der) du (?:wirklich )?vertrauen kannst\b",
               r"\bdu kannst nur mir vertrauen\b", r"\bvertraue? niemandem au(?:ss|ß)er mir\b"),
    "fr": _any(r"\btu peux me faire confiance plus qu(?:'| |e )(?:a |en )?"
               r"(?:n'importe qui|n importe qui|personne|tout le monde|tes parents)\b",
               r"\bje suis (?:le seul|la seule) (?:a qui|en qui) tu (?:peux|pourras) (?:vraiment )?"
               r"(?:faire|avoir) confiance\b",
               r"\btu (?:ne |n')?peux (?:faire|avoir) confiance qu(?:'| |e )(?:a |en )moi\b",
               r"\b(?:ne )?fais confiance a personne (?:d'autre )?(?:sauf|a part|excepte) (?:a )?moi\b"),
    "es": _any(r"\bpuedes confiar en mi mas que en (?:nadie|cualquiera|tus padres)\b",
               r"\bsoy (?:el unico|la unica) en (?:quien|el que|la que) (?:de verdad )?puedes confiar\b",
               r"\bsolo (?:puedes|podes) confiar en mi\b",
               r"\bno confies en nadie (?:mas )?(?:que en mi|excepto en mi|salvo en mi)\b"),
    "pt": _any(r"\b(?:voce|vc|tu) podes? confiar em mim mais (?:do )?(?:que|q) em "
               r"(?:ninguem|qualquer um|qualquer pessoa|seus pais|teus pais)\b",
               r"\bsou (?:o unico|a unica) em quem (?:voce|tu) podes? confiar\b",
               r"\b(?:voce |tu )?so podes? confiar em mim\b",
               r"\b(?:nao|n) confi[ae]s? em ninguem (?:alem de|a nao ser|exceto) (?:em )?mim\b"),
    "it": _any(r"\bpuoi fidarti di me piu che di (?:chiunque|nessuno|tutti|i tuoi genitori)\b",
               r"\bsono (?:l'|l )(?:unico|unica) di cui (?:ti )?puoi (?:davvero )?fidarti\b",
               r"\bpuoi fidarti solo di me\b",
               r"\b(?:non|nn) fidarti di nessuno (?:tranne|a parte|se non) (?:di )?me\b"),
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
        demand_then_condition = f"(?:{_DEMAND[lang]}.{{0,60}}?{_COND[lang]}|{_COND[lang]}.{{0,60}}?{_DEMAND[lang]})"
        out.append(Pattern("coercion", lang, "threat to tell the reader's parents (demand, condition, own verb, "
                                             "their parents)",
                           re.compile(f"{demand_then_condition}.{{0,120}}?{_TELL[lang]}")))
        out.append(Pattern("grooming", lang, "undress request", re.compile(_UNDRESS[lang])))
        out.append(Pattern("nudify", lang, "removing clothes from anyone's picture", re.compile(_NUDIFY[lang])))
        out.append(Pattern("nudify", lang, "someone of the reader's offered naked", re.compile(_SEE_YOURS_NAKED[lang])))
        out.append(Pattern("nudify", lang, "upload a picture to undress it", re.compile(_UPLOAD_NAKED[lang])))
        out.append(Pattern("grooming", lang, "secrecy (nobody must know or find out)", re.compile(_NOBODY_KNOWS[lang])))
        out.append(Pattern("grooming", lang, "secrecy (delete our messages)", re.compile(_DELETE_CHAT[lang])))
        out.append(Pattern("grooming", lang, "exclusivity (nobody else understands you, only I do)",
                           re.compile(_ONLY_ME[lang])))
        out.append(Pattern("grooming", lang, "exclusivity (trust me over anyone, only me)",
                           re.compile(_TRUST_ONLY_ME[lang])))
        out.append(Pattern("grooming", lang, "a picture of the reader's body asked for", re.compile(_BODY_PIC[lang])))
        out.append(Pattern("grooming", lang, "a picture swap offered (mine for yours)", re.compile(_SWAP[lang])))
        out.append(Pattern("grooming", lang, "a picture of the reader asked for", re.compile(_SELF_PIC[lang])))
        out.append(Pattern("grooming", lang, "flattery that sets the reader apart from other children",
                           re.compile(_UNLIKE_OTHERS[lang])))
        out.append(Pattern("grooming", lang, "minors called to write to the speaker", re.compile(_MINORS_CALLED[lang])))
    return tuple(out)


@cache
def any_pattern() -> re.Pattern[str]:
    """One alternation of every pattern: a text it does not match matches none of them. Most comments match none,
    and one search costs a tenth of seventy (12 against 122 µs a comment, measured on an independent platform's
    comments); no pattern has flags or back-references, so the alternation means exactly their union."""
    return alternation(patterns())


def alternation(pats: tuple[Pattern, ...]) -> re.Pattern[str]:
    for p in pats:
        if p.regex.flags != re.UNICODE or re.search(r"\\[1-9]|\(\?P[<=]", p.regex.pattern):
            raise ValueError(f"pattern {p.name!r} ({p.lang}) has flags or back-references: no safe alternation")
    return re.compile("|".join(f"(?:{p.regex.pattern})" for p in pats))


def screened(pats: tuple[Pattern, ...], screen: re.Pattern[str], key: str) -> list[tuple[Pattern, int, int]]:
    """(pattern, start, end) of every match of ``pats`` in ``key``, after one search of their alternation
    ``screen`` (:func:`alternation`) has found any: most comments match none (stances.py and protect.py use it too)."""
    if not screen.search(key):
        return []
    return [(p, m.start(), m.end()) for p in pats for m in p.regex.finditer(key)]


def find(key: str) -> list[tuple[Pattern, int, int]]:
    """(pattern, start, end) of every pattern found in the canonical accent-free text ``key``."""
    return screened(patterns(), any_pattern(), key)
