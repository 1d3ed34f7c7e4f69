"""The patches parity needs (pinned dropout masks, float64 Adams) hold inside
their `with` blocks only: TensorFlow and Keras are as they were afterwards,
even when the block fails."""

import pytest
import tensorflow as tf
import tf_keras

from tf2gan.studies.parity import pinned_masks, precision


def _patchable():
    return {"Dropout.call": tf.keras.layers.Dropout.call,
            "tf1 dropout": tf.compat.v1.nn.dropout,
            "tf1 Adam": tf.compat.v1.train.AdamOptimizer.__init__,
            "Keras 2 Adam": tf_keras.optimizers.legacy.Adam.__init__,
            "Keras Adam": tf.keras.optimizers.Adam.__init__,
            "floatx": tf.keras.config.floatx(),
            "policy": tf.keras.config.dtype_policy().name}


def test_parity_patches_hold_inside_their_blocks_and_are_undone_after():
    before = _patchable()
    with precision(tf.float64), pinned_masks():
        inside = _patchable()
    assert {key for key in before if inside[key] != before[key]} == set(before)
    assert _patchable() == before


def test_parity_patches_are_undone_when_the_block_fails():
    before = _patchable()
    with pytest.raises(RuntimeError):
        with precision(tf.float64), pinned_masks():
            raise RuntimeError("a parity check that failed")
    assert _patchable() == before
