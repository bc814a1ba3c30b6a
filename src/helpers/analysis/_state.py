"""What :mod:`helpers.checks` knows about a study, kept as counts that update cheaply.

A :class:`Tally` holds one small record per live demand and counters built from them. A
full check builds it from every row at once; a :class:`helpers.analysis.checks.Monitor`
re-reads only the demands recorded or changed since it last looked (a reclassification, a
void, an undo), so both arrive at the same counters. The small tables (members, plan,
types, next steps...) are read again each time. A study is read only through its public
read methods (``Study.changes_since``, ``records``, ``entries``...), never its file.
"""
from __future__ import annotations

import gc
from collections import Counter

from helpers.analysis import _rules as R
from helpers.core.errors import DemandDataError
from helpers.core.vocabulary import normalise_classification

__all__ = ["build_records", "Tally", "StudyReader", "FrameReader"]

# Positions in a demand's record (see build_records) read one at a time.
CLS, BY, SOURCE = 0, 5, 12

# Events that change the story the checks tell (reclassifications, renames, undos...).
_EVENT_ACTIONS = ("reclassify", "undo", "rename_type", "merge_studies", "set_service_type")


def build_records(when, received, channel, verbatim, cls, type_key, by, role, person, from_, matters,
                  source, notes) -> list:
    """One record per demand (columns in, records out): only what the checks count.

    ``when`` is when it was heard (received, else recorded), ``received`` whether that was
    written down; ``person``, ``from_`` and ``matters`` whether those fields are filled in.
    """
    infos = R.text_infos(verbatim)
    no_words = R.NO_WORDS
    return [
        (c, k, w[:10] if w else None,
         int(w[11:13]) if w and len(w) >= 13 and w[10] in "T " and w[11:13].isdigit() else None,
         ch.strip().lower() or None if ch else None, b, ro, w, info[0],
         bool(p), bool(f), bool(m), src,
         # short words may be nothing but the type's own name: kept to compare with it later
         info[1] if k is not None and not info[0] & no_words and info[1] and len(info[1]) <= 40 else None,
         bool(n) and R.has_rule_language(n), bool(rc),
         # the words themselves (normalised), to tell a column of people's words from a category column
         None if info[0] & no_words else info[1])
        for c, k, w, ch, b, ro, info, p, f, m, src, n, rc
        in zip(cls, type_key, when, channel, by, role, infos, person, from_, matters, source, notes, received)
    ]


class Tally:
    """Counters over the live demands; ``apply(ids, records, +1 or -1)`` adds or takes away."""

    def __init__(self):
        self.recs: dict = {}
        self.cls = Counter()
        self.days = Counter()
        self.type_cls = Counter()   # (type, classification); type None for untyped demands
        self.type_day = Counter()   # (type, day)
        self.flag_cls = Counter()   # (flags, classification)
        self.listeners = Counter()  # (captured_by, captured_role)
        self.channels = Counter()
        self.hours = Counter()
        self.people = Counter()     # "person", "from", "matters", "received": how many have one
        self.short = Counter()      # (type, normalised words) for words equal to the type
        self.texts = Counter()      # normalised words -> demands with exactly those words
        self.sources = Counter()    # source_id -> demands holding it (two or more: calibration)
        self.examples = {"chasing": set(), "distress": set(), "agent": set(), "jargon": set(),
                         "code": set(), "note_rule": set()}

    @property
    def n(self) -> int:
        return len(self.recs)

    def apply(self, ids: list, recs: list, sign: int) -> None:
        if not ids:
            return
        if sign > 0:
            self.recs.update(zip(ids, recs))
        else:
            for i in ids:
                self.recs.pop(i, None)
        cols = list(zip(*recs))
        cls, kind, day, hour, chan, by, role, heard, flags = cols[:9]
        person, from_, matters, source, short, note_rule, received, words = cols[9:]
        # keys with no type (None, ...) are counted too, and skipped when read: cheaper than filtering
        updates = [
            (self.cls, cls), (self.days, day), (self.type_cls, zip(kind, cls)),
            (self.type_day, zip(kind, day)), (self.flag_cls, zip(flags, cls)), (self.listeners, zip(by, role)),
            (self.channels, chan), (self.hours, hour), (self.sources, source),
            (self.people, ["person"] * sum(person) + ["from"] * sum(from_) + ["matters"] * sum(matters)
                            + ["received"] * sum(received)),
            (self.short, zip(kind, short)), (self.texts, words),
        ]
        for counter, keys in updates:
            if sign > 0:
                counter.update(keys)
            else:
                keys = list(keys)
                counter.subtract(keys)
                for key in set(keys):
                    if counter[key] <= 0:
                        del counter[key]
        sets = {
            "chasing": [i for i, f, c in zip(ids, flags, cls) if f & R.CHASING and c == "value"],
            "distress": [i for i, f in zip(ids, flags) if f & R.DISTRESS],
            "agent": [i for i, f in zip(ids, flags) if f & R.AGENT],
            "jargon": [i for i, f in zip(ids, flags) if f & R.JARGON],
            "code": [i for i, f in zip(ids, flags) if f & R.CODE],
            # rule-language matters where it kept a demand out of failure
            "note_rule": [i for i, r, c in zip(ids, note_rule, cls) if r and c != "failure"],
        }
        for name, found in sets.items():
            if sign > 0:
                self.examples[name].update(found)
            else:
                self.examples[name].difference_update(found)

    def shared_sources(self) -> dict:
        """source_id -> {demand id: (captured_by, classification)}, for source_ids that two
        demands or more hold (the same demand classified by several people)."""
        shared = {s for s, n in self.sources.items() if n > 1 and s is not None}
        if not shared:
            return {}
        out: dict = {}
        for i, rec in self.recs.items():
            if rec[SOURCE] in shared:
                out.setdefault(rec[SOURCE], {})[i] = (rec[BY], rec[CLS])
        return out


class StudyReader:
    """Reads a Study into a Tally, then keeps it up to date from what changed since."""

    def __init__(self, study):
        self.study = study
        self.reset()

    def reset(self) -> None:
        self.tally = Tally()
        self.last_event = 0
        self.reclass: dict = {}    # event id -> (before, after, reason)
        self.renames: dict = {}    # event id -> (old, new)
        self.undone: set = set()
        self.service_type_set = False
        self.notes_by_id: dict = {}

    def refresh(self) -> "StudyReader":
        # Many small tuples at once: the cyclic collector would walk them again and again
        # for nothing (they hold no cycles), which costs more than the reading itself.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with self.study.reading():  # one moment, so the counts agree with each other
                self._refresh()
        finally:
            if collecting:
                gc.enable()
        return self

    def _refresh(self) -> None:
        study = self.study
        changes = study.changes_since(self.last_event, _EVENT_ACTIONS)
        if self.last_event and any(e.action == "merge_studies" for e in changes.events):
            self.reset()  # a merge rebuilt the whole study: read it afresh
            return self._refresh()
        for e in changes.events:
            before, after = e.details.get("before") or {}, e.details.get("after") or {}
            if e.action == "reclassify":
                self.reclass[e.id] = (before.get("classification"), after.get("classification"), e.details.get("reason"))
            elif e.action == "rename_type":
                self.renames[e.id] = (before.get("name"), after.get("name"))
            elif e.action == "set_service_type":
                self.service_type_set = True
            elif e.action == "undo" and e.undoes is not None:
                self.undone.add(e.undoes)
        tally = self.tally
        gone = [i for i in changes.demands if i in tally.recs]
        if gone:
            tally.apply(gone, [tally.recs[i] for i in gone], -1)
        live = [r for r in changes.demands.values() if r is not None]
        if live:
            (ids, recorded, received, channel, verbatim, cls, type_id, by, role, _contact, person, from_, matters,
             source, notes) = zip(*live)
            when = [rc or rd for rc, rd in zip(received, recorded)]
            tally.apply(list(ids), build_records(when, received, channel, verbatim, cls, type_id, by, role, person,
                                                 from_, matters, source, notes), +1)
        for i in changes.demands:
            self.notes_by_id.pop(i, None)
        self.notes_by_id.update((r.id, r.notes) for r in live if r.notes)
        self.last_event = changes.last_event
        self._read_small()

    def _read_small(self) -> None:
        study = self.study
        self.info = study.info
        self.plan = study.plan()
        self.members = study.team()
        self.types = study.type_records()
        self.type_name = {t.id: t.merged_into or t.name for t in self.types}
        self.origin = {t.name: t.origin for t in self.types if t.merged_into is None}
        entries = study.entries()
        self.entries = Counter(e.kind for e in entries)
        self.acks = {e.data["finding_code"]: e.text for e in entries
                     if e.kind == "acknowledgement" and e.data.get("finding_code")}
        self.saturation_checks = [e.data.get("verdict") for e in entries if e.kind == "saturation_check" and e.data]
        self.next_steps = [n.text for n in study.next_step_records()]

    def texts(self, ids) -> dict:
        return {r.id: r.verbatim for r in self.study.records(ids)} if ids else {}


class FrameReader:
    """A plain frame from ``load_demands``: the demands only, and what its file did not have."""

    def __init__(self, frame):
        import pandas as pd

        self.missing = list(frame.attrs.get("missing", []))
        n = len(frame)

        def column(name):
            if name in frame.columns and name not in self.missing:
                return [None if (v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip()))
                        else v for v in frame[name].tolist()]
            return [None] * n

        def times(name):
            if name not in frame.columns or name in self.missing:
                return [None] * n
            when = pd.to_datetime(frame[name], errors="coerce")
            return [None if t is None or t != t else t for t in when.dt.strftime("%Y-%m-%dT%H:%M:%S").tolist()]

        ids = list(range(1, n + 1))
        given = frame["id"].tolist() if "id" in frame.columns and "id" not in self.missing else [None] * n
        # the file's own id where it has one, else the row number
        self.frame_ids = [str(v) if v is not None and v == v else str(i) for i, v in zip(ids, given)]
        self.verbatims = column("verbatim")
        kinds = [k.strip() if isinstance(k, str) else k for k in column("demand_type")]
        # the loader has checked every word; a hand-made frame is checked here, row by row
        classes = [_classification(c, row) for row, c in enumerate(column("classification"), start=2)]
        received, recorded = times("received_at"), times("recorded_at")
        recs = build_records([r or c for r, c in zip(received, recorded)], received, column("channel"),
                             self.verbatims, classes, kinds, column("captured_by"), column("captured_role"),
                             column("person_id"), column("contact_from"), column("what_matters"),
                             column("source_id"), column("notes"))
        self.tally = Tally()
        self.tally.apply(ids, recs, +1)
        names = sorted({k for k in kinds if k is not None})
        self.type_name = {k: k for k in names}
        self.origin = {k: "imported" for k in names}
        self.notes_by_id = {i: t for i, t in zip(ids, column("notes")) if t}
        self.info, self.plan, self.members, self.acks = {}, None, {}, {}
        self.reclass, self.renames, self.undone = {}, {}, set()
        self.entries, self.saturation_checks, self.next_steps = Counter(), [], []
        self.service_type_set = False

    def texts(self, ids) -> dict:
        return {i: self.verbatims[i - 1] for i in ids}


def _classification(value, row: int, file=None):
    try:
        return normalise_classification(value)
    except ValueError as exc:
        raise DemandDataError(str(exc), file=file, row=row, column="classification") from None
