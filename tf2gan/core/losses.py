"""GAN losses as small pure functions, named after what the sources wrote.

Each returns the quantity the optimiser minimises. A variant's `Loss` names
an entry of LOSSES, which hands each loss the LossInputs of an update, so
that a loss needing more than D's outputs (a gradient penalty needs D itself
and both batches) is written like the others. The discriminator's
output is a probability for `log_loss` and `keras_bce`, a logit for
`logits`. The arithmetic is at least float32, whatever dtype the models
compute in (bfloat16, float16), so that the raw logs neither overflow nor
lose their small values; float64 stays float64.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import tensorflow as tf

from tf2gan.variants import Loss

_KERAS2_EPSILON = 1e-7


def _f32(x: tf.Tensor) -> tf.Tensor:
    """x in float32, or in float64 if it already is."""
    x = tf.convert_to_tensor(x)
    return x if x.dtype == tf.float64 else tf.cast(x, tf.float32)


def minimax_discriminator_loss(d_real: tf.Tensor, d_fake: tf.Tensor) -> tf.Tensor:
    """-E[log D(x) + log(1 - D(G(z)))]: Goodfellow et al. (2014) eq. 1, negated.

    Raw logs, no clipping, as 000 and 001 wrote them: a saturated D gives
    inf, exactly as the originals would.
    """
    d_real, d_fake = _f32(d_real), _f32(d_fake)
    return -tf.reduce_mean(tf.math.log(d_real) + tf.math.log(1.0 - d_fake))


def non_saturating_generator_loss(d_fake: tf.Tensor) -> tf.Tensor:
    """-E[log D(G(z))]: the paper's practical G objective (maximise log D(G(z)))."""
    return -tf.reduce_mean(tf.math.log(_f32(d_fake)))


def sigmoid_cross_entropy(logits: tf.Tensor, label: float) -> tf.Tensor:
    """mean(sigmoid_cross_entropy_with_logits) against a constant label."""
    logits = _f32(logits)
    labels = tf.fill(tf.shape(logits), tf.constant(label, logits.dtype))
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))


def logits_discriminator_loss(real_logits: tf.Tensor, fake_logits: tf.Tensor,
                              real_label: float = 1.0) -> tf.Tensor:
    """Cross-entropy of D on real (target `real_label`) plus generated (target 0).

    real_label < 1 is one-sided label smoothing (002 uses 0.9).
    """
    return (sigmoid_cross_entropy(real_logits, real_label)
            + sigmoid_cross_entropy(fake_logits, 0.0))


def logits_generator_loss(fake_logits: tf.Tensor) -> tf.Tensor:
    """Cross-entropy of D on generated images against target 1 (non-saturating)."""
    return sigmoid_cross_entropy(fake_logits, 1.0)


def keras2_binary_crossentropy(probabilities: tf.Tensor, label: float) -> tf.Tensor:
    """Keras 2's binary_crossentropy on probabilities, averaged.

    Keras 2 clipped the probability to [1e-7, 1 - 1e-7], turned it back into
    a logit and took the sigmoid cross-entropy of that; this does the same.
    """
    p = tf.clip_by_value(_f32(probabilities), _KERAS2_EPSILON, 1.0 - _KERAS2_EPSILON)
    return sigmoid_cross_entropy(tf.math.log(p / (1.0 - p)), label)


def keras2_discriminator_loss(d_real: tf.Tensor, d_fake: tf.Tensor) -> tf.Tensor:
    """004 trained D on concatenate([Real, Gen]) with labels [1.., 0..]: one mean."""
    real_loss = keras2_binary_crossentropy(d_real, 1.0)
    n_real = tf.cast(tf.size(d_real), real_loss.dtype)
    n_fake = tf.cast(tf.size(d_fake), real_loss.dtype)
    return ((real_loss * n_real + keras2_binary_crossentropy(d_fake, 0.0) * n_fake)
            / (n_real + n_fake))


def keras2_generator_loss(d_fake: tf.Tensor) -> tf.Tensor:
    """004's GD model: D(G(z)) against label 1."""
    return keras2_binary_crossentropy(d_fake, 1.0)


@dataclasses.dataclass(frozen=True)
class LossInputs:
    """What a loss may need, as TF-GAN's losses are handed it: the networks
    (as the step calls them, in training mode), the batches, and D's outputs.

    d_real is None in a G update, which does not run D on real examples.
    key is a stateless seed [2] for anything the loss draws (a gradient
    penalty's interpolation), a function of the run's seed and the update.
    """

    discriminator: Callable[[tf.Tensor], tf.Tensor]
    generator: Callable[[tf.Tensor], tf.Tensor]
    real: tf.Tensor
    fake: tf.Tensor
    d_real: tf.Tensor | None
    d_fake: tf.Tensor
    key: tf.Tensor


@dataclasses.dataclass(frozen=True)
class GanLoss:
    """The pair of losses a variant trains with, and how to read D's output."""

    discriminator: Callable[[LossInputs], tf.Tensor]
    generator: Callable[[LossInputs], tf.Tensor]
    # Maps D's output to the probability that its input is real.
    probability: Callable[[tf.Tensor], tf.Tensor]


def _on_outputs(d_loss: Callable[[tf.Tensor, tf.Tensor], tf.Tensor],
                g_loss: Callable[[tf.Tensor], tf.Tensor],
                probability: Callable[[tf.Tensor], tf.Tensor]) -> GanLoss:
    """A GanLoss whose losses read D's outputs alone."""
    return GanLoss(lambda inputs: d_loss(inputs.d_real, inputs.d_fake),
                   lambda inputs: g_loss(inputs.d_fake), probability)


# Loss.kind -> the GanLoss its configuration stands for.
LOSSES: dict[str, Callable[[Loss], GanLoss]] = {
    "log_loss": lambda loss: _on_outputs(minimax_discriminator_loss,
                                         non_saturating_generator_loss, _f32),
    "keras_bce": lambda loss: _on_outputs(keras2_discriminator_loss, keras2_generator_loss, _f32),
    "logits": lambda loss: _on_outputs(
        lambda real, fake: logits_discriminator_loss(real, fake, loss.real_label),
        logits_generator_loss, lambda logits: tf.sigmoid(_f32(logits))),
}


def gan_loss(loss: Loss) -> GanLoss:
    """The GanLoss a `Loss` configuration names, D's scaled as it says."""
    named = LOSSES[loss.kind](loss)
    return dataclasses.replace(
        named, discriminator=lambda inputs: loss.discriminator_scale * named.discriminator(inputs))
