"""How fast tf2gan trains, against the original and against the matmul floor.

python -m tf2gan.bench --variant=V [--mixed_precision=none|bf16|fp16]

Runs tf2gan's fused loop, the TF1 original (reference/) on the same data,
and the matmul floor, in alternating timed rounds after a warm-up, and
prints the median steps/s of each (with the rounds' range), their ratio,
and the fractions of the two floors below that tf2gan reaches. The original is timed
doing what it did every step: index its batch out of the images in memory
(as next_batch did), draw float64 noise with NumPy, and run its two or six
session.run / train_on_batch calls.

The matmul floor is measured here too: the matrix products of one iteration
(forward, and backward for what each update differentiates), with the
iteration's shapes and dtype, run one after another with nothing else in
between. 1 / (their time) is the steps/s no implementation that performs
those products one at a time can beat. It is not all this CPU can do:
oneDNN runs products that fit in L2 on one thread, and on larger ones two
threads reach less than twice one. The split floor cuts every product into
as many parts as there are cores and runs the parts side by side, one thread
each (in a child process, because TensorFlow's thread settings hold for a
whole process). For goodfellow's shapes it is the higher of the two. The
last line is the ratio.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import subprocess
import sys
import time
from typing import Callable, Sequence

import numpy as np
import tensorflow as tf
from absl import flags

from tf2gan import cli, input_pipeline
from tf2gan.errors import RunError
from tf2gan.configs import VARIANTS, Network, Variant
from tf2gan.gan import make_gan
from tf2gan.loops import FusedLoop
from tf2gan.reference import make_reference

Shape = tuple[int, int, int]  # (m, k, n): an [m, k] @ [k, n] product
DTYPES = {"none": tf.float32, "bf16": tf.bfloat16, "fp16": tf.float16}


def _layers(net: Network, input_dim: int) -> list[tuple[int, int]]:
    """(fan_in, fan_out) of each layer's kernel."""
    fan_in = 2 * input_dim if net.structure == "decorated" else (
        1 if net.structure == "per_value" else input_dim)
    sizes = []
    for layer in net.layers:
        sizes.append((fan_in, layer.units))
        fan_in = layer.units
    return sizes


def step_matmuls(variant: Variant) -> list[Shape]:
    """The matrix products of one iteration, as the variant's step performs them."""
    batch = variant.batch_size
    g_rows = batch * (variant.noise.dim if variant.generator.structure == "per_value" else 1)
    g_layers = _layers(variant.generator, variant.noise.dim)
    d_layers = _layers(variant.discriminator, variant.example_dim)
    forward = lambda rows, layers: [(rows, i, o) for i, o in layers]
    weight_grads = lambda rows, layers: [(i, rows, o) for i, o in layers]
    input_grads = lambda rows, layers, first: [(rows, o, i) for i, o in layers[0 if first else 1:]]

    products = forward(g_rows, g_layers)  # G(z) for D's update
    # D on x and G(z) as one batch
    products += forward(2 * batch, d_layers) + weight_grads(2 * batch, d_layers)
    products += input_grads(2 * batch, d_layers, first=False)
    for k in range(variant.g_steps):
        if k or not variant.reuse_noise_for_g:  # else G(z) is shared with D's update
            products += forward(g_rows, g_layers)
        products += forward(batch, d_layers) + input_grads(batch, d_layers, first=True)
        products += weight_grads(g_rows, g_layers) + input_grads(g_rows, g_layers, first=False)
    return products


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


def _rate(run: Callable[[int], object], seconds: float) -> float:
    """Calls per second of run(n) at a size that takes about `seconds`."""
    run(2)  # compile
    n = 2
    while True:
        began = time.perf_counter()
        run(n)
        elapsed = time.perf_counter() - began
        if elapsed >= seconds / 4:
            break
        n *= 4
    n = max(1, int(n * seconds / elapsed))
    began = time.perf_counter()
    run(n)
    return n / (time.perf_counter() - began)


class _OriginalLoop:
    """The TF1 original stepping as its notebook did, on tf2gan's batch order."""

    def __init__(self, variant: Variant, examples: input_pipeline.Examples, seed: int) -> None:
        self.variant = variant
        self.reference = make_reference(variant.name, seed)
        self.rng = np.random.default_rng(seed)
        if examples.images is not None:
            self.images = input_pipeline.training_images(variant, examples.images)
            self.images = self.images.astype(np.float32) / 255.0
            if variant.data_scale == "symmetric":
                self.images = self.images * 2 - 1
            self.rows = input_pipeline.BatchIndices(len(self.images), variant.batch_size, seed)
        self.step = 0

    def _noise(self) -> np.ndarray:
        shape, prior = (self.variant.batch_size, self.variant.noise.dim), self.variant.noise
        if prior.kind == "normal":
            return self.rng.normal(size=shape)
        return self.rng.uniform(prior.low, prior.high, shape)

    def run(self, count: int) -> None:
        variant = self.variant
        rows = self.rows.take(self.step, count) if variant.data == "images" else None
        for i in range(count):
            if rows is not None:
                real = self.images[rows[i]]
            else:
                real = self.rng.normal(variant.gaussian_mean, variant.gaussian_stddev,
                                       (variant.batch_size, variant.example_dim))
            noise = self._noise()
            self.reference.train_discriminator(real, noise, outputs=False)
            for _ in range(variant.g_steps):
                self.reference.train_generator(noise if variant.reuse_noise_for_g
                                               else self._noise())
        self.step += count


@dataclasses.dataclass(frozen=True)
class BenchResult:
    variant: str
    mixed_precision: str
    rates: dict[str, list[float]]  # steps/s of every round: tf2gan, original, floor
    gflop: float  # per iteration
    split: list[float]  # steps/s of the split floor's rounds (child process)

    def median(self, name: str) -> float:
        return statistics.median(self.rates[name])

    @property
    def ratio(self) -> float:
        return self.median("tf2gan") / self.median("original")


def bench(variant: Variant, examples: input_pipeline.Examples, mixed_precision: str,
          rounds: int, seconds: float, seed: int = 0) -> BenchResult:
    """Timed rounds of tf2gan, the original and the floor, taken in turn.

    Taking them in turn, round after round, exposes all three to the same
    drift of a shared machine; the medians are compared.
    """
    split = split_floor(variant.name, mixed_precision, rounds, seconds)
    fused = FusedLoop(make_gan(variant, mixed_precision), seed, examples)
    original = _OriginalLoop(variant, examples, seed)
    shapes = step_matmuls(variant)
    dtype = DTYPES[mixed_precision]
    position = {"tf2gan": 0}

    def run_fused(n: int) -> None:
        fused.run(position["tf2gan"], n)  # returns once the span is done
        position["tf2gan"] += n

    runners = {"tf2gan": run_fused, "original": original.run,
               "floor": matmul_products(shapes, dtype)}
    # Warm up each and size its rounds to about `seconds`.
    sizes = {name: max(1, int(_rate(run, seconds / 2) * seconds))
             for name, run in runners.items()}
    rates: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(rounds):
        for name, run in runners.items():
            began = time.perf_counter()
            run(sizes[name])
            rates[name].append(sizes[name] / (time.perf_counter() - began))
    return BenchResult(variant.name, mixed_precision, rates,
                       sum(2 * m * k * n for m, k, n in shapes) / 1e9, split)


def split_floor(variant: str, mixed_precision: str, rounds: int, seconds: float) -> list[float]:
    """Steps/s of each round of the split products, measured by a child process
    that runs one thread per op and as many ops at once as there are cores."""
    command = [sys.executable, "-m", "tf2gan.bench", f"--variant={variant}",
               f"--mixed_precision={mixed_precision}", f"--rounds={rounds}",
               f"--seconds={seconds}", "--split_floor_only"]
    child = subprocess.run(command, capture_output=True, text=True)
    last = child.stdout.strip().splitlines()[-1:] or [""]
    if child.returncode or not last[0].startswith("split floor"):
        raise RunError(f"the split floor's child process failed: {child.stderr.strip()[-500:]}")
    return [float(rate) for rate in last[0].split()[2:]]


def _measure_split_floor(variant: Variant, mixed_precision: str, rounds: int,
                            seconds: float) -> list[float]:
    cores = os.cpu_count() or 1
    run = side_by_side_products(split_products(step_matmuls(variant), cores),
                                DTYPES[mixed_precision])
    size = max(1, int(_rate(run, seconds / 2) * seconds))
    rates = []
    for _ in range(rounds):
        began = time.perf_counter()
        run(size)
        rates.append(size / (time.perf_counter() - began))
    return rates


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

    floor, split = result.median("floor"), statistics.median(result.split)
    precision = "float32" if result.mixed_precision == "none" else result.mixed_precision
    return "\n".join([
        f"{result.variant}, {precision}, {len(result.rates['tf2gan'])} rounds each:",
        line("tf2gan (fused loop)", "tf2gan"),
        line("TF1 original", "original"),
        line("matmul floor", "floor") + f", {result.gflop:.3f} GFLOP an iteration "
        f"at {floor * result.gflop:.0f} GFLOP/s",
        f"  {'split floor':22s}{split:8.1f} steps/s (rounds {min(result.split):.1f}-"
        f"{max(result.split):.1f}), each product split over the cores, one thread each, "
        f"at {split * result.gflop:.0f} GFLOP/s",
        f"  tf2gan / floor          {result.median('tf2gan') / floor:8.2f}",
        f"  tf2gan / split floor    {result.median('tf2gan') / split:8.2f}",
        f"ratio {result.ratio:.2f}",
    ])


def main(argv: Sequence[str]) -> None:
    del argv
    args = flags.FLAGS
    variant = VARIANTS[args.variant]
    if args.split_floor_only:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(os.cpu_count() or 1)
        rates = _measure_split_floor(variant, args.mixed_precision, args.rounds, args.seconds)
        print("split floor " + " ".join(f"{rate:.1f}" for rate in rates))
        return
    dataset = args.dataset or input_pipeline.default_dataset(variant)
    input_pipeline.check_fits(variant, dataset)
    examples = input_pipeline.load_examples(dataset, args.data_dir)
    print(f"tf2gan: data: {examples.description}", flush=True)
    print(f"tf2gan: machine: {machine()}", flush=True)
    print(report(bench(variant, examples, args.mixed_precision, args.rounds, args.seconds)))


def define_flags() -> None:
    flags.DEFINE_enum("variant", "goodfellow", list(VARIANTS), "Which variant to time.")
    flags.DEFINE_enum("mixed_precision", "none", ["none", "bf16", "fp16"],
                      "tf2gan's precision (the original always runs float32).")
    flags.DEFINE_enum("dataset", None, list(input_pipeline.DATASETS), "As for tf2gan.main.")
    flags.DEFINE_string("data_dir", None, "As for tf2gan.main.")
    flags.DEFINE_integer("rounds", 5, "Timed rounds of each, alternating.", lower_bound=1)
    flags.DEFINE_float("seconds", 2.0, "About how long each round runs.", lower_bound=0.1)
    flags.DEFINE_bool("split_floor_only", False,
                      "Measure only the split floor, in this process (the bench runs "
                      "itself so, because thread settings hold for a whole process).")


if __name__ == "__main__":
    define_flags()
    cli.run(main)
