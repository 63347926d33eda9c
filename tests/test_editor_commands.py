"""`new` and `check`: what an editor gets from the commands around writing a claim."""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from conftest import Project, run_build

SVR_CLAIM = "claims/svr-serbia-secret-ammunition-supplies.md"


def editor(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a command the way an editor does, from the project folder."""
    return run_build(*args, cwd=project.root)


def fill(path: Path, replacements: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_new_claim_writes_every_field_and_check_lists_what_to_fill(project: Project) -> None:
    result = editor(project, "new", "claim", "Vučić said Serbia sells ammunition to the US")
    assert result.returncode == 0, result.stderr
    path = project.content / "claims" / "vucic-said-serbia-sells-ammunition-to-the-us.md"
    assert f"Created {path.relative_to(project.root)}" in result.stdout
    text = path.read_text(encoding="utf-8")
    for field in ("title", "claimant", "claimant_type", "claimant_role", "claimant_role_source",
                  "claim_date", "claim_date_note", "appearance", "verdict", "summary", "published",
                  "updated", "tags", "corrections", "reply", "draft"):  # fmt: skip
        assert re.search(rf"^#? *{field}:", text, re.MULTILINE), field
    assert f"published: {datetime.date.today().isoformat()}" in text
    assert 'title: "Vučić said Serbia sells ammunition to the US"' in text
    assert "true, mostly-true, half-true, mostly-false, false, unproven" in text  # from ratings.yml

    check = editor(project, "check")
    assert check.returncode == 1
    errors = [line for line in check.stderr.splitlines() if line.startswith("content/")]
    todo_lines = [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if "TODO:" in line and not line.startswith("#")
    ]
    assert [int(error.split(":")[1]) for error in errors] == todo_lines
    assert all("is still a placeholder: replace" in error for error in errors)
    assert check.stderr.splitlines()[-1] == f"Check failed: {len(todo_lines)} errors."

    fill(path, {
        '"TODO: who made the claim"': '"Aleksandar Vučić"',
        '"TODO: person or organisation"': "person",
        '"TODO: YYYY-MM-DD"': "2025-05-29",
        '["TODO: source-id"]': "[moscow-times-2025-05-29]",
        '"TODO: verdict"': "unproven",
        '"TODO: the verdict in one or two plain sentences"': '"Not shown."',
    })  # fmt: skip
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"^TODO:.*$", "Filled in [@moscow-times-2025-05-29, para. 5].", text, flags=re.MULTILINE
    )
    path.write_text(text, encoding="utf-8")
    check = editor(project, "check")
    assert check.returncode == 0, check.stderr
    claims = len(list((project.content / "claims").glob("*.md")))
    assert f"Checked {claims} claims and 4 sources: no errors" in check.stdout


def test_new_never_overwrites(project: Project) -> None:
    path = project.content / SVR_CLAIM
    before = path.read_bytes()
    result = editor(project, "new", "claim", "SVR Serbia secret ammunition supplies")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"content/{SVR_CLAIM}:1: the file already exists; edit it, or choose another title or id"
    )
    assert path.read_bytes() == before


def test_new_claim_refuses_a_title_too_long_for_claimreview(project: Project) -> None:
    result = editor(project, "new", "claim", "A claim " * 12)
    assert result.returncode == 1
    assert "shorten it to at most 75" in result.stderr
    assert not list((project.content / "claims").glob("a-claim*"))


def test_new_source_and_its_placeholders(project: Project) -> None:
    assert editor(project, "new", "source", "Bad Id").returncode == 1
    result = editor(project, "new", "source", "ft-article-2024-06")
    assert result.returncode == 0, result.stderr
    path = project.content / "sources" / "ft-article-2024-06.md"
    text = path.read_text(encoding="utf-8")
    for field in (
        "title",
        "publisher",
        "published",
        "url",
        "accessed",
        "author",
        "archive_url",
        "language",
        "note",
    ):
        assert re.search(rf"^#? *{field}:", text, re.MULTILINE), field
    check = editor(project, "check")
    assert check.returncode == 1
    assert (
        f"content/sources/ft-article-2024-06.md:{_line(text, 'title:')}: `title` is still a placeholder"
        in check.stderr
    )


def _line(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_check_reports_each_warning_and_writes_nothing(project: Project) -> None:
    claim = project.content / "claims" / "mojsilovic-sanctions-russian-arms-contracts.md"
    text = claim.read_text(encoding="utf-8")
    # Cite only one publisher: drop the paragraph that cites The Moscow Times.
    claim.write_text(
        re.sub(r"^.*\[@moscow-times-2025-05-29\b.*\n", "", text, flags=re.MULTILINE),
        encoding="utf-8",
    )
    fill(claim, {"published: 2026-11-21": "published: 2999-01-01"})
    unused = project.content / "sources" / "unused-report.md"
    unused.write_text('---\ntitle: "Unused"\npublisher: Nobody\npublished: 2025\n---\n')

    result = editor(project, "check")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    claim_lines = claim.read_text().splitlines()
    appearance_line = next(
        n for n, line in enumerate(claim_lines, 1) if line.startswith("appearance:")
    )
    published_line = next(
        n for n, line in enumerate(claim_lines, 1) if line.startswith("published:")
    )
    translation = project.content / "claims" / "sankcije-onemogucile-kupovinu-ruskog-oruzja.md"
    translated_line = next(
        n
        for n, line in enumerate(translation.read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith("translated_from:")
    )
    expected = [
        f"content/claims/mojsilovic-sanctions-russian-arms-contracts.md:{appearance_line}: warning: the check rests on 1 independent source",
        f"content/claims/mojsilovic-sanctions-russian-arms-contracts.md:{published_line}: warning: `published` 2999-01-01 is in the future",
        # its translation no longer matches it
        f"content/claims/sankcije-onemogucile-kupovinu-ruskog-oruzja.md:{translated_line}: warning: content/claims/mojsilovic-sanctions-russian-arms-contracts.md has changed since the version this translates",
        # the published sources without an address say `url: not recorded`; this one does not
        "content/sources/unused-report.md:2: warning: has neither `url` nor `archive_url`",
        "content/sources/unused-report.md:2: warning: no claim or page cites this source",
    ]
    assert len(warnings) == len(expected), warnings
    for warning, start in zip(warnings, expected, strict=True):
        assert warning.startswith(start), (warning, start)
    assert result.stdout.splitlines()[-3:] == [
        "Quotations that leave out or replace words ({-…-}), for review:",
        "content/sources/svr-statement-2025-05.md:34: quote of moscow-times-2025-05-29 (para. 4) "
        "with 1 omission: “Russia's Foreign Intelligence Service (SVR) on Thursday "
        "{-[accused](#)-} Serbia's defense industry of supplying weapons to Ukraine, despite "
        "Belgrade's official neutrality in the war.”",
        f"Checked {len(list((project.content / 'claims').glob('*.md')))} claims and 5 sources: "
        "no errors, 5 warnings, 1 altered quotation to review.",
    ]
    assert not (project.root / "site").exists()

    strict = editor(project, "check", "--strict")
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1] == (
        "Check failed: 5 warnings, which --strict counts as errors."
    )
    # The published sources pass --strict: each missing address is said to be not recorded.
    fill(claim, {"published: 2999-01-01": "published: 2026-11-21"})
    claim.write_text(text, encoding="utf-8")
    unused.unlink()
    assert editor(project, "check", "--strict").returncode == 0


def test_check_reports_errors_like_build(project: Project) -> None:
    fill(project.content / SVR_CLAIM, {"verdict: unproven": "verdict: unprovn"})
    result = editor(project, "check")
    assert result.returncode == 1
    assert (
        f"content/{SVR_CLAIM}:11: unknown verdict `unprovn`; did you mean `unproven`?"
        in result.stderr
    )


ORGANISATION = """organisation:
  name: Claim Check
  legal_name: "Claim Check Association"
  legal_form: "non-profit association"
  contact: desk@claimcheck.example
  claims_contact: https://claimcheck.example/send-a-claim
  corrections_contact: corrections@claimcheck.example
  nonpartisanship: "We take no side in any election or war."
  funding:
    - {year: 2026, sources: "Reader donations"}
  team:
    - {name: "Ana Example", role: Editor}
"""


def test_check_ifcn_lists_each_commitment_the_site_does_not_yet_show(project: Project) -> None:
    result = editor(project, "check", "--ifcn")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "warning: IFCN" in line]
    organisation_line = next(
        n
        for n, line in enumerate((project.content / "site.yml").read_text().splitlines(), 1)
        if line.startswith("organisation:")
    )
    assert all(line.startswith(f"content/site.yml:{organisation_line}: ") for line in lines)
    assert [line.split("; ")[-1] for line in lines] == [
        f"add `{field}:` under `organisation:` in site.yml"
        for field in ("nonpartisanship", "legal_name", "legal_form", "funding", "team", "contact",
                      "claims_contact", "corrections_contact")
    ]  # fmt: skip
    assert result.stdout.splitlines()[-1] == (
        "IFCN Code of Principles: the site shows 3 of the 11 items checked; "
        "the warnings above name the rest."
    )
    assert editor(project, "check", "--ifcn", "--strict").returncode == 1

    settings = project.content / "site.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"^organisation:\n(?:  .*\n)+", ORGANISATION, text, flags=re.M))
    for about in ("about.md", "o-nama.md"):  # the page and its translation
        page = project.content / "pages" / about
        page.write_text(page.read_text().replace("show_organisation: true\n", ""))
    result = editor(project, "check", "--ifcn")
    assert [line for line in result.stdout.splitlines() if "IFCN" in line] == [
        "content/site.yml:" + str(organisation_line) + ": warning: IFCN 3. Transparency of funding "
        "and organisation: the site does not show a page saying who publishes the site; add "
        "`show_organisation: true` to the about page in content/pages/",
        "IFCN Code of Principles: the site shows 10 of the 11 items checked; "
        "the warnings above name the rest.",
    ]


def test_check_warns_of_two_claims_with_one_title_and_of_curly_quotes_around_a_value(
    project: Project,
) -> None:
    original = project.content / SVR_CLAIM
    copy = project.content / "claims" / "zz-second-check.md"
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    fill(copy, {'claimant: "Russia\'s Foreign Intelligence Service (SVR)"': "claimant: “The SVR”"})
    result = editor(project, "check")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if "content/claims/zz-second" in line]
    assert warnings == [
        "content/claims/zz-second-check.md:2: warning: has the same title as "
        f"content/{SVR_CLAIM}; readers cannot tell the two checks apart (word the claims "
        "differently, or merge them)",
        "content/claims/zz-second-check.md:3: warning: `claimant` begins and ends with curly "
        'quote marks, which would be published with it; put straight double quotes ("...") '
        "around a value",
    ]


@pytest.mark.parametrize(
    ("claimant", "warned"),
    [
        ("«The SVR»", True),
        ("„The SVR“", True),
        ("“The SVR” and “Moscow”", False),
        ("The “SVR”", False),
    ],
)
def test_check_warns_of_a_value_in_quote_marks_of_any_style_and_not_of_quotations_inside_it(
    project: Project, claimant: str, warned: bool
) -> None:
    fill(
        project.content / SVR_CLAIM,
        {'claimant: "Russia\'s Foreign Intelligence Service (SVR)"': f"claimant: {claimant}"},
    )
    result = editor(project, "check")
    assert result.returncode == 0, result.stderr
    assert ("`claimant` begins and ends with curly quote marks" in result.stdout) == warned
