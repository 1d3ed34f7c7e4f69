"""Judging a run's samples, with the measures that suit its kind of data.

The command: tf2gan/commands/evaluate.py.

Image variants are judged by an MNIST classifier (classifier.py): the
Fréchet distance between its features of the samples and of real digits,
the classifier score, and the share of each class. gaussian1d's values are
judged against the N(4, 1.25) it set out to learn: mean, standard deviation
and Kolmogorov-Smirnov distance. Each number is printed beside what real
data scores, and all are written to DIR/metrics.json with the counts they
were computed from (set measures move with them: the Fréchet distance of
1,000 samples is higher than that of 10,000 from the same generator).
Training with --eval_every logs the same numbers to TensorBoard as it goes.

The command adds the measures that take longer (`complete`):
- the kernel distance (KID) and precision and recall in the classifier's
  features, which say what the Fréchet distance mixes: how real samples
  look (precision) against how much of the data they cover (recall);
- how close samples come to copying the images the GAN trained on
  (copying.py), and the 2014 paper's Figure 2 drawn for the run;
- when full MNIST is at hand, the Parzen-window log-likelihood of the MNIST
  test set that Goodfellow et al. (2014) report in their Table 1
  (adversarial nets: 225 +- 2), computed as the authors' code did: 10,000
  samples, sigma chosen from logspace(-1, 0, 10) on the first 1,000 of
  training images 50,000-59,999, the mean over the 10,000 test images and
  its standard error. Real training digits (the first 10,000) are scored
  the same way beside it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import numpy as np

from tf2gan.core import sampling
from tf2gan.data import input_pipeline, kinds, scaling
from tf2gan.judge import classifier, copying, metrics
from tf2gan.variants import Variant

METRICS = "metrics.json"
NEAREST_PICTURE = "nearest_training.png"  # the 2014 paper's Figure 2, for this run
# Goodfellow et al. (2014), Table 1: adversarial nets on MNIST.
PAPER_PARZEN = (225.0, 2.0)
# parzen_ll.py: validation digits are MNIST('train', start=50000), the first 1,000.
_PARZEN_VALIDATION = slice(50_000, 51_000)
_PARZEN_REAL = slice(0, 10_000)  # real digits scored beside the samples, apart from those
_FULL_MNIST_TRAIN = 60_000


def bytes_per_judged_sample(variant: Variant) -> int:
    """Memory one judged sample takes at the peak of judging many: the
    generator's output (float32), its pixels in float64 for the Parzen
    estimate and in uint8 and float32 for the classifier, the classifier's
    features and probabilities, and its column of the distance blocks the
    Parzen estimate and the nearest-neighbour searches hold (a few
    1,000-row blocks of float64)."""
    return variant.example_dim * (4 + 8 + 1 + 4) + (128 + 10) * 4 + 3 * 1000 * 8


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


class FeatureJudge:
    """Kernel distance and precision/recall in the judging classifier's features.

    The real images they compare with are held-out ones: the classifier's
    features of its own training images sit tighter than those of any image
    it has not seen, and samples are unseen images. The held-out images are
    split in two: every other one is the reference, the rest are scored
    against it as what real data gets. Precision and recall's
    nearest-neighbour balls shrink as a set grows, so they compare equal
    numbers of images.
    """

    def __init__(self, judge: classifier.Judge, data: input_pipeline.LabelledImages) -> None:
        half = len(data.test_images) // 2
        features = judge.features_and_probabilities(data.test_images[:2 * half])[0]
        # Alternate images, not halves: a held-out split may be sorted by class.
        self.reference, self.held_out = features[0::2], features[1::2]

    def __call__(self, features: np.ndarray) -> dict[str, Any]:
        compared = min(len(features), len(self.reference))
        return {**metrics.kernel_distance(features, self.reference),
                "kernel_distance_reference_images": len(self.reference),
                **metrics.precision_recall(self.reference[:compared], features[:compared]),
                "precision_recall_samples": compared}

    def real(self) -> dict[str, Any]:
        """The same figures for the held-out images that are not the reference."""
        return self(self.held_out)


@dataclasses.dataclass(frozen=True)
class Judged:
    """A judgement of samples: its figures, and each sample's nearest training
    image where copying was measured."""

    metrics: dict[str, Any]
    nearest: copying.Nearest | None = None


class Evaluator:
    """Metrics of generator outputs [n, example_dim] in the variant's own scale,
    and the same metrics of real data, to read them against."""

    def __init__(self, variant: Variant, dataset: str, data_dir: str | None,
                 cache_dir: str | None = None, say: Callable[[str], None] = print,
                 complete: bool = False) -> None:
        """complete: add the measures that take seconds to minutes a call (the
        Parzen estimate where it applies, the kernel distance, precision and
        recall, copying), which training's --eval_every leaves out."""
        self.variant = variant
        self.judge = None
        self.parzen: ParzenJudge | None = None
        self.features: FeatureJudge | None = None
        self.copying: copying.CopyingJudge | None = None
        if kinds.of(variant).images:
            labelled = input_pipeline.load_labelled(dataset, data_dir)
            self.judge = classifier.load_or_train(labelled, cache_dir, say)
            if complete:
                if ParzenJudge.applies(labelled):
                    self.parzen = ParzenJudge(labelled)
                self.features = FeatureJudge(self.judge, labelled)
                examples = input_pipeline.load_examples(dataset, data_dir)
                self.copying = copying.CopyingJudge(
                    input_pipeline.training_images(variant, examples.images),
                    labelled.test_images, cache_dir or classifier.default_cache_dir(), say)

    def __call__(self, values: np.ndarray) -> dict[str, Any]:
        return self.judged(values).metrics

    def judged(self, values: np.ndarray) -> Judged:
        """The metrics of `values`, and each one's nearest training image where
        copying is measured."""
        if self.judge is None:
            return Judged({"values": int(np.size(values)), **metrics.gaussian_metrics(
                values, self.variant.gaussian_mean, self.variant.gaussian_stddev)})
        features, probabilities = self.judge.features_and_probabilities(
            sampling.to_uint8(self.variant, values))
        scores = {"samples": len(values),
                  **self.judge.score_outputs(features, probabilities),
                  "frechet_reference_images": self.judge.info["train_examples"]}
        nearest = None
        if self.features is not None:
            scores.update(self.features(features))
        if self.parzen is not None or self.copying is not None:
            unit = _unit_pixels(self.variant, values)
            if self.parzen is not None:
                scores.update(self.parzen(unit))
            if self.copying is not None:
                found, nearest = self.copying(unit)
                scores.update(found)
        return Judged(scores, nearest)

    def judged_by(self) -> dict[str, Any]:
        if self.judge is None:
            return {"target": f"N({self.variant.gaussian_mean:g}, "
                              f"{self.variant.gaussian_stddev:g})"}
        return {k: v for k, v in self.judge.info.items() if k != "held_out_real"}

    def real(self, num_values: int) -> dict[str, Any]:
        """What real data scores: the held-out real images, or a true normal
        sample of as many values as were judged."""
        if self.judge is not None:
            real = {"samples": self.judge.info["held_out_examples"],
                    **self.judge.info["held_out_real"],
                    "frechet_reference_images": self.judge.info["train_examples"]}
            if self.features is not None:
                real.update(self.features.real())
            if self.parzen is not None:
                real.update(self.parzen.real())
            if self.copying is not None:
                real.update(self.copying.real() or {})
            return real
        draw = np.random.default_rng(0).normal(self.variant.gaussian_mean,
                                               self.variant.gaussian_stddev, num_values)
        return {"values": num_values, **metrics.gaussian_metrics(
            draw, self.variant.gaussian_mean, self.variant.gaussian_stddev)}


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
    "kernel_distance": "Kernel distance (KID, unbiased) between the judging classifier's "
                       "features of the samples and of held-out real images: 0 at best.",
    "precision": "Share of samples inside the real images' feature manifold (k=3 nearest-"
                 "neighbour balls): samples that look real.",
    "recall": "Share of real images inside the samples' feature manifold: real data the "
              "samples cover.",
    "nearest_training_distance": "Mean pixel distance from a sample to its nearest training "
                                 "image: 0 for copies.",
    "closer_than_training_share": "Share of samples closer to their nearest training image "
                                  "than that image is to any other training image; real "
                                  "digits the GAN never saw score it too.",
}


def _shown(metrics_: dict[str, Any], key: str) -> str:
    if key not in metrics_:
        return "-"
    if key == "parzen_log_likelihood":
        return f"{metrics_[key]:.1f} ± {metrics_['parzen_standard_error']:.1f}"
    if key == "kernel_distance":
        return f"{metrics_[key]:.4g} ± {metrics_['kernel_distance_std']:.2g}"
    if key == "closer_than_training_share":
        return f"{metrics_[key]:.1%}"
    return f"{metrics_[key]:.4g}"


def _counts(ours: dict[str, Any], real: dict[str, Any]) -> list[str]:
    """What each set measure compared, in numbers: the figures depend on them."""
    said = []
    if "frechet_reference_images" in ours:
        said.append(f"Fréchet distance against the features of "
                    f"{ours['frechet_reference_images']:,} training images")
    if "kernel_distance" in ours:
        said.append(f"kernel distance over {ours['kernel_distance_subsets']} subsets of "
                    f"{ours['kernel_distance_subset_size']:,}, and precision and recall "
                    f"(k={ours['precision_recall_k']}) of "
                    f"{ours['precision_recall_samples']:,}, against "
                    f"{ours['kernel_distance_reference_images']:,} held-out real images; "
                    f"held-out real: the other {real['precision_recall_samples']:,}")
    if "copying_samples" in ours:
        said.append(f"nearest of {ours['copying_training_images']:,} images the GAN trained on"
                    + ("" if "copying_samples" in real else
                       "; no held-out real images apart from them to score"))
    return [f"  ({part})" for part in said]


def table(ours: dict[str, Any], real: dict[str, Any], real_label: str) -> str:
    """The metrics beside real data's, one per line."""
    count = "values" if "values" in ours else "samples"
    lines = [f"  {'':26s} {count:>17s} {real_label:>17s}",
             f"  {'(how many)':26s} {ours[count]:>17,} {real[count]:>17,}"]
    for key in SCALARS:
        if key in ours:
            lines.append(f"  {key:26s} {_shown(ours, key):>17s} {_shown(real, key):>17s}")
    if "parzen_log_likelihood" in ours:
        lines.append(f"  (Parzen: the MNIST test set's mean log-likelihood ± its standard error, "
                     f"sigma {ours['parzen_sigma']:.3g}; real: the first 10,000 training digits, "
                     f"sigma {real['parzen_sigma']:.3g}; Goodfellow et al. 2014, Table 1: "
                     f"{PAPER_PARZEN[0]:g} ± {PAPER_PARZEN[1]:g})")
    if "class_shares" in ours:
        shares = " ".join(f"{c}:{s:.3f}" for c, s in enumerate(ours["class_shares"]))
        lines.append(f"  {'class_shares':26s} {shares}")
    return "\n".join(lines + _counts(ours, real))
