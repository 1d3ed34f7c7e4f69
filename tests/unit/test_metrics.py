"""The sample-quality measures against independent computations."""

import numpy as np
import pytest
import scipy.linalg
import scipy.stats

from tf2gan.judge import metrics


def _random_gaussian(rng, d):
    mean = rng.normal(size=d)
    a = rng.normal(size=(d, d))
    return mean, a @ a.T / d + 0.1 * np.eye(d)


def _scipy_frechet(m1, c1, m2, c2):
    """The usual FID formula, with scipy's general matrix square root."""
    root = scipy.linalg.sqrtm(c1 @ c2).real
    return float(np.sum((m1 - m2) ** 2) + np.trace(c1 + c2 - 2 * root))


def test_frechet_distance_matches_scipy_on_random_gaussian_samples():
    rng = np.random.default_rng(0)
    for d in (2, 16, 64):
        (m1, c1), (m2, c2) = _random_gaussian(rng, d), _random_gaussian(rng, d)
        a = rng.multivariate_normal(m1, c1, size=5000)
        b = rng.multivariate_normal(m2, c2, size=5000)
        ours = metrics.frechet_distance(*metrics.feature_statistics(a),
                                        *metrics.feature_statistics(b))
        theirs = _scipy_frechet(*metrics.feature_statistics(a), *metrics.feature_statistics(b))
        assert ours == pytest.approx(theirs, rel=1e-6)


def test_frechet_distance_of_diagonal_gaussians_has_the_closed_form():
    # With commuting covariances Tr sqrt(C1 C2) = sum sqrt(a_i b_i).
    rng = np.random.default_rng(1)
    m1, m2 = rng.normal(size=10), rng.normal(size=10)
    a, b = rng.uniform(0.1, 3, 10), rng.uniform(0.1, 3, 10)
    expected = np.sum((m1 - m2) ** 2) + np.sum((np.sqrt(a) - np.sqrt(b)) ** 2)
    assert metrics.frechet_distance(m1, np.diag(a), m2, np.diag(b)) == pytest.approx(expected)


def test_frechet_distance_of_a_distribution_to_itself_is_zero():
    mean, cov = _random_gaussian(np.random.default_rng(2), 32)
    assert metrics.frechet_distance(mean, cov, mean, cov) == pytest.approx(0.0, abs=1e-9)


def test_classifier_score_spans_one_to_the_number_of_classes():
    confident_and_balanced = np.eye(10)[np.arange(1000) % 10]
    assert metrics.classifier_score(confident_and_balanced) == pytest.approx(10.0, rel=1e-6)
    all_alike = np.tile(np.full(10, 0.1), (1000, 1))
    assert metrics.classifier_score(all_alike) == pytest.approx(1.0)
    one_class = np.eye(10)[np.zeros(1000, int)]
    assert metrics.classifier_score(one_class) == pytest.approx(1.0)


def test_classifier_score_is_exp_of_the_mean_kl_to_the_marginal():
    p = np.random.default_rng(3).dirichlet(np.ones(10), size=500)
    marginal = p.mean(axis=0)
    kl = [scipy.stats.entropy(row, marginal) for row in p]
    assert metrics.classifier_score(p) == pytest.approx(np.exp(np.mean(kl)))


def test_class_shares_and_classes_present():
    p = np.eye(10)[[0] * 50 + [1] * 30 + [2] * 16 + [3] * 4]
    shares = metrics.class_shares(p)
    np.testing.assert_allclose(shares[:4], [0.5, 0.3, 0.16, 0.04])
    assert shares.sum() == pytest.approx(1.0)
    assert metrics.classes_present(shares) == 3  # 0.04 is under half of 1/10


def test_ks_distance_matches_scipy():
    rng = np.random.default_rng(4)
    for values in (rng.normal(4, 1.25, 2000), rng.normal(3.5, 1.0, 2000), rng.uniform(0, 8, 500)):
        expected = scipy.stats.kstest(values, scipy.stats.norm(4, 1.25).cdf).statistic
        assert metrics.ks_distance(values, 4, 1.25) == pytest.approx(expected, abs=1e-12)


def test_gaussian_metrics_of_the_target_itself():
    values = np.random.default_rng(5).normal(4, 1.25, (1000, 100))
    result = metrics.gaussian_metrics(values, 4, 1.25)
    assert result["mean"] == pytest.approx(4, abs=0.01)
    assert result["std"] == pytest.approx(1.25, abs=0.01)
    assert result["ks_distance"] < 0.005
    assert metrics.gaussian_metrics(values + 1, 4, 1.25)["ks_distance"] > 0.25


def _slow_parzen(x, centres, sigma):
    """log mean_j N(x_i; c_j, sigma^2 I), term by term with logaddexp."""
    d = centres.shape[1]
    out = []
    for row in x:
        total = -np.inf
        for centre in centres:
            total = np.logaddexp(total, -np.sum((row - centre) ** 2) / (2 * sigma ** 2))
        out.append(total - np.log(len(centres)) - d * np.log(sigma * np.sqrt(2 * np.pi)))
    return np.array(out)


def test_parzen_of_one_centre_is_that_gaussians_density():
    rng = np.random.default_rng(6)
    centre, x = rng.uniform(0, 1, (1, 784)), rng.uniform(0, 1, (50, 784))
    expected = scipy.stats.multivariate_normal(centre[0], 0.2 ** 2 * np.eye(784)).logpdf(x)
    np.testing.assert_allclose(metrics.parzen_log_likelihoods(x, centre, 0.2), expected,
                               rtol=1e-10)


@pytest.mark.slow
def test_parzen_of_a_gaussians_samples_approaches_the_widened_gaussian():
    # A kernel density of N(0, s^2 I) samples is, for many samples, N(0, (s^2 + sigma^2) I).
    rng = np.random.default_rng(7)
    s, sigma = 1.0, 0.3
    centres, x = rng.normal(0, s, (40000, 2)), rng.normal(0, s, (2000, 2))
    expected = scipy.stats.multivariate_normal(np.zeros(2), (s ** 2 + sigma ** 2) * np.eye(2))
    ours = metrics.parzen_log_likelihoods(x, centres, sigma)
    assert ours.mean() == pytest.approx(expected.logpdf(x).mean(), abs=0.01)


@pytest.mark.slow
def test_parzen_matches_the_slow_direct_sum_and_picks_the_likeliest_sigma():
    rng = np.random.default_rng(8)
    centres = rng.uniform(0, 1, (300, 20)) ** 3  # sparse, pixel-like
    validation, test = rng.uniform(0, 1, (40, 20)) ** 3, rng.uniform(0, 1, (60, 20)) ** 3
    for sigma in (0.1, 0.35):
        np.testing.assert_allclose(metrics.parzen_log_likelihoods(test, centres, sigma, chunk=7),
                                   _slow_parzen(test, centres, sigma), rtol=1e-10)
    by_sigma = [_slow_parzen(validation, centres, s).mean() for s in metrics.PARZEN_SIGMAS]
    best = metrics.PARZEN_SIGMAS[int(np.argmax(by_sigma))]
    result = metrics.parzen_estimate(centres, validation, test)
    assert result["parzen_sigma"] == best
    direct = _slow_parzen(test, centres, best)
    assert result["parzen_log_likelihood"] == pytest.approx(direct.mean(), rel=1e-10)
    assert result["parzen_standard_error"] == pytest.approx(direct.std() / np.sqrt(60), rel=1e-8)


def _kid_by_definition(x, y):
    """Unbiased MMD^2 under (a.b / d + 1)^3, summed pair by pair."""
    d, m = x.shape[1], len(x)
    k = lambda a, b: (float(np.dot(a, b)) / d + 1.0) ** 3
    xx = sum(k(x[i], x[j]) for i in range(m) for j in range(m) if i != j) / (m * (m - 1))
    yy = sum(k(y[i], y[j]) for i in range(m) for j in range(m) if i != j) / (m * (m - 1))
    xy = sum(k(x[i], y[j]) for i in range(m) for j in range(m)) / (m * m)
    return xx + yy - 2.0 * xy


def test_kernel_distance_is_the_unbiased_mmd_of_the_cubic_kernel():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(30, 5)), rng.normal(0.5, 1.0, size=(30, 5))
    found = metrics.kernel_distance(a, b, subsets=1, subset_size=30)
    assert found["kernel_distance"] == pytest.approx(_kid_by_definition(a, b), rel=1e-10)
    assert found["kernel_distance_std"] == 0.0 and found["kernel_distance_subset_size"] == 30


def test_kernel_distance_is_near_zero_for_one_distribution_and_grows_with_a_shift():
    rng = np.random.default_rng(4)
    same = metrics.kernel_distance(rng.normal(size=(400, 8)), rng.normal(size=(400, 8)),
                                   subsets=20, subset_size=200)
    moved = metrics.kernel_distance(rng.normal(size=(400, 8)), rng.normal(1.0, 1.0, (400, 8)),
                                    subsets=20, subset_size=200)
    assert abs(same["kernel_distance"]) < 3 * same["kernel_distance_std"] + 1e-3
    assert moved["kernel_distance"] > 10 * same["kernel_distance_std"]


def test_nearest_neighbours_match_a_brute_force_search():
    from scipy.spatial.distance import cdist

    rng = np.random.default_rng(5)
    x, y = rng.random((37, 6)), rng.random((53, 6))
    index, distance = metrics.nearest_neighbours(x, y, k=3, chunk=10)
    expected = cdist(x, y)
    np.testing.assert_array_equal(index, np.argsort(expected, axis=1)[:, :3])
    np.testing.assert_allclose(distance, np.sort(expected, axis=1)[:, :3], rtol=1e-5)
    self_index, _ = metrics.nearest_neighbours(y, y, exclude_self=True, chunk=7)
    np.fill_diagonal(expected := cdist(y, y), np.inf)
    np.testing.assert_array_equal(self_index[:, 0], np.argmin(expected, axis=1))


def _covered_by_definition(queries, centres, k):
    from scipy.spatial.distance import cdist

    within = cdist(centres, centres)
    radius = np.sort(within, axis=1)[:, k]  # column 0 is the point itself
    return np.mean([any(np.linalg.norm(q - c) <= r for c, r in zip(centres, radius))
                    for q in queries])


def test_precision_and_recall_follow_their_definition_with_k_3():
    rng = np.random.default_rng(6)
    real, fake = rng.normal(size=(60, 4)), rng.normal(0.7, 0.6, size=(50, 4))
    found = metrics.precision_recall(real, fake, k=3)
    assert found["precision"] == pytest.approx(_covered_by_definition(fake, real, 3))
    assert found["recall"] == pytest.approx(_covered_by_definition(real, fake, 3))
    assert 0.0 < found["recall"] < found["precision"] <= 1.0  # a narrower fake: fewer covered


def test_copies_of_training_images_count_as_closer_than_the_training_set_itself():
    rng = np.random.default_rng(7)
    training = rng.random((40, 16))
    copies = training[:10] + rng.normal(0.0, 1e-4, (10, 16))
    fresh = rng.random((10, 16)) + 2.0  # far from every training image
    index, distance = metrics.nearest_neighbours(np.concatenate([copies, fresh]), training)
    own = metrics.nearest_neighbours(training, training, exclude_self=True)[1][:, 0]
    found = metrics.copying(index[:, 0], distance[:, 0], own)
    assert index[:10, 0].tolist() == list(range(10))
    assert found["closer_than_training_share"] == pytest.approx(0.5)
    assert found["nearest_training_distance"] == pytest.approx(distance[:, 0].mean())
    assert (found["copying_samples"], found["copying_training_images"]) == (20, 40)
