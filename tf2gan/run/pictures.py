"""What each tutorial showed its reader, drawn the way it drew it.

A picture is made in two parts: `compute` runs G for it, which reads the
weights of the moment and so belongs on the training thread; `draw` turns
those numbers into a matplotlib Figure (no pyplot state), which the
training loop's background worker writes as a PNG and a TensorBoard image.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Callable

import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure

from tf2gan.base.streams import Stream, stream_seed
from tf2gan.core.noise import sample_prior
from tf2gan.data import kinds
from tf2gan.data.input_pipeline import gaussian_real_sample
from tf2gan.variants import Variant


def _images(pixels: np.ndarray) -> np.ndarray:
    return np.asarray(pixels, np.float32).reshape(-1, *kinds.IMAGE_SHAPE)


def mosaic(tiles: np.ndarray, gap: int, fill: float, border: bool = False) -> np.ndarray:
    """Tiles [rows, cols, h, w] as one array, `gap` elements of `fill` between
    them (and around them, with `border`)."""
    rows, cols, height, width = tiles.shape
    edge = gap if border else 0
    sheet = np.full((rows * (height + gap) - gap + 2 * edge,
                     cols * (width + gap) - gap + 2 * edge), fill, tiles.dtype)
    for r in range(rows):
        for c in range(cols):
            top, left = edge + r * (height + gap), edge + c * (width + gap)
            sheet[top:top + height, left:left + width] = tiles[r, c]
    return sheet


def _grid(images: np.ndarray, rows: int, cols: int, size: float, cmap: str | None,
          gap: float = 0.2, title: str = "", fontsize: float = 10) -> Figure:
    """Images in a rows x cols grid, `gap` of an image's width apart, under `title`.

    Drawn as one mosaic on one Axes: a Figure of one Axes per image took
    0.16 s to render, most of a picture's cost, on the cores training
    uses. Each image is scaled to its own range first, which is what
    imshow's autoscaling did to each of them (and what 003's torchvision
    make_grid(normalize=True, scale_each=True) did); the gaps are NaN,
    which imshow leaves blank.
    """
    images = images[: rows * cols]
    low = images.min(axis=(1, 2), keepdims=True)
    high = images.max(axis=(1, 2), keepdims=True)
    tiles = ((images - low) / np.maximum(high - low, 1e-12)).astype(np.float32)
    sheet = mosaic(tiles.reshape(rows, cols, *images.shape[1:]), round(gap * images.shape[2]),
                   np.nan)
    heading = 2.5 * fontsize / 72 if title else 0.0  # inches above the images
    fig = Figure(figsize=(cols * size, rows * size + heading))
    ax = fig.add_axes((0, 0, 1, rows * size / (rows * size + heading)))
    ax.imshow(sheet, cmap=cmap, vmin=0.0, vmax=1.0)
    ax.set_axis_off()
    if title:
        fig.suptitle(title, fontsize=fontsize, y=1.0, va="top")
    return fig


def row10(pixels: np.ndarray) -> Figure:
    """000: ten samples in one row, imshow's default colour map (viridis)."""
    return _grid(_images(pixels), 1, 10, 1.0, cmap=None)


def grid16(pixels: np.ndarray) -> Figure:
    """001: sixteen samples in a 4x4 grey grid."""
    return _grid(_images(pixels), 4, 4, 1.0, cmap="Greys_r", gap=0.05)


def traversal(pixels: np.ndarray) -> Figure:
    """002: the 100 images of z[0] = 0.02 i - 1, i = 0..99, row by row."""
    return _grid(_images(pixels), 10, 10, 0.6, cmap="Greys_r",
                 title="z[0] from -1.00 (top left) to 0.98 (bottom right)")


def fixed_noise16(pixels: np.ndarray, title: str) -> Figure:
    """003: the 16 fixed test-noise samples, each scaled to its own range."""
    return _grid(_images(pixels), 4, 4, 1.0, cmap="Greys_r", title=title, fontsize=8)


def fixed_grid16(pixels: np.ndarray) -> Figure:
    """The DCGAN tutorial's generate_and_save_images: 16 fixed-noise samples
    in a 4x4 figure of 4 by 4 inches, grey, axes off, plt.subplot's default
    spacing (0.2). Its imshow scaled each image to its own range, so its
    `* 127.5 + 127.5` changed nothing."""
    return _grid(_images(pixels), 4, 4, 1.0, cmap="gray")


def beside_nearest(samples: np.ndarray, nearest: np.ndarray, distance: np.ndarray,
                   rows: int = 3, pairs_per_row: int = 8) -> Figure:
    """The 2014 paper's Figure 2: samples, each beside its nearest training image.

    Above, the first rows * pairs_per_row samples as drawn (what a reader
    would see of the generator); below, the pairs_per_row samples closest to
    a training image (where copying would show first). Each pair is a sample
    (left) and its nearest training image (right), pixels in [0, 1] as they
    are, not rescaled, so a copy looks like a copy.
    """
    samples, nearest = _images(samples), _images(nearest)
    # Fewer samples than the grid holds: one row of as many as there are.
    pairs_per_row = min(pairs_per_row, len(samples))
    rows = max(1, min(rows, len(samples) // pairs_per_row))

    def sheet(order: np.ndarray, n_rows: int) -> np.ndarray:
        pairs = np.stack([samples[order], nearest[order]], axis=1)  # [n, 2, h, w]
        tiles = np.stack([mosaic(pair[np.newaxis], 1, np.nan) for pair in pairs])
        return mosaic(tiles.reshape(n_rows, pairs_per_row, *tiles.shape[1:]),
                      round(0.3 * samples.shape[2]), np.nan)

    shown = rows * pairs_per_row
    panels = [(sheet(np.arange(shown), rows),
               f"The first {shown} samples, each beside its nearest training image"),
              (sheet(np.argsort(distance, kind="stable")[:pairs_per_row], 1),
               f"The {pairs_per_row} samples closest to a training image "
               f"(distance {np.sort(distance)[0]:.2f} to {np.sort(distance)[pairs_per_row - 1]:.2f})")]
    width = 1.2 * pairs_per_row
    heights = [width * panel.shape[0] / panel.shape[1] for panel, _ in panels]
    heading = 0.35
    fig = Figure(figsize=(width, sum(heights) + heading * len(panels)))
    total, top = sum(heights) + heading * len(panels), 1.0
    for (panel, title), height in zip(panels, heights):
        top -= heading / total
        ax = fig.add_axes((0, top - height / total, 1, height / total))
        ax.imshow(panel, cmap="Greys_r", vmin=0.0, vmax=1.0)
        ax.set_axis_off()
        ax.set_title(title, fontsize=9)
        top -= height / total
    return fig


def histograms(real: np.ndarray, generated: np.ndarray, inputs: np.ndarray) -> Figure:
    """004: step histograms of real, generated and input values with mean and std."""
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    for values, label in ((real, "Real"), (generated, "Generated"), (inputs, "Input")):
        values = np.asarray(values).reshape(-1)
        ax.hist(values, histtype="step",
                label=f"{label}: mean {values.mean():.3f}, std {values.std():.3f}")
    ax.legend(loc=0, fontsize=8)
    return fig


def png_bytes(fig: Figure, dpi: float | None = None) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", dpi=dpi)
    return buffer.getvalue()


Generate = Callable[[tf.Tensor], np.ndarray]


@dataclasses.dataclass(frozen=True)
class Shown:
    """What a picture shows, as numbers that no longer depend on the model."""

    images: np.ndarray | None = None  # G's outputs, for the pictures of digits
    # For histograms: real, generated and input values, which TensorBoard
    # histograms too.
    values: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Picture:
    """One tutorial's picture in its two parts: `compute(variant, generate,
    seed, step)` runs G on the training thread, `draw(shown, title)` makes
    the figure on the background thread."""

    compute: Callable[[Variant, Generate, int, int], Shown]
    draw: Callable[[Shown, str], Figure]


def _fresh(variant: Variant, seed: int, step: int, n: int) -> tf.Tensor:
    return sample_prior(variant.noise, (n, variant.noise.dim),
                        stream_seed(seed, Stream.PICTURE, step))


def _fixed(variant: Variant, seed: int, n: int) -> tf.Tensor:
    """The same n noise vectors at every picture of a run."""
    return sample_prior(variant.noise, (n, variant.noise.dim),
                        stream_seed(seed, Stream.FIXED_PICTURE, 0))


def _fresh_samples(n: int) -> Callable[[Variant, Generate, int, int], Shown]:
    return lambda variant, generate, seed, step: Shown(generate(_fresh(variant, seed, step, n)))


def _fixed_samples(n: int) -> Callable[[Variant, Generate, int, int], Shown]:
    return lambda variant, generate, seed, step: Shown(generate(_fixed(variant, seed, n)))


def _traversal(variant: Variant, generate: Generate, seed: int, step: int) -> Shown:
    # 002 drew a new z for every image and then set only z[0].
    z = _fresh(variant, seed, step, 100)
    z0 = 0.02 * tf.range(100, dtype=tf.float32) - 1.0
    return Shown(generate(tf.concat([z0[:, tf.newaxis], z[:, 1:]], axis=1)))


def _histogram_values(variant: Variant, generate: Generate, seed: int, step: int) -> Shown:
    # 004's test_and_show(n_test=100)
    inputs = _fresh(variant, seed, step, 100)
    real = gaussian_real_sample(variant, 100, stream_seed(seed, Stream.PICTURE_DATA, step))
    return Shown(values={"real": real.numpy(), "generated": generate(inputs),
                         "input": inputs.numpy()})


# Variant.picture -> its two parts.
PICTURES: dict[str, Picture] = {
    "row10": Picture(_fresh_samples(10), lambda shown, title: row10(shown.images)),
    "grid16": Picture(_fresh_samples(16), lambda shown, title: grid16(shown.images)),
    "traversal": Picture(_traversal, lambda shown, title: traversal(shown.images)),
    "fixed_noise16": Picture(_fixed_samples(16),
                             lambda shown, title: fixed_noise16(shown.images, title)),
    "histograms": Picture(_histogram_values, lambda shown, title: histograms(
        shown.values["real"], shown.values["generated"], shown.values["input"])),
    "fixed_grid16": Picture(_fixed_samples(16), lambda shown, title: fixed_grid16(shown.images)),
}


def compute(variant: Variant, generate: Generate, seed: int, step: int) -> Shown:
    """What the variant's picture after iteration `step` shows.

    Noise for pictures comes from its own streams, so drawing them never
    changes what training draws.
    """
    return PICTURES[variant.picture].compute(variant, generate, seed, step)


def draw(variant: Variant, shown: Shown, title: str) -> Figure:
    """The variant's picture of `shown`, titled `title` where the tutorial titled it."""
    return PICTURES[variant.picture].draw(shown, title)
