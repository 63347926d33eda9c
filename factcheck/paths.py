"""Where each page of the site lives, and how one page links to another."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from factcheck.model import SITE_SECTIONS, Claim
from factcheck.slugs import slug_for

(
    CLAIMS, SOURCES, ASSETS, VERDICTS, CLAIMANTS, TAGS, CORRECTIONS, SEARCH, PAGES, DATA
) = SITE_SECTIONS  # fmt: skip
SEARCH_INDEX = f"{SEARCH}/index"


def claim_path(claim: Claim) -> str:
    return f"{CLAIMS}/{claim.slug}/"


SHARE_IMAGE = "share.png"
"""Beside each claim page: the picture shown where a link to it is shared."""


def share_image_path(claim: Claim) -> str:
    return claim_path(claim) + SHARE_IMAGE


def source_path(source_id: str) -> str:
    return f"{SOURCES}/{source_id}/"


def verdict_path(key: str) -> str:
    return f"{VERDICTS}/{key}/"


def claimant_path(claimant: str) -> str:
    return f"{CLAIMANTS}/{slug_for(claimant) or 'unnamed'}/"


def tag_path(tag: str) -> str:
    return f"{TAGS}/{slug_for(tag) or 'untitled'}/"


def last_part(path: str) -> str:
    """The last part of a site folder's path (``tags/svr/`` is ``svr``): how a search filter
    names a claimant or a tag."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def root_from(path: str) -> str:
    """The relative way from the page at site folder ``path`` (``claims/x/``) to the site root."""
    return "../" * path.count("/")


def numbered_page(first: str, number: int) -> str:
    """The path of page ``number`` of a list whose first page is at ``first`` (``""`` for home)."""
    return first if number == 1 else f"{first}{PAGES}/{number}/"


@dataclass(frozen=True)
class Links:
    """Makes links from the page at ``page_path``: relative, so the site works under any sub-path.

    ``root`` replaces relative links for pages served at addresses not their own (``404.html``
    is shown for whatever address was missing), where only a path from the site root works.
    ``page_path`` and ``base_url`` are the edition's (see :mod:`factcheck.editions`), whose
    folder in the site is ``edition``: the theme's assets and the other editions are outside it.
    """

    page_path: str
    base_url: str
    asset_versions: dict[str, str]
    root: str | None = None
    edition: str = ""

    def url(self, target: str = "") -> str:
        """Link to a path of the edition such as ``claims/slug/`` or ``""`` (its home)."""
        if self.root is not None:
            return self.root + target
        return (self.up + target) or "./"

    def site_url(self, target: str) -> str:
        """Link to a path of the whole site, such as ``assets/style.css`` or ``sr/claims/x/``."""
        return self.url(root_from(self.edition) + target) if self.edition else self.url(target)

    @functools.cached_property
    def up(self) -> str:
        return root_from(self.page_path)

    def asset(self, name: str) -> str:
        """Link to a theme asset, versioned by its content so browsers never keep a stale copy."""
        return f"{self.site_url(f'{ASSETS}/{name}')}?v={self.asset_versions[name]}"

    def absolute(self, target: str = "") -> str:
        return self.base_url + target
