"""The site in several languages, as the real content publishes it: English, Serbian in
Cyrillic (sr/) and the Latin edition made from it (sr-latn/), translations linked both ways, and
the mistakes an editor can make with them named at their line."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest
from conftest import (
    PARADE,
    PARADE_SR,
    Project,
    age,
    in_one_language,
    parse_html,
    run_build,
    snapshot,
    with_editions,
)
from test_catalogs import theme_messages
from test_incremental import cached_build, cold_build
from test_recording import made_after

from factcheck.catalogs import cyrillic_of, latin_of
from factcheck.editions import translation_errors
from factcheck.latin import LatinText
from factcheck.load import load_content
from factcheck.pipeline import render
from factcheck.state import BuildState
from factcheck.write import MemorySite

CYRILLIC = re.compile("[\u0400-\u04ff]")
SVR = "svr-serbia-secret-ammunition-supplies"
SVR_SR = "svr-srbija-tajno-isporucuje-municiju"


# --- the Latin script


def test_latin_keeps_quotations_and_names_and_moves_the_marks_with_the_words() -> None:
    latin = LatinText((("Фајненшел тајмс", "Financial Times"),))
    body = (
        "Према Фајненшел тајмсу, „Ми имамо пријатеље“ [@ft, para. 3] рекао је Вучић.\n\n"
        "> Љубав је „цитат“ [@x]\n\nЊегош и џак."
    )
    marks = [body.index("]") + 1, len(body)]
    text, moved = latin.body(body, marks)
    assert text == (
        "Prema Financial Timesu, „Ми имамо пријатеље“ [@ft, para. 3] rekao je Vučić.\n\n"
        "> Љубав је „цитат“ [@x]\n\nNjegoš i džak."
    )
    # Each mark still follows the words it followed.
    assert text[: moved[marks[0]]].endswith("„Ми имамо пријатеље“ [@ft, para. 3]")
    assert moved[marks[1]] == len(text)


# --- what the editor is told


def _load_errors(project: Project) -> list[str]:
    result = project.build()
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def test_a_language_the_site_is_not_published_in_is_named_at_its_line(project: Project) -> None:
    claim = project.content / "claims" / f"{PARADE_SR}.md"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("language: sr", "language: de"), encoding="utf-8")
    lines = _load_errors(project)
    line = claim.read_text(encoding="utf-8").splitlines().index("language: de") + 1
    assert (
        f"{claim}:{line}: `de` is not a language the site is published in; write en or sr, or "
        "add `de` under `editions:` in site.yml"
    ) in lines
    assert not project.out.exists()  # nothing written


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (f"translation_of: {PARADE}", "translation_of: vucic-victory-day-parade-moskow"),
            f"unknown claim `vucic-victory-day-parade-moskow`; did you mean `{PARADE}`?",
        ),
        (
            ("language: sr\n", "language: en\n"),
            "`vucic-victory-day-parade-moscow` is in `en` too; a translation is in another "
            "language",
        ),
        (
            ("verdict: mostly-true", "verdict: true"),
            "the verdict `true` is not the original's, `mostly-true` (",
        ),
    ],
    ids=["unknown original", "same language", "another verdict"],
)
def test_a_translation_that_cannot_be_one_is_named_at_its_line(
    project: Project, change: tuple[str, str], message: str
) -> None:
    claim = project.content / "claims" / f"{PARADE_SR}.md"
    claim.write_text(claim.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    lines = _load_errors(project)
    assert any(line.startswith(f"{claim}:") and message in line for line in lines), lines


def test_two_translations_into_one_language_and_a_translation_of_one_are_refused(
    project: Project,
) -> None:
    claims = project.content / "claims"
    text = (claims / f"{PARADE_SR}.md").read_text(encoding="utf-8")
    (claims / "druga-verzija.md").write_text(text, encoding="utf-8")
    (claims / "treca-verzija.md").write_text(
        text.replace(f"translation_of: {PARADE}", f"translation_of: {PARADE_SR}").replace(
            "language: sr", "language: en"
        ),
        encoding="utf-8",
    )
    lines = _load_errors(project)
    assert any(
        f"already translates `{PARADE}` into `sr`; keep one of the two" in line for line in lines
    ), lines
    assert any(
        f"{claims / 'treca-verzija.md'}:" in line
        and f"`{PARADE_SR}` is itself a translation, of `{PARADE}`" in line
        for line in lines
    ), lines


def test_a_page_cannot_take_the_folder_of_an_edition(project: Project) -> None:
    page = project.content / "pages" / "sr-latn.md"
    page.write_text("---\ntitle: Latin\n---\n\nText.\n", encoding="utf-8")
    lines = _load_errors(project)
    assert (
        f"{page}:1: `sr-latn` is the folder of the site's edition in another language; rename "
        "the page"
    ) in lines


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("editions: sr\n", "must give, for each language code, the site's `title`"),
        (
            "editions:\n  de: {title: T, description: D, latin: true}\n",
            "`latin: true`: a Latin edition is made by Serbian rules, from Serbian (`sr`) alone",
        ),
        (
            "editions:\n  sr: {title: T, description: D, latin_names: {А: A}}\n",
            "gives `latin_names` but no Latin edition; add `latin: true`",
        ),
        ("editions:\n  Serbian: {title: T, description: D}\n", "`Serbian` is not a language code"),
    ],
    ids=["not a mapping", "latin of German", "names without latin", "not a code"],
)
def test_editions_settings_are_checked(project: Project, settings: str, message: str) -> None:
    path = with_editions(project, settings)
    lines = _load_errors(project)
    assert any(line.startswith(f"{path}:") and message in line for line in lines), lines


def test_translation_rules_hold_in_process(project: Project) -> None:
    content = load_content(project.content)
    translated = next(claim for claim in content.claims if claim.slug == PARADE_SR)
    assert (translated.language, translated.translation_of) == ("sr", PARADE)
    original = next(claim for claim in content.claims if claim.slug == PARADE)
    claims = [*content.claims, dataclasses.replace(translated, slug="again", path=Path("again.md"))]
    settings = project.content / "site.yml"
    assert [str(error) for error in translation_errors(content.site, claims, [], settings)] == [
        f"again.md:{translated.line_of('translation_of')}: {translated.path} already translates "
        f"`{PARADE}` into `sr`; keep one of the two"
    ]
    assert original.language is None


# --- the built editions


def _links(page_path: Path) -> dict[str, str]:
    page = parse_html(page_path)
    return {
        link["hreflang"]: link["href"]
        for link in page.select('head link[rel="alternate"][hreflang]')
    }


def _file_of(site: Path, address: str) -> Path:
    path = address.removeprefix("https://claimcheck.example/")
    return site / (path if path.endswith(".html") else path + "index.html")


def test_every_edition_has_every_page_of_its_own(editions: Path) -> None:
    for prefix in ("", "sr/", "sr-latn/"):
        for path in ("", "sources/", "verdicts/", "claimants/", "tags/", "corrections/", "search/"):
            assert (editions / prefix / path / "index.html").is_file(), prefix + path
        for path in ("feed.xml", "data/claims.json", "search/index/meta.json"):
            assert (editions / prefix / path).is_file(), prefix + path
    assert (editions / "sr" / "claims" / PARADE_SR / "index.html").is_file()
    assert (editions / "sr-latn" / "claims" / PARADE_SR / "index.html").is_file()
    assert (editions / "sr" / "o-nama" / "index.html").is_file()
    # What the editions share is made once, at the site's root.
    assert not (editions / "sr" / "assets").exists()
    assert not (editions / "sr" / "sitemap.xml").exists()


def test_hreflang_links_are_reciprocal_with_a_default(editions: Path) -> None:
    pages = sorted(editions.rglob("*.html"))
    linked = 0
    for path in pages:
        links = _links(path)
        if not links:
            continue
        linked += 1
        assert links["x-default"] == links.get("en", links.get("sr-Cyrl"))
        own = path.relative_to(editions).as_posix().removesuffix("index.html")
        assert f"https://claimcheck.example/{own}" in links.values(), path
        for hreflang, address in links.items():
            other = _file_of(editions, address)
            assert other.is_file(), (path, hreflang, address)
            assert _links(other) == links, (path, other)  # each names all, itself too
    assert linked > 100
    claim = _links(editions / "claims" / PARADE / "index.html")
    assert claim == {
        "en": f"https://claimcheck.example/claims/{PARADE}/",
        "sr-Cyrl": f"https://claimcheck.example/sr/claims/{PARADE_SR}/",
        "sr-Latn": f"https://claimcheck.example/sr-latn/claims/{PARADE_SR}/",
        "x-default": f"https://claimcheck.example/claims/{PARADE}/",
    }
    # A page that is in the Serbian editions alone (a claimant as Serbian names them) names those.
    claimant = "claimants/nepotpisani-novinski-izvestaj-od-29-maja-2025/"
    assert _links(editions / "sr" / claimant / "index.html") == {
        "sr-Cyrl": f"https://claimcheck.example/sr/{claimant}",
        "sr-Latn": f"https://claimcheck.example/sr-latn/{claimant}",
        "x-default": f"https://claimcheck.example/sr/{claimant}",
    }


def test_the_sitemap_lists_every_edition_with_its_alternates(editions: Path) -> None:
    tree = etree.parse(editions / "sitemap.xml")
    space = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    entries = {
        url.findtext("s:loc", namespaces=space): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", space)
        }
        for url in tree.getroot().findall("s:url", space)
    }
    pages = list(editions.rglob("index.html"))  # every page but the 404, which has no address
    assert len(entries) == len(pages)
    address = f"https://claimcheck.example/sr-latn/claims/{PARADE_SR}/"
    assert entries[address] == _links(_file_of(editions, address))
    assert entries["https://claimcheck.example/sr/"]["en"] == "https://claimcheck.example/"


def test_every_page_has_a_language_switcher_whose_links_lead_somewhere(editions: Path) -> None:
    for path in sorted(editions.rglob("*.html")):
        page = parse_html(path)
        switcher = page.select_one("nav.languages[aria-label]")
        assert switcher is not None, path
        names = [item.get_text() for item in switcher.select("li")]
        assert names == ["English", "Српски", "Srpski"], path
        current = switcher.select('[aria-current="page"]')
        assert len(current) == 1, path
        for link in switcher.select("a"):
            href = link["href"]  # from the site's root on the 404 page
            target = (editions / href[1:] if href[0] == "/" else path.parent / href).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), (path, href)
    page = parse_html(editions / "sr" / "claims" / PARADE_SR / "index.html")
    links = {a.get_text(): a["href"] for a in page.select("nav.languages a")}
    assert links == {
        "English": f"../../../claims/{PARADE}/",
        "Srpski": f"../../../sr-latn/claims/{PARADE_SR}/",
    }
    assert page.select_one("nav.languages [aria-current]")["lang"] == "sr-Cyrl"


def test_each_edition_lists_feeds_and_indexes_its_own_claims(editions: Path) -> None:
    home = parse_html(editions / "sr" / "index.html")
    assert home.html["lang"] == "sr"
    assert home.select_one(".site-title").get_text() == "Провера тврдњи"
    titles = [a.get_text() for a in home.select(".claim-card h2 a, .claim-card h3 a")]
    assert len(titles) == 11 and all(CYRILLIC.search(title) for title in titles)
    assert "Вучић је 9. маја 2025. присуствовао паради Победе у Москви" in titles
    data = json.loads((editions / "sr" / "data" / "claims.json").read_text(encoding="utf-8"))
    addresses = [claim["url"] for claim in data["claims"]]
    assert len(addresses) == 11
    assert all(url.startswith("https://claimcheck.example/sr/claims/") for url in addresses)
    feed = (editions / "sr-latn" / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="sr-Latn"' in feed and "Vučić je 9. maja 2025." in feed
    english = json.loads((editions / "data" / "claims.json").read_text(encoding="utf-8"))
    assert len(english["claims"]) == 11
    assert not [c for c in english["claims"] if "/sr" in c["url"]]  # each edition its own
    review = json.loads(
        parse_html(editions / "sr" / "claims" / PARADE_SR / "index.html")
        .find("script", type="application/ld+json")
        .string
    )
    assert review["inLanguage"] == "sr"
    assert review["reviewRating"]["alternateName"] == "Углавном тачно"
    assert review["url"] == f"https://claimcheck.example/sr/claims/{PARADE_SR}/"
    verdict = parse_html(editions / "sr" / "verdicts" / "unproven" / "index.html")
    assert verdict.h1.get_text() == "Оцена: Недоказано"


def test_the_latin_edition_has_no_cyrillic_of_its_own(editions: Path) -> None:
    checked = 0
    for path in sorted((editions / "sr-latn").rglob("*.html")):
        page = parse_html(path)
        for other in page.select('[lang="sr-Cyrl"]'):
            other.decompose()  # the switcher's name of the Cyrillic edition
        assert not CYRILLIC.search(str(page)), path
        checked += 1
    assert checked > 40
    claim = parse_html(editions / "sr-latn" / "claims" / PARADE_SR / "index.html")
    assert claim.html["lang"] == "sr-Latn"
    assert claim.h1.get_text(strip=True).endswith(
        "Vučić je 9. maja 2025. prisustvovao paradi Pobede u Moskvi"
    )
    assert claim.select_one(".verdict-label").get_text() == "Uglavnom tačno"
    # The quotations are the sources' words, each checked, its mark after it.
    analysis = claim.select_one(".analysis").get_text()
    assert "„Despite this, Vucic was one of the guests at the Victory Parade" in analysis
    cyrillic = parse_html(editions / "sr" / "claims" / PARADE_SR / "index.html")
    marks = len(cyrillic.select(".analysis .quote-mark.verified"))
    assert marks >= 5 and len(claim.select(".analysis .quote-mark.verified")) == marks


def test_a_cyrillic_quotation_stays_cyrillic_in_the_latin_edition(project: Project) -> None:
    source = project.content / "sources" / "primer-izvora.md"
    source.write_text(
        "---\ntitle: Пример извора\npublisher: not recorded\npublished: 2025-05-29\n"
        "url: not recorded\nlanguage: sr\n---\n\nОво је пример текста на ћирилици.\n",
        encoding="utf-8",
    )
    claim = project.content / "claims" / f"{PARADE_SR}.md"
    claim.write_text(
        claim.read_text(encoding="utf-8")
        + "\nИзвор каже: „пример текста на ћирилици“ [@primer-izvora, para. 1]. "
        "Фајненшел тајмс је лист.\n",
        encoding="utf-8",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = parse_html(project.out / "sr-latn" / "claims" / PARADE_SR / "index.html")
    paragraph = page.select(".analysis p")[-1]
    assert paragraph.get_text().startswith("Izvor kaže: „пример текста на ћирилици“")
    assert paragraph.select_one(".quote-mark.verified") is not None
    assert "Financial Times je list." in paragraph.get_text()  # latin_names keeps the name
    cyrillic = parse_html(project.out / "sr" / "claims" / PARADE_SR / "index.html")
    assert "Фајненшел тајмс је лист." in cyrillic.select(".analysis p")[-1].get_text()


def test_an_edit_to_a_translation_rebuilds_as_a_cold_build_would(project: Project) -> None:
    age(project.content, project.templates)
    cached_build(project)
    claim = project.content / "claims" / f"{PARADE_SR}.md"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace("Главна поента", "Основна поента"),
        encoding="utf-8",
    )
    settings = project.content / "site.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("тајмс: Financial Times", "тајмс: FT"),
        encoding="utf-8",
    )
    age(project.content)
    cached_build(project)
    rebuilt = snapshot(project.out)
    assert rebuilt == cold_build(project)
    latin = rebuilt[f"sr-latn/claims/{PARADE_SR}/index.html"].decode()
    assert "Osnovna poenta" in latin


def _check(project: Project) -> list[str]:
    result = run_build("check", cwd=project.root)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_check_names_a_translation_whose_original_changed_since(project: Project) -> None:
    claim = project.content / "claims" / f"{PARADE_SR}.md"
    original = project.content / "claims" / f"{PARADE}.md"
    assert not [line for line in _check(project) if "translat" in line]  # all up to date
    version = re.search(r"translated_from: (\w+)", claim.read_text(encoding="utf-8"))
    assert version is not None
    # The original is corrected: its translation is named, with the original and the new version.
    original.write_text(
        original.read_text(encoding="utf-8").replace("the date is a detail", "the date a detail"),
        encoding="utf-8",
    )
    stale = [line for line in _check(project) if "has changed since" in line]
    line = (
        claim.read_text(encoding="utf-8").splitlines().index(f"translated_from: {version[1]}") + 1
    )
    assert len(stale) == 1 and stale[0].startswith(f"content/claims/{PARADE_SR}.md:{line}: ")
    assert f"content/claims/{PARADE}.md has changed since the version this translates" in stale[0]
    new = re.search(r"then write `translated_from: ([0-9a-f]{12})`", stale[0])
    assert new is not None and new[1] != version[1]
    # Brought up to date, it says so; a translation naming no version is told which to name.
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace(version[1], new[1]), encoding="utf-8")
    assert not [line for line in _check(project) if "translat" in line]
    claim.write_text(text.replace(f"translated_from: {version[1]}\n", ""), encoding="utf-8")
    named = [line for line in _check(project) if "names no version of it" in line]
    assert named == [
        f"content/claims/{PARADE_SR}.md:{line}: warning: translates content/claims/{PARADE}.md "
        f"but names no version of it; once the two say the same, add `translated_from: {new[1]}` "
        "to the front matter"
    ]


def test_check_warns_of_an_edition_whose_words_would_stay_english(project: Project) -> None:
    settings = project.content / "site.yml"
    text = settings.read_text(encoding="utf-8")  # editions: is the file's last mapping
    settings.write_text(
        text + "  de: {title: Faktencheck, description: Prüfungen}\n", encoding="utf-8"
    )
    lines = _check(project)
    line = len(text.splitlines()) + 1
    assert any(
        row.startswith(f"content/site.yml:{line}: warning: the theme has no catalog for `de`")
        for row in lines
    ), lines
    assert any("no label and definition in `de`" in row for row in lines), lines
    assert not [row for row in lines if "`sr" in row and "no catalog" in row]


def test_quotations_in_another_language_than_the_page_are_marked_with_theirs(
    editions: Path,
) -> None:
    exports = "vucic-izvoz-zakonit-preko-posrednika"
    for prefix in ("sr", "sr-latn"):
        page = parse_html(editions / prefix / "claims" / PARADE_SR / "index.html")
        marked = [span.get_text() for span in page.select(".analysis span[lang]")]
        assert marked[:2] == [
            "Despite this, Vucic was one of the guests at the Victory Parade in Moscow on May 9",
            "Serbian President Aleksandar Vučić, who visited Moscow this month for Russia’s "
            "annual Victory Day military parade",
        ]
        assert {span["lang"] for span in page.select(".analysis span[lang]")} == {"en"}
        # The quote marks stay outside, set as the page sets them.
        paragraph = page.select_one(".analysis span[lang]").parent
        assert "„Despite this" in paragraph.get_text()
        # A blockquote's words too, up to its citation.
        quoted = parse_html(editions / prefix / "claims" / exports / "index.html")
        blockquote = quoted.select_one(".analysis blockquote span[lang]")
        assert blockquote["lang"] == "en"
        assert blockquote.get_text().startswith("We have friends in Kyiv and in Moscow.")
        assert blockquote.get_text().endswith("and that’s it.”")
    english = parse_html(editions / "claims" / PARADE / "index.html")
    assert english.select(".analysis span[lang]") == []


def test_compared_renderings_carry_our_translation_beside_the_source_s_words(
    editions: Path,
) -> None:
    english = parse_html(editions / "claims" / SVR / "index.html")
    assert english.select(".rendering .our-translation") == []
    renderings = {}
    for prefix in ("sr", "sr-latn"):
        page = parse_html(editions / prefix / "claims" / SVR_SR / "index.html")
        renderings[prefix] = page.select(".rendering")
        assert len(renderings[prefix]) == 4
        for rendering in renderings[prefix]:
            # The source's words in its language; ours outside the quotation, in the page's.
            assert rendering.blockquote["lang"] == "en"
            translation = rendering.select_one("p.our-translation")
            assert translation.find_parent("blockquote") is None
            assert not translation.has_attr("lang")
    cyrillic, latin = (
        [r.select_one("p.our-translation").get_text() for r in renderings[prefix]]
        for prefix in ("sr", "sr-latn")
    )
    assert (
        cyrillic[3]
        == "Наш превод: називајући наводне трансфере покушајем да се Русији забије нож у леђа."
    )
    assert len(set(cyrillic)) == 4 and not any(CYRILLIC.search(text) for text in latin)
    assert (
        latin[3]
        == "Naš prevod: nazivajući navodne transfere pokušajem da se Rusiji zabije nož u leđa."
    )
    # The quotation itself is never transliterated.
    assert [r.blockquote.get_text() for r in renderings["sr-latn"]] == [
        r.blockquote.get_text() for r in renderings["sr"]
    ]


def test_dropping_an_edition_rebuilds_as_a_cold_build_would(project: Project) -> None:
    age(project.content, project.templates)
    cached_build(project)
    assert (project.out / "sr-latn" / "index.html").is_file()
    in_one_language(project)  # back to English alone
    age(project.content)
    cached_build(project)
    assert not (project.out / "sr").exists()
    assert snapshot(project.out) == cold_build(project)


def test_no_word_of_the_theme_is_left_in_english_on_a_serbian_page(editions: Path) -> None:
    english = {
        message
        for message in theme_messages()
        if isinstance(message, str) and "%" not in message and re.search("[A-Za-z]{3}", message)
    }
    checked = 0
    for path in sorted((editions / "sr").rglob("*.html")):
        page = parse_html(path)
        for other in page.select("[lang]:not(html)"):
            other.decompose()  # the sources' words, and the switcher's names of other editions
        shown = {text.strip() for text in page.find_all(string=True)}
        shown |= {
            element[name]
            for name in ("aria-label", "placeholder", "title", "alt")
            for element in page.select(f"[{name}]")
        }
        left = shown & english
        assert not left, (path, left)
        checked += 1
    assert checked > 40


def test_an_edition_s_settings_remake_that_edition_alone(project: Project) -> None:
    state, site = BuildState(), MemorySite()
    made_after(project, state, site)
    age(project.content, project.templates)
    settings = project.content / "site.yml"
    text = settings.read_text(encoding="utf-8")
    # A name kept in the Latin script changes Latin bodies alone (not a claimant's name, whose
    # pages are versions of the same claimant's in the other editions).
    kept = text.replace("      Москоу тајмс:", "      Кијев: Kyiv\n      Москоу тајмс:")
    settings.write_text(kept, encoding="utf-8")
    made = made_after(project, state, site)
    assert made and {path.split("/")[0] for path in made} == {"sr-latn"}, sorted(made)[:5]
    settings.write_text(text.replace("title: Провера тврдњи", "title: Провера"), encoding="utf-8")
    made = made_after(project, state, site)
    assert {path.split("/")[0] for path in made} == {"sr", "sr-latn"}, sorted(made)[:5]


def test_a_rebuild_transliterates_only_the_bodies_that_changed(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    transliterated: list[str] = []
    latin_body = LatinText.body

    def body(latin: LatinText, text: str, marks: list[int]) -> tuple[str, dict[int, int]]:
        transliterated.append(text)
        return latin_body(latin, text, marks)

    monkeypatch.setattr(LatinText, "body", body)
    (project.root / "state").mkdir()

    def build() -> None:  # as a new process would: the state read from its folder
        state = BuildState(project.root / "state")
        render(project.content, project.templates, MemorySite(), state=state, parallel=False)
        state.commit()
        state.close()

    build()
    serbian = [
        path
        for path in (project.content / "claims").glob("*.md")
        if "\nlanguage: sr\n" in path.read_text(encoding="utf-8")
    ]
    assert len(transliterated) == len(serbian) + 3  # the claims and the standing pages
    transliterated.clear()
    age(project.content, project.templates)
    path = project.content / "claims" / f"{SVR_SR}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nДодато.\n", encoding="utf-8")
    build()
    assert len(transliterated) == 1 and transliterated[0].endswith("\nДодато.\n")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "  en: {title: T, description: D}\n",
            "`en` would be published where the site's own language, `en`, is",
        ),
        (
            "  sr-Latn: {title: T, description: D}\n",
            "`sr-Latn` would be published where the Latin edition made from `sr` is",
        ),
        ("    latin_names: {'': x}\n", "is not a name in Cyrillic"),
    ],
    ids=["the site's own language", "the Latin edition again", "an empty name"],
)
def test_editions_that_would_share_a_folder_are_refused(
    project: Project, extra: str, message: str
) -> None:
    settings = project.content / "site.yml"
    text = settings.read_text(encoding="utf-8")
    if "latin_names" in extra:
        text = text.replace("      Фајненшел тајмс: Financial Times\n", "      '': x\n")
    else:
        text += extra
    settings.write_text(text, encoding="utf-8")
    lines = _load_errors(project)
    assert any(line.startswith(f"{settings}:") and message in line for line in lines), lines


def test_a_claim_in_the_latin_edition_s_language_is_told_to_write_cyrillic(
    project: Project,
) -> None:
    claim = project.content / "claims" / f"{PARADE_SR}.md"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("language: sr\n", "language: sr-Latn\n"), encoding="utf-8")
    lines = _load_errors(project)
    assert any(
        "the `sr-Latn` edition is made from the `sr` one as the site is built; write the text in "
        "Cyrillic, with `language: sr`" in line
        for line in lines
    ), lines


def test_the_script_goes_before_the_region_in_an_edition_s_code() -> None:
    assert (cyrillic_of("sr"), latin_of("sr")) == ("sr-Cyrl", "sr-Latn")
    assert (cyrillic_of("sr-RS"), latin_of("sr-RS")) == ("sr-Cyrl-RS", "sr-Latn-RS")
    assert latin_of("sr-Latn") is None and latin_of("de") is None and cyrillic_of("de") == "de"


def test_latin_keeps_addresses_code_tags_and_quotations_in_front_matter() -> None:
    latin = LatinText(())
    body = (
        "Види [чланак](https://sr.wikipedia.org/wiki/Београд), `код Ђ` и "
        '<span title="Ђ">текст</span>.\n\n[реф]: https://пример.срб/стр\n'
    )
    text, _ = latin.body(body, [])
    assert text == (
        "Vidi [članak](https://sr.wikipedia.org/wiki/Београд), `код Ђ` i "
        '<span title="Ђ">tekst</span>.\n\n[ref]: https://пример.срб/стр\n'
    )
    assert latin("Рекао је „не знам“ и отишао") == "Rekao je „не знам“ i otišao"
