"""The plan of the site is made of values: kept and read back, it makes the same site."""

from __future__ import annotations

import gc
import pickle
import weakref
from typing import Any

import pytest
from conftest import Project

from factcheck import pipeline
from factcheck.plan import SitePlan
from factcheck.record import recording
from factcheck.write import MemorySite


def planned(project: Project, monkeypatch: pytest.MonkeyPatch) -> tuple[SitePlan, MemorySite]:
    """The plan a real build of the project makes, and the site it made from it."""
    plans: list[SitePlan] = []
    make = pipeline._make

    def keeping(plan: SitePlan, *args: Any) -> Any:
        plans.append(plan)
        return make(plan, *args)

    monkeypatch.setattr(pipeline, "_make", keeping)
    site = MemorySite()
    pipeline.render(project.content, project.templates, site, parallel=False)
    return plans[0], site


def test_every_file_s_recipe_read_back_makes_the_file_the_build_made(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, site = planned(project, monkeypatch)
    kept = pickle.loads(pickle.dumps(plan.outputs))
    assert kept == plan.outputs
    kinds = {output.recipe.kind for output in kept}
    assert {"page", "share_image", "search_text", "feed", "sitemap", "asset"} <= kinds
    for output in kept:
        with recording(plan.inputs):
            assert plan.maker.make(output) == site.files[output.path], output.path


def test_a_plan_nothing_holds_is_let_go_at_once(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan holds what its files are made from (every page's values, the data files' bytes:
    a tenth of a cold build's memory). Let go, it is freed at once, not whenever Python's
    collector next looks for reference cycles: until then the preview held every rebuild's."""
    plan, _ = planned(project, monkeypatch)
    monkeypatch.undo()  # the build's _make again, and nothing else holding the plan
    makers = [weakref.ref(maker) for maker in plan.maker.editions.values()]
    gc.disable()
    try:
        del plan
        assert [maker() for maker in makers] == [None] * len(makers)
    finally:
        gc.enable()
