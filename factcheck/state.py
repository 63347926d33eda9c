"""The build state: everything one build hands the next, in one SQLite database.

It holds each input file's stamp and digest, the work made from inputs (checked documents,
rendered bodies, quotation checks, each claim's part of the data files) and, for every file of
the site, the inputs it read while it was made and the file as it was written. Work is keyed by
the digests of what it was made from, never by a file's path or time, so a copy of the project
at another path, with new file times, reuses all of it. What the site is (the stamps, the
outputs, what each read, the seal) is written in one transaction at the end of a build: a build
that fails or is killed leaves the record of the last one that finished. Work keyed by digests
may be committed before (:func:`factcheck.pipeline.render` commits the documents a build read
before making the pages, which read them back), and a failed build leaves it for the next.

Everything is dropped when the generator's code or the libraries that shape its output change,
and a database the system or another program has damaged is dropped and made anew.
"""

from __future__ import annotations

import contextlib
import itertools
import pickle
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.generator import generator_key
from factcheck.pickled import pickled
from factcheck.stamps import Stamp

DATABASE = "state.sqlite"
"""The one file of the state, in the cache folder (beside its mark and lock)."""
ENTRIES = frozenset({DATABASE, f"{DATABASE}-journal", f"{DATABASE}-wal", f"{DATABASE}-shm"})
"""Everything a cache folder holds besides its mark and lock: all that clearing deletes."""

TABLES = (
    "documents", "cards", "bodies", "quote_checks", "open_data", "search_claims", "search_files",
    "published", "site_folders", "template_code", "template_uses",
)  # fmt: skip
"""The work kept between builds, each a table of values by digest; ``published``: what the last
build showed readers of each claim, by its path in the content folder; ``site_folders``: each
folder of the site as it found it (:attr:`~factcheck.places.SiteFiles.folders`); the theme's
compiled templates and what each uses (:func:`~factcheck.theme.read_theme`)."""


COUNTS = ("pages", "claims", "sources")
"""What a build reports having made, kept for the report of a build with nothing to do."""


def last_seal(folder: Path) -> tuple[str, tuple[int, int, int]] | None:
    """The seal the last build left in the state in ``folder`` and the counts it reported, if
    there is a readable state; read without checking the generator, which the seal covers."""
    path = folder / DATABASE
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None  # a pipe would hang the read; the build proper deletes what is not a file
    except OSError:
        return None
    uri = path.resolve().as_uri() + "?mode=ro"  # never make or change one here
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        pages, claims, sources = (int(meta[name]) for name in COUNTS)
        return meta["seal"], (pages, claims, sources)
    except (sqlite3.DatabaseError, KeyError, ValueError):
        return None


class StateBroken(Exception):
    """The database is damaged (cut short, overwritten) or the disk is full."""


@dataclass(frozen=True, slots=True)  # one a file of the site, twice in a build
class OutputRecord:
    """What the state knows of one file of the site the last build left."""

    plan: str
    """A digest of how the file is made (see :attr:`~factcheck.planner.Output.plan`)."""
    reads: str
    """A digest of every input the file read while it was made, with the digest each had."""
    stamp: Stamp | None
    """The file as written, where it was written to a folder."""


class BuildState:
    """The state in ``folder`` (a marked cache folder), or in memory when there is none."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._db = self._open()
        self._values: dict[str, dict[str, Any]] = {}
        """What :meth:`all` read, kept as this build changes it."""
        self._stamps: dict[str, tuple[Stamp, int, str]] | None = None
        self._outputs: dict[str, OutputRecord] | None = None
        self._inputs: dict[str, str] | None = None

    @property
    def path(self) -> str:
        return ":memory:" if self.folder is None else str(self.folder / DATABASE)

    def _open(self) -> sqlite3.Connection:
        """Connect, dropping a database that is damaged, not a database, or made by other code."""
        if self.folder is not None:
            _refuse_what_is_not_a_file(Path(self.path))
        try:
            return self._connect()
        except sqlite3.DatabaseError:
            self.clear()
        try:
            return self._connect()
        except sqlite3.DatabaseError as error:  # a new one fails too: a full disk
            raise StateBroken(str(error)) from error

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            # Write-ahead: the worker processes read bodies while the build writes, unblocked.
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key = 'generator'").fetchone()
            if row is None or row[0] != generator_key():
                _create(db)
            db.execute("BEGIN")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def clear(self) -> None:
        """Delete the database and nothing else the folder may hold."""
        if self.folder is None:
            return
        for name in ENTRIES:
            try:
                (self.folder / name).unlink(missing_ok=True)
            except OSError:
                continue  # what cannot be deleted is read as damaged, and so never used

    def commit(self) -> None:
        """Keep what this build changed; StateBroken if the disk will not take it."""
        try:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
        except sqlite3.DatabaseError as error:
            raise StateBroken(str(error)) from error

    def rollback(self) -> None:
        """Drop what this build changed: it failed."""
        self._db.execute("ROLLBACK")
        self._db.execute("BEGIN")
        self._values.clear()
        self._stamps = self._outputs = self._inputs = None

    def close(self) -> None:
        """Drop what was not committed and close the database, its log folded into it: a long
        log is read whole by the next connection, which made a 40,000-claim build with nothing
        to do take 2 s instead of 1 after a cold build (the workers' open connections keep
        SQLite from folding it in as it goes)."""
        with contextlib.suppress(sqlite3.DatabaseError):
            self._db.execute("ROLLBACK")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()

    # Input files: their stamps and digests.

    def stamps(self) -> dict[str, tuple[Stamp, int, str]]:
        """Each input file's stamp, when it was read (ns) and its digest, by its path."""
        if self._stamps is None:
            rows = self._query(
                "SELECT path, ino, size, mtime_ns, ctime_ns, read_ns, digest FROM stamps"
            )
            self._stamps = {
                path: ((ino, size, mtime, ctime), read_ns, digest)
                for path, ino, size, mtime, ctime, read_ns, digest in rows
            }
        return dict(self._stamps)

    def set_stamps(self, stamps: dict[str, tuple[Stamp, int, str]]) -> None:
        """Keep the stamps of the content files as this build read them."""
        self._write_changes(
            "stamps", "path", self.stamps(), stamps, lambda path, kept: (path, *kept[0], *kept[1:])
        )
        self._stamps = dict(stamps)

    # Work made from inputs, keyed by digests.

    def all(self, table: str) -> dict[str, Any]:
        """Every value of ``table``, by key. They are read once while the state is open: the
        preview, whose state lives from one rebuild to the next, never reads them again."""
        if table not in self._values:
            self._values[table] = {
                key: _unpickle(value)
                for key, value in self._query(f"SELECT key, value FROM {_table(table)}")
            }
        return dict(self._values[table])

    def put_many(self, table: str, values: dict[str, Any]) -> None:
        """Keep ``values`` by their keys; those the state holds already are not written again."""
        held = self._values.get(table, {})
        values = {key: value for key, value in values.items() if held.get(key, _NOT_HELD) != value}
        if not values:
            return
        self._write_many(
            f"INSERT OR REPLACE INTO {_table(table)} VALUES (?, ?)",
            ((key, pickled(value)) for key, value in values.items()),
        )
        if table in self._values:
            self._values[table] |= values

    def keep_only(self, table: str, keys: Iterable[str]) -> None:
        """Forget every value of ``table`` but those under ``keys``: what no input makes now."""
        held = self._values.get(table, {})
        if table not in self._values:  # their keys only: reading the values takes far longer
            held = dict.fromkeys(key for (key,) in self._query(f"SELECT key FROM {_table(table)}"))
        gone = held.keys() - set(keys)  # after an edit, a few among thousands
        self._write_many(f"DELETE FROM {_table(table)} WHERE key = ?", ((key,) for key in gone))
        for key in gone:
            self._values.get(table, {}).pop(key, None)

    def let_go(self, table: str) -> None:
        """Stop holding what :meth:`all` read of ``table``, where the state is in a database and
        the build is done with the table: a cold build of 40,000 claims held the search index's
        files and the open data's entries to its end. The preview's state, in memory, keeps
        them for its next build."""
        if self.folder is not None:
            self._values.pop(table, None)

    # The files of the site.

    def site_id(self) -> str:
        """The id of the site the last build left ('' before any)."""
        return self._meta("site_id")

    def outputs(self) -> dict[str, OutputRecord]:
        """What the last build made each file of the site from, and the file as it wrote it."""
        if self._outputs is None:
            rows = self._query(
                "SELECT path, plan, reads, ino, size, mtime_ns, ctime_ns FROM outputs"
            )
            self._outputs = {
                path: OutputRecord(plan, reads, None if ino is None else (ino, size, mtime, ctime))
                for path, plan, reads, ino, size, mtime, ctime in rows
            }
        return dict(self._outputs)

    def _inputs_read(self) -> dict[str, str]:
        """Every input's digest when the last build was made."""
        if self._inputs is None:
            self._inputs = dict(self._query("SELECT name, digest FROM inputs").fetchall())
        return self._inputs

    def reading_changed(self, inputs: dict[str, str]) -> set[str]:
        """The files of the last site that read an input whose digest is not what it was then
        (``inputs``: every input's digest now), or that is gone. A file not made again since it
        read an input was not made again because the input kept its digest, so comparing with
        the last build's digests is enough."""
        changed = [
            (name,) for name, digest in self._inputs_read().items() if inputs.get(name) != digest
        ]
        self._fill_temporary("changed", changed)
        rows = self._query(
            "SELECT DISTINCT path FROM reads WHERE input IN (SELECT key FROM changed)"
        )
        return {path for (path,) in rows}

    def set_site(
        self,
        site_id: str,
        outputs: dict[str, OutputRecord],
        made: dict[str, Iterable[str]],
        inputs: dict[str, str],
    ) -> None:
        """Record the site just written: what made each of its ``outputs``, the inputs each file
        ``made`` anew read (the others read what they read before), and every input's digest."""
        self._set_meta("site_id", site_id)
        self._write_changes(
            "outputs", "path", self.outputs(), outputs,
            lambda path, record: (path, record.plan, record.reads, *(record.stamp or (None,) * 4)),
        )  # fmt: skip
        self._outputs = dict(outputs)
        self._fill_temporary("remade", [(path,) for path in made])
        for table in ("gone", "remade"):
            self._write(f"DELETE FROM reads WHERE path IN (SELECT key FROM {table})")
        self._write_many(
            "INSERT INTO reads VALUES (?, ?)",
            ((path, name) for path, names in made.items() for name in names),
        )
        self._write_changes("inputs", "name", self._inputs_read(), inputs, lambda *row: row)
        self._inputs = dict(inputs)

    def set_seal(self, seal: str, counts: tuple[int, int, int]) -> None:
        """Record the seal of the build just made, and the counts it reports."""
        self._set_meta("seal", seal)
        for name, count in zip(COUNTS, counts, strict=True):
            self._set_meta(name, str(count))

    def _write_changes(
        self, table: str, column: str, held: dict[str, Any], now: dict[str, Any],
        row: Callable[[str, Any], tuple[Any, ...]],
    ) -> None:  # fmt: skip
        """Make ``table`` hold ``now`` where it held ``held``, by its ``column``: the rows gone
        deleted (their keys left in the temporary table ``gone``), the new and changed written as
        ``row`` makes them, the rest (most, and mostly the very values held) left alone."""
        self._fill_temporary("gone", [(key,) for key in held.keys() - now.keys()])
        self._write(f"DELETE FROM {table} WHERE {column} IN (SELECT key FROM gone)")
        rows = (row(k, v) for k, v in now.items() if (was := held.get(k)) is not v and was != v)
        first = next(rows, None)  # one by one, not a list: a first build's 160,000 at 40,000 claims
        if first is not None:
            places = ", ".join("?" * len(first))
            insert = f"INSERT OR REPLACE INTO {table} VALUES ({places})"
            self._write_many(insert, itertools.chain([first], rows))

    def _fill_temporary(self, name: str, keys: list[tuple[str]]) -> None:
        """The temporary table ``name`` (of this connection alone) holding just ``keys``: a set
        SQL can join with, where thousands of parameters could not be passed."""
        self._write(f"CREATE TEMP TABLE IF NOT EXISTS {name} (key TEXT PRIMARY KEY)")
        self._write(f"DELETE FROM {name}")
        self._write_many(f"INSERT OR IGNORE INTO {name} VALUES (?)", keys)

    def _meta(self, key: str) -> str:
        row = self._query("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return "" if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _query(self, sql: str, parameters: Iterable[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, tuple(parameters))
        except sqlite3.DatabaseError as error:
            raise StateBroken(str(error)) from error

    def _write(self, sql: str, parameters: Iterable[Any] = ()) -> None:
        self._query(sql, parameters)

    def _write_many(
        self, sql: str, rows: Iterator[tuple[Any, ...]] | Iterable[tuple[Any, ...]]
    ) -> None:
        try:
            self._db.executemany(sql, rows)
        except sqlite3.DatabaseError as error:
            raise StateBroken(str(error)) from error


_NOT_HELD = object()
"""What a key the state does not hold holds: not None, which is a value like any other."""


def _create(db: sqlite3.Connection) -> None:
    """Make the tables anew, empty: for a new database, or one another generator made."""
    db.execute("BEGIN")
    for name in (*TABLES, "stamps", "outputs", "reads", "inputs"):
        db.execute(f"DROP TABLE IF EXISTS {name}")
    for name in TABLES:
        db.execute(f"CREATE TABLE {name} (key TEXT PRIMARY KEY, value BLOB)")
    db.execute(
        "CREATE TABLE stamps (path TEXT PRIMARY KEY, ino INTEGER, size INTEGER, mtime_ns INTEGER, "
        "ctime_ns INTEGER, read_ns INTEGER, digest TEXT)"
    )
    db.execute(
        "CREATE TABLE outputs (path TEXT PRIMARY KEY, plan TEXT, reads TEXT, ino INTEGER, "
        "size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER)"
    )
    # Which file read which input, looked up by input: the files an edit makes stale.
    db.execute(
        "CREATE TABLE reads (path TEXT, input TEXT, PRIMARY KEY (path, input)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX reads_by_input ON reads (input)")
    db.execute("CREATE TABLE inputs (name TEXT PRIMARY KEY, digest TEXT)")
    db.execute("DELETE FROM meta")
    db.execute("INSERT INTO meta VALUES ('generator', ?)", (generator_key(),))
    db.execute("COMMIT")


def _table(name: str) -> str:
    assert name in TABLES, name  # table names cannot be parameters; these are the only ones
    return name


def _unpickle(data: bytes) -> Any:
    try:
        return pickle.loads(data)
    except Exception as error:  # a damaged value can raise almost anything
        raise StateBroken(f"a stored value cannot be read ({error})") from error


def _refuse_what_is_not_a_file(path: Path) -> None:
    """Delete a pipe, link or folder found where the database should be, which SQLite would
    hang on or follow; the cache folder is the build's own, marked."""
    try:
        details = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISDIR(details.st_mode):
        raise StateBroken(f"{path} is a folder")
    if not stat.S_ISREG(details.st_mode):
        path.unlink()
