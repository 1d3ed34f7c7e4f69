"""Train one of the tutorials: python -m tf2gan.main --variant=goodfellow."""

from __future__ import annotations

import contextlib
import os
import time
from typing import TYPE_CHECKING, Sequence

from absl import flags

from tf2gan import cli
from tf2gan.configs import VARIANTS
from tf2gan.datasets import DATASETS, check_fits, default_dataset
from tf2gan.reference import check_has_original

if TYPE_CHECKING:
    from tf2gan.train import RunSettings

flags.DEFINE_enum("variant", "goodfellow", list(VARIANTS), "Which tutorial to train.")
flags.DEFINE_enum("dataset", None, list(DATASETS),
                  "Training data. Default: mnist for image variants (TensorFlow Datasets, "
                  "falling back to mnist_sample offline), gaussian for gaussian1d.")
flags.DEFINE_string("data_dir", None,
                    "For mnist_idx / fashion_mnist: the folder of IDX .gz files. "
                    "For TFDS: its data_dir.")
flags.DEFINE_string("run_dir", None,
                    "Where config.json, checkpoints, TensorBoard events and samples/ go. "
                    "Default: runs/VARIANT-YYYYmmdd-HHMMSS.")
flags.DEFINE_integer("steps", None, "Iterations to run, overriding the tutorial's schedule.",
                     lower_bound=1)
flags.DEFINE_integer("epochs", None, "Epochs to run, overriding the tutorial's schedule.",
                     lower_bound=1)
flags.DEFINE_integer("seed", 0, "Seeds data order, noise and initial weights.",
                     lower_bound=0, upper_bound=cli.MAX_SEED)
flags.DEFINE_integer("init_seed", None,
                     "Seeds the initial weights (and dropout masks, where a variant has "
                     "them) in place of --seed, whose data order and noise stay: runs that "
                     "differ only in their draw.",
                     lower_bound=0, upper_bound=cli.MAX_SEED)
flags.DEFINE_bool("resume", False, "Continue the run in --run_dir from its latest checkpoint.")
flags.DEFINE_enum("impl", "tf2", ["tf2", "original", "tf1"],
                  "tf2: tf2gan's variant. original: the source's own code (tf.compat.v1 "
                  "with feed_dict; Keras 2 for gaussian1d; the tutorial's TF2 train_step "
                  "for dcgan) on the same data and noise, for side-by-side runs. tf1: an "
                  "older name for original.")
flags.DEFINE_enum("initial_weights", "own", ["own", "tf2"],
                  "With --impl=original: own starts the original from its own initialisers' "
                  "draw; tf2 from the weights tf2gan's variant draws for the same --seed, so "
                  "that both sides start from one point.")
flags.DEFINE_integer("steps_per_call", 500,
                     "Iterations per call of the compiled training loop, at most (spans end "
                     "where the tutorial logs or draws). 1: one call per iteration.",
                     lower_bound=1)
flags.DEFINE_integer("towers", None,
                     "Cut each batch into this many parts that pass through the networks side "
                     "by side, each op on one thread (see tf2gan/threads.py). Default: one per "
                     "CPU core when the batch divides into them, without --strategy or GPUs.",
                     lower_bound=1)
flags.DEFINE_bool("jit_compile", False,
                  "Compile the training loop with XLA. On a CPU it pays only for gaussian1d's "
                  "tiny networks (about 1.2x); XLA draws other random numbers from the same "
                  "seed, so such a run is not step-for-step the unjitted one.")
flags.DEFINE_enum("mixed_precision", "none", ["none", "bf16", "fp16"],
                  "Compute in bfloat16 (CPUs with AVX512-BF16 or AMX) or float16 with loss "
                  "scaling (GPUs); variables, sigmoids and losses stay float32.")
flags.DEFINE_integer("eval_every", None,
                     "Judge --eval_num samples every this many iterations and at the end, and "
                     "log the metrics to TensorBoard under eval/ (see tf2gan.evaluate).",
                     lower_bound=1)
flags.DEFINE_integer("eval_num", 10000, "Samples judged by --eval_every.", lower_bound=2)
flags.DEFINE_integer("histograms_every", None,
                     "Write TensorBoard histograms of every trainable variable (weights/) "
                     "every this many iterations. Default: none.", lower_bound=1)
flags.DEFINE_string("classifier_dir", None,
                    "Where the judging classifier is cached (default $TF2GAN_CACHE, else "
                    "~/.cache/tf2gan).")
flags.DEFINE_integer("checkpoint_every", None,
                     "Save a checkpoint every this many iterations. Default: when the source "
                     "saved (dcgan: every 15 epochs), else every 1000 iterations.",
                     lower_bound=1)
flags.DEFINE_enum("strategy", "none", ["none", "mirrored", "multi_worker"],
                  "tf.distribute strategy: mirrored (MirroredStrategy over this machine's GPUs, "
                  "or --cpu_devices CPU devices) or multi_worker (MultiWorkerMirroredStrategy "
                  "over the workers in TF_CONFIG). The batch stays the tutorial's global batch.")
flags.DEFINE_integer("cpu_devices", 1,
                     "Present the CPU as this many logical devices (to try --strategy=mirrored "
                     "without GPUs).", lower_bound=1)
flags.DEFINE_float("worker_timeout", 300.0,
                   "With --strategy=multi_worker: seconds to wait for the other workers to "
                   "start, and for each span of training to finish with them, before giving "
                   "up in one line.", lower_bound=1.0)
flags.DEFINE_bool("deterministic", False,
                  "Use only deterministic TensorFlow ops: with --seed, a run and a run "
                  "stopped and resumed reach the same weights.")
flags.register_multi_flags_validator(
    ["steps", "epochs"], lambda f: not (f["steps"] and f["epochs"]),
    "--steps and --epochs cannot both be given")


cli.usage_validator(["variant", "dataset"], lambda values: values["dataset"] is None or
                    check_fits(VARIANTS[values["variant"]], values["dataset"]))
cli.usage_validator(["variant", "impl"], lambda values: values["impl"] == "tf2" or
                    check_has_original(VARIANTS[values["variant"]]))


flags.register_validator("towers", lambda towers: towers in (None, 1) or
                         flags.FLAGS["impl"].value == "tf2",
                         "--towers applies to tf2gan's variants, not to --impl=original")
flags.register_validator("initial_weights", lambda start: start == "own" or
                         flags.FLAGS["impl"].value != "tf2",
                         "--initial_weights=tf2 applies to --impl=original: tf2gan's variant "
                         "always starts from its own draw")
flags.register_validator("resume", lambda resume: not resume or flags.FLAGS["run_dir"].value,
                         "--resume needs --run_dir")
flags.register_validator("strategy", lambda s: s != "multi_worker" or flags.FLAGS["run_dir"].value,
                         "--strategy=multi_worker needs --run_dir, the same for every worker")

FLAGS = flags.FLAGS


def _settings(variant_name: str, towers: int) -> "RunSettings":
    from tf2gan.train import RunSettings

    return RunSettings(
        run_dir=FLAGS.run_dir or os.path.join(
            "runs", f"{variant_name}-{time.strftime('%Y%m%d-%H%M%S')}"),
        dataset=FLAGS.dataset or default_dataset(VARIANTS[variant_name]),
        data_dir=FLAGS.data_dir,
        seed=FLAGS.seed,
        init_seed=FLAGS.init_seed,
        steps=FLAGS.steps,
        epochs=FLAGS.epochs,
        resume=FLAGS.resume,
        checkpoint_every=FLAGS.checkpoint_every,
        impl="original" if FLAGS.impl == "tf1" else FLAGS.impl,
        initial_weights=FLAGS.initial_weights,
        steps_per_call=FLAGS.steps_per_call,
        jit_compile=FLAGS.jit_compile,
        mixed_precision=FLAGS.mixed_precision,
        towers=towers,
        eval_every=FLAGS.eval_every,
        eval_num=FLAGS.eval_num,
        histograms_every=FLAGS.histograms_every,
        classifier_dir=FLAGS.classifier_dir,
        strategy=FLAGS.strategy,
        worker_timeout=FLAGS.worker_timeout,
    )


def main(argv: Sequence[str]) -> None:
    del argv
    import tensorflow as tf

    from tf2gan import distribute, stopping, threads
    from tf2gan.train import train

    variant = VARIANTS[FLAGS.variant]
    # Threads, devices and collectives are configured before anything starts
    # the runtime. The original (--impl=original) runs with TensorFlow's defaults.
    parallelism = (threads.plan(variant, FLAGS.towers, FLAGS.strategy)
                   if FLAGS.impl == "tf2" else threads.Parallelism())
    threads.configure(parallelism)
    if FLAGS.cpu_devices > 1:
        distribute.split_cpu(FLAGS.cpu_devices)
    # Signals are handled from here on: a multi-worker start-up can wait for
    # ever inside TensorFlow, where Python's own handlers never run.
    with stopping.StopSignals() as stop:
        starting = (stopping.StartupWatchdog(FLAGS.worker_timeout, "starting with the other "
                                             "workers in TF_CONFIG (are they all running?)")
                    if FLAGS.strategy == "multi_worker" else contextlib.nullcontext())
        with starting:
            strategy = distribute.make_strategy(FLAGS.strategy)
        if FLAGS.deterministic:
            tf.config.experimental.enable_op_determinism()
        tf.keras.utils.set_random_seed(
            FLAGS.seed if FLAGS.init_seed is None else FLAGS.init_seed)
        train(variant, _settings(variant.name, parallelism.towers), strategy, stop)


if __name__ == "__main__":
    cli.run(main)
