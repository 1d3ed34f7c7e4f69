"""Export a run's generator: python -m tf2gan.export --run_dir=DIR --out=EXPORT.

Writes a SavedModel that any TensorFlow 2 process loads with
tf.saved_model.load, without tf2gan or the run directory, and a TFLite file
beside it; exported.py says what the export holds.
`python -m tf2gan.sample --model=EXPORT` samples from it.
"""

from __future__ import annotations

import os
import sys
from typing import Sequence

from absl import flags

from tf2gan.base.errors import UsageError


def define_flags() -> None:
    """This command's flags and their checks, in absl's global FLAGS."""
    flags.DEFINE_string("run_dir", None, "The run whose latest checkpoint to export.", required=True)
    flags.DEFINE_string("out", None, "The folder to write: new, or empty.", required=True)
    flags.DEFINE_boolean("tflite", True, "Also write generator.tflite (--notflite: the "
                         "SavedModel alone, half the size).")


FLAGS = flags.FLAGS


def main(argv: Sequence[str]) -> None:
    del argv
    from tf2gan.artifacts import exported

    if not os.path.isdir(FLAGS.run_dir):
        raise UsageError(f"--run_dir {FLAGS.run_dir} is not a directory")
    manifest = exported.export(FLAGS.run_dir, FLAGS.out,
                               say=lambda line: print(line, file=sys.stderr, flush=True),
                               tflite=FLAGS.tflite)
    tflite = f" and {exported.TFLITE}" if manifest["tflite"] else ""
    print(f"tf2gan: exported the generator of {manifest['variant']} at step {manifest['step']} "
          f"(noise -> {manifest['output']}){tflite} to {FLAGS.out}")

