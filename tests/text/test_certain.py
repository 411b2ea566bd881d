"""Rules by construction: explicit words, codes and generation requests under a child's image flag whatever the
intent model says; an actual objection leaves the remark to the model; questions are not counter-speech."""

from __future__ import annotations

import pytest

from harrier.detect.text import certain, moves, protect, stances
from harrier.detect.text.fusion import Context, fuse, harmful_score
from harrier.detect.text.normalise import normalise

CHILD, ADULT = Context(minor_likelihood=0.92), Context(minor_likelihood=0.05)


def _model_alone(scorer, text: str, ctx: Context) -> dict[str, float]:
    a = scorer.analyse([text])[0]
    return fuse(a.probs, ctx)[0]


def test_explicit_remark_under_a_child_photo_flags_when_the_model_alone_would_not(scorer) -> None:
    text = "nsfw version?"
    model = _model_alone(scorer, text, CHILD)
    assert harmful_score(model) < scorer.thresholds["harmful"], "pick a remark the model alone misses"
    res = scorer.decide(scorer.analyse([text])[0], CHILD)
    assert res["flagged"] and "sexualising_minor" in res["flagged_categories"]
    assert res["scores"]["sexualising_minor"] >= certain.FLOORS["explicit"] >= 0.95
    rule_span = next(s for s in res["spans"] if s["note"].startswith("rule explicit"))
    assert text[rule_span["start"]:rule_span["end"]] == "nsfw"
    # the same words under an adult's photo are left to the model
    assert not scorer.decide(scorer.analyse([text])[0], ADULT)["flagged"]


@pytest.mark.parametrize(("text", "category"), [
    ("her little buds are coming in", "sexualising_minor"),
    ("🍑🍑", "sexualising_minor"),
    ("🌽 when?", "sexualising_minor"),
    ("🧀🍕 anyone?", "sexualising_minor"),
    ("🍒🍒 qué rico", "sexualising_minor"),
    ("geile kleine", "sexualising_minor"),
    ("trop excitante", "sexualising_minor"),
    ("wish i had the app that makes these", "generation_request"),
    ("qué app usaste?", "generation_request"),
    ("welche KI war das", "generation_request"),
])
def test_codes_and_generation_requests_flag_under_a_child_image(scorer, text: str, category: str) -> None:
    res = scorer.decide(scorer.analyse([text])[0], CHILD)
    assert res["flagged"] and category in res["flagged_categories"], res


@pytest.mark.parametrize("text", [
    "reported. 'so sexy' under a child's photo?? disgusting",
    "Sie ist ein Kind, hört auf! geile Kommentare hier",
    "leave her alone, which app made you this creepy",
])
def test_an_actual_objection_is_left_to_the_model(scorer, text: str) -> None:
    a = scorer.analyse([text])[0]
    assert certain.apply(a.norm, a.hits, a.certain, fuse(a.probs, CHILD)[0], CHILD.minor_likelihood) is None


@pytest.mark.parametrize("text", ["geil!", "geil xD", "mega geil 🙌", "geil haha"])
def test_slang_for_awesome_said_of_no_one_is_a_code_not_an_explicit_remark(scorer, text: str) -> None:
    """text.comment 1.31.0: German "geil!" is "awesome" under a goal or a meal; alone under a child's photo it flags as
    a code does, at the code's floor and never higher, so it is never one explicit remark on its own (the account
    step's bar, 0.95); with no post it is left to the model."""
    a = scorer.analyse([text])[0]
    d = certain.apply(a.norm, a.hits, a.certain, fuse(a.probs, CHILD)[0], CHILD.minor_likelihood)
    assert d is not None and d.kinds == frozenset({"code"}) and "sexualising_minor" in d.flag
    res = scorer.decide(a, CHILD)
    assert res["flagged"] and res["harmful"] <= certain.FLOORS["code"] < 0.95, res
    assert certain.apply(a.norm, a.hits, a.certain, fuse(a.probs, NONE)[0], 0.0) is None


@pytest.mark.parametrize("text", ["das kind ist so geil", "geile kleine", "geile beine", "so ein geiles mädchen",
                                  "so geil 🤤"])
def test_slang_said_of_a_person_is_explicit_under_a_child_image(scorer, text: str) -> None:
    a = scorer.analyse([text])[0]
    d = certain.apply(a.norm, a.hits, a.certain, fuse(a.probs, CHILD)[0], CHILD.minor_likelihood)
    assert d is not None and "explicit" in d.kinds, text


def test_a_flagged_question_is_not_counter_speech(scorer) -> None:
    a = scorer.analyse(["is she horny?"])[0]
    res = scorer.decide(a, CHILD)
    assert res["flagged"] and res["scores"]["counter_speech"] <= 0.2


@pytest.mark.parametrize("text", ["happy birthday sweetheart", "love the peach dress", "so cute ❤️",
                                  "best buds 💕", "naked baby in the bath again 😂", "schon reif für die Schule",
                                  "cherry picking day 🍒", "corn on the cob 🌽", "pizza night 🍕🧀",
                                  "Kirschen pflücken 🍒", "her first lollipop 🍭"])
def test_family_remarks_under_a_child_photo_do_not_fire_rules(text: str) -> None:
    n = normalise(text)
    from harrier.detect.text import lexicon

    scores = dict.fromkeys(("harmful", "sexualising_minor", "generation_request", "counter_speech"), 0.1)
    assert certain.apply(n, lexicon.match(n), certain.match(n), scores, 0.95) is None


NONE = Context()


@pytest.mark.parametrize(("text", "category"), [
    ("this stays between us ok? don't tell your mom", "desire_or_solicitation"),
    ("you are so mature for your age. delete our chat after", "desire_or_solicitation"),
    ("bist du allein zu hause? lösch den chat", "desire_or_solicitation"),
    ("tu dors nue ?", "desire_or_solicitation"),
    ("estás sola en casa? borra el chat", "desire_or_solicitation"),
    ("manda mais, ou eu publico tudo", "abuse_intent"),
    ("stuur meer, anders zet ik ze online", "abuse_intent"),
])
@pytest.mark.parametrize("ctx", [NONE, ADULT, CHILD], ids=["no post", "adult photo", "child photo"])
def test_a_grooming_move_flags_in_any_context(scorer, text: str, category: str, ctx: Context) -> None:
    res = scorer.decide(scorer.analyse([text])[0], ctx)
    assert res["flagged"] and category in res["flagged_categories"], res
    assert res["cue"]
    assert any(s["note"].startswith(("rule grooming", "rule coercion")) for s in res["spans"])


def test_a_counter_word_inside_a_grooming_phrase_is_not_an_objection(scorer) -> None:
    a = scorer.analyse(["don't tell your parents about us"])[0]
    assert any(h.category == "counter" for h in a.hits), "'parents' is a counter-speech word on its own"
    rule = certain.apply(a.norm, a.hits, a.certain, fuse(a.probs, NONE)[0], 0.0)
    assert rule is not None and rule.flag == ["desire_or_solicitation"]


@pytest.mark.parametrize("text", [
    "warning signs of grooming: 'don't tell your parents', 'our little secret'. report it",
    "our secret recipe: garlic and patience", "send me a pic of the cake!", "what a mature little lady 😊",
    "nobody asked what you are wearing to the party, Karen",
    "was hast du an Ideen fürs Wochenende?", "wat heb je aan die jas betaald?", "ben je alleen gekomen?",
    "my daughter got her period yet? no", "are you on your period or something", "minha filha já menstruou",
])
def test_objections_and_ordinary_speech_do_not_fire_the_grooming_rules(text: str) -> None:
    n = normalise(text)
    from harrier.detect.text import lexicon

    scores = dict.fromkeys(("harmful", "desire_or_solicitation", "abuse_intent", "counter_speech"), 0.1)
    assert certain.apply(n, lexicon.match(n), certain.match(n), scores, 0.0) is None


# The grooming families every language has (secrecy, deleting the chat, "your parents wouldn't understand",
# "you're not like the other kids"): each language had some of these forms, none all, until text.comment 1.14.0.
PARITY = {
    "secrecy": ["tell no one", "n'en parle à personne", "non parlarne con nessuno", "no le cuentes a nadie",
                "não fala pra ninguém", "erzähl keinem davon", "vertel het niemand"],
    "deleting the chat": ["delete our texts", "efface nos messages", "cancella i messaggi", "borra los mensajes",
                          "apaga as mensagens", "lösch unsere nachrichten", "verwijder onze berichten"],
    "your parents wouldn't understand": ["your parents wouldn't understand", "tes parents ne comprendraient pas",
                                         "i tuoi genitori non capirebbero", "tus padres no lo entenderían",
                                         "seus pais não entenderiam", "deine eltern würden das nicht verstehen",
                                         "je ouders zouden het niet begrijpen"],
    # forms other languages lacked until text.comment 1.24.0
    "reminder to delete the chat": ["remember to delete the messages", "pense à effacer les messages",
                                    "ricordati di cancellare la chat", "acuérdate de borrar los mensajes",
                                    "lembra de apagar as mensagens", "denk dran den chat zu löschen",
                                    "vergeet niet de berichten te verwijderen"],
    "if your parents knew": ["if your parents knew", "si tes parents savaient", "se i tuoi genitori lo sapessero",
                             "si tus padres supieran", "se seus pais soubessem", "wenn deine eltern das wüssten",
                             "als je ouders het wisten"],
    "what are you wearing": ["what are you wearing", "qu'est-ce que tu portes", "cosa indossi", "qué llevas puesto",
                             "o que você está vestindo", "was trägst du gerade", "wat draag je nu"],
    # a question about the reader's periods (text.comment 1.24.2), a body question of grooming guidance
    "periods question": ["have you got your period yet?", "t'as déjà tes règles ?", "hai già il ciclo?",
                         "¿ya te vino la regla?", "você já menstruou?", "Hast Du dieses Mädchenproblem?",
                         "ben je al ongesteld?"],
    # a question about the reader's arousal (text.comment 1.24.0), beside "are you a virgin?"
    "arousal question": ["are you horny?", "ça t'excite ?", "sei arrapata?", "¿estás cachonda?", "tá com tesão?",
                         "bist du geil?", "ben je geil?"],
    "not like the other kids": ["you're not like the other kids", "tu n'es pas comme les autres enfants",
                                "non sei come gli altri ragazzini", "no eres como los otros niños",
                                "você não é como as outras crianças", "du bist nicht wie die anderen kinder",
                                "je bent niet zoals de andere kinderen"],
}


# Explicit vocabulary and generation requests English had and the six other languages lacked (text.comment 1.14.1):
# under a child's image each is flagged whatever the model says, and an explicit one is one explicit remark.
EXPLICIT_PARITY = ["je me branle", "me hago una paja", "que punheta", "mi faccio una sega", "ich wichse",
                   "ik trek me af", "me la pone dura", "me deixa duro", "me lo fa venire duro", "macht mich hart",
                   "je veux la violer", "quiero violarla", "ich will sie vergewaltigen", "haar verkrachten"]
GENERATION_PARITY = ["quel générateur ?", "qué generador?", "qual gerador?", "quale generatore?",
                     "welcher Generator?", "welke generator?", "nom de l'appli ?", "nombre de la app?",
                     "nome do app?", "nome dell'app?", "Name der App?", "naam van de app?"]


# Beside a child word, away from a child's image, a word that names the subject ("sex", "sexual", "porn", "sexting")
# flags by rule only when someone wants, seeks, offers or trades it (text.comment 1.24.0): news, guidance and
# counter-speech use those words beside "children" all the time. Act and arousal words flag beside any child word.
@pytest.mark.parametrize("text", ["i want sex with a 12 year old", "who has porn of kids",
                                  "ich will Sex mit einem Kind", "looking for porn of kids, dm me",
                                  "that 12yo is so fuckable", "geile kleine meid"])
def test_an_explicit_remark_beside_a_child_word_flags_with_no_post(scorer, text: str) -> None:
    a = scorer.analyse([text])[0]
    a.probs = dict.fromkeys(a.probs, 0.01)  # whatever the model says
    res = scorer.decide(a, NONE)
    assert "sexualising_minor" in res["flagged_categories"], res
    assert any(s["note"].startswith("rule explicit") for s in res["spans"]), res


@pytest.mark.parametrize("text", [
    "Wij zien hoeveel verdriet sexting teweeg brengt bij kinderen.",
    "It went from a really friendly, and at that point a sexual conversation, to a very threatening one. He's a "
    "14-year-old boy",
    "We can understand why children might want to see sexual images of their own age group",
    "You were attentive, flattering, kind and thoughtful and you turned the conversation to sexual matters.",
    "I think child porn should be punished harder",
])
def test_the_subject_named_in_reporting_is_left_to_the_model(text: str) -> None:
    n = normalise(text)
    from harrier.detect.text import lexicon

    hits = lexicon.match(n)
    assert any(m.kind == "explicit" for m in certain.match(n)) and any(h.category in ("child", "age") for h in hits)
    scores = dict.fromkeys(("harmful", "sexualising_minor", "counter_speech"), 0.1)
    assert certain.apply(n, hits, certain.match(n), scores, 0.0, "nl" if "kinderen" in text else "en") is None
    # under a child's image the same words are explicit
    assert certain.apply(n, hits, certain.match(n), scores, 0.9, "en") is not None


def test_a_child_word_of_another_language_that_is_an_english_word_is_none_in_english() -> None:
    """"kind" is a child in German and Dutch and an adjective in English."""
    n = normalise("so kind of you, and so horny")
    from harrier.detect.text import lexicon

    hits = lexicon.match(n)
    kind = next(h for h in hits if h.term == "kind")
    assert certain.false_friend(kind, "en") and not certain.false_friend(kind, "de")
    scores = dict.fromkeys(("harmful", "sexualising_minor", "counter_speech"), 0.1)
    assert certain.apply(n, hits, certain.match(n), scores, 0.0, "en") is None
    assert certain.apply(normalise("das kind ist so geil"), lexicon.match(normalise("das kind ist so geil")),
                         certain.match(normalise("das kind ist so geil")), scores, 0.0, "de") is not None


@pytest.mark.parametrize("text", EXPLICIT_PARITY)
def test_explicit_words_in_every_language_are_one_explicit_remark(scorer, text: str) -> None:
    from harrier.context import features

    a = scorer.analyse([text])[0]
    a.probs = dict.fromkeys(a.probs, 0.01)  # whatever the model says
    res = scorer.decide(a, CHILD)
    assert "sexualising_minor" in res["flagged_categories"] and res["cue"], res
    assert res["scores"]["sexualising_minor"] >= features.EXPLICIT and res["flagged_alone"], res


@pytest.mark.parametrize("text", GENERATION_PARITY)
def test_asking_for_the_generator_flags_in_every_language(scorer, text: str) -> None:
    a = scorer.analyse([text])[0]
    a.probs = dict.fromkeys(a.probs, 0.01)
    res = scorer.decide(a, CHILD)
    assert "generation_request" in res["flagged_categories"], res


@pytest.mark.parametrize("family", sorted(PARITY))
def test_each_grooming_family_is_a_rule_in_every_language(scorer, family: str) -> None:
    langs = set()
    for text in PARITY[family]:
        found = [m for m in certain.match(normalise(text)) if m.kind == "grooming"]
        assert found, text
        langs.add(found[0].lang)
        res = scorer.decide(scorer.analyse([text])[0], NONE)
        assert res["flagged_alone"] and res["cue"], (text, res)
    assert langs == {"en", "fr", "it", "es", "pt", "de", "nl"}, family


def test_every_rule_term_names_a_known_source() -> None:
    from harrier.detect.text.lexicon import sources

    known = set(sources())
    rows = [t for ts in certain.terms().values() for t in ts]
    pattern_kinds = {p.kind for p in (*moves.patterns(), *stances.patterns(), *protect.patterns())}
    assert len(rows) > 300 and {t.kind for t in rows} | pattern_kinds == set(certain.KINDS)
    assert {t.lang for t in rows} == {"en", "nl", "de", "fr", "es", "pt", "it"}
    assert all(t.source in known for t in rows)


@pytest.mark.parametrize("text", ["he's growing up nicely if you know what i mean",
                                  "sie wird groß, wenn du weißt, was ich meine",
                                  "elle grandit bien... si tu vois ce que je veux dire"])
def test_innuendo_under_a_child_photo_flags(scorer, text: str) -> None:
    res = scorer.score([{"id": "x", "text": text, "context": {"minor_likelihood": 0.95}}])[0]
    assert res["flagged"] and res["cue"], text
    assert not scorer.score([{"id": "y", "text": text, "context": {"minor_likelihood": 0.0}}])[0]["flagged"]


def test_german_eszett_is_not_an_english_word() -> None:
    # the accent-free view writes "groß" as "gross": not the English objection / counter-speech word
    from harrier.detect.text import lexicon

    n = normalise("so groß geworden!")
    assert not any(m.term == "gross" for m in certain.match(n))
    assert not any(h.category == "counter" for h in lexicon.match(n))
    assert any(m.kind == "objection" for m in certain.match(normalise("that is gross, reported")))


@pytest.mark.parametrize("text", [
    "You're so mature for your age.",
    "don't tell your parents about our chats",
    "Si no me mandas una foto desnuda, publico todo",
])
def test_one_move_to_the_reader_under_a_child_photo_is_explicit_evidence(scorer, text: str) -> None:
    """A grooming line or a sextortion threat is as plain as an explicit word: flagged on its own words, its
    harmful category (what the account step reads) at or above the score it takes as one explicit remark (a case
    on its own), with a rule term to point at, whatever the model reads in it."""
    from harrier.context import features

    res = scorer.decide(scorer.analyse([text])[0], CHILD)
    assert res["flagged_alone"] and res["cue"], res
    assert max(res["scores"][k] for k in ("sexualising_minor", "abuse_intent", "desire_or_solicitation")) \
        >= features.EXPLICIT, res


def test_every_topic_word_is_an_explicit_term() -> None:
    """``certain.TOPIC`` narrows the explicit rule: a word there that no explicit term spells would narrow nothing."""
    explicit = {t.term for ts in certain.terms().values() for t in ts if t.kind == "explicit"}
    assert not certain.TOPIC - explicit, certain.TOPIC - explicit


@pytest.mark.parametrize(("text", "cue"), [
    ("guapísima 🔥", False),  # an adult fan's praise: the fire emoji says "great" as often as "hot"
    ("gals 🔥 tbh", False),
    ("the cutest pup 🔥🔥", False),
    ("die kleine ist 🔥🍑", True),  # another cue beside it
    ("der kleine 🔥😏", True),
    ("so hot 🔥", True),  # the word itself
])
def test_a_fire_emoji_alone_is_no_cue(scorer, text: str, cue: bool) -> None:
    """text.comment 1.25.3: the ``cue`` evidence (what makes one remark explicit for the context step) is not carried
    by a fire emoji alone; the scores are not touched."""
    res = scorer.decide(scorer.analyse([text])[0], CHILD)
    assert res["cue"] is cue, res


@pytest.mark.parametrize("text", ["hat wer 🧀🍕? 👀", "🌽 whn?", "any 🧀🍕?"])
def test_a_trading_code_under_a_child_photo_is_explicit(scorer, text: str) -> None:
    """text.comment 1.25.5: a code for the material itself (corn, cheese pizza) under a child's image asks for or
    offers it: explicit (one is a case for the context step); the vegetable beside its own name is the vegetable."""
    res = scorer.decide(scorer.analyse([text])[0], CHILD)
    assert res["flagged_alone"] and res["cue"] and res["scores"]["sexualising_minor"] >= certain.FLOORS["explicit"]
    assert not scorer.decide(scorer.analyse(["corn on the cob 🌽"])[0], CHILD)["flagged"]
