"""Keras 3 versions of FlareKit's three networks (Documentation/Architectures.md) and the converter from a
Keras model to FlareKit's safetensors layout. Shared by keras_to_flarekit.py, the parity
fixture script and the Keras benchmark.

Layout notes (what the converter maps):
- Conv2D kernels: Keras HWIO [kh, kw, in, out] -> FlareKit OIHW [out, in, kh, kw].
- Dense after Flatten: Keras flattens NHWC in (H, W, C) order, FlareKit NCHW in (C, H, W)
  order, so the kernel rows are permuted: row c*H*W + h*W + w of FlareKit's kernel is row
  (h*W + w)*C + c of Keras's. Dense kernels otherwise keep Keras's [in, out] layout.
- BatchNormalization: gamma, beta, moving_mean, moving_variance -> gamma, beta, movingMean,
  movingVariance (momentum 0.99, epsilon 1e-3 as in Keras).
- LSTM: kernel [in, 4U], recurrent_kernel [U, 4U], bias [4U], gate order i, f, c, o in both.
"""
import json

import numpy as np

import keras
from keras import layers, ops

# --------------------------------------------------------------------------- builders


def cnn1(input_size=128, filters=(32, 64), kernel_size=3, dense_units=64, slope=0.3, activation=None):
    """CNN-1 as a Sequential model (Documentation/Architectures.md table 1). `activation` (a Keras layer
    factory) overrides the LeakyReLU(slope) when given."""
    make_activation = activation or (lambda: layers.LeakyReLU(negative_slope=slope))
    return keras.Sequential([
        keras.Input((input_size, input_size, 1)),
        layers.BatchNormalization(),
        layers.Conv2D(filters[0], kernel_size, padding="same"),
        make_activation(),
        layers.MaxPooling2D(2),
        layers.BatchNormalization(),
        layers.Conv2D(filters[1], kernel_size, padding="same"),
        make_activation(),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(dense_units),
        make_activation(),
        layers.Dense(1, activation="sigmoid"),
    ])


def _activation(slope):
    return layers.LeakyReLU(negative_slope=slope) if slope is not None else layers.Activation("linear")


def cnn2(input_size=256, filters=32, slope=0.3, stem_filters=(32, 64), stem_kernel_sizes=(7, 3),
         inception_kernel_sizes=(3, 5, 7), pool_size=3, activation=None):
    """CNN-2 (inception) as a functional model; slope None gives the identity variant.
    `activation` (a Keras layer factory) overrides `slope` when given."""
    make_activation = activation or (lambda: _activation(slope))
    inputs = keras.Input((input_size, input_size, 1))
    x = layers.BatchNormalization()(inputs)
    x = make_activation()(layers.Conv2D(stem_filters[0], stem_kernel_sizes[0], padding="same")(x))
    x = layers.MaxPooling2D(pool_size, strides=pool_size)(x)
    x = layers.BatchNormalization()(x)
    x = make_activation()(layers.Conv2D(stem_filters[1], stem_kernel_sizes[1], padding="same")(x))
    x = layers.MaxPooling2D(pool_size, strides=pool_size)(x)
    x = layers.BatchNormalization()(x)
    x = _inception(x, filters, make_activation, inception_kernel_sizes)
    x = layers.MaxPooling2D(pool_size, strides=pool_size)(x)
    x = layers.BatchNormalization()(x)
    x = _inception(x, filters, make_activation, inception_kernel_sizes)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def _inception(x, filters, make_activation, kernel_sizes=(3, 5, 7)):
    branches = [make_activation()(layers.Conv2D(filters, k, padding="same")(x)) for k in kernel_sizes]
    branches.append(layers.MaxPooling2D(3, strides=1, padding="same")(x))
    return layers.Concatenate()(branches)


@keras.saving.register_keras_serializable(package="FlareKit")
class FoldTime(layers.Layer):
    """[N, T, H, W, C] -> [N*T, H, W, C]: time folded into the batch."""

    def call(self, inputs):
        shape = ops.shape(inputs)
        return ops.reshape(inputs, (-1, shape[2], shape[3], shape[4]))

    def compute_output_shape(self, input_shape):
        return (None, *input_shape[2:])


@keras.saving.register_keras_serializable(package="FlareKit")
class UnfoldTime(layers.Layer):
    """[N*T, F] -> [N, T, F]."""

    def __init__(self, frames, **kwargs):
        super().__init__(**kwargs)
        self.frames = frames

    def call(self, inputs):
        return ops.reshape(inputs, (-1, self.frames, ops.shape(inputs)[-1]))

    def compute_output_shape(self, input_shape):
        return (None, self.frames, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "frames": self.frames}


def _frame_layers(dense_units, frame_dropout, l2, filters=(32, 32, 32, 32), kernel_sizes=(7, 5, 3, 3),
                  batch_norm_momentum=0.99):
    result = []
    for count, kernel in zip(filters, kernel_sizes):
        result += [
            layers.Conv2D(count, kernel, strides=2, padding="valid", kernel_regularizer=keras.regularizers.L2(l2)),
            layers.BatchNormalization(momentum=batch_norm_momentum),
            layers.ReLU(),
            layers.MaxPooling2D(2, strides=1),
        ]
    result += [layers.Flatten(), layers.Dense(dense_units, activation="relu"), layers.Dropout(frame_dropout)]
    return result


def lrcn(frames=40, frame_size=128, dense_units=64, lstm_units=50, frame_dropout=0.1, lstm_dropout=0.5,
         l2=1e-3, time_distributed=False, filters=(32, 32, 32, 32), kernel_sizes=(7, 5, 3, 3),
         batch_norm_momentum=0.99):
    """The LRCN. By default time is folded into the batch with a reshape, so that BatchNorm
    takes its training statistics over all N*T frames as FlareKit does; with
    time_distributed=True the per-frame layers are wrapped in TimeDistributed instead (the
    same network in inference mode)."""
    inputs = keras.Input((frames, frame_size, frame_size, 1))
    per_frame = _frame_layers(dense_units, frame_dropout, l2, filters, kernel_sizes, batch_norm_momentum)
    if time_distributed:
        x = inputs
        for layer in per_frame:
            x = layers.TimeDistributed(layer)(x)
    else:
        x = FoldTime()(inputs)
        for layer in per_frame:
            x = layer(x)
        x = UnfoldTime(frames)(x)
    x = layers.LSTM(lstm_units)(x)
    x = layers.Dropout(lstm_dropout)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


# --------------------------------------------------------------------------- converter


class ConversionError(Exception):
    """The Keras model does not match the requested architecture."""


def _leaves(layer):
    """Every non-container layer below `layer`, in order; TimeDistributed is unwrapped."""
    if isinstance(layer, layers.TimeDistributed):
        yield from _leaves(layer.layer)
    elif hasattr(layer, "layers") and isinstance(layer, keras.Model):
        for child in layer.layers:
            yield from _leaves(child)
    else:
        yield layer


def _of(leaves, cls):
    return [layer for layer in leaves if isinstance(layer, cls) and not isinstance(layer, keras.Model)]


def _expect(found, count, what, arch):
    if len(found) != count:
        raise ConversionError(f"the model does not match {arch}: expected {count} {what} layers, found {len(found)}")


def _conv(layer):
    kernel, *rest = layer.get_weights()
    tensors = {"kernel": np.transpose(kernel, (3, 2, 0, 1))}
    if rest:
        tensors["bias"] = rest[0]
    return tensors


def _bn(layer):
    if not (layer.scale and layer.center):
        raise ConversionError(f"BatchNormalization '{layer.name}' needs both center and scale")
    if abs(layer.epsilon - 1e-3) > 1e-9:
        raise ConversionError(f"BatchNormalization '{layer.name}' has epsilon {layer.epsilon}; FlareKit uses 1e-3")
    gamma, beta, mean, variance = layer.get_weights()
    return {"gamma": gamma, "beta": beta, "movingMean": mean, "movingVariance": variance}


def _dense(layer, flatten_hwc=None):
    kernel, bias = layer.get_weights()
    if flatten_hwc is not None:
        h, w, c = flatten_hwc
        if kernel.shape[0] != h * w * c:
            raise ConversionError(f"Dense '{layer.name}' has {kernel.shape[0]} inputs, expected {h}x{w}x{c}")
        # FlareKit row (c, h, w) takes Keras row (h, w, c).
        order = np.arange(h * w * c).reshape(h, w, c).transpose(2, 0, 1).reshape(-1)
        kernel = kernel[order]
    return {"kernel": kernel, "bias": bias}


def _slope(leaves, convs):
    """The activation after the convolutions: LeakyReLU layers (their slope), else the
    convolutions' own activation (Keras's activation="leaky_relu" has slope 0.2)."""
    leaky = _of(leaves, layers.LeakyReLU)
    if leaky:
        slopes = {round(float(layer.negative_slope), 7) for layer in leaky}
        if len(slopes) != 1:
            raise ConversionError(f"the LeakyReLU layers have different slopes {sorted(slopes)}")
        return {"name": "leaky_relu", "slope": slopes.pop()}
    names = {getattr(conv.activation, "__name__", str(conv.activation)) for conv in convs}
    if names == {"leaky_relu"}:
        return {"name": "leaky_relu", "slope": 0.2}
    if names == {"relu"} or _of(leaves, layers.ReLU):
        return {"name": "relu"}
    if names == {"linear"}:
        return {"name": "identity"}
    raise ConversionError(f"unsupported convolution activations {sorted(names)}")


def _flatten_input_shape(model, flatten_layer):
    shape = flatten_layer.input.shape if hasattr(flatten_layer, "input") else None
    if shape is None:
        raise ConversionError("cannot determine the shape entering Flatten")
    return tuple(int(d) for d in shape[-3:])


def convert(model, arch, preprocessing=None):
    """Returns (tensors, metadata) for FlareKit from a Keras model of architecture `arch`."""
    leaves = list(_leaves(model))
    convs, bns = _of(leaves, layers.Conv2D), _of(leaves, layers.BatchNormalization)
    denses, lstms = _of(leaves, layers.Dense), _of(leaves, layers.LSTM)
    tensors, config = {}, {"architecture": arch}

    def put(prefix, values):
        for name, value in values.items():
            tensors[f"{prefix}.{name}"] = np.ascontiguousarray(value, dtype=np.float32)

    input_shape = model.input_shape
    if arch == "cnn1":
        _expect(convs, 2, "Conv2D", arch); _expect(bns, 2, "BatchNormalization", arch); _expect(denses, 2, "Dense", arch)
        flatten = _of(leaves, layers.Flatten)
        _expect(flatten, 1, "Flatten", arch)
        hwc = _flatten_input_shape(model, flatten[0])
        put("bn1", _bn(bns[0])); put("conv1", _conv(convs[0]))
        put("bn2", _bn(bns[1])); put("conv2", _conv(convs[1]))
        put("dense1", _dense(denses[0], hwc)); put("dense2", _dense(denses[1]))
        config.update(input_size=int(input_shape[1]), filters=[int(c.filters) for c in convs],
                      kernel_size=int(convs[0].kernel_size[0]), dense_units=int(denses[0].units),
                      activation=_slope(leaves, convs))
    elif arch == "cnn2":
        _expect(convs, 8, "Conv2D", arch); _expect(bns, 4, "BatchNormalization", arch); _expect(denses, 1, "Dense", arch)
        for i, bn in enumerate(bns):
            put(f"bn{i + 1}", _bn(bn))
        put("conv1", _conv(convs[0])); put("conv2", _conv(convs[1]))
        for module, group in (("inception1", convs[2:5]), ("inception2", convs[5:8])):
            sizes = sorted(int(c.kernel_size[0]) for c in group)
            for conv in group:
                k = int(conv.kernel_size[0])
                put(f"{module}.branch{k}x{k}", _conv(conv))
            if len(set(sizes)) != 3:
                raise ConversionError(f"{module} needs three branch kernel sizes, found {sizes}")
        _check_concatenation_order(leaves)
        put("dense", _dense(denses[0]))
        config.update(input_size=int(input_shape[1]), stem_filters=[int(convs[0].filters), int(convs[1].filters)],
                      stem_kernel_sizes=[int(convs[0].kernel_size[0]), int(convs[1].kernel_size[0])],
                      inception_filters=int(convs[2].filters),
                      inception_kernel_sizes=sorted(int(c.kernel_size[0]) for c in convs[2:5]),
                      pool_size=int(_of(leaves, layers.MaxPooling2D)[0].pool_size[0]),
                      activation=_slope(leaves, convs))
    elif arch == "lrcn":
        _expect(convs, 4, "Conv2D", arch); _expect(bns, 4, "BatchNormalization", arch)
        _expect(denses, 2, "Dense", arch); _expect(lstms, 1, "LSTM", arch)
        flatten = _of(leaves, layers.Flatten)
        _expect(flatten, 1, "Flatten", arch)
        frame_size = int(input_shape[2])
        for i in range(4):
            put(f"frames.conv{i + 1}", _conv(convs[i])); put(f"frames.bn{i + 1}", _bn(bns[i]))
        flat = int(denses[0].get_weights()[0].shape[0])
        channels = int(convs[3].filters)
        side = int(round((flat / channels) ** 0.5))
        put("frames.dense", _dense(denses[0], (side, side, channels)))
        kernel, recurrent, bias = lstms[0].get_weights()
        put("lstm", {"kernel": kernel, "recurrentKernel": recurrent, "bias": bias})
        put("dense", _dense(denses[1]))
        dropouts = _of(leaves, layers.Dropout)
        _expect(dropouts, 2, "Dropout", arch)
        l2 = [getattr(c.kernel_regularizer, "l2", 0.0) if c.kernel_regularizer is not None else 0.0 for c in convs]
        config.update(frames=int(input_shape[1]), frame_size=frame_size, filters=[int(c.filters) for c in convs],
                      kernel_sizes=[int(c.kernel_size[0]) for c in convs], dense_units=int(denses[0].units),
                      frame_dropout=float(dropouts[0].rate), lstm_units=int(lstms[0].units),
                      lstm_dropout=float(dropouts[1].rate), convolution_l2=float(l2[0]))
    else:
        raise ConversionError(f"unknown architecture '{arch}' (expected cnn1, cnn2 or lrcn)")
    description = {"architecture": config, "preprocessing": preprocessing or {"nan_fill": 0.0, "scale": 1.0}}
    metadata = {"flarekit.model": json.dumps(description, sort_keys=True), "architecture": arch,
                "source": "keras_to_flarekit.py"}
    return tensors, metadata


def _check_concatenation_order(leaves):
    """FlareKit concatenates inception branches as 3x3, 5x5, 7x7, pool."""
    for concat in _of(leaves, layers.Concatenate):
        node = concat._inbound_nodes[0]
        order = []
        for tensor in node.input_tensors:
            producer = tensor._keras_history.operation
            if isinstance(producer, (layers.LeakyReLU, layers.Activation, layers.ReLU)):
                producer = producer._inbound_nodes[0].input_tensors[0]._keras_history.operation
            if isinstance(producer, layers.Conv2D):
                order.append(int(producer.kernel_size[0]))
            elif isinstance(producer, layers.MaxPooling2D):
                order.append("pool")
            else:
                order.append(type(producer).__name__)
        if order != [3, 5, 7, "pool"]:
            raise ConversionError(f"inception branches are concatenated as {order}; FlareKit needs [3, 5, 7, 'pool']")


def save_flarekit(tensors, metadata, path):
    """Writes the safetensors file atomically (temporary file, then rename)."""
    import os
    import pathlib

    from safetensors.numpy import save_file
    path = pathlib.Path(path)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        save_file(tensors, str(temporary), metadata=metadata)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
