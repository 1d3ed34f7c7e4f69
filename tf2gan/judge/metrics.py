"""Sample-quality measures as pure NumPy functions.

Losses do not say whether a GAN draws digits; these do. The image measures
read a classifier's outputs (classifier.py): its features for the Fréchet
distance, its class probabilities for the classifier score and the class
shares. The 1-D measures compare generated values with the normal
distribution 004 set out to learn.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def feature_statistics(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean [d] and covariance [d, d] of features [n, d], in float64."""
    features = np.asarray(features, np.float64)
    return features.mean(axis=0), np.cov(features, rowvar=False)


def _psd_sqrt(matrix: np.ndarray) -> np.ndarray:
    """The symmetric square root of a symmetric positive semi-definite matrix."""
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def frechet_distance(mean_a: np.ndarray, cov_a: np.ndarray,
                     mean_b: np.ndarray, cov_b: np.ndarray) -> float:
    """Fréchet distance between N(mean_a, cov_a) and N(mean_b, cov_b).

    |m_a - m_b|^2 + Tr(C_a + C_b - 2 (C_a C_b)^(1/2)) (Heusel et al. 2017).
    Tr (C_a C_b)^(1/2) is computed as the trace of the symmetric matrix
    (C_a^(1/2) C_b C_a^(1/2))^(1/2), which has the same eigenvalues and, unlike
    a general matrix square root, never turns complex through rounding.
    """
    root_a = _psd_sqrt(cov_a)
    cross = _psd_sqrt(root_a @ cov_b @ root_a)
    difference = np.asarray(mean_a) - np.asarray(mean_b)
    return float(difference @ difference + np.trace(cov_a) + np.trace(cov_b)
                 - 2.0 * np.trace(cross))


def classifier_score(probabilities: np.ndarray) -> float:
    """exp(E_x KL(p(y|x) || p(y))), p(y) the mean of p(y|x) over the samples.

    The Inception score of Salimans et al. (2016) with an MNIST classifier:
    1 at worst (every sample gives the same class distribution), the number
    of classes at best (each sample confidently one class, classes equally
    often).
    """
    p = np.clip(np.asarray(probabilities, np.float64), 1e-12, 1.0)
    marginal = p.mean(axis=0, keepdims=True)
    kl = np.sum(p * (np.log(p) - np.log(marginal)), axis=1)
    return float(np.exp(kl.mean()))


def class_shares(probabilities: np.ndarray) -> np.ndarray:
    """The share of the samples the classifier puts in each class (argmax)."""
    counts = np.bincount(np.argmax(probabilities, axis=1), minlength=probabilities.shape[1])
    return counts / counts.sum()


def classes_present(shares: np.ndarray) -> int:
    """Classes holding at least half of their fair share (1 / number of classes).

    A GAN that collapses onto a few digits leaves the others below this line.
    """
    return int(np.sum(shares >= 0.5 / len(shares)))


def normal_cdf(x: np.ndarray, mean: float, stddev: float) -> np.ndarray:
    erf = np.vectorize(math.erf, otypes=[np.float64])
    return 0.5 * (1.0 + erf((np.asarray(x, np.float64) - mean) / (stddev * math.sqrt(2.0))))


def ks_distance(values: np.ndarray, mean: float, stddev: float) -> float:
    """Kolmogorov-Smirnov distance sup |F_n(x) - F(x)| to N(mean, stddev).

    The empirical CDF jumps at each sorted value, so the supremum is taken
    on both sides of every jump.
    """
    x = np.sort(np.asarray(values, np.float64).reshape(-1))
    n = len(x)
    cdf = normal_cdf(x, mean, stddev)
    above = np.arange(1, n + 1) / n - cdf
    below = cdf - np.arange(0, n) / n
    return float(max(above.max(), below.max()))


def gaussian_metrics(values: np.ndarray, mean: float, stddev: float) -> dict[str, float]:
    """Mean, standard deviation and KS distance to N(mean, stddev) of all values."""
    flat = np.asarray(values, np.float64).reshape(-1)
    return {"mean": float(flat.mean()), "std": float(flat.std()),
            "ks_distance": ks_distance(flat, mean, stddev)}


# Goodfellow et al. (2014), Table 1, and the authors' parzen_ll.py: sigma is
# chosen among these by the validation log-likelihood.
PARZEN_SIGMAS = np.logspace(-1.0, 0.0, 10)


def _squared_distances(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """|x_i - c_j|^2 [len(x), len(centres)], in float64 (the exponents reach
    thousands, and their differences decide the estimate)."""
    x, centres = np.asarray(x, np.float64), np.asarray(centres, np.float64)
    squared = (np.sum(x * x, axis=1)[:, np.newaxis] + np.sum(centres * centres, axis=1)
               - 2.0 * (x @ centres.T))
    return np.maximum(squared, 0.0)


def _parzen_from_squared(squared: np.ndarray, sigma: float, d: int) -> np.ndarray:
    """log mean_j N(x_i; c_j, sigma^2 I) from |x_i - c_j|^2, stably."""
    exponent = -squared / (2.0 * sigma ** 2)
    top = exponent.max(axis=1, keepdims=True)
    return (top[:, 0] + np.log(np.mean(np.exp(exponent - top), axis=1))
            - d * math.log(sigma * math.sqrt(2.0 * math.pi)))


def parzen_log_likelihoods(x: np.ndarray, centres: np.ndarray, sigma: float,
                           chunk: int = 500) -> np.ndarray:
    """log p(x_i) [len(x)] under the mixture of N(c_j, sigma^2 I) with equal weights.

    log mean_j exp(-|x - c_j|^2 / (2 sigma^2)) - d log(sigma sqrt(2 pi)): the
    Parzen-window estimate as the GAN paper's code (parzen_ll.py, credited
    to Y. Dauphin) computed it. x is taken in chunks, so memory stays at
    chunk * len(centres) doubles.
    """
    d = np.shape(centres)[1]
    return np.concatenate([
        _parzen_from_squared(_squared_distances(x[start:start + chunk], centres), sigma, d)
        for start in range(0, len(x), chunk)])


def parzen_sigma(centres: np.ndarray, validation: np.ndarray,
                 sigmas: np.ndarray = PARZEN_SIGMAS) -> float:
    """The sigma among `sigmas` under which the validation set is likeliest on average."""
    squared = _squared_distances(validation, centres)
    d = np.shape(centres)[1]
    means = [_parzen_from_squared(squared, sigma, d).mean() for sigma in sigmas]
    return float(sigmas[int(np.argmax(means))])


def parzen_estimate(samples: np.ndarray, validation: np.ndarray,
                    test: np.ndarray) -> dict[str, float]:
    """The GAN paper's Table 1 figure: sigma chosen on `validation`, then the mean
    log-likelihood of `test` and its standard error (std / sqrt(n)). Pixels in [0, 1]."""
    sigma = parzen_sigma(samples, validation)
    log_p = parzen_log_likelihoods(test, samples, sigma)
    return {"parzen_log_likelihood": float(log_p.mean()),
            "parzen_standard_error": float(log_p.std() / math.sqrt(len(log_p))),
            "parzen_sigma": sigma}


# Bińkowski et al. (2018): KID is the squared MMD under the cubic polynomial
# kernel (x.y / d + 1)^3, averaged over random subsets of both sets of
# features; its spread over the subsets says how far to trust it.
KID_SUBSETS = 100
KID_SUBSET_SIZE = 1000


def _cubic_kernel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a @ b.T / a.shape[1] + 1.0) ** 3


def kernel_distance(features_a: np.ndarray, features_b: np.ndarray,
                    subsets: int = KID_SUBSETS, subset_size: int = KID_SUBSET_SIZE,
                    seed: int = 0) -> dict[str, float]:
    """Kernel distance (KID) between two sets of features, unbiased.

    Args:
      features_a, features_b: [n, d] and [m, d], e.g. samples' and real images'.
      subsets: how many random subsets of each set the estimate averages.
      subset_size: examples per subset (at most the smaller set's size).
      seed: seeds the choice of subsets.

    Returns:
      {"kernel_distance": the mean of the unbiased MMD^2 estimates,
       "kernel_distance_std": their standard deviation over the subsets,
       "kernel_distance_subsets": subsets, "kernel_distance_subset_size": the size used}.
    """
    a, b = np.asarray(features_a, np.float64), np.asarray(features_b, np.float64)
    m = min(subset_size, len(a), len(b))
    rng = np.random.default_rng(seed)
    estimates = []
    for _ in range(subsets):
        x = a[rng.choice(len(a), m, replace=False)]
        y = b[rng.choice(len(b), m, replace=False)]
        kxx, kyy, kxy = _cubic_kernel(x, x), _cubic_kernel(y, y), _cubic_kernel(x, y)
        within = ((kxx.sum() - np.trace(kxx)) + (kyy.sum() - np.trace(kyy))) / (m * (m - 1))
        estimates.append(within - 2.0 * kxy.mean())
    return {"kernel_distance": float(np.mean(estimates)),
            "kernel_distance_std": float(np.std(estimates)),
            "kernel_distance_subsets": subsets, "kernel_distance_subset_size": m}


def nearest_neighbours(x: np.ndarray, y: np.ndarray, exclude_self: bool = False,
                       k: int = 1, chunk: int = 250) -> tuple[np.ndarray, np.ndarray]:
    """For each row of x, its k nearest rows of y (Euclidean), in chunks of x.

    Args:
      x: [n, d] queries.
      y: [m, d] the set searched.
      exclude_self: x is y, and a row is not its own neighbour.
      k: neighbours found per query.
      chunk: queries per matrix product: memory stays at chunk * m floats.

    Returns:
      (indices [n, k] into y, distances [n, k]), nearest first.
    """
    x32, y32 = np.asarray(x, np.float32), np.asarray(y, np.float32)
    y_norms = np.sum(np.square(y32, dtype=np.float64), axis=1)
    # One pair of buffers for every block: fresh ones each time cost more in
    # page faults than the products themselves.
    products = np.empty((min(chunk, len(x32)), len(y32)), np.float32)
    squared = np.empty(products.shape, np.float64)
    indices, distances = [], []
    for start in range(0, len(x32), chunk):
        block = x32[start:start + chunk]
        product, square = products[:len(block)], squared[:len(block)]
        np.matmul(block, y32.T, out=product)
        np.multiply(product, -2.0, out=square)
        square += y_norms
        square += np.sum(np.square(block, dtype=np.float64), axis=1)[:, np.newaxis]
        if exclude_self:
            rows = np.arange(len(block))
            square[rows, start + rows] = np.inf
        if k == 1:
            nearest = np.argmin(square, axis=1)[:, np.newaxis]
        elif k < square.shape[1]:
            nearest = np.argpartition(square, k - 1, axis=1)[:, :k]
        else:
            nearest = np.tile(np.arange(square.shape[1]), (len(block), 1))
        picked = np.take_along_axis(square, nearest, axis=1)
        order = np.argsort(picked, axis=1)
        indices.append(np.take_along_axis(nearest, order, axis=1))
        distances.append(np.sqrt(np.maximum(np.take_along_axis(picked, order, axis=1), 0.0)))
    return np.concatenate(indices), np.concatenate(distances)


def precision_recall(real: np.ndarray, fake: np.ndarray, k: int = 3) -> dict[str, float]:
    """Precision and recall of Kynkäänniemi et al. (2019) in a feature space.

    Each set's manifold is the union of balls about its points, each reaching
    its k-th nearest neighbour in the same set. Precision: the share of fake
    points inside the real manifold (samples that look real); recall: the
    share of real points inside the fake manifold (real data the samples cover).

    Args:
      real, fake: features [n, d] and [m, d].
      k: the neighbour whose distance is each ball's radius.

    Returns:
      {"precision": ..., "recall": ..., "precision_recall_k": k}.
    """
    def radii(points: np.ndarray) -> np.ndarray:
        return nearest_neighbours(points, points, exclude_self=True, k=k)[1][:, -1]

    def covered(queries: np.ndarray, centres: np.ndarray, radius: np.ndarray) -> float:
        inside = []
        for start in range(0, len(queries), 1000):
            squared = _squared_distances(queries[start:start + 1000], centres)
            inside.append(np.any(squared <= radius[np.newaxis, :] ** 2, axis=1))
        return float(np.mean(np.concatenate(inside)))

    return {"precision": covered(fake, real, radii(real)),
            "recall": covered(real, fake, radii(fake)), "precision_recall_k": k}


def copying(nearest_index: np.ndarray, nearest_distance: np.ndarray,
            training_nearest_other: np.ndarray) -> dict[str, Any]:
    """How close samples come to copying their training set, in pixel space.

    Args:
      nearest_index: [n] each sample's nearest training image (nearest_neighbours).
      nearest_distance: [n] the distance to it.
      training_nearest_other: [m] each training image's distance to its
        nearest other training image (it depends on the data alone).

    Returns:
      {"nearest_training_distance": the mean over samples of the distance to
       the nearest training image, "closer_than_training_share": the share of
       samples closer to their nearest training image than that image is to
       its own nearest other training image, "copying_samples": n,
       "copying_training_images": m}.
    """
    index, distance = np.asarray(nearest_index), np.asarray(nearest_distance, np.float64)
    closer = distance < np.asarray(training_nearest_other)[index]
    return {"nearest_training_distance": float(distance.mean()),
            "closer_than_training_share": float(closer.mean()),
            "copying_samples": len(index), "copying_training_images": len(training_nearest_other)}
