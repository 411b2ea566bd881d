"""Caption check in English, Dutch and German; harmless captions stay quiet."""

from __future__ import annotations

import pytest

from harrier.sharecheck.caption import check_caption


def kinds(text: str) -> set[str]:
    return {r.kind for r in check_caption(text)}


@pytest.mark.parametrize("text", [
    "Sunday walk with the dog", "Zondag naar het bos", "Sonntag im Wald", "Not bad for a Monday!",
    "Pancakes for breakfast", "Lekker pannenkoeken gegeten", "Oma und Opa zu Besuch", "Happy birthday!",
    "She is 7 and loves drawing", "Lovely day in Amsterdam", "Changing seasons in the park", "Potje voetbal met papa",
    "Verkleedfeest bij oma", "Wir ziehen um!", "Liverpool away day",
])
def test_harmless_captions_do_not_warn(text: str) -> None:
    assert check_caption(text) == []


@pytest.mark.parametrize("text,kind", [
    ("My daughter Emma Jansen won the race", "child_name"),
    ("our son Liam at the zoo", "child_name"),
    ("Mijn dochter Sophie van Dijk", "child_name"),
    ("Meine Tochter Lena Müller", "child_name"),
    ("Noah Smith (6) loves trains", "child_name"),
    ("First day at St Mary's Primary School", "school_or_club"),
    ("Great match at Riverside Football Club", "school_or_club"),
    ("Eerste dag op basisschool De Regenboog", "school_or_club"),
    ("Abschied von der Kita Sonnenschein", "school_or_club"),
    ("Einschulung an der Grundschule am Park", "school_or_club"),
    ("Happy 7th birthday, born on 12 March!", "age_and_birthday"),
    ("Lotte wordt vandaag 6, gefeliciteerd met je verjaardag", "age_and_birthday"),
    ("Max wird heute 5! Alles Gute zum Geburtstag", "age_and_birthday"),
    ("At the beach in Zandvoort right now!", "live_location"),
    ("Nu op het strand in Scheveningen", "live_location"),
    ("Gerade am Strand in Westerland", "live_location"),
    ("We live in Utrecht and love it", "home_location"),
    ("Wij wonen in Amersfoort", "home_location"),
    ("Wir wohnen in Köln", "home_location"),
    ("Bath time!", "sensitive_context"),
    ("Swimming pool fun", "sensitive_context"),
    ("Fast asleep in bed", "sensitive_context"),
    ("In the changing room after swim class", "sensitive_context"),
    ("In bad met de eendjes", "sensitive_context"),
    ("Naakt rennen in de tuin", "sensitive_context"),
    ("Nackig im Planschbecken", "sensitive_context"),
    ("Schwimmbad mit den Kindern", "sensitive_context"),
])
def test_risky_captions_warn(text: str, kind: str) -> None:
    assert kind in kinds(text), check_caption(text)


def test_risk_has_span_text_and_advice() -> None:
    text = "Happy birthday to my son Tom Baker, 8 years old today! Bath time next."
    risks = check_caption(text)
    assert {r.kind for r in risks} == {"child_name", "age_and_birthday", "sensitive_context"}
    for r in risks:
        assert text[r.span[0]:r.span[1]] == r.text and len(r.advice) > 40
    name = next(r for r in risks if r.kind == "child_name")
    assert name.text == "my son Tom Baker"
    start = text.index("my son")
    assert name.model_dump(mode="json")["span"] == [start, start + len("my son Tom Baker")]


def test_age_alone_or_place_alone_do_not_warn() -> None:
    assert kinds("Max is now 5") == set()
    assert kinds("Lovely weekend in Zandvoort") == set()
