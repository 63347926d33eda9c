"""A synthetic content folder of N claims and N/5 sources, with realistic bodies, for benchmarks."""

from __future__ import annotations

import functools
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import cyrtranslit

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


def generate(root: Path, claims: int, seed: int = 1, *, translated: bool = False) -> Path:
    """Write ``root/content`` and ``root/templates`` (the real theme and settings); return root.
    With ``translated``, each claim has a Serbian translation, published as the real site
    publishes its own (sr/, and sr-latn/ made from it); without, the site is in English alone."""
    rng = random.Random(seed)
    project = Path(__file__).resolve().parents[1]
    shutil.rmtree(root / "content", ignore_errors=True)
    shutil.copytree(project / "templates", root / "templates", dirs_exist_ok=True)
    content = root / "content"
    (content / "claims").mkdir(parents=True)
    (content / "sources").mkdir()
    settings = (project / "content" / "site.yml").read_text(encoding="utf-8")
    if not translated:  # without `editions:`, nor the comment above it
        lines = settings[: settings.index("\neditions:")].split("\n")
        while lines[-1].startswith("#"):
            lines.pop()
        settings = "\n".join(lines) + "\n"
    (content / "site.yml").write_text(settings, encoding="utf-8")
    shutil.copy(project / "content" / "ratings.yml", content / "ratings.yml")
    shutil.copytree(project / "content" / "pages", content / "pages")
    if not translated:
        for page in (content / "pages").iterdir():
            if "\nlanguage: " in page.read_text(encoding="utf-8"):
                page.unlink()
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
            paragraphs.append((
                _sentence(rng, 22), f' says "{quote}" [@{source_id}, para. {where + 1}]. ',
                f"{_sentence(rng, 18)}{'[^' + str(index) + ']' if index % 4 == 0 else ''}",
            ))  # fmt: skip
        notes = [_sentence(rng, 10) for _ in range(0, 12, 4)]
        summary = _sentence(rng, 25)
        claim = _claim(number, cited[0][0], verdicts[number % 6], summary, paragraphs, notes)
        (content / "claims" / f"claim-{number:05d}.md").write_text(claim, encoding="utf-8")
        if translated:  # our words in Serbian Cyrillic, the quotations as the sources give them
            cyrillic = functools.partial(cyrtranslit.to_cyrillic, lang_code="sr")
            paragraphs = [(cyrillic(a), quoted, cyrillic(b)) for a, quoted, b in paragraphs]
            translation = _claim(
                number, cited[0][0], verdicts[number % 6], cyrillic(summary), paragraphs,
                [cyrillic(note) for note in notes], cyrillic,
            )  # fmt: skip
            (content / "claims" / f"claim-{number:05d}-sr.md").write_text(
                translation, encoding="utf-8"
            )
    return root


def _claim(
    number: int,
    appearance: str,
    verdict: str,
    summary: str,
    paragraphs: list[tuple[str, str, str]],
    notes: list[str],
    translated: Callable[[str], str] | None = None,
) -> str:
    """A claim file; with ``translated`` (which puts our words in the language), its
    translation."""
    ours = translated or str
    said = [f"{a}{ours(' The report')}{quoted}{b}" for a, quoted, b in paragraphs]
    body = f"## {ours('The claim')}\n\n" + "\n\n".join(said[:4])
    body += f"\n\n## {ours('What the sources say')}\n\n" + "\n\n".join(said[4:])
    body += "\n\n" + "\n".join(f"[^{i * 4}]: {note}" for i, note in enumerate(notes)) + "\n"
    translation = f"language: sr\ntranslation_of: claim-{number:05d}\n" if translated else ""
    return (
        f'---\ntitle: "{ours(f"Synthetic claim number {number}")}"\n'
        f'claimant: "{ours(f"Claimant {number % 300}")}"\n'
        f"claim_date: 2025-05-{1 + number % 28:02d}\nappearance: [{appearance}]\n"
        f'verdict: {verdict}\nsummary: "{summary}"\n'
        f"published: 2026-{1 + number % 10:02d}-{1 + number % 28:02d}\n"
        f"tags: [tag{number % 50}, tag{number % 7}]\n{translation}---\n\n{body}"
    )


def front_matter_and_body(path: Path) -> tuple[str, str]:
    """A generated file's YAML front matter and its Markdown body."""
    _, front, body = re.split(
        r"^-{3,}\s*$", path.read_text(encoding="utf-8"), maxsplit=2, flags=re.MULTILINE
    )
    return front, body
