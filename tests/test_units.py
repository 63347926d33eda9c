"""Planning's units (factcheck/units.py): what a unit planned is taken again exactly while every
input it read is unchanged, and the preview plans again only the claims an edit changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from conftest import Project
from test_errors import edit
from test_incremental import SVR, previewed

from factcheck import plan
from factcheck.browse import browse
from factcheck.catalogs import ENGLISH
from factcheck.contexts import relations
from factcheck.feeds import open_data_key
from factcheck.load import load_content
from factcheck.model import Claim, Content
from factcheck.record import Inputs, history_input, read, recording
from factcheck.search import search_key
from factcheck.serve import Hosts, Preview
from factcheck.units import Units


class Planning:
    """A unit's plan that reads the inputs ``names`` and counts the times it runs."""

    def __init__(self, *names: str) -> None:
        self.names = names
        self.runs = 0

    def __call__(self) -> str:
        self.runs += 1
        for name in self.names:
            read(name)
        return f"planned {self.runs}"


def build(
    units: Units, inputs: Inputs, *planned: tuple[str, Planning], scope: str = ""
) -> list[str]:
    """One build's planning: each unit by its key, in ``scope``."""
    units.begin()
    values = [units.planned((key,), inputs, scope, planning) for key, planning in planned]
    units.end()
    return values


def test_a_unit_is_taken_again_while_what_it_read_is_unchanged() -> None:
    inputs = Inputs({"claim:a": "1", "claim:b": "1", "settings": "1"})
    units, planning = Units(), Planning("claim:a", "settings")
    assert build(units, inputs, ("a", planning)) == ["planned 1"]
    inputs.add("claim:b", "2")  # an input it did not read
    assert build(units, inputs, ("a", planning)) == ["planned 1"]
    assert planning.runs == 1


@pytest.mark.parametrize("changed", ["claim:a", "settings"])
def test_a_unit_is_planned_again_when_any_input_it_read_changed(changed: str) -> None:
    inputs = Inputs({"claim:a": "1", "settings": "1"})
    units, planning = Units(), Planning("claim:a", "settings")
    build(units, inputs, ("a", planning))
    inputs.add(changed, "2")
    assert build(units, inputs, ("a", planning)) == ["planned 2"]
    assert build(units, inputs, ("a", planning)) == ["planned 2"]  # and kept as it is now


def test_a_unit_reads_its_editions_inputs() -> None:
    """In an edition's scope (``sr/``), a unit reading ``settings`` reads that edition's."""
    inputs = Inputs({"settings": "1", "sr/settings": "1"})
    units, planning = Units(), Planning("settings")
    build(units, inputs, ("a", planning), scope="sr/")
    inputs.add("settings", "2")  # the other edition's
    assert build(units, inputs, ("a", planning), scope="sr/") == ["planned 1"]
    inputs.add("sr/settings", "2")
    assert build(units, inputs, ("a", planning), scope="sr/") == ["planned 2"]


def test_a_unit_no_build_planned_since_is_let_go() -> None:
    """A claim removed and put back is planned again, not taken from before it was removed."""
    inputs = Inputs({"claim:a": "1", "claim:b": "1"})
    units, a, b = Units(), Planning("claim:a"), Planning("claim:b")
    build(units, inputs, ("a", a), ("b", b))
    build(units, inputs, ("b", b))
    build(units, inputs, ("a", a), ("b", b))
    assert (a.runs, b.runs) == (2, 1)


def test_the_preview_plans_again_only_the_claim_an_edit_changed(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary edit plans that claim's unit (its page, share image, and what its entries in
    the search index and open data are made from) again, and no other claim's: and what the
    preview then shows is what a fresh preview shows."""
    planned: list[str] = []
    claim_unit = plan._claim_unit

    def counted(planner: Any, claim: Any, revisions: Any) -> Any:
        planned.append(claim.slug)
        return claim_unit(planner, claim, revisions)

    monkeypatch.setattr(plan, "_claim_unit", counted)
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    previewed(project, preview)
    claims = len(planned)
    assert claims > 3
    planned.clear()
    edit(project.content / SVR, 'summary: "Financial Times', 'summary: "Edited: Financial Times')
    shown = previewed(project, preview)
    assert planned == ["svr-serbia-secret-ammunition-supplies"]
    planned.clear()
    assert shown == previewed(project)
    assert len(planned) == claims  # a fresh preview plans every claim


KEYS: dict[str, tuple[Callable[[Claim, Content], str], Callable[[Claim], set[str]]]] = {
    "search": (search_key, lambda claim: set()),
    "open data": (
        lambda claim, content: open_data_key(claim, content, revisions=None),
        lambda claim: {"ratings", history_input(claim)},
    ),
}
"""Each key function, and what it reads besides the claim, the settings and its sources: the
open data shows the verdict in the scale and the claim's revisions."""


@pytest.mark.parametrize("key, besides", KEYS.values(), ids=KEYS.keys())
def test_what_a_claims_entries_are_made_from_is_recorded(
    project: Project, key: Callable[[Claim, Content], str], besides: Callable[[Claim], set[str]]
) -> None:
    """What a claim's entries in the search index and open data are made from is read inside
    its unit, so each read must be recorded: the claim, the settings, every source it rests on
    (a source's title is searched for, and its digest is in the open data's key), and no other
    claim's or source's."""
    content = load_content(project.content)
    claim = next(claim for claim in content.claims if len(claim.source_ids) > 1)
    inputs = Inputs({"settings": "", "ratings": "", history_input(claim): ""})
    for other in content.claims:
        inputs.add(f"claim:{other.slug}", "")
    for source_id in content.sources:
        inputs.add(f"source:{source_id}", "")
    with recording(inputs) as reads:
        key(claim, content)
    sources = {f"source:{source_id}" for source_id in claim.source_ids}
    assert set(reads) == {f"claim:{claim.slug}", "settings", *sources, *besides(claim)}
    assert len(sources) < len(content.sources)  # so that reading every source would fail


def test_units_not_kept_are_planned_every_time() -> None:
    """A build from the command line keeps no units: each is planned, and nothing recorded."""
    inputs = Inputs({"claim:a": "1"})
    units, planning = Units(keep=False), Planning("claim:a")
    build(units, inputs, ("a", planning))
    assert build(units, inputs, ("a", planning)) == ["planned 2"]


def test_a_preview_build_that_fails_leaves_units_that_the_next_build_can_trust(
    project: Project,
) -> None:
    """A claimant spelled so that two names share one page fails as the browse lists are
    planned, after the claims' units; once fixed, with another edit besides, the preview shows
    what a fresh preview shows."""
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    previewed(project, preview)
    svr = 'claimant: "Russia\'s Foreign Intelligence Service (SVR)"'
    edit(project.content / SVR, svr, 'claimant: "Aleksandar Vucic"')  # Vučić's page
    preview.rebuild()
    assert any("would share the page" in error.message for error in preview.errors)
    edit(project.content / SVR, 'claimant: "Aleksandar Vucic"', svr)
    edit(project.content / SVR, 'summary: "Financial Times', 'summary: "Edited: Financial Times')
    assert previewed(project, preview) == previewed(project)


BELGRADE = "claims/belgrade-cancelled-russian-arms-contracts.md"

PLACED_ANEW: dict[str, Callable[[Project], None]] = {
    "title": lambda project: edit(project.content / SVR, "in bulk on false", "in bulk on forged"),
    "claimant": lambda project: edit(project.content / SVR, "(SVR)", "(the SVR)"),
    "updated date": lambda project: edit(
        project.content / SVR, "updated: 2026-11-22", "updated: 2026-11-23"
    ),
    "correction": lambda project: edit(
        project.content / SVR,
        "corrections:\n",
        'corrections:\n  - date: 2026-11-23\n    note: "A date was put right."\n',
    ),
    "citation in the analysis": lambda project: edit(
        project.content / BELGRADE,
        "## The claim\n",
        "## The claim\n\nWe do not hold the SVR's statement [@svr-statement-2025-05].\n",
    ),
    "standing page added": lambda project: (project.content / "pages/press.md").write_text(
        '---\ntitle: "Press"\ndescription: "For the press."\n---\n\nWrite to us.\n',
        encoding="utf-8",
    ),
}
"""Edits that place a claim in the lists and relations anew, or change what the relations are
found among: every part of a claim's entry, and the standing pages."""


def counted_lists(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time the relations or the browse lists are planned, from now on."""
    runs: list[str] = []
    for name in ("relations", "browse"):
        planning = getattr(plan, name)

        def counted(*arguments: Any, name: str = name, planning: Any = planning) -> Any:
            runs.append(name)
            return planning(*arguments)

        monkeypatch.setattr(plan, name, counted)
    return runs


def test_the_lists_are_kept_through_a_summary_edit_and_show_it(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary edit places no claim anew: the preview keeps the relations and lists, made
    current, so that the list pages, and a source page showing its citing claims' summaries,
    show the new summary, as a fresh preview does."""
    edit(
        project.templates / "source.html",
        "({{ claim.verdict.label }})",
        "({{ claim.verdict.label }}) {{ claim.summary }}",
    )
    runs = counted_lists(monkeypatch)
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    previewed(project, preview)
    assert runs
    runs.clear()
    edit(project.content / SVR, 'summary: "Financial Times', 'summary: "Edited: Financial Times')
    shown = previewed(project, preview)
    assert runs == []
    for page in ("index.html", "sources/moscow-times-2025-05-29/index.html"):
        assert "Edited: Financial Times" in shown[page].decode()
    assert shown == previewed(project)


def test_the_relations_kept_through_a_verdicts_new_label_show_it(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verdict's label is not part of a claim's entry: the relations are kept, made current,
    so that the related checks on a claim page show the new label, as a fresh preview does."""
    runs = counted_lists(monkeypatch)
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    previewed(project, preview)
    runs.clear()
    edit(project.content / "ratings.yml", "label: Unproven", "label: Not proven")
    shown = previewed(project, preview)
    assert "relations" not in runs
    page = shown["claims/svr-serbia-secret-ammunition-supplies/index.html"].decode()
    assert "Not proven" in page.partition('class="related"')[2]
    assert shown == previewed(project)


@pytest.mark.parametrize("make_edit", PLACED_ANEW.values(), ids=PLACED_ANEW.keys())
def test_the_lists_are_planned_again_when_a_claim_is_placed_anew(
    project: Project, monkeypatch: pytest.MonkeyPatch, make_edit: Callable[[Project], None]
) -> None:
    runs = counted_lists(monkeypatch)
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    previewed(project, preview)
    runs.clear()
    make_edit(project)
    shown = previewed(project, preview)
    assert runs
    assert shown == previewed(project)


def test_kept_lists_made_current_are_the_lists_of_this_builds_claims(project: Project) -> None:
    """Made current with claims whose entries are unchanged (here, every summary edited and
    every verdict's label), the browse lists and relations are what planning them anew from
    those claims makes."""
    content = load_content(project.content)
    english = [claim for claim in content.claims if claim.language is None]  # one edition's
    claims = sorted(english, key=lambda claim: (claim.published, claim.slug), reverse=True)
    edited = [
        dataclasses.replace(
            claim,
            summary=f"Edited: {claim.summary}",
            verdict=dataclasses.replace(claim.verdict, label="Relabelled"),
        )
        for claim in claims
    ]
    now = {claim.slug: claim for claim in edited}
    content_now = dataclasses.replace(content, claims=[now.get(c.slug, c) for c in content.claims])
    lists = browse(claims, content.ratings, content.site, ENGLISH)
    assert lists.tags and lists.corrections
    assert lists.rebind(now) == browse(edited, content.ratings, content.site, ENGLISH)
    kept = relations(content, claims).rebind(now)
    anew = relations(content_now, edited)
    assert kept.citing == anew.citing
    assert (kept.quoting, kept.where, kept.inputs) == (anew.quoting, anew.where, anew.inputs)
    for claim in edited:
        assert kept.related_claims.of(claim) == anew.related_claims.of(claim)
