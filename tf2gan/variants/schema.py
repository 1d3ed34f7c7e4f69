"""What a variant is made of: frozen dataclasses, one per thing a tutorial fixed.

The names of layers, initialisers, losses, pictures, update orders, network
structures, optimisers, priors and data scales are keys of small registries
in the layers above (core.models.LAYERS, core.models.INITIALISERS,
core.losses.LOSSES, run.pictures.PICTURES, core.gan.UPDATES,
core.models.STRUCTURES, core.optimizers.OPTIMIZERS, core.noise.PRIORS,
data.scaling.SCALES): nothing outside tf2gan.variants branches on a variant's
name. A Variant checks itself when it is made, so that a mistake in a user's
variant is one line at its definition, not a TypeError deep in training.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar, Literal, Union

from tf2gan.variants.cadence import Cadence

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

    def learning_rates(self) -> tuple[float, float]:
        """D's and G's learning rates."""
        return self.d_learning_rate, self.g_learning_rate


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

    def learning_rates(self) -> tuple[float, float]:
        """D's and G's learning rates at the start (one optimiser steps both)."""
        return self.learning_rate, self.learning_rate


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
    optimizer: Adam | MomentumSGD  # a key of core.optimizers.OPTIMIZERS by its type
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
    # The source as it ran, "module:Class" (a module under tf2gan.originals, or a
    # dotted module path of the user's for a variant defined outside tf2gan): what
    # --impl=original, the parity tests and the benchmark run beside the
    # variant. None where the source cannot run here.
    original: str | None = None

    def __post_init__(self) -> None:
        if (self.epochs is None) == (self.steps is None):
            raise ValueError(f"variant {self.name!r}: exactly one of epochs and steps fixes "
                             f"its schedule, not epochs={self.epochs}, steps={self.steps}")
        for field, value in (("epochs", self.epochs), ("steps", self.steps),
                             ("batch_size", self.batch_size), ("example_dim", self.example_dim)):
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ValueError(f"variant {self.name!r}: {field} must be a positive "
                                 f"integer, not {value!r}")
        if not isinstance(self.optimizer, (Adam, MomentumSGD)):
            raise ValueError(f"variant {self.name!r}: optimizer must be an Adam or a "
                             f"MomentumSGD, not {type(self.optimizer).__name__}")
        if self.original is not None and self.original.count(":") != 1:
            raise ValueError(f"variant {self.name!r}: original must read 'module:Class', "
                             f"not {self.original!r}")

    @property
    def rows_independent(self) -> bool:
        """Whether a batch may be cut into towers: neither network normalises
        over the batch."""
        return self.generator.rows_independent and self.discriminator.rows_independent


# The TF1 reader kept the first 5,000 of MNIST's 60,000 training images for
# validation (input_data.read_data_sets' validation_size); other sources kept none.
TF1_MNIST_HOLDOUT = 5000
NO_HOLDOUT = 0
