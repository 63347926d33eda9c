"""What one build hands the next: parsed files, rendered Markdown, and which inputs made each file
of the site it left, so that a rebuild renders only what an edit affects.

Every entry is keyed by exactly what it was made from (file bytes, body text, the digests a page
depends on) and the whole cache by the generator's own code and version, so a stale entry can
never be used: at worst an entry is missing and the work is done again.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from factcheck import __version__
from factcheck.markup import BodyKey, RenderedBody
from factcheck.quotes import QuoteCheckCache
from factcheck.reader import DocumentCache

STATE = "state.pickle"
BODIES = "bodies"


def generator_key() -> str:
    """Changes whenever the generator's code or the libraries that shape its output change."""
    libraries = " ".join(metadata.version(name) for name in ("markdown", "nh3", "jinja2", "pyyaml"))
    digest = hashlib.sha256(f"{__version__} {libraries}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def digest_of(parts: Iterable[str]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


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
        try:
            body: RenderedBody = pickle.loads(self._path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
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
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))

    def _path(self, key: BodyKey) -> Path:
        assert self.folder is not None
        name = hashlib.sha256(repr(key).encode()).hexdigest()
        return self.folder / name[:2] / f"{name}.pickle"


@dataclass
class SiteState:
    """What made each file of the site a build left, and where that site is."""

    out_dir: str = ""
    site_id: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    """Site path -> the key of the inputs it was made from."""
    fingerprint: str = ""
    """The inputs' sizes and times when that site was built, for the nothing-changed check."""
    claims: int = 0
    sources: int = 0


@dataclass
class BuildCache:
    """Everything kept between builds; ``load`` and ``save`` keep it in a folder between runs."""

    documents: DocumentCache = field(default_factory=DocumentCache)
    bodies: BodyStore = field(default_factory=BodyStore)
    site: SiteState = field(default_factory=SiteState)
    quote_checks: QuoteCheckCache = field(default_factory=dict)
    folder: Path | None = None

    @classmethod
    def load(cls, folder: Path) -> BuildCache:
        """The cache in ``folder``, or an empty one there if it is missing, unreadable or made by
        other code."""
        key = generator_key()
        try:
            with (folder / STATE).open("rb") as file:
                stored: dict[str, Any] = pickle.load(file)
            if stored.get("generator") != key:
                raise ValueError("made by another version of the generator")
            documents, site, checks = stored["documents"], stored["site"], stored["quote_checks"]
        except (OSError, ValueError, KeyError, pickle.UnpicklingError, EOFError, AttributeError):
            shutil.rmtree(folder, ignore_errors=True)
            documents, site, checks = DocumentCache(), SiteState(), {}
        return cls(documents, BodyStore(folder / BODIES), site, checks, folder)

    def save(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        state = {
            "generator": generator_key(),
            "documents": self.documents,
            "site": self.site,
            "quote_checks": self.quote_checks,
        }
        temporary = self.folder / f"{STATE}.new"
        temporary.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(self.folder / STATE)
