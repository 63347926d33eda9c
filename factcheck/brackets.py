"""Bodies whose brackets would make Python-Markdown slow, found in linear time.

Python-Markdown looks for the ``]`` that closes each ``[`` (and the ``)`` that closes each ``](``)
by scanning the rest of the paragraph, so a paragraph of thousands of unclosed brackets takes
quadratic time: 100,000 ``[`` never finish. What those scans would cost is summed here from the
bracket characters alone, and a body over :data:`SCAN_BUDGET` is refused at the line of the
paragraph that costs most, before Markdown sees it. Ordinary text costs a tiny part of the budget.
"""

from __future__ import annotations

import re

SCAN_BUDGET = 1_000_000
"""Characters Markdown may scan for closing brackets in one body: about a third of a second."""

_BRACKETS = re.compile(
    r"(?P<code>^(?P<fence>```|~~~)[^\n]*\n.*?^(?P=fence)[ \t]*$|`[^`\n]*`)"
    r"|\\.|[\[\]()]|\n[ \t]*\n",
    re.MULTILINE | re.DOTALL,
)
"""Code (fenced blocks and spans, whose brackets Markdown does not scan), escapes, brackets and
the blank lines that end paragraphs."""


def bracket_problem(body: str) -> tuple[int, str] | None:
    """``(offset, message)`` for a body whose brackets Markdown would take too long over: the
    offset where its costliest paragraph starts."""
    # Each open bracket is scanned at most to the end of the body: when that bound is within the
    # budget (every ordinary body), counting is enough, and the walk below is skipped.
    if (body.count("[") + body.count("(")) * (len(body) + 2) <= SCAN_BUDGET:
        return None
    total = 0
    worst = (0, 0, 0)  # cost, where the paragraph starts, how many brackets it leaves unclosed
    start = 0
    squares: list[int] = []  # offsets of open [ in this paragraph
    rounds: list[tuple[int, bool]] = []  # open (, and whether it follows a ] (a link target)
    cost = 0
    for match in _BRACKETS.finditer(body + "\n\n"):
        character, at = match.group(), match.start()
        if match["code"]:
            continue
        if character == "[":
            squares.append(at)
        elif character == "]" and squares:
            cost += at - squares.pop()
        elif character == "(":
            rounds.append((at, body[at - 1 : at] == "]"))
        elif character == ")" and rounds:
            opened, link = rounds.pop()
            cost += at - opened if link else 0
        elif character[0] == "\n":  # a paragraph ends: what is still open was scanned to here
            unclosed = squares + [opened for opened, link in rounds if link]
            cost += sum(at - opened for opened in unclosed)
            if cost > worst[0]:
                worst = (cost, start, len(unclosed))
            total += cost
            squares, rounds = [], []
            cost, start = 0, match.end()
    if total <= SCAN_BUDGET:
        return None
    _, offset, left_open = worst
    shape = f"{left_open} of them never closed" if left_open else "nested too deep"
    return offset, (
        f"this paragraph's brackets `[` and `](` ({shape}) would take Markdown far too long; "
        "close them, or write \\[ and \\( for brackets that are part of the text"
    )
