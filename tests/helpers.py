"""What the tests share: the repository's root, tf2gan's commands run as a user
runs them, and data made on the spot. Test files import from here, never from
one another."""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import os
import pathlib
import socket
import subprocess
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_module(module: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python -m module args` in a fresh interpreter, as the CLI is used."""
    return subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, text=True,
                          capture_output=True, timeout=timeout)


def start_module(module: str, *args: str, env: dict[str, str] | None = None,
                 stdout=subprocess.PIPE) -> subprocess.Popen:
    """Start `python -m module args` and return at once, to signal it or run others beside it."""
    return subprocess.Popen([sys.executable, "-m", module, *args], cwd=REPO, text=True,
                            stdout=stdout, stderr=subprocess.PIPE,
                            env=None if env is None else {**os.environ, **env})


def checkpoint_values(run_dir) -> dict:
    """Every value in the latest checkpoint of a run: models, optimisers, step."""
    import tensorflow as tf

    reader = tf.train.load_checkpoint(os.path.join(str(run_dir), "checkpoints"))
    return {name: reader.get_tensor(name) for name in reader.get_variable_to_shape_map()
            if name != "_CHECKPOINTABLE_OBJECT_GRAPH"}


def wait_for(condition, process, timeout: float = 120, every: float = 0.05) -> None:
    """Wait until condition() holds, failing if `process` ends first or time runs out."""
    import time

    began = time.monotonic()
    while not condition():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() - began < timeout, "timed out"
        time.sleep(every)


def error_lines(stderr: str) -> list[str]:
    """stderr without the progress lines a run prints there."""
    return [line for line in stderr.splitlines() if line and not line.startswith("step ")]


@contextlib.contextmanager
def small_disk(folder, size: str):
    """A tmpfs of `size` mounted on `folder` for the block (skip where mounting is
    not allowed): a disk to fill up, or to make read-only with remount."""
    import pytest

    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(folder, leave: int = 0) -> None:
    """Fill the disk under `folder` up to its last `leave` bytes (or fewer)."""
    path = os.path.join(str(folder), "filler")
    with open(path, "wb", buffering=0) as f:  # unbuffered: no write left for close()
        for size in (1 << 20, 4096, 1):
            try:
                while True:
                    f.write(bytes(size))
            except OSError:
                pass
    os.truncate(path, max(0, os.path.getsize(path) - leave))


def make_read_only(folder) -> None:
    """Remount the small_disk on `folder` read-only (root ignores permission bits)."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def free_ports(count: int) -> list[int]:
    """Ports on localhost that nothing listens on (for TF_CONFIG's workers)."""
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("localhost", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def write_idx(path, array, magic=None, gz=True, cut=0):
    """Write `array` (uint8) as an IDX file; `cut` drops bytes from the end."""
    magic = magic if magic is not None else 0x0800 + array.ndim
    data = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    data += array.astype(np.uint8).tobytes()
    data = data[:len(data) - cut]
    with (gzip.open if gz else open)(path, "wb") as f:
        f.write(data)


def write_split(folder, images, labels, split="train", gz=True):
    prefix = "train" if split == "train" else "t10k"
    ext = ".gz" if gz else ""
    write_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte{ext}"), images, gz=gz)
    write_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte{ext}"), labels, gz=gz)


def pixels_with_ids(n):
    """Images that carry their index in two pixels (n may exceed 255)."""
    images = np.zeros((n, 28, 28), np.uint8)
    images[:, 0, 0], images[:, 0, 1] = np.arange(n) // 256, np.arange(n) % 256
    return images


def recovered_ids(batch):
    """The indices that pixels_with_ids wrote into a batch scaled to [0, 1]."""
    pixels = np.rint(batch * 255).astype(int)
    return pixels[:, 0] * 256 + pixels[:, 1]


def train_judge(root) -> pathlib.Path:
    """The judging classifier of the offline digits, trained into
    ROOT/classifier-cache once per test run: whoever holds the lock trains,
    whoever comes after loads it."""
    root = pathlib.Path(root)
    cache = root / "classifier-cache"
    cache.mkdir(exist_ok=True)
    with open(root / "classifier-cache.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # before TensorFlow's import: first come, first trains
        from tf2gan.data import input_pipeline
        from tf2gan.judge import classifier

        classifier.load_or_train(input_pipeline.load_labelled("mnist_sample", None), str(cache),
                                 say=lambda line: None)
    return cache


def synthetic_examples(variant, n: int = 700):
    """Examples a variant trains on without a dataset: n random 28x28 images
    (700 leaves tf101 a smaller last batch), or gaussian1d's own draws."""
    from tf2gan.data import input_pipeline

    if variant.data == "gaussian":
        return input_pipeline.Examples("gaussian", "", None)
    rng = np.random.default_rng(0)
    return input_pipeline.Examples("test", "", rng.integers(0, 256, (n, 28, 28), np.uint8))


def full_mnist() -> str:
    """The folder of full MNIST's four IDX files: $TF2GAN_MNIST, else the
    shared folder beside the repository; the test skips, saying why, without it."""
    import pytest

    folder = os.environ.get("TF2GAN_MNIST", os.path.join(REPO, "..", "shared", "mnist"))
    if not os.path.exists(os.path.join(folder, "train-images-idx3-ubyte.gz")):
        pytest.skip(f"full MNIST is not here ({folder} holds no train-images-idx3-ubyte.gz; "
                    "set TF2GAN_MNIST to its folder)")
    return folder
