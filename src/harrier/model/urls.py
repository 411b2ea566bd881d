"""Which URLs from an export may become links: absolute ``http``/``https`` URLs with a host, nothing else.

The console renders every URL from platform data through this test (the ``weblink`` filter) and ingestion
warns about the URLs it fails, so the two never disagree. A hand-written rule over the standard library's
parser: it is three checks, and the point is to be stricter than browsers, which strip whitespace and
control characters before they read the scheme (``" java\\tscript:"`` runs as ``javascript:``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def is_web_url(value: object) -> bool:
    """True for ``https://host/...`` and ``http://host/...``; False for ``javascript:``, ``data:``,
    ``vbscript:``, relative (``/admin``, ``//host``), malformed URLs and anything with whitespace, control
    characters or backslashes in it."""
    if not isinstance(value, str) or any(c <= " " or c in "\x7f\\" for c in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)
