"""The text detectors' data files (``data/``): where they live, how a TSV row reads, which lexicons exist.

Its own module because both the normaliser (hashtag splitting knows the lexicon's words) and the lexicon
(matching runs over the normaliser's canonical text) read them: neither has to import the other for that.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

DATA = resources.files("harrier.detect.text") / "data"
# The lexicons, one data/lexicon/<lang>.tsv each.
LANGS: tuple[str, ...] = ("en", "nl", "de", "fr", "es", "pt", "it")


def read_rows(name: str) -> Iterable[list[str]]:
    """The tab-separated rows of a data file, without blank lines and ``#`` comments."""
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")
