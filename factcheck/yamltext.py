"""YAML as editors write it (front matter, settings), parsed into values that remember their line.

The values are built here from the parser's events, not by PyYAML's composer, so that what hostile
YAML would make costly is refused at its line before anything is built: anchors and aliases (a few
hundred bytes of them expand to gigabytes, or refer to themselves), tags (which name code to
run), nesting deeper than :data:`MAX_DEPTH`, and invisible characters that can disguise text
(:data:`INVISIBLE`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from factcheck.errors import Lines, content_error

_YAML_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"

MAX_DEPTH = 16
"""Lists and mappings nested deeper than this are refused: no field needs more than three."""

INVISIBLE = re.compile(
    "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)  # fmt: skip
"""Bidirectional controls and zero-width characters: in a title or a name they can reverse,
hide or disguise what readers see, and no field needs them."""


class _Loader(_YAML_BASE):  # type: ignore[valid-type,misc]
    """YAML as editors expect it: dates stay text until validated, and only true/false are booleans.

    PyYAML's YAML 1.1 rules would read ``language: no`` as False and fail on ``2025-02-30`` with a
    bare ValueError; both become clear messages in :mod:`factcheck.load` instead.
    """

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag not in (_TIMESTAMP, _BOOL)]
        for first, resolvers in _YAML_BASE.yaml_implicit_resolvers.items()
    }


_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Located:
    """A YAML value and the file line it starts on; mappings and lists hold Located items."""

    value: Any
    line: int


_FLOW = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}")}
"""The brackets of YAML's lists and mappings written on one line, by the name its errors give."""


def parse_yaml(text: str, where: str, first_line: int) -> Located:
    """Parse YAML whose first line is file line ``first_line``; raise ContentErrors naming the
    line of the first problem."""
    loader = _Loader(text)
    try:
        return _Composer(loader, text, where, first_line).document()
    except yaml.MarkedYAMLError as error:
        # An unclosed quote or bracket is noticed only on a later line; its own line is the one
        # to fix.
        context = error.context or ""
        unclosed = "end of stream" in (error.problem or "") and "quoted" in context
        bracket = next((pair for name, pair in _FLOW.items() if name in context), None)
        if error.problem_mark and error.context_mark:  # a mistake inside closed brackets
            bracket = bracket if error.problem_mark.line > error.context_mark.line else None
        opened = unclosed or bracket is not None
        mark = error.context_mark if opened else error.problem_mark or error.context_mark
        line_index = mark.line if mark else 0
        source_line = text.splitlines()[line_index] if line_index < len(text.splitlines()) else ""
        if bracket is not None:
            message = (
                f"the {bracket[0]} opened on this line is never closed; add the closing "
                f"{bracket[1]}, or put the value in quotes if it starts with {bracket[0]}"
            )
        elif unclosed:
            message = "the quotes opened on this line are never closed; add the closing quote"
        else:
            message = _explain_yaml_error(error, source_line)
        raise content_error(where, first_line + line_index, message) from None
    except yaml.reader.ReaderError as error:
        line = first_line + text.count("\n", 0, max(error.position, 0))
        code = ord(error.character) if isinstance(error.character, str) else int(error.character)
        raise content_error(
            where,
            line,
            f"an invisible control character (U+{code:04X}) that YAML does not allow; delete it",
        ) from None
    finally:
        loader.dispose()


@dataclass
class _Composer:
    """Builds :class:`Located` values from one YAML document's parser events."""

    loader: Any
    text: str
    where: str
    first_line: int

    def __post_init__(self) -> None:
        self.lines = Lines(self.text, self.first_line)

    def document(self) -> Located:
        loader = self.loader
        loader.get_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            return Located(None, self.first_line)
        loader.get_event()  # the document's start
        value = self.value(0)
        loader.get_event()  # the document's end
        if not loader.check_event(yaml.StreamEndEvent):
            raise content_error(
                self.where,
                self._line(loader.peek_event()),
                "a second YAML document (after a line of ---); keep one",
            )
        return value

    def value(self, depth: int) -> Located:
        loader = self.loader
        event = loader.get_event()
        line = self._line(event)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise content_error(
                self.where, line,
                "YAML anchors and aliases (`&name`, `*name`) are not allowed; write the value "
                "out in full, or put text starting with & or * in double quotes",
            )  # fmt: skip
        if getattr(event, "tag", None) not in (None, "!"):
            raise content_error(
                self.where, line,
                "YAML tags (such as `!!int` or `!!python/object`) are not allowed; write the "
                "value plainly, or put text starting with ! in double quotes",
            )  # fmt: skip
        if isinstance(event, yaml.ScalarEvent):
            return Located(self._scalar(event), line)
        if depth >= MAX_DEPTH:
            raise content_error(
                self.where, line,
                f"lists and fields are nested more than {MAX_DEPTH} deep; no field needs that: "
                "check the brackets and indentation",
            )  # fmt: skip
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not loader.check_event(yaml.SequenceEndEvent):
                items.append(self.value(depth + 1))
            loader.get_event()
            return Located(items, line)
        mapping: dict[str, Located] = {}
        while not loader.check_event(yaml.MappingEndEvent):
            key_event = loader.peek_event()
            key_line = self._line(key_event)
            if not isinstance(key_event, yaml.ScalarEvent):
                raise content_error(
                    self.where, key_line, "a field name must be plain text, such as `title:`"
                )
            key = str(self.value(depth + 1).value)
            if key in mapping:
                raise content_error(
                    self.where, key_line, f"`{key}` is given twice; keep one of them"
                )
            # A field's line is its key's, also where its value (a list) starts on the next line.
            mapping[key] = Located(self.value(depth + 1).value, key_line)
        loader.get_event()
        return Located(mapping, line)

    def _scalar(self, event: Any) -> Any:  # Any: the C parser's events carry its own Mark
        invisible = INVISIBLE.search(event.value)
        if invisible is not None:
            character = invisible.group()
            name = unicodedata.name(character, "FORMAT CONTROL").lower()
            raise content_error(
                self.where,
                self._line_of(character, event),
                f"an invisible character (U+{ord(character):04X}, {name}) that can hide or "
                "reverse text; delete it",
            )
        tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return self.loader.construct_object(node)

    def _line(self, event: Any) -> int:
        # Counted from the character offset: YAML also breaks lines at U+2028, U+2029 and
        # U+0085, which editors' programs show within a line.
        return self.lines.at(int(event.start_mark.index))

    def _line_of(self, character: str, event: Any) -> int:
        """The file line where ``character`` stands in the text of ``event``."""
        start, end = int(event.start_mark.index), int(event.end_mark.index)
        found = self.text.find(character, start, end)
        return self.lines.at(found if found >= 0 else start)  # not found: written as "\u202e"


def _explain_yaml_error(error: yaml.MarkedYAMLError, line: str) -> str:
    problem = error.problem or error.context or "unreadable YAML"
    if "\t" in line:
        return "a tab character; indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a colon inside a value; put the whole value in double quotes"
    if "could not find expected ':'" in problem:
        return "this line is not `field: value`; add the missing colon or quote the text"
    if "found unhashable key" in problem:
        return f"{problem}; put the value in double quotes"
    return f"this line is not valid YAML ({problem}); check the quotes and colons"
