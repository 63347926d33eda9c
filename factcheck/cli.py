"""The command line: ``python build.py [COMMAND]`` (or ``factcheck``); building is the default."""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from factcheck.addresses import site_address
from factcheck.builds import build_site
from factcheck.errors import ContentErrors, UsageError, WorkerDied
from factcheck.progress import Progress

if TYPE_CHECKING:
    from factcheck.model import Content

COMMANDS = ("build", "new", "check", "serve")


def run() -> NoReturn:
    """Run the command in ``sys.argv`` and exit with its status (``build.py`` and ``factcheck``).

    Exits at once once the output is flushed: tearing down the interpreter would free the
    build's objects one by one, which took longer than a small rebuild itself at 10,000 claims.
    """
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the exit status: 0 done, 1 content errors, 2 usage errors."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in (*COMMANDS, "-h", "--help"):
        args.insert(0, "build")  # building is what the bare command does
    options = _parser().parse_args(args)
    # A build makes hundreds of thousands of objects that live until it ends (documents, quote
    # checks); with the default thresholds the collector walks them all again and again, which
    # took a third of a rebuild's time at 10,000 claims.
    gc.set_threshold(100_000, 50, 1000)
    try:
        return int(options.run(options))
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ContentErrors as failure:
        _print_errors(failure)
        return 1
    except OSError as error:  # the system refused: a full disk, a folder one may not write
        where = f" {error.filename}" if error.filename else ""
        print(f"error: cannot read or write{where}: {error.strerror or error}", file=sys.stderr)
        return 2
    except WorkerDied as error:
        print(f"error: {error}; nothing was written", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Build the fact-check site from content/ and templates/ (the default command).",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site (what the bare command does)")
    build.add_argument(
        "--out", type=Path, default=Path("site"), help="output folder (default: site)"
    )
    build.add_argument(
        "--base-url",
        type=_web_address,
        help="address the site is published at (default: site.yml's)",
    )
    build.add_argument(
        "--cache", type=Path, default=Path(".factcheck-cache"),
        help="where builds keep what the next one can reuse (default: .factcheck-cache)",
    )  # fmt: skip
    build.add_argument(
        "--no-cache", action="store_true", help="build everything anew and keep nothing"
    )
    _add_folders(build, templates=True)
    build.set_defaults(run=_build)

    new = commands.add_parser("new", help="start a claim or source file with every field")
    kinds = new.add_subparsers(title="kinds", metavar="KIND", required=True)
    new_claim = kinds.add_parser("claim", help='new claim "Claim as checked"')
    new_claim.add_argument("title", help="the claim as checked, at most 75 characters")
    new_claim.set_defaults(run=_new_claim)
    new_source = kinds.add_parser("source", help="new source <id>")
    new_source.add_argument("id", help="the source's id, such as moscow-times-2025-05-29")
    new_source.set_defaults(run=_new_source)
    for kind in (new_claim, new_source):
        _add_folders(kind, templates=False)

    check = commands.add_parser("check", help="check all content without writing the site")
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    check.add_argument(
        "--ifcn", action="store_true",
        help="also list each IFCN Code of Principles commitment the site does not yet show",
    )  # fmt: skip
    check.add_argument(
        "--links", action="store_true",
        help="also check that each source's url and archive_url still lead to a page, and keep "
        "what is found in content/link-checks.yml for the pages to show",
    )  # fmt: skip
    check.add_argument(
        "--json", action="store_true", help="with --links: the link report as JSON, on stdout"
    )
    check.add_argument(
        "--timeout", type=_seconds, metavar="SECONDS",
        help="with --links: how long to wait for each site's answer (default: 10)",
    )  # fmt: skip
    _add_folders(check, templates=True)
    check.set_defaults(run=_check)

    serve = commands.add_parser(
        "serve", help="preview the site, rebuilding and reloading on every save"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    _add_folders(serve, templates=True)
    serve.set_defaults(run=_serve)
    return parser


def _add_folders(parser: argparse.ArgumentParser, *, templates: bool) -> None:
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default: content)"
    )
    if templates:
        parser.add_argument(
            "--templates",
            type=Path,
            default=Path("templates"),
            help="theme folder (default: templates)",
        )


def _build(options: argparse.Namespace) -> int:
    cache = None if options.no_cache else options.cache
    try:
        with Progress(sys.stderr) as progress:
            result = build_site(
                options.content, options.templates, options.out, options.base_url, cache,
                progress.stage,
            )  # fmt: skip
    except ContentErrors as failure:
        kept = (
            f"{options.out} was left as it was" if options.out.exists() else "nothing was written"
        )
        _print_errors(failure, f"Build failed: {_count(len(failure.errors), 'error')}; {kept}.")
        return 1
    if result.note:
        print(result.note, file=sys.stderr)
    print(
        f"Built {result.pages} pages ({result.claims} claims, {result.sources} sources) "
        f"into {options.out} in {result.seconds:.2f} s"
        + ("; nothing had changed since the last build" if result.unchanged else "")
    )
    return 0


# The other commands import what they use when they run: a build with nothing to do ends before
# the renderer would have finished loading.


def _new_claim(options: argparse.Namespace) -> int:
    from factcheck.scaffold import new_claim

    return _created(new_claim(options.content, options.title, today()))


def _new_source(options: argparse.Namespace) -> int:
    from factcheck.scaffold import new_source

    return _created(new_source(options.content, options.id, today()))


def _created(path: Path) -> int:
    print(f"Created {path}: fill in every TODO, then run `python build.py check`.")
    return 0


def _check(options: argparse.Namespace) -> int:
    from factcheck.checks import altered_quotes, editorial_warnings, untranslated_words
    from factcheck.linkstatus import link_checks_path, refuse_unless_ours
    from factcheck.pipeline import render
    from factcheck.theme import read_theme
    from factcheck.write import DiscardedSite

    if (options.json or options.timeout) and not options.links:
        raise UsageError("--json and --timeout are for the link check: add --links")
    if options.links:  # before checking a link, not after: it is kept in that file, or not at all
        refuse_unless_ours(link_checks_path(options.content))
    out = sys.stderr if options.json else sys.stdout  # with --json, stdout holds JSON alone
    try:
        with Progress(sys.stderr) as progress:
            site = render(
                options.content, options.templates, DiscardedSite(), include_drafts=True,
                stage=progress.stage, link_checks=not options.links,
            )  # fmt: skip
    except ContentErrors as failure:
        _print_errors(failure, f"Check failed: {_count(len(failure.errors), 'error')}.")
        return 1
    settings = str(options.content / "site.yml")
    warnings = editorial_warnings(site.content, site.quote_checks, today(), settings)
    warnings += untranslated_words(
        site.content,
        read_theme(options.templates).words,
        Path(settings),
        options.content / "ratings.yml",
    )
    if options.ifcn:
        from factcheck.ifcn import COMMITMENTS, unmet_commitments

        unmet = unmet_commitments(site.content, settings)
        warnings += unmet
    for warning in warnings:
        print(warning, file=out)
    altered = altered_quotes(site.quote_checks)
    if altered:
        print("Quotations that leave out or replace words ({-…-}), for review:", file=out)
        print("\n".join(altered), file=out)
    claims, sources = len(site.content.claims), len(site.content.sources)
    print(
        f"Checked {_count(claims, 'claim')} and {_count(sources, 'source')}: "
        f"no errors, {_count(len(warnings), 'warning')}, "
        f"{_count(len(altered), 'altered quotation')} to review.",
        file=out,
    )
    if options.ifcn:
        print(
            f"IFCN Code of Principles: the site shows {len(COMMITMENTS) - len(unmet)} of the "
            f"{len(COMMITMENTS)} items checked; the warnings above name the rest.",
            file=out,
        )
    links = _check_links(options, site.content) if options.links else LinkFindings(0, True)
    if not links.kept:
        return 1
    if options.strict and (warnings or links.to_look_at):
        found = [_count(len(warnings), "warning")]
        if options.links:
            found.append(f"{_count(links.to_look_at, 'address', 'addresses')} to look at")
        print(f"Check failed: {' and '.join(found)}, which --strict counts as errors.", file=out)
        return 1
    return 0


class LinkFindings(NamedTuple):
    to_look_at: int
    """Addresses dead, unreachable or moved: what ``--strict`` fails on."""
    kept: bool
    """Whether what was found was kept; not where no address answered at all."""


def _check_links(options: argparse.Namespace, content: Content) -> LinkFindings:
    """Check every address the sources give, keep what is found, and report it."""
    from factcheck.linkcheck import Settings, check_links
    from factcheck.linkreport import (
        addresses_of,
        as_json,
        counts,
        link_rows,
        table,
        to_look_at,
    )
    from factcheck.linkstatus import link_checks_path, write_link_checks

    addresses, path = addresses_of(content), link_checks_path(options.content)
    if not addresses:
        print("No source gives an address to check.", file=sys.stderr)
        return LinkFindings(0, True)
    settings = Settings(
        _user_agent(content), **({"timeout": options.timeout} if options.timeout else {})
    )
    with Progress(sys.stderr) as progress:
        done = progress.stage("Checking links", len(addresses), "addresses")
        checks = check_links(addresses, today(), settings, done)
    rows = link_rows(content, checks)
    report = as_json(rows, today(), str(path)) if options.json else table(rows)
    if report:
        print(report)
    if all(check.code is None for check in checks.values()):
        first = min(checks)
        print(
            f"No answer from {'the address' if len(checks) == 1 else f'any of the {len(checks)} addresses'} "
            f"({first}: {checks[first].reason}): is this machine online? {path} was left as it was.",
            file=sys.stderr,
        )
        return LinkFindings(len(addresses), False)
    write_link_checks(path, checks)
    print(
        f"Checked {_count(len(addresses), 'address', 'addresses')} of "
        f"{_count(len({row.source_id for row in rows}), 'source')}: "
        f"{counts(rows)}. Kept in {path}: the next build shows readers which originals are unavailable.",
        file=sys.stderr if options.json else sys.stdout,
    )
    return LinkFindings(to_look_at(rows), True)


def _user_agent(content: Content) -> str:
    import importlib.metadata  # slow to import: not for a build with nothing to do

    from factcheck.linkcheck import user_agent

    try:
        version = importlib.metadata.version("factcheck")
    except importlib.metadata.PackageNotFoundError:  # run from a copy of the code, not installed
        version = "unknown"
    return user_agent(version, content.site.base_url)


def _serve(options: argparse.Namespace) -> int:
    from factcheck.serve import serve

    serve(options.content, options.templates, options.host, options.port)
    return 0


def _print_errors(failure: ContentErrors, summary: str | None = None) -> None:
    for error in failure.errors:
        print(error, file=sys.stderr)
    if summary:
        print(summary, file=sys.stderr)


def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def today() -> datetime.date:
    """Today, or the day of SOURCE_DATE_EPOCH when it is set, so runs can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 600:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds from 0.1 to 600")
    return seconds


def _web_address(value: str) -> str:
    try:
        return site_address(value)
    except ValueError as problem:
        raise argparse.ArgumentTypeError(f"{value!r} {problem}") from None
