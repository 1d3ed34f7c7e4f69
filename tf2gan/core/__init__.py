"""A GAN as pure TensorFlow: networks, losses, optimisers, the prior, one iteration and the loops that run them."""
