"""How fast tf2gan trains, against the original and against the matmul floor.

The command: tf2gan/commands/bench.py.

Times five contenders in alternating rounds after a warm-up and prints the
median steps/s of each (with the rounds' range), tf2gan's ratio to the
original, and the fractions of the two floors that tf2gan reaches:

- tf2gan's fused loop, with the towers and threads training would use here
  (threads.py);
- tf2gan.GAN trained through keras.Model.fit, as a Keras user would run
  it: the same iteration and the same towers, steps_per_execution for the
  fused loop's spans, batches from a tf.data pipeline;
- the original (originals/) on the same data, doing what it did every
  step: index its batch out of the images in memory (as next_batch did),
  draw float64 noise with NumPy, and run its two or six session.run /
  train_on_batch calls or its one tf.function step, with TensorFlow's
  default threads;
- the matmul floor: the matrix products of one iteration, read from the
  traced training step itself (forward, and backward for what each update
  differentiates; a convolution as the matrix product of the same
  multiply-adds), with the iteration's shapes and dtype, one after another
  with nothing else in between, each threaded by oneDNN as TensorFlow's
  defaults have it. 1 / (their time) is the steps/s no implementation that
  runs those products one at a time can beat;
- the split floor: every product cut into one part per core, the parts run
  side by side on one thread each. It bounds an implementation that cuts
  its work that way, as tf2gan's towers do, and for goodfellow's shapes it
  is the higher floor of the two.

TensorFlow's thread pools are fixed for a whole process, so each contender
runs in a process of its own, set up as it would be, and this process
drives them one round at a time: all four see the same drift of a shared
machine. The last line is the ratio.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable

import numpy as np
import tensorflow as tf

from tf2gan.base.errors import RunError
from tf2gan.base.processes import ends_with_this_process
from tf2gan.core.gan import GAN, make_gan, make_train_iteration
from tf2gan.core.loops import FusedLoop
from tf2gan.core.noise import sample_prior_numpy
from tf2gan.data import input_pipeline, kinds, scaling
from tf2gan.originals import make_original
from tf2gan.run import threads
from tf2gan.variants import Variant

Shape = tuple[int, int, int]  # (m, k, n): an [m, k] @ [k, n] product
DTYPES = {"none": tf.float32, "bf16": tf.bfloat16, "fp16": tf.float16}


# The ops of a traced step that are products, and each one's (m, k, n) as the
# matrix product of the same multiply-adds: a convolution is the product of
# its im2col matrix and its kernel.
def _matmul_shape(op: tf.Operation) -> Shape:
    a, b = (tuple(x.shape) for x in op.inputs[:2])
    m, k = (a[1], a[0]) if op.get_attr("transpose_a") else a
    n = b[0] if op.get_attr("transpose_b") else b[1]
    return m, k, n


def _einsum_shape(op: tf.Operation) -> Shape:
    # _matmul's input gradient, "bo,io->bi": dy [b, o] times kernel [i, o]^T.
    (b, o), (i, _) = (tuple(x.shape) for x in op.inputs[:2])
    return b, o, i


def _conv_shape(op: tf.Operation) -> Shape:
    (batch, *_), (height, width, channels, filters) = (tuple(x.shape) for x in op.inputs[:2])
    rows = batch * int(np.prod(op.outputs[0].shape[1:-1]))
    return rows, height * width * channels, filters


def _conv_input_gradient_shape(op: tf.Operation) -> Shape:
    # Conv2DBackpropInput(input_sizes, filter, out_backprop): a transposed
    # convolution's forward pass, or a convolution's input gradient. Each
    # position of out_backprop spreads its `filters` values over a window of
    # height x width x channels (col2im), so at stride s the rows are the
    # small side's positions, not the s^2 times as many of the large side.
    (height, width, channels, filters) = tuple(op.inputs[1].shape)
    spread = tuple(op.inputs[2].shape)
    return int(np.prod(spread[:-1])), filters, height * width * channels


def _conv_filter_gradient_shape(op: tf.Operation) -> Shape:
    # Conv2DBackpropFilter(input, filter_sizes, out_backprop).
    gradient = tuple(op.inputs[2].shape)
    height, width, channels, filters = (int(n) for n in op.outputs[0].shape)
    return height * width * channels, int(np.prod(gradient[:-1])), filters


PRODUCTS: dict[str, Callable[[tf.Operation], Shape]] = {
    "MatMul": _matmul_shape,
    "Einsum": _einsum_shape,
    "Conv2D": _conv_shape,
    "Conv2DBackpropInput": _conv_input_gradient_shape,
    "Conv2DBackpropFilter": _conv_filter_gradient_shape,
}


def _live_ops(graph: tf.Graph) -> list[tf.Operation]:
    """The ops a call of the traced function runs: those its outputs and its
    stateful ops (the updates) depend on. A gradient function may build a
    product nobody reads (the input gradient of a first layer), which the
    runtime prunes; it is not counted."""
    roots = [t.op for t in graph.outputs] + list(graph.control_outputs)
    seen, stack = set(), list(roots)
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        stack.extend(t.op for t in op.inputs)
        stack.extend(op.control_inputs)
    return [op for op in graph.get_operations() if op in seen]


def step_matmuls(variant: Variant) -> list[Shape]:
    """The products of one iteration, read from the traced training step
    (the variant's batch, one tower, float32), in the order they were traced."""
    gan = make_gan(variant)
    graph = make_train_iteration(gan, seed=0).get_concrete_function(
        tf.TensorSpec((variant.batch_size, variant.example_dim)),
        tf.TensorSpec((), tf.int64)).graph
    return [PRODUCTS[op.type](op) for op in _live_ops(graph) if op.type in PRODUCTS]


def matmul_products(shapes: list[Shape], dtype: tf.DType) -> Callable[[int], object]:
    """run(n): n iterations' worth of the products alone, one after another."""
    operands = [(tf.random.normal((m, k), dtype=dtype), tf.random.normal((k, n), dtype=dtype))
                for m, k, n in shapes]

    @tf.function
    def products(repeats: tf.Tensor) -> tf.Tensor:
        total = tf.constant(0.0, dtype)
        for _ in tf.range(repeats):
            previous, corners = total, []
            for a, b in operands:
                with tf.control_dependencies([previous]):
                    previous = tf.matmul(a, b)
                corners.append(previous[0, 0])  # every product is used
            total += tf.add_n(corners)
        return total

    return lambda n: products(tf.constant(n)).numpy()


def split_products(shapes: list[Shape], parts: int) -> list[list[Shape]]:
    """Each product as `parts` products along its longer output side, same sum of work."""
    pieces = []
    for m, k, n in shapes:
        if m >= n:
            pieces.append([(m * i // parts - m * (i - 1) // parts, k, n) for i in range(1, parts + 1)])
        else:
            pieces.append([(m, k, n * i // parts - n * (i - 1) // parts) for i in range(1, parts + 1)])
    return [[shape for shape in group if 0 not in shape] for group in pieces]


def side_by_side_products(groups: list[list[Shape]], dtype: tf.DType) -> Callable[[int], object]:
    """run(n): the products in turn, each one's parts free to run at once."""
    operands = [[(tf.random.normal((m, k), dtype=dtype), tf.random.normal((k, n), dtype=dtype))
                 for m, k, n in group] for group in groups]

    @tf.function
    def products(repeats: tf.Tensor) -> tf.Tensor:
        total = tf.constant(0.0, dtype)
        for _ in tf.range(repeats):
            previous, corners = total, []
            for group in operands:
                with tf.control_dependencies([previous]):
                    parts = [tf.matmul(a, b) for a, b in group]
                previous = tf.add_n([part[0, 0] for part in parts])
                corners.append(previous)
            total += tf.add_n(corners)
        return total

    return lambda n: products(tf.constant(n)).numpy()


def _timed(run: Callable[[int], object], n: int) -> float:
    """Seconds run(n) takes once run(n) has run: Keras' fit compiles again
    for every new number of steps, and that is not the rate of training."""
    run(n)
    began = time.perf_counter()
    run(n)
    return time.perf_counter() - began


def _rate(run: Callable[[int], object], seconds: float, multiple: int = 1) -> float:
    """Calls per second of run(n) at a size that takes about `seconds`, n a
    multiple of `multiple`."""
    n = 2 * multiple
    while (elapsed := _timed(run, n)) < seconds / 4:
        n *= 4
    n = max(1, round(n * seconds / elapsed / multiple)) * multiple
    return n / _timed(run, n)


class _OriginalLoop:
    """The original stepping as its source did, on tf2gan's batch order."""

    def __init__(self, variant: Variant, examples: input_pipeline.Examples, seed: int) -> None:
        self.variant = variant
        self.original = make_original(variant.name, seed)
        self.rng = np.random.default_rng(seed)
        if examples.images is not None:
            self.images = input_pipeline.training_images(variant, examples.images)
            self.images = self.images.astype(np.float32) / 255.0
            self.images = scaling.from_unit(self.images, variant.data_scale)
            self.rows = input_pipeline.BatchIndices(len(self.images), variant.batch_size, seed,
                                                    variant.last_batch == "smaller")
        self.step = 0

    def _noise(self, count: int) -> np.ndarray:
        shape = (count, self.variant.batch_size, self.variant.noise.dim)
        return sample_prior_numpy(self.variant.noise, shape, self.rng)

    def run(self, count: int) -> None:
        variant, schedule = self.variant, self.variant.schedule
        rows = self.rows.take(self.step, count) if kinds.of(variant).images else None
        for i in range(count):
            if rows is not None:
                real = self.images[rows[i][rows[i] != input_pipeline.NO_ROW]]
            else:
                real = self.rng.normal(variant.gaussian_mean, variant.gaussian_stddev,
                                       (variant.batch_size, variant.example_dim))
            d_noise = self._noise(schedule.d_steps)
            fresh = self._noise(schedule.g_steps - schedule.reuse_noise)
            g_noise = np.concatenate([d_noise[-1:], fresh]) if schedule.reuse_noise else fresh
            self.original.train_iteration(real, d_noise, g_noise, outputs=False)
        self.step += count


CONTENDERS = ("tf2gan", "keras fit", "original", "floor", "split floor")
# The contenders that train on the data (the floors time products alone).
READS_DATA = ("tf2gan", "keras fit", "original")
# Iterations per compiled call for the `keras fit` contender: Keras' own
# knob for what the fused loop does with its spans.
FIT_STEPS_PER_EXECUTION = 100


def _fit_run(variant: Variant, mixed_precision: str, examples: input_pipeline.Examples,
             towers: int, seed: int) -> Callable[[int], object]:
    """run(n): n iterations of tf2gan.GAN through keras.Model.fit, fed as a
    Keras user feeds it: uint8 images from tf.data, batched and prefetched
    (gaussian1d: its vectors drawn in the pipeline)."""
    gan = GAN(variant, seed=seed, mixed_precision=mixed_precision, towers=towers, reseed=False)
    gan.compile(steps_per_execution=FIT_STEPS_PER_EXECUTION)
    if examples.images is not None:
        rows = input_pipeline.training_images(variant, examples.images)
        dataset = tf.data.Dataset.from_tensor_slices(rows).repeat()
        dataset = dataset.batch(variant.batch_size, drop_remainder=True)
    else:
        dataset = input_pipeline.gaussian_pipeline(variant, seed, 0)
    dataset = dataset.prefetch(tf.data.AUTOTUNE)
    return lambda n: gan.fit(dataset, steps_per_epoch=n, epochs=1, verbose=0)


def parallelism(contender: str, variant: Variant, towers: int | None = None
                ) -> threads.Parallelism:
    """The threads each contender runs with: tf2gan's as training sets them
    (with `towers` as --towers gives them), TensorFlow's defaults for the
    original and the matmul floor, and one thread per op with one op per
    core for the split floor."""
    if contender in ("tf2gan", "keras fit"):
        return threads.plan(variant, towers)
    if contender == "split floor":
        return threads.Parallelism(intra_op_threads=1, inter_op_threads=threads.cores())
    return threads.Parallelism()


def contender_run(contender: str, variant: Variant, mixed_precision: str,
                  examples: input_pipeline.Examples | None, towers: int = 1,
                  seed: int = 0) -> Callable[[int], object]:
    """run(n): n iterations of the contender, continuing where the last call stopped."""
    dtype, shapes = DTYPES[mixed_precision], step_matmuls(variant)
    if contender == "floor":
        return matmul_products(shapes, dtype)
    if contender == "split floor":
        return side_by_side_products(split_products(shapes, threads.cores()), dtype)
    if contender == "original":
        return _OriginalLoop(variant, examples, seed).run
    if contender == "keras fit":
        return _fit_run(variant, mixed_precision, examples, towers, seed)
    fused, position = FusedLoop(make_gan(variant, mixed_precision, towers), seed, examples), [0]

    def run_fused(n: int) -> None:
        fused.run(position[0], n)  # returns once the span is done
        position[0] += n

    return run_fused


# Contender -> the multiple of iterations its rounds are made of. Keras' fit
# runs fewer steps than steps_per_execution as a call of its own, costing
# about a second each on this machine: a round of fit is whole executions.
ROUND_MULTIPLE = {"keras fit": FIT_STEPS_PER_EXECUTION}


def serve(run: Callable[[int], object], seconds: float, multiple: int = 1) -> None:
    """A contender's side: warm up and size a round to about `seconds` (whole
    multiples of `multiple` iterations), say "ready", then run one round per
    line read and print its steps/s."""
    rate = _rate(run, seconds / 2, multiple)
    size = max(1, round(rate * seconds / multiple)) * multiple
    run(size)  # the rounds' own size, compiled before the first is timed
    print("ready", flush=True)
    for _ in sys.stdin:
        began = time.perf_counter()
        run(size)
        print(size / (time.perf_counter() - began), flush=True)


class Contender:
    """A contender's process, driven one round at a time."""

    def __init__(self, name: str, arguments: list[str]) -> None:
        self.name = name
        self._stderr = tempfile.TemporaryFile(mode="w+")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tf2gan.bench", f"--contender={name}", *arguments],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
            preexec_fn=ends_with_this_process())
        self._read()  # "ready": warmed up

    def _read(self) -> str:
        line = self._process.stdout.readline()
        if not line:
            self._stderr.seek(0)
            raise RunError(f"the bench's {self.name} process failed: "
                           f"{self._stderr.read().strip()[-500:]}")
        return line

    def round(self) -> float:
        self._process.stdin.write("go\n")
        self._process.stdin.flush()
        return float(self._read())

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait()
        self._stderr.close()


@dataclasses.dataclass(frozen=True)
class BenchResult:
    variant: str
    mixed_precision: str
    towers: int  # tf2gan's
    rates: dict[str, list[float]]  # steps/s of every round of each contender
    gflop: float  # per iteration

    def median(self, name: str) -> float:
        return statistics.median(self.rates[name])

    @property
    def ratio(self) -> float:
        return self.median("tf2gan") / self.median("original")


def bench(variant: Variant, arguments: list[str], mixed_precision: str, towers: int,
          rounds: int) -> BenchResult:
    """Timed rounds of every contender, taken in turn.

    Each contender warms up while the others wait; then, round after round,
    each runs while the others wait, so that all see the same drift of a
    shared machine. The medians are compared.
    """
    contenders = []
    try:
        for name in CONTENDERS:
            contenders.append(Contender(name, arguments))
        rates: dict[str, list[float]] = {name: [] for name in CONTENDERS}
        for _ in range(rounds):
            for contender in contenders:
                rates[contender.name].append(contender.round())
    finally:
        for contender in contenders:
            contender.close()
    gflop = sum(2 * m * k * n for m, k, n in step_matmuls(variant)) / 1e9
    return BenchResult(variant.name, mixed_precision, towers, rates, gflop)


def machine() -> str:
    """The CPU, its cores, and TensorFlow's version: what the figures hold for."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f
                          if line.startswith("model name")), model)
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, TensorFlow {tf.__version__}"


def report(result: BenchResult) -> str:
    def line(label: str, name: str) -> str:
        rates = result.rates[name]
        return (f"  {label:22s}{result.median(name):8.1f} steps/s "
                f"(rounds {min(rates):.1f}-{max(rates):.1f})")

    floor, split = result.median("floor"), result.median("split floor")
    precision = "float32" if result.mixed_precision == "none" else result.mixed_precision
    return "\n".join([
        f"{result.variant}, {precision}, tf2gan in {result.towers} tower"
        f"{'s' if result.towers > 1 else ''}, {len(result.rates['tf2gan'])} rounds each:",
        line("tf2gan (fused loop)", "tf2gan"),
        line("tf2gan.GAN, Keras fit", "keras fit")
        + f", steps_per_execution={FIT_STEPS_PER_EXECUTION}",
        line("original", "original"),
        line("matmul floor", "floor") + f", {result.gflop:.3f} GFLOP an iteration "
        f"at {floor * result.gflop:.0f} GFLOP/s",
        line("split floor", "split floor") + ", each product split over the cores, one "
        f"thread each, at {split * result.gflop:.0f} GFLOP/s",
        f"  tf2gan / floor          {result.median('tf2gan') / floor:8.2f}",
        f"  tf2gan / split floor    {result.median('tf2gan') / split:8.2f}",
        f"  fit / fused loop        {result.median('keras fit') / result.median('tf2gan'):8.2f}",
        f"ratio {result.ratio:.2f}",
    ])
