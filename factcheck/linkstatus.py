"""What the last link check found, kept in ``content/link-checks.yml`` so that every build can
tell readers which originals are gone, and link the archived copy first.

The file belongs to the link check: it begins with :data:`MARKER`, the check rewrites it whole,
and a file of that name without the marker is neither read as results nor overwritten. It sits in
the content folder because it is content: what it says is published, and it is committed with the
claims it changes.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from factcheck.digests import digest_of
from factcheck.errors import ContentError, ContentErrors
from factcheck.fields import (
    Field,
    FieldProblem,
    iso_date,
    mapping_fields,
    one_of,
    whole_number,
)
from factcheck.files import MAX_THEME_FILE_BYTES, read_inside, read_regular
from factcheck.model import Source
from factcheck.reader import read_text
from factcheck.yamltext import Located, parse_yaml

LINK_CHECKS_FILE = "link-checks.yml"
MARKER = "# Written by `python build.py check --links`"
"""The first line of every file the check writes: what lets it know the file is its own."""
MAX_BYTES = MAX_THEME_FILE_BYTES
"""The file's limit: above the content files' (2 MB), which is set for Markdown, as the file
holds a line or so for each of tens of thousands of addresses."""
_HEADER = (
    f"{MARKER}: what the last check found of each source's address.\n"
    "# Each check rewrites this file whole, so an edit here would be lost: run the check again\n"
    "# instead. Pages say an original is unavailable where its status here is `dead`.\n"
)

LINK_STATUSES = {
    "live": "answers",
    "redirected": "answers at another address for now (a temporary redirect)",
    "moved": "has moved for good (a permanent redirect): write the new address in the file",
    "dead": "is gone: the server said twice that there is no such page",
    "unreachable": "did not answer, or refused to: it may be down for now, or turn checkers away",
}
"""What the link check may find of an address, and what each means."""


@dataclass(frozen=True)
class LinkCheck:
    """What the last link check found of one address (see :mod:`factcheck.linkcheck`)."""

    status: str
    """One of :data:`LINK_STATUSES`."""
    checked: datetime.date
    code: int | None = None
    """The HTTP status the address ended at; None where no answer came."""
    reason: str = ""
    """What went wrong, in words (``404 Not Found``, ``no answer within 10 s``); empty if live."""
    location: str | None = None
    """Where a redirect led, as the site wrote it: for one moved or redirected."""

    @property
    def unavailable(self) -> datetime.date | None:
        """The day readers are told the address was unavailable: only where the server said the
        page is gone, never on a failure that may pass (a time-out, a server error)."""
        return self.checked if self.status == "dead" else None


def _exact(located: Located) -> str:
    """Text kept exactly as the check wrote it: an address or a reason, spaces and all."""
    if not isinstance(located.value, str) or not located.value:
        raise FieldProblem("must be text in double quotes")
    return located.value


_ENTRY_FIELDS = {
    "address": Field(_exact, True, '"https://example.org/report"'),
    "status": Field(one_of("status", LINK_STATUSES), True, "live"),
    "checked": Field(iso_date, True, "2025-05-29"),
    "code": Field(whole_number),
    "reason": Field(_exact),
    "location": Field(_exact),
}


def link_checks_path(content_dir: Path) -> Path:
    return content_dir / LINK_CHECKS_FILE


def read_link_checks(path: Path, root: Path) -> dict[str, LinkCheck]:
    """The results kept in ``path``, inside the folder ``root`` (resolved), by address; none
    where there is no such file. ContentErrors name the line of each entry that is wrong."""
    if not path.exists() and not path.is_symlink():
        return {}
    data = read_inside(path, root, MAX_BYTES)
    if not _marked(data):
        raise _refusal(path, _not_ours())
    located = parse_yaml(read_text(path, data), str(path), 1)
    if located.value is None:
        return {}
    if not isinstance(located.value, list):
        raise _refusal(path, f"must be a list of entries, each `- address: ...`; {_written_anew()}")
    checks: dict[str, LinkCheck] = {}
    errors: list[ContentError] = []
    for entry in located.value:
        try:
            fields = mapping_fields(entry, _ENTRY_FIELDS)
        except FieldProblem as problem:
            message = f"{problem}; {_written_anew()}"
            errors.append(ContentError(str(path), problem.line or entry.line, message))
            continue
        address = fields.pop("address")
        checks[address] = LinkCheck(**fields | {"reason": fields["reason"] or ""})
    if errors:
        raise ContentErrors(errors)
    return checks


def with_link_checks(sources: dict[str, Source], checks: dict[str, LinkCheck]) -> dict[str, Source]:
    """The sources, each with the day its addresses were found gone, if they were. A source's
    digest, which what is made from it depends on, changes with that and nothing else."""
    checked = {}
    for source_id, source in sources.items():
        url_unavailable = _unavailable(checks, source.url)
        archive_unavailable = _unavailable(checks, source.archive_url)
        if url_unavailable is None and archive_unavailable is None:
            checked[source_id] = source
            continue
        checked[source_id] = dataclasses.replace(
            source,
            url_unavailable=url_unavailable,
            archive_unavailable=archive_unavailable,
            digest=digest_of([source.digest, repr((url_unavailable, archive_unavailable))]),
        )
    return checked


def refuse_unless_ours(path: Path) -> None:
    """Raise ContentErrors unless ``path`` is missing or a file the check wrote: the check never
    writes over a file it did not make, nor through a link."""
    if path.is_symlink():
        raise _refusal(path, f"is a link; {_move_away()}")
    if not path.exists():
        return
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError as error:
        raise _refusal(path, f"cannot be read ({error.strerror or error})") from None
    if not _marked(data):
        raise _refusal(path, _not_ours())


def write_link_checks(path: Path, checks: dict[str, LinkCheck]) -> None:
    """Write ``checks`` to ``path`` whole, or leave it as it was: a new file is written beside it
    and put in its place in one step, so no build reads half of one."""
    refuse_unless_ours(path)
    data = _HEADER + "".join(_entry(address, checks[address]) for address in sorted(checks))
    encoded = data.encode()
    if len(encoded) > MAX_BYTES:
        raise _refusal(
            path,
            f"would be {len(encoded):,} bytes, more than a build reads ({MAX_BYTES:,}); it was "
            "left as it was",
        )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    file = temporary.open("xb")  # never over another's file
    try:
        with file:
            file.write(encoded)
            file.flush()
            os.fsync(file.fileno())  # on disk before it takes the place of the last results
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # ours, made above: no half-written file is left
        raise


def _marked(data: bytes) -> bool:
    """Whether the file ``data`` is one the check wrote (an editor's byte-order mark aside)."""
    return data.removeprefix(codecs.BOM_UTF8).startswith(MARKER.encode())


def _unavailable(checks: dict[str, LinkCheck], address: str | None) -> datetime.date | None:
    check = checks.get(address) if address else None
    return check.unavailable if check else None


def _entry(address: str, check: LinkCheck) -> str:
    # A list of entries, not a mapping by address: YAML keys end at 1,024 characters, and an
    # address may be longer.
    lines = [
        f"- address: {_quoted(address)}",
        f"  status: {check.status}",
        f"  checked: {check.checked}",
    ]
    if check.code is not None:
        lines.append(f"  code: {check.code}")
    if check.reason:
        lines.append(f"  reason: {_quoted(check.reason)}")
    if check.location:
        lines.append(f"  location: {_quoted(check.location)}")
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    """``value`` as a YAML double-quoted string: every character that YAML would not read back
    as itself (a quote, a backslash, a line break or another unprintable one) escaped."""
    escaped = (
        character
        if character.isprintable() and character not in '"\\'
        else "\\" + character if character in '"\\'
        else f"\\U{ord(character):08x}"
        for character in value
    )  # fmt: skip
    return f'"{"".join(escaped)}"'


def _refusal(path: Path, message: str) -> ContentErrors:
    return ContentErrors([ContentError(str(path), 1, message)])


def _not_ours() -> str:
    return f"is not a file the link check wrote (its first line is not `{MARKER}`); {_move_away()}"


def _move_away() -> str:
    return (
        "the check writes its results only to a file of its own. Move this one away or rename "
        "it, then run `python build.py check --links` to make the file anew"
    )


def _written_anew() -> str:
    return "run `python build.py check --links` to write the file anew"
