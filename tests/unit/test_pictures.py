"""Pictures: each image of a grid shown on its own range, as the tutorials' per-image imshow did."""

import numpy as np
import tensorflow as tf
from matplotlib.backends.backend_agg import FigureCanvasAgg

from tf2gan.run import pictures
from tf2gan.variants import VARIANTS


def _mosaic(fig) -> np.ndarray:
    (ax,) = fig.axes
    (image,) = ax.get_images()
    return np.ma.filled(image.get_array(), np.nan)


def test_each_image_is_scaled_to_its_own_range_and_the_gaps_are_blank():
    dim, bright = np.full((1, 784), 0.2, np.float32), np.full((1, 784), 0.9, np.float32)
    dim[0, 0], bright[0, 0] = 0.1, 0.95  # ranges 0.1-0.2 and 0.9-0.95
    mosaic = _mosaic(pictures.grid16(np.concatenate([dim, bright] * 8)))
    first, second = mosaic[:28, :28], mosaic[:28, 29:57]  # a gap of 0.05 * 28 ~ 1 pixel
    assert first.min() == second.min() == 0.0 and first.max() == second.max() == 1.0
    assert np.isnan(mosaic[:28, 28]).all()  # nothing drawn between the two
    assert mosaic.shape == (4 * 28 + 3, 4 * 28 + 3)


def test_a_titled_grid_keeps_its_title_clear_of_the_images():
    fig = pictures.fixed_noise16(np.random.default_rng(0).random((16, 784)), "Epoch: [1/200]")
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    title = fig._suptitle.get_window_extent()
    images = fig.axes[0].get_window_extent()
    assert title.y0 >= images.y1


def test_a_mosaic_lays_tiles_row_by_row_with_fill_between_and_around():
    tiles = np.arange(6, dtype=np.uint8).reshape(2, 3, 1, 1) + 1  # 1x1 tiles 1..6
    assert pictures.mosaic(tiles, 1, 0).tolist() == [[1, 0, 2, 0, 3],
                                                     [0, 0, 0, 0, 0],
                                                     [4, 0, 5, 0, 6]]
    bordered = pictures.mosaic(tiles, 1, 0, border=True)
    assert bordered.shape == (5, 7) and bordered[1, 1] == 1 and bordered[3, 5] == 6
    assert not bordered[0].any() and not bordered[:, 0].any()


def test_dcgans_grid_shows_the_same_16_noise_vectors_every_epoch_and_other_runs_other_ones():
    # The tutorial drew `seed = tf.random.normal([16, noise_dim])` once and
    # showed G of it after every epoch, so that the pictures show G change.
    dcgan = VARIANTS["dcgan"]
    noise_of = lambda seed, step: pictures.compute(dcgan, lambda z: tf.identity(z).numpy(),
                                                   seed, step).images
    first = noise_of(1, 234)
    assert first.shape == (16, 100)
    np.testing.assert_array_equal(noise_of(1, 235 * 50 - 1), first)
    assert not np.allclose(noise_of(2, 234), first)


def test_figure_2_shows_each_sample_beside_its_nearest_training_image_unscaled():
    rng = np.random.default_rng(3)
    samples, nearest = rng.random((24, 784)) * 0.5, rng.random((24, 784)) * 0.5
    distance = np.arange(24, 0, -1, dtype=float)  # the last sample is the closest
    fig = pictures.beside_nearest(samples, nearest, distance, rows=3, pairs_per_row=8)
    first, closest = (np.ma.filled(ax.get_images()[0].get_array(), np.nan) for ax in fig.axes)
    np.testing.assert_allclose(first[:28, :28], samples[0].reshape(28, 28), rtol=1e-6)
    np.testing.assert_allclose(first[:28, 29:57], nearest[0].reshape(28, 28), rtol=1e-6)
    np.testing.assert_allclose(closest[:28, :28], samples[23].reshape(28, 28), rtol=1e-6)
    np.testing.assert_allclose(closest[:28, 29:57], nearest[23].reshape(28, 28), rtol=1e-6)
    assert np.nanmax(first) <= 0.5  # not stretched to each image's own range
    assert [ax.get_title() for ax in fig.axes] == [
        "The first 24 samples, each beside its nearest training image",
        "The 8 samples closest to a training image (distance 1.00 to 8.00)"]
