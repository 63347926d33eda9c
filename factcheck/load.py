"""Load the content folder and validate it into :class:`factcheck.model.Content`.

Every problem found is collected, so an editor sees all of them in one run, each as
``path:line: message`` with the fix. What each field may hold is in :mod:`factcheck.fields`; what
each kind of file becomes, in :mod:`factcheck.documents`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factcheck.catalogs import scale_in
from factcheck.digests import digest_of_bytes
from factcheck.documents import claim_from, page_from, source_from
from factcheck.editions import translation_errors
from factcheck.errors import ContentError, ContentErrors, missing_source
from factcheck.fields import (
    PLACEHOLDER,
    SLUG,
    Field,
    FieldProblem,
    mapping_fields,
    unknown_message,
)
from factcheck.files import is_hidden, is_inside, read_inside, real_folder, refusal
from factcheck.known import KnownDocuments
from factcheck.linkstatus import link_checks_path, read_link_checks, with_link_checks
from factcheck.model import SITE_SECTIONS, Content, Rating, RatingScale, Source
from factcheck.reader import RawDocument, read_document, read_yaml_file
from factcheck.schemas import PAGE_FIELDS, SOURCE_FIELDS, claim_fields
from factcheck.settings import Funding, Licence, Organisation, SiteSettings, TeamMember
from factcheck.siteschema import LICENCE_FIELDS, ORGANISATION_FIELDS, RATING_FIELDS, SITE_FIELDS
from factcheck.slugs import slug_for
from factcheck.yamltext import Located


class _Loading:
    """One load's state: errors from every file (so one run reports them all), the ids of the
    source files, and the checked documents kept between builds."""

    def __init__(self, root: Path, source_ids: set[str], known: KnownDocuments) -> None:
        self.folder = root
        self.root = real_folder(root)
        self.errors: list[ContentError] = []
        self.source_ids = source_ids
        self.known = known
        self.missing: dict[str, list[ContentError]] = {}
        self.context = ""
        """What a document's checks depend on besides its own file: the rating scale and the
        ids of the sources."""
        self.scale: RatingScale | None = None
        """The rating scale verdicts are in."""

    def add(self, path: Path | str, line: int, message: str) -> None:
        self.errors.append(ContentError(str(path), line, message))

    def cites_missing(self, source_id: str, path: Path, line: int, message: str) -> None:
        """A citation of a source that does not exist, reported with the others citing it."""
        self.missing.setdefault(source_id, []).append(ContentError(str(path), line, message))

    def report_missing(self, sources: Path) -> None:
        """One error per missing source (see :func:`missing_source`)."""
        for source_id, places in self.missing.items():
            self.errors.extend(missing_source(source_id, places, sources))

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


def load_content(
    content_dir: Path, known: KnownDocuments | None = None, *, link_checks: bool = True
) -> Content:
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
    if ratings is not None and site is not None:
        ratings = scale_in(site.language, ratings)
    loading.scale = ratings
    loading.context = hashlib.blake2b(
        repr((ratings, sorted(loading.source_ids))).encode()
    ).hexdigest()
    sources: dict[str, Source] = {
        source.id: source
        for source in _load_folder(content_dir / "sources", SOURCE_FIELDS, source_from, loading)
    }
    if link_checks:
        checks = loading.read(link_checks_path(content_dir), read_link_checks)
        sources = with_link_checks(sources, checks or {})
    claim_schema = claim_fields(ratings, loading.source_ids)
    claims = _load_folder(content_dir / "claims", claim_schema, claim_from, loading)
    pages = _load_folder(content_dir / "pages", PAGE_FIELDS, page_from, loading, required=False)
    loading.report_missing(content_dir / "sources")
    if site is not None:
        loading.errors += translation_errors(site, claims, pages, content_dir / "site.yml")
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
        fields = mapping_fields(root, SITE_FIELDS)
        organisation = mapping_fields(fields["organisation"], ORGANISATION_FIELDS)
        licence = mapping_fields(fields["licence"], LICENCE_FIELDS)
    except FieldProblem as problem:
        loading.add(path, problem.line or root.line, str(problem))
        return None
    return SiteSettings(
        title=fields["title"],
        description=fields["description"],
        language=fields["language"],
        base_url=fields["base_url"],
        organisation=Organisation(
            **organisation
            | {
                "funding": tuple(Funding(**entry) for entry in organisation["funding"] or ()),
                "team": tuple(TeamMember(**entry) for entry in organisation["team"] or ()),
                "line": fields["organisation"].line,
            }
        ),
        licence=Licence(licence["name"], licence["url"]),
        tag_names=fields["tag_names"] or (),
        editions=fields["editions"] or (),
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
            fields = mapping_fields(item, RATING_FIELDS)
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
        ratings.append(Rating(**fields | {"translations": fields["translations"] or ()}))
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
        if is_hidden(entry.name):
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
        name = f"{folder.name}/{entry.name}"  # its path in the content folder, as known
        digest = loading.known.digest(entry.path, stat)
        known = (
            None
            if digest is None
            else loading.known.get(entry.path, name, digest, loading.context, loading.scale)
        )
        if known is not None:  # most files: no Path is made for them, which costs as much
            documents.append(known)
            continue
        path = Path(entry.path)
        data = loading.read(path, read_inside)
        if data is None:
            continue
        digest = digest_of_bytes(data)
        loading.known.read(entry.path, stat, digest)
        known = loading.known.get(entry.path, name, digest, loading.context, loading.scale)
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
            loading.add(raw.path, located.line, unknown_message("field", name, schema))
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
            line, message = problem.line or located.line, problem.for_field(name)
            if problem.unknown_source:
                loading.cites_missing(problem.unknown_source, raw.path, line, message)
            else:
                loading.add(raw.path, line, message)
    for name, field in schema.items():
        if field.required and name not in raw.fields:
            loading.add(
                raw.path,
                1,
                f"`{name}` is missing; add `{name}: {field.example}` to the front matter",
            )
        values.setdefault(name, None)
    return values if len(loading.errors) == before else None


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
                message = unknown_message("source", cite.source_id, loading.source_ids)
                loading.cites_missing(cite.source_id, document.path, line, message)
