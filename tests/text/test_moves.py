"""Word-order rules (moves.py): a sextortion threat, an undress request, a request for a picture of the reader's
body, a picture swap, a nudify offer (or its upload pitch) and exclusivity ("nobody understands you like I do")
flag in any context, in all seven languages, whatever the intent model says; their parts alone do not fire."""

from __future__ import annotations

import re

import pytest

from harrier.detect.text import certain, lexicon, moves
from harrier.detect.text.fusion import Context
from harrier.detect.text.normalise import normalise

THREATS = [
    ("en", "pay me $500 by tonight or I am going to spread these pictures all over school"),
    ("en", "if you block me i'll send your pics to all your followers"),
    ("nl", "stuur er nog een, anders verspreid ik je foto's op internet"),
    ("de", "wenn du nicht zahlst, schicke ich deine Bilder an deine Eltern"),
    ("fr", "si tu ne réponds pas, je vais envoyer tes photos à ta mère"),
    ("es", "si me bloqueas, subo tus fotos a las redes"),
    ("pt", "se você não mandar, eu espalho tudo na internet"),
    ("it", "se non rispondi diffondo le tue foto a tutti"),
    # in the future tense (text.comment 1.25.7)
    ("es", "Si no me envías más, mostraré esto a tus padres o amigos"), ("pt", "se não pagar, vazarei tudo"),
    ("it", "se non paghi pubblicherò le tue foto"), ("fr", "si tu ne paies pas, je publierai tes photos"),
    # telling on the reader to their parents after a demand (1.25.7; the first quoted in public reporting)
    ("en", "Send me a picture or I’ll tell your parents something bad about you."),
    ("nl", "als je niks stuurt, vertel ik het aan je ouders"),
    ("de", "wenn du mir nichts schickst, erzähle ich es deinen Eltern"),
    ("fr", "si tu ne m'envoies pas de photos, je le dirai à tes parents"),
    ("es", "si no me mandas fotos, se lo diré a tus padres"),
    ("pt", "se não mandares fotos, vou contar para os teus pais"),
    ("it", "se non mi mandi altre foto, lo dirò ai tuoi genitori"),
    # spoken and chat forms: "ill"/"im"/"imma", German verbs without -e, French without "ne", "vc", "nn"
    ("en", "send more or ill post ur pics everywhere"), ("en", "if u dont pay im gonna send ur pics to ur mom"),
    ("en", "do it or im sharing ur pics with everyone"), ("en", "pay up or imma leak ur nudes"),
    ("nl", "doe je het niet dan gooi ik je foto's online"), ("de", "sonst schick ich deine bilder an deine eltern"),
    ("de", "wenn du nich zahlst stell ich deine fotos online"), ("de", "zahl oder ich schick deine bilder an alle"),
    ("fr", "si tu paies pas je balance tes photos partout"), ("fr", "si tu réponds pas j'envoie tes photos à ta mère"),
    ("fr", "sinon j'balance tout sur internet"), ("pt", "se vc nao pagar eu vazo tuas fotos"),
    ("pt", "se vc me bloquear eu posto suas fotos"), ("pt", "se n pagar vou postar tudo"),
    ("it", "se nn paghi pubblico le tue foto"), ("it", "se nn mi rispondi mando tutto a tutti"),
    ("en", "send more pics or ill tell ur mom"), ("en", "send pics or im telling ur parents"),
    # the telling family reads every form of "I will" the publishing one does (one list since 1.26.1)
    ("en", "send me a pic or im going to tell your mom"), ("en", "send more or ima tell ur parents"),
    ("nl", "stuur meer foto's of ik zeg het tegen je ma"), ("de", "schick mehr fotos sonst sag ichs deinen eltern"),
    ("fr", "si tu m'envoies pas de photos je dis tout à tes darons"), ("pt", "se vc n mandar fotos conto pra tua mae"),
    ("it", "se nn mi mandi altre foto lo dico ai tuoi"),
]
UNDRESS = [
    ("en", "take your shirt off for me"), ("nl", "doe je shirt eens uit"), ("de", "zieh dein Oberteil aus"),
    ("fr", "enlève ton haut"), ("es", "quítate la camiseta"), ("pt", "tira a blusa"), ("it", "togliti la maglietta"),
    ("en", "strip 4 me"), ("nl", "trek ff je shirt uit"), ("nl", "doe even je broek uit"),
    ("de", "zieh mal dein oberteil aus"), ("de", "zieh ma dein t-shirt aus"), ("fr", "tu peux enlever ton haut ?"),
    ("fr", "mets-toi à poil"), ("es", "sácate la remera"), ("es", "quitate la playera"),
    ("pt", "tira a camiseta pra mim"), ("pt", "fica peladinha pra mim"), ("it", "levati la maglia"),
]
NUDIFY = [
    ("en", "this app can remove the clothes from any photo"), ("nl", "wil je haar naakt zien? upload een foto"),
    ("de", "damit kannst du jede nackt sehen"), ("fr", "notre outil peut enlever les vêtements de n'importe qui"),
    ("es", "puedes desnudar a cualquier chica"), ("pt", "dá pra tirar a roupa de qualquer foto"),
    ("it", "l'app può togliere i vestiti da qualsiasi foto"),
    # someone of the reader's offered naked, the ads' pitch (1.24.4; "Seh endlich deine Nachbarin nackt." quoted)
    ("en", "want to see your crush naked? try it"), ("nl", "zie eindelijk je buurmeisje naakt"),
    ("de", "Seh endlich deine Nachbarin nackt."), ("fr", "vois enfin ta voisine nue"),
    ("es", "mira a tus compañeras desnudas"), ("pt", "veja sua vizinha pelada"), ("it", "guarda la tua vicina nuda"),
    ("en", "nudify ur crush"), ("en", "see ur crush naked"), ("fr", "déshabille n'importe quelle meuf"),
    ("fr", "vois ta crush à poil"), ("es", "desnuda a cualquier chica con esta app"),
    ("pt", "deixa qualquer mina pelada"), ("it", "spoglia qualsiasi ragazza"),
    # the advertised means ("just use [the redacted website] to get her nudes", a nudify app's advert, quoted)
    ("en", "Imagine wasting time taking her out on dates, when you can just use [the redacted website] to get her "
           "nudes."),
    ("en", "this app makes nudes of anyone in seconds"), ("nl", "naaktfoto's van iedereen met deze app"),
    ("de", "Nacktbilder von jeder, in Sekunden"), ("fr", "des nudes de n'importe qui en un clic"),
]
UPLOAD = [  # the nudify service's pitch: upload a picture to have it undressed
    ("en", "upload a photo to strip for a minute"), ("nl", "upload een foto om haar uit te kleden"),
    ("de", "lade ein Bild hoch, um sie nackt zu sehen"), ("fr", "téléchargez une photo pour la déshabiller"),
    ("es", "sube una foto para desnudarla"), ("pt", "envie uma foto para tirar a roupa"),
    ("it", "carica una foto per spogliarla"),
]
ONLY_ME = [  # exclusivity, with words between its parts (a fixed phrase would miss them)
    ("en", "Other people don't really get you, but I do."), ("en", "I´m the only one who truly understands you"),
    ("nl", "niemand begrijpt je echt zoals ik"), ("de", "niemand versteht dich so wie ich"),
    ("fr", "personne ne te comprend vraiment comme moi"), ("es", "nadie te entiende como yo, de verdad"),
    ("pt", "sou a única que te entende"), ("it", "nessuno ti capisce davvero come me"),
    # the same stage in the words of trust: the speaker over everyone, or the only one
    ("en", "You can trust me more than anyone else."), ("en", "I'm the only one you can really trust"),
    ("en", "don't trust anyone else but me"), ("nl", "ik ben de enige die je echt kunt vertrouwen"),
    ("de", "Du kannst mir mehr vertrauen als deinen Eltern"), ("fr", "tu ne peux faire confiance qu'à moi"),
    ("es", "no confíes en nadie más que en mí"), ("pt", "você pode confiar em mim mais do que em qualquer um"),
    ("it", "sono l'unica di cui puoi fidarti"),
    # spoken and chat forms
    ("en", "nobody gets u like me"), ("fr", "y a que moi qui te comprends"), ("pt", "ngm te entende como eu"),
    ("nl", "niemand snapt je zoals ik"), ("nl", "alleen ik snap je"), ("en", "u can trust me more than ur parents"),
    ("en", "trust no one but me"), ("fr", "tu peux faire confiance qu'à moi"),
    ("fr", "fais confiance à personne sauf moi"), ("es", "solo podés confiar en mí"),
    ("pt", "nao confia em ninguem alem de mim"), ("pt", "vc pode confiar em mim mais q em qualquer um"),
    ("it", "nn fidarti di nessuno tranne me"),
]
BODY_PIC = [  # a picture of the reader's body or of them in swimwear/underwear, asked for
    ("en", "send me a photo in your bikini"), ("nl", "stuur een foto in je bikini"), ("de", "zeig mir deine Füße"),
    ("fr", "envoie-moi une photo de tes pieds"), ("es", "mándame una foto en traje de baño"),
    ("pt", "me manda uma foto de biquíni"), ("it", "mandami una foto in costume"),
    ("fr", "montre-toi en soutien-gorge"), ("it", "fammi vedere in reggiseno"), ("es", "enséñame en sujetador"),
    ("de", "zeig dich mal in unterwäsche"), ("pt", "se mostra de calcinha"), ("en", "let me see you in a bikini"),
    ("nl", "laat je eens zien in je bikini"),
    ("de", "Dann schick eins in Unterwäsche!"), ("en", "send one in your bikini"),
    ("en", "send me feet pics"), ("en", "lemme see ur feet"), ("fr", "fais voir tes pieds"),
    ("es", "mostrame tus pies"),
    ("pt", "manda foto do teu pe"), ("pt", "deixa eu ver teus pes"), ("pt", "manda uma de biquini"),
    ("it", "mandamene una in costume"), ("de", "schick mal ein foto von deinen füßen"), ("de", "zeig ma deine füße"),
    ("de", "schick ma n foto im bikini"), ("nl", "stuur ff een foto van je voeten"), ("nl", "laat je voeten ff zien"),
]
SWAP = [  # a picture swap offered: the speaker's picture for the reader's
    ("en", "show me yours and I'll show you mine"), ("nl", "ik stuur je een foto als jij er ook een stuurt"),
    ("de", "ich schick dir ein Bild wenn du mir auch eins schickst"),
    ("fr", "je t'envoie une photo si tu m'en envoies une"), ("es", "si me mandas una foto te mando una"),
    ("pt", "te mando uma foto se você me mandar uma"), ("it", "fammi vedere il tuo e ti faccio vedere il mio"),
    # compact and chat forms
    ("fr", "Je t'en montre, tu m'en montres"), ("fr", "tu m'en montres et je t'en montre"),
    ("fr", "si tu m'envoies une photo jt'en envoie une"), ("en", "show me urs and ill show u mine"),
    ("en", "pic for pic?"), ("en", "send me a pic n ill send u one"), ("es", "mandame una foto y te mando otra"),
    ("es", "te paso fotos si me pasas las tuyas"), ("pt", "te mando uma foto se vc me mandar uma"),
    ("pt", "me manda uma foto q eu te mando outra"), ("it", "mandami una foto e te ne mando una"),
    ("de", "du zeigst mir deins, ich zeig dir meins"), ("de", "ich zeig dir meins wenn du mir deins zeigst"),
    ("de", "ich schick dir n bild wenn du mir auch eins schickst"), ("nl", "stuur een foto, dan stuur ik er ook een"),
]
SELF_PIC = [  # a picture of the reader asked for, or a selfie
    ("en", "can you send me some pictures of yourself?"), ("en", "are you going to send a pic or not?"),
    ("nl", "stuur eens een foto van jezelf"), ("de", "schick mir mal ein Foto von dir"),
    ("fr", "envoie-moi une photo de toi"), ("es", "mándame una foto tuya"),
    ("pt", "Poderia me mandar algumas fotos suas?"),
    ("it", "mandami una tua foto"),
]
UNLIKE_OTHERS = [  # flattery that sets the reader apart from the other children, or from those of their age
    ("en", "you're not like other girls your age"), ("en", "You're not like the other kids online."),
    ("fr", "tu es plus mature que les filles de ton âge"), ("es", "eres más madura que las chicas de tu edad"),
    ("pt", "você é diferente das outras meninas"), ("it", "sei più matura delle ragazze della tua età"),
    ("de", "du bist reifer als die anderen Mädchen in deinem Alter"), ("nl", "je bent zo anders dan de andere meisjes"),
]
MINORS_CALLED = [  # minors called by their age to write to the speaker
    ("es", "Di hola si eres menor y te gustan mayores"), ("en", "dm me if you're under 16"),
    ("en", "any girls under 15 here dm me"), ("fr", "si t'es mineure écris-moi"),
    ("pt", "se você é menor de idade me chama no pv"), ("de", "schreib mir wenn du unter 16 bist"),
    ("nl", "als je jonger dan 16 bent stuur me een bericht"), ("it", "se sei minorenne scrivimi"),
]
SECRECY = [  # nobody must know ("la cosa importante è che nessuno lo venga a sapere", quoted from a court report)
    ("it", "non ti devi preoccupare, la cosa importante è che nessuno lo venga a sapere"),
    ("it", "nessuno deve saperlo"), ("en", "nobody will ever know 🤫"), ("en", "no one needs to find out"),
    ("nl", "niemand mag het weten"), ("de", "niemand darf davon erfahren"), ("fr", "personne ne doit le savoir"),
    ("fr", "personne n'en saura rien"), ("es", "que nadie se entere"), ("pt", "ninguém precisa saber"),
    # ... and the reminder to delete the conversation ("penser à effacer les messages", quoted from a court report)
    ("fr", "penser à effacer les messages"), ("en", "please delete all our old messages ok"),
    ("en", "remember to erase the chat"), ("nl", "wis de berichten voordat je vader ze ziet"),
    ("de", "vergiss nicht, lösch den Chat"), ("es", "borra los mensajes antes de que los vea tu papá"),
    ("pt", "me chama mas apaga a conversa depois 🤫"), ("it", "cancella la chat dopo, ok?"),
    # spoken and chat forms: "darfs", "personne doit le savoir" (no "ne"), "q", "ngm", clitic first
    ("de", "niemand darfs wissen"), ("de", "lösch ma den chat"), ("de", "lösch unsren chat"),
    ("fr", "personne doit le savoir"), ("fr", "faut que personne le sache"), ("fr", "personne le saura"),
    ("fr", "supprime la conv"), ("es", "q nadie se entere"), ("es", "nadie tiene q saber"),
    ("es", "nadie se tiene que enterar"), ("es", "borra los msj"), ("pt", "ngm precisa saber"),
    ("pt", "q ninguem saiba"), ("pt", "ninguem pode ficar sabendo"), ("pt", "apaga as msg"),
    ("it", "nessuno lo deve sapere"), ("it", "cancella i msg"),
]
KIND = {"coercion": "abuse_intent", "grooming": "desire_or_solicitation", "nudify": "generation_request"}


def _kinds(text: str) -> set[str]:
    return {m.kind for m in certain.match(normalise(text)) if ":" in m.term}  # pattern matches name their pattern


@pytest.mark.parametrize(("kind", "lang", "text"), [("coercion", *t) for t in THREATS]
                         + [("grooming", *t) for t in UNDRESS] + [("nudify", *t) for t in NUDIFY]
                         + [("nudify", *t) for t in UPLOAD] + [("grooming", *t) for t in ONLY_ME]
                         + [("grooming", *t) for t in BODY_PIC]
                         + [("grooming", *t) for t in SWAP] + [("grooming", *t) for t in SELF_PIC]
                         + [("grooming", *t) for t in UNLIKE_OTHERS]
                         + [("grooming", *t) for t in MINORS_CALLED] + [("grooming", *t) for t in SECRECY])
def test_each_move_is_found_in_each_language(kind: str, lang: str, text: str) -> None:
    found = [m for m in certain.match(normalise(text)) if m.kind == kind and ":" in m.term]
    assert found and found[0].lang == lang, (text, _kinds(text))


@pytest.mark.parametrize("text", [
    "I'll post the photos tomorrow",  # a verb and images, no condition
    "if you don't mind, I'll send the pics tonight",  # a condition, a verb, no one's images and no audience
    "should I post the pics or not?",  # a question, not the speaker's intent
    "send me the recipe or i'll share mine",
    # telling, without a demand for pictures or sending, or to no parent: banter and plans
    "clean your room or I'll tell your mom lol", "or I will tell you everything tomorrow",
    "call me or i'll tell everyone how great you were", "oder ich erzähle dir alles morgen",
    "o te digo todo mañana", "ou je te dis tout demain", "send me the recipe, i'll tell you how it went",
    "do you want me to send everything or just the best ones?",
    "take off your shoes before you come in", "zieh deine Schuhe aus", "enlève tes chaussures",
    "remove the stain from the clothes with vinegar", "ich schicke dir die Fotos morgen",
    "anders stuur ik je morgen de foto's van de verjaardag?",
    # exclusivity needs the reader, "understand/get" and the speaker as the exception
    "nobody knows you like I do", "nobody gets you tickets like I do", "they get you a gift like I do",
    "nobody understands the offside rule like I do", "niemand versteht mich", "personne ne me comprend",
    # trusting the speaker is everyday speech until it is over everyone else or only them
    "trust me, the recipe works", "you can trust me with the keys", "je kunt me vertrouwen hoor",
    "du kannst mir vertrauen, ich bringe es morgen zurück", "tu peux me faire confiance pour la recette",
    "I'm the only one who can fix the printer", "you can trust this brand more than anyone else's",
    "puedes confiar en mí para el viaje", "puoi fidarti di me per la torta",
    # a body-picture request names the reader's own body part or garment
    "send me a pic of your dog", "show me your cake", "show me your body of work", "zeig mir deine Bilder",
    "post a video of your legs workout routine", "the photo shows her body", "manda uma foto do seu cachorro",
    # a swap needs a picture on one side and the reader's own in return
    "I'll send you one if you send me one", "send me the recipe and I'll send you mine",
    "I'll send you my pics from the wedding if you send me yours", "te mando fotos si me mandas tu correo",
    "je t'envoie les photos si tu m'envoies ton adresse", "ti mando le foto se mi mandi il tuo numero",
    # uploading a picture is an undress pitch only with an undress verb on the picture: editing is not
    "upload a photo to strip the metadata", "upload the pic to strip exif data", "send me a pic of the strip mall",
    "upload a photo and strip the background", "sube una foto para el sorteo", "carica una foto per partecipare",
    "lade ein Foto hoch und gewinne", "stuur een foto naar oma",
    # minors told to seek help, or told about, are not called to write to the speaker
    "if you're under 18, talk to someone you trust", "if you are a minor, message us at the helpline",
    "si eres menor de edad, habla con tus padres", "minors should not dm strangers", "i was a minor when it happened",
    "girls under 16 shouldn't be on this app, report anyone who dms you", "wenn du unter 16 bist, frag deine Eltern",
    # shown in a costume or a team shirt, or a report of pictures in underwear: no request to the reader
    "voglio vederti in costume da Elsa!", "montre-toi en maillot du PSG", "je veux te voir en maillot de foot",
    "Suelen ser chicas que enviaron a un novio una foto en sujetador",
    "Werbung mit Kindern in Unterwäsche ist verboten",
    "des photos d'adolescentes en sous-vêtements circulent", "foto di ragazze in intimo",
    # a picture of the reader: not of a couple or a family, not of a thing, not a picture at all
    "send me a pic of you two!", "send me a photo of you and your sister", "send me a photo of the cake",
    "send me a pic of your new kitchen", "schick mir ein Foto von dir und deinem Mann", "mándame una foto de los dos",
    "manda uma foto de vocês juntos", "envoie-moi une photo de vous deux", "mandami una foto di voi due",
    "stuur een foto van jullie samen", "she sent me a photo of herself",
    # setting a child apart is the reader's: a parent on their own child, the adults' cliché without age or child
    "my son is not like the other kids in his class", "mein Sohn ist nicht wie die anderen Kinder",
    "ele não é como as outras crianças", "you're not like other girls", "tu n'es pas comme les autres filles",
    "she is more mature than the other kids", "kids your age love this game",
    # whom one lets see, the reader themselves, or no one of theirs: no nudify pitch
    "don't let anyone see your kids naked", "never let strangers see your kids naked", "see yourself naked",
    "nobody wants to see your naked body", "I saw your mom naked", "lass niemanden deine Kinder nackt sehen",
    "ne laisse personne voir tes enfants nus", "no dejes que nadie vea a tus hijos desnudos",
    "não deixe ninguém ver seus filhos nus", "can't wait to see your new haircut",
    # nobody knowing, without a modal of secrecy, or knowing how / what
    "nobody knows what happened to the ship", "no one has to know how to code to use this",
    "nobody needs to know what you earn, but the taxman does", "niemand weiß, wie das passiert ist",
    "personne ne sait", "nadie sabe cuándo llegará", "ninguém sabe o que aconteceu", "nessuno sa come finirà",
    "nadie tiene que saber programar para usarlo", "nessuno deve sapere come si fa? è facilissimo",
    "ninguém precisa saber programar", "nessuno deve sapere cucinare per farlo", "personne ne doit savoir nager",
    # keeping the messages (a warning), asking how, having deleted them, deleting a post
    "don't delete the messages, screenshot them and report him", "how do I delete messages on here",
    "I deleted the messages", "delete this post", "n'efface pas les messages, garde-les comme preuve",
    "no borres los mensajes, guárdalos", "não apague as mensagens", "non cancellare i messaggi",
    "lösch die Nachrichten nicht", "wis de berichten niet", "nooit de berichten wissen",
    # nudes asked for, or a nudify abuse told as news: no advertised means
    "stop asking for her nudes, creep", "he used her photos to make nudes of her and shared them",
    "these apps are used to make nudes of children, report them",
    # near-misses of the spoken and chat forms (colloq)
    "oder ich zeig dir alles morgen", "komm vorbei oder ich schick dir alles per mail",
    "si tu viens pas je montre tout à ta mère, elle adore les photos", "tira a camiseta do varal",
    "zieh mal deine Schuhe aus", "tu peux enlever ton manteau", "sacate la gorra", "levati la giacca",
    "send me feet pics of the shoes", "fais voir tes photos de vacances", "mostrame tus fotos",
    "pic for pic of the cake", "send me a pic and ill send u the address", "mandame una foto y te mando el link",
    "je t'en envoie demain, tu m'en diras des nouvelles", "me manda a foto que eu te mando o orçamento",
    "y a que moi qui te comprends pas", "niemand snapt je grap", "fais confiance à personne sur internet",
    "solo podés confiar en vos mismo", "nn fidarti di nessuno online", "la personne doit le savoir avant lundi",
    "chaque personne doit le savoir", "une personne le saura", "personne doit savoir nager",
    "nadie tiene que saberlo todo", "desnuda a tu muñeca", "deixa qualquer um entrar",
    "spoglia qualsiasi albero di natale", "ninguém pode saber o futuro",
])
def test_parts_alone_and_ordinary_speech_do_not_fire(text: str) -> None:
    assert not (_kinds(text) & set(KIND)), text


@pytest.mark.parametrize("ctx", [Context(), Context(minor_likelihood=0.05), Context(minor_likelihood=0.92)],
                         ids=["no post", "adult photo", "child photo"])
@pytest.mark.parametrize(("kind", "text"), [("coercion", THREATS[0][1]), ("grooming", UNDRESS[0][1]),
                                            ("nudify", NUDIFY[0][1])])
def test_a_move_flags_in_any_context_whatever_the_model_says(scorer, kind: str, text: str, ctx: Context) -> None:
    a = scorer.analyse([text])[0]
    a.probs = dict.fromkeys(a.probs, 0.01)  # the model alone would not flag it
    res = scorer.decide(a, ctx)
    assert res["flagged"] and KIND[kind] in res["flagged_categories"], res
    assert any(s["note"].startswith(f"rule {kind}") for s in res["spans"])
    assert res["flagged_alone"], "the rule fires on the words alone: lone-offender evidence counts it"


def test_an_audience_at_the_end_of_a_threat_is_part_of_the_move() -> None:
    """ "ouders" (parents) is a counter-speech word on its own; at the end of a threat it is the threat's audience,
    not an objection."""
    text = "betaal nu, anders zet ik je foto's online en stuur ik ze naar je ouders en vrienden"
    n = normalise(text)
    hits = lexicon.match(n)
    assert any(h.category == "counter" for h in hits)
    scores = dict.fromkeys(("harmful", "abuse_intent", "counter_speech"), 0.1)
    rule = certain.apply(n, hits, certain.match(n), scores, 0.0)
    assert rule is not None and rule.flag == ["abuse_intent"] and rule.words_alone


def test_an_objection_quoting_a_threat_is_left_to_the_model() -> None:
    text = "Warning: sextortion scammers write 'pay or I'll send your pics to your parents'. Report them."
    n = normalise(text)
    scores = dict.fromkeys(("harmful", "abuse_intent", "counter_speech"), 0.1)
    assert certain.apply(n, lexicon.match(n), certain.match(n), scores, 0.0) is None


def test_a_nudify_offer_under_a_child_photo_sexualises_that_child(scorer) -> None:
    """Under a child's photo the picture to be stripped is that child's: sexualising on its words, explicitly (at
    the account step's EXPLICIT, with the rule's term to point at: one is a case), as well as a generation
    request; under an adult's or no post it stays a generation request."""
    from harrier.context.features import EXPLICIT

    for text in (NUDIFY[0][1], UPLOAD[0][1]):
        a = scorer.analyse([text])[0]
        a.probs = dict.fromkeys(a.probs, 0.01)
        child = scorer.decide(a, Context(minor_likelihood=0.92))
        assert {"sexualising_minor", "generation_request"} <= set(child["flagged_categories"]), child
        assert child["flagged_alone"] and child["cue"] and child["scores"]["sexualising_minor"] >= EXPLICIT
        adult = scorer.decide(a, Context(minor_likelihood=0.05))
        assert "generation_request" in adult["flagged_categories"] and adult["scores"]["sexualising_minor"] < 0.5


def test_one_alternation_finds_whatever_any_pattern_finds() -> None:
    """``moves.find`` and ``stances.find`` skip a text their alternation does not match: every move above is still
    found pattern by pattern, and a pattern the alternation could change the meaning of is refused."""
    from harrier.detect.text import stances
    from harrier.detect.text.normalise import key_view

    for _lang, text in [*THREATS, *UNDRESS, *NUDIFY, *UPLOAD, *ONLY_ME, *BODY_PIC, *SWAP, *SELF_PIC, *UNLIKE_OTHERS,
                        *MINORS_CALLED]:
        key = key_view(normalise(text).text)
        assert moves.any_pattern().search(key)
        assert moves.find(key) == [(p, m.start(), m.end()) for p in moves.patterns() for m in p.regex.finditer(key)]
    assert stances.find(key_view(normalise("nomap and proud").text))
    with pytest.raises(ValueError, match="back-references"):
        moves.alternation((moves.Pattern("grooming", "en", "echo", re.compile(r"(ab)\1")),))


def test_a_threat_says_so_for_the_account_step(scorer) -> None:
    """text.comment 1.25.7: the decision names a sextortion threat (``threat``, the detector's evidence of that name),
    which the account step counts wherever it is said; a grooming move does not (it stays with the image's context)."""
    for text, threat in ((THREATS[0][1], True), (THREATS[-7][1], True), (UNDRESS[0][1], False),
                         ("so cute!", False)):
        a = scorer.analyse([text])[0]
        assert scorer.decide(a, Context(minor_likelihood=0.05))["threat"] is threat, text
