"""Read content files into values that remember their line, so every error can name it.

python-frontmatter finds the front matter; its YAML is parsed by :mod:`factcheck.yamltext`, because
the dictionaries that ``frontmatter.load`` returns have lost the line numbers editors need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from factcheck.brackets import bracket_problem
from factcheck.citations import CitationSyntaxError, Cite, find_citations, parse_citation
from factcheck.digests import digest_of_bytes
from factcheck.errors import ContentError, ContentErrors, content_error
from factcheck.files import read_inside
from factcheck.reserved import RESERVED_CHARACTERS
from factcheck.yamltext import Located, parse_yaml

_FRONT_MATTER = frontmatter.default_handlers.YAMLHandler()


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


_RESERVED = re.compile(f"[{RESERVED_CHARACTERS}]")


def read_text(path: Path, data: bytes) -> str:
    """The file's text with a byte-order mark dropped and line endings made ``\\n``."""
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
        raise content_error(
            str(path), text.count("\n", 0, reserved.start()) + 1,
            f"an invisible private-use character (U+{ord(reserved.group()):04X}); delete it",
        )  # fmt: skip
    return text


def read_document(path: Path, data: bytes) -> RawDocument:
    """Split the bytes of a Markdown file with YAML front matter into located fields and body."""
    digest = digest_of_bytes(data)
    text = read_text(path, data)
    where = str(path)
    if not text.strip():
        raise content_error(
            where, 1, "the file is empty; it must start with front matter between two lines of ---"
        )
    opening = _FRONT_MATTER.FM_BOUNDARY.match(text) if _FRONT_MATTER.detect(text) else None
    if opening is None:
        raise content_error(
            where,
            1,
            "no front matter; the file must start with a line of three dashes (---), "
            "then its fields, then another line of ---",
        )
    if len(_FRONT_MATTER.FM_BOUNDARY.findall(text)) < 2:
        raise content_error(
            where,
            1,
            "the front matter is never closed; add a line of three dashes (---) after the last field",
        )
    fm_text, body = _FRONT_MATTER.split(text)
    fm_first_line = text.count("\n", 0, opening.end()) + 1
    fields = parse_yaml(fm_text, where, fm_first_line)
    if fields.value is None:
        raise content_error(
            where, 1, "the front matter has no fields; add them between the two lines of ---"
        )
    if not isinstance(fields.value, dict):
        raise content_error(
            where, fields.line, "the front matter must be a list of `field: value` lines"
        )
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    slow = bracket_problem(body)
    if slow is not None:
        offset, message = slow
        raise content_error(where, body_line + body.count("\n", 0, offset), message)
    return RawDocument(path, fields.value, body, body_line, digest, _citations(body, body_line))


def _citations(body: str, body_line: int) -> tuple[tuple[int, str, tuple[Cite, ...] | str], ...]:
    parsed: list[tuple[int, str, tuple[Cite, ...] | str]] = []
    for line, inside in find_citations(body, body_line):
        try:
            parsed.append((line, inside, parse_citation(inside)))
        except CitationSyntaxError as problem:
            parsed.append((line, inside, str(problem)))
    return tuple(parsed)


def read_yaml_file(path: Path, root: Path) -> Located:
    """A whole YAML settings file inside the folder ``root`` (resolved), with lines."""
    return parse_yaml(read_text(path, read_inside(path, root)), str(path), 1)
