"""Load the content folder and validate it into :class:`factcheck.model.Content`.

Every problem found is collected, so an editor sees all of them in one run, each as
``path:line: message`` with the fix.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.addresses import site_address
from factcheck.digests import digest_of_bytes
from factcheck.errors import ContentError, ContentErrors
from factcheck.files import is_inside, read_inside, real_folder, refusal
from factcheck.known import KnownDocuments
from factcheck.model import (
    SITE_SECTIONS,
    Claim,
    Comparison,
    Content,
    Correction,
    Licence,
    Organisation,
    Page,
    PartialDate,
    Rating,
    RatingScale,
    Rendering,
    SiteSettings,
    Source,
)
from factcheck.reader import RawDocument, read_document, read_yaml_file
from factcheck.slugs import slug_for
from factcheck.yamltext import Located

PLACEHOLDER = "TODO:"
"""What ``new`` writes where an editor must fill something in; no content may keep it."""

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TITLE_LIMIT = 75
"""Google asks for a ClaimReview ``claimReviewed`` under 75 characters."""

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_CLAIMANT_TYPES = {
    "person": "person",
    "organisation": "organisation",
    "organization": "organisation",
}


class FieldProblem(ValueError):
    """A field value that is wrong, worded to follow the field's name (``is empty``) unless
    ``names_itself``; ``line`` is set when the problem is on one item of a list."""

    def __init__(
        self, message: str, line: int | None = None, *, names_itself: bool = False
    ) -> None:
        super().__init__(message)
        self.line = line
        self.names_itself = names_itself

    def for_field(self, name: str) -> str:
        return str(self) if self.names_itself else f"`{name}` {self}"


Parser = Callable[[Located], Any]


@dataclass(frozen=True)
class Field:
    parse: Parser
    required: bool = False
    example: str = "..."


# --- field parsers: each takes a located YAML value and returns it checked, or raises FieldProblem


def text(max_length: int | None = None) -> Callable[[Located], str]:
    def parse(located: Located) -> str:
        value = located.value
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise FieldProblem(f"must be text, not {_describe(value)}")
        value = str(value).strip()
        if not value:
            raise FieldProblem("is empty; write the text after the colon")
        if max_length is not None and len(value) > max_length:
            raise FieldProblem(
                f"is {len(value)} characters long; shorten it to at most {max_length}"
            )
        return value

    return parse


NOT_RECORDED = "not recorded"


def recorded_text(located: Located) -> str | None:
    """Text that must be given, where ``not recorded`` says plainly that the source lacks it."""
    value = text()(located)
    return None if value.lower() == NOT_RECORDED else value


def iso_date(located: Located) -> datetime.date:
    date = partial_date(located)
    if date.day is None or date.month is None:
        raise FieldProblem(f"`{located.value}` must be a full date, YYYY-MM-DD")
    return datetime.date(date.year, date.month, date.day)


def partial_date(located: Located) -> PartialDate:
    """ISO 8601 at any precision: ``2024``, ``2024-06`` or ``2024-06-30``."""
    value = located.value
    match = _PARTIAL_DATE.fullmatch(str(value)) if isinstance(value, str | int) else None
    if match is None or isinstance(value, bool):
        raise FieldProblem(f"`{value}` is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY)")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise FieldProblem(
            f"`{value}` is not a date that exists; check the month and day"
        ) from None
    return PartialDate(year, month, day)


def web_address(located: Located) -> str:
    value = text()(located)
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s]*", value, flags=re.IGNORECASE):
        raise FieldProblem(
            f"`{value}` is not a web address; it must start with http:// or https://"
        )
    return value


def base_address(located: Located) -> str:
    value = text()(located)
    try:
        return site_address(value)
    except ValueError as problem:
        raise FieldProblem(f"`{value}` {problem}") from None


def text_list(located: Located) -> tuple[str, ...]:
    if not isinstance(located.value, list):
        raise FieldProblem("must be a list, such as [serbia, ukraine]")
    return tuple(_item(text(), item) for item in located.value)


def flag(located: Located) -> bool:
    if not isinstance(located.value, bool):
        raise FieldProblem(f"must be true or false, not `{located.value}`")
    return bool(located.value)


def whole_number(located: Located) -> int:
    if isinstance(located.value, bool) or not isinstance(located.value, int):
        raise FieldProblem(f"must be a whole number, not `{located.value}`")
    return located.value


def rating_of(scale: RatingScale | None) -> Parser:
    def parse(located: Located) -> Rating:
        # An unquoted `verdict: false` reaches us as a YAML boolean; editors mean the rating "false".
        key = str(located.value).lower() if isinstance(located.value, bool) else text()(located)
        if scale is None:  # the scale itself is broken and already reported; check nothing more
            return Rating(key, key, "", None)
        rating = scale.get(key)
        if rating is None:
            raise FieldProblem(
                _unknown("verdict", key, [r.key for r in scale.ratings]), names_itself=True
            )
        return rating

    return parse


def source_id_in(sources: set[str]) -> Callable[[Located], str]:
    """The id of an existing source."""

    def parse(located: Located) -> str:
        value = text()(located)
        if not SLUG.fullmatch(value):
            raise FieldProblem(
                f"`{value}` is not an id (lowercase letters, digits, hyphens)", located.line
            )
        if value not in sources:
            raise FieldProblem(_unknown("source", value, sources), located.line, names_itself=True)
        return value

    return parse


def source_ids_in(sources: set[str]) -> Parser:
    """One source id, or a list of them."""
    one = source_id_in(sources)

    def parse(located: Located) -> tuple[str, ...]:
        items = located.value if isinstance(located.value, list) else [located]
        if not items:
            raise FieldProblem("is an empty list; name at least one source id")
        return tuple(one(item) for item in items)

    return parse


def claimant_type(located: Located) -> str:
    value = text()(located).lower()
    if value not in _CLAIMANT_TYPES:
        raise FieldProblem(f"`{value}` must be person or organisation")
    return _CLAIMANT_TYPES[value]


def corrections(located: Located) -> tuple[Correction, ...]:
    if not isinstance(located.value, list):
        raise FieldProblem("must be a list of `- date: YYYY-MM-DD` / `note: ...` entries")
    entries = []
    for item in located.value:
        fields = _mapping_fields(item, {"date": Field(iso_date, True), "note": Field(text(), True)})
        entries.append(Correction(fields["date"], fields["note"]))
    return tuple(entries)


def comparisons_of(sources: set[str]) -> Parser:
    rendering_fields = {
        "source": Field(source_id_in(sources), True, "moscow-times-2025-05-29"),
        "locator": Field(text()),
        "text": Field(text(), True, '"The words exactly as this source gives them"'),
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
            fields = _mapping_fields(item, comparison_fields)
            listed = fields["renderings"]
            if not isinstance(listed.value, list) or len(listed.value) < 2:
                raise FieldProblem(
                    "`renderings` must list at least two renderings to compare", listed.line
                )
            renderings = []
            for entry in listed.value:
                rendering = _mapping_fields(entry, rendering_fields)
                line = entry.value["text"].line
                renderings.append(
                    Rendering(rendering["source"], rendering["locator"], rendering["text"], line)
                )
            statement_line = item.value["statement"].line
            comparisons.append(Comparison(fields["statement"], tuple(renderings), statement_line))
        return tuple(comparisons)

    return parse


# --- schemas


def claim_fields(scale: RatingScale | None, sources: set[str]) -> dict[str, Field]:
    """The claim schema; verdicts and source ids are checked against the loaded scale and sources."""
    return {
        "title": Field(text(TITLE_LIMIT), True, '"The claim as checked"'),
        "claimant": Field(text(), True, "Who made the claim"),
        "claimant_type": Field(claimant_type, False, "person"),
        "claim_date": Field(partial_date, True, "2025-05-28"),
        "appearance": Field(source_ids_in(sources), True, "[source-id]"),
        "verdict": Field(rating_of(scale), True, "half-true"),
        "summary": Field(text(), True, "The verdict in one or two plain sentences."),
        "published": Field(iso_date, True, "2025-06-01"),
        "updated": Field(iso_date),
        "tags": Field(text_list, True, "[serbia, ukraine]"),
        "corrections": Field(corrections),
        "draft": Field(flag),
        "comparisons": Field(comparisons_of(sources)),
    }


SOURCE_FIELDS = {
    "title": Field(text(), True, '"The headline or document title"'),
    "publisher": Field(recorded_text, True, "The Moscow Times (or: not recorded)"),
    "published": Field(partial_date, True, "2025-05-29"),
    "url": Field(web_address),
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
}
SITE_FIELDS = {
    "title": Field(text(), True),
    "description": Field(text(), True),
    "language": Field(text(), True, "en"),
    "base_url": Field(base_address, True, "https://example.org/"),
    "organisation": Field(lambda located: located, True, "{name: ...}"),
    "licence": Field(lambda located: located, True, "{name: CC BY 4.0, url: ...}"),
}
ORGANISATION_FIELDS = {"name": Field(text(), True), "url": Field(web_address)}
LICENCE_FIELDS = ORGANISATION_FIELDS
RATING_FIELDS = {
    "key": Field(text(), True, "mostly-true"),
    "label": Field(text(), True, "Mostly true"),
    "definition": Field(text(), True),
    "value": Field(whole_number),
}


class _Loading:
    """One load's state: errors from every file (so one run reports them all), the ids of the
    source files, and the checked documents kept between builds."""

    def __init__(self, root: Path, source_ids: set[str], known: KnownDocuments) -> None:
        self.folder = root
        self.root = real_folder(root)
        self.errors: list[ContentError] = []
        self.source_ids = source_ids
        self.known = known
        self.context = ""
        """What a document's checks depend on besides its own file: the rating scale and the
        ids of the sources."""

    def add(self, path: Path | str, line: int, message: str) -> None:
        self.errors.append(ContentError(str(path), line, message))

    def read(self, path: Path, reader: Callable[[Path, Path], Any]) -> Any:
        """What ``reader`` makes of the file ``path`` inside the content folder, or None with
        its errors recorded."""
        try:
            return reader(path, self.root)
        except ContentErrors as failure:
            self.errors.extend(failure.errors)
            return None

    def outside(self, path: Path | str, kind: str) -> bool:
        """Whether ``path`` is a link out of the content folder; records the error if so."""
        if is_inside(path, self.root):
            return False
        self.add(
            path, 1, f"is a link to a {kind} outside the content folder; copy the {kind} in instead"
        )
        return True


def load_content(content_dir: Path, known: KnownDocuments | None = None) -> Content:
    """Read and check everything under ``content_dir``; raise ContentErrors listing every problem.

    What the last build ``known`` spares reading files whose stamps have not changed and parsing
    files whose bytes have not; it is left holding this load's.
    """
    if not content_dir.is_dir():
        raise ContentErrors(
            [ContentError(str(content_dir), 1, "the content folder does not exist")]
        )
    loading = _Loading(content_dir, set(), known or KnownDocuments())
    folders = [content_dir / name for name in ("sources", "claims", "pages")]
    for folder in folders:
        try:
            folder.stat()
        except FileNotFoundError:
            continue  # reported, where it is required, as missing
        except OSError as error:  # a link that leads back to itself
            loading.errors.extend(refusal(folder, error).errors)
            continue
        loading.outside(folder, "folder")
    if loading.errors:
        raise ContentErrors(loading.errors)  # what is inside would be reported file by file
    # A source file with mistakes of its own is still a source: what cites it is not wrong.
    loading.source_ids = _ids_in(content_dir / "sources")
    site = _load_site(content_dir / "site.yml", loading)
    ratings = _load_ratings(content_dir / "ratings.yml", loading)
    loading.context = hashlib.blake2b(
        repr((ratings, sorted(loading.source_ids))).encode()
    ).hexdigest()
    sources: dict[str, Source] = {
        source.id: source
        for source in _load_folder(content_dir / "sources", SOURCE_FIELDS, _source, loading)
    }
    claim_schema = claim_fields(ratings, loading.source_ids)
    claims = _load_folder(content_dir / "claims", claim_schema, _claim, loading)
    pages = _load_folder(content_dir / "pages", PAGE_FIELDS, _page, loading, required=False)
    for page in pages:
        if page.slug in SITE_SECTIONS:
            loading.add(
                page.path, 1, f"`{page.slug}` is the name of a section of the site; rename the page"
            )
    if loading.errors or site is None or ratings is None:
        raise ContentErrors(loading.errors)
    return Content(
        site=site,
        ratings=ratings,
        claims=tuple(claims),
        sources=dict(sorted(sources.items())),
        pages=tuple(pages),
    )


def _load_site(path: Path, loading: _Loading) -> SiteSettings | None:
    root = loading.read(path, _read_settings)
    if root is None:
        return None
    try:
        fields = _mapping_fields(root, SITE_FIELDS)
        organisation = _mapping_fields(fields["organisation"], ORGANISATION_FIELDS)
        licence = _mapping_fields(fields["licence"], LICENCE_FIELDS)
    except FieldProblem as problem:
        loading.add(path, problem.line or root.line, str(problem))
        return None
    return SiteSettings(
        title=fields["title"],
        description=fields["description"],
        language=fields["language"],
        base_url=fields["base_url"],
        organisation=Organisation(organisation["name"], organisation["url"]),
        licence=Licence(licence["name"], licence["url"]),
    )


def _load_ratings(path: Path, loading: _Loading) -> RatingScale | None:
    root = loading.read(path, _read_settings)
    if root is None:
        return None
    if not isinstance(root.value, list) or not root.value:
        loading.add(
            path,
            root.line,
            "the rating scale must be a list of ratings, each starting `- key: ...`",
        )
        return None
    ratings: list[Rating] = []
    for item in root.value:
        try:
            fields = _mapping_fields(item, RATING_FIELDS)
        except FieldProblem as problem:
            loading.add(path, problem.line or item.line, str(problem))
            continue
        if not SLUG.fullmatch(fields["key"]):
            loading.add(
                path,
                item.line,
                f"key `{fields['key']}` must be lowercase letters, digits and hyphens",
            )
        elif any(rating.key == fields["key"] for rating in ratings):
            loading.add(
                path,
                item.line,
                f"key `{fields['key']}` is used twice; give each rating its own key",
            )
        ratings.append(
            Rating(fields["key"], fields["label"], fields["definition"], fields["value"])
        )
    if not any(rating.value is not None for rating in ratings):
        loading.add(
            path, root.line, "no rating has a `value`; give the ratings numbers, best highest"
        )
    return RatingScale(tuple(ratings))


def _read_settings(path: Path, root: Path) -> Located:
    if not path.exists() and not path.is_symlink():
        raise ContentErrors(
            [ContentError(str(path), 1, "the file is missing; every site needs it")]
        )
    return read_yaml_file(path, root)


def _ids_in(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.md") if SLUG.fullmatch(path.stem)}


def _load_folder(
    folder: Path,
    schema: dict[str, Field],
    build: Callable[[RawDocument, str, dict[str, Any]], Any],
    loading: _Loading,
    *,
    required: bool = True,
) -> list[Any]:
    if not folder.is_dir():
        if required:
            loading.add(
                folder, 1, f"the folder is missing; create it and put the {folder.name} in it"
            )
        return []
    documents = []
    with os.scandir(folder) as scan:  # DirEntry knows links, folders and times without more calls
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue  # editors' hidden, swap and backup files
        if not _readable_here(entry, loading):
            continue
        slug = entry.name.removesuffix(".md")
        if not SLUG.fullmatch(slug):
            suggestion = slug_for(slug) or "name"
            fix = (
                f"it duplicates {suggestion}.md, which exists: merge the two or rename this one"
                if (folder / f"{suggestion}.md").exists()
                else f"rename it {suggestion}.md"
            )
            loading.add(
                entry.path, 1, f"the file name must be lowercase words joined by hyphens; {fix}"
            )
            continue
        try:
            stat = entry.stat()
        except OSError as error:  # a link to nothing or to itself, or deleted since listed
            loading.errors.extend(refusal(entry.path, error).errors)
            continue
        path = Path(entry.path)
        name = path.relative_to(loading.folder).as_posix()
        digest = loading.known.digest(entry.path, stat)
        known = None if digest is None else loading.known.get(path, name, digest, loading.context)
        if known is None:
            data = loading.read(path, read_inside)
            if data is None:
                continue
            digest = digest_of_bytes(data)
            loading.known.read(entry.path, stat, digest)
            known = loading.known.get(path, name, digest, loading.context)
        if known is not None:
            documents.append(known)
            continue
        try:
            raw = read_document(path, data)
        except ContentErrors as failure:
            loading.errors.extend(failure.errors)
            continue
        errors_before = len(loading.errors)
        placeholder_lines = set()
        for number, line in enumerate(raw.body.splitlines(), start=raw.body_line):
            if PLACEHOLDER in line:
                placeholder_lines.add(number)
                loading.add(
                    path, number, f"the text is still a placeholder: replace “{line.strip()}”"
                )
        fields = _document_fields(raw, schema, loading)
        document = build(raw, slug, fields) if fields is not None else None
        if document is None or document.body_is_markdown:
            _check_citations(raw, loading, skip_lines=placeholder_lines)
        if document is not None:
            documents.append(document)
            if len(loading.errors) == errors_before:
                loading.known.put(name, loading.context, document)
    return documents


def _readable_here(entry: os.DirEntry[str], loading: _Loading) -> bool:
    """Whether ``entry`` is a Markdown file of the content folder; reports why not otherwise."""
    try:
        if entry.is_symlink() and loading.outside(entry.path, "file"):
            return False
        folder = entry.is_dir()
    except OSError as error:  # a link that leads back to itself
        loading.errors.extend(refusal(entry.path, error).errors)
        return False
    if folder:
        loading.add(entry.path, 1, "folders are not read here; move its files up into this folder")
    elif not entry.name.endswith(".md"):
        loading.add(
            entry.path,
            1,
            f"only Markdown files are read here; rename it {slug_for(Path(entry.name).stem) or 'name'}.md or move it out",
        )
    else:
        return True
    return False


def _document_fields(
    raw: RawDocument, schema: dict[str, Field], loading: _Loading
) -> dict[str, Any] | None:
    before = len(loading.errors)
    values: dict[str, Any] = {}
    for name, located in raw.fields.items():
        if name not in schema:
            loading.add(raw.path, located.line, _unknown("field", name, schema))
            continue
        placeholder = _placeholder(located)
        if placeholder is not None:
            loading.add(
                raw.path,
                placeholder.line,
                f"`{name}` is still a placeholder: replace “{placeholder.value}”",
            )
            continue
        try:
            values[name] = schema[name].parse(located)
        except FieldProblem as problem:
            loading.add(raw.path, problem.line or located.line, problem.for_field(name))
    for name, field in schema.items():
        if field.required and name not in raw.fields:
            loading.add(
                raw.path,
                1,
                f"`{name}` is missing; add `{name}: {field.example}` to the front matter",
            )
        values.setdefault(name, None)
    return values if len(loading.errors) == before else None


def _mapping_fields(located: Located, schema: dict[str, Field]) -> dict[str, Any]:
    """Check one YAML mapping (a settings file or a list entry); raises on the first problem."""
    if not isinstance(located.value, dict):
        raise FieldProblem(
            f"must be a mapping of `field: value` lines, not {_describe(located.value)}",
            located.line,
        )
    for name, value in located.value.items():
        if name not in schema:
            raise FieldProblem(_unknown("field", name, schema), value.line)
    fields: dict[str, Any] = {}
    for name, field in schema.items():
        if name in located.value:
            fields[name] = _item(field.parse, located.value[name], name)
        elif field.required:
            raise FieldProblem(f"`{name}` is missing; add `{name}: {field.example}`", located.line)
        else:
            fields[name] = None
    return fields


def _item(parse: Parser, located: Located, name: str | None = None) -> Any:
    """Parse one value, pinning any problem to its own line."""
    try:
        return parse(located)
    except FieldProblem as problem:
        message = problem.for_field(name) if name else f"item {problem}"
        raise FieldProblem(message, problem.line or located.line, names_itself=True) from None


def _claim(raw: RawDocument, slug: str, fields: dict[str, Any]) -> Claim:
    claim = Claim(
        **_from_file(raw),
        slug=slug,
        title=fields["title"],
        claimant=fields["claimant"],
        claimant_type=fields["claimant_type"] or "organisation",
        claim_date=fields["claim_date"],
        appearance=fields["appearance"],
        verdict=fields["verdict"],
        summary=fields["summary"],
        published=fields["published"],
        updated=fields["updated"],
        tags=fields["tags"],
        corrections=tuple(sorted(fields["corrections"] or (), key=lambda c: c.date, reverse=True)),
        draft=bool(fields["draft"]),
        comparisons=fields["comparisons"] or (),
    )
    claim.card_digest  # made once, and kept with the checked document  # noqa: B018
    return claim


def _source(raw: RawDocument, slug: str, fields: dict[str, Any]) -> Source:
    stored_text = fields.pop("stored_text") is not False
    from_file = _from_file(raw)
    if stored_text:  # a copy of the source's text: what looks like a citation is its words
        from_file["cited_ids"] = frozenset()
    return Source(**from_file, id=slug, stored_text=stored_text, **fields)


def _from_file(raw: RawDocument) -> dict[str, Any]:
    """What every kind of document takes from its file."""
    return {
        "path": raw.path,
        "body": raw.body,
        "body_line": raw.body_line,
        "field_lines": {name: located.line for name, located in raw.fields.items()},
        "digest": raw.digest,
        "cited_ids": raw.cited_ids,
    }


def _page(raw: RawDocument, slug: str, fields: dict[str, Any]) -> Page:
    return Page(
        **_from_file(raw),
        slug=slug,
        title=fields["title"],
        description=fields["description"],
        nav=fields["nav"],
        show_rating_scale=bool(fields["show_rating_scale"]),
    )


def _placeholder(located: Located) -> Located | None:
    """The first value, however deeply nested, that still holds the placeholder."""
    value = located.value
    if isinstance(value, str):
        return located if PLACEHOLDER in value else None
    children = (
        list(value.values())
        if isinstance(value, dict)
        else value
        if isinstance(value, list)
        else []
    )
    return next((found for child in children if (found := _placeholder(child))), None)


def _check_citations(document: RawDocument, loading: _Loading, skip_lines: set[int]) -> None:
    for line, _, cites in document.citations:
        if line in skip_lines:
            continue
        if isinstance(cites, str):
            loading.add(document.path, line, cites)
            continue
        for cite in cites:
            if cite.source_id not in loading.source_ids:
                loading.add(
                    document.path, line, _unknown("source", cite.source_id, loading.source_ids)
                )


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {kind} `{name}`; did you mean `{close[0]}`?"
    listed = ", ".join(known) if len(known) <= 12 else ", ".join(known[:12]) + ", ..."
    return f"unknown {kind} `{name}`; use one of: {listed}"


def _describe(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "nothing"
    return f"`{value}`"
