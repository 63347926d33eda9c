"""The theme's own words in the site's language: the Serbian catalog, the Latin script made from
it, dates as each language writes them, every word of every template translatable and
translated, and a catalog edit remaking the pages that use it."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import jinja2
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import ROOT, Project, age, in_one_language, parse_html, run_build, snapshot

from factcheck.catalogs import ENGLISH, scale_in, words_for
from factcheck.errors import ContentErrors
from factcheck.load import load_content
from factcheck.model import PartialDate
from factcheck.quotes import Found
from factcheck.revisions import Revision, described

TEMPLATES = ROOT / "templates"
SERBIAN = TEMPLATES / "locale" / "sr.po"
CYRILLIC = re.compile("[\u0400-\u04ff]")
SVR = "svr-serbia-secret-ammunition-supplies"


def test_serbian_words_take_the_plural_serbian_numbers_take() -> None:
    words = words_for("sr", TEMPLATES, {"locale/sr.po": SERBIAN.read_text(encoding="utf-8")})
    plural = words.translations.ngettext
    assert words.translations.gettext("Verdicts") == "Оцене"
    forms = {n: plural("%(num)d source", "%(num)d sources", n) % {"num": n} for n in (1, 2, 5)}
    assert forms == {1: "1 извор", 2: "2 извора", 5: "5 извора"}
    # 21 takes the form of 1, 12 that of 5, 22 that of 2: Serbian's rule, not English's.
    checks = {n: plural("%(num)d fact check", "%(num)d fact checks", n) for n in (1, 21, 12, 22)}
    assert checks[21] == checks[1] == "%(num)d провера чињеница"
    assert checks[12] == "%(num)d провера чињеница"
    assert checks[22] == "%(num)d провере чињеница"


def test_the_latin_words_are_made_from_the_cyrillic_by_serbian_rules() -> None:
    words = words_for("sr-Latn", TEMPLATES, {"locale/sr.po": SERBIAN.read_text(encoding="utf-8")})
    catalog = read_po(SERBIAN.open("rb"))
    latin = [
        words.translations.gettext(message.id)
        for message in catalog
        if isinstance(message.id, str) and message.id
    ]
    assert not [text for text in latin if CYRILLIC.search(text)]
    assert words.translations.gettext("Claimants") == "Autori tvrdnji"
    assert words.translations.gettext("Page %(number)s") == "Stranica %(number)s"  # kept
    # Both files are inputs of the Latin words: writing sr-Latn.po would change them.
    assert words.files == ("locale/sr-Latn.po", "locale/sr.po")


def test_a_language_without_a_catalog_keeps_the_english_words() -> None:
    words = words_for("de", TEMPLATES, {"locale/sr.po": SERBIAN.read_text(encoding="utf-8")})
    assert words.translations.gettext("Verdicts") == "Verdicts"


@pytest.mark.parametrize(
    ("language", "day", "month", "year"),
    [
        ("en", "29 May 2025", "May 2025", "2025"),
        ("sr", "29. мај 2025.", "мај 2025.", "2025."),
        ("sr-Latn", "29. maj 2025.", "maj 2025.", "2025."),
        ("xx", "29 May 2025", "May 2025", "2025"),
    ],
)
def test_dates_are_written_as_the_language_writes_them(
    language: str, day: str, month: str, year: str
) -> None:
    words = words_for(language, TEMPLATES, {})
    assert words.date(datetime.date(2025, 5, 29)) == day
    assert words.date(PartialDate(2025, 5)) == month
    assert words.date(PartialDate(2025)) == year


def theme_messages() -> set[str | tuple[str, ...]]:
    """Every message a catalog must hold, as Babel extracts them for translators: the words of
    the real theme's templates, and those the generator writes (``words.gettext(...)``) or
    marks for a template to show translated (``N_(...)``)."""
    found = [
        *extract_from_dir(
            str(TEMPLATES),
            method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}},
        ),
        *extract_from_dir(
            str(ROOT / "factcheck"),
            method_map=[("**.py", "python")],
            keywords={"N_": None, "gettext": None, "ngettext": (1, 2)},
        ),
    ]
    return {
        message if isinstance(message, str) else tuple(message) for _, _, message, _, _ in found
    }


def test_every_word_of_the_theme_is_translated_in_every_catalog() -> None:
    messages = theme_messages()
    assert len(messages) > 100
    catalogs = sorted((TEMPLATES / "locale").glob("*.po"))
    assert catalogs
    for path in catalogs:
        catalog = read_po(path.open("rb"))
        translated = {
            message.id if isinstance(message.id, str) else tuple(message.id): message.string
            for message in catalog
            if message.id
            and all(message.string if isinstance(message.string, tuple) else [message.string])
        }
        missing = messages - translated.keys()
        assert not missing, f"{path.name} lacks {sorted(map(str, missing))}"
        assert not translated.keys() - messages, f"{path.name} has words nothing uses"


_TAG = re.compile(r"<[^>]*>")
_SHOWN_ATTRIBUTE = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')
_WORD = re.compile(r"[^\W\d_]{2,}")
MACHINE_WORDS = {"article"}
"""Words in templates for machines, not readers: claim.html's Open Graph type."""


def untranslatable_words(source: str) -> list[str]:
    """The words of a template a reader sees that are not inside a translation: its text and
    the attributes read aloud or shown, with every tag, expression and translation left out."""
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True)
    text: list[str] = []
    in_translation = False
    tokens = [token for token in environment.lex(source) if token[1] != "whitespace"]
    for index, (_, kind, value) in enumerate(tokens):
        if kind == "name" and index and tokens[index - 1][1] == "block_begin":
            in_translation = value == "trans" or (in_translation and value != "endtrans")
        if kind == "data" and not in_translation:
            text.append(value)
        elif kind in ("variable_begin", "block_begin"):
            text.append("\0")  # an expression stands here: no word runs across it
    template = "".join(text)
    shown = " ".join(_SHOWN_ATTRIBUTE.findall(template))
    words = _WORD.findall(shown + " " + _TAG.sub(" ", template))
    return [word for word in words if word not in MACHINE_WORDS]


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_shows_words_a_catalog_cannot_translate(name: str) -> None:
    assert untranslatable_words((TEMPLATES / name).read_text(encoding="utf-8")) == []


def test_the_check_of_template_words_finds_a_word_left_out() -> None:
    assert untranslatable_words('<p title="Hello there">{{ _("Fine") }} Left out</p>') == [
        "Hello", "there", "Left", "out",
    ]  # fmt: skip
    assert untranslatable_words("<p>{% trans %}Inside{% endtrans %} {{ x }}</p>") == []


def in_language(project: Project, language: str) -> None:
    """``project`` published in ``language`` alone."""
    in_one_language(project)
    settings = project.content / "site.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("language: en\n", f"language: {language}\n"), encoding="utf-8")


def test_a_serbian_site_shows_the_theme_in_serbian(project: Project) -> None:
    in_language(project, "sr")
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = parse_html(project.out / "claims" / SVR / "index.html")
    assert page.html is not None and page.html["lang"] == "sr"
    navigation = [link.get_text() for link in page.select("header nav a")][:5]
    assert navigation == ["Провере чињеница", "Оцене", "Аутори тврдњи", "Ознаке", "Извори"]
    assert page.select_one("#verdict-heading").get_text() == "Оцена укратко"
    assert page.select_one(".byline").get_text().startswith("Проверио: ")
    assert "21. новембар 2026." in page.select_one(".byline").get_text()
    assert page.select_one(".verdict-label").get_text() == "Недоказано"  # ratings.yml's Serbian
    review = json.loads(page.find("script", type="application/ld+json").string)
    assert (review["inLanguage"], review["reviewRating"]["alternateName"]) == ("sr", "Недоказано")
    assert page.select_one(".correction-notice .correction-kind").get_text() == "Исправка"
    assert "важи за наш рад" in page.select_one("footer.site-footer").get_text()
    home = parse_html(project.out / "index.html")
    assert home.select_one(".claim-card-meta time").get_text().endswith("2026.")
    verdict = parse_html(project.out / "verdicts" / "unproven" / "index.html")
    assert verdict.h1.get_text() == "Оцена: Недоказано"
    assert parse_html(project.out / "tags" / "index.html").h1.get_text() == (
        "Провере чињеница по ознаци"
    )
    corrections = parse_html(project.out / "corrections" / "index.html")
    assert [kind.get_text() for kind in corrections.select(".correction-kinds dt")] == [
        "Исправка", "Допуна", "Појашњење",
    ]  # fmt: skip


def test_a_latin_site_has_no_cyrillic(project: Project) -> None:
    in_language(project, "sr-Latn")
    result = project.build()
    assert result.returncode == 0, result.stderr
    # But the methodology, whose English text gives Serbian spellings (Милош Вучевић) as examples.
    pages = sorted(set(project.out.rglob("*.html")) - {project.out / "methodology/index.html"})
    assert len(pages) > 40
    assert not [page for page in pages if CYRILLIC.search(page.read_text(encoding="utf-8"))]
    claim = parse_html(project.out / "claims" / SVR / "index.html")
    assert claim.select_one("#verdict-heading").get_text() == "Ocena ukratko"
    assert claim.select_one(".verdict-label").get_text() == "Nedokazano"  # made from Cyrillic


def test_an_edited_catalog_remakes_the_pages_that_use_it(project: Project) -> None:
    in_language(project, "sr")
    age(project.content, project.templates)
    cache = ("--cache", project.root / "cache")
    assert project.build(*cache).returncode == 0
    catalog = project.templates / "locale" / "sr.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        text.replace('msgstr "Оцена укратко"', 'msgstr "Наша оцена"'), encoding="utf-8"
    )
    age(project.templates)
    result = project.build(*cache)
    assert result.returncode == 0, result.stderr
    page = parse_html(project.out / "claims" / SVR / "index.html")
    assert page.select_one("#verdict-heading").get_text() == "Наша оцена"
    cold = project.root / "cold"
    assert run_build(
        "--content", project.content, "--templates", project.templates, "--out", cold, "--no-cache"
    ).returncode == 0  # fmt: skip
    assert snapshot(project.out) == snapshot(cold)


def test_a_latin_catalog_written_by_hand_replaces_the_one_made(project: Project) -> None:
    in_language(project, "sr-Latn")
    age(project.content, project.templates)
    cache = ("--cache", project.root / "cache")
    assert project.build(*cache).returncode == 0
    (project.templates / "locale" / "sr-Latn.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: sr_Latn\\n"\n\nmsgid "The verdict in brief"\nmsgstr "Ukratko"\n',
        encoding="utf-8",
    )
    age(project.templates)
    assert project.build(*cache).returncode == 0
    page = parse_html(project.out / "claims" / SVR / "index.html")
    assert page.select_one("#verdict-heading").get_text() == "Ukratko"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'msgstr "Страница %(number)s"',
            'msgstr "Страница %(numbr)s"',
            "the translation of “Page %(number)s”: unknown named placeholder 'numbr'",
        ),
        ('msgid "Tags:"', 'msgid "Tags:"\ngarbage', "this line is not part of an entry"),
    ],
)
def test_a_broken_catalog_is_named_at_its_line(
    project: Project, old: str, new: str, message: str
) -> None:
    in_language(project, "sr")
    catalog = project.templates / "locale" / "sr.po"
    text = catalog.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    catalog.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index(new.splitlines()[-1]) + 1
    result = project.build()
    assert result.returncode == 1
    assert f"{catalog}:{line - (1 if 'msgstr' in old else 0)}: {message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not project.out.exists()


def test_words_for_a_broken_catalog_raise_content_errors(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as raised:
        words_for("sr", tmp_path, {"locale/sr.po": 'msgid "a"\nmsgstr "b"\nnonsense\n'})
    assert [(error.path, error.line) for error in raised.value.errors] == [
        (str(tmp_path / "locale" / "sr.po"), 3)
    ]


@pytest.mark.parametrize(
    ("translations", "message"),
    [
        ("  translations:\n    sr:\n      label: Тачно\n", "`definition` is missing"),
        ("  translations:\n    Serbian:\n      label: Тачно\n      definition: Д.\n", "`Serbian` is not a language code"),
        ("  translations: Тачно\n", "must give, for each language code, the `label` and `definition`"),
    ],
)  # fmt: skip
def test_a_rating_translation_written_wrong_is_named_at_its_line(
    project: Project, translations: str, message: str
) -> None:
    ratings = project.content / "ratings.yml"
    text = ratings.read_text(encoding="utf-8")
    first = text.index("  translations:\n")
    end = text.index("- key: mostly-true")
    ratings.write_text(text[:first] + translations + text[end:], encoding="utf-8")
    result = project.build()
    assert result.returncode == 1
    assert f"{ratings}:" in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_the_words_the_generator_writes_are_in_the_language_too() -> None:
    """What a revision changed and what a quotation altered are written by the generator, not a
    template: the same catalog words them."""
    words = words_for("sr", TEMPLATES, {"locale/sr.po": SERBIAN.read_text(encoding="utf-8")})
    revision = Revision(
        datetime.date(2026, 11, 22), "abc", False, ("unproven", "mostly-true"),
        summary=True, words_added=5, words_removed=2, corrections_added=2,
    )  # fmt: skip
    ratings = load_content(ROOT / "content").ratings
    assert described(revision, {}, words, scale_in("sr", ratings)) == (
        "оцена промењена из „Недоказано” у „Углавном тачно”; сажетак поново написан; "
        "анализа: 5 речи додато, 2 уклоњено; додата 2 уноса у исправке"
    )
    assert described(revision, {}, ENGLISH, ratings) == (
        "verdict changed from Unproven to Mostly true; summary rewritten; "
        "analysis: 5 words added, 2 removed; 2 corrections entries added"
    )
    found = Found(0, "words", (1, 1), (), omissions=1, insertions=2)
    assert found.alterations_in(words) == "1 изостављање, 2 уметка"
    assert found.alterations == "1 omission, 2 insertions"


def test_text_in_another_language_than_the_page_is_marked_with_its_own() -> None:
    words = words_for("sr", TEMPLATES, {})
    assert words.lang("en") == ' lang="en"'
    assert words.lang("sr-Latn") == ' lang="sr-Latn"'
    assert words.lang("SR") == words.lang("sr") == ""  # the page's own
    assert words.lang("English") == words.lang(None) == ""  # not a code: no invalid attribute


def test_a_serbian_page_marks_the_english_of_its_sources(project: Project) -> None:
    in_language(project, "sr")
    assert project.build().returncode == 0
    source = parse_html(project.out / "sources" / "moscow-times-2025-05-29" / "index.html")
    assert source.h1["lang"] == "en"
    assert {p.get("lang") for p in source.select(".source-text li p")} == {"en"}
    assert {quote.get("lang") for quote in source.select(".passages blockquote")} == {"en"}
    assert source.select_one(".paragraph-number").get("lang") is None  # the page's own words
    claim = parse_html(project.out / "claims" / SVR / "index.html")
    renderings = claim.select(".rendering blockquote")
    assert renderings and {quote.get("lang") for quote in renderings} == {"en"}
    references = claim.select(".references li")
    cited = {item.a["href"].split("/")[-2]: item.a.get("lang") for item in references}
    # Marked where the source file records its language; left alone where it does not.
    assert cited["moscow-times-2025-05-29"] == cited["unattributed-report-2025-05-29"] == "en"
    assert cited["svr-statement-2025-05"] is None
    assert not [item for item in references if ".." in item.get_text()]  # мај 2025., not 2025..


def test_an_english_page_marks_nothing_of_its_english_sources(built_site: Path) -> None:
    for page in ["sources/moscow-times-2025-05-29/", f"claims/{SVR}/", "sources/"]:
        marked = parse_html(built_site / page / "index.html").select("main [lang]")
        assert marked == []  # but the language switcher's names of the other editions


def test_a_compiled_catalog_beside_its_source_is_left_alone(project: Project) -> None:
    """Poedit, a translator's usual tool, saves a compiled .mo beside each .po: the build reads
    the .po and compiles it itself."""
    in_language(project, "sr")
    (project.templates / "locale" / "sr.mo").write_bytes(b"\xde\x12\x04\x95 not text \xff")
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = parse_html(project.out / "claims" / SVR / "index.html")
    assert page.select_one("#verdict-heading").get_text() == "Оцена укратко"


@pytest.mark.parametrize("language", ["de", "sr", "sr-Latn", "en-US"])
def test_check_warns_where_readers_of_the_language_would_read_english(
    project: Project, language: str
) -> None:
    """The theme has Serbian and ratings.yml gives it, so a Serbian site is warned of nothing;
    a German one hears that the theme's words and the rating scale stay English."""
    in_language(project, language)
    result = run_build("check", cwd=project.root)
    assert result.returncode == 0, result.stderr
    settings, ratings = project.content / "site.yml", project.content / "ratings.yml"
    line = settings.read_text(encoding="utf-8").splitlines().index(f"language: {language}") + 1
    theme = (
        f"{settings.relative_to(project.root)}:{line}: warning: the theme has no catalog for `de`"
    )
    scale = f"{ratings.relative_to(project.root)}:1: warning: true, mostly-true, half-true, mostly-false, false, unproven: no label and definition in `de`"
    if language == "de":
        assert theme in result.stdout and scale in result.stdout
    else:
        assert "no catalog" not in result.stdout and "no label" not in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('msgstr "Претрага"', 'msgstr "Претрага 100% x"', "cannot be filled in"),
        ("plural=(n%10==1", "plural=(@n%10==1", "the Plural-Forms line cannot be read"),
    ],
)
def test_a_translation_that_would_fail_on_a_page_is_named_at_its_line(
    project: Project, old: str, new: str, message: str
) -> None:
    """Babel's own check passes over a lone % in a translation with no placeholders, and a
    Plural-Forms line it cannot read; either would fail every page, or end in a traceback."""
    in_language(project, "sr")
    catalog = project.templates / "locale" / "sr.po"
    text = catalog.read_text(encoding="utf-8")
    assert text.count(old) == 1
    catalog.write_text(text.replace(old, new), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if old in row)
    if old.startswith("msgstr"):
        line -= 1  # an entry is named at its msgid
    result = project.build()
    assert result.returncode == 1
    assert f"{catalog}:{line}: " in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("language", ["sr-RS", "sr-Cyrl", "sr-Latn-RS"])
def test_a_code_naming_a_region_or_script_finds_the_language_catalog(language: str) -> None:
    words = words_for(language, TEMPLATES, {"locale/sr.po": SERBIAN.read_text(encoding="utf-8")})
    expected = "Autori tvrdnji" if "Latn" in language else "Аутори тврдњи"
    assert words.translations.gettext("Claimants") == expected


def test_check_warns_of_a_language_code_it_does_not_know(project: Project) -> None:
    in_language(project, "sr_Latn")
    result = run_build("check", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert "`sr_Latn` is not a language code (such as en, sr or sr-Latn)" in result.stdout
