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

The Python API is the names in __all__ (docs/python.md):

  tf2gan.variants   the registry: variants.get(name), variants.names()
  tf2gan.GAN        a variant as a keras.Model: compile(), fit(), generate()
  tf2gan.train      a run directory trained as `tf2gan train` trains it
  tf2gan.load       a run directory's newest checkpoint as a GAN

Importing tf2gan changes nothing in the process: no environment variable,
no signal handler, no import hook, and TensorFlow is not imported until a
name that needs it is first used (they load on first use, below).
`python -m tf2gan.main` and the other commands set up their own process
(commands/launch.py).
"""

import importlib

__version__ = "0.1.0"

# Public name -> the module that defines it, imported when the name is first used.
_PUBLIC = {
    "variants": "tf2gan.variants",
    "GAN": "tf2gan.core.gan",
    "train": "tf2gan.run.api",
    "load": "tf2gan.run.api",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'tf2gan' has no attribute {name!r}")
    module = importlib.import_module(_PUBLIC[name])
    return module if module.__name__ == f"tf2gan.{name}" else getattr(module, name)


def __dir__() -> list[str]:
    return sorted(__all__)
