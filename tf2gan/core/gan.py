"""A GAN's trainable state and one training iteration, as the sources ran it.

An iteration is the variant's `Schedule`: its update order (a key of
UPDATES) runs D and G updates, each of which asks the variant's losses
(losses.LossInputs) for what to minimise. The networks are called through
`Towers`, which may cut each batch into parts; the steps do not see it.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np
import tensorflow as tf

from tf2gan.base.streams import Stream, stream_seed
from tf2gan.core import losses, models, optimizers, sampling
from tf2gan.core.losses import LossInputs
from tf2gan.core.noise import sample_prior
from tf2gan.data import kinds
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


class GAN(keras.Model):
    """A variant's generator and discriminator, their optimisers and losses, as
    one Keras model whose `train_step` is one iteration of the variant.

    The same object is what the command's trainers (core/loops.py) step and
    what `fit` steps: an iteration is `train_step` (the function below), fed
    a batch and the noise of (seed, iteration) either way, so that `fit` and
    `tf2gan train` reach the same weights from the same start. D and G are
    called through `Towers` (`d` and `g`), which may cut each batch into
    parts; the update is the whole batch's either way.
    """

    def __init__(self, variant: Variant, *, seed: int = 0, mixed_precision: str = "none",
                 towers: int = 1, mean_example: np.ndarray | None = None,
                 reseed: bool = True, name: str | None = None) -> None:
        """Freshly initialised networks for `variant`, with its own optimisers.

        Args:
          variant: the Variant to train (tf2gan.variants.get(name)).
          seed: keys the noise of every iteration, as `tf2gan train --seed`
            does, and (with `reseed`) the initial weights.
          mixed_precision: "none", "bf16" (compute in bfloat16, variables in
            float32) or "fp16" (float16 with a dynamic loss scale).
          towers: cut each batch into this many equal parts that run side by
            side (see Towers); only where the variant's rows are independent.
          mean_example: the training examples' mean as the networks see them,
            for a variant whose initialiser reads the data (paper2014's
            marginal-bias start); None starts those biases at zero.
          reseed: seed Python's, NumPy's and TensorFlow's generators with
            `seed` before drawing the weights, as the command does, so that
            the same seed gives the same networks. False draws from them as
            they stand (the command seeds them itself, with --init_seed
            where given).
          name: the Keras model's name (default: the variant's).

        Raises:
          ValueError: the batch cannot be cut into `towers` parts.
        """
        super().__init__(name=name or variant.name)
        if variant.batch_size % towers:
            raise ValueError(f"{variant.name}'s batch of {variant.batch_size} cannot be cut "
                             f"into {towers} equal towers")
        if towers > 1 and not variant.rows_independent:
            raise ValueError(f"{variant.name} normalises over whole batches: its batches cannot "
                             "be cut into towers")
        if reseed:
            keras.utils.set_random_seed(seed)
        self.variant, self.seed, self.towers = variant, seed, towers
        self.generator, self.discriminator = models.build_gan(variant, mixed_precision,
                                                              mean_example)
        self.gan_loss = losses.gan_loss(variant.loss)
        self.d = Towers(self.discriminator, towers)
        self.g = Towers(self.generator, towers)
        self.d_optimizer, self.g_optimizer = optimizers.make_optimizers(
            variant.optimizer, mixed_precision, self.discriminator.trainable_variables,
            self.generator.trainable_variables)
        # Iterations `fit` has run: the key of the next iteration's noise.
        self.iteration = self.add_weight(shape=(), dtype="int64", initializer="zeros",
                                         trainable=False, name="iteration")
        self._trackers = {key: keras.metrics.Mean(name=key) for key in METRICS}
        self.built = True

    def compile(self, d_optimizer: keras.optimizers.Optimizer | None = None,
                g_optimizer: keras.optimizers.Optimizer | None = None, **kwargs) -> None:
        """Prepares `fit`, with the variant's optimisers unless others are given.

        Args:
          d_optimizer, g_optimizer: optimisers in place of the variant's
            (both or neither; one object for both shares it between D and G,
            as 004's source did).
          **kwargs: keras.Model.compile's own (steps_per_execution,
            run_eagerly, jit_compile). There is no loss or metric to give:
            the variant's losses are the training.

        Raises:
          ValueError: only one of the optimisers was given.
        """
        if (d_optimizer is None) != (g_optimizer is None):
            raise ValueError("give both d_optimizer and g_optimizer, or neither")
        if d_optimizer is not None:
            self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        # Keras' own slot holds D's optimiser: what its callbacks read (the
        # learning rate a TensorBoard callback logs).
        super().compile(optimizer=self.d_optimizer, **kwargs)

    def trackables(self) -> dict[str, object]:
        """What a checkpoint must hold to continue training."""
        items = {"generator": self.generator, "discriminator": self.discriminator,
                 "d_optimizer": self.d_optimizer}
        if self.g_optimizer is not self.d_optimizer:
            items["g_optimizer"] = self.g_optimizer
        return items

    @property
    def metrics(self) -> list[keras.metrics.Metric]:
        """The running means `fit` reports, reset at each epoch."""
        return list(self._trackers.values())

    def call(self, noise: tf.Tensor, training: bool = False) -> tf.Tensor:
        """G(noise) as the networks compute it, in the variant's own scale."""
        return self.generator(noise, training=training)

    def train_step(self, data) -> dict[str, tf.Tensor]:
        """One iteration of the variant on a batch of real examples.

        Args:
          data: what the dataset yields: a batch of examples, or (examples,
            labels) whose labels go unused. Images are uint8 pixels or
            floats in [0, 1], in any shape whose rows hold one example;
            gaussian1d's are values. The noise takes the batch's size: a
            dataset batched by `variant.batch_size` trains the recipe.

        Returns:
          The epoch's running means of D's and G's losses and of D's
          outputs on real and on generated examples.
        """
        real, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        real = kinds.of(self.variant).to_examples(self.variant, real)
        draws = iteration_noise(self.variant, self.seed, tf.cast(self.iteration, tf.int64),
                                tf.shape(real)[0])
        values = train_step(self, real, draws)
        self.iteration.assign_add(1)
        for key, tracker in self._trackers.items():
            tracker.update_state(values[key])
        return {key: tracker.result() for key, tracker in self._trackers.items()}

    def generate(self, n: int, seed: int = 0) -> np.ndarray:
        """n samples in the data's own units and shape.

        Args:
          n: how many.
          seed: keys the noise as `tf2gan sample --seed` does: the same seed
            and weights give the same samples.

        Returns:
          A NumPy array: images [n, height, width, 1] of pixels in [0, 1], or
          gaussian1d's vectors of values [n, example_dim].
        """
        outputs = sampling.generate(self.variant, sampling.from_model(self.generator), n, seed)
        return kinds.of(self.variant).from_outputs(self.variant, outputs)


# What a GAN reports while `fit` trains it: an iteration's losses, and D's
# mean outputs (as probabilities) on real and on generated examples.
METRICS = ("d_loss", "g_loss", "d_real", "d_fake")


def make_gan(variant: Variant, mixed_precision: str = "none", towers: int = 1,
             mean_example: np.ndarray | None = None) -> GAN:
    """A GAN for the command's trainers, its weights drawn from the generators
    as the process seeded them (GAN's `reseed`)."""
    return GAN(variant, mixed_precision=mixed_precision, towers=towers,
               mean_example=mean_example, reseed=False)


class Draws(NamedTuple):
    """An iteration's random inputs: D's noise [d_steps, batch, dim], G's noise
    [g_steps, batch, dim], and stateless keys [d_steps + g_steps, 2], one
    for whatever each update's loss draws (D's updates first)."""

    d: tf.Tensor
    g: tf.Tensor
    keys: tf.Tensor


def iteration_noise(variant: Variant, seed: int, step: tf.Tensor,
                    batch: tf.Tensor | int | None = None) -> Draws:
    """The Draws of iteration `step`, for batches of `batch` rows (default:
    the variant's batch size).

    Where the source fed the D step's noise to the G step again (000, 002,
    and every simultaneous update), G's first noise is D's last.
    """
    schedule = variant.schedule
    shape = (variant.batch_size if batch is None else batch, variant.noise.dim)
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


def discriminate(gan: GAN, real: tf.Tensor, fake: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
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


def _metrics(gan: GAN, d_loss: tf.Tensor, d_real: tf.Tensor,
             d_fake: tf.Tensor) -> dict[str, tf.Tensor]:
    return {"d_loss": d_loss,
            "d_real": tf.reduce_mean(gan.gan_loss.probability(d_real)),
            "d_fake": tf.reduce_mean(gan.gan_loss.probability(d_fake))}


def discriminator_update(gan: GAN, real: tf.Tensor, fake: tf.Tensor,
                         key: tf.Tensor) -> dict[str, tf.Tensor]:
    """One D update on (x, G(z)); the loss and D's outputs from before it."""
    with tf.GradientTape() as tape:
        d_real, d_fake = discriminate(gan, real, fake)
        inputs = LossInputs(gan.d, gan.g, real, fake, d_real, d_fake, key)
        d_loss = gan.gan_loss.discriminator(inputs)
        scaled = _to_differentiate(gan.d_optimizer, d_loss)
    _apply(gan.d_optimizer, tape, scaled, gan.discriminator)
    return _metrics(gan, d_loss, d_real, d_fake)


def generator_update(gan: GAN, real: tf.Tensor, noise: tf.Tensor, key: tf.Tensor,
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
        g_loss = gan.gan_loss.generator(LossInputs(gan.d, gan.g, real, fake, None, d_fake, key))
        scaled = _to_differentiate(gan.g_optimizer, g_loss)
    _apply(gan.g_optimizer, tape, scaled, gan.generator)
    return g_loss, earlier


def d_then_g(gan: GAN, real: tf.Tensor, draws: Draws) -> dict[str, tf.Tensor]:
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


def simultaneous(gan: GAN, real: tf.Tensor, draws: Draws) -> dict[str, tf.Tensor]:
    """Both networks' gradients from one forward pass, both applied.

    TensorFlow's DCGAN tutorial records the pass on two tapes; the 2014
    paper's pylearn2 code took both gradients of one graph. D's dropout
    masks (if any) are the same for D's loss and G's.
    """
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = gan.g(draws.d[0])
        d_real, d_fake = discriminate(gan, real, fake)
        inputs = LossInputs(gan.d, gan.g, real, fake, d_real, d_fake, draws.keys[0])
        g_loss, d_loss = gan.gan_loss.generator(inputs), gan.gan_loss.discriminator(inputs)
        g_scaled = _to_differentiate(gan.g_optimizer, g_loss)
        d_scaled = _to_differentiate(gan.d_optimizer, d_loss)
    _apply(gan.g_optimizer, g_tape, g_scaled, gan.generator)
    _apply(gan.d_optimizer, d_tape, d_scaled, gan.discriminator)
    return {**_metrics(gan, d_loss, d_real, d_fake), "g_loss": g_loss}


# Schedule.update -> the iteration it names.
UPDATES: dict[str, Callable[[GAN, tf.Tensor, Draws], dict[str, tf.Tensor]]] = {
    "d_then_g": d_then_g,
    "simultaneous": simultaneous,
}


def train_step(gan: GAN, real: tf.Tensor, draws: Draws) -> dict[str, tf.Tensor]:
    """One iteration of the variant's schedule on a real batch; its metrics."""
    return UPDATES[gan.variant.schedule.update](gan, real, draws)


def make_train_iteration(gan: GAN, seed: int):
    """A compiled function (real batch, step) -> metrics that draws its own noise."""

    @tf.function
    def train_iteration(real: tf.Tensor, step: tf.Tensor) -> dict[str, tf.Tensor]:
        return train_step(gan, real, iteration_noise(gan.variant, seed, step))

    return train_iteration
