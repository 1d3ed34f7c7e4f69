"""The originals, written from the tutorials' text and run as they ran.

Each module builds one tutorial's model the way its text did: a
`tf.compat.v1` graph fed through `feed_dict` for 000-003, Keras 2
(`tf_keras`) models trained with `train_on_batch` for 004, the DCGAN
tutorial's own TF2 code for dcgan. They exist to be
run beside the TF2 variants on the same data and noise (`--impl=original`),
and to check step by step that the variants compute what the originals did.
A variant names its original in its configuration (`Variant.original`).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING

from tf2gan import variants
from tf2gan.base import extras
from tf2gan.base.errors import UsageError
from tf2gan.variants import Variant, with_originals

if TYPE_CHECKING:  # the originals load TensorFlow only when one is made
    import tensorflow as tf

    from tf2gan.originals.base import Original


def check_has_original(variant: Variant) -> None:
    """UsageError unless the variant's source runs here; without TensorFlow,
    so that flags can refuse it at once."""
    if variant.original is None:
        raise UsageError(f"{variant.name} has no original to run here (the originals that "
                         f"run are those of {', '.join(with_originals())})")


def original_class(variant: Variant) -> type[Original]:
    """The class that `variant.original` names: "module:Class", the module one
    of this package's (tf1_goodfellow) or, for a variant defined outside
    tf2gan, a module of the user's that Python can import (examples/vanilla)."""
    check_has_original(variant)
    module, cls = variant.original.split(":")
    own = f"{__name__}.{module}"
    path = own if importlib.util.find_spec(own) is not None else module
    try:
        return getattr(importlib.import_module(path), cls)
    except ModuleNotFoundError as e:
        if e.name in extras.EXTRAS:
            raise extras.missing(e.name) from None
        raise


def make_original(name: str, seed: int, dtype: tf.DType | None = None) -> Original:
    """The original of variant `name`, freshly initialised as its source did,
    in `dtype` (default: float32, as the sources ran)."""
    original = original_class(variants.get(name))
    return original(seed) if dtype is None else original(seed, dtype)
