"""Random numbers as pure functions of (seed, stream, index).

Every random draw of a run (data order, D's noise, G's noise, picture noise)
comes from a stateless generator keyed by the run's seed, what it is for and
the iteration it belongs to. A run therefore carries no RNG state: resuming
at step k draws exactly what an uninterrupted run would have drawn at step k,
and a loop that runs many steps in one compiled call computes the same noise
as one that runs them one by one.
"""

from __future__ import annotations

import enum

import tensorflow as tf


class Stream(enum.IntEnum):
    DATA = 0
    D_NOISE = 1
    G_NOISE = 2
    PICTURE = 3
    FIXED_PICTURE = 4
    PICTURE_DATA = 5
    SAMPLES = 6
    WALKS = 7
    LOSS = 8


def stream_seed(seed: tf.Tensor | int, stream: Stream, index: tf.Tensor | int) -> tf.Tensor:
    """The int64 [2] key for draw `index` of `stream` in a run seeded by `seed`.

    `seed` may be a tensor: an exported generator draws its prior with the
    seed it is called with (exported.py).
    """
    index = tf.cast(index, tf.int64)
    return tf.stack([tf.cast(seed, tf.int64),
                     tf.constant(int(stream) << 40, tf.int64) + index])
