"""Stances that flag by construction (detect/text/stances.py): a paedophile's self-identification and "age is just
a number", in all seven languages; the label alone, a critic's quote, a birthday and a cartographer do not fire."""

from __future__ import annotations

import pytest

from harrier.detect.text import certain
from harrier.detect.text.fusion import Context
from harrier.detect.text.normalise import normalise

CHILD, ADULT = Context(minor_likelihood=0.92, on_post=True), Context(minor_likelihood=0.05, on_post=True)

IDENTITY = [
    ("en", "I'm a proud MAP"), ("en", "nomap and proud 🫡"), ("*", "#MAPPride"), ("*", "#no_map"),
    ("en", "im a map lol"), ("en", "proud pedo here"), ("*", "map positivity ✊"),
    ("nl", "ik ben een trotse map"), ("nl", "ik ben pedofiel en schaam me niet"),
    ("de", "Ich bin pädophil und stolz darauf"), ("de", "stolzer Pädophiler"),
    ("fr", "fier d'être MAP"), ("fr", "je suis pédophile et alors"),
    ("es", "orgullosa de ser pedófila"), ("es", "soy un map"),
    ("pt", "sou pedófilo e daí"), ("pt", "orgulhoso de ser map"),
    ("it", "sono un pedofilo"), ("it", "orgogliosa di essere map"),
    # spoken and chat forms
    ("en", "proud to be a map"), ("de", "bin pädo und stolz drauf"), ("de", "ich bin n pädo"),
    ("fr", "jsuis pédo et alors"), ("fr", "j'suis un map"),
]
# paedophiles called one's own people (1.24.3): "an meine Pädofreunde verkauft", quoted from a German report
AFFILIATION = [
    ("en", "sold a few to my pedo friends already"), ("en", "my fellow pedos will love this"),
    ("nl", "mijn pedovrienden"), ("de", "ein paar an meine Pädofreunde verkauft"),
    ("de", "unseren pädophilen Freunden zeigen"), ("fr", "mes amis pédos vont adorer"),
    ("es", "se la paso a mis amigos pedófilos"), ("pt", "mandei pros meus amigos pedófilos"),
    ("it", "la giro ai miei amici pedofili"),
]
AGE = [
    ("en", "age is just a number 😉"), ("en", "age ain't nothing but a number"),
    ("nl", "leeftijd is maar een getal 😉"), ("de", "Alter ist nur eine Zahl"), ("fr", "l'âge n'est qu'un chiffre"),
    ("fr", "l'âge c'est qu'un chiffre 😉??"), ("fr", "l'âge, c'est qu'un nombre"),
    ("es", "la edad es solo un número"), ("pt", "a idade é só um número"), ("it", "l'età è solo un numero"),
    # spoken and chat forms
    ("en", "age is nothing but a number"), ("en", "age is but a number"), ("nl", "leeftijd is maar n getal"),
    ("de", "alter is nur ne zahl"), ("de", "Alter ist doch nur ne Zahl"), ("fr", "l'age c juste un chiffre"),
    ("fr", "l'âge c'est rien qu'un chiffre"), ("fr", "l'âge ce n'est qu'un chiffre"),
    ("fr", "l'âge est juste un chiffre"),
    ("es", "la edad no es mas q un numero"), ("es", "edad es solo un numero"), ("es", "la edad es nada mas un numero"),
    ("pt", "idade é só número"), ("it", "l'età e' solo un numero"), ("it", "l'età nn è che un numero"),
    ("it", "l'eta non e altro che un numero"),
]


def _found(text: str, kind: str) -> list[certain.Match]:
    return [m for m in certain.match(normalise(text)) if m.kind == kind]


@pytest.mark.parametrize(("kind", "lang", "text"), [("identity", *t) for t in IDENTITY + AFFILIATION]
                         + [("age", *t) for t in AGE])
def test_each_stance_is_found_in_each_language(kind: str, lang: str, text: str) -> None:
    found = _found(text, kind)
    assert any(m.lang == lang for m in found), (text, found)


@pytest.mark.parametrize("text", [
    # the label as critics and news use it: plural, named, negated, hunted
    "nomaps are still a risk", "so-called minor-attracted persons", "i'm not a pedo", "I'm a pedo hunter",
    "ich bin kein Pädophiler", "MAPs want to be a protected group",
    # maps
    "proud map maker here", "there's no map of this place", "I love this map", "proud of this map",
    "proud mapper", "i'm a map nerd", "estoy pedo jajaja", "Fehler im Map-Editor",
    # someone else's label, a hunter's group, a people word without the label, Spanish "pedo" (drunk)
    "my neighbour is a pedo", "my friends reported the pedo", "our pedo-hunting group", "my pedo hunter friends",
    "pedos everywhere in these comments", "mis amigos pedos en la fiesta", "my fellow parents, report these pedos",
    "mes amis ont signalé ce pédo",
    # near-misses of the spoken and chat forms
    "straight in the bin pedo", "bin pädo-jäger", "proud to be a map maker", "jsuis pédopsychiatre",
    "nome, idade e numero de telefone", "l'âge est juste une excuse",
    # age on a birthday, and quoted to object
    "Happy 80th grandma! age is just a number", "70 years young, age is just a number",
    "feliz cumpleaños! la edad es solo un número", "alles Gute zum Geburtstag, Alter ist nur eine Zahl",
    'no, "age is just a number" is not a thing when it\'s a child',
    "„Alter ist nur eine Zahl“ sagt nur einer mit was zu verbergen",
])
def test_the_label_a_birthday_and_a_quote_do_not_fire(text: str) -> None:
    assert not _found(text, "identity") and not _found(text, "age"), text


def _read(scorer, text: str, ctx: Context) -> dict:
    """The remark as the comment detector reads it: both model stages, then the rules."""
    a = scorer.analyse([text])
    scorer.second_reading(a, [ctx])
    return scorer.decide(a[0], ctx)


def _decide(scorer, text: str, ctx: Context) -> dict:
    a = scorer.analyse([text])[0]
    a.probs = dict.fromkeys(a.probs, 0.01)  # the model alone would not flag it
    return scorer.decide(a, ctx)


@pytest.mark.parametrize("text", [t for _, t in IDENTITY[:3]] + ["sono un pedofilo", AFFILIATION[3][1]])
def test_identity_under_a_child_image_is_explicit_and_flags_anywhere(scorer, text: str) -> None:
    res = _decide(scorer, text, CHILD)
    assert res["flagged"] and res["harmful"] >= 0.95 and "sexualising_minor" in res["flagged_categories"], res
    assert res["flagged_alone"] and res["cue"], "a term a moderator can point at: the account step's explicit remark"
    assert any(s["note"].startswith("rule identity") for s in res["spans"])
    res = _decide(scorer, text, ADULT)  # pro-paedophile advocacy is harmful under any post, but not explicit
    assert res["flagged"] and 0.85 <= res["harmful"] < 0.95 and "minimisation" in res["flagged_categories"], res


@pytest.mark.parametrize("text", [t for _, t in AGE])
def test_age_is_just_a_number_flags_under_a_child_image_only(scorer, text: str) -> None:
    res = _decide(scorer, text, CHILD)
    # a sexualising remark that needs a second one to make a case on its own, as a code does
    assert res["flagged"] and 0.85 <= res["harmful"] < 0.95, res
    assert {"sexualising_minor", "minimisation"} <= set(res["flagged_categories"])
    assert not _decide(scorer, text, ADULT)["flagged"]


@pytest.mark.parametrize("text", ["age is just a number?? that's my daughter, reported",
                                  "I'm a proud MAP — that's what he wrote under her photo. Reported."])
def test_an_objection_leaves_the_stance_to_the_model(scorer, text: str) -> None:
    assert not _decide(scorer, text, CHILD)["flagged"]


@pytest.mark.parametrize("text", [
    "'está creciendo muy bien si sabes a lo que me refiero'?? ernsthaft? gmeldet",  # the report word mistyped
    '"if you know what I mean"?? she is nine', "„macht mich geil“ ??? widerlich",
    "'nomap and proud'?? what is wrong with you",
])
def test_words_quoted_back_in_disbelief_are_not_the_speakers(scorer, text: str) -> None:
    """An incredulous echo of someone else's words ("'…'??") fires no rule, even where the objection that follows is
    mistyped; the model reads the remark."""
    assert not [m for m in certain.match(normalise(text)) if m.kind in certain.FLOORS], text
    assert not _decide(scorer, text, CHILD)["flagged"]


@pytest.mark.parametrize("text", ["'más de ella porfa'?? ERNSTHAFT? GEMELEDT fr",
                                  "'more of her please'?? seriously? reproted"])
def test_the_model_reading_the_echoed_words_does_not_flag_the_speaker(scorer, text: str) -> None:
    """The model reads the quoted request as the speaker's desire (desire 1.0 on independent seed 84, where the
    misspelt "gemeldet" is no counter term); the speaker's own words, read without the echo, are not flagged, so the
    remark is an objection: held under the flag, counter-speech at least certain.COUNTER_FLOOR."""
    res = _read(scorer, text, CHILD)
    assert not res["flagged"] and not res["flagged_alone"], res
    assert res["scores"]["counter_speech"] >= certain.COUNTER_FLOOR
    assert any("echoed back in disbelief" in n for n in res["context_notes"]), res["context_notes"]


@pytest.mark.parametrize("text", ["'🍑🍑😏' WTF IS WRONG WITH YYYOU", "'so ripe 🍑😏' ... disgusting"])
def test_words_quoted_in_order_to_object_are_not_the_speakers(scorer, text: str) -> None:
    """Quoted without a question mark, someone else's words are still not the speaker's where the speaker's own words
    object (development seed 106: a counter-speaker quoting the code emoji back had a lone-offender case). The model
    read the code in the quote as the speaker's (sexualising 0.99); without it, the objection is all that is left."""
    res = _read(scorer, text, CHILD)
    assert not res["flagged"] and not res["flagged_alone"], res
    assert res["scores"]["counter_speech"] >= certain.COUNTER_FLOOR
    assert any("echoed back" in n for n in res["context_notes"]), res["context_notes"]


@pytest.mark.parametrize("text", ["'🍑🍑😏' lol", "'perfect age' 😍", "\"legal soon\" 😏 can't wait"])
def test_quoted_words_without_an_objection_stay_the_speakers(scorer, text: str) -> None:
    """A quote is someone else's words only where the speaker objects to them: scare quotes and a remark's own quoted
    code stay flagged."""
    assert _read(scorer, text, CHILD)["flagged"], text


@pytest.mark.parametrize("text", ["'too young'? no such thing, she wants it 😏",
                                  "'stay away from her'?? send me more of her, now"])
def test_an_echo_leaves_the_speakers_own_words_flagged(scorer, text: str) -> None:
    """Only the echoed words are someone else's: what the speaker adds is read, and flags."""
    assert _read(scorer, text, CHILD)["flagged"], text


@pytest.mark.parametrize("text", ["she's \"developing nicely\" 😏 if you know what i mean", "'legal soon' 😏",
                                  "l'âge n'est qu'un chiffre 😉", 'who has "nudes"?',
                                  "it's age, it's just a number? 'age is just a number'"])
def test_scare_quotes_and_apostrophes_are_no_echo(text: str) -> None:
    """Quotes that are not echoed back with a question mark, and apostrophes, leave the rules as they are."""
    assert [m for m in certain.match(normalise(text)) if m.kind in certain.FLOORS], text


@pytest.mark.parametrize("tail", ["", " 😂😂", " lol", " jajaja 🤣", " hahaha"])
@pytest.mark.parametrize(("text", "category"), [
    ("check your dms", "contact_move"),
    ("revisa tus dm", "contact_move"),
    ("wo wohnst du", None),
    ("send me more of her", None),
])
def test_laughter_does_not_change_what_a_remark_is(scorer, text: str, category: str | None, tail: str) -> None:
    """Comments carry laughter; a remark's meaning does not change with it (text.comment 1.25.0,
    normalise.model_view). With "😂😂" after it, "wo wohnst du" was missed under a child's photo before."""
    d = _read(scorer, text + tail, Context(0.9, on_post=True))
    assert d["flagged"], (text + tail, d["scores"])
    if category:
        assert category in d["flagged_categories"], (text + tail, d["flagged_categories"])


@pytest.mark.parametrize("prefix", ["@lisa_23 ", "@the.real.tom "])
def test_a_mention_does_not_change_what_a_remark_is(scorer, prefix: str) -> None:
    d = _read(scorer, prefix + "send me more of her", Context(0.9, on_post=True))
    assert d["flagged"], d["scores"]
