"""The generator itself, as far as it shapes the output: its code and the libraries it renders
with. Whatever a build keeps for the next is dropped when either changes."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from pathlib import Path

from factcheck import __version__
from factcheck.stamps import Stamp, stamp_of

CODE = Path(__file__).parent
"""The generator's own modules."""

LIBRARIES = {
    "markdown": "markdown", "nh3": "nh3", "jinja2": "jinja2", "pyyaml": "yaml",
    "python-frontmatter": "frontmatter", "python-slugify": "slugify", "cyrtranslit": "cyrtranslit",
}  # fmt: skip
"""The libraries whose versions shape the output, by distribution name, each with the name it is
imported by."""


@functools.cache
def generator_key() -> str:
    """Changes whenever the generator's code or the libraries that shape its output change."""
    from importlib import (
        metadata,  # here: it takes longer to import than a build with nothing to do
    )

    libraries = " ".join(metadata.version(name) for name in LIBRARIES)
    digest = hashlib.sha256(f"{__version__} {libraries}".encode())
    for path in sorted(CODE.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def generator_stamps() -> list[tuple[str, Stamp | None]]:
    """Stamps that change whenever :func:`generator_key` may: those of the code's folder and
    files, and of each library's module and the folder it is installed in (an install or upgrade
    adds and removes entries there), found without importing the library."""
    paths = [str(CODE), *sorted(str(path) for path in CODE.glob("*.py"))]
    for module in LIBRARIES.values():
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None and spec.origin else module
        paths += [origin, str(Path(origin).parent), str(Path(origin).parent.parent)]
    return [(path, stamp_of(path)) for path in paths]
