"""Benchmark the build on synthetic sites: python benchmarks/bench.py [--claims N[,N...]] [--verify].

For each size, prints a table of wall-clock seconds for a cold build, a rebuild with nothing
changed, and rebuilds after editing one claim, one source and one template, with the peak memory
of each, and the floor: the time Python-Markdown alone takes to convert the same bodies on one
core, measured in the same run. Every build figure is also given as a ratio to the floor. With
--verify, the output of every rebuild is compared with a cold build of the same content.

The same bodies are then built by Pelican (installed on first use in a virtual environment
of its own) and, where Debian's ``hugo`` is installed, by Hugo (see others.py), each given as a
ratio to the floor and to this generator's cold build; CPU seconds are given for every build.

With several sizes (``--claims 1000,10000,40000``) it ends with how the build scales: the cold
build's time and the site's bytes per claim, and the rebuilds' times, size by size. Times are of
the real command, so they include starting Python, which is printed too.

The generator's modules are compiled first, as installing it compiles them and as Python does on
first use unless told not to: where the environment tells it not to (``PYTHONDONTWRITEBYTECODE``,
set on this project's machine), every build would compile its 75 modules from their source
again: starting Python and importing the build took 0.28 s instead of 0.23 s, time an installed
copy never spends (the cache, ``factcheck/__pycache__``, is git-ignored).
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import markdown

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from others import PELICAN, hugo, pelican  # noqa: E402
from synthetic import front_matter_and_body, generate  # noqa: E402

from factcheck.markup import EXTENSIONS  # noqa: E402


def markdown_floor(content: Path) -> float:
    """Seconds Python-Markdown alone takes to convert every body, one instance, one core."""
    bodies = [front_matter_and_body(path)[1] for path in sorted(content.rglob("*.md"))]
    converter = markdown.Markdown(extensions=EXTENSIONS)
    started = time.perf_counter()
    for body in bodies:
        converter.reset()
        converter.convert(body)
    return time.perf_counter() - started


def build(root: Path, out: Path) -> tuple[float, float, float]:
    """Run the real build command; return (seconds, CPU seconds, peak memory in MB). The CPU
    time is the build's and its workers': user and system time, which the kernel adds up for a
    process and every process it waited for."""
    command = [
        sys.executable,
        str(PROJECT / "build.py"),
        "--content",
        "content",
        "--templates",
        "templates",
        "--out",
        str(out),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"the build failed:\n{process.stderr.read().decode() if process.stderr else ''}"
        )
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def snapshot(folder: Path) -> dict[str, str]:
    """Each file's digest, by path: digests, not bytes, so this process stays small (a build it
    starts would report this process's peak memory as its own)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--claims", default="1000", help="claims per site; several sizes separated by commas"
    )
    parser.add_argument(
        "--verify", action="store_true", help="compare every rebuild with a cold build"
    )
    parser.add_argument(
        "--alone",
        action="store_true",
        help="measure this generator only, not Pelican and Hugo (Pelican took 7 minutes at "
        "10,000 claims, and grows faster than its claims)",
    )
    parser.add_argument(
        "--translated",
        action="store_true",
        help="give each claim a Serbian translation, published as the real site publishes its "
        "own: an edition in Cyrillic and one in Latin beside the English",
    )
    options = parser.parse_args()
    sizes = [int(size) for size in options.claims.split(",")]
    compileall.compile_dir(PROJECT / "factcheck", quiet=1)
    start_up = min(_start_up() for _ in range(5))
    print(f"Starting Python alone ({sys.executable} -c pass): {start_up:.3f} s\n")
    scaling = [
        bench(claims, verify=options.verify, alone=options.alone, translated=options.translated)
        for claims in sizes
    ]
    if len(sizes) > 1:
        _print_scaling(scaling)


def _start_up() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


@dataclass(frozen=True)
class Scale:
    claims: int
    cold: float
    site_bytes: int
    rebuilds: list[float]
    peak_mb: float


def bench(claims: int, *, verify: bool, alone: bool, translated: bool = False) -> Scale:
    """Run the edits on a site of ``claims`` claims (each translated, with ``translated``);
    print its table; return its figures."""
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as folder:
        root = generate(Path(folder), claims, translated=translated)
        content = root / "content"
        out = root / "site"
        floor = markdown_floor(content)
        # Files saved within 2 s of a build are not trusted by their times (see reader.py); an
        # editor's files are older than that, so let the generated ones age like them.
        time.sleep(2.1)
        claim = content / "claims" / "claim-00000.md"
        source = content / "sources" / "report-00000.md"
        template = root / "templates" / "claim.html"
        edits = [
            (
                "cold full build",
                lambda: shutil.rmtree(root / ".factcheck-cache", ignore_errors=True),
            ),
            ("rebuild, nothing changed", lambda: None),
            (
                "rebuild, one claim's summary edited",
                # With the corrections entry a published summary's change needs.
                lambda: _edit(
                    claim,
                    'summary: "',
                    'corrections: [{date: 2026-01-02, kind: clarification, note: "Reworded."}]\n'
                    'summary: "Edited. ',
                ),
            ),
            (
                "rebuild, one claim's analysis edited",
                lambda: _edit(claim, "## The claim", "## The claim\n\nEdited."),
            ),
            (
                "rebuild, one source edited",
                lambda: _append(source, "\nA paragraph added by the benchmark.\n"),
            ),
            (
                "rebuild, a template edited",
                lambda: _edit(
                    template,
                    '<footer class="claim-footer">',
                    '<footer class="claim-footer" data-edited>',
                ),
            ),
        ]
        rows: list[tuple[str, float, float, float, str]] = []
        site_bytes = 0
        for label, edit in edits:
            edit()
            seconds, cpu, memory = build(root, out)
            if not rows:
                site_bytes = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
            same = ""
            if verify:
                reference = root / "cold"
                shutil.rmtree(reference, ignore_errors=True)
                cache = root / ".factcheck-cache"
                shutil.move(cache, root / ".cache-aside") if cache.exists() else None
                build(root, reference)
                shutil.rmtree(cache, ignore_errors=True)
                if (root / ".cache-aside").exists():
                    shutil.move(root / ".cache-aside", cache)
                same = "yes" if snapshot(out) == snapshot(reference) else "NO"
            rows.append((label, seconds, cpu, memory, same))
        others = (
            []
            if alone
            else [
                run
                for run in (
                    pelican(content, root / "pelican", EXTENSIONS),
                    hugo(content, root / "hugo"),
                )
                if run is not None
            ]
        )

    print(
        f"{claims} claims, {claims // 5} sources; {os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"floor: Python-Markdown alone, one core: {floor:.2f} s")
    header = (
        f"{'step':<38} {'seconds':>8} {'x floor':>8} {'CPU s':>8} {'x floor':>8} {'peak MB':>8}"
        + ("  same as cold" if verify else "")
    )
    print(header)
    print("-" * len(header))
    for label, seconds, cpu, memory, same in rows:
        print(
            f"{label:<38} {seconds:>8.2f} {seconds / floor:>8.2f} {cpu:>8.2f} {cpu / floor:>8.2f} "
            f"{memory:>8.0f}" + (f"  {same}" if verify else "")
        )
    cold = rows[0][1]
    for run in others:
        label = f"{run.name}, cold full build"
        print(
            f"{label:<38} {run.wall:>8.2f} {run.wall / floor:>8.2f} {run.cpu:>8.2f} "
            f"{run.cpu / floor:>8.2f}  (this generator {_times(run.wall / cold)})"
        )
    if not alone and not any(run.name.startswith("Pelican") for run in others):
        print(f"Pelican: not measured ({PELICAN} could not be installed from the registry)")
    if not alone and not any(run.name == "Hugo" for run in others):
        print("Hugo: not measured (Debian's hugo is not installed)")
    print(f"site: {site_bytes / 1e6:.1f} MB\n")
    return Scale(
        claims, cold, site_bytes, [seconds for _, seconds, _, _, _ in rows[1:]],
        max(memory for _, _, _, memory, _ in rows),
    )  # fmt: skip


def _times(ratio: float) -> str:
    """How many times faster or slower the generator is, for a ``ratio`` of other / ours."""
    return f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"


def _print_scaling(scaling: list[Scale]) -> None:
    """Per-claim figures size by size: flat columns mean the build scales linearly."""
    print("How the build scales (cold build per claim; rebuilds: nothing changed, a summary")
    print("edited, an analysis edited, a source edited, a template edited; peak memory of all)")
    header = (
        f"{'claims':>7} {'cold s':>8} {'ms/claim':>9} {'site MB':>8} {'KB/claim':>9} "
        f"{'rebuilds s':>34} {'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for scale in scaling:
        rebuilds = " ".join(f"{seconds:.2f}" for seconds in scale.rebuilds)
        print(
            f"{scale.claims:>7} {scale.cold:>8.1f} {scale.cold / scale.claims * 1000:>9.2f} "
            f"{scale.site_bytes / 1e6:>8.1f} {scale.site_bytes / scale.claims / 1000:>9.2f} "
            f"{rebuilds:>34} {scale.peak_mb:>8.0f}"
        )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


if __name__ == "__main__":
    main()
