"""The judge of generated digits: a small CNN trained on real ones, cached.

TF-GAN's evaluation module, which MNIST GAN code used to score samples, no
longer imports on TensorFlow 2.16 and later; this is its replacement in
plain TF2. The classifier is trained once on the labelled real images a run
is judged against (input_pipeline.load_labelled) and cached under a name
that records what it was trained on, together with the feature statistics
of those images (the Fréchet distance's reference) and what the held-out
real images score, so that every number it gives can be read against real
data's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from typing import Any, Callable

import numpy as np
import tensorflow as tf

from tf2gan.base import files
from tf2gan.base.errors import UsageError, first_line
from tf2gan.data import kinds
from tf2gan.data.input_pipeline import LabelledImages
from tf2gan.judge import metrics

keras = tf.keras

# Part of every cache name: change it whenever the network or its training
# changes, so that an old cached classifier is never mistaken for a new one.
ARCHITECTURE = "cnn_v1"
FEATURES = "features"
_BATCH = 128
_EVAL_BATCH = 1000
# Updates, whatever the size of the training set: 5 epochs of full MNIST,
# 77 of the offline sample's 4,000 digits.
_UPDATES = 2400


def default_cache_dir() -> str:
    """$TF2GAN_CACHE, else $XDG_CACHE_HOME/tf2gan, else ~/.cache/tf2gan."""
    if os.environ.get("TF2GAN_CACHE"):
        return os.environ["TF2GAN_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "tf2gan")


def build_classifier(num_classes: int = 10) -> keras.Model:
    """Two batch-normalised convolutions with pooling, 128 dense features.

    Pixels in [0, 1]. Random shifts, rotations and zooms while training let
    4,000 digits teach nearly what 60,000 would; they are inactive when
    judging.
    """
    layers = [
        keras.layers.Reshape((*kinds.IMAGE_SHAPE, 1)),
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant"),
        keras.layers.RandomRotation(0.05, fill_mode="constant"),
        keras.layers.RandomZoom(0.1, fill_mode="constant"),
        keras.layers.Conv2D(32, 3, use_bias=False),
        keras.layers.BatchNormalization(),
        keras.layers.ReLU(),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, use_bias=False),
        keras.layers.BatchNormalization(),
        keras.layers.ReLU(),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.25),
        keras.layers.Dense(128, activation="relu", name=FEATURES),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(num_classes, name="logits"),
    ]
    inputs = x = keras.Input(kinds.IMAGE_SHAPE)
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs, x, name=ARCHITECTURE)


def to_unit(images: np.ndarray) -> np.ndarray:
    """uint8 pixels [n, height, width] to float32 in [0, 1]."""
    return np.asarray(images, np.float32).reshape(-1, *kinds.IMAGE_SHAPE) / 255.0


def train_classifier(data: LabelledImages, seed: int = 0,
                     say: Callable[[str], None] = print) -> keras.Model:
    """The classifier trained on data's training split, reporting progress."""
    keras.utils.set_random_seed(seed)
    model = build_classifier(int(data.train_labels.max()) + 1)
    n = len(data.train_images)
    epochs = max(1, round(_UPDATES * _BATCH / n))
    updates = epochs * -(-n // _BATCH)
    # Cosine decay to zero: the last epochs settle instead of wandering.
    learning_rate = keras.optimizers.schedules.CosineDecay(1e-3, updates)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    dataset = (tf.data.Dataset.from_tensor_slices((to_unit(data.train_images), data.train_labels))
               .shuffle(n, seed=seed).batch(_BATCH).prefetch(tf.data.AUTOTUNE))
    every = max(1, epochs // 10)

    class Report(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict[str, float] | None = None) -> None:
            if (epoch + 1) % every == 0 or epoch + 1 == epochs:
                logs = logs or {}
                say(f"  classifier epoch {epoch + 1}/{epochs}: loss {logs.get('loss', 0):.4f}, "
                    f"training accuracy {logs.get('accuracy', 0):.4f}")

    model.fit(dataset, epochs=epochs, verbose=0, shuffle=False, callbacks=[Report()])
    return model


@dataclasses.dataclass
class Judge:
    """A trained classifier, the reference statistics, and what it knows of itself."""

    model: keras.Model
    reference_mean: np.ndarray
    reference_cov: np.ndarray
    info: dict[str, Any]  # source, sizes, held-out accuracy, held-out real scores

    def __post_init__(self) -> None:
        self._outputs = keras.Model(self.model.input,
                                    [self.model.get_layer(FEATURES).output, self.model.output])

    def features_and_probabilities(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Features [n, 128] and class probabilities [n, classes] of uint8 images."""
        unit = to_unit(images)
        features, probabilities = [], []
        for start in range(0, len(unit), _EVAL_BATCH):
            f, logits = self._outputs(tf.constant(unit[start:start + _EVAL_BATCH]),
                                      training=False)
            features.append(f.numpy())
            probabilities.append(tf.nn.softmax(logits).numpy())
        return np.concatenate(features), np.concatenate(probabilities)

    def accuracy(self, images: np.ndarray, labels: np.ndarray) -> float:
        _, probabilities = self.features_and_probabilities(images)
        return float(np.mean(np.argmax(probabilities, axis=1) == labels))

    def score(self, images: np.ndarray) -> dict[str, Any]:
        """Fréchet distance to the reference, classifier score, class shares."""
        return self.score_outputs(*self.features_and_probabilities(images))

    def score_outputs(self, features: np.ndarray, probabilities: np.ndarray) -> dict[str, Any]:
        """score's figures from features and probabilities computed already."""
        mean, cov = metrics.feature_statistics(features)
        shares = metrics.class_shares(probabilities)
        return {
            "frechet_distance": metrics.frechet_distance(mean, cov, self.reference_mean,
                                                         self.reference_cov),
            "classifier_score": metrics.classifier_score(probabilities),
            "classes_present": metrics.classes_present(shares),
            "class_shares": [round(float(s), 4) for s in shares],
        }


def cache_name(data: LabelledImages) -> str:
    """What the classifier is and what it was trained on, e.g. cnn_v1-mnist_sample-4000."""
    return f"{ARCHITECTURE}-{data.name}-{len(data.train_images)}"


def _paths(cache_dir: str, name: str) -> tuple[str, str, str]:
    stem = os.path.join(cache_dir, name)
    return stem + ".keras", stem + ".npz", stem + ".json"


def load_cached(cache_dir: str, name: str,
                say: Callable[[str], None] = print) -> Judge | None:
    """The judge cached as `name` in `cache_dir`; None if it is not there, or if
    any of its files cannot be read (then saying so through `say`: it will be
    trained again)."""
    model_path, stats_path, info_path = _paths(cache_dir, name)
    if not all(os.path.exists(p) for p in (model_path, stats_path, info_path)):
        return None
    try:
        model = keras.models.load_model(model_path)
        with np.load(stats_path) as stats:
            mean, cov = stats["mean"], stats["cov"]
        with open(info_path, encoding="utf-8") as f:
            info = json.load(f)
        if not isinstance(info, dict) or cov.shape != (len(mean), len(mean)):
            raise ValueError("its statistics or description are not a judge's")
        return Judge(model, mean, cov, info)
    except Exception as e:  # noqa: BLE001 - a damaged .keras or .npz fails in many ways
        say(f"tf2gan: the cached classifier {os.path.join(cache_dir, name)} cannot be read "
            f"({first_line(e)}); training a new one")
        return None


def save_cached(judge: Judge, cache_dir: str, name: str) -> None:
    """Cache `judge` as `name` in `cache_dir`, each file written whole or not at
    all: a full disk leaves an earlier cache as it was. UsageError if the disk
    refuses."""
    model_path, stats_path, info_path = _paths(cache_dir, name)

    def write_stats(temporary: str) -> None:
        with open(temporary, "wb") as f:
            np.savez(f, mean=judge.reference_mean, cov=judge.reference_cov)

    try:
        os.makedirs(cache_dir, exist_ok=True)
        files.replace_with(model_path, judge.model.save, suffix=".keras")
        files.replace_with(stats_path, write_stats)
        # Written last: its presence says the other two are whole.
        files.write_atomically(info_path, json.dumps(judge.info, indent=2) + "\n")
    except OSError as e:
        raise UsageError(f"cannot write the classifier cache in {cache_dir}: "
                         f"{e.strerror or e}") from None


def load_or_train(data: LabelledImages, cache_dir: str | None = None,
                  say: Callable[[str], None] = print) -> Judge:
    """The cached judge for `data`, training and caching it the first time.

    Under a lock on the cache entry: processes judging at once (a study's
    runs, pytest's workers) train it once, the others wait and load it.
    """
    cache_dir = cache_dir or default_cache_dir()
    name = cache_name(data)
    judge = load_cached(cache_dir, name, say=lambda line: print(line, flush=True))
    if judge is not None:
        return judge
    with contextlib.ExitStack() as stack:
        try:
            os.makedirs(cache_dir, exist_ok=True)
            stack.enter_context(files.locked(os.path.join(cache_dir, name + ".lock")))
        except OSError as e:
            raise UsageError(f"cannot write the classifier cache in {cache_dir}: "
                             f"{e.strerror or e}") from None
        # Trained meanwhile by whoever held the lock? (Damage was said already.)
        judge = load_cached(cache_dir, name, say=lambda line: None)
        if judge is None:
            judge = _train_judge(data, name, cache_dir, say)
            save_cached(judge, cache_dir, name)
        return judge


def _train_judge(data: LabelledImages, name: str, cache_dir: str,
                 say: Callable[[str], None]) -> Judge:
    say(f"tf2gan: training the classifier {name} on {data.description} "
        f"(once; cached in {cache_dir})")
    model = train_classifier(data, say=say)
    judge = Judge(model, np.zeros(0), np.zeros((0, 0)), {})
    features, _ = judge.features_and_probabilities(data.train_images)
    judge.reference_mean, judge.reference_cov = metrics.feature_statistics(features)
    judge.info = {"name": name, "trained_on": data.description,
                  "train_examples": len(data.train_images),
                  "held_out_examples": len(data.test_images),
                  "held_out_accuracy": judge.accuracy(data.test_images, data.test_labels),
                  "held_out_real": judge.score(data.test_images)}
    say(f"tf2gan: classifier {name}: {judge.info['held_out_accuracy']:.2%} accurate on "
        f"{len(data.test_images):,} held-out real images")
    return judge
