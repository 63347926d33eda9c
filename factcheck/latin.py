"""The Latin edition of Serbian written in Cyrillic, made by Serbian rules (cyrtranslit): our own
words change script, others' never do. Quotations and blockquotes in bodies, the renderings a
claim compares, a claimant's answer and every source stay as their authors wrote them; names with
an established Latin spelling keep it (``latin_names`` in site.yml)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from factcheck.catalogs import to_latin
from factcheck.digests import digest_of
from factcheck.model import Claim, Content, Page
from factcheck.quotemarks import QUOTED
from factcheck.settings import EditionSettings, SiteSettings
from factcheck.verbatim import kept_spans

Moved = dict[int, int]
"""Where each place of a body a quotation's mark goes (its offset) stands in the Latin body."""


@dataclass(frozen=True)
class LatinText:
    """Turns our own words into the Latin script, keeping the names of a table."""

    names: tuple[tuple[str, str], ...]
    """``(Cyrillic, Latin)``, longest first, so that a longer name is kept whole."""

    def __call__(self, text: str) -> str:
        """``text`` (of front matter) in the Latin script, but for the words it quotes."""
        pieces, taken = [], 0
        for quoted in QUOTED.finditer(text):
            pieces += [self._ours(text[taken : quoted.start()]), quoted.group()]
            taken = quoted.end()
        return "".join([*pieces, self._ours(text[taken:])])

    def _ours(self, text: str) -> str:
        for cyrillic, latin in self.names:
            text = text.replace(cyrillic, latin)
        return to_latin(text)

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self(text)

    def body(self, body: str, marks: list[int]) -> tuple[str, Moved]:
        """``body`` with all but others' words in the Latin script, and where each of
        ``marks`` (offsets in ``body``) stands in it."""
        keep = kept_spans(body)
        cuts = sorted({0, len(body), *marks, *(at for span in keep for at in span)})
        pieces: list[str] = []
        moved: Moved = {}
        length = 0
        spans = iter(keep)
        span = next(spans, None)
        for start, end in itertools.pairwise(cuts):
            moved[start] = length
            while span is not None and span[1] <= start:
                span = next(spans, None)
            inside = span is not None and span[0] <= start
            pieces.append(body[start:end] if inside else self._ours(body[start:end]))
            length += len(pieces[-1])
        moved[len(body)] = length
        return "".join(pieces), {mark: moved[mark] for mark in marks}


class KeptLatin(Protocol):
    """Where Latin bodies are kept between builds (:class:`factcheck.bodies.BodyStore`)."""

    def get(self, key: object) -> Any: ...

    def put(self, key: object, body: Any) -> None: ...


def latin_edition(
    content: Content,
    edition: EditionSettings,
    marks_of: Callable[[Path], list[int]],
    kept: KeptLatin | None = None,
) -> tuple[Content, dict[Path, Moved]]:
    """The Latin edition of ``content`` (an edition in Serbian Cyrillic), with where the marks
    of each document's quotations (``marks_of`` a file: offsets in its body) moved to in its
    body. Bodies made at an earlier build are taken from ``kept``."""
    latin = LatinText(edition.latin_names)
    moved: dict[Path, Moved] = {}

    def latin_body(document: Made) -> tuple[str, Moved]:
        # The marks stand where the body's quotations end, which the body alone decides, so a
        # Latin body is kept by its file's digest and the names it keeps: reading the marks
        # and transliterating every body again took most of a rebuild with a Latin edition.
        key = ("latin body", document.digest, latin.names)
        found = kept.get(key) if kept is not None else None
        if found is None:
            found = latin.body(document.body, marks_of(document.path))
            if kept is not None:
                kept.put(key, found)
        return found

    def made_latin(document: Made, **fields: Any) -> Made:
        body, moved[document.path] = latin_body(document)
        # What a page made from it reads: its file, and the names its Latin words keep.
        digest = digest_of([document.digest, repr(latin.names)])
        return dataclasses.replace(document, body=body, digest=digest, language=LATIN, **fields)

    claims = tuple(
        made_latin(
            claim,
            title=latin(claim.title),
            claimant=latin(claim.claimant),
            claimant_role=latin.optional(claim.claimant_role),
            summary=latin(claim.summary),
            claim_date_note=latin.optional(claim.claim_date_note),
            corrections=tuple(
                dataclasses.replace(correction, note=latin(correction.note))
                for correction in claim.corrections
            ),
            comparisons=tuple(
                dataclasses.replace(
                    comparison,
                    statement=latin(comparison.statement),
                    renderings=tuple(  # the sources' words stay; our translations change script
                        dataclasses.replace(
                            rendering, translation=latin.optional(rendering.translation)
                        )
                        for rendering in comparison.renderings
                    ),
                )
                for comparison in claim.comparisons
            ),
            reply=claim.reply
            and dataclasses.replace(claim.reply, reason=latin.optional(claim.reply.reason)),
        )
        for claim in content.claims
    )
    pages = tuple(
        made_latin(page, title=latin(page.title), description=latin.optional(page.description))
        for page in content.pages
    )
    site = _latin_site(content.site, latin)
    return dataclasses.replace(content, site=site, claims=claims, pages=pages), moved


LATIN = "sr-Latn"
"""The language of the Latin edition: Serbian in the Latin script."""
Made = TypeVar("Made", Claim, Page)


def _latin_site(site: SiteSettings, latin: LatinText) -> SiteSettings:
    return dataclasses.replace(
        site,
        title=latin(site.title),
        description=latin(site.description),
        language=LATIN,
        tag_names=tuple(
            dataclasses.replace(entry, name=latin(entry.name)) for entry in site.tag_names
        ),
    )
