"""Editorial checks of loaded content: things worth an editor's second look that do not stop a build."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from factcheck.catalogs import Words, is_known, rating_words
from factcheck.editions import stale_translations
from factcheck.errors import ContentWarning
from factcheck.model import Claim, Content, Document, PartialDate, Source
from factcheck.quotemarks import QUOTED
from factcheck.quotes import QuoteCheck, QuoteChecks
from factcheck.stored import describe_paragraphs

MIN_INDEPENDENT_SOURCES = 2


def editorial_warnings(
    content: Content, quote_checks: QuoteChecks, today: datetime.date, settings: str
) -> list[ContentWarning]:
    """Every warning for ``content``, in file and line order; ``settings`` is site.yml's path."""
    warnings = [
        *_thinly_sourced_claims(content),
        *_sources_without_address(content),
        *_unused_sources(content),
        *_future_dates(content, today),
        *_unverified_quotes(quote_checks),
        *_same_titles(content),
        *_curly_quoted_values(content),
        *_unused_tag_names(content, settings),
        *stale_translations(content.claims, content.pages),
    ]
    return sorted(warnings)


def _thinly_sourced_claims(content: Content) -> Iterator[ContentWarning]:
    for claim in content.claims:
        sources = [content.sources[i] for i in claim.source_ids]
        # Sources of one publisher are one voice; a source whose publisher is not recorded counts alone.
        voices = {source.publisher or source.id for source in sources}
        if len(voices) < MIN_INDEPENDENT_SOURCES:
            named = ", ".join(sorted(voices)) or "none"
            yield _warning(
                claim, "appearance",
                f"the check rests on {len(voices)} independent source ({named}); "
                f"cite at least {MIN_INDEPENDENT_SOURCES} where they exist",
            )  # fmt: skip


def _sources_without_address(content: Content) -> Iterator[ContentWarning]:
    for source in content.sources.values():
        if not source.address_accounted_for:
            yield _warning(
                source, "title",
                "has neither `url` nor `archive_url`; readers cannot find the original "
                "(add one, or write `url: not recorded` and say in `note` why there is none)",
            )  # fmt: skip


def _unused_sources(content: Content) -> Iterator[ContentWarning]:
    used = set().union(
        *(document.cited_ids for document in content.documents),
        *(claim.appearance for claim in content.claims),
    )
    for source in content.sources.values():
        if source.id not in used:
            yield _warning(
                source, "title", "no claim or page cites this source; cite it or remove the file"
            )


def _future_dates(content: Content, today: datetime.date) -> Iterator[ContentWarning]:
    for document in content.documents:
        for field, value in _dates(document):
            date = value if isinstance(value, PartialDate) else PartialDate.from_date(value)
            if date.sort_key > PartialDate.from_date(today).sort_key:
                yield _warning(
                    document, field, f"`{field}` {date.iso} is in the future; check the date"
                )


def _dates(document: Document) -> Iterator[tuple[str, datetime.date | PartialDate]]:
    if isinstance(document, Claim):
        if document.claim_date:
            yield "claim_date", document.claim_date
        yield "published", document.published
        if document.updated:
            yield "updated", document.updated
        for correction in document.corrections:
            yield "corrections", correction.date
    elif isinstance(document, Source):
        yield "published", document.published
        if document.accessed:
            yield "accessed", document.accessed


def _same_titles(content: Content) -> Iterator[ContentWarning]:
    """A claim whose title another claim has already: readers cannot tell the two apart."""
    first: dict[str, Claim] = {}
    for claim in sorted(content.claims, key=lambda claim: str(claim.path)):
        key = " ".join(claim.title.casefold().split())
        if key in first:
            yield _warning(
                claim, "title",
                f"has the same title as {first[key].path}; readers cannot tell the two checks "
                "apart (word the claims differently, or merge them)",
            )  # fmt: skip
        else:
            first[key] = claim


def _curly_quoted_values(content: Content) -> Iterator[ContentWarning]:
    """A value written between typographic quote marks, which YAML keeps as part of the text and
    the site would publish, where straight double quotes were meant."""
    for document in content.documents:
        for field in ("title", "claimant", "claimant_role", "summary", "publisher", "description"):
            value = getattr(document, field, None)
            if (
                isinstance(value, str)
                and not value.startswith(('"', "'"))  # straight ones are YAML's, not the value's
                and QUOTED.fullmatch(value)  # one quotation, not “a” and “b”
            ):
                yield _warning(
                    document, field,
                    f"`{field}` begins and ends with curly quote marks, which would be published "
                    'with it; put straight double quotes ("...") around a value',
                )  # fmt: skip


def _unused_tag_names(content: Content, settings: str) -> Iterator[ContentWarning]:
    """A name for a tag no claim carries: most likely the tag was renamed in the claims, which
    then show it as they write it."""
    carried = {tag.casefold() for claim in content.claims for tag in claim.tags}
    for entry in content.site.tag_names:
        if entry.tag not in carried:
            yield ContentWarning(
                settings, entry.line,
                f"`tag_names` names the tag `{entry.tag}`, which no claim carries; write the "
                "tag as the claims do, or remove the line",
            )  # fmt: skip


def untranslated_words(
    content: Content, words_of: Callable[[str], Words], settings: Path, ratings: Path
) -> list[ContentWarning]:
    """What a reader of an edition in another language than English would read in English: the
    theme's own words, where the theme has no catalog for the language, and the rating scale,
    where ratings.yml does not give it in the language (``words_of``: the theme's words in a
    language; ``settings``, ``ratings``: the files). A Latin edition reads its Cyrillic one's."""
    site = content.site
    languages = [(site.language, _line_of(settings, "language:"))]
    languages += [(edition.language, edition.line) for edition in site.editions]
    warnings = []
    for language, line in languages:
        warnings += _untranslated(language, line, words_of(language), content, settings, ratings)
    return warnings


def _untranslated(
    language: str, line: int, words: Words, content: Content, settings: Path, ratings: Path
) -> list[ContentWarning]:
    if not is_known(language):
        return [ContentWarning(
            str(settings), line,
            f"`{language}` is not a language code (such as en, sr or sr-Latn), so dates are "
            "written in English and the theme's words stay English",
        )]  # fmt: skip
    if words.locale.language == "en":
        return []
    warnings = []
    if not words.translated:
        warnings.append(ContentWarning(
            str(settings), line,
            f"the theme has no catalog for `{language}`, so its own words stay English; add "
            f"{words.files[0]} to the theme (see README, The theme in the site's language)",
        ))  # fmt: skip
    untranslated = [
        rating.key for rating in content.ratings.ratings if rating_words(language, rating) is None
    ]
    if untranslated:
        warnings.append(ContentWarning(
            str(ratings), 1,
            f"{', '.join(untranslated)}: no label and definition in `{language}`, so readers see "
            f"them in English; add `translations: {{{language}: {{label: ..., definition: ...}}}}`",
        ))  # fmt: skip
    return warnings


def _line_of(path: Path, start: str) -> int:
    """The line of the file ``path`` that starts with ``start`` (1 if none does)."""
    rows = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, row in enumerate(rows, 1) if row.startswith(start)), 1)


def _unverified_quotes(checks: Iterable[QuoteCheck]) -> Iterator[ContentWarning]:
    for check in checks:
        if check.found is None:
            yield ContentWarning(
                str(check.path), check.quote.line,
                f"quote of {check.source_id} cannot be verified: that source has no stored text "
                "(the page marks it unverified; add the text to the source file)",
            )  # fmt: skip


def _warning(document: Document, field: str, message: str) -> ContentWarning:
    return ContentWarning(str(document.path), document.line_of(field), message)


def altered_quotes(checks: QuoteChecks) -> list[str]:
    """A line for each quotation that leaves out or replaces some of its source's words, giving
    the passage with those words marked ``{-so-}``, so an editor can review what was changed."""
    lines = []
    for check in checks:
        found = check.found
        if found is None or not found.alterations:
            continue
        marked = "".join(
            "{-" + text + "-}" if left_out else text for text, left_out in found.pieces
        )
        passage = " ".join(marked.split())
        lines.append(
            f"{check.path}:{check.quote.line}: quote of {check.source_id} "
            f"({describe_paragraphs(*found.paragraphs)}) with {found.alterations}: “{passage}”"
        )
    return sorted(lines)
