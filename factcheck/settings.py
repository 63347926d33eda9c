"""The site's settings, from ``content/site.yml``: who publishes the checks, under what licence,
and how tags are named."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from factcheck.marked import N_


@dataclass(frozen=True)
class Funding:
    """Where the organisation's money came from in one year."""

    year: int
    sources: str


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str


@dataclass(frozen=True)
class Organisation:
    """The publisher of the fact checks, named in ClaimReview's ``author``, with what a reader
    needs to judge who stands behind them (the IFCN's transparency commitments); any of it may be
    not yet recorded, which the about page and ``check --ifcn`` then say."""

    name: str
    url: str | None
    """None means the site's own base URL."""
    legal_name: str | None = None
    legal_form: str | None = None
    contact: str | None = None
    """An e-mail or web address where readers reach the organisation."""
    claims_contact: str | None = None
    """Where readers send claims to check."""
    corrections_contact: str | None = None
    """Where readers ask for a correction."""
    nonpartisanship: str | None = None
    """The organisation's non-partisanship policy, in a sentence or a few."""
    funding: tuple[Funding, ...] = ()
    team: tuple[TeamMember, ...] = ()
    line: int = 1
    """The line of ``organisation:`` in site.yml, for messages about what it lacks."""


@dataclass(frozen=True)
class Licence:
    """The licence the fact checks and the open data are published under."""

    name: str
    url: str | None

    covers = N_(
        "our own work: the fact checks, our accounts of sources and the open data. It does not "
        "cover the text of sources, which is their publishers' and is quoted and stored only to "
        "check the claims"
    )
    """What the licence applies to, said wherever it is named: a site that stores other
    publishers' text must not seem to license it."""


@dataclass(frozen=True)
class TagName:
    """How readers see a tag, where not as claims write it: an entry of ``tag_names``."""

    tag: str
    """The tag, case-folded: tags alike but for case are one."""
    name: str
    line: int
    """Its line in site.yml, for a warning that no claim carries the tag."""


@dataclass(frozen=True)
class EditionSettings:
    """A language the site is published in besides its own (``editions:`` in site.yml): at its
    own address (``sr/``), with its own title, description and names of tags."""

    language: str
    title: str
    description: str
    tag_names: tuple[TagName, ...] = ()
    latin: bool = False
    """Whether a Latin edition is made from this one, written in Cyrillic (``sr-latn/``)."""
    latin_names: tuple[tuple[str, str], ...] = ()
    """Names kept in their established Latin spelling in the Latin edition, rather than
    transliterated: ``(Cyrillic, Latin)``, longest first."""
    line: int = 1
    """Its line in site.yml."""


@dataclass(frozen=True)
class SiteSettings:
    """The settings in ``content/site.yml``."""

    title: str
    description: str
    language: str
    base_url: str
    organisation: Organisation
    licence: Licence
    tag_names: tuple[TagName, ...] = ()
    """How tags are shown to readers, where not as claims write them (``vucic``: ``Vučić``).
    A tag's page keeps the address of the tag itself."""
    editions: tuple[EditionSettings, ...] = ()

    def tag_label(self, tag: str) -> str:
        """How ``tag`` is shown: its name in ``tag_names``, or the tag as the claim writes it.
        Tags alike but for case are one tag (they share a page), so they share a name."""
        return self._tag_names.get(tag.casefold(), tag)

    @functools.cached_property
    def _tag_names(self) -> dict[str, str]:
        return {entry.tag: entry.name for entry in self.tag_names}
