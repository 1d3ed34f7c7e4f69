"""Time each part of `evaluate`'s judgement of a run: the timings in README.md.

    .venv/bin/python docs/paper2014/time_evaluate.py RUN_DIR [NUM]

Runs what `./run.sh evaluate --run_dir=RUN_DIR --num=NUM` runs (default
10,000 samples), part by part, with the classifier and the training set's
own distances already cached (a first run computes and caches them);
then that search alone, into an empty folder. Nothing is kept. Pause any training first: the parts share the cores.
"""

import sys
import tempfile
import time

from tf2gan.core import sampling
from tf2gan.judge import copying
from tf2gan.judge.evaluate import Evaluator, _unit_pixels
from tf2gan.run import run_dir
from tf2gan.run.checkpoints import restore_generator


def timed(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"{label:55s} {now - started:6.1f} s", flush=True)
    return now


def main() -> None:
    run, num = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    began = t = time.perf_counter()
    config = run_dir.read_config(run)
    variant, generator, _ = restore_generator(run)
    evaluator = Evaluator(variant, config["dataset"], config["data_dir"], complete=True)
    t = timed("data, judge, held-out features, cached distances", t)
    values = sampling.generate(variant, sampling.from_model(generator), num, 0)
    t = timed(f"{num:,} samples", t)
    features, probabilities = evaluator.judge.features_and_probabilities(
        sampling.to_uint8(variant, values))
    evaluator.judge.score_outputs(features, probabilities)
    t = timed("features, Fréchet distance, classifier score", t)
    evaluator.features(features)
    t = timed("kernel distance, precision and recall", t)
    unit = _unit_pixels(variant, values)
    if evaluator.parzen is not None:
        evaluator.parzen(unit)
        t = timed("Parzen estimate", t)
    evaluator.copying(unit)
    t = timed(f"copying: {num:,} against {len(evaluator.copying.training):,} training images", t)
    evaluator.real(num)
    timed("the same measures for real images", t)
    timed("the whole judgement", began)
    with tempfile.TemporaryDirectory() as empty:
        t = time.perf_counter()
        copying.training_nearest_other(evaluator.copying.training, empty, lambda line: None)
        timed("the training images against themselves (once, then cached)", t)


if __name__ == "__main__":
    main()
