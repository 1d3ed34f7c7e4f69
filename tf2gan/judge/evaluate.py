"""Judging a run's samples, with the measures that suit its kind of data.

The command: tf2gan/commands/evaluate.py.

Image variants are judged by an MNIST classifier (classifier.py): the
Fréchet distance between its features of the samples and of real digits,
the classifier score, and the share of each class. gaussian1d's values are
judged against the N(4, 1.25) it set out to learn: mean, standard deviation
and Kolmogorov-Smirnov distance. Each number is printed beside what real
data scores, and all are written to DIR/metrics.json. Training with
--eval_every logs the same numbers to TensorBoard as it goes.

When full MNIST is at hand, the command also gives the Parzen-window
log-likelihood of the MNIST test set that Goodfellow et al. (2014) report
in their Table 1 (adversarial nets: 225 +- 2), computed as the authors'
code did: 10,000 samples, sigma chosen from logspace(-1, 0, 10) on the
first 1,000 of training images 50,000-59,999, the mean over the 10,000
test images and its standard error. Real training digits (the first
10,000) are scored the same way beside it.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from tf2gan.core import sampling
from tf2gan.data import input_pipeline, kinds, scaling
from tf2gan.judge import classifier, metrics
from tf2gan.variants import Variant

METRICS = "metrics.json"
# Goodfellow et al. (2014), Table 1: adversarial nets on MNIST.
PAPER_PARZEN = (225.0, 2.0)
# parzen_ll.py: validation digits are MNIST('train', start=50000), the first 1,000.
_PARZEN_VALIDATION = slice(50_000, 51_000)
_PARZEN_REAL = slice(0, 10_000)  # real digits scored beside the samples, apart from those
_FULL_MNIST_TRAIN = 60_000


def bytes_per_judged_sample(variant: Variant) -> int:
    """Memory one judged sample takes at the peak of judging many: the
    generator's output (float32), its pixels in float64 for the Parzen
    estimate and in uint8 and float32 for the classifier, and the
    classifier's features and probabilities."""
    return variant.example_dim * (4 + 8 + 1 + 4) + (128 + 10) * 4


def _unit_pixels(variant: Variant, values: np.ndarray) -> np.ndarray:
    """Generator outputs as pixel intensities in [0, 1], unrounded."""
    unit = scaling.to_unit(values, variant.data_scale)
    return np.clip(np.asarray(unit, np.float64).reshape(len(unit), -1), 0.0, 1.0)


class ParzenJudge:
    """The GAN paper's Parzen-window estimate, on full MNIST's own splits."""

    def __init__(self, data: input_pipeline.LabelledImages) -> None:
        flat = lambda images: np.asarray(images, np.float64).reshape(len(images), -1) / 255.0
        self.validation = flat(data.train_images[_PARZEN_VALIDATION])
        self.test = flat(data.test_images)
        self.real_digits = flat(data.train_images[_PARZEN_REAL])

    @staticmethod
    def applies(data: input_pipeline.LabelledImages) -> bool:
        """Only full MNIST has the splits the paper used."""
        return data.name in ("mnist", "mnist_idx") and len(data.train_images) == _FULL_MNIST_TRAIN

    def __call__(self, unit_images: np.ndarray) -> dict[str, float]:
        return metrics.parzen_estimate(unit_images, self.validation, self.test)

    def real(self) -> dict[str, float]:
        return self(self.real_digits)


class Evaluator:
    """Metrics of generator outputs [n, example_dim] in the variant's own scale,
    and the same metrics of real data, to read them against."""

    def __init__(self, variant: Variant, dataset: str, data_dir: str | None,
                 cache_dir: str | None = None, say: Callable[[str], None] = print,
                 parzen: bool = False) -> None:
        """parzen: add the Parzen estimate where it applies (about 10 s a call,
        so training's --eval_every leaves it out)."""
        self.variant = variant
        self.judge = None
        self.parzen: ParzenJudge | None = None
        if kinds.of(variant).images:
            labelled = input_pipeline.load_labelled(dataset, data_dir)
            self.judge = classifier.load_or_train(labelled, cache_dir, say)
            if parzen and ParzenJudge.applies(labelled):
                self.parzen = ParzenJudge(labelled)

    def __call__(self, values: np.ndarray) -> dict[str, Any]:
        if self.judge is None:
            return metrics.gaussian_metrics(values, self.variant.gaussian_mean,
                                            self.variant.gaussian_stddev)
        scores = self.judge.score(sampling.to_uint8(self.variant, values))
        if self.parzen is not None:
            scores.update(self.parzen(_unit_pixels(self.variant, values)))
        return scores

    def judged_by(self) -> dict[str, Any]:
        if self.judge is None:
            return {"target": f"N({self.variant.gaussian_mean:g}, "
                              f"{self.variant.gaussian_stddev:g})"}
        return {k: v for k, v in self.judge.info.items() if k != "held_out_real"}

    def real(self, num_values: int) -> dict[str, Any]:
        """What real data scores: the held-out real images, or a true normal
        sample of as many values as were judged."""
        if self.judge is not None:
            real = dict(self.judge.info["held_out_real"])
            if self.parzen is not None:
                real.update(self.parzen.real())
            return real
        draw = np.random.default_rng(0).normal(self.variant.gaussian_mean,
                                               self.variant.gaussian_stddev, num_values)
        return metrics.gaussian_metrics(draw, self.variant.gaussian_mean,
                                        self.variant.gaussian_stddev)


# The scalars a run's metrics reduce to, as TensorBoard logs them (under
# eval/), with the descriptions it shows beside them.
SCALARS = {
    "frechet_distance": "Fréchet distance between the judging classifier's features of the "
                        "samples and of real training digits: 0 at best, lower is better.",
    "classifier_score": "exp(E KL(p(y|x) || p(y))) of the judging classifier: 1 at worst, "
                        "10 at best (confident classes, all ten equally often).",
    "classes_present": "Digits drawn at least half as often as their fair share of 1/10.",
    "mean": "Mean of all generated values; the target's is the variant's gaussian_mean.",
    "std": "Standard deviation of all generated values; the target's is its gaussian_stddev.",
    "ks_distance": "Kolmogorov-Smirnov distance between the generated values and the target "
                   "normal: 0 at best.",
    "parzen_log_likelihood": "Parzen-window log-likelihood of the MNIST test set under the "
                             "samples, as Goodfellow et al. (2014) measured it: higher is "
                             "better.",
}


def _shown(metrics_: dict[str, Any], key: str) -> str:
    if key == "parzen_log_likelihood":
        return f"{metrics_[key]:.1f} ± {metrics_['parzen_standard_error']:.1f}"
    return f"{metrics_[key]:.4g}"


def table(ours: dict[str, Any], real: dict[str, Any], real_label: str) -> str:
    """The metrics beside real data's, one per line."""
    lines = [f"  {'':22s} {'samples':>14s} {real_label:>16s}"]
    for key in SCALARS:
        if key in ours:
            lines.append(f"  {key:22s} {_shown(ours, key):>14s} {_shown(real, key):>16s}")
    if "parzen_log_likelihood" in ours:
        lines.append(f"  (Parzen: the MNIST test set's mean log-likelihood ± its standard error, "
                     f"sigma {ours['parzen_sigma']:.3g}; real: the first 10,000 training digits, "
                     f"sigma {real['parzen_sigma']:.3g}; Goodfellow et al. 2014, Table 1: "
                     f"{PAPER_PARZEN[0]:g} ± {PAPER_PARZEN[1]:g})")
    if "class_shares" in ours:
        shares = " ".join(f"{c}:{s:.3f}" for c, s in enumerate(ours["class_shares"]))
        lines.append(f"  class_shares           {shares}")
    return "\n".join(lines)
