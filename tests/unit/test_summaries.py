"""What TensorBoard's HParams dashboard is given: whole numbers as text (it
prints every number to five digits), rates as numbers, flags as booleans."""

from tf2gan import variants
from tf2gan.run import summaries
from tf2gan.run.settings import HPARAMS


def _config(**settings):
    return {"dataset": "mnist_sample", "seed": 7, "impl": "tf2", "mixed_precision": "none",
            "towers": 2, "strategy": "none", "total_steps": 5000, **settings}


def test_whole_numbers_go_as_text_and_learning_rates_as_numbers():
    shown = summaries.hparams(variants.get("goodfellow"), _config())
    assert set(shown) == {"variant", *HPARAMS, "batch_size", "d_learning_rate",
                          "g_learning_rate", "steps"}
    assert (shown["seed"], shown["towers"], shown["steps"]) == ("7", "2", "5000")
    assert shown["batch_size"] == str(variants.get("goodfellow").batch_size)
    assert isinstance(shown["d_learning_rate"], float)


def test_one_optimiser_over_both_networks_gives_both_its_rate():
    paper = variants.get("paper2014")
    shown = summaries.hparams(paper, _config())
    assert shown["d_learning_rate"] == shown["g_learning_rate"] == paper.optimizer.learning_rate


def test_a_boolean_stays_a_boolean():
    assert summaries._as_shown(True) is True
    assert summaries._as_shown(3) == "3" and summaries._as_shown(0.5) == 0.5
