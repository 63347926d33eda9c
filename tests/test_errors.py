"""What editors get when content or templates are wrong: one `path:line: message` per mistake,
exit status 1, no traceback, and the previous site left exactly as it was."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project, run_build, snapshot

SVR_CLAIM = "claims/svr-serbia-secret-ammunition-supplies.md"
MT_SOURCE = "sources/moscow-times-2025-05-29.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {path}")


def assert_fails_cleanly(project: Project, expected: list[tuple[Path, int, str]]) -> str:
    """Build a good site, apply nothing more, then check the failing build against ``expected``."""
    result = project.build()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if not line.startswith("Build failed")]
    for path, line, message in expected:
        prefix = f"{path}:{line}: "
        assert any(e.startswith(prefix) and message in e for e in errors), (prefix, message, errors)
    assert len(errors) == len(expected), errors
    assert result.stderr.splitlines()[-1].startswith(f"Build failed: {len(expected)} error")
    return result.stderr


@pytest.fixture
def built(project: Project) -> Project:
    """A project whose site has been built once, so failed builds can be shown to leave it alone."""
    result = project.build()
    assert result.returncode == 0, result.stderr
    project.before = snapshot(project.out)  # type: ignore[attr-defined]
    return project


def claim_case(
    old: str, new: str, message: str, at: str | None = None
) -> Callable[[Project], tuple]:
    """A mistake made in the SVR claim file: replace ``old`` by ``new``, expect ``message`` on the
    line holding ``at`` (default: ``new``)."""

    def make(project: Project) -> tuple[Path, int, str]:
        path = project.content / SVR_CLAIM
        edit(path, old, new)
        return path, line_of(path, at or new.splitlines()[0]), message

    return make


CASES = {
    "unknown verdict": claim_case(
        "verdict: unproven",
        "verdict: unprovn",
        "unknown verdict `unprovn`; did you mean `unproven`?",
    ),
    "unknown field": claim_case(
        "tags:", "sumary: A typo.\ntags:", "unknown field `sumary`; did you mean `summary`?"
    ),
    "unknown appearance id": claim_case(
        "  - moscow-times-2025-05-29",
        "  - moscow-times-2025-05-30",
        "unknown source `moscow-times-2025-05-30`; did you mean `moscow-times-2025-05-29`?",
    ),
    "unknown cited id": claim_case(
        "[@svr-statement-2025-05]",
        "[@svr-statment-2025-05]",
        "unknown source `svr-statment-2025-05`; did you mean `svr-statement-2025-05`?",
    ),
    "malformed citation": claim_case(
        "[@svr-statement-2025-05]",
        "[@SVR statement]",
        "citation `[@SVR statement]` is not well formed",
    ),
    "title too long": claim_case(
        'title: "Serbian ammunition',
        'title: "In a long and winding sentence we say that Serbian ammunition',
        f"`title` is {len('In a long and winding sentence we say that ') + 73} characters long; "
        "shorten it to at most 75",
    ),
    "impossible date": claim_case(
        "published: 2026-11-21", "published: 2026-02-30", "`2026-02-30` is not a date that exists"
    ),
    "date in another format": claim_case(
        "published: 2026-11-21",
        "published: 21/11/2026",
        "`21/11/2026` is not a date; write it as YYYY-MM-DD",
    ),
    "list where text is due": claim_case(
        'claimant: "Russia\'s Foreign Intelligence Service (SVR)"',
        "claimant: [SVR, Russia]",
        "`claimant` must be text, not a list",
    ),
    "unquoted colon": claim_case(
        'title: "Serbian ammunition reached Ukraine in bulk on false end-user certificates"',
        "title: Claim: Serbia supplied shells",
        "a colon inside a value; put the whole value in double quotes",
    ),
    "tab indentation": claim_case(
        "  - svr-statement-2025-05",
        "\t- svr-statement-2025-05",
        "a tab character; indent with spaces",
    ),
    "missing field": claim_case(
        "verdict: unproven\n", "", "`verdict` is missing; add `verdict: half-true`", at="---"
    ),
}


@pytest.mark.parametrize("make_mistake", CASES.values(), ids=CASES.keys())
def test_claim_mistake_is_reported_and_site_kept(built: Project, make_mistake: Callable) -> None:
    expected = make_mistake(built)
    assert_fails_cleanly(built, [expected])
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_no_front_matter(built: Project) -> None:
    path = built.content / "claims" / "new-claim.md"
    path.write_text("title: Forgot the dashes\n\nSome analysis.\n", encoding="utf-8")
    assert_fails_cleanly(
        built, [(path, 1, "no front matter; the file must start with a line of three dashes")]
    )
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_empty_file(built: Project) -> None:
    path = built.content / "claims" / "empty.md"
    path.write_text("", encoding="utf-8")
    assert_fails_cleanly(built, [(path, 1, "the file is empty")])


def test_not_utf8(built: Project) -> None:
    path = built.content / SVR_CLAIM
    path.write_bytes(path.read_bytes().replace(b"Russia's", b"Russia\x92s", 1))
    assert_fails_cleanly(
        built,
        [
            (
                path,
                line_of_bytes(path, b"\x92"),
                "byte 0x92 is not UTF-8 text; save the file as UTF-8",
            )
        ],
    )
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def line_of_bytes(path: Path, fragment: bytes) -> int:
    data = path.read_bytes()
    return data[: data.index(fragment)].count(b"\n") + 1


def test_bad_file_name(built: Project) -> None:
    path = built.content / "claims" / "Vucic Said.md"
    path.write_bytes((built.content / SVR_CLAIM).read_bytes())  # its translation keeps its own
    assert_fails_cleanly(built, [(path, 1, "rename it vucic-said.md")])
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_source_address_must_be_web(built: Project) -> None:
    path = built.content / MT_SOURCE
    edit(path, 'url: "https://', 'url: "ftp://')
    assert_fails_cleanly(
        built, [(path, line_of(path, "url:"), "must start with http:// or https://")]
    )


def test_every_error_in_every_file_is_reported_at_once(built: Project) -> None:
    claim = built.content / SVR_CLAIM
    edit(claim, "verdict: unproven", "verdict: mostly-ture")
    edit(claim, "[@svr-statement-2025-05]", "[@nowhere]")
    source = built.content / MT_SOURCE
    edit(source, "published: 2025-05-29", "published: May 2025")
    assert_fails_cleanly(
        built,
        [
            (claim, line_of(claim, "verdict:"), "did you mean `mostly-true`?"),
            (claim, line_of(claim, "[@nowhere]"), "unknown source `nowhere`"),
            (source, line_of(source, "published:"), "`May 2025` is not a date"),
        ],
    )
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_broken_rating_scale(built: Project) -> None:
    path = built.content / "ratings.yml"
    edit(path, "- key: mostly-false", "- key: half-true")
    second = [
        n for n, line in enumerate(path.read_text().splitlines(), 1) if line == "- key: half-true"
    ][1]
    assert_fails_cleanly(built, [(path, second, "key `half-true` is used twice")])


def test_missing_template(built: Project) -> None:
    (built.templates / "claim.html").unlink()
    assert_fails_cleanly(
        built, [(built.templates / "claim.html", 1, "template `claim.html` is missing")]
    )
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_template_syntax_error(built: Project) -> None:
    path = built.templates / "claim.html"
    edit(path, '<p class="summary">', '{% if %}<p class="summary">')
    assert_fails_cleanly(built, [(path, line_of(path, "{% if %}"), "template error:")])
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_template_naming_a_missing_value(built: Project) -> None:
    path = built.templates / "source.html"
    edit(path, "{{ source.title }}</h1>", "{{ source.headline }}</h1>")
    assert_fails_cleanly(
        built, [(path, line_of(path, "source.headline"), "has no attribute 'headline'")]
    )


def test_template_making_something_too_large(built: Project) -> None:
    """MemoryError says nothing of itself: the error says what ran out. (A string of 2**62
    characters is refused at once, without taking any memory.)"""
    path = built.templates / "source.html"
    edit(path, "{{ source.title }}</h1>", '{{ "x" * 2 ** 62 }}</h1>')
    assert_fails_cleanly(
        built, [(path, line_of(path, "2 ** 62"), "template error: out of memory: a list or")]
    )
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_bad_base_url_is_a_usage_error(project: Project) -> None:
    result = project.build("--base-url", "example.org")
    assert result.returncode == 2
    assert "must start with http:// or https://" in result.stderr
    assert not project.out.exists()


def test_refuses_to_replace_a_folder_it_did_not_write(project: Project, tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = run_build(
        "--content", project.content, "--templates", project.templates, "--out", precious
    )
    assert result.returncode == 2
    assert "holds files this tool did not write" in result.stderr
    assert snapshot(precious) == {"thesis.txt": b"years of work"}


@pytest.mark.parametrize("option", ["--out", "--cache"])
def test_a_folder_under_a_file_is_a_usage_error(project: Project, option: str) -> None:
    blocking = project.root / "notes.txt"
    blocking.write_text("not a folder")
    result = project.build(option, blocking / "folder")
    assert result.returncode == 2
    assert result.stderr == (
        f"error: {option} {blocking / 'folder'}: {blocking} is a file, not a folder; "
        "choose a folder\n"
    )
    assert not project.out.exists()


def test_a_folder_the_system_refuses_is_one_line_not_a_traceback(project: Project) -> None:
    result = run_build(
        "--content", project.content, "--templates", project.templates, "--out", "/proc/site"
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot read or write /proc/")
    assert len(result.stderr.splitlines()) == 1


def test_a_link_to_a_missing_file_is_reported(built: Project) -> None:
    link = built.content / "claims" / "linked.md"
    link.symlink_to(built.content / "claims" / "gone.md")
    assert_fails_cleanly(built, [(link, 1, "cannot be read (No such file or directory)")])
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_unknown_option_is_a_usage_error(project: Project) -> None:
    result = project.build("--colour")
    assert result.returncode == 2
    assert "unrecognized arguments: --colour" in result.stderr


def test_a_deleted_source_many_files_cite_is_one_error_naming_them_all(built: Project) -> None:
    source = built.content / "sources" / "unattributed-report-2025-05-29.md"
    source.unlink()
    citing = {
        str(path): [
            n for n, line in enumerate(path.read_text().splitlines(), 1)
            if "unattributed-report-2025-05-29" in line
        ]
        for path in sorted(built.content.rglob("*.md"), key=lambda path: path.as_posix())
    }  # fmt: skip
    citing = {path: lines for path, lines in citing.items() if lines}
    result = built.build()
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert errors[-1] == f"Build failed: 1 error; {built.out} was left as it was."
    first = next(iter(citing))
    assert errors[0].startswith(
        f"{first}:{citing[first][0]}: no source `unattributed-report-2025-05-29`: "
        f"{source} is missing, and "
    )
    # every file citing it is named, from its first citation on
    assert f"citations in {len(citing)} files name it" in errors[0]
    for path, lines in citing.items():
        assert re.search(rf"{re.escape(path)} \(lines? {lines[0]}\b", errors[0]), path
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_a_mistyped_source_id_cited_once_gets_its_suggestion(built: Project) -> None:
    claim = built.content / SVR_CLAIM
    edit(claim, "[@svr-statement-2025-05]", "[@svr-statment-2025-05]")
    result = built.build()
    assert result.returncode == 1
    assert (
        "unknown source `svr-statment-2025-05`; did you mean `svr-statement-2025-05`?"
        in result.stderr
    )
