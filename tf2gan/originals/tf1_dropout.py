"""003, the Jupyter-book GAN chapter after diegoalejogm/gans: its graph.

Its quirks stay: `xavier_init` reads size[1] (the fan-out) of a kernel, and
`tf.nn.dropout(x, .3)` passes .3 as TF1's keep_prob, so D drops 70% of its
units, on every run of D, the G step's included.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from tf2gan.originals.base import GraphOriginal

tf1 = tf.compat.v1

IMAGE_PIXELS = 28 * 28
NOISE_SIZE = 100


def xavier_init(size, dtype=tf.float32):
    in_dim = size[0] if len(size) == 1 else size[1]
    stddev = 1. / np.sqrt(float(in_dim))
    return tf1.random_uniform(shape=size, minval=-stddev, maxval=stddev, dtype=dtype)


class Dropout(GraphOriginal):
    def build(self) -> None:
        X = tf1.placeholder(self.dtype, shape=(None, IMAGE_PIXELS))
        D_W1 = tf1.Variable(xavier_init([784, 1024], self.dtype))
        D_B1 = tf1.Variable(xavier_init([1024], self.dtype))
        D_W2 = tf1.Variable(xavier_init([1024, 512], self.dtype))
        D_B2 = tf1.Variable(xavier_init([512], self.dtype))
        D_W3 = tf1.Variable(xavier_init([512, 256], self.dtype))
        D_B3 = tf1.Variable(xavier_init([256], self.dtype))
        D_W4 = tf1.Variable(xavier_init([256, 1], self.dtype))
        D_B4 = tf1.Variable(xavier_init([1], self.dtype))
        D_var_list = [D_W1, D_B1, D_W2, D_B2, D_W3, D_B3, D_W4, D_B4]

        Z = tf1.placeholder(self.dtype, shape=(None, NOISE_SIZE))
        G_W1 = tf1.Variable(xavier_init([100, 256], self.dtype))
        G_B1 = tf1.Variable(xavier_init([256], self.dtype))
        G_W2 = tf1.Variable(xavier_init([256, 512], self.dtype))
        G_B2 = tf1.Variable(xavier_init([512], self.dtype))
        G_W3 = tf1.Variable(xavier_init([512, 1024], self.dtype))
        G_B3 = tf1.Variable(xavier_init([1024], self.dtype))
        G_W4 = tf1.Variable(xavier_init([1024, 784], self.dtype))
        G_B4 = tf1.Variable(xavier_init([784], self.dtype))
        G_var_list = [G_W1, G_B1, G_W2, G_B2, G_W3, G_B3, G_W4, G_B4]

        def discriminator(x):
            l1 = tf1.nn.dropout(tf1.nn.leaky_relu(tf1.matmul(x, D_W1) + D_B1, .2), .3)
            l2 = tf1.nn.dropout(tf1.nn.leaky_relu(tf1.matmul(l1, D_W2) + D_B2, .2), .3)
            l3 = tf1.nn.dropout(tf1.nn.leaky_relu(tf1.matmul(l2, D_W3) + D_B3, .2), .3)
            out = tf1.matmul(l3, D_W4) + D_B4
            return out

        def generator(z):
            l1 = tf1.nn.leaky_relu(tf1.matmul(z, G_W1) + G_B1, .2)
            l2 = tf1.nn.leaky_relu(tf1.matmul(l1, G_W2) + G_B2, .2)
            l3 = tf1.nn.leaky_relu(tf1.matmul(l2, G_W3) + G_B3, .2)
            out = tf1.nn.tanh(tf1.matmul(l3, G_W4) + G_B4)
            return out

        G_sample = generator(Z)
        D_real = discriminator(X)
        D_fake = discriminator(G_sample)

        D_loss_real = tf1.reduce_mean(tf1.nn.sigmoid_cross_entropy_with_logits(
            logits=D_real, labels=tf1.ones_like(D_real)))
        D_loss_fake = tf1.reduce_mean(tf1.nn.sigmoid_cross_entropy_with_logits(
            logits=D_fake, labels=tf1.zeros_like(D_fake)))
        D_loss = D_loss_real + D_loss_fake
        G_loss = tf1.reduce_mean(tf1.nn.sigmoid_cross_entropy_with_logits(
            logits=D_fake, labels=tf1.ones_like(D_fake)))

        D_opt = tf1.train.AdamOptimizer(2e-4).minimize(D_loss, var_list=D_var_list)
        G_opt = tf1.train.AdamOptimizer(2e-4).minimize(G_loss, var_list=G_var_list)

        self.X, self.Z, self.G_sample = X, Z, G_sample
        self.D_objective, self.G_objective = D_loss, G_loss
        # The chapter logged D_real and D_fake themselves, which are logits;
        # tf2gan logs probabilities for every variant.
        self.D_real_prob = tf1.reduce_mean(tf1.sigmoid(D_real))
        self.D_fake_prob = tf1.reduce_mean(tf1.sigmoid(D_fake))
        self.train_D, self.train_G = D_opt, G_opt
        self.g_vars, self.d_vars = G_var_list, D_var_list
