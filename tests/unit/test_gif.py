"""The progress GIF: training's pictures in training order, at the end of a run and on demand."""

import os
import random

import pytest
from PIL import Image

from tf2gan.base import files
from tf2gan.run import gif, reporter
from tf2gan.variants import VARIANTS

# Iterations past every label's zero padding: 1,000 epochs, 10,000 batches,
# 1,000,000 steps.
_STEPS = (0, 1, 49, 50, 99, 100, 599, 600, 9_999, 49_999, 50_000, 599_999, 600_000,
          999_999, 1_000_000, 6_000_000, 60_000_123)


def _png(path, size=(40, 30), shade=0):
    Image.new("RGB", size, (shade, shade, shade)).save(path)


@pytest.mark.parametrize("name", list(VARIANTS))
@pytest.mark.parametrize("steps_per_epoch", [50, 600])
def test_pictures_come_back_in_training_order(tmp_path, name, steps_per_epoch):
    cadence = VARIANTS[name].picture_cadence
    labels = list(dict.fromkeys(cadence.label(step, steps_per_epoch) for step in _STEPS))
    samples = tmp_path / "samples"
    samples.mkdir()
    shuffled = labels[:]
    random.Random(0).shuffle(shuffled)
    for label in shuffled:
        _png(samples / f"{label}.png")
    for other in ("interpolation.png", "progress.gif", "notes.txt"):
        (samples / other).write_bytes(b"")
    found = gif.training_pictures(str(tmp_path))
    assert found == [str(samples / f"{label}.png") for label in labels]


def test_frames_of_other_sizes_are_padded_or_cut_to_the_first(tmp_path):
    frames = [Image.new("RGB", size, colour) for size, colour in
              (((40, 30), "red"), ((44, 30), "blue"), ((36, 26), "green"))]
    path = tmp_path / "a.gif"
    gif.write(str(path), frames, frame_ms=100, last_frame_ms=400)
    with Image.open(path) as animation:
        assert animation.n_frames == 3 and animation.info["loop"] == 0
        for index, centre in enumerate(((255, 0, 0), (0, 0, 255), (0, 128, 0))):
            animation.seek(index)
            frame = animation.convert("RGB")
            assert frame.size == (40, 30)
            assert frame.getpixel((20, 15)) == centre
            assert animation.info["duration"] == (400 if index == 2 else 100)
    # The smaller frame sits on white, centred.
    assert frame.getpixel((0, 0)) == (255, 255, 255) and frame.getpixel((2, 2)) == (0, 128, 0)
    assert [name for name in os.listdir(tmp_path)] == ["a.gif"]  # no temporary file left


def test_long_runs_are_shown_in_at_most_max_frames():
    chosen = gif.evenly([str(i) for i in range(1000)], gif.MAX_FRAMES)
    assert len(chosen) == gif.MAX_FRAMES and chosen[0] == "0" and chosen[-1] == "999"
    assert gif.evenly(["a", "b"], gif.MAX_FRAMES) == ["a", "b"]


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "f"
    path.write_bytes(b"old")

    def refuse(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(OSError):
        files.write_atomically(str(path), b"new")
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["f"]


def test_a_failed_gif_is_one_line_on_stderr(tmp_path, capsys):
    (tmp_path / "samples").mkdir()
    _png(tmp_path / "samples" / "step_000000.png")
    (tmp_path / "samples" / "step_000200.png").write_bytes(b"not a png")
    reporter.write_progress_gif(str(tmp_path))
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("tf2gan: no progress GIF: ")


@pytest.mark.slow
def test_a_run_ends_with_its_gif_and_sample_writes_it_again(run_cli, tmp_path):
    run = tmp_path / "run"
    # gaussian1d draws every 200 iterations: two pictures.
    result = run_cli("tf2gan.main", "--variant=gaussian1d", "--steps=400", f"--run_dir={run}")
    assert result.returncode == 0, result.stderr
    progress = run / "samples" / "progress.gif"
    assert f"tf2gan: wrote {progress} (2 frames)" in result.stdout
    with Image.open(progress) as animation, \
            Image.open(run / "samples" / "step_000199.png") as picture:
        assert animation.n_frames == 2 and animation.size == picture.size
    progress.unlink()
    result = run_cli("tf2gan.sample", f"--run_dir={run}", "--gif")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"tf2gan: wrote {progress}: 2 frames from 2 pictures"
    assert progress.exists()


def test_sample_gif_needs_two_pictures(run_cli, tmp_path):
    (tmp_path / "samples").mkdir()
    _png(tmp_path / "samples" / "final.png")
    result = run_cli("tf2gan.sample", f"--run_dir={tmp_path}", "--gif")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tf2gan: error: {tmp_path} holds 1 picture(s) drawn in training; a GIF needs at least 2"]
