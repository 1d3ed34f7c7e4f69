"""The prior p(z), drawn two ways: statelessly, keyed as every draw of a run
is (base/streams.py), and from NumPy, as the originals drew in Python."""

from __future__ import annotations

import dataclasses
from typing import Callable

import numpy as np
import tensorflow as tf

from tf2gan.variants import Noise


@dataclasses.dataclass(frozen=True)
class Prior:
    """One kind of p(z), drawn two ways: statelessly in TensorFlow, as tf2gan
    draws, and from a NumPy generator, as the originals drew in Python (the
    parity checks and the benchmark feed them so)."""

    stateless: Callable[[Noise, tuple[int, ...], tf.Tensor], tf.Tensor]
    numpy: Callable[[Noise, tuple[int, ...], np.random.Generator], np.ndarray]
    # The fields of Noise this kind reads (a uniform prior's bounds): what an
    # export records of the prior besides its kind and dimension.
    parameters: tuple[str, ...] = ()


# Noise.kind -> its draws.
PRIORS: dict[str, Prior] = {
    "normal": Prior(lambda noise, shape, key: tf.random.stateless_normal(shape, seed=key),
                    lambda noise, shape, rng: rng.normal(size=shape)),
    "uniform": Prior(lambda noise, shape, key: tf.random.stateless_uniform(
                         shape, seed=key, minval=noise.low, maxval=noise.high),
                     lambda noise, shape, rng: rng.uniform(noise.low, noise.high, shape),
                     parameters=("low", "high")),
}


def sample_prior(noise: Noise, shape: tuple[int, ...], key: tf.Tensor) -> tf.Tensor:
    """Draw float32 noise of `shape` from the prior p(z)."""
    return PRIORS[noise.kind].stateless(noise, shape, key)


def sample_prior_numpy(noise: Noise, shape: tuple[int, ...],
                       rng: np.random.Generator) -> np.ndarray:
    """Draw float64 noise of `shape` from the prior p(z), as the originals did."""
    return PRIORS[noise.kind].numpy(noise, shape, rng)


def prior_parameters(noise: Noise) -> dict[str, float]:
    """The parameters the prior's kind reads, by name: a uniform prior's low
    and high, nothing for N(0, 1)."""
    return {name: getattr(noise, name) for name in PRIORS[noise.kind].parameters}
