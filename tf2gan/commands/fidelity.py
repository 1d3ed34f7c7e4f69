"""A fidelity study: does a variant learn what its original learned, over seeds?

python -m tf2gan.fidelity --variant=tf101 --seeds=10 --dataset=mnist_idx \
    --data_dir=../shared/mnist --study_dir=studies/tf101

For each seed it trains up to three sides, each in a process of its own
(`tf2gan.main`), and judges every run with `tf2gan.evaluate`:

  tf2         tf2gan's variant
  tf1         the original (`--impl=original`) from its own initialisers' draw:
              with tf2 over many seeds, is tf2gan's *initialisation* faithful?
  tf1-shared  the original from the weights tf2gan draws for the same seed
              (`--initial_weights=tf2`): is tf2gan's *execution* faithful?
  tf2-redrawn tf2gan from another draw of its initialisers
              (`--init_seed=SEED+1000`), on the same batches and noise: is a
              difference between tf2 and tf1 a property of tf2gan's draws,
              or of the particular ones the seeds gave?
  tf1-redrawn the original from another draw of its own initialisers, the
              same question asked of the original's draws.

How it works, and why: tf2gan/studies/fidelity.py.
"""

from __future__ import annotations

import os
from typing import Sequence

from absl import flags

from tf2gan import variants
from tf2gan.base import memory
from tf2gan.base.errors import UsageError
from tf2gan.data import kinds
from tf2gan.originals import check_has_original
from tf2gan.studies.fidelity import SIDES, TABLE, Study, run_study


def main(argv: Sequence[str]) -> None:
    del argv
    args = flags.FLAGS
    unknown = [s for s in args.sides if s not in SIDES]
    if unknown:
        raise UsageError(f"unknown side(s) {', '.join(unknown)}; choose from {', '.join(SIDES)}")
    if any("--impl=original" in SIDES[side] for side in args.sides):
        try:
            check_has_original(variants.get(args.variant))
        except UsageError as e:
            raise UsageError(f"{e}; --sides=tf2 studies tf2gan alone") from None
    from tf2gan.judge.evaluate import bytes_per_judged_sample  # TensorFlow comes with it

    # Each run is judged in a process of its own, one at a time: one judging must fit.
    memory.check_fits("num", args.num, bytes_per_judged_sample(variants.get(args.variant)),
                      "samples and their judging")
    study = Study(args.variant, args.dataset, args.data_dir, args.steps, args.epochs, args.num)
    directory = args.study_dir or os.path.join("studies", args.variant)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    run_study(study, directory, seeds, args.sides, args.collapse_below, args.classifier_dir)
    with open(os.path.join(directory, TABLE), encoding="utf-8") as f:
        print(f.read())


def define_flags() -> None:
    flags.DEFINE_enum("variant", None,
                      [n for n in variants.names() if kinds.of(variants.get(n)).images],
                      "The image variant to study.", required=True)
    flags.DEFINE_integer("seeds", 3, "How many seeds per side.", lower_bound=1)
    flags.DEFINE_integer("first_seed", 1, "Seeds are first_seed .. first_seed + seeds - 1.")
    flags.DEFINE_list("sides", ["tf2", "tf1", "tf1-shared"],
                      f"Which sides to run: {', '.join(SIDES)}.")
    flags.DEFINE_string("dataset", "mnist_idx", "Training data, as for tf2gan.main.")
    flags.DEFINE_string("data_dir", None, "The IDX folder, as for tf2gan.main.")
    flags.DEFINE_integer("steps", None, "Iterations per run (default: the recipe's).",
                         lower_bound=1)
    flags.DEFINE_integer("epochs", None, "Epochs per run (default: the recipe's).",
                         lower_bound=1)
    flags.DEFINE_integer("num", 10000, "Samples judged per run.", lower_bound=2)
    flags.DEFINE_integer("collapse_below", 8,
                         "A run whose samples hold fewer classes than this has collapsed.",
                         lower_bound=1)
    flags.DEFINE_string("study_dir", None, "Where the runs and tables go "
                        "(default: studies/VARIANT).")
    flags.DEFINE_string("classifier_dir", None, "The judge's cache, as for tf2gan.evaluate.")
    flags.register_multi_flags_validator(
        ["steps", "epochs"], lambda f: not (f["steps"] and f["epochs"]),
        "--steps and --epochs cannot both be given")

