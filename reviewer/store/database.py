"""Open the review database: location, connection settings, schema migrations.

One SQLite file per user. WAL lets a window and the command line read while the other
writes; ``synchronous=FULL`` makes a committed comment survive a power cut, not just a
crash; writers take the lock up front (``BEGIN IMMEDIATE``) and wait up to
``BUSY_TIMEOUT`` for it, so two processes never fail with "database is locked".
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.paths import migrations_dir, user_data_dir
from reviewer.vocab import agreement_only

BUSY_TIMEOUT = 30.0  # seconds
_MIGRATION = re.compile(r"^(\d{4})_[\w-]+\.sql$")


class DatabaseError(ReviewerError):
    """The database file cannot be used; the message says why and what to do."""


class Database:
    """The connection as the store uses it: sqlite-utils' ``Database`` over our own connection
    (autocommit, so ``execute`` is ``conn.execute``), built on first use of anything beyond
    ``execute`` and ``conn``: importing sqlite-utils takes about a tenth of a second, a third of
    what a command such as ``reviewer package import`` waits before it starts."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._full = None

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Database {self.conn}>"

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "_full":
            raise AttributeError(name)
        if self._full is None:
            # deferred: seldom needed, and slow to import
            from sqlite_utils import Database as Full

            self._full = Full(self.conn, execute_plugins=False)
        return getattr(self._full, name)


def default_path() -> Path:
    return user_data_dir() / "reviews.sqlite3"


def migrations() -> list[tuple[int, Path]]:
    found = []
    for path in migrations_dir().glob("*.sql"):
        m = _MIGRATION.match(path.name)
        if m:
            found.append((int(m.group(1)), path))
    return sorted(found)


def latest_version() -> int:
    return migrations()[-1][0]


def _agreement_only(kind, text, quote, proposal) -> int:
    return int(agreement_only(kind, text or "", quote or "", proposal or ""))


def needs_upgrade(path: str | Path | None = None) -> bool:
    """The database at ``path`` exists and was written by an older version: opening it will update it
    (on a province's database, a minute; the window says so first). Never writes."""
    path = Path(path) if path is not None else default_path()
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False  # opening it says what is wrong
    return 0 < version < latest_version()


def read_only_place(path: Path) -> bool:
    """An existing database whose file or folder this user cannot write (a read-only share, a CD, a
    USB stick with its lock on): it can still be read, without the files SQLite's WAL mode writes."""
    return path.is_file() and (not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK))


def connect(path: str | Path, *, migrate: bool = True, upto: int | None = None) -> Database:
    """Open (creating if needed) and migrate the database at ``path``; a database in a read-only place
    is opened for reading only (every write is refused with a clear message)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(_("Cannot create the folder for the database “{path}”: {reason}").format(
            path=path.parent, reason=exc.strerror or exc)) from exc
    if path.is_dir():
        raise DatabaseError(_("“{path}” is a folder, not a database file.").format(path=path))
    read_only = read_only_place(path)
    try:
        if read_only:
            # With a WAL file left there, SQLite reads it (mode=ro); without one, nothing may be created (immutable).
            wal = Path(f"{path}-wal")
            flag = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flag}", uri=True, timeout=BUSY_TIMEOUT,
                                   isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise explain(exc, path) from exc
    try:
        # The one rule of what only agrees with the draft, for SQL too (see vocab.agreement_only).
        conn.create_function("agreement_only", 4, _agreement_only, deterministic=True)
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # Checked before anything is written: a file we refuse must stay exactly as it was.
        if tables and not {"drafts", "comments"} <= tables:
            raise DatabaseError(_(
                "“{path}” is not a Draft Reviewer database or is damaged. Choose another file, or move this one "
                "away to start a new database.").format(path=path))
        if version > latest_version():
            raise DatabaseError(_(
                "The database “{path}” was written by a newer version of Draft Reviewer (schema {found}, "
                "this version knows up to {known}). Update Draft Reviewer to open it.").format(
                    path=path, found=version, known=latest_version()))
        if read_only:
            if version < latest_version():
                raise DatabaseError(_(
                    "The database “{path}” was written by an older version of Draft Reviewer and must be updated, "
                    "but its file or folder is read-only. Copy it to a folder you can write to.").format(path=path))
            return Database(conn)
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        if migrate:
            _migrate(conn, upto if upto is not None else latest_version())
    except sqlite3.Error as exc:
        conn.close()
        raise explain(exc, path) from exc
    except DatabaseError:
        conn.close()
        raise
    return Database(conn)


def _use_wal(conn: sqlite3.Connection) -> None:
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    # Switching a new file to WAL takes an exclusive lock that SQLite's busy handler does not
    # wait for; when several processes create the database at once, the others retry.
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _migrate(conn: sqlite3.Connection, target: int) -> None:
    for number, script in migrations():
        if number > target:
            break
        sql = script.read_text(encoding="utf-8")
        # One transaction per migration: a failure leaves the previous version intact. The
        # version is read under the write lock: another process may have migrated meanwhile.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                conn.execute("COMMIT")
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(sql: str) -> Iterator[str]:
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if not buffer and line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


def explain(exc: sqlite3.Error, path: Path) -> DatabaseError:
    text = str(exc).lower()
    if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or ("disk" in text and "full" in text) or (
            "disk i/o" in text and _disk_full(path)):
        return DatabaseError(_("The disk holding “{path}” is full. Free some space and try again; nothing was "
                               "changed.").format(path=path))
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseError(_(
            "“{path}” is not a Draft Reviewer database or is damaged. Choose another file, or move this one "
            "away to start a new database.").format(path=path))
    if "readonly" in text or "read-only" in text or "unable to open" in text or "permission" in text:
        return DatabaseError(_(
            "Cannot write the database “{path}”: the file or its folder is read-only or not accessible. "
            "Choose a folder you can write to (for example with --db).").format(path=path))
    if "locked" in text or "busy" in text:
        return DatabaseError(_(
            "The database “{path}” stayed busy for too long (another program is writing to it). "
            "Try again in a moment.").format(path=path))
    if "disk i/o" in text:
        return DatabaseError(_("The disk holding “{path}” could not be read or written (a removed drive, a "
                               "network folder that went away, or a failing disk); nothing was changed.").format(
                                   path=path))
    return DatabaseError(_("Database error in “{path}”: {reason}").format(path=path, reason=exc))


def _disk_full(path: Path) -> bool:
    """SQLite reports a full disk while creating its journal files as a plain I/O error."""
    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


@contextmanager
def write(db: Database) -> Iterator[Database]:
    """One user action as one transaction, committed (and on disk) when the block ends."""
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise explain(exc, Path(db_path(db))) from exc
    try:
        yield db
    except sqlite3.Error as exc:  # a read-only or full disk, a damaged file: one clear line, nothing written
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise explain(exc, Path(db_path(db))) from exc
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise explain(exc, Path(db_path(db))) from exc


def db_path(db: Database) -> str:
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row else ""


def flush(db: Database) -> None:
    """Put every transaction committed so far on disk, as ``synchronous=FULL`` does at each commit
    (an fsync of the write-ahead log), after a run of commits made with ``synchronous=NORMAL``."""
    path = db_path(db)
    if not path:  # an in-memory database
        return
    try:
        fd = os.open(f"{path}-wal", os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:  # no log: everything is in the database file already
        return
    except OSError:  # a log this process may not open: let SQLite write it into the database, synced
        if db.conn.in_transaction:
            return
        try:
            db.conn.execute("PRAGMA wal_checkpoint(FULL)")
        except sqlite3.Error as exc:
            raise explain(exc, Path(path)) from exc
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        raise DatabaseError(_("The disk holding “{path}” could not be read or written (a removed drive, a "
                              "network folder that went away, or a failing disk); nothing was changed.").format(
                                  path=path)) from exc
    finally:
        os.close(fd)
