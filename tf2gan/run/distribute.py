"""Training on several devices or machines with TensorFlow's own tf.distribute.

--strategy=mirrored is MirroredStrategy over this machine's GPUs, or over
--cpu_devices logical CPU devices where there are none; --strategy=
multi_worker is MultiWorkerMirroredStrategy across the workers TF_CONFIG
lists. Either way the batch is the tutorial's global batch: each replica
trains on an equal share of every batch and of its noise (loops.FusedLoop),
and the optimisers sum the replicas' gradients of loss / replicas, which is
the gradient of the whole batch's mean loss (gan.py).
"""

from __future__ import annotations

import json
import os

import tensorflow as tf
from tensorflow.python.eager import context

from tf2gan.base.errors import UsageError

STRATEGIES = ("none", "mirrored", "multi_worker")


def split_cpu(count: int) -> None:
    """Present the CPU as `count` logical devices; only before TensorFlow starts."""
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)])


def _check_tf_config() -> None:
    text = os.environ.get("TF_CONFIG")
    if not text:
        raise UsageError("--strategy=multi_worker needs TF_CONFIG, e.g. "
                         '{"cluster": {"worker": ["host1:port", "host2:port"]}, '
                         '"task": {"type": "worker", "index": 0}}')
    try:
        config = json.loads(text)
        workers = config["cluster"]["worker"]
        task = config["task"]
        index = int(task["index"])
        if not (isinstance(workers, list) and all(isinstance(w, str) for w in workers)):
            raise TypeError(f"its workers are {workers!r}, not a list of host:port")
    except (ValueError, KeyError, TypeError) as e:
        raise UsageError(f"TF_CONFIG cannot be read as a cluster and a task: {e}") from None
    if task.get("type") != "worker" or not 0 <= index < len(workers):
        raise UsageError(f"TF_CONFIG's task {task} is not one of its {len(workers)} workers")


def make_strategy(name: str) -> tf.distribute.Strategy | None:
    """The strategy --strategy names (None for none). Create it before anything
    else touches TensorFlow's runtime: multi_worker configures collectives."""
    if name == "none":
        return None
    if name == "mirrored":
        devices = tf.config.list_logical_devices("GPU") or tf.config.list_logical_devices("CPU")
        return tf.distribute.MirroredStrategy([d.name for d in devices])
    if name == "multi_worker":
        _check_tf_config()
        # Without TensorFlow's coordination service: it installs a SIGTERM
        # handler of its own (for preemption notices) that keeps SIGTERM from
        # ending a worker still waiting for its peers (stopping.py).
        # MultiWorkerMirroredStrategy then checks its peers' health itself.
        context.context().configure_coordination_service("")
        try:
            return tf.distribute.MultiWorkerMirroredStrategy()
        except tf.errors.OpError as e:
            task = json.loads(os.environ["TF_CONFIG"])["task"]
            raise UsageError(f"worker {task['index']} cannot start: {e.message} (is its "
                             "address in TF_CONFIG free, and this machine's?)") from None
    raise UsageError(f"unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}")


def worker_run_dir(run_dir: str, strategy: tf.distribute.Strategy | None) -> str:
    """Where this process writes its run: the run directory for the chief (or
    the only process), RUN_DIR/worker-N for the other workers, which save
    their own checkpoints as MultiWorkerMirroredStrategy requires."""
    if strategy is None or strategy.extended.should_checkpoint:
        return run_dir
    return os.path.join(run_dir, f"worker-{strategy.cluster_resolver.task_id}")


def multi_worker(strategy: tf.distribute.Strategy | None) -> bool:
    """Whether the strategy spans several processes, which must act in step."""
    return isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy)
