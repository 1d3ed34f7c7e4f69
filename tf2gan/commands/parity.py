"""Parity: does a variant compute what its original computed?

python -m tf2gan.parity --variant=V [--dtype=float64|float32] [--iterations=20]
python -m tf2gan.parity --variant=V --end_to_end [--iterations=300] [--dataset=...]

How it works, and why: tf2gan/studies/parity.py.
"""

from __future__ import annotations

from typing import Sequence

import tensorflow as tf
from absl import flags

from tf2gan import variants
from tf2gan.base.errors import UsageError
from tf2gan.commands import cli
from tf2gan.data import datasets, input_pipeline
from tf2gan.originals import check_has_original
from tf2gan.run.settings import MAX_SEED
from tf2gan.studies.parity import run_end_to_end, run_parity


def main(argv: Sequence[str]) -> None:
    del argv
    args = flags.FLAGS
    if args.end_to_end:
        variant = variants.get(args.variant)
        whole = not variant.rows_independent
        if whole and (args.control or (args.towers or 1) > 1):
            raise UsageError(f"{'--control' if args.control else '--towers'}: {variant.name} "
                             "normalises over whole batches (BatchNormalization), so tf2gan "
                             "trains it in one tower only")
        dataset = args.dataset or datasets.default_dataset(variant)
        datasets.check_fits(variant, dataset)
        examples = input_pipeline.load_examples(dataset, args.data_dir)
        result = run_end_to_end(args.variant, examples, args.iterations, args.seed, args.towers,
                                control=args.control)
        tracked = lambda at: (f"tracked to within {result.tolerance:g} through all "
                              f"{result.iterations}" if at is None else
                              f"first differed by more than {result.tolerance:g} after {at} "
                              f"of {result.iterations}")
        print(f"{result.variant} end to end (float64, {examples.name}, {result.towers} "
              f"tower(s), {result.spans} spans): {tracked(result.diverged_at)} iterations; "
              f"largest difference at the end {result.worst_relative:.2e} of its tensor's "
              f"scale, in {result.worst_tensor}; G's first kernel moved {result.moved:.2e}")
        if args.control:
            print(f"  control, tf2gan against itself with {1 if result.towers > 1 else 2} "
                  f"tower(s): {tracked(result.control_diverged_at)} iterations; largest "
                  f"difference at the end {result.control_worst_relative:.2e}")
        return
    result = run_parity(args.variant, tf.as_dtype(args.dtype), args.iterations, args.seed)
    print(f"{result.variant} ({result.dtype}, {result.iterations} iterations): largest "
          f"difference {result.worst_relative:.2e} of its tensor's scale, in "
          f"{result.worst_tensor}; G's first kernel moved {result.moved:.2e}")


def define_flags() -> None:
    flags.DEFINE_enum("variant", "goodfellow", variants.names(), "Which variant to check.")
    cli.usage_validator(["variant"],
                        lambda values: check_has_original(variants.get(values["variant"])))
    flags.DEFINE_enum("dtype", "float64", ["float64", "float32"], "Precision of both sides.")
    flags.DEFINE_integer("iterations", 20, "Iterations to run.", lower_bound=1)
    flags.DEFINE_integer("seed", 0, "Seeds the weights, batches and noise.",
                         lower_bound=0, upper_bound=MAX_SEED)
    flags.DEFINE_bool("end_to_end", False,
                      "Run the trainers tf2gan.main builds (--impl=tf2, and --impl=original from "
                      "the same start) on real data over uneven spans, in float64.")
    flags.DEFINE_string("dataset", None, "With --end_to_end: the training data, as for "
                        "tf2gan.main (default: the variant's).")
    flags.DEFINE_string("data_dir", None, "With --end_to_end: the IDX folder.")
    flags.DEFINE_integer("towers", None, "With --end_to_end: tf2gan's towers (default 2 where "
                         "the batch divides).", lower_bound=1)
    flags.DEFINE_bool("control", False,
                      "With --end_to_end: also train tf2gan with another tower count beside "
                      "them, to see where the dynamics alone amplify rounding.")

