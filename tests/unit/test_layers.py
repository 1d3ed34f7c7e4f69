"""The package's layers: folders whose imports only go down, and no circles.

Every module belongs to a layer: its folder under tf2gan/, or "entry" for
the `python -m tf2gan.COMMAND` modules beside them. A module may import from
its own layer and the layers below it, never from one above; and no chain of
imports, function-local ones included, leads from a module back to itself.
"""

from __future__ import annotations

import ast
import os

import pytest

from helpers import REPO

# Bottom to top: a layer may import the layers before it in this list.
LAYERS = ("base", "variants", "data", "core", "originals", "judge", "run", "artifacts",
          "studies", "commands", "entry")


def modules(package_dir: str) -> dict[str, str]:
    """Dotted module name -> file, for every .py under `package_dir`."""
    top = os.path.dirname(package_dir)
    found = {}
    for folder, _, files in os.walk(package_dir):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                dotted = os.path.relpath(path, top)[:-3].replace(os.sep, ".")
                found[dotted.removesuffix(".__init__")] = path
    return found


def imports(path: str, known: dict[str, str]) -> set[str]:
    """The package's modules that `path` imports anywhere in it (functions too)."""
    package = next(iter(known)).split(".")[0]
    found = set()
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module.split(".")[0] == package):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names
                         if alias.name.split(".")[0] == package)
    return found


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "package"
    return parts[1] if parts[1] in LAYERS else "entry"


def upward_imports(package_dir: str) -> list[str]:
    """Each import that runs from a layer up to a higher one, as 'a -> b'."""
    known = modules(package_dir)
    found = []
    for module, path in sorted(known.items()):
        for target in sorted(imports(path, known)):
            if layer_of(module) == "package" or layer_of(target) == "package":
                if target != module and layer_of(module) == "package":
                    found.append(f"{module} -> {target} (the package's __init__ imports "
                                 "nothing)")
                continue
            if LAYERS.index(layer_of(target)) > LAYERS.index(layer_of(module)):
                found.append(f"{module} ({layer_of(module)}) -> {target} ({layer_of(target)})")
    return found


def circles(package_dir: str) -> list[list[str]]:
    """Every loop of imports between modules, each once."""
    known = modules(package_dir)
    graph = {module: sorted(imports(path, known) - {module}) for module, path in known.items()}
    found, state = [], {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in graph.get(module, ()):
            if state.get(target) == "open":
                found.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


PACKAGE = os.path.join(REPO, "tf2gan")


def test_imports_only_go_down_the_layers():
    assert upward_imports(PACKAGE) == []


def test_no_modules_import_each_other_in_a_circle():
    assert circles(PACKAGE) == []


def test_every_folder_is_a_layer_with_a_one_line_purpose():
    folders = sorted(entry.name for entry in os.scandir(PACKAGE)
                     if entry.is_dir() and entry.name != "__pycache__")
    assert folders == sorted(set(LAYERS) - {"entry"})
    for folder in folders:
        tree = ast.parse(open(os.path.join(PACKAGE, folder, "__init__.py"),
                              encoding="utf-8").read())
        purpose = (ast.get_docstring(tree) or "").split("\n\n")[0]
        assert purpose and "\n" not in purpose, folder


def _members(found: list[list[str]]) -> list[list[str]]:
    return [sorted(set(circle)) for circle in found]


def _write(root, relative: str, text: str = "") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def toy(tmp_path):
    """A package laid out as tf2gan is, whose core imports nothing above it."""
    for layer in ("base", "core", "run", "commands"):
        _write(tmp_path, f"tf2gan/{layer}/__init__.py", '"""A layer."""\n')
    _write(tmp_path, "tf2gan/__init__.py")
    _write(tmp_path, "tf2gan/base/errors.py")
    _write(tmp_path, "tf2gan/core/gan.py", "from tf2gan.base import errors\n")
    _write(tmp_path, "tf2gan/run/train.py", "def train():\n    from tf2gan.core import gan\n")
    _write(tmp_path, "tf2gan/main.py", "from tf2gan.commands import cli\n")
    _write(tmp_path, "tf2gan/commands/cli.py", "from tf2gan.run.train import train\n")
    return tmp_path / "tf2gan"


def test_the_check_sees_an_import_that_runs_up_even_inside_a_function(toy):
    assert upward_imports(str(toy)) == [] and circles(str(toy)) == []
    _write(toy.parent, "tf2gan/core/gan.py",
           "from tf2gan.base import errors\n\ndef f():\n    from tf2gan.run import train\n")
    assert upward_imports(str(toy)) == ["tf2gan.core.gan (core) -> tf2gan.run.train (run)"]
    assert _members(circles(str(toy))) == [["tf2gan.core.gan", "tf2gan.run.train"]]


def test_the_check_sees_a_circle_inside_one_layer(toy):
    _write(toy.parent, "tf2gan/run/checkpoints.py", "from tf2gan.run import train\n")
    _write(toy.parent, "tf2gan/run/train.py", "from tf2gan.run import checkpoints\n")
    assert upward_imports(str(toy)) == []
    assert _members(circles(str(toy))) == [["tf2gan.run.checkpoints", "tf2gan.run.train"]]
