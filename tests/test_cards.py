"""Kept documents read in two parts: every kept document's card at once, and its body (with the
lines of its fields and its comparisons) only when something asks for it."""

from __future__ import annotations

import contextlib
import dataclasses
import pickle
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Project, age, in_one_language

from factcheck import cards
from factcheck.builds import build_site
from factcheck.cards import card_of, from_card, keep_documents
from factcheck.load import load_content
from factcheck.lookup import Lookup
from factcheck.model import (
    AGAIN,
    LAZY_FIELDS,
    Claim,
    Content,
    Correction,
    Document,
    PartialDate,
    RatingScale,
    Reply,
    Source,
)
from factcheck.state import DATABASE, BuildState, StateBroken

SVR = "svr-serbia-secret-ammunition-supplies"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT / "content")


def lazy_fields(document: Document) -> dict[str, Any]:
    return {name: value for name, value in vars(document).items() if name in LAZY_FIELDS}


def from_its_card(document: Document, content: Content, reads: list[str]) -> Document | None:
    """``document`` from its card, noting in ``reads`` each time the rest is read."""

    def rest() -> dict[str, Any]:
        reads.append(str(document.path))
        return lazy_fields(document)

    return from_card(card_of(document), document.path, content.ratings, rest)


def test_every_document_comes_back_from_its_card_as_it_was(content: Content) -> None:
    """Its front matter and what every build asks of it without its body being read; then,
    each time something asks for the body (or another lazy field), the rest, never held."""
    for document in content.documents:
        reads: list[str] = []
        kept = from_its_card(document, content, reads)
        assert kept is not None and type(kept) is type(document)
        for field in dataclasses.fields(document):
            if field.name not in LAZY_FIELDS:
                assert getattr(kept, field.name) == getattr(document, field.name), field.name
        assert kept.quoted_ids == document.quoted_ids
        if isinstance(document, Claim):
            assert isinstance(kept, Claim)
            assert (kept.card_digest, kept.input_digest, kept.source_ids) == (
                document.card_digest,
                document.input_digest,
                document.source_ids,
            )
        assert reads == [] and not LAZY_FIELDS & vars(kept).keys()
        assert kept.body == document.body
        assert reads == [str(document.path)]
        assert kept.body == document.body
        assert reads == [str(document.path)] * 2
        assert kept == document
        assert kept.line_of("title") == document.line_of("title")
        assert not LAZY_FIELDS & vars(kept).keys()


def test_a_document_read_without_its_body_is_pickled_whole(content: Content) -> None:
    """A pickle of it (a worker's, the state's) must not hold how to read the rest."""
    claim = next(claim for claim in content.claims if claim.slug == SVR)
    reads: list[str] = []
    kept = from_its_card(claim, content, reads)
    again = pickle.loads(pickle.dumps(kept))
    assert reads == [str(claim.path)]
    assert again == claim and AGAIN not in vars(again)


def test_a_document_let_go_is_read_from_the_state_each_time_and_never_held_again(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a build does with the documents it read, once the state has committed them: its
    planning and its workers read each body back when they need it, and hold none; a page
    asking for a body and then for the rest of what was found in it reads it once."""
    state = BuildState(tmp_path)
    claim, source = content.claims[0], next(iter(content.sources.values()))
    keep_documents(state, {"claim": claim, "source": source}, {"claim", "source"})
    state.commit()
    held = {
        key: pickle.loads(pickle.dumps(document))
        for key, document in [("claim", claim), ("source", source)]
    }
    cards.let_go(held, state)
    reads: list[str] = []
    lookup = Lookup.get
    monkeypatch.setattr(
        Lookup, "get", lambda self, table, key: reads.append(key) or lookup(self, table, key)
    )
    for _ in range(2):
        for key, document in [("claim", claim), ("source", source)]:
            assert not lazy_fields(held[key])
            assert lazy_fields(document) == {
                name: getattr(held[key], name) for name in lazy_fields(document)
            }
            assert not lazy_fields(held[key])
    assert reads == ["claim", "source"] * 2
    again = pickle.loads(pickle.dumps(held["claim"]))
    assert again == claim and AGAIN not in vars(again)
    state.close()


def test_a_card_whose_verdict_the_scale_no_longer_has_is_not_used(content: Content) -> None:
    claim = content.claims[0]
    assert from_card(card_of(claim), claim.path, RatingScale(()), dict) is None
    assert from_card(card_of(claim), claim.path, None, dict) is None


def test_a_field_the_card_cannot_hold_is_refused_when_the_generator_loads() -> None:
    @dataclasses.dataclass(frozen=True)
    class Odd(Source):
        weights: set[int] = dataclasses.field(default_factory=set)

    with pytest.raises(TypeError, match=r"Odd.\['weights'\]"):
        cards._layout(Odd)


def test_a_rebuild_reads_whole_only_the_documents_it_works_on(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit of one claim's analysis, every other claim is read from its card alone:
    only the sources its quotations are checked against are read whole. (In one language: an
    edition in another gives its claims their verdicts in its words, and its Latin edition
    transliterates their bodies, both reading every claim of theirs whole.)"""
    in_one_language(project)
    cache = project.root / "cache"
    build_site(project.content, project.templates, project.out, cache_dir=cache)
    read_whole: list[str] = []
    made = cards.from_card

    def counted(
        card: cards.Card, path: Path, scale: RatingScale | None, rest: Callable[[], Any]
    ) -> Document | None:
        def counted_rest() -> Any:
            read_whole.append(f"{path.parent.name}/{path.stem}")
            return rest()

        return made(card, path, scale, counted_rest)

    monkeypatch.setattr(cards, "from_card", counted)
    claim = project.content / "claims" / f"{SVR}.md"
    claim.write_text(claim.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    age(project.content)
    build_site(project.content, project.templates, project.out, cache_dir=cache)

    edited = load_content(project.content)
    quoted = next(c for c in edited.claims if c.slug == SVR).quoted_ids
    assert read_whole and all(name.startswith("sources/") for name in read_whole)
    assert {name.removeprefix("sources/") for name in read_whole} <= quoted
    assert "One more sentence." in (project.out / "claims" / SVR / "index.html").read_text()


def test_a_card_this_generator_did_not_make_is_a_broken_state(
    content: Content, tmp_path: Path
) -> None:
    """Which the build drops, to make everything anew, rather than stop with a traceback."""
    claim = content.claims[0]
    wrong = ("Claim", card_of(claim)[1][:-1])  # a value short
    kept = cards._Cards({"key": wrong}, Lookup(str(tmp_path / "none.sqlite")))
    with pytest.raises(StateBroken, match="the kept card key cannot be read"):
        kept.document("key", str(claim.path), content.ratings)
    right = cards._Cards({"key": card_of(claim)}, Lookup(str(tmp_path / "none.sqlite")))
    document = right.document("key", str(claim.path), content.ratings)
    assert document is not None and (document.path, document.title) == (claim.path, claim.title)
    for _ in range(2):  # and says so again: the read is not forgotten as done
        with pytest.raises(StateBroken, match="the kept document key cannot be read"):
            document.body  # noqa: B018  # the state holds no whole document under its key


def test_a_card_holds_no_lazy_field_and_every_other() -> None:
    """What a card leaves out is exactly what is read when asked for; and the fields of the
    values a card keeps as tuples, which a new field would have to be added to."""
    for kind, layout in cards._LAYOUTS.items():
        fields = {field.name for field in dataclasses.fields(kind)}
        assert set(layout.names) >= fields - LAZY_FIELDS - {"path"}
        assert not LAZY_FIELDS & set(layout.names)
    kept_as_tuples = {
        kind.__name__: [field.name for field in dataclasses.fields(kind)]
        for kind in (PartialDate, Reply, Correction)
    }
    assert kept_as_tuples == {
        "PartialDate": ["year", "month", "day"],
        "Reply": ["asked", "answer", "reason"],
        "Correction": ["date", "note", "kind", "anchor"],
    }, "a field was added: keep it in factcheck/cards.py's _CODECS too"


@pytest.mark.parametrize("reader", ["quotation checks", "a template"])
def test_a_kept_document_the_state_has_lost_makes_the_build_start_anew(
    project: Project, reader: str
) -> None:
    """Its card is there, the whole document not (the state damaged since): the first read of
    its body, by the quotation checks after an edit of a claim, or by a list template edited to
    show each claim's length (its pages read nothing else of their claims' bodies), is a broken
    state, which the build drops,
    with a note, to make everything anew."""
    in_one_language(project)
    cache = project.root / "cache"
    build_site(project.content, project.templates, project.out, cache_dir=cache)
    with contextlib.closing(sqlite3.connect(cache / DATABASE)) as db, db:
        db.execute("DELETE FROM documents")
    if reader == "a template":
        edited = project.templates / "list.html"  # what a list page's claims show
        text = edited.read_text(encoding="utf-8")
        loop = "{% for claim in listing.claims %}"
        text = text.replace(loop, loop + "<p>{{ claim.body | length }} characters</p>", 1)
    else:
        edited = project.content / "claims" / f"{SVR}.md"
        text = edited.read_text(encoding="utf-8") + "\nOne more sentence.\n"
    edited.write_text(text, encoding="utf-8")
    age(project.content, project.templates)
    result = build_site(project.content, project.templates, project.out, cache_dir=cache)
    assert result.note is not None and "could not be used (the kept document" in result.note
    assert "this build made everything anew" in result.note
    if reader == "a template":
        assert "characters</p>" in (project.out / "index.html").read_text()
    else:
        assert "One more sentence." in (project.out / "claims" / SVR / "index.html").read_text()
