"""What each file of the site read while it was made: recorded as it reads, never listed by hand.

A file is made inside :func:`recording`. Everything it reads is an *input* with a name and a
digest: a claim (``claim:<slug>``), the front matter of a claim that a list shows
(``card:<slug>``), a source, a standing page, the settings, the rating scale, a template, a list
page's place in its list. Templates are recorded as they read (:class:`RecordingEnvironment` sees
every attribute a template takes from a claim, source, page or setting); Python that makes a
page's context records what it takes with :func:`uses`.

The next build makes a file again exactly when one of the inputs it read has another digest now,
as Lektor's builder does (it records the sources an artifact used while building it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import PurePath
from typing import Any

import jinja2
import jinja2.runtime
import jinja2.sandbox

from factcheck.model import BODY_FIELDS, Claim, Page, RatingScale, Source
from factcheck.settings import SiteSettings

Reads = dict[str, str]
"""Input name -> the digest it had when read."""

SETTINGS = "settings"
RATINGS = "ratings"
NAV = "nav"
"""The input that is the list of standing pages in the navigation and which shows the scale."""
ENTRIES = "entries"
"""The input that is every claim's entry (:attr:`~factcheck.model.Claim.entry_digest`): which
claims there are, and all that places each in the site's lists and relations."""
PAGES = "pages"
"""The input that is every standing page, whole."""


class Inputs:
    """The digest of every input a file of the site can read, by name, as they are now.

    Each edition of the site (:mod:`factcheck.editions`) names its inputs in a scope of its own,
    its folder (``sr/``): its settings, scale and words are not another edition's."""

    def __init__(self, digests: dict[str, str] | None = None, scope: str = "") -> None:
        self.digests: dict[str, str] = {} if digests is None else digests
        self.scope = scope

    def add(self, name: str, digest: str) -> None:
        self.digests[self.scope + name] = digest

    def scoped(self, scope: str) -> Inputs:
        """The same inputs, added to and named in ``scope``."""
        return Inputs(self.digests, scope)


_current: ContextVar[tuple[Inputs, Reads] | None] = ContextVar("recording", default=None)
_scope: ContextVar[str] = ContextVar("scope", default="")


@contextlib.contextmanager
def in_scope(scope: str) -> Iterator[None]:
    """Record what is read until the block ends as the inputs of ``scope``."""
    token = _scope.set(scope)
    try:
        yield
    finally:
        _scope.reset(token)


@contextlib.contextmanager
def recording(inputs: Inputs) -> Iterator[Reads]:
    """Record, into the dict it yields, every input read until the block ends."""
    reads: Reads = {}
    token = _current.set((inputs, reads))
    try:
        yield reads
    finally:
        _current.reset(token)


def read(name: str) -> None:
    """Record that the file being made reads the input ``name``."""
    current = _current.get()
    if current is not None:
        inputs, reads = current
        name = _scope.get() + name
        reads[name] = inputs.digests[name]  # a KeyError is a bug: an input nobody registered


def name_of(value: object, field: str | None = None) -> str | None:
    """The input that reading ``field`` of ``value`` (or all of it) reads; None for a value that
    is no input of its own (a date, a string, a part of an input already recorded)."""
    kind = type(value)
    namer = _NAMERS[kind] if kind in _NAMERS else _NAMERS.setdefault(kind, _namer_of(kind))
    return None if namer is None else namer(value, field)


Namer = Callable[[Any, "str | None"], str]


def _claim_input(claim: Claim, field: str | None) -> str:
    in_card = field is not None and field not in BODY_FIELDS
    return f"card:{claim.slug}" if in_card else f"claim:{claim.slug}"


def _namer_of(kind: type) -> Namer | None:
    """How a value of ``kind`` names its input, found once per kind: templates read hundreds of
    attributes per page, most of them of values that are no input (dates, strings, ratings)."""
    if issubclass(kind, Claim):
        return _claim_input
    if issubclass(kind, Source):
        return lambda source, _: f"source:{source.id}"
    if issubclass(kind, Page):
        return lambda page, _: f"page:{page.slug}"
    if issubclass(kind, SiteSettings):
        return lambda _, __: SETTINGS
    if issubclass(kind, RatingScale):
        return lambda _, __: RATINGS
    if hasattr(kind, "input_name"):  # a list of its own: InputList, a page of a claim list
        return lambda value, _: str(value.input_name)
    return None


_NAMERS: dict[type, Namer | None] = {}


def history_input(claim: Claim) -> str:
    """The input that is the claim's revision history, read from git apart from its file."""
    return f"history:{claim.slug}"


def template_input(name: str) -> str:
    """The input that is the theme file ``name`` (a template or an asset)."""
    return f"template:{name}"


def uses(*values: object) -> None:
    """Record that the file being made reads each of ``values`` whole."""
    if _current.get() is None:  # nothing is being recorded: planning from the command line
        return
    for value in values:
        name = name_of(value)
        assert name is not None, f"{type(value).__name__} is not an input"
        read(name)


class RecordingEnvironment(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """A Jinja environment that records every input a template reads an attribute of, and the
    input behind each value every page is given (``shared``: ``{"site": "settings"}``) that a
    template looks up.

    Sandboxed, so that a template reaches nothing outside what it is given: without it, any
    template could climb from a value to Python's modules (``cycler.__init__.__globals__.os``)
    and read, run or delete whatever the build may. Its ``range`` is bounded too. Immutable, so
    that a template cannot change what the pages after it are given (``nav_pages.clear()``
    emptied every later page's menu, and a rebuild kept those pages as they were)."""

    intercepted_binops = frozenset({"**"})
    """Powers are worked out as a page renders, within its time (see
    :data:`~factcheck.theme.TEMPLATE_SECONDS`), never as the template compiles, which works out
    what constants make: ``9 ** 25000000`` took 22 s there, and a limit cannot stop it (Jinja
    takes what interrupts it for a value it cannot work out, and tries again)."""

    def __init__(self, shared: dict[str, str] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.shared_inputs = shared or {}
        self.context_class = _RecordingContext
        self._safe_attributes: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's answer, and none for a file's path: a template may show one, never
        follow it (``claim.path.parent.joinpath(...).read_text()``), which the sandbox, guarding
        Python's internals alone, allowed. Kept: it depends on the kind of ``obj`` and the
        attribute's name alone, and asking again for every attribute a page reads took a
        tenth of the templates' time."""
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = not isinstance(obj, PurePath) and super().is_safe_attribute(obj, attr, value)
            self._safe_attributes[key] = safe
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        name = name_of(obj, attribute)
        if name is not None:
            read(name)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``claim["title"]``, and the filters that take ``attribute=``, read through here."""
        if isinstance(argument, str) and not isinstance(obj, dict):  # a lookup records nothing
            name = name_of(obj, argument)
            if name is not None:
                read(name)
        return super().getitem(obj, argument)


class _RecordingContext(jinja2.runtime.Context):
    def resolve_or_missing(self, key: str) -> Any:
        environment = self.environment
        if isinstance(environment, RecordingEnvironment) and key in environment.shared_inputs:
            read(environment.shared_inputs[key])
        return super().resolve_or_missing(key)


class InputList(list[Any]):
    """A list whose membership is an input of its own (the claims citing a source): taking its
    length, an item, a slice, or going through it records it; each item records itself as it is
    read."""

    input_name = ""
    """Set by each one made; here so the recorder knows the kind names an input."""

    def __init__(self, name: str, items: list[Any]) -> None:
        super().__init__(items)
        self.input_name = name


class InputMapping(dict[str, Any]):
    """A mapping whose keys are an input of their own (every source): going through it or
    asking what it holds records them; looking up one key does not, since what is found records
    itself as it is read."""

    input_name = ""
    """Set by each one made; here so the recorder knows the kind names an input."""

    def __init__(self, name: str, items: dict[str, Any]) -> None:
        super().__init__(items)
        self.input_name = name


def _recording(base: type, method: str) -> Any:
    def recorded(self: InputList | InputMapping, *arguments: Any) -> Any:
        read(self.input_name)
        return getattr(base, method)(self, *arguments)

    return recorded


for _method in ("__iter__", "__len__", "__getitem__", "__contains__", "__reversed__"):
    setattr(InputList, _method, _recording(list, _method))
for _method in ("__iter__", "__len__", "__contains__", "keys", "values", "items"):
    setattr(InputMapping, _method, _recording(dict, _method))
