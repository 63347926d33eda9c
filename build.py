#!/usr/bin/env python3
"""Build the fact-check site: ``python build.py`` writes site/; ``python build.py --help`` says more."""

from factcheck.cli import run

if __name__ == "__main__":
    run()
