"""The generator itself, as far as it shapes the output: its code and the libraries it renders
with. Whatever a build keeps for the next is dropped when either changes."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import sys
from pathlib import Path

from factcheck import __version__
from factcheck.stamps import Stamp, stamp_of

CODE = Path(__file__).parent
"""The generator's own modules."""
FONTS = CODE / "fonts"
"""The fonts the share images are drawn with (:mod:`factcheck.shareimage`), shipped with the
code so that every machine draws the same pixels."""
SCRIPTS = CODE / "searchjs"
"""The search page's engine and the Snowball stemmers it loads (:mod:`factcheck.search`),
made by the Snowball release the index's stemmers were made by (see COPYING-snowball)."""

LIBRARIES = {
    "markdown": "markdown", "nh3": "nh3", "jinja2": "jinja2", "markupsafe": "markupsafe",
    "pyyaml": "yaml", "python-frontmatter": "frontmatter", "python-slugify": "slugify",
    "text-unidecode": "text_unidecode", "unidecode": "unidecode", "cyrtranslit": "cyrtranslit",
    "pillow": "PIL", "snowballstemmer": "snowballstemmer", "babel": "babel",
}  # fmt: skip
"""The libraries whose versions shape the output, by distribution name, each with the name it is
imported by: Jinja's escaping, and python-slugify's transliteration, which uses Unidecode instead
of text-unidecode where it is installed; Pillow, which draws the share images; the stemmers of the search index; Babel, which reads the
theme's catalogs and writes dates."""


@functools.cache
def generator_key() -> str:
    """Changes whenever the generator's code or the libraries that shape its output change."""
    from importlib import (
        metadata,  # here: it takes longer to import than a build with nothing to do
    )

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "absent"

    libraries = " ".join(version(name) for name in LIBRARIES)
    digest = hashlib.sha256(f"{__version__} {sys.version} {libraries}".encode())
    for path in _code_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _code_files() -> list[Path]:
    """The modules, the fonts the share images are drawn with, and the search page's scripts."""
    return sorted([*CODE.glob("*.py"), *FONTS.glob("*.ttf"), *SCRIPTS.glob("*.js")])


def generator_stamps() -> list[tuple[str, Stamp | None]]:
    """Stamps that change whenever :func:`generator_key` may: those of the code's folder and
    files, and of each library's module and the folder it is installed in (an install or upgrade
    adds and removes entries there), found without importing the library."""
    paths = [str(CODE), str(FONTS), str(SCRIPTS), *(str(path) for path in _code_files())]
    stamps: list[tuple[str, Stamp | None]] = []
    for module in LIBRARIES.values():
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.origin:
            stamps.append((module, None))  # not installed: installing it changes the folders
            continue
        paths += [spec.origin, str(Path(spec.origin).parent), str(Path(spec.origin).parent.parent)]
    return [*stamps, *((path, stamp_of(path)) for path in paths)]
