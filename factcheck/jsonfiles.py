"""The site's JSON files (the open data export, the search index), all written one way."""

from __future__ import annotations

import json


def compact_json(value: object) -> bytes:
    """JSON as the site's data files hold it: compact UTF-8."""
    # Compact: indenting would make json use its pure-Python encoder, ten times slower.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
