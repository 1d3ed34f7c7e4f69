"""Does anything tell tf2gan's initial draws from the original's? An MLP variant's seeds.

Run from the repository: `PYTHONPATH=. .venv/bin/python docs/draw_statistics.py [VARIANT]`
(tf101 by default, about a minute; goodfellow a few). For each seed it draws tf2gan's weights as `tf2gan.main`
seeds them and the original's as its TF1 graph does, and compares the two
sets of 20 draws on what could steer training: each tensor's values (a
two-sample Kolmogorov-Smirnov test over all seeds), each kernel's largest
and smallest singular values and the correlation of neighbouring values,
and what the untrained networks do with one batch of noise (G's mean pixel
and its spread over samples, the share of active hidden units, D's mean
output on G's samples). Each line gives both sides' means over the seeds and
a Mann-Whitney p (two-sided) for the difference: first for seeds 1-20, the
study's, then for seeds 21-100, which no study trained, to see whether a
difference found in the first is a property of the draws or of those seeds.
Last, over the study's runs from seeds 1-20 (docs/fidelity/VARIANT/fidelity.json:
tf2gan's, the original's, and the original's from tf2gan's draws), how each
kernel's largest singular value goes with the run's Fréchet distance and
Parzen LL (Spearman); eight correlations looked at, so read them as leads.
"""
import json
import sys

import numpy as np
import scipy.stats
import tensorflow as tf

from tf2gan.core.gan import make_gan
from tf2gan.core.noise import sample_prior_numpy
from tf2gan.originals import make_original
from tf2gan.variants import VARIANTS

VARIANT = sys.argv[1] if len(sys.argv) > 1 else "tf101"
if VARIANT not in ("tf101", "goodfellow"):  # the MLPs of two layers a side it reads
    sys.exit(f"draw_statistics: {VARIANT} is not one it reads; choose tf101 or goodfellow")


def tf2gan_draw(seed: int) -> list[np.ndarray]:
    tf.keras.utils.set_random_seed(seed)  # as tf2gan.main seeds a run
    gan = make_gan(VARIANTS[VARIANT])
    return [v.numpy() for v in gan.generator.weights + gan.discriminator.weights]


def original_draw(seed: int) -> list[np.ndarray]:
    generator, discriminator = make_original(VARIANT, seed).get_weights()
    return list(generator) + list(discriminator)


def untrained_behaviour(weights: list[np.ndarray], noise: np.ndarray) -> dict[str, float]:
    g1, gb1, g2, gb2, d1, db1, d2, db2 = weights
    hidden = np.maximum(noise @ g1 + gb1, 0)
    images = 1 / (1 + np.exp(-(hidden @ g2 + gb2)))
    d_fake = 1 / (1 + np.exp(-(np.maximum(images @ d1 + db1, 0) @ d2 + db2)))
    return {"G's mean pixel": images.mean(), "G's spread over samples": images.std(0).mean(),
            "G's active hidden units": (hidden > 0).mean(), "D(G(z)) at the start": d_fake.mean()}


def kernel_shape(weights: list[np.ndarray]) -> dict[str, float]:
    found = {}
    for i, w in enumerate(k for k in weights if k.ndim == 2):
        singular = np.linalg.svd(w, compute_uv=False)
        flat = w.ravel()
        found[f"kernel {i} largest singular value"] = singular[0]
        found[f"kernel {i} smallest singular value"] = singular[-1]
        found[f"kernel {i} neighbour correlation"] = np.corrcoef(flat[:-1], flat[1:])[0, 1]
    return found


def compare(seeds: range, noise: np.ndarray) -> None:
    sides = {"tf2gan": [tf2gan_draw(s) for s in seeds],
             "original": [original_draw(s) for s in seeds]}
    print(f"{VARIANT}, seeds {seeds.start}-{seeds.stop - 1}: tf2gan's draws against the "
          "original's")
    for i in range(len(sides["tf2gan"][0])):
        a = np.concatenate([d[i].ravel() for d in sides["tf2gan"]])
        b = np.concatenate([d[i].ravel() for d in sides["original"]])
        if np.all(a == a[0]) and np.all(b == b[0]):
            print(f"  tensor {i} {sides['tf2gan'][0][i].shape}: constant {a[0]:.3g} and {b[0]:.3g}")
        else:
            print(f"  tensor {i} {sides['tf2gan'][0][i].shape}: Kolmogorov-Smirnov p = "
                  f"{scipy.stats.ks_2samp(a, b).pvalue:.3f}")
    figures = {side: [{**kernel_shape(d), **untrained_behaviour(d, noise)} for d in draws]
               for side, draws in sides.items()}
    for key in figures["tf2gan"][0]:
        a = [f[key] for f in figures["tf2gan"]]
        b = [f[key] for f in figures["original"]]
        print(f"  {key:40s} tf2gan {np.mean(a):9.5f}  original {np.mean(b):9.5f}  "
              f"Mann-Whitney p = {scipy.stats.mannwhitneyu(a, b).pvalue:.4f}")


def prior_noise(count: int) -> np.ndarray:
    """One batch from the variant's prior p(z), the same for every draw."""
    prior = VARIANTS[VARIANT].noise
    return sample_prior_numpy(prior, (count, prior.dim), np.random.default_rng(0)).astype(
        np.float32)


def against_outcomes() -> None:
    with open(f"docs/fidelity/{VARIANT}/fidelity.json", encoding="utf-8") as f:
        runs = [r for r in json.load(f)["runs"] if "diverged" not in r]
    draws = {"tf2": tf2gan_draw, "tf1-shared": tf2gan_draw, "tf1": original_draw}
    largest = {}
    for r in runs:
        if r["side"] in draws:
            kernels = [w for w in draws[r["side"]](r["seed"]) if w.ndim == 2]
            largest[r["side"], r["seed"]] = [np.linalg.svd(k, compute_uv=False)[0]
                                             for k in kernels]
    print(f"{VARIANT}: the largest singular value of each kernel against the outcome, "
          f"{len(largest)} runs")
    for i in range(4):
        x = [largest[r["side"], r["seed"]][i] for r in runs if (r["side"], r["seed"]) in largest]
        for key in ("frechet_distance", "parzen_log_likelihood"):
            y = [r["metrics"][key] for r in runs if (r["side"], r["seed"]) in largest]
            rho, p = scipy.stats.spearmanr(x, y)
            print(f"  kernel {i} against {key:22s} Spearman {rho:+.2f} (p = {p:.3f})")


def main() -> None:
    noise = prior_noise(2000)
    compare(range(1, 21), noise)
    compare(range(21, 101), noise)
    against_outcomes()


if __name__ == "__main__":
    main()
