"""What readers get beyond the claim pages: browse pages in pages, corrections, feeds and data."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import frontmatter
import pytest
import yaml
from conftest import ROOT, Project, originals, parse_html

from factcheck.browse import ListPage

CLAIM_FILES = originals(ROOT / "content" / "claims")
SITE = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))
RATINGS = yaml.safe_load((ROOT / "content" / "ratings.yml").read_text(encoding="utf-8"))
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SVR = "claims/svr-serbia-secret-ammunition-supplies.md"


def metas() -> list[dict]:
    return [frontmatter.load(path).metadata | {"slug": path.stem} for path in CLAIM_FILES]


def newest_first(claims: list[dict]) -> list[str]:
    ordered = sorted(claims, key=lambda meta: (meta["published"], meta["slug"]), reverse=True)
    return [f"claims/{meta['slug']}/" for meta in ordered]


def listed(page_path: Path) -> list[str]:
    """The claims a list page shows, as site paths, in order."""
    page = parse_html(page_path)
    return [re.sub(r"^(\.\./)+", "", card.h2.a["href"]) for card in page.select(".claim-card")]


def test_verdict_pages_list_their_claims_newest_first(built_site: Path) -> None:
    index = parse_html(built_site / "verdicts" / "index.html")
    used = [r for r in RATINGS if any(m["verdict"] == r["key"] for m in metas())]
    assert [a.get_text() for a in index.select(".terms a")] == [r["label"] for r in used]
    for rating in used:
        page = built_site / "verdicts" / rating["key"] / "index.html"
        assert listed(page) == newest_first([m for m in metas() if m["verdict"] == rating["key"]])
        assert parse_html(page).h1.get_text() == f"Verdict: {rating['label']}"


def test_claimant_and_tag_pages(built_site: Path) -> None:
    claimants = parse_html(built_site / "claimants" / "index.html")
    names = sorted({m["claimant"] for m in metas()}, key=str.casefold)
    assert [a.get_text() for a in claimants.select(".terms a")] == names
    for link in claimants.select(".terms a"):
        page = built_site / "claimants" / link["href"] / "index.html"
        assert listed(page) == newest_first(
            [m for m in metas() if m["claimant"] == link.get_text()]
        )
    tags = parse_html(built_site / "tags" / "index.html")
    shown = SITE.get("tag_names", {})  # a tag is shown by its name there, or as written
    all_tags = sorted({shown.get(tag, tag) for m in metas() for tag in m["tags"]}, key=str.casefold)
    assert [a.get_text() for a in tags.select(".terms a")] == all_tags
    serbia = built_site / "tags" / "serbia" / "index.html"
    assert listed(serbia) == newest_first([m for m in metas() if "serbia" in m["tags"]])


def test_lists_paginate_every_claim_is_reachable_and_the_feed_holds_the_latest_50(
    project: Project,
) -> None:
    claim = re.sub(
        r"^updated: .*\n", "", (project.content / SVR).read_text(encoding="utf-8"), flags=re.M
    )
    for number in range(1, 51):
        text = claim.replace("published: 2026-11-21", f"published: 2026-10-{(number % 28) + 1:02d}")
        (project.content / "claims" / f"copy-{number:02d}.md").write_text(text, encoding="utf-8")
    assert project.build().returncode == 0
    seen: list[str] = []
    path, number = project.out / "index.html", 1
    while True:
        page = parse_html(path)
        seen += listed(path)
        current = page.select_one('.pagination [aria-current="page"]')
        assert current.get_text() == str(number)
        older = page.select_one('.pagination a[rel="next"]')
        if older is None:
            break
        path = (path.parent / older["href"] / "index.html").resolve()
        number += 1
        assert path == (project.out / "page" / str(number) / "index.html").resolve()
        assert parse_html(path).select_one('.pagination a[rel="prev"]') is not None
    claims = originals(project.content / "claims")
    assert number == -(-len(claims) // 20)  # 20 a page
    assert len(seen) == len(set(seen)) == len(claims)
    dates = [frontmatter.load(project.content / f"{p.rstrip('/')}.md")["published"] for p in seen]
    assert dates == sorted(dates, reverse=True)
    feed = ElementTree.parse(project.out / "feed.xml").getroot().findall(f"{ATOM}entry")
    latest = sorted(
        claims,
        key=lambda path: (
            (meta := frontmatter.load(path).metadata).get("updated") or meta["published"],
            path.stem,
        ),
        reverse=True,
    )
    assert [entry.findtext(f"{ATOM}id") for entry in feed] == [
        f"{SITE['base_url']}claims/{path.stem}/" for path in latest[:50]
    ]
    tag_pages = sorted((project.out / "tags" / "svr").rglob("index.html"))
    assert len(tag_pages) == 3  # the tag's list paginates too


def test_corrections_page_lists_every_correction_newest_first(project: Project) -> None:
    corrections = {
        SVR: "corrections:\n  - date: 2026-11-25\n    note: Fixed the date.\n  - date: 2026-11-23\n    kind: clarification\n    note: Said who.\n",
        "claims/ft-800-million-euros-serbian-ammunition.md": "corrections:\n  - date: 2026-11-24\n    kind: update\n    note: Added the figure.\n",
    }
    for path in (project.content / "claims").glob("*.md"):  # only this test's corrections
        text = path.read_text(encoding="utf-8")
        path.write_text(
            re.sub(r"^corrections:\n(?:  .*\n)+", "", text, flags=re.M), encoding="utf-8"
        )
    for relative, block in corrections.items():
        path = project.content / relative
        path.write_text(
            path.read_text(encoding="utf-8").replace("\ntags:", f"\n{block}tags:", 1),
            encoding="utf-8",
        )
    assert project.build().returncode == 0
    page = parse_html(project.out / "corrections" / "index.html")
    items = page.select(".corrections-list li")
    assert [item.time["datetime"] for item in items] == ["2026-11-25", "2026-11-24", "2026-11-23"]
    assert [item.select_one(".correction-kind").get_text() for item in items] == [
        "Correction", "Update", "Clarification",
    ]  # fmt: skip
    assert "Added the figure." in items[1].get_text()
    assert items[1].a["href"] == (
        "../claims/ft-800-million-euros-serbian-ammunition/#correction-2026-11-24"
    )
    assert page.select_one("link[type='application/atom+xml'][href='../corrections/feed.xml']")
    claim_page = parse_html(
        project.out / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    )
    entries = claim_page.select(".corrections li")
    assert [(entry["id"], entry.strong.get_text()) for entry in entries] == [
        ("correction-2026-11-25", "Correction"), ("correction-2026-11-23", "Clarification"),
    ]  # fmt: skip
    assert "Fixed the date." in entries[0].get_text()
    notice = claim_page.select_one(".correction-notice")  # at the top, beside the dates
    assert notice.a["href"] == "#correction-2026-11-25" and "2 entries" in notice.get_text()

    feed = ElementTree.parse(project.out / "corrections" / "feed.xml").getroot()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
        SITE["base_url"] + "corrections/feed.xml"
    )
    found = [
        (
            entry.findtext(f"{ATOM}id"),
            entry.findtext(f"{ATOM}title"),
            entry.findtext(f"{ATOM}summary"),
        )
        for entry in feed.findall(f"{ATOM}entry")
    ]
    svr = f"{SITE['base_url']}claims/svr-serbia-secret-ammunition-supplies/"
    assert [(url, title.split(":")[0], note) for url, title, note in found] == [
        (svr + "#correction-2026-11-25", "Correction", "Fixed the date."),
        (SITE["base_url"] + "claims/ft-800-million-euros-serbian-ammunition/#correction-2026-11-24", "Update", "Added the figure."),
        (svr + "#correction-2026-11-23", "Clarification", "Said who."),
    ]  # fmt: skip
    assert feed.findtext(f"{ATOM}updated") == "2026-11-25T00:00:00Z"
    data = json.loads((project.out / "data" / "claims.json").read_text(encoding="utf-8"))
    kinds = [c["kind"] for claim in data["claims"] for c in claim["corrections"]]
    assert sorted(kinds) == ["clarification", "correction", "update"]


def test_feed_holds_every_published_claim(built_site: Path) -> None:
    feed = ElementTree.parse(built_site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    ids = sorted(entry.findtext(f"{ATOM}id") for entry in entries)
    assert ids == sorted(SITE["base_url"] + path for path in newest_first(metas()))
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated").endswith("T00:00:00Z")
        assert entry.find(f"{ATOM}link").get("href") == entry.findtext(f"{ATOM}id")
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == SITE["base_url"] + "feed.xml"


def test_sitemap_and_robots(built_site: Path) -> None:
    urls = ElementTree.parse(built_site / "sitemap.xml").getroot().findall(f"{SITEMAP}url")
    lastmod = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in urls}
    for meta in metas():
        assert lastmod[f"{SITE['base_url']}claims/{meta['slug']}/"] == str(
            meta.get("updated") or meta["published"]
        )
    pages = {
        path.parent.relative_to(built_site).as_posix() for path in built_site.rglob("index.html")
    }
    assert {loc.removeprefix(SITE["base_url"]).rstrip("/") or "." for loc in lastmod} == pages
    robots = (built_site / "robots.txt").read_text()
    assert f"Sitemap: {SITE['base_url']}sitemap.xml" in robots


def test_open_data_export(built_site: Path) -> None:
    data = json.loads((built_site / "data" / "claims.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in data["licence"].items() if k != "covers"} == SITE["licence"]
    assert data["licence"]["covers"].startswith("our own work")
    assert [r["key"] for r in data["rating_scale"]] == [r["key"] for r in RATINGS]
    assert sorted(c["url"] for c in data["claims"]) == sorted(
        SITE["base_url"] + p for p in newest_first(metas())
    )
    for claim in data["claims"]:
        meta = next(m for m in metas() if claim["url"].endswith(f"/{m['slug']}/"))
        assert claim["claim"] == meta["title"]
        assert claim["verdict"]["key"] == meta["verdict"]
        assert claim["published"] == str(meta["published"])
        assert {s["id"] for s in claim["sources"]} >= set(meta["appearance"])
        assert claim["claimant"] == meta["claimant"]
        assert claim["claimant_role"] == meta.get("claimant_role")
        recorded = meta["claim_date"] != "not recorded"
        assert claim["claim_date"] == (str(meta["claim_date"]) if recorded else None)
        assert claim["claim_date_note"] == meta.get("claim_date_note")
        source_dates = [
            str(frontmatter.load(ROOT / "content" / "sources" / f"{source}.md")["published"])
            for source in meta["appearance"]
        ]
        assert claim["first_reported"] == min(source_dates)  # ISO dates sort as text
        assert claim["reply"] == {
            # PyYAML, unlike the generator's reader, reads an unquoted `no` as false
            "asked": False if meta["reply"]["asked"] is False else str(meta["reply"]["asked"]),
            "answer": meta["reply"].get("answer"),
            "reason": meta["reply"].get("reason"),
        }
        assert len(claim["sources"]) >= 2


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "claims/svr-serbia-secret-ammunition-supplies/index.html",
        "sources/index.html",
        "verdicts/unproven/index.html",
        "methodology/index.html",
    ],
)
def test_description_open_graph_and_canonical(built_site: Path, page: str) -> None:
    html = parse_html(built_site / page)
    canonical = html.find("link", rel="canonical")["href"]
    assert canonical == SITE["base_url"] + page.removesuffix("index.html")
    assert html.find("meta", property="og:url")["content"] == canonical
    assert html.find("meta", attrs={"name": "description"})["content"].strip()
    assert html.find("meta", property="og:title")["content"] == html.title.get_text()


def test_theme_is_small_and_self_contained(built_site: Path) -> None:
    theme = sorted((ROOT / "templates" / "assets").glob("*"))
    assert {path.suffix for path in theme} == {".css", ".js", ".svg"}  # the .svg: the favicon
    assert sum(path.stat().st_size for path in theme) < 30 * 1024
    assert not re.search(
        r"url\(|@import|https?://", (ROOT / "templates" / "assets" / "style.css").read_text()
    )
    for page_path in built_site.rglob("*.html"):
        page = parse_html(page_path)
        external = [
            tag
            for tag in page.find_all(["script", "link", "img", "iframe"])
            if re.match(
                r"https?:|//",
                tag.get("src")
                or (
                    tag.get("href")
                    if tag.name == "link" and "stylesheet" in (tag.get("rel") or [])
                    else ""
                )
                or "",
            )
        ]
        assert not external, (page_path, external)


@pytest.mark.parametrize(
    ("number", "count", "window"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 500, [1, 2, 3, None, 500]),
        (250, 500, [1, None, 248, 249, 250, 251, 252, None, 500]),
        (500, 500, [1, None, 498, 499, 500]),
        (4, 500, [1, 2, 3, 4, 5, 6, None, 500]),  # a gap of one page shows the page
        (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ],
)
def test_a_list_page_links_the_first_the_last_and_its_neighbours(
    number: int, count: int, window: list[int | None]
) -> None:
    assert ListPage((), number, count, "", "", None).window == window


def test_a_list_page_does_not_grow_with_the_number_of_pages(project: Project) -> None:
    claim = (project.content / SVR).read_text(encoding="utf-8")
    for number in range(1, 200):
        text = claim.replace("published: 2026-11-21", f"published: 2026-10-{(number % 28) + 1:02d}")
        (project.content / "claims" / f"copy-{number:03d}.md").write_text(text, encoding="utf-8")
    assert project.build().returncode == 0
    middle = parse_html(project.out / "page" / "6" / "index.html")  # of 11
    links = [a.get_text() for a in middle.select(".pagination a")]
    assert links == ["Newer", "1", "4", "5", "6", "7", "8", "11", "Older"]
    assert len(middle.select(".pagination .gap")) == 2


@pytest.mark.parametrize(
    ("reply", "shown"),
    [
        (
            '  asked: 2026-11-20\n  answer: "We stand by every word."\n',
            "We asked Russia's Foreign Intelligence Service (SVR) for comment on 20 November 2026. "
            "We stand by every word. The answer of Russia's Foreign Intelligence Service (SVR), "
            "as we received it.",
        ),
        (
            "  asked: 2026-11-20\n",
            "We asked Russia's Foreign Intelligence Service (SVR) for comment on 20 November 2026. "
            "No answer had been received when this check was published.",
        ),
        (None, "Whether Russia's Foreign Intelligence Service (SVR) was asked for comment is not recorded."),
    ],
)  # fmt: skip
def test_right_of_reply_says_who_was_asked_and_what_they_answered(
    project: Project, reply: str | None, shown: str
) -> None:
    path = project.content / SVR
    text = re.sub(r"^reply:\n(?:  .*\n)+", "", path.read_text(encoding="utf-8"), flags=re.M)
    if reply is not None:
        text = text.replace("\ntags:", f"\nreply:\n{reply}tags:", 1)
    path.write_text(text, encoding="utf-8")
    assert project.build().returncode == 0
    page = parse_html(project.out / "claims" / path.stem / "index.html")
    section = " ".join(page.select_one(".reply").get_text(" ").split()).replace(" .", ".")
    assert section == f"Right of reply {shown}"
    data = json.loads((project.out / "data" / "claims.json").read_text(encoding="utf-8"))
    entry = next(c for c in data["claims"] if c["url"].endswith(f"/{path.stem}/"))
    assert (entry["reply"] is None) == (reply is None)


def test_the_about_page_says_who_publishes_the_site_and_what_is_not_yet_recorded(
    project: Project,
) -> None:
    assert project.build().returncode == 0
    about = parse_html(project.out / "about" / "index.html")
    facts = " ".join(about.select_one("#organisation").get_text(" ").split())
    for shown in ("Legal name Not yet recorded", "Contact Not yet recorded",
                  "Our sources of funding are not yet recorded.",
                  "The names and roles of our team are not yet recorded."):  # fmt: skip
        assert shown in facts
    data = json.loads(about.find("script", type="application/ld+json").string)
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": SITE["organisation"]["name"],
        "url": SITE["base_url"],
        "publishingPrinciples": SITE["base_url"] + "methodology/",
    }
    corrections = parse_html(project.out / "corrections" / "index.html").main.get_text(" ")
    assert "The address for asking for a correction is not yet recorded" in corrections

    settings = project.content / "site.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "organisation:\n",
            "organisation:\n  legal_name: Claim Check Association\n"
            "  contact: desk@claimcheck.example\n"
            "  corrections_contact: https://claimcheck.example/corrections-form\n"
            "  team:\n    - {name: Ana Example, role: Editor}\n",
            1,
        ),
        encoding="utf-8",
    )
    assert project.build().returncode == 0
    about = parse_html(project.out / "about" / "index.html")
    contact = about.select_one("#organisation a[href='mailto:desk@claimcheck.example']")
    assert contact.get_text() == "desk@claimcheck.example"
    assert "Ana Example, Editor" in about.select_one("#organisation").get_text()
    data = json.loads(about.find("script", type="application/ld+json").string)
    assert data["legalName"] == "Claim Check Association"
    assert data["contactPoint"] == {"@type": "ContactPoint", "email": "desk@claimcheck.example"}
    assert data["member"] == [{"@type": "Person", "name": "Ana Example", "jobTitle": "Editor"}]
    corrections = parse_html(project.out / "corrections" / "index.html")
    link = corrections.main.find("a", href="https://claimcheck.example/corrections-form")
    assert link is not None and "To ask for a correction, write to" in link.parent.get_text()


def test_every_page_has_a_favicon_that_is_there(built_site: Path) -> None:
    for page_path in built_site.rglob("*.html"):
        icon = parse_html(page_path).find("link", rel="icon")
        assert icon is not None and icon["type"] == "image/svg+xml", page_path
        href = icon["href"].split("?")[0]
        target = (
            built_site / href.lstrip("/")
            if href.startswith("/")
            else (page_path.parent / href).resolve()
        )
        assert target.is_file() and target.read_bytes().startswith(b"<svg"), page_path
