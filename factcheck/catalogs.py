"""The theme's own words in the site's language: gettext catalogs in the theme's ``locale/``
folder, one ``.po`` file a language (``locale/sr.po``), read with Babel, and dates written as
that language writes them (Babel's data from the Unicode CLDR).

The templates are written in English, so English needs no catalog. Serbian in the Latin script
(``sr-Latn``) needs none either where the theme has the Cyrillic one (``sr.po``): it is made
from it by Serbian rules (cyrtranslit), the way Serbian is written in both scripts. A language
with no catalog keeps the templates' English words.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import gettext
import io
import re
from dataclasses import dataclass
from pathlib import Path

import babel
import babel.dates
import babel.messages.catalog
import babel.messages.mofile
import babel.messages.pofile
import cyrtranslit
from markupsafe import Markup

from factcheck.errors import ContentError, ContentErrors
from factcheck.model import PartialDate, Rating, RatingScale

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
"""A language code as BCP 47 writes it: ``en``, ``sr``, ``sr-Latn``."""
LOCALE = "locale"
"""The theme's folder of catalogs."""


@dataclass(frozen=True)
class Words:
    """The theme's words in one language, and how that language writes dates."""

    language: str
    """The site's language code, as site.yml gives it: ``en``, ``sr``, ``sr-Latn``."""
    translations: gettext.NullTranslations
    locale: babel.Locale
    files: tuple[str, ...]
    """The catalog files, by their path in the theme, that these words are made from or would
    be if they were there: adding one changes the words."""

    @property
    def translated(self) -> bool:
        """Whether the words come from a catalog, rather than being the templates' English."""
        return type(self.translations) is not gettext.NullTranslations

    @property
    def locale_tag(self) -> str:
        """The locale as BCP 47 names it (``en-GB``, ``sr-Latn``): for the browser's own dates."""
        locale = self.locale
        return "-".join(filter(None, [locale.language, locale.script, locale.territory]))

    def lang(self, language: str | None) -> Markup:
        """`` lang="en"`` for an element holding text in ``language`` on a page in this one, so
        that a screen reader reads it in its own language; nothing where the language is the
        same, or is not written as a language code (a source may say ``English``)."""
        if not language or not LANGUAGE_CODE.fullmatch(language):
            return Markup("")
        if language.casefold() == self.language.casefold():
            return Markup("")
        return Markup(' lang="{}"').format(language)

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in the language, with ``values`` put in its ``%(name)s`` places: for the
        words the generator writes rather than a template (a template writes ``_(message)``)."""
        return self.translations.gettext(message) % values

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form of ``singular`` or ``plural`` the language gives ``count``; ``%(num)d`` is
        the count."""
        return self.translations.ngettext(singular, plural, count) % {"num": count, **values}

    @property
    def input_name(self) -> str:
        """The input a page reads by using the words (see :mod:`factcheck.record`)."""
        return f"words:{self.language}"

    def date(self, value: datetime.date | PartialDate) -> str:
        """``29 May 2025``, ``May 2025`` or ``2025`` in English; ``29. мај 2025.`` in Serbian."""
        day = value if isinstance(value, PartialDate) else PartialDate.from_date(value)
        if day.month is None:
            return babel.dates.format_skeleton(
                "y", datetime.date(day.year, 1, 1), locale=self.locale
            )
        if day.day is None:
            month = datetime.date(day.year, day.month, 1)
            return babel.dates.format_skeleton("yMMMM", month, locale=self.locale)
        date = datetime.date(day.year, day.month, day.day)
        return babel.dates.format_date(date, "long", locale=self.locale)


def words_for(language: str, folder: Path, catalogs: dict[str, str]) -> Words:
    """The words of ``language`` from the theme's ``catalogs`` (text by path in the theme, the
    theme being ``folder``); ContentErrors naming the line of a catalog that cannot be read."""
    locale = locale_of(language)
    own = f"{LOCALE}/{language}.po"
    source = made_from(language)
    # Its own catalog; else, for sr-Latn, the Cyrillic one made Latin; else the language's
    # catalog for a code naming a region or the usual script too (sr-RS, sr-Cyrl: sr.po).
    fallback = f"{LOCALE}/{source or locale.language}.po"
    files = (own,) if fallback == own else (own, fallback)
    for name in files:
        if name in catalogs:
            latin = source is not None and name == fallback
            made = _translations(folder, name, catalogs[name], locale, latin=latin)
            return Words(language, made, locale, files)
    return Words(language, gettext.NullTranslations(), locale, files)


def made_from(language: str) -> str | None:
    """The language whose words are turned into ``language``'s where none are written for it:
    Serbian's Cyrillic (``sr``) for Serbian in the Latin script (``sr-Latn``)."""
    locale = locale_of(language)
    return "sr" if locale.language == "sr" and locale.script == "Latn" else None


def latin_of(language: str) -> str | None:
    """The code of the edition in the Latin script made from ``language`` by Serbian rules:
    ``sr-Latn`` from ``sr``, ``sr-Latn-RS`` from ``sr-RS``; None for any other language."""
    return in_script(language, "Latn") if _cyrillic_serbian(language) else None


def cyrillic_of(language: str) -> str:
    """The code that says ``language`` is written in Cyrillic, where a Latin edition is made
    from it: ``sr-Cyrl``, ``sr-Cyrl-RS``."""
    return in_script(language, "Cyrl") if _cyrillic_serbian(language) else language


def _cyrillic_serbian(language: str) -> bool:
    locale = locale_of(language)
    return is_known(language) and locale.language == "sr" and locale.script in (None, "Cyrl")


def in_script(language: str, script: str) -> str:
    """The code of ``language`` in ``script``, the script after the language as BCP 47 has it."""
    locale = locale_of(language)
    return "-".join(filter(None, [locale.language, script, locale.territory]))


def to_latin(text: str) -> str:
    """Serbian Cyrillic in the Latin script, by Serbian rules; other letters as they are."""
    return str(cyrtranslit.to_latin(text, "sr"))


def scale_in(language: str, scale: RatingScale) -> RatingScale:
    """The rating scale with each rating's label and definition in ``language``, where
    ratings.yml gives them (for ``sr-Latn``, given in Cyrillic is enough)."""
    return RatingScale(tuple(_rating_in(language, rating) for rating in scale.ratings))


def _rating_in(language: str, rating: Rating) -> Rating:
    words = rating_words(language, rating)
    if words is None:
        return rating
    return dataclasses.replace(rating, label=words[0], definition=words[1])


ENGLISH = Words("en", gettext.NullTranslations(), babel.Locale("en", "GB"), ())
"""The templates' own words: English, as editors are told of their mistakes."""


@functools.cache
def locale_of(language: str) -> babel.Locale:
    """The Babel locale of a language code. Plain ``en`` is British English, the house style the
    theme is written in (29 May 2025); a code Babel does not know (:func:`is_known`) writes
    dates that way too."""
    if not is_known(language):
        return babel.Locale("en", "GB")
    locale = babel.Locale.parse(language, sep="-")
    if locale.language == "en" and locale.territory is None:
        return babel.Locale("en", "GB")
    return locale


def is_known(language: str) -> bool:
    """Whether Babel knows ``language`` as a code: ``sr-Latn`` is one, ``sr_Latn`` is not."""
    if not LANGUAGE_CODE.fullmatch(language):
        return False
    try:
        babel.Locale.parse(language, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        return False
    return True


def rating_words(language: str, rating: Rating) -> tuple[str, str] | None:
    """The rating's label and definition in ``language`` as ratings.yml gives them (for
    ``sr-Latn``, given in Cyrillic is enough); None where it does not."""
    words = {code: (label, definition) for code, label, definition in rating.translations}
    source = made_from(language)
    if language in words:
        return words[language]
    if source in words:
        label, definition = map(to_latin, words[source])
        return label, definition
    return None


def _translations(
    folder: Path, name: str, text: str, locale: babel.Locale, *, latin: bool = False
) -> gettext.GNUTranslations:
    path = str(folder / name)
    try:
        catalog = babel.messages.pofile.read_po(
            io.StringIO(text), locale=locale, abort_invalid=True
        )
    except babel.messages.pofile.PoFileError as error:
        line = error.lineno + 1  # Babel counts from 0
        raise ContentErrors(
            [
                ContentError(
                    path,
                    line,
                    'this line is not part of an entry: write it as the others, msgid "...", msgstr "...", a quoted line or a # comment',
                )
            ]
        ) from None
    problems = [
        ContentError(path, message.lineno or 1, f"the translation of “{message.id}”: {problem}")
        for message, found in catalog.check()
        for problem in found
    ] + [
        ContentError(
            path, message.lineno or 1,
            f"the translation of “{message.id}” cannot be filled in ({problem}); write a per "
            "cent sign as %%",
        )
        for message in catalog
        if message.id and (problem := _unfilled(message))
    ]  # fmt: skip
    if problems:  # a placeholder lost or misspelt would fail every page using the words
        raise ContentErrors(problems)
    if latin:
        for message in catalog:
            if message.id and message.string:
                message.string = (
                    tuple(to_latin(text) for text in message.string)
                    if isinstance(message.string, (tuple, list))
                    else to_latin(message.string)
                )
    compiled = io.BytesIO()
    babel.messages.mofile.write_mo(compiled, catalog)
    compiled.seek(0)
    try:
        return gettext.GNUTranslations(compiled)
    except ValueError as error:  # the Plural-Forms line
        line = next((n for n, row in enumerate(text.splitlines(), 1) if "Plural-Forms" in row), 1)
        raise ContentErrors(
            [
                ContentError(
                    path,
                    line,
                    f"the Plural-Forms line cannot be read ({error}); copy it from another catalog of the language",
                )
            ]
        ) from None


_PLACEHOLDER = re.compile(r"%\((\w+)\)")


def _unfilled(message: babel.messages.catalog.Message) -> str | None:
    """Why a translation cannot be filled in as every one is, each ``%(name)s`` by its value
    and ``%%`` as a per cent sign (a lone ``%`` fails on every page using it); None if it can."""
    ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
    names = {name for text in ids for name in _PLACEHOLDER.findall(text)} | {"num"}
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    for text in filter(None, strings):
        try:
            text % dict.fromkeys(names, 0)
        except (ValueError, TypeError, KeyError) as error:
            return str(error)
    return None
