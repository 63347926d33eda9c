"""What each kind of content file becomes in the model: a claim, a source or a page, made from the
file (:class:`factcheck.reader.RawDocument`) and its fields as :mod:`factcheck.fields` checked them.
"""

from __future__ import annotations

from typing import Any

from factcheck.fields import NOT_RECORDED
from factcheck.model import Claim, Page, Source
from factcheck.reader import RawDocument


def claim_from(raw: RawDocument, slug: str, fields: dict[str, Any]) -> Claim:
    """The claim in the file ``raw``, named ``slug``, with its checked ``fields``."""
    claim = Claim(
        **_from_file(raw),
        slug=slug,
        title=fields["title"],
        claimant=fields["claimant"],
        claimant_type=fields["claimant_type"] or "organisation",
        claim_date=fields["claim_date"],
        appearance=fields["appearance"],
        verdict=fields["verdict"],
        summary=fields["summary"],
        published=fields["published"],
        updated=fields["updated"],
        tags=fields["tags"],
        corrections=tuple(sorted(fields["corrections"] or (), key=lambda c: c.date, reverse=True)),
        draft=bool(fields["draft"]),
        comparisons=fields["comparisons"] or (),
        claim_date_note=fields["claim_date_note"],
        claimant_role=fields["claimant_role"],
        claimant_role_source=fields["claimant_role_source"],
        reply=fields["reply"],
        language=fields["language"],
        translation_of=fields["translation_of"],
        translated_from=fields["translated_from"],
    )
    claim.input_digest  # made once, and kept with the checked document  # noqa: B018
    return claim


def source_from(raw: RawDocument, slug: str, fields: dict[str, Any]) -> Source:
    """The source in the file ``raw``, whose id is ``slug``, with its checked ``fields``."""
    stored_text = fields.pop("stored_text") is not False
    address_not_recorded = fields["url"] == NOT_RECORDED
    if address_not_recorded:
        fields["url"] = None
    from_file = _from_file(raw)
    if stored_text:  # a copy of the source's text: what looks like a citation is its words
        from_file["cited_ids"] = frozenset()
    return Source(
        **from_file,
        id=slug,
        stored_text=stored_text,
        address_not_recorded=address_not_recorded,
        **fields,
    )


def page_from(raw: RawDocument, slug: str, fields: dict[str, Any]) -> Page:
    """The page in the file ``raw``, named ``slug``, with its checked ``fields``."""
    return Page(
        **_from_file(raw),
        slug=slug,
        title=fields["title"],
        description=fields["description"],
        nav=fields["nav"],
        show_rating_scale=bool(fields["show_rating_scale"]),
        show_organisation=bool(fields["show_organisation"]),
        language=fields["language"],
        translation_of=fields["translation_of"],
        translated_from=fields["translated_from"],
    )


def _from_file(raw: RawDocument) -> dict[str, Any]:
    """What every kind of document takes from its file."""
    return {
        "path": raw.path,
        "body": raw.body,
        "body_line": raw.body_line,
        "field_lines": {name: located.line for name, located in raw.fields.items()},
        "digest": raw.digest,
        "cited_ids": raw.cited_ids,
    }
