"""tf2gan: the classic TF1 GAN tutorials as TensorFlow 2 variants."""
