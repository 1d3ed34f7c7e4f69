"""What a run tells TensorBoard: under which names, with what descriptions.

Tags are grouped by what they are about: `loss/` (the losses), `d_output/`
(what D makes of real and generated examples), `eval/` (judged samples,
evaluate.py), `samples/` (the pictures, and gaussian1d's picture values)
and `weights/` (with --histograms_every). Each carries a description that
TensorBoard shows beside its chart, so that a reader of the dashboard need
not read the code: what D(x) and D(G(z)) are, and that the losses are the
ones the optimisers minimise, not the negated ones 000's notebook printed.
The histograms are of the weights only. Gradients would need D run once
more, outside training, and a dropout D's random draws would then change
what the run trains on; the original (--impl=original) keeps them inside its
own session.

At its start a run writes its hyperparameters for the HParams dashboard,
which puts runs side by side, and its resolved config.json as a text
summary. The dashboard's metrics are the runs' own scalars, of which it
shows the last value: the final losses, and the eval/ metrics of the runs
that were judged. They are not declared in an experiment configuration:
TensorBoard reads such a declaration from one run only, chosen arbitrarily,
and runs of other variants, or judged and not, would declare other metrics.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

import numpy as np
import tensorflow as tf

from tf2gan.run.settings import HPARAMS
from tf2gan.variants import Variant

# A training iteration's metrics (loops.Span): their tags and what they mean.
TRAINING = {
    "d_loss": ("loss/d_loss",
               "D's loss on the iteration's batch, before D's update, in the sign D's "
               "optimiser minimises it (a cross-entropy: lower means D tells real from "
               "generated examples better). 000's notebook printed it negated; "
               "`tf2gan.compare` flips it back to set the two side by side."),
    "g_loss": ("loss/g_loss",
               "G's loss, in the sign G's optimiser minimises it: the non-saturating "
               "-log D(G(z)) or its cross-entropy, lower when D takes G's samples for real. "
               "Taken after D's update of the same iteration (the last G update's, where "
               "there are several). 000's notebook printed it negated."),
    "d_real": ("d_output/d_real",
               "D(x): the probability D gives that the batch's real examples are real, "
               "averaged over the batch, before D's update. 1: D accepts them all."),
    "d_fake": ("d_output/d_fake",
               "D(G(z)): the probability D gives that G's samples are real, averaged over "
               "the batch, before D's update. 0: D rejects them all; G pulls it towards 1, "
               "and a game in balance holds it near 0.5."),
}

# Runs written before the tags were grouped logged these names plainly;
# readers (tf2gan.compare) take them under the grouped names.
LEGACY_TAGS = {**{name: tag for name, (tag, _) in TRAINING.items()},
               "generated_mean": "samples/generated_mean",
               "generated_std": "samples/generated_std"}



def _as_shown(value: Any) -> Any:
    """A hyperparameter as the HParams dashboard should show it.

    The dashboard prints every number to five significant digits (a seed of
    2 as 2.0000, a batch of 100 as 100.00): whole numbers go as text, which
    it prints as given (and sorts and filters as text).
    """
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def hparams(variant: Variant, config: Mapping[str, Any]) -> dict[str, Any]:
    """What the HParams dashboard compares runs by: the variant, the run
    settings that say so (settings.HPARAMS), the batch size, D's and G's
    learning rates and the iterations the run is set to reach."""
    d_rate, g_rate = variant.optimizer.learning_rates()
    values = {"variant": variant.name, **{key: config[key] for key in HPARAMS},
              "batch_size": variant.batch_size, "d_learning_rate": d_rate,
              "g_learning_rate": g_rate, "steps": config["total_steps"]}
    return {key: _as_shown(value) for key, value in values.items()}


def write_start(variant: Variant, config: Mapping[str, Any], step: int, trial: str) -> None:
    """Hyperparameters and config.json, into the default writer.

    `trial` names the run in the HParams dashboard (its Trial ID), which
    would otherwise show a hash of the hyperparameters.
    """
    from tensorboard.plugins.hparams import api as hp

    hp.hparams(hparams(variant, config), trial_id=trial)
    text = json.dumps(config, indent=2)
    # Indented four spaces, the text dashboard's Markdown shows it as code.
    tf.summary.text("config", "\n".join("    " + line for line in text.splitlines()), step=step,
                    description="The run's resolved configuration, as config.json holds it "
                                "(written again by each resumed run, at its first step).")


def write_training(metrics: Mapping[str, float]) -> None:
    """An iteration's metrics, into the default writer at its step."""
    for name, value in metrics.items():
        tag, description = TRAINING[name]
        tf.summary.scalar(tag, value, description=description)


def write_picture(variant: Variant, png: bytes, values: Mapping[str, np.ndarray]) -> None:
    """A picture (and the values a histogram picture shows), into the default writer at its step."""
    tf.summary.image(f"samples/{variant.picture}", tf.image.decode_png(png)[tf.newaxis],
                     description=f"The tutorial's picture ({variant.picture}), as the run's "
                                 "samples/ folder holds it.")
    for name, array in values.items():
        tf.summary.histogram(f"samples/{name}", array,
                             description=f"The {name} values the picture shows.")
    if values:
        generated = values["generated"]
        tf.summary.scalar("samples/generated_mean", float(np.mean(generated)),
                          description="Mean of the generated values the picture shows; the "
                                      f"target's is {variant.gaussian_mean:g}.")
        tf.summary.scalar("samples/generated_std", float(np.std(generated)),
                          description="Standard deviation of the generated values the picture "
                                      f"shows; the target's is {variant.gaussian_stddev:g}.")


def weights(models: list[tf.keras.Model]) -> dict[str, np.ndarray]:
    """Every trainable variable of `models` by its path, copied off the model."""
    return {variable.path: variable.numpy() for model in models
            for variable in model.trainable_variables}


def write_weights(values: Mapping[str, np.ndarray]) -> None:
    """Histograms of `weights`' values, into the default writer at its step."""
    for path, value in values.items():
        tf.summary.histogram(f"weights/{path}", value,
                             description=f"The values of {path}, every --histograms_every "
                                         "iterations.")
