"""Stamps: how a build knows that a file is unchanged without reading it.

A stamp is a file's inode, size and modification time, as the system reports them for the entry
itself (a link is not followed). While all three are unchanged, so is the file: replacing it
changes the inode, writing in place its time. Git's index makes the same assumption, with the
same caveat: a file changed twice within the file system's time resolution may keep its stamp,
so a stamp taken that soon after a change is not trusted (:func:`is_racy`).

One notion serves every comparison: the content files the loader reads, the files of the site the
writer leaves, the seal of a build with nothing to do, and the preview's watch for saves.
"""

from __future__ import annotations

import os
from pathlib import Path

from factcheck.files import is_hidden

Stamp = tuple[int, int, int]
"""A file's inode, size and modification time in nanoseconds."""

RACY_NANOSECONDS = 2_000_000_000
"""A file changed less than this before its stamp was taken is not known by its stamp: a second
change within the file system's time resolution could keep the same one."""


def stamp_from(details: os.stat_result) -> Stamp:
    return (details.st_ino, details.st_size, details.st_mtime_ns)


def stamp_of(path: str) -> Stamp | None:
    """The stamp of the entry at ``path``, a link itself where a file was replaced by one; None
    where there is nothing."""
    try:
        return stamp_from(os.lstat(path))
    except OSError:
        return None


def is_racy(stamp: Stamp, taken_ns: int) -> bool:
    """Whether ``stamp``, taken at ``taken_ns``, is too recent to vouch for the file."""
    return stamp[2] >= taken_ns - RACY_NANOSECONDS


def stamps_below(folder: Path) -> dict[str, Stamp | None]:
    """The stamp of every file below ``folder`` but hidden ones, by path; None for an entry whose
    stamp cannot vouch for it: one gone while we looked, or a link to a folder (whose files are
    not followed). A link to a file is known by the file it leads to."""
    stamps: dict[str, Stamp | None] = {}
    folders = [str(folder)]
    while folders:
        try:
            scan = os.scandir(folders.pop())
        except OSError:
            continue  # gone, or not a folder: the load will say
        with scan:
            for entry in scan:
                if is_hidden(entry.name):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    continue
                try:
                    stamps[entry.path] = None if entry.is_dir() else stamp_from(entry.stat())
                except OSError:
                    stamps[entry.path] = None
    return stamps
