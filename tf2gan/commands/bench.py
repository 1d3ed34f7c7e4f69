"""How fast tf2gan trains, against the original and against the matmul floor.

python -m tf2gan.bench --variant=V [--mixed_precision=none|bf16|fp16]

How it works, and why: tf2gan/studies/bench.py.
"""

from __future__ import annotations

from typing import Sequence

from absl import flags

from tf2gan import variants
from tf2gan.commands import cli
from tf2gan.data import datasets, input_pipeline
from tf2gan.originals import check_has_original
from tf2gan.run import threads
from tf2gan.studies.bench import (CONTENDERS, READS_DATA, ROUND_MULTIPLE, bench,
                                  contender_run, machine, parallelism, report, serve)


def main(argv: Sequence[str]) -> None:
    del argv
    args = flags.FLAGS
    variant = variants.get(args.variant)
    dataset = args.dataset or datasets.default_dataset(variant)
    if args.contender:
        plan = parallelism(args.contender, variant, args.towers)
        threads.configure(plan)
        examples = (input_pipeline.load_examples(dataset, args.data_dir)
                    if args.contender in READS_DATA else None)
        serve(contender_run(args.contender, variant, args.mixed_precision, examples,
                            plan.towers), args.seconds, ROUND_MULTIPLE.get(args.contender, 1))
        return
    datasets.check_fits(variant, dataset)
    towers = parallelism("tf2gan", variant, args.towers).towers  # a bad --towers fails here
    examples = input_pipeline.load_examples(dataset, args.data_dir)
    print(f"tf2gan: data: {examples.description}", flush=True)
    print(f"tf2gan: machine: {machine()}", flush=True)
    arguments = [f"--variant={variant.name}", f"--mixed_precision={args.mixed_precision}",
                 f"--dataset={dataset}", f"--seconds={args.seconds}"]
    if args.data_dir:
        arguments.append(f"--data_dir={args.data_dir}")
    if args.towers:
        arguments.append(f"--towers={args.towers}")
    if args.whole:
        from tf2gan.studies import bench_whole

        training = [f"--variant={variant.name}", f"--dataset={dataset}",
                    *(f"--{name}={getattr(args, name)}" for name in ("data_dir", "steps")
                      if getattr(args, name))]
        tf2gan_only = [f"--mixed_precision={args.mixed_precision}",
                       *([f"--towers={args.towers}"] if args.towers else [])]
        print(bench_whole.report(bench_whole.bench_whole(variant.name, training, tf2gan_only,
                                                         arguments, args.rounds)))
        return
    print(report(bench(variant, arguments, args.mixed_precision, towers, args.rounds)))


def define_flags() -> None:
    flags.DEFINE_enum("variant", "goodfellow", variants.names(), "Which variant to time.")
    # tf2gan is timed against its original, on a matrix-product floor.
    cli.usage_validator(["variant"],
                        lambda values: check_has_original(variants.get(values["variant"])))
    flags.DEFINE_enum("mixed_precision", "none", ["none", "bf16", "fp16"],
                      "tf2gan's precision (the original always runs float32).")
    flags.DEFINE_enum("dataset", None, list(datasets.DATASETS), "As for tf2gan.main.")
    flags.DEFINE_string("data_dir", None, "As for tf2gan.main.")
    flags.DEFINE_integer("towers", None, "tf2gan's towers, as for tf2gan.main (default: its "
                         "own choice).", lower_bound=1)
    flags.DEFINE_integer("rounds", 5, "Timed rounds of each, alternating.", lower_bound=1)
    flags.DEFINE_float("seconds", 2.0, "About how long each round runs.", lower_bound=0.1)
    flags.DEFINE_bool("whole", False,
                      "Time whole runs of the default recipe (logging, pictures, checkpoints, "
                      "the process's start) of tf2gan and the original, beside tf2gan's loop "
                      "alone (bench_whole.py).")
    flags.DEFINE_integer("steps", None, "With --whole: cut each run to this many iterations "
                         "(the recipe's cadences kept).", lower_bound=1)
    flags.DEFINE_enum("contender", None, list(CONTENDERS),
                      "Internal: be this contender's process, which the bench starts and "
                      "drives one round per line on stdin.")

