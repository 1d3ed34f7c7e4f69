"""Train one of the tutorials: python -m tf2gan.main --variant=goodfellow."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from typing import Sequence

from absl import flags

from tf2gan import variants
from tf2gan.commands import cli
from tf2gan.data.datasets import check_fits, default_dataset
from tf2gan.originals import check_has_original
from tf2gan.run import settings


def _define_setting(field: dataclasses.Field) -> None:
    """The flag of one run setting (run/settings.py), as absl declares it."""
    meta = field.metadata
    bounds = {key: meta[key] for key in ("lower_bound", "upper_bound") if meta[key] is not None}
    if meta["choices"]:
        flags.DEFINE_enum(field.name, meta["flag_default"], list(meta["choices"]), meta["help"])
    elif field.type == "bool":
        flags.DEFINE_bool(field.name, meta["flag_default"], meta["help"])
    elif field.type.startswith("int"):
        flags.DEFINE_integer(field.name, meta["flag_default"], meta["help"], **bounds)
    elif field.type == "float":
        flags.DEFINE_float(field.name, meta["flag_default"], meta["help"], **bounds)
    else:
        flags.DEFINE_string(field.name, meta["flag_default"], meta["help"])


def define_flags() -> None:
    """This command's flags and their checks, in absl's global FLAGS: the run
    settings, then the flags that set up the process."""
    flags.DEFINE_enum("variant", "goodfellow", variants.names(), "Which tutorial to train.")
    for field in settings.FIELDS:
        _define_setting(field)
    flags.DEFINE_integer("cpu_devices", 1,
                         "Present the CPU as this many logical devices (to try --strategy=mirrored "
                         "without GPUs).", lower_bound=1)
    flags.DEFINE_bool("deterministic", False,
                      "Use only deterministic TensorFlow ops: with --seed, a run and a run "
                      "stopped and resumed reach the same weights.")
    flags.register_multi_flags_validator(
        ["steps", "epochs"], lambda f: not (f["steps"] and f["epochs"]),
        "--steps and --epochs cannot both be given")
    cli.usage_validator(["variant", "dataset"], lambda values: values["dataset"] is None or
                        check_fits(variants.get(values["variant"]), values["dataset"]))
    cli.usage_validator(["variant", "impl"], lambda values: values["impl"] == "tf2" or
                        check_has_original(variants.get(values["variant"])))
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


def _settings(variant_name: str, towers: int) -> settings.RunSettings:
    """The run's settings: the flags, with the defaults worked out here."""
    values = {field.name: FLAGS[field.name].value for field in settings.FIELDS}
    values.update(
        run_dir=FLAGS.run_dir or os.path.join(
            "runs", f"{variant_name}-{time.strftime('%Y%m%d-%H%M%S')}"),
        dataset=FLAGS.dataset or default_dataset(variants.get(variant_name)),
        impl="original" if FLAGS.impl == "tf1" else FLAGS.impl,
        towers=towers)
    return settings.RunSettings(**values)


def main(argv: Sequence[str]) -> None:
    del argv
    import tensorflow as tf

    from tf2gan.run import distribute, stopping, threads
    from tf2gan.run.train import train

    variant = variants.get(FLAGS.variant)
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

