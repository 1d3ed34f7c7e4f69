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
from typing import TYPE_CHECKING

from tf2gan.configs import VARIANTS, WITH_ORIGINALS, Variant
from tf2gan.errors import UsageError

if TYPE_CHECKING:  # the originals load TensorFlow only when one is made
    import tensorflow as tf

    from tf2gan.reference.base import Reference


def check_has_original(variant: Variant) -> None:
    """UsageError unless the variant's source runs here; without TensorFlow,
    so that flags can refuse it at once."""
    if variant.original is None:
        raise UsageError(f"{variant.name} has no original to run here (the originals that "
                         f"run are those of {', '.join(WITH_ORIGINALS)})")


def make_reference(name: str, seed: int, dtype: tf.DType | None = None) -> Reference:
    """The original of variant `name`, freshly initialised as its source did,
    in `dtype` (default: float32, as the sources ran)."""
    variant = VARIANTS[name]
    check_has_original(variant)
    module, cls = variant.original.split(":")
    original = getattr(importlib.import_module(f"tf2gan.reference.{module}"), cls)
    return original(seed) if dtype is None else original(seed, dtype)
