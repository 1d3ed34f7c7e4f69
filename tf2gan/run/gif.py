"""A run's pictures as one animated GIF, as TensorFlow's DCGAN tutorial ends.

The pictures a variant draws as it trains say how it learned only when seen
one after another. This module reads the PNGs back from RUN_DIR/samples/ in
training order and writes them as samples/progress.gif, at the end of a run
and on demand (`tf2gan.sample --gif`). It works on finished image files, not
on matplotlib figures, so it stays apart from pictures.py; Pillow does the
encoding.
"""

from __future__ import annotations

import io
import os
from typing import Sequence

import numpy as np
from PIL import Image

from tf2gan.base import files
from tf2gan.run import run_dir
from tf2gan.variants import Cadence

PROGRESS = "progress.gif"
FRAME_MS = 250
LAST_FRAME_MS = 2000  # the end of training stays on screen before the loop restarts
# A long run draws hundreds of pictures (dropout: one an epoch on the
# offline sample, six on full MNIST): an even selection of them plays in
# reasonable time, and the GIF's size stays bounded.
MAX_FRAMES = 100


def training_pictures(directory: str) -> list[str]:
    """The pictures training drew in DIRECTORY/samples/ (Cadence.label), in training order.

    Anything else in the folder (a GIF, a latent walk) is left out.
    """
    folder = os.path.join(directory, run_dir.SAMPLES)
    names = os.listdir(folder) if os.path.isdir(folder) else []
    keyed = []
    for name in names:
        stem, extension = os.path.splitext(name)
        order = Cadence.label_order(stem) if extension == ".png" else None
        if order is not None:
            keyed.append((order, os.path.join(folder, name)))
    return [path for _, path in sorted(keyed)]


def evenly(items: Sequence[str], most: int) -> list[str]:
    """At most `most` of `items`, evenly spaced, the first and last kept."""
    if len(items) <= most:
        return list(items)
    return [items[int(i)] for i in np.round(np.linspace(0, len(items) - 1, most))]


def _fit(frame: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`frame` on a white canvas of `size`, centred: padded where smaller, cut where larger.

    matplotlib's tight bounding box follows a figure's text, so a picture
    whose title changes (dropout's losses) changes its size by a few pixels.
    """
    if frame.size == size:
        return frame
    canvas = Image.new("RGB", size, "white")
    canvas.paste(frame, ((size[0] - frame.width) // 2, (size[1] - frame.height) // 2))
    return canvas


def encode(frames: Sequence[Image.Image], frame_ms: int = FRAME_MS,
           last_frame_ms: int = LAST_FRAME_MS) -> bytes:
    """An endlessly looping GIF of `frames`, each the size of the first."""
    size = frames[0].size
    fitted = [_fit(frame.convert("RGB"), size) for frame in frames]
    durations = [frame_ms] * (len(fitted) - 1) + [last_frame_ms]
    buffer = io.BytesIO()
    fitted[0].save(buffer, format="GIF", save_all=True, append_images=fitted[1:],
                   duration=durations, loop=0)
    return buffer.getvalue()


def write(path: str, frames: Sequence[Image.Image], frame_ms: int = FRAME_MS,
          last_frame_ms: int = LAST_FRAME_MS) -> None:
    files.write_atomically(path, encode(frames, frame_ms, last_frame_ms))


def progress_path(directory: str) -> str:
    """Where the progress GIF of the run in `directory` goes."""
    return os.path.join(directory, run_dir.SAMPLES, PROGRESS)


def write_progress(directory: str, pictures: Sequence[str]) -> tuple[str, int]:
    """Write DIRECTORY/samples/progress.gif from `pictures` (at least 2); its path and frames."""
    chosen = evenly(pictures, MAX_FRAMES)
    frames = []
    for picture in chosen:
        with Image.open(picture) as image:
            frames.append(image.convert("RGB"))
    path = progress_path(directory)
    write(path, frames)
    return path, len(chosen)
