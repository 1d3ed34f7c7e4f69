"""A trained generator as a SavedModel that runs without tf2gan.

A generator is what a user takes elsewhere: to TensorFlow Serving, into
another program, onto a phone. The export (python -m tf2gan.export) is a
folder that `tf.saved_model.load` reads in any TensorFlow 2 process:

- `serving_default`: `noise` float32 [N, noise_dim] -> `images` uint8
  [N, 28, 28] (the variant's data scaling undone, as sampling.pixels does)
  or `values` float32 [N, 100] for gaussian1d;
- `sample`: (`num` int32, `seed` int64) -> the same output for `num`
  samples, their noise drawn from the prior by the stateless draw that
  `tf2gan.sample --seed` uses (sampling.chunk_noise), chunk by chunk: a
  process that has only the export draws exactly the samples of the run;
- the prior as attributes: `variant_name`, `prior_kind` (normal or
  uniform), `noise_dim`, and the parameters its kind has (`prior_low` and
  `prior_high`, a uniform prior's bounds; none for N(0, 1)). They are
  variables: tf.saved_model.save drops constants that hang on a module;
- `tf2gan_export.json`, the same facts as plain JSON;
- `generator.tflite`, `serving_default` converted for TensorFlow Lite.
"""

from __future__ import annotations

import dataclasses
import glob
import json
import os
import shutil
from typing import Any, Callable

import numpy as np
import tensorflow as tf

from tf2gan.base import files
from tf2gan.base.errors import UsageError, first_line
from tf2gan.core import sampling
from tf2gan.core.noise import prior_parameters
from tf2gan.data import kinds
from tf2gan.run.checkpoints import restore_generator, write_failure
from tf2gan.variants import Variant

MANIFEST = "tf2gan_export.json"
TFLITE = "generator.tflite"
SERVING = "serving_default"
SAMPLE = "sample"


@dataclasses.dataclass(frozen=True)
class _Output:
    """What the generator's output becomes in the export."""

    name: str
    dtype: tf.DType
    shape: tuple[int, ...]  # of one sample
    finish: Callable[[tf.Tensor], tf.Tensor]


def _output(variant: Variant) -> _Output:
    kind = kinds.of(variant)
    if kind.images:
        return _Output(kind.sample_name, tf.uint8, kinds.sample_shape(variant),
                       lambda x: sampling.pixels(variant, x))
    return _Output(kind.sample_name, tf.float32, kinds.sample_shape(variant), tf.identity)


class ExportedGenerator(tf.Module):
    """The generator, its output in the data's units, and its prior."""

    def __init__(self, variant: Variant, generator: tf.keras.Model) -> None:
        super().__init__(name="tf2gan_generator")
        self.generator = generator
        noise = variant.noise
        self.variant_name = tf.Variable(variant.name, trainable=False, name="variant_name")
        self.prior_kind = tf.Variable(noise.kind, trainable=False, name="prior_kind")
        self.noise_dim = tf.Variable(noise.dim, trainable=False, dtype=tf.int32, name="noise_dim")
        for name, value in prior_parameters(noise).items():
            setattr(self, f"prior_{name}", tf.Variable(value, trainable=False, dtype=tf.float32,
                                                       name=f"prior_{name}"))
        self._variant = variant
        self._output = _output(variant)
        self.serve = tf.function(self._serve, input_signature=[
            tf.TensorSpec([None, noise.dim], tf.float32, name="noise")])
        self.sample = tf.function(self._sample, input_signature=[
            tf.TensorSpec([], tf.int32, name="num"), tf.TensorSpec([], tf.int64, name="seed")])

    def _serve(self, noise: tf.Tensor) -> dict[str, tf.Tensor]:
        return {self._output.name: self._output.finish(self.generator(noise, training=False))}

    def _sample(self, num: tf.Tensor, seed: tf.Tensor) -> dict[str, tf.Tensor]:
        tf.debugging.assert_positive(num, message="num must be at least 1")
        chunks = (num + sampling.CHUNK - 1) // sampling.CHUNK
        outputs = tf.TensorArray(self._output.dtype, size=chunks, infer_shape=False,
                                 element_shape=tf.TensorShape([None, *self._output.shape]))
        for i in tf.range(chunks):
            size = tf.minimum(sampling.CHUNK, num - i * sampling.CHUNK)
            z = sampling.chunk_noise(self._variant.noise, seed, i, size)
            outputs = outputs.write(i, self._serve(z)[self._output.name])
        return {self._output.name: outputs.concat()}


def _spec(name: str, dtype: str, shape: tuple[int | None, ...]) -> str:
    return f"{name} {dtype} [{', '.join('None' if d is None else str(d) for d in shape)}]"


def _manifest(variant: Variant, run: str, step: int, tflite: bool) -> dict[str, Any]:
    output = _output(variant)
    returns = _spec(output.name, output.dtype.name, (None, *output.shape))
    return {
        "variant": variant.name,
        "source": variant.source,
        "run_dir": os.path.abspath(run),
        "step": step,
        "data": variant.data,
        "output": output.name,
        "prior": {"kind": variant.noise.kind, "dim": variant.noise.dim,
                  **prior_parameters(variant.noise)},
        "signatures": {
            SERVING: f"{_spec('noise', 'float32', (None, variant.noise.dim))} -> {returns}",
            SAMPLE: f"{_spec('num', 'int32', ())}, {_spec('seed', 'int64', ())} -> {returns}",
        },
        "tflite": TFLITE if tflite else None,
        "tensorflow": tf.__version__,
    }


def _to_tflite(saved_model: str) -> bytes:
    """The export's serving signature as a TensorFlow Lite model.

    Converted from the loaded signature, not with from_saved_model: on
    TensorFlow 2.21 that leaves a Keras 3 model's weights out (a file of a
    few kilobytes whose outputs are wrong), where the signature's concrete
    function has them folded in as constants.
    """
    loaded = tf.saved_model.load(saved_model)
    converter = tf.lite.TFLiteConverter.from_concrete_functions([loaded.signatures[SERVING]],
                                                                loaded)
    return converter.convert()


def export(run: str, out: str, say: Callable[[str], None] = print,
           tflite: bool = True) -> dict[str, Any]:
    """Export the generator of the latest readable checkpoint in `run` to `out`.

    The folder appears whole or not at all: it is written beside `out` and
    renamed. A TFLite conversion that fails costs one line through `say`
    and leaves the SavedModel complete.

    Args:
      run: the run directory.
      out: the folder to write, new or empty.
      say: where progress and a failed conversion are reported.
      tflite: also write generator.tflite (it doubles the export's size,
        which matters for an export kept in a repository).

    Returns:
      The manifest written as tf2gan_export.json.
    """
    if os.path.exists(out) and not (os.path.isdir(out) and not os.listdir(out)):
        raise UsageError(f"--out {out} already exists; choose a new folder")
    variant, generator, step = restore_generator(run, say)
    module = ExportedGenerator(variant, generator)
    staging = f"{os.path.normpath(out)}{files.TEMPORARY_MARK}{os.getpid()}"
    for leftover in glob.glob(glob.escape(os.path.normpath(out)) + files.TEMPORARY_MARK + "*"):
        if leftover == staging or files.left_by_a_dead_process(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
            if leftover != staging:
                say(f"tf2gan: removed {leftover}, left by an export that did not finish")
    try:
        tf.saved_model.save(module, staging,
                            signatures={SERVING: module.serve, SAMPLE: module.sample})
        converted = None
        if tflite:
            try:
                converted = _to_tflite(staging)
            except Exception as e:  # noqa: BLE001 - the converter raises many kinds
                say(f"tf2gan: no {TFLITE}: the TFLite conversion failed ({first_line(e)}); "
                    "the SavedModel is complete")
        if converted is not None:
            with open(os.path.join(staging, TFLITE), "wb") as f:
                f.write(converted)
        manifest = _manifest(variant, run, step, converted is not None)
        with open(os.path.join(staging, MANIFEST), "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
        os.replace(staging, out)
    except (OSError, tf.errors.OpError) as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise write_failure(out, e) from None
    return manifest


# What a manifest must say for `sample --model` to use the export, and of what type.
_MANIFEST_KEYS = {"variant": str, "step": int, "data": str, "output": str}


def read_manifest(directory: str) -> dict[str, Any]:
    """The export's manifest; UsageError naming it if it is missing or not one."""
    path = os.path.join(directory, MANIFEST)
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except FileNotFoundError:
        raise UsageError(f"--model {directory} holds no tf2gan export: {MANIFEST} is "
                         "missing") from None
    except (OSError, ValueError) as e:
        raise UsageError(f"{path} cannot be read: {e}") from None
    wrong = ([key for key, kind in _MANIFEST_KEYS.items()
              if not isinstance(manifest.get(key), kind)] if isinstance(manifest, dict)
             else list(_MANIFEST_KEYS))
    if wrong:
        raise UsageError(f"{path} is not a tf2gan export's manifest (no {', '.join(wrong)}); "
                         "export the run again")
    return manifest


def sample(directory: str, num: int, seed: int) -> np.ndarray:
    """`num` samples from an export, drawn as `tf2gan.sample --seed=seed` draws them.

    UsageError if the folder does not load as the SavedModel an export
    writes (files missing or damaged).
    """
    try:
        signature = tf.saved_model.load(directory).signatures[SAMPLE]
    except Exception as e:  # noqa: BLE001 - a damaged SavedModel fails in many ways
        raise UsageError(f"--model {directory} does not load as a tf2gan export "
                         f"({first_line(e)}); export the run again") from None
    outputs = signature(num=tf.constant(num, tf.int32), seed=tf.constant(seed, tf.int64))
    (values,) = outputs.values()
    return values.numpy()

