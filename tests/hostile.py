"""What the hostile-input tests share: a copy of the real project spoiled one way at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project

from factcheck.errors import ContentErrors
from factcheck.load import load_content

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"
MT = "sources/moscow-times-2025-05-29.md"
SECRET = "root:x:0:0:secret-marker"


def errors_of(project: Project) -> list[str]:
    """The errors loading the project's content gives, each as ``path:line: message``."""
    with pytest.raises(ContentErrors) as failure:
        load_content(project.content)
    return [str(error) for error in failure.value.errors]


def outside_secret(project: Project) -> Path:
    secret = project.root / "elsewhere" / "secret.yml"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(f"title: {SECRET}\n")
    return secret


def front_matter_with(project: Project, relative: str, old: str, new: str) -> tuple[Path, int]:
    """Replace ``old`` in a content file; return the file and the line ``new`` starts on."""
    path = project.content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path, text[: text.index(new)].count("\n") + 1


def link_to(project: Project, relative: str, target: Path) -> Path:
    path = project.content / relative
    if path.is_dir():
        path.rename(project.root / "moved-away")
    elif path.exists():
        path.unlink()
    path.symlink_to(target)
    return path


LAUGHS = "\n".join(
    ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
)


def wsgi_request(path: str, host: str) -> dict[str, str]:
    """A WSGI request for ``path`` naming ``host`` in its Host header."""
    return {"PATH_INFO": path, "HTTP_HOST": host, "REQUEST_METHOD": "GET"}
