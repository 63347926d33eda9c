"""The citation syntax shared by validation and rendering: ``[@id]``, ``[@a; @b]``, ``[@a, para. 3]``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.errors import Lines

CITATION_PATTERN = r"\[@([^\[\]\n]*)\]"
"""A bracket that opens with ``@``; its inside is checked by :func:`parse_citation`. The inside
holds no ``[``, so each match stops at the next bracket: many ``[@`` cost linear time."""

_CITATION = re.compile(CITATION_PATTERN)
_ONE_REFERENCE = re.compile(r"@([a-z0-9]+(?:-[a-z0-9]+)*)\s*(?:,\s*(\S.*))?")


@dataclass(frozen=True)
class Cite:
    """One source named inside a citation, with its optional locator (``para. 3``, ``p. 12``)."""

    source_id: str
    locator: str | None


class CitationSyntaxError(ValueError):
    """A citation whose inside does not follow the syntax; the message says how to write it."""


def parse_citation(inside: str) -> tuple[Cite, ...]:
    """Parse the text between ``[@`` and ``]`` (the leading ``@`` included) into its cites."""
    cites = []
    for part in ("@" + inside).split(";"):
        match = _ONE_REFERENCE.fullmatch(part.strip())
        if match is None:
            raise CitationSyntaxError(
                f"citation `[@{inside}]` is not well formed; write [@source-id], "
                "[@source-id, para. 3] or [@first-id; @second-id]"
            )
        cites.append(Cite(match[1], match[2].strip() if match[2] else None))
    return tuple(cites)


def find_citations(text: str, first_line: int) -> list[tuple[int, str]]:
    """Every citation in a Markdown text as ``(file line, inside)``, in order."""
    lines = Lines(text, first_line)
    return [(lines.at(match.start()), match[1]) for match in _CITATION.finditer(text)]
