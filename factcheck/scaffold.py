"""``new``: write a claim or source file with every field, ready for an editor to fill in."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from factcheck.errors import ContentError, ContentErrors
from factcheck.fields import PLACEHOLDER, SLUG, TITLE_LIMIT
from factcheck.files import is_inside, real_folder
from factcheck.reader import read_yaml_file
from factcheck.slugs import slug_for

SLUG_LIMIT = 60

_CLAIM = """\
---
# The claim as checked, in plain words: at most {limit} characters, without the verdict.
title: {title}
# Who made the claim: the name alone, spelled as the methodology says.
claimant: "{todo} who made the claim"
claimant_type: "{todo} person or organisation"
# A person's office or position, and the source that gives it where its date is unsure:
# claimant_role: "Prime Minister of Serbia"
# claimant_role_source: source-id
# When the claim was made: YYYY-MM-DD, or YYYY-MM or YYYY when only that much is known, or
# `not recorded` when no source says (never the report's date instead).
claim_date: "{todo} YYYY-MM-DD"
# claim_date_note: "What a reader should know about the date, such as the reports differing."
# The ids of the sources where the claim appeared (files in content/sources/).
appearance: ["{todo} source-id"]
# The verdict, one of: {verdicts}.
verdict: "{todo} verdict"
# The verdict's reasoning in one or two plain sentences.
summary: "{todo} the verdict in one or two plain sentences"
# The date the fact check is published; add `updated: YYYY-MM-DD` after a substantive change.
published: {today}
# updated: YYYY-MM-DD
# Topics, such as [serbia, ukraine]; may stay empty.
tags: []
# Corrections, newest first, each with a date and a note saying what was wrong and what changed;
# `kind: update` for something learnt since, `kind: clarification` for plainer wording:
# corrections:
#   - date: YYYY-MM-DD
#     note: "..."
# Whether the claimant was asked for comment: the date and their answer, or no and why not.
# reply:
#   asked: YYYY-MM-DD
#   answer: "Their answer, as received."
# true keeps the claim out of the built site; `python build.py serve` still shows it, marked.
draft: true
---

## The claim

{todo} What was claimed, by whom and where, quoted verbatim with its citation: "..." [@source-id].

## What the sources say

{todo} The evidence, every statement with its citation [@source-id, para. 1].

## Where the sources differ

{todo} Differences of wording, translation, figures, dates or spelling of names.

## Our verdict

{todo} The verdict and its reasoning, in plain words.
"""

_SOURCE = """\
---
# The headline or title as published; if unknown, a description ending "(title not recorded)".
title: "{todo} headline or title"
# Who published it, or: not recorded
publisher: "{todo} publisher, or: not recorded"
# When it was published: YYYY-MM-DD, or YYYY-MM or YYYY when only that much is known.
published: "{todo} YYYY-MM-DD"
# The optional fields below: remove the # to use one.
# The original address (http:// or https:// only):
# url: https://...
# When you read it:
# accessed: {today}
# author: "..."
# An archived copy's address:
# archive_url: https://...
# The language of the original, such as en:
# language: en
# What readers should know about the source and our copy: what is not recorded.
# note: "..."
# Where we hold no copy of its text, so the body below is our own account of it, in Markdown:
# stored_text: false
---

{todo} Paste the source's text exactly as published. It is shown as stored, never as Markdown, and
numbered in paragraphs: each run of lines without a blank line between them is one, from 1.
"""


def new_claim(content_dir: Path, title: str, today: datetime.date) -> Path:
    """Write ``content/claims/<slug>.md`` for ``title``; never overwrite a file."""
    title = " ".join(title.split())
    slug = slug_for(title)
    if len(slug) > SLUG_LIMIT:
        slug = slug[:SLUG_LIMIT].rsplit("-", 1)[0]
    if not slug:
        raise _error(content_dir / "claims", "the title needs a letter or a digit to name the file")
    path = content_dir / "claims" / f"{slug}.md"
    if len(title) > TITLE_LIMIT:
        raise _error(
            path, f"the title is {len(title)} characters long; shorten it to at most {TITLE_LIMIT}"
        )
    text = _CLAIM.format(
        limit=TITLE_LIMIT,
        title=json.dumps(title, ensure_ascii=False),
        todo=PLACEHOLDER,
        verdicts=", ".join(_verdict_keys(content_dir)),
        today=today.isoformat(),
    )
    return _write_new(content_dir, path, text)


def new_source(content_dir: Path, source_id: str, today: datetime.date) -> Path:
    """Write ``content/sources/<id>.md``; never overwrite a file."""
    if not SLUG.fullmatch(source_id):
        raise _error(
            content_dir / "sources",
            f"`{source_id}` is not an id; use lowercase letters, digits and hyphens, "
            f"such as {slug_for(source_id) or 'moscow-times-2025-05-29'}",
        )
    text = _SOURCE.format(todo=PLACEHOLDER, today=today.isoformat())
    return _write_new(content_dir, content_dir / "sources" / f"{source_id}.md", text)


def _verdict_keys(content_dir: Path) -> list[str]:
    try:
        scale = read_yaml_file(content_dir / "ratings.yml", real_folder(content_dir)).value
        return [str(rating.value["key"].value) for rating in scale]
    except Exception:
        return ["a key from content/ratings.yml"]


def _write_new(content_dir: Path, path: Path, text: str) -> Path:
    """Write a new file at ``path``, never over one that exists, nor outside the content."""
    if not is_inside(path.parent, real_folder(content_dir)):
        raise _error(
            path.parent,
            "is a link to a folder outside the content folder; copy the folder in instead",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise _error(
            path, "the file already exists; edit it, or choose another title or id"
        ) from None
    return path


def _error(path: Path, message: str) -> ContentErrors:
    return ContentErrors([ContentError(str(path), 1, message)])
