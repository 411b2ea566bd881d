"""detect/text/offsite.py: a bio sells content elsewhere only where it both offers content and points somewhere."""

from __future__ import annotations

import pytest

from harrier.detect.text.offsite import SELLS_SCORE, bio_sells

SELLING = [
    "exclusive sets 💌 link in bio",
    "ensaios exclusivos 💌 link na bio",
    "sets exclusifs 💌 lien en bio",
    "neue exklusive Inhalte, link in bio",
    "contenuti esclusivi 💌 link in bio",
    "exclusieve content, link in bio",
    "arte IA ✨ | más en tg: someone_vip",
    "AI-kunst ✨ | meer op tg: someone_vip",
    "arte IA ✨ | altro su tg: someone_vip",
    "more on my tg 💕",
    "mehr Bilder auf Telegram",
    "vip sets on telegram",
]
NOT_SELLING = [
    "mum of 3 | link in bio for my bakery",  # a pointer, no content offered
    "kids fashion | exclusive collection 💌 link in bio",  # retail, not content
    "snap: lily_x 👻",  # a teenager's pointer alone
    "DJ | sets every friday | link in bio",  # sets, not exclusive ones
    "photographer | family sessions | dm to book",
    "exclusive content",  # an offer that points nowhere
    "oma van 4 ❤️ | meer foto's van de kleinkinderen",  # "more" with no private channel
    "",
]


@pytest.mark.parametrize("bio", SELLING)
def test_an_offer_with_a_pointer_sells(bio: str) -> None:
    sells = bio_sells(bio)
    assert sells is not None and sells.score == SELLS_SCORE
    for sp in sells.spans:  # spans into the original bio
        assert bio[sp.start:sp.end] == sp.value
    assert any(sp.note == "offers content" for sp in sells.spans)


@pytest.mark.parametrize("bio", NOT_SELLING)
def test_a_pointer_or_an_offer_alone_does_not(bio: str) -> None:
    assert bio_sells(bio) is None


def test_each_span_is_listed_once() -> None:
    sells = bio_sells("exclusive sets 💌 link in bio")  # "link in bio": the lexicon's term and the seven-language form
    assert sells is not None
    assert len({(s.start, s.end) for s in sells.spans}) == len(sells.spans)
