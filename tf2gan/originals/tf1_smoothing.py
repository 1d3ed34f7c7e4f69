"""002, "Generative Adversarial Networks using Tensorflow": the post's graph.

tf.layers.dense is TF1's own (TensorFlow 2.16+ serves it from tf_keras'
legacy layers, which is what tf.compat.v1.layers pointed to before Keras 3).
"""

from __future__ import annotations

import tensorflow as tf
from tf_keras.api._v1.keras.__internal__.legacy import layers as tf_layers

from tf2gan.originals.base import GraphOriginal

tf1 = tf.compat.v1

lr = 0.001


def generator(z, reuse=None):
    with tf1.variable_scope('gen', reuse=reuse):
        hidden1 = tf_layers.dense(inputs=z, units=128, activation=tf1.nn.leaky_relu)
        hidden2 = tf_layers.dense(inputs=hidden1, units=128, activation=tf1.nn.leaky_relu)
        output = tf_layers.dense(inputs=hidden2, units=784, activation=tf1.nn.tanh)
        return output


def discriminator(img, reuse=None):
    with tf1.variable_scope('dis', reuse=reuse):
        hidden1 = tf_layers.dense(inputs=img, units=128, activation=tf1.nn.leaky_relu)
        hidden2 = tf_layers.dense(inputs=hidden1, units=128, activation=tf1.nn.leaky_relu)
        logits = tf_layers.dense(hidden2, units=1)
        output = tf1.sigmoid(logits)
        return output, logits


def loss_func(logits_in, labels_in):
    return tf1.reduce_mean(
        tf1.nn.sigmoid_cross_entropy_with_logits(logits=logits_in, labels=labels_in))


class Smoothing(GraphOriginal):
    def build(self) -> None:
        train_img = tf1.placeholder(self.dtype, [None, 784])
        z = tf1.placeholder(self.dtype, [None, 100])

        G = generator(z)
        D_output_real, D_logits_real = discriminator(train_img)
        D_output_fake, D_logits_fake = discriminator(G, reuse=True)

        D_real_loss = loss_func(D_logits_real, tf1.ones_like(D_logits_real) * 0.9)
        D_fake_loss = loss_func(D_logits_fake, tf1.zeros_like(D_logits_real))
        D_loss = D_real_loss + D_fake_loss
        G_loss = loss_func(D_logits_fake, tf1.ones_like(D_logits_fake))

        tvars = tf1.trainable_variables()
        d_vars = [var for var in tvars if 'dis' in var.name]
        g_vars = [var for var in tvars if 'gen' in var.name]

        D_trainer = tf1.train.AdamOptimizer(lr).minimize(D_loss, var_list=d_vars)
        G_trainer = tf1.train.AdamOptimizer(lr).minimize(G_loss, var_list=g_vars)

        self.X, self.Z, self.G_sample = train_img, z, G
        self.D_objective, self.G_objective = D_loss, G_loss
        self.D_real_prob = tf1.reduce_mean(D_output_real)
        self.D_fake_prob = tf1.reduce_mean(D_output_fake)
        self.train_D, self.train_G = D_trainer, G_trainer
        # tf.layers.dense creates kernel then bias, layer by layer: Keras order.
        self.g_vars, self.d_vars = g_vars, d_vars
