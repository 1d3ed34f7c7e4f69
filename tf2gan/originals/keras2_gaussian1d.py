"""004, the Keras GAN that learns N(4, 1.25): the notebook's classes, in Keras 2.

Keras 2 is `tf_keras`. The models, the shared `adam`, `model_compile` and
the `trainable` toggling are the notebook's; `Machine` is reduced to the two
half-steps it ran (train_D, train_GD) so that data and noise come from
outside. The notebook stopped on a NameError ('Self') before it printed
anything; nothing of it is needed here.
"""

from __future__ import annotations

import warnings

import numpy as np
import tensorflow as tf
import tf_keras
from tf_keras import backend as K
from tf_keras import models
from tf_keras.layers import Conv1D, Dense, Flatten, Lambda, Reshape

from tf2gan.originals.base import HalfStepOriginal

ni_D = 100
lr = 2e-4


def add_decorate(x):
    m = K.mean(x, axis=1, keepdims=True)
    d = K.square(x - m)
    return K.concatenate([x, d], axis=-1)


def add_decorate_shape(input_shape):
    shape = list(input_shape)
    assert len(shape) == 2
    shape[1] *= 2
    return tuple(shape)


class GAN:
    def __init__(self, ni_D, nh_D, nh_G, adam):
        self.ni_D = ni_D
        self.nh_D = nh_D
        self.nh_G = nh_G
        self.adam = adam

        self.D = self.gen_D()
        self.G = self.gen_G()
        self.GD = self.make_GD()

    def model_compile(self, model):
        return model.compile(loss='binary_crossentropy', optimizer=self.adam,
                             metrics=['accuracy'])

    def gen_D(self):
        ni_D = self.ni_D
        nh_D = self.nh_D
        D = models.Sequential()
        D.add(Lambda(add_decorate, output_shape=add_decorate_shape, input_shape=(ni_D,)))
        D.add(Dense(nh_D, activation='relu'))
        D.add(Dense(nh_D, activation='relu'))
        D.add(Dense(1, activation='sigmoid'))
        self.model_compile(D)
        return D

    def gen_G(self):
        ni_D = self.ni_D
        nh_G = self.nh_D  # sic: the notebook reads nh_D here; both are 50

        G = models.Sequential()
        G.add(Reshape((ni_D, 1), input_shape=(ni_D,)))
        G.add(Conv1D(nh_G, 1, activation='relu'))
        G.add(Conv1D(nh_G, 1, activation='sigmoid'))
        G.add(Conv1D(1, 1))
        G.add(Flatten())
        self.model_compile(G)
        return G

    def make_GD(self):
        G, D = self.G, self.D
        GD = models.Sequential()
        GD.add(G)
        GD.add(D)
        D.trainable = False
        self.model_compile(GD)
        D.trainable = True
        return GD

    def D_train_on_batch(self, Real, Gen):
        D = self.D
        X = np.concatenate([Real, Gen], axis=0)
        y = np.array([1] * Real.shape[0] + [0] * Gen.shape[0])
        return D.train_on_batch(X, y)

    def GD_train_on_batch(self, Z):
        GD = self.GD
        y = np.array([1] * Z.shape[0])
        return GD.train_on_batch(Z, y)


class Gaussian1d(HalfStepOriginal):
    def __init__(self, seed: int, dtype: tf.DType = tf.float32) -> None:
        tf_keras.utils.set_random_seed(seed)
        # Keras 2 builds in floatx; a parity check may ask for float64.
        K.set_floatx(dtype.name)
        with warnings.catch_warnings():  # Keras 2's notices about input_shape and lr
            warnings.simplefilter("ignore")
            # One Adam object compiles D, G and GD, as the notebook's global `adam`.
            adam = tf_keras.optimizers.legacy.Adam(lr=lr, beta_1=0.9, beta_2=0.999)
            self.gan = GAN(ni_D, nh_D=50, nh_G=50, adam=adam)

    def train_discriminator(self, real: np.ndarray, noise: np.ndarray,
                            outputs: bool = True) -> dict[str, float]:
        gan = self.gan
        Gen = gan.G.predict(noise, verbose=0)
        # The notebook never looked at D's outputs; tf2gan logs them.
        probabilities = ({"d_real": float(np.mean(gan.D(real))),
                          "d_fake": float(np.mean(gan.D(Gen)))} if outputs else {})
        gan.D.trainable = True
        d_loss, _ = gan.D_train_on_batch(real, Gen)
        return {"d_loss": float(d_loss), **probabilities}

    def train_generator(self, noise: np.ndarray) -> float:
        self.gan.D.trainable = False
        g_loss, _ = self.gan.GD_train_on_batch(noise)
        return float(g_loss)

    def generate(self, noise: np.ndarray) -> np.ndarray:
        return self.gan.G.predict(noise, verbose=0)

    def get_weights(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        return self.gan.G.get_weights(), self.gan.D.get_weights()

    def set_weights(self, generator: list[np.ndarray], discriminator: list[np.ndarray]) -> None:
        self.gan.G.set_weights(generator)
        self.gan.D.set_weights(discriminator)
