"""What readers and aggregators get from building the real content."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import pytest
import yaml
from conftest import ROOT, originals, parse_html, run_build

from factcheck.typography import typographic

CLAIM_FILES = originals(ROOT / "content" / "claims")
SOURCE_FILES = sorted((ROOT / "content" / "sources").glob("*.md"))
SITE = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))
RATINGS = {r["key"]: r for r in yaml.safe_load((ROOT / "content" / "ratings.yml").read_text())}


def claim_meta(path: Path) -> dict:
    return frontmatter.load(path).metadata


def resolve(page: Path, href: str, site: Path) -> Path:
    """The file a relative link on ``page`` leads to (directory links mean their index.html)."""
    target = posixpath.normpath(
        posixpath.join(page.parent.relative_to(site).as_posix(), urlsplit(href).path)
    )
    path = site / target
    return path / "index.html" if href.split("#")[0].endswith("/") or path.is_dir() else path


def test_published_content_is_substantial() -> None:
    assert len(CLAIM_FILES) >= 5
    assert len(SOURCE_FILES) >= 4


def test_build_prints_one_summary_line(tmp_path: Path) -> None:
    result = run_build("--out", tmp_path / "out")
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Built {len(list((tmp_path / 'out').rglob('*.html')))} pages")
    assert result.stderr == ""


@pytest.mark.parametrize("claim_file", CLAIM_FILES, ids=lambda p: p.stem)
def test_claim_page_shows_claim_verdict_and_summary(built_site: Path, claim_file: Path) -> None:
    meta = claim_meta(claim_file)
    page = parse_html(built_site / "claims" / claim_file.stem / "index.html")
    title = typographic(meta["title"])  # set as our prose is, curly quotes and all
    assert title in page.h1.get_text()
    # a shared link or a browser tab shows the verdict with the claim
    assert page.title.get_text().startswith(f"{RATINGS[meta['verdict']]['label']}: {title}")
    verdict_box = page.select_one(".verdict-box")
    label = RATINGS[meta["verdict"]]["label"]
    # The verdict is written out in words, not shown by colour alone.
    assert verdict_box.select_one(".verdict-label").get_text(strip=True) == label
    assert " ".join(typographic(meta["summary"]).split()) in " ".join(
        verdict_box.get_text().split()
    )
    assert meta["claimant"] in page.select_one(".facts").get_text()


@pytest.mark.parametrize("claim_file", CLAIM_FILES, ids=lambda p: p.stem)
def test_citations_are_numbered_and_resolve_to_source_pages(
    built_site: Path, claim_file: Path
) -> None:
    page_path = built_site / "claims" / claim_file.stem / "index.html"
    page = parse_html(page_path)
    marks = page.select('.analysis .citation a[href^="#ref-"]')
    cited_ids = {part.split(",")[0].strip().lstrip("@") for part in _citation_texts(claim_file)}
    assert marks, "every claim cites its sources"
    references = page.select(".references li")
    assert len(references) == len(cited_ids)
    assert len(cited_ids) >= 2, "at least two sources cited"
    for number, reference in enumerate(references, start=1):
        assert reference["id"] == f"ref-{number}"
        source_link = reference.find("a")
        source_id = Path(urlsplit(source_link["href"]).path).name
        assert source_id in cited_ids
        assert resolve(page_path, source_link["href"], built_site).is_file()
        source_meta = frontmatter.load(ROOT / "content" / "sources" / f"{source_id}.md").metadata
        assert source_link.get_text() == source_meta["title"]
        if source_meta.get("url", "not recorded") != "not recorded":
            assert reference.find("a", href=source_meta["url"]) is not None
        else:
            assert "Original address not recorded" in reference.get_text()
    for mark in marks:
        target = page.find(id=mark["href"].removeprefix("#"))
        assert target is not None and target.name == "li"
        assert mark.get_text() == target["id"].removeprefix("ref-")


def _citation_texts(claim_file: Path) -> list[str]:
    body = frontmatter.load(claim_file).content
    return [part for inside in re.findall(r"\[(@[^\]]+)\]", body) for part in inside.split(";")]


@pytest.mark.parametrize("claim_file", CLAIM_FILES, ids=lambda p: p.stem)
def test_claim_review_structured_data(built_site: Path, claim_file: Path) -> None:
    meta = claim_meta(claim_file)
    page = parse_html(built_site / "claims" / claim_file.stem / "index.html")
    blocks = page.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    review = json.loads(blocks[0].string)
    base = SITE["base_url"]
    rating = RATINGS[meta["verdict"]]

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{base}claims/{claim_file.stem}/"
    assert review["claimReviewed"] == meta["title"]
    assert len(review["claimReviewed"]) <= 75
    assert review["datePublished"] == str(meta["published"])
    assert review["inLanguage"] == SITE["language"] == "en"
    assert review["author"] == {
        "@type": "Organization",
        "name": SITE["organisation"]["name"],
        "url": base,
    }
    assert review["reviewRating"]["@type"] == "Rating"
    assert review["reviewRating"]["alternateName"] == rating["label"]
    if "value" in rating:
        values = [r["value"] for r in RATINGS.values() if "value" in r]
        assert review["reviewRating"]["ratingValue"] == rating["value"]
        assert review["reviewRating"]["bestRating"] == max(values)
        assert review["reviewRating"]["worstRating"] == min(values)
    else:
        assert "ratingValue" not in review["reviewRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == meta["claimant"]
    assert (
        item["author"]["@type"]
        == {"person": "Person", "organisation": "Organization"}[meta["claimant_type"]]
    )
    if meta["claimant_type"] == "person" and "claimant_role" in meta:
        assert item["author"]["jobTitle"] == meta["claimant_role"]
    else:
        assert "jobTitle" not in item["author"]
    if meta["claim_date"] == "not recorded":  # left out, not replaced by a report's date
        assert "datePublished" not in item
    else:
        assert item["datePublished"] == str(meta["claim_date"])
    appearance = (
        meta["appearance"] if isinstance(meta["appearance"], list) else [meta["appearance"]]
    )
    assert [work["name"] for work in item["appearance"]] == [
        frontmatter.load(ROOT / "content" / "sources" / f"{sid}.md")["title"] for sid in appearance
    ]
    earliest = min(
        appearance,
        key=lambda sid: str(
            frontmatter.load(ROOT / "content" / "sources" / f"{sid}.md")["published"]
        ),
    )  # ISO dates at any precision sort as text; min keeps the first listed among equals
    assert item["firstAppearance"] == item["appearance"][appearance.index(earliest)]
    for work, source_id in zip(item["appearance"], appearance, strict=True):
        source_meta = frontmatter.load(ROOT / "content" / "sources" / f"{source_id}.md").metadata
        url = source_meta.get("url")
        assert work.get("url") == (None if url == "not recorded" else url)


def test_home_lists_every_published_claim_newest_first(built_site: Path) -> None:
    page = parse_html(built_site / "index.html")
    cards = page.select(".claim-card")
    metas = sorted(
        (
            claim_meta(path) | {"slug": path.stem}
            for path in CLAIM_FILES
            if not claim_meta(path).get("draft")
        ),
        key=lambda meta: (meta["published"], meta["slug"]),
        reverse=True,
    )
    assert [card.h2.a["href"] for card in cards] == [f"claims/{meta['slug']}/" for meta in metas]
    for card, meta in zip(cards, metas, strict=True):
        assert (
            card.select_one(".verdict-label").get_text(strip=True)
            == RATINGS[meta["verdict"]]["label"]
        )
        assert meta["claimant"] in card.get_text()


def test_source_pages_list_the_claims_that_cite_them(built_site: Path) -> None:
    for source_file in SOURCE_FILES:
        page = parse_html(built_site / "sources" / source_file.stem / "index.html")
        meta = frontmatter.load(source_file).metadata
        assert page.h1.get_text() == meta["title"]
        facts = page.select_one(".facts").get_text()
        assert (
            meta["publisher"] if meta["publisher"].lower() != "not recorded" else "Not recorded"
        ) in facts
        if "url" not in meta:
            assert "Original address" in facts and "Not recorded" in facts
        citing = {Path(a["href"]).name for a in page.select("#citing-heading + ul a")}
        expected = {
            path.stem
            for path in CLAIM_FILES
            if f"@{source_file.stem}" in path.read_text(encoding="utf-8")
            or source_file.stem in str(claim_meta(path)["appearance"])
        }
        assert citing == expected


def test_methodology_renders_the_rating_scale_from_data(built_site: Path) -> None:
    page = parse_html(built_site / "methodology" / "index.html")
    rows = page.select("#rating-scale tbody tr")
    assert [row.select_one(".verdict-label").get_text(strip=True) for row in rows] == [
        rating["label"] for rating in RATINGS.values()
    ]
    for row, rating in zip(rows, RATINGS.values(), strict=True):
        assert rating["definition"] in row.get_text()


def test_every_internal_link_is_relative_and_resolves(built_site: Path) -> None:
    pages = [path for path in built_site.rglob("*.html") if path.name != "404.html"]
    assert len(pages) >= 5 + 4 + 3 + 1
    for page_path in pages:
        page = parse_html(page_path)
        for element, attribute in [("a", "href"), ("link", "href")]:
            for tag in page.find_all(element):
                href = tag.get(attribute)
                if href is None or tag.get("rel") == ["canonical"]:
                    continue
                if tag.get("hreflang") and element == "link":
                    continue  # a version in another language: full addresses, as search engines ask
                assert not href.startswith(("/", SITE["base_url"])), (page_path, href)
                if urlsplit(href).scheme:
                    continue  # a link to another site
                if href.startswith("#"):
                    assert page.find(id=href[1:]), (page_path, href)
                    continue
                assert resolve(page_path, href, built_site).is_file(), (page_path, href)


def test_not_found_page_links_from_the_site_root(built_site: Path) -> None:
    page = parse_html(built_site / "404.html")
    root = urlsplit(SITE["base_url"]).path
    stylesheet = page.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith(f"{root}assets/style.css")
    assert page.find("a", string="See all fact checks")["href"] == root


def test_base_url_option_changes_absolute_addresses(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_build("--out", out, "--base-url", "https://checks.example.org/sub").returncode == 0
    claim = CLAIM_FILES[0].stem
    page = parse_html(out / "claims" / claim / "index.html")
    review = json.loads(page.find("script", type="application/ld+json").string)
    assert review["url"] == f"https://checks.example.org/sub/claims/{claim}/"
    assert page.find("link", rel="canonical")["href"] == review["url"]
    assert parse_html(out / "404.html").find("a", string="See all fact checks")["href"] == "/sub/"


def _source_date(source_id: str) -> str:
    return str(frontmatter.load(ROOT / "content" / "sources" / f"{source_id}.md")["published"])


@pytest.mark.parametrize("claim_file", CLAIM_FILES, ids=lambda p: p.stem)
def test_claim_date_role_and_reply_as_the_file_gives_them(
    built_site: Path, claim_file: Path
) -> None:
    meta = claim_meta(claim_file)
    page = parse_html(built_site / "claims" / claim_file.stem / "index.html")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in page.select(".facts dt")}
    made = facts["Claim made"]
    card = parse_html(built_site / "index.html").find("a", href=f"claims/{claim_file.stem}/")
    card_meta = card.find_parent("article").select_one(".claim-card-meta").get_text(" ", strip=True)
    if meta["claim_date"] == "not recorded":
        assert card_meta.endswith("date of the claim not recorded")
        first = min(_source_date(source_id) for source_id in meta["appearance"])
        assert made.get_text(" ", strip=True).startswith("Not recorded; first reported")
        assert made.time["datetime"] == first
    else:
        assert "· claim made " in card_meta
        assert made.time["datetime"] == str(meta["claim_date"])
    if "claim_date_note" in meta:
        assert " ".join(typographic(meta["claim_date_note"]).split()) in made.get_text(
            " ", strip=True
        )
    claimed_by = " ".join(facts["Claimed by"].get_text().split())
    assert claimed_by.startswith(meta["claimant"])
    if "claimant_role" in meta:
        assert f"{meta['claimant']}, {typographic(meta['claimant_role'])}" in claimed_by
    if "claimant_role_source" in meta:
        role_source = frontmatter.load(
            ROOT / "content" / "sources" / f"{meta['claimant_role_source']}.md"
        )
        assert f"(role as described in {role_source['title']}" in claimed_by
    reply = page.select_one(".reply").get_text(" ", strip=True)
    assert reply.startswith("Right of reply")
    assert meta["reply"]["asked"] is False  # PyYAML reads `asked: no` so; every claim says it
    assert (
        f"We did not ask {meta['claimant']} for comment: {typographic(meta['reply']['reason'])}"
        in reply
    )


def test_our_licence_covers_our_work_and_stored_texts_carry_their_publishers_rights(
    built_site: Path,
) -> None:
    footer = parse_html(built_site / "index.html").select_one(".site-footer").get_text(" ")
    footer = " ".join(footer.split())
    assert f"{SITE['licence']['name']} covers our own work" in footer
    assert "It does not cover the text of sources" in footer
    data = json.loads((built_site / "data" / "claims.json").read_text(encoding="utf-8"))
    assert data["licence"]["covers"].startswith("our own work")
    for source_file in SOURCE_FILES:
        meta = frontmatter.load(source_file).metadata
        page = parse_html(built_site / "sources" / source_file.stem / "index.html")
        rights = page.select_one(".rights")
        if meta.get("stored_text") is False:
            assert rights is None  # our own account of the source: ours, under our licence
            continue
        publisher = meta["publisher"]
        owner = "its publisher, who is not recorded" if publisher == "Not recorded" else publisher
        assert rights.get_text().startswith(f"This text belongs to {owner}, not to us.")


@pytest.mark.parametrize("claim_file", CLAIM_FILES, ids=lambda p: p.stem)
def test_each_heading_of_a_claim_page_is_said_once(built_site: Path, claim_file: Path) -> None:
    page = parse_html(built_site / "claims" / claim_file.stem / "index.html")
    headings = [" ".join(h.get_text().split()) for h in page.main.find_all(["h1", "h2", "h3"])]
    assert len(headings) == len(set(headings)), headings
