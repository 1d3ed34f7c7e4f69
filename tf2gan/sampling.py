"""Samples from a trained generator, in the data's own units."""

from __future__ import annotations

from typing import Callable

import numpy as np
import tensorflow as tf

from tf2gan.configs import Variant
from tf2gan.noise import Stream, sample_prior, stream_seed

_CHUNK = 1000

Generate = Callable[[tf.Tensor], np.ndarray]


def generate(variant: Variant, generator: Generate, num: int, seed: int) -> np.ndarray:
    """num generator outputs [num, example_dim] from fresh prior noise, in chunks.

    The noise is a function of (seed, chunk) alone, so the same seed gives
    the same samples from the same weights.
    """
    chunks = []
    for i, start in enumerate(range(0, num, _CHUNK)):
        n = min(_CHUNK, num - start)
        z = sample_prior(variant.noise, (n, variant.noise.dim), stream_seed(seed, Stream.SAMPLES, i))
        chunks.append(np.asarray(generator(z)))
    return np.concatenate(chunks)


def from_model(model: tf.keras.Model) -> Generate:
    """A generator model as a function of noise, in inference mode."""
    return lambda z: model(z, training=False).numpy()


def to_uint8(variant: Variant, images: np.ndarray) -> np.ndarray:
    """Images back to 0-255 pixels [n, 28, 28], undoing the variant's data scaling."""
    unit = (images + 1.0) / 2.0 if variant.data_scale == "symmetric" else images
    return np.clip(np.rint(unit * 255.0), 0, 255).astype(np.uint8).reshape(-1, 28, 28)
