"""tf2gan: the classic TF1 GAN tutorials as TensorFlow 2 variants.

The package is laid out in layers, each a folder that imports only from the
folders below it (tests/unit/test_layers.py checks it):

  commands/   the command lines: flags, then one call into the layers below
  studies/    parity, benchmarks, notebook comparisons, fidelity over seeds
  artifacts/  what a trained run gives away: exports and latent walks
  run/        one training process: settings, loop, checkpoints, run directory
  judge/      the judge of samples: classifier, metrics, Parzen estimate
  originals/  the tutorials' own code, run as it ran, and what it printed
  core/       networks, losses, optimisers, noise, one iteration, the loops
  data/       where examples come from: IDX, TFDS, the offline sample
  variants/   each tutorial as one frozen configuration, and the registry
  base/       what every layer may use: one-line errors, whole-file writes

Importing tf2gan changes nothing in the process: no environment variable,
no signal handler, no import hook. `python -m tf2gan.main` and the other
commands set up their own process (commands/launch.py).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
