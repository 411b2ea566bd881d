"""A parent warning a commenter off their child or page (detect/text/protect.py) is an objection, in all seven
languages, whatever the intent model reads into its child words and imperative; a groomer's possessive, advice
about other people's children and a remark with a harmful cue stay with the other rules and the model."""

from __future__ import annotations

import pytest

from harrier.detect.text import certain
from harrier.detect.text.fusion import Context
from harrier.detect.text.normalise import normalise

CHILD = Context(minor_likelihood=0.92, on_post=True)

PROTECTIVE = [
    ("en", "stay away from my kids"), ("en", "stay awayyyy from my kids 🤮"), ("en", "get off my page"),
    ("en", "who are you? don't message my child"), ("en", "don't you dare talk to my son like that"),
    ("en", "leave my daughter alone"), ("en", "hands off my daughter"), ("en", "she is 8. what is wrong with you"),
    ("nl", "blijf weg van mijn dochter"), ("nl", "ga weg van mijn pagina"), ("nl", "laat mijn zoon met rust"),
    ("nl", "Van onze kinderen moet je afblijven."),
    ("de", "bleib weg von meinem Kind"), ("de", "geh weg von meiner Seite"), ("de", "Finger weg von meiner Tochter!"),
    ("de", "lass meine Tochter in Ruhe"), ("de", "lass mein Kind in Ruhe"), ("de", "lass unser Kind in Ruhe"),
    ("fr", "dégage de ma page"), ("fr", "ne parle pas à ma fille"), ("fr", "éloigne-toi de mes enfants"),
    ("fr", "laisse ma fille tranquille"),
    ("es", "aléjate de mi hija"), ("es", "no le hables a mi hijo"), ("es", "FUERA DE MI PERFIL"),
    ("pt", "fica longe da minha filha"), ("pt", "não fale com o meu filho"), ("pt", "deixa a minha filha em paz"),
    ("it", "stai lontano da mia figlia"), ("it", "non scrivere a mia figlia"), ("it", "lascia in pace mia figlia"),
    # advice to make the account private (independent seeds 68 and 81: read as desire and a contact move)
    ("en", "please make your account private, there are weird people in here ❤️"),
    ("nl", "zet je account op privé ❤️"), ("de", "stell dein Profil lieber auf privat ❤️"),
    ("fr", "passe ton compte en privé ❤️"), ("es", "pon tu cuenta en privado ❤️"),
    ("pt", "coloca a tua conta em privado"), ("it", "metti il profilo privato"),
]


def _decide(scorer, text: str, ctx: Context = CHILD) -> dict:
    a = scorer.analyse([text])[0]
    scorer.second_reading([a], [ctx])
    return scorer.decide(a, ctx)


@pytest.mark.parametrize(("lang", "text"), PROTECTIVE)
def test_a_protective_reply_is_found_and_read_as_an_objection(scorer, lang: str, text: str) -> None:
    found = [m for m in certain.match(normalise(text)) if m.kind == "protect"]
    assert any(m.lang == lang for m in found), (text, found)
    res = _decide(scorer, text)
    assert not res["flagged"] and not res["flagged_alone"], res
    assert res["scores"]["counter_speech"] >= certain.COUNTER_FLOOR
    assert res["scores"]["contact_move"] <= certain.PROTECT_CONTACT_CAP  # "get off my page" is no DM move
    assert max(res["scores"][k] for k in ("sexualising_minor", "abuse_intent", "desire_or_solicitation")) <= 0.45
    assert any(n.startswith("protective reply") for n in res["context_notes"])


def test_the_model_alone_misreads_them(scorer) -> None:
    """What the rule is for: the intent model reads most of these replies as harm (text.comment 1.24.4 flagged 15
    of 24 such replies under a child's image)."""
    misread = 0
    for _lang, text in PROTECTIVE:
        a = scorer.analyse([text])[0]
        if a.probs["harmful"] >= scorer.thresholds["harmful"] or a.probs["contact_move"] >= 0.5:
            misread += 1
    assert misread >= len(PROTECTIVE) // 3


@pytest.mark.parametrize("text", [
    # the groomer's possessive and exclusivity, advice about other children, the reader's own child
    "stay away from other boys, you're my girl", "don't talk to your parents about us",
    "stai lontano dai tuoi genitori, fidati solo di me",  # isolation from the reader's parents: a groomer's
    "stay away from strangers online", "keep away from your mom's phone",
    # someone sexualising while naming the child's age
    "elle m'excite alors que c'est une enfant", "à croquer et elle n'a que 10 ans 😋",
    "she's 12 and already so hot", "ha 12 anni ma gliene darei 17 😏",
    # a parent's everyday lines
    "mia figlia ha 9 anni e vuole fare ginnastica come lei", "my daughter loves this song",
    # a move to a private chat is no advice about the account
    "let's go private, i'll explain there", "te escribo al privado", "écris-moi en privé",
])
def test_no_protective_reply_in_other_speech(text: str) -> None:
    assert not [m for m in certain.match(normalise(text)) if m.kind == "protect"], text


@pytest.mark.parametrize("text", [
    "never comment on my posts, just dm me 😉",  # a contact cue: more than a warning
    "leave my daughter alone and send me a pic of you instead 🍑",
    "make your account private and dm me",  # the DM word outside the advice is the speaker's own
])
def test_a_harmful_cue_keeps_the_remark_from_the_cap(scorer, text: str) -> None:
    a = scorer.analyse([text])[0]
    assert certain.protective(a.certain, a.hits) is None


@pytest.mark.parametrize(("text", "objects"), [
    ("reported. disgusting", True), ("stay away from my kids", True), ("she's a child, leave her alone", True),
    ("'perfect age'?? seriously?", True),  # words echoed back in disbelief
    # a call on others to report, in each language's own verb forms (text.comment 1.25.9)
    ("Todos reporten esta cuenta por favor", True), ("denunciem este perfil", True), ("segnalatelo subito", True),
    ("signalez ce compte", True), ("meldet diesen Account", True), ("rapporteer dit account", True),
    ("Hey, why won't you respond? Don't be mean to me like this.", False),  # read as counter-speech, objects to nothing
    ("Tem alguém, arquivo, que mostre eu estuprando alguma criança?", False),
])
def test_an_objection_is_something_one_can_point_at(scorer, text: str, objects: bool) -> None:
    """The ``objection`` evidence the account step asks for before it treats a commenter as an objector."""
    assert _decide(scorer, text)["objection"] is objects


@pytest.mark.parametrize(("text", "own"), [
    ("this is my daughter, reported??", True), ("bl0cked. this 1s my ch1ld.", True),
    ("blockiert. das ist mein Kind.", True), ("« adde mich auf telegram » ?? c'est ma FILLE", True),
    ("bloqueado. es mi hija...", True), ("she is 8. what is wrong with you", True), ("dit is mijn dochter!!", True),
    ("é a minha filha, denunciado", True), ("è mia figlia, segnalato", True),
    ("reported. disgusting 😡", False), ("t'es malade ?? signalé", False), ("get off my page 🤬", False),
    ("you're my girl now", False), ("stay away from other kids", False),
])
def test_a_reply_that_names_the_speakers_own_child(scorer, text: str, own: bool) -> None:
    """The ``own_child`` evidence: the words name the speaker's own child or say a child's age back. A poster's
    objection that does says what the picture shows (context.features). "my girl" is a groomer's possessive."""
    assert _decide(scorer, text, Context(minor_likelihood=0.1, on_post=True))["own_child"] is own, text
