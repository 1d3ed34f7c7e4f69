"""The originals, written from the tutorials' text and run as they ran.

Each module builds one tutorial's model the way its text did: a
`tf.compat.v1` graph fed through `feed_dict` for 000-003, Keras 2
(`tf_keras`) models trained with `train_on_batch` for 004, the DCGAN
tutorial's own TF2 code for dcgan. They exist to be
run beside the TF2 variants on the same data and noise (`--impl=original`),
and to check step by step that the variants compute what the originals did.
"""

from __future__ import annotations

import importlib

import tensorflow as tf

from tf2gan.reference.base import Reference

# Variant name -> "module:class" of its original, imported only when asked
# for (Keras 2 and the TF1 graphs load nothing until a reference runs).
REFERENCES: dict[str, str] = {
    "goodfellow": "tf1_goodfellow:Goodfellow",
    "tf101": "tf1_tf101:Tf101",
    "smoothing": "tf1_smoothing:Smoothing",
    "dropout": "tf1_dropout:Dropout",
    "gaussian1d": "keras2_gaussian1d:Gaussian1d",
    "dcgan": "keras3_dcgan:Dcgan",
}


def make_reference(name: str, seed: int, dtype: tf.DType = tf.float32) -> Reference:
    """The original of variant `name`, freshly initialised as its source did."""
    module, cls = REFERENCES[name].split(":")
    return getattr(importlib.import_module(f"tf2gan.reference.{module}"), cls)(seed, dtype)
