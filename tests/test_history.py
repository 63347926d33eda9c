"""Accountability (issue 19): each claim's revisions from git, shown on its page and in the open
data, and no published verdict or summary changed without a corrections entry."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, Project, in_one_language, parse_html, run_build

from factcheck.catalogs import ENGLISH
from factcheck.history import Version, head_commit, read_history
from factcheck.model import Rating, RatingScale
from factcheck.revisions import described, revisions_of

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"
SVR_PAGE = Path("claims/svr-serbia-secret-ammunition-supplies/index.html")
SCALE = RatingScale(
    (Rating("true", "True", "", 5), Rating("false", "False", "", 0), Rating("unproven", "Unproven", "", None))
)  # fmt: skip


def git(folder: Path, *arguments: str, day: str = "2026-01-01") -> str:
    """Run git in ``folder`` as a test author, committing on ``day``."""
    moment = f"{day}T12:00:00+00:00"
    environment = os.environ | {
        "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment,
    }  # fmt: skip
    done = subprocess.run(
        ["git", "-C", str(folder), *arguments], env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def commit_all(folder: Path, day: str) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", f"edit of {day}", day=day)


def claim_file(
    verdict: str, summary: str, body: str, *, draft: bool = False, extra: str = ""
) -> str:
    return (
        f"---\ntitle: A claim\nverdict: {verdict}\nsummary: {summary}\n{extra}"
        f"{'draft: true' if draft else ''}\n---\n\n{body}\n"
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- reading the history


def test_each_version_is_read_newest_first_following_a_rename(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    git(tmp_path, "init", "-q")
    first = content / "claims" / "first-name.md"
    first.write_text(claim_file("true", "Draft.", "One two three.", draft=True))
    (content / "site.yml").write_text("title: x\n")
    commit_all(tmp_path, "2026-01-01")
    first.write_text(claim_file("true", "Published.", "One two three."))
    commit_all(tmp_path, "2026-01-02")
    git(tmp_path, "mv", "content/claims/first-name.md", "content/claims/new-name.md")
    commit_all(tmp_path, "2026-01-03")
    renamed = content / "claims" / "new-name.md"
    renamed.write_text(
        claim_file(
            "false", "Changed.", "One two four five. [@a-source]",
            extra="corrections:\n  - {date: 2026-01-04, note: Why.}\n",
        )
    )  # fmt: skip
    (content / "site.yml").write_text("title: y\n")  # not a claim: no history of its own
    commit_all(tmp_path, "2026-01-04")

    history = read_history(content, head_commit(content))
    assert history.complete and history.note is None
    assert list(history.versions) == ["claims/new-name.md"]
    versions = history.versions["claims/new-name.md"]
    assert [version.date.day for version in versions] == [4, 3, 2, 1]
    assert versions[0].data == renamed.read_bytes()

    revisions = revisions_of(renamed, versions)
    assert [(r.date.day, r.first) for r in revisions] == [(4, False), (3, False), (2, True)]
    latest, moved, published = revisions
    assert (latest.verdict, latest.summary, latest.corrections_added) == (
        ("true", "false"),
        True,
        1,
    )
    assert (latest.words_added, latest.words_removed) == (3, 1)  # three -> four five [@a-source]
    assert latest.sources_added == ("a-source",)
    assert described(latest, {"a-source": "A Source"}, ENGLISH, SCALE) == (
        "verdict changed from True to False; summary rewritten; analysis: 3 words added, "
        "1 removed; sources added: A Source; a corrections entry added"
    )
    assert (
        described(moved, {}, ENGLISH, SCALE)
        == "no change to the verdict, summary, analysis or sources"
    )
    assert described(published, {}, ENGLISH, SCALE) == "first published"


def test_words_are_counted_not_aligned_so_a_long_repetitive_body_is_quick() -> None:
    """An alignment of 60,000 words, most of them the same few, takes quadratic time; a file
    anyone committed is read at every build."""
    day = datetime.date(2026, 1, 1)
    versions = [
        Version("b", day, claim_file("true", "S.", "a the of " * 20_000 + "new").encode()),
        Version("a", day, claim_file("true", "S.", "the a of " * 20_000).encode()),
    ]
    latest, _ = revisions_of(Path("claims/a.md"), versions)
    assert (latest.words_added, latest.words_removed) == (1, 0)  # reordered words are no change


def test_without_a_repository_or_in_a_shallow_clone_the_history_is_left_out(tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    assert head_commit(alone) == ""
    left_out = read_history(alone, "")
    assert left_out.versions == {} and "in no git repository" in (left_out.note or "")

    origin = tmp_path / "origin"
    (origin / "content" / "claims").mkdir(parents=True)
    git(origin, "init", "-q")
    path = origin / "content" / "claims" / "a.md"
    for day, verdict in (("2026-01-01", "true"), ("2026-01-02", "false")):
        path.write_text(claim_file(verdict, "S.", "Words."))
        commit_all(origin, day)
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", "shallow")
    content = tmp_path / "shallow" / "content"
    shallow = read_history(content, head_commit(content))
    assert not shallow.complete and "shallow clone" in (shallow.note or "")
    # What a change is checked against is still known: the last commit's files, every one.
    assert list(shallow.published) == ["claims/a.md"]
    assert b"verdict: false" in shallow.published["claims/a.md"]


def test_a_commit_dated_past_year_9999_is_passed_over(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    git(tmp_path, "init", "-q")
    path = content / "claims" / "a.md"
    path.write_text(claim_file("true", "S.", "Words."))
    commit_all(tmp_path, "2026-01-01")
    path.write_text(claim_file("true", "S.", "More words."))
    git(tmp_path, "add", "-A")
    far = os.environ | {"GIT_COMMITTER_DATE": "@253402300800 +0000"}
    subprocess.run(
        ["git", "-C", str(tmp_path), "-c", "user.name=E", "-c", "user.email=e@x", "commit", "-qm", "far"],
        env=far, check=True,
    )  # fmt: skip
    history = read_history(content, head_commit(content))
    assert [v.date.year for v in history.versions["claims/a.md"]] == [2026]
    assert history.published["claims/a.md"] == path.read_bytes()


def test_a_version_larger_than_a_content_file_may_be_is_not_read(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    git(tmp_path, "init", "-q")
    path = content / "claims" / "a.md"
    for day, body in (
        ("2026-01-01", "Short."),
        ("2026-01-02", "Long " * 500_000),
        ("2026-01-03", "Short again."),
    ):
        path.write_text(claim_file("true", "S.", body))
        commit_all(tmp_path, day)
    history = read_history(content, head_commit(content))
    assert [v.date.day for v in history.versions["claims/a.md"]] == [3, 1]


def test_a_merge_is_one_change_and_the_last_commit_is_what_a_change_is_checked_against(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    git(tmp_path, "init", "-q", "-b", "main")
    path = content / "claims" / "a.md"
    path.write_text(claim_file("true", "S.", "One.\n\nTwo."))
    commit_all(tmp_path, "2026-01-01")
    git(tmp_path, "checkout", "-q", "-b", "fix")
    path.write_text(
        claim_file(
            "true", "S.", "One.\n\nTwo.", extra="corrections: [{date: 2026-01-02, note: x}]\n"
        )
    )
    commit_all(tmp_path, "2026-01-02")
    git(tmp_path, "checkout", "-q", "main")
    path.write_text(claim_file("true", "S.", "One.\n\nTwo, three."))
    commit_all(tmp_path, "2026-01-03")
    git(tmp_path, "merge", "-q", "--no-edit", "fix", day="2026-01-04")

    history = read_history(content, head_commit(content))
    assert [v.date.day for v in history.versions["claims/a.md"]] == [4, 3, 1]  # main's line
    assert history.published["claims/a.md"] == path.read_bytes()  # the merged file


# --- the build


@pytest.fixture
def in_git(project: Project) -> Project:
    """The project's content, in English alone (a verdict changes in one file), committed twice:
    as first published, then corrected."""
    in_one_language(project)
    git(project.root, "init", "-q")
    svr = project.content / SVR
    edit(svr, "verdict: unproven", "verdict: half-true")
    commit_all(project.root, "2026-11-21")
    edit(svr, "verdict: half-true", "verdict: unproven")
    commit_all(project.root, "2026-11-22")
    return project


def test_each_claim_page_shows_its_revisions_collapsed_with_a_count(in_git: Project) -> None:
    result = in_git.build()
    assert result.returncode == 0, result.stderr
    assert "revision history" not in result.stderr  # nothing left out
    history = parse_html(in_git.out / SVR_PAGE).select_one("details.history")
    assert history.summary.get_text() == "Revision history: 2 versions since it was published"
    assert [item.get_text(" ", strip=True) for item in history.select("li")] == [
        "22 November 2026 : verdict changed from Half true to Unproven.",
        "21 November 2026 : first published.",
    ]
    data = json.loads((in_git.out / "data" / "claims.json").read_text(encoding="utf-8"))
    svr = next(
        c for c in data["claims"] if c["url"].endswith("/svr-serbia-secret-ammunition-supplies/")
    )
    assert [(r["date"], r["verdict"], r["first_published"]) for r in svr["revisions"]] == [
        ("2026-11-22", {"from": "Half true", "to": "Unproven"}, False),
        ("2026-11-21", None, True),
    ]
    assert svr["revisions"][0]["commit"] == head_commit(in_git.content)

    # A commit is an input: the next build shows it, though no file changed since.
    edit(in_git.content / SVR, "## ", "A new sentence.\n\n## ")
    commit_all(in_git.root, "2026-11-23")
    assert in_git.build().returncode == 0
    history = parse_html(in_git.out / SVR_PAGE).select_one("details.history")
    assert history.summary.get_text().startswith("Revision history: 3 versions")


def test_a_verdict_changed_since_the_last_commit_needs_a_corrections_entry(in_git: Project) -> None:
    svr = in_git.content / SVR
    edit(svr, "verdict: unproven", "verdict: false")
    result = in_git.build()
    assert result.returncode == 1
    line = svr.read_text(encoding="utf-8").splitlines().index("verdict: false") + 1
    assert result.stderr.splitlines()[0] == (
        f"{in_git.content / SVR}:{line}: the verdict changed from unproven to false since it was "
        "published; add a corrections entry dated today that says why"
    )
    assert not in_git.out.exists()  # no half-written site
    checked = run_build("check", "--content", in_git.content, "--templates", in_git.templates)
    assert (
        checked.returncode == 1
        and "the verdict changed from unproven" in checked.stdout + checked.stderr
    )

    edit(
        svr,
        "corrections:\n",
        "corrections:\n  - date: 2026-11-23\n    note: The verdict is now False.\n",
    )
    assert in_git.build().returncode == 0
    # Rewording the new entry's note is no second entry, and needs none.
    edit(svr, "The verdict is now False.", "The verdict is now False, because.")
    assert in_git.build().returncode == 0


def test_a_summary_changed_without_git_is_checked_against_the_last_build(project: Project) -> None:
    assert project.build().returncode == 0
    svr = project.content / SVR
    edit(svr, 'summary: "', 'summary: "Reworded. ')
    result = project.build()
    assert result.returncode == 1
    assert ": the summary changed since it was published; add a corrections entry dated today " in (
        result.stderr
    )
    assert "`kind: clarification` where nothing in it was wrong" in result.stderr
    edit(
        svr,
        "corrections:\n",
        "corrections:\n  - {date: 2026-11-23, kind: clarification, note: Reworded.}\n",
    )
    assert project.build().returncode == 0


def test_dating_an_entry_anew_is_no_new_entry(in_git: Project) -> None:
    svr = in_git.content / SVR
    edit(svr, "verdict: unproven", "verdict: false")
    edit(svr, "  - date: 2026-11-22\n", "  - date: 2026-11-23\n")
    result = in_git.build()
    assert result.returncode == 1 and "the verdict changed from unproven to false" in result.stderr


def test_a_claim_git_does_not_hold_is_checked_against_the_last_build(
    tmp_path: Path, project: Project
) -> None:
    in_one_language(project)  # a verdict changes in one file
    git(project.root, "init", "-q")  # a repository holding none of the content's claims
    (project.root / "notes.txt").write_text("Not content.")
    git(project.root, "add", "notes.txt")
    git(project.root, "commit", "-q", "-m", "notes")
    first = project.build()
    assert first.returncode == 0
    assert "no claim file is committed to git yet" in first.stderr
    edit(project.content / SVR, "verdict: unproven", "verdict: false")
    result = project.build()
    assert result.returncode == 1 and "the verdict changed from unproven to false" in result.stderr


def test_a_draft_and_a_new_claim_change_freely(in_git: Project) -> None:
    svr = in_git.content / SVR
    edit(svr, "verdict: unproven", "verdict: false")
    edit(svr, "\ntags:", "\ndraft: true\ntags:")
    assert in_git.build().returncode == 0  # a draft is not published, whatever it was
    new = in_git.content / "claims" / "a-new-claim.md"
    new.write_text((in_git.content / SVR).read_text(encoding="utf-8").replace("draft: true\n", ""))
    edit(svr, "\ndraft: true", "")
    edit(svr, "verdict: false", "verdict: unproven")
    built = in_git.build()
    assert built.returncode == 0, built.stderr  # never committed: new


def test_without_git_the_build_notes_the_history_is_left_out(project: Project) -> None:
    result = project.build()
    assert result.returncode == 0
    assert result.stderr.strip() == (
        "note: the content folder is in no git repository, so the claims' revision history is "
        "left out"
    )
    assert parse_html(project.out / SVR_PAGE).select_one("details.history") is None
    data = json.loads((project.out / "data" / "claims.json").read_text(encoding="utf-8"))
    assert {claim["revisions"] is None for claim in data["claims"]} == {True}


def test_the_published_claims_show_their_history(built_site: Path) -> None:
    shallow = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"],
        capture_output=True,
        text=True,
    )
    if shallow.stdout.strip() != "false":
        pytest.skip("this checkout holds no whole git history")
    for page in sorted((built_site / "claims").glob("*/index.html")):
        history = parse_html(page).select_one("details.history")
        assert history is not None, page
        assert history.select("li")[-1].get_text().endswith("first published.")
        dates = [datetime.date.fromisoformat(t["datetime"]) for t in history.select("time")]
        assert dates == sorted(dates, reverse=True)
