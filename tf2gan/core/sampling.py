"""Samples from a trained generator, in the data's own units."""

from __future__ import annotations

from typing import Callable

import numpy as np
import tensorflow as tf

from tf2gan.base.streams import Stream, stream_seed
from tf2gan.core.noise import sample_prior
from tf2gan.data import kinds, scaling
from tf2gan.variants import Noise, Variant

CHUNK = 1000

Generate = Callable[[tf.Tensor], np.ndarray]


def chunk_noise(noise: Noise, seed: tf.Tensor | int, chunk: tf.Tensor | int,
                size: tf.Tensor | int) -> tf.Tensor:
    """The prior noise [size, dim] of chunk `chunk` of the samples drawn with `seed`.

    An exported generator draws with this same function (exported.py), so a
    fresh process that has only the export draws what `generate` draws.
    """
    return sample_prior(noise, (size, noise.dim), stream_seed(seed, Stream.SAMPLES, chunk))


def bytes_per_sample(variant: Variant) -> int:
    """Memory one sample takes at the peak of drawing many and writing them:
    the generator's float32 output, the float32 pixels made of it and what
    is written (uint8 pixels, or the float32 values themselves)."""
    return variant.example_dim * (4 + 4 + 4)


def generate(variant: Variant, generator: Generate, num: int, seed: int) -> np.ndarray:
    """num generator outputs [num, example_dim] from fresh prior noise, in chunks.

    The noise is a function of (seed, chunk) alone, so the same seed gives
    the same samples from the same weights.
    """
    chunks = []
    for i, start in enumerate(range(0, num, CHUNK)):
        z = chunk_noise(variant.noise, seed, i, min(CHUNK, num - start))
        chunks.append(np.asarray(generator(z)))
    return np.concatenate(chunks)


def from_model(model: tf.keras.Model) -> Generate:
    """A generator model as a function of noise, in inference mode, run as a graph.

    In a graph TensorFlow's optimiser fuses each product with its bias and
    activation, which rounds differently from running the ops one by one: a
    few pixels in a hundred thousand land on another level of 0-255. An
    exported generator always runs as a graph, so sampling a run runs one too,
    and the two agree to the bit.
    """
    call = tf.function(lambda z: model(z, training=False),
                       input_signature=[tf.TensorSpec([None, model.input_shape[-1]], tf.float32)])
    return lambda z: call(z).numpy()


def samples_key(data: str) -> str:
    """What samples of a variant's `data` are called, in a samples .npz file
    and in an exported generator's output: `images`, or gaussian1d's
    `values` (data.kinds)."""
    return kinds.KINDS[data].sample_name


def pixels(variant: Variant, images: tf.Tensor) -> tf.Tensor:
    """Generator outputs as uint8 pixels [n, height, width], undoing the variant's data scaling.

    One TensorFlow computation for both `to_uint8` and an exported
    generator's serving signature: rounding half to even, as np.rint.
    """
    unit = scaling.to_unit(images, variant.data_scale)
    levels = tf.clip_by_value(tf.round(unit * 255.0), 0.0, 255.0)
    return tf.reshape(tf.cast(levels, tf.uint8), [-1, *kinds.IMAGE_SHAPE])


def to_uint8(variant: Variant, images: np.ndarray) -> np.ndarray:
    """Images back to 0-255 pixels [n, height, width], undoing the variant's data scaling."""
    return pixels(variant, tf.convert_to_tensor(images)).numpy()
