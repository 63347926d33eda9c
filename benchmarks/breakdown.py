"""Where a cold build's work goes: python benchmarks/breakdown.py [--claims N].

Renders a synthetic site of N claims (default 1,000) once, in one process on one core, with
nothing cached and the pages discarded rather than written, and prints the seconds spent in each
stage and in total, each also as a ratio to the floor (Python-Markdown alone on the same bodies,
measured in the same run, as in bench.py). Divided by the number of cores, the total is the least
a cold build could take if every part of it were spread perfectly over them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import markdown_floor  # noqa: E402
from synthetic import generate  # noqa: E402

from factcheck import pipeline, theme  # noqa: E402
from factcheck.write import DiscardedSite  # noqa: E402

STAGES = [
    (pipeline, "load_content", "reading and checking the content files"),
    (pipeline, "verify_quotes", "checking the quotations"),
    (pipeline, "plan_site", "planning every file and its inputs"),
    (markdown.Markdown, "convert", "Python-Markdown, wherever it runs"),
    (theme.Theme, "render", "Jinja2 templates, with the recording of reads"),
]


def timed(owner: Any, name: str, seconds: dict[str, float], label: str) -> None:
    """Make ``owner.name`` add the time each call takes to ``seconds[label]``."""
    function: Callable[..., Any] = getattr(owner, name)

    def timed_call(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[label] += time.perf_counter() - started

    setattr(owner, name, timed_call)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=1000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="factcheck-breakdown-") as folder:
        root = generate(Path(folder), options.claims)
        floor = markdown_floor(root / "content")
        seconds = dict.fromkeys((label for _, _, label in STAGES), 0.0)
        for owner, name, label in STAGES:
            timed(owner, name, seconds, label)
        started = time.perf_counter()
        pipeline.render(root / "content", root / "templates", DiscardedSite(), parallel=False)
        total = time.perf_counter() - started

    cores = os.cpu_count() or 1
    print(f"{options.claims} claims; one core; floor {floor:.2f} s")
    print(f"{'stage':<48} {'seconds':>8} {'x floor':>8}")
    print("-" * 66)
    # Markdown runs inside the quotation checks and the pages too: the stages overlap.
    for label, spent in seconds.items():
        print(f"{label:<48} {spent:>8.2f} {spent / floor:>8.2f}")
    print(
        f"{'the whole cold build, less writing the files':<48} {total:>8.2f} {total / floor:>8.2f}"
    )
    print(
        f"{f'the same spread perfectly over {cores} cores':<48} "
        f"{total / cores:>8.2f} {total / cores / floor:>8.2f}"
    )


if __name__ == "__main__":
    main()
