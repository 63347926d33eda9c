"""A synthetic content folder of N claims and N/5 sources, with realistic bodies, for benchmarks."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

WORDS = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "that",
    "ministry",
    "report",
    "said",
    "supplies",
    "ammunition",
    "shells",
    "statement",
    "officials",
    "figure",
    "export",
    "company",
    "defence",
    "government",
    "border",
    "agency",
    "contract",
    "weapons",
    "sanctions",
    "evidence",
    "record",
    "translation",
    "source",
    "claim",
    "intelligence",
    "service",
    "president",
    "minister",
    "parliament",
    "country",
    "reported",
    "according",
    "data",
    "analysis",
    "review",
    "documents",
    "published",
    "million",
    "euros",
    "countries",
    "trade",
]


def _sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def _source_text(rng: random.Random) -> list[str]:
    return [" ".join(_sentence(rng, rng.randint(12, 24)) for _ in range(4)) for _ in range(8)]


def generate(root: Path, claims: int, seed: int = 1) -> Path:
    """Write ``root/content`` and ``root/templates`` (the real theme and settings); return root."""
    rng = random.Random(seed)
    project = Path(__file__).resolve().parents[1]
    shutil.rmtree(root / "content", ignore_errors=True)
    shutil.copytree(project / "templates", root / "templates", dirs_exist_ok=True)
    content = root / "content"
    (content / "claims").mkdir(parents=True)
    (content / "sources").mkdir()
    shutil.copy(project / "content" / "site.yml", content / "site.yml")
    shutil.copy(project / "content" / "ratings.yml", content / "ratings.yml")
    shutil.copytree(project / "content" / "pages", content / "pages")
    verdicts = ["true", "mostly-true", "half-true", "mostly-false", "false", "unproven"]
    sources: list[tuple[str, list[str]]] = []
    for number in range(max(2, claims // 5)):
        source_id = f"report-{number:05d}"
        paragraphs = _source_text(rng)
        sources.append((source_id, paragraphs))
        (content / "sources" / f"{source_id}.md").write_text(
            f'---\ntitle: "Report {number}"\npublisher: "Publisher {number % 40}"\n'
            f"published: 2025-0{1 + number % 9}-1{number % 10}\nurl: https://example.org/r/{number}\n---\n\n"
            + "\n\n".join(paragraphs) + "\n",
            encoding="utf-8",
        )  # fmt: skip
    for number in range(claims):
        cited = rng.sample(sources, 3)
        paragraphs = []
        for index in range(12):
            source_id, text = cited[index % 3]
            where = rng.randrange(len(text))
            words = text[where].split(" ")
            start = rng.randrange(0, len(words) - 8)
            quote = " ".join(words[start : start + rng.randint(4, 8)])
            paragraphs.append(
                f'{_sentence(rng, 22)} The report says "{quote}" [@{source_id}, para. {where + 1}]. '
                f"{_sentence(rng, 18)}{'[^' + str(index) + ']' if index % 4 == 0 else ''}"
            )
        notes = "\n".join(f"[^{i}]: {_sentence(rng, 10)}" for i in range(0, 12, 4))
        body = "## The claim\n\n" + "\n\n".join(paragraphs[:4]) + "\n\n## What the sources say\n\n"
        body += "\n\n".join(paragraphs[4:]) + f"\n\n{notes}\n"
        (content / "claims" / f"claim-{number:05d}.md").write_text(
            f'---\ntitle: "Synthetic claim number {number}"\nclaimant: "Claimant {number % 300}"\n'
            f"claim_date: 2025-05-{1 + number % 28:02d}\nappearance: [{cited[0][0]}]\n"
            f"verdict: {verdicts[number % 6]}\nsummary: \"{_sentence(rng, 25)}\"\n"
            f"published: 2026-{1 + number % 10:02d}-{1 + number % 28:02d}\n"
            f"tags: [tag{number % 50}, tag{number % 7}]\n---\n\n{body}",
            encoding="utf-8",
        )  # fmt: skip
    return root


def front_matter_and_body(path: Path) -> tuple[str, str]:
    """A generated file's YAML front matter and its Markdown body."""
    _, front, body = re.split(
        r"^-{3,}\s*$", path.read_text(encoding="utf-8"), maxsplit=2, flags=re.MULTILINE
    )
    return front, body
