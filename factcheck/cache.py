"""What one build hands the next: parsed files, rendered Markdown, each claim's part of the data
files, and which inputs made each file of the site it left, so that a rebuild renders only what
an edit affects.

Every entry is keyed by exactly what it was made from (file bytes, body text, the digests a page
depends on) and the whole cache by the generator's own code and version, so a stale entry can
never be used: at worst an entry is missing and the work is done again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
import shutil
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from factcheck import __version__
from factcheck.feeds import OpenDataEntries
from factcheck.files import read_regular
from factcheck.markup import BodyKey, RenderedBody
from factcheck.places import Signature
from factcheck.quotes import QuoteCheckCache
from factcheck.reader import DocumentCache
from factcheck.search import SearchIndex

SITE_STATE = "site.pickle"
DOCUMENTS = "documents"
QUOTE_CHECKS = "quote-checks"
OPEN_DATA = "open-data"
SEARCH_INDEX = "search-index.pickle"
SHARDS = 64
"""Checked documents, quotation checks and open data entries are each stored in this many files,
so that an edit rewrites a few small files, not all of them."""
BODIES = "bodies"
MAX_STORED_BYTES = 1_000_000_000
"""A stored file larger than this is not read: it cannot be one a build wrote."""
ENTRIES = frozenset({SITE_STATE, DOCUMENTS, QUOTE_CHECKS, OPEN_DATA, SEARCH_INDEX, BODIES})
"""Everything a cache folder holds besides its mark and lock; clearing deletes only these."""


@functools.cache
def generator_key() -> str:
    """Changes whenever the generator's code or the libraries that shape its output change."""
    libraries = " ".join(metadata.version(name) for name in ("markdown", "nh3", "jinja2", "pyyaml"))
    digest = hashlib.sha256(f"{__version__} {libraries}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def digest_of(parts: Iterable[str]) -> str:
    return hashlib.blake2b(
        "".join(f"{part}\0" for part in parts).encode(), digest_size=16
    ).hexdigest()


class BodyStore:
    """Rendered Markdown bodies, in memory and (with a folder) on disk, one file each, so a build
    reads only the bodies it needs."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.memory: dict[BodyKey, RenderedBody] = {}

    def get(self, key: BodyKey) -> RenderedBody | None:
        if key in self.memory:
            return self.memory[key]
        if self.folder is None:
            return None
        body = _read(self._path(key))
        if not isinstance(body, RenderedBody):
            return None
        self.memory[key] = body
        return body

    def remember(self, key: BodyKey, body: RenderedBody) -> None:
        """Keep in memory a body that a worker rendered and stored."""
        self.memory[key] = body

    def put(self, key: BodyKey, body: RenderedBody) -> None:
        self.memory[key] = body
        if self.folder is not None:
            path = self._path(key)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                _write(path, body)
            except OSError:
                pass  # a full disk: the body is not kept, and is rendered again next time

    def _path(self, key: BodyKey) -> Path:
        assert self.folder is not None
        name = hashlib.sha256(repr(key).encode()).hexdigest()
        return self.folder / name[:2] / f"{name}.pickle"


@dataclass
class DataParts:
    """What each claim put in the site's data files (the search index, the open data) when the
    last build made them, so that a rebuild encodes again only the claims that changed."""

    search: SearchIndex = field(default_factory=SearchIndex)
    open_data: OpenDataEntries = field(default_factory=dict)


@dataclass
class SiteState:
    """What made each file of the site a build left, and where that site is."""

    out_dir: str = ""
    site_id: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    """Site path -> the key of the inputs it was made from."""
    signatures: dict[str, Signature] = field(default_factory=dict)
    """Site path -> the file as the build left it, to know it has not been changed since."""
    fingerprint: str = ""
    """The inputs' sizes and times when that site was built, for the nothing-changed check."""
    claims: int = 0
    sources: int = 0


class BuildCache:
    """Everything kept between builds. With a folder, ``load`` reads the small record of the last
    site at once, and the checked documents, quotation checks and data parts only when a build
    needs them (a build that finds nothing changed does not); ``save`` writes back what changed."""

    def __init__(self, folder: Path | None = None, site: SiteState | None = None) -> None:
        self.folder = folder
        self.site = site or SiteState()
        self.bodies = BodyStore(folder / BODIES if folder is not None else None)
        self._documents: DocumentCache | None = None if folder is not None else DocumentCache()
        self._checks: QuoteCheckCache | None = None if folder is not None else {}
        self._data_parts: DataParts | None = None if folder is not None else DataParts()
        self._stored_search: SearchIndex | None = None
        stores = folder or Path()
        self._document_shards = _Shards(stores / DOCUMENTS, str)
        self._check_shards = _Shards(stores / QUOTE_CHECKS, lambda key: key[0])
        self._open_data_shards = _Shards(stores / OPEN_DATA, str)

    @classmethod
    def load(cls, folder: Path) -> BuildCache:
        """The cache in ``folder`` (a cache folder, marked: see :mod:`factcheck.places`); an
        empty one if it is missing, unreadable or made by other code."""
        site = _read(folder / SITE_STATE)
        if not isinstance(site, SiteState):
            clear(folder)
            site = SiteState()
        return cls(folder, site)

    @property
    def documents(self) -> DocumentCache:
        if self._documents is None:
            self._documents = DocumentCache(self._document_shards.load())
        return self._documents

    @property
    def quote_checks(self) -> QuoteCheckCache:
        if self._checks is None:
            self._checks = self._check_shards.load()
        return self._checks

    @property
    def data_parts(self) -> DataParts:
        if self._data_parts is None:
            assert self.folder is not None
            stored = _read(self.folder / SEARCH_INDEX)
            search = stored if isinstance(stored, SearchIndex) else SearchIndex()
            self._stored_search = dataclasses.replace(search)
            self._data_parts = DataParts(search, self._open_data_shards.load())
        return self._data_parts

    def save(self) -> str | None:
        """Write back what changed; if the system refuses (a full disk), clear the cache, so the
        next build starts afresh rather than from half of it, and say why in one line."""
        if self.folder is None:
            return None
        try:
            self._save(self.folder)
        except OSError as error:
            clear(self.folder)
            return (
                f"note: the cache in {self.folder} could not be written "
                f"({error.strerror or error}) and was cleared; the next build makes everything anew"
            )
        return None

    def _save(self, folder: Path) -> None:
        if self._documents is not None:
            self._document_shards.save(self._documents.entries)
        if self._checks is not None:
            self._check_shards.save(self._checks)
        if self._data_parts is not None:
            self._open_data_shards.save(self._data_parts.open_data)
            search = self._data_parts.search
            stored = self._stored_search
            # Equal at once when no claim changed: update() then keeps the same dicts.
            if stored is None or (search.claims, search.files) != (stored.claims, stored.files):
                _write(folder / SEARCH_INDEX, search)
        _write(folder / SITE_STATE, self.site)


class _Shards:
    """A dict stored in ``SHARDS`` files, each entry in the one that its ``place`` (a path or a
    slug) hashes to, so that saving rewrites only the files whose entries changed."""

    def __init__(self, folder: Path, place: Callable[[Any], str]) -> None:
        self.folder = folder
        self.place = place
        self.stored: list[dict[Any, Any]] = [{} for _ in range(SHARDS)]

    def load(self) -> dict[Any, Any]:
        entries: dict[Any, Any] = {}
        for number in range(SHARDS):
            shard = _read(self.folder / f"{number:02d}.pickle")
            self.stored[number] = shard if isinstance(shard, dict) else {}
            entries.update(self.stored[number])
        return entries

    def save(self, entries: dict[Any, Any]) -> None:
        shards: list[dict[Any, Any]] = [{} for _ in range(SHARDS)]
        for key, value in entries.items():
            shards[zlib.crc32(self.place(key).encode()) % SHARDS][key] = value
        self.folder.mkdir(exist_ok=True)
        for number, shard in enumerate(shards):
            if shard != self.stored[number]:
                _write(self.folder / f"{number:02d}.pickle", shard)
        self.stored = shards


def clear(folder: Path) -> None:
    """Delete what a cache holds, and nothing else the folder may hold."""
    for name in ENTRIES:
        entry = folder / name
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink(missing_ok=True)
        except OSError:
            continue  # what cannot be deleted is read as unreadable, and so never used


def _read(path: Path) -> Any:
    """What ``_write`` stored at ``path``, or None if it is missing, unreadable, cut short or
    made by other code (another version of the generator, other libraries)."""
    try:
        key, value = pickle.loads(read_regular(path, MAX_STORED_BYTES))
    except Exception:  # a damaged pickle can raise almost anything; it is only a cache
        return None
    return value if key == generator_key() else None


def _write(path: Path, value: Any) -> None:
    _write_bytes(path, pickle.dumps((generator_key(), value), protocol=pickle.HIGHEST_PROTOCOL))


def _write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all: a full disk leaves the old file, never half a new one."""
    temporary = path.with_name(path.name + ".new")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
