"""The baseline for the group-classification benchmark: the least a keyboard labeller can do.

One anywidget that shows a text, sends each of its keys to Python, keeps the labels in a
list in memory (nothing on disk, no types, no history) and shows the next text. It handles
keys the same way the workbook's widget does (capture phase, KeyboardEvent.code, the
JupyterLab shortcut attribute), so the comparison is about what happens in between.
"""
from __future__ import annotations

import anywidget
import traitlets as t

_ESM = """
export default {
  render({ model, el }) {
    const root = document.createElement("div");
    root.className = "ml-root";
    root.tabIndex = 0;
    root.setAttribute("data-lm-suppress-shortcuts", "true");
    const text = document.createElement("blockquote");
    text.className = "ml-item";
    text.style.fontSize = "34px";
    root.append(text);
    el.append(root);
    const draw = () => { text.textContent = model.get("item") || "All done."; };
    const keys = { KeyV: "value", KeyF: "failure", KeyU: "unsure", KeyN: "not demand" };
    root.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || !keys[e.code]) return;
      e.preventDefault(); e.stopPropagation();
      model.send({ label: keys[e.code] });
    }, true);
    model.on("change:item", draw);
    draw();
    return () => model.off("change:item", draw);
  },
};
"""


class MinimalLabeller(anywidget.AnyWidget):
    """Label texts by key, in memory only."""

    _esm = _ESM
    item = t.Unicode("").tag(sync=True)

    def __init__(self, texts):
        super().__init__()
        self.texts = list(texts)
        self.labels: list[tuple[str, str]] = []
        self._pos = 0
        self.item = self.texts[0] if self.texts else ""
        self.on_msg(self._on_msg)

    def _on_msg(self, _widget, content, _buffers):
        self.labels.append((self.item, content.get("label")))
        self._pos += 1
        self.item = self.texts[self._pos] if self._pos < len(self.texts) else ""
