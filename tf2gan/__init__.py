"""tf2gan: the classic TF1 GAN tutorials as TensorFlow 2 variants."""

from tf2gan import _quiet_import  # noqa: F401  (first: imports TensorFlow quietly)
