"""The house holds: layers import only downwards, core and analysis never draw or show
widgets, and no module imports itself back through others. Read from the source's imports
(every import, also those inside functions), not from what happens to be loaded."""
import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "helpers"
LAYERS = ("core", "analysis", "views", "teaching", "serve")  # bottom to top
DRAWING_AND_WIDGETS = ("ipywidgets", "anywidget", "matplotlib", "seaborn", "traitlets", "IPython")


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, package: list[str] | None = None) -> set[str]:
    """Every module ``path`` imports, absolute (relative imports resolved against ``package``)."""
    if package is None:
        here = module_name(path).split(".")
        package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def own_imports(name: str) -> set[str]:
    return {m for m in imports(MODULES[name]) if m in MODULES and m != name and not name.startswith(m + ".")}


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_lives_in_a_layer():
    loose = [n for n in MODULES if layer(n) is None and n != "helpers"]
    assert not loose, f"modules outside the layers: {loose}"


def test_layers_import_only_downwards():
    wrong = [f"{name} imports {other}" for name in MODULES if layer(name) is not None
             for other in own_imports(name) if layer(other) is not None and layer(other) > layer(name)]
    assert not wrong, "\n".join(wrong)


def test_core_and_analysis_never_draw_or_show_widgets():
    wrong = [f"{name} imports {m}" for name in MODULES if layer(name) in (0, 1)
             for m in imports(MODULES[name]) if m.split(".")[0] in DRAWING_AND_WIDGETS]
    assert not wrong, "\n".join(wrong)


def test_no_import_circles():
    graph = {name: own_imports(name) - {"helpers"} for name in MODULES}
    circles, state = [], {}

    def visit(name, path):
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                circles.append(" -> ".join(path[path.index(other):] + [other]))
            elif other not in state:
                visit(other, path + [other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not circles, "\n".join(circles)


def test_the_reader_sees_imports_inside_functions_and_relative_ones(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from ..views import plots\n    import matplotlib.pyplot\n")
    assert imports(sample, package=["helpers", "analysis"]) == {"helpers.views", "helpers.views.plots", "matplotlib.pyplot"}


def test_every_module_says_what_it_offers():
    # __all__ in every module: a reader sees at the top what the module is for others to use.
    missing = [name for name, path in MODULES.items() if path.name != "__main__.py"
               and not any(isinstance(node, (ast.Assign, ast.AnnAssign)) and "__all__" in ast.unparse(node).split("=")[0]
                           for node in ast.parse(path.read_text(encoding="utf-8")).body)]
    assert not missing, f"modules without __all__: {missing}"
