"""000, Goodfellow et al. 2014 read line by line: the notebook's graph.

Variable names, shapes, initialisers, losses and optimisers are the
notebook's cells, in its order (note that train_G is built before train_D).
"""

from __future__ import annotations

import tensorflow as tf

from tf2gan.originals.base import GraphOriginal

tf1 = tf.compat.v1

learning_rate = 0.0002
size_of_noise = 256
size_of_hidden_layer = 512
size_of_input = 784
size_of_output = 1


class Goodfellow(GraphOriginal):
    def build(self) -> None:
        g_w1 = tf1.Variable(tf1.random_normal([size_of_noise, size_of_hidden_layer], stddev=0.01, dtype=self.dtype))
        g_b1 = tf1.Variable(tf1.zeros([size_of_hidden_layer], dtype=self.dtype))
        g_w2 = tf1.Variable(tf1.random_normal([size_of_hidden_layer, size_of_input], stddev=0.01, dtype=self.dtype))
        g_b2 = tf1.Variable(tf1.zeros([size_of_input], dtype=self.dtype))
        theta_g = [g_w1, g_b1, g_w2, g_b2]

        def generator(z):
            hidden_layer = tf1.nn.relu(tf1.matmul(z, g_w1) + g_b1)
            return tf1.nn.sigmoid(tf1.matmul(hidden_layer, g_w2) + g_b2)

        d_w1 = tf1.Variable(tf1.random_normal([size_of_input, size_of_hidden_layer], stddev=0.01, dtype=self.dtype))
        d_b1 = tf1.Variable(tf1.zeros([size_of_hidden_layer], dtype=self.dtype))
        d_w2 = tf1.Variable(tf1.random_normal([size_of_hidden_layer, size_of_output], stddev=0.01, dtype=self.dtype))
        d_b2 = tf1.Variable(tf1.zeros([size_of_output], dtype=self.dtype))
        theta_d = [d_w1, d_b1, d_w2, d_b2]

        def discriminator(x):
            hidden_layer = tf1.nn.relu(tf1.matmul(x, d_w1) + d_b1)
            return tf1.nn.sigmoid(tf1.matmul(hidden_layer, d_w2) + d_b2)

        X = tf1.placeholder(self.dtype, [None, size_of_input])
        Z = tf1.placeholder(self.dtype, [None, size_of_noise])

        G = generator(Z)
        D_Generator = discriminator(G)
        loss_G = tf1.reduce_mean(tf1.log(D_Generator))
        train_G = tf1.train.AdamOptimizer(learning_rate).minimize(-loss_G, var_list=theta_g)

        D_Real = discriminator(X)
        loss_D = tf1.reduce_mean(tf1.log(D_Real) + tf1.log(1 - D_Generator))
        train_D = tf1.train.AdamOptimizer(learning_rate).minimize(-loss_D, var_list=theta_d)

        self.X, self.Z, self.G_sample = X, Z, G
        # The notebook printed loss_D and loss_G; the optimisers minimise their negatives.
        self.D_objective, self.G_objective = -loss_D, -loss_G
        self.D_real_prob = tf1.reduce_mean(D_Real)
        self.D_fake_prob = tf1.reduce_mean(D_Generator)
        self.train_D, self.train_G = train_D, train_G
        self.g_vars, self.d_vars = theta_g, theta_d
