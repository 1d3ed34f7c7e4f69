"""gaussian1d: 004: Keras GAN learning N(4, 1.25) from uniform noise (Korean notebook)."""

from __future__ import annotations

from tf2gan.variants.cadence import Cadence
from tf2gan.variants.schema import (NO_HOLDOUT, Adam, Init, Layer, Loss,
                                    Network, Noise, Schedule, Variant)

GAUSSIAN1D = Variant(
    name="gaussian1d",
    original="keras2_gaussian1d:Gaussian1d",
    source="004: Keras GAN learning N(4, 1.25) from uniform noise (Korean notebook)",
    # 004: G Conv1D 1-50-50-1 on each value; D on [x, (x-m)^2]: 200-50-50-1
    parameters=(1 * 50 + 50 + 50 * 50 + 50 + 50 * 1 + 1,
                200 * 50 + 50 + 50 * 50 + 50 + 50 * 1 + 1),
    generator=Network(
        # gen_G reads nh_G = self.nh_D; both are 50.
        layers=(Layer(50, "relu"), Layer(50, "sigmoid"), Layer(1, "linear")),
        kernel_init=Init("glorot_uniform"),
        bias_init=Init("zeros"),
        structure="per_value",
    ),
    discriminator=Network(
        layers=(Layer(50, "relu"), Layer(50, "relu"), Layer(1, "sigmoid")),
        kernel_init=Init("glorot_uniform"),
        bias_init=Init("zeros"),
        structure="decorated",
    ),
    noise=Noise("uniform", dim=100, low=0.0, high=1.0),  # np.random.rand
    loss=Loss("keras_bce"),
    optimizer=Adam(d_learning_rate=2e-4, g_learning_rate=2e-4, epsilon=1e-7, shared=True),
    data="gaussian",
    example_dim=100,  # ni_D
    data_scale="unit",
    reader_holdout=NO_HOLDOUT,
    batch_size=1,  # Machine(n_batch=1)
    schedule=Schedule(g_steps=5),  # n_iter_G = 5 after n_iter_D = 1, a fresh Z each
    epochs=None,
    steps=40000,  # run(n_repeat=200, n_show=200): 200 stages of 200 epochs
    log_cadence=Cadence("step", every=200),
    picture_cadence=Cadence("step", every=200),
    picture="histograms",
    gaussian_mean=4.0,
    gaussian_stddev=1.25,
)
