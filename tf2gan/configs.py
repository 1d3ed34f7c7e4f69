"""The source tutorials and experiments, each as one frozen configuration.

Every number here is one the tutorial fixed; the comments say where it came
from and which quirks of the original it keeps. Nothing outside this module
branches on a variant's name: models, losses, input pipeline and training
loop read only these fields, and the names of layers, initialisers, losses,
pictures, update orders, network structures, optimisers, priors and data
scales are keys of small registries (models.LAYERS, models.INITIALISERS,
losses.LOSSES, pictures.PICTURES, gan.UPDATES, models.STRUCTURES,
optimizers.OPTIMIZERS, noise.PRIORS, scaling.SCALES), and a variant names
its original (`original`, under tf2gan.reference). A new
variant that needs nothing new is one more `Variant` here (README, "Add your
own variant").
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import ClassVar, Literal, Union

Activation = Literal["relu", "sigmoid", "tanh", "leaky_relu", "linear"]


@dataclasses.dataclass(frozen=True)
class Init:
    """A weight initialiser as the original wrote it; kind is a key of
    models.INITIALISERS.

    kind:
      normal            N(0, stddev)                      (tf.random_normal)
      truncated_normal  N(0, stddev) cut at 2 stddev      (tf.truncated_normal)
      constant          every value = value               (tf.constant)
      zeros
      glorot_uniform    Keras / tf.layers.dense default
      uniform_last_dim  U(-1/sqrt(n), 1/sqrt(n)), n = the last dimension of
                        the variable's shape: 003's xavier_init, which reads
                        size[1] (the fan-out) for a kernel and size[0] for a
                        bias.
      uniform           U(-limit, limit)                  (pylearn2's irange)
      data_logits       a bias whose sigmoid is the training examples' mean,
                        clipped to [1e-7, 1 - 1e-7] (pylearn2's
                        init_sigmoid_bias_from_marginals): the one
                        initialiser that reads the data.
    """

    kind: str
    stddev: float = 0.0
    value: float = 0.0
    limit: float = 0.0


# Layer specifications. Each is a key of models.LAYERS by its `kind`, which
# config.json records beside its fields. A spec that normalises over the batch
# (`mixes_rows`) keeps the batch whole: towers cannot cut it (gan.Towers).


@dataclasses.dataclass(frozen=True)
class Layer:
    """A fully connected layer and its activation: a Dense layer, or a Conv1D
    of kernel 1 on each value in the `per_value` structure.

    kernel_init and bias_init override the network's for this layer.
    """

    units: int
    activation: Activation = "linear"
    use_bias: bool = True
    kernel_init: Init | None = None
    bias_init: Init | None = None
    kind: str = dataclasses.field(default="dense", init=False)
    mixes_rows: ClassVar[bool] = False


@dataclasses.dataclass(frozen=True)
class Conv2D:
    """keras.layers.Conv2D with square kernels and strides."""

    filters: int
    kernel_size: int
    strides: int = 1
    padding: Literal["same", "valid"] = "same"
    activation: Activation = "linear"
    use_bias: bool = True
    kernel_init: Init | None = None
    bias_init: Init | None = None
    kind: str = dataclasses.field(default="conv2d", init=False)
    mixes_rows: ClassVar[bool] = False


@dataclasses.dataclass(frozen=True)
class Conv2DTranspose(Conv2D):
    """keras.layers.Conv2DTranspose with square kernels and strides: Conv2D's fields."""

    kind: str = dataclasses.field(default="conv2d_transpose", init=False)


@dataclasses.dataclass(frozen=True)
class BatchNormalization:
    """keras.layers.BatchNormalization; the defaults are Keras' own."""

    momentum: float = 0.99
    epsilon: float = 1e-3
    kind: str = dataclasses.field(default="batch_normalization", init=False)
    mixes_rows: ClassVar[bool] = True


@dataclasses.dataclass(frozen=True)
class Dropout:
    """keras.layers.Dropout: active in training calls only, scaled by 1 / (1 - rate)."""

    rate: float
    kind: str = dataclasses.field(default="dropout", init=False)
    mixes_rows: ClassVar[bool] = False


@dataclasses.dataclass(frozen=True)
class LeakyReLU:
    """keras.layers.LeakyReLU. Keras' default slope is 0.3, TensorFlow's
    tf.nn.leaky_relu's 0.2: every spec says which."""

    negative_slope: float
    kind: str = dataclasses.field(default="leaky_relu", init=False)
    mixes_rows: ClassVar[bool] = False


@dataclasses.dataclass(frozen=True)
class Reshape:
    """keras.layers.Reshape to `shape` (without the batch axis)."""

    shape: tuple[int, ...]
    kind: str = dataclasses.field(default="reshape", init=False)
    mixes_rows: ClassVar[bool] = False


@dataclasses.dataclass(frozen=True)
class Flatten:
    """keras.layers.Flatten."""

    kind: str = dataclasses.field(default="flatten", init=False)
    mixes_rows: ClassVar[bool] = False


@dataclasses.dataclass(frozen=True)
class Maxout:
    """A maxout layer (Goodfellow et al. 2013, pylearn2's models.maxout.Maxout):
    an affine map to units x pieces values, and each unit the largest of its
    `pieces` consecutive ones."""

    units: int
    pieces: int
    kernel_init: Init | None = None
    bias_init: Init | None = None
    kind: str = dataclasses.field(default="maxout", init=False)
    mixes_rows: ClassVar[bool] = False


LayerSpec = Union[Layer, Conv2D, Conv2DTranspose, BatchNormalization, Dropout, LeakyReLU,
                  Reshape, Flatten, Maxout]


@dataclasses.dataclass(frozen=True)
class Network:
    """A stack of layer specifications, built in order by models.build_network.

    kernel_init and bias_init serve every layer with weights that does not
    name its own.
    structure (a key of models.STRUCTURES):
      mlp        the layers on the flat input.
      per_value  004's generator: the input vector is reshaped to (n, 1) and
                 each value passes through Conv1D(kernel_size=1) layers on its
                 own, then is flattened back.
      decorated  004's discriminator: the input x is first widened to
                 [x, (x - mean(x))**2] (its `add_decorate` Lambda layer).
    leaky_relu_slope is the slope of a `Layer`'s "leaky_relu" activation.
    dropout_rate is applied after every layer but the last, on every call, in
    training and in evaluation alike, as 003 did.
    """

    layers: tuple[LayerSpec, ...]
    kernel_init: Init
    bias_init: Init
    structure: str = "mlp"
    leaky_relu_slope: float = 0.2
    dropout_rate: float = 0.0

    @property
    def rows_independent(self) -> bool:
        """Whether each row's output depends on that row alone (no batch
        statistics), so that a batch may be cut into parts."""
        return not any(layer.mixes_rows for layer in self.layers)


@dataclasses.dataclass(frozen=True)
class Noise:
    """The prior p(z): normal N(0, 1) or uniform U(low, high)."""

    kind: Literal["normal", "uniform"]
    dim: int
    low: float = 0.0
    high: float = 1.0


@dataclasses.dataclass(frozen=True)
class Adam:
    """Adam settings. epsilon is 1e-8 in TF1's AdamOptimizer, 1e-7 in Keras 2.

    shared: one optimiser object serves D and G, as 004 compiled every model
    with the same Keras 2 `adam`: the moments are per variable but the step
    counter t in the bias correction is shared, so it advances on every D and
    every G update.
    """

    d_learning_rate: float
    g_learning_rate: float
    beta_1: float = 0.9
    beta_2: float = 0.999
    epsilon: float = 1e-8
    shared: bool = False


@dataclasses.dataclass(frozen=True)
class MomentumSGD:
    """pylearn2's SGD with its Momentum learning rule, as one optimiser over D
    and G (each variable keeps its own velocity; both step once an iteration).

    velocity <- momentum * velocity - learning_rate * gradient, then
    variable <- variable + velocity. The learning rate is divided by
    `decay_factor` after every update, never below `min_learning_rate`
    (ExponentialDecay). The momentum grows linearly from `momentum` to
    `final_momentum` between epochs `momentum_start` and `momentum_saturate`
    (MomentumAdjustor), an epoch being `steps_per_epoch` updates: the
    source's epoch, kept on other data (on the 5,000 offline digits an epoch
    is 50 updates, and the momentum still grows at the source's pace).
    """

    learning_rate: float
    decay_factor: float
    min_learning_rate: float
    momentum: float
    final_momentum: float
    momentum_start: int
    momentum_saturate: int
    steps_per_epoch: int

    def __post_init__(self) -> None:
        if self.momentum_saturate <= self.momentum_start:
            raise ValueError(f"the momentum must saturate after it starts growing, not {self}")


@dataclasses.dataclass(frozen=True)
class Loss:
    """Which loss family and its parameters; kind is a key of losses.LOSSES.

    kind:
      log_loss       D and G output probabilities; raw log, no clipping.
      logits         D outputs logits; sigmoid cross-entropy.
      keras_bce      Keras 2 binary_crossentropy on probabilities, clipped to
                     [1e-7, 1 - 1e-7]; D's real and generated halves are one
                     batch, so D's loss is their mean.
    real_label: the target for real images in D's loss (0.9 is one-sided
    label smoothing).
    """

    kind: str
    real_label: float = 1.0
    # D's loss times this: 0.5 in the 2014 paper's code, which averaged the
    # real and the generated halves' costs (AdversaryCost2's d_obj).
    discriminator_scale: float = 1.0


@dataclasses.dataclass(frozen=True)
class Cadence:
    """When something happens, counted in training iterations.

    unit:
      step   at iterations (step % every == 0) when `first`, else at
             ((step + 1) % every == 0); `dense_every` adds every `dense_every`
             iterations up to `dense_until` (001 printed every 100 steps to
             1000, then every 1000).
      epoch  at the end of every `every`-th epoch, and of epoch 0 if `first`.
      batch  at batch index within the epoch % every == 0 (003's
             `n_batch % 100 == 0`).
      end    once, after the last iteration.
    """

    unit: Literal["step", "epoch", "batch", "end"]
    every: int = 1
    first: bool = False
    dense_every: int = 0
    dense_until: int = 0

    def due(self, step: int, steps_per_epoch: int, total_steps: int) -> bool:
        """Whether the iteration with 0-based index `step` just completed is one."""
        if self.unit == "end":
            return step == total_steps - 1
        if self.unit == "step":
            if self.dense_every and step <= self.dense_until and step % self.dense_every == 0:
                return True
            return (step if self.first else step + 1) % self.every == 0
        if self.unit == "batch":
            return (step % steps_per_epoch) % self.every == 0
        # epoch
        if (step + 1) % steps_per_epoch:
            return False
        epoch = (step + 1) // steps_per_epoch - 1
        return (epoch + 1) % self.every == 0 or (self.first and epoch == 0)

    def describe(self, step: int, steps_per_epoch: int) -> str:
        """Where `step` is, in the units the tutorial printed ("epoch 3", "step 2000")."""
        epoch, batch = divmod(step, steps_per_epoch)
        if self.unit == "epoch":
            return f"epoch {epoch}"
        if self.unit == "batch":
            return f"epoch {epoch} batch {batch}"
        return f"step {step}"

    def label(self, step: int, steps_per_epoch: int) -> str:
        """A file name for what happens at `step`, in the cadence's own units."""
        epoch, batch = divmod(step, steps_per_epoch)
        if self.unit == "epoch":
            return f"epoch_{epoch:03d}"
        if self.unit == "batch":
            return f"epoch_{epoch:03d}_batch_{batch:04d}"
        if self.unit == "end":
            return "final"
        return f"step_{step:06d}"

    @staticmethod
    def label_order(label: str) -> tuple[float, ...] | None:
        """Where a name made by `label` falls in training order; None for other names.

        The numbers are compared, not the text: a schedule longer than the
        padding ("epoch_1000" after "epoch_999") still sorts in order.
        """
        found = _LABEL.fullmatch(label)
        if not found:
            return None
        if label == "final":
            return (math.inf,)
        return tuple(int(number) for number in found.groups() if number is not None)


_LABEL = re.compile(r"epoch_(\d+)(?:_batch_(\d+))?|step_(\d+)|final")


@dataclasses.dataclass(frozen=True)
class Schedule:
    """What one training iteration does.

    update (a key of gan.UPDATES):
      d_then_g      d_steps D updates, then g_steps G updates through the
                    updated D (000-004; n_critic of the WGANs).
      simultaneous  one forward pass, both gradients taken from it and both
                    applied (TensorFlow's DCGAN tutorial, the 2014 paper's
                    pylearn2 code); one D and one G update.
    reuse_noise: G's first update feeds G the noise of D's last update (000
    and 002 fed the same z twice), so that G(z) is computed once; in a
    simultaneous update there is one noise batch, always shared. Further
    D and G updates draw fresh noise; each of an iteration's D updates sees
    the iteration's one batch of real examples (as keras-io's WGAN-GP did).
    """

    d_steps: int = 1
    g_steps: int = 1
    reuse_noise: bool = False
    update: str = "d_then_g"

    def __post_init__(self) -> None:
        if self.d_steps < 1 or self.g_steps < 1:
            raise ValueError(f"a schedule needs at least one D and one G update, not {self}")
        if self.update == "simultaneous" and (self.d_steps, self.g_steps,
                                              self.reuse_noise) != (1, 1, True):
            raise ValueError("a simultaneous update is one D and one G update on one noise "
                             f"batch (d_steps=1, g_steps=1, reuse_noise=True), not {self}")


@dataclasses.dataclass(frozen=True)
class Variant:
    """Everything one tutorial fixes."""

    name: str
    source: str
    generator: Network
    discriminator: Network
    noise: Noise
    loss: Loss
    optimizer: object  # a key of optimizers.OPTIMIZERS by its type: Adam, MomentumSGD
    data: Literal["images", "gaussian"]
    # Length of one real example: 784 pixels, or 004's vector of 100 values.
    example_dim: int
    # Images: "unit" keeps [0, 1] (TF1 reader), "symmetric" maps to [-1, 1].
    data_scale: Literal["unit", "symmetric"]
    # The TF1 reader kept the first 5,000 of MNIST's 60,000 training images
    # for validation and trained on the other 55,000.
    reader_holdout: int
    batch_size: int
    schedule: Schedule
    # Exactly one of epochs / steps fixes the schedule.
    epochs: int | None
    steps: int | None
    log_cadence: Cadence
    picture_cadence: Cadence
    # What the tutorial showed: a key of pictures.PICTURES.
    picture: str
    # gaussian1d: the target N(mean, stddev) and input vector length.
    gaussian_mean: float = 0.0
    gaussian_stddev: float = 0.0
    # How batches meet the end of an epoch: "straddles" cuts them from the
    # endless stream of epochs, as the TF1 reader's next_batch did; "smaller"
    # ends each epoch with the rest, as tf.data's batch() without
    # drop_remainder does (the noise batch stays batch_size either way).
    last_batch: Literal["straddles", "smaller"] = "straddles"
    # When the source saved checkpoints; None: every --checkpoint_every
    # iterations (default 1000).
    checkpoint_cadence: Cadence | None = None
    # At most this many training images, the first after the holdout; None:
    # all of them.
    training_limit: int | None = None
    # (G, D) parameters as counted from the source's layers; tests build the
    # networks and count theirs.
    parameters: tuple[int, int] | None = None
    # The source as it ran, "module:Class" under tf2gan.reference: what
    # --impl=original, the parity tests and the benchmark run beside the
    # variant. None where the source cannot run here.
    original: str | None = None

    @property
    def rows_independent(self) -> bool:
        """Whether a batch may be cut into towers: neither network normalises
        over the batch."""
        return self.generator.rows_independent and self.discriminator.rows_independent


_TF1_MNIST_HOLDOUT = 5000
_NO_HOLDOUT = 0

GOODFELLOW = Variant(
    name="goodfellow",
    original="tf1_goodfellow:Goodfellow",
    source="000: Goodfellow et al. 2014 read line by line (Korean notebook)",
    # 000: G 256-512-784, D 784-512-1
    parameters=(256 * 512 + 512 + 512 * 784 + 784, 784 * 512 + 512 + 512 * 1 + 1),
    generator=Network(
        layers=(Layer(512, "relu"), Layer(784, "sigmoid")),
        kernel_init=Init("normal", stddev=0.01),
        bias_init=Init("zeros"),
    ),
    discriminator=Network(
        layers=(Layer(512, "relu"), Layer(1, "sigmoid")),
        kernel_init=Init("normal", stddev=0.01),
        bias_init=Init("zeros"),
    ),
    noise=Noise("normal", dim=256),
    loss=Loss("log_loss"),
    optimizer=Adam(d_learning_rate=2e-4, g_learning_rate=2e-4),
    data="images",
    example_dim=784,
    data_scale="unit",
    reader_holdout=_TF1_MNIST_HOLDOUT,
    batch_size=100,
    schedule=Schedule(reuse_noise=True),  # both half-steps are fed the same Z
    epochs=100,
    steps=None,
    log_cadence=Cadence("epoch"),
    picture_cadence=Cadence("epoch", every=10, first=True),
    picture="row10",
)

TF101 = Variant(
    name="tf101",
    original="tf1_tf101:Tf101",
    source="001: Tensorflow Day28 / Tensorflow-101 notebook 13 (Chinese)",
    # 001: G 128-256-784, D 784-128-1
    parameters=(128 * 256 + 256 + 256 * 784 + 784, 784 * 128 + 128 + 128 * 1 + 1),
    generator=Network(
        layers=(Layer(256, "relu"), Layer(784, "sigmoid")),
        kernel_init=Init("truncated_normal", stddev=0.1),
        bias_init=Init("constant", value=0.1),
    ),
    discriminator=Network(
        layers=(Layer(128, "relu"), Layer(1, "sigmoid")),
        kernel_init=Init("truncated_normal", stddev=0.1),
        bias_init=Init("constant", value=0.1),
    ),
    noise=Noise("uniform", dim=128, low=-1.0, high=1.0),
    loss=Loss("log_loss"),
    optimizer=Adam(d_learning_rate=5e-4, g_learning_rate=1e-4),
    data="images",
    example_dim=784,
    data_scale="unit",
    reader_holdout=_TF1_MNIST_HOLDOUT,
    batch_size=256,
    schedule=Schedule(),  # G's step samples its own noise
    epochs=None,
    steps=20001,  # for step in range(20001)
    log_cadence=Cadence("step", every=1000, first=True, dense_every=100, dense_until=1000),
    picture_cadence=Cadence("step", every=2000, first=True),
    picture="grid16",
)

SMOOTHING = Variant(
    name="smoothing",
    original="tf1_smoothing:Smoothing",
    source="002: Korean translation of 'Generative Adversarial Networks using Tensorflow'",
    # 002: G 100-128-128-784, D 784-128-128-1
    parameters=(100 * 128 + 128 + 128 * 128 + 128 + 128 * 784 + 784,
                784 * 128 + 128 + 128 * 128 + 128 + 128 + 1),
    generator=Network(
        layers=(Layer(128, "leaky_relu"), Layer(128, "leaky_relu"), Layer(784, "tanh")),
        kernel_init=Init("glorot_uniform"),
        bias_init=Init("zeros"),
    ),
    discriminator=Network(
        layers=(Layer(128, "leaky_relu"), Layer(128, "leaky_relu"), Layer(1, "linear")),
        kernel_init=Init("glorot_uniform"),
        bias_init=Init("zeros"),
    ),
    noise=Noise("normal", dim=100),
    loss=Loss("logits", real_label=0.9),
    optimizer=Adam(d_learning_rate=1e-3, g_learning_rate=1e-3),
    data="images",
    example_dim=784,
    data_scale="symmetric",
    reader_holdout=_TF1_MNIST_HOLDOUT,
    batch_size=100,
    schedule=Schedule(reuse_noise=True),  # G's step is fed the D step's batch_z
    epochs=50,  # `epochs=100` is overwritten by `epochs=50` before training
    steps=None,
    log_cadence=Cadence("epoch"),
    picture_cadence=Cadence("end"),
    picture="traversal",
)

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
    reader_holdout=_NO_HOLDOUT,
    batch_size=100,
    schedule=Schedule(),  # train_generator gets a fresh noise(N)
    epochs=200,
    steps=None,
    log_cadence=Cadence("batch", every=100),
    picture_cadence=Cadence("batch", every=100),
    picture="fixed_noise16",
)

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
    reader_holdout=_NO_HOLDOUT,
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
    reader_holdout=_NO_HOLDOUT,
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

# pylearn2's Maxout and Sigmoid layers drew weights U(-irange, irange), biases 0.
_D_IRANGE = Init("uniform", limit=0.005)

PAPER2014 = Variant(
    name="paper2014",
    original=None,  # pylearn2 on Theano does not run here
    source="Goodfellow et al. 2014, the authors' MNIST experiment (goodfeli/adversarial "
           "mnist.yaml, AdversaryCost2)",
    # G 100-1200-1200-784; D maxout 784-(240 x 5)-(240 x 5), sigmoid 240-1
    parameters=(100 * 1200 + 1200 + 1200 * 1200 + 1200 + 1200 * 784 + 784,
                784 * 1200 + 1200 + 240 * 1200 + 1200 + 240 * 1 + 1),
    generator=Network(
        layers=(Layer(1200, "relu"), Layer(1200, "relu"),  # RectifiedLinear h0, h1
                # Sigmoid y: its bias starts where sigmoid(bias) is each pixel's mean.
                Layer(784, "sigmoid", bias_init=Init("data_logits"))),
        kernel_init=Init("uniform", limit=0.05),  # irange: .05
        bias_init=Init("zeros"),
    ),
    # Dropout as AdversaryCost2 applied it on every D pass, in D's update and
    # G's alike: inputs of h0 kept with probability .8 and scaled by 1.25, of
    # h1 and y with .5 and 2 (Keras' Dropout keeps 1 - rate, scales 1/(1 - rate)).
    discriminator=Network(
        layers=(Dropout(0.2), Maxout(240, 5),  # h0: num_units 240, num_pieces 5
                Dropout(0.5), Maxout(240, 5),  # h1
                # y: a Sigmoid whose cost pylearn2 took from its input, the logit.
                Dropout(0.5), Layer(1)),
        kernel_init=_D_IRANGE,
        bias_init=Init("zeros"),
    ),
    noise=Noise("uniform", dim=100, low=-math.sqrt(3), high=math.sqrt(3)),  # noise: 'uniform'
    # d_obj = .5 (cost(1, D(x)) + cost(0, D(G(z)))), g_obj = cost(1, D(G(z))).
    loss=Loss("logits", discriminator_scale=0.5),
    optimizer=MomentumSGD(learning_rate=0.1, decay_factor=1.000004, min_learning_rate=1e-6,
                          momentum=0.5, final_momentum=0.7, momentum_start=1,
                          momentum_saturate=250, steps_per_epoch=500),  # 50,000 / 100
    data="images",
    example_dim=784,
    data_scale="unit",  # pylearn2's MNIST: pixels / 255
    reader_holdout=_NO_HOLDOUT,
    training_limit=50000,  # MNIST train, start: 0, stop: 50000
    batch_size=100,
    # get_gradients: D's and G's gradients of one graph, applied together.
    schedule=Schedule(reuse_noise=True, update="simultaneous"),
    # The yaml trains until stopped; 300 epochs (tf2gan's choice) pass the
    # momentum's saturation at epoch 250.
    epochs=300,
    steps=None,
    log_cadence=Cadence("epoch"),  # pylearn2's monitor reports every epoch
    picture_cadence=Cadence("epoch", every=10, first=True),  # tf2gan's choice
    picture="grid16",
    checkpoint_cadence=Cadence("epoch"),  # save_freq: 1
)

VARIANTS: dict[str, Variant] = {
    v.name: v for v in (GOODFELLOW, TF101, SMOOTHING, DROPOUT, GAUSSIAN1D, DCGAN, PAPER2014)
}

# The variants whose source runs beside them (--impl=original).
WITH_ORIGINALS: tuple[str, ...] = tuple(name for name, v in VARIANTS.items() if v.original)
