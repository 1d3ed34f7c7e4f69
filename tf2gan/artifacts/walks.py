"""Latent walks: what a generator draws along paths between points of its prior.

A walk says whether G maps nearby noise to nearby outputs, turning one digit
into another through plausible shapes, or jumps between a few memorised
ones. `tf2gan.sample --interpolate=N` draws ROWS pairs of points from the
variant's prior (a stateless draw keyed by --seed), walks N steps from each
first point to its second and writes RUN_DIR/samples/interpolation.png (one
walk a row) and interpolation.gif (the walks side by side, step by step).

The path depends on the prior. Most of a normal prior's mass in many
dimensions lies near the sphere of radius sqrt(dim), and the straight line
between two of its points passes well inside that shell, through noise G
hardly ever saw in training: spherical interpolation (slerp) keeps to it, as
White ("Sampling Generative Networks", 2016) argued. A uniform prior fills
its box, the straight line between two points stays in it, and the walk is
linear.

002's picture (pictures.traversal) is one case of a latent walk: a path
along one axis, z[0] from -1 to 0.98. As 002 drew a fresh z for every image
and then set z[0], its other coordinates change from image to image as
well; a walk here holds its two ends fixed and moves all coordinates.
gaussian1d's outputs are 100 values, not a picture: its walks show how the
mean and spread of those values move along each path, and their histogram
step by step.
"""

from __future__ import annotations

import io
import os
from typing import Callable

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from tf2gan.base import files
from tf2gan.base.errors import RunError
from tf2gan.base.streams import Stream, stream_seed
from tf2gan.core import sampling
from tf2gan.core.noise import sample_prior
from tf2gan.data import kinds
from tf2gan.run import gif, pictures, run_dir
from tf2gan.variants import Noise, Variant

ROWS = 8
PNG = "interpolation.png"
GIF = "interpolation.gif"
FRAME_MS = 120
_SCALE = 3  # pixels a digit's pixel takes in the pictures
_GAP = 2  # grey pixels between digits

Path = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Points (1 - t) a + t b [rows, len(t), dim] on the lines from a [rows, dim] to b."""
    a, b, t = a[:, np.newaxis, :], b[:, np.newaxis, :], t[np.newaxis, :, np.newaxis]
    return (1.0 - t) * a + t * b


def slerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Points [rows, len(t), dim] on the arcs about the origin from a [rows, dim] to b.

    sin((1 - t) w) / sin(w) a + sin(t w) / sin(w) b, with w the angle
    between a and b: endpoints of equal norm keep that norm all the way.
    Where a and b are (nearly) parallel or opposite, the path is the
    straight line.
    """
    a64, b64 = np.asarray(a, np.float64), np.asarray(b, np.float64)
    unit = lambda x: x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-300)
    cos = np.clip(np.sum(unit(a64) * unit(b64), axis=-1), -1.0, 1.0)
    angle = np.arccos(cos)[:, np.newaxis, np.newaxis]
    sin = np.sin(angle)
    parallel = sin < 1e-6
    safe = np.where(parallel, 1.0, sin)
    t = t[np.newaxis, :, np.newaxis]
    arc = (np.sin((1.0 - t) * angle) / safe * a64[:, np.newaxis, :]
           + np.sin(t * angle) / safe * b64[:, np.newaxis, :])
    return np.where(parallel, lerp(a64, b64, t[0, :, 0]), arc)


# The path for each kind of prior (the module docstring says why).
PATHS: dict[str, Path] = {"normal": slerp, "uniform": lerp}


def walk_noise(noise: Noise, steps: int, seed: int, rows: int = ROWS) -> np.ndarray:
    """Noise [rows, steps, dim]: `rows` walks between points drawn from the prior."""
    start, end = (sample_prior(noise, (rows, noise.dim), stream_seed(seed, Stream.WALKS, i))
                  for i in (0, 1))
    path = PATHS[noise.kind](start.numpy(), end.numpy(), np.linspace(0.0, 1.0, steps))
    return path.astype(np.float32)


def _cells(digits: np.ndarray) -> Image.Image:
    """uint8 digits [rows, cols, height, width] as one grey picture, scaled up, grey between them."""
    sheet = pictures.mosaic(digits, _GAP, 128, border=True)
    picture = Image.fromarray(sheet)
    return picture.resize((picture.width * _SCALE, picture.height * _SCALE),
                          Image.Resampling.NEAREST)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _digit_walks(variant: Variant, outputs: np.ndarray) -> tuple[bytes, list[Image.Image]]:
    """A grid, one walk a row; frames of every walk's digit at each step."""
    rows, steps = outputs.shape[:2]
    digits = sampling.to_uint8(variant, outputs.reshape(rows * steps, -1)).reshape(
        rows, steps, *kinds.IMAGE_SHAPE)
    frames = [_cells(digits[:, k][np.newaxis]) for k in range(steps)]
    return _png(_cells(digits)), frames


def _value_walks(variant: Variant, outputs: np.ndarray) -> tuple[bytes, list[Image.Image]]:
    """Each walk's mean and std of its 100 values along the path; histograms step by step."""
    rows, steps = outputs.shape[:2]
    mean, std = outputs.mean(axis=-1), outputs.std(axis=-1)
    x = np.arange(steps)
    fig = Figure(figsize=(7, 4))
    ax = fig.subplots()
    for r in range(rows):
        line, = ax.plot(x, mean[r], lw=1)
        ax.fill_between(x, mean[r] - std[r], mean[r] + std[r], color=line.get_color(), alpha=0.1)
    target = variant.gaussian_mean, variant.gaussian_stddev
    ax.axhline(target[0], color="k", ls="--", lw=1, label=f"target mean {target[0]:g}")
    for bound in (target[0] - target[1], target[0] + target[1]):
        ax.axhline(bound, color="k", ls=":", lw=1)
    ax.set_xlabel("step along the walk")
    ax.set_ylabel("mean ± std of the 100 values")
    ax.set_title(f"{rows} walks through the prior; dotted: target ± {target[1]:g}", fontsize=9)
    ax.legend(loc=0, fontsize=8)
    bins = np.linspace(min(outputs.min(), target[0] - 3 * target[1]),
                       max(outputs.max(), target[0] + 3 * target[1]), 41)
    peak = max(np.histogram(outputs[:, k], bins)[0].max() for k in range(steps))
    frames = []
    for k in range(steps):
        frame = Figure(figsize=(6, 4))
        axes = frame.subplots()
        values = outputs[:, k].reshape(-1)
        axes.hist(values, bins, histtype="step",
                  label=f"mean {values.mean():.3f}, std {values.std():.3f}")
        axes.axvline(target[0], color="k", ls="--", lw=1)
        axes.set_ylim(0, peak * 1.1)
        axes.set_title(f"step {k + 1} of {steps}: the {values.size} values of {rows} walks",
                       fontsize=9)
        axes.legend(loc=1, fontsize=8)
        frames.append(Image.open(io.BytesIO(pictures.png_bytes(frame))).convert("RGB"))
    return pictures.png_bytes(fig), frames


# How each kind of data is drawn along the walks.
_DRAWINGS: dict[str, Callable[[Variant, np.ndarray], tuple[bytes, list[Image.Image]]]] = {
    "images": _digit_walks, "gaussian": _value_walks}


def bytes_per_step(variant: Variant) -> int:
    """Memory one step of the walks takes at the peak of `write`: the ROWS
    outputs (float32, twice), and what is drawn of them, kept until the GIF is
    encoded: for digits a frame of ROWS digits (RGB) and the grid's column
    (grey), for values a histogram figure (RGB, at most 8 x 6 inches at 100 dpi)."""
    outputs = 2 * ROWS * variant.example_dim * 4
    if kinds.of(variant).images:
        cell = (max(kinds.IMAGE_SHAPE) + 2 * _GAP) * _SCALE
        return outputs + ROWS * cell * cell * (3 + 1)
    return outputs + 800 * 600 * 3


def write(directory: str, variant: Variant, generate: sampling.Generate, steps: int,
          seed: int) -> tuple[str, str]:
    """Walk the prior and write DIRECTORY/samples/interpolation.png and .gif; their paths."""
    noise = walk_noise(variant.noise, steps, seed)
    rows = noise.shape[0]
    outputs = generate(noise.reshape(rows * steps, -1)).reshape(rows, steps, -1)
    png, frames = _DRAWINGS[variant.data](variant, outputs)
    folder = os.path.join(directory, run_dir.SAMPLES)
    png_path, gif_path = os.path.join(folder, PNG), os.path.join(folder, GIF)
    files.make_folder(folder)
    for path, write_it in (
            (png_path, lambda: files.write_atomically(png_path, png)),
            # There and back again, so that the loop does not jump.
            (gif_path, lambda: gif.write(gif_path, frames + frames[-2:0:-1], FRAME_MS,
                                         FRAME_MS))):
        try:
            write_it()
        except OSError as e:
            raise RunError(f"cannot write {path}: {e.strerror or e}") from None
    return png_path, gif_path
