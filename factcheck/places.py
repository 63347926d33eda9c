"""The folders a build writes, checked before anything is touched: it writes only into folders
it made itself (each carries a mark), never one inside what it reads, and one build at a time.

A folder without the mark may hold anyone's files, so it is refused, never emptied: the only
folders adopted are missing or empty ones. A marked site that holds files the build did not put
there (named in its mark) is refused too, since replacing the site would delete them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import UsageError
from factcheck.files import real_folder
from factcheck.stamps import RACY_NANOSECONDS, Stamp, stamp_from, stamp_of

SITE_MARK = ".factcheck-site"
"""In every site the build makes, from the moment its staging folder is made: its id, then the
path of every file the build put there (see :func:`mark_site`)."""
SITE_MARK_TEXT = "Built by factcheck; the next build rewrites this folder. Site id: "

CACHE_MARK = ".factcheck-cache"
"""In every cache folder; the build deletes nothing there but the entries it makes."""
CACHE_MARK_TEXT = "A factcheck build cache: builds read and rewrite what is here.\n"
LOCK = "lock"
"""In the cache folder: held while a build uses the cache."""


@dataclass(frozen=True)
class Places:
    """Where one build reads (``content``, ``templates``) and writes (``out``, ``cache``)."""

    content: Path
    templates: Path
    out: Path
    cache: Path | None


def check_places(places: Places) -> None:
    """Refuse, before anything is touched, output and cache folders the build may not write."""
    written = [("--out", places.out)]
    if places.cache is not None:
        written.append(("--cache", places.cache))
    read = [("the content folder", places.content), ("the theme folder", places.templates)]
    for number, (option, folder) in enumerate(written):
        for name, other in [*written[number + 1 :], *read]:
            relation = _relation(folder, other)
            if relation:
                raise UsageError(
                    f"{option} {folder} {relation} {name} {other}; give each of --out, --cache, "
                    "content and templates a folder of its own"
                )
    _check_folder("--out", places.out, SITE_MARK)
    if places.cache is not None:
        _check_folder("--cache", places.cache, CACHE_MARK)


def refuse_strangers(out: Path, marked: MarkedSite, site_files: dict[str, Stamp | None]) -> None:
    """Refuse a site holding files the build did not make (``site_files``: what the output
    folder holds, :func:`files_in_site`; ``marked``: what its mark names), which the site
    would publish with its own. A mark naming no files (an earlier version's) names none."""
    strangers = sorted(site_files.keys() - marked.stamps.keys()) if marked.stamps else []
    if strangers:
        named = ", ".join(strangers[:3]) + (
            f" and {len(strangers) - 3} more" if len(strangers) > 3 else ""
        )
        raise UsageError(
            f"--out {out} holds files the build did not make ({named}), which would be published "
            "with the site; move them out of the folder (files to publish go in the theme's "
            "assets or the content)"
        )


def _relation(folder: Path, other: Path) -> str | None:
    """How two folders overlap, if they do: ``is``, ``is inside`` or ``holds``."""
    mine, theirs = real_folder(folder), real_folder(other)
    if mine == theirs:
        return "is"
    if mine.is_relative_to(theirs):
        return "is inside"
    return "holds" if theirs.is_relative_to(mine) else None


def _check_folder(option: str, folder: Path, mark: str) -> None:
    if folder.is_symlink():  # swapping a new site in would replace the link, not its folder
        raise UsageError(
            f"{option} {folder} is a link; give the folder it points to "
            f"({os.path.realpath(folder)}) instead"
        )
    for parent in (folder, *folder.parents):
        if parent.exists() and not parent.is_dir():
            raise UsageError(
                f"{option} {folder}: {parent} is a file, not a folder; choose a folder"
            )
    if not folder.is_dir():
        return  # made by the build, with its mark
    names = {entry.name for entry in folder.iterdir()}
    if not names or mark in names:
        return
    raise UsageError(
        f"{option} {folder} holds files this tool did not write, and the build would replace or "
        "delete them; choose a new or empty folder (a cache an earlier version left has no mark: "
        "delete it yourself)"
    )


def mark_site(folder: Path, site_id: str, paths: list[str]) -> None:
    """Write the site mark into ``folder``: the site's id (empty while it is being made) and the
    paths of its files, so that a later build knows any other file there is not its own."""
    (folder / SITE_MARK).write_text("\n".join([SITE_MARK_TEXT + site_id, *paths]) + "\n")


def read_site_mark(out_dir: Path) -> tuple[str, list[str]] | None:
    """The id the build that wrote ``out_dir`` gave it and the paths of its files, in the order
    the mark lists them (sorted), if the site is there and marked."""
    try:
        lines = (out_dir / SITE_MARK).read_text().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or not lines[0].startswith(SITE_MARK_TEXT):
        return None
    return lines[0].removeprefix(SITE_MARK_TEXT).strip(), lines[1:]


def site_id_of(out_dir: Path) -> str | None:
    """The id the build that wrote ``out_dir`` gave it, if the site is there and whole."""
    mark = read_site_mark(out_dir)
    return mark[0] if mark else None


def paths_of_site(out_dir: Path) -> set[str] | None:
    """The files the build put in the site ``out_dir``; None where it does not say (no site, or
    one made by an earlier version, whose mark named no files)."""
    mark = read_site_mark(out_dir)
    return set(mark[1]) if mark and mark[1] else None


@dataclass(frozen=True)
class MarkedSite:
    """The site as its mark describes it: its id ('' where there is no marked site) and the stamp
    of each file the mark names, None where the file is missing."""

    site_id: str
    stamps: dict[str, Stamp | None]


def marked_site(out_dir: Path) -> MarkedSite:
    """The files the mark of ``out_dir`` names, each stamped once: what the seal vouches for, and
    most of what :func:`files_in_site` finds."""
    mark = read_site_mark(out_dir)
    if mark is None:
        return MarkedSite("", {})
    site_id, paths = mark
    folder = f"{out_dir}/"
    return MarkedSite(site_id, {path: stamp_of(folder + path) for path in paths})


@dataclass(frozen=True)
class SiteFiles:
    """What the output folder holds, as a build finds it before it writes."""

    files: dict[str, Stamp | None]
    """Every file and link below it but its mark, by site path."""
    folders: dict[str, Stamp | None]
    """Every folder of it, by site path ('' for the folder itself), with its stamp taken before
    the folder was looked into where that stamp can vouch for what the folder holds at the next
    build (it changed long enough before that no later change can have kept it); None where
    not."""


def files_in_site(
    out_dir: Path, marked: MarkedSite, last: dict[str, Stamp | None] | None = None
) -> SiteFiles:
    """What the site ``out_dir`` holds: what a build compares with what the last one left, to
    find files changed, removed or planted since. Files the mark names were stamped moments ago
    (``marked``); only the others are asked about. ``last`` is the folders the last build found
    (:attr:`SiteFiles.folders`): a folder at the stamp it had then holds what it held then,
    with nothing planted (that build would have refused it): the files the mark names there and
    the folders below it. Only the other folders are listed, since adding, removing or renaming
    anything in a folder changes its stamp; at 10,000 claims, listing all 15,000 took most of a
    quarter of a second."""
    taken_ns = time.time_ns()
    last = last or {}
    named_in = _by_folder(marked.stamps)
    below = _by_folder(folder for folder in last if folder)  # every one there was, settled or not
    files: dict[str, Stamp | None] = {}
    looked: dict[str, Stamp | None] = {}
    folders = [""]
    while folders:
        folder = folders.pop()
        full = f"{out_dir}/{folder}" if folder else str(out_dir)
        try:
            details = os.lstat(full)  # before the listing, so that a change while listing shows
        except FileNotFoundError:
            continue  # gone while we looked, or no site yet
        except OSError:
            looked[folder] = None  # kept, to be looked into again, never taken on trust
            continue
        stamp = stamp_from(details)
        if not stat.S_ISDIR(details.st_mode):  # put in a folder's place since it was listed
            files[folder] = stamp
            continue
        looked[folder] = stamp
        named = named_in.get(folder, [])
        if last.get(folder) == stamp and all(marked.stamps[path] for path in named):
            files.update((path, marked.stamps[path]) for path in named)
            folders += below.get(folder, [])
            continue
        try:
            with os.scandir(full) as listing:
                entries = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in listing]
        except OSError:  # unreadable, or cut short: what it holds is not known
            looked[folder] = None
            continue
        for name, is_folder in entries:
            path = f"{folder}/{name}" if folder else name
            if is_folder:
                folders.append(path)
            elif path != SITE_MARK:
                known = marked.stamps.get(path)
                files[path] = known if known is not None else stamp_of(f"{full}/{name}")
    # A folder's change time moves with every entry added, removed or renamed in it, and no
    # program can set it back; one that moved this recently may move again within its tick.
    recent = taken_ns - RACY_NANOSECONDS
    return SiteFiles(
        files, {folder: s if s and s[3] < recent else None for folder, s in looked.items()}
    )


def _by_folder(paths: Iterable[str]) -> dict[str, list[str]]:
    """``paths`` in the site by the folder holding each ('' for the site's own)."""
    held: dict[str, list[str]] = {}
    for path in paths:
        held.setdefault(path.rpartition("/")[0], []).append(path)
    return held


def mark_cache(folder: Path) -> None:
    """Make the cache folder if it is missing, and mark it as a cache."""
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / CACHE_MARK
    if not mark.exists():
        mark.write_text(CACHE_MARK_TEXT)


@contextlib.contextmanager
def exclusive(lock_file: Path, folder: Path, option: str) -> Iterator[None]:
    """Hold ``lock_file`` for the build writing ``folder``; refuse if another build holds it."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                f"{option} {folder}: another build is writing it now; wait for it to finish, "
                "then build again"
            ) from None
        yield
    finally:
        os.close(handle)  # closing releases the lock


def site_lock(out: Path) -> Path:
    """The lock file of the output folder, beside it, since the folder itself is swapped."""
    out = out.resolve()  # so that it has a name: `--out .`
    return out.parent / f".{out.name}.lock"
