"""Judge a run's samples: python -m tf2gan.evaluate --run_dir=DIR [--num=N].

Image variants are judged by an MNIST classifier (classifier.py): the
Fréchet distance between its features of the samples and of real digits,
the classifier score, and the share of each class. gaussian1d's values are
judged against the N(4, 1.25) it set out to learn: mean, standard deviation
and Kolmogorov-Smirnov distance. Each number is printed beside what real
data scores, and all are written to DIR/metrics.json. Training with
--eval_every logs the same numbers to TensorBoard as it goes.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Sequence

import numpy as np
from absl import flags

from tf2gan import classifier, cli, input_pipeline, metrics, run_dir, sampling
from tf2gan.checkpoints import restore_generator
from tf2gan.configs import Variant
from tf2gan.errors import UsageError

METRICS = "metrics.json"


class Evaluator:
    """Metrics of generator outputs [n, example_dim] in the variant's own scale,
    and the same metrics of real data, to read them against."""

    def __init__(self, variant: Variant, dataset: str, data_dir: str | None,
                 cache_dir: str | None = None, say: Callable[[str], None] = print) -> None:
        self.variant = variant
        self.judge = None
        if variant.data != "gaussian":
            self.judge = classifier.load_or_train(
                input_pipeline.load_labelled(dataset, data_dir), cache_dir, say)

    def __call__(self, values: np.ndarray) -> dict[str, Any]:
        if self.judge is None:
            return metrics.gaussian_metrics(values, self.variant.gaussian_mean,
                                            self.variant.gaussian_stddev)
        return self.judge.score(sampling.to_uint8(self.variant, values))

    def judged_by(self) -> dict[str, Any]:
        if self.judge is None:
            return {"target": f"N({self.variant.gaussian_mean:g}, "
                              f"{self.variant.gaussian_stddev:g})"}
        return {k: v for k, v in self.judge.info.items() if k != "held_out_real"}

    def real(self, num_values: int) -> dict[str, Any]:
        """What real data scores: the held-out real images, or a true normal
        sample of as many values as were judged."""
        if self.judge is not None:
            return self.judge.info["held_out_real"]
        draw = np.random.default_rng(0).normal(self.variant.gaussian_mean,
                                               self.variant.gaussian_stddev, num_values)
        return metrics.gaussian_metrics(draw, self.variant.gaussian_mean,
                                        self.variant.gaussian_stddev)


# The scalars a run's metrics reduce to, as TensorBoard logs them.
SCALARS = ("frechet_distance", "classifier_score", "classes_present", "mean", "std",
           "ks_distance")


def table(ours: dict[str, Any], real: dict[str, Any], real_label: str) -> str:
    """The metrics beside real data's, one per line."""
    lines = [f"  {'':18s} {'samples':>10s} {real_label:>16s}"]
    for key in SCALARS:
        if key in ours:
            lines.append(f"  {key:18s} {ours[key]:10.4g} {real[key]:16.4g}")
    if "class_shares" in ours:
        shares = " ".join(f"{c}:{s:.3f}" for c, s in enumerate(ours["class_shares"]))
        lines.append(f"  class_shares       {shares}")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> None:
    del argv

    args = flags.FLAGS
    if not os.path.isdir(args.run_dir):
        raise UsageError(f"--run_dir {args.run_dir} is not a directory")
    config = run_dir.read_config(args.run_dir)
    variant, generator, step = restore_generator(args.run_dir)
    evaluator = Evaluator(variant, config.get("dataset", ""), config.get("data_dir"),
                          args.classifier_dir)
    values = sampling.generate(variant, sampling.from_model(generator), args.num, args.seed)
    ours = evaluator(values)
    judged_by = evaluator.judged_by()
    if evaluator.judge is None:
        real_label, real_key = "true normal", "true_normal"
        real = evaluator.real(values.size)
        heading = (f"{args.num:,} samples of {variant.example_dim} values against "
                   f"{judged_by['target']}")
    else:
        real_label, real_key = "held-out real", "held_out_real"
        real = evaluator.real(0)
        heading = (f"{args.num:,} samples judged by {judged_by['name']} "
                   f"({judged_by['held_out_accuracy']:.1%} accurate on "
                   f"{judged_by['held_out_examples']:,} held-out real images)")
    print(f"tf2gan: {variant.name}, step {step} of {args.run_dir}: {heading}")
    print(table(ours, real, real_label))
    record = {"variant": variant.name, "step": step, "num": args.num, "seed": args.seed,
              "judged_by": judged_by, "metrics": ours, real_key: real}
    path = os.path.join(args.run_dir, METRICS)
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(record, f, indent=2)
            f.write("\n")
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror or e}") from None
    print(f"tf2gan: wrote {path}")


def define_flags() -> None:
    flags.DEFINE_string("run_dir", None, "The run to judge.", required=True)
    flags.DEFINE_integer("num", 10000, "How many samples to judge.", lower_bound=2)
    flags.DEFINE_integer("seed", 0, "Seeds the samples' noise.")
    flags.DEFINE_string("classifier_dir", None,
                        "Where trained classifiers are cached (default $TF2GAN_CACHE, else "
                        "~/.cache/tf2gan).")


if __name__ == "__main__":
    define_flags()
    cli.run(main)
