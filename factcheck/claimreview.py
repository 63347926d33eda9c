"""Structured data (schema.org): ClaimReview for a claim page, as Google's documentation asks, and
the publisher's Organization for the page that says who publishes the site."""

from __future__ import annotations

import json
from typing import Any

from factcheck.addresses import contact_link
from factcheck.model import Claim, Content
from factcheck.settings import SiteSettings

_SCHEMA_TYPE = {"person": "Person", "organisation": "Organization"}


def claim_review(claim: Claim, content: Content, page_url: str) -> dict[str, Any]:
    """The ClaimReview object for ``claim``, published at the absolute ``page_url``."""
    site = content.site
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": claim.verdict.label}
    if claim.verdict.value is not None:
        rating |= {
            "ratingValue": claim.verdict.value,
            "bestRating": content.ratings.best_value,
            "worstRating": content.ratings.worst_value,
        }
    rating["ratingExplanation"] = claim.summary
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": claim.title,
        "datePublished": claim.published.isoformat(),
        "inLanguage": site.language,  # the review's, which aggregators list checks by
        "author": {
            "@type": "Organization",
            "name": site.organisation.name,
            "url": site.organisation.url or site.base_url,
        },
        "reviewRating": rating,
        "itemReviewed": _claim(claim, content),
    }
    if claim.updated is not None:
        review["dateModified"] = claim.updated.isoformat()
    return review


def _claim(claim: Claim, content: Content) -> dict[str, Any]:
    """The claim reviewed; its date is left out where no report records it (the appearances
    keep theirs), rather than given as the date a report was published."""
    author: dict[str, Any] = {"@type": _SCHEMA_TYPE[claim.claimant_type], "name": claim.claimant}
    if claim.claimant_role and claim.claimant_type == "person":
        author["jobTitle"] = claim.claimant_role
    reviewed: dict[str, Any] = {"@type": "Claim", "author": author}
    if claim.claim_date is not None:
        reviewed["datePublished"] = claim.claim_date.iso
    reviewed["appearance"] = [_appearance(content, source_id) for source_id in claim.appearance]
    first = content.first_appearance(claim)
    if first is not None:
        reviewed["firstAppearance"] = _appearance(content, first.id)
    return reviewed


def _appearance(content: Content, source_id: str) -> dict[str, Any]:
    source = content.sources[source_id]
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title,
        "datePublished": source.published.iso,
    }
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.url:
        work["url"] = source.url
    if source.archive_url:
        work["archivedAt"] = source.archive_url
    return work


def organisation(site: SiteSettings, methodology_url: str | None) -> dict[str, Any]:
    """The publisher as a NewsMediaOrganization: what of it is recorded, and nothing else."""
    publisher = site.organisation
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": publisher.name,
        "url": publisher.url or site.base_url,
    }
    if publisher.legal_name:
        data["legalName"] = publisher.legal_name
    if publisher.contact:
        link = contact_link(publisher.contact)
        key = "email" if link.startswith("mailto:") else "url"
        data["contactPoint"] = {"@type": "ContactPoint", key: publisher.contact}
    if methodology_url:
        data["publishingPrinciples"] = methodology_url
    if publisher.team:
        data["member"] = [
            {"@type": "Person", "name": member.name, "jobTitle": member.role}
            for member in publisher.team
        ]
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>`` or ``<!--`` can break out of it."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
