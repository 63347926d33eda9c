"""The errors an editor or a user can cause, each worded as what went wrong and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in a content or template file, reported as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentWarning(ContentError):
    """Something worth an editor's second look that does not stop a build."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message}"


class ContentErrors(Exception):
    """Raised when content cannot be built; carries every error found, not just the first."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(error) for error in self.errors))

    def __reduce__(self) -> tuple[type[ContentErrors], tuple[list[ContentError]]]:
        return ContentErrors, (self.errors,)  # so that errors raised in a worker arrive whole


def content_error(path: object, line: int, message: str) -> ContentErrors:
    """ContentErrors holding the one error ``path:line: message``."""
    return ContentErrors([ContentError(str(path), line, message)])


class UsageError(Exception):
    """A command-line mistake, such as an output folder the build must not replace."""


class WorkerDied(RuntimeError):
    """A worker stopped without giving its result (killed, or out of memory)."""

    def __init__(self) -> None:
        super().__init__(
            "a process making the site stopped without finishing its work: it was killed, or"
            " the system ran out of memory (a template making something very large?)"
        )


class Lines:
    """The file line of each offset of a text asked for in increasing order, each counted from
    the last: linear in the text, however many are asked (counting from the start each time was
    quadratic in a body of many citations)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.offset = 0
        self.line = self.first_line = first_line

    def counted_afresh(self, offset: int) -> int:
        """The line of ``offset``, counted from the start: for the odd offset asked out of
        order."""
        return self.first_line + self.text.count("\n", 0, offset)

    def at(self, offset: int) -> int:
        assert offset >= self.offset, "offsets asked in increasing order"
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def missing_source(source_id: str, places: list[ContentError], folder: Path) -> list[ContentError]:
    """The errors for citations of a source id with no file in ``folder``: each as it is where one
    place cites it (most likely a typo, which the message's suggestion fixes), and one naming the
    missing file and every citation of it where several do (the file deleted or renamed), rather
    than one error per citation."""
    if len(places) == 1:
        return places
    by_file: dict[str, dict[int, None]] = {}
    for place in sorted(places):
        by_file.setdefault(place.path, {})[place.line] = None
    cited = "; ".join(
        f"{path} ({'line' if len(lines) == 1 else 'lines'} {', '.join(map(str, lines))})"
        for path, lines in by_file.items()
    )
    first = min(places)
    return [
        ContentError(
            first.path,
            first.line,
            f"no source `{source_id}`: {folder / source_id}.md is missing, and {len(places)} "
            f"citations in {len(by_file)} files name it. Restore the file, or correct the "
            f"citations: {cited}",
        )
    ]
