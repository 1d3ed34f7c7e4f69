"""What tf2gan needs of an original, and the TF1 session machinery they share."""

from __future__ import annotations

import abc
import warnings

import numpy as np
import tensorflow as tf

tf1 = tf.compat.v1


class Original(abc.ABC):
    """One original, driven iteration by iteration with data and noise from outside.

    Weights are exchanged in Keras' order (per layer: kernel, then bias, then
    any other weights), so that a variant and its original can start from
    the same point.
    """

    @abc.abstractmethod
    def train_iteration(self, real: np.ndarray, d_noise: np.ndarray, g_noises: np.ndarray,
                        outputs: bool = True) -> dict[str, float]:
        """One iteration as the original ran it, on tf2gan's draws for it
        (d_noise [d_steps, batch, dim], g_noises [g_steps, batch, dim]):
        d_loss, g_loss and, if `outputs`, d_real and d_fake (mean D
        probabilities), each as the original computed it for its update.

        A benchmark passes outputs=False to time only what the original did."""

    @abc.abstractmethod
    def generate(self, noise: np.ndarray) -> np.ndarray:
        """G(noise) as float32 [n, example_dim]."""

    @abc.abstractmethod
    def get_weights(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """(G's, D's) weights in Keras order."""

    @abc.abstractmethod
    def set_weights(self, generator: list[np.ndarray], discriminator: list[np.ndarray]) -> None:
        """Load (G's, D's) weights given in Keras order."""


class HalfStepOriginal(Original):
    """An original that ran one D update, then its G updates, each its own call."""

    @abc.abstractmethod
    def train_discriminator(self, real: np.ndarray, noise: np.ndarray,
                            outputs: bool = True) -> dict[str, float]:
        """One D update; d_loss (the minimised loss) and, if `outputs`, d_real and
        d_fake (mean D probabilities), all from before the update."""

    @abc.abstractmethod
    def train_generator(self, noise: np.ndarray) -> float:
        """One G update; the minimised G loss."""

    def train_iteration(self, real: np.ndarray, d_noise: np.ndarray, g_noises: np.ndarray,
                        outputs: bool = True) -> dict[str, float]:
        metrics = self.train_discriminator(real, d_noise[0], outputs)
        for g_noise in g_noises:
            metrics["g_loss"] = self.train_generator(g_noise)
        return metrics


class GraphOriginal(HalfStepOriginal):
    """A TF1 graph run through a Session with feed_dict, as the tutorials did.

    A subclass's `build` writes the tutorial's graph and sets:
      X, Z                 the placeholders for images and noise
      G_sample             G(Z)
      D_objective, G_objective   the tensors each optimiser minimises
      D_real_prob, D_fake_prob   D's probabilities on X and G(Z)
      train_D, train_G     the optimisers' minimize ops
      g_vars, d_vars       the variables in Keras order
    """

    X: tf.Tensor
    Z: tf.Tensor
    G_sample: tf.Tensor
    D_objective: tf.Tensor
    G_objective: tf.Tensor
    D_real_prob: tf.Tensor
    D_fake_prob: tf.Tensor
    train_D: tf.Operation
    train_G: tf.Operation
    g_vars: list[tf.Variable]
    d_vars: list[tf.Variable]

    def __init__(self, seed: int, dtype: tf.DType = tf.float32) -> None:
        # The tutorials computed in float32; a parity check may ask for
        # float64 to take rounding out of the comparison.
        self.dtype = dtype
        self.graph = tf.Graph()
        with self.graph.as_default():
            tf1.set_random_seed(seed)
            with warnings.catch_warnings():  # tf.layers' deprecation notices
                warnings.simplefilter("ignore")
                self.build()
            self._loaders = [self._loader(v) for v in self.g_vars + self.d_vars]
            self.session = tf1.Session(graph=self.graph)
            self.session.run(tf1.global_variables_initializer())

    @abc.abstractmethod
    def build(self) -> None:
        """Write the tutorial's graph (see the class docstring)."""

    @staticmethod
    def _loader(variable: tf.Variable) -> tuple[tf.Tensor, tf.Operation]:
        value = tf1.placeholder(variable.dtype.base_dtype, variable.shape)
        return value, tf1.assign(variable, value)

    def train_discriminator(self, real: np.ndarray, noise: np.ndarray,
                            outputs: bool = True) -> dict[str, float]:
        fetches = [self.train_D, self.D_objective]
        if outputs:
            fetches += [self.D_real_prob, self.D_fake_prob]
        values = self.session.run(fetches, feed_dict={self.X: real, self.Z: noise})
        metrics = {"d_loss": float(values[1])}
        if outputs:
            metrics.update(d_real=float(values[2]), d_fake=float(values[3]))
        return metrics

    def train_generator(self, noise: np.ndarray) -> float:
        _, g_loss = self.session.run([self.train_G, self.G_objective], feed_dict={self.Z: noise})
        return float(g_loss)

    def generate(self, noise: np.ndarray) -> np.ndarray:
        return self.session.run(self.G_sample, feed_dict={self.Z: noise})

    def get_weights(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        return self.session.run(self.g_vars), self.session.run(self.d_vars)

    def set_weights(self, generator: list[np.ndarray], discriminator: list[np.ndarray]) -> None:
        values = list(generator) + list(discriminator)
        if len(values) != len(self._loaders):
            raise ValueError(f"expected {len(self._loaders)} arrays, got {len(values)}")
        self.session.run([assign for _, assign in self._loaders],
                         feed_dict={p: v for (p, _), v in zip(self._loaders, values)})
