"""Read content files into values that remember their line, so every error can name it.

python-frontmatter finds the front matter; its YAML is composed here with PyYAML's node API, because
the dictionaries that ``frontmatter.load`` returns have lost the line numbers editors need.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import frontmatter
import yaml

from factcheck.citations import CitationSyntaxError, Cite, find_citations, parse_citation
from factcheck.errors import ContentError, ContentErrors
from factcheck.model import Document

_YAML_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"


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

_FRONT_MATTER = frontmatter.default_handlers.YAMLHandler()


@dataclass(frozen=True)
class Located:
    """A YAML value and the file line it starts on; mappings and lists hold Located items."""

    value: Any
    line: int


@dataclass(frozen=True)
class RawDocument:
    """A content file split into its front-matter fields and its Markdown body."""

    path: Path
    fields: dict[str, Located]
    body: str
    body_line: int
    digest: str
    """A hash of the file's bytes: what the pages made from it depend on."""
    citations: tuple[tuple[int, str, tuple[Cite, ...] | str], ...]
    """Each citation in the body: its line, its text, and its cites or why it is not well formed."""

    @property
    def cited_ids(self) -> frozenset[str]:
        return frozenset(
            cite.source_id
            for _, _, cites in self.citations
            if not isinstance(cites, str)
            for cite in cites
        )


@dataclass
class DocumentCache:
    """Checked documents kept from one build to the next, by path. An entry stands while the
    file's size and modification time are unchanged (as git's index assumes) and it was checked
    against the same ``context`` (what else its checks depend on), except for files changed so
    shortly before they were read that a later change could keep the same time."""

    entries: dict[str, tuple[int, int, int, str, Document]] = field(default_factory=dict)

    def get(self, path: str, stat: os.stat_result, context: str) -> Document | None:
        entry = self.entries.get(path)
        if entry is None:
            return None
        mtime, size, read_at, checked_against, document = entry
        settled = mtime < read_at - RACY_NANOSECONDS
        unchanged = (mtime, size, checked_against) == (stat.st_mtime_ns, stat.st_size, context)
        return document if settled and unchanged else None

    def retain(self, paths: set[str]) -> None:
        """Forget every file but ``paths``: the others were deleted."""
        self.entries = {path: entry for path, entry in self.entries.items() if path in paths}

    def put(self, path: str, stat: os.stat_result, context: str, document: Document) -> None:
        self.entries[path] = (
            stat.st_mtime_ns,
            stat.st_size,
            time.time_ns(),
            context,
            document,
        )


RACY_NANOSECONDS = 2_000_000_000


def scan_tree(folder: Path | str) -> Iterator[os.DirEntry[str]]:
    """Every file and folder below ``folder`` (none if it is missing), as ``os.scandir`` finds
    them: each knows its kind, and its times once asked, without more calls to the system."""
    try:
        scan = os.scandir(folder)
    except OSError:
        return
    with scan:
        for entry in scan:
            yield entry
            if entry.is_dir(follow_symlinks=False):
                yield from scan_tree(entry.path)


RESERVED_CHARACTERS = "\ue000\ue001"
"""Private-use characters the build uses internally to mark quotations (see markup.py)."""

_RESERVED = re.compile(f"[{RESERVED_CHARACTERS}]")

MAX_FILE_BYTES = 2_000_000
"""Larger content files are refused: Markdown of that size takes minutes to render, and no claim
or source excerpt needs it."""


def read_text(path: Path, data: bytes | None = None) -> str:
    """The file's text with a byte-order mark dropped and line endings made ``\\n``."""
    data = path.read_bytes() if data is None else data
    if len(data) > MAX_FILE_BYTES:
        raise _error(
            str(path), 1,
            f"the file is {len(data) / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB "
            "limit; keep only the text the checks rely on",
        )  # fmt: skip
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise ContentErrors(
            [
                ContentError(
                    str(path), line, f"byte 0x{byte:02x} is not UTF-8 text; save the file as UTF-8"
                )
            ]
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reserved = _RESERVED.search(text)
    if reserved is not None:
        raise _error(
            str(path), text.count("\n", 0, reserved.start()) + 1,
            f"an invisible private-use character (U+{ord(reserved.group()):04X}); delete it",
        )  # fmt: skip
    return text


def read_document(path: Path) -> RawDocument:
    """Split a Markdown file with YAML front matter into located fields and body."""
    data = path.read_bytes()
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    text = read_text(path, data)
    where = str(path)
    if not text.strip():
        raise _error(
            where, 1, "the file is empty; it must start with front matter between two lines of ---"
        )
    opening = _FRONT_MATTER.FM_BOUNDARY.match(text) if _FRONT_MATTER.detect(text) else None
    if opening is None:
        raise _error(
            where,
            1,
            "no front matter; the file must start with a line of three dashes (---), "
            "then its fields, then another line of ---",
        )
    if len(_FRONT_MATTER.FM_BOUNDARY.findall(text)) < 2:
        raise _error(
            where,
            1,
            "the front matter is never closed; add a line of three dashes (---) after the last field",
        )
    fm_text, body = _FRONT_MATTER.split(text)
    fm_first_line = text.count("\n", 0, opening.end()) + 1
    fields = parse_yaml(fm_text, where, fm_first_line)
    if fields.value is None:
        raise _error(
            where, 1, "the front matter has no fields; add them between the two lines of ---"
        )
    if not isinstance(fields.value, dict):
        raise _error(where, fields.line, "the front matter must be a list of `field: value` lines")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return RawDocument(path, fields.value, body, body_line, digest, _citations(body, body_line))


def _citations(body: str, body_line: int) -> tuple[tuple[int, str, tuple[Cite, ...] | str], ...]:
    parsed: list[tuple[int, str, tuple[Cite, ...] | str]] = []
    for line, inside in find_citations(body, body_line):
        try:
            parsed.append((line, inside, parse_citation(inside)))
        except CitationSyntaxError as problem:
            parsed.append((line, inside, str(problem)))
    return tuple(parsed)


def read_yaml_file(path: Path) -> Located:
    """A whole YAML settings file, with lines."""
    return parse_yaml(read_text(path), str(path), 1)


def parse_yaml(text: str, where: str, first_line: int) -> Located:
    """Parse YAML whose first line is file line ``first_line``."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, first_line)
        return _located(loader, node, where, first_line)
    except yaml.MarkedYAMLError as error:
        # An unclosed quote is noticed only at the end; the quote's own line is the one to fix.
        unclosed = "end of stream" in (error.problem or "") and "quoted" in (error.context or "")
        mark = error.context_mark if unclosed else error.problem_mark or error.context_mark
        line_index = mark.line if mark else 0
        source_line = text.splitlines()[line_index] if line_index < len(text.splitlines()) else ""
        message = (
            "the quotes opened on this line are never closed; add the closing quote"
            if unclosed
            else _explain_yaml_error(error, source_line)
        )
        raise _error(where, first_line + line_index, message) from None
    except yaml.reader.ReaderError as error:
        line = first_line + text.count("\n", 0, max(error.position, 0))
        code = ord(error.character) if isinstance(error.character, str) else int(error.character)
        character = f"U+{code:04X}"
        raise _error(
            where,
            line,
            f"an invisible control character ({character}) that YAML does not allow; delete it",
        ) from None
    finally:
        loader.dispose()


def _located(loader: yaml.SafeLoader, node: yaml.Node, where: str, first_line: int) -> Located:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node))
            if key in mapping:
                raise _error(
                    where,
                    first_line + key_node.start_mark.line,
                    f"`{key}` is given twice; keep one of them",
                )
            value = _located(loader, value_node, where, first_line)
            # A field's line is its key's, also where its value (a list) starts on the next line.
            mapping[key] = Located(value.value, first_line + key_node.start_mark.line)
        return Located(mapping, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_located(loader, item, where, first_line) for item in node.value], line)
    return Located(loader.construct_object(node), line)


def _explain_yaml_error(error: yaml.MarkedYAMLError, line: str) -> str:
    problem = error.problem or error.context or "unreadable YAML"
    if "\t" in line:
        return "a tab character; indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a colon inside a value; put the whole value in double quotes"
    if "could not find expected ':'" in problem:
        return "this line is not `field: value`; add the missing colon or quote the text"
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return f"{problem}; put the value in double quotes"
    return f"this line is not valid YAML ({problem}); check the quotes and colons"


def _error(path: str, line: int, message: str) -> ContentErrors:
    return ContentErrors([ContentError(path, line, message)])
