"""CPU seconds to draw and encode each variant's picture, as the drawing thread does.

Run from the repository: `PYTHONPATH=. .venv/bin/python docs/draw_time.py`. It times
process CPU (not wall time) because on two cores what matters is how much of
the training cores a picture takes. Random pixels stand in for G's samples:
drawing cost does not depend on what the digits look like.
"""
import time

import numpy as np

from tf2gan.run import pictures
from tf2gan.variants import VARIANTS

TITLE = "Epoch 1, batch 0: D loss 1.2, G loss 0.7"
REPEATS = 5


def shown_for(picture: str, rng: np.random.Generator) -> pictures.Shown:
    if picture == "histograms":
        return pictures.Shown(values={k: rng.normal(size=100) for k in ("real", "generated", "input")})
    count = {"row10": 10, "traversal": 100}.get(picture, 16)
    return pictures.Shown(rng.random((count, 784)).astype(np.float32))


def main() -> None:
    rng = np.random.default_rng(0)
    for name, variant in VARIANTS.items():
        shown = shown_for(variant.picture, rng)
        pictures.png_bytes(pictures.draw(variant, shown, TITLE))  # matplotlib's first-use costs
        start = time.process_time()
        for _ in range(REPEATS):
            pictures.png_bytes(pictures.draw(variant, shown, TITLE))
        seconds = (time.process_time() - start) / REPEATS
        print(f"{name:11s} {variant.picture:14s} {seconds:.3f} s of CPU a picture", flush=True)


if __name__ == "__main__":
    main()
