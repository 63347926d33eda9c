"""Values read one at a time from the state's database, by whichever process asks: the build's
own or a worker forked from it, each through a read-only connection of its own (one must not
cross a fork). They see what the last build committed, not what this one has yet to."""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path
from typing import Any

from factcheck.state import TABLES


class Lookup:
    """One value at a time from the tables of the state at ``path`` (a database file)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._reader: tuple[int, sqlite3.Connection] | None = None

    def get(self, table: str, key: str) -> Any:
        """The value under ``key``; None where there is none or it cannot be read (a damaged
        database, found and dropped when the build saves its state)."""
        assert table in TABLES, table  # table names cannot be parameters; these are the only ones
        try:
            row = (
                self._read().execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
            )
        except sqlite3.DatabaseError:
            return None
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except Exception:  # a damaged value can raise almost anything
            return None

    def _read(self) -> sqlite3.Connection:
        if self._reader is None or self._reader[0] != os.getpid():
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"
            self._reader = (os.getpid(), sqlite3.connect(uri, uri=True, check_same_thread=False))
        return self._reader[1]
