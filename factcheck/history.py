"""The published history of the claim files, read from git once per build: each version of each
file that a commit recorded, newest first, following renames.

Two git commands read it all, whatever the number of files: ``git log`` lists every commit that
changed a claim file with the blobs it recorded, and one ``git cat-file --batch`` reads those
blobs. Where there is no git, or the content folder is in no repository, or the repository has
no commit yet, there is no history, with a note saying why; in a shallow clone, only the newest
version is read (what a change is compared with), and the history is left out with a note.
"""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

CLAIMS = "claims"
"""The folder, in the content folder, whose files have a history."""
_GIT = ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false"]


@dataclass(frozen=True)
class Version:
    """A claim file as one commit recorded it."""

    commit: str
    date: datetime.date
    """The day it was committed."""
    data: bytes


@dataclass(frozen=True)
class GitHistory:
    head: str = ""
    """The commit the history runs back from; empty where none was read."""
    versions: dict[str, tuple[Version, ...]] = field(default_factory=dict)
    """Each claim file's versions, newest first, by its path in the content folder now."""
    complete: bool = False
    """Whether ``versions`` runs back to each file's first commit (not in a shallow clone)."""
    note: str | None = None
    """Why the history is left out, where it is."""


def head_commit(content_dir: Path) -> str:
    """The commit checked out in the repository holding ``content_dir``; empty where there is
    none (no git, no repository, no commit yet)."""
    found = _git(content_dir, "rev-parse", "--verify", "--quiet", "HEAD")
    return found.decode().strip() if found else ""


def read_history(content_dir: Path, head: str) -> GitHistory:
    """Every version of each claim file since the first commit, as far back as ``head`` (what
    :func:`head_commit` found, read again if it has moved since)."""
    if not head:
        return GitHistory(note=_why_no_history(content_dir))
    shallow = _git(content_dir, "rev-parse", "--is-shallow-repository") == b"true\n"
    log = _git(
        content_dir, "log", "--format=%x01%H %cs", "--raw", "--no-abbrev", "-M", "--relative",
        *(["-1"] if shallow else []), head, "--", CLAIMS,
    )  # fmt: skip
    if log is None:
        return GitHistory(note="git could not read the history of the content folder")
    changes = _changes(log.decode("utf-8", "replace"))
    blobs = _blobs(content_dir, [blob for _, _, _, blob in changes])
    versions: dict[str, list[Version]] = {}
    now: dict[str, str | None] = {}
    """The name each file has in the working tree, by the name it has in the commits still to
    read; None for a name that belongs to no file of the working tree there."""
    for commit, date, (status, *paths), blob in changes:
        path = paths[-1]
        current = now.get(path, path)
        if current is None:
            continue
        if blob in blobs:
            versions.setdefault(current, []).append(Version(commit, date, blobs[blob]))
        now[path] = current if status == "M" else None  # "A": the file began here
        if status == "R":  # older commits know the file by its old name
            now[paths[0]] = current
    note = (
        "this is a shallow clone, so only the last version of each claim is known; fetch the "
        "whole history (git fetch --unshallow) to show each claim's revisions"
        if shallow
        else None
    )
    return GitHistory(head, {path: tuple(v) for path, v in versions.items()}, not shallow, note)


Change = tuple[str, datetime.date, tuple[str, ...], str]
"""A commit, its day, the change's status letter and paths (old and new for a rename), and the
blob it recorded."""


def _changes(log: str) -> list[Change]:
    """The changes to claim files in ``git log --raw`` output, newest commit first."""
    changes: list[Change] = []
    for block in log.split("\x01")[1:]:
        header, *lines = block.split("\n")
        commit, day = header.split(" ")
        date = datetime.date.fromisoformat(day)
        for line in lines:
            if not line.startswith(":"):
                continue
            meta, *paths = line.split("\t")
            *_, blob, status = meta.split(" ")
            if status[0] in "MARD" and not any(path.startswith('"') for path in paths):
                changes.append((commit, date, (status[0], *paths), blob))
    return [change for change in changes if change[2][0] != "D"]


def _blobs(content_dir: Path, wanted: list[str]) -> dict[str, bytes]:
    """The bytes of each blob in ``wanted``, read by one git process."""
    unique = list(dict.fromkeys(wanted))
    out = _git(content_dir, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in unique))
    found: dict[str, bytes] = {}
    at = 0
    while out is not None and at < len(out):
        end = out.index(b"\n", at)
        name, kind, *size = out[at:end].split(b" ")
        at = end + 1
        if kind != b"blob" or not size:  # "<name> missing"
            continue
        length = int(size[0])
        found[name.decode()] = out[at : at + length]
        at += length + 1
    return found


def _why_no_history(content_dir: Path) -> str:
    if _git(content_dir, "--version") is None:
        return "git is not installed, so the claims' revision history is left out"
    if _git(content_dir, "rev-parse", "--git-dir") is None:
        return "the content folder is in no git repository, so the claims' revision history is left out"
    return "the repository has no commit yet, so the claims have no revision history"


def _git(folder: Path, *arguments: str, stdin: str | None = None) -> bytes | None:
    """What git prints for ``arguments``, run in ``folder``; None where it fails or is missing."""
    try:
        done = subprocess.run(
            [*_GIT, "-C", str(folder), *arguments],
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
