"""What ``check --links`` tells the editor: a table of the addresses worth a look, each at its
source file's line, with what to do about each kind of finding; or all of it as JSON (``--json``)."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass

from factcheck.linkstatus import LINK_STATUSES, LinkCheck
from factcheck.model import Content, Source

ADDRESS_FIELDS = ("url", "archive_url")

_WORST_FIRST = ("dead", "unreachable", "moved", "redirected", "live")
_ADVICE = {
    "dead": (
        "Dead: pages now say the original is unavailable as of the check, and link the archived "
        "copy first. Where a source has no `archive_url`, look for a copy (web.archive.org, "
        "archive.today) and add its address as `archive_url`."
    ),
    "unreachable": (
        "Unreachable: open the address in a browser. A site may be down for a while, or turn "
        "checkers away; pages are not changed, so run the check again later."
    ),
    "moved": (
        "Moved: open the new address, and if it is the same document, write it in the field "
        "named, in place of the old one."
    ),
    "redirected": "Redirected: the address still leads to the page; nothing needs doing.",
}


@dataclass(frozen=True)
class LinkRow:
    """One address a source gives, and what the check found of it."""

    path: str
    line: int
    source_id: str
    field: str
    """``url`` or ``archive_url``."""
    address: str
    check: LinkCheck


def addresses_of(content: Content) -> set[str]:
    """Every address the sources give, of the original and of the archived copy."""
    return {row_address for _, _, row_address in _addresses(content)}


def link_rows(content: Content, checks: dict[str, LinkCheck]) -> list[LinkRow]:
    """A row for each address of each source, worst finding first, then in file order."""
    rows = [
        LinkRow(str(source.path), source.line_of(field), source.id, field, address, checks[address])
        for source, field, address in _addresses(content)
        if address in checks
    ]
    return sorted(rows, key=lambda row: (_WORST_FIRST.index(row.check.status), row.path, row.line))


def to_look_at(rows: list[LinkRow]) -> int:
    """How many addresses are dead, unreachable or moved: what ``--strict`` fails on."""
    return len({row.address for row in rows if row.check.status not in ("live", "redirected")})


def counts(rows: list[LinkRow]) -> str:
    """``1 dead, 2 live``: how many addresses were found in each state, worst first."""
    found = Counter(check.status for check in {row.address: row.check for row in rows}.values())
    return ", ".join(f"{found[status]} {status}" for status in _WORST_FIRST if found[status])


def table(rows: list[LinkRow]) -> str:
    """The rows that are not live, as a table with what to do after it; empty if all are live."""
    shown = [row for row in rows if row.check.status != "live"]
    if not shown:
        return ""
    cells = [("where", "field", "status", "answer", "address")] + [
        (f"{row.path}:{row.line}", row.field, row.check.status, _answer(row.check), row.address)
        for row in shown
    ]
    widths = [max(len(cell[column]) for cell in cells) for column in range(4)]
    lines = []
    for number, cell in enumerate(cells):
        padded = [text.ljust(width) for text, width in zip(cell[:4], widths, strict=True)]
        lines.append("  ".join([*padded, cell[4]]))
        location = shown[number - 1].check.location if number else None
        if location:
            lines.append(" " * (sum(widths) + 2 * len(widths)) + f"→ {location}")
    statuses = {row.check.status for row in shown}
    advice = [_ADVICE[status] for status in _WORST_FIRST if status in statuses]
    return "\n".join([*lines, "", *advice])


def as_json(rows: list[LinkRow], checked: datetime.date, kept_in: str) -> str:
    """Every address checked, with the sources giving it, as JSON for other programs."""
    giving: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        giving.setdefault(row.address, []).append(
            {"id": row.source_id, "field": row.field, "path": row.path, "line": row.line}
        )
    checks = {row.address: row.check for row in rows}
    report = {
        "checked": checked.isoformat(),
        "kept_in": kept_in,
        "counts": dict(Counter(check.status for check in checks.values())),
        "addresses": [
            {
                "address": address,
                "status": check.status,
                "meaning": LINK_STATUSES[check.status],
                "code": check.code,
                "reason": check.reason or None,
                "location": check.location,
                "sources": giving[address],
            }
            for address, check in checks.items()
        ],
    }
    return json.dumps(report, ensure_ascii=False, indent=2)


def _answer(check: LinkCheck) -> str:
    return check.reason or (str(check.code) if check.code is not None else "")


def _addresses(content: Content) -> list[tuple[Source, str, str]]:
    return [
        (source, field, address)
        for source in content.sources.values()
        for field in ADDRESS_FIELDS
        if (address := getattr(source, field))
    ]
