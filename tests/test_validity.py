"""Every page of the built site is valid HTML by the Nu Html Checker (vnu)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import PARADE, ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_nu_html_checker_reports_no_errors(built_site: Path) -> None:
    assert VNU.exists(), "run `npm ci` to install vnu-jar (.ci/run does)"
    java = shutil.which("java")
    assert java, "the Nu Html Checker needs Java"
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 30
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", str(built_site)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout


def test_nu_html_checker_reports_no_errors_in_any_edition(editions: Path) -> None:
    java = shutil.which("java")
    assert java and VNU.exists()
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", str(editions / "sr"),
         str(editions / "sr-latn"), str(editions / "claims" / PARADE), str(editions / "about")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
