"""The published history of the claim files, read from git once per build: each version of each
file that a commit recorded, newest first, following renames.

Three git commands read it all, whatever the number of files: ``git ls-tree`` lists the claim
files of the last commit, ``git log`` every commit of the branch that changed one with the blob
it recorded, and one ``git cat-file --batch`` reads those blobs. Where there is no git, or the
content folder is in no repository, or no claim file is committed, there is no history, with a
note saying why; in a shallow clone, the history is left out with a note, and only the last
commit's files are used (what a change is compared with).
"""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.files import MAX_FILE_BYTES

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
    """Each claim file's versions, newest first, by its path in the content folder now: the
    commits of the branch checked out (a merge counts as one change, to what it merged into)."""
    published: dict[str, bytes] = field(default_factory=dict)
    """Each claim file as the last commit holds it, by its path in the content folder."""
    complete: bool = False
    """Whether ``versions`` runs back to each file's first commit (not in a shallow clone)."""
    note: str | None = None
    """Why the history is left out, where it is."""


def head_commit(content_dir: Path) -> str:
    """The commit checked out in the repository holding ``content_dir``, and ``shallow`` after
    it in a shallow clone (fetching the rest changes the history, not the commit); empty where
    there is none (no git, no repository, no commit yet)."""
    found = _git(content_dir, "rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD")
    if found is None:
        return ""
    shallow, commit = found.decode().split()
    return commit + (" shallow" if shallow == "true" else "")


def read_history(content_dir: Path, head: str) -> GitHistory:
    """Every version of each claim file since the first commit, as far back as ``head`` (what
    :func:`head_commit` found)."""
    if not head:
        return GitHistory(note=_why_no_history(content_dir))
    commit, *shallow = head.split()
    tree = _git(content_dir, "ls-tree", "-r", commit, "--", CLAIMS)
    held = _tree(tree.decode("utf-8", "replace") if tree else "")
    if not held:
        return GitHistory(note="no claim file is committed to git yet, so none has a history")
    log = _git(
        content_dir, "log", "--format=%x01%H %cs", "--raw", "--no-abbrev", "-M", "--relative",
        "--root", "--first-parent", "--diff-merges=first-parent", commit, "--", CLAIMS,
    )  # fmt: skip
    changes = _changes(log.decode("utf-8", "replace") if log else "")
    blobs = _blobs(content_dir, [*held.values(), *(blob for *_, blob in changes)])
    versions: dict[str, list[Version]] = {}
    now: dict[str, str | None] = {}
    """The name each file has in the working tree, by the name it has in the commits still to
    read; None for a name that belongs to no file of the working tree there."""
    for changed_in, date, (status, *paths), blob in changes:
        path = paths[-1]
        current = now.get(path, path)
        if current is None:
            continue
        if blob in blobs:
            versions.setdefault(current, []).append(Version(changed_in, date, blobs[blob]))
        now[path] = current if status == "M" else None  # "A": the file began here
        if status == "R":  # older commits know the file by its old name
            now[paths[0]] = current
    note = (
        "this is a shallow clone, so the claims' revision history is left out; fetch the "
        "whole history (git fetch --unshallow) to show it"
        if shallow
        else None
    )
    return GitHistory(
        commit,
        {path: tuple(found) for path, found in versions.items()},
        {path: blobs[blob] for path, blob in held.items() if blob in blobs},
        not shallow,
        note,
    )


def _tree(listing: str) -> dict[str, str]:
    """The blob of each file in ``git ls-tree -r`` output, by its path."""
    files = {}
    for line in listing.splitlines():
        meta, _, path = line.partition("\t")
        kind_blob = meta.split(" ")[1:]
        if kind_blob[:1] == ["blob"] and not path.startswith('"'):
            files[path] = kind_blob[1]
    return files


Change = tuple[str, datetime.date, tuple[str, ...], str]
"""A commit, its day, the change's status letter and paths (old and new for a rename), and the
blob it recorded."""


def _changes(log: str) -> list[Change]:
    """The changes to claim files in ``git log --raw`` output, newest commit first; a commit
    whose header git wrote otherwise than asked (a date past year 9999) is passed over."""
    changes: list[Change] = []
    for block in log.split("\x01")[1:]:
        header, *lines = block.split("\n")
        try:
            commit, day = header.split(" ")
            date = datetime.date.fromisoformat(day)
        except ValueError:
            continue
        for line in lines:
            meta, *paths = line.split("\t")
            status = meta.rpartition(" ")[2][:1]
            if (
                line.startswith(":")
                and status in "MAR"
                and not any(p.startswith('"') for p in paths)
            ):
                changes.append((commit, date, (status, *paths), meta.split(" ")[3]))
    return changes


def _blobs(content_dir: Path, wanted: list[str]) -> dict[str, bytes]:
    """The bytes of each blob in ``wanted``, read by one git process; none over the size a
    content file may have, which would be refused in the content folder too."""
    unique = list(dict.fromkeys(wanted))
    out = _git(content_dir, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in unique))
    found: dict[str, bytes] = {}
    at = 0
    while out is not None and at < len(out):
        end = out.index(b"\n", at)
        name, kind, *size = out[at:end].split(b" ")
        at = end + 1
        if size:  # "<name> missing" has none, and no body
            length = int(size[0])
            if kind == b"blob" and length <= MAX_FILE_BYTES:
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
