#!/usr/bin/env python3
"""Build the fact-check site: ``python build.py`` writes site/; ``python build.py --help`` says more."""

import sys

from factcheck.cli import main

if __name__ == "__main__":
    sys.exit(main())
