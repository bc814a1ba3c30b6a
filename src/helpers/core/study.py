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

Files are written with SQLite's write-ahead log and ``synchronous=FULL``: ``record``
returns the new id only after the demand is on disk. Several people may write to one
study at once when their kernels run on one machine; studies captured on separate
laptops are combined with :func:`merge_studies`.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from helpers.core import schema as _s
from helpers.core.errors import DemandDataError, StudyError
from helpers.core.vocabulary import CANONICAL_COLUMNS, normalise_classification

if TYPE_CHECKING:  # pandas stays out of the import (and the capture path)
    import pandas as pd

__all__ = ["Study", "merge_studies", "ExportResult", "Undone"]

#: The demand columns every frame of demands has, in this order (DESIGN.md).
DEMAND_COLUMNS = CANONICAL_COLUMNS
# Text fields a demand stores in its own column (everything but id, type and role).
_TEXT_FIELDS = ("channel", "verbatim", "captured_by", "contact_id", "person_id",
                "contact_from", "what_matters", "source_id", "notes")
# Fields that may carry what a person said: blanked by erase_personal_data.
_PERSONAL_FIELDS = ("verbatim", "notes")
# How undo describes what it took back.
_UNDO_PHRASES = {
    "record": "recording of {}", "import_demands": "import of {}", "reclassify": "reclassifying of {}",
    "correct": "correction of {}", "void": "setting aside of {}", "add_types": "adding of types",
    "describe_type": "description of {}", "rename_type": "renaming to {}", "merge_types": "merge into {}",
    "add_member": "adding of {}", "set_service_type": "change of service type", "set_plan": "sampling plan",
    "add_briefing": "briefing note", "add_verdict": "front-line verdict", "mark_shared": "note of sharing",
    "add_reflection": "reflection", "acknowledge": "acknowledgement of a finding",
    "record_saturation_check": "saturation check", "add_next_step": "adding of {}",
    "complete_next_step": "completing of {}", "save_worksheet": "saving of {}",
}
# Actions undo skips: they cannot be taken back (the erasure is deliberate).
_NOT_UNDOABLE = ("create", "undo", "erase_personal_data", "merge_studies")

SCRATCH_NOTICE = "This study is in memory only: nothing is saved, and it is gone when the kernel stops."
READONLY_MODE_NOTICE = (
    "This is a read-only walkthrough, so this study lives in memory only: you can try "
    "things out, but nothing is saved and no file is created or changed."
)


class Undone(str):
    """What ``undo`` did, in a sentence; ``.event`` holds the undo event (None if nothing)."""

    event: dict | None = None


class ExportResult(str):
    """What ``export`` wrote and what the personal-data check found, in plain words.

    ``.paths`` lists the files written, ``.finds`` is the check's DataFrame (one row per
    possible piece of personal data: which demand, which field, what kind, the match).
    """

    paths: list
    finds: Any


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default, sort_keys=True)


def _json_default(value: Any):
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def _resolve_path(path, *, create_dir: bool) -> Path:
    """A bare name or relative path lives inside ``studies_dir()``; ``.study`` is added to a bare name."""
    from helpers.core.session import studies_dir

    path = Path(path).expanduser()
    if not path.is_absolute():
        if path.suffix == "" and len(path.parts) == 1:
            path = path.with_name(path.name + _s.SUFFIX)
        path = studies_dir(create=create_dir) / path
    return path


def _readonly_mode() -> bool:
    from helpers.core.session import mode

    return mode() == "readonly"


class Study:
    """A team's study of demand: see the module's help for a tour.

    Make one with :meth:`create`, :meth:`open`, :meth:`scratch` or :meth:`replay`
    rather than calling ``Study(...)`` directly.

    Attributes a notebook may read: ``path`` (None for scratch studies), ``readonly``,
    ``is_scratch``, ``notice`` (a sentence to show when the study is not saved to a file,
    else None), ``info`` and ``user`` (who is acting; settable; defaults to
    ``$DEMAND_USER`` or "unknown").
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

    @classmethod
    def create(cls, path, name: str | None = None, service: str | None = None,
               service_type: str = "transactional", purpose: str | None = None,
               team: Mapping[str, str] | None = None, exist_ok: bool = False) -> "Study":
        """Make a new study file and return it, open for writing.

        ``path`` may be a bare name ("repairs" becomes ``repairs.study``) or a relative
        path, both inside :func:`helpers.core.session.studies_dir`, or an absolute path.
        ``team`` maps each person to their role (``{"Asha": "repairs call handler"}``).
        With ``exist_ok=True`` an existing study is opened instead (its details are kept).
        In a read-only walkthrough nothing is created: you get a scratch study that says so.

        >>> import os, tempfile
        >>> saved = os.environ.get("DEMAND_STUDIES_DIR")
        >>> os.environ["DEMAND_STUDIES_DIR"] = tempfile.mkdtemp()
        >>> study = Study.create("repairs", name="Repairs", service="Housing repairs",
        ...                      purpose="Fix it right first time, when it suits the tenant",
        ...                      team={"Asha": "call handler", "Ben": "team leader"})
        >>> study.path.name, study.info["service_type"], len(study.members())
        ('repairs.study', 'transactional', 2)
        >>> Study.create("repairs")
        Traceback (most recent call last):
        ...
        helpers.core.errors.StudyError: There is already a study at .../repairs.study. Open it with Study.open(...), or pass exist_ok=True.
        >>> study.close()
        >>> if saved is None: del os.environ["DEMAND_STUDIES_DIR"]
        ... else: os.environ["DEMAND_STUDIES_DIR"] = saved
        """
        service_type = _s.normalise_service_type(service_type)
        if _readonly_mode():
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
        # Build the file beside its final name, then move it into place in one step, so
        # a crash never leaves half a study where a study should be.
        temp = path.with_name(f".{path.name}.{os.getpid()}.creating")
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)
        con = cls._connect(str(temp))
        try:
            cls._prepare_file(con)
            study = cls(con, path=temp, readonly=False)
            study._initialise(name=name or path.stem, service=service, service_type=service_type,
                              purpose=purpose, team=team)
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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
        """Open an existing study.

        ``readonly=True`` opens it with SQLite's read-only mode and never changes the file
        (the leaders' view). In a read-only walkthrough, asking to write gives an in-memory
        copy that says nothing is saved. A file that is not a study, or that was made by a
        newer workbook, is refused with a :class:`~helpers.core.errors.StudyError`.

        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> Study.create(os.path.join(folder, "repairs.study"), name="Repairs").close()
        >>> with Study.open(os.path.join(folder, "repairs.study"), readonly=True) as study:
        ...     study.readonly, study.info["name"]
        (True, 'Repairs')
        >>> Study.open(os.path.join(folder, "nothing.study"))
        Traceback (most recent call last):
        ...
        helpers.core.errors.StudyError: There is no study at .../nothing.study. Study.create(...) makes a new one.
        """
        path = _resolve_path(path, create_dir=False)
        if not path.exists() and not Path(path).suffix:
            path = path.with_name(path.name + _s.SUFFIX)
        _s.check_header(path)
        if readonly:
            return cls._open_readonly(path)
        if _readonly_mode():
            snapshot = cls._open_readonly(path)
            memory = cls._connect(":memory:")
            with snapshot._lock:
                snapshot._con.backup(memory)
            snapshot.close()
            study = cls(memory, path=None, readonly=False, notice=READONLY_MODE_NOTICE)
            return study
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

    def _initialise(self, *, name, service, service_type, purpose, team) -> None:
        con = self._con
        with self._write():
            for statement in _s.SCHEMA.split(";"):
                if statement.strip():
                    con.execute(statement)
            con.execute(f"PRAGMA application_id = {_s.APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {_s.SCHEMA_VERSION}")
            now = self._now()
            info = {"name": name, "service": service, "service_type": service_type,
                    "purpose": purpose, "created_at": now}
            con.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                            [(k, _json(v)) for k, v in info.items()])
            self._log("create", "study", {"after": info})
            for person, role in (team or {}).items():
                self._add_member(person, role)

    def close(self) -> None:
        """Close the file (a study left open is closed when the kernel stops)."""
        with contextlib.suppress(Exception):
            self._con.close()

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
        text = _s.clean_text(by)
        text = text.strip() if text else ""
        return text or self.user

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
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    try:
                        con.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # SQLite may have rolled back already (a full disk): keep the real error
                raise

    def _log(self, action: str, target: str | None, details: dict, by: str | None = None,
             undoes: int | None = None, at: str | None = None) -> int:
        cur = self._con.execute(
            "INSERT INTO events(at, by, action, target, details, undoes) VALUES (?, ?, ?, ?, ?, ?)",
            (at or self._now(), self._by(by), action, target, _json(details), undoes),
        )
        return cur.lastrowid

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

    def _type_id(self, name: str, by: str, *, origin: str, create: bool = True) -> int | None:
        """The live type a name stands for (following merges), made if new."""
        row = self._con.execute("SELECT id, merged_into FROM types WHERE name=?", (name,)).fetchone()
        if row is None:
            if not create:
                return None
            cur = self._con.execute(
                "INSERT INTO types(name, origin, first_seen_at, first_seen_by) VALUES (?, ?, ?, ?)",
                (name, origin, self._now(), by),
            )
            return cur.lastrowid
        type_id, merged = row
        seen = {type_id}
        while merged is not None and merged not in seen:
            seen.add(merged)
            type_id = merged
            merged = self._con.execute("SELECT merged_into FROM types WHERE id=?", (merged,)).fetchone()[0]
        return type_id

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
        values = {
            "verbatim": _s.clean_text(verbatim), "channel": _s.clean_text(channel),
            "classification": normalise_classification(classification),
            "received_at": _s.iso_time(received_at), "contact_id": _s.clean_text(contact_id),
            "person_id": _s.clean_text(person_id), "contact_from": _s.clean_text(contact_from),
            "what_matters": _s.clean_text(what_matters), "source_id": _s.clean_text(source_id),
            "notes": _s.clean_text(notes),
        }
        kind = _s.type_name(demand_type)
        with self._write() as con:
            type_id = self._type_id(kind, by, origin="emerged") if kind else None
            now = self._now()
            cur = con.execute(
                "INSERT INTO demands(recorded_at, received_at, channel, verbatim, classification,"
                " type_id, captured_by, contact_id, person_id, contact_from, what_matters,"
                " source_id, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (now, values["received_at"], values["channel"], values["verbatim"],
                 values["classification"], type_id, by, values["contact_id"], values["person_id"],
                 values["contact_from"], values["what_matters"], values["source_id"], values["notes"]),
            )
            new_id = cur.lastrowid
            after = {k: v for k, v in values.items() if v is not None}
            if kind:
                after["demand_type"] = kind
            self._log("record", f"demand {new_id}", {"after": after}, by=by, at=now)
        return new_id

    def import_demands(self, frame, by: str | None = None) -> list[int]:
        """Add a frame of demands (from :func:`helpers.load_demands`) and return their ids.

        Canonical columns are taken; ``id`` is renumbered (the file's own id belongs in
        ``source_id``); extra columns are kept. Types arriving this way are "imported".
        A path is accepted too and read with ``load_demands``. One event records the
        import, so ``undo`` takes the whole import back.
        """
        if isinstance(frame, (str, os.PathLike)):
            from helpers.core.loader import load_demands

            frame = load_demands(frame)
        by = self._by(by)
        columns = list(frame.columns)
        extra_cols = [c for c in columns if c not in DEMAND_COLUMNS and c not in ("recorded_at", "voided")]
        rows = []
        for position, record in enumerate(frame.to_dict("records")):
            column = "classification"
            try:
                cls_ = normalise_classification(record.get("classification"))
                column = "received_at"
                received = _s.iso_time(record.get("received_at"))
            except ValueError as exc:
                # the row as a person sees it in the sheet (the header is row 1)
                raise DemandDataError(f"{exc} Nothing was imported.", file=frame.attrs.get("file"),
                                      row=position + 2, column=column) from None
            extra = {c: _s.clean_text(record.get(c)) for c in extra_cols}
            extra = {k: v for k, v in extra.items() if v is not None}
            rows.append((record, cls_, received, extra))
        if not rows:
            return []
        ids: list[int] = []
        with self._write() as con:
            now = self._now()
            for record, cls_, received, extra in rows:
                kind = _s.type_name(record.get("demand_type"))
                type_id = self._type_id(kind, by, origin="imported") if kind else None
                cur = con.execute(
                    "INSERT INTO demands(recorded_at, received_at, channel, verbatim, classification,"
                    " type_id, captured_by, captured_role, contact_id, person_id, contact_from,"
                    " what_matters, source_id, notes, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (now, received, _s.clean_text(record.get("channel")),
                     _s.clean_text(record.get("verbatim")), cls_, type_id,
                     _s.clean_text(record.get("captured_by")), _s.clean_text(record.get("captured_role")),
                     _s.clean_text(record.get("contact_id")), _s.clean_text(record.get("person_id")),
                     _s.clean_text(record.get("contact_from")), _s.clean_text(record.get("what_matters")),
                     _s.clean_text(record.get("source_id")), _s.clean_text(record.get("notes")),
                     _json(extra) if extra else None),
                )
                ids.append(cur.lastrowid)
            target = f"demands {ids[0]}-{ids[-1]}" if ids else "demands"
            self._log("import_demands", target, {"ids": ids, "count": len(ids)}, by=by, at=now)
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
            self._log("reclassify", f"demand {row[0]}",
                      {"before": before, "after": after, "reason": reason}, by=by)

    def correct(self, id: int, verbatim: str, reason: str | None = None, by: str | None = None) -> None:
        """Correct what was typed for a demand (a typo, a missed word); the old text stays in the log."""
        by = self._by(by)
        with self._write() as con:
            row = self._demand_row(id)
            con.execute("UPDATE demands SET verbatim=? WHERE id=?", (_s.clean_text(verbatim), row[0]))
            self._log("correct", f"demand {row[0]}",
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
            self._log("void", f"demand {row[0]}", {"reason": reason}, by=by)

    def erase_personal_data(self, id: int, reason: str | None = None, by: str | None = None) -> None:
        """Blank a demand's words and notes everywhere, on request (the person asked, or it
        named someone). The log keeps that the erasure happened, who did it and why, but
        no longer the text, not even inside older events. It cannot be undone."""
        by = self._by(by)
        with self._write() as con:
            row = self._demand_row(id, allow_undone=True)  # an undone record still holds its text
            con.execute("UPDATE demands SET verbatim='', notes=CASE WHEN notes IS NULL THEN NULL ELSE '' END WHERE id=?",
                        (row[0],))
            target = f"demand {row[0]}"
            for event_id, details in con.execute(
                    "SELECT id, details FROM events WHERE target=?", (target,)).fetchall():
                cleaned = _blank_personal(json.loads(details))
                con.execute("UPDATE events SET details=? WHERE id=?", (_json(cleaned), event_id))
            self._log("erase_personal_data", target,
                      {"reason": reason, "fields": list(_PERSONAL_FIELDS)}, by=by)
        if self.path is not None:
            # Push the blanked pages into the file and empty the log file that held the text.
            with contextlib.suppress(sqlite3.Error):
                self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")

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
                con.execute(
                    "INSERT INTO types(name, declared_classification, origin, first_seen_at, first_seen_by)"
                    " VALUES (?, ?, ?, ?, ?)", (kind, cls_, origin, self._now(), by))
                added.append(kind)
            self._log("add_types", "types", {"names": added, "origin": origin,
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
            old = con.execute("SELECT what_matters, failed_where, arises_from FROM types WHERE id=?",
                              (type_id,)).fetchone()
            before = {k: old[i] for i, k in enumerate(("what_matters", "failed_where", "arises_from")) if k in given}
            for key, value in given.items():
                con.execute(f"UPDATE types SET {key}=? WHERE id=?", (value, type_id))
            self._log("describe_type", f"type {type_name_}", {"before": before, "after": given}, by=by)

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
            self._log("rename_type", f"type {new_name}", {"before": {"name": old_name}, "after": {"name": new_name}}, by=by)

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
                    raise StudyError(f"{clean!r} was already merged into {self._type_name_of(self._type_id(clean, by, origin='emerged'))!r}.")
                sources.append((type_id, clean))
            if not sources:
                raise ValueError("Name at least one type to merge, other than the one merged into.")
            target = con.execute("SELECT id, merged_into FROM types WHERE name=?", (into_name,)).fetchone()
            created = target is None
            classes = {clean: self._classification_of(tid) for tid, clean in sources}
            if not created:
                if target[1] is not None:
                    raise StudyError(f"{into_name!r} was itself merged into another type; merge into that one.")
                classes[into_name] = self._classification_of(target[0])
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
            if created:
                into_id = self._type_id(into_name, by, origin="emerged")
            else:
                into_id = target[0]
            for type_id, _ in sources:
                con.execute("UPDATE types SET merged_into=? WHERE id=?", (into_id, type_id))
            self._log("merge_types", f"type {into_name}",
                      {"names": [c for _, c in sources], "into": into_name, "created": created}, by=by)

    def _classification_of(self, type_id: int) -> str | None:
        """A type's classification: that of its demands, else as declared."""
        ids = self._merged_family(type_id)
        marks = ",".join("?" * len(ids))
        found = {r[0] for r in self._con.execute(
            f"SELECT DISTINCT classification FROM demands WHERE status='live' AND type_id IN ({marks})", ids)}
        return _combine_classes(found, self._con.execute(
            "SELECT declared_classification FROM types WHERE id=?", (type_id,)).fetchone()[0])

    def _merged_family(self, type_id: int) -> list[int]:
        family, frontier = [type_id], [type_id]
        while frontier:
            marks = ",".join("?" * len(frontier))
            frontier = [r[0] for r in self._con.execute(
                f"SELECT id FROM types WHERE merged_into IN ({marks})", frontier)]
            family.extend(frontier)
        return family

    def _merged_family_ids_up(self, type_id: int) -> set:
        """The chain of types ``type_id`` is merged into (to refuse loops)."""
        seen, current = {type_id}, type_id
        while True:
            row = self._con.execute("SELECT merged_into FROM types WHERE id=?", (current,)).fetchone()
            if row is None or row[0] is None or row[0] in seen:
                return seen
            current = row[0]
            seen.add(current)

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
        self._log("add_member", f"member {person}",
                  {"before": None if old is None else {"role": old[0]}, "after": {"role": _s.clean_text(role)}}, by=by)

    def set_service_type(self, kind: str, by: str | None = None) -> None:
        """Set whether the service is "transactional" or "people-centred"."""
        kind = _s.normalise_service_type(kind)
        self._set_meta("service_type", kind, "set_service_type", by)

    def _set_meta(self, key: str, value, action: str, by, extra: dict | None = None) -> None:
        with self._write() as con:
            old = con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
            con.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                        (key, _json(value)))
            details = {"key": key, "before": None if old is None else json.loads(old[0]), "after": value}
            details.update(extra or {})
            self._log(action, "study", details, by=by)

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
    def _add_entry(self, kind: str, text, by, day=None, data: dict | None = None, *, dated: bool = True) -> int:
        by = self._by(by)
        with self._write() as con:
            now = self._now()
            the_day = _s.iso_day(day) if day is not None else (now[:10] if dated else None)
            cur = con.execute("INSERT INTO entries(kind, at, by, day, text, data) VALUES (?,?,?,?,?,?)",
                              (kind, now, by, the_day, _s.clean_text(text), _json(data) if data else None))
            self._log(f"add_{kind}" if kind not in ("share", "acknowledgement", "saturation_check") else
                      {"share": "mark_shared", "acknowledgement": "acknowledge",
                       "saturation_check": "record_saturation_check"}[kind],
                      f"entry {cur.lastrowid}", {"kind": kind, "text": _s.clean_text(text), "day": the_day,
                                                 "data": data}, by=by)
            return cur.lastrowid

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
        for key in keys:
            value = report.get(key) if isinstance(report, Mapping) else getattr(report, key, None)
            if callable(value):
                value = None
            if hasattr(value, "item"):
                value = value.item()
            if isinstance(value, tuple):
                value = list(value)
            data[key] = value
        for key in ("demands", "types_heard"):  # a helpers.saturation report has these too
            value = report.get(key) if isinstance(report, Mapping) else getattr(report, key, None)
            if isinstance(value, (int, float)) or hasattr(value, "item"):
                data[key] = value.item() if hasattr(value, "item") else value
        if data["verdict"] is None and data["message"] is None:
            raise ValueError("record_saturation_check needs a report with a verdict and a message (from helpers.saturation).")
        return self._add_entry("saturation_check", data["message"], by, None, data, dated=False)

    def add_next_step(self, text: str, by: str | None = None) -> int:
        """Record a next step (a study of capability, flow or system conditions); returns its id."""
        by = self._by(by)
        if not _s.clean_text(text):
            raise ValueError("A next step needs some words saying what it is.")
        with self._write() as con:
            cur = con.execute("INSERT INTO next_steps(text, created_at, created_by) VALUES (?,?,?)",
                              (str(text), self._now(), by))
            self._log("add_next_step", f"next step {cur.lastrowid}", {"text": str(text)}, by=by)
            return cur.lastrowid

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
            self._log("complete_next_step", f"next step {int(id)}", {}, by=by)

    def save_worksheet(self, name: str, data: dict, by: str | None = None) -> None:
        """Save a worksheet (a flow worksheet, a next-steps form) as a dict; saving again replaces it."""
        by = self._by(by)
        if not isinstance(data, Mapping):
            raise ValueError("A worksheet is saved as a dict of its fields.")
        text = _json(dict(data))
        with self._write() as con:
            old = con.execute("SELECT data FROM worksheets WHERE name=?", (str(name),)).fetchone()
            con.execute("INSERT INTO worksheets(name, data, saved_at, saved_by) VALUES (?,?,?,?) ON CONFLICT(name)"
                        " DO UPDATE SET data=excluded.data, saved_at=excluded.saved_at, saved_by=excluded.saved_by",
                        (str(name), text, self._now(), by))
            self._log("save_worksheet", f"worksheet {name}",
                      {"before": None if old is None else json.loads(old[0]), "after": json.loads(text)}, by=by)

    # ------------------------------------------------------------------ undo
    def undo(self, by: str | None = None) -> Undone:
        """Undo this person's last action that is not yet undone (never anyone else's).

        The undo is itself an event. Creating the study, an erasure of personal data and
        a merge of studies cannot be undone and are skipped. Returns a sentence saying what
        was undone, or that there was nothing to undo.

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
        by = self._by(by)
        with self._write() as con:
            skip = ",".join("?" * len(_NOT_UNDOABLE))
            row = con.execute(
                f"SELECT id, at, action, target, details FROM events e WHERE by=? AND action NOT IN ({skip})"
                " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id) ORDER BY id DESC LIMIT 1",
                (by, *_NOT_UNDOABLE)).fetchone()
            if row is None:
                result = Undone(f"Nothing to undo: {by} has no actions in this study that are not already undone.")
                result.event = None
                return result
            event_id, at, action, target, details = row
            self._reverse(action, target, json.loads(details))
            when = at.replace("T", " at ")[:-3] if at and "T" in at else at
            text = f"Undid {by}'s {_UNDO_PHRASES.get(action, action.replace('_', ' ') + ' ({})').format(target)} (done {when})."
            undo_id = self._log("undo", target, {"undid": event_id, "action": action, "at": at}, by=by,
                                undoes=event_id)
        result = Undone(text)
        result.event = {"id": undo_id, "by": by, "action": "undo", "target": target, "undoes": event_id}
        return result

    def _reverse(self, action: str, target: str, details: dict) -> None:
        con = self._con
        ref = target.split(" ", 1)[1] if target and " " in target else None
        if target and target.startswith("next step "):
            ref = target[len("next step "):]
        if action == "record":
            con.execute("UPDATE demands SET status='undone' WHERE id=?", (int(ref),))
            self._drop_unused_type(details.get("after", {}).get("demand_type"))
        elif action == "import_demands":
            ids = details.get("ids", [])
            con.executemany("UPDATE demands SET status='undone' WHERE id=?", [(i,) for i in ids])
            for (tid,) in con.execute("SELECT id FROM types WHERE origin='imported'").fetchall():
                self._drop_unused_type(self._type_name_of(tid), only_origin="imported")
        elif action == "reclassify":
            before, after = details["before"], details["after"]
            row = self._demand_row(ref)
            now_type = self._type_name_of(row[3])
            if row[2] != after["classification"] or now_type != after["demand_type"]:
                raise StudyError(
                    f"Demand {ref} has been changed again since (now {row[2] or 'undecided'}, "
                    f"{now_type or 'no type'}), so this undo would overwrite someone's later work. "
                    "Reclassify it directly instead. Nothing was changed.")
            type_id = self._type_id(before["demand_type"], self.user, origin="emerged") if before["demand_type"] else None
            con.execute("UPDATE demands SET classification=?, type_id=? WHERE id=?",
                        (before["classification"], type_id, int(ref)))
            if after["demand_type"] != before["demand_type"]:
                self._drop_unused_type(after["demand_type"], only_emerged_since=True)
        elif action == "correct":
            row = self._demand_row(ref)
            if row[1] != details["after"]["verbatim"]:
                raise StudyError(f"Demand {ref}'s words have been changed again since, so this undo "
                                 "would overwrite later work. Correct it directly instead. Nothing was changed.")
            con.execute("UPDATE demands SET verbatim=? WHERE id=?", (details["before"]["verbatim"], int(ref)))
        elif action == "void":
            con.execute("UPDATE demands SET status='live', void_reason=NULL WHERE id=?", (int(ref),))
        elif action == "add_types":
            for name in details.get("names", []):
                type_id = con.execute("SELECT id FROM types WHERE name=?", (name,)).fetchone()
                if type_id and self._uses(type_id[0]):
                    raise StudyError(f"Type {name!r} has demands now, so adding it cannot be undone. Nothing was changed.")
            for name in details.get("names", []):
                con.execute("DELETE FROM types WHERE name=? AND NOT EXISTS "
                            "(SELECT 1 FROM types t WHERE t.merged_into = types.id)", (name,))
        elif action == "describe_type":
            type_id = self._type_by_name(ref)[0]
            for key, value in details["before"].items():
                con.execute(f"UPDATE types SET {key}=? WHERE id=?", (value, type_id))
        elif action == "rename_type":
            old, new = details["before"]["name"], details["after"]["name"]
            if con.execute("SELECT 1 FROM types WHERE name=?", (old,)).fetchone():
                raise StudyError(f"There is a type called {old!r} again, so the rename cannot be undone. Nothing was changed.")
            con.execute("UPDATE types SET name=? WHERE name=?", (old, new))
        elif action == "merge_types":
            into_id = self._type_by_name(details["into"])[0]
            for name in details["names"]:
                con.execute("UPDATE types SET merged_into=NULL WHERE name=? AND merged_into=?", (name, into_id))
            if details.get("created"):
                # demands recorded into the new type since the merge go back to no type? No:
                # keep the type when it has been used since, else remove it.
                self._drop_unused_type(details["into"])
        elif action == "add_member":
            if details["before"] is None:
                con.execute("DELETE FROM members WHERE name=?", (ref,))
            else:
                con.execute("UPDATE members SET role=? WHERE name=?", (details["before"]["role"], ref))
        elif action in ("set_service_type", "set_plan"):
            key = details["key"]
            if details["before"] is None:
                con.execute("DELETE FROM meta WHERE key=?", (key,))
            else:
                con.execute("UPDATE meta SET value=? WHERE key=?", (_json(details["before"]), key))
        elif action in ("add_briefing", "add_verdict", "mark_shared", "add_reflection", "acknowledge",
                        "record_saturation_check"):
            con.execute("DELETE FROM entries WHERE id=?", (int(ref),))
        elif action == "add_next_step":
            con.execute("DELETE FROM next_steps WHERE id=?", (int(ref),))
        elif action == "complete_next_step":
            con.execute("UPDATE next_steps SET completed_at=NULL, completed_by=NULL WHERE id=?", (int(ref),))
        elif action == "save_worksheet":
            if details["before"] is None:
                con.execute("DELETE FROM worksheets WHERE name=?", (ref,))
            else:
                con.execute("UPDATE worksheets SET data=? WHERE name=?", (_json(details["before"]), ref))
        else:
            raise StudyError(f"An action of the kind {action!r} cannot be undone.")

    def _uses(self, type_id: int) -> int:
        ids = self._merged_family(type_id)
        marks = ",".join("?" * len(ids))
        return self._con.execute(
            f"SELECT count(*) FROM demands WHERE status!='undone' AND type_id IN ({marks})", ids).fetchone()[0]

    def _drop_unused_type(self, name, only_origin: str | None = None, only_emerged_since: bool = False) -> None:
        """Remove a type an undone action brought in, if nothing else uses it."""
        if not name:
            return
        row = self._con.execute("SELECT id, origin FROM types WHERE name=?", (name,)).fetchone()
        if row is None or self._uses(row[0]):
            return
        if only_origin and row[1] != only_origin:
            return
        if row[1] == "emerged" or row[1] == only_origin:
            if not self._con.execute("SELECT 1 FROM types WHERE merged_into=?", (row[0],)).fetchone():
                self._con.execute("DELETE FROM types WHERE id=?", (row[0],))

    # ------------------------------------------------------------------ reading
    @property
    def info(self) -> dict:
        """name, service, service_type, purpose, created_at and schema_version."""
        with self._lock:
            rows = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
            version = self._con.execute("PRAGMA user_version").fetchone()[0]
        info = {k: json.loads(rows[k]) if k in rows else None
                for k in ("name", "service", "service_type", "purpose", "created_at")}
        info["schema_version"] = version
        return info

    def _query(self, sql: str, params=()) -> list:
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def _type_names(self) -> dict[int, str]:
        """type id -> the name of the live type it now counts as (after renames and merges)."""
        return _s.live_type_names(self._query("SELECT id, name, merged_into FROM types"))

    def demands(self, include_voided: bool = False) -> "pd.DataFrame":
        """The demands, in capture order, in the canonical columns plus ``recorded_at``.

        Types shown are the current ones (after renames and merges). ``received_at`` and
        ``recorded_at`` are Timestamps. With ``include_voided=True`` the ones set aside
        are there too, with columns ``voided`` and ``void_reason``.
        """
        import pandas as pd

        where = "status != 'undone'" if include_voided else "status = 'live'"
        rows = self._query(
            "SELECT d.id, d.received_at, d.channel, d.verbatim, d.classification, d.type_id,"
            " d.captured_by, coalesce(d.captured_role, m.role), d.contact_id, d.person_id, d.contact_from,"
            " d.what_matters, d.source_id, d.notes, d.recorded_at, d.extra, d.status, d.void_reason"
            f" FROM demands d LEFT JOIN members m ON m.name = d.captured_by WHERE {where} ORDER BY d.id")
        names = self._type_names()
        cols = list(DEMAND_COLUMNS) + ["recorded_at"]
        records, extras = [], []
        for row in rows:
            rec = list(row[:15])
            rec[5] = names.get(row[5]) if row[5] is not None else None
            records.append(rec)
            extras.append(json.loads(row[15]) if row[15] else {})
        frame = pd.DataFrame(records, columns=cols)
        frame["id"] = frame["id"].astype("int64")
        for col in ("received_at", "recorded_at"):
            frame[col] = pd.to_datetime(frame[col], format="ISO8601", errors="coerce")
        extra_cols = sorted({k for e in extras for k in e})
        for col in extra_cols:
            frame[col] = [e.get(col) for e in extras]
        if include_voided:
            frame["voided"] = [r[16] == "voided" for r in rows]
            frame["void_reason"] = [r[17] for r in rows]
        return frame

    def types(self, include_merged: bool = False) -> "pd.DataFrame":
        """The demand types: name, classification (from their demands, else as declared;
        "mixed" when both value and failure), origin, first_seen_at, first_seen_by, uses,
        what_matters, failed_where, arises_from. Types merged into others are left out
        unless ``include_merged=True`` (then a ``merged_into`` column says where they went)."""
        import pandas as pd

        names = self._type_names()
        rows = self._query("SELECT id, name, declared_classification, origin, first_seen_at, first_seen_by,"
                           " what_matters, failed_where, arises_from, merged_into FROM types ORDER BY id")
        counts: dict[str, dict] = {}
        for type_id, cls_ in self._query("SELECT type_id, classification FROM demands WHERE status='live' AND type_id IS NOT NULL"):
            bucket = counts.setdefault(names.get(type_id), {})
            bucket[cls_] = bucket.get(cls_, 0) + 1
        records = []
        for r in rows:
            merged = r[9] is not None
            if merged and not include_merged:
                continue
            found = counts.get(r[1], {}) if not merged else {}
            rec = {"name": r[1], "classification": _combine_classes(set(found), r[2]), "origin": r[3],
                   "first_seen_at": r[4], "first_seen_by": r[5], "uses": sum(found.values()),
                   "what_matters": r[6], "failed_where": r[7], "arises_from": r[8]}
            if include_merged:
                rec["merged_into"] = names[r[0]] if merged else None
            records.append(rec)
        cols = ["name", "classification", "origin", "first_seen_at", "first_seen_by", "uses",
                "what_matters", "failed_where", "arises_from"] + (["merged_into"] if include_merged else [])
        frame = pd.DataFrame(records, columns=cols)
        frame["first_seen_at"] = pd.to_datetime(frame["first_seen_at"], format="ISO8601", errors="coerce")
        frame["uses"] = frame["uses"].astype("int64")
        return frame

    def events(self) -> "pd.DataFrame":
        """The log: id, at, by, action, target, details (a dict), undone (bool)."""
        import pandas as pd

        rows = self._query("SELECT e.id, e.at, e.by, e.action, e.target, e.details,"
                           " EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id) FROM events e ORDER BY e.id")
        frame = pd.DataFrame([(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), bool(r[6])) for r in rows],
                             columns=["id", "at", "by", "action", "target", "details", "undone"])
        frame["at"] = pd.to_datetime(frame["at"], format="ISO8601", errors="coerce")
        frame["id"] = frame["id"].astype("int64")
        frame["undone"] = frame["undone"].astype(bool)
        return frame

    def members(self) -> "pd.DataFrame":
        """The team: name, role."""
        import pandas as pd

        return pd.DataFrame(self._query("SELECT name, role FROM members ORDER BY added_at, name"),
                            columns=["name", "role"])

    def plan(self) -> dict | None:
        """The sampling plan (doors, days, times, demands_planned), or None if not set."""
        row = self._query("SELECT value FROM meta WHERE key='plan'")
        return json.loads(row[0][0]) if row else None

    def _entries(self, kind: str, columns: list[str]) -> "pd.DataFrame":
        import pandas as pd

        out = []
        for id_, at, by, day, text, data in self._query(
                "SELECT id, at, by, day, text, data FROM entries WHERE kind=? ORDER BY id", (kind,)):
            data = json.loads(data) if data else {}
            full = {"id": id_, "at": at, "by": by, "day": day, "text": text, "with_whom": text,
                    "reason": text, **data}
            out.append([full.get(c) for c in columns])
        frame = pd.DataFrame(out, columns=columns)
        if "at" in frame:
            frame["at"] = pd.to_datetime(frame["at"], format="ISO8601", errors="coerce")
        return frame

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

    def next_steps(self) -> "pd.DataFrame":
        """Next steps: id, text, created_at, completed_at, created_by, completed_by."""
        import pandas as pd

        frame = pd.DataFrame(self._query("SELECT id, text, created_at, completed_at, created_by, completed_by"
                                         " FROM next_steps ORDER BY id"),
                             columns=["id", "text", "created_at", "completed_at", "created_by", "completed_by"])
        for col in ("created_at", "completed_at"):
            frame[col] = pd.to_datetime(frame[col], format="ISO8601", errors="coerce")
        return frame

    def worksheet(self, name: str) -> dict:
        """A saved worksheet's fields, as a dict."""
        row = self._query("SELECT data FROM worksheets WHERE name=?", (str(name),))
        if not row:
            saved = [r[0] for r in self._query("SELECT name FROM worksheets ORDER BY name")]
            raise KeyError(f"No worksheet called {name!r} has been saved. Saved ones: {', '.join(saved) or 'none yet'}.")
        return json.loads(row[0][0])

    def worksheets(self) -> "pd.DataFrame":
        """The saved worksheets: name, saved_at, saved_by."""
        import pandas as pd

        frame = pd.DataFrame(self._query("SELECT name, saved_at, saved_by FROM worksheets ORDER BY name"),
                             columns=["name", "saved_at", "saved_by"])
        frame["saved_at"] = pd.to_datetime(frame["saved_at"], format="ISO8601", errors="coerce")
        return frame

    # ------------------------------------------------------------------ export
    def export(self, path) -> ExportResult:
        """Write the demands and the event log to CSV or XLSX, after a personal-data check.

        A CSV export writes the demands to ``path`` and the log beside it as
        ``<stem>_events.csv``; an XLSX export has a sheet for each. The check looks at
        every verbatim and note and the result says what it found. Patterns cannot catch
        everything (a child's name, a health detail): a person must read the text before
        it is shared with anyone.

        >>> import tempfile, pathlib
        >>> s = Study.scratch()
        >>> s.record("Please ring me back on 07700 900123", classification="failure")
        1
        >>> result = s.export(pathlib.Path(tempfile.mkdtemp()) / "repairs.xlsx")
        >>> print(result)
        Wrote 1 demands and 2 events to .../repairs.xlsx. The personal-data check found 1 possible piece(s) of personal data in 1 demand(s): 1 ... so a person must read every text before it is shared.
        >>> result.finds[["demand_id", "field", "kind"]].values.tolist()
        [[1, 'verbatim', ...]]
        """
        from helpers.analysis.personal_data import READ_BEFORE_SHARING, find_personal_data
        from helpers.core.tabular import write_table

        if _readonly_mode():
            raise StudyError("This is a read-only walkthrough, so nothing is written to disk, exports included.")
        path = Path(path)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise ValueError(f"Export to a .csv or .xlsx file; {path.name} is neither.")
        demands = self.demands()
        events = self.events()
        events["details"] = events["details"].map(_json)
        texts, where = [], []
        for field in ("verbatim", "notes", "what_matters"):
            for demand_id, text in zip(demands["id"], demands[field]):
                if isinstance(text, str) and text.strip():  # missing text is NaN, which is truthy
                    texts.append(text)
                    where.append((int(demand_id), field))
        finds = find_personal_data(texts)
        finds = finds.copy()
        finds.insert(0, "field", [where[i][1] for i in finds["text_index"]] if len(finds) else [])
        finds.insert(0, "demand_id", [where[i][0] for i in finds["text_index"]] if len(finds) else [])
        written = write_table({"demands": demands, "events": events}, path)
        paths = [Path(p) for p in written]
        if len(finds):
            kinds = finds["kind"].value_counts()
            listing = ", ".join(f"{n} {k}" for k, n in kinds.items())
            found = (f"The personal-data check found {len(finds)} possible piece(s) of personal data "
                     f"in {finds['demand_id'].nunique()} demand(s): {listing}. See .finds for where. ")
        else:
            found = "The personal-data check found nothing it recognises. "
        message = (f"Wrote {len(demands)} demands and {len(events)} events to {', '.join(str(p) for p in paths)}. "
                   + found + READ_BEFORE_SHARING)
        result = ExportResult(message)
        result.paths = paths
        result.finds = finds
        return result

    # ------------------------------------------------------------------ replay
    @classmethod
    def replay(cls, actions, into=None) -> "Study":
        """Build a study from a table of actions, one row per call of this API.

        ``actions`` is a CSV path or a DataFrame with four columns:

        - ``at``: when it happened, an ISO local time such as ``2026-03-02T09:14:00``;
          events, ``recorded_at`` and types' ``first_seen_at`` take this time;
        - ``by``: who did it (``study.user`` for that row);
        - ``action``: a Study method name (``record``, ``reclassify``, ``merge_types``,
          ``add_briefing``...), or ``create``, allowed only as the first row, whose args
          are :meth:`create`'s keyword arguments (without the path);
        - ``args``: a JSON object of keyword arguments (empty means none).

        Ids given by ``record`` are 1, 2, 3... in the order of the rows, so a later row
        can refer to them (ids from ``import_demands`` and ``add_next_step`` count the
        same way). For example, a CSV::

            at,by,action,args
            2026-03-02T08:30:00,Asha,create,"{""name"": ""Repairs"", ""team"": {""Asha"": ""call handler""}}"
            2026-03-02T09:14:00,Asha,record,"{""verbatim"": ""Is the plumber still coming?"", ""classification"": ""F""}"
            2026-03-02T16:05:00,Ben,reclassify,"{""id"": 1, ""demand_type"": ""Is someone coming today?""}"

        ``into=None`` builds a scratch study; a path creates a new study file there; a
        Study adds to that study (its ``create`` row, if any, is skipped; ids in the
        table are mapped to the ids the study gives). In ``import_demands`` rows,
        ``frame`` is a list of row objects or a path (relative to the CSV's folder). A
        row that fails stops the replay with a message naming
        its row (as in a spreadsheet, the header is row 1).

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
        rows, source = _read_actions(actions)
        study: Study | None = None
        if isinstance(into, Study):
            study = into
        start = 0
        if rows and rows[0][2] == "create":
            at, by, _, args = rows[0]
            if study is None:
                if into is None:
                    study = cls.scratch(**_create_args(args, source, 2))
                else:
                    study = cls._replay_create(into, args, source, at, by)
                study._stamp_creation(at, by)
            start = 1
        if study is None:
            study = cls.scratch() if into is None else cls.create(into)
        id_map: dict[int, int] = {}
        step_map: dict[int, int] = {}
        counters = {"demand": 0, "step": 0}
        saved_user, saved_clock = study.user, study._clock
        try:
            for index in range(start, len(rows)):
                at, by, action, args = rows[index]
                line = index + 2
                if action == "create":
                    raise StudyError(f"{source}, row {line}, column 'action': 'create' is allowed only on the first row.")
                method = getattr(study, action, None) if action in _REPLAYABLE else None
                if method is None:
                    raise StudyError(f"{source}, row {line}, column 'action': {action!r} is not an action a "
                                     f"study can replay. Use one of: create, {', '.join(sorted(_REPLAYABLE))}.")
                try:
                    study._clock = _s.iso_time(at, "at") if at else None
                except ValueError as exc:
                    raise StudyError(f"{source}, row {line}, column 'at': {exc}") from None
                study.user = by or saved_user
                if action in ("reclassify", "correct", "void", "erase_personal_data") and "id" in args:
                    args = dict(args, id=id_map.get(int(args["id"]), int(args["id"])))
                if action == "complete_next_step" and "id" in args:
                    args = dict(args, id=step_map.get(int(args["id"]), int(args["id"])))
                if action == "import_demands" and "frame" in args:
                    args = dict(args, frame=_frame_arg(args["frame"], actions))
                try:
                    result = method(**args)
                except (StudyError, ValueError, TypeError, KeyError) as exc:
                    raise StudyError(f"{source}, row {line} ({action}): {exc}") from None
                if action == "record":
                    counters["demand"] += 1
                    id_map[counters["demand"]] = result
                elif action == "import_demands":
                    for new_id in result:
                        counters["demand"] += 1
                        id_map[counters["demand"]] = new_id
                elif action == "add_next_step":
                    counters["step"] += 1
                    step_map[counters["step"]] = result
        finally:
            study.user, study._clock = saved_user, saved_clock
        return study

    @classmethod
    def _replay_create(cls, into, args, source, at, by) -> "Study":
        return cls.create(into, **_create_args(args, source, 2))

    def _stamp_creation(self, at, by) -> None:
        """Give the create event and the study the time and person from the replay's first row."""
        if self.readonly:
            return
        at_iso = _s.iso_time(at, "at") if at else None
        with self._write() as con:
            if at_iso:
                con.execute("UPDATE meta SET value=? WHERE key='created_at'", (_json(at_iso),))
                con.execute("UPDATE events SET at=? WHERE action IN ('create', 'add_member')", (at_iso,))
                con.execute("UPDATE members SET added_at=?", (at_iso,))
            if by:
                con.execute("UPDATE events SET by=? WHERE action IN ('create', 'add_member')", (by,))


# Methods replay may call (create is handled on its own).
_REPLAYABLE = frozenset({
    "record", "import_demands", "reclassify", "correct", "void", "erase_personal_data", "add_types",
    "describe_type", "rename_type", "merge_types", "undo", "add_member", "set_service_type",
    "set_plan", "add_briefing", "add_front_line_verdict", "mark_shared", "save_worksheet",
    "add_reflection", "record_saturation_check", "add_next_step", "complete_next_step", "acknowledge",
})
_CREATE_ARGS = {"name", "service", "service_type", "purpose", "team"}


def _create_args(args: dict, source, line: int) -> dict:
    unknown = set(args) - _CREATE_ARGS
    if unknown:
        raise StudyError(f"{source}, row {line} (create): {', '.join(sorted(unknown))} is not an argument of "
                         f"create. Use: {', '.join(sorted(_CREATE_ARGS))}.")
    return dict(args)


def _frame_arg(value, actions):
    """An import's frame from a replay row: rows as JSON objects, or a path to a file."""
    if isinstance(value, str):
        path = Path(value)
        if not path.is_absolute() and isinstance(actions, (str, os.PathLike)):
            path = Path(actions).parent / path
        return path
    import pandas as pd

    return pd.DataFrame(value)


def _read_actions(actions) -> tuple[list[tuple], str]:
    """The action rows as (at, by, action, args-dict), checked, and a name for messages."""
    if isinstance(actions, (str, os.PathLike)):
        import csv

        source = Path(actions).name
        try:
            with open(actions, newline="", encoding="utf-8-sig") as handle:
                raw = list(csv.DictReader(handle))
                header = list(raw[0].keys()) if raw else []
        except FileNotFoundError:
            raise StudyError(f"There is no file of actions at {actions}.") from None
    else:
        source = "the actions table"
        header = [str(c) for c in actions.columns]
        raw = actions.to_dict("records")
    missing = [c for c in ("at", "by", "action", "args") if c not in header] if raw else []
    if missing:
        raise StudyError(f"{source} has no column {', '.join(map(repr, missing))}. It needs the columns at, by, "
                         f"action, args; it has: {', '.join(header)}.")
    rows = []
    for index, row in enumerate(raw):
        line = index + 2
        action = (_s.clean_text(row.get("action")) or "").strip()
        if not action:
            raise StudyError(f"{source}, row {line}, column 'action': empty; name a Study method such as record.")
        args = row.get("args")
        if isinstance(args, Mapping):
            args = dict(args)
        else:
            text = (_s.clean_text(args) or "").strip()
            try:
                args = json.loads(text) if text else {}
            except json.JSONDecodeError as exc:
                raise StudyError(f"{source}, row {line}, column 'args': not valid JSON ({exc.msg} at "
                                 f"character {exc.pos + 1}). Write a JSON object such as "
                                 '{"verbatim": "...", "classification": "failure"}.') from None
            if not isinstance(args, dict):
                raise StudyError(f"{source}, row {line}, column 'args': expected a JSON object "
                                 '({"name": value, ...}), got something else.')
        at = _s.clean_text(row.get("at"))
        by = (_s.clean_text(row.get("by")) or "").strip() or None
        rows.append((at.strip() if at else None, by, action, args))
    return rows, source


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
    """A copy of event details with every verbatim and note blanked, however deep."""
    if isinstance(value, dict):
        return {k: ("" if k in _PERSONAL_FIELDS and v is not None else _blank_personal(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank_personal(v) for v in value]
    return value


# ---------------------------------------------------------------------- merging
def merge_studies(paths: Iterable, into=None, by: str | None = None) -> Study:
    """Combine studies captured on separate laptops into one new study.

    Every demand and every event comes across with who made it and when; ids are
    renumbered, and each event notes the study it came from (``details["source_study"]``).
    Types with the same name become one. ``into`` is the new study's path (it must not
    exist yet); None builds a scratch study. The sources are opened read-only and never
    changed.

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
    sources = [Study.open(p, readonly=True) if not isinstance(p, Study) else p for p in paths]
    if not sources:
        raise ValueError("Give at least one study to merge.")
    first = sources[0].info
    kwargs = {k: first[k] for k in ("service", "service_type", "purpose")}
    name = first["name"]
    target = Study.scratch(name=name, **kwargs) if into is None else Study.create(into, name=Path(str(into)).stem if name is None else name, **kwargs)
    user = target._by(by)
    con = target._con
    with target._write():
        con.execute("DELETE FROM events")  # the new study's own create event is replaced by the sources'
        con.execute("DELETE FROM members")
        all_events = []
        for index, src in enumerate(sources):
            label = src.info.get("name") or f"study {index + 1}"
            where = str(src.path) if src.path else label
            scon = src._con
            # types by name; merges kept when they make no loop
            type_map: dict[int, int] = {}
            src_types = scon.execute("SELECT id, name, declared_classification, origin, first_seen_at, first_seen_by,"
                                     " what_matters, failed_where, arises_from, merged_into FROM types ORDER BY id").fetchall()
            for t in src_types:
                row = con.execute("SELECT id, first_seen_at FROM types WHERE name=?", (t[1],)).fetchone()
                if row is None:
                    cur = con.execute("INSERT INTO types(name, declared_classification, origin, first_seen_at, first_seen_by,"
                                      " what_matters, failed_where, arises_from) VALUES (?,?,?,?,?,?,?,?)", t[1:9])
                    type_map[t[0]] = cur.lastrowid
                else:
                    type_map[t[0]] = row[0]
                    if t[4] and (row[1] is None or t[4] < row[1]):
                        con.execute("UPDATE types SET first_seen_at=?, first_seen_by=? WHERE id=?", (t[4], t[5], row[0]))
                    for i, key in ((6, "what_matters"), (7, "failed_where"), (8, "arises_from")):
                        if t[i]:
                            con.execute(f"UPDATE types SET {key}=coalesce({key}, ?) WHERE id=?", (t[i], row[0]))
            for t in src_types:
                if t[9] is not None:
                    child, parent = type_map[t[0]], type_map[t[9]]
                    if child != parent and child not in target._merged_family_ids_up(parent):
                        con.execute("UPDATE types SET merged_into=coalesce(merged_into, ?) WHERE id=?", (parent, child))
            demand_map: dict[int, int] = {}
            for d in scon.execute("SELECT id, recorded_at, received_at, channel, verbatim, classification, type_id,"
                                  " captured_by, captured_role, contact_id, person_id, contact_from, what_matters,"
                                  " source_id, notes, extra, status, void_reason FROM demands ORDER BY id").fetchall():
                values = list(d[1:])
                values[5] = type_map.get(d[6]) if d[6] is not None else None
                cur = con.execute("INSERT INTO demands(recorded_at, received_at, channel, verbatim, classification, type_id,"
                                  " captured_by, captured_role, contact_id, person_id, contact_from, what_matters,"
                                  " source_id, notes, extra, status, void_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                                  values)
                demand_map[d[0]] = cur.lastrowid
            for m in scon.execute("SELECT name, role, added_at FROM members").fetchall():
                con.execute("INSERT INTO members(name, role, added_at) VALUES (?,?,?) ON CONFLICT(name) DO NOTHING", m)
            entry_map: dict[int, int] = {}
            for e in scon.execute("SELECT id, kind, at, by, day, text, data FROM entries ORDER BY id").fetchall():
                cur = con.execute("INSERT INTO entries(kind, at, by, day, text, data) VALUES (?,?,?,?,?,?)", e[1:])
                entry_map[e[0]] = cur.lastrowid
            step_map: dict[int, int] = {}
            for s in scon.execute("SELECT id, text, created_at, created_by, completed_at, completed_by FROM next_steps ORDER BY id").fetchall():
                cur = con.execute("INSERT INTO next_steps(text, created_at, created_by, completed_at, completed_by)"
                                  " VALUES (?,?,?,?,?)", s[1:])
                step_map[s[0]] = cur.lastrowid
            for w in scon.execute("SELECT name, data, saved_at, saved_by FROM worksheets").fetchall():
                old = con.execute("SELECT saved_at FROM worksheets WHERE name=?", (w[0],)).fetchone()
                if old is None or (w[2] or "") > (old[0] or ""):
                    con.execute("INSERT INTO worksheets(name, data, saved_at, saved_by) VALUES (?,?,?,?) ON CONFLICT(name)"
                                " DO UPDATE SET data=excluded.data, saved_at=excluded.saved_at, saved_by=excluded.saved_by", w)
            plan = scon.execute("SELECT value FROM meta WHERE key='plan'").fetchone()
            if plan:
                con.execute("INSERT INTO meta(key, value) VALUES ('plan', ?) ON CONFLICT(key) DO NOTHING", plan)
            maps = {"demand": demand_map, "entry": entry_map, "next step": step_map}
            for ev in scon.execute("SELECT id, at, by, action, target, details, undoes FROM events ORDER BY id").fetchall():
                details = json.loads(ev[5])
                target_text = _remap_target(ev[4], maps)
                if "ids" in details and isinstance(details["ids"], list):
                    details["ids"] = [demand_map.get(i, i) for i in details["ids"]]
                    if details["ids"]:
                        target_text = f"demands {details['ids'][0]}-{details['ids'][-1]}"
                details["source_study"] = where
                details["source_event_id"] = ev[0]
                all_events.append((ev[1], index, ev[0], ev[2], ev[3], target_text, details, ev[6]))
        all_events.sort(key=lambda e: (e[0], e[1], e[2]))
        event_map: dict[tuple, int] = {}
        for at, index, old_id, by_, action, target_text, details, undoes in all_events:
            cur = con.execute("INSERT INTO events(at, by, action, target, details, undoes) VALUES (?,?,?,?,?,NULL)",
                              (at, by_, action, target_text, _json(details)))
            event_map[(index, old_id)] = cur.lastrowid
        for at, index, old_id, *_rest, undoes in all_events:
            if undoes is not None and (index, undoes) in event_map:
                con.execute("UPDATE events SET undoes=? WHERE id=?", (event_map[(index, undoes)], event_map[(index, old_id)]))
        target._log("merge_studies", "study", {"sources": [str(s.path) if s.path else s.info.get("name") for s in sources],
                                               "demands": con.execute("SELECT count(*) FROM demands").fetchone()[0]}, by=user)
    for src, given in zip(sources, paths):
        if not isinstance(given, Study):
            src.close()
    return target


def _remap_target(target: str | None, maps: dict) -> str | None:
    if not target:
        return target
    for prefix, mapping in maps.items():
        if target.startswith(prefix + " "):
            rest = target[len(prefix) + 1:]
            if rest.isdigit() and int(rest) in mapping:
                return f"{prefix} {mapping[int(rest)]}"
    return target
