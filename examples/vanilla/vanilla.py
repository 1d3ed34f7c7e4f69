"""vanilla: wiseodd's TF1 vanilla GAN, as a variant of the user's and its original.

Source: wiseodd/generative-models, GAN/vanilla_gan/gan_tensorflow.py (commit
05b2c77, 2017-03-23, the file's last change; "the script" below). Every
number in VANILLA is the script's, cited by the line it comes from.

Importing this module registers nothing and loads no TensorFlow: run.py
registers VANILLA before a command reads its flags, and `Vanilla`, the
script's graph, is written the first time something asks for it
(--impl=original, parity), as tf2gan's own originals are.
"""

from __future__ import annotations

import math

from tf2gan.variants import (TF1_MNIST_HOLDOUT, Adam, Cadence, Init, Layer, Loss, Network,
                             Noise, Schedule, Variant)


def xavier_init(in_dim: int) -> Init:
    """The script's xavier_init(size): tf.random_normal(shape=size,
    stddev=1. / tf.sqrt(in_dim / 2.)), in_dim = size[0], each kernel's fan-in."""
    return Init("normal", stddev=1.0 / math.sqrt(in_dim / 2.0))


VANILLA = Variant(
    name="vanilla",
    # This module's `Vanilla`: run.py's folder is first on sys.path, so
    # `import vanilla` finds this file (tf2gan.originals.original_class).
    original="vanilla:Vanilla",
    source="wiseodd/generative-models GAN/vanilla_gan/gan_tensorflow.py (TF1)",
    # G_W1 [100, 128], G_W2 [128, 784]; D_W1 [784, 128], D_W2 [128, 1]; with their biases
    parameters=(100 * 128 + 128 + 128 * 784 + 784, 784 * 128 + 128 + 128 * 1 + 1),
    generator=Network(
        # G_h1 = relu(z G_W1 + G_b1); G_prob = sigmoid(G_h1 G_W2 + G_b2)
        layers=(Layer(128, "relu", kernel_init=xavier_init(100)),  # xavier_init([100, 128])
                Layer(784, "sigmoid", kernel_init=xavier_init(128))),  # xavier_init([128, 784])
        kernel_init=xavier_init(100),  # (each layer names its own: xavier_init reads size[0])
        bias_init=Init("zeros"),  # G_b1, G_b2 = tf.Variable(tf.zeros(shape=[...]))
    ),
    discriminator=Network(
        # D_h1 = relu(x D_W1 + D_b1); D_logit = D_h1 D_W2 + D_b2 (D_prob = sigmoid(D_logit))
        layers=(Layer(128, "relu", kernel_init=xavier_init(784)),  # xavier_init([784, 128])
                Layer(1, "linear", kernel_init=xavier_init(128))),  # xavier_init([128, 1])
        kernel_init=xavier_init(784),  # (each layer names its own)
        bias_init=Init("zeros"),  # D_b1, D_b2 = tf.Variable(tf.zeros(shape=[...]))
    ),
    noise=Noise("uniform", dim=100, low=-1.0, high=1.0),  # Z_dim = 100; sample_Z: uniform(-1., 1.)
    # The script trains with its "Alternative losses": sigmoid cross-entropy on
    # D_logit (D_real against ones, D_fake against zeros; G_fake against ones).
    # The raw-log pair above them, -mean(log(D_real) + log(1. - D_fake)) and
    # -mean(log(D_fake)), is commented out in every version of the file.
    loss=Loss("logits"),
    # tf.train.AdamOptimizer() for D_solver and for G_solver: TF1's defaults,
    # learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8.
    optimizer=Adam(d_learning_rate=1e-3, g_learning_rate=1e-3, beta_1=0.9, beta_2=0.999,
                   epsilon=1e-8),
    data="images",
    example_dim=784,  # X = tf.placeholder(tf.float32, shape=[None, 784])
    data_scale="unit",  # input_data.read_data_sets: pixels in [0, 1]
    reader_holdout=TF1_MNIST_HOLDOUT,  # read_data_sets keeps 5,000 for validation
    batch_size=128,  # mb_size = 128
    schedule=Schedule(reuse_noise=False),  # D_solver and G_solver each fed a fresh sample_Z
    epochs=None,
    steps=1000000,  # for it in range(1000000)
    log_cadence=Cadence("step", every=1000, first=True),  # if it % 1000 == 0: print(...)
    picture_cadence=Cadence("step", every=1000, first=True),  # if it % 1000 == 0: plot(...)
    picture="grid16",  # plot(samples): sample_Z(16, Z_dim) in a 4x4 gridspec, Greys_r
)


def __getattr__(name: str) -> type:
    """`vanilla.Vanilla`, made on first use (PEP 562): its base class loads
    TensorFlow, which a command imports only after reading its flags."""
    if name != "Vanilla":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    global Vanilla
    Vanilla = _original()
    return Vanilla


def _original() -> type:
    """The script's graph, as a tf2gan original (a TF1 graph fed through feed_dict).

    Names, shapes and order are the script's; `dtype` replaces its
    tf.float32 so that parity can run both sides in float64.
    """
    import tensorflow as tf

    from tf2gan.originals.base import GraphOriginal

    tf1 = tf.compat.v1

    class Vanilla(GraphOriginal):
        def build(self) -> None:
            dtype = self.dtype

            def xavier_init(size):
                in_dim = size[0]
                xavier_stddev = 1. / tf1.sqrt(tf1.constant(in_dim / 2., dtype))
                return tf1.random_normal(shape=size, stddev=xavier_stddev, dtype=dtype)

            X = tf1.placeholder(dtype, shape=[None, 784])

            D_W1 = tf1.Variable(xavier_init([784, 128]))
            D_b1 = tf1.Variable(tf1.zeros(shape=[128], dtype=dtype))

            D_W2 = tf1.Variable(xavier_init([128, 1]))
            D_b2 = tf1.Variable(tf1.zeros(shape=[1], dtype=dtype))

            theta_D = [D_W1, D_W2, D_b1, D_b2]

            Z = tf1.placeholder(dtype, shape=[None, 100])

            G_W1 = tf1.Variable(xavier_init([100, 128]))
            G_b1 = tf1.Variable(tf1.zeros(shape=[128], dtype=dtype))

            G_W2 = tf1.Variable(xavier_init([128, 784]))
            G_b2 = tf1.Variable(tf1.zeros(shape=[784], dtype=dtype))

            theta_G = [G_W1, G_W2, G_b1, G_b2]

            def generator(z):
                G_h1 = tf1.nn.relu(tf1.matmul(z, G_W1) + G_b1)
                G_log_prob = tf1.matmul(G_h1, G_W2) + G_b2
                G_prob = tf1.nn.sigmoid(G_log_prob)

                return G_prob

            def discriminator(x):
                D_h1 = tf1.nn.relu(tf1.matmul(x, D_W1) + D_b1)
                D_logit = tf1.matmul(D_h1, D_W2) + D_b2
                D_prob = tf1.nn.sigmoid(D_logit)

                return D_prob, D_logit

            G_sample = generator(Z)
            D_real, D_logit_real = discriminator(X)
            D_fake, D_logit_fake = discriminator(G_sample)

            # D_loss = -tf.reduce_mean(tf.log(D_real) + tf.log(1. - D_fake))
            # G_loss = -tf.reduce_mean(tf.log(D_fake))

            # Alternative losses:
            # -------------------
            D_loss_real = tf1.reduce_mean(tf1.nn.sigmoid_cross_entropy_with_logits(
                logits=D_logit_real, labels=tf1.ones_like(D_logit_real)))
            D_loss_fake = tf1.reduce_mean(tf1.nn.sigmoid_cross_entropy_with_logits(
                logits=D_logit_fake, labels=tf1.zeros_like(D_logit_fake)))
            D_loss = D_loss_real + D_loss_fake
            G_loss = tf1.reduce_mean(tf1.nn.sigmoid_cross_entropy_with_logits(
                logits=D_logit_fake, labels=tf1.ones_like(D_logit_fake)))

            D_solver = tf1.train.AdamOptimizer().minimize(D_loss, var_list=theta_D)
            G_solver = tf1.train.AdamOptimizer().minimize(G_loss, var_list=theta_G)

            # What tf2gan drives: the script ran D_solver, then G_solver, each
            # fed its own sample_Z(mb_size, Z_dim), as GraphOriginal does.
            self.X, self.Z, self.G_sample = X, Z, G_sample
            self.D_objective, self.G_objective = D_loss, G_loss
            self.D_real_prob, self.D_fake_prob = tf1.reduce_mean(D_real), tf1.reduce_mean(D_fake)
            self.train_D, self.train_G = D_solver, G_solver
            # Keras order, layer by layer, kernel then bias (theta_* list kernels first).
            self.g_vars = [G_W1, G_b1, G_W2, G_b2]
            self.d_vars = [D_W1, D_b1, D_W2, D_b2]

    return Vanilla
