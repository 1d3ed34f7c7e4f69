"""001, Tensorflow Day28 (Tensorflow-101 notebook 13): the notebook's graph.

`weight_variable` and `bias_variable` are the notebook's libs/utils.py:
truncated_normal(stddev=0.1) weights and constant 0.1 biases, each built
as tf.Variable(initial, name), which in TF1 passes the name as the second
positional argument, `trainable`: a non-empty string, so True.
"""

from __future__ import annotations

import tensorflow as tf

from tf2gan.originals.base import GraphOriginal

tf1 = tf.compat.v1

batch_size = 256
g_dim = 128


def weight_variable(shape, name, dtype=tf.float32):
    initial = tf1.truncated_normal(shape, stddev=0.1, dtype=dtype)
    return tf1.Variable(initial, name)  # `name` lands in `trainable`


def bias_variable(shape, name, dtype=tf.float32):
    initial = tf1.constant(0.1, shape=shape, dtype=dtype)
    return tf1.Variable(initial, name)  # likewise


class Tf101(GraphOriginal):
    def build(self) -> None:
        x_d = tf1.placeholder(self.dtype, shape=[None, 784])
        x_g = tf1.placeholder(self.dtype, shape=[None, 128])

        weights = {
            "w_d1": weight_variable([784, 128], "w_d1", self.dtype),
            "w_d2": weight_variable([128, 1], "w_d2", self.dtype),
            "w_g1": weight_variable([128, 256], "w_g1", self.dtype),
            "w_g2": weight_variable([256, 784], "w_g2", self.dtype),
        }
        biases = {
            "b_d1": bias_variable([128], "b_d1", self.dtype),
            "b_d2": bias_variable([1], "b_d2", self.dtype),
            "b_g1": bias_variable([256], "b_g1", self.dtype),
            "b_g2": bias_variable([784], "b_g2", self.dtype),
        }
        var_d = [weights["w_d1"], weights["w_d2"], biases["b_d1"], biases["b_d2"]]
        var_g = [weights["w_g1"], weights["w_g2"], biases["b_g1"], biases["b_g2"]]

        def generator(z):
            h_g1 = tf1.nn.relu(tf1.add(tf1.matmul(z, weights["w_g1"]), biases["b_g1"]))
            return tf1.nn.sigmoid(tf1.add(tf1.matmul(h_g1, weights["w_g2"]), biases["b_g2"]))

        def discriminator(x):
            h_d1 = tf1.nn.relu(tf1.add(tf1.matmul(x, weights["w_d1"]), biases["b_d1"]))
            return tf1.nn.sigmoid(tf1.add(tf1.matmul(h_d1, weights["w_d2"]), biases["b_d2"]))

        g_sample = generator(x_g)
        d_real = discriminator(x_d)
        d_fake = discriminator(g_sample)

        d_loss = -tf1.reduce_mean(tf1.log(d_real) + tf1.log(1. - d_fake))
        g_loss = -tf1.reduce_mean(tf1.log(d_fake))

        d_optimizer = tf1.train.AdamOptimizer(0.0005).minimize(d_loss, var_list=var_d)
        g_optimizer = tf1.train.AdamOptimizer(0.0001).minimize(g_loss, var_list=var_g)

        self.X, self.Z, self.G_sample = x_d, x_g, g_sample
        self.D_objective, self.G_objective = d_loss, g_loss
        self.D_real_prob, self.D_fake_prob = tf1.reduce_mean(d_real), tf1.reduce_mean(d_fake)
        self.train_D, self.train_G = d_optimizer, g_optimizer
        # Keras order: layer by layer, kernel then bias.
        self.g_vars = [weights["w_g1"], biases["b_g1"], weights["w_g2"], biases["b_g2"]]
        self.d_vars = [weights["w_d1"], biases["b_d1"], weights["w_d2"], biases["b_d2"]]
