"""paper2014's optimiser steps as pylearn2's SGD, Momentum rule and callbacks did."""

import numpy as np
import tensorflow as tf

from tf2gan.configs import MomentumSGD
from tf2gan.optimizers import ScheduledMomentumSGD

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
