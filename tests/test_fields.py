"""The field parsers, called in-process on YAML parsed as the reader parses front matter: what
each field may hold, what it becomes, and the exact message (and line) when it is wrong."""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Callable
from typing import Any

import pytest

from factcheck.fields import (
    TITLE_LIMIT,
    FieldProblem,
    base_address,
    contact_address,
    flag,
    iso_date,
    mapping_fields,
    partial_date,
    rating_of,
    recorded_date,
    recorded_text,
    source_id_in,
    source_ids_in,
    text,
    text_list,
    unknown_message,
    web_address,
    whole_number,
)
from factcheck.model import (
    Comparison,
    Correction,
    PartialDate,
    Rating,
    RatingScale,
    Rendering,
    Reply,
)
from factcheck.schemas import (
    claim_fields,
    claimant_type,
    comparisons_of,
    corrections,
    reply,
)
from factcheck.siteschema import LICENCE_FIELDS, ORGANISATION_FIELDS
from factcheck.yamltext import Located, parse_yaml

SCALE = RatingScale(
    (
        Rating("true", "True", "Accurate.", 5),
        Rating("mostly-true", "Mostly true", "Accurate in its main point.", 4),
        Rating("false", "False", "Contradicted by the evidence.", 1),
        Rating("unproven", "Unproven", "Neither confirmed nor refuted.", None),
    )
)
MT = "moscow-times-2025-05-29"
SVR = "svr-statement-2025-05"
SOURCES = {MT, SVR}


def located(front_matter: str) -> Located:
    """The value of the one field in ``front_matter``, parsed as the reader parses a file's front
    matter: it starts on line 2, after the opening ``---``."""
    fields = parse_yaml(textwrap.dedent(front_matter), "claims/example.md", 2).value
    assert isinstance(fields, dict) and len(fields) == 1
    return next(iter(fields.values()))


def problem(parse: Callable[[Located], Any], front_matter: str) -> FieldProblem:
    with pytest.raises(FieldProblem) as raised:
        parse(located(front_matter))
    return raised.value


# --- text


@pytest.mark.parametrize(
    ("front_matter", "value"),
    [
        ("title: Plain words", "Plain words"),
        ('title: "  spaced out  "', "spaced out"),
        ("title: 2024", "2024"),  # a number written as a title is its text
        ("title: 2025-06-01", "2025-06-01"),  # dates stay text until a date field checks them
    ],
)
def test_text_is_the_value_stripped(front_matter: str, value: str) -> None:
    assert text()(located(front_matter)) == value


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("title:", "must be text, not nothing"),
        ('title: "   "', "is empty; write the text after the colon"),
        ("title: true", "must be text, not `True`"),
        ("title: [a, b]", "must be text, not a list"),
        ("title: {a: b}", "must be text, not a set of fields"),
    ],
)
def test_text_that_is_not_text(front_matter: str, message: str) -> None:
    found = problem(text(), front_matter)
    assert str(found) == message
    assert found.line is None  # the field's own line, which the loader knows
    assert found.for_field("title") == f"`title` {message}"


def test_text_limit_counts_characters_after_stripping() -> None:
    assert text(5)(located('note: " abcde "')) == "abcde"
    assert text(5)(located("note: Вучић")) == "Вучић"  # characters, not bytes
    assert str(problem(text(5), "note: abcdef")) == "is 6 characters long; shorten it to at most 5"


def test_a_claim_title_is_limited_as_google_asks() -> None:
    title = claim_fields(SCALE, SOURCES)["title"].parse
    assert TITLE_LIMIT == 75
    assert title(located(f'title: "{"x" * 75}"')) == "x" * 75
    assert str(problem(title, f'title: "{"x" * 76}"')) == (
        "is 76 characters long; shorten it to at most 75"
    )


@pytest.mark.parametrize(
    ("front_matter", "value"),
    [
        ("publisher: The Moscow Times", "The Moscow Times"),
        ("publisher: not recorded", None),
        ("publisher: Not Recorded", None),
        ('publisher: "not recorded yet"', "not recorded yet"),
    ],
)
def test_recorded_text_says_plainly_when_the_source_lacks_it(
    front_matter: str, value: str | None
) -> None:
    assert recorded_text(located(front_matter)) == value


def test_recorded_text_must_still_be_given() -> None:
    assert str(problem(recorded_text, "publisher:")) == "must be text, not nothing"


# --- dates


@pytest.mark.parametrize(
    ("front_matter", "value"),
    [
        ("claim_date: 2024", PartialDate(2024)),
        ('claim_date: "2024"', PartialDate(2024)),
        ("claim_date: 2024-06", PartialDate(2024, 6)),
        ("claim_date: 2024-06-30", PartialDate(2024, 6, 30)),
        ("claim_date: 2024-02-29", PartialDate(2024, 2, 29)),  # a leap year
    ],
)
def test_partial_date_at_any_precision(front_matter: str, value: PartialDate) -> None:
    assert partial_date(located(front_matter)) == value


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("claim_date: 2024-6", "`2024-6` is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY)"),
        ("claim_date: 20240601", "`20240601` is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY)"),
        ("claim_date: 30 June 2024", "`30 June 2024` is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY)"),
        ("claim_date: true", "`True` is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY)"),
        ("claim_date: 2024-13", "`2024-13` is not a date that exists; check the month and day"),
        ("claim_date: 2023-02-29", "`2023-02-29` is not a date that exists; check the month and day"),
        ("claim_date: 2024-04-31", "`2024-04-31` is not a date that exists; check the month and day"),
        ("claim_date: 0000-01-01", "`0000-01-01` is not a date that exists; check the month and day"),
    ],
)  # fmt: skip
def test_partial_date_that_is_not_one(front_matter: str, message: str) -> None:
    found = problem(partial_date, front_matter)
    assert str(found) == message
    assert found.for_field("claim_date") == f"`claim_date` {message}"


def test_iso_date_is_a_full_date() -> None:
    assert iso_date(located("published: 2025-06-01")) == datetime.date(2025, 6, 1)
    assert iso_date(located('published: "2024-02-29"')) == datetime.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("published: 2025-06", "`2025-06` must be a full date, YYYY-MM-DD"),
        ("published: 2025", "`2025` must be a full date, YYYY-MM-DD"),
        ("published: 2025-02-30", "`2025-02-30` is not a date that exists; check the month and day"),
        ("published: 1 June 2025", "`1 June 2025` is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY)"),
    ],
)  # fmt: skip
def test_iso_date_that_is_not_a_full_date(front_matter: str, message: str) -> None:
    assert str(problem(iso_date, front_matter)) == message


# --- addresses


@pytest.mark.parametrize(
    "address",
    [
        "https://www.themoscowtimes.com/2025/05/29/a-a87451",
        "http://example.org",
        "HTTPS://Example.org/Page?id=3#top",  # kept as written
    ],
)
def test_web_address_is_kept_as_written(address: str) -> None:
    assert web_address(located(f'url: "{address}"')) == address


@pytest.mark.parametrize(
    "address",
    ["example.org", "www.example.org/page", "ftp://example.org/file", "mailto:desk@example.org"],
)
def test_web_address_that_is_not_one(address: str) -> None:
    assert str(problem(web_address, f'url: "{address}"')) == (
        f"`{address}` is not a web address; it must start with http:// or https://"
    )


@pytest.mark.parametrize("address", ["https://[www.example.org/page", "http://example.org:99999/"])
def test_web_address_with_a_malformed_host_or_port(address: str) -> None:
    # Such an address cannot be asked for: the link check would have no host to ask.
    assert str(problem(web_address, f'url: "{address}"')) == (
        f"`{address}` is not a web address: its host or port is malformed (a stray bracket, or a "
        "port that is no number up to 65535)"
    )


def test_web_address_must_be_text() -> None:
    assert str(problem(web_address, "url: [https://example.org/]")) == "must be text, not a list"


@pytest.mark.parametrize(
    ("address", "value"),
    [
        ("https://example.org", "https://example.org/"),
        ("https://example.org/checks", "https://example.org/checks/"),
        ("https://example.org/checks/", "https://example.org/checks/"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
        ("https://провера.срб/", "https://провера.срб/"),  # any script
    ],
)
def test_base_address_ends_in_a_slash(address: str, value: str) -> None:
    assert base_address(located(f'base_url: "{address}"')) == value


EXAMPLE = "such as https://example.org/ or https://example.org/checks/"


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("example.org", "must start with http:// or https://"),
        ("ftp://example.org/", "must start with http:// or https://"),
        ("https:example.org", "must start with http:// or https://"),
        ("https://", "must name a host after the //"),
        ("https://user@example.org/", "must name a host after the //"),
        ("https://exa mple.org/", "must name a host after the //"),
        ("https://example.org:99999/", "has a port that is not a number from 0 to 65535"),
        ("https://example.org/?page=2", "must not have a query (?) or a fragment (#)"),
        ("https://example.org/#top", "must not have a query (?) or a fragment (#)"),
        ("https://example.org//evil.example/", "must have a plain path: names joined by single slashes, no `.` or `..`"),
        ("https://example.org/a/../b/", "must have a plain path: names joined by single slashes, no `.` or `..`"),
        ("https://example.org/%2e%2e/", "must have a plain path: names joined by single slashes, no `.` or `..`"),
    ],
)  # fmt: skip
def test_base_address_that_would_send_links_elsewhere(address: str, why: str) -> None:
    found = problem(base_address, f'base_url: "{address}"')
    assert str(found) == f"`{address}` {why}, {EXAMPLE}"
    assert found.for_field("base_url") == f"`base_url` `{address}` {why}, {EXAMPLE}"


# --- lists, flags, numbers, claimant types


def test_text_list() -> None:
    assert text_list(located("tags: [serbia, ukraine]")) == ("serbia", "ukraine")
    assert text_list(located("tags: [serbia, 2024]")) == ("serbia", "2024")
    assert text_list(located("tags: []")) == ()
    assert str(problem(text_list, "tags: serbia")) == "must be a list, such as [serbia, ukraine]"


def test_a_wrong_list_item_is_named_at_its_own_line() -> None:
    found = problem(text_list, "tags:\n  - serbia\n  - [a]\n")
    assert (str(found), found.line) == ("item must be text, not a list", 4)
    assert found.for_field("tags") == "item must be text, not a list"  # it names itself
    found = problem(text_list, 'tags:\n  - serbia\n  - ""\n')
    assert (str(found), found.line) == ("item is empty; write the text after the colon", 4)


@pytest.mark.parametrize(
    ("parse", "front_matter", "value"),
    [
        (flag, "draft: true", True),
        (flag, "draft: False", False),
        (whole_number, "nav: 3", 3),
        (whole_number, "nav: -1", -1),
        (claimant_type, "claimant_type: person", "person"),
        (claimant_type, "claimant_type: Organisation", "organisation"),
        (claimant_type, "claimant_type: organization", "organisation"),
    ],
)
def test_flags_numbers_and_claimant_types(
    parse: Callable[[Located], Any], front_matter: str, value: object
) -> None:
    assert parse(located(front_matter)) == value


@pytest.mark.parametrize(
    ("parse", "front_matter", "message"),
    [
        (flag, "draft: yes", "must be true or false, not `yes`"),  # only true and false are booleans
        (flag, "draft: no", "must be true or false, not `no`"),
        (flag, 'draft: "true"', "must be true or false, not `true`"),
        (whole_number, "nav: 2.5", "must be a whole number, not `2.5`"),
        (whole_number, "nav: true", "must be a whole number, not `True`"),
        (claimant_type, "claimant_type: company", "`company` must be person or organisation"),
        (claimant_type, "claimant_type: People", "`people` must be person or organisation"),
    ],
)  # fmt: skip
def test_flags_numbers_and_claimant_types_that_are_wrong(
    parse: Callable[[Located], Any], front_matter: str, message: str
) -> None:
    assert str(problem(parse, front_matter)) == message


# --- verdicts


@pytest.mark.parametrize(
    ("front_matter", "key"),
    [
        ("verdict: mostly-true", "mostly-true"),
        ('verdict: "true"', "true"),
        ("verdict: false", "false"),  # YAML's boolean: editors mean the rating
        ("verdict: FALSE", "false"),
        ("verdict: True", "true"),
        ("verdict: unproven", "unproven"),
    ],
)
def test_a_verdict_is_its_rating(front_matter: str, key: str) -> None:
    rating = rating_of(SCALE)(located(front_matter))
    assert rating is SCALE.get(key)


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("verdict: mostly-tru", "unknown verdict `mostly-tru`; did you mean `mostly-true`?"),
        ('verdict: "False"', "unknown verdict `False`; did you mean `false`?"),  # text is compared exactly
        ("verdict: banana", "unknown verdict `banana`; use one of: false, mostly-true, true, unproven"),
    ],
)  # fmt: skip
def test_a_verdict_off_the_scale(front_matter: str, message: str) -> None:
    found = problem(rating_of(SCALE), front_matter)
    assert found.for_field("verdict") == message  # it names itself


def test_a_verdict_must_be_text() -> None:
    assert str(problem(rating_of(SCALE), "verdict:")) == "must be text, not nothing"


def test_a_broken_scale_checks_no_verdict() -> None:
    """When ratings.yml itself is wrong (reported there), any verdict is let through."""
    assert rating_of(None)(located("verdict: anything")) == Rating("anything", "anything", "", None)
    assert rating_of(None)(located("verdict: false")) == Rating("false", "false", "", None)


# --- source ids


def test_a_source_id() -> None:
    assert source_id_in(SOURCES)(located(f"source: {MT}")) == MT


@pytest.mark.parametrize(
    ("front_matter", "message", "names_itself"),
    [
        ("source: Moscow-Times", "`Moscow-Times` is not an id (lowercase letters, digits, hyphens)", False),
        ("source: moscow_times", "`moscow_times` is not an id (lowercase letters, digits, hyphens)", False),
        ("source: moscow-times-2025-05-28", f"unknown source `moscow-times-2025-05-28`; did you mean `{MT}`?", True),
        ("source: reuters", f"unknown source `reuters`; use one of: {MT}, {SVR}", True),
    ],
)  # fmt: skip
def test_a_source_id_that_names_no_source(
    front_matter: str, message: str, names_itself: bool
) -> None:
    found = problem(source_id_in(SOURCES), front_matter)
    assert (str(found), found.line, found.names_itself) == (message, 2, names_itself)


def test_unknown_lists_at_most_twelve_names() -> None:
    known = {f"source-{n:02d}" for n in range(14)}
    listed = ", ".join(f"source-{n:02d}" for n in range(12))
    assert (
        unknown_message("source", "zzz", known)
        == f"unknown source `zzz`; use one of: {listed}, ..."
    )
    assert unknown_message("tag", "zzz", ["b", "a"]) == "unknown tag `zzz`; use one of: a, b"


def test_source_ids_one_or_a_list() -> None:
    appearance = source_ids_in(SOURCES)
    assert appearance(located(f"appearance: {SVR}")) == (SVR,)
    assert appearance(located(f"appearance: [{SVR}, {MT}]")) == (SVR, MT)
    assert str(problem(appearance, "appearance: []")) == (
        "is an empty list; name at least one source id"
    )


def test_a_wrong_source_id_in_a_list_is_named_at_its_line() -> None:
    found = problem(source_ids_in(SOURCES), f"appearance:\n  - {SVR}\n  - reuters\n")
    assert (str(found), found.line) == (f"unknown source `reuters`; use one of: {MT}, {SVR}", 4)
    found = problem(source_ids_in(SOURCES), f"appearance:\n  - {SVR}\n  - SVR\n")
    assert (str(found), found.line) == (
        "`SVR` is not an id (lowercase letters, digits, hyphens)",
        4,
    )


# --- corrections


def test_corrections() -> None:
    value = corrections(
        located(
            """\
            corrections:
              - date: 2025-06-02
                note: The date of the statement was wrong.
              - {date: 2025-06-03, note: "Second."}
            """
        )
    )
    assert value == (
        Correction(
            datetime.date(2025, 6, 2),
            "The date of the statement was wrong.",
            "correction",
            "correction-2025-06-02",
        ),
        Correction(datetime.date(2025, 6, 3), "Second.", "correction", "correction-2025-06-03"),
    )


def test_a_correction_may_be_an_update_or_a_clarification() -> None:
    value = corrections(
        located(
            """\
            corrections:
              - {date: 2025-06-04, kind: Update, note: "What became known."}
              - {date: 2025-06-04, kind: clarification, note: "Plainer words."}
              - {date: 2025-06-04, note: "What was wrong."}
            """
        )
    )
    assert [(c.kind, c.label) for c in value] == [
        ("update", "Update"), ("clarification", "Clarification"), ("correction", "Correction"),
    ]  # fmt: skip
    # Written newest first: the oldest entry of a day keeps the plain anchor as more are added.
    assert [c.anchor for c in value] == [
        "correction-2025-06-04-3", "correction-2025-06-04-2", "correction-2025-06-04",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("front_matter", "message", "line"),
    [
        ("corrections: 2025-06-02", "must be a list of `- date: YYYY-MM-DD` / `note: ...` entries", None),
        ("corrections:\n  - 2025-06-02\n", "must be a mapping of `field: value` lines, not `2025-06-02`", 3),
        ("corrections:\n  - [2025-06-02, x]\n", "must be a mapping of `field: value` lines, not a list", 3),
        ("corrections:\n  - date: 2025-06-02\n", "`note` is missing; add `note: ...`", 3),
        ("corrections:\n  - date: 2025-06-02\n    notes: x\n", "unknown field `notes`; did you mean `note`?", 4),
        ("corrections:\n  - note: x\n    date: 2025-02-30\n", "`date` `2025-02-30` is not a date that exists; check the month and day", 4),
        ("corrections:\n  - date: 2025-06\n    note: x\n", "`date` `2025-06` must be a full date, YYYY-MM-DD", 3),
        ('corrections:\n  - date: 2025-06-02\n    note: ""\n', "`note` is empty; write the text after the colon", 4),
        ("corrections:\n  - date: 2025-06-02\n    note: x\n    kind: updates\n", "unknown kind `updates`; did you mean `update`?", 5),
        ("corrections:\n  - date: 2025-06-02\n    note: x\n    kind: erratum\n", "unknown kind `erratum`; use one of: clarification, correction, update", 5),
    ],
)  # fmt: skip
def test_corrections_that_are_wrong(front_matter: str, message: str, line: int | None) -> None:
    found = problem(corrections, front_matter)
    assert (str(found), found.line) == (message, line)


# --- comparisons

COMPARISON = f"""\
comparisons:
  - statement: What the SVR said
    renderings:
      - source: {MT}
        locator: para. 2
        text: "The words as one source gives them"
      - source: {SVR}
        text: "The words as the other gives them"
"""


def test_comparisons() -> None:
    value = comparisons_of(SOURCES)(located(COMPARISON))
    assert value == (
        Comparison(
            "What the SVR said",
            (
                Rendering(MT, "para. 2", "The words as one source gives them", 7),
                Rendering(SVR, None, "The words as the other gives them", 9),
            ),
            3,
        ),
    )


def test_a_rendering_takes_our_translation_at_its_own_line() -> None:
    translated = COMPARISON.replace(
        '        text: "The words as the other gives them"\n',
        '        text: "The words as the other gives them"\n        translation: Речи другог\n',
    )
    other = comparisons_of(SOURCES)(located(translated))[0].renderings[1]
    assert (other.text, other.translation, other.translation_line) == (
        "The words as the other gives them",
        "Речи другог",
        10,
    )


@pytest.mark.parametrize(
    ("front_matter", "message", "line"),
    [
        ("comparisons: a statement", "must be a list of `- statement: ...` entries with their `renderings`", None),
        (COMPARISON.replace("statement: What", "statment: What"), "unknown field `statment`; did you mean `statement`?", 3),
        ("comparisons:\n  - renderings: []\n", '`statement` is missing; add `statement: "What the renderings are of"`', 3),
        ("comparisons:\n  - statement: s\n    renderings: one\n", "`renderings` must list at least two renderings to compare", 4),
        (COMPARISON.split("      - source: " + SVR)[0], "`renderings` must list at least two renderings to compare", 4),
        (COMPARISON.replace(SVR, "reuters"), f"unknown source `reuters`; use one of: {MT}, {SVR}", 8),
        (COMPARISON.replace("para. 2", "[2]"), "`locator` must be text, not a list", 6),
        (COMPARISON.replace("locator: para. 2", "translation: [2]"), "`translation` must be text, not a list", 6),
        (COMPARISON.replace('        text: "The words as the other gives them"\n', ""), '`text` is missing; add `text: "The words exactly as this source gives them"`', 8),
        (COMPARISON.replace(f"      - source: {SVR}", "      - the other source\n      - x:"), "must be a mapping of `field: value` lines, not `the other source`", 8),
    ],
)  # fmt: skip
def test_comparisons_that_are_wrong(front_matter: str, message: str, line: int | None) -> None:
    found = problem(comparisons_of(SOURCES), front_matter)
    assert (str(found), found.line) == (message, line)


# --- settings mappings


def test_a_mapping_of_fields() -> None:
    assert mapping_fields(located("licence: {name: CC BY 4.0}"), LICENCE_FIELDS) == {
        "name": "CC BY 4.0",
        "url": None,
    }
    organisation = mapping_fields(
        located("organisation:\n  name: Fact Check\n  url: https://example.org/\n"),
        ORGANISATION_FIELDS,
    )
    # every field not given is None: the about page says it is not yet recorded
    assert {name: value for name, value in organisation.items() if value is not None} == {
        "name": "Fact Check",
        "url": "https://example.org/",
    }


@pytest.mark.parametrize(
    ("front_matter", "message", "line"),
    [
        ("organisation: Fact Check", "must be a mapping of `field: value` lines, not `Fact Check`", 2),
        ("organisation:", "must be a mapping of `field: value` lines, not nothing", 2),
        ("organisation: {url: https://example.org/}", "`name` is missing; add `name: ...`", 2),
        ("organisation:\n  name: Us\n  url: example.org\n", "`url` `example.org` is not a web address; it must start with http:// or https://", 4),
        ("organisation:\n  name: Us\n  link: https://example.org/\n", "unknown field `link`; use one of: claims_contact, contact, corrections_contact, funding, legal_form, legal_name, name, nonpartisanship, team, url", 4),
    ],
)  # fmt: skip
def test_a_mapping_that_is_wrong(front_matter: str, message: str, line: int) -> None:
    found = problem(lambda value: mapping_fields(value, ORGANISATION_FIELDS), front_matter)
    assert (str(found), found.line) == (message, line)


# --- dates not recorded, the right of reply


def test_claim_date_may_be_not_recorded() -> None:
    assert recorded_date(located("claim_date: not recorded")) is None
    assert recorded_date(located("claim_date: Not Recorded")) is None
    assert recorded_date(located("claim_date: 2025-05")) == PartialDate(2025, 5)


def test_claim_date_neither_a_date_nor_not_recorded() -> None:
    assert str(problem(recorded_date, "claim_date: last spring")) == (
        "`last spring` is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY); "
        "or write `not recorded`"
    )


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("reply: {asked: 2026-11-20}", Reply(datetime.date(2026, 11, 20), None, None)),
        (
            'reply: {asked: 2026-11-20, answer: "We stand by it."}',
            Reply(datetime.date(2026, 11, 20), "We stand by it.", None),
        ),
        ("reply: {asked: no, reason: Checked from reports only}", Reply(None, None, "Checked from reports only")),
        ('reply: {asked: "No", reason: Checked from reports only}', Reply(None, None, "Checked from reports only")),
        ("reply: {asked: false, reason: Checked from reports only}", Reply(None, None, "Checked from reports only")),
    ],
)  # fmt: skip
def test_reply(front_matter: str, expected: Reply) -> None:
    assert reply(located(front_matter)) == expected


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("reply: {asked: no}", "says the claimant was not asked for comment; add `reason: ...` saying why"),
        ("reply: {asked: no, answer: Yes, reason: r}", "has an `answer` but says the claimant was not asked; give `asked:` the date"),
        ("reply: {asked: yes}", "`asked` `yes` must be the date they were asked, YYYY-MM-DD, or `no`"),
        ("reply: {asked: 2026-11}", "`asked` `2026-11` must be the date they were asked, YYYY-MM-DD, or `no`"),
        ("reply: {answer: Fine}", "`asked` is missing; add `asked: YYYY-MM-DD (the date they were asked), or no`"),
        ("reply: {asked: no, reasn: r}", "unknown field `reasn`; did you mean `reason`?"),
        ("reply: not asked", "must be a mapping of `field: value` lines, not `not asked`"),
    ],
)  # fmt: skip
def test_reply_that_says_too_little_or_too_much(front_matter: str, message: str) -> None:
    assert str(problem(reply, front_matter)) == message


@pytest.mark.parametrize(
    "address", ["desk@claimcheck.example", "https://claimcheck.example/contact"]
)
def test_contact_address_is_an_e_mail_or_web_address(address: str) -> None:
    assert contact_address(located(f"contact: {address}")) == address


@pytest.mark.parametrize(
    "address",
    ["desk at claimcheck", "claimcheck.example", "@example.org", "javascript:alert(1)",
     "x@y.z'onmouseover='alert(1)", "a@b.c,evil@d.e"],
)  # fmt: skip
def test_contact_address_that_is_neither(address: str) -> None:
    assert str(problem(contact_address, f'contact: "{address}"')) == (
        f"`{address}` is neither an e-mail address nor a web address starting with https://"
    )


def test_organisation_funding_must_be_a_list_of_years_and_sources() -> None:
    organisation = located("organisation:\n  name: X\n  funding: lots\n")
    with pytest.raises(FieldProblem) as raised:
        mapping_fields(organisation, ORGANISATION_FIELDS)
    assert str(raised.value) == (
        "`funding` must be a list of entries, such as `- {year: 2026, sources: ...}`"
    )
