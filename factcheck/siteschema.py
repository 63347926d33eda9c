"""The schema of the settings files, site.yml and ratings.yml: which fields each has, which are
required, and the parsers of the fields made of other fields (tag names, editions, the rating
scale's words in other languages), built on :mod:`factcheck.fields`.
"""

from __future__ import annotations

import re

from factcheck.catalogs import LANGUAGE_CODE, latin_of
from factcheck.fields import (
    TITLE_LIMIT,
    Field,
    FieldProblem,
    base_address,
    contact_address,
    entries,
    flag,
    mapping_fields,
    text,
    web_address,
    whole_number,
)
from factcheck.settings import EditionSettings, TagName
from factcheck.yamltext import Located


def _tag_names(located: Located) -> tuple[TagName, ...]:
    """``tag: Name shown`` lines: each tag case-folded (tags alike but for case are one), and no
    name given to two tags, whose pages readers could not tell apart."""
    if not isinstance(located.value, dict):
        raise FieldProblem("must be `tag: Name shown` lines, such as `vucic: Vučić`", located.line)
    names: dict[str, TagName] = {}
    shown: dict[str, str] = {}
    for tag, value in located.value.items():
        try:
            name = text(TITLE_LIMIT)(value)
        except FieldProblem as problem:
            raise FieldProblem(f"entry `{tag}` {problem}", value.line) from None
        key = str(tag).casefold()
        if key in names:
            raise FieldProblem(
                f"names the tag `{tag}` twice (tags alike but for case are one)", value.line
            )
        if name.casefold() in shown:
            raise FieldProblem(
                f"gives the tags `{shown[name.casefold()]}` and `{tag}` the same name, “{name}”; "
                "readers could not tell their pages apart",
                value.line,
            )
        names[key] = TagName(key, name, value.line)
        shown[name.casefold()] = str(tag)
    return tuple(names[key] for key in sorted(names))


def _latin_names(located: Located) -> tuple[tuple[str, str], ...]:
    """``Cyrillic: Latin`` lines, the longest name first, so that it is kept whole."""
    if not isinstance(located.value, dict):
        raise FieldProblem(
            "must be `Cyrillic: Latin` lines, such as `Фајненшел тајмс: Financial Times`",
            located.line,
        )
    names = []
    for name, value in located.value.items():
        if not re.search("[\u0400-\u04ff]", str(name)):
            raise FieldProblem(
                f"`{name}` is not a name in Cyrillic; write it as the Cyrillic text spells it",
                value.line,
            )
        names.append((str(name), text()(value)))
    return tuple(sorted(names, key=lambda pair: (-len(pair[0]), pair[0])))


_EDITION_FIELDS = {
    "title": Field(text(), True),
    "description": Field(text(), True),
    "tag_names": Field(_tag_names),
    "latin": Field(flag),
    "latin_names": Field(_latin_names),
}


def _editions(located: Located) -> tuple[EditionSettings, ...]:
    """Each language the site is also published in, by its code, with its title and
    description in that language."""
    if not isinstance(located.value, dict):
        raise FieldProblem(
            "must give, for each language code, the site's `title` and `description` in that "
            "language, such as `sr: {title: ..., description: ...}`",
            located.line,
        )
    editions = []
    for language, settings in located.value.items():
        if not LANGUAGE_CODE.fullmatch(language):
            raise FieldProblem(
                f"`{language}` is not a language code; write one such as `sr`", settings.line
            )
        fields = mapping_fields(settings, _EDITION_FIELDS)
        if fields["latin"] and latin_of(language) is None:
            raise FieldProblem(
                f"`latin: true`: a Latin edition is made by Serbian rules, from Serbian (`sr`) "
                f"alone, not from `{language}`",
                settings.line,
            )
        if fields["latin_names"] and not fields["latin"]:
            raise FieldProblem(
                "gives `latin_names` but no Latin edition; add `latin: true`", settings.line
            )
        editions.append(
            EditionSettings(
                **fields
                | {
                    "language": language,
                    "tag_names": fields["tag_names"] or (),
                    "latin": bool(fields["latin"]),
                    "latin_names": fields["latin_names"] or (),
                    "line": settings.line,
                }
            )
        )
    return tuple(editions)


SITE_FIELDS = {
    "title": Field(text(), True),
    "description": Field(text(), True),
    "language": Field(text(), True, "en"),
    "base_url": Field(base_address, True, "https://example.org/"),
    "organisation": Field(lambda located: located, True, "{name: ...}"),
    "licence": Field(lambda located: located, True, "{name: CC BY 4.0, url: ...}"),
    "tag_names": Field(_tag_names),
    "editions": Field(_editions),
}


ORGANISATION_FIELDS = {
    "name": Field(text(), True),
    "url": Field(web_address),
    "legal_name": Field(text()),
    "legal_form": Field(text()),
    "contact": Field(contact_address),
    "claims_contact": Field(contact_address),
    "corrections_contact": Field(contact_address),
    "nonpartisanship": Field(text()),
    "funding": Field(
        entries(
            {"year": Field(whole_number, True), "sources": Field(text(), True)},
            "must be a list of entries, such as `- {year: 2026, sources: ...}`",
        )
    ),
    "team": Field(
        entries(
            {"name": Field(text(), True), "role": Field(text(), True)},
            "must be a list of entries, such as `- {name: ..., role: Editor}`",
        )
    ),
}
LICENCE_FIELDS = {"name": Field(text(), True), "url": Field(web_address)}
_RATING_WORDS = {"label": Field(text(), True, "Углавном тачно"), "definition": Field(text(), True)}


def _rating_translations(located: Located) -> tuple[tuple[str, str, str], ...]:
    """A rating's label and definition in other languages, by language code."""
    if not isinstance(located.value, dict):
        raise FieldProblem(
            "must give, for each language code, the `label` and `definition` in that language, "
            "such as `sr: {label: ..., definition: ...}`"
        )
    found = []
    for language, words in located.value.items():
        if not LANGUAGE_CODE.fullmatch(language):
            raise FieldProblem(
                f"`{language}` is not a language code; write one such as `sr` or `sr-Latn`",
                words.line,
            )
        fields = mapping_fields(words, _RATING_WORDS)
        found.append((language, fields["label"], fields["definition"]))
    return tuple(found)


RATING_FIELDS = {
    "key": Field(text(), True, "mostly-true"),
    "label": Field(text(), True, "Mostly true"),
    "definition": Field(text(), True),
    "value": Field(whole_number),
    "translations": Field(_rating_translations),
}
