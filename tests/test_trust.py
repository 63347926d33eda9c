"""Builds that can be trusted: atomic when killed, reproducible, and robust to any input."""

from __future__ import annotations

import datetime
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from conftest import BUILD_SCRIPT, ROOT, Project, run_build, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import places, write
from factcheck.errors import ContentErrors
from factcheck.pipeline import BuildCache, render
from factcheck.write import InMemorySite

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"


def test_two_builds_in_different_folders_are_byte_identical(tmp_path: Path) -> None:
    elsewhere = tmp_path / "a" / "copy"
    shutil.copytree(ROOT / "content", elsewhere / "content")
    shutil.copytree(ROOT / "templates", elsewhere / "templates")
    first = run_build("--out", tmp_path / "one" / "site")
    second = run_build(
        "--content", elsewhere / "content", "--templates", elsewhere / "templates",
        "--out", tmp_path / "two" / "public", cwd=tmp_path,
    )  # fmt: skip
    assert first.returncode == second.returncode == 0
    one, two = snapshot(tmp_path / "one" / "site"), snapshot(tmp_path / "two" / "public")
    assert one == two
    assert len(one) > 20


def test_check_dates_come_from_source_date_epoch(project: Project) -> None:
    epoch = int(datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC).timestamp())
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "check", "--content", str(project.content),
         "--templates", str(project.templates)],
        capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": str(epoch), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    # The published content is dated 21 November 2026: in the future as of 1 November.
    assert "warning: `published` 2026-11-21 is in the future" in result.stdout


def test_a_build_killed_part_way_leaves_the_previous_site(project: Project, tmp_path: Path) -> None:
    claim = (project.content / SVR).read_text(encoding="utf-8")
    for number in range(400):  # enough claims that the build takes a while
        (project.content / "claims" / f"copy-{number:04d}.md").write_text(claim, encoding="utf-8")
    assert project.build().returncode == 0
    before = snapshot(project.out)

    for path in (project.content / "claims").glob("copy-*.md"):
        path.write_text(
            claim.replace("That Serbian ammunition", "Changed: Serbian ammunition"),
            encoding="utf-8",
        )
    reference = tmp_path / "reference"
    started = time.monotonic()
    assert (
        run_build(
            "--content", project.content, "--templates", project.templates, "--out", reference
        ).returncode
        == 0
    )
    duration = time.monotonic() - started
    after = snapshot(reference)
    assert after != before

    outcomes = set()
    for fraction in (0.2, 0.4, 0.6, 0.8, 0.9, 0.95):
        process = subprocess.Popen(
            [sys.executable, str(BUILD_SCRIPT), "--content", str(project.content),
             "--templates", str(project.templates), "--out", str(project.out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(project.out)
        assert now in (before, after), f"a mix of old and new after killing at {fraction:.0%}"
        outcomes.add("old" if now == before else "new")
        if now == after:  # it finished; put the old site back for the next try
            shutil.rmtree(project.out)
            shutil.copytree(reference, project.out)
            for path, data in before.items():
                (project.out / path).parent.mkdir(parents=True, exist_ok=True)
                (project.out / path).write_bytes(data)
            for path in set(after) - set(before):
                (project.out / path).unlink()
            assert snapshot(project.out) == before
    assert "old" in outcomes  # at least one kill landed mid-build
    leftovers = [p.name for p in project.root.iterdir() if p.name.startswith(".site.building-")]
    assert project.build().returncode == 0  # the next build clears what killed builds left
    assert not [p.name for p in project.root.iterdir() if p.name.startswith(".site.building-")], (
        leftovers
    )


FIELD_NAMES = ["title", "claimant", "claimant_type", "claim_date", "appearance", "verdict", "summary",
               "published", "updated", "tags", "corrections", "draft", "comparisons", "titel"]  # fmt: skip
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 3000), st.floats(allow_nan=True),
    st.text(max_size=90), st.sampled_from(["2025-05-29", "2025-02-30", "2025", "2025-13", "half-true",
                                             "moscow-times-2025-05-29", "TODO: x", "not recorded"]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
PIECES = [
    *'ab "“”\'[]@;,.>#*_`-\n\t<>/&:!^{}()…',
    "[@moscow-times-2025-05-29]", "[@nope]", "<script>", "[^1]", "\n> ", "[@a, p. 1; @b]", "\ue000", "\ue0000\ue001",
]  # fmt: skip
BODY_TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    front_matter=st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=12),
    body=BODY_TEXT,
    raw=st.booleans(),
    raw_text=st.text(max_size=120),
)
def test_any_claim_file_builds_or_gives_content_errors(
    project: Project, front_matter: dict, body: str, raw: bool, raw_text: str
) -> None:
    path = project.content / "claims" / "fuzz.md"
    header = raw_text if raw else yaml.safe_dump(front_matter, allow_unicode=True)
    path.write_text(f"---\n{header}\n---\n{body}", encoding="utf-8")
    try:
        render(
            project.content, project.templates, InMemorySite(), include_drafts=True, cache=_CACHE
        )
    except ContentErrors as failure:
        assert failure.errors
        for error in failure.errors:
            assert error.line >= 1 and error.message


_CACHE = BuildCache()


VALID_FIELDS = yaml.safe_load((ROOT / "content" / SVR).read_text(encoding="utf-8").split("---")[1])


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODY_TEXT, field=st.sampled_from([None, *FIELD_NAMES]), value=VALUES)
def test_any_body_or_field_of_a_valid_claim_builds_or_gives_content_errors(
    project: Project, body: str, field: str | None, value: object
) -> None:
    fields = dict(VALID_FIELDS) | ({field: value} if field else {})
    front_matter = yaml.safe_dump(fields, allow_unicode=True)
    (project.content / "claims" / "fuzz.md").write_text(
        f"---\n{front_matter}---\n{body}", encoding="utf-8"
    )
    try:
        site = InMemorySite()
        render(project.content, project.templates, site, include_drafts=True, cache=_CACHE)
    except ContentErrors as failure:
        assert all(error.line >= 1 and error.message for error in failure.errors)
        return
    page = site.files["claims/fuzz/index.html"].decode()
    assert "<script>" not in page.split("</head>", 1)[1]  # nothing from the body runs


def test_only_leftovers_the_build_marked_are_deleted(tmp_path: Path) -> None:
    """A killed build leaves its staging folder, marked; the next build deletes it. A folder of
    the same kind of name that the build did not make is left alone."""
    out = tmp_path / "site"
    killed = tmp_path / ".site.building-killed"
    (killed / "claims").mkdir(parents=True)
    places.mark_site(killed, "", [])
    (killed / "claims" / "index.html").write_text("half a site")
    someone = tmp_path / ".site.building-mine"
    someone.mkdir()
    (someone / "notes.txt").write_text("not the build's")
    with write.StagedSite(out) as staged:
        staged.begin()
        staged.put("index.html", b"built")
        staged.publish("id-1", ["index.html"])
    assert not killed.exists()
    assert (someone / "notes.txt").read_text() == "not the build's"
    assert (out / "index.html").read_text() == "built"
    assert places.site_id_of(out) == "id-1"
    assert places.paths_of_site(out) == {"index.html"}


def test_an_old_site_deleted_in_the_background_takes_nothing_else_with_it(
    tmp_path: Path, monkeypatch
) -> None:
    """Every old site goes to the background here. Each build publishes while the last one's
    deletion may still run; the live site and whatever is not the build's survive it."""
    monkeypatch.setattr(write, "_BACKGROUND_ENTRIES", 1)
    out = tmp_path / "site"
    (tmp_path / "notes.txt").write_text("mine")
    for number in range(1, 5):
        with write.StagedSite(out) as staged:
            staged.begin()
            staged.put(f"page-{number}/index.html", f"page {number}".encode())
            staged.put("index.html", f"build {number}".encode())
            staged.publish(f"id-{number}", ["index.html", f"page-{number}/index.html"])
        assert (out / "index.html").read_text() == f"build {number}"
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site.*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # waiting for the condition: the background deletions have finished
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt", "site"]
    assert sorted(path.name for path in out.iterdir()) == [
        ".factcheck-site",
        "index.html",
        "page-4",
    ]
    assert places.site_id_of(out) == "id-4"
