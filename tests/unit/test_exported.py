"""What an export says of its prior: the kind, the dimension, and only the
parameters that kind has (a normal prior has no bounds to record)."""

from tf2gan import variants
from tf2gan.artifacts import exported
from tf2gan.core.gan import make_gan
from tf2gan.core.noise import prior_parameters


def _exported(name):
    variant = variants.get(name)
    return variant, exported.ExportedGenerator(variant, make_gan(variant).generator)


def test_a_normal_prior_records_no_bounds():
    variant, module = _exported("dcgan")
    assert variant.noise.kind == "normal"
    assert not hasattr(module, "prior_low") and not hasattr(module, "prior_high")
    assert exported._manifest(variant, "run", 0, False)["prior"] == {
        "kind": "normal", "dim": variant.noise.dim}


def test_a_uniform_prior_records_its_bounds():
    variant, module = _exported("tf101")
    assert prior_parameters(variant.noise) == {"low": -1.0, "high": 1.0}
    assert (float(module.prior_low.numpy()), float(module.prior_high.numpy())) == (-1.0, 1.0)
    assert exported._manifest(variant, "run", 0, False)["prior"] == {
        "kind": "uniform", "dim": 128, "low": -1.0, "high": 1.0}


def test_samples_have_one_name_in_a_samples_file_and_in_an_export():
    for name in variants.names():
        variant = variants.get(name)
        output = exported._manifest(variant, "run", 0, False)["output"]
        assert output == exported.sampling.samples_key(variant.data)
    assert exported.sampling.samples_key("gaussian") == "values"
