"""Sample-quality measures as pure NumPy functions.

Losses do not say whether a GAN draws digits; these do. The image measures
read a classifier's outputs (classifier.py): its features for the Fréchet
distance, its class probabilities for the classifier score and the class
shares. The 1-D measures compare generated values with the normal
distribution 004 set out to learn.
"""

from __future__ import annotations

import math

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
