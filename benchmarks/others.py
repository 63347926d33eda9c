"""The same synthetic corpus built by Pelican and by Hugo, for bench.py's comparison.

Each gets the same Markdown bodies the generator converts (claims as articles or posts, sources
as pages) with the title, date, summary and tags in the form it reads, and builds them with its
default behaviour: a page per document, paginated lists, tag pages, feeds. Pelican converts with
the same Python-Markdown extensions as the generator. It is installed in a virtual environment of
its own (``benchmarks/.pelican``, made on first use from the package registry), never beside the
generator: it brings Unidecode, which would change python-slugify's slugs. Hugo is used where
Debian's ``hugo`` is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import yaml
from synthetic import front_matter_and_body

PELICAN = "pelican==4.12.0"
PELICAN_VENV = Path(__file__).resolve().parent / ".pelican"


@dataclass(frozen=True)
class Run:
    """One build by another generator."""

    name: str
    wall: float
    cpu: float
    """User and system seconds, of the build and every process it waited for."""


@dataclass(frozen=True)
class Document:
    kind: str
    """``claim`` or ``source``."""
    slug: str
    fields: dict[str, Any]
    body: str


def documents(content: Path) -> Iterator[Document]:
    """The claims and sources of the generator's ``content`` folder."""
    for kind, folder in (("claim", "claims"), ("source", "sources")):
        for path in sorted((content / folder).glob("*.md")):
            front, body = front_matter_and_body(path)
            yield Document(kind, path.stem, yaml.safe_load(front), body)


def pelican_python() -> Path | None:
    """The Python that runs Pelican, installed on first use; None where it cannot be."""
    python = PELICAN_VENV / "bin" / "python"
    if (
        python.exists()
        and subprocess.run([python, "-c", "import pelican"], check=False).returncode == 0
    ):
        return python  # installed whole: an install cut short is made again
    made = subprocess.run([sys.executable, "-m", "venv", str(PELICAN_VENV)], check=False)
    if made.returncode == 0:
        installed = subprocess.run(
            [python, "-m", "pip", "install", "-q", PELICAN, f"markdown=={markdown.__version__}"],
            check=False,
        )
        if installed.returncode == 0:
            return python
    shutil.rmtree(PELICAN_VENV, ignore_errors=True)
    return None


def pelican(content: Path, root: Path, extensions: list[str]) -> Run | None:
    """Pelican's cold build of ``content`` (in ``root``), or None where it is not installed."""
    python = pelican_python()
    if python is None:
        return None
    source = root / "content"
    (source / "pages").mkdir(parents=True)
    for document in documents(content):
        fields = document.fields
        lines = [f"Title: {fields['title']}", f"Slug: {document.slug}"]
        if document.kind == "claim":
            lines += [
                f"Date: {fields['published']}",
                "Category: claims",
                f"Tags: {', '.join(dict.fromkeys(fields['tags']))}",
                f"Summary: {fields['summary']}",
            ]
            target = source / f"{document.slug}.md"
        else:
            target = source / "pages" / f"{document.slug}.md"
        target.write_text("\n".join(lines) + "\n\n" + document.body, encoding="utf-8")
    settings = {
        "SITENAME": "Benchmark",
        "PATH": "content",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "DEFAULT_PAGINATION": 20,
        # Pages of a list in folders of their own: by default page 2 of tag3 is tag32.html,
        # which is the first page of tag32.
        "PAGINATION_PATTERNS": [
            (1, "{url}", "{save_as}"),
            (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
        ],
        "MARKDOWN": {
            "extension_configs": {f"markdown.extensions.{name}": {} for name in extensions},
            "output_format": "html5",
        },
    }
    (root / "pelicanconf.py").write_text(
        "".join(f"{name} = {value!r}\n" for name, value in settings.items())
    )
    command = [python, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
    return _timed("Pelican 4.12", command, root)


HUGO_LAYOUTS = {
    "_default/baseof.html": (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title>"
        '</head><body>{{ block "main" . }}{{ end }}</body></html>'
    ),
    "_default/single.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Summary }}</p>{{ .Content }}'
        "<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}"
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}'
        '<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p>{{ end }}'
        "{{ end }}"
    ),
}


def hugo(content: Path, root: Path) -> Run | None:
    """Hugo's cold build of ``content`` (in ``root``), or None where it is not installed."""
    command = shutil.which("hugo")
    if command is None:
        return None
    for name, template in HUGO_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(template, encoding="utf-8")
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Benchmark"\npaginate = 20\n'
    )
    for folder in ("claims", "sources"):
        (root / "content" / folder).mkdir(parents=True)
    for document in documents(content):
        fields = {"title": document.fields["title"]}
        if document.kind == "claim":
            fields |= {
                "date": str(document.fields["published"]),
                "summary": document.fields["summary"],
                "tags": document.fields["tags"],
            }
        front = yaml.safe_dump(fields, allow_unicode=True)
        target = root / "content" / f"{document.kind}s" / f"{document.slug}.md"
        target.write_text(f"---\n{front}---\n{document.body}", encoding="utf-8")
    return _timed("Hugo", [command, "--quiet", "--destination", "public"], root)


def _timed(name: str, command: list[Any], cwd: Path) -> Run | None:
    started = os.times()
    finished = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    ended = os.times()
    if finished.returncode != 0:  # said, and the run goes on: its own tables are not lost
        print(f"{name} failed:\n{finished.stdout}{finished.stderr}", file=sys.stderr)
        return None
    cpu = (ended.children_user - started.children_user) + (
        ended.children_system - started.children_system
    )
    return Run(name, ended.elapsed - started.elapsed, cpu)
