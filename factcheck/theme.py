"""The theme: its files read once and checked, its templates compiled into a Jinja environment
that records what each template reads (:mod:`factcheck.record`), and template errors turned into
``path:line: message``."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.exceptions
import jinja2.meta

from factcheck.addresses import contact_link
from factcheck.catalogs import LOCALE, Words, words_for
from factcheck.cputime import cpu_time_limit
from factcheck.digests import digest_of, digest_of_bytes
from factcheck.errors import ContentError, ContentErrors
from factcheck.files import MAX_THEME_FILE_BYTES, files_below, read_inside, real_folder
from factcheck.paths import ASSETS
from factcheck.reader import read_text
from factcheck.record import RecordingEnvironment, read, template_input
from factcheck.state import StateBroken
from factcheck.stored import paragraph_anchor
from factcheck.typography import typographic

TEMPLATE_SECONDS = 10.0
"""The longest a template may take over one page. The largest page, the list of every source,
took 0.05 s at 10,000 claims and 2,000 sources (so about 0.2 s at 40,000); a loop in a loop
over 100,000 items each would run for hours, and the preview would show nothing new until it
ended."""


class SlowTemplate(Exception):
    """A template took longer than :data:`TEMPLATE_SECONDS` over one page."""


@dataclass(frozen=True)
class Theme:
    """The theme's files, read once and checked (:func:`factcheck.files.files_below`)."""

    folder: Path
    templates: dict[str, str]
    """Every file but the assets and catalogs, by its path in the theme: all that templates can
    load."""
    assets: dict[str, bytes]
    """The files under ``assets/``, by their path in the site."""
    digests: dict[str, str]
    """A digest of each file, by its path in the theme."""
    catalogs: dict[str, str] = field(default_factory=dict)
    """The theme's words in other languages (see :mod:`factcheck.catalogs`), by path."""
    used: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    """Each template, with those it uses (see :meth:`_uses`)."""
    code: dict[str, bytes] = field(default_factory=dict, compare=False)
    """Each template's compiled code, as Jinja keeps it (by its name and file), from the last
    build and this one's: the next build loads it rather than compiling the theme again."""

    @property
    def key(self) -> str:
        """A digest of every file of the theme."""
        return digest_of(f"{name}\0{digest}" for name, digest in sorted(self.digests.items()))

    def words(self, language: str) -> Words:
        """The theme's words in ``language``."""
        return words_for(language, self.folder, self.catalogs)

    def words_digest(self, words: Words) -> str:
        """The digest of ``words``: of each of their catalog files, or of its absence."""
        return digest_of(
            [words.language, *(self.digests.get(name, ABSENT) for name in words.files)]
        )

    def environment(self, shared: dict[str, str], words: Words) -> jinja2.Environment:
        """The compiled templates, which record what they read, in the language of ``words``;
        ``shared`` names the input each value every page is given stands for (``site``: the
        settings), and a template using the words reads theirs. Every template is compiled (or
        its kept code loaded) and its uses found here, once, so that the processes making pages,
        which start from this one, never do it again each."""
        shared = shared | dict.fromkeys(["_", "gettext", "ngettext"], words.input_name)
        key = (self.folder, self.key, tuple(sorted(shared.items())), words.language)
        environment = _compiled.get(key)
        if environment is None:
            environment = _environment(self, shared, words)
            for name in self.templates:
                self._uses(environment, name)
                # One that will not compile, even as Python (nested too deep), is reported by
                # rendering it, at its line; one no page uses is no error.
                with contextlib.suppress(Exception):
                    environment.get_template(name)
            for other in [other for other in _compiled if other[:2] != key[:2]]:
                del _compiled[other]  # the preview compiles again only when the theme changes
            _compiled[key] = environment
        return environment

    def inputs(self, environment: jinja2.Environment) -> dict[str, str]:
        """The digest of every template a template can read, by name: each file's, and
        :data:`ABSENT` for one a template names that is not there (``include … ignore
        missing``), so that adding it makes the pages naming it again."""
        named = set().union(*(self._uses(environment, name) for name in self.templates))
        return dict.fromkeys(named - self.digests.keys(), ABSENT) | self.digests

    def file_of(self, name: str) -> str:
        """The file of the template ``name``, as Jinja names it in compiled code and errors."""
        return str(self.folder / name)

    def code_keys(self) -> set[str]:
        """The keys of the compiled code of the theme's templates, as they are now."""
        cache = _KeptCode(self.code)
        return {cache.get_cache_key(name, self.file_of(name)) for name in self.templates}

    def render(self, environment: jinja2.Environment, name: str, **context: Any) -> str:
        """Render the template ``name``, recording it and every template it uses."""
        for used in self._uses(environment, name) - ({name} - self.digests.keys()):
            read(template_input(used))  # but its own template, if missing: that fails below
        try:
            with cpu_time_limit(TEMPLATE_SECONDS, SlowTemplate):
                return environment.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as error:
            where = str(self.folder / (error.name or name))
            raise ContentErrors(
                [ContentError(where, error.lineno, f"template error: {error.message}")]
            ) from None
        except jinja2.TemplateNotFound as error:
            raise ContentErrors(
                [
                    ContentError(
                        str(self.folder / name),
                        1,
                        f"template `{error.name}` is missing from {self.folder}",
                    )
                ]
            ) from None
        except StateBroken:  # a kept document it read is missing: the build starts anew
            raise
        except Exception as error:
            path, line = _template_frame(error, self.folder, name)
            raise ContentErrors([ContentError(path, line, _template_problem(error))]) from None

    def _uses(self, environment: jinja2.Environment, name: str) -> frozenset[str]:
        """``name`` and every template it extends, includes or imports, however deep. A template
        named by a variable cannot be known before it renders, so then every template counts."""
        used = self.used
        if name in used:
            return used[name]
        templates = self.templates
        found: set[str] = set()
        waiting = [name]
        while waiting:
            current = waiting.pop()
            if current in found or current not in templates:
                found.add(current)  # a missing one: rendering says so
                continue
            found.add(current)
            try:
                parsed = environment.parse(templates[current])
            except Exception:  # a syntax error, or nested too deep for Python
                continue  # rendering reports it, with its line
            references = list(jinja2.meta.find_referenced_templates(parsed))
            if None in references:
                found |= set(templates)
                break
            waiting += [reference for reference in references if reference is not None]
        used[name] = frozenset(found)
        return used[name]


ABSENT = "absent"
"""The digest of a file of the theme a template or the words name that is not there."""

_compiled: dict[tuple[object, ...], jinja2.Environment] = {}
"""The last theme's environment in each language, kept while the theme and what it records
stay the same."""


class _KeptCode(jinja2.BytecodeCache):
    """Compiled templates kept in :attr:`Theme.code`: compiling the theme took 0.2 s of every
    rebuild. Jinja checks that what is loaded was compiled from the same text by the same
    Python version, and compiles again otherwise; the build state, and this with it, is dropped
    whenever Jinja, Python or the generator's code (its filters, its options) changes."""

    def __init__(self, code: dict[str, bytes]) -> None:
        self.code = code

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key not in self.code:
            return
        try:
            bucket.bytecode_from_string(self.code[bucket.key])
        except Exception:  # damaged: Jinja catches only what its marshal raises
            bucket.reset()  # and compiles it again

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def _environment(theme: Theme, shared: dict[str, str], words: Words) -> jinja2.Environment:
    """The Jinja2 environment of ``theme``. Templates load from what was read and checked, never
    from the folder again, so an `include` cannot reach a file the check passed over (a hidden
    one) or one changed since."""

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        if name not in theme.templates:
            return None
        return theme.templates[name], theme.file_of(name), lambda: True

    environment = RecordingEnvironment(
        shared,
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_KeptCode(theme.code),
        extensions=["jinja2.ext.i18n"],
    )
    # New-style: a template's words are formatted, and escaped, by the call that translates them.
    environment.install_gettext_translations(words.translations, newstyle=True)  # type: ignore[attr-defined]
    environment.filters["human_date"] = words.date
    environment.filters["lang"] = words.lang
    environment.filters["paragraph_anchor"] = paragraph_anchor
    environment.filters["contact_href"] = contact_link
    environment.filters["typographic"] = typographic
    return environment


def _template_problem(error: Exception) -> str:
    """What went wrong in a template as it rendered, said so that its author can mend it."""
    if isinstance(error, SlowTemplate):
        return (
            f"template error: one page took over {TEMPLATE_SECONDS:.0f} s of processor time"
            " here, which no page needs: look for a loop inside a loop over something large"
            " (a `range`, every claim), or a power of a large number (`**`)"
        )
    if isinstance(error, jinja2.exceptions.SecurityError):
        return (
            f"template error: {error} Templates may read the values a page is given and their"
            " fields, never change them, use Python's own attributes (those starting with `_`)"
            " or follow a file's path"
        )
    if isinstance(error, MemoryError):  # it says nothing of itself
        return "template error: out of memory: a list or string too large to make"
    return f"template error: {error or type(error).__name__}"


def _template_frame(error: BaseException, templates_dir: Path, name: str) -> tuple[str, int]:
    """The innermost template line in a rendering traceback (Jinja maps frames to templates)."""
    root = templates_dir.resolve()
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(root)
    ]  # fmt: skip
    if not frames:
        return str(templates_dir / name), 1
    innermost = frames[-1]
    template = Path(innermost.filename).resolve().relative_to(root)
    return str(templates_dir / template), innermost.lineno or 1


def read_theme(
    templates_dir: Path,
    code: dict[str, bytes] | None = None,
    uses: dict[str, dict[str, frozenset[str]]] | None = None,
) -> Theme:
    """Every file of the theme, checked: none leaves the folder, none is too large. ``code``
    and ``uses`` are what the last build kept: its templates' compiled code (:attr:`Theme.code`)
    and, by the theme's :attr:`~Theme.key`, each template with those it uses."""
    templates: dict[str, str] = {}
    catalogs: dict[str, str] = {}
    assets: dict[str, bytes] = {}
    digests: dict[str, str] = {}
    root = real_folder(templates_dir)
    for path in files_below(templates_dir):
        name = path.relative_to(templates_dir).as_posix()
        if path.is_relative_to(templates_dir / LOCALE) and path.suffix != ".po":
            continue  # a compiled copy (Poedit writes a .mo beside each .po): the build compiles
        data = read_inside(path, root, MAX_THEME_FILE_BYTES)
        digests[name] = digest_of_bytes(data)
        if path.is_relative_to(templates_dir / ASSETS):
            assets[name] = data
        elif path.is_relative_to(templates_dir / LOCALE):
            catalogs[name] = read_text(path, data)
        else:
            templates[name] = read_text(path, data)
    theme = Theme(templates_dir, templates, assets, digests, catalogs, code=dict(code or {}))
    # Parsing the templates again took a fifth of a preview's rebuild at 2,000 claims.
    theme.used.update((uses or {}).get(theme.key, {}))
    return theme
