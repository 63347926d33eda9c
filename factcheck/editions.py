"""The site's editions: one in its own language at its root, one for each language of
``editions:`` in site.yml at its own address (``sr/``), and a Latin one made from Serbian written
in Cyrillic (``sr-latn/``). Each is a site of its own, planned as the whole site once was: its
claims and pages, the sources they cite, its words, its rating scale, lists, feed and search.

A claim or page is in the edition of its ``language:`` (the site's, where it gives none); one
that says ``translation_of: <slug>`` is the same check or page as the one it names, and each of
the two links the other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from factcheck.catalogs import cyrillic_of, latin_of, locale_of, scale_in
from factcheck.errors import ContentError, ContentWarning
from factcheck.fields import unknown_message
from factcheck.latin import KeptLatin, Moved, latin_edition
from factcheck.model import Claim, Content, Page, RatingScale
from factcheck.quotes import QuoteChecks
from factcheck.settings import SiteSettings


@dataclass(frozen=True)
class Edition:
    """One language's site, within the whole."""

    language: str
    """The code its words and dates are chosen by: ``en``, ``sr``, ``sr-Latn``."""
    hreflang: str
    """The code that tells search engines and browsers its language and script apart from the
    others': ``sr-Cyrl`` beside ``sr-Latn``."""
    prefix: str
    """Its folder in the site: ``''`` for the site's own language, ``sr/``."""
    name: str
    """Its language as its readers name it: ``English``, ``Српски``, ``Srpski``."""
    content: Content
    written_in: str
    """The language of what is not translated: the site's own (sources' notes and accounts)."""
    moved: dict[Path, Moved] = dataclasses.field(default_factory=dict)
    """In a Latin edition, where each quotation's mark moved to in each body."""


Translated = Claim | Page


def editions_of(
    content: Content, checks: QuoteChecks, kept: KeptLatin | None = None
) -> list[Edition]:
    """Every edition of the site, its own language's first; ``checks`` are the quotations',
    whose marks a Latin body moves, and ``kept`` holds the Latin bodies of earlier builds."""
    site = content.site
    # Each edition's settings are its own: what it shows of the others is its pages' versions
    # (planner.Alternates), so that editing one edition's settings remakes that edition alone.
    editions = [_edition(content, dataclasses.replace(site, editions=()))]
    for settings in site.editions:
        language = settings.language
        in_language = dataclasses.replace(
            site,
            title=settings.title,
            description=settings.description,
            language=language,
            tag_names=settings.tag_names,
            base_url=site.base_url + prefix_of(language),
            editions=(),
        )
        edition = _edition(content, in_language)
        latin = latin_of(language)
        if not (settings.latin and latin):
            editions.append(edition)
            continue
        made, moved = latin_edition(
            edition.content,
            settings,
            # A rendering's quotation stands in the front matter (end -1), not in the body.
            lambda path: [c.quote.end for c in checks.of(path) if c.quote.end >= 0],
            kept,
        )
        made_site = dataclasses.replace(made.site, base_url=site.base_url + prefix_of(latin))
        made = _in_scale(dataclasses.replace(made, site=made_site), content.ratings)
        editions += [
            dataclasses.replace(edition, hreflang=cyrillic_of(language)),
            Edition(latin, latin, prefix_of(latin), _name(latin), made, site.language, moved),
        ]
    return editions


def prefix_of(language: str) -> str:
    """The folder of the edition in ``language``: ``sr/``, ``sr-latn/``."""
    return f"{language.lower()}/"


def _edition(content: Content, site: SiteSettings) -> Edition:
    """The edition in the language of ``site`` (its settings in that language): its claims and
    pages, with the rating scale in its words."""
    main, language = content.site.language, site.language
    claims = tuple(claim for claim in content.claims if (claim.language or main) == language)
    pages = tuple(page for page in content.pages if (page.language or main) == language)
    prefix = "" if language == main else prefix_of(language)
    edited = Content(site, content.ratings, claims, content.sources, pages)
    if language != main:
        edited = _in_scale(edited, content.ratings)
    return Edition(language, language, prefix, _name(language), edited, main)


def _in_scale(content: Content, ratings: RatingScale) -> Content:
    """``content`` with the rating scale, and each claim's verdict, in its site's language."""
    scale = scale_in(content.site.language, ratings)
    by_key = {rating.key: rating for rating in scale.ratings}
    claims = tuple(
        dataclasses.replace(claim, verdict=by_key[claim.verdict.key]) for claim in content.claims
    )
    return dataclasses.replace(content, ratings=scale, claims=claims)


def _name(language: str) -> str:
    locale = locale_of(language)
    name = locale.get_language_name(locale) or language
    return name[:1].upper() + name[1:]


def translation_errors(
    site: SiteSettings, claims: Iterable[Claim], pages: Iterable[Page], settings: Path
) -> list[ContentError]:
    """What is wrong with the languages and translations of ``claims`` and ``pages``: a
    language the site is not published in, a translation of nothing, of a translation, into its
    original's language or into one a translation already covers, a verdict other than its
    original's; and a page named as an edition's folder is."""
    languages = [site.language, *(edition.language for edition in site.editions)]
    made = {latin_of(e.language): e.language for e in site.editions if e.latin}
    errors = _edition_errors(site, settings)
    for kind, documents in (("claim", list(claims)), ("page", list(pages))):
        by_slug: dict[str, Translated] = {document.slug: document for document in documents}
        taken: dict[tuple[str, str], Translated] = {}
        for document in documents:
            language = document.language or site.language
            problem: str | None
            if language not in languages:
                field, problem = "language", _not_published(language, languages, made)
            elif document.translation_of is None:
                continue
            else:
                field = "translation_of"
                problem = _translation_problem(
                    document, kind, language, site.language, by_slug, taken
                )
            if problem is not None:
                errors.append(ContentError(str(document.path), document.line_of(field), problem))
    folders = {prefix_of(code).rstrip("/") for code in edition_languages(site)}
    errors += [
        ContentError(
            str(page.path), 1,
            f"`{page.slug}` is the folder of the site's edition in another language; rename "
            "the page",
        )
        for page in pages
        if page.slug in folders
    ]  # fmt: skip
    return errors


def _not_published(language: str, languages: list[str], made: dict[str | None, str]) -> str:
    if language in made:
        return (
            f"the `{language}` edition is made from the `{made[language]}` one as the site is "
            f"built; write the text in Cyrillic, with `language: {made[language]}`"
        )
    return (
        f"`{language}` is not a language the site is published in; write "
        f"{' or '.join(languages)}, or add `{language}` under `editions:` in site.yml"
    )


def _edition_errors(site: SiteSettings, settings: Path) -> list[ContentError]:
    """Editions that would share a folder of the site: one in the site's own language, two of
    one language, or one where a Latin edition is made."""
    folders = {"": f"the site's own language, `{site.language}`,"}
    """What is published in each folder."""
    errors = []
    for edition in site.editions:
        latin = latin_of(edition.language) if edition.latin else None
        for code in filter(None, [edition.language, latin]):
            folder = "" if code.casefold() == site.language.casefold() else prefix_of(code)
            if folder not in folders:
                made = f"the Latin edition made from `{edition.language}`"
                folders[folder] = made if code == latin else f"`{code}`"
                continue
            errors.append(ContentError(
                str(settings), edition.line,
                f"`{code}` would be published where {folders[folder]} is; name each language "
                "once, other than the site's own (a Latin edition made with `latin: true` needs "
                "no entry of its own)",
            ))  # fmt: skip
    return errors


def edition_languages(site: SiteSettings) -> list[str]:
    """The code of every edition but the site's own language's, a Latin one's too."""
    codes = []
    for edition in site.editions:
        codes.append(edition.language)
        latin = latin_of(edition.language)
        if edition.latin and latin:
            codes.append(latin)
    return codes


def _translation_problem(
    document: Translated,
    kind: str,
    language: str,
    main: str,
    by_slug: dict[str, Translated],
    taken: dict[tuple[str, str], Translated],
) -> str | None:
    slug = document.translation_of or ""
    original = by_slug.get(slug)
    if original is None and (document.path.parent / f"{slug}.md").is_file():
        return None  # there, but with mistakes of its own, which are reported
    if original is None or original is document:
        return unknown_message(kind, slug, by_slug.keys() - {document.slug})
    if original.translation_of is not None:
        return (
            f"`{slug}` is itself a translation, of `{original.translation_of}`; name the "
            "original, which every translation translates"
        )
    if (original.language or main) == language:
        return f"`{slug}` is in `{language}` too; a translation is in another language"
    other = taken.setdefault((slug, language), document)
    if other is not document:
        return f"{other.path} already translates `{slug}` into `{language}`; keep one of the two"
    claims = isinstance(document, Claim) and isinstance(original, Claim)
    if claims and document.verdict.key != original.verdict.key:  # type: ignore[union-attr]
        return (
            f"the verdict `{document.verdict.key}` is not the original's, "  # type: ignore[union-attr]
            f"`{original.verdict.key}` ({original.path}); a translation gives the verdict "  # type: ignore[union-attr]
            "of the check it translates"
        )
    return None


VERSION_LENGTH = 12
"""Hex digits of a file's digest that name its version to an editor."""


def version_of(document: Translated) -> str:
    """The version of ``document`` a translation of it names (``translated_from:``): of its bytes,
    so that any change to it shows."""
    return document.digest[:VERSION_LENGTH]


def stale_translations(claims: Iterable[Claim], pages: Iterable[Page]) -> list[ContentWarning]:
    """A warning for each translation whose original has changed since the version it names, or
    that names none: a reader of it may be reading what the original no longer says."""
    warnings = []
    for documents in (list(claims), list(pages)):
        by_slug: dict[str, Translated] = {document.slug: document for document in documents}
        for document in documents:
            original = by_slug.get(document.translation_of or "")
            if original is None:
                continue
            now = version_of(original)
            if document.translated_from is None:
                message = (
                    f"translates {original.path} but names no version of it; once the two say "
                    f"the same, add `translated_from: {now}` to the front matter"
                )
            elif not now.startswith(document.translated_from[:VERSION_LENGTH]):
                message = (
                    f"{original.path} has changed since the version this translates "
                    f"(`translated_from: {document.translated_from}`); bring the translation "
                    f"up to date with it, then write `translated_from: {now}`"
                )
            else:
                continue
            line = document.line_of(
                "translated_from" if document.translated_from else "translation_of"
            )
            warnings.append(ContentWarning(str(document.path), line, message))
    return warnings
