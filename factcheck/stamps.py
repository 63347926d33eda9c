"""Stamps: how a build knows that a file is unchanged without reading it.

A stamp is a file's inode, size, modification time and change time, as the system reports them.
While all four are unchanged, so is the file: replacing it changes the inode, writing in place
its times, and the change time, which no program can set back, also moves when the file's
permissions change or its modification time is set back. Git's index makes the same assumption,
with the same caveat: a file changed twice within the file system's time resolution may keep its
stamp, so a stamp taken that soon after a change is not trusted (:func:`is_racy`).

One notion serves every comparison: the content files the loader reads, the files of the site the
writer leaves, the seal of a build with nothing to do, and the preview's watch for saves.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from factcheck.files import is_hidden

Stamp = tuple[int, int, int, int]
"""A file's inode, size, modification time and change time (both in nanoseconds)."""

LINK = " (the link itself)"
"""Added to a link's path for the stamp of the link itself, beside that of the file it leads to:
a link re-pointed to a copy with the same stamp is seen."""

RACY_NANOSECONDS = 2_000_000_000
"""A file changed less than this before its stamp was taken is not known by its stamp: a second
change within the file system's time resolution could keep the same one."""


def stamp_from(details: os.stat_result) -> Stamp:
    return (details.st_ino, details.st_size, details.st_mtime_ns, details.st_ctime_ns)


def stamp_of(path: str) -> Stamp | None:
    """The stamp of the entry at ``path``, a link itself where a file was replaced by one; None
    where there is nothing."""
    try:
        return stamp_from(os.lstat(path))
    except OSError:
        return None


def is_racy(stamp: Stamp, taken_ns: int) -> bool:
    """Whether ``stamp``, taken at ``taken_ns``, is too recent to vouch for the file: a later
    write sets the modification time to its own moment, which, this soon, could be the same."""
    return stamp[2] >= taken_ns - RACY_NANOSECONDS


def stamps_below(folder: Path) -> dict[str, Stamp | None]:
    """The stamp of every file and folder below ``folder`` but hidden ones, by path; None for an
    entry whose stamp cannot vouch for it: one gone while we looked, or a link to a folder (whose
    files are not followed). A folder is known by its inode alone (its times change with every
    swap file an editor makes in it); a link to a file by the file it leads to and by itself."""
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
                    stamps[entry.path] = _folder_stamp(entry.inode())
                    folders.append(entry.path)
                    continue
                try:
                    stamps[entry.path] = None if entry.is_dir() else stamp_from(entry.stat())
                    if entry.is_symlink():
                        stamps[entry.path + LINK] = stamp_from(entry.stat(follow_symlinks=False))
                except OSError:
                    stamps[entry.path] = None
    return stamps


def stamps_at(path: str) -> dict[str, Stamp | None] | None:
    """What :func:`stamps_below` gives the entry at ``path`` alone (nothing where it is gone);
    None for a folder, whose files only a look below it finds. The preview stamps again only
    the paths the system reported, where comparing every file took 0.04 s of a save at 10,000
    claims."""
    try:
        own = os.lstat(path)
    except OSError:
        return {}
    if stat.S_ISDIR(own.st_mode):
        return None
    if not stat.S_ISLNK(own.st_mode):
        return {path: stamp_from(own)}
    try:
        led_to = Path(path).stat()
    except OSError:
        return {path: None}  # a link to nothing, or to itself
    target = None if stat.S_ISDIR(led_to.st_mode) else stamp_from(led_to)
    return {path: target, path + LINK: stamp_from(own)}


def is_folder(stamp: Stamp | None) -> bool:
    """Whether ``stamp`` is a folder's, as :func:`stamps_below` stamps one."""
    return stamp is not None and stamp[1:] == (0, 0, 0)


def _folder_stamp(inode: int) -> Stamp:
    return (inode, 0, 0, 0)
