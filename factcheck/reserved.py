"""The characters the build keeps for its own use, so no content file may hold them.

:mod:`factcheck.reader` refuses a file holding one; :mod:`factcheck.markup` marks citations and
quotations with them while Markdown runs, where they cannot be mistaken for an editor's text.
"""

from __future__ import annotations

RESERVED_CHARACTERS = "\ue000\ue001"
"""Private-use characters the build uses internally to mark quotations (see markup.py)."""
