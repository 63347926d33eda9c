"""Shared fixtures: the real build.py run as a subprocess on copies of the real content and theme."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
BUILD_SCRIPT = ROOT / "build.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def run_build(
    *args: str | Path, cwd: Path | None = None, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [str(arg) for arg in args]
    return subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), *(command if cwd else _own_cache(command))],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=environment,
        timeout=120,
    )


def _own_cache(args: list[str]) -> list[str]:
    """``args`` of a build run from the repository, with a cache of its own beside its --out
    unless they name one: the repository's .factcheck-cache, the default, was shared by every
    such build, so two tests running at once (``pytest -n 2``) found it taken, and a test's
    build could reuse what another test's left."""
    if (args and args[0] in ("new", "check", "serve")) or {"--cache", "--no-cache"} & set(args):
        return args
    out = Path(args[args.index("--out") + 1])  # a test never builds into the repository's site/
    return [*args, "--cache", str(out.parent / ".factcheck-cache")]


def cpu_seconds() -> float:
    """The processor time this process and the children it has waited for have used: what a
    hang guard measures. A busy machine stretches the clock, not this: a guard measuring the
    clock failed twice, at 13.7 s of a 10 s bound, while a suite, more tests and a 10,000-claim
    build ran at once on two cores."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def age(*folders: Path, at: float | None = None) -> None:
    """Make every file below ``folders`` look saved a minute ago (or at the moment ``at``), as an
    editor's files usually are: beyond the 2 s in which a build does not trust a file's stamp."""
    moment = time.time() - 60 if at is None else at
    for folder in folders:
        for path in folder.rglob("*"):
            os.utime(path, (moment, moment), follow_symlinks=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to prove a failed build changed nothing."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@dataclass
class Project:
    """A copy of the real project's content and theme in a temporary folder."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def out(self) -> Path:
        return self.root / "site"

    def build(self, *extra: str | Path) -> subprocess.CompletedProcess[str]:
        return run_build(
            "--content", self.content, "--templates", self.templates, "--out", self.out, *extra
        )


@pytest.fixture
def project(tmp_path: Path) -> Project:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return Project(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built once into a temporary folder."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_build("--out", out)
    assert result.returncode == 0, result.stderr
    return out


EDITIONS_BLOCK = "# The languages the fact checks are also published in"
"""Where site.yml's `editions:` starts, with its comment, running to the file's end."""


def with_editions(project: Project, editions: str) -> Path:
    """``project`` with site.yml's `editions:` replaced by ``editions``; site.yml's path."""
    settings = project.content / "site.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text[: text.index(EDITIONS_BLOCK)] + editions, encoding="utf-8")
    return settings


def in_one_language(project: Project) -> None:
    """``project`` published in its own language alone: no editions, no translations."""
    with_editions(project, "")
    for path in [*project.content.glob("claims/*.md"), *project.content.glob("pages/*.md")]:
        if "\nlanguage: sr\n" in path.read_text(encoding="utf-8"):
            path.unlink()


def originals(folder: Path) -> list[Path]:
    """The claim or page files of ``folder`` in the site's own language (none says `language:`),
    in order: the English edition's."""
    return sorted(
        path
        for path in folder.glob("*.md")
        if "\nlanguage: " not in path.read_text(encoding="utf-8")
    )


PARADE = "vucic-victory-day-parade-moscow"
PARADE_SR = "vucic-na-paradi-pobede-u-moskvi"
"""A claim and its Serbian translation."""


@pytest.fixture(scope="session")
def editions(built_site: Path) -> Path:
    """The real site, in English and Serbian (sr/, and the Latin sr-latn/)."""
    return built_site


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
