"""Documents kept from the last build, read in two parts. A rebuild reads every kept document's
card: its front matter and what every build asks of every document (the sources it cites and
may quote, its digests), as plain values. The rest (its body, the lines of its fields, its
comparisons: :data:`~factcheck.model.LAZY_FIELDS`) is read from the state each time something
asks for it, which after an edit is the documents whose pages are made again, and never held. Reading every
kept document whole was the largest part of a rebuild at 10,000 claims; a card is read in a
fraction of the time, having no body and no objects but the few rebuilt here.

Where the state lives in memory (the preview), documents are held whole from one build to the
next, and cards are neither made nor read."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from factcheck.lookup import Lookup
from factcheck.model import (
    AGAIN,
    LAZY_FIELDS,
    Claim,
    Correction,
    Document,
    Page,
    PartialDate,
    RatingScale,
    Reply,
    Source,
)
from factcheck.pickled import path_in
from factcheck.state import BuildState, StateBroken

Card = tuple[str, tuple[Any, ...]]
"""A document's kind and its values, in the order of its kind's :class:`_Layout`."""


class KeptDocuments(Protocol):
    def document(self, key: str, path: str, scale: RatingScale | None) -> Document | None:
        """The document kept under ``key``, as the file at ``path``, its verdict in ``scale``;
        None where none is kept (or its card no longer reads)."""


def kept_documents(state: BuildState) -> KeptDocuments:
    if state.folder is None:
        return _Held(state.all("documents"))
    return _Cards(state.all("cards"), Lookup(state.path))


def keep_documents(state: BuildState, added: dict[str, Document], used: set[str]) -> None:
    """Keep the documents this build ``added`` (with their cards, where cards are read), and
    forget those no file now makes (``used``: the keys of those that one does)."""
    state.put_many("documents", added)
    state.keep_only("documents", used)
    if state.folder is not None:
        state.put_many("cards", {key: card_of(document) for key, document in added.items()})
        state.keep_only("cards", used)


def let_go(documents: dict[str, Document], state: BuildState) -> None:
    """Let go of the lazy fields of ``documents`` (by key), which the state has committed: each
    is read from there again whenever it is asked for, by the build or a worker, and never held
    again. A cold build of 40,000 claims held every body to its end, 0.27 GB, for the moment
    each is read while the pages are planned and made."""
    lookup = Lookup(state.path)
    for key, document in documents.items():
        held = document.__dict__
        for name in LAZY_FIELDS:
            held.pop(name, None)
        held[AGAIN] = functools.partial(_rest, lookup, key)


def card_of(document: Document) -> Card:
    layout = _LAYOUTS[type(document)]
    return layout.kind, tuple(
        value if value is None or encode is None else encode(value)
        for value, encode in zip(
            (getattr(document, name) for name in layout.names), layout.encoders, strict=True
        )
    )


def from_card(
    card: Card, path: Path, scale: RatingScale | None, rest: Callable[[], dict[str, Any]]
) -> Document | None:
    """The document of ``card``, as the file at ``path``; its lazy fields are ``rest()``, read
    each time one is asked for. None where the card does not read: a verdict the scale lacks."""
    kind, values = card
    layout = _BY_KIND[kind]
    document: Document = object.__new__(layout.document_type)
    held = document.__dict__
    held.update(zip(layout.names, values, strict=True))
    for name, decode in layout.decoders:
        if held[name] is not None:
            held[name] = decode(held[name], scale)
    if held.get("verdict", True) is None:
        return None
    held["path"] = path
    held[AGAIN] = rest
    return document


@dataclass(frozen=True)
class _Held:
    """Whole documents by key: the preview's, held from one build to the next."""

    documents: dict[str, Document]

    def document(self, key: str, path: str, scale: RatingScale | None) -> Document | None:
        document = self.documents.get(key)
        if document is None or str(document.path) == path:
            return document
        return dataclasses.replace(document, path=Path(path))  # the folder has moved since


@dataclass(frozen=True)
class _Cards:
    """Cards by key, and the state to read the rest of a document from when asked for."""

    cards: dict[str, Card]
    lookup: Lookup

    def document(self, key: str, path: str, scale: RatingScale | None) -> Document | None:
        card = self.cards.get(key)
        if card is None:
            return None
        folder, _, name = path.rpartition(os.sep)  # its folder's path made once, as in a pickle
        try:
            rest = functools.partial(_rest, self.lookup, key)
            return from_card(card, path_in(folder, name), scale, rest)
        except Exception as error:  # not a card this generator made: almost anything
            raise StateBroken(f"the kept card {key} cannot be read ({error!r})") from error


@functools.lru_cache(maxsize=1)  # a page asks for a body, then for what else was found in it
def _rest(lookup: Lookup, key: str) -> dict[str, Any]:
    """The lazy fields of the document kept under ``key``, by name: read again each time one of
    them is asked for, but for the last document asked for."""
    whole = lookup.get("documents", key)
    if not isinstance(whole, Document):  # written with its card, in one transaction
        raise StateBroken(f"the kept document {key} cannot be read")
    return {name: value for name, value in vars(whole).items() if name in LAZY_FIELDS}


def _day(ordinal: int) -> datetime.date:
    return datetime.date.fromordinal(ordinal)


_CODECS: dict[str, tuple[Callable[[Any], Any], Callable[[Any, RatingScale | None], Any]]] = {
    "datetime.date": (datetime.date.toordinal, lambda ordinal, _: _day(ordinal)),
    "PartialDate": (
        lambda date: (date.year, date.month, date.day),
        lambda stored, _: PartialDate(*stored),
    ),
    "Rating": (lambda rating: rating.key, lambda key, scale: scale and scale.get(key)),
    "Reply": (
        lambda reply: (reply.asked and reply.asked.toordinal(), reply.answer, reply.reason),
        lambda stored, _: Reply(stored[0] and _day(stored[0]), stored[1], stored[2]),
    ),
    "tuple[Correction, ...]": (
        lambda corrections: tuple(
            (correction.date.toordinal(), correction.note, correction.kind, correction.anchor)
            for correction in corrections
        ),
        lambda stored, _: tuple(
            Correction(_day(ordinal), note, kind, anchor) for ordinal, note, kind, anchor in stored
        ),
    ),
}
"""How each type of field that is not a plain value is kept in a card, by its annotation."""
_PLAIN = frozenset({"str", "bool", "int", "frozenset[str]", "tuple[str, ...]"})
_CACHED: dict[type[Document], tuple[str, ...]] = {
    Claim: ("quoted_ids", "card_digest", "input_digest", "source_ids")
}
"""The cached properties of each kind of document (plain values), worked out from what the
card leaves out, so kept with it; other kinds have only ``quoted_ids``."""


@dataclass(frozen=True)
class _Layout:
    kind: str
    document_type: type[Document]
    names: tuple[str, ...]
    encoders: tuple[Callable[[Any], Any] | None, ...]
    decoders: tuple[tuple[str, Callable[[Any, RatingScale | None], Any]], ...]


def _layout(document_type: type[Document]) -> _Layout:
    """The card of a kind of document: every field but its path and lazy fields, then the
    cached properties every build asks for. A field of a type :data:`_CODECS` lacks fails here,
    when the generator is imported, rather than in a build."""
    fields = [
        (field.name, str(field.type).removesuffix(" | None"))
        for field in dataclasses.fields(document_type)
        if field.name not in LAZY_FIELDS and field.name != "path"
    ]
    unknown = [name for name, annotation in fields if annotation not in _PLAIN | _CODECS.keys()]
    if unknown:
        raise TypeError(f"no way to keep {document_type.__name__}.{unknown} in a card")
    cached = _CACHED.get(document_type, ("quoted_ids",))
    codecs = [_CODECS.get(annotation) for _, annotation in fields] + [None] * len(cached)
    names = (*(name for name, _ in fields), *cached)
    return _Layout(
        document_type.__name__,
        document_type,
        names,
        tuple(codec and codec[0] for codec in codecs),
        tuple((name, codec[1]) for name, codec in zip(names, codecs, strict=True) if codec),
    )


_LAYOUTS: dict[type[Document], _Layout] = {
    document_type: _layout(document_type) for document_type in (Claim, Source, Page)
}
_BY_KIND = {layout.kind: layout for layout in _LAYOUTS.values()}
