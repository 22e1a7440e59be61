"""What makes two stored articles the same story, and the normalised values the store keeps.

An article's identity is its canonical URL, else ``sha256:`` + the hash of its text, so
saving the same story again replaces its quotes and speakers instead of duplicating them.
Dates are kept as ISO 8601 text, timestamps as UTC ISO seconds.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "cmpid", "ocid")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """``url`` without fragment, tracking parameters, default port or case differences in the host."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(TRACKING_PARAMETERS)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def article_identity(url: str | None, text: str) -> str:
    """The canonical URL when there is an http(s) URL, else ``sha256:`` + the text hash."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return canonical_url(url)
    return "sha256:" + text_hash(text)


def normalize_date(value: str | None) -> str | None:
    """ISO 8601 for dates in ISO or RFC 822 form ("Mon, 03 Mar 2025 10:00:00 GMT"), so that
    dates sort and compare as text; anything else is kept as given."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return text
    if len(text) <= 10 and parsed.hour == parsed.minute == 0:
        return parsed.date().isoformat()
    return parsed.isoformat()
