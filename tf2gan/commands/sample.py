"""Draw from a trained generator: samples, the progress GIF, latent walks.

python -m tf2gan.sample --run_dir=DIR --num=N --out=FILE.npz writes
`images` (uint8 [N, 28, 28], 0-255) for image variants and `values`
(float32 [N, 100]) for gaussian1d, from the run's latest checkpoint;
--model=EXPORT instead of --run_dir draws the same from an export
(tf2gan.export), without the run.
--gif instead of --out writes DIR/samples/progress.gif from the pictures
training drew (gif.py); --interpolate=STEPS writes latent walks to
DIR/samples/interpolation.png and .gif (walks.py).
"""

from __future__ import annotations

import os
from typing import Sequence

import numpy as np
from absl import flags

from tf2gan import variants
from tf2gan.base import files, memory
from tf2gan.base.errors import RunError, UsageError
from tf2gan.data import kinds
from tf2gan.run.run_dir import variant_of_run
from tf2gan.run.settings import MAX_SEED
from tf2gan.variants import Variant


def define_flags() -> None:
    """This command's flags and their checks, in absl's global FLAGS."""
    flags.DEFINE_string("run_dir", None, "The run to draw from (its latest checkpoint).")
    flags.DEFINE_string("model", None,
                        "An export written by tf2gan.export to sample from, instead of --run_dir.")
    # At most int32's largest: the export's `sample` signature counts in int32.
    flags.DEFINE_integer("num", 1000, "How many samples (as many as memory holds).",
                         lower_bound=1, upper_bound=2**31 - 1)
    flags.DEFINE_string("out", None, "The .npz file of samples to write (.npz is added to a "
                        "name without it).")
    flags.DEFINE_integer("seed", 0, "Seeds the noise of the samples, or of the walks' ends.",
                         lower_bound=0, upper_bound=MAX_SEED)
    flags.DEFINE_bool("gif", False,
                      "Instead of samples, write RUN_DIR/samples/progress.gif from the pictures "
                      "training drew, in training order.")
    flags.DEFINE_integer("interpolate", None,
                         "Instead of samples, walk this many steps between random points of the "
                         "prior (spherically for a normal prior, linearly for a uniform one) and "
                         "write RUN_DIR/samples/interpolation.png and interpolation.gif.",
                         lower_bound=2)
    flags.mark_flags_as_mutual_exclusive(["run_dir", "model"], required=True)
    flags.register_multi_flags_validator(
        ["out", "gif", "interpolate"],
        lambda f: (f["out"] is not None) + f["gif"] + (f["interpolate"] is not None) == 1,
        "give one of --out (samples), --gif or --interpolate")
    flags.register_validator("out", lambda out: out is None or bool(out.strip()),
                             "--out is empty: name the .npz file to write")
    flags.register_multi_flags_validator(
        ["model", "gif", "interpolate"],
        lambda f: f["model"] is None or not (f["gif"] or f["interpolate"]),
        "--gif and --interpolate draw into a run's samples/ folder: give --run_dir, not --model")


FLAGS = flags.FLAGS


def _out_path() -> str:
    """--out as NumPy would name it: with .npz added when it lacks it."""
    return FLAGS.out if FLAGS.out.endswith(".npz") else FLAGS.out + ".npz"


def _write_npz(key: str, array: np.ndarray, origin: str) -> None:
    """Write the samples whole, or leave an earlier file of the name as it was."""
    path = _out_path()

    def write(temporary: str) -> None:
        with open(temporary, "wb") as f:  # a file, not a name: NumPy adds no suffix
            np.savez(f, **{key: array})

    try:
        files.replace_with(path, write)
    except OSError as e:
        raise RunError(f"cannot write {path}: {e.strerror or e}") from None
    print(f"tf2gan: wrote {key} {array.dtype} {list(array.shape)} from {origin} to {path}")


def _check_num(variant: Variant) -> None:
    from tf2gan.core.sampling import bytes_per_sample

    memory.check_fits("num", FLAGS.num, bytes_per_sample(variant), "samples")


def _samples_of_run() -> None:
    from tf2gan.core.sampling import (from_model, generate, samples_key,
                                      to_uint8)
    from tf2gan.run.checkpoints import restore_generator

    _check_num(variant_of_run(FLAGS.run_dir))
    variant, generator, step = restore_generator(FLAGS.run_dir)
    values = generate(variant, from_model(generator), FLAGS.num, FLAGS.seed)
    key = samples_key(variant.data)
    array = to_uint8(variant, values) if kinds.of(variant).images else values
    _write_npz(key, array, f"step {step} of {FLAGS.run_dir}")


def _samples_of_export() -> None:
    from tf2gan.artifacts import exported
    from tf2gan.core.sampling import samples_key

    if not os.path.isdir(FLAGS.model):
        raise UsageError(f"--model {FLAGS.model} is not a directory")
    manifest = exported.read_manifest(FLAGS.model)
    if manifest["variant"] in variants.names():
        _check_num(variants.get(manifest["variant"]))
    array = exported.sample(FLAGS.model, FLAGS.num, FLAGS.seed)
    _write_npz(samples_key(manifest["data"]), array,
               f"the export of {manifest['variant']} at step {manifest['step']} in {FLAGS.model}")


def _progress_gif() -> None:
    from tf2gan.run import gif

    drawn = gif.training_pictures(FLAGS.run_dir)
    if len(drawn) < 2:
        raise UsageError(f"{FLAGS.run_dir} holds {len(drawn)} picture(s) drawn in training; "
                         "a GIF needs at least 2")
    try:
        path, frames = gif.write_progress(FLAGS.run_dir, drawn)
    except OSError as e:
        raise RunError(f"cannot write {gif.progress_path(FLAGS.run_dir)}: "
                       f"{e.strerror or e}") from None
    print(f"tf2gan: wrote {path}: {frames} frames from {len(drawn)} pictures")


def _latent_walks() -> None:
    from tf2gan.artifacts import walks
    from tf2gan.core.sampling import from_model
    from tf2gan.run.checkpoints import restore_generator

    memory.check_fits("interpolate", FLAGS.interpolate,
                      walks.bytes_per_step(variant_of_run(FLAGS.run_dir)), "walks")
    variant, generator, step = restore_generator(FLAGS.run_dir)
    png, animation = walks.write(FLAGS.run_dir, variant, from_model(generator),
                                 FLAGS.interpolate, FLAGS.seed)
    print(f"tf2gan: wrote {walks.ROWS} walks of {FLAGS.interpolate} steps "
          f"({walks.PATHS[variant.noise.kind].__name__} through the {variant.noise.kind} prior) "
          f"from step {step} of {FLAGS.run_dir} to {png} and {animation}")


def main(argv: Sequence[str]) -> None:
    del argv
    if FLAGS.model is not None:
        _samples_of_export()
        return
    if not os.path.isdir(FLAGS.run_dir):
        raise UsageError(f"--run_dir {FLAGS.run_dir} is not a directory")
    if FLAGS.gif:
        _progress_gif()
    elif FLAGS.interpolate:
        _latent_walks()
    else:
        _samples_of_run()

