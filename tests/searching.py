"""The search page's engine, run under Node on a built site: what a reader's query finds."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENGINE_RUNNER = Path(__file__).with_name("search_engine.mjs")


@dataclass(frozen=True)
class Result:
    slug: str
    title: str
    excerpt: str
    marked: list[str]
    """The words shown highlighted, in the title and the excerpt."""


@dataclass(frozen=True)
class Answer:
    words: list[str]
    """The terms the query asked for."""
    results: list[Result]

    @property
    def slugs(self) -> list[str]:
        return [result.slug for result in self.results]


def _run(site: Path, request: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        ["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", str(ENGINE_RUNNER)],
        input=json.dumps({"site": str(site), **request}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def search(site: Path, *queries: str | tuple[str, dict[str, str]]) -> list[Answer]:
    """Each query (text, or text with filters) as the search page answers it."""
    asked = [
        {"q": q, "filters": {}} if isinstance(q, str) else {"q": q[0], "filters": q[1]}
        for q in queries
    ]
    answers = _run(site, {"queries": asked})["answers"]
    return [
        Answer(
            answer["words"],
            [
                Result(
                    result["url"].removeprefix("claims/").strip("/"),
                    "".join(text for text, _ in result["title"]),
                    "".join(text for text, _ in result["excerpt"]),
                    [text for text, marked in [*result["title"], *result["excerpt"]] if marked],
                )
                for result in answer["results"]
            ],
        )
        for answer in answers
    ]


def engine_terms(site: Path, texts: list[str]) -> list[list[str | None]]:
    """The terms the search page finds in each text (None for a word too short to be one)."""
    return _run(site, {"texts": texts})["terms"]  # type: ignore[no-any-return]
