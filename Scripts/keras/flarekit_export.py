"""FlareKit weight files to Keras 3 models: the inverse of `flarekit_keras.convert`.

A FlareKit weight file (safetensors) carries its model description in the `flarekit.model`
metadata key (architecture and sizes, input preprocessing). `export` builds the same network
with the Keras builders of `flarekit_keras` and sets every weight, inverting the layout
mapping documented in Documentation/KerasInterop.md:
- Conv2D kernels: FlareKit OIHW [out, in, kh, kw] -> Keras HWIO [kh, kw, in, out].
- Dense after Flatten: FlareKit's rows are in (C, H, W) order, Keras's in (H, W, C) order.
- BatchNormalization and LSTM tensors keep their shapes.
The Keras model takes what `flarekit predict --input` takes (the network input, after the
preprocessing), in Keras's channels-last layout: [N, H, W, 1], or [N, T, H, W, 1] for the LRCN.
"""
import json

import numpy as np

import keras
from keras import layers

import flarekit_keras as fk


class ExportError(Exception):
    """The weight file cannot be exported (no description, unknown sizes, missing tensors)."""


def read_flarekit(path):
    """Returns (tensors, description) of a FlareKit weight file; description is the parsed
    `flarekit.model` JSON ({"architecture": {...}, "preprocessing": {...}, ...})."""
    from safetensors import safe_open

    try:
        with safe_open(str(path), framework="numpy") as handle:
            metadata = handle.metadata() or {}
            tensors = {name: handle.get_tensor(name) for name in handle.keys()}
    except Exception as error:  # noqa: BLE001 - one line naming the file
        raise ExportError(f"{path}: not a readable safetensors file ({error})") from error
    if "flarekit.model" not in metadata:
        raise ExportError(f"{path}: no 'flarekit.model' metadata (not a FlareKit model file)")
    try:
        description = json.loads(metadata["flarekit.model"])
    except json.JSONDecodeError as error:
        raise ExportError(f"{path}: 'flarekit.model' metadata is not JSON ({error})") from error
    if not isinstance(description, dict) or not isinstance(description.get("architecture"), dict):
        raise ExportError(f"{path}: 'flarekit.model' has no 'architecture' object")
    return tensors, description


def _activation_factory(activation):
    name = (activation or {}).get("name", "leaky_relu")
    if name in ("leaky_relu", "leakyrelu", "leaky"):
        slope = float(activation.get("slope", 0.3))
        return lambda: layers.LeakyReLU(negative_slope=slope)
    if name == "relu":
        return layers.ReLU
    if name in ("identity", "linear"):
        return lambda: layers.Activation("linear")
    raise ExportError(f"unknown activation {activation!r}")


def build(architecture):
    """The Keras network described by a FlareKit `architecture` object (weights untrained)."""
    arch = architecture.get("architecture")
    if arch == "cnn1":
        return fk.cnn1(input_size=architecture.get("input_size", 128), filters=architecture.get("filters", [32, 64]),
                       kernel_size=architecture.get("kernel_size", 3), dense_units=architecture.get("dense_units", 64),
                       activation=_activation_factory(architecture.get("activation", {"name": "leaky_relu", "slope": 0.3})))
    if arch == "cnn2":
        return fk.cnn2(input_size=architecture.get("input_size", 256), filters=architecture.get("inception_filters", 32),
                       stem_filters=architecture.get("stem_filters", [32, 64]),
                       stem_kernel_sizes=architecture.get("stem_kernel_sizes", [7, 3]),
                       inception_kernel_sizes=architecture.get("inception_kernel_sizes", [3, 5, 7]),
                       pool_size=architecture.get("pool_size", 3),
                       activation=_activation_factory(architecture.get("activation", {"name": "leaky_relu", "slope": 0.3})))
    if arch == "lrcn":
        momentum = architecture.get("batch_norm_momentum")
        return fk.lrcn(frames=architecture.get("frames", 40), frame_size=architecture.get("frame_size", 128),
                       dense_units=architecture.get("dense_units", 64), lstm_units=architecture.get("lstm_units", 50),
                       frame_dropout=architecture.get("frame_dropout", 0.1),
                       lstm_dropout=architecture.get("lstm_dropout", 0.5),
                       l2=architecture.get("convolution_l2", 1e-3),
                       filters=architecture.get("filters", [32, 32, 32, 32]),
                       kernel_sizes=architecture.get("kernel_sizes", [7, 5, 3, 3]),
                       batch_norm_momentum=0.99 if momentum is None else float(momentum))
    raise ExportError(f"unknown architecture {arch!r} (expected cnn1, cnn2 or lrcn)")


def _take(tensors, used, name, shape=None):
    if name not in tensors:
        raise ExportError(f"the weight file has no tensor '{name}'")
    used.add(name)
    value = np.asarray(tensors[name], dtype=np.float32)
    if shape is not None and tuple(value.shape) != tuple(shape):
        raise ExportError(f"tensor '{name}' has shape {list(value.shape)}, the network needs {list(shape)}")
    return value


def _set_conv(layer, tensors, used, prefix):
    kernel_shape = tuple(layer.kernel.shape)  # HWIO
    oihw = (kernel_shape[3], kernel_shape[2], kernel_shape[0], kernel_shape[1])
    weights = [np.transpose(_take(tensors, used, f"{prefix}.kernel", oihw), (2, 3, 1, 0))]
    if layer.use_bias:
        weights.append(_take(tensors, used, f"{prefix}.bias", (kernel_shape[3],)))
    layer.set_weights(weights)


def _set_bn(layer, tensors, used, prefix):
    n = layer.gamma.shape[0]
    layer.set_weights([_take(tensors, used, f"{prefix}.{key}", (n,))
                       for key in ("gamma", "beta", "movingMean", "movingVariance")])


def _set_dense(layer, tensors, used, prefix, flatten_hwc=None):
    rows, units = tuple(layer.kernel.shape)
    kernel = _take(tensors, used, f"{prefix}.kernel", (rows, units))
    if flatten_hwc is not None:
        h, w, c = flatten_hwc
        # FlareKit row (c, h, w) holds Keras row (h, w, c): put each back in its place.
        order = np.arange(h * w * c).reshape(h, w, c).transpose(2, 0, 1).reshape(-1)
        keras_kernel = np.empty_like(kernel)
        keras_kernel[order] = kernel
        kernel = keras_kernel
    layer.set_weights([kernel, _take(tensors, used, f"{prefix}.bias", (units,))])


def export(tensors, description):
    """The Keras model of a FlareKit model: `build`, then every tensor set in Keras's layout.
    Every tensor of the file must be used (a file with extra tensors is not this network)."""
    architecture = description["architecture"]
    model = build(architecture)
    leaves = list(fk._leaves(model))
    convs, bns = fk._of(leaves, layers.Conv2D), fk._of(leaves, layers.BatchNormalization)
    denses, lstms = fk._of(leaves, layers.Dense), fk._of(leaves, layers.LSTM)
    used = set()
    arch = architecture["architecture"]
    if arch == "cnn1":
        for i in range(2):
            _set_bn(bns[i], tensors, used, f"bn{i + 1}")
            _set_conv(convs[i], tensors, used, f"conv{i + 1}")
        flatten = fk._of(leaves, layers.Flatten)[0]
        _set_dense(denses[0], tensors, used, "dense1", fk._flatten_input_shape(model, flatten))
        _set_dense(denses[1], tensors, used, "dense2")
    elif arch == "cnn2":
        for i, bn in enumerate(bns):
            _set_bn(bn, tensors, used, f"bn{i + 1}")
        _set_conv(convs[0], tensors, used, "conv1")
        _set_conv(convs[1], tensors, used, "conv2")
        for module, group in (("inception1", convs[2:5]), ("inception2", convs[5:8])):
            for conv in group:
                k = int(conv.kernel_size[0])
                _set_conv(conv, tensors, used, f"{module}.branch{k}x{k}")
        _set_dense(denses[0], tensors, used, "dense")
    else:
        for i in range(4):
            _set_conv(convs[i], tensors, used, f"frames.conv{i + 1}")
            _set_bn(bns[i], tensors, used, f"frames.bn{i + 1}")
        flatten = fk._of(leaves, layers.Flatten)[0]
        _set_dense(denses[0], tensors, used, "frames.dense", fk._flatten_input_shape(model, flatten))
        lstm = lstms[0]
        kernel_shape, recurrent_shape, bias_shape = (tuple(w.shape) for w in lstm.weights)
        lstm.set_weights([_take(tensors, used, "lstm.kernel", kernel_shape),
                          _take(tensors, used, "lstm.recurrentKernel", recurrent_shape),
                          _take(tensors, used, "lstm.bias", bias_shape)])
        _set_dense(denses[1], tensors, used, "dense")
    extra = sorted(set(tensors) - used)
    if extra:
        raise ExportError(f"the weight file has tensors this {arch} network does not use: {', '.join(extra[:5])}")
    return model


def check_round_trip(model, tensors, arch):
    """Converts the exported model back with `flarekit_keras.convert` and returns the largest
    absolute difference from the original tensors (0 when the layouts invert exactly)."""
    back, _ = fk.convert(model, arch)
    if set(back) != set(tensors):
        raise ExportError(f"round trip changed the tensor names: {sorted(set(back) ^ set(tensors))[:5]}")
    return max(float(np.max(np.abs(back[name] - np.asarray(tensors[name], dtype=np.float32)))) for name in tensors)
