"""paper2014's optimiser steps as pylearn2's SGD, Momentum rule and callbacks did."""

import dataclasses

import numpy as np
import pytest
import tensorflow as tf

from tf2gan.core.optimizers import ScheduledMomentumSGD
from tf2gan.variants import VARIANTS, MomentumSGD

# mnist.yaml's numbers, with short epochs and an early saturation so that a
# few dozen updates cross every part of the schedule.
CONFIG = MomentumSGD(learning_rate=0.1, decay_factor=1.05, min_learning_rate=0.06,
                     momentum=0.5, final_momentum=0.7, momentum_start=1, momentum_saturate=4,
                     steps_per_epoch=3)


class Pylearn2:
    """Train.main_loop's order of calls, written out: MomentumAdjustor.on_monitor
    before the first epoch and after each, ExponentialDecay after each update,
    the Momentum rule's vel = momentum * vel - lr * grad; param += vel."""

    def __init__(self, config: MomentumSGD, param: np.ndarray) -> None:
        self.c, self.param, self.vel = config, param.astype(np.float64), np.zeros_like(param)
        self.lr, self.momentum, self.updates, self.monitor_count = config.learning_rate, 0.0, 0, 0
        self.on_monitor()

    def on_monitor(self) -> None:
        self.monitor_count += 1
        alpha = (self.monitor_count - self.c.momentum_start) / (
            self.c.momentum_saturate - self.c.momentum_start)
        alpha = min(max(alpha, 0.0), 1.0)
        self.momentum = self.c.momentum * (1 - alpha) + alpha * self.c.final_momentum

    def update(self, grad: np.ndarray) -> None:
        self.vel = self.momentum * self.vel - self.lr * grad
        self.param = self.param + self.vel
        self.updates += 1
        self.lr = max(self.c.learning_rate / self.c.decay_factor ** self.updates,
                      self.c.min_learning_rate)
        if self.updates % self.c.steps_per_epoch == 0:
            self.on_monitor()


def test_updates_follow_pylearn2s_momentum_and_learning_rate_schedules():
    start = np.array([1.0, -2.0, 0.5])
    variable = tf.Variable(start, dtype=tf.float64)
    optimizer = ScheduledMomentumSGD(CONFIG)
    theirs = Pylearn2(CONFIG, start)
    for _ in range(20):  # 6 2/3 epochs: momentum 0.5 at first, 0.7 from epoch 3 on
        grad = 3.0 * variable.numpy() - 1.0  # a quadratic's gradient at the current point
        optimizer.apply_gradients([(tf.constant(grad), variable)])
        theirs.update(grad)
        np.testing.assert_allclose(variable.numpy(), theirs.param, rtol=1e-6)
    assert theirs.lr == CONFIG.min_learning_rate  # the floor was reached, and held
    assert float(optimizer.learning_rate) == np.float32(CONFIG.min_learning_rate)


def test_paper2014s_momentum_rises_from_epoch_1_to_epoch_250_of_500_updates():
    optimizer = ScheduledMomentumSGD(VARIANTS["paper2014"].optimizer)
    at = lambda step: float(optimizer.momentum_at(tf.constant(step, tf.int64)))
    assert at(0) == at(499) == 0.5  # epoch 0: the adjustor's first count, alpha 0
    assert at(500) == pytest.approx(0.5 + 0.2 / 249)  # epoch 1
    assert at(124_499) == pytest.approx(0.7 - 0.2 / 249) and at(124_500) == 0.7
    assert at(10 ** 7) == 0.7


def test_a_schedule_may_start_without_momentum_but_must_grow_after_it_starts():
    variable = tf.Variable([1.0])
    optimizer = ScheduledMomentumSGD(dataclasses.replace(CONFIG, momentum=0.0))
    optimizer.apply_gradients([(tf.constant([1.0]), variable)])
    assert variable.numpy() == pytest.approx(1.0 - CONFIG.learning_rate)
    with pytest.raises(ValueError, match="saturate after it starts"):
        dataclasses.replace(CONFIG, momentum_saturate=CONFIG.momentum_start)
