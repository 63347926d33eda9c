"""``check --ifcn``: each commitment of the IFCN's Code of Principles that the site's settings and
pages do not yet show a reader. The list is what an assessor looks for on the site itself; meeting
it is not membership, which only the IFCN grants after its own assessment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from factcheck.errors import ContentWarning
from factcheck.model import Content


@dataclass(frozen=True)
class Commitment:
    principle: str
    item: str
    """What the site must show, worded to follow "the site does not show"."""
    met: Callable[[Content], bool]
    fix: str


def _organisation(field: str, what: str, principle: str) -> Commitment:
    return Commitment(
        principle,
        what,
        lambda content: bool(getattr(content.site.organisation, field)),
        f"add `{field}:` under `organisation:` in site.yml",
    )


FUNDING = "3. Transparency of funding and organisation"
COMMITMENTS = (
    _organisation(
        "nonpartisanship", "a non-partisanship policy", "1. Non-partisanship and fairness"
    ),
    Commitment(
        "2. Standards and transparency of sources",
        "where to find each source, or that its address is not recorded",
        lambda content: all(source.address_accounted_for for source in content.sources.values()),
        "give each source a `url` or `archive_url`, or `url: not recorded` (see `check`)",
    ),
    _organisation("legal_name", "the organisation's legal name", FUNDING),
    _organisation("legal_form", "the organisation's legal form", FUNDING),
    _organisation("funding", "its sources of funding, year by year", FUNDING),
    _organisation("team", "its team, with their roles", FUNDING),
    _organisation("contact", "a way to contact it", FUNDING),
    Commitment(
        "3. Transparency of funding and organisation",
        "a page saying who publishes the site",
        lambda content: any(page.show_organisation for page in content.pages),
        "add `show_organisation: true` to the about page in content/pages/",
    ),
    Commitment(
        "4. Standards and transparency of methodology",
        "a methodology page with the rating scale",
        lambda content: content.rating_scale_page is not None,
        "add `show_rating_scale: true` to the methodology page in content/pages/",
    ),
    _organisation(
        "claims_contact",
        "a way for readers to send claims to check",
        "4. Standards and transparency of methodology",
    ),
    _organisation(
        "corrections_contact",
        "a way for readers to ask for a correction",
        "5. Open and honest corrections policy",
    ),
)


def unmet_commitments(content: Content, settings: str) -> list[ContentWarning]:
    """A line for each commitment the site does not yet show, at the ``organisation:`` line of
    the ``settings`` file."""
    line = content.site.organisation.line
    return [
        ContentWarning(
            settings,
            line,
            f"IFCN {commitment.principle}: the site does not show {commitment.item}; "
            f"{commitment.fix}",
        )
        for commitment in COMMITMENTS
        if not commitment.met(content)
    ]
