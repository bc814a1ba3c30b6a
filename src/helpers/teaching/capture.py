"""Live capture and group classification: two keyboard-first widgets that never lose a word.

``capture(study)`` is the form a listener uses beside a call handler: the person's words, a
classification, a demand type from the team's own (a new name creates one), channel, listener,
"same contact", notes, save and undo. ``classify_together(study)`` is the projector view for the
team's session: one demand at a time in large type, single keys to classify, findings as quiet cards.

How a word is never lost:

- the page sends every save as one message carrying the form's values; Python never reads
  a text box (that lost text in about half of immediate saves);
- Python answers with the new id only after :meth:`helpers.Study.record` returned (the
  demand is on disk); only then does the page say "saved" and empty the box;
- a save that fails answers with a plain sentence saying what happened and what to do,
  and the text stays in the box;
- the tally, the saturation sentence and the findings refresh after the answer, never on
  the save path.

Both widgets can be driven without a browser, which is how the tests check the logic:

>>> from helpers.core.study import Study
>>> study = Study.scratch(name="Repairs")
>>> form = capture(study, captured_by="Asha")
>>> reply = form.receive({"kind": "save", "req": "1", "verbatim": "Is anyone coming today?",
...                       "classification": "failure", "demand_type": "Is someone coming?"})
>>> reply["kind"], reply["id"], reply["created_type"]
('saved', 1, 'Is someone coming?')
>>> form.tally["demands"], form.tally["share_text"]
(1, 'Failure demand so far: 1 of 1 classified as value or failure (100%).')
>>> form.receive({"kind": "undo", "req": "2", "by": "Asha"})["message"]
"Undid Asha's ... demand 1 ... The words were: “Is anyone coming today?”. They are back in the box."
"""
from __future__ import annotations

import datetime as _dt
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import anywidget
import traitlets as t

if TYPE_CHECKING:
    import pandas as pd

    from helpers.core.study import Study

__all__ = ["CaptureForm", "GroupClassifier", "capture", "classify_together", "capture_app", "explain_save_error"]

_STATIC = Path(__file__).parent / "static"

#: Channels offered as suggestions (any text is accepted).
DEFAULT_CHANNELS = ("phone", "email", "web form", "letter", "face to face", "social media", "app")

_CLASS_LABELS = {"unsure": "Unsure", "not demand": "Not customer demand"}


# ---------------------------------------------------------------- plain messages

def explain_save_error(exc: BaseException, study: "Study | None" = None, what: str = "Not saved") -> str:
    """A plain sentence for a failed save: what happened, that the text is safe, what to do.

    >>> import sqlite3
    >>> print(explain_save_error(sqlite3.OperationalError("database is locked")))
    Not saved: another program is holding the study file locked. Your text is still in the box. Wait a few seconds
    and save again; if it keeps happening, close other notebooks or programs that have this study open.
    >>> print(explain_save_error(sqlite3.OperationalError("database or disk is full")))
    Not saved: the disk holding the study is full. Your text is still in the box: copy it somewhere safe, free some
    space (or ask IT), then save again.
    """
    # SQLite ends a transaction itself on some errors (a full disk); the ROLLBACK that
    # follows then fails and hides the real cause, which is kept as the context.
    while "cannot rollback" in str(exc) and exc.__context__ is not None:
        exc = exc.__context__
    where = f" ({study.path})" if study is not None and getattr(study, "path", None) else ""
    safe = "Your text is still in the box"
    text = str(exc).lower()
    if isinstance(exc, FileNotFoundError) or "unable to open" in text or "no such table" in text:
        return (f"{what}: the study file{where} cannot be found any more (moved, renamed, or on a drive "
                f"that was removed). {safe}: copy it somewhere safe, put the study back or ask your "
                "facilitator, then save again.")
    if "locked" in text or "busy" in text:
        return (f"{what}: another program is holding the study file{where} locked. {safe}. Wait a few "
                "seconds and save again; if it keeps happening, close other notebooks or programs that "
                "have this study open.")
    if "full" in text or getattr(exc, "errno", None) == 28:
        return (f"{what}: the disk holding the study{where} is full. {safe}: copy it somewhere safe, free "
                "some space (or ask IT), then save again.")
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return (f"{what}: the study{where} can only be read here, not written. {safe}. Open the study "
                "for writing (in JupyterLab, or with make capture), then save again.")
    if "disk i/o" in text or isinstance(exc, OSError):
        return (f"{what}: the computer could not write to the study file{where} ({exc}). {safe}: copy it "
                "somewhere safe, check the drive is still there, then save again.")
    if isinstance(exc, (ValueError, LookupError)) or type(exc).__name__ == "StudyError":
        return f"{what}: {exc} {safe}."
    return (f"{what}: something unexpected went wrong ({type(exc).__name__}: {exc}). {safe}: copy it "
            "somewhere safe and tell your facilitator.")


def _text(value: Any) -> str | None:
    """A value from the page as text, or None when empty."""
    if value is None or type(value).__name__ in ("NAType", "NaTType") or value != value:
        return None  # None, pandas' missing values and NaN (NA first: it cannot say whether NA != NA)
    value = str(value).strip()
    return value or None


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (JupyterLab, Voila), whose event loop runs the refresh."""
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None


# ---------------------------------------------------------------- the shared base

class _DemandWidget(anywidget.AnyWidget):
    _esm = _STATIC / "capture.js"
    _css = _STATIC / "capture.css"

    view = t.Unicode("capture").tag(sync=True)
    notice = t.Unicode("").tag(sync=True)
    #: The team's types, most used first: [{"name", "classification", "uses"}].
    types = t.List().tag(sync=True)
    #: A plain message from Python that is not the answer to a key (e.g. a refresh failed).
    status = t.Unicode("").tag(sync=True)
    #: Where the switch key goes ("to classify together"); empty when there is nowhere.
    switch_label = t.Unicode("").tag(sync=True)
    #: Which study (its file): the page keeps unsaved words in the browser under it.
    study_key = t.Unicode("").tag(sync=True)
    #: True in the capture app (the page speaks to a listener, not a notebook user).
    app = t.Bool(False).tag(sync=True)

    def __init__(self, study: "Study", *, refresh_delay: float = 0.3, **kwargs):
        super().__init__(**kwargs)
        self.study = study
        self.refresh_delay = refresh_delay
        #: Refresh on the event loop a moment after the answer: by default only inside a
        #: kernel (elsewhere, e.g. a script, a running loop may belong to someone else).
        self.defer_refresh: bool | None = None
        self._refresh_handle = None
        self._on_switch: Callable | None = None
        self._type_names: dict[str, str] = {}
        readonly = "This study was opened read-only: you can look, but nothing can be saved here."
        self.notice = str(getattr(study, "notice", None) or (readonly if getattr(study, "readonly", False) else ""))
        self.study_key = str(getattr(study, "path", None) or f"scratch:{study.info.get('name') or ''}")
        self.on_msg(self._on_msg)

    # -- messages from the page
    def _on_msg(self, _widget, content, _buffers) -> None:
        self.receive(content)

    def receive(self, content: dict, refresh: bool | None = None) -> dict | None:
        """Handle one message as the page sends it; answer the page; return the answer.

        Never raises: whatever goes wrong becomes a plain message in the widget. The
        refresh of heavy figures comes after the answer (later still when the kernel's
        event loop is there to schedule it); ``refresh=False`` leaves it to the caller.
        """
        msg = content if isinstance(content, dict) else {}
        try:
            if msg.get("kind") == "switch":
                if self._on_switch is not None:
                    self._on_switch()
                return None
            reply = self._dispatch(msg)
        except Exception as exc:  # a callback must never leak a traceback into Voila
            reply = {"kind": "failed", "message": explain_save_error(exc, self.study, "That did not work")}
        if reply is not None:
            reply.setdefault("req", msg.get("req"))
            reply.setdefault("view", msg.get("view"))
            do_refresh = reply.pop("refresh", True)
            try:
                self.send(reply)
            except Exception:  # no page attached (tests, a closed tab): the answer is returned
                pass
            self._after_reply()
            if do_refresh:
                self._schedule_refresh(immediate=refresh)
        return reply

    def _dispatch(self, msg: dict) -> dict | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def on_switch(self, callback: Callable[[], None], label: str) -> None:
        """Let the switch key (Alt+G in capture, G in the group view) call ``callback``;
        ``label`` says on screen where it goes ("to classify together")."""
        self._on_switch = callback
        self.switch_label = label

    def _after_reply(self) -> None:
        """What changes on the page once the answer has gone (the next item, say)."""

    # -- refreshing the heavy figures, after the answer
    def _schedule_refresh(self, immediate: bool | None = None) -> None:
        if immediate is False:  # the caller refreshes later (tests, batches)
            return
        defer = self.defer_refresh if self.defer_refresh is not None else _in_kernel()
        if immediate is None and defer:
            import asyncio

            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            if loop is not None and self.refresh_delay > 0:
                # Several quick saves share one refresh, and none waits for it.
                if self._refresh_handle is not None:
                    self._refresh_handle.cancel()
                self._refresh_handle = loop.call_later(self.refresh_delay, self.refresh)
                return
        self.refresh()

    def refresh(self) -> None:
        """Recompute what is shown beside the form (never raises)."""
        self._refresh_handle = None
        try:
            self._refresh()
            self.status = ""
        except Exception as exc:
            self.status = (f"The figures beside the form could not be brought up to date ({exc}). "
                           "Saving still works; nothing you saved is affected.")

    def _refresh(self) -> None:
        self._refresh_types()

    def _refresh_types(self) -> None:
        frame = self.study.types()
        rows = []
        if len(frame):
            frame = frame.sort_values(["uses", "name"], ascending=[False, True], kind="stable")
            for rec in frame.itertuples(index=False):
                cls_ = rec.classification if isinstance(rec.classification, str) else None
                rows.append({"name": rec.name, "classification": cls_, "uses": int(rec.uses)})
        self._type_names = {r["name"].lower(): r["name"] for r in rows}
        self.types = self._number(rows)

    def _number(self, rows: list[dict]) -> list[dict]:
        return rows

    def _match_type(self, name: str | None) -> tuple[str | None, bool]:
        """The team's spelling of a type typed in any case, and whether it is new."""
        name = " ".join(name.split()) if name else None
        if not name:
            return None, False
        known = self._type_names.get(name.lower())
        return (known, False) if known is not None else (name, True)

    def _check_file(self) -> None:
        # SQLite keeps writing to a deleted file's inode, silently: refuse instead.
        path = getattr(self.study, "path", None)
        if path is not None and not Path(path).exists():
            raise FileNotFoundError(str(path))


# ---------------------------------------------------------------- capture

class CaptureForm(_DemandWidget):
    """The live capture form. Make it with :func:`capture`."""

    captured_by = t.Unicode("").tag(sync=True)
    channels = t.List().tag(sync=True)
    #: {"demands", "value", "failure", "classified", "share_text", "new_types", "new_types_text"}
    tally = t.Dict().tag(sync=True)
    saturation = t.Unicode("").tag(sync=True)

    def __init__(self, study: "Study", *, captured_by: str | None = None,
                 channels=DEFAULT_CHANNELS, refresh_delay: float = 0.3, clock: Callable | None = None):
        super().__init__(study, refresh_delay=refresh_delay)
        self.view = "capture"
        user = getattr(study, "user", None)
        self.captured_by = captured_by or ("" if user in (None, "unknown") else str(user))
        self._channels = list(channels)
        self._saved: dict[str, dict] = {}  # key -> answer, so a re-sent save is not written twice
        self._last_contact: dict[str | None, str] = {}
        self._clock = clock or (lambda: _dt.datetime.now().replace(microsecond=0))
        self.refresh()

    def _dispatch(self, msg: dict) -> dict | None:
        kind = msg.get("kind")
        if kind == "save":
            return self._save(msg)
        if kind == "undo":
            return self._undo(msg)
        if kind == "who":  # the listener's name, as typed (so the other tab acts as them too)
            self.captured_by = _text(msg.get("by")) or self.captured_by
            return None
        return {"kind": "failed", "message": f"The form sent a message this version does not know ({kind!r}).",
                "refresh": False}

    def _save(self, msg: dict) -> dict:
        key = msg.get("key")
        if key and key in self._saved:
            return dict(self._saved[key], req=msg.get("req"), refresh=False)
        verbatim = msg.get("verbatim")
        if not isinstance(verbatim, str) or not verbatim.strip():
            return {"kind": "failed", "refresh": False,
                    "message": "Nothing to save yet: type what the person said, in their words, first."}
        classification = _text(msg.get("classification"))
        demand_type, new_type = self._match_type(_text(msg.get("demand_type")))
        by = _text(msg.get("captured_by")) or _text(self.captured_by)
        notes = _text(msg.get("notes"))
        reason = _text(msg.get("reason"))
        if reason and classification in _CLASS_LABELS:
            notes = f"{_CLASS_LABELS[classification]} because: {reason}" + (f". {notes}" if notes else "")
        contact = (_text(msg.get("contact_id")) or self._last_contact.get(by)) if msg.get("same_contact") else None
        if contact is None:
            contact = f"{self._clock():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
        try:
            self._check_file()
            new_id = self.study.record(
                verbatim, classification=classification, demand_type=demand_type,
                channel=_text(msg.get("channel")), captured_by=by, received_at=self._clock(),
                contact_id=contact, notes=notes)
        except Exception as exc:
            return {"kind": "failed", "refresh": False, "message": explain_save_error(exc, self.study)}
        self._last_contact[by] = contact
        if by:
            self.captured_by = by
        if new_type:
            self._type_names[demand_type.lower()] = demand_type
        answer = {"kind": "saved", "id": int(new_id), "contact_id": contact,
                  "created_type": demand_type if new_type else None}
        if key:
            self._saved[key] = answer
        return dict(answer)

    def _undo(self, msg: dict) -> dict:
        """Take back this person's last action (a classification in the other tab, say); when
        that was a recording, the answer carries its words so the page puts them back in the box."""
        by = _text(msg.get("by")) or (self.captured_by or None)
        if by:
            self.captured_by = by
        try:
            self._check_file()
            result = self.study.undo(by=by)
        except Exception as exc:
            return {"kind": "undone", "ok": False, "message": explain_save_error(exc, self.study, "Not undone")}
        text, event = str(result), getattr(result, "event", None)
        if event is None:
            return {"kind": "undone", "ok": False, "message": text}
        events = self.study.events()
        undid = events[events["id"] == event.get("undoes")]
        words = None
        if len(undid) and undid.iloc[0]["action"] == "record":
            words = (undid.iloc[0]["details"].get("after") or {}).get("verbatim")
        if words:
            text += f" The words were: “{words}”. They are back in the box."
        return {"kind": "undone", "ok": True, "message": text, "verbatim": words}

    def _refresh(self) -> None:
        self._refresh_types()
        frame = self.study.demands()
        cls_ = frame["classification"]
        value, failure = int((cls_ == "value").sum()), int((cls_ == "failure").sum())
        classified = value + failure
        share = (f"Failure demand so far: {failure} of {classified} classified as value or failure "
                 f"({round(100 * failure / classified)}%)." if classified else
                 "No demand classified as value or failure yet.")
        new = self._new_types()
        new_text = f"New types in the last day: {_names(new)}" if new else "No new types in the last day."
        self.tally = {"demands": int(len(frame)), "value": value, "failure": failure, "classified": classified,
                      "share_text": share, "new_types": new, "new_types_text": new_text}
        used = [c for c in frame["channel"].dropna().unique().tolist() if c not in self._channels]
        self.channels = self._channels + sorted(used)
        self.saturation = _saturation_sentence(self.study)

    def _new_types(self) -> list[str]:
        import pandas as pd

        types = self.study.types()
        if not len(types):
            return []
        since = pd.Timestamp(self._clock()) - pd.Timedelta(days=1)
        fresh = types[(types["origin"] == "emerged") & (types["first_seen_at"] >= since)]
        return fresh.sort_values("first_seen_at")["name"].tolist()


def _names(names: list[str]) -> str:
    """Type names in a line of text, each in quotation marks and no full stop after them, so a name
    ending in "?" or "." never meets the line's own punctuation ("coming today?." or "Leak..").

    >>> _names(["Is someone still coming today?", "Leak."])
    '“Is someone still coming today?”, “Leak.”'
    """
    return ", ".join(f"“{name.strip()}”" for name in names)


def _saturation_sentence(study) -> str:
    from helpers.analysis.saturation import saturation

    try:
        return str(saturation(study).message)
    except Exception:
        return ""


def _monitor(study):
    """helpers.analysis.checks' Monitor (cheap refreshes during a session), or None if it cannot start."""
    from helpers.analysis.checks import Monitor

    try:
        return Monitor(study)
    except Exception:
        return None


def _findings(study, monitor=None) -> list[dict]:
    """check_study's findings not yet acknowledged, as quiet cards (at most six); none if the checks fail."""
    try:
        if monitor is not None:
            found = monitor.refresh()
        else:
            from helpers.analysis.checks import check_study

            found = check_study(study)
    except Exception:  # the checks are advice: never let them stop a session
        return []
    return [{"code": str(getattr(f, "code", "")), "severity": str(getattr(f, "severity", "note")),
             "message": str(getattr(f, "message", f))} for f in found or [] if not getattr(f, "acknowledged", None)][:6]


# ---------------------------------------------------------------- group classification

def _source_ids(frame: "pd.DataFrame") -> list[str]:
    """A stable source_id for every row: the file's own, else its id, else file and row."""
    none = [None] * len(frame)
    own, ids = frame.get("source_id", none), frame.get("id", none)
    source = frame.attrs.get("source")
    stem = Path(str(source)).name if source else None
    # Row numbers as a person sees them in Excel (the header is row 1).
    return [_text(a) or _text(b) or (f"{stem} row {i + 2}" if stem else f"row {i + 1}")
            for i, (a, b) in enumerate(zip(own, ids))]


def _paper_marks(study) -> set[int]:
    """Demands that came in from a sheet already classified (V, F, ? or N on paper) and that
    no one has classified since: the listener's first view, still to be talked over."""
    from helpers.core._log import parse_target

    events = study.events()
    events = events[~events["undone"] & (events["action"] != "undo")]
    imported = {int(i) for d in events.loc[events["action"] == "import_demands", "details"] for i in d.get("ids", [])}
    again = {parse_target(t)[1] for t in events.loc[events["action"] == "reclassify", "target"]}
    return {i for i in imported if str(i) not in again}


class GroupClassifier(_DemandWidget):
    """The projector view for classifying together. Make it with :func:`classify_together`."""

    item = t.Dict(allow_none=True, default_value=None).tag(sync=True)
    progress = t.Dict().tag(sync=True)
    findings = t.List().tag(sync=True)

    def __init__(self, study: "Study", frame: "pd.DataFrame | None" = None, *, by: str | None = None,
                 include_unsure: bool = False, refresh_delay: float = 0.5):
        super().__init__(study, refresh_delay=refresh_delay)
        self.view = "group"
        self.by = by
        self.include_unsure = include_unsure
        self._moved = False
        self._numbers: dict[str, int] = {}  # a type's number (1-9 keys) for the whole session
        #: Who classifies, asked at each classification (the capture app: its listener).
        self.person: Callable[[], str | None] | None = None
        self._monitor = _monitor(study)
        self._source: list[str] | None = None
        if frame is not None:
            self._source = self._bring_in(frame)
        self._load()
        self.refresh()

    def _bring_in(self, frame: "pd.DataFrame") -> list[str]:
        """Import the rows of a prepared sample the study does not have yet (by source_id)."""
        frame = frame.copy()
        frame["source_id"] = _source_ids(frame)
        have = set(self.study.demands()["source_id"].dropna().tolist())
        new = frame[~frame["source_id"].isin(have)]
        if len(new):
            self._check_file()
            self.study.import_demands(new.drop(columns="id", errors="ignore"), by=self.by)
        return frame["source_id"].tolist()

    def _load(self) -> None:
        frame = self.study.demands()
        if self._source is not None:
            order = {s: i for i, s in enumerate(self._source)}
            frame = frame[frame["source_id"].isin(order)]
            # The first demand per source_id, in the sheet's order.
            frame = frame.drop_duplicates("source_id").assign(_o=lambda f: f["source_id"].map(order))
            frame = frame.sort_values("_o", kind="stable")
        paper = _paper_marks(self.study)
        self._items: list[dict] = []
        for rec in frame.to_dict("records"):
            received = rec.get("received_at")
            self._items.append({
                "id": int(rec["id"]), "verbatim": rec.get("verbatim"),
                "received_at": None if received is None or received != received else f"{received:%a %d %b %Y %H:%M}",
                "channel": _text(rec.get("channel")), "source_id": _text(rec.get("source_id")),
                "classification": _text(rec.get("classification")), "demand_type": _text(rec.get("demand_type")),
                # a mark from the paper sheet: the listener's first view, for the team to confirm or change
                "first_view": _text(rec.get("classification")) if int(rec["id"]) in paper else None,
            })
        self._pos = 0
        self._seek(0, 1)
        self._show()

    def _open(self, item: dict) -> bool:
        c = item["classification"]
        return c is None or item.get("first_view") is not None or (self.include_unsure and c == "unsure")

    def _seek(self, start: int, step: int) -> None:
        """Move to the first open item from ``start`` (in ``step`` direction); past the end if none."""
        i = start
        while 0 <= i < len(self._items) and not self._open(self._items[i]):
            i += step
        self._pos = i if 0 <= i < len(self._items) else len(self._items)

    def _show(self) -> None:
        done = sum(1 for it in self._items if not self._open(it))
        with self.hold_sync():  # one message to the page for both
            self.item = dict(self._items[self._pos]) if self._pos < len(self._items) else None
            self.progress = {"done": done, "total": len(self._items)}

    def _after_reply(self) -> None:
        # The page hears "saved" first, then sees the next item: a key pressed on the new
        # item is never taken for the old one.
        if self._moved:
            self._moved = False
            self._show()

    def _dispatch(self, msg: dict) -> dict | None:
        kind = msg.get("kind")
        if kind == "classify":
            return self._classify(msg)
        if kind == "skip":
            if self._pos < len(self._items):
                self._seek(self._pos + 1, 1)
            self._moved = True
            return {"kind": "moved", "refresh": False,
                    "message": "Skipped: it stays undecided." if self.item or self._pos else ""}
        if kind == "back":
            if self._pos > 0:
                self._pos -= 1
            self._moved = True
            return {"kind": "moved", "refresh": False, "message": "Back one: classify it again to change it."}
        if kind == "reload":
            self._load()
            left = self.progress["total"] - self.progress["done"]
            return {"kind": "moved", "message": f"{left} demand{'' if left == 1 else 's'} to classify."}
        return {"kind": "failed", "refresh": False, "message": f"The view sent a message this version does not know ({kind!r})."}

    def _classify(self, msg: dict) -> dict:
        try:
            demand_id = int(msg.get("id"))
        except (TypeError, ValueError):
            return {"kind": "failed", "refresh": False, "message": "That message did not say which demand to classify."}
        position = next((i for i, it in enumerate(self._items) if it["id"] == demand_id), None)
        classification = _text(msg.get("classification"))
        demand_type, _new = self._match_type(_text(msg.get("demand_type")))
        item = self._items[position] if position is not None else None
        if item is not None and demand_type == item["demand_type"]:
            demand_type = None  # unchanged: keep the log quiet
        try:
            self._check_file()
            # Classifying together is the group's act: the log says so unless a person is named.
            by = self.by or (_text(self.person()) if self.person else None) or (
                None if self.study.user != "unknown" else "the group")
            self.study.reclassify(demand_id, classification=classification, demand_type=demand_type,
                                  reason=_text(msg.get("reason")), by=by)
        except Exception as exc:
            return {"kind": "failed", "refresh": False, "message": explain_save_error(exc, self.study)}
        if item is not None:
            item["classification"], item["first_view"] = classification, None
            if demand_type:
                item["demand_type"] = demand_type
                self._type_names.setdefault(demand_type.lower(), demand_type)
            self._seek(position + 1, 1)
        self._moved = True
        # The next demand rides on the answer, so the page shows it without waiting for
        # the synced state that follows.
        upcoming = dict(self._items[self._pos]) if self._pos < len(self._items) else None
        return {"kind": "classified", "id": demand_id, "classification": classification, "next": upcoming}

    def _number(self, rows: list[dict]) -> list[dict]:
        """Each type keeps its number for the session ("n"); a new type takes the next one."""
        for r in rows:
            r["n"] = self._numbers.setdefault(r["name"].lower(), len(self._numbers) + 1)
        return sorted(rows, key=lambda r: r["n"])

    def _refresh(self) -> None:
        self._refresh_types()
        self.findings = _findings(self.study, self._monitor)


# ---------------------------------------------------------------- entry points

def capture(study: "Study", *, captured_by: str | None = None, channels=DEFAULT_CHANNELS) -> CaptureForm:
    """The live capture form for ``study`` (display it as a notebook cell's last line).

    >>> from helpers.core.study import Study
    >>> form = capture(Study.scratch(), captured_by="Ben")
    >>> form.captured_by, form.tally["demands"]
    ('Ben', 0)
    """
    return CaptureForm(study, captured_by=captured_by, channels=channels)


def classify_together(study: "Study", frame: "pd.DataFrame | str | os.PathLike | None" = None, *,
                      by: str | None = None, include_unsure: bool = False) -> GroupClassifier:
    """The projector view stepping through the demands not yet classified.

    ``frame`` is a prepared sample (a frame from :func:`helpers.load_demands`, or a path
    to one): rows the study does not have yet are imported, keyed by ``source_id``, so the
    team resumes where it stopped. Without it, every undecided demand in the study is
    offered. ``include_unsure=True`` brings back the unsure ones to settle them.

    >>> import pandas as pd
    >>> from helpers.core.study import Study
    >>> sheet = pd.DataFrame({"verbatim": ["Where is my plumber?", "New leak in the bathroom"],
    ...                       "source_id": ["s1", "s2"]})
    >>> view = classify_together(Study.scratch(), sheet)
    >>> view.item["verbatim"], view.progress
    ('Where is my plumber?', {'done': 0, 'total': 2})
    >>> _ = view.receive({"kind": "classify", "id": view.item["id"], "classification": "failure"})
    >>> view.item["verbatim"], view.progress
    ('New leak in the bathroom', {'done': 1, 'total': 2})
    """
    if frame is not None and not hasattr(frame, "columns"):
        from helpers.core.loader import load_demands

        frame = load_demands(frame)
    return GroupClassifier(study, frame, by=by, include_unsure=include_unsure)


def _app_study():
    """The study the capture app works on, and a sentence to show above it."""
    from helpers.core.session import capture_study_path, mode, studies_dir
    from helpers.core.study import Study

    current = mode()
    if current == "capture":
        path = capture_study_path()
        if not path.exists():
            raise FileNotFoundError(
                f"There is no study at {path}. Create one in workbook 3 first, then start the "
                "capture app again with make capture STUDY=path/to/your.study.")
        return Study.open(path), ""
    if current == "readonly":
        study = Study.scratch(name="Practice capture")
        return study, ("This is a read-only walkthrough: this practice form keeps nothing. "
                       "Try it out; to capture for real, a team starts the capture app with make capture.")
    path = studies_dir(create=True) / "practice.study"
    study = Study.create(path, name="Practice capture", exist_ok=True, practice=True)
    return study, (f"Practising on {path}. To capture for your team's study, start the capture app with "
                   "make capture STUDY=path/to/your.study.")


def capture_app():
    """What ``workbooks/capture_app.ipynb`` shows: capture, and classifying together, on one study.

    In the capture app (``make capture STUDY=...``) the study comes only from the server's
    environment; in a read-only walkthrough it is a scratch study that says so; in a
    person's own JupyterLab it is a practice study in ``studies_dir()``. Anything that goes
    wrong is said in a plain sentence, never as a traceback.

    >>> import os, tempfile
    >>> before = os.environ.get("DEMAND_STUDIES_DIR")
    >>> os.environ["DEMAND_STUDIES_DIR"] = tempfile.mkdtemp()
    >>> app = capture_app()
    >>> app.study.path.name, app.form.tally["demands"], app.group.progress
    ('practice.study', 0, {'done': 0, 'total': 0})
    >>> app.study.close()
    >>> _ = os.environ.pop("DEMAND_STUDIES_DIR") if before is None else os.environ.update(DEMAND_STUDIES_DIR=before)
    """
    import html

    import ipywidgets as widgets

    try:
        study, note = _app_study()
        form = capture(study)
        group = classify_together(study)
    except Exception as exc:
        return widgets.HTML(f"<p class='dc-app-error'><b>The capture app could not start.</b> {html.escape(str(exc))}</p>")
    if note:
        form.notice = (form.notice + " " if form.notice else "") + note
        group.notice = form.notice
    name = html.escape(str(study.info.get("name") or "this study"))
    title = widgets.HTML(f"<h2 style='margin:4px 0'>Capture: {name}</h2>")
    tabs = widgets.Tab(children=[form, group], titles=("Capture", "Classify together")).add_class("dc-tabs")
    form.app = group.app = True
    group.person = lambda: form.captured_by  # one listener, two tabs: their undo takes back either
    form.on_switch(lambda: setattr(tabs, "selected_index", 1), "to classify together")
    group.on_switch(lambda: setattr(tabs, "selected_index", 0), "back to capture")
    box = widgets.VBox([title, tabs])
    box.study = study  # handy in a notebook: the study the app writes to
    box.form, box.group = form, group
    return box
