"""Draw samples from a run's latest checkpoint into an .npz file.

python -m tf2gan.sample --run_dir=DIR --num=N --out=FILE.npz writes
`images` (uint8 [N, 28, 28], 0-255) for image variants and `samples`
(float32 [N, 100]) for gaussian1d.
"""

from __future__ import annotations

import os
from typing import Sequence

from absl import flags

from tf2gan import cli, noise
from tf2gan.errors import UsageError

flags.DEFINE_string("run_dir", None, "The run to sample from.", required=True)
flags.DEFINE_integer("num", 1000, "How many samples.", lower_bound=1)
flags.DEFINE_string("out", None, "The .npz file to write.", required=True)
flags.DEFINE_integer("seed", 0, "Seeds the noise.",
                     lower_bound=0, upper_bound=noise.MAX_SEED)

FLAGS = flags.FLAGS


def main(argv: Sequence[str]) -> None:
    del argv
    import numpy as np

    from tf2gan.sampling import from_model, generate, to_uint8
    from tf2gan.checkpoints import restore_generator

    if not os.path.isdir(FLAGS.run_dir):
        raise UsageError(f"--run_dir {FLAGS.run_dir} is not a directory")
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


if __name__ == "__main__":
    cli.run(main)
