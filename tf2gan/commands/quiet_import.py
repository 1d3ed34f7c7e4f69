"""TensorFlow, imported when first needed and without the screenful its C++
runtime prints.

When TensorFlow loads and first probes for devices it logs oneDNN and CUDA
notices, some of them before absl logging is initialised, where neither
TF_CPP_MIN_LOG_LEVEL nor absl's verbosity reaches. So the process's first
`import tensorflow`, wherever it comes from, runs with file descriptor 2
sent to /dev/null and probes the devices before stderr is back; a real
import error still raises, after it. tf2gan/__init__.py arranges this
(install) rather than importing TensorFlow itself: a command reads its flags,
and refuses a wrong one in one line, before the seconds that import takes.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from typing import Iterator, Sequence

# What Keras imports with itself whenever it is installed, for features no
# tf2gan command uses: scikit-learn for its estimator wrappers, pandas for
# DataFrames given to fit(), pyplot for its image gallery (tf2gan draws with
# matplotlib.figure). Together they are a third of a command's start-up.
KERAS_EXTRAS_NO_COMMAND_USES = ("sklearn", "pandas", "matplotlib.pyplot")


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration, then restore it."""
    sys.stderr.flush()
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


@contextlib.contextmanager
def _unimportable(names: tuple[str, ...]) -> Iterator[None]:
    """Importing any of `names` raises ImportError, as if it were not
    installed, for the duration; afterwards each imports as usual."""
    absent = [name for name in names if name not in sys.modules]
    for name in absent:
        sys.modules[name] = None  # type: ignore[assignment]  (Python's "not importable")
    try:
        yield
    finally:
        for name in absent:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


class _QuietLoader(importlib.abc.Loader):
    """TensorFlow's own loader, run silenced, then the device probe."""

    def __init__(self, loader: importlib.abc.Loader, finder: _QuietTensorFlowFinder) -> None:
        self._loader = loader
        self._finder = finder

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        # TensorFlow sees its own loader, as it would without this one.
        module.__loader__ = module.__spec__.loader = self._loader
        with contextlib.suppress(ValueError):  # another thread's import took it out
            sys.meta_path.remove(self._finder)
        with _stderr_silenced(), _unimportable(self._finder.without):
            self._loader.exec_module(module)
            try:
                module.config.list_physical_devices()
            except Exception:
                # TensorFlow is imported; what failed fails again, visibly,
                # where tf2gan first asks for the devices (threads.plan).
                pass


class _QuietTensorFlowFinder(importlib.abc.MetaPathFinder):
    """Finds TensorFlow where Python's path finder does, and hands it
    _QuietLoader. It stays in place until TensorFlow is imported: a
    question whether it is installed (importlib.util.find_spec, as
    tensorflow_datasets' file paths ask) is answered and changes nothing."""

    def __init__(self, without: tuple[str, ...]) -> None:
        self.without = without

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name != "tensorflow" or name in sys.modules:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader, self)
        return spec


def install() -> None:
    """Make this command's first import of TensorFlow a quiet one, without
    Keras' extras (no command uses them), and TensorFlow's C++ logging
    limited to errors."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "tensorflow" not in sys.modules:
        sys.meta_path.insert(0, _QuietTensorFlowFinder(KERAS_EXTRAS_NO_COMMAND_USES))
