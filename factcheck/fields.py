"""What each front-matter field may hold, and the message when it does not.

Each parser takes a located YAML value (:class:`factcheck.yamltext.Located`) and returns it
checked, or raises :class:`FieldProblem`, worded to follow the field's name;
:func:`mapping_fields` checks a mapping of them against a schema (see :mod:`factcheck.schemas`).
"""

from __future__ import annotations

import datetime
import difflib
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from factcheck.addresses import site_address
from factcheck.model import PartialDate, Rating, RatingScale
from factcheck.yamltext import Located

PLACEHOLDER = "TODO:"
"""What ``new`` writes where an editor must fill something in; no content may keep it."""

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""An id (of a source, a rating) or a file's name: lowercase letters and digits, joined by
hyphens."""
TITLE_LIMIT = 75
"""Google asks for a ClaimReview ``claimReviewed`` under 75 characters."""

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_EMAIL_PART = r"[^@\s\"'<>()\[\]\\,;:]+"
_EMAIL = re.compile(rf"{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}")
"""An e-mail address, in any script, without the characters that would make it more than one."""


class FieldProblem(ValueError):
    """A field value that is wrong, worded to follow the field's name (``is empty``) unless
    ``names_itself``; ``line`` is set when the problem is on one item of a list."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        *,
        names_itself: bool = False,
        unknown_source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.names_itself = names_itself
        self.unknown_source = unknown_source
        """The id, where the problem is a source that does not exist: the loader gathers every
        place citing one missing source into one error."""

    def for_field(self, name: str) -> str:
        return str(self) if self.names_itself else f"`{name}` {self}"


Parser = Callable[[Located], Any]


@dataclass(frozen=True)
class Field:
    """One field of a schema: its parser, whether a file must give it, and the example that the
    message for a missing one shows."""

    parse: Parser
    required: bool = False
    example: str = "..."


# --- field parsers: each takes a located YAML value and returns it checked, or raises FieldProblem


def text(max_length: int | None = None) -> Callable[[Located], str]:
    def parse(located: Located) -> str:
        value = located.value
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise FieldProblem(f"must be text, not {_describe(value)}")
        value = str(value).strip()
        if not value:
            raise FieldProblem("is empty; write the text after the colon")
        if max_length is not None and len(value) > max_length:
            raise FieldProblem(
                f"is {len(value)} characters long; shorten it to at most {max_length}"
            )
        return value

    return parse


NOT_RECORDED = "not recorded"


def one_of(kind: str, choices: Iterable[str]) -> Callable[[Located], str]:
    """A ``kind`` among ``choices``, written in any case; a close one is suggested."""
    known = frozenset(choices)

    def parse(located: Located) -> str:
        value = text()(located).lower()
        if value not in known:
            raise FieldProblem(unknown_message(kind, value, known), names_itself=True)
        return value

    return parse


def recorded_text(located: Located) -> str | None:
    """Text that must be given, where ``not recorded`` says plainly that the source lacks it."""
    value = text()(located)
    return None if value.lower() == NOT_RECORDED else value


def recorded_date(located: Located) -> PartialDate | None:
    """A date at any precision, where ``not recorded`` says plainly that no source gives it."""
    value = located.value
    if isinstance(value, str) and value.strip().lower() == NOT_RECORDED:
        return None
    try:
        return partial_date(located)
    except FieldProblem as problem:
        raise FieldProblem(f"{problem}; or write `{NOT_RECORDED}`") from None


def iso_date(located: Located) -> datetime.date:
    date = partial_date(located)
    if date.day is None or date.month is None:
        raise FieldProblem(f"`{located.value}` must be a full date, YYYY-MM-DD")
    return datetime.date(date.year, date.month, date.day)


def partial_date(located: Located) -> PartialDate:
    """ISO 8601 at any precision: ``2024``, ``2024-06`` or ``2024-06-30``."""
    value = located.value
    match = _PARTIAL_DATE.fullmatch(str(value)) if isinstance(value, str | int) else None
    if match is None or isinstance(value, bool):
        raise FieldProblem(f"`{value}` is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY)")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise FieldProblem(
            f"`{value}` is not a date that exists; check the month and day"
        ) from None
    return PartialDate(year, month, day)


def web_address(located: Located) -> str:
    value = text()(located)
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s]*", value, flags=re.IGNORECASE):
        raise FieldProblem(
            f"`{value}` is not a web address; it must start with http:// or https://"
        )
    try:
        urllib.parse.urlsplit(value).port  # noqa: B018 (what raises on a bad host or port)
    except ValueError:
        raise FieldProblem(
            f"`{value}` is not a web address: its host or port is malformed (a stray bracket, "
            "or a port that is no number up to 65535)"
        ) from None
    return value


def recorded_web_address(located: Located) -> str:
    """A web address, or ``not recorded`` (returned as :data:`NOT_RECORDED`) where none is known:
    said plainly, so that the missing address is a finding rather than an oversight."""
    value = text()(located)
    return NOT_RECORDED if value.lower() == NOT_RECORDED else web_address(located)


def contact_address(located: Located) -> str:
    """An e-mail address, or a web address (of a contact form)."""
    value = text()(located)
    if _EMAIL.fullmatch(value):
        return value
    try:
        return web_address(located)
    except FieldProblem:
        raise FieldProblem(
            f"`{value}` is neither an e-mail address nor a web address starting with https://"
        ) from None


def base_address(located: Located) -> str:
    value = text()(located)
    try:
        return site_address(value)
    except ValueError as problem:
        raise FieldProblem(f"`{value}` {problem}") from None


def text_list(located: Located) -> tuple[str, ...]:
    if not isinstance(located.value, list):
        raise FieldProblem("must be a list, such as [serbia, ukraine]")
    return tuple(_item(text(), item) for item in located.value)


def flag(located: Located) -> bool:
    if not isinstance(located.value, bool):
        raise FieldProblem(f"must be true or false, not `{located.value}`")
    return bool(located.value)


def whole_number(located: Located) -> int:
    if isinstance(located.value, bool) or not isinstance(located.value, int):
        raise FieldProblem(f"must be a whole number, not `{located.value}`")
    return located.value


def rating_of(scale: RatingScale | None) -> Parser:
    def parse(located: Located) -> Rating:
        # An unquoted `verdict: false` reaches us as a YAML boolean; editors mean the rating "false".
        key = str(located.value).lower() if isinstance(located.value, bool) else text()(located)
        if scale is None:  # the scale itself is broken and already reported; check nothing more
            return Rating(key, key, "", None)
        rating = scale.get(key)
        if rating is None:
            raise FieldProblem(
                unknown_message("verdict", key, [r.key for r in scale.ratings]), names_itself=True
            )
        return rating

    return parse


def source_id_in(sources: set[str]) -> Callable[[Located], str]:
    """The id of an existing source."""

    def parse(located: Located) -> str:
        value = text()(located)
        if not SLUG.fullmatch(value):
            raise FieldProblem(
                f"`{value}` is not an id (lowercase letters, digits, hyphens)", located.line
            )
        if value not in sources:
            raise FieldProblem(
                unknown_message("source", value, sources),
                located.line,
                names_itself=True,
                unknown_source=value,
            )
        return value

    return parse


def source_ids_in(sources: set[str]) -> Parser:
    """One source id, or a list of them."""
    one = source_id_in(sources)

    def parse(located: Located) -> tuple[str, ...]:
        items = located.value if isinstance(located.value, list) else [located]
        if not items:
            raise FieldProblem("is an empty list; name at least one source id")
        return tuple(one(item) for item in items)

    return parse


def mapping_fields(located: Located, schema: dict[str, Field]) -> dict[str, Any]:
    """Check one YAML mapping (a settings file or a list entry); raises on the first problem."""
    if not isinstance(located.value, dict):
        raise FieldProblem(
            f"must be a mapping of `field: value` lines, not {_describe(located.value)}",
            located.line,
        )
    for name, value in located.value.items():
        if name not in schema:
            raise FieldProblem(unknown_message("field", name, schema), value.line)
    fields: dict[str, Any] = {}
    for name, field in schema.items():
        if name in located.value:
            fields[name] = _item(field.parse, located.value[name], name)
        elif field.required:
            raise FieldProblem(f"`{name}` is missing; add `{name}: {field.example}`", located.line)
        else:
            fields[name] = None
    return fields


def entries(schema: dict[str, Field], not_a_list: str) -> Callable[[Located], list[dict[str, Any]]]:
    """A list of mappings, each checked against ``schema``; ``not_a_list`` is the problem when
    the value is something else, showing what an entry looks like."""

    def parse(located: Located) -> list[dict[str, Any]]:
        if not isinstance(located.value, list):
            raise FieldProblem(not_a_list)
        return [mapping_fields(item, schema) for item in located.value]

    return parse


def _item(parse: Parser, located: Located, name: str | None = None) -> Any:
    """Parse one value, pinning any problem to its own line."""
    try:
        return parse(located)
    except FieldProblem as problem:
        message = problem.for_field(name) if name else f"item {problem}"
        raise FieldProblem(
            message,
            problem.line or located.line,
            names_itself=True,
            unknown_source=problem.unknown_source,
        ) from None


def unknown_message(kind: str, name: str, known: Iterable[str]) -> str:
    """The message for a ``kind`` named ``name`` that is none of ``known``: the closest of them,
    or the list to choose from."""
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {kind} `{name}`; did you mean `{close[0]}`?"
    listed = ", ".join(known) if len(known) <= 12 else ", ".join(known[:12]) + ", ..."
    return f"unknown {kind} `{name}`; use one of: {listed}"


def _describe(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "nothing"
    return f"`{value}`"
