"""TensorBoard as a user sees it: a finished run, served by TensorBoard itself,
read back through its HTTP data API plugin by plugin."""

import html
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from helpers import run_module

from tf2gan import variants

TRAINING_TAGS = {"loss/d_loss", "loss/g_loss", "d_output/d_real", "d_output/d_fake"}
HPARAMS = {"variant", "impl", "seed", "mixed_precision", "towers", "strategy", "dataset",
           "batch_size", "d_learning_rate", "g_learning_rate", "steps"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


class _Board:
    """A TensorBoard process and its data API."""

    def __init__(self, logdir, log):
        self.logdir, self.port = logdir, _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tensorboard.main", f"--logdir={logdir}", "--host=localhost",
             f"--port={self.port}", "--load_fast=false"],
            stdout=subprocess.DEVNULL, stderr=log)

    def get(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://localhost:{self.port}{path}", data=data,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def wait_for_run(self, run, seconds=60):
        """Until TensorBoard answers and has loaded `run`'s scalars."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "TensorBoard exited"
            try:
                if run in self.get("/data/plugin/scalars/tags"):
                    return
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"TensorBoard did not serve {run} within {seconds} s")

    def stop(self):
        self.process.kill()  # SIGTERM takes TensorBoard seconds; it holds nothing to save
        self.process.wait()


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    """tf101 for 20 iterations with weight histograms every 10, served by TensorBoard."""
    logdir = tmp_path_factory.mktemp("board")
    result = run_module("tf2gan.main", f"--run_dir={logdir / 'run'}", "--variant=tf101",
                        "--dataset=mnist_sample", "--steps=20", "--histograms_every=10")
    assert result.returncode == 0, result.stderr
    with open(logdir / "tensorboard.log", "w") as log:
        served = _Board(logdir, log)
        try:
            served.wait_for_run("run")
            yield served
        finally:
            served.stop()


@pytest.mark.slow
def test_every_plugin_the_run_wrote_to_is_active(board):
    listing = board.get("/data/plugins_listing")
    for plugin in ("scalars", "images", "histograms", "text", "hparams"):
        assert listing[plugin]["enabled"], plugin


def test_scalars_are_grouped_and_say_what_they_mean(board):
    tags = board.get("/data/plugin/scalars/tags")["run"]
    assert set(tags) == TRAINING_TAGS
    assert "D(x)" in tags["d_output/d_real"]["description"]
    assert "D(G(z))" in tags["d_output/d_fake"]["description"]
    for loss in ("loss/d_loss", "loss/g_loss"):
        assert "optimiser minimises it" in tags[loss]["description"]
    points = board.get("/data/plugin/scalars/scalars?run=run&tag=loss/d_loss")
    assert [step for _, step, _ in points] == [1]  # tf101 logs its first iteration


def test_hparams_compare_the_run_by_its_settings_and_final_metrics(board):
    experiment = board.get("/data/plugin/hparams/experiment", {"experimentName": ""})
    assert {info["name"] for info in experiment["hparamInfos"]} == HPARAMS
    assert {info["name"]["tag"] for info in experiment["metricInfos"]} == TRAINING_TAGS
    groups = board.get("/data/plugin/hparams/session_groups", {
        "experimentName": "", "startIndex": 0, "sliceSize": 10, "colParams": [],
        "allowedStatuses": ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE",
                            "STATUS_RUNNING"]})["sessionGroups"]
    assert [group["name"] for group in groups] == ["run"]  # the run directory's name
    hparams = groups[0]["hparams"]
    # whole numbers as text, which the dashboard prints as given (not 0.0000)
    assert (hparams["variant"], hparams["impl"], hparams["seed"], hparams["dataset"],
            hparams["steps"]) == ("tf101", "tf2", "0", "mnist_sample", "20")
    tf101 = variants.get("tf101")
    assert hparams["batch_size"] == str(tf101.batch_size)
    assert (hparams["d_learning_rate"], hparams["g_learning_rate"]) == (
        tf101.optimizer.d_learning_rate, tf101.optimizer.g_learning_rate)
    assert {m["name"]["tag"] for m in groups[0]["metricValues"]} == TRAINING_TAGS


def test_the_resolved_config_is_a_text_summary(board):
    assert board.get("/data/plugin/text/tags") == {"run": ["config"]}
    [entry] = board.get("/data/plugin/text/text?run=run&tag=config")
    assert entry["step"] == 0
    shown = re.fullmatch(r"<pre><code>(.*)</code></pre>", entry["text"], re.DOTALL).group(1)
    assert json.loads(html.unescape(shown)) == json.loads(
        (board.logdir / "run" / "config.json").read_text())


def test_weights_are_histogrammed_every_n_iterations_and_the_picture_is_an_image(board):
    histograms = board.get("/data/plugin/histograms/tags")["run"]
    # tf101: two dense layers in G and in D, a kernel and a bias each.
    assert len(histograms) == 8
    assert set(histograms) == {f"weights/{network}/dense_{i}/{weight}"
                               for network in ("generator", "discriminator")
                               for i in (1, 2) for weight in ("kernel", "bias")}
    tag = sorted(histograms)[0]
    steps = [step for _, step, _ in
             board.get(f"/data/plugin/histograms/histograms?run=run&tag={tag}")]
    assert steps == [10, 20]
    images = board.get("/data/plugin/images/tags")["run"]
    assert list(images) == ["samples/grid16"]
