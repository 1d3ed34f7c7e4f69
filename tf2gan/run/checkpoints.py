"""What a run saves to continue, and reading it back.

A checkpoint holds the step counter, both models and the optimisers' state,
so that --resume continues exactly where a run stopped. Reading trusts the
files, not the `checkpoint` index that names them (an index can be lost or
garbled while every checkpoint is intact): the candidates are the ckpt-*
on disk, newest first, and the first that restores completely and holds
only finite numbers is used; each one passed over is named with its
reason. When checkpoints exist and none can be used, nothing is touched
and the run is refused. Weights that are not finite are never saved.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
from typing import Callable, Iterable

import tensorflow as tf

from tf2gan.base.errors import RunError, UsageError, first_line
from tf2gan.core.gan import GAN, make_gan
from tf2gan.run import run_dir
from tf2gan.variants import Variant

KEEP = 3  # checkpoints kept: the fallbacks for a damaged latest one


def write_failure(what: str, error: Exception) -> RunError:
    """One line for a write the disk refused (full, read-only, gone).

    TensorFlow's messages read "{{function_node ...}} PATH; REASON [Op:SaveV2]":
    the reason is what the user needs.
    """
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
    else:
        text = " ".join(str(getattr(error, "message", error)).split())
        reason = re.sub(r"\s*\[Op:\w+\]$", "", text.rsplit("; ", 1)[-1])
    return RunError(f"cannot write {what}: {reason}")


def all_finite(variables: Iterable[tf.Variable]) -> bool:
    return all(bool(tf.reduce_all(tf.math.is_finite(v))) for v in variables
               if tf.as_dtype(v.dtype).is_floating)


def _restore_first_sound(checkpoint: tf.train.Checkpoint, candidates: list[tuple[int, str]],
                         checked: Callable[[], list[tf.Variable]], say: Callable[[str], None],
                         partial: bool = False, unfit: list[str] | None = None) -> str | None:
    """Restore the newest candidate that reads completely and holds finite numbers.

    Every candidate passed over is named with its reason. A failed attempt
    may leave some variables restored; the next candidate overwrites them all.
    `unfit` collects the candidates whose files read whole and still did not
    restore: checkpoints of other networks.
    """
    for _, prefix in candidates:
        try:
            status = checkpoint.restore(prefix)
            if partial:
                status.expect_partial()
            status.assert_existing_objects_matched()
        except Exception as e:  # a cut-short file fails in many ways, IndexError among them
            say(f"tf2gan: checkpoint {prefix} cannot be read ({first_line(e)}); "
                "trying the one before")
            if unfit is not None and _reads_whole(prefix):
                unfit.append(prefix)
            continue
        if not all_finite(checked()):
            say(f"tf2gan: checkpoint {prefix} holds numbers that are not finite; "
                "trying the one before")
            continue
        return prefix
    return None


def _remove_unfinished(folder: str) -> None:
    """What a save the disk refused leaves: TensorFlow's ckpt-N_temp folders and
    its temporary index files. Only the run's lock holder may call this."""
    for path in glob.glob(os.path.join(glob.escape(folder), "*_temp")):
        shutil.rmtree(path, ignore_errors=True)
    for path in glob.glob(os.path.join(glob.escape(folder), "checkpoint.tmp*")):
        try:
            os.remove(path)
        except OSError:
            pass


def _reads_whole(prefix: str) -> bool:
    """Whether every value in a checkpoint's files can be read."""
    try:
        reader = tf.train.load_checkpoint(prefix)
        for name in reader.get_variable_to_shape_map():
            reader.get_tensor(name)
    except Exception:  # noqa: BLE001 - a cut-short file fails in many ways
        return False
    return True


def _refusal(directory: str, candidates: list[tuple[int, str]], unfit: list[str]) -> RunError:
    """Why no checkpoint of the run in `directory` can be used.

    When every one reads whole and none restores, the files are sound and
    the networks built from config.json are not theirs: the config is what
    changed (edited, or copied from another run).
    """
    folder = os.path.join(directory, run_dir.CHECKPOINTS)
    names = ", ".join(os.path.basename(prefix) for _, prefix in candidates)
    if len(unfit) == len(candidates):
        name = run_dir.read_config(directory)["variant"]["name"]
        return RunError(f"the checkpoints in {folder} ({names}) do not fit the {name} networks "
                        f"that {directory}/{run_dir.CONFIG} describes: was config.json changed? "
                        "The checkpoints are left as they are")
    return RunError(f"none of the checkpoints in {folder} ({names}) can be used; they are "
                    "left as they are")


class Saver:
    """The run's checkpoints: the step counter, both models, the optimisers."""

    def __init__(self, gan: GAN, directory: str) -> None:
        """For the process that holds the run's lock (run_dir.open_for_writing):
        it clears what a dead writer's unfinished save left."""
        self.gan = gan
        self.run_dir = directory
        self.step = tf.Variable(0, dtype=tf.int64, name="step")
        self.checkpoint = tf.train.Checkpoint(step=self.step, **gan.trackables())
        self.directory = os.path.join(directory, run_dir.CHECKPOINTS)
        _remove_unfinished(self.directory)
        self.manager: tf.train.CheckpointManager | None = None  # made by restore()

    def _variables(self) -> list[tf.Variable]:
        optimizers = {id(o): o for o in (self.gan.d_optimizer, self.gan.g_optimizer)}.values()
        return (self.gan.generator.variables + self.gan.discriminator.variables
                + [v for o in optimizers for v in o.variables])

    def weights_finite(self) -> bool:
        return all_finite(self.gan.generator.trainable_variables
                          + self.gan.discriminator.trainable_variables)

    def restore(self, say: Callable[[str], None] = print) -> int:
        """Restore the newest usable checkpoint on disk; the step it was saved at
        (0 if the run holds none). RunError if it holds some and none is usable.
        Afterwards the index names what is on disk, and saving can begin."""
        candidates = run_dir.checkpoint_files(self.run_dir)
        if not candidates:
            self._write_index([])
            return 0
        unfit: list[str] = []
        chosen = _restore_first_sound(self.checkpoint, candidates, self._variables, say,
                                      unfit=unfit)
        if chosen is None:
            raise _refusal(self.run_dir, candidates, unfit)
        # The index now names what is on disk up to the checkpoint in use, so
        # that the manager keeps and prunes those; the ones passed over are
        # left on disk, and a save at the same step replaces them.
        self._write_index([prefix for step, prefix in sorted(candidates)
                           if step <= int(self.step.numpy())][-KEEP:])
        return int(self.step.numpy())

    def _write_index(self, kept: list[str]) -> None:
        """Make the `checkpoint` index name `kept` (oldest first; none: no index),
        whatever it said before (lost, garbled, empty), and the manager that
        keeps and prunes them."""
        index = os.path.join(self.directory, "checkpoint")
        try:
            if kept:
                written = [os.path.getmtime(prefix + ".index") for prefix in kept]
                tf.compat.v1.train.update_checkpoint_state(
                    self.directory, kept[-1], kept, all_model_checkpoint_timestamps=written,
                    last_preserved_timestamp=min(written) - 1.0)
            elif os.path.exists(index):
                os.remove(index)  # it names no checkpoint on disk
        except (OSError, tf.errors.OpError) as e:
            _remove_unfinished(self.directory)
            raise write_failure(f"the checkpoint index in {self.directory}", e) from None
        self.manager = tf.train.CheckpointManager(self.checkpoint, self.directory,
                                                  max_to_keep=KEEP)

    def save(self, step: int) -> None:
        """Save after `step` iterations; never weights or optimiser state that are
        not finite, and never a half-written checkpoint left behind."""
        if not all_finite(self._variables()):
            raise RunError(f"the state after step {step} is not finite; not saved. The last "
                           f"good checkpoint is kept: {self.manager.latest_checkpoint}")
        self.step.assign(step)
        try:
            self.manager.save(checkpoint_number=step)
        except (OSError, tf.errors.OpError) as e:
            _remove_unfinished(self.directory)
            raise write_failure(f"a checkpoint in {self.directory}", e) from None


def _restore_newest(directory: str, gan: GAN, trackables: dict[str, object],
                    say: Callable[[str], None], partial: bool) -> int:
    """Restore `trackables` of `gan` from the newest usable checkpoint of a run
    directory, read only; the step it was saved at."""
    step = tf.Variable(0, dtype=tf.int64, name="step")
    candidates = run_dir.checkpoint_files(directory)
    if not candidates:
        raise UsageError(f"{directory} holds no checkpoint yet")
    checkpoint = tf.train.Checkpoint(step=step, **trackables)
    unfit: list[str] = []
    restored = lambda: [v for t in trackables.values() for v in t.variables]
    if _restore_first_sound(checkpoint, candidates, restored, say, partial=partial,
                            unfit=unfit) is None:
        raise _refusal(directory, candidates, unfit)
    return int(step.numpy())


def restore_generator(directory: str,
                      say: Callable[[str], None] = print) -> tuple[Variant, tf.keras.Model, int]:
    """(variant, generator, step) of the newest usable checkpoint in a run directory."""
    variant = run_dir.variant_of_run(directory)
    gan = make_gan(variant)
    step = _restore_newest(directory, gan, {"generator": gan.generator}, say, partial=True)
    return variant, gan.generator, step


def restore_gan(directory: str, say: Callable[[str], None] = print) -> tuple[GAN, int]:
    """The whole GAN of the newest usable checkpoint in a run directory (both
    networks, the optimisers' state), and the step it was saved at.

    Read only: unlike a Saver, it writes nothing and takes no lock, so it
    may read a run that is still training.
    """
    config = run_dir.read_config(directory)
    variant = run_dir.variant_of_run(directory)
    gan = GAN(variant, seed=config.get("seed", 0), reseed=False,
              mixed_precision=config.get("mixed_precision", "none"))
    step = _restore_newest(directory, gan, gan.trackables(), say, partial=False)
    gan.iteration.assign(step)
    return gan, step
