"""A GAN's trainable state and one training iteration, as the sources ran it.

An iteration is the variant's `Schedule`: its update order (a key of
UPDATES) runs D and G updates, each of which asks the variant's losses
(losses.LossInputs) for what to minimise. The networks are called through
`Towers`, which may cut each batch into parts; the steps do not see it.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, NamedTuple

import numpy as np
import tensorflow as tf

from tf2gan.base.streams import Stream, stream_seed
from tf2gan.core import losses, models, optimizers
from tf2gan.core.losses import LossInputs
from tf2gan.core.noise import sample_prior
from tf2gan.variants import Variant

keras = tf.keras


class Towers:
    """A model called in training mode on a batch cut into `parts` equal parts.

    Rows pass through a network without batch statistics independently, so
    the parts' outputs, joined, are the whole batch's outputs, and a loss
    taken on them has the whole batch's gradient. What changes is how the
    work runs: every product becomes `parts` products with no data between
    them, which TensorFlow's inter-op threads run at the same time, one core
    each. On this CPU that beats one product threaded by oneDNN (threads.py).
    """

    def __init__(self, model: keras.Model, parts: int) -> None:
        self.model, self.parts = model, parts

    def __call__(self, x: tf.Tensor) -> tf.Tensor:
        if self.parts == 1:
            return self.model(x, training=True)
        return tf.concat([self.model(part, training=True) for part in tf.split(x, self.parts)], 0)


@dataclasses.dataclass
class Gan:
    """Models, optimisers and losses of one variant; no hidden state elsewhere.

    d_optimizer and g_optimizer are the same object when the source shared
    one optimiser between D and G (004). `towers` is how many equal parts
    each batch is cut into for the forward and backward passes (see Towers);
    the update is the whole batch's either way. `d` and `g` are the models
    as the steps call them.
    """

    variant: Variant
    generator: keras.Model
    discriminator: keras.Model
    d_optimizer: keras.optimizers.Optimizer
    g_optimizer: keras.optimizers.Optimizer
    loss: losses.GanLoss
    towers: int = 1
    d: Towers = dataclasses.field(init=False, repr=False)
    g: Towers = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.d = Towers(self.discriminator, self.towers)
        self.g = Towers(self.generator, self.towers)

    def trackables(self) -> dict[str, object]:
        """What a checkpoint must hold to continue training."""
        items = {"generator": self.generator, "discriminator": self.discriminator,
                 "d_optimizer": self.d_optimizer}
        if self.g_optimizer is not self.d_optimizer:
            items["g_optimizer"] = self.g_optimizer
        return items


def make_gan(variant: Variant, mixed_precision: str = "none", towers: int = 1,
             mean_example: np.ndarray | None = None) -> Gan:
    """Freshly initialised models and built optimisers for a variant.

    mixed_precision "bf16" or "fp16" computes in bfloat16 or float16 with
    float32 variables; fp16 wraps each optimiser in a LossScaleOptimizer,
    whose dynamic loss scale keeps small gradients from flushing to zero.
    mean_example is the training examples' mean, which an initialiser may
    read (models.INITIALISERS).
    """
    if variant.batch_size % towers:
        raise ValueError(f"{variant.name}'s batch of {variant.batch_size} cannot be cut into "
                         f"{towers} equal towers")
    if towers > 1 and not variant.rows_independent:
        raise ValueError(f"{variant.name} normalises over whole batches: its batches cannot be "
                         "cut into towers")
    generator, discriminator = models.build_gan(variant, mixed_precision, mean_example)
    d_optimizer, g_optimizer = optimizers.make_optimizers(
        variant.optimizer, mixed_precision, discriminator.trainable_variables,
        generator.trainable_variables)
    return Gan(variant, generator, discriminator, d_optimizer, g_optimizer,
               losses.gan_loss(variant.loss), towers)


class Draws(NamedTuple):
    """An iteration's random inputs: D's noise [d_steps, batch, dim], G's noise
    [g_steps, batch, dim], and stateless keys [d_steps + g_steps, 2], one
    for whatever each update's loss draws (D's updates first)."""

    d: tf.Tensor
    g: tf.Tensor
    keys: tf.Tensor


def iteration_noise(variant: Variant, seed: int, step: tf.Tensor) -> Draws:
    """The Draws of iteration `step`.

    Where the source fed the D step's noise to the G step again (000, 002,
    and every simultaneous update), G's first noise is D's last.
    """
    schedule = variant.schedule
    shape = (variant.batch_size, variant.noise.dim)
    d_noise = sample_prior(variant.noise, (schedule.d_steps,) + shape,
                           stream_seed(seed, Stream.D_NOISE, step))
    g_noise = [d_noise[-1:]] if schedule.reuse_noise else []
    fresh = schedule.g_steps - len(g_noise)
    if fresh:
        g_noise.append(sample_prior(variant.noise, (fresh,) + shape,
                                    stream_seed(seed, Stream.G_NOISE, step)))
    updates = schedule.d_steps + schedule.g_steps
    keys = tf.stack([stream_seed(seed, Stream.LOSS, step * updates + k) for k in range(updates)])
    return Draws(d_noise, tf.concat(g_noise, 0), keys)


def _to_differentiate(optimizer: keras.optimizers.Optimizer, loss: tf.Tensor) -> tf.Tensor:
    """The loss whose gradient the optimiser applies.

    Under a tf.distribute strategy each replica holds an equal share of the
    batch and the optimiser sums the replicas' gradients, so each replica
    differentiates loss / replicas: the sum is the gradient of the whole
    batch's mean loss. For fp16 the optimiser also scales it up.
    """
    replicas = tf.distribute.get_replica_context().num_replicas_in_sync
    return optimizer.scale_loss(loss / replicas if replicas > 1 else loss)


def _apply(optimizer: keras.optimizers.Optimizer, tape: tf.GradientTape, scaled: tf.Tensor,
           model: keras.Model) -> None:
    """The update of `model` by the gradient of `scaled` (_to_differentiate's,
    taken on the tape)."""
    variables = model.trainable_variables
    optimizer.apply_gradients(zip(tape.gradient(scaled, variables), variables))


def discriminate(gan: Gan, real: tf.Tensor, fake: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """D's outputs on x and on G(z).

    Where D's rows are independent it sees x and G(z) as one batch: each
    row's output is what two calls would give, and the products are twice
    as tall, which runs faster. Both are taken in D's compute dtype, as D's
    first layer would take each: the data's float32 pixels stay exact in a
    float64 run.
    """
    dtype = gan.discriminator.compute_dtype
    real, fake = tf.cast(real, dtype), tf.cast(fake, dtype)
    if not gan.variant.discriminator.rows_independent:
        return gan.d(real), gan.d(fake)
    both = gan.d(tf.concat([real, fake], 0))
    rows = tf.shape(real)[0]
    return both[:rows], both[rows:]


def _metrics(gan: Gan, d_loss: tf.Tensor, d_real: tf.Tensor,
             d_fake: tf.Tensor) -> dict[str, tf.Tensor]:
    return {"d_loss": d_loss,
            "d_real": tf.reduce_mean(gan.loss.probability(d_real)),
            "d_fake": tf.reduce_mean(gan.loss.probability(d_fake))}


def discriminator_update(gan: Gan, real: tf.Tensor, fake: tf.Tensor,
                         key: tf.Tensor) -> dict[str, tf.Tensor]:
    """One D update on (x, G(z)); the loss and D's outputs from before it."""
    with tf.GradientTape() as tape:
        d_real, d_fake = discriminate(gan, real, fake)
        d_loss = gan.loss.discriminator(LossInputs(gan.d, gan.g, real, fake, d_real, d_fake, key))
        scaled = _to_differentiate(gan.d_optimizer, d_loss)
    _apply(gan.d_optimizer, tape, scaled, gan.discriminator)
    return _metrics(gan, d_loss, d_real, d_fake)


def generator_update(gan: Gan, real: tf.Tensor, noise: tf.Tensor, key: tf.Tensor,
                     before: Callable[[tf.Tensor], dict[str, tf.Tensor]] | None = None
                     ) -> tuple[tf.Tensor, dict[str, tf.Tensor]]:
    """One G update through the current D: G's loss before the update, and
    what `before` returned.

    `before`, if given, is D's update of the same iteration run on this
    G(noise) before G's loss is taken (sources that fed both half-steps the
    same z): G has not changed in between, so G(z) is computed once, under
    G's tape, and D's update reads it with the tape paused.
    """
    with tf.GradientTape() as tape:
        fake = gan.g(noise)
        with tape.stop_recording():
            earlier = before(tf.stop_gradient(fake)) if before else {}
        d_fake = gan.d(fake)
        g_loss = gan.loss.generator(LossInputs(gan.d, gan.g, real, fake, None, d_fake, key))
        scaled = _to_differentiate(gan.g_optimizer, g_loss)
    _apply(gan.g_optimizer, tape, scaled, gan.generator)
    return g_loss, earlier


def d_then_g(gan: Gan, real: tf.Tensor, draws: Draws) -> dict[str, tf.Tensor]:
    """d_steps D updates, then g_steps G updates through the updated D.

    D's loss is computed before its update and G's after D's, as the
    originals fetched each from the same session.run as its train op.
    """
    d_steps, shared = gan.variant.schedule.d_steps, int(gan.variant.schedule.reuse_noise)
    d_keys, g_keys = draws.keys[:d_steps], draws.keys[d_steps:]
    for k in range(d_steps - shared):
        metrics = discriminator_update(gan, real, gan.g(draws.d[k]), d_keys[k])
    g_noise = tf.unstack(draws.g)
    if shared:
        g_loss, metrics = generator_update(
            gan, real, g_noise[0], g_keys[0],
            before=lambda fake: discriminator_update(gan, real, fake, d_keys[-1]))
    for k in range(shared, len(g_noise)):
        g_loss, _ = generator_update(gan, real, g_noise[k], g_keys[k])
    return {**metrics, "g_loss": g_loss}


def simultaneous(gan: Gan, real: tf.Tensor, draws: Draws) -> dict[str, tf.Tensor]:
    """Both networks' gradients from one forward pass, both applied.

    TensorFlow's DCGAN tutorial records the pass on two tapes; the 2014
    paper's pylearn2 code took both gradients of one graph. D's dropout
    masks (if any) are the same for D's loss and G's.
    """
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = gan.g(draws.d[0])
        d_real, d_fake = discriminate(gan, real, fake)
        inputs = LossInputs(gan.d, gan.g, real, fake, d_real, d_fake, draws.keys[0])
        g_loss, d_loss = gan.loss.generator(inputs), gan.loss.discriminator(inputs)
        g_scaled = _to_differentiate(gan.g_optimizer, g_loss)
        d_scaled = _to_differentiate(gan.d_optimizer, d_loss)
    _apply(gan.g_optimizer, g_tape, g_scaled, gan.generator)
    _apply(gan.d_optimizer, d_tape, d_scaled, gan.discriminator)
    return {**_metrics(gan, d_loss, d_real, d_fake), "g_loss": g_loss}


# Schedule.update -> the iteration it names.
UPDATES: dict[str, Callable[[Gan, tf.Tensor, Draws], dict[str, tf.Tensor]]] = {
    "d_then_g": d_then_g,
    "simultaneous": simultaneous,
}


def train_step(gan: Gan, real: tf.Tensor, draws: Draws) -> dict[str, tf.Tensor]:
    """One iteration of the variant's schedule on a real batch; its metrics."""
    return UPDATES[gan.variant.schedule.update](gan, real, draws)


def make_train_iteration(gan: Gan, seed: int):
    """A compiled function (real batch, step) -> metrics that draws its own noise."""

    @tf.function
    def train_iteration(real: tf.Tensor, step: tf.Tensor) -> dict[str, tf.Tensor]:
        return train_step(gan, real, iteration_noise(gan.variant, seed, step))

    return train_iteration
