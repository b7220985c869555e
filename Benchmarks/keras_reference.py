#!/usr/bin/env python3
"""Keras/TensorFlow reference for flarekit-bench: the same four configurations (CNN-1 at 128,
CNN-2 at 128 and 256 with batch 64, the LRCN at 40x1x128x128 with batch 8), training steps
(forward, loss, backward, Adam) and inference, median samples/s over timed steps after
warm-up, on the same number of threads.

    ~/venv/bin/python Benchmarks/keras_reference.py [--threads 2] [--output Benchmarks/keras_reference.jsonl]

Prints one JSON line per configuration with the keys of `flarekit-bench --json` (net, mode,
batch, samples_per_s, gflops, peak_rss_mib) and writes them to --output, where flarekit-bench
finds them for its FlareKit/Keras column. Needs tensorflow-cpu (Keras 3).
"""
import argparse
import json
import os
import pathlib
import resource
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "Scripts" / "keras"))


def multiply_adds(model, batch):
    """2 x this = FLOPs of one forward pass: conv, dense and LSTM matrix products, as FlareKit counts."""
    import keras
    import flarekit_keras as fk
    total = 0
    for layer in fk._leaves(model):
        if isinstance(layer, keras.layers.Conv2D):
            out = layer.output.shape
            kh, kw = layer.kernel_size
            frames = model.input_shape[1] if len(model.input_shape) == 5 else 1
            total += frames * out[1] * out[2] * out[3] * kh * kw * layer.kernel.shape[2]
        elif isinstance(layer, keras.layers.Dense):
            frames = model.input_shape[1] if (len(model.input_shape) == 5 and layer.units == 64) else 1
            total += frames * layer.kernel.shape[0] * layer.kernel.shape[1]
        elif isinstance(layer, keras.layers.LSTM):
            units, features = layer.units, layer.cell.kernel.shape[0]
            total += model.input_shape[1] * 4 * units * (features + units)
    return total * batch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--net", default=None, help="one of cnn1_128, cnn2_128, cnn2_256, lrcn (default: all)")
    parser.add_argument("--output", default=str(pathlib.Path(__file__).resolve().parent / "keras_reference.jsonl"))
    args = parser.parse_args()

    import numpy as np
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    import keras
    import flarekit_keras as fk

    def weighted_bce(y, p):
        p = tf.clip_by_value(p, 1e-7, 1 - 1e-7)
        return -tf.reduce_mean(4.5 * y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p))

    def sol_tss(y, p):
        tp, fn = tf.reduce_sum(y * p), tf.reduce_sum(y * (1 - p))
        fp, tn = tf.reduce_sum((1 - y) * p), tf.reduce_sum((1 - y) * (1 - p))
        return 1 - (tf.math.divide_no_nan(tp, tp + fn) + tf.math.divide_no_nan(tn, tn + fp) - 1)

    configurations = {
        "cnn1_128": (lambda: fk.cnn1(input_size=128), (64, 128, 128, 1), weighted_bce),
        "cnn2_128": (lambda: fk.cnn2(input_size=128), (64, 128, 128, 1), weighted_bce),
        "cnn2_256": (lambda: fk.cnn2(input_size=256), (64, 256, 256, 1), weighted_bce),
        "lrcn": (lambda: fk.lrcn(frames=40, frame_size=128), (8, 40, 128, 128, 1), sol_tss),
    }
    names = [args.net] if args.net else list(configurations)
    results = []
    for name in names:
        build, shape, loss_fn = configurations[name]
        model = build()
        optimizer = keras.optimizers.Adam()
        rng = np.random.default_rng(1)
        x = tf.constant(rng.normal(size=shape).astype(np.float32))
        y = tf.constant((np.arange(shape[0]) % 3 == 0).astype(np.float32).reshape(-1, 1))

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True)) + tf.add_n(model.losses or [tf.constant(0.0)])
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(gradients, model.trainable_variables))
            return loss

        @tf.function
        def infer_step(x):
            return model(x, training=False)

        macs = multiply_adds(model, shape[0])
        for mode, step, factor in (("train", lambda: train_step(x, y), 3), ("infer", lambda: infer_step(x), 1)):
            seconds = []
            for index in range(args.warmup + args.steps):
                start = time.perf_counter()
                result = step()
                _ = result.numpy()
                elapsed = time.perf_counter() - start
                if index >= args.warmup:
                    seconds.append(elapsed)
            median = statistics.median(seconds)
            record = {
                "net": name, "mode": mode, "batch": shape[0], "samples_per_s": shape[0] / median,
                "gflops": 2 * macs * factor / median / 1e9,
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "framework": f"keras {keras.__version__} / tensorflow {tf.__version__}", "threads": args.threads,
            }
            print(json.dumps(record), flush=True)
            results.append(record)
    if not args.net:
        pathlib.Path(args.output).write_text("".join(json.dumps(r) + "\n" for r in results))


if __name__ == "__main__":
    main()
