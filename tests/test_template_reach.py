"""What a template can reach: every value a page of each template is given, and every value
those lead to through the attributes and items the sandbox allows, is of a kind known to hold
data alone. A file's path, a database connection or a module reached this way would let a
template read or change what the build may (``claim.path.parent.joinpath(...).read_text()``
did, before paths were refused): a new kind of value given to templates must be added here,
after asking what its attributes lead to."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

import jinja2
import pytest
from conftest import ROOT
from markupsafe import Markup

from factcheck import theme
from factcheck.pipeline import render
from factcheck.record import InputList, InputMapping
from factcheck.write import DiscardedSite

DATA = (str, bytes, int, float, bool, type(None), Markup, datetime.date, datetime.timedelta)
"""Values whose attributes and methods give back data or nothing: text, numbers, dates."""
SHOWN_ONLY = (PurePath,)
"""Values a template may show but not follow, the sandbox refusing their attributes (see the
last test): a document's path."""
HOLDING = (tuple, list, dict, set, frozenset)
"""Values holding others, each of which is looked at in turn."""
OURS = {
    "browse": {"ClaimList", "ListPage", "Term"},
    "markup": {"Reference", "RenderedBody"},
    "model": {
        "Claim", "Comparison", "Correction", "CorrectionKind", "Page", "PartialDate", "Rating",
        "RatingScale", "Rendering", "Reply", "Source",
    },
    "record": {"InputList", "InputMapping"},
    "related": {"RelatedClaim"},
    "revisions": {"Revision"},
    "settings": {"Licence", "Organisation", "SiteSettings", "TagName"},
}  # fmt: skip
"""The generator's own values given to templates: frozen data, each field a value here too."""
CALLABLE = {"function", "method", "builtin_function_or_method", "type", "Macro"}
"""What a template calls: the theme's functions and filters, our methods, Jinja's globals.
What they give back is not followed here (their arguments are the template's): each is one of
ours or Jinja's, which give back data."""


def given_to_templates() -> dict[str, tuple[jinja2.Environment, dict[str, Any]]]:
    """The environment and the values the first page of each template was rendered with."""
    given: dict[str, tuple[jinja2.Environment, dict[str, Any]]] = {}
    real_render = theme.Theme.render

    def kept(self: theme.Theme, environment: jinja2.Environment, name: str, **values: Any) -> str:
        given.setdefault(name, (environment, values))
        return real_render(self, environment, name, **values)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(theme.Theme, "render", kept)
        render(ROOT / "content", ROOT / "templates", DiscardedSite(), parallel=False)
    return given


def reachable(environment: Any, values: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every value reachable from ``values`` as a template could reach it, with how."""
    waiting = [(name, value) for name, value in {**environment.globals, **values}.items()]
    seen: set[int] = set()
    while waiting:
        how, value = waiting.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        yield how, value
        if isinstance(value, DATA) or type(value).__name__ in CALLABLE:
            continue
        if isinstance(value, dict):
            waiting += [(f"{how}[{key!r}]", item) for key, item in value.items()]
        elif isinstance(value, HOLDING):
            waiting += [(f"{how}[{n}]", item) for n, item in enumerate(value)]
        for name in dir(value):
            try:
                found = getattr(value, name)
            except Exception:  # a property that needs what this page lacks
                continue
            if environment.is_safe_attribute(value, name, found):
                waiting.append((f"{how}.{name}", found))


def test_a_template_reaches_only_data() -> None:
    unknown = {}
    for template, (environment, values) in given_to_templates().items():
        for how, value in reachable(environment, values):
            kind = type(value)
            module = kind.__module__.removeprefix("factcheck.")
            if (
                isinstance(value, DATA + HOLDING + SHOWN_ONLY)
                or kind.__name__ in CALLABLE
                or kind.__name__ in OURS.get(module, ())
                or kind.__module__.startswith("jinja2")
            ):
                continue
            unknown.setdefault(f"{kind.__module__}.{kind.__qualname__}", f"{template}: {how}")
    assert unknown == {}


def test_what_a_template_is_given_cannot_be_followed_out_or_changed() -> None:
    """What the test above relies on: a path is data, but the sandbox refuses its attributes;
    and no template can change what the pages after it are given."""
    environment, _ = next(iter(given_to_templates().values()))
    path = Path(ROOT)
    assert not environment.is_safe_attribute(path, "parent", path.parent)
    assert not environment.is_safe_attribute(path, "read_text", path.read_text)
    for held, change in [
        ([], "append"), ({}, "update"), (InputList("claims", []), "clear"),
        (InputMapping("sources", {}), "pop"),
    ]:  # fmt: skip
        assert not environment.is_safe_attribute(held, change, getattr(held, change))
