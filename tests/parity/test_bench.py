"""The benchmark counts the products a step performs and reports as it says."""

import dataclasses
import math
import re

import pytest
import tensorflow as tf

from tf2gan.studies import bench
from tf2gan.variants import VARIANTS


def test_the_floor_counts_the_products_of_a_goodfellow_iteration():
    # By hand, in multiply-adds: G forward once (D's update and G's share it),
    # D forward and weight gradients on 200 rows (x and G(z) together), D
    # forward on G(z) after the update and its gradient down to G(z), then
    # G's weight gradients and its hidden layer's input gradient.
    g_forward = 100 * 256 * 512 + 100 * 512 * 784
    d_update = 2 * (200 * 784 * 512 + 200 * 512 * 1) + 200 * 1 * 512
    g_update = (100 * 784 * 512 + 100 * 512 * 1) * 2 + g_forward + 100 * 784 * 512
    shapes = bench.step_matmuls(VARIANTS["goodfellow"])
    assert sum(m * k * n for m, k, n in shapes) == g_forward + d_update + g_update


def test_a_strided_convolution_and_its_gradients_each_count_its_multiply_adds():
    # A 5x5 convolution of stride 2 from 14x14x3 to 7x7x4 on 2 images: each
    # of its 2*7*7*4 outputs sums 5*5*3 products. Its input and kernel
    # gradients, and the transposed convolution back up, do as many.
    multiply_adds = 2 * 7 * 7 * 4 * 5 * 5 * 3
    kernel = tf.ones((5, 5, 3, 4))

    @tf.function
    def convolutions(x):
        with tf.GradientTape() as tape:
            tape.watch([x, kernel])
            y = tf.nn.conv2d(x, kernel, 2, "SAME")
        return tape.gradient(y, [x, kernel]), tf.nn.conv2d_transpose(y, kernel, x.shape, 2)

    graph = convolutions.get_concrete_function(tf.TensorSpec((2, 14, 14, 3))).graph
    counted = sorted((op.type, math.prod(bench.PRODUCTS[op.type](op)))
                     for op in graph.get_operations() if op.type in bench.PRODUCTS)
    assert counted == sorted([("Conv2D", multiply_adds), ("Conv2DBackpropFilter", multiply_adds),
                              ("Conv2DBackpropInput", multiply_adds),
                              ("Conv2DBackpropInput", multiply_adds)])


def test_a_g_step_on_fresh_noise_counts_one_more_generator_forward_pass():
    tf101 = VARIANTS["tf101"]  # fresh noise for G's step
    shared = dataclasses.replace(tf101, schedule=dataclasses.replace(tf101.schedule,
                                                                    reuse_noise=True))
    count = lambda variant: sum(m * k * n for m, k, n in bench.step_matmuls(variant))
    assert count(tf101) - count(shared) == 256 * 128 * 256 + 256 * 256 * 784


def test_the_split_floor_divides_each_product_along_its_longer_side_keeping_the_work():
    shapes = bench.step_matmuls(VARIANTS["goodfellow"])
    groups = bench.split_products(shapes, 2)
    assert [sum(m * k * n for m, k, n in group) for group in groups] == [
        m * k * n for m, k, n in shapes]
    assert bench.split_products([(784, 200, 512)], 2) == [[(392, 200, 512), (392, 200, 512)]]
    assert bench.split_products([(100, 256, 512)], 2) == [[(100, 256, 256), (100, 256, 256)]]
    assert bench.split_products([(1, 512, 1)], 2) == [[(1, 512, 1)]]  # nothing to split


@pytest.mark.slow
def test_bench_prints_both_rates_the_floor_and_ends_with_the_ratio(run_cli):
    result = run_cli("tf2gan.bench", "--variant=gaussian1d", "--rounds=1", "--seconds=0.2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert "gaussian1d, float32, tf2gan in 1 tower, 1 rounds each:" in lines  # a batch of one
    assert any(re.match(r"\s+tf2gan \(fused loop\)\s+[\d.]+ steps/s", l) for l in lines)
    assert any(re.match(r"\s+original\s+[\d.]+ steps/s", l) for l in lines)
    assert any(re.match(r"\s+matmul floor\s+[\d.]+ steps/s", l) for l in lines)
    assert any(re.match(r"\s+split floor\s+[\d.]+ steps/s", l) for l in lines)
    assert any(re.match(r"\s+tf2gan / split floor\s+\d+\.\d\d$", l) for l in lines)
    assert re.fullmatch(r"ratio \d+\.\d\d", lines[-1])


def test_whole_runs_are_read_from_a_runs_last_line_and_reported_as_a_ratio():
    from tf2gan.run import final_line
    from tf2gan.studies import bench_whole

    line = final_line.Finished(0, 5000, 33.07, "runs/x").line()
    assert line == ("tf2gan: steps 0-5000 in 33.1 s (151.2 steps/s with logging and "
                    "pictures); run in runs/x")
    assert final_line.read("...\n" + line + "\n") == final_line.Finished(0, 5000, 33.1, "runs/x")
    assert final_line.read("tf2gan: steps 0-5000 in 33.1 s") is None
    runs = {"tf2gan": [bench_whole.WholeRun(150.0, 40.0, 5000),
                       bench_whole.WholeRun(140.0, 42.0, 5000)],
            "original": [bench_whole.WholeRun(100.0, 55.0, 5000),
                         bench_whole.WholeRun(90.0, 60.0, 5000)]}
    text = bench_whole.report(bench_whole.WholeResult("goodfellow", runs, [160.0, 170.0]))
    assert "goodfellow, whole runs of 5,000 iterations, 2 rounds each:" in text
    assert "tf2gan whole / its loop     0.88" in text  # 145 / 165
    assert text.endswith("ratio 1.53")  # 145 / 95


def test_whole_runs_alternate_and_give_tf2gans_precision_to_tf2gan_alone(monkeypatch):
    from tf2gan.studies import bench, bench_whole

    trained = []
    monkeypatch.setattr(bench_whole, "whole_run",
                        lambda flags: trained.append(flags) or bench_whole.WholeRun(1.0, 1.0, 9))

    class Loop:
        def __init__(self, name, arguments):
            pass

        def round(self):
            return 1.0

        def close(self):
            pass

    monkeypatch.setattr(bench, "Contender", Loop)
    bench_whole.bench_whole("dropout", ["--variant=dropout"], ["--mixed_precision=bf16"], [], 2)
    tf2gan = ["--variant=dropout", "--impl=tf2", "--mixed_precision=bf16"]
    original = ["--variant=dropout", "--impl=original"]  # as it ran: float32, one tower
    assert trained == [tf2gan, original, tf2gan, original]
