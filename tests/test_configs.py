"""Each variant logs and draws at its tutorial's cadence."""

from tf2gan.configs import VARIANTS


def _due(cadence, steps_per_epoch, total):
    return [s for s in range(total) if cadence.due(s, steps_per_epoch, total)]


def test_goodfellow_logs_every_epoch_and_draws_at_epoch_0_and_every_10th():
    v = VARIANTS["goodfellow"]
    assert _due(v.log_cadence, 550, 550 * 3) == [549, 1099, 1649]
    drawn = [(s + 1) // 550 - 1 for s in _due(v.picture_cadence, 550, 550 * 100)]
    assert drawn == [0, 9, 19, 29, 39, 49, 59, 69, 79, 89, 99]


def test_tf101_prints_every_100_steps_to_1000_then_every_1000():
    v = VARIANTS["tf101"]
    logged = _due(v.log_cadence, 214, v.steps)
    assert logged[:12] == [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 2000]
    assert logged[-1] == 20000 and len(logged) == 30
    assert _due(v.picture_cadence, 214, v.steps)[:3] == [0, 2000, 4000]


def test_dropout_logs_when_the_batch_index_is_a_multiple_of_100():
    v = VARIANTS["dropout"]
    assert _due(v.log_cadence, 600, 1200) == [0, 100, 200, 300, 400, 500,
                                              600, 700, 800, 900, 1000, 1100]


def test_gaussian1d_shows_after_every_stage_of_200_epochs():
    v = VARIANTS["gaussian1d"]
    assert _due(v.picture_cadence, 1, 1000) == [199, 399, 599, 799, 999]
    assert v.steps == 200 * 200


def test_smoothing_draws_its_traversal_once_after_training():
    v = VARIANTS["smoothing"]
    assert _due(v.picture_cadence, 550, 550 * v.epochs) == [550 * 50 - 1]


def test_labels_name_pictures_in_the_cadence_units():
    assert VARIANTS["goodfellow"].picture_cadence.label(1099, 550) == "epoch_001"
    assert VARIANTS["dropout"].picture_cadence.label(700, 600) == "epoch_001_batch_0100"
    assert VARIANTS["tf101"].picture_cadence.label(2000, 214) == "step_002000"


def test_positions_are_printed_in_the_tutorials_units():
    assert VARIANTS["goodfellow"].log_cadence.describe(1099, 550) == "epoch 1"
    assert VARIANTS["tf101"].log_cadence.describe(3000, 214) == "step 3000"
    assert VARIANTS["dropout"].log_cadence.describe(700, 600) == "epoch 1 batch 100"
