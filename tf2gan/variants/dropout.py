"""dropout: 003: Jupyter-book GAN chapter after diegoalejogm/gans (English)."""

from __future__ import annotations

from tf2gan.variants.cadence import Cadence
from tf2gan.variants.schema import (NO_HOLDOUT, Adam, Init, Layer, Loss,
                                    Network, Noise, Schedule, Variant)

DROPOUT = Variant(
    name="dropout",
    original="tf1_dropout:Dropout",
    source="003: Jupyter-book GAN chapter after diegoalejogm/gans (English)",
    # 003: G 100-256-512-1024-784, D 784-1024-512-256-1
    parameters=(100 * 256 + 256 + 256 * 512 + 512 + 512 * 1024 + 1024 + 1024 * 784 + 784,
                784 * 1024 + 1024 + 1024 * 512 + 512 + 512 * 256 + 256 + 256 + 1),
    generator=Network(
        layers=(Layer(256, "leaky_relu"), Layer(512, "leaky_relu"),
                Layer(1024, "leaky_relu"), Layer(784, "tanh")),
        kernel_init=Init("uniform_last_dim"),
        bias_init=Init("uniform_last_dim"),
    ),
    discriminator=Network(
        layers=(Layer(1024, "leaky_relu"), Layer(512, "leaky_relu"),
                Layer(256, "leaky_relu"), Layer(1, "linear")),
        kernel_init=Init("uniform_last_dim"),
        bias_init=Init("uniform_last_dim"),
        # tf.nn.dropout(x, .3): TF1's second argument is keep_prob.
        dropout_rate=0.7,
    ),
    noise=Noise("normal", dim=100),
    loss=Loss("logits"),
    optimizer=Adam(d_learning_rate=2e-4, g_learning_rate=2e-4),
    data="images",
    example_dim=784,
    data_scale="symmetric",
    # torchvision's MNIST: all 60,000 training images.
    reader_holdout=NO_HOLDOUT,
    batch_size=100,
    schedule=Schedule(),  # train_generator gets a fresh noise(N)
    epochs=200,
    steps=None,
    log_cadence=Cadence("batch", every=100),
    picture_cadence=Cadence("batch", every=100),
    picture="fixed_noise16",
)
