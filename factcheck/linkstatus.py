"""What the last link check found, kept in ``content/link-checks.yml`` so that every build can
tell readers which originals are gone, and link the archived copy first.

The file belongs to the link check: it begins with :data:`MARKER`, the check rewrites it whole,
and a file of that name without the marker is neither read as results nor overwritten. It sits in
the content folder because it is content: what it says is published, and it is committed with the
claims it changes.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from factcheck.digests import digest_of
from factcheck.errors import ContentError, ContentErrors
from factcheck.fields import (
    Field,
    FieldProblem,
    iso_date,
    mapping_fields,
    text,
    unknown_message,
    web_address,
    whole_number,
)
from factcheck.files import MAX_FILE_BYTES, read_inside, read_regular
from factcheck.model import LINK_STATUSES, LinkCheck, Source
from factcheck.reader import read_text
from factcheck.yamltext import Located, parse_yaml

LINK_CHECKS_FILE = "link-checks.yml"
MARKER = "# Written by `python build.py check --links`"
"""The first line of every file the check writes: what lets it know the file is its own."""
_HEADER = (
    f"{MARKER}: what the last check found of each source's address.\n"
    "# Each check rewrites this file whole, so an edit here would be lost: run the check again\n"
    "# instead. Pages say an original is unavailable where its status here is `dead`.\n"
)


def _status(located: Located) -> str:
    value = text()(located)
    if value not in LINK_STATUSES:
        raise FieldProblem(unknown_message("status", value, LINK_STATUSES), names_itself=True)
    return value


_ENTRY_FIELDS = {
    "status": Field(_status, True, "live"),
    "checked": Field(iso_date, True, "2025-05-29"),
    "code": Field(whole_number),
    "reason": Field(text()),
    "location": Field(web_address),
}


def link_checks_path(content_dir: Path) -> Path:
    return content_dir / LINK_CHECKS_FILE


def read_link_checks(path: Path, root: Path) -> dict[str, LinkCheck]:
    """The results kept in ``path``, inside the folder ``root`` (resolved), by address; none
    where there is no such file. ContentErrors name the line of each entry that is wrong."""
    if not path.exists() and not path.is_symlink():
        return {}
    file_text = read_text(path, read_inside(path, root))
    if not file_text.startswith(MARKER):
        raise ContentErrors([ContentError(str(path), 1, _not_ours())])
    located = parse_yaml(file_text, str(path), 1)
    if located.value is None:
        return {}
    if not isinstance(located.value, dict):
        raise ContentErrors([ContentError(str(path), located.line, _not_ours())])
    checks: dict[str, LinkCheck] = {}
    errors: list[ContentError] = []
    for address, entry in located.value.items():
        try:
            fields = mapping_fields(entry, _ENTRY_FIELDS)
        except FieldProblem as problem:
            line = problem.line or entry.line
            errors.append(ContentError(str(path), line, f"{address}: {problem}"))
            continue
        checks[address] = LinkCheck(**fields | {"reason": fields["reason"] or ""})
    if errors:
        raise ContentErrors(errors)
    return checks


def with_link_checks(sources: dict[str, Source], checks: dict[str, LinkCheck]) -> dict[str, Source]:
    """The sources with what the last check found of their addresses. A source's digest, which
    what is made from it depends on, changes with what was found."""
    checked = {}
    for source_id, source in sources.items():
        url_check = checks.get(source.url or "")
        archive_check = checks.get(source.archive_url or "")
        if url_check is None and archive_check is None:
            checked[source_id] = source
            continue
        checked[source_id] = dataclasses.replace(
            source,
            url_check=url_check,
            archive_check=archive_check,
            digest=digest_of([source.digest, repr(url_check), repr(archive_check)]),
        )
    return checked


def refuse_unless_ours(path: Path) -> None:
    """Raise ContentErrors unless ``path`` is missing or a file the check wrote: the check never
    writes over a file it did not make, nor through a link."""
    if path.is_symlink():
        raise ContentErrors([ContentError(str(path), 1, f"is a link; {_move_away()}")])
    if not path.exists():
        return
    try:
        start = read_regular(path, MAX_FILE_BYTES)[: len(MARKER.encode())]
    except OSError as error:
        raise ContentErrors(
            [ContentError(str(path), 1, f"cannot be read ({error.strerror or error})")]
        ) from None
    if start != MARKER.encode():
        raise ContentErrors([ContentError(str(path), 1, _not_ours())])


def write_link_checks(path: Path, checks: dict[str, LinkCheck]) -> None:
    """Write ``checks`` to ``path`` whole, or leave it as it was: a new file is written beside it
    and put in its place in one step, so no build reads half of one."""
    refuse_unless_ours(path)
    entries = [_entry(address, checks[address]) for address in sorted(checks)]
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    file = temporary.open("x", encoding="utf-8", newline="\n")  # never over another's file
    try:
        with file:
            file.write(_HEADER + "".join(entries))
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # ours, made above: no half-written file is left
        raise


def _entry(address: str, check: LinkCheck) -> str:
    lines = [f"{_quoted(address)}:", f"  status: {check.status}", f"  checked: {check.checked}"]
    if check.code is not None:
        lines.append(f"  code: {check.code}")
    if check.reason:
        lines.append(f"  reason: {_quoted(check.reason)}")
    if check.location:
        lines.append(f"  location: {_quoted(check.location)}")
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    """``value`` as a YAML double-quoted string: every character that YAML would not read back
    as itself (a quote, a backslash, a line break or other unprintable one) escaped."""
    escaped = (
        character if character.isprintable() and character not in '"\\'
        else "\\" + character if character in '"\\'
        else f"\\U{ord(character):08x}"
        for character in value
    )  # fmt: skip
    return f'"{"".join(escaped)}"'


def _not_ours() -> str:
    return f"is not a file the link check wrote (its first line is not `{MARKER}`); {_move_away()}"


def _move_away() -> str:
    return (
        "the check writes its results only to a file of its own. Move this one away or rename "
        "it, then run `python build.py check --links` to make the file anew"
    )
