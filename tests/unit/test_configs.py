"""Each variant logs, draws and saves at its source's cadence; every name a variant gives
is a registry key, and every original it names is one."""

from tf2gan.variants import VARIANTS


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


def test_dcgan_draws_after_every_epoch_and_checkpoints_after_every_15th():
    # The tutorial's train(): generate_and_save_images each epoch, and
    # checkpoint.save when (epoch + 1) % 15 == 0; 235 batches an epoch.
    v = VARIANTS["dcgan"]
    assert _due(v.picture_cadence, 235, 235 * 50) == [235 * e - 1 for e in range(1, 51)]
    assert _due(v.checkpoint_cadence, 235, 235 * 50) == [235 * 15 - 1, 235 * 30 - 1,
                                                         235 * 45 - 1]


def test_paper2014_checkpoints_after_every_epoch_and_draws_every_10th():
    v = VARIANTS["paper2014"]
    assert _due(v.checkpoint_cadence, 500, 500 * 3) == [499, 999, 1499]
    drawn = [(s + 1) // 500 - 1 for s in _due(v.picture_cadence, 500, 500 * 30)]
    assert drawn == [0, 9, 19, 29]


def test_labels_name_pictures_in_the_cadence_units():
    assert VARIANTS["goodfellow"].picture_cadence.label(1099, 550) == "epoch_001"
    assert VARIANTS["dropout"].picture_cadence.label(700, 600) == "epoch_001_batch_0100"
    assert VARIANTS["tf101"].picture_cadence.label(2000, 214) == "step_002000"


def test_positions_are_printed_in_the_tutorials_units():
    assert VARIANTS["goodfellow"].log_cadence.describe(1099, 550) == "epoch 1"
    assert VARIANTS["tf101"].log_cadence.describe(3000, 214) == "step 3000"
    assert VARIANTS["dropout"].log_cadence.describe(700, 600) == "epoch 1 batch 100"


def test_every_original_a_variant_names_is_an_original_and_printed_losses_are_variants():
    from tf2gan.originals import original_class, printed
    from tf2gan.originals.base import Original

    for variant in VARIANTS.values():
        if variant.original is not None:
            assert issubclass(original_class(variant), Original), variant.name
    assert set(printed.PRINTED) <= set(VARIANTS)


def test_every_name_a_variant_gives_is_a_registry_key():
    from tf2gan.core import gan, losses, models, noise, optimizers
    from tf2gan.data import kinds, scaling
    from tf2gan.run import pictures

    for variant in VARIANTS.values():
        for net in (variant.generator, variant.discriminator):
            assert net.structure in models.STRUCTURES
            for spec in net.layers:
                assert spec.kind in models.LAYERS
                for init in (net.kernel_init, net.bias_init, getattr(spec, "kernel_init", None),
                             getattr(spec, "bias_init", None)):
                    assert init is None or init.kind in models.INITIALISERS
        assert variant.loss.kind in losses.LOSSES
        assert variant.noise.kind in noise.PRIORS
        assert variant.data_scale in scaling.SCALES
        assert variant.picture in pictures.PICTURES
        assert variant.schedule.update in gan.UPDATES
        assert type(variant.optimizer) in optimizers.OPTIMIZERS
        assert variant.data in kinds.KINDS


def test_every_dataset_of_every_kind_of_data_has_a_loader():
    from tf2gan.data import datasets, input_pipeline

    assert set(input_pipeline.LOADERS) == set(datasets.DATASETS)


def test_no_code_outside_the_configurations_compares_with_a_variants_name_or_data_kind():
    # Behaviour follows a variant's fields and its kind of data's, never their
    # names: registries may be keyed by name, but nothing tests
    # `name == "dropout"`, `in ("tf101", ...)` or `data == "gaussian"`.
    import ast
    import pathlib

    import tf2gan
    from tf2gan.data import kinds

    package = pathlib.Path(tf2gan.__file__).parent
    names = set(VARIANTS) | set(kinds.KINDS)
    found = []
    for path in package.rglob("*.py"):
        if path.parent.name == "variants":  # where the names are given
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Compare):
                for operand in [node.left, *node.comparators]:
                    values = operand.elts if isinstance(operand, (ast.Tuple, ast.List, ast.Set)) \
                        else [operand]
                    found += [f"{path.name}:{node.lineno}" for value in values
                              if isinstance(value, ast.Constant) and value.value in names]
    assert not found
