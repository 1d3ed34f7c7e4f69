"""compare: the original's printed losses beside a run's, on one axis and sign."""

import numpy as np
import pytest

from tf2gan.base.errors import UsageError
from tf2gan.originals.printed import printed_losses
from tf2gan.studies import compare


def test_printed_outputs_are_package_data():
    goodfellow = printed_losses("goodfellow")
    assert list(goodfellow.points[:2]) == [0, 1] and len(goodfellow.points) == 23
    assert goodfellow.d_loss[0] == -0.1141 and goodfellow.g_loss[0] == -3.393
    assert list(goodfellow.iterations[:2]) == [550, 1100]
    tf101 = printed_losses("tf101")
    assert tf101.iterations[0] == 1 and tf101.iterations[-1] == 20001
    assert tf101.d_loss[-1] == 0.25217 and tf101.g_loss[-1] == 3.92429
    assert printed_losses("smoothing") is None


def test_goodfellow_is_compared_with_the_originals_sign():
    # tf2gan logs the minimised losses; 000 printed their negatives.
    steps = [550, 1100, 1650]
    scalars = {"loss/d_loss": (steps, [0.1141, 0.1452, 0.313]),
               "loss/g_loss": (steps, [3.393, 3.577, 2.55])}
    result = compare.compare("goodfellow", scalars)
    assert [r["run_d"] for r in result.rows] == [-0.1141, -0.1452, -0.313]
    assert result.d_ratio == pytest.approx(1.0) and result.in_regime


def test_points_align_by_iterations_not_epochs():
    # A run on 5,000 digits logs every 50 iterations; epoch 0 of the
    # original (550 iterations) meets the run's 550th iteration, its epoch 10.
    steps = list(range(50, 1201, 50))
    scalars = {"loss/d_loss": (steps, [float(s) for s in steps]),
               "loss/g_loss": (steps, [1.0] * len(steps))}
    rows = compare.compare("goodfellow", scalars).rows
    assert [(r["point"], r["run_iteration"], r["run_d"]) for r in rows] == \
        [(0, 550, -550.0), (1, 1100, -1100.0)]


def test_a_run_far_from_the_original_is_not_in_its_regime():
    steps = list(np.arange(30) * 100 + 1)
    scalars = {"loss/d_loss": (steps, [5.0] * 30), "loss/g_loss": (steps, [0.1] * 30)}
    result = compare.compare("tf101", scalars)
    assert not result.in_regime
    assert "NOT in the original's regime" in compare.verdict(result)


def test_variants_whose_notebook_printed_no_losses_are_refused():
    with pytest.raises(UsageError, match="printed no losses"):
        compare.compare("dropout", {})


def _tf101_scalars(d, g):
    steps = list(np.arange(30) * 100 + 1)
    return {"loss/d_loss": (steps, [d] * 30), "loss/g_loss": (steps, [g] * 30)}


def test_the_regime_is_the_band_the_originals_own_seeds_span():
    unit = compare.compare("tf101", _tf101_scalars(1.0, 1.0))
    d0, g0 = 1 / unit.d_ratio, 1 / unit.g_ratio  # losses at the notebook's medians
    originals = [compare.compare("tf101", _tf101_scalars(d0 * f, g0 * h))
                 for f, h in ((0.3, 1.1), (0.6, 0.8))]
    band = compare.Band.of([(c.d_ratio, c.g_ratio) for c in originals])
    assert band.d == pytest.approx((0.3, 1.0)) and band.g == pytest.approx((0.8, 1.1))
    # D at 0.4 of the notebook's: outside the fixed factor of 2, inside the band.
    ours = compare.compare("tf101", _tf101_scalars(d0 * 0.4, g0 * 0.9))
    assert not ours.in_regime and ours.within(band)
    assert "in the original's regime" in compare.verdict(ours, band)
    assert "band of the notebook and 2 run(s) of the original" in compare.verdict(ours, band)
    assert not compare.compare("tf101", _tf101_scalars(d0 * 0.2, g0)).within(band)


def test_scalars_of_runs_from_before_the_tags_were_grouped_read_as_grouped(tmp_path):
    import tensorflow as tf

    old, new = tmp_path / "old", tmp_path / "new"
    for run, tags in ((old, ("d_loss", "g_loss")), (new, (compare.D_LOSS, compare.G_LOSS))):
        with tf.summary.create_file_writer(str(run)).as_default():
            tf.summary.text("config", "{}", step=0)  # not a scalar, though its shape is []
            for step in (50, 100):
                for tag in tags:
                    tf.summary.scalar(tag, step / 100, step=step)
    for run in (old, new):
        scalars = compare.read_scalars(str(run))
        assert scalars == {compare.D_LOSS: ([50, 100], [0.5, 1.0]),
                           compare.G_LOSS: ([50, 100], [0.5, 1.0])}


def test_the_plot_draws_the_originals_runs_beside_the_run():
    ours = _tf101_scalars(0.1, 5.0)
    comparison = compare.compare("tf101", ours)
    alone = compare.plot(comparison, ours, 1.0)
    beside = compare.plot(comparison, ours, 1.0, [_tf101_scalars(0.2, 6.0)] * 3)
    assert alone[:4] == beside[:4] == b"\x89PNG" and alone != beside
