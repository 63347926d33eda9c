"""The command line: ``python build.py`` (or ``factcheck``) and its subcommands."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from factcheck.errors import ContentErrors, UsageError
from factcheck.pipeline import build_site

COMMANDS = ("build",)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the exit status: 0 done, 1 content errors, 2 usage errors."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in (*COMMANDS, "-h", "--help"):
        args.insert(0, "build")  # building is what the bare command does
    options = _parser().parse_args(args)
    try:
        return int(options.run(options))
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


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
        "--content", type=Path, default=Path("content"), help="content folder (default: content)"
    )
    build.add_argument(
        "--templates",
        type=Path,
        default=Path("templates"),
        help="theme folder (default: templates)",
    )
    build.set_defaults(run=_build)
    return parser


def _build(options: argparse.Namespace) -> int:
    try:
        result = build_site(options.content, options.templates, options.out, options.base_url)
    except ContentErrors as failure:
        for error in failure.errors:
            print(error, file=sys.stderr)
        count = len(failure.errors)
        kept = (
            f"{options.out} was left as it was" if options.out.exists() else "nothing was written"
        )
        print(f"Build failed: {count} error{'s' if count != 1 else ''}; {kept}.", file=sys.stderr)
        return 1
    print(
        f"Built {result.pages} pages ({result.claims} claims, {result.sources} sources) "
        f"into {options.out} in {result.seconds:.2f} s"
    )
    return 0


def _web_address(value: str) -> str:
    if not re.fullmatch(r"https?://\S+", value):
        raise argparse.ArgumentTypeError(f"{value!r} must start with http:// or https://")
    return value
