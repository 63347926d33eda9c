"""Builds that can be trusted: atomic when killed, reproducible, and robust to any input."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import BUILD_SCRIPT, ROOT, Project, run_build, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import ContentErrors
from factcheck.pipeline import render
from factcheck.state import BuildState
from factcheck.write import MemorySite

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"


def test_two_builds_in_different_folders_are_byte_identical(tmp_path: Path) -> None:
    # Both copies outside git: a build in the repository shows each claim's revisions.
    here, elsewhere = tmp_path / "here", tmp_path / "a" / "copy"
    for copy in (here, elsewhere):
        shutil.copytree(ROOT / "content", copy / "content")
        shutil.copytree(ROOT / "templates", copy / "templates")
    first = run_build(
        "--content", here / "content", "--templates", here / "templates",
        "--out", tmp_path / "one" / "site",
    )  # fmt: skip
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
        render(project.content, project.templates, MemorySite(), include_drafts=True, state=_STATE)
    except ContentErrors as failure:
        assert failure.errors
        for error in failure.errors:
            assert error.line >= 1 and error.message


_STATE = BuildState()


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
        site = MemorySite()
        render(project.content, project.templates, site, include_drafts=True, state=_STATE)
    except ContentErrors as failure:
        assert all(error.line >= 1 and error.message for error in failure.errors)
        return
    page = site.files["claims/fuzz/index.html"].decode()
    assert "<script>" not in page.split("</head>", 1)[1]  # nothing from the body runs
