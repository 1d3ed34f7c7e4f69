"""A fresh process with plain TensorFlow: the goodfellow export against `sample --run_dir`'s digits."""
import sys

import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure

export, from_run, picture = sys.argv[1:4]
g = tf.saved_model.load(export)
images = g.signatures["sample"](num=tf.constant(1000), seed=tf.constant(0, tf.int64))["images"].numpy()
run = np.load(from_run)["images"]
print(f"export: {images.shape} {images.dtype}; run: {run.shape}; identical: {np.array_equal(images, run)}; "
      f"pixels differing: {int((images != run).sum())}")
fig = Figure(figsize=(8, 1))
ax = fig.add_axes((0, 0, 1, 1))
tiles = images[:32].reshape(2, 16, 28, 28).transpose(0, 2, 1, 3).reshape(56, 448)
ax.imshow(tiles, cmap="Greys_r", vmin=0, vmax=255)
ax.set_axis_off()
fig.savefig(picture, dpi=80)
