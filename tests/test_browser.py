"""The built site in a real headless Chromium: accessible on every kind of page (axe-core), usable
at phone width, searchable from every page's header (tests/test_search.py holds what queries
find), and browsable with JavaScript off."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PARADE, PARADE_SR, ROOT
from searching import search
from test_catalogs import in_language

playwright_api = pytest.importorskip("playwright.sync_api")

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "claim": "claims/svr-serbia-secret-ammunition-supplies/",
    "claim with unproven verdict": "claims/vucic-exports-legal-through-intermediaries/",
    "source": "sources/moscow-times-2025-05-29/",
    "sources": "sources/",
    "verdicts": "verdicts/",
    "verdict": "verdicts/unproven/",
    "claimants": "claimants/",
    "claimant": "claimants/russia-s-foreign-intelligence-service-svr/",
    "tags": "tags/",
    "tag": "tags/serbia/",
    "corrections": "corrections/",
    "search": "search/",
    "methodology": "methodology/",
    "not found": "404.html",
}


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    with served(built_site) as url:
        yield url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Say nothing of a browser that hung up mid-file (it left the page): the server
        printed a BrokenPipeError traceback into passing runs. Any other error is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_violations(browser, site_url: str, path: str, scheme: str) -> None:
    assert AXE.exists(), "run `npm ci` to install axe-core (.ci/run does)"
    page = browser.new_page(color_scheme=scheme)
    page.goto(site_url + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]
    assert violations == []
    page.close()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "claims/svr-serbia-secret-ammunition-supplies/",
        "sources/moscow-times-2025-05-29/",
        "search/?q=vucic",
    ],
)
def test_phone_width_needs_no_sideways_scrolling(browser, site_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(site_url + path)
    if path.startswith("search/"):  # the form and results show once the script has run
        playwright_api.expect(page.locator("#search-results li").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()


SEARCH_FIELD = "Words from a claim, its analysis, a claimant, a tag or a source"


def test_the_header_field_searches_from_any_page_and_the_address_keeps_the_query(
    browser, site_url: str
) -> None:
    page = browser.new_page()
    page.goto(site_url + "sources/")
    header = page.get_by_role("search", name="Site search")
    header.get_by_label("Search the fact checks").fill("Kiev")
    header.get_by_role("button", name="Search").click()
    results = page.locator("#search-results li > a")
    # "Kiev" stands in one claim's analysis only, in no title, summary, claimant or tag.
    playwright_api.expect(results).to_have_text(
        ["Serbian ammunition reached Ukraine in bulk on false end-user certificates"],
        timeout=10_000,
    )
    playwright_api.expect(page.locator("#search-results mark")).to_have_text(["Kiev"])
    playwright_api.expect(page.get_by_label(SEARCH_FIELD)).to_have_value("Kiev")
    playwright_api.expect(page.locator("#search-status")).to_have_text("1 fact check found")
    playwright_api.expect(page.locator("#search-results .meta")).to_have_text(
        re.compile(r"^Unproven · claimed by .+ · published \d{1,2} [A-Z][a-z]+ \d{4}$")
    )
    page.get_by_label(SEARCH_FIELD).fill("Киев")  # in Cyrillic
    playwright_api.expect(page.locator("#search-results")).not_to_have_attribute(
        "aria-busy", "true"
    )
    playwright_api.expect(page.locator("#search-results mark")).to_have_text(["Kiev"])
    assert page.url.endswith("search/?q=%D0%9A%D0%B8%D0%B5%D0%B2")
    results.click()
    playwright_api.expect(page.locator("h1")).to_contain_text("false end-user certificates")
    page.close()


def test_search_ignores_accents_and_case_and_requires_every_word(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "search/?q=VUCIC+interm")
    results = page.locator("#search-results li > a")
    # "Vučić" typed without its accents, and "interm" as the start of "intermediaries".
    playwright_api.expect(results.first).to_have_text(
        "Serbia’s ammunition exports were legal transactions via intermediaries", timeout=10_000
    )
    playwright_api.expect(results.first.locator("mark")).to_have_text(["intermediaries"])
    page.get_by_label(SEARCH_FIELD).fill("vucic nowhereword")
    playwright_api.expect(page.locator("#search-status")).to_have_text("0 fact checks found")
    playwright_api.expect(results).to_have_count(0)
    page.get_by_label(SEARCH_FIELD).fill("s")
    playwright_api.expect(page.locator("#search-status")).to_have_text(
        "Type at least two letters of a word."
    )
    playwright_api.expect(results).to_have_count(0)
    page.close()


def test_search_filters_narrow_the_results_and_stay_in_the_address(
    browser, site_url: str, built_site: Path
) -> None:
    [narrowed] = search(built_site, ("ammunition", {"verdict": "unproven", "tag": "vucic"}))
    page = browser.new_page()
    page.goto(site_url + "search/?q=ammunition&verdict=unproven")
    playwright_api.expect(page.get_by_label("Verdict", exact=True)).to_have_value(
        "unproven", timeout=10_000
    )
    metas = page.locator("#search-results .meta")
    playwright_api.expect(metas.first).to_be_visible()
    assert all(text.startswith("Unproven · ") for text in metas.all_inner_texts())
    unproven = metas.count()
    page.get_by_label("Tag", exact=True).select_option(label="Vučić")
    links = page.locator("#search-results li > a")
    playwright_api.expect(links).to_have_count(len(narrowed.slugs))  # the engine's answer
    playwright_api.expect(page.locator("#search-results")).not_to_have_attribute(
        "aria-busy", "true"
    )
    shown = [link.get_attribute("href") or "" for link in links.all()]
    assert [href.strip("/").rsplit("/", 1)[-1] for href in shown] == narrowed.slugs
    assert 0 < len(narrowed.slugs) < unproven
    assert page.url.endswith("search/?q=ammunition&verdict=unproven&tag=vucic")
    page.get_by_label("Verdict", exact=True).select_option("")
    page.get_by_label("Tag", exact=True).select_option("")
    playwright_api.expect(page.locator("#search-status")).to_have_text("11 fact checks found")
    assert page.url.endswith("search/?q=ammunition")
    page.close()


def copy_a_claim(project, copies: int) -> None:
    """``copies`` copies of the claim on gas, so that a search finds more than a page shows."""
    original = project.content / "claims" / "serbia-depends-heavily-on-russian-gas.md"
    for number in range(copies):
        copy = project.content / "claims" / f"gas-copy-{number}.md"
        copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")


def test_more_results_than_a_page_shows_come_on_asking(browser, project) -> None:
    copy_a_claim(project, 22)
    assert project.build().returncode == 0
    with served(project.out) as url:
        page = browser.new_page()
        page.goto(url + "search/?q=heavily")
        results = page.locator("#search-results > li")
        playwright_api.expect(results).to_have_count(20, timeout=10_000)
        status = page.locator("#search-status")
        playwright_api.expect(status).to_have_text(
            re.compile(r"^\d+ fact checks found, most relevant first$")
        )
        total = int(status.inner_text().split()[0])
        assert total >= 23  # the original, its copies, and any claim mentioning the word
        page.get_by_role("button", name="Show more results").click()
        playwright_api.expect(results).to_have_count(total)
        playwright_api.expect(page.get_by_role("button", name="Show more results")).to_be_hidden()
        page.close()


def test_browse_pages_work_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Verdicts").click()
    page.get_by_role("link", name="Mostly true").click()
    playwright_api.expect(page.locator("h1")).to_have_text("Verdict: Mostly true")
    page.locator(".claim-card h2 a", has_text="About 800m euros").click()
    playwright_api.expect(page.locator(".verdict-box .verdict-label")).to_have_text("Mostly true")
    page.get_by_role("link", name="Financial Times").first.click()
    playwright_api.expect(page.locator("h1")).to_contain_text("Claims by Financial Times")
    page.goto(site_url + "search/")
    playwright_api.expect(page.locator(".search-form")).to_be_hidden()
    page.locator(".search-browse").get_by_role("link", name="tag").click()
    playwright_api.expect(page.locator("h1")).to_have_text("Fact checks by tag")
    context.close()


def test_on_a_phone_every_claim_page_shows_its_verdict_on_the_first_screen(
    browser, site_url: str, built_site: Path
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for claim in sorted((built_site / "claims").iterdir()):
        page.goto(f"{site_url}claims/{claim.name}/")
        label = page.locator(".verdict-box .verdict-label")
        box = label.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740, (claim.name, box)
        playwright_api.expect(page.locator(".byline")).to_contain_text("Checked by")
    page.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_back_links_of_references_are_targets_of_at_least_24_px(
    browser, site_url: str, built_site: Path, width: int
) -> None:
    """WCAG 2.2's minimum target size, for the links that sit apart from running text."""
    page = browser.new_page(viewport={"width": width, "height": 740})
    measured = 0
    for claim in sorted((built_site / "claims").iterdir()):
        page.goto(f"{site_url}claims/{claim.name}/")
        for box in page.locator(".backref").evaluate_all(
            "links => links.map(link => link.getBoundingClientRect().toJSON())"
        ):
            assert box["width"] >= 24 and box["height"] >= 24, (claim.name, box)
            measured += 1
    page.close()
    assert measured > 50


def serbian_count(total: int) -> str:
    """How Serbian says that ``total`` fact checks were found: 1 and 21 take one form, 2 to 4
    and 22 another, 5 to 20 (11 to 14 too) a third."""
    if total % 10 == 1 and total % 100 != 11:
        return f"Пронађена је {total} провера чињеница"
    if 2 <= total % 10 <= 4 and not 12 <= total % 100 <= 14:
        return f"Пронађене су {total} провере чињеница"
    return f"Пронађено је {total} провера чињеница"


def test_search_speaks_the_site_language(browser, project) -> None:
    """On a Serbian site the search page's own messages and dates are Serbian, and a count
    takes the Serbian form it needs."""
    in_language(project, "sr")
    copy_a_claim(project, 22)
    assert project.build().returncode == 0
    with served(project.out) as url:
        page = browser.new_page()
        page.goto(url + "search/?q=Kiev")
        status = page.locator("#search-status")
        playwright_api.expect(status).to_have_text(serbian_count(1), timeout=10_000)
        playwright_api.expect(page.locator("#search-results .meta")).to_have_text(
            re.compile(r"^Недоказано · аутор тврдње: .+ · објављено \d{1,2}\. [а-ш]+ \d{4}\.$")
        )
        field = page.get_by_label(
            "Речи из тврдње, њене анализе, имена аутора тврдње, ознаке или извора"
        )
        field.fill("a")
        playwright_api.expect(status).to_have_text("Унесите бар два слова речи.")
        field.fill("heavily")
        playwright_api.expect(status).to_have_text(re.compile(r", најрелевантније прво$"))
        total = int(re.findall(r"\d+", status.inner_text())[0])
        assert total >= 23
        playwright_api.expect(status).to_have_text(f"{serbian_count(total)}, најрелевантније прво")
        page.close()


@pytest.fixture(scope="module")
def editions_url(editions: Path) -> Iterator[str]:
    """The real content with a Serbian translation, served."""
    with served(editions) as url:
        yield url


EDITION_PAGES = {
    "Serbian claim": f"sr/claims/{PARADE_SR}/",
    "Latin claim": f"sr-latn/claims/{PARADE_SR}/",
    "Serbian home": "sr/",
    "English claim with translations": f"claims/{PARADE}/",
    "Latin search": "sr-latn/search/?q=parada",
}


@pytest.mark.parametrize("path", EDITION_PAGES.values(), ids=EDITION_PAGES.keys())
def test_editions_pass_axe_and_fit_a_phone(browser, editions_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(editions_url + path)
    if "search/" in path:
        playwright_api.expect(page.locator("#search-results li").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"]] == []
    page.close()


@pytest.mark.parametrize("edition", ["sr/", "sr-latn/"])
@pytest.mark.parametrize("query", ["Вучић парада", "Vucic parada", "vučić"])
def test_search_finds_in_either_script_in_either_edition(
    browser, editions_url: str, edition: str, query: str
) -> None:
    page = browser.new_page()
    page.goto(f"{editions_url}{edition}search/?q={query}")
    results = page.locator("#search-results li > a")
    title = "Вучић је 9. маја 2025. присуствовао паради Победе у Москви"
    expected = (
        title if edition == "sr/" else "Vučić je 9. maja 2025. prisustvovao paradi Pobede u Moskvi"
    )
    playwright_api.expect(results.first).to_have_text(expected, timeout=10_000)  # most relevant
    results.first.click()
    playwright_api.expect(page).to_have_url(re.compile(f"/{edition}claims/{PARADE_SR}/$"))
    page.close()


def test_the_switcher_leads_to_the_translation(browser, editions_url: str) -> None:
    page = browser.new_page()
    page.goto(editions_url + f"claims/{PARADE}/")
    page.get_by_role("navigation", name="Languages").get_by_role("link", name="Srpski").click()
    playwright_api.expect(page).to_have_url(re.compile(f"/sr-latn/claims/{PARADE_SR}/$"))
    playwright_api.expect(page.locator("html")).to_have_attribute("lang", "sr-Latn")
    page.get_by_role("navigation", name="Jezici").get_by_role("link", name="English").click()
    playwright_api.expect(page).to_have_url(re.compile(f"/claims/{PARADE}/$"))
    page.close()
