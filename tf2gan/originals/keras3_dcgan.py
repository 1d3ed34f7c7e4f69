"""TensorFlow's DCGAN tutorial (tensorflow/docs, site/en/tutorials/generative/
dcgan.ipynb, Apache 2.0): its models, losses, optimisers and train_step.

The tutorial is TF2 code: `tf.keras` (Keras 3 in TensorFlow 2.21) models and
a `@tf.function` train_step recording one forward pass on two tapes. The
cells are transcribed as written, with two changes so that it can run
beside tf2gan on the same draws: train_step takes its noise as an argument
instead of drawing `tf.random.normal([BATCH_SIZE, noise_dim])` itself, and
returns its losses and D's outputs, which the tutorial only computed. The
loss and step cells run in the constructor, where they see the models,
optimisers and floatx of the instance.
The data pipeline, the epochs loop, the pictures and the checkpoints are
tf2gan's (variants/dcgan.py says which of the tutorial's numbers they keep).
"""

from __future__ import annotations

import warnings

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

from tf2gan.originals.base import Original

BUFFER_SIZE = 60000
BATCH_SIZE = 256
noise_dim = 100


def make_generator_model():
    model = tf.keras.Sequential()
    model.add(layers.Dense(7*7*256, use_bias=False, input_shape=(100,)))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())

    model.add(layers.Reshape((7, 7, 256)))
    assert model.output_shape == (None, 7, 7, 256)  # Note: None is the batch size

    model.add(layers.Conv2DTranspose(128, (5, 5), strides=(1, 1), padding='same', use_bias=False))
    assert model.output_shape == (None, 7, 7, 128)
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())

    model.add(layers.Conv2DTranspose(64, (5, 5), strides=(2, 2), padding='same', use_bias=False))
    assert model.output_shape == (None, 14, 14, 64)
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())

    model.add(layers.Conv2DTranspose(1, (5, 5), strides=(2, 2), padding='same', use_bias=False,
                                     activation='tanh'))
    assert model.output_shape == (None, 28, 28, 1)

    return model


def make_discriminator_model():
    model = tf.keras.Sequential()
    model.add(layers.Conv2D(64, (5, 5), strides=(2, 2), padding='same',
                            input_shape=[28, 28, 1]))
    model.add(layers.LeakyReLU())
    model.add(layers.Dropout(0.3))

    model.add(layers.Conv2D(128, (5, 5), strides=(2, 2), padding='same'))
    model.add(layers.LeakyReLU())
    model.add(layers.Dropout(0.3))

    model.add(layers.Flatten())
    model.add(layers.Dense(1))

    return model


class Dcgan(Original):
    def __init__(self, seed: int, dtype: tf.DType = tf.float32) -> None:
        # The models build in Keras' floatx, which a parity check sets to float64.
        tf.keras.utils.set_random_seed(seed)
        with warnings.catch_warnings():  # Keras 3's notices about input_shape
            warnings.simplefilter("ignore")
            self.generator = generator = make_generator_model()
            self.discriminator = discriminator = make_discriminator_model()

        # The loss cell, here rather than at module level as the notebook
        # had it: a Keras 3 loss fixes its dtype (floatx) when it is made, and
        # one made at import in float32 would round a float64 check's losses.
        # This method returns a helper function to compute cross entropy loss
        cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)

        def discriminator_loss(real_output, fake_output):
            real_loss = cross_entropy(tf.ones_like(real_output), real_output)
            fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)
            total_loss = real_loss + fake_loss
            return total_loss

        def generator_loss(fake_output):
            return cross_entropy(tf.ones_like(fake_output), fake_output)

        self.generator_optimizer = generator_optimizer = tf.keras.optimizers.Adam(1e-4)
        self.discriminator_optimizer = discriminator_optimizer = tf.keras.optimizers.Adam(1e-4)

        # Notice the use of `tf.function`
        # This annotation causes the function to be "compiled".
        @tf.function
        def train_step(images, noise):
            with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
                generated_images = generator(noise, training=True)

                real_output = discriminator(images, training=True)
                fake_output = discriminator(generated_images, training=True)

                gen_loss = generator_loss(fake_output)
                disc_loss = discriminator_loss(real_output, fake_output)

            gradients_of_generator = gen_tape.gradient(gen_loss, generator.trainable_variables)
            gradients_of_discriminator = disc_tape.gradient(disc_loss,
                                                            discriminator.trainable_variables)

            generator_optimizer.apply_gradients(zip(gradients_of_generator,
                                                    generator.trainable_variables))
            discriminator_optimizer.apply_gradients(zip(gradients_of_discriminator,
                                                        discriminator.trainable_variables))
            return gen_loss, disc_loss, real_output, fake_output

        self.train_step = train_step
        self.dtype = dtype

    def train_iteration(self, real: np.ndarray, d_noise: np.ndarray, g_noises: np.ndarray,
                        outputs: bool = True) -> dict[str, float]:
        # The tutorial's train_images were reshaped to [n, 28, 28, 1].
        images = np.asarray(real, self.dtype.as_numpy_dtype).reshape(-1, 28, 28, 1)
        gen_loss, disc_loss, real_output, fake_output = self.train_step(images, d_noise[0])
        metrics = {"d_loss": float(disc_loss), "g_loss": float(gen_loss)}
        if outputs:
            metrics.update(d_real=float(tf.reduce_mean(tf.sigmoid(real_output))),
                           d_fake=float(tf.reduce_mean(tf.sigmoid(fake_output))))
        return metrics

    def generate(self, noise: np.ndarray) -> np.ndarray:
        # generate_and_save_images called the generator with training=False.
        images = self.generator(np.asarray(noise, self.dtype.as_numpy_dtype), training=False)
        return np.asarray(images, np.float32).reshape(len(noise), -1)

    def get_weights(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        return self.generator.get_weights(), self.discriminator.get_weights()

    def set_weights(self, generator: list[np.ndarray], discriminator: list[np.ndarray]) -> None:
        self.generator.set_weights(generator)
        self.discriminator.set_weights(discriminator)
