"""Web addresses: the rule for the address a site is published at, in one place, for
``site.yml``'s ``base_url`` and ``--base-url`` alike."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?|\[[0-9a-f:.]+\]"
)
_SEGMENT = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@%-]+")


def contact_link(address: str) -> str:
    """The link to a contact address (an e-mail or web address, see
    :func:`factcheck.fields.contact_address`): a web address as it is, an e-mail address as
    ``mailto:``, so no address an editor writes becomes a link of another kind."""
    return address if address.lower().startswith(("http://", "https://")) else f"mailto:{address}"


def site_address(value: str) -> str:
    """``value`` as the site's base address, ending in ``/``; ValueError, worded to follow the
    address, if it is not an absolute ``http(s)`` address with a host and a plain path.

    Plain means no ``//``, ``.`` or ``..`` in the path, and no query, fragment or user name:
    every page's links are made from this path, and ``https://x.org//evil.example/`` would send
    them all to another host.
    """
    parts = urlsplit(value)
    example = "such as https://example.org/ or https://example.org/checks/"
    if parts.scheme.lower() not in ("http", "https") or not value.lower().startswith(
        f"{parts.scheme.lower()}://"
    ):
        raise ValueError(f"must start with http:// or https://, {example}")
    host = parts.netloc.rsplit(":", 1)[0] if not parts.netloc.endswith("]") else parts.netloc
    try:
        host = host.encode("idna").decode("ascii")  # a name in any script, as DNS spells it
    except UnicodeError:
        raise ValueError(f"must name a host after the //, {example}") from None
    if not _HOST.fullmatch(host.lower()) or "@" in parts.netloc:
        raise ValueError(f"must name a host after the //, {example}")
    try:
        parts.port  # noqa: B018 (urlsplit checks the port only when asked)
    except ValueError:
        raise ValueError(f"has a port that is not a number from 0 to 65535, {example}") from None
    if parts.query or parts.fragment or "?" in value or "#" in value:
        raise ValueError(f"must not have a query (?) or a fragment (#), {example}")
    segments = parts.path.strip("/").split("/") if parts.path.strip("/") else []
    if "//" in parts.path or any(
        unquote(segment) in (".", "..") or not _SEGMENT.fullmatch(segment) for segment in segments
    ):
        raise ValueError(
            f"must have a plain path: names joined by single slashes, no `.` or `..`, {example}"
        )
    return value.rstrip("/") + "/"
