// The capture form and the group classifier: one anywidget front end, two views.
//
// Rules this file keeps (learned the hard way with keyboards and widgets):
// - every save message carries the form's values itself; Python never reads a box;
// - "saved" shows only when Python answers with the new id; until then the text stays;
// - our keys are matched on KeyboardEvent.code in the capture phase and only they are
//   stopped; Ctrl+A, Ctrl+Z and the browser's own keys pass through untouched;
// - the root carries data-lm-suppress-shortcuts so JupyterLab's commands stay quiet.

const CLASSES = {
  value: "Value",
  failure: "Failure",
  unsure: "Unsure",
  "not demand": "Not customer demand",
};
const CAUSAL =
  "Is this contact caused by us not doing something, or not doing it right? " +
  "Would it have happened if we had got it right first time?";
// How long to wait for Python before saying so (the text stays in the box either way).
const SLOW_MS = 4000;

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

// Plain typing in our boxes is ours too: the notebook must not hear it (as ipywidgets'
// own text boxes do). Keys with Ctrl or Cmd (Ctrl+A, Ctrl+Z, Ctrl+S...) pass untouched.
function stopTyping(e) {
  const t = e.target;
  if (!e.ctrlKey && !e.metaKey && t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT")) e.stopPropagation();
}

function newKey() {
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

function matches(types, text) {
  // Team's own types: prefix matches first, then any word containing the text.
  const t = text.trim().toLowerCase();
  if (!t) return [];
  const pre = [], inner = [];
  for (const ty of types) {
    const n = ty.name.toLowerCase();
    if (n.startsWith(t)) pre.push(ty);
    else if (n.includes(t)) inner.push(ty);
  }
  return pre.concat(inner).slice(0, 6);
}

// A text box with suggestions from the team's types; Tab or Enter takes the first.
function typeBox(model, placeholder, id) {
  const input = h("input", {
    class: "dc-input dc-type", type: "text", placeholder, autocomplete: "off",
    "aria-label": placeholder, "data-field": "demand_type", id,
  });
  const list = h("ul", { class: "dc-suggest", role: "listbox" });
  const hint = h("div", { class: "dc-typehint" });
  let shown = [], pick = -1;
  // Types just saved, known here before Python's refresh brings the full list.
  const learned = [];
  const all = () => {
    const types = model.get("types") || [];
    const names = new Set(types.map((ty) => ty.name.toLowerCase()));
    return types.concat(learned.filter((ty) => !names.has(ty.name.toLowerCase())));
  };
  const draw = () => {
    list.replaceChildren();
    shown = matches(all(), input.value);
    if (shown.length && shown[0].name === input.value) shown = [];
    shown.forEach((ty, i) => {
      const li = h("li", { class: i === pick ? "dc-pick" : (pick < 0 && i === 0 ? "dc-first" : ""), role: "option" },
        h("span", { text: ty.name }),
        ty.classification ? h("span", { class: "dc-muted", text: " " + ty.classification }) : null);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); input.value = ty.name; draw(); });
      list.append(li);
    });
    const known = all().some((ty) => ty.name.toLowerCase() === input.value.trim().toLowerCase());
    hint.textContent = shown.length
      ? "Tab takes the first suggestion, ↓ ↑ choose one, Enter keeps what you typed."
      : (input.value.trim() && !known ? `"${input.value.trim()}" is a new type: saving creates it.` : "");
  };
  input.addEventListener("input", () => { pick = -1; draw(); });
  input.addEventListener("blur", () => setTimeout(() => list.replaceChildren(), 100));
  const accept = (onlyPicked = false) => {
    // Returns true when a suggestion was taken (so the key was ours). Enter takes one only
    // when it was chosen with the arrows: a new name may begin like an old one.
    if (!shown.length || (onlyPicked && pick < 0)) return false;
    input.value = shown[Math.max(pick, 0)].name;
    pick = -1; draw();
    return true;
  };
  const move = (step) => {
    if (!shown.length) return false;
    pick = (pick + step + shown.length) % shown.length; draw();
    return true;
  };
  const clear = () => { input.value = ""; pick = -1; draw(); };
  const learn = (name) => { if (name) learned.push({ name, classification: null, uses: 1 }); };
  return { input, list, hint, accept, move, clear, draw, learn };
}

// ------------------------------------------------------------------ capture view

function renderCapture(model, el, sendRaw) {
  const viewId = newKey();
  const send = (m) => sendRaw({ ...m, view: viewId });
  const root = h("div", { class: "dc-root dc-capture", tabindex: "0", "data-lm-suppress-shortcuts": "true" });
  const notice = h("div", { class: "dc-notice" });
  const verbatim = h("textarea", {
    class: "dc-verbatim", rows: "4", "aria-label": "What the person said, in their words",
    placeholder: "What the person said, in their own words (Alt+E)", "data-field": "verbatim",
  });
  const classBtns = {};
  const classRow = h("div", { class: "dc-classes", role: "radiogroup", "aria-label": "Classification" });
  const keyOf = { value: "V", failure: "F", unsure: "U", "not demand": "N" };
  for (const [c, label] of Object.entries(CLASSES)) {
    const b = h("button", { class: "dc-class dc-" + c.replace(" ", "-"), type: "button", "data-class": c },
      h("kbd", { text: "Alt+" + keyOf[c] }), " " + label);
    b.addEventListener("click", () => setClass(state.classification === c ? null : c));
    classBtns[c] = b;
    classRow.append(b);
  }
  const undecided = h("span", { class: "dc-muted dc-undecided", text: "Undecided (Alt+X): fine, settle it later." });
  classRow.append(undecided);
  const reasonLabel = h("label", { class: "dc-reason-label" });
  const reason = h("input", { class: "dc-input dc-reason", type: "text", "data-field": "reason" });
  const reasonRow = h("div", { class: "dc-row dc-reason-row dc-hidden" }, reasonLabel, reason);
  const tb = typeBox(model, "Type of demand, in the person's terms (Alt+T)", "");
  const channel = h("input", { class: "dc-input dc-channel", type: "text", list: "", "data-field": "channel",
    placeholder: "Channel (Alt+C)", "aria-label": "Channel" });
  const by = h("input", { class: "dc-input dc-by", type: "text", "data-field": "captured_by",
    placeholder: "Who is listening (Alt+W)", "aria-label": "Captured by" });
  const notes = h("input", { class: "dc-input dc-notes", type: "text", "data-field": "notes",
    placeholder: "Notes (Alt+O)", "aria-label": "Notes" });
  const same = h("input", { type: "checkbox", class: "dc-same" });
  const sameLabel = h("label", { class: "dc-same-label" }, same,
    " Another demand in this same contact (Alt+A)");
  const saveBtn = h("button", { class: "dc-save", type: "button" }, "Save ", h("kbd", { text: "Ctrl+Enter" }));
  const undoBtn = h("button", { class: "dc-undo", type: "button" }, "Undo my last entry ", h("kbd", { text: "Alt+Z" }));
  const status = h("div", { class: "dc-status", role: "status", "aria-live": "polite" });
  const tally = h("div", { class: "dc-tally" });
  const sat = h("div", { class: "dc-saturation" });
  const keys = h("details", { class: "dc-keys", open: "" }, h("summary", { text: "Keys" }),
    h("div", { text:
      "Ctrl+Enter save · Alt+V value · Alt+F failure · Alt+U unsure · Alt+N not customer demand · " +
      "Alt+X undecided · Alt+T type · Alt+C channel · Alt+W who is listening · Alt+O notes · " +
      "Alt+A same contact · Alt+E back to the words · Alt+Z undo my last entry · Tab next box" }),
    h("div", { class: "dc-switch" }));
  const channelList = h("datalist", { id: "dc-ch-" + newKey() });
  channel.setAttribute("list", channelList.id);

  root.append(
    notice,
    h("div", { class: "dc-grid" },
      h("div", { class: "dc-main" },
        verbatim,
        h("div", { class: "dc-causal", text: CAUSAL }),
        classRow, reasonRow,
        h("div", { class: "dc-row dc-typewrap" }, tb.input, tb.list), tb.hint,
        h("div", { class: "dc-row" }, channel, channelList, by),
        h("div", { class: "dc-row" }, notes),
        h("div", { class: "dc-row" }, sameLabel),
        h("div", { class: "dc-row dc-actions" }, saveBtn, undoBtn),
        status, keys),
      h("div", { class: "dc-side" }, tally, sat)));
  el.append(root);

  const state = { classification: null, pending: null, lastContact: null, slowTimer: null };
  const remembered = (() => { try { return localStorage.getItem("demand-capture-by") || ""; } catch (e) { return ""; } })();
  by.value = remembered || model.get("captured_by") || "";
  // Words not yet saved live in this browser too (by study and person) until the study has them.
  let draftKey = null;
  const draftFor = () => `demand-capture-draft:${model.get("study_key") || ""}:${by.value.trim()}`;
  function keep() {
    try {
      const k = draftFor();
      if (draftKey && draftKey !== k) localStorage.removeItem(draftKey);
      draftKey = k;
      if (verbatim.value.trim()) localStorage.setItem(k, verbatim.value); else localStorage.removeItem(k);
    } catch (e) { /* private mode: the box still holds the words */ }
  }
  try { const d = localStorage.getItem(draftFor()); if (d && !verbatim.value) verbatim.value = d; } catch (e) { /* none */ }
  verbatim.addEventListener("input", keep);

  function say(text, kind = "info") {
    status.textContent = text;
    status.dataset.kind = kind;
  }
  function setClass(c) {
    state.classification = c;
    for (const [k, b] of Object.entries(classBtns)) b.classList.toggle("dc-on", k === c);
    undecided.classList.toggle("dc-on", c === null);
    if (c === "unsure" || c === "not demand") {
      reasonLabel.textContent = c === "unsure" ? "Why unsure? (a short note)" : "Why is this not customer demand?";
      reasonRow.classList.remove("dc-hidden");
      reason.focus();
    } else {
      reasonRow.classList.add("dc-hidden");
    }
  }
  function save() {
    keep();
    if (state.pending) {
      const waited = Date.now() - state.pending.at;
      if (waited < SLOW_MS) { say("Still saving the last one; your text is safe in the box.", "wait"); return; }
      // Python has not answered for a while: send the same message again. Python keeps
      // the key, so a save that did land is not written twice.
      send(state.pending.msg);
      state.pending.at = Date.now();
      say("Trying again to save. Your text stays in the box until the study says it is saved.", "wait");
      return;
    }
    const text = verbatim.value;
    if (!text.trim()) { say("Nothing to save yet: type what the person said first.", "error"); verbatim.focus(); return; }
    const msg = {
      kind: "save", req: newKey(), key: newKey(), verbatim: text,
      classification: state.classification, demand_type: tb.input.value.trim() || null,
      channel: channel.value.trim() || null, captured_by: by.value.trim() || null,
      notes: notes.value.trim() || null, reason: reasonRow.classList.contains("dc-hidden") ? null : (reason.value.trim() || null),
      contact_id: same.checked ? state.lastContact : null, same_contact: same.checked,
    };
    state.pending = { msg, at: Date.now() };
    root.classList.add("dc-saving");
    say("Saving…", "wait");
    clearTimeout(state.slowTimer);
    state.slowTimer = setTimeout(() => {
      if (state.pending && state.pending.msg === msg) {
        say(model.get("app")
          ? "Not saved yet: the capture app has not answered. Your words are kept, here and in this browser if the " +
            "page is reloaded. Wait a moment and press Ctrl+Enter again, or tell the facilitator."
          : "Not saved yet: Python has not answered. Your words are kept in the box and in this browser. If the " +
            "notebook is busy, wait; if the kernel stopped, restart it, run the cell again and press Ctrl+Enter.", "error");
      }
    }, SLOW_MS);
    send(msg);
  }
  function saved(reply) {
    const msg = state.pending.msg;
    state.pending = null;
    clearTimeout(state.slowTimer);
    root.classList.remove("dc-saving");
    state.lastContact = reply.contact_id || null;
    // Take out what was saved; anything typed after pressing save stays.
    if (verbatim.value.startsWith(msg.verbatim)) verbatim.value = verbatim.value.slice(msg.verbatim.length).replace(/^\s+/, "");
    keep();
    if (msg.notes === notes.value.trim()) notes.value = "";
    reason.value = "";
    tb.learn(msg.demand_type);
    tb.clear();
    setClass(null);
    same.checked = false;
    try { if (msg.captured_by) localStorage.setItem("demand-capture-by", msg.captured_by); } catch (e) { /* private mode */ }
    say(`Saved as demand ${reply.id}.` + (reply.created_type ? ` New type "${reply.created_type}" created.` : "") +
        (verbatim.value ? " The box still holds what you typed after saving." : ""), "saved");
    verbatim.focus();
  }
  function failed(reply) {
    state.pending = null;
    clearTimeout(state.slowTimer);
    root.classList.remove("dc-saving");
    say(reply.message, "error");
  }
  function onMsg(reply) {
    if (!reply || reply.view !== viewId) return;
    if (reply.kind === "saved" && state.pending && reply.req === state.pending.msg.req) saved(reply);
    else if (reply.kind === "failed" && state.pending && reply.req === state.pending.msg.req) failed(reply);
    else if (reply.kind === "undone") {
      // An undone recording: its words come back to the box (before anything typed since).
      if (reply.ok && reply.verbatim) {
        const rest = verbatim.value.trim();
        verbatim.value = reply.verbatim + (rest ? "\n" + verbatim.value : "");
        keep();
        verbatim.focus();
      }
      say(reply.message, reply.ok ? "saved" : "error");
    }
  }
  const focusMap = { KeyE: verbatim, KeyT: tb.input, KeyC: channel, KeyW: by, KeyO: notes };
  const classMap = { KeyV: "value", KeyF: "failure", KeyU: "unsure", KeyN: "not demand" };
  function onKey(e) {
    const plainAlt = e.altKey && !e.ctrlKey && !e.metaKey;
    let ours = false;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.code === "Enter" || (e.code === "NumpadEnter" && e.ctrlKey)) {
      save(); ours = true;
    } else if (plainAlt && classMap[e.code]) {
      const c = classMap[e.code]; setClass(state.classification === c ? null : c); ours = true;
    } else if (plainAlt && e.code === "KeyX") {
      setClass(null); ours = true;
    } else if (plainAlt && focusMap[e.code]) {
      focusMap[e.code].focus(); ours = true;
    } else if (plainAlt && e.code === "KeyA") {
      same.checked = !same.checked; ours = true;
    } else if (plainAlt && e.code === "KeyG" && model.get("switch_label")) {
      send({ kind: "switch", req: newKey() }); ours = true;
    } else if (plainAlt && e.code === "KeyZ") {
      send({ kind: "undo", req: newKey(), by: by.value.trim() || null }); say("Undoing…", "wait"); ours = true;
    } else if (e.target === tb.input && !e.altKey && !e.ctrlKey && !e.metaKey) {
      if (e.code === "Tab" && !e.shiftKey) ours = tb.accept();
      else if (e.code === "Enter") { tb.accept(true); ours = true; }
      else if (e.code === "ArrowDown") ours = tb.move(1);
      else if (e.code === "ArrowUp") ours = tb.move(-1);
    } else if (e.code === "Enter" && !e.shiftKey && e.target.tagName === "INPUT") {
      ours = true; // Enter in a one-line box does nothing (no accidental form action)
    }
    if (ours) { e.preventDefault(); e.stopPropagation(); }
  }
  root.addEventListener("keydown", onKey, true);
  root.addEventListener("keydown", stopTyping, false);
  saveBtn.addEventListener("click", save);
  undoBtn.addEventListener("click", () => send({ kind: "undo", req: newKey(), by: by.value.trim() || null }));
  const who = () => { if (by.value.trim()) send({ kind: "who", req: newKey(), by: by.value.trim() }); };
  by.addEventListener("change", () => { who(); keep(); });
  who();

  function drawInfo() {
    const sw = model.get("switch_label");
    keys.querySelector(".dc-switch").textContent = sw ? `Alt+G ${sw}` : "";
    notice.textContent = model.get("notice") || "";
    notice.classList.toggle("dc-hidden", !model.get("notice"));
    const t = model.get("tally") || {};
    tally.replaceChildren(
      h("div", { class: "dc-big", text: String(t.demands ?? 0) }),
      h("div", { text: t.demands === 1 ? "demand so far" : "demands so far" }),
      h("div", { class: "dc-share", text: t.share_text || "" }),
      h("div", { class: "dc-newtypes", text: t.new_types_text || "" }));
    sat.textContent = model.get("saturation") || "";
    channelList.replaceChildren(...(model.get("channels") || []).map((c) => h("option", { value: c })));
    const st = model.get("status");
    if (st) say(st, "error");
  }
  const onChange = () => drawInfo();
  model.on("change:tally", onChange);
  model.on("change:saturation", onChange);
  model.on("change:notice", onChange);
  model.on("change:channels", onChange);
  model.on("change:status", onChange);
  model.on("change:switch_label", onChange);
  model.on("msg:custom", onMsg);
  drawInfo();
  setClass(null);
  const beforeUnload = (e) => {
    if (verbatim.value.trim() || state.pending) { e.preventDefault(); e.returnValue = ""; return ""; }
  };
  window.addEventListener("beforeunload", beforeUnload);
  // In a tab that was hidden: back to the words when shown again.
  let hidden = false;
  const io = new IntersectionObserver((entries) => {
    for (const en of entries) {
      if (!en.isIntersecting) { if (root.offsetParent === null) hidden = true; continue; }
      if (hidden) { hidden = false; if (model.get("app")) verbatim.focus(); }
    }
  });
  io.observe(root);
  // Only the capture app takes the focus by itself; in a notebook (Run All) a person clicks in.
  setTimeout(() => { if (root.offsetParent === null) hidden = true; else if (model.get("app")) verbatim.focus(); }, 0);
  return () => {
    io.disconnect();
    window.removeEventListener("beforeunload", beforeUnload);
    model.off("change:tally", onChange);
    model.off("change:saturation", onChange);
    model.off("change:notice", onChange);
    model.off("change:channels", onChange);
    model.off("change:status", onChange);
    model.off("msg:custom", onMsg);
  };
}

// ------------------------------------------------------------------ group view

function renderGroup(model, el, sendRaw) {
  const viewId = newKey();
  const send = (m) => sendRaw({ ...m, view: viewId });
  const root = h("div", { class: "dc-root dc-group", tabindex: "0", "data-lm-suppress-shortcuts": "true" });
  const notice = h("div", { class: "dc-notice" });
  const bar = h("div", { class: "dc-bar" }, h("div", { class: "dc-bar-fill" }));
  const progress = h("div", { class: "dc-progress-text" });
  const meta = h("div", { class: "dc-meta" });
  const words = h("blockquote", { class: "dc-words" });
  const current = h("div", { class: "dc-current" });
  const tb = typeBox(model, "Type of demand (T), or pick a number", "");
  const quick = h("ol", { class: "dc-quick" });
  const reason = h("input", { class: "dc-input dc-reason", type: "text", "data-field": "reason",
    placeholder: "Reason, for contested ones (R)", "aria-label": "Reason" });
  const status = h("div", { class: "dc-status", role: "status", "aria-live": "polite" });
  const cards = h("div", { class: "dc-cards", role: "group", "aria-label": "Findings" });
  const classRow = h("div", { class: "dc-classes", role: "group", "aria-label": "Classification" });
  for (const [c, label] of Object.entries(CLASSES)) {
    const key = { value: "V", failure: "F", unsure: "U", "not demand": "N" }[c];
    const b = h("button", { class: "dc-class dc-" + c.replace(" ", "-"), type: "button", tabindex: "-1" },
      h("kbd", { text: key }), " " + label);
    b.addEventListener("click", () => classify(c));
    classRow.append(b);
  }
  const keyline = h("div", { class: "dc-keyline", text:
    "V value · F failure · U unsure · N not customer demand · S skip · ← back · 1-9 pick a type · " +
    "T type a type · R reason · Esc leave a box · L look for new demands" });
  const switchLine = h("div", { class: "dc-keyline dc-switch" });
  root.append(notice, h("div", { class: "dc-grid" },
    h("div", { class: "dc-main" }, h("div", { class: "dc-progress" }, bar, progress), meta, words, current,
      h("div", { class: "dc-causal", text: CAUSAL }), classRow,
      h("div", { class: "dc-row dc-typewrap" }, tb.input, tb.list), tb.hint, quick,
      h("div", { class: "dc-row" }, reason), status, keyline, switchLine),
    h("div", { class: "dc-side" }, cards)));
  el.append(root);
  let pending = null;

  function say(text, kind = "info") { status.textContent = text; status.dataset.kind = kind; }
  // A type keeps its number for the session (Python numbers them: "n"); 1-9 are keys.
  function quickTypes() { return (model.get("types") || []).filter((ty) => ty.n >= 1 && ty.n <= 9); }
  function drawProgress() {
    const p = model.get("progress") || { done: 0, total: 0 };
    bar.firstChild.style.width = p.total ? `${(100 * p.done) / p.total}%` : "0%";
    progress.textContent = `${p.done} of ${p.total} classified`;
  }
  let shownId, fromAnswer = false;  // the demand on screen, and whether the answer drew it
  function drawItem(given) {
    const item = given === undefined ? model.get("item") : given;
    const id = item ? item.id : null;
    if (given === undefined && fromAnswer && id === shownId) { fromAnswer = false; return; }
    fromAnswer = given !== undefined;
    shownId = id;
    const p = model.get("progress") || { done: 0, total: 0 };
    tb.clear(); reason.value = "";
    if (!item) {
      words.textContent = p.total ? "All classified. Well done: now talk about what you heard." : "Nothing to classify yet.";
      meta.textContent = ""; current.textContent = "";
      root.dataset.item = "";
      return;
    }
    root.dataset.item = String(item.id);
    words.textContent = item.verbatim || "(no words were written down)";
    meta.textContent = [item.received_at, item.channel, item.source_id ? "sheet row " + item.source_id : null]
      .filter(Boolean).join(" · ");
    const kind = item.demand_type ? " · " + item.demand_type : "";
    current.textContent = item.first_view
      ? `Marked on paper: ${CLASSES[item.first_view] || item.first_view}${kind} (the listener's first view). ` +
        "Press its key to confirm it, or another to change it."
      : (item.classification || item.demand_type ? `Now: ${item.classification || "undecided"}${kind}` : "");
    if (item.demand_type) tb.input.value = item.demand_type;
  }
  function drawTypes() {
    quick.replaceChildren(...quickTypes().map((ty) =>
      h("li", { value: String(ty.n) }, h("kbd", { text: String(ty.n) }), " " + ty.name)));
  }
  function drawCards() {
    const sw = model.get("switch_label");
    switchLine.textContent = sw ? `G ${sw}` : "";
    notice.textContent = model.get("notice") || "";
    notice.classList.toggle("dc-hidden", !model.get("notice"));
    cards.replaceChildren(...(model.get("findings") || []).map((f) =>
      h("div", { class: "dc-card dc-" + (f.severity || "note") }, h("div", { class: "dc-muted", text: f.severity === "warning" ? "Worth a look" : "A note" }),
        h("div", { text: f.message }))));
    const st = model.get("status");
    if (st) say(st, "error");
  }
  function classify(c) {
    const item = model.get("item");
    if (!item) { say("Nothing to classify here.", "info"); return; }
    if (pending) { say("Still saving the last one…", "wait"); return; }
    pending = { req: newKey(), id: item.id, demand_type: tb.input.value.trim() || null };
    say("Saving…", "wait");
    send({ kind: "classify", req: pending.req, id: item.id, classification: c,
           demand_type: tb.input.value.trim() || null, reason: reason.value.trim() || null });
  }
  function onMsg(reply) {
    if (!reply || reply.view !== viewId) return;
    if (pending && reply.req === pending.req) {
      const was = pending;
      pending = null;
      if (reply.kind === "classified") {
        tb.learn(was.demand_type);
        if (reply.next !== undefined) drawItem(reply.next);
        say(`Saved: demand ${reply.id} is ${reply.classification}.`, "saved");
      }
      else if (reply.kind === "failed") say(reply.message, "error");
      else if (reply.kind === "moved") say(reply.message || "", "info");
      root.focus();
    }
  }
  const classMap = { KeyV: "value", KeyF: "failure", KeyU: "unsure", KeyN: "not demand" };
  function onKey(e) {
    const inBox = e.target === tb.input || e.target === reason;
    let ours = false;
    if (e.ctrlKey || e.metaKey) return; // Ctrl+A, Ctrl+Z and the browser's keys are not ours
    if (e.code === "Escape") { root.focus(); ours = true; }
    else if (inBox && e.altKey && classMap[e.code]) { classify(classMap[e.code]); ours = true; }
    else if (e.target === tb.input) {
      if (e.code === "Tab" && !e.shiftKey) ours = tb.accept();
      else if (e.code === "Enter") { tb.accept(true); root.focus(); ours = true; }
      else if (e.code === "ArrowDown") ours = tb.move(1);
      else if (e.code === "ArrowUp") ours = tb.move(-1);
    } else if (e.target === reason) {
      if (e.code === "Enter") { root.focus(); ours = true; }
    } else if (!e.altKey) {
      const digit = /^(Digit|Numpad)([1-9])$/.exec(e.code);
      if (classMap[e.code]) { classify(classMap[e.code]); ours = true; }
      else if (digit) {
        const ty = quickTypes().find((q) => q.n === Number(digit[2]));
        if (ty) { tb.input.value = ty.name; tb.draw(); say(`Type: ${ty.name}`, "info"); }
        ours = true;
      } else if (e.code === "KeyS") { if (!pending) { pending = { req: newKey() }; send({ kind: "skip", req: pending.req }); } ours = true; }
      else if (e.code === "ArrowLeft" || e.code === "Backspace") { if (!pending) { pending = { req: newKey() }; send({ kind: "back", req: pending.req }); } ours = true; }
      else if (e.code === "KeyT") { tb.input.focus(); ours = true; }
      else if (e.code === "KeyR") { reason.focus(); ours = true; }
      else if (e.code === "KeyG" && model.get("switch_label")) { send({ kind: "switch", req: newKey() }); ours = true; }
      else if (e.code === "KeyL") { if (!pending) { pending = { req: newKey() }; send({ kind: "reload", req: pending.req }); } ours = true; }
    }
    if (ours) { e.preventDefault(); e.stopPropagation(); }
  }
  root.addEventListener("keydown", onKey, true);
  root.addEventListener("keydown", stopTyping, false);
  const onItem = () => drawItem();
  const onProgress = () => drawProgress();
  const onTypes = () => drawTypes();
  const onCards = () => drawCards();
  model.on("change:item", onItem);
  model.on("change:progress", onProgress);
  model.on("change:types", onTypes);
  model.on("change:findings", onCards);
  model.on("change:notice", onCards);
  model.on("change:status", onCards);
  model.on("change:switch_label", onCards);
  model.on("msg:custom", onMsg);
  drawProgress(); drawItem(); drawTypes(); drawCards();
  // In a tab that was hidden: take the focus and look for new demands when shown.
  let hidden = false;
  const io = new IntersectionObserver((entries) => {
    for (const en of entries) {
      if (!en.isIntersecting) { if (root.offsetParent === null) hidden = true; continue; }
      if (hidden) {
        hidden = false;
        if (model.get("app")) root.focus();
        if (!pending) { pending = { req: newKey() }; send({ kind: "reload", req: pending.req }); }
      }
    }
  });
  io.observe(root);
  setTimeout(() => { if (root.offsetParent === null) hidden = true; else if (model.get("app")) root.focus(); }, 0);
  return () => {
    io.disconnect();
    model.off("change:item", onItem);
    model.off("change:progress", onProgress);
    model.off("change:types", onTypes);
    model.off("change:findings", onCards);
    model.off("change:notice", onCards);
    model.off("change:status", onCards);
    model.off("msg:custom", onMsg);
  };
}

export default {
  render({ model, el }) {
    const send = (m) => model.send(m);
    try {
      return model.get("view") === "group" ? renderGroup(model, el, send) : renderCapture(model, el, send);
    } catch (err) {
      el.textContent = "The form could not be drawn in this browser: " + err;
      return undefined;
    }
  },
};
