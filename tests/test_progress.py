"""The progress line: shown on a terminal, rewritten in place, cleared before the report; never
written to a log or a pipe."""

from __future__ import annotations

import io

import pytest
from conftest import Project
from terminal import lines_shown, run_on_a_terminal
from test_misquotes import MT
from test_quotes import add_paragraph

from factcheck.parallel import MIN_ITEMS_PER_WORKER, parallel_map
from factcheck.progress import EVERY_SECONDS, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.mark.parametrize(
    ("tick", "total", "shown"),
    [
        (0.0, 1200, [1, 1200]),  # quick: its first and last step only
        (EVERY_SECONDS * 0.4, 10, [1, 4, 7, 10]),  # once a tenth of a second at most
        (EVERY_SECONDS * 1.5, 3, [1, 2, 3]),  # slow: every step
    ],
    ids=["quick", "a tenth of a second", "slow"],
)
def test_a_stage_is_shown_at_its_first_and_last_step_and_ten_times_a_second_between(
    tick: float, total: int, shown: list[int]
) -> None:
    """``tick``: the seconds each step takes."""
    terminal = Terminal()
    step = Progress(terminal, Clock(tick)).stage("Making the site", total)
    for _ in range(total):
        step()
    assert lines_shown(terminal.getvalue()) == [
        f"Making the site: {done:,} of {total:,} files" for done in shown
    ]


def test_clearing_erases_the_line_once() -> None:
    terminal = Terminal()
    progress = Progress(terminal, Clock(1.0))
    progress.clear()
    assert terminal.getvalue() == ""  # nothing shown, nothing to erase
    progress.stage("Making the site", 2)()
    progress.clear()
    progress.clear()
    assert terminal.getvalue() == "\r\x1b[KMaking the site: 1 of 2 files\r\x1b[K"


def test_the_line_fits_a_narrow_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    terminal = Terminal()
    Progress(terminal, Clock(1.0)).stage("Making the site", 12_000)()
    assert lines_shown(terminal.getvalue()) == ["Making the site: 1 "]  # 19 columns


def test_nothing_is_written_where_the_stream_is_no_terminal() -> None:
    log = io.StringIO()
    progress = Progress(log, Clock(1.0))
    step = progress.stage("Making the site", 3)
    for _ in range(3):
        step()
    progress.clear()
    assert log.getvalue() == ""


@pytest.mark.parametrize("parallel", [False, True], ids=["one core", "every core"])
def test_each_result_is_given_and_counted_as_it_arrives(parallel: bool) -> None:
    items = list(range(2 * MIN_ITEMS_PER_WORKER + 1))
    counted: list[int] = []
    results = parallel_map(
        lambda n: n * n, items, parallel=parallel, step=lambda: counted.append(1)
    )
    for done, (item, result) in enumerate(zip(items, results, strict=True), start=1):
        assert result == item * item
        assert len(counted) == done  # counted as it arrives, not once all have come


def on_a_terminal(project: Project) -> tuple[int, list[str]]:
    """Build ``project`` with a terminal for its output; its exit status and what it showed."""
    return run_on_a_terminal(
        "--content", project.content, "--templates", project.templates, "--out", project.out,
        "--no-cache",
    )  # fmt: skip


def test_the_build_shows_progress_on_a_terminal_and_clears_it_before_its_report(
    project: Project,
) -> None:
    status, shown = on_a_terminal(project)
    assert status == 0
    assert shown.pop(-2).startswith("note: ")  # the copy is in no repository: no history
    total = shown[-2].rpartition(" of ")[2].removesuffix(" files")
    assert shown[-2] == f"Making the site: {total} of {total} files"
    assert shown[-1].startswith("Built ")  # on the line the progress left, erased
    assert any(line.startswith("Checking quotations: 1 of ") for line in shown)


def test_errors_found_while_progress_is_shown_start_on_a_line_of_their_own(
    project: Project,
) -> None:
    path, line = add_paragraph(
        project, f"The agency wrote “These cargoes can hardly be justified” [@{MT}]."
    )
    status, shown = on_a_terminal(project)
    assert status == 1
    progress = [line for line in shown if line.startswith("Checking quotations: ")]
    assert progress and shown[: len(progress)] == progress
    assert shown[len(progress)].startswith(f"{path}:{line}: quote not found in {MT}")
    assert shown[-1].startswith("Build failed: 1 error")


def test_the_build_writes_no_progress_to_a_log(project: Project) -> None:
    finished = project.build("--no-cache")
    assert finished.returncode == 0, finished.stderr
    assert [line for line in finished.stderr.splitlines() if "revision history" not in line] == []
    assert "\r" not in finished.stdout + finished.stderr
    assert finished.stdout.startswith("Built ")
