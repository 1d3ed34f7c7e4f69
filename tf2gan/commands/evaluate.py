"""Judge a run's samples: python -m tf2gan.evaluate --run_dir=DIR [--num=N].

How it works, and why: tf2gan/judge/evaluate.py.
"""

from __future__ import annotations

import json
import os
from typing import Sequence

import numpy as np
from absl import flags

from tf2gan.base import memory
from tf2gan.base.errors import UsageError
from tf2gan.base.files import write_atomically
from tf2gan.core import sampling
from tf2gan.judge.copying import Nearest
from tf2gan.judge.evaluate import (METRICS, NEAREST_PICTURE, PAPER_PARZEN, Evaluator,
                                   bytes_per_judged_sample, table)
from tf2gan.run import pictures, run_dir
from tf2gan.run.checkpoints import restore_generator
from tf2gan.run.settings import MAX_SEED
from tf2gan.variants import Variant


def main(argv: Sequence[str]) -> None:
    del argv

    args = flags.FLAGS
    if not os.path.isdir(args.run_dir):
        raise UsageError(f"--run_dir {args.run_dir} is not a directory")
    config = run_dir.read_config(args.run_dir)
    memory.check_fits("num", args.num, bytes_per_judged_sample(run_dir.variant_of_run(args.run_dir)),
                      "samples and their judging")
    variant, generator, step = restore_generator(args.run_dir)
    evaluator = Evaluator(variant, config.get("dataset", ""), config.get("data_dir"),
                          args.classifier_dir, complete=True)
    values = sampling.generate(variant, sampling.from_model(generator), args.num, args.seed)
    judged = evaluator.judged(values)
    ours = judged.metrics
    judged_by = evaluator.judged_by()
    if evaluator.judge is None:
        real_label, real_key = "true normal", "true_normal"
        real = evaluator.real(values.size)
        heading = (f"{args.num:,} samples of {variant.example_dim} values against "
                   f"{judged_by['target']}")
    else:
        real_label, real_key = "held-out real", "held_out_real"
        real = evaluator.real(args.num)
        if evaluator.parzen is None:
            print("tf2gan: no Parzen estimate: it needs full MNIST (its 60,000 training and "
                  "10,000 test images), which this run's data does not give")
        heading = (f"{args.num:,} samples judged by {judged_by['name']} "
                   f"({judged_by['held_out_accuracy']:.1%} accurate on "
                   f"{judged_by['held_out_examples']:,} held-out real images)")
    print(f"tf2gan: {variant.name}, step {step} of {args.run_dir}: {heading}")
    print(table(ours, real, real_label))
    record = {"variant": variant.name, "step": step, "num": args.num, "seed": args.seed,
              "judged_by": judged_by, "metrics": ours, real_key: real}
    if evaluator.parzen is not None:
        record["paper_parzen"] = {"log_likelihood": PAPER_PARZEN[0],
                                  "standard_error": PAPER_PARZEN[1],
                                  "real_digits": "the first 10,000 MNIST training images"}
    written = {os.path.join(args.run_dir, METRICS): json.dumps(record, indent=2) + "\n"}
    if judged.nearest is not None:
        written[os.path.join(args.run_dir, NEAREST_PICTURE)] = _beside_nearest(
            variant, values, judged.nearest, evaluator.copying.training)
    for path, content in written.items():
        try:
            write_atomically(path, content)
        except OSError as e:
            raise UsageError(f"cannot write {path}: {e.strerror or e}") from None
        print(f"tf2gan: wrote {path}")


def _beside_nearest(variant: Variant, values: np.ndarray, nearest: Nearest,
                    training: np.ndarray) -> bytes:
    """The PNG of the paper's Figure 2 for these samples."""
    unit = sampling.to_uint8(variant, values).astype(np.float32) / 255.0
    return pictures.png_bytes(pictures.beside_nearest(
        unit, training[nearest.index] / 255.0, nearest.distance))


def define_flags() -> None:
    flags.DEFINE_string("run_dir", None, "The run to judge.", required=True)
    flags.DEFINE_integer("num", 10000, "How many samples to judge.", lower_bound=2)
    flags.DEFINE_integer("seed", 0, "Seeds the samples' noise.",
                         lower_bound=0, upper_bound=MAX_SEED)
    flags.DEFINE_string("classifier_dir", None,
                        "Where trained classifiers are cached (default $TF2GAN_CACHE, else "
                        "~/.cache/tf2gan).")

