"""Draw from a trained generator: samples, or the progress GIF.

python -m tf2gan.sample --run_dir=DIR --num=N --out=FILE.npz writes
`images` (uint8 [N, 28, 28], 0-255) for image variants and `samples`
(float32 [N, 100]) for gaussian1d, from the run's latest checkpoint.
--gif instead of --out writes DIR/samples/progress.gif from the pictures
training drew (gif.py).
"""

from __future__ import annotations

import os
from typing import Sequence

from absl import flags

from tf2gan import cli
from tf2gan.errors import UsageError

flags.DEFINE_string("run_dir", None, "The run to draw from (its latest checkpoint).",
                    required=True)
flags.DEFINE_integer("num", 1000, "How many samples.", lower_bound=1)
flags.DEFINE_string("out", None, "The .npz file of samples to write.")
flags.DEFINE_integer("seed", 0, "Seeds the noise.")
flags.DEFINE_bool("gif", False,
                  "Instead of samples, write RUN_DIR/samples/progress.gif from the pictures "
                  "training drew, in training order.")
flags.register_multi_flags_validator(
    ["out", "gif"], lambda f: (f["out"] is not None) + f["gif"] == 1,
    "give one of --out (samples) or --gif")

FLAGS = flags.FLAGS


def _samples_of_run() -> None:
    import numpy as np

    from tf2gan.checkpoints import restore_generator
    from tf2gan.sampling import from_model, generate, to_uint8

    variant, generator, step = restore_generator(FLAGS.run_dir)
    values = generate(variant, from_model(generator), FLAGS.num, FLAGS.seed)
    arrays = ({"samples": values.astype(np.float32)} if variant.data == "gaussian"
              else {"images": to_uint8(variant, values)})
    try:
        np.savez(FLAGS.out, **arrays)
    except OSError as e:
        raise UsageError(f"cannot write {FLAGS.out}: {e.strerror or e}") from None
    name, array = next(iter(arrays.items()))
    print(f"tf2gan: wrote {name} {array.dtype} {list(array.shape)} from step {step} "
          f"of {FLAGS.run_dir} to {FLAGS.out}")


def _progress_gif() -> None:
    from tf2gan import gif

    drawn = gif.training_pictures(FLAGS.run_dir)
    if len(drawn) < 2:
        raise UsageError(f"{FLAGS.run_dir} holds {len(drawn)} picture(s) drawn in training; "
                         "a GIF needs at least 2")
    path, frames = gif.write_progress(FLAGS.run_dir, drawn)
    print(f"tf2gan: wrote {path}: {frames} frames from {len(drawn)} pictures")


def main(argv: Sequence[str]) -> None:
    del argv
    if not os.path.isdir(FLAGS.run_dir):
        raise UsageError(f"--run_dir {FLAGS.run_dir} is not a directory")
    if FLAGS.gif:
        _progress_gif()
    else:
        _samples_of_run()


if __name__ == "__main__":
    cli.run(main)
