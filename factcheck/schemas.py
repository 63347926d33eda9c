"""The schema of each kind of content file (claims, sources, pages): which fields it has, which are required, and the
example the message for a missing one gives; with the parsers of the fields made of other fields
(corrections, comparisons, the right of reply), built on :mod:`factcheck.fields`.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

from factcheck.catalogs import LANGUAGE_CODE
from factcheck.fields import (
    SLUG,
    TITLE_LIMIT,
    Field,
    FieldProblem,
    Parser,
    entries,
    flag,
    iso_date,
    mapping_fields,
    one_of,
    partial_date,
    rating_of,
    recorded_date,
    recorded_text,
    recorded_web_address,
    source_id_in,
    source_ids_in,
    text,
    text_list,
    web_address,
    whole_number,
)
from factcheck.model import (
    CORRECTION_KINDS,
    Comparison,
    Correction,
    RatingScale,
    Rendering,
    Reply,
)
from factcheck.yamltext import Located

_CLAIMANT_TYPES = {
    "person": "person",
    "organisation": "organisation",
    "organization": "organisation",
}


def claimant_type(located: Located) -> str:
    value = text()(located).lower()
    if value not in _CLAIMANT_TYPES:
        raise FieldProblem(f"`{value}` must be person or organisation")
    return _CLAIMANT_TYPES[value]


_CORRECTIONS = entries(
    {
        "date": Field(iso_date, True),
        "note": Field(text(), True),
        "kind": Field(one_of("kind", CORRECTION_KINDS)),
    },
    "must be a list of `- date: YYYY-MM-DD` / `note: ...` entries",
)


def corrections(located: Located) -> tuple[Correction, ...]:
    """The entries in the file's order, each with an anchor of its own: ``correction-<date>``,
    then ``-2``, ``-3`` for more entries of one date, counted from the file's end since entries
    are written newest first: a new entry never moves an anchor a feed reader already holds."""
    made: list[Correction] = []
    on_day: Counter[datetime.date] = Counter()
    for entry in reversed(_CORRECTIONS(located)):
        same_day = on_day[entry["date"]]
        on_day[entry["date"]] += 1
        anchor = f"correction-{entry['date']}" + (f"-{same_day + 1}" if same_day else "")
        made.append(Correction(entry["date"], entry["note"], entry["kind"] or "correction", anchor))
    return tuple(reversed(made))


def _asked(located: Located) -> datetime.date | None:
    if located.value is False:  # `asked: false` means what `asked: no` does
        return None
    if isinstance(located.value, str) and located.value.strip().lower() == "no":
        return None
    try:
        return iso_date(located)
    except FieldProblem:
        raise FieldProblem(
            f"`{located.value}` must be the date they were asked, YYYY-MM-DD, or `no`"
        ) from None


REPLY_FIELDS = {
    "asked": Field(_asked, True, "YYYY-MM-DD (the date they were asked), or no"),
    "answer": Field(text()),
    "reason": Field(text()),
}


def reply(located: Located) -> Reply:
    """Whether the claimant was asked for comment: the date and their answer, or why not."""
    fields = mapping_fields(located, REPLY_FIELDS)
    asked, answer, reason = fields["asked"], fields["answer"], fields["reason"]
    if asked is None and reason is None:
        raise FieldProblem(
            "says the claimant was not asked for comment; add `reason: ...` saying why",
            located.line,
        )
    if asked is None and answer is not None:
        raise FieldProblem(
            "has an `answer` but says the claimant was not asked; give `asked:` the date",
            located.line,
        )
    return Reply(asked, answer, reason)


def comparisons_of(sources: set[str]) -> Parser:
    rendering_fields = {
        "source": Field(source_id_in(sources), True, "moscow-times-2025-05-29"),
        "locator": Field(text()),
        "text": Field(text(), True, '"The words exactly as this source gives them"'),
        "translation": Field(text()),
    }
    comparison_fields = {
        "statement": Field(text(), True, '"What the renderings are of"'),
        "renderings": Field(lambda located: located, True, "[...]"),
    }

    def parse(located: Located) -> tuple[Comparison, ...]:
        if not isinstance(located.value, list):
            raise FieldProblem(
                "must be a list of `- statement: ...` entries with their `renderings`"
            )
        comparisons = []
        for item in located.value:
            fields = mapping_fields(item, comparison_fields)
            listed = fields["renderings"]
            if not isinstance(listed.value, list) or len(listed.value) < 2:
                raise FieldProblem(
                    "`renderings` must list at least two renderings to compare", listed.line
                )
            renderings = []
            for entry in listed.value:
                rendering = mapping_fields(entry, rendering_fields)
                translated = entry.value.get("translation")
                renderings.append(
                    Rendering(
                        rendering["source"],
                        rendering["locator"],
                        rendering["text"],
                        entry.value["text"].line,
                        rendering["translation"],
                        translated and translated.line,
                    )
                )
            statement_line = item.value["statement"].line
            comparisons.append(Comparison(fields["statement"], tuple(renderings), statement_line))
        return tuple(comparisons)

    return parse


def language_code(located: Located) -> str:
    value = text()(located)
    if not LANGUAGE_CODE.fullmatch(value):
        raise FieldProblem(f"`{value}` is not a language code; write one such as `en` or `sr`")
    return value


def _slug(located: Located) -> str:
    value = text()(located)
    if not SLUG.fullmatch(value):
        raise FieldProblem(
            f"`{value}` must be the original's file name without `.md`, such as `svr-accusation`"
        )
    return value


def _version(located: Located) -> str:
    value = text()(located).lower()
    if not re.fullmatch(r"[0-9a-f]{8,32}", value):
        raise FieldProblem(
            f"`{value}` must be the version `python build.py check` names, such as `3fa9c2e17b04`"
        )
    return value


TRANSLATION_FIELDS = {
    "language": Field(language_code),
    "translation_of": Field(_slug),
    "translated_from": Field(_version),
}
"""What a claim or page written in another language than the site's says: its language, the
file it translates, and which version of that file (see :func:`factcheck.editions.version_of`)."""


# --- schemas


def claim_fields(scale: RatingScale | None, sources: set[str]) -> dict[str, Field]:
    """The claim schema; verdicts and source ids are checked against the loaded scale and sources."""
    return {
        "title": Field(text(TITLE_LIMIT), True, '"The claim as checked"'),
        "claimant": Field(text(), True, "Who made the claim"),
        "claimant_type": Field(claimant_type, False, "person"),
        "claimant_role": Field(text()),
        "claimant_role_source": Field(source_id_in(sources)),
        "claim_date": Field(recorded_date, True, "2025-05-28 (or: not recorded)"),
        "claim_date_note": Field(text()),
        "appearance": Field(source_ids_in(sources), True, "[source-id]"),
        "verdict": Field(rating_of(scale), True, "half-true"),
        "summary": Field(text(), True, "The verdict in one or two plain sentences."),
        "published": Field(iso_date, True, "2025-06-01"),
        "updated": Field(iso_date),
        "tags": Field(text_list, True, "[serbia, ukraine]"),
        "corrections": Field(corrections),
        "draft": Field(flag),
        "comparisons": Field(comparisons_of(sources)),
        "reply": Field(reply),
    } | TRANSLATION_FIELDS


SOURCE_FIELDS = {
    "title": Field(text(), True, '"The headline or document title"'),
    "publisher": Field(recorded_text, True, "The Moscow Times (or: not recorded)"),
    "published": Field(partial_date, True, "2025-05-29"),
    "url": Field(recorded_web_address),
    "accessed": Field(iso_date),
    "author": Field(text()),
    "archive_url": Field(web_address),
    "language": Field(text()),
    "note": Field(text()),
    "stored_text": Field(flag),
}
PAGE_FIELDS = {
    "title": Field(text(), True, "About us"),
    "description": Field(text()),
    "nav": Field(whole_number),
    "show_rating_scale": Field(flag),
    "show_organisation": Field(flag),
} | TRANSLATION_FIELDS
