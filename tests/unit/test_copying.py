"""The copying judge: the training set's own distances are computed once and
cached under its pixels, a damaged cache costs one line, and held-out images
that are among the training images are not passed off as unseen."""

import numpy as np
import pytest

from tf2gan.judge import copying, metrics


@pytest.fixture
def images():
    return np.random.default_rng(0).integers(0, 256, (60, 16), dtype=np.uint8)


def test_own_distances_are_computed_once_and_cached_under_the_pixels(images, tmp_path):
    said = []
    first = copying.training_nearest_other(images, str(tmp_path), said.append)
    assert len(said) == 1 and "60 training images" in said[0]
    again = copying.training_nearest_other(images, str(tmp_path), said.append)
    assert len(said) == 1  # loaded, not searched
    np.testing.assert_array_equal(first, again)
    unit = images / 255.0
    by_definition = [min(np.linalg.norm(unit[i] - unit[j]) for j in range(60) if j != i)
                     for i in range(60)]
    np.testing.assert_allclose(first, by_definition, rtol=1e-5)
    other = images.copy()
    other[0, 0] ^= 1
    assert copying.cache_name(other) != copying.cache_name(images)


def test_a_damaged_cache_is_one_line_and_computed_again(images, tmp_path):
    expected = copying.training_nearest_other(images, str(tmp_path), lambda line: None)
    path = tmp_path / (copying.cache_name(images) + ".npy")
    path.write_bytes(path.read_bytes()[:40])
    said = []
    found = copying.training_nearest_other(images, str(tmp_path), said.append)
    np.testing.assert_array_equal(found, expected)
    assert said[0].startswith(f"tf2gan: the cached distances {path} cannot be read (")
    assert said[0].endswith("computing them again") and "\n" not in said[0]


def test_copies_score_closer_than_the_training_set_and_seen_images_are_not_held_out(
        images, tmp_path):
    unseen = np.random.default_rng(1).integers(0, 256, (10, 16), dtype=np.uint8)
    judge = copying.CopyingJudge(images, np.concatenate([images[:5], unseen]), str(tmp_path),
                                 lambda line: None)
    np.testing.assert_array_equal(judge.held_out, unseen)
    found, nearest = judge(images[:8] / 255.0)
    # Zero up to the float32 products the search uses (images here are ~2 apart).
    assert nearest.index.tolist() == list(range(8)) and np.all(nearest.distance < 1e-2)
    assert found["closer_than_training_share"] == 1.0
    assert (found["copying_samples"], found["copying_training_images"]) == (8, 60)
    real = judge.real()
    assert real["copying_samples"] == 10
    index, distance = metrics.nearest_neighbours(unseen / 255.0, images / 255.0)
    assert real["nearest_training_distance"] == pytest.approx(distance[:, 0].mean())


def test_no_held_out_image_apart_from_the_training_set_gives_no_real_row(images, tmp_path):
    judge = copying.CopyingJudge(images, images[:10], str(tmp_path), lambda line: None)
    assert judge.real() is None
