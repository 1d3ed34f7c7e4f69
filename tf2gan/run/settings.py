"""A training run's settings, each declared once, here.

Each field of RunSettings is one `--flag` of the train command, with its
help, its bounds and its role in a run directory: whether config.json
records it, whether a resumed run may change it, whether TensorBoard's
HParams dashboard compares runs by it. The command defines its flags from
these fields (commands/train.py), run_dir checks a resume against them and
summaries writes the HParams they name, so adding a run setting is adding
one field. The command's flags that are not a run's (--variant, --deterministic,
--cpu_devices) set up the process and stay with the command.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tf2gan.data.datasets import DATASETS

# The largest value of a seed flag: Keras' set_random_seed, which draws the
# initial weights, takes seeds in [0, 2**32 - 1].
MAX_SEED = 2**32 - 1


def setting(default: Any, help: str, *, flag_default: Any = dataclasses.MISSING,
            choices: tuple[str, ...] = (), lower_bound: float | None = None,
            upper_bound: float | None = None, recorded: bool = False,
            may_change_on_resume: bool = False, hparam: bool = False,
            recorded_when_unset: bool = True) -> Any:
    """A RunSettings field and everything said of it.

    Args:
      default: the field's value when the caller gives none (MISSING: required).
      help: the flag's help.
      flag_default: the flag's default where it differs from the field's
        (None: the command works the value out, as --run_dir's).
      choices: the values an enum flag takes.
      lower_bound, upper_bound: a number flag's bounds.
      recorded: config.json holds it, and a resumed run must keep it...
      may_change_on_resume: ...unless this says it may change.
      hparam: the HParams dashboard compares runs by it.
      recorded_when_unset: False for a recorded setting added after runs
        already existed: absent from config.json unless given, so that
        those runs still resume.

    Returns:
      A dataclasses.field carrying all of it as metadata.
    """
    metadata = {"help": help, "choices": choices, "lower_bound": lower_bound,
                "upper_bound": upper_bound, "recorded": recorded,
                "may_change_on_resume": may_change_on_resume, "hparam": hparam,
                "recorded_when_unset": recorded_when_unset,
                "flag_default": default if flag_default is dataclasses.MISSING else flag_default}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


_REQUIRED = dataclasses.MISSING


@dataclasses.dataclass(frozen=True)
class RunSettings:
    """How to run a variant: everything the train command's run flags decide."""

    run_dir: str = setting(
        _REQUIRED, "Where config.json, checkpoints, TensorBoard events and samples/ go. "
        "Default: runs/VARIANT-YYYYmmdd-HHMMSS.", flag_default=None)
    dataset: str = setting(
        _REQUIRED, "Training data. Default: mnist for image variants (TensorFlow Datasets, "
        "falling back to mnist_sample offline), gaussian for gaussian1d.", flag_default=None,
        choices=DATASETS,
        recorded=True, hparam=True)
    data_dir: str | None = setting(
        None, "For mnist_idx / fashion_mnist: the folder of IDX .gz files. "
        "For TFDS: its data_dir. For images: a folder of PNG or JPEG files (read "
        "recursively). For npz: an .npz file of images.", recorded=True)
    seed: int = setting(0, "Seeds data order, noise and initial weights.",
                        lower_bound=0, upper_bound=MAX_SEED, recorded=True, hparam=True)
    init_seed: int | None = setting(
        None, "Seeds the initial weights (and dropout masks, where a variant has "
        "them) in place of --seed, whose data order and noise stay: runs that "
        "differ only in their draw.", lower_bound=0, upper_bound=MAX_SEED, recorded=True,
        recorded_when_unset=False)
    steps: int | None = setting(None, "Iterations to run, overriding the tutorial's schedule.",
                                lower_bound=1)
    epochs: int | None = setting(None, "Epochs to run, overriding the tutorial's schedule.",
                                 lower_bound=1)
    resume: bool = setting(False, "Continue the run in --run_dir from its latest checkpoint.")
    checkpoint_every: int | None = setting(
        None, "Save a checkpoint every this many iterations. Default: when the source "
        "saved (dcgan: every 15 epochs), else every 1000 iterations.", lower_bound=1)
    impl: str = setting(
        "tf2", "tf2: tf2gan's variant. original: the source's own code (tf.compat.v1 "
        "with feed_dict; Keras 2 for gaussian1d; the tutorial's TF2 train_step "
        "for dcgan) on the same data and noise, for side-by-side runs. tf1: an "
        "older name for original.", choices=("tf2", "original", "tf1"), recorded=True,
        hparam=True)
    initial_weights: str = setting(
        "own", "With --impl=original: own starts the original from its own initialisers' "
        "draw; tf2 from the weights tf2gan's variant draws for the same --seed, so "
        "that both sides start from one point.", choices=("own", "tf2"), recorded=True)
    steps_per_call: int = setting(
        500, "Iterations per call of the compiled training loop, at most (spans end "
        "where the tutorial logs or draws). 1: one call per iteration.", lower_bound=1)
    jit_compile: bool = setting(
        False, "Compile the training loop with XLA. On a CPU it pays only for gaussian1d's "
        "tiny networks (about 1.2x); XLA draws other random numbers from the same "
        "seed, so such a run is not step-for-step the unjitted one.")
    mixed_precision: str = setting(
        "none", "Compute in bfloat16 (CPUs with AVX512-BF16 or AMX) or float16 with loss "
        "scaling (GPUs); variables, sigmoids and losses stay float32.",
        choices=("none", "bf16", "fp16"), recorded=True, hparam=True)
    towers: int = setting(
        1, "Cut each batch into this many parts that pass through the networks side "
        "by side, each op on one thread (see tf2gan/run/threads.py). Default: one per "
        "CPU core when the batch divides into them, without --strategy or GPUs.",
        flag_default=None, lower_bound=1, recorded=True, may_change_on_resume=True,
        hparam=True)
    eval_every: int | None = setting(
        None, "Judge --eval_num samples every this many iterations and at the end, and "
        "log the metrics to TensorBoard under eval/ (see tf2gan.evaluate).", lower_bound=1)
    eval_num: int = setting(10000, "Samples judged by --eval_every.", lower_bound=2)
    histograms_every: int | None = setting(
        None, "Write TensorBoard histograms of every trainable variable (weights/) "
        "every this many iterations. Default: none.", lower_bound=1)
    classifier_dir: str | None = setting(
        None, "Where the judging classifier is cached (default $TF2GAN_CACHE, else "
        "~/.cache/tf2gan).")
    strategy: str = setting(
        "none", "tf.distribute strategy: mirrored (MirroredStrategy over this machine's GPUs, "
        "or --cpu_devices CPU devices) or multi_worker (MultiWorkerMirroredStrategy "
        "over the workers in TF_CONFIG). The batch stays the tutorial's global batch.",
        choices=("none", "mirrored", "multi_worker"), recorded=True, may_change_on_resume=True,
        hparam=True)
    worker_timeout: float = setting(
        300.0, "With --strategy=multi_worker: seconds to wait for the other workers to "
        "start, and for each span of training to finish with them, before giving "
        "up in one line.", lower_bound=1.0)

    def recorded(self, **resolved: Any) -> dict[str, Any]:
        """The settings config.json records, with values the run resolved
        (the dataset's own name) in place of the flags'."""
        values = {**{field.name: getattr(self, field.name) for field in RECORDED}, **resolved}
        return {field.name: values[field.name] for field in RECORDED
                if values[field.name] is not None or field.metadata["recorded_when_unset"]}


FIELDS: tuple[dataclasses.Field, ...] = dataclasses.fields(RunSettings)
RECORDED = tuple(field for field in FIELDS if field.metadata["recorded"])
# config.json keys a resumed run may change: these settings, the schedule's
# length (--steps, --epochs) and what a variant says of its original.
MAY_CHANGE_ON_RESUME = tuple(field.name for field in FIELDS
                             if field.metadata["may_change_on_resume"]) + (
                                 "total_steps", "variant.original")
# The hyperparameters the HParams dashboard compares runs by (and the variant's name).
HPARAMS = tuple(field.name for field in FIELDS if field.metadata["hparam"])
