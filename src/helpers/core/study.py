"""A team's study of demand, kept in one file that never loses a record.

A study is one SQLite file (ending ``.study``) holding the demands the team heard, the
types that emerged, the plan, the briefings and everything else the workbooks record.
Every change is an event in an append-only log saying who did what and when, so a
reclassification or a rename is never silent, and ``undo`` can take back a person's own
last action (never someone else's).

>>> study = Study.scratch(name="Repairs", service="Housing repairs")
>>> study.notice
'This study is in memory only: nothing is saved, and it is gone when the kernel stops.'
>>> study.user = "Asha"
>>> study.record("You said you'd come this morning and it's gone twelve",
...              classification="F", demand_type="Is someone coming today?")
1
>>> study.record("Water is coming through my ceiling", classification="value",
...              demand_type="Report a leak")
2
>>> study.reclassify(1, demand_type="Chasing a visit", reason="clearer in their words")
>>> study.demands()[["id", "classification", "demand_type"]]
   id classification      demand_type
0   1        failure  Chasing a visit
1   2          value    Report a leak
>>> print(study.undo())
Undid Asha's reclassifying of demand 1 (done ...).
>>> study.events()["action"].tolist()
['create', 'record', 'record', 'reclassify', 'undo']

``record`` returns the new id only once the demand is on disk (write-ahead log,
``synchronous=FULL``). Several kernels on one machine may write to one study at once;
studies captured on separate laptops are combined with :func:`merge_studies`.

Only this module and its parts beside it (``_log``, ``_read``, ``_undo``, ``_replay``,
``_export``, ``_merge``, ``schema``) touch the file; everything else uses the methods below.
"""
from __future__ import annotations

import atexit
import contextlib
import datetime as _dt
import json
import os
import re
import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

from helpers.core import _export, _merge, _read, _replay, _undo, schema as _s
from helpers.core._log import append, target, to_json
from helpers.core._export import ExportResult
from helpers.core._read import Changes, DemandRecord, Entry, Event, NextStep, TypeRecord
from helpers.core._undo import Undone
from helpers.core.errors import DemandDataError, StudyError
from helpers.core.session import is_readonly, studies_dir
from helpers.core.vocabulary import CANONICAL_COLUMNS, normalise_classification

if TYPE_CHECKING:  # pandas stays out of the import (and the capture path)
    import pandas as pd

__all__ = ["Study", "merge_studies", "list_studies", "ExportResult", "Undone", "DEMAND_COLUMNS", "DemandRecord", "TypeRecord",
           "Entry", "NextStep", "Event", "Changes", "CALIBRATION_STAGES"]

#: The demand columns every frame of demands has, in this order (DESIGN.md).
DEMAND_COLUMNS = CANONICAL_COLUMNS
# A demand's fields that may say who the caller is or what they said: blanked by
# erase_personal_data (with its extra columns, and any "reason" in the events about it).
_PERSONAL_FIELDS = ("verbatim", "notes", "what_matters", "contact_from", "person_id", "contact_id", "void_reason")
# The demand columns an import takes as text.
_TEXT_COLUMNS = ("channel", "verbatim", "captured_by", "captured_role", "contact_id", "person_id", "contact_from",
                 "what_matters", "source_id", "notes")
#: The two moments a team answers the calibration sample (Study.add_calibration).
CALIBRATION_STAGES = ("before", "after")
# The action logged for an entry of a kind, when it is not add_<kind>.
_ENTRY_ACTIONS = {"share": "mark_shared", "acknowledgement": "acknowledge", "saturation_check": "record_saturation_check"}
# What a create killed half-way leaves beside the study it was making (see Study.create).
_CREATING = re.compile(r"\..+\.(\d+)\.creating(-wal|-shm|-journal)?")
# Ages in seconds (a create takes under one): younger than a minute, a leftover may be another
# machine's (its pid means nothing here); older than an hour, its pid is someone else's by now.
_CREATING_MIN_AGE, _CREATING_MAX_AGE = 60, 3600

#: Seconds after a save by which it is folded from the -wal into the .study file itself, so a
#: copy of that file alone holds it (SQLite's own checkpoint comes only every ~130 demands).
FOLD_AFTER = 30.0
_OPEN: "weakref.WeakSet[Study]" = weakref.WeakSet()  # the study files open in this process


@atexit.register
def _close_all() -> None:
    """When the kernel stops, close (and so fold into one file) every study still open."""
    for study in list(_OPEN):
        study.close()


SCRATCH_NOTICE = "This study is in memory only: nothing is saved, and it is gone when the kernel stops."
READONLY_MODE_NOTICE = (
    "This is a read-only walkthrough, so this study lives in memory only: you can try "
    "things out, but nothing is saved and no file is created or changed."
)


def _resolve_path(path, *, create_dir: bool) -> Path:
    """A bare name or relative path lives inside ``studies_dir()``; ``.study`` is added to a bare name."""
    path = Path(path).expanduser()
    if not path.is_absolute():
        if path.suffix == "" and len(path.parts) == 1:
            path = path.with_name(path.name + _s.SUFFIX)
        path = studies_dir(create=create_dir) / path
    return path


def _catalogue(folder: Path) -> list[dict]:
    """A row for each study file in ``folder``, each read read-only (nothing changes): name, path,
    service, demands, changed (its last event's time), practice and problem (why it cannot be read)."""
    rows = []
    for path in sorted(folder.glob("*" + _s.SUFFIX)) if folder.is_dir() else []:
        row = dict(name=path.stem, path=str(path), service=None, demands=None, changed=None, practice=False, problem=None)
        try:
            _s.check_header(path)
            with Study._open_readonly(path) as study:
                info = study.info
                row["demands"], row["changed"] = study._query(
                    "SELECT (SELECT count(*) FROM demands WHERE status='live'), (SELECT at FROM events ORDER BY id DESC)")[0]
            # practice: marked so by Study.create(practice=True), or the capture app's practice study of old
            row.update(name=info["name"] or path.stem, service=info["service"], practice=bool(
                info["practice"] or (path.name == "practice.study" and info["name"] == "Practice capture")))
        except (StudyError, sqlite3.Error, OSError) as exc:
            row["problem"] = str(exc)
        rows.append(row)
    return rows


def _find(given) -> Path:
    """The study file ``given`` names: a path, a file name in ``studies_dir()`` (``.study`` optional)
    or, failing those, the name the team gave the study (case and spaces aside)."""
    path = _resolve_path(given, create_dir=False)
    for candidate in (path, path.with_name(path.name + _s.SUFFIX)):
        if candidate.exists():
            return candidate
    folder = studies_dir() if not Path(given).expanduser().is_absolute() else path.parent
    studies = _catalogue(folder)
    norm = lambda name: " ".join(str(name).casefold().split())  # noqa: E731
    found = [Path(r["path"]) for r in studies if r["problem"] is None and norm(r["name"]) == norm(given)]
    listing = "; ".join(f"{r['name']!r} ({Path(r['path']).name})" for r in studies)
    if len(found) == 1:
        return found[0]
    if found:
        raise StudyError(f"Several studies are called {str(given)!r}: {', '.join(p.name for p in found)}. "
                         "Open one by its file name.")
    raise StudyError(f"There is no study called {str(given)!r} in {folder}. "
                     + (f"The studies there: {listing}." if studies else "There are no studies there."))


def _clear_leftovers(folder: Path) -> None:
    """Remove what a create killed half-way left in ``folder`` (``.<name>.<pid>.creating`` and
    its ``-wal``/``-shm``): they hold the team's names and the study's purpose. One that may
    still be being made (its process running, or less than a minute old) is left alone."""
    try:
        found = [(p, int(m.group(1))) for p in folder.glob("*.creating*") if (m := _CREATING.fullmatch(p.name))]
    except OSError:
        return
    for leftover, pid in found:
        with contextlib.suppress(OSError):
            if not _still_creating(pid, leftover):
                leftover.unlink()


def _still_creating(pid: int, path: Path) -> bool:
    """Whether process ``pid`` may still be making ``path``."""
    age = time.time() - path.stat().st_mtime
    if age < _CREATING_MIN_AGE:
        return True
    if pid <= 0 or age > _CREATING_MAX_AGE:
        return False
    if os.name != "posix":
        return True  # Windows has no harmless "is it running?" (os.kill(pid, 0) would stop it): wait for the hour
    try:
        os.kill(pid, 0)  # signal 0 asks only whether the process exists
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


class Study:
    """A team's study of demand (the module's help gives a tour). Make one with :meth:`create`,
    :meth:`open`, :meth:`scratch` or :meth:`replay`, not ``Study(...)``.

    Attributes: ``path`` (None when scratch), ``readonly``, ``is_scratch``, ``notice`` (a
    sentence to show when nothing is saved, else None), ``info`` and ``user`` (who is acting,
    settable; ``$DEMAND_USER`` or "unknown"). Frames for people: :meth:`demands`,
    :meth:`types`, :meth:`events`...; plain records for code that counts again and again:
    :meth:`records`, :meth:`changes_since`, :meth:`type_records`, :meth:`entries`...
    """

    def __init__(self, connection: sqlite3.Connection, *, path: Path | None, readonly: bool,
                 notice: str | None = None):
        self._con = connection
        self._lock = threading.RLock()
        self.path = path
        self.readonly = readonly
        self.notice = notice
        self.user = os.environ.get("DEMAND_USER", "").strip() or "unknown"
        self._clock: str | None = None  # replay sets the time each action happens
        self._fold_timer: threading.Timer | None = None
        if path is not None:
            _OPEN.add(self)

    # ------------------------------------------------------------------ making one
    @staticmethod
    def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
        con = sqlite3.connect(target, uri=uri, timeout=30.0, isolation_level=None,
                              check_same_thread=False)
        con.execute("PRAGMA busy_timeout = 30000")
        return con

    @staticmethod
    def _prepare_file(con: sqlite3.Connection) -> None:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
        # Erased text must not linger in free pages of the file.
        con.execute("PRAGMA secure_delete = ON")
        # SQLite's own scratch files (sorting, VACUUM's copy of the study) stay in memory,
        # so a study's words never land in an unnamed file in the temp folder.
        con.execute("PRAGMA temp_store = MEMORY")

    @classmethod
    def create(cls, path, name: str | None = None, service: str | None = None,
               service_type: str = "transactional", purpose: str | None = None,
               team: Mapping[str, str] | None = None, exist_ok: bool = False, practice: bool = False) -> "Study":
        """Make a new study file and return it, open for writing.

        ``path`` is a bare name ("repairs" becomes ``repairs.study``) or a relative path, both
        inside :func:`helpers.core.session.studies_dir`, or an absolute path. ``team`` maps each
        person to their role. ``exist_ok=True`` opens an existing study instead. ``practice=True``
        marks a study for practice (``info["practice"]``), which :func:`list_studies` leaves out.
        In a read-only walkthrough you get a scratch study that says so.

        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "repairs.study")
        >>> study = Study.create(path, name="Repairs", service="Housing repairs",
        ...                      purpose="Fix it right first time, when it suits the tenant",
        ...                      team={"Asha": "call handler", "Ben": "team leader"})
        >>> study.info["service_type"], len(study.members())
        ('transactional', 2)
        >>> Study.create(path)
        Traceback (most recent call last):
        ...
        helpers.core.errors.StudyError: There is already a study at .../repairs.study.
        Open it with Study.open(...), or pass exist_ok=True.
        >>> study.close()
        """
        service_type = _s.normalise_service_type(service_type)
        if is_readonly():
            study = cls.scratch(name=name, service=service, service_type=service_type,
                                purpose=purpose, team=team)
            study.notice = READONLY_MODE_NOTICE
            return study
        path = _resolve_path(path, create_dir=True)
        if path.exists():
            if exist_ok:
                return cls.open(path)
            raise StudyError(
                f"There is already a study at {path}. Open it with Study.open(...), or pass exist_ok=True."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        _clear_leftovers(path.parent)
        # Build the file beside its final name, then move it into place in one step, so a crash
        # never leaves half a study (the next create or open clears what it leaves: _clear_leftovers).
        temp = path.with_name(f".{path.name}.{os.getpid()}.creating")
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)
        # Made here first, so it takes the folder's permissions (a room's team folder is
        # group-writable); SQLite makes a new file writable by its owner only (0644).
        temp.touch()
        con = cls._connect(str(temp))
        try:
            cls._prepare_file(con)
            study = cls(con, path=temp, readonly=False)
            study._initialise(name=name or path.stem, service=service, service_type=service_type,
                              purpose=purpose, team=team, practice=practice)
            study.close()
        finally:
            con.close()
        try:
            os.link(temp, path)  # fails if someone made the study meanwhile
            temp.unlink()
        except FileExistsError:
            temp.unlink()
            raise StudyError(f"There is already a study at {path}. Open it with Study.open(...).") from None
        except OSError:  # file systems without hard links
            os.replace(temp, path)
        return cls.open(path)

    @classmethod
    def scratch(cls, name: str | None = "Scratch study", service: str | None = None,
                service_type: str = "transactional", purpose: str | None = None,
                team: Mapping[str, str] | None = None) -> "Study":
        """A study in memory only, for trying things out: nothing is saved.

        >>> s = Study.scratch(name="Practice")
        >>> s.is_scratch, s.path, s.info["name"]
        (True, None, 'Practice')
        """
        service_type = _s.normalise_service_type(service_type)
        study = cls(cls._connect(":memory:"), path=None, readonly=False, notice=SCRATCH_NOTICE)
        study._initialise(name=name or "Scratch study", service=service,
                          service_type=service_type, purpose=purpose, team=team)
        return study

    @classmethod
    def open(cls, path, readonly: bool = False) -> "Study":
        """Open an existing study, by its path, its file name in ``studies_dir()`` (with or without
        ``.study``) or the name the team gave it ("Repairs line, spring"; case and spaces aside).
        When none matches, the error lists the studies there.

        ``readonly=True`` (the leaders' view) never changes the ``.study`` file or its ``-wal``
        log. With a ``-wal`` there (someone is writing) it is read live, and SQLite updates or
        makes the ``-shm`` index, which holds no data; with neither, nothing in the folder
        changes. In a read-only walkthrough, asking to write gives an in-memory copy that says
        nothing is saved. A file that is not a study, or is from a newer workbook, is refused.

        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> Study.create(os.path.join(folder, "repairs.study"), name="Repairs").close()
        >>> with Study.open(os.path.join(folder, "repairs.study"), readonly=True) as study:
        ...     study.readonly, study.info["name"]
        (True, 'Repairs')
        >>> Study.open(os.path.join(folder, "nothing.study"))
        Traceback (most recent call last):
        ...
        helpers.core.errors.StudyError: There is no study called '.../nothing.study' in ...
        The studies there: 'Repairs' (repairs.study).
        """
        path = _find(path)
        _s.check_header(path)
        if readonly:
            return cls._open_readonly(path)
        if is_readonly():
            memory = cls._connect(":memory:")
            with cls._open_readonly(path) as snapshot:
                snapshot._con.backup(memory)
            return cls(memory, path=None, readonly=False, notice=READONLY_MODE_NOTICE)
        _clear_leftovers(path.parent)
        con = cls._connect(str(path))
        try:
            cls._prepare_file(con)
            study = cls(con, path=path, readonly=False)
            study._check_tables()
        except sqlite3.DatabaseError as exc:
            con.close()
            hint = " To look without changing it, use Study.open(path, readonly=True)." if "readonly" in str(exc) else ""
            raise StudyError(f"{path} could not be opened as a study: {exc}.{hint}") from None
        except BaseException:
            con.close()
            raise
        return study

    @classmethod
    def _open_readonly(cls, path: Path) -> "Study":
        uri = Path(path).resolve().as_uri()
        # With no log beside the file no one is writing, and SQLite's read-only mode would
        # still leave empty -wal/-shm files behind; "immutable" reads without making them.
        quiet = not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
        con = cls._connect(f"{uri}?mode=ro" + ("&immutable=1" if quiet else ""), uri=True)
        try:
            if quiet:
                # Copy into memory at once: a writer arriving later must not be read half-way.
                memory = cls._connect(":memory:")
                con.backup(memory)
                con.close()
                con = memory
            study = cls(con, path=path, readonly=True)
            study._check_tables()
        except sqlite3.DatabaseError as exc:
            con.close()
            raise StudyError(f"{path} could not be read as a study: {exc}. The file was not changed.") from None
        return study

    def _check_tables(self) -> None:
        names = {row[0] for row in self._con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = {"meta", "demands", "events", "types"} - names
        if missing:
            raise StudyError(f"{self.path} is not a complete study: it has no {', '.join(sorted(missing))} table.")
        version = self._con.execute("PRAGMA user_version").fetchone()[0]
        if version > _s.SCHEMA_VERSION:
            raise StudyError(f"{self.path} was made by a newer version of the workbook (study format {version}).")

    def _initialise(self, *, name, service, service_type, purpose, team, practice=False) -> None:
        con = self._con
        with self._write():
            for statement in _s.SCHEMA.split(";"):
                if statement.strip():
                    con.execute(statement)
            con.execute(f"PRAGMA application_id = {_s.APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {_s.SCHEMA_VERSION}")
            now = self._now()
            info = {"name": name, "service": service, "service_type": service_type,
                    "purpose": purpose, "created_at": now, **({"practice": True} if practice else {})}
            con.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                            [(k, to_json(v)) for k, v in info.items()])
            self._log("create", target("study"), {"after": info})
            for person, role in (team or {}).items():
                self._add_member(person, role)

    def close(self) -> None:
        """Close the file, first folding its write-ahead log (``-wal``) into it, so the ``.study``
        file alone holds everything. A study left open is closed when the kernel stops."""
        with self._lock:
            if self._fold_timer is not None:
                self._fold_timer.cancel()
            if self.path is not None and not self.readonly:
                with contextlib.suppress(sqlite3.Error):
                    self._con.execute("PRAGMA busy_timeout = 2000")  # a reader elsewhere: fold what can be
                self._fold("TRUNCATE")
            with contextlib.suppress(Exception):
                self._con.close()
        _OPEN.discard(self)

    def _fold(self, how: str) -> None:
        """Copy the saves in the ``-wal`` into the ``.study`` file (TRUNCATE also empties the -wal)."""
        with self._lock:
            self._fold_timer = None
            with contextlib.suppress(sqlite3.Error):
                self._con.execute(f"PRAGMA wal_checkpoint({how})")

    def backup(self, path, overwrite: bool = False) -> Path:
        """Write the whole study to ``path`` as one consistent file (SQLite's online backup, safe
        while others are recording) and return its path: for a shared drive or a memory stick, or
        to keep a scratch study. An existing file is kept unless ``overwrite=True``."""
        path = Path(path).expanduser()
        if is_readonly():
            raise StudyError("This is a read-only walkthrough, so no file is written.")
        if self.path is not None and path.resolve() == Path(self.path).resolve():
            raise StudyError(f"{path} is this study's own file: back it up to another place.")
        if path.exists() and not overwrite:
            raise StudyError(f"There is already a file at {path}: give another name, or pass overwrite=True to replace it.")
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.creating")  # moved into place whole
        copy = sqlite3.connect(str(temp))
        try:
            with self._lock:
                self._con.backup(copy)
        finally:
            copy.close()
        os.replace(temp, path)
        return path

    def __enter__(self) -> "Study":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def is_scratch(self) -> bool:
        return self.path is None

    def __repr__(self) -> str:
        where = "in memory, not saved" if self.path is None else str(self.path)
        ro = ", read-only" if self.readonly else ""
        try:
            count = self._con.execute("SELECT count(*) FROM demands WHERE status='live'").fetchone()[0]
            return f"<Study {self.info.get('name')!r}: {count} demands ({where}{ro})>"
        except sqlite3.Error:
            return f"<Study (closed) {where}>"

    # ------------------------------------------------------------------ plumbing
    def _now(self) -> str:
        return self._clock or _dt.datetime.now().isoformat(timespec="seconds")

    def _by(self, by: str | None) -> str:
        return (_s.clean_text(by) or "").strip() or self.user

    @contextlib.contextmanager
    def _write(self):
        """One write transaction: taken at once (so two writers queue, never deadlock)
        and committed (to disk, FULL) before the caller is told anything."""
        if self.readonly:
            raise StudyError(
                "This study was opened read-only, so nothing can be changed. Open it with "
                "Study.open(path) to make changes (not possible in a read-only walkthrough)."
            )
        with self._lock:
            con = self._con
            if con.in_transaction:
                raise StudyError("A study cannot be changed inside `with study.reading():`; change it after the block.")
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
                con.execute("COMMIT")
                if self.path is not None and self._fold_timer is None:  # weakly: it keeps no study alive
                    ref = weakref.ref(self)
                    self._fold_timer = threading.Timer(FOLD_AFTER, lambda: (s := ref()) and s._fold("PASSIVE"))
                    self._fold_timer.daemon = True
                    self._fold_timer.start()
            except BaseException:
                if con.in_transaction:  # SQLite may have rolled back already (a full disk): keep the real error
                    with contextlib.suppress(sqlite3.Error):
                        con.execute("ROLLBACK")
                raise

    def _log(self, action: str, what: str | None, details: dict, by: str | None = None,
             undoes: int | None = None, at: str | None = None) -> int:
        """Write the event for a change, inside the change's own write transaction."""
        return append(self._con, at or self._now(), self._by(by), action, what, details, undoes)

    def _demand_row(self, demand_id, allow_undone: bool = False) -> sqlite3.Row:
        try:
            demand_id = int(demand_id)
        except (TypeError, ValueError):
            raise StudyError(f"{demand_id!r} is not a demand id: ids are whole numbers (1, 2, 3...).") from None
        row = self._con.execute(
            "SELECT id, verbatim, classification, type_id, notes, status, void_reason FROM demands WHERE id=?",
            (demand_id,),
        ).fetchone()
        if row is None or (row[5] == "undone" and not allow_undone):
            last = self._con.execute("SELECT max(id) FROM demands").fetchone()[0]
            span = f" (ids run from 1 to {last})" if last else " (it has no demands yet)"
            raise StudyError(f"There is no demand {demand_id} in this study{span}.")
        return row

    def _type_id(self, name: str, by: str, *, origin: str) -> int:
        """The live type a name stands for (following merges), made if new."""
        row = self._con.execute("SELECT id FROM types WHERE name=?", (name,)).fetchone()
        if row is None:
            return _s.insert(self._con, "types", {"name": name, "origin": origin, "first_seen_at": self._now(),
                                                "first_seen_by": by})
        return self._chain_up(row[0])[-1]

    def _type_name_of(self, type_id) -> str | None:
        if type_id is None:
            return None
        row = self._con.execute("SELECT name FROM types WHERE id=?", (type_id,)).fetchone()
        return row[0] if row else None

    def _type_by_name(self, name) -> tuple:
        clean = _s.type_name(name)
        row = self._con.execute("SELECT id, name, merged_into FROM types WHERE name=?", (clean,)).fetchone()
        if row is None:
            known = [r[0] for r in self._con.execute(
                "SELECT name FROM types WHERE merged_into IS NULL ORDER BY name")]
            listing = ", ".join(repr(k) for k in known[:20]) or "none yet"
            raise StudyError(f"There is no demand type {name!r} in this study. Its types are: {listing}.")
        return row

    # ------------------------------------------------------------------ demands
    def record(self, verbatim: str | None, classification: str | None = None,
               demand_type: str | None = None, channel: str | None = None,
               captured_by: str | None = None, received_at=None, contact_id: str | None = None,
               person_id: str | None = None, contact_from: str | None = None,
               what_matters: str | None = None, source_id: str | None = None,
               notes: str | None = None) -> int:
        """Record one demand and return its id, once it is safely on disk.

        ``classification`` is value, failure, unsure, not demand (V, F, ?, N also do) or
        None while undecided. A ``demand_type`` the study has not met before becomes an
        "emerged" type, first seen now by whoever captured it. ``received_at`` is when
        the person made contact (local time, as written on the sheet).

        >>> s = Study.scratch()
        >>> s.record("Can I pay my rent by card?", classification="value", captured_by="Ben")
        1
        >>> s.record("Hello", classification="maybe")
        Traceback (most recent call last):
        ...
        ValueError: 'maybe' is not a classification...
        """
        by = self._by(captured_by)
        texts = dict(verbatim=verbatim, channel=channel, contact_id=contact_id, person_id=person_id,
                     contact_from=contact_from, what_matters=what_matters, source_id=source_id, notes=notes)
        values = {k: _s.clean_text(v) for k, v in texts.items()}
        values.update(classification=normalise_classification(classification), received_at=_s.iso_time(received_at))
        kind = _s.type_name(demand_type)
        with self._write() as con:
            type_id = self._type_id(kind, by, origin="emerged") if kind else None
            now = self._now()
            new_id = _s.insert(con, "demands", {**values, "recorded_at": now, "type_id": type_id, "captured_by": by})
            after = {k: v for k, v in values.items() if v is not None}
            if kind:
                after["demand_type"] = kind
            self._log("record", target("demand", new_id), {"after": after}, by=by, at=now)
        return new_id

    def import_demands(self, frame, by: str | None = None) -> list[int]:
        """Add a frame of demands (from :func:`helpers.load_demands`) and return their ids.

        Canonical columns are taken; ``id`` is renumbered (the file's own id belongs in
        ``source_id``); extra columns are kept. Types arriving this way are "imported". A path is
        read with ``load_demands``. One event records the import, so ``undo`` takes it all back.
        """
        if isinstance(frame, (str, os.PathLike)):
            from helpers.core.loader import load_demands

            frame = load_demands(frame)
        rows = self._import_rows(frame)
        if not rows:
            return []
        with self._write():
            return self._insert_rows(rows, self._by(by), {})

    def _import_rows(self, frame) -> list[tuple]:
        """A frame's rows checked and made ready to insert (a DemandDataError names the first bad one)."""
        extra_cols = [c for c in frame.columns if c not in DEMAND_COLUMNS and c not in ("recorded_at", "voided")]
        rows = []
        for position, record in enumerate(frame.to_dict("records")):
            column = "classification"
            try:
                cls_ = normalise_classification(record.get("classification"))
                column = "received_at"
                received = _s.iso_time(record.get("received_at"))
            except ValueError as exc:
                # the row as a person sees it in the sheet (the header is row 1)
                raise DemandDataError(f"{exc} Nothing was imported.", file=frame.attrs.get("source"),
                                      row=position + 2, column=column) from None
            extra = {c: v for c in extra_cols if (v := _s.clean_text(record.get(c))) is not None}
            rows.append((record, cls_, received, extra))
        return rows

    def _insert_rows(self, rows: list[tuple], by: str, details: dict) -> list[int]:
        """Insert rows from ``_import_rows`` and log one import_demands event (inside a write)."""
        ids: list[int] = []
        now = self._now()
        for record, cls_, received, extra in rows:
            kind = _s.type_name(record.get("demand_type"))
            texts = {c: _s.clean_text(record.get(c)) for c in _TEXT_COLUMNS}
            ids.append(_s.insert(self._con, "demands", {
                **texts, "recorded_at": now, "received_at": received, "classification": cls_,
                "type_id": self._type_id(kind, by, origin="imported") if kind else None,
                "extra": to_json(extra) if extra else None}))
        self._log("import_demands", target("demands", ids), {"ids": ids, "count": len(ids), **details}, by=by, at=now)
        return ids

    def reclassify(self, id: int, classification: str | None = None, demand_type: str | None = None,
                   reason: str | None = None, by: str | None = None) -> None:
        """Change a demand's classification and/or type (None leaves one as it is; ""
        clears the classification back to undecided). The old values stay in the log."""
        by = self._by(by)
        new_class = normalise_classification(classification) if classification is not None else None
        kind = _s.type_name(demand_type)
        if classification is None and kind is None:
            raise ValueError("Give a new classification or a new demand_type (or both) to reclassify.")
        with self._write() as con:
            row = self._demand_row(id)
            before = {"classification": row[2], "demand_type": self._type_name_of(row[3])}
            after = dict(before)
            if classification is not None:
                after["classification"] = new_class
                con.execute("UPDATE demands SET classification=? WHERE id=?", (new_class, row[0]))
            if kind is not None:
                type_id = self._type_id(kind, by, origin="emerged")
                after["demand_type"] = self._type_name_of(type_id)
                con.execute("UPDATE demands SET type_id=? WHERE id=?", (type_id, row[0]))
            self._log("reclassify", target("demand", row[0]),
                      {"before": before, "after": after, "reason": reason}, by=by)

    def correct(self, id: int, verbatim: str, reason: str | None = None, by: str | None = None) -> None:
        """Correct what was typed for a demand (a typo, a missed word); the old text stays in the log."""
        by = self._by(by)
        with self._write() as con:
            row = self._demand_row(id)
            con.execute("UPDATE demands SET verbatim=? WHERE id=?", (_s.clean_text(verbatim), row[0]))
            self._log("correct", target("demand", row[0]),
                      {"before": {"verbatim": row[1]}, "after": {"verbatim": _s.clean_text(verbatim)},
                       "reason": reason}, by=by)

    def void(self, id: int, reason: str | None = None, by: str | None = None) -> None:
        """Set a demand aside (recorded twice, not from this service...): it leaves
        ``demands()`` but stays in the file and the log (``demands(include_voided=True)``)."""
        by = self._by(by)
        with self._write() as con:
            row = self._demand_row(id)
            if row[5] == "voided":
                raise StudyError(f"Demand {row[0]} is already set aside (voided): {row[6] or 'no reason given'}.")
            con.execute("UPDATE demands SET status='voided', void_reason=? WHERE id=?", (reason, row[0]))
            self._log("void", target("demand", row[0]), {"reason": reason}, by=by)

    def erase_personal_data(self, id: int, reason: str | None = None, by: str | None = None) -> None:
        """Erase what a demand holds about the person, everywhere, on request. It cannot be undone.

        Blanked, in the demand and in every earlier event about it (so no undo brings them
        back): verbatim, notes, what_matters, contact_from, person_id, contact_id, its extra
        columns and the reasons given for changing or setting it aside (they may quote the
        caller). Kept, so the counts still add up: channel, times, classification, type,
        source_id and who listened. The file is then rewritten and its write-ahead log emptied,
        so the words leave the disk too. The log keeps who erased it, when and why: write the
        reason without the personal data ("the caller asked").

        >>> s = Study.scratch()
        >>> s.record("It's Jo Bloggs, ring me on 07700 900123", person_id="jo@example.org")
        1
        >>> s.erase_personal_data(1, reason="the caller asked", by="Ben")
        >>> s.demands()[["verbatim", "person_id"]].values.tolist()
        [['', '']]
        >>> s.events()[["by", "action"]].iloc[-1].tolist(), s.events()["details"].iloc[-1]["reason"]
        (['Ben', 'erase_personal_data'], 'the caller asked')
        """
        by = self._by(by)
        with self._write() as con:
            row = self._demand_row(id, allow_undone=True)  # an undone record still holds its text
            extra = con.execute("SELECT extra FROM demands WHERE id=?", (row[0],)).fetchone()[0]
            blank = ", ".join(f"{f}=CASE WHEN {f} IS NULL THEN NULL ELSE '' END" for f in _PERSONAL_FIELDS)
            con.execute(f"UPDATE demands SET {blank}, extra=? WHERE id=?",
                        (to_json(dict.fromkeys(json.loads(extra), "")) if extra else None, row[0]))
            where = target("demand", row[0])
            for event_id, details in con.execute(  # an earlier erasure keeps its audit record
                    "SELECT id, details FROM events WHERE target=? AND action != 'erase_personal_data'",
                    (where,)).fetchall():
                con.execute("UPDATE events SET details=? WHERE id=?",
                            (to_json(_blank_personal(json.loads(details))), event_id))
            self._log("erase_personal_data", where,
                      {"reason": reason, "fields": [*_PERSONAL_FIELDS, "extra", "reasons in the log"]}, by=by)
        if self.path is not None:
            self._scrub_file(row[0])

    def _scrub_file(self, demand_id: int) -> None:
        """Rewrite the study file and empty its write-ahead log, so erased words leave the disk.

        ``secure_delete`` zeroes the old words in the file, but copies stay in the ``-wal``
        until a TRUNCATE checkpoint (a plain one leaves old frames). VACUUM rewrites the pages
        another SQLite tool may have freed without ``secure_delete``.
        """
        try:
            with self._lock:
                self._con.execute("VACUUM")
                busy = self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            problem = "someone else is still reading it" if busy else None
        except sqlite3.Error as exc:
            problem = str(exc)
        if problem:
            raise StudyError(
                f"Demand {demand_id}'s personal data is erased from the study, but old copies of it may "
                f"stay in {self.path.name} and its -wal file until the file is tidied ({problem}). Close "
                f"the study everywhere else, then run erase_personal_data({demand_id}) again.")

    # ------------------------------------------------------------------ types
    def add_types(self, names, by: str | None = None) -> list[str]:
        """Declare demand types before or outside capture (e.g. from an imported tick sheet).

        ``names`` is a list of names, or a mapping of name to classification. Declared
        before the first demand they are "predefined" (worth noticing: mistake 2, a
        typology before the demand), afterwards "imported". Returns the names added.
        """
        by = self._by(by)
        if isinstance(names, str):
            names = [names]
        pairs = list(names.items()) if isinstance(names, Mapping) else [(n, None) for n in names]
        cleaned = []
        for name, cls_ in pairs:
            kind = _s.type_name(name)
            if kind is None:
                raise ValueError("A demand type needs a name; an empty one was given.")
            cleaned.append((kind, normalise_classification(cls_)))
        added = []
        with self._write() as con:
            any_demand = con.execute("SELECT 1 FROM demands WHERE status != 'undone' LIMIT 1").fetchone()
            origin = "imported" if any_demand else "predefined"
            for kind, cls_ in cleaned:
                if con.execute("SELECT 1 FROM types WHERE name=?", (kind,)).fetchone():
                    continue
                _s.insert(con, "types", {"name": kind, "declared_classification": cls_, "origin": origin,
                                       "first_seen_at": self._now(), "first_seen_by": by})
                added.append(kind)
            self._log("add_types", target("types"), {"names": added, "origin": origin,
                                             "classifications": {k: c for k, c in cleaned if c}}, by=by)
        return added

    def describe_type(self, name: str, what_matters: str | None = None, failed_where: str | None = None,
                      arises_from: str | None = None, by: str | None = None) -> None:
        """Note, for a type, what matters to the person, what failed and where (a hypothesis
        to check, never a verdict), and what it arises from. None leaves a field as it is."""
        by = self._by(by)
        given = {"what_matters": what_matters, "failed_where": failed_where, "arises_from": arises_from}
        given = {k: _s.clean_text(v) for k, v in given.items() if v is not None}
        if not given:
            raise ValueError("Give what_matters, failed_where or arises_from to describe a type.")
        with self._write() as con:
            type_id, type_name_, _ = self._type_by_name(name)
            old = con.execute(f"SELECT {', '.join(given)} FROM types WHERE id=?", (type_id,)).fetchone()
            before = dict(zip(given, old))
            con.execute(f"UPDATE types SET {', '.join(f'{k}=?' for k in given)} WHERE id=?", (*given.values(), type_id))
            self._log("describe_type", target("type", type_name_), {"before": before, "after": given}, by=by)

    def rename_type(self, old: str, new: str, by: str | None = None) -> None:
        """Rename a type (every demand of that type follows). To join two existing types use
        :meth:`merge_types`."""
        by = self._by(by)
        new_name = _s.type_name(new)
        if new_name is None:
            raise ValueError("A demand type needs a name; the new name is empty.")
        with self._write() as con:
            type_id, old_name, _ = self._type_by_name(old)
            if new_name == old_name:
                raise ValueError(f"The type is already called {old_name!r}.")
            if con.execute("SELECT 1 FROM types WHERE name=?", (new_name,)).fetchone():
                raise StudyError(
                    f"There is already a type called {new_name!r}. To put {old_name!r} into it, use "
                    f"merge_types([{old_name!r}], into={new_name!r})."
                )
            con.execute("UPDATE types SET name=? WHERE id=?", (new_name, type_id))
            self._log("rename_type", target("type", new_name), {"before": {"name": old_name}, "after": {"name": new_name}}, by=by)

    def merge_types(self, names: Iterable[str] | str, into: str, by: str | None = None) -> None:
        """Consolidate types into one (``into`` may be new). Refused, with the reason, when
        it would put value demand and failure demand in one type."""
        by = self._by(by)
        if isinstance(names, str):
            names = [names]
        into_name = _s.type_name(into)
        if into_name is None:
            raise ValueError("merge_types needs into=: the name of the type to merge into.")
        with self._write() as con:
            sources = []
            for name in names:
                type_id, clean, merged = self._type_by_name(name)
                if clean == into_name:
                    continue
                if merged is not None:
                    live = self._type_name_of(self._chain_up(type_id)[-1])
                    raise StudyError(f"{clean!r} was already merged into {live!r}.")
                sources.append((type_id, clean))
            if not sources:
                raise ValueError("Name at least one type to merge, other than the one merged into.")
            existing = con.execute("SELECT id, merged_into FROM types WHERE name=?", (into_name,)).fetchone()
            created = existing is None
            classes = {clean: self._classification_of(tid) for tid, clean in sources}
            if not created:
                if existing[1] is not None:
                    raise StudyError(f"{into_name!r} was itself merged into another type; merge into that one.")
                classes[into_name] = self._classification_of(existing[0])
            value_side = sorted(n for n, c in classes.items() if c in ("value", "mixed"))
            failure_side = sorted(n for n, c in classes.items() if c in ("failure", "mixed"))
            if value_side and failure_side and (len(set(value_side) | set(failure_side)) > 1):
                def holds(side: list[str], kind: str) -> str:
                    verb = "holds" if len(side) == 1 else "hold"
                    return f"{', '.join(map(repr, side))} {verb} {kind} demand"

                raise StudyError(
                    f"Refused: {holds(value_side, 'value')} and {holds(failure_side, 'failure')}. A value type and a "
                    "failure type are never merged: value types show what people need from the "
                    "service, failure types show what went wrong, and mixing them hides both. "
                    "If a demand was misclassified, reclassify it first. Nothing was changed."
                )
            into_id = self._type_id(into_name, by, origin="emerged") if created else existing[0]
            for type_id, _ in sources:
                con.execute("UPDATE types SET merged_into=? WHERE id=?", (into_id, type_id))
            self._log("merge_types", target("type", into_name),
                      {"names": [c for _, c in sources], "into": into_name, "created": created}, by=by)

    def _classification_of(self, type_id: int) -> str | None:
        """A type's classification: that of its demands, else as declared."""
        found = {r[0] for r in self._con.execute(
            _s.FAMILY + " SELECT DISTINCT classification FROM demands WHERE status='live' AND type_id IN family",
            (type_id,))}
        return _combine_classes(found, self._con.execute(
            "SELECT declared_classification FROM types WHERE id=?", (type_id,)).fetchone()[0])

    def _chain_up(self, type_id: int) -> list[int]:
        """``type_id``, then each type it is merged into, up to the live one (stopping at a loop)."""
        chain = [type_id]
        while True:
            row = self._con.execute("SELECT merged_into FROM types WHERE id=?", (chain[-1],)).fetchone()
            if row is None or row[0] is None or row[0] in chain:
                return chain
            chain.append(row[0])

    # ------------------------------------------------------------------ the team and the plan
    def add_member(self, name: str, role: str | None = None, by: str | None = None) -> None:
        """Add a person to the team (or change their role)."""
        with self._write():
            self._add_member(name, role, by=by)

    def _add_member(self, name, role, by=None) -> None:
        person = _s.type_name(name)
        if person is None:
            raise ValueError("A team member needs a name.")
        old = self._con.execute("SELECT role FROM members WHERE name=?", (person,)).fetchone()
        self._con.execute(
            "INSERT INTO members(name, role, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET role=excluded.role", (person, _s.clean_text(role), self._now()))
        self._log("add_member", target("member", person),
                  {"before": None if old is None else {"role": old[0]}, "after": {"role": _s.clean_text(role)}}, by=by)

    def set_service_type(self, kind: str, by: str | None = None) -> None:
        """Set whether the service is "transactional" or "people-centred"."""
        kind = _s.normalise_service_type(kind)
        self._set_meta("service_type", kind, "set_service_type", by)

    def _set_meta(self, key: str, value, action: str, by) -> None:
        with self._write() as con:
            old = con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
            con.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                        (key, to_json(value)))
            details = {"key": key, "before": None if old is None else json.loads(old[0]), "after": value}
            self._log(action, target("study"), details, by=by)

    def set_plan(self, doors=None, days=None, times=None, demands_planned: int | None = None,
                 by: str | None = None) -> None:
        """Record the sampling plan: every door (channel), the days, the times of day, and
        how many demands the team means to hear."""
        def listed(value) -> list:
            if value is None:
                return []
            return [value] if isinstance(value, (str, _dt.date)) else list(value)

        plan = {
            "doors": [str(d) for d in listed(doors)],
            "days": [_s.iso_day(d, "day") for d in listed(days)],
            "times": [str(t) for t in listed(times)],
            "demands_planned": None if demands_planned is None else int(demands_planned),
        }
        self._set_meta("plan", plan, "set_plan", by)

    # ------------------------------------------------------------------ entries
    def _add_entry(self, kind: str, text, by, day=None, data: dict | None = None, *, dated: bool = True,
                   check=None) -> int:
        by = self._by(by)
        with self._write() as con:
            if check is not None:  # inside the transaction, so two kernels cannot both pass it
                check(con)
            now = self._now()
            the_day = _s.iso_day(day) if day is not None else (now[:10] if dated else None)
            entry_id = _s.insert(con, "entries", {"kind": kind, "at": now, "by": by, "day": the_day,
                                                "text": _s.clean_text(text), "data": to_json(data) if data else None})
            self._log(_ENTRY_ACTIONS.get(kind, f"add_{kind}"), target("entry", entry_id),
                      {"kind": kind, "text": _s.clean_text(text), "day": the_day, "data": data}, by=by)
            return entry_id

    def add_briefing(self, text: str, by: str | None = None, day=None) -> int:
        """Record that the front line was told what the study is and why (mistake 5)."""
        return self._add_entry("briefing", text, by, day)

    def add_front_line_verdict(self, text: str, by: str | None = None, day=None) -> int:
        """Record what the front line said when the findings were shared back with them."""
        return self._add_entry("verdict", text, by, day)

    def mark_shared(self, with_whom: str, by: str | None = None, day=None) -> int:
        """Record that the findings were shared, and with whom."""
        return self._add_entry("share", with_whom, by, day)

    def add_reflection(self, text: str, by: str | None = None) -> int:
        """Record a reflection (what surprised us, what we would do differently)."""
        return self._add_entry("reflection", text, by, None, dated=False)

    def acknowledge(self, finding_code: str, reason: str, by: str | None = None) -> int:
        """Record why the team accepts a finding of :func:`helpers.check_study` as it stands."""
        if not _s.clean_text(reason):
            raise ValueError("Say why the finding is acknowledged: the reason is what the team learned.")
        return self._add_entry("acknowledgement", reason, by, None, {"finding_code": str(finding_code)}, dated=False)

    def record_saturation_check(self, report, by: str | None = None) -> int:
        """Keep what a saturation report said (its verdict, message and numbers)."""
        keys = ("verdict", "message", "coverage", "unseen_chance", "estimated_types", "saturation_point")
        data = {}
        for key in (*keys, "demands", "types_heard"):  # a helpers.saturation report has the last two too
            value = report.get(key) if isinstance(report, Mapping) else getattr(report, key, None)
            if key in keys or isinstance(value, (int, float)) or hasattr(value, "item"):
                value = None if callable(value) else value.item() if hasattr(value, "item") else value
                data[key] = list(value) if isinstance(value, tuple) else value
        if data["verdict"] is None and data["message"] is None:
            raise ValueError("record_saturation_check needs a report with a verdict and a message (from helpers.saturation).")
        return self._add_entry("saturation_check", data["message"], by, None, data, dated=False)

    def add_calibration(self, stage: str, answers, by: str | None = None) -> int:
        """Keep the team's answers to the calibration sample at one stage, "before" or "after".

        ``answers`` maps each sample demand's ``source_id`` to a classification word, or is a
        table (or a list of dicts) with ``source_id``, ``classification`` and, if wanted,
        ``demand_type`` and ``note``. Every word goes through the one vocabulary; one the study
        does not know, an empty round or a second round at the same stage is refused and nothing
        is saved. A round is an entry, not demands: it never counts as demand heard. Undo takes
        it back. Returns the entry's id.

        >>> s = Study.scratch()
        >>> s.add_calibration("before", {"CAL01": "V", "CAL02": "?"}, by="Asha")
        1
        >>> s.calibration_rounds()[["stage", "source_id", "classification", "by"]].values.tolist()
        [['before', 'CAL01', 'value', 'Asha'], ['before', 'CAL02', 'unsure', 'Asha']]
        >>> s.add_calibration("during", {"CAL01": "value"})
        Traceback (most recent call last):
        ...
        ValueError: 'during' is not a calibration stage: choose "before" or "after".
        >>> len(s.demands())
        0
        """
        name = " ".join(str(stage if stage is not None else "").split()).casefold()
        if name not in CALIBRATION_STAGES:
            raise ValueError(f"{stage!r} is not a calibration stage: choose \"before\" or \"after\".")
        rows = _calibration_answers(answers)

        def not_twice(con) -> None:
            for e in _read.entries(con, "calibration"):
                if e.data.get("stage") == name:
                    when = e.at.replace("T", " at ")[:-3] if e.at and "T" in e.at else e.at
                    raise StudyError(
                        f"This study already has a {name} round, saved on {when} by {e.by}. A study keeps one round "
                        f"at each stage, so nothing was saved. If that round was a mistake, the person who saved it "
                        "can undo it first (\"Undo my last\"), then save this one.")
        return self._add_entry("calibration", f"Calibration round, {name}: {len(rows)} answers", by, None,
                               {"stage": name, "answers": rows}, check=not_twice)

    def add_next_step(self, text: str, by: str | None = None) -> int:
        """Record a next step (a study of capability, flow or system conditions); returns its id."""
        by = self._by(by)
        if not _s.clean_text(text):
            raise ValueError("A next step needs some words saying what it is.")
        with self._write() as con:
            step_id = _s.insert(con, "next_steps", {"text": str(text), "created_at": self._now(), "created_by": by})
            self._log("add_next_step", target("next step", step_id), {"text": str(text)}, by=by)
            return step_id

    def complete_next_step(self, id: int, by: str | None = None) -> None:
        """Mark a next step done."""
        by = self._by(by)
        with self._write() as con:
            row = con.execute("SELECT completed_at FROM next_steps WHERE id=?", (int(id),)).fetchone()
            if row is None:
                raise StudyError(f"There is no next step {id} in this study.")
            if row[0] is not None:
                raise StudyError(f"Next step {id} was already marked done on {row[0][:10]}.")
            con.execute("UPDATE next_steps SET completed_at=?, completed_by=? WHERE id=?", (self._now(), by, int(id)))
            self._log("complete_next_step", target("next step", int(id)), {}, by=by)

    def save_worksheet(self, name: str, data: dict, by: str | None = None) -> None:
        """Save a worksheet (a flow worksheet, a next-steps form) as a dict; saving again replaces it."""
        by = self._by(by)
        if not isinstance(data, Mapping):
            raise ValueError("A worksheet is saved as a dict of its fields.")
        text = to_json(dict(data))
        with self._write() as con:
            old = con.execute("SELECT data FROM worksheets WHERE name=?", (str(name),)).fetchone()
            con.execute("INSERT INTO worksheets(name, data, saved_at, saved_by) VALUES (?,?,?,?) ON CONFLICT(name)"
                        " DO UPDATE SET data=excluded.data, saved_at=excluded.saved_at, saved_by=excluded.saved_by",
                        (str(name), text, self._now(), by))
            self._log("save_worksheet", target("worksheet", name),
                      {"before": None if old is None else json.loads(old[0]), "after": json.loads(text)}, by=by)

    # ------------------------------------------------------------------ undo
    def undo(self, by: str | None = None) -> Undone:
        """Undo this person's last action that is not yet undone (never anyone else's).

        The undo is itself an event. Creating the study, an erasure of personal data and a
        merge of studies cannot be undone and are skipped. Returns a sentence saying what it did.

        >>> s = Study.scratch()
        >>> s.record("leak", captured_by="Asha"), s.record("chasing", captured_by="Ben")
        (1, 2)
        >>> print(s.undo(by="Asha"))
        Undid Asha's recording of demand 1 (done ...).
        >>> s.demands()["verbatim"].tolist()
        ['chasing']
        >>> print(s.undo(by="Asha"))
        Nothing to undo: Asha has no actions in this study that are not already undone.
        """
        return _undo.undo(self, self._by(by))

    # ------------------------------------------------------------------ reading
    @property
    def info(self) -> dict:
        """name, service, service_type, purpose, created_at, practice (bool) and schema_version."""
        with self._lock:
            rows = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
            version = self._con.execute("PRAGMA user_version").fetchone()[0]
        info = {k: json.loads(rows[k]) if k in rows else None
                for k in ("name", "service", "service_type", "purpose", "created_at", "practice")}
        info["practice"] = bool(info["practice"])
        info["schema_version"] = version
        return info

    @contextlib.contextmanager
    def reading(self) -> Iterator["Study"]:
        """Read several things as they were at one moment: inside ``with study.reading():``
        no one's save, from this kernel or another, lands half-way between two reads (and
        nothing can be changed).

        >>> s = Study.scratch()
        >>> with s.reading():
        ...     len(s.records()), len(s.entries())
        (0, 0)
        """
        with self._lock:
            con = self._con
            if con.in_transaction:  # already inside a read or a write: that is the moment
                yield self
                return
            con.execute("BEGIN")
            try:
                yield self
            finally:
                con.execute("COMMIT")

    def _query(self, sql: str, params=()) -> list:
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def records(self, ids: Iterable[int] | None = None) -> list[DemandRecord]:
        """Every live demand as it is now (or those with these ``ids``), as plain records in id
        order, with ``type_id`` for its type: quicker than :meth:`demands` for counting again and again.

        >>> s = Study.scratch()
        >>> s.record("Is the plumber still coming?", classification="F", captured_by="Asha")
        1
        >>> [(r.id, r.classification, r.captured_by) for r in s.records()]
        [(1, 'failure', 'Asha')]
        """
        with self._lock:
            return _read.records(self._con, ids)

    def changes_since(self, event_id: int = 0, actions: Iterable[str] | None = None) -> Changes:
        """What changed after event ``event_id``, to keep counts up to date without reading it all
        again: ``(last_event, events, demands)``, the newest event id (pass it next time), the events
        after ``event_id`` (of these ``actions`` only, when given), and each demand they recorded or
        changed -> its record now, or None when no longer live. From 0, every live demand.

        >>> s = Study.scratch()
        >>> s.record("leak", captured_by="Asha"), s.record("chasing", captured_by="Asha")
        (1, 2)
        >>> seen = s.changes_since().last_event
        >>> s.void(1, reason="typed twice")
        >>> changes = s.changes_since(seen)
        >>> changes.last_event - seen, [e.action for e in changes.events], changes.demands
        (1, ['void'], {1: None})
        """
        with self.reading():
            return _read.changes_since(self._con, event_id, actions)

    def demands(self, include_voided: bool = False) -> "pd.DataFrame":
        """The demands, in capture order, in the canonical columns plus ``recorded_at`` (both times
        as Timestamps), with their types as they are now (after renames and merges). With
        ``include_voided=True`` the ones set aside are there too (columns ``voided``, ``void_reason``).
        """
        where = "status != 'undone'" if include_voided else "status = 'live'"
        with self.reading():
            rows = self._query(
                "SELECT d.id, d.received_at, d.channel, d.verbatim, d.classification, d.type_id,"
                " d.captured_by, coalesce(d.captured_role, m.role), d.contact_id, d.person_id, d.contact_from,"
                " d.what_matters, d.source_id, d.notes, d.recorded_at, d.extra, d.status, d.void_reason"
                f" FROM demands d LEFT JOIN members m ON m.name = d.captured_by WHERE {where} ORDER BY d.id")
            names = {t.id: t.merged_into or t.name for t in self.type_records()}
        records = [[*row[:5], names.get(row[5]), *row[6:15]] for row in rows]  # the type's name now
        extras = [json.loads(row[15]) if row[15] else {} for row in rows]
        frame = _frame(records, [*DEMAND_COLUMNS, "recorded_at"], ("received_at", "recorded_at"))
        frame["id"] = frame["id"].astype("int64")
        extra_cols = sorted({k for e in extras for k in e})
        for col in extra_cols:
            frame[col] = [e.get(col) for e in extras]
        if include_voided:
            frame["voided"] = [r[16] == "voided" for r in rows]
            frame["void_reason"] = [r[17] for r in rows]
        return frame

    def type_records(self) -> list[TypeRecord]:
        """Every demand type, merged ones too, as plain records in the order they came:
        ``id``, ``name``, ``origin``, ``declared_classification``, when and by whom first
        seen, its description, and ``merged_into``: the live type it now counts as.

        >>> s = Study.scratch()
        >>> s.add_types(["Chasing", "Is someone coming?"])
        ['Chasing', 'Is someone coming?']
        >>> s.merge_types(["Chasing"], into="Is someone coming?")
        >>> [(t.id, t.name, t.merged_into) for t in s.type_records()]
        [(1, 'Chasing', 'Is someone coming?'), (2, 'Is someone coming?', None)]
        """
        with self._lock:
            return _read.type_records(self._con)

    def types(self, include_merged: bool = False) -> "pd.DataFrame":
        """The demand types: name, classification (from their demands, else as declared;
        "mixed" when both value and failure), origin, first_seen_at, first_seen_by, uses,
        what_matters, failed_where, arises_from. Types merged into others are left out
        unless ``include_merged=True`` (then a ``merged_into`` column says where they went)."""
        with self.reading():
            kinds = self.type_records()
            given = self._query("SELECT type_id, classification FROM demands WHERE status='live' AND type_id IS NOT NULL")
        live = {t.id: t.merged_into or t.name for t in kinds}
        counts: dict[str, dict] = {}
        for type_id, cls_ in given:
            bucket = counts.setdefault(live.get(type_id), {})
            bucket[cls_] = bucket.get(cls_, 0) + 1
        cols = ["name", "classification", "origin", "first_seen_at", "first_seen_by", "uses",
                "what_matters", "failed_where", "arises_from"] + (["merged_into"] if include_merged else [])
        records = []
        for t in kinds:
            if t.merged_into is not None and not include_merged:
                continue
            found = counts.get(t.name, {}) if t.merged_into is None else {}
            rec = dict(t._asdict(), classification=_combine_classes(set(found), t.declared_classification),
                       uses=sum(found.values()))
            records.append([rec[c] for c in cols])
        return _frame(records, cols, ["first_seen_at"]).astype({"uses": "int64"})

    def events(self) -> "pd.DataFrame":
        """The log: id, at, by, action, target, details (a dict), undone (bool)."""
        with self._lock:
            rows = _read.events(self._con)
        undone = {e.undoes for e in rows}
        frame = _frame([(e.id, e.at, e.by, e.action, e.target, e.details, e.id in undone) for e in rows],
                       ["id", "at", "by", "action", "target", "details", "undone"], ["at"])
        return frame.astype({"id": "int64", "undone": bool})

    def team(self) -> dict[str, str | None]:
        """The team as {name: role}, in the order they joined.

        >>> Study.scratch(team={"Asha": "call handler"}).team()
        {'Asha': 'call handler'}
        """
        with self._lock:
            return _read.team(self._con)

    def members(self) -> "pd.DataFrame":
        """The team: name, role."""
        return _frame(list(self.team().items()), ["name", "role"])

    def plan(self) -> dict | None:
        """The sampling plan (doors, days, times, demands_planned), or None if not set."""
        row = self._query("SELECT value FROM meta WHERE key='plan'")
        return json.loads(row[0][0]) if row else None

    def entries(self, kind: str | None = None) -> list[Entry]:
        """The notes the team recorded, as plain records in order (``id``, ``kind``, ``at``,
        ``by``, ``day``, ``text``, ``data``): kinds are briefing, verdict, share, reflection,
        acknowledgement, saturation_check and calibration (a round of the calibration sample);
        ``kind`` keeps one of them.

        >>> s = Study.scratch()
        >>> _ = s.acknowledge("M5-no-briefing", "briefed at the huddle", by="Asha")
        >>> [(e.kind, e.text, e.data) for e in s.entries()]
        [('acknowledgement', 'briefed at the huddle', {'finding_code': 'M5-no-briefing'})]
        """
        with self._lock:
            return _read.entries(self._con, kind)

    def _entries(self, kind: str, columns: list[str]) -> "pd.DataFrame":
        out = []
        for e in self.entries(kind):
            full = {"id": e.id, "at": e.at, "by": e.by, "day": e.day, "text": e.text, "with_whom": e.text,
                    "reason": e.text, **e.data}
            out.append([full.get(c) for c in columns])
        return _frame(out, columns, ["at"])

    def briefings(self) -> "pd.DataFrame":
        """Briefings of the front line: id, day, by, text, at."""
        return self._entries("briefing", ["id", "day", "by", "text", "at"])

    def verdicts(self) -> "pd.DataFrame":
        """The front line's verdicts on the findings: id, day, by, text, at."""
        return self._entries("verdict", ["id", "day", "by", "text", "at"])

    def shares(self) -> "pd.DataFrame":
        """When the findings were shared, and with whom: id, day, by, with_whom, at."""
        return self._entries("share", ["id", "day", "by", "with_whom", "at"])

    def reflections(self) -> "pd.DataFrame":
        """Reflections: id, by, text, at."""
        return self._entries("reflection", ["id", "by", "text", "at"])

    def acknowledgements(self) -> "pd.DataFrame":
        """Findings the team has acknowledged: finding_code, reason, by, at."""
        return self._entries("acknowledgement", ["finding_code", "reason", "by", "at"])

    def saturation_checks(self) -> "pd.DataFrame":
        """Saturation checks recorded: at, by, verdict, message and the numbers."""
        return self._entries("saturation_check", ["id", "at", "by", "verdict", "message", "coverage",
                                                  "unseen_chance", "estimated_types", "saturation_point",
                                                  "demands", "types_heard"])

    def calibration_rounds(self) -> "pd.DataFrame":
        """The calibration rounds' answers, a row per demand per round, in the order saved: stage
        ("before" or "after"), source_id, classification, demand_type, note, by, at."""
        columns = ["stage", "source_id", "classification", "demand_type", "note", "by", "at"]
        rows = [[e.data.get("stage"), a.get("source_id"), a.get("classification"), a.get("demand_type"), a.get("note"),
                 e.by, e.at] for e in self.entries("calibration") for a in e.data.get("answers", [])]
        return _frame(rows, columns, ["at"])

    def next_step_records(self) -> list[NextStep]:
        """The next steps as plain records in order: ``id``, ``text``, ``created_at``,
        ``created_by``, ``completed_at``, ``completed_by``.

        >>> s = Study.scratch()
        >>> _ = s.add_next_step("Follow ten repair requests end to end")
        >>> [(n.id, n.text, n.completed_at) for n in s.next_step_records()]
        [(1, 'Follow ten repair requests end to end', None)]
        """
        with self._lock:
            return _read.next_steps(self._con)

    def next_steps(self) -> "pd.DataFrame":
        """Next steps: id, text, created_at, completed_at, created_by, completed_by."""
        cols = ["id", "text", "created_at", "completed_at", "created_by", "completed_by"]
        return _frame([[getattr(n, c) for c in cols] for n in self.next_step_records()], cols,
                      ("created_at", "completed_at"))

    def worksheet(self, name: str) -> dict:
        """A saved worksheet's fields, as a dict."""
        row = self._query("SELECT data FROM worksheets WHERE name=?", (str(name),))
        if not row:
            saved = [r[0] for r in self._query("SELECT name FROM worksheets ORDER BY name")]
            raise KeyError(f"No worksheet called {name!r} has been saved. Saved ones: {', '.join(saved) or 'none yet'}.")
        return json.loads(row[0][0])

    def worksheets(self) -> "pd.DataFrame":
        """The saved worksheets: name, saved_at, saved_by."""
        return _frame(self._query("SELECT name, saved_at, saved_by FROM worksheets ORDER BY name"),
                      ["name", "saved_at", "saved_by"], ["saved_at"])

    # ------------------------------------------------------------------ export and replay
    def export(self, path, masked: bool = True) -> ExportResult:
        """Write the demands and the event log to CSV or XLSX, with personal details masked.

        A CSV export puts the log beside ``path`` as ``<stem>_events.csv``; an XLSX has a sheet
        for each. Every text in both (the log repeats names, what matters, verdicts...) goes
        through ``helpers.personal_data.mask``; the result counts what was masked and ``.finds``
        says where. Patterns cannot catch everything: a person must read the files before they
        are shared. ``masked=False`` writes the texts as typed, for the team's own records only.

        >>> import tempfile, pathlib
        >>> s = Study.scratch()
        >>> s.record("Please ring me back on 07700 900123", classification="failure")
        1
        >>> result = s.export(pathlib.Path(tempfile.mkdtemp()) / "repairs.xlsx")
        >>> print(result)
        Wrote 1 demands and 2 events to .../repairs.xlsx. Masked 2 things in ... texts that look like
        personal data: 2 phone numbers. ... so a person must read every text before it is shared.
        >>> result.finds[["demand_id", "event_id", "field", "kind"]].values.tolist()
        [[1, <NA>, 'verbatim', 'PHONE'], [<NA>, 2, 'details.after.verbatim', 'PHONE']]
        """
        return _export.export(self, path, masked=masked)

    @classmethod
    def replay(cls, actions, into=None) -> "Study":
        """Build a study from a table of actions, one row per call of this API.

        ``actions`` is a CSV path or a DataFrame with four columns: ``at``, when it happened
        (an ISO local time, which the events, ``recorded_at`` and ``first_seen_at`` take); ``by``,
        who did it; ``action``, a Study method name (``record``, ``reclassify``...), or
        ``create`` on the first row only, with :meth:`create`'s keyword arguments but the path;
        and ``args``, a JSON object of keyword arguments (empty means none). The ids of demands
        (from ``record`` and ``import_demands``) and of next steps count 1, 2, 3... in the order
        of the rows, so a later row can refer to them. For example, a CSV::

            at,by,action,args
            2026-03-02T08:30:00,Asha,create,"{""name"": ""Repairs"", ""team"": {""Asha"": ""call handler""}}"
            2026-03-02T09:14:00,Asha,record,"{""verbatim"": ""Is the plumber still coming?"", ""classification"": ""F""}"
            2026-03-02T16:05:00,Ben,reclassify,"{""id"": 1, ""demand_type"": ""Is someone coming today?""}"

        ``into=None`` builds a scratch study; a path creates a new study file there; a Study adds
        to that study (skipping the ``create`` row, and mapping the table's ids to the study's).
        In ``import_demands`` rows, ``frame`` is a list of row objects or a path (relative to the
        CSV's folder). A row that fails stops the replay with a message naming its row.

        >>> import pandas as pd
        >>> steps = pd.DataFrame({
        ...     "at": ["2026-03-02T08:30", "2026-03-02T09:14", "2026-03-02T16:05"],
        ...     "by": ["Asha", "Asha", "Ben"],
        ...     "action": ["create", "record", "reclassify"],
        ...     "args": ['{"name": "Repairs"}',
        ...              '{"verbatim": "Is the plumber still coming?", "classification": "F"}',
        ...              '{"id": 1, "demand_type": "Is someone coming today?"}']})
        >>> study = Study.replay(steps)
        >>> study.types()[["name", "first_seen_at", "first_seen_by"]]
                               name       first_seen_at first_seen_by
        0  Is someone coming today? 2026-03-02 16:05:00           Ben
        """
        return _replay.replay(cls, actions, into)


def _calibration_answers(answers) -> list[dict]:
    """A round's answers as a list of {source_id, classification[, demand_type][, note]}, every
    word read by the one vocabulary; a ValueError naming the row (and its source_id) otherwise."""
    if isinstance(answers, Mapping):
        given = [{"source_id": k, "classification": v} for k, v in answers.items()]
    elif hasattr(answers, "to_dict"):  # a table
        given = answers.to_dict("records")
    else:
        given = list(answers or [])
    rows, seen = [], set()
    for number, item in enumerate(given, start=1):
        if not isinstance(item, Mapping):
            raise ValueError(f"Answer {number} is not a row with a source_id and a classification.")
        sid = (_s.clean_text(item.get("source_id")) or "").strip()
        where = f"Answer {number}" + (f" ({sid})" if sid else "")
        if not sid:
            raise ValueError(f"{where} has no source_id: say which sample demand it answers.")
        if sid in seen:
            raise ValueError(f"{where}: {sid} is answered twice; keep one answer per demand.")
        seen.add(sid)
        try:
            word = normalise_classification(item.get("classification"))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        if word is None:
            raise ValueError(f"{where} has no classification; if you are not sure, answer ? (unsure).")
        row = {"source_id": sid, "classification": word}
        for key in ("demand_type", "note"):
            text = " ".join((_s.clean_text(item.get(key)) or "").split())
            if text:
                row[key] = text
        rows.append(row)
    if not rows:
        raise ValueError("A calibration round needs answers: none were given, so nothing was saved.")
    return rows


def _combine_classes(found: set, declared: str | None) -> str | None:
    """A type's classification from the classifications of its demands."""
    decided = {c for c in found if c in ("value", "failure", "not demand")}
    if len(decided) == 1:
        return decided.pop()
    if len(decided) > 1:
        return "mixed"
    if declared:
        return declared
    return "unsure" if "unsure" in found else None


def _blank_personal(value):
    """A copy of event details with every personal field and reason blanked, however deep."""
    if isinstance(value, dict):
        return {k: ("" if k in _PERSONAL_FIELDS + ("reason",) and v is not None else _blank_personal(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_blank_personal(v) for v in value]
    return value


def _frame(rows, columns: list[str], times: Iterable[str] = ()) -> "pd.DataFrame":
    """A frame of ``rows``, with the ISO texts of the ``times`` columns read as Timestamps."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=columns)
    for col in times:
        frame[col] = pd.to_datetime(frame[col], format="ISO8601", errors="coerce")
    return frame


def merge_studies(paths: Iterable, into=None, by: str | None = None) -> Study:
    """Combine studies captured on separate laptops into one new study.

    Every demand and event comes across with who made it and when, renumbered; each event
    notes the study it came from (``details["source_study"]``). Types with the same name
    become one. ``into`` is the new study's path (it must not exist yet), or None for a
    scratch study. The sources are opened read-only.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> for laptop, person in (("desk", "Asha"), ("phones", "Ben")):
    ...     with Study.create(os.path.join(folder, laptop + ".study"), name="Repairs") as s:
    ...         _ = s.record(f"heard by {person}", captured_by=person)
    >>> together = merge_studies([os.path.join(folder, "desk.study"), os.path.join(folder, "phones.study")],
    ...                          into=os.path.join(folder, "all.study"), by="Chidi")
    >>> together.demands()[["id", "verbatim", "captured_by"]]
       id          verbatim captured_by
    0   1  heard by Asha        Asha
    1   2   heard by Ben         Ben
    >>> together.close()
    """
    return _merge.merge(Study, paths, into, by)


def list_studies(folder=None) -> "pd.DataFrame":
    """The team's studies in ``studies_dir()`` (or ``folder``), latest changed first: name, path, service,
    demands (live), changed (its last event's time: the file's own stays old while saves go to its -wal)
    and problem (why a file cannot be read, else None). Every file is opened read-only, nothing changed.
    Practice studies (``Study.create(..., practice=True)``, and the capture app's ``practice.study``
    from before that flag) are left out; scratch studies are never in a folder."""
    rows = [r for r in _catalogue(Path(folder) if folder else studies_dir()) if not r.pop("practice")]
    frame = _frame(rows, ["name", "path", "service", "demands", "changed", "problem"], ["changed"])
    frame["demands"] = frame["demands"].astype("Int64")
    return frame.sort_values("changed", ascending=False, na_position="last", ignore_index=True)
