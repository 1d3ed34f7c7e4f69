"""The variants' optimisers, made from their configurations.

Adam runs as Keras computes it, in TensorFlow's fused kernel; the 2014
paper's SGD with momentum as pylearn2 scheduled it (ScheduledMomentumSGD).

Keras 3's Adam updates each variable with about a dozen elementwise ops, each
a pass over memory; TensorFlow's ResourceApplyAdam (the kernel TF1's
AdamOptimizer ran) does the same update in one pass:

    m <- m + (g - m)(1 - beta_1),  v <- v + (g^2 - v)(1 - beta_2)
    var <- var - lr sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon)

which is Keras' update exactly. For goodfellow the optimiser is about a fifth
of an iteration's time; this removes most of it. The variables, slots and
checkpoints are Keras Adam's.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Sequence

import tensorflow as tf

from tf2gan import variants

keras = tf.keras


class FusedAdam(keras.optimizers.Adam):
    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        # Under a tf.distribute strategy Keras' own path all-reduces the
        # gradients and updates each replica; it calls update_step below.
        if tf.distribute.has_strategy():
            return super()._backend_update_step(grads, trainable_variables, learning_rate)
        powers: dict[tf.DType, tuple[tf.Tensor, ...]] = {}
        for gradient, variable in zip(grads, trainable_variables):
            if variable.dtype not in powers:  # once per apply, not once per variable
                powers[variable.dtype] = self._hyperparameters(learning_rate, variable.dtype)
            self._apply(gradient, variable, *powers[variable.dtype])

    def update_step(self, gradient, variable, learning_rate):
        self._apply(gradient, variable, *self._hyperparameters(learning_rate, variable.dtype))

    def _hyperparameters(self, learning_rate, dtype) -> tuple[tf.Tensor, ...]:
        # tf.constant, not tf.cast: a Python float cast to float64 would pass
        # through float32 first, and a float64 run would not use Adam's numbers.
        step = tf.cast(self.iterations + 1, dtype)
        beta_1, beta_2 = tf.constant(self.beta_1, dtype), tf.constant(self.beta_2, dtype)
        return (tf.pow(beta_1, step), tf.pow(beta_2, step), tf.cast(learning_rate, dtype),
                beta_1, beta_2, tf.constant(self.epsilon, dtype))

    def _apply(self, gradient, variable, beta1_power, beta2_power, lr, beta1, beta2, epsilon):
        index = self._get_variable_index(variable)
        tf.raw_ops.ResourceApplyAdam(
            var=variable.handle, m=self._momentums[index].handle,
            v=self._velocities[index].handle, beta1_power=beta1_power,
            beta2_power=beta2_power, lr=lr, beta1=beta1, beta2=beta2, epsilon=epsilon,
            grad=tf.cast(gradient, variable.dtype))


Optimizers = tuple[keras.optimizers.Optimizer, keras.optimizers.Optimizer]


def _adam(config: variants.Adam, wrap: Callable[[keras.optimizers.Optimizer],
                                               keras.optimizers.Optimizer],
          d_vars: Sequence[tf.Variable], g_vars: Sequence[tf.Variable]) -> Optimizers:
    def adam(learning_rate: float) -> keras.optimizers.Optimizer:
        return wrap(FusedAdam(learning_rate, beta_1=config.beta_1, beta_2=config.beta_2,
                              epsilon=config.epsilon))

    if config.shared:
        d_optimizer = g_optimizer = adam(config.d_learning_rate)
        d_optimizer.build(list(d_vars) + list(g_vars))
    else:
        d_optimizer, g_optimizer = adam(config.d_learning_rate), adam(config.g_learning_rate)
        d_optimizer.build(d_vars)
        g_optimizer.build(g_vars)
    return d_optimizer, g_optimizer


class _DecayToFloor(keras.optimizers.schedules.LearningRateSchedule):
    """pylearn2's ExponentialDecay: the rate of update k is
    max(learning_rate / decay_factor^k, min_learning_rate), in float64 as
    pylearn2 computed it (1.000004 is 1.0000041 in float32)."""

    def __init__(self, config: variants.MomentumSGD) -> None:
        self.config = config

    def __call__(self, step: tf.Tensor) -> tf.Tensor:
        c = self.config
        rate = c.learning_rate * tf.pow(tf.constant(c.decay_factor, tf.float64),
                                        -tf.cast(step, tf.float64))
        return tf.cast(tf.maximum(rate, c.min_learning_rate), tf.float32)

    def get_config(self) -> dict[str, object]:
        return dataclasses.asdict(self.config)


class ScheduledMomentumSGD(keras.optimizers.SGD):
    """Keras' SGD with momentum, whose momentum is pylearn2's MomentumAdjustor's.

    The adjustor counted its calls: one before the first epoch, one after
    each, so during epoch e (from 0) the count is e + 1 and the momentum is
    momentum + (final - momentum) * clip((e + 1 - start) / (saturate - start), 0, 1).
    Both schedules count applied updates (`iterations`): under fp16's loss
    scaling a skipped step does not advance them.
    """

    def __init__(self, config: variants.MomentumSGD) -> None:
        super().__init__(_DecayToFloor(config), momentum=config.momentum)
        self.config = config

    def build(self, variables) -> None:
        # Keras' SGD makes no velocities when it starts without momentum; this
        # one always needs them.
        if self.built:
            return
        keras.optimizers.Optimizer.build(self, variables)
        self.momentums = [self.add_variable_from_reference(v, name="momentum")
                          for v in variables]

    def get_config(self) -> dict[str, object]:
        return {**super().get_config(), "schedule": dataclasses.asdict(self.config)}

    def momentum_at(self, step: tf.Tensor) -> tf.Tensor:
        c = self.config
        count = tf.cast(step // c.steps_per_epoch + 1, tf.float64)
        alpha = tf.clip_by_value((count - c.momentum_start)
                                 / (c.momentum_saturate - c.momentum_start), 0.0, 1.0)
        return c.momentum * (1.0 - alpha) + alpha * c.final_momentum

    def update_step(self, gradient, variable, learning_rate):
        velocity = self.momentums[self._get_variable_index(variable)]
        momentum = tf.cast(self.momentum_at(self.iterations), variable.dtype)
        step = tf.cast(gradient, variable.dtype) * tf.cast(learning_rate, variable.dtype)
        velocity.assign(velocity * momentum - step)
        variable.assign_add(velocity)


def _momentum_sgd(config: variants.MomentumSGD, wrap: Callable[[keras.optimizers.Optimizer],
                                                               keras.optimizers.Optimizer],
                  d_vars: Sequence[tf.Variable], g_vars: Sequence[tf.Variable]) -> Optimizers:
    d_optimizer, g_optimizer = (wrap(ScheduledMomentumSGD(config)) for _ in range(2))
    d_optimizer.build(d_vars)
    g_optimizer.build(g_vars)
    return d_optimizer, g_optimizer


# The optimiser configuration's type -> (config, wrap, D's and G's variables)
# -> (D's optimiser, G's optimiser), built.
OPTIMIZERS: dict[type, Callable[..., Optimizers]] = {
    variants.Adam: _adam,
    variants.MomentumSGD: _momentum_sgd,
}


def make_optimizers(config: object, mixed_precision: str, d_vars: Sequence[tf.Variable],
                    g_vars: Sequence[tf.Variable]) -> Optimizers:
    """D's and G's optimisers (one object if the source shared one), built.

    Under fp16 each is wrapped in a LossScaleOptimizer."""
    wrap = (keras.optimizers.LossScaleOptimizer if mixed_precision == "fp16"
            else lambda optimizer: optimizer)
    return OPTIMIZERS[type(config)](config, wrap, d_vars, g_vars)
