"""Inputs a user can hand tf2gan that it must refuse in one line (a UsageError,
which the command line prints as `tf2gan: error: ...` and exit 2)."""

import numpy as np
import pytest
from helpers import write_split

from tf2gan.base.errors import UsageError
from tf2gan.data import input_pipeline
from tf2gan.run import distribute


@pytest.mark.parametrize("tf_config,reason", [
    ("{not json", "cannot be read as a cluster and a task"),
    ("[1, 2]", "cannot be read as a cluster and a task"),
    ('{"cluster": {"worker": ["a:1"]}}', "cannot be read as a cluster and a task"),
    ('{"cluster": {"worker": 5}, "task": {"type": "worker", "index": 0}}',
     "cannot be read as a cluster and a task"),
    ('{"cluster": {"worker": "a:1"}, "task": {"type": "worker", "index": 0}}',
     "its workers are 'a:1', not a list of host:port"),
    ('{"cluster": {"worker": ["a:1"]}, "task": "worker"}', "cannot be read as a cluster"),
    ('{"cluster": {"worker": ["a:1"]}, "task": {"type": "worker", "index": "one"}}',
     "cannot be read as a cluster"),
    ('{"cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "worker", "index": 2}}',
     "is not one of its 2 workers"),
    ('{"cluster": {"worker": ["a:1"]}, "task": {"type": "chief", "index": 0}}',
     "is not one of its 1 workers"),
])
def test_a_tf_config_of_the_wrong_shape_is_refused(monkeypatch, tf_config, reason):
    monkeypatch.setenv("TF_CONFIG", tf_config)
    with pytest.raises(UsageError, match=reason):
        distribute._check_tf_config()


@pytest.mark.parametrize("images,labels,reason", [
    (np.zeros((4, 32, 32)), np.zeros(4), "the train images are 32x32; tf2gan's variants need "
                                         "28x28 images"),
    (np.zeros((4, 784, 1)), np.zeros(4), "the train images are 784x1"),
    (np.zeros((4, 28, 28)), np.array([0, 3, 9, 12]), "the train labels reach 12; MNIST's are 0-9"),
])
def test_idx_files_that_are_well_formed_but_not_mnist_shaped_are_refused(tmp_path, images,
                                                                          labels, reason):
    write_split(tmp_path, images.astype(np.uint8), labels.astype(np.uint8))
    with pytest.raises(UsageError, match=reason):
        input_pipeline.load_examples("mnist_idx", str(tmp_path))


def test_a_study_directory_that_cannot_be_made_is_refused(tmp_path):
    from tf2gan.studies import fidelity

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    study = fidelity.Study("tf101", "mnist_sample", None, 100, None, 200)
    with pytest.raises(UsageError, match=f"cannot write to the study directory {blocker}/study"):
        fidelity._check_study(str(blocker / "study"), study)
