"""Latent walks: the paths between points of the prior, and what sample --interpolate writes."""

import numpy as np
import pytest
from PIL import Image

from tf2gan.artifacts import walks
from tf2gan.variants import VARIANTS

_RNG = np.random.default_rng(0)


def test_slerp_starts_and_ends_at_the_points():
    a, b = _RNG.normal(size=(5, 100)), _RNG.normal(size=(5, 100))
    path = walks.slerp(a, b, np.linspace(0, 1, 7))
    assert path.shape == (5, 7, 100)
    np.testing.assert_array_equal(path[:, 0], a)
    np.testing.assert_array_equal(path[:, -1], b)


def test_slerp_keeps_the_norm_of_equal_norm_points():
    a, b = _RNG.normal(size=(4, 64)), _RNG.normal(size=(4, 64))
    b *= np.linalg.norm(a, axis=1, keepdims=True) / np.linalg.norm(b, axis=1, keepdims=True)
    path = walks.slerp(a, b, np.linspace(0, 1, 11))
    norms = np.linalg.norm(path, axis=-1)
    np.testing.assert_allclose(norms, np.broadcast_to(norms[:, :1], norms.shape), rtol=1e-12)
    # ... where the straight line dips inside the sphere.
    middle = np.linalg.norm(walks.lerp(a, b, np.array([0.5]))[:, 0], axis=-1)
    assert np.all(middle < norms[:, 0] * 0.9)


def test_slerp_of_parallel_points_is_the_straight_line():
    a = _RNG.normal(size=(2, 10))
    t = np.linspace(0, 1, 5)
    np.testing.assert_allclose(walks.slerp(a, 3 * a, t), walks.lerp(a, 3 * a, t))


def test_lerp_is_linear():
    a, b = _RNG.uniform(-1, 1, size=(3, 20)), _RNG.uniform(-1, 1, size=(3, 20))
    path = walks.lerp(a, b, np.linspace(0, 1, 9))
    np.testing.assert_array_equal(path[:, 0], a)
    np.testing.assert_array_equal(path[:, -1], b)
    np.testing.assert_allclose(np.diff(path, n=2, axis=1), 0, atol=1e-12)  # even steps
    np.testing.assert_allclose(path[:, 4], (a + b) / 2, atol=1e-12)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_walk_noise_follows_the_prior(name):
    noise = VARIANTS[name].noise
    path = walks.walk_noise(noise, 6, seed=3)
    assert path.shape == (walks.ROWS, 6, noise.dim) and path.dtype == np.float32
    np.testing.assert_array_equal(path, walks.walk_noise(noise, 6, seed=3))
    assert not np.array_equal(path, walks.walk_noise(noise, 6, seed=4))
    assert walks.PATHS[noise.kind] is (walks.slerp if noise.kind == "normal" else walks.lerp)
    if noise.kind == "uniform":  # a straight line stays in the box
        assert noise.low <= path.min() and path.max() <= noise.high


@pytest.mark.slow
@pytest.mark.parametrize("name", ["smoothing", "gaussian1d"])
def test_write_draws_a_grid_and_a_gif(tmp_path, name):
    variant = VARIANTS[name]
    # A stand-in generator: any smooth function of the noise with the output's shape.
    generate = lambda z: np.tanh(np.asarray(z)[:, :1] * np.linspace(-1, 1, variant.example_dim))
    png, animation = walks.write(str(tmp_path), variant, generate, steps=5, seed=0)
    assert png == str(tmp_path / "samples" / "interpolation.png")
    with Image.open(png) as grid, Image.open(animation) as frames:
        assert frames.n_frames == 2 * 5 - 2  # there and back
        if variant.data == "images":
            cell = 28 + 2
            assert grid.size == ((5 * cell + 2) * 3, (walks.ROWS * cell + 2) * 3)
            assert frames.size == ((walks.ROWS * cell + 2) * 3, (cell + 2) * 3)


@pytest.mark.slow
def test_sample_interpolate_on_a_run(run_cli, tmp_path):
    run = tmp_path / "run"
    assert run_cli("tf2gan.main", "--variant=smoothing", "--dataset=mnist_sample", "--steps=3",
                   f"--run_dir={run}").returncode == 0
    result = run_cli("tf2gan.sample", f"--run_dir={run}", "--interpolate=4", "--seed=2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"tf2gan: wrote 8 walks of 4 steps (slerp through the normal prior) from step 3 of "
        f"{run} to {run}/samples/interpolation.png and {run}/samples/interpolation.gif")
