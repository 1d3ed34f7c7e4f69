"""Samples from a trained generator, in the data's own units."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from tf2gan.configs import Variant
from tf2gan.noise import Stream, sample_prior, stream_seed

_CHUNK = 1000


def generate(variant: Variant, generator: tf.keras.Model, num: int, seed: int) -> np.ndarray:
    """num generator outputs [num, example_dim] from fresh prior noise, in chunks."""
    chunks = []
    for i, start in enumerate(range(0, num, _CHUNK)):
        n = min(_CHUNK, num - start)
        z = sample_prior(variant.noise, (n, variant.noise.dim), stream_seed(seed, Stream.PICTURE, i))
        chunks.append(generator(z, training=False).numpy())
    return np.concatenate(chunks)


def to_uint8(variant: Variant, images: np.ndarray) -> np.ndarray:
    """Images back to 0-255 pixels [n, 28, 28], undoing the variant's data scaling."""
    unit = (images + 1.0) / 2.0 if variant.data_scale == "symmetric" else images
    return np.clip(np.rint(unit * 255.0), 0, 255).astype(np.uint8).reshape(-1, 28, 28)
