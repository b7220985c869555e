#!/usr/bin/env python3
"""End-to-end check of the Keras path: build each network in Keras (several coding styles),
save it as .keras, convert it with Scripts/keras_to_flarekit.py, run `flarekit predict` on a
batch, and compare with Keras's own inference outputs.

    swift build -c release --product flarekit
    ~/venv/bin/python Scripts/check_keras_roundtrip.py [--flarekit .build/release/flarekit]

Needs tensorflow-cpu and safetensors in the virtualenv. Exits non-zero on any mismatch.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Scripts" / "keras"))

import numpy as np  # noqa: E402

import keras  # noqa: E402
from keras import layers  # noqa: E402
import flarekit_keras as fk  # noqa: E402


def cnn1_functional_string_activation(size):
    """CNN-1 written functionally with activation="leaky_relu" (slope 0.2) and odd names."""
    inputs = keras.Input((size, size, 1), name="magnetogram")
    x = layers.BatchNormalization(name="norm_in")(inputs)
    x = layers.Conv2D(32, 3, padding="same", activation="leaky_relu", name="first")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.BatchNormalization(name="norm_mid")(x)
    x = layers.Conv2D(64, 3, padding="same", activation="leaky_relu", name="second")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(64, activation="leaky_relu", name="hidden")(x)
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid", name="prob")(x))


def randomize(model, rng):
    for layer in fk._leaves(model):
        if isinstance(layer, layers.BatchNormalization):
            n = layer.gamma.shape[0]
            layer.set_weights([rng.uniform(0.5, 1.5, n), rng.uniform(-0.3, 0.3, n),
                               rng.normal(0, 0.3, n), rng.uniform(0.5, 2.0, n)])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flarekit", default=str(ROOT / ".build" / "release" / "flarekit"))
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    keras.utils.set_random_seed(7)
    cases = [
        ("cnn1 sequential", "cnn1", fk.cnn1(input_size=64), (3, 64, 64, 1), []),
        ("cnn1 functional leaky_relu string", "cnn1", cnn1_functional_string_activation(48), (2, 48, 48, 1), []),
        ("cnn2 at 128", "cnn2", fk.cnn2(input_size=128), (2, 128, 128, 1), ["--input-size", "128"]),
        ("cnn2 identity at 128", "cnn2", fk.cnn2(input_size=128, slope=None), (2, 128, 128, 1), []),
        ("lrcn reshape-folded", "lrcn", fk.lrcn(frames=4, frame_size=128), (2, 4, 128, 128, 1), ["--frames", "4"]),
        ("lrcn TimeDistributed", "lrcn", fk.lrcn(frames=5, frame_size=96, time_distributed=True), (2, 5, 96, 96, 1), []),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        for label, arch, model, shape, flags in cases:
            randomize(model, rng)
            x = rng.normal(0, 1, shape).astype(np.float32)
            expected = model(x, training=False).numpy().reshape(-1)
            keras_file, weights = folder / "model.keras", folder / "weights.safetensors"
            model.save(keras_file)
            subprocess.run([sys.executable, str(ROOT / "Scripts" / "keras_to_flarekit.py"), "--arch", arch,
                            str(keras_file), str(weights)], check=True, capture_output=True)
            layout = (0, 3, 1, 2) if x.ndim == 4 else (0, 1, 4, 2, 3)
            np.save(folder / "x.npy", np.ascontiguousarray(np.transpose(x, layout)))
            subprocess.run([args.flarekit, "predict", "--arch", arch, *flags, "--weights", str(weights),
                            "--input", str(folder / "x.npy"), "--output", str(folder / "y.npy")], check=True)
            actual = np.load(folder / "y.npy")
            difference = float(np.max(np.abs(actual - expected)))
            verdict = "ok" if difference <= 1e-4 else "MISMATCH"
            failures += verdict != "ok"
            print(f"{label:36s} max |FlareKit - Keras| = {difference:.2e}  {verdict}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
