"""A build into a site folder, around the pipeline: the folders checked and locked, a build with
nothing to do known by its seal, the build state opened, and kept only if the build succeeds.

This module imports nothing that renders: a build with nothing to do ends before the renderer,
Jinja and Markdown are loaded (which takes longer than the rest of such a build).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path

from factcheck.places import (
    LOCK,
    MarkedSite,
    Places,
    SiteFiles,
    check_places,
    exclusive,
    files_in_site,
    mark_cache,
    marked_site,
    refuse_strangers,
    site_lock,
)
from factcheck.progress import Stages, no_progress
from factcheck.seal import UNSEALED, inputs_seal, seal_now, seal_of, site_seal
from factcheck.stamps import Stamp
from factcheck.state import BuildState, StateBroken, last_seal
from factcheck.write import FolderSite, finish_commits

FOLDERS = "site_folders"
"""The state's table of the site's folders as the last build found them."""


@dataclass(frozen=True)
class BuildResult:
    pages: int
    claims: int
    sources: int
    seconds: float
    unchanged: bool = False
    """True when nothing had changed since the last build, so nothing was done."""
    note: str | None = None
    """Something the build could not do that did not stop it (the cache not written)."""


def build_site(
    content_dir: Path,
    templates_dir: Path,
    out_dir: Path,
    base_url: str | None = None,
    cache_dir: Path | None = None,
    stage: Stages = no_progress,
) -> BuildResult:
    """Build the site into ``out_dir``; on any error the previous site stays exactly as it was.

    With a ``cache_dir``, a rebuild makes only what changed since the last build there, and does
    nothing at all if no input changed; its output is the same as a cold build's.

    ``stage`` shows the progress of the long stages.

    Raises :class:`~factcheck.errors.ContentErrors` for mistakes in content or templates and
    :class:`~factcheck.errors.UsageError` for an output or cache folder the build may not write
    (checked before anything is touched) or that another build is writing.
    """
    started = time.perf_counter()
    check_places(Places(content_dir, templates_dir, out_dir, cache_dir))
    with contextlib.ExitStack() as held:
        held.enter_context(exclusive(site_lock(out_dir), out_dir, "--out"))
        finish_commits(out_dir)
        cache, note = _lock_cache(cache_dir, held)
        inputs = inputs_seal(content_dir, templates_dir, base_url) if cache else UNSEALED
        last = last_seal(cache) if cache is not None and inputs != UNSEALED else None
        marked = marked_site(out_dir)
        if last is not None and last[0] != UNSEALED and last[0] == seal_now(inputs, marked):
            seconds = time.perf_counter() - started
            return BuildResult(*last[1], seconds=seconds, unchanged=True)
        state, note = _open_state(cache, note)
        try:
            try:
                found = _look(out_dir, marked, state)
                result = _build(content_dir, templates_dir, out_dir, base_url, state, found, stage)
            except StateBroken as broken:  # damaged since it was opened: build without it
                state.close()
                state.clear()
                note = (
                    f"note: the cache in {cache_dir} could not be used ({broken}) and was "
                    "cleared; this build made everything anew"
                )
                state = BuildState()
                # The first try may have committed the site.
                found = _look(out_dir, marked_site(out_dir), state)
                result = _build(content_dir, templates_dir, out_dir, base_url, state, found, stage)
            seal = seal_of(inputs, result.site_seal)
            note = _keep(state, cache_dir, _folders(out_dir, found), seal, result.counts) or note
        finally:
            state.close()  # whatever was not committed is dropped: a failed build keeps nothing
    pages, claims, sources = result.counts
    notes = "\n".join(filter(None, [note, result.note and f"note: {result.note}"]))
    return BuildResult(pages, claims, sources, time.perf_counter() - started, note=notes or None)


def _look(out_dir: Path, marked: MarkedSite, state: BuildState) -> SiteFiles:
    """What the site holds, refused if it holds files the build did not make; the folders the
    last build into this site found are taken at their stamps."""
    last = state.all(FOLDERS) if state.site_id() == marked.site_id else {}
    found = files_in_site(out_dir, marked, last)
    refuse_strangers(out_dir, marked, found.files)
    return found


def _folders(out_dir: Path, found: SiteFiles) -> dict[str, Stamp | None]:
    """The folders of the site for the next build to take at their stamps: as this build found
    them before it wrote (one it wrote in has another stamp now, so the next build lists it
    again); or, for a site made whole where there was none, as they are now, most of them
    written long before the build ended, unless something else is there already."""
    if found.files:
        return found.folders
    marked = marked_site(out_dir)
    made = files_in_site(out_dir, marked)
    return made.folders if made.files.keys() == marked.stamps.keys() else {}


@dataclass(frozen=True)
class _Built:
    counts: tuple[int, int, int]
    """The pages, published claims and sources of the site made."""
    site_seal: str
    note: str | None


def _build(
    content_dir: Path,
    templates_dir: Path,
    out_dir: Path,
    base_url: str | None,
    state: BuildState,
    found: SiteFiles,
    stage: Stages,
) -> _Built:
    """The build, once its folders are checked and locked; ``found`` is what the site holds."""
    from factcheck.pipeline import render  # here, so that a build with nothing to do never loads it

    with FolderSite(out_dir, found.files) as site:
        rendered = render(
            content_dir, templates_dir, site, base_url=base_url, state=state, stage=stage
        )
    claims = sum(not claim.draft for claim in rendered.content.claims)
    return _Built(
        (rendered.pages, claims, len(rendered.content.sources)),
        site_seal(rendered.site_id, rendered.site_stamps),
        rendered.note,
    )


def _keep(
    state: BuildState,
    cache_dir: Path | None,
    folders: dict[str, Stamp | None],
    seal: str,
    counts: tuple[int, int, int],
) -> str | None:
    """Commit what the build changed in the state, with the site's ``folders`` as it found them
    and its ``seal``; a note if the disk would not take it (the site is written already)."""
    try:
        state.put_many(FOLDERS, folders)
        state.keep_only(FOLDERS, folders)
        state.set_seal(seal, counts)
        state.commit()
    except StateBroken as broken:
        state.close()
        state.clear()
        return (
            f"note: the cache in {cache_dir} could not be written ({broken}) and was "
            "cleared; the next build makes everything anew"
        )
    return None


def _lock_cache(
    cache_dir: Path | None, held: contextlib.ExitStack
) -> tuple[Path | None, str | None]:
    """``cache_dir``, made if missing and locked for this build; None, with a note saying why,
    where the system will not let the folder be made or locked."""
    if cache_dir is None:
        return None, None
    try:
        mark_cache(cache_dir)
        held.enter_context(exclusive(cache_dir / LOCK, cache_dir, "--cache"))
    except OSError as error:
        return None, _unusable(cache_dir, error.strerror or error)
    return cache_dir, None


def _open_state(cache_dir: Path | None, note: str | None) -> tuple[BuildState, str | None]:
    """The state in the locked ``cache_dir``; an empty one kept in memory where there is none or
    it cannot be read, with a note saying why."""
    if cache_dir is None:
        return BuildState(), note
    try:
        return BuildState(cache_dir), note
    except (OSError, StateBroken) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        return BuildState(), _unusable(cache_dir, reason)


def _unusable(cache_dir: Path, reason: object) -> str:
    return f"note: the cache in {cache_dir} could not be used ({reason}); this build made everything anew"
