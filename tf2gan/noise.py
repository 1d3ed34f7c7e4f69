"""Random numbers as pure functions of (seed, stream, index).

Every random draw of a run (data order, D's noise, G's noise, picture noise)
comes from a stateless generator keyed by the run's seed, what it is for and
the iteration it belongs to. A run therefore carries no RNG state: resuming
at step k draws exactly what an uninterrupted run would have drawn at step k,
and a loop that runs many steps in one compiled call computes the same noise
as one that runs them one by one.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Callable

import numpy as np
import tensorflow as tf

from tf2gan.configs import Noise


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


@dataclasses.dataclass(frozen=True)
class Prior:
    """One kind of p(z), drawn two ways: statelessly in TensorFlow, as tf2gan
    draws, and from a NumPy generator, as the originals drew in Python (the
    parity checks and the benchmark feed them so)."""

    stateless: Callable[[Noise, tuple[int, ...], tf.Tensor], tf.Tensor]
    numpy: Callable[[Noise, tuple[int, ...], np.random.Generator], np.ndarray]


# Noise.kind -> its draws.
PRIORS: dict[str, Prior] = {
    "normal": Prior(lambda noise, shape, key: tf.random.stateless_normal(shape, seed=key),
                    lambda noise, shape, rng: rng.normal(size=shape)),
    "uniform": Prior(lambda noise, shape, key: tf.random.stateless_uniform(
                         shape, seed=key, minval=noise.low, maxval=noise.high),
                     lambda noise, shape, rng: rng.uniform(noise.low, noise.high, shape)),
}


def sample_prior(noise: Noise, shape: tuple[int, ...], key: tf.Tensor) -> tf.Tensor:
    """Draw float32 noise of `shape` from the prior p(z)."""
    return PRIORS[noise.kind].stateless(noise, shape, key)


def sample_prior_numpy(noise: Noise, shape: tuple[int, ...],
                       rng: np.random.Generator) -> np.ndarray:
    """Draw float64 noise of `shape` from the prior p(z), as the originals did."""
    return PRIORS[noise.kind].numpy(noise, shape, rng)
