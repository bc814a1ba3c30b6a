"""A slider everyone can use: a native ``<input type="range">`` with its own ``<label>``.

ipywidgets' sliders draw a ``role="slider"`` handle that their description is not tied to, so a
screen reader announces a number with no name (axe: aria-input-field-name). This one is named by
its label, moved by the keyboard (arrows, Home/End, Page Up/Down), shows the browser's focus ring,
and has ``value``, ``min``, ``max``, ``step`` and ``description`` like ``ipywidgets.IntSlider``.

>>> s = Slider(value=3, min=1, max=5, description="Help from need level")
>>> s.value = 4.0; s.value, type(s.value).__name__
(4, 'int')
>>> Slider(value=0.35, min=0, max=1, step=0.01, percent=True).value
0.35
"""
from __future__ import annotations

import anywidget
import traitlets as t

__all__ = ["Slider"]


class Slider(anywidget.AnyWidget):
    _esm = """
export default { render({ model, el }) {
  const make = (tag, props) => Object.assign(document.createElement(tag), props);
  const id = "demand-slider-" + Math.random().toString(36).slice(2);
  const name = make("label", { htmlFor: id }), input = make("input", { type: "range", id }), shown = make("output");
  shown.setAttribute("for", id);
  el.append(make("div", { className: "demand-slider" }));
  el.firstChild.append(name, input, shown);
  const show = (v) => {
    shown.textContent = model.get("percent") ? `${Math.round(v * 100)}%` : String(v);
    input.setAttribute("aria-valuetext", shown.textContent);
  };
  const draw = () => {
    name.textContent = model.get("description");
    for (const k of ["min", "max", "step"]) input[k] = model.get(k);
    input.value = model.get("value");
    show(model.get("value"));
  };
  input.addEventListener("input", () => show(Number(input.value)));
  input.addEventListener("change", () => { model.set("value", Number(input.value)); model.save_changes(); });
  for (const k of ["value", "min", "max", "step", "description"]) model.on(`change:${k}`, draw);
  draw();
}};
"""
    _css = """
.demand-slider { display: flex; align-items: center; gap: 10px; margin: 4px 0; }
.demand-slider input { width: 220px; }
.demand-slider input:focus-visible { outline: 3px solid #0072b2; outline-offset: 2px; }
.demand-slider output { min-width: 3em; }
"""
    value = t.Union([t.Int(), t.Float()], default_value=0).tag(sync=True)  # an int when the steps are whole
    min = t.Float(0).tag(sync=True)
    max = t.Float(100).tag(sync=True)
    step = t.Float(1).tag(sync=True)
    description = t.Unicode("").tag(sync=True)
    percent = t.Bool(False).tag(sync=True)  # show 0.35 as 35%

    @t.validate("value")
    def _within(self, proposal):
        value = min(max(proposal["value"], self.min), self.max)
        return int(value) if float(self.step).is_integer() and float(value).is_integer() else value
