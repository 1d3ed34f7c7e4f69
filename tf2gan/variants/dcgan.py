"""dcgan:
TensorFlow's DCGAN tutorial (tensorflow/docs, site/en/tutorials/generative/dcgan.ipynb).
"""

from __future__ import annotations

from tf2gan.variants.cadence import Cadence
from tf2gan.variants.schema import (NO_HOLDOUT, Adam, BatchNormalization,
                                    Conv2D, Conv2DTranspose, Dropout, Flatten,
                                    Init, Layer, LeakyReLU, Loss, Network,
                                    Noise, Reshape, Schedule, Variant)

# Keras' LeakyReLU() without an argument: negative_slope (alpha in Keras 2) 0.3.
_KERAS_LEAKY = LeakyReLU(0.3)

DCGAN = Variant(
    name="dcgan",
    original="keras3_dcgan:Dcgan",
    source="TensorFlow's DCGAN tutorial (tensorflow/docs, "
           "site/en/tutorials/generative/dcgan.ipynb)",
    # make_generator_model(); tf2gan's examples are flat rows of 784, so the
    # output is reshaped back to them.
    # G Dense 100-12544 without bias, BatchNormalization (4 weights a
    # channel, two of them moving statistics), Conv2DTranspose 5x5
    # 256-128-64-1 without biases, each but the last followed by
    # BatchNormalization; D Conv2D 5x5 1-64-128 with biases, Dense 6272-1:
    # the tutorial's model summaries.
    parameters=(100 * 12544 + 4 * 12544 + 25 * 256 * 128 + 4 * 128 + 25 * 128 * 64 + 4 * 64
                + 25 * 64 * 1,
                25 * 1 * 64 + 64 + 25 * 64 * 128 + 128 + 7 * 7 * 128 + 1),
    generator=Network(
        layers=(Layer(7 * 7 * 256, use_bias=False), BatchNormalization(), _KERAS_LEAKY,
                Reshape((7, 7, 256)),
                Conv2DTranspose(128, 5, strides=1, use_bias=False), BatchNormalization(),
                _KERAS_LEAKY,
                Conv2DTranspose(64, 5, strides=2, use_bias=False), BatchNormalization(),
                _KERAS_LEAKY,
                Conv2DTranspose(1, 5, strides=2, use_bias=False, activation="tanh"),
                Reshape((784,))),
        # Keras' defaults for Dense, Conv2D and Conv2DTranspose.
        kernel_init=Init("glorot_uniform"),
        bias_init=Init("zeros"),
    ),
    # make_discriminator_model(), on the flat rows reshaped to its [28, 28, 1].
    discriminator=Network(
        layers=(Reshape((28, 28, 1)),
                Conv2D(64, 5, strides=2), _KERAS_LEAKY, Dropout(0.3),
                Conv2D(128, 5, strides=2), _KERAS_LEAKY, Dropout(0.3),
                Flatten(), Layer(1)),
        kernel_init=Init("glorot_uniform"),
        bias_init=Init("zeros"),
    ),
    noise=Noise("normal", dim=100),  # tf.random.normal([BATCH_SIZE, noise_dim]), noise_dim = 100
    # BinaryCrossentropy(from_logits=True): real against ones plus fake
    # against zeros for D, fake against ones for G.
    loss=Loss("logits"),
    # tf.keras.optimizers.Adam(1e-4) for each: Keras' defaults otherwise.
    optimizer=Adam(d_learning_rate=1e-4, g_learning_rate=1e-4, epsilon=1e-7),
    data="images",
    example_dim=784,
    data_scale="symmetric",  # (train_images - 127.5) / 127.5
    # tf.keras.datasets.mnist.load_data(): all 60,000 training images.
    reader_holdout=NO_HOLDOUT,
    batch_size=256,  # BATCH_SIZE
    # train_step: both tapes over one forward pass, then both updates.
    schedule=Schedule(reuse_noise=True, update="simultaneous"),
    epochs=50,  # EPOCHS
    steps=None,
    log_cadence=Cadence("epoch"),  # 'Time for epoch {} is {} sec'
    picture_cadence=Cadence("epoch"),  # generate_and_save_images after every epoch
    picture="fixed_grid16",
    # .shuffle(BUFFER_SIZE).batch(BATCH_SIZE): 234 batches of 256, then 96.
    last_batch="smaller",
    checkpoint_cadence=Cadence("epoch", every=15),  # if (epoch + 1) % 15 == 0
)
