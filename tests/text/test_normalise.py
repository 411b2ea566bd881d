"""The normaliser undoes evasions and every canonical character maps back to what the user wrote."""

from __future__ import annotations

import pytest

from harrier.detect.text import lexicon
from harrier.detect.text.normalise import normalise, split_compound


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("p3d0", "pedo"),
        ("s3xy", "sexy"),
        ("p.e.d.o", "pedo"),
        ("p e d o!", "pedo!"),
        ("s-e-x-y baby", "sexy baby"),
        ("ѕеху", "sexy"),  # Cyrillic lookalikes
        ("ｓｅｘｙ", "sexy"),  # fullwidth (NFKC)
        ("se\u200bxy", "sexy"),  # zero-width space
        ("sooooo cuuuute", "so cute"),
        ("Z̷a̷l̷g̷o̷", "zalgo"),
        ("#aigirlsforyou", "ai girls for you"),
        ("#AiGirlsForYou", "ai girls for you"),
        ("🧀🍕 anyone?", "cheese pizza anyone?"),
        ("📩", "message"),
        ("👍🏽 nice", "good nice"),  # skin tone ignored
        ("hat wer c p?", "hat wer cp?"),  # two spaced letters that spell a trading code (text.comment 1.25.4)
        ("¿alguien tiene c.p?", "¿alguien tiene cp?"),
    ],
)
def test_evasions_are_undone(text: str, canonical: str) -> None:
    assert normalise(text).text == canonical


@pytest.mark.parametrize("text", ["I'm 30 and my son is 4", "call 555 1234", "score 3-1 tonight", "10am at gate 4",
                                  "the price is $5", "www.example.com/page2", "plan a i think", "j.k. rowling",
                                  "d m me later"])
def test_ordinary_numbers_and_links_survive(text: str) -> None:
    assert normalise(text).text == text.lower()


@pytest.mark.parametrize(
    ("text", "term", "original"),
    [
        ("she is so p 3 d 0 lol", "pedo", "p 3 d 0"),
        ("Nice ѕеху pic", "sexy", "ѕеху"),
        ("wow s\u200be\u200bx\u200by", "sexy", "s\u200be\u200bx\u200by"),
        ("cheese 🧀🍕 time", "cheese pizza", "🧀🍕"),
        ("#CuteGirls4you", "cute girls", "#CuteGirls4you"),  # a split hashtag maps to the whole tag
        ("sent you a DM!!", "sent you a dm", "sent you a DM"),
    ],
)
def test_hits_point_at_original_characters(text: str, term: str, original: str) -> None:
    hits = [h for h in lexicon.match(normalise(text)) if h.term == term]
    assert hits, f"{term!r} not found in {normalise(text).text!r}"
    h = hits[0]
    assert text[h.start:h.end] == original


def test_offset_map_is_monotonic_and_in_range() -> None:
    text = "Ｈｅｙ 👧 ѕ.е.х.у #LittleGirlsRock p3do\u200b!!! cuuute 🍑🍑"
    n = normalise(text)
    assert len(n.starts) == len(n.text) == len(n.ends)
    assert all(0 <= a <= b <= len(text) for a, b in zip(n.starts, n.ends, strict=True))
    assert list(n.starts) == sorted(n.starts)
    assert n.original_text(0, len(n.text)) == text.strip()


def test_split_compound_needs_known_words() -> None:
    assert split_compound("cutegirlsforyou") == ["cute", "girls", "for", "you"]
    assert split_compound("xqzvbnm") is None



def test_typographic_apostrophes_match_terms_written_with_a_straight_one() -> None:
    from harrier.detect.text import certain
    from harrier.detect.text.normalise import key_view

    for text in ("don’t tell your parents", "don‘t tell your parents", "donʼt tell your parents"):
        n = normalise(text)
        assert key_view(n.text) == "don't tell your parents"
        assert [(m.kind, m.start, m.end) for m in certain.match(n)] == [("grooming", 0, len(text))]


@pytest.mark.parametrize(("text", "canonical"), [
    ("p*do heaven fr", "pedo heaven fr"), ("P*D0 heaven", "pedo heaven"), ("s*xy girl", "sexy girl"),
    ("a*b test", "a*b test"), ("5*5=25", "5*5=25"), ("nice pic *wink*", "nice pic *wink*"),
])
def test_a_masked_letter_is_the_vowel_that_makes_a_lexicon_word(text: str, canonical: str) -> None:
    n = normalise(text)
    assert n.text == canonical
    assert n.original_text(0, len(n.text)) == text


@pytest.mark.parametrize(("text", "canonical"), [
    ("[c]ome check out what [they] are missing", "come check out what they are missing"),
    ("y [sic] young girls date old men", "y young girls date old men"),
    ("agrega o manda mensaje y te muestro ? (sic)", "agrega o manda mensaje y te muestro ?"),
    ("Di hola si eres menor (SIC)", "di hola si eres menor"),
    ("use [the redacted website] to get it", "use the redacted website to get it"),
    ("[...] and then", "[...] and then"),  # an ellipsis mark is no word to unwrap
])
def test_a_quotes_editorial_marks_are_not_the_speakers(text: str, canonical: str) -> None:
    """Remarks quoted in reports carry the editor's "[sic]" and bracketed words; the remark is what was said."""
    n = normalise(text)
    assert n.text == canonical
    assert all(0 <= a < b <= len(text) for a, b in zip(n.starts, n.ends, strict=True))  # offsets still map back


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("wo wohnst du 😈 😂😂", "wo wohnst du devil"),  # a code stays, the laughter goes
        ("dm me later 🤣", "dm me later"),
        ("sie wird so schnell groß ❤️", "sie wird so schnell gross love"),  # a family's heart stays
        ("revisa tus dm 😉", "revisa tus dm 😉"),
        ("@lisa_23 where do you live??? hahaha", "where do you live?"),  # whom it answers, laughter, a run of ?
        ("jajaja qué linda lol", "qué linda"),
        ("mail me at x@y.com", "mail me at x@y.com"),  # an address is no mention
        ("😂😂", "laugh laugh"),  # nothing but laughter: read whole, else nothing is left to read
        ("lol", "lol"),
        ("😍😍 😂", "love love laugh"),  # no word of its own: read whole (heart eyes alone read differently)
        ("@mia 😍 🤣", "@mia love laugh"),
        ("plain ascii text", "plain ascii text"),
    ],
)
def test_the_encoders_read_a_remark_without_laughter_or_mentions(text: str, read: str) -> None:
    from harrier.detect.text.normalise import model_view

    n = normalise(text)
    assert model_view(n) == read
    # the lexicon still reads the whole remark: codes and their spans stay evidence
    assert normalise(text).text == n.text
