"""A GAN's trainable state and one training iteration, as the sources ran it."""

from __future__ import annotations

import dataclasses

import tensorflow as tf

from tf2gan import losses, models
from tf2gan.configs import Variant
from tf2gan.noise import Stream, sample_prior, stream_seed
from tf2gan.optimizers import FusedAdam

keras = tf.keras


@dataclasses.dataclass
class Gan:
    """Models, optimisers and losses of one variant; no hidden state elsewhere.

    d_optimizer and g_optimizer are the same object when the source shared
    one optimiser between D and G (004). `towers` is how many equal parts
    each batch is cut into for the forward and backward passes (see
    tower_parts); the update is the whole batch's either way.
    """

    variant: Variant
    generator: keras.Model
    discriminator: keras.Model
    d_optimizer: keras.optimizers.Optimizer
    g_optimizer: keras.optimizers.Optimizer
    loss: losses.GanLoss
    towers: int = 1

    def trackables(self) -> dict[str, object]:
        """What a checkpoint must hold to continue training."""
        items = {"generator": self.generator, "discriminator": self.discriminator,
                 "d_optimizer": self.d_optimizer}
        if self.g_optimizer is not self.d_optimizer:
            items["g_optimizer"] = self.g_optimizer
        return items


def make_gan(variant: Variant, mixed_precision: str = "none", towers: int = 1) -> Gan:
    """Freshly initialised models and built optimisers for a variant.

    mixed_precision "bf16" or "fp16" computes in bfloat16 or float16 with
    float32 variables; fp16 wraps each Adam in a LossScaleOptimizer, whose
    dynamic loss scale keeps small gradients from flushing to zero.
    """
    if variant.batch_size % towers:
        raise ValueError(f"{variant.name}'s batch of {variant.batch_size} cannot be cut into "
                         f"{towers} equal towers")
    generator, discriminator = models.build_gan(variant, mixed_precision)
    opt = variant.optimizer

    def adam(learning_rate: float) -> keras.optimizers.Optimizer:
        optimizer = FusedAdam(learning_rate, beta_1=opt.beta_1, beta_2=opt.beta_2,
                              epsilon=opt.epsilon)
        if mixed_precision == "fp16":
            return keras.optimizers.LossScaleOptimizer(optimizer)
        return optimizer

    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    if opt.shared:
        d_optimizer = g_optimizer = adam(opt.d_learning_rate)
        d_optimizer.build(d_vars + g_vars)
    else:
        d_optimizer, g_optimizer = adam(opt.d_learning_rate), adam(opt.g_learning_rate)
        d_optimizer.build(d_vars)
        g_optimizer.build(g_vars)
    return Gan(variant, generator, discriminator, d_optimizer, g_optimizer,
               losses.gan_loss(variant.loss), towers)


def _to_differentiate(optimizer: keras.optimizers.Optimizer, loss: tf.Tensor) -> tf.Tensor:
    """The loss whose gradient the optimiser applies.

    Under a tf.distribute strategy each replica holds an equal share of the
    batch and the optimiser sums the replicas' gradients, so each replica
    differentiates loss / replicas: the sum is the gradient of the whole
    batch's mean loss. For fp16 the optimiser also scales it up.
    """
    replicas = tf.distribute.get_replica_context().num_replicas_in_sync
    return optimizer.scale_loss(loss / replicas if replicas > 1 else loss)


def tower_parts(gan: Gan, batch: tf.Tensor) -> list[tf.Tensor]:
    """The batch as gan.towers equal parts, each to pass through the networks alone.

    Rows pass through an MLP independently, so the parts' outputs, joined,
    are the whole batch's outputs, and the loss is taken on them joined: the
    gradient is the whole batch's. What changes is how the work runs: every
    product becomes `towers` products with no data between them, which
    TensorFlow's inter-op threads run at the same time, one core each. On
    this CPU that beats one product threaded by oneDNN (see threads.py).
    """
    return [batch] if gan.towers == 1 else tf.split(batch, gan.towers)


def _joined(parts: list[tf.Tensor]) -> tf.Tensor:
    return parts[0] if len(parts) == 1 else tf.concat(parts, 0)


def _discriminate(gan: Gan, fakes: list[tf.Tensor]) -> tf.Tensor:
    """D's outputs on the whole batch of G's samples, tower by tower."""
    return _joined([gan.discriminator(fake, training=True) for fake in fakes])


def discriminator_update(gan: Gan, reals: list[tf.Tensor],
                         fakes: list[tf.Tensor]) -> dict[str, tf.Tensor]:
    """One D update on (x, G(z)), given tower by tower; the loss and D's
    outputs from before the update.

    In each tower D sees x and G(z) as one batch: each row's output is what
    two calls would give, and the products are twice as tall, which runs
    faster. Both halves are taken in D's compute dtype, as D's first layer
    would take each: the data's float32 pixels stay exact in a float64 run.
    """
    d_vars = gan.discriminator.trainable_variables
    dtype = gan.discriminator.compute_dtype
    with tf.GradientTape() as tape:
        outputs = [(gan.discriminator(tf.concat([tf.cast(real, dtype), tf.cast(fake, dtype)], 0),
                                      training=True), tf.shape(real)[0])
                   for real, fake in zip(reals, fakes)]
        d_real = _joined([both[:rows] for both, rows in outputs])
        d_fake = _joined([both[rows:] for both, rows in outputs])
        d_loss = gan.loss.discriminator(d_real, d_fake)
        scaled = _to_differentiate(gan.d_optimizer, d_loss)
    gan.d_optimizer.apply_gradients(zip(tape.gradient(scaled, d_vars), d_vars))
    return {
        "d_loss": d_loss,
        "d_real": tf.reduce_mean(gan.loss.probability(d_real)),
        "d_fake": tf.reduce_mean(gan.loss.probability(d_fake)),
    }


def discriminator_step(gan: Gan, real: tf.Tensor, noise: tf.Tensor) -> dict[str, tf.Tensor]:
    """One D update on (x, G(noise))."""
    fakes = [gan.generator(z, training=True) for z in tower_parts(gan, noise)]
    return discriminator_update(gan, tower_parts(gan, real), fakes)


def generator_step(gan: Gan, noise: tf.Tensor) -> tf.Tensor:
    """One G update through the current D; returns G's loss before the update."""
    g_vars = gan.generator.trainable_variables
    with tf.GradientTape() as tape:
        fakes = [gan.generator(z, training=True) for z in tower_parts(gan, noise)]
        g_loss = gan.loss.generator(_discriminate(gan, fakes))
        scaled = _to_differentiate(gan.g_optimizer, g_loss)
    gan.g_optimizer.apply_gradients(zip(tape.gradient(scaled, g_vars), g_vars))
    return g_loss


def train_step(gan: Gan, real: tf.Tensor, d_noise: tf.Tensor,
               g_noises: tf.Tensor) -> dict[str, tf.Tensor]:
    """One iteration: a D update, then one G update per row of g_noises.

    D's loss is computed before its update and G's after D's, as the
    originals fetched each from the same session.run as its train op.
    """
    if gan.variant.reuse_noise_for_g:
        return _step_sharing_fake(gan, real, d_noise)
    metrics = discriminator_step(gan, real, d_noise)
    for g_noise in tf.unstack(g_noises):
        metrics["g_loss"] = generator_step(gan, g_noise)
    return metrics


def _step_sharing_fake(gan: Gan, real: tf.Tensor, noise: tf.Tensor) -> dict[str, tf.Tensor]:
    """train_step for sources whose G step reused D's noise (000, 002).

    G has not changed between the two half-steps, so G(z) is the same tensor
    in both: it is computed once, under G's tape, and D's update reads it
    with the tape paused. The result is the original's; one G forward less.
    """
    g_vars = gan.generator.trainable_variables
    with tf.GradientTape() as tape:
        fakes = [gan.generator(z, training=True) for z in tower_parts(gan, noise)]
        with tape.stop_recording():
            metrics = discriminator_update(gan, tower_parts(gan, real),
                                           [tf.stop_gradient(fake) for fake in fakes])
        g_loss = gan.loss.generator(_discriminate(gan, fakes))
        scaled = _to_differentiate(gan.g_optimizer, g_loss)
    gan.g_optimizer.apply_gradients(zip(tape.gradient(scaled, g_vars), g_vars))
    metrics["g_loss"] = g_loss
    return metrics


def iteration_noise(variant: Variant, seed: int, step: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """(D's noise [batch, dim], G's noise [g_steps, batch, dim]) for iteration `step`.

    Where the source fed the D step's noise to the G step again (000, 002),
    G's noise is that same batch.
    """
    shape = (variant.batch_size, variant.noise.dim)
    d_noise = sample_prior(variant.noise, shape, stream_seed(seed, Stream.D_NOISE, step))
    if variant.reuse_noise_for_g:
        return d_noise, d_noise[tf.newaxis]
    g_noises = sample_prior(variant.noise, (variant.g_steps,) + shape,
                            stream_seed(seed, Stream.G_NOISE, step))
    return d_noise, g_noises


def make_train_iteration(gan: Gan, seed: int):
    """A compiled function (real batch, step) -> metrics that draws its own noise."""

    @tf.function
    def train_iteration(real: tf.Tensor, step: tf.Tensor) -> dict[str, tf.Tensor]:
        d_noise, g_noises = iteration_noise(gan.variant, seed, step)
        return train_step(gan, real, d_noise, g_noises)

    return train_iteration
