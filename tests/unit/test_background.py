"""Pictures written in the background: in order, none dropped, failures raised in training."""

import threading
import time

import numpy as np
import pytest

from tf2gan.base.errors import RunError
from tf2gan.run import pictures, reporter, settings as run_settings
from tf2gan.run.background import PENDING, Background
from tf2gan.variants import VARIANTS

METRICS = {"d_loss": 1.0, "g_loss": 2.0, "d_real": 0.5, "d_fake": 0.25}


def test_jobs_run_in_order_and_a_full_queue_makes_the_submitter_wait():
    background, done, hold = Background(), [], threading.Event()
    background.submit(hold.wait)  # the worker is busy with this one
    for i in range(PENDING):
        background.submit(lambda i=i: done.append(i))
    late = threading.Thread(target=background.submit, args=(lambda: done.append("late"),))
    late.start()
    late.join(0.3)
    assert late.is_alive()  # waiting for room, not dropped
    hold.set()
    late.join(5)
    background.wait()
    assert done == [*range(PENDING), "late"]
    background.close()


def test_a_failure_is_raised_on_the_next_hand_over_and_later_jobs_are_skipped():
    background, done = Background(), []

    def fail():
        raise OSError(28, "No space left on device")

    background.submit(fail)
    background.submit(lambda: done.append(1))
    with pytest.raises(OSError, match="No space"):
        background.wait()
    with pytest.raises(OSError):
        background.submit(lambda: done.append(2))
    background.close()  # a run on its way out with another error: nothing raised here
    assert done == []


class _Trainer:
    """G's outputs for a picture, without a model."""

    def generate(self, noise):
        return np.zeros((len(noise), 100), np.float32)


def _reporter(tmp_path, name="gaussian1d"):
    (tmp_path / "samples").mkdir()
    settings = run_settings.RunSettings(run_dir=str(tmp_path), dataset="gaussian")
    return reporter.Reporter(VARIANTS[name], _Trainer(), settings, str(tmp_path), 1)


@pytest.mark.slow
def test_a_run_that_ends_waits_for_every_picture(tmp_path, monkeypatch):
    draw = pictures.draw

    def slow_draw(*args):
        time.sleep(0.2)
        return draw(*args)

    monkeypatch.setattr(pictures, "draw", slow_draw)
    reporter = _reporter(tmp_path)
    for step in (199, 399, 599):
        reporter.picture(step, METRICS)
    reporter.close()
    assert sorted(p.name for p in (tmp_path / "samples").iterdir()) == [
        "step_000199.png", "step_000399.png", "step_000599.png"]


def test_a_drawing_error_is_one_line_on_the_training_thread(tmp_path, monkeypatch):
    def broken_draw(*args):
        raise ValueError("Image size of 100000x100 pixels is\ntoo large")

    monkeypatch.setattr(pictures, "draw", broken_draw)
    reporter = _reporter(tmp_path)
    reporter.picture(199, METRICS)
    with pytest.raises(RunError) as raised:
        reporter.flush()
    assert str(raised.value) == (f"cannot draw {tmp_path}/samples/step_000199.png: ValueError: "
                                 "Image size of 100000x100 pixels is too large")
    reporter.close()
